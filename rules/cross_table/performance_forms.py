"""绩效自评表 (tables “P01”, “P02”, …) against the 决算 tables: 执行数 against the spending they name (XP-EXEC-
FINAL), quantity × standard = amount (XP-UNIT-COST), project money booked as 基本支出 (XP-PROJECT-AS-
BASIC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.model import Disclosure, Row, Table, format_amount
from ingest.schema import BASIC, PROJECT, TOTAL, normalise_label
from rules.catalog import rule
from rules.codes import CodeTable
from rules.comparisons import (
    EQUAL_TEMPLATE,
    equal,
    t,
)
from rules.findings import Finding, NotEvaluated
from rules.forms import (
    EXECUTED,
    MIN_COMMON,
    MIN_PROJECT_NAME,
    PERFORMANCE_WORDS,
    PROJECT_TOTAL,
    WHOLE_TOTAL,
    common_run,
    is_project_form,
    is_whole_form,
    project_name,
)
from rules.judgements import Equality, JudgementPlan, Ref, Requirement, Side, ref, side
from rules.knowledge import task_concepts
from rules.reading import (
    applies_to_final_account,
    find_row,
    has_non_fiscal_money,
    nonzero,
    row_name,
)
from rules.wording import row_label


@rule(
    "XP-EXEC-FINAL",
    title="绩效自评表执行数与决算表一致（整体支出执行数＝本年支出；各任务、项目执行数＝对应支出）",
    severity="error",
    family="cross_table",
    tables=("P", "03", "05", "06"),
    needs="部门整体支出绩效自评表“金额合计”“任务N”的全年执行数；项目支出绩效自评表“年度资金总额”全年执行数；"
    "公开03/05表“合计”行及项级科目行，公开06表人员经费合计、公用经费合计",
    rationale="绩效自评表的执行数来源于决算。部门整体支出表“金额合计”全年执行数（财政拨款栏，未填时为总额栏）"
    "应等于本年支出合计（财政拨款对05表“合计”，总额对03表“合计”）；任务名称为人员经费/工资福利、公用经费/日常运转、"
    "基本支出、项目支出/专项的，其执行数应分别等于06表人员经费合计、公用经费合计，05表（或03表）基本支出、项目支出；"
    "任务名称与金额指向不同口径（如名为人员经费、金额却与基本支出相近）时，两者都在结论中写明。"
    "项目支出表只在项目能可靠对应到一个项级科目（科目名称与项目名称相同，或情况说明逐项说明中原样写出项目名称），"
    "且该科目只列项目支出时，才核对其执行数＝该科目项目支出；一个科目常含多个项目或基本支出（如“其他……支出”），"
    "按名称相近对应会误报，故其余项目不核对。绩效表未解析时报告为“未评估”。",
    fires="整体支出绩效自评表任务1（人员经费）883.32，而05表基本支出 888.32、06表人员经费 652.05。",
    silent="绩效自评表执行数合计 1049.22 = 05表合计 1049.22。",
    template=EQUAL_TEMPLATE,
)
def XP_EXEC_FINAL(d: Disclosure) -> JudgementPlan:
    """XP-EXEC-FINAL on the parsed 绩效自评表 of a 决算 (the 部门整体 forms, then the 项目支出 forms tied
    to one 项 that prints only 项目支出); “not evaluated” when the document has forms that were not
    read."""
    plan = JudgementPlan()
    if not applies_to_final_account(d):
        return plan
    forms = _forms(d)
    if not forms:
        if any(any(w in p.text for w in PERFORMANCE_WORDS) for p in d.paragraphs):
            reason = f"绩效表未解析，无法核对“{XP_EXEC_FINAL.title}”。"
            plan.not_evaluated.append(NotEvaluated(XP_EXEC_FINAL.id, reason, None))
        return plan
    for form in forms:
        if is_whole_form(form):
            whole_form_exec(plan, d, form)
    for table, r, tied in project_ties(d, forms).executed:
        left = Side(
            "＋".join(f"{t(f)}“年度资金总额”行“全年执行数”栏" for f in tied),
            [(ref(f, f.row(PROJECT_TOTAL), EXECUTED), 1) for f in tied],
        )
        right = side(f"{t(table)}“{row_label(r)}”行“项目支出”栏", ref(table, r, PROJECT))
        equal(plan, XP_EXEC_FINAL, left, right, note="该项目对应此科目，项目执行数应等于该科目的项目支出。")
    return plan


@rule(
    "XP-PROJECT-AS-BASIC",
    title="按项目自评的资金在决算表中不应列为基本支出",
    severity="error",
    family="cross_table",
    tables=("P", "05"),
    needs="项目支出绩效自评表的全年执行数；该项目对应的公开05表项级科目（名称一致，或情况说明逐字写明）的基本支出、项目支出",
    rationale="项目支出绩效自评表评价的是项目支出；其资金在公开05表对应科目中全部列为基本支出而项目支出未填列，"
    "说明要么项目资金被错列为基本支出，要么不应按项目填报自评表，“项目支出”口径的占比、执行率随之失真。",
    fires="离休老干部医疗费补助项目绩效自评表全年执行数 100，05表 2101199 基本支出 100.00、项目支出未填列。",
    silent="项目自评表全年执行数 56.52，对应科目项目支出 111.89（含该项目）。",
)
def XP_PROJECT_AS_BASIC(d: Disclosure) -> JudgementPlan:
    """XP-PROJECT-AS-BASIC on the 项目支出 forms of a 决算 tied to one 项 that prints only 基本支出."""
    plan = JudgementPlan()
    if applies_to_final_account(d):
        for table, r, tied in project_ties(d, _forms(d)).booked:
            _booked_as_basic(plan, table, r, tied)
    return plan


# The 决算 concept a 部门整体支出 task name names, and how a finding names each concept: the knowledge
# table rules/knowledge/task_concepts.toml (the first entry whose words the name contains wins).
TOTAL_WORDS = "本年支出合计"


def concept_words(concept: str) -> str:
    """How a finding names a concept (人员经费 …; the total: 本年支出合计)."""
    return (
        TOTAL_WORDS if concept == "total" else next(t.name for t in task_concepts() if t.concept == concept)
    )


# A task's amount points to another concept than its name says when it lies within this share of
# that concept's amount while it misses the named concept's amount by more than MISNAMED_SHARE.
POINTS_TO_SHARE = Decimal("0.02")

MISNAMED_SHARE = Decimal("0.10")

_TASK_LABEL = re.compile(r"^任务\d+（(?P<name>.+)）$")


def task_name(row: Row) -> str:
    """The 任务名称 of a task row (“任务1（人员经费）” → 人员经费), "" when not printed."""
    m = _TASK_LABEL.match(normalise_label(row.label))
    return m.group("name") if m else ""


def task_concept(name: str) -> str | None:
    """The 决算 concept a task name names (personnel, operating, basic, project), if any."""
    return next((t.concept for t in task_concepts() if any(w in name for w in t.words)), None)


def _executed(form: Table, row: Row) -> tuple[Ref, bool] | None:
    """The row's 全年执行数 to compare: 财政拨款 when printed (fiscal), else 总额."""
    fiscal = ref(form, row, f"{EXECUTED}/财政拨款")
    if fiscal.amount is not None:
        return fiscal, True
    total = ref(form, row, f"{EXECUTED}/总额")
    if total.amount is not None:
        return total, False
    single = ref(form, row, EXECUTED)
    if single.amount is not None:
        return single, False
    return None


