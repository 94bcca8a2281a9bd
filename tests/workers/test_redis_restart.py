"""Redis restarted mid-batch (without persistence: every queued message is gone) — the batch
still finishes, nothing lost or doubled. Uses a private redis-server on a free port, so the
shared one is never touched."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import unavailable
from tests.workers.test_service_stack import _duplicates, _upload
from workers.stack import ServiceStack, free_port

pytestmark = [pytest.mark.postgres]


def _start_redis(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("private redis-server did not start")


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[tuple[int, list[subprocess.Popen[bytes]]]]:
    if shutil.which("redis-server") is None:
        unavailable("redis-server not installed")
    port = free_port()
    processes = [_start_redis(port, tmp_path)]
    try:
        yield port, processes
    finally:
        for process in processes:
            process.kill()
            process.wait()


def test_batch_finishes_after_redis_restart(
    postgres_schema_url: str,
    private_redis: tuple[int, list[subprocess.Popen[bytes]]],
    tmp_path: Path,
    distinct_pdfs: list[bytes],
) -> None:
    port, processes = private_redis
    stack = ServiceStack(
        postgres_schema_url,
        f"redis://127.0.0.1:{port}/0",
        tmp_path / "logs",
        env_overrides={"AUDITOR_REQUEUE_INTERVAL": "2", "AUDITOR_REQUEUE_GRACE_SECONDS": "5"},
    )
    stack.prepare()
    try:
        stack.start_api()
        stack.start_worker(processes=1, threads=1)
        body = _upload(stack, distinct_pdfs)
        with stack.client() as client:
            deadline = time.monotonic() + 90
            while client.get(f"/api/batches/{body['batch_id']}").json()["progress"]["done"] < 1:
                assert time.monotonic() < deadline, "nothing finished before the restart"
                time.sleep(0.2)
            processes[0].kill()  # every queued message is lost with it
            processes[0].wait()
            time.sleep(3)
            processes.append(_start_redis(port, tmp_path))
            batch = stack.wait_batch(client, body["batch_id"], timeout=150)
        assert batch["status"] == "done", batch
        assert batch["progress"] == {"total": len(distinct_pdfs), "done": len(distinct_pdfs), "failed": 0}
        assert _duplicates(stack.database_url) == (0, 0, len(distinct_pdfs))
    finally:
        stack.stop()
