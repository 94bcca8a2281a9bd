"""绩效自评表 (tables “P01”, “P02”, …, ingest/performance.py): the money block's own sums, the
indicator block and the forms' rates and claims.

The sums of both blocks are declared as data (rules/identities/performance.toml, table = "P"); the
money block's:

- PERF-TASK-SUM: on a 部门整体支出 form, 金额合计 = Σ 任务N in every money column;
- PERF-SOURCE-SUM: the total of a row equals its sources — 总额 = 财政拨款 + 其他资金 for
  全年预算数 and 全年执行数 (部门整体支出 forms); 年度资金总额 = 当年财政拨款 + 上年结转资金 +
  其他资金 (or by level of government, or by 资金来源) in 年初预算数, 全年预算数, 全年执行数 and
  资金结余 (项目支出 forms);
- PERF-BALANCE: 资金结余 = 全年预算数 − 全年执行数, per row.

the indicator block's: PERF-WEIGHT-GROUP (each 一级指标's 分值 = Σ its indicators'), PERF-WEIGHT-TOTAL
and PERF-SCORE-TOTAL (the 总分 = the 预算执行率's + Σ the indicators').

`form_plan` and `indicator_identities` state them (and an operator's identities on "P") as in-table
identities through rules/checks.py (`Identity`), so blank cells, unreadable text and rounding are
judged like every other sum, by the rules compiled for each id. 执行率 (a ratio) is not checked here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fnmatch import fnmatchcase

from ingest import indicators as ind
from ingest.indicators import Measure
from ingest.model import Amount, Cell, Claim, Disclosure, Evidence, Row, Table, format_amount
from ingest.numbers import clean
from ingest.performance import FORM_SCHEMA
from ingest.schema import normalise_label
from rules import identities
from rules.catalog import RuleSpec, rule
from rules.checks import Identity, Plan, column_sum
from rules.claim_checks import (
    NarrativeCheck,
    Ratio,
    claim_evidence,
    claim_source,
    percent_check,
    quote,
    ratio,
)
from rules.claim_checks import fmt_pct as _pct
from rules.comparisons import EQUAL_TEMPLATE
from rules.findings import NotEvaluated
from rules.forms import (
    MIN_COMMON,
    MIN_PROJECT_NAME,
    PERFORMANCE_WORDS,
    PROJECT_TOTAL,
    WHOLE_TOTAL,
    common_run,
    has_source_columns,
    project_name,
)
from rules.identities.declarations import INDICATOR_GROUP_SUM
from rules.judgements import Bound, JudgementPlan, Ref, ref, side, table_evidence, text_evidence
from rules.outcomes import KIND_BOUND, KIND_CHECK, KIND_REQUIRE
from rules.tolerance import Comparison, compare, half_ulp, to_unit
from rules.wording import fmt_amount, fmt_tolerance, table_name

# The forms' sums declared as data (rules/identities/performance.toml, table = "P": every form of the
# document); an operator's identities on "P" are stated beside them by `form_plan` and
# `indicator_identities`.
FORMS = FORM_SCHEMA.id
_PACKAGED = {d.id: d.spec for d in identities.load_packaged()}
PERF_TASK_SUM = _PACKAGED["PERF-TASK-SUM"]
PERF_SOURCE_SUM = _PACKAGED["PERF-SOURCE-SUM"]
PERF_BALANCE = _PACKAGED["PERF-BALANCE"]
PERF_WEIGHT_GROUP = _PACKAGED["PERF-WEIGHT-GROUP"]
PERF_WEIGHT_TOTAL = _PACKAGED["PERF-WEIGHT-TOTAL"]
PERF_SCORE_TOTAL = _PACKAGED["PERF-SCORE-TOTAL"]


def form_plan(table: Table) -> list[Identity]:
    """The identities declared on every 绩效自评表 (table = "P") stated on one form: each ``each_column``
    sum whose rows the form prints (`RowIdentity.sum_rows`; row keys as ingest/performance.py reads
    them, 任务* their pattern), in the columns it names; then each ``each_row`` on every money row
    where the form prints its total column and one of its part columns (a part column the form does
    not print is left out). A blank cell of a form is not replaced by its parts (substitutable=False)."""
    out: list[Identity] = []

    def find(names: tuple[str, ...]) -> list[Row]:
        return [r for r in table.rows if any(fnmatchcase(r.key, n) for n in names)]

    for d in identities.declared_column_sums(FORMS):
        for total, part_names in d.column_sums:
            found = d.sum_rows(total, part_names, find)
            if found is None:
                continue
            head, rows = found
            for column in (c for c in table.columns if d.takes_column(c)):
                out.append(column_sum(d.spec, table, head, rows, column, substitutable=False))
    printed = []  # (rule, total column, the part columns the form prints)
    for d, form in identities.declared_row_forms(FORMS):
        parts = tuple((c, sign) for c, sign in form.parts if c in table.columns)
        if form.total in table.columns and parts:
            printed.append((d.spec, form.total, parts))
    for r in table.rows:
        for spec, total_column, parts in printed:
            terms = tuple((r, c, sign) for c, sign in parts)
            out.append(Identity(spec, table, r, total_column, terms, None, False))
    return out


def plan(disclosure: Disclosure) -> Plan:
    """The identities of every parsed 绩效自评表: the money block's declared ones, then the indicator
    block's."""
    out = Plan()
    for tid in sorted(disclosure.tables):
        table = disclosure.tables[tid]
        if not tid.startswith("P") or table.empty:
            continue
        out.identities.extend(form_plan(table))
    for tid in sorted(disclosure.tables):
        if tid.startswith("P"):
            out.identities.extend(indicator_identities(disclosure.tables[tid]))
    return out


# =============================================================================================
# The indicator block (Table.indicators, ingest/indicators.py) and the money block's rates.
# =============================================================================================


@rule(
    "PERF-SCORE-CAP",
    title="指标得分不超过其分值",
    severity="error",
    family="performance",
    tables=("P",),
    needs="绩效自评表各指标的分值与得分",
    rationale="得分是按完成情况对分值的折算，不可能超过分值。",
    fires="分值 5，得分 10。",
    silent="分值 10，得分 10。",
)
def PERF_SCORE_CAP(d: Disclosure) -> JudgementPlan:
    """PERF-SCORE-CAP: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(PERF_SCORE_CAP)


@rule(
    "PERF-RATE",
    title="绩效自评表执行率等于全年执行数除以全年预算数",
    severity="warning",
    family="performance",
    tables=("P",),
    needs="绩效自评表资金行的全年预算数、全年执行数与执行率",
    rationale="执行率 = 全年执行数 ÷ 全年预算数；所列执行率与两数不符，或全年预算数为0却列示执行数和执行率，"
    "说明资金行填列有误。容差按执行率和金额的印刷精度计算。",
    fires="全年预算数 192，全年执行数 114.048，执行率列 100%（应为 59.40%）；或全年预算数为0而执行数 1,920。",
    silent="114.048 ÷ 192 = 59.40%，执行率列 59.4。",
)
def PERF_RATE(d: Disclosure) -> JudgementPlan:
    """PERF-RATE: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(PERF_RATE)


