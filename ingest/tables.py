"""Recognise the standard tables (公开01表 … 公开10表) in pages of blocks and read their cells.

A table starts at its code line ("公开03表", "公开 03 表"), takes the title and 单位 line around
it, and runs — across page breaks, repeated headers dropped — until its note ("注：", "备注："),
the next table or a narrative heading. Columns are named from the header text (never by position
alone) and mapped onto the canonical names of ingest/schema.py; rows are keyed by subject code and
name, or by their label.

Rows come in two shapes. Grid rows (a ruled PDF table, or tab-separated text) have real cell
positions. Token rows (text whose cells were joined with spaces, blanks dropped) only give the
numbers in order: when a row prints fewer numbers than the table has columns, their columns are
inferred — the placement that keeps the table's own identities (row totals, column totals) is
chosen, leftmost on a tie — and those cells are marked `uncertain`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ingest import performance, performance_text
from ingest.layout import LOW_CONFIDENCE, Grid, Line, Page, RawCell
from ingest.model import Amount, Cell, Location, Row, Table
from ingest.numbers import clean, is_blank, is_code, looks_like_amount, parse_amount, unit_of
from ingest.schema import (
    B09_LANE_COLUMNS,
    BASIC,
    FINAL,
    FINAL_ACCOUNT_TABLES,
    PROJECT,
    TOTAL,
    budget_table,
    canonical_column,
    code_domain,
    final_account_table,
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


# ---------------------------------------------------------------------------------------------
# Segmentation
# ---------------------------------------------------------------------------------------------


# A money unit stated at the end of a title line (“表1  收入支出决算总表  单位：万元”).
_UNIT_TAIL = re.compile(r"\s*(?:金额)?单位\s*[:：]\s*(?:万元|元|千元)\s*$")


def _marker(text: str) -> str | None:
    t = clean(text)
    titled = final_account_table(_UNIT_TAIL.sub("", t))
    if titled:
        return titled  # the title decides, whatever label (公开NN表, 表N, 附表N, none) it carries
    m = MARKER.search(t)
    if m and len(t) <= 40 and "。" not in t and "，" not in t:
        return f"{int(m.group(1)):02d}"
    if re.search(r"[.…·]{3,}|\d$", t):
        return None  # a 目录 line with dot leaders and a page number
    if "决算" in t or not ("预算" in t or re.match(r"^\d{4}年", t)):
        return None
    if _is_table_title(t.split("（")[0] + "表" if not t.endswith("表") and "（" in t else t):
        spec = budget_table(t)
        if spec is not None:
            return spec.id
    return None


def _is_table_title(text: str) -> bool:
    t = clean(text)
    return len(t) <= 40 and t.endswith("表") and "。" not in t and "，" not in t and not t.startswith("第")


def _continues(seg: Segment, grid: Grid, page: int) -> bool:
    """A grid on a later page continues the open table when it has the table's column count."""
    if page == seg.last_grid_page:
        return True
    width = max((len(r) for r in grid.rows), default=0)
    return width == seg.width


def _form_continues(form: performance.Candidate, grid: Grid, page: int) -> bool:
    """`grid` carries on `form` (same or next page, indicator lines or the 总分 line)."""
    last = max([form.page, *(g.loc.page or form.page for g in form.more)])
    return last <= page <= last + 1 and performance.continues_form(grid)


