"""Identities between the tables of a 预算公开 (B01–B13): XB01-02-INCOME, XB01-03-EXPENSE,
XB04-05-GENERAL, XB05-06-BASIC, XB03-12-PROJECT, XB10-06-THREE-PUBLIC, XB11-06-AGENCY,
XB01-09-CAPITAL — all declared as data (rules/identities/budget_*.toml) and compiled into the
ruleset. `declared` plans them on a budget document (`is_budget`), each pair of tables in its
place where both are printed (each declaration skips an empty table unless it reads it), and after
the budget rules an operator's between any other pair; nothing on any other document. The registry
(rules/registry.py) runs them in this order, right after the 决算 ones (rules/cross_table/).
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure
from rules.catalog import rule_by_id
from rules.identities import equalities as declared_equalities
from rules.judgements import JudgementPlan
from rules.reading import (
    applies_to_final_account,
)


def is_budget(d: Disclosure) -> bool:
    """A 预算公开, or a document that is no 决算 but carries budget tables (B…): the documents the
    budget cross-table rules read (a 决算's are rules/cross_table/__init__.py's)."""
    if applies_to_final_account(d):
        return False
    return d.kind == "budget" or any(tid.startswith("B") for tid in d.tables)


# The pairs of budget tables whose declared equalities have a checker of their own (`declared(left,
# right)`); `declared()` states those between any other pair of budget tables.
_BETWEEN: set[tuple[str, str]] = set()


def declared(left: str | None = None, right: str | None = None) -> Callable[[Disclosure], JudgementPlan]:
    """The implementation of the equalities declared as data between two budget tables (left,
    right; rules/identities/budget_*.toml, and an operator's of the same pair): planned when both
    tables are printed and not empty, in their declarations' order; without a pair, those between
    budget tables no other such checker names (each skipping empty tables itself unless it reads
    them)."""
    pair = (left, right) if left is not None and right is not None else None
    if pair is not None:
        _BETWEEN.add(pair)

    def plan_declared(d: Disclosure) -> JudgementPlan:
        plan = JudgementPlan()
        if not is_budget(d):
            return plan
        if pair is None:
            budget = {tid: tb for tid, tb in d.tables.items() if tid.startswith("B")}
            declared_equalities.plan(plan, budget, besides=frozenset(_BETWEEN), document=d)
        elif pair[0] in d.tables and pair[1] in d.tables:  # (empty ones: as each declaration reads them)
            declared_equalities.plan(plan, d.tables, between=pair, document=d)
        return plan

    name = f"{left}_{right}" if pair is not None else "budget_others"
    plan_declared.__name__ = plan_declared.__qualname__ = f"declared_{name}"
    return plan_declared


# Declared as data (rules/identities/budget_B01_B03.toml: its total, then ``each = "类"``).
XB01_03_EXPENSE = rule_by_id("XB01-03-EXPENSE")
# Declared as data (rules/identities/budget_B04_B05.toml: a pair for each reading of B05's title).
XB04_05_GENERAL = rule_by_id("XB04-05-GENERAL")
# Declared as data (rules/identities/budget_B06_B10.toml: rows by their names, ``aliases``).
XB10_06_THREE_PUBLIC = rule_by_id("XB10-06-THREE-PUBLIC")
# Declared as data (rules/identities/budget_B05_B06.toml), compiled into the ruleset.
XB05_06_BASIC = rule_by_id("XB05-06-BASIC")
# Declared as data (rules/identities/budget_B11_B06.toml: relation = "<="), compiled into bound rules.
XB11_06_AGENCY = rule_by_id("XB11-06-AGENCY")
# Declared as data (rules/identities/budget_B03_B12.toml: a side of two tables, B12's and B13's total
# or first row added).
XB03_12_PROJECT = rule_by_id("XB03-12-PROJECT")
# Declared as data (rules/identities/budget_B01_B09.toml: an empty B09 read as printed, read_empty).
XB01_09_CAPITAL = rule_by_id("XB01-09-CAPITAL")
# Declared as data (rules/identities/budget_B01_B02.toml: its total, then ``each = "栏"``).
XB01_02_INCOME = rule_by_id("XB01-02-INCOME")
