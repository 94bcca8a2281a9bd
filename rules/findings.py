"""What rules/ returns: findings with evidence, and the checks that could not be evaluated."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
Outcome = Literal["broken", "rounding"]


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
    evidence: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The JSON contract shape (see README)."""
        return asdict(self)


@dataclass
class NotEvaluated:
    """A check that could not run because the facts it needs are missing or unreadable."""

    rule_id: str
    reason: str  # Chinese
    table: str | None = None
    # the cells the check would have compared, when it was left open for a reason they show (a
    # text row whose figures fit more than one placement: `placements` lists them, rules/placement.py)
    evidence: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """JSON form."""
        return asdict(self)


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
