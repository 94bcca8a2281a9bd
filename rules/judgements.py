"""Checks that are not an in-table sum: comparisons across tables, bounds, document requirements.

The in-table families state `Identity` objects (rules/checks.py). The cross-table, completeness
and plausibility families state `Judgement`s instead, each one fact for the same engine:

- `Equality`: two sides that must be equal, each a signed sum of cells that may stand in
  different tables (03表 “221 住房保障支出” = 01表 “住房保障支出”). A cell that is not printed
  counts as an exact 0 — across tables a blank opposite a figure is itself the discrepancy — and
  a row the table does not have at all counts the same way. Facts of kind ``check``.
- `Bound`: ``small ≤ large`` (06表 30217 公务接待费 ≤ 09表 公务接待费 决算数). Kind ``bound``.
- `Requirement`: a condition the document must meet (a table present, a section written). Kind
  ``require``.
- `Threshold`: a figure against a limit computed from other figures (a need against the money for
  it), ``lhs ≤ rhs`` or ``lhs = rhs`` within a tolerance. Kind ``bound`` or ``check``.

Values are compared exactly, in one unit (万元 ↔ 元 converted), with the Calc 1.1 tolerance of
rules/tolerance.py; the engine decides (rules/outcomes.py); a judgement only words the finding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from ingest.model import Amount, Cell, Evidence, Location, Row, Table
from ingest.numbers import is_blank
from rules.catalog import ROUNDING_TEMPLATE, UNCERTAIN_SUFFIX, RuleSpec
from rules.engine import FactValue
from rules.findings import Finding, NotEvaluated, Severity, finding_of
from rules.outcomes import BROKEN, HOLDS, KIND_BOUND, KIND_CHECK, KIND_REQUIRE
from rules.tolerance import Bounds, Comparison, UnitMismatch, scaled_ints, sum_bounds
from rules.wording import fmt_amount, fmt_tolerance, places_of, row_label, table_name

# How a message shows a side that is not printed at all.
BLANK_WORDS = "未填列"


class Judgement(Protocol):
    """One check of a non-arithmetic family: one engine fact, one finding when it does not hold."""

    rule: RuleSpec

    @property
    def table_id(self) -> str:
        """Table the finding is filed under (for ordering)."""
        ...

    def fact(self, fid: str) -> dict[str, FactValue]:
        """The engine fact; raises ValueError when a value does not fit the engine."""
        ...

    def finding(self, outcome: str) -> Finding | None:
        """The finding for the engine's outcome (None when it holds)."""
        ...


@dataclass(eq=False, slots=True)
class Ref:
    """A cell position compared across tables. `row` is None when the table has no such row."""

    table: Table
    row: Row | None
    column: str
    label: str = ""  # how to name the row when it is absent

    @property
    def cell(self) -> Cell | None:
        """The cell printed at this position, if any."""
        return self.row.cells.get(self.column) if self.row is not None else None

    @property
    def amount(self) -> Amount | None:
        """The printed amount (None when blank or absent)."""
        c = self.cell
        return c.amount if c is not None else None

    def unreadable(self) -> bool:
        """True when the cell holds text that is neither a number nor a dash."""
        c = self.cell
        return c is not None and c.amount is None and bool(c.text) and not is_blank(c.text)

    def evidence(self) -> Evidence:
        """Evidence entry of the position, also for a blank or absent cell."""
        c = self.cell
        if c is not None:
            return c.evidence()
        loc = self.row.loc if self.row is not None else self.table.loc
        row = self.row.key if self.row is not None else self.label
        return Evidence(table=self.table.id, row=row, column=self.column, loc=loc)


def ref(table: Table, row: Row | None, column: str, label: str = "") -> Ref:
    """A position; `label` names the row when `row` is None."""
    return Ref(table, row, column, label or (row_label(row) if row is not None else ""))


