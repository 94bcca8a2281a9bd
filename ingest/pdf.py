"""PDFs → pages of blocks: the text layer through pdfplumber (pdfminer.six underneath).

Ruled tables come from pdfplumber's table finder with each cell's bounding box; the text outside
them comes as lines with their boxes. Each page is routed to the reader that can read it: a page
whose text is garbled (a font without a usable ToUnicode map) is read again with pdfium
(ingest/pdfium.py), and if that is garbled too, or the page is a scanned image with no text at
all, it is OCRed (ingest/ocr.py). `Page.method` records which reader gave each page.
"""

from __future__ import annotations

import io
import re

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from ingest.errors import IngestError
from ingest.garbled import count_garbled
from ingest.layout import Block, Grid, Line, Page, RawCell
from ingest.model import Location
from ingest.route import route_pages

# pdfplumber table settings: ruled tables (the standard 公开表 are printed with full grids).
TABLE_SETTINGS: dict[str, object] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Characters closer than this (in points) on the same baseline are one text line.
LINE_Y_TOLERANCE = 3
# Share of garbled characters (ingest/garbled.py) on a page above which its text is not trusted:
# the page is read again with pdfium, and OCRed if pdfium's text is garbled too.
GARBLED_SHARE = 0.05

_FOOTER = re.compile(r"^\s*(?:[—－-]\s*\d+\s*[—－-]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
# Doubled characters closer than this (points) with the same text and font are one character.
DEDUPE_TOLERANCE = 1
# Lines in the bottom part of a page made only of digits and dashes are page-number footers.
FOOTER_ZONE = 0.9
_PAGE_NUMBER_BITS = re.compile(r"^[\d\s—－-]{1,12}$")


def _inside(obj: dict[str, float], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _grid(table: object, number: int) -> Grid:
    texts = table.extract()  # type: ignore[attr-defined]
    rows: list[list[RawCell | None]] = []
    for r_index, row in enumerate(table.rows):  # type: ignore[attr-defined]
        cells: list[RawCell | None] = []
        for c_index, bbox in enumerate(row.cells):
            text = texts[r_index][c_index] if r_index < len(texts) and c_index < len(texts[r_index]) else None
            if bbox is None or text is None:
                cells.append(None)
            else:
                cells.append(RawCell(text, Location(page=number, bbox=tuple(bbox))))
        rows.append(cells)
    return Grid(rows=rows, loc=Location(page=number, bbox=tuple(table.bbox)))  # type: ignore[attr-defined]


def _has_doubled_chars(chars: list[dict[str, object]]) -> bool:
    """True when some character is drawn again within DEDUPE_TOLERANCE of itself (fake bold)."""
    seen: set[tuple[object, int, int]] = set()
    for ch in chars:
        x, y = int(float(ch["x0"]) // DEDUPE_TOLERANCE), int(float(ch["top"]) // DEDUPE_TOLERANCE)  # type: ignore[arg-type]
        text = ch["text"]
        if any((text, x + dx, y + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            return True
        seen.add((text, x, y))
    return False


def _page_blocks(page: pdfplumber.page.Page, number: int) -> Page:
    out = Page(number=number, method="pdfplumber", images=len(page.images))
    # Fake bold: the same glyphs drawn twice, slightly shifted, would read as "字字节节". pdfplumber's
    # dedupe costs as much as the text extraction itself, so it runs only on pages that need it.
    if _has_doubled_chars(page.chars):
        page = page.dedupe_chars(tolerance=DEDUPE_TOLERANCE)
    tables = page.find_tables(TABLE_SETTINGS)
    boxes = [t.bbox for t in tables]
    placed: list[tuple[float, Block]] = [(t.bbox[1], _grid(t, number)) for t in tables]
    outside = (
        page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    )
    for ln in outside.extract_text_lines(
        layout=False, strip=True, return_chars=False, y_tolerance=LINE_Y_TOLERANCE
    ):
        text = ln["text"].strip()
        if not text or _FOOTER.match(text):
            continue
        if ln["top"] > page.height * FOOTER_ZONE and _PAGE_NUMBER_BITS.match(text):
            continue  # "— 12 —" split into "12" and "— —" by the layout analysis
        placed.append(
            (ln["top"], Line(text, Location(page=number, bbox=(ln["x0"], ln["top"], ln["x1"], ln["bottom"]))))
        )
    placed.sort(key=lambda item: item[0])
    out.blocks = [b for _, b in placed]
    out.chars = len(page.chars)
    texts = [b.text for b in out.blocks if isinstance(b, Line)]
    texts += [
        c.text for b in out.blocks if isinstance(b, Grid) for row in b.rows for c in row if c is not None
    ]
    out.garbled = min(count_garbled("\n".join(texts))[0], out.chars)  # a "(cid:N)" is one character
    return out


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors in PdfminerException; the cause says what happened."""
    while isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _open_error(exc: BaseException) -> IngestError:
    inner = _unwrap(exc)
    name = type(inner).__name__
    if (
        isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError))
        or "Encrypt" in name
        or "Password" in name
    ):
        return IngestError(f"PDF 已加密，无法读取（{name}）")
    if isinstance(inner, (PDFSyntaxError, PSException)):
        return IngestError(f"PDF 文件损坏或被截断，无法解析（{name}）")
    return IngestError(f"PDF 无法打开（文件损坏？）：{name}: {str(inner)[:120]}")


def read_pdf(data: bytes) -> list[Page]:
    """Read every page of a PDF (text layer, pdfium or OCR per page). Raises IngestError with a one-line reason."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds on broken files
        raise _open_error(exc) from exc
    pages: list[Page] = []
    try:
        with pdf:
            if not pdf.pages:
                raise IngestError("PDF 没有任何页面")
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(_page_blocks(page, number))
                page.flush_cache()
    except IngestError:
        raise
    except Exception as exc:
        err = _open_error(exc)
        if "加密" in err.reason:
            raise err from exc
        raise IngestError(
            f"PDF 文件损坏或被截断，读取第 {len(pages) + 1} 页时出错：{type(_unwrap(exc)).__name__}"
        ) from exc
    route_pages(data, pages, GARBLED_SHARE)
    if sum(p.chars for p in pages) == 0:
        if any(p.images for p in pages):
            raise IngestError(
                f"PDF 没有文字层（{len(pages)} 页均为图像，疑似扫描件），OCR 也未识别出任何文字"
            )
        raise IngestError("PDF 没有任何文字内容")
    return pages
