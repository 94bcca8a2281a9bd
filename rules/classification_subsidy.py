"""Subsidy 项 for employees or for residents (issue 14, class 3), driven by rules/knowledge/econ_func.toml.

CLS-SUBSIDY-KIND: a project named for one kind of beneficiary of a subsidy 款 (“城乡居民县财政配套资金”:
城乡居民) in a document whose functional table (公开05表 / 一般公共预算支出预算表) prints nothing under
that kind's 项 (2101202 财政对城乡居民基本医疗保险基金的补助) but prints money under the other kind's 项
of the same 款 (2101201 财政对职工基本医疗保险基金的补助) — at least the project's amount when it is
known. The money of the project can then only be booked under the other kind's 项 (or under no
subsidy 项 at all). Info: the project's 项 is not printed anywhere, so the booking is inferred; the
inspector verifies it against the project table or the accounts.

Projects are read from the budget's 项目支出预算表 (B12 本年 / B13 上年结转: the row's 合计) and from the
绩效 forms' 项目名称 (their 年度资金总额); which words make a project one kind's is the knowledge
table's `project_words` / `not_words` of each [[subsidy]] entry.
"""

from __future__ import annotations

from decimal import Decimal

from ingest.model import Amount, Disclosure, Row, Table
from rules.catalog import rule
from rules.judgements import JudgementPlan, Requirement, ref
from rules.knowledge import subsidies
from rules.tolerance import UnitMismatch, to_unit
from rules.wording import fmt_amount, table_name

FUNC_TABLES = ("05", "B05")
PROJECT_TABLES = ("B12", "B13")
WAN = "万元"


def _amount(row: Row | None) -> Amount | None:
    if row is None:
        return None
    cell = next(iter(row.cells.values()), None)
    return cell.amount if cell is not None else None


def _wan(a: Amount) -> Decimal | None:
    try:
        return to_unit(a, WAN).value
    except UnitMismatch:
        return None


def _projects(d: Disclosure) -> list[tuple[str, Amount | None, Table, Row | None]]:
    """(name, amount, where, row) of every project the document names."""
    out: list[tuple[str, Amount | None, Table, Row | None]] = []
    for tid in PROJECT_TABLES:
        t = d.table(tid)
        if t is not None:
            out += [(r.key, _amount(r), t, r) for r in t.rows if r.key]
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if tid.startswith("P") and form.subject:
            total = form.row("年度资金总额")
            out.append((form.subject, _amount(total), form, total))
    return out


def _by_code(func: Table) -> dict[str, Row]:
    return {r.code: r for r in func.rows if r.code and len(r.code) == 7}


@rule(
    "CLS-SUBSIDY-KIND",
    title="面向城乡居民（或职工）的补助项目，其功能分类应列在对应对象的补助项级科目",
    severity="info",
    family="cross_table",
    tables=("05", "P"),
    needs="项目支出预算表（本年、上年结转）或绩效表的项目名称及金额；公开05表（预算：一般公共预算支出预算表）"
    "2101201、2101202 等补助科目；对象与科目的对应见 rules/knowledge/econ_func.toml 的 [[subsidy]]",
    rationale="《政府收支分类科目》按补助对象分设项级科目：财政对职工基本医疗保险基金的补助（2101201）与对城乡居民"
    "基本医疗保险基金的补助（2101202）不能互相替代。项目名称表明补助城乡居民，功能分类表却只在职工科目列有"
    "金额、城乡居民科目未列，项目支出很可能列错了科目，请核实。",
    fires="项目“城乡居民医保县级配套资金”320.00万元；05表 2101201 财政对职工基本医疗保险基金的补助 410.00，"
    "未列 2101202。",
    silent="项目“城乡居民医保县级配套资金”320.00万元；05表 2101202 财政对城乡居民基本医疗保险基金的补助 320.00。",
    template="项目“{project}”{amount}是面向{kind}的补助，而{table}未在“{code} {name}”列示金额，"
    "只在“{other_code} {other_name}”列有{other_amount}；请核实该项目是否列错了功能分类科目。",
)
def CLS_SUBSIDY_KIND(d: Disclosure) -> JudgementPlan:
    """CLS-SUBSIDY-KIND: one finding per project named for a kind whose 项 the table leaves empty."""
    out = JudgementPlan()
    func = next((t for tid in FUNC_TABLES if (t := d.table(tid)) is not None and not t.empty), None)
    kinds = subsidies()
    if func is None or not kinds:
        return out
    rows = _by_code(func)
    seen: set[str] = set()
    for project, amount, where, prow in _projects(d):
        kind = next((s for s in kinds if s.names(project)), None)
        if kind is None or project in seen:
            continue
        own = _amount(rows.get(kind.func))
        if own is not None and own.value != 0:
            continue
        others = [
            (s, r, a)
            for s in kinds
            if s.func != kind.func and s.func[:5] == kind.func[:5]
            and (r := rows.get(s.func)) is not None and (a := _amount(r)) is not None and a.value > 0
        ]  # fmt: skip
        if len(others) != 1:
            continue
        other, orow, oamount = others[0]
        need = _wan(amount) if amount is not None else None
        have = _wan(oamount)
        if need is not None and have is not None and need > have:
            continue  # the project does not fit there either: booked elsewhere
        seen.add(project)
        said = f"（{fmt_amount(need, 2)}万元）" if need is not None else ""
        message = CLS_SUBSIDY_KIND.template.format(
            project=project,
            amount=said,
            kind=kind.beneficiary,
            table=table_name(func),
            code=kind.func,
            name=kind.name,
            other_code=other.func,
            other_name=other.name,
            other_amount=f"{orow.cells[next(iter(orow.cells))].text}{oamount.unit}",
        )
        evidence = [ref(func, orow, next(iter(orow.cells))).evidence()]
        if prow is not None and prow.cells:
            evidence.append(ref(where, prow, next(iter(prow.cells))).evidence())
        out.judgements.append(
            Requirement(
                CLS_SUBSIDY_KIND,
                False,
                message,
                evidence,
                func.id,
                expected=f"{kind.func} {kind.name}",
                actual=f"{other.func} {other.name}",
            )
        )
    return out
