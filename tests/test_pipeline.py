"""The whole pipeline on the project's own synthetic disclosures and on the real corpus.

- consistent synthetic documents give no error or warning, as PDF and as text;
- each single injected table defect is found by a finding that names the changed cell;
- every text-layer PDF of ../shared/corpus gives the same findings as its text twin.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from auditor.pipeline import audit_document
from auditor.result import DocumentResult
from auditor.synth import generate, inject, to_pdf, to_text
from rules.findings import Finding
from tests.conftest import require_shared

SEEDS = {
    "000": "000_e21b73d48c1b8d26.txt",
    "001": "001_957c36ad5378e025.txt",
    "002": "002_801dc34b793b5deb.txt",
    "003": "003_640a379a94776b88.txt",
    "004": "004_29997092a5ca925a.txt",
}
# Rules that read the 情况说明 (narrative rules, and the completeness rules on its sections).
READS_NARRATIVE = (
    "N-",
    "CMP-SECTIONS",
    "CMP-PROCUREMENT-DETAIL",
    "CMP-EMPTY-REASON",
    "CMP-YEAR",
    "CMP-UNIT",
    "CMP-PLACEHOLDER",
    "CMP-ASSETS-DETAIL",
    "CMP-PERF-PROJECTS",
    "CMP-AGENCY-EMPTY",  # the 情况说明's 参公/行政 staff and 公用经费 make an empty 机关运行经费 a defect
)
TABLE_DEFECTS = (
    "detail_cell",
    "total_cell",
    "swap_digits",
    "class_row",
    "t06_total",
    "t09_total",
    "t01_item",
)


def _audit_text(doc, name: str = "synthetic.txt") -> DocumentResult:  # type: ignore[no-untyped-def]
    return audit_document(name, to_text(doc).encode("utf-8"), name)


def _audit_pdf(doc, tmp_path: Path, name: str = "synthetic.pdf") -> DocumentResult:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    to_pdf(doc, path)
    return audit_document(str(path), path.read_bytes(), name)


def _serious(result: DocumentResult) -> list[str]:
    return [f"{f.rule_id}: {f.message}" for f in result.findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("seed", range(1, 9))
def test_consistent_synthetic_text_has_no_error_or_warning(seed: int) -> None:
    result = _audit_text(generate(seed))
    assert result.status == "ok", result.error
    assert _serious(result) == []
    assert result.outcome.checks_run > 20


@pytest.mark.parametrize("seed", [1, 5])
def test_consistent_synthetic_pdf_has_no_error_or_warning(seed: int, tmp_path: Path) -> None:
    result = _audit_pdf(generate(seed), tmp_path)
    assert result.status == "ok", result.error
    assert _serious(result) == []


@pytest.mark.parametrize("kind", TABLE_DEFECTS)
@pytest.mark.parametrize("seed", [2, 7])
def test_single_injected_defect_is_found_naming_the_changed_cell(kind: str, seed: int) -> None:
    doc, defect = inject(generate(seed), kind, rng_seed=seed * 31)
    result = _audit_text(doc)
    assert result.status == "ok", result.error
    hits = [
        f
        for f in result.findings
        if f.severity in ("error", "warning")
        and any(
            e["table"] == defect.table
            and e["row"] == defect.row
            and e["column"] == defect.column
            and e["quote"] == defect.new_text
            for e in f.evidence
        )
    ]
    assert hits, f"{defect.description} not found; findings: {_serious(result)}"


def test_injected_defect_is_found_in_the_pdf_too(tmp_path: Path) -> None:
    doc, defect = inject(generate(3), "detail_cell", rng_seed=11)
    result = _audit_pdf(doc, tmp_path)
    hits = [
        f
        for f in result.findings
        if f.severity == "error"
        and any(
            e["row"] == defect.row and e["column"] == defect.column and e["page"] and e["bbox"]
            for e in f.evidence
        )
    ]
    assert hits


@pytest.mark.shared
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_seed_audits_ok(seed: str) -> None:
    path = require_shared("seeds", SEEDS[seed])
    result = audit_document(str(path), path.read_bytes(), path.name)
    assert result.status == "ok", result.error
    assert result.disclosure is not None and result.disclosure.tables


def _performance(f: Finding) -> bool:
    """A finding on a 绩效自评表 (tables P01…): the text twins print some forms without tabs, so
    they are parsed from the PDF only and are left out of the comparison."""
    return f.rule_id.startswith("PERF-") or any(str(e.get("table") or "").startswith("P") for e in f.evidence)


def _signature(result: DocumentResult) -> Counter[tuple[str, str, str | None, str | None]]:
    return Counter(
        (f.rule_id, f.severity, f.expected, f.actual) for f in result.findings if not _performance(f)
    )


#: Rules whose severity depends on the narrative (X-NONFISCAL-CARRY: error when the 情况说明 states
#: fiscal figures that include the non-fiscal money, warning when it says nothing either way).
GRADED_BY_NARRATIVE = ("X-NONFISCAL-CARRY",)


def _ungraded(signature: Counter[tuple[str, str, str | None, str | None]]) -> Counter[tuple[str, ...]]:
    out: Counter[tuple[str, ...]] = Counter()
    for (rule, severity, expected, actual), n in signature.items():
        out[(rule, "" if rule in GRADED_BY_NARRATIVE else severity, expected or "", actual or "")] += n
    return out


@pytest.mark.shared
@pytest.mark.parametrize("pdf", [f"seed{s}_{v}.pdf" for s in sorted(SEEDS) for v in ("office", "xlsx")])
def test_text_layer_pdf_gives_the_same_findings_as_its_text_twin(pdf: str) -> None:
    path = require_shared("corpus", pdf)
    twin = require_shared("seeds", SEEDS[pdf[4:7]])
    from_pdf = audit_document(str(path), path.read_bytes(), path.name)
    from_text = audit_document(str(twin), twin.read_bytes(), twin.name)
    assert from_pdf.status == from_text.status == "ok"
    expected, got = _signature(from_text), _signature(from_pdf)
    if pdf.endswith("_xlsx.pdf"):  # the spreadsheet rendition has the tables only, no 情况说明
        expected = Counter({k: n for k, n in expected.items() if not k[0].startswith(READS_NARRATIVE)})
        got = Counter({k: n for k, n in got.items() if not k[0].startswith(READS_NARRATIVE)})
        # a rule that grades its severity by what the 情况说明 states is compared without the grade
        expected, got = _ungraded(expected), _ungraded(got)
    assert got == expected
    for f in from_pdf.findings:
        # (a finding about something the document lacks, such as a narrative section, has nothing to point at)
        located = [e for e in f.evidence if e["table"] or e["quote"] or e["value"]]
        assert all(e["page"] and e["bbox"] for e in located), f.rule_id
