"""Rendering a synthetic disclosure as text, the way a text extraction of its PDF reads.

Blocks are separated by blank lines (as the seed extractions are); a table is its title, its
code line "公开NN表", the 部门/单位 line, then one line per grid row with the cells joined by
tabs (merged cells: text in the first, empty strings in the rest), then its note.
"""

from __future__ import annotations

from auditor.synth.layout import (
    DEFAULT_LAYOUT,
    Layout,
    meta_text,
    page_split_at,
    table_label,
    table_title,
    title_line_parts,
    wrapped_rows,
)
from auditor.synth.model import SyntheticDisclosure, SynthTable

PAGE_FOOTER = "— 2 —"  # the footer line printed where a table breaks over two pages
TABLE_ORDER: tuple[str, ...] = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10")


def meta_line(doc: SyntheticDisclosure, table_id: str | None = None) -> str:
    """The line under a table's code: unit and money unit (of that table)."""
    return meta_text(doc.unit, doc.layout or DEFAULT_LAYOUT, table_id)


def _grid_line(cells: list[str], layout: Layout) -> str:
    """One grid row: tab-joined with blanks kept, or space-joined with blank cells dropped (as a
    plain text extraction of the PDF reads)."""
    if layout.separator == "space":
        return " ".join(c for c in cells if c.strip())
    return "\t".join(cells)


def table_lines(doc: SyntheticDisclosure, table: SynthTable) -> list[str]:
    """One table as lines of text (no blank lines inside the grid)."""
    layout = doc.layout or DEFAULT_LAYOUT
    label = table_label(table.id, layout)
    if layout.title_line:
        lines = ["    ".join(p for p in title_line_parts(table, layout) if p), ""]
    else:
        lines = [table_title(table, layout), ""]
        if label is not None:
            lines += [label, ""]
    lines += [meta_line(doc, table.id), ""]
    lines += [_grid_line(row, layout) for row in table.header]
    split = page_split_at(table, layout)
    for i, row in enumerate(table.body):
        if i == split:
            # a page footer, then the next page (its first line starts with one space, as the
            # extraction marks a page break) repeating the header rows
            repeated = [_grid_line(r, layout) for r in table.header]
            lines += ["", PAGE_FOOTER, "", " " + repeated[0], *repeated[1:]]
        lines += [_grid_line(r, layout) for r in wrapped_rows(table, row, layout)]
    if table.note:
        lines += ["", table.note]
    return lines


def to_text(doc: SyntheticDisclosure) -> str:
    """The whole document as text: cover, narrative paragraphs, then 公开01表 … 公开09表 (and 10表)."""
    lines = [doc.unit, "", f"{doc.year}年度部门决算", ""]
    for para in doc.paragraphs:
        lines += [para.text, ""]
    for tid in TABLE_ORDER:
        if tid in doc.tables:
            lines += table_lines(doc, doc.tables[tid]) + [""]
    return "\n".join(lines)
