"""绩效自评表 rules (rules/performance.py): PERF-TASK-SUM and PERF-SOURCE-SUM."""

from __future__ import annotations

from functools import cache

import pytest
import yaml

from auditor.pipeline import audit_document
from auditor.result import DocumentResult
from tests.conftest import require_shared
from tests.rules.examples import p_project, p_whole, with_forms
from tests.rules.helpers import findings, run

PERF = ("PERF-TASK-SUM", "PERF-SOURCE-SUM")


def test_consistent_forms_are_clean() -> None:
    out = run(with_forms())
    assert [f for f in out.findings if f.rule_id in PERF] == []
    assert [n for n in out.not_evaluated if n.rule_id in PERF] == []


def test_task_sum_names_the_column_and_the_tasks() -> None:
    out = run(with_forms(p_whole(**{"任务2:全年执行数/财政拨款": "51.34", "任务2:全年执行数/总额": "51.34"})))
    hits = findings(out, "PERF-TASK-SUM")
    assert {f.actual for f in hits} == {"201.56"}
    assert {f.expected for f in hits} == {"209.32"}
    assert all("全年执行数" in f.message and "任务1" in f.message for f in hits)
    assert all(f.severity == "error" for f in hits)


def test_budget_total_below_fiscal_is_reported() -> None:
    out = run(
        with_forms(p_whole(**{"任务1:全年预算数/总额": "157.35", "金额合计:全年预算数/总额": "200.93"}))
    )
    hits = findings(out, "PERF-SOURCE-SUM")
    assert sorted((f.actual, f.expected) for f in hits) == [("157.35", "157.98"), ("200.93", "201.56")]
    assert findings(out, "PERF-TASK-SUM") == []  # 200.93 = 157.35 + 43.58: the tasks still add up


def test_other_funds_count_in_the_source_sum() -> None:
    out = run(with_forms(p_whole(**{"任务1:全年预算数/总额": "160.00", "任务1:全年预算数/其他资金": "2.02"})))
    assert findings(out, "PERF-SOURCE-SUM") == []


def test_project_form_total_is_its_sources() -> None:
    out = run(with_forms(project=p_project(**{"上年结转资金:全年执行数": "5.00"})))
    hits = findings(out, "PERF-SOURCE-SUM")
    assert [(f.actual, f.expected) for f in hits] == [("43.58", "48.58")]
    assert "上年结转资金" in hits[0].message


def test_rounding_of_a_total_is_info() -> None:
    out = run(with_forms(p_whole(**{"金额合计:全年预算数/总额": "201.6"})))
    hits = [f for f in out.findings if f.rule_id in PERF]
    assert hits and all(f.severity == "info" and f.outcome == "rounding" for f in hits)


# ---------------------------------------------------------------------------------------------
# The answer key (../shared/truth) on the PDF of seed 000 (its text twin prints the form without
# tabs, so it is not parsed) and on seed 002.
# ---------------------------------------------------------------------------------------------


@cache
def _key() -> dict[str, dict[str, object]]:
    path = require_shared("truth", "seed_truth_A.yaml")
    return {str(e["id"]): e for e in yaml.safe_load(path.read_text(encoding="utf-8")) if "id" in e}


@cache
def _audit(*parts: str) -> DocumentResult:
    path = require_shared(*parts)
    return audit_document(str(path), path.read_bytes(), path.name)


def _perf(result: DocumentResult) -> list[tuple[str, str, str | None, str | None]]:
    return [(f.rule_id, f.severity, f.expected, f.actual) for f in result.findings if f.rule_id in PERF]


@pytest.mark.shared
def test_perf_task2_exec_44_52_is_found() -> None:
    entry = _key()["perf_task2_exec_44_52"]
    found = _perf(_audit("corpus", "seed000_office.pdf"))
    # Σ 任务 执行 财政拨款 120.59 + 44.52 + 43.58 = 208.69 ≠ 金额合计 200.93
    assert ("PERF-TASK-SUM", entry["severity"], "208.69", "200.93") in found
    # 任务2 执行 总额 36.76 < 财政拨款 44.52
    assert ("PERF-SOURCE-SUM", "warning", "44.52", "36.76") in found


@pytest.mark.shared
def test_perf_task1_budget_total_vs_fiscal_is_found() -> None:
    entry = _key()["perf_task1_budget_total_vs_fiscal"]
    found = _perf(_audit("corpus", "seed000_office.pdf"))
    assert ("PERF-SOURCE-SUM", entry["severity"], "120.59", "119.96") in found
    assert ("PERF-SOURCE-SUM", entry["severity"], "200.93", "200.30") in found


@pytest.mark.shared
@pytest.mark.parametrize("source", [("seeds", "002_801dc34b793b5deb.txt"), ("corpus", "seed002_office.pdf")])
def test_r_perf_whole_1044_2_is_only_rounding(source: tuple[str, str]) -> None:
    assert _key()["r_perf_whole_1044_2"]["category"] == "rounding_only"
    found = _perf(_audit(*source))
    assert found and all(severity == "info" for _, severity, _, _ in found)
    assert ("PERF-TASK-SUM", "info", "1044.22", "1044.20") in found


def test_form_subject_reads_the_project_name_row() -> None:
    """The 项目名称 row: the next cell, or the text after the colon in the same cell; none printed → ""."""
    from ingest.performance import form_subject

    assert form_subject([["", ""], ["项目名称", "", "乡村道路养护经费", "主管部门"]]) == "乡村道路养护经费"
    assert form_subject([["项目名称：农村危房改造补助", "实施单位"]]) == "农村危房改造补助"
    assert form_subject([["部门（单位）名称", "某县民政局"]]) == ""


def test_same_template_title_different_projects_are_not_duplicates() -> None:
    """Forms titled by one template are one project only when their 项目名称 rows agree."""
    from rules.performance import PERF_DUPLICATE_FORM
    from tests.rules.performance_examples import PERF_EXAMPLES

    fires, silent = PERF_EXAMPLES["PERF-DUPLICATE-FORM"]
    assert [
        t.subject for tid, t in sorted(silent().tables.items()) if tid.startswith("P0") and t.subject
    ] == [
        "困难群众生活补助",
        "农村危房改造补助",
        "乡村道路养护经费",
    ]
    assert not PERF_DUPLICATE_FORM(silent()).judgements
    assert len(PERF_DUPLICATE_FORM(fires()).judgements) == 1
