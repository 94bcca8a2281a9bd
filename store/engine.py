"""Engines for the store: URL normalisation and the per-backend connection settings.

SQLite gets foreign keys, WAL and SQLAlchemy-controlled transactions (so writers can take the
write lock up front with BEGIN IMMEDIATE); PostgreSQL goes through psycopg 3.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import ConnectionPoolEntry

#: Seconds a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
#: Execution option read by the SQLite "begin" hook: the BEGIN mode of the transaction.
SQLITE_BEGIN_OPTION = "auditor_sqlite_begin"
#: Execution options for connections that write (SQLite: take the write lock at BEGIN).
WRITE_EXECUTION_OPTIONS: dict[str, str] = {SQLITE_BEGIN_OPTION: "IMMEDIATE"}

_PSYCOPG_SCHEMES = ("postgresql://", "postgres://")
_SQLITE_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


def normalize_url(url: str) -> str:
    """Route plain `postgresql://` (and `postgres://`) URLs to the psycopg 3 driver."""
    for scheme in _PSYCOPG_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def _json_default(value: object) -> object:
    """JSON for the few non-JSON values plain data may carry (Decimal stays exact as text)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_dumps(value: object) -> str:
    """The JSON serialiser of every store engine: UTF-8 text kept readable, Decimals as strings."""
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def create_store_engine(url: str) -> Engine:
    """An engine for `url` with the store's per-backend settings (no schema work)."""
    url = normalize_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        engine = create_engine(
            url,
            json_serializer=json_dumps,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, json_serializer=json_dumps, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys and WAL on every connection; BEGIN emitted by SQLAlchemy, not by sqlite3."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # sqlite3's own implicit BEGIN would defeat BEGIN IMMEDIATE and transactional DDL.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # durable enough with WAL, much faster
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
        if mode not in _SQLITE_BEGIN_MODES:
            raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}")


def write_engine(engine: Engine) -> Engine:
    """The same engine, with the execution options for transactions that write."""
    return engine.execution_options(**WRITE_EXECUTION_OPTIONS)