class Side:
    """One side of a comparison: a signed sum of positions and how a message names it.

    `text` (e.g. 公开03表“221 住房保障支出”（各项级科目之和）) may be given as a function: it is
    only needed when a finding is written, and most comparisons hold.
    """

    __slots__ = ("_text", "refs")

    def __init__(self, text: str | Callable[[], str], refs: list[tuple[Ref, int]]) -> None:
        """A side naming itself `text` and adding up `refs` with their signs."""
        self._text = text
        self.refs = refs

    @property
    def text(self) -> str:
        """How a message names the side."""
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    def printed(self) -> list[tuple[Amount, int]]:
        """The printed amounts with their signs (blank positions count as exact zeros)."""
        out: list[tuple[Amount, int]] = []
        for r, sign in self.refs:
            a = r.amount
            if a is not None:
                out.append((a, sign))
        return out

    def blank(self) -> bool:
        """True when no position of the side is printed."""
        return all(r.amount is None for r, _ in self.refs)

    def unreadable(self) -> Ref | None:
        """The first position whose text is not a number, if any."""
        return next((r for r, _ in self.refs if r.unreadable()), None)

    def uncertain(self) -> bool:
        """True when a compared cell's column was inferred by ingest rather than read."""
        return any(r.cell is not None and r.cell.uncertain for r, _ in self.refs)


def side(text: str | Callable[[], str], *refs: Ref, sign: int = 1) -> Side:
    """A side adding up `refs`."""
    return Side(text, [(r, sign) for r in refs])


def _unit_of(*sides: Side) -> str:
    for s in sides:
        for r, _ in s.refs:
            a = r.amount
            if a is not None:
                return a.unit
    for s in sides:
        for r, _ in s.refs:
            return r.table.unit or "万元"
    return "万元"


def _bounds(s: Side, unit: str) -> tuple[Bounds, int]:
    if s.blank():
        return Bounds(Decimal(0), Decimal(0)), 0
    return sum_bounds(s.printed(), unit)


def _shown(value: Decimal, blank: bool, places: int, unit: str) -> str:
    return BLANK_WORDS if blank else f"为{fmt_amount(value, places)}{unit}"


@dataclass(eq=False, slots=True)
class _Compared:
    comparison: Comparison
    unit: str


def _compare(left: Side, right: Side) -> _Compared:
    """Left vs right in one unit: left = actual, right = expected, radius of both."""
    unit = _unit_of(left, right)
    lb, lfin = _bounds(left, unit)
    rb, rfin = _bounds(right, unit)
    tol = lb.radius + rb.radius
    return _Compared(Comparison(lb.value, rb.value, tol, max(lfin, rfin, 0) + 1), unit)


def not_comparable(rule: RuleSpec, sides: Sequence[Side]) -> NotEvaluated | None:
    """NotEvaluated when a compared cell holds text that is not a number, else None."""
    for s in sides:
        bad = s.unreadable()
        if bad is not None:
            cell = bad.cell
            text = cell.text.strip() if cell is not None else ""
            return NotEvaluated(
                rule.id,
                f"{table_name(bad.table)}“{row_label(bad.row) if bad.row else bad.label}”行“{bad.column}”栏"
                f"的内容“{text}”无法识别为数值，无法核对“{rule.title}”。",
                bad.table.id,
            )
    return None


def _places(comp: Comparison) -> int:
    """Decimals to show: those the values need (trailing zeros of a unit conversion dropped), at least 2."""
    return max(places_of([comp.actual.normalize(), comp.expected.normalize()]), 2)


def _fields(left: Side, right: Side, comp: Comparison, unit: str, extra: dict[str, str]) -> dict[str, str]:
    places = _places(comp)
    fields = {
        "left": f"{left.text}{_shown(comp.actual, left.blank(), places, unit)}",
        "right": f"{right.text}{_shown(comp.expected, right.blank(), places, unit)}",
        "left_text": left.text,
        "right_text": right.text,
        "actual": BLANK_WORDS if left.blank() else fmt_amount(comp.actual, places),
        "expected": BLANK_WORDS if right.blank() else fmt_amount(comp.expected, places),
        "difference": fmt_amount(abs(comp.difference), places),
        "tolerance": fmt_tolerance(comp.tolerance, places),
        "unit": unit,
    }
    fields.update(extra)
    return fields


def _finding(
    rule: RuleSpec,
    outcome: str,
    left: Side,
    right: Side,
    comp: Comparison,
    unit: str,
    extra: dict[str, str],
    signed_difference: Decimal | None = None,
    template: str | None = None,
) -> Finding | None:
    if outcome == HOLDS:
        return None
    f = _fields(left, right, comp, unit, extra)
    places = _places(comp)
    diff = comp.difference if signed_difference is None else signed_difference
    return finding_of(
        rule,
        outcome,
        message=(template or rule.template).format(**f),
        rounding_message=ROUNDING_TEMPLATE.format(
            table="",
            where=left.text,
            actual=f["actual"],
            unit=unit,
            parts=right.text,
            expected=f["expected"],
            difference=f["difference"],
            tolerance=f["tolerance"],
        ),
        suffix=UNCERTAIN_SUFFIX if left.uncertain() or right.uncertain() else "",
        expected=f["expected"] if not right.blank() else "（空）",
        actual=f["actual"] if not left.blank() else "（空）",
        difference=fmt_amount(abs(diff), places),
        tolerance=f["tolerance"],
        evidence=[r.evidence() for s in (left, right) for r, _ in s.refs],
    )


