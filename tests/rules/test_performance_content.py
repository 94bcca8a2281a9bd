"""PERF-ADJUST-RATE (rules/performance_content.py) on the invented road project form."""

from __future__ import annotations

from tests.rules.helpers import findings, run
from tests.rules.performance_content_examples import CONTENT_EXAMPLES, carrying


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
