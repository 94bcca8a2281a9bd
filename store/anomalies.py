"""Anomalies (stored findings) as the API lists them: filters, unit scope, cursor and `since`.

Two orders: by id (plain listing; the cursor is the last id seen) and, with `since`, by change
number (`findings.change_seq`, see `store.sequence`), so a poller gets what was created or
changed after its token, and the token to use next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from store.models import BatchItem, Document, Finding, FindingEvent, Unit
from store.sequence import current_change_seq
from store.units import match_unit

if TYPE_CHECKING:
    from store.repository import Store

#: Largest page the API hands out.
MAX_LIMIT = 1000


@dataclass(frozen=True)
class AnomalyFilter:
    """What to list (every field optional)."""

    status: str | None = None
    severity: str | None = None
    rule_id: str | None = None
    unit: str | None = None
    year: int | None = None
    batch_id: int | None = None
    document_id: int | None = None
    scope_unit_id: int | None = None  # a unit-scoped token: only this unit's documents


@dataclass(frozen=True)
class AnomalyPage:
    """One page of anomalies, the cursor of the next page and the `since` token to poll with."""

    items: list[dict[str, Any]]
    next_cursor: str | None
    since: str
    change_seq: int  # the store-wide change number the page was read at (for ETags)


def _item(finding: Finding, document: Document, unit: Unit | None) -> dict[str, Any]:
    """One anomaly: the finding's fields as in the CLI's JSON contract, its document, unit, status."""
    return {
        "id": finding.id,
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "message": finding.message,
        "outcome": finding.outcome,
        "expected": finding.expected,
        "actual": finding.actual,
        "difference": finding.difference,
        "tolerance": finding.tolerance,
        "evidence": [dict(e) for e in finding.evidence],
        "status": finding.workflow_status,
        "note": finding.comment,
        "assignee": finding.assignee,
        "resolved_by_reaudit": finding.retired_at is not None,
        "notified_at": finding.notified_at.isoformat() if finding.notified_at else None,
        "document": {
            "id": document.id,
            "filename": document.file_name,
            "unit": document.unit,
            "year": document.year,
            "kind": document.kind,
        },
        "unit": unit.name if unit else document.unit,
        "year": document.year,
        "created_at": finding.created_at.isoformat(),
        "updated_at": finding.updated_at.isoformat(),
        "change": finding.change_seq,
    }


def _filtered(f: AnomalyFilter, session: Session | None = None) -> Any:
    """The query of anomalies matching `f`; with a session, `unit` also matches a registered
    unit by any of its aliases (blanks ignored), as uploads and printed names do."""
    stmt = (
        select(Finding, Document, Unit)
        .join(Document, Document.id == Finding.document_id)
        .outerjoin(Unit, Unit.id == Document.unit_id)
    )
    if f.status:
        stmt = stmt.where(Finding.workflow_status == f.status)
    if f.severity:
        stmt = stmt.where(Finding.severity == f.severity)
    if f.rule_id:
        stmt = stmt.where(Finding.rule_id == f.rule_id)
    if f.unit:
        unit_id = match_unit(session, f.unit) if session is not None else None
        condition = (Unit.name == f.unit) | (Document.unit == f.unit)
        if unit_id is not None:
            condition = condition | (Document.unit_id == unit_id)
        stmt = stmt.where(condition)
    if f.year is not None:
        stmt = stmt.where(Document.year == f.year)
    if f.document_id is not None:
        stmt = stmt.where(Finding.document_id == f.document_id)
    if f.batch_id is not None:
        stmt = stmt.where(
            exists().where(BatchItem.batch_id == f.batch_id, BatchItem.document_id == Finding.document_id)
        )
    if f.scope_unit_id is not None:
        stmt = stmt.where(Document.unit_id == f.scope_unit_id)
    return stmt


def list_anomalies(
    store: Store, f: AnomalyFilter, limit: int = 100, cursor: str | None = None, since: str | None = None
) -> AnomalyPage:
    """A page of anomalies; ValueError for a malformed cursor or token."""
    limit = max(1, min(limit, MAX_LIMIT))
    with store.sessions() as session:
        seq = current_change_seq(session)
        stmt = _filtered(f, session)
        if since is not None:
            after = _number(since, "since")
            if cursor is not None:
                after = max(after, _number(cursor, "cursor"))
            stmt = stmt.where(Finding.change_seq > after, Finding.change_seq <= seq)
            stmt = stmt.order_by(Finding.change_seq, Finding.id).limit(limit + 1)
        else:
            if cursor is not None:
                stmt = stmt.where(Finding.id > _number(cursor, "cursor"))
            stmt = stmt.order_by(Finding.id).limit(limit + 1)
        rows = session.execute(stmt).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [_item(finding, document, unit) for finding, document, unit in rows]
    if since is not None:
        # A full page: carry on from its last change (changes of one save share a number, so the
        # page is cut only at a change boundary when possible).
        next_since = str(items[-1]["change"]) if more and items else str(seq)
        next_cursor = next_since if more else None
        if more:
            last = items[-1]["change"]
            whole = [i for i in items if i["change"] != last]
            if whole:
                items = whole
                next_since = next_cursor = str(whole[-1]["change"])
        return AnomalyPage(items, next_cursor, next_since, seq)
    next_cursor = str(items[-1]["id"]) if more and items else None
    return AnomalyPage(items, next_cursor, str(seq), seq)


def _number(value: str, what: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"malformed {what} {value!r}") from None
    if number < 0:
        raise ValueError(f"malformed {what} {value!r}")
    return number


def get_anomaly(store: Store, finding_id: int, scope_unit_id: int | None = None) -> dict[str, Any] | None:
    """One anomaly with its history (None when absent or outside the scope)."""
    with store.sessions() as session:
        row = session.execute(
            _filtered(AnomalyFilter(scope_unit_id=scope_unit_id)).where(Finding.id == finding_id)
        ).first()
        if row is None:
            return None
        item = _item(*row)
        events = session.scalars(
            select(FindingEvent).where(FindingEvent.finding_id == finding_id).order_by(FindingEvent.id)
        )
        item["history"] = [
            {
                "who": e.actor,
                "when": e.at.isoformat(),
                "from": e.from_status,
                "to": e.to_status,
                "note": e.comment,
            }
            for e in events
        ]
        return item


def change_seq(store: Store) -> int:
    """The store-wide change number now."""
    with store.sessions() as session:
        return current_change_seq(session)


def newest_cursor(store: Store, f: AnomalyFilter, count: int) -> str | None:
    """The cursor from which `list_anomalies` returns the newest `count` anomalies matching `f`
    (None when there are no more than `count`): the id just below them."""
    with store.sessions() as session:
        stmt = _filtered(f, session).with_only_columns(Finding.id)
        below = session.scalars(stmt.order_by(Finding.id.desc()).offset(count).limit(1)).first()
    return str(below) if below is not None else None
