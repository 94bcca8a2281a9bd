"""In-table sum of the budget's 项目支出预算表 (本年预算 B12, 上年结转 B13): a unit row is the sum of
the projects printed below it, a department row the sum of the unit rows below it (TB-PROJECT-SUM,
declared as data: rules/identities/budget_B12_B13.toml ``unit_sum``). This module is its reader:
which rows are units, departments and projects.

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
from rules import identities
from rules.checks import Plan, column_sum
from rules.tolerance import compare

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


def project_groups(d: Disclosure, t: Table) -> list[tuple[Row, list[Row], bool]]:
    """The groups of a 项目支出预算表 that are judged: (unit or department row, the rows it sums,
    whether a department), read by their 合计 (`_groups`); a group with a row below it larger than
    it (a project merely named like a unit) is not."""
    out = []
    for head, parts, department in _groups(t, _unit_names(d)):
        total = head.amount(COLUMN)
        amounts = [p.amount(COLUMN) for p in parts]
        if total is None or not parts or any(a is None or a.value > total.value for a in amounts):
            continue
        out.append((head, parts, department))
    return out


def plan(d: Disclosure) -> Plan:
    """The declared ``unit_sum`` identities (rules/identities/budget_B12_B13.toml: TB-PROJECT-SUM; an
    operator's too): on each table they name, each judged group's head row = Σ the rows it sums, in
    each column the declaration names (blank parts left out, a blank head with printed parts is
    TAB-BLANK-TOTAL's); decided in the engine like every sum (equal, 尾差 as an info, or broken)."""
    out = Plan()
    read: dict[str, list[tuple[Row, list[Row], bool]]] = {}  # each table's groups, read once
    for decl in identities.declared_unit_sums():
        for tid in decl.spec.tables:
            t = d.table(tid)
            if t is None or t.empty:
                continue
            if tid not in read:
                read[tid] = project_groups(d, t)
            for head, parts, department in read[tid]:
                text = f"其下{len(parts)}个单位行之和" if department else f"其下{len(parts)}个项目之和"
                for column in decl.columns:
                    out.identities.append(
                        column_sum(decl.spec, t, head, parts, column, text, substitutable=False)
                    )
    return out


_PACKAGED = {d.id: d.spec for d in identities.load_packaged()}
TB_PROJECT_SUM = _PACKAGED["TB-PROJECT-SUM"]