def recognise(pages: Sequence[Page]) -> Recognised:
    """Find the standard tables and the narrative in a document's pages."""
    out = Recognised()
    seg: Segment | None = None
    recent: list[Line] = []
    forms: list[performance.Candidate] = []
    ordered: list[performance.Candidate | performance_text.LooseForm] = []  # 绩效 forms in print order
    loose: performance_text.LooseForm | None = None  # a 绩效 form printed as loose text lines

    def end_loose() -> None:
        nonlocal loose, recent
        if loose is None:
            return
        if performance_text.parse_form(loose, "P00") is None:
            out.performance_text_forms += 1  # not a form we can read: its lines stay narrative
            out.narrative.extend(loose.lines)
            recent = [*recent, *loose.lines][-4:]
        else:
            ordered.append(loose)
            for prev in loose.preamble:
                if prev in out.narrative:
                    out.narrative.remove(prev)
                    out.preamble.append(prev)
        loose = None

    def close() -> None:
        nonlocal seg
        if seg is not None:
            table = parse_segment(seg, out.problems)
            if table is not None:
                if table.id in out.tables and not out.tables[table.id].rows:
                    out.tables[table.id] = table  # the first one was only a mention (e.g. in a 目录)
                elif table.id in out.tables:
                    out.problems.append(f"公开{table.id}表出现两次，只读取第一张")
                else:
                    out.tables[table.id] = table
        seg = None

    for page in pages:
        for block in page.blocks:
            if isinstance(block, Grid):
                end_loose()
                if seg is not None and seg.has_grid and not _continues(seg, block, page.number):
                    close()  # a different table on a new page (e.g. an untitled 绩效 form sheet)
                if seg is None:
                    title = performance.title_of([b.text for b in recent])
                    if performance.is_performance_grid(block, title):
                        forms.append(performance.Candidate(block, page.number, title))
                        ordered.append(forms[-1])
                    elif forms and _form_continues(forms[-1], block, page.number):
                        forms[-1].more.append(block)  # the form's indicator lines go on over the page
                    else:
                        out.unrecognised_grids += 1
                    continue
                if not seg.has_grid:
                    seg.width = max((len(r) for r in block.rows), default=0)
                seg.last_grid_page = page.number
                if not seg.has_grid and seg.rows:
                    # text lines before the first grid were preamble (e.g. a wrapped title), not rows
                    seg.lines.extend(Line(" ".join(c.text for c in r.cells if c), r.loc) for r in seg.rows)
                    seg.rows = []
                seg.has_grid = True
                seg.pages.add(page.number)
                for cells in block.rows:
                    loc = next((c.loc for c in cells if c is not None), block.loc)
                    seg.rows.append(RawRow(cells, aligned=True, loc=loc))
                continue
            text = block.text
            if loose is not None:
                if loose.takes(block):
                    if loose.closed:
                        end_loose()
                    continue
                end_loose()
            if performance.is_form_title(text):
                out.performance_titles += 1
            elif performance.is_form_text_line(text):
                if seg is None:
                    loose = performance_text.LooseForm.start(block, page.number, recent)
                    continue
                out.performance_text_forms += 1
            table_id = _marker(text)
            titled = final_account_table(_UNIT_TAIL.sub("", clean(text))) if table_id else None
            if (
                table_id
                and seg is not None
                and not seg.rows
                and (table_id != seg.table_id or titled or seg.by_title)
            ):
                # a label and a title of one table on two lines: the title decides the id (and
                # the lines before the label, e.g. a title naming the unit, stay with the table)
                if titled and not seg.by_title:
                    seg.table_id, seg.by_title, seg.title = titled, True, clean(text)
                    seg.unit = unit_of(text) or seg.unit
                if titled or seg.by_title:
                    out.preamble.append(block)
                    continue
            if table_id:
                close()
                seg = Segment(table_id=table_id, loc=block.loc, pages={page.number}, by_title=bool(titled))
                # The title and the 单位 line may stand just before the code line.
                for prev in recent[-3:]:
                    if _is_table_title(prev.text) and not seg.title:
                        seg.title = clean(prev.text)
                    u = unit_of(prev.text)
                    if u:
                        seg.unit = u
                    if _is_table_title(prev.text) or _META.search(clean(prev.text)):
                        if prev in out.narrative:
                            out.narrative.remove(prev)
                            out.preamble.append(prev)
                u = unit_of(text)  # a unit printed in the title itself: “…决算表（单位：元）”
                if u:
                    seg.unit = u
                title_rest = clean(MARKER.sub("", clean(text)))
                if title_rest and _is_table_title(title_rest):
                    seg.title = title_rest
                if table_id.startswith("B"):
                    seg.title = clean(text)
                recent = []
                continue
            if seg is not None:
                t = clean(text)
                if (
                    _NOTE.match(t)
                    or _HEADING.match(t)
                    or (seg.rows and _is_table_title(t) and "表" in t[-3:])
                ):
                    close()  # a note, a heading, or the title of the next (unnumbered) table
                    out.narrative.append(block)
                    recent = [block]
                    continue
                u = unit_of(text)
                if u:
                    seg.unit = u
                if u or _META.search(t) or (_is_table_title(text) and not seg.rows):
                    if _is_table_title(text) and not seg.title:
                        seg.title = t
                    out.preamble.append(block)
                    continue
                if not seg.has_grid:
                    tokens = [RawCell(tok, block.loc) for tok in text.split()]
                    seg.rows.append(RawRow(tokens, aligned=False, loc=block.loc))
                    seg.pages.add(page.number)
                else:
                    seg.lines.append(block)
                continue
            out.narrative.append(block)
            recent.append(block)
            recent = recent[-4:]
    end_loose()
    close()
    parsed = 0
    for form in ordered:
        tid = f"P{sum(1 for t in out.tables if t.startswith('P')) + 1:02d}"
        if isinstance(form, performance.Candidate):
            table = performance.parse_form(form, tid)
            parsed += table is not None
        else:
            table = performance_text.parse_form(form, tid)
        if table is not None:
            out.tables[tid] = table
    out.unrecognised_grids += len(forms) - parsed  # 绩效 forms without a readable money block
    return out


# ---------------------------------------------------------------------------------------------
# Helpers shared by the table parsers
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Placing the numbers of token rows
# ---------------------------------------------------------------------------------------------


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
        for _parent, children in hierarchy:
            group = [j for j in children if len(choices[j]) > 1]
            if not group or best == 0:
                continue
            options = [_row_consistent(choices[j], values[j], columns, identities) for j in group]
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


# ---------------------------------------------------------------------------------------------
# Table parsers
# ---------------------------------------------------------------------------------------------


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
        if not in_repeat and _is_wrapped_name_tail(r):
            body.append(r)  # “事务支出” under “2100199 其他卫生健康管理”: a name, not a header
            continue
        if _is_header_row(r) and not is_data(r):
            in_repeat = True  # header repeated on a continuation page
            continue
        if in_repeat and not is_data(r) and not r.aligned:
            continue  # wrapped header text of the repeated header ("一般公共预算财政拨" / "款")
        in_repeat = False
        body.append(r)
    return header, body


_LEVEL_WORDS = ("类", "款", "项")


def split_code_cells(cells: Sequence[RawCell | None]) -> tuple[str | None, str] | None:
    """(code, name) of a row whose 科目编码 is printed split into 类 | 款 | 项 cells, else None.

    `208 | 05 | 05 | 机关事业单位基本养老保险缴费支出` is 2080505; `208 | | | …` is the 类 208,
    `208 | 05 | | …` the 款 20805; `类 | 款 | 项 | 合计` is the 合计 row printed under the header words.
    """
    if len(cells) < 4:
        return None
    t = [_text(c) for c in cells[:4]]
    if not t[3] or looks_like_amount(t[3]):
        return None
    if tuple(t[:3]) == _LEVEL_WORDS:
        return None, t[3]
    if not any(t[:3]) and normalise_label(t[3]) in ("合计", "总计"):
        return None, t[3]  # the 合计 row with its 类 | 款 | 项 cells left blank
    if (
        not any(t[:3])
        and _is_name_tail(t[3])
        and not any(w in t[3] for w in _HEADER_ONLY)
        and not any(_text(c) for c in cells[4:])
    ):
        return None, t[3]  # the wrapped tail of the name above, its code cells blank
    if (
        re.fullmatch(r"[1-3]\d{2}", t[0])
        and re.fullmatch(r"(?:\d{2})?", t[1])
        and re.fullmatch(r"(?:\d{2})?", t[2])
        and not (t[2] and not t[1])
    ):
        return t[0] + t[1] + t[2], t[3]
    return None


def split_code_tokens(toks: Sequence[RawCell]) -> tuple[str | None, list[RawCell]] | None:
    """(code, the tokens after it) of a text line whose 科目编码 is printed split into 类 款 项
    words (`208 05 05 机关事业单位基本养老保险缴费支出 15.19`, `208 05 行政事业单位养老支出 …`), or
    the 合计 line printed under the header words (`类 款 项 合计 275.56 …`: code None); else None.

    A two-digit token is a 款 or 项 part only between a 类 code and the subject name — amounts
    stand after the name, so the name that must follow tells the parts from figures.
    """
    t = [_text(c) for c in toks[:4]]
    if t[:3] == list(_LEVEL_WORDS) and len(toks) > 3:
        return None, list(toks[3:])
    if not t or not re.fullmatch(r"[1-3]\d{2}", t[0]):
        return None
    k = 1
    while k < 3 and k < len(t) and re.fullmatch(r"\d{2}", t[k]):
        k += 1
    if k == 1 or k >= len(toks) or looks_like_amount(toks[k].text) or is_blank(toks[k].text):
        return None
    return "".join(t[:k]), list(toks[k:])


