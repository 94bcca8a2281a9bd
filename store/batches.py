"""Batches of uploaded files and the processing state of their documents.

A document is its bytes: uploading the same bytes again (in any batch) is the same document and
is not queued again unless a re-audit is asked for. A batch's progress and status are derived
from its items' documents every time they are read; nothing is counted up or down, so a
message processed twice cannot make a batch count a document twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from store.models import Batch, BatchItem, Document, DocumentFile, Unit
from store.types import utcnow

if TYPE_CHECKING:
    from store.repository import Store

#: Batch statuses, as the API shows them.
BATCH_STATUSES = ("queued", "running", "done", "failed")


@dataclass(frozen=True)
class Upload:
    """One file of an upload: its bytes and sniffed type, or why it was refused."""

    filename: str
    data: bytes | None = None
    media_type: str | None = None  # "pdf" | "text"
    error: str | None = None


@dataclass(frozen=True)
class ItemView:
    """One file of a batch as the API shows it."""

    id: int | None  # the document id (None for a refused file)
    filename: str
    status: str  # queued | running | done | failed
    error: str | None
    queue: bool = False  # whether the caller must send it to the queue


@dataclass(frozen=True)
class BatchView:
    """A batch with its derived progress and status."""

    id: int
    unit: str | None
    created_by: str
    created_at: datetime
    status: str
    total: int
    done: int
    failed: int
    documents: list[ItemView] = field(default_factory=list)

    def to_json(self, with_documents: bool = True) -> dict[str, Any]:
        """The API's JSON for a batch."""
        data: dict[str, Any] = {
            "id": self.id,
            "batch_id": self.id,
            "unit": self.unit,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
            "status": self.status,
            "progress": {"total": self.total, "done": self.done, "failed": self.failed},
        }
        if with_documents:
            data["documents"] = [
                {"id": d.id, "filename": d.filename, "status": d.status, "error": d.error}
                for d in self.documents
            ]
        return data


def batch_status(states: Sequence[str]) -> str:
    """queued (nothing started), running, done (all finished, some done) or failed (all failed)."""
    if not states:
        return "done"
    if all(s == "failed" for s in states):
        return "failed"
    if all(s in ("done", "failed") for s in states):
        return "done"
    if all(s == "queued" for s in states):
        return "queued"
    return "running"


def _claim(session: Session, upload: Upload, unit_id: int | None, now: datetime) -> tuple[int, bool]:
    """(document id, created) for the upload's bytes: inserted as queued if new."""
    assert upload.data is not None
    digest = hashlib.sha256(upload.data).hexdigest()
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    values: dict[str, Any] = {
        "content_hash": digest,
        "source": upload.filename,
        "file_name": upload.filename,
        "tables": [],
        "quality": {},
        "status": "failed",  # no audit yet; `state` says it is queued
        "state": "queued",
        "created_at": now,
        "audited_at": now,
        "unit_id": unit_id,
        "size": len(upload.data),
    }
    created = session.execute(
        insert(Document)
        .values(values)
        .on_conflict_do_nothing(index_elements=[Document.content_hash])
        .returning(Document.id)
    ).scalar_one_or_none()
    if created is not None:
        session.add(
            DocumentFile(
                document_id=created, data=upload.data, media_type=upload.media_type or "pdf", created_at=now
            )
        )
        return int(created), True
    document = session.scalars(select(Document).where(Document.content_hash == digest)).one()
    if session.get(DocumentFile, document.id) is None:  # audited by the CLI before: keep the bytes now
        session.add(
            DocumentFile(
                document_id=document.id,
                data=upload.data,
                media_type=upload.media_type or "pdf",
                created_at=now,
            )
        )
        document.size = len(upload.data)
    if document.unit_id is None and unit_id is not None:
        document.unit_id = unit_id
    return document.id, False


