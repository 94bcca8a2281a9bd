"""CLS-SUBSIDY-KIND (rules/classification_subsidy.py): a project for residents whose 项 is left empty
while the employees' 项 of the same 款 holds money (and the reverse), from the knowledge table."""

from __future__ import annotations

from rules.classification_subsidy import subsidies
from tests.rules.classification_examples import CLASSIFICATION_EXAMPLES, subsidy_budget
from tests.rules.helpers import findings, run

EMPLOYEES = "2101201 财政对职工基本医疗保险基金的补助"
RESIDENTS = "2101202 财政对城乡居民基本医疗保险基金的补助"


def test_residents_project_beside_the_employees_item_only() -> None:
    fires, silent = CLASSIFICATION_EXAMPLES["CLS-SUBSIDY-KIND"]
    [f] = findings(run(fires()), "CLS-SUBSIDY-KIND")
    assert f.severity == "info"
    assert "项目“城乡居民医保县级配套资金”（320.00万元）是面向城乡居民的补助" in f.message
    assert "未在“2101202 财政对城乡居民基本医疗保险基金的补助”列示金额" in f.message
    assert "“2101201 财政对职工基本医疗保险基金的补助”列有410.00万元" in f.message
    assert {e["table"] for e in f.evidence} == {"B05", "B12"}
    assert findings(run(silent()), "CLS-SUBSIDY-KIND") == []


def test_what_does_not_fit_or_is_not_named_is_left_alone() -> None:
    # the employees' 项 too small to hold the project: it is booked somewhere else
    assert findings(run(subsidy_budget(EMPLOYEES, "300.00")), "CLS-SUBSIDY-KIND") == []
    # 城乡居民医疗救助 is 医疗救助's (not_words), an unrelated project names no kind
    for project in ("城乡居民医疗救助县级补助", "办公设备购置"):
        assert findings(run(subsidy_budget(EMPLOYEES, project=project)), "CLS-SUBSIDY-KIND") == [], project
    # an employees' project beside the residents' 项 only: the reverse case
    [f] = findings(run(subsidy_budget(RESIDENTS, project="职工基本医疗保险单位缴费补助")), "CLS-SUBSIDY-KIND")
    assert "面向职工的补助" in f.message


def test_the_knowledge_table_drives_the_kinds() -> None:
    kinds = {s.func: s for s in subsidies()}
    assert kinds["2101202"].names("城乡居民县财政配套资金")
    assert not kinds["2101202"].names("城乡居民医疗救助县级补助")
    assert kinds["2101201"].names("职工基本医疗保险单位缴费补助")
