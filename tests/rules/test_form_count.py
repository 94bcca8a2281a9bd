"""N-FORM-COUNT (rules/form_count.py): stated number of self-evaluated projects against the project
forms carried, counted by project."""

from __future__ import annotations

import pytest

from tests.rules.form_count_examples import FORM_COUNT_EXAMPLES, PROJECTS, WATER, budget_carrying, carrying
from tests.rules.helpers import findings, run


def _graded(d: object) -> list[tuple[str, str | None, str | None]]:
    return [(f.severity, f.expected, f.actual) for f in findings(run(d), "N-FORM-COUNT")]  # type: ignore[arg-type]


def test_more_forms_than_stated_is_a_warning_naming_the_projects() -> None:
    fires, silent = FORM_COUNT_EXAMPLES["N-FORM-COUNT"]
    [f] = findings(run(fires()), "N-FORM-COUNT")
    assert (f.severity, f.expected, f.actual) == ("warning", "2", "3")
    assert all(f"“{name}”" in f.message for name in PROJECTS)
    assert "随决算公开" in f.message
    assert _graded(silent()) == []  # two forms of one project count once


@pytest.mark.parametrize(
    ("sentence", "grade"),
    [
        ("二级项目绩效自评个数5个，涉及资金300万元。", "info"),  # fewer, not said to be published
        ("共5个项目开展了绩效自评，自评表随决算公开。", "warning"),  # said to be published
        ("纳入绩效自评的项目共5个，具体见附件自评表。", "warning"),
    ],
)
def test_fewer_forms_than_stated(sentence: str, grade: str) -> None:
    assert _graded(carrying(sentence, *PROJECTS[:2])) == [(grade, "5", "2")]


def test_no_form_at_all_is_info_saying_so() -> None:
    [f] = findings(run(carrying("我局对5个项目支出开展绩效自评，自评等级均为优。")), "N-FORM-COUNT")
    assert f.severity == "info" and "文件未附项目支出绩效自评表" in f.message


def test_subset_counts_and_other_counts_are_not_the_stated_number() -> None:
    # “3个项目自评等级为优” is a grade count (no 绩效自评 after the number), “2个部门” not projects
    sentence = "我局3个项目支出绩效自评中，3个项目自评等级为优，涉及2个部门。"
    assert _graded(carrying(sentence, *PROJECTS)) == []


def test_budget_target_count_against_forms_and_project_table() -> None:
    fires, silent = FORM_COUNT_EXAMPLES["N-TARGET-COUNT"]
    [f] = findings(run(fires()), "N-TARGET-COUNT")
    assert (f.severity, f.expected, f.actual) == ("warning", "2", "3")
    assert "项目支出预算表列有3个项目" in f.message and "“小型水库除险加固”" in f.message
    assert findings(run(silent()), "N-TARGET-COUNT") == []
    assert findings(run(fires()), "N-FORM-COUNT") == []  # a budget has no self-evaluation to count


def test_budget_with_fewer_forms_than_stated_is_info() -> None:
    d = budget_carrying("2024年本单位实行绩效目标管理的项目5个，涉及资金450万元。", *WATER)
    [f] = findings(run(d), "N-TARGET-COUNT")
    assert (f.severity, f.expected, f.actual) == ("info", "5", "3")


def test_unit_rows_of_the_project_table_are_not_projects() -> None:
    from rules.form_count import table_projects

    d = budget_carrying("", *WATER)
    assert table_projects(d) == list(WATER)


def test_budget_target_amount_against_the_project_money() -> None:
    fires, silent = FORM_COUNT_EXAMPLES["N-TARGET-AMOUNT"]
    [f] = findings(run(fires()), "N-TARGET-AMOUNT")
    assert (f.severity, f.actual) == ("warning", "980.00")
    # the 本年预算 table's projects 120 + 150 + 180 and the three forms' 年度资金总额 3 × 120
    assert "所列项目合计450.00万元" in f.message and "目标表年度资金合计360.00万元" in f.message
    assert findings(run(silent()), "N-TARGET-AMOUNT") == []
    # the forms' sum is one of the accepted readings too
    said = "2024年本单位实行绩效目标管理的项目3个，涉及资金360万元。"
    assert findings(run(budget_carrying(said, *WATER)), "N-TARGET-AMOUNT") == []


