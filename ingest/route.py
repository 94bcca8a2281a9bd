"""Which reader reads each page: the text layer, pdfium, or OCR.

pdf.py reads every page with pdfplumber first (cheap, and right for born-digital disclosures).
A page whose text is garbled is read again with pdfium; a page still garbled, or a scanned page
(images, no characters), is OCRed. Every page keeps the method that gave its blocks in
`Page.method` ("pdfplumber", "pdfium", "ocr"), which the document's quality record counts.
"""

from __future__ import annotations

import time

import structlog

from ingest.errors import IngestError
from ingest.layout import Grid, Page

log = structlog.get_logger(__name__)


def garbled(page: Page, share: float) -> bool:
    """True when more than `share` of the page's characters are garbled."""
    return page.chars > 0 and page.garbled / page.chars > share


def scanned(page: Page) -> bool:
    """True for a page that shows images but has no text at all."""
    return page.chars == 0 and page.images > 0


def reread_with_pdfium(data: bytes, pages: list[Page], share: float) -> None:
    """Replace garbled pages by pdfium's reading when it is less garbled (tables: pdfplumber's cells)."""
    from ingest.pdfium import open_pdf, read_page

    doc = open_pdf(data)
    try:
        for i, page in enumerate(pages):
            if not garbled(page, share):
                continue
            tables = [
                (b.loc.bbox, [[c.loc.bbox if c is not None else None for c in row] for row in b.rows])
                for b in page.blocks
                if isinstance(b, Grid) and b.loc.bbox is not None
            ]
            pdf_page = doc[page.number - 1]
            try:
                alt = read_page(pdf_page, page.number, tables)
            finally:
                pdf_page.close()
            alt.images = page.images
            log.info(
                "ingest.pdfium",
                page=page.number,
                chars=alt.chars,
                garbled_before=page.garbled,
                garbled_after=alt.garbled,
            )
            if alt.chars and alt.garbled / alt.chars < page.garbled / page.chars:
                pages[i] = alt
    finally:
        doc.close()


def ocr(data: bytes, pages: list[Page], share: float) -> None:
    """OCR scanned pages and pages still garbled. Without an OCR engine, a document that is only
    scanned pages fails with the reason; other documents keep those pages as they are."""
    from ingest.ocr import OcrUnavailable, read_pages

    wanted = [p.number for p in pages if scanned(p) or garbled(p, share)]
    if not wanted:
        return
    start = time.perf_counter()
    try:
        read = read_pages(data, wanted)
    except OcrUnavailable as exc:
        if all(scanned(p) for p in pages):
            raise IngestError(f"PDF 没有文字层（{len(pages)} 页均为图像，疑似扫描件），{exc.reason}") from exc
        log.warning("ingest.ocr_unavailable", pages=wanted, reason=exc.reason)
        return
    seconds = time.perf_counter() - start
    log.info(
        "ingest.ocr",
        pages=len(wanted),
        seconds=round(seconds, 2),
        seconds_per_page=round(seconds / len(wanted), 2),
    )
    for i, page in enumerate(pages):
        if page.number in read:
            pages[i] = read[page.number]


def route_pages(data: bytes, pages: list[Page], share: float) -> None:
    """Re-read, in place, the pages the text layer could not give: garbled → pdfium → OCR; scans → OCR."""
    if any(garbled(p, share) for p in pages):
        reread_with_pdfium(data, pages, share)
    if any(scanned(p) or garbled(p, share) for p in pages):
        ocr(data, pages, share)
