"""A stated percentage against the amounts it is computed from: part/whole×100 in interval
arithmetic (rules/claim_checks.py) as a `PercentageCheck` decided by the rules compiled for the
rule's declaration (rules/identities/narrative_rates.toml), its wording (computed value, rounding
interval, a rate cut off rather than rounded), and N-ZERO-BASE / N-ZERO-BASE-NIL when the base is 0."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from ingest.model import Claim, Evidence, format_amount
from rules.catalog import RuleSpec
from rules.claim_checks import (
    NarrativeCheck,
    Ratio,
    Source,
    claim_evidence,
    fmt_pct,
    quote,
    ratio,
    require_check,
    section_words,
)
from rules.identities.percentages import PercentageCheck
from rules.judgements import JudgementPlan
from rules.narrative.facts import source_name
from rules.narrative.specs import N_ZERO_BASE, N_ZERO_BASE_NIL
from rules.tolerance import UnitMismatch, half_ulp, to_unit
from rules.wording import fmt_amount


def outside_wording(centre: Decimal, c: Claim, p: Decimal, hp: Decimal) -> str:
    """“计算为95.457%，不在所述95.45%的四舍五入区间95.445%～95.455%内”: one decimal more than
    printed, so the computed figure and the printed value's interval never read as agreeing."""
    places = c.value.decimals + 1 if c.value is not None else 3
    return (
        f"计算为{fmt_amount(centre, places)}%，不在所述{c.text}的四舍五入区间"
        f"{fmt_amount(p - hp, places)}%～{fmt_amount(p + hp, places)}%内"
    )


def truncated_wording(centre: Decimal, c: Claim) -> str:
    """“计算为99.868%，四舍五入应为99.87%，所述99.86%系截断而非四舍五入”."""
    assert c.value is not None
    places = max(c.value.decimals, 0)
    rounded = centre.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return (
        f"计算为{fmt_amount(centre, places + 1)}%，四舍五入应为{fmt_amount(rounded, places)}%，"
        f"所述{c.text}系截断而非四舍五入"
    )


def zero_base(
    rule_words: str,
    c: Claim,
    base: Source,
    base_text: str,
    numerator_zero: bool,
    extra: Iterable[Evidence] = (),
) -> NarrativeCheck:
    """N-ZERO-BASE (N-ZERO-BASE-NIL when the rate and its numerator are both 0): a rate stated of
    a base that is 0 or not printed."""
    assert c.value is not None
    rule = N_ZERO_BASE_NIL if numerator_zero and c.value.value == 0 else N_ZERO_BASE
    message = rule.template.format(
        where=section_words(c),
        subject=c.subject,
        rate_text=f"{rule_words}{c.text}",
        base_text=f"（{base_text}，{base.where}{'未填列' if base.blank else format_amount(base.amount) + base.amount.unit}）",
        quote=quote(c),
    )
    return require_check(
        rule,
        False,
        message=message,
        expected="无（基数为0）",
        actual=c.text,
        evidence=[claim_evidence(c), base.evidence, *extra],
    )


def percentage_check(
    rule: RuleSpec,
    c: Claim,
    r: Ratio,
    message: str,
    rounding_message: str,
    truncated_message: str,
    evidence: list[Evidence],
) -> PercentageCheck:
    """The judgement of the stated percentage `c` against the ratio `r` (decided by the rules
    compiled for the rule's declaration, rules/identities/percentages.py), with its messages: broken,
    尾差 within the amounts' rounding, 尾差 of a rate cut off rather than rounded."""
    assert c.value is not None
    return PercentageCheck(
        rule,
        c.value,
        r,
        message=message,
        rounding_message=rounding_message,
        truncated_message=truncated_message,
        expected=fmt_pct(r.centre),
        actual=format_amount(c.value),
        difference=fmt_pct(c.value.value - r.centre),
        tolerance=f"{half_ulp(c.value.decimals).normalize():f}",
        evidence=evidence,
    )


def add_ratio(
    plan: JudgementPlan,
    rule: RuleSpec,
    c: Claim,
    num: Source,
    den: Source,
    rate_words: str,
    base_text: str,
    whole_name: str,
    extra_fields: dict[str, str] | None = None,
    extra_evidence: Sequence[Evidence] = (),
) -> None:
    """The percentage `c` against num/den×100 (a `PercentageCheck` with its messages), or
    N-ZERO-BASE when the denominator is 0."""
    assert c.value is not None
    evidence = [claim_evidence(c), num.evidence, den.evidence, *extra_evidence]
    try:
        nb, db = num.bounds, den.bounds
        if num.amount.unit != den.amount.unit and not den.blank and not num.blank:
            db = to_unit(den.amount, num.amount.unit)
    except UnitMismatch:
        return
    if db.value == 0 or den.blank:
        plan.judgements.append(zero_base(rate_words, c, den, base_text, nb.value == 0, extra_evidence))
        return
    r = ratio(nb, db)
    if r is None:
        plan.judgements.append(zero_base(rate_words, c, den, base_text, nb.value == 0, extra_evidence))
        return
    p = c.value.value
    hp = half_ulp(c.value.decimals)
    basis = (
        f"按{num.where if num.claim is None else ''}{source_name(num)}{num.shown()}{num.amount.unit}÷"
        f"{source_name(den, whole_name)}{den.shown()}{den.amount.unit}"
        + (f"（{den.where}）" if den.claim is None or den.claim.section != c.section else "")
    )
    computed = outside_wording(r.centre, c, p, hp)
    fields = {
        "where": section_words(c),
        "subject": c.subject,
        "whole": whole_name,
        "percent": format_amount(c.value),
        "basis": basis,
        "computed": computed,
        "quote": quote(c),
    }
    if extra_fields:
        fields.update(extra_fields)
    message = rule.template.format(**fields)
    rounding = (
        f"{section_words(c)}称{c.subject}{rate_words}{c.text}，{basis}{computed}；"
        f"差异在所涉金额的四舍五入范围内，属尾差。原文：“{quote(c)}”"
    )
    truncated = (
        f"{section_words(c)}称{c.subject}{rate_words}{c.text}，{basis}{truncated_wording(r.centre, c)}，"
        f"属取舍口径的尾差，不是数字错误。原文：“{quote(c)}”"
    )
    plan.judgements.append(percentage_check(rule, c, r, message, rounding, truncated, evidence))
