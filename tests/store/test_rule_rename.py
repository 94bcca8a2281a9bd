"""A renamed rule (its old id kept as an alias) keeps its stored findings and their history."""

from __future__ import annotations

import importlib
from dataclasses import replace

import pytest

from rules.catalog import RuleSpec, define_rule, fingerprint_id, render_markdown, rule_by_id
from store import Store
from tests.store.builders import broken_finding, ok_result

# the module (the package's `rules.catalog` attribute is the catalog() function)
catalog = importlib.import_module("rules.catalog")


@pytest.fixture
def scratch_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules declared in a test vanish with it."""
    monkeypatch.setattr(catalog, "_REGISTRY", dict(catalog._REGISTRY))
    monkeypatch.setattr(catalog, "_ALIASES", dict(catalog._ALIASES))


def _declare(rule_id: str, **kw: object) -> RuleSpec:
    return define_rule(
        rule_id,
        title="测试规则",
        severity="error",
        rationale="测试用。",
        family="cross_table",
        tables=("03", "01"),
        fires="不等。",
        silent="相等。",
        **kw,  # type: ignore[arg-type]
    )


def test_aliases_resolve_and_fingerprint_by_the_first_id(scratch_catalog: None) -> None:
    spec = _declare("X-TEST-NEW", aliases=("X-TEST-OLDEST", "X-TEST-OLD"), lifecycle="preview")
    assert rule_by_id("X-TEST-OLD") is spec and rule_by_id("X-TEST-OLDEST") is spec
    assert fingerprint_id("X-TEST-NEW") == "X-TEST-OLDEST"
    assert fingerprint_id("T05-ROW") == "T05-ROW"  # no aliases: its own id
    assert fingerprint_id("NOT-A-RULE") == "NOT-A-RULE"
    assert spec.as_dict()["lifecycle"] == "preview"
    assert spec.as_dict()["aliases"] == ["X-TEST-OLDEST", "X-TEST-OLD"]
    page = render_markdown([spec])
    assert "预览（措辞或范围可能调整）" in page and "曾用编号：X-TEST-OLDEST、X-TEST-OLD" in page


def test_an_alias_may_not_be_taken_twice_and_the_lifecycle_is_checked(scratch_catalog: None) -> None:
    _declare("X-TEST-NEW", aliases=("X-TEST-OLD",))
    with pytest.raises(ValueError, match="already a rule id or alias"):
        _declare("X-TEST-OTHER", aliases=("X-TEST-OLD",))
    with pytest.raises(ValueError, match="declared twice"):
        _declare("X-TEST-OLD")
    with pytest.raises(ValueError, match="already a rule id or alias"):
        _declare("X-TEST-THIRD", aliases=("T05-ROW",))
    with pytest.raises(ValueError, match="lifecycle"):
        _declare("X-TEST-FOURTH", lifecycle="beta")


def test_a_renamed_rule_keeps_its_stored_finding_and_history(store: Store, scratch_catalog: None) -> None:
    old = replace(broken_finding(), rule_id="X-TEST-OLD")
    document_id = store.save_result(ok_result(findings=[old]))
    assert document_id is not None
    (stored,) = store.list_findings(document_id=document_id)
    store.transition(stored.id, "confirmed", "inspector.li", "数字确有矛盾")
    # the rule is renamed: X-TEST-NEW, with its old id as alias; the re-audit reports the new id
    _declare("X-TEST-NEW", aliases=("X-TEST-OLD",))
    store.save_result(ok_result(findings=[replace(old, rule_id="X-TEST-NEW")]))
    (again,) = store.list_findings(document_id=document_id)
    assert again.id == stored.id
    assert again.rule_id == "X-TEST-NEW"
    assert again.workflow_status == "confirmed"
    assert [(e.from_status, e.to_status) for e in store.finding_events(stored.id)][0] == ("open", "confirmed")
