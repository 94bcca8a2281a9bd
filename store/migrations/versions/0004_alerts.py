"""Alerts to the submitting unit: where they go, when a batch sends them, what was sent and tried.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

Gives `units` the alert targets (`emails`, `webhook_url`, `webhook_secret`) and `batches` an
`alert_mode` ("on_audit" | "on_confirm", NULL: the operator's AUDITOR_ALERT_MODE); adds `alerts`
(one message per document, unit, channel and set of findings) and `alert_attempts` (every try).
Columns added to existing tables carry no foreign keys, so SQLite needs no table copy.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.types.TypeEngine[int]:
    """BIGINT ids, INTEGER (the rowid alias) on SQLite."""
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _json() -> sa.types.TypeEngine[object]:
    """JSON, JSONB on PostgreSQL."""
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def _timestamp() -> sa.DateTime:
    """UTC timestamps."""
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the alert targets, the batch's alert mode, and the alerts with their attempts."""
    op.add_column("units", sa.Column("emails", _json(), server_default="[]", nullable=False))
    op.add_column("units", sa.Column("webhook_url", sa.Text(), nullable=True))
    op.add_column("units", sa.Column("webhook_secret", sa.String(128), nullable=True))
    op.add_column("batches", sa.Column("alert_mode", sa.String(16), nullable=True))
    op.create_table(
        "alerts",
        sa.Column("id", _id(), nullable=False),
        sa.Column("document_id", _id(), nullable=False),
        sa.Column("unit_id", _id(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("finding_ids", _json(), nullable=False),
        sa.Column("finding_fingerprints", _json(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("sent_at", _timestamp(), nullable=True),
        sa.CheckConstraint("channel IN ('email', 'webhook')", name=op.f("ck_alerts_channel")),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name=op.f("ck_alerts_status")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_alerts_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_alerts_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint(
            "document_id",
            "unit_id",
            "channel",
            "fingerprint",
            name=op.f("uq_alerts_document_id_unit_id_channel_fingerprint"),
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_alerts_document_id"), "alerts", ["document_id"])
    op.create_index(op.f("ix_alerts_unit_id"), "alerts", ["unit_id"])
    op.create_table(
        "alert_attempts",
        sa.Column("id", _id(), nullable=False),
        sa.Column("alert_id", _id(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", _timestamp(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_alert_attempts_alert_id_alerts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_attempts")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_alert_attempts_alert_id"), "alert_attempts", ["alert_id"])


def downgrade() -> None:
    """Drop what `upgrade` added, children first (plain DROP COLUMN, as 0002 does)."""
    op.drop_index(op.f("ix_alert_attempts_alert_id"), table_name="alert_attempts")
    op.drop_table("alert_attempts")
    op.drop_index(op.f("ix_alerts_unit_id"), table_name="alerts")
    op.drop_index(op.f("ix_alerts_document_id"), table_name="alerts")
    op.drop_table("alerts")
    op.drop_column("batches", "alert_mode")
    for column in ("webhook_secret", "webhook_url", "emails"):
        op.drop_column("units", column)
