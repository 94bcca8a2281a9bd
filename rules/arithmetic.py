"""Row and column identities inside one final-account table (公开01–05, 07–10表).

Every rule here is declared as data (rules/identities/final_*.toml: its id, title, severity,
rationale, the identity and its examples) and registered when the packaged declarations load; the
`plan` function walks a `Disclosure` and states the identities each rule checks — which rows and
columns make them up is the table reader's (rules/reading.py). Whether an identity holds, is a
rounding residue or is broken is decided by the rules compiled for its id (rules/identities) with
the Calc 1.1 tolerance (rules/tolerance.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.model import Disclosure, Row, Table
from ingest.schema import FINAL_ACCOUNT_TABLES
from rules import identities
from rules.catalog import RuleSpec
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

# The totals and the balance of both tables are declared as data too (``lane_total``:
# “总计 = 本年收入合计 + 结转结余等调整项目” per lane, ``balance``: “收入方总计 = 支出方总计”, in
# rules/identities/final_01.toml, final_04.toml), registered below with the other declarations.

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
T01_TOTAL = _PACKAGED["T01-TOTAL"]  # lane_total = { income = "总计 = 本年收入合计 + …", … }
T01_BALANCE = _PACKAGED["T01-BALANCE"]  # balance = "收入方总计 = 支出方总计"
T04_INCOME_SUM = _PACKAGED["T04-INCOME-SUM"]
T04_EXPENSE_SUM = _PACKAGED["T04-EXPENSE-SUM"]
T04_TOTAL = _PACKAGED["T04-TOTAL"]
T04_BALANCE = _PACKAGED["T04-BALANCE"]
T04_ROW = _PACKAGED["T04-ROW"]  # 04表 支出方 rows only (lane = "expense")
T09_TOTAL = _PACKAGED["T09-TOTAL"]
T09_VEHICLE = _PACKAGED["T09-VEHICLE"]

# 公开10表 政府采购: “合计 = 货物 + 工程 + 服务” down the column (``each_column``, with the 合计
# row's other label and only when all four rows are read: final_10.toml).
T10_PROCUREMENT = _PACKAGED["T10-PROCUREMENT"]

# The two-sided tables this module plans (the budget 收支总表 B01/B04: rules/budget_arithmetic.py).
TWO_SIDED_TABLES = ("01", "04")


def column_words(columns: Sequence[str], column: str) -> str:
    """“合计”栏 when the lane has several columns, nothing otherwise."""
    return f"“{column}”栏" if len(columns) > 1 else ""


def two_sided_plan(table: Table) -> Plan:
    """Identities of a two-sided table (01表 / 04表, or a budget 收支总表 B01/B04), all declared
    (rules/identities/final_01.toml, final_04.toml, budget_B01_B04.toml): per lane, its ``lane_sum``
    (本年合计 = Σ the item rows) then its ``lane_total`` (总计 = 本年合计 — or the item rows when no
    本年合计 row is read — + the adjustment rows the lane reader finds), every column of the lane;
    then the ``balance`` (one lane's 总计 = the other's, in the declared columns). Which rows are
    the items, the 本年合计, the adjustments and the 总计 is the lane reader's (`read_lane`)."""
    plan = Plan()
    balances = identities.declared_balances(table.id)
    lanes = {name: read_lane(table, name) for name in ("income", "expense")}
    if not any(lane.rows for lane in lanes.values()):
        for bal in balances:
            plan.not_evaluated.append(missing_rows(bal.spec, table, "收入方、支出方各行"))
        return plan
    for name, lane in lanes.items():
        side = LANE_WORDS[name]
        columns = lane_columns(table, lane)
        sub_key = SUBTOTAL_KEYS[name]
        for sum_rule in [d.spec for d in identities.declared_lane_sums(table.id, name)]:
            if lane.subtotal is None:
                plan.not_evaluated.append(missing_rows(sum_rule, table, f"{side}“{sub_key}”行"))
            elif not lane.items:
                plan.not_evaluated.append(missing_rows(sum_rule, table, f"{side}{sub_key}的明细行"))
            else:
                for col in columns:
                    plan.identities.append(column_sum(sum_rule, table, lane.subtotal, lane.items, col))
        for total in identities.declared_lane_totals(table.id, name):
            if lane.total is None:
                plan.not_evaluated.append(missing_rows(total.spec, table, f"{side}“总计”行"))
                continue
            head = [lane.subtotal] if lane.subtotal is not None else lane.items
            parts = head + lane.adjustments
            if parts:
                for col in columns:
                    plan.identities.append(column_sum(total.spec, table, lane.total, parts, col))
    for bal in balances:
        left, right = (lanes[name] for name in bal.lanes)
        if left.total is None or right.total is None:
            plan.not_evaluated.append(missing_rows(bal.spec, table, "收入方或支出方“总计”行"))
            continue
        left_cols = lane_columns(table, left)
        right_cols = lane_columns(table, right)
        if left_cols and right_cols:
            left_col = bal.column(left.name, left_cols)
            right_col = bal.column(right.name, right_cols)
            plan.identities.append(
                cross_cells(
                    bal.spec,
                    Slot(table, left.total, left_col),
                    [(Slot(table, right.total, right_col), 1)],
                    f"{LANE_WORDS[right.name]}“总计”{column_words(right_cols, right_col)}",
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


def declared_column_plan(table: Table) -> Plan:
    """The declared ``each_column`` identities of a final-account table (10表: 合计 = 货物 + 工程 +
    服务), down each column the rows print: each named row is the first row read under its name or
    one of its ``row_aliases``; with ``require_all_rows`` a sum is stated only when every row it
    names is read, otherwise the rows read stand (nothing without the total or any part)."""
    plan = Plan()
    declared = identities.declared_column_sums(table.id) if table.id in FINAL_ACCOUNT_TABLES else []
    if not declared:
        return plan
    rows = code_table_rows(table)

    def find(names: tuple[str, ...]) -> list[Row]:
        return [r for r in rows if row_name(r) in names]

    for d in declared:
        for total_name, part_names in d.column_sums:
            found = d.sum_rows(total_name, part_names, find)
            if found is None:
                continue
            total, parts = found
            for col in value_columns(table, [total, *parts]):
                if d.takes_column(col):
                    plan.identities.append(column_sum(d.spec, table, total, parts, col))
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
        if tid in TWO_SIDED_TABLES:
            out.extend(two_sided_plan(table))
        out.extend(declared_column_plan(table))
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
