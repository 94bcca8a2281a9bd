"""Geometry of a page image: skew, ruling lines and the cell grids they draw.

Scanned disclosures are printed tables photographed slightly askew. The skew is estimated from
the dark pixels themselves (rules and text lines both run horizontally), the image is turned
straight, and the ruling lines are found as long straight runs of dark pixels. Lines that meet
form a table; the table's cells are the elementary rectangles between its line positions, joined
wherever the separating line is absent (a merged cell), which is how pdfplumber reports ruled
tables too: a merged cell sits in its top-left position, the positions it covers are `None`.

Everything here works in pixels of the (straightened) image; ingest/ocr.py maps back to points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

# Grey level (0 black … 255 white) below which a pixel counts as ink.
DARK_LEVEL = 170
# Largest skew looked for, in degrees, and the final resolution of the estimate.
MAX_SKEW_DEGREES = 2.0
SKEW_STEP_DEGREES = 0.02
# Skews smaller than this are left alone (turning the image costs a little sharpness).
MIN_DESKEW_DEGREES = 0.03
# At most this many ink pixels are sampled to estimate the skew.
SKEW_SAMPLE = 250_000
# Shortest ruling line, in inches: shorter than one table row, longer than most character strokes.
MIN_RULE_INCHES = 0.15
# Gaps in a ruling line up to this many pixels are bridged (noise, JPEG blocks).
RULE_GAP_PX = 3
# Collinear pieces of a rule this close (inches) are one rule.
JOIN_GAP_INCHES = 0.05
# Line positions closer than this (in inches) are the same grid line.
SNAP_INCHES = 0.035
# A grid edge counts as drawn when rules cover at least this share of it.
EDGE_COVERAGE = 0.5
# A table needs at least this many cells, and this width and height (inches): bold strokes of a
# title can meet like rules, but never that large.
MIN_TABLE_CELLS = 2
MIN_TABLE_INCHES = (0.75, 0.2)


@dataclass(frozen=True)
class Rule:
    """A straight ruling line: its position across (y for horizontal, x for vertical) and its span."""

    pos: float
    start: int
    end: int
    horizontal: bool

    @property
    def length(self) -> int:
        """Length in pixels."""
        return self.end - self.start


@dataclass(frozen=True)
class CellBox:
    """A (possibly merged) table cell: its top-left grid position, its span and its pixel box."""

    row: int
    col: int
    row_span: int
    col_span: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels


@dataclass
class TableGrid:
    """A ruled table found on an image: grid line positions and the cells, row by row."""

    xs: list[float]
    ys: list[float]
    rows: list[list[CellBox | None]] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # the ruling lines that draw it

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """The table's outer box in pixels."""
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


# ---------------------------------------------------------------------------------------------
# Skew
# ---------------------------------------------------------------------------------------------


def ink(gray: np.ndarray) -> np.ndarray:
    """Boolean mask of ink pixels of a greyscale image."""
    return gray < DARK_LEVEL


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    # y of each ink pixel once the image is turned by `angle` (counter-clockwise, y down)
    rad = math.radians(angle)
    proj = np.rint(ys * math.cos(rad) - xs * math.sin(rad)).astype(np.int64)
    hist = np.bincount(proj - proj.min())
    return float(np.dot(hist, hist))


