"""The level of government the 情况说明 gives a project's money, against that project's 绩效 form.

PERF-FUND-NARRATIVE: a sentence of the 情况说明 names one project (tied to one form by its name, as
the other 绩效 rules tie them) and gives its money one level of government (“××项目使用中央转移支付
资金120万元”, “省级专项资金”, “县级配套资金”), while the form breaks its money down by level
(中央财政资金 / 省级财政资金 / 市县财政资金) with that level's row empty in every 预算数/执行数 column
and money under another level. Warning: the same money has two sources in one document.

A rule apart from PERF-FUND-LEVEL (rules/performance_content.py), which reads the project's own name
against its form: here the other side is another part of the document, quoted as a sentence, and
either side may be the wrong one. A level word inside the project's name is left to PERF-FUND-LEVEL
(the sentence is read without the words it shares with the name). Silent when the sentence names
no level, more than one (“中央和省级资金”), a level it negates (“未使用中央资金”), when no form or
more than one form is named equally well, when the form prints no level rows or no money by level,
and in definitions (名词解释).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ingest.model import Disclosure, Row, Table
from ingest.numbers import clean
from ingest.schema import normalise_label
from rules.catalog import rule
from rules.forms import MIN_COMMON, MIN_PROJECT_NAME, has_money, printed, project_name
from rules.judgements import JudgementPlan, Requirement, ref, text_evidence
from rules.wording import table_name

# The rows a form breaks its money down by level into (the rows PERF-FUND-LEVEL reads).
LEVEL_ROWS = ("中央财政资金", "省级财政资金", "市县财政资金")

# The level a sentence gives money: a level word followed by 资金 (with 级 where a bare 省/市/县/区
# could end another word: 节省资金, 城市建设资金).
_SAID_LEVEL = (
    ("中央财政资金", re.compile(r"中央(?:财政)?(?:转移支付|补助|专项|直达)?资金")),
    ("省级财政资金", re.compile(r"(?:省级|省本级|省财政)(?:财政)?(?:转移支付|补助|专项|配套)?资金")),
    (
        "市县财政资金",
        re.compile(r"(?:(?:市|县|区)(?:级|本级)|市县级?|县区级?)(?:财政)?(?:转移支付|补助|专项|配套)?资金"),
    ),
)
_NEGATED = re.compile(r"(?:无|未|没有|不含|不包括|除|非)[^，,。；;、]{0,4}$")
_SENTENCE = re.compile(r"[^。；;]+[。；;]?")
_DEFINITION = re.compile(r"[:：]指|是指|名词解释")
_NAME_END = re.compile(r"项目$")
MONEY_WORDS = ("预算数", "执行数")
# A sentence names a form's project when they share a run of MIN_COMMON characters that is at least
# this share (in tenths) of the project's name, longer than the run any other form shares.
NAME_SHARE_TENTHS = 6


def said_levels(sentence: str) -> set[str]:
    """The level rows a sentence gives money to, negated mentions (“未使用中央资金”) left out."""
    out: set[str] = set()
    for level, pattern in _SAID_LEVEL:
        for m in pattern.finditer(sentence):
            if not _NEGATED.search(sentence[: m.start()]):
                out.add(level)
    return out


def _project(form: Table) -> str:
    """The project a form is about: its 项目名称, else the project of its title."""
    name = normalise_label(form.subject) if form.subject else project_name(form.title)
    return _NAME_END.sub("", name)


def _named(forms: list[tuple[str, Table]], sentence: str) -> tuple[str, Table, str] | None:
    """(project, form, the sentence with the shared words blanked) of the one form it names."""
    scored: list[tuple[int, str, Table, str]] = []
    for name, form in forms:
        m = SequenceMatcher(None, sentence, name, autojunk=False).find_longest_match(
            0, len(sentence), 0, len(name)
        )
        if m.size >= MIN_COMMON and m.size * 10 >= len(name) * NAME_SHARE_TENTHS:
            scored.append((m.size, name, form, sentence[: m.a] + "□" + sentence[m.a + m.size :]))
    scored.sort(key=lambda x: -x[0])
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    _, name, form, rest = scored[0]
    return name, form, rest


def _money(form: Table, level: str) -> list[tuple[Row, str]]:
    """(row, column) of each 预算数/执行数 column in which the level's row has money."""
    row = form.row(level)
    if row is None:
        return []
    return [(row, c) for c in form.columns if any(w in c for w in MONEY_WORDS) and has_money(row, c)]


