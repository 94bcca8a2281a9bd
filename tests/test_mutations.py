"""The mutation suite: consistent synthetic disclosures stay quiet, and every single injected
defect is found by a finding that names the changed value (property-based, hypothesis).

Documents come from auditor.synth (决算 of various units, 项 codes, sizes and print styles;
amounts drawn in 元 and printed in 万元, so real 尾差 appears), rendered as text and audited
through the whole pipeline (ingest → every rule family). Defects: a 项 cell, a 合计 cell, two
swapped digits, a 类 row, a whole 款 row, one 类 moved between rows of 01表, an 06表 total, a
“三公” total, a 01表 类, a dropped table.
"""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from auditor.pipeline import audit_document
from auditor.result import DocumentResult
from auditor.synth import DEFECT_KINDS, STRUCTURAL_DEFECT_KINDS, PrintStyle, generate, inject, to_text
from auditor.synth.model import InjectedDefect, SyntheticDisclosure
from ingest.model import Disclosure
from rules import check
from tests.rules.budget_synthetic import random_budget
from tests.rules.builders import set_text
from tests.rules.synthetic import build, random_spec

CELL_DEFECTS = tuple(k for k in DEFECT_KINDS if not k.startswith("narrative"))
ALL_DEFECTS = CELL_DEFECTS + STRUCTURAL_DEFECT_KINDS
STYLES = (
    PrintStyle(),
    PrintStyle(thousands=False),
    PrintStyle(thousands=True, zeros="zero"),
    PrintStyle(thousands=False, zeros="dash"),
)
SIZES = (None, 5, 9, 16, 24)

seeds = st.integers(0, 10**6)
styles = st.sampled_from(STYLES)
sizes = st.sampled_from(SIZES)


def _audit(doc: SyntheticDisclosure) -> DocumentResult:
    result = audit_document("synthetic.txt", to_text(doc).encode("utf-8"), "synthetic.txt")
    assert result.status == "ok", result.error
    return result


def _serious(result: DocumentResult) -> list[str]:
    return [f"{f.rule_id}: {f.message}" for f in result.findings if f.severity in ("error", "warning")]


def names_the_change(result: DocumentResult, defect: InjectedDefect) -> bool:
    """True when a warning or error points at the changed value (or, for a dropped table, at
    the table that is missing)."""
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=seeds, n_items=sizes, style=styles)
def test_consistent_documents_give_no_warning_or_error(
    seed: int, n_items: int | None, style: PrintStyle
) -> None:
    result = _audit(generate(seed, n_items=n_items, print_style=style))
    assert _serious(result) == []
    assert result.outcome.checks_run > 50


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=seeds, n_items=sizes, style=styles, kind=st.sampled_from(ALL_DEFECTS), rng_seed=seeds)
def test_every_single_defect_is_found_naming_the_changed_value(
    seed: int, n_items: int | None, style: PrintStyle, kind: str, rng_seed: int
) -> None:
    doc, defect = inject(generate(seed, n_items=n_items, print_style=style), kind, rng_seed)
    # 会议费/培训费 of 09表 stand outside every identity (they are not part of the “三公” 合计), so a
    # slip there can only be seen against 06表 in the meeting template, and only one way
    assume(not (defect.table == "09" and defect.column in ("会议费", "培训费")))
    result = _audit(doc)
    assert names_the_change(result, defect), f"{defect.description} not found: {_serious(result)}"


def test_each_defect_kind_is_found_at_least_once() -> None:
    # a deterministic smoke run over every kind (the property test samples them at random)
    for kind in ALL_DEFECTS:
        doc, defect = inject(generate(11, print_style=STYLES[1]), kind, rng_seed=5)
        assert names_the_change(_audit(doc), defect), defect.description


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=seeds, pick=st.integers(0, 10**6))
def test_a_class_moved_between_rows_of_01_is_found_on_disclosures(seed: int, pick: int) -> None:
    # the same defect on the tests' own generator (no ingest): 01表 sums still hold
    d = build(random_spec(random.Random(seed), 6))
    rows = [
        r
        for r in d.tables["01"].rows
        if r.lane == "expense" and r.role == "detail" and r.key.endswith("支出")
    ]
    full = [r for r in rows if r.cells["决算数"].amount is not None]
    empty = [r for r in rows if r.cells["决算数"].amount is None]
    assume(full and empty)
    source, target = full[pick % len(full)], empty[pick % len(empty)]
    text = source.cells["决算数"].text
    set_text(d, "01", target.key, "决算数", text)
    set_text(d, "01", source.key, "决算数", "")
    out = check(d)
    hits = [
        f
        for f in out.findings
        if f.rule_id == "X01-03-CLASS"
        and f.severity == "error"
        and any((e["row"], e["quote"]) == (target.key, text) for e in f.evidence)
    ]
    assert hits
    assert not [f for f in out.findings if f.rule_id.startswith("T01-") and f.severity != "info"]


# --- 预算: the tests' own generator of consistent budgets (no ingest) ------------------------------

BUDGET_LEVELS = ((1, 2, 3), (3,), (1, 3), (2, 3))
# Cells a changed figure must be found in: every printed cell of these tables, and the unit's row of
# the 项目支出 tables (its projects only restate it; 机关运行经费 is bounded, not equal).
BUDGET_TABLES = ("B01", "B02", "B03", "B04", "B05", "B06", "B10")


def _budget_cells(d: Disclosure) -> list[tuple[str, str, str, str]]:
    out = [
        (tid, r.key, col, c.text)
        for tid in BUDGET_TABLES
        if tid in d.tables
        for r in d.tables[tid].rows
        for col, c in r.cells.items()
        if c.amount is not None
    ]
    for tid in ("B12", "B13"):
        if tid in d.tables and d.tables[tid].rows:
            r = d.tables[tid].rows[0]
            out += [(tid, r.key, col, c.text) for col, c in r.cells.items() if c.amount is not None]
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=seeds, n_items=st.integers(1, 15), levels=st.sampled_from(BUDGET_LEVELS))
def test_consistent_budgets_give_no_warning_or_error(
    seed: int, n_items: int, levels: tuple[int, ...]
) -> None:
    out = check(random_budget(random.Random(seed), n_items, levels))
    assert [f.message for f in out.findings if f.severity != "info"] == []
    assert out.not_evaluated == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=seeds,
    n_items=st.integers(1, 15),
    levels=st.sampled_from(BUDGET_LEVELS),
    pick=st.integers(0, 10**6),
    cents=st.integers(20, 10**7),
    negative=st.booleans(),
)
def test_one_changed_budget_cell_is_found(
    seed: int, n_items: int, levels: tuple[int, ...], pick: int, cents: int, negative: bool
) -> None:
    d = random_budget(random.Random(seed), n_items, levels)
    cells = _budget_cells(d)
    tid, key, column, text = cells[pick % len(cells)]
    delta = Decimal(cents).scaleb(-2) * (-1 if negative else 1)
    set_text(d, tid, key, column, f"{Decimal(text.replace(',', '')) + delta:.2f}")
    out = check(d)
    hits = [
        f
        for f in out.findings
        if f.severity in ("error", "warning")
        and any((e["table"], e["row"], e["column"]) == (tid, key, column) for e in f.evidence)
    ]
    assert hits, (tid, key, column, text, delta, [f.message for f in out.findings if f.severity != "info"])
