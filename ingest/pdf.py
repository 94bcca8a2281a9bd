"""PDFs → pages of blocks: the text layer through pdfplumber (pdfminer.six underneath).

Ruled tables come from pdfplumber's table finder with each cell's bounding box; the text outside
them comes as lines with their boxes. Each page is routed to the reader that can read it: a page
whose text is garbled (a font without a usable ToUnicode map) is read again with pdfium
(ingest/pdfium.py), and if that is garbled too, or the page is a scanned image with no text at
all, it is OCRed (ingest/ocr.py). `Page.method` records which reader gave each page.

Two kinds of page look like text-layer pages but are not read right as they stand:

- content printed turned (a landscape table drawn sideways on a portrait page with a rotated text
  matrix, or a page printed upside down) without a /Rotate flag: pdfplumber gives one character per
  line. The characters' matrices, which are at hand anyway, tell the direction the text runs; a
  page where most of it runs at 90°, 180° or 270° is copied by pdfium with its /Rotate advanced by
  that angle and read again, so that pdfminer itself lays the text out upright. Boxes are turned
  back to the page as displayed, so evidence points at the place printed.
- searchable scans: an image covering the page under invisible OCR text (render mode 3) and no
  ruling lines: the invisible text is kept, and route.py reads the tables from the image.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable

import pdfplumber
import structlog
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import chars_to_textmap

from ingest.errors import IngestError
from ingest.garbled import count_garbled
from ingest.layout import Block, Grid, Line, Page, RawCell
from ingest.model import Location
from ingest.route import route_pages

log = structlog.get_logger(__name__)

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
# A page is read turned when more than this share of its characters run in one turned direction
# (90°, 180° or 270° counter-clockwise); fewer, such as a sideways margin note, are left alone.
TURNED_SHARE = 0.5
# A character whose baseline is within this many degrees of a right angle runs in that direction.
TURN_TOLERANCE = 2.0
# A page where most characters, and at least this many, run at no right angle cannot be laid out:
# it is reported in the quality record (a short slanted watermark alone is not).
SLANTED_MIN_CHARS = 20
# A searchable scan's image covers at least this share of the page.
SCAN_IMAGE_COVER = 0.8
# …and at least this share of its text objects are invisible (render mode 3).
INVISIBLE_SHARE = 0.9


def _open_pdfium(data: bytes) -> object:
    from ingest.pdfium import open_pdf

    return open_pdf(data)


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


def char_turn(ch: dict[str, object]) -> int | None:
    """Direction of a character's baseline: 0, 90, 180 or 270 degrees counter-clockwise, None for
    any other angle (a slanted watermark)."""
    a, b = ch["matrix"][:2]  # type: ignore[index]
    if b == 0 and a > 0:  # nearly every character: skip the trigonometry
        return 0
    angle = math.degrees(math.atan2(b, a)) % 360
    quarter = round(angle / 90)
    if abs(angle - quarter * 90) > TURN_TOLERANCE:
        return None
    return (quarter % 4) * 90


def page_turn(chars: list[dict[str, object]]) -> tuple[int | None, dict[int | None, int]]:
    """The angle the page's text mostly runs at (0 when most is upright or the page has no text,
    None when most is slanted at no right angle), and the count of characters per direction."""
    counts: dict[int | None, int] = {}
    for ch in chars:
        a, b = ch["matrix"][:2]  # type: ignore[index]
        turn = 0 if b == 0 and a > 0 else char_turn(ch)
        counts[turn] = counts.get(turn, 0) + 1
    n = len(chars)
    if counts.get(0, 0) == n:
        return 0, counts
    for turn, count in counts.items():
        if turn and count > TURNED_SHARE * n:
            return turn, counts
    if counts.get(None, 0) > TURNED_SHARE * n and counts[None] >= SLANTED_MIN_CHARS:
        return None, counts
    return 0, counts


def _on_baseline(chars: list[dict[str, object]]) -> list[dict[str, object]]:
    """Copies of the characters placed on their baselines for grouping them into lines.

    A line is the characters whose glyph origins (the text matrix, on the baseline) stand at one
    height, not the characters whose boxes do: a font's box is its own ascent/descent, and a line
    that mixes fonts (Chinese words in 仿宋, figures in Times New Roman whose descent the PDF gives as
    almost half an em) has boxes several points apart though it is printed on one baseline. Grouped
    by box, the figures of such a sentence come out as a line of their own under their words
    ("年初预算为 万元，支出决算为 万" / "1560.05 1511.89"). Each copy's top and bottom are its
    baseline; its own box is kept under "box" for the line's location. A character whose origin is
    not upright or lies more than an em from its box (a font with broken metrics) keeps its box.
    """
    out: list[dict[str, object]] = []
    for ch in chars:
        box = (ch["x0"], ch["top"], ch["x1"], ch["bottom"])
        copy = dict(ch)
        copy["box"] = box
        matrix = ch.get("matrix")
        size = float(ch.get("size") or 0)  # type: ignore[arg-type]
        if (
            matrix
            and ch.get("upright")
            and matrix[1] == 0
            and matrix[2] == 0
            and matrix[0] > 0
            and matrix[3] > 0
        ):  # type: ignore[index]
            baseline = float(ch["bottom"]) + float(ch["y0"]) - float(matrix[5])  # type: ignore[arg-type,index]
            if size > 0 and abs(baseline - float(ch["bottom"])) <= size:  # type: ignore[arg-type]
                copy["top"] = copy["bottom"] = baseline
        out.append(copy)
    return out


def _text_lines(page: pdfplumber.page.Page, number: int) -> list[tuple[float, Block]]:
    placed: list[tuple[float, Block]] = []
    chars = _on_baseline(page.chars)
    if not chars:
        return placed
    textmap = chars_to_textmap(chars, layout=False, y_tolerance=LINE_Y_TOLERANCE, layout_bbox=page.bbox)
    for ln in textmap.extract_text_lines(strip=True, return_chars=True):
        text = ln["text"].strip()
        if not text or _FOOTER.match(text):
            continue
        boxes = [c["box"] for c in ln["chars"]]
        x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
        if top > page.height * FOOTER_ZONE and _PAGE_NUMBER_BITS.match(text):
            continue  # "— 12 —" split into "12" and "— —" by the layout analysis
        placed.append((top, Line(text, Location(page=number, bbox=(x0, top, x1, bottom)))))
    return placed


def _image_cover(page: pdfplumber.page.Page) -> float:
    """Share of the page covered by its largest image."""
    area = page.width * page.height
    if not page.images or area <= 0:
        return 0.0
    return (
        max(
            max(0.0, min(float(im["x1"]), page.width) - max(float(im["x0"]), 0.0))
            * max(0.0, min(float(im["bottom"]), page.height) - max(float(im["top"]), 0.0))
            for im in page.images
        )
        / area
    )


def _page_blocks(
    page: pdfplumber.page.Page, number: int, keep: Callable[[dict[str, object]], bool] | None = None
) -> Page:
    """A page's grids and lines from its text layer (only the characters `keep` accepts, if given)."""
    if keep is not None:
        page = page.filter(lambda o: o.get("object_type") != "char" or keep(o))
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
    placed += _text_lines(outside, number)
    placed.sort(key=lambda item: item[0])
    if not tables and page.chars and _image_cover(page) >= SCAN_IMAGE_COVER:
        # maybe a searchable scan: keep its characters to cross-check the OCR of the image with
        out.invisible_text = [
            (str(c["text"]), (float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"])))
            for c in page.chars
        ]
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


def _unturn(
    box: tuple[float, float, float, float], turn: int, width: float, height: float
) -> tuple[float, float, float, float]:
    """A box on the page turned clockwise by `turn` degrees, mapped back to the page of `width` × `height`."""
    x0, top, x1, bottom = box
    if turn == 90:
        return (top, height - x1, bottom, height - x0)
    if turn == 180:
        return (width - x1, height - bottom, width - x0, height - top)
    if turn == 270:
        return (width - bottom, x0, width - top, x1)
    return box


def _unturn_blocks(blocks: list[Block], turn: int, width: float, height: float) -> list[Block]:
    def loc(where: Location) -> Location:
        if where.bbox is None:
            return where
        return Location(page=where.page, bbox=_unturn(where.bbox, turn, width, height))

    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Line):
            out.append(Line(b.text, loc(b.loc)))
        else:
            rows = [
                [None if c is None else RawCell(c.text, loc(c.loc), c.confidence) for c in row]
                for row in b.rows
            ]
            out.append(Grid(rows=rows, loc=loc(b.loc)))
    return out


def _turned_copy(src: object, index: int, turn: int) -> bytes:
    """A one-page PDF: page `index` of the pdfium document with its /Rotate advanced by `turn`."""
    import pypdfium2 as pdfium

    one = pdfium.PdfDocument.new()
    try:
        one.import_pages(src, [index])  # type: ignore[arg-type]
        copy = one[0]
        copy.set_rotation((copy.get_rotation() + turn) % 360)
        copy.close()
        buf = io.BytesIO()
        one.save(buf)
    finally:
        one.close()
    return buf.getvalue()


def _read_turned(
    src: object, page: pdfplumber.page.Page, number: int, turn: int, counts: dict[int | None, int]
) -> Page:
    """A page whose content was printed turned by `turn` degrees, read upright.

    The page is copied with its /Rotate advanced by `turn` (pdfium), so that pdfminer lays out the
    turned text as upright lines and pdfplumber finds the table on the turned rules. Characters
    that were upright on the page (a running header, the page number) are read from the page as it
    is, as lines: those above the middle of the page come before the turned content, the rest after.
    """
    with pdfplumber.open(io.BytesIO(_turned_copy(src, number - 1, turn))) as pdf:
        turned = pdf.pages[0]
        out = _page_blocks(turned, number, keep=lambda ch: char_turn(ch) == 0)
    out.blocks = _unturn_blocks(out.blocks, turn, page.width, page.height)
    out.turn = turn
    out.invisible_text = []
    if counts.get(0):
        upright = page.filter(lambda o: o.get("object_type") != "char" or char_turn(o) == 0)
        lines = _text_lines(upright, number)
        before = [b for top, b in lines if top < page.height / 2]
        after = [b for top, b in lines if top >= page.height / 2]
        out.blocks = before + out.blocks + after
        out.chars += counts[0]
    out.images = len(page.images)
    log.info("ingest.turned_page", page=number, turn=turn, chars=out.chars)
    return out


def _invisible_share(src: object, index: int) -> float:
    """Share of the page's text objects that are drawn invisible (render mode 3, as OCR tools do)."""
    import pypdfium2 as pdfium

    page = src[index]  # type: ignore[index]
    try:
        modes = [
            pdfium.raw.FPDFTextObj_GetTextRenderMode(obj.raw)
            for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_TEXT,), max_depth=3)
        ]
    finally:
        page.close()
    if not modes:
        return 0.0
    return sum(1 for m in modes if m == pdfium.raw.FPDF_TEXTRENDERMODE_INVISIBLE) / len(modes)


