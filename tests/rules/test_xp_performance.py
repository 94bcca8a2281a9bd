"""XP-EXEC-FINAL: 绩效自评表 执行数 against the 决算 tables (rules/cross_table/)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from auditor.pipeline import audit_document
from auditor.result import DocumentResult
from tests.conftest import require_shared
from tests.rules.examples import named_tasks, p_project, p_whole, paragraphs, titled, with_forms
from tests.rules.helpers import cells_of, findings, not_evaluated, run

RULE = "XP-EXEC-FINAL"


def test_consistent_forms_are_clean() -> None:
    out = run(with_forms(named_tasks(p_whole(), 任务1="基本支出", 任务2="项目支出")))
    assert findings(out, RULE) == []
    assert not_evaluated(out, RULE) == []
    assert not_evaluated(out, "XP-UNIT-COST") == []


def test_total_executed_is_the_05_total() -> None:
    out = run(with_forms(p_whole(**{"金额合计:全年执行数/财政拨款": "200.56"})))
    (hit,) = findings(out, RULE)
    assert (hit.actual, hit.expected, hit.difference) == ("200.56", "201.56", "1.00")
    assert hit.severity == "error"
    assert ("05", "合计", "合计") in cells_of(hit)
    assert "金额合计" in hit.message and "公开05表" in hit.message


def test_total_column_without_fiscal_is_the_03_total() -> None:
    blank = {f"{k}:全年执行数/财政拨款": "" for k in ("任务1", "任务2", "金额合计")}
    out = run(with_forms(p_whole(**blank, **{"金额合计:全年执行数/总额": "211.56"})))
    (hit,) = findings(out, RULE)
    assert (hit.actual, hit.expected) == ("211.56", "201.56")
    assert ("03", "合计", "本年支出合计") in cells_of(hit)


def test_unnamed_tasks_are_not_compared() -> None:
    out = run(with_forms(p_whole(**{"任务1:全年执行数/财政拨款": "150.00"})))
    assert [f for f in findings(out, RULE) if "任务1" in f.message] == []


def test_operating_task_against_06() -> None:
    form = named_tasks(
        p_whole(**{"任务2:全年执行数/财政拨款": "44.52"}), 任务1="基本支出", 任务2="年度日常运转"
    )
    out = run(with_forms(form))
    hits = [f for f in findings(out, RULE) if "任务2" in f.message]
    # 任务2 named 日常运转 is 公用经费 (36.76): 44.52 is wrong even though 任务1 is 基本支出
    assert [(f.actual, f.expected) for f in hits] == [("44.52", "36.76")]
    assert ("06", "公用经费合计", "决算数") in cells_of(hits[0])


def test_misnamed_task_names_both_concepts() -> None:
    # seed 002: 任务1 labelled 人员经费 prints 883.32 while 人员经费 is 652.05 and 基本支出 888.32
    form = named_tasks(p_whole(**{"任务1:全年执行数/财政拨款": "157.00"}), 任务1="人员经费", 任务2="专项经费")
    out = run(with_forms(form))
    (hit,) = [f for f in findings(out, RULE) if "任务1" in f.message]
    assert (hit.actual, hit.expected) == ("157.00", "157.98")
    assert "人员经费" in hit.message and "121.22" in hit.message and "基本支出" in hit.message
    assert {("05", "合计", "基本支出"), ("06", "人员经费合计", "决算数")} <= set(cells_of(hit))


def test_task_equal_to_another_concept_is_still_misnamed() -> None:
    form = named_tasks(p_whole(), 任务1="人员经费", 任务2="项目支出")
    out = run(with_forms(form))
    (hit,) = [f for f in findings(out, RULE) if "任务1" in f.message]
    assert (hit.actual, hit.expected) == ("157.98", "121.22")
    assert "基本支出" in hit.message and "口径不一致" in hit.message


def test_project_form_tied_by_its_name_to_a_project_only_item() -> None:
    title = "县级其他医疗保障管理事务支出项目绩效自评表"
    assert findings(run(with_forms(project=titled(p_project(), title))), RULE) == []
    changed = p_project(**{"年度资金总额:全年执行数": "40.00", "当年财政拨款:全年执行数": "40.00"})
    (hit,) = findings(run(with_forms(project=titled(changed, title))), RULE)
    assert (hit.actual, hit.expected) == ("40.00", "43.58")
    assert ("05", "2101599 其他医疗保障管理事务支出", "项目支出") in cells_of(hit)


def test_project_form_of_an_item_with_basic_spending_is_left_out() -> None:
    # 2101501 行政运行 holds only 基本支出: a project named after it is not compared
    out = run(with_forms(project=titled(p_project(), "行政运行项目绩效自评表")))
    assert findings(out, RULE) == []


def test_project_form_without_a_reliable_item_is_left_out() -> None:
    changed = p_project(**{"年度资金总额:全年执行数": "40.00", "当年财政拨款:全年执行数": "40.00"})
    out = run(with_forms(project=titled(changed, "医疗保障服务项目绩效自评表")))
    assert findings(out, RULE) == []


def test_forms_not_read_are_not_evaluated() -> None:
    d = with_forms()
    del d.tables["P01"], d.tables["P02"]
    d.paragraphs += paragraphs("附件：部门整体支出绩效自评表")
    out = run(d)
    assert findings(out, RULE) == []
    assert [n for n in not_evaluated(out, RULE) if "绩效表未解析" in n.reason]


@cache
def _audit(*parts: str) -> DocumentResult:
    path = require_shared(*parts)
    return audit_document(str(path), path.read_bytes(), path.name)


def _xp(result: DocumentResult) -> list[tuple[str | None, str | None]]:
    return sorted((f.actual, f.expected) for f in result.findings if f.rule_id == RULE)


def test_seed_002_whole_form_task1_883_32() -> None:
    # key perf_whole_task1_883_32: 任务1 883.32 vs 基本支出 888.32; 金额合计 1044.22 vs 1049.22
    result = _audit("seeds", "002_801dc34b793b5deb.txt")
    assert _xp(result) == [("1044.22", "1049.22"), ("883.32", "888.32")]
    task = next(f for f in result.findings if f.rule_id == RULE and f.actual == "883.32")
    assert "人员经费" in task.message and "652.05" in task.message and task.severity == "error"


def test_seed_000_pdf_task2_44_52() -> None:
    # key perf_task2_exec_44_52: 任务2 年度日常运转 执行数（财政拨款）44.52 vs 06表 公用经费 36.76
    result = _audit("corpus", "seed000_office.pdf")
    assert _xp(result) == [("44.52", "36.76")]


def test_seed_001_raises_nothing() -> None:
    assert _xp(_audit("seeds", "001_957c36ad5378e025.txt")) == []


def test_task_words_are_the_knowledge_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An inspector adds a word (“运行保障”) to the 公用经费 entry of rules/knowledge/task_concepts.toml:
    a task so named is compared with 06表 公用经费合计; with the packaged table it is not compared."""
    from rules.cross_table import performance_forms
    from rules.knowledge import TASKS, read_task_concepts

    form = named_tasks(p_whole(**{"任务2:全年执行数/财政拨款": "44.52"}), 任务2="机关运行保障")
    assert [f for f in findings(run(with_forms(form)), RULE) if "任务2" in f.message] == []
    extended = tmp_path / "task_concepts.toml"
    extended.write_text(
        TASKS.read_text(encoding="utf-8").replace('"运转经费"]', '"运转经费", "运行保障"]'), encoding="utf-8"
    )
    monkeypatch.setattr(performance_forms, "task_concepts", lambda: read_task_concepts(extended))
    form = named_tasks(p_whole(**{"任务2:全年执行数/财政拨款": "44.52"}), 任务2="机关运行保障")
    hits = [f for f in findings(run(with_forms(form)), RULE) if "任务2" in f.message]
    assert [(f.actual, f.expected) for f in hits] == [("44.52", "36.76")]
    assert "任务名称“机关运行保障”对应公用经费" in hits[0].message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('concept = "operating"', 'concept = "running"'), "第2个 [[task]] 的 concept “running”不是"),
        (
            ('words = ["基本支出", "基本经费"]', 'words = "基本支出"'),
            "第3个 [[task]]（basic）的 name 与 words 须为非空的词",
        ),
        (('name = "项目支出"\n', ""), "第4个 [[task]] 缺少或写错 name"),
        (('concept = "project"', 'concept = "basic"'), "缺少 concept 为 project 的 [[task]]"),
    ],
)
def test_a_malformed_task_entry_is_refused_naming_it(
    tmp_path: Path, change: tuple[str, str], words: str
) -> None:
    from rules.knowledge import TASKS, read_task_concepts

    path = tmp_path / "task_concepts.toml"
    text = TASKS.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(*change), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(words)):
        read_task_concepts(path)
