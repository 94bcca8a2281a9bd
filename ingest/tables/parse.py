"""One segment parsed by its table id."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ingest.model import Table
from ingest.numbers import clean, parse_amount
from ingest.schema import (
    FINAL_ACCOUNT_TABLES,
    budget_table,
)
from ingest.tables.capital import parse_capital_budget
from ingest.tables.codes import parse_code_table
from ingest.tables.common import Segment, _text
from ingest.tables.econ import parse_econ_table
from ingest.tables.labels import parse_label_table, parse_stats_table
from ingest.tables.three_public import parse_three_public
from ingest.tables.two_sided import parse_two_sided


def _zeros_at_table_precision(table: Table) -> None:
    """A zero printed bare (“0”) among figures with decimals is an exact zero printed at the
    table's own precision, not a whole number of ±0.5: a figure changed beside it must show."""
    places = Counter(c.amount.decimals for c in table.cells() if c.amount is not None and c.amount.value != 0)
    if not places:
        return
    decimals = places.most_common(1)[0][0]
    for c in table.cells():
        a = c.amount
        if a is not None and a.value == 0 and a.decimals < decimals and clean(c.text) == "0":
            c.amount = replace(a, decimals=decimals)


_FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")


def _prints_figures(seg: Segment) -> bool:
    """True when the table's lines print a non-zero amount (a number with decimals or thousands
    separators: not a 行次, a column number or a subject code)."""
    for r in seg.rows:
        for c in r.cells:
            t = _text(c)
            if _FIGURE.match(t) and (a := parse_amount(t)) is not None and a.value != 0:
                return True
    return False


def parse_segment(seg: Segment, problems: list[str]) -> Table | None:
    """Parse one table segment according to its id."""
    if seg.table_id in ("01", "04"):
        table = parse_two_sided(seg, problems)
    elif seg.table_id == "06":
        table = parse_econ_table(seg, problems)
    elif seg.table_id == "09":
        table = parse_three_public(seg, problems)
    elif seg.table_id == "10":
        table = parse_stats_table(seg, problems)
    elif seg.table_id in FINAL_ACCOUNT_TABLES:
        table = parse_code_table(seg, problems)
    elif seg.table_id.startswith("B"):
        spec = budget_table(seg.title)
        if spec is not None and spec.id == "B09":
            table = parse_capital_budget(seg, problems)
        elif spec is not None and spec.shape == "code":
            table = parse_code_table(seg, problems)
        elif spec is not None and spec.shape == "two_sided":
            table = parse_two_sided(seg, problems)
        elif spec is not None and any(r.aligned for r in seg.rows):
            table = parse_label_table(seg, problems)
        else:
            # recognised but its layout is not read yet: kept so completeness knows it is there
            table = Table(
                id=seg.table_id, title=seg.title, unit=seg.unit, pages=sorted(seg.pages), loc=seg.loc
            )
            table.problems.append("表格已识别，但该预算表版式暂不解析")
    else:
        problems.append(f"公开{seg.table_id}表不是标准决算表，未解析")
        return None
    _zeros_at_table_precision(table)
    table.empty = not any(c.amount is not None for c in table.cells())
    if table.empty and _prints_figures(seg):
        table.unread = "表中印有金额，但表头未能识别，金额无法对应到栏目"
        table.problems.append(table.unread)
        problems.append(f"公开{seg.table_id}表: {table.unread}")
    if table.id == "B09" and not table.empty:
        # the 国有资本经营预算 template is printed by every unit, most with 0.00 throughout: no figures
        table.empty = all(c.amount is None or c.amount.value == 0 for c in table.cells())
    return table
