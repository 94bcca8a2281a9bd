"""The 情况说明 checked against the tables and against itself (family “narrative”).

Every check here starts from the claims ingest/narrative/ read (`Disclosure.claims`): an amount
with the table facts it restates, a share with its part and whole, a growth rate with its change
amount, a completion rate with its final and budget amounts. Values a claim relates to are taken,
in this order, from its own sentence (the links ingest made), from a claim with the same subject in
the same section, in a section of the same scope, and finally from the table fact of that subject
— never from a neighbouring sentence's unrelated figure.

Each check is one engine fact of the kinds the other families use (rules/outcomes.py): an amount
against a table cell or another statement is a ``check`` (identity with one part, Calc 1.1
radius); a percentage (N-SHARE, N-GROWTH, N-COMPLETION, declared in
rules/identities/narrative_rates.toml) is a ``percentage`` fact decided by the rules compiled for its
id: its interval (“78%” stands for 77.5…78.5) must reach part/whole×100 computed from the printed
amounts, and may miss it only by what the amounts' own rounding allows (then it is a 尾差, info);
wording checks (增加 vs 下降, a rate of a base of 0, a section that speaks of another fund) are
``require`` facts.

One concern per module: `specs` declares the rules; `facts` looks values up (claims by subject,
table cells); `amounts` (N-AMOUNT-TABLE, N-NIL-TABLE), `rates` (a percentage against its amounts,
N-ZERO-BASE), `shares` (N-SHARE, N-SHARE-100), `growth` (N-GROWTH), `completion` (N-COMPLETION),
`direction` (N-DIRECTION), `consistency` (N-CONSISTENT, N-BALANCE), `sums` (N-LIST-SUM,
N-COUNT-SUM), `statements` (the checks of words: N-SECTION-SCOPE, N-CARRYOVER-CLAIM, N-ITEM-LIST,
N-COPY-TEXT, N-UNIT-SCOPE, N-UNIT-CHANGE) and `perf_forms` (N-PERF-FORM) hold the checks. What
other families share with this one — a claim's evidence and quote, `NarrativeCheck`, the
percentage bound — is in the rules kernel, rules/claim_checks.py (re-exported here).
"""

from __future__ import annotations

from ingest.model import Disclosure
from rules.claim_checks import (
    NarrativeCheck,
    Ratio,
    claim_evidence,
    claim_source,
    narrative_applies,
    percent_check,
    quote,
    ratio,
    section_words,
    truncated_to,
)
from rules.judgements import JudgementPlan
from rules.narrative.amounts import amount_checks, nil_checks
from rules.narrative.completion import completion_checks
from rules.narrative.consistency import balance_checks, consistency_checks
from rules.narrative.direction import direction_checks
from rules.narrative.facts import Facts
from rules.narrative.growth import growth_checks
from rules.narrative.perf_forms import claimed_project, name_overlap, perf_form_checks
from rules.narrative.shares import share_100_checks, share_checks
from rules.narrative.specs import NARRATIVE_RULES
from rules.narrative.statements import (
    carryover_checks,
    copy_text_checks,
    item_list_checks,
    scope_checks,
    unit_change_checks,
    unit_scope_checks,
)
from rules.narrative.sums import count_checks, list_checks

#: Narrative checks run on any document with claims (决算 or unknown; budgets have their own wording).
applies = narrative_applies


def plan(disclosure: Disclosure) -> JudgementPlan:
    """Every narrative check of one document."""
    out = JudgementPlan()
    if not applies(disclosure):
        return out
    facts = Facts(disclosure)
    for step in (
        amount_checks,
        nil_checks,
        share_checks,
        growth_checks,
        completion_checks,
        direction_checks,
        consistency_checks,
        balance_checks,
        list_checks,
        count_checks,
        share_100_checks,
        scope_checks,
        perf_form_checks,
        carryover_checks,
        item_list_checks,
        copy_text_checks,
        unit_scope_checks,
        unit_change_checks,
    ):
        step(facts, out)
    return out


__all__ = [
    "NARRATIVE_RULES",
    "NarrativeCheck",
    "Ratio",
    "applies",
    "claim_evidence",
    "claim_source",
    "claimed_project",
    "name_overlap",
    "percent_check",
    "plan",
    "quote",
    "ratio",
    "section_words",
    "truncated_to",
]
