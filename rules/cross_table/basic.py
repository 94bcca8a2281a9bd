"""The 基本支出 table (公开06表) against the others: 05表 基本支出 = 人员经费 + 公用经费 (X05-06-BASIC), social-insurance
items booked under their functional 项 (X06-05-SOCIAL). The “三公” and 会议费/培训费 of 09表 against 06表
(X09-06-THREE-PUBLIC, X09-06-MEETING) and 10表's 机关运行经费 (X10-06-AGENCY) are declared as data
(rules/identities/final_06_09.toml, final_10_06.toml).
"""

from __future__ import annotations

from ingest.model import Disclosure, Table
from ingest.schema import BASIC, TOTAL
from rules.catalog import rule
from rules.codes import CodeTable
from rules.comparisons import (
    EQUAL_TEMPLATE,
    between_final_tables,
    equal,
    no_row,
    t,
)
from rules.judgements import JudgementPlan, Requirement, Side, ref, side
from rules.reading import (
    econ_rows,
    find_row,
    nonzero,
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
