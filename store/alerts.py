"""Alerts to the submitting unit, as the store keeps them: which findings a message carries, one
message per document, unit, channel and set of findings, every delivery attempt, and the list
`GET /api/alerts` shows.

A message carries a document's error/warning findings that are really broken (never a 尾差) and
still stand: in mode "on_audit" every such finding not dismissed or resolved, in "on_confirm" only
those an inspector confirmed. The set's fingerprint makes delivery at most once per document
version: the same set never makes a second message; a set with a finding no earlier message
carried makes an update (listing every finding of the set).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import structlog
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from store.anomalies import _item
from store.models import Alert, AlertAttempt, Batch, BatchItem, Document, Finding, Unit
from store.sequence import bump_change_seq
from store.types import utcnow
from store.workflow import system_move

if TYPE_CHECKING:
    from store.repository import Store

_log = structlog.get_logger(__name__)

AlertMode = Literal["on_audit", "on_confirm"]
#: When a unit hears about a document: when its audit finishes, or when an inspector confirms.
ALERT_MODES: tuple[str, ...] = ("on_audit", "on_confirm")
#: Severities a unit is told about (info findings stay with the inspectors).
ALERT_SEVERITIES = ("error", "warning")
#: Workflow statuses of the findings a message carries, per mode.
STATUSES_BY_MODE: dict[str, tuple[str, ...]] = {
    "on_audit": ("open", "confirmed", "sent_to_unit"),
    "on_confirm": ("confirmed", "sent_to_unit"),
}
#: Longest error text kept per attempt.
MAX_ERROR_CHARS = 500


def findings_fingerprint(fingerprints: list[str]) -> str:
    """The fingerprint of a set of findings (their own fingerprints, order and repeats ignored)."""
    return hashlib.sha256("\n".join(sorted(set(fingerprints))).encode()).hexdigest()


def document_alert_mode(session: Any, document_id: int, default: str) -> str:
    """The alert mode of the latest batch of the document that sets one, else `default`."""
    mode = session.scalar(
        select(Batch.alert_mode)
        .join(BatchItem, BatchItem.batch_id == Batch.id)
        .where(BatchItem.document_id == document_id, Batch.alert_mode.is_not(None))
        .order_by(Batch.id.desc())
        .limit(1)
    )
    return mode or default


def plan_alerts(store: Store, document_id: int, default_mode: str, trigger: str) -> list[int]:
    """Record the alerts the document's findings call for now (one per channel of its unit) and
    return their ids; none when the document has no unit, no finding to tell, or the unit already
    got (or is getting) a message with these findings."""
    try:
        with store._write_sessions.begin() as session:
            document = session.get(Document, document_id)
            if document is None or document.unit_id is None:
                return []
            if document.state != "done" or document.status != "ok":
                return []
            unit = session.get(Unit, document.unit_id)
            if unit is None:
                return []
            mode = document_alert_mode(session, document_id, default_mode)
            findings = list(
                session.scalars(
                    select(Finding)
                    .where(
                        Finding.document_id == document_id,
                        Finding.severity.in_(ALERT_SEVERITIES),
                        Finding.outcome == "broken",
                        Finding.retired_at.is_(None),
                        Finding.workflow_status.in_(STATUSES_BY_MODE[mode]),
                    )
                    .order_by(Finding.id)
                )
            )
            if not findings:
                return []
            prints = sorted({f.fingerprint for f in findings})
            fingerprint = findings_fingerprint(prints)
            targets: list[tuple[str, str]] = []
            if unit.emails:
                targets.append(("email", ", ".join(unit.emails)))
            if unit.webhook_url:
                targets.append(("webhook", unit.webhook_url))
            created: list[Alert] = []
            for channel, target in targets:
                previous = list(
                    session.scalars(
                        select(Alert).where(
                            Alert.document_id == document_id,
                            Alert.unit_id == unit.id,
                            Alert.channel == channel,
                        )
                    )
                )
                told = {p for alert in previous for p in alert.finding_fingerprints}
                if set(prints) <= told:
                    continue
                alert = Alert(
                    document_id=document_id,
                    unit_id=unit.id,
                    channel=channel,
                    target=target,
                    fingerprint=fingerprint,
                    finding_ids=[f.id for f in findings],
                    finding_fingerprints=prints,
                    kind="update" if previous else "first",
                    trigger=trigger,
                    status="pending",
                    attempts=0,
                    created_at=utcnow(),
                )
                session.add(alert)
                created.append(alert)
            session.flush()
            return [a.id for a in created]
    except IntegrityError:  # a concurrent plan recorded the same message first
        return []


@dataclass(frozen=True)
class AlertDelivery:
    """Everything one delivery needs: the alert, its unit's targets and secret, the message body."""

    id: int
    channel: str
    kind: str
    trigger: str
    fingerprint: str
    attempts: int
    created_at: datetime
    unit_id: int
    unit_name: str
    emails: list[str]
    webhook_url: str | None
    webhook_secret: str | None
    document: dict[str, Any]
    findings: list[dict[str, Any]]


