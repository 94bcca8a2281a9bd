"""The store's tables as SQLAlchemy 2 typed declarative models.

`documents` is keyed by the sha256 of a document's bytes; `facts`, `findings` (the anomalies),
`finding_events` (the inspector's decisions) and `not_evaluated` hang off it and go with it.
The Alembic revisions in `store/migrations` must create exactly this schema; a test compares them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from store.types import ExactDecimal, UTCDateTime, json_type

#: Deterministic constraint and index names, identical on every backend (and in migrations).
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Primary keys: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
IdType = BigInteger().with_variant(Integer(), "sqlite")

#: Document status as in `auditor.result.Status`.
DOCUMENT_STATUSES = ("ok", "failed")


class Base(DeclarativeBase):
    """Declarative base carrying the shared metadata and naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """One audited file, identified by the sha256 of its bytes."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("status IN ('ok', 'failed')", name="status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str | None] = mapped_column(String(512))
    source: Mapped[str] = mapped_column(Text)  # path as given the last time it was audited
    unit: Mapped[str | None] = mapped_column(String(256))
    year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(32))
    level: Mapped[str | None] = mapped_column(String(32))
    pages: Mapped[int | None] = mapped_column(Integer)
    tables: Mapped[list[str]] = mapped_column(json_type())
    quality: Mapped[dict[str, Any]] = mapped_column(json_type())
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    audited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ruleset_version: Mapped[str | None] = mapped_column(String(64))
    # The service's processing state (queued → running → done | failed); CLI-saved rows are "done".
    # `status`/`error` say how the last audit went; `state` whether one is pending.
    state: Mapped[str] = mapped_column(String(16), server_default="done", index=True)
    # The unit the document belongs to (declared at upload, else matched from the recognised name).
    unit_id: Mapped[int | None] = mapped_column(IdType, index=True)
    size: Mapped[int | None] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    # Set when the queue gave up on the document after transient errors (the dead-letter view).
    dead_lettered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The worker that last took the document up: "<AUDITOR_WORKER_NAME or host name>/<pid>".
    worker: Mapped[str | None] = mapped_column(String(128))


class Fact(Base):
    """One printed table cell: its text as printed and its exact value."""

    __tablename__ = "facts"
    __table_args__ = (Index(None, "document_id", "table_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    document_id: Mapped[int] = mapped_column(IdType, ForeignKey("documents.id", ondelete="CASCADE"))
    table_id: Mapped[str] = mapped_column(String(16))
    row_key: Mapped[str] = mapped_column(Text)
    column: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal())  # NULL when blank
    decimals: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(16))
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[list[float] | None] = mapped_column(json_type())
    line: Mapped[int | None] = mapped_column(Integer)
    uncertain: Mapped[bool] = mapped_column(Boolean)


class Finding(Base):
    """An anomaly: a rule that fired on a document, plus the inspector's follow-up."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("document_id", "fingerprint"),
        CheckConstraint(
            "workflow_status IN ('open', 'confirmed', 'dismissed', 'sent_to_unit', 'resolved')",
            name="workflow_status",
        ),
        Index(None, "workflow_status"),
        Index(None, "severity"),
        {"sqlite_autoincrement": True},  # ids never reused: the dashboard polls with since_id
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    document_id: Mapped[int] = mapped_column(IdType, ForeignKey("documents.id", ondelete="CASCADE"))
    rule_id: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    expected: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    difference: Mapped[str | None] = mapped_column(Text)
    tolerance: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(json_type())
    fingerprint: Mapped[str] = mapped_column(String(64))
    workflow_status: Mapped[str] = mapped_column(String(16))
    assignee: Mapped[str | None] = mapped_column(String(128))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when a re-audit of the same bytes no longer produces a finding someone already acted on.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Position in the store-wide order of changes (`counters.finding_changes`): what `since` polls.
    change_seq: Mapped[int] = mapped_column(BigInteger, server_default="0", index=True)
    # When an alert carrying the finding last reached its unit (revision 0005); NULL: never told.
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FindingEvent(Base):
    """One step in a finding's history: who moved it from which status to which, and why."""

    __tablename__ = "finding_events"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    finding_id: Mapped[int] = mapped_column(IdType, ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(128))
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class NotEvaluated(Base):
    """A check that could not run on a document, and why."""

    __tablename__ = "not_evaluated"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[str] = mapped_column(String(64))
    table_id: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)


#: Processing states of a document in the service.
DOCUMENT_STATES = ("queued", "running", "done", "failed")
#: Roles a token may carry.
TOKEN_ROLES = ("admin", "inspector", "viewer")


class DocumentFile(Base):
    """The uploaded bytes of a document (one row per content hash, like the document)."""

    __tablename__ = "document_files"

    document_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Unit(Base):
    """A reporting unit (部门/单位): its name, other names it is printed under, its contacts."""

    __tablename__ = "units"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    aliases: Mapped[list[str]] = mapped_column(json_type())
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(json_type())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Where alerts go (revision 0004): addresses for email, a URL for the signed webhook POST.
    emails: Mapped[list[str]] = mapped_column(json_type(), server_default="[]")
    webhook_url: Mapped[str | None] = mapped_column(Text)
    # HMAC-SHA256 key of the webhook signature (kept to sign; the API never shows it again).
    webhook_secret: Mapped[str | None] = mapped_column(String(128))


class ApiToken(Base):
    """An API bearer token, stored as its sha256 only."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'inspector', 'viewer')", name="role"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("units.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Batch(Base):
    """One upload of one or more files; its counters are derived from its items, never stored."""

    __tablename__ = "batches"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("units.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # "on_audit" | "on_confirm": when this batch's documents alert their unit (NULL: AUDITOR_ALERT_MODE).
    alert_mode: Mapped[str | None] = mapped_column(String(16))


class BatchItem(Base):
    """One file of a batch: the document it is, or why it was refused (`document_id` NULL)."""

    __tablename__ = "batch_items"
    __table_args__ = (Index(None, "batch_id", "position"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    batch_id: Mapped[int] = mapped_column(IdType, ForeignKey("batches.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    error: Mapped[str | None] = mapped_column(Text)


class Counter(Base):
    """Named store-wide sequences; bumping one locks its row, so numbers follow commit order."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


#: Ways an alert reaches a unit.
ALERT_CHANNELS = ("email", "webhook")
#: Delivery states of an alert.
ALERT_STATUSES = ("pending", "sent", "failed")


class Alert(Base):
    """One message to a unit about one document's findings over one channel.

    Unique per (document, unit, channel, fingerprint of the set of findings): the same findings
    never make a second message, different ones make an update."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("document_id", "unit_id", "channel", "fingerprint"),
        CheckConstraint("channel IN ('email', 'webhook')", name="channel"),
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(IdType, ForeignKey("units.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(Text)  # the addresses or the URL at planning time
    fingerprint: Mapped[str] = mapped_column(String(64))
    finding_ids: Mapped[list[int]] = mapped_column(json_type())
    finding_fingerprints: Mapped[list[str]] = mapped_column(json_type())
    kind: Mapped[str] = mapped_column(String(16))  # "first" | "update"
    trigger: Mapped[str] = mapped_column(String(16))  # "audit" | "confirm" | "assign"
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AlertAttempt(Base):
    """One try at delivering an alert: when, how it went, what the other side answered."""

    __tablename__ = "alert_attempts"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    alert_id: Mapped[int] = mapped_column(IdType, ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    ok: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer)  # HTTP status or SMTP reply code
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer)
