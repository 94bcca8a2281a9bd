"""N-VERDICT (rules/narrative_verdict.py): verdicts on 决算 against 预算 in the wider wording, read
against the item's amounts or, without them, its 完成率; N-DIRECTION's own cases are not repeated."""

from __future__ import annotations

from tests.rules.helpers import findings, run
from tests.rules.verdict_examples import VERDICT_EXAMPLES, item


def _verdicts(*sentences: str) -> list[str]:
    return [f.message for f in findings(run(item(*sentences)), "N-VERDICT")]


def test_verdict_in_a_later_sentence_quotes_both_sentences() -> None:
    fires, _ = VERDICT_EXAMPLES["N-VERDICT"]
    [f] = findings(run(fires()), "N-VERDICT")
    assert f.severity == "error"
    assert "“决算支出数小于年初预算安排数”" in f.message
    assert "支出决算21.35万元大于预算19.60万元" in f.message
    assert {e.get("figure") for e in f.evidence} >= {"21.35万元", "19.60万元"}


def test_rate_decides_without_amounts() -> None:
    [m] = _verdicts("完成年初预算的92.86%，决算数大于年初预算数的主要原因是新增防控任务。")
    assert "完成率为92.86%，即决算数小于预算数" in m
    assert _verdicts("完成年初预算的108.93%，决算数大于年初预算数的主要原因是新增防控任务。") == []


def test_equal_verdict_against_the_rate_within_its_rounding() -> None:
    assert _verdicts("完成年初预算的100%，决算数与年初预算持平。") == []
    assert _verdicts("完成年初预算的100.4%，决算数与年初预算持平。") != []


def test_change_against_budget_wording() -> None:
    [m] = _verdicts("年初预算70万元，支出决算62万元，支出决算比年初预算增加8万元。")
    assert "支出决算62万元小于预算70万元" in m
    assert _verdicts("年初预算70万元，支出决算62万元，支出决算比年初预算减少8万元。") == []


def test_what_n_direction_judges_is_not_repeated() -> None:
    out = run(
        item("年初预算50万元，支出决算62万元，完成年初预算的124%，决算数小于年初预算数的主要原因是人员减少。")
    )
    assert findings(out, "N-DIRECTION") and not findings(out, "N-VERDICT")


def test_words_about_another_figure_are_not_a_verdict() -> None:
    # “项目类支出小于年初预算安排数” speaks of one part of the spending, not of the 决算 of the item
    assert (
        _verdicts(
            "年初预算396.21万元，支出决算308.50万元，完成年初预算的77.86%。",
            "主要原因是非税收入下降，项目类支出大于年初预算安排数。",
        )
        == []
    )
