"""Hand-built standard tables, consistent as given, and per-rule examples that fire or stay silent.

Amounts (万元) are chosen so every stated identity holds exactly:

- 03/02/05表 tree: 208 = 20805 (2080505 10.75 + 2080506 5.23) + 20899 (2089999 0.15) = 16.13;
  210 = 21011 (2101101 3.60) + 21015 (2101501 129.81 basic + 2101599 43.58 project) = 176.99;
  221 = 22102 = 2210201 8.44; 合计 201.56 = 基本 157.98 + 项目 43.58.
- 01/04表: income 200.93 + 年初结转和结余 0.63 = 201.56 = 16.13 + 176.99 + 8.44 = expense.
- 02表: the same tree as income, less the 0.63 of 年初结转 spent on 2101599 (42.95), so 合计 200.93
  = 01表 本年收入合计.
- 06表: 301 = 120.83, 303 = 0.39, 人员经费 121.22; 302 = 36.76 = 公用经费; 121.22 + 36.76 = 157.98
  = 05表 基本支出.
- 07/08表 are printed empty (the notes say why); `funded()` prints them with figures instead,
  for the in-table rules of those tables.
- the narrative (`PARAGRAPHS`) has every section a 决算 template requires.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure, Location, Paragraph, Row, Table
from tests.rules.builders import disclosure, row, set_text, table
from tests.rules.narrative_examples import NARRATIVE_EXAMPLES

TREE: list[tuple[str, str, str]] = [  # code name, basic, project
    ("208 社会保障和就业支出", "16.13", ""),
    ("20805 行政事业单位养老支出", "15.98", ""),
    ("2080505 机关事业单位基本养老保险缴费支出", "10.75", ""),
    ("2080506 机关事业单位职业年金缴费支出", "5.23", ""),
    ("20899 其他社会保障和就业支出", "0.15", ""),
    ("2089999 其他社会保障和就业支出", "0.15", ""),
    ("210 卫生健康支出", "133.41", "43.58"),
    ("21011 行政事业单位医疗", "3.60", ""),
    ("2101101 行政单位医疗", "3.60", ""),
    ("21015 医疗保障管理事务", "129.81", "43.58"),
    ("2101501 行政运行", "129.81", ""),
    ("2101599 其他医疗保障管理事务支出", "", "43.58"),
    ("221 住房保障支出", "8.44", ""),
    ("22102 住房改革支出", "8.44", ""),
    ("2210201 住房公积金", "8.44", ""),
]
TOTALS = ("201.56", "157.98", "43.58")
# 02表 (income): the 0.63 of 年初结转和结余 spent on 2101599 was not income of the year.
CARRY_FUNDED: dict[str, str] = {"合计": "0.63", "210": "0.63", "21015": "0.63", "2101599": "0.63"}


def _plus(a: str, b: str) -> str:
    from decimal import Decimal

    va = Decimal(a) if a else Decimal(0)
    vb = Decimal(b) if b else Decimal(0)
    return f"{va + vb:.2f}"


def _minus(a: str, b: str) -> str:
    return _plus(a, f"-{b}") if b else a


def code_table(table_id: str, levels: tuple[int, ...] = (3, 5, 7)) -> Table:
    """02/03/05/08表 with the tree above (only the code lengths in `levels`)."""
    if table_id == "02":
        cols = ("本年收入合计", "财政拨款收入")

        def vals(b: str, p: str, key: str = "") -> dict[str, str | None]:
            t = _minus(_plus(b, p), CARRY_FUNDED.get(key.split(" ")[0], ""))
            return dict(zip(cols, (t, t), strict=True))
    else:
        first = "本年支出合计" if table_id == "03" else "合计"
        cols = (first, "基本支出", "项目支出")

        def vals(b: str, p: str, key: str = "") -> dict[str, str | None]:
            return dict(zip(cols, (_plus(b, p), b, p), strict=True))

    rows = [row(table_id, "合计", vals(TOTALS[1], TOTALS[2], "合计"), role="total")]
    for key, b, p in TREE:
        if len(key.split(" ")[0]) in levels:
            rows.append(row(table_id, key, vals(b, p, key)))
    return table(table_id, rows)


def lane_rows(table_id: str, lane: str, items: list[tuple[str, dict[str, str | None]]]) -> list[Row]:
    """Rows of one lane of a two-sided table; a key "a/b" is a sub-row of "a"."""
    out: list[Row] = []
    for key, values in items:
        role = "detail"
        if key in ("本年收入合计", "本年支出合计"):
            role = "subtotal"
        elif key == "总计":
            role = "total"
        parent = key.split("/")[0] if "/" in key else None
        out.append(row(table_id, key, values, role=role, lane=lane, parent=parent))
    return out


def t01(**changes: str) -> Table:
    """公开01表, consistent; `changes` maps "lane:key" → new text (use "" for blank)."""
    v = "决算数"
    income = [
        ("一般公共预算财政拨款收入", "200.93"),
        ("政府性基金预算财政拨款收入", ""),
        ("事业收入", ""),
        ("其他收入", ""),
        ("", ""),  # filler row
        ("本年收入合计", "200.93"),
        ("使用非财政拨款结余（含专用结余）", ""),
        ("年初结转和结余", "0.63"),
        ("总计", "201.56"),
    ]
    expense = [
        ("一般公共服务支出", ""),
        ("社会保障和就业支出", "16.13"),
        ("卫生健康支出", "176.99"),
        ("住房保障支出", "8.44"),
        ("本年支出合计", "201.56"),
        ("结余分配", ""),
        ("年末结转与结余", ""),
        ("总计", "201.56"),
    ]
    rows: list[Row] = []
    for lane, items in (("income", income), ("expense", expense)):
        rows += lane_rows("01", lane, [(k, {v: changes.get(f"{lane}:{k}", t)}) for k, t in items])
    return table("01", rows)


APPROPRIATION_COLS = ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def t04() -> Table:
    """公开04表, consistent (all expenditure from 一般公共预算财政拨款)."""

    def exp(text: str) -> dict[str, str | None]:
        return dict(zip(APPROPRIATION_COLS, (text, text, "", ""), strict=True))

    income = [
        ("一般公共预算财政拨款", {"决算数": "200.93"}),
        ("政府性基金预算财政拨款", {"决算数": ""}),
        ("国有资本经营预算财政拨款", {"决算数": ""}),
        ("本年收入合计", {"决算数": "200.93"}),
        ("年初结转和结余", {"决算数": "0.63"}),
        ("年初结转和结余/一般公共预算财政拨款", {"决算数": "0.63"}),
        ("年初结转和结余/政府性基金预算财政拨款", {"决算数": ""}),
        ("年初结转和结余/国有资本经营预算财政拨款", {"决算数": ""}),
        ("总计", {"决算数": "201.56"}),
    ]
    expense = [
        ("社会保障和就业支出", exp("16.13")),
        ("卫生健康支出", exp("176.99")),
        ("住房保障支出", exp("8.44")),
        ("本年支出合计", exp("201.56")),
        ("年末结转和结余", exp("")),
        ("年末结转和结余/一般公共预算财政拨款", exp("")),
        ("总计", exp("201.56")),
    ]
    return table("04", lane_rows("04", "income", income) + lane_rows("04", "expense", expense))


ECON: list[tuple[str, str]] = [
    ("301 工资福利支出", "120.83"),
    ("30101 基本工资", "44.97"),
    ("30102 津贴补贴", "28.74"),
    ("30103 奖金", "15.12"),
    ("30107 绩效工资", "2.18"),
    ("30108 机关事业单位基本养老保险缴费", "10.75"),
    ("30109 职业年金缴费", "5.23"),
    ("30110 职工基本医疗保险缴费", "3.60"),
    ("30112 其他社会保障缴费", "1.80"),
    ("30113 住房公积金", "8.44"),
    ("302 商品和服务支出", "36.76"),
    ("30201 办公费", "3.54"),
    ("30202 印刷费", "4.53"),
    ("30207 邮电费", "4.03"),
    ("30211 差旅费", "2.69"),
    ("30213 维修（护）费", "1.21"),
    ("30226 劳务费", "6.91"),
    ("30239 其他交通费用", "3.88"),
    ("303 对个人和家庭的补助", "0.39"),
    ("30305 生活补助", "0.39"),
    ("309 资本性支出（基本建设）", "———"),
    ("30901 房屋建筑物构建", "———"),
    ("310 资本性支出", ""),
    ("31002 办公设备购置", ""),
    ("30299 其他商品和服务支出", "9.97"),  # printed away from its 302 block, as in real tables
]


def t06() -> Table:
    """公开06表, consistent."""
    rows = [
        row("06", key, {"决算数": text}, lane="personnel" if key[:3] in ("301", "303") else "operating")
        for key, text in ECON
    ]
    rows.append(row("06", "人员经费合计", {"决算数": "121.22"}, role="total", lane="personnel"))
    rows.append(row("06", "公用经费合计", {"决算数": "36.76"}, role="total", lane="operating"))
    return table("06", rows)


FUND_COLS = ("年初结转和结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和结余")


def t07() -> Table:
    """公开07表: 年初 10 + 收入 50 − 支出 40 (10 + 30) = 年末 20."""
    values = ("10.00", "50.00", "40.00", "10.00", "30.00", "20.00")
    rows = [row("07", "合计", dict(zip(FUND_COLS, values, strict=True)), role="total")]
    for key in (
        "229 其他支出",
        "22904 其他政府性基金及对应专项债务收入安排的支出",
        "2290402 其他地方自行试点项目收益专项债券收入安排的支出",
    ):
        rows.append(row("07", key, dict(zip(FUND_COLS, values, strict=True))))
    return table("07", rows)


def t08() -> Table:
    """公开08表: 合计 20 = 5 + 15."""
    values = {"合计": "20.00", "基本支出": "5.00", "项目支出": "15.00"}
    return table(
        "08",
        [
            row("08", "合计", values, role="total"),
            row("08", "223 国有资本经营预算支出", values),
            row("08", "22301 国有资本经营预算支出", values),
        ],
    )


def t08_empty() -> Table:
    """公开08表 printed without figures (本表无数据)."""
    blank = {"合计": "", "基本支出": "", "项目支出": ""}
    return table("08", [row("08", "合计", blank, role="total")], empty=True)


def t07_empty() -> Table:
    """公开07表 printed without figures (本表无数据)."""
    return table("07", [row("07", "合计", dict.fromkeys(FUND_COLS, ""), role="total")], empty=True)


THREE_PUBLIC_COLS = (
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行维护费",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务接待费",
    "会议费",
    "培训费",
)


def t09() -> Table:
    """公开09表: 3.30 = 1.00 + 1.80 (= 0 + 1.80) + 0.50; 会议费 2.00 outside 合计."""
    values = ("3.30", "1.00", "1.80", "", "1.80", "0.50", "2.00", "")
    return table(
        "09",
        [row("09", key, dict(zip(THREE_PUBLIC_COLS, values, strict=True))) for key in ("预算数", "决算数")],
    )


def t10() -> Table:
    """公开10表 as ingest keys it: 政府采购 合计 3.50 = 服务 3.50."""

    def r(label: str, text: str, unit: str = "万元") -> Row:
        section = "政府采购情况" if unit else "国有资产占用情况"
        return row("10", f"{section}/{label}", {"统计数": text}, label=label, parent=section, unit=unit)

    return table(
        "10",
        [
            r("合计", "3.50"),
            r("货物", ""),
            r("工程", ""),
            r("服务", "3.50"),
            r("车辆数合计（辆）", "1", unit=""),
            r("其他用车", "1", unit=""),
        ],
    )


UNIT = "某县医疗保障局"
YEAR = 2023
# The 情况说明 of the example: every section a 决算 template requires, no figure to restate.
PARAGRAPHS: tuple[str, ...] = (
    f"{UNIT}{YEAR}年度部门决算",
    "七、政府性基金预算财政拨款收入支出决算情况说明",
    f"本部门{YEAR}年度无政府性基金预算财政拨款收支，已公开空表。",
    "八、国有资本经营预算财政拨款支出决算情况说明",
    f"本部门{YEAR}年度无国有资本经营预算财政拨款支出，已公开空表。",
    "九、财政拨款“三公”经费支出决算情况说明",
    "十、机关运行经费支出情况说明",
    "十一、政府采购支出情况说明",
    "政府采购支出总额包括政府采购货物支出、政府采购工程支出和政府采购服务支出；授予中小企业合同金额占政府采购支出总额的比例见公开10表。",
    "十二、国有资产占用情况说明",
    f"截至{YEAR}年12月31日，本部门共有车辆1辆，单价100万元（含）以上设备0台（套）。",
    "十三、预算绩效情况说明",
    "第四部分 名词解释",
)


def paragraphs(*texts: str) -> list[Paragraph]:
    """Narrative paragraphs, one per printed line (text input: line numbers after the tables)."""
    return [Paragraph(t, Location(page=1, line=1000 + i)) for i, t in enumerate(texts)]


def full() -> Disclosure:
    """A complete, consistent 决算 disclosure (01–10表 and its 情况说明)."""
    d = disclosure(
        t01(),
        code_table("02"),
        code_table("03"),
        t04(),
        code_table("05"),
        t06(),
        t07_empty(),
        t08_empty(),
        t09(),
        t10(),
    )
    d.unit, d.year = UNIT, YEAR
    d.paragraphs = paragraphs(*PARAGRAPHS)
    return d


def funded() -> Disclosure:
    """The full disclosure with 07表 and 08表 printed with figures (each consistent in itself)."""
    d = full()
    d.tables["07"] = t07()
    d.tables["08"] = t08()
    return d


def edited(*edits: tuple[str, str, str, str], base: Callable[[], Disclosure] | None = None) -> Disclosure:
    """The full disclosure (or `base`) with cells re-printed: (table, row key, column, new text)."""
    d = (base or full)()
    for table_id, key, column, text in edits:
        set_text(d, table_id, key, column, text)
    return d


def with_table(new: Table) -> Disclosure:
    """The full disclosure with one table replaced."""
    d = full()
    d.tables[new.id] = new
    return d


# Per rule: a disclosure where it fires (with the catalog severity) and one where it stays silent.
Example = Callable[[], Disclosure]
EXAMPLES: dict[str, tuple[Example, Example]] = {
    "T01-INCOME-SUM": (lambda: edited(("01", "本年收入合计", "决算数", "210.93")), full),
    "T01-EXPENSE-SUM": (lambda: edited(("01", "住房保障支出", "决算数", "")), full),
    "T01-TOTAL": (lambda: with_table(t01(**{"income:年初结转和结余": "1.63"})), full),
    "T01-BALANCE": (
        lambda: with_table(
            t01(
                **{"expense:总计": "200.93", "expense:本年支出合计": "200.93", "expense:住房保障支出": "7.81"}
            )
        ),
        full,
    ),
    "T02-ROW": (lambda: edited(("02", "2101501 行政运行", "财政拨款收入", "120.00")), full),
    "T03-ROW": (lambda: edited(("03", "合计", "项目支出", "40.00")), full),
    "T04-INCOME-SUM": (lambda: edited(("04", "本年收入合计", "决算数", "205.93")), full),
    "T04-EXPENSE-SUM": (
        lambda: edited(
            ("04", "卫生健康支出", "合计", "176.37"), ("04", "卫生健康支出", "一般公共预算财政拨款", "176.37")
        ),
        full,
    ),
    "T04-TOTAL": (
        lambda: edited(
            ("04", "年初结转和结余", "决算数", "1.63"),
            ("04", "年初结转和结余/一般公共预算财政拨款", "决算数", "1.63"),
        ),
        full,
    ),
    "T04-BALANCE": (
        lambda: edited(
            ("04", "总计", "决算数", "200.93"),
            ("04", "年初结转和结余", "决算数", ""),
            ("04", "年初结转和结余/一般公共预算财政拨款", "决算数", ""),
        ),
        full,
    ),
    "T04-ROW": (lambda: edited(("04", "卫生健康支出", "一般公共预算财政拨款", "170.00")), full),
    "T05-ROW": (lambda: edited(("05", "21015 医疗保障管理事务", "项目支出", "33.58")), full),
    "T07-ROW": (lambda: edited(("07", "合计", "项目支出", "25.00"), base=funded), funded),
    "T07-CARRY": (lambda: edited(("07", "合计", "年末结转和结余", "10.00"), base=funded), funded),
    "T08-ROW": (lambda: edited(("08", "合计", "项目支出", "10.00"), base=funded), funded),
    "T09-TOTAL": (lambda: edited(("09", "决算数", "合计", "5.30")), full),
    "T09-VEHICLE": (lambda: edited(("09", "预算数", "公务用车运行维护费", "1.50")), full),
    "T10-PROCUREMENT": (lambda: edited(("10", "政府采购情况/合计", "统计数", "5.00")), full),
    "TAB-COL-SUM": (lambda: edited(("03", "合计", "基本支出", "158.98")), full),
    "TAB-HIER": (lambda: edited(("05", "210 卫生健康支出", "基本支出", "143.41")), full),
    "TAB-SUBROWS": (lambda: edited(("04", "年初结转和结余/一般公共预算财政拨款", "决算数", "0.50")), full),
    "T06-ECON-HIER": (lambda: edited(("06", "301 工资福利支出", "决算数", "130.22")), full),
    "T06-PERSONNEL": (lambda: edited(("06", "人员经费合计", "决算数", "130.61")), full),
    "T06-OPERATING": (lambda: edited(("06", "公用经费合计", "决算数", "40.00")), full),
    "TAB-BLANK-TOTAL": (
        lambda: edited(("01", "本年支出合计", "决算数", "")),
        lambda: with_table(t08_empty()),
    ),
}

# The narrative family's examples: a 情况说明 over the disclosure above.
EXAMPLES.update(NARRATIVE_EXAMPLES)

# 绩效自评表 (ingest/performance.py): a 部门整体支出 form and a 项目支出 form whose sums hold.
WHOLE_COLS = tuple(f"{g}/{s}" for g in ("全年预算数", "全年执行数") for s in ("总额", "财政拨款", "其他资金"))
WHOLE_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("任务1", ("157.98", "157.98", "", "157.98", "157.98", "")),
    ("任务2", ("43.58", "43.58", "", "43.58", "43.58", "")),
    ("金额合计", ("201.56", "201.56", "", "201.56", "201.56", "")),
]
PROJECT_COLS = ("年初预算数", "全年预算数", "全年执行数")
PROJECT_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("年度资金总额", ("43.58", "43.58", "43.58")),
    ("当年财政拨款", ("43.58", "43.58", "43.58")),
    ("上年结转资金", ("0", "0", "0")),
    ("其他资金", ("0", "0", "0")),
]


def p_whole(**changes: str) -> Table:
    """部门整体支出绩效自评表 (P01); `changes` map "row:column" to a new printed text."""
    rows = []
    for key, texts in WHOLE_ROWS:
        values = dict(zip(WHOLE_COLS, texts, strict=True))
        for where, text in changes.items():
            k, _, column = where.partition(":")
            if k == key:
                values[column] = text
        rows.append(row("P01", key, values, role="total" if key == "金额合计" else "detail"))
    return table("P01", rows, columns=WHOLE_COLS, title="某县医疗保障局部门整体支出绩效自评表")


def p_project(**changes: str) -> Table:
    """项目支出绩效自评表 (P02)."""
    rows = []
    for key, texts in PROJECT_ROWS:
        values = dict(zip(PROJECT_COLS, texts, strict=True))
        for where, text in changes.items():
            k, _, column = where.partition(":")
            if k == key:
                values[column] = text
        rows.append(row("P02", key, values, role="total" if key == "年度资金总额" else "detail"))
    return table("P02", rows, columns=PROJECT_COLS, title="某项目支出绩效自评表")


def with_forms(whole: Table | None = None, project: Table | None = None) -> Disclosure:
    """The full disclosure with its two 绩效自评表."""
    d = full()
    d.tables["P01"] = whole or p_whole()
    d.tables["P02"] = project or p_project()
    return d


def named_tasks(form: Table, **names: str) -> Table:
    """The form with its task rows labelled as printed with a 任务名称 (任务1=“人员经费” →
    “任务1（人员经费）”)."""
    for r in form.rows:
        if r.key in names:
            r.label = f"{r.key}（{names[r.key]}）"
    return form


def titled(form: Table, title: str) -> Table:
    """The form with another printed title."""
    form.title = title
    return form


def forms_narrated(*paragraphs: str, whole: Table | None = None, project: Table | None = None) -> Disclosure:
    """The full disclosure with its two 绩效自评表 and these narrative lines read into claims."""
    from tests.rules.narrative_examples import narrated

    d = narrated(*paragraphs)
    d.tables["P01"] = whole or p_whole()
    d.tables["P02"] = project or p_project()
    return d


EXAMPLES.update(
    {
        "PERF-TASK-SUM": (
            lambda: with_forms(
                p_whole(**{"任务2:全年执行数/总额": "51.34", "任务2:全年执行数/财政拨款": "51.34"})
            ),
            with_forms,
        ),
        "PERF-SOURCE-SUM": (
            lambda: with_forms(
                p_whole(**{"任务1:全年预算数/总额": "157.35", "金额合计:全年预算数/总额": "200.93"})
            ),
            with_forms,
        ),
    }
)
