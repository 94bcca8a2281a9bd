"""09表: 预算数 / 决算数 as two rows or as column groups side by side."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ingest.layout import RawCell
from ingest.model import Cell, Location, Row, Table
from ingest.numbers import looks_like_amount, parse_amount
from ingest.schema import (
    FINAL_ACCOUNT_TABLES,
    canonical_column,
)
from ingest.tables.common import (
    _GROUP_WORDS,
    RawRow,
    Segment,
    _cell,
    _header_columns,
    _is_dash,
    _is_figure_token,
    _split_header,
    _text,
)
from ingest.tables.placement import _alternative_cells, place_token_values, side_by_side_placements


def _is_three_public_data(r: RawRow) -> bool:
    t = [_text(c) for c in r.cells]
    if any(looks_like_amount(x) for x in t):
        return True
    return bool(t) and t[0] in ("预算数", "决算数") and not any(x in ("预算数", "决算数") for x in t[1:])


def _repeated_groups(cols: list[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None]]:
    """Column groups of a 09表 header printed without any 预算数 / 决算数 label: the column names
    printed twice side by side (合计 | 因公出国（境）费 | … | 合计 | 因公出国（境）费 | …) are 预算数
    then 决算数, as the template orders them. Anything else is left as it is."""
    if any(g for _n, g in cols):
        return cols
    block, seen, blocks = 0, set(), []
    for name, _g in cols:
        if name is not None and name in seen:
            block, seen = block + 1, set()
        if name is not None:
            seen.add(name)
        blocks.append(block)
    if block != 1:
        return cols
    return [(n, _GROUP_WORDS[b] if n else None) for (n, _g), b in zip(cols, blocks, strict=True)]


_GROUP_ROWS = ("预算数", "决算数")


def _side_by_side_rows(
    toks: list[RawCell],
    nums: list[RawCell],
    names: list[str],
    unit: str,
    loc: Location,
    row_for: Callable[[str, Location], Row],
) -> None:
    """The 预算数 and 决算数 rows of one 09表 text line printing both groups side by side.

    With every cell printed (a dash holding a zero's place) the figures are read in order. With
    blank cells dropped the split between the groups and the columns inside each are placed by
    09's identities (`side_by_side_placements`); the other placements kept stand, aligned, in both
    rows' `alternatives` (alternative i of 预算数 goes with alternative i of 决算数) for
    ingest/reconcile.py to settle with 公开06表."""
    n = len(names)
    held = [t for t in toks if _is_figure_token(t.text) or _is_dash(t.text)]
    if len(held) == 2 * n:
        for g, key in enumerate(_GROUP_ROWS):
            row = row_for(key, loc)
            for j, raw in enumerate(held[g * n : (g + 1) * n]):
                if _is_figure_token(raw.text):
                    row.cells[names[j]] = _cell("09", key, names[j], raw, unit)
        return
    options = side_by_side_placements([parse_amount(t.text) for t in nums], names)
    if not options:
        options = [
            (len(nums) // 2, tuple(range(len(nums) // 2)), tuple(range(len(nums) - len(nums) // 2)), 1)
        ]

    def cells(key: str, part: Sequence[RawCell], pos: Sequence[int]) -> dict[str, Cell]:
        return {
            names[p]: _cell("09", key, names[p], raw, unit, True) for p, raw in zip(pos, part, strict=True)
        }

    placed = [(cells("预算数", nums[:k], pa), cells("决算数", nums[k:], pb)) for k, pa, pb, _s in options]
    for g, key in enumerate(_GROUP_ROWS):
        row = row_for(key, loc)
        row.cells.update(placed[0][g])
        row.alternatives = [p[g] for p in placed[1:]]


def parse_three_public(seg: Segment, problems: list[str]) -> Table:
    """09表: rows 预算数 / 决算数 (or column groups 预算数 | 决算数) × 合计, 因公出国, 公务用车…"""
    spec = FINAL_ACCOUNT_TABLES["09"]
    table = Table(id="09", title=seg.title or spec.title, unit=seg.unit, pages=sorted(seg.pages), loc=seg.loc)
    rows: dict[str, Row] = {}

    def row_for(key: str, loc: Location) -> Row:
        if key not in rows:
            rows[key] = Row(key=key, label=key, role="detail", loc=loc)
        return rows[key]

    if any(r.aligned for r in seg.rows):
        width = max((len(r.cells) for r in seg.rows), default=0)

        header, body = _split_header(seg.rows, _is_three_public_data)
        cols = _repeated_groups(_header_columns([r.cells for r in header], width))
        for r in body:
            cells = r.cells + [None] * (width - len(r.cells))
            first = _text(cells[0])
            for j, (name, group) in enumerate(cols):
                if name is None or cells[j] is None:
                    continue
                if first in ("预算数", "决算数") and j == 0:
                    continue
                key = first if first in ("预算数", "决算数") else group
                if key is None:
                    continue
                row = row_for(key, r.loc)
                if name not in row.cells:
                    row.cells[name] = _cell("09", key, name, cells[j], seg.unit)
        table.columns = list(dict.fromkeys(n for n, _ in cols if n))
    else:
        header, body = _split_header(seg.rows, _is_three_public_data)
        found = [canonical_column(_text(c)) for r in header for c in r.cells]
        names = [c for c in spec.columns if c in found] or list(spec.columns[:6])
        table.columns = names
        keys, vals, locs = [], [], []
        header_text = "".join(_text(c) for r in header for c in r.cells)
        printed = [n for n in found if n is not None]
        grouped = (
            ("预算数" in header_text and "决算数" in header_text)
            or len(printed) > len(set(printed))  # the column names printed twice: 预算数 then 决算数
        ) and not any(_text(r.cells[0]) in ("预算数", "决算数") for r in body if r.cells)
        for r in body:
            toks = [c for c in r.cells if c is not None]
            if not toks:
                continue
            nums = [t for t in toks if _is_figure_token(t.text)]
            if grouped and nums:
                # 预算数 | 决算数 printed as two column groups on one line
                _side_by_side_rows(toks, nums, names, seg.unit, r.loc, row_for)
                continue
            keys.append(_text(toks[0]))
            vals.append([t for t in toks[1:] if _is_figure_token(t.text)])
            locs.append(r.loc)
        others: list[list[tuple[int, ...]]] = []
        placed = place_token_values("09", keys, vals, names, others)
        for key, nums, loc, (pos, uncertain), alts in zip(keys, vals, locs, placed, others, strict=True):
            row = row_for(key, loc)
            for p, raw in zip(pos, nums, strict=False):
                row.cells[names[p]] = _cell("09", key, names[p], raw, seg.unit, uncertain)
            row.alternatives = _alternative_cells("09", key, nums, names, alts, seg.unit)
    table.rows = list(rows.values())
    return table
