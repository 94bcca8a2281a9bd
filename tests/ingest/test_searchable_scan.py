"""Searchable scans: an image of a ruled table under invisible OCR text (render mode 3), no rules
in the vector layer. The tables come from the image's ruling lines; the invisible text cross-checks
the OCR of each cell (and fills the cells when no OCR engine is installed)."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

from PIL import Image

from ingest.layout import LOW_CONFIDENCE, Grid, Line, Page
from ingest.pdf import read_pdf
from ingest.reader import build
from tests.ingest.pdfbuild import searchable_scan_pdf
from tests.ingest.test_ocr import BODY, COLUMNS, DPI, EXPECTED, HEADER, ROW_HEIGHT, _table_image, _texts

SCALE = DPI / 72  # pixels per point of the page image


def _words(misread: dict[str, str] | None = None) -> list[tuple[str, float, float, float]]:
    """What an OCR tool would have written over the table image: each cell's text at the cell, in points."""
    _, (x0, y0) = _table_image()
    misread = misread or {}
    size = 24 / SCALE
    words = [("Table 3 expenditure", x0 / SCALE, 120 / SCALE, size)]
    col = 0
    for text, span in HEADER:
        words.append((text, (x0 + COLUMNS[col] + 12) / SCALE, (y0 + 16) / SCALE, size))
        col += span
    for i, row in enumerate(BODY, start=1):
        for j, text in enumerate(row):
            top = (y0 + i * ROW_HEIGHT + 16) / SCALE
            words.append((misread.get(text, text), (x0 + COLUMNS[j] + 12) / SCALE, top, size))
    return words


def _scan_pdf(misread: dict[str, str] | None = None, render_mode: int = 3) -> bytes:
    gray, _ = _table_image()
    return searchable_scan_pdf(Image.fromarray(gray), DPI, _words(misread), render_mode=render_mode)


@cache
def _read(misread: tuple[tuple[str, str], ...] = ()) -> list[Page]:
    return read_pdf(_scan_pdf(dict(misread)))


def test_searchable_scan_tables_are_read_from_the_image_rules() -> None:
    pages = _read()
    assert [p.method for p in pages] == ["ocr"]
    grids = [b for b in pages[0].blocks if isinstance(b, Grid)]
    assert len(grids) == 1 and _texts(grids[0]) == EXPECTED
    assert [b.text for b in pages[0].blocks if isinstance(b, Line)] == ["Table 3 expenditure"]
    q = build(pages, "searchable.pdf").quality
    assert q["pages_by_method"] == {"ocr": 1}
    assert q["searchable_scan"]["pages"] == [1]  # type: ignore[index]
    assert q["searchable_scan"]["cells_compared"] == 15  # type: ignore[index]  # 3 header + 12 body cells
    assert q["searchable_scan"]["cells_differing"] == 0  # type: ignore[index]


def test_searchable_scan_cell_whose_invisible_text_differs_is_uncertain() -> None:
    pages = _read((("35.80", "35.30"),))  # the scan's own OCR tool misread the 8
    grid = next(b for b in pages[0].blocks if isinstance(b, Grid))
    assert _texts(grid) == EXPECTED  # what the image prints, not the invisible guess
    cell = grid.rows[1][3]
    assert cell is not None and cell.text == "35.80"
    assert cell.confidence is not None and cell.confidence < LOW_CONFIDENCE
    agreeing = grid.rows[1][2]
    assert agreeing is not None and agreeing.confidence is not None and agreeing.confidence >= LOW_CONFIDENCE
    q = build(pages, "searchable.pdf").quality["searchable_scan"]
    assert q["cells_differing"] == 1  # type: ignore[index]
    assert q["differing"] == [{"page": 1, "ocr": "35.80", "invisible_text": "35.30"}]  # type: ignore[index]


def test_image_page_with_visible_text_is_no_searchable_scan() -> None:
    pages = read_pdf(_scan_pdf(render_mode=0))  # text drawn visibly over a full-page picture
    assert [p.method for p in pages] == ["pdfplumber"]
    assert "searchable_scan" not in build(pages, "visible.pdf").quality


def test_searchable_scan_without_ocr_engine_fills_image_grid_with_invisible_text(tmp_path: Path) -> None:
    pdf = tmp_path / "searchable.pdf"
    pdf.write_bytes(_scan_pdf())
    code = (
        "import sys\n"
        "sys.modules['rapidocr'] = None  # as if the package were not installed\n"
        "from ingest.layout import Grid\n"
        "from ingest.pdf import read_pdf\n"
        "from tests.ingest.test_ocr import EXPECTED, _texts\n"
        f"pages = read_pdf(open({str(pdf)!r}, 'rb').read())\n"
        "assert [p.method for p in pages] == ['image_grid'], [p.method for p in pages]\n"
        "grids = [b for b in pages[0].blocks if isinstance(b, Grid)]\n"
        "assert len(grids) == 1 and _texts(grids[0]) == EXPECTED, _texts(grids[0])\n"
        "assert 'rapidocr' not in sys.modules or sys.modules['rapidocr'] is None\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=root)
    assert done.returncode == 0, done.stderr[-2000:]
