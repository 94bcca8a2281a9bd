"""Column types: amounts are never floats, timestamps never naive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from store.types import ExactDecimal, UTCDateTime, fits_decimal_column

SQLITE = sqlite.dialect()
POSTGRESQL = postgresql.dialect()


def test_amounts_are_stored_as_exact_text_on_sqlite_and_decimal_on_postgresql() -> None:
    amount = ExactDecimal()
    assert amount.process_bind_param(Decimal("1049.22"), SQLITE) == "1049.220000"
    assert amount.process_bind_param(Decimal("1049.22"), POSTGRESQL) == Decimal("1049.220000")
    assert amount.process_result_value("1049.220000", SQLITE) == Decimal("1049.22")
    assert amount.process_bind_param(None, SQLITE) is None


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        ExactDecimal().process_bind_param(1049.22, SQLITE)


def test_overflow_is_refused() -> None:
    assert fits_decimal_column(Decimal("99999999999999.999999"))
    assert not fits_decimal_column(Decimal("99999999999999.9999999"))  # rounds up to 10**14
    with pytest.raises(ValueError, match="does not fit"):
        ExactDecimal().process_bind_param(Decimal("1E+14"), POSTGRESQL)


def test_timestamps_are_utc_and_aware() -> None:
    stamp = UTCDateTime()
    beijing = datetime(2025, 11, 23, 20, 0, tzinfo=timezone(timedelta(hours=8)))
    assert stamp.process_bind_param(beijing, SQLITE) == datetime(2025, 11, 23, 12, 0)
    assert stamp.process_result_value(datetime(2025, 11, 23, 12, 0), SQLITE) == beijing
    assert stamp.process_result_value(datetime(2025, 11, 23, 12, 0), SQLITE).tzinfo is UTC  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="timezone-aware"):
        stamp.process_bind_param(datetime(2025, 11, 23, 12, 0), SQLITE)
