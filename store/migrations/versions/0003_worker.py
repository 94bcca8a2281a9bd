"""Which worker took a document up: `documents.worker` ("<worker name>/<pid>").

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Set each time a worker starts auditing the document (`store.batches.start_document`), so a
deployment over several hosts can tell which host did the work (AUDITOR_WORKER_NAME, default the
host name). NULL for documents audited by the CLI or before this revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add documents.worker."""
    op.add_column("documents", sa.Column("worker", sa.String(128), nullable=True))


def downgrade() -> None:
    """Drop documents.worker (plain DROP COLUMN, as 0002 does)."""
    op.drop_column("documents", "worker")