def _project_table(*rows: tuple[str, str]) -> object:
    """A budget whose 项目支出预算表（本年预算） prints `rows` (label, 合计) and section 十 states the
    projects under 绩效目标 management as 3 projects of 25.35万元; no forms attached."""
    from tests.rules.builders import disclosure, row, table
    from tests.rules.examples import paragraphs

    cols = ("合计", "一般公共预算")
    t = table(
        "B12",
        [row("B12", k, dict.fromkeys(cols, v)) for k, v in rows],
        columns=cols,
        title="2024年项目支出预算表（本年预算）",
    )
    d = disclosure(t, kind="budget")
    d.paragraphs = paragraphs(
        "十、绩效管理情况", "2024年本单位实行绩效目标管理的项目3个，涉及资金25.35万元。"
    )
    return d


def test_unit_row_rounded_from_its_exact_total_is_not_a_project() -> None:
    """The unit row 25.35 is rounded from the exact sum of its projects (17.7984 + 4.8556 + 2.70 =
    25.354), the projects print 17.80 + 4.86 + 2.70 = 25.36: a 尾差, not a fourth project (found by the
    budget generator, auditor/synth/budget.py, seed 24: a false N-TARGET-AMOUNT warning)."""
    from rules.form_count import table_projects

    d = _project_table(
        ("县生态环境监测站", "25.35"), ("噪声监测", "17.80"), ("水质断面采样", "4.86"), ("土壤调查", "2.70")
    )
    assert table_projects(d) == ["噪声监测", "水质断面采样", "土壤调查"]  # type: ignore[arg-type]
    assert findings(run(d), "N-TARGET-AMOUNT") == []  # type: ignore[arg-type]
    # a difference beyond the rounding of the four figures is no 尾差: the row counts as printed
    far = _project_table(
        ("县生态环境监测站", "25.45"), ("噪声监测", "17.80"), ("水质断面采样", "4.86"), ("土壤调查", "2.70")
    )
    assert len(table_projects(far)) == 4  # type: ignore[arg-type]


def test_department_row_above_several_units_is_not_a_project() -> None:
    from rules.form_count import table_projects

    d = _project_table(
        ("县水利局", "25.35"),
        ("县水利局机关", "20.65"),
        ("河道清淤", "17.80"),
        ("水库巡查", "2.85"),
        ("县水利服务中心", "4.70"),
        ("渠道维修", "4.70"),
    )
    assert table_projects(d) == ["河道清淤", "水库巡查", "渠道维修"]  # type: ignore[arg-type]
    assert findings(run(d), "N-TARGET-AMOUNT") == []  # type: ignore[arg-type]


UNREAD_FORMS = {"performance_forms": {"titles": 0, "parsed": 3, "as_text": 2}}


def test_fewer_forms_read_than_stated_while_some_were_unread_is_not_evaluated() -> None:
    """Forms printed as text lines the reader could not read (its quality record counts them): fewer
    forms read than stated proves nothing, so N-TARGET-COUNT / N-FORM-COUNT are left unevaluated
    instead of saying forms are missing (found by auditor/synth/budget.py rendered without tabs)."""
    from tests.rules.helpers import not_evaluated

    d = budget_carrying("2024年本单位实行绩效目标管理的项目5个，项目支出绩效目标表附后。", *WATER)
    assert [f.severity for f in findings(run(d), "N-TARGET-COUNT")] == ["warning"]
    d.quality = dict(UNREAD_FORMS)
    out = run(d)
    assert findings(out, "N-TARGET-COUNT") == []
    assert [n.table for n in not_evaluated(out, "N-TARGET-COUNT")] == ["narrative"]
    # more forms read than stated stays a finding, whatever was left unread
    d = budget_carrying("2024年本单位实行绩效目标管理的项目2个，项目支出绩效目标表附后。", *WATER)
    d.quality = dict(UNREAD_FORMS)
    assert [f.severity for f in findings(run(d), "N-TARGET-COUNT")] == ["warning"]
    # the 决算's self-evaluation count likewise
    d = carrying("2023年度对5个项目开展绩效自评，项目支出绩效自评表随决算公开。", *PROJECTS)
    assert [f.severity for f in findings(run(d), "N-FORM-COUNT")] == ["warning"]
    d.quality = {"performance_forms": {"titles": 6, "parsed": 4}}
    out = run(d)
    assert findings(out, "N-FORM-COUNT") == [] and not_evaluated(out, "N-FORM-COUNT")
