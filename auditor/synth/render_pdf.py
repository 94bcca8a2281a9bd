"""Rendering a synthetic disclosure as a PDF with reportlab: cover, narrative, ruled tables.

Tables are platypus `Table`s with a full GRID, so every cell has drawn ruling lines and
pdfplumber's `find_tables` (lines strategy) recovers the grid; merged header cells are SPANs;
header rows repeat on continuation pages. Text uses reportlab's built-in CID font STSong-Light
(Adobe-GB1, no font file needed), whose text layer extracts back to the same Unicode text.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from auditor.synth.layout import (
    DEFAULT_LAYOUT,
    Layout,
    page_split_at,
    table_label,
    table_title,
    title_line_parts,
    wrapped_rows,
)
from auditor.synth.model import SyntheticDisclosure, SynthTable
from auditor.synth.render_text import TABLE_ORDER, meta_line

FONT = "STSong-Light"
MARGIN = 36.0  # points on every side
TABLE_FONT_SIZE = 8.0  # largest font size of table cells; shrunk to fit the page width
MIN_TABLE_FONT_SIZE = 5.5
CELL_PAD = 3.0  # left/right padding inside a cell
MIN_AMOUNT_WIDTH = 46.0  # narrowest amount column (points at the table font size)

_registered = False


def register_font() -> str:
    """Register the CJK font once; returns its name."""
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _style(
    name: str,
    size: float,
    *,
    align: int = TA_LEFT,
    leading: float | None = None,
    indent: float = 0,
    before: float = 0,
    after: float = 0,
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=leading or size * 1.5,
        alignment=align,
        firstLineIndent=indent,
        spaceBefore=before,
        spaceAfter=after,
        wordWrap="CJK",
    )


STYLES: dict[str, ParagraphStyle] = {
    "cover_unit": _style("cover_unit", 24, align=TA_CENTER, leading=36),
    "cover_title": _style("cover_title", 30, align=TA_CENTER, leading=44, before=24),
    "part": _style("part", 16, align=TA_CENTER, before=14, after=10),
    "h1": _style("h1", 13, before=8, after=4),
    "h2": _style("h2", 12, before=4, after=2),
    "body": _style("body", 11, leading=19, indent=22, after=3),
    "table_title": _style("table_title", 15, align=TA_CENTER, after=2),
    "table_code": _style("table_code", 10, align=TA_RIGHT),
    "table_meta": _style("table_meta", 10, after=4),
    "note": _style("note", 8.5, before=4),
}


def _footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    width = canvas._pagesize[0]  # the current page's width (portrait or landscape template)
    canvas.drawCentredString(width / 2, MARGIN / 2, f"— {canvas.getPageNumber()} —")
    canvas.restoreState()


def _spanned(spans: list[tuple[int, int, int, int]], row_offset: int = 0) -> set[tuple[int, int]]:
    """Cells (col, row) that are the start of a span wider than one column."""
    return {(c0, r0 + row_offset) for c0, r0, c1, _r1 in spans if c1 > c0}


def _layout(table: SynthTable, avail: float) -> tuple[float, list[float]]:
    """Font size and column widths so that every body text fits on one line within `avail`."""
    fs = TABLE_FONT_SIZE
    n = table.width
    wide_body = _spanned(table.body_spans)
    text = [0.0] * n
    for r, row in enumerate(table.body):
        for c, cell in enumerate(row):
            if cell and (c, r) not in wide_body:
                text[c] = max(text[c], pdfmetrics.stringWidth(cell, FONT, fs))
    wide_head = _spanned(table.header_spans)
    for r, row in enumerate(table.header):
        for c, cell in enumerate(row):
            if cell and (c, r) not in wide_head:
                # Headers may wrap onto three lines, but keep at least four characters per line.
                need = max(pdfmetrics.stringWidth(cell, FONT, fs) / 3, min(len(cell), 4) * fs)
                text[c] = max(text[c], need)
    for c in range(n):
        if table.align[c] == "R":
            text[c] = max(text[c], MIN_AMOUNT_WIDTH - 2 * CELL_PAD)
    room = avail - n * 2 * CELL_PAD
    total = sum(text)
    if total > room:
        scale = room / total
        fs = max(MIN_TABLE_FONT_SIZE, fs * scale)
        text = [t * scale for t in text]
    else:
        extra = room - total
        text = [t + extra * t / total for t in text]
    return fs, [t + 2 * CELL_PAD for t in text]


def _flow_table(
    table: SynthTable, avail: float, layout: Layout, start: int = 0, stop: int | None = None
) -> Table:
    """The table (header and body rows start … stop) as a ruled platypus Table; column widths and
    font size come from the whole table, so both pages of a split table line up."""
    fs, widths = _layout(table, avail)
    stop = len(table.body) if stop is None else stop
    body_spans = [
        (c0, r0 - start, c1, r1 - start) for c0, r0, c1, r1 in table.body_spans if start <= r0 and r1 < stop
    ]
    head_style = ParagraphStyle(
        "th", fontName=FONT, fontSize=fs, leading=fs * 1.25, alignment=TA_CENTER, wordWrap="CJK"
    )
    data: list[list[object]] = [
        [Paragraph(escape(cell), head_style) if cell else "" for cell in row] for row in table.header
    ]
    data += [
        [
            "\n".join(x for x in (head, tail) if x) if len(lines) > 1 else head
            for head, tail in zip(lines[0], lines[-1], strict=True)
        ]
        for lines in (wrapped_rows(table, row, layout) for row in table.body[start:stop])
    ]
    nh = len(table.header)
    cmds: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), fs),
        ("LEADING", (0, 0), (-1, -1), fs * 1.25),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    names = {"L": "LEFT", "C": "CENTER", "R": "RIGHT"}
    for c, a in enumerate(table.align):
        cmds.append(("ALIGN", (c, nh), (c, -1), names[a]))
    for c0, r0, c1, r1 in table.header_spans:
        cmds.append(("SPAN", (c0, r0), (c1, r1)))
    for c0, r0, c1, r1 in body_spans:
        cmds.append(("SPAN", (c0, r0 + nh), (c1, r1 + nh)))
        cmds.append(("ALIGN", (c0, r0 + nh), (c1, r1 + nh), "CENTER"))
    return Table(data, colWidths=widths, repeatRows=nh, style=TableStyle(cmds), hAlign="CENTER")


def _title_line(parts: list[str], width: float) -> Table:
    """Label, title and money unit on one line (left, centre, right), without ruling lines."""
    styles = [STYLES["table_meta"], STYLES["table_title"], STYLES["table_code"]]
    cells = [Paragraph(escape(p), st) if p else "" for p, st in zip(parts, styles, strict=True)]
    return Table([cells], colWidths=[width * 0.2, width * 0.6, width * 0.2], hAlign="CENTER")


def _para(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def story(doc: SyntheticDisclosure) -> list[Flowable]:
    """The flowables of the whole document, with page-template switches for landscape tables."""
    portrait_w = A4[0] - 2 * MARGIN
    landscape_w = A4[1] - 2 * MARGIN
    out: list[Flowable] = [
        Spacer(1, 180),
        _para(doc.unit, "cover_unit"),
        _para(f"{doc.year}年度部门决算", "cover_title"),
        PageBreak(),
    ]
    out += [_para(p.text, p.style) for p in doc.paragraphs]
    layout = doc.layout or DEFAULT_LAYOUT
    for tid in TABLE_ORDER:
        table = doc.tables.get(tid)
        if table is None:
            continue
        out += [NextPageTemplate("landscape" if table.landscape else "portrait"), PageBreak()]
        label = table_label(table.id, layout)
        width = landscape_w if table.landscape else portrait_w
        if layout.title_line:
            out.append(_title_line(title_line_parts(table, layout), width))
        else:
            out.append(_para(table_title(table, layout), "table_title"))
            if label is not None:
                out.append(_para(label, "table_code"))
        out.append(_para(meta_line(doc, table.id), "table_meta"))
        split = page_split_at(table, layout)
        if split is None:
            out.append(_flow_table(table, width, layout))
        else:
            # the body continued on a new page under its header printed again
            out += [
                _flow_table(table, width, layout, 0, split),
                PageBreak(),
                _flow_table(table, width, layout, split),
            ]
        if table.note:
            out.append(_para(table.note, "note"))
    return out


def to_pdf(doc: SyntheticDisclosure, path: str | Path) -> Path:
    """Write the disclosure as an A4 PDF (landscape pages for wide tables); returns the path.

    The output is byte-identical for the same document (reportlab `invariant=1`).
    """
    register_font()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    template = BaseDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{doc.unit}{doc.year}年度部门决算",
        author=doc.unit,
        creator="auditor.synth",
        invariant=1,
    )
    pw, ph = A4
    portrait = PageTemplate(
        "portrait",
        [Frame(MARGIN, MARGIN, pw - 2 * MARGIN, ph - 2 * MARGIN, id="p")],
        onPage=_footer,
        pagesize=A4,
    )
    land = PageTemplate(
        "landscape",
        [Frame(MARGIN, MARGIN, ph - 2 * MARGIN, pw - 2 * MARGIN, id="l")],
        onPage=_footer,
        pagesize=landscape(A4),
    )
    template.addPageTemplates([portrait, land])
    template.build(story(doc))
    return path
