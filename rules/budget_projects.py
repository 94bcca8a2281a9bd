"""In-table sum of the budget's 项目支出预算表 (本年预算 B12, 上年结转 B13): a unit row is the sum of
the projects printed below it, a department row the sum of the unit rows below it (TB-PROJECT-SUM).

The row identity B12's declaration states (合计 = its funding columns) holds row by row, so a
project whose figures were changed together, its own row still consistent, goes unnoticed there;
only the unit row above it shows it. Unit rows are told by their label, since a sum that no longer
holds is what this rule looks for: the document's unit, a row named …本级, a unit the 机关运行经费
table lists, or a name ending as a unit's does (局, 中心, 站 …); a row named otherwise is a unit
where it is the sum of the rows below it (it cannot be judged then: it holds). A row named like a
unit whose sum fails, while the unit above it holds with it and its rows as projects, is a project.
A unit row followed directly by another is a department row (the sum of the unit rows below it).
Rules of silence: the table's first amount row must be such a row (else the table is not read as
grouped by unit); a unit with no project below it, or whose amount is below one of its projects
(a project merely named like a unit), is not judged. Equal within the printed rounding of every
figure (rules/tolerance.py), decided in the engine like every sum: a unit row that differs from its
projects' sum by no more than the rounding of the printed figures is a 尾差 (info).
"""

from __future__ import annotations

import re

from ingest.model import Amount, Disclosure, Row, Table
from ingest.schema import normalise_label
from rules.catalog import rule
from rules.judgements import Equality, JudgementPlan, ref, side
from rules.tolerance import compare
from rules.wording import table_name

TABLES = ("B12", "B13")
COLUMN = "合计"
_UNIT_NAME = re.compile(
    r"(?:本级|局|委员会|办公室|办事处|政府|院|站|所|场|中心|厅|队|馆|学校|中学|小学|幼儿园|医院|协会|联合会)$"
)
_TOTALS = ("合计", "总计", "部门合计", "单位合计")


def _unit_names(d: Disclosure) -> set[str]:
    names = {normalise_label(d.unit)} if d.unit else set()
    b11 = d.table("B11")
    if b11 is not None:
        names |= {normalise_label(r.label or r.key) for r in b11.rows if r.key not in _TOTALS}
    return names


def _is_unit(row: Row, names: set[str]) -> bool:
    label = normalise_label(row.label or row.key)
    return label in names or _UNIT_NAME.search(label) is not None


def _holds(total: Amount, parts: list[Amount]) -> bool:
    return bool(parts) and compare(total, [(a, 1) for a in parts], total.unit or "万元").verdict() != "broken"


def _amounts(rows: list[Row]) -> list[Amount]:
    return [a for r in rows if (a := r.amount(COLUMN)) is not None]


def _groups(t: Table, names: set[str]) -> list[tuple[Row, list[Row], bool]]:
    """(unit or department row, the rows it sums, whether a department) of a table grouped by unit; [] otherwise.

    A unit row is named as one (`_is_unit`) or equals the sum of the rows below it up to the next
    unit row (a unit whose name reads otherwise, e.g. …林场). A row named like a unit whose group
    does not hold, while the unit above it holds with it and its rows as projects, is a project; so is
    a row taken for a unit only by its sum (a project equal to the projects below it, as 3 : 2 : 1)
    when the row above it holds with it as a project."""
    rows = [r for r in t.rows if r.role != "total" and r.key not in _TOTALS and r.amount(COLUMN) is not None]
    named = [_is_unit(r, names) for r in rows]
    unit = list(named)
    below: list[Amount] = []
    for i in range(len(rows) - 1, -1, -1):
        amount = rows[i].amount(COLUMN)
        assert amount is not None
        if unit[i] or _holds(amount, below):
            unit[i] = True
            below = []
        else:
            below.append(amount)
    if not rows or not unit[0]:
        return []
    heads = [i for i in range(len(rows)) if unit[i]]
    changed = True
    while changed:  # demote a unit-named project (see the docstring)
        changed = False
        for a, b in zip(heads, heads[1:], strict=False):
            end_b = next((h for h in heads if h > b), len(rows))
            if b == a + 1 and named[b]:  # a department above its first unit
                continue
            own, merged = rows[a + 1 : b], rows[a + 1 : end_b]
            total = rows[a].amount(COLUMN)
            assert total is not None
            if not _holds(total, _amounts(own)) and _holds(total, _amounts(merged)):
                heads.remove(b)
                changed = True
                break
    out: list[tuple[Row, list[Row], bool]] = []
    for k, i in enumerate(heads):
        if k + 1 < len(heads) and heads[k + 1] == i + 1:  # a department: the unit rows below it
            out.append((rows[i], [rows[j] for j in heads[k + 1 :]], True))
        else:
            end = heads[k + 1] if k + 1 < len(heads) else len(rows)
            out.append((rows[i], rows[i + 1 : end], False))
    return out


@rule(
    "TB-PROJECT-SUM",
    title="项目支出预算表单位行应等于其下各项目之和",
    severity="error",
    family="arithmetic",
    tables=TABLES,
    needs="预算：项目支出预算表（本年预算、上年结转）的单位行、部门行与各项目行的合计列",
    rationale="项目支出预算表按单位列示项目，单位行是其下各项目之和，部门行是其下各单位之和；"
    "逐行的“合计=各资金来源之和”不能发现一个项目各列同时改动，只有单位行与项目之和的差能发现。"
    "按各数字的打印精度容许尾差。",
    fires="单位行合计120.00，其下项目合计50.00与60.00（和110.00）。",
    silent="单位行合计110.00，项目50.00与60.00；或单位行110.01（四舍五入尾差之内，仅提示）。",
    template="{table}“{name}”合计{actual}{unit}，其下{parts}之和为{expected}{unit}，相差{difference}{unit}。",
)
def TB_PROJECT_SUM(d: Disclosure) -> JudgementPlan:
    """TB-PROJECT-SUM: one equality per unit (or department) row and the rows it sums; the engine
    decides holds, 尾差 or broken (rules/outcomes.py). Which rows are units, and which groups are
    not judged (no part, or a part above the total), is read here."""
    out = JudgementPlan()
    names = _unit_names(d)
    for tid in TABLES:
        t = d.table(tid)
        if t is None or t.empty:
            continue
        for head, parts, department in _groups(t, names):
            total = head.amount(COLUMN)
            amounts = [p.amount(COLUMN) for p in parts]
            if total is None or not parts or any(a is None or a.value > total.value for a in amounts):
                continue
            name = normalise_label(head.label or head.key)
            counted = f"{len(parts)}个单位行" if department else f"{len(parts)}个项目"
            out.judgements.append(
                Equality(
                    TB_PROJECT_SUM,
                    side(f"{table_name(t)}“{name}”合计", ref(t, head, COLUMN)),
                    side(f"其下{counted}之和", *(ref(t, p, COLUMN) for p in parts)),
                    extra={"table": table_name(t), "name": name, "parts": counted},
                )
            )
    return out
