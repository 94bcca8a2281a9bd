"""Anomaly endpoints: list with filters, cursor and `since` polling (ETag / 304), one with its
history, PATCH of the follow-up status, CSV and XLSX exports with the same filters."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel

from api.auth import current_token, require
from store.anomalies import MAX_LIMIT, AnomalyFilter, change_seq, get_anomaly, list_anomalies
from store.repository import FindingNotFoundError
from store.tokens import TokenRecord

router = APIRouter(tags=["anomalies"])

#: Columns of the CSV and XLSX exports.
EXPORT_COLUMNS = (
    "id",
    "rule_id",
    "severity",
    "status",
    "unit",
    "year",
    "document_id",
    "filename",
    "message",
    "expected",
    "actual",
    "difference",
    "table",
    "row",
    "column",
    "page",
    "note",
)


def _filters(
    token: TokenRecord = Depends(current_token),
    status: str | None = None,
    severity: str | None = None,
    rule_id: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    batch_id: int | None = None,
    document_id: int | None = None,
) -> AnomalyFilter:
    return AnomalyFilter(status, severity, rule_id, unit, year, batch_id, document_id, token.unit_id)


def _etag(request: Request, f: AnomalyFilter, seq: int) -> str:
    key = f"{sorted(request.query_params.multi_items())}|{f.scope_unit_id}"
    return f'W/"{seq}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"'


@router.get("/api/anomalies")
def get_anomalies(
    request: Request,
    response: Response,
    f: AnomalyFilter = Depends(_filters),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    cursor: str | None = None,
    since: str | None = None,
) -> Any:
    """`{"items", "next_cursor", "since"}`: anomalies matching the filters. `since=<token>` returns
    only what was created or changed after the token; every response names the next token. An
    ETag answers 304 to `If-None-Match` while nothing changed."""
    store = request.app.state.store
    tag = _etag(request, f, change_seq(store))
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    try:
        page = list_anomalies(store, f, limit, cursor, since)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    response.headers["ETag"] = _etag(request, f, page.change_seq)
    return {"items": page.items, "next_cursor": page.next_cursor, "since": page.since}


@router.get("/api/anomalies.csv")
def get_anomalies_csv(request: Request, f: AnomalyFilter = Depends(_filters)) -> Response:
    """Every anomaly matching the filters as CSV (UTF-8 with BOM, so spreadsheet programs read it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in _export_rows(request, f):
        writer.writerow(row)
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="anomalies.csv"'},
    )


@router.get("/api/anomalies.xlsx")
def get_anomalies_xlsx(request: Request, f: AnomalyFilter = Depends(_filters)) -> Response:
    """Every anomaly matching the filters as an Excel workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "anomalies"
    sheet.append(list(EXPORT_COLUMNS))
    for row in _export_rows(request, f):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="anomalies.xlsx"'},
    )


def _export_rows(request: Request, f: AnomalyFilter) -> list[list[Any]]:
    store = request.app.state.store
    rows: list[list[Any]] = []
    cursor: str | None = None
    while True:
        page = list_anomalies(store, f, MAX_LIMIT, cursor)
        for item in page.items:
            first = item["evidence"][0] if item["evidence"] else {}
            rows.append(
                [
                    item["id"],
                    item["rule_id"],
                    item["severity"],
                    item["status"],
                    item["unit"],
                    item["year"],
                    item["document"]["id"],
                    item["document"]["filename"],
                    item["message"],
                    item["expected"],
                    item["actual"],
                    item["difference"],
                    first.get("table"),
                    first.get("row"),
                    first.get("column"),
                    first.get("page"),
                    item["note"],
                ]
            )
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


@router.get("/api/anomalies/{anomaly_id}")
def get_one_anomaly(
    anomaly_id: int, request: Request, token: TokenRecord = Depends(current_token)
) -> dict[str, Any]:
    """One anomaly with its history (who, when, from, to, note)."""
    item = get_anomaly(request.app.state.store, anomaly_id, token.unit_id)
    if item is None:
        raise HTTPException(404, f"没有异常 {anomaly_id} (no such anomaly)")
    return item


class AnomalyPatch(BaseModel):
    """A follow-up decision."""

    status: Literal["open", "confirmed", "dismissed", "sent_to_unit", "resolved"]
    note: str | None = None


@router.patch("/api/anomalies/{anomaly_id}")
def patch_anomaly(
    anomaly_id: int, body: AnomalyPatch, request: Request, token: TokenRecord = Depends(require("inspector"))
) -> dict[str, Any]:
    """Move an anomaly to a follow-up status with a note; the anomaly with its history.
    open → confirmed | dismissed | resolved; confirmed → sent_to_unit | resolved | dismissed | open;
    dismissed → open | confirmed; sent_to_unit → resolved | confirmed | open; resolved → open.
    409 for any other move (e.g. dismissed → resolved, or to the status it already has)."""
    store = request.app.state.store
    if get_anomaly(store, anomaly_id, token.unit_id) is None:
        raise HTTPException(404, f"没有异常 {anomaly_id} (no such anomaly)")
    try:
        store.transition(anomaly_id, body.status, actor=token.name, comment=body.note)
    except FindingNotFoundError:
        raise HTTPException(404, f"没有异常 {anomaly_id} (no such anomaly)") from None
    except ValueError as exc:
        raise HTTPException(409, str(exc)) from None
    item = get_anomaly(store, anomaly_id, token.unit_id)
    assert item is not None
    if body.status == "confirmed":  # "alert on confirm only" sends the confirmed findings
        from api.alerts import queue_alerts

        queue_alerts([item["document"]["id"]], "confirm", request.app.state.settings.alert_confirm_delay)
    return item
