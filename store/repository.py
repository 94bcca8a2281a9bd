"""`Store`: saving audit results and querying documents, facts and findings.

The store takes plain data in (`pipeline.model.DocumentResult`) and hands plain records out
(`store.records`); it knows nothing of HTTP and nothing of how rules work.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from types import TracebackType
from typing import Any, Self, TypeVar, get_args

import structlog
from sqlalchemy import Engine, Select, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from ingest.model import Disclosure
from pipeline.model import DocumentResult
from rules.catalog import fingerprint_id
from rules.findings import Severity
from store.engine import json_dumps, write_engine
from store.fingerprint import fingerprints
from store.models import Document, Fact, Finding, FindingEvent, NotEvaluated
from store.records import (
    DocumentRecord,
    FactRecord,
    FindingEventRecord,
    FindingRecord,
    NotEvaluatedRecord,
)
from store.sequence import bump_change_seq as next_change_seq
from store.types import DECIMAL_SCALE, fits_decimal_column, utcnow
from store.units import match_unit
from store.workflow import INITIAL_STATUS, SYSTEM_ACTOR, WORKFLOW_STATUSES, check_transition, system_move

#: Page size of list queries when the caller gives none.
DEFAULT_LIMIT = 100
#: PostgreSQL advisory lock held while new findings get their ids, so that ids become visible
#: in increasing order and a dashboard polling with `since_id` never skips one.
_FINDING_IDS_LOCK_KEY = 0x66696E64  # "find"
#: Comment of the event written when a re-audit no longer produces a finding.
RETIRED_COMMENT = "no longer produced by a re-audit of the same document"
#: Comment of the event written when a retired finding is produced again.
UNRETIRED_COMMENT = "produced again by a re-audit of the same document"
#: Comment of the event written when a service re-audit no longer finds an anomaly.
RESOLVED_BY_REAUDIT_COMMENT = "resolved by re-audit: no longer found"
#: Comment of the event written when an anomaly resolved by a re-audit is found again.
REOPENED_COMMENT = "reopened: found again by a re-audit"

_log = structlog.get_logger(__name__)
_S = TypeVar("_S", bound=Select[Any])

# Finding content a re-audit refreshes; everything else (id, workflow) is the inspector's.
_FINDING_CONTENT = (
    "severity",
    "outcome",
    "message",
    "expected",
    "actual",
    "difference",
    "tolerance",
    "evidence",
)


class FindingNotFoundError(LookupError):
    """No finding with the requested id."""


class Store:
    """The audit store over one SQLAlchemy engine (schema already at head; see `open_store`)."""

    def __init__(self, engine: Engine) -> None:
        """Wrap `engine`; reads use `sessions`, writes a session that locks early on SQLite."""
        self.engine = engine
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions: sessionmaker[Session] = sessionmaker(
            write_engine(engine), expire_on_commit=False
        )

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        """Use the store as a context manager that closes it."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    # -- saving ----------------------------------------------------------------------------

    def save_result(
        self,
        result: DocumentResult,
        *,
        ruleset_version: str | None = None,
        audited_at: datetime | None = None,
        resolve_vanished: bool = False,
    ) -> int | None:
        """Store one audited document; return its id (None when there was nothing to store).

        A result without `content_hash` (the file could not even be read) stores nothing and
        returns None. Otherwise the document row is keyed by `content_hash`, so saving the same
        bytes again updates that row (source, file name, status, error, metadata when ingest
        produced any, audit time, ruleset version) and is safe to run concurrently:

        - facts and not-evaluated checks are replaced by this result's;
        - findings are matched by fingerprint (`store.fingerprint`): a finding produced again
          keeps its id, workflow status, assignee and comment, and gets the new content;
        - a finding no longer produced is deleted if nobody touched it (still "open", no
          assignee, no comment, no history); otherwise it is kept, marked `retired_at`, and a
          history event (actor "auditor") records it, so an inspector's decision is never lost.
          If a later re-audit produces it again, `retired_at` is cleared with another event;
        - a failed result says nothing about findings: existing findings are left untouched.

        With `resolve_vanished` (the service's re-audit), a finding no longer produced is never
        deleted: it moves to "resolved" with a history event saying the re-audit resolved it.
        Every finding created or changed gets the next `change_seq` (what API pollers follow).
        The document's processing `state` becomes "done" (or "failed") and, when it has no unit
        yet, the recognised unit name is matched against the units' names and aliases.

        `ruleset_version` is recorded as given (the result does not carry one); `audited_at`
        defaults to now. Facts go in with one executemany (SQLite) or COPY (PostgreSQL).
        """
        log = _log.bind(content_hash=result.content_hash, source=result.source)
        if not result.content_hash:
            log.info("document.not_stored", status=result.status, reason="no content hash")
            return None
        started = time.perf_counter()
        now = audited_at or utcnow()
        with self._write_sessions.begin() as session:
            document = _claim_document(session, result, now)
            _update_document(document, result, now, ruleset_version)
            document.state = "done" if result.status == "ok" else "failed"
            if document.unit_id is None and document.unit:
                document.unit_id = match_unit(session, document.unit)
            session.flush()
            document_id = document.id
            facts = _replace_facts(session, document_id, result.disclosure, log)
            _replace_not_evaluated(session, document_id, result)
            counts = (
                _upsert_findings(session, document_id, result, now, resolve_vanished)
                if result.status == "ok"
                else {}
            )
        log.info(
            "document.saved",
            document_id=document_id,
            status=result.status,
            facts=facts,
            not_evaluated=len(result.not_evaluated),
            seconds=round(time.perf_counter() - started, 4),
            **counts,
        )
        return document_id

    # -- documents -------------------------------------------------------------------------

    def get_document(self, document_id: int) -> DocumentRecord | None:
        """The document with this id, or None."""
        with self.sessions() as session:
            document = session.get(Document, document_id)
            return _document_record(document) if document else None

    def find_document_by_hash(self, content_hash: str) -> DocumentRecord | None:
        """The document whose bytes have this sha256 (hex), or None."""
        with self.sessions() as session:
            document = session.scalars(
                select(Document).where(Document.content_hash == content_hash.lower())
            ).one_or_none()
            return _document_record(document) if document else None

    def list_documents(
        self, status: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0
    ) -> list[DocumentRecord]:
        """Documents, most recently stored first, optionally only those with `status`."""
        stmt = select(Document).order_by(Document.id.desc())
        if status is not None:
            stmt = stmt.where(Document.status == status)
        with self.sessions() as session:
            return [_document_record(d) for d in session.scalars(_page(stmt, limit, offset))]

    # -- facts and checks ------------------------------------------------------------------

    def facts(self, document_id: int, table_id: str | None = None) -> list[FactRecord]:
        """A document's facts in printed order (table, row, column), optionally of one table."""
        stmt = select(Fact).where(Fact.document_id == document_id).order_by(Fact.id)
        if table_id is not None:
            stmt = stmt.where(Fact.table_id == table_id)
        with self.sessions() as session:
            return [_fact_record(f) for f in session.scalars(stmt)]

    def not_evaluated(self, document_id: int) -> list[NotEvaluatedRecord]:
        """Checks that could not run on a document, in the order rules reported them."""
        stmt = select(NotEvaluated).where(NotEvaluated.document_id == document_id).order_by(NotEvaluated.id)
        with self.sessions() as session:
            return [_not_evaluated_record(n) for n in session.scalars(stmt)]

    # -- findings --------------------------------------------------------------------------

    def get_finding(self, finding_id: int) -> FindingRecord | None:
        """The finding with this id, or None."""
        with self.sessions() as session:
            finding = session.get(Finding, finding_id)
            return _finding_record(finding) if finding else None

    def list_findings(
        self,
        document_id: int | None = None,
        severity: str | None = None,
        workflow_status: str | None = None,
        since_id: int | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        *,
        include_retired: bool = True,
    ) -> list[FindingRecord]:
        """Findings in increasing id order, filtered by every argument given.

        `since_id` returns only findings with a larger id: a poller passes the largest id it has
        seen. Ids are never reused and become visible in increasing order (see `save_result`),
        so polling misses nothing. Retired findings are included by default (they may still
        need follow-up); their `retired_at` is set.
        """
        stmt = select(Finding).order_by(Finding.id)
        if document_id is not None:
            stmt = stmt.where(Finding.document_id == document_id)
        if severity is not None:
            stmt = stmt.where(Finding.severity == severity)
        if workflow_status is not None:
            stmt = stmt.where(Finding.workflow_status == workflow_status)
        if since_id is not None:
            stmt = stmt.where(Finding.id > since_id)
        if not include_retired:
            stmt = stmt.where(Finding.retired_at.is_(None))
        with self.sessions() as session:
            return [_finding_record(f) for f in session.scalars(_page(stmt, limit, offset))]

    def counts_by_severity(
        self, document_id: int | None = None, *, include_retired: bool = False
    ) -> dict[str, int]:
        """Number of findings per severity (every known severity present, zero if none).

        Retired findings are left out by default: the counts say what the documents show now.
        """
        stmt = select(Finding.severity, func.count()).group_by(Finding.severity)
        if document_id is not None:
            stmt = stmt.where(Finding.document_id == document_id)
        if not include_retired:
            stmt = stmt.where(Finding.retired_at.is_(None))
        counts = dict.fromkeys(get_args(Severity), 0)
        with self.sessions() as session:
            for severity, count in session.execute(stmt):
                counts[severity] = count
        return counts

    def finding_events(self, finding_id: int) -> list[FindingEventRecord]:
        """A finding's history, oldest first."""
        stmt = select(FindingEvent).where(FindingEvent.finding_id == finding_id).order_by(FindingEvent.id)
        with self.sessions() as session:
            return [_event_record(e) for e in session.scalars(stmt)]

    def transition(
        self, finding_id: int, to_status: str, actor: str, comment: str | None = None
    ) -> FindingRecord:
        """Move a finding to `to_status` on behalf of `actor`, recording a `FindingEvent`.

        Raises ValueError for an unknown status, an empty actor or a move `store.workflow`
        does not allow, and FindingNotFoundError for an unknown id. A comment, when given,
        also becomes the finding's current comment.
        """
        if to_status not in WORKFLOW_STATUSES:
            raise ValueError(
                f"unknown workflow status {to_status!r}; expected one of {', '.join(WORKFLOW_STATUSES)}"
            )
        if not actor.strip():
            raise ValueError("a workflow transition needs an actor")
        now = utcnow()
        with self._write_sessions.begin() as session:
            finding = _lock_finding(session, finding_id)
            from_status = finding.workflow_status
            check_transition(from_status, to_status)
            finding.workflow_status = to_status
            if comment is not None:
                finding.comment = comment
            finding.updated_at = now
            finding.change_seq = next_change_seq(session)
            session.add(
                FindingEvent(
                    finding_id=finding.id,
                    from_status=from_status,
                    to_status=to_status,
                    actor=actor,
                    comment=comment,
                    at=now,
                )
            )
            record = _finding_record(finding)
        _log.info(
            "finding.transition",
            finding_id=finding_id,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
        )
        return record

    def assign(self, finding_id: int, assignee: str | None, actor: str) -> FindingRecord:
        """Set (or clear, with None) who follows a finding up, recording it in its history."""
        if not actor.strip():
            raise ValueError("an assignment needs an actor")
        now = utcnow()
        with self._write_sessions.begin() as session:
            finding = _lock_finding(session, finding_id)
            finding.assignee = assignee
            finding.updated_at = now
            finding.change_seq = next_change_seq(session)
            session.add(
                FindingEvent(
                    finding_id=finding.id,
                    from_status=finding.workflow_status,
                    to_status=finding.workflow_status,
                    actor=actor,
                    comment=f"assignee: {assignee}" if assignee else "assignee cleared",
                    at=now,
                )
            )
            record = _finding_record(finding)
        _log.info("finding.assigned", finding_id=finding_id, assignee=assignee, actor=actor)
        return record


