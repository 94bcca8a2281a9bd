"""PDF pages through pdfium (pypdfium2): a second text extractor, and page images for OCR.

pdfium maps many glyphs to Unicode that pdfminer leaves as `(cid:N)` (fonts without a ToUnicode
map, but with a usable cmap or glyph names), so a page whose pdfminer text is garbled is read
again here: the text outside tables as lines, and the text of each table cell inside the cell box
that pdfplumber's table finder reported. Scanned pages are rendered at their own image
resolution, so that OCR sees the pixels the scanner made, neither blurred nor invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from ingest.garbled import count_garbled
from ingest.layout import Block, Grid, Line, Page, RawCell
from ingest.model import Location

if TYPE_CHECKING:
    import numpy as np

# Resolution bounds for rendering a page to OCR it (dpi). Below the lower bound characters are
# too small for the recogniser; above the upper one OCR gets slow without reading better.
RENDER_DPI_MIN = 150.0
RENDER_DPI_MAX = 300.0
# Used for a page with no embedded image to take the resolution from.
RENDER_DPI_DEFAULT = 200.0
# Characters whose vertical centres are closer than this share of their height are one line.
LINE_OVERLAP = 0.5
# A gap wider than this (points) between two characters of a line is a space (pdfplumber's x_tolerance).
WORD_GAP = 3.0
# Lines in the bottom part of a page made only of digits and dashes are page-number footers.
FOOTER_ZONE = 0.9

_FOOTER = re.compile(r"^\s*(?:[—－-]\s*\d+\s*[—－-]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
_PAGE_NUMBER_BITS = re.compile(r"^[\d\s—－-]{1,12}$")
_SPACES = re.compile(r"\s+")

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points, top-left origin
CellBoxes = list[list[Box | None]]  # a table's cell boxes, row by row (None: covered by a merge)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes with pdfium."""
    return pdfium.PdfDocument(data)


def native_dpi(page: pdfium.PdfPage) -> float:
    """The resolution of the page's largest image as placed on the page, within the render bounds."""
    best_area, dpi = 0.0, RENDER_DPI_DEFAULT
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        width_pt, height_pt = right - left, top - bottom
        if width_pt <= 1 or height_pt <= 1:
            continue
        px_w, px_h = obj.get_px_size()
        if width_pt * height_pt > best_area:
            best_area = width_pt * height_pt
            # a rotated placement swaps the axes; the larger of the two readings is the scan's
            dpi = max(px_w / width_pt, px_h / height_pt) * 72
    return min(max(dpi, RENDER_DPI_MIN), RENDER_DPI_MAX)


def render_gray(page: pdfium.PdfPage, dpi: float) -> np.ndarray:
    """The page as an 8-bit greyscale array at `dpi` (rows top to bottom)."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    array = bitmap.to_numpy()
    if array.ndim == 3:
        array = array[:, :, 0]
    return array.copy()


def _top_based(rect: tuple[float, float, float, float], page_top: float, page_left: float) -> Box:
    left, bottom, right, top = rect
    return (left - page_left, page_top - top, right - page_left, page_top - bottom)


def _pdf_rect(box: Box, page_top: float, page_left: float) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = box
    return (x0 + page_left, page_top - bottom, x1 + page_left, page_top - top)


def _inside(box: Box, areas: Sequence[Box]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(a[0] <= cx <= a[2] and a[1] <= cy <= a[3] for a in areas)


def _lines(chars: list[tuple[Box, str]], number: int, page_height: float) -> list[Line]:
    """Characters grouped into lines (vertical overlap), left to right; footers dropped."""
    chars.sort(key=lambda p: ((p[0][1] + p[0][3]) / 2, p[0][0]))
    rows: list[list[tuple[Box, str]]] = []
    for box, text in chars:
        cy, h = (box[1] + box[3]) / 2, box[3] - box[1]
        if rows:
            last = rows[-1]
            top = min(b[1] for b, _ in last)
            bottom = max(b[3] for b, _ in last)
            if abs(cy - (top + bottom) / 2) <= LINE_OVERLAP * max(min(h, bottom - top), 1.0):
                last.append((box, text))
                continue
        rows.append([(box, text)])
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda p: p[0][0])
        parts: list[str] = []
        for k, (box, t) in enumerate(row):
            if k and box[0] - row[k - 1][0][2] > WORD_GAP:
                parts.append(" ")
            parts.append(t)
        text = _SPACES.sub(" ", "".join(parts)).strip()
        top = min(b[1] for b, _ in row)
        if (
            not text
            or _FOOTER.match(text)
            or (top > page_height * FOOTER_ZONE and _PAGE_NUMBER_BITS.match(text))
        ):
            continue
        bbox = (min(b[0] for b, _ in row), top, max(b[2] for b, _ in row), max(b[3] for b, _ in row))
        out.append(Line(text, Location(page=number, bbox=bbox)))
    return out


def read_page(page: pdfium.PdfPage, number: int, tables: Sequence[tuple[Box, CellBoxes]]) -> Page:
    """A page's blocks read with pdfium's text: lines outside `tables`, and each table's cells.

    `tables` are (table box, cell boxes) in points with a top-left origin, as pdfplumber's table
    finder gives them; the method recorded is "pdfium".
    """
    left, _bottom, _right, top = page.get_mediabox()
    textpage = page.get_textpage()
    try:
        placed: list[tuple[float, Block]] = []
        areas = [bbox for bbox, _ in tables]
        for bbox, cells in tables:
            rows: list[list[RawCell | None]] = []
            for row in cells:
                out_row: list[RawCell | None] = []
                for cell in row:
                    if cell is None:
                        out_row.append(None)
                        continue
                    text = textpage.get_text_bounded(*_pdf_rect(cell, top, left))
                    out_row.append(RawCell(_cell_text(text), Location(page=number, bbox=cell)))
                rows.append(out_row)
            placed.append((bbox[1], Grid(rows=rows, loc=Location(page=number, bbox=bbox))))
        chars: list[tuple[Box, str]] = []
        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            if not ch or ch in "\r\n":
                continue
            box = _top_based(textpage.get_charbox(i, loose=True), top, left)
            if areas and _inside(box, areas):
                continue
            chars.append((box, ch))
        placed.extend(
            (ln.loc.bbox[1] if ln.loc.bbox else 0.0, ln) for ln in _lines(chars, number, top - _bottom)
        )
        placed.sort(key=lambda item: item[0])
        text_all = textpage.get_text_range()
    finally:
        textpage.close()
    bad, total = count_garbled(text_all)
    return Page(number=number, blocks=[b for _, b in placed], chars=total, garbled=bad, method="pdfium")


def _cell_text(text: str) -> str:
    # pdfium ends lines with "\r\n"; a cell's lines are joined with "\n" like pdfplumber's
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln)
