"""Completeness of a disclosure (财政部《地方预决算公开操作规程》财预〔2016〕143号).

What must be there for the document's template (rules/settings.toml profiles): every required
table; an empty table with the reason it is empty; functional subjects down to 项 and economic
subjects down to 款; the “三公” table split into its items and 公务用车 into 购置 and 运行; the
required narrative sections (机关运行经费, 政府采购 with 货物/工程/服务 and the 中小企业 share,
国有资产占用, 绩效, 名词解释); no placeholders; one year and one unit name throughout.

Each check is a `Requirement`: one fact (ok 1/0) decided by the engine, with the evidence of
what was (not) found. Sections are looked for in `Disclosure.paragraphs` by the patterns of the
settings file; without any narrative the section checks are “not evaluated”.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from ingest.model import Disclosure, Evidence, Location, Paragraph, Row, Table
from ingest.schema import BUDGET_TABLES, FINAL_ACCOUNT_TABLES
from rules.catalog import registered_rules, rule
from rules.codes import CodeTable
from rules.findings import NotEvaluated
from rules.judgements import JudgementPlan, Requirement, absent_table_evidence, table_evidence, text_evidence
from rules.reading import is_filler, row_name
from rules.settings import Profile, Section, Settings
from rules.wording import fmt_amount, table_name

# Code tables whose functional subjects are checked for 项 detail and 类/款 rows.
FUNC_TABLES = ("02", "03", "05", "07", "08", "B02", "B03", "B05", "B08")
# What an empty table is about, for finding the sentence that explains it.
TABLE_SUBJECTS: dict[str, tuple[str, ...]] = {
    "01": ("收入支出决算总表",),
    "02": ("收入决算表",),
    "03": ("支出决算表",),
    "04": ("财政拨款收入支出",),
    "05": ("一般公共预算财政拨款支出",),
    "06": ("基本支出",),
    "07": ("政府性基金",),
    "08": ("国有资本经营",),
    "09": ("三公",),
    "10": ("政府采购", "机关运行经费", "国有资产"),
    "B07": ("政府性基金",),
    "B08": ("政府性基金",),
    "B09": ("国有资本经营",),
    "B10": ("三公",),
    "B11": ("机关运行经费",),
    "B12": ("项目支出",),
    "B13": ("项目支出", "上年结转"),
}
EMPTY_REASON = re.compile(
    r"空表|无数据|本表无|无此项|无此类|没有|不涉及|未发生|未安排|无相关|为空|"
    r"无[^，。；]{0,30}(收支|支出|收入|经费|资金|事项|预算|决算)"
)
PLACEHOLDERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("占位符", re.compile(r"(?<![A-Za-z])(?:[XＸ]{2,}|×{2,})(?![A-Za-z])")),
    ("待填写", re.compile(r"待填|待补充|待完善|待更新|此处填写|TODO", re.IGNORECASE)),
    ("省略号", re.compile(r"……|\.{6,}(?![\d.])")),
    ("残缺年份", re.compile(r"(?<!\d)20\d(?=\s*年)")),
)
ANY_PLACEHOLDER = re.compile("|".join(f"(?:{p.pattern})" for _, p in PLACEHOLDERS), re.IGNORECASE)
# At most this many placeholder findings per document (a template full of XX is one problem).
MAX_PLACEHOLDERS = 10
# A 目录 line with dot leaders and a page number is not a placeholder.
_TOC = re.compile(r"[.…·]{6,}\s*\d+\s*$")
TITLE_YEAR = re.compile(r"(20\d{2})\s*年度?\s*(?:部门|单位)?(决算|预算)(?=公开|表|报表|情况说明|说明|目录|$)")
TITLE_UNIT = re.compile(
    r"^(?P<name>[^\d\s，。：:]{2,40}?)\s*(?P<year>20\d{2})\s*年度?\s*(?:部门|单位)(?:决算|预算)"
)
DEFINITION = re.compile(
    r"^[\s\-•·]*[（(]?[\d一二三四五六七八九十]*[）)]?[、.．]?\s*[“”\"\w（）()]{2,24}[：:]\s*(?:指|是指|反映)"
)
HEADING = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
KIND_WORDS = {"final_account": "决算", "budget": "预算"}
TOTAL_PROCUREMENT = re.compile(r"政府采购[^。；]{0,12}?(?:支出|预算)?总额[^0-9无]{0,6}([\d,]+(?:\.\d+)?)")
UNIT_SUFFIX = re.compile(r"[（(\[【](?:本级|部门|单位|机关)[)）\]】]$")


def loc_key(loc: Location) -> tuple[int, int, float]:
    """Reading order of a location: line (text input, numbered through the document), else page
    and top (PDF)."""
    if loc.line is not None:
        return (0, loc.line, 0.0)
    return (loc.page or 0, 0, loc.bbox[1] if loc.bbox else 0.0)


def lines_of(paragraphs: Sequence[Paragraph]) -> list[tuple[str, Location, Paragraph]]:
    """Each printed line of the narrative with where it stands (a paragraph joins wrapped lines;
    `Paragraph.spans` says where each one starts)."""
    out: list[tuple[str, Location, Paragraph]] = []
    for p in paragraphs:
        spans = [(off, loc) for off, loc in getattr(p, "spans", []) or [] if 0 <= off <= len(p.text)]
        if not spans:
            out.append((p.text, p.loc, p))
            continue
        spans.sort(key=lambda x: x[0])
        for i, (off, loc) in enumerate(spans):
            end = spans[i + 1][0] if i + 1 < len(spans) else len(p.text)
            out.append((p.text[off:end], loc, p))
    return out


def para_evidence(p: Paragraph, quote: str | None = None, loc: Location | None = None) -> Evidence:
    """Evidence entry for a narrative paragraph (or one of its lines)."""
    return text_evidence((quote if quote is not None else p.text)[:120], loc or p.loc)


def _title_of(tid: str) -> str:
    spec = FINAL_ACCOUNT_TABLES.get(tid)
    if spec is not None:
        return spec.title
    return next((b.title for b in BUDGET_TABLES if b.id == tid), tid)


def _table_words(tid: str) -> str:
    return f"公开{tid}表" if tid in FINAL_ACCOUNT_TABLES else f"预算表{tid}"


@rule(
    "CMP-TABLES",
    title="应公开的表格齐全（按模板：决算公开01–09/10表，预算公开收支总表至“三公”经费表等）",
    severity="error",
    family="completeness",
    tables=("document",),
    needs="文件中识别出的表格；文件的模板（profile）",
    rationale="《地方预决算公开操作规程》要求公开全部规定表格，“不得少公开”；没有数据的表格也应列出空表。",
    fires="部门决算缺少公开07表（政府性基金预算财政拨款收入支出决算表）。",
    silent="公开01–09表齐全（07、08表为空表并已说明）。",
    template="文件中未找到{table}（{title}）；{profile}应公开该表，没有数据的也应公开空表并说明。",
)
def CMP_TABLES(d: Disclosure, profile: Profile, settings: Settings) -> JudgementPlan:
    """CMP-TABLES: one requirement per required table of the profile."""
    plan = JudgementPlan()
    for tid in profile.required_tables:
        title = _title_of(tid)
        ok = tid in d.tables
        message = CMP_TABLES.template.format(
            table=_table_words(tid), title=title, profile=f"“{profile.title}”"
        )
        evidence = [table_evidence(d.tables[tid])] if ok else [absent_table_evidence(tid, title)]
        plan.judgements.append(
            Requirement(
                CMP_TABLES,
                ok,
                message,
                evidence,
                tid,
                expected=f"{_table_words(tid)}（{title}）",
                actual="（缺）",
            )
        )
    return plan


def _mentions(text: str, tid: str) -> bool:
    compact = re.sub(r"\s+", "", text)
    number = int(tid[1:]) if tid.startswith("B") else int(tid)
    refs = (f"公开{tid}表", f"{tid}表", f"表{number}", f"表{tid}", f"第{number}张")
    return any(r in compact for r in refs) or any(w in compact for w in TABLE_SUBJECTS.get(tid, ()))


def empty_reason(d: Disclosure, table: Table) -> Evidence | None:
    """Evidence of the words that say why a table is empty: a note printed right after it (before
    the next table), or a sentence that names the table (or what it is about) with a reason."""
    located = table.loc.line is not None or table.loc.page is not None
    start = loc_key(table.loc)
    later_tables = sorted(loc_key(t.loc) for t in d.tables.values() if loc_key(t.loc) > start)
    end = later_tables[0] if later_tables else None
    for text, loc, p in lines_of(d.paragraphs) if located else ():
        k = loc_key(loc)
        if k > start and (end is None or k < end) and EMPTY_REASON.search(text):
            return para_evidence(p, text, loc)
    heading = ""
    for p in d.paragraphs:
        if HEADING.match(p.text):
            heading = p.text[:60]  # the section a sentence stands in (七、政府性基金…情况说明)
        for sentence in re.split(r"(?<=[。；;])", p.text):
            if EMPTY_REASON.search(sentence) and (
                _mentions(sentence, table.id) or _mentions(heading, table.id)
            ):
                return para_evidence(p, sentence)
    return None


@rule(
    "CMP-EMPTY-REASON",
    title="空表应说明原因",
    severity="warning",
    family="completeness",
    tables=("document",),
    needs="为空的表格；其后的注释及情况说明中提及该表（或其内容）与“空表、无数据、无此项、不涉及”等原因的文字",
    rationale="操作规程要求“没有数据的表格应当列出空表并说明”；只列空表而不说明原因，读者无法判断是无此类收支还是漏填。",
    fires="公开08表为空表，全文没有说明无国有资本经营预算财政拨款支出。",
    silent="公开07表下注明“本表无数据”，或情况说明写明“本部门无政府性基金预算财政拨款收支，已公开空表”。",
    template="{table}为空表，但文中未见说明其为空的原因。",
)
def CMP_EMPTY_REASON(d: Disclosure) -> JudgementPlan:
    """CMP-EMPTY-REASON for every empty table of the document; a table whose printed figures
    could not be read (ingest: `Table.unread`) is not empty: every rule on it is not evaluated."""
    plan = JudgementPlan()
    for tid, table in sorted(d.tables.items()):
        if table.unread:
            plan.not_evaluated += [
                NotEvaluated(
                    rule.id,
                    f"{table_name(table)}{table.unread}，无法核对“{rule.title}”。",
                    tid,
                    [table_evidence(table)],
                )
                for rule in registered_rules()
                if tid in rule.tables and rule.id != CMP_EMPTY_REASON.id
            ]
            continue
        if not table.empty or table.problems:
            continue  # a table whose layout was not read is not known to be empty
        reason = empty_reason(d, table)
        message = CMP_EMPTY_REASON.template.format(table=table_name(table))
        evidence = [table_evidence(table)] + ([reason] if reason is not None else [])
        plan.judgements.append(Requirement(CMP_EMPTY_REASON, reason is not None, message, evidence, tid))
    return plan


def _first_value(row: Row) -> Evidence:
    """Evidence of a row: its first printed cell, else the row itself."""
    cell = next((c for c in row.cells.values() if c.amount is not None), next(iter(row.cells.values()), None))
    if cell is not None:
        return cell.evidence()
    return text_evidence(row.label, row.loc, row=row.key)


def _has_figures(row: Row) -> bool:
    return any(c.amount is not None and c.amount.value != 0 for c in row.cells.values())


@rule(
    "CMP-FUNC-ITEM",
    title="功能分类科目应细化到项级",
    severity="warning",
    family="completeness",
    tables=("02", "03", "05", "07", "08", "B02", "B03", "B05", "B08"),
    needs="各科目表已列示且有数的类、款级科目及其项级科目",
    rationale="操作规程要求支出按功能分类公开到项级科目；只列类、款而不列其下项级科目，公开不够细化。",
    fires="公开05表列 21015 医疗保障管理事务 593.12，其下未列任何项级科目。",
    silent="每个有数的类、款级科目下都列有项级科目。",
    template="{table}“{where}”有数，但其下未列项级科目，功能分类应细化到项。",
)
def CMP_FUNC_ITEM(d: Disclosure) -> JudgementPlan:
    """CMP-FUNC-ITEM: every 类/款 with figures of a code table has a 项 below it."""
    plan = JudgementPlan()
    for tid, table, ct in _code_tables(d):
        item_prefixes = {c[:n] for c in ct.tree.by_code if len(c) == 7 for n in (3, 5)}
        for code, row in sorted(ct.tree.by_code.items()):
            if len(code) == 7 or not _has_figures(row):
                continue
            has_item = code in item_prefixes
            plan.judgements.append(
                Requirement(
                    CMP_FUNC_ITEM,
                    has_item,
                    lambda table=table, row=row: CMP_FUNC_ITEM.template.format(
                        table=table_name(table), where=row.key
                    ),
                    lambda row=row: [_first_value(row)],
                    tid,
                )
            )
    return plan


def _code_tables(d: Disclosure) -> Iterator[tuple[str, Table, CodeTable]]:
    """(id, table, its code index) of every code table the document prints with functional codes."""
    for tid in FUNC_TABLES:
        table = d.table(tid)
        if table is None or table.empty:
            continue
        ct = CodeTable.of(table)  # one index per table object, shared by the rules that read it
        if ct.tree.by_code:
            yield tid, table, ct


@rule(
    "CMP-CODE-LEVELS",
    title="科目表应列出项级科目所属的类、款级汇总行",
    severity="info",
    family="completeness",
    tables=("02", "03", "05", "07", "08", "B02", "B03", "B05", "B08"),
    needs="各科目表中项级科目及其类、款级科目行",
    rationale="只列项级科目、不列其所属类、款级汇总行时，读者无法直接读出各类、款金额，逐级核对只能由项级重新汇总。",
    fires="公开03表只列 2101501、2210201 等项级科目，未列 210、221 等类级和 21015、22102 等款级行。",
    silent="各项级科目的类、款级行均已列示。",
    template="{table}列有项级科目，但未列其所属的类、款级汇总行（{where}）。",
)
def CMP_CODE_LEVELS(d: Disclosure) -> JudgementPlan:
    """CMP-CODE-LEVELS: a code table that prints 项 prints their 类 and 款 rows."""
    plan = JudgementPlan()
    for tid, table, ct in _code_tables(d):
        items = ct.codes(7)
        if items:
            missing = sorted({c[:n] for c in items for n in (3, 5) if c[:n] not in ct.tree.by_code})
            shown = "、".join(missing[:8]) + ("等" if len(missing) > 8 else "")
            message = CMP_CODE_LEVELS.template.format(table=table_name(table), where=f"缺 {shown}")
            first = [ct.tree.by_code[c] for c in sorted(items)[:3]]
            plan.judgements.append(
                Requirement(
                    CMP_CODE_LEVELS,
                    not missing,
                    message,
                    lambda rows=first: [_first_value(r) for r in rows],
                    tid,
                )
            )
    return plan


@rule(
    "CMP-ECON-KUAN",
    title="基本支出经济分类科目应细化到款级",
    severity="warning",
    family="completeness",
    tables=("06",),
    needs="公开06表有数的经济分类类级科目及其款级科目",
    rationale="操作规程要求基本支出按经济分类公开到款级科目。",
    fires="公开06表 302 商品和服务支出 36.76，其下未列任何款级科目。",
    silent="302 商品和服务支出 36.76 下列有 30201 办公费等款级科目。",
    template="{table}“{where}”有数，但其下未列款级科目，经济分类应细化到款。",
)
def CMP_ECON_KUAN(d: Disclosure) -> JudgementPlan:
    """CMP-ECON-KUAN: every economic 类 with figures of 06表 has a 款 below it."""
    plan = JudgementPlan()
    t06 = d.table("06")
    if t06 is not None and not t06.empty:
        rows = [r for r in t06.rows if r.code and r.domain == "econ" and not is_filler(r)]
        codes = {r.code for r in rows}
        for r in rows:
            if r.code is None or len(r.code) != 3 or not _has_figures(r):
                continue
            ok = any(c is not None and len(c) == 5 and c.startswith(r.code) for c in codes)
            message = CMP_ECON_KUAN.template.format(table=table_name(t06), where=r.key)
            plan.judgements.append(
                Requirement(CMP_ECON_KUAN, ok, message, lambda r=r: [_first_value(r)], "06")
            )
    return plan


THREE_PUBLIC_ITEMS = ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")
VEHICLE_PARTS = ("公务用车购置费", "公务用车运行维护费")


@rule(
    "CMP-THREE-PUBLIC-SPLIT",
    title="“三公”经费应分项列示，公务用车应分为购置费和运行维护费",
    severity="warning",
    family="completeness",
    tables=("09", "B10"),
    needs="“三公”经费表各栏（行）",
    rationale="操作规程要求“三公”经费细化到因公出国（境）费、公务用车购置及运行费、公务接待费，"
    "其中公务用车购置费和运行费分别列示。",
    fires="公开09表公务用车购置及运行维护费 1.80，未分列购置费和运行维护费。",
    silent="公务用车购置及运行维护费 1.80 = 购置费 0.00 + 运行维护费 1.80。",
    template="{table}{where}有数，但未分项列示（{missing}）。",
)
def CMP_THREE_PUBLIC_SPLIT(d: Disclosure) -> JudgementPlan:
    """CMP-THREE-PUBLIC-SPLIT on 09表 (columns) and 预算 B10 (rows)."""
    plan = JudgementPlan()
    t09 = d.table("09")
    if t09 is not None and not t09.empty:
        columns = set(t09.columns) | {c for r in t09.rows for c in r.cells}
        for r in t09.rows:
            checks: list[tuple[str, tuple[str, ...]]] = [
                ("合计", THREE_PUBLIC_ITEMS),
                ("公务用车购置及运行维护费", VEHICLE_PARTS),
            ]
            for total, parts in checks:
                cell = r.cells.get(total)
                if cell is None or cell.amount is None or cell.amount.value == 0:
                    continue
                missing = [p for p in parts if p not in columns]
                message = CMP_THREE_PUBLIC_SPLIT.template.format(
                    table=table_name(t09),
                    where=f"“{row_name(r)}”行“{total}”栏",
                    missing="、".join(missing) + "未列",
                )
                plan.judgements.append(
                    Requirement(CMP_THREE_PUBLIC_SPLIT, not missing, message, [cell.evidence()], "09")
                )
    b10 = d.table("B10")
    if b10 is not None and not b10.empty:
        names = {row_name(r).split("#")[0] for r in b10.rows}
        vehicle = next((r for r in b10.rows if row_name(r).startswith("公务用车购置及运行")), None)
        if vehicle is not None and _has_figures(vehicle):
            missing = [p for p in VEHICLE_PARTS if p not in names and p.replace("维护", "") not in names]
            message = CMP_THREE_PUBLIC_SPLIT.template.format(
                table=table_name(b10), where=f"“{row_name(vehicle)}”行", missing="、".join(missing) + "未列"
            )
            plan.judgements.append(
                Requirement(CMP_THREE_PUBLIC_SPLIT, not missing, message, [_first_value(vehicle)], "B10")
            )
    return plan


def section_found(paragraphs: Sequence[Paragraph], section: Section) -> Evidence | None:
    """Evidence of the section (a paragraph matching its patterns, or the first of enough lines
    defining a term), or None."""
    for p in paragraphs:
        for pat in section.patterns:
            m = pat.search(p.text)
            if m is not None:
                return para_evidence(p, p.text[max(0, m.start() - 20) : m.end() + 40])
    if section.definitions:
        defs = [(text, loc, p) for text, loc, p in lines_of(paragraphs) if DEFINITION.search(text)]
        if len(defs) >= section.definitions:
            text, loc, p = defs[0]
            return para_evidence(p, text, loc)
    return None


@rule(
    "CMP-SECTIONS",
    title="情况说明应包括规定的内容（机关运行经费、政府采购、国有资产占用、预算绩效、“三公”经费、名词解释）",
    severity="warning",
    family="completeness",
    tables=("narrative",),
    needs="情况说明各段文字；模板要求的段落及其识别规则（规则配置文件 sections）",
    rationale="操作规程要求部门预决算说明包括机关运行经费、政府采购、国有资产占用、绩效等重要事项及名词解释。",
    fires="决算情况说明中没有任何关于国有资产占用情况的文字。",
    silent="情况说明含“十二、国有资产占用情况说明”。",
    template="情况说明中未找到“{title}”的内容；{profile}应说明该事项。",
)
def CMP_SECTIONS(d: Disclosure, profile: Profile, settings: Settings) -> JudgementPlan:
    """CMP-SECTIONS: every narrative section the profile requires (not evaluated without any
    narrative, when the profile requires sections or the 政府采购 terms)."""
    plan = JudgementPlan()
    if not profile.sections and not profile.procurement_terms:
        return plan
    if not d.paragraphs:
        plan.not_evaluated.append(
            NotEvaluated(
                CMP_SECTIONS.id, f"文件中未识别出情况说明文字，无法核对“{CMP_SECTIONS.title}”。", None
            )
        )
        return plan
    for name in profile.sections:
        section = settings.sections[name]
        found = section_found(d.paragraphs, section)
        message = CMP_SECTIONS.template.format(title=section.title, profile=f"“{profile.title}”")
        evidence = [found] if found is not None else []
        plan.judgements.append(
            Requirement(
                CMP_SECTIONS,
                found is not None,
                message,
                evidence,
                "narrative",
                expected=section.title,
                actual="（缺）",
            )
        )
    return plan


@rule(
    "CMP-PROCUREMENT-DETAIL",
    title="政府采购情况应分货物、工程、服务说明，决算还应说明授予中小企业合同金额及占比",
    severity="warning",
    family="completeness",
    tables=("narrative",),
    needs="情况说明中政府采购段落",
    rationale="操作规程要求说明政府采购支出总额及货物、工程、服务三类，以及授予中小企业合同金额和占比。",
    fires="“政府采购支出总额 18.10 万元，其中货物 18.10 万元”，未提工程、服务及中小企业。",
    silent="列明货物、工程、服务支出和授予中小企业合同金额及占比；或说明本年无政府采购。",
    template="政府采购情况说明未涉及：{missing}。",
)
def CMP_PROCUREMENT_DETAIL(d: Disclosure, profile: Profile, settings: Settings) -> JudgementPlan:
    """CMP-PROCUREMENT-DETAIL for a profile that requires the 政府采购 terms, on a document with a
    narrative (without one, CMP-SECTIONS is not evaluated)."""
    if not profile.procurement_terms or not d.paragraphs:
        return JudgementPlan()
    return procurement_plan(d.paragraphs, profile.procurement_terms)


def procurement_text(paragraphs: Sequence[Paragraph]) -> tuple[str, Paragraph | None]:
    """The 政府采购 parts of the narrative: every paragraph about it (notes under tables and term
    definitions excluded) with the paragraphs that follow it up to the next heading."""
    texts: list[str] = []
    first: Paragraph | None = None
    for i, p in enumerate(paragraphs):
        if "政府采购" not in p.text or re.match(r"^\s*(?:注|备注)[:：]", p.text) or DEFINITION.search(p.text):
            continue
        first = first or p
        texts.append(p.text)
        for q in paragraphs[i + 1 : i + 4]:
            if "政府采购" in q.text or re.match(
                r"^\s*(?:[（(]?[一二三四五六七八九十]+[）)、])|^\s*第[一二三四五六七八九十]+部分", q.text
            ):
                break
            texts.append(q.text)
    return "".join(texts), first


def procurement_plan(paragraphs: Sequence[Paragraph], terms: Iterable[str]) -> JudgementPlan:
    """CMP-PROCUREMENT-DETAIL: the section names every required term, unless nothing was bought."""
    plan = JudgementPlan()
    text, first = procurement_text(paragraphs)
    if first is None:
        return plan  # no section at all: CMP-SECTIONS says so
    compact = re.sub(r"\s+", "", text)
    if re.search(r"无政府采购|未发生政府采购|没有政府采购|未开展政府采购", compact):
        return plan
    total = TOTAL_PROCUREMENT.search(compact)
    missing = [t for t in terms if t not in compact]
    if total is not None and float(total.group(1).replace(",", "")) == 0:
        missing = [t for t in missing if t == "货物" or t == "工程" or t == "服务"]  # nothing to award
    message = CMP_PROCUREMENT_DETAIL.template.format(missing="、".join(missing))
    plan.judgements.append(
        Requirement(
            CMP_PROCUREMENT_DETAIL,
            not missing,
            message,
            [para_evidence(first)],
            "narrative",
            expected="、".join(terms),
            actual="、".join(t for t in terms if t not in missing) or "（无）",
        )
    )
    return plan


ASSET_TERMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("车辆数", re.compile(r"车辆\D{0,12}?\d+\s*辆|\d+\s*辆")),
    ("单价100万元以上设备数", re.compile(r"100\s*万元")),
)
NO_PROJECT_EVALUATION = re.compile(
    r"不单独填写[^。]{0,6}绩效自评|未开展项目(?:支出)?绩效自评|无项目(?:支出)?绩效自评|不开展项目(?:支出)?绩效自评"
)


def section_text(paragraphs: Sequence[Paragraph], word: str) -> tuple[str, Paragraph | None]:
    """The text of every section whose heading names `word` (up to the next heading; a 目录 may
    name it too), and the first such heading."""
    texts: list[str] = []
    first: Paragraph | None = None
    for i, p in enumerate(paragraphs):
        head = p.text.lstrip("-—•· ")
        if word not in head[:24] or not (
            HEADING.match(head) or re.match(r"^[（(][一二三四五六七八九十]+[）)]", head)
        ):
            continue
        first = first or p
        texts.append(p.text)
        for q in paragraphs[i + 1 : i + 8]:
            if HEADING.match(q.text.lstrip("-—•· ")):
                break
            texts.append(q.text)
    return "".join(texts), first


@rule(
    "CMP-ASSETS-DETAIL",
    title="国有资产占用情况应说明车辆数和单价100万元以上设备数（为0也应说明）",
    severity="info",
    family="completeness",
    tables=("narrative",),
    needs="情况说明中国有资产占用段落",
    rationale="国有资产占用情况的标准内容是车辆数（按用途）和单价100万元（含）以上设备数；只写“无国有资产占用”"
    "对一个正常运转的机关并不可信，也不便核对。",
    fires="“本单位2023年度无国有资产占用及购置。”",
    silent="“截至2023年末，本部门共有车辆2辆……单价100万元（含）以上设备0台（套）。”",
    template="国有资产占用情况说明未说明{missing}。",
)
def CMP_ASSETS_DETAIL(d: Disclosure, profile: Profile, settings: Settings) -> JudgementPlan:
    """CMP-ASSETS-DETAIL: the 国有资产 section gives the vehicle and large-equipment counts."""
    plan = JudgementPlan()
    if not d.paragraphs or "assets" not in profile.sections:
        return plan
    text, first = section_text(d.paragraphs, "国有资产")
    if first is None:
        return plan  # no section at all: CMP-SECTIONS says so
    compact = re.sub(r"\s+", "", text)
    missing = [name for name, pattern in ASSET_TERMS if pattern.search(compact) is None]
    message = CMP_ASSETS_DETAIL.template.format(missing="、".join(missing))
    plan.judgements.append(
        Requirement(
            CMP_ASSETS_DETAIL,
            not missing,
            message,
            [para_evidence(first, text)],
            "narrative",
            expected="车辆数、单价100万元以上设备数",
            actual="（未说明）",
        )
    )
    return plan


@rule(
    "CMP-PERF-PROJECTS",
    title="有项目支出时应公开项目绩效自评结果",
    severity="info",
    family="completeness",
    tables=("narrative", "03", "B03"),
    needs="公开03表（预算B03）“合计”行“项目支出”栏；情况说明中关于项目绩效自评的文字",
    rationale="项目支出应开展绩效自评并公开结果；有项目支出却声明不填写（不开展）项目绩效自评，绩效信息不完整。",
    fires="项目支出 43.58 万元，情况说明称“本部门2023年度不单独填写绩效自评表”。",
    silent="项目支出 2034.63 万元，“二级项目绩效自评个数1个，涉及资金2112万元”。",
    template="{table}项目支出为{actual}万元，但情况说明称“{text}”，未公开项目绩效自评结果。",
)
def CMP_PERF_PROJECTS(d: Disclosure) -> JudgementPlan:
    """CMP-PERF-PROJECTS: project expenditure while the narrative says no project is self-evaluated."""
    plan = JudgementPlan()
    table = d.table("03") or d.table("B03")
    if not d.paragraphs or table is None or table.empty:
        return plan
    total = CodeTable.of(table).total
    cell = total.cells.get("项目支出") if total is not None else None
    if cell is None or cell.amount is None or cell.amount.value <= 0:
        return plan
    said = next(
        ((p, m) for p in d.paragraphs if (m := NO_PROJECT_EVALUATION.search(p.text)) is not None), None
    )
    shown = fmt_amount(cell.amount.value, cell.amount.decimals)
    if said is None:
        plan.judgements.append(Requirement(CMP_PERF_PROJECTS, True, "", [], "narrative"))
        return plan
    p, m = said
    sentence = next((x for x in re.split(r"(?<=[。；])", p.text) if m.group(0) in x), m.group(0))
    message = CMP_PERF_PROJECTS.template.format(table=table_name(table), actual=shown, text=sentence.strip())
    plan.judgements.append(
        Requirement(
            CMP_PERF_PROJECTS,
            False,
            message,
            [cell.evidence(), para_evidence(p, sentence)],
            "narrative",
            expected="项目绩效自评结果",
            actual=sentence.strip()[:40],
        )
    )
    return plan


def _texts(d: Disclosure) -> Iterable[tuple[str, Callable[[], Evidence], Callable[[], str]]]:
    """(text, its evidence, where it stands) of every paragraph, table title and row label."""
    for p in d.paragraphs:
        if not _TOC.search(p.text):
            yield p.text, lambda p=p: para_evidence(p), lambda: "情况说明"
    for table in d.tables.values():
        if table.title:
            yield table.title, lambda t=table: table_evidence(t), lambda t=table: f"{table_name(t)}标题"
        for r in table.rows:
            if r.label:
                yield (
                    r.label,
                    lambda t=table, r=r: text_evidence(r.label, r.loc, t.id, r.key),
                    lambda t=table: f"{table_name(t)}行名",
                )


@rule(
    "CMP-PLACEHOLDER",
    title="不得留有占位符或未完成的文字（XX、××、待填、……、残缺年份）",
    severity="warning",
    family="completeness",
    tables=("document",),
    needs="情况说明各段文字、表格标题和行名",
    rationale="模板中的占位符（XX、待填、待补充）、省略号或残缺年份（“202 年度”）说明文件未填写完整即公开。",
    fires="“本部门共有车辆XX辆”；“202 年度部门决算”。",
    silent="所有文字均已填写。",
    template="{where}中有占位或未完成的文字“{text}”。",
)
def CMP_PLACEHOLDER(d: Disclosure) -> JudgementPlan:
    """CMP-PLACEHOLDER: one requirement per placeholder found, or one met requirement."""
    plan = JudgementPlan()
    hits: list[Requirement] = []
    for text, evidence_of, where_of in _texts(d):
        if ANY_PLACEHOLDER.search(text) is None:
            continue
        evidence, where = evidence_of(), where_of()
        for what, pattern in PLACEHOLDERS:
            m = pattern.search(text)
            if m is None:
                continue
            message = CMP_PLACEHOLDER.template.format(where=where, text=m.group(0)) + f"（{what}）"
            hits.append(
                Requirement(
                    CMP_PLACEHOLDER,
                    False,
                    message,
                    [evidence],
                    str(evidence.get("table") or "document"),
                    actual=m.group(0),
                )
            )
            break
        if len(hits) >= MAX_PLACEHOLDERS:
            break
    if hits:
        plan.judgements.extend(hits)
    else:
        plan.judgements.append(Requirement(CMP_PLACEHOLDER, True, "", [], "document"))
    return plan


def norm_unit(name: str) -> str:
    """A unit name without spaces and without a （本级）/（部门） suffix."""
    n = re.sub(r"\s+", "", name)
    return UNIT_SUFFIX.sub("", n)


@rule(
    "CMP-YEAR",
    title="表格标题和文件标题的年度应与文件年度一致",
    severity="warning",
    family="completeness",
    tables=("document",),
    needs="文件年度（ingest 识别）；表格标题及“××年度部门决算”等标题文字",
    rationale="表格或标题年度与文件年度不一致，常见于套用上年模板未改年度。",
    fires="2023年度部门决算中出现“2022年度部门决算情况说明”。",
    silent="全部标题均为2023年度。",
    template="{where}的年度为{actual}年，与文件年度{expected}年不一致。",
)
def CMP_YEAR(d: Disclosure) -> JudgementPlan:
    """CMP-YEAR on titles (tables and title-like paragraphs)."""
    plan = JudgementPlan()
    kind_word = KIND_WORDS.get(d.kind)
    if d.year is None:
        plan.not_evaluated.append(
            NotEvaluated(CMP_YEAR.id, f"未识别出文件年度，无法核对“{CMP_YEAR.title}”。", None)
        )
    else:
        years = 0
        for table in d.tables.values():
            m = re.search(r"(20\d{2})\s*年", table.title or "")
            if m is None:
                continue
            years += 1
            ok = int(m.group(1)) == d.year
            message = CMP_YEAR.template.format(
                where=f"{table_name(table)}标题", actual=m.group(1), expected=d.year
            )
            plan.judgements.append(
                Requirement(
                    CMP_YEAR,
                    ok,
                    message,
                    [table_evidence(table)],
                    table.id,
                    expected=str(d.year),
                    actual=m.group(1),
                )
            )
        for p in d.paragraphs:
            if len(p.text) > 80 or kind_word is None:
                continue
            for m in TITLE_YEAR.finditer(re.sub(r"\s+", "", p.text)):
                if m.group(2) != kind_word:
                    continue
                years += 1
                ok = int(m.group(1)) == d.year
                message = CMP_YEAR.template.format(
                    where=f"标题“{p.text[:40]}”", actual=m.group(1), expected=d.year
                )
                plan.judgements.append(
                    Requirement(
                        CMP_YEAR,
                        ok,
                        message,
                        [para_evidence(p)],
                        "narrative",
                        expected=str(d.year),
                        actual=m.group(1),
                    )
                )
        if not years:
            plan.judgements.append(Requirement(CMP_YEAR, True, "", [], "document"))
    return plan


@rule(
    "CMP-UNIT",
    title="标题中的单位名称应与文件单位一致",
    severity="warning",
    family="completeness",
    tables=("document",),
    needs="文件单位名称（ingest 识别）；“××单位××年度部门决算”等标题文字",
    rationale="标题中的单位名称与全文不一致，常见于套用其他单位的模板。",
    fires="柞水县医疗保障局的决算中出现“镇安县医疗保障局2023年度部门决算”。",
    silent="标题单位名称与文件单位一致（含“（本级）”等后缀差异）。",
    template="{where}中的单位名称“{actual}”与文件单位“{expected}”不一致。",
)
def CMP_UNIT(d: Disclosure) -> JudgementPlan:
    """CMP-UNIT on title-like paragraphs."""
    plan = JudgementPlan()
    if not d.unit:
        plan.not_evaluated.append(
            NotEvaluated(CMP_UNIT.id, f"未识别出文件单位名称，无法核对“{CMP_UNIT.title}”。", None)
        )
    else:
        unit = norm_unit(d.unit)
        for p in d.paragraphs:
            if len(p.text) > 80:
                continue
            m = TITLE_UNIT.search(re.sub(r"\s+", "", p.text))
            if m is None:
                continue
            name = norm_unit(re.sub(r"^(?:第[一二三四五六七八九十]+部分)", "", m.group("name")))
            if not name or len(name) < 4:
                continue
            ok = name in unit or unit in name
            message = CMP_UNIT.template.format(where=f"标题“{p.text[:40]}”", actual=name, expected=d.unit)
            plan.judgements.append(
                Requirement(
                    CMP_UNIT, ok, message, [para_evidence(p)], "narrative", expected=d.unit, actual=name
                )
            )
    return plan
