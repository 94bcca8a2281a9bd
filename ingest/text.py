"""Already-extracted text (as in a `.txt` made from a published PDF) → pages of blocks.

Tab-separated lines are grid rows whose cell positions are real (an empty string between two
tabs is an empty cell); consecutive ones form a `Grid`. Other lines are `Line`s: inside a table
they are read as space-separated tokens by tables.py. A line that starts with a single space
marks the start of a new page (that is how the extraction wrote page breaks), which gives text
input approximate page numbers beside exact line numbers.
"""

from __future__ import annotations

import re

from ingest.layout import Grid, Line, Page, RawCell
from ingest.model import Location

_FOOTER = re.compile(r"^\s*(?:[—－-]\s*\d+\s*[—－-]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030, the usual Chinese encodings."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError("文本文件编码无法识别（既不是 UTF-8 也不是 GB18030）")


def read_text(text: str) -> list[Page]:
    """Split extracted text into pages of `Line` and `Grid` blocks."""
    pages: list[Page] = [Page(number=1, method="text")]
    grid: Grid | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if line.startswith(" ") and not line.startswith("  ") and line.strip() and lineno > 1:
            if pages[-1].blocks or pages[-1].chars:
                pages.append(Page(number=len(pages) + 1, method="text"))
                grid = None
        page = pages[-1]
        stripped = line.strip()
        if not stripped:
            continue  # blank lines neither end a grid nor make a block
        if _FOOTER.match(stripped):
            continue
        page.chars += len(stripped)
        page.garbled += stripped.count("\ufffd") + stripped.count("(cid:")
        loc = Location(page=page.number, line=lineno)
        if "\t" in line:
            cells: list[RawCell | None] = [RawCell(c.strip(), loc) for c in line.strip("\n").split("\t")]
            if grid is None:
                grid = Grid(rows=[], loc=loc)
                page.blocks.append(grid)
            grid.rows.append(cells)
            continue
        grid = None
        page.blocks.append(Line(stripped, loc))
    return pages
