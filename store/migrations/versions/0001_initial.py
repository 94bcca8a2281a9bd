"""Initial schema: documents, facts, findings, finding_events, not_evaluated.

Revision ID: 0001
Revises:
Create Date: 2025-11-23

Types are spelled out here rather than imported from store.types, so this revision keeps
creating the same schema whatever later code does. Amounts: NUMERIC(20, 6) on PostgreSQL,
VARCHAR(40) holding the decimal text on SQLite (whose NUMERIC affinity would make them floats).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.types.TypeEngine[int]:
    """BIGINT ids, INTEGER (the rowid alias) on SQLite."""
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _json() -> sa.types.TypeEngine[object]:
    """JSON, JSONB on PostgreSQL."""
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def _amount() -> sa.types.TypeEngine[object]:
    """Exact amounts."""
    return sa.Numeric(20, 6).with_variant(sa.String(40), "sqlite")


def _timestamp() -> sa.DateTime:
    """UTC timestamps."""
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the five tables of the store."""
    op.create_table(
        "documents",
        sa.Column("id", _id(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(512), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(256), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("level", sa.String(32), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("tables", _json(), nullable=False),
        sa.Column("quality", _json(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("audited_at", _timestamp(), nullable=False),
        sa.Column("ruleset_version", sa.String(64), nullable=True),
        sa.CheckConstraint("status IN ('ok', 'failed')", name=op.f("ck_documents_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "facts",
        sa.Column("id", _id(), nullable=False),
        sa.Column("document_id", _id(), nullable=False),
        sa.Column("table_id", sa.String(16), nullable=False),
        sa.Column("row_key", sa.Text(), nullable=False),
        sa.Column("column", sa.String(128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", _amount(), nullable=True),
        sa.Column("decimals", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(16), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("bbox", _json(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_facts_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facts")),
    )
    op.create_index(op.f("ix_facts_document_id_table_id"), "facts", ["document_id", "table_id"])
    op.create_table(
        "findings",
        sa.Column("id", _id(), nullable=False),
        sa.Column("document_id", _id(), nullable=False),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("expected", sa.Text(), nullable=True),
        sa.Column("actual", sa.Text(), nullable=True),
        sa.Column("difference", sa.Text(), nullable=True),
        sa.Column("tolerance", sa.Text(), nullable=True),
        sa.Column("evidence", _json(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("workflow_status", sa.String(16), nullable=False),
        sa.Column("assignee", sa.String(128), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.Column("retired_at", _timestamp(), nullable=True),
        sa.CheckConstraint(
            "workflow_status IN ('open', 'confirmed', 'dismissed', 'sent_to_unit', 'resolved')",
            name=op.f("ck_findings_workflow_status"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_findings_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint("document_id", "fingerprint", name=op.f("uq_findings_document_id_fingerprint")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_findings_workflow_status"), "findings", ["workflow_status"])
    op.create_index(op.f("ix_findings_severity"), "findings", ["severity"])
    op.create_table(
        "finding_events",
        sa.Column("id", _id(), nullable=False),
        sa.Column("finding_id", _id(), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=False),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_events_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_events")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_finding_events_finding_id"), "finding_events", ["finding_id"])
    op.create_table(
        "not_evaluated",
        sa.Column("id", _id(), nullable=False),
        sa.Column("document_id", _id(), nullable=False),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("table_id", sa.String(16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_not_evaluated_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_not_evaluated")),
    )
    op.create_index(op.f("ix_not_evaluated_document_id"), "not_evaluated", ["document_id"])


def downgrade() -> None:
    """Drop the store's tables, children first."""
    op.drop_index(op.f("ix_not_evaluated_document_id"), table_name="not_evaluated")
    op.drop_table("not_evaluated")
    op.drop_index(op.f("ix_finding_events_finding_id"), table_name="finding_events")
    op.drop_table("finding_events")
    op.drop_index(op.f("ix_findings_severity"), table_name="findings")
    op.drop_index(op.f("ix_findings_workflow_status"), table_name="findings")
    op.drop_table("findings")
    op.drop_index(op.f("ix_facts_document_id_table_id"), table_name="facts")
    op.drop_table("facts")
    op.drop_table("documents")
