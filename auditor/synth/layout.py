"""Print layouts of a synthetic disclosure: the ways real templates differ in how a table is labelled
and laid out, applied to a generated document without changing a single figure.

A `Layout` says how each table is labelled (公开NN表 / 表N / 附表N / title only), where the money unit
is stated (`单位：万元`, `金额单位：万元`, or in the title), whether the column-number row (栏次 1 2 3 …)
is printed, whether 科目编码 stands in one cell or is split into 类 | 款 | 项 columns, and how the
text rendition separates cells (tabs with blanks kept, or single spaces with blank cells dropped, as a
plain text extraction of a PDF reads). `apply_layout` returns a new document whose grids (and the
grid positions of its cell records) follow the layout; the renderers read the rest from `doc.layout`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from auditor.synth.model import Align, CellRecord, SyntheticDisclosure, SynthTable

Label = Literal["gongkai", "biao", "fubiao", "none"]
UnitLine = Literal["danwei", "jine", "title"]
TextSeparator = Literal["tab", "space"]
# How 09表 prints its 预算数 / 决算数: as two body rows under one header ("rows", the seeds'
# template), or side by side in one row of 2 × N columns whose group label stands in a header row
# of its own ("own"), is merged into the first column name (预算数合计 | 因公出国（境）费 | … |
# 决算数合计 | …, "merged"), or is not printed at all ("none": the first half is 预算数).
ThreePublicGroups = Literal["rows", "own", "merged", "none"]

LABELS: tuple[Label, ...] = ("gongkai", "biao", "fubiao", "none")
UNIT_LINES: tuple[UnitLine, ...] = ("danwei", "jine", "title")

_NUMBER_ROW = re.compile(r"^(?:栏次|\d{1,2})?$")


@dataclass(frozen=True)
class Layout:
    """How a document's tables are printed (defaults: the seeds' own template)."""

    label: Label = "gongkai"
    unit_line: UnitLine = "danwei"
    number_row: bool = True
    split_codes: bool = False
    separator: TextSeparator = "tab"
    yuan_tables: tuple[str, ...] = ()  # tables printed in 元 (单位：元), the rest in 万元
    tp_groups: ThreePublicGroups = "rows"
    tp_meeting: bool = True  # 09表 with 会议费 / 培训费 columns
    tp_nested: bool = False  # side by side: 公务用车购置及运行维护费 over 小计 | 购置费 | 运行维护费
    table_10: bool = False  # 公开10表 部门决算公开相关信息统计表 printed after 09表
    # the label and the money unit on the title line itself (“公开01表   收入支出决算总表   单位：万元”),
    # the unit's name alone on the line below
    title_line: bool = False
    # an empty table's explanation (“本部门本年度无…，本表为空表。”) printed as a row inside the grid,
    # spanning every column, instead of a note below it
    empty_row: bool = False
    # long tables continued on a second page whose header rows are printed again (a page break in
    # the middle of the body)
    page_split: bool = False
    # subject names longer than this many characters wrap onto a second line inside their cell
    # (0: never): the tail stands on a line of its own below the row's figures
    wrap_names: int = 0

    @property
    def name(self) -> str:
        """A short, stable name for reports and test ids."""
        parts = [self.label, self.unit_line]
        if not self.number_row:
            parts.append("nonum")
        if self.split_codes:
            parts.append("split")
        if self.yuan_tables:
            parts.append("yuan" + "+".join(self.yuan_tables))
        if self.tp_groups != "rows":
            parts.append(f"tp-{self.tp_groups}")
        if not self.tp_meeting:
            parts.append("tp-nomeeting")
        if self.tp_nested:
            parts.append("tp-nested")
        if self.table_10:
            parts.append("t10")
        if self.title_line:
            parts.append("titleline")
        if self.empty_row:
            parts.append("emptyrow")
        if self.page_split:
            parts.append("pagesplit")
        if self.wrap_names:
            parts.append(f"wrap{self.wrap_names}")
        if self.separator == "space":
            parts.append("space")
        return "-".join(parts)

    def money_unit(self, table_id: str | None) -> str:
        """The money unit a table is printed in."""
        return "元" if table_id in self.yuan_tables else "万元"


DEFAULT_LAYOUT = Layout()


def table_label(table_id: str, layout: Layout) -> str | None:
    """The label line printed under a table's title, or None for title-only templates."""
    number = int(table_id)
    if layout.label == "gongkai":
        return f"公开{table_id}表"
    if layout.label == "biao":
        return f"表{number}"
    if layout.label == "fubiao":
        return f"附表{number}"
    return None