# -- saving, step by step ----------------------------------------------------------------------


def _claim_document(session: Session, result: DocumentResult, now: datetime) -> Document:
    """The document row for `result.content_hash`, inserted if new, locked for this transaction."""
    assert result.content_hash
    content_hash = result.content_hash.lower()
    dialect = session.get_bind().dialect.name
    values: dict[str, Any] = {
        "content_hash": content_hash,
        "source": result.source,
        "tables": [],
        "quality": {},
        "status": result.status,
        "created_at": now,
        "audited_at": now,
    }
    if dialect == "postgresql":
        session.execute(
            postgresql_insert(Document)
            .values(values)
            .on_conflict_do_nothing(index_elements=[Document.content_hash])
        )
    elif dialect == "sqlite":
        session.execute(
            sqlite_insert(Document)
            .values(values)
            .on_conflict_do_nothing(index_elements=[Document.content_hash])
        )
    elif session.scalar(select(Document.id).where(Document.content_hash == content_hash)) is None:
        session.execute(insert(Document).values(values))
    return session.scalars(
        select(Document).where(Document.content_hash == content_hash).with_for_update()
    ).one()


def _update_document(
    document: Document, result: DocumentResult, now: datetime, ruleset_version: str | None
) -> None:
    """Copy this audit's outcome and (when ingest produced one) the disclosure's metadata."""
    document.source = result.source
    if result.file_name is not None:
        document.file_name = result.file_name
    document.status = result.status
    document.error = result.error
    document.audited_at = now
    document.ruleset_version = ruleset_version
    disclosure = result.disclosure
    if disclosure is not None:
        document.unit = disclosure.unit
        document.year = disclosure.year
        document.kind = disclosure.kind
        document.level = disclosure.level
        document.pages = disclosure.pages
        document.tables = sorted(disclosure.tables)
        document.quality = dict(disclosure.quality)


