"""Where the store lives and how it is opened: default URL, schema upgrade, `open_store`."""

from __future__ import annotations

import os
from pathlib import Path

import structlog
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from store.engine import create_store_engine, normalize_url, write_engine
from store.repository import Store

#: Environment variable that overrides the default database URL.
DATABASE_URL_ENV = "AUDITOR_DATABASE_URL"
#: Application name used for the platform's user data directory.
APP_NAME = "auditor"
#: File name of the default SQLite database inside the user data directory.
DATABASE_FILE_NAME = "auditor.sqlite3"
#: The Alembic script directory, shipped inside the package so an installed store can migrate.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: PostgreSQL advisory lock (first key) serialising concurrent schema upgrades of one schema.
_MIGRATION_LOCK_KEY = 0x61756469  # "audi"

_log = structlog.get_logger(__name__)


def default_database_url() -> str:
    """`AUDITOR_DATABASE_URL` if set, else a SQLite file in the user data dir (created if needed)."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    if url:
        return url
    directory = Path(user_data_dir(APP_NAME, appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(directory / DATABASE_FILE_NAME).as_posix()}"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config built in code, pointing at the packaged migrations.

    With `connection`, env.py migrates over that connection instead of opening its own.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The revision the code expects the schema to be at."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database's schema is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema behind `engine` to the head revision, in one transaction.

    Concurrent callers are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock
    per schema), so the second one finds the schema already at head and does nothing.
    """
    with write_engine(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(
                f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY}, hashtext(current_schema()))"
            )
        before = MigrationContext.configure(connection).get_current_revision()
        if before == head_revision():
            return
        command.upgrade(alembic_config(connection), "head")
        after = MigrationContext.configure(connection).get_current_revision()
    _log.info("store.schema_upgraded", from_revision=before, to_revision=after)


class SchemaBehindError(RuntimeError):
    """The database's schema is not at the revision the code expects (run `auditor db upgrade`)."""


def check_schema(engine: Engine) -> None:
    """Raise SchemaBehindError unless the schema behind `engine` is at the head revision."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        shown = engine.url.render_as_string(hide_password=True)
        raise SchemaBehindError(
            f"database {shown} is at schema revision {current or 'none (empty)'}, this version needs "
            f"{head}: run `auditor db upgrade` (with the same AUDITOR_DATABASE_URL) first"
        )


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the store at `url` (default: `default_database_url()`), migrating it to head first.

    With `migrate=False` (the service: `serve` and `worker`) the schema is only checked, and a
    database that is behind raises SchemaBehindError naming the command to run.
    """
    url = normalize_url(url or default_database_url())
    engine = create_store_engine(url)
    try:
        if migrate:
            upgrade_schema(engine)
        else:
            check_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    _log.debug("store.opened", url=engine.url.render_as_string(hide_password=True))
    return Store(engine)