def table_title(table: SynthTable, layout: Layout) -> str:
    """The title as printed (with the money unit when the layout puts it there)."""
    if layout.unit_line == "title":
        return f"{table.title}（单位：{layout.money_unit(table.id)}）"
    return table.title


# Body rows a table needs before `Layout.page_split` breaks it over two pages.
PAGE_SPLIT_MIN_ROWS = 12


def money_text(layout: Layout, table_id: str | None) -> str:
    """The money-unit statement of a table (`单位：万元` / `金额单位：元`)."""
    money = layout.money_unit(table_id)
    return f"金额单位：{money}" if layout.unit_line == "jine" else f"单位：{money}"


def title_line_parts(table: SynthTable, layout: Layout) -> list[str]:
    """The pieces of a title line that also carries the label and the money unit (left, centre,
    right), for `Layout.title_line`."""
    label = table_label(table.id, layout)
    money = "" if layout.unit_line == "title" else money_text(layout, table.id)
    return [label or "", table_title(table, layout), money]


def page_split_at(table: SynthTable, layout: Layout) -> int | None:
    """The body row before which a long table's second page starts (`Layout.page_split`), or None."""
    if not layout.page_split or len(table.body) < PAGE_SPLIT_MIN_ROWS:
        return None
    return len(table.body) // 2


def name_columns(table: SynthTable) -> set[int]:
    """Grid columns holding subject names (under a 科目名称 / 项目 header) of a table with 科目编码."""
    if not any("科目编码" in cell for row in table.header for cell in row):
        return set()
    return {c for row in table.header for c, cell in enumerate(row) if cell == "科目名称"}


def wrapped_rows(table: SynthTable, row: list[str], layout: Layout) -> list[list[str]]:
    """A body row as printed when `Layout.wrap_names` wraps its long subject names: the row with
    each name's head, then a row holding only the tails (none when nothing wraps)."""
    n = layout.wrap_names
    cols = name_columns(table) if n else set()
    if not any(c < len(row) and len(row[c]) > n for c in cols):
        return [row]
    head, tail = list(row), [""] * len(row)
    for c in cols:
        if c < len(row) and len(row[c]) > n:
            head[c], tail[c] = row[c][:n], row[c][n:]
    return [head, tail]


def meta_text(unit: str, layout: Layout, table_id: str | None = None) -> str:
    """The line under a table's label: the unit name, and the money unit unless it is in the title
    (or on the title line)."""
    if layout.unit_line == "title" or layout.title_line:
        return f"部门：{unit}"
    money = layout.money_unit(table_id)
    money = f"金额单位：{money}" if layout.unit_line == "jine" else f"单位：{money}"
    return f"部门：{unit}      {money}"


def _is_number_row(row: list[str]) -> bool:
    cells = [c.strip() for c in row]
    return any(c.isdigit() for c in cells) and all(_NUMBER_ROW.match(c) for c in cells)


def _drop_number_row(table: SynthTable) -> SynthTable:
    keep = [i for i, row in enumerate(table.header) if not _is_number_row(row)]
    if len(keep) == len(table.header):
        return table
    new_index = {old: new for new, old in enumerate(keep)}
    spans = []
    for c0, r0, c1, r1 in table.header_spans:
        rows = [new_index[r] for r in range(r0, r1 + 1) if r in new_index]
        if rows and (c1 > c0 or rows[-1] > rows[0]):
            spans.append((c0, rows[0], c1, rows[-1]))
    return replace(table, header=[table.header[i] for i in keep], header_spans=spans)


def _code_row(table: SynthTable) -> int | None:
    """The header row naming 科目编码 | 科目名称 of a single-lane functional table, if any."""
    for i, row in enumerate(table.header):
        if row[0] == "科目编码" and len(row) > 1 and row[1] == "科目名称" and row.count("科目编码") == 1:
            return i
    return None


