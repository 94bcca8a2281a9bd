"""One document's audit in a child process, stopped at a time limit and a memory limit.

A document that makes pdfminer crawl or builds a page of 100,000 objects must not take the
worker down with it: the audit (`pipeline.audit_document`, the function the CLI calls) runs in
a child forked from a single-threaded fork server that has the pipeline imported already, under
RLIMIT_AS; the parent waits at most the time limit, then kills it. Either way the outcome is a
`DocumentResult` — failed with the reason when the limit was hit — and the worker goes on.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from multiprocessing.connection import Connection
from typing import Any

import structlog

from pipeline import DocumentResult, audit_document, content_hash

log = structlog.get_logger(__name__)

#: Modules the fork server imports once, so each child starts with the pipeline loaded.
PRELOAD = ["pipeline", "rules", "ingest.reader", "ingest.pdf"]
_context: multiprocessing.context.BaseContext | None = None


def _ctx() -> multiprocessing.context.BaseContext:
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        _context = ctx
    return _context


def _vms() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * resource.getpagesize()


def _child(
    conn: Connection,
    source: str,
    data: bytes,
    file_name: str,
    memory_limit: int,
    log_setup: tuple[str, str, dict[str, Any]] | None = None,
) -> None:
    """Run the audit under RLIMIT_AS and send the result back.

    `log_setup` is the worker's (format, level, bound context): the child, forked from a fork
    server that never saw the worker's configuration, logs the same way, with the same
    document and batch bound, and each finding's rule at debug.
    """
    if log_setup is not None:
        from auditor.logs import configure_service_logging

        log_format, log_level, context = log_setup
        configure_service_logging(log_format, log_level)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(**context)
    try:
        limit = _vms() + memory_limit
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    too_big = f"超过单文档内存限制 {memory_limit // 2**20} MB (memory limit exceeded)"
    try:
        result = audit_document(source, data, file_name)
    except MemoryError:
        result = _failed(source, data, file_name, too_big)
    if result.status == "failed" and result.error and "MemoryError" in result.error:
        result.error = too_big  # the pipeline caught it as a reader or rules crash
    for finding in result.findings:
        log.debug("finding", rule_id=finding.rule_id, severity=finding.severity)
    for check in result.not_evaluated:
        log.debug("check.not_evaluated", rule_id=check.rule_id)
    try:
        conn.send(result)
    except MemoryError:
        conn.send(_failed(source, data, file_name, too_big))
    finally:
        conn.close()


def audit_in_child(
    source: str,
    data: bytes,
    file_name: str,
    time_limit: float,
    memory_limit_mb: int,
    log_setup: tuple[str, str, dict[str, Any]] | None = None,
) -> DocumentResult:
    """`audit_document` in a child process; a failed result when it exceeds a limit or dies.
    `log_setup`: (format, level, context to bind) for the child's log lines (see `_child`)."""
    ctx = _ctx()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child, args=(send, source, data, file_name, memory_limit_mb * 2**20, log_setup), daemon=True
    )
    started = time.monotonic()
    process.start()
    send.close()
    try:
        if receive.poll(time_limit):
            try:
                return receive.recv()
            except EOFError:
                pass  # died before sending: see the exit code below
        else:
            process.kill()
            process.join(5)
            log.warning("document.time_limit", source=source, seconds=time_limit)
            return _failed(source, data, file_name, f"超过单文档时限 {time_limit:g} 秒 (time limit exceeded)")
    finally:
        receive.close()
        if process.is_alive():
            process.join(max(0.0, 5 - (time.monotonic() - started)))
            if process.is_alive():
                process.kill()
                process.join(5)
    process.join(5)
    code = process.exitcode
    reason = (
        f"审核进程被信号 {-code} 终止（可能超过内存限制）(audit process killed)"
        if code is not None and code < 0
        else f"审核进程异常退出，退出码 {code} (audit process died)"
    )
    return _failed(source, data, file_name, reason)


def _failed(source: str, data: bytes, file_name: str, reason: str) -> DocumentResult:
    return DocumentResult(
        source, "failed", error=reason, content_hash=content_hash(data), file_name=file_name
    )
