"""One PDF layout problem per test, each on a small PDF the test builds itself (tests/ingest/pdfbuild.py)."""

from __future__ import annotations

from decimal import Decimal

from reportlab.pdfgen import canvas

from ingest.model import Disclosure
from ingest.reader import read_document
from tests.ingest.pdfbuild import STYLE, Paragraph, drawn_table_pdf, table_pdf

T05_PREAMBLE = ["一般公共预算财政拨款支出决算表", "公开05表", "部门：测试局 单位：万元"]
T05_HEADER = [
    ["项目", "", "本年支出", "", ""],
    ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
    ["栏次", "", "1", "2", "3"],
]
T05_SPANS = [((0, 0), (1, 0)), ((2, 0), (4, 0))]


def _read(data: bytes) -> Disclosure:
    return read_document(data, "layout.pdf", "pdf")


def _t05_rows(n: int) -> list[list[str]]:
    rows = [["合计", "", f"{n * 0.75:.2f}", f"{n * 0.25:.2f}", f"{n * 0.50:.2f}"]]
    rows += [[f"21015{i:02d}", "行政运行", "0.75", "0.25", "0.50"] for i in range(n)]
    return rows


def _values(doc: Disclosure, table: str, column: str) -> list[Decimal]:
    return [r.amount(column).value for r in doc.tables[table].rows if r.amount(column) is not None]  # type: ignore[union-attr]


def test_table_continued_on_next_page_with_repeated_header() -> None:
    doc = _read(table_pdf(T05_PREAMBLE, T05_HEADER + _t05_rows(60), header_rows=3, spans=T05_SPANS))
    t = doc.tables["05"]
    assert len(t.pages) == 2
    assert len([r for r in t.rows if r.code]) == 60  # repeated header rows dropped, none lost
    assert sum(_values(doc, "05", "基本支出")[1:]) == Decimal("15.00")


def test_table_continued_without_repeated_header() -> None:
    doc = _read(table_pdf(T05_PREAMBLE, T05_HEADER + _t05_rows(60), header_rows=0, spans=T05_SPANS))
    t = doc.tables["05"]
    assert len(t.pages) == 2
    assert len([r for r in t.rows if r.code]) == 60


def test_wrapped_subject_name_stays_one_row() -> None:
    long_name = Paragraph("其他社会保障和就业支出其他社会保障和就业支出", STYLE)
    rows = [*T05_HEADER, ["合计", "", "3.00", "3.00", ""], ["2089999", long_name, "3.00", "3.00", ""]]
    doc = _read(
        table_pdf(T05_PREAMBLE, rows, header_rows=3, spans=T05_SPANS, col_widths=[60, 70, 60, 60, 60])
    )
    row = next(r for r in doc.tables["05"].rows if r.code == "2089999")
    assert row.label == "其他社会保障和就业支出其他社会保障和就业支出"
    assert row.amount("合计").value == Decimal("3.00")  # type: ignore[union-attr]


def test_number_split_into_several_text_runs() -> None:
    def split_runs(c: canvas.Canvas, text: str, x: float, y: float) -> None:
        if text[0].isdigit() and "." in text:
            head, tail = text[:2], text[2:]
            c.drawString(x, y, head)
            c.drawString(x + c.stringWidth(head, "STSong-Light", 9), y, tail)  # a second run, same line
        else:
            c.drawString(x, y, text)

    rows = [
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "1,049.22", "1,049.22", ""],
        ["2101501", "行政运行", "1,049.22", "1,049.22", ""],
    ]
    doc = _read(drawn_table_pdf(T05_PREAMBLE, rows, [70, 120, 70, 70, 70], draw_cell=split_runs))
    assert _values(doc, "05", "合计") == [Decimal("1049.22"), Decimal("1049.22")]


def test_fake_bold_doubled_characters_are_read_once() -> None:
    def fake_bold(c: canvas.Canvas, text: str, x: float, y: float) -> None:
        c.drawString(x, y, text)
        c.drawString(x + 0.3, y, text)  # the same glyphs again, slightly shifted

    rows = [
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "36.76", "36.76", ""],
        ["2101501", "行政运行", "36.76", "36.76", ""],
    ]
    doc = _read(drawn_table_pdf(T05_PREAMBLE, rows, [70, 120, 70, 70, 70], draw_cell=fake_bold))
    row = doc.tables["05"].row("2101501 行政运行")
    assert row is not None
    assert row.amount("合计").value == Decimal("36.76")  # type: ignore[union-attr]


