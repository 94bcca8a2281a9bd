"""Helpers for the rules tests: run the ruleset and pick findings, not-evaluated entries, cells."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ingest.model import Disclosure
from rules import check
from rules.findings import AuditOutcome, Finding, NotEvaluated
from rules.identities import Declaration, DeclarationError, parse_file
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


def refused(
    tmp_path: Path, good: str, change: tuple[str, str], line: int, words: str, prefix: str = ""
) -> list[Declaration]:
    """A declaration file `good` loads, and with `change` made it is refused with a
    DeclarationError naming the file and `line` (then `prefix`) and saying `words`; the
    declarations of `good` are returned for the caller's own checks."""
    path = tmp_path / "declared.toml"
    path.write_text(good, encoding="utf-8")
    declared = [d for _, d in parse_file(path)]
    changed = good.replace(*change)
    assert changed != good, change
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        parse_file(path)
    assert str(err.value).startswith(f"{path}:{line}: {prefix}"), str(err.value)
    assert words in str(err.value), str(err.value)
    return declared


def loaded_in_subprocess(path: Path, script: str) -> Any:
    """Run `script` after loading the declaration file `path` in a fresh interpreter (loading registers
    its rules for the rest of the process) and return the JSON it prints last."""
    code = "import json\nfrom pathlib import Path\nfrom rules import identities\n"
    code += f"loaded = identities.load_file(Path({str(path)!r}))\n{script}"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True, cwd=root
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
