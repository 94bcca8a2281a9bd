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
