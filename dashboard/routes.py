"""The dashboard's pages: 批次, 异常, 文档, 单位, 规则, and the cookie login.

Server-rendered with Jinja2 (autoescape on: everything taken from a document is escaped; no
`|safe` on document text); the little JavaScript in `static/app.js` calls the JSON API with the
session cookie and the CSRF header. A unit-scoped login sees only its unit's data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from api.auth import ROLE_RANK
from dashboard import queries
from dashboard.images import cache_dir, page_png, page_sizes
from dashboard.quality import quality_sentences
from dashboard.session import (
    check_csrf,
    check_login_nonce,
    csrf_token_for,
    end_session,
    login_nonce,
    session_plain,
    set_login_nonce,
    start_session,
)
from ingest.text import decode_text
from store.alerts import shown_target
from store.anomalies import AnomalyFilter, list_anomalies, newest_cursor
from store.batches import document_service_info, list_batches
from store.tokens import TokenRecord, authenticate
from store.units import assign_unit as assign_document_unit
from store.units import list_units, unmatched_documents

HERE = Path(__file__).parent
#: Rows the 异常 page renders before the script takes over (newer ones arrive by polling).
ANOMALY_PAGE_ROWS = 500
#: Batches the 批次 page lists.
BATCH_PAGE_ROWS = 30
#: Lines of a text document the 文档 page shows at most.
MAX_TEXT_LINES = 20_000

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_NAMES = {
    "open": "待处理",
    "confirmed": "已确认",
    "dismissed": "已驳回",
    "sent_to_unit": "已发送单位",
    "resolved": "已解决",
}
BATCH_STATUS_NAMES = {"queued": "排队中", "running": "审核中", "done": "已完成", "failed": "失败"}
ALERT_MODE_NAMES = {"on_audit": "审核完即通知单位", "on_confirm": "审核员确认后才通知"}
ROLE_NAMES = {"viewer": "查看者", "inspector": "审核员", "admin": "管理员"}
FAMILY_NAMES = {
    "arithmetic": "表内运算",
    "hierarchy": "科目层级",
    "cross_table": "表间勾稽",
    "completeness": "完整性",
    "plausibility": "合理性",
    "narrative": "情况说明",
    "performance": "绩效",
}
#: Content-Security-Policy of every page: only the app's own scripts, styles and images.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every template, whatever its name: document text is untrusted
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.do"],
)
environment.globals.update(
    SEVERITY_NAMES=SEVERITY_NAMES,
    STATUS_NAMES=STATUS_NAMES,
    BATCH_STATUS_NAMES=BATCH_STATUS_NAMES,
    ALERT_MODE_NAMES=ALERT_MODE_NAMES,
    ROLE_NAMES=ROLE_NAMES,
    FAMILY_NAMES=FAMILY_NAMES,
    shown_target=shown_target,
)

router = APIRouter(include_in_schema=False)


class PageError(HTTPException):
    """An error a page shows as HTML (the API's errors stay JSON)."""


def _form_csrf(request: Request, presented: str) -> None:
    try:
        check_csrf(request, presented)
    except HTTPException as exc:
        raise PageError(exc.status_code, exc.detail) from None


class LoginRequired(Exception):
    """No live session: the page redirects to the login form."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def page_user(request: Request) -> TokenRecord:
    """The logged-in token (LoginRequired without a live session)."""
    plain = session_plain(request)
    token = authenticate(request.app.state.store, plain) if plain else None
    if token is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return token


def _render(
    request: Request, template: str, user: TokenRecord | None, status: int = 200, **context: Any
) -> HTMLResponse:
    plain = session_plain(request)
    html = environment.get_template(template).render(
        request=request,
        user=user,
        csrf=csrf_token_for(plain) if plain and user else "",
        can_edit=user is not None and ROLE_RANK[user.role] >= ROLE_RANK["inspector"],
        is_admin=user is not None and user.role == "admin",
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=_page_headers())


def _page_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }


def _safe_next(value: str | None) -> str:
    """Only a path on this site (no scheme, no //host) is followed after login."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


# -- login ------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/", error: str | None = None) -> HTMLResponse:
    """The login form (paste an API token)."""
    nonce = login_nonce(request)
    response = _render(request, "login.html", None, next=_safe_next(next), nonce=nonce, error=error)
    set_login_nonce(request, response, nonce)
    return response


@router.post("/login")
def login(
    request: Request,
    token: str = Form(""),
    nonce: str = Form(""),
    next: str = Form("/"),
) -> Response:
    """Check the token and start a session; back to the form with a message when it is wrong."""
    try:
        check_login_nonce(request, nonce)
    except HTTPException:
        fresh = login_nonce(request)
        response = _render(
            request,
            "login.html",
            None,
            status=403,
            next=_safe_next(next),
            nonce=fresh,
            error="登录表单已失效，请重新输入令牌。",
        )
        set_login_nonce(request, response, fresh)
        return response
    plain = token.strip()
    record = authenticate(request.app.state.store, plain) if plain else None
    if record is None:
        response = _render(
            request,
            "login.html",
            None,
            status=401,
            next=_safe_next(next),
            nonce=login_nonce(request),
            error="令牌无效或已吊销。",
        )
        return response
    response = RedirectResponse(_safe_next(next), status_code=303)
    start_session(request, response, plain)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    """End the session."""
    _form_csrf(request, csrf_token)
    response = RedirectResponse("/login", status_code=303)
    end_session(response)
    return response


# -- 批次 --------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def batches_page(request: Request, user: TokenRecord = Depends(page_user)) -> HTMLResponse:
    """批次: upload by drag and drop, each batch's progress and documents."""
    store = request.app.state.store
    batches = list_batches(store, user.unit_id, BATCH_PAGE_ROWS)
    units = list_units(store) if user.unit_id is None else []
    modes = queries.batch_alert_modes(store, [b.id for b in batches]) if user.role == "admin" else {}
    return _render(
        request,
        "batches.html",
        user,
        batches=batches,
        units=units,
        alert_modes=modes,
        default_alert_mode=request.app.state.settings.alert_mode,
    )


# -- 异常 --------------------------------------------------------------------------------------


@router.get("/anomalies", response_class=HTMLResponse)
def anomalies_page(
    request: Request,
    user: TokenRecord = Depends(page_user),
    unit: str | None = None,
    year: str | None = None,
    rule_id: str | None = None,
    severity: str | None = None,
    status: str | None = None,
    batch_id: str | None = None,
) -> HTMLResponse:
    """异常: filtered list, live updates, bulk status change, exports, charts."""
    store = request.app.state.store
    chosen = {
        "unit": (unit or "").strip() or None,
        "year": year.strip() if year and year.strip().isdigit() else None,
        "rule_id": (rule_id or "").strip() or None,
        "severity": severity if severity in SEVERITY_NAMES else None,
        "status": status if status in STATUS_NAMES else None,
        "batch_id": batch_id.strip() if batch_id and batch_id.strip().isdigit() else None,
    }
    f = AnomalyFilter(
        status=chosen["status"],
        severity=chosen["severity"],
        rule_id=chosen["rule_id"],
        unit=chosen["unit"],
        year=int(chosen["year"]) if chosen["year"] else None,
        batch_id=int(chosen["batch_id"]) if chosen["batch_id"] else None,
        scope_unit_id=user.unit_id,
    )
    newest = _newest_anomalies(store, f)
    query = urlencode({k: v for k, v in chosen.items() if v})
    from rules import catalog

    units = [u.name for u in list_units(store) if user.unit_id is None or u.id == user.unit_id]
    return _render(
        request,
        "anomalies.html",
        user,
        items=newest["items"],
        since=newest["since"],
        more=newest["more"],
        chosen=chosen,
        query=query,
        units=units,
        years=queries.years(store, user.unit_id),
        rule_ids=[spec.id for spec in catalog()],
        by_rule=queries.defect_counts(store, "rule", user.unit_id),
        by_unit=queries.defect_counts(store, "unit", user.unit_id),
    )


@router.get("/anomalies/charts")
def anomaly_charts(request: Request, user: TokenRecord = Depends(page_user)) -> JSONResponse:
    """The 异常 page's charts as data (`{"by_rule", "by_unit"}`: [label, count] rows, largest
    first), redrawn by the page whenever its poll brings changes."""
    store = request.app.state.store
    return JSONResponse(
        {
            "by_rule": queries.defect_counts(store, "rule", user.unit_id),
            "by_unit": queries.defect_counts(store, "unit", user.unit_id),
        },
        headers=_page_headers(),
    )


def _newest_anomalies(store: Any, f: AnomalyFilter) -> dict[str, Any]:
    """The newest ANOMALY_PAGE_ROWS anomalies matching `f` (newest first) and the polling token."""
    cursor = newest_cursor(store, f, ANOMALY_PAGE_ROWS)
    page = list_anomalies(store, f, limit=ANOMALY_PAGE_ROWS, cursor=cursor)
    return {"items": list(reversed(page.items)), "since": page.since, "more": cursor is not None}


# -- 文档 --------------------------------------------------------------------------------------


def _document_in_scope(request: Request, document_id: int, user: TokenRecord) -> dict[str, Any]:
    info = document_service_info(request.app.state.store, document_id)
    if info is None or (user.unit_id is not None and info["unit_id"] != user.unit_id):
        raise PageError(404, f"没有文档 {document_id}")
    return info


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(document_id: int, request: Request, user: TokenRecord = Depends(page_user)) -> HTMLResponse:
    """文档: findings beside the page images with every evidence box drawn on them."""
    store = request.app.state.store
    info = _document_in_scope(request, document_id, user)
    record = store.get_document(document_id)
    assert record is not None
    findings = list_anomalies(store, AnomalyFilter(document_id=document_id), limit=1000).items
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda item: (order.get(item["severity"], 3), _first_page(item), item["id"]))
    media_type = queries.stored_media_type(store, document_id)
    pages: list[dict[str, Any]] = []
    if media_type == "pdf":
        sizes = page_sizes(
            _cache(request), record.content_hash, lambda: queries.stored_bytes(store, document_id)
        )
        boxes: dict[int, list[dict[str, Any]]] = {}
        for item in findings:
            for evidence in item["evidence"]:
                if evidence.get("page") and evidence.get("bbox"):
                    x0, top, x1, bottom = evidence["bbox"]
                    boxes.setdefault(int(evidence["page"]), []).append(
                        {
                            "finding": item["id"],
                            "severity": item["severity"],
                            "x": x0,
                            "y": top,
                            "w": max(x1 - x0, 1),
                            "h": max(bottom - top, 1),
                            "label": f"{item['rule_id']} {evidence.get('quote') or evidence.get('value') or ''}",
                        }
                    )
        for number, (width, height) in enumerate(sizes, start=1):
            pages.append({"number": number, "width": width, "height": height, "boxes": boxes.get(number, [])})
    text_lines: list[str] = []
    line_findings: dict[int, list[int]] = {}
    if media_type == "text":
        try:
            text_lines = decode_text(queries.stored_bytes(store, document_id)).splitlines()[:MAX_TEXT_LINES]
        except ValueError:
            text_lines = []
        for item in findings:
            for evidence in item["evidence"]:
                if evidence.get("line"):
                    ids = line_findings.setdefault(int(evidence["line"]), [])
                    if item["id"] not in ids:
                        ids.append(item["id"])
    return _render(
        request,
        "document.html",
        user,
        record=record,
        info=info,
        findings=findings,
        pages=pages,
        media_type=media_type,
        text_lines=text_lines,
        line_findings=line_findings,
        quality=quality_sentences(record.quality),
        histories=queries.histories(store, [item["id"] for item in findings]),
        not_evaluated=store.not_evaluated(document_id),
    )


def _first_page(item: dict[str, Any]) -> int:
    pages = [int(e["page"]) for e in item["evidence"] if e.get("page")]
    return min(pages) if pages else 10_000


def _cache(request: Request) -> Path:
    return cache_dir(request.app.state.settings.database())


@router.get("/documents/{document_id}/pages/{page}.png")
def page_image(
    document_id: int, page: int, request: Request, user: TokenRecord = Depends(page_user)
) -> Response:
    """One page of a PDF document as PNG (rendered once, then served from the cache)."""
    _document_in_scope(request, document_id, user)
    store = request.app.state.store
    record = store.get_document(document_id)
    if record is None or queries.stored_media_type(store, document_id) != "pdf":
        raise HTTPException(404, "该文档没有页面图像")
    path = page_png(
        _cache(request), record.content_hash, lambda: queries.stored_bytes(store, document_id), page
    )
    if path is None:
        raise HTTPException(404, f"没有第 {page} 页")
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


# -- 单位 --------------------------------------------------------------------------------------


@router.get("/units", response_class=HTMLResponse)
def units_page(
    request: Request,
    user: TokenRecord = Depends(page_user),
    assigned: int | None = None,
    alerts_of: int | None = None,
) -> HTMLResponse:
    """单位: units with contacts and alert history (all, or one unit's with `alerts_of`);
    documents without a unit, to assign by hand."""
    store = request.app.state.store
    units = [u for u in list_units(store) if user.unit_id is None or u.id == user.unit_id]
    shown = next((u for u in units if u.id == alerts_of), None)
    unmatched = unmatched_documents(store) if user.unit_id is None else []
    return _render(
        request,
        "units.html",
        user,
        units=units,
        counts=queries.documents_per_unit(store),
        defects=dict(queries.defect_counts(store, "unit", user.unit_id, limit=10_000)),
        unmatched=unmatched,
        all_units=list_units(store) if user.unit_id is None else [],
        alerts=_alert_history(request, user, shown.id if shown else None),
        alert_counts=queries.alert_counts(store),
        alerts_of=shown,
        assigned=assigned,
    )


def _alert_history(request: Request, user: TokenRecord, unit_id: int | None = None) -> list[dict[str, Any]]:
    """Alerts as GET /api/alerts lists them (newest first; one unit's with `unit_id`), one row
    each for the 单位 page."""
    from store.alerts import list_alerts

    rows = []
    for a in list_alerts(request.app.state.store, unit_id, scope_unit_id=user.unit_id, limit=200):
        last = a["attempts"][-1] if a["attempts"] else None
        detail = "首次通知" if a["kind"] == "first" else "更新通知"
        detail += f"，{a['findings']}项问题，尝试{len(a['attempts'])}次"
        if a["status"] != "sent" and last and last["error"]:
            detail += f"：{last['error']}"
        rows.append(
            {
                "at": str(a["sent_at"] or (last["at"] if last else a["created_at"]))[:16].replace("T", " "),
                "target": shown_target(a["channel"], a.get("target") or ""),
                "unit": a["unit"]["name"],
                "document_id": a["document"]["id"],
                "channel": {"email": "邮件", "webhook": "Webhook"}.get(a["channel"], a["channel"]),
                "status": {"sent": "已送达", "failed": "失败", "pending": "发送中"}.get(
                    a["status"], a["status"]
                ),
                "detail": detail,
                "attempts": [
                    {
                        "number": t["number"],
                        "at": str(t["at"])[:19].replace("T", " "),
                        "result": "成功" if t["ok"] else "失败",
                        "code": t["status_code"],
                        "error": t["error"] or "",
                        "ms": t["duration_ms"],
                    }
                    for t in a["attempts"]
                ],
            }
        )
    return rows


@router.post("/units/assign")
def assign_unit(
    request: Request,
    user: TokenRecord = Depends(page_user),
    document_id: int = Form(...),
    unit_id: int = Form(...),
    csrf_token: str = Form(""),
) -> Response:
    """Give an unmatched document its unit (inspector+, not unit-scoped)."""
    _form_csrf(request, csrf_token)
    if ROLE_RANK[user.role] < ROLE_RANK["inspector"] or user.unit_id is not None:
        raise PageError(403, "无权指定单位")
    if not assign_document_unit(request.app.state.store, document_id, unit_id):
        raise PageError(404, "没有该文档或单位")
    from api.alerts import queue_alerts

    queue_alerts([document_id], "assign")  # the unit now hears about the document's findings
    return RedirectResponse(f"/units?assigned={document_id}", status_code=303)


# -- 规则 --------------------------------------------------------------------------------------


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request, user: TokenRecord = Depends(page_user)) -> HTMLResponse:
    """规则: the catalog, how often each rule fired, confirmed vs dismissed per rule."""
    from rules import catalog

    counts = queries.rule_counts(request.app.state.store, user.unit_id)
    specs = [spec.as_dict() for spec in catalog()]
    empty = queries.RuleCounts()
    rows = [{"spec": spec, "counts": counts.get(spec["id"], empty)} for spec in specs]
    rows.sort(key=lambda row: (-row["counts"].fired, row["spec"]["id"]))
    return _render(request, "rules.html", user, rows=rows)


# -- wiring -----------------------------------------------------------------------------------


def install(app: FastAPI) -> None:
    """Serve the dashboard from `app`: pages, static assets, the login redirect."""

    async def to_login(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        return RedirectResponse(f"/login?next={quote(exc.next_url, safe='')}", status_code=303)

    async def error_page(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        plain = session_plain(request)
        user = authenticate(request.app.state.store, plain) if plain else None
        return _render(request, "error.html", user, status=exc.status_code, message=exc.detail)

    app.add_exception_handler(LoginRequired, to_login)
    app.add_exception_handler(PageError, error_page)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
