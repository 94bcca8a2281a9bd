"""Placing the figures of token rows (text whose blank cells were dropped) by the table's identities,
and the side-by-side 09表 line's joint placements.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from ingest.layout import RawCell
from ingest.model import Amount, Cell
from ingest.numbers import parse_amount
from ingest.schema import (
    BASIC,
    PROJECT,
    TOTAL,
)
from ingest.tables.common import _cell

# Row identities used only to place the numbers of token rows (the rules check them for real).
PLACEMENT_IDENTITIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "02": (
        (
            "本年收入合计",
            ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
        ),
    ),
    "03": (("本年支出合计", (BASIC, PROJECT, "上缴上级支出", "经营支出", "对附属单位补助支出")),),
    "04": ((TOTAL, ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),),
    "05": ((TOTAL, (BASIC, PROJECT)),),
    "07": ((TOTAL, (BASIC, PROJECT)),),
    "08": ((TOTAL, (BASIC, PROJECT)),),
    "B09": ((TOTAL, (BASIC, PROJECT)),),
    "09": (
        (TOTAL, ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")),
        ("公务用车购置及运行维护费", ("公务用车购置费", "公务用车运行维护费")),
    ),
}
# At most this many placements are tried per ambiguous row (C(7, 3) = 35 in the widest table).
MAX_PLACEMENTS = 64
# Joint placements of the ambiguous children of one parent tried at most (their product).
MAX_JOINT_PLACEMENTS = 4096


def _broken(total: Amount | None, parts: Iterable[Amount | None]) -> bool:
    present = [p for p in parts if p is not None]
    if total is None:
        return bool(present) and any(p.value != 0 for p in present)
    if not present:
        return total.value != 0
    tol = total.half_ulp + sum((p.half_ulp for p in present), Decimal(0))
    return abs(total.value - sum((p.value for p in present), Decimal(0))) > tol


def _hierarchy(keys: list[str]) -> list[tuple[int, list[int]]]:
    """(parent row, its child rows) for every 类 and 款 row with children below it in `keys`."""
    codes = [k.split(" ")[0] if k.split(" ")[0].isdigit() else None for k in keys]
    out: list[tuple[int, list[int]]] = []
    for i, parent in enumerate(codes):
        if parent and len(parent) in (3, 5):
            children = [
                j for j, c in enumerate(codes) if c and len(c) == len(parent) + 2 and c.startswith(parent)
            ]
            if children:
                out.append((i, children))
    return out


def _score(
    rows: list[dict[str, Amount | None]],
    keys: list[str],
    total_index: int | None,
    columns: Sequence[str],
    identities: Sequence[tuple[str, tuple[str, ...]]],
    hierarchy: Sequence[tuple[int, list[int]]] = (),
) -> int:
    broken = 0
    for values in rows:
        for total_col, part_cols in identities:
            if total_col in columns and any(values.get(c) is not None for c in (total_col, *part_cols)):
                broken += _broken(values.get(total_col), (values.get(c) for c in part_cols if c in columns))
    if total_index is not None:
        levels = [len(k.split(" ")[0]) if k.split(" ")[0].isdigit() else None for k in keys]
        code_levels = [lv for lv in levels if lv]
        if code_levels:
            top = min(code_levels)
            for col in columns:
                parts = [rows[i].get(col) for i, lv in enumerate(levels) if lv == top]
                broken += _broken(rows[total_index].get(col), parts)
    # the code hierarchy ties the rows together too: a 类 is the sum of its 款, a 款 of its 项
    for parent, children in hierarchy:
        for col in columns:
            broken += _broken(rows[parent].get(col), (rows[j].get(col) for j in children))
    return broken


def row_identities_broken(
    values: dict[str, Amount | None], identities: Sequence[tuple[str, tuple[str, ...]]]
) -> int:
    """How many of `identities` (total column, part columns) one row's figures break."""
    columns = list(dict.fromkeys([*values, *(c for t, parts in identities for c in (t, *parts))]))
    return _score([values], [], None, columns, identities)


def _row_consistent(
    candidates: list[tuple[int, ...]],
    vals: list[RawCell],
    columns: Sequence[str],
    identities: Sequence[tuple[str, tuple[str, ...]]],
) -> list[tuple[int, ...]]:
    """The placements of one row that keep its own identities (all of them when none does)."""
    kept = []
    for cand in candidates:
        row = {columns[p]: parse_amount(v.text) for p, v in zip(cand, vals, strict=False)}
        if _score([row], [], None, columns, identities) == 0:
            kept.append(cand)
    return kept or candidates


