"""Scale-out proof on one machine: two worker "hosts", each in its own network namespace, reach
Redis and PostgreSQL only across a veth link, and share the batches the API is given.

1. A batch goes through the API: both hosts audit documents (`documents.worker` says which), no
   document is audited twice, every finding is stored once.
2. A second batch: one host's link is cut (taken down) while it audits a document. The other host
   finishes the batch — the documents the cut host held included — within the redelivery bound of
   the service (60 s after the cut: heartbeat timeout, then dramatiq's requeue maintenance).

The servers are private (redis-server and a PostgreSQL cluster of the test's own, listening on
127.0.0.1 and the machine's ends of the links); the namespaces, links and processes are removed
whatever happens.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from tests.deploy.hosts import Hosts, PrivatePostgres, PrivateRedis, WorkerHost
from tests.workers.test_service_stack import _duplicates, _upload
from workers.stack import ServiceStack

pytestmark = [pytest.mark.netns]

#: Seconds after a worker host is cut off within which the other finishes its documents
#: (the service's bound for a killed worker's document; tests/workers/test_service_stack.py).
REDELIVERY_BOUND = 60.0
FIRST_BATCH = 8
SECOND_BATCH = 6


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Distinct generated disclosures for the two batches."""
    from auditor.synth import generate, to_pdf

    out = tmp_path_factory.mktemp("netns-pdfs")
    return [
        to_pdf(generate(seed), out / f"seed{seed}.pdf").read_bytes()
        for seed in range(60, 60 + FIRST_BATCH + SECOND_BATCH)
    ]


class Installation:
    """The API on this machine, private servers, and worker hosts in namespaces."""

    def __init__(self, workdir: Path) -> None:
        self.hosts = Hosts()
        self.redis: PrivateRedis | None = None
        self.postgres: PrivatePostgres | None = None
        self.stack: ServiceStack | None = None
        self.workdir = workdir
        self.workers: dict[str, subprocess.Popen[bytes]] = {}

    def start(self) -> None:
        a, b = self.hosts.add("host-a"), self.hosts.add("host-b")
        gateways = [a.gateway, b.gateway]
        self.redis = PrivateRedis(gateways, self.workdir)
        self.postgres = PrivatePostgres(gateways)
        self.stack = ServiceStack(self.postgres.url(), self.redis.url(), self.workdir / "logs")
        self.stack.prepare()
        self.stack.start_api()
        for host in (a, b):
            self.workers[host.name] = self.stack.start_worker(
                processes=1,
                threads=1,
                env={
                    "AUDITOR_DATABASE_URL": self.postgres.url(host.gateway),
                    "AUDITOR_REDIS_URL": self.redis.url(host.gateway),
                    "AUDITOR_WORKER_NAME": host.name,
                },
                prefix=host.exec_prefix(),
            )

    def close(self) -> None:
        try:
            if self.stack is not None:
                self.stack.stop()
        finally:
            try:
                self.hosts.close()
            finally:
                if self.redis is not None:
                    self.redis.stop()
                if self.postgres is not None:
                    self.postgres.stop()


@pytest.fixture
def installation(tmp_path: Path) -> Iterator[Installation]:
    setup = Installation(tmp_path)
    try:
        setup.start()
        yield setup
    finally:
        setup.close()
        assert setup.hosts.leftovers() == [], "namespaces or links left behind"


