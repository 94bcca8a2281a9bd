"""API tokens: created once (the plain token is shown only then), stored as sha256, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from store.models import TOKEN_ROLES, ApiToken
from store.types import utcnow
from store.units import match_unit

if TYPE_CHECKING:
    from store.repository import Store

#: Prefix of every token, so a leaked one is recognisable in logs and by secret scanners.
TOKEN_PREFIX = "aud_"
#: Random bytes in a token (before URL-safe base64).
TOKEN_BYTES = 32


@dataclass(frozen=True)
class TokenRecord:
    """A stored token (never the token itself)."""

    id: int
    name: str
    role: str
    unit_id: int | None
    unit: str | None
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


def hash_token(token: str) -> str:
    """sha256 hex of a token: what the store keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _record(token: ApiToken, unit_name: str | None) -> TokenRecord:
    return TokenRecord(
        token.id,
        token.name,
        token.role,
        token.unit_id,
        unit_name,
        token.prefix,
        token.created_at,
        token.revoked_at,
    )


def create_token(
    store: Store, role: str, unit: str | None = None, name: str | None = None
) -> tuple[str, TokenRecord]:
    """A new token for `role` (scoped to `unit` when given): (the plain token, its record).

    Raises ValueError for an unknown role or unit.
    """
    from store.models import Unit

    if role not in TOKEN_ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(TOKEN_ROLES)}")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    with store._write_sessions.begin() as session:
        unit_id = None
        unit_name = None
        if unit:
            unit_id = match_unit(session, unit)
            if unit_id is None:
                raise ValueError(f"unknown unit {unit!r}; add it first (POST /api/units)")
            unit_name = session.get(Unit, unit_id).name  # type: ignore[union-attr]
        row = ApiToken(
            name=name or f"{role}{'@' + unit_name if unit_name else ''}",
            role=role,
            unit_id=unit_id,
            token_hash=hash_token(plain),
            prefix=plain[: len(TOKEN_PREFIX) + 6],
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        return plain, _record(row, unit_name)


def authenticate(store: Store, plain: str) -> TokenRecord | None:
    """The live (not revoked) token record for a presented token, or None."""
    from store.models import Unit

    with store.sessions() as session:
        row = session.scalars(
            select(ApiToken).where(ApiToken.token_hash == hash_token(plain), ApiToken.revoked_at.is_(None))
        ).one_or_none()
        if row is None:
            return None
        unit = session.get(Unit, row.unit_id) if row.unit_id is not None else None
        return _record(row, unit.name if unit else None)


def list_tokens(store: Store) -> list[TokenRecord]:
    """Every token ever created, oldest first (revoked ones with `revoked_at`)."""
    from store.models import Unit

    with store.sessions() as session:
        names = {u.id: u.name for u in session.scalars(select(Unit))}
        rows = session.scalars(select(ApiToken).order_by(ApiToken.id))
        return [_record(r, names.get(r.unit_id) if r.unit_id else None) for r in rows]


def revoke_token(store: Store, token_id: int) -> bool:
    """Revoke a token by id; False when there is no such live token."""
    with store._write_sessions.begin() as session:
        row = session.get(ApiToken, token_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utcnow()
        return True
