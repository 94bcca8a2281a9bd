"""Document metadata: the unit's name, the year, the kind (决算 / 预算) and the level (部门 / 单位)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ingest.model import Kind, Level

_UNIT = re.compile(
    r"(?:部门[（(]单位[)）]|部门名称|编制部门|单位名称|部门|编制单位|预算单位)\s*[:：]\s*"
    r"(?P<name>[^\s:：]{2,40}?)(?=\s|单位[:：]|金额单位|$|\d{4}年)"
)
_YEAR = re.compile(r"(20\d{2})\s*年度?")
_TITLE = re.compile(
    r"(?P<name>\S{2,40}?)\s*(?P<year>20\d{2})\s*年度?\s*(?P<level>部门|单位)(?P<kind>决算|预算)"
)


def _clean_name(name: str) -> str:
    return name.strip().rstrip("，,。")


def detect(
    lines: Iterable[str], table_count: int, budget_tables: int
) -> tuple[str | None, int | None, Kind, Level]:
    """Unit name, year, kind and level from the document's lines (titles, 单位 lines, narrative)."""
    units: Counter[str] = Counter()
    years: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    levels: Counter[str] = Counter()
    title_unit: str | None = None
    for i, raw in enumerate(lines):
        text = raw.strip()
        compact = re.sub(r"\s+", "", text)
        for m in _UNIT.finditer(text):
            units[_clean_name(m.group("name"))] += 1
        m = _TITLE.search(compact)
        if m:
            kinds[m.group("kind")] += 5
            levels[m.group("level")] += 5
            if title_unit is None and i < 80:
                title_unit = _clean_name(m.group("name"))
        for y in _YEAR.findall(compact):
            years[int(y)] += 1
        if "决算" in compact:
            kinds["决算"] += 1
        if re.search(r"(部门|单位)预算|预算公开表|预算收支总表", compact):
            kinds["预算"] += 1
    unit = units.most_common(1)[0][0] if units else title_unit
    year = years.most_common(1)[0][0] if years else None
    kind: Kind = "unknown"
    if table_count and not budget_tables:
        kind = "final_account"
    elif budget_tables and not table_count:
        kind = "budget"
    elif kinds:
        kind = "final_account" if kinds["决算"] >= kinds["预算"] else "budget"
    level: Level = "unknown"
    if levels:
        level = "department" if levels.most_common(1)[0][0] == "部门" else "unit"
    return unit, year, kind, level