@dataclass(eq=False, slots=True)
class Equality:
    """``left = right`` across tables; `left` is what the finding calls the actual value."""

    rule: RuleSpec
    left: Side
    right: Side
    extra: dict[str, str] = field(default_factory=dict)  # more template fields (e.g. a condition)
    template: str | None = None  # wording of a broken equality other than the rule's own template
    _cmp: _Compared | None = None

    @property
    def table_id(self) -> str:
        """The table of the left side."""
        return self.left.refs[0][0].table.id if self.left.refs else self.rule.tables[0]

    @property
    def compared(self) -> _Compared:
        """The exact comparison (computed once)."""
        if self._cmp is None:
            self._cmp = _compare(self.left, self.right)
        return self._cmp

    def terms(self) -> list[tuple[Ref, int, int]]:
        """(position, sign on the side, side: +1 left / −1 right) of every printed cell."""
        return [(r, s, 1) for r, s in self.left.refs if r.amount is not None] + [
            (r, s, -1) for r, s in self.right.refs if r.amount is not None
        ]

    def fact(self, fid: str) -> dict[str, FactValue]:
        """A ``check`` fact: lhs = left, rhs = right, tol = radius."""
        c = self.compared.comparison
        _, (lhs, rhs, tol) = scaled_ints([c.actual, c.expected, c.tolerance], c.scale)
        return {"id": fid, "kind": KIND_CHECK, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """None when equal; info for a 尾差; the rule's severity otherwise."""
        c = self.compared
        return _finding(
            self.rule,
            outcome,
            self.left,
            self.right,
            c.comparison,
            c.unit,
            self.extra,
            template=self.template,
        )


@dataclass(eq=False, slots=True)
class Bound:
    """``small ≤ large`` (e.g. the part paid from basic expenditure ≤ the whole)."""

    rule: RuleSpec
    small: Side
    large: Side
    extra: dict[str, str] = field(default_factory=dict)
    template: str | None = None  # wording of a broken bound when the rule's own template is an equality's
    _cmp: _Compared | None = None

    @property
    def table_id(self) -> str:
        """The table of the smaller side."""
        return self.small.refs[0][0].table.id if self.small.refs else self.rule.tables[0]

    @property
    def compared(self) -> _Compared:
        """The exact comparison (computed once)."""
        if self._cmp is None:
            self._cmp = _compare(self.small, self.large)
        return self._cmp

    def fact(self, fid: str) -> dict[str, FactValue]:
        """A ``bound`` fact: lhs = small, rhs = large, tol = radius."""
        c = self.compared.comparison
        _, (lhs, rhs, tol) = scaled_ints([c.actual, c.expected, c.tolerance], c.scale)
        return {"id": fid, "kind": KIND_BOUND, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """None when it holds; info when the excess is a 尾差; the rule's severity otherwise."""
        c = self.compared
        return _finding(
            self.rule,
            outcome,
            self.small,
            self.large,
            c.comparison,
            c.unit,
            self.extra,
            template=self.template,
        )


@dataclass(eq=False, slots=True)
class Requirement:
    """A condition the document must meet; `ok` is decided in the engine as a 0/1 fact."""

    rule: RuleSpec
    ok: bool
    # the finding's message when not met (complete, Chinese) and its evidence; either may be a
    # function, called only when the requirement is not met
    message: str | Callable[[], str]
    evidence: list[Evidence] | Callable[[], list[Evidence]]
    table: str  # filed under this table ("document" / "narrative" for whole-document checks)
    expected: str | None = None
    actual: str | None = None
    severity: Severity | None = None  # the grade this case gives its finding (default: the rule's)

    @property
    def table_id(self) -> str:
        """Where the finding is filed."""
        return self.table

    def fact(self, fid: str) -> dict[str, FactValue]:
        """A ``require`` fact."""
        return {"id": fid, "kind": KIND_REQUIRE, "ok": 1 if self.ok else 0}

    def finding(self, outcome: str) -> Finding | None:
        """None when met; the case's grade (default: the rule's severity) when not."""
        if outcome == HOLDS:
            return None
        if outcome != BROKEN:
            raise ValueError(f"unexpected outcome {outcome!r} for {self.rule.id}")
        return _broken(self)


@dataclass(eq=False, slots=True)
class Threshold:
    """A figure against a limit computed from other figures, decided in the engine: ``lhs ≤ rhs``
    (kind ``bound``) or ``lhs = rhs`` (kind ``check``) within ``tol``, exact values in one unit (a
    need against the money for it, an amount against the other money available). The rule words
    only a broken outcome (`message`, complete); a 尾差 within ``tol`` is no finding of its own, the
    limit already being that of the figures' rounding."""

    rule: RuleSpec
    kind: str  # KIND_BOUND or KIND_CHECK
    lhs: Decimal
    rhs: Decimal
    tol: Decimal
    message: str | Callable[[], str]
    evidence: list[Evidence] | Callable[[], list[Evidence]]
    table: str  # filed under this table
    expected: str | None = None
    actual: str | None = None
    severity: Severity | None = None  # the grade this case gives its finding (default: the rule's)

    @property
    def table_id(self) -> str:
        """Where the finding is filed."""
        return self.table

    def fact(self, fid: str) -> dict[str, FactValue]:
        """A ``bound`` or ``check`` fact of the three values as exact integers at their finest scale."""
        _, (lhs, rhs, tol) = scaled_ints([self.lhs, self.rhs, self.tol])
        return {"id": fid, "kind": self.kind, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """None when it holds or is within ``tol``; the rule's severity when broken."""
        return _broken(self) if outcome == BROKEN else None


def _broken(check: Requirement | Threshold) -> Finding:
    """The finding of a broken Requirement or Threshold: its own complete message and evidence (each
    possibly a function, called only now), the case's grade (default: the rule's)."""
    message = check.message if isinstance(check.message, str) else check.message()
    evidence = check.evidence if isinstance(check.evidence, list) else check.evidence()
    return finding_of(
        check.rule,
        BROKEN,
        message=message,
        severity=check.severity,
        expected=check.expected,
        actual=check.actual,
        # something the document lacks has nowhere to point at: one empty evidence entry
        evidence=evidence or [Evidence()],
    )


def text_evidence(
    quote: str,
    loc: Location,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
) -> Evidence:
    """Evidence quoting printed words (a sentence, a caption, a form's description), no value."""
    return Evidence(table=table, row=row, column=column, quote=quote, loc=loc)


def table_evidence(table: Table, quote: str = "") -> Evidence:
    """Evidence naming a whole table (its title line)."""
    return text_evidence(quote or table.title, table.loc, table.id)


def absent_table_evidence(table_id: str, title: str) -> Evidence:
    """Evidence for a table the document lacks."""
    return Evidence(table=table_id, quote=title)


@dataclass
class JudgementPlan:
    """What a non-arithmetic family declares for one document."""

    judgements: list[Judgement] = field(default_factory=list)
    not_evaluated: list[NotEvaluated] = field(default_factory=list)

    def extend(self, other: JudgementPlan) -> None:
        """Append another plan."""
        self.judgements.extend(other.judgements)
        self.not_evaluated.extend(other.not_evaluated)

    def only(self, rule: RuleSpec) -> JudgementPlan:
        """What the plan states for one rule (a pass that states several, filtered to one of them)."""
        return JudgementPlan(
            [j for j in self.judgements if j.rule.id == rule.id],
            [n for n in self.not_evaluated if n.rule_id == rule.id],
        )

    def add(self, judgement: Judgement, *sides: Side) -> None:
        """Add a comparison, or a NotEvaluated when one of its cells cannot be read."""
        rule = judgement.rule
        ne = not_comparable(rule, sides) if sides else None
        if ne is None and isinstance(judgement, Equality | Bound):
            try:
                judgement.compared  # noqa: B018 - computed now so a unit mismatch is known
            except UnitMismatch as exc:
                ne = NotEvaluated(
                    rule.id,
                    f"所比较数值的计量单位不一致（{exc}），无法核对“{rule.title}”。",
                    judgement.table_id,
                )
        if ne is not None:
            self.not_evaluated.append(ne)
            return
        self.judgements.append(judgement)
