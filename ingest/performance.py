"""绩效自评表: the budget block of 部门整体支出 / 项目支出 self-evaluation forms.

A grid outside any 公开NN表 segment is a 绩效 form when the line above it names a
“绩效自评表”, or when its first row is “部门（单位）名称” / “项目名称”, and it has
全年预算数 and 全年执行数 headers. Only the money block is read:

- 部门整体支出 forms: one row per 任务N and 金额合计, columns “全年预算数/总额”,
  “全年预算数/财政拨款”, “全年预算数/其他资金”, the same three under 全年执行数, then
  分值, 执行率, 得分;
- 项目支出 forms: rows 年度资金总额, 当年财政拨款 (printed “其中：当年财政拨款”), 上年结转资金,
  其他资金, columns 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分.

Indicator blocks (产出/效益/满意度指标) are not read. Forms printed as loose text lines (text
without tabs) have no grid and stay unparsed; the reader's quality record says so. Tables are
numbered “P01”, “P02”, … in the order the forms are printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.layout import Grid, RawCell
from ingest.model import Amount, Cell, Row, Table
from ingest.numbers import clean, parse_amount, parse_percent

# Column groups of a 部门整体支出 form, and their sub-columns in printed order.
SOURCES = ("总额", "财政拨款", "其他资金")
BUDGET = "全年预算数"
EXECUTED = "全年执行数"
INITIAL = "年初预算数"
WEIGHT = "分值"
RATE = "执行率"
SCORE = "得分"
# Header words, in the order they are looked for in a header cell.
_HEADERS = (
    (INITIAL, INITIAL),
    (BUDGET, BUDGET),
    (EXECUTED, EXECUTED),
    (RATE, RATE),
    (WEIGHT, WEIGHT),
    (SCORE, SCORE),
)
# Row labels of the money block: printed label (cleaned) → row key.
_PROJECT_ROWS = {
    "年度资金总额": "年度资金总额",
    "资金总额": "年度资金总额",
    "资金总额:": "年度资金总额",
    "资金总额：": "年度资金总额",
    "其中：当年财政拨款": "当年财政拨款",
    "其中:当年财政拨款": "当年财政拨款",
    "当年财政拨款": "当年财政拨款",
    "上年结转资金": "上年结转资金",
    "其他资金": "其他资金",
}
_TASK = re.compile(r"^任务(\d+)$")
TOTAL_WHOLE = "金额合计"
TOTAL_PROJECT = "年度资金总额"
# First rows of a form.
FIRST_ROWS = ("部门（单位）名称", "部门(单位)名称", "项目名称")
# Titles of forms printed without a title line naming them.
WHOLE_TITLE = "部门整体支出绩效自评表"
PROJECT_TITLE = "项目支出绩效自评表"
# Money-block rows stop after this many grid rows below the header.
MAX_BLOCK_ROWS = 14


@dataclass
class Candidate:
    """A grid outside the standard tables, with the title line printed above it."""

    grid: Grid
    page: int
    title: str


def _text(cell: RawCell | None) -> str:
    return clean(cell.text) if cell is not None else ""


def _first_text(row: Sequence[RawCell | None]) -> str:
    return next((_text(c) for c in row if _text(c)), "")


def _header_index(grid: Grid) -> int | None:
    """Index of the row naming 全年预算数 and 全年执行数 (among the first rows)."""
    for i, row in enumerate(grid.rows[:6]):
        texts = [_text(c) for c in row]
        if any(BUDGET in t for t in texts) and any(EXECUTED in t for t in texts):
            return i
    return None


def is_performance_grid(grid: Grid, title: str) -> bool:
    """A 绩效自评表 grid: titled as one or opening with the form's first row, with money headers."""
    if not grid.rows or _header_index(grid) is None:
        return False
    first = _first_text(grid.rows[0])
    return "绩效自评表" in clean(title) or first.startswith(FIRST_ROWS)


def _header_columns(header: Sequence[RawCell | None]) -> list[tuple[int, str]]:
    """(grid column, header name) of the money block's headers, in printed order."""
    out: list[tuple[int, str]] = []
    for j, c in enumerate(header):
        t = _text(c)
        for word, name in _HEADERS:
            if word in t and name not in [n for _, n in out]:
                out.append((j, name))
                break
    return out


