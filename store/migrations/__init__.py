"""Alembic migrations of the auditor store (a package so that installs ship them)."""
