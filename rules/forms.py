"""What every rule family needs to know about the 绩效 forms (rules kernel).

A 绩效自评表 / 绩效目标表 is a table with an id starting with “P”. Its kind (部门整体 or 项目支出), the
names of its total rows, the project it is about (from its title) and how a text names a project in
other words are decided here once, for the performance, cross-table, narrative and completeness
families alike (none of them imports these from another family).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.model import Row, Table
from ingest.schema import normalise_label

WHOLE_TOTAL = "金额合计"  # total row of a 部门整体支出 form
PROJECT_TOTAL = "年度资金总额"  # total row of a 项目支出 form
EXECUTED = "全年执行数"
BUDGETED = "全年预算数"

# Words of the 绩效 forms in the narrative that make the 绩效 rules relevant.
PERFORMANCE_WORDS = ("绩效自评表", "绩效目标表", "绩效自评结果")

MIN_COMMON = 5  # characters a 情况说明 item must share with a project's name to name it
MIN_PROJECT_NAME = 4  # shortest project name looked for verbatim in the 情况说明

# Printed around a project's name in a form title (“县级离休老干部医疗费补助项目绩效自评表”).
_TITLE_PREFIX = re.compile(r"^(?:\d{4}年度?)?(?:[省市县区]级|本级)?")
_TITLE_SUFFIX = re.compile(r"(?:项目)?(?:支出)?绩效自评表$")


def has_source_columns(table: Table) -> bool:
    """A 部门整体 form whose money columns are split by source (全年预算数/财政拨款 …)."""
    return any(c.startswith(f"{BUDGETED}/") for c in table.columns)


def is_whole_form(table: Table) -> bool:
    """A 部门整体支出绩效自评表: money columns split into 总额/财政拨款/其他资金, or one 全年执行数
    column with a “金额合计” row (templates that print the total only)."""
    if not table.id.startswith("P"):
        return False
    if any(c.startswith(f"{EXECUTED}/") for c in table.columns):
        return True
    return EXECUTED in table.columns and table.row(WHOLE_TOTAL) is not None


def is_project_form(table: Table) -> bool:
    """A 项目支出绩效自评表 (rows 年度资金总额 …, one 全年执行数 column)."""
    return table.id.startswith("P") and EXECUTED in table.columns and table.row(PROJECT_TOTAL) is not None


@lru_cache(maxsize=8192)
def common_run(a: str, b: str) -> int:
    """Length of the longest run of characters `a` and `b` share (how a text names a project in
    other words: “离休老干部医药费补助资金” and “离休老干部医疗费补助” share “离休老干部医”).
    Memoised: the 绩效 rules compare the same names and sentences many times over one document (the
    audit clears the memo for each document)."""
    if len(a) > len(b):
        a, b = b, a
    # A common run of n + 1 characters contains one of n: grow n while some run of a of n + 1
    # characters occurs in b (each test a substring search in C), the longest common substring
    # (what difflib.SequenceMatcher.find_longest_match finds, without its Python inner loop).
    n = 0
    while n < len(a) and any(a[i : i + n + 1] in b for i in range(len(a) - n)):
        n += 1
    return n


def project_name(title: str) -> str:
    """The project a 项目支出 form is about, from its title (“县级离休老干部医疗费补助项目绩效自评表”
    → 离休老干部医疗费补助)."""
    name = _TITLE_SUFFIX.sub("", normalise_label(title))
    return _TITLE_PREFIX.sub("", name)


def has_money(row: Row | None, column: str) -> bool:
    """The row prints a non-zero amount in `column`."""
    cell = row.cells.get(column) if row is not None else None
    return cell is not None and cell.amount is not None and cell.amount.value != 0


def printed(row: Row | None, column: str) -> str:
    """The cell's text as printed, or 未填列 (how a message shows a blank cell)."""
    cell = row.cells.get(column) if row is not None else None
    return cell.text if cell is not None and cell.text.strip() else "未填列"
