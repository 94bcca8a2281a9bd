"""The audit pipeline: bytes → Disclosure → findings. The CLI and the workers call these."""

from __future__ import annotations

import hashlib

from auditor.result import DocumentResult


def audit_document(source: str, data: bytes, file_name: str | None = None) -> DocumentResult:
    """Read one document's bytes and run the ruleset on it. Never raises for bad input:
    a document that cannot be read comes back with status "failed" and a one-line reason."""
    raise NotImplementedError  # filled in by ingest wiring


def content_hash(data: bytes) -> str:
    """sha256 of a document's bytes: its identity in the store."""
    return hashlib.sha256(data).hexdigest()
