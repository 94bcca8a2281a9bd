"""``[[equality]]`` code by code (``each = "科目"``) under a document condition (``when``):
X02-03-CODE, declared in rules/identities/final_02_03.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import identities
from rules.catalog import rule_by_id
from rules.identities import DeclarationError, parse_file
from rules.identities.declarations import CONDITIONS
from rules.identities.examples import CONDITION_TABLES, run_examples
from rules.outcomes import BROKEN, HOLDS, table_engine
from tests.rules.catalog_examples import _no_carry, _no_carry_02_changed
from tests.rules.examples import full
from tests.rules.helpers import refused

EACH_CODE = """\
[[equality]]
id = "X-TEST-CODE"
each = "科目"
when = "无结转结余"
left = { table = "02", column = "本年收入合计" }
right = { table = "03", column = "本年支出合计" }
note = "无结转结余。"
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


def _x02_03() -> identities.CellEquality:
    return {e.id: e for e in identities.declared_equalities()}["X02-03-CODE"]


def test_x02_03_code_is_declared_code_by_code_under_its_condition() -> None:
    eq = _x02_03()
    assert eq.each == "科目" and eq.when == "无结转结余" and eq.relation == "="
    assert eq.left == identities.CellSide("02", "科目", ("本年收入合计",))
    assert eq.right == identities.CellSide("03", "科目", ("本年支出合计",))
    assert eq.spec is rule_by_id("X02-03-CODE") and eq.spec.tables == ("02", "03")
    assert eq.note == "01表无结转和结余，各科目本年收入应等于本年支出。"
    assert eq.source.endswith("rules/identities/final_02_03.toml:4")
    assert [(r.expect, r.got) for r in run_examples([eq])] == [("fires", "fires"), ("silent", "silent")]
    # every condition a declaration may name has the tables its examples need
    assert set(CONDITION_TABLES) == set(CONDITIONS)


def test_x02_03_code_is_planned_per_code_only_without_carry_over() -> None:
    from rules.identities import equalities
    from rules.identities.equalities import DeclaredEquality
    from rules.judgements import JudgementPlan

    eq = _x02_03()
    d = _no_carry()
    plan = JudgementPlan()
    equalities.plan_equality(plan, eq, d.tables, d)
    assert plan.judgements and all(isinstance(j, DeclaredEquality) for j in plan.judgements)
    # 项 level: both tables print 7-digit codes
    assert all(j.left.text.startswith("公开02表“") for j in plan.judgements)
    facts = [j.fact(f"j{i}") for i, j in enumerate(plan.judgements)]
    assert {f["rule"] for f in facts} == {"X02-03-CODE"}
    assert set(table_engine().run(facts).values()) == {HOLDS}
    # two 项 of 02表 re-printed: those two are broken, with the rule's note
    d = _no_carry_02_changed()
    plan = JudgementPlan()
    equalities.plan_equality(plan, eq, d.tables, d)
    outcomes = table_engine().run([j.fact(f"j{i}") for i, j in enumerate(plan.judgements)])
    broken = [j for i, j in enumerate(plan.judgements) if outcomes[f"j{i}"] == BROKEN]
    assert [j.left.text for j in broken] == [
        "公开02表“2101501 行政运行”“本年收入合计”栏",
        "公开02表“2101599 其他医疗保障管理事务支出”“本年收入合计”栏",
    ]
    assert all(j.extra == {"note": eq.note} for j in broken)
    # with carry-over (the complete example prints 年初结转和结余), or no document to test: nothing
    for doc, given in ((full(), True), (d, False)):
        plan = JudgementPlan()
        equalities.plan_equality(plan, eq, doc.tables, doc if given else None)
        assert not plan.judgements and not plan.not_evaluated


def test_the_audit_reports_x02_03_code_per_code() -> None:
    import rules
    from rules.settings import RuleConfig, default_settings

    config = RuleConfig(default_settings(), select=("X02-03-CODE",))
    assert not [f for f in rules.check(_no_carry(), config).findings if f.rule_id == "X02-03-CODE"]
    found = [f for f in rules.check(_no_carry_02_changed(), config).findings if f.rule_id == "X02-03-CODE"]
    assert [f.severity for f in found] == ["error", "error"]
    assert found[0].message == (
        "公开02表“2101501 行政运行”“本年收入合计”栏为127.81万元，但公开03表“2101501 行政运行”"
        "“本年支出合计”栏为129.81万元，相差2.00万元。01表无结转和结余，各科目本年收入应等于本年支出。"
    )


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (
            ('when = "无结转结余"', 'when = "无收入"'),
            4,
            "不是已知的条件（可用：无结转结余、无财政拨款项目支出、",
        ),
        (('when = "无结转结余"', 'when = ["无结转结余"]'), 4, "不是已知的条件"),
        (('each = "科目"', 'each = "款"'), 3, "each 须为 '类' / '科目'"),
        (('column = "本年收入合计" }', 'row = "合计", column = "本年收入合计" }'), 5, "不写 row、text、lane"),
        (('right = { table = "03"', 'right = { table = "06"'), 6, "两侧须为科目表"),
        (('column = "本年收入合计"', 'column = "本年支出合计"'), 5, "没有栏目"),
        (('note = "无结转结余。"', "require_column = true"), 7, 'require_column 只用于 each = "类"'),
        (('each = "科目"', 'each = "科目"\nequal_plus = [{ table = "07" }]'), 4, "equal_plus 只与"),
        (
            ('each = "科目"', 'each = "科目"\ncolumns = [["本年收入合计"]]'),
            4,
            "columns 须为（左栏, 右栏）的列表",
        ),
    ],
)
def test_a_broken_code_equality_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, EACH_CODE, change, line, words, "X-TEST-CODE ")
    assert isinstance(good, identities.CellEquality) and good.each == "科目" and good.when == "无结转结余"


