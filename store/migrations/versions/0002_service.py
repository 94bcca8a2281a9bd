"""The service: uploaded files, units, API tokens, batches, processing state, change order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03

Adds `document_files`, `units`, `api_tokens`, `batches`, `batch_items` and `counters`; gives
`documents` its processing state (existing rows were audited by the CLI: "done"), unit, size,
attempts and dead-letter time, and `findings` the `change_seq` a poller's `since` token reads.
Columns added to existing tables carry no foreign keys, so SQLite needs no table copy.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
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
    """Create the service's tables and columns."""
    op.add_column("documents", sa.Column("state", sa.String(16), server_default="done", nullable=False))
    op.add_column("documents", sa.Column("unit_id", _id(), nullable=True))
    op.add_column("documents", sa.Column("size", sa.BigInteger(), nullable=True))
    op.add_column("documents", sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
    op.add_column("documents", sa.Column("dead_lettered_at", _timestamp(), nullable=True))
    op.create_index(op.f("ix_documents_state"), "documents", ["state"])
    op.create_index(op.f("ix_documents_unit_id"), "documents", ["unit_id"])
    op.add_column("findings", sa.Column("change_seq", sa.BigInteger(), server_default="0", nullable=False))
    op.create_index(op.f("ix_findings_change_seq"), "findings", ["change_seq"])
    op.create_table(
        "document_files",
        sa.Column("document_id", _id(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(16), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_files_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_files")),
    )
    op.create_table(
        "units",
        sa.Column("id", _id(), nullable=False),
        sa.Column("name", sa.String(256), nullable=False),
        sa.Column("aliases", _json(), nullable=False),
        sa.Column("contacts", _json(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("name", name=op.f("uq_units_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", _id(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("unit_id", _id(), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("revoked_at", _timestamp(), nullable=True),
        sa.CheckConstraint("role IN ('admin', 'inspector', 'viewer')", name=op.f("ck_api_tokens_role")),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_api_tokens_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "batches",
        sa.Column("id", _id(), nullable=False),
        sa.Column("unit_id", _id(), nullable=True),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_batches_unit_id_units"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "batch_items",
        sa.Column("id", _id(), nullable=False),
        sa.Column("batch_id", _id(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("document_id", _id(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_batch_items_batch_id_batches"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_batch_items_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_items")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_batch_items_batch_id_position"), "batch_items", ["batch_id", "position"])
    op.create_index(op.f("ix_batch_items_document_id"), "batch_items", ["document_id"])
    op.create_table(
        "counters",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )


def downgrade() -> None:
    """Drop what `upgrade` added, children first."""
    op.drop_table("counters")
    op.drop_index(op.f("ix_batch_items_document_id"), table_name="batch_items")
    op.drop_index(op.f("ix_batch_items_batch_id_position"), table_name="batch_items")
    op.drop_table("batch_items")
    op.drop_table("batches")
    op.drop_table("api_tokens")
    op.drop_table("units")
    op.drop_table("document_files")
    op.drop_index(op.f("ix_findings_change_seq"), table_name="findings")
    # Plain DROP COLUMN (SQLite >= 3.35): a batch copy of these tables would cascade-delete children.
    op.drop_column("findings", "change_seq")
    op.drop_index(op.f("ix_documents_unit_id"), table_name="documents")
    op.drop_index(op.f("ix_documents_state"), table_name="documents")
    for column in ("dead_lettered_at", "attempts", "size", "unit_id", "state"):
        op.drop_column("documents", column)