def create_batch(
    store: Store,
    uploads: Sequence[Upload],
    created_by: str,
    unit_id: int | None = None,
    reaudit: bool = False,
) -> BatchView:
    """Record a batch and its files in one transaction; documents to audit are marked queued.

    The returned items say which documents the caller must send to the queue (`queue`): new
    bytes, bytes never audited by the service, and — with `reaudit` — every document.
    """
    now = utcnow()
    queue_ids: set[int] = set()
    with store._write_sessions.begin() as session:
        batch = Batch(unit_id=unit_id, created_by=created_by, created_at=now)
        session.add(batch)
        session.flush()
        seen: set[int] = set()
        for position, upload in enumerate(uploads):
            document_id: int | None = None
            if upload.error is None and upload.data is not None:
                document_id, created = _claim(session, upload, unit_id, now)
                if document_id not in seen:
                    seen.add(document_id)
                    document = session.get(Document, document_id)
                    assert document is not None
                    if created or (reaudit and document.state in ("done", "failed")):
                        document.state = "queued"
                        document.dead_lettered_at = None
                        document.audited_at = now
                        queue_ids.add(document_id)
                    elif document.state == "queued":
                        queue_ids.add(document_id)  # a message may have been lost: sending twice is harmless
            session.add(
                BatchItem(
                    batch_id=batch.id,
                    position=position,
                    filename=upload.filename,
                    document_id=document_id,
                    error=upload.error,
                )
            )
        batch_id = batch.id
    view = get_batch(store, batch_id)
    assert view is not None
    items = [ItemView(d.id, d.filename, d.status, d.error, queue=d.id in queue_ids) for d in view.documents]
    # each document is queued once even when the batch names it twice
    sent: set[int] = set()
    unique = []
    for item in items:
        if item.queue and item.id in sent:
            item = ItemView(item.id, item.filename, item.status, item.error, queue=False)
        if item.queue and item.id is not None:
            sent.add(item.id)
        unique.append(item)
    return BatchView(**{**view.__dict__, "documents": unique})


def _view(session: Session, batch: Batch) -> BatchView:
    rows = session.execute(
        select(BatchItem, Document.state, Document.error)
        .outerjoin(Document, Document.id == BatchItem.document_id)
        .where(BatchItem.batch_id == batch.id)
        .order_by(BatchItem.position)
    ).all()
    items = []
    for item, state, doc_error in rows:
        if item.document_id is None:
            items.append(ItemView(None, item.filename, "failed", item.error))
        else:
            items.append(
                ItemView(item.document_id, item.filename, state, doc_error if state == "failed" else None)
            )
    states = [i.status for i in items]
    unit = session.get(Unit, batch.unit_id) if batch.unit_id is not None else None
    return BatchView(
        id=batch.id,
        unit=unit.name if unit else None,
        created_by=batch.created_by,
        created_at=batch.created_at,
        status=batch_status(states),
        total=len(items),
        done=sum(1 for s in states if s == "done"),
        failed=sum(1 for s in states if s == "failed"),
        documents=items,
    )


def get_batch(store: Store, batch_id: int, unit_id: int | None = None) -> BatchView | None:
    """A batch with its documents (None when absent, or not of `unit_id` when a scope is given)."""
    with store.sessions() as session:
        batch = session.get(Batch, batch_id)
        if batch is None or (unit_id is not None and batch.unit_id != unit_id):
            return None
        return _view(session, batch)


def list_batches(
    store: Store, unit_id: int | None = None, limit: int = 50, before: int | None = None
) -> list[BatchView]:
    """Batches, newest first (`before`: only ids below it, for paging), with derived progress."""
    stmt = select(Batch).order_by(Batch.id.desc()).limit(limit)
    if unit_id is not None:
        stmt = stmt.where(Batch.unit_id == unit_id)
    if before is not None:
        stmt = stmt.where(Batch.id < before)
    with store.sessions() as session:
        return [_view(session, b) for b in session.scalars(stmt)]


# -- the processing state of one document ------------------------------------------------------


def start_document(store: Store, document_id: int, worker: str | None = None) -> tuple[str, bytes] | None:
    """Mark a queued (or interrupted running) document running, by `worker` (recorded); its
    (file name, bytes).

    None when there is nothing to do: the document is unknown, has no stored bytes, or is
    already done or failed (a message delivered again after the work was committed).
    """
    with store._write_sessions.begin() as session:
        document = session.get(Document, document_id, with_for_update=True)
        if document is None or document.state in ("done", "failed"):
            return None
        file = session.get(DocumentFile, document_id)
        if file is None:
            return None
        document.state = "running"
        document.attempts = (document.attempts or 0) + 1
        document.worker = worker
        document.audited_at = utcnow()  # while pending, audited_at is when the state last changed
        return document.file_name or document.source, bytes(file.data)