def _is_code_data(r: RawRow) -> bool:
    if r.aligned and split_code_cells(r.cells) is not None:
        return True
    texts = [_text(c) for c in r.cells if c is not None]
    if not r.aligned and texts[:3] == list(_LEVEL_WORDS) and len(texts) > 3:
        return normalise_label(texts[3]) in ("合计", "总计")  # 合计 under the 类 款 项 words
    first = next((t for t in texts if t), "")
    return bool(is_code(first) or _CODE_NAME.match(first) or normalise_label(first) in ("合计", "总计"))


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


def parse_code_table(seg: Segment, problems: list[str]) -> Table:
    """Tables keyed by functional subject code (02, 03, 05, 07, 08): 合计 row then 类/款/项 rows."""
    spec = FINAL_ACCOUNT_TABLES.get(seg.table_id)
    table = Table(
        id=seg.table_id,
        title=seg.title or (spec.title if spec else ""),
        unit=seg.unit,
        pages=sorted(seg.pages),
        loc=seg.loc,
    )
    header, body = _split_header(seg.rows, _is_code_data)
    if any(r.aligned for r in seg.rows):
        width = max((len(r.cells) for r in seg.rows), default=0)
        cols = _header_columns([r.cells for r in header], width)
        value_cols = [(j, name) for j, (name, _g) in enumerate(cols) if name is not None and j >= 2]
        table.columns = [n for _, n in value_cols]
        for r in body:
            cells = r.cells + [None] * (width - len(r.cells))
            split = split_code_cells(cells)
            if split is not None:
                code, label = split
            else:
                code, label = _split_code_name(
                    cells[0].text if cells[0] else "", cells[1].text if cells[1] else ""
                )
            if not code and not label:
                continue
            previous = table.rows[-1] if table.rows else None
            if (
                previous is not None
                and not code
                and not any(cells[j] is not None and _text(cells[j]) for j, _n in value_cols)
                and _is_name_tail(label)
            ):
                _append_name_tail(previous, label)  # the tail of a subject name wrapped in its cell
                continue
            row = _code_row(seg.table_id, code, label, r.loc)
            for j, name in value_cols:
                if cells[j] is not None:
                    row.cells[name] = _cell(seg.table_id, row.key, name, cells[j], seg.unit)  # type: ignore[arg-type]
            table.rows.append(row)
    else:
        found = [canonical_column(_text(c)) for r in header for c in r.cells]
        names = [n for n in found if n]
        columns = list(spec.columns) if spec else list(dict.fromkeys(names))
        if spec and names:
            order = [c for c in spec.columns if c in names]
            if len(order) >= 2:
                columns = order
        table.columns = columns
        keys: list[str] = []
        vals: list[list[RawCell]] = []
        rows: list[Row] = []
        for r in body:
            toks = [c for c in r.cells if c is not None]
            code: str | None = None
            first = _text(toks[0]) if toks else ""
            rest = toks[1:]
            split = split_code_tokens(toks) if toks else None
            if split is not None:
                code, rest = split
            elif is_code(first):
                code = first
            elif _CODE_NAME.match(first):
                m = _CODE_NAME.match(first)
                assert m
                code = m.group(1)
                rest = [RawCell(m.group(2), toks[0].loc), *rest]
            else:
                rest = toks
            label_parts: list[str] = []
            numbers: list[RawCell] = []
            for t in rest:
                if numbers or _is_figure_token(t.text) or is_blank(t.text) and t.text.strip() in ("-", "—"):
                    numbers.append(t)
                else:
                    label_parts.append(t.text)
            label = clean("".join(label_parts))
            if code is None and not numbers and rows and _is_name_tail(label):
                rows[-1].label += label  # the tail of a wrapped subject name
                rows[-1].key = f"{rows[-1].code} {rows[-1].label}" if rows[-1].code else rows[-1].label
                continue
            row = _code_row(seg.table_id, code, label, r.loc)
            rows.append(row)
            keys.append(row.key)
            vals.append(numbers)
        others: list[list[tuple[int, ...]]] = []
        placed = place_token_values(seg.table_id, keys, vals, columns, others)
        for row, numbers, (pos, uncertain), alts in zip(rows, vals, placed, others, strict=True):
            row.alternatives = _alternative_cells(seg.table_id, row.key, numbers, columns, alts, seg.unit)
            if len(numbers) > len(columns):
                problems.append(f"公开{seg.table_id}表 {row.key}: 数字个数多于栏目数，未读取")
                table.problems.append(f"{row.key}: 数字个数多于栏目数")
                table.rows.append(row)
                continue
            for p, raw in zip(pos, numbers, strict=False):
                row.cells[columns[p]] = _cell(seg.table_id, row.key, columns[p], raw, seg.unit, uncertain)
            table.rows.append(row)
    return table


def _lane_starts(header: list[list[RawCell | None]]) -> list[int]:
    for row in header:
        starts = [j for j, c in enumerate(row) if _text(c) in ("项目", "项 目")]
        if len(starts) >= 2:
            return starts
    return []


def _two_sided_row(
    table_id: str, lane: str, label: str, line_no: str | None, loc: Location, parent: str | None
) -> Row:
    key = normalise_label(label)
    role = "detail"
    if key.startswith("本年收入合计") or key.startswith("本年支出合计"):
        role = "subtotal"
    elif key in ("总计", "合计", "收入总计", "支出总计"):
        key, role = "总计", "total"  # some templates print the grand total as 合计 / 收入总计
    full_key = f"{parent}/{key}" if parent else key
    return Row(key=full_key, label=key, role=role, lane=lane, line_no=line_no, loc=loc, parent=parent)  # type: ignore[arg-type]