def estimate_skew(gray: np.ndarray) -> float:
    """Angle in degrees by which `Image.rotate` turns the page straight (0.0 for a blank page).

    Horizontal rules and text lines make the row profile of ink sharpest at the right angle:
    the sum of squared row counts is maximised over a coarse, then a fine range of angles.
    """
    ys, xs = np.nonzero(ink(gray))
    if len(xs) < 100:
        return 0.0
    if len(xs) > SKEW_SAMPLE:
        pick = np.random.default_rng(0).choice(len(xs), SKEW_SAMPLE, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float64)
    ys = ys.astype(np.float64)
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.1)
    best = max(coarse, key=lambda a: _profile_score(xs, ys, float(a)))
    fine = np.arange(best - 0.1, best + 0.1 + 1e-9, SKEW_STEP_DEGREES)
    angle = float(max(fine, key=lambda a: _profile_score(xs, ys, float(a))))
    return round(angle, 3)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The image turned counter-clockwise by `angle` degrees about its centre, white filled in."""
    if abs(angle) < MIN_DESKEW_DEGREES:
        return gray
    img = Image.fromarray(gray)
    return np.asarray(img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255))


def unrotate_points(points: np.ndarray, angle: float, width: int, height: int) -> np.ndarray:
    """Map (x, y) pixel points of the image turned by `rotate(…, angle)` back to the original image."""
    if abs(angle) < MIN_DESKEW_DEGREES:
        return points
    rad = math.radians(angle)
    cx, cy = width / 2, height / 2
    dx = points[:, 0] - cx
    dy = points[:, 1] - cy
    # inverse of the counter-clockwise turn (y axis pointing down)
    x = dx * math.cos(rad) - dy * math.sin(rad) + cx
    y = dx * math.sin(rad) + dy * math.cos(rad) + cy
    return np.stack([x, y], axis=1)


# ---------------------------------------------------------------------------------------------
# Ruling lines
# ---------------------------------------------------------------------------------------------


def _runs_at_least(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels of `mask` that lie on a horizontal run of at least `length` pixels (row-wise opening)."""
    h, w = mask.shape
    if length > w:
        return np.zeros_like(mask)
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=cs[:, 1:])
    full = (cs[:, length:] - cs[:, :-length]) == length  # window starting at i is all ink
    # a pixel is kept if some full window covers it
    starts = np.zeros((h, w + 1), dtype=np.int32)
    starts[:, : w - length + 1] += full
    starts[:, length : w + 1] -= full
    return np.cumsum(starts[:, :w], axis=1) > 0


def _bridge(cover: np.ndarray, gap: int) -> np.ndarray:
    """1-D coverage with gaps of at most `gap` pixels closed."""
    idx = np.flatnonzero(cover)
    out = cover.copy()
    if len(idx) < 2:
        return out
    d = np.diff(idx)
    for i in np.flatnonzero((d > 1) & (d <= gap + 1)):
        out[idx[i] : idx[i + 1]] = True
    return out


