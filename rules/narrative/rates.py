"""A stated percentage against the amounts it is computed from: part/whole×100 in interval
arithmetic (rules/claim_checks.py) as a `PercentageCheck` decided by the rules compiled for the
rule's declaration (rules/identities/narrative_rates.toml), its wording (computed value, rounding
interval, a rate cut off rather than rounded), and N-ZERO-BASE / N-ZERO-BASE-NIL when the base is 0."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from ingest.model import Claim, Disclosure, Evidence, format_amount
from rules.catalog import RuleSpec, rule
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
from rules.tolerance import UnitMismatch, half_ulp, to_unit
from rules.wording import fmt_amount


@rule(
    "N-ZERO-BASE",
    title="以0为基数的比率：预算数（上年数、整体）为0时不应给出完成率、增长率或占比",
    severity="error",
    family="narrative",
    tables=("narrative",),
    rationale="基数为0时比率没有意义（如“年初预算0万元……完成预算的435%”），应改为说明“年初未安排预算”等。",
    fires="年初预算0万元，支出决算43.58万元，完成预算的435%。",
    silent="年初预算0万元，支出决算43.58万元，决算数大于年初预算数的主要原因是……（未给完成率）。",
    template="{where}称{subject}{rate_text}，但其基数{base_text}为0，该比率无从计算。原文：“{quote}”",
    needs="比率所用的基数（预算数、上年数或整体）",
)
def N_ZERO_BASE(d: Disclosure) -> JudgementPlan:
    """N-ZERO-BASE: what the one pass over the percentages (`rules.narrative.rates_plan`, whose
    steps read this module) finds for it."""
    from rules.narrative import rates_plan

    return rates_plan(d).only(N_ZERO_BASE)


@rule(
    "N-ZERO-BASE-0",
    title="以0为基数且结果写作0%：建议改为“未安排预算”等表述",
    severity="info",
    family="narrative",
    tables=("narrative",),
    rationale="预算数为0、决算数也为0时写“完成全年预算的0%”并不错误，但比率无意义，仅作提示。",
    fires="因公出国（境）费支出0万元，完成全年预算的0%（公开09表预算数为空）。",
    silent="公务用车运行维护费支出1.80万元，完成全年预算的100.00%（预算1.80万元）。",
    template="{where}称{subject}{rate_text}，但其基数{base_text}为0（分子亦为0），比率无实际意义。原文：“{quote}”",
    needs="比率所用的基数",
)
def N_ZERO_BASE_NIL(d: Disclosure) -> JudgementPlan:
    """N-ZERO-BASE-0: what the one pass over the percentages (`rules.narrative.rates_plan`) finds
    for it."""
    from rules.narrative import rates_plan

    return rates_plan(d).only(N_ZERO_BASE_NIL)


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
