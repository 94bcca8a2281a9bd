"""Narrative logic against its own figures: the verdict a sentence gives on 决算 against 预算
(大于/小于/等于/持平, 比预算增加/减少) read against the figures the same item states.

N-DIRECTION (rules/narrative.py) checks the first “决算数大于/小于…预算” of a sentence against
an amount pair. N-VERDICT reads every verdict of the sentence in the wider wording inspectors meet
(“决算支出数小于年初预算安排数”, “决算数据大于年初预算数”, “支出决算比年初预算减少”,
“决算数与年初预算持平”) and judges it against:

1. the 支出决算 and 年初预算 amounts stated for the same item (this sentence or the two before it),
   when N-DIRECTION does not already judge that verdict against them;
2. else the 完成率 stated for the same item: above 100 % means 决算 > 预算, below means 决算 < 预算.

Only a contradiction the printed figures prove is reported (outside the rounding of each figure):
“决算数大于年初预算数” beside 决算 62 < 预算 70, or beside “完成年初预算的93.61%”.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.model import Claim, Disclosure
from ingest.numbers import clean
from rules.catalog import define_rule
from rules.judgements import JudgementPlan, text_evidence
from rules.narrative import (
    _COMPARE_WORDS,
    NarrativeCheck,
    _require,
    applies,
    claim_evidence,
    quote,
    section_words,
)
from rules.tolerance import UnitMismatch, compare, half_ulp
from rules.wording import fmt_amount

N_VERDICT = define_rule(
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

_SPENT = r"决算(?:支出)?(?:数据?|金额)?"
_BUDGET = r"(?:年初|全年|调整后)?预算(?:安排)?(?:数)?"
_VERDICTS = (
    re.compile(rf"{_SPENT}(?P<word>大于|高于|超过|超出|多于|小于|低于|少于|等于){_BUDGET}"),
    re.compile(rf"{_SPENT}与{_BUDGET}(?P<word>持平|一致|相等|相同)"),
    re.compile(rf"{_SPENT}(?:比|较){_BUDGET}(?P<word>增加|增长|减少|下降|节约|超支)"),
)
_BIGGER = ("大于", "高于", "超过", "超出", "多于", "增加", "增长", "超支")
_SMALLER = ("小于", "低于", "少于", "减少", "下降", "节约")
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
    return _finding(head, verdict, figures, [fc, bc], _sense_words(1 if diff > 0 else -1), sentence)


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


def plan(d: Disclosure) -> JudgementPlan:
    """N-VERDICT for every verdict on 决算 against 预算 in the 情况说明."""
    out = JudgementPlan()
    if not applies(d):
        return out
    claims = [c for c in d.claims if c.value is not None]
    sentences = {c.sentence for c in claims}
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
                sense = _sense(m.group("word"))
                pair = _amount_pair(pool)
                check: NarrativeCheck | None = None
                if pair is not None:
                    first = _COMPARE_WORDS.search(sentence)
                    offset = m.start() - text.find(sentence)
                    direction_judges = sentence in sentences and first is not None and first.start() == offset
                    if not direction_judges:
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
