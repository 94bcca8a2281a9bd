"""A real service stack for the worker tests: PostgreSQL (own schema), Redis (own namespace),
`auditor serve` and `auditor worker` as subprocesses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.conftest import postgres_schema_url  # noqa: F401 - fixture re-exported for this folder
from workers.stack import ServiceStack


@pytest.fixture
def stack(postgres_schema_url: str, redis_url: str, tmp_path: Path) -> Iterator[ServiceStack]:  # noqa: F811
    """A migrated database with an admin token and a running API; workers started by the test."""
    service = ServiceStack(postgres_schema_url, redis_url, tmp_path / "logs")
    service.prepare()
    try:
        service.start_api()
        yield service
    finally:
        service.stop()
        service.clear_queue()


@pytest.fixture(scope="session")
def distinct_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Six distinct generated disclosures (different seeds, so different bytes)."""
    from auditor.synth import generate, to_pdf

    out = tmp_path_factory.mktemp("distinct")
    return [to_pdf(generate(seed), out / f"seed{seed}.pdf").read_bytes() for seed in range(20, 26)]
