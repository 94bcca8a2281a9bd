"""Growth rates: N-GROWTH (增长/下降X% = change / prior year, the prior year being the current
amount ∓ the change, or a stated prior-year amount)."""

from __future__ import annotations

from ingest.model import Amount, Claim, format_amount
from rules.catalog import RuleSpec
from rules.claim_checks import (
    NARRATIVE,
    Source,
    amount_places,
    claim_evidence,
    claim_source,
    quote,
    ratio,
    require_check,
    section_words,
)
from rules.findings import NotEvaluated
from rules.identities.percentages import percentage_rule
from rules.judgements import JudgementPlan
from rules.narrative.direction import N_DIRECTION, rate_word
from rules.narrative.facts import Facts, source_name
from rules.narrative.rates import outside_wording, percentage_check, truncated_wording, zero_base
from rules.tolerance import Bounds, UnitMismatch, half_ulp, to_unit
from rules.wording import fmt_amount


def growth_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-GROWTH: rate = change / (current ∓ change); N-ZERO-BASE when the prior year is 0."""
    rule = percentage_rule("growth")
    for c in facts.claims:
        if c.kind != "growth" or c.value is None:
            continue
        change = facts.linked(c.change)
        if change is None:
            _growth_from_prior(facts, plan, c, rule)
            continue
        if change.value is None:
            continue
        current_claim = facts.linked(c.current) or facts.linked(change.current)
        current = claim_source(current_claim) if current_claim is not None else None
        if current is None:
            current = facts.subject_value(change.subject, "final", c) if change.concept else None
        if current is None and c.direction < 0 and c.value.value == 100:
            continue  # “减少X万元，下降100%”: the current amount is 0 by the statement itself
        if current is None:
            plan.not_evaluated.append(
                NotEvaluated(
                    rule.id,
                    f"{section_words(c)}“{c.text}”所对应的本年数在说明和公开表中均未找到，"
                    f"无法核对增长率。原文：“{quote(c)}”",
                    NARRATIVE,
                )
            )
            continue
        add_growth(plan, rule, c, change, current)


def add_growth(plan: JudgementPlan, rule: RuleSpec, c: Claim, change: Claim, current: Source) -> None:
    """The growth rate `c` against change / (current ∓ change) (a `PercentageCheck` with its
    messages), or N-ZERO-BASE when the prior year is 0."""
    assert c.value is not None and change.value is not None
    try:
        ch = (
            to_unit(change.value, current.amount.unit)
            if not current.blank
            else to_unit(change.value, change.value.unit)
        )
    except UnitMismatch:
        return
    cur = current.bounds
    direction = change.direction or c.direction or 1
    prior_value = cur.value - direction * ch.value
    prior = Bounds(prior_value, cur.radius + ch.radius)
    unit = change.value.unit
    prior_amount = Amount(prior_value, max(change.value.decimals, current.amount.decimals), unit)
    prior_source = Source(
        prior_amount,
        f"上年数（{source_name(current, change.subject)}{current.shown()}"
        f"{'－' if direction > 0 else '＋'}{format_amount(change.value)}）",
        current.evidence,
        claim=None,
    )
    up = direction > 0
    word = "增加" if up else "减少"
    if prior.value <= 0:
        plan.judgements.append(
            zero_base(
                "增长" if up else "下降",
                c,
                prior_source,
                "上年数",
                ch.value == 0,
                [claim_evidence(change)],
            )
        )
        return
    r = ratio(ch, prior)
    assert r is not None
    basis = (
        f"按{word}额{format_amount(change.value)}{unit}÷上年数{fmt_amount(prior_value, amount_places(prior_value))}{unit}"
        f"（{source_name(current, change.subject)}{current.shown()}{current.amount.unit}"
        f"{'－' if up else '＋'}{format_amount(change.value)}{unit}"
        + (
            f"，本年数见{current.where}"
            if current.claim is None or current.claim.sentence_no != c.sentence_no
            else ""
        )
        + "）"
    )
    hp = half_ulp(c.value.decimals)
    p = c.value.value
    computed = outside_wording(r.centre, c, p, hp)
    message = rule.template.format(
        where=section_words(c),
        subject=change.subject,
        direction_word=word,
        change=format_amount(change.value),
        unit=unit,
        rate_word="增长" if c.direction >= 0 else "下降",
        percent=format_amount(c.value),
        basis=basis,
        computed=computed,
        quote=quote(c),
    )
    rounding = (
        f"{section_words(c)}称{change.subject}{word}{change.text}、{c.text}，{basis}{computed}；"
        f"差异在所涉金额的四舍五入范围内，属尾差。原文：“{quote(c)}”"
    )
    truncated = (
        f"{section_words(c)}称{change.subject}{word}{change.text}、{c.text}，{basis}"
        f"{truncated_wording(r.centre, c)}，属取舍口径的尾差，不是数字错误。原文：“{quote(c)}”"
    )
    evidence = [claim_evidence(c), claim_evidence(change), current.evidence]
    plan.judgements.append(percentage_check(rule, c, r, message, rounding, truncated, evidence))


def _growth_from_prior(facts: Facts, plan: JudgementPlan, c: Claim, rule: RuleSpec) -> None:
    """“支出决算X万元，上年Y万元，增长Z%”: rate = (X − Y) / Y, direction from the sign of X − Y."""
    prior, current = facts.linked(c.prior), facts.linked(c.current)
    if prior is None or current is None or prior.value is None or current.value is None or c.value is None:
        return
    try:
        cur, pri = to_unit(current.value, current.value.unit), to_unit(prior.value, current.value.unit)
    except UnitMismatch:
        return
    diff = cur.value - pri.value
    # the direction of the figures is proven only outside their printed rounding (38.50 against 38.49 may be equal)
    if abs(diff) > cur.radius + pri.radius and c.direction and (diff > 0) != (c.direction > 0):
        problem = (
            f"本年{current.text}、上年{prior.text}，数字为{'增加' if diff > 0 else '减少'}，"
            f"而表述为“{rate_word(c)}{c.text}”"
        )
        plan.judgements.append(
            require_check(
                N_DIRECTION,
                False,
                message=N_DIRECTION.template.format(where=section_words(c), problem=problem, quote=quote(c)),
                evidence=[claim_evidence(c), claim_evidence(current), claim_evidence(prior)],
            )
        )
        return
    prior_source = claim_source(prior)
    if pri.value <= 0:
        plan.judgements.append(
            zero_base(rate_word(c), c, prior_source, "上年数", diff == 0, [claim_evidence(current)])
        )
        return
    change = Bounds(abs(diff), cur.radius + pri.radius)
    r = ratio(change, pri)
    assert r is not None
    hp = half_ulp(c.value.decimals)
    p = c.value.value
    basis = f"按（{current.text}－{prior.text}）÷{prior.text}"
    computed = outside_wording(r.centre, c, p, hp)
    said = f"{section_words(c)}称{c.subject}{rate_word(c)}{c.text}，{basis}，{computed}"
    message = f"{said}。原文：“{quote(c)}”"
    truncated = (
        f"{section_words(c)}称{c.subject}{rate_word(c)}{c.text}，{basis}，{truncated_wording(r.centre, c)}，"
        f"属取舍口径的尾差，不是数字错误。原文：“{quote(c)}”"
    )
    rounding = f"{said}；差异在所涉金额的四舍五入范围内，属尾差。原文：“{quote(c)}”"
    evidence = [claim_evidence(c), claim_evidence(current), claim_evidence(prior)]
    plan.judgements.append(percentage_check(rule, c, r, message, rounding, truncated, evidence))
