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

import itertools
from dataclasses import dataclass
from decimal import Decimal

from ingest.model import Amount, Cell, Row, Table

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
        row.alternatives = []  # 公开01表 settled where the row's figures stand
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
    source 01 shows with that figure and 02 left blank — or, when no single source has that
    figure, to the only source 01 shows filled that 02 leaves blank (then a figure that differs
    from 01 is reported in its own column, not in the guessed one)."""
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
            # by elimination: the one source 01 shows filled that 02 leaves blank, whatever its
            # figure (a figure that differs from 01 is then reported where it stands)
            fits = [
                name
                for name, value in in01.items()
                if value is not None and not _zero(value) and name not in total.cells
            ]
            if len(fits) != 1:
                continue
        target = fits[0]
        moved = _move(t02, source, target)
        if moved:
            shown = in01[target]
            reason = (
                f"公开01表“{source}”未填列，“{target}”为{cell.text}"
                if shown is not None and _same(shown, cell.amount)
                else f"公开01表“{source}”未填列；01表有数而02表未填列的只有“{target}”"
            )
            moves.append(Move("02", source, target, moved, reason))
    return moves


# 公开04表 fund columns of the 支出 side, with the 收入 rows that bring each fund's money in.
FUNDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("一般公共预算财政拨款", ("一般公共预算财政拨款收入", "年初财政拨款结转和结余/一般公共预算财政拨款")),
    (
        "政府性基金预算财政拨款",
        ("政府性基金预算财政拨款收入", "年初财政拨款结转和结余/政府性基金预算财政拨款"),
    ),
    (
        "国有资本经营预算财政拨款",
        ("国有资本经营预算财政拨款收入", "年初财政拨款结转和结余/国有资本经营预算财政拨款"),
    ),
)


def settle_fund_columns(tables: dict[str, Table]) -> list[Move]:
    """公开04表 支出 figures placed by guess under a fund the table shows no money of.

    A fund that 04 shows neither receiving this year nor carrying in from earlier years (its 收入
    row and its 年初结转和结余 row blank or zero) spends nothing: the placements of a text row
    that put a figure under it are dropped, and when the guess itself did, the row takes the one
    remaining placement. Returns the rows moved."""
    t04 = tables.get("04")
    if t04 is None:
        return []
    income = {r.key: r for r in t04.rows if r.lane == "income"}
    if not all(k in income for _fund, keys in FUNDS for k in keys[:1]):
        return []  # a 收入 row of some fund is missing: nothing can be ruled out

    def has_money(keys: tuple[str, ...]) -> bool:
        return any(k in income and any(not _zero(c.amount) for c in income[k].cells.values()) for k in keys)

    empty = {fund for fund, keys in FUNDS if not has_money(keys)}
    moves: list[Move] = []
    for row in t04.rows if empty else ():
        if row.lane != "expense" or not row.alternatives:
            continue

        def spends_nothing_there(cells: dict[str, Cell]) -> bool:
            return not any(col in empty and not _zero(c.amount) for col, c in cells.items())

        kept = [alt for alt in row.alternatives if spends_nothing_there(alt)]
        if spends_nothing_there(row.cells):
            row.alternatives = kept
            continue
        if len(kept) == 1:
            before = ", ".join(c for c in row.cells if c in empty)
            row.cells, row.alternatives = kept[0], []
            moves.append(
                Move(
                    "04",
                    before,
                    ", ".join(kept[0]),
                    len(kept[0]),
                    f"公开04表“{before}”无收入、无年初结转和结余",
                )
            )
        else:
            row.alternatives = kept
    moves += _settle_by_column_sums(t04)
    return moves


def _sum_holds(rows: list[dict[str, Cell]], total: dict[str, Cell], columns: list[str]) -> bool:
    for col in columns:
        parts = [r[col].amount for r in rows if col in r and r[col].amount is not None]
        t = total[col].amount if col in total else None
        value = sum((a.value for a in parts), Decimal(0))
        if t is None:
            if value != 0:
                return False
            continue
        radius = t.half_ulp + sum((a.half_ulp for a in parts), Decimal(0))
        if abs(t.value - value) > radius:
            return False
    return True


def _settle_by_column_sums(t04: Table) -> list[Move]:
    """公开04表 支出 class rows placed jointly so that every column adds up to 本年支出合计 (the
    table's own identity, which placing each text line alone cannot use): the rows keep only the
    placements some consistent combination uses."""
    expense = [r for r in t04.rows if r.lane == "expense"]
    total = next((r for r in expense if r.key == "本年支出合计"), None)
    if total is None or total.alternatives:
        return []
    classes = expense[: expense.index(total)]
    free = [r for r in classes if r.alternatives]
    if not free:
        return []
    options = [[r.cells, *r.alternatives] for r in free]
    combos = 1
    for o in options:
        combos *= len(o)
    if combos > 4096:
        return []
    fixed = [r.cells for r in classes if not r.alternatives]
    columns = sorted(
        {c for r in classes for c in r.cells} | set(total.cells) | {c for o in options for a in o for c in a}
    )
    holding = [
        combo for combo in itertools.product(*options) if _sum_holds([*fixed, *combo], total.cells, columns)
    ]
    if not holding:
        return []  # the figures break the identity whatever the placement: the rules say so
    moves: list[Move] = []
    chosen = holding[0]
    for i, row in enumerate(free):
        used = [alt for alt in options[i] if any(c[i] is alt for c in holding)]
        if chosen[i] is not row.cells:
            moves.append(
                Move(
                    "04",
                    "、".join(row.cells),
                    "、".join(chosen[i]),
                    len(chosen[i]),
                    "公开04表各栏合计与本年支出合计相符",
                )
            )
        row.cells = chosen[i]
        row.alternatives = [alt for alt in used if alt is not chosen[i]]
    return moves


# 公开06表 economic items (一般公共预算财政拨款基本支出) that are part of a 09表 决算数 column: the
# 06 figure cannot exceed the 09 one.
THREE_PUBLIC_ECON: tuple[tuple[tuple[str, ...], str], ...] = (
    (("30212",), "因公出国（境）费"),
    (("30217",), "公务接待费"),
    (("30231",), "公务用车运行维护费"),
    (("31013", "30913"), "公务用车购置费"),
    (("30215",), "会议费"),
    (("30216",), "培训费"),
)


def _side_by_side_rows(t09: Table) -> tuple[Row, Row] | None:
    """The 预算数 and 决算数 rows of a 09表 read from one text line with their placements aligned
    (ingest.tables.side_by_side_placements), or None."""
    plan = next((r for r in t09.rows if r.key == "预算数"), None)
    final = next((r for r in t09.rows if r.key == "决算数"), None)
    if plan is None or final is None or plan.loc != final.loc:
        return None
    if not plan.alternatives or len(plan.alternatives) != len(final.alternatives):
        return None
    return plan, final


def settle_three_public(tables: dict[str, Table]) -> list[Move]:
    """公开09表 预算数 | 决算数 printed side by side on one text line, blank cells dropped: of the
    placements 09's own identities leave (aligned in the two rows' `alternatives`), keep those
    under which no 公开06表 item (因公出国 30212, 公务接待 30217, 公务用车运行维护 30231, 购置
    31013/30913, 会议费 30215, 培训费 30216 — 一般公共预算财政拨款基本支出 only) exceeds its 09
    决算数 column. The best by 09's identities, then by those bounds, is read; the others that keep
    every identity and bound stay as alternatives (the checks they would change are then not
    evaluated, rules/placement.py); when the figures break some identity whatever the placement,
    none is kept and the rules report the break."""
    from ingest.schema import TOTAL
    from ingest.tables import PLACEMENT_IDENTITIES, blank_total, identity_residual, row_identities_broken

    t09 = tables.get("09")
    pair = _side_by_side_rows(t09) if t09 is not None else None
    if t09 is None or pair is None:
        return []
    plan, final = pair
    t06 = tables.get("06")
    econ = {r.code: r for r in t06.rows if r.code} if t06 is not None else {}
    bounds = [
        ([econ[e].amount("决算数") for e in codes if e in econ], column)
        for codes, column in THREE_PUBLIC_ECON
    ]

    def amounts(cells: dict[str, Cell]) -> dict[str, Amount | None]:
        return {col: c.amount for col, c in cells.items()}

    def crossed(cells: dict[str, Cell]) -> tuple[int, Decimal]:
        """06 items exceeding their 09 决算数 column under this placement: how many, and by how
        much in all (元)."""
        count, excess = 0, Decimal(0)
        for items, column in bounds:
            present = [a for a in items if a is not None and a.value != 0]
            large = cells[column].amount if column in cells else None
            if not present:
                continue
            small = sum((a.in_yuan() for a in present), Decimal(0))
            radius = sum((_yuan_radius(a) for a in present), Decimal(0))
            if large is not None:
                small -= large.in_yuan()
                radius += _yuan_radius(large)
            if small > radius:
                count, excess = count + 1, excess + small
        return count, excess

    identities = PLACEMENT_IDENTITIES["09"]
    options = [(plan.cells, final.cells), *zip(plan.alternatives, final.alternatives, strict=True)]
    scale = Decimal(10000) if t09.unit == "万元" else Decimal(1)
    scored = []
    for i, (p, f) in enumerate(options):
        own = row_identities_broken(amounts(p), identities) + row_identities_broken(amounts(f), identities)
        residual = (
            identity_residual(amounts(p), identities) + identity_residual(amounts(f), identities)
        ) * scale
        count, excess = crossed(f)
        headless = blank_total(amounts(p), TOTAL) + blank_total(amounts(f), TOTAL)
        # fewest identities broken, 09's and the 06 bounds alike; then groups printing figures
        # without their 合计; then the nearest to holding them
        scored.append((own + count, headless, residual + excess, i))
    scored.sort()
    best, _headless, _residual, first = scored[0]
    keep = [options[i] for s, _h, _r, i in scored[1:] if best == 0 and s == 0]
    chosen = options[first]
    moves: list[Move] = []
    if first != 0:
        moves.append(
            Move(
                "09",
                "、".join([*plan.cells, *final.cells]),
                "、".join([*chosen[0], *chosen[1]]),
                len(chosen[0]) + len(chosen[1]),
                "公开06表各“三公”经费、会议费、培训费科目不大于公开09表对应决算数",
            )
        )
    plan.cells, final.cells = dict(chosen[0]), dict(chosen[1])
    plan.alternatives = [p for p, _f in keep]
    final.alternatives = [f for _p, f in keep]
    return moves
