"""The API in embedded mode: a SQLite file, the StubBroker and an in-process worker, tokens per role."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from auditor.settings import Settings
from store.db import open_store
from store.tokens import create_token
from store.units import create_unit


@dataclass
class Api:
    """A running embedded API and a token per role."""

    client: TestClient
    admin: dict[str, str]
    inspector: dict[str, str]
    viewer: dict[str, str]
    unit_viewer: dict[str, str]  # viewer scoped to 白水县卫生健康局
    database_url: str

    def wait_batch(self, batch_id: int, headers: dict[str, str] | None = None, timeout: float = 120) -> dict:
        """Poll a batch until it is done or failed."""
        deadline = time.monotonic() + timeout
        while True:
            body = self.client.get(f"/api/batches/{batch_id}", headers=headers or self.admin).json()
            if body["status"] in ("done", "failed") or time.monotonic() > deadline:
                return body
            time.sleep(0.2)


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def make_api(tmp_path: Path, **overrides: object) -> Iterator[Api]:
    """An embedded API on a fresh SQLite file (migrated, as `auditor db upgrade` would)."""
    from api.app import create_app

    url = f"sqlite:///{(tmp_path / 'service.sqlite3').as_posix()}"
    with open_store(url) as store:
        create_unit(store, "白水县卫生健康局", aliases=["白水县卫健局"], contacts=[{"name": "张三"}])
        create_unit(store, "其他单位")
        tokens = {
            role: create_token(store, role, name=f"test-{role}")[0]
            for role in ("admin", "inspector", "viewer")
        }
        scoped = create_token(store, "inspector", unit="白水县卫生健康局", name="unit-inspector")[0]
    settings = Settings(database_url=url, redis_url=None, **overrides)  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        yield Api(
            client,
            bearer(tokens["admin"]),
            bearer(tokens["inspector"]),
            bearer(tokens["viewer"]),
            bearer(scoped),
            url,
        )


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    """An embedded API with default settings."""
    yield from make_api(tmp_path)


@pytest.fixture(scope="session")
def sample_bytes(generated_samples: dict[str, Path]) -> dict[str, bytes]:
    """The generated consistent and defective disclosures as PDF bytes."""
    return {name: path.read_bytes() for name, path in generated_samples.items()}