def _fact_rows(
    document_id: int, disclosure: Disclosure, log: structlog.typing.FilteringBoundLogger
) -> Iterator[dict[str, Any]]:
    """One insert row per printed cell of every table."""
    for table_key, table in disclosure.tables.items():
        for row in table.rows:
            for column, cell in row.cells.items():
                amount = cell.amount
                value = amount.value if amount is not None else None
                if value is not None and not fits_decimal_column(value):
                    # Garbled extraction; the printed text is kept, the number is not storable.
                    log.warning(
                        "fact.value_out_of_range",
                        table=cell.table or table.id,
                        row=cell.row,
                        column=cell.column,
                        text=cell.text,
                    )
                    value = None
                bbox = cell.loc.bbox
                yield {
                    "document_id": document_id,
                    "table_id": cell.table or table.id or table_key,
                    "row_key": cell.row or row.key,
                    "column": cell.column or column,
                    "text": cell.text,
                    "value": value,
                    "decimals": amount.decimals if amount is not None else None,
                    "unit": amount.unit if amount is not None else None,
                    "page": cell.loc.page,
                    "bbox": list(bbox) if bbox is not None else None,
                    "line": cell.loc.line,
                    "uncertain": cell.uncertain,
                }


def _replace_facts(
    session: Session,
    document_id: int,
    disclosure: Disclosure | None,
    log: structlog.typing.FilteringBoundLogger,
) -> int:
    """Delete a document's facts and bulk-insert this result's; return how many."""
    session.execute(delete(Fact).where(Fact.document_id == document_id))
    if disclosure is None:
        return 0
    rows = list(_fact_rows(document_id, disclosure, log))
    if not rows:
        return 0
    connection = session.connection()
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        _copy_facts(connection, rows)
    else:
        # Core executemany: one round trip per batch, no ORM identity bookkeeping.
        connection.execute(insert(Fact.__table__), rows)
    return len(rows)


