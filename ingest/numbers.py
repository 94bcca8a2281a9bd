"""Numbers as printed in disclosures: "1,049.22", "1, 049. 22", "—", "-", blank, "0.00", "78%".

A blank or a dash is "not printed" (None), never zero. Amounts keep the decimals they were printed
with, because the rounding tolerance of every check comes from that precision.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ingest.model import Amount

# Dashes and placeholders that mean "nothing printed here".
BLANK_MARKS = frozenset({"", "-", "—", "——", "———", "–", "/", "－", "一"})

_WS = re.compile(r"\s+")
# After whitespace removal: optional sign, digits with optional thousands commas, optional decimals.
_AMOUNT = re.compile(r"^(?P<sign>[-－]?)(?P<int>\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．](?P<frac>\d+))?$")
_PERCENT = re.compile(r"^(?P<num>[-－]?\d+(?:[.．]\d+)?)[%％]$")
_CODE = re.compile(r"^\d{3,7}$")


def clean(text: str | None) -> str:
    """Cell text with all whitespace (including line breaks inside a cell) removed."""
    return _WS.sub("", text or "")


def is_blank(text: str | None) -> bool:
    """True when the cell prints nothing or only a dash."""
    return clean(text) in BLANK_MARKS


def parse_amount(text: str | None, unit: str = "万元") -> Amount | None:
    """Parse a printed money amount; None when blank, a dash, or not a number.

    "1, 049. 22" → 1049.22 (2 decimals); "120.5\\n9" → 120.59; "0" → 0 (0 decimals).
    """
    t = clean(text)
    if t in BLANK_MARKS:
        return None
    m = _AMOUNT.match(t)
    if not m:
        return None
    digits = m.group("int").replace(",", "").replace("，", "")
    frac = m.group("frac") or ""
    try:
        value = Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:
        return None
    if m.group("sign"):
        value = -value
    return Amount(value=value, decimals=len(frac), unit=unit)


def parse_percent(text: str | None) -> Amount | None:
    """Parse "78%", "4.28%" into an Amount with unit "%"."""
    t = clean(text)
    m = _PERCENT.match(t)
    if not m:
        return None
    num = m.group("num").replace("．", ".").replace("－", "-")
    frac = num.split(".")[1] if "." in num else ""
    return Amount(value=Decimal(num), decimals=len(frac), unit="%")


def looks_like_amount(token: str) -> bool:
    """A token that reads as a money amount (has decimals or thousands separators)."""
    t = clean(token)
    m = _AMOUNT.match(t)
    return bool(m) and (m.group("frac") is not None or "," in t or "，" in t)


def is_code(token: str) -> bool:
    """A subject code: 3 to 7 digits (类/款/项 or economic 类/款)."""
    return bool(_CODE.match(clean(token)))


def unit_of(text: str) -> str | None:
    """The money unit named in a "单位：万元" / "金额单位：元" line, if any."""
    m = re.search(r"单位[:：]\s*(万元|元)", text)
    return m.group(1) if m else None
