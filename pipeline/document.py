"""The audit pipeline: bytes → Disclosure → findings. The CLI and the workers call these."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import structlog

from ingest.errors import IngestError
from ingest.loader import sniff
from ingest.reader import read_document
from pipeline.model import DocumentResult

if TYPE_CHECKING:
    from rules.settings import RuleConfig

log = structlog.get_logger(__name__)


def content_hash(data: bytes) -> str:
    """sha256 of a document's bytes: its identity in the store."""
    return hashlib.sha256(data).hexdigest()


def audit_document(
    source: str, data: bytes, file_name: str | None = None, config: RuleConfig | None = None
) -> DocumentResult:
    """Read one document's bytes and run the ruleset on it (`config`: which rules, at which
    severity, for which template; default: the settings in effect).

    Never raises for bad input: a document that cannot be read comes back with status "failed"
    and a one-line reason. Unexpected errors are caught too, so one document never stops a batch.
    """
    from rules import check  # imported here so ingest-only callers never start the rule engine

    name = file_name or source
    digest = content_hash(data)
    bound = log.bind(source=source, sha256=digest[:12])
    result = DocumentResult(source=source, status="failed", content_hash=digest, file_name=name)
    if not data:
        result.error = "空文件（0 字节）"
        return result
    kind = sniff(data, name)
    if kind not in ("pdf", "text"):
        lower = name.lower()
        if lower.endswith(".pdf"):
            result.error = "文件扩展名为 .pdf，但内容不是 PDF"
        else:
            result.error = f"不支持的文件类型：{name}"
        return result
    try:
        disclosure = read_document(data, name, kind)
    except IngestError as exc:
        result.error = exc.reason
        bound.info("audit.failed", reason=exc.reason)
        return result
    except Exception as exc:  # a reader bug must not stop the batch
        bound.exception("audit.ingest_crashed")
        result.error = f"读取失败：{type(exc).__name__}: {str(exc)[:160]}"
        return result
    disclosure.source = source
    result.disclosure = disclosure
    try:
        result.outcome = check(disclosure, config)
    except Exception as exc:
        bound.exception("audit.rules_crashed")
        result.error = f"规则执行失败：{type(exc).__name__}: {str(exc)[:160]}"
        return result
    result.status = "ok"
    bound.info(
        "audit.done",
        tables=sorted(disclosure.tables),
        findings=len(result.findings),
        not_evaluated=len(result.not_evaluated),
        rules_ms=round(result.outcome.seconds * 1000, 1),
    )
    return result
