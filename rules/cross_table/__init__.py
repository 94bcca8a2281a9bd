"""Identities between tables of one document (表间勾稽), for 决算 and 预算 table sets.

Every rule compares printed cells of two (or more) tables through a `rules.judgements.Equality`
(two sides that must be equal) or `Bound` (a part that cannot exceed its whole). A cell that is not
printed counts as an exact 0, because across tables a blank opposite a figure *is* the discrepancy
— except for the subtotal rows (本年收入合计, 本年支出合计): a blank subtotal is TAB-BLANK-TOTAL's
finding, and the comparison is then made row by row.

Conditional identities say their condition in the message: 02表 = 03表 per 科目 holds only when
the document has no carry-over; 03表 = 05表 (+ 07/08表) per 科目 only when all of the unit's money
is 财政拨款 (01/02表 show no other income); otherwise only ``05 ≤ 03`` is checked. When 03 − 05 is
exactly the non-fiscal carry-over 01表 shows above 04表 (nonfiscal.py), the one cause is
X-NONFISCAL-CARRY's finding and 01 = 04, 03 = 05 are checked as bounds.

Each rule is one object (`rules.catalog.rule`), a function of the document that states its
comparisons on a 决算 (or 预算) whose tables it reads are printed, and its own checker in
rules/registry.py, in the order below: expense_codes.py (X03-05-CODE, 科目 across 03/05/07/08),
basic.py (06表 against 05表: X06-05-SOCIAL), performance_forms.py (绩效自评表 against the 决算
tables: XP-EXEC-FINAL, XP-PROJECT-AS-BASIC), nonfiscal.py (X-NONFISCAL-CARRY); carry.py names
X01-04-CARRY (01↔04 结转结余, declared as data) and budget.py the 预算 ones (B01–B13, all declared). A 决算 rule starts from
`rules.comparisons.final_account_plan`: “not evaluated” for a required table the document lacks,
nothing on a document that is no 决算. Declared as data (rules/identities/final_*.toml, planned by
rules/identities/equalities.py; `declared` is their checkers' implementation): the cell = cell
equalities (X01-03-EXPENSE, X04-05-TOTAL, X04-FUNDS; X01-02-INCOME and X04-01-INCOME with rows
found by their words), the 类-by-类 ones (X01-03-CLASS, X04-05-CLASS), 02表 = 03表 per 科目 without
carry-over (X02-03-CODE), 05表 基本支出 = 06表 (X05-06-BASIC), 06表 ≤ 09表 by economic code, = without
project spending (X09-06-THREE-PUBLIC, X09-06-MEETING), and 10表 机关运行经费 ≤ 06表
(X10-06-AGENCY). The modules state their comparisons through the rules kernel
(rules/comparisons.py, rules/reading.py), never through one another.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure
from rules.catalog import RuleSpec, rule_by_id
from rules.comparisons import final_account_plan

# The modules declare their rules on import, in this order.
# isort: off
from rules.cross_table import expense_codes  # noqa: F401
from rules.cross_table import carry  # noqa: F401
from rules.cross_table import basic  # noqa: F401
from rules.cross_table import performance_forms  # noqa: F401
from rules.cross_table import nonfiscal  # noqa: F401
from rules.cross_table import budget  # noqa: F401

# isort: on
from rules.identities import equalities as declared_equalities
from rules.judgements import JudgementPlan

# Declared as data (rules/identities/final_01_02.toml: ``require``, rows by their words, ``every``).
X01_02_INCOME = rule_by_id("X01-02-INCOME")

# Declared as data (rules/identities/final_01_03.toml), compiled into the ruleset.
X01_03_EXPENSE = rule_by_id("X01-03-EXPENSE")
X01_03_CLASS = rule_by_id("X01-03-CLASS")

# Declared as data (rules/identities/final_04_05.toml), compiled into the ruleset.
X04_05_TOTAL = rule_by_id("X04-05-TOTAL")
X04_05_CLASS = rule_by_id("X04-05-CLASS")

# Declared as data (rules/identities/final_04_01.toml: rows found by their words, ``words``).
X04_01_INCOME = rule_by_id("X04-01-INCOME")

# Declared as data (rules/identities/final_04_07_08.toml), compiled into the ruleset.
X04_FUNDS = rule_by_id("X04-FUNDS")

# Declared as data (rules/identities/final_02_03.toml: ``each = "科目"``, ``when = "无结转结余"``).
X02_03_CODE = rule_by_id("X02-03-CODE")

# Declared as data (rules/identities/final_05_06.toml: ``rows``, ``otherwise`` with ``codes = "类"``).
X05_06_BASIC = rule_by_id("X05-06-BASIC")

# Declared as data (rules/identities/final_06_09.toml: ``codes``, ``relation = "<="`` with
# ``equal_when = "无财政拨款项目支出"``, ``read_empty``; MEETING ``skip_unprinted``).
X09_06_THREE_PUBLIC = rule_by_id("X09-06-THREE-PUBLIC")
X09_06_MEETING = rule_by_id("X09-06-MEETING")

# Declared as data (rules/identities/final_10_06.toml: ``under``, ``relation = "<="``).
X10_06_AGENCY = rule_by_id("X10-06-AGENCY")

# The pairs of tables whose declared equalities have a checker of their own (`declared(...,
# between=pair)`, in their place among the rules); the checker without `between` states every other
# declaration, so that none is stated twice or never.
_BETWEEN: set[tuple[str, str]] = set()


def declared(
    rules: tuple[RuleSpec, ...], between: tuple[str, str] | None = None
) -> Callable[[Disclosure], JudgementPlan]:
    """The implementation of the equalities declared as data between 决算 tables (those `between`
    two tables, when both are printed; without `between`, those between any pair no other checker
    names — each skipping empty tables itself unless it reads them, ``empty_is_zero`` /
    ``read_empty``): on a 决算, “not evaluated” for each of the packaged `rules` whose required table
    is missing, then the declarations in load order, those with a condition (``when``) where it
    holds."""
    # the first checker of a pair also states an operator's equalities between it; a later one
    # (two rules declared between the same pair, each in its own place) only its own rules
    first = between is not None and between not in _BETWEEN
    own = frozenset(r.id for r in rules) if between is not None else None
    if between is not None:
        _BETWEEN.add(between)

    def plan_declared(d: Disclosure) -> JudgementPlan:
        plan, tables = final_account_plan(d, rules)
        if between is None or all(tid in tables for tid in between):
            if tables:
                besides = frozenset(_BETWEEN) if between is None else frozenset()
                declared_equalities.plan(
                    plan, tables, between=between, besides=besides, document=d, own=own, operators=first
                )
        return plan

    name = "_".join(between) if between is not None else "others"
    plan_declared.__name__ = plan_declared.__qualname__ = f"declared_{name}"
    return plan_declared
