"""Store-wide change numbers: what a poller's `since` token counts.

`bump_change_seq` increments a row of `counters` inside the caller's transaction. The row stays
locked until that transaction ends (PostgreSQL row lock; SQLite's single writer), so numbers
become visible in increasing order and a poller asking for "changes after N" misses nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from store.models import Counter

#: The counter that orders changes of findings (anomalies).
FINDING_CHANGES = "finding_changes"


def bump_change_seq(session: Session, name: str = FINDING_CHANGES) -> int:
    """The next number of counter `name` (starting at 1), locked until the transaction ends."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(Counter)
        .values(name=name, value=1)
        .on_conflict_do_update(index_elements=[Counter.name], set_={"value": Counter.value + 1})
        .returning(Counter.value)
    )
    return int(session.execute(stmt).scalar_one())


def current_change_seq(session: Session, name: str = FINDING_CHANGES) -> int:
    """The last number handed out by counter `name` (0 before the first)."""
    value = session.scalar(select(Counter.value).where(Counter.name == name))
    return int(value or 0)
