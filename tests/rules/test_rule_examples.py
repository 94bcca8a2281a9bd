"""Every rule of the catalog has an example where it fires and one where it stays silent."""

from __future__ import annotations

import pytest

from rules import catalog
from tests.rules.examples import EXAMPLES, full
from tests.rules.helpers import findings, run

RULE_IDS = [r.id for r in catalog()]


def test_every_rule_has_examples() -> None:
    assert sorted(EXAMPLES) == sorted(RULE_IDS)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fires(rule_id: str) -> None:
    fires, _ = EXAMPLES[rule_id]
    spec = {r.id: r for r in catalog()}[rule_id]
    out = run(fires())
    hits = findings(out, rule_id)
    assert hits, f"{rule_id} did not fire: {[f.message for f in out.findings]}"
    assert all(f.severity == spec.severity and f.outcome == "broken" for f in hits)
    assert all(f.evidence for f in hits)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_silent(rule_id: str) -> None:
    _, silent = EXAMPLES[rule_id]
    out = run(silent())
    assert findings(out, rule_id) == []


def test_consistent_document_is_clean() -> None:
    out = run(full())
    assert out.findings == []
    assert out.not_evaluated == []
    assert out.checks_run == out.checks_held > 100
    assert out.facts == out.checks_run + 1  # + eod
