"""How the rules read a disclosure's tables: row names, the lanes of the two-sided tables (01/04表,
the budget 收支总表), the 合计 row of a code table, a lane's value column, carry-over rows, and
whether the unit has money other than 财政拨款. Kernel: every rule family reads tables through
these, none through another family.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.model import Disclosure, Row, Table
from ingest.schema import FINAL_ACCOUNT_TABLES, normalise_label
from rules.checks import value_columns
from rules.judgements import Ref, ref

# Subtotal row of each lane, matched in the row key or label.
SUBTOTAL_KEYS: dict[str, str] = {"income": "本年收入合计", "expense": "本年支出合计"}
GRAND_TOTAL_KEY = "总计"
# Words that mark the adjustment rows (结转结余, 结余分配...) when no subtotal row was read.
ADJUSTMENT_WORDS = ("结转", "结余")
LANE_WORDS: dict[str, str] = {"income": "收入方", "expense": "支出方"}

NON_FISCAL_02 = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")

# Roles that never take part in sums.
SKIPPED_ROLES = frozenset({"header", "note"})


def row_name(row: Row) -> str:
    """The row's normalised label (or key when the label is empty)."""
    return normalise_label(row.label) or normalise_label(row.key)


def is_filler(row: Row) -> bool:
    """A row with no label (or only a line number): layout filler, ignored."""
    if row.code:
        return False
    name = row_name(row)
    return not name or name.isdigit()


@dataclass
class Lane:
    """One side of a two-sided table, classified in print order."""

    name: str
    items: list[Row] = field(default_factory=list)
    subtotal: Row | None = None
    adjustments: list[Row] = field(default_factory=list)
    total: Row | None = None
    rows: list[Row] = field(default_factory=list)  # every row of the lane, sub-rows included


def read_lane(table: Table, lane: str) -> Lane:
    """Classify a lane's rows: detail items, 本年合计, adjustments (结转结余…), 总计.

    Items are the rows printed before the subtotal and adjustments those between subtotal and
    总计; without a subtotal row, adjustments are recognised by their wording. Sub-rows (with
    `parent`) and filler rows are not part of the lane's sums.
    """
    rows = [r for r in table.rows if r.lane == lane and r.role not in SKIPPED_ROLES and not is_filler(r)]
    top = [r for r in rows if not r.parent]
    key = SUBTOTAL_KEYS.get(lane, "")
    subtotal = next((r for r in top if key and (key in r.key or key in row_name(r))), None)
    if subtotal is None:
        subtotal = next((r for r in top if r.role == "subtotal"), None)
    total = next((r for r in top if GRAND_TOTAL_KEY in (r.key, row_name(r))), None)
    if total is None:
        total = next((r for r in top if r.role == "total"), None)
    out = Lane(lane, subtotal=subtotal, total=total, rows=rows)
    rest = [r for r in top if r is not subtotal and r is not total]
    if subtotal is not None:
        cut = top.index(subtotal)
        end = top.index(total) if total is not None and top.index(total) > cut else len(top)
        out.items = [r for r in top[:cut] if r is not total]
        out.adjustments = [r for r in top[cut + 1 : end] if r is not total]
    else:
        out.adjustments = [r for r in rest if any(w in row_name(r) for w in ADJUSTMENT_WORDS)]
        out.items = [r for r in rest if r not in out.adjustments]
    return out


def lane_columns(table: Table, lane: Lane) -> list[str]:
    """The lane's value columns: those of the schema that occur, else whatever occurs."""
    spec = FINAL_ACCOUNT_TABLES.get(table.id)
    present = value_columns(table, lane.rows)
    if spec and spec.lanes and lane.name in spec.lanes:
        wanted = spec.lane_columns[spec.lanes.index(lane.name)]
        chosen = [c for c in wanted if c in present]
        if chosen:
            return chosen
    return present


def code_table_rows(table: Table) -> list[Row]:
    """Rows of a code table that carry figures: the 合计 row and the subject-code rows."""
    return [r for r in table.rows if r.role not in SKIPPED_ROLES and not is_filler(r)]