def alert_delivery(store: Store, alert_id: int) -> AlertDelivery | None:
    """The alert to deliver (None when unknown or no longer pending)."""
    with store.sessions() as session:
        alert = session.get(Alert, alert_id)
        if alert is None or alert.status != "pending":
            return None
        unit = session.get(Unit, alert.unit_id)
        document = session.get(Document, alert.document_id)
        if unit is None or document is None:
            return None
        rows = session.execute(
            select(Finding, Document, Unit)
            .join(Document, Document.id == Finding.document_id)
            .outerjoin(Unit, Unit.id == Document.unit_id)
            .where(Finding.id.in_(alert.finding_ids))
            .order_by(Finding.id)
        ).all()
        return AlertDelivery(
            id=alert.id,
            channel=alert.channel,
            kind=alert.kind,
            trigger=alert.trigger,
            fingerprint=alert.fingerprint,
            attempts=alert.attempts,
            created_at=alert.created_at,
            unit_id=unit.id,
            unit_name=unit.name,
            emails=list(unit.emails or []),
            webhook_url=unit.webhook_url,
            webhook_secret=unit.webhook_secret,
            document={
                "id": document.id,
                "filename": document.file_name,
                "unit": document.unit,
                "year": document.year,
                "kind": document.kind,
                "level": document.level,
            },
            findings=[_item(*row) for row in rows],
        )


def record_attempt(
    store: Store,
    alert_id: int,
    *,
    ok: bool,
    duration_ms: int,
    status_code: int | None = None,
    error: str | None = None,
    final: bool = False,
) -> None:
    """Record one delivery attempt; a success marks the alert sent, a final failure failed."""
    now = utcnow()
    with store._write_sessions.begin() as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            return
        alert.attempts += 1
        session.add(
            AlertAttempt(
                alert_id=alert_id,
                number=alert.attempts,
                at=now,
                ok=ok,
                status_code=status_code,
                error=(error or None) and error[:MAX_ERROR_CHARS],
                duration_ms=duration_ms,
            )
        )
        if ok:
            alert.status, alert.sent_at, alert.last_error = "sent", now, None
        else:
            alert.last_error = (error or "")[:MAX_ERROR_CHARS] or None
            if final:
                alert.status = "failed"
    if ok:
        mark_told(store, alert_id, now)


#: Tries of marking a delivered alert's findings (a deadlock with an inspector's change is retried).
MARK_TRIES = 3


def mark_told(store: Store, alert_id: int, at: datetime) -> None:
    """Mark the findings a delivered alert carried (see `_mark_told`), in a transaction of its own:
    the alert is recorded as sent first, so a failure here never makes the message go again."""
    for attempt in range(1, MARK_TRIES + 1):
        try:
            with store._write_sessions.begin() as session:
                alert = session.get(Alert, alert_id)
                if alert is not None:
                    _mark_told(session, alert, at)
            return
        except OperationalError as exc:
            if attempt == MARK_TRIES:
                _log.error("alert.mark_failed", alert_id=alert_id, error=str(exc)[:200])
                return
            time.sleep(0.2 * attempt)


#: How each channel is named in a finding's history.
CHANNEL_NAMES = {"email": "邮件", "webhook": "Webhook"}


def told_note(alert: Alert) -> str:
    """The history note of a finding an alert told its unit about: how, to whom, which alert."""
    kind = "更新通知" if alert.kind == "update" else "首次通知"
    how = CHANNEL_NAMES.get(alert.channel, alert.channel)
    return f"已通知单位：{how}发送至 {shown_target(alert.channel, alert.target)}（告警 {alert.id}，{kind}）"


def shown_target(channel: str, target: str) -> str:
    """An alert's target as pages and histories show it: a webhook URL as its scheme and host
    (its path, query or user:password often carry the receiver's token — 飞书's hook path,
    钉钉's access_token, 企业微信's key — and stay out of what every viewer reads; a path is shown
    as “/…”); addresses as they are."""
    if channel != "webhook":
        return target
    try:
        parts = urlsplit(target)
        port = parts.port
    except ValueError:
        return ""
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    rest = "/…" if parts.path.strip("/") or parts.query else ""
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}{rest}"


