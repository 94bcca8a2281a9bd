"""A 绩效自评表's money against the money the 决算 tables show (issue 14, class 2).

PERF-OTHER-MONEY: a self-evaluation form (部门整体 or 项目) whose 全年执行数 includes money other than
fiscal appropriations — its 单位资金 / 其他资金 / 单位自筹 / 财政专户管理资金 row, or the 部门整体 form's
“全年执行数/其他资金” column — larger than all the non-fiscal money the document's 公开01表 shows:
上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入, 使用非财政拨款结余和专用结余, and the whole
年初结转和结余 (its fiscal part is not split out there, so it is counted in full: the bound is generous).

The 决算 is the unit's whole money; a form that executed 1.40万元 of 单位资金 in a year whose 01表 shows
0.00 of every non-fiscal income and 0.02 carried in reports money the accounts do not hold. Warning: the
form and the tables contradict each other outside the rounding of every printed figure, but which of the
two is wrong the document does not say.

PERF-WHOLE-INITIAL: the 部门整体 form's 年初预算数 of its fiscal money (政府预算资金, or 金额合计 when no
other source is budgeted) against the 情况说明's “一般公共预算财政拨款支出年初预算为X万元”, in a document
whose 公开01表 shows no 政府性基金 or 国有资本经营 appropriation (so both are the same money: the year's
general-budget appropriation as first approved). Warning, outside the rounding of both figures.

PERF-COST-BOUND: a per-head standard stated as a floor (“人均补助标准 ≥600元/人”, “户均补助 ≥1200元”)
that the form's own money cannot pay for its own head count: the fewest heads its 数量指标 allows × the
lowest standard > the form's money for that column (年度资金总额's 全年预算数 / 年度 / 实施期 for a
target, 全年执行数 for the 实际完成值), outside the rounding of the money (a budget in whole 万元 printed
in 元 is known to ±5,000 元). Even if every 元 went to those heads the standard could not be met: the
indicator, the count or the money is wrong. Warning (the figures are the form's own, but that its count
is the count of those the standard pays is read from the words, one count per form only). An exact
standard (=600元/人) is XP-UNIT-COST's (rules/performance.py), and a ceiling (≤) is never proven
broken by a total that may pay for other things too.
"""

from __future__ import annotations

from decimal import Decimal

from ingest import indicators as ind
from ingest.model import Amount, Cell, Disclosure, Row, Table
from rules.catalog import rule
from rules.claim_checks import claim_evidence, quote
from rules.forms import EXECUTED, WHOLE_TOTAL
from rules.judgements import JudgementPlan, Threshold, ref
from rules.outcomes import KIND_BOUND, KIND_CHECK
from rules.performance import (
    _count,
    _ev,
    _in_yuan,
    _indicator_rows,
    _money_column,
    _money_total,
    _name,
    _yuan,
)
from rules.tolerance import UnitMismatch, compare, to_unit
from rules.wording import fmt_amount, table_name

OTHER_ROWS = ("单位资金", "其他资金", "单位自筹", "财政专户管理资金")
EXECUTED_OTHER = "全年执行数/其他资金"
# 公开01表 rows whose money is not a fiscal appropriation (or may not be: 年初结转和结余 is taken whole).
NONFISCAL_01 = (
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
    "使用非财政拨款结余",  # 和专用结余 / （含专用结余）
    "年初结转和结余",
)
WAN = "万元"


def _wan(amount: Amount) -> tuple[Decimal, Decimal] | None:
    """(value, half its rounding) in 万元."""
    try:
        b = to_unit(amount, WAN)
    except UnitMismatch:
        return None
    return b.value, b.radius


def _available(t01: Table) -> tuple[Decimal, Decimal, list[tuple[Row, Cell]]] | None:
    """The non-fiscal money 01表 shows: (sum, its rounding, the rows printed with a figure)."""
    total, radius, used = Decimal(0), Decimal(0), []
    for r in t01.rows:
        if r.lane not in (None, "income") or not r.key.startswith(NONFISCAL_01):
            continue
        cell = next(iter(r.cells.values()), None)
        if cell is None:
            continue
        if cell.amount is None:  # printed blank: nothing of that money
            used.append((r, cell))
            continue
        wan = _wan(cell.amount)
        if wan is None:
            return None
        total += wan[0]
        radius += wan[1]
        used.append((r, cell))
    return (total, radius, used) if used else None


