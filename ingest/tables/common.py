"""Shared pieces of the table recognisers: the raw rows and segments, label patterns, header
recognition (column names and groups), cells, code and name splitting, wrapped names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.layout import LOW_CONFIDENCE, Line, RawCell
from ingest.model import Cell, Location, Row, Table
from ingest.numbers import clean, is_blank, is_code, looks_like_amount, parse_amount
from ingest.schema import (
    FINAL,
    TOTAL,
    canonical_column,
    code_domain,
    normalise_label,
)

MARKER = re.compile(r"公开\s*0?(\d{1,2})\s*表")
_NOTE = re.compile(r"^(?:注|备注|说明)\s*[:：\d]")
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、\S*(?:说明|情况|解释))")
_META = re.compile(
    r"(?:单位[:：]|部门[（(]?单位?[)）]?[:：]|部门名称[:：]|编制部门[:：]|单位名称[:：]|^\d{4}\s*年度?$)"
)
_CODE_NAME = re.compile(r"^(\d{3,7})\s*(\D.*)$")
_INT = re.compile(r"^\d{1,3}$")
_ECON = re.compile(r"^3\d{2}(?:\d{2})?$")


@dataclass
class RawRow:
    """One row of a table segment: grid cells (aligned) or tokens of a text line (not aligned)."""

    cells: list[RawCell | None]
    aligned: bool
    loc: Location


@dataclass
class Segment:
    """Everything between a table's code line and its end."""

    table_id: str
    title: str = ""
    unit: str = "万元"
    rows: list[RawRow] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    loc: Location = field(default_factory=Location)
    pages: set[int] = field(default_factory=set)
    has_grid: bool = False
    width: int = 0  # column count of the table's first grid
    last_grid_page: int = 0
    by_title: bool = False  # opened by a title line (not only a 公开NN表 label)


@dataclass
class Recognised:
    """What the recogniser found: tables, narrative lines, and what it could not read."""

    tables: dict[str, Table] = field(default_factory=dict)
    narrative: list[Line] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)  # title / 单位 lines of tables
    problems: list[str] = field(default_factory=list)
    unrecognised_grids: int = 0
    performance_titles: int = 0  # lines titling a 绩效自评表 (parsed or not)
    performance_text_forms: int = 0  # 绩效 forms printed as loose text lines (not parsed)


def _text(cell: RawCell | None) -> str:
    return clean(cell.text) if cell is not None else ""


def _is_header_row(row: RawRow) -> bool:
    texts = [_text(c) for c in row.cells]
    joined = "".join(texts)
    if not joined:
        return False
    if "栏次" in joined:
        return True
    if any(looks_like_amount(t) for t in texts):
        return False
    keys = (
        "项目",
        "科目",
        "合计",
        "决算数",
        "支出",
        "收入",
        "代码",
        "编码",
        "名称",
        "行次",
        "经费",
        "结余",
        "结转",
    )
    has_key = any(k in joined for k in keys)
    # a data row of a two-sided table has 行次 integers; header rows carry none
    return has_key and not any(_INT.match(t) for t in texts) and not any(is_code(t) for t in texts)


def _cell(table: str, row_key: str, column: str, raw: RawCell, unit: str, uncertain: bool = False) -> Cell:
    return Cell(
        table=table,
        row=row_key,
        column=column,
        text=raw.text.strip(),
        amount=parse_amount(raw.text, unit),
        loc=raw.loc,
        # an OCR reading the recogniser itself doubts is marked, never silently trusted
        uncertain=uncertain or (raw.confidence is not None and raw.confidence < LOW_CONFIDENCE),
    )


def _header_columns(headers: list[list[RawCell | None]], width: int) -> list[tuple[str | None, str | None]]:
    """(canonical column, group label) for every grid column, from possibly merged header rows.

    A column's own header texts are read bottom-up; "小计"/"合计" under a header that itself names
    a column means that column's subtotal. Merged cells (None, or empty text in tab-separated
    rows) inherit from the left only as a fallback and for the group label (预算数/决算数 …).
    """
    own: list[list[str]] = [[] for _ in range(width)]
    carried: list[list[str]] = [[] for _ in range(width)]
    merged_group: list[str | None] = [None] * width  # "预算数合计 | 因公出国（境）费 | … | 决算数合计 | …"
    centres = _column_centres(headers, width)
    for row in headers:
        last = ""
        last_box: tuple[float, float] | None = None
        current: str | None = None
        for j in range(width):
            c = row[j] if j < len(row) else None
            t = _text(c)
            m = _GROUP_PREFIX.match(t)
            if m and canonical_column(m.group(2)) is not None:
                current = m.group(1) + ("" if m.group(1).endswith("数") else "数")
                t = m.group(2)  # the group label printed merged into the first column's name
            if current and merged_group[j] is None:
                merged_group[j] = current
            if t and t != "栏次" and not t.isdigit():
                own[j].append(t)
                last = t
                last_box = (c.loc.bbox[0], c.loc.bbox[2]) if c is not None and c.loc.bbox else None
                carried[j].append(t)
            elif c is None or t == "":
                # a ruled merged cell carries its text only over the columns its box spans
                spans = last_box is None or centres[j] is None or last_box[0] <= centres[j] <= last_box[1]
                if last and spans:
                    carried[j].append(last)
            else:
                last = ""
    result: list[tuple[str | None, str | None]] = []
    for j in range(width):
        # 预算数 / 决算数 under a column name are the group, not the column (上海 09表)
        named = any(canonical_column(t) is not None for t in carried[j] if t not in _GROUP_WORDS)
        name = _column_of(own[j], named) or _column_of(carried[j], named)
        group = next((t for t in carried[j] if t in _GROUP_WORDS), None) or merged_group[j]
        result.append((name, group))
    return result