def _carry_parent(lane_rows: list[Row], key: str) -> str | None:
    """Rows after 年初结转和结余 / 年末结转和结余 (04表) detail it, until 总计."""
    if key in ("总计", "合计", "收入总计", "支出总计"):
        return None
    for r in reversed(lane_rows):
        if r.role == "total":
            return None
        if r.parent is None and r.key[:2] in ("年初", "年末", "上年", "年终") and "结转" in r.key:
            return r.key if key and not key.startswith("年") else None
        if r.parent is None and r.key and r.role != "detail":
            return None
    return None


def _is_figure_token(text: str) -> bool:
    """A token of a text line that is an amount: decimals or thousands separators, or a zero
    printed bare as “0” (no 行次, code or name is “0”)."""
    return looks_like_amount(text) or clean(text) == "0"


def _is_dash(text: str) -> bool:
    """A “-” / “—” printed for a zero or empty amount (a blank that holds its place)."""
    t = text.strip()
    return bool(t) and is_blank(t)


def _token_kinds(toks: list[RawCell]) -> list[str]:
    # a dash stands where an amount would: it is a (blank) figure, never a row label
    return [
        "int"
        if _INT.match(_text(t)) and _text(t) != "0"
        else "num"
        if _is_figure_token(t.text) or _is_dash(t.text)
        else "label"
        for t in toks
    ]


def _logical_two_sided_rows(body: list[RawRow]) -> list[tuple[list[RawCell], Location]]:
    """Join text lines that a wrapped label split ("22" / "二十二、…支" / "出" / "54 0.00 …")."""
    out: list[tuple[list[RawCell], Location]] = []
    acc: list[RawCell] = []
    loc: Location | None = None
    for r in body:
        toks = [c for c in r.cells if c is not None]
        if not toks:
            continue
        acc.extend(toks)
        loc = loc or r.loc
        kinds = _token_kinds(acc)
        ints = kinds.count("int")
        incomplete = ints == 0 or kinds == ["int"] or (kinds[-1] == "label" and ints < 2)
        if incomplete and len(acc) < 40:
            continue
        out.append((acc, loc))
        acc, loc = [], None
    if acc and loc is not None:
        out.append((acc, loc))
    return out


_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


