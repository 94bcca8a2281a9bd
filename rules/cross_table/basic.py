"""The 基本支出 table (公开06表) against the others: 05表 基本支出 = 人员经费 + 公用经费 (X05-06-BASIC), social-insurance
items booked under their functional 项 (X06-05-SOCIAL), “三公” and 会议费/培训费 of 09表 (X09-06-THREE-
PUBLIC, X09-06-MEETING), 机关运行经费 of 10表 (X10-06-AGENCY).
"""

from __future__ import annotations

from ingest.model import Disclosure, Row, Table
from ingest.schema import BASIC, PROJECT, TOTAL
from rules.catalog import RuleSpec, rule
from rules.codes import CodeTable
from rules.comparisons import (
    BOUND_TEMPLATE,
    EQUAL_TEMPLATE,
    between_final_tables,
    bound,
    equal,
    no_row,
    t,
)
from rules.judgements import JudgementPlan, Requirement, Side, ref, side
from rules.reading import (
    find_row,
    nonzero,
    row_name,
)
from rules.wording import fmt_amount


@rule(
    "X05-06-BASIC",
    title="一般公共预算财政拨款支出决算表基本支出合计＝基本支出决算明细表人员经费合计＋公用经费合计",
    severity="error",
    family="cross_table",
    tables=("05", "06"),
    needs="公开05表“合计”行“基本支出”栏；公开06表人员经费合计、公用经费合计（未列时为各经济分类类级之和）",
    rationale="06表按经济分类列示05表的一般公共预算财政拨款基本支出，两表合计应相等。",
    fires="05表基本支出 157.98，06表人员经费 120.61 + 公用经费 36.76 = 157.37。",
    silent="05表基本支出 888.32 = 652.05 + 236.27。",
    template=EQUAL_TEMPLATE,
)
def X05_06_BASIC(d: Disclosure) -> JudgementPlan:
    """X05-06-BASIC on a 决算 whose 05表 and 06表 are printed."""
    return between_final_tables(
        d, X05_06_BASIC, ("05", "06"), lambda plan, t05, t06: basic_05_06(plan, t05, CodeTable.of(t05), t06)
    )


@rule(
    "X06-05-SOCIAL",
    title="基本支出明细表的社会保险缴费、住房公积金应列入对应功能分类科目",
    severity="warning",
    family="cross_table",
    tables=("06", "05"),
    needs="公开06表 30108/30109/30110/30111/30113；公开05表 2080505/2080506/2101101–2101103/2210201",
    rationale="单位缴纳的基本养老保险（30108）、职业年金（30109）、医疗保险（30110、30111）、住房公积金（30113）"
    "在功能分类中应分别列入 2080505、2080506、21011、2210201 等科目；经济分类有数而对应功能科目没有，"
    "说明这些支出被并入了其他科目（如 2101550 事业运行），功能分类不准确。",
    fires="06表 30113 住房公积金 55.31，05表无 2210201 住房公积金。",
    silent="06表 30108 10.75，05表 2080505 10.75。",
    template="{left}，但{right}；应列入对应功能分类科目。",
)
def X06_05_SOCIAL(d: Disclosure) -> JudgementPlan:
    """X06-05-SOCIAL on a 决算 whose 06表 and 05表 are printed."""
    return between_final_tables(
        d, X06_05_SOCIAL, ("06", "05"), lambda plan, t06, t05: social_06_05(plan, t06, CodeTable.of(t05))
    )


@rule(
    "X09-06-THREE-PUBLIC",
    title="“三公”经费决算数不小于基本支出决算明细表对应经济科目（无项目支出时相等）",
    severity="error",
    family="cross_table",
    tables=("09", "06"),
    needs="公开09表“决算数”行各项；公开06表 30212、30217、30231、31013；公开05表项目支出",
    rationale="09表“三公”经费含财政拨款安排的全部基本支出和项目支出，06表只含一般公共预算财政拨款基本支出，"
    "故06表因公出国（境）费、公务接待费、公务用车运行维护费、公务用车购置不得大于09表对应决算数；"
    "单位没有财政拨款项目支出时两者应相等。",
    fires="06表 30217 公务接待费 1.50，09表公务接待费决算数 1.14。",
    silent="06表 30231 1.80 = 09表公务用车运行维护费 1.80。",
    template=BOUND_TEMPLATE,
)
def X09_06_THREE_PUBLIC(d: Disclosure) -> JudgementPlan:
    """X09-06-THREE-PUBLIC on a 决算 whose 09表 (even empty: its cells read as 0) and 06表 are printed."""
    return between_final_tables(
        d,
        X09_06_THREE_PUBLIC,
        ("09", "06"),
        lambda plan, t09, t06: three_public_09_06(plan, X09_06_THREE_PUBLIC, d, t09, t06),
        empty_read=("09",),
    )


