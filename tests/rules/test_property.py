"""Property tests on synthetic documents derived from amounts in 元, printed rounded to 万元.

1. A consistent document never yields an error or warning (rounding residues are info at most):
   Calc 1.1 intervals always contain the true values.
2. Re-printing one cell of a code table (02/03/05表) off by ≥ 0.05 万元 always yields an error
   whose evidence includes that cell. The guarantee comes from the cell's row identity, which
   has at most three printed cells (tolerance ≤ 0.015, consistent residue ≤ 0.01). A cell that
   only takes part in long sums cannot carry this guarantee: with n parts the tolerance itself
   is (n + 1) × 0.005 万元, so a 0.05 error in a 9-part sum may honestly be a 尾差.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest.model import Disclosure
from rules import check
from tests.rules.builders import set_text
from tests.rules.helpers import in_table_config, serious
from tests.rules.synthetic import ECON_CODES, ITEM_CLASSES, Item, Spec, build

fen = st.one_of(st.just(0), st.integers(1, 99), st.integers(1, 10**10))
LEVELS = [(1, 2, 3), (3,), (1, 3), (2, 3), (1, 2)]


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    """A random consistent document spec (amounts in 分)."""
    items: dict[str, Item] = {}
    for _ in range(draw(st.integers(1, 12))):
        cls = draw(st.sampled_from(ITEM_CLASSES))
        code = f"{cls}{draw(st.integers(1, 4)):02d}{draw(st.integers(1, 4)):02d}"
        basic, project = draw(fen), draw(fen)
        items[code] = Item(code, basic, project, other_income=draw(st.integers(0, basic)))
    econ = {c: draw(fen) for c in draw(st.lists(st.sampled_from(ECON_CODES), unique=True))}
    carry_in = draw(fen)
    return Spec(
        items=list(items.values()),
        carry_in=carry_in,
        carry_out=draw(fen),
        econ=econ,
        three_public=(draw(fen), draw(fen), draw(fen), draw(fen)),
        fund=(carry_in, draw(fen), draw(fen), draw(fen)) if draw(st.booleans()) else (0, 0, 0, 0),
        levels=draw(st.sampled_from(LEVELS)),
        shuffle=draw(st.integers(0, 1000)),
    )


def printed_cells(d: Disclosure, tables: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """(table, row key, column, text) of every printed cell of these tables."""
    return [
        (tid, r.key, col, c.text)
        for tid in tables
        for r in d.tables[tid].rows
        for col, c in r.cells.items()
        if c.amount is not None
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=specs())
def test_consistent_documents_raise_nothing_but_rounding(spec: Spec) -> None:
    # the in-table rules, whatever code levels are printed; the fund table (07) may end with a
    # negative carry-out, which is still arithmetic
    out = check(build(spec), in_table_config())
    assert serious(out) == [], [f.message for f in serious(out)]
    assert out.not_evaluated == []
    assert all(f.outcome == "rounding" and f.severity == "info" for f in out.findings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=specs())
def test_consistent_documents_pass_every_rule(spec: Spec) -> None:
    # every family: cross-table identities, completeness, plausibility; a document printed to 项
    assume(3 in spec.levels)
    out = check(build(spec))
    assert serious(out) == [], [f.message for f in serious(out)]
    assert out.not_evaluated == []
    assert all(f.severity == "info" for f in out.findings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=specs(),
    pick=st.integers(0, 10**6),
    cents=st.integers(5, 10**7),
    negative=st.booleans(),
)
def test_one_changed_cell_is_always_caught(spec: Spec, pick: int, cents: int, negative: bool) -> None:
    d = build(spec)
    cells = printed_cells(d, ("02", "03", "05"))
    assume(cells)
    table_id, key, column, text = cells[pick % len(cells)]
    delta = Decimal(cents).scaleb(-2) * (-1 if negative else 1)
    set_text(d, table_id, key, column, f"{Decimal(text) + delta:.2f}")
    out = check(d)
    hit = [
        f
        for f in out.findings
        if f.severity == "error"
        and any((e["table"], e["row"], e["column"]) == (table_id, key, column) for e in f.evidence)
    ]
    assert hit, (table_id, key, column, text, delta, [f.message for f in out.findings])
