"""OCR of scanned pages: skew, ruling lines → cell grids, text clean-up, routing, and the corpus scans.

The generated fixtures are drawn here with PIL (its bundled Latin font: this machine, like a fresh
one, may have no CJK font); the Chinese cases use the scanned PDFs of ../shared/corpus, whose
facts must match those of their text twins in ../shared/seeds.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.errors import IngestError
from ingest.garbled import count_garbled, garbled_share
from ingest.layout import Grid, Line, Page
from ingest.model import Disclosure
from ingest.numbers import parse_amount
from ingest.ocr import read_image, read_pages
from ingest.ocr_grid import estimate_skew, find_rules, find_tables, rotate
from ingest.ocr_text import fix_number, normalise, remove_cjk_spaces
from ingest.pdf import read_pdf
from ingest.reader import build, read_document
from tests.conftest import require_shared

DPI = 150
# A small ruled table: a header cell spanning two columns, then three body rows.
HEADER = [("Item", 2), ("2023", 1), ("2024", 1)]
BODY = [
    ["201", "Admin", "1,269.24", "35.80"],
    ["202", "Other", "698.90", "0.00"],
    ["203", "Total", "534.53", "12.50"],
]
COLUMNS = [0, 140, 420, 620, 820]  # x of the vertical rules, pixels from the table's left edge
ROW_HEIGHT = 60


def _table_image(angle: float = 0.0) -> tuple[np.ndarray, tuple[int, int]]:
    """A white A4-ish page at 150 dpi with the table drawn at (120, 200); optionally turned."""
    img = Image.new("L", (1240, 1000), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=26)
    x0, y0 = 120, 200
    rows = 1 + len(BODY)
    for k in range(rows + 1):  # horizontal rules
        d.line([(x0, y0 + k * ROW_HEIGHT), (x0 + COLUMNS[-1], y0 + k * ROW_HEIGHT)], fill=0, width=2)
    for j, x in enumerate(COLUMNS):  # vertical rules; none between the two merged header cells
        top = y0 + ROW_HEIGHT if j == 1 else y0
        d.line([(x0 + x, top), (x0 + x, y0 + rows * ROW_HEIGHT)], fill=0, width=2)
    col = 0
    for text, span in HEADER:
        d.text((x0 + COLUMNS[col] + 12, y0 + 16), text, fill=0, font=font)
        col += span
    for i, row in enumerate(BODY, start=1):
        for j, text in enumerate(row):
            right = j >= 2  # amounts are right-aligned, as printed
            w = d.textlength(text, font=font)
            x = x0 + COLUMNS[j + 1] - 12 - w if right else x0 + COLUMNS[j] + 12
            d.text((x, y0 + i * ROW_HEIGHT + 16), text, fill=0, font=font)
    d.text((x0, 120), "Table 3 expenditure", fill=0, font=font)
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(img), (x0, y0)


def _texts(grid: Grid) -> list[list[str | None]]:
    return [[None if c is None else c.text for c in row] for row in grid.rows]


EXPECTED = [["Item", None, "2023", "2024"], *BODY]


# --- geometry ------------------------------------------------------------------------------------


def test_ruled_table_gives_its_grid_with_the_merged_header_cell() -> None:
    gray, (x0, y0) = _table_image()
    horizontal, vertical, _ = find_rules(gray, DPI)
    tables = find_tables(horizontal, vertical, DPI)
    assert len(tables) == 1  # the title's letters are no table
    t = tables[0]
    assert [round(x - x0) for x in t.xs] == pytest.approx(COLUMNS, abs=2)
    assert len(t.ys) == 5
    shape = [[c is not None for c in row] for row in t.rows]
    assert shape == [[True, False, True, True]] + [[True] * 4] * 3
    assert t.rows[0][0] is not None and t.rows[0][0].col_span == 2


@pytest.mark.parametrize("angle", [0.7, -0.45])
def test_skew_is_measured_and_undone(angle: float) -> None:
    gray, _ = _table_image(angle)
    measured = estimate_skew(gray)
    assert measured == pytest.approx(-angle, abs=0.05)
    straight = rotate(gray, measured)
    horizontal, vertical, _ = find_rules(straight, DPI)
    tables = find_tables(horizontal, vertical, DPI)
    assert len(tables) == 1 and len(tables[0].xs) == 5 and len(tables[0].ys) == 5


def test_blank_page_has_no_skew_and_no_table() -> None:
    blank = np.full((800, 600), 255, dtype=np.uint8)
    assert estimate_skew(blank) == 0.0
    assert find_tables(*find_rules(blank, DPI)[:2], DPI) == []


# --- text clean-up -------------------------------------------------------------------------------


def test_spaces_between_chinese_characters_are_removed() -> None:
    assert remove_cjk_spaces("单 位 ： 万 元") == "单位：万元"
    assert remove_cjk_spaces("一般公共 预算财政拨款") == "一般公共预算财政拨款"
    assert remove_cjk_spaces("2023 年 度") == "2023 年度"  # a space beside a digit may be printed
    assert normalise("部门 : 焦作市 医疗保障局") == "部门：焦作市医疗保障局"
    assert normalise("因公出国(境)费") == "因公出国（境）费"
    assert normalise("支出 1.269.24 万元，截至2023.12.31") == "支出 1,269.24 万元，截至2023.12.31"


@pytest.mark.parametrize(
    ("read", "fixed"),
    [
        ("1.269.24", "1,269.24"),  # thousands point read for a comma
        ("1,269,24", "1,269.24"),
        ("１，２６９．２４", "1,269.24"),
        ("35,80", "35.80"),  # a comma before two final digits is no thousands separator
        ("1,269.24", "1,269.24"),
        ("1,269", "1,269"),
        ("12.345.678", "12.345.678"),  # no clear decimals: left as read
        (".80", ".80"),  # a lost digit is not guessed
        ("2101501", "2101501"),
    ],
)
def test_number_separators_are_fixed_only_when_certain(read: str, fixed: str) -> None:
    assert fix_number(read) == fixed


def test_a_number_with_a_lost_digit_stays_unparseable() -> None:
    assert parse_amount(normalise(".80")) is None


def test_garbled_characters_are_counted() -> None:
    assert count_garbled("(cid:12)(cid:13)ab") == (2, 4)
    assert count_garbled("单位：万元 1,269.24（一）“三公”经费") == (0, 22)
    assert garbled_share("\ue000\ue001\ue002收入") == pytest.approx(0.6)
    assert garbled_share("Ã¥Â¤ Ã¦Â") == 1.0  # UTF-8 read as Latin-1
    assert garbled_share("") == 0.0


# --- OCR of a generated page ---------------------------------------------------------------------


@pytest.mark.parametrize("angle", [0.0, 0.8])
def test_ocr_reads_the_cells_of_a_ruled_table(angle: float) -> None:
    from ingest.ocr import RapidRecogniser

    gray, (x0, y0) = _table_image(angle)
    page = read_image(gray, DPI, 1, DPI / 72, RapidRecogniser(threads=2))
    grids = [b for b in page.blocks if isinstance(b, Grid)]
    assert len(grids) == 1
    assert _texts(grids[0]) == EXPECTED
    cell = grids[0].rows[1][2]
    assert cell is not None and cell.confidence is not None and cell.confidence > 0.9
    # boxes are in PDF points: the amount's cell spans columns 2..3 of the second row
    bbox = cell.loc.bbox
    assert bbox is not None
    scale = DPI / 72
    expected = (
        (x0 + COLUMNS[2]) / scale,
        (y0 + ROW_HEIGHT) / scale,
        (x0 + COLUMNS[3]) / scale,
        (y0 + 2 * ROW_HEIGHT) / scale,
    )
    assert bbox == pytest.approx(expected, abs=3.0)
    lines = [b.text for b in page.blocks if isinstance(b, Line)]
    assert lines == ["Table 3 expenditure"]
    assert page.method == "ocr"


def _image_pdf(gray: np.ndarray, dpi: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(gray).save(buf, format="PDF", resolution=dpi)
    return buf.getvalue()


def test_image_only_pdf_is_ocred_with_boxes_in_points() -> None:
    gray, (x0, y0) = _table_image()
    pages = read_pdf(_image_pdf(gray, DPI))
    assert [p.method for p in pages] == ["ocr"]
    grids = [b for b in pages[0].blocks if isinstance(b, Grid)]
    assert len(grids) == 1 and _texts(grids[0]) == EXPECTED
    assert grids[0].loc.bbox is not None
    scale = DPI / 72  # the page is 1240 px at 150 dpi = 595.2 pt wide
    assert grids[0].loc.bbox[:2] == pytest.approx((x0 / scale, y0 / scale), abs=3.0)


def test_blank_scan_fails_with_a_reason() -> None:
    blank = np.full((1000, 800), 255, dtype=np.uint8)
    with pytest.raises(IngestError, match="OCR"):
        read_pdf(_image_pdf(blank, DPI))


def test_read_pages_reads_several_pages_in_order() -> None:
    gray, _ = _table_image()
    buf = io.BytesIO()
    first, second = Image.fromarray(gray), Image.fromarray(255 - (255 - gray) // 2)  # a fainter copy
    first.save(buf, format="PDF", resolution=DPI, save_all=True, append_images=[second])
    read = read_pages(buf.getvalue(), [1, 2])
    assert sorted(read) == [1, 2]
    assert all(p.number == n for n, p in read.items())
    for page in read.values():
        grids = [b for b in page.blocks if isinstance(b, Grid)]
        assert len(grids) == 1 and _texts(grids[0]) == EXPECTED


def _vector_table_pdf() -> bytes:
    """The test table drawn with vector rules and Vera text (an embedded TrueType subset), uncompressed."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Vera", str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.2, 842.0), pageCompression=0, invariant=1)
    scale = DPI / 72  # the image layout, in points
    x0, y0 = 120 / scale, 842.0 - 200 / scale
    cols = [x / scale for x in COLUMNS]
    row_h = ROW_HEIGHT / scale
    rows = 1 + len(BODY)
    c.setLineWidth(0.8)
    for k in range(rows + 1):
        c.line(x0, y0 - k * row_h, x0 + cols[-1], y0 - k * row_h)
    for j, x in enumerate(cols):
        c.line(x0 + x, y0 - (row_h if j == 1 else 0), x0 + x, y0 - rows * row_h)
    c.setFont("Vera", 12)
    col = 0
    for text, span in HEADER:
        c.drawString(x0 + cols[col] + 6, y0 - row_h + 9, text)
        col += span
    for i, row in enumerate(BODY, start=1):
        for j, text in enumerate(row):
            base = y0 - (i + 1) * row_h + 9
            if j >= 2:
                c.drawRightString(x0 + cols[j + 1] - 6, base, text)
            else:
                c.drawString(x0 + cols[j] + 6, base, text)
    c.drawString(x0, 842.0 - 120 / scale - 12, "Table 3 expenditure")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_page_whose_text_layer_is_garbled_is_read_again_then_ocred() -> None:
    data = _vector_table_pdf()
    assert [p.method for p in read_pdf(data)] == ["pdfplumber"]
    # The font's ToUnicode map sends every printable character to the private use area (same
    # byte length, so the file stays valid): pdfminer and pdfium both extract nonsense.
    garbled = re.sub(rb"<([2-7][0-9A-F])> <00([2-7][0-9A-F])>", rb"<\1> <E0\2>", data)
    assert garbled != data
    pages = read_pdf(garbled)
    assert [p.method for p in pages] == ["ocr"]
    grids = [b for b in pages[0].blocks if isinstance(b, Grid)]
    assert len(grids) == 1 and _texts(grids[0]) == EXPECTED


