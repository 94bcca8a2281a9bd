"""Alembic environment for the auditor store.

Called two ways: by `store.db.upgrade_schema`, which passes its own connection in
`config.attributes["connection"]`; and by operators running `alembic` with the repository's
alembic.ini, where the URL is `sqlalchemy.url` if set, else `AUDITOR_DATABASE_URL`, else the
default SQLite file.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from store.db import default_database_url
from store.engine import create_store_engine, normalize_url
from store.models import Base

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    """The URL operators asked for, normalised to the psycopg driver for PostgreSQL."""
    return normalize_url(config.get_main_option("sqlalchemy.url") or default_database_url())


def _run(connection: Connection) -> None:
    """Run the pending revisions over `connection`."""
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; later revisions get copy-and-move batches there.
        render_as_batch=sqlite,
        # Store engines emit BEGIN themselves, which makes SQLite's DDL transactional too.
        transactional_ddl=True if sqlite else None,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit the SQL instead of running it (`alembic upgrade head --sql`)."""
    url = _database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate over the given connection, or over a fresh store engine."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_store_engine(_database_url())
    try:
        with engine.connect() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
