"""The demo pair: one consistent sample and the same document with a few injected defects."""

from __future__ import annotations

from pathlib import Path

from auditor.synth.defects import inject
from auditor.synth.model import InjectedDefect, SyntheticDisclosure
from auditor.synth.render_pdf import to_pdf

SAMPLE_SEED = 1
# (kind, rng seed) of the defects in defective.pdf: a table cell, a 06表 total, a narrative figure.
SAMPLE_DEFECTS: tuple[tuple[str, int], ...] = (
    ("detail_cell", 11),
    ("t06_total", 12),
    ("narrative_amount", 13),
)


def sample_documents() -> tuple[SyntheticDisclosure, SyntheticDisclosure, list[InjectedDefect]]:
    """The consistent sample, the defective one and the defects it carries."""
    from auditor.synth import generate  # the package entry point; imported late to avoid a cycle

    good = generate(SAMPLE_SEED)
    bad = good
    defects: list[InjectedDefect] = []
    for kind, seed in SAMPLE_DEFECTS:
        bad, defect = inject(bad, kind, seed)
        defects.append(defect)
    return good, bad, defects


def write_samples(out_dir: str | Path) -> list[Path]:
    """Write consistent.pdf and defective.pdf into `out_dir`; returns their paths."""
    out = Path(out_dir)
    good, bad, _defects = sample_documents()
    return [to_pdf(good, out / "consistent.pdf"), to_pdf(bad, out / "defective.pdf")]
