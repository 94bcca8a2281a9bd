"""The indicator block of 绩效 forms (ingest/indicators.py): values read as printed, misaligned
rows read in sequence, 目标申报表 halves, and a form printed over two pages (a PDF the test builds)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest import indicators as ind
from ingest.pdf import read_pdf
from ingest.tables import recognise
from tests.ingest.pdfbuild import STYLE, Paragraph, table_pdf
from tests.rules.performance_examples import LEVELS, PROJECT, edit, form


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("≥3次", "≥", Decimal(3), "次"),
        ("=1920000", "=", Decimal(1920000), ""),
        ("≤100%", "≤", Decimal(100), "%"),
        ("60元/人", "", Decimal(60), "元/人"),
        ("35.2元/人", "", Decimal("35.2"), "元/人"),
        ("2,518 人", "", Decimal(2518), "人"),
        (">= 95%", "≥", Decimal(95), "%"),
    ],
)
def test_indicator_value_is_read_with_its_comparison_and_unit(
    text: str, op: str, value: Decimal, unit: str
) -> None:
    m = ind.measure(text)
    assert m is not None
    assert (m.op, m.value, m.unit) == (op, value, unit)


@pytest.mark.parametrize("text", ["达到预期", "不适用", "2024年12月底前", "12/1/2024", "", "—"])
def test_words_and_dates_are_not_numbers(text: str) -> None:
    assert ind.measure(text) is None


def _by_label(rows: list, label: str):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.label == label)


def test_project_form_indicator_block_is_read_with_groups_weights_and_total() -> None:
    t = form(PROJECT)
    groups = [r for r in t.indicators if r.role == "group"]
    assert [(g.label, g.amount(ind.WEIGHT).value) for g in groups] == [  # type: ignore[union-attr]
        ("产出指标", 50),
        ("效益指标", 30),
        ("满意度指标", 10),
    ]
    people = _by_label(t.indicators, "指标1：补助人数")
    assert people.parent == "产出指标" and people.lane == "数量指标"
    assert {c: people.cells[c].text for c in people.cells} == {
        ind.ANNUAL: "2000人",
        ind.ACTUAL: "1600人",
        ind.WEIGHT: "20",
        ind.SCORE: "16",
    }
    assert people.amount(ind.WEIGHT).unit == ind.POINTS  # type: ignore[union-attr]
    assert all(c.loc.line for c in people.cells.values())  # every value keeps where it was printed
    total = t.indicators[-1]
    assert total.key == ind.TOTAL_KEY and total.amount(ind.WEIGHT).value == 100  # type: ignore[union-attr]
    assert total.amount(ind.SCORE).value == 94  # type: ignore[union-attr]
    # the money block is still read, and no indicator is taken for money
    assert [r.key for r in t.rows] == ["年度资金总额", "当年财政拨款", "上年结转资金", "其他资金"]
    assert t.problems == []


def test_row_starting_one_cell_early_is_read_in_sequence() -> None:
    # the grid drops the empty first cell of a row: values still follow the name in header order
    lines = edit(PROJECT, "\t\t质量指标\t指标1：补助标准", "\t质量指标\t指标1：补助标准")
    row = _by_label(form(lines).indicators, "指标1：补助标准")
    assert row.cells[ind.ANNUAL].text == "600元/人" and row.cells[ind.SCORE].text == "10"
    assert not any(c.uncertain for c in row.cells.values())


def test_row_with_a_missing_value_is_placed_by_column_and_marked_uncertain() -> None:
    lines = edit(
        PROJECT, "\t指标1：长效救助机制\t长期\t长期\t15\t15", "\t指标1：长效救助机制\t\t长期\t15\t15"
    )
    t = form(lines)
    row = _by_label(t.indicators, "指标1：长效救助机制")
    assert row.cells[ind.ACTUAL].text == "长期" and ind.ANNUAL not in row.cells
    assert all(c.uncertain for c in row.cells.values())
    assert any("长效救助机制" in p for p in t.problems)


def test_initial_and_adjusted_targets_and_level_of_government_money() -> None:
    t = form(LEVELS)
    row = _by_label(t.indicators, "补助人数")
    assert [row.cells[c].text for c in (ind.INITIAL, ind.ADJUSTED, ind.ACTUAL)] == ["=2000", "=2000", "=1600"]
    assert [r.key for r in t.rows] == ["年度资金总额", "中央财政资金", "市县财政资金"]
    assert t.row("年度资金总额").cells["资金结余"].text == "24"  # type: ignore[union-attr]
    # 总分 prints one number under 得分 only
    assert set(t.indicators[-1].cells) == {ind.SCORE}


DECLARATION = [
    "项目名称\t\t某补助项目",
    "项目资金（元）\t实施期资金总额：\t300,000\t年度资金总额：\t300,000",
    "\t其中：中央财政资金\t0\t其中：中央财政资金\t0",
    "\t市县(区)财政资金\t300,000\t市县(区)财政资金\t300,000",
    "项目概况\t\t补助困难群众,共500人,每人每年600元,总计300000元",
    "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值",
    "\t产出指标\t数量指标\t补助人数\t500人\t数量指标\t补助人\t500人",
    "\t\t成本指标\t人均补助标准\t600元/人\t成本指标\t人均补助\t600元/人",
]


def test_declaration_form_has_two_halves_money_in_yuan_and_its_description() -> None:
    t = form(DECLARATION, title="某项目支出绩效目标申报表")
    row = _by_label(t.indicators, "补助人数")
    assert {c: row.cells[c].text for c in row.cells} == {ind.PERIOD: "500人", ind.ANNUAL: "500人"}
    total = t.row("年度资金总额")
    assert total is not None
    assert total.amount("实施期").unit == "元" and total.amount("年度").value == 300000  # type: ignore[union-attr]
    assert [n.row for n in t.notes] == ["项目概况"]


def test_form_continued_on_the_next_page_is_joined() -> None:
    rows = [line.split("\t") for line in PROJECT]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    # 40 filler indicators push the 满意度 lines and the 总分 line onto page 2
    filler = [
        ["", "", "可持续影响指标", f"指标{i}：长效机制{i}", "长期", "长期", "0", "0", ""] for i in range(40)
    ]
    at = next(i for i, r in enumerate(rows) if "满意度指标（10分）" in r)
    body = rows[:at] + filler + rows[at:]
    cells = [[Paragraph(c, STYLE) for c in r] for r in body]
    widths = [48, 56, 62, 100, 58, 58, 42, 42, 50]
    data = table_pdf(
        ["某县困难群众生活补助项目支出绩效自评表"], cells, col_widths=widths, after=("说明：测试。",)
    )
    found = recognise(read_pdf(data))
    forms = [t for t in found.tables.values() if t.id.startswith("P")]
    assert len(forms) == 1
    t = forms[0]
    assert len(t.pages) >= 2
    assert t.columns[-1] == "得分"
    total = t.indicators[-1]
    assert total.key == ind.TOTAL_KEY and total.amount(ind.SCORE).value == 94  # type: ignore[union-attr]
    assert _by_label(t.indicators, "指标1：受助群众满意度").parent == "满意度指标"
