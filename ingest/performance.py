"""绩效自评表: the budget block of 部门整体支出 / 项目支出 self-evaluation forms.

A grid outside any 公开NN表 segment is a 绩效 form when the line above it names a
“绩效自评表”, or when its first row is “部门（单位）名称” / “项目名称”, and it has
全年预算数 and 全年执行数 headers. Only the money block is read:

- 部门整体支出 forms: one row per 任务N and 金额合计, columns “全年预算数/总额”,
  “全年预算数/财政拨款”, “全年预算数/其他资金”, the same three under 全年执行数, then
  分值, 执行率, 得分;
- 项目支出 forms: rows 年度资金总额, 当年财政拨款 (printed “其中：当年财政拨款”), 上年结转资金,
  其他资金, columns 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分.

Project forms of some regions split 年初预算数 into 目标申报数 / 预算编制数, add a 资金结(转)余
column, and break the money down by level of government (中央 / 省级 / 市县区财政资金, 单位自筹)
instead of 当年财政拨款 / 上年结转资金; their grids are often misaligned by a cell, so a money row's
values are read in sequence after its label when their count matches the header.

The indicator block below the money block (产出/效益/满意度指标 with 指标值, 实际完成值, 分值, 得分
and the 总分 line) is read by ingest/indicators.py into `Table.indicators`; a form that continues
on the next page as a separate grid is joined (`Candidate.more`). 绩效目标申报表 (budgets) have no
money columns of this kind: their 项目资金 (实施期/年度 资金总额 and sources, often in 元) and their
indicators are read. Forms printed as loose text lines (text without tabs) are read by
ingest/performance_text.py where their layout is unambiguous (every such cell marked uncertain);
the others stay unparsed and the reader's quality record says so. Tables are numbered “P01”,
“P02”, … in the order the forms are printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest import indicators
from ingest.layout import Grid, RawCell
from ingest.model import Amount, Cell, Row, Table
from ingest.numbers import clean, parse_amount, parse_percent
from ingest.schema import TableSpec

# Column groups of a 部门整体支出 form, and their sub-columns in printed order.
SOURCES = ("总额", "财政拨款", "其他资金")
BUDGET = "全年预算数"
EXECUTED = "全年执行数"
INITIAL = "年初预算数"
WEIGHT = "分值"
RATE = "执行率"
SCORE = "得分"
DECLARED = "目标申报数"
DRAFTED = "预算编制数"
BALANCE = "资金结余"
# Header words, in the order they are looked for in a header cell.
_HEADERS = (
    (DECLARED, f"{INITIAL}/{DECLARED}"),
    (DRAFTED, f"{INITIAL}/{DRAFTED}"),
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
    "中央财政资金": "中央财政资金",
    "其中：中央财政资金": "中央财政资金",
    "其中:中央财政资金": "中央财政资金",
    "省级财政资金": "省级财政资金",
    "市县区财政资金": "市县财政资金",
    "市、县、区财政资金": "市县财政资金",
    "市县(区)财政资金": "市县财政资金",
    "市县（区）财政资金": "市县财政资金",
    "市县财政资金": "市县财政资金",
    "单位自筹": "单位自筹",
    "单位自筹资金": "单位自筹",
}
_TASK = re.compile(r"^任务(\d+)$")
# Forms that give the whole department's money as 部门预算总额 with its 资金来源 (政府预算资金 …).
DEPARTMENT_TOTAL = "部门预算总额"
BUDGET_SOURCES = ("政府预算资金", "财政专户管理资金", "单位资金")
_SOURCE_LEAD = re.compile(r"^(?:资金来源[:：])?(?:其中[:：])?(?:[（(]\d+[)）])?")
TOTAL_WHOLE = "金额合计"
TOTAL_PROJECT = "年度资金总额"
# First rows of a form.
FIRST_ROWS = ("部门（单位）名称", "部门(单位)名称", "项目名称")
# Titles of forms printed without a title line naming them.
WHOLE_TITLE = "部门整体支出绩效自评表"
PROJECT_TITLE = "项目支出绩效自评表"
DECLARATION_TITLE = "项目支出绩效目标申报表"
# Money-block rows stop after this many grid rows below the header.
MAX_BLOCK_ROWS = 14

# What a declaration may name on a 绩效自评表 (rules/identities/performance.toml, table = "P": every
# form P01, P02 … of a document): the money block's canonical columns and row keys as read above;
# 任务* stands for the task rows 任务1, 任务2 … of a 部门整体支出 form.
FORM_TASKS = "任务*"
FORM_SCHEMA = TableSpec(
    "P",
    "绩效自评表",
    (
        INITIAL,
        f"{INITIAL}/{DECLARED}",
        f"{INITIAL}/{DRAFTED}",
        *(f"{group}{suffix}" for group in (BUDGET, EXECUTED) for suffix in ("", *(f"/{s}" for s in SOURCES))),
        BALANCE,
        RATE,
        WEIGHT,
        SCORE,
    ),
    required=False,
    rows=(TOTAL_WHOLE, FORM_TASKS, *dict.fromkeys(_PROJECT_ROWS.values()), *BUDGET_SOURCES),
)


@dataclass
class Candidate:
    """A grid outside the standard tables, with the title line printed above it (and the grids
    that continue it on the following pages)."""

    grid: Grid
    page: int
    title: str
    more: list[Grid] = field(default_factory=list)

    def rows(self) -> list[list[RawCell | None]]:
        """Rows of the form's grid and of its continuations."""
        out = list(self.grid.rows)
        for g in self.more:
            out.extend(g.rows)
        return out


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


