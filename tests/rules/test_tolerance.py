"""XBRL Calc 1.1 interval arithmetic (rules/tolerance.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rules.tolerance import UnitMismatch, compare, half_ulp, scaled_ints, to_unit
from tests.rules.builders import amount


def a(text: str, unit: str = "万元"):  # noqa: ANN201 - test shorthand
    value = amount(text, unit)
    assert value is not None
    return value


def test_half_ulp_follows_printed_decimals() -> None:
    assert half_ulp(2) == Decimal("0.005")
    assert half_ulp(0) == Decimal("0.5")
    assert a("1049.22").half_ulp == half_ulp(2)


def test_rounding_residue_within_the_interval_sum() -> None:
    comp = compare(a("1049.22"), [(a("58.10"), 1), (a("963.03"), 1), (a("28.08"), 1)], "万元")
    assert comp.expected == Decimal("1049.21")
    assert comp.difference == Decimal("0.01")
    assert comp.tolerance == Decimal("0.020")
    assert comp.verdict() == "rounding"


def test_missing_row_is_broken() -> None:
    comp = compare(a("201.56"), [(a("16.12"), 1), (a("176.99"), 1)], "万元")
    assert comp.difference == Decimal("8.45")
    assert comp.tolerance == Decimal("0.015")
    assert comp.verdict() == "broken"


def test_exact_sum_holds() -> None:
    assert compare(a("201.56"), [(a("157.98"), 1), (a("43.58"), 1)], "万元").verdict() == "holds"


def test_subtracted_parts() -> None:
    # 年末 = 年初 + 本年收入 − 本年支出
    comp = compare(a("20.00"), [(a("10.00"), 1), (a("50.00"), 1), (a("40.00"), -1)], "万元")
    assert comp.verdict() == "holds"
    assert comp.tolerance == Decimal("0.020")


def test_edge_of_the_interval_is_still_rounding() -> None:
    # two parts: radius 3 × 0.005 = 0.015; a residue of 0.01 is inside, 0.02 outside
    assert compare(a("1.01"), [(a("0.50"), 1), (a("0.50"), 1)], "万元").verdict() == "rounding"
    assert compare(a("1.02"), [(a("0.50"), 1), (a("0.50"), 1)], "万元").verdict() == "broken"


def test_coarser_precision_widens_the_interval() -> None:
    # 1 decimal printed: ±0.05 each
    assert compare(a("1.1"), [(a("0.52"), 1), (a("0.52"), 1)], "万元").verdict() == "rounding"


def test_units_are_converted_exactly() -> None:
    b = to_unit(a("12345.67", "元"), "万元")
    assert b.value == Decimal("1.234567")
    assert b.radius == Decimal("0.0000005")
    comp = compare(a("1.23"), [(a("12345.67", "元"), 1)], "万元")
    assert comp.verdict() == "rounding"
    assert to_unit(a("1.5"), "元").value == Decimal("15000")


def test_unit_mismatch_is_refused() -> None:
    with pytest.raises(UnitMismatch):
        to_unit(a("78", "%"), "万元")


def test_scaled_ints_are_exact() -> None:
    comp = compare(a("1049.22"), [(a("58.10"), 1), (a("963.03"), 1), (a("28.08"), 1)], "万元")
    scale, ints = scaled_ints([comp.actual, comp.expected, comp.tolerance], comp.scale)
    assert scale == 3
    assert ints == [1049220, 1049210, 20]
    assert scaled_ints([Decimal("1.5"), Decimal("0.25")]) == (2, [150, 25])


def test_scaled_ints_refuse_what_the_engine_cannot_hold_exactly() -> None:
    with pytest.raises(ValueError):
        scaled_ints([Decimal("1.234")], scale=2)
    with pytest.raises(ValueError):
        scaled_ints([Decimal(2) ** 63])
