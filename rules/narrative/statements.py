"""What the 情况说明 says in words rather than figures: N-SECTION-SCOPE, N-CARRYOVER-CLAIM,
N-ITEM-LIST, N-COPY-TEXT, N-UNIT-SCOPE, N-UNIT-CHANGE."""

from __future__ import annotations

import re

from ingest.model import Amount, Disclosure, Evidence, Paragraph, Row, Table, format_amount
from ingest.schema import normalise_label
from rules.catalog import rule
from rules.claim_checks import claim_evidence, quote, require_check, section_words
from rules.forms import MIN_COMMON, common_run, project_name
from rules.judgements import JudgementPlan, text_evidence
from rules.narrative.facts import Facts, narrative_plan, row_evidence
from rules.wording import row_label, table_name


@rule(
    "N-SECTION-SCOPE",
    title="情况说明各部分只说本部分的事项（如国有资本经营部分不应说政府性基金）",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="“国有资本经营预算财政拨款支出决算情况说明”一节照抄政府性基金一节的表述，属内容错误。",
    fires="八、国有资本经营预算财政拨款支出决算情况说明：本单位无政府性基金预算财政拨款收支。",
    silent="八、国有资本经营预算财政拨款支出决算情况说明：本单位无国有资本经营预算财政拨款支出。",
    template="{where}所述为“{other}”：{problem}。原文：“{quote}”",
    needs="情况说明的章节标题与句子",
)
def N_SECTION_SCOPE(d: Disclosure) -> JudgementPlan:
    """N-SECTION-SCOPE: `scope_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, scope_checks)


@rule(
    "N-CARRYOVER-CLAIM",
    title="说明上年资金结转到本年使用，表中应有年初结转和结余",
    severity="warning",
    family="narrative",
    tables=("narrative", "01", "04"),
    rationale="情况说明称以前年度的资金未支出、结转到本年度使用，公开01表“年初结转和结余”（及04表年初财政拨款"
    "结转和结余）就应列有该数；表中为空或为0，说明要么解释不实，要么结转资金未在表中反映。所述项目有绩效自评表时，"
    "其“上年结转资金”同样应有数。",
    fires="“2023年度离休老干部医疗费项目经费未支出，项目经费结转，本年度正常支出”，01表年初结转和结余为空。",
    silent="同一句，01表年初结转和结余 100.00。",
    needs="情况说明中说明上年资金结转本年使用的句子；公开01/04表“年初结转和结余”；所述项目的绩效自评表“上年结转资金”",
)
def N_CARRYOVER_CLAIM(d: Disclosure) -> JudgementPlan:
    """N-CARRYOVER-CLAIM: `carryover_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, carryover_checks)


@rule(
    "N-ITEM-LIST",
    title="人员经费、公用经费“主要包括”的项目与公开06表有数的科目一致",
    severity="info",
    family="narrative",
    tables=("narrative", "06"),
    rationale="情况说明列举人员经费、公用经费“主要包括”的支出项目，应取自公开06表有数的经济科目；列举了06表未列数"
    "的项目，或漏列了06表中有数的项目，说明文字与表不符（常见于套用上年或模板文字）。",
    fires="公用经费主要包括：办公费、专用材料费、委托业务费……，而06表专用材料费、委托业务费未列数，维修（护）费 1.21 未提及。",
    silent="所列项目均为06表有数的科目，且06表有数的科目均已列举。",
    needs="情况说明“人员经费……主要包括：……”“公用经费……主要包括：……”的项目名称；公开06表各款级经济科目",
)
def N_ITEM_LIST(d: Disclosure) -> JudgementPlan:
    """N-ITEM-LIST: `item_list_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, item_list_checks)


