"""Rules stated by a pass that walks cells, rows, sentences or 绩效 indicators once for several
rules (to keep their findings in that order) are one object each all the same: metadata, messages
and an implementation — the pass filtered to the rule — that plans the rule alone. The registry
runs each pass once and lists its rule objects (issue 13, item 1). TB-CAPITAL-BALANCE is an
in-table identity that is its own checker in the ``tables`` stage."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.model import Disclosure
from rules import budget_arithmetic, identities, narrative_verdict, performance, plausibility, registry
from rules.catalog import Rule
from rules.checks import Plan, Resolver
from rules.judgements import JudgementPlan
from rules.plausibility import DIAGNOSIS_RULES, Broken, diagnose, from_check
from rules.settings import default_config
from tests.rules.test_form_declarations import PACKAGED as FORM_RULES
from tests.rules.test_rule_examples import ALL_EXAMPLES

# checker name → the rules it lists
PASSES = {
    "narrative_signs": (narrative_verdict.N_CHANGE_SIGN, narrative_verdict.N_REASON_SIGN),
    "pla_shares": (plausibility.PLA_SHARE_OVER_100, plausibility.PLA_RATE_NO_BUDGET),
    "pla_nature": (plausibility.PLA_TRANSFER_AS_BASIC, plausibility.PLA_RUNNING_PROJECT),
    # the 绩效 forms' in-table sums, and the indicator rules listed in the catalog beside them …
    "performance": (
        performance.PERF_TASK_SUM,
        performance.PERF_SOURCE_SUM,
        performance.PERF_BALANCE,
        *performance.INDICATOR_RULES,
    ),
    # … some of them judged form by form with XP-UNIT-COST
    "performance_forms": (performance.XP_UNIT_COST, performance.XP_UNIT_COST_ROUNDED),
}
# the checkers whose passes state one group of rules between them
GROUPS = (("narrative_signs",), ("pla_shares",), ("pla_nature",), ("performance", "performance_forms"))


def _stated(plan: Plan | JudgementPlan) -> Counter[str]:
    items = plan.identities if isinstance(plan, Plan) else plan.judgements
    return Counter(x.rule.id for x in items) + Counter(n.rule_id for n in plan.not_evaluated)


# the rules of a pass declared as data (rules/identities/performance.toml): the pass states them
DECLARED = set(FORM_RULES)


def test_each_rule_of_a_pass_is_one_object_listed_by_the_pass_checker() -> None:
    by_name = {c.name: c for c in registry.CHECKERS}
    for name, rules in PASSES.items():
        assert by_name[name].rules == rules
        for r in rules:
            if r.id in DECLARED:
                assert identities.is_declared(r.id) and not isinstance(r, Rule)
            else:
                assert isinstance(r, Rule) and r.implementation is not None


@pytest.mark.parametrize(
    "rule", [r for rules in PASSES.values() for r in rules if r.id not in DECLARED], ids=lambda r: r.id
)
def test_a_pass_rule_alone_states_what_the_pass_states_for_it(rule: Rule) -> None:
    """On the rule's firing example: the rule called alone plans exactly its part of the pass, and
    the rules of the pass together plan the whole pass."""
    if rule.id not in ALL_EXAMPLES:
        pytest.skip(f"{rule.id} has no firing example of its own (its 尾差 note is its rule's)")
    fires, _silent = ALL_EXAMPLES[rule.id]
    d = fires()
    group = next(g for g in GROUPS if any(rule in PASSES[n] for n in g))
    whole: Counter[str] = Counter()
    for c in (c for c in registry.CHECKERS if c.name in group):
        assert c.run is not None
        whole += _stated(c.run(d, None, None))  # type: ignore[arg-type]  # functions of the document
    assert _stated(rule(d)) == Counter({rule.id: whole[rule.id]})
    assert whole[rule.id] > 0
    # the declared rules' part: what the declared planner states on the document's forms
    forms = [t for tid, t in sorted(d.tables.items()) if tid.startswith("P") and not t.empty]
    declared = Counter(i.rule.id for t in forms for i in performance.form_plan(t))
    declared += Counter(
        i.rule.id
        for tid, t in sorted(d.tables.items())
        if tid.startswith("P")
        for i in performance.indicator_identities(t)
    )
    own = sum((_stated(r(d)) for n in group for r in PASSES[n] if r.id not in DECLARED), Counter())
    assert own + declared == whole


def test_the_capital_balance_is_its_own_in_table_checker_after_the_budget_sums() -> None:
    names = [c.name for c in registry.CHECKERS]
    at = names.index("TB-CAPITAL-BALANCE")
    assert names[at - 1] == "budget_arithmetic"
    checker = registry.CHECKERS[at]
    assert checker.stage == "tables" and checker.rules == (budget_arithmetic.TB_CAPITAL_BALANCE,)
    assert budget_arithmetic.TB_CAPITAL_BALANCE not in budget_arithmetic.BUDGET_ARITHMETIC_RULES
    fires, silent = ALL_EXAMPLES["TB-CAPITAL-BALANCE"]
    # declared as data (rules/identities/budget_B09.toml: balance with when), planned by its checker
    plan = budget_arithmetic.capital_balances(fires())
    assert isinstance(plan, Plan) and [i.rule.id for i in plan.identities] == ["TB-CAPITAL-BALANCE"]
    untitled = fires()
    untitled.tables["B09"].title = "2023年国有资本经营预算收支预算表"  # may include carry-over: not checked
    assert budget_arithmetic.capital_balances(untitled).identities == []
    # the budget sums no longer state it
    assert all(i.rule.id != "TB-CAPITAL-BALANCE" for i in budget_arithmetic.plan(fires()).identities)


def _broken_in_table(d: Disclosure) -> list[Broken]:
    """The document's broken in-table checks, as the diagnoses see them."""
    cfg = default_config()
    identities = []
    for c in registry.CHECKERS:
        if c.stage == "tables" and c.run is not None:
            plan = c.run(d, cfg.profile_for(d), cfg.settings)
            assert isinstance(plan, Plan)
            identities += plan.identities
    checks, _blanks, _unreadable = Resolver(identities).resolve()
    return [from_check(c) for c in checks if c.comparison.verdict() == "broken"]


@pytest.mark.parametrize("rule", DIAGNOSIS_RULES, ids=lambda r: r.id)
def test_a_diagnosis_is_one_object_whose_implementation_reads_one_broken_check(rule: Rule) -> None:
    """PLA-DIGIT-SLIP and PLA-PARENT-LT-CHILD: called on a broken check, each states its own
    diagnoses; the audit's `diagnose` asks each enabled one in turn, check by check."""
    assert isinstance(rule, Rule) and rule.implementation is not None
    fires, _silent = ALL_EXAMPLES[rule.id]
    broken = _broken_in_table(fires())
    alone = [j for b in broken for j in rule(b, set())]
    assert alone and {j.rule.id for j in alone} == {rule.id}
    every = diagnose(broken, lambda _rid: True, set())
    assert [j.fact("f") for j in every if j.rule.id == rule.id] == [j.fact("f") for j in alone]
    assert all(j.rule.id != rule.id for j in diagnose(broken, lambda rid: rid != rule.id, set()))