def test_a_condition_names_the_final_account_tables_only(tmp_path: Path) -> None:
    path = tmp_path / "budget.toml"
    path.write_text(
        """\
[[equality]]
id = "X-TEST-WHEN"
left = { table = "B05", row = "合计", column = "基本支出" }
right = { table = "B06", row = "合计", column = "合计" }
when = "无结转结余"
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
""",
        encoding="utf-8",
    )
    with pytest.raises(
        DeclarationError, match=rf"^{path}:5: X-TEST-WHEN 的 when = .无结转结余. 只用于决算公开表"
    ):
        parse_file(path)
    # a cell = cell equality between 决算 tables may carry a condition too
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace(
            '"B05", row = "合计", column = "基本支出"',
            '"01", lane = "expense", row = "本年支出合计", column = "决算数"',
        )
        .replace('"B06", row = "合计", column = "合计"', '"03", row = "合计", column = "本年支出合计"'),
        encoding="utf-8",
    )
    ((_, eq),) = parse_file(path)
    assert isinstance(eq, identities.CellEquality) and eq.when == "无结转结余" and not eq.each


CODE_BOUND = """\
[[equality]]
id = "X-TEST-CODE-BOUND"
each = "科目"
relation = ">="
left = { table = "03" }
right = { table = "05" }
columns = [["本年支出合计", "合计"], ["基本支出", "基本支出"]]
equal_when = "无非财政拨款收入"
equal_plus = [{ table = "07" }, { table = "08" }]
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('["基本支出", "基本支出"]', '["基本支出", "经营"]'), 7, "columns：公开05表没有栏目 '经营'"),
        (('left = { table = "03" }', 'left = { table = "03", column = "基本支出" }'), 7, "两侧不再写 column"),
        (
            ('equal_plus = [{ table = "07" }', 'equal_plus = [{ table = "06" }'),
            9,
            "equal_plus 须为科目表的列表",
        ),
        (('equal_when = "无非财政拨款收入"\n', ""), 8, "equal_plus 只与"),
        (('relation = ">="', 'relation = ">"'), 4, '">="（左侧不小于右侧）'),
    ],
)
def test_a_broken_code_bound_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, CODE_BOUND, change, line, words, "X-TEST-CODE-BOUND ")
    assert isinstance(good, identities.CellEquality) and good.relation == ">="
    assert good.columns == (("本年支出合计", "合计"), ("基本支出", "基本支出"))
    assert [s.table for s in good.equal_plus] == ["07", "08"]


def test_x03_05_code_is_a_bound_by_code_and_an_equality_with_07_08_when_all_money_is_fiscal() -> None:
    from rules.identities.examples import run_examples
    from tests.rules.examples import edited, t07, with_table
    from tests.rules.helpers import findings, run

    eq = {e.id: e for e in identities.declared_equalities()}["X03-05-CODE"]
    assert eq.each == "科目" and eq.relation == ">=" and eq.equal_when == "无非财政拨款收入"
    assert eq.spec.tables == ("03", "05") and len(eq.columns) == 3
    assert all(r.ok for r in run_examples([eq]))
    # only fiscal money: 03 = 05 (+07/08) per code, worded as an equality with the rule's note
    [f] = findings(run(edited(("05", "2101501 行政运行", "基本支出", "120.00"))), "X03-05-CODE")
    assert f.message.startswith("公开03表“2101501 行政运行”“基本支出”栏为")
    assert f.message.endswith("支出决算表应等于财政拨款支出决算表（05、07、08表）。")
    # a printed 07表 is added code by code on the right
    d = with_table(t07())
    messages = [f.message for f in findings(run(d), "X03-05-CODE")]
    assert messages and all("＋公开07表" in m or "公开07表" in m for m in messages)
