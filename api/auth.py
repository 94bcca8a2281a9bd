"""Bearer-token authentication, roles and unit scope.

Roles: `viewer` reads; `inspector` also uploads, re-audits and changes an anomaly's status;
`admin` also manages units and sees the dead-letter view. A unit-scoped token sees only its
unit's batches, documents and anomalies. 401 without a valid token, 403 for a role that may not.

The dashboard's cookie login (`dashboard.session`) carries the same token: a request without an
Authorization header is authenticated by the session cookie, and then a state-changing request
must also carry the session's CSRF token (header `X-CSRF-Token`), else 403.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from store.alerts import shown_target
from store.tokens import TokenRecord, authenticate

#: What each role may do, by rank.
ROLE_RANK = {"viewer": 0, "inspector": 1, "admin": 2}

_bearer = HTTPBearer(auto_error=False)


def current_token(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
) -> TokenRecord:
    """The caller's token record; 401 when missing, unknown or revoked."""
    if credentials is None:
        from dashboard.session import cookie_token

        token = cookie_token(request)
        if token is not None:
            return token
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise HTTPException(
            401, "需要 Authorization: Bearer <token> (missing token)", {"WWW-Authenticate": "Bearer"}
        )
    token = authenticate(request.app.state.store, credentials.credentials.strip())
    if token is None:
        raise HTTPException(
            401, "令牌无效或已吊销 (invalid or revoked token)", {"WWW-Authenticate": "Bearer"}
        )
    return token


def require(role: str) -> Callable[..., TokenRecord]:
    """A dependency admitting tokens of `role` or higher (403 otherwise)."""

    def dependency(token: TokenRecord = Depends(current_token)) -> TokenRecord:
        if ROLE_RANK[token.role] < ROLE_RANK[role]:
            raise HTTPException(403, f"角色 {token.role} 无权执行此操作，需要 {role} (forbidden)")
        return token

    return dependency


def shown_webhook(url: str | None, token: TokenRecord) -> str | None:
    """A webhook URL as `token` may see it: whole for an admin (who manages the units' targets),
    for any other role as pages and histories show it (`store.alerts.shown_target`: scheme and
    host only, since a path, query or user part often carries the receiver's own secret)."""
    if url is None or ROLE_RANK[token.role] >= ROLE_RANK["admin"]:
        return url
    return shown_target("webhook", url)