def test_landscape_page() -> None:
    doc = _read(
        table_pdf(
            T05_PREAMBLE, T05_HEADER + _t05_rows(3), header_rows=3, spans=T05_SPANS, landscape_page=True
        )
    )
    assert len([r for r in doc.tables["05"].rows if r.code]) == 3


def test_rotated_page() -> None:
    doc = _read(table_pdf(T05_PREAMBLE, T05_HEADER + _t05_rows(3), header_rows=3, spans=T05_SPANS, rotate=90))
    assert _values(doc, "05", "项目支出") == [
        Decimal("1.50"),
        Decimal("0.50"),
        Decimal("0.50"),
        Decimal("0.50"),
    ]


def test_two_sided_table_keeps_its_lanes_apart() -> None:
    rows = [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "决算数", "项目", "行次", "决算数"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、一般公共预算财政拨款收入", "1", "10.00", "一、一般公共服务支出", "32", "10.00"],
        ["", "2", "", "二、外交支出", "33", ""],
        ["本年收入合计", "27", "10.00", "本年支出合计", "58", "10.00"],
        ["总计", "31", "10.00", "总计", "62", "10.00"],
    ]
    doc = _read(
        table_pdf(
            ["收入支出决算总表", "公开01表", "单位：万元"],
            rows,
            header_rows=3,
            spans=[((0, 0), (2, 0)), ((3, 0), (5, 0))],
        )
    )
    t = doc.tables["01"]
    assert [r.key for r in t.rows if r.lane == "income"] == [
        "一般公共预算财政拨款收入",
        "本年收入合计",
        "总计",
    ]
    assert t.row("一般公共服务支出", lane="expense").amount("决算数").value == Decimal("10.00")  # type: ignore[union-attr]
    assert t.row("总计", lane="expense").line_no == "62"  # type: ignore[union-attr]


def test_three_public_multi_row_header() -> None:
    rows = [
        ["项目", "财政拨款“三公”经费", "", "", "", "", "会议费", "培训费"],
        ["", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "公务接待费", "", ""],
        ["", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", ""],
        ["栏次", "1", "2", "3", "4", "5", "6", "7"],
        ["预算数", "5.00", "", "4.00", "", "4.00", "1.00", "0.50"],
        ["决算数", "4.50", "", "3.60", "", "3.60", "0.90", ""],
    ]
    spans = [
        ((1, 0), (5, 0)),
        ((6, 0), (6, 2)),
        ((7, 0), (7, 2)),
        ((1, 1), (1, 2)),
        ((2, 1), (2, 2)),
        ((3, 1), (4, 1)),
        ((5, 1), (5, 2)),
        ((0, 0), (0, 2)),
    ]
    doc = _read(
        table_pdf(
            ["财政拨款“三公”经费支出决算表", "公开09表", "单位：万元"],
            rows,
            header_rows=4,
            spans=spans,
            landscape_page=True,
        )
    )
    final = doc.tables["09"].row("决算数")
    assert final is not None
    assert final.amount("合计").value == Decimal("4.50")  # type: ignore[union-attr]
    assert final.amount("公务用车购置及运行维护费").value == Decimal("3.60")  # type: ignore[union-attr]
    assert final.amount("会议费").value == Decimal("0.90")  # type: ignore[union-attr]
    assert final.amount("公务用车购置费") is None  # blank: not printed


def test_table_in_yuan_keeps_its_unit() -> None:
    rows = [
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["合计", "", "8,980,000", "", "8,980,000"],
        ["2101301", "城乡医疗救助", "8,980,000", "", "8,980,000"],
    ]
    doc = _read(table_pdf(["一般公共预算财政拨款支出决算表", "公开05表", "部门：测试局 单位：元"], rows))
    amount = doc.tables["05"].row("2101301 城乡医疗救助").amount("合计")  # type: ignore[union-attr]
    assert amount is not None and amount.unit == "元" and amount.value == Decimal("8980000")
    assert amount.in_yuan() == Decimal("8980000")