def _targets(d: Disclosure, fiscal: bool) -> dict[str, Side]:
    """The 决算 side of each concept: 财政拨款 → 05/06表, 总额 → 03表 (06表 only without other money)."""
    out: dict[str, Side] = {}
    t05, t03, t06 = d.table("05"), d.table("03"), d.table("06")
    if fiscal:
        total05 = CodeTable.of(t05).total if t05 is not None and not t05.empty else None
        if t05 is not None and total05 is not None:
            out["total"] = side(f"{t(t05)}“合计”行“合计”栏", ref(t05, total05, TOTAL))
            out["basic"] = side(f"{t(t05)}“合计”行“基本支出”栏", ref(t05, total05, BASIC))
            out["project"] = side(f"{t(t05)}“合计”行“项目支出”栏", ref(t05, total05, PROJECT))
    else:
        total03 = CodeTable.of(t03).total if t03 is not None and not t03.empty else None
        if t03 is not None and total03 is not None:
            out["total"] = side(f"{t(t03)}“合计”行“本年支出合计”栏", ref(t03, total03, "本年支出合计"))
            out["basic"] = side(f"{t(t03)}“合计”行“基本支出”栏", ref(t03, total03, BASIC))
            out["project"] = side(f"{t(t03)}“合计”行“项目支出”栏", ref(t03, total03, PROJECT))
    if t06 is not None and not t06.empty and (fiscal or not has_non_fiscal_money(d)):
        for concept, key, lane in (
            ("personnel", "人员经费合计", "personnel"),
            ("operating", "公用经费合计", "operating"),
        ):
            r06 = find_row(t06, key, lane)
            if r06 is not None:
                out[concept] = side(f"{t(t06)}“{key}”", ref(t06, r06, "决算数"))
    return out


def _value(s: Side) -> Decimal | None:
    amounts = s.printed()
    return amounts[0][0].value if len(amounts) == 1 else None


