"""Fixtures and helpers shared by every test: ../shared, PostgreSQL, Redis, the generated samples.

What a test needs from outside the tree is either there or the test cannot say anything. Locally
such a test is skipped with the reason; under CI=true it fails, so that CI never passes by
skipping what it was meant to check. Tests mark their needs with `shared`, `postgres` or `redis`
(the marks are enforced here), or call the `require_*` helpers themselves.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import NoReturn

import pytest

# ../shared beside the repository: real disclosures, their PDF renditions and the answer key.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"

POSTGRES_URL_ENV = "AUDITOR_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL_ENV = "AUDITOR_TEST_REDIS_URL"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
# Seconds a test waits for a server to answer before it counts as down.
CONNECT_TIMEOUT = 3


def in_ci() -> bool:
    """True when running under CI (CI=true), where a missing resource is a failure, not a skip."""
    return os.environ.get("CI") == "true"


def unavailable(reason: str) -> NoReturn:
    """Skip the current test for `reason`, or fail it under CI=true."""
    if in_ci():
        pytest.fail(f"{reason}; CI=true requires it", pytrace=False)
    pytest.skip(reason)


def require_shared(*parts: str) -> Path:
    """The path under ../shared, skipping (locally) or failing (CI) when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        unavailable(f"../shared not present ({path})")
    return path


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


@functools.cache
def _postgres_problem(url: str) -> str | None:
    import sqlalchemy

    try:
        engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT})
        try:
            with engine.connect() as conn:
                conn.execute(sqlalchemy.text("select 1"))
        finally:
            engine.dispose()
    except Exception as exc:
        return _first_line(exc)
    return None


@functools.cache
def _redis_problem(url: str) -> str | None:
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=CONNECT_TIMEOUT
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        return _first_line(exc)
    return None


def require_postgres_url() -> str:
    """SQLAlchemy URL of a reachable PostgreSQL ($AUDITOR_TEST_POSTGRES_URL, else the local test db)."""
    url = os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL
    problem = _postgres_problem(url)
    if problem:
        unavailable(f"PostgreSQL not reachable at {url} ({problem})")
    return url


def require_redis_url() -> str:
    """URL of a reachable Redis ($AUDITOR_TEST_REDIS_URL, else local db 15)."""
    url = os.environ.get(REDIS_URL_ENV) or DEFAULT_REDIS_URL
    problem = _redis_problem(url)
    if problem:
        unavailable(f"Redis not reachable at {url} ({problem})")
    return url


def require_netns() -> None:
    """Root, iproute2 (`ip netns`), redis-server and PostgreSQL's server programs: what a test with
    its own network namespaces and private servers needs (skipped locally, failed under CI)."""
    import shutil

    if os.geteuid() != 0:
        unavailable("network namespaces need root")
    missing = [tool for tool in ("ip", "redis-server", "runuser") if shutil.which(tool) is None]
    if not postgres_bindir():
        missing.append("PostgreSQL server programs (initdb, pg_ctl)")
    if missing:
        unavailable(f"not installed: {', '.join(missing)}")


def postgres_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl (on PATH, else Debian's /usr/lib/postgresql/N/bin)."""
    import shutil

    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    return None


#: Debian's chromium and its driver (packages chromium, chromium-driver), for the `browser` mark.
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def require_browser() -> tuple[str, str]:
    """(chromium, chromedriver): skipped locally, failed under CI when either or selenium is missing."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        unavailable(f"{', '.join(missing)} not installed (apt-get install -y chromium chromium-driver)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        unavailable("selenium not installed (pip install -e '.[dev]')")
    return CHROMIUM, CHROMEDRIVER


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Enforce the `shared`, `postgres`, `redis`, `netns` and `browser` marks before the test runs."""
    if item.get_closest_marker("shared"):
        require_shared()
    if item.get_closest_marker("postgres"):
        require_postgres_url()
    if item.get_closest_marker("redis"):
        require_redis_url()
    if item.get_closest_marker("netns"):
        require_netns()
    if item.get_closest_marker("browser"):
        require_browser()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (skipped locally, failed under CI when absent)."""
    return require_shared()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus: PDF renditions of the seed disclosures."""
    return require_shared("corpus")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of a reachable PostgreSQL."""
    return require_postgres_url()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of a reachable Redis."""
    return require_redis_url()


@pytest.fixture(scope="session")
def generated_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project's own sample disclosures (consistent.pdf, defective.pdf), generated once per run."""
    from auditor.synth import write_samples

    out = tmp_path_factory.mktemp("samples")
    return {path.stem: path for path in write_samples(out)}
