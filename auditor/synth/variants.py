"""Layout variants of generated disclosures, and how the audit fares on them.

A *variant* is a print layout (`auditor.synth.layout.Layout`) with a print style for amounts
(thousands separators, zeros blank / 0.00 / “-”), rendered in one of three formats: PDF, TSV (tab
separated, blank cells kept) or space-separated text (blank cells dropped, as a plain extraction of a
PDF reads). `VARIANTS` changes one choice at a time from the seeds' own template, plus a few
combinations real documents show together; `measure` audits consistent documents and single-defect
mutants of a variant and counts false alarms and detections. The test suite and
`benchmarks/bench_variants.py` both use it, so the figures they report are the same figures.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from auditor.synth.defects import DEFECT_KINDS, inject
from auditor.synth.layout import DEFAULT_LAYOUT, Layout, apply_layout
from auditor.synth.model import InjectedDefect, SyntheticDisclosure
from auditor.synth.render_pdf import to_pdf
from auditor.synth.render_text import to_text
from auditor.synth.structural import STRUCTURAL_DEFECT_KINDS
from auditor.synth.tables import PrintStyle
from pipeline import DocumentResult, audit_document

Format = Literal["pdf", "tsv", "space"]
FORMATS: tuple[Format, ...] = ("tsv", "space", "pdf")

# Single defects a variant must reveal: every table-cell kind and every structural kind.
MUTATION_KINDS: tuple[str, ...] = tuple(k for k in DEFECT_KINDS if not k.startswith("narrative")) + tuple(
    STRUCTURAL_DEFECT_KINDS
)
# Index in MUTATION_KINDS of the first mutant's kind per format: runs of a few seeds per format
# share out the ten kinds between them (6 tsv seeds: kinds 0–5; 6 space seeds: 6–9, 0, 1; 2 PDFs:
# 4–5, the 06/09 totals), so every variant meets every kind.
FIRST_KIND: dict[str, int] = {"tsv": 0, "space": 6, "pdf": 4}


@dataclass(frozen=True)
class Variant:
    """A print layout and style of amounts (the text separator is chosen by the format)."""

    name: str
    layout: Layout = DEFAULT_LAYOUT
    style: PrintStyle = field(default_factory=PrintStyle)
    # the unit spends non-fiscal 结转和结余 without any non-fiscal income (a figure variant, not a layout)
    non_fiscal_carry: bool = False


VARIANTS: tuple[Variant, ...] = (
    Variant("default"),
    Variant("label-biao", Layout(label="biao")),
    Variant("label-fubiao", Layout(label="fubiao")),
    Variant("label-none", Layout(label="none")),
    Variant("unit-jine", Layout(unit_line="jine")),
    Variant("unit-in-title", Layout(unit_line="title")),
    Variant("no-number-row", Layout(number_row=False)),
    Variant("split-codes", Layout(split_codes=True)),
    Variant("no-thousands", style=PrintStyle(thousands=False)),
    Variant("zeros-0.00", style=PrintStyle(zeros="zero")),
    Variant("zeros-dash", style=PrintStyle(zeros="dash")),
    Variant("zeros-int", style=PrintStyle(zeros="int")),
    Variant(
        "shanghai-like",
        Layout(label="none", unit_line="jine", number_row=False, split_codes=True),
        PrintStyle(thousands=False, zeros="zero"),
    ),
    Variant(
        "fubiao-split-nonum",
        Layout(label="fubiao", number_row=False, split_codes=True),
        PrintStyle(zeros="dash"),
    ),
    # amounts in 元 for some tables (each table's own unit line says so)
    Variant("yuan-09", Layout(yuan_tables=("09",))),
    Variant("yuan-06-09-10", Layout(yuan_tables=("06", "09", "10"), table_10=True)),
    Variant("yuan-02-03", Layout(yuan_tables=("02", "03")), PrintStyle(thousands=False)),
    Variant("yuan-unit-in-title", Layout(unit_line="title", yuan_tables=("06", "09"))),
    # 09表: 预算数 / 决算数 side by side, group label in its own row / merged / absent; 会议费/培训费
    Variant("tp-own", Layout(tp_groups="own")),
    Variant("tp-merged-nonum", Layout(tp_groups="merged", number_row=False)),
    Variant("tp-none", Layout(tp_groups="none")),
    Variant("tp-no-meeting", Layout(tp_meeting=False)),
    Variant("tp-merged-no-meeting", Layout(tp_groups="merged", tp_meeting=False, number_row=False)),
    Variant("tp-merged-nested", Layout(tp_groups="merged", tp_nested=True, number_row=False)),
    Variant("tp-none-nested", Layout(tp_groups="none", tp_nested=True, tp_meeting=False)),
    # 09表 zeros blank or “-” like the other tables (not 0.00), as two rows or side by side
    Variant("tp-zeros-blank", style=PrintStyle(three_public_zeros=False)),
    Variant("tp-own-zeros-blank", Layout(tp_groups="own"), PrintStyle(three_public_zeros=False)),
    Variant(
        "tp-merged-zeros-dash", Layout(tp_groups="merged"), PrintStyle(zeros="dash", three_public_zeros=False)
    ),
    # 公开10表
    Variant("table-10", Layout(table_10=True)),
    # zeros of the narrative: “事业收入0.00万元，占0.00%” or blank “事业收入万元，占0.00%”
    Variant("narrative-zeros-0.00", style=PrintStyle(zeros="zero", narrative_zeros="zero")),
    Variant("narrative-zeros-blank", style=PrintStyle(narrative_zeros="blank")),
    Variant("narrative-zeros-int", style=PrintStyle(narrative_zeros="int")),
    Variant("narrative-percent-0dp", style=PrintStyle(narrative_percent_places=0)),  # “占95%”
    # the “三公” items of the text in 元 (“公务接待费支出决算22,101.00元”), 09表 in 万元 or in 元
    Variant("tp-text-yuan", style=PrintStyle(narrative_three_public_unit="元")),
    Variant(
        "tp-text-yuan-table-yuan",
        Layout(yuan_tables=("09",), tp_groups="own"),
        PrintStyle(thousands=False, narrative_three_public_unit="元"),
    ),
    Variant(
        "province-mix",
        Layout(label="biao", unit_line="jine", yuan_tables=("09",), tp_groups="merged", table_10=True),
        PrintStyle(thousands=False, zeros="zero", narrative_zeros="blank"),
    ),
    # the label and the money unit on the title line (“公开01表   收入支出决算总表   单位：万元”)
    Variant("title-line", Layout(title_line=True)),
    Variant("title-line-biao-yuan", Layout(label="biao", title_line=True, yuan_tables=("06", "09"))),
    # an empty table's explanation printed as a row inside its grid, not as a note below
    Variant("empty-row", Layout(empty_row=True)),
    Variant("empty-row-split-nonum", Layout(empty_row=True, split_codes=True, number_row=False)),
    # long tables continued on a second page with the header printed again
    Variant("page-split", Layout(page_split=True)),
    Variant(
        "page-split-shanghai",
        Layout(label="none", unit_line="jine", number_row=False, split_codes=True, page_split=True),
        PrintStyle(thousands=False, zeros="zero"),
    ),
    # long subject names wrapped onto a second line inside their cell, 科目编码 whole or split
    Variant("wrap-names", Layout(wrap_names=8)),
    Variant("wrap-names-split", Layout(wrap_names=8, split_codes=True, number_row=False)),
    # non-fiscal 结转和结余 spent by a unit with no non-fiscal income (01表 above 04表, 03表 above 05表)
    Variant("non-fiscal-carry", non_fiscal_carry=True),
    Variant(
        "non-fiscal-carry-shanghai",
        Layout(label="none", unit_line="jine", number_row=False, split_codes=True),
        PrintStyle(thousands=False, zeros="zero"),
        non_fiscal_carry=True,
    ),
)


def variant_named(name: str) -> Variant:
    """The variant of that name (KeyError when there is none)."""
    for v in VARIANTS:
        if v.name == name:
            return v
    raise KeyError(name)


def generate_variant(seed: int, variant: Variant, fmt: Format) -> SyntheticDisclosure:
    """A consistent generated document printed as the variant says, for the format."""
    from auditor.synth import generate  # the package imports this module

    layout = replace(variant.layout, separator="space" if fmt == "space" else "tab")
    doc = generate(
        seed,
        print_style=variant.style,
        with_table_10=layout.table_10,
        non_fiscal_carry=variant.non_fiscal_carry,
    )
    return apply_layout(doc, layout, thousands=variant.style.thousands)


def render(doc: SyntheticDisclosure, fmt: Format, workdir: Path) -> tuple[str, bytes]:
    """The document's file name and bytes in the format."""
    if fmt == "pdf":
        path = to_pdf(doc, workdir / f"synthetic-{doc.seed}.pdf")
        return path.name, path.read_bytes()
    return f"synthetic-{doc.seed}.txt", to_text(doc).encode("utf-8")