def pointed_concept(amount: Decimal, named: str, targets: dict[str, Side], taken: set[str]) -> str | None:
    """Another concept the amount evidently is (within POINTS_TO_SHARE of it) while it misses the
    named one by more than MISNAMED_SHARE; concepts named by other tasks, and the total, excluded."""
    named_value = _value(targets[named]) if named in targets else None
    if named_value is not None and abs(amount - named_value) <= MISNAMED_SHARE * abs(named_value):
        return None
    best: tuple[Decimal, str] | None = None
    for concept, s in targets.items():
        v = _value(s)
        if concept in taken or concept in (named, "total") or v is None or v <= 0:
            continue
        gap = abs(amount - v)
        if gap <= POINTS_TO_SHARE * v and (best is None or gap < best[0]):
            best = (gap, concept)
    return best[1] if best else None


def whole_form_exec(plan: JudgementPlan, d: Disclosure, form: Table) -> None:
    """XP-EXEC-FINAL on a 部门整体支出 form: 金额合计 and each named task against the 决算 tables."""
    total = form.row(WHOLE_TOTAL)
    if total is not None and (found := _executed(form, total)) is not None:
        cell, fiscal = found
        target = _targets(d, fiscal).get("total")
        if target is not None:
            equal(plan, XP_EXEC_FINAL, side(f"{t(form)}“金额合计”行“{cell.column}”栏", cell), target)
    tasks = [(r, task_name(r)) for r in form.rows if r.key.startswith("任务")]
    concepts = {r.key: task_concept(name) for r, name in tasks}
    for r, name in tasks:
        concept = concepts[r.key]
        found = _executed(form, r)
        if concept is None or found is None:
            continue
        cell, fiscal = found
        targets = _targets(d, fiscal)
        if concept not in targets:
            continue
        left = side(f"{t(form)}“{row_label(r)}”行“{cell.column}”栏", cell)
        taken = {c for k, c in concepts.items() if k != r.key and c is not None}
        assert cell.amount is not None
        other = pointed_concept(cell.amount.value, concept, targets, taken)
        if other is None:
            note = f"任务名称“{name}”对应{concept_words(concept)}，其执行数应与决算表一致。"
            equal(plan, XP_EXEC_FINAL, left, targets[concept], note=note)
            continue
        named, pointed = targets[concept], targets[other]
        named_word = "" if name == concept_words(concept) else f"（{concept_words(concept)}）"
        said = f"{named.text}{_shown_side(named)}，{pointed.text}{_shown_side(pointed)}"
        probe = Equality(XP_EXEC_FINAL, left, pointed)
        if probe.compared.comparison.verdict() == "broken":
            # the amount is the other concept's, mistyped: compare with it, name both
            note = (
                f"该任务名称为“{name}”{named_word}，但所填金额接近{concept_words(other)}而非"
                f"{concept_words(concept)}（{said}）：任务名称与金额所指口径不一致，且与{concept_words(other)}也不相等。"
            )
            compared, cited = pointed, named
        else:
            note = (
                f"所填金额等于{concept_words(other)}（{said}）：任务名称“{name}”{named_word}与金额所指口径不一致，"
                "应改正任务名称或金额。"
            )
            compared, cited = named, pointed
        check = CitingEquality(
            XP_EXEC_FINAL, left, compared, {"note": note}, cited=[r for r, _ in cited.refs]
        )
        plan.add(check, left, compared)


@dataclass(eq=False, slots=True)
class CitingEquality(Equality):
    """An equality whose finding also cites cells its message names but does not compare."""

    cited: list[Ref] = field(default_factory=list)

    def finding(self, outcome: str) -> Finding | None:
        """The equality's finding, with the cited cells added to its evidence."""
        f = Equality.finding(self, outcome)
        if f is not None:
            f.evidence.extend(r.evidence() for r in self.cited)
        return f


def _shown_side(s: Side) -> str:
    amounts = s.printed()
    if s.blank() or not amounts:
        return "未填列"
    a = amounts[0][0]
    return f"为{format_amount(a)}{a.unit}"


def _project_rows(d: Disclosure, name: str) -> set[str]:
    """Keys of 05表 项级 rows a project is reliably tied to: a row named exactly as the project,
    or the 05表 row of a 情况说明 item whose sentence prints the project's name verbatim."""
    t05 = d.table("05")
    if t05 is None or len(name) < MIN_PROJECT_NAME:
        return set()
    rows = {
        r.key for r in t05.rows if r.code and len(r.code) == 7 and normalise_label(r.label).endswith(name)
    }
    rows |= {
        r.key for r in t05.rows if r.code and len(r.code) == 7 and row_name(r).removeprefix(r.code) == name
    }
    if rows:
        return rows
    for c in d.claims:
        if c.item is None or name not in c.sentence:
            continue
        rows |= {x.row for x in c.refs if x.table == "05" and x.row[:7].isdigit()}
    return rows


