"""Completion rates: N-COMPLETION (完成预算的X% = final / budget)."""

from __future__ import annotations

from rules.claim_checks import NARRATIVE, claim_source, quote, section_words
from rules.findings import NotEvaluated
from rules.identities.percentages import percentage_rule
from rules.judgements import JudgementPlan
from rules.narrative.facts import Facts
from rules.narrative.rates import add_ratio


def completion_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-COMPLETION: rate = final / budget; N-ZERO-BASE when the budget is 0."""
    rule = percentage_rule("completion")
    for c in facts.claims:
        if c.kind != "completion" or c.value is None:
            continue
        fc, bc = facts.linked(c.final), facts.linked(c.budget)
        final = (
            claim_source(fc)
            if fc is not None
            else (facts.subject_value(c.subject, "final", c) if c.concept else None)
        )
        budget = (
            claim_source(bc)
            if bc is not None
            else (facts.subject_value(c.subject, "budget", c) if c.concept else None)
        )
        if final is None or budget is None:
            missing = "决算数" if final is None else "预算数"
            plan.not_evaluated.append(
                NotEvaluated(
                    rule.id,
                    f"{section_words(c)}“{c.text}”所对应的{missing}在说明和公开表中均未找到，"
                    f"无法核对完成率。原文：“{quote(c)}”",
                    NARRATIVE,
                )
            )
            continue
        add_ratio(plan, rule, c, final, budget, "完成预算的", "预算数", "预算数")
