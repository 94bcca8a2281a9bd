"""The narrative rules (rules/narrative/) are one object each — metadata, messages and implementation
together — and their own checker in rules/registry.py; the percentages declared as data and what
their reading finds on the way (a base of 0) are one pass (issue 13, item 1)."""

from __future__ import annotations

import pytest

from rules import narrative, registry
from rules.catalog import Rule, defined_rules, rule_by_id
from tests.rules import budget_examples
from tests.rules.narrative_examples import NARRATIVE_EXAMPLES

ONE_OBJECT = sorted(
    spec.id
    for spec, where in defined_rules()
    if where.startswith("rules.narrative.") and spec.id not in {r.id for r in narrative.RATE_RULES}
)


def test_the_narrative_rules_are_one_object_each_and_their_own_checker() -> None:
    assert len(ONE_OBJECT) == 15
    by_name = {c.name: c for c in registry.CHECKERS}
    for rid in ONE_OBJECT:
        r = rule_by_id(rid)
        assert isinstance(r, Rule) and r.implementation is not None, rid
        assert by_name[rid].rules == (r,) and by_name[rid].gate is None
    rates = by_name["narrative_rates"]
    assert rates.rules == narrative.RATE_RULES
    assert [r.id for r in narrative.RATE_RULES] == [
        "N-SHARE",
        "N-GROWTH",
        "N-COMPLETION",
        "N-ZERO-BASE",
        "N-ZERO-BASE-0",
    ]
    # the checkers run in the order of the former planner's steps (the findings' order in 情况说明)
    names = [c.name for c in registry.CHECKERS]
    order = ["N-AMOUNT-TABLE", "N-NIL-TABLE", "narrative_rates", "N-DIRECTION", "N-CONSISTENT"]
    assert [names.index(n) for n in order] == sorted(names.index(n) for n in order)


@pytest.mark.parametrize("rule_id", ONE_OBJECT)
def test_calling_a_narrative_rule_states_its_own_judgements_on_its_example(rule_id: str) -> None:
    r = rule_by_id(rule_id)
    assert isinstance(r, Rule)
    fires, _silent = NARRATIVE_EXAMPLES[rule_id]
    plan = r(fires())
    stated = {j.rule.id for j in plan.judgements} | {n.rule_id for n in plan.not_evaluated}
    assert stated == {rule_id}
    # a 预算 has its own wording: no narrative rule reads it
    budget = r(budget_examples.budget())
    assert not budget.judgements and not budget.not_evaluated


@pytest.mark.parametrize("rule_id", ["N-ZERO-BASE", "N-ZERO-BASE-0"])
def test_a_rate_of_a_base_of_0_is_one_object_stating_its_part_of_the_percentages_pass(
    rule_id: str,
) -> None:
    r = rule_by_id(rule_id)
    assert isinstance(r, Rule) and r.implementation is not None
    fires, _silent = NARRATIVE_EXAMPLES[rule_id]
    d = fires()
    alone = r(d)
    assert alone.judgements and {j.rule.id for j in alone.judgements} == {rule_id}
    whole = [j for j in narrative.rates_plan(d).judgements if j.rule.id == rule_id]
    assert [j.fact("f") for j in alone.judgements] == [j.fact("f") for j in whole]
