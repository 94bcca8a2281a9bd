"""The dashboard's cookie login: the same API tokens and roles, carried in a cookie, CSRF-safe.

The session cookie holds the API token itself (HttpOnly, SameSite=Strict, Secure over HTTPS),
so roles, unit scope and revocation are exactly the API's. Every state-changing request made
with the cookie must also present the session's CSRF token (form field `csrf_token` or header
`X-CSRF-Token`): an HMAC of the token's stored hash, so it is stable for a session, differs
between tokens and cannot be computed by a page that does not know the token. The login form
itself is protected by a double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request, Response

from store.tokens import TokenRecord, authenticate, hash_token

#: Name of the session cookie (holds the API token).
SESSION_COOKIE = "auditor_session"
#: Name of the login form's double-submit cookie.
LOGIN_COOKIE = "auditor_login"
#: Header a script sends the CSRF token in.
CSRF_HEADER = "X-CSRF-Token"
#: Form field a form sends the CSRF token in.
CSRF_FIELD = "csrf_token"
#: Seconds a login lasts in the browser (the token itself may be revoked sooner).
SESSION_MAX_AGE = 12 * 3600
#: Methods that change nothing and need no CSRF token.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token_for(plain: str) -> str:
    """The CSRF token of a session whose cookie holds `plain`."""
    return hmac.new(hash_token(plain).encode(), b"auditor-dashboard-csrf", hashlib.sha256).hexdigest()


def session_plain(request: Request) -> str | None:
    """The API token in the session cookie, if any."""
    value = request.cookies.get(SESSION_COOKIE)
    return value.strip() if value and value.strip() else None


def check_csrf(request: Request, presented: str | None) -> None:
    """403 unless `presented` is the session's CSRF token (and the Origin, when sent, is this host)."""
    plain = session_plain(request)
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            raise HTTPException(403, "跨站请求被拒绝 (cross-origin request refused)")
    if plain is None or not presented or not hmac.compare_digest(presented, csrf_token_for(plain)):
        raise HTTPException(403, "CSRF 校验失败，请刷新页面后重试 (CSRF token missing or wrong)")


def cookie_token(request: Request) -> TokenRecord | None:
    """The token record of the session cookie (None without a live one); a state-changing request
    without the session's CSRF token header is refused (403)."""
    plain = session_plain(request)
    if plain is None:
        return None
    token = authenticate(request.app.state.store, plain)
    if token is None:
        return None
    if request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return token


def start_session(request: Request, response: Response, plain: str) -> None:
    """Set the session cookie for a checked token."""
    response.set_cookie(
        SESSION_COOKIE,
        plain,
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/")


def end_session(response: Response) -> None:
    """Forget the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/")


def login_nonce(request: Request) -> str:
    """The login form's double-submit value (reused while the cookie lives)."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)


def set_login_nonce(request: Request, response: Response, nonce: str) -> None:
    """Set the login form's double-submit cookie."""
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def check_login_nonce(request: Request, presented: str | None) -> None:
    """403 unless the login form's field matches its cookie."""
    cookie = request.cookies.get(LOGIN_COOKIE)
    if not cookie or not presented or not hmac.compare_digest(cookie, presented):
        raise HTTPException(403, "登录表单已失效，请刷新页面后重试 (login CSRF check failed)")
