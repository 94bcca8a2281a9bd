"""The registry of rule implementations: what runs on a document, in which order, and the catalog.

Each entry is a `Checker`: an implementation (a function of the document) and the rules it states.
A rule that is one object (`rules.catalog.rule`, e.g. CMP-AGENCY-EMPTY) is its own checker: its
metadata, both of its messages and its implementation travel together. A pass that
states several rules from one reading (the percentages of the 情况说明 and a base of 0, the 绩效
forms' indicators, the in-table sums) lists them. The identities declared as data
(rules/identities/*.toml and an operator's ``AUDITOR_RULES_PATH``) are run by the checkers that read
their kind (row identities by the in-table planner, code sums by the hierarchy planner, the
equalities between two tables by small checkers in their place among the 表间 rules (`declared` of
rules/cross_table/ and rules/cross_table/budget.py), percentages by the narrative rates pass,
narrative claims by `declared_claims`) and join the catalog from the declarations themselves.

Stages, in the order the audit runs them (rules/audit.py):

- ``tables``: in-table identities (`rules.checks.Plan`), resolved into exact checks;
- ``judgements``: every other check (`rules.judgements.JudgementPlan`), one engine fact each;
- ``diagnoses``: the judgements of a broken check (PLA-DIGIT-SLIP, PLA-PARENT-LT-CHILD), planned by
  the audit's second engine session from the checks the engine found broken
  (`rules.plausibility.diagnose`); their checker has no implementation of the document and only
  states them, in their place in the catalog;
- a checker with a ``gate`` runs only when the document's profile enables that family
  (rules/settings.toml: a budget template without 绩效 forms, a unit without cross-table pairs…).

The catalog (`catalog_rules`, hence `auditor rules`, docs/rules.md and the settings) is the rules of
this registry. At import the registry checks that every rule defined anywhere in rules/ is stated
by a checker: a rule declared but never wired fails loudly, naming it, instead of disappearing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ingest.model import Disclosure
from rules import (
    agency_running,
    arithmetic,
    budget_arithmetic,
    budget_projects,
    classification,
    classification_subsidy,
    completeness,
    cross_table,
    form_count,
    hierarchy,
    identities,
    knowledge,
    narrative,
    narrative_items,
    narrative_verdict,
    performance,
    performance_content,
    performance_fund,
    performance_money,
    plausibility,
)
from rules.catalog import Rule, RuleSpec, defined_rules
from rules.checks import TAB_BLANK_TOTAL, Plan
from rules.cross_table import basic, carry, expense_codes, nonfiscal, performance_forms
from rules.cross_table import budget as budget_cross
from rules.identities import claims as declared_claims
from rules.judgements import JudgementPlan
from rules.narrative import amounts, consistency, direction, perf_forms, shares, statements, sums
from rules.settings import Profile, Settings

Stage = Literal["tables", "judgements", "diagnoses"]


class RegistryError(RuntimeError):
    """A rule defined in rules/ that no checker states (or stated twice under one id)."""


@dataclass(frozen=True)
class Checker:
    """One implementation run on every document: the rules it states and how it is called."""

    name: str
    # None for the diagnoses: the audit plans them from the broken checks (plausibility.diagnose)
    run: Callable[[Disclosure, Profile, Settings], Plan | JudgementPlan] | None
    rules: tuple[RuleSpec, ...]
    stage: Stage
    gate: str | None = None  # the profile family that must be enabled for it to run

    @classmethod
    def of(
        cls,
        name: str,
        fn: Callable[[Disclosure], Plan | JudgementPlan],
        rules: Iterable[RuleSpec],
        stage: Stage,
        gate: str | None = None,
    ) -> Checker:
        """A checker of a function of the document alone."""
        return cls(name, lambda d, _p, _s: fn(d), tuple(rules), stage, gate)

    @classmethod
    def declared(
        cls,
        name: str,
        rules: tuple[RuleSpec, ...],
        between: tuple[str, str] | None = None,
    ) -> Checker:
        """The checker of the equalities declared as data between 决算 tables (`cross_table.declared`:
        those `between` two tables, or, without `between`, those between any pair no other such
        checker names), stating the packaged `rules` in their place among the 表间 rules (the
        cross_table family)."""
        run = cross_table.declared(rules, between=between)
        return cls.of(name, run, rules, "judgements", "cross_table")

    @classmethod
    def rule(
        cls, rule: Rule, gate: str | None = None, *, context: bool = False, stage: Stage = "judgements"
    ) -> Checker:
        """The checker of a rule that is one object (`@rule`): named by its id, it states itself
        (an in-table identity's in the ``tables`` stage); with `context` its implementation also
        takes the document's profile and settings."""
        if context:
            return cls(rule.id, rule, (rule,), stage, gate)
        return cls.of(rule.id, rule, (rule,), stage, gate)


CHECKERS: tuple[Checker, ...] = (
    # in-table identities (the declared [[identity]] rows among them)
    Checker.of("arithmetic", arithmetic.plan, (*arithmetic.ARITHMETIC_RULES, TAB_BLANK_TOTAL), "tables"),
    Checker.of(
        "budget_arithmetic", budget_arithmetic.plan, budget_arithmetic.BUDGET_ARITHMETIC_RULES, "tables"
    ),
    Checker.of(
        "TB-CAPITAL-BALANCE",
        budget_arithmetic.capital_balances,
        (budget_arithmetic.TB_CAPITAL_BALANCE,),
        "tables",
    ),
    Checker.of("hierarchy", hierarchy.plan, hierarchy.HIERARCHY_RULES, "tables"),
    Checker.of(
        "performance",
        performance.plan,
        (
            performance.PERF_TASK_SUM,
            performance.PERF_SOURCE_SUM,
            performance.PERF_BALANCE,
            *performance.INDICATOR_RULES,
        ),
        "tables",
    ),
    # the narrative and the 绩效 forms
    # the 情况说明 against the tables and itself (rules/narrative/), each rule its own checker; the
    # percentages declared as data and what their reading finds on the way in one pass per claim
    Checker.rule(amounts.N_AMOUNT_TABLE),
    Checker.rule(amounts.N_NIL_TABLE),
    Checker.of("narrative_rates", narrative.rates_plan, narrative.RATE_RULES, "judgements"),
    Checker.rule(direction.N_DIRECTION),
    Checker.rule(consistency.N_CONSISTENT),
    Checker.rule(consistency.N_BALANCE),
    Checker.rule(sums.N_LIST_SUM),
    Checker.rule(sums.N_COUNT_SUM),
    Checker.rule(shares.N_SHARE_100),
    Checker.rule(statements.N_SECTION_SCOPE),
    Checker.rule(perf_forms.N_PERF_FORM),
    Checker.rule(statements.N_CARRYOVER_CLAIM),
    Checker.rule(statements.N_ITEM_LIST),
    Checker.rule(statements.N_COPY_TEXT),
    Checker.rule(statements.N_UNIT_SCOPE),
    Checker.rule(statements.N_UNIT_CHANGE),
    Checker.rule(narrative_verdict.N_VERDICT),
    # one pass over the sentences states both, in sentence order (rules/narrative_verdict.py)
    Checker.of(
        "narrative_signs",
        narrative_verdict.change_sign_plan,
        (narrative_verdict.N_CHANGE_SIGN, narrative_verdict.N_REASON_SIGN),
        "judgements",
    ),
    Checker.rule(narrative_items.N_ITEM_WORDING),
    Checker.rule(form_count.N_FORM_COUNT),
    Checker.rule(form_count.N_TARGET_AMOUNT),
    Checker.rule(form_count.N_TARGET_COUNT),
    Checker.rule(performance_content.PERF_ADJUST_RATE),
    Checker.rule(performance_content.PERF_FUND_LEVEL),
    Checker.rule(performance_fund.PERF_FUND_NARRATIVE),
    Checker.rule(performance_content.PERF_PROCUREMENT),
    Checker.rule(performance_content.PERF_INDICATOR_YEAR),
    Checker.rule(performance_content.PERF_BASIS_YEAR),
    Checker.rule(performance_money.PERF_OTHER_MONEY),
    Checker.rule(performance_money.PERF_WHOLE_INITIAL),
    Checker.rule(performance_money.PERF_COST_BOUND),
    Checker.rule(performance.N_PERF_INITIAL),
    Checker.rule(performance.N_PROJECT_ITEMS),
    Checker.rule(performance.N_PERF_INDICATOR),
    Checker.rule(performance.PERF_DUPLICATE_FORM),
    # form by form, one pass over each form's indicators: the judgements of INDICATOR_RULES (listed
    # by the in-table checker "performance"), XP-UNIT-COST (a cross_table-family rule declared beside
    # this pass) and its 尾差 note
    Checker.of(
        "performance_forms",
        performance.form_checks,
        (performance.XP_UNIT_COST, performance.XP_UNIT_COST_ROUNDED),
        "judgements",
    ),
    Checker.rule(performance.PERF_ACTUAL_TEXT),
    Checker.of("declared_claims", declared_claims.plan, (), "judgements"),
    # families a profile may switch off
    # the 决算's, each on a 决算 only (rules/cross_table/), the equalities declared between two 决算
    # tables in their place
    Checker.declared("X01-02-INCOME", (cross_table.X01_02_INCOME,), between=("01", "02")),
    Checker.declared("X01-03", (cross_table.X01_03_EXPENSE, cross_table.X01_03_CLASS), between=("01", "03")),
    Checker.declared("X04-01-INCOME", (cross_table.X04_01_INCOME,), between=("04", "01")),
    Checker.declared("X04-05", (cross_table.X04_05_CLASS, cross_table.X04_05_TOTAL), between=("04", "05")),
    Checker.declared("X04-FUNDS", (cross_table.X04_FUNDS,)),
    Checker.declared("X01-04-CARRY", (carry.X01_04_CARRY,), between=("04", "01")),
    Checker.declared("X03-05-CODE", (expense_codes.X03_05_CODE,), between=("03", "05")),
    Checker.declared("X02-03-CODE", (cross_table.X02_03_CODE,), between=("02", "03")),
    Checker.declared("X05-06-BASIC", (cross_table.X05_06_BASIC,), between=("05", "06")),
    Checker.rule(basic.X06_05_SOCIAL, "cross_table"),
    Checker.declared(
        "X09-06", (cross_table.X09_06_THREE_PUBLIC, cross_table.X09_06_MEETING), between=("06", "09")
    ),
    Checker.declared("X10-06-AGENCY", (cross_table.X10_06_AGENCY,), between=("10", "06")),
    # X-NONFISCAL-CARRY reads 01/04/03/05表 together (X01-04-CARRY and X03-05-CODE check only their
    # bounds where its reading fits)
    Checker.rule(nonfiscal.X_NONFISCAL_CARRY, "cross_table"),
    Checker.rule(performance_forms.XP_EXEC_FINAL, "cross_table"),
    Checker.rule(performance_forms.XP_PROJECT_AS_BASIC, "cross_table"),
    # the 预算's, each on a budget document only (rules/cross_table/budget.py), the equalities
    # declared between two budget tables in their place
    Checker.of(
        "XB01-02-INCOME",
        budget_cross.declared("B01", "B02"),
        (budget_cross.XB01_02_INCOME,),
        "judgements",
        "cross_table",
    ),
    Checker.of(
        "XB01-03-EXPENSE",
        budget_cross.declared("B01", "B03"),
        (budget_cross.XB01_03_EXPENSE,),
        "judgements",
        "cross_table",
    ),
    Checker.of(
        "XB04-05-GENERAL",
        budget_cross.declared("B04", "B05"),
        (budget_cross.XB04_05_GENERAL,),
        "judgements",
        "cross_table",
    ),
    Checker.of(
        "XB05-06-BASIC",
        budget_cross.declared("B05", "B06"),
        (budget_cross.XB05_06_BASIC,),
        "judgements",
        "cross_table",
    ),
    Checker.of(
        "XB03-12-PROJECT",
        budget_cross.declared("B03", "B12"),
        (budget_cross.XB03_12_PROJECT,),
        "judgements",
        "cross_table",
    ),
    Checker.of(
        "XB10-06-THREE-PUBLIC",
        budget_cross.declared("B06", "B10"),
        (budget_cross.XB10_06_THREE_PUBLIC,),
        "judgements",
        "cross_table",
    ),
    Checker.of(
        "XB11-06-AGENCY",
        budget_cross.declared("B11", "B06"),
        (budget_cross.XB11_06_AGENCY,),
        "judgements",
        "cross_table",
    ),
    Checker.of(
        "XB01-09-CAPITAL",
        budget_cross.declared("B01", "B09"),
        (budget_cross.XB01_09_CAPITAL,),
        "judgements",
        "cross_table",
    ),
    # an operator's equalities between any other pair of budget tables
    Checker.of("declared_budget_others", budget_cross.declared(), (), "judgements", "cross_table"),
    Checker.rule(classification.CLS_ECON_FUNC, "cross_table"),
    Checker.rule(classification.CLS_RUNNING_ONLY, "cross_table"),
    Checker.rule(classification_subsidy.CLS_SUBSIDY_KIND, "cross_table"),
    # completeness: the rules that read the document's template take (d, profile, settings)
    Checker.rule(completeness.CMP_TABLES, "completeness", context=True),
    Checker.rule(completeness.CMP_EMPTY_REASON, "completeness"),
    Checker.rule(completeness.CMP_FUNC_ITEM, "completeness"),
    Checker.rule(completeness.CMP_CODE_LEVELS, "completeness"),
    Checker.rule(completeness.CMP_ECON_KUAN, "completeness"),
    Checker.rule(completeness.CMP_THREE_PUBLIC_SPLIT, "completeness"),
    Checker.rule(completeness.CMP_SECTIONS, "completeness", context=True),
    Checker.rule(completeness.CMP_PROCUREMENT_DETAIL, "completeness", context=True),
    Checker.rule(completeness.CMP_PLACEHOLDER, "completeness"),
    Checker.rule(completeness.CMP_YEAR, "completeness"),
    Checker.rule(completeness.CMP_UNIT, "completeness"),
    Checker.rule(completeness.CMP_ASSETS_DETAIL, "completeness", context=True),
    Checker.rule(completeness.CMP_PERF_PROJECTS, "completeness"),
    Checker.rule(agency_running.CMP_AGENCY_EMPTY, "completeness"),
    # the 项目支出预算表's unit rows against their projects (declared: rules/identities/budget_B12_B13.toml;
    # rules/budget_projects.py reads which rows are units), an in-table identity
    Checker.of("TB-PROJECT-SUM", budget_projects.plan, (budget_projects.TB_PROJECT_SUM,), "tables"),
    Checker.rule(plausibility.PLA_NEGATIVE, "plausibility"),
    # one pass over the percentage cells states both, cell by cell (rules/plausibility.py)
    Checker.of(
        "pla_shares",
        plausibility.share_plan,
        (plausibility.PLA_SHARE_OVER_100, plausibility.PLA_RATE_NO_BUDGET),
        "judgements",
        "plausibility",
    ),
    Checker("pla_diagnoses", None, plausibility.DIAGNOSIS_RULES, "diagnoses", "plausibility"),
    # one pass over the 项 of 03/05 (B03/B05) states both, row by row (rules/plausibility.py)
    Checker.of(
        "pla_nature",
        plausibility.nature_plan,
        (plausibility.PLA_TRANSFER_AS_BASIC, plausibility.PLA_RUNNING_PROJECT),
        "judgements",
        "plausibility",
    ),
)


def catalog_rules() -> list[RuleSpec]:
    """Every rule the registry runs, in checker order, then the declared ones no checker lists
    (an operator's declarations), each once."""
    seen: set[str] = set()
    out: list[RuleSpec] = []
    for spec in [s for c in CHECKERS for s in c.rules] + [d.spec for d in identities.declared()]:
        if spec.id not in seen:
            seen.add(spec.id)
            out.append(spec)
    return out


def plan(
    disclosure: Disclosure, stage: Stage, families: Sequence[str], profile: Profile, settings: Settings
) -> list[Plan | JudgementPlan]:
    """The plans of the stage's checkers, in registry order (gated ones only when their family is on)."""
    return [
        c.run(disclosure, profile, settings)
        for c in CHECKERS
        if c.run is not None and c.stage == stage and (c.gate is None or c.gate in families)
    ]


def validate() -> None:
    """Every rule defined in rules/ is stated by a checker; RegistryError naming those that are not.
    The knowledge tables the rules read are loaded too, so that a malformed entry stops the import
    (ValueError naming it) rather than the first audit that reads it."""
    knowledge.knowledge()
    knowledge.subsidies()
    knowledge.task_concepts()
    stated = {s.id for c in CHECKERS for s in c.rules} | {d.spec.id for d in identities.declared()}
    orphans = [(spec, where) for spec, where in defined_rules() if spec.id not in stated]
    if orphans:
        names = "; ".join(f"{s.id} (defined in {where})" for s, where in orphans)
        raise RegistryError(
            f"rules defined but run by no checker of rules/registry.py: {names} — add each to the "
            "`rules` of the checker that plans it (or make it a checker of its own)"
        )
    by_id: dict[str, RuleSpec] = {}
    for c in CHECKERS:
        for s in c.rules:
            if by_id.setdefault(s.id, s) is not s:
                raise RegistryError(f"rule id {s.id} stands for two different rules in rules/registry.py")


validate()
