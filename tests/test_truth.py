"""The answer key of ../shared/truth, for the defect kinds of the in-table ruleset.

Every table_arithmetic / hierarchy defect of a standard table (公开NN表) is found as an error or
warning whose expected and actual figures are the ones the key names; every rounding_only entry
about a standard table stays at most an info finding.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from auditor.pipeline import audit_document
from auditor.result import DocumentResult
from rules.findings import Finding
from tests.conftest import require_shared

IN_TABLE = {"table_arithmetic", "hierarchy"}
_TABLE = re.compile(r"公开(\d{2})表")


@cache
def _key() -> list[dict[str, object]]:
    path = require_shared("truth", "seed_truth_A.yaml")
    return [e for e in yaml.safe_load(path.read_text(encoding="utf-8")) if "id" in e]


@cache
def _audit(doc: str) -> DocumentResult:
    path = require_shared("seeds", doc)
    return audit_document(str(path), path.read_bytes(), path.name)


def _entries(categories: set[str]) -> list[dict[str, object]]:
    try:
        entries = _key()
    except pytest.skip.Exception:
        return []
    return [e for e in entries if e["category"] in categories and str(e["where"]).startswith("公开")]


def _numbers(text: object) -> set[str]:
    return set(re.findall(r"\d+\.\d+", str(text).replace(",", "")))


@pytest.mark.shared
def test_the_key_has_in_table_defects() -> None:
    require_shared("truth", "seed_truth_A.yaml")
    assert _entries(IN_TABLE), "the answer key lists no in-table defect: this test would check nothing"


@pytest.mark.shared
@pytest.mark.parametrize("entry", _entries(IN_TABLE), ids=lambda e: str(e["id"]))
def test_in_table_defect_of_the_key_is_found(entry: dict[str, object]) -> None:
    result = _audit(str(entry["doc"]))
    table = _TABLE.search(str(entry["where"])).group(1)  # type: ignore[union-attr]
    named = _numbers(entry["found"]) | _numbers(entry["expected"])
    hits = [
        f
        for f in result.findings
        if f.severity in ("error", "warning")
        and any(e["table"] == table for e in f.evidence)
        and f.expected in named
        and f.actual in named
    ]
    assert hits, (
        f"{entry['id']} not found among {[(f.rule_id, f.expected, f.actual) for f in result.findings]}"
    )
    assert any(f.severity == entry["severity"] for f in hits)


@pytest.mark.shared
@pytest.mark.parametrize("entry", _entries({"rounding_only"}), ids=lambda e: str(e["id"]))
def test_rounding_residue_of_the_key_is_never_more_than_info(entry: dict[str, object]) -> None:
    result = _audit(str(entry["doc"]))
    tables = set(_TABLE.findall(str(entry["where"])))
    named = _numbers(entry["found"]) | _numbers(entry["expected"])
    wrong = [
        (f.rule_id, f.severity, f.expected, f.actual)
        for f in result.findings
        if f.severity != "info"
        and any(e["table"] in tables for e in f.evidence)
        and f.expected in named
        and f.actual in named
    ]
    assert wrong == []


# Table findings the key lists for the seeds whose tables add up (tests/test_truth_catalog.py checks
# that each is the key's defect): 001's 社保/公积金 booked under 2101550 (fn_class_social_insurance_in_2101550),
# 002's 城乡医疗救助 booked as 基本支出 (medical_aid_as_basic_welfare_fee).
KEY_TABLE_DEFECTS: dict[str, list[str]] = {
    # fn_class_social_insurance_in_2101550: each item without its 项 (X06-05-SOCIAL) and the whole
    # 基本支出 in 2101550 事业运行 (CLS-RUNNING-ONLY)
    "001_957c36ad5378e025.txt": ["X06-05-SOCIAL"] * 4 + ["CLS-RUNNING-ONLY"],
    "002_801dc34b793b5deb.txt": ["PLA-TRANSFER-AS-BASIC"],  # medical_aid_as_basic_welfare_fee
}


# Findings on the 绩效 forms of these seeds, each a defect of the key: 001 perf1_cost_target_10x
# (PERF-TARGET-SCALE, XP-UNIT-COST), perf1_fund_source_rows_garbled (PERF-RATE),
# perf1_quantity_300000_vs_text (PERF-ACTUAL-TEXT), perf2_full_marks_despite_59pct (PERF-SHORTFALL ×2);
# 002 perf_whole_weights / perf_lixiu_weights / perf_lianluo_weights (PERF-WEIGHT-GROUP 2+2+3),
# perf_whole_task1_883_32 (XP-EXEC-FINAL ×2), lixiu_project_booked_as_basic (XP-PROJECT-AS-BASIC).
KEY_FORM_DEFECTS: dict[str, list[str]] = {
    "001_957c36ad5378e025.txt": [
        "PERF-TARGET-SCALE",
        "XP-UNIT-COST",
        "PERF-RATE",
        "PERF-ACTUAL-TEXT",
        "PERF-SHORTFALL",
        "PERF-SHORTFALL",
    ],
    "002_801dc34b793b5deb.txt": ["PERF-WEIGHT-GROUP"] * 7 + ["XP-EXEC-FINAL"] * 2 + ["XP-PROJECT-AS-BASIC"],
}


@pytest.mark.shared
@pytest.mark.parametrize("doc", ["001_957c36ad5378e025.txt", "002_801dc34b793b5deb.txt"])
def test_seeds_whose_tables_add_up_get_no_in_table_error(doc: str) -> None:
    # The key lists no table_arithmetic / hierarchy defect of a 公开表 in these two documents,
    # and only the cross-table defects of KEY_TABLE_DEFECTS.
    # (Its narrative defects of them are checked in tests/test_truth_narrative.py.)
    result = _audit(doc)
    serious = [
        f.rule_id
        for f in result.findings
        if f.severity != "info" and not f.rule_id.startswith("N-") and not _about_forms(f)
    ]
    assert sorted(serious) == sorted(KEY_TABLE_DEFECTS[doc])
    # the 绩效 forms' findings: each one a defect the key lists (mapped in tests/test_truth_catalog.py)
    forms = [
        f.rule_id
        for f in result.findings
        if f.severity != "info" and _about_forms(f) and not f.rule_id.startswith("N-")
    ]
    assert sorted(forms) == sorted(KEY_FORM_DEFECTS[doc])


def _about_forms(f: Finding) -> bool:
    return any(str(e.get("table") or "").startswith("P") for e in f.evidence)
