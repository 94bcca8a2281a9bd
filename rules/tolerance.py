"""Rounding tolerance of every sum, once for all rules: XBRL Calculations 1.1 interval arithmetic.

A value printed with d decimals stands for any true value in [v − ½·10^−d, v + ½·10^−d]
(`Amount.half_ulp`). An identity ``total = Σ sign·part`` is *broken* only when no choice of true
values inside those intervals makes it hold, i.e. when

    |total − Σ sign·part| > half_ulp(total) + Σ half_ulp(part).

A difference of 0 *holds*; a non-zero difference within that radius is a *rounding residue*
(尾差), reported as info at most. Values are compared in the table's unit, exactly, as `Decimal`.

The rule engine receives the three numbers as exact scaled integers (`scaled_ints`), because the
engine compares JSON numbers and only integers are exact there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Literal

from ingest.model import Amount

# Money units and their size in 元; other units ('%', '') only compare with themselves.
MONEY_UNITS: dict[str, int] = {"元": 0, "万元": 4}

# Largest magnitude the engine receives: int64 with headroom for lhs ± tol inside the engine.
ENGINE_INT_LIMIT = 2**62

# Decimal precision for the interval sums (far beyond any printed figure).
DECIMAL_PRECISION = 60

Verdict = Literal["holds", "rounding", "broken"]


class UnitMismatch(ValueError):
    """A cell's unit cannot be converted to the unit of the comparison."""


@dataclass(slots=True)
class Bounds:
    """A printed value as an interval: centre `value` and radius `radius`, in one unit."""

    value: Decimal
    radius: Decimal


# Units of numbers that are assigned rather than measured and rounded (绩效 分值/得分): no tolerance.
EXACT_UNITS = frozenset({"分"})

# Exact arithmetic for the interval sums, independent of the caller's decimal context.
EXACT = Context(prec=DECIMAL_PRECISION)
_HALF_ULP: dict[int, Decimal] = {}
_ZERO = Decimal(0)


def half_ulp(decimals: int) -> Decimal:
    """½·10^−decimals (cached: the same few precisions occur everywhere)."""
    h = _HALF_ULP.get(decimals)
    if h is None:
        h = _HALF_ULP[decimals] = Decimal(5).scaleb(-decimals - 1)
    return h


def _shift(amount: Amount, unit: str) -> int:
    """Power of ten that converts `amount` into `unit` (0 when already there)."""
    if amount.unit == unit:
        return 0
    if amount.unit in MONEY_UNITS and unit in MONEY_UNITS:
        return MONEY_UNITS[amount.unit] - MONEY_UNITS[unit]
    raise UnitMismatch(f"{amount.unit!r} → {unit!r}")


def to_unit(amount: Amount, unit: str) -> Bounds:
    """The printed amount as an interval expressed in `unit` (万元 ↔ 元 converted exactly)."""
    shift = _shift(amount, unit)
    if shift == 0:
        return Bounds(amount.value, _ZERO if unit in EXACT_UNITS else half_ulp(amount.decimals))
    return Bounds(amount.value.scaleb(shift, EXACT), half_ulp(amount.decimals - shift))


@dataclass(slots=True)
class Comparison:
    """One identity evaluated exactly: printed total vs Σ printed parts, with its tolerance."""

    actual: Decimal  # the printed total (left side)
    expected: Decimal  # Σ sign·part (right side)
    tolerance: Decimal  # half_ulp(total) + Σ half_ulp(parts)
    scale: int = 0  # decimals that make all three exact integers (finest precision + 1)

    @property
    def difference(self) -> Decimal:
        """Signed actual − expected."""
        return EXACT.subtract(self.actual, self.expected)

    def verdict(self) -> Verdict:
        """Reference classification in Python (the engine makes the same decision on integers)."""
        d = abs(self.difference)
        if d == 0:
            return "holds"
        return "rounding" if d <= self.tolerance else "broken"


def _accumulate(
    terms: Iterable[tuple[Amount, int]], unit: str, value: Decimal, counts: dict[int, int]
) -> Decimal:
    """Add sign·term to `value` in `unit`, counting the terms by decimals (in `unit`)."""
    add, subtract = EXACT.add, EXACT.subtract
    for amount, sign in terms:
        if amount.unit == unit:
            v, decimals = amount.value, amount.decimals
        else:
            shift = _shift(amount, unit)
            v, decimals = amount.value.scaleb(shift, EXACT), amount.decimals - shift
        value = add(value, v) if sign > 0 else subtract(value, v)
        counts[decimals] = counts.get(decimals, 0) + 1
    return value


def _radius(counts: dict[int, int]) -> Decimal:
    """Σ half_ulp over counted terms."""
    radius = _ZERO
    for decimals, n in counts.items():
        h = _HALF_ULP.get(decimals) or half_ulp(decimals)
        radius = EXACT.add(radius, h if n == 1 else EXACT.multiply(h, n))
    return radius


def sum_bounds(terms: Iterable[tuple[Amount, int]], unit: str) -> tuple[Bounds, int]:
    """Interval of Σ sign·term in `unit` (centres add with their signs, radii always add) and
    the finest precision met (decimals, in `unit`)."""
    counts: dict[int, int] = {}
    value = _accumulate(terms, unit, _ZERO, counts)
    return Bounds(value, _radius(counts)), max(counts, default=0)


def compare(total: Amount, parts: Sequence[tuple[Amount, int]], unit: str) -> Comparison:
    """Evaluate ``total = Σ sign·part`` in `unit` with the Calc 1.1 tolerance.

    This runs once per check, so it is written as one tight loop (same arithmetic as
    `sum_bounds`: exact decimal sums, radius = Σ half_ulp over the total and the parts).
    """
    add, subtract = EXACT.add, EXACT.subtract
    halves = _HALF_ULP
    if total.unit == unit:
        actual, finest = total.value, total.decimals
    else:
        shift = _shift(total, unit)
        actual, finest = total.value.scaleb(shift, EXACT), total.decimals - shift
    radius = halves.get(finest) or half_ulp(finest)
    expected = _ZERO
    for amount, sign in parts:
        if amount.unit == unit:
            v, decimals = amount.value, amount.decimals
        else:
            shift = _shift(amount, unit)
            v, decimals = amount.value.scaleb(shift, EXACT), amount.decimals - shift
        expected = add(expected, v) if sign > 0 else subtract(expected, v)
        radius = add(radius, halves.get(decimals) or half_ulp(decimals))
        if decimals > finest:
            finest = decimals
    if unit in EXACT_UNITS:
        radius = _ZERO  # points are assigned, not rounded: a score total off by 1 is off
    return Comparison(actual, expected, radius, max(finest, 0) + 1)


def scaled_ints(values: Sequence[Decimal], scale: int | None = None) -> tuple[int, list[int]]:
    """A common power of ten and the values multiplied by it as exact ints.

    `scale` defaults to the finest exponent among the values. Raises ValueError when a value is
    not exact at that scale or does not fit the engine's exact integer range.
    """
    if scale is None:
        scale = 0
        for v in values:
            exponent = v.as_tuple().exponent
            if not isinstance(exponent, int):
                raise ValueError(f"not a finite number: {v}")
            scale = max(scale, -exponent)
    out: list[int] = []
    for v in values:
        scaled = v.scaleb(scale, EXACT)
        i = int(scaled)
        if i != scaled or abs(i) >= ENGINE_INT_LIMIT:
            raise ValueError(f"{v} does not fit an exact engine integer at scale {scale}")
        out.append(i)
    return scale, out