def read_pdf(data: bytes) -> list[Page]:
    """Read every page of a PDF (text layer, pdfium or OCR per page). Raises IngestError with a one-line reason."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds on broken files
        raise _open_error(exc) from exc
    pages: list[Page] = []
    src = None  # the pdfium document, opened for the first page that needs it
    try:
        with pdf:
            if not pdf.pages:
                raise IngestError("PDF 没有任何页面")
            for number, page in enumerate(pdf.pages, start=1):
                chars = page.chars
                turn, counts = page_turn(chars) if chars else (0, {})
                if turn:
                    src = src or _open_pdfium(data)
                    try:
                        pages.append(_read_turned(src, page, number, turn, counts))
                    except Exception as exc:  # a copy pdfium cannot make: say so, keep the page as it reads
                        read = _page_blocks(page, number)
                        read.problems.append(
                            f"第 {number} 页内容旋转 {turn}°，未能转正读取（{type(exc).__name__}），表格可能缺失"
                        )
                        pages.append(read)
                else:
                    read = _page_blocks(page, number)
                    if turn is None:
                        read.problems.append(
                            f"第 {number} 页多数文字（{counts[None]}/{len(chars)} 字）倾斜排列，非 90° 的倍数，"
                            "未能按版面读取，表格可能缺失"
                        )
                    if read.invisible_text:
                        src = src or _open_pdfium(data)
                        if _invisible_share(src, number - 1) < INVISIBLE_SHARE:
                            read.invisible_text = []
                    pages.append(read)
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
    finally:
        if src is not None:
            src.close()
    route_pages(data, pages, GARBLED_SHARE)
    if sum(p.chars for p in pages) == 0:
        if any(p.images for p in pages):
            raise IngestError(
                f"PDF 没有文字层（{len(pages)} 页均为图像，疑似扫描件），OCR 也未识别出任何文字"
            )
        raise IngestError("PDF 没有任何文字内容")
    return pages
