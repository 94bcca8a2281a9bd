"""The 情况说明's 绩效 results against the 绩效自评表 they summarise: N-PERF-FORM."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ingest.model import Cell, Claim, Disclosure, Table
from rules.catalog import rule
from rules.claim_checks import NARRATIVE, amount_places, claim_evidence, identity_check, quote, section_words
from rules.findings import NotEvaluated
from rules.forms import PROJECT_TOTAL, WHOLE_TOTAL, project_name
from rules.identities.declarations import CLAIM_ROUNDING_TEMPLATE, CLAIM_TEMPLATE
from rules.judgements import JudgementPlan
from rules.narrative.facts import Facts, narrative_plan
from rules.tolerance import UnitMismatch, compare
from rules.wording import fmt_amount, fmt_tolerance, places_of, table_name


@rule(
    "N-PERF-FORM",
    title="情况说明中的绩效自评结果（全年预算数、执行数、执行率、涉及资金）＝绩效自评表",
    severity="error",
    family="narrative",
    tables=("narrative", "P"),
    rationale=(
        "预算绩效情况说明中的部门整体支出、各项目的全年预算数、全年执行数和执行率（完成预算的百分比）是对所附"
        "绩效自评表的概述，应与表中“金额合计”（部门整体支出表；总额与财政拨款不一致时取与所述数相近者）或"
        "“年度资金总额”（项目支出表）一致；“涉及资金X万元”应等于各项目支出表全年预算数之和（同一项目分两张表"
        "时也相加）。项目按名称与表名的字符重合度对应到表，重合度不足或两表难分高下时不核对，报告为“未评估”；"
        "绩效表未解析时同样报告为“未评估”。按两个数各自的打印精度比较。"
    ),
    fires="说明称部门整体支出全年预算数201.56万元，部门整体支出绩效自评表“金额合计”全年预算数（财政拨款）为200.93万元。",
    silent="说明称离休干部医药费项目全年执行数100万元，县级离休老干部医疗费补助项目绩效自评表年度资金总额全年执行数为100万元。",
    template=CLAIM_TEMPLATE,
    rounding_template=CLAIM_ROUNDING_TEMPLATE,
    needs="情况说明预算绩效部分的全年预算数、执行数、执行率、涉及资金；绩效自评表（P表）“金额合计”“年度资金总额”行",
)
def N_PERF_FORM(d: Disclosure) -> JudgementPlan:
    """N-PERF-FORM: `perf_form_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, perf_form_checks)


# The words just before a 绩效 figure → the form's measure it restates.
_PERF_MEASURE = re.compile(
    r"(?P<word>全年预算数|预算数|全年执行数|执行数|预算执行率|执行率|完成预算的|完成率)(?:为|是|达到|达)?$"
)
_PERF_INVOLVED = re.compile(r"涉及(?:预算)?资金(?:为|共|合计)?$")
_PERF_NAME_END = re.compile(r"(?:全年)?(?:预算数|执行数)")
_PERF_NAME_NOISE = re.compile(r"(?:项目)?(?:支出)?(?:绩效)?(?:自评)?(?:综述|情况|结果)?[：:，,。]*$")
_PERF_NAME_LEAD = re.compile(r"^(?:\d{1,2}(?:、|[.．](?!\d))|（[一二三四五六七八九十\d]{1,3}）)")
# A project named in the 情况说明 is tied to the 项目支出 form whose project shares at least this
# share of its characters, and beats the next best form by PERF_NAME_MARGIN.
PERF_NAME_OVERLAP = Decimal("0.6")
PERF_NAME_MARGIN = Decimal("0.2")


def _measure(word: str) -> str:
    if "率" in word or "完成" in word:
        return "执行率"
    return "全年执行数" if "执行数" in word else "全年预算数"


def claimed_project(sentence: str) -> str:
    """The project a 绩效 sentence is about: its words before the first 预算数/执行数, without the
    enumerator and 项目绩效自评综述 (“1.离休干部医药费项目绩效自评综述：全年预算数…” → 离休干部医药费)."""
    m = _PERF_NAME_END.search(sentence)
    head = sentence[: m.start()] if m else ""
    head = _PERF_NAME_LEAD.sub("", head)
    return _PERF_NAME_NOISE.sub("", head)


def name_overlap(said: str, name: str) -> Decimal:
    """Share of the characters of `said` that `name` also has (counted with multiplicity)."""
    if not said:
        return Decimal(0)
    pool = list(name)
    hits = 0
    for ch in said:
        if ch in pool:
            pool.remove(ch)
            hits += 1
    return Decimal(hits) / Decimal(len(said))


def _perf_forms(d: Disclosure) -> tuple[list[Table], list[Table]]:
    """(部门整体支出 forms, 项目支出 forms) among the parsed P tables."""
    whole: list[Table] = []
    project: list[Table] = []
    for tid, tb in sorted(d.tables.items()):
        if not tid.startswith("P") or tb.empty:
            continue
        if any(c.startswith("全年执行数/") for c in tb.columns):
            whole.append(tb)
        elif tb.row(PROJECT_TOTAL) is not None:
            project.append(tb)
    return whole, project


def _form_cells(form: Table, measure: str) -> list[Cell]:
    """The printed cells of a form's total row that a measure may restate."""
    if any(c.startswith("全年执行数/") for c in form.columns):
        row = form.row(WHOLE_TOTAL)
        columns = [measure] if measure == "执行率" else [f"{measure}/总额", f"{measure}/财政拨款"]
    else:
        row = form.row(PROJECT_TOTAL)
        columns = [measure]
    if row is None:
        return []
    cells = [row.cells.get(c) for c in columns]
    return [c for c in cells if c is not None and c.amount is not None]


def _perf_not_evaluated(plan: JudgementPlan, c: Claim, why: str) -> None:
    plan.not_evaluated.append(
        NotEvaluated(N_PERF_FORM.id, f"{section_words(c)}“{c.text}”：{why}。原文：“{quote(c)}”", NARRATIVE)
    )


def _perf_compare(plan: JudgementPlan, c: Claim, subject: str, cells: Sequence[Cell], form: Table) -> None:
    """The claim against one form cell (the nearest of `cells`) or the sum of `cells` (`subject`
    ends with 之和), worded like the other N-* checks."""
    assert c.value is not None
    unit = c.value.unit
    try:
        if subject.endswith("之和"):
            comp = compare(c.value, [(x.amount, 1) for x in cells if x.amount is not None], unit)
            chosen = list(cells)
        else:
            options = [(compare(c.value, [(x.amount, 1)], unit), x) for x in cells if x.amount is not None]
            comp, cell = min(options, key=lambda o: abs(o[0].difference))
            chosen = [cell]
    except UnitMismatch:
        return
    if subject.endswith("之和"):
        where = "＋".join(f"“{x.table}”表“{x.row}”行“{x.column}”栏" for x in chosen)
        where = f"各项目支出绩效自评表“{PROJECT_TOTAL}”行“全年预算数”栏之和（{where}）"
        subject = subject.removesuffix("之和")
    else:
        x = chosen[0]
        where = f"{table_name(form)}“{x.row}”行“{x.column}”栏"
    places = (
        amount_places(comp.actual, comp.expected) if unit != "%" else places_of([comp.actual, comp.expected])
    )
    fields = {
        "where": section_words(c),
        "subject": subject,
        "value": fmt_amount(comp.actual, places),
        "unit": unit,
        "cell": where,
        "table_value": f"为{fmt_amount(comp.expected, places)}{unit}",
        "difference": fmt_amount(abs(comp.difference), places),
        "tolerance": fmt_tolerance(comp.tolerance, places),
        "quote": quote(c),
    }
    message = N_PERF_FORM.template.format(**fields)
    rounding = N_PERF_FORM.rounding_template.format(**fields)
    plan.judgements.append(
        identity_check(
            N_PERF_FORM,
            comp,
            places,
            message=message,
            rounding_message=rounding,
            evidence=[claim_evidence(c)] + [x.evidence() for x in chosen],
        )
    )


def perf_form_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-PERF-FORM: the 绩效 section's 全年预算数 / 执行数 / 执行率 against the form they summarise;
    “涉及资金” against the sum of the 项目支出 forms."""
    whole, projects = _perf_forms(facts.d)
    unread: list[Claim] = []
    for c in facts.claims:
        if c.scope != "performance" or c.value is None or c.kind not in ("amount", "completion", "rate"):
            continue
        prefix = c.sentence[: c.start]
        if c.kind == "amount" and _PERF_INVOLVED.search(prefix) and "项目" in c.sentence:
            if not projects:
                unread.append(c)
                continue
            cells = [x for f in projects for x in _form_cells(f, "全年预算数")]
            if cells:
                _perf_compare(plan, c, "涉及资金之和", cells, projects[0])
            continue
        m = _PERF_MEASURE.search(prefix)
        if m is None or (c.kind == "amount" and c.value.unit not in ("万元", "元")):
            continue
        measure = _measure(m.group("word"))
        if "整体支出" in c.sentence[: m.start()] or ("整体支出" in c.section and "项目" not in c.section):
            if not whole:
                if _p_ids(facts.d):
                    _perf_not_evaluated(plan, c, "未读取到部门整体支出绩效自评表，无法核对")
                else:
                    unread.append(c)
                continue
            cells = _form_cells(whole[0], measure)
            if cells:
                _perf_compare(plan, c, f"部门整体支出{measure}", cells, whole[0])
            continue
        said = claimed_project(c.sentence)
        if len(said) < 2:
            continue
        if not projects:
            if _p_ids(facts.d):
                _perf_not_evaluated(plan, c, f"未读取到“{said}”的项目支出绩效自评表，无法核对")
            else:
                unread.append(c)
            continue
        scored = sorted(
            ((name_overlap(said, project_name(f.title)), f) for f in projects), key=lambda x: -x[0]
        )
        best, form = scored[0]
        runner = scored[1][0] if len(scored) > 1 else Decimal(0)
        if best < PERF_NAME_OVERLAP or best - runner < PERF_NAME_MARGIN:
            _perf_not_evaluated(
                plan, c, f"无法可靠对应到项目支出绩效自评表（“{said}”与各表表名的字符重合度不足），未核对"
            )
            continue
        cells = _form_cells(form, measure)
        if cells:
            _perf_compare(plan, c, f"“{said}”{measure}", cells, form)
    if unread:
        first = unread[0]
        _perf_not_evaluated(
            plan, first, f"绩效表未解析，无法核对“{N_PERF_FORM.title}”（共{len(unread)}个数）"
        )


def _p_ids(d: Disclosure) -> set[str]:
    return {tid for tid in d.tables if tid.startswith("P")}
