"""What the dashboard's pages read beyond the API's queries: filter choices, counts per rule and
per unit, documents per unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from store.models import Alert, Batch, Document, DocumentFile, Finding, FindingEvent, Unit

if TYPE_CHECKING:
    from store.repository import Store

#: Follow-up statuses that mean an inspector agreed the finding is a defect.
CONFIRMED_STATUSES = ("confirmed", "sent_to_unit")
#: Severities the charts count (a 尾差 `info` is not a defect).
DEFECT_SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class RuleCounts:
    """How often a rule fired and what inspectors decided."""

    fired: int = 0
    open: int = 0
    confirmed: int = 0
    dismissed: int = 0

    @property
    def precision(self) -> float | None:
        """Confirmed share of the decided ones (None before any decision)."""
        decided = self.confirmed + self.dismissed
        return self.confirmed / decided if decided else None


def _scoped(stmt: Any, scope_unit_id: int | None) -> Any:
    if scope_unit_id is not None:
        stmt = stmt.where(Document.unit_id == scope_unit_id)
    return stmt


def rule_counts(store: Store, scope_unit_id: int | None = None) -> dict[str, RuleCounts]:
    """Per rule id: findings (not retired by a re-audit), open, confirmed, dismissed."""
    stmt = _scoped(
        select(Finding.rule_id, Finding.workflow_status, Finding.retired_at.is_(None), func.count())
        .join(Document, Document.id == Finding.document_id)
        .group_by(Finding.rule_id, Finding.workflow_status, Finding.retired_at.is_(None)),
        scope_unit_id,
    )
    tally: dict[str, dict[str, int]] = {}
    with store.sessions() as session:
        for rule_id, status, live, count in session.execute(stmt):
            t = tally.setdefault(rule_id, {"fired": 0, "open": 0, "confirmed": 0, "dismissed": 0})
            t["fired"] += count
            if status == "open":
                t["open"] += count
            elif status in CONFIRMED_STATUSES or (status == "resolved" and live):
                t["confirmed"] += count  # resolved by the unit after an inspector confirmed it
            elif status == "dismissed":
                t["dismissed"] += count
    return {rule_id: RuleCounts(**t) for rule_id, t in tally.items()}


def defect_counts(
    store: Store, by: str, scope_unit_id: int | None = None, limit: int = 12
) -> list[tuple[str, int]]:
    """Error/warning anomalies counted by `rule` or `unit`, largest first (at most `limit`)."""
    key = Finding.rule_id if by == "rule" else func.coalesce(Unit.name, Document.unit, "（未识别）")
    stmt = _scoped(
        select(key, func.count())
        .select_from(Finding)
        .join(Document, Document.id == Finding.document_id)
        .outerjoin(Unit, Unit.id == Document.unit_id)
        .where(Finding.severity.in_(DEFECT_SEVERITIES))
        .group_by(key)
        .order_by(func.count().desc())
        .limit(limit),
        scope_unit_id,
    )
    with store.sessions() as session:
        return [(str(name), int(count)) for name, count in session.execute(stmt)]


def years(store: Store, scope_unit_id: int | None = None) -> list[int]:
    """Years of the documents in scope, newest first."""
    stmt = _scoped(select(Document.year).where(Document.year.is_not(None)).distinct(), scope_unit_id)
    with store.sessions() as session:
        return sorted((int(y) for y in session.scalars(stmt)), reverse=True)


def documents_per_unit(store: Store) -> dict[int, int]:
    """Number of documents per unit id."""
    stmt = (
        select(Document.unit_id, func.count()).where(Document.unit_id.is_not(None)).group_by(Document.unit_id)
    )
    with store.sessions() as session:
        return {int(unit_id): int(count) for unit_id, count in session.execute(stmt)}


def alert_counts(store: Store) -> dict[int, dict[str, int]]:
    """Per unit id: its alerts by status (sent, failed, pending)."""
    stmt = select(Alert.unit_id, Alert.status, func.count()).group_by(Alert.unit_id, Alert.status)
    out: dict[int, dict[str, int]] = {}
    with store.sessions() as session:
        for unit_id, status, count in session.execute(stmt):
            out.setdefault(int(unit_id), {"sent": 0, "failed": 0, "pending": 0})[status] = int(count)
    return out


def batch_alert_modes(store: Store, batch_ids: list[int]) -> dict[int, str | None]:
    """Each batch's own alert mode (None: the operator's AUDITOR_ALERT_MODE)."""
    if not batch_ids:
        return {}
    with store.sessions() as session:
        rows = session.execute(select(Batch.id, Batch.alert_mode).where(Batch.id.in_(batch_ids)))
        return {int(batch_id): mode for batch_id, mode in rows}


def stored_media_type(store: Store, document_id: int) -> str | None:
    """ "pdf" or "text" for a document whose upload is kept, else None (without loading the bytes)."""
    with store.sessions() as session:
        return session.scalar(select(DocumentFile.media_type).where(DocumentFile.document_id == document_id))


def stored_bytes(store: Store, document_id: int) -> bytes:
    """The kept upload of a document (b"" when there is none)."""
    with store.sessions() as session:
        data = session.scalar(select(DocumentFile.data).where(DocumentFile.document_id == document_id))
        return bytes(data) if data is not None else b""


def histories(store: Store, finding_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each finding's follow-up history (who, when, from, to, note), oldest first."""
    if not finding_ids:
        return {}
    out: dict[int, list[dict[str, Any]]] = {}
    stmt = select(FindingEvent).where(FindingEvent.finding_id.in_(finding_ids)).order_by(FindingEvent.id)
    with store.sessions() as session:
        for event in session.scalars(stmt):
            out.setdefault(event.finding_id, []).append(
                {
                    "who": event.actor,
                    "when": event.at,
                    "from": event.from_status,
                    "to": event.to_status,
                    "note": event.comment,
                }
            )
    return out
