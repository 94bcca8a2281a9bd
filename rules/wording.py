"""Chinese wording of findings: how tables, rows, columns and amounts are named in messages.

Messages must be forwardable to the unit as they are, so they name the table as printed
(公开03表), the row by its code and name or its caption, the column by its canonical header, and
the amounts with the decimals they were printed with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ingest.model import Row, Table
from ingest.schema import FINAL_ACCOUNT_TABLES, normalise_label

LANE_NAMES: dict[str, str] = {"income": "收入方", "expense": "支出方"}

# How many labels a generated parts description lists before "等N行".
MAX_LISTED_PARTS = 6

FUNC_LEVEL_NAMES: dict[int, str] = {3: "类", 5: "款", 7: "项"}


def table_name(table: Table) -> str:
    """公开03表 for the standard final-account tables, otherwise the printed title and id."""
    if table.id in FINAL_ACCOUNT_TABLES:
        return f"公开{table.id}表"
    title = table.title.strip() if table.title else ""
    return f"“{title}”（{table.id}）" if title else f"{table.id}表"


def row_label(row: Row) -> str:
    """The row as an inspector reads it: "2101501 行政运行", "合计", "本年支出合计"."""
    if row.code:
        if row.key.startswith(row.code):
            return row.key
        name = normalise_label(row.label) if row.label else ""
        return f"{row.code} {name}".strip()
    label = normalise_label(row.label) if row.label else ""
    if row.parent and "/" in row.key:
        label = row.key.rsplit("/", 1)[-1] or label
    return label or row.key


def row_phrase(row: Row, suffix: str = "行") -> str:
    """支出方“总计”行 / “年初结转和结余”下的“一般公共预算财政拨款”行 (suffix may be empty)."""
    lane = LANE_NAMES.get(row.lane or "", "")
    if row.parent and not row.code:
        return f"{lane}“{row.parent}”下的“{row_label(row)}”{suffix}"
    return f"{lane}“{row_label(row)}”{suffix}"


def single_value_column(table: Table, row: Row) -> bool:
    """True when the row's lane (or the table) has only one value column, so naming it adds nothing."""
    columns: set[str] = set()
    for r in table.rows:
        if r.lane == row.lane:
            columns.update(r.cells)
            if len(columns) > 1:
                return False
    return True


def cell_phrase(table: Table, row: Row, column: str) -> str:
    """“合计”行“基本支出”栏; 支出方“总计” in single-column tables such as 01/06表."""
    if single_value_column(table, row):
        return row_phrase(row, "")
    return f"{row_phrase(row)}“{column}”栏"


def quoted_list(labels: Sequence[str], unit_word: str) -> str:
    """“A”“B”“C”行 or “A”“B”等N行 when the list is long."""
    if len(labels) <= MAX_LISTED_PARTS:
        return "".join(f"“{x}”" for x in labels) + unit_word
    shown = "".join(f"“{x}”" for x in labels[: MAX_LISTED_PARTS - 1])
    return f"{shown}等{len(labels)}{unit_word}"


def signed_expression(labels: Sequence[tuple[str, int]]) -> str:
    """“年初结转和结余”＋“本年收入”－“合计” for identities with subtractions."""
    out: list[str] = []
    for i, (label, sign) in enumerate(labels):
        if i == 0:
            out.append(f"“{label}”" if sign > 0 else f"－“{label}”")
        else:
            out.append(f"{'＋' if sign > 0 else '－'}“{label}”")
    return "".join(out)


def places_of(values: Iterable[Decimal]) -> int:
    """Decimals needed to show all values exactly (at least those they were computed with)."""
    places = 0
    for v in values:
        exponent = v.as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return places


def fmt_amount(value: Decimal, places: int) -> str:
    """An amount with exactly `places` decimals, no exponent, no thousands separator; never “-0.00”."""
    if places:
        value = value.quantize(Decimal(1).scaleb(-places))
    if value.is_zero():
        value = abs(value)  # a negative zero (−0.001 rounded) is printed as 0.00
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}" if places else f"{value:f}"


def fmt_tolerance(value: Decimal, places: int) -> str:
    """A tolerance with trailing zeros dropped but at least `places` decimals (0.02, 0.015)."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    need = max(places, -exponent if isinstance(exponent, int) else 0)
    return fmt_amount(value, need)


# Codes a message lists before it says 等N个.
MAX_LISTED_CODES = 6


def level_word(rows: Sequence[Row]) -> str:
    """类/款/项 when all rows are of one level, else 下级."""
    levels = {len(r.code or "") for r in rows}
    if len(levels) == 1:
        return FUNC_LEVEL_NAMES.get(levels.pop(), "下级")
    return "下级"


def column_phrase(columns: Sequence[str], column: str) -> str:
    """“基本支出” when the table has several value columns, nothing otherwise."""
    return f"“{column}”" if len(columns) > 1 else ""


def listed_codes(rows: Sequence[Row]) -> str:
    """21011、21015 (or the first few and 等N个)."""
    codes = [r.code or "" for r in rows]
    if len(codes) <= MAX_LISTED_CODES:
        return "、".join(codes)
    return "、".join(codes[: MAX_LISTED_CODES - 1]) + f"等{len(codes)}个"