@rule(
    "N-COPY-TEXT",
    title="情况说明没有照抄重复的句子，答非所问的标题",
    severity="info",
    family="narrative",
    tables=("narrative",),
    rationale="同一句中一个分句原样出现两次，或“部门重点评价”标题下回答的是“财政重点评价”（反之亦然），"
    "是套用模板或复制粘贴留下的痕迹，应予修改。",
    fires="“根据预算绩效管理要求，本部门……从评价情况来看，根据预算绩效管理要求，本单位……”；"
    "“（五）部门重点评价项目绩效评价结果”下写“本部门无财政重点评价项目”。",
    silent="每个分句只出现一次；“（五）部门重点评价项目……”下写“本部门无部门重点评价项目”。",
    needs="情况说明各段文字与小标题",
)
def N_COPY_TEXT(d: Disclosure) -> JudgementPlan:
    """N-COPY-TEXT: `copy_text_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, copy_text_checks)


@rule(
    "N-UNIT-SCOPE",
    title="决算编制范围的单位个数与“只有本级”的说法一致",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="情况说明一处称纳入决算编制范围的单位共N个（含所属二级单位），另一处又称所属单位只有本级，"
    "读者无法判断公开表是本级数还是部门汇总数。",
    fires="“纳入本部门决算编制范围的单位共3个，包括本级及所属二级单位2个”与“本单位所属单位只有部门本级”。",
    silent="“纳入本部门决算编制范围的单位共1个，即部门本级”。",
    needs="情况说明“部门决算单位构成”中的单位个数，及其他部分关于所属单位的说法",
)
def N_UNIT_SCOPE(d: Disclosure) -> JudgementPlan:
    """N-UNIT-SCOPE: `unit_scope_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, unit_scope_checks)


@rule(
    "N-UNIT-CHANGE",
    title="称“无预算单位变化”时，别处不应说新设或撤并了单位",
    severity="info",
    family="narrative",
    tables=("narrative",),
    rationale="情况说明称与年初相比预算单位无变化，别处却以新设（撤并）某中心、某站解释支出增减，"
    "二者至少有一处不确切；单位变化影响上下年数据的可比性，应如实说明。",
    fires="“与年初预算单位相比无预算单位变化调整”，而增支原因为“设立柞水县医疗保障基金中心人员支出”。",
    silent="称无预算单位变化，全文未提新设或撤并单位。",
    needs="情况说明中关于预算单位变化的说法，以及新设、撤销、合并单位的表述",
)
def N_UNIT_CHANGE(d: Disclosure) -> JudgementPlan:
    """N-UNIT-CHANGE: `unit_change_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, unit_change_checks)


