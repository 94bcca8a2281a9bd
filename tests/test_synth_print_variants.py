"""Print variants of generated disclosures (auditor.synth.layout / PrintStyle): tables in 元, the 09表
header forms and its 会议费/培训费 columns, 公开10表, and zeros of the narrative (“事业收入万元”).

These check the generator itself — that each variant prints what it says without changing a figure;
tests/test_synth_variants.py audits the same variants."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.synth import PrintStyle, generate, inject, to_text
from auditor.synth.defects import MIN_CHANGE
from auditor.synth.layout import Layout, apply_layout
from auditor.synth.model import parse_printed
from auditor.synth.render_text import table_lines

SEED = 7


def _doc(layout: Layout, style: PrintStyle | None = None, *, thousands: bool = True):
    doc = generate(SEED, print_style=style, with_table_10=layout.table_10)
    return apply_layout(doc, layout, thousands=thousands)


def test_tables_in_yuan_print_exact_yuan_under_their_own_unit_line() -> None:
    base = generate(SEED)
    doc = _doc(Layout(yuan_tables=("06", "09")))
    for c in doc.cells:
        if c.table in ("06", "09"):
            assert c.unit == "元"
            assert c.value == Decimal(c.yuan)
            assert doc.tables[c.table].body[c.grid_row][c.grid_col] == c.text == f"{c.yuan:,.2f}"
        else:
            assert c.unit == "万元"
    lines = table_lines(doc, doc.tables["06"])
    assert any(line.endswith("单位：元") for line in lines)
    assert any(line.endswith("单位：万元") for line in table_lines(doc, doc.tables["05"]))
    # the same figures as the 万元 print, only in 元
    wan = {(c.table, c.row, c.column, c.lane): c.value for c in base.cells}
    for c in doc.cells:
        if c.table == "06":
            assert abs(c.value / 10000 - wan[(c.table, c.row, c.column, c.lane)]) <= Decimal("0.005")


def test_yuan_without_thousands_separators_and_unit_in_title() -> None:
    doc = _doc(Layout(yuan_tables=("03",), unit_line="title"), PrintStyle(thousands=False), thousands=False)
    cells = [c for c in doc.cells if c.table == "03"]
    assert cells and all("," not in c.text for c in cells)
    assert table_lines(doc, doc.tables["03"])[0].endswith("（单位：元）")


@pytest.mark.parametrize("kind", ["detail_cell", "total_cell", "swap_digits"])
def test_a_defect_in_a_yuan_table_is_as_large_as_in_wan(kind: str) -> None:
    doc = _doc(Layout(yuan_tables=("02", "03", "05")))
    for seed in range(6):
        mutant, defect = inject(doc, kind, seed)
        if defect.table not in ("02", "03", "05"):
            continue
        change = abs(parse_printed(defect.new_text) - parse_printed(defect.old_text))
        assert change >= MIN_CHANGE * 10000, defect.description
        assert defect.new_text.endswith(".00") or kind == "swap_digits"


@pytest.mark.parametrize("groups", ["own", "merged", "none"])
@pytest.mark.parametrize("meeting", [True, False])
def test_three_public_side_by_side(groups: str, meeting: bool) -> None:
    doc = _doc(Layout(tp_groups=groups, tp_meeting=meeting))  # type: ignore[arg-type]
    t = doc.tables["09"]
    n = 8 if meeting else 6
    assert t.width == 2 * n and len(t.body) == 1
    first = t.header[0]
    if groups == "own":
        assert (first[0], first[n]) == ("预算数", "决算数")
    elif groups == "merged":
        assert (first[0], first[n]) == ("预算数合计", "决算数合计")
    else:
        assert (first[0], first[n]) == ("合计", "合计")
    assert t.header[-1] == [str(i + 1) for i in range(2 * n)]  # the column-number row
    cells = doc.table_cells("09")
    assert len(cells) == 2 * n
    for c in cells:
        assert t.body[c.grid_row][c.grid_col] == c.text
        assert (c.grid_col < n) == (c.row == "预算数")
    assert ("会议费" in {c.column for c in cells}) == meeting
    assert ("会议费" in t.title) == meeting


def test_three_public_rows_without_meeting_columns() -> None:
    doc = _doc(Layout(tp_meeting=False))
    t = doc.tables["09"]
    assert t.width == 7 and all(len(r) == 7 for r in t.header + t.body)
    assert "会议费" not in "\n".join(table_lines(doc, t))
    assert {c.column for c in doc.table_cells("09")} == {
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行维护费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    }


def test_table_10_procurement_adds_up_and_running_costs_equal_operating() -> None:
    for seed in range(5):
        doc = generate(seed, with_table_10=True)
        cells = {c.row: c.value for c in doc.table_cells("10")}
        parts = [cells.get(f"政府采购支出/{p}", Decimal(0)) for p in ("货物", "工程", "服务")]
        assert abs(cells["政府采购支出/合计"] - sum(parts)) <= Decimal("0.015")
        operating = doc.cell("06", "公用经费合计", "决算数")
        assert operating is not None and cells["机关运行经费支出/行政单位"] == operating.value
        assert "公开10表" in to_text(apply_layout(doc, Layout(table_10=True)))
    assert "10" not in generate(0).tables


def test_narrative_zero_amounts_blank_or_zero() -> None:
    def zero_sources(s: int) -> int:
        return len({"income_business", "income_other"} - {c.topic for c in generate(s).claims})

    seed = next(s for s in range(50) if zero_sources(s))
    blank = generate(seed, print_style=PrintStyle(narrative_zeros="blank"))
    zero = generate(seed, print_style=PrintStyle(narrative_zeros="zero"))
    omit = generate(seed)
    topics = {c.topic for c in omit.claims}
    text_blank = "\n".join(p.text for p in blank.paragraphs)
    text_zero = "\n".join(p.text for p in zero.paragraphs)
    checked = 0
    for name, topic in (("事业收入", "income_business"), ("其他收入", "income_other")):
        if topic in topics:
            continue  # not zero in this document
        checked += 1
        assert f"{name}万元" in text_blank and topic not in {c.topic for c in blank.claims}
        share = next(c for c in blank.claims if c.topic == f"{topic}_share")
        assert share.value == 0 and share.text == "0.00"
        assert f"{name}0.00万元" in text_zero and topic in {c.topic for c in zero.claims}
    assert checked
    for doc in (blank, zero):  # every claim still points at its own text
        for c in doc.claims:
            assert doc.paragraphs[c.paragraph].text[c.start : c.start + len(c.text)] == c.text


# Single defects inside what these variants change (the rotating mutants of test_synth_variants
# mostly land elsewhere): each must be found by a finding that names the changed figure.
TARGETED: list[tuple[str, str]] = [
    ("yuan-09", "t09_total"),
    ("yuan-06-09-10", "t06_total"),
    ("yuan-06-09-10", "t09_total"),
    ("yuan-02-03", "total_cell"),
    ("yuan-02-03", "detail_cell"),
    ("yuan-02-03", "swap_digits"),
    ("tp-own", "t09_total"),
    ("tp-merged-nonum", "t09_total"),
    ("tp-no-meeting", "t09_total"),
    ("tp-merged-no-meeting", "t09_total"),
    ("province-mix", "t09_total"),
    ("narrative-zeros-blank", "total_cell"),
]


@pytest.mark.parametrize(("name", "kind"), TARGETED, ids=[f"{n}-{k}" for n, k in TARGETED])
@pytest.mark.parametrize("fmt", ["tsv", "space"])
def test_a_defect_where_the_variant_prints_differently_is_found(
    name: str, kind: str, fmt: str, tmp_path
) -> None:
    from auditor.synth.variants import audit, generate_variant, names_the_change, variant_named

    for seed in (11, 12):
        doc = generate_variant(seed, variant_named(name), fmt)  # type: ignore[arg-type]
        mutant, defect = inject(doc, kind, seed)
        result = audit(mutant, fmt, tmp_path)  # type: ignore[arg-type]
        assert result.status == "ok", result.error
        assert names_the_change(result, defect), defect.description


@pytest.mark.parametrize("row", ["政府采购支出/合计", "政府采购支出/货物", "政府采购支出/服务"])
@pytest.mark.parametrize("name", ["table-10", "yuan-06-09-10"])
def test_a_defect_in_table_10_procurement_is_found(name: str, row: str, tmp_path) -> None:
    from auditor.synth.defects import _replace_cell
    from auditor.synth.model import InjectedDefect, format_wan
    from auditor.synth.variants import audit, generate_variant, names_the_change, variant_named

    for seed in range(20):
        doc = generate_variant(seed, variant_named(name), "tsv")
        target = next((c for c in doc.table_cells("10") if c.row == row), None)
        if target is not None:
            break
    assert target is not None
    new_text = format_wan(target.value + Decimal("1.00") * target.scale)
    mutant = _replace_cell(doc, target, new_text)
    defect = InjectedDefect("t10", "10", row, "统计数", target.text, new_text, f"10表 {row}")
    result = audit(mutant, "tsv", tmp_path)
    assert result.status == "ok", result.error
    assert names_the_change(result, defect), [f"{f.rule_id}: {f.message}" for f in result.findings]


def test_narrative_zero_amounts_as_integers() -> None:
    doc = generate(SEED, print_style=PrintStyle(narrative_zeros="int"))
    text = "\n".join(p.text for p in doc.paragraphs)
    zeros = [c for c in doc.claims if c.value == 0]
    assert zeros and all(c.text == "0" for c in zeros)
    assert "收入0万元，" in text and "0%" in text
    for c in doc.claims:
        assert doc.paragraphs[c.paragraph].text[c.start : c.start + len(c.text)] == c.text


# a “0” printed among 2-decimal figures is an exact zero at the table's own precision, not a whole
# number read ±0.5 (a 类 figure changed from 0 to 0.39 must not fit the sum of its 0 款 rows)
def test_a_figure_changed_beside_zeros_printed_as_0_is_found(tmp_path) -> None:
    from auditor.synth.variants import Variant, audit, generate_variant, names_the_change

    doc = generate_variant(503, Variant("zeros-int", style=PrintStyle(zeros="int")), "tsv")
    mutant, defect = inject(doc, "class_row", 503)
    assert defect.old_text == "0"  # the case: a 0 of the 类 row changed
    result = audit(mutant, "tsv", tmp_path)
    assert result.status == "ok", result.error
    assert names_the_change(result, defect), defect.description


@pytest.mark.parametrize("groups", ["own", "merged", "none"])
def test_three_public_side_by_side_with_the_car_columns_nested(groups: str) -> None:
    doc = _doc(Layout(tp_groups=groups, tp_nested=True, number_row=False))  # type: ignore[arg-type]
    t = doc.tables["09"]
    n = 8
    top, below = t.header[-2], t.header[-1]
    for half in (0, n):
        assert top[half + 2] == "公务用车购置及运行维护费" and top[half + 3] == top[half + 4] == ""
        assert below[half + 2 : half + 5] == ["小计", "公务用车购置费", "公务用车运行维护费"]
        assert (half + 2, len(t.header) - 2, half + 4, len(t.header) - 2) in t.header_spans
    assert below.count("") == 2 * (n - 3)
    for c in doc.table_cells("09"):
        assert t.body[c.grid_row][c.grid_col] == c.text


def test_three_public_items_of_the_text_in_yuan() -> None:
    doc = generate(SEED, print_style=PrintStyle(narrative_three_public_unit="元"))
    items = [
        c for c in doc.claims if c.topic in ("abroad", "car", "car_purchase", "car_running", "reception")
    ]
    assert len(items) == 5 and all(c.unit == "元" for c in items)
    for c in items:
        cell = doc.cell("09", "决算数", c.ref[2]) if c.ref else None
        assert cell is not None and abs(c.value / 10000 - cell.value) <= Decimal("0.005")
        assert doc.paragraphs[c.paragraph].text[c.start + len(c.text) :].startswith("元")
    assert all(c.unit == "万元" for c in doc.claims if c.topic == "three_public_final")


def test_a_three_public_item_of_the_text_in_yuan_that_disagrees_is_found(tmp_path) -> None:
    import copy

    from auditor.synth.model import format_wan
    from auditor.synth.variants import audit, generate_variant, variant_named

    doc = generate_variant(3, variant_named("tp-text-yuan"), "tsv")
    claim = next(c for c in doc.claims if c.topic == "reception" and c.value > 0)
    new = format_wan(claim.value + 5000)  # 0.50万元 more than 09表 says
    mutant = copy.deepcopy(doc)
    para = mutant.paragraphs[claim.paragraph]
    para.text = para.text[: claim.start] + new + para.text[claim.start + len(claim.text) :]
    result = audit(mutant, "tsv", tmp_path)
    quotes = [
        e.get("quote")
        for f in result.findings
        if f.rule_id == "N-AMOUNT-TABLE" and f.severity == "error"
        for e in f.evidence
    ]
    assert any(new in str(q) for q in quotes), [f"{f.rule_id}: {f.message}" for f in result.findings]


def test_three_public_zeros_follow_the_style_when_asked() -> None:
    doc = generate(SEED, print_style=PrintStyle(zeros="dash", three_public_zeros=False))
    body = doc.tables["09"].body
    cells = doc.table_cells("09")
    assert all(c.value != 0 for c in cells)
    printed = {(c.grid_row, c.grid_col) for c in cells}
    amounts = [(r, k) for r in range(len(body)) for k in range(1, len(body[r]))]
    assert any(body[r][k] == "-" for r, k in amounts if (r, k) not in printed)
    assert all(body[r][k] == "-" for r, k in amounts if (r, k) not in printed)
    assert any(c.text == "0.00" for c in generate(SEED).table_cells("09"))  # default: 0.00


@pytest.mark.parametrize("places", [0, 1])
def test_narrative_percentages_with_fewer_decimals(places: int) -> None:
    doc = generate(SEED, print_style=PrintStyle(narrative_percent_places=places))
    default = [c for c in generate(SEED).claims if c.unit == "%"]
    shares = [c for c in doc.claims if c.unit == "%"]
    assert shares and len(shares) == len(default)
    for c, d in zip(shares, default, strict=True):
        assert (c.paragraph, c.topic) == (d.paragraph, d.topic)
        decimals = len(c.text.split(".")[1]) if "." in c.text else 0
        assert decimals == places
        assert doc.paragraphs[c.paragraph].text[c.start + len(c.text) :].startswith("%")
        assert abs(c.value - d.value) <= Decimal("0.5") * Decimal(10) ** -places