def place_token_values(
    table_id: str,
    keys: list[str],
    values: list[list[RawCell]],
    columns: Sequence[str],
    alternatives: list[list[tuple[int, ...]]] | None = None,
) -> list[tuple[list[int], bool]]:
    """Choose each token row's columns: (column indexes, uncertain) per row.

    Rows printing as many numbers as there are columns are read in order. Shorter rows are
    placed to keep the table's identities; ties go to the leftmost placement. When the chosen
    placement keeps every identity and `alternatives` is given, it receives per row the other
    placements (the row alone, or with its subtree) that keep them all as well.
    """
    m = len(columns)
    identities = PLACEMENT_IDENTITIES.get(table_id, ())
    choices: list[list[tuple[int, ...]]] = []
    for vals in values:
        n = len(vals)
        if n >= m or n == 0:
            choices.append([tuple(range(min(n, m)))])
        else:
            choices.append(list(itertools.islice(itertools.combinations(range(m), n), MAX_PLACEMENTS)))
    current = [c[0] for c in choices]
    total_index = next((i for i, k in enumerate(keys) if k in ("合计", "总计")), None)

    parsed = [[parse_amount(v.text) for v in vals] for vals in values]

    def amounts(assign: list[tuple[int, ...]]) -> list[dict[str, Amount | None]]:
        return [
            {columns[p]: a for p, a in zip(pos, row, strict=False)}
            for row, pos in zip(parsed, assign, strict=True)
        ]

    ambiguous = [i for i, c in enumerate(choices) if len(c) > 1]
    hierarchy = _hierarchy(keys)

    def score_all(assign: list[tuple[int, ...]]) -> int:
        return _score(amounts(assign), keys, total_index, columns, identities, hierarchy)

    if ambiguous and (identities or total_index is not None or hierarchy):
        score = score_all

        codes = [k.split(" ")[0] if k.split(" ")[0].isdigit() else "" for k in keys]
        subtree = {
            i: [
                j
                for j in ambiguous
                if j != i and codes[i] and codes[j].startswith(codes[i]) and len(values[j]) == len(values[i])
            ]
            for i in ambiguous
        }
        best = score(current)
        for _ in range(3):  # coordinate descent; converges in one or two sweeps in practice
            improved = False
            for i in ambiguous:
                for cand in choices[i]:
                    if cand == current[i]:
                        continue
                    # the row alone, and the row with every descendant printing as many numbers
                    # (a 款 of project money has 项 of project money: they move together)
                    if best == 0:
                        break
                    for movers in ([i], [i, *subtree[i]]) if subtree[i] else ([i],):
                        trial = list(current)
                        for j in movers:
                            if cand in choices[j]:
                                trial[j] = cand
                        s = score(trial)
                        if s < best:
                            best, current, improved = s, trial, True
            if not improved or best == 0:
                break
        # Children of one parent often move together (two 项 of project money read as basic
        # money): try their placements jointly, among those that keep each row's own identities.
        for parent, children in hierarchy:
            group = [j for j in children if len(choices[j]) > 1]
            if not group or best == 0:
                continue
            options = [_row_consistent(choices[j], values[j], columns, identities) for j in group]
            options = _within_parent(options, group, parent, current, parsed)
            combos = 1
            for o in options:
                combos *= len(o)
            if combos > MAX_JOINT_PLACEMENTS or combos < 2:
                continue
            for combo in itertools.product(*options):
                trial = list(current)
                for j, cand in zip(group, combo, strict=True):
                    for k in (j, *subtree[j]):
                        if cand in choices[k]:
                            trial[k] = cand
                s = score(trial)
                if s < best:
                    best, current = s, trial
    if alternatives is not None:
        alternatives[:] = _other_placements(
            choices, current, ambiguous, values, columns, identities, score_all
        )
    return [(list(pos), len(choices[i]) > 1) for i, pos in enumerate(current)]


def _within_parent(
    options: list[list[tuple[int, ...]]],
    group: list[int],
    parent: int,
    current: list[tuple[int, ...]],
    parsed: list[list[Amount | None]],
) -> list[list[tuple[int, ...]]]:
    """Each child's placements that put figures only where its parent (as placed now) prints a
    figure: with no negative amount among them, a child cannot hold money in a column its parent
    leaves blank. A child left without any placement keeps all of its own."""
    figures = [a for i in (parent, *group) for a in parsed[i] if a is not None]
    if any(a.value < 0 for a in figures):
        return options
    filled = {
        p for p, a in zip(current[parent], parsed[parent], strict=False) if a is not None and a.value != 0
    }
    out = []
    for opts, j in zip(options, group, strict=True):
        kept = [
            cand
            for cand in opts
            if all(
                p in filled for p, a in zip(cand, parsed[j], strict=False) if a is not None and a.value != 0
            )
        ]
        out.append(kept or opts)
    return out


def _alternative_cells(
    table_id: str,
    row_key: str,
    numbers: Sequence[RawCell],
    columns: Sequence[str],
    placements: Sequence[tuple[int, ...]],
    unit: str,
) -> list[dict[str, Cell]]:
    """The cells of a row's figures under each of its other consistent placements (none when
    every figure is zero: moving a zero changes no sum)."""
    if all((a := parse_amount(raw.text)) is None or a.value == 0 for raw in numbers):
        return []
    return [
        {
            columns[p]: _cell(table_id, row_key, columns[p], raw, unit, True)
            for p, raw in zip(pos, numbers, strict=False)
        }
        for pos in placements
    ]


