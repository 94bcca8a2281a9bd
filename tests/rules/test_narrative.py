"""The narrative family: every rule fires on its example and stays silent on the consistent one,
findings quote the sentence beside the table cell, percentages get the tolerance of their printed
precision, and a value is never taken from an unrelated sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rules import catalog
from rules.catalog import defined_rules, registered_rules
from rules.findings import AuditOutcome, Finding
from rules.narrative import ratio
from rules.tolerance import Bounds
from tests.rules.helpers import findings, run, serious
from tests.rules.narrative_examples import (
    EXPENSE,
    GENERAL,
    NARRATIVE_EXAMPLES,
    OVERALL,
    THREE_PUBLIC,
    narrated,
)

# The rules of rules/narrative/ and the percentages declared in rules/identities/narrative_rates.toml,
# in the catalog's order.
_NARRATIVE = {spec.id for spec, where in defined_rules() if where.startswith("rules.narrative.")}
NARRATIVE_RULES = [
    r for r in registered_rules() if r.id in _NARRATIVE | {"N-SHARE", "N-GROWTH", "N-COMPLETION"}
]
RULE_IDS = [r.id for r in NARRATIVE_RULES]


def narrative_findings(out: AuditOutcome) -> list[Finding]:
    """Findings of the narrative family only."""
    return [f for f in out.findings if f.rule_id.startswith("N-")]


def test_every_narrative_rule_is_in_the_catalog_with_examples() -> None:
    ids = {r.id for r in catalog()}
    assert set(RULE_IDS) <= ids
    assert sorted(NARRATIVE_EXAMPLES) == sorted(RULE_IDS)
    for r in NARRATIVE_RULES:
        assert r.family == "narrative" and r.fires and r.silent and r.rationale


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fires(rule_id: str) -> None:
    spec = next(r for r in NARRATIVE_RULES if r.id == rule_id)
    out = run(NARRATIVE_EXAMPLES[rule_id][0]())
    hits = findings(out, rule_id)
    assert hits, [f.message for f in out.findings]
    assert all(f.severity == spec.severity and f.outcome == "broken" for f in hits)
    for f in hits:
        narrative = [e for e in f.evidence if e.get("figure") or e.get("quote")]
        assert narrative, f.evidence
        assert any(e.get("line") for e in narrative)
        assert "原文：“" in f.message


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_silent(rule_id: str) -> None:
    out = run(NARRATIVE_EXAMPLES[rule_id][1]())
    assert findings(out, rule_id) == []


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_silent_examples_raise_no_narrative_warning(rule_id: str) -> None:
    out = run(NARRATIVE_EXAMPLES[rule_id][1]())
    assert [f.message for f in narrative_findings(out) if f.severity != "info"] == []


def test_amount_finding_quotes_the_sentence_and_the_cell_side_by_side() -> None:
    out = run(
        narrated(
            EXPENSE,
            "2023年度本年支出合计201.56万元，其中：基本支出157.35万元，占78%；项目支出44.21万元，占22%。",
        )
    )
    (f,) = [f for f in findings(out, "N-AMOUNT-TABLE") if f.actual == "157.35"]
    assert f.message.startswith(
        "情况说明“三、支出决算情况说明”称基本支出157.35万元，公开03表“合计”行“基本支出”栏为157.98万元，相差0.63万元。"
    )
    assert "原文：“2023年度本年支出合计201.56万元，其中：基本支出157.35万元" in f.message
    claim, cell = f.evidence
    assert claim["figure"] == "157.35万元" and claim["value"] == "157.35" and claim["table"] is None
    assert (cell["table"], cell["row"], cell["column"], cell["value"]) == ("03", "合计", "基本支出", "157.98")
    assert (f.expected, f.actual, f.difference) == ("157.98", "157.35", "0.63")


def test_a_narrative_rounding_residue_is_info() -> None:
    out = run(
        narrated("六、一般公共预算财政拨款基本支出决算情况说明", "2023年度财政拨款基本支出157.99万元。")
    )
    (f,) = findings(out, "N-AMOUNT-TABLE")
    assert f.severity == "info" and f.outcome == "rounding" and "尾差" in f.message


def test_blank_table_cell_against_a_stated_amount() -> None:
    d = narrated(THREE_PUBLIC, "2023年度“三公”经费财政拨款支出预算0.14万元，支出决算0万元。")
    for r in d.tables["09"].rows:
        r.cells.clear()
    out = run(d)
    (f,) = findings(out, "N-AMOUNT-TABLE")
    assert f.actual == "0.14" and f.expected == "（空）" and "未填列" in f.message
    assert findings(out, "N-AMOUNT-TABLE", "error") == [f]


@pytest.mark.parametrize(
    ("printed", "fires"),
    [
        ("78%", False),
        ("78.4%", False),
        ("78.38%", False),
        ("77%", True),
        ("79%", True),
        ("78.1%", True),
        ("78.5%", True),
    ],
)
def test_share_tolerance_comes_from_the_printed_precision(printed: str, fires: bool) -> None:
    # 157.98 / 201.56 = 78.3786…%: “78%” stands for 77.5…78.5, “78.4%” for 78.35…78.45
    out = run(narrated(EXPENSE, f"2023年度本年支出合计201.56万元，其中：基本支出157.98万元，占{printed}。"))
    assert bool(findings(out, "N-SHARE", "error")) == fires


def test_a_share_within_the_amounts_rounding_is_a_rounding_residue() -> None:
    # 0.01 / 0.03 = 33.33…%, but 0.005…0.015 / 0.025…0.035 allows 14.3 %…60 %: “50.00%” is only a 尾差
    out = run(
        narrated(
            "十一、政府采购支出情况说明",
            "政府采购支出总额0.03万元，其中：授予中小企业合同金额0.01万元，占政府采购支出总额的50.00%。",
        )
    )
    (f,) = findings(out, "N-SHARE")
    assert f.severity == "info" and f.outcome == "rounding"


def test_ratio_interval() -> None:
    r = ratio(Bounds(Decimal("157.98"), Decimal("0.005")), Bounds(Decimal("201.56"), Decimal("0.005")))
    assert r is not None and r.high is not None and r.low < r.centre < r.high
    assert round(r.centre, 4) == Decimal("78.3786")
    assert ratio(Bounds(Decimal(1), Decimal("0.005")), Bounds(Decimal(0), Decimal("0.005"))) is None


def test_growth_takes_the_current_amount_from_its_subject_not_from_the_previous_sentence() -> None:
    # The 201.56 of 一般公共预算财政拨款支出 is stated in the sentence before; the 500.00 of another
    # subject in between must not be used.
    out = run(
        narrated(
            GENERAL,
            "2023年度一般公共预算财政拨款支出201.56万元，占本年支出合计的100%。",
            "（二）其他",
            "机关运行经费支出500.00万元。",
            "与上年相比，财政拨款支出增加32.63万元，增长28%。",
        )
    )
    (f,) = findings(out, "N-GROWTH")
    assert f.expected == "19.32"  # 32.63 / (201.56 − 32.63)
    assert "201.56" in f.message and "500.00" not in f.message


def test_growth_of_a_decrease() -> None:
    ok = run(
        narrated(
            OVERALL, "2023年度收、支总计均为201.56万元。与上年度相比，收、支总计各减少62.74万元，下降23.74%。"
        )
    )
    assert findings(ok, "N-GROWTH") == []  # 62.74 / (201.56 + 62.74) = 23.74 %
    bad = run(
        narrated(
            OVERALL, "2023年度收、支总计均为201.56万元。与上年度相比，收、支总计各减少62.74万元，下降31.13%。"
        )
    )
    assert findings(bad, "N-GROWTH", "error")  # 31.13 % would be 62.74 / 201.56


def test_direction_words_against_each_other() -> None:
    out = run(
        narrated(OVERALL, "2023年度收入支出总计201.56万元，与上年相比收、支总计增加51.09万元，下降34%。")
    )
    assert findings(out, "N-DIRECTION", "warning")


def test_flat_with_a_change_amount() -> None:
    out = run(
        narrated(
            "十、机关运行经费支出情况说明",
            "2023年度机关运行经费支出36.76万元，比上年减少7.76万元，与上年持平。",
        )
    )
    assert findings(out, "N-DIRECTION", "warning")


def test_completion_budget_of_three_public_items_comes_from_09() -> None:
    # “完成全年预算的55.56%” with no budget in the sentence: 09表 预算数 公务用车购置及运行维护费 1.80
    out = run(narrated(THREE_PUBLIC, "其中：公务用车购置及运行维护费支出1.80万元，完成全年预算的55.56%。"))
    (f,) = findings(out, "N-COMPLETION")
    assert f.expected == "100.00" and any(e.get("table") == "09" for e in f.evidence)


def test_zero_base_growth() -> None:
    out = run(
        narrated(
            "十、机关运行经费支出情况说明",
            "2023年度机关运行经费支出36.76万元，比上年增加36.76万元，增长100%。",
        )
    )
    assert findings(out, "N-ZERO-BASE", "error")


def test_section_scope_in_the_fund_section() -> None:
    out = run(
        narrated(
            "七、政府性基金预算财政拨款收入支出决算情况说明", "本单位2023年度无国有资本经营预算财政拨款支出。"
        )
    )
    assert findings(out, "N-SECTION-SCOPE", "warning")


def test_consistent_narrative_of_the_example_disclosure_is_clean() -> None:
    out = run(
        narrated(
            OVERALL,
            "2023年度收入支出总计201.56万元，与上年相比收、支总计增加51.09万元，增长34%。",
            EXPENSE,
            "2023年度本年支出合计201.56万元，其中：基本支出157.98万元，占78.38%；项目支出43.58万元，占21.62%。",
            "四、财政拨款收入支出决算总体情况说明",
            "2023年度财政拨款收入总计、支出总计均为201.56万元。",
            GENERAL,
            "2023年度一般公共预算财政拨款支出201.56万元，占本年支出合计的100%。",
            "按照政府功能分类科目，其中：",
            "1.卫生健康支出（类）医疗保障管理事务（款）行政运行（项）。年初预算100.00万元，支出决算129.81万元，"
            "完成年初预算的129.81%，决算数大于年初预算数的主要原因是人员增加。",
            THREE_PUBLIC,
            "2023年度“三公”经费财政拨款支出预算3.30万元，支出决算3.30万元，完成预算的100%。其中：因公出国（境）费"
            "支出决算1.00万元；公务用车购置及运行维护费支出决算1.80万元；公务接待费支出决算0.50万元。",
            "十一、政府采购支出情况说明",
            "2023年度政府采购支出总额3.50万元，其中：政府采购货物支出0万元、政府采购工程支出0万元、政府采购服务支出3.50万元。",
        )
    )
    assert narrative_findings(out) == []
    assert serious(out) == [] or all(not f.rule_id.startswith("N-") for f in serious(out))


def test_share_whose_part_is_named_but_not_amounted_in_its_clause() -> None:
    # “本年支出合计201.56万元，基本支出占72%”: the part is 基本支出 (03表 157.98), not the 201.56 before it
    out = run(narrated(EXPENSE, "2023年度本年支出合计201.56万元，基本支出占72%。"))
    (f,) = findings(out, "N-SHARE")
    assert f.severity == "error" and f.expected == "78.38"
    ok = run(narrated(EXPENSE, "2023年度本年支出合计201.56万元，基本支出占78%。"))
    assert findings(ok, "N-SHARE") == []


def test_growth_against_a_stated_prior_year_amount() -> None:
    text = "2023年度机关运行经费支出36.76万元，上年支出31.00万元，增长{}。"
    assert findings(run(narrated("十、机关运行经费支出情况说明", text.format("18.58%"))), "N-GROWTH") == []
    assert findings(run(narrated("十、机关运行经费支出情况说明", text.format("15%"))), "N-GROWTH", "error")
    wrong_way = "2023年度机关运行经费支出36.76万元，上年支出41.00万元，增长10.34%。"
    # the two years' amounts prove the word wrong: N-CHANGE-SIGN's error, in N-DIRECTION's place
    wrong = run(narrated("十、机关运行经费支出情况说明", wrong_way))
    assert findings(wrong, "N-CHANGE-SIGN", "error") and findings(wrong, "N-DIRECTION") == []


def test_direction_within_the_printed_rounding_of_both_years_is_not_judged() -> None:
    # 36.76 against 36.75: the printed figures may be equal, so “下降” beside them is not proven wrong
    text = "2023年度机关运行经费支出36.76万元，上年支出36.75万元，下降0.00%。"
    out = run(narrated("十、机关运行经费支出情况说明", text))
    assert findings(out, "N-DIRECTION") == [] and findings(out, "N-CHANGE-SIGN") == []
    # a difference beyond the rounding of both is still a contradiction
    proven = run(
        narrated(
            "十、机关运行经费支出情况说明",
            "2023年度机关运行经费支出36.76万元，上年支出36.70万元，下降0.16%。",
        )
    )
    assert findings(proven, "N-DIRECTION") or findings(proven, "N-CHANGE-SIGN")
