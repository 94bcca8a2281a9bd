"""The service end to end: documents per minute with 1 and 2 worker processes, upload → anomalies
visible, peak memory per worker, and the service's per-document time against `auditor audit`.

Uploads N distinct documents (the text-layer PDFs of ../shared/corpus, then the project's own
generated disclosures, `auditor.synth`, with new seeds until N) to `auditor serve` with
`auditor worker --processes P --threads 1` over Redis and PostgreSQL (a fresh schema and Redis
namespace per run, so every run audits every document). Goal: ratio ≥ 1.7× from 1 to 2
processes on a 2-core machine; service time per document within 1.2× of the in-process audit.

    .venv/bin/python benchmarks/bench_service.py [-n 200] [--processes 1,2]
        [--postgres URL] [--redis URL] [--batch-size 20]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from workers.stack import ServiceStack

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PATTERNS = ("*_office.pdf", "*_xlsx.pdf")
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
GOAL_SCALING = 1.7
GOAL_OVERHEAD = 1.2
#: Seconds between polls of the batches and between memory samples.
POLL_SECONDS = 0.25


def documents(n: int, out: Path) -> list[tuple[str, bytes]]:
    """N distinct (name, bytes): corpus text-layer PDFs first, then generated disclosures."""
    docs: list[tuple[str, bytes]] = []
    if CORPUS.exists():
        for pattern in PATTERNS:
            for path in sorted(CORPUS.glob(pattern)):
                docs.append((path.name, path.read_bytes()))
    docs = docs[:n]
    from auditor.synth import generate, to_pdf

    seed = 1000
    while len(docs) < n:
        path = to_pdf(generate(seed), out / f"synth{seed}.pdf")
        docs.append((path.name, path.read_bytes()))
        seed += 1
    return docs


def _schema(server_url: str) -> tuple[str, str]:
    """A new PostgreSQL schema on the server: (its name, a URL that uses it)."""
    schema = f"auditor_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def _drop(server_url: str, schema: str) -> None:
    admin = create_engine(server_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


class MemorySampler(threading.Thread):
    """Peak RSS of each dramatiq worker process with its children (fork server, audit child)."""

    def __init__(self, supervisor_pid: int) -> None:
        super().__init__(daemon=True)
        self.supervisor = psutil.Process(supervisor_pid)
        self.peaks: dict[int, int] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                for dramatiq_parent in self.supervisor.children():
                    for worker in dramatiq_parent.children():
                        total = 0
                        for proc in [worker, *worker.children(recursive=True)]:
                            try:
                                total += proc.memory_info().rss
                            except psutil.NoSuchProcess:
                                pass
                        self.peaks[worker.pid] = max(self.peaks.get(worker.pid, 0), total)
            except psutil.NoSuchProcess:
                pass
            time.sleep(POLL_SECONDS)


def run_once(
    docs: list[tuple[str, bytes]], processes: int, postgres: str, redis: str, batch_size: int, logs: Path
) -> dict[str, float]:
    """One run on a fresh schema: docs/minute, latency median and p95, peak MB per worker."""
    schema, url = _schema(postgres)
    stack = ServiceStack(url, redis, logs / f"p{processes}")
    try:
        stack.prepare()
        stack.start_api()
        supervisor = stack.start_worker(processes=processes, threads=1)
        sampler = MemorySampler(supervisor.pid)
        sampler.start()
        time.sleep(3)  # let dramatiq boot before the clock starts
        uploaded: dict[int, float] = {}
        visible: dict[int, float] = {}
        batches: list[int] = []
        started = time.monotonic()
        with stack.client(timeout=300) as client:
            for i in range(0, len(docs), batch_size):
                chunk = docs[i : i + batch_size]
                response = client.post(
                    "/api/batches", files=[("files", (name, data, "application/pdf")) for name, data in chunk]
                )
                response.raise_for_status()
                now = time.monotonic()
                body = response.json()
                batches.append(body["batch_id"])
                for doc in body["documents"]:
                    uploaded.setdefault(doc["id"], now)
            while len(visible) < len(uploaded):
                for batch_id in batches:
                    body = client.get(f"/api/batches/{batch_id}").json()
                    now = time.monotonic()
                    for doc in body["documents"]:
                        if doc["status"] in ("done", "failed") and doc["id"] not in visible:
                            visible[doc["id"]] = now
                if time.monotonic() - started > 3600:
                    raise RuntimeError("the service did not finish within an hour")
                time.sleep(POLL_SECONDS)
            failed = client.get("/api/batches", params={"limit": 500}).json()["items"]
        elapsed = max(visible.values()) - started
        sampler.stopped.set()
        latencies = sorted(visible[d] - uploaded[d] for d in uploaded)
        p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
        peaks = list(sampler.peaks.values()) or [0]
        return {
            "worker_seconds": _worker_seconds(logs / f"p{processes}"),
            "docs": len(uploaded),
            "failed": sum(b["progress"]["failed"] for b in failed),
            "seconds": elapsed,
            "per_minute": len(uploaded) / elapsed * 60,
            "median": statistics.median(latencies),
            "p95": p95,
            "peak_mb": max(peaks) / 2**20,
        }
    finally:
        stack.stop()
        stack.clear_queue()
        _drop(postgres, schema)


def _worker_seconds(log_dir: Path) -> list[float]:
    """Each document's time in the worker, from its `document.done` log line (JSON): the audit in
    its child process plus storing facts and findings — the service's own per-document time,
    without the upload, the queue wait and the polling."""
    seconds: list[float] = []
    for path in sorted(log_dir.glob("worker-*.log")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if '"document.done"' not in line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("event") == "document.done" and "seconds" in record:
                seconds.append(float(record["seconds"]))
    return seconds


def cli_seconds(docs: list[tuple[str, bytes]], sample: int = 10) -> float:
    """Mean in-process `audit_document` time (what `auditor audit` runs) over an even sample of
    the documents (so corpus and generated ones weigh as in the run)."""
    from auditor.pipeline import audit_document

    step = max(1, len(docs) // sample)
    times = []
    for name, data in docs[::step]:
        t = time.perf_counter()
        audit_document(name, data, name)
        times.append(time.perf_counter() - t)
    return statistics.fmean(times)


def _stop_on_term(*_: object) -> None:
    """SIGTERM (kill, `timeout`): leave through the runs' `finally`, which stops the API and the
    workers the run started instead of leaving them serving the queue; a second SIGTERM during that
    clean-up (from `timeout` and its caller both) is ignored so it cannot cut it short."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(128 + signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when it ran (the goals are reported, not enforced)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="distinct documents per run (default 200)")
    parser.add_argument("--processes", default="1,2", help="worker process counts to compare (default 1,2)")
    parser.add_argument("--postgres", default=os.environ.get("AUDITOR_TEST_POSTGRES_URL") or DEFAULT_POSTGRES)
    parser.add_argument("--redis", default=os.environ.get("AUDITOR_TEST_REDIS_URL") or DEFAULT_REDIS)
    parser.add_argument("--batch-size", type=int, default=20, help="files per upload request")
    args = parser.parse_args(argv)
    from auditor.logs import configure_logging

    configure_logging(0)
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(args.n, Path(tmp))
        baseline = cli_seconds(docs)
        everything = cli_seconds(docs, sample=len(docs))
        results = {}
        for processes in (int(p) for p in args.processes.split(",")):
            r = run_once(docs, processes, args.postgres, args.redis, args.batch_size, Path(tmp) / "logs")
            results[processes] = r
            print(
                f"{processes} worker process(es): {r['docs']} docs ({r['failed']} failed) in {r['seconds']:.1f} s "
                f"= {r['per_minute']:.1f} docs/min; upload→anomalies visible median {r['median']:.1f} s, "
                f"p95 {r['p95']:.1f} s; peak memory per worker {r['peak_mb']:.0f} MB"
            )
    counts = sorted(results)
    if len(counts) >= 2:
        low, high = results[counts[0]], results[counts[-1]]
        ratio = high["per_minute"] / low["per_minute"]
        print(f"ratio {counts[-1]}/{counts[0]} processes: {ratio:.2f}x (goal ≥ {GOAL_SCALING}x on 2 cores)")
    one = results.get(1)
    if one:
        per_doc = one["seconds"] / one["docs"]
        print(
            f"per document: service {per_doc:.2f} s (1 process), in-process audit {baseline:.2f} s, "
            f"ratio {per_doc / baseline:.2f} (goal ≤ {GOAL_OVERHEAD})"
        )
        worker = one.get("worker_seconds") or []
        if worker:
            mean = statistics.fmean(worker)
            print(
                f"per document in the worker (child audit + store, {len(worker)} documents): {mean:.2f} s, "
                f"in-process audit of every document {everything:.2f} s, ratio {mean / everything:.2f} "
                f"(goal ≤ {GOAL_OVERHEAD})"
            )
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop_on_term)
    sys.exit(main())
