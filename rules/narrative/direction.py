"""Directions: N-DIRECTION (增加…下降; 决算数大于/小于预算数 against the amounts; 与上年持平 with a
change amount)."""

from __future__ import annotations

import re

from ingest.model import Claim, Disclosure
from rules.catalog import rule
from rules.claim_checks import (
    NarrativeCheck,
    amount_places,
    claim_evidence,
    identity_check,
    quote,
    require_check,
    section_words,
)
from rules.judgements import JudgementPlan
from rules.narrative.facts import Facts, narrative_plan
from rules.outcomes import KIND_BOUND
from rules.tolerance import UnitMismatch, compare
from rules.wording import fmt_amount


@rule(
    "N-DIRECTION",
    title="增减方向的表述与数字一致（增加/增长、减少/下降、大于/小于、持平）",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="“增加X万元，下降Y%”、“决算数大于年初预算数”而决算数小于预算数、“与上年持平”却列有增减额，均自相矛盾。",
    fires="支出决算3.60万元，比上年增加0.40万元，下降10.00%。",
    silent="支出决算3.60万元，比上年减少0.40万元，下降10.00%。",
    template="{where}：{problem}。原文：“{quote}”",
    needs="同一句中的增减词、比较词及其金额",
)
def N_DIRECTION(d: Disclosure) -> JudgementPlan:
    """N-DIRECTION: `direction_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, direction_checks)


# “决算数大于/小于/等于（年初）预算数”, “决算与预算持平”: the comparison a sentence states.
_COMPARE_WORDS = re.compile(
    r"决算(?:数)?(?P<word>大于|高于|超过|多于|小于|低于|少于|等于|与(?:年初|全年)?预算(?:数)?持平)(?:年初|全年|调整后)?(?:预算)?"
)
# “与上年持平”: no change, said in words.
_FLAT = re.compile(r"与上年(?:度)?(?:相比)?(?:持平|相同|一致)|无增减|没有变化")


def direction_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-DIRECTION: 增加…下降; 决算数大于预算数 vs the amounts; 持平 with a change."""
    for c in facts.claims:
        if c.kind == "growth" and c.value is not None:
            change = facts.linked(c.change)
            if change is not None and change.direction and c.direction:
                ok = change.direction == c.direction
                problem = (
                    f"增减额表述为“{dir_word(change)}{change.text}”，而增减率表述为“{rate_word(c)}{c.text}”，"
                    "方向相反"
                )
                plan.judgements.append(
                    require_check(
                        N_DIRECTION,
                        ok,
                        message=N_DIRECTION.template.format(
                            where=section_words(c), problem=problem, quote=quote(c)
                        ),
                        evidence=[claim_evidence(change), claim_evidence(c)],
                    )
                )
    # comparison words and 持平, sentence by sentence
    by_sentence: dict[int, list[Claim]] = {}
    for c in facts.claims:
        by_sentence.setdefault(c.sentence_no, []).append(c)
    for _no, claims in sorted(by_sentence.items()):
        sentence = claims[0].sentence
        m = _COMPARE_WORDS.search(sentence)
        if m:
            _compare_words(facts, plan, claims, m.group("word"), m.start())
        flat = _FLAT.search(sentence)
        if flat:
            for ch in claims:
                if (
                    ch.kind == "change"
                    and ch.value is not None
                    and ch.value.value != 0
                    and abs(ch.start - flat.start()) < 40
                ):
                    problem = f"称“{flat.group(0)}”，同时列有增减额{ch.text}"
                    plan.judgements.append(
                        require_check(
                            N_DIRECTION,
                            False,
                            message=N_DIRECTION.template.format(
                                where=section_words(ch), problem=problem, quote=quote(ch)
                            ),
                            evidence=[claim_evidence(ch)],
                        )
                    )


def _compare_words(facts: Facts, plan: JudgementPlan, claims: list[Claim], word: str, at: int) -> None:
    """决算数大于/小于/等于年初预算数 against the final and budget amounts of the same item."""
    head = claims[0]
    pool = [
        c
        for c in facts.claims
        if c.kind == "amount"
        and c.value is not None
        and c.sentence_no <= head.sentence_no
        and c.sentence_no >= head.sentence_no - 2
        and c.section == head.section
        and c.item == head.item
    ]
    if head.item is None:
        pool = [c for c in pool if c.sentence_no == head.sentence_no]
    finals = [c for c in pool if c.metric == "final" and (c.sentence_no < head.sentence_no or c.start < at)]
    budgets = [c for c in pool if c.metric == "budget" and (c.sentence_no < head.sentence_no or c.start < at)]
    if not finals or not budgets:
        return
    fc, bc = finals[-1], budgets[-1]
    if fc.subject != bc.subject:
        return
    assert fc.value is not None and bc.value is not None
    try:
        comp = compare(fc.value, [(bc.value, 1)], fc.value.unit)
    except UnitMismatch:
        return
    places = amount_places(comp.actual, comp.expected)
    fv, bv = fmt_amount(comp.actual, places), fmt_amount(comp.expected, places)
    unit = fc.value.unit
    if word in ("大于", "高于", "超过", "多于"):
        small, large, claim = comp.expected, comp.actual, "大于"
    elif word in ("小于", "低于", "少于"):
        small, large, claim = comp.actual, comp.expected, "小于"
    else:
        plan.judgements.append(
            identity_check(
                N_DIRECTION,
                comp,
                places,
                message=N_DIRECTION.template.format(
                    where=section_words(fc),
                    problem=f"称决算数{word}预算数，但决算数为{fv}{unit}、预算数为{bv}{unit}",
                    quote=quote(fc),
                ),
                rounding_message="",
                expected=bv,
                actual=fv,
                evidence=[claim_evidence(fc), claim_evidence(bc)],
            )
        )
        return
    problem = f"称决算数{claim}预算数，但决算数为{fv}{unit}、预算数为{bv}{unit}"
    check = NarrativeCheck(
        N_DIRECTION,
        KIND_BOUND,
        (small, large, comp.tolerance),
        comp.scale,
        message=N_DIRECTION.template.format(where=section_words(fc), problem=problem, quote=quote(fc)),
        rounding_message=(
            f"{section_words(fc)}称决算数{claim}预算数，决算数{fv}{unit}与预算数{bv}{unit}相差在"
            f"四舍五入范围内。原文：“{quote(fc)}”"
        ),
        expected=bv,
        actual=fv,
        evidence=[claim_evidence(fc), claim_evidence(bc)],
    )
    plan.judgements.append(check)


def dir_word(c: Claim) -> str:
    """增加 or 减少: the direction of a change amount."""
    return "增加" if c.direction > 0 else "减少"


def rate_word(c: Claim) -> str:
    """增长 or 下降: the direction of a growth rate."""
    return "增长" if c.direction > 0 else "下降"