@rule(
    "X09-06-MEETING",
    title="会议费、培训费决算数不小于基本支出决算明细表 30215 会议费、30216 培训费",
    severity="warning",
    family="cross_table",
    tables=("09", "06"),
    needs="公开09表“决算数”行会议费、培训费栏；公开06表 30215、30216",
    rationale="“三公”经费表含会议费、培训费的模板（如“财政拨款‘三公’经费及会议费、培训费支出决算表”）中，"
    "会议费、培训费决算数含基本支出和项目支出，不得小于06表基本支出中的会议费、培训费。"
    "只在该模板下启用（规则配置文件）。",
    fires="06表 30216 培训费 3.00，09表培训费决算数 1.20。",
    silent="06表 30215 会议费 0.10 ≤ 09表会议费 0.10。",
    template=BOUND_TEMPLATE,
    enabled=False,
)
def X09_06_MEETING(d: Disclosure) -> JudgementPlan:
    """X09-06-MEETING on a 决算 whose 09表 (even empty: its cells read as 0) and 06表 are printed."""
    return between_final_tables(
        d,
        X09_06_MEETING,
        ("09", "06"),
        lambda plan, t09, t06: three_public_09_06(plan, X09_06_MEETING, d, t09, t06),
        empty_read=("09",),
    )


@rule(
    "X10-06-AGENCY",
    title="机关运行经费不大于基本支出决算明细表公用经费合计",
    severity="error",
    family="cross_table",
    tables=("10", "06"),
    needs="公开10表“机关运行经费”各行；公开06表公用经费合计",
    rationale="机关运行经费是行政单位和参公事业单位一般公共预算财政拨款基本支出中的公用经费，"
    "不可能大于06表公用经费合计。",
    fires="10表机关运行经费 212.45，06表公用经费合计 36.76。",
    silent="10表机关运行经费为空（事业单位）。",
    template=BOUND_TEMPLATE,
)
def X10_06_AGENCY(d: Disclosure) -> JudgementPlan:
    """X10-06-AGENCY on a 决算 whose 10表 and 06表 are printed."""
    return between_final_tables(d, X10_06_AGENCY, ("10", "06"), agency_10_06)


# 06表 economic items ↔ 09表 三公 columns.
THREE_PUBLIC_ECON: tuple[tuple[tuple[str, ...], str], ...] = (
    (("30212",), "因公出国（境）费"),
    (("30217",), "公务接待费"),
    (("30231",), "公务用车运行维护费"),
    (("31013", "30913"), "公务用车购置费"),
)

MEETING_ECON: tuple[tuple[tuple[str, ...], str], ...] = ((("30215",), "会议费"), (("30216",), "培训费"))

# 06表 economic items ↔ the functional 项 they are booked under.
SOCIAL_ECON_FUNC: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("30108", ("2080505",)),
    ("30109", ("2080506",)),
    ("30110", ("2101101", "2101102")),
    ("30111", ("2101103",)),
    ("30113", ("2210201",)),
)


def basic_05_06(plan: JudgementPlan, t05: Table, c05: CodeTable, t06: Table) -> None:
    """X05-06-BASIC."""
    if c05.total is None:
        return
    personnel = find_row(t06, "人员经费合计", "personnel")
    operating = find_row(t06, "公用经费合计", "operating")
    col = "决算数"
    if (
        personnel is not None
        and operating is not None
        and (ref(t06, personnel, col).amount is not None or ref(t06, operating, col).amount is not None)
    ):
        right = Side(
            f"{t(t06)}“人员经费合计”＋“公用经费合计”",
            [(ref(t06, personnel, col), 1), (ref(t06, operating, col), 1)],
        )
    else:
        classes = [r for r in t06.rows if r.code and len(r.code) == 3 and r.domain == "econ"]
        if not classes:
            plan.not_evaluated.append(no_row(X05_06_BASIC, t06, "人员经费合计、公用经费合计或经济分类类级行"))
            return
        right = Side(f"{t(t06)}各经济分类类级之和", [(ref(t06, r, col), 1) for r in classes])
    equal(plan, X05_06_BASIC, side(f"{t(t05)}“合计”行“基本支出”栏", ref(t05, c05.total, BASIC)), right)