def _segments(cover: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    padded = np.concatenate([[False], cover, [False]]).astype(np.int8)
    d = np.diff(padded)
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return [(int(s), int(e)) for s, e in zip(starts, ends, strict=True) if e - s >= min_len]


def _rules_along_rows(mask: np.ndarray, min_len: int, horizontal: bool) -> tuple[list[Rule], np.ndarray]:
    # thicken by one pixel across so that a line drifting by a pixel still gives long runs
    thick = mask.copy()
    thick[1:] |= mask[:-1]
    thick[:-1] |= mask[1:]
    runs = _runs_at_least(thick, min_len) & mask
    rows = np.flatnonzero(runs.any(axis=1))
    rules: list[Rule] = []
    if len(rows) == 0:
        return rules, runs
    # bands of consecutive rows hold one line (or several lines side by side)
    breaks = np.flatnonzero(np.diff(rows) > 1)
    bands = np.split(rows, breaks + 1)
    for band in bands:
        sub = runs[band[0] : band[-1] + 1]
        cover = _bridge(sub.any(axis=0), RULE_GAP_PX)
        weights = sub.sum(axis=1).astype(np.float64)
        for s, e in _segments(cover, min_len):
            w = sub[:, s:e].sum(axis=1).astype(np.float64)
            total = w.sum() or weights.sum()
            pos = float((band * w).sum() / total) if total else float(band.mean())
            rules.append(Rule(pos=pos, start=s, end=e, horizontal=horizontal))
    return rules, runs


def find_rules(gray: np.ndarray, dpi: float) -> tuple[list[Rule], list[Rule], np.ndarray]:
    """Horizontal and vertical ruling lines of a straightened page, and the mask of their pixels."""
    mask = ink(gray)
    min_len = max(8, int(round(MIN_RULE_INCHES * dpi)))
    horizontal, hmask = _rules_along_rows(mask, min_len, True)
    vertical, vmask = _rules_along_rows(mask.T, min_len, False)
    return horizontal, vertical, hmask | vmask.T


def _touches(h: Rule, v: Rule, tol: float) -> bool:
    return (h.start - tol <= v.pos <= h.end + tol) and (v.start - tol <= h.pos <= v.end + tol)


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _covered(rules: list[Rule], pos: float, a: float, b: float, tol: float) -> float:
    """Share of the span a..b at position `pos` that the rules draw."""
    if b <= a:
        return 1.0
    spans = sorted((max(a, r.start), min(b, r.end)) for r in rules if abs(r.pos - pos) <= tol)
    total, cur = 0.0, a
    for s, e in spans:
        s = max(s, cur)
        if e > s:
            total += e - s
            cur = e
    return total / (b - a)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _drawn_lines(
    hs: list[Rule], vs: list[Rule], xs: list[float], ys: list[float], snap: float
) -> tuple[list[float], list[float]]:
    """Grid positions without those that separate no two cells anywhere (a stroke touching a rule)."""
    for _ in range(3):  # dropping a column can make a row line pointless, and back
        keep_x = (
            [xs[0]]
            + [
                x
                for x in xs[1:-1]
                if any(
                    _covered(vs, x, ys[i] + snap, ys[i + 1] - snap, snap) >= EDGE_COVERAGE
                    for i in range(len(ys) - 1)
                )
            ]
            + [xs[-1]]
        )
        keep_y = (
            [ys[0]]
            + [
                y
                for y in ys[1:-1]
                if any(
                    _covered(hs, y, keep_x[j] + snap, keep_x[j + 1] - snap, snap) >= EDGE_COVERAGE
                    for j in range(len(keep_x) - 1)
                )
            ]
            + [ys[-1]]
        )
        if keep_x == xs and keep_y == ys:
            break
        xs, ys = keep_x, keep_y
    return xs, ys


def _grid(hs: list[Rule], vs: list[Rule], snap: float, dpi: float) -> TableGrid | None:
    ys = _cluster([r.pos for r in hs], snap)
    xs = _cluster([r.pos for r in vs], snap)
    # rules that run past the outermost crossing lines mark an open outer border
    left, right = min(r.start for r in hs), max(r.end for r in hs)
    top, bottom = min(r.start for r in vs), max(r.end for r in vs)
    if xs and left < xs[0] - 4 * snap:
        xs.insert(0, float(left))
    if xs and right > xs[-1] + 4 * snap:
        xs.append(float(right))
    if ys and top < ys[0] - 4 * snap:
        ys.insert(0, float(top))
    if ys and bottom > ys[-1] + 4 * snap:
        ys.append(float(bottom))
    xs, ys = _drawn_lines(hs, vs, xs, ys, snap)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1 or n_rows * n_cols < MIN_TABLE_CELLS:
        return None
    if xs[-1] - xs[0] < MIN_TABLE_INCHES[0] * dpi or ys[-1] - ys[0] < MIN_TABLE_INCHES[1] * dpi:
        return None
    uf = _Union(n_rows * n_cols)
    for i in range(n_rows):
        for j in range(n_cols):
            a, b = ys[i] + snap, ys[i + 1] - snap
            if j + 1 < n_cols and _covered(vs, xs[j + 1], a, b, snap) < EDGE_COVERAGE:
                uf.join(i * n_cols + j, i * n_cols + j + 1)
            a, b = xs[j] + snap, xs[j + 1] - snap
            if i + 1 < n_rows and _covered(hs, ys[i + 1], a, b, snap) < EDGE_COVERAGE:
                uf.join(i * n_cols + j, (i + 1) * n_cols + j)
    regions: dict[int, list[tuple[int, int]]] = {}
    for i in range(n_rows):
        for j in range(n_cols):
            regions.setdefault(uf.find(i * n_cols + j), []).append((i, j))
    rows: list[list[CellBox | None]] = [[None] * n_cols for _ in range(n_rows)]
    for members in regions.values():
        r0 = min(i for i, _ in members)
        r1 = max(i for i, _ in members)
        c0 = min(j for _, j in members)
        c1 = max(j for _, j in members)
        rows[r0][c0] = CellBox(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
    # a region that is not a rectangle would leave a hole; its bounding box covers it
    return TableGrid(xs=xs, ys=ys, rows=rows, rules=[*hs, *vs])


def _join_collinear(rules: list[Rule], gap: float) -> list[Rule]:
    """Collinear pieces of one rule (broken by noise or a faint pixel run) joined again."""
    groups: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: r.pos):
        if groups and r.pos - groups[-1][-1].pos <= 2:
            groups[-1].append(r)
        else:
            groups.append([r])
    out: list[Rule] = []
    for group in groups:
        group.sort(key=lambda r: r.start)
        cur = group[0]
        for r in group[1:]:
            if r.start - cur.end <= gap:
                pos = (cur.pos * cur.length + r.pos * r.length) / max(cur.length + r.length, 1)
                cur = Rule(pos=pos, start=cur.start, end=max(cur.end, r.end), horizontal=r.horizontal)
            else:
                out.append(cur)
                cur = r
        out.append(cur)
    return out


def _ends_on(v: Rule, horizontal: list[Rule], tol: float) -> bool:
    def on(y: float) -> bool:
        return any(abs(h.pos - y) <= tol and h.start - tol <= v.pos <= h.end + tol for h in horizontal)

    return on(v.start) and on(v.end)


def table_rules(horizontal: list[Rule], vertical: list[Rule], dpi: float) -> tuple[list[Rule], list[Rule]]:
    """The rules that can draw a table: a vertical rule runs from one horizontal rule to another,
    a horizontal rule meets at least two vertical ones. Strokes of (bold) characters near a rule
    fail one test or the other, and would otherwise cut cells in pieces."""
    tol = max(2.0, SNAP_INCHES * dpi)
    hs = _join_collinear(horizontal, JOIN_GAP_INCHES * dpi)
    vs = _join_collinear(vertical, JOIN_GAP_INCHES * dpi)
    while True:
        keep_h = [h for h in hs if sum(1 for v in vs if _touches(h, v, tol)) >= 2]
        keep_v = [v for v in vs if _ends_on(v, keep_h, tol)]
        if len(keep_h) == len(hs) and len(keep_v) == len(vs):
            return hs, vs
        hs, vs = keep_h, keep_v


def find_tables(horizontal: list[Rule], vertical: list[Rule], dpi: float) -> list[TableGrid]:
    """Group ruling lines that meet into tables and read each table's cell grid."""
    snap = max(2.0, SNAP_INCHES * dpi)
    horizontal, vertical = table_rules(horizontal, vertical, dpi)
    n_h = len(horizontal)
    rules = horizontal + vertical
    uf = _Union(len(rules))
    for i, h in enumerate(horizontal):
        for k, v in enumerate(vertical):
            if _touches(h, v, snap):
                uf.join(i, n_h + k)
    groups: dict[int, list[int]] = {}
    for i in range(len(rules)):
        groups.setdefault(uf.find(i), []).append(i)
    tables: list[TableGrid] = []
    for members in groups.values():
        hs = [rules[i] for i in members if i < n_h]
        vs = [rules[i] for i in members if i >= n_h]
        if len(hs) < 2 or len(vs) < 2:
            continue
        grid = _grid(hs, vs, snap, dpi)
        if grid is not None:
            tables.append(grid)
    tables.sort(key=lambda t: t.ys[0])
    return tables