def _columns(header: Sequence[RawCell | None], width: int) -> dict[int, str]:
    """Grid column → canonical column name; 总额/财政拨款/其他资金 under a group three wide."""
    heads = _header_columns(header)
    columns: dict[int, str] = {}
    for k, (j, name) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else width
        if name in (BUDGET, EXECUTED) and end - j >= len(SOURCES):
            for s, source in enumerate(SOURCES):
                columns[j + s] = f"{name}/{source}"
        else:
            columns[j] = name
    return columns


def _amount(text: str, column: str) -> Amount | None:
    if column == RATE or clean(text).endswith(("%", "％")):
        pct = parse_percent(text)
        if pct is not None:
            return pct
        plain = parse_amount(text, unit="%")
        return plain
    return parse_amount(text, unit="" if column in (WEIGHT, SCORE) else "万元")


def _row_key(cells: Sequence[RawCell | None], before: int, whole: bool) -> tuple[str, RawCell] | None:
    """The money-block row key among the cells left of the first value column: 任务N / 金额合计
    on a 部门整体支出 form, 年度资金总额 … 其他资金 on a 项目支出 form."""
    for c in cells[:before]:
        t = _text(c)
        if not t or c is None:
            continue
        if whole:
            m = _TASK.match(t)
            if m:
                return f"任务{int(m.group(1))}", c
            if t == TOTAL_WHOLE:
                return TOTAL_WHOLE, c
        elif t in _PROJECT_ROWS:
            return _PROJECT_ROWS[t], c
    return None


def parse_form(candidate: Candidate, table_id: str) -> Table | None:
    """The money block of one 绩效自评表 grid, or None when it has none."""
    grid = candidate.grid
    h = _header_index(grid)
    if h is None:
        return None
    width = max(len(r) for r in grid.rows)
    columns = _columns(grid.rows[h], width)
    if not columns:
        return None
    first_value = min(columns)
    ordered = [columns[j] for j in sorted(columns)]
    whole = any("/" in c for c in ordered)
    title = clean(candidate.title) or (WHOLE_TITLE if whole else PROJECT_TITLE)
    table = Table(
        id=table_id,
        title=title,
        unit="万元",
        columns=ordered,
        pages=[candidate.page],
        loc=grid.loc,
    )
    started = False
    for cells in grid.rows[h + 1 : h + 1 + MAX_BLOCK_ROWS]:
        found = _row_key(cells, first_value, whole)
        if found is None:
            if started:
                break  # the block ended (年度总体目标 …)
            continue  # the sub-header row (总额 / 财政拨款 / 其他资金)
        started = True
        key, label_cell = found
        if table.row(key) is not None:
            table.problems.append(f"{title}“{key}”行出现两次，只读取第一行")
            continue
        total = key in (TOTAL_WHOLE, TOTAL_PROJECT)
        row = Row(key=key, label=key, role="total" if total else "detail", loc=label_cell.loc)
        if key.startswith("任务"):
            name_cell = next((c for c in cells[cells.index(label_cell) + 1 : first_value] if _text(c)), None)
            if name_cell is not None:
                row.label = f"{key}（{_text(name_cell)}）"
        for j, column in columns.items():
            raw = cells[j] if j < len(cells) else None
            if raw is None:
                continue
            row.cells[column] = Cell(
                table=table_id,
                row=key,
                column=column,
                text=raw.text,
                amount=_amount(raw.text, column),
                loc=raw.loc,
            )
        table.rows.append(row)
    if not table.rows:
        return None
    table.empty = not any(c.amount is not None for c in table.cells())
    return table


def parse_forms(candidates: Sequence[Candidate]) -> list[Table]:
    """Tables “P01”, “P02”, … of the forms that have a money block."""
    tables: list[Table] = []
    for cand in candidates:
        table = parse_form(cand, f"P{len(tables) + 1:02d}")
        if table is not None:
            tables.append(table)
    return tables


def title_of(lines: Sequence[str]) -> str:
    """The form's title among the lines printed just above its grid (latest first)."""
    for text in reversed(lines):
        if is_form_title(text):
            return clean(text)
    return ""


def is_form_title(text: str) -> bool:
    """A line that titles a 绩效自评表 (not a sentence mentioning one)."""
    t = clean(text)
    return "绩效自评表" in t and len(t) <= 60 and "。" not in t and "，" not in t


def is_form_text_line(text: str) -> bool:
    """The first row of a form printed as a loose text line (no grid): 部门（单位）名称 / 项目名称."""
    return clean(text).startswith(FIRST_ROWS)


__all__ = [
    "Candidate",
    "is_form_text_line",
    "is_form_title",
    "is_performance_grid",
    "parse_forms",
    "title_of",
]
