"""bytes → Disclosure: the single entry point of ingest/ for PDFs and extracted text."""

from __future__ import annotations

import re

import structlog

from ingest.errors import IngestError
from ingest.layout import Line, Page
from ingest.meta import detect
from ingest.model import Disclosure
from ingest.narrative import read_narrative
from ingest.pdf import read_pdf
from ingest.reconcile import reconcile_income_columns, settle_fund_columns, settle_three_public
from ingest.tables import Recognised, recognise
from ingest.text import decode_text, read_text

log = structlog.get_logger(__name__)

_BUDGET_TITLE = re.compile(r"预算公开表|年预算收支总表|年预算收入总表|年预算支出总表|财政拨款收支总表")


def performance_quality(found: Recognised) -> dict[str, object]:
    """绩效自评表: titles seen, forms parsed, and a note when some were printed without a grid."""
    parsed = sum(1 for tid in found.tables if tid.startswith("P"))
    out: dict[str, object] = {"titles": found.performance_titles, "parsed": parsed}
    if found.performance_text_forms:
        out["as_text"] = found.performance_text_forms
    if found.performance_titles > parsed or found.performance_text_forms:
        out["note"] = "部分绩效自评表未以表格形式读出（如无制表符的文本、栏次错位），未解析"
    return out


# Searchable scans: at most this many differing cells are listed in the quality record.
DIFFERING_LISTED = 20


def ocr_quality(pages: list[Page]) -> dict[str, object]:
    """Pages OCRed, the OCR step's wall-clock seconds and seconds per page."""
    read = [p.ocr_seconds for p in pages if p.ocr_seconds is not None]
    seconds = sum(read)
    return {
        "pages": len(read),
        "seconds": round(seconds, 2),
        "seconds_per_page": round(seconds / len(read), 2) if read else 0.0,
    }


def invisible_text_quality(pages: list[Page]) -> dict[str, object]:
    """Searchable scans: pages, cells whose OCR was compared with the invisible text, those differing."""
    scans = [p for p in pages if p.invisible_text]
    differing = [d for p in scans for d in p.cells_differing]
    return {
        "pages": [p.number for p in scans],
        "cells_compared": sum(p.cells_compared for p in scans),
        "cells_differing": len(differing),
        "differing": [{"page": n, "ocr": o, "invisible_text": t} for n, o, t in differing[:DIFFERING_LISTED]],
    }


def build(pages: list[Page], source: str) -> Disclosure:
    """Recognise tables and narrative in read pages and detect the document's metadata."""
    found = recognise(pages)
    all_lines = [b.text for p in pages for b in p.blocks if isinstance(b, Line)]
    budget_marks = sum(1 for t in all_lines if _BUDGET_TITLE.search(t.replace(" ", "")))
    unit, year, kind, level = detect(all_lines, len(found.tables), budget_marks)
    d = Disclosure(source=source, kind=kind, level=level, unit=unit, year=year, pages=len(pages))
    d.tables = found.tables
    moves = reconcile_income_columns(found.tables) + settle_fund_columns(found.tables)
    moves += settle_three_public(found.tables)
    narrative = read_narrative(found.narrative, found.tables, year)
    d.paragraphs = narrative.paragraphs
    d.claims = narrative.claims
    chars = sum(p.chars for p in pages)
    garbled = sum(p.garbled for p in pages)
    methods: dict[str, int] = {}
    for p in pages:
        methods[p.method] = methods.get(p.method, 0) + 1
    d.quality = {
        "pages_by_method": methods,
        "chars": chars,
        "garbled_share": round(garbled / chars, 4) if chars else 0.0,
        "tables_recognised": sorted(found.tables),
        "grids_not_recognised": found.unrecognised_grids,
        "performance_forms": performance_quality(found),
        "rows_not_parsed": found.problems,
        # tables whose printed figures could not be read (header not understood), and why
        "tables_unread": [{"table": t.id, "reason": t.unread} for t in found.tables.values() if t.unread],
        "uncertain_cells": sum(1 for t in found.tables.values() for c in t.cells() if c.uncertain),
        "columns_reconciled": [m.as_dict() for m in moves],
        "claims": narrative.quality,
        "ocr": ocr_quality(pages),
        "turned_pages": [{"page": p.number, "turn": p.turn, "method": p.method} for p in pages if p.turn],
        "page_problems": [{"page": p.number, "problem": problem} for p in pages for problem in p.problems],
    }
    if any(p.invisible_text for p in pages):
        d.quality["searchable_scan"] = invisible_text_quality(pages)
    return d


def read_document(data: bytes, file_name: str, kind: str) -> Disclosure:
    """Read a document of the sniffed kind ("pdf" or "text"). Raises IngestError for bad input."""
    if kind == "pdf":
        pages = read_pdf(data)
    elif kind == "text":
        try:
            text = decode_text(data)
        except ValueError as exc:
            raise IngestError(str(exc)) from exc
        if not text.strip():
            raise IngestError("文本文件为空")
        pages = read_text(text)
    else:
        raise IngestError(f"不支持的文件类型：{file_name}")
    d = build(pages, file_name)
    if not d.tables and d.kind != "budget":
        raise IngestError("未识别到任何决算/预算公开表（公开01表…），不像是预决算公开文件")
    log.info("ingest.read", file=file_name, pages=d.pages, tables=sorted(d.tables), unit=d.unit, year=d.year)
    return d
