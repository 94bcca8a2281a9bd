"""What a 绩效 form states about its own money, against the money block of the same form.

- PERF-FUND-LEVEL: a project whose name gives its money a level of government (“中央补助资金”,
  “市级补助”, “县财政配套资金”, “（中央）”) while the form prints that level's row as 0 and the money
  under another level (warning: the form contradicts itself);
- PERF-PROCUREMENT: a whole-department form whose “政府采购执行率” is 0 % (no procurement) while the
  情况说明 or 公开10表 reports procurement spending (warning);
- PERF-INDICATOR-YEAR: an indicator named after another year than the document's (info);
- PERF-BASIS-YEAR: a form's 立项依据 / 年度目标 / analysis citing a year's own document (“《关于做好2021年
  城乡居民基本医疗保障工作的通知》”) of another year than the form's (info);
- PERF-ADJUST-RATE: an indicator “预算调整率” whose 实际完成值 cannot be (全年预算数 − 年初预算数) ÷
  年初预算数 of the form's total row (金额合计 / 年度资金总额), whatever the true values inside each
  printed figure's rounding. Info: the 部门整体支出 framework leaves out adjustments made to carry out
  national policy or tasks assigned by the superior or the 党委政府 during the year, so a lower stated
  rate may be right when the form explains it; the finding asks to verify.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest import indicators as ind
from ingest.model import Amount, Disclosure, Evidence, Row, Table
from ingest.schema import normalise_label
from rules.catalog import rule
from rules.claim_checks import claim_evidence, quote
from rules.forms import has_money, printed
from rules.judgements import JudgementPlan, Requirement, Threshold, ref, text_evidence
from rules.outcomes import KIND_BOUND
from rules.tolerance import half_ulp
from rules.wording import fmt_amount, table_name

TOTAL_ROWS = ("金额合计", "年度资金总额")
INITIAL = "年初预算数"
BUDGETS = ("全年预算数", "全年预算数/总额")
HUNDRED = Decimal(100)


def _money(total: Row, column: str) -> Amount | None:
    cell = total.cells.get(column)
    return cell.amount if cell is not None and cell.amount is not None else None


def _rate_limits(initial: Amount, budget: Amount, stated: Amount) -> list[tuple[Decimal, Decimal]]:
    """The stated rate's interval [s − h, s + h] meets the range of (budget − initial) ÷ initial × 100
    over the printed values' rounding: two bounds ``lhs ≤ rhs``, exact (each multiplied by the positive
    initial it divides by) — the range's low end ≤ s + h, and s − h ≤ its high end. The initial's
    rounding interval lies above 0 (the caller's gate)."""
    ha, hb, hs = half_ulp(initial.decimals), half_ulp(budget.decimals), half_ulp(stated.decimals)
    low_a, high_a = initial.value - ha, initial.value + ha
    return [
        ((budget.value - hb - high_a) * HUNDRED, (stated.value + hs) * high_a),
        ((stated.value - hs) * low_a, (budget.value + hb - low_a) * HUNDRED),
    ]


def _adjust_rows(table: Table) -> list[Row]:
    return [r for r in table.indicators if r.role == "indicator" and "预算调整率" in r.label]


@rule(
    "PERF-ADJUST-RATE",
    title="绩效自评表所填预算调整率与同表年初预算数、全年预算数相符",
    severity="info",
    family="performance",
    tables=("P",),
    needs="绩效自评表“金额合计”或“年度资金总额”行的年初预算数、全年预算数；指标“预算调整率”的实际完成值",
    rationale="预算调整率＝预算调整数÷年初预算数；同一张表的年初预算数与全年预算数已给出调整的金额，所填调整率"
    "与之不符时，或者调整率填错（常见为照抄目标值0%），或者调整属于不计入的情形（落实国家政策、上级或本级"
    "临时交办等）而表中未说明，均应核实。",
    fires="金额合计年初预算数 800.00，全年预算数 1000.00（调整 25.00%），指标“预算调整率”实际完成值 0%。",
    silent="年初预算数 800.00，全年预算数 840.00，预算调整率 5%。",
    template="{table}“预算调整率”实际完成值为{actual}，按同表{where}计算为{expected}。",
)
def PERF_ADJUST_RATE(d: Disclosure) -> JudgementPlan:
    """PERF-ADJUST-RATE on every form that prints both budgets and the indicator."""
    out = JudgementPlan()
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P"):
            continue
        total = next((r for k in TOTAL_ROWS if (r := form.row(k)) is not None), None)
        if total is None:
            continue
        initial = _money(total, INITIAL)
        column = next((c for c in BUDGETS if _money(total, c) is not None), None)
        budget = _money(total, column) if column else None
        if initial is None or budget is None or initial.unit != budget.unit:
            continue
        if initial.value - half_ulp(initial.decimals) <= 0:
            continue  # the initial may be 0: no rate to compare
        for r in _adjust_rows(form):
            cell = r.cells.get(ind.ACTUAL)
            stated = cell.amount if cell is not None else None
            if stated is None or stated.unit != "%":
                continue
            limits = _rate_limits(initial, budget, stated)
            centre = (budget.value - initial.value) / initial.value * HUNDRED
            places = max(stated.decimals, 2)
            where = (
                f"“{total.key}”行（全年预算数{fmt_amount(budget.value, budget.decimals)}－年初预算数"
                f"{fmt_amount(initial.value, initial.decimals)}）÷年初预算数"
            )
            expected = f"{fmt_amount(centre, places)}%"
            message = (
                PERF_ADJUST_RATE.template.format(
                    table=table_name(form), actual=cell.text if cell else "", where=where, expected=expected
                )
                + "请核实调整率是否填错，或在偏差原因中说明不计入调整的情形（落实国家政策、上级或本级临时交办等）。"
            )
            evidence = [
                ref(form, r, ind.ACTUAL).evidence(),
                ref(form, total, INITIAL).evidence(),
                ref(form, total, column or BUDGETS[0]).evidence(),
            ]
            for lhs, rhs in limits:  # at most one of the two fails
                out.judgements.append(
                    Threshold(
                        PERF_ADJUST_RATE,
                        KIND_BOUND,
                        lhs,
                        rhs,
                        Decimal(0),
                        message,
                        evidence,
                        form.id,
                        expected=expected,
                        actual=cell.text if cell else "",
                    )
                )
    return out


# The level a project's name gives its money: a level word right before a money word, or in brackets.
_LEVEL_WORDS = (
    ("中央财政资金", re.compile(r"中央(?:财政)?(?:补助|转移支付|专项|资金|直达)|[（(]中央[）)]")),
    ("省级财政资金", re.compile(r"省(?:级)?(?:财政)?(?:补助|转移支付|专项|配套|资金)|[（(]省级?[）)]")),
    (
        "市县财政资金",
        re.compile(
            r"(?:市|县|区|市县|县区)(?:级|本级)?(?:财政)?(?:补助|配套|专项|资金)|[（(](?:市|县|区)级?[）)]"
        ),
    ),
)
LEVEL_ROWS = tuple(level for level, _ in _LEVEL_WORDS)


def named_level(name: str) -> str | None:
    """The level row a project name points to (“城乡医疗救助中央补助资金” → 中央财政资金); None when the
    name names no level or more than one."""
    found = {level for level, pattern in _LEVEL_WORDS if pattern.search(name)}
    if len(found) != 1:
        return None
    # another level named anywhere (“中央和省级补助资金”): the name gives no single level
    loose = {"中央财政资金"} if "中央" in name else set()
    loose |= {"省级财政资金"} if "省级" in name or "省财政" in name else set()
    return found.pop() if not loose - found else None


@rule(
    "PERF-FUND-LEVEL",
    title="项目名称所称资金级次（中央、省级、市县）与表中资金来源一致",
    severity="warning",
    family="performance",
    tables=("P",),
    needs="绩效目标表/自评表的“项目名称”（未印时取表题）；按级次分列的资金行（中央财政资金、省级财政资金、市县财政资金）",
    rationale="项目名称写明资金级次（“中央补助资金”“市级补助”“县财政配套资金”“（中央）”），表中该级次的资金行却为0，"
    "全部资金列在另一级次下，资金来源与项目自身的名称互相矛盾：或来源填错，或项目名称不实，转移支付的"
    "统计和绩效责任随之错位。",
    fires="项目名称“农村饮水安全中央补助资金”，中央财政资金0，省级财政资金 3,200,000。",
    silent="项目名称“农村饮水安全县级配套资金”，市县财政资金 800,000，其余级次为0。",
    template="{table}项目名称“{name}”称{level}资金，但{rows}；资金来源与项目名称不符。",
)
def PERF_FUND_LEVEL(d: Disclosure) -> JudgementPlan:
    """PERF-FUND-LEVEL on every form that breaks its money down by level of government."""
    out = JudgementPlan()
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P") or not any(form.row(level) is not None for level in LEVEL_ROWS):
            continue
        name = form.subject or form.title
        level = named_level(name)
        total = form.row("年度资金总额")
        if level is None or total is None:
            continue
        column = next((c for c in form.columns if has_money(total, c)), None)
        if column is None:
            continue
        own = form.row(level)
        others = [
            r for lv in LEVEL_ROWS if lv != level and (r := form.row(lv)) is not None and has_money(r, column)
        ]
        ok = has_money(own, column) or not others
        rows = f"“{column}”栏{level}{printed(own, column)}，" + "，".join(
            f"{r.key}{printed(r, column)}" for r in others
        )
        message = PERF_FUND_LEVEL.template.format(
            table=table_name(form), name=name, level=level.removesuffix("财政资金"), rows=rows
        )
        evidence = [ref(form, r, column).evidence() for r in ([own] if own is not None else []) + others]
        out.judgements.append(
            Requirement(
                PERF_FUND_LEVEL,
                ok,
                message,
                evidence,
                form.id,
                expected=level,
                actual="、".join(r.key for r in others),
            )
        )
    return out


def _procurement_said(d: Disclosure) -> tuple[str, Amount, list[Evidence]] | None:
    """The department's procurement spending as the document states it: the 情况说明's 政府采购支出
    总额, else 公开10表's 政府采购 合计 — (words, amount, evidence)."""
    for c in d.claims:
        if c.subject == "政府采购" and c.metric == "final" and c.value is not None and c.value.value > 0:
            return f"情况说明称“{quote(c)}”", c.value, [claim_evidence(c)]
    t10 = d.table("10")
    if t10 is not None:
        for r in t10.rows:
            if r.key.startswith("政府采购") and r.key.endswith("合计"):
                for column, cell in r.cells.items():
                    if cell.amount is not None and cell.amount.value > 0:
                        said = f"{table_name(t10)}政府采购合计为{cell.text}{cell.amount.unit}"
                        return said, cell.amount, [ref(t10, r, column).evidence()]
    return None


@rule(
    "PERF-PROCUREMENT",
    title="部门整体支出绩效自评表的政府采购执行情况与情况说明、公开10表的政府采购支出一致",
    severity="warning",
    family="performance",
    tables=("P", "narrative", "10"),
    needs="部门整体支出绩效自评表指标“政府采购执行率”的实际完成值；情况说明“政府采购支出总额”或公开10表政府采购合计",
    rationale="部门整体自评表代表全部门：“政府采购执行率”实际完成值0%（常附“本年无政府采购”）即本年未执行政府采购，"
    "而情况说明或10表报告了政府采购支出，两处说法互相矛盾，自评得分或采购数据至少一处有误。",
    fires="整体自评表“政府采购执行率”实际完成值0%，情况说明“政府采购支出总额8.40万元，其中政府采购货物支出8.40万元”。",
    silent="整体自评表“政府采购执行率”实际完成值100%，情况说明政府采购支出总额8.40万元。",
    template="{table}指标“{label}”实际完成值为{actual}（即本年未执行政府采购），而{said}；二者不符。",
)
def PERF_PROCUREMENT(d: Disclosure) -> JudgementPlan:
    """PERF-PROCUREMENT on the whole-department forms."""
    out = JudgementPlan()
    said: tuple[str, Amount, list[Evidence]] | None | bool = False
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P") or not (form.row("金额合计") is not None or "整体" in form.title):
            continue
        for r in form.indicators:
            if r.role != "indicator" or "政府采购" not in r.label or "率" not in r.label:
                continue
            cell = r.cells.get(ind.ACTUAL)
            if cell is None or cell.amount is None or cell.amount.unit != "%" or cell.amount.value != 0:
                continue
            if said is False:
                said = _procurement_said(d)
            if not said:
                continue
            words, _, evidence = said
            message = PERF_PROCUREMENT.template.format(
                table=table_name(form), label=normalise_label(r.label), actual=cell.text, said=words
            )
            out.judgements.append(
                Requirement(
                    PERF_PROCUREMENT,
                    False,
                    message,
                    [ref(form, r, ind.ACTUAL).evidence(), *evidence],
                    form.id,
                    expected=words,
                    actual=cell.text,
                )
            )
    return out


_YEAR = re.compile(r"(?<!\d)(20\d\d)年")


@rule(
    "PERF-INDICATOR-YEAR",
    title="绩效指标名称中的年度与表格年度一致",
    severity="info",
    family="performance",
    tables=("P",),
    needs="绩效自评表/绩效目标表的指标名称（三级指标）；文件年度",
    rationale="指标名称写明年度（“2022年单位人数”），而表格属于另一年度，多为沿用上年表格未改，指标值和完成值的"
    "口径随之存疑，请核实。",
    fires="2024年度项目绩效目标表，数量指标“2023年服务对象人数”。",
    silent="2024年度项目绩效目标表，数量指标“2024年服务对象人数”。",
    template="{table}指标“{label}”写明{said}年，而本表属{year}年度。",
)
def PERF_INDICATOR_YEAR(d: Disclosure) -> JudgementPlan:
    """PERF-INDICATOR-YEAR on every form of a document whose year is known."""
    out = JudgementPlan()
    if not d.year:
        return out
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P"):
            continue
        for r in form.indicators:
            if r.role != "indicator":
                continue
            label = normalise_label(r.label)
            years = {int(y) for y in _YEAR.findall(label)}
            other = sorted(y for y in years if y != d.year)
            if not other:
                continue
            message = PERF_INDICATOR_YEAR.template.format(
                table=table_name(form), label=label, said="、".join(map(str, other)), year=d.year
            )
            out.judgements.append(
                Requirement(
                    PERF_INDICATOR_YEAR,
                    False,
                    message + "请核实是否沿用了其他年度的指标。",
                    [text_evidence(r.label, r.loc, form.id, r.key, "指标")],
                    form.id,
                    expected=str(d.year),
                    actual=str(other[0]),
                )
            )
    return out


_TITLE = re.compile(r"《([^《》]{4,80})》")
_RANGE = re.compile(r"20\d\d\s*[-—–~～至到]+\s*20\d\d")


def _cited_years(title: str) -> set[int]:
    """The years a cited title is about (“做好2021年…”), none for a plan over a range of years."""
    if _RANGE.search(title) or "以来" in title:
        return set()
    return {int(y) for y in _YEAR.findall(title)}


@rule(
    "PERF-BASIS-YEAR",
    title="绩效表引用的年度文件（立项依据、年度目标）属于本表年度",
    severity="info",
    family="performance",
    tables=("P",),
    needs="绩效自评表/绩效目标表中引用文件的文字（《…》书名）；文件年度",
    rationale="“关于做好某年……工作的通知”一类年度文件只管当年。本年的表格仍以其他年度的年度文件为立项依据或目标依据，"
    "多为沿用旧表未改，目标、标准和资金分担比例可能已变，请核实。跨年度的规划（“2021—2025年”）和预算表"
    "引用上一年度（编制预算时）下发的文件不在此列。",
    fires="2023年度项目支出绩效自评表：“按照《关于做好2021年城乡居民医疗救助工作的通知》要求……”。",
    silent="2023年度项目支出绩效自评表：“按照《关于做好2023年城乡居民医疗救助工作的通知》要求……”。",
    template="{table}{where}引用《{title}》，为{said}年的年度文件，而本表属{year}年度。",
)
def PERF_BASIS_YEAR(d: Disclosure) -> JudgementPlan:
    """PERF-BASIS-YEAR: one finding per form, on its first citation of another year's document."""
    out = JudgementPlan()
    if not d.year:
        return out
    # a budget is drawn up in the year before: that year's documents are its own basis
    allowed = {d.year, d.year - 1} if d.kind == "budget" else {d.year}
    for tid in sorted(d.tables):
        form = d.tables[tid]
        if not tid.startswith("P"):
            continue
        hit = next(
            (
                (note, m.group(1), other)
                for note in form.notes
                for m in _TITLE.finditer(note.text)
                if (years := _cited_years(m.group(1))) and not years & allowed
                and (other := sorted(years))
            ),
            None,
        )  # fmt: skip
        if hit is None:
            continue
        note, title, other = hit
        message = PERF_BASIS_YEAR.template.format(
            table=table_name(form),
            where=f"“{note.row}”" if note.row and note.row != "说明" else "",
            title=title,
            said="、".join(map(str, other)),
            year=d.year,
        )
        out.judgements.append(
            Requirement(
                PERF_BASIS_YEAR,
                False,
                message + "请核实是否沿用了其他年度的依据。",
                [text_evidence(note.text, note.loc, form.id, note.row, note.column)],
                form.id,
                expected=str(d.year),
                actual=str(other[0]),
            )
        )
    return out
