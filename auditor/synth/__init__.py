"""Synthetic 部门决算 disclosures: consistent documents, single injected defects, PDF and text.

`generate(seed)` draws a unit's exact amounts in 元 and lays out 公开01表 … 公开09表 plus the
情况说明, printing amounts in 万元 with 2 decimals (totals rounded from exact totals, so real
尾差 appears). The returned `SyntheticDisclosure` keeps a `CellRecord` for every printed amount
and a `NarrativeClaim` for every narrative figure. `inject` changes exactly one of them;
`to_pdf` / `to_text` render the document; `write_samples` writes the demo pair.
"""

from __future__ import annotations

import random

from auditor.synth.amounts import Amounts, book_basic_under_running, draw_amounts
from auditor.synth.defects import DEFECT_KINDS, MIN_CHANGE, NARRATIVE_DEFECT_KINDS, inject
from auditor.synth.model import (
    CellRecord,
    InjectedDefect,
    NarrativeClaim,
    NarrativePara,
    SyntheticDisclosure,
    SynthTable,
)
from auditor.synth.narrative import build_narrative
from auditor.synth.render_pdf import to_pdf
from auditor.synth.render_text import to_text
from auditor.synth.samples import sample_documents, write_samples
from auditor.synth.structural import STRUCTURAL_DEFECT_KINDS
from auditor.synth.tables import PrintStyle, build_tables

__all__ = [
    "DEFECT_KINDS",
    "MIN_CHANGE",
    "NARRATIVE_DEFECT_KINDS",
    "STRUCTURAL_DEFECT_KINDS",
    "CellRecord",
    "InjectedDefect",
    "NarrativeClaim",
    "NarrativePara",
    "PrintStyle",
    "SynthTable",
    "SyntheticDisclosure",
    "generate",
    "inject",
    "sample_documents",
    "to_pdf",
    "to_text",
    "write_samples",
]


# Where a generated document gives its 机关运行经费 (see `generate`).
AGENCY_RUNNING = ("narrated", "table", "empty")


def _facts(a: Amounts) -> dict[str, int]:
    """Headline exact figures (元), handy for tests and benchmarks."""
    income = sum(ln.income for ln in a.lines)
    expense = sum(ln.expense for ln in a.lines)
    return {
        "income": income,
        "expense": expense,
        "grand_total": income + a.carry_in + a.nf_carry_in,
        "basic": sum(ln.basic for ln in a.lines),
        "project": sum(ln.project for ln in a.lines),
        "general": sum(ln.gp_total for ln in a.lines),
        "general_basic": sum(ln.basic_gp for ln in a.lines),
        "personnel": a.personnel,
        "operating": a.operating,
        "carry_in": a.carry_in,
        "carry_out": a.carry_out,
        "nf_carry_in": a.nf_carry_in,
        "nf_carry_out": a.nf_carry_out,
        "three_public_budget": a.tp_budget.total,
        "three_public_final": a.tp_final.total,
    }


def generate(
    seed: int,
    *,
    unit_name: str | None = None,
    year: int = 2023,
    n_items: int | None = None,
    print_style: PrintStyle | None = None,
    with_table_10: bool = False,
    non_fiscal_carry: bool = False,
    staffing: str | None = None,
    agency_running: str = "narrated",
    running_only: bool = False,
) -> SyntheticDisclosure:
    """A consistent synthetic 部门决算 (tables 01–09 and 情况说明), a pure function of its arguments.

    `n_items` is the number of functional 项 (default: 7–13 drawn from the seed); at least the
    unit's 行政运行, the pension, medical and housing-fund 项 and one project 项 are always present.
    `print_style` (default: thousands separators, exact zeros blank) says how the tables print;
    `with_table_10` adds 公开10表 (部门决算公开相关信息统计表); `non_fiscal_carry` makes a unit without
    non-fiscal income that spends non-fiscal 结转和结余 of earlier years (01表 above 04表, 03表 above 05表).

    Issue 14's completeness and classification classes (every option off by default: the document
    is then the one it always was):
    `staffing` ("行政" or "事业", see `auditor.synth.narrative.STAFFING`) states the 人员编制 by kind in
    the 人员情况; `agency_running` says where the 机关运行经费 is given: "narrated" (section 十 states
    it; 公开10表 only with `with_table_10`), "table" (公开10表 prints it, section 十 refers to the
    table), "empty" (公开10表 printed with its 机关运行经费 rows blank, section 十 refers to it);
    `running_only` books the whole 一般公共预算 基本支出 — personnel contributions included — under
    the unit's 行政运行 项 (`auditor.synth.amounts.book_basic_under_running`).
    """
    if agency_running not in AGENCY_RUNNING:
        raise ValueError(f"agency_running: one of {', '.join(AGENCY_RUNNING)}, not {agency_running!r}")
    rng = random.Random(seed)
    amounts = draw_amounts(rng, unit_name, n_items, non_fiscal_carry=non_fiscal_carry)
    if running_only:
        amounts = book_basic_under_running(amounts)
    tables, cells = build_tables(
        amounts,
        print_style,
        with_table_10=with_table_10 or agency_running != "narrated",
        agency_empty=agency_running == "empty",
    )
    zeros = print_style.narrative_zeros if print_style else "omit"
    tp_unit = print_style.narrative_three_public_unit if print_style else "万元"
    places = print_style.narrative_percent_places if print_style else 2
    paragraphs, claims = build_narrative(
        amounts,
        year,
        style=seed,
        zeros=zeros,
        three_public_unit=tp_unit,
        percent_places=places,
        staffing=staffing,
        agency_amount=agency_running == "narrated",
    )
    return SyntheticDisclosure(
        seed=seed,
        unit=amounts.unit,
        year=year,
        tables=tables,
        cells=cells,
        paragraphs=paragraphs,
        claims=claims,
        facts=_facts(amounts),
    )
