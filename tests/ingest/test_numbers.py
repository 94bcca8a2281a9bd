"""Numbers as printed: separators, stray spaces, dashes and blanks, precision kept."""

from decimal import Decimal

import pytest

from ingest.numbers import is_blank, looks_like_amount, parse_amount, parse_percent, unit_of


@pytest.mark.parametrize(
    ("text", "value", "decimals"),
    [
        ("1,049.22", "1049.22", 2),
        ("1, 049. 22", "1049.22", 2),
        ("120.5\n9", "120.59", 2),
        ("0.00", "0.00", 2),
        ("8,980,000", "8980000", 0),
        ("-3.50", "-3.50", 2),
        ("1044.2", "1044.2", 1),
    ],
)
def test_amounts_keep_value_and_printed_precision(text: str, value: str, decimals: int) -> None:
    amount = parse_amount(text)
    assert amount is not None
    assert amount.value == Decimal(value)
    assert amount.decimals == decimals


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "———", None])
def test_blank_and_dash_are_not_printed_never_zero(text: str | None) -> None:
    assert parse_amount(text) is None
    assert is_blank(text)


def test_labels_and_codes_are_not_amounts() -> None:
    assert parse_amount("行政运行") is None
    assert not looks_like_amount("2101501")  # a subject code is not an amount
    assert not looks_like_amount("32")  # nor is a 行次
    assert looks_like_amount("1,269.24")


def test_half_ulp_comes_from_printed_precision() -> None:
    amount = parse_amount("129.81")
    assert amount is not None
    assert amount.half_ulp == Decimal("0.005")
    assert parse_amount("1044.2").half_ulp == Decimal("0.05")  # type: ignore[union-attr]


def test_percent_and_units() -> None:
    pct = parse_percent("84.66%")
    assert pct is not None and pct.value == Decimal("84.66") and pct.unit == "%"
    assert unit_of("部门（单位）：某局 金额单位：万元") == "万元"
    assert unit_of("单位：元") == "元"
