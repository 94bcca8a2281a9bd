"""Economic against functional classification, by amount (经济分类与功能分类的对应).

The unit's contributions for its staff — 基本养老保险 (30108), 职业年金 (30109), 医疗保险 (30110,
30111), 住房公积金 (30113) — are printed twice in the 一般公共预算财政拨款 basic spending: by economic
class in 公开06表 (budget: 基本支出分经济科目表, B06) and by function in 公开05表 (budget: 一般公共
预算支出预算表, B05) under their own 项 (2080505, 2080506, 21011x, 2210201). Which economic items
belong under which 项 is a knowledge table, rules/knowledge/econ_func.toml, that an inspector can
extend without touching the code.

- CLS-ECON-FUNC: the economic items of one entry equal the 基本支出 of its functional 项 (checked
  when the functional table prints at least one of those 项; when it prints none, X06-05-SOCIAL and
  CLS-RUNNING-ONLY speak);
- CLS-RUNNING-ONLY: the contributions are printed in the economic table while the functional table
  books the whole 基本支出 under one 运行 项 (事业运行, 行政运行 …) and none of their 项.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal

from ingest.model import Disclosure, Row, Table, format_amount
from ingest.schema import BASIC, normalise_label
from rules.catalog import rule
from rules.codes import CodeTable
from rules.judgements import Equality, JudgementPlan, Ref, Requirement, Side, ref
from rules.knowledge import Contribution, Knowledge, knowledge
from rules.wording import fmt_amount, table_name

# (economic table, its amount column, functional table) of a 决算 and of a 预算.
PAIRS: tuple[tuple[str, str, str], ...] = (("06", "决算数", "05"), ("B06", "合计", "B05"))


def _econ_rows(table: Table, entry: Contribution) -> list[Row]:
    """The economic table's rows of one entry: by code, else (no codes printed) by name."""
    by_code = [r for r in table.rows if r.code in entry.econ and r.domain in ("econ", None)]
    if by_code:
        return by_code
    names = {normalise_label(n) for n in entry.econ_names}
    return [r for r in table.rows if not r.code and normalise_label(r.label or r.key) in names]


def _nonzero(r: Ref) -> bool:
    a = r.amount
    return a is not None and a.value != 0


def _econ_side(table: Table, column: str, rows: list[Row]) -> Side:
    words = "＋".join(f"“{r.code + ' ' if r.code else ''}{normalise_label(r.label or r.key)}”" for r in rows)
    return Side(f"{table_name(table)}{words}", [(ref(table, r, column), 1) for r in rows])


def _func_refs(codes: CodeTable, entry: Contribution) -> list[tuple[str, list[Ref]]]:
    """(code, positions) of the entry's functional 项 the table prints."""
    out: list[tuple[str, list[Ref]]] = []
    for code in entry.func:
        refs = codes.refs(code, BASIC)
        if refs and code in codes.tree.by_code:
            out.append((code, refs))
    return out


def _amount_checks(plan: JudgementPlan, econ: Table, column: str, codes: CodeTable, k: Knowledge) -> None:
    """CLS-ECON-FUNC for each entry whose functional 项 the table prints."""
    for entry in k.contributions:
        funcs = _func_refs(codes, entry)
        rows = _econ_rows(econ, entry)
        if not funcs or not rows:
            continue
        left = _econ_side(econ, column, rows)
        names = "＋".join(f"“{code} {normalise_label(codes.tree.by_code[code].label)}”" for code, _ in funcs)
        right = Side(
            f"{table_name(codes.table)}{names}“基本支出”", [(r, 1) for _, refs in funcs for r in refs]
        )
        if all(not _nonzero(r) for r, _ in left.refs + right.refs):
            continue
        plan.add(Equality(CLS_ECON_FUNC, left, right, {"title": entry.name}), left, right)


def _running_check(plan: JudgementPlan, econ: Table, column: str, codes: CodeTable, k: Knowledge) -> None:
    """CLS-RUNNING-ONLY: contributions printed, the whole 基本支出 under one 运行 项, none of theirs."""
    printed: list[tuple[Contribution, list[Ref]]] = []
    for entry in k.contributions:
        refs = [x for r in _econ_rows(econ, entry) if _nonzero(x := ref(econ, r, column))]
        if refs:
            printed.append((entry, refs))
        if any(_nonzero(x) for _, fr in _func_refs(codes, entry) for x in fr):
            return  # some contribution has its own 项: CLS-ECON-FUNC compares the amounts
    if not printed:
        return
    basic = [
        r for r in codes.table.rows if r.code and len(r.code) == 7 and _nonzero(ref(codes.table, r, BASIC))
    ]
    if len(basic) != 1:
        return
    only = basic[0]
    label = normalise_label(only.label)
    if not any(w in label for w in k.running_words):
        return
    at = ref(codes.table, only, BASIC)
    assert at.amount is not None
    parts = [x for _, refs in printed for x in refs]
    amounts = [a for x in parts if (a := x.amount) is not None]
    listed = "、".join(f"“{x.label}”{format_amount(a)}" for x, a in zip(parts, amounts, strict=True))
    total = sum((a.value for a in amounts), start=Decimal(0))
    places = max((a.decimals for a in amounts), default=2)
    wanted = "、".join(
        f"{code} {name}" if name else code
        for e, _ in printed
        for code, name in itertools.zip_longest(e.func, e.func_names[: len(e.func)], fillvalue="")
    )
    unit = at.amount.unit
    message = (
        f"{table_name(econ)}列有单位缴纳的社会保险费、住房公积金{listed}（共{fmt_amount(total, places)}{unit}），"
        f"而{table_name(codes.table)}的基本支出{format_amount(at.amount)}{unit}全部列在“{only.code} {label}”，"
        f"未列{wanted}等对应项级科目；这些缴费应按支出功能分类列入对应科目，而不是并入运行经费。"
    )
    plan.judgements.append(
        Requirement(
            CLS_RUNNING_ONLY,
            False,
            message,
            [x.evidence() for x in parts] + [at.evidence()],
            econ.id,
            expected=wanted,
            actual=f"{only.code} {label}",
        )
    )