_GROUP_WORDS = ("预算数", "决算数")


def _column_centres(headers: list[list[RawCell | None]], width: int) -> list[float | None]:
    """x-centre of every column from the narrowest ruled cell printed in it (None without boxes)."""
    best: list[tuple[float, float] | None] = [None] * width
    for row in headers:
        for j in range(min(width, len(row))):
            c = row[j]
            if c is None or not c.loc.bbox:
                continue
            x0, x1 = c.loc.bbox[0], c.loc.bbox[2]
            if best[j] is None or x1 - x0 < best[j][1] - best[j][0]:  # type: ignore[index]
                best[j] = (x0, x1)
    return [None if b is None else (b[0] + b[1]) / 2 for b in best]


_GROUP_PREFIX = re.compile(r"^(预算数?|决算数?)(.+)$")


def _column_of(texts: list[str], skip_groups: bool) -> str | None:
    """Canonical column of a header column's texts read bottom-up; "小计"/"合计" under a named
    column is that column's subtotal."""
    for k in range(len(texts) - 1, -1, -1):
        if skip_groups and texts[k] in _GROUP_WORDS:
            continue
        cand = canonical_column(texts[k])
        if cand is None:
            continue
        if cand == TOTAL and k > 0:
            parent = canonical_column(texts[k - 1])
            if parent is not None and parent not in (TOTAL, FINAL):
                cand = parent
        return cand
    return None


def _split_code_name(first: str, second: str) -> tuple[str | None, str]:
    f, s = clean(first), clean(second)
    if is_code(f):
        return f, s
    m = _CODE_NAME.match(f)
    if m:
        return m.group(1), clean(m.group(2)) + s
    return None, f or s


def _code_row(table_id: str, code: str | None, label: str, loc: Location) -> Row:
    if code:
        domain, level = code_domain(code)
        return Row(
            key=f"{code} {label}".strip(),
            label=label,
            code=code,
            domain=domain,
            level=level,  # type: ignore[arg-type]
            role="subtotal" if level in (1, 2) and domain == "econ" else "detail",
            loc=loc,
        )
    key = normalise_label(label)
    role = "total" if key in ("合计", "总计") or key.startswith("合计") else "detail"
    return Row(key=key, label=key, role=role, loc=loc)  # type: ignore[arg-type]


# Words of a header row that no subject name's wrapped tail is.
_HEADER_ONLY = ("栏次", "项目", "科目", "编码", "名称", "行次", "合计", "总计", "决算数", "预算数")


def _is_wrapped_name_tail(r: RawRow) -> bool:
    """A row after a data row that holds only the wrapped second line of a subject name: one
    printed cell (never the first, where the code stands), a few words, no header word."""
    filled = [(j, _text(c)) for j, c in enumerate(r.cells) if c is not None and _text(c)]
    if len(filled) != 1:
        return False
    j, text = filled[0]
    if r.aligned and j == 0:
        return False
    return (
        _is_name_tail(text)
        and not any(w in text for w in _HEADER_ONLY)
        and not looks_like_amount(text)
        and not is_code(text)
    )


def _split_header(rows: list[RawRow], is_data: callable) -> tuple[list[RawRow], list[RawRow]]:  # type: ignore[valid-type]
    header: list[RawRow] = []
    body: list[RawRow] = []
    in_repeat = False
    for r in rows:
        if not body and not is_data(r):
            header.append(r)
            continue
        if not in_repeat and body and body[-1].loc.page == r.loc.page and _is_wrapped_name_tail(r):
            # “事务支出” under “2100199 其他卫生健康管理” on the same page: a name, not a header
            body.append(r)
            continue
        if _is_header_row(r) and not is_data(r):
            in_repeat = True  # header repeated on a continuation page
            continue
        if in_repeat and not is_data(r) and not r.aligned:
            continue  # wrapped header text of the repeated header ("一般公共预算财政拨" / "款")
        in_repeat = False
        body.append(r)
    return header, body


def _is_name_tail(label: str) -> bool:
    """A label that can be the second line of a wrapped subject name: a few words, no sentence
    (an empty table's “本部门本年度无…，本表为空表。” is not), and not a total row."""
    t = clean(label)
    return (
        0 < len(t) <= 20
        and not re.search(r"[。，；：:,]", t)
        and normalise_label(t) not in ("合计", "总计")
        and not _INT.match(t)
    )


def _append_name_tail(row: Row, tail: str) -> None:
    """Join the wrapped tail of a subject name to its row (key and cells follow)."""
    row.label += clean(tail)
    row.key = f"{row.code} {row.label}" if row.code else row.label
    for cell in row.cells.values():
        cell.row = row.key


def _is_figure_token(text: str) -> bool:
    """A token of a text line that is an amount: decimals or thousands separators, or a zero
    printed bare as “0” (no 行次, code or name is “0”)."""
    return looks_like_amount(text) or clean(text) == "0"


def _is_dash(text: str) -> bool:
    """A “-” / “—” printed for a zero or empty amount (a blank that holds its place)."""
    t = text.strip()
    return bool(t) and is_blank(t)
