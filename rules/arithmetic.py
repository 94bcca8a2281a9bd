"""Row and column identities inside one final-account table (公开01–05, 07–10表).

Each rule is declared once below with its id, title, severity, rationale and examples; the
`plan` function walks a `Disclosure` and states the identities each rule checks. Whether an
identity holds, is a rounding residue or is broken is decided by the engine (rules/outcomes.py)
with the Calc 1.1 tolerance (rules/tolerance.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.model import Disclosure, Row, Table
from ingest.schema import FINAL_ACCOUNT_TABLES, TOTAL
from rules import identities
from rules.catalog import RuleSpec, define_rule
from rules.checks import (
    Plan,
    Slot,
    column_sum,
    cross_cells,
    missing_rows,
    missing_tables,
    row_sum,
    value_columns,
)
from rules.reading import (
    GRAND_TOTAL_KEY,
    LANE_WORDS,
    SUBTOTAL_KEYS,
    Lane,
    applies_to_final_account,
    code_table_rows,
    is_filler,
    lane_columns,
    read_lane,
    row_name,
)

# ---------------------------------------------------------------------------------------------
# 公开01表 收入支出决算总表 and 公开04表 财政拨款收入支出决算总表 (two-sided tables)
# ---------------------------------------------------------------------------------------------

T01_TOTAL = define_rule(
    "T01-TOTAL",
    title="收入支出决算总表：总计＝本年合计＋结转结余等调整项目（收支两方分别核对）",
    severity="error",
    family="arithmetic",
    tables=("01",),
    rationale=(
        "收入方总计＝本年收入合计＋使用非财政拨款结余＋年初结转和结余；支出方总计＝本年支出合计"
        "＋结余分配＋年末结转和结余。不符说明结转结余或合计数有误。"
    ),
    fires="支出方总计 201.56，而本年支出合计 193.11，结余分配、年末结转和结余均为空。",
    silent="收入方总计 201.56 = 本年收入合计 200.93 + 年初结转和结余 0.63。",
)
T01_BALANCE = define_rule(
    "T01-BALANCE",
    title="收入支出决算总表：收入总计＝支出总计",
    severity="error",
    family="arithmetic",
    tables=("01",),
    rationale="收支总表两方必须平衡；收入总计与支出总计不等说明表内至少一处数据错误。",
    fires="收入方总计 201.56，支出方总计 200.93。",
    silent="收入方总计 1269.26 = 支出方总计 1269.26。",
)
T04_TOTAL = define_rule(
    "T04-TOTAL",
    title="财政拨款收入支出决算总表：总计＝本年合计＋年初（年末）财政拨款结转和结余（逐栏）",
    severity="error",
    family="arithmetic",
    tables=("04",),
    rationale="收入方总计＝本年收入合计＋年初财政拨款结转和结余；支出方总计＝本年支出合计＋年末财政拨款结转和结余。",
    fires="支出方总计 200.93，而本年支出合计为空、各类支出之和 192.49。",
    silent="收入方总计 1269.24 = 本年收入合计 1269.24 + 年初结转和结余 0.00。",
)
T04_BALANCE = define_rule(
    "T04-BALANCE",
    title="财政拨款收入支出决算总表：收入总计＝支出总计（合计栏）",
    severity="error",
    family="arithmetic",
    tables=("04",),
    rationale="财政拨款收支总表两方必须平衡。",
    fires="收入方总计 200.93，支出方“合计”栏总计 201.56。",
    silent="收入方总计 2673.01 = 支出方总计 2673.01。",
)
# ---------------------------------------------------------------------------------------------
# Row identities (公开02/03/05/07/08/09表, 04表 支出方): declared as data in
# rules/identities/final_*.toml (“every row: 合计 = 基本支出 + 项目支出”). Loading them here
# registers their rules in catalog order; their outcomes are decided by rules compiled from the
# declarations (rules/identities/__init__.py).
# ---------------------------------------------------------------------------------------------

_PACKAGED = {d.id: d.spec for d in identities.load_packaged()}
T02_ROW = _PACKAGED["T02-ROW"]
T03_ROW = _PACKAGED["T03-ROW"]
T05_ROW = _PACKAGED["T05-ROW"]
T07_ROW = _PACKAGED["T07-ROW"]
T07_CARRY = _PACKAGED["T07-CARRY"]
T08_ROW = _PACKAGED["T08-ROW"]
T01_INCOME_SUM = _PACKAGED["T01-INCOME-SUM"]  # lane sums: lane_sum = "本年收入合计" …
T01_EXPENSE_SUM = _PACKAGED["T01-EXPENSE-SUM"]
T04_INCOME_SUM = _PACKAGED["T04-INCOME-SUM"]
T04_EXPENSE_SUM = _PACKAGED["T04-EXPENSE-SUM"]
T04_ROW = _PACKAGED["T04-ROW"]  # 04表 支出方 rows only (lane = "expense")
T09_TOTAL = _PACKAGED["T09-TOTAL"]
T09_VEHICLE = _PACKAGED["T09-VEHICLE"]

# ---------------------------------------------------------------------------------------------
# 公开09表 “三公”经费 and 公开10表 政府采购
# ---------------------------------------------------------------------------------------------

T10_PROCUREMENT = define_rule(
    "T10-PROCUREMENT",
    title="部门决算公开相关信息统计表：政府采购合计＝货物＋工程＋服务",
    severity="error",
    family="arithmetic",
    tables=("10",),
    rationale="政府采购支出合计应等于货物、工程、服务三类采购之和。",
    fires="政府采购合计 5.00，货物为空，工程为空，服务 3.50。",
    silent="政府采购合计 3.50 = 服务 3.50；或统计表未列政府采购。",
)

# Two-sided tables: rules per table (their lane sums are declared: `lane_sum` in
# rules/identities/final_01.toml, final_04.toml).
TWO_SIDED: dict[str, dict[str, RuleSpec]] = {
    "01": {"total": T01_TOTAL, "balance": T01_BALANCE},
    "04": {"total": T04_TOTAL, "balance": T04_BALANCE},
}

PROCUREMENT_PARTS = ("货物", "工程", "服务")


def column_words(columns: Sequence[str], column: str) -> str:
    """“合计”栏 when the lane has several columns, nothing otherwise."""
    return f"“{column}”栏" if len(columns) > 1 else ""


def two_sided_plan(table: Table, rules: dict[str, RuleSpec] | None = None) -> Plan:
    """Identities of 01表 / 04表 (or, with `rules`, of a budget 收支总表): per-lane sums, totals
    and the balance. The lane sums of 01/04表 are the declared ``lane_sum`` identities of that
    lane (rules/identities/final_01.toml, final_04.toml), planned here in the lane's place; 04表's
    row identity T04-ROW is declared too (``each_row`` with a lane)."""
    rules = rules or TWO_SIDED[table.id]
    plan = Plan()
    lanes = {name: read_lane(table, name) for name in ("income", "expense")}
    if not any(lane.rows for lane in lanes.values()):
        plan.not_evaluated.append(missing_rows(rules["balance"], table, "收入方、支出方各行"))
        return plan
    for name, lane in lanes.items():
        side = LANE_WORDS[name]
        columns = lane_columns(table, lane)
        sub_key = SUBTOTAL_KEYS[name]
        key = f"{name}_sum"
        sums = (
            [rules[key]] if key in rules else [d.spec for d in identities.declared_lane_sums(table.id, name)]
        )
        for sum_rule in sums:
            if lane.subtotal is None:
                plan.not_evaluated.append(missing_rows(sum_rule, table, f"{side}“{sub_key}”行"))
            elif not lane.items:
                plan.not_evaluated.append(missing_rows(sum_rule, table, f"{side}{sub_key}的明细行"))
            else:
                for col in columns:
                    plan.identities.append(column_sum(sum_rule, table, lane.subtotal, lane.items, col))
        if lane.total is None:
            plan.not_evaluated.append(missing_rows(rules["total"], table, f"{side}“总计”行"))
        else:
            head = [lane.subtotal] if lane.subtotal is not None else lane.items
            parts = head + lane.adjustments
            if parts:
                for col in columns:
                    plan.identities.append(column_sum(rules["total"], table, lane.total, parts, col))
    income, expense = lanes["income"], lanes["expense"]
    if income.total is None or expense.total is None:
        plan.not_evaluated.append(missing_rows(rules["balance"], table, "收入方或支出方“总计”行"))
    else:
        in_cols = lane_columns(table, income)
        out_cols = lane_columns(table, expense)
        if in_cols and out_cols:
            out_col = TOTAL if TOTAL in out_cols else out_cols[0]
            plan.identities.append(
                cross_cells(
                    rules["balance"],
                    Slot(table, income.total, in_cols[0]),
                    [(Slot(table, expense.total, out_col), 1)],
                    f"支出方“总计”{column_words(out_cols, out_col)}",
                    substitutable=False,
                )
            )
    return plan


def row_identities(
    rule: RuleSpec,
    table: Table,
    rows: Sequence[Row],
    total_column: str,
    parts: Sequence[tuple[str, int]],
    present: set[str],
) -> Plan:
    """One identity per row across its columns; only columns printed somewhere in the table
    take part (an absent column can only be blank), and a table without the total column at
    all is reported as not evaluated instead of one blank-total finding per row."""
    plan = Plan()
    used = [(c, s) for c, s in parts if c in present]
    if not used:
        return plan
    if total_column not in present:
        plan.not_evaluated.append(missing_rows(rule, table, f"“{total_column}”栏"))
        return plan
    for row in rows:
        plan.identities.append(row_sum(rule, table, row, total_column, used))
    return plan


def declared_row_plan(table: Table) -> Plan:
    """The declared row identities of the table (rules/identities), on every row (合计 row
    included) or every row of the declared lane: packaged ones for 02/03/04/05/07/08/09表, and any
    an operator added. (The budget tables' are planned by rules/budget_arithmetic.py.)"""
    plan = Plan()
    if table.id not in FINAL_ACCOUNT_TABLES:
        return plan
    declared = identities.declared_row_forms(table.id)
    if not declared:
        return plan
    rows = code_table_rows(table)
    present = set(value_columns(table, rows))
    for d, form in declared:
        if form.lane is not None:  # one lane of a two-sided table (04表 支出方)
            lane = read_lane(table, form.lane)
            plan.extend(
                row_identities(
                    d.spec, table, lane.rows, form.total, form.parts, set(lane_columns(table, lane))
                )
            )
        else:
            plan.extend(row_identities(d.spec, table, rows, form.total, form.parts, present))
    return plan


def procurement_plan(table: Table) -> Plan:
    """10表: 政府采购 合计 = 货物 + 工程 + 服务, only when all four rows were read."""
    plan = Plan()
    rows = code_table_rows(table)
    total = next((r for r in rows if row_name(r) in ("合计", "政府采购合计")), None)
    parts = [next((r for r in rows if row_name(r) == p), None) for p in PROCUREMENT_PARTS]
    if total is None or any(p is None for p in parts):
        return plan
    present = [p for p in parts if p is not None]
    for col in value_columns(table, [total, *present]):
        plan.identities.append(column_sum(T10_PROCUREMENT, table, total, present, col))
    return plan


ARITHMETIC_RULES: tuple[RuleSpec, ...] = (
    T01_INCOME_SUM,
    T01_EXPENSE_SUM,
    T01_TOTAL,
    T01_BALANCE,
    T02_ROW,
    T03_ROW,
    T04_INCOME_SUM,
    T04_EXPENSE_SUM,
    T04_TOTAL,
    T04_BALANCE,
    T04_ROW,
    T05_ROW,
    T07_ROW,
    T07_CARRY,
    T08_ROW,
    T09_TOTAL,
    T09_VEHICLE,
    T10_PROCUREMENT,
)


def plan(disclosure: Disclosure) -> Plan:
    """All row/column identities of the final-account tables in `disclosure`."""
    out = Plan()
    if not applies_to_final_account(disclosure):
        return out
    out.extend(missing_tables(disclosure, ARITHMETIC_RULES))
    for tid in sorted(disclosure.tables):
        table = disclosure.tables[tid]
        if table.empty:
            continue
        if tid in TWO_SIDED:
            out.extend(two_sided_plan(table))
        elif tid == "10":
            out.extend(procurement_plan(table))
        out.extend(declared_row_plan(table))
    return out


# The table-reading names stay importable from here for modules that predate rules/reading.py.
__all__ = [
    "ARITHMETIC_RULES",
    "GRAND_TOTAL_KEY",
    "LANE_WORDS",
    "SUBTOTAL_KEYS",
    "Lane",
    "applies_to_final_account",
    "code_table_rows",
    "is_filler",
    "missing_tables",
    "plan",
    "read_lane",
    "row_name",
]
