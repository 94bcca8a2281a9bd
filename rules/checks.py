"""Identities and checks: what the rule families declare and what the engine is asked to decide.

A family module (arithmetic, hierarchy) walks a `Disclosure` and declares `Identity` objects:
"this printed total equals the signed sum of these printed parts", naming cells by `Slot`
(table, row, column). `resolve` turns identities into checks:

- a blank part is simply absent from the sum ("not printed" is not 0 with a tolerance), unless
  it is itself the total of another identity whose parts are printed: then those parts take
  its place (e.g. 01表 本年支出合计 blank ⇒ 总计 is checked against Σ支出类 + 结余分配 + 年末结转);
- a blank total with printed parts becomes a `BlankCheck` (rule TAB-BLANK-TOTAL); a blank
  total with all parts blank is an empty row and is skipped silently;
- an unreadable total or part (text that is neither a number nor a dash) makes the identity
  `NotEvaluated`, never silence;
- the same sum (same total cell, same printed part cells and signs) is checked once, so a
  broken sum is reported once however many rules state it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from ingest.model import Cell, Disclosure, Row, Table
from ingest.numbers import is_blank
from ingest.schema import FINAL_ACCOUNT_TABLES
from rules.catalog import RuleSpec, define_rule
from rules.findings import NotEvaluated
from rules.tolerance import Bounds, Comparison, UnitMismatch, compare, sum_bounds
from rules.wording import cell_phrase, table_name

# Substitution of blank subtotals by their parts goes at most this deep.
MAX_SUBSTITUTION_DEPTH = 8

TAB_BLANK_TOTAL = define_rule(
    "TAB-BLANK-TOTAL",
    title="合计栏未填列：合计（小计）为空，但其组成项目有数",
    severity="warning",
    family="completeness",
    tables=("*",),
    rationale=(
        "合计、小计栏是读者核对的入口；组成项目有数而合计栏空白，公开表不完整，"
        "读者无法从表中直接读出合计数。空白合计按“未填列”处理，不按 0 处理，"
        "其上级等式以其组成项目代入核对。"
    ),
    fires="公开01表“本年支出合计”为空，而“社会保障和就业支出”16.12、“卫生健康支出”176.99。",
    silent="合计栏与全部组成项目均为空（空行）；或合计栏已填列。",
    template=("{table}{where}未填列，但{parts}为{expected}{unit}，该合计栏应填列（或说明原因）。"),
)

CellState = Literal["printed", "blank", "unreadable"]


def cell_state(cell: Cell | None) -> CellState:
    """printed (a number), blank (nothing or a dash: not printed) or unreadable (other text)."""
    if cell is None:
        return "blank"
    if cell.amount is not None:
        return "printed"
    return "blank" if not cell.text or is_blank(cell.text) else "unreadable"


class Slot:
    """A cell position: table, row, canonical column (the cell itself may be absent)."""

    __slots__ = ("table", "row", "column", "key")

    def __init__(self, table: Table, row: Row, column: str) -> None:
        """Name the position; `key` identifies it (rows compare by object, keys may repeat)."""
        self.table = table
        self.row = row
        self.column = column
        self.key: tuple[int, str] = (id(row), column)

    @property
    def cell(self) -> Cell | None:
        """The cell printed at this position, if any."""
        return self.row.cells.get(self.column)

    def phrase(self) -> str:
        """“合计”行“基本支出”栏 — how a message names this cell."""
        return cell_phrase(self.table, self.row, self.column)

    def __repr__(self) -> str:
        return f"Slot({self.table.id}, {self.row.key!r}, {self.column!r})"


# One declared part of an identity: (row, column, sign). A plain tuple: identities are built
# by the thousand per document.
Part = tuple[Row, str, int]


@dataclass(eq=False, slots=True)
class Identity:
    """A stated identity ``total = Σ sign·part`` under one rule (all cells in one table)."""

    rule: RuleSpec
    table: Table
    row: Row  # the total's row
    column: str  # the total's column
    parts: tuple[Part, ...]
    parts_text: str | None = None  # e.g. 各项级科目“基本支出”之和; generated when None
    substitutable: bool = True  # may lend its parts when its total is blank elsewhere

    @property
    def total(self) -> Slot:
        """The total's position."""
        return Slot(self.table, self.row, self.column)

    @property
    def key(self) -> tuple[int, str]:
        """Identity of the total's position."""
        return (id(self.row), self.column)

    @property
    def signed(self) -> bool:
        """True when some part is subtracted."""
        return any(sign < 0 for _, _, sign in self.parts)


