"""The ruleset on the real seed disclosures in ../shared, read by ingest/ (integration).

Expectations follow the answer key (../shared/truth/seed_truth_A.yaml) for the in-table
defects of seeds 000–002: its table_arithmetic / completeness entries on 01表 and 04表 must be
found, its rounding_only entries may appear as info only, and its clean checks stay clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.reader import read_document
from rules import check
from rules.findings import AuditOutcome
from tests.rules.helpers import findings, in_table_config, serious

SEEDS = {
    "000": "000_e21b73d48c1b8d26.txt",
    "001": "001_957c36ad5378e025.txt",
    "002": "002_801dc34b793b5deb.txt",
    "003": "003_640a379a94776b88.txt",
    "004": "004_29997092a5ca925a.txt",
}


def audit(path: Path, kind: str) -> AuditOutcome:
    """The in-table rules on a seed (the other families have tests/rules/test_catalog_seeds.py)."""
    return check(read_document(path.read_bytes(), path.name, kind), in_table_config())


def summary(out: AuditOutcome) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((f.rule_id, f.severity, f.expected, f.actual) for f in serious(out))


SEED_000_DEFECTS = [
    # t01_housing_row_missing: 支出总计 vs Σ支出类 with 本年支出合计 blank (substituted)
    ("T01-TOTAL", "error", "193.11", "201.56"),
    # t04_housing_row_missing, 合计 and 一般公共预算财政拨款 columns
    ("T04-TOTAL", "error", "192.49", "200.93"),
    ("T04-TOTAL", "error", "192.49", "200.93"),
    # t01_year_totals_blank (both lanes) and t04_year_expenditure_total_blank (two columns)
    ("TAB-BLANK-TOTAL", "warning", "192.49", "（空）"),
    ("TAB-BLANK-TOTAL", "warning", "192.49", "（空）"),
    ("TAB-BLANK-TOTAL", "warning", "193.11", "（空）"),
    ("TAB-BLANK-TOTAL", "warning", "200.93", "（空）"),
]


@pytest.mark.shared
def test_seed_000_in_table_defects(shared_dir: Path) -> None:
    out = audit(shared_dir / "seeds" / SEEDS["000"], "text")
    assert summary(out) == sorted(SEED_000_DEFECTS)
    info = {(f.rule_id, f.evidence[0]["table"]) for f in findings(out, severity="info")}
    # rounding_only entries: 02表 合计, 05表 合计/基本支出, 06表 301 and 人员经费合计
    assert {
        ("TAB-COL-SUM", "02"),
        ("TAB-COL-SUM", "05"),
        ("T06-ECON-HIER", "06"),
        ("T06-PERSONNEL", "06"),
    } <= info
    assert out.not_evaluated == []


@pytest.mark.shared
@pytest.mark.parametrize("rendition", ["seed000_office.pdf", "seed000_xlsx.pdf"])
def test_seed_000_pdf_renditions_agree(shared_dir: Path, rendition: str) -> None:
    out = audit(shared_dir / "corpus" / rendition, "pdf")
    assert summary(out) == sorted(SEED_000_DEFECTS)


@pytest.mark.shared
@pytest.mark.parametrize("seed", ["001", "002", "003"])
def test_consistent_seeds_have_rounding_residues_only(shared_dir: Path, seed: str) -> None:
    out = audit(shared_dir / "seeds" / SEEDS[seed], "text")
    assert serious(out) == [], [f.message for f in serious(out)]
    assert all(f.outcome == "rounding" for f in out.findings)
    assert out.checks_run > 50


@pytest.mark.shared
def test_seed_002_class_sum_rounding_is_info(shared_dir: Path) -> None:
    out = audit(shared_dir / "seeds" / SEEDS["002"], "text")
    hits = findings(out, "T01-EXPENSE-SUM")
    assert [(f.severity, f.expected, f.actual, f.tolerance) for f in hits] == [
        ("info", "1049.21", "1049.22", "0.02")
    ]


@pytest.mark.shared
def test_budget_seed_gets_only_generic_sums(shared_dir: Path) -> None:
    out = audit(shared_dir / "seeds" / SEEDS["004"], "text")
    assert serious(out) == []
    assert out.not_evaluated == []
    assert not [f for f in out.findings if f.rule_id.startswith("T0")]
