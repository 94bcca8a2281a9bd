"""Shares: N-SHARE (占X% = part/whole) and N-SHARE-100 (the shares of one whole in one sentence add
up to 100 when their parts add up to it)."""

from __future__ import annotations

from decimal import Decimal

from ingest.model import Claim, Disclosure
from rules.catalog import rule
from rules.claim_checks import (
    NARRATIVE,
    NarrativeCheck,
    Source,
    claim_evidence,
    claim_source,
    fmt_pct,
    quote,
    section_words,
)
from rules.findings import NotEvaluated
from rules.identities.percentages import percentage_rule
from rules.judgements import JudgementPlan
from rules.narrative.facts import Facts, narrative_plan
from rules.narrative.rates import add_ratio
from rules.outcomes import KIND_BOUND
from rules.tolerance import Comparison, UnitMismatch, compare, half_ulp


@rule(
    "N-SHARE-100",
    title="同一整体的各组成占比之和为100%",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="各组成金额之和等于整体时，其占比之和应为100%（按各百分数打印精度容差）。",
    fires="基本支出占78%；项目支出占32%。",
    silent="基本支出占78%；项目支出占22%。",
    template="{where}所列{whole}各组成占比之和为{total}%（{parts}），应为100%。原文：“{quote}”",
    needs="同一句中同一整体的各组成占比及金额",
)
def N_SHARE_100(d: Disclosure) -> JudgementPlan:
    """N-SHARE-100: `share_100_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, share_100_checks)


def share_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-SHARE (and N-ZERO-BASE for a whole of 0)."""
    rule = percentage_rule("share")
    for c in facts.claims:
        if c.kind != "share" or c.value is None:
            continue
        part_claim = facts.linked(c.part)
        if part_claim is not None and part_claim.value is not None:
            part = claim_source(part_claim)
            metric = part_claim.metric
        elif c.concept:
            found = facts.subject_value(c.subject, "final", c)  # “基本支出占78%”: its amount stated elsewhere
            if found is None:
                continue
            part, metric = found, "final"
        else:
            continue
        whole_claim = facts.linked(c.whole)
        whole: Source | None = claim_source(whole_claim) if whole_claim is not None else None
        if whole is None and c.whole_subject:
            whole = facts.subject_value(c.whole_subject, metric, c)
            if whole is None and metric != "final":
                whole = facts.subject_value(c.whole_subject, "final", c)
        if whole is None:
            plan.not_evaluated.append(
                NotEvaluated(
                    rule.id,
                    f"{section_words(c)}“{c.text}”所指整体（{c.whole_subject or '未说明'}）"
                    f"的金额在说明和公开表中均未找到，无法核对占比。原文：“{quote(c)}”",
                    NARRATIVE,
                )
            )
            continue
        whole_name = c.whole_subject or (whole.claim.subject if whole.claim else "整体")
        add_ratio(plan, rule, c, part, whole, f"占{whole_name}的", "整体", whole_name)


def share_100_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-SHARE-100: the shares of one whole in one sentence add to 100 when their parts add to it."""
    by_key: dict[tuple[int, str], list[Claim]] = {}
    for c in facts.claims:
        if c.kind == "share" and c.value is not None and c.whole_subject:
            by_key.setdefault((c.sentence_no, c.whole_subject), []).append(c)
    for (_no, whole), shares in by_key.items():
        if len(shares) < 2:
            continue
        parts = [facts.linked(s.part) for s in shares]
        if any(p is None or p.value is None for p in parts):
            continue
        whole_source = facts.linked(shares[0].whole)
        if whole_source is None or whole_source.value is None:
            continue
        try:
            parts_vs_whole = compare(
                whole_source.value,
                [(p.value, 1) for p in parts if p is not None and p.value],
                whole_source.value.unit,
            )
        except UnitMismatch:
            continue
        if parts_vs_whole.verdict() == "broken":
            continue  # not the complete list of the whole's parts
        total = sum((s.value.value for s in shares if s.value is not None), Decimal(0))
        radius = sum((half_ulp(s.value.decimals) for s in shares if s.value is not None), Decimal(0))
        comp = Comparison(total, Decimal(100), radius, max(s.value.decimals for s in shares if s.value) + 1)
        listed = "＋".join(s.text for s in shares)
        message = N_SHARE_100.template.format(
            where=section_words(shares[0]),
            whole=whole,
            total=fmt_pct(total),
            parts=listed,
            quote=quote(shares[0]),
        )
        plan.judgements.append(
            NarrativeCheck(
                N_SHARE_100,
                KIND_BOUND,
                (abs(total - 100), radius, Decimal(0)),
                comp.scale,
                message=message,
                expected="100",
                actual=fmt_pct(total),
                difference=fmt_pct(total - 100),
                tolerance=f"{radius.normalize():f}",
                evidence=[claim_evidence(s) for s in shares],
            )
        )
