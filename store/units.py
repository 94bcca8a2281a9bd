"""Units (部门/单位): create, list, look up, and match a recognised unit name to one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Unit
from store.types import utcnow

if TYPE_CHECKING:
    from store.repository import Store


@dataclass(frozen=True)
class UnitRecord:
    """A unit as the store hands it out."""

    id: int
    name: str
    aliases: list[str]
    contacts: list[dict[str, Any]]
    created_at: datetime
    emails: list[str] = field(default_factory=list)
    webhook_url: str | None = None
    has_webhook_secret: bool = False


class UnitExistsError(ValueError):
    """A unit with that name (or alias) already exists."""


def _record(unit: Unit) -> UnitRecord:
    return UnitRecord(
        unit.id,
        unit.name,
        list(unit.aliases),
        [dict(c) for c in unit.contacts],
        unit.created_at,
        list(unit.emails or []),
        unit.webhook_url,
        bool(unit.webhook_secret),
    )


def _normal(name: str) -> str:
    """Names compare without blanks (printed names are often spaced out)."""
    return "".join(name.split())


def match_unit(session: Session, printed_name: str) -> int | None:
    """Id of the unit whose name or an alias equals `printed_name` (blanks ignored), else None."""
    wanted = _normal(printed_name)
    if not wanted:
        return None
    for unit in session.scalars(select(Unit).order_by(Unit.id)):
        if wanted in {_normal(unit.name), *(_normal(a) for a in unit.aliases)}:
            return unit.id
    return None


def create_unit(
    store: Store,
    name: str,
    aliases: list[str] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    *,
    emails: list[str] | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
) -> UnitRecord:
    """Add a unit with its alert targets (addresses, webhook URL and signing secret); raises
    UnitExistsError when the name or an alias is taken, ValueError when the name is empty."""
    name = name.strip()
    if not name:
        raise ValueError("a unit needs a name")
    aliases = [a.strip() for a in aliases or [] if a.strip()]
    with store._write_sessions.begin() as session:
        for taken in (name, *aliases):
            if match_unit(session, taken) is not None:
                raise UnitExistsError(f"unit {taken!r} exists")
        unit = Unit(
            name=name,
            aliases=aliases,
            contacts=list(contacts or []),
            created_at=utcnow(),
            emails=[e.strip() for e in emails or [] if e.strip()],
            webhook_url=webhook_url or None,
            webhook_secret=webhook_secret or None,
        )
        session.add(unit)
        session.flush()
        return _record(unit)


def update_unit(
    store: Store,
    unit_id: int,
    *,
    aliases: list[str] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    emails: list[str] | None = None,
    webhook_url: str | None = None,
    clear_webhook: bool = False,
    webhook_secret: str | None = None,
) -> UnitRecord | None:
    """Change what is given (None: unchanged; `clear_webhook` removes the URL); None when there
    is no such unit; UnitExistsError when a new alias names another unit."""
    with store._write_sessions.begin() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            return None
        if aliases is not None:
            aliases = [a.strip() for a in aliases if a.strip()]
            for alias in aliases:
                owner = match_unit(session, alias)
                if owner is not None and owner != unit_id:
                    raise UnitExistsError(f"unit {alias!r} exists")
            unit.aliases = aliases
        if contacts is not None:
            unit.contacts = list(contacts)
        if emails is not None:
            unit.emails = [e.strip() for e in emails if e.strip()]
        if clear_webhook:
            unit.webhook_url = None
        elif webhook_url is not None:
            unit.webhook_url = webhook_url
        if webhook_secret is not None:
            unit.webhook_secret = webhook_secret
        session.flush()
        return _record(unit)


def list_units(store: Store) -> list[UnitRecord]:
    """Every unit, by name."""
    with store.sessions() as session:
        return [_record(u) for u in session.scalars(select(Unit).order_by(Unit.name))]


def get_unit(store: Store, unit_id: int) -> UnitRecord | None:
    """The unit with this id, or None."""
    with store.sessions() as session:
        unit = session.get(Unit, unit_id)
        return _record(unit) if unit else None


def find_unit(store: Store, name: str) -> UnitRecord | None:
    """The unit with this name or alias, or None."""
    with store.sessions() as session:
        unit_id = match_unit(session, name)
        unit = session.get(Unit, unit_id) if unit_id is not None else None
        return _record(unit) if unit else None


def unmatched_documents(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    """Documents no unit could be matched to (no batch unit, printed name not known), newest first."""
    from store.models import Document

    with store.sessions() as session:
        rows = session.scalars(
            select(Document).where(Document.unit_id.is_(None)).order_by(Document.id.desc()).limit(limit)
        )
        return [
            {
                "id": d.id,
                "filename": d.file_name,
                "printed_unit": d.unit,
                "year": d.year,
                "kind": d.kind,
                "status": d.state,
                "created_at": d.created_at.isoformat(),
            }
            for d in rows
        ]


def assign_unit(store: Store, document_id: int, unit_id: int) -> bool:
    """Give a document its unit by hand; False when the document or the unit does not exist."""
    from store.models import Document

    with store._write_sessions.begin() as session:
        document = session.get(Document, document_id)
        if document is None or session.get(Unit, unit_id) is None:
            return False
        document.unit_id = unit_id
        return True


def match_unmatched(store: Store, unit_id: int) -> list[int]:
    """Give the unit every unmatched document printing its name or an alias; their ids."""
    from store.models import Document

    with store._write_sessions.begin() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            return []
        names = {_normal(unit.name), *(_normal(a) for a in unit.aliases)}
        matched = []
        for document in session.scalars(
            select(Document).where(Document.unit_id.is_(None), Document.unit.is_not(None))
        ):
            if _normal(document.unit or "") in names:
                document.unit_id = unit_id
                matched.append(document.id)
        return matched