@dataclass
class Plan:
    """What a rule family declares for one document."""

    identities: list[Identity] = field(default_factory=list)
    not_evaluated: list[NotEvaluated] = field(default_factory=list)

    def extend(self, other: Plan) -> None:
        """Append another plan's identities and not-evaluated checks."""
        self.identities.extend(other.identities)
        self.not_evaluated.extend(other.not_evaluated)

    def only(self, rule: RuleSpec) -> Plan:
        """What the plan states for one rule (a pass that states several, filtered to one of them)."""
        return Plan(
            [i for i in self.identities if i.rule.id == rule.id],
            [n for n in self.not_evaluated if n.rule_id == rule.id],
        )


class Term(NamedTuple):
    """A printed part as compared: its position, cell and sign."""

    row: Row
    column: str
    cell: Cell
    sign: int


@dataclass(eq=False, slots=True)
class Check:
    """An identity with a printed total and its printed parts, ready for the engine."""

    identity: Identity
    total: Cell
    terms: list[Term]
    substituted: list[Row]  # blank subtotals replaced by their parts
    comparison: Comparison
    unit: str


@dataclass(eq=False, slots=True)
class BlankCheck:
    """An identity whose total is blank while some parts are printed."""

    identity: Identity
    total: Cell | None
    terms: list[Term]
    substituted: list[Row]
    parts_sum: Bounds
    unit: str


class _Unreadable(Exception):
    """Raised while expanding an identity that meets a cell whose text is not a number."""

    def __init__(self, slot: Slot, cell: Cell | None) -> None:
        """Remember where and what."""
        super().__init__("unreadable")
        self.slot = slot
        self.cell = cell


def missing_rows(rule: RuleSpec, table: Table, what: str) -> NotEvaluated:
    """NotEvaluated for a table that lacks the rows a rule needs."""
    return NotEvaluated(rule.id, f"{table_name(table)}未识别出{what}，无法核对“{rule.title}”。", table.id)


def missing_table(rule: RuleSpec, table_id: str, title: str) -> NotEvaluated:
    """NotEvaluated for a rule whose table is absent from the document."""
    return NotEvaluated(
        rule.id, f"文件中未找到公开{table_id}表（{title}），无法核对“{rule.title}”。", table_id
    )


class Resolver:
    """Turns declared identities into checks, blank-total checks and not-evaluated entries."""

    def __init__(self, identities: Sequence[Identity]) -> None:
        """Index the identities by their total cell, for substitution of blank subtotals."""
        self.identities = list(identities)
        self._by_total: dict[tuple[int, str], list[Identity]] = {}
        for ident in self.identities:
            # Only a blank total can stand in for a blank part: index just those.
            total = ident.row.cells.get(ident.column)
            if ident.substitutable and (total is None or total.amount is None):
                self._by_total.setdefault((id(ident.row), ident.column), []).append(ident)
        for candidates in self._by_total.values():
            if len(candidates) > 1:
                # Prefer a breakdown in the same column (类 = Σ款) to one across columns (基本+项目).
                candidates.sort(key=lambda i: any(col != i.column for _, col, _ in i.parts))

    def _expand_parts(
        self, ident: Identity, sign: int, visiting: tuple[int, ...], depth: int
    ) -> tuple[list[Term], list[Row]]:
        """Printed terms standing for the identity's parts, blank subtotals replaced."""
        terms: list[Term] = []
        subs: list[Row] = []
        for row, column, part_sign in ident.parts:
            cell = row.cells.get(column)
            if cell is not None:
                if cell.amount is not None:  # the common case: printed
                    terms.append(Term(row, column, cell, sign * part_sign))
                    continue
                if cell.text and not is_blank(cell.text):
                    raise _Unreadable(Slot(ident.table, row, column), cell)
            if depth >= MAX_SUBSTITUTION_DEPTH:
                continue
            for sub in self._by_total.get((id(row), column), ()):
                if id(sub) in visiting:
                    continue
                t, s = self._expand_parts(sub, sign * part_sign, (*visiting, id(sub)), depth + 1)
                if t:
                    terms.extend(t)
                    subs.extend(s)
                    subs.append(row)
                    break
        return terms, subs

    def resolve(self) -> tuple[list[Check], list[BlankCheck], list[NotEvaluated]]:
        """Checks to run, blank totals to judge, and identities that cannot be evaluated."""
        checks: list[Check] = []
        blanks: list[BlankCheck] = []
        not_evaluated: list[NotEvaluated] = []
        seen_sums: set[tuple[int, frozenset[int]]] = set()
        seen_blank: set[tuple[int, str]] = set()
        seen_unreadable: set[tuple[str, tuple[int, str]]] = set()
        for ident in self.identities:
            table = ident.table
            unit = table.unit or "万元"
            total = ident.row.cells.get(ident.column)
            if total is not None and total.amount is not None and total.amount.unit in ("", "分"):
                unit = total.amount.unit  # a sum of plain numbers or points (绩效 分值/得分), not of money
            try:
                state = cell_state(total)
                if state == "unreadable":
                    raise _Unreadable(ident.total, total)
                terms, subs = self._expand_parts(ident, 1, (id(ident),), 0)
                if state == "printed":
                    assert total is not None and total.amount is not None
                    # Same total cell, same printed cells with the same signs: the same sum.
                    key = (
                        id(total),
                        frozenset([id(t.cell) if t.sign > 0 else -id(t.cell) for t in terms]),
                    )
                    if key in seen_sums:
                        continue
                    seen_sums.add(key)
                    amounts = [(t.cell.amount, t.sign) for t in terms]
                    comparison = compare(total.amount, amounts, unit)  # type: ignore[arg-type]
                    checks.append(Check(ident, total, terms, subs, comparison, unit))
                elif terms and ident.key not in seen_blank:
                    seen_blank.add(ident.key)
                    amounts = [(t.cell.amount, t.sign) for t in terms]
                    parts_sum, _ = sum_bounds(amounts, unit)  # type: ignore[arg-type]
                    blanks.append(BlankCheck(ident, total, terms, subs, parts_sum, unit))
            except _Unreadable as u:
                marker = (ident.rule.id, u.slot.key)
                if marker not in seen_unreadable:
                    seen_unreadable.add(marker)
                    text = u.cell.text.strip() if u.cell else ""
                    not_evaluated.append(
                        NotEvaluated(
                            ident.rule.id,
                            f"{table_name(table)}{u.slot.phrase()}的内容“{text}”无法识别为数值，"
                            f"无法核对“{ident.rule.title}”。",
                            table.id,
                        )
                    )
            except UnitMismatch as exc:
                not_evaluated.append(
                    NotEvaluated(
                        ident.rule.id,
                        f"{table_name(table)}{ident.total.phrase()}所涉数值计量单位不一致（{exc}），"
                        f"无法核对“{ident.rule.title}”。",
                        table.id,
                    )
                )
        return checks, blanks, not_evaluated


