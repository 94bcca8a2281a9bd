"""The packaged declaration of which table cells a 情况说明 amount (or nil) claim restates
(`claim_cells.toml`), read once at import and validated against the final-account table schema
(ingest/schema.py): an unknown table, column, lane, fixed row, scope or a malformed entry raises
`ClaimCellsError` naming the file and line. `TABLE_CLAIMS.select(claim)` gives the group a claim
falls in; `ClaimGroup.cells(subject, scope)` the declared cells of its subject. Looking the cells
up in a disclosure's tables is `ingest.narrative.table_facts.table_refs`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ingest.narrative.sections import SECTION_KINDS
from ingest.schema import FINAL_ACCOUNT_TABLES

CLAIM_CELLS_FILE = Path(__file__).with_name("claim_cells.toml")

SCOPES: frozenset[str] = frozenset(kind for kind, _ in SECTION_KINDS)
KINDS = ("amount", "nil")
METRICS = ("final", "budget", "nil")
WHOLE_ROW = "*"  # column: any column of the row (the table's 合计行 as a whole)
SUBJECT_COLUMN = "=subject"  # column: the column named like the claim's subject

# The rows a declaration may name by key (per lane for two-sided tables): the tables' total rows,
# whose keys every disclosure prints alike; other rows are found by words (``find``).
FIXED_ROWS: dict[str, dict[str | None, frozenset[str]]] = {
    "01": {
        "income": frozenset({"总计", "本年收入合计"}),
        "expense": frozenset({"总计", "本年支出合计"}),
    },
    "02": {None: frozenset({"合计"})},
    "03": {None: frozenset({"合计"})},
    "04": {
        "income": frozenset({"总计", "本年收入合计"}),
        "expense": frozenset({"总计", "本年支出合计"}),
    },
    "05": {None: frozenset({"合计"})},
    "06": {None: frozenset({"人员经费合计", "公用经费合计"})},
    "07": {None: frozenset({"合计"})},
    "08": {None: frozenset({"合计"})},
    "09": {None: frozenset({"决算数", "预算数"})},
    "10": {None: frozenset()},
}


class ClaimCellsError(ValueError):
    """The claim-cells file the auditor refuses, with the file and line of the offending entry."""


@dataclass(frozen=True)
class CellSpec:
    """One declared cell: table, a fixed row key or the words of a row (``find``), lane, column."""

    table: str
    column: str  # a canonical column, WHOLE_ROW or SUBJECT_COLUMN
    row: str | None = None
    find: tuple[str, ...] = ()
    lane: str | None = None


@dataclass(frozen=True)
class ClaimEntry:
    subjects: frozenset[str]
    cells: tuple[CellSpec, ...]
    scopes: frozenset[str] = frozenset()  # empty: every scope of the group
    line: int = 0


@dataclass(frozen=True)
class ClaimGroup:
    """Claims chosen by metric, kind and scope; the first group that takes a claim decides."""

    name: str
    entries: tuple[ClaimEntry, ...]
    metrics: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    scopes: frozenset[str] = frozenset()
    nil_in_any_scope: bool = False  # also a “无……” claim of any section whose subject is listed
    dynamic: bool = False  # unlisted subjects go to the Python lookups (class, code, econ item)
    line: int = 0

    def takes(self, kind: str, metric: str, scope: str, subject: str) -> bool:
        if self.metrics and metric not in self.metrics:
            return False
        if self.kinds and kind not in self.kinds:
            return False
        if not self.scopes or scope in self.scopes:
            return True
        return self.nil_in_any_scope and kind == "nil" and any(subject in e.subjects for e in self.entries)

    def cells(self, subject: str, scope: str) -> tuple[CellSpec, ...] | None:
        """The cells of the subject's entry, None when no entry lists it."""
        for e in self.entries:
            if subject in e.subjects and (not e.scopes or scope in e.scopes):
                return e.cells
        return None


@dataclass(frozen=True)
class ClaimCells:
    groups: tuple[ClaimGroup, ...]
    source: str

    def select(self, kind: str, metric: str, scope: str, subject: str) -> ClaimGroup | None:
        for g in self.groups:
            if g.takes(kind, metric, scope, subject):
                return g
        return None