def test_pdfium_reads_the_blocks_pdfplumber_reads(generated_samples: dict[str, Path]) -> None:
    from ingest.pdfium import open_pdf, read_page

    data = generated_samples["consistent"].read_bytes()
    pages = read_pdf(data)
    doc = open_pdf(data)

    def shape(blocks: list[Line | Grid]) -> list[tuple[str, object]]:
        return [("line", b.text) if isinstance(b, Line) else ("grid", _texts(b)) for b in blocks]

    for page in pages:
        tables = [
            (b.loc.bbox, [[c.loc.bbox if c is not None else None for c in row] for row in b.rows])
            for b in page.blocks
            if isinstance(b, Grid) and b.loc.bbox is not None
        ]
        alt = read_page(doc[page.number - 1], page.number, tables)
        assert alt.method == "pdfium" and alt.garbled == 0
        assert shape(alt.blocks) == shape(page.blocks), f"page {page.number}"


# --- the engine: loaded lazily, offline, or failing with a reason ---------------------------------


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter (what it imports, or cannot, stays there)."""
    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=root)


def test_text_layer_documents_never_load_the_ocr_engine(generated_samples: dict[str, Path]) -> None:
    code = (
        "import sys\n"
        "from ingest.reader import read_document\n"
        f"data = open({str(generated_samples['consistent'])!r}, 'rb').read()\n"
        "doc = read_document(data, 'consistent.pdf', 'pdf')\n"
        "assert doc.quality['pages_by_method'] == {'pdfplumber': doc.pages}, doc.quality\n"
        "loaded = [m for m in ('rapidocr', 'onnxruntime', 'cv2') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    done = _run_python(code)
    assert done.returncode == 0, done.stderr[-2000:]


def test_ocr_engine_never_touches_the_network() -> None:
    done = _run_python(
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise RuntimeError('network access')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from tests.ingest.test_ocr import _table_image\n"
        "from ingest.ocr import RapidRecogniser\n"
        "boxes = RapidRecogniser(threads=1).read(_table_image()[0])\n"
        "assert any(b.text == '1,269.24' for b in boxes), [b.text for b in boxes]\n"
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_scan_without_an_ocr_engine_fails_with_the_reason() -> None:
    done = _run_python(
        "import sys\n"
        "sys.modules['rapidocr'] = None  # as if the package were not installed\n"
        "from tests.ingest.test_ocr import _image_pdf, _table_image, DPI\n"
        "from ingest.errors import IngestError\n"
        "from ingest.pdf import read_pdf\n"
        "try:\n"
        "    read_pdf(_image_pdf(_table_image()[0], DPI))\n"
        "except IngestError as exc:\n"
        "    print(exc.reason)\n"
        "else:\n"
        "    raise SystemExit('no error')\n"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "OCR 引擎不可用" in done.stdout and "扫描件" in done.stdout


# --- the corpus scans against their text twins ---------------------------------------------------

SCANS = {
    "seed000_scan.pdf": "000_e21b73d48c1b8d26.txt",
    "seed002_scan.pdf": "002_801dc34b793b5deb.txt",
    "seed003_scan.pdf": "003_640a379a94776b88.txt",
}
# Share of the twin's numbers a scan must give with the right table, row and column.
SCAN_RECALL = 0.97


@cache
def _scan(name: str) -> tuple[list[Page], Disclosure]:
    path = require_shared("corpus", name)
    pages = read_pdf(path.read_bytes())
    return pages, build(pages, name)


@cache
def _twin(name: str) -> Disclosure:
    path = require_shared("seeds", SCANS[name])
    return read_document(path.read_bytes(), path.name, "text")


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(SCANS))
def test_scan_gives_the_facts_of_its_text_twin(name: str) -> None:
    pages, doc = _scan(name)
    assert doc.quality["pages_by_method"] == {"ocr": len(pages)}
    twin = _twin(name).printed_amounts()
    got = doc.printed_amounts()
    if not any(k[0].startswith("P") for k in twin):
        # a 绩效自评表 (P01…) the text twin prints without tabs is read from the scan only
        got = {k: v for k, v in got.items() if not k[0].startswith("P")}
    recovered = sum(1 for k, v in twin.items() if got.get(k) == v)
    not_printed = sorted((k, v) for k, v in got.items() if twin.get(k) != v)
    assert recovered / len(twin) >= SCAN_RECALL, f"{name}: {recovered}/{len(twin)}"
    assert not_printed == [], f"{name}: numbers not printed: {not_printed[:10]}"
    cells = [c for t in doc.tables.values() for c in t.cells() if c.amount is not None]
    assert all(c.loc.page and c.loc.bbox for c in cells)


@pytest.mark.shared
def test_scan_table_grid_has_merged_header_and_cell_boxes_in_points() -> None:
    pages, _ = _scan("seed003_scan.pdf")
    page = pages[7]  # p.8: 财政拨款收入支出决算总表 (公开04表)
    lines = [b.text.replace(" ", "") for b in page.blocks if isinstance(b, Line)]
    assert "公开04表" in lines and "财政拨款收入支出决算总表" in lines
    grid = next(b for b in page.blocks if isinstance(b, Grid))
    texts = _texts(grid)
    assert texts[0][:4] == ["收入", None, None, "支出"]  # 收入 spans 项目/行次/金额
    assert texts[3][:4] == ["一、一般公共预算\n财政拨款", "1", "1,269.24", "一、一般公共服务\n支出"]
    cell = grid.rows[3][2]
    assert cell is not None and cell.loc.page == 8 and cell.loc.bbox is not None
    x0, top, x1, bottom = cell.loc.bbox
    # where pdfplumber puts the same cell in seed003_office.pdf; the scan is shifted a little
    assert (x0, top, x1, bottom) == pytest.approx((179.6, 233.7, 229.7, 256.0), abs=6.0)
