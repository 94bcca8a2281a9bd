"""A hand-built, consistent 单位预算 disclosure (B01–B13 as ingest reads them) for the budget rules.

Amounts (万元): 一般公共预算 当年拨款 300.00 (基本 200.00, 项目 100.00) and 上年结转 50.00 (项目),
spent on 2080505 30.00 (基本), 2101501 150.00 (基本), 2101599 100.00 + 50.00 (项目), 2210201
20.00 (基本). 基本支出 200.00 = 人员经费 170.00 + 公用经费 30.00; “三公” 5.00 = 接待 1.00 + 公务用车
运行维护 4.00; 机关运行经费 25.00; 项目表 本年 100.00 (60.00 + 40.00), 上年结转 50.00.
"""

from __future__ import annotations

from ingest.model import Disclosure, Row, Table
from tests.rules.builders import disclosure, row, table
from tests.rules.examples import paragraphs

UNIT = "某县医疗保险服务中心"
YEAR = 2023
B01_EXPENSE_COLS = ("合计", "当年预算安排", "上年结转")
B04_EXPENSE_COLS = ("合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")
CODES: list[tuple[str, str, str, str]] = [  # code name, 当年 basic, 当年 project, 上年结转 project
    ("208 社会保障和就业支出", "30.00", "", ""),
    ("20805 行政事业单位养老支出", "30.00", "", ""),
    ("2080505 机关事业单位基本养老保险缴费支出", "30.00", "", ""),
    ("210 卫生健康支出", "150.00", "100.00", "50.00"),
    ("21015 医疗保障管理事务", "150.00", "100.00", "50.00"),
    ("2101501 行政运行", "150.00", "", ""),
    ("2101599 其他医疗保障管理事务支出", "", "100.00", "50.00"),
    ("221 住房保障支出", "20.00", "", ""),
    ("22102 住房改革支出", "20.00", "", ""),
    ("2210201 住房公积金", "20.00", "", ""),
]
PARAGRAPHS = (
    f"{UNIT}{YEAR}年度单位预算",
    "七、“三公”经费增减变动原因说明",
    "八、机关运行经费增减变动原因说明",
    "九、政府采购情况",
    f"{YEAR}年度政府采购预算总额5.17万元，其中：政府采购货物预算5.17万元、政府采购工程预算0万元、政府采购服务预算0万元。",
    "十、绩效管理情况",
    "十一、国有资产占有使用情况",
    "本单位共有车辆2辆，单价100万元以上设备0台（套）。",
    f"本单位{YEAR}年度无政府性基金预算收支，政府性基金预算收入表、支出表为空表。",
    "第四部分 名词解释",
)


def _d(a: str) -> str:
    return a


def _add(*texts: str) -> str:
    from decimal import Decimal

    total = sum((Decimal(t) for t in texts if t), Decimal(0))
    return f"{total:.2f}" if any(texts) else ""


def _lane(tid: str, lane: str, items: list[tuple[str, dict[str, str | None]]]) -> list[Row]:
    out: list[Row] = []
    for key, values in items:
        role = "subtotal" if key.startswith("本年") else "total" if key == "总计" else "detail"
        parent = key.split("/")[0] if "/" in key else None
        out.append(row(tid, key, values, role=role, lane=lane, parent=parent))
    return out


