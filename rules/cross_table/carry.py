"""Carry-over across the 决算 tables: 04表 财政拨款结转和结余 within (or, without non-fiscal money, equal to) 01表
结转和结余 (X01-04-CARRY).
"""

from __future__ import annotations

from ingest.model import Disclosure, Table
from ingest.schema import TOTAL
from rules.catalog import rule
from rules.comparisons import (
    EQUAL_TEMPLATE,
    between_final_tables,
    bound,
    cell_side,
    equal,
)
from rules.cross_table.nonfiscal import reading as nonfiscal_carry
from rules.judgements import JudgementPlan
from rules.reading import (
    has_non_fiscal_money,
    is_carry_in,
    is_carry_out,
    lane_row,
    value_column,
)


@rule(
    "X01-04-CARRY",
    title="年初（年末）财政拨款结转和结余不大于年初（年末）结转和结余；无非财政拨款收入时两者相等",
    severity="error",
    family="cross_table",
    tables=("01", "04", "02"),
    needs="公开01表年初/年末结转和结余、各项收入；公开04表年初/年末财政拨款结转和结余；公开02表合计行",
    rationale="01表的结转和结余包含财政拨款和非财政拨款两部分，04表只列财政拨款部分，故04表不得大于01表；"
    "单位没有任何非财政拨款收入时，其结转结余只能是财政拨款结转结余，两表应相等，"
    "否则04/05/06表漏列了使用结转资金的支出。两表之差的使用额恰为03表超出05表的支出时，"
    "由 X-NONFISCAL-CARRY 一并报告一次，本规则只核对“04表不大于01表”。",
    fires="01表年初结转和结余 0.63，04表年初财政拨款结转和结余未填列，单位只有财政拨款收入。",
    silent="01表、04表年初结转和结余均为 0.02；或均未填列。",
    template=EQUAL_TEMPLATE,
)
def X01_04_CARRY(d: Disclosure) -> JudgementPlan:
    """X01-04-CARRY on a 决算 whose 01表 and 04表 are printed (bounds only where X-NONFISCAL-CARRY's
    reading fits: `explained`)."""
    return between_final_tables(
        d,
        X01_04_CARRY,
        ("01", "04"),
        lambda plan, t01, t04: carry_01_04(plan, d, t01, t04, nonfiscal_carry(d) is not None),
    )


def carry_01_04(plan: JudgementPlan, d: Disclosure, t01: Table, t04: Table, explained: bool = False) -> None:
    """X01-04-CARRY: 04 ≤ 01 for 年初 and 年末; equal when the unit has no non-fiscal money (and
    the figures do not read as non-fiscal carry-over spent, `explained`: X-NONFISCAL-CARRY's)."""
    rule = X01_04_CARRY
    only_fiscal = not has_non_fiscal_money(d) and not explained
    note = (
        "本单位01表、02表未列任何非财政拨款收入，结转和结余应全部为财政拨款结转和结余。"
        if only_fiscal
        else ""
    )
    for lane, is_carry, word in (("income", is_carry_in, "年初"), ("expense", is_carry_out, "年末")):
        r01 = lane_row(t01, lane, is_carry)
        r04 = lane_row(t04, lane, is_carry)
        if r01 is None or r04 is None:
            continue
        col01 = value_column(t01, lane, ("决算数",)) or "决算数"
        col04 = value_column(t04, lane, ("决算数", TOTAL)) or "决算数"
        s04 = cell_side(
            t04, r04, col04, f"{word}财政拨款结转和结余", "收入方" if lane == "income" else "支出方"
        )
        s01 = cell_side(t01, r01, col01, f"{word}结转和结余", "收入方" if lane == "income" else "支出方")
        if only_fiscal:
            equal(plan, rule, s04, s01, note=note)
        else:
            bound(plan, rule, s04, s01)