#: Columns `_copy_facts` fills, in COPY order.
_FACT_COPY_COLUMNS: tuple[str, ...] = (
    "document_id",
    "table_id",
    "row_key",
    "column",
    "text",
    "value",
    "decimals",
    "unit",
    "page",
    "bbox",
    "line",
    "uncertain",
)


def _copy_facts(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Stream fact rows into PostgreSQL with COPY, inside the session's transaction.

    Several times faster than executemany for thousands of cells. COPY bypasses SQLAlchemy's
    types, so what `ExactDecimal` and the JSON type would do is done here: values are already
    checked to fit (`_fact_rows`) and PostgreSQL rounds them to the column's scale.
    """
    from psycopg.types.json import Jsonb

    table = connection.dialect.identifier_preparer.format_table(Fact.__table__)
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(c) for c in _FACT_COPY_COLUMNS)
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None
    with driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                bbox = row["bbox"]
                copy.write_row(
                    [
                        Jsonb(bbox) if (c == "bbox" and bbox is not None) else row[c]
                        for c in _FACT_COPY_COLUMNS
                    ]
                )


def _replace_not_evaluated(session: Session, document_id: int, result: DocumentResult) -> None:
    """Delete a document's not-evaluated checks and insert this result's."""
    session.execute(delete(NotEvaluated).where(NotEvaluated.document_id == document_id))
    rows = [
        {"document_id": document_id, "rule_id": n.rule_id, "table_id": n.table, "reason": n.reason}
        for n in result.not_evaluated
    ]
    if rows:
        session.connection().execute(insert(NotEvaluated.__table__), rows)


def _upsert_findings(
    session: Session, document_id: int, result: DocumentResult, now: datetime, resolve_vanished: bool = False
) -> dict[str, int]:
    """Match this result's findings to the stored ones by fingerprint (see `save_result`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _FINDING_IDS_LOCK_KEY})
    stored = {
        f.fingerprint: f for f in session.scalars(select(Finding).where(Finding.document_id == document_id))
    }
    counts = {"findings_new": 0, "findings_updated": 0, "findings_deleted": 0, "findings_retired": 0}
    seq = next_change_seq(session)
    produced = result.findings
    # by the rule's first id: a renamed rule's findings keep their identity and history
    prints = fingerprints([(fingerprint_id(f.rule_id), f.evidence) for f in produced])
    for fingerprint, finding in zip(prints, produced, strict=True):
        content = {
            "severity": finding.severity,
            "outcome": finding.outcome,
            "message": finding.message,
            "expected": finding.expected,
            "actual": finding.actual,
            "difference": finding.difference,
            "tolerance": finding.tolerance,
            # As the JSON column will hand it back, so unchanged evidence compares equal.
            "evidence": json.loads(json_dumps([dict(e) for e in finding.evidence])),
        }
        existing = stored.pop(fingerprint, None)
        if existing is None:
            session.add(
                Finding(
                    document_id=document_id,
                    rule_id=finding.rule_id,
                    fingerprint=fingerprint,
                    workflow_status=INITIAL_STATUS,
                    created_at=now,
                    updated_at=now,
                    change_seq=seq,
                    **content,
                )
            )
            counts["findings_new"] += 1
            continue
        changed = existing.rule_id != finding.rule_id  # the rule was renamed (an alias)
        existing.rule_id = finding.rule_id
        for name in _FINDING_CONTENT:
            if getattr(existing, name) != content[name]:
                setattr(existing, name, content[name])
                changed = True
        if existing.retired_at is not None:
            existing.retired_at = None
            _add_system_event(session, existing, UNRETIRED_COMMENT, now)
            if existing.workflow_status == "resolved" and _resolved_by_reaudit(session, existing.id):
                system_move(session, existing, INITIAL_STATUS, REOPENED_COMMENT, now)
            changed = True
        if changed:
            existing.updated_at = now
            existing.change_seq = seq
            counts["findings_updated"] += 1
    if stored:
        touched = set(
            session.scalars(
                select(FindingEvent.finding_id)
                .where(FindingEvent.finding_id.in_([f.id for f in stored.values()]))
                .distinct()
            )
        )
        for finding_row in stored.values():
            untouched = (
                finding_row.workflow_status == INITIAL_STATUS
                and finding_row.assignee is None
                and finding_row.comment is None
                and finding_row.id not in touched
            )
            if resolve_vanished and finding_row.retired_at is None:
                finding_row.retired_at = now
                finding_row.updated_at = now
                finding_row.change_seq = seq
                if finding_row.workflow_status == "resolved":
                    _add_system_event(session, finding_row, RETIRED_COMMENT, now)
                else:
                    system_move(session, finding_row, "resolved", RESOLVED_BY_REAUDIT_COMMENT, now)
                counts["findings_retired"] += 1
            elif resolve_vanished:
                continue
            elif untouched:
                session.delete(finding_row)
                counts["findings_deleted"] += 1
            elif finding_row.retired_at is None:
                finding_row.retired_at = now
                finding_row.updated_at = now
                finding_row.change_seq = seq
                _add_system_event(session, finding_row, RETIRED_COMMENT, now)
                counts["findings_retired"] += 1
    session.flush()
    return counts


def _resolved_by_reaudit(session: Session, finding_id: int) -> bool:
    """Whether the finding's last status change was the store resolving it on a re-audit."""
    last = session.scalars(
        select(FindingEvent)
        .where(FindingEvent.finding_id == finding_id, FindingEvent.from_status != FindingEvent.to_status)
        .order_by(FindingEvent.id.desc())
        .limit(1)
    ).first()
    return last is not None and last.comment == RESOLVED_BY_REAUDIT_COMMENT


def _add_system_event(session: Session, finding: Finding, comment: str, now: datetime) -> None:
    """History entry for something the store did to a finding on its own."""
    session.add(
        FindingEvent(
            finding_id=finding.id,
            from_status=finding.workflow_status,
            to_status=finding.workflow_status,
            actor=SYSTEM_ACTOR,
            comment=comment,
            at=now,
        )
    )


def _lock_finding(session: Session, finding_id: int) -> Finding:
    """The finding row, locked for this transaction, or FindingNotFoundError."""
    finding = session.get(Finding, finding_id, with_for_update=True)
    if finding is None:
        raise FindingNotFoundError(f"no finding with id {finding_id}")
    return finding


def _page(stmt: _S, limit: int, offset: int) -> _S:
    """Apply LIMIT/OFFSET after checking them."""
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    return stmt.limit(limit).offset(offset)


# -- records -------------------------------------------------------------------------------


def _document_record(document: Document) -> DocumentRecord:
    """Detached, immutable copy of a document row."""
    return DocumentRecord(
        id=document.id,
        content_hash=document.content_hash,
        file_name=document.file_name,
        source=document.source,
        unit=document.unit,
        year=document.year,
        kind=document.kind,
        level=document.level,
        pages=document.pages,
        tables=list(document.tables),
        quality=dict(document.quality),
        status=document.status,
        error=document.error,
        created_at=document.created_at,
        audited_at=document.audited_at,
        ruleset_version=document.ruleset_version,
    )


def _printed(value: Decimal | None, decimals: int | None) -> Decimal | None:
    """The stored value with exactly its printed decimals again ("1049.220000" → "1049.22")."""
    if value is None or decimals is None or not 0 <= decimals <= DECIMAL_SCALE:
        return value
    return value.quantize(Decimal(1).scaleb(-decimals))


def _fact_record(fact: Fact) -> FactRecord:
    """Detached, immutable copy of a fact row."""
    bbox = fact.bbox
    return FactRecord(
        id=fact.id,
        document_id=fact.document_id,
        table_id=fact.table_id,
        row_key=fact.row_key,
        column=fact.column,
        text=fact.text,
        value=_printed(fact.value, fact.decimals),
        decimals=fact.decimals,
        unit=fact.unit,
        page=fact.page,
        bbox=(bbox[0], bbox[1], bbox[2], bbox[3]) if bbox else None,
        line=fact.line,
        uncertain=fact.uncertain,
    )


def _finding_record(finding: Finding) -> FindingRecord:
    """Detached, immutable copy of a finding row."""
    return FindingRecord(
        id=finding.id,
        document_id=finding.document_id,
        rule_id=finding.rule_id,
        severity=finding.severity,
        outcome=finding.outcome,
        message=finding.message,
        expected=finding.expected,
        actual=finding.actual,
        difference=finding.difference,
        tolerance=finding.tolerance,
        evidence=[dict(e) for e in finding.evidence],
        fingerprint=finding.fingerprint,
        workflow_status=finding.workflow_status,
        assignee=finding.assignee,
        comment=finding.comment,
        created_at=finding.created_at,
        updated_at=finding.updated_at,
        retired_at=finding.retired_at,
    )


def _event_record(event: FindingEvent) -> FindingEventRecord:
    """Detached, immutable copy of a history row."""
    return FindingEventRecord(
        id=event.id,
        finding_id=event.finding_id,
        from_status=event.from_status,
        to_status=event.to_status,
        actor=event.actor,
        comment=event.comment,
        at=event.at,
    )


def _not_evaluated_record(row: NotEvaluated) -> NotEvaluatedRecord:
    """Detached, immutable copy of a not-evaluated row."""
    return NotEvaluatedRecord(
        id=row.id,
        document_id=row.document_id,
        rule_id=row.rule_id,
        table_id=row.table_id,
        reason=row.reason,
    )


__all__ = ["FindingNotFoundError", "Store"]
