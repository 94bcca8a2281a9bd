"""Incomes across the 决算 tables: 01表 收入方 against 02表 合计行 (X01-02-INCOME). 04表 收入方 against 01表
(X04-01-INCOME) is declared as data (rules/identities/final_04_01.toml: rows found by their words).
"""

from __future__ import annotations

from ingest.model import Disclosure, Table
from rules.catalog import rule
from rules.comparisons import (
    EQUAL_TEMPLATE,
    between_final_tables,
    cell_side,
    equal,
    no_row,
    t,
)
from rules.judgements import JudgementPlan, Side, ref, side
from rules.reading import (
    find_row,
    read_lane,
    row_name,
    value_column,
)


@rule(
    "X01-02-INCOME",
    title="收入支出决算总表的本年收入合计及各项收入＝收入决算表“合计”行对应栏",
    severity="error",
    family="cross_table",
    tables=("01", "02"),
    needs="公开01表收入方各行；公开02表“合计”行各收入栏",
    rationale="01表收入方与02表合计行是同一组收入的两种列示：本年收入合计、财政拨款收入（三项财政拨款之和）、"
    "上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入应逐项相等。",
    fires="01表本年收入合计 1049.22，02表合计行本年收入合计 1040.00。",
    silent="01表一般公共预算财政拨款收入 200.93 = 02表合计行财政拨款收入 200.93。",
    template=EQUAL_TEMPLATE,
)
def X01_02_INCOME(d: Disclosure) -> JudgementPlan:
    """X01-02-INCOME on a 决算 whose 01表 and 02表 are printed."""
    return between_final_tables(d, X01_02_INCOME, ("01", "02"), income_01_02)


# 01表 income rows (by words in their label) ↔ 02表 合计 columns.
INCOME_SOURCES = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")


def income_01_02(plan: JudgementPlan, t01: Table, t02: Table) -> None:
    """X01-02-INCOME."""
    rule = X01_02_INCOME
    lane = read_lane(t01, "income")
    total02 = find_row(t02, "合计", "")
    if total02 is None:
        plan.not_evaluated.append(no_row(rule, t02, "“合计”行"))
        return
    col01 = value_column(t01, "income", ("决算数",)) or "决算数"
    if lane.subtotal is not None:
        equal(
            plan,
            rule,
            cell_side(t01, lane.subtotal, col01, "本年收入合计", "收入方"),
            side(f"{t(t02)}“合计”行“本年收入合计”栏", ref(t02, total02, "本年收入合计")),
            skip_blank=True,
        )
    fiscal = [r for r in lane.items if "财政拨款" in row_name(r) and "非财政拨款" not in row_name(r)]
    if fiscal:
        left = Side(
            f"{t(t01)}收入方财政拨款收入（" + "、".join(f"“{row_name(r)}”" for r in fiscal) + "之和）",
            [(ref(t01, r, col01), 1) for r in fiscal],
        )
        if len(fiscal) == 1:
            left.text = f"{t(t01)}收入方“{row_name(fiscal[0])}”"
        equal(plan, rule, left, side(f"{t(t02)}“合计”行“财政拨款收入”栏", ref(t02, total02, "财政拨款收入")))
    for source in INCOME_SOURCES:
        row = next((r for r in lane.items if row_name(r) == source or row_name(r).endswith(source)), None)
        if row is None:
            continue
        equal(
            plan,
            rule,
            cell_side(t01, row, col01, source, "收入方"),
            side(f"{t(t02)}“合计”行“{source}”栏", ref(t02, total02, source)),
        )
