"""Units (部门/单位): create, list, look up, and match a recognised unit name to one."""

from __future__ import annotations

from dataclasses import dataclass
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


class UnitExistsError(ValueError):
    """A unit with that name (or alias) already exists."""


def _record(unit: Unit) -> UnitRecord:
    return UnitRecord(
        unit.id, unit.name, list(unit.aliases), [dict(c) for c in unit.contacts], unit.created_at
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
    store: Store, name: str, aliases: list[str] | None = None, contacts: list[dict[str, Any]] | None = None
) -> UnitRecord:
    """Add a unit; raises UnitExistsError when the name is taken, ValueError when it is empty."""
    name = name.strip()
    if not name:
        raise ValueError("a unit needs a name")
    with store._write_sessions.begin() as session:
        if match_unit(session, name) is not None:
            raise UnitExistsError(f"unit {name!r} exists")
        unit = Unit(
            name=name,
            aliases=[a.strip() for a in aliases or [] if a.strip()],
            contacts=list(contacts or []),
            created_at=utcnow(),
        )
        session.add(unit)
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
