"""TB-PROJECT-SUM (declared in rules/identities/budget_B12_B13.toml, its rows read by
rules/budget_projects.py) on an invented 县林业局 budget whose 项目支出预算表
lists its own office (本级) and one unit, each with its projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Disclosure
from rules import check
from tests.rules.builders import disclosure, row, table
from tests.rules.helpers import findings, loaded_in_subprocess, refused, run

COLS = ("合计", "一般公共预算")


def budget(*rows: tuple[str, str], tid: str = "B12") -> Disclosure:
    """A budget whose 项目支出预算表 prints `rows` (label, amount in both columns)."""
    title = "2024年项目支出预算表（本年预算）" if tid == "B12" else "2024年项目支出预算表（上年结转）"
    t = table(tid, [row(tid, k, dict.fromkeys(COLS, v)) for k, v in rows], columns=COLS, title=title)
    d = disclosure(t, kind="budget")
    d.unit = "柳河县林业局"
    return d


DEPARTMENT = (
    ("柳河县林业局", "183.40"),
    ("柳河县林业局本级", "95.40"),
    ("森林防火巡护", "60.00"),
    ("古树名木保护", "35.40"),
    ("柳河县国有林场", "88.00"),
    ("林场道路维修", "50.50"),
    ("苗圃育苗补助", "37.50"),
)


def test_consistent_department_is_silent() -> None:
    out = run(budget(*DEPARTMENT))
    assert findings(out, "TB-PROJECT-SUM") == []


def test_project_changed_with_its_row_consistent_is_found() -> None:
    rows = list(DEPARTMENT)
    rows[5] = ("林场道路维修", "45.50")  # both columns: the row's own identity still holds
    [f] = findings(run(budget(*rows)), "TB-PROJECT-SUM")
    assert f.severity == "error"
    assert "“柳河县国有林场”行“合计”栏为88.00万元，但其下2个项目之和为83.00万元，相差5.00万元" in f.message
    assert (f.expected, f.actual, f.difference) == ("83.00", "88.00", "5.00")
    quotes = [(e["row"], e["quote"]) for e in f.to_json()["evidence"]]  # type: ignore[index]
    assert [q for _, q in quotes] == ["88.00", "45.50", "37.50"]


def test_department_row_against_its_units() -> None:
    rows = list(DEPARTMENT)
    rows[0] = ("柳河县林业局", "193.40")
    [f] = findings(run(budget(*rows)), "TB-PROJECT-SUM")
    assert "“柳河县林业局”行“合计”栏为193.40万元，但其下2个单位行之和为183.40万元" in f.message


def test_rounding_difference_is_a_rounding_note_only() -> None:
    """25.35 rounded from 17.7984 + 4.8556 + 2.70; the projects print 17.80 + 4.86 + 2.70 = 25.36: the
    engine's 尾差 outcome, an info like every sum's, never an error."""
    d = budget(
        ("柳河县林业局", "25.35"), ("护林员补助", "17.80"), ("林业有害生物防治", "4.86"), ("林地调查", "2.70")
    )
    [f] = findings(run(d), "TB-PROJECT-SUM")
    assert f.severity == "info"
    assert "“柳河县林业局”行“合计”栏为25.35万元，其下3个项目之和为25.36万元，相差0.01万元" in f.message
    assert "属尾差" in f.message
    assert (f.expected, f.actual, f.difference) == ("25.36", "25.35", "0.01")


def test_carried_over_table_too() -> None:
    d = budget(("柳河县林业局", "12.00"), ("森林防火巡护", "4.00"), ("古树名木保护", "6.00"), tid="B13")
    [f] = findings(run(d), "TB-PROJECT-SUM")
    assert "（上年结转）" in f.message and "相差2.00万元" in f.message


def test_table_not_grouped_by_unit_is_not_read() -> None:
    """No unit row first (a plain list of projects), or a 'unit' below one of its projects (a project
    merely named like a unit): nothing is judged."""
    assert findings(run(budget(("森林防火巡护", "60.00"), ("古树名木保护", "35.40"))), "TB-PROJECT-SUM") == []
    named = budget(
        ("柳河县林业局", "145.00"), ("森林防火巡护", "60.00"), ("护林站", "80.00"), ("古树", "5.00")
    )
    assert findings(run(named), "TB-PROJECT-SUM") == []


def test_unit_named_otherwise_is_told_by_its_sum() -> None:
    """A unit whose name ends as no unit's does (…护林联防) is read as a unit where it is the sum of
    its projects; a consistent table stays silent."""
    rows = [("柳河县林业局", "183.40"), ("柳河县林业局本级", "95.40"), ("森林防火巡护", "60.00")]
    rows += [
        ("古树名木保护", "35.40"),
        ("柳河县护林联防", "88.00"),
        ("林场道路维修", "50.50"),
        ("苗圃", "37.50"),
    ]
    assert findings(run(budget(*rows)), "TB-PROJECT-SUM") == []


def test_a_project_equal_to_the_projects_below_it_is_not_a_unit() -> None:
    """项目1 217.40 = 项目2 144.93 + 项目3 72.47 (a 3 : 2 : 1 split): the unit row 434.79 holds with all three
    as its projects (尾差 0.01), so 项目1 is not read as a unit of a department (found by tests/test_mutations.py)."""
    import random

    from tests.rules.budget_synthetic import random_budget

    d = random_budget(random.Random(0), 1, (1, 2, 3))
    assert [r.key for r in d.tables["B12"].rows][1] == "项目1"
    out = check(d)
    [f] = [f for f in out.findings if f.rule_id == "TB-PROJECT-SUM"]
    assert f.severity == "info" and "“项目1”" not in f.message and "其下3个项目之和" in f.message


UNIT_SUM = """\
[[identity]]
id = "X-PROJECT-GENERAL"
tables = ["B12"]
unit_sum = "单位行 = Σ 其下项目，部门行 = Σ 其下单位行"
columns = ["一般公共预算"]
title = "测试：单位行一般公共预算＝其下项目之和"
severity = "warning"
rationale = "测试用。"
fires = "单位行 120，项目 50 + 60。"
silent = "110 = 50 + 60。"

