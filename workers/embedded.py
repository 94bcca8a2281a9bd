"""The embedded default: the same actors, run by an in-process dramatiq Worker on the StubBroker."""

from __future__ import annotations

import structlog
from dramatiq import Worker

log = structlog.get_logger(__name__)


def start_embedded_worker(threads: int = 1) -> Worker:
    """Start an in-process worker consuming every queue of the (stub) broker; call `.stop()` to end it."""
    from workers.tasks import broker

    worker = Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    log.info("worker.embedded_started", threads=threads)
    return worker
