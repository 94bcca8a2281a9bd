"""Narrative logic against its own figures: the verdict a sentence gives on 决算 against 预算
(大于/小于/等于/持平, 比预算增加/减少) read against the figures the same item states.

N-VERDICT reads every verdict of a sentence on 决算 against 预算 in the wording inspectors meet
(“决算支出数小于年初预算安排数”, “决算数据大于年初预算数”, “支出决算比年初预算减少”, “决算数与年初预算数相比
有所下降”, “决算数与年初预算持平”, and the reverse order “年初预算数大于决算数”) and judges it against:

1. the 支出决算 and 年初预算 amounts stated for the same item (this sentence or the two before it),
   when N-DIRECTION does not already judge that verdict against them;
2. else the 完成率 stated for the same item: above 100 % means 决算 > 预算, below means 决算 < 预算.

N-CHANGE-SIGN: “比上年增加/减少X” (or “上年Y万元，增长Z%”) against the 本年 and 上年 amounts of the
same sentence, outside their rounding, in N-DIRECTION's place for the rate; N-REASON-SIGN:
“增长的主要原因” after a sentence whose every stated change goes the other way.

Only a contradiction the printed figures prove is reported, as an error (outside the rounding of each
figure): “决算数大于年初预算数” beside 决算 62 < 预算 70, or beside “完成年初预算的93.61%”. N-DIRECTION
(rules/narrative) judges the first “决算数大于/小于/等于…预算” of a sentence against the same amounts at
warning; where the figures prove that verdict wrong, N-VERDICT's error takes its place (`supersedes`),
so one contradiction is one finding at one grade whatever the wording. N-DIRECTION keeps what only the
words show (“增加X万元，下降Y%”; “与上年持平” beside an amount of change) and its 尾差 notes.
“基本持平” is not judged: it allows a difference no rule bounds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from decimal import Decimal

from ingest.model import Claim, Disclosure
from ingest.numbers import clean
from rules.catalog import rule
from rules.claim_checks import (
    NarrativeCheck,
    claim_evidence,
    quote,
    section_words,
)
from rules.claim_checks import narrative_applies as applies
from rules.claim_checks import require_check as _require
from rules.findings import Finding
from rules.judgements import JudgementPlan, text_evidence
from rules.tolerance import UnitMismatch, compare, half_ulp
from rules.wording import fmt_amount

_SPENT = r"决算(?:支出)?(?:数据?|金额)?"
_BUDGET = r"(?:年初|全年|调整后)?预算(?:安排)?(?:数)?"
_SOME = r"(?:相比|相较)?(?:有所|略有|略|稍有)?"
_VERDICTS = (
    re.compile(rf"{_SPENT}(?P<word>大于|高于|超过|超出|多于|小于|低于|少于|等于){_BUDGET}"),
    re.compile(rf"{_SPENT}与{_BUDGET}(?P<word>持平|一致|相等|相同)"),
    re.compile(
        rf"{_SPENT}(?:比|较|与){_BUDGET}{_SOME}(?P<word>增加|增长|上升|提高|减少|下降|降低|节约|节省|超支|超出)"
    ),
    # the budget first: “年初预算数大于决算数” says 决算 < 预算
    re.compile(rf"(?<!决算){_BUDGET}(?P<word>大于|高于|超过|多于|小于|低于|少于)(?:支出)?{_SPENT}"),
)
_REVERSED = _VERDICTS[3]
_BIGGER = ("大于", "高于", "超过", "超出", "多于", "增加", "增长", "上升", "提高", "超支")
_SMALLER = ("小于", "低于", "少于", "减少", "下降", "降低", "节约", "节省")
HUNDRED = Decimal(100)


def _sense(word: str) -> int:
    """+1 决算 > 预算, −1 决算 < 预算, 0 equal."""
    return 1 if word in _BIGGER else (-1 if word in _SMALLER else 0)


def _sense_words(sense: int) -> str:
    return {1: "决算数大于预算数", -1: "决算数小于预算数", 0: "决算数等于预算数"}[sense]


def _amount_pair(pool: list[Claim]) -> tuple[Claim, Claim] | None:
    finals = [c for c in pool if c.kind == "amount" and c.metric == "final"]
    budgets = [c for c in pool if c.kind == "amount" and c.metric == "budget"]
    if not finals or not budgets or finals[-1].subject != budgets[-1].subject:
        return None
    return finals[-1], budgets[-1]


def _by_amounts(
    head: Claim, verdict: str, sense: int, fc: Claim, bc: Claim, sentence: str
) -> NarrativeCheck | None:
    assert fc.value is not None and bc.value is not None
    try:
        comp = compare(fc.value, [(bc.value, 1)], fc.value.unit)
    except UnitMismatch:
        return None
    diff, tol = comp.difference, comp.tolerance
    proven = diff < -tol if sense > 0 else (diff > tol if sense < 0 else abs(diff) > tol)
    if not proven:
        return None
    places = max(fc.value.decimals, bc.value.decimals)
    unit = fc.value.unit
    fv, bv = fmt_amount(comp.actual, places), fmt_amount(comp.expected, places)
    relation = "小于" if diff < 0 else "大于"
    figures = f"同一事项所列支出决算{fv}{unit}{relation}预算{bv}{unit}"
    check = _finding(head, verdict, figures, [fc, bc], _sense_words(1 if diff > 0 else -1), sentence)
    return _folding(check, (fc, bc), "称决算数")


@dataclass(eq=False)
class _Verdict(NarrativeCheck):
    """A contradiction the figures prove: it takes the place of N-DIRECTION's warning on the same
    figures (one contradiction, one finding, at the grade of proof)."""

    figures: tuple[Claim, ...] = ()
    mark: str = "称决算数"  # the words of N-DIRECTION's message for this kind of contradiction

    def supersedes(self, finding: Finding) -> bool:
        """True for N-DIRECTION's finding on this check's figures."""
        if finding.rule_id != "N-DIRECTION" or finding.severity == "info" or self.mark not in finding.message:
            return False
        said = {(c.sentence, c.text) for c in self.figures}
        quoted = {(e.get("quote"), e.get("figure")) for e in finding.evidence}
        return said <= quoted


def _folding(check: NarrativeCheck, figures: tuple[Claim, ...], mark: str) -> _Verdict:
    return _Verdict(**{f.name: getattr(check, f.name) for f in fields(check)}, figures=figures, mark=mark)


def _by_rate(head: Claim, verdict: str, sense: int, rc: Claim, sentence: str) -> NarrativeCheck | None:
    assert rc.value is not None
    rate, h = rc.value.value, half_ulp(rc.value.decimals)
    if sense > 0:
        proven = rate + h < HUNDRED
    elif sense < 0:
        proven = rate - h > HUNDRED
    else:
        proven = abs(rate - HUNDRED) > h
    if not proven:
        return None
    relation = "决算数小于预算数" if rate < HUNDRED else "决算数大于预算数"
    figures = f"同一事项所列完成率为{rc.text}，即{relation}"
    return _finding(head, verdict, figures, [rc], relation, sentence)


def _finding(
    head: Claim, verdict: str, figures: str, used: list[Claim], expected: str, sentence: str
) -> NarrativeCheck:
    said = sentence if sentence == head.sentence else f"{quote(head)}……{sentence}"
    evidence = [claim_evidence(c) for c in used]
    if sentence != head.sentence:
        evidence.append(text_evidence(sentence, head.loc))
    return _require(
        N_VERDICT,
        False,
        message=N_VERDICT.template.format(
            where=section_words(head), verdict=verdict, figures=figures, quote=said
        ),
        evidence=evidence,
        expected=expected,
        actual=verdict,
    )


def _placed(text: str, claims: list[Claim]) -> list[tuple[int, Claim]]:
    """(offset in the paragraph, claim) of the claims whose sentence the paragraph holds."""
    out: list[tuple[int, Claim]] = []
    for c in claims:
        at = text.find(c.sentence) if c.sentence else -1
        if at >= 0:
            out.append((at + c.start, c))
    return sorted(out, key=lambda x: x[0])


def _sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind("。", 0, pos), text.rfind("；", 0, pos)) + 1
    end = text.find("。", pos)
    return text[start : end + 1 if end >= 0 else len(text)]


@rule(
    "N-VERDICT",
    title="决算与预算比较的结论（大于/小于/持平、比预算增加/减少）与同一事项所列金额、完成率一致",
    severity="error",
    family="narrative",
    tables=("narrative",),
    needs="同一事项（本句及前两句）所列支出决算数、年初预算数或完成率；句中“决算…大于/小于/低于/超过/等于…预算”"
    "“决算…与预算持平”“决算比预算增加/减少”等结论",
    rationale="说明对决算与预算关系的结论必须与它自己列出的数字一致：决算数小于预算数却写“决算数大于年初预算数”，"
    "或完成率104.21%却写“决算支出数小于年初预算安排数”，所给原因也就属于相反的方向，说明文字套用了其他科目"
    "或上年的表述。",
    fires="年初预算19.60万元，支出决算21.35万元，完成年初预算的108.93%……决算支出数小于年初预算安排数。",
    silent="年初预算19.60万元，支出决算18.20万元，完成年初预算的92.86%……决算支出数小于年初预算安排数。",
    template="{where}：称“{verdict}”，但{figures}。原文：“{quote}”",
)
def N_VERDICT(d: Disclosure) -> JudgementPlan:
    """N-VERDICT for every verdict on 决算 against 预算 in the 情况说明."""
    out = JudgementPlan()
    if not applies(d):
        return out
    claims = [c for c in d.claims if c.value is not None]
    for p in d.paragraphs:
        text = clean(p.text)
        if "决算" not in text or "预算" not in text:
            continue
        placed = _placed(text, claims)
        seen: set[int] = set()
        for pattern in _VERDICTS:
            for m in pattern.finditer(text):
                if m.start() in seen or not placed:
                    continue
                seen.add(m.start())
                before = [c for at, c in placed if at < m.start()]
                if not before:
                    continue
                head = before[-1]
                sentence = _sentence_at(text, m.start())
                if head.item is not None:
                    pool = [c for c in before if c.item == head.item and c.section == head.section]
                else:  # no enumerated item: only the figures of the verdict's own sentence
                    pool = [c for c in before if c.sentence == sentence]
                pool = [c for c in pool if c.sentence_no >= head.sentence_no - 2]
                sense = _sense(m.group("word")) * (-1 if pattern is _REVERSED else 1)
                pair = _amount_pair(pool)
                check: NarrativeCheck | None = None
                if pair is not None:
                    check = _by_amounts(head, m.group(0), sense, *pair, sentence)
                else:
                    rates = [c for c in pool if c.kind == "completion" and _percent(c)]
                    if rates:
                        check = _by_rate(head, m.group(0), sense, rates[-1], sentence)
                if check is not None:
                    out.judgements.append(check)
    return out


def _percent(c: Claim) -> bool:
    return c.value is not None and c.value.unit == "%"


@rule(
    "N-CHANGE-SIGN",
    title="“比上年增加/减少X”“增长/下降X%”的方向与同句所列本年数、上年数一致",
    severity="error",
    family="narrative",
    tables=("narrative",),
    needs="同一句中的本年数、上年数（同一事项）和带增减方向的增减额或增减率",
    rationale="同一句给出本年数和上年数，增减方向由两数决定；本年少于上年却写“增加”（或相反），说明数字或表述有误，"
    "其后的原因分析也随之失去依据。",
    fires="机关运行经费支出28.40万元，上年支出33.10万元，比上年增加4.70万元。",
    silent="机关运行经费支出28.40万元，上年支出33.10万元，比上年减少4.70万元。",
    template="{where}：本年{current}、上年{prior}，数字为{actual_word}，而表述为“{said_word}{change}”。原文：“{quote}”",
)
def N_CHANGE_SIGN(d: Disclosure) -> JudgementPlan:
    """N-CHANGE-SIGN: what the one pass over the sentences (`change_sign_plan`) states for it."""
    return change_sign_plan(d).only(N_CHANGE_SIGN)


@rule(
    "N-REASON-SIGN",
    title="“增加（减少）的主要原因”与同句所述增减方向一致",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    needs="同一句中带增减方向的增减额、增减率，以及其后“增加/增长/减少/下降的主要原因”",
    rationale="句中所列增减额、增减率都是减少，却接着解释“增长的主要原因”（或相反），原因属于相反的方向，"
    "多为套用上年或其他科目的文字，读者无法判断实际变动及其原因。",
    fires="机关运行经费支出28.40万元，比上年减少4.70万元，增长的主要原因是新增办公设备购置。",
    silent="机关运行经费支出28.40万元，比上年减少4.70万元，减少的主要原因是压减公用经费。",
    template="{where}：所述增减为{said_word}，而原因写作“{reason}”，方向相反。原文：“{quote}”",
)
def N_REASON_SIGN(d: Disclosure) -> JudgementPlan:
    """N-REASON-SIGN: what the one pass over the sentences (`change_sign_plan`) states for it."""
    return change_sign_plan(d).only(N_REASON_SIGN)


_REASON = re.compile(r"(?P<word>增加|增长|上升|减少|下降|降低)的(?:主要)?原因")
_UP = ("增加", "增长", "上升")


def _word(direction: int) -> str:
    return "增加" if direction > 0 else "减少"


def _stated(c: Claim) -> str:
    """增加/减少 for an amount of change, 增长/下降 for a rate."""
    if c.kind == "growth":
        return "增长" if c.direction > 0 else "下降"
    return _word(c.direction)


def change_sign_plan(d: Disclosure) -> JudgementPlan:
    """N-CHANGE-SIGN and N-REASON-SIGN, sentence by sentence: one pass over the claims grouped by
    sentence states both (a sentence's changes against its two years, then its 原因 against its
    changes), so their findings keep the order of the sentences; the registry lists both rules."""
    out = JudgementPlan()
    if not applies(d):
        return out
    claims = list(d.claims)
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence_no, []).append(c)
    for group in by_sentence.values():
        for ch in group:
            if (
                ch.kind not in ("change", "growth")
                or not ch.direction
                or ch.current is None
                or ch.value is None
            ):
                continue
            current = claims[ch.current] if 0 <= ch.current < len(claims) else None
            if ch.kind == "growth":  # “上年Y万元，增长Z%”: the rate names the prior-year amount it is of
                prior = claims[ch.prior] if ch.prior is not None and 0 <= ch.prior < len(claims) else None
            else:
                prior = next(
                    (
                        c
                        for c in group
                        if c.metric == "prior" and c.kind == "amount" and current is not None
                        and c.subject == current.subject and c.value is not None
                    ),
                    None,
                )  # fmt: skip
            if current is None or prior is None or current.value is None or prior.value is None:
                continue
            try:
                comp = compare(current.value, [(prior.value, 1)], current.value.unit)
            except UnitMismatch:
                continue
            if abs(comp.difference) <= comp.tolerance or (comp.difference > 0) == (ch.direction > 0):
                continue
            check = _require(
                N_CHANGE_SIGN,
                False,
                message=N_CHANGE_SIGN.template.format(
                    where=section_words(ch),
                    current=current.text,
                    prior=prior.text,
                    actual_word=_word(1 if comp.difference > 0 else -1),
                    said_word=_stated(ch),
                    change=ch.text,
                    quote=quote(ch),
                ),
                evidence=[claim_evidence(current), claim_evidence(prior), claim_evidence(ch)],
                expected=_word(1 if comp.difference > 0 else -1),
                actual=_stated(ch),
            )
            # N-DIRECTION reads a rate against the two years' amounts too (without their rounding)
            out.judgements.append(_folding(check, (ch, current, prior), "而表述为"))
        sentence = group[0].sentence
        for m in _REASON.finditer(sentence):
            said = [
                c for c in group if c.kind in ("change", "growth") and c.direction and c.start < m.start()
            ]
            directions = {c.direction for c in said}
            if len(directions) != 1:
                continue  # no direction stated, or both (收入增加、支出减少): the reason's subject is unclear
            stated = directions.pop()
            reason = 1 if m.group("word") in _UP else -1
            if reason == stated:
                continue
            out.judgements.append(
                _require(
                    N_REASON_SIGN,
                    False,
                    message=N_REASON_SIGN.template.format(
                        where=section_words(said[-1]),
                        said_word="、".join(f"{_stated(c)}{c.text}" for c in said),
                        reason=m.group(0),
                        quote=quote(said[-1]),
                    ),
                    evidence=[claim_evidence(c) for c in said],
                    expected=f"{_word(stated)}的主要原因",
                    actual=m.group(0),
                )
            )
    return out
