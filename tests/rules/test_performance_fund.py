"""PERF-FUND-NARRATIVE (rules/performance_fund.py): the level of government the 情况说明 gives a
named project's money, against that project's form, on an invented 农村饮水安全巩固提升 form."""

from __future__ import annotations

from rules.performance_fund import said_levels
from tests.rules.helpers import findings, run
from tests.rules.performance_content_examples import CONTENT_EXAMPLES, WATER_SAID, water_said

RULE = "PERF-FUND-NARRATIVE"


def test_narrative_level_against_the_forms_rows() -> None:
    fires, silent = CONTENT_EXAMPLES[RULE]
    [f] = findings(run(fires()), RULE)
    assert (f.severity, f.expected, f.actual) == ("warning", "中央财政资金", "省级财政资金")
    assert f"情况说明称“{WATER_SAID}”" in f.message
    assert "中央财政资金在预算数、执行数各栏均为0" in f.message
    assert "省级财政资金（年初预算数320、全年预算数320、全年执行数288）" in f.message
    # the sentence, the level's own (zero) cells and the other level's cells, one per column
    assert len(f.evidence) == 1 + 3 + 3
    assert findings(run(silent()), RULE) == []
    # the level of 市县 (the form's row 市县区财政资金) said as 县级
    said = "农村饮水安全巩固提升项目使用县级配套资金288万元。"
    assert findings(run(water_said(said, local="320")), RULE) == []
    [f] = findings(run(water_said(said, central="320")), RULE)
    assert f.expected == "市县财政资金"


def test_sentences_that_give_no_single_level_are_not_judged() -> None:
    for said in (
        "农村饮水安全巩固提升项目使用中央和省级补助资金288万元。",  # two levels
        "农村饮水安全巩固提升项目未使用中央资金，全部为本级安排。",  # negated
        "农村饮水安全巩固提升项目完成管网改造12公里。",  # no level
        "中央转移支付资金：指上级财政下达的农村饮水安全巩固提升补助。",  # a definition
        "本部门收到中央转移支付资金288万元，用于困难群众救助。",  # no form named
    ):
        assert findings(run(water_said(said, provincial="320")), RULE) == [], said


def test_a_level_inside_the_project_name_is_left_to_the_name_rule() -> None:
    # the sentence repeats the project's name (“…中央补助资金”) and gives no level of its own
    from tests.rules.performance_content_examples import form, water_form

    d = water_said("农村饮水安全中央补助资金项目已完成全部建设任务。", provincial="320")
    d.tables["P03"] = form(
        water_form("农村饮水安全中央补助资金", "0", "320", "0"), title="项目支出绩效自评表"
    )
    out = run(d)
    assert findings(out, RULE) == []
    assert [f.rule_id for f in findings(out) if f.rule_id.startswith("PERF-FUND")] == ["PERF-FUND-LEVEL"]


def test_said_levels() -> None:
    assert said_levels("使用中央转移支付资金120万元") == {"中央财政资金"}
    assert said_levels("省级专项资金和县级配套资金") == {"省级财政资金", "市县财政资金"}
    assert said_levels("市本级财政资金") == {"市县财政资金"}
    # a bare 省/市 ending another word is no level
    assert said_levels("节省资金5万元，用于城市建设资金缺口") == set()
    assert said_levels("不含中央资金") == set()