@rule(
    "PERF-RATE-SCORE",
    title="预算执行率得分等于分值乘以执行率",
    severity="warning",
    family="performance",
    tables=("P",),
    needs="绩效自评表资金合计行的分值、执行率与得分",
    rationale="按绩效自评规则，预算执行率指标得分 = 分值 × 执行率（执行率超过100%按100%计）。",
    fires="分值 10，执行率 59.4%，得分 10（应为 5.94）。",
    silent="分值 10，执行率 100%，得分 10。",
)
def PERF_RATE_SCORE(d: Disclosure) -> JudgementPlan:
    """PERF-RATE-SCORE: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(PERF_RATE_SCORE)


@rule(
    "PERF-NA-WEIGHTED",
    title="“不适用”的指标不应分配分值",
    severity="info",
    family="performance",
    tables=("P",),
    needs="绩效自评表各指标的指标值、实际完成值、分值与得分",
    rationale="指标不适用时应不设该指标并将分值调整到其他指标；列为“不适用”却分配分值并得0分，使总分被无故扣减。",
    fires="经济效益指标“不适用”，分值 5，得分 0。",
    silent="“不适用”指标未分配分值，或所有指标均有实际完成值。",
)
def PERF_NA_WEIGHTED(d: Disclosure) -> JudgementPlan:
    """PERF-NA-WEIGHTED: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(PERF_NA_WEIGHTED)


@rule(
    "PERF-SHORTFALL",
    title="未达到指标值的指标不应得满分",
    severity="warning",
    family="performance",
    tables=("P",),
    needs="绩效自评表各指标的指标值（含≥、≤、=）、实际完成值、分值与得分",
    rationale="实际完成值未达到年度指标值（成本指标为超出控制数）时，应按完成程度扣分并说明偏差原因；"
    "仍给满分说明自评打分不实或指标值填错。",
    fires="补助人次 指标值 =30000，实际完成 17820（59.4%），分值 20，得分 20；成本指标 预算控制数 20.93，实际 200.93，得满分。",
    silent="指标值 ≥3次，实际完成 4次，得满分；或未达标并相应扣分。",
)
def PERF_SHORTFALL(d: Disclosure) -> JudgementPlan:
    """PERF-SHORTFALL: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(PERF_SHORTFALL)


@rule(
    "PERF-TARGET-SCALE",
    title="同一指标的年初指标值与调整后指标值不应相差整十倍",
    severity="warning",
    family="performance",
    tables=("P",),
    needs="绩效自评表同一指标的年初指标值、调整后指标值（实际完成值）",
    rationale="同一指标的两个指标值恰好相差10倍、100倍……，几乎总是多写或少写了一个0。",
    fires="成本指标 年初指标值 =1920000，调整后指标值 =19200000。",
    silent="年初指标值与调整后指标值相同，或调整幅度不是10的整数次幂。",
)
def PERF_TARGET_SCALE(d: Disclosure) -> JudgementPlan:
    """PERF-TARGET-SCALE: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(PERF_TARGET_SCALE)


