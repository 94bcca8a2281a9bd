"""The service on real components: `auditor serve` + `auditor worker` processes, Redis, PostgreSQL.

Reliability is tested, not assumed: a worker process killed with SIGKILL in the middle of a
document is restarted by the supervisor, and the document is completed (by whichever worker
gets the message back) within 60 s, with no duplicate document or finding.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import create_engine, text

from workers.stack import ServiceStack

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def _upload(stack: ServiceStack, pdfs: list[bytes]) -> dict:
    with stack.client() as client:
        response = client.post(
            "/api/batches",
            files=[("files", (f"doc{i}.pdf", pdf, "application/pdf")) for i, pdf in enumerate(pdfs)],
        )
    assert response.status_code == 202, response.text
    return response.json()


def _duplicates(database_url: str) -> tuple[int, int, int]:
    """(documents sharing a hash, findings sharing document+fingerprint, documents)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            docs = connection.execute(
                text("SELECT count(*) - count(DISTINCT content_hash), count(*) FROM documents")
            ).one()
            findings = connection.execute(
                text("SELECT count(*) - count(DISTINCT (document_id, fingerprint)) FROM findings")
            ).scalar_one()
    finally:
        engine.dispose()
    return int(docs[0]), int(findings), int(docs[1])


def test_batch_through_redis_and_postgres(stack: ServiceStack, distinct_pdfs: list[bytes]) -> None:
    stack.start_worker(processes=1, threads=1)
    body = _upload(stack, distinct_pdfs[:2])
    with stack.client() as client:
        batch = stack.wait_batch(client, body["batch_id"], timeout=120)
        assert batch["status"] == "done", batch
        assert batch["progress"] == {"total": 2, "done": 2, "failed": 0}
        items = client.get("/api/anomalies", params={"batch_id": body["batch_id"]}).json()["items"]
        assert {i["document"]["id"] for i in items} <= {d["id"] for d in body["documents"]}
        ready = client.get("/readyz").json()
        assert ready == {"status": "ok", "database": "ok", "broker": "ok", "embedded": False}
    assert _duplicates(stack.database_url) == (0, 0, 2)
    # structlog JSON with the document and batch bound — the audit child's lines too — and no
    # debug lines (each finding's rule is logged at debug) at the default level
    events = _log_events(stack.log_dir, "worker")
    ids = {d["id"] for d in body["documents"]}
    for name in ("document.started", "audit.done", "document.saved", "document.done"):
        lines = [e for e in events if e.get("event") == name]
        assert {e.get("document_id") for e in lines} == ids, name
        assert {e.get("batch_id") for e in lines} == {body["batch_id"]}, name
    assert not [e for e in events if e.get("level") == "debug"]


def _log_events(log_dir: Path, prefix: str) -> list[dict]:
    """The JSON log events in the stack's `prefix-*.log` files."""
    events = []
    for path in log_dir.glob(f"{prefix}-*.log"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    events.append(json.loads(line))
                except ValueError:
                    continue
    return events


def _dramatiq_workers(supervisor: psutil.Process) -> list[psutil.Process]:
    """The dramatiq worker processes (grandchildren) under an `auditor worker` supervisor."""
    found = []
    for child in supervisor.children(recursive=True):
        try:
            cmd = " ".join(child.cmdline())
        except psutil.NoSuchProcess:
            continue
        if "dramatiq" in cmd and child.parent() is not None and child.parent().pid != supervisor.pid:
            found.append(child)
    return found


def _busy(worker: psutil.Process) -> bool:
    """Whether a dramatiq worker process is auditing (its fork server has a live child)."""
    try:
        return any(p.children() for p in worker.children())
    except psutil.NoSuchProcess:
        return False


def test_kill_9_mid_document_is_completed_by_another_worker(
    stack: ServiceStack, distinct_pdfs: list[bytes]
) -> None:
    supervisors = [stack.start_worker(processes=1, threads=1) for _ in range(2)]
    body = _upload(stack, distinct_pdfs)
    victim = None
    deadline = time.monotonic() + 90
    while victim is None and time.monotonic() < deadline:
        for supervisor in supervisors:
            for worker in _dramatiq_workers(psutil.Process(supervisor.pid)):
                if _busy(worker):
                    victim = (supervisor, worker)
                    break
            if victim:
                break
        time.sleep(0.05)
    assert victim is not None, "no worker was ever seen auditing"
    supervisor, worker = victim
    dramatiq_parent = worker.parent()
    assert dramatiq_parent is not None
    killed_at = time.monotonic()
    os.kill(worker.pid, signal.SIGKILL)
    with stack.client() as client:
        batch = stack.wait_batch(client, body["batch_id"], timeout=75)
        took = time.monotonic() - killed_at
        assert batch["status"] == "done", batch
        assert batch["progress"]["done"] == len(distinct_pdfs)
        assert took < 60, f"finished {took:.0f} s after the kill"
        attempts = [client.get(f"/api/documents/{d['id']}").json()["attempts"] for d in body["documents"]]
    assert max(attempts) >= 2, "the killed document was run again"
    assert _duplicates(stack.database_url) == (0, 0, len(distinct_pdfs))
    # the supervisor is alive and runs a new dramatiq
    assert supervisor.poll() is None
    restarted = [p for p in psutil.Process(supervisor.pid).children() if p.pid != dramatiq_parent.pid]
    assert restarted, "the supervisor did not restart dramatiq"


def test_worker_refuses_a_database_that_is_behind(redis_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env.update(AUDITOR_DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}", AUDITOR_REDIS_URL=redis_url)
    for command in (["worker"], ["serve", "--port", "1"]):
        done = subprocess.run(
            [sys.executable, "-m", "auditor", *command], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 2
        assert "auditor db upgrade" in done.stderr
