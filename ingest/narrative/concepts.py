"""What a figure is about: the canonical concepts of the 情况说明 (“基本支出”, “三公经费”, the 类 of
the functional classification …), their printed aliases, the concepts named in a text, and the
words of a clause that name a subject when no concept does."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.narrative.sections import ENUMERATOR
from ingest.schema import INCOME_ITEMS_01

# The subject of a figure that names none, when nothing else in its sentence or item does.
SECTION_SUBJECT: dict[str, str] = {
    "three_public": "三公经费",
    "agency_running": "机关运行经费",
    "procurement": "政府采购",
    "fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
    "general": "一般公共预算财政拨款支出",
    "general_basic": "基本支出",
}

# --- concepts --------------------------------------------------------------------------------

# Canonical concept → printed aliases (matched after normalisation; the longest match wins).
CONCEPTS: dict[str, tuple[str, ...]] = {
    "收支总计": (
        "收入支出总计",
        "收、支总计",
        "收支总计",
        "收入支出决算总计",
        "收入、支出总计",
        "收入和支出总计",
        "财政拨款收、支总计",
        "财政拨款收支总计",
        "财政拨款收入支出总计",
    ),
    "收入总计": ("收入总计", "收入决算总计", "财政拨款收入总计"),
    "支出总计": ("支出总计", "支出决算总计", "财政拨款支出总计"),
    "本年收入合计": ("本年收入合计", "收入合计", "收入决算合计"),
    "本年支出合计": ("本年支出合计", "支出合计", "支出决算合计"),
    "财政拨款收入": ("财政拨款收入",),
    "一般公共预算财政拨款收入": ("一般公共预算财政拨款收入",),
    "政府性基金预算财政拨款收入": ("政府性基金预算财政拨款收入",),
    "国有资本经营预算财政拨款收入": ("国有资本经营预算财政拨款收入",),
    "上级补助收入": ("上级补助收入",),
    "事业收入": ("事业收入",),
    "经营收入": ("经营收入",),
    "附属单位上缴收入": ("附属单位上缴收入",),
    "其他收入": ("其他收入",),
    "使用非财政拨款结余": ("使用非财政拨款结余",),
    "年初结转和结余": ("年初结转和结余", "年初结转结余", "年初财政拨款结转和结余", "上年结转"),
    "年末结转和结余": ("年末结转和结余", "年末结转结余", "年末财政拨款结转和结余"),
    "基本支出": ("基本支出",),
    "项目支出": ("项目支出",),
    "上缴上级支出": ("上缴上级支出",),
    "经营支出": ("经营支出",),
    "对附属单位补助支出": ("对附属单位补助支出",),
    "一般公共预算财政拨款支出": (
        "一般公共预算财政拨款支出",
        "一般公共预算财政拨款决算支出",
        "一般公共预算支出",
    ),
    "财政拨款支出": ("财政拨款支出",),
    "人员经费": ("人员经费",),
    "公用经费": ("公用经费", "公用经"),
    "三公经费": ("“三公”经费", "三公经费", "“三公经费”", "“三公”"),
    "因公出国（境）费": ("因公出国（境）费", "因公出国（境）", "出国（境）费", "因公出国费"),
    "公务用车购置及运行维护费": (
        "公务用车购置及运行维护费",
        "公务用车购置及运行费",
        "公务用车购置和运行维护费",
    ),
    "公务用车购置费": ("公务用车购置费", "公务用车购置支出", "公务用车购置"),
    "公务用车运行维护费": (
        "公务用车运行维护费",
        "公务用车运行维护支出",
        "公务用车运行费",
        "公务用车运行维护",
    ),
    "公务接待费": ("公务接待费", "公务接待支出", "国内公务接待支出", "公务接待"),
    "会议费": ("会议费",),
    "培训费": ("培训费",),
    "机关运行经费": ("机关运行经费",),
    "政府采购": ("政府采购支出总额", "政府采购总额", "政府采购支出", "政府采购合同总额"),
    "政府采购货物": ("政府采购货物支出", "货物采购支出", "政府采购货物"),
    "政府采购工程": ("政府采购工程支出", "工程采购支出", "政府采购工程"),
    "政府采购服务": ("政府采购服务支出", "服务采购支出", "政府采购服务"),
    "中小企业合同": ("授予中小企业合同金额", "中小企业合同金额", "授予中小企业"),
    "小微企业合同": ("授予小微企业合同金额", "小微企业合同金额", "授予小微企业"),
    "政府性基金预算财政拨款": ("政府性基金预算财政拨款", "政府性基金"),
    "国有资本经营预算财政拨款": ("国有资本经营预算财政拨款", "国有资本经营预算", "国有资本经营"),
}

# Functional classification 类 names (2023 科目); concepts in the 一般公共预算 section only.
FUNC_CLASSES: tuple[str, ...] = (
    "一般公共服务支出",
    "外交支出",
    "国防支出",
    "公共安全支出",
    "教育支出",
    "科学技术支出",
    "文化旅游体育与传媒支出",
    "社会保障和就业支出",
    "卫生健康支出",
    "节能环保支出",
    "城乡社区支出",
    "农林水支出",
    "交通运输支出",
    "资源勘探工业信息等支出",
    "商业服务业等支出",
    "金融支出",
    "援助其他地区支出",
    "自然资源海洋气象等支出",
    "住房保障支出",
    "粮油物资储备支出",
    "灾害防治及应急管理支出",
    "债务还本支出",
    "债务付息支出",
    "抗疫特别国债安排的支出",
)
CLASS_SUFFIX = "（类）"

# Concepts named in one section mean another concept there.
SCOPED_CONCEPTS: dict[tuple[str, str], str] = {
    ("general", "财政拨款支出"): "一般公共预算财政拨款支出",
    ("general_basic", "财政拨款支出"): "一般公共预算财政拨款支出",
    ("fin_overall", "财政拨款支出"): "支出总计",
}

# The whole a part belongs to, for shares stated without naming it (“其中：基本支出X，占78%”).
PARENTS: dict[str, str] = {
    **{c: "本年支出合计" for c in ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")},
    **{c: "本年收入合计" for c in ("财政拨款收入", *INCOME_ITEMS_01)},
    "人员经费": "基本支出",
    "公用经费": "基本支出",
    "因公出国（境）费": "三公经费",
    "公务用车购置及运行维护费": "三公经费",
    "公务接待费": "三公经费",
    "公务用车购置费": "公务用车购置及运行维护费",
    "公务用车运行维护费": "公务用车购置及运行维护费",
    "政府采购货物": "政府采购",
    "政府采购工程": "政府采购",
    "政府采购服务": "政府采购",
    "中小企业合同": "政府采购",
    "小微企业合同": "中小企业合同",
}

# The words of a change of amount (增加/减少 X万元) right before its figure; no part of a subject.
CHANGE_TAIL = re.compile(r"[（(]?(增加|减少|增长|下降|上升|降低|节约|节支|增支|减支|多支出|少支出)[）)]?了?$")

# Words stripped from free-text subjects.
_FILLER = re.compile(
    r"截至\d{4}年(?:\d{1,2}月\d{1,2}日|底|末|年底|年末)?|\d{4}年度?(?:期末|年末|年底|末|底)?|本年度?|当年|全年|"
    r"上一?年度?|去年|"
    r"年初预算(?:数)?|全年预算(?:数)?|预算数|支出决算(?:数)?|决算数|决算|执行数|预算|"
    r"其中|主要用于以下方面|主要用于|主要包括|包括|与上年度?相比|比上年度?|较上年度?|同比|共计|共|合计|总额|"
    r"分别|均为|均|各|因此|所以|从而|为|是|达|约|的|了|以上|“|”|‘|’|《|》|\s"
)


# --- concepts in text ------------------------------------------------------------------------


def _alias_table() -> list[tuple[str, str]]:
    pairs = [(alias, concept) for concept, aliases in CONCEPTS.items() for alias in aliases]
    return sorted(pairs, key=lambda p: -len(p[0]))


_ALIASES = _alias_table()


def _class_aliases() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name in FUNC_CLASSES:
        stem = name[:-2] if name.endswith("支出") else name
        concept = name + CLASS_SUFFIX
        for alias in (f"{stem}（类）支出", f"{name}（类）", f"{stem}（类）", name):
            pairs.append((alias, concept))
    return sorted(pairs, key=lambda p: -len(p[0]))


_CLASS_ALIASES = _class_aliases()


@dataclass(frozen=True)
class Mention:
    """A concept named in a text: where, which, as printed."""

    start: int
    end: int
    concept: str
    alias: str


@functools.lru_cache(maxsize=64)
def _lexicon(general: bool, extra: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Aliases to look for, longest first (the 类 names only in the 一般公共预算 section)."""
    tables: list[Sequence[tuple[str, str]]] = [extra, _ALIASES]
    if general:
        tables.insert(0, _CLASS_ALIASES)
    return tuple(sorted((p for t in tables for p in t), key=lambda p: -len(p[0])))


