"""Statements against each other: N-CONSISTENT (a concept stated twice in one scope is stated
alike) and N-BALANCE (收入总计 = 支出总计, and their changes)."""

from __future__ import annotations

from ingest.model import Amount, Claim, Disclosure
from rules.catalog import RuleSpec, rule
from rules.claim_checks import amount_places, claim_evidence, identity_check, quote, section_words
from rules.judgements import JudgementPlan
from rules.narrative.facts import Facts, narrative_plan, subject_words
from rules.tolerance import UnitMismatch, compare
from rules.wording import fmt_amount


@rule(
    "N-CONSISTENT",
    title="情况说明中同一事项多处表述的金额一致",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="同一事项（如“三公”经费决算数、机关运行经费）在说明不同段落中金额应相同；没有公开表可核对时尤须自洽。",
    fires="说明第九部分（一）称“三公”经费支出决算4.35万元，（二）称4.53万元。",
    silent="两处均称4.35万元。",
    template="{where}称{subject}{value}{unit}，而{other_where}称{other_value}{unit}，相差{difference}{unit}。原文：“{quote}”",
    rounding_template="{where}称{subject}{value}{unit}，而{other_where}称{other_value}{unit}，相差{difference}{unit}，在四舍五入尾差范围内，属尾差。原文：“{quote}”",
    needs="说明中同一事项的多处金额",
)
def N_CONSISTENT(d: Disclosure) -> JudgementPlan:
    """N-CONSISTENT: `consistency_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, consistency_checks)


@rule(
    "N-BALANCE",
    title="情况说明中收入总计＝支出总计（及其增减额相同）",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="收支总表两方恒等，说明中分别给出的收入总计与支出总计、及二者较上年的增减额必须相同。",
    fires="财政拨款收入总计200.93万元、支出总计均为201.56万元；收入总计增加50.91万元、支出总计增加52.34万元。",
    silent="收入总计、支出总计均为1,049.22万元，均增加43.03万元。",
    template="{where}称{left}{left_value}{unit}，{right}{right_value}{unit}，二者应相等（相差{difference}{unit}）。原文：“{quote}”",
    rounding_template="{where}称{left}{left_value}{unit}，{right}{right_value}{unit}，在四舍五入尾差范围内（相差{difference}{unit}）。原文：“{quote}”",
    needs="说明中收入总计、支出总计及其增减额",
)
def N_BALANCE(d: Disclosure) -> JudgementPlan:
    """N-BALANCE: `balance_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, balance_checks)


def consistency_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-CONSISTENT: a concept stated twice in one scope (without a table fact) is stated alike."""
    groups: dict[tuple[str, str, str, str], list[Claim]] = {}
    for c in facts.claims:
        if c.value is None or not c.concept or c.value.unit not in ("万元", "元"):
            continue
        if c.kind == "amount" and c.metric in ("final", "budget"):
            key = (c.subject, c.scope, c.metric, c.kind)
        elif c.kind == "change" and c.direction:
            key = (c.subject, c.scope, "change", c.kind)
        else:
            continue
        groups.setdefault(key, []).append(c)
    for (_subject, _scope, _metric, kind), claims in groups.items():
        if len(claims) < 2:
            continue
        if kind == "amount" and any(
            c.refs and (f := facts.table_fact(c.refs)) is not None and not f.blank for c in claims
        ):
            continue  # each statement is checked against the table instead
        first = claims[0]
        for other in claims[1:]:
            if other.sentence_no == first.sentence_no and other.start == first.start:
                continue
            _pair(plan, N_CONSISTENT, other, first)


def _signed(c: Claim) -> Amount:
    assert c.value is not None
    if c.kind == "change" and c.direction < 0:
        return Amount(-c.value.value, c.value.decimals, c.value.unit)
    return c.value


def _pair(plan: JudgementPlan, rule: RuleSpec, c: Claim, other: Claim) -> None:
    try:
        comp = compare(_signed(c), [(_signed(other), 1)], c.value.unit if c.value else "万元")
    except UnitMismatch:
        return
    places = amount_places(comp.actual, comp.expected)
    unit = c.value.unit if c.value else "万元"
    fields = {
        "where": section_words(c),
        "subject": subject_words(c) + ("增减额" if c.kind == "change" else ""),
        "value": fmt_amount(comp.actual, places),
        "unit": unit,
        "other_where": section_words(other),
        "other_value": fmt_amount(comp.expected, places),
        "difference": fmt_amount(abs(comp.difference), places),
        "quote": quote(c),
    }
    message = rule.template.format(**fields)
    plan.judgements.append(
        identity_check(
            rule,
            comp,
            places,
            message=message,
            rounding_message=rule.rounding_template.format(**fields),
            evidence=[claim_evidence(c), claim_evidence(other)],
        )
    )


def balance_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-BALANCE: 收入总计 = 支出总计 (and their changes) where both are stated."""
    for scope in ("overall", "fin_overall"):
        for kind in ("amount", "change"):
            inc = [
                c
                for c in facts.claims
                if c.scope == scope
                and c.kind == kind
                and c.subject == "收入总计"
                and c.metric in ("final", "change")
                and c.value is not None
            ]
            exp = [
                c
                for c in facts.claims
                if c.scope == scope
                and c.kind == kind
                and c.subject == "支出总计"
                and c.metric in ("final", "change")
                and c.value is not None
            ]
            if not inc or not exp:
                continue
            left, right = inc[0], exp[0]
            try:
                comp = compare(_signed(left), [(_signed(right), 1)], left.value.unit)  # type: ignore[union-attr]
            except UnitMismatch:
                continue
            places = amount_places(comp.actual, comp.expected)
            unit = left.value.unit  # type: ignore[union-attr]
            suffix = "增减额" if kind == "change" else ""
            fields = dict(
                where=section_words(left),
                left="收入总计" + suffix,
                left_value=fmt_amount(comp.actual, places),
                right="支出总计" + suffix,
                right_value=fmt_amount(comp.expected, places),
                unit=unit,
                difference=fmt_amount(abs(comp.difference), places),
                quote=quote(left),
            )
            message = N_BALANCE.template.format(**fields)
            plan.judgements.append(
                identity_check(
                    N_BALANCE,
                    comp,
                    places,
                    message=message,
                    rounding_message=N_BALANCE.rounding_template.format(**fields),
                    evidence=[claim_evidence(left), claim_evidence(right)],
                )
            )
