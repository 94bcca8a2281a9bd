"""The table facts a claim restates: the rows of the disclosure's tables looked up by code and
name, and for an amount (or nil) claim the cells it must equal (`Claim.refs`), from its section's
scope and its subject."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ingest.model import CellRef, Claim, Row, Table
from ingest.narrative.claim_cells import SUBJECT_COLUMN, TABLE_CLAIMS, CellSpec
from ingest.narrative.concepts import CLASS_SUFFIX
from ingest.narrative.sections import ItemContext
from ingest.schema import normalise_label

# Smallest similarity (difflib ratio) of a free-text item name and a 公开05表 row name.
ITEM_NAME_SIMILARITY = 0.85


def row_name(row: Row) -> str:
    """A row's name as the narrative prints it (normalised, parentheses full-width)."""
    return normalise_label(row.label or row.key).replace("(", "（").replace(")", "）")


def _stem(name: str) -> str:
    return re.sub(
        r"(支出|费用|费)$", "", name.replace("（项）", "").replace("（款）", "").replace("（类）", "")
    )


class TableIndex:
    """Looks rows of the disclosure's tables up by code and name, for the claims' refs."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables

    def row(self, table: str, key: str, lane: str | None = None) -> Row | None:
        t = self.tables.get(table)
        return t.row(key, lane) if t else None

    def rows(self, table: str) -> list[Row]:
        t = self.tables.get(table)
        return t.rows if t else []

    def func_item(self, item: ItemContext) -> Row | None:
        """The 公开05表 (else 03表) row of an enumerated 类/款/项 item."""
        for tid in ("05", "03", "02"):
            rows = [r for r in self.rows(tid) if r.code]
            if not rows:
                continue
            if item.code:
                hit = [r for r in rows if r.code == item.code]
                if hit:
                    return hit[0]
            level = 7 if "项" in item.levels else 5 if "款" in item.levels else 3
            want = _stem(item.name)
            same = [r for r in rows if r.code and len(r.code) == level and _stem(row_name(r)) == want]
            if len(same) > 1 and "款" in item.levels and level == 7:
                parent = _stem(item.levels["款"])
                kuan = {r.code for r in rows if r.code and len(r.code) == 5 and _stem(row_name(r)) == parent}
                same = [r for r in same if r.code and r.code[:5] in kuan] or same
            if len(same) > 1 and "类" in item.levels:
                cls = _stem(item.levels["类"])
                lei = {r.code for r in rows if r.code and len(r.code) == 3 and _stem(row_name(r)) == cls}
                same = [r for r in same if r.code and r.code[:3] in lei] or same
            if len(same) == 1:
                return same[0]
            if not same and not item.levels:
                scored = sorted(
                    (
                        (SequenceMatcher(None, _stem(row_name(r)), want).ratio(), r)
                        for r in rows
                        if r.code and len(r.code) == 7
                    ),
                    key=lambda x: -x[0],
                )
                if (
                    scored
                    and scored[0][0] >= ITEM_NAME_SIMILARITY
                    and (len(scored) == 1 or scored[1][0] < scored[0][0])
                ):
                    return scored[0][1]
            if same:
                return None  # ambiguous
        return None

    def func_class(self, concept: str) -> list[CellRef]:
        name = concept.removesuffix(CLASS_SUFFIX)
        refs: list[CellRef] = []
        for tid, column in (("05", "合计"),):
            for r in self.rows(tid):
                if r.code and len(r.code) == 3 and row_name(r) == name:
                    refs.append(CellRef(tid, r.key, column))
        for r in self.rows("04"):
            if r.lane == "expense" and row_name(r) == name:
                refs.append(CellRef("04", r.key, "一般公共预算财政拨款", "expense"))
        return refs

    def econ(self, name: str) -> Row | None:
        rows = [r for r in self.rows("06") if r.code]
        exact = [r for r in rows if row_name(r) == name]
        if exact:
            return exact[0]
        if len(name) >= 3:
            pref = [r for r in rows if row_name(r).startswith(name)]
            if len(pref) == 1:
                return pref[0]
        return None

    def find(self, table: str, *words: str, lane: str | None = None) -> Row | None:
        for r in self.rows(table):
            key = r.key.replace("(", "（").replace(")", "）")
            if all(w in key for w in words) and (lane is None or r.lane == lane):
                return r
        return None


def _ref(row: Row | None, table: str, column: str) -> list[CellRef]:
    return [CellRef(table, row.key, column, row.lane)] if row is not None else []


def _cells(cells: tuple[CellSpec, ...], subject: str, index: TableIndex) -> list[CellRef]:
    refs: list[CellRef] = []
    for c in cells:
        row = (
            index.row(c.table, c.row, c.lane)
            if c.row is not None
            else index.find(c.table, *c.find, lane=c.lane)
        )
        refs += _ref(row, c.table, subject if c.column == SUBJECT_COLUMN else c.column)
    return refs


def _dynamic(s: str, scope: str, index: TableIndex) -> list[CellRef]:
    """The cells of a subject whose row is the disclosure's own: a 类 of the functional
    classification, a 7-digit 科目, an economic item of the 基本支出 (see claim_cells.toml)."""
    if s.endswith(CLASS_SUFFIX):
        return index.func_class(s)
    if re.match(r"^\d{7} ", s):
        return _ref(index.row("05", s), "05", "合计") or _ref(index.row("03", s), "03", "本年支出合计")
    if scope == "general_basic":
        return _ref(index.econ(s), "06", "决算数")
    return []


def table_refs(claim: Claim, index: TableIndex) -> tuple[CellRef, ...]:
    """The table facts an amount (or nil) claim restates, in priority order; () when none.

    Which cells is declared in claim_cells.toml (by the claim's kind, metric, section scope and
    subject); the rows that differ by unit (类, 科目, economic items) are looked up in `_dynamic`."""
    if claim.kind not in ("amount", "nil") or claim.metric not in ("final", "budget", "nil"):
        return ()
    group = TABLE_CLAIMS.select(claim.kind, claim.metric, claim.scope, claim.subject)
    if group is None:
        return ()
    cells = group.cells(claim.subject, claim.scope)
    if cells is not None:
        return tuple(_cells(cells, claim.subject, index))
    if group.dynamic:
        return tuple(_dynamic(claim.subject, claim.scope, index))
    return ()
