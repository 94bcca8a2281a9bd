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
from auditor.synth.structural import STRUCTURAL_DEFECT_KINDS, inject_structural

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
    }
)
# Not 机关运行经费: it equals 公用经费 only for 行政单位 (a plausibility matter, not an identity),
# so a changed 机关运行经费 is detectable only when the text states its change against last year.

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

# Narrative defects: one figure of the 情况说明 changed (the tables untouched). narrative_amount
# changes a headline amount, narrative_share a 占X%, narrative_growth a 增长/下降Y%,
# narrative_completion a 完成预算的Z%, narrative_total a total whose parts the text lists.
NARRATIVE_DEFECT_KINDS: tuple[str, ...] = (
    "narrative_amount",
    "narrative_share",
    "narrative_growth",
    "narrative_completion",
    "narrative_total",
)

# Narrative totals whose parts (or shares) the generated text states beside them.
TOTAL_TOPICS: frozenset[str] = frozenset(
    {"expense_total", "income_total", "procurement_total", "general_basic", "three_public_final"}
)
# Smallest change of a percentage (points), and the share of its value a change reaches at least,
# so the new figure is outside what the amounts' rounding could explain even for small bases.
MIN_PERCENT_CHANGE = Decimal("1.00")
PERCENT_CHANGE_SHARE = Decimal("0.15")


def _is_code(row: str, length: int) -> bool:
    code = row.split(" ", 1)[0]
    return code.isdigit() and len(code) == length and " " in row


# Printed figures no identity of a 部门决算 covers (09表's 会议费 / 培训费 budget: neither part of the
# “三公” 合计 nor compared with 06表, whose figures are spent ones): a digit swapped there cannot be
# found, so swap_digits leaves them alone.
_UNCHECKED = frozenset({("09", "预算数", "会议费"), ("09", "预算数", "培训费")})


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
            return bool(_swaps(c.text, c.scale)) and (c.table, c.row, c.column) not in _UNCHECKED
    else:
        raise ValueError(f"unknown defect kind {kind!r}; known: {', '.join(DEFECT_KINDS)}")
    return [c for c in doc.cells if pick(c)]


def _swaps(text: str, scale: int = 1) -> list[str]:
    """Texts made by swapping two adjacent different digits that change the value by ≥ MIN_CHANGE
    万元 (`scale` printed units make one 万元: 10000 in a table printed in 元)."""
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
            if abs(parse_printed(new) - old) >= MIN_CHANGE * scale:
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


def _percent_shifted(value: Decimal, rng: random.Random) -> Decimal:
    """A percentage clearly off: ± max(1.00, 15 % … 40 % of it) points, never negative."""
    low = max(MIN_PERCENT_CHANGE, (value * PERCENT_CHANGE_SHARE).quantize(Decimal("0.01")))
    delta = low + Decimal(rng.randint(0, int(low * 100))) / 100
    if rng.random() < 0.5 and value - delta >= 0:
        return value - delta
    return value + delta


def _narrative_candidates(doc: SyntheticDisclosure, kind: str) -> list[NarrativeClaim]:
    """Narrative figures a defect of this kind may change."""
    if kind == "narrative_amount":
        return [c for c in doc.claims if c.topic in HEADLINE_TOPICS and c.ref is not None]
    if kind == "narrative_share":
        return [c for c in doc.claims if c.unit == "%" and c.topic.endswith("_share")]
    if kind == "narrative_growth":
        return [c for c in doc.claims if c.unit == "%" and c.topic.endswith("_growth")]
    if kind == "narrative_completion":
        return [c for c in doc.claims if c.unit == "%" and c.topic.endswith("_completion")]
    if kind == "narrative_total":
        return [c for c in doc.claims if c.unit == "万元" and c.topic in TOTAL_TOPICS]
    raise ValueError(f"unknown narrative defect kind {kind!r}; known: {', '.join(NARRATIVE_DEFECT_KINDS)}")


def _inject_narrative(
    doc: SyntheticDisclosure, rng: random.Random, kind: str = "narrative_amount"
) -> tuple[SyntheticDisclosure, InjectedDefect]:
    """Change one narrative figure of the given kind so it disagrees with the tables or with the
    figures it is computed from (the tables stay as they are)."""
    cands = _narrative_candidates(doc, kind)
    if not cands:
        raise ValueError(f"document has no narrative figure for defect {kind!r}")
    claim = rng.choice(cands)
    if claim.unit == "%":
        new_text = f"{_percent_shifted(claim.value, rng):.2f}"
    else:
        thousands = "," in claim.text or claim.value < 1000
        new_text = format_wan(_shifted(claim.value, rng), thousands=thousands)
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
    if claim.ref is not None:
        table, row, column, lane = claim.ref
        kept = f" (公开{table}表 {row} / {column} 仍为原值)"
    else:
        lane, kept = None, ""
    defect = InjectedDefect(
        kind,
        "narrative",
        claim.topic,
        "",
        claim.text,
        new_text,
        f"情况说明 {claim.topic}: {claim.text}{claim.unit} → {new_text}{claim.unit}{kept}",
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
    which restates a table total), and the other `NARRATIVE_DEFECT_KINDS`: narrative_share,
    narrative_growth, narrative_completion (one percentage of the text) and narrative_total (a
    total the text lists parts of). The `STRUCTURAL_DEFECT_KINDS` (class_moved, kuan_row,
    dropped_table) change more than one cell, see auditor/synth/structural.py.
    """
    rng = random.Random(rng_seed)
    if defect in NARRATIVE_DEFECT_KINDS:
        return _inject_narrative(doc, rng, defect)
    if defect in STRUCTURAL_DEFECT_KINDS:  # several cells or a whole table: auditor/synth/structural.py
        return inject_structural(doc, defect, rng)
    cands = _candidates(doc, defect)
    if not cands:
        raise ValueError(f"document has no cell for defect {defect!r}")
    target = rng.choice(cands)
    if defect == "swap_digits":
        new_text = rng.choice(_swaps(target.text, target.scale))
    else:  # shifted in 万元, printed in the cell's own unit
        new_text = format_wan(_shifted(target.value / target.scale, rng) * target.scale)
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
