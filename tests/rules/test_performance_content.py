"""PERF-ADJUST-RATE and PERF-FUND-LEVEL (rules/performance_content.py) on invented project forms."""

from __future__ import annotations

from decimal import Decimal

from ingest.model import Amount
from rules.performance_content import named_level
from tests.rules.helpers import findings, run
from tests.rules.performance_content_examples import CONTENT_EXAMPLES, carrying, procured, water


def test_stated_rate_against_the_forms_own_budgets() -> None:
    fires, silent = CONTENT_EXAMPLES["PERF-ADJUST-RATE"]
    [f] = findings(run(fires()), "PERF-ADJUST-RATE")
    assert (f.severity, f.expected, f.actual) == ("info", "25.00%", "0%")
    assert "全年预算数1000.00－年初预算数800.00" in f.message
    assert {e["column"] for e in f.evidence} == {"实际完成值", "年初预算数", "全年预算数"}
    assert findings(run(silent()), "PERF-ADJUST-RATE") == []


def test_rounding_of_the_printed_rate_is_allowed() -> None:
    # (835 − 800) ÷ 800 = 4.375 %: “4%” (4 ± 0.5) holds, “4.3%” (4.3 ± 0.05) does not
    assert findings(run(carrying("800.00", "835.00", "793.25", "4%")), "PERF-ADJUST-RATE") == []
    [f] = findings(run(carrying("800.00", "835.00", "793.25", "4.3%")), "PERF-ADJUST-RATE")
    assert f.expected == "4.38%"


def test_no_indicator_or_no_initial_budget_is_not_judged() -> None:
    assert findings(run(carrying("", "1000.00", "950.00", "0%")), "PERF-ADJUST-RATE") == []


def test_fund_level_named_by_the_project_against_its_rows() -> None:
    fires, silent = CONTENT_EXAMPLES["PERF-FUND-LEVEL"]
    [f] = findings(run(fires()), "PERF-FUND-LEVEL")
    assert (f.severity, f.expected, f.actual) == ("warning", "中央财政资金", "省级财政资金")
    assert "中央财政资金0，省级财政资金320" in f.message and "农村饮水安全中央补助资金" in f.message
    assert findings(run(silent()), "PERF-FUND-LEVEL") == []
    # the named level holds part of the money (the rest a 配套 of another level): no contradiction
    assert (
        findings(run(water("农村饮水安全中央补助资金", central="200", local="120")), "PERF-FUND-LEVEL") == []
    )


def test_level_words_need_a_money_word() -> None:
    assert named_level("城乡医疗救助中央补助资金") == "中央财政资金"
    assert named_level("城乡医疗救助上年结转(中央)") == "中央财政资金"
    assert named_level("城乡居民县财政配套资金") == "市县财政资金"
    assert named_level("城乡医疗救助市级补助") == "市县财政资金"
    assert named_level("农业产业化省级专项资金") == "省级财政资金"
    assert named_level("县级领导体检费") is None  # 县级 qualifies the 领导, not the money
    assert named_level("中央和省级补助资金") is None  # two levels: not one row to expect
    assert findings(run(water("县级领导体检费", provincial="320")), "PERF-FUND-LEVEL") == []


def test_whole_form_without_procurement_against_the_narrative() -> None:
    fires, silent = CONTENT_EXAMPLES["PERF-PROCUREMENT"]
    [f] = findings(run(fires()), "PERF-PROCUREMENT")
    assert f.severity == "warning" and f.actual == "0%"
    assert "政府采购支出总额3.50万元" in f.message and "政府采购执行率" in f.message
    assert findings(run(silent()), "PERF-PROCUREMENT") == []
    # no procurement said in the narrative, but 公开10表 prints 3.50: still a contradiction
    [f] = findings(run(procured("0%", "本部门2023年度无政府采购事项。")), "PERF-PROCUREMENT")
    assert "公开10表政府采购合计为3.50万元" in f.message
    # none anywhere (no 10表): 0% agrees
    d = procured("0%", "本部门2023年度无政府采购事项。")
    del d.tables["10"]
    assert findings(run(d), "PERF-PROCUREMENT") == []


