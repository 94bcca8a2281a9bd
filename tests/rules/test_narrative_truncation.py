"""A rate printed as the computed one cut off (not rounded) at its printed decimals — 99.868%
printed 99.86% — is a rounding convention, not a wrong figure: info (尾差, 截断而非四舍五入).
A rate that matches neither the rounded nor the cut-off value stays an error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.model import Amount
from rules.narrative import truncated_to
from tests.rules.helpers import findings, run
from tests.rules.narrative_examples import EXPENSE, OVERALL, THREE_PUBLIC, narrated


@pytest.mark.parametrize(
    ("printed", "severity"),
    [
        # 1579.81 ÷ 2013.56 = 78.4586…% (the amounts' own rounding allows only ±0.0005%)
        ("78.46%", None),  # rounded: holds
        ("78.45%", "info"),  # cut off at two decimals
        ("78.4%", "info"),  # cut off at one decimal
        ("78.44%", "error"),  # neither
        ("78.47%", "error"),  # neither (above the value: never a cut-off)
        ("77%", "error"),
    ],
)
def test_share_cut_off_at_its_printed_decimals_is_info(printed: str, severity: str | None) -> None:
    out = run(narrated(EXPENSE, f"2023年度本年支出合计2013.56万元，其中：基本支出1579.81万元，占{printed}。"))
    got = findings(out, "N-SHARE")
    if severity is None:
        assert got == []
        return
    (f,) = got
    assert f.severity == severity
    if severity == "info":
        assert f.outcome == "rounding"
        assert f"所述{printed}系截断而非四舍五入" in f.message and "属取舍口径的尾差" in f.message
        rounded = "78.46%，" if printed == "78.45%" else "78.5%，"
        assert f"四舍五入应为{rounded}" in f.message
        assert f.expected == "78.46" and f.actual == printed.rstrip("%")
    else:
        assert f.outcome == "broken" and "截断" not in f.message


@pytest.mark.parametrize(("printed", "severity"), [("90.91%", None), ("90.90%", "info"), ("90.89%", "error")])
def test_completion_cut_off_is_info(printed: str, severity: str | None) -> None:
    # 300.00 ÷ 330.00 = 90.9090…%
    out = run(
        narrated(
            THREE_PUBLIC,
            f"2023年度“三公”经费财政拨款支出预算330.00万元，支出决算300.00万元，完成预算的{printed}。",
        )
    )
    got = findings(out, "N-COMPLETION")
    assert [f.severity for f in got] == ([] if severity is None else [severity])
    if severity == "info":
        assert "所述90.90%系截断而非四舍五入" in got[0].message and "四舍五入应为90.91%" in got[0].message


@pytest.mark.parametrize(("printed", "severity"), [("33.95%", None), ("33.9%", "info"), ("33.94%", "error")])
def test_growth_cut_off_is_info(printed: str, severity: str | None) -> None:
    # 510.90 ÷ (2015.60 − 510.90) = 33.9536…%
    out = run(
        narrated(
            OVERALL, f"2023年度收入支出总计2015.60万元，与上年相比收、支总计增加510.90万元，增长{printed}。"
        )
    )
    got = findings(out, "N-GROWTH")
    assert [f.severity for f in got] == ([] if severity is None else [severity])
    if severity == "info":
        assert "截断而非四舍五入" in got[0].message


def test_truncated_to() -> None:
    def amt(text: str) -> Amount:
        return Amount(Decimal(text), decimals=len(text.partition(".")[2]), unit="%")

    assert truncated_to(amt("99.86"), Decimal("99.8680"))
    assert truncated_to(amt("95.45"), Decimal("95.4571"))
    assert truncated_to(amt("99"), Decimal("99.97"))
    assert not truncated_to(amt("99.87"), Decimal("99.8680"))  # rounded, not cut off
    assert not truncated_to(amt("99.85"), Decimal("99.8680"))
    assert not truncated_to(amt("99.86"), Decimal("-99.8680"))
