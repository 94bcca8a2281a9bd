"""Where the narrative checks look values up: the claims by subject (same section, then same
scope, then the scopes a section falls back to) and the table cells a claim restates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from ingest.model import Amount, Cell, CellRef, Claim, Disclosure, Evidence, Row, Table
from ingest.narrative import TableIndex, table_refs
from ingest.numbers import is_blank
from rules.claim_checks import Source, claim_source, narrative_applies
from rules.judgements import JudgementPlan
from rules.wording import cell_phrase, row_label, table_name

# The tables a narrative rule may compare a statement with.
NARRATIVE_TABLES = ("narrative", "01", "02", "03", "04", "05", "06", "09", "10")


def narrative_plan(d: Disclosure, step: Callable[[Facts, JudgementPlan], None]) -> JudgementPlan:
    """The judgements of one narrative check (`step`) on the document: none on a document the
    narrative rules do not read (a budget: `narrative_applies`), else the step's over the
    document's `Facts`."""
    plan = JudgementPlan()
    if narrative_applies(d):
        step(Facts(d), plan)
    return plan


# Scopes consulted, after the claim's own, for a subject's value (e.g. the 本年支出合计 a share in
# the 一般公共预算 section is “of” is stated in the 支出决算 section).
SCOPE_FALLBACK: dict[str, tuple[str, ...]] = {
    "general": ("expense", "overall"),
    "general_basic": ("general", "expense"),
    "performance": ("expense", "general", "overall"),
    "fin_overall": (),
    "overall": ("expense", "income"),
    "income": ("overall",),
    "expense": ("overall",),
}
# Subjects stated as one figure (“收入总计、支出总计均为X”) or as two equal ones.
SAME_VALUE: dict[str, tuple[str, ...]] = {
    "收支总计": ("收入总计", "支出总计"),
    "收入总计": ("收支总计",),
    "支出总计": ("收支总计",),
}
METRIC_WORDS: dict[str, str] = {"final": "", "budget": "预算数", "prior": "上年数"}


class Facts:
    """Everything the narrative checks look values up in: the claims and the tables."""

    def __init__(self, disclosure: Disclosure) -> None:
        """Index the document's claims by subject and its tables by row."""
        self.d = disclosure
        self.claims = disclosure.claims
        self.index = TableIndex(disclosure.tables)
        self.by_subject: dict[tuple[str, str], list[Claim]] = {}
        for c in self.claims:
            if c.kind == "amount" and c.value is not None and c.subject:
                self.by_subject.setdefault((c.subject, c.metric), []).append(c)

    def linked(self, index: int | None) -> Claim | None:
        """The claim a link points at."""
        return None if index is None else self.claims[index]

    def stated(self, subject: str, metric: str, near: Claim, fallback: bool = True) -> Claim | None:
        """A statement of `subject` (metric) near `near`: same section, then same scope, then the
        scopes a section falls back to. Earlier statements are preferred to later ones."""
        cands = [c for c in self.by_subject.get((subject, metric), []) if c is not near]
        if not cands and subject in SAME_VALUE:
            cands = [
                c
                for other in SAME_VALUE[subject]
                for c in self.by_subject.get((other, metric), [])
                if c is not near
            ]
        if not cands:
            return None

        def pick(pool: list[Claim]) -> Claim | None:
            if not pool:
                return None
            before = [c for c in pool if c.sentence_no <= near.sentence_no]
            return before[-1] if before else pool[0]

        same = pick([c for c in cands if c.section == near.section and c.scope == near.scope])
        if same is not None:
            return same
        scoped = pick([c for c in cands if c.scope == near.scope])
        if scoped is not None or not fallback:
            return scoped
        for scope in SCOPE_FALLBACK.get(near.scope, ()):
            other = pick([c for c in cands if c.scope == scope])
            if other is not None:
                return other
        return None

    def cell(self, ref: CellRef) -> tuple[Table | None, Row | None, Cell | None]:
        """The table, row and cell a ref names (any may be missing)."""
        table = self.d.tables.get(ref.table)
        if table is None:
            return None, None, None
        row = table.row(ref.row, ref.lane)
        if row is None:
            return table, None, None
        return table, row, row.cells.get(ref.column)

    def table_fact(self, refs: Sequence[CellRef]) -> Source | None:
        """The first printed cell of `refs`; a blank cell of an existing row when none is printed."""
        blank: Source | None = None
        for ref in refs:
            table, row, cell = self.cell(ref)
            if table is None or row is None:
                continue
            if cell is not None and cell.amount is not None:
                return Source(
                    cell.amount,
                    f"{table_name(table)}{cell_phrase(table, row, ref.column)}",
                    cell.evidence(),
                    cell=cell,
                )
            if cell is not None and cell.text.strip() and cell.amount is None and not is_blank(cell.text):
                continue  # unreadable text: not a value
            if blank is None:
                ev = cell.evidence() if cell is not None else row_evidence(table, row, ref.column)
                phrase = (
                    f"“{row_label(row)}”行“{ref.column}”栏" if ref.column != "*" else f"“{row_label(row)}”行"
                )
                blank = Source(
                    Amount(Decimal(0), 2, table.unit or "万元"),
                    f"{table_name(table)}{phrase}",
                    ev,
                    blank=True,
                )
        return blank

    def subject_value(self, subject: str, metric: str, near: Claim) -> Source | None:
        """The value of `subject` for a check of `near`: stated in the narrative, else its table fact."""
        c = self.stated(subject, metric, near)
        if c is not None:
            return claim_source(c)
        probe = Claim(
            kind="amount",
            subject=subject,
            metric=metric,
            value=None,
            text="",
            sentence="",
            loc=near.loc,
            section=near.section,
            scope=near.scope,
        )
        refs = table_refs(probe, self.index)
        if not refs:
            for scope in SCOPE_FALLBACK.get(near.scope, ()):
                probe.scope = scope
                refs = table_refs(probe, self.index)
                if refs:
                    break
        fact = self.table_fact(refs) if refs else None
        return fact


def row_evidence(table: Table, row: Row, column: str) -> Evidence:
    """Evidence entry for a row (its cell in `column` unprinted or not read): where the row stands."""
    return Evidence(table=table.id, row=row.key, column=column, loc=row.loc)


def subject_words(c: Claim) -> str:
    """The claim's subject as a message names it (“基本支出预算数”)."""
    words = METRIC_WORDS.get(c.metric, "")
    return f"{c.subject}{words}"


def source_name(s: Source, default: str = "") -> str:
    """The subject a stated value is of (“本年支出合计预算数”), `default` for a table cell."""
    if s.claim is not None:
        return s.claim.subject + METRIC_WORDS.get(s.claim.metric, "")
    return default
