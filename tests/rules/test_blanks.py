"""Blank cells: absent from sums; blank totals with printed parts (TAB-BLANK-TOTAL); substitution."""

from __future__ import annotations

from tests.rules.builders import disclosure, row, table
from tests.rules.examples import edited, t01, with_table
from tests.rules.helpers import cells_of, findings, own_not_evaluated, serious
from tests.rules.helpers import run_in_table as run


def test_blank_part_is_not_a_zero_with_a_tolerance() -> None:
    # 1.00 = 1.00 + (blank): holds exactly, tolerance counts only printed cells
    t = table(
        "05",
        [
            row("05", "合计", {"合计": "1.00", "基本支出": "1.00", "项目支出": ""}, role="total"),
            row("05", "2101501 行政运行", {"合计": "1.00", "基本支出": "1.00", "项目支出": ""}),
        ],
    )
    out = run(disclosure(t))
    assert out.findings == []
    assert out.checks_held == out.checks_run


def test_dash_and_missing_cells_are_blank_too() -> None:
    t = table(
        "05",
        [
            row("05", "合计", {"合计": "1.00", "基本支出": "1.00", "项目支出": "—"}, role="total"),
            row("05", "2101501 行政运行", {"合计": "1.00", "基本支出": "1.00"}),
        ],
    )
    assert run(disclosure(t)).findings == []


def test_empty_rows_are_skipped_silently() -> None:
    t = table(
        "05",
        [
            row("05", "合计", {"合计": "1.00", "基本支出": "1.00", "项目支出": ""}, role="total"),
            row("05", "2101501 行政运行", {"合计": "1.00", "基本支出": "1.00", "项目支出": ""}),
            row("05", "2101502 一般行政管理事务", {"合计": "", "基本支出": "", "项目支出": ""}),
        ],
    )
    out = run(disclosure(t))
    assert out.findings == [] and own_not_evaluated(out, "05") == []


def test_blank_subtotals_of_01_are_reported_and_substituted() -> None:
    """Both 本年合计 blank, 住房保障支出 missing: warnings for the blanks, and 总计 checked
    against Σ支出类 + 结余分配 + 年末结转和结余 (an error: 193.12 vs 201.56)."""
    d = with_table(
        t01(
            **{
                "income:本年收入合计": "",
                "expense:本年支出合计": "",
                "expense:住房保障支出": "",
            }
        )
    )
    out = run(d)
    blanks = findings(out, "TAB-BLANK-TOTAL")
    assert len(blanks) == 2
    assert all(f.severity == "warning" and f.actual == "（空）" for f in blanks)
    assert {f.expected for f in blanks} == {"200.93", "193.12"}
    assert "“本年支出合计”未填列" in blanks[1].message
    total = findings(out, "T01-TOTAL")
    assert len(total) == 1 and total[0].severity == "error"
    f = total[0]
    assert (f.actual, f.expected, f.difference) == ("201.56", "193.12", "8.44")
    assert "以其组成项目代入" in f.message
    assert cells_of(f) == [
        ("01", "总计", "决算数"),
        ("01", "社会保障和就业支出", "决算数"),
        ("01", "卫生健康支出", "决算数"),
    ]
    # the income side still holds through substitution: 200.93 + 0.63 = 201.56
    assert not [x for x in total if "收入方" in x.message]
    assert len(serious(out)) == 3


def test_blank_total_with_zero_parts_is_fine() -> None:
    t = table(
        "05",
        [
            row("05", "合计", {"合计": "", "基本支出": "0.00", "项目支出": ""}, role="total"),
            row("05", "2101501 行政运行", {"合计": "", "基本支出": "0.00", "项目支出": ""}),
        ],
    )
    out = run(disclosure(t))
    assert findings(out, "TAB-BLANK-TOTAL") == []
    assert out.checks_held == out.checks_run


def test_blank_carry_out_that_nets_to_zero_is_fine() -> None:
    # 年末 = 10 + 30 − 40 = 0: a blank 年末 is acceptable for a signed identity
    values = {
        "年初结转和结余": "10.00",
        "本年收入": "30.00",
        "合计": "40.00",
        "基本支出": "40.00",
        "项目支出": "",
        "年末结转和结余": "",
    }
    t = table("07", [row("07", "合计", values, role="total"), row("07", "2290402 某项目", values)])
    out = run(disclosure(t))
    assert findings(out, "TAB-BLANK-TOTAL") == []
    assert serious(out) == []


def test_blank_carry_out_that_should_be_printed() -> None:
    values = {
        "年初结转和结余": "10.00",
        "本年收入": "50.00",
        "合计": "40.00",
        "基本支出": "40.00",
        "项目支出": "",
        "年末结转和结余": "",
    }
    t = table("07", [row("07", "合计", values, role="total")])
    blanks = findings(run(disclosure(t)), "TAB-BLANK-TOTAL")
    assert [f.expected for f in blanks] == ["20.00"]


def test_blank_parent_code_row_is_substituted_in_the_column_sum() -> None:
    d = edited(("05", "210 卫生健康支出", "基本支出", ""))
    out = run(d)
    # reported once as a blank total (same cell stated by TAB-HIER and T05-ROW's part)
    blanks = findings(out, "TAB-BLANK-TOTAL")
    assert len(blanks) == 1 and blanks[0].expected == "133.41"
    # 合计 基本 = 16.13 + (3.60 + 129.81) + 8.44 still holds through substitution
    assert findings(out, "TAB-COL-SUM") == []
    assert findings(out, "T05-ROW") == []
    assert len(serious(out)) == 1