def _pairs(d: Disclosure) -> Iterator[tuple[Table, str, CodeTable]]:
    """(economic table, its amount column, functional code table) of each pair the document prints
    (the 决算's 06/05表, the 预算's B06/B05) with the 基本支出 of the functional table."""
    for econ_id, column, func_id in PAIRS:
        econ, func = d.table(econ_id), d.table(func_id)
        if econ is None or func is None or econ.empty or func.empty or BASIC not in func.columns:
            continue
        if column not in econ.columns:
            continue
        yield econ, column, CodeTable.of(func)


@rule(
    "CLS-ECON-FUNC",
    title="单位缴纳的社会保险费、住房公积金：经济分类金额等于对应功能分类项级科目的基本支出",
    severity="warning",
    family="cross_table",
    tables=("06", "05"),
    needs="公开06表（预算：基本支出分经济科目表）30108、30109、30110+30111、30113；公开05表（预算：一般公共预算"
    "支出预算表）2080505、2080506、2101101–2101103、2210201 的“基本支出”；对应关系见 rules/knowledge/econ_func.toml",
    rationale="两表都是一般公共预算财政拨款基本支出：按《政府收支分类科目》，单位为职工缴纳的基本养老保险、职业年金、"
    "医疗保险、住房公积金应全部列入对应的功能分类项级科目，金额应与经济分类一致；不等说明一部分缴费列入了"
    "其他科目（如事业运行），或对应科目混入了其他支出。",
    fires="06表 30113 住房公积金 42.60，05表 2210201 住房公积金基本支出 30.00（其余 12.60 列在行政运行）。",
    silent="06表 30110 18.40 + 30111 2.10 = 20.50 = 05表 2101101 行政单位医疗 16.00 + 2101103 公务员医疗补助 4.50。",
    template="{left}，而{right}；按支出功能分类，单位缴纳的{title}应全部列入对应项级科目，二者应相等，"
    "相差{difference}{unit}。",
)
def CLS_ECON_FUNC(d: Disclosure) -> JudgementPlan:
    """CLS-ECON-FUNC for the 决算 (06/05表) and the 预算 (B06/B05) pair."""
    out = JudgementPlan()
    for econ, column, codes in _pairs(d):
        _amount_checks(out, econ, column, codes, knowledge())
    return out


@rule(
    "CLS-RUNNING-ONLY",
    title="单位缴纳的社会保险费、住房公积金不应全部并入一个运行类项级科目",
    severity="warning",
    family="cross_table",
    tables=("06", "05"),
    needs="公开06表（预算：基本支出分经济科目表）的缴费科目；公开05表（预算：一般公共预算支出预算表）各项级科目的"
    "“基本支出”；运行类科目的名称见 rules/knowledge/econ_func.toml 的 [running]",
    rationale="经济分类列有养老保险、医疗保险、住房公积金等缴费，功能分类却只有一个行政运行/事业运行科目有基本支出，"
    "说明这些缴费未按《政府收支分类科目》列入 2080505、21011、2210201 等科目，类级汇总（社会保障和就业支出、"
    "住房保障支出）因此漏列。",
    fires="06表 30108 36.00、30110 14.00、30113 27.00，05表基本支出 410.00 全部列在 2010101 行政运行。",
    silent="05表另列 2080505 36.00、2101101 14.00、2210201 27.00，行政运行只含其余基本支出。",
    template="{left}，而{right}全部列在一个运行类项级科目，未列对应项级科目；这些缴费应按支出功能分类列入对应科目。",
)
def CLS_RUNNING_ONLY(d: Disclosure) -> JudgementPlan:
    """CLS-RUNNING-ONLY for the 决算 (06/05表) and the 预算 (B06/B05) pair."""
    out = JudgementPlan()
    for econ, column, codes in _pairs(d):
        _running_check(out, econ, column, codes, knowledge())
    return out
