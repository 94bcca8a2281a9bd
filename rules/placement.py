"""Findings that depend on where a text row's figures were placed.

Space-separated text drops blank cells: `合计 514.74 489.27 25.47` under seven columns admits
several placements. Ingest chooses one by the table's identities and keeps, on the row, the other
placements that keep them all as well (`Row.alternatives`; fewer when another table rules some
out, ingest/reconcile.py). A broken check that would hold under one of those other placements
depends on the guess, not on the figures: it is reported as not evaluated, naming the candidate
placements, never as an error or warning. A check that breaks whichever placement is taken is a
finding as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from ingest.model import Amount, Cell, Evidence, Row, Table
from rules.checks import Check
from rules.findings import NotEvaluated
from rules.judgements import Bound, Equality, Judgement
from rules.wording import row_label, table_name

# A signed position of a check: (table, row, column, sign); the check holds when Σ sign·value = 0
# within the printed figures' rounding (an equality) or Σ ≤ rounding (a bound, small − large).
Position = tuple[Table, Row, str, int]


def _yuan(a: Amount) -> tuple[Decimal, Decimal]:
    scale = Decimal(10000) if a.unit == "万元" else Decimal(1)
    return a.value * scale, a.half_ulp * scale


def _holds(positions: Sequence[Position], override: tuple[Row, dict[str, Cell]], bound: bool) -> bool:
    total, radius = Decimal(0), Decimal(0)
    for _table, row, column, sign in positions:
        cells = override[1] if row is override[0] else row.cells
        cell = cells.get(column)
        if cell is None or cell.amount is None or cell.amount.unit not in ("万元", "元"):
            continue
        value, r = _yuan(cell.amount)
        total += sign * value
        radius += r
    return total <= radius if bound else abs(total) <= radius


def _placement(cells: dict[str, Cell]) -> str:
    return "、".join(f"{c.text}（{col}）" for col, c in cells.items())


def _dedupe(positions: Iterable[Position]) -> list[Position]:
    seen: set[tuple[int, str]] = set()
    out: list[Position] = []
    for p in positions:
        key = (id(p[1]), p[2])
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _depends(rule_id: str, title: str, positions: Sequence[Position], bound: bool) -> NotEvaluated | None:
    """NotEvaluated when some other placement of a guessed row among `positions` makes the check
    hold; None when it breaks under every placement ingest kept."""
    rows: list[tuple[Table, Row]] = []
    for table, row, _c, _s in positions:
        if row.alternatives and all(r is not row for _t, r in rows):
            rows.append((table, row))
    for table, row in rows:
        holding = [alt for alt in row.alternatives if _holds(positions, (row, alt), bound)]
        if not holding:
            continue
        chosen = {col: c for col, c in row.cells.items() if c.amount is not None}
        options = "；".join(_placement(alt) for alt in holding)
        reason = (
            f"{table_name(table)}“{row_label(row)}”行的数字在文本中未分栏，"
            f"读作{_placement(chosen)}，但按{options}排列同样与本表各勾稽关系相符，"
            f"且按后者“{title}”核对成立；栏次无法确定，未作判断，请对照原表核实。"
        )
        evidence: list[Evidence] = []
        for _t, r, column, _sign in positions:
            cell = r.cells.get(column)
            if cell is None:
                continue
            entry = cell.evidence()
            if r is row:
                entry = replace(entry, placements=(tuple(row.cells), *[tuple(alt) for alt in holding]))
            evidence.append(entry)
        return NotEvaluated(rule_id, reason, table.id, evidence)
    return None


def check_depends_on_placement(check: Check) -> NotEvaluated | None:
    """A broken arithmetic check that another kept placement of one of its rows would satisfy."""
    ident = check.identity
    positions: list[Position] = [(ident.table, ident.row, ident.column, 1)]
    positions += [(ident.table, t.row, t.column, -t.sign) for t in check.terms]
    positions += [(ident.table, row, column, -sign) for row, column, sign in ident.parts]
    return _depends(ident.rule.id, ident.rule.title, _dedupe(positions), bound=False)


def judgement_depends_on_placement(j: Judgement) -> NotEvaluated | None:
    """A broken cross-table equality or bound that another kept placement would satisfy."""
    if isinstance(j, Equality):
        left, right, bound = j.left, j.right, False
    elif isinstance(j, Bound):
        left, right, bound = j.small, j.large, True
    else:
        return None
    positions: list[Position] = [
        (r.table, r.row, r.column, sign) for r, sign in left.refs if r.row is not None
    ] + [(r.table, r.row, r.column, -sign) for r, sign in right.refs if r.row is not None]
    if not any(p[1].alternatives for p in positions):
        return None
    return _depends(j.rule.id, j.rule.title, _dedupe(positions), bound)
