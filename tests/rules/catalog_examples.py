"""Per rule of the cross-table, completeness and plausibility families: a disclosure where it
fires and one where it stays silent, built from the consistent examples (tests/rules/examples.py
for 决算, tests/rules/budget_examples.py for 预算).

`NOT_EVALUABLE` lists the rules that cannot be evaluated yet, with a document on which each must
report “not evaluated” and the reason.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure, Row, Table
from tests.rules import budget_examples as b
from tests.rules import carryover_examples
from tests.rules.builders import amount as cell_amount
from tests.rules.builders import disclosure, row, set_text, table
from tests.rules.examples import (
    PARAGRAPHS,
    code_table,
    edited,
    full,
    named_tasks,
    p_whole,
    paragraphs,
    t06,
    t07,
    t10,
    with_forms,
    with_table,
)

Example = Callable[[], Disclosure]


def _with_rows(t: Table, *rows: Row, before: str | None = None) -> Table:
    """The table with rows added (before the row with key `before`, else at the end)."""
    if before is None:
        t.rows.extend(rows)
    else:
        i = next(i for i, r in enumerate(t.rows) if r.key == before)
        t.rows[i:i] = list(rows)
    return t


def _said(*texts: str, drop: tuple[str, ...] = (), base: Example = full) -> Disclosure:
    """A document whose narrative is PARAGRAPHS without the paragraphs containing `drop`, plus `texts`."""
    d = base()
    kept = [p for p in PARAGRAPHS if not any(x in p for x in drop)]
    d.paragraphs = paragraphs(*kept, *texts)
    return d


def _budget_edited(*edits: tuple[str, str, str, str]) -> Disclosure:
    d = b.budget()
    for tid, key, column, text in edits:
        set_text(d, tid, key, column, text)
    return d


def _class_moved() -> Disclosure:
    # 卫生健康支出 printed on the row of 住房保障支出 and vice versa: every sum of 01表 still holds
    return edited(("01", "住房保障支出", "决算数", "176.99"), ("01", "卫生健康支出", "决算数", "8.44"))


def _no_carry() -> Disclosure:
    """The example without any carry-over: 02表 = 03表 per 科目."""
    d = full()
    d.tables["02"] = code_table("02")
    for tid, key, column, text in (
        ("02", "合计", "本年收入合计", "201.56"),
        ("02", "合计", "财政拨款收入", "201.56"),
        ("02", "210 卫生健康支出", "本年收入合计", "176.99"),
        ("02", "210 卫生健康支出", "财政拨款收入", "176.99"),
        ("02", "21015 医疗保障管理事务", "本年收入合计", "173.39"),
        ("02", "21015 医疗保障管理事务", "财政拨款收入", "173.39"),
        ("02", "2101599 其他医疗保障管理事务支出", "本年收入合计", "43.58"),
        ("02", "2101599 其他医疗保障管理事务支出", "财政拨款收入", "43.58"),
        ("01", "一般公共预算财政拨款收入", "决算数", "201.56"),
        ("01", "本年收入合计", "决算数", "201.56"),
        ("01", "年初结转和结余", "决算数", ""),
        ("04", "一般公共预算财政拨款", "决算数", "201.56"),
        ("04", "本年收入合计", "决算数", "201.56"),
        ("04", "年初结转和结余", "决算数", ""),
        ("04", "年初结转和结余/一般公共预算财政拨款", "决算数", ""),
    ):
        set_text(d, tid, key, column, text)
    return d


def _no_carry_02_changed() -> Disclosure:
    d = _no_carry()
    for column in ("本年收入合计", "财政拨款收入"):
        set_text(d, "02", "2101501 行政运行", column, "127.81")
        set_text(d, "02", "2101599 其他医疗保障管理事务支出", column, "45.58")
    return d


def _t06_with(*extra: tuple[str, str]) -> Table:
    """06表 with more 302 items, 302 and 公用经费合计 grown to match."""
    from decimal import Decimal

    t = t06()
    added = sum((Decimal(v) for _, v in extra), Decimal(0))
    for key, text in extra:
        t.rows.insert(-2, row("06", key, {"决算数": text}, lane="operating"))
    for r in t.rows:
        if r.key.startswith("302 ") or r.key == "公用经费合计":
            value = Decimal(r.cells["决算数"].text) + added
            set_cell(r, f"{value:.2f}")
    return t


def set_cell(r: Row, text: str) -> None:
    """Re-print the 决算数 cell of a row."""
    from tests.rules.builders import reprint

    reprint(r, "决算数", text)


def _reception_over_09() -> Disclosure:
    # 06表 30217 公务接待费 1.50 > 09表 公务接待费 决算数 0.50
    return with_table(_t06_with(("30217 公务接待费", "1.50")))


def _reception_within_09() -> Disclosure:
    return with_table(_t06_with(("30217 公务接待费", "0.50")))


def _meeting_over_09() -> Disclosure:
    # 06表 30215 会议费 3.00 > 09表 会议费 决算数 2.00 (a template whose 09表 has 会议费)
    return with_table(_t06_with(("30215 会议费", "3.00")))


def _agency(text: str) -> Disclosure:
    t = t10()
    t.rows.append(
        row("10", "机关运行经费/行政单位", {"统计数": text}, label="行政单位", parent="机关运行经费")
    )
    return with_table(t)


def _percent_table(rate: str, budget: str) -> Disclosure:
    t = table(
        "P01",
        [
            row(
                "P01",
                "2101599 其他医疗保障管理事务支出",
                {"年初预算数": budget, "决算数": "43.58", "完成率": rate},
                unit="万元",
            ),
        ],
        columns=("年初预算数", "决算数", "完成率"),
        title="项目支出预算执行情况表",
    )
    cell = t.rows[0].cells["完成率"]
    if cell.amount is not None:
        from ingest.model import Amount

        cell.amount = Amount(cell.amount.value, cell.amount.decimals, "%")
    d = full()
    d.tables["P01"] = t
    return d


def _share(text: str) -> Disclosure:
    t = t10()
    t.rows.append(
        row(
            "10",
            "政府采购情况/授予中小企业合同金额占比",
            {"统计数": text},
            label="授予中小企业合同金额占比",
            parent="政府采购情况",
            unit="%",
        )
    )
    return with_table(t)


def _no_kuan_06() -> Disclosure:
    t = t06()
    t.rows = [r for r in t.rows if not (r.code and len(r.code) == 5 and r.code.startswith("302"))]
    return with_table(t)


def _no_split_09() -> Disclosure:
    d = full()
    t = d.tables["09"]
    for r in t.rows:
        r.cells.pop("公务用车购置费", None)
        r.cells.pop("公务用车运行维护费", None)
    t.columns = [c for c in t.columns if c not in ("公务用车购置费", "公务用车运行维护费")]
    return d


def _no_items_05() -> Disclosure:
    return with_table(code_table("05", levels=(3, 5)))


def _items_only_05() -> Disclosure:
    return with_table(code_table("05", levels=(7,)))


def _negative() -> Disclosure:
    return edited(("05", "2101501 行政运行", "基本支出", "-12.30"))


def _slip() -> Disclosure:
    # 129.81 printed as 129.18 in one cell of 03表 (the row and column sums around it break)
    return edited(("03", "2101501 行政运行", "本年支出合计", "129.18"))


def _parent_small() -> Disclosure:
    return edited(("05", "210 卫生健康支出", "合计", "100.00"))


def _dropped_07() -> Disclosure:
    d = full()
    del d.tables["07"]
    return d


def _with_05_row(key: str, basic: str = "", project: str = "") -> Disclosure:
    from tests.rules.examples import _plus

    d = full()
    d.tables["05"].rows.append(
        row("05", key, {"合计": _plus(basic, project), "基本支出": basic, "项目支出": project})
    )
    return d


def _budget_dropped() -> Disclosure:
    d = b.budget()
    del d.tables["B05"]
    return d


def _b09(**edits: str) -> Table:
    """A 国有资本经营预算收支预算表 as ingest reads it: 100.00 of 项目支出 on
    2230105, funded by 10306 国有资本经营收入. `edits`: "lane:row key:column" → printed text."""
    expense_cols = ("合计", "基本支出", "项目支出")
    rows = [
        row(
            "B09",
            "合计",
            dict(zip(expense_cols, ("100.00", "", "100.00"), strict=True)),
            role="total",
            lane="expense",
        ),
        *(
            row("B09", key, dict(zip(expense_cols, ("100.00", "", "100.00"), strict=True)), lane="expense")
            for key in (
                "223 国有资本经营预算支出",
                "22301 解决历史遗留问题及改革成本支出",
                "2230105 国有企业退休人员社会化管理补助支出",
            )
        ),
        row("B09", "合计", {"国有资本经营预算": "100.00"}, role="total", lane="income"),
        row("B09", "103 非税收入", {"国有资本经营预算": "100.00"}, lane="income"),
        row("B09", "10306 国有资本经营收入", {"国有资本经营预算": "100.00"}, lane="income"),
    ]
    for where, text in edits.items():
        lane, key, column = where.split(":")
        r = next(r for r in rows if r.lane == lane and r.key == key)
        set_cell = r.cells[column]
        set_cell.text, set_cell.amount = text, cell_amount(text)
    return table(
        "B09",
        rows,
        columns=("国有资本经营预算", *expense_cols),
        title="2023年国有资本经营预算收支预算表（不含上年结转）",
    )


def _budget_b09(*b01_edits: tuple[str, str, str, str], **b09_edits: str) -> Disclosure:
    """The consistent 单位预算 with a 国有资本经营预算收支预算表 (B01 edited as given)."""
    d = _budget_edited(*b01_edits)
    d.tables["B09"] = _b09(**b09_edits)
    return d


CATALOG_EXAMPLES: dict[str, tuple[Example, Example]] = {
    # cross-table, 决算
    "X01-02-INCOME": (lambda: edited(("01", "一般公共预算财政拨款收入", "决算数", "210.93")), full),
    "X01-03-EXPENSE": (lambda: edited(("03", "合计", "本年支出合计", "211.56")), full),
    "X01-03-CLASS": (_class_moved, full),
    "X04-01-INCOME": (lambda: edited(("04", "一般公共预算财政拨款", "决算数", "210.93")), full),
    "X04-05-CLASS": (lambda: edited(("04", "卫生健康支出", "一般公共预算财政拨款", "170.00")), full),
    "X04-05-TOTAL": (lambda: edited(("04", "本年支出合计", "一般公共预算财政拨款", "200.56")), full),
    "X04-FUNDS": (lambda: with_table(t07()), full),
    "X01-04-CARRY": (
        lambda: edited(
            ("04", "年初结转和结余", "决算数", ""),
            ("04", "年初结转和结余/一般公共预算财政拨款", "决算数", ""),
        ),
        full,
    ),
    "X03-05-CODE": (lambda: edited(("05", "2101501 行政运行", "基本支出", "120.00")), full),
    "X-NONFISCAL-CARRY": (carryover_examples.warned, carryover_examples.silent),
    "X02-03-CODE": (_no_carry_02_changed, _no_carry),
    "X05-06-BASIC": (lambda: edited(("06", "公用经费合计", "决算数", "40.00")), full),
    "X06-05-SOCIAL": (
        lambda: edited(
            *[
                ("05", k, c, "")
                for k in ("221 住房保障支出", "22102 住房改革支出", "2210201 住房公积金")
                for c in ("合计", "基本支出")
            ]
        ),
        full,
    ),
    "X09-06-THREE-PUBLIC": (_reception_over_09, _reception_within_09),
    "X09-06-MEETING": (_meeting_over_09, full),
    "X10-06-AGENCY": (lambda: _agency("50.00"), lambda: _agency("36.76")),
    # cross-table, 预算
    "XB01-02-INCOME": (lambda: _budget_edited(("B01", "上年结转", "决算数", "45.00")), b.budget),
    "XB01-03-EXPENSE": (lambda: _budget_edited(("B01", "卫生健康支出", "合计", "310.00")), b.budget),
    "XB04-05-GENERAL": (lambda: _budget_edited(("B05", "合计", "合计", "290.00")), b.budget),
    "XB05-06-BASIC": (lambda: _budget_edited(("B06", "合计", "合计", "210.00")), b.budget),
    "XB03-12-PROJECT": (lambda: _budget_edited(("B12", b.UNIT, "合计", "90.00")), b.budget),
    "XB10-06-THREE-PUBLIC": (lambda: _budget_edited(("B06", "公务接待费", "合计", "2.00")), b.budget),
    "XB11-06-AGENCY": (lambda: _budget_edited(("B11", "部门合计", "合计", "35.00")), b.budget),
    "XB01-09-CAPITAL": (
        _budget_b09,
        lambda: _budget_b09(("B01", "国有资本经营预算", "决算数", "100.00")),
    ),
    # in-table, 预算
    "TB-INCOME-SUM": (lambda: _budget_edited(("B01", "本年收入合计", "决算数", "310.00")), b.budget),
    "TB-EXPENSE-SUM": (lambda: _budget_edited(("B04", "卫生健康支出", "一般公共预算", "310.00")), b.budget),
    "TB-TOTAL": (lambda: _budget_edited(("B01", "上年结转", "决算数", "45.00")), b.budget),
    "TB-BALANCE": (
        lambda: _budget_edited(("B04", "总计", "合计", "340.00"), ("B04", "总计", "一般公共预算", "340.00")),
        b.budget,
    ),
    "TB-ROW": (lambda: _budget_edited(("B03", "2101501 行政运行", "合计", "160.00")), b.budget),
    "TB-ECON": (lambda: _budget_edited(("B06", "办公费", "合计", "26.00")), b.budget),
    "TB-THREE-PUBLIC": (lambda: _budget_edited(("B10", "合计", "合计", "6.00")), b.budget),
    "TB-CAPITAL-INCOME": (lambda: _budget_b09(**{"income:合计:国有资本经营预算": "120.00"}), _budget_b09),
    "TB-CAPITAL-EXPENSE": (
        lambda: _budget_b09(
            **{
                "expense:22301 解决历史遗留问题及改革成本支出:合计": "90.00",
                "expense:22301 解决历史遗留问题及改革成本支出:项目支出": "90.00",
            }
        ),
        _budget_b09,
    ),
    "TB-CAPITAL-ROW": (
        lambda: _budget_b09(**{"expense:2230105 国有企业退休人员社会化管理补助支出:项目支出": "90.00"}),
        _budget_b09,
    ),
    "TB-CAPITAL-BALANCE": (
        lambda: _budget_b09(**{"expense:合计:合计": "90.00", "expense:合计:项目支出": "90.00"}),
        _budget_b09,
    ),
    # completeness
    "CMP-TABLES": (_dropped_07, full),
    "CMP-EMPTY-REASON": (lambda: _said(drop=("政府性基金",)), full),
    "CMP-FUNC-ITEM": (_no_items_05, full),
    "CMP-ECON-KUAN": (_no_kuan_06, full),
    "CMP-CODE-LEVELS": (_items_only_05, full),
    "CMP-THREE-PUBLIC-SPLIT": (_no_split_09, full),
    "CMP-SECTIONS": (lambda: _said(drop=("国有资产",)), full),
    "CMP-PROCUREMENT-DETAIL": (
        lambda: _said(
            "政府采购支出总额3.50万元，其中：政府采购服务支出3.50万元。", drop=("政府采购支出总额",)
        ),
        full,
    ),
    "CMP-PLACEHOLDER": (lambda: _said("截至2023年12月31日，本部门共有车辆XX辆。"), full),
    "CMP-YEAR": (
        lambda: _said("第三部分 2022年度部门决算情况说明"),
        lambda: _said("第三部分 2023年度部门决算情况说明"),
    ),
    "CMP-UNIT": (
        lambda: _said("某县财政局2023年度部门决算公开"),
        lambda: _said("某县医疗保障局2023年度部门决算公开"),
    ),
    # plausibility
    "PLA-NEGATIVE": (_negative, full),
    "PLA-SHARE-OVER-100": (lambda: _share("120.00"), lambda: _share("84.36")),
    "PLA-RATE-NO-BUDGET": (lambda: _percent_table("435", ""), lambda: _percent_table("52.42", "83.14")),
    "PLA-DIGIT-SLIP": (_slip, lambda: edited(("03", "2101501 行政运行", "本年支出合计", "139.81"))),
    "PLA-PARENT-LT-CHILD": (_parent_small, lambda: edited(("05", "210 卫生健康支出", "合计", "180.00"))),
    "PLA-TRANSFER-AS-BASIC": (
        lambda: _with_05_row("2101301 城乡医疗救助", basic="5.00"),
        lambda: _with_05_row("2101301 城乡医疗救助", project="5.00"),
    ),
    "PLA-RUNNING-PROJECT": (lambda: edited(("05", "2101501 行政运行", "项目支出", "1.00")), full),
    "CMP-ASSETS-DETAIL": (lambda: _said("本部门无国有资产占用。", drop=("车辆",)), full),
    "CMP-PERF-PROJECTS": (lambda: _said("本部门2023年度不单独填写绩效自评表。"), full),
    # 绩效自评表 against the 决算 tables
    "XP-EXEC-FINAL": (
        lambda: with_forms(
            p_whole(**{"金额合计:全年执行数/财政拨款": "200.56", "金额合计:全年执行数/总额": "200.56"})
        ),
        lambda: with_forms(named_tasks(p_whole(), 任务1="基本支出", 任务2="项目支出")),
    ),
}

# Rules that cannot be evaluated yet: a document on which each reports “not evaluated”, and the
# words its reason must contain.
NOT_EVALUABLE: dict[str, tuple[Example, str]] = {
    "XP-UNIT-COST": (lambda: _said("附件：项目支出绩效自评表"), "绩效表未解析"),
}

# A budget document without a required table (for the CMP-TABLES test on 预算).
BUDGET_WITHOUT_B05 = _budget_dropped

__all__ = ["CATALOG_EXAMPLES", "NOT_EVALUABLE", "BUDGET_WITHOUT_B05", "disclosure"]
