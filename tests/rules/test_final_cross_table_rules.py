"""The 决算 表间 rules (rules/cross_table/, rules/cross_table/nonfiscal.py) are one object each, their own
checker in rules/registry.py, in the order the audit states them; the equalities declared as data
between two 决算 tables keep their place as small checkers of the declarations (issue 13, item 1)."""

from __future__ import annotations

from ingest.model import Disclosure
from rules import registry
from rules.catalog import Rule, registered_rules
from rules.cross_table import basic, performance_forms
from rules.cross_table.nonfiscal import X_NONFISCAL_CARRY
from rules.judgements import JudgementPlan
from rules.settings import default_config
from tests.rules import budget_examples, examples

ORDER = [
    "X01-02-INCOME",  # declared (final_01_02.toml)
    "X01-03",  # declared: X01-03-EXPENSE, X01-03-CLASS (rules/identities/final_01_03.toml)
    "X04-01-INCOME",  # declared (final_04_01.toml)
    "X04-05",  # declared: X04-05-CLASS, X04-05-TOTAL (final_04_05.toml)
    "X04-FUNDS",  # declared (final_04_07_08.toml), with any other declaration between 决算 tables
    "X01-04-CARRY",  # declared (final_04_01.toml, between the pair X04-01-INCOME names first)
    "X03-05-CODE",  # declared (final_03_05.toml)
    "X02-03-CODE",  # declared (final_02_03.toml)
    "X05-06-BASIC",  # declared (final_05_06.toml)
    "X06-05-SOCIAL",
    "X09-06",  # declared: X09-06-THREE-PUBLIC, X09-06-MEETING (final_06_09.toml)
    "X10-06-AGENCY",  # declared (final_10_06.toml)
    "X-NONFISCAL-CARRY",
    "XP-EXEC-FINAL",
    "XP-PROJECT-AS-BASIC",
]
ONE_OBJECT = (
    basic.X06_05_SOCIAL,
    X_NONFISCAL_CARRY,
    performance_forms.XP_EXEC_FINAL,
    performance_forms.XP_PROJECT_AS_BASIC,
)


def _checkers() -> list[registry.Checker]:
    at = [c.name for c in registry.CHECKERS].index(ORDER[0])
    return list(registry.CHECKERS[at : at + len(ORDER)])


def _planned(d: Disclosure) -> tuple[list[str], list[str]]:
    """(rule ids of the judgements, rule ids of the not-evaluated notes) the checkers plan on `d`."""
    cfg = default_config()
    judged: list[str] = []
    notes: list[str] = []
    for c in _checkers():
        assert c.run is not None
        plan = c.run(d, cfg.profile_for(d), cfg.settings)
        assert isinstance(plan, JudgementPlan)
        judged += [j.rule.id for j in plan.judgements]
        notes += [n.rule_id for n in plan.not_evaluated]
    return judged, notes


def test_each_final_cross_table_rule_is_one_object_and_its_own_checker_in_its_place() -> None:
    assert all(isinstance(r, Rule) and r.implementation is not None for r in ONE_OBJECT)
    checkers = _checkers()
    assert [c.name for c in checkers] == ORDER
    assert all(c.gate == "cross_table" and c.stage == "judgements" for c in checkers)
    for r in ONE_OBJECT:
        assert next(c for c in checkers if c.name == r.id).rules == (r,)
    # the catalog keeps its order: the declared ones where their checker states them, the
    # non-fiscal carry-over and the 绩效 forms after the 06表 rules
    stated = [s.id for c in checkers for s in c.rules]
    ids = [s.id for s in registered_rules()]
    assert ids[ids.index(stated[0]) : ids.index(stated[0]) + len(stated)] == stated
    assert stated.index("X01-03-EXPENSE") < stated.index("X04-01-INCOME") < stated.index("X04-05-CLASS")


def test_the_rules_state_their_comparisons_on_a_final_account_and_nothing_on_a_budget() -> None:
    judged, notes = _planned(examples.full())
    assert not notes
    # every rule whose tables the hand-built 决算 prints compares them, in the registry's order
    for rid in ("X01-02-INCOME", "X01-03-EXPENSE", "X04-01-INCOME", "X03-05-CODE", "X05-06-BASIC"):
        assert rid in judged
    # in the registry's order of the checkers (a declared checker's, in its files' order)
    checker_of = {s.id: i for i, c in enumerate(_checkers()) for s in c.rules}
    assert judged == sorted(judged, key=checker_of.__getitem__)
    # calling a rule plans it alone
    assert {j.rule.id for j in basic.X06_05_SOCIAL(examples.full()).judgements} == {"X06-05-SOCIAL"}
    # two declarations between one pair of tables, each stated by its own checker in its place
    x04_01, x01_04 = (next(c for c in _checkers() if c.name == n) for n in ("X04-01-INCOME", "X01-04-CARRY"))
    d = examples.full()
    for checker, rid in ((x04_01, "X04-01-INCOME"), (x01_04, "X01-04-CARRY")):
        assert checker.run is not None
        plan = checker.run(d, None, None)  # type: ignore[arg-type]
        assert isinstance(plan, JudgementPlan) and {j.rule.id for j in plan.judgements} == {rid}

    # a 预算 (even one carrying a 决算's table ids) gets none of them
    budget = budget_examples.budget()
    assert _planned(budget) == ([], [])


def test_a_missing_required_table_is_not_evaluated_once_per_rule_in_the_catalog_order() -> None:
    d = examples.full()
    del d.tables["05"]
    judged, notes = _planned(d)
    needing_05 = [
        "X04-05-CLASS",
        "X04-05-TOTAL",
        "X03-05-CODE",
        "X05-06-BASIC",
        "X06-05-SOCIAL",
    ]
    assert [n for n in notes if n in needing_05] == needing_05
    assert not any(rid in needing_05 for rid in judged)
    assert "X01-02-INCOME" in judged  # the rules that do not read 05表 still run
