"""Recovery of lost queue messages: documents queued or running with no message left anywhere.

A Redis restarted without persistence, or an API that committed a batch but could not reach
Redis, leaves documents marked queued (or running) with no message to drive them. The sweeper
compares the documents the store says are pending with the audit messages Redis holds (queued,
delayed and in flight: dramatiq keeps a message in `<ns>:<queue>.msgs` until it is acked) and
sends a new message for each one that has none. Sending twice is harmless — the actor skips a
document already done — so several API instances may sweep at once.
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import structlog
from dramatiq.broker import Broker

from store import Store
from store.batches import pending_documents
from store.types import utcnow
from workers.broker import AUDIT_QUEUE

log = structlog.get_logger(__name__)

#: Seconds a pending document is left alone before it counts as lost (covers commit → send).
GRACE_SECONDS = 30.0
#: Seconds between sweeps.
INTERVAL_SECONDS = 30.0


def documents_with_messages(broker: Broker) -> set[int] | None:
    """Document ids of the audit messages Redis holds (None when the broker keeps no such record)."""
    client = getattr(broker, "client", None)
    namespace = getattr(broker, "namespace", None)
    if client is None or namespace is None:
        return None
    held: set[int] = set()
    for key in (f"{namespace}:{AUDIT_QUEUE}.msgs", f"{namespace}:{AUDIT_QUEUE}.DQ.msgs"):
        for raw in client.hvals(key):
            try:
                message = json.loads(raw)
                held.add(int(message["args"][0]))
            except (ValueError, KeyError, IndexError, TypeError):
                continue
    return held


def requeue_lost(store: Store, broker: Broker, grace_seconds: float = GRACE_SECONDS) -> list[int]:
    """Send a new audit message for every pending document with none in Redis; their ids."""
    from workers.tasks import audit_document_task

    pending = pending_documents(store, utcnow() - timedelta(seconds=grace_seconds))
    if not pending:
        return []
    held = documents_with_messages(broker)
    lost = [d for d in pending if held is None or d not in held]
    for document_id in lost:
        audit_document_task.send(document_id)
    if lost:
        log.warning("queue.requeued_lost", documents=len(lost), first=lost[0])
    return lost


class Sweeper(threading.Thread):
    """Runs `requeue_lost` every `interval` seconds until stopped (a broker outage is logged, not fatal)."""

    def __init__(
        self, store: Store, broker: Broker, interval: float = INTERVAL_SECONDS, grace: float = GRACE_SECONDS
    ) -> None:
        """Sweep `store` against `broker`."""
        super().__init__(name="auditor-sweeper", daemon=True)
        self.store, self.broker, self.interval, self.grace = store, broker, interval, grace
        self.stopped = threading.Event()

    def run(self) -> None:
        """Sweep until `stop()`."""
        while not self.stopped.wait(self.interval):
            try:
                requeue_lost(self.store, self.broker, self.grace)
            except Exception as exc:
                log.warning("queue.sweep_failed", error=type(exc).__name__)

    def stop(self) -> None:
        """End the loop."""
        self.stopped.set()
