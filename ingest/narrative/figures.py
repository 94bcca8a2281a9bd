"""Figures of a narrative sentence: amounts (X万元, X元, X亿元), percentages and counts (N人/辆/个…),
and money units printed without their figure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ingest.model import Amount

FIGURE = re.compile(
    r"(?<![\d.,/])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    # “0.39万（含…）”: 万 without 元 right before a punctuation mark is still an amount in 万元
    r"(?:(?P<money>万元|亿元|元|万(?=[（(，,；;。、）)]))|(?P<pct>%)|(?P<count>人次|人|个|辆|批次|台（套）|台|套|次|家|户|名|批))"
)
# A money unit printed without its figure (“项目支出万元”, “为 万元”): a placeholder left unfilled,
# read as “0 or not printed” for the subject of its own clause, never a figure of a neighbour.
BLANK_AMOUNT = re.compile(r"(?<=[\u4e00-\u9fff])(?<![单位百千十亿])\s*(?:万元|亿元)(?![）)])")
MONEY_OR_PERCENT = re.compile(r"(?<![\d.,/])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:万元|亿元|元|%)")


def parse_amount(num: str, unit: str) -> Amount:
    """A printed amount with its decimals; 亿元 in 万元, a bare 万 as 万元."""
    digits = num.replace(",", "")
    frac = digits.split(".")[1] if "." in digits else ""
    value = Decimal(digits)
    if unit == "万":
        unit = "万元"
    if unit == "亿元":
        value, unit = value * 10000, "万元"
        return Amount(value=value, decimals=max(len(frac) - 4, 0), unit=unit)
    return Amount(value=value, decimals=len(frac), unit=unit)


@dataclass
class Figure:
    """A figure of a sentence: where it stands, its kind, its digits and unit as printed."""

    start: int
    end: int
    kind: str  # money | pct | count
    num: str
    unit: str


def figures_in(text: str) -> list[Figure]:
    """The figures of a sentence in text order (“第3”, “5个百分点” and “3个月” are not figures)."""
    out: list[Figure] = []
    for m in FIGURE.finditer(text):
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 3]
        if before == "第":
            continue
        if m.group("count") and (after.startswith("百分点") or after.startswith("月")):
            continue
        kind = "money" if m.group("money") else "pct" if m.group("pct") else "count"
        unit = m.group("money") or m.group("pct") or m.group("count")
        out.append(Figure(m.start(), m.end(), kind, m.group("num"), unit))
    return out
