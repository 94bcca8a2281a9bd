"""In-table identities of a 预算公开 (B01–B13): the budget counterparts of rules/arithmetic.py.

The generic 类/款/项 sums of the budget code tables (B02, B03, B05, B08) are rules/hierarchy.py's;
here: the two-sided 收支总表 and 财政拨款收支总表 (lane sums, totals, balance, the columns of each
expense row), the row identity of the code tables (合计 = 基本支出 + 项目支出), the 基本支出 table
by economic category, the “三公” table, and the 国有资本经营预算收支预算表 (B09), whose two lanes
each carry their own subject codes and 合计. Same identities, same engine path, same tolerance.

Declared as data (rules/identities/budget_*.toml, decided by the rules compiled for their ids):
TB-INCOME-SUM / TB-EXPENSE-SUM (``lane_sum`` on B01/B04), TB-ROW (``each_row``, one expression per
table), TB-ECON (``each_row`` and ``groups``), TB-THREE-PUBLIC (``each_column``), TB-CAPITAL-ROW,
TB-CAPITAL-INCOME / -EXPENSE (``[[code_sum]]`` with a ``lane``: the code tree inside each lane of
B09, worded by the printed levels), TB-TOTAL (``lane_total``: 总计 = 本年合计 + the 结转 rows the lane
reader finds, like T01/T04-TOTAL) and TB-BALANCE (``balance``: 收入方总计 = 支出方总计). This module
reads the tables (which rows each identity runs on, in which order) and keeps in Python the rule
that is no single declared shape: TB-CAPITAL-BALANCE (only when the title says the table excludes
carry-over).
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.model import Disclosure, Row, Table
from ingest.schema import code_domain
from rules import identities
from rules.arithmetic import row_identities, two_sided_plan
from rules.catalog import RuleSpec
from rules.checks import Plan, Slot, column_sum, cross_cells, missing_rows, value_columns
from rules.codes import code_tree
from rules.hierarchy import subrows_plan
from rules.identities.declarations import CODED_BALANCE_ROW, CONDITIONS, TABLE_SCHEMAS
from rules.reading import LANE_WORDS, code_table_rows, coded_lane_total, is_filler, read_lane, row_name
from rules.wording import column_phrase, level_word, listed_codes

# The declared rules (rules/identities/budget_*.toml), registered when the packaged files load.
_PACKAGED = {d.id: d.spec for d in identities.load_packaged()}
TB_INCOME_SUM = _PACKAGED["TB-INCOME-SUM"]
TB_EXPENSE_SUM = _PACKAGED["TB-EXPENSE-SUM"]
TB_ROW = _PACKAGED["TB-ROW"]
TB_ECON = _PACKAGED["TB-ECON"]
TB_THREE_PUBLIC = _PACKAGED["TB-THREE-PUBLIC"]
TB_CAPITAL_ROW = _PACKAGED["TB-CAPITAL-ROW"]

TB_TOTAL = _PACKAGED["TB-TOTAL"]  # lane_total on B01/B04, budget_B01_B04.toml
TB_BALANCE = _PACKAGED["TB-BALANCE"]  # balance = "收入方总计 = 支出方总计"
TB_CAPITAL_INCOME = _PACKAGED["TB-CAPITAL-INCOME"]  # code sums in a lane: budget_B09.toml
TB_CAPITAL_EXPENSE = _PACKAGED["TB-CAPITAL-EXPENSE"]


TB_CAPITAL_BALANCE = _PACKAGED["TB-CAPITAL-BALANCE"]  # balance on B09 with when, budget_B09.toml


def capital_balances(d: Disclosure) -> Plan:
    """The declared balances of a budget document's B09 (TB-CAPITAL-BALANCE: “收入方合计 = 支出方
    合计”, only when its title says it excludes the carry-over, ``when``), each lane's 合计 row read
    in the column ``balance_columns`` names; nothing where either 合计 row is not printed."""
    out = Plan()
    table = d.table("B09") if _is_budget(d) else None
    if table is None or table.empty:
        return out
    for bal in identities.declared_balances("B09"):
        if bal.when and not CONDITIONS[bal.when](d):
            continue
        (left, left_col), (right, right_col) = ((lane, dict(bal.columns)[lane]) for lane in bal.lanes)
        left_total, right_total = coded_lane_total(table, left), coded_lane_total(table, right)
        if left_total is not None and right_total is not None:
            out.identities.append(
                cross_cells(
                    bal.spec,
                    Slot(table, left_total, left_col),
                    [(Slot(table, right_total, right_col), 1)],
                    f"{LANE_WORDS[right]}“{CODED_BALANCE_ROW}”行“{right_col}”栏",
                    substitutable=False,
                )
            )
    return out


BUDGET_ARITHMETIC_RULES: tuple[RuleSpec, ...] = (
    TB_INCOME_SUM,
    TB_EXPENSE_SUM,
    TB_TOTAL,
    TB_BALANCE,
    TB_ROW,
    TB_ECON,
    TB_THREE_PUBLIC,
    TB_CAPITAL_INCOME,
    TB_CAPITAL_EXPENSE,
    TB_CAPITAL_ROW,
)
# The two-sided tables (their lane sums, totals and balance are all declared, planned lane by lane
# by rules/arithmetic.py `two_sided_plan`).
TWO_SIDED_TABLES = ("B01", "B04")
# Tables whose row identities run on every row that prints a figure (not only code rows).
PRINTED_ROWS_TABLES = frozenset({"B06", "B10", "B11", "B12", "B13"})
# Tables where a row identity whose total column is not printed at all is skipped rather than
# reported as not evaluated (as before these identities were declared; kept so that the move
# changes no output).
QUIET_WITHOUT_TOTAL = frozenset({"B01", "B04", "B06"})
# The rows that total a 基本支出 table's economic classes (``groups``).
GROUP_TOTALS = ("合计", "总计")


def _name(r: Row) -> str:
    return row_name(r).split("#")[0]


def _identity_rows(table: Table, lane: str | None) -> list[Row]:
    """The rows a declared ``each_row`` identity runs on: one lane's (two-sided tables, B09), every
    row printing a figure (B06, B10–B13), else the 合计 and code rows."""
    if lane is not None:
        if table.id in TWO_SIDED_TABLES:
            return read_lane(table, lane).rows
        return [r for r in table.rows if r.lane == lane and not is_filler(r)]
    if table.id in PRINTED_ROWS_TABLES:
        return [r for r in table.rows if r.cells]
    return code_table_rows(table)


def declared_rows(table: Table) -> Plan:
    """The declared row identities (``each_row``) of a budget table, on every row it reads."""
    plan = Plan()
    for d, form in identities.declared_row_forms(table.id):
        rows = _identity_rows(table, form.lane)
        present = set(value_columns(table, rows))
        if form.total not in present and table.id in QUIET_WITHOUT_TOTAL:
            continue
        plan.extend(row_identities(d.spec, table, rows, form.total, form.parts, present))
    return plan


def declared_column_sums(table: Table) -> Plan:
    """The declared ``each_column`` identities (B10: 合计 = the three items; 公务用车 = 购置 + 运行
    维护), down every column; a row is read under its name or its ``row_aliases``; items not printed
    are left out, nothing without the total row or without any of its items (or, with
    ``require_all_rows``, without every one)."""
    plan = Plan()
    by_name = {_name(r): r for r in table.rows}
    columns = value_columns(table, table.rows)

    def find(names: tuple[str, ...]) -> list[Row]:
        return [by_name[n] for n in names if n in by_name][:1]

    for d in identities.declared_column_sums(table.id):
        for total, parts in d.column_sums:
            found = d.sum_rows(total, parts, find)
            if found is None:
                continue
            t, items = found
            for col in columns:
                if d.takes_column(col):
                    plan.identities.append(column_sum(d.spec, table, t, items, col))
    return plan


def declared_groups(table: Table) -> Plan:
    """The declared ``groups`` (B06): each 类 row named there = Σ the rows printed under it up to
    the next 类, and the 合计 (总计) row = Σ the 类 rows, per column."""
    plan = Plan()
    declared = identities.declared_groups(table.id)
    if not declared:
        return plan
    rows = [r for r in table.rows if r.cells]
    columns = value_columns(table, rows)
    total = next((r for r in rows if _name(r) in GROUP_TOTALS), None)
    for d in declared:
        heads = frozenset(d.groups)
        classes: list[tuple[Row, list[Row]]] = []
        for r in rows:
            if r is total:
                continue
            if _name(r) in heads:
                classes.append((r, []))
            elif classes:
                classes[-1][1].append(r)
        for cls, items in classes:
            if items:
                for col in columns:
                    plan.identities.append(
                        column_sum(d.spec, table, cls, items, col, f"其下各款（{len(items)}项）之和")
                    )
        if total is not None and classes:
            tops = [c for c, _ in classes]
            for col in columns:
                plan.identities.append(column_sum(d.spec, table, total, tops, col, "各经济分类类级之和"))
    return plan


def lane_sums(rule: RuleSpec, table: Table, lane: str, columns: Sequence[str]) -> Plan:
    """合计 = Σ top-level subject rows, parent = Σ its nearest printed children, per column, inside
    one lane (codes of the lane's own domain; a lane without codes sums its captioned rows)."""
    plan = Plan()
    rows = [r for r in table.rows if r.lane == lane and not is_filler(r)]
    total = coded_lane_total(table, lane)
    domain = next((code_domain(r.code)[0] for r in rows if r.code and code_domain(r.code)[0]), None)
    tree = code_tree(rows, domain) if domain else None
    side = LANE_WORDS[lane]
    columns = [c for c in columns if c in set(value_columns(table, rows))]
    if tree is not None and tree.by_code:
        heads = tree.roots
        word = f"{side}各{level_word(heads)}级科目"
    else:
        heads = [r for r in rows if r is not total and r.role != "total"]
        word = f"{side}各行"
    if total is None:
        if heads and columns:
            plan.not_evaluated.append(missing_rows(rule, table, f"{side}“合计”行"))
    elif heads:
        for col in columns:
            plan.identities.append(
                column_sum(rule, table, total, heads, col, f"{word}{column_phrase(columns, col)}之和")
            )
    if tree is not None:
        for code, children in tree.children.items():
            text = f"其下{level_word(children)}级科目（{listed_codes(children)}）"
            for col in columns:
                plan.identities.append(
                    column_sum(
                        rule,
                        table,
                        tree.by_code[code],
                        children,
                        col,
                        f"{text}{column_phrase(columns, col)}之和",
                    )
                )
    return plan


def capital_sums(table: Table) -> Plan:
    """B09: each lane's 合计 and code hierarchy, as declared (``lane`` code sums: TB-CAPITAL-INCOME,
    TB-CAPITAL-EXPENSE, and any an operator adds), in the columns the schema gives that lane."""
    plan = Plan()
    schema = TABLE_SCHEMAS[table.id]
    for d in identities.declared_code_sums("lane_tree"):
        if table.id in d.spec.tables:
            columns = schema.lane_columns[schema.lanes.index(d.lane)]
            plan.extend(lane_sums(d.spec, table, d.lane, columns))
    return plan


def plan(disclosure: Disclosure) -> Plan:
    """In-table identities of the budget tables of `disclosure`, table by table in this order:
    lane sums, totals and balance (B01/B04) or each lane's code sums (B09); column sums (B10);
    row identities; economic class sums (B06); sub-rows (B01/B04). B09's balance is
    TB-CAPITAL-BALANCE's own (its checker runs right after this one)."""
    out = Plan()
    if not _is_budget(disclosure):
        return out
    for tid, table in sorted(disclosure.tables.items()):
        if table.empty or not tid.startswith("B"):
            continue
        if tid in TWO_SIDED_TABLES:
            out.extend(two_sided_plan(table))
        elif tid == "B09":
            out.extend(capital_sums(table))
        out.extend(declared_column_sums(table))
        out.extend(declared_rows(table))
        out.extend(declared_groups(table))
        if tid in TWO_SIDED_TABLES:
            out.extend(subrows_plan(table))
    return out


def _is_budget(disclosure: Disclosure) -> bool:
    """A 预算公开, or a document that carries budget tables (B…)."""
    return disclosure.kind == "budget" or any(t.startswith("B") for t in disclosure.tables)


__all__ = ["BUDGET_ARITHMETIC_RULES", "plan"]
