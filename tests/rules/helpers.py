"""Helpers for the rules tests: run the ruleset and pick findings, not-evaluated entries, cells."""

from __future__ import annotations

from functools import cache

from ingest.model import Disclosure
from rules import check
from rules.findings import AuditOutcome, Finding, NotEvaluated
from rules.settings import RuleConfig, default_settings

# The in-table families: what the tests of single tables (or partial documents) are about.
IN_TABLE = ("arithmetic", "hierarchy", "TAB-BLANK-TOTAL")


@cache
def in_table_config() -> RuleConfig:
    """Only the in-table rules (a document of one table lacks the others by construction)."""
    return RuleConfig(default_settings(), select=IN_TABLE)


def run(d: Disclosure, config: RuleConfig | None = None) -> AuditOutcome:
    """Every enabled rule's outcome for one document (the default settings unless given)."""
    return check(d, config)


def run_in_table(d: Disclosure) -> AuditOutcome:
    """The in-table rules' outcome for one document (single tables, partial documents)."""
    return check(d, in_table_config())


def findings(out: AuditOutcome, rule_id: str | None = None, severity: str | None = None) -> list[Finding]:
    """Findings of one rule (and severity), or all."""
    return [
        f
        for f in out.findings
        if (rule_id is None or f.rule_id == rule_id) and (severity is None or f.severity == severity)
    ]


def serious(out: AuditOutcome) -> list[Finding]:
    """Error and warning findings (rounding residues excluded)."""
    return [f for f in out.findings if f.severity in ("error", "warning")]


def not_evaluated(out: AuditOutcome, rule_id: str | None = None) -> list[NotEvaluated]:
    """Not-evaluated entries of one rule, or all."""
    return [n for n in out.not_evaluated if rule_id is None or n.rule_id == rule_id]


def cells_of(f: Finding) -> list[tuple[object, object, object]]:
    """(table, row, column) of every evidence entry."""
    return [(e["table"], e["row"], e["column"]) for e in f.evidence]


def own_not_evaluated(out: AuditOutcome, table_id: str) -> list[NotEvaluated]:
    """Not-evaluated entries about one table (a single-table document misses all the others)."""
    return [n for n in out.not_evaluated if n.table == table_id]