[[identity.example]]
expect = "fires"
unit = "120.00"
projects = ["50.00", "60.00"]
"""


def test_an_operators_unit_sum_in_another_column(tmp_path: Path) -> None:
    """The units are read by their 合计 (all consistent here); the operator's rule sums 一般公共预算,
    where one project's figure alone was changed."""
    path = tmp_path / "projects.toml"
    path.write_text(UNIT_SUM, encoding="utf-8")
    got = loaded_in_subprocess(
        path,
        """
from ingest.model import Cell
from ingest.numbers import parse_amount
from rules import check
from rules.identities.examples import run_examples
from tests.rules.test_budget_projects import DEPARTMENT, budget
d = budget(*DEPARTMENT)
r = d.tables["B12"].rows[5]
r.cells["一般公共预算"] = Cell("B12", r.key, "一般公共预算", "45.50", parse_amount("45.50"))
out = check(d)
mine = [(f.rule_id, f.expected, f.actual) for f in out.findings if f.rule_id in ("X-PROJECT-GENERAL", "TB-PROJECT-SUM")]
print(json.dumps([mine, [x.ok for x in run_examples(loaded)]]))
""",
    )
    assert got == [[["X-PROJECT-GENERAL", "83.00", "88.00"]], [True]]


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('tables = ["B12"]', 'tables = ["B11"]'), 4, "unit_sum 只用于项目支出预算表"),
        (("其下单位行", "其下各单位"), 4, "unit_sum 须为"),
        (('columns = ["一般公共预算"]', 'columns = ["财政拨款"]'), 5, "columns 须为预算B12表的栏目列表"),
        (('projects = ["50.00", "60.00"]', 'items = ["50.00", "60.00"]'), 12, "示例须含 expect、unit"),
        (
            ('columns = ["一般公共预算"]', 'columns = ["一般公共预算"]\nrequire_money_column = true'),
            6,
            "unit_sum 不与 require_money_column 同写",
        ),
        (
            ('columns = ["一般公共预算"]', 'columns = ["一般公共预算"]\nindicator_sum = "一级指标 = Σ 指标"'),
            4,
            "indicator_sum 不与 unit_sum 同写",
        ),
    ],
)
def test_a_malformed_unit_sum_is_refused_naming_its_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    refused(tmp_path, UNIT_SUM, change, line, words)
