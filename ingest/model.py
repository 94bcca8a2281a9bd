"""Plain data that ingest/ produces and rules/ consumes: a disclosure, its tables, rows and cells.

Nothing here knows about PDFs, rules or the database. Every printed figure is a `Cell` whose
`amount` is a `Decimal` with the precision it was printed with; a blank cell has `amount=None`
("not printed"), never zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Kind = Literal["final_account", "budget", "unknown"]
Level = Literal["department", "unit", "unknown"]
Role = Literal["detail", "subtotal", "total", "header", "note", "group", "indicator"]
Domain = Literal["func", "econ", "rev"]


@dataclass(frozen=True)
class Location:
    """Where something was printed: page and bounding box for PDFs, line number for text."""

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    line: int | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form used in evidence."""
        return {
            "page": self.page,
            "bbox": [round(v, 1) for v in self.bbox] if self.bbox else None,
            "line": self.line,
        }


_PLAIN_KEYS = frozenset({"table", "row", "column", "value", "unit", "quote", "page", "line"})


@dataclass(frozen=True, slots=True, eq=False)
class Evidence(Mapping[str, object]):
    """One place a finding points at: a table cell, a row, a whole table, a sentence or a narrative
    figure, with what was printed there and where.

    Typed for the code that builds and reads it (`Evidence.cell`, `.text`, `.claim`, …); it is also a
    read-only mapping in the JSON contract shape (`dict(e)`, `e["row"]`, `e.get("quote")`) so the
    store, the API and the reports read it as they read JSON. Keys always present: table, row,
    column, value, unit, quote, page, bbox, line; ``figure``/``subject``/``section`` for a narrative
    figure, ``uncertain`` when a column position was inferred, ``placements`` when a text row's
    figures fit more than one placement (rules/placement.py). An entry equals its JSON form.
    """

    table: str | None = None  # table id (“03”, “B05”, “P01”)
    row: str | None = None  # row key
    column: str | None = None  # canonical column name
    value: str | None = None  # the figure as the finding shows it
    unit: str | None = None
    quote: str = ""  # the printed text (cell text, sentence, caption)
    loc: Location = field(default_factory=Location)
    figure: str | None = None  # a narrative figure as printed (“157.98万元”)
    subject: str | None = None  # … what it is about
    section: str | None = None  # … and the section it stands in
    uncertain: bool = False  # the column position was inferred by ingest, not read
    placements: tuple[tuple[str, ...], ...] | None = None  # the columns of each kept placement

    def json(self) -> dict[str, object]:
        """The entry in the JSON contract shape (keys in their documented order)."""
        d: dict[str, object] = {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "unit": self.unit,
            "quote": self.quote,
        }
        if self.figure is not None:
            d.update(figure=self.figure, subject=self.subject, section=self.section)
        d.update(self.loc.as_dict())
        if self.uncertain:
            d["uncertain"] = True
        if self.placements is not None:
            d["placements"] = [list(p) for p in self.placements]
        return d

    @property
    def page(self) -> int | None:
        """Page (PDF) of the place, if known."""
        return self.loc.page

    @property
    def line(self) -> int | None:
        """Line (text) of the place, if known."""
        return self.loc.line

    def __getitem__(self, key: str) -> object:
        if key in _PLAIN_KEYS:
            return getattr(self, key)
        return self.json()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.json())

    def __len__(self) -> int:
        return len(self.json())


@dataclass(frozen=True)
class Amount:
    """A printed number: exact value, the decimals it was printed with, and its money unit."""

    value: Decimal
    decimals: int
    unit: str = "万元"  # '万元', '元' or '%' (or '' for counts)

    @property
    def half_ulp(self) -> Decimal:
        """Half of the last printed digit: the rounding interval's radius."""
        return Decimal(5).scaleb(-self.decimals - 1)

    def in_yuan(self) -> Decimal:
        """Value converted to 元 (money only)."""
        return self.value * 10000 if self.unit == "万元" else self.value


