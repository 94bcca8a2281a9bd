"""Cross-table comparisons: blanks, conditions, units, unreadable cells, and the diagnoses."""

from __future__ import annotations

from ingest.model import Amount
from tests.rules import budget_examples as b
from tests.rules.builders import find_cell, row, set_text
from tests.rules.catalog_examples import CATALOG_EXAMPLES
from tests.rules.examples import edited, full
from tests.rules.helpers import findings, not_evaluated, run


def test_a_blank_opposite_a_figure_is_the_discrepancy() -> None:
    out = run(edited(("01", "住房保障支出", "决算数", "")))
    [f] = findings(out, "X01-03-CLASS")
    assert (f.severity, f.actual, f.expected, f.difference) == ("error", "（空）", "8.44", "8.44")
    assert "公开01表支出方“住房保障支出”未填列，但公开03表“221 住房保障支出”为8.44万元" in f.message
    assert {e["table"] for e in f.evidence} == {"01", "03"}


def test_a_class_moved_between_rows_names_both_rows() -> None:
    moved, _ = CATALOG_EXAMPLES["X01-03-CLASS"]
    out = run(moved())
    rows = {e["row"] for f in findings(out, "X01-03-CLASS") for e in f.evidence if e["table"] == "01"}
    assert rows == {"住房保障支出", "卫生健康支出"}
    assert not [f for f in out.findings if f.rule_id.startswith("T01-") and f.severity != "info"]


def test_an_unnamed_class_row_makes_the_missing_class_not_evaluated() -> None:
    d = full()
    t01 = d.tables["01"]
    housing = next(r for r in t01.rows if r.key == "住房保障支出")
    housing.label = housing.key = "十九、住房保障支"  # a label cut by the extraction
    out = run(d)
    assert findings(out, "X01-03-CLASS") == []
    assert [n for n in not_evaluated(out, "X01-03-CLASS") if "未能识别" in n.reason]


def test_03_may_exceed_05_when_the_unit_has_other_income() -> None:
    d = edited(
        ("03", "2101501 行政运行", "本年支出合计", "139.81"), ("03", "2101501 行政运行", "基本支出", "139.81")
    )
    assert findings(run(d), "X03-05-CODE")  # only 财政拨款: 03 must equal 05
    set_text(d, "01", "事业收入", "决算数", "10.00")
    out = run(d)
    assert findings(out, "X03-05-CODE") == []  # 事业收入 pays the 10.00 more: 05 ≤ 03 holds
    set_text(d, "05", "2101501 行政运行", "基本支出", "150.00")
    [f] = [f for f in findings(run(d), "X03-05-CODE") if "基本支出" in f.message]
    assert "大于" in f.message and f.severity == "error"


def test_amounts_in_yuan_and_wan_are_compared_in_one_unit() -> None:
    d = b.budget()
    for r in d.tables["B06"].rows:
        for cell in r.cells.values():
            if cell.amount is not None:
                cell.amount = Amount(cell.amount.value * 10000, cell.amount.decimals, "元")
                cell.text = f"{cell.amount.value:.2f}"
    d.tables["B06"].unit = "元"
    out = run(d)
    assert findings(out, "XB05-06-BASIC") == [] and findings(out, "XB10-06-THREE-PUBLIC") == []
    set_text(d, "B06", "合计", "合计", "2100000.00")
    [f] = findings(run(d), "XB05-06-BASIC")
    assert f.difference == "10.00" and f.severity == "error"


def test_an_unreadable_cell_is_not_evaluated() -> None:
    d = full()
    find_cell(d, "01", "卫生健康支出", "决算数").amount = None
    find_cell(d, "01", "卫生健康支出", "决算数").text = "l76.99"
    out = run(d)
    assert [n for n in not_evaluated(out, "X01-03-CLASS") if "l76.99" in n.reason]


def test_the_digit_slip_is_pinned_on_the_cell_and_not_on_its_neighbours() -> None:
    slip, _ = CATALOG_EXAMPLES["PLA-DIGIT-SLIP"]
    hits = findings(run(slip()), "PLA-DIGIT-SLIP")
    assert [(e["table"], e["row"], e["column"]) for f in hits for e in f.evidence] == [
        ("03", "2101501 行政运行", "本年支出合计")
    ]
    assert (
        hits[0].expected == "129.81" and hits[0].actual == "129.18" and "相邻两位数字颠倒" in hits[0].message
    )


def test_a_digit_more_or_less() -> None:
    out = run(edited(("05", "2101501 行政运行", "合计", "1129.81")))
    [f] = findings(out, "PLA-DIGIT-SLIP")
    assert (f.expected, f.actual) == ("129.81", "1129.81") and "多了一位数字" in f.message


def test_three_public_items_equal_06_when_nothing_is_project_spending() -> None:
    d = CATALOG_EXAMPLES["X09-06-THREE-PUBLIC"][1]()  # 30217 0.50 ≤ 09表 0.50: holds
    assert findings(run(d), "X09-06-THREE-PUBLIC") == []
    set_text(d, "09", "决算数", "公务接待费", "0.80")
    assert findings(run(d), "X09-06-THREE-PUBLIC") == []  # 项目支出 exists: 09 may be larger


def test_social_insurance_item_needs_its_functional_item() -> None:
    fires, silent = CATALOG_EXAMPLES["X06-05-SOCIAL"]
    [f] = findings(run(fires()), "X06-05-SOCIAL")
    assert f.expected == "8.44" and "2210201" in f.message
    assert findings(run(silent()), "X06-05-SOCIAL") == []


def test_a_row_the_code_table_lacks_entirely() -> None:
    d = full()
    d.tables["05"].rows.append(
        row("05", "2130101 行政运行", {"合计": "5.00", "基本支出": "5.00", "项目支出": ""})
    )
    hits = findings(run(d), "X04-05-CLASS")
    assert [f.actual for f in hits] == ["（空）"] and "表中无此行" in hits[0].message
