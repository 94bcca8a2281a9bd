"""Endpoints: health, batches, documents, units, rules, dead letters (anomalies: `api.anomalies`)."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text
from starlette.datastructures import UploadFile

from api import alerts, anomalies
from api.auth import current_token, require, shown_webhook
from api.uploads import UploadRejected, expand_uploads
from store.alerts import set_batch_alert_mode
from store.batches import (
    create_batch,
    dead_letters,
    document_file,
    document_service_info,
    get_batch,
    list_batches,
    request_reaudit,
)
from store.tokens import TokenRecord
from store.units import UnitExistsError, create_unit, find_unit, list_units, match_unmatched, update_unit

log = structlog.get_logger(__name__)
router = APIRouter()
router.include_router(anomalies.router)
router.include_router(alerts.router)

#: Most form fields (other than files) a batch upload may carry.
MAX_FORM_FIELDS = 20
#: Files parsed out of one request at most (the batch limit answers 413 long before).
MAX_FORM_FILES = 100_000


# -- health -----------------------------------------------------------------------------------


@router.get("/healthz", tags=["health"])
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", tags=["health"])
def readyz(request: Request) -> JSONResponse:
    """The database and the broker are reachable (503 naming what is not)."""
    problems: dict[str, str] = {}
    try:
        with request.app.state.store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        problems["database"] = type(exc).__name__
    broker = request.app.state.broker
    client = getattr(broker, "client", None)
    if client is not None:
        try:
            client.ping()
        except Exception as exc:
            problems["broker"] = type(exc).__name__
    body = {
        "status": "ok" if not problems else "unavailable",
        "database": problems.get("database", "ok"),
        "broker": problems.get("broker", "ok"),
        "embedded": request.app.state.embedded,
    }
    return JSONResponse(body, status_code=200 if not problems else 503)


# -- batches ----------------------------------------------------------------------------------


def _scope(token: TokenRecord) -> int | None:
    return token.unit_id


def _send(request: Request, document_ids: list[int]) -> None:
    from workers.tasks import audit_document_task

    for document_id in document_ids:
        audit_document_task.send(document_id)


@router.post("/api/batches", status_code=202, tags=["batches"])
async def post_batch(request: Request, token: TokenRecord = Depends(require("inspector"))) -> dict[str, Any]:
    """Upload one or more `files` (PDF, TXT, or a ZIP of them) and an optional `unit`; 202 with
    the batch id and each file's document id and status. Same bytes = same document (not audited
    again unless `reaudit=true`). 413 beyond the size and count limits. `unit` must be a
    registered unit's name or one of its aliases (as `POST /api/units` registers them): 422 for
    an unknown unit, and nothing is recorded."""
    settings = request.app.state.settings
    form = await request.form(max_files=MAX_FORM_FILES, max_fields=MAX_FORM_FIELDS)
    files: list[tuple[str, bytes]] = []
    for value in form.getlist("files"):
        if isinstance(value, UploadFile):
            size = value.size or 0
            if size > settings.max_file_bytes:
                raise HTTPException(
                    413, f"{value.filename}: 文件超过 {settings.max_file_mb:g} MB (file too large)"
                )
            files.append((value.filename or "upload", await value.read()))
    await form.close()
    if not files:
        raise HTTPException(422, "没有上传文件：请用 multipart 字段 files (no files)")
    unit_name = str(form.get("unit") or "").strip() or None
    alert_mode = str(form.get("alert_mode") or "").strip() or None
    if alert_mode not in (None, "on_audit", "on_confirm"):
        raise HTTPException(422, "alert_mode 须为 on_audit 或 on_confirm (invalid alert_mode)")
    reaudit = str(form.get("reaudit") or "").lower() in ("1", "true", "yes")
    store = request.app.state.store
    unit_id = token.unit_id
    if unit_name:
        unit = await run_in_threadpool(find_unit, store, unit_name)
        if unit is None:
            raise HTTPException(
                422,
                f"未知单位“{unit_name}”：请填写已登记的单位名称或别名，或先用 POST /api/units 添加 "
                f"(unknown unit {unit_name!r}: use a registered name or alias, or add it first)",
            )
        if token.unit_id is not None and unit.id != token.unit_id:
            raise HTTPException(403, "令牌限定的单位与上传的单位不一致 (unit outside the token's scope)")
        unit_id = unit.id
    try:
        uploads = await run_in_threadpool(expand_uploads, files, settings)
    except UploadRejected as exc:
        raise HTTPException(exc.status, exc.reason) from None
    view = await run_in_threadpool(create_batch, store, uploads, token.name, unit_id, reaudit)
    if alert_mode:
        await run_in_threadpool(set_batch_alert_mode, store, view.id, alert_mode)
    structlog.contextvars.bind_contextvars(batch_id=view.id)
    to_queue = [d.id for d in view.documents if d.queue and d.id is not None]
    try:
        await run_in_threadpool(_send, request, to_queue)
    except Exception as exc:
        log.error("batch.enqueue_failed", error=type(exc).__name__)
        raise HTTPException(503, "队列不可用，批次已记录，稍后重新审核 (queue unavailable)") from None
    log.info("batch.created", files=len(uploads), queued=len(to_queue))
    # Documents audited before may just have got their unit from this batch: plan their alerts.
    known = [d.id for d in view.documents if not d.queue and d.id is not None and d.status == "done"]
    if known:
        await run_in_threadpool(alerts.queue_alerts, known, "assign")
    return {
        "batch_id": view.id,
        "status": view.status,
        "documents": [
            {"id": d.id, "filename": d.filename, "status": d.status, "error": d.error} for d in view.documents
        ],
    }


@router.get("/api/batches", tags=["batches"])
def get_batches(
    request: Request, limit: int = 50, before: int | None = None, token: TokenRecord = Depends(current_token)
) -> dict[str, Any]:
    """Batches, newest first, with status and progress (`before`: a batch id, for the next page)."""
    views = list_batches(request.app.state.store, _scope(token), max(1, min(limit, 500)), before)
    return {
        "items": [v.to_json(with_documents=False) for v in views],
        "next_before": views[-1].id if len(views) == limit and views else None,
    }


@router.get("/api/batches/{batch_id}", tags=["batches"])
def get_one_batch(
    batch_id: int, request: Request, token: TokenRecord = Depends(current_token)
) -> dict[str, Any]:
    """A batch: status (queued | running | done | failed), progress, each document with status and error."""
    view = get_batch(request.app.state.store, batch_id, _scope(token))
    if view is None:
        raise HTTPException(404, f"没有批次 {batch_id} (no such batch)")
    return view.to_json()


# -- documents --------------------------------------------------------------------------------


def _document_or_404(request: Request, document_id: int, token: TokenRecord) -> dict[str, Any]:
    info = document_service_info(request.app.state.store, document_id)
    if info is None or (token.unit_id is not None and info["unit_id"] != token.unit_id):
        raise HTTPException(404, f"没有文档 {document_id} (no such document)")
    return info


@router.get("/api/documents/{document_id}", tags=["documents"])
def get_document(
    document_id: int, request: Request, token: TokenRecord = Depends(current_token)
) -> dict[str, Any]:
    """A document: metadata, extraction quality, processing status, findings (as anomalies)."""
    from store.anomalies import AnomalyFilter, list_anomalies

    store = request.app.state.store
    info = _document_or_404(request, document_id, token)
    record = store.get_document(document_id)
    assert record is not None
    audited = info["state"] in ("done", "failed")
    page = list_anomalies(store, AnomalyFilter(document_id=document_id), limit=1000)
    return {
        "id": record.id,
        "filename": record.file_name,
        "content_hash": record.content_hash,
        "status": info["state"],
        "error": record.error if info["state"] == "failed" else None,
        "audit_status": record.status if audited else None,
        "unit": info["unit_name"] or record.unit,
        "document": {
            "unit": record.unit,
            "year": record.year,
            "kind": record.kind,
            "level": record.level,
            "pages": record.pages,
            "tables": record.tables,
        },
        "quality": record.quality,
        "size": info["size"],
        "attempts": info["attempts"],
        "worker": info["worker"],
        "batches": info["batches"],
        "audited_at": record.audited_at.isoformat() if audited else None,
        "findings": page.items,
        "not_evaluated": [
            {"rule_id": n.rule_id, "table": n.table_id, "reason": n.reason}
            for n in store.not_evaluated(document_id)
        ],
    }


@router.get("/api/documents/{document_id}/file", tags=["documents"])
def get_document_file(
    document_id: int, request: Request, token: TokenRecord = Depends(current_token)
) -> Response:
    """The uploaded bytes."""
    _document_or_404(request, document_id, token)
    found = document_file(request.app.state.store, document_id)
    if found is None:
        raise HTTPException(404, "该文档没有保存原文件 (no stored file)")
    name, media_type, data = found
    mime = "application/pdf" if media_type == "pdf" else "text/plain; charset=utf-8"
    from urllib.parse import quote

    return Response(
        data, media_type=mime, headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"}
    )


@router.post("/api/documents/{document_id}/reaudit", status_code=202, tags=["documents"])
def post_reaudit(
    document_id: int, request: Request, token: TokenRecord = Depends(require("inspector"))
) -> dict[str, Any]:
    """Audit the document again (anomalies found again keep their status and history; those no
    longer found are resolved by the re-audit)."""
    _document_or_404(request, document_id, token)
    if not request_reaudit(request.app.state.store, document_id):
        raise HTTPException(409, "该文档没有保存原文件，无法重新审核 (no stored file)")
    _send(request, [document_id])
    return {"id": document_id, "status": "queued"}


# -- units, rules, dead letters -------------------------------------------------------------------


class UnitIn(BaseModel):
    """A unit to add, with where its alerts go."""

    name: str = Field(min_length=1, max_length=256)
    aliases: list[str] = Field(default_factory=list)
    contacts: list[dict[str, Any]] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list, max_length=50)
    webhook_url: str | None = Field(None, max_length=2048)
    webhook_secret: str | None = Field(None, min_length=16, max_length=128)


def _unit_json(unit: Any, token: TokenRecord) -> dict[str, Any]:
    return {
        "id": unit.id,
        "name": unit.name,
        "aliases": unit.aliases,
        "contacts": unit.contacts,
        "emails": unit.emails,
        "webhook_url": shown_webhook(unit.webhook_url, token),
        "has_webhook_secret": unit.has_webhook_secret,
        "created_at": unit.created_at.isoformat(),
    }


@router.get("/api/units", tags=["units"])
def get_units(request: Request, token: TokenRecord = Depends(current_token)) -> dict[str, Any]:
    """Units (a unit-scoped token sees its own only)."""
    units = list_units(request.app.state.store)
    if token.unit_id is not None:
        units = [u for u in units if u.id == token.unit_id]
    return {"items": [_unit_json(u, token) for u in units]}


@router.post("/api/units", status_code=201, tags=["units"])
def post_unit(
    body: UnitIn, request: Request, token: TokenRecord = Depends(require("admin"))
) -> dict[str, Any]:
    """Add a unit (name, aliases, contacts, alert `emails`, `webhook_url`, `webhook_secret`); 409
    when the name or an alias is taken, 422 for a webhook host outside AUDITOR_WEBHOOK_ALLOWED_HOSTS.
    Without a `webhook_secret` one is generated and returned in this response only. Documents
    that print the new unit's name and had no unit get it (and their alerts)."""
    import secrets

    _check_targets(request, body.emails, body.webhook_url)
    secret = body.webhook_secret or secrets.token_hex(32)
    store = request.app.state.store
    try:
        unit = create_unit(
            store,
            body.name,
            body.aliases,
            body.contacts,
            emails=body.emails,
            webhook_url=body.webhook_url,
            webhook_secret=secret,
        )
    except UnitExistsError as exc:
        raise HTTPException(409, f"单位已存在 (exists): {exc}") from None
    alerts.queue_alerts(match_unmatched(store, unit.id), "assign")
    out = _unit_json(unit, token)
    if body.webhook_secret is None:
        out["webhook_secret"] = secret  # shown once: the store keeps it only to sign
    return out


