"""The 基本支出 table (公开06表) against 05表: social-insurance items booked under their functional 项
(X06-05-SOCIAL). 05表 基本支出 = 人员经费 + 公用经费 (X05-06-BASIC), the “三公” and 会议费/培训费 of 09表
against 06表 (X09-06-THREE-PUBLIC, X09-06-MEETING) and 10表's 机关运行经费 (X10-06-AGENCY) are declared as
data (rules/identities/final_05_06.toml, final_06_09.toml, final_10_06.toml).
"""

from __future__ import annotations

from ingest.model import Disclosure, Table
from ingest.schema import TOTAL
from rules.catalog import rule
from rules.codes import CodeTable
from rules.comparisons import (
    between_final_tables,
    t,
)
from rules.judgements import JudgementPlan, Requirement, ref
from rules.knowledge import knowledge
from rules.reading import (
    econ_rows,
    nonzero,
)
from rules.wording import fmt_amount


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


def social_econ_func() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """06表 economic items ↔ the functional 项 they are booked under, from the knowledge table
    (rules/knowledge/econ_func.toml: every [[contribution]]'s econ codes, each with its
    ``booked_under`` 项 or else the entry's func)."""
    return tuple((econ, c.func_of(econ)) for c in knowledge().contributions for econ in c.econ)


def social_06_05(plan: JudgementPlan, t06: Table, c05: CodeTable) -> None:
    """X06-05-SOCIAL: an economic social-insurance item with figures needs its functional 项."""
    rows = econ_rows(t06)
    for econ, funcs in social_econ_func():
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
