"""Every rule of the catalog has an example where it fires and one where it stays silent (or, for
a rule that cannot be evaluated yet, a document on which it says so)."""

from __future__ import annotations

import pytest

from rules import catalog
from tests.rules.agency_examples import AGENCY_EXAMPLES
from tests.rules.budget_projects_examples import BUDGET_PROJECT_EXAMPLES
from tests.rules.catalog_examples import CATALOG_EXAMPLES, NOT_EVALUABLE
from tests.rules.classification_examples import CLASSIFICATION_EXAMPLES
from tests.rules.examples import EXAMPLES, full
from tests.rules.form_count_examples import FORM_COUNT_EXAMPLES
from tests.rules.helpers import findings, not_evaluated, run
from tests.rules.narrative_examples import NARRATIVE_EXAMPLES
from tests.rules.performance_content_examples import CONTENT_EXAMPLES
from tests.rules.performance_examples import PERF_EXAMPLES
from tests.rules.verdict_examples import VERDICT_EXAMPLES

ALL_EXAMPLES = {
    **EXAMPLES,
    **CATALOG_EXAMPLES,
    **NARRATIVE_EXAMPLES,
    **PERF_EXAMPLES,
    **CLASSIFICATION_EXAMPLES,
    **VERDICT_EXAMPLES,
    **FORM_COUNT_EXAMPLES,
    **CONTENT_EXAMPLES,
    **AGENCY_EXAMPLES,
    **BUDGET_PROJECT_EXAMPLES,
}
SPECS = {r.id: r for r in catalog()}
RULE_IDS = [r.id for r in catalog() if r.id in ALL_EXAMPLES]


def test_every_rule_has_examples() -> None:
    # a rule either has examples, or (not evaluable yet) a document on which it says why; a rule
    # that needs facts ingest may lack (the 绩效 forms) has both
    assert sorted({*ALL_EXAMPLES, *NOT_EVALUABLE}) == sorted(SPECS)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fires(rule_id: str) -> None:
    fires, _ = ALL_EXAMPLES[rule_id]
    spec = SPECS[rule_id]
    out = run(fires())
    hits = findings(out, rule_id)
    assert hits, f"{rule_id} did not fire: {[f.message for f in out.findings]}"
    assert all(f.severity == spec.severity and f.outcome == "broken" for f in hits)
    assert all(f.evidence for f in hits)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_silent(rule_id: str) -> None:
    _, silent = ALL_EXAMPLES[rule_id]
    out = run(silent())
    assert findings(out, rule_id) == [], [f.message for f in findings(out, rule_id)]


@pytest.mark.parametrize("rule_id", sorted(NOT_EVALUABLE))
def test_not_evaluable_rules_say_why(rule_id: str) -> None:
    document, reason = NOT_EVALUABLE[rule_id]
    out = run(document())
    assert findings(out, rule_id) == []
    assert [n for n in not_evaluated(out, rule_id) if reason in n.reason]


def test_consistent_document_is_clean() -> None:
    out = run(full())
    assert out.findings == []
    assert out.not_evaluated == []
    assert out.checks_run == out.checks_held > 100
    assert out.facts == out.checks_run + 1  # + eod