@dataclass
class ProjectTies:
    """The 项目支出 forms tied reliably to one 项 row: (table, row, forms) where the row prints only
    基本支出 (`booked`: XP-PROJECT-AS-BASIC), or only 项目支出 (`executed`: XP-EXEC-FINAL)."""

    booked: list[tuple[Table, Row, list[Table]]] = field(default_factory=list)
    executed: list[tuple[Table, Row, list[Table]]] = field(default_factory=list)


def project_ties(d: Disclosure, forms: list[Table]) -> ProjectTies:
    """How the document's 项目支出 forms tie to the 项 rows of 05表 (03表 when the unit has non-fiscal
    money): by the project's name, or (no row so named) by the one 情况说明 item naming it whose
    决算 equals the form's 全年执行数."""
    ties = ProjectTies()
    t05 = d.table("05")
    if t05 is None or t05.empty:
        return ties
    by_row: dict[str, list[Table]] = {}
    for form in (f for f in forms if is_project_form(f)):
        keys = _project_rows(d, project_name(form.title))
        if len(keys) == 1:
            by_row.setdefault(next(iter(keys)), []).append(form)
        elif not keys:
            row = _amount_tied_row(d, t05, form)
            if row is not None and nonzero(ref(t05, row, BASIC)) and not nonzero(ref(t05, row, PROJECT)):
                ties.booked.append((t05, row, [form]))
    t03 = d.table("03")
    use03 = t03 is not None and not t03.empty and has_non_fiscal_money(d)
    table = t03 if use03 and t03 is not None else t05
    for key, tied in by_row.items():
        r = table.row(key)
        if r is not None and nonzero(ref(table, r, BASIC)) and not nonzero(ref(table, r, PROJECT)):
            ties.booked.append((table, r, tied))
            continue
        if r is None or nonzero(ref(table, r, BASIC)) or not nonzero(ref(table, r, PROJECT)):
            continue  # the 项 also holds basic spending (or no project): the project is a part of it
        ties.executed.append((table, r, tied))
    return ties


def _amount_tied_row(d: Disclosure, t05: Table, form: Table) -> Row | None:
    """The 05表 项 row of the one 情况说明 item that names the project in other words (a common run
    of at least MIN_COMMON characters: “离休老干部医药费补助资金” for “离休老干部医疗费补助”) and
    whose 决算 equals the form's 全年执行数 — two independent signs, or no tie at all."""
    total = form.row(PROJECT_TOTAL)
    executed = total.amount(EXECUTED) if total is not None else None
    name = project_name(form.title)
    if executed is None or len(name) < MIN_PROJECT_NAME:
        return None
    found: dict[str, Row] = {}
    for c in d.claims:
        if c.item is None:
            continue
        if common_run(name, c.sentence) < MIN_COMMON:
            continue
        for x in c.refs:
            r = t05.row(x.row) if x.table == "05" else None
            if r is None or not r.code or len(r.code) != 7:
                continue
            a = r.amount(TOTAL)
            if a is not None and a.in_yuan() == executed.in_yuan():
                found[r.key] = r
    return next(iter(found.values())) if len(found) == 1 else None


def _booked_as_basic(plan: JudgementPlan, table: Table, r: Row, tied: list[Table]) -> None:
    """XP-PROJECT-AS-BASIC: the project's money executed ≤ the row's 基本支出 while the row prints
    no 项目支出 — the self-evaluated project is booked as basic spending."""
    executed = [(f, f.row(PROJECT_TOTAL)) for f in tied]
    amounts = [row.amount(EXECUTED) for _, row in executed if row is not None]
    basic = r.amount(BASIC)
    if not amounts or any(a is None for a in amounts) or basic is None:
        return
    done = sum((a.in_yuan() for a in amounts if a is not None), Decimal(0))
    if done <= 0:
        return
    forms = "、".join(t(f) for f in tied)
    shown = "＋".join(format_amount(a) for a in amounts if a is not None)
    plan.judgements.append(
        Requirement(
            XP_PROJECT_AS_BASIC,
            False,
            f"{forms}按项目支出自评，全年执行数{shown}万元，而{t(table)}该项目所在的“{row_label(r)}”行"
            f"基本支出{format_amount(basic)}万元、项目支出未填列：项目资金被列为基本支出，"
            "或该项资金不应按项目填报绩效自评表，请核实科目与支出性质。",
            [ref(f, row, EXECUTED).evidence() for f, row in executed if row is not None]
            + [ref(table, r, BASIC).evidence(), ref(table, r, PROJECT).evidence()],
            tied[0].id,
            expected="项目支出",
            actual="基本支出",
        )
    )


def _forms(d: Disclosure) -> list[Table]:
    """The document's parsed 绩效自评表 (P…), in table order."""
    return [tb for tid, tb in sorted(d.tables.items()) if tid.startswith("P") and not tb.empty]