def _header_lines(text: str, header: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == header]


def _line_in(text: str, start: int, end: int, needle: str) -> int:
    """The first line in [start, end) mentioning `needle`, else `start`."""
    lines = text.splitlines()
    for i in range(start, min(end, len(lines) + 1)):
        if needle in lines[i - 1]:
            return i
    return start


def _cell_lines(text: str, start: int, end: int) -> list[int]:
    """The lines in [start, end) that open a cell (``{ table = …``)."""
    lines = text.splitlines()
    return [
        i for i in range(start, min(end, len(lines) + 1)) if "table" in lines[i - 1] and "{" in lines[i - 1]
    ]


def _names(value: object, what: str, allowed: tuple[str, ...] | frozenset[str] | None) -> frozenset[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{what} 须为非空字符串列表", what)
    if allowed is not None:
        for v in value:
            if v not in allowed:
                raise ValueError(f"{what} 中的“{v}”未知（可用：{'、'.join(sorted(allowed))}）", v)
    return frozenset(value)


def _cell(raw: object, subjects: frozenset[str]) -> CellSpec:
    if not isinstance(raw, dict):
        raise ValueError("cells 的每一项须为 { table = …, row 或 find = …, column = … }", "cells")
    unknown = set(raw) - {"table", "row", "find", "lane", "column"}
    if unknown:
        key = sorted(unknown)[0]
        raise ValueError(f"单元格里有未知的键“{key}”", key)
    table = raw.get("table")
    spec = FINAL_ACCOUNT_TABLES.get(table) if isinstance(table, str) else None
    if spec is None:
        raise ValueError(f"未知的表“{table}”（决算公开表为 01–10）", str(table))
    lane = raw.get("lane")
    if lane is not None and lane not in spec.lanes:
        lanes = "、".join(spec.lanes) if spec.lanes else "无（单栏表）"
        raise ValueError(f"公开{table}表没有“{lane}”栏（lane 可为：{lanes}）", str(lane))
    if spec.lanes and lane is None:
        raise ValueError(f'公开{table}表是收支两栏表，须写 lane = "income" 或 "expense"', table)
    column = raw.get("column")
    if not isinstance(column, str) or not column:
        raise ValueError("单元格缺少 column", "column")
    allowed = spec.lane_columns[spec.lanes.index(lane)] if lane is not None else spec.columns
    named = sorted(subjects) if column == SUBJECT_COLUMN else [] if column == WHOLE_ROW else [column]
    for c in named:
        if c not in allowed:
            raise ValueError(f"公开{table}表{'（' + lane + '栏）' if lane else ''}没有“{c}”栏", c)
    row, find = raw.get("row"), raw.get("find")
    if (row is None) == (find is None):
        raise ValueError("单元格须恰有 row（固定行名）或 find（行名所含的字）之一", "column")
    if row is not None:
        fixed = FIXED_ROWS.get(table, {}).get(lane, frozenset())
        if row not in fixed:
            known = "、".join(sorted(fixed)) or "无（请用 find）"
            raise ValueError(f"公开{table}表没有可按名称引用的“{row}”行（可用：{known}）", str(row))
        return CellSpec(table, column, row=row, lane=lane)
    if not isinstance(find, list) or not find or not all(isinstance(w, str) and w for w in find):
        raise ValueError("find 须为非空字符串列表", "find")
    return CellSpec(table, column, find=tuple(find), lane=lane)


def parse(text: str, source: str) -> ClaimCells:
    """Validate and build the declaration; ClaimCellsError “source:line: what” when refused."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimCellsError(f"{source}: TOML 语法错误：{exc}") from exc
    n_lines = len(text.splitlines()) + 1
    group_lines = _header_lines(text, "[[group]]")
    entry_lines = _header_lines(text, "[[group.entry]]")
    unknown_top = set(data) - {"group"}
    if unknown_top:
        key = sorted(unknown_top)[0]
        raise ClaimCellsError(f"{source}:{_line_in(text, 1, n_lines, key)}: 未知的顶层键“{key}”")
    raw_groups = data.get("group")
    if not isinstance(raw_groups, list) or not raw_groups:
        raise ClaimCellsError(f"{source}:1: 没有 [[group]]")
    groups: list[ClaimGroup] = []
    n_entry = 0
    for gi, g in enumerate(raw_groups):
        g_line = group_lines[gi] if gi < len(group_lines) else 1
        g_end = group_lines[gi + 1] if gi + 1 < len(group_lines) else n_lines
        entries: list[ClaimEntry] = []
        raws = g.get("entry", [])
        try:
            unknown = set(g) - {"name", "metrics", "kinds", "scopes", "nil_in_any_scope", "dynamic", "entry"}
            if unknown:
                key = sorted(unknown)[0]
                raise ValueError(f"组里有未知的键“{key}”", key)
            name = g.get("name")
            if not isinstance(name, str) or not name:
                raise ValueError("组缺少 name", "[[group]]")
            metrics = _names(g["metrics"], "metrics", METRICS) if "metrics" in g else frozenset()
            kinds = _names(g["kinds"], "kinds", KINDS) if "kinds" in g else frozenset()
            scopes = _names(g["scopes"], "scopes", SCOPES) if "scopes" in g else frozenset()
            flags = {k: g.get(k, False) for k in ("nil_in_any_scope", "dynamic")}
            for k, v in flags.items():
                if not isinstance(v, bool):
                    raise ValueError(f"{k} 须为 true 或 false", k)
            if not isinstance(raws, list):
                raise ValueError("entry 须写成 [[group.entry]]", "entry")
        except ValueError as exc:
            raise ClaimCellsError(
                f"{source}:{_line_in(text, g_line, g_end, exc.args[1])}: {exc.args[0]}"
            ) from None
        for e in raws:
            e_line = entry_lines[n_entry] if n_entry < len(entry_lines) else g_line
            e_end = entry_lines[n_entry + 1] if n_entry + 1 < len(entry_lines) else n_lines
            e_end = min(e_end, g_end) if g_end > e_line else e_end
            n_entry += 1
            try:
                unknown = set(e) - {"subjects", "cells", "scopes"}
                if unknown:
                    key = sorted(unknown)[0]
                    raise ValueError(f"条目里有未知的键“{key}”", key)
                subjects = _names(e.get("subjects"), "subjects", None)
                e_scopes = _names(e["scopes"], "scopes", SCOPES) if "scopes" in e else frozenset()
                if scopes and e_scopes - scopes:
                    bad = sorted(e_scopes - scopes)[0]
                    raise ValueError(f"条目的 scopes“{bad}”不在所属组“{name}”的 scopes 里", bad)
                raw_cells = e.get("cells")
                if not isinstance(raw_cells, list) or not raw_cells:
                    raise ValueError("条目须有非空的 cells 列表", "subjects")
                cells_list: list[CellSpec] = []
                for ci, c in enumerate(raw_cells):
                    try:
                        cells_list.append(_cell(c, subjects))
                    except ValueError as exc:
                        # the line of the ci-th cell (one inline table a line), else the needle's
                        at = _cell_lines(text, e_line, e_end)
                        needle = exc.args[1]
                        raise ValueError(exc.args[0], needle, at[ci] if ci < len(at) else None) from None
                cells = tuple(cells_list)
            except ValueError as exc:
                line = exc.args[2] if len(exc.args) > 2 and exc.args[2] else None
                line = line or _line_in(text, e_line, e_end, exc.args[1])
                raise ClaimCellsError(f"{source}:{line}: 组“{name}”的条目：{exc.args[0]}") from None
            entries.append(ClaimEntry(subjects, cells, e_scopes, e_line))
        groups.append(
            ClaimGroup(
                name,
                tuple(entries),
                metrics,
                kinds,
                scopes,
                flags["nil_in_any_scope"],
                flags["dynamic"],
                g_line,
            )
        )
    return ClaimCells(tuple(groups), source)


def load(path: Path = CLAIM_CELLS_FILE) -> ClaimCells:
    return parse(path.read_text(encoding="utf-8"), str(path))


TABLE_CLAIMS: ClaimCells = load()
