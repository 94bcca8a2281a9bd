"""The actors: audit one document, keep a batch's books; the alert actors are in `workers.alerts`.

Every step is idempotent, because the queue delivers at least once: the document is its content
hash, findings are matched by fingerprint (`store.fingerprint`), batch progress is derived from
the documents' states, and a message for a document already done or failed does nothing.
Transient errors (database or Redis down) raise and are retried with backoff by dramatiq's
Retries middleware (`workers.broker.is_transient`); a document that fails deterministically is
saved as failed and never retried; a message whose retries run out lands in `dead_letter`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import Any

import dramatiq
import structlog

from auditor.settings import Settings, get_settings
from store import Store
from store.batches import document_batch_ids, fail_document, start_document
from workers.broker import AUDIT_QUEUE, EVENTS_QUEUE, is_transient, setup_broker
from workers.sandbox import audit_in_child

log = structlog.get_logger(__name__)
if get_settings().redis():  # a dramatiq worker process: JSON logs like the API's, from the first line
    from auditor.logs import configure_service_logging

    configure_service_logging(get_settings().log_format, get_settings().log_level)
broker = setup_broker()

_store: Store | None = None
_settings: Settings | None = None
_store_lock = threading.Lock()


def get_store() -> Store:
    """This process's store (opened on first use, after the fork; the schema must be at head)."""
    global _store
    with _store_lock:
        if _store is None:
            from store.db import open_store

            _store = open_store(get_settings().database(), migrate=False)
        return _store


def use_store(store: Store, settings: Settings | None = None) -> None:
    """Make the actors use `store` and `settings` (the embedded server shares its own)."""
    global _store, _settings
    with _store_lock:
        _store = store
        _settings = settings


def worker_identity(settings: Settings) -> str:
    """Who is auditing: "<AUDITOR_WORKER_NAME or host name>/<pid>" (kept on the document)."""
    return f"{settings.worker_name or socket.gethostname()}/{os.getpid()}"[:128]


def current_settings() -> Settings:
    """The settings the actors run with."""
    return _settings or get_settings()


@dramatiq.actor(
    queue_name=AUDIT_QUEUE, on_retry_exhausted="dead_letter", max_retries=get_settings().max_retries
)
def audit_document_task(document_id: int) -> None:
    """Audit one stored document in a limited child process and store its result. Every log line
    of the work — this process's, the store's, the audit child's — has the document and its
    batch bound (structlog contextvars)."""
    with structlog.contextvars.bound_contextvars(document_id=document_id):
        try:
            _audit_document(document_id)
        finally:
            structlog.contextvars.unbind_contextvars("batch_id", "batch_ids")


def _audit_document(document_id: int) -> None:
    settings = current_settings()
    bound = log.bind(document_id=document_id)
    try:
        job = start_document(get_store(), document_id, worker_identity(settings))
        batch_ids = document_batch_ids(get_store(), document_id) if job is not None else []
    except Exception as exc:  # the database is down: Retries sends the message again with backoff
        if is_transient(exc):
            bound.warning("document.transient_error", step="start", error=type(exc).__name__)
        raise
    if batch_ids:  # the latest batch; all of them when the same bytes came in several
        structlog.contextvars.bind_contextvars(batch_id=batch_ids[-1])
        if len(batch_ids) > 1:
            structlog.contextvars.bind_contextvars(batch_ids=batch_ids)
    store = get_store()
    if job is None:
        bound.info("document.skipped", reason="already processed or unknown")
        return
    file_name, data = job
    started = time.perf_counter()
    bound.info("document.started", bytes=len(data))
    try:
        result = audit_in_child(
            file_name,
            data,
            file_name,
            settings.document_time_limit,
            settings.document_memory_limit_mb,
            (settings.log_format, settings.log_level, structlog.contextvars.get_contextvars()),
        )
        reaudit = True  # a later run resolves anomalies it no longer finds
        store.save_result(result, resolve_vanished=reaudit)
    except Exception as exc:
        if is_transient(exc):
            bound.warning("document.transient_error", step="audit", error=type(exc).__name__)
            raise
        bound.exception("document.crashed")
        fail_document(
            store, document_id, f"内部错误 (internal error): {type(exc).__name__}: {str(exc)[:200]}"
        )
    else:
        bound.info(
            "document.done",
            status=result.status,
            error=result.error,
            findings=len(result.findings),
            seconds=round(time.perf_counter() - started, 3),
        )
    try:
        batch_progress.send(document_id)
    except Exception as exc:  # bookkeeping is derived from the store; losing this message loses nothing
        bound.warning("batch.progress_not_sent", error=type(exc).__name__)
    try:
        from workers.alerts import alert_document

        alert_document(document_id, "audit")
    except Exception as exc:  # planning is idempotent: a re-audit or a confirmation plans again
        bound.warning("alerts.not_planned", error=type(exc).__name__)


@dramatiq.actor(queue_name=EVENTS_QUEUE, max_retries=3)
def batch_progress(document_id: int) -> None:
    """Bookkeeping after a document finished: log the progress of each of its batches. Derived
    from the store, so running it twice changes nothing."""
    from sqlalchemy import select

    from store.batches import get_batch
    from store.models import BatchItem

    store = get_store()
    with store.sessions() as session:
        batch_ids = list(
            session.scalars(select(BatchItem.batch_id).where(BatchItem.document_id == document_id).distinct())
        )
    for batch_id in batch_ids:
        view = get_batch(store, batch_id)
        if view is None:
            continue
        bound = log.bind(batch_id=batch_id)
        bound.info("batch.progress", status=view.status, total=view.total, done=view.done, failed=view.failed)


#: Retries of the dead-letter record itself: a message is usually dead because the database is
#: down, so writing that down waits for it longer (backoff capped at AUDITOR_MAX_BACKOFF_MS).
DEAD_LETTER_RETRIES = 20


def _dead_letter_retry_when(retries: int, exc: BaseException) -> bool:
    return is_transient(exc) and retries < max(DEAD_LETTER_RETRIES, current_settings().max_retries)


@dramatiq.actor(queue_name=EVENTS_QUEUE, retry_when=_dead_letter_retry_when)
def dead_letter(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    """A message that kept failing: its document, if still pending, is marked failed and listed
    as dead-lettered (a document another message completed in the meantime is left alone)."""
    args = message.get("args") or []
    if message.get("actor_name") != "audit_document_task" or not args:
        log.error("message.dead", actor=message.get("actor_name"), retries=retry_info.get("retries"))
        return
    document_id = int(args[0])
    reason = f"重试 {retry_info.get('retries')} 次后仍失败（数据库或队列不可用）(dead-lettered after retries)"
    if fail_document(get_store(), document_id, reason, dead_letter=True, only_pending=True):
        log.error("document.dead_lettered", document_id=document_id, retries=retry_info.get("retries"))
    else:
        log.info("document.dead_letter_ignored", document_id=document_id, reason="no longer pending")


# The alert actors (declared on the same broker; they use this module's store and settings).
import workers.alerts  # noqa: E402, F401