def parse_two_sided(seg: Segment, problems: list[str]) -> Table:
    """01/04表 (and the budget 收支总表): 收入 lane and 支出 lane side by side, each with a label
    column, an optional 行次 column and amount columns."""
    spec = FINAL_ACCOUNT_TABLES.get(seg.table_id)
    budget = spec is None
    table = Table(
        id=seg.table_id,
        title=seg.title or (spec.title if spec else ""),
        unit=seg.unit,
        pages=sorted(seg.pages),
        loc=seg.loc,
        columns=list(spec.columns) if spec else [],
    )
    lanes: dict[str, list[Row]] = {"income": [], "expense": []}
    expense_cols = list(spec.lane_columns[1]) if spec else []

    def add(
        lane: str, label: str, line_no: str | None, values: list[tuple[str, RawCell, bool]], loc: Location
    ) -> Row | None:
        key = normalise_label(label)
        if not key:
            if any(not is_blank(v.text) for _, v, _u in values):
                problems.append(f"公开{seg.table_id}表 第{line_no}行: 有数字但没有项目名称")
                table.problems.append(f"行次{line_no}: 有数字但没有项目名称")
            return None
        parent = _carry_parent(lanes[lane], key) if seg.table_id in ("04", "B04") else None
        row = _two_sided_row(seg.table_id, lane, label, line_no, loc, parent)
        for col, raw, uncertain in values:
            row.cells[col] = _cell(seg.table_id, row.key, col, raw, seg.unit, uncertain)
        lanes[lane].append(row)
        return row

    def is_data(r: RawRow) -> bool:
        texts = [_text(c) for c in r.cells if c is not None]
        if budget:  # budget 收支总表 have no 行次: data rows carry numbered labels or amounts
            return any(_NUMBERED.match(t) or looks_like_amount(t) for t in texts)
        if _is_header_row(r):
            return False
        # a 行次, or (templates without 行次, e.g. 上海) a numbered item with its amounts
        return any(_INT.match(t) for t in texts) or (
            r.aligned
            and any(_NUMBERED.match(t) for t in texts)
            and any(looks_like_amount(t) or is_blank(t) for t in texts)
        )

    header, body = _split_header(seg.rows, is_data)
    if budget:
        header_texts = [[_text(c) for c in h.cells] for h in header]
        body = [r for r in body if [_text(c) for c in r.cells] not in header_texts]
    if any(r.aligned for r in seg.rows):
        width = max((len(r.cells) for r in seg.rows), default=0)
        starts = _lane_starts([r.cells for r in header]) or [0, width // 2]
        cols = _header_columns([r.cells for r in header], width)
        bounds = [(starts[0], starts[1]), (starts[1], width)]
        for r in body:
            cells = r.cells + [None] * (width - len(r.cells))
            for lane, (a, b) in zip(("income", "expense"), bounds, strict=True):
                label = cells[a].text if cells[a] is not None else ""
                line_no = None
                values: list[tuple[str, RawCell, bool]] = []
                for j in range(a + 1, b):
                    c = cells[j]
                    if c is None:
                        continue
                    t = _text(c)
                    name = cols[j][0]
                    if name is None and _INT.match(t) and line_no is None and not budget:
                        line_no = t
                        continue
                    if name is None and budget and lane == "income":
                        name = FINAL  # "2023年" / "金额": the lane's only amount column
                    if name is None:
                        continue
                    if lane == "income" or seg.table_id == "01":
                        name = FINAL
                    elif name == FINAL:
                        name = TOTAL
                    values.append((name, c, False))
                    if name not in table.columns:
                        table.columns.append(name)
                add(lane, label, line_no, values, r.loc)
    else:
        for toks, loc in _logical_two_sided_rows(body):
            kinds = _token_kinds(toks)
            # [label*] int [num*] [label*] int [num*]
            sides: list[tuple[str, str | None, list[RawCell]]] = []
            label_buf: list[str] = []
            i = 0
            while i < len(toks):
                if kinds[i] == "label":
                    label_buf.append(toks[i].text)
                    i += 1
                    continue
                if kinds[i] == "int":
                    line_no = _text(toks[i])
                    i += 1
                    nums: list[RawCell] = []
                    while i < len(toks) and kinds[i] == "num":
                        nums.append(toks[i])
                        i += 1
                    sides.append(("".join(label_buf), line_no, nums))
                    label_buf = []
                    continue
                i += 1  # a number before any 行次: cannot be placed
            if label_buf and sides:
                problems.append(f"公开{seg.table_id}表: 行末文字无法归属 {''.join(label_buf)}")
            for lane, (label, line_no, nums) in zip(("income", "expense"), sides, strict=False):
                cols = [FINAL] if lane == "income" or seg.table_id == "01" else expense_cols
                others: list[list[tuple[int, ...]]] = []
                placed = place_token_values(
                    seg.table_id if lane == "expense" else "", [normalise_label(label)], [nums], cols, others
                )
                pos, uncertain = placed[0]
                values = [(cols[p], raw, uncertain) for p, raw in zip(pos, nums, strict=False)]
                if len(nums) > len(cols):
                    problems.append(f"公开{seg.table_id}表 {normalise_label(label)}: 数字个数多于栏目数")
                    table.problems.append(f"{normalise_label(label)}: 数字个数多于栏目数")
                    values, others = [], [[]]
                row = add(lane, label, line_no, values, loc)
                if row is not None and others[0]:
                    row.alternatives = _alternative_cells(
                        seg.table_id, row.key, nums, cols, others[0], seg.unit
                    )
    table.rows = lanes["income"] + lanes["expense"]
    return table


def _insert_name_tails(line: list[RawCell], tails: list[RawCell]) -> list[RawCell]:
    """A 06表 text line with the next line's wrapped name tails put back after their names.

    A name wraps when it fills its cell, so with fewer tails than subjects each tail goes to the
    longest names of the line (the leftmost on a tie), in order; with as many tails as subjects,
    one to each."""
    if line and _ECON.match(_text(line[-1])):
        return [*line, *tails]  # the last subject's name comes on the next line
    names: list[tuple[int, int, bool]] = []  # (index of the name's last token, length, complete)
    i = 0
    while i < len(line):
        if _ECON.match(_text(line[i])):
            k, name = i + 1, ""
            while k < len(line) and not _ECON.match(_text(line[k])) and not _is_figure_token(line[k].text):
                name += clean(line[k].text)
                k += 1
            if k > i + 1:
                names.append((k - 1, len(name), name.endswith(_NAME_ENDINGS)))
            i = k
            continue
        i += 1
    if not names or len(tails) > len(names):
        return [*line, *tails]
    # the longest names first; of equally long ones, one that does not end like a subject name
    ranked = sorted(names, key=lambda n: (-n[1], n[2], n[0]))
    chosen = sorted(ranked[: len(tails)])
    out = list(line)
    for (at, _length, _complete), tail in sorted(zip(chosen, tails, strict=True), reverse=True):
        out.insert(at + 1, tail)
    return out


# How the names of economic and functional subjects end (工资福利支出, 奖金, 住房公积金, 生活补助,
# 公务用车运行维护费 …): a wrapped head rarely does.
_NAME_ENDINGS = ("费", "支出", "金", "贴", "助", "资", "险", "福利", "费用", "补偿", "设备")


def parse_econ_table(seg: Segment, problems: list[str]) -> Table:
    """06表: (科目代码, 科目名称, 决算数) groups side by side, 人员经费合计 / 公用经费合计 at the end."""
    table = Table(
        id="06",
        title=seg.title or FINAL_ACCOUNT_TABLES["06"].title,
        unit=seg.unit,
        pages=sorted(seg.pages),
        loc=seg.loc,
        columns=[FINAL],
    )
    seen: set[str] = set()

    def add_code(code: str, name: str, value: RawCell | None, loc: Location) -> None:
        if code in seen:
            return
        seen.add(code)
        domain, level = code_domain(code)
        row = Row(
            key=f"{code} {name}",
            label=name,
            code=code,
            domain=domain,
            level=level,  # type: ignore[arg-type]
            role="subtotal" if level == 1 else "detail",
            lane="personnel" if code[:3] in ("301", "303") else "operating",
            loc=loc,
        )
        if value is not None:
            row.cells[FINAL] = _cell("06", row.key, FINAL, value, seg.unit)
        table.rows.append(row)

    def add_total(label: str, value: RawCell | None, loc: Location) -> None:
        key = normalise_label(label)
        if key in seen:
            return
        seen.add(key)
        row = Row(
            key=key, label=key, role="total", lane="personnel" if "人员" in key else "operating", loc=loc
        )
        if value is not None:
            row.cells[FINAL] = _cell("06", key, FINAL, value, seg.unit)
        table.rows.append(row)

    token_rows: list[tuple[list[RawCell], Location]] = []
    pending: list[RawCell] = []
    pending_loc = seg.loc
    by_name_column: dict[int, Row] = {}  # the subject last read in each name column (grid rows)
    for r in seg.rows:
        cells = [c for c in r.cells]
        if r.aligned:
            texts = [_text(c) for c in cells]
            if by_name_column and not any(_ECON.match(t) or t.endswith("经费合计") for t in texts):
                # the wrapped tails of the names above, each in its own name column
                for j, t in enumerate(texts):
                    if t and j in by_name_column and _is_name_tail(t) and not looks_like_amount(t):
                        _append_name_tail(by_name_column[j], t)
                continue
            by_name_column = {}
            j = 0
            while j < len(cells):
                t = _text(cells[j])
                if _ECON.match(t):
                    name = _text(cells[j + 1]) if j + 1 < len(cells) else ""
                    value = cells[j + 2] if j + 2 < len(cells) else None
                    before = len(table.rows)
                    add_code(t, name, value, r.loc)
                    if len(table.rows) > before:
                        by_name_column[j + 1] = table.rows[-1]
                    j += 3
                    continue
                if t.endswith("经费合计") or t in ("人员经费合计", "公用经费合计"):
                    value = next(
                        (c for c in cells[j + 1 :] if c is not None and looks_like_amount(c.text)), None
                    )
                    if value is None:
                        value = next((c for c in cells[j + 1 : j + 3] if c is not None), None)
                    add_total(t, value, r.loc)
                j += 1
        else:
            toks = [c for c in cells if c is not None]
            if not toks:
                continue
            first = _text(toks[0])
            if pending and not _ECON.match(first) and not first.endswith("经费合计"):
                if all(_is_name_tail(t.text) and not _is_figure_token(t.text) for t in toks):
                    pending = _insert_name_tails(pending, toks)
                else:
                    pending.extend(toks)  # the wrapped tail of the previous line's last subject
                continue
            if pending:
                token_rows.append((pending, pending_loc))
            pending, pending_loc = list(toks), r.loc
    if pending:
        token_rows.append((pending, pending_loc))
    for toks, loc in token_rows:
        i = 0
        while i < len(toks):
            t = _text(toks[i])
            if _ECON.match(t):
                name_parts: list[str] = []
                k = i + 1
                while (
                    k < len(toks)
                    and not _ECON.match(_text(toks[k]))
                    and not _is_figure_token(toks[k].text)
                    and not _text(toks[k]).endswith("经费合计")
                ):
                    name_parts.append(toks[k].text)
                    k += 1
                value = toks[k] if k < len(toks) and _is_figure_token(toks[k].text) else None
                add_code(t, clean("".join(name_parts)), value, loc)
                i = k + (1 if value is not None else 0)
                continue
            if t.endswith("经费合计"):
                value = toks[i + 1] if i + 1 < len(toks) and _is_figure_token(toks[i + 1].text) else None
                add_total(t, value, loc)
                i += 2 if value is not None else 1
                continue
            i += 1
    return table


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


# At most this many joint placements of a side-by-side 09表 line are kept for ingest/reconcile.py.
MAX_SIDE_BY_SIDE = 64
_GROUP_ROWS = ("预算数", "决算数")


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

    def scored(part: Sequence[Amount | None]) -> list[tuple[int, Decimal, tuple[int, ...]]]:
        out = []
        for pos in itertools.combinations(range(n), len(part)):
            row = {columns[p]: a for p, a in zip(pos, part, strict=True)}
            out.append(
                (_score([row], [], None, columns, identities), identity_residual(row, identities), pos)
            )
        return out

    found: list[tuple[int, Decimal, float, int, tuple[int, ...], tuple[int, ...]]] = []
    for k in range(max(0, total - n), min(total, n) + 1):
        first, second = scored(values[:k]), scored(values[k:])
        if not first or not second:
            continue
        low_a, low_b = min(s for s, _r, _p in first), min(s for s, _r, _p in second)
        for sa, ra, pa in first:
            if sa > low_a + 1:
                continue
            for sb, rb, pb in second:
                if sb <= low_b + 1:
                    found.append((sa + sb, ra + rb, abs(k - total / 2), k, pa, pb))
    if not found:
        return []
    best = min(f[0] for f in found)
    # a placement that breaks an identity anyway reads best as the one nearest to holding it
    found = sorted((f for f in found if f[0] <= best + 1), key=lambda f: (f[0], f[1], f[2]))
    return [(k, pa, pb, s) for s, _r, _d, k, pa, pb in found[:MAX_SIDE_BY_SIDE]]


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


def parse_stats_table(seg: Segment, problems: list[str]) -> Table:
    """10表 部门决算公开相关信息统计表: sections of (项目, 行次, 统计数) rows."""
    table = Table(
        id="10",
        title=seg.title or FINAL_ACCOUNT_TABLES["10"].title,
        unit=seg.unit,
        pages=sorted(seg.pages),
        loc=seg.loc,
        columns=["统计数"],
    )
    section: str | None = None
    for r in seg.rows:
        toks = [c for c in r.cells if c is not None]
        texts = [_text(c) for c in toks]
        if not any(texts) or "栏次" in texts or texts[0] == "项目":
            continue
        label = texts[0]
        value = None
        line_no = None
        for c, t in zip(toks[1:], texts[1:], strict=False):
            if _INT.match(t) and line_no is None and value is None:
                line_no = t
            elif t and value is None:
                value = c
        key = normalise_label(label)
        if line_no is None and value is None:
            section = key
            continue
        row = Row(
            key=f"{section}/{key}" if section else key,
            label=key,
            line_no=line_no,
            parent=section,
            role="total" if key.startswith("合计") or "合计" in key else "detail",
            loc=r.loc,
        )
        if value is not None:
            row.cells["统计数"] = _cell("10", row.key, "统计数", value, seg.unit)
        table.rows.append(row)
    return table


_LABEL_HEADERS = ("项目", "单位名称", "项目名称", "部门预算支出经济科目名称", "科目名称")
_CIRCLED = re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")


def parse_label_table(seg: Segment, problems: list[str]) -> Table:
    """Tables whose rows are keyed by a label rather than a subject code (budget 三公, 基本支出
    分经济科目, 机关运行经费, 项目支出 tables): the first label column names the row, a second
    label column (when printed) names the row's parent category."""
    table = Table(id=seg.table_id, title=seg.title, unit=seg.unit, pages=sorted(seg.pages), loc=seg.loc)

    def is_data(r: RawRow) -> bool:
        texts = [_text(c) for c in r.cells]
        if any(looks_like_amount(t) for t in texts):
            return True
        first = texts[0] if texts else ""
        if not first or first in _LABEL_HEADERS or all(t.isdigit() or not t for t in texts):
            return False  # a header row (its first column is a header caption or blank)
        return True

    header, body = _split_header(seg.rows, is_data)
    width = max((len(r.cells) for r in seg.rows), default=0)
    cols = _header_columns([r.cells for r in header], width)
    value_cols = [(j, name) for j, (name, _g) in enumerate(cols) if name is not None and j >= 1]
    label_cols = [j for j in range(width) if j not in {v for v, _ in value_cols}]
    table.columns = list(dict.fromkeys(n for _, n in value_cols))
    header_texts = [[_text(c) for c in h.cells] for h in header]
    seen: dict[str, int] = {}
    for r in body:
        if not r.aligned:
            table.problems.append(f"第{r.loc.line}行: 无栏位信息的文本行未解析")
            continue
        texts = [_text(c) for c in r.cells]
        if texts in header_texts or all(t.isdigit() or not t for t in texts):
            continue
        labels = [texts[j] for j in label_cols if j < len(texts) and texts[j]]
        if not labels:
            continue
        key = normalise_label(_CIRCLED.sub("", labels[0]))
        parent = normalise_label(labels[1]) if len(labels) > 1 else None
        if key in seen:
            seen[key] += 1
            key = f"{key}#{seen[key]}"
        else:
            seen[key] = 1
        role = "total" if key in ("合计", "部门合计", "总计") else "detail"
        row = Row(key=key, label=key, role=role, parent=parent, loc=r.loc)  # type: ignore[arg-type]
        for j, name in value_cols:
            c = r.cells[j] if j < len(r.cells) else None
            if c is not None and name not in row.cells:
                row.cells[name] = _cell(seg.table_id, key, name, c, seg.unit)  # type: ignore[arg-type]
        table.rows.append(row)
    return table


# B09 国有资本经营预算收支预算表 ----------------------------------------------------------------

# Header words of a lane's label columns (编码 / 名称 / 项目); anything else heads an amount column.
_LANE_LABEL_WORDS = ("编码", "名称")
_LANE_TOTALS = ("合计", "总计", "收入合计", "支出合计", "收入总计", "支出总计")


def _is_lane_label_header(text: str) -> bool:
    t = normalise_label(text)
    return t in ("项目", "科目") or any(w in t for w in _LANE_LABEL_WORDS)


def _is_lane_total(text: str) -> bool:
    return normalise_label(text) in _LANE_TOTALS


def _is_capital_data(r: RawRow) -> bool:
    texts = [_text(c) for c in r.cells]
    if any(is_code(t) or _CODE_NAME.match(t) or looks_like_amount(t) for t in texts):
        return True
    first = next((t for t in texts if t), "")
    return _is_lane_total(first)


def _capital_lanes(
    header: list[list[RawCell | None]], width: int
) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int]]] | None:
    """(label columns, amount columns) of the 收入 lane and of the 支出 lane, from the header.

    The 支出 lane starts at the first label column (科目编码 / 项目) printed after an amount column.
    """
    kinds: list[str | None] = []
    for j in range(width):
        texts = [_text(h[j]) for h in header if j < len(h) and _text(h[j])]
        texts = [t for t in texts if not t.isdigit()]  # 栏次 numbers
        if not texts:
            kinds.append(None)
        elif any(_is_lane_label_header(t) for t in texts):
            kinds.append("label")
        else:
            kinds.append("value")
    start = next(
        (j for j in range(1, width) if kinds[j] == "label" and "value" in kinds[:j]),
        None,
    )
    if start is None:
        return None
    lanes = []
    for a, b in ((0, start), (start, width)):
        labels = [j for j in range(a, b) if kinds[j] != "value"]
        values = [j for j in range(a, b) if kinds[j] == "value"]
        # a label column left blank in the header (merged with 项目) still holds labels: keep only
        # the label columns before the first amount column
        first_value = values[0] if values else b
        lanes.append(([j for j in labels if j < first_value], values))
    return (lanes[0][0], lanes[0][1]), (lanes[1][0], lanes[1][1])