def mentions(text: str, scope: str, extra: Sequence[tuple[str, str]] = ()) -> list[Mention]:
    """Concepts named in `text`, non-overlapping, longest alias first, in text order."""
    taken = [False] * len(text)
    found: list[Mention] = []
    if not text:
        return found
    for alias, concept in _lexicon(scope == "general", tuple(extra)):
        if alias not in text:
            continue
        start = 0
        while True:
            i = text.find(alias, start)
            if i < 0:
                break
            j = i + len(alias)
            if not any(taken[i:j]):
                for k in range(i, j):
                    taken[k] = True
                found.append(Mention(i, j, SCOPED_CONCEPTS.get((scope, concept), concept), alias))
            start = i + 1
    found.sort(key=lambda m: m.start)
    return found


def mask(text: str, spans: Iterable[Mention]) -> str:
    """`text` with the named concepts blotted out (□), so metric words are not read inside them."""
    chars = list(text)
    for m in spans:
        for k in range(m.start, m.end):
            chars[k] = "□"
    return "".join(chars)


# Words that name no subject on their own (“上年支出31.00万元” is the subject's prior figure).
EMPTY_SUBJECTS = frozenset({"支出", "收入", "金额", "资金", "经费", "数额", "决算支出", "支出数"})


def free_subject(clause: str) -> str:
    """The words of a clause that name its figure, when no concept does."""
    t = ENUMERATOR.sub("", clause)
    t = re.sub(r"[（）]", "", t)
    t = _FILLER.sub("", t)
    t = CHANGE_TAIL.sub("", t)
    t = re.sub(r"\d+(?:\.\d+)?", "", t)
    return t if len(t) >= 2 and t not in EMPTY_SUBJECTS else ""


_CLAUSE_CUT = re.compile(r"[，,；;：:。]")
_DESCRIPTION = re.compile(r"^(?:主要)?(?:用于|原因|原因是|是由于|由于|因为)")
# A concept that only qualifies the one printed right before it (“三公”经费 + 财政拨款支出).
QUALIFIERS: frozenset[str] = frozenset({"财政拨款支出", "一般公共预算财政拨款支出"})


def last_clause(prefix: str) -> str:
    """The clause a figure stands in: the text after the last clause mark (a leading “、” right
    after the previous figure counts as one), empty when that clause only describes a use or a
    reason (“用于…”, “主要原因是…”)."""
    t = prefix[1:] if prefix.startswith("、") else prefix
    clause = _CLAUSE_CUT.split(t)[-1]
    return "" if _DESCRIPTION.match(clause) else clause


def earlier_clauses(prefix: str) -> list[str]:
    """The clauses before a figure's own one (since the previous figure), nearest first, without
    those that only describe a use or a reason."""
    t = prefix[1:] if prefix.startswith("、") else prefix
    parts = _CLAUSE_CUT.split(t)[:-1]
    return [c for c in reversed(parts) if c and not _DESCRIPTION.match(c)]
