"""Identities between tables of one document (表间勾稽), for 决算 and 预算 table sets.

Every rule is declared once below and compares printed cells of two (or more) tables through a
`rules.judgements.Equality` (two sides that must be equal) or `Bound` (a part that cannot exceed
its whole). A cell that is not printed counts as an exact 0, because across tables a blank
opposite a figure *is* the discrepancy — except for the subtotal rows (本年收入合计, 本年支出合计):
a blank subtotal is TAB-BLANK-TOTAL's finding, and the comparison is then made row by row.

Conditional identities say their condition in the message: 02表 = 03表 per 科目 holds only when
the document has no carry-over; 03表 = 05表 (+ 07/08表) per 科目 only when all of the unit's money
is 财政拨款 (01/02表 show no other income); otherwise only ``05 ≤ 03`` is checked. When 03 − 05 is
exactly the non-fiscal carry-over 01表 shows above 04表 (rules/carryover.py), the one cause is
X-NONFISCAL-CARRY's finding and 01 = 04, 03 = 05 are checked as bounds.

The family is split along its seams: income.py (01↔02, 04↔01), expense_codes.py (科目 across
02/03/05/07/08), carry.py (01↔04 结转结余), basic.py (06表 against 05/09/10),
performance_forms.py (绩效自评表 against the 决算 tables), budget.py (B01–B13: each rule one object,
its own checker in rules/registry.py, run after this package's planner); the cell = cell
equalities (X01-03-EXPENSE, X04-05-TOTAL, X04-FUNDS) and the 类-by-类 ones (X01-03-CLASS,
X04-05-CLASS), and 02表 = 03表 per 科目 without carry-over (X02-03-CODE), are declared as data
(rules/identities/final_*.toml, planned by rules/identities/equalities.py). The modules state their
comparisons through the rules kernel (rules/comparisons.py, rules/reading.py), never through one
another; this package plans the 决算 ones in order.
"""

from __future__ import annotations

from ingest.model import Disclosure, Table
from ingest.schema import FINAL_ACCOUNT_TABLES
from rules.catalog import RuleSpec, rule_by_id
from rules.checks import missing_table
from rules.codes import CodeTable

# The modules declare their rules on import, in this order (the catalog's order within a table).
# isort: off
from rules.cross_table import income  # noqa: F401
from rules.cross_table import expense_codes  # noqa: F401
from rules.cross_table import carry  # noqa: F401
from rules.cross_table import basic  # noqa: F401
from rules.cross_table import performance_forms  # noqa: F401
from rules.cross_table import budget  # noqa: F401

# isort: on
from rules.cross_table.basic import (
    X05_06_BASIC,
    X06_05_SOCIAL,
    X09_06_MEETING,
    X09_06_THREE_PUBLIC,
    X10_06_AGENCY,
    agency_10_06,
    basic_05_06,
    social_06_05,
    three_public_09_06,
)
from rules.cross_table.carry import X01_04_CARRY, carry_01_04
from rules.cross_table.expense_codes import X03_05_CODE, codes_03_05
from rules.cross_table.income import X01_02_INCOME, X04_01_INCOME, income_01_02, income_04_01
from rules.cross_table.performance_forms import (
    PERFORMANCE_RULES,
    performance,
)
from rules.identities import equalities as declared_equalities
from rules.judgements import JudgementPlan
from rules.reading import (
    applies_to_final_account,
    has_non_fiscal_money,
    is_carry_in,
    is_carry_out,
    lane_row,
    value_column,
)

# Declared as data (rules/identities/final_01_03.toml), compiled into the ruleset.
X01_03_EXPENSE = rule_by_id("X01-03-EXPENSE")
X01_03_CLASS = rule_by_id("X01-03-CLASS")

# Declared as data (rules/identities/final_04_05.toml), compiled into the ruleset.
X04_05_TOTAL = rule_by_id("X04-05-TOTAL")
X04_05_CLASS = rule_by_id("X04-05-CLASS")

# Declared as data (rules/identities/final_04_07_08.toml), compiled into the ruleset.
X04_FUNDS = rule_by_id("X04-FUNDS")

# Declared as data (rules/identities/final_02_03.toml: ``each = "科目"``, ``when = "无结转结余"``).
X02_03_CODE = rule_by_id("X02-03-CODE")