def _split_code(code: str) -> list[str]:
    return [code[:3], code[3:5], code[5:7]] if code else ["", "", ""]


def _split_code_column(table: SynthTable, code_row: int) -> SynthTable:
    """科目编码 as three columns 类 | 款 | 项 under it (the 财政部 template's print); every other
    column moves two to the right and a 类/款/项 header row is added below the 科目编码 row."""

    def col(c: int) -> int:
        return c + 2 if c > 0 else 0

    def row(r: int) -> int:
        return r + 1 if r > code_row else r

    header: list[list[str]] = []
    for i, cells in enumerate(table.header):
        header.append([cells[0], "", ""] + cells[1:])
        if i == code_row:
            header.append(["类", "款", "项"] + [""] * (len(cells) - 1))
    spans: list[tuple[int, int, int, int]] = []
    covered: set[int] = set()
    for c0, r0, c1, r1 in table.header_spans:
        end = row(r1) + (1 if r1 == code_row else 0)
        spans.append((col(c0), row(r0), c1 + 2, end))
        if r0 <= code_row <= r1:
            covered.update(range(c0, c1 + 1))
    spans.append((0, code_row, 2, code_row))
    for c in range(1, len(table.header[code_row])):
        if c not in covered:
            spans.append((col(c), code_row, col(c), code_row + 1))
    body = [_split_code(cells[0]) + cells[1:] for cells in table.body]
    body_spans = [(col(c0), r0, c1 + 2, r1) for c0, r0, c1, r1 in table.body_spans]
    align: list[Align] = ["L", "L", "L", *table.align[1:]]
    return replace(table, header=header, header_spans=spans, body=body, body_spans=body_spans, align=align)


TP_NAMES: tuple[str, ...] = (
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行维护费",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务接待费",
)
TP_EXTRA: tuple[str, ...] = ("会议费", "培训费")
TP_TITLE = "财政拨款“三公”经费支出决算表"


def _three_public(
    table: SynthTable, cells: list[CellRecord], layout: Layout
) -> tuple[SynthTable, list[CellRecord]]:
    """09表 as the layout prints it: with or without 会议费 / 培训费, and 预算数 / 决算数 as two
    rows or side by side (group labels in a row of their own, merged into the first column name, or
    absent). The records of 09表 come back with their new grid positions."""
    names = TP_NAMES + (TP_EXTRA if layout.tp_meeting else ())
    mine = [c for c in cells if c.table == "09" and c.column in names]
    title = table.title if layout.tp_meeting else TP_TITLE
    if layout.tp_groups == "rows":
        if layout.tp_meeting:
            return table, mine
        keep = len(TP_NAMES) + 1
        header = [row[:keep] for row in table.header]
        spans = [(c0, r0, min(c1, keep - 1), r1) for c0, r0, c1, r1 in table.header_spans if c0 < keep]
        body = [row[:keep] for row in table.body]
        return replace(
            table, title=title, header=header, header_spans=spans, body=body, align=table.align[:keep]
        ), mine
    n = len(names)
    body = [[""] * (2 * n)]
    moved: list[CellRecord] = []
    for c in mine:
        col = names.index(c.column) + (n if c.row == "决算数" else 0)
        body[0][col] = c.text
        moved.append(replace(c, grid_row=0, grid_col=col))
    header: list[list[str]]
    spans: list[tuple[int, int, int, int]] = []
    if layout.tp_groups == "own":
        header = [["预算数"] + [""] * (n - 1) + ["决算数"] + [""] * (n - 1), list(names) * 2]
        spans = [(0, 0, n - 1, 0), (n, 0, 2 * n - 1, 0)]
    elif layout.tp_groups == "merged":
        header = [["预算数合计", *names[1:], "决算数合计", *names[1:]]]
    else:
        header = [list(names) * 2]
    if layout.tp_nested:
        header, spans = _nest_car_columns(header, spans, n)
    if layout.number_row:
        header.append([str(i + 1) for i in range(2 * n)])
    return SynthTable(
        "09", title, header, spans, body, align=["R"] * (2 * n), landscape=True, note=table.note
    ), moved