def _executed_other(form: Table) -> list[tuple[Row, str, Cell]]:
    """(row, column, cell) of the non-fiscal money a form says it executed."""
    out: list[tuple[Row, str, Cell]] = []
    for r in form.rows:
        if r.key in OTHER_ROWS and (c := r.cells.get(EXECUTED)) is not None and c.amount is not None:
            out.append((r, EXECUTED, c))
    if not out:
        for key in ("金额合计",):
            r = form.row(key)
            c = r.cells.get(EXECUTED_OTHER) if r is not None else None
            if r is not None and c is not None and c.amount is not None:
                out.append((r, EXECUTED_OTHER, c))
    return [x for x in out if x[2].amount is not None and x[2].amount.value > 0]


@rule(
    "PERF-OTHER-MONEY",
    title="绩效自评表执行数中的非财政拨款资金（单位资金、其他资金）不超过决算报表反映的非财政拨款资金",
    severity="warning",
    family="performance",
    tables=("P", "01"),
    needs="绩效自评表“单位资金/其他资金/单位自筹/财政专户管理资金”行或“全年执行数/其他资金”栏的全年执行数；"
    "公开01表非财政拨款各项收入、使用非财政拨款结余和专用结余、年初结转和结余",
    rationale="部门决算反映单位的全部资金。自评表称执行了单位资金或其他资金，而收入支出决算总表中事业收入、经营收入、"
    "其他收入等非财政拨款收入及年初结转均不足以支付，说明自评表把决算未反映的资金计入了执行数，或者决算漏报了"
    "这部分收支，两者至少一处有误。",
    fires="部门整体自评表“单位资金”全年执行数 3.60；公开01表非财政拨款收入均为0.00，年初结转和结余0.05。",
    silent="部门整体自评表“单位资金”全年执行数 3.60；公开01表其他收入 3.60。",
    template="{form}“{row}”全年执行数为{executed}万元，而{t01}所列非财政拨款资金至多{available}万元"
    "（{parts}）；自评表执行数含决算未反映的资金。",
)
def PERF_OTHER_MONEY(d: Disclosure) -> JudgementPlan:
    """PERF-OTHER-MONEY on every self-evaluation form of a 决算 that prints 公开01表."""
    out = JudgementPlan()
    t01 = d.table("01")
    if d.kind == "budget" or t01 is None or t01.empty or t01.unread:
        return out
    available: tuple[Decimal, Decimal, list[tuple[Row, Cell]]] | None | bool = False
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P"):
            continue
        for row, column, cell in _executed_other(form):
            assert cell.amount is not None
            wan = _wan(cell.amount)
            if wan is None:
                continue
            if available is False:
                available = _available(t01)
            if not available:
                return out
            total, radius, used = available
            executed, half = wan
            places = max(cell.amount.decimals if cell.amount.unit == WAN else 2, 2)
            parts = "，".join(f"{r.key}{c.text.strip() or '空'}" for r, c in used)
            message = PERF_OTHER_MONEY.template.format(
                form=table_name(form),
                row=row.key if column == EXECUTED else f"{row.key}”行“{column}",
                executed=fmt_amount(executed, places),
                t01=table_name(t01),
                available=fmt_amount(total, places),
                parts=parts,
            )
            evidence = [ref(form, row, column).evidence()]
            evidence += [ref(t01, r, next(iter(r.cells))).evidence() for r, _ in used]
            out.judgements.append(
                Threshold(  # executed ≤ the non-fiscal money 01表 lists, within both roundings
                    PERF_OTHER_MONEY,
                    KIND_BOUND,
                    executed,
                    total,
                    radius + half,
                    message,
                    evidence,
                    form.id,
                    expected=f"≤{fmt_amount(total, places)}",
                    actual=fmt_amount(executed, places),
                )
            )
    return out


_FLOOR_OPS = ("≥", ">")


def _floor(r: Row, column: str) -> ind.Measure | None:
    """A per-head standard stated as a floor: ≥600元/人 (or ≥600元 under a 人均/每人 label)."""
    m = ind.measure(_clean(r, column))
    if m is None or m.op not in _FLOOR_OPS or not m.unit.startswith("元") or m.unit.startswith("万"):
        return None
    if "/" in m.unit or any(w in r.label for w in ("人均", "每人", "户均", "每户")):
        return m
    return None


