"""Which reader reads each page: the text layer, pdfium, or OCR.

pdf.py reads every page with pdfplumber first (cheap, and right for born-digital disclosures).
A page whose text is garbled is read again with pdfium; a page still garbled, or a scanned page
(images, no characters), is OCRed. Every page keeps the method that gave its blocks in
`Page.method` ("pdfplumber", "pdfium", "ocr"), which the document's quality record counts.

A searchable scan (an image covering the page under invisible OCR text, found by pdf.py) has a
text layer but no ruled table in it: the tables are read from the image by OCR, and each cell is
cross-checked with the invisible text (ingest/ocr.py says why the OCR reading is the one kept).
Without an OCR engine, the image's table grids are filled with the invisible text instead
(method "image_grid"). A page whose content was printed turned and is garbled goes straight to
OCR, which turns it upright.

The OCR step's wall-clock time is shared out over the pages it read (`Page.ocr_seconds`), which
the quality record adds up.
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


def searchable_scan(page: Page) -> bool:
    """True for a page whose text is invisible OCR text over an image covering the page."""
    return bool(page.invisible_text)


def reread_with_pdfium(data: bytes, pages: list[Page], share: float) -> None:
    """Replace garbled pages by pdfium's reading when it is less garbled (tables: pdfplumber's cells)."""
    from ingest.pdfium import open_pdf, read_page

    doc = open_pdf(data)
    try:
        for i, page in enumerate(pages):
            if not garbled(page, share) or page.turn:
                continue  # turned content would come back as one character per line: OCR turns it
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


def _wanted(page: Page, share: float) -> bool:
    return scanned(page) or garbled(page, share) or searchable_scan(page)


def ocr(data: bytes, pages: list[Page], share: float) -> None:
    """OCR scanned pages, pages still garbled and the tables of searchable scans. Without an OCR
    engine, a document that is only scanned pages fails with the reason; other documents keep
    those pages as they are, each with a problem saying so (searchable scans get their image's
    grids filled with the invisible text)."""
    from ingest.ocr import OcrUnavailable, check_against_invisible_text, read_image_grids, read_pages

    wanted = [p.number for p in pages if _wanted(p, share)]
    if not wanted:
        return
    tables_only = {p.number for p in pages if searchable_scan(p) and not (scanned(p) or garbled(p, share))}
    start = time.perf_counter()
    try:
        read = read_pages(data, wanted, tables_only)
    except OcrUnavailable as exc:
        if all(scanned(p) for p in pages):
            raise IngestError(f"PDF 没有文字层（{len(pages)} 页均为图像，疑似扫描件），{exc.reason}") from exc
        log.warning("ingest.ocr_unavailable", pages=wanted, reason=exc.reason)
        read = read_image_grids(data, [p for p in pages if p.number in tables_only])
        for page in pages:
            if page.number in wanted and page.number not in tables_only:
                page.problems.append(f"第 {page.number} 页需 OCR（扫描图像或文字乱码），{exc.reason}")
        for i, page in enumerate(pages):
            if page.number in read:
                pages[i] = read[page.number]
        return
    seconds = time.perf_counter() - start
    log.info(
        "ingest.ocr",
        pages=len(read),
        seconds=round(seconds, 2),
        seconds_per_page=round(seconds / len(read), 2) if read else 0.0,
    )
    for i, page in enumerate(pages):
        if page.number not in read:
            continue
        new = read[page.number]
        new.ocr_seconds = seconds / len(read)
        new.problems = page.problems + new.problems
        if searchable_scan(page):
            check_against_invisible_text(new, page.invisible_text)
            new.invisible_text = page.invisible_text
        pages[i] = new


def route_pages(data: bytes, pages: list[Page], share: float) -> None:
    """Re-read, in place, the pages the text layer could not give: garbled → pdfium → OCR; scans → OCR."""
    if any(garbled(p, share) for p in pages):
        reread_with_pdfium(data, pages, share)
    if any(_wanted(p, share) for p in pages):
        ocr(data, pages, share)
