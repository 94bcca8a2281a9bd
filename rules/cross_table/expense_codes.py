"""Expenses by functional code across the 决算 tables: 03 against 05 (+07/08) per 科目
(X03-05-CODE). 02 against 03 per 科目 without carry-over (X02-03-CODE: final_02_03.toml,
``each = "科目"``, ``when = "无结转结余"``), each 类 of 01/04表 against 03/05表 (X01-03-CLASS,
X04-05-CLASS: final_01_03.toml, final_04_05.toml, ``each = "类"``) and 04表 fund columns against
07/08表 (X04-FUNDS: final_04_07_08.toml, ``pairs``, ``empty_is_zero``) are declared as data
(rules/identities/).
"""

from __future__ import annotations

from ingest.model import Disclosure
from ingest.schema import BASIC, PROJECT, TOTAL
from rules.catalog import rule
from rules.codes import CodeTable
from rules.comparisons import (
    EQUAL_TEMPLATE,
    between_final_tables,
    bound,
    describe,
    describe_all,
    equal,
    leaf_length,
)
from rules.cross_table.nonfiscal import reading as nonfiscal_carry
from rules.judgements import JudgementPlan, Side
from rules.reading import has_non_fiscal_money


@rule(
    "X03-05-CODE",
    title="支出决算表与一般公共预算财政拨款支出决算表逐科目核对（05表不大于03表；全部为财政拨款时相等）",
    severity="error",
    family="cross_table",
    tables=("03", "05"),
    needs="公开03表、05表各项级科目（无项级时为类级）的本年支出合计/基本支出/项目支出；公开07、08表；公开01、02表收入",
    rationale="05表是03表中一般公共预算财政拨款安排的部分，逐科目不得大于03表；单位没有非财政拨款收入时，"
    "03表每一科目应等于05表（加07、08表）同一科目。03表超出05表的部分恰为01表比04表多出的结转和结余的"
    "使用额时，由 X-NONFISCAL-CARRY 一并报告一次，本规则只核对“05表不大于03表”。",
    fires="单位只有财政拨款收入，03表 2101501 行政运行 129.81，05表 129.19。",
    silent="03表 = 05表 逐行相等；或单位有事业收入，03表 2101550 大于05表。",
    template=EQUAL_TEMPLATE,
)
def X03_05_CODE(d: Disclosure) -> JudgementPlan:
    """X03-05-CODE on a 决算 whose 03表 and 05表 are printed (bounds only where X-NONFISCAL-CARRY's
    reading fits: `explained`)."""
    return between_final_tables(
        d,
        X03_05_CODE,
        ("03", "05"),
        lambda plan, t03, t05: codes_03_05(
            plan, d, CodeTable.of(t03), CodeTable.of(t05), nonfiscal_carry(d) is not None
        ),
    )


CODE_COLUMNS_03_05: tuple[tuple[str, str], ...] = (
    ("本年支出合计", TOTAL),
    (BASIC, BASIC),
    (PROJECT, PROJECT),
)


def codes_03_05(
    plan: JudgementPlan, d: Disclosure, c03: CodeTable, c05: CodeTable, explained: bool = False
) -> None:
    """X03-05-CODE per 项 (or 类): bound 05 ≤ 03; 03 = 05 + 07 + 08 when all money is fiscal (and
    03 − 05 is not read as non-fiscal carry-over spent, `explained`: X-NONFISCAL-CARRY's)."""
    rule = X03_05_CODE
    others = [CodeTable.of(tb) for tid in ("07", "08") if (tb := d.table(tid)) is not None and not tb.empty]
    only_fiscal = not has_non_fiscal_money(d) and not explained
    length = leaf_length(c03, c05)
    codes = {
        c[:length]
        for ct in (c03, c05, *(others if only_fiscal else []))
        for c in ct.codes()
        if len(c) >= length
    }
    note = (
        "本单位无非财政拨款收入，支出决算表应等于财政拨款支出决算表（05、07、08表）。" if only_fiscal else ""
    )
    for code in sorted(codes):
        for col03, col05 in CODE_COLUMNS_03_05:
            refs03 = c03.refs(code, col03)
            refs05 = c05.refs(code, col05)
            left = Side(describe(c03, code, refs03, col03), [(r, 1) for r in refs03])
            if only_fiscal:
                parts = [(r, 1) for r in refs05]
                named = [(c05, refs05)]
                for o in others:
                    o_refs = o.refs(code, col05)
                    if o_refs:
                        parts += [(r, 1) for r in o_refs]
                        named.append((o, o_refs))
                right = Side(describe_all(named, code, col05), parts)
                equal(plan, rule, left, right, note=note)
            else:
                right = Side(describe(c05, code, refs05, col05), [(r, 1) for r in refs05])
                bound(plan, rule, right, left)
