"""The audit pipeline, one layer below its callers: bytes → `Disclosure` → findings → `DocumentResult`.

Arrows run one way: the CLI (`auditor`), the queue workers (`workers`) and the HTTP API (`api`)
call `audit_document`; the store (`store`) takes the `DocumentResult` it returns. Nothing here
imports the CLI, the store, the workers or the API.
"""

from pipeline.document import audit_document, content_hash
from pipeline.model import DocumentResult, Status

__all__ = ["DocumentResult", "Status", "audit_document", "content_hash"]