def b01() -> Table:
    """预算收支总表."""
    income = [
        ("一般公共预算", {"决算数": "300.00"}),
        ("政府性基金预算", {"决算数": ""}),
        ("国有资本经营预算", {"决算数": ""}),
        ("财政专户管理资金", {"决算数": ""}),
        ("单位资金", {"决算数": ""}),
        ("本年收入合计", {"决算数": "300.00"}),
        ("上年结转", {"决算数": "50.00"}),
        ("总计", {"决算数": "350.00"}),
    ]

    def exp(total: str, current: str, carry: str) -> dict[str, str | None]:
        return dict(zip(B01_EXPENSE_COLS, (total, current, carry), strict=True))

    expense = [
        ("一般公共服务支出", exp("", "", "")),
        ("社会保障和就业支出", exp("30.00", "30.00", "")),
        ("卫生健康支出", exp("300.00", "250.00", "50.00")),
        ("住房保障支出", exp("20.00", "20.00", "")),
        ("本年支出合计", exp("350.00", "300.00", "50.00")),
        ("年终结转", exp("", "", "")),
        ("总计", exp("350.00", "300.00", "50.00")),
    ]
    rows = _lane("B01", "income", income) + _lane("B01", "expense", expense)
    return table("B01", rows, columns=("决算数", *B01_EXPENSE_COLS), title=f"{YEAR}年预算收支总表")


def _code_table(tid: str, title: str, columns: tuple[str, ...], values) -> Table:  # type: ignore[no-untyped-def]
    rows = [
        row(
            tid,
            "合计",
            dict(zip(columns, values("", "200.00", "100.00", "50.00"), strict=True)),
            role="total",
        )
    ]
    for key, basic, project, carry in CODES:
        rows.append(row(tid, key, dict(zip(columns, values(key, basic, project, carry), strict=True))))
    return table(tid, rows, columns=columns, title=title)


def b02() -> Table:
    """预算收入总表: 本年收入 = 一般公共预算 (当年); 上年结转."""
    cols = ("本年收入", "一般公共预算", "政府性基金预算", "上年结转")
    return _code_table(
        "B02", f"{YEAR}年预算收入总表", cols, lambda k, b, p, c: (_add(b, p), _add(b, p), "", c)
    )


def b03() -> Table:
    """预算支出总表: 合计 = 基本 + 项目 (当年 + 上年结转)."""
    cols = ("合计", "基本支出", "项目支出")
    return _code_table(
        "B03", f"{YEAR}年预算支出总表", cols, lambda k, b, p, c: (_add(b, p, c), b, _add(p, c))
    )


def b04() -> Table:
    """财政拨款收支总表."""
    income = [
        ("一般公共预算", {"决算数": "300.00"}),
        ("政府性基金预算", {"决算数": ""}),
        ("国有资本经营预算", {"决算数": ""}),
        ("本年收入合计", {"决算数": "300.00"}),
        ("上年财政拨款结转", {"决算数": "50.00"}),
        ("上年财政拨款结转/一般公共预算", {"决算数": "50.00"}),
        ("上年财政拨款结转/政府性基金预算", {"决算数": ""}),
        ("总计", {"决算数": "350.00"}),
    ]

    def exp(v: str) -> dict[str, str | None]:
        return dict(zip(B04_EXPENSE_COLS, (v, v, "", ""), strict=True))

    expense = [
        ("社会保障和就业支出", exp("30.00")),
        ("卫生健康支出", exp("300.00")),
        ("住房保障支出", exp("20.00")),
        ("本年支出合计", exp("350.00")),
        ("年终结转", exp("")),
        ("总计", exp("350.00")),
    ]
    rows = _lane("B04", "income", income) + _lane("B04", "expense", expense)
    return table("B04", rows, columns=("决算数", *B04_EXPENSE_COLS), title=f"{YEAR}年财政拨款收支总表")


def b05() -> Table:
    """一般公共预算支出预算表（不含上年结转）."""
    cols = ("合计", "基本支出", "项目支出")
    return _code_table(
        "B05", f"{YEAR}年一般公共预算支出预算表（不含上年结转）", cols, lambda k, b, p, c: (_add(b, p), b, p)
    )


def _label_table(
    tid: str, title: str, columns: tuple[str, ...], items: list[tuple[str, str | None, tuple[str, ...]]]
) -> Table:
    rows = []
    for key, parent, values in items:
        role = "total" if key in ("合计", "部门合计") else "detail"
        rows.append(row(tid, key, dict(zip(columns, values, strict=True)), role=role, parent=parent))
    return table(tid, rows, columns=columns, title=title)


