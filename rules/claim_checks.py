"""Narrative claims as values and as checks — the part of the rules kernel the families that read
the 情况说明 share (narrative, narrative_verdict, performance, the identities declared as data).

A claim is quoted and given as evidence the same way everywhere (`section_words`, `quote`,
`claim_evidence`); a value a check uses is a `Source` (a claim or a table cell); a check is a
`NarrativeCheck`: one engine fact of the kinds of rules/outcomes.py (``check`` for an identity,
``bound`` for a percentage against part/whole×100 in interval arithmetic, ``require`` for wording)
and the finding for each outcome (broken at the rule's severity, 尾差 as info).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, Decimal

from ingest.model import Amount, Cell, Claim, Disclosure, Evidence, format_amount
from rules.catalog import RuleSpec
from rules.engine import FactValue
from rules.findings import Finding, finding_of
from rules.outcomes import KIND_BOUND, KIND_CHECK, KIND_REQUIRE
from rules.tolerance import Bounds, Comparison, half_ulp, scaled_ints, to_unit
from rules.wording import fmt_amount, fmt_tolerance, places_of

# Decimal places the engine sees for percentages (ratios are rounded outward to this).
PERCENT_SCALE = 8
# Longest quote of a sentence inside a message (the evidence keeps the whole sentence).
QUOTE_CHARS = 90
# Filed under this “table” for ordering (after the tables' own findings).
NARRATIVE = "narrative"


@dataclass
class Source:
    """A value a check uses, where it comes from and how a message names it."""

    amount: Amount
    where: str  # 情况说明“三、支出决算情况说明” / 公开03表“合计”行“基本支出”栏
    evidence: Evidence
    blank: bool = False  # a table cell that is not printed (counted as an exact 0)
    claim: Claim | None = None
    cell: Cell | None = None

    @property
    def bounds(self) -> Bounds:
        """The value as an interval (a blank cell is an exact 0)."""
        if self.blank:
            return Bounds(Decimal(0), Decimal(0))
        return to_unit(self.amount, self.amount.unit)

    def shown(self) -> str:
        """The value as printed ("157.98"), or 未填列."""
        return "未填列（空）" if self.blank else format_amount(self.amount)


def section_words(claim: Claim) -> str:
    """情况说明“三、支出决算情况说明” — where a claim was stated."""
    return f"情况说明“{claim.section}”" if claim.section else "情况说明"


def quote(claim: Claim) -> str:
    """The claim's sentence, shortened around the figure when long."""
    s = claim.sentence
    if len(s) <= QUOTE_CHARS:
        return s
    half = QUOTE_CHARS // 2
    a = max(0, min(claim.start - half, len(s) - QUOTE_CHARS))
    return ("…" if a else "") + s[a : a + QUOTE_CHARS] + ("…" if a + QUOTE_CHARS < len(s) else "")


def claim_evidence(claim: Claim) -> Evidence:
    """Evidence entry for a narrative figure: no table/row/column; the sentence as quote."""
    value = claim.value
    return Evidence(
        value=fmt_amount(value.value, value.decimals) if value is not None else None,
        unit=value.unit if value is not None else None,
        quote=claim.sentence,
        loc=claim.loc,
        figure=claim.text,
        subject=claim.subject,
        section=claim.section,
    )


def claim_source(claim: Claim) -> Source:
    """A narrative claim as a source of a value."""
    assert claim.value is not None
    return Source(claim.value, section_words(claim), claim_evidence(claim), claim=claim)


