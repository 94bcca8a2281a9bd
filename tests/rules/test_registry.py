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


def test_each_budget_cross_table_rule_is_declared_and_its_own_checker_in_its_place() -> None:
    """The 预算 表间 rules (rules/cross_table/budget.py), all declared as data, run right after the
    决算 ones, in the catalog's order, each pair of tables in its place; each plans on a budget
    document only."""
    from rules import identities
    from rules.settings import default_config
    from tests.rules import budget_examples, examples

    order = [
        "XB01-02-INCOME",  # declared as data (rules/identities/budget_B01_B02.toml)
        "XB01-03-EXPENSE",  # declared as data (rules/identities/budget_B01_B03.toml)
        "XB04-05-GENERAL",  # declared as data (rules/identities/budget_B04_B05.toml)
        "XB05-06-BASIC",  # declared as data (rules/identities/budget_B05_B06.toml)
        "XB03-12-PROJECT",  # declared as data (rules/identities/budget_B03_B12.toml)
        "XB10-06-THREE-PUBLIC",  # declared as data (rules/identities/budget_B06_B10.toml)
        "XB11-06-AGENCY",  # declared as data (rules/identities/budget_B11_B06.toml)
        "XB01-09-CAPITAL",  # declared as data (rules/identities/budget_B01_B09.toml)
    ]
    at = [c.name for c in registry.CHECKERS].index("XP-PROJECT-AS-BASIC") + 1
    checkers = registry.CHECKERS[at : at + len(order)]
    assert [c.name for c in checkers] == order
    assert all(c.gate == "cross_table" and c.stage == "judgements" for c in checkers)
    assert all(identities.is_declared(rid) for rid in order)
    assert [s.id for c in checkers for s in c.rules] == order
    ids = [s.id for s in registered_rules()]
    assert ids[ids.index("XB01-02-INCOME") : ids.index("XB01-02-INCOME") + len(order)] == order

    cfg = default_config()
    budget = budget_examples.budget()
    planned: list[str] = []
    for c in checkers:
        assert c.run is not None
        plan = c.run(budget, cfg.profile_for(budget), cfg.settings)
        assert isinstance(plan, JudgementPlan)
        planned += [j.rule.id for j in plan.judgements]
    # the hand-built budget has no 国有资本经营预算: every other rule states its comparisons, in order
    assert sorted(set(planned), key=order.index) == order[:-1]
    assert planned == sorted(planned, key=order.index)
    # a 决算 carrying budget tables is no budget document: the 决算 rules', none of these
    final = examples.full()
    final.tables.update(budget.tables)
    for c in checkers:
        assert c.run is not None
        plan = c.run(final, cfg.profile_for(final), cfg.settings)
        assert isinstance(plan, JudgementPlan) and not plan.judgements and not plan.not_evaluated


def test_every_rule_written_in_python_is_one_object_with_its_implementation() -> None:
    """Issue 13, item 1: every rule of the catalog is either declared as data (its implementation
    the compiled engine rules and the planner of its kind) or one object carrying its
    implementation — except TAB-BLANK-TOTAL, the finding of a blank 合计 that the in-table resolver
    states for every identity (rules/checks.py)."""
    from rules import identities

    declared = {d.spec.id for d in identities.declared()}
    python = [s for s in registered_rules() if s.id not in declared]
    assert python, "the catalog has Python rules"
    without = [s.id for s in python if not (isinstance(s, Rule) and s.implementation is not None)]
    assert without == ["TAB-BLANK-TOTAL"]


@pytest.mark.parametrize("table", ["knowledge", "subsidies", "task_concepts"])
def test_a_malformed_knowledge_table_stops_the_import(monkeypatch: pytest.MonkeyPatch, table: str) -> None:
    """The import validates the knowledge tables (registry.validate): a malformed entry stops it,
    not the first audit that reads the table."""
    from rules import knowledge

    def malformed() -> None:
        raise ValueError(f"{table}: 第1个条目缺少 name")

    monkeypatch.setattr(knowledge, table, malformed)
    with pytest.raises(ValueError, match="第1个条目缺少 name"):
        registry.validate()