def _indicator_header(rows: Sequence[Sequence[RawCell | None]]) -> int | None:
    for i, row in enumerate(rows):
        if indicators.header_columns(row) is not None:
            return i
    return None


def is_performance_grid(grid: Grid, title: str) -> bool:
    """A 绩效 form grid: titled as one (自评表, 目标申报表) or opening with the form's first row,
    with money headers (自评表) or an indicator block (目标申报表)."""
    if not grid.rows:
        return False
    first = _first_text(grid.rows[0])
    titled = "绩效自评表" in clean(title) or "绩效目标" in clean(title) or first.startswith(FIRST_ROWS)
    if not titled:
        return False
    return _header_index(grid) is not None or _indicator_header(grid.rows) is not None


def continues_form(grid: Grid) -> bool:
    """A grid that carries on a 绩效 form from the previous page: indicator lines or the 总分 line,
    no first row of a new form."""
    if not grid.rows or _first_text(grid.rows[0]).startswith(FIRST_ROWS):
        return False
    for row in grid.rows[:3]:
        for c in row:
            t = _text(c)
            if not t:
                continue
            if t in indicators.TOTAL_WORDS or indicators.header_columns(row) is not None:
                return True
            if t.startswith(("指标", *indicators.LEVEL1)) or t in indicators.LEVEL2:
                return True
            if t.endswith("指标") and "满意" in t:
                return True
    return False


def _header_columns(header: Sequence[RawCell | None]) -> list[tuple[int, str]]:
    """(grid column, header name) of the money block's headers, in printed order."""
    out: list[tuple[int, str]] = []
    for j, c in enumerate(header):
        t = _text(c)
        if "结" in t and "余" in t and BALANCE not in [n for _, n in out]:
            out.append((j, BALANCE))  # 资金结(转)余
            continue
        for word, name in _HEADERS:
            if word in t and name not in [n for _, n in out]:
                out.append((j, name))
                break
    return out


def _columns(
    header: Sequence[RawCell | None], width: int, sub: Sequence[RawCell | None] = ()
) -> dict[int, str]:
    """Grid column → canonical column name; 总额/财政拨款/其他资金 under a group three wide;
    年初预算数 split into 目标申报数/预算编制数 when the header (or the row below it) says so."""
    heads = _header_columns(header)
    split = [(j, n) for j, n in _header_columns(sub) if n.startswith(f"{INITIAL}/")]
    if split and any(n == INITIAL for _, n in heads):
        at = next(k for k, (_, n) in enumerate(heads) if n == INITIAL)
        j0 = heads[at][0]
        heads[at : at + 1] = [(j0 + k, n) for k, (_, n) in enumerate(split)]
    if any(n.startswith(f"{INITIAL}/") for _, n in heads):
        heads = [(j, n) for j, n in heads if n != INITIAL]
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
    return parse_amount(text, unit=indicators.POINTS if column in (WEIGHT, SCORE) else "万元")


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
        else:
            plain = _SOURCE_LEAD.sub("", t)
            if plain in _PROJECT_ROWS:
                return _PROJECT_ROWS[plain], c
            if plain.startswith(DEPARTMENT_TOTAL):
                return TOTAL_WHOLE, c  # 部门预算总额（万元）: the whole department's money
            if plain in BUDGET_SOURCES:
                return plain, c
    return None