def document_batch_ids(store: Store, document_id: int) -> list[int]:
    """Ids of the batches a document came in, oldest first."""
    with store.sessions() as session:
        return list(
            session.scalars(
                select(BatchItem.batch_id)
                .where(BatchItem.document_id == document_id)
                .distinct()
                .order_by(BatchItem.batch_id)
            )
        )


def fail_document(
    store: Store, document_id: int, error: str, dead_letter: bool = False, only_pending: bool = False
) -> bool:
    """Mark a document failed with a one-line reason (its findings are left as they are); whether
    it was changed. With `only_pending` only a document still queued or running is failed: a
    dead-letter notice that arrives after another message completed the document changes nothing."""
    values: dict[str, Any] = {"state": "failed", "status": "failed", "error": error, "audited_at": utcnow()}
    if dead_letter:
        values["dead_lettered_at"] = utcnow()
    stmt = update(Document).where(Document.id == document_id)
    if only_pending:
        stmt = stmt.where(Document.state.in_(("queued", "running")))
    with store._write_sessions.begin() as session:
        return bool(session.execute(stmt.values(**values)).rowcount)


def request_reaudit(store: Store, document_id: int) -> bool:
    """Queue a document again (False when it has no stored bytes or is unknown)."""
    with store._write_sessions.begin() as session:
        document = session.get(Document, document_id, with_for_update=True)
        if document is None or session.get(DocumentFile, document_id) is None:
            return False
        document.state = "queued"
        document.dead_lettered_at = None
        document.audited_at = utcnow()
        return True


def document_file(store: Store, document_id: int) -> tuple[str, str, bytes] | None:
    """(file name, media type, bytes) of a document's upload, or None."""
    with store.sessions() as session:
        document = session.get(Document, document_id)
        file = session.get(DocumentFile, document_id)
        if document is None or file is None:
            return None
        return document.file_name or document.source, file.media_type, bytes(file.data)


def document_service_info(store: Store, document_id: int) -> dict[str, Any] | None:
    """The service's view of a document: state, unit, attempts, batches, dead-letter time."""
    with store.sessions() as session:
        document = session.get(Document, document_id)
        if document is None:
            return None
        unit = session.get(Unit, document.unit_id) if document.unit_id is not None else None
        batches = list(
            session.scalars(
                select(BatchItem.batch_id)
                .where(BatchItem.document_id == document_id)
                .distinct()
                .order_by(BatchItem.batch_id)
            )
        )
        return {
            "state": document.state,
            "unit_id": document.unit_id,
            "unit_name": unit.name if unit else None,
            "attempts": document.attempts,
            "worker": document.worker,
            "size": document.size,
            "batches": batches,
            "dead_lettered_at": document.dead_lettered_at.isoformat() if document.dead_lettered_at else None,
        }


def dead_letters(store: Store, unit_id: int | None = None) -> list[dict[str, Any]]:
    """Documents the queue gave up on after repeated transient errors, newest first."""
    stmt = (
        select(Document)
        .where(Document.dead_lettered_at.is_not(None))
        .order_by(Document.dead_lettered_at.desc())
    )
    if unit_id is not None:
        stmt = stmt.where(Document.unit_id == unit_id)
    with store.sessions() as session:
        return [
            {
                "id": d.id,
                "filename": d.file_name,
                "error": d.error,
                "attempts": d.attempts,
                "dead_lettered_at": d.dead_lettered_at.isoformat() if d.dead_lettered_at else None,
            }
            for d in session.scalars(stmt)
        ]


def queued_documents(store: Store, limit: int = 1000) -> list[int]:
    """Ids of documents still queued or running (to send again after a lost message)."""
    with store.sessions() as session:
        return list(
            session.scalars(
                select(Document.id)
                .where(Document.state.in_(("queued", "running")))
                .order_by(Document.id)
                .limit(limit)
            )
        )


def pending_documents(store: Store, changed_before: datetime, limit: int = 10_000) -> list[int]:
    """Ids of documents queued or running whose state last changed before `changed_before`."""
    with store.sessions() as session:
        return list(
            session.scalars(
                select(Document.id)
                .where(Document.state.in_(("queued", "running")), Document.audited_at < changed_before)
                .order_by(Document.id)
                .limit(limit)
            )
        )


def count_by_state(store: Store) -> dict[str, int]:
    """Documents per processing state."""
    with store.sessions() as session:
        return {
            s: n for s, n in session.execute(select(Document.state, func.count()).group_by(Document.state))
        }