def _documents(database_url: str, ids: list[int]) -> dict[int, tuple[str, str | None, int]]:
    """document id → (state, worker, attempts)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, state, worker, attempts FROM documents WHERE id = ANY(:ids)"), {"ids": ids}
            ).all()
    finally:
        engine.dispose()
    return {int(r.id): (r.state, r.worker, int(r.attempts)) for r in rows}


def _host_of(worker: str | None) -> str | None:
    return worker.split("/", 1)[0] if worker else None


def _wait_for_both_hosts(setup: Installation, hosts: list[WorkerHost], timeout: float = 90) -> None:
    """Until each host is connected to Redis across its link and its dramatiq worker consumes
    (a heartbeat per worker process in the queue's namespace)."""
    assert setup.redis is not None and setup.stack is not None
    client = redis.Redis(port=setup.redis.port)
    heartbeats = f"{setup.stack.namespace}:__heartbeats__"
    deadline = time.monotonic() + timeout
    want = {h.address for h in hosts}
    try:
        while not (want <= setup.redis.client_addresses() and client.zcard(heartbeats) >= len(hosts)):
            assert time.monotonic() < deadline, (
                f"worker hosts not consuming: connected {setup.redis.client_addresses()}, "
                f"heartbeats {client.zcard(heartbeats)}; logs in {setup.workdir}"
            )
            time.sleep(0.3)
    finally:
        client.close()


def test_two_hosts_share_a_batch_and_one_cut_off_is_covered_by_the_other(
    installation: Installation, pdfs: list[bytes]
) -> None:
    stack = installation.stack
    assert stack is not None and installation.postgres is not None
    a, b = installation.hosts.hosts
    _wait_for_both_hosts(installation, [a, b])

    # 1. both hosts audit, nothing twice, findings once
    first = _upload(stack, pdfs[:FIRST_BATCH])
    first_ids = [d["id"] for d in first["documents"]]
    with stack.client() as client:
        batch = stack.wait_batch(client, first["batch_id"], timeout=240)
    assert batch["status"] == "done", batch
    assert batch["progress"] == {"total": FIRST_BATCH, "done": FIRST_BATCH, "failed": 0}
    documents = _documents(stack.database_url, first_ids)
    by_host = {_host_of(worker) for _, worker, _ in documents.values()}
    assert by_host == {"host-a", "host-b"}, documents
    assert all(attempts == 1 for _, _, attempts in documents.values()), documents
    assert _duplicates(stack.database_url) == (0, 0, FIRST_BATCH)
    # the hosts' sessions came across the links, not from this machine's loopback
    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as connection:
            peers = set(
                connection.execute(
                    text(
                        "SELECT DISTINCT host(client_addr) FROM pg_stat_activity WHERE client_addr IS NOT NULL"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()
    assert {a.address, b.address} <= peers, peers

    # 2. cut host-a off while it audits a document of the second batch
    second = _upload(stack, pdfs[FIRST_BATCH:])
    second_ids = [d["id"] for d in second["documents"]]
    held: list[int] = []
    deadline = time.monotonic() + 120
    while not held:
        assert time.monotonic() < deadline, "host-a never took up a document of the second batch"
        held = [
            doc
            for doc, (state, worker, _) in _documents(stack.database_url, second_ids).items()
            if state == "running" and _host_of(worker) == "host-a"
        ]
        time.sleep(0.1)
    a.cut()
    cut_at = time.monotonic()
    with stack.client() as client:
        batch = stack.wait_batch(client, second["batch_id"], timeout=REDELIVERY_BOUND + 30)
    took = time.monotonic() - cut_at
    assert batch["status"] == "done", batch
    assert batch["progress"] == {"total": SECOND_BATCH, "done": SECOND_BATCH, "failed": 0}
    assert took < REDELIVERY_BOUND, f"the batch finished {took:.0f} s after host-a was cut off"
    documents = _documents(stack.database_url, second_ids)
    assert all(documents[doc][0] == "done" for doc in held), documents
    # what host-a held when it was cut off was done again by host-b (unless host-a had just
    # committed it in the instant between our look and the cut)
    taken_over = [doc for doc in held if _host_of(documents[doc][1]) == "host-b"]
    assert taken_over, {doc: documents[doc] for doc in held}
    assert all(documents[doc][2] >= 2 for doc in taken_over), documents
    assert _duplicates(stack.database_url) == (0, 0, FIRST_BATCH + SECOND_BATCH)
    # the cut-off host cannot shut down cleanly (it reaches nothing): end it now, not after a grace time
    stack.stop(installation.workers["host-a"], timeout=1)