def _money_values(
    cells: Sequence[RawCell | None], label_cell: RawCell, columns: dict[int, str]
) -> tuple[dict[str, RawCell], bool]:
    """A project form's money row: values in sequence after the label when their count matches
    the header's money columns (grids drift by a cell), else by grid column (uncertain when the
    counts differ)."""
    at = next(k for k, c in enumerate(cells) if c is label_cell)
    after = [c for c in cells[at + 1 :] if c is not None and _text(c)]
    names = [columns[j] for j in sorted(columns)]
    if len(after) == len(names):
        return dict(zip(names, after, strict=True)), False
    placed = {columns[j]: cells[j] for j in columns if j < len(cells) and cells[j] is not None}
    return {k: v for k, v in placed.items() if v is not None}, bool(after) and len(after) != len(placed)


def parse_form(candidate: Candidate, table_id: str) -> Table | None:
    """The money block and the indicator block of one 绩效 form, or None when it has neither."""
    grid = candidate.grid
    rows = candidate.rows()
    h = _header_index(grid)
    width = max(len(r) for r in rows)
    columns = (
        _columns(grid.rows[h], width, grid.rows[h + 1] if h + 1 < len(grid.rows) else ())
        if h is not None
        else {}
    )
    ordered = [columns[j] for j in sorted(columns)]
    whole = any("/" in c and not c.startswith(INITIAL) for c in ordered)
    declaration = h is None
    default_title = WHOLE_TITLE if whole else (DECLARATION_TITLE if declaration else PROJECT_TITLE)
    title = clean(candidate.title) or default_title
    table = Table(
        id=table_id,
        title=title,
        unit="万元",
        columns=ordered,
        pages=[candidate.page],
        loc=grid.loc,
    )
    end = h + 1 if h is not None else 0
    if columns:
        first_value = min(columns)
        started = False
        for i, cells in enumerate(rows[h + 1 : h + 1 + MAX_BLOCK_ROWS], start=h + 1):
            found = _row_key(cells, first_value if whole else len(cells), whole)
            if found is None:
                if started:
                    break  # the block ended (年度总体目标 …)
                continue  # the sub-header row (总额 / 财政拨款 / 其他资金)
            started = True
            end = i + 1
            key, label_cell = found
            if table.row(key) is not None:
                table.problems.append(f"{title}“{key}”行出现两次，只读取第一行")
                continue
            total = key in (TOTAL_WHOLE, TOTAL_PROJECT)
            row = Row(key=key, label=key, role="total" if total else "detail", loc=label_cell.loc)
            if key.startswith("任务"):
                name_cell = next(
                    (c for c in cells[cells.index(label_cell) + 1 : first_value] if _text(c)), None
                )
                if name_cell is not None:
                    row.label = f"{key}（{_text(name_cell)}）"
            if whole:
                placed = {
                    col: cells[j] for j, col in columns.items() if j < len(cells) and cells[j] is not None
                }
                uncertain = False
            else:
                placed, uncertain = _money_values(cells, label_cell, columns)
                if uncertain:
                    table.problems.append(
                        f"{title}“{key}”行的数值个数与表头不符，按位置读取（已标注为不确定）"
                    )
            for column, raw in placed.items():
                if raw is None:
                    continue
                row.cells[column] = Cell(
                    table=table_id,
                    row=key,
                    column=column,
                    text=raw.text,
                    amount=_amount(raw.text, column),
                    loc=raw.loc,
                    uncertain=uncertain,
                )
            table.rows.append(row)
    if not clean(candidate.title) and table.row(TOTAL_WHOLE) is not None:
        table.title = WHOLE_TITLE  # 部门预算总额 and its sources: the whole department's form
    ih = _indicator_header(rows[end:])
    head = rows[: end + ih] if ih is not None else rows
    if declaration:
        _declared_money(table, head)
    table.notes = _notes(table_id, head)
    table.subject = form_subject([[_text(c) for c in r] for r in rows[:4]])
    if ih is not None:
        header = indicators.header_columns(rows[end + ih]) or []
        labels = indicators.label_columns(rows[end + ih])
        block = indicators.parse_block(rows[end + ih + 1 :], table_id, header, labels=labels)
        table.indicators = block.rows
        table.problems.extend(block.problems)
        for g in candidate.more:
            if g.loc.page is not None and g.loc.page not in table.pages:
                table.pages.append(g.loc.page)
    if not table.rows and not table.indicators:
        return None
    table.empty = not any(c.amount is not None for c in table.cells()) and not any(
        c.amount is not None for r in table.indicators for c in r.cells.values()
    )
    return table


