"""Alert endpoints: the alerts sent to units with every attempt, documents no unit was matched to
and their assignment by hand, and a batch's alert mode (on_audit | on_confirm)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from api.auth import current_token, require, shown_webhook
from store.alerts import batch_documents, list_alerts, retry_alert, set_batch_alert_mode
from store.batches import document_service_info, get_batch
from store.tokens import TokenRecord
from store.units import assign_unit, find_unit, get_unit, unmatched_documents

router = APIRouter(tags=["alerts"])


def queue_alerts(document_ids: list[int], trigger: str, delay_seconds: float = 0.0) -> None:
    """Ask the workers to plan the alerts of these documents (idempotent; nothing when none due)."""
    from workers.alerts import alert_document

    for document_id in document_ids:
        alert_document(document_id, trigger, delay_seconds)


@router.get("/api/alerts")
def get_alerts(
    request: Request,
    unit_id: int | None = None,
    unit: str | None = None,
    document_id: int | None = None,
    limit: int = Query(100, ge=1, le=1000),
    before: int | None = None,
    token: TokenRecord = Depends(current_token),
) -> dict[str, Any]:
    """`{"items", "next_before"}`: alerts newest first (filter by `unit_id`, `unit` name or alias,
    `document_id`), each with its document, unit, channel, target, status (pending | sent | failed),
    kind (first | update), trigger (audit | confirm | assign) and every delivery attempt. A webhook
    target is whole for an admin, its scheme and host only for any other role."""
    store = request.app.state.store
    if unit is not None:
        found = find_unit(store, unit)
        if found is None:
            return {"items": [], "next_before": None}
        unit_id = found.id
    items = list_alerts(store, unit_id, document_id, token.unit_id, limit, before)
    for item in items:  # a webhook's path and query are the admin's to see (`shown_webhook`)
        if item["channel"] == "webhook":
            item["target"] = shown_webhook(item["target"], token)
    return {"items": items, "next_before": items[-1]["id"] if len(items) == limit else None}


@router.post("/api/alerts/{alert_id}/retry", status_code=202)
def post_alert_retry(
    alert_id: int, request: Request, token: TokenRecord = Depends(require("inspector"))
) -> dict[str, Any]:
    """Deliver a failed alert again (e.g. after the SMTP server or the unit's address was fixed);
    its earlier attempts stay listed. 409 unless the alert failed."""
    if not retry_alert(request.app.state.store, alert_id, token.unit_id):
        raise HTTPException(409, f"告警 {alert_id} 不存在或不是失败状态 (no such failed alert)")
    from workers.alerts import queue_delivery

    queue_delivery(alert_id)
    return {"id": alert_id, "status": "pending"}


@router.get("/api/units/unmatched")
def get_unmatched(request: Request, token: TokenRecord = Depends(require("inspector"))) -> dict[str, Any]:
    """Documents whose unit could not be matched (no batch unit, printed name unknown), newest first,
    with the name they print (`printed_unit`), to assign with PUT /api/documents/{id}/unit."""
    if token.unit_id is not None:
        return {"items": []}
    return {"items": unmatched_documents(request.app.state.store)}


class UnitAssignment(BaseModel):
    """The unit to give a document: by id or by name (or alias)."""

    unit_id: int | None = None
    unit: str | None = Field(None, min_length=1, max_length=256)


@router.put("/api/documents/{document_id}/unit")
def put_document_unit(
    document_id: int,
    body: UnitAssignment,
    request: Request,
    token: TokenRecord = Depends(require("inspector")),
) -> dict[str, Any]:
    """Assign a document to a unit by hand; its alerts are then planned (trigger "assign")."""
    store = request.app.state.store
    info = document_service_info(store, document_id)
    if info is None or token.unit_id is not None:
        raise HTTPException(404, f"没有文档 {document_id} (no such document)")
    unit = get_unit(store, body.unit_id) if body.unit_id is not None else None
    if unit is None and body.unit:
        unit = find_unit(store, body.unit)
    if unit is None:
        raise HTTPException(422, "未知单位：请给出 unit_id 或已登记的单位名称 (unknown unit)")
    assign_unit(store, document_id, unit.id)
    queue_alerts([document_id], "assign")
    return {"id": document_id, "unit": {"id": unit.id, "name": unit.name}}


class AlertModeIn(BaseModel):
    """A batch's alert mode; null: the operator's AUDITOR_ALERT_MODE."""

    alert_mode: Literal["on_audit", "on_confirm"] | None


@router.put("/api/batches/{batch_id}/alert-mode")
def put_batch_alert_mode(
    batch_id: int, body: AlertModeIn, request: Request, token: TokenRecord = Depends(require("admin"))
) -> dict[str, Any]:
    """Switch a batch to "alert on confirm only" (on_confirm), back to on_audit, or to the default
    (null). Switching to on_audit plans the alerts of its documents at once."""
    store = request.app.state.store
    if get_batch(store, batch_id, token.unit_id) is None:
        raise HTTPException(404, f"没有批次 {batch_id} (no such batch)")
    set_batch_alert_mode(store, batch_id, body.alert_mode)
    if body.alert_mode != "on_confirm":
        queue_alerts(batch_documents(store, batch_id), "audit")
    return {"batch_id": batch_id, "alert_mode": body.alert_mode}
