"""The PostgreSQL gate of the store tests: skip locally, fail under CI=true."""

from __future__ import annotations

import pytest

from tests.store.conftest import POSTGRES_URL_ENV, admin_engine_or_skip

# Nothing listens on port 1; the connection is refused at once.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/test"


def test_unreachable_postgres_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"not reachable at .*:1/test — set {POSTGRES_URL_ENV}"):
        admin_engine_or_skip(UNREACHABLE)


def test_unreachable_postgres_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        admin_engine_or_skip(UNREACHABLE)
