"""What rules/ returns: findings with evidence, and the checks that could not be evaluated.

`finding_of` is the one place an engine outcome becomes a `Finding`: a check that holds gives
none, a 尾差 within the printed precision is info with the rule's rounding wording, a broken
check carries the rule's severity (or the grade the check gives itself) and its broken wording.
Evidence is typed (`ingest.model.Evidence`); its JSON form is the contract's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from ingest.model import Evidence

Severity = Literal["error", "warning", "info"]
Outcome = Literal["broken", "rounding"]

# What the engine decides for a check (rules/outcomes.py compiles the rules that say it).
HOLDS = "holds"
ROUNDING = "rounding"
BROKEN = "broken"

__all__ = [
    "BROKEN",
    "HOLDS",
    "ROUNDING",
    "AuditOutcome",
    "Evidence",
    "Finding",
    "NotEvaluated",
    "Outcome",
    "Severity",
    "finding_of",
]


@dataclass
class Finding:
    """A rule that fired on one document, with everything an inspector needs to forward it."""

    rule_id: str
    severity: Severity
    message: str  # Chinese, ready to send to the unit
    outcome: Outcome = "broken"  # "rounding": only a 尾差 within printed precision
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The JSON contract shape (see README)."""
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "message": self.message,
            "outcome": self.outcome,
            "expected": self.expected,
            "actual": self.actual,
            "difference": self.difference,
            "tolerance": self.tolerance,
            "evidence": [_entry(e) for e in self.evidence],
        }


def _entry(e: Mapping[str, object]) -> dict[str, object]:
    """An evidence entry in the JSON shape (an `Evidence`, or a mapping already in that shape)."""
    return e.json() if isinstance(e, Evidence) else dict(e)


class RuleWords(Protocol):
    """What `finding_of` needs of a rule (a `rules.catalog.RuleSpec`)."""

    @property
    def id(self) -> str: ...

    @property
    def severity(self) -> Severity: ...

    @property
    def template(self) -> str: ...

    @property
    def rounding_template(self) -> str: ...


def finding_of(
    rule: RuleWords,
    outcome: str,
    *,
    fields: Mapping[str, object] | None = None,
    message: str | None = None,
    rounding_message: str | None = None,
    severity: Severity | None = None,
    expected: str | None = None,
    actual: str | None = None,
    difference: str | None = None,
    tolerance: str | None = None,
    evidence: Sequence[Evidence] = (),
    suffix: str = "",
) -> Finding | None:
    """The finding of a decided check, or None when it holds.

    The wording is the rule's: its `template` (broken) or `rounding_template` (尾差) filled with
    `fields`, unless the check words it itself (`message`, `rounding_message`). `severity` is the
    grade a check gives its own broken finding (default: the rule's); a 尾差 is always info.
    `suffix` is added to a broken finding's message (e.g. the note that a column was inferred).
    """
    if outcome == HOLDS:
        return None
    if outcome == ROUNDING:
        text = rounding_message
        if text is None:
            text = rule.rounding_template.format(**(fields or {})) if fields is not None else message
        grade: Severity = "info"
    elif outcome == BROKEN:
        text = message if message is not None else rule.template.format(**(fields or {}))
        text += suffix
        grade = severity or rule.severity
    else:
        raise ValueError(f"unexpected outcome {outcome!r} for {rule.id}")
    if text is None:
        raise ValueError(f"{rule.id}: no wording for outcome {outcome!r}")
    return Finding(
        rule_id=rule.id,
        severity=grade,
        message=text,
        outcome="rounding" if outcome == ROUNDING else "broken",
        expected=expected,
        actual=actual,
        difference=difference,
        tolerance=tolerance,
        evidence=list(evidence),
    )


@dataclass
class NotEvaluated:
    """A check that could not run because the facts it needs are missing or unreadable."""

    rule_id: str
    reason: str  # Chinese
    table: str | None = None
    # the cells the check would have compared, when it was left open for a reason they show (a
    # text row whose figures fit more than one placement: `placements` lists them, rules/placement.py)
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """JSON form."""
        return {
            "rule_id": self.rule_id,
            "reason": self.reason,
            "table": self.table,
            "evidence": [_entry(e) for e in self.evidence],
        }


@dataclass
class AuditOutcome:
    """Result of running the ruleset on one document."""

    findings: list[Finding] = field(default_factory=list)
    not_evaluated: list[NotEvaluated] = field(default_factory=list)
    checks_run: int = 0
    checks_held: int = 0
    facts: int = 0
    seconds: float = 0.0
    profile: str | None = None  # the template (rules/settings.toml) the document was checked as