def applies_to_final_account(disclosure: Disclosure) -> bool:
    """True for 决算 documents (and unknown documents that carry standard 决算 tables)."""
    if disclosure.kind == "final_account":
        return True
    return disclosure.kind == "unknown" and any(t in FINAL_ACCOUNT_TABLES for t in disclosure.tables)


def total_row(table: Table, rows: Sequence[Row] | None = None) -> Row | None:
    """The table's 合计 row (role total without a code); among `rows` (one lane's) when given."""
    rows = table.rows if rows is None else rows
    for r in rows:
        if not r.code and (r.key == "合计" or row_name(r) == "合计"):
            return r
    return next((r for r in rows if not r.code and r.role == "total"), None)


def coded_lane_total(table: Table, lane: str) -> Row | None:
    """The 合计 row of one lane of a table whose lanes carry subject codes (B09)."""
    return next((r for r in table.rows if r.lane == lane and not r.code and r.role == "total"), None)


def find_row(table: Table, key: str, lane: str) -> Row | None:
    """06表 人员经费合计 / 公用经费合计: by key or label, else by lane and role."""
    for r in table.rows:
        if not r.code and (r.key == key or row_name(r) == key):
            return r
    return next((r for r in table.rows if not r.code and r.lane == lane and r.role == "total"), None)


def lane_row(table: Table, lane: str, match: Callable[[str], bool]) -> Row | None:
    """First top-level row of a lane whose normalised name matches."""
    for r in table.rows:
        if r.lane == lane and not r.parent and match(row_name(r)):
            return r
    return None


def is_carry_in(name: str) -> bool:
    """年初结转和结余 / 年初财政拨款结转和结余 / 上年结转 / 上年财政拨款结转."""
    return name[:2] in ("年初", "上年") and "结转" in name


def is_carry_out(name: str) -> bool:
    """年末结转和结余 / 年末财政拨款结转和结余 / 年终结转."""
    return name[:2] in ("年末", "年终") and "结转" in name


def value_column(table: Table, lane: str, preferred: Sequence[str]) -> str | None:
    """The first of `preferred` that the lane prints somewhere, else the lane's only column."""
    present: set[str] = set()
    for r in table.rows:
        if r.lane == lane:
            present.update(r.cells)
    for c in preferred:
        if c in present:
            return c
    return next(iter(sorted(present)), None) if len(present) == 1 else None


def econ_rows(table: Table) -> dict[str, Row]:
    """A 基本支出 table's (06表) rows by economic code (the last printed of a code)."""
    return {r.code: r for r in table.rows if r.code and r.domain in ("econ", None)}


def nonzero(r: Ref | None) -> bool:
    """True when the position prints a non-zero amount."""
    a = r.amount if r is not None else None
    return a is not None and a.value != 0


def has_non_fiscal_money(d: Disclosure) -> bool:
    """True when 01表 or 02表 shows any income (or use of balances) that is not 财政拨款."""
    t01 = d.table("01")
    if t01 is not None:
        for r in t01.rows:
            if r.lane != "income" or r.parent:
                continue
            name = row_name(r)
            if "财政拨款" in name and "非财政拨款" not in name:
                continue
            if "合计" in name or name in ("总计",) or is_carry_in(name):
                continue
            if any(nonzero(ref(t01, r, c)) for c in r.cells):
                return True
    t02 = d.table("02")
    if t02 is not None:
        total = find_row(t02, "合计", "")
        if total is not None and any(nonzero(ref(t02, total, c)) for c in NON_FISCAL_02):
            return True
    return False


def has_carry_over(d: Disclosure) -> bool | None:
    """True when 01表 prints a non-zero 结转结余 / 结余 row; None without 01表."""
    t01 = d.table("01")
    if t01 is None or t01.empty:
        return None
    for r in t01.rows:
        name = row_name(r)
        if ("结转" in name or "结余" in name) and any(nonzero(ref(t01, r, c)) for c in r.cells):
            return True
    return False