@rule(
    "PERF-COST-RATE",
    title="成本控制率（预算执行率）类指标与资金执行率一致",
    severity="info",
    family="performance",
    tables=("P",),
    needs="绩效自评表“成本控制率”“预算执行率”等指标的实际完成值，资金合计行执行率",
    rationale="以执行数占预算数衡量的成本控制率或预算执行率指标，其实际完成值应与同表资金执行率一致；"
    "二者不同通常是套用模板的固定值。",
    fires="成本控制率 实际完成 80%，资金执行率 100%。",
    silent="成本控制率 100%，执行率 100%。",
)
def PERF_COST_RATE(d: Disclosure) -> JudgementPlan:
    """PERF-COST-RATE: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(PERF_COST_RATE)


INDICATOR_RULES = (
    PERF_WEIGHT_GROUP,
    PERF_WEIGHT_TOTAL,
    PERF_SCORE_TOTAL,
    PERF_SCORE_CAP,
    PERF_RATE,
    PERF_RATE_SCORE,
    PERF_NA_WEIGHTED,
    PERF_SHORTFALL,
    PERF_TARGET_SCALE,
    PERF_COST_RATE,
)
NOT_APPLICABLE = ("不适用", "无", "/", "—", "-")
COST_WORDS = ("成本", "控制数", "费用", "单价", "标准")
RATE_INDICATORS = ("成本控制率", "预算执行率", "资金执行率", "资金到位率")


def _money_total(table: Table) -> Row | None:
    return table.row(WHOLE_TOTAL) or table.row(PROJECT_TOTAL)


def _indicator_rows(table: Table) -> list[Row]:
    return [r for r in table.indicators if r.role == "indicator"]


def _printed(row: Row | None, column: str) -> bool:
    return row is not None and row.amount(column) is not None


def indicator_identities(table: Table) -> list[Identity]:
    """The declared ``indicator_sum`` identities (rules/identities/performance.toml: PERF-WEIGHT-GROUP
    per 一级指标; PERF-WEIGHT-TOTAL and PERF-SCORE-TOTAL on the 总分 line; an operator's too) on one
    form's indicator block, in each column they name: a 一级指标 printed in the column = Σ its
    indicators printed there; the 总分 printed = the money block's total row where it prints the column
    (预算执行率) + Σ every indicator printed, not stated without an indicator printed, nor — with
    ``require_money_column`` — on a form whose money block lacks the column."""
    out: list[Identity] = []
    total = next((r for r in table.indicators if r.role == "total"), None)
    rows = _indicator_rows(table)
    money = _money_total(table)
    for d in identities.declared_indicator_sums(FORMS):
        for column in d.columns:
            if d.indicator_sum == INDICATOR_GROUP_SUM:
                for group, members in ind.groups(table.indicators):
                    printed = [r for r in members if _printed(r, column)]
                    if _printed(group, column) and printed:
                        text = f"其下{len(printed)}个指标的{column}之和"
                        out.append(
                            column_sum(d.spec, table, group, printed, column, text, substitutable=False)
                        )
                continue
            parts = [r for r in rows if _printed(r, column)]
            if total is None or not _printed(total, column) or not parts:
                continue
            has_money_column = money is not None and column in table.columns
            if money is not None and not has_money_column and d.require_money_column:
                continue  # the 预算执行率's figure is printed nowhere
            terms = ([(money, column, 1)] if has_money_column and _printed(money, column) else []) + [
                (r, column, 1) for r in parts
            ]
            text = (f"预算执行率{column}与" if len(terms) > len(parts) else "") + f"各指标{column}之和"
            out.append(Identity(d.spec, table, total, column, tuple(terms), text, False))
    return out


def _ref(table: Table, row: Row, column: str) -> Ref:
    return ref(table, row, column)


def _ev(table: Table, row: Row, *columns: str) -> list[Evidence]:
    return [_ref(table, row, c).evidence() for c in columns if row.cells.get(c) is not None]


def _name(row: Row) -> str:
    where = "/".join(w for w in (row.parent, row.lane) if w)
    return f"“{where}”下的“{row.label}”" if where else f"“{row.label}”"


@dataclass(eq=False)
class FormCheck(NarrativeCheck):
    """A check on one 绩效 form, filed under that form's table."""

    table: str = "P"

    @property
    def table_id(self) -> str:  # type: ignore[override]
        """The form's table id."""
        return self.table


def _require(
    rule: RuleSpec, table: Table, ok: bool, message: str, evidence: list[Evidence], **kw: str
) -> FormCheck:
    return FormCheck(rule, KIND_REQUIRE, ok=ok, message=message, evidence=evidence, table=table.id, **kw)  # type: ignore[arg-type]


def _text(row: Row, column: str) -> str:
    cell = row.cells.get(column)
    return clean(cell.text) if cell is not None else ""


def _targets(row: Row) -> list[str]:
    return [c for c in ind.TARGETS if c in row.cells]


def _is_cost(row: Row) -> bool:
    return "成本" in (row.lane or "") or any(w in row.label for w in ("控制数", "成本"))


def _shortfall(target: Measure, actual: Measure, cost: bool) -> Decimal | None:
    """How far `actual` misses `target` beyond the printed precision (None when it does not)."""
    if (target.unit == "%") != (actual.unit == "%"):
        return None
    if (
        target.unit
        and actual.unit
        and target.unit != actual.unit
        and not (target.unit.startswith(actual.unit) or actual.unit.startswith(target.unit))
    ):
        return None
    tol = half_ulp(target.decimals) + half_ulp(actual.decimals)
    op = target.op or ("≤" if cost else "≥")
    if op in ("≥", ">"):
        gap = target.value - actual.value
    elif op in ("≤", "<"):
        gap = actual.value - target.value
    else:  # "=": any deviation
        gap = abs(actual.value - target.value)
    return gap if gap > tol else None


def indicator_checks(table: Table) -> JudgementPlan:
    """Per-indicator plausibility: 得分 ≤ 分值, 不适用 with a weight, shortfall with full marks,
    targets ten times apart, 成本控制率 vs the money block's 执行率."""
    plan = JudgementPlan()
    name = table_name(table)
    money = _money_total(table)
    rate = money.amount(RATE_COLUMN) if money is not None else None
    for r in _indicator_rows(table):
        weight, score = r.amount(ind.WEIGHT), r.amount(ind.SCORE)
        if weight is not None and score is not None:
            small = side(f"{name}{_name(r)}得分", _ref(table, r, ind.SCORE))
            large = side("其分值", _ref(table, r, ind.WEIGHT))
            plan.add(
                Bound(PERF_SCORE_CAP, small, large, {"note": ""}, template=SCORE_CAP_TEMPLATE), small, large
            )
        values = [_text(r, c) for c in [*_targets(r), ind.ACTUAL] if c in r.cells]
        if weight is not None and weight.value > 0 and values and all(v in NOT_APPLICABLE for v in values):
            plan.judgements.append(
                _require(
                    PERF_NA_WEIGHTED,
                    table,
                    False,
                    f"{name}{_name(r)}的指标值和实际完成值均为“{values[0]}”，却分配了分值{_text(r, ind.WEIGHT)}"
                    f"（得分{_text(r, ind.SCORE) or '未填'}）；不适用的指标不应设置分值，应将分值调整到其他指标。",
                    _ev(table, r, *_targets(r), ind.ACTUAL, ind.WEIGHT, ind.SCORE),
                    expected="0",
                    actual=_text(r, ind.WEIGHT),
                )
            )
        actual = ind.measure(_text(r, ind.ACTUAL)) if ind.ACTUAL in r.cells else None
        targets = [(c, ind.measure(_text(r, c))) for c in _targets(r)]
        if actual is not None and weight is not None and score is not None and weight.value > 0:
            final_target = next((m for c, m in reversed(targets) if m is not None), None)
            column = next((c for c, m in reversed(targets) if m is not None), "")
            if final_target is not None:
                gap = _shortfall(final_target, actual, _is_cost(r))
                full = score.value >= weight.value
                if gap is not None or full:
                    plan.judgements.append(
                        _require(
                            PERF_SHORTFALL,
                            table,
                            not (gap is not None and full),
                            f"{name}{_name(r)}{column}为{final_target.text}，实际完成值为{actual.text}，"
                            f"{'超出控制数' if (final_target.op or ('≤' if _is_cost(r) else '≥')) in ('≤', '<') else '未达到指标值'}，"
                            f"却得满分{_text(r, ind.SCORE)}（分值{_text(r, ind.WEIGHT)}）；应按完成程度扣分并说明偏差原因，"
                            "或核实指标值是否填错。",
                            _ev(table, r, column, ind.ACTUAL, ind.WEIGHT, ind.SCORE),
                            expected=final_target.text,
                            actual=actual.text,
                        )
                    )
        scaled = [(c, m) for c, m in targets if m is not None]
        if ind.INITIAL in dict(scaled) and ind.ADJUSTED in dict(scaled):
            a, b = dict(scaled)[ind.INITIAL], dict(scaled)[ind.ADJUSTED]
            factor = _power_of_ten(a.value, b.value)
            plan.judgements.append(
                _require(
                    PERF_TARGET_SCALE,
                    table,
                    factor is None,
                    f"{name}{_name(r)}年初指标值为{a.text}，调整后指标值为{b.text}，恰好相差{factor}倍，"
                    "疑为多写或少写了“0”，请核实。",
                    _ev(table, r, ind.INITIAL, ind.ADJUSTED, ind.ACTUAL),
                    expected=b.text,
                    actual=a.text,
                )
            )
        if (
            rate is not None
            and actual is not None
            and actual.unit == "%"
            and any(w in r.label for w in RATE_INDICATORS)
            and money is not None
        ):
            tol = half_ulp(actual.decimals) + half_ulp(rate.decimals)
            plan.judgements.append(
                _require(
                    PERF_COST_RATE,
                    table,
                    abs(actual.value - rate.value) <= tol,
                    f"{name}{_name(r)}实际完成值为{actual.text}，而同表资金执行率为{_text(money, RATE_COLUMN)}，"
                    "二者口径相同却不一致，请核实是否套用了固定值。",
                    _ev(table, r, ind.ACTUAL) + _ev(table, money, RATE_COLUMN),
                    expected=_text(money, RATE_COLUMN),
                    actual=actual.text,
                )
            )
    return plan


def _power_of_ten(a: Decimal, b: Decimal) -> int | None:
    """10, 100, … when a and b (non-zero) differ by exactly that factor."""
    if a <= 0 or b <= 0 or a == b:
        return None
    big, small = max(a, b), min(a, b)
    q = big / small
    for k in range(1, 7):
        if q == Decimal(10) ** k:
            return 10**k
    return None


RATE_COLUMN = "执行率"
BUDGET_COLUMN = "全年预算数"
EXECUTED_COLUMN = "全年执行数"
SCORE_CAP_TEMPLATE = "{left}，大于{right}，超出{difference}{unit}。得分不能超过分值。{note}"


def _rate_columns(table: Table) -> tuple[str, str] | None:
    """(budget, executed) columns of a form's money rows, for 执行率."""
    if f"{BUDGET_COLUMN}/总额" in table.columns:
        return f"{BUDGET_COLUMN}/总额", f"{EXECUTED_COLUMN}/总额"
    if BUDGET_COLUMN in table.columns and EXECUTED_COLUMN in table.columns:
        return BUDGET_COLUMN, EXECUTED_COLUMN
    return None


def _as_percent(cell_text: str, amount: Amount) -> Amount:
    """A 执行率 printed without “%” (“59.4”, “100”) is a percentage all the same."""
    return amount if amount.unit == "%" else Amount(amount.value, amount.decimals, "%")


def rate_checks(table: Table) -> JudgementPlan:
    """PERF-RATE on every money row printing a 执行率; PERF-RATE-SCORE on the total row."""
    plan = JudgementPlan()
    cols = _rate_columns(table)
    if cols is None or RATE_COLUMN not in table.columns:
        return plan
    budget_col, exec_col = cols
    name = table_name(table)
    for r in table.rows:
        stated = r.amount(RATE_COLUMN)
        budget, executed = r.amount(budget_col), r.amount(exec_col)
        if stated is None or budget is None or executed is None:
            continue
        stated = _as_percent(_text(r, RATE_COLUMN), stated)
        where = f"{name}“{r.label}”行"
        evidence = _ev(table, r, budget_col, exec_col, RATE_COLUMN)
        if budget.value == 0:
            ok = executed.value == 0
            plan.judgements.append(
                _require(
                    PERF_RATE,
                    table,
                    ok,
                    f"{where}全年预算数为{_text(r, budget_col)}，全年执行数却为{_text(r, exec_col)}，"
                    f"执行率列{_text(r, RATE_COLUMN)}；预算为0时执行率无从计算，该行资金数据疑似错行或错填。",
                    evidence,
                    expected="（不适用）",
                    actual=_text(r, RATE_COLUMN),
                )
            )
            continue
        if budget.value < 0 or executed.value < 0:
            continue
        rt = ratio(to_unit(executed, executed.unit), to_unit(budget, budget.unit))
        if rt is None:
            continue
        plan.judgements.append(
            _percent(
                PERF_RATE,
                table,
                stated,
                rt,
                f"{where}执行率为{_text(r, RATE_COLUMN)}，而全年执行数{_text(r, exec_col)} ÷ 全年预算数"
                f"{_text(r, budget_col)} = {_pct(rt.centre)}%",
                evidence,
            )
        )
    money = _money_total(table)
    if money is not None:
        weight, score, stated = money.amount(ind.WEIGHT), money.amount(ind.SCORE), money.amount(RATE_COLUMN)
        if weight is not None and score is not None and stated is not None and weight.value > 0:
            stated = _as_percent(_text(money, RATE_COLUMN), stated)
            capped = min(stated.value, Decimal(100))
            expected = weight.value * capped / Decimal(100)
            tol = half_ulp(score.decimals) + weight.value * half_ulp(stated.decimals) / Decimal(100)
            plan.judgements.append(
                _require(
                    PERF_RATE_SCORE,
                    table,
                    abs(score.value - expected) <= tol,
                    f"{name}“{money.label}”行预算执行率得分为{_text(money, ind.SCORE)}，而分值{_text(money, ind.WEIGHT)}"
                    f" × 执行率{_text(money, RATE_COLUMN)} = {fmt_amount(expected, max(2, score.decimals))}。",
                    _ev(table, money, ind.WEIGHT, RATE_COLUMN, ind.SCORE),
                    expected=fmt_amount(expected, max(2, score.decimals)),
                    actual=_text(money, ind.SCORE),
                )
            )
    return plan


def _percent(
    rule: RuleSpec, table: Table, stated: Amount, r: Ratio, said: str, evidence: list[Evidence]
) -> FormCheck:
    base = percent_check(rule, stated, r)
    return FormCheck(
        rule,
        base.kind,
        base.values,
        base.scale,
        message=f"{said}，相差{_pct(abs(stated.value - r.centre))}个百分点。",
        rounding_message=f"{said}，差异在金额与百分比的印刷精度之内（尾差）。",
        expected=_pct(r.centre),
        actual=format_amount(stated),
        difference=_pct(abs(stated.value - r.centre)),
        tolerance=_pct(half_ulp(stated.decimals)),
        evidence=evidence,
        table=table.id,
    )


def form_checks(disclosure: Disclosure) -> JudgementPlan:
    """The per-indicator checks of every 绩效 form, form by form: indicator_checks (PERF-SCORE-CAP,
    PERF-NA-WEIGHTED, PERF-SHORTFALL, PERF-TARGET-SCALE, PERF-COST-RATE …, one pass over the
    indicator rows), rate_checks (PERF-RATE, PERF-RATE-SCORE) and unit_cost_checks (XP-UNIT-COST and
    its 尾差 note XP-UNIT-COST-ROUNDED, stated from one comparison); XP-UNIT-COST is not evaluated
    when the document speaks of 绩效 forms none of which was read."""
    out = JudgementPlan()
    forms = [tid for tid in disclosure.tables if tid.startswith("P")]
    if not forms and any(any(w in p.text for w in PERFORMANCE_WORDS) for p in disclosure.paragraphs):
        out.not_evaluated.append(
            NotEvaluated(XP_UNIT_COST.id, f"绩效表未解析，无法核对“{XP_UNIT_COST.title}”。", None)
        )
    for tid in sorted(disclosure.tables):
        table = disclosure.tables[tid]
        if not tid.startswith("P"):
            continue
        out.extend(indicator_checks(table))
        out.extend(rate_checks(table))
        out.extend(unit_cost_checks(table))
    return out


# ---------------------------------------------------------------------------------------------
# XP-UNIT-COST: persons × standard = total, within one form.
# ---------------------------------------------------------------------------------------------

COUNT_UNITS = ("人", "人次", "户", "名", "个", "家")
_PRODUCT = re.compile(
    r"(\d+(?:\.\d+)?)(?:人次|人|户|名|个)?[*×xX](\d+(?:\.\d+)?)元(?:/人)?(?:[*×xX](\d+(?:\.\d+)?)[^=＝\d]{0,3})?[=＝](\d+(?:\.\d+)?)元"
)
_PER_HEAD = re.compile(
    r"(\d+(?:\.\d+)?)(?:人次|人|户|名)[^。；;]*?每(?:人|户)(?:每年|每月|每季度|年均)?(\d+(?:\.\d+)?)元[^。；;]*?(?:总计|合计|共计|总金额为?)[:：]?(\d+(?:\.\d+)?)元"
)


def _count(r: Row, column: str) -> Measure | None:
    m = ind.measure(_text(r, column))
    if m is None or m.op in ("≤", "<"):
        return None
    if m.unit in COUNT_UNITS or (m.unit == "" and any(w in r.label for w in ("人数", "人次", "户数"))):
        return m
    return None


def _standard(r: Row, column: str) -> Measure | None:
    m = ind.measure(_text(r, column))
    if m is None or "元" not in m.unit or m.unit.startswith("万") or m.op not in ("", "="):
        return None  # a bound (≥2元/人) is a threshold, not a price
    if "/" in m.unit or any(w in r.label for w in ("标准", "人均", "每人")):
        return m
    return None


def _cost_total(r: Row, column: str) -> Measure | None:
    m = ind.measure(_text(r, column))
    if m is None or not _is_cost(r) or "/" in m.unit or any(w in r.label for w in ("标准", "人均", "率")):
        return None
    if m.unit in ("元", "") and m.value >= 1000:
        return m
    return None


def _precision(value: Decimal, decimals: int, unit: str) -> Decimal:
    """Half the last significant place of a printed total in 元: a budget set in whole 万元 and
    printed in 元 (“150,000”) is known to ±5000 元, not ±0.5."""
    if decimals > 0 or value == 0 or unit != "元":
        return half_ulp(decimals)
    zeros, v = 0, int(value)
    while v % 10 == 0 and zeros < 4:
        v //= 10
        zeros += 1
    return Decimal(10) ** zeros / 2


def _in_yuan(amount: Amount) -> tuple[Decimal, Decimal]:
    factor = Decimal(10000) if amount.unit == "万元" else Decimal(1)
    return amount.value * factor, _precision(amount.value, amount.decimals, amount.unit) * factor


def _yuan(v: Decimal) -> str:
    """A sum in 元 as an inspector writes it: 151,080 / 8,976,000 / 1,140,480.5."""
    return f"{v:,.0f}" if v == v.to_integral_value() else f"{v:,.2f}"


def _unit_cost(
    plan: JudgementPlan,
    table: Table,
    product: Decimal,
    said: str,
    total: Decimal,
    radius: Decimal,
    total_said: str,
    evidence: list[Evidence],
) -> None:
    difference = abs(product - total)
    ok = difference == 0
    rounding = not ok and difference <= radius
    check = _require(
        XP_UNIT_COST,
        table,
        ok or rounding,
        f"{table_name(table)}{said} = {_yuan(product)}元，而{total_said}，相差{_yuan(difference)}元。",
        evidence,
        expected=fmt_amount(product, 2),
        actual=fmt_amount(total, 2),
    )
    check.difference = fmt_amount(difference, 2)
    check.tolerance = fmt_amount(radius, 2)
    plan.judgements.append(check)
    if rounding:
        plan.judgements.append(
            _require(
                XP_UNIT_COST_ROUNDED,
                table,
                False,
                f"{table_name(table)}{said} = {_yuan(product)}元，{total_said}，"
                f"相差{_yuan(difference)}元，在资金按整数（万元）安排的取整范围内。",
                evidence,
                expected=fmt_amount(product, 2),
                actual=fmt_amount(total, 2),
            )
        )


def _money_column(table: Table, column: str) -> str:
    """The money column an indicator column's product is compared with: 全年执行数 for the actual
    value, 全年预算数 for targets; on a 目标申报表 the 实施期 or 年度 资金总额 of the same half."""
    if column == ind.ACTUAL:
        return EXECUTED_COLUMN if EXECUTED_COLUMN in table.columns else ""
    if BUDGET_COLUMN in table.columns:
        return BUDGET_COLUMN
    if column == ind.PERIOD and "实施期" in table.columns:
        return "实施期"
    if column == ind.ANNUAL:
        # a one-half 申报表 grid (the 年度 half printed apart) states the 实施期 amount only
        return "年度" if "年度" in table.columns else "实施期" if "实施期" in table.columns else ""
    return ""


def unit_cost_checks(table: Table) -> JudgementPlan:
    """XP-UNIT-COST: 数量指标 × 单位标准 = 成本指标 / 资金总额 (each value column); and the
    products stated in words in the form's 项目概况 (“共2518人，每人每年60元，总计150000元”)."""
    plan = JudgementPlan()
    rows = _indicator_rows(table)
    counts = [r for r in rows if (r.lane or "").startswith("数量")]
    standards = [r for r in rows if (r.lane or "").startswith(("成本", "质量", "经济成本"))]
    totals = [r for r in rows if _is_cost(r)]
    money = _money_total(table)
    for column in [*ind.TARGETS, ind.ACTUAL]:
        n_row = next((r for r in counts if _count(r, column) is not None), None)
        s_row = next((r for r in standards if _standard(r, column) is not None), None)
        if n_row is None or s_row is None:
            continue
        n, s = _count(n_row, column), _standard(s_row, column)
        assert n is not None and s is not None
        product = n.value * s.value
        said = f"{_name(n_row)}{n.text} × {_name(s_row)}{s.text}"
        evidence = _ev(table, n_row, column) + _ev(table, s_row, column)
        t_row = next((r for r in totals if r is not s_row and _cost_total(r, column) is not None), None)
        if t_row is not None:
            t = _cost_total(t_row, column)
            assert t is not None
            _unit_cost(
                plan,
                table,
                product,
                said,
                t.value,
                _precision(t.value, t.decimals, "元"),
                f"{_name(t_row)}{column}为{t.text}",
                evidence + _ev(table, t_row, column),
            )
        money_column = _money_column(table, column)
        amount = money.amount(money_column) if money is not None and money_column else None
        if money is not None and amount is not None and amount.unit in ("万元", "元"):
            value, radius = _in_yuan(amount)
            _unit_cost(
                plan,
                table,
                product,
                said,
                value,
                radius,
                f"“{money.label}”{money_column}为{_text(money, money_column)}{amount.unit}",
                evidence + _ev(table, money, money_column),
            )
    for note in table.notes:
        text = clean(note.text).replace(",", "").replace("，", ",")
        for m in _PRODUCT.finditer(text):
            factors = [Decimal(g) for g in (m.group(1), m.group(2), m.group(3)) if g]
            product = Decimal(1)
            for f in factors:
                product *= f
            stated = Decimal(m.group(4))
            _unit_cost(
                plan,
                table,
                product,
                f"“{note.row}”所列算式{m.group(0)}",
                stated,
                _precision(stated, 0, "元"),
                f"所列结果为{m.group(4)}元",
                [_note_evidence(note)],
            )
        for m in _PER_HEAD.finditer(text):
            product = Decimal(m.group(1)) * Decimal(m.group(2))
            stated = Decimal(m.group(3))
            _unit_cost(
                plan,
                table,
                product,
                f"“{note.row}”所述{m.group(1)}人 × 每人{m.group(2)}元",
                stated,
                _precision(stated, 0, "元"),
                f"所述总计为{m.group(3)}元",
                [_note_evidence(note)],
            )
    return plan


def _note_evidence(note: Cell) -> Evidence:
    return text_evidence(clean(note.text), note.loc, note.table, note.row, note.column)


@rule(
    "XP-UNIT-COST",
    title="绩效自评表数量×标准＝金额（如参保人数×补助标准＝补助资金）",
    severity="warning",
    family="cross_table",
    tables=("P",),
    needs="绩效自评表数量指标、成本指标与资金数",
    rationale="绩效指标中的人数、标准和资金应相互印证：数量×标准与所列资金数不符（超出万元取整和印刷精度的范围），"
    "说明数量、标准或资金至少一项填错；绩效表未能解析时报告为“未评估”。",
    fires="30000 人 × 64 元 = 192 万元，而资金总额 1920 万元。",
    silent="17820 人 × 64 元 = 114.048 万元 = 执行数 114.048。",
    template=EQUAL_TEMPLATE,
)
def XP_UNIT_COST(d: Disclosure) -> JudgementPlan:
    """XP-UNIT-COST: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(XP_UNIT_COST)


@rule(
    "XP-UNIT-COST-ROUNDED",
    title="数量×标准与资金总额的差额在万元取整范围内（提示）",
    severity="info",
    family="performance",
    tables=("P",),
    needs="绩效表数量指标、单位标准与资金数（或项目概况中的算式）",
    rationale="资金常按整万元安排，按人数×标准计算的金额与之相差不足0.5万元时，属取整而非错误；"
    "列为提示，便于核实资金测算口径。",
    fires="2518人 × 60元 = 151,080元，年度资金总额 150,000元。",
    silent="29人 × 20000元 × 4 = 2,320,000元，所列结果 2,320,000元。",
)
def XP_UNIT_COST_ROUNDED(d: Disclosure) -> JudgementPlan:
    """XP-UNIT-COST-ROUNDED: what the pass over each form's indicators (`form_checks`) states for it."""
    return form_checks(d).only(XP_UNIT_COST_ROUNDED)


_ACTUAL_WORDS = re.compile(r"实际[^，。,；;：:\d]{0,8}?(\d+(?:\.\d+)?)(人次|人|户|名)")


@rule(
    "PERF-ACTUAL-TEXT",
    title="数量指标的实际完成值与同表“实际完成情况”文字一致",
    severity="warning",
    family="performance",
    tables=("P",),
    needs="绩效自评表数量指标（人、人次、户）的实际完成值，同表实际完成情况、产出情况等说明文字中的实际数",
    rationale="同一张自评表中，数量指标的实际完成值与文字说明的实际完成数是同一个数；二者不一致，"
    "说明指标或文字抄自其他表格，自评结论不可信。",
    fires="数量指标 补助人次 实际完成值 =300000，而实际完成情况写明“实际参保人数17820人”。",
    silent="实际完成值 =17820，文字说明“实际参保人数17820人”。",
)
def PERF_ACTUAL_TEXT(d: Disclosure) -> JudgementPlan:
    """PERF-ACTUAL-TEXT on every 绩效 form (filed under the form: their findings keep their place
    after the form's indicator, rate and unit-cost checks)."""
    out = JudgementPlan()
    for tid in sorted(d.tables):
        if tid.startswith("P"):
            out.extend(actual_text_checks(d.tables[tid]))
    return out


def actual_text_checks(table: Table) -> JudgementPlan:
    """PERF-ACTUAL-TEXT: “实际…N人” in the form's own description vs its 数量指标 actual value."""
    plan = JudgementPlan()
    counts = [
        (r, m)
        for r in _indicator_rows(table)
        if (r.lane or "").startswith("数量") and (m := _count(r, ind.ACTUAL)) is not None
    ]
    if not counts:
        return plan
    for note in table.notes:
        text = clean(note.text).replace(",", "")
        for m in _ACTUAL_WORDS.finditer(text):
            stated = Decimal(m.group(1))
            same_unit = [
                (r, a) for r, a in counts if a.unit in ("", m.group(2)) or m.group(2).startswith(a.unit)
            ]
            if not same_unit:
                continue
            ok = any(a.value == stated for _, a in same_unit)
            r, a = same_unit[0]
            plan.judgements.append(
                _require(
                    PERF_ACTUAL_TEXT,
                    table,
                    ok,
                    f"{table_name(table)}{_name(r)}实际完成值为{a.text}，而同表“{note.row}”写明“{m.group(0)}”；"
                    "同一实际完成数前后不一致，请核实指标或说明是否抄自其他表格。",
                    _ev(table, r, ind.ACTUAL) + [_note_evidence(note)],
                    expected=m.group(1),
                    actual=a.text,
                )
            )
    return plan


# ---------------------------------------------------------------------------------------------
# A project form against the 情况说明 item of the 项 that holds the project.
# ---------------------------------------------------------------------------------------------


def _item_text(claims: list[Claim]) -> str:
    seen: list[str] = []
    for c in claims:
        if c.sentence not in seen:
            seen.append(c.sentence)
    return "".join(seen)


@rule(
    "N-PERF-INITIAL",
    title="项目自评表年初预算数与情况说明所述该项目所在科目的年初预算一致",
    severity="warning",
    family="narrative",
    tables=("P",),
    needs="项目支出绩效自评表的年初预算数、全年执行数；情况说明中写到该项目（名称有连续5字以上相同）的科目条目的年初预算和支出决算",
    rationale="情况说明逐项解释支出决算时写明了科目的年初预算；项目自评表的年初预算数不能与之矛盾："
    "科目决算恰为该项目执行数时（整个科目就是该项目），二者应相等；否则项目只是科目的一部分，"
    "项目年初预算数不能大于科目年初预算。",
    fires="离休老干部医疗费补助项目自评表年初预算数 100，情况说明第8项 2101199 年初预算0万元、支出决算100万元。",
    silent="项目自评表年初预算数 0（年中追加），情况说明所述科目年初预算 0。",
)
def N_PERF_INITIAL(d: Disclosure) -> JudgementPlan:
    """N-PERF-INITIAL: a project form's 年初预算数 against the 情况说明 item of the 项 holding it."""
    plan = JudgementPlan()
    items: dict[str, list[Claim]] = {}
    for c in d.claims:
        if c.item:
            items.setdefault(c.item, []).append(c)
    if not items:
        return plan
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P") or has_source_columns(form):
            continue
        total = form.row(PROJECT_TOTAL)
        initial_col = next((c for c in ("年初预算数", "年初预算数/预算编制数") if c in form.columns), None)
        if total is None or initial_col is None:
            continue
        initial, executed = total.amount(initial_col), total.amount("全年执行数")
        name = project_name(form.title)
        if initial is None or len(name) < MIN_PROJECT_NAME:
            continue
        named: list[tuple[str, Claim, Claim | None]] = []  # (item, its 年初预算 claim, its 决算 claim)
        for item, claims in items.items():
            if common_run(name, _item_text(claims)) < MIN_COMMON:
                continue
            budget = next((c for c in claims if c.metric == "budget" and c.value is not None), None)
            final = next((c for c in claims if c.metric == "final" and c.value is not None), None)
            if budget is not None:
                named.append((item, budget, final))
        whole = [
            x
            for x in named
            if executed is not None
            and x[2] is not None
            and x[2].value is not None
            and x[2].value.in_yuan() == executed.in_yuan()  # fmt: skip
        ]
        if len(whole) == 1:
            _, budget, final = whole[0]
            equal = True
        elif len(named) == 1:
            _, budget, final = named[0]
            equal = False
        else:
            continue
        assert budget.value is not None
        form_side = side(
            f"{table_name(form)}“{total.label}”行“{initial_col}”栏", ref(form, total, initial_col)
        )
        said = claim_source(budget)
        item_words = f"{said.where}“{budget.item}”" if budget.item else said.where
        comp = compare(initial, [(budget.value, 1)], initial.unit)
        diff = comp.difference
        places = max(initial.decimals, budget.value.decimals, 2)
        evidence = [ref(form, total, initial_col).evidence(), claim_evidence(budget)]
        if final is not None:
            evidence.append(claim_evidence(final))
        relation = (
            f"该科目支出决算{final.text}即本项目全年执行数，二者应相等" if equal and final is not None else
            "本项目只是该科目的一部分，项目年初预算不应大于科目年初预算"
        )  # fmt: skip
        lead = (
            f"{form_side.text}为{format_amount(initial)}{initial.unit}，而{item_words}称年初预算{budget.text}"
            f"（原文：“{quote(budget)}”）；{relation}，"
        )
        tail = f"相差{fmt_amount(abs(diff), places)}{initial.unit}。"
        plan.judgements.append(
            _comparison_check(N_PERF_INITIAL, form, comp, places, (lead, tail), evidence, not equal)
        )
    return plan


def _comparison_check(
    rule: RuleSpec,
    table: Table,
    comp: Comparison,
    places: int,
    message: tuple[str, str],
    evidence: list[Evidence],
    bound: bool,
) -> FormCheck:
    """actual = expected, or (`bound`) actual ≤ expected, within the comparison's tolerance;
    `message` is its lead and its 相差 clause, the 尾差 wording goes between them."""
    excess = max(comp.difference, Decimal(0)) if bound else abs(comp.difference)
    residue = "超出部分在印刷精度之内（尾差）" if bound else "差额在印刷精度之内（尾差）"
    lead, tail = message
    return FormCheck(
        rule,
        KIND_BOUND if bound else KIND_CHECK,
        (comp.actual, comp.expected, comp.tolerance),
        comp.scale,
        message=lead + tail,
        rounding_message=f"{lead}{residue}：{tail}",
        expected=fmt_amount(comp.expected, places),
        actual=fmt_amount(comp.actual, places),
        difference=fmt_amount(excess, places),
        tolerance=fmt_tolerance(comp.tolerance, places),
        evidence=evidence,
        table=table.id,
    )


_FORM_COUNT = re.compile(r"[^。；]*绩效自评[^。；]*?\d+个[^。；]*")


def _count_sentence(d: Disclosure) -> tuple[str, Evidence] | None:
    """The 情况说明 sentence stating how many projects were self-evaluated, with its evidence."""
    for p in d.paragraphs:
        m = _FORM_COUNT.search(clean(p.text))
        if m:
            return m.group(0), text_evidence(m.group(0), p.loc)
    return None


@rule(
    "PERF-DUPLICATE-FORM",
    title="同一项目只填报一张绩效自评表",
    severity="info",
    family="performance",
    tables=("P",),
    needs="各项目支出绩效自评表的“项目名称”栏（未印该栏时取表题中的项目名称）",
    rationale="一个项目一张自评表；同名项目出现两张自评表（如按资金批次分列），应合并或在说明中解释，"
    "否则项目个数、涉及资金和得分口径不清。套用同一模板标题的表（如“项目支出绩效目标申报表”）"
    "只有“项目名称”栏相同时才是同一项目。",
    fires="两张自评表“项目名称”栏均为“城乡居民医疗保险补助”（1920万元、192万元）。",
    silent="三张标题同为“项目支出绩效目标申报表”的表，“项目名称”栏分别为“办公设备购置”“离休人员医疗费”“大病保险”。",
)
def PERF_DUPLICATE_FORM(d: Disclosure) -> JudgementPlan:
    """PERF-DUPLICATE-FORM: two 项目支出 forms of one project — the same 项目名称 row (the project
    named by the title only for forms that print no such row: a shared template title such as
    “项目支出绩效目标申报表” says nothing about the project)."""
    plan = JudgementPlan()
    by_name: dict[str, list[Table]] = {}
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if tid.startswith("P") and not has_source_columns(form) and form.rows:
            name = normalise_label(form.subject) if form.subject else project_name(form.title)
            by_name.setdefault(name, []).append(form)
    for name, forms in by_name.items():
        if len(forms) < 2 or not name:
            continue
        totals = [f.row(PROJECT_TOTAL) for f in forms]
        shown = "、".join(
            f"{f.id}"
            + (
                f"（全年预算数{_text(r, BUDGET_COLUMN)}万元）"
                if r is not None and _text(r, BUDGET_COLUMN)
                else ""
            )
            for f, r in zip(forms, totals, strict=True)
        )
        count = _count_sentence(d)
        said = f"，而情况说明称“{count[0]}”" if count else ""
        plan.judgements.append(
            _require(
                PERF_DUPLICATE_FORM,
                forms[0],
                False,
                f"项目“{name}”填报了{len(forms)}张绩效自评表：{shown}{said}；同一项目应合并为一张自评表，"
                "或说明分列的原因（如资金批次不同）。",
                [table_evidence(f) for f in forms] + ([count[1]] if count else []),
                expected="1",
                actual=str(len(forms)),
            )
        )
    return plan


@rule(
    "N-PROJECT-ITEMS",
    title="一个项目的资金在情况说明中只归入一个科目",
    severity="warning",
    family="narrative",
    tables=("P",),
    needs="项目支出绩效自评表的项目名称；情况说明逐项（类/款/项）解释支出决算的条目",
    rationale="填报了绩效自评表的项目，其资金在支出决算中应归入一个项级科目；情况说明在两个不同科目的条目下"
    "都写到该项目（如一处称“年初专项预留”，另一处称“年中追加”），资金来源与科目的说法互相矛盾，"
    "无法判断决算表中该项目的数列在哪里。",
    fires="离休老干部医疗费：五第8项（2101199）称“年中新增的100万为年初专项预留的离休老干部医药费补助资金”，"
    "第13项（2101599）称“年中追加了……离休老干部医疗费”。",
    silent="项目只在一个科目条目下出现。",
)
def N_PROJECT_ITEMS(d: Disclosure) -> JudgementPlan:
    """N-PROJECT-ITEMS: a project form's project named under two 项 items of the 情况说明."""
    plan = JudgementPlan()
    items: dict[str, list[Claim]] = {}
    for c in d.claims:
        if c.item and any(r.table in ("03", "05") for r in c.refs):
            items.setdefault(c.item, []).append(c)
    if len(items) < 2:
        return plan
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P") or has_source_columns(form) or form.row(PROJECT_TOTAL) is None:
            continue
        name = project_name(form.title)
        if len(name) < MIN_PROJECT_NAME:
            continue
        named = [
            (item, claims)
            for item, claims in items.items()
            if common_run(name, _item_text(claims)) >= MIN_COMMON
        ]
        if len(named) < 2:
            continue
        said = "；".join(f"“{item}”：“{quote(claims[0])}”" for item, claims in named[:3])
        evidence = [table_evidence(form)] + [claim_evidence(claims[0]) for _, claims in named]
        plan.judgements.append(
            _require(
                N_PROJECT_ITEMS,
                form,
                False,
                f"{table_name(form)}的项目“{name}”在情况说明中出现在{len(named)}个科目条目下（{said}）；"
                "一个项目的资金应归入一个科目，请核实该项目资金列在哪个科目，并统一说明资金来源。",
                evidence,
                expected="1",
                actual=str(len(named)),
            )
        )
    return plan


_JOINED = re.compile(r"[和及与、]")


@rule(
    "N-PERF-INDICATOR",
    title="项目自评表的指标不应属于情况说明中与该项目并列的另一事项",
    severity="info",
    family="narrative",
    tables=("P",),
    needs="项目支出绩效自评表的项目名称与指标名称；情况说明中把该项目与其他事项并列的句子（“A和B”）",
    rationale="情况说明把项目A与事项B并列（“离休老干部医疗费和县级领导体检费”），说明二者是两笔资金；"
    "A的自评表却以B为指标（“县级领导体检人数”），说明自评的资金混入了B，指标与项目不符。",
    fires="离休老干部医疗费补助项目自评表“指标2：县级领导体检人数”，情况说明“离休老干部医疗费和2022年县级领导体检费”。",
    silent="自评表的指标都属于该项目。",
)
def N_PERF_INDICATOR(d: Disclosure) -> JudgementPlan:
    """N-PERF-INDICATOR: an indicator of a project form naming what the narrative lists beside it."""
    plan = JudgementPlan()
    forms = [
        t
        for tid, t in sorted(d.tables.items())
        if tid.startswith("P") and not has_source_columns(t) and t.indicators
    ]
    reported: set[tuple[str, str]] = set()
    for p in d.paragraphs if forms else ():
        text = clean(p.text)
        for sentence in re.split(r"(?<=[。；])", text):
            raw = _JOINED.split(sentence)
            if len(raw) < 2:
                continue
            # the words joined by 和/及/与/、: what stands right before and right after each joiner
            heads = [re.split(r"[，,。；：:]", x)[-1] for x in raw]
            tails = [re.split(r"[，,。；：:]", x)[0] for x in raw]
            for form in forms:
                name = project_name(form.title)
                own = [
                    k
                    for k in range(len(raw))
                    if common_run(name, heads[k]) >= MIN_COMMON or common_run(name, tails[k]) >= MIN_COMMON
                ]
                if len(name) < MIN_PROJECT_NAME or not own:
                    continue
                for k, piece in ((own[0] - 1, heads), (own[0] + 1, tails)):
                    if k < 0 or k >= len(raw) or k in own:
                        continue
                    other = _thing(piece[k])
                    for r in _indicator_rows(form):
                        if (form.id, r.key) in reported or common_run(r.label, other) < MIN_COMMON:
                            continue
                        reported.add((form.id, r.key))
                        plan.judgements.append(
                            _require(
                                N_PERF_INDICATOR,
                                form,
                                False,
                                f"{table_name(form)}{_name(r)}一项，属于情况说明中与本项目并列的另一事项“{other}”"
                                f"（原文：“{sentence.rstrip('。；')[:90]}”）：自评的资金或指标混入了另一事项，请核实。",
                                [_label_evidence(form, r)]
                                + _ev(form, r, *_targets(r), ind.ACTUAL)
                                + [text_evidence(sentence, p.loc)],
                                expected=name,
                                actual=r.label,
                            )
                        )
    return plan


def _label_evidence(table: Table, r: Row) -> Evidence:
    """The indicator's name as printed, where it stands."""
    return text_evidence(r.label, r.loc, table.id, r.key, "指标")


def _thing(part: str) -> str:
    """The thing a listed part names: “2022年县级领导体检费项目经费未支出” → 2022年县级领导体检费."""
    m = re.match(r".*?费", part)
    return m.group(0) if m else part