def _mark_told(session: Any, alert: Alert, now: datetime) -> None:
    """The findings a delivered alert carried: `notified_at`, a history entry (actor "auditor")
    saying when and how the unit was told, and a confirmed one moves to sent_to_unit.

    An open finding keeps its status: the unit was told on audit, but no inspector has judged it
    yet, and sent_to_unit counts as confirmed in the rule precision figures."""
    findings = session.scalars(
        select(Finding).where(Finding.id.in_(alert.finding_ids)).order_by(Finding.id).with_for_update()
    )
    note = told_note(alert)
    seq = bump_change_seq(session)  # one change number for the whole delivery; pollers see it
    for finding in findings:
        to_status = "sent_to_unit" if finding.workflow_status == "confirmed" else finding.workflow_status
        system_move(session, finding, to_status, note, now)
        finding.notified_at = now
        finding.updated_at = now
        finding.change_seq = seq


def retry_alert(store: Store, alert_id: int, scope_unit_id: int | None = None) -> bool:
    """Make a failed alert pending again (its attempts kept); False when absent, outside the
    scope, or not failed."""
    with store._write_sessions.begin() as session:
        alert = session.get(Alert, alert_id)
        if alert is None or alert.status != "failed":
            return False
        if scope_unit_id is not None and alert.unit_id != scope_unit_id:
            return False
        alert.status = "pending"
        return True


def give_up(store: Store, alert_id: int) -> None:
    """Mark a still pending alert failed (its retries ran out)."""
    with store._write_sessions.begin() as session:
        alert = session.get(Alert, alert_id)
        if alert is not None and alert.status == "pending":
            alert.status = "failed"


def list_alerts(
    store: Store,
    unit_id: int | None = None,
    document_id: int | None = None,
    scope_unit_id: int | None = None,
    limit: int = 100,
    before: int | None = None,
) -> list[dict[str, Any]]:
    """Alerts, newest first, each with its document, unit and every attempt."""
    stmt = (
        select(Alert, Document, Unit)
        .join(Document, Document.id == Alert.document_id)
        .join(Unit, Unit.id == Alert.unit_id)
    )
    if unit_id is not None:
        stmt = stmt.where(Alert.unit_id == unit_id)
    if scope_unit_id is not None:
        stmt = stmt.where(Alert.unit_id == scope_unit_id)
    if document_id is not None:
        stmt = stmt.where(Alert.document_id == document_id)
    if before is not None:
        stmt = stmt.where(Alert.id < before)
    stmt = stmt.order_by(Alert.id.desc()).limit(limit)
    with store.sessions() as session:
        rows = session.execute(stmt).all()
        ids = [alert.id for alert, _, _ in rows]
        attempts: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for attempt in session.scalars(
                select(AlertAttempt).where(AlertAttempt.alert_id.in_(ids)).order_by(AlertAttempt.id)
            ):
                attempts[attempt.alert_id].append(
                    {
                        "number": attempt.number,
                        "at": attempt.at.isoformat(),
                        "ok": attempt.ok,
                        "status_code": attempt.status_code,
                        "error": attempt.error,
                        "duration_ms": attempt.duration_ms,
                    }
                )
        return [
            {
                "id": alert.id,
                "unit": {"id": unit.id, "name": unit.name},
                "document": {
                    "id": document.id,
                    "filename": document.file_name,
                    "unit": document.unit,
                    "year": document.year,
                    "kind": document.kind,
                },
                "channel": alert.channel,
                "target": alert.target,
                "kind": alert.kind,
                "trigger": alert.trigger,
                "status": alert.status,
                "findings": len(alert.finding_ids),
                "finding_ids": list(alert.finding_ids),
                "fingerprint": alert.fingerprint,
                "attempts": attempts[alert.id],
                "last_error": alert.last_error,
                "created_at": alert.created_at.isoformat(),
                "sent_at": alert.sent_at.isoformat() if alert.sent_at else None,
            }
            for alert, document, unit in rows
        ]


def set_batch_alert_mode(store: Store, batch_id: int, mode: str | None) -> bool:
    """Set (or clear, with None) a batch's alert mode; False when there is no such batch."""
    if mode is not None and mode not in ALERT_MODES:
        raise ValueError(f"unknown alert mode {mode!r}; expected one of {', '.join(ALERT_MODES)}")
    with store._write_sessions.begin() as session:
        batch = session.get(Batch, batch_id)
        if batch is None:
            return False
        batch.alert_mode = mode
        return True


def batch_documents(store: Store, batch_id: int) -> list[int]:
    """Ids of the documents of a batch."""
    with store.sessions() as session:
        return sorted(
            {
                d
                for d in session.scalars(
                    select(BatchItem.document_id).where(
                        BatchItem.batch_id == batch_id, BatchItem.document_id.is_not(None)
                    )
                )
                if d is not None
            }
        )