def test_indicator_named_after_another_year() -> None:
    fires, silent = CONTENT_EXAMPLES["PERF-INDICATOR-YEAR"]
    [f] = findings(run(fires()), "PERF-INDICATOR-YEAR")
    assert (f.severity, f.expected, f.actual) == ("info", "2023", "2022")
    assert "2022年补助人数" in f.message
    assert findings(run(silent()), "PERF-INDICATOR-YEAR") == []


def test_other_money_beyond_what_the_accounts_show() -> None:
    from tests.rules.performance_content_examples import other_money

    [f] = findings(run(other_money("3.60")), "PERF-OTHER-MONEY")
    assert f.severity == "warning" and (f.expected, f.actual) == ("≤0.63", "3.60")
    assert "“其他资金”全年执行数为3.60万元" in f.message and "年初结转和结余0.63" in f.message
    assert {e["table"] for e in f.evidence} == {"P03", "01"}
    # within the rounding of the printed figures: 0.63 carried in may pay 0.63 (or 0.6) executed
    assert findings(run(other_money("0.63")), "PERF-OTHER-MONEY") == []
    assert findings(run(other_money("0.6")), "PERF-OTHER-MONEY") == []


def test_document_of_another_year_cited_as_basis() -> None:
    from tests.rules.performance_content_examples import cited

    [f] = findings(run(cited("关于做好2021年困难群众救助工作的通知")), "PERF-BASIS-YEAR")
    assert f.severity == "info" and (f.expected, f.actual) == ("2023", "2021")
    assert "“预期目标”引用《关于做好2021年困难群众救助工作的通知》，为2021年的年度文件" in f.message
    assert f.evidence[0]["table"] == "P03" and "《" in f.evidence[0]["quote"]
    # a plan over several years, or a title with no year, is no year's own document
    for title in ("困难群众救助工作规划（2021—2025年）", "社会救助暂行办法", "2019年以来救助政策汇编"):
        assert findings(run(cited(title)), "PERF-BASIS-YEAR") == [], title


def test_a_budget_may_rest_on_the_year_before() -> None:
    from tests.rules.performance_content_examples import cited

    d = cited("关于做好2022年困难群众救助工作的通知")
    d.kind = "budget"
    assert findings(run(d), "PERF-BASIS-YEAR") == []
    d = cited("关于做好2021年困难群众救助工作的通知")
    d.kind = "budget"
    assert [f.actual for f in findings(run(d), "PERF-BASIS-YEAR")] == ["2021"]


def test_a_floor_the_forms_money_cannot_pay_for() -> None:
    from tests.rules.performance_content_examples import standard

    [f] = findings(run(standard("≥800元/人")), "PERF-COST-BOUND")
    assert f.severity == "warning" and f.actual == "1,600,000" and f.expected == "≤1,205,000"
    assert (
        "“指标1：补助人数”2000人 × " in f.message
        and "“年度资金总额”全年预算数为120万元（1,200,000元）" in f.message
    )
    assert {e["table"] for e in f.evidence} == {"P03"} and len(f.evidence) == 3
    # within the money's rounding (120万元 whole: ±5,000元), an exact standard, or a ceiling: silent
    for said in ("≥602元/人", "800元/人", "≤800元/人", "≥800元/人次"):
        assert findings(run(standard(said)), "PERF-COST-BOUND") == [], said


def test_whole_form_initial_budget_against_the_narrative() -> None:
    from tests.rules.performance_content_examples import whole_initial

    [f] = findings(run(whole_initial("205.00")), "PERF-WHOLE-INITIAL")
    assert f.severity == "warning" and (f.expected, f.actual) == ("190.00", "205.00")
    assert "“政府预算资金”年初预算数为205.00万元" in f.message and "年初预算190.00万元" in f.message
    assert "相差15.00万元" in f.message and {e["table"] for e in f.evidence} == {"P01", None}
    assert findings(run(whole_initial("190.0")), "PERF-WHOLE-INITIAL") == []
    # with 政府性基金 money the form's 政府预算资金 holds more than the general budget: not compared
    d = whole_initial("205.00")
    fund = d.tables["01"].row("政府性基金预算财政拨款收入")
    assert fund is not None
    cell = fund.cells["决算数"]
    fund.cells["决算数"] = type(cell)(cell.table, cell.row, cell.column, "15.00", Amount(Decimal("15.00"), 2))
    assert findings(run(d), "PERF-WHOLE-INITIAL") == []
