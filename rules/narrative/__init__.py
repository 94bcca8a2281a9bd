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

Each rule is one object (`rules.catalog.rule`) beside its check, a function of the document run
over the document's `Facts` (`facts.narrative_plan`), and its own checker in rules/registry.py:
`amounts` (N-AMOUNT-TABLE, N-NIL-TABLE), `direction` (N-DIRECTION), `consistency` (N-CONSISTENT,
N-BALANCE), `sums` (N-LIST-SUM, N-COUNT-SUM), `shares` (N-SHARE-100), `statements` (the checks
of words: N-SECTION-SCOPE, N-CARRYOVER-CLAIM, N-ITEM-LIST, N-COPY-TEXT, N-UNIT-SCOPE,
N-UNIT-CHANGE) and `perf_forms` (N-PERF-FORM). The percentages declared as data (N-SHARE,
N-GROWTH, N-COMPLETION) are stated by one pass per percentage claim (`rates_plan`: `shares`,
`growth`, `completion`), which also states what a rate's reading finds on the way: a rate of a base
of 0 (N-ZERO-BASE, N-ZERO-BASE-0, declared in `rates`) and a growth rate whose sign contradicts
its words (N-DIRECTION). `facts` looks values up (claims by subject, table cells). What other
families share with this one — a claim's evidence and quote, `NarrativeCheck`, the percentage
bound — is in the rules kernel, rules/claim_checks.py (re-exported here).
"""

from __future__ import annotations

from ingest.model import Disclosure
from rules import identities
from rules.catalog import rule_by_id
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
from rules.narrative.completion import completion_checks
from rules.narrative.facts import Facts, narrative_plan
from rules.narrative.growth import growth_checks
from rules.narrative.perf_forms import claimed_project, name_overlap
from rules.narrative.rates import N_ZERO_BASE, N_ZERO_BASE_NIL
from rules.narrative.shares import share_checks

#: Narrative checks run on any document with claims (决算 or unknown; budgets have their own wording).
applies = narrative_applies

# The percentage rules (N-SHARE, N-GROWTH, N-COMPLETION) are declared as data in
# rules/identities/narrative_rates.toml and decided by rules compiled from the declarations
# (rules/identities/percentages.py).
identities.load_packaged()
N_SHARE = rule_by_id("N-SHARE")
N_GROWTH = rule_by_id("N-GROWTH")
N_COMPLETION = rule_by_id("N-COMPLETION")
RATE_RULES = (N_SHARE, N_GROWTH, N_COMPLETION, N_ZERO_BASE, N_ZERO_BASE_NIL)


def rates_plan(disclosure: Disclosure) -> JudgementPlan:
    """The percentages of the 情况说明 (shares, growth rates, completion rates, in that order), one
    pass per claim, with what their reading finds on the way (RATE_RULES, and N-DIRECTION for a
    growth rate's sign)."""

    def rates(facts: Facts, plan: JudgementPlan) -> None:
        for step in (share_checks, growth_checks, completion_checks):
            step(facts, plan)

    return narrative_plan(disclosure, rates)


__all__ = [
    "RATE_RULES",
    "NarrativeCheck",
    "Ratio",
    "applies",
    "claim_evidence",
    "claim_source",
    "claimed_project",
    "name_overlap",
    "percent_check",
    "quote",
    "rates_plan",
    "ratio",
    "section_words",
    "truncated_to",
]
