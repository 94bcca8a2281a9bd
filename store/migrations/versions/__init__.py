"""Alembic revisions of the auditor store, oldest first by their `down_revision` chain."""
