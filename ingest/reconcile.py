"""Columns of token rows reconciled across tables.

Text whose blank cells were dropped (`合计 267.15 240.69 26.46` under seven columns) is placed by
`ingest.tables.place_token_values` with the table's own identities; when several placements keep
them, the guess may put a figure under the wrong column. Other tables then settle it: 公开01表 prints
each income source of 公开02表 on its own line, so a source that 01 shows empty cannot hold figures
in 02, and a source that 01 shows filled but 02 left blank is where they belong. This module moves
such guessed (uncertain) cells, only when exactly one column fits the figure, and reports what it
moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ingest.model import Amount, Cell, Table

# 公开02表 income-source columns, each printed as a line of 公开01表's income lane.
INCOME_SOURCES: tuple[str, ...] = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")


@dataclass(frozen=True)
class Move:
    """Guessed cells of one table moved from one column to another."""

    table: str
    source: str
    target: str
    cells: int
    reason: str

    def as_dict(self) -> dict[str, object]:
        """Quality-record form."""
        return {
            "table": self.table,
            "from": self.source,
            "to": self.target,
            "cells": self.cells,
            "reason": self.reason,
        }


def _lane_values(t01: Table, lane: str, names: tuple[str, ...]) -> dict[str, Amount | None]:
    out: dict[str, Amount | None] = {}
    for name in names:
        row = next((r for r in t01.rows if r.lane == lane and r.key.endswith(name)), None)
        if row is not None:
            out[name] = next((c.amount for c in row.cells.values() if c.amount is not None), None)
    return out


def _zero(a: Amount | None) -> bool:
    return a is None or a.value == 0


def _yuan_radius(a: Amount) -> Decimal:
    return a.half_ulp * 10000 if a.unit == "万元" else a.half_ulp


def _same(a: Amount, b: Amount) -> bool:
    """The two printed figures may be one amount (each within its rounding, in 元: a table may be
    printed in 元 and the other in 万元)."""
    return abs(a.in_yuan() - b.in_yuan()) <= _yuan_radius(a) + _yuan_radius(b)


def _move(table: Table, source: str, target: str) -> int:
    moved = 0
    for row in table.rows:
        cell = row.cells.get(source)
        if cell is None or not cell.uncertain or target in row.cells:
            continue
        del row.cells[source]
        row.cells[target] = Cell(
            table=cell.table,
            row=cell.row,
            column=target,
            text=cell.text,
            amount=cell.amount,
            loc=cell.loc,
            uncertain=True,
        )
        moved += 1
    return moved


def reconcile_income_columns(tables: dict[str, Table]) -> list[Move]:
    """Move 公开02表 figures guessed under an income source that 公开01表 shows empty to the one
    source 01 shows with that figure and 02 left blank."""
    t01, t02 = tables.get("01"), tables.get("02")
    if t01 is None or t02 is None:
        return []
    total = next((r for r in t02.rows if r.key == "合计"), None)
    if total is None:
        return []
    in01 = _lane_values(t01, "income", INCOME_SOURCES)
    moves: list[Move] = []
    for source in INCOME_SOURCES:
        cell = total.cells.get(source)
        if cell is None or not cell.uncertain or cell.amount is None or source not in in01:
            continue
        if not _zero(in01[source]):
            continue
        fits = [
            name
            for name, value in in01.items()
            if value is not None
            and not _zero(value)
            and name not in total.cells
            and _same(value, cell.amount)
        ]
        if len(fits) != 1:
            continue
        target = fits[0]
        moved = _move(t02, source, target)
        if moved:
            moves.append(
                Move(
                    "02",
                    source,
                    target,
                    moved,
                    f"公开01表“{source}”未填列，“{target}”为{cell.text}",
                )
            )
    return moves