def value_columns(table: Table, rows: Iterable[Row]) -> list[str]:
    """Columns that carry cells in `rows`, in the table's printed order, then any others."""
    present: dict[str, None] = {}
    for r in rows:
        for c in r.cells:
            present.setdefault(c, None)
    ordered = [c for c in table.columns if c in present]
    ordered += [c for c in present if c not in table.columns]
    return ordered


def row_sum(
    rule: RuleSpec,
    table: Table,
    row: Row,
    total_column: str,
    parts: Sequence[tuple[str, int]],
    parts_text: str | None = None,
) -> Identity:
    """An identity across the columns of one row (e.g. 本年支出合计 = 基本支出 + 项目支出)."""
    return Identity(rule, table, row, total_column, tuple([(row, c, s) for c, s in parts]), parts_text)


def column_sum(
    rule: RuleSpec,
    table: Table,
    total: Row,
    parts: Sequence[Row],
    column: str,
    parts_text: str | None = None,
    substitutable: bool = True,
) -> Identity:
    """An identity down one column (e.g. 合计 = Σ类, 类 = Σ款)."""
    return Identity(
        rule,
        table,
        total,
        column,
        tuple([(r, column, 1) for r in parts]),
        parts_text,
        substitutable,
    )


def cross_cells(
    rule: RuleSpec,
    total: Slot,
    parts: Sequence[tuple[Slot, int]],
    parts_text: str | None = None,
    substitutable: bool = True,
) -> Identity:
    """An identity between arbitrary cells of one table (e.g. 收入方总计 = 支出方总计)."""
    return Identity(
        rule,
        total.table,
        total.row,
        total.column,
        tuple([(s.row, s.column, sign) for s, sign in parts]),
        parts_text,
        substitutable,
    )


def missing_tables(disclosure: Disclosure, rules: Sequence[RuleSpec]) -> Plan:
    """NotEvaluated for every rule whose required final-account table is absent."""
    plan = Plan()
    for rule in rules:
        for tid in rule.tables:
            spec = FINAL_ACCOUNT_TABLES.get(tid)
            if spec is None or not spec.required or tid in disclosure.tables:
                continue
            plan.not_evaluated.append(missing_table(rule, tid, spec.title))
    return plan
