"""The structured truth of a synthetic disclosure: printed grids, cell records, narrative claims.

A `SyntheticDisclosure` is what both renderers (PDF and text) draw from, so the truth records
and the rendered document cannot drift apart: every amount cell of a table grid has exactly one
`CellRecord` pointing at its grid position, and every figure in the narrative that a rule could
check has a `NarrativeClaim` pointing at its character offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from auditor.synth.layout import Layout

Align = Literal["L", "C", "R"]
ParaStyle = Literal["title", "part", "h1", "h2", "body"]

HUNDREDTH = Decimal("0.01")


def yuan_to_wan(yuan: int) -> Decimal:
    """An exact 元 amount as printed in 万元 with 2 decimals (half-up, as Excel prints)."""
    return (Decimal(yuan) / 10000).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def format_wan(value: Decimal, *, thousands: bool = True) -> str:
    """A 万元 value as printed: 2 decimals, thousands separators ("1,049.22")."""
    return f"{value:,.2f}" if thousands else f"{value:.2f}"


def parse_printed(text: str) -> Decimal:
    """The value of a printed amount ("1,049.22" → Decimal("1049.22"))."""
    return Decimal(text.replace(",", ""))


@dataclass(frozen=True)
class CellRecord:
    """One printed amount cell and where it stands in its table's grid.

    `row` is the row key as ingest names it ("合计", "2101501 行政运行", "本年支出合计",
    "30101 基本工资", "人员经费合计", "预算数"), `column` a canonical column name from
    `ingest.schema`, `lane` "income"/"expense" (01, 04) or "personnel"/"operating" (06).
    `yuan` is the exact amount the printed text was rounded from (None once a defect was injected).
    """

    table: str
    row: str
    column: str
    text: str
    value: Decimal
    lane: str | None = None
    yuan: int | None = None
    grid_row: int = 0  # index into SynthTable.body
    grid_col: int = 0
    unit: str = "万元"  # "元" in a table printed in 元 (then `value` and `text` are in 元)

    @property
    def scale(self) -> int:
        """How many printed units make one 万元 (1, or 10000 for a cell printed in 元)."""
        return 10000 if self.unit == "元" else 1


@dataclass
class SynthTable:
    """A table as printed: header grid with merges, body grid of texts, layout hints."""

    id: str  # "01" … "09"
    title: str
    header: list[list[str]]
    header_spans: list[tuple[int, int, int, int]]  # (col0, row0, col1, row1) inclusive
    body: list[list[str]]
    body_spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # rows of body
    align: list[Align] = field(default_factory=list)  # per column, for body cells
    landscape: bool = False
    note: str = ""

    @property
    def width(self) -> int:
        """Number of grid columns."""
        return len(self.header[0])


@dataclass
class NarrativePara:
    """A narrative paragraph (or heading) of the 情况说明."""

    style: ParaStyle
    text: str


@dataclass(frozen=True)
class NarrativeClaim:
    """A figure printed in the narrative: what it states and where it is.

    `topic` names the statement ("income_expense_total", "basic_expense", "basic_share",
    "three_public_final" …); `ref` is the (table, row, column, lane) cell the amount restates
    when there is one; `start` is the character offset of `text` in its paragraph.
    """

    paragraph: int
    start: int
    text: str
    value: Decimal
    unit: str  # "万元" or "%"
    topic: str
    ref: tuple[str, str, str, str | None] | None = None


@dataclass
class SyntheticDisclosure:
    """A generated 部门决算 with its structured truth."""

    seed: int
    unit: str
    year: int
    kind: str = "final_account"
    level: str = "department"
    tables: dict[str, SynthTable] = field(default_factory=dict)
    cells: list[CellRecord] = field(default_factory=list)
    paragraphs: list[NarrativePara] = field(default_factory=list)
    claims: list[NarrativeClaim] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=dict)  # exact 元 of the headline figures
    layout: Layout | None = None  # how the tables are labelled and laid out (None: the default)

    def cell(self, table: str, row: str, column: str, lane: str | None = None) -> CellRecord | None:
        """The record of one printed cell, or None when that cell is blank or absent."""
        for c in self.cells:
            if c.table == table and c.row == row and c.column == column:
                if lane is None or c.lane == lane:
                    return c
        return None

    def table_cells(self, table: str) -> list[CellRecord]:
        """All records of one table in grid order."""
        return [c for c in self.cells if c.table == table]


@dataclass(frozen=True)
class InjectedDefect:
    """What `inject` changed: one printed cell (or one narrative figure), before and after."""

    kind: str
    table: str  # table id, or "narrative"
    row: str  # row key, or the claim's topic
    column: str  # canonical column, or "" for narrative
    old_text: str
    new_text: str
    description: str
    lane: str | None = None
    paragraph: int | None = None  # narrative defects: paragraph index
