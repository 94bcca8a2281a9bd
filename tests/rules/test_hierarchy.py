"""Code hierarchies: rows keyed by code, any print order, nearest printed descendants."""

from __future__ import annotations

import random

from tests.rules.builders import disclosure, reprint, row, table
from tests.rules.examples import TREE, code_table, t06
from tests.rules.helpers import findings, own_not_evaluated, serious
from tests.rules.helpers import run_in_table as run


def test_unsorted_rows_give_the_same_result() -> None:
    ordered = run(disclosure(code_table("05")))
    t = code_table("05")
    random.Random(7).shuffle(t.rows)
    shuffled = run(disclosure(t))
    assert shuffled.findings == ordered.findings == []
    assert shuffled.checks_run == ordered.checks_run


def test_only_item_rows_printed() -> None:
    """Seed-000 style: only 7-digit 项 rows; 合计 is checked against them."""
    out = run(disclosure(code_table("05", levels=(7,))))
    assert serious(out) == [] and own_not_evaluated(out, "05") == []
    assert findings(out, "TAB-HIER") == []
    assert out.checks_run == 3 + 8  # column sums + row identities (合计 + 7 项)


def test_items_directly_under_a_class_when_the_section_row_is_absent() -> None:
    out = run(disclosure(code_table("05", levels=(3, 7))))
    assert serious(out) == []
    # 210 = 2101101 + 2101501 + 2101599 directly
    hier = [c for c in out.findings if c.rule_id == "TAB-HIER"]
    assert hier == []
    broken = code_table("05", levels=(3, 7))
    for r in broken.rows:
        if r.key.startswith("2101501"):
            reprint(r, "基本支出", "130.81")
    hits = findings(run(disclosure(broken)), "TAB-HIER")
    assert hits and "其下项级科目（2101101、2101501、2101599）" in hits[0].message


def test_orphan_rows_count_at_the_top() -> None:
    """A 项 whose 类 is not printed is a top-level row of its own beside printed 类 rows."""
    rows = [row("05", "合计", {"合计": "20.00", "基本支出": "20.00"}, role="total")]
    rows.append(row("05", "210 卫生健康支出", {"合计": "12.00", "基本支出": "12.00"}))
    rows.append(row("05", "2101501 行政运行", {"合计": "12.00", "基本支出": "12.00"}))
    rows.append(row("05", "2080505 机关事业单位基本养老保险缴费支出", {"合计": "8.00", "基本支出": "8.00"}))
    out = run(disclosure(table("05", rows)))
    assert serious(out) == []


def test_class_total_broken() -> None:
    t = code_table("03")
    for r in t.rows:
        if r.key.startswith("21015 "):
            reprint(r, "本年支出合计", "183.39")
    out = run(disclosure(t))
    msgs = [f.message for f in findings(out, "TAB-HIER")]
    assert any("“21015 医疗保障管理事务”行“本年支出合计”栏为183.39万元" in m for m in msgs)
    assert any("“210 卫生健康支出”行“本年支出合计”栏为176.99万元" in m and "186.99" in m for m in msgs)


def test_econ_subitem_printed_away_from_its_block() -> None:
    t = t06()
    assert t.rows[-3].key.startswith("30299")  # printed after 310
    out = run(disclosure(t))
    assert out.findings == [] and own_not_evaluated(out, "06") == []


def test_econ_rounding_is_info_only() -> None:
    t = t06()
    for r in t.rows:
        if r.key.startswith("301 "):
            reprint(r, "决算数", "120.82")  # Σ款 120.83
        if r.key == "人员经费合计":
            reprint(r, "决算数", "121.20")  # 120.82 + 0.39 = 121.21
    out = run(disclosure(t))
    assert serious(out) == []
    assert {(f.rule_id, f.severity) for f in out.findings} == {
        ("T06-ECON-HIER", "info"),
        ("T06-PERSONNEL", "info"),
    }


def test_dashes_in_the_capital_block_are_blank() -> None:
    out = run(disclosure(t06()))
    assert not [n for n in out.not_evaluated if "———" in n.reason]


def test_generic_sums_on_a_budget_table_in_yuan() -> None:
    rows = [
        row(
            "B03",
            "合计",
            {"合计": "2015600.00", "基本支出": "1579800.00", "项目支出": "435800.00"},
            role="total",
            unit="元",
        )
    ]
    for key, basic, project in TREE:
        if len(key.split(" ")[0]) == 3:
            b = f"{float(basic or 0) * 10000:.2f}" if basic else ""
            p = f"{float(project or 0) * 10000:.2f}" if project else ""
            total = f"{(float(basic or 0) + float(project or 0)) * 10000:.2f}"
            rows.append(row("B03", key, {"合计": total, "基本支出": b, "项目支出": p}, unit="元"))
    t = table("B03", rows, columns=["合计", "基本支出", "项目支出"], unit="元", title="一般公共预算支出表")
    out = run(disclosure(t, kind="budget"))
    assert out.findings == [] and out.not_evaluated == []
    # column sums and the budget row identity (TB-ROW, 4 rows): no final-account rules on budget tables
    assert out.checks_run == 3 + 4
    assert not [f for f in out.findings if f.rule_id.startswith("T0")]
    reprint(rows[0], "基本支出", "1579900.00")
    f = findings(run(disclosure(t, kind="budget")), "TAB-COL-SUM")[0]
    assert f.message.startswith("“一般公共预算支出表”（B03）“合计”行“基本支出”栏为1579900.00元")
