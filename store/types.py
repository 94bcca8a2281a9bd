"""Column types that behave the same on SQLite and PostgreSQL: exact decimals, UTC datetimes, JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Numeric, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

#: Digits and scale of stored amounts: 14 integer digits and 6 decimals, enough for 元 and 万元.
DECIMAL_PRECISION = 20
DECIMAL_SCALE = 6
#: The quantum every stored amount is rounded to (PostgreSQL's NUMERIC(20, 6) does the same).
DECIMAL_QUANTUM = Decimal(1).scaleb(-DECIMAL_SCALE)
#: Largest magnitude NUMERIC(20, 6) accepts (exclusive).
DECIMAL_LIMIT = Decimal(10) ** (DECIMAL_PRECISION - DECIMAL_SCALE)
#: Width of the text column that holds amounts on SQLite (sign, digits, point).
SQLITE_DECIMAL_WIDTH = 40


def fits_decimal_column(value: Decimal) -> bool:
    """Whether `value` can be stored in an `ExactDecimal` column without overflow."""
    # Magnitude first: quantizing a huge value would overflow the decimal context.
    if not value.is_finite() or abs(value) >= DECIMAL_LIMIT:
        return False
    return abs(value.quantize(DECIMAL_QUANTUM)) < DECIMAL_LIMIT


class ExactDecimal(TypeDecorator[Decimal]):
    """NUMERIC(20, 6) on PostgreSQL; on SQLite, the decimal's text in a VARCHAR column.

    SQLite's NUMERIC affinity would turn "1049.22" into a REAL and the driver would hand back a
    float, so there the canonical decimal string is stored instead. Floats are refused on bind:
    amounts are `Decimal` from ingest to the database and back.
    """

    impl = Numeric(DECIMAL_PRECISION, DECIMAL_SCALE, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Text storage on SQLite, NUMERIC everywhere else."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(SQLITE_DECIMAL_WIDTH))
        return dialect.type_descriptor(Numeric(DECIMAL_PRECISION, DECIMAL_SCALE, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Round to the column's scale; reject floats and values that do not fit."""
        if value is None:
            return None
        if isinstance(value, float) or not isinstance(value, Decimal | int):
            raise TypeError(f"ExactDecimal accepts Decimal or int, not {type(value).__name__}")
        amount = Decimal(value)
        if not fits_decimal_column(amount):
            raise ValueError(f"{amount} does not fit NUMERIC({DECIMAL_PRECISION}, {DECIMAL_SCALE})")
        amount = amount.quantize(DECIMAL_QUANTUM)
        return format(amount, "f") if dialect.name == "sqlite" else amount

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Always a `Decimal` (SQLite hands back the stored text)."""
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes, stored in UTC; SQLite's naive values come back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; convert aware ones to UTC."""
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """An aware UTC datetime."""
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def json_type() -> TypeEngine[Any]:
    """JSON on SQLite, JSONB on PostgreSQL; Python None is stored as SQL NULL."""
    return JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)
