"""Small constructors for hand-built disclosures: tables, rows and cells as ingest would produce them.

Values are given as printed text: "157.98" (a number with its printed decimals), "" (a blank
cell), "—" (a dash: also blank), any other text (an unreadable cell), or None (no cell at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from ingest.model import Amount, Cell, Disclosure, Row, Table
from ingest.schema import FINAL_ACCOUNT_TABLES, code_domain, normalise_label

Values = Mapping[str, str | None]


def amount(text: str | None, unit: str = "万元") -> Amount | None:
    """Parse a printed number ("1,049.22" → 1049.22 with 2 decimals); None for blanks and text."""
    if text is None:
        return None
    t = text.replace(",", "").strip()
    if t in ("", "-", "—", "——", "———"):
        return None
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    exponent = value.as_tuple().exponent
    return Amount(value=value, decimals=max(0, -exponent) if isinstance(exponent, int) else 0, unit=unit)


def cell(
    table_id: str, row_key: str, column: str, text: str, unit: str = "万元", uncertain: bool = False
) -> Cell:
    """A cell with the amount parsed from its printed text."""
    return Cell(table_id, row_key, column, text, amount(text, unit), uncertain=uncertain)


def row(
    table_id: str,
    key: str,
    values: Values,
    *,
    label: str | None = None,
    role: str = "detail",
    lane: str | None = None,
    parent: str | None = None,
    unit: str = "万元",
    uncertain: Iterable[str] = (),
) -> Row:
    """A row; a key that starts with a subject code ("2101501 行政运行") becomes a code row."""
    head, _, rest = key.partition(" ")
    code = head if head.isdigit() else None
    domain, level = code_domain(code) if code else (None, None)
    unsure = set(uncertain)
    r = Row(
        key=key,
        label=label if label is not None else (rest if code else normalise_label(key.rsplit("/", 1)[-1])),
        code=code,
        domain=domain,  # type: ignore[arg-type]
        level=level,
        role=role,  # type: ignore[arg-type]
        lane=lane,
        parent=parent,
    )
    for column, text in values.items():
        if text is not None:
            r.cells[column] = cell(table_id, key, column, text, unit, column in unsure)
    return r


def cols(columns: Iterable[str], texts: Iterable[str | None]) -> dict[str, str | None]:
    """Zip column names with printed texts."""
    return dict(zip(columns, texts, strict=False))


def table(
    table_id: str,
    rows: list[Row],
    *,
    columns: Iterable[str] | None = None,
    unit: str = "万元",
    title: str | None = None,
    empty: bool = False,
) -> Table:
    """A table with the schema's canonical columns unless given."""
    spec = FINAL_ACCOUNT_TABLES.get(table_id)
    return Table(
        id=table_id,
        title=title or (spec.title if spec else table_id),
        unit=unit,
        columns=list(columns) if columns is not None else list(spec.columns if spec else ()),
        rows=rows,
        empty=empty,
    )


def disclosure(*tables: Table, kind: str = "final_account", source: str = "test.pdf") -> Disclosure:
    """A disclosure holding these tables."""
    return Disclosure(source=source, kind=kind, tables={t.id: t for t in tables})  # type: ignore[arg-type]


def find_cell(d: Disclosure, table_id: str, row_key: str, column: str) -> Cell:
    """The cell at (table, row key, column); KeyError when absent."""
    t = d.tables[table_id]
    for r in t.rows:
        if r.key == row_key and column in r.cells:
            return r.cells[column]
    raise KeyError((table_id, row_key, column))


def set_text(d: Disclosure, table_id: str, row_key: str, column: str, text: str) -> None:
    """Re-print one cell (text and amount) in place."""
    c = find_cell(d, table_id, row_key, column)
    unit = c.amount.unit if c.amount else "万元"
    c.text = text
    c.amount = amount(text, unit)


def reprint(r: Row, column: str, text: str) -> None:
    """Re-print one cell of a row (creating it when absent)."""
    old = r.cells.get(column)
    unit = old.amount.unit if old is not None and old.amount is not None else "万元"
    r.cells[column] = cell(old.table if old else "", r.key, column, text, unit)
