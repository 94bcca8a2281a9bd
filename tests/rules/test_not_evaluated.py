"""Checks whose facts are missing become NotEvaluated with a Chinese reason — never silence."""

from __future__ import annotations

from ingest.model import Disclosure
from tests.rules.builders import disclosure, row, set_text, table
from tests.rules.examples import code_table, full, t06, t10
from tests.rules.helpers import findings, not_evaluated, own_not_evaluated
from tests.rules.helpers import run_in_table as run


def test_missing_table() -> None:
    d = full()
    del d.tables["03"]
    out = run(d)
    got = {(n.rule_id, n.table) for n in out.not_evaluated}
    assert got == {("T03-ROW", "03"), ("TAB-COL-SUM", "03"), ("TAB-HIER", "03")}
    assert all("未找到公开03表" in n.reason and "支出决算表" in n.reason for n in out.not_evaluated)
    assert out.findings == []


def test_missing_optional_table_10_is_not_reported() -> None:
    d = full()
    del d.tables["10"]
    assert run(d).not_evaluated == []


def test_nothing_at_all_in_a_final_account() -> None:
    out = run(Disclosure(source="empty.pdf", kind="final_account"))
    assert out.findings == []
    assert {n.table for n in out.not_evaluated} == {"01", "02", "03", "04", "05", "06", "07", "08", "09"}


def test_budget_documents_do_not_expect_final_account_tables() -> None:
    t = code_table("05")
    t.id = "B05"
    for r in t.rows:
        for c in r.cells.values():
            c.table = "B05"
    out = run(disclosure(t, kind="budget"))
    assert out.not_evaluated == []
    assert out.findings == []
    assert out.checks_run > 0
    assert not [f for f in out.findings if f.rule_id.startswith("T0")]


def test_unreadable_total() -> None:
    d = full()
    set_text(d, "03", "合计", "基本支出", "1S7.98")
    out = run(d)
    ne = not_evaluated(out, "TAB-COL-SUM") + not_evaluated(out, "T03-ROW")
    assert ne
    assert all("1S7.98" in n.reason and "无法识别" in n.reason for n in ne)
    assert "“合计”行“基本支出”栏" in ne[0].reason
    assert findings(out) == []


def test_unreadable_part() -> None:
    d = full()
    set_text(d, "03", "2101501 行政运行", "基本支出", "l29.81")
    out = run(d)
    ne = not_evaluated(out, "TAB-HIER")
    assert ne and ne[0].table == "03"
    assert findings(out) == []


def test_missing_total_row_of_a_two_sided_table() -> None:
    d = full()
    d.tables["01"].rows = [r for r in d.tables["01"].rows if r.key != "总计"]
    out = run(d)
    assert {n.rule_id for n in out.not_evaluated} == {"T01-TOTAL", "T01-BALANCE"}
    assert findings(out) == []


def test_missing_subtotal_row() -> None:
    d = full()
    d.tables["01"].rows = [r for r in d.tables["01"].rows if r.key != "本年支出合计"]
    out = run(d)
    assert [n.rule_id for n in out.not_evaluated] == ["T01-EXPENSE-SUM"]
    # the expense total is still checked, against the 支出类 rows directly
    assert findings(out) == []


def test_missing_personnel_total_row() -> None:
    t = t06()
    t.rows = [r for r in t.rows if r.key != "人员经费合计"]
    out = run(disclosure(t))
    assert [n.rule_id for n in own_not_evaluated(out, "06")] == ["T06-PERSONNEL"]


def test_code_table_without_code_rows() -> None:
    t = table(
        "03",
        [row("03", "合计", {"本年支出合计": "10.00", "基本支出": "10.00", "项目支出": ""}, role="total")],
    )
    out = run(disclosure(t))
    assert [n.rule_id for n in own_not_evaluated(out, "03")] == ["TAB-COL-SUM"]


def test_code_table_without_its_total_column() -> None:
    t = code_table("03")
    for r in t.rows:
        del r.cells["本年支出合计"]
    out = run(disclosure(t))
    assert [n.rule_id for n in own_not_evaluated(out, "03")] == ["T03-ROW"]
    assert findings(out, "TAB-BLANK-TOTAL") == []


def test_empty_table_is_silent() -> None:
    t = table("07", [row("07", "合计", {"合计": "", "基本支出": ""}, role="total")], empty=True)
    out = run(disclosure(t))
    assert own_not_evaluated(out, "07") == [] and out.findings == []


def test_procurement_rows_not_read_is_silent() -> None:
    t = t10()
    t.rows = [r for r in t.rows if r.label != "工程"]
    out = run(disclosure(t))
    assert own_not_evaluated(out, "10") == [] and out.findings == []


def test_value_beyond_exact_engine_range() -> None:
    t = table(
        "05",
        [
            row(
                "05",
                "合计",
                {"合计": "1" + "0" * 20 + ".00", "基本支出": "1.00", "项目支出": ""},
                role="total",
            )
        ],
    )
    out = run(disclosure(t))
    ne = not_evaluated(out, "T05-ROW")
    assert len(ne) == 1 and "数值过大" in ne[0].reason
    assert findings(out) == []


def test_cells_in_another_money_unit_are_converted() -> None:
    t = table(
        "05",
        [
            row("05", "合计", {"合计": "1.50", "基本支出": "1.50"}, role="total"),
            row("05", "2101501 行政运行", {"合计": "1.50"}),
            row("05", "2101501 行政运行", {"基本支出": "15000.00"}, unit="元"),
        ],
    )
    # the duplicate code row is ignored by the hierarchy; the 元 cell still sums in 万元
    t.rows[1].cells["基本支出"] = t.rows[2].cells["基本支出"]
    del t.rows[2]
    out = run(disclosure(t))
    assert findings(out) == [] and own_not_evaluated(out, "05") == []


def test_cells_in_a_non_money_unit_are_not_summed() -> None:
    t = table("05", [row("05", "合计", {"合计": "1.50", "基本支出": "1.50"}, role="total")])
    t.rows[0].cells["基本支出"] = row("05", "合计", {"基本支出": "78"}, unit="%").cells["基本支出"]
    out = run(disclosure(t))
    ne = not_evaluated(out, "T05-ROW")
    assert len(ne) == 1 and "单位不一致" in ne[0].reason
