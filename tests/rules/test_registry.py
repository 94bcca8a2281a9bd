"""rules/registry.py: the registry of implementations is the catalog, and it refuses a rule it does not run."""

from __future__ import annotations

import importlib

import pytest

from rules import registry
from rules.agency_running import CMP_AGENCY_EMPTY
from rules.catalog import Rule, define_rule, registered_rules, rule
from rules.judgements import JudgementPlan

catalog_module = importlib.import_module("rules.catalog")  # the module (rules.catalog is also a function)


def test_the_catalog_is_the_registry_and_every_rule_is_stated_once() -> None:
    ids = [s.id for s in registered_rules()]
    assert len(ids) == len(set(ids))
    stated = {s.id for c in registry.CHECKERS for s in c.rules}
    defined = {s.id for s, _ in catalog_module.defined_rules()}
    assert defined <= set(ids)
    assert stated <= set(ids)


def test_a_rule_that_is_one_object_carries_its_implementation() -> None:
    assert isinstance(CMP_AGENCY_EMPTY, Rule)
    assert CMP_AGENCY_EMPTY.id == "CMP-AGENCY-EMPTY" and CMP_AGENCY_EMPTY.template
    checker = next(c for c in registry.CHECKERS if c.name == "CMP-AGENCY-EMPTY")
    assert checker.rules == (CMP_AGENCY_EMPTY,) and checker.gate == "completeness"
    from ingest.model import Disclosure

    assert isinstance(CMP_AGENCY_EMPTY(Disclosure(source="empty")), JudgementPlan)


def test_a_rule_defined_but_run_by_no_checker_stops_the_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "_REGISTRY", dict(catalog_module._REGISTRY))
    monkeypatch.setattr(catalog_module, "_DEFINED_IN", dict(catalog_module._DEFINED_IN))
    define_rule(
        "TEST-ORPHAN",
        title="测试",
        severity="warning",
        rationale="测试",
        family="completeness",
        tables=("01",),
        fires="—",
        silent="—",
    )
    with pytest.raises(
        registry.RegistryError, match=r"TEST-ORPHAN \(defined in tests\.rules\.test_registry\)"
    ):
        registry.validate()


def test_the_rule_decorator_makes_the_function_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "_REGISTRY", dict(catalog_module._REGISTRY))
    monkeypatch.setattr(catalog_module, "_DEFINED_IN", dict(catalog_module._DEFINED_IN))

    @rule(
        "TEST-ONE-OBJECT",
        title="测试",
        severity="info",
        rationale="测试",
        family="completeness",
        tables=("01",),
        fires="—",
        silent="—",
        template="{x}",
    )
    def TEST_ONE_OBJECT(d: object) -> JudgementPlan:  # noqa: N802
        return JudgementPlan()

    assert isinstance(TEST_ONE_OBJECT, Rule) and TEST_ONE_OBJECT.template == "{x}"
    assert catalog_module.rule_by_id("TEST-ONE-OBJECT") is TEST_ONE_OBJECT


def test_a_family_the_profile_switches_off_is_not_planned() -> None:
    gated = {c.name for c in registry.CHECKERS if c.gate == "completeness"}
    assert {"CMP-TABLES", "CMP-SECTIONS", "CMP-YEAR", "CMP-AGENCY-EMPTY"} <= gated
    assert all(s.family == "completeness" for c in registry.CHECKERS if c.name in gated for s in c.rules)
    from ingest.model import Disclosure
    from rules.settings import default_config

    cfg = default_config()
    d = Disclosure(source="x")
    profile = cfg.profile_for(d)
    on = registry.plan(d, "judgements", {"narrative"}, profile, cfg.settings)
    every = registry.plan(
        d, "judgements", {"narrative", "completeness", "cross_table", "plausibility"}, profile, cfg.settings
    )
    assert len(every) - len(on) == len([c for c in registry.CHECKERS if c.stage == "judgements" and c.gate])


def test_a_rule_that_reads_the_template_is_one_object_called_with_the_profile() -> None:
    from ingest.model import Disclosure
    from rules.completeness import CMP_TABLES
    from rules.settings import default_config

    assert isinstance(CMP_TABLES, Rule)
    checker = next(c for c in registry.CHECKERS if c.name == "CMP-TABLES")
    assert checker.rules == (CMP_TABLES,) and checker.gate == "completeness"
    cfg = default_config()
    d = Disclosure(source="x")
    profile = next(p for p in cfg.settings.profiles.values() if p.required_tables)
    plan = CMP_TABLES(d, profile, cfg.settings)
    # a document without tables: one unmet requirement per table the template requires
    assert [j.rule for j in plan.judgements] == [CMP_TABLES] * len(profile.required_tables)
    assert not any(j.ok for j in plan.judgements)


def test_the_diagnoses_are_stated_in_the_catalog_and_planned_by_the_audit_only() -> None:
    from rules.plausibility import PLA_DIGIT_SLIP, PLA_PARENT_LT_CHILD

    [checker] = [c for c in registry.CHECKERS if c.stage == "diagnoses"]
    assert checker.rules == (PLA_DIGIT_SLIP, PLA_PARENT_LT_CHILD) and checker.run is None
    assert checker.gate == "plausibility"
    ids = [s.id for s in registered_rules()]
    assert ids.index("PLA-RATE-NO-BUDGET") < ids.index("PLA-DIGIT-SLIP") < ids.index("PLA-TRANSFER-AS-BASIC")
