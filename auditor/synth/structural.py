"""Structural defects of a synthetic disclosure: more than one cell, or a whole table, changed.

- class_moved: one 类 of the 01表 expense lane printed on the row of another 类 (the value
  moves to a row that was blank, the original row is left blank): every sum of 01表 still holds,
  only the comparison with 03表 per 类 shows it.
- kuan_row: a whole 款 row of 02/03/05表 shifted consistently (its row identity still holds):
  only the 类 = Σ款 and 款 = Σ项 sums show it.
- dropped_table: one of 公开01–09表 left out of the document.

Like `inject`, each returns a copy of the document and the record of what changed; for the
first two, `InjectedDefect` names the cell whose new text a finding must quote.
"""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from decimal import Decimal

from auditor.synth.model import CellRecord, InjectedDefect, SyntheticDisclosure, format_wan, parse_printed
from ingest.schema import normalise_label

STRUCTURAL_DEFECT_KINDS: tuple[str, ...] = ("class_moved", "kuan_row", "dropped_table")

# 01表 expense lane: the grid columns of the label and the amount.
LABEL_COL_01 = 3
AMOUNT_COL_01 = 5
# Tables that may be dropped (the ones every 决算 must publish).
DROPPABLE = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
# Smallest shift of a 款 row (万元): beyond the tolerance of any sum it takes part in.
MIN_SHIFT = Decimal("0.50")


def _class_moved(doc: SyntheticDisclosure, rng: random.Random) -> tuple[SyntheticDisclosure, InjectedDefect]:
    t01 = doc.tables["01"]
    records = {
        c.grid_row: c
        for c in doc.cells
        if c.table == "01" and c.lane == "expense" and c.grid_col == AMOUNT_COL_01
    }

    def is_class_row(r: int) -> bool:
        name = normalise_label(t01.body[r][LABEL_COL_01])
        return name.endswith("支出") and name != "本年支出合计"

    rows = [r for r in range(len(t01.body)) if is_class_row(r)]
    sources = [r for r in rows if r in records and records[r].value != 0]
    targets = [r for r in rows if r not in records or records[r].value == 0]
    if not sources or not targets:
        raise ValueError("document has no 类 of 01表 to move")
    src, dst = rng.choice(sources), rng.choice(targets)
    source, target = records[src], records.get(dst)
    key = normalise_label(t01.body[dst][LABEL_COL_01])
    out = copy.deepcopy(doc)
    body = out.tables["01"].body
    body[src][AMOUNT_COL_01], body[dst][AMOUNT_COL_01] = body[dst][AMOUNT_COL_01], body[src][AMOUNT_COL_01]
    out.cells[doc.cells.index(source)] = replace(source, row=key, grid_row=dst, yuan=None)
    if target is not None:  # a printed 0.00 takes the source's place
        out.cells[doc.cells.index(target)] = replace(target, row=source.row, grid_row=src, yuan=None)
    defect = InjectedDefect(
        "class_moved",
        "01",
        key,
        source.column,
        t01.body[dst][AMOUNT_COL_01],
        source.text,
        f"公开01表 {source.row} {source.text} 移至 {key} 行",
        lane="expense",
    )
    return out, defect


def _kuan_row(doc: SyntheticDisclosure, rng: random.Random) -> tuple[SyntheticDisclosure, InjectedDefect]:
    def is_kuan(c: CellRecord) -> bool:
        code = c.row.split(" ", 1)[0]
        return c.table in ("02", "03", "05") and code.isdigit() and len(code) == 5

    rows = sorted({(c.table, c.row) for c in doc.cells if is_kuan(c)})
    if not rows:
        raise ValueError("document has no 款 row")
    tid, key = rng.choice(rows)
    cells = [c for c in doc.cells if c.table == tid and c.row == key]
    total_col = {"02": "本年收入合计", "03": "本年支出合计", "05": "合计"}[tid]
    total = next(c for c in cells if c.column == total_col)
    # the part that moves with the total: 财政拨款收入 (02), else 基本支出 if printed, else 项目支出
    part = next(
        (c for col in ("财政拨款收入", "基本支出", "项目支出") for c in cells if c.column == col), None
    )
    top = max(Decimal("1.00"), (total.value / total.scale * Decimal("0.2")).quantize(Decimal("0.01")))
    delta = MIN_SHIFT + Decimal(rng.randint(0, int((top - MIN_SHIFT) * 100))) / 100
    if rng.random() < 0.5 and part is not None and part.value / part.scale - delta >= Decimal("0.01"):
        delta = -delta
    out = copy.deepcopy(doc)
    new_total = ""
    for c in (total, part):
        if c is None:
            continue
        text = format_wan(c.value + delta * c.scale)
        if c is total:
            new_total = text
        out.tables[tid].body[c.grid_row][c.grid_col] = text
        out.cells[doc.cells.index(c)] = replace(c, text=text, value=parse_printed(text), yuan=None)
    defect = InjectedDefect(
        "kuan_row",
        tid,
        key,
        total_col,
        total.text,
        new_total,
        f"公开{tid}表 {key} 整行改动 {delta:+}（行内仍平衡）",
    )
    return out, defect


def _dropped_table(
    doc: SyntheticDisclosure, rng: random.Random
) -> tuple[SyntheticDisclosure, InjectedDefect]:
    tid = rng.choice([t for t in DROPPABLE if t in doc.tables])
    out = copy.deepcopy(doc)
    title = out.tables.pop(tid).title
    out.cells = [c for c in out.cells if c.table != tid]
    return out, InjectedDefect("dropped_table", tid, "", "", title, "", f"公开{tid}表（{title}）未公开")


def inject_structural(
    doc: SyntheticDisclosure, kind: str, rng: random.Random
) -> tuple[SyntheticDisclosure, InjectedDefect]:
    """One structural defect of the given kind (see the module docstring)."""
    if kind == "class_moved":
        return _class_moved(doc, rng)
    if kind == "kuan_row":
        return _kuan_row(doc, rng)
    if kind == "dropped_table":
        return _dropped_table(doc, rng)
    raise ValueError(f"unknown structural defect {kind!r}; known: {', '.join(STRUCTURAL_DEFECT_KINDS)}")