FINAL_RULES: tuple[RuleSpec, ...] = (
    X01_02_INCOME,
    X01_03_EXPENSE,
    X01_03_CLASS,
    X04_01_INCOME,
    X04_05_CLASS,
    X04_05_TOTAL,
    X04_FUNDS,
    X01_04_CARRY,
    X03_05_CODE,
    X02_03_CODE,
    X05_06_BASIC,
    X06_05_SOCIAL,
    X09_06_THREE_PUBLIC,
    X09_06_MEETING,
    X10_06_AGENCY,
)


def final_account_plan(d: Disclosure) -> JudgementPlan:
    """The 决算 cross-table judgements of one document."""
    plan = JudgementPlan()
    tables = {tid: tb for tid, tb in d.tables.items() if tid in FINAL_ACCOUNT_TABLES}
    for rule in FINAL_RULES:
        for tid in rule.tables:
            spec = FINAL_ACCOUNT_TABLES.get(tid)
            if spec is not None and spec.required and tid not in tables:
                plan.not_evaluated.append(missing_table(rule, tid, spec.title))
                break

    def usable(tid: str) -> Table | None:
        tb = tables.get(tid)
        return tb if tb is not None and not tb.empty else None

    codes = {tid: CodeTable.of(tb) for tid in ("02", "03", "05") if (tb := usable(tid)) is not None}
    t01, t02, t04, t06 = usable("01"), usable("02"), usable("04"), usable("06")
    if t01 is not None and t02 is not None:
        income_01_02(plan, t01, t02)
    # equalities declared as data (rules/identities/*.toml, and an operator's rules path); those
    # of 01↔03 (total, then each 类) and 04↔05 are planned in their place, in their files' order
    # (each skips empty tables itself, unless it reads them as 0: X04-FUNDS)
    if t01 is not None and "03" in codes:
        declared_equalities.plan(plan, tables, between=("01", "03"))
    if t04 is not None and t01 is not None:
        income_04_01(plan, t04, t01)
    if t04 is not None and "05" in codes:
        declared_equalities.plan(plan, tables, between=("04", "05"))
    declared_equalities.plan(
        plan, tables, besides=frozenset({("01", "03"), ("04", "05"), ("02", "03")}), document=d
    )
    # X-NONFISCAL-CARRY reads 01/04/03/05表 together; where its reading fits, 03 = 05 and 01 = 04
    # are its finding, not one error per cell
    explained = carry_plan(plan, d) is not None
    if t01 is not None and t04 is not None:
        carry_01_04(plan, d, t01, t04, explained)
    if "03" in codes and "05" in codes:
        codes_03_05(plan, d, codes["03"], codes["05"], explained)
    if "02" in codes and "03" in codes:  # X02-03-CODE (declared: 02↔03, per 科目, 无结转结余)
        declared_equalities.plan(plan, tables, between=("02", "03"), document=d)
    if "05" in codes and t06 is not None:
        basic_05_06(plan, codes["05"].table, codes["05"], t06)
        social_06_05(plan, t06, codes["05"])
    t09 = tables.get("09")
    if t09 is not None and t06 is not None:
        three_public_09_06(plan, d, t09, t06)
    t10 = usable("10")
    if t10 is not None and t06 is not None:
        agency_10_06(plan, t10, t06)
    performance(plan, d)
    return plan


def plan(disclosure: Disclosure) -> JudgementPlan:
    """The 决算 cross-table judgements of a 决算 document (a budget document's are the rules of
    rules/cross_table/budget.py, each its own checker)."""
    if applies_to_final_account(disclosure):
        return final_account_plan(disclosure)
    return JudgementPlan()


# X-NONFISCAL-CARRY (rules/carryover.py) reads this package's names (those of rules/reading.py,
# bound above): imported last, so that it finds them defined, and so that it is declared whenever
# this family is.
from rules.carryover import X_NONFISCAL_CARRY, carry_plan  # noqa: E402

CROSS_TABLE_RULES: tuple[RuleSpec, ...] = FINAL_RULES + (X_NONFISCAL_CARRY,) + PERFORMANCE_RULES

# Names other modules import from here (rules/carryover.py, rules/performance.py, rules/narrative/).
__all__ = [
    "CROSS_TABLE_RULES",
    "has_non_fiscal_money",
    "is_carry_in",
    "is_carry_out",
    "lane_row",
    "plan",
    "value_column",
]
