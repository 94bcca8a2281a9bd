"""Subject-code hierarchies inside one table: 合计 = Σ top-level rows, 类 = Σ款 = Σ项, 06表 econ.

Rows are keyed by their subject code, so print order does not matter (seed tables print 7-digit
项 codes unsorted, and 30299 may stand away from its 302 block). A parent code row is compared
with its *nearest printed descendants*: its 款 rows, or its 项 rows directly when the 款 row is
not printed. The 合计 row is compared with the rows that have no printed ancestor. A table whose
coded rows carry lanes (收入 / 支出) is one such tree per lane, each with that lane's own 合计.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.model import Disclosure, Row, Table
from ingest.schema import normalise_label
from rules import identities
from rules.catalog import RuleSpec, rule_by_id
from rules.checks import Plan, column_sum, missing_rows, missing_tables, value_columns
from rules.codes import CodeTree, code_tree, row_code
from rules.identities.declarations import ECON_CLASS_TOTALS
from rules.reading import LANE_WORDS, applies_to_final_account, find_row, is_filler, row_name, total_row
from rules.wording import column_phrase, level_word, listed_codes

# Declared as data (rules/identities/code_tables.toml, [[code_sum]]): the Σ over however many
# code rows a table prints is computed here, before the figures enter the engine; the comparison,
# the tolerance and the outcome are the rules compiled for each rule id. An operator's [[code_sum]]
# runs beside them (the same sums, its own id, severity and wording).
identities.load_packaged()
TAB_COL_SUM = rule_by_id("TAB-COL-SUM")
TAB_HIER = rule_by_id("TAB-HIER")


def total_sums() -> list[RuleSpec]:
    """The rules of “合计 = Σ 顶层科目” (TAB-COL-SUM and any declared beside it)."""
    return [d.spec for d in identities.declared_code_sums("total")]


def children_sums() -> list[RuleSpec]:
    """The rules of “上级科目 = Σ 下级科目” (TAB-HIER and any declared beside it)."""
    return [d.spec for d in identities.declared_code_sums("children")]


TAB_SUBROWS = rule_by_id("TAB-SUBROWS")  # declared: code_tables.toml (“所属行 = Σ 明细行”)
T06_ECON_HIER = rule_by_id("T06-ECON-HIER")  # declared: code_tables.toml
# declared: code_tables.toml (“人员经费合计 = Σ 经济分类类级” with classes 301, 303; 公用经费合计 the others)
T06_PERSONNEL = rule_by_id("T06-PERSONNEL")
T06_OPERATING = rule_by_id("T06-OPERATING")

# Code tables of a 决算 (for "table absent" reporting); the generic rules run on any table with
# functional subject codes, budget tables included.
CODE_TABLES = ("02", "03", "05", "07", "08")
# Tables whose coded lanes another family sums lane by lane with the same identities: B09, by
# TB-CAPITAL-INCOME / -EXPENSE (rules.budget_arithmetic, which also reads a 收入 lane of revenue
# codes). The resolver drops a repeated sum only when it can be evaluated: stated here as well, a
# lane without its 合计 or an unreadable cell would be reported twice.
LANES_SUMMED_ELSEWHERE = frozenset({"B09"})

HIERARCHY_RULES: tuple[RuleSpec, ...] = (
    TAB_COL_SUM,
    TAB_HIER,
    TAB_SUBROWS,
    T06_ECON_HIER,
    T06_PERSONNEL,
    T06_OPERATING,
)


def coded_lanes(rows: Sequence[Row], domain: str) -> list[str | None]:
    """The lanes of the rows carrying `domain` codes, in printed order; [] when none has a lane
    (a one-lane table). A coded row without a lane then forms a lane of its own (None)."""
    lanes = list(dict.fromkeys(r.lane for r in rows if row_code(r, domain) is not None))
    return lanes if any(lane is not None for lane in lanes) else []


def has_printed_figures(row: Row) -> bool:
    """True when some cell of the row holds a non-zero amount."""
    return any(c.amount is not None and c.amount.value != 0 for c in row.cells.values())


def functional_plan(table: Table, expect_codes: bool = False) -> Plan:
    """TAB-COL-SUM and TAB-HIER on one table with functional subject codes.

    With `expect_codes` (the 决算 code tables), a 合计 row with figures but no code row read is
    reported as not evaluated rather than passed over. When the coded rows carry lanes (as both
    sides of B09 国有资本经营预算收支预算表, whose lanes `plan` leaves to TB-CAPITAL-*), each lane is
    a code table of its own: its rows, its codes and its own 合计, no sum ever mixing lanes, so the
    lanes may print different codes (or the same ones) in any order.
    """
    rows = [r for r in table.rows if not is_filler(r)]
    lanes = coded_lanes(rows, "func")
    if not lanes:
        return tree_plan(table, code_tree(rows, "func"), total_row(table), expect_codes)
    plan = Plan()
    for lane in lanes:
        lane_rows = [r for r in rows if r.lane == lane]
        total = total_row(table, [r for r in table.rows if r.lane == lane])
        side = LANE_WORDS.get(lane, "") if lane else ""
        plan.extend(tree_plan(table, code_tree(lane_rows, "func"), total, expect_codes, side))
    return plan


def tree_plan(table: Table, tree: CodeTree, total: Row | None, expect_codes: bool, side: str = "") -> Plan:
    """合计 = Σ top-level code rows and parent = Σ nearest printed children, per column, over one
    code tree (a table's, or one lane's with `side` 收入方 / 支出方 naming that lane)."""
    plan = Plan()
    totals, parents = total_sums(), children_sums()
    if not tree.by_code:
        if expect_codes and total is not None and has_printed_figures(total):
            for rule in totals:
                plan.not_evaluated.append(missing_rows(rule, table, f"{side}功能分类科目行"))
        return plan
    columns = value_columns(table, tree.by_code.values())
    if total is None:
        for rule in totals:
            plan.not_evaluated.append(missing_rows(rule, table, f"{side}“合计”行"))
    else:
        columns = value_columns(table, [total, *tree.by_code.values()])
        word = level_word(tree.roots)
        for rule in totals:
            for col in columns:
                plan.identities.append(
                    column_sum(
                        rule,
                        table,
                        total,
                        tree.roots,
                        col,
                        f"{side}各{word}级科目{column_phrase(columns, col)}之和",
                    )
                )
    for code, children in tree.children.items():
        parent = tree.by_code[code]
        text = f"其下{level_word(children)}级科目（{listed_codes(children)}）"
        for rule in parents:
            for col in columns:
                plan.identities.append(
                    column_sum(rule, table, parent, children, col, f"{text}{column_phrase(columns, col)}之和")
                )
    return plan


def econ_plan(table: Table) -> Plan:
    """06表: econ 类 = Σ款 (T06-ECON-HIER); a total row = Σ the 类 a declaration names (T06-PERSONNEL:
    人员经费合计 = 301 + 303; T06-OPERATING: 公用经费合计 = the other 类), as declared."""
    plan = Plan()
    tree = code_tree([r for r in table.rows if not is_filler(r)], "econ")
    econ_sums = [d.spec for d in identities.declared_code_sums("econ_children")]  # T06-ECON-HIER …
    if not tree.by_code:
        for rule in econ_sums:
            plan.not_evaluated.append(missing_rows(rule, table, "经济分类科目行"))
        return plan
    columns = value_columns(table, tree.by_code.values())
    for code, children in tree.children.items():
        parent = tree.by_code[code]
        text = f"其下款级科目（{listed_codes(children)}）"
        for rule in econ_sums:
            for col in columns:
                plan.identities.append(
                    column_sum(rule, table, parent, children, col, f"{text}{column_phrase(columns, col)}之和")
                )
    for decl in identities.declared_code_sums("econ_classes"):  # T06-PERSONNEL, T06-OPERATING …
        parts = [r for r in tree.roots if decl.takes(r.code or "")]
        row = find_row(table, decl.row, ECON_CLASS_TOTALS[decl.row])
        if row is None:
            plan.not_evaluated.append(missing_rows(decl.spec, table, f"“{decl.row}”行"))
            continue
        for col in value_columns(table, [row, *parts]):
            plan.identities.append(column_sum(decl.spec, table, row, parts, col))
    return plan


def subrows_plan(table: Table) -> Plan:
    """TAB-SUBROWS: a row of a two-sided table equals the sum of its sub-rows (rows naming it as
    `parent`, e.g. 年初财政拨款结转和结余 → 一般公共预算财政拨款 …). Elsewhere `parent` names a
    section heading (10表 政府采购情况), which carries no figure to compare. The rules are the declared
    “所属行 = Σ 明细行” code sums (TAB-SUBROWS, and any an operator adds)."""
    plan = Plan()
    rules = [d.spec for d in identities.declared_code_sums("subrows")]
    groups: dict[tuple[str, str | None], list[Row]] = {}
    for r in table.rows:
        if r.parent and r.lane and not r.code and not is_filler(r):
            groups.setdefault((r.parent, r.lane), []).append(r)
    for (parent_key, lane), subrows in groups.items():
        parent = next(
            (
                r
                for r in table.rows
                if r.lane == lane and not r.parent and (r.key == parent_key or row_name(r) == parent_key)
            ),
            None,
        )
        if parent is None:
            for rule in rules:
                plan.not_evaluated.append(
                    missing_rows(rule, table, f"“{normalise_label(parent_key)}”行（其明细行已识别）")
                )
            continue
        for rule in rules:
            for col in value_columns(table, [parent, *subrows]):
                plan.identities.append(column_sum(rule, table, parent, subrows, col))
    return plan


def plan(disclosure: Disclosure) -> Plan:
    """Code hierarchies of every table; 06表 rules and table-absent entries for 决算 documents."""
    out = Plan()
    final = applies_to_final_account(disclosure)
    if final:
        out.extend(
            missing_tables(disclosure, (TAB_COL_SUM, TAB_HIER, T06_ECON_HIER, T06_PERSONNEL, T06_OPERATING))
        )
    for tid in sorted(disclosure.tables):
        table = disclosure.tables[tid]
        if table.empty:
            continue
        if tid not in LANES_SUMMED_ELSEWHERE:
            out.extend(functional_plan(table, expect_codes=final and tid in CODE_TABLES))
        if final:
            if tid == "06":
                out.extend(econ_plan(table))
            out.extend(subrows_plan(table))
    return out
