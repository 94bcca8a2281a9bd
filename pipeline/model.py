"""The result of auditing one document: what the CLI prints, the store keeps and the API serves.

It sits below the store (which imports it) and above ingest and rules (which it is made of)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ingest.model import Disclosure
from rules.findings import AuditOutcome, Finding, NotEvaluated

Status = Literal["ok", "failed"]


@dataclass
class DocumentResult:
    """One input document after ingest and rules (or the one-line reason it failed)."""

    source: str  # path as given (for ZIP members: "archive.zip!member.pdf")
    status: Status
    error: str | None = None
    content_hash: str | None = None  # sha256 of the file's bytes
    file_name: str | None = None
    disclosure: Disclosure | None = None
    outcome: AuditOutcome = field(default_factory=AuditOutcome)

    @property
    def findings(self) -> list[Finding]:
        """Findings of the ruleset (empty for a failed document)."""
        return self.outcome.findings

    @property
    def not_evaluated(self) -> list[NotEvaluated]:
        """Checks that could not run."""
        return self.outcome.not_evaluated

    def document_json(self) -> dict[str, object] | None:
        """The `document` object of the JSON contract."""
        d = self.disclosure
        if d is None:
            return None
        return {
            "unit": d.unit,
            "year": d.year,
            "kind": d.kind,
            "level": d.level,
            "pages": d.pages,
            "tables": sorted(d.tables),
            "quality": d.quality,
        }

    def to_json(self) -> dict[str, object]:
        """One entry of `documents` in the JSON contract."""
        return {
            "source": self.source,
            "status": self.status,
            "error": self.error,
            "content_hash": self.content_hash,
            "document": self.document_json(),
            "findings": [f.to_json() for f in self.findings],
            "not_evaluated": [n.to_json() for n in self.not_evaluated],
            "stats": {
                "checks_run": self.outcome.checks_run,
                "checks_held": self.outcome.checks_held,
                "facts": self.outcome.facts,
                "rules_seconds": round(self.outcome.seconds, 4),
                "profile": self.outcome.profile,
            },
        }