def _clean(r: Row, column: str) -> str:
    cell = r.cells.get(column)
    return cell.text.strip() if cell is not None else ""


def _per(m: ind.Measure, r: Row) -> str:
    """Whom the standard is per: 人, 户, 人次 … (人 under a 人均/每人 label without one)."""
    unit = m.unit.split("/", 1)[1] if "/" in m.unit else ""
    if not unit:
        return "户" if ("户均" in r.label or "每户" in r.label) else "人"
    return "人" if unit == "名" else unit


def cost_bound_plan(table: Table) -> JudgementPlan:
    """PERF-COST-BOUND on one form, for each indicator column with a single count and a floor."""
    out = JudgementPlan()
    rows = _indicator_rows(table)
    money = _money_total(table)
    if money is None:
        return out
    for column in [*ind.TARGETS, ind.ACTUAL]:
        counts = [
            (r, m) for r in rows if (r.lane or "").startswith("数量") and (m := _count(r, column)) is not None
        ]
        floors = [
            (r, m) for r in rows if r.cells.get(column) is not None and (m := _floor(r, column)) is not None
        ]
        if len(counts) != 1 or not floors:
            continue
        (n_row, n), (s_row, s) = counts[0], floors[0]
        per = _per(s, s_row)
        if ("人" if n.unit == "名" else n.unit or "人") != per:
            continue  # 人次 against 元/人, 户 against 元/人: not the same heads
        money_column = _money_column(table, column)
        amount = money.amount(money_column) if money_column else None
        if amount is None or amount.unit not in ("万元", "元") or amount.value <= 0:
            continue
        total, radius = _in_yuan(amount)
        need = n.value * s.value
        cell = money.cells[money_column]
        message = PERF_COST_BOUND.template.format(
            table=table_name(table),
            count=_name(n_row),
            n=n.text,
            standard=_name(s_row),
            s=s.text,
            need=_yuan(need),
            money=f"“{money.label}”{money_column}为{cell.text}{amount.unit}（{_yuan(total)}元）",
        )
        out.judgements.append(
            Threshold(  # need ≤ the money, within its rounding
                PERF_COST_BOUND,
                KIND_BOUND,
                need,
                total,
                radius,
                message,
                _ev(table, n_row, column) + _ev(table, s_row, column) + _ev(table, money, money_column),
                table.id,
                expected=f"≤{_yuan(total + radius)}",
                actual=_yuan(need),
            )
        )
    return out


FISCAL_ONLY_01 = ("政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入")
WHOLE_FISCAL = "政府预算资金"
WHOLE_INITIAL = "年初预算数"


def _general_only(d: Disclosure) -> bool:
    """True when 公开01表 prints no 政府性基金 or 国有资本经营 appropriation (blank or 0)."""
    t01 = d.table("01")
    if t01 is None or t01.empty or t01.unread:
        return False
    seen = 0
    for r in t01.rows:
        if r.key in FISCAL_ONLY_01:
            seen += 1
            if any(c.amount is not None and c.amount.value != 0 for c in r.cells.values()):
                return False
    return seen > 0  # a 01表 printed without one of the two rows shows none of that money either


def _whole_fiscal_initial(form: Table) -> tuple[Row, Amount] | None:
    """(row, 年初预算数) of a 部门整体 form's fiscal money."""
    fiscal = form.row(WHOLE_FISCAL)
    if fiscal is not None:
        a = fiscal.amount(WHOLE_INITIAL)
        return (fiscal, a) if a is not None else None
    total = form.row(WHOLE_TOTAL)
    if total is None or (a := total.amount(WHOLE_INITIAL)) is None:
        return None
    others = [r for r in form.rows if r.key in OTHER_ROWS and (x := r.amount(WHOLE_INITIAL)) and x.value != 0]
    return None if others else (total, a)


