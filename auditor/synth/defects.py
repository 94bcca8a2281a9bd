"""Injecting one defect into a synthetic disclosure: one printed cell or narrative figure changed.

Every change is far outside rounding: at least `MIN_CHANGE` 万元, which exceeds the rounding
tolerance of any identity a generated table takes part in (a sum of at most a few dozen printed
parts, each ± 0.005), so the changed document is inconsistent and no choice of true values in
the printed intervals can explain it.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from auditor.synth.model import (
    CellRecord,
    InjectedDefect,
    NarrativeClaim,
    SyntheticDisclosure,
    format_wan,
    parse_printed,
)

# Smallest change a defect makes (万元); rounding residues are at most a few hundredths.
MIN_CHANGE = Decimal("0.20")

# Narrative figures a narrative defect may change: headline amounts restating a table total.
HEADLINE_TOPICS: frozenset[str] = frozenset(
    {
        "income_expense_total",
        "income_total",
        "expense_total",
        "basic_expense",
        "project_expense",
        "appropriation_total",
        "general_expense",
        "general_basic",
        "personnel",
        "operating",
        "three_public_final",
        "agency_running",
    }
)

DEFECT_KINDS: tuple[str, ...] = (
    "detail_cell",
    "total_cell",
    "swap_digits",
    "class_row",
    "t06_total",
    "t09_total",
    "t01_item",
    "narrative_amount",
)


def _is_code(row: str, length: int) -> bool:
    code = row.split(" ", 1)[0]
    return code.isdigit() and len(code) == length and " " in row


def _candidates(doc: SyntheticDisclosure, kind: str) -> list[CellRecord]:
    """Cells a defect of this kind may change."""
    pick: Callable[[CellRecord], bool]
    if kind == "detail_cell":

        def pick(c: CellRecord) -> bool:
            return c.table in ("03", "05") and _is_code(c.row, 7)
    elif kind == "total_cell":

        def pick(c: CellRecord) -> bool:
            return c.table in ("02", "03", "05") and c.row == "合计"
    elif kind == "class_row":

        def pick(c: CellRecord) -> bool:
            return c.table in ("02", "03", "05") and _is_code(c.row, 3)
    elif kind == "t06_total":

        def pick(c: CellRecord) -> bool:
            return c.table == "06" and c.row in ("人员经费合计", "公用经费合计")
    elif kind == "t09_total":

        def pick(c: CellRecord) -> bool:
            return c.table == "09" and c.column == "合计"
    elif kind == "t01_item":

        def pick(c: CellRecord) -> bool:
            return (
                c.table == "01" and c.lane == "expense" and c.row.endswith("支出") and c.row != "本年支出合计"
            )
    elif kind == "swap_digits":

        def pick(c: CellRecord) -> bool:
            return bool(_swaps(c.text))
    else:
        raise ValueError(f"unknown defect kind {kind!r}; known: {', '.join(DEFECT_KINDS)}")
    return [c for c in doc.cells if pick(c)]


def _swaps(text: str) -> list[str]:
    """Texts made by swapping two adjacent different digits that change the value by ≥ MIN_CHANGE."""
    out: list[str] = []
    old = parse_printed(text)
    for m in re.finditer(r"\d+", text):
        for i in range(m.start(), m.end() - 1):
            if text[i] == text[i + 1]:
                continue
            new = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            integer = new.split(".")[0].replace(",", "")
            if len(integer) > 1 and integer.startswith("0"):
                continue  # no leading zero
            if abs(parse_printed(new) - old) >= MIN_CHANGE:
                out.append(new)
    return out


def _shifted(value: Decimal, rng: random.Random) -> Decimal:
    """A new value clearly off: ± 0.20 … max(1.00, 25 %) 万元, never negative."""
    top = max(Decimal("1.00"), (value * Decimal("0.25")).quantize(Decimal("0.01")))
    steps = int((top - MIN_CHANGE) * 100)
    delta = MIN_CHANGE + Decimal(rng.randint(0, max(steps, 0))) / 100
    if rng.random() < 0.5 and value - delta >= Decimal("0.01"):
        return value - delta
    return value + delta


def _describe(c: CellRecord, new_text: str) -> str:
    lane = f" ({c.lane})" if c.lane else ""
    return f"公开{c.table}表 {c.row}{lane} / {c.column}: {c.text} → {new_text}"


def _replace_cell(doc: SyntheticDisclosure, target: CellRecord, new_text: str) -> SyntheticDisclosure:
    out = copy.deepcopy(doc)
    idx = doc.cells.index(target)
    out.cells[idx] = replace(target, text=new_text, value=parse_printed(new_text), yuan=None)
    out.tables[target.table].body[target.grid_row][target.grid_col] = new_text
    return out


def _inject_narrative(
    doc: SyntheticDisclosure, rng: random.Random
) -> tuple[SyntheticDisclosure, InjectedDefect]:
    """Change one headline narrative amount (it restates a table total) so it disagrees with the table."""
    cands = [c for c in doc.claims if c.topic in HEADLINE_TOPICS and c.ref is not None]
    if not cands:
        raise ValueError("no narrative amount restating a table cell")
    claim = rng.choice(cands)
    new_text = format_wan(_shifted(claim.value, rng))
    out = copy.deepcopy(doc)
    para = out.paragraphs[claim.paragraph]
    assert para.text[claim.start : claim.start + len(claim.text)] == claim.text
    para.text = para.text[: claim.start] + new_text + para.text[claim.start + len(claim.text) :]
    grow = len(new_text) - len(claim.text)
    claims: list[NarrativeClaim] = []
    for c in out.claims:
        if c == claim:
            c = replace(c, text=new_text, value=parse_printed(new_text))
        elif c.paragraph == claim.paragraph and c.start > claim.start:
            c = replace(c, start=c.start + grow)
        claims.append(c)
    out.claims = claims
    assert claim.ref is not None
    table, row, column, lane = claim.ref
    defect = InjectedDefect(
        "narrative_amount",
        "narrative",
        claim.topic,
        "",
        claim.text,
        new_text,
        f"情况说明 {claim.topic}: {claim.text}万元 → {new_text}万元 (公开{table}表 {row} / {column} 仍为原值)",
        lane=lane,
        paragraph=claim.paragraph,
    )
    return out, defect


def inject(
    doc: SyntheticDisclosure, defect: str, rng_seed: int
) -> tuple[SyntheticDisclosure, InjectedDefect]:
    """A copy of `doc` with exactly one printed figure changed, and the record of the change.

    Kinds: detail_cell (a 项 cell of 03/05), total_cell (a 合计 cell of 02/03/05), swap_digits
    (two adjacent digits of any cell swapped), class_row (a 类 row of 02/03/05), t06_total
    (人员经费合计 / 公用经费合计), t09_total (“三公” 合计), t01_item (a 类 row of the 01表
    expense lane), narrative_amount (a headline 情况说明 amount such as 基本支出 or 支出总计,
    which restates a table total).
    """
    rng = random.Random(rng_seed)
    if defect == "narrative_amount":
        return _inject_narrative(doc, rng)
    cands = _candidates(doc, defect)
    if not cands:
        raise ValueError(f"document has no cell for defect {defect!r}")
    target = rng.choice(cands)
    if defect == "swap_digits":
        new_text = rng.choice(_swaps(target.text))
    else:
        new_text = format_wan(_shifted(target.value, rng))
    out = _replace_cell(doc, target, new_text)
    record = InjectedDefect(
        defect,
        target.table,
        target.row,
        target.column,
        target.text,
        new_text,
        _describe(target, new_text),
        lane=target.lane,
    )
    return out, record
