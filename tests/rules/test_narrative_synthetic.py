"""The narrative family on the project's own generated disclosures (every phrasing, PDF and text).

- an unmutated narrative raises no narrative error or warning (尾差 of listed parts may be info);
- each narrative mutation — one amount, one share, one growth rate, one completion rate, one total —
  is found by an error or warning whose evidence quotes the changed figure;
- every generated narrative figure is read as a claim tied to its subject.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.pipeline import audit_document
from auditor.result import DocumentResult
from auditor.synth import NARRATIVE_DEFECT_KINDS, generate, inject, to_pdf, to_text
from auditor.synth.narrative import PHRASINGS

# Seeds cover every phrasing (the phrasing is the seed modulo their number) several times.
SEEDS = range(0, 3 * len(PHRASINGS))


def audit_text(doc, name: str = "synthetic.txt") -> DocumentResult:  # type: ignore[no-untyped-def]
    return audit_document(name, to_text(doc).encode("utf-8"), name)


def audit_pdf(doc, tmp_path: Path) -> DocumentResult:  # type: ignore[no-untyped-def]
    path = tmp_path / "synthetic.pdf"
    to_pdf(doc, path)
    return audit_document(str(path), path.read_bytes(), path.name)


def narrative_serious(result: DocumentResult) -> list[str]:
    return [
        f"{f.rule_id}: {f.message}"
        for f in result.findings
        if f.rule_id.startswith("N-") and f.severity in ("error", "warning")
    ]


def quoting(result: DocumentResult, figure: str) -> list[str]:
    """Serious findings with an evidence entry for the printed figure (e.g. "157.35万元")."""
    return [
        f.rule_id
        for f in result.findings
        if f.severity in ("error", "warning")
        and any(e.get("figure") == figure and figure in str(e.get("quote")) for e in f.evidence)
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_unmutated_narrative_raises_no_narrative_warning(seed: int) -> None:
    doc = generate(seed)
    result = audit_text(doc)
    assert result.status == "ok", result.error
    assert narrative_serious(result) == []
    assert [n.reason for n in result.not_evaluated if n.rule_id.startswith("N-")] == []
    q = result.disclosure.quality["claims"]  # type: ignore[union-attr]
    assert q["tied"] == q["figures"] and q["unparsed"] == []  # type: ignore[index]
    assert q["figures"] >= len(doc.claims)  # type: ignore[index,operator]


@pytest.mark.parametrize("seed", range(len(PHRASINGS)))
def test_unmutated_narrative_in_pdf_raises_no_narrative_warning(seed: int, tmp_path: Path) -> None:
    result = audit_pdf(generate(seed), tmp_path)
    assert result.status == "ok", result.error
    assert narrative_serious(result) == []
    claims = result.disclosure.claims  # type: ignore[union-attr]
    assert claims and all(c.loc.page and c.loc.bbox for c in claims)


@pytest.mark.parametrize("kind", NARRATIVE_DEFECT_KINDS)
@pytest.mark.parametrize("seed", SEEDS)
def test_narrative_mutation_is_found_quoting_the_changed_figure(kind: str, seed: int) -> None:
    doc, defect = inject(generate(seed), kind, rng_seed=seed * 37 + 5)
    claim = next(c for c in doc.claims if c.paragraph == defect.paragraph and c.text == defect.new_text)
    result = audit_text(doc)
    assert result.status == "ok", result.error
    hits = quoting(result, f"{defect.new_text}{claim.unit}")
    assert hits, f"{defect.description} not found; findings: {narrative_serious(result)}"


@pytest.mark.parametrize("kind", NARRATIVE_DEFECT_KINDS)
def test_narrative_mutation_is_found_in_the_pdf_with_its_page(kind: str, tmp_path: Path) -> None:
    seed = NARRATIVE_DEFECT_KINDS.index(kind)
    doc, defect = inject(generate(seed), kind, rng_seed=101)
    claim = next(c for c in doc.claims if c.paragraph == defect.paragraph and c.text == defect.new_text)
    result = audit_pdf(doc, tmp_path)
    figure = f"{defect.new_text}{claim.unit}"
    hits = [
        f
        for f in result.findings
        if f.severity in ("error", "warning")
        and any(e.get("figure") == figure and e.get("page") and e.get("bbox") for e in f.evidence)
    ]
    assert hits, f"{defect.description} not found; findings: {narrative_serious(result)}"


def test_sample_defective_document_has_its_narrative_defect_found(tmp_path: Path) -> None:
    from auditor.synth import sample_documents

    _good, bad, defects = sample_documents()
    narrative = next(d for d in defects if d.table == "narrative")
    result = audit_text(bad)
    assert quoting(result, f"{narrative.new_text}万元")