def _nest_car_columns(
    header: list[list[str]], spans: list[tuple[int, int, int, int]], n: int
) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The last header row of a side-by-side 09表 in two rows: 公务用车购置及运行维护费 over
    小计 | 公务用车购置费 | 公务用车运行维护费, every other column name spanning both rows."""
    top = header[-1]
    r = len(header) - 1
    below = [""] * len(top)
    spans = list(spans)
    car = TP_NAMES.index("公务用车购置及运行维护费")
    for half in (0, n):
        for i in range(n):
            c = half + i
            if i == car:
                below[c : c + 3] = ["小计", top[c + 1], top[c + 2]]
                top[c + 1] = top[c + 2] = ""
                spans.append((c, r, c + 2, r))
            elif not (car < i <= car + 2):
                spans.append((c, r, c, r + 1))
    return [*header[:-1], top, below], spans


def _in_yuan(cells: list[CellRecord], tables: set[str], thousands: bool) -> list[CellRecord]:
    """The records of tables printed in 元: the exact amount with 2 decimals (1,234,567.00)."""
    out: list[CellRecord] = []
    for c in cells:
        if c.table in tables and c.yuan is not None and c.text != "0":
            text = f"{c.yuan:,.2f}" if thousands else f"{c.yuan:.2f}"
            c = replace(c, text=text, value=Decimal(c.yuan).quantize(Decimal("0.01")), unit="元")
        out.append(c)
    return out


def apply_layout(doc: SyntheticDisclosure, layout: Layout, *, thousands: bool = True) -> SyntheticDisclosure:
    """The same document printed in `layout`: the grids follow it, every cell record still points at
    its (moved) grid position, and the renderers print labels and unit lines as it says. Tables the
    layout prints in 元 print each amount's exact 元 (with thousands separators as `thousands`
    says)."""
    tables: dict[str, SynthTable] = {}
    shifted: set[str] = set()
    cells: list[CellRecord] = _in_yuan(doc.cells, set(layout.yuan_tables), thousands)
    if "09" in doc.tables:
        t09, moved = _three_public(doc.tables["09"], cells, layout)
        cells = [c for c in cells if c.table != "09"] + moved
        doc = replace(doc, tables={**doc.tables, "09": t09})
    for tid, table in doc.tables.items():
        body = table.body
        if tid in layout.yuan_tables:
            body = [list(row) for row in body]
            for c in cells:
                if c.table == tid:
                    body[c.grid_row][c.grid_col] = c.text
            note = "注：本表金额单位为元。" if "万元" in table.note else table.note
            table = replace(table, body=body, note=note)
        t = table if layout.number_row else _drop_number_row(table)
        code_row = _code_row(t) if layout.split_codes else None
        if code_row is not None:
            t = _split_code_column(t, code_row)
            shifted.add(tid)
        if layout.empty_row and "空表" in t.note:
            t = _empty_row(t)
        tables[tid] = t
    cells = [replace(c, grid_col=c.grid_col + 2) if c.table in shifted else c for c in cells]
    return replace(doc, tables=tables, cells=cells, layout=layout)


def _empty_row(table: SynthTable) -> SynthTable:
    """An empty table whose explanation stands in its grid: one body row, spanning every column,
    under its 合计 row (“本部门本年度无…，本表为空表。”), and no note below."""
    sentence = re.sub(r"^(?:注|备注|说明)\s*[:：]\s*", "", table.note)
    r = len(table.body)
    body = [*table.body, [sentence] + [""] * (table.width - 1)]
    return replace(table, body=body, body_spans=[*table.body_spans, (0, r, table.width - 1, r)], note="")


def all_layouts() -> list[Layout]:
    """Every combination of the layout choices (label × unit line × number row × split codes ×
    text separator)."""
    return [
        Layout(label, unit_line, number_row, split_codes, separator)
        for label, unit_line, number_row, split_codes, separator in itertools.product(
            LABELS, UNIT_LINES, (True, False), (False, True), ("tab", "space")
        )
    ]
