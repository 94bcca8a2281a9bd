"""What counts as garbled text: the marks of a font whose character mapping is missing or broken.

A PDF font without a usable ToUnicode map extracts as `(cid:123)` codes, U+FFFD replacement
characters, private-use code points, control characters or Latin-1 mojibake. A disclosure prints
Chinese, ASCII and the usual punctuation, so any other character is counted as garbled; the share
of garbled characters on a page decides whether its text layer can be trusted.
"""

from __future__ import annotations

import re

_CID = re.compile(r"\(cid:\d+\)")
# Code point ranges a Chinese disclosure prints (inclusive).
READABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0009, 0x000D),  # tab and line breaks
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00A0),
    (0x00A7, 0x00A7),  # §
    (0x00B0, 0x00B1),  # ° ±
    (0x00B7, 0x00B7),  # ·
    (0x00D7, 0x00D7),  # ×
    (0x00F7, 0x00F7),  # ÷
    (0x2010, 0x2027),  # dashes, quotes, bullets, …
    (0x2030, 0x203B),  # ‰ ′ ″ ※
    (0x2100, 0x218F),  # letterlike symbols, Roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0x2460, 0x24FF),  # ① ⑴ ⒈
    (0x2500, 0x25FF),  # box drawing, geometric shapes (□ ○ ●)
    (0x2600, 0x26FF),  # ★ ☆
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals (look-alikes, but readable)
    (0x3000, 0x303F),  # CJK punctuation
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3134F),  # CJK extensions B–G
)


def _readable(ch: str) -> bool:
    cp = ord(ch)
    lo, hi = 0, len(READABLE_RANGES) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        a, b = READABLE_RANGES[mid]
        if cp < a:
            hi = mid - 1
        elif cp > b:
            lo = mid + 1
        else:
            return True
    return False


def count_garbled(text: str) -> tuple[int, int]:
    """(garbled characters, all characters) of a text; a `(cid:N)` code counts as one character."""
    cids = len(_CID.findall(text))
    rest = _CID.sub("", text)
    chars = [c for c in rest if not c.isspace()]
    return cids + sum(1 for c in chars if not _readable(c)), cids + len(chars)


def garbled_share(text: str) -> float:
    """Share of garbled characters in a text (0.0 for an empty one)."""
    bad, total = count_garbled(text)
    return bad / total if total else 0.0
