"""Completeness by count: the number of projects the 情况说明 says were self-evaluated (or whose
forms it says are published with the 决算) against the 项目支出绩效自评表 the document carries.

- N-FORM-COUNT: “对3个项目开展绩效自评”, “二级项目绩效自评个数1个”, “9个项目支出绩效自评中” —
  the document carries project forms of a different number of projects. Forms are counted by
  project (their 项目名称 row, else the project named by the title), so two forms of one project
  count once (PERF-DUPLICATE-FORM speaks of those). More projects' forms than the stated count, or
  fewer while the sentence says the forms are published (随决算公开 / 附后 / 见附件), is a warning;
  fewer or none otherwise is info (a unit may self-evaluate more projects than it publishes).
  When the reader saw forms it could not read (printed as text without cell positions: its quality
  record counts them), fewer forms read than stated is no fact about the document: not evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ingest.model import Amount, Disclosure, Location, Table
from ingest.numbers import clean
from ingest.schema import normalise_label
from rules.catalog import RuleSpec, rule
from rules.findings import NotEvaluated
from rules.forms import PROJECT_TOTAL, WHOLE_TOTAL, has_source_columns, project_name
from rules.judgements import JudgementPlan, Threshold, table_evidence, text_evidence
from rules.outcomes import KIND_CHECK
from rules.tolerance import Bounds, half_ulp, to_unit
from rules.wording import fmt_amount

_TARGET_COUNTS = (
    re.compile(r"(?:实行|实施|开展|纳入)(?:了)?绩效目标管理的(?:项目|二级项目)(?:共|共计|有)?(?P<n>\d+)个"),
    re.compile(r"(?P<n>\d+)个(?:二级)?项目(?:实行|实施|编制|设定|纳入)(?:了)?绩效目标"),
    re.compile(r"绩效目标(?:管理)?(?:的)?项目(?:共|共计|有)?(?P<n>\d+)个"),
)
_TARGET_PUBLISHED = re.compile(r"附后|见附件|详见附件|附表")

# “N个（二级）项目（支出）（开展/进行了）绩效自评”, “项目（支出）绩效自评（个数）N个”,
# “开展绩效自评的项目（共）N个”, “涵盖项目N个” (in a sentence about 自评).
_COUNTS = (
    re.compile(
        r"(?P<n>\d+)个(?:二级|一级|重点|预算)?项目(?:支出)?(?:开展|进行|实施)?(?:了)?(?:项目)?(?:支出)?绩效自评"
    ),
    re.compile(r"项目(?:支出)?绩效自评(?:个数|数量|项目数)?(?:为|共|共计)?(?P<n>\d+)个"),
    re.compile(r"(?:开展|进行|纳入)(?:了)?(?:项目(?:支出)?)?绩效自评的项目(?:共|共计|有)?(?P<n>\d+)个"),
    re.compile(r"(?:涵盖|覆盖|涉及)(?:项目|二级项目)(?:共)?(?P<n>\d+)个"),
)
_PUBLISHED = re.compile(r"随(?:部门|单位)?决算(?:一并)?公开|附后|见附件|详见附件|作为附件")
_OF_FORMS = re.compile(r"自评表")


@dataclass(frozen=True)
class Said:
    """A stated count of self-evaluated projects, with its sentence and whether it says the forms
    are published with the document."""

    count: int
    sentence: str
    loc: Location
    published: bool


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])", text) if s]


def stated_count(
    d: Disclosure, word: str = "自评", patterns: tuple[re.Pattern[str], ...] = _COUNTS
) -> Said | None:
    """The first sentence stating how many projects were self-evaluated (budget: are under
    绩效目标 management, `word` 绩效目标 and the budget patterns)."""
    for p in d.paragraphs:
        for s in _sentences(clean(p.text)):
            if word not in s:
                continue
            for pattern in patterns:
                m = pattern.search(s)
                if m is None:
                    continue
                published = bool(_PUBLISHED.search(s)) and bool(_OF_FORMS.search(s))
                return Said(int(m.group("n")), s, p.loc, published)
    return None


def forms_unread(d: Disclosure) -> bool:
    """The document prints 绩效 forms the reader could not read (as text lines without cell positions,
    or under a title whose grid was not parsed: the reader's quality record counts them), so the
    forms read are fewer than the forms printed."""
    q = d.quality.get("performance_forms") if isinstance(d.quality, dict) else None
    if not isinstance(q, dict):
        return False
    titles, parsed = q.get("titles", 0), q.get("parsed", 0)
    unread_titles = isinstance(titles, int) and isinstance(parsed, int) and titles > parsed
    return bool(q.get("as_text")) or unread_titles


def _unread(rule: RuleSpec, forms: str) -> NotEvaluated:
    """NotEvaluated for a count of forms when some printed forms could not be read: fewer forms read
    than the 情况说明 states proves nothing about the forms printed."""
    return NotEvaluated(
        rule.id,
        f"文件所印{forms}有部分未能读出（如无制表符的文本），所附表格个数无法核对“{rule.title}”。",
        "narrative",
    )


def _is_whole(t: Table) -> bool:
    return has_source_columns(t) or t.row(WHOLE_TOTAL) is not None or "整体" in t.title


def project_forms(d: Disclosure) -> dict[str, list[Table]]:
    """The 项目支出 forms by project (项目名称 row, else the title's project name)."""
    out: dict[str, list[Table]] = {}
    for tid in sorted(d.tables):
        t = d.tables[tid]
        if not tid.startswith("P") or _is_whole(t):
            continue
        if not t.subject and t.row(PROJECT_TOTAL) is None:
            continue
        name = normalise_label(t.subject) if t.subject else project_name(t.title)
        out.setdefault(name or t.title, []).append(t)
    return out


@rule(
    "N-FORM-COUNT",
    title="情况说明所称开展绩效自评（随决算公开自评表）的项目个数与所附项目支出绩效自评表一致",
    severity="warning",
    family="performance",
    tables=("narrative", "P"),
    needs="情况说明中“N个项目开展绩效自评”“项目绩效自评个数N个”“N个项目的自评表随决算公开”等句；"
    "文件所附项目支出绩效自评表（按“项目名称”计项目数）",
    rationale="说明所称的自评项目数是对所附自评表的概括：所附自评表涉及的项目多于所称个数，或说明称自评表随决算公开"
    "而所附少于所称个数，说明个数或所附表格有误、缺漏；只称开展了自评而所附较少或未附时，以 info 提示核实"
    "（部分地区只公开重点项目的自评表）。",
    fires="说明称“对2个项目开展绩效自评，自评表随决算公开”，文件附3个项目的自评表。",
    silent="说明称“对2个项目开展绩效自评”，文件附2个项目的自评表（其中一个项目分两张表仍计1个项目）。",
    template="情况说明称{said}（原文：“{text}”），而文件所附项目支出绩效自评表涉及{count}个项目{listed}。",
)
def N_FORM_COUNT(d: Disclosure) -> JudgementPlan:
    """N-FORM-COUNT for a 决算 whose 情况说明 states the number of self-evaluated projects."""
    out = JudgementPlan()
    if d.kind == "budget":
        return out
    said = stated_count(d)
    if said is None:
        return out
    forms = project_forms(d)
    count = len(forms)
    if count == said.count:
        out.judgements.append(_counted(N_FORM_COUNT, count, said.count))
        return out
    if count < said.count and forms_unread(d):
        out.not_evaluated.append(_unread(N_FORM_COUNT, "项目支出绩效自评表"))
        return out
    words = f"{said.count}个项目开展绩效自评" + ("、自评表随决算公开" if said.published else "")
    if forms:
        listed = "（" + "、".join(f"“{name}”" for name in forms) + "）"
        message = N_FORM_COUNT.template.format(said=words, text=said.sentence, count=count, listed=listed)
    else:
        message = f"情况说明称{words}（原文：“{said.sentence}”），而文件未附项目支出绩效自评表。"
    serious = count > said.count or said.published
    if not serious:
        # fewer, not said to be published
        message += f"请核实{'其余项目的' if forms else '各项目'}自评表是否应随决算公开。"
    out.judgements.append(_count_finding(N_FORM_COUNT, said, forms, count, message, serious))
    return out


BUDGET_PROJECT_TABLES = ("B12", "B13")


def table_project_rows(d: Disclosure) -> list[tuple[str, str, Amount]]:
    """(table id, project name, 合计) of the projects the budget's 项目支出预算表 (本年预算, 上年结转)
    list: rows that are not the unit or department rows printed above them — a row equal to the sum
    of the projects below it (a unit), or, right above unit rows, to the sum of those units (a
    department). Equal within the printed rounding: every row is rounded from its exact amount, so a
    unit row may differ from the sum of its printed projects by a 尾差."""
    out: list[tuple[str, str, Amount]] = []
    for tid in BUDGET_PROJECT_TABLES:
        t = d.table(tid)
        if t is None or t.empty:
            continue
        rows: list[tuple[str, str, Amount]] = []
        below: list[Amount] = []  # projects since the last unit row, from the bottom
        units: list[Amount] = []  # unit rows since the last department row
        for r in reversed(t.rows):
            cell = r.cells.get("合计")
            amount = cell.amount if cell is not None else None
            if amount is None:
                continue
            if _sums(amount, below):
                units.append(amount)
                below = []
                continue
            if not below and _sums(amount, units):
                units = [amount]
                continue
            rows.append((tid, normalise_label(r.label or r.key), amount))
            below.append(amount)
        out.extend(reversed(rows))
    return out


def _sums(total: Amount, parts: list[Amount]) -> bool:
    """`total` is the sum of `parts` (at least one) within the rounding of every printed figure."""
    if not parts:
        return False
    value = sum((p.value for p in parts), Decimal(0))
    radius = half_ulp(total.decimals) + sum((half_ulp(p.decimals) for p in parts), Decimal(0))
    return abs(total.value - value) <= radius


def table_projects(d: Disclosure) -> list[str]:
    """The project names of the budget's 项目支出预算表 (see `table_project_rows`)."""
    return [name for _, name, _ in table_project_rows(d)]


def _sum_wan(amounts: list[Amount]) -> Bounds | None:
    """Σ amounts in 万元 with the radius of their printed precision; None for an empty list."""
    if not amounts:
        return None
    parts = [to_unit(a, "万元") for a in amounts]
    return Bounds(sum((b.value for b in parts), Decimal(0)), sum((b.radius for b in parts), Decimal(0)))


def _form_money(forms: dict[str, list[Table]]) -> list[Amount]:
    """The 年度资金总额 of each target form (年度, else 实施期, else 全年预算数), first form of a project."""
    out: list[Amount] = []
    for tables in forms.values():
        total = tables[0].row(PROJECT_TOTAL)
        if total is None:
            return []
        cell = next((total.cells[c] for c in ("年度", "实施期", "全年预算数") if c in total.cells), None)
        if cell is None or cell.amount is None:
            return []
        out.append(cell.amount)
    return out


_INVOLVED = re.compile(r"涉及(?P<what>[^，。；\d]{0,16}?)(?P<v>\d[\d,]*(?:\.\d+)?)万元")
# What the sentence says the money covers, in its words before the figure: the year's projects only
# (“当年拨款”, “不含上年结转”) or the projects including those carried over (“含上年结转”).
_CURRENT_ONLY = re.compile(r"不含上年结转|当年(?:财政)?拨款|当年(?:项目)?(?:预算|安排)|本年(?:预算)?安排")
_WITH_CARRY = re.compile(r"(?<!不)(?:含|包括)上年结转")


def _target_said(d: Disclosure) -> Said | None:
    """The budget's sentence stating the number of projects under 绩效目标 management (None for a 决算)."""
    return stated_count(d, "绩效目标", _TARGET_COUNTS) if d.kind == "budget" else None


@rule(
    "N-TARGET-AMOUNT",
    title="预算情况说明所称绩效目标管理项目涉及的金额与项目支出预算表、所附绩效目标表一致",
    severity="warning",
    family="performance",
    tables=("narrative", "P", "B12", "B13"),
    needs="预算情况说明中“实行绩效目标管理的项目N个，涉及…X万元”；项目支出预算表（本年预算、上年结转）所列项目；"
    "所附绩效目标表的年度资金总额",
    rationale="绩效目标管理项目涉及的资金是项目支出：应等于项目支出预算表本年预算（或含上年结转）的项目合计，"
    "或所附绩效目标表的资金合计；与这些口径都不符（如写成含基本支出的支出总额），说明金额有误。说明写明口径"
    "（“当年拨款”“不含上年结转”或“含上年结转”）时，只与该口径的合计核对：金额与另一口径相符，是口径的说法有误。",
    fires="说明称“涉及资金980.00万元”，项目支出预算表本年项目合计450.00万元、所附目标表合计450.00万元。",
    silent="说明称“涉及资金450.00万元”，项目支出预算表本年项目合计450.00万元。",
    template="情况说明称实行绩效目标管理的项目涉及{actual}万元，而{expected}，均不相符。",
)
def N_TARGET_AMOUNT(d: Disclosure) -> JudgementPlan:
    """N-TARGET-AMOUNT: “涉及…N万元” of the budget's count sentence against the project money of the
    document (the 项目支出预算表's projects, with or without 上年结转, and the target forms' money)."""
    out = JudgementPlan()
    said = _target_said(d)
    if said is None:
        return out
    amount = _amount_check(d, said, project_forms(d))
    if amount is not None:
        out.judgements.append(amount)
    return out


def _amount_check(d: Disclosure, said: Said, forms: dict[str, list[Table]]) -> Threshold | None:
    """N-TARGET-AMOUNT's comparison, when the count sentence states the money (“涉及…N万元”): the
    stated amount against the candidate it is nearest to (decided in the engine, within both roundings)."""
    m = _INVOLVED.search(said.sentence)
    if m is None:
        return None
    text = m.group("v").replace(",", "")
    stated = Amount(Decimal(text), len(text.partition(".")[2]), "万元")
    rows = table_project_rows(d)
    candidates: list[tuple[str, Bounds]] = []
    current = _sum_wan([a for tid, _, a in rows if tid == "B12"])
    everything = _sum_wan([a for _, _, a in rows])
    in_forms = _sum_wan(_form_money(forms))
    if current is not None:
        candidates.append(("项目支出预算表（本年预算）所列项目合计", current))
    if everything is not None and any(tid != "B12" for tid, _, _ in rows):
        candidates.append(("含上年结转的项目合计", everything))
    if in_forms is not None:
        candidates.append(("所附绩效目标表年度资金合计", in_forms))
    if not candidates:
        return None
    s = to_unit(stated, "万元")

    def fits(b: Bounds) -> bool:
        return abs(s.value - b.value) <= s.radius + b.radius

    # A sentence that says which money it means (“当年拨款”, “含上年结转”) is not held to the other
    # table total; the forms' sum counts only when the forms are (are not) for the carried-over
    # projects too, as the sentence says it counts them.
    scope, kept = "", candidates
    current_only = bool(_CURRENT_ONLY.search(m.group("what")))
    if current_only or _WITH_CARRY.search(m.group("what")):
        carried = {normalise_label(name) for tid, name, _ in rows if tid != "B12"}
        forms_carry = any(normalise_label(name) in carried for name in forms)
        table_out = "含上年结转" if current_only else "项目支出预算表"
        ruled_out = (table_out, "所附") if forms_carry == current_only else (table_out,)
        if any(c[0].startswith(table_out) for c in candidates):  # else: not printed, any reading
            scope = "当年（不含上年结转）" if current_only else "含上年结转"
            kept = [c for c in candidates if not c[0].startswith(ruled_out)]
    # the money the sentence most likely means: the candidate it is nearest to, within their roundings
    nearest = min((b for _, b in kept), key=lambda b: abs(s.value - b.value) - b.radius)
    listed = "、".join(f"{words}{fmt_amount(b.value, 2)}万元" for words, b in kept)
    if scope:
        other = [words for words, b in candidates if (words, b) not in kept and fits(b)]
        also = f"（所称金额与{other[0]}相符，与所称口径不一致）" if other else ""
        message = (
            f"情况说明称实行绩效目标管理的项目涉及{m.group('v')}万元，为{scope}的金额（原文：“{said.sentence}”），"
            f"而{listed}，不相符{also}；请核实所称金额或其口径。"
        )
    else:
        message = (
            f"情况说明称实行绩效目标管理的项目涉及{m.group('v')}万元（原文：“{said.sentence}”），而{listed}，"
            "均不相符；请核实所称金额的口径。"
        )
    return Threshold(
        N_TARGET_AMOUNT,
        KIND_CHECK,
        s.value,
        nearest.value,
        s.radius + nearest.radius,
        message,
        [text_evidence(said.sentence, said.loc)],
        "narrative",
        expected=" / ".join(fmt_amount(b.value, 2) for _, b in kept),
        actual=m.group("v"),
    )


@rule(
    "N-TARGET-COUNT",
    title="预算情况说明所称实行绩效目标管理的项目个数与所附绩效目标表、项目支出预算表一致",
    severity="warning",
    family="performance",
    tables=("narrative", "P", "B12", "B13"),
    needs="预算情况说明中“实行绩效目标管理的项目N个”等句；所附项目支出绩效目标（申报）表（按“项目名称”计）；"
    "项目支出预算表（本年预算、上年结转）所列项目",
    rationale="预算说明所称绩效目标管理的项目个数，是对所附绩效目标表和项目支出预算表的概括；所附目标表涉及的项目"
    "多于所称个数（或说明称目标表附后而所附较少），个数或附表有误；所附较少时以 info 提示核实。",
    fires="说明称“实行绩效目标管理的项目2个”，文件附5个项目的绩效目标表，项目支出预算表列5个项目。",
    silent="说明称“实行绩效目标管理的项目5个”，附5个项目的绩效目标表。",
    template="情况说明称{said}（原文：“{text}”），而文件所附绩效目标表涉及{count}个项目{listed}。",
)
def N_TARGET_COUNT(d: Disclosure) -> JudgementPlan:
    """N-TARGET-COUNT: the budget's stated number of 绩效目标 projects against the target forms."""
    out = JudgementPlan()
    said = _target_said(d)
    if said is None:
        return out
    forms = project_forms(d)
    count = len(forms)
    if count == said.count:
        out.judgements.append(_counted(N_TARGET_COUNT, count, said.count))
        return out
    if count < said.count and forms_unread(d):
        out.not_evaluated.append(_unread(N_TARGET_COUNT, "绩效目标表"))
        return out
    words = f"实行绩效目标管理的项目{said.count}个"
    if forms:
        listed = "（" + "、".join(f"“{name}”" for name in forms) + "）"
        message = N_TARGET_COUNT.template.format(said=words, text=said.sentence, count=count, listed=listed)
    else:
        message = f"情况说明称{words}（原文：“{said.sentence}”），而文件未附项目支出绩效目标表。"
    listed_in_tables = table_projects(d)
    if listed_in_tables:
        message += f"项目支出预算表列有{len(listed_in_tables)}个项目。"
    published = bool(_TARGET_PUBLISHED.search(said.sentence))
    serious = count > said.count or (published and count < said.count)
    if not serious:
        message += "请核实项目个数及绩效目标表是否完整公开。"
    out.judgements.append(_count_finding(N_TARGET_COUNT, said, forms, count, message, serious))
    return out


def _counted(rule: RuleSpec, count: int, said: int) -> Threshold:
    """The number of forms attached against the number the 情况说明 states, equal (decided in the engine)."""
    return Threshold(rule, KIND_CHECK, Decimal(count), Decimal(said), Decimal(0), "", [], "narrative")


def _count_finding(
    rule: RuleSpec, said: Said, forms: dict[str, list[Table]], count: int, message: str, serious: bool
) -> Threshold:
    """A count of forms the 情况说明 states against the forms attached (decided in the engine): the
    sentence and every form as evidence, a warning where `serious`, info otherwise."""
    evidence = [text_evidence(said.sentence, said.loc)] + [
        table_evidence(t) for ts in forms.values() for t in ts
    ]
    return Threshold(
        rule,
        KIND_CHECK,
        Decimal(count),
        Decimal(said.count),
        Decimal(0),
        message,
        evidence,
        "narrative",
        expected=str(said.count),
        actual=str(count),
        severity="warning" if serious else "info",
    )