def _capital_row(code: str | None, label: str, lane: str, loc: Location) -> Row:
    row = _code_row("B09", code, label, loc)
    row.lane = lane
    if not code and _is_lane_total(row.key):
        row.role = "total"
    return row


_Side = tuple[str | None, str, list[RawCell]]


def _capital_token_sides(toks: list[RawCell], expense_width: int) -> tuple[_Side, _Side] | str:
    """A B09 text line without cell positions split into its 收入 and 支出 sides: (code, label,
    numbers) each, or why it cannot be split ("" for a line with nothing to read).

    A side starts at a subject code or a 合计 caption; a 合计 line printed once for both lanes
    is split only when its numbers fill every column (1 收入 + the 支出 columns) or are all blank.
    """
    groups: list[list[RawCell]] = []
    for tok in toks:
        t = _text(tok)
        starts = is_code(t) or (_CODE_NAME.match(t) and not looks_like_amount(t)) or _is_lane_total(t)
        if starts or not groups:
            groups.append([tok])
        else:
            groups[-1].append(tok)
    if not groups:
        return ""
    if len(groups) == 1 and _is_lane_total(_text(groups[0][0])):
        nums = [t for t in groups[0][1:] if looks_like_amount(t.text)]
        if len(nums) not in (0, 1 + expense_width):
            return "合计行的数字无法分属收入、支出两方，未读取"
        groups = [[groups[0][0], *nums[:1]], [groups[0][0], *nums[1:]]]
    if len(groups) != 2:
        return "无栏位信息的文本行无法分属收入、支出两方，未读取"
    sides: list[_Side] = []
    for group in groups:
        head = _text(group[0])
        m = None if looks_like_amount(head) else _CODE_NAME.match(head)
        code = m.group(1) if m else head if is_code(head) else None
        words = [m.group(2)] if m else [] if code else [head]
        nums: list[RawCell] = []
        for tok in group[1:]:
            if nums or looks_like_amount(tok.text):
                nums.append(tok)
            else:
                words.append(tok.text)
        sides.append((code, clean("".join(words)), nums))
    return sides[0], sides[1]


