"""Generated units that spend non-fiscal 结转和结余 without any non-fiscal income (the synth variants
“non-fiscal-carry*”, issue 12 class 1): consistent documents get one X-NONFISCAL-CARRY info and no
error or warning; a changed carry-over or expenditure figure is found, naming the changed cell.

The variants also run in the layout × format matrix of tests/test_synth_variants.py; here the
figures of the variant itself are checked (it does generate the case) and the mutants that matter
to it are chosen, not drawn.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.synth import SyntheticDisclosure
from auditor.synth.model import format_wan, parse_printed
from auditor.synth.variants import Format, audit, generate_variant, serious, variant_named

VARIANTS = ("non-fiscal-carry", "non-fiscal-carry-shanghai")
SEEDS = range(500, 506)
CHANGE = Decimal("0.50")


@pytest.mark.parametrize("name", VARIANTS)
@pytest.mark.parametrize("fmt", ["tsv", "space"])
def test_consistent_documents_get_one_info(tmp_path: Path, name: str, fmt: Format) -> None:
    for seed in SEEDS:
        doc = generate_variant(seed, variant_named(name), fmt)
        assert doc.facts["nf_carry_in"] > doc.facts["nf_carry_out"] >= 0  # the case is generated
        result = audit(doc, fmt, tmp_path)
        assert result.status == "ok", result.error
        assert serious(result) == [], (seed, serious(result)[:3])
        [carry] = [f for f in result.findings if f.rule_id == "X-NONFISCAL-CARRY"]
        used = Decimal(doc.facts["nf_carry_in"] - doc.facts["nf_carry_out"]) / 10000
        assert carry.severity == "info"
        assert abs(Decimal(carry.expected or "0") - used) <= Decimal("0.01")


def _cell(doc: SyntheticDisclosure, table: str, row: str, column: str, lane: str | None = None) -> int:
    return next(
        i
        for i, c in enumerate(doc.cells)
        if (c.table, c.row, c.column) == (table, row, column) and (lane is None or c.lane == lane)
    )


def _changed(doc: SyntheticDisclosure, index: int) -> tuple[SyntheticDisclosure, tuple[str, str, str, str]]:
    out = copy.deepcopy(doc)
    c = out.cells[index]
    text = format_wan(parse_printed(c.text) + CHANGE)
    out.cells[index] = replace(c, text=text, value=parse_printed(text), yuan=None)
    out.tables[c.table].body[c.grid_row][c.grid_col] = text
    return out, (c.table, c.row, c.column, text)


def _main_row(doc: SyntheticDisclosure) -> str:
    """The 项 that spends the non-fiscal money: where 03表 and 05表 differ."""
    basic03 = {c.row: c.text for c in doc.cells if c.table == "03" and c.column == "基本支出"}
    basic05 = {c.row: c.text for c in doc.cells if c.table == "05" and c.column == "基本支出"}
    return next(r for r, t in basic03.items() if len(r) > 7 and r[7] == " " and basic05.get(r) != t)


@pytest.mark.parametrize(
    "where",
    ["01 年初结转和结余", "01 年末结转和结余", "03 基本支出", "03 本年支出合计", "05 基本支出", "05 合计"],
)
def test_a_changed_figure_is_found_naming_it(tmp_path: Path, where: str) -> None:
    fmt: Format = "tsv"
    for seed in SEEDS[:3]:
        doc = generate_variant(seed, variant_named("non-fiscal-carry"), fmt)
        table, what = where.split(" ")
        if table == "01":
            lane = "income" if what.startswith("年初") else "expense"
            index = _cell(doc, "01", what, "决算数", lane)
        else:
            index = _cell(doc, table, _main_row(doc), what)
        mutant, (t, row, column, text) = _changed(doc, index)
        result = audit(mutant, fmt, tmp_path)
        named = [
            f.rule_id
            for f in result.findings
            if f.severity in ("error", "warning")
            and any(
                (e["table"], e["row"], e["column"], e["quote"]) == (t, row, column, text) for e in f.evidence
            )
        ]
        assert named, (seed, where, serious(result)[:4])