@dataclass
class Cell:
    """One table cell as printed."""

    table: str  # table id, e.g. "03"
    row: str  # row key, e.g. "2101501 行政运行" or "本年支出合计"
    column: str  # canonical column name, e.g. "基本支出"
    text: str  # the printed text, as extracted
    amount: Amount | None  # None when the cell is blank or not a number
    loc: Location = field(default_factory=Location)
    uncertain: bool = False  # column position inferred rather than read (e.g. text without tabs)

    def evidence(self) -> Evidence:
        """The cell as a finding's evidence."""
        return Evidence(
            table=self.table,
            row=self.row,
            column=self.column,
            value=format_amount(self.amount) if self.amount else None,
            unit=self.amount.unit if self.amount else None,
            quote=self.text,
            loc=self.loc,
            uncertain=self.uncertain,
        )


@dataclass
class Row:
    """A table row: a subject code and name (or a label), its role and its cells by column."""

    key: str  # "2101501 行政运行", "合计", "本年支出合计", "预算数" ...
    label: str  # the printed label (name or caption) without its code
    code: str | None = None
    domain: Domain | None = None  # functional 2xx / economic 3xx / revenue 1xx
    level: int | None = None  # 1 类 / 2 款 / 3 项 (functional); 1 类 / 2 款 (economic)
    role: Role = "detail"
    lane: str | None = None  # for two-sided tables: "income" / "expense"; 06表: "personnel"/"operating"
    line_no: str | None = None  # 行次 as printed
    parent: str | None = None  # key of the row this one details (e.g. sub-rows of 年初结转和结余 in 04表)
    cells: dict[str, Cell] = field(default_factory=dict)
    loc: Location = field(default_factory=Location)
    # Other placements of a text row's figures (blank cells dropped) that keep every identity of
    # its table as well as `cells` does: the columns were chosen among them by guess.
    alternatives: list[dict[str, Cell]] = field(default_factory=list)

    def amount(self, column: str) -> Amount | None:
        """The printed amount in `column`, or None when blank or absent."""
        cell = self.cells.get(column)
        return cell.amount if cell else None


@dataclass
class Table:
    """A recognised standard table, continuation pages already joined."""

    id: str  # "01".."10" for 决算; "B01".. for budget tables; "P.." for 绩效 forms
    title: str
    unit: str = "万元"
    columns: list[str] = field(default_factory=list)  # canonical column names in printed order
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    loc: Location = field(default_factory=Location)
    empty: bool = False  # printed with no figures at all
    # why the figures a table prints could not be read (its header not understood), "" when read;
    # such a table is neither empty nor checked: its checks are not evaluated
    unread: str = ""
    problems: list[str] = field(default_factory=list)  # rows not parsed and why
    # 绩效 forms only: the indicator block, in printed order — 一级指标 rows (role "group", cell
    # 分值 = the weight printed in its label “（50分）”), indicator rows (role "indicator", parent =
    # their group's label, lane = 二级指标; cells 年度指标值 / 年初指标值 / 调整后指标值 / 指标值,
    # 实际完成值, 分值, 得分) and the “总分” row (role "total"). Kept apart from `rows` so that the
    # money-block rules and the generic table rules never mistake an indicator for money.
    indicators: list[Row] = field(default_factory=list)
    # 绩效 forms only: descriptive cells that state figures in words (项目概况 “共2518人，每人每年60元，
    # 总计150000元”, 实际完成情况 …), kept with their location for the checks that read them.
    notes: list[Cell] = field(default_factory=list)
    # 绩效 forms only: the name printed in the form's 项目名称 row (“项目名称 | 困难群众生活补助”), "" when
    # the form prints none; forms sharing a template title are told apart by it.
    subject: str = ""

    def row(self, key: str, lane: str | None = None) -> Row | None:
        """First row with this key (and lane, when given)."""
        for r in self.rows:
            if r.key == key and (lane is None or r.lane == lane):
                return r
        return None

    def cells(self) -> list[Cell]:
        """All cells in row order."""
        return [c for r in self.rows for c in r.cells.values()]


