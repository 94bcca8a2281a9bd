"""Which errors the actors retry: database and Redis outages, never what a document caused."""

from __future__ import annotations

import psycopg
import pytest
import redis.exceptions
import sqlalchemy.exc

from workers.broker import is_transient


@pytest.mark.parametrize(
    "error",
    [
        sqlalchemy.exc.OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused")),
        sqlalchemy.exc.InterfaceError("SELECT 1", {}, Exception("closed")),
        psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
        psycopg.OperationalError("server closed the connection unexpectedly"),  # COPY on the raw connection
        redis.exceptions.ConnectionError("Connection refused"),
        redis.exceptions.TimeoutError("Timeout reading from socket"),
        ConnectionResetError(),
    ],
)
def test_outages_are_transient(error: BaseException) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad number"),
        MemoryError(),
        sqlalchemy.exc.IntegrityError("INSERT", {}, Exception("duplicate key")),
        psycopg.errors.UniqueViolation("duplicate key"),
        KeyError("x"),
    ],
)
def test_document_errors_are_not_transient(error: BaseException) -> None:
    assert not is_transient(error)
