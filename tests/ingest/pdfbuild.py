"""Small PDFs built by the tests themselves, one layout problem each (reportlab, built-in CID font)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
STYLE = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11)

Cell = str | Paragraph


def table_pdf(
    preamble: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    header_rows: int = 0,
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    col_widths: Sequence[float] | None = None,
    landscape_page: bool = False,
    rotate: int = 0,
    after: Sequence[str] = ("注：本表为测试用表。",),
) -> bytes:
    """A document with the preamble lines (title, 公开NN表, 单位 line), a ruled table (header rows
    repeated on continuation pages when `header_rows` > 0) and the note lines after it."""
    buf = io.BytesIO()
    size = landscape(A4) if landscape_page else A4
    doc = SimpleDocTemplate(buf, pagesize=size, invariant=1, topMargin=40, bottomMargin=40)
    table = Table([list(r) for r in rows], repeatRows=header_rows, colWidths=col_widths)
    style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), FONT, 9)]
    style += [("SPAN", a, b) for a, b in spans]
    table.setStyle(TableStyle(style))
    story = (
        [Paragraph(line, STYLE) for line in preamble] + [table] + [Paragraph(line, STYLE) for line in after]
    )

    def on_page(c: canvas.Canvas, _doc: object) -> None:
        if rotate:
            c.setPageRotation(rotate)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def drawn_table_pdf(
    preamble: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float],
    *,
    draw_cell: Callable[[canvas.Canvas, str, float, float], None] | None = None,
) -> bytes:
    """A table drawn line by line on the canvas, so a test controls exactly how each cell's text is
    written (split into runs, drawn twice for fake bold…). `draw_cell(c, text, x, y)` writes one cell."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(FONT, 10)
    y = 800.0
    for line in preamble:
        c.drawString(60, y, line)
        y -= 18
    row_h = 18.0
    top = y - 6
    x0 = 60.0
    xs = [x0]
    for w in col_widths:
        xs.append(xs[-1] + w)
    for i in range(len(rows) + 1):
        c.line(x0, top - i * row_h, xs[-1], top - i * row_h)
    for x in xs:
        c.line(x, top, x, top - len(rows) * row_h)
    c.setFont(FONT, 9)
    writer = draw_cell or (lambda cv, text, x, yy: cv.drawString(x, yy, text))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if text:
                writer(c, text, xs[j] + 3, top - (i + 1) * row_h + 5)
    c.drawString(60, top - len(rows) * row_h - 20, "注：本表为测试用表。")
    c.showPage()
    c.save()
    return buf.getvalue()


def _draw_ruled_table(
    c: canvas.Canvas,
    preamble: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float],
    top: float,
) -> None:
    """Preamble lines, a ruled table and a note, drawn from `top` down in the canvas' current frame."""
    c.setFont(FONT, 10)
    y = top
    for line in preamble:
        c.drawString(60, y, line)
        y -= 18
    row_h = 18.0
    table_top = y - 6
    xs = [60.0]
    for w in col_widths:
        xs.append(xs[-1] + w)
    for i in range(len(rows) + 1):
        c.line(xs[0], table_top - i * row_h, xs[-1], table_top - i * row_h)
    for x in xs:
        c.line(x, table_top, x, table_top - len(rows) * row_h)
    c.setFont(FONT, 9)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if text:
                c.drawString(xs[j] + 3, table_top - (i + 1) * row_h + 5, text)
    c.drawString(60, table_top - len(rows) * row_h - 20, "注：本表为测试用表。")


def rotated_content_pdf(
    preamble: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float],
    turn: int,
    *,
    page_header: str | None = None,
) -> bytes:
    """A portrait A4 page whose content is drawn turned by `turn` degrees counter-clockwise
    (`canvas.rotate`), without any /Rotate flag: a landscape table placed sideways (90, 270) or a
    page printed upside down (180). `page_header`, if given, is written upright at the page's top."""
    buf = io.BytesIO()
    width, height = A4
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    if page_header:
        c.setFont(FONT, 10)
        c.drawString(60, height - 30, page_header)
    c.saveState()
    if turn == 90:
        c.translate(width, 0)
    elif turn == 180:
        c.translate(width, height)
    elif turn == 270:
        c.translate(0, height)
    c.rotate(turn)
    content_height = width if turn in (90, 270) else height
    _draw_ruled_table(c, preamble, rows, col_widths, content_height - 50)
    c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()


def searchable_scan_pdf(
    image: object,
    dpi: float,
    words: Sequence[tuple[str, float, float, float]],
    *,
    render_mode: int = 3,
) -> bytes:
    """A searchable scan: one page covered by `image` (a PIL image at `dpi`), with `words` written
    over it as OCR tools do, invisible (text render mode 3) unless `render_mode` says otherwise.
    Each word is (text, x, top, size) in points from the page's top-left corner; no vector rules."""
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    width = image.width * 72 / dpi  # type: ignore[attr-defined]
    height = image.height * 72 / dpi  # type: ignore[attr-defined]
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    c.drawImage(ImageReader(image), 0, 0, width, height)
    for text, x, top, size in words:
        t = c.beginText()
        t.setTextRenderMode(render_mode)
        t.setFont("Helvetica", size)
        t.setTextOrigin(x, height - top - size * 0.8)
        t.textOut(text)
        c.drawText(t)
    c.showPage()
    c.save()
    return buf.getvalue()
