"""Text as OCR reads it, made to look like the text layer of the same page.

OCR engines put spaces between Chinese characters, answer ASCII punctuation where the page prints
full-width marks, and read the separators of amounts loosely ("1.269.24" for 1,269.24). These
functions undo what is certain and leave alone what is not: a number with a lost digit (".80")
stays unparseable rather than being guessed.
"""

from __future__ import annotations

import re

# Han ideographs (with extensions and compatibility forms), CJK radicals and symbols/punctuation,
# full-width forms: the characters between which a space is an artefact of OCR, not of the page.
_CJK = (
    "\u2e80-\u2fdf"  # CJK and Kangxi radicals
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3400-\u4dbf"
    "\u4e00-\u9fff"
    "\uf900-\ufaff"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"  # full-width punctuation (not digits/letters)
    "\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"  # “ ” ‘ ’ — … ·
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# ASCII marks OCR answers for the full-width ones a Chinese page prints, where they touch Han text.
_HALF_TO_FULL = {":": "：", ";": "；", "(": "（", ")": "）", ",": "，", "?": "？", "!": "！"}
_HALF_MARK_AFTER_HAN = re.compile(rf"(?<=[{_HAN}])\s*([:;,?!])(?!\d)")
_PAREN_NEAR_HAN = re.compile(rf"\(([^()]{{0,20}})\)(?=[{_HAN}])|(?<=[{_HAN}])\(([^()]{{0,20}})\)")

# An amount-like token: digits and separators only (after full-width digits became ASCII).
_NUMERIC = re.compile(r"^[-－]?[0-9.,，．]+$")
# Separators read wrongly: every group of three digits but a last group of one or two decimals.
_MIXED_GROUPS = re.compile(r"^(?P<sign>-?)(?P<head>\d{1,3})(?P<groups>(?:[.,]\d{3})+)[.,](?P<frac>\d{1,2})$")
# The same inside a sentence ("支出1.269.24万元"), where nothing else may touch the number.
_EMBEDDED_MIXED = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+[.,]\d{1,2}(?![\d.,])")
# "35,80": a comma before one or two final digits cannot be a thousands separator.
_COMMA_DECIMAL = re.compile(r"^(?P<sign>-?)(?P<int>\d+),(?P<frac>\d{1,2})$")


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces between two CJK characters (or CJK punctuation): "单 位 ： 万 元" → "单位：万元"."""
    return _SPACE_IN_CJK.sub("", text)


def fix_number(token: str) -> str:
    """A numeric token with the separators the page printed, where the digits make them certain.

    "１，２６９．２４" → "1,269.24"; "1.269.24" → "1,269.24"; "35,80" → "35.80". A token whose
    structure is not clear is returned as read (".80" stays ".80").
    """
    t = token.translate(_FULL_DIGITS).replace("，", ",").replace("．", ".").replace("－", "-")
    t = re.sub(r"\s+", "", t)
    if not _NUMERIC.match(t):
        return token
    m = _MIXED_GROUPS.match(t)
    if m and ("," in m.group("groups") or "." in m.group("groups")):
        groups = m.group("groups").replace(".", ",")
        return f"{m.group('sign')}{m.group('head')}{groups}.{m.group('frac')}"
    m = _COMMA_DECIMAL.match(t)
    if m:
        return f"{m.group('sign')}{m.group('int')}.{m.group('frac')}"
    return t


def is_numeric(text: str) -> bool:
    """True for a token made only of digits, separators and a sign (a candidate amount)."""
    t = re.sub(r"\s+", "", text.translate(_FULL_DIGITS))
    return bool(_NUMERIC.match(t)) and any(c.isdigit() for c in t)


def _full_width_marks(text: str) -> str:
    text = _HALF_MARK_AFTER_HAN.sub(lambda m: _HALF_TO_FULL[m.group(1)], text)
    return _PAREN_NEAR_HAN.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text)


def normalise(text: str) -> str:
    """OCR text of one line or cell as the text layer would give it.

    Full-width digits become ASCII; a token that is a number gets its separators fixed; ASCII
    punctuation touching Han text becomes full-width; spaces between CJK characters go.
    """
    text = text.translate(_FULL_DIGITS).strip()
    if is_numeric(text):
        return fix_number(text)
    text = _full_width_marks(text)
    text = remove_cjk_spaces(text)
    text = " ".join(fix_number(tok) if is_numeric(tok) else tok for tok in text.split(" "))
    return _EMBEDDED_MIXED.sub(lambda m: fix_number(m.group(0)), text)