OTHER_FUNDS: dict[str, tuple[str, str]] = {
    "state_capital": ("政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
    "fund": ("国有资本经营预算财政拨款", "政府性基金预算财政拨款"),
}


def scope_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-SECTION-SCOPE: the 国有资本经营 section speaks of 政府性基金 (or the other way round)."""
    seen: set[int] = set()
    for c in facts.claims:
        if c.scope not in OTHER_FUNDS or c.sentence_no in seen:
            continue
        seen.add(c.sentence_no)
        wrong, own = OTHER_FUNDS[c.scope]
        sentence = c.sentence
        mentions_wrong = c.subject == wrong or (wrong[:4] in sentence and own[:4] not in sentence)
        problem = (
            f"本节为“{c.section}”，句中却称“{wrong[:5]}”而未提“{own[:6]}”，疑为照抄其他章节"
            if mentions_wrong
            else ""
        )
        plan.judgements.append(
            require_check(
                N_SECTION_SCOPE,
                not mentions_wrong,
                message=N_SECTION_SCOPE.template.format(
                    where=section_words(c), other=wrong, problem=problem, quote=quote(c)
                ),
                evidence=[claim_evidence(c)],
            )
        )


# A sentence saying money of an earlier year was carried over and spent this year.
_CARRIED_IN = re.compile(
    r"(?:上年|以前年度|(?P<year>20\d{2})年度?)[^。；]*?结转[^。；]*?本年度?[^。；]*?(?:支出|使用)"
)
_DEFINITION = re.compile(r"[：:]指|是指|系指|指单位|名词解释")
_CARRIED_OUT = ("结转下年", "结转至下年", "年末结转", "结转到下年", "结转以后年度")
_OPENING_ROWS = (("01", "年初结转和结余"), ("04", "年初财政拨款结转和结余"), ("04", "年初结转和结余"))


def _opening_balance(d: Disclosure) -> list[tuple[Table, Row]]:
    """The 年初结转和结余 rows of 01/04表 (the totals, not their sub-rows)."""
    out: list[tuple[Table, Row]] = []
    for tid, key in _OPENING_ROWS:
        t = d.table(tid)
        r = t.row(key) if t is not None else None
        if t is not None and r is not None and all(x[0] is not t for x in out):
            out.append((t, r))
    return out


def carryover_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-CARRYOVER-CLAIM: “…经费结转，本年度正常支出” while 01/04表 show no 年初结转和结余."""
    d = facts.d
    rows = _opening_balance(d)
    if not rows or d.year is None:
        return
    for p in d.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        for sentence in re.split(r"(?<=[。；])", text):
            m = _CARRIED_IN.search(sentence)
            if m is None or any(w in sentence for w in _CARRIED_OUT) or _DEFINITION.search(sentence):
                continue  # not a claim, or a glossary entry defining 年初结转和结余
            if m.group("year") and int(m.group("year")) >= d.year:
                continue  # this year's own money
            printed = [
                (t, r)
                for t, r in rows
                if any(c.amount is not None and c.amount.value != 0 for c in r.cells.values())
            ]
            forms = _forms_named(d, sentence)
            evidence: list[Evidence] = [text_evidence(sentence, p.loc)]
            for t, r in rows:
                evidence.append(row_evidence(t, r, next(iter(r.cells), "决算数")))
            carried = []
            for form in forms:
                fr = form.row("上年结转资金")
                if fr is None:
                    continue
                column = "全年执行数" if "全年执行数" in fr.cells else next(iter(fr.cells), "")
                cell = fr.cells.get(column)
                if cell is not None:
                    evidence.append(row_evidence(form, fr, column))
                    carried.append((form, cell))
            tables = "、".join(f"{table_name(t)}“{row_label(r)}”" for t, r in rows)
            form_words = "".join(
                f"，{table_name(f)}“上年结转资金”为{c.text.strip() or '空'}" for f, c in carried
            )
            plan.judgements.append(
                require_check(
                    N_CARRYOVER_CLAIM,
                    bool(printed),
                    message=f"情况说明称以前年度资金结转到本年度使用，但{tables}未列数（空或0）{form_words}；"
                    f"请核实结转资金是否在表中反映，或更正说明。原文：“{sentence.rstrip('。；')}”",
                    evidence=evidence,
                    expected="年初结转和结余 > 0",
                    actual="未列数",
                )
            )


def _forms_named(d: Disclosure, sentence: str) -> list[Table]:
    """The 项目支出 forms whose project the sentence names (a common run of MIN_COMMON characters)."""
    return [
        form
        for tid, form in sorted(d.tables.items())
        if tid.startswith("P")
        and form.row("上年结转资金") is not None
        and common_run(project_name(form.title), sentence) >= MIN_COMMON
    ]


# “（一）人员经费120.59万元，主要包括：基本工资、津贴补贴……” (the lane's name may be cut: “公用经”).
_ITEM_LIST = re.compile(
    r"(?:（[一二三四五六七八九十]）)?(?P<lane>人员经?费?|公用经?费?)(?P<amount>\d+(?:\.\d+)?)万元[，,]?主要包括[：:]?(?P<items>(?:(?!公用经|人员经|（[一二三四五]）)[^。])+)"
)
_LIST_END = re.compile(r"等(?:支出|费用|项目)?$")


def _names(items: str) -> list[str]:
    out = []
    for part in re.split(r"[、，,；;：:]", _LIST_END.sub("", items)):
        name = re.sub(r"\d+(?:\.\d+)?万?元?$", "", part).strip("：: ")
        if name:
            out.append(name)
    return out


def _same_item(name: str, label: str) -> bool:
    a, b = normalise_label(name), normalise_label(label)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and short in long


def item_list_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-ITEM-LIST: the items of “人员经费/公用经费……主要包括：” against 06表's printed 款 lines."""
    t06 = facts.d.table("06")
    if t06 is None or t06.empty:
        return
    for p in facts.d.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        for m in _ITEM_LIST.finditer(text):
            lane = "personnel" if m.group("lane").startswith("人员") else "operating"
            lines = [r for r in t06.rows if r.code and len(r.code) == 5 and r.lane == lane]
            if not lines:
                continue
            classes = [normalise_label(r.label) for r in t06.rows if r.code and len(r.code) == 3]
            names = [n for n in _names(m.group("items")) if normalise_label(n) not in classes]
            if len(names) < 3:
                continue
            printed = [
                r
                for r in lines
                if any(c.amount is not None and c.amount.value != 0 for c in r.cells.values())
            ]
            listed_blank = [n for n in names if not any(_same_item(n, r.label) for r in printed)]
            omitted = [r for r in printed if not any(_same_item(n, r.label) for n in names)]
            sentence = m.group(0)
            problems = []
            if listed_blank:
                problems.append("列举了06表未列数的" + "、".join(f"“{n}”" for n in listed_blank))
            if omitted:
                problems.append(
                    "未提及06表中有数的"
                    + "、".join(
                        f"“{r.label}”{format_amount(a)}万元" for r in omitted if (a := _first_amount(r))
                    )
                )
            evidence: list[Evidence] = [text_evidence(sentence, p.loc)]
            evidence += [row_evidence(t06, r, next(iter(r.cells), "决算数")) for r in omitted]
            lane_words = "人员经费" if lane == "personnel" else "公用经费"
            plan.judgements.append(
                require_check(
                    N_ITEM_LIST,
                    not problems,
                    message=f"情况说明所列{lane_words}“主要包括”的项目与公开06表不一致：{'；'.join(problems)}。"
                    f"原文：“{sentence}”",
                    evidence=evidence,
                    expected="、".join(r.label for r in printed),
                    actual="、".join(names),
                )
            )


def _first_amount(r: Row) -> Amount | None:
    return next((c.amount for c in r.cells.values() if c.amount is not None), None)


_CLAUSE = re.compile(r"[^，。；：,;:！？]+")
MIN_REPEATED_CLAUSE = 8  # characters of a clause printed twice in one paragraph
_REVIEW_KIND = re.compile(r"(部门|财政)重点评价")


def copy_text_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-COPY-TEXT: a clause (no figures) printed twice in one paragraph; a 部门/财政 重点评价 heading
    answered about the other kind."""
    paragraphs = facts.d.paragraphs
    for k, p in enumerate(paragraphs):
        text = re.sub(r"\s+", "", p.text)
        for sentence in re.split(r"(?<=[。！？])", text):
            seen: dict[str, int] = {}
            for m in _CLAUSE.finditer(sentence):
                clause = m.group(0)
                if len(clause) < MIN_REPEATED_CLAUSE or any(ch.isdigit() for ch in clause):
                    continue
                if clause not in seen:
                    seen[clause] = m.start()
                    continue
                excerpt = sentence[seen[clause] : m.end() + 20]  # and what follows the repeat
                excerpt = excerpt if len(excerpt) <= 110 else excerpt[:40] + "……" + excerpt[-60:]
                plan.judgements.append(
                    require_check(
                        N_COPY_TEXT,
                        False,
                        message=f"情况说明同一句中“{clause}”出现两次，疑为复制粘贴未删改，请修改。原文：“{excerpt}”",
                        evidence=[text_evidence(excerpt, p.loc)],
                    )
                )
                break
        heading = _REVIEW_KIND.search(text)
        if heading is None or len(text) > 40 or k + 1 >= len(paragraphs):
            continue
        own = heading.group(1)
        other = "财政" if own == "部门" else "部门"
        answer = re.sub(r"\s+", "", paragraphs[k + 1].text)
        if f"{other}重点评价" in answer and f"{own}重点评价" not in answer:
            plan.judgements.append(
                require_check(
                    N_COPY_TEXT,
                    False,
                    message=f"情况说明标题为“{text}”，其下却写“{answer[:60]}”，说的是{other}重点评价而非{own}重点评价，"
                    f"答非所问，请核实。原文：“{answer[:60]}”",
                    evidence=[
                        text_evidence(text, p.loc),
                        text_evidence(answer[:60], paragraphs[k + 1].loc),
                    ],
                )
            )


_UNIT_COUNT = re.compile(r"(?:决算编制范围|决算汇编范围)的单位共(\d+)个(?:[，,][^，,。：:]*)?")
_ONLY_OWN = re.compile(r"[^。；]*(?:只有|仅有|仅为|仅含|仅包括)(?:部门)?本级[^。；]*")
# (each pattern with a leading run, like _ONLY_OWN, searched only in a paragraph holding its words:
# such a search costs the square of a clause's length)


def unit_scope_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-UNIT-SCOPE: “决算编制范围的单位共3个” against “所属单位只有部门本级”."""
    count: tuple[Paragraph, re.Match[str]] | None = None
    only: tuple[Paragraph, re.Match[str]] | None = None
    for p in facts.d.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        if count is None and (m := _UNIT_COUNT.search(text)):
            count = (p, m)
        if only is None and "本级" in text and (m := _ONLY_OWN.search(text)):
            only = (p, m)
    if count is None or only is None:
        return
    n = int(count[1].group(1))
    plan.judgements.append(
        require_check(
            N_UNIT_SCOPE,
            n <= 1,
            message=f"情况说明称“{count[1].group(0)}”，另一处又称“{only[1].group(0)}”，决算编制范围前后矛盾，"
            f"请说明公开表是本级数还是部门汇总数。原文：“{only[1].group(0)}”",
            evidence=[
                text_evidence(count[1].group(0), count[0].loc),
                text_evidence(only[1].group(0), only[0].loc),
            ],
        )
    )


_NO_UNIT_CHANGE = re.compile(r"[^。；]*(?:无(?:预算)?单位变化|(?:预算)?单位(?:无|没有)变化)[^。；]*")
_NEW_UNIT = re.compile(
    r"[^。；，]*(?:新设|设立|新成立|成立|组建|撤销|撤并|合并)(?:了)?[^，。；、和及]{2,16}?"
    r"(?:中心|局|站|所|院|处|办公室|大队)(?![\u4e00-\u9fff]{0,2}(?:电话|信箱))[^。；]*"
)

# Words one of which each match of _NEW_UNIT holds (a paragraph without any is not searched: the
# pattern's leading run makes a search cost the square of a clause's length).
_NEW_UNIT_WORDS = ("新设", "设立", "成立", "组建", "撤销", "撤并", "合并")


def unit_change_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-UNIT-CHANGE: “无预算单位变化” against a unit said to be set up (or merged) elsewhere."""
    said: tuple[Paragraph, str] | None = None
    new: tuple[Paragraph, str] | None = None
    for p in facts.d.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        if said is None and "变化" in text and (m := _NO_UNIT_CHANGE.search(text)):
            said = (p, m.group(0))
        if new is None and any(w in text for w in _NEW_UNIT_WORDS) and (m := _NEW_UNIT.search(text)):
            new = (p, m.group(0))
    if said is None or new is None:
        return
    plan.judgements.append(
        require_check(
            N_UNIT_CHANGE,
            False,
            message=f"情况说明称“{said[1]}”，别处却写“{new[1][:80]}”，单位有无变化的说法不一致，请核实并如实说明。"
            f"原文：“{said[1]}”",
            evidence=[text_evidence(said[1], said[0].loc), text_evidence(new[1][:80], new[0].loc)],
        )
    )
