"""The audit store: documents, facts, findings and their follow-up, in SQLite or PostgreSQL.

    from store import open_store
    store = open_store()            # AUDITOR_DATABASE_URL or the per-user SQLite file
    document_id = store.save_result(result)
"""

from store.db import default_database_url, open_store
from store.records import (
    DocumentRecord,
    FactRecord,
    FindingEventRecord,
    FindingRecord,
    NotEvaluatedRecord,
)
from store.repository import FindingNotFoundError, Store
from store.workflow import TRANSITIONS, WORKFLOW_STATUSES, WorkflowStatus

__all__ = [
    "TRANSITIONS",
    "WORKFLOW_STATUSES",
    "DocumentRecord",
    "FactRecord",
    "FindingEventRecord",
    "FindingNotFoundError",
    "FindingRecord",
    "NotEvaluatedRecord",
    "Store",
    "WorkflowStatus",
    "default_database_url",
    "open_store",
]
