"""N-VERDICT (rules/narrative_verdict.py): verdicts on 决算 against 预算 in the wider wording, read
against the item's amounts or, without them, its 完成率; N-DIRECTION's own cases are not repeated."""

from __future__ import annotations

from tests.rules.helpers import findings, run
from tests.rules.verdict_examples import VERDICT_EXAMPLES, agency, item


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


def test_a_verdict_the_figures_disprove_is_one_error_in_any_wording() -> None:
    # N-DIRECTION's own wording: N-VERDICT's error takes the place of its warning
    out = run(
        item("年初预算50万元，支出决算62万元，完成年初预算的124%，决算数小于年初预算数的主要原因是人员减少。")
    )
    assert findings(out, "N-DIRECTION") == []
    [f] = findings(out, "N-VERDICT")
    assert f.severity == "error" and "支出决算62万元大于预算50万元" in f.message
    # within the rounding of the printed figures N-DIRECTION keeps its 尾差 note, N-VERDICT is silent
    near = run(item("年初预算50.0万元，支出决算50.00万元，决算数大于年初预算数的主要原因是人员增加。"))
    assert findings(near, "N-VERDICT") == []


def test_comparison_words_of_the_whole_sentence() -> None:
    head = "年初预算70万元，支出决算62万元，"
    for said in (
        "决算数与年初预算数相比有所增加",
        "决算数较年初预算上升",
        "年初预算数小于决算数",
        "决算数与年初预算数持平",
        "决算支出比预算超出",
    ):
        [m] = _verdicts(head + said + "。")
        assert f"称“{said.removesuffix('。')}" in m or said in m, m
    for said in (
        "决算数与年初预算数相比有所下降",
        "决算数较年初预算降低",
        "年初预算数大于决算数",
        "决算数比预算节约",
    ):
        assert _verdicts(head + said + "。") == [], said
    # “基本持平” allows a difference no rule bounds
    assert _verdicts(head + "决算数与年初预算基本持平。") == []


def test_words_about_another_figure_are_not_a_verdict() -> None:
    # “项目类支出小于年初预算安排数” speaks of one part of the spending, not of the 决算 of the item
    assert (
        _verdicts(
            "年初预算396.21万元，支出决算308.50万元，完成年初预算的77.86%。",
            "主要原因是非税收入下降，项目类支出大于年初预算安排数。",
        )
        == []
    )


def test_change_word_against_the_two_years_amounts() -> None:
    fires, silent = VERDICT_EXAMPLES["N-CHANGE-SIGN"]
    [f] = findings(run(fires()), "N-CHANGE-SIGN")
    assert (f.severity, f.expected, f.actual) == ("error", "减少", "增加")
    assert "本年28.40万元、上年33.10万元" in f.message
    assert findings(run(silent()), "N-CHANGE-SIGN") == []
    # within the printed rounding the two years are equal: no direction is proven
    flat = agency("2023年度机关运行经费支出28.4万元，上年支出28.40万元，比上年增加0.01万元。")
    assert findings(run(flat), "N-CHANGE-SIGN") == []


def test_reason_word_against_every_change_of_the_sentence() -> None:
    fires, silent = VERDICT_EXAMPLES["N-REASON-SIGN"]
    [f] = findings(run(fires()), "N-REASON-SIGN")
    assert (f.severity, f.actual) == ("warning", "增长的主要原因")
    assert findings(run(silent()), "N-REASON-SIGN") == []
    # a rate stated with its own word
    [g] = findings(
        run(
            agency(
                "2023年度机关运行经费支出28.40万元，比上年减少4.70万元，下降14.20%，增加的主要原因是会议增多。"
            )
        ),
        "N-REASON-SIGN",
    )
    assert "减少4.70万元、下降14.20%" in g.message
    # two directions in one sentence (收入增加、支出减少): whose reason it is cannot be told
    mixed = agency(
        "2023年度机关运行经费收入30.00万元，比上年增加2.00万元，支出28.40万元，比上年减少4.70万元，增加的主要原因是拨款增加。"
    )
    assert findings(run(mixed), "N-REASON-SIGN") == []


def test_rate_word_against_the_two_years_amounts() -> None:
    wrong = run(agency("2023年度机关运行经费支出28.40万元，上年支出33.10万元，增长16.55%。"))
    [f] = findings(wrong, "N-CHANGE-SIGN")
    assert (f.severity, f.expected, f.actual) == ("error", "减少", "增长")
    assert findings(wrong, "N-DIRECTION") == []  # one contradiction, one finding
    assert (
        findings(
            run(agency("2023年度机关运行经费支出28.40万元，上年支出33.10万元，下降14.20%。")), "N-CHANGE-SIGN"
        )
        == []
    )
