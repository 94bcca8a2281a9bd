"""The audit pipeline as the CLI knows it: the very same `audit_document` the workers call.

It lives in the `pipeline` package (below the CLI, the workers and the store); this module
re-exports it so `auditor.pipeline.audit_document` stays the one entry point.
"""

from pipeline.document import audit_document, content_hash
from pipeline.model import DocumentResult

__all__ = ["DocumentResult", "audit_document", "content_hash"]
