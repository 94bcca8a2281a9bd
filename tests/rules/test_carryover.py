"""X-NONFISCAL-CARRY: non-fiscal carry-over spent by a unit without non-fiscal income, read as one
cause (rules/cross_table/nonfiscal.py), on generated disclosures (tests/rules/carryover_examples.py)."""

from __future__ import annotations

from pathlib import Path

from ingest.model import Disclosure
from rules.settings import RuleConfig, default_settings, load_settings
from tests.rules.carryover_examples import claim, fiscal_total, non_fiscal, project_item, stated
from tests.rules.helpers import cells_of, findings, run, serious

RULE = "X-NONFISCAL-CARRY"


def test_one_warning_when_the_document_says_nothing_either_way() -> None:
    out = run(non_fiscal())
    [f] = serious(out)
    assert (f.rule_id, f.severity, f.expected, f.actual) == (RULE, "warning", "0.63", "0.63")
    # the per-cell readings of the same cause are not raised beside it
    assert findings(out, "X01-04-CARRY") == [] and findings(out, "X03-05-CODE") == []
    cells = cells_of(f)
    assert ("01", "年初结转和结余", "决算数") in cells
    assert ("04", "年初结转和结余", "决算数") in cells
    assert ("03", "2101599 其他医疗保障管理事务支出", "项目支出") in cells
    assert ("05", "2101599 其他医疗保障管理事务支出", "项目支出") in cells
    assert "0.63－0.00＝0.63万元" in f.message
    assert "2101599 其他医疗保障管理事务支出：本年支出合计多0.63万元、项目支出多0.63万元" in f.message
    assert "请核实属于哪种情况" in f.message


def test_error_when_the_narrative_counts_the_money_as_fiscal() -> None:
    out = run(stated(non_fiscal(), fiscal_total("201.56"), project_item("43.58")))
    [f] = serious(out)  # the two statements' N-AMOUNT-TABLE findings are folded into it
    assert (f.rule_id, f.severity) == (RULE, "error")
    assert "一般公共预算财政拨款支出201.56万元（公开05表“合计”行“合计”栏为200.93万元" in f.message
    assert "排除了“非财政拨款结转和结余”的解释" in f.message
    quotes = {e["quote"] for e in f.evidence if e["table"] is None}
    assert quotes == {
        "2023年度一般公共预算财政拨款支出201.56万元。",
        "2023年度2101599 其他医疗保障管理事务支出43.58万元。",
    }


def test_a_statement_off_by_another_amount_keeps_its_own_finding() -> None:
    out = run(stated(non_fiscal(), fiscal_total("201.56"), project_item("40.00")))
    assert [f.rule_id for f in serious(out)] == [RULE, "N-AMOUNT-TABLE"]
    [n] = findings(out, "N-AMOUNT-TABLE")
    assert n.actual == "40.00"


def test_info_when_the_narrative_bears_the_non_fiscal_reading_out() -> None:
    out = run(stated(non_fiscal(), fiscal_total("200.93"), project_item("42.95")))
    assert serious(out) == []
    [f] = findings(out, RULE)
    assert f.severity == "info"
    assert "不含这部分资金" in f.message and "说明这部分非财政拨款结转和结余的来源" in f.message


def test_one_statement_with_the_money_outweighs_others_without_it() -> None:
    out = run(stated(non_fiscal(), fiscal_total("200.93"), project_item("43.58")))
    [f] = serious(out)
    assert (f.rule_id, f.severity) == (RULE, "error")
    assert "称一般公共预算财政拨款支出200.93万元则不含这部分资金，前后不一" in f.message
    assert (
        "（公开05表“2101599 其他医疗保障管理事务支出”行“合计”栏为42.95万元，加上这部分资金为43.58万元）"
        in f.message
    )


def test_a_04_total_stated_with_the_carry_over_rules_the_reading_out() -> None:
    said = claim("财政拨款收入支出总计", "201.56", "04", "总计", "决算数", "income")
    [f] = serious(run(stated(non_fiscal(), said)))
    assert (f.rule_id, f.severity) == (RULE, "error")


def test_figures_that_do_not_fit_are_reported_cell_by_cell() -> None:
    # 年初 1.00 non-fiscal but only 0.63 spent and nothing left at the end: D ≠ U
    d = non_fiscal(("01", "年初结转和结余", "决算数", "1.00"), ("01", "总计", "决算数", "201.93"))
    out = run(d)
    assert findings(out, RULE) == []
    assert findings(out, "X01-04-CARRY", "error")
    assert findings(out, "X03-05-CODE", "error")


def test_a_fiscal_code_above_03_is_not_read_as_carry_over() -> None:
    # 05 above 03 on 2101501 by 0.63 while 2101599 is 1.26 below: totals fit, one code cannot
    d = non_fiscal(
        ("05", "2101501 行政运行", "合计", "130.44"),
        ("05", "2101501 行政运行", "基本支出", "130.44"),
        ("05", "2101599 其他医疗保障管理事务支出", "合计", "42.32"),
        ("05", "2101599 其他医疗保障管理事务支出", "项目支出", "42.32"),
    )
    out = run(d)
    assert findings(out, RULE) == []
    assert findings(out, "X03-05-CODE", "error")


def test_silent_with_non_fiscal_income() -> None:
    # 事业收入 in 01表: the unit has non-fiscal money, only the bounds 05 ≤ 03 and 04 ≤ 01 apply
    out = run(non_fiscal(("01", "事业收入", "决算数", "5.00")))
    assert findings(out, RULE) == []
    assert findings(out, "X03-05-CODE") == [] and findings(out, "X01-04-CARRY") == []


def test_the_settings_file_may_still_set_the_severity(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[rules]\n"X-NONFISCAL-CARRY" = { severity = "info" }\n', encoding="utf-8")
    out = run(stated(non_fiscal(), fiscal_total("201.56")), RuleConfig(load_settings(path)))
    [f] = findings(out, RULE)
    assert f.severity == "info"


def test_disabled_it_leaves_the_cells_alone() -> None:
    # the per-cell rules still read the figures together: no error per cell instead
    out = run(non_fiscal(), RuleConfig(default_settings(), ignore=(RULE,)))
    assert serious(out) == []


def _without_carry_rows(d: Disclosure) -> Disclosure:
    """04表 printed without 年初/年末 rows (as the 上海 template prints it)."""
    t04 = d.tables["04"]
    t04.rows = [r for r in t04.rows if "结转" not in r.key]
    return d


def test_a_04_without_carry_rows_reads_its_carry_over_from_the_totals() -> None:
    out = run(_without_carry_rows(non_fiscal()))
    [f] = [x for x in serious(out) if x.rule_id.startswith("X")]
    assert (f.rule_id, f.severity) == (RULE, "warning")
    assert (
        "公开04表未列年初财政拨款结转和结余行（“总计”－“本年收入合计”）为200.93－200.93＝0.00万元"
        in f.message
    )
    assert ("04", "本年收入合计", "决算数") in cells_of(f)


def test_a_04_without_carry_rows_and_without_its_subtotal_is_not_read() -> None:
    d = _without_carry_rows(non_fiscal(("04", "本年收入合计", "决算数", "")))
    out = run(d)
    assert findings(out, RULE) == []
    assert findings(out, "X03-05-CODE", "error")  # the cells are compared as before