def audit(doc: SyntheticDisclosure, fmt: Format, workdir: Path) -> DocumentResult:
    """Render and audit one document through the whole pipeline (what `auditor audit` runs)."""
    name, data = render(doc, fmt, workdir)
    return audit_document(name, data, name)


def serious(result: DocumentResult) -> list[str]:
    """The error and warning findings of a result, as `RULE: message` lines."""
    return [f"{f.rule_id}: {f.message}" for f in result.findings if f.severity in ("error", "warning")]


def names_the_change(result: DocumentResult, defect: InjectedDefect) -> bool:
    """True when a warning or error points at the changed value (or, for a dropped table, at the
    table that is missing)."""
    for f in result.findings:
        if f.severity not in ("error", "warning"):
            continue
        for e in f.evidence:
            if defect.kind == "dropped_table":
                if f.rule_id == "CMP-TABLES" and e["table"] == defect.table:
                    return True
            elif (e["table"], e["row"], e["column"], e["quote"]) == (
                defect.table,
                defect.row,
                defect.column,
                defect.new_text,
            ):
                return True
    return False


def outside_every_identity(defect: InjectedDefect) -> bool:
    """会议费/培训费 of 09表 stand outside every identity of the template (they are not part of the
    “三公” 合计), so a slip there cannot be seen from the figures alone."""
    return defect.table == "09" and defect.column in ("会议费", "培训费")


