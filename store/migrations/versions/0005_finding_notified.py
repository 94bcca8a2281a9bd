"""When a finding was last told to its unit: `findings.notified_at`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

Set when an alert carrying the finding has been delivered (`store.alerts.record_attempt`), so the
anomaly list and the 文档 page show "已通知单位" without looking through the alerts. NULL for a
finding no delivered alert carried (and for every finding before this revision).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add findings.notified_at."""
    op.add_column("findings", sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop findings.notified_at (plain DROP COLUMN, as 0002 does)."""
    op.drop_column("findings", "notified_at")