def econ_rows(t06: Table) -> dict[str, Row]:
    """06表 rows by economic code."""
    return {r.code: r for r in t06.rows if r.code and r.domain in ("econ", None)}


def social_06_05(plan: JudgementPlan, t06: Table, c05: CodeTable) -> None:
    """X06-05-SOCIAL: an economic social-insurance item with figures needs its functional 项."""
    rows = econ_rows(t06)
    for econ, funcs in SOCIAL_ECON_FUNC:
        r06 = rows.get(econ)
        if r06 is None or not nonzero(ref(t06, r06, "决算数")):
            continue
        refs = [x for f in funcs for x in c05.refs(f, TOTAL)]
        ok = any(nonzero(x) for x in refs)
        amount = ref(t06, r06, "决算数").amount
        assert amount is not None
        shown = fmt_amount(amount.value, amount.decimals)
        names = "、".join(funcs)
        message = (
            f"{t(t06)}“{r06.key}”为{shown}{amount.unit}，但{t(c05.table)}未列对应功能分类科目{names}；"
            "单位缴纳的社会保险费、住房公积金应列入对应功能分类科目，而不是并入其他科目。"
        )
        evidence = [ref(t06, r06, "决算数").evidence()] + [x.evidence() for x in refs]
        plan.judgements.append(
            Requirement(X06_05_SOCIAL, ok, message, evidence, "06", expected=shown, actual="（未列）")
        )


def three_public_09_06(plan: JudgementPlan, rule: RuleSpec, d: Disclosure, t09: Table, t06: Table) -> None:
    """X09-06-THREE-PUBLIC (“三公”) or X09-06-MEETING (会议费、培训费), `rule`: 06 items ≤ 09 决算数;
    equal without 财政拨款 project spending."""
    final = next((r for r in t09.rows if row_name(r) == "决算数"), None)
    if final is None:
        return
    t05 = d.table("05")
    no_project = False
    if t05 is not None:
        total05 = CodeTable.of(t05).total
        no_project = (
            total05 is not None
            and not nonzero(ref(t05, total05, PROJECT))
            and all((o := d.table(tid)) is None or o.empty for tid in ("07", "08"))
        )
    rows = econ_rows(t06)
    printed09 = {c for r in t09.rows for c in r.cells} | set(t09.columns)
    pairs = THREE_PUBLIC_ECON if rule is X09_06_THREE_PUBLIC else MEETING_ECON
    for econs, column in pairs:
        items = [rows[e] for e in econs if e in rows]
        if not items or (rule is X09_06_MEETING and column not in printed09):
            continue
        small = Side(
            f"{t(t06)}" + "＋".join(f"“{r.key}”" for r in items),
            [(ref(t06, r, "决算数"), 1) for r in items],
        )
        large = side(f"{t(t09)}“决算数”行“{column}”栏", ref(t09, final, column))
        if no_project:
            equal(plan, rule, small, large, note="本单位无财政拨款项目支出，该项应全部来自基本支出。")
        else:
            bound(plan, rule, small, large)


def agency_10_06(plan: JudgementPlan, t10: Table, t06: Table) -> None:
    """X10-06-AGENCY."""
    rows = [
        r
        for r in t10.rows
        if (r.parent or "").startswith("机关运行经费") or row_name(r).startswith("机关运行经费")
    ]
    total = next((r for r in rows if "合计" in row_name(r) or row_name(r).startswith("机关运行经费")), None)
    use = [total] if total is not None else rows
    if not use:
        return
    operating = find_row(t06, "公用经费合计", "operating")
    if operating is None:
        return
    small = Side(
        f"{t(t10)}机关运行经费（" + "、".join(f"“{row_name(r)}”" for r in use) + "）",
        [(ref(t10, r, "统计数"), 1) for r in use],
    )
    bound(plan, X10_06_AGENCY, small, side(f"{t(t06)}“公用经费合计”", ref(t06, operating, "决算数")))
