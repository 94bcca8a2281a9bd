"""PostgreSQL down for 20 s in the middle of a batch — the batch still finishes, nothing lost or
doubled. The service runs on a private PostgreSQL cluster (initdb into a temporary folder, its
own port), so stopping it never touches the shared server: `auditor serve` and `auditor worker`
are real processes; the worker's actors meet the outage, and their messages are retried with
backoff (AUDITOR_MAX_RETRIES, AUDITOR_MIN_BACKOFF_MS) until the database answers again. The
lost-message sweeper is kept idle here, so the retries alone must carry the batch (with
AUDITOR_MAX_RETRIES=0 this test fails: the documents are left unfinished).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import postgres_bindir, unavailable
from tests.workers.test_service_stack import _duplicates, _log_events, _upload
from workers.stack import ServiceStack, free_port

# `postgres`: the machine's PostgreSQL server programs (CI starts the server from the same
# installation); `redis`: the queue is the shared Redis, in a namespace of this test's own.
pytestmark = [pytest.mark.postgres, pytest.mark.redis]

#: Seconds the database stays down.
OUTAGE_SECONDS = 20.0


class PausablePostgres:
    """A PostgreSQL cluster of its own on 127.0.0.1 and a free port that can be stopped and
    started again with its data (run as the `postgres` user when the tests run as root)."""

    def __init__(self) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            unavailable("PostgreSQL server programs (initdb, pg_ctl) not installed")
        assert bindir is not None
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            unavailable("running as root needs runuser to start PostgreSQL as the postgres user")
        self.bindir = bindir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="auditor-pg-outage-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        os.chmod(self.folder, 0o700)
        self.data = self.folder / "data"
        self.running = False
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stdout[-500:]} {done.stderr[-500:]}")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories='{self.folder}' -c fsync=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.running = True
        for _ in range(120):  # pg_ctl waited for the postmaster; wait until it also accepts
            ready = subprocess.run(
                [str(self.bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                check=False,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.25)
        raise RuntimeError("private PostgreSQL did not accept connections")

    def crash(self) -> None:
        """Stop the server at once (immediate mode: sessions cut, no checkpoint; recovery at start)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        self.running = False

    def url(self) -> str:
        """The store URL."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def close(self) -> None:
        """Stop the server and remove its folder."""
        try:
            if self.running:
                self.crash()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_postgres() -> Iterator[PausablePostgres]:
    server = PausablePostgres()
    try:
        yield server
    finally:
        server.close()


def _get(client: httpx.Client, path: str) -> dict | None:
    """A JSON answer of the API, or None while it cannot answer (the database is down)."""
    try:
        response = client.get(path)
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == 200 else None


def _wait(client: httpx.Client, batch_id: int, until, timeout: float, what: str) -> dict:  # type: ignore[no-untyped-def]
    """Poll a batch (tolerating a database that does not answer) until `until(batch)`."""
    deadline = time.monotonic() + timeout
    while True:
        batch = _get(client, f"/api/batches/{batch_id}")
        if batch is not None and until(batch):
            return batch
        assert time.monotonic() < deadline, f"{what}: {batch}"
        time.sleep(0.3)


def _outage_mid_batch(
    stack: ServiceStack, postgres: PausablePostgres, client: httpx.Client, pdfs: list[bytes]
) -> dict:
    """Upload `pdfs`; once the first is done, stop PostgreSQL for OUTAGE_SECONDS; the upload's body."""
    body = _upload(stack, pdfs)
    batch = _wait(
        client,
        body["batch_id"],
        lambda b: b["progress"]["done"] >= 1,
        120,
        "nothing finished before the outage",
    )
    assert batch["progress"]["done"] < len(pdfs), "the batch ended before the outage began"
    postgres.crash()
    down_at = time.monotonic()
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["database"] != "ok", ready.text
    # the API answers 503 with Retry-After, not 500, and records no half a batch
    listed = client.get(f"/api/batches/{body['batch_id']}")
    assert listed.status_code == 503 and listed.headers["retry-after"], listed.text
    refused = client.post("/api/batches", files=[("files", ("late.txt", "公开说明".encode()))])
    assert refused.status_code == 503 and "unavailable" in refused.json()["detail"], refused.text
    time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
    postgres.start()
    return body


