"""Backends for the store tests: a SQLite file always, PostgreSQL when reachable.

Each PostgreSQL test gets its own freshly created schema (unique name, dropped afterwards), so
runs can repeat and overlap. If PostgreSQL cannot be reached the PostgreSQL tests skip, except
under CI=true, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from store import Store, open_store
from store.engine import normalize_url

#: Environment variable naming the PostgreSQL server the tests may use.
POSTGRES_URL_ENV = "AUDITOR_TEST_POSTGRES_URL"
#: Server used when the variable is not set.
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
#: Seconds to wait for PostgreSQL before deciding it is not there.
POSTGRES_CONNECT_TIMEOUT = 3
#: Backends every store test runs on (PostgreSQL carries the project's `postgres` mark).
BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


def postgres_server_url() -> str:
    """The test server's URL (psycopg driver)."""
    return normalize_url(os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL)


def running_in_ci() -> bool:
    """Whether CI=true: then a missing PostgreSQL is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() == "true"


def admin_engine_or_skip(url: str) -> Engine:
    """An autocommit engine on the test server; skip (or fail under CI) if it is unreachable."""
    engine = create_engine(
        url,
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT},
    )
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except OperationalError as error:
        engine.dispose()
        shown = make_url(url).render_as_string(hide_password=True)
        message = f"PostgreSQL not reachable at {shown} — set {POSTGRES_URL_ENV}"
        if running_in_ci():
            pytest.fail(f"{message} (CI=true, so this fails instead of skipping): {error}")
        pytest.skip(message)
    return engine


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """URL of a brand-new, uniquely named PostgreSQL schema, dropped after the test."""
    base = postgres_server_url()
    admin = admin_engine_or_skip(base)
    schema = f"auditor_test_{uuid.uuid4().hex[:16]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'auditor.sqlite3').as_posix()}"
    return str(request.getfixturevalue("postgres_schema_url"))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A store opened (and so migrated) on an empty database of each backend."""
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()