def parse_capital_budget(seg: Segment, problems: list[str]) -> Table:
    """B09 国有资本经营预算收支预算表: a 收入 lane (收入科目编码, 科目名称, 国有资本经营收入预算) and a
    支出 lane (科目编码, 科目名称, 合计, 基本支出, 项目支出) side by side; each lane is read like a
    code table (rows keyed by code and name, or by their 合计 label).

    The 合计 row is often captioned once, at the left, for both lanes: a lane whose label cells
    are blank on a row whose other lane reads 合计 is that lane's 合计. `rows` holds the 收入 lane's
    rows, then the 支出 lane's (as for the other two-sided tables), each with its lane: the 收入
    lane prints 收入科目 (103…, or in some templates a copy of the 支出 lane's functional codes),
    so readers of subject codes work lane by lane (rules.hierarchy sums each lane's codes to that
    lane's 合计) and never depend on this order.
    """
    (income_col,), expense_cols = B09_LANE_COLUMNS
    table = Table(id="B09", title=seg.title, unit=seg.unit, pages=sorted(seg.pages), loc=seg.loc)
    lanes: dict[str, list[Row]] = {"income": [], "expense": []}
    columns: dict[str, None] = {}

    def unplaced(where: str, what: str) -> None:
        problems.append(f"{seg.title or 'B09'} {where}: {what}")
        table.problems.append(f"{where}: {what}")

    header, body = _split_header(seg.rows, _is_capital_data)
    if any(r.aligned for r in seg.rows):
        width = max((len(r.cells) for r in seg.rows), default=0)
        layout = _capital_lanes([r.cells for r in header], width)
        if layout is None:
            table.problems.append("未识别出收入、支出两方的栏位，未解析")
            return table
        names = _header_columns([r.cells for r in header], width)
        header_texts = [[_text(c) for c in h.cells] for h in header]
        named: dict[str, list[tuple[int, str]]] = {"income": [], "expense": []}
        for lane, (_labels, values) in zip(("income", "expense"), layout, strict=True):
            for j in values:
                name = income_col if lane == "income" and len(values) == 1 else names[j][0]
                if name is None or (lane == "expense" and name not in expense_cols):
                    table.problems.append(f"第{j + 1}栏: 栏目名称无法识别，未读取")
                    continue
                named[lane].append((j, name))
        for r in body:
            cells = r.cells + [None] * (width - len(r.cells))
            texts = [_text(c) for c in cells]
            if texts in header_texts or not any(texts):
                continue
            read: dict[str, tuple[str | None, str]] = {}
            for lane, (labels, _values) in zip(("income", "expense"), layout, strict=True):
                first = texts[labels[0]] if labels else ""
                second = texts[labels[1]] if len(labels) > 1 else ""
                read[lane] = _split_code_name(first, second)
            for lane, other in (("income", "expense"), ("expense", "income")):
                code, label = read[lane]
                if not code and not label and not read[other][0] and _is_lane_total(read[other][1]):
                    read[lane] = (None, read[other][1])  # the 合计 caption printed once for both lanes
            for lane in ("income", "expense"):
                code, label = read[lane]
                printed = [(name, cells[j]) for j, name in named[lane] if cells[j] is not None]
                if not code and not label:
                    if any(not is_blank(c.text) for _n, c in printed):
                        unplaced(f"第{r.loc.line or r.loc.page}行", "有数字但没有科目名称，未读取")
                    continue
                row = _capital_row(code, label, lane, r.loc)
                for name, c in printed:
                    row.cells[name] = _cell("B09", row.key, name, c, seg.unit)
                    columns[name] = None
                lanes[lane].append(row)
    else:
        for r in body:
            where = f"第{r.loc.line or r.loc.page}行"
            sides = _capital_token_sides(
                [c for c in r.cells if c is not None and _text(c)], len(expense_cols)
            )
            if isinstance(sides, str):
                if sides:
                    unplaced(where, sides)
                continue
            for lane, (code, label, nums) in zip(("income", "expense"), sides, strict=True):
                row = _capital_row(code, label, lane, r.loc)
                lane_cols = [income_col] if lane == "income" else list(expense_cols)
                if len(nums) > len(lane_cols):
                    unplaced(where, f"{row.key} 数字个数多于栏目数，未读取")
                    nums = []
                ((pos, uncertain),) = place_token_values(
                    "B09" if lane == "expense" else "", [row.key], [nums], lane_cols
                )
                for p, raw in zip(pos, nums, strict=False):
                    row.cells[lane_cols[p]] = _cell("B09", row.key, lane_cols[p], raw, seg.unit, uncertain)
                    columns[lane_cols[p]] = None
                lanes[lane].append(row)
    order = [income_col, *expense_cols]
    table.columns = [c for c in order if c in columns] + [c for c in columns if c not in order]
    table.rows = lanes["income"] + lanes["expense"]
    return table