@dataclass(eq=False)
class NarrativeCheck:
    """One narrative check: its engine fact and the finding for each outcome."""

    rule: RuleSpec
    kind: str  # check | bound | require
    values: tuple[Decimal, Decimal, Decimal] = (Decimal(0), Decimal(0), Decimal(0))
    scale: int = 0
    ok: bool = True
    message: str = ""  # broken
    rounding_message: str = ""  # rounding (info)
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def table_id(self) -> str:
        """Filed after the tables' own findings."""
        return NARRATIVE

    def fact(self, fid: str) -> dict[str, FactValue]:
        """The engine fact (ValueError when a value does not fit the engine)."""
        if self.kind == KIND_REQUIRE:
            return {"id": fid, "kind": KIND_REQUIRE, "ok": 1 if self.ok else 0}
        _, (lhs, rhs, tol) = scaled_ints(list(self.values), self.scale)
        return {"id": fid, "kind": self.kind, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """None when it holds; info for a 尾差; the rule's severity when broken."""
        return finding_of(
            self.rule,
            outcome,
            message=self.message,
            rounding_message=self.rounding_message or self.message,
            expected=self.expected,
            actual=self.actual,
            difference=self.difference,
            tolerance=self.tolerance,
            evidence=self.evidence,
        )


def identity_check(rule: RuleSpec, comp: Comparison, places: int, **kw: object) -> NarrativeCheck:
    """A check of one comparison; its expected/actual/difference/tolerance fields are the
    comparison's, printed with `places` decimals (the difference unsigned, as in every finding)."""
    fields = {
        "expected": fmt_amount(comp.expected, places),
        "actual": fmt_amount(comp.actual, places),
        "difference": fmt_amount(abs(comp.difference), places),
        "tolerance": fmt_tolerance(comp.tolerance, places),
    }
    fields.update(kw)  # type: ignore[arg-type]
    return NarrativeCheck(
        rule, KIND_CHECK, (comp.actual, comp.expected, comp.tolerance), comp.scale, **fields
    )  # type: ignore[arg-type]


def require_check(rule: RuleSpec, ok: bool, **kw: object) -> NarrativeCheck:
    """A ``require`` check: holds when `ok` (a wording check, no figures compared)."""
    return NarrativeCheck(rule, KIND_REQUIRE, ok=ok, **kw)  # type: ignore[arg-type]


def amount_places(*values: Decimal) -> int:
    """Decimals to print amounts of a message with: as many as the most precise, at least 2."""
    return max(places_of(values), 2)


def fmt_pct(value: Decimal) -> str:
    """A percentage for a finding's expected/actual/difference fields, with 2 decimals."""
    return fmt_amount(value, 2)  # fmt_amount never prints “-0.00”


def truncated_to(stated: Amount, centre: Decimal) -> bool:
    """True when the printed rate is the computed one cut off (not rounded) at the printed
    decimals: 99.868% printed 99.86%, 95.457% printed 95.45%."""
    if stated.value < 0 or centre < 0:
        return False
    step = Decimal(1).scaleb(-max(stated.decimals, 0))
    return centre.quantize(step, rounding=ROUND_DOWN) == stated.value


def floor_percent(v: Decimal) -> Decimal:
    """`v` rounded down to PERCENT_SCALE decimals."""
    return v.quantize(Decimal(1).scaleb(-PERCENT_SCALE), rounding=ROUND_FLOOR)


def ceil_percent(v: Decimal) -> Decimal:
    """`v` rounded up to PERCENT_SCALE decimals."""
    return v.quantize(Decimal(1).scaleb(-PERCENT_SCALE), rounding=ROUND_CEILING)


@dataclass
class Ratio:
    """part / whole × 100 from two intervals: centre and the range the true values allow."""

    centre: Decimal
    low: Decimal
    high: Decimal | None  # None when the whole's interval reaches 0


def ratio(part: Bounds, whole: Bounds) -> Ratio | None:
    """part/whole×100 in interval arithmetic (parts are amounts, never below 0); None when whole ≤ 0."""
    if whole.value <= 0:
        return None
    hundred = Decimal(100)
    centre = part.value / whole.value * hundred
    p_lo = max(part.value - part.radius, Decimal(0))
    p_hi = part.value + part.radius
    w_lo = whole.value - whole.radius
    w_hi = whole.value + whole.radius
    low = p_lo / w_hi * hundred
    high = p_hi / w_lo * hundred if w_lo > 0 else None
    return Ratio(centre, low, high)


def percent_check(
    rule: RuleSpec, stated: Amount, r: Ratio, truncated_message: str = "", **kw: object
) -> NarrativeCheck:
    """A ``bound`` fact: |p − centre| ≤ ½ulp(p) holds; within the amounts' own range it is a 尾差.

    Given `truncated_message`, a rate printed as the computed one cut off at its decimals (99.868%
    printed 99.86%) is a rounding convention, not a wrong figure: a 尾差 (info) with that message,
    when the amounts' range does not already explain the difference."""
    p = stated.value
    hp = half_ulp(stated.decimals)
    distance = abs(p - r.centre)
    if p >= r.centre:
        extra = (r.high - r.centre) if r.high is not None else Decimal(10) ** 6
    else:
        extra = r.centre - r.low
    if truncated_message and distance > hp + extra and truncated_to(stated, r.centre):
        extra = distance - hp
        kw["rounding_message"] = truncated_message
    values = (floor_percent(distance), ceil_percent(hp), ceil_percent(max(extra, Decimal(0))))
    return NarrativeCheck(rule, KIND_BOUND, values, PERCENT_SCALE, **kw)  # type: ignore[arg-type]


def narrative_applies(disclosure: Disclosure) -> bool:
    """Narrative checks run on any document with claims (决算 or unknown; budgets have their own wording)."""
    return bool(disclosure.claims) and disclosure.kind != "budget"
