"""Pages whose content is printed turned, without a /Rotate flag: a landscape table drawn sideways
on a portrait page (text matrix turned 90° or 270°), a page printed upside down, and the same as
scans (an image turned by quarter turns). Each is read upright; boxes stay on the page as shown."""

from __future__ import annotations

import io
from decimal import Decimal

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.layout import Grid, Line
from ingest.pdf import read_pdf
from ingest.reader import build, read_document
from tests.ingest.pdfbuild import FONT, rotated_content_pdf
from tests.ingest.test_ocr import DPI, EXPECTED, _image_pdf, _table_image, _texts

PREAMBLE = ["一般公共预算财政拨款支出决算表", "公开05表", "部门：测试局 单位：万元"]
ROWS = [
    ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
    ["合计", "", "3.50", "1.00", "2.50"],
    ["2101501", "行政运行", "1.50", "1.00", "0.50"],
    ["2101502", "一般行政管理事务", "2.00", "", "2.00"],
]
WIDTHS = [90, 200, 100, 100, 100]  # 590 pt: wider than a portrait page, so the table is drawn sideways


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_text_layer_table_drawn_turned_is_read_upright(turn: int) -> None:
    data = rotated_content_pdf(PREAMBLE, ROWS, WIDTHS, turn, page_header="测试局2023年度部门决算")
    doc = read_document(data, "turned.pdf", "pdf")
    t = doc.tables["05"]
    row = t.row("2101502 一般行政管理事务")
    assert row is not None
    assert row.amount("合计").value == Decimal("2.00")  # type: ignore[union-attr]
    assert row.amount("基本支出") is None  # blank: not printed, not invented
    assert [r.amount("项目支出").value for r in t.rows if r.amount("项目支出")] == [  # type: ignore[union-attr]
        Decimal("2.50"),
        Decimal("0.50"),
        Decimal("2.00"),
    ]
    assert doc.quality["turned_pages"] == [{"page": 1, "turn": turn, "method": "pdfplumber"}]
    assert doc.quality["page_problems"] == []
    assert doc.unit == "测试局"  # the upright running header is read too


def test_turned_table_boxes_point_at_the_page_as_displayed() -> None:
    pages = read_pdf(rotated_content_pdf(PREAMBLE, ROWS, WIDTHS, 90, page_header="测试局2023年度部门决算"))
    page = pages[0]
    assert [b.text for b in page.blocks if isinstance(b, Line)][0] == "测试局2023年度部门决算"
    grid = next(b for b in page.blocks if isinstance(b, Grid))
    cell = grid.rows[2][2]  # "1.50" of 2101501
    assert cell is not None and cell.text == "1.50"
    # drawn turned by 90°: content (u, v) lands on the page at x = 595.28 − v, top = 841.89 − u
    width, height = A4
    table_top = width - 50 - 3 * 18 - 6  # content y of the table's top rule
    u0, u1 = 60 + 90 + 200, 60 + 90 + 200 + 100
    v0, v1 = table_top - 3 * 18, table_top - 2 * 18
    assert cell.loc.bbox == pytest.approx((width - v1, height - u1, width - v0, height - u0), abs=0.5)


def test_text_layer_page_slanted_at_no_right_angle_is_reported() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.translate(150, 150)
    c.rotate(35)
    c.setFont(FONT, 10)
    for k in range(6):
        c.drawString(0, -20 * k, "一般公共预算财政拨款支出决算表 公开05表")
    c.showPage()
    c.save()
    pages = read_pdf(buf.getvalue())
    problems = build(pages, "slanted.pdf").quality["page_problems"]
    assert len(problems) == 1 and problems[0]["page"] == 1  # type: ignore[index]
    assert "倾斜" in problems[0]["problem"]  # type: ignore[index]


def test_upright_page_with_a_sideways_margin_note_is_not_turned() -> None:
    data = rotated_content_pdf(
        ["边注"], [], [], 90, page_header="一般公共预算财政拨款支出决算表 公开05表 部门：测试局"
    )
    pages = read_pdf(data)
    assert pages[0].turn == 0


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_scan_turned_sideways_or_upside_down_is_ocred_upright(turn: int) -> None:
    gray, _ = _table_image()
    turned = np.asarray(Image.fromarray(gray).rotate(turn, expand=True))
    pages = read_pdf(_image_pdf(turned, DPI))
    assert [p.method for p in pages] == ["ocr"]
    assert pages[0].turn == turn
    grids = [b for b in pages[0].blocks if isinstance(b, Grid)]
    assert len(grids) == 1 and _texts(grids[0]) == EXPECTED
    assert [b.text for b in pages[0].blocks if isinstance(b, Line)] == ["Table 3 expenditure"]
    q = build(pages, "turned_scan.pdf").quality
    assert q["turned_pages"] == [{"page": 1, "turn": turn, "method": "ocr"}]
    # boxes are on the page as scanned: the grid lies inside the turned page's bounds
    bbox = grids[0].loc.bbox
    assert bbox is not None
    w, h = turned.shape[1] * 72 / DPI, turned.shape[0] * 72 / DPI
    assert 0 <= bbox[0] < bbox[2] <= w and 0 <= bbox[1] < bbox[3] <= h


def test_upright_scan_is_not_turned() -> None:
    gray, _ = _table_image()
    pages = read_pdf(_image_pdf(gray, DPI))
    assert pages[0].turn == 0
    assert build(pages, "scan.pdf").quality["turned_pages"] == []