@rule(
    "PERF-WHOLE-INITIAL",
    title="部门整体支出绩效自评表的财政资金年初预算数与情况说明所列一般公共预算财政拨款年初预算一致",
    severity="warning",
    family="performance",
    tables=("P", "narrative"),
    needs="部门整体支出绩效自评表“政府预算资金”（或无其他来源时“金额合计”）的年初预算数；情况说明“一般公共预算财政拨款"
    "支出年初预算为X万元”；公开01表政府性基金、国有资本经营预算财政拨款收入（均无）",
    rationale="单位只有一般公共预算财政拨款时，部门整体自评表的政府预算资金年初预算数与情况说明所列一般公共预算财政拨款"
    "支出年初预算是同一笔钱（年初批复的预算），两处金额不同，自评的预算执行率和得分或者说明的完成率随之失真。",
    fires="整体自评表政府预算资金年初预算数 860.00；情况说明“一般公共预算财政拨款支出年初预算为812.40万元”。",
    silent="整体自评表政府预算资金年初预算数 812.40；情况说明“一般公共预算财政拨款支出年初预算为812.40万元”。",
    template="{form}“{row}”年初预算数为{form_value}{unit}，而情况说明称一般公共预算财政拨款支出年初预算{said}"
    "（本单位无政府性基金、国有资本经营预算财政拨款），相差{difference}{unit}。原文：“{quote}”",
)
def PERF_WHOLE_INITIAL(d: Disclosure) -> JudgementPlan:
    """PERF-WHOLE-INITIAL on the 部门整体 forms of a 决算 with general-budget money only."""
    out = JudgementPlan()
    said = next(
        (
            c
            for c in d.claims
            if c.kind == "amount" and c.metric == "budget" and c.item is None and c.value is not None
            and c.subject == "一般公共预算财政拨款支出" and c.value.unit in ("万元", "元")
        ),
        None,
    )  # fmt: skip
    if d.kind == "budget" or said is None or not _general_only(d):
        return out
    assert said.value is not None
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P") or form.row(WHOLE_TOTAL) is None:
            continue
        found = _whole_fiscal_initial(form)
        if found is None:
            continue
        row, initial = found
        unit = initial.unit if initial.unit in ("万元", "元") else said.value.unit
        try:
            comp = compare(Amount(initial.value, initial.decimals, unit), [(said.value, 1)], unit)
        except UnitMismatch:
            continue
        places = max(initial.decimals, said.value.decimals, 2)
        message = PERF_WHOLE_INITIAL.template.format(
            form=table_name(form),
            row=row.key,
            form_value=fmt_amount(comp.actual, places),
            unit=unit,
            said=said.text,
            difference=fmt_amount(abs(comp.difference), places),
            quote=quote(said),
        )
        out.judgements.append(
            Threshold(
                PERF_WHOLE_INITIAL,
                KIND_CHECK,
                comp.actual,
                comp.expected,
                comp.tolerance,
                message,
                [ref(form, row, WHOLE_INITIAL).evidence(), claim_evidence(said)],
                form.id,
                expected=fmt_amount(comp.expected, places),
                actual=fmt_amount(comp.actual, places),
            )
        )
    return out


@rule(
    "PERF-COST-BOUND",
    title="人均（户均）标准的下限乘以数量指标不超过同表资金总额",
    severity="warning",
    family="performance",
    tables=("P",),
    needs="绩效表中唯一的数量指标（人、户、名）；以“≥”给出的人均/户均标准（元/人、元/户）；同表年度资金总额"
    "（目标值对全年预算数或申报金额，实际完成值对全年执行数）",
    rationale="数量指标给出受益人数，成本或质量指标给出每人不低于多少元，两者之积是至少要花的钱；它超过本表全部资金时，"
    "即使资金全部用于这些对象，标准也无法达到：指标值、人数或资金至少一处有误。",
    fires="年度资金总额 120万元；数量指标“补助人数 2000人”，质量指标“补助标准 ≥800元/人”（至少160万元）。",
    silent="年度资金总额 120万元；数量指标“补助人数 2000人”，质量指标“补助标准 ≥600元/人”（至少120万元）。",
    template="{table}{count}{n} × {standard}{s} 至少需{need}元，而{money}；按本表资金，该标准无法达到。",
)
def PERF_COST_BOUND(d: Disclosure) -> JudgementPlan:
    """PERF-COST-BOUND on every form, in table order."""
    out = JudgementPlan()
    for tid in sorted(d.tables):
        if tid.startswith("P"):
            out.extend(cost_bound_plan(d.tables[tid]))
    return out