def b06() -> Table:
    """一般公共预算安排基本支出分经济科目表."""
    return _label_table(
        "B06",
        f"{YEAR}年一般公共预算安排基本支出分经济科目表（不含上年结转）",
        ("合计", "人员经费", "公用经费"),
        [
            ("合计", None, ("200.00", "170.00", "30.00")),
            ("工资福利支出", None, ("170.00", "170.00", "")),
            ("基本工资", "工资福利支出", ("120.00", "120.00", "")),
            ("机关事业单位基本养老保险缴费", "工资福利支出", ("30.00", "30.00", "")),
            ("住房公积金", "工资福利支出", ("20.00", "20.00", "")),
            ("商品和服务支出", None, ("30.00", "", "30.00")),
            ("办公费", "商品和服务支出", ("25.00", "", "25.00")),
            ("公务接待费", "商品和服务支出", ("1.00", "", "1.00")),
            ("公务用车运行维护费", "商品和服务支出", ("4.00", "", "4.00")),
        ],
    )


def b07() -> Table:
    """政府性基金预算收入表, empty."""
    return table(
        "B07",
        [row("B07", "合计", {"政府性基金预算": ""}, role="total")],
        columns=("政府性基金预算",),
        title=f"{YEAR}年政府性基金预算收入表（不含上年结转）",
        empty=True,
    )


def b08() -> Table:
    """政府性基金预算支出表, empty."""
    cols = ("合计", "基本支出", "项目支出")
    return table(
        "B08",
        [row("B08", "合计", dict.fromkeys(cols, ""), role="total")],
        columns=cols,
        title=f"{YEAR}年政府性基金预算支出表（不含上年结转）",
        empty=True,
    )


def b10() -> Table:
    """一般公共预算“三公”经费支出预算表."""
    return _label_table(
        "B10",
        f"{YEAR}年一般公共预算“三公”经费支出预算表",
        ("合计", "一般公共预算"),
        [
            ("因公出国（境）费", None, ("", "")),
            ("公务接待费", None, ("1.00", "1.00")),
            ("公务用车购置及运行费", None, ("4.00", "4.00")),
            ("公务用车购置费", None, ("", "")),
            ("公务用车运行维护费", None, ("4.00", "4.00")),
            ("合计", None, ("5.00", "5.00")),
        ],
    )


def b11() -> Table:
    """机关运行经费预算财政拨款情况统计表."""
    return _label_table(
        "B11",
        f"{YEAR}年机关运行经费预算财政拨款情况统计表",
        ("合计", "一般公共预算"),
        [
            ("部门合计", None, ("25.00", "25.00")),
        ],
    )


def b12() -> Table:
    """项目支出预算表（本年预算）: the unit's row, then its projects."""
    return _label_table(
        "B12",
        f"{YEAR}年项目支出预算表（本年预算）",
        ("合计", "一般公共预算"),
        [
            (UNIT, None, ("100.00", "100.00")),
            ("医疗救助资金", None, ("60.00", "60.00")),
            ("经办能力建设", None, ("40.00", "40.00")),
        ],
    )


def b13() -> Table:
    """项目支出预算表（上年结转）."""
    return _label_table(
        "B13",
        f"{YEAR}年项目支出预算表（上年结转）",
        ("合计", "一般公共预算"),
        [
            (UNIT, None, ("50.00", "50.00")),
            ("医疗救助上年结转", None, ("50.00", "50.00")),
        ],
    )


def budget() -> Disclosure:
    """The consistent 单位预算."""
    d = disclosure(
        b01(), b02(), b03(), b04(), b05(), b06(), b07(), b08(), b10(), b11(), b12(), b13(), kind="budget"
    )
    d.unit, d.year, d.level = UNIT, YEAR, "unit"
    d.paragraphs = paragraphs(*PARAGRAPHS)
    return d
