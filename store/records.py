"""Plain, immutable records the store hands out (no ORM objects leave the store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class DocumentRecord:
    """A stored document and what ingest said about it."""

    id: int
    content_hash: str
    file_name: str | None
    source: str
    unit: str | None
    year: int | None
    kind: str | None
    level: str | None
    pages: int | None
    tables: list[str]
    quality: dict[str, Any]
    status: str
    error: str | None
    created_at: datetime
    audited_at: datetime
    ruleset_version: str | None


@dataclass(frozen=True)
class FactRecord:
    """A stored table cell; `value` carries exactly the printed decimals (None when blank)."""

    id: int
    document_id: int
    table_id: str
    row_key: str
    column: str
    text: str
    value: Decimal | None
    decimals: int | None
    unit: str | None
    page: int | None
    bbox: tuple[float, float, float, float] | None
    line: int | None
    uncertain: bool


@dataclass(frozen=True)
class FindingRecord:
    """A stored finding (anomaly) with its workflow state.

    `retired_at` is set when a re-audit of the same bytes no longer produced it.
    """

    id: int
    document_id: int
    rule_id: str
    severity: str
    outcome: str
    message: str
    expected: str | None
    actual: str | None
    difference: str | None
    tolerance: str | None
    evidence: list[dict[str, Any]]
    fingerprint: str
    workflow_status: str
    assignee: str | None
    comment: str | None
    created_at: datetime
    updated_at: datetime
    retired_at: datetime | None


@dataclass(frozen=True)
class FindingEventRecord:
    """One recorded step of a finding's workflow."""

    id: int
    finding_id: int
    from_status: str
    to_status: str
    actor: str
    comment: str | None
    at: datetime


@dataclass(frozen=True)
class NotEvaluatedRecord:
    """A check that could not run on a stored document."""

    id: int
    document_id: int
    rule_id: str
    table_id: str | None
    reason: str