def _zeros_at_table_precision(table: Table) -> None:
    """A zero printed bare (“0”) among figures with decimals is an exact zero printed at the
    table's own precision, not a whole number of ±0.5: a figure changed beside it must show."""
    places = Counter(c.amount.decimals for c in table.cells() if c.amount is not None and c.amount.value != 0)
    if not places:
        return
    decimals = places.most_common(1)[0][0]
    for c in table.cells():
        a = c.amount
        if a is not None and a.value == 0 and a.decimals < decimals and clean(c.text) == "0":
            c.amount = replace(a, decimals=decimals)


_FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")


def _prints_figures(seg: Segment) -> bool:
    """True when the table's lines print a non-zero amount (a number with decimals or thousands
    separators: not a 行次, a column number or a subject code)."""
    for r in seg.rows:
        for c in r.cells:
            t = _text(c)
            if _FIGURE.match(t) and (a := parse_amount(t)) is not None and a.value != 0:
                return True
    return False


def parse_segment(seg: Segment, problems: list[str]) -> Table | None:
    """Parse one table segment according to its id."""
    if seg.table_id in ("01", "04"):
        table = parse_two_sided(seg, problems)
    elif seg.table_id == "06":
        table = parse_econ_table(seg, problems)
    elif seg.table_id == "09":
        table = parse_three_public(seg, problems)
    elif seg.table_id == "10":
        table = parse_stats_table(seg, problems)
    elif seg.table_id in FINAL_ACCOUNT_TABLES:
        table = parse_code_table(seg, problems)
    elif seg.table_id.startswith("B"):
        spec = budget_table(seg.title)
        if spec is not None and spec.id == "B09":
            table = parse_capital_budget(seg, problems)
        elif spec is not None and spec.shape == "code":
            table = parse_code_table(seg, problems)
        elif spec is not None and spec.shape == "two_sided":
            table = parse_two_sided(seg, problems)
        elif spec is not None and any(r.aligned for r in seg.rows):
            table = parse_label_table(seg, problems)
        else:
            # recognised but its layout is not read yet: kept so completeness knows it is there
            table = Table(
                id=seg.table_id, title=seg.title, unit=seg.unit, pages=sorted(seg.pages), loc=seg.loc
            )
            table.problems.append("表格已识别，但该预算表版式暂不解析")
    else:
        problems.append(f"公开{seg.table_id}表不是标准决算表，未解析")
        return None
    _zeros_at_table_precision(table)
    table.empty = not any(c.amount is not None for c in table.cells())
    if table.empty and _prints_figures(seg):
        table.unread = "表中印有金额，但表头未能识别，金额无法对应到栏目"
        table.problems.append(table.unread)
        problems.append(f"公开{seg.table_id}表: {table.unread}")
    if table.id == "B09" and not table.empty:
        # the 国有资本经营预算 template is printed by every unit, most with 0.00 throughout: no figures
        table.empty = all(c.amount is None or c.amount.value == 0 for c in table.cells())
    return table
