"""The audit store: documents, facts, findings and their follow-up, in SQLite or PostgreSQL.

`open_store()` opens (and migrates) the database named by AUDITOR_DATABASE_URL, else the per-user
SQLite file; `Store.save_result(result)` keeps one audited document and returns its id.
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
