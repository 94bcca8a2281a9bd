"""Tables recognised by their title and header whatever label they carry, split 类|款|项 codes, a
三公 table whose header is one row with the group merged into the first column name, wrapped header
words — each on a small PDF the test builds itself (tests/ingest/pdfbuild.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.model import Disclosure
from ingest.reader import read_document
from ingest.schema import final_account_table
from tests.ingest.pdfbuild import STYLE, Paragraph, table_pdf

T05_TITLE = "一般公共预算财政拨款支出决算表"
T05_ROWS = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["合计", "", "3.00", "1.00", "2.00"],
    ["2010101", "行政运行", "3.00", "1.00", "2.00"],
]


def _read(data: bytes) -> Disclosure:
    return read_document(data, "layout.pdf", "pdf")


def _value(doc: Disclosure, table: str, key: str, column: str) -> Decimal | None:
    row = next(r for r in doc.tables[table].rows if r.key == key)
    amount = row.amount(column)
    return amount.value if amount is not None else None


@pytest.mark.parametrize(
    "preamble",
    [
        [T05_TITLE, "单位：万元"],
        [f"表5 {T05_TITLE}", "金额单位：万元"],
        [f"附表5：{T05_TITLE}", "单位：万元"],
        [f"表2-5 {T05_TITLE}", "单位：万元"],
        [f"测试局2024年度{T05_TITLE}", "单位：万元"],
        [T05_TITLE, "公开07表", "单位：万元"],  # the label disagrees: the title decides
    ],
)
def test_table_recognised_by_title_whatever_its_label(preamble: list[str]) -> None:
    doc = _read(table_pdf(preamble, T05_ROWS, header_rows=1))
    assert sorted(doc.tables) == ["05"]
    assert _value(doc, "05", "2010101 行政运行", "项目支出") == Decimal("2.00")


@pytest.mark.parametrize(
    ("title", "table_id"),
    [
        ("一般公共预算财政拨款基本支出决算明细表", "06"),
        ("一般公共预算财政拨款基本支出决算表（按经济分类科目）", "06"),
        ("一般公共预算财政拨款支出决算表（按功能分类科目）", "05"),
        ("财政拨款“三公”经费及会议费、培训费支出决算表", "09"),
        ("一般公共预算财政拨款“三公”经费支出决算表", "09"),
        ("“三公”经费、会议费和培训费支出决算表", "09"),
        ("测试局2024年度收入支出决算总表（单位：万元）", "01"),
        ("表4 财政拨款收入支出决算总表", "04"),
        ("一、收入决算表", None),  # a 目录 entry
        ("五、一般公共预算财政拨款支出决算表……………12", None),
    ],
)
def test_title_family_names_its_table(title: str, table_id: str | None) -> None:
    assert final_account_table(title) == table_id


def test_table_of_contents_is_not_a_table() -> None:
    contents = [
        "目录",
        "一、收入支出决算总表",
        "二、收入决算表",
        "三、支出决算表",
        "五、一般公共预算财政拨款支出决算表",
    ]
    doc = _read(table_pdf([*contents, T05_TITLE, "单位：万元"], T05_ROWS, header_rows=1))
    assert sorted(doc.tables) == ["05"]


def test_split_class_item_codes_read_as_one_code() -> None:
    rows = [
        ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
        ["类", "款", "项", "合计", "3.00", "1.00", "2.00"],
        ["208", "", "", "社会保障和就业支出", "3.00", "1.00", "2.00"],
        ["208", "05", "", "行政事业单位养老支出", "3.00", "1.00", "2.00"],
        ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "3.00", "1.00", "2.00"],
    ]
    doc = _read(table_pdf([T05_TITLE, "单位：万元"], rows, header_rows=2, spans=[((0, 0), (2, 0))]))
    codes = [r.code for r in doc.tables["05"].rows if r.code]
    assert codes == ["208", "20805", "2080505"]
    assert _value(doc, "05", "2080505 机关事业单位基本养老保险缴费支出", "基本支出") == Decimal("1.00")
    assert _value(doc, "05", "合计", "合计") == Decimal("3.00")
    assert not any(f.startswith("CMP-FUNC") for f in doc.quality.get("rows_not_parsed", []))


def test_three_public_header_in_one_row_without_column_numbers() -> None:
    names = [
        "因公出国（境）费",
        "公务用车购置及运行维护费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ]
    header = ["预算数合计", *names, "决算数合计", *names]
    values = ["5.00", "1.00", "3.00", "1.00", "2.00", "1.00", "4.00", "0.50", "2.50", "0.50", "2.00", "1.00"]
    doc = _read(
        table_pdf(
            ["财政拨款“三公”经费支出决算表", "单位：万元"],
            [[Paragraph(h, STYLE) for h in header], values],
            header_rows=1,
            col_widths=[62] * 12,
            landscape_page=True,
        )
    )
    t = doc.tables["09"]
    assert not t.empty
    assert _value(doc, "09", "预算数", "合计") == Decimal("5.00")
    assert _value(doc, "09", "决算数", "合计") == Decimal("4.00")
    assert _value(doc, "09", "决算数", "公务用车购置及运行维护费") == Decimal("2.50")
    assert _value(doc, "09", "决算数", "公务接待费") == Decimal("1.00")


def test_header_words_wrapped_inside_their_cells() -> None:
    header = [Paragraph(t, STYLE) for t in ("科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出")]
    rows = [header, *T05_ROWS[1:]]
    doc = _read(table_pdf(["支出决算表", "单位：万元"], rows, header_rows=1, col_widths=[60, 80, 30, 30, 30]))
    assert _value(doc, "03", "2010101 行政运行", "本年支出合计") == Decimal("3.00")
    assert _value(doc, "03", "2010101 行政运行", "项目支出") == Decimal("2.00")