def _other_placements(
    choices: list[list[tuple[int, ...]]],
    current: list[tuple[int, ...]],
    ambiguous: list[int],
    values: list[list[RawCell]],
    columns: Sequence[str],
    identities: Sequence[tuple[str, tuple[str, ...]]],
    score: Callable[[list[tuple[int, ...]]], int],
) -> list[list[tuple[int, ...]]]:
    """Per row, the placements other than the chosen one that keep every identity of the table
    (empty lists when the chosen one itself breaks some: then the figures decide nothing)."""
    out: list[list[tuple[int, ...]]] = [[] for _ in current]
    if not ambiguous or score(current) != 0:
        return out
    for i in ambiguous:
        # the row alone, or with every row read in the same columns (a whole column of figures
        # guessed together: 合计, its 类, 款 and 项 of one source of money)
        alike = [j for j in ambiguous if current[j] == current[i]]
        for cand in _row_consistent(choices[i], values[i], columns, identities):
            if cand == current[i]:
                continue
            for movers in ([i], alike) if len(alike) > 1 else ([i],):
                trial = list(current)
                for j in movers:
                    if cand in choices[j]:
                        trial[j] = cand
                if score(trial) == 0:
                    out[i].append(cand)
                    break
    return out


# At most this many joint placements of a side-by-side 09表 line are kept for ingest/reconcile.py.
MAX_SIDE_BY_SIDE = 64


def side_by_side_placements(
    values: Sequence[Amount | None], columns: Sequence[str]
) -> list[tuple[int, tuple[int, ...], tuple[int, ...], int]]:
    """Placements of a 09表 text line that prints 预算数 and 决算数 side by side with its blank
    cells dropped: (figures of 预算数, their columns, columns of the 决算数 figures, identities
    broken), best first. Each group keeps 09's own identities (合计 = 因公出国 + 公务用车 + 公务接待;
    公务用车 = 购置 + 运行维护) as far as the figures allow; among equally good ones the split nearest
    the middle, then the leftmost columns, come first. Only placements breaking at most one identity
    more than the best are returned (ingest/reconcile.py chooses among them with 公开06表)."""
    n, total = len(columns), len(values)
    identities = PLACEMENT_IDENTITIES["09"]

    def scored(part: Sequence[Amount | None]) -> list[tuple[int, int, Decimal, tuple[int, ...]]]:
        out = []
        for pos in itertools.combinations(range(n), len(part)):
            row = {columns[p]: a for p, a in zip(pos, part, strict=True)}
            broken = _score([row], [], None, columns, identities)
            out.append((broken, blank_total(row, columns[0]), identity_residual(row, identities), pos))
        return out

    found: list[tuple[int, int, Decimal, float, int, tuple[int, ...], tuple[int, ...]]] = []
    for k in range(max(0, total - n), min(total, n) + 1):
        first, second = scored(values[:k]), scored(values[k:])
        if not first or not second:
            continue
        low_a, low_b = min(f[0] for f in first), min(f[0] for f in second)
        for sa, ba, ra, pa in first:
            if sa > low_a + 1:
                continue
            for sb, bb, rb, pb in second:
                if sb <= low_b + 1:
                    found.append((sa + sb, ba + bb, ra + rb, abs(k - total / 2), k, pa, pb))
    if not found:
        return []
    best = min(f[0] for f in found)
    # fewest identities broken; then groups printing figures without their 合计 (rare in print);
    # then, when broken anyway, the reading nearest to holding them
    found = sorted((f for f in found if f[0] <= best + 1), key=lambda f: f[:4])
    return [(k, pa, pb, s) for s, _b, _r, _d, k, pa, pb in found[:MAX_SIDE_BY_SIDE]]


def blank_total(values: dict[str, Amount | None], total_column: str) -> int:
    """1 when a row prints figures but leaves its total column blank or zero, else 0."""
    if not any(a is not None and a.value != 0 for a in values.values()):
        return 0
    t = values.get(total_column)
    return int(t is None or t.value == 0)


def identity_residual(
    values: dict[str, Amount | None], identities: Sequence[tuple[str, tuple[str, ...]]]
) -> Decimal:
    """Σ |total − Σ parts| over the identities of one row (blank = 0), in the printed unit."""
    out = Decimal(0)
    for total_col, part_cols in identities:
        t = values.get(total_col)
        parts = sum(
            ((a.value if (a := values.get(c)) is not None else Decimal(0)) for c in part_cols), Decimal(0)
        )
        out += abs((t.value if t is not None else Decimal(0)) - parts)
    return out