@dataclass
class Tally:
    """What one variant × format run found."""

    variant: str
    fmt: Format
    documents: int = 0
    failed: list[str] = field(default_factory=list)  # documents the audit could not read
    false_alarms: list[str] = field(default_factory=list)  # serious findings on consistent documents
    mutants: int = 0
    missed: list[str] = field(default_factory=list)  # injected defects not named by any finding

    @property
    def detection(self) -> float | None:
        """Share of single defects found naming the changed figure (None when none could be
        injected, e.g. every document failed)."""
        return None if not self.mutants else (self.mutants - len(self.missed)) / self.mutants

    @property
    def clean(self) -> bool:
        """Every document read, no false alarm, and at least 99 % of the defects found."""
        found = self.detection
        return not self.failed and not self.false_alarms and found is not None and found >= 0.99


def measure(
    variant: Variant,
    fmt: Format,
    seeds: Iterable[int],
    *,
    mutation_kinds: Sequence[str] = MUTATION_KINDS,
    first_kind: int | None = None,
    workdir: Path | None = None,
) -> Tally:
    """Audit the consistent document of every seed, and one single-defect mutant per seed (its kind
    taken in turn from `mutation_kinds`, starting at index `first_kind`, by default the format's
    `FIRST_KIND`), in the variant and format."""
    if first_kind is None:
        first_kind = FIRST_KIND[fmt]
    tally = Tally(variant.name, fmt)
    with tempfile.TemporaryDirectory() as tmp:
        where = workdir or Path(tmp)
        for i, seed in enumerate(seeds):
            doc = generate_variant(seed, variant, fmt)
            result = audit(doc, fmt, where)
            tally.documents += 1
            if result.status != "ok":
                tally.failed.append(f"seed {seed}: {result.error}")
                continue
            tally.false_alarms += [f"seed {seed}: {line}" for line in serious(result)]
            if not mutation_kinds:
                continue
            kind = mutation_kinds[(first_kind + i) % len(mutation_kinds)]
            mutant, defect = inject(doc, kind, seed)
            if outside_every_identity(defect):
                continue
            tally.mutants += 1
            mutated = audit(mutant, fmt, where)
            if mutated.status != "ok" or not names_the_change(mutated, defect):
                tally.missed.append(f"seed {seed}: {defect.description}")
    return tally