_DECLARED_TOTALS = {"实施期资金总额": "实施期", "年度资金总额": "年度"}
_NOTE_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:人|元|户|次)")


def _declared_money(table: Table, rows: Sequence[Sequence[RawCell | None]]) -> None:
    """The 项目资金 block of a 绩效目标申报表: “实施期资金总额: | 150,000 | 年度资金总额: | 150,000”
    and the source lines below it, each printed for the 实施期 and then for the 年度 half."""
    unit = "万元"
    for cells in rows:
        texts = [_text(c) for c in cells]
        if any("资金" in t and ("(元)" in t or "（元）" in t) for t in texts):
            unit = "元"
        present = [c for c in cells if c is not None and _text(c)]
        seen: set[str] = set()
        for k, c in enumerate(present[:-1]):
            label = _text(c).rstrip(":：")
            if label in _DECLARED_TOTALS:
                key, column = TOTAL_PROJECT, _DECLARED_TOTALS[label]
            elif label in _PROJECT_ROWS or label.replace("资金", "财政资金") in _PROJECT_ROWS:
                key = _PROJECT_ROWS.get(label) or _PROJECT_ROWS[label.replace("资金", "财政资金")]
                column = "年度" if key in seen else "实施期"
                seen.add(key)
            else:
                continue
            value = present[k + 1]
            amount = parse_amount(value.text, unit=unit)
            if amount is None:
                continue
            row = table.row(key)
            if row is None:
                row = Row(key=key, label="资金总额" if key == TOTAL_PROJECT else key, loc=c.loc)
                row.role = "total" if key == TOTAL_PROJECT else "detail"
                table.rows.append(row)
            if column not in row.cells:
                row.cells[column] = Cell(
                    table=table.id, row=key, column=column, text=value.text, amount=amount, loc=value.loc
                )
            if column not in table.columns:
                table.columns.append(column)
    table.columns.sort(key=lambda c: ("实施期", "年度").index(c) if c in ("实施期", "年度") else 9)


SUBJECT_ROW = "项目名称"


def form_subject(rows: Sequence[Sequence[str]]) -> str:
    """The project a form is about, from its 项目名称 row among the first rows: the text after
    “项目名称：” in the same cell, else the next non-blank cell of the row; "" when none is printed."""
    for texts in rows:
        present = [t for t in texts if t]
        for k, t in enumerate(present):
            if not t.startswith(SUBJECT_ROW):
                continue
            rest = t[len(SUBJECT_ROW) :].lstrip(":： ")
            if rest:
                return rest
            return present[k + 1] if k + 1 < len(present) else ""
    return ""


def _notes(table_id: str, rows: Sequence[Sequence[RawCell | None]]) -> list[Cell]:
    """Descriptive cells of the form that state figures in words (项目概况, 实际完成情况 …) or cite a
    document by its 《title》 (立项依据 …), each named after the caption printed left of it or above it
    (“实际完成情况”)."""
    out: list[Cell] = []
    captions: dict[int, str] = {}
    for cells in rows:
        row_captions: dict[int, str] = {}
        for j, c in enumerate(cells):
            if c is None or not _text(c):
                continue
            t = _text(c)
            # figures in words, or a document cited by its title (立项依据, 年度目标: “按照《…》”)
            if len(t) >= 10 and (_NOTE_FIGURE.search(t) or "《" in t):
                left = [row_captions[k] for k in sorted(row_captions) if k < j]
                above = [captions[k] for k in sorted(captions) if k <= j]
                label = (left[-1] if left else "") or (above[-1] if above else "") or "说明"
                out.append(
                    Cell(table=table_id, row=label, column="说明", text=c.text, amount=None, loc=c.loc)
                )
            elif len(t) <= 12 and not any(ch.isdigit() for ch in t):
                row_captions[j] = t
        if row_captions:
            captions = row_captions
    return out


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
    named = "绩效自评表" in t or ("整体" in t and t.endswith("自评表"))
    return named and len(t) <= 60 and "。" not in t and "，" not in t


def is_form_text_line(text: str) -> bool:
    """The first row of a form printed as a loose text line (no grid): 部门（单位）名称 / 项目名称."""
    return clean(text).startswith(FIRST_ROWS)


__all__ = [
    "Candidate",
    "continues_form",
    "form_subject",
    "is_form_text_line",
    "is_form_title",
    "is_performance_grid",
    "parse_forms",
    "title_of",
]