@rule(
    "PERF-FUND-NARRATIVE",
    title="情况说明所称项目资金级次（中央、省级、市县）与该项目绩效表的资金来源一致",
    severity="warning",
    family="performance",
    tables=("P", "narrative"),
    needs="情况说明中点名一个项目并写明一个资金级次的句子（“××项目使用中央转移支付资金”“省级专项资金”）；"
    "按项目名称对应的绩效目标表/自评表中按级次分列的资金行（中央财政资金、省级财政资金、市县财政资金）",
    rationale="情况说明写明某项目使用中央（省级、市县）资金，而该项目绩效表中这一级次的资金行在预算数、执行数"
    "各栏均为0，资金全部列在另一级次下：同一笔钱在文件两处的来源互相矛盾，或说明写错，或表中资金来源填错，"
    "转移支付的统计和绩效责任随之错位。",
    fires="情况说明“农村饮水安全项目使用中央转移支付资金288万元”，该项目自评表中央财政资金0，省级财政资金288。",
    silent="同一句，该项目自评表中央财政资金288，其余级次为0；或句中同时写中央和省级资金。",
    template="情况说明称“{text}”，即“{title}”使用{level}资金，而{table}{rows}；情况说明与绩效表的资金来源"
    "不符，请核实哪一处有误。",
)
def PERF_FUND_NARRATIVE(d: Disclosure) -> JudgementPlan:
    """PERF-FUND-NARRATIVE on every 情况说明 sentence naming one form's project and one level."""
    out = JudgementPlan()
    forms = [
        (_project(form), form)
        for tid, form in sorted(d.tables.items())
        if tid.startswith("P") and any(form.row(level) is not None for level in LEVEL_ROWS)
    ]
    forms = [(name, form) for name, form in forms if len(name) >= MIN_PROJECT_NAME]
    if not forms:
        return out
    for p in d.paragraphs:
        text = clean(p.text)
        if _DEFINITION.search(text):
            continue
        for sentence in _SENTENCE.findall(text):
            named = _named(forms, sentence)
            if named is None:
                continue
            name, form, rest = named
            levels = said_levels(rest)
            if len(levels) != 1:
                continue
            level = levels.pop()
            others = [(r, c) for lv in LEVEL_ROWS if lv != level for r, c in _money(form, lv)]
            if _money(form, level) or not others:
                continue  # the form gives that level money, or gives no money by level at all
            own = form.row(level)
            by_row: dict[str, list[str]] = {}
            for r, c in others:
                by_row.setdefault(r.key, []).append(f"{c}{printed(r, c)}")
            where = "，".join(f"{key}（{'、'.join(cells)}）" for key, cells in by_row.items())
            state = "在预算数、执行数各栏均为0" if own is not None else "未列"
            message = PERF_FUND_NARRATIVE.template.format(
                text=sentence,
                title=name,
                level=level.removesuffix("财政资金"),
                table=table_name(form),
                rows=f"{level}{state}，资金列在{where}",
            )
            columns = list(dict.fromkeys(c for _, c in others))
            evidence = [text_evidence(sentence, p.loc)]
            evidence += [ref(form, own, c).evidence() for c in columns if own is not None]
            evidence += [ref(form, r, c).evidence() for r, c in others]
            out.judgements.append(
                Requirement(
                    PERF_FUND_NARRATIVE,
                    False,
                    message,
                    evidence,
                    form.id,
                    expected=level,
                    actual="、".join(by_row),
                )
            )
    return out
