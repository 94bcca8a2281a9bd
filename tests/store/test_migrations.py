"""The migration builds exactly the models' schema, on an empty database of each backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect

from store import Store, open_store
from store.db import (
    DATABASE_FILE_NAME,
    DATABASE_URL_ENV,
    alembic_config,
    current_revision,
    default_database_url,
    head_revision,
)
from store.engine import create_store_engine, normalize_url
from store.models import Base

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "documents",
    "facts",
    "findings",
    "finding_events",
    "not_evaluated",
    "document_files",
    "units",
    "api_tokens",
    "batches",
    "batch_items",
    "counters",
    "alerts",
    "alert_attempts",
}


def _diffs(store: Store, metadata: MetaData = Base.metadata) -> list[object]:
    """Differences autogenerate sees between the live schema and `metadata`."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_migration_creates_the_tables_on_an_empty_database(database_url: str) -> None:
    engine = create_store_engine(database_url)
    try:
        assert current_revision(engine) is None
        assert not set(inspect(engine).get_table_names()) & TABLES
    finally:
        engine.dispose()
    with open_store(database_url) as store:
        assert set(inspect(store.engine).get_table_names()) == TABLES | {"alembic_version"}
        assert current_revision(store.engine) == head_revision() == "0005"


def test_models_and_migration_agree(store: Store) -> None:
    assert _diffs(store) == []


def test_comparison_would_notice_a_difference(store: Store) -> None:
    """The agreement test is not vacuous: a model change shows up as a diff."""
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        copy = table.to_metadata(changed)
        if table.name == "facts":
            copy.indexes.clear()
    assert _diffs(store, changed)


def test_opening_again_is_a_no_op(database_url: str) -> None:
    with open_store(database_url):
        pass
    with open_store(database_url) as store:
        assert current_revision(store.engine) == head_revision()
        assert _diffs(store) == []


def test_migration_downgrades_and_upgrades_again(store: Store) -> None:
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert not set(inspect(store.engine).get_table_names()) & TABLES
    with store.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert _diffs(store) == []


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'a.sqlite3'}") as store:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_operator_alembic_ini_points_at_the_packaged_migrations() -> None:
    operator = ScriptDirectory.from_config(Config(str(REPO_ROOT / "alembic.ini")))
    packaged = ScriptDirectory.from_config(alembic_config())
    assert Path(operator.dir).resolve() == Path(packaged.dir).resolve()
    assert operator.get_current_head() == packaged.get_current_head()


def test_operator_alembic_ini_migrates_the_configured_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{(tmp_path / 'ops.sqlite3').as_posix()}"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    command.upgrade(Config(str(REPO_ROOT / "alembic.ini")), "head")
    engine = create_store_engine(url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_default_url_honours_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://auditor@db/auditor")
    assert default_database_url() == "postgresql://auditor@db/auditor"


def test_default_url_is_a_sqlite_file_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    data_dir = tmp_path / "data" / "auditor"
    monkeypatch.setattr("store.db.user_data_dir", lambda app, appauthor: str(data_dir))
    url = default_database_url()
    assert url == f"sqlite:///{(data_dir / DATABASE_FILE_NAME).as_posix()}"
    assert data_dir.is_dir()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
    ],
)
def test_postgresql_urls_use_psycopg(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


@pytest.mark.postgres
def test_plain_postgresql_urls_open(postgres_schema_url: str) -> None:
    plain = postgres_schema_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with open_store(plain) as store:
        assert store.engine.dialect.driver == "psycopg"
        assert current_revision(store.engine) == head_revision()