def _finished(batch: dict) -> bool:
    return batch["status"] in ("done", "failed") and all(
        d["status"] in ("done", "failed") for d in batch["documents"]
    )


def test_batch_finishes_after_postgres_is_down_for_20_s(
    private_postgres: PausablePostgres, redis_url: str, tmp_path: Path, distinct_pdfs: list[bytes]
) -> None:
    # the lost-message sweeper stays idle, so the actors' retries alone must carry the batch
    stack = ServiceStack(
        private_postgres.url(),
        redis_url,
        tmp_path / "logs",
        env_overrides={"AUDITOR_REQUEUE_INTERVAL": "3600"},
    )
    stack.prepare()
    total = len(distinct_pdfs)
    try:
        stack.start_api()
        stack.start_worker(processes=1, threads=1)
        with stack.client(timeout=10) as client:
            body = _outage_mid_batch(stack, private_postgres, client, distinct_pdfs)
            batch = _wait(client, body["batch_id"], _finished, 240, "the batch did not finish")
            assert batch["status"] == "done", batch
            assert batch["progress"] == {"total": total, "done": total, "failed": 0}
            assert [b["id"] for b in client.get("/api/batches").json()["items"]] == [body["batch_id"]]
            assert all(d["status"] == "done" and d["error"] is None for d in batch["documents"])
            assert client.get("/api/dead-letters").json() == {"items": []}
            assert client.get("/readyz").json()["database"] == "ok"
        assert _duplicates(stack.database_url) == (0, 0, total)
        # the outage did reach the worker, and its actor retried instead of failing documents
        retried = [
            e for e in _log_events(stack.log_dir, "worker") if e.get("event") == "document.transient_error"
        ]
        assert retried, "the worker never met the outage"
    finally:
        stack.stop()
        stack.clear_queue()


def test_documents_whose_retries_run_out_are_dead_lettered_and_can_be_reaudited(
    private_postgres: PausablePostgres, redis_url: str, tmp_path: Path, distinct_pdfs: list[bytes]
) -> None:
    # one quick retry: every document the worker takes up during the outage runs out of retries;
    # the dead-letter record waits for the database (its own, longer retries) and lands after it
    stack = ServiceStack(
        private_postgres.url(),
        redis_url,
        tmp_path / "logs",
        env_overrides={
            "AUDITOR_REQUEUE_INTERVAL": "3600",
            "AUDITOR_MAX_RETRIES": "1",
            "AUDITOR_MIN_BACKOFF_MS": "100",
            "AUDITOR_MAX_BACKOFF_MS": "2000",
        },
    )
    stack.prepare()
    total = len(distinct_pdfs)
    try:
        stack.start_api()
        stack.start_worker(processes=1, threads=1)
        with stack.client(timeout=10) as client:
            body = _outage_mid_batch(stack, private_postgres, client, distinct_pdfs)
            batch = _wait(client, body["batch_id"], _finished, 240, "the batch did not finish")
            failed = [d for d in batch["documents"] if d["status"] == "failed"]
            assert failed, f"no document ran out of retries during the outage: {batch}"
            assert all("重试" in d["error"] and "dead-lettered" in d["error"] for d in failed)
            assert batch["progress"]["done"] + len(failed) == total
            dead = client.get("/api/dead-letters").json()["items"]
            assert sorted(d["id"] for d in dead) == sorted(d["id"] for d in failed)
            assert all(d["dead_lettered_at"] and d["error"] for d in dead)
            for document in failed:
                assert client.post(f"/api/documents/{document['id']}/reaudit").status_code == 202
            batch = _wait(
                client,
                body["batch_id"],
                lambda b: b["progress"]["done"] == total,
                180,
                "re-audits did not finish",
            )
            assert batch["status"] == "done" and batch["progress"]["failed"] == 0
            assert client.get("/api/dead-letters").json() == {"items": []}
        assert _duplicates(stack.database_url) == (0, 0, total)
    finally:
        stack.stop()
        stack.clear_queue()