@dataclass
class Paragraph:
    """A narrative paragraph (情况说明) with where it stands.

    `spans` keeps, for PDFs and text alike, where each joined line starts in `text` and where that
    line was printed, so a figure inside the paragraph can be located on its own line.
    """

    text: str
    loc: Location = field(default_factory=Location)
    spans: list[tuple[int, Location]] = field(default_factory=list)  # (offset in text, line's location)


ClaimKind = Literal["amount", "change", "share", "growth", "completion", "rate", "count", "nil"]


@dataclass(frozen=True)
class CellRef:
    """A table fact a narrative claim restates: table id, row key, canonical column, lane."""

    table: str
    row: str
    column: str
    lane: str | None = None


@dataclass
class Claim:
    """One figure of the 情况说明 (or a “无…” statement) and what it says.

    `subject` is what the figure is about: a canonical concept (“基本支出”, “三公经费”,
    “2101501 行政运行”) or, when none is recognised, the words before the figure; empty when it
    could not be tied. `metric` says which measure of the subject it is (final, budget, prior,
    change, share, growth, completion, rate, count, threshold, nil). Links (`part`, `whole`,
    `change`, `current`, `final`, `budget`) are indexes into `Disclosure.claims` of the figures
    of the *same sentence* the claim relates to; relations to other sentences go only through
    the subject. `refs` are the table facts the claim must equal, in priority order.
    """

    kind: ClaimKind
    subject: str
    metric: str
    value: Amount | None
    text: str  # the figure as printed, with its unit ("157.98万元", "78%")
    sentence: str  # the sentence, normalised (spaces removed), quoted in findings
    loc: Location
    section: str = ""  # heading of the section ("三、支出决算情况说明")
    scope: str = ""  # kind of section: overall, income, expense, fin_overall, general, ...
    item: str | None = None  # enumerated item the sentence belongs to ("1.社会保障…（项）")
    concept: bool = False  # subject is a canonical concept (not free text)
    direction: int = 0  # +1 增加/增长, -1 减少/下降, 0 none / 持平
    whole_subject: str | None = None  # share: the whole named after 占 (or implied)
    refs: tuple[CellRef, ...] = ()
    sentence_no: int = 0
    start: int = 0  # offset of the figure in `sentence`
    part: int | None = None
    whole: int | None = None
    change: int | None = None
    current: int | None = None
    final: int | None = None
    budget: int | None = None
    prior: int | None = None  # growth stated against a prior-year amount (“上年X万元，增长Y%”)

    @property
    def tied(self) -> bool:
        """True when the claim names what it talks about."""
        return bool(self.subject)


@dataclass
class Disclosure:
    """Everything ingest/ read from one document."""

    source: str
    kind: Kind = "unknown"
    level: Level = "unknown"
    unit: str | None = None
    year: int | None = None
    pages: int | None = None
    tables: dict[str, Table] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # figures of the 情况说明 (ingest/narrative/)
    quality: dict[str, object] = field(default_factory=dict)

    def table(self, table_id: str) -> Table | None:
        """The table with this id, if the document has it."""
        return self.tables.get(table_id)

    def printed_amounts(self) -> dict[tuple[str, str | None, str, str], Decimal]:
        """Every printed amount of the tables, keyed (table id, lane, row key, column): the facts
        two readings of one document (PDF and text, scan and text) are compared by."""
        return {
            (t.id, r.lane, r.key, c.column): c.amount.value
            for t in self.tables.values()
            for r in t.rows
            for c in r.cells.values()
            if c.amount is not None
        }


def format_amount(amount: Amount) -> str:
    """The amount with exactly its printed decimals, no thousands separator ("1049.22")."""
    return f"{amount.value:.{amount.decimals}f}"