def _check_targets(request: Request, emails: list[str] | None, webhook_url: str | None) -> None:
    """422 for a malformed address or a webhook outside AUDITOR_WEBHOOK_ALLOWED_HOSTS."""
    from workers.delivery import host_allowed

    for email in emails or []:
        if "@" not in email or any(c.isspace() for c in email.strip()) or len(email) > 254:
            raise HTTPException(422, f"邮箱地址无效 (invalid email): {email!r}")
    if webhook_url and not host_allowed(webhook_url, request.app.state.settings.webhook_hosts()):
        raise HTTPException(
            422, "webhook_url 须为 http(s)，且主机在 AUDITOR_WEBHOOK_ALLOWED_HOSTS 中 (host not allowed)"
        )


class UnitPatch(BaseModel):
    """Changes to a unit: what is given replaces what was (`webhook_url: null` removes it)."""

    aliases: list[str] | None = None
    contacts: list[dict[str, Any]] | None = None
    emails: list[str] | None = Field(None, max_length=50)
    webhook_url: str | None = Field(None, max_length=2048)
    rotate_webhook_secret: bool = False


@router.patch("/api/units/{unit_id}", tags=["units"])
def patch_unit(
    unit_id: int, body: UnitPatch, request: Request, token: TokenRecord = Depends(require("admin"))
) -> dict[str, Any]:
    """Change a unit's aliases, contacts or alert targets; `rotate_webhook_secret: true` makes a
    new signing secret, returned in this response only (as is the one generated for a unit that
    had none). 404 for no such unit, 409 for an alias of another unit, 422 as POST."""
    import secrets

    from store.units import get_unit

    _check_targets(request, body.emails, body.webhook_url)
    store = request.app.state.store
    current = get_unit(store, unit_id)
    if current is None or (token.unit_id is not None and token.unit_id != unit_id):
        raise HTTPException(404, f"没有单位 {unit_id} (no such unit)")
    secret = secrets.token_hex(32) if body.rotate_webhook_secret or not current.has_webhook_secret else None
    try:
        unit = update_unit(
            store,
            unit_id,
            aliases=body.aliases,
            contacts=body.contacts,
            emails=body.emails,
            webhook_url=body.webhook_url,
            clear_webhook="webhook_url" in body.model_fields_set and body.webhook_url is None,
            webhook_secret=secret,
        )
    except UnitExistsError as exc:
        raise HTTPException(409, f"单位已存在 (exists): {exc}") from None
    assert unit is not None
    out = _unit_json(unit, token)
    if secret is not None:
        out["webhook_secret"] = secret  # shown once
    return out


@router.get("/api/rules", tags=["rules"])
def get_rules(token: TokenRecord = Depends(current_token)) -> dict[str, Any]:
    """The rule catalog (as `auditor rules --format json`)."""
    from rules import catalog

    return {"rules": [spec.as_dict() for spec in catalog()]}


@router.get("/api/dead-letters", tags=["documents"])
def get_dead_letters(request: Request, token: TokenRecord = Depends(require("inspector"))) -> dict[str, Any]:
    """Documents the queue gave up on after repeated transient errors."""
    return {"items": dead_letters(request.app.state.store, token.unit_id)}
