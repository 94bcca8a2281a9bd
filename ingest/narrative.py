"""The 情况说明 read as claims: every amount, percentage and count of a sentence, tied to its subject.

Narrative lines (everything outside the standard tables) are normalised — spaces between CJK
characters and inside numbers removed ("1, 049. 22" → "1,049.22"), hard wraps joined — and cut
into sections by their headings (一、… / （一）… / 1.…说明), which give every figure its scope
(收入支出决算总体, 一般公共预算财政拨款支出, “三公”经费 …). Sections are cut into sentences at
。！？ and where an enumerated item starts (“：1、”, “；（二）”); a figure is only ever related to
figures of its own sentence (never to the next sentence or paragraph), and to other sentences only
through its subject.

For each figure (X万元, X元, X%, N人/辆/个…) the words before it say what it is:

- its subject: a canonical concept from `CONCEPTS` (“基本支出”, “三公经费”, a 类 of the
  functional classification, an enumerated 类/款/项 item resolved to its 公开05表 row), or the
  words themselves when no concept is named, or — when nothing precedes it in its clause — the
  subject of the previous figure of the sentence, of the enumerated item, or of the section;
- its metric: final (决算), budget (预算), prior (上年), change (增加/减少 X万元), share (占X%),
  growth (增长/下降 Y%), completion (完成预算的Z%), rate (any other percentage), count;
- its links inside the sentence: a share's part and whole, a growth rate's change amount and the
  current amount, a completion rate's final and budget amounts;
- the table facts it must equal (`Claim.refs`), from the section's scope and the subject.

Forms printed as loose lines (绩效自评表 extracted without a grid) are not sentences and are left
out; every figure that could not be turned into a claim tied to a subject is listed in the
quality record (`quality["claims"]["unparsed"]`) rather than dropped silently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from ingest.layout import Line
from ingest.model import Amount, CellRef, Claim, Location, Paragraph, Row, Table
from ingest.schema import INCOME_ITEMS_01, normalise_label

# Characters of context kept on each side of an unparsed figure in the quality record.
UNPARSED_CONTEXT = 24
# Longest heading (characters, after normalisation); longer lines are sentences.
MAX_HEADING = 40
# Smallest similarity (difflib ratio) of a free-text item name and a 公开05表 row name.
ITEM_NAME_SIMILARITY = 0.85

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％（）", "0123456789.%（）")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")

# --- figures ---------------------------------------------------------------------------------

FIGURE = re.compile(
    r"(?<![\d.,/])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    # “0.39万（含…）”: 万 without 元 right before a punctuation mark is still an amount in 万元
    r"(?:(?P<money>万元|亿元|元|万(?=[（(，,；;。、）)]))|(?P<pct>%)|(?P<count>人次|人|个|辆|批次|台（套）|台|套|次|家|户|名|批))"
)
# A money unit printed without its figure (“项目支出万元”, “为 万元”): a placeholder left unfilled,
# read as “0 or not printed” for the subject of its own clause, never a figure of a neighbour.
BLANK_AMOUNT = re.compile(r"(?<=[\u4e00-\u9fff])(?<![单位百千十亿])\s*(?:万元|亿元)(?![）)])")
MONEY_OR_PERCENT = re.compile(r"(?<![\d.,/])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:万元|亿元|元|%)")

# --- headings --------------------------------------------------------------------------------

_CN = "一二三四五六七八九十"
_L0 = re.compile(rf"^第[{_CN}]+部分")
_L1 = re.compile(rf"^[{_CN}]{{1,3}}[、.．]")
_L2 = re.compile(rf"^（[{_CN}]{{1,3}}）[、.．]?")
_L3 = re.compile(r"^\d{1,2}(?:、|[.．](?!\d))")
_TOC_TAIL = re.compile(r"[.…·]{3,}\d*$")
_L3_ENDS = ("说明", "情况", "结果", "事项", "评价")
_ENUMERATOR = re.compile(
    rf"^(?:[{_CN}]{{1,3}}[、.．]|（[{_CN}]{{1,3}}）[、.．]?|（\d{{1,2}}）|\d{{1,2}}(?:、|[.．](?!\d)))"
)
_ITEM_MARK = re.compile(r"（(类|款|项|\d{3}|\d{5}|\d{7})）")
_FORM_START = re.compile(r"^（\d{4}年度?）$|(?:自评表|评价表|自评汇总表)$")

# Section kinds, from heading keywords; the first match wins (most specific first).
SECTION_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("glossary", ("名词解释",)),
    ("three_public", ("三公",)),
    ("agency_running", ("机关运行经费",)),
    ("procurement", ("政府采购",)),
    ("assets", ("国有资产",)),
    ("performance", ("绩效",)),
    ("fund", ("政府性基金",)),
    ("state_capital", ("国有资本经营",)),
    ("general_basic", ("基本支出",)),
    ("general", ("一般公共预算财政拨款支出", "一般公共预算支出", "一般公共预算财政拨款")),
    (
        "fin_overall",
        ("财政拨款收入支出决算总体", "财政拨款收支决算总体", "财政拨款收支总体", "财政拨款收入支出总体"),
    ),
    ("overall", ("收入支出决算总体", "收支决算总体", "收入支出总体", "收支总体")),
    ("income", ("收入决算",)),
    ("expense", ("支出决算",)),
    ("staff", ("人员情况", "人员构成")),
)

# Three-public sub-headings (1.因公出国（境）费支出情况说明 …) give the following sentences a topic.
TOPIC_HEADINGS: tuple[tuple[str, str], ...] = (
    ("因公出国", "因公出国（境）费"),
    ("公务用车购置及运行", "公务用车购置及运行维护费"),
    ("公务用车购置", "公务用车购置费"),
    ("公务用车运行", "公务用车运行维护费"),
    ("公务接待", "公务接待费"),
    ("培训费", "培训费"),
    ("会议费", "会议费"),
)

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

# --- metric words ----------------------------------------------------------------------------

_CHANGE_TAIL = re.compile(
    r"[（(]?(增加|减少|增长|下降|上升|降低|节约|节支|增支|减支|多支出|少支出)[）)]?了?$"
)
_UP_WORDS = ("增加", "增长", "上升", "增支", "多支出", "增幅")
_GROWTH_TAIL = re.compile(r"(增长|下降|减少|增加|上升|降低|增幅|降幅|增长率|下降率)(了|为|达|幅度为)?$")
_COMPLETION_TAIL = re.compile(
    r"(完成了?(?:年初|全年|调整后|年度)?预算(?:数)?的|(?:预算)?完成率(?:为|达)?|(?:预算)?执行率(?:为|达)?|"
    r"为(?:年初|全年)?预算(?:数)?的|占(?:年初|全年)?预算(?:数)?的)$"
)
_SHARE_TAIL = re.compile(r"占(?P<whole>[^，,；;。：:]{0,24}?)(?:的)?(?:比重|比例)?(?:为|达)?$")
_SHARE_WORD_TAIL = re.compile(r"(占比|比重|所占比例|占比重)(为|达)?$")
_BUDGET_WORDS = re.compile(
    r"年初预算|全年预算|调整预算|预算数|预算安排|预算为|支出预算|(?<![共金营])预算(?!财政拨款|公开|单位|管理|绩效)"
)
_FINAL_WORDS = re.compile(r"决算|执行数|实际支出|实际完成")
_PRIOR_WORDS = re.compile(r"上年度?(?:决算)?(?:数|支出)?(?:为|是)?$|去年")
_COMPARE_WORDS = re.compile(r"比|较|与|同比")
_LEVEL_AFTER_CHANGE = re.compile(r"(增加|减少|下降|降|增)(为|到|至)$")

# Words stripped from free-text subjects.
_FILLER = re.compile(
    r"截至\d{4}年(?:\d{1,2}月\d{1,2}日|底|末|年底|年末)?|\d{4}年度?(?:期末|年末|年底|末|底)?|本年度?|当年|全年|"
    r"上一?年度?|去年|"
    r"年初预算(?:数)?|全年预算(?:数)?|预算数|支出决算(?:数)?|决算数|决算|执行数|预算|"
    r"其中|主要用于以下方面|主要用于|主要包括|包括|与上年度?相比|比上年度?|较上年度?|同比|共计|共|合计|总额|"
    r"分别|均为|均|各|因此|所以|从而|为|是|达|约|的|了|以上|“|”|‘|’|《|》|\s"
)


# --- data ------------------------------------------------------------------------------------


@dataclass
class Section:
    """A heading and the narrative lines under it."""

    heading: str
    level: int
    kind: str
    topic: str | None = None
    lines: list[tuple[str, Location]] = field(default_factory=list)
    loc: Location = field(default_factory=Location)


@dataclass
class Sentence:
    """One sentence with the locations of the lines it was joined from."""

    text: str
    spans: list[tuple[int, Location]]
    section: Section
    item: ItemContext | None = None
    starts_item: bool = False

    def loc_at(self, offset: int) -> Location:
        """Where the character at `offset` was printed (its line's location)."""
        loc = self.spans[0][1] if self.spans else self.section.loc
        for start, where in self.spans:
            if start > offset:
                break
            loc = where
        return loc


@dataclass
class ItemContext:
    """An enumerated item of the narrative (“1.社会保障和就业支出（类）…（项）。”)."""

    text: str  # the item's heading text, without its enumerator
    name: str  # the 项 (or last level) name, or the free-text subject
    code: str | None = None
    levels: dict[str, str] = field(default_factory=dict)  # 类/款/项 → name
    subject: str = ""  # resolved: a 05表 row key, or the name
    concept: bool = False
    end: int = 0  # offset in the item sentence after which figures belong to the item


@dataclass
class NarrativeReading:
    """What the narrative reader returns."""

    paragraphs: list[Paragraph]
    claims: list[Claim]
    quality: dict[str, object]


# --- normalisation ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """One narrative line as compared: full-width digits folded, spaces inside numbers and between
    CJK characters removed ("1, 049. 22 万元" → "1,049.22万元"), ASCII parentheses made full-width."""
    t = text.translate(_FULLWIDTH).replace("\u3000", " ").replace("\xa0", " ").strip()
    t = re.sub(r"^[-•·]\s*", "", t)
    t = re.sub(r"(?<=\d[,.])\s+(?=\d)", "", t)
    t = re.sub(r"(?<=\d)\s+(?=[,.]\d)", "", t)

    def space(m: re.Match[str]) -> str:
        before = t[m.start() - 1] if m.start() > 0 else ""
        after = t[m.end()] if m.end() < len(t) else ""
        return " " if _ASCII_ALNUM.match(before or "-") and _ASCII_ALNUM.match(after or "-") else ""

    t = re.sub(r"\s+", space, t)
    return t.replace("(", "（").replace(")", "）")


def heading_level(text: str) -> int | None:
    """0 第X部分, 1 一、, 2 （一）, 3 1.…说明 — or None when the (normalised) line is not a heading."""
    body = _TOC_TAIL.sub("", text).rstrip("。.:：")
    for level, pattern in ((0, _L0), (1, _L1), (2, _L2), (3, _L3)):
        m = pattern.match(body)
        if not m:
            continue
        rest = body[m.end() :]
        if not rest or len(body) > MAX_HEADING or re.search(r"[，,。；;：:]", rest):
            return None
        if MONEY_OR_PERCENT.search(rest) or _ITEM_MARK.search(rest):
            return None
        if level == 3 and not rest.endswith(_L3_ENDS):
            return None
        return level
    return None


def section_kind(heading: str) -> str | None:
    """The kind of section a heading opens, from its keywords."""
    for kind, words in SECTION_KINDS:
        if any(w in heading for w in words):
            return kind
    return None


def _topic(heading: str) -> str | None:
    for word, concept in TOPIC_HEADINGS:
        if word in heading:
            return concept
    return None


# --- sections and sentences ------------------------------------------------------------------


def _sections(lines: Sequence[Line]) -> tuple[list[Section], int]:
    """Cut normalised lines into sections at headings; lines of loose forms are left out."""
    root = Section(heading="", level=-1, kind="other")
    sections: list[Section] = [root]
    stack: list[Section] = [root]
    in_form = False
    excluded = 0
    last_heading: Section | None = None
    for ln in lines:
        text = normalise(ln.text)
        if not text:
            continue
        level = heading_level(text)
        if level is not None and (not in_form or level <= 2):
            in_form = False
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else root
            own = section_kind(text)
            kind = own or parent.kind
            if parent.kind == "glossary":
                kind = "glossary"
            topic = _topic(text) if kind == "three_public" and level >= 2 else None
            if topic is None and kind == parent.kind:
                topic = parent.topic
            sec = Section(heading=_TOC_TAIL.sub("", text), level=level, kind=kind, topic=topic, loc=ln.loc)
            sections.append(sec)
            stack.append(sec)
            last_heading = sec
            continue
        if in_form:
            excluded += 1
            continue
        if len(text) <= 30 and _FORM_START.search(text) and not re.search(r"[，,。；;：:]", text):
            in_form = True
            excluded += 1
            continue
        current = stack[-1] if stack else root
        if (
            last_heading is current
            and not current.lines
            and len(text) <= 4
            and not MONEY_OR_PERCENT.search(text)
        ):
            current.heading += text  # the wrapped tail of the heading ("…情况" / "说明")
            continue
        current.lines.append((text, ln.loc))
        last_heading = None
    return sections, excluded


_SENTENCE_END = re.compile(r"[。！？!?]")
_ITEM_BREAK = re.compile(rf"(?<=[：:；;])(?=\d{{1,2}}(?:、|[.．](?!\d))|（[{_CN}]{{1,2}}）)")


def _sentences(section: Section) -> list[Sentence]:
    """Join a section's lines (hard wraps included) and cut the stream into sentences."""
    stream = ""
    spans: list[tuple[int, Location]] = []
    for text, loc in section.lines:
        if (
            stream
            and _ASCII_ALNUM.match(stream[-1])
            and _ASCII_ALNUM.match(text[0])
            and not (stream[-1].isdigit() and text[0].isdigit())
        ):
            stream += " "
        spans.append((len(stream), loc))
        stream += text
    cuts = {0, len(stream)}
    for m in _SENTENCE_END.finditer(stream):
        cuts.add(m.end())
    for m in _ITEM_BREAK.finditer(stream):
        cuts.add(m.start())
    # a line that starts with an enumerator after a line that ended a clause starts a sentence
    for start, _loc in spans[1:]:
        if start and stream[start - 1] in "：:；;" and _ENUMERATOR.match(stream[start:]):
            cuts.add(start)
    # “…完成年初预算的235.02%。占本年支出合计的100%。”: a sentence that starts with 占 or 其中
    # continues the one before it (its subject and whole are there)
    for m in re.finditer(r"[。！？!?](?=占|其中)", stream):
        cuts.discard(m.end())
    out: list[Sentence] = []
    ordered = sorted(cuts)
    for a, b in zip(ordered, ordered[1:], strict=False):
        raw = stream[a:b]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if not text:
            continue
        local = [(max(0, s - a - lead), loc) for s, loc in spans if s < b]
        # keep only the last span starting at or before the sentence start, and those inside it
        first = [x for x in local if x[0] == 0]
        inside = [x for x in local if x[0] > 0]
        out.append(Sentence(text=text, spans=first[-1:] + inside, section=section))
    return out


# --- items -----------------------------------------------------------------------------------


def _item(text: str) -> ItemContext | None:
    """The item an enumerated sentence opens, when it names 类/款/项 (or codes)."""
    m = _ENUMERATOR.match(text)
    if not m:
        return None
    body = text[m.end() :]
    marks = list(_ITEM_MARK.finditer(body))
    if not marks:
        return None
    levels: dict[str, str] = {}
    code: str | None = None
    pos = 0
    for mk in marks:
        name = body[pos : mk.start()].strip("，,、 ")
        tag = mk.group(1)
        if tag.isdigit():
            level = {3: "类", 5: "款", 7: "项"}[len(tag)]
            if level == "项" or code is None or len(tag) > len(code):
                code = tag
        else:
            level = tag
        if name:
            levels[level] = name
        pos = mk.end()
    name = levels.get("项") or levels.get("款") or levels.get("类") or ""
    if not name:
        return None
    # figures after the last marker belong to the item (“…（2101599）43.58 万元。”)
    end = m.end() + marks[-1].end()
    return ItemContext(text=body[: marks[-1].end()], name=name, code=code, levels=levels, end=end)


def _free_item(text: str) -> ItemContext | None:
    """An enumerated sentence without 类/款/项 marks: its leading words name the item."""
    m = _ENUMERATOR.match(text)
    if not m:
        return None
    body = text[m.end() :]
    split = re.search(r"年初预算|全年预算|预算数|支出决算|决算数|[，,。；;：:]|\d", body)
    if split is None or not re.match(r"年初预算|全年预算|预算数|支出决算|决算数", body[split.start() :]):
        return None
    lead = re.sub(r"^\d{4}年度?", "", body[: split.start()]).strip()
    if len(lead) < 2:
        return None
    return ItemContext(text=lead, name=lead, end=m.end() + split.start())


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


def _mask(text: str, spans: Iterable[Mention]) -> str:
    chars = list(text)
    for m in spans:
        for k in range(m.start, m.end):
            chars[k] = "□"
    return "".join(chars)


# Words that name no subject on their own (“上年支出31.00万元” is the subject's prior figure).
EMPTY_SUBJECTS = frozenset({"支出", "收入", "金额", "资金", "经费", "数额", "决算支出", "支出数"})


def _free_subject(clause: str) -> str:
    """The words of a clause that name its figure, when no concept does."""
    t = _ENUMERATOR.sub("", clause)
    t = re.sub(r"[（）]", "", t)
    t = _FILLER.sub("", t)
    t = _CHANGE_TAIL.sub("", t)
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


# --- claims of one sentence ------------------------------------------------------------------


def _amount(num: str, unit: str) -> Amount:
    digits = num.replace(",", "")
    frac = digits.split(".")[1] if "." in digits else ""
    value = Decimal(digits)
    if unit == "万":
        unit = "万元"
    if unit == "亿元":
        value, unit = value * 10000, "万元"
        return Amount(value=value, decimals=max(len(frac) - 4, 0), unit=unit)
    return Amount(value=value, decimals=len(frac), unit=unit)


@dataclass
class _Fig:
    start: int
    end: int
    kind: str  # money | pct | count
    num: str
    unit: str


def _figures(text: str) -> list[_Fig]:
    out: list[_Fig] = []
    for m in FIGURE.finditer(text):
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 3]
        if before == "第":
            continue
        if m.group("count") and (after.startswith("百分点") or after.startswith("月")):
            continue
        kind = "money" if m.group("money") else "pct" if m.group("pct") else "count"
        unit = m.group("money") or m.group("pct") or m.group("count")
        out.append(_Fig(m.start(), m.end(), kind, m.group("num"), unit))
    return out


class _SentenceReader:
    """Turns the figures of one sentence into claims, linked to each other inside the sentence."""

    def __init__(
        self, sentence: Sentence, year: int | None, base: int, econ: Sequence[tuple[str, str]]
    ) -> None:
        self.s = sentence
        self.year = year
        self.base = base  # index of this sentence's first claim in the document's list
        self.scope = sentence.section.kind
        self.econ = econ
        self.claims: list[Claim] = []
        self._earlier: list[str] = []
        # subject of a blank amount (“项目支出万元”) in the current figure's stretch of text
        self._blank: tuple[str, bool] | None = None

    def _claim(self, fig: _Fig, **kw: object) -> Claim:
        value = None
        if fig.kind == "money":
            value = _amount(fig.num, fig.unit)
        elif fig.kind == "pct":
            value = _amount(fig.num, "元")
            value = Amount(value.value, value.decimals, "%")
            if self.s.text[max(0, fig.start - 1) : fig.start] in ("-", "−"):
                value = Amount(-value.value, value.decimals, "%")
        else:
            value = Amount(Decimal(fig.num), 0, fig.unit)
        item = self.s.item
        claim = Claim(
            kind=kw.pop("kind", "amount"),  # type: ignore[arg-type]
            subject="",
            metric="final",
            value=value,
            text=self.s.text[fig.start : fig.end],
            sentence=self.s.text,
            loc=self.s.loc_at(fig.start),
            section=self.s.section.heading,
            scope=self.scope,
            item=item.text if item else None,
            start=fig.start,
        )
        for k, v in kw.items():
            setattr(claim, k, v)
        return claim

    def _inherit(self, kinds: tuple[str, ...] = ("amount", "change")) -> tuple[str, bool]:
        for c in reversed(self.claims):
            if c.kind in kinds and c.subject:
                return c.subject, c.concept
        item = self.s.item
        if item is not None and item.subject:
            return item.subject, item.concept
        if self.s.section.topic:
            return self.s.section.topic, True
        default = SECTION_SUBJECT.get(self.scope)
        if default:
            return default, True
        return "", False

    def _subject(self, clause: str, offset: int) -> tuple[str, bool, list[Mention]]:
        """Subject named in a figure's clause (a concept, else free words) and the concepts found."""
        item = self.s.item
        if item is not None and self.s.starts_item and offset < item.end:
            return item.subject, item.concept, []
        found = mentions(clause, self.scope, self.econ)
        if found:
            names = {m.concept for m in found}
            if {"收入总计", "支出总计"} <= names:
                return "收支总计", True, found
            last = found[-1]
            if last.concept in QUALIFIERS and len(found) > 1 and found[-2].end == last.start:
                last = found[-2]
            return last.concept, True, found
        free = _free_subject(clause)
        if free:
            return free, False, found
        if not any(c.kind in ("amount", "change") for c in self.claims):
            # “…补助标准提高，增加了226.73万元”: the clause before names what changed
            for earlier in self._earlier:
                named = mentions(earlier, self.scope, self.econ)
                if named:
                    return named[-1].concept, True, found
                free = _free_subject(earlier)
                if free:
                    return free, False, found
        return "", False, found

    def read(self) -> list[Claim]:
        text = self.s.text
        figs = _figures(text)
        prev_end = 0
        if self.s.starts_item and self.s.item is not None:
            prev_end = self.s.item.end  # the item's heading names the subject, not a concept in it
        for fig in figs:
            segment = text[prev_end : fig.start]
            prefix = last_clause(segment)
            self._earlier = earlier_clauses(segment)
            self._blank = self._blank_subject(segment, prev_end)
            after = text[fig.end : fig.end + 6]
            if fig.kind == "money":
                self._money(fig, prefix, after)
            elif fig.kind == "pct":
                self._percent(fig, prefix)
            else:
                self._count(fig, prefix)
            prev_end = fig.end
        return self.claims

    def _blank_subject(self, segment: str, base: int) -> tuple[str, bool] | None:
        """Subject of the last blank amount (“项目支出万元”) in the text since the previous figure."""
        hits = list(BLANK_AMOUNT.finditer(segment))
        if not hits:
            return None
        clause = last_clause(segment[: hits[-1].start()])
        subject, concept, _ = self._subject(clause, base + hits[-1].start())
        return (subject, concept) if subject else None

    # money -----------------------------------------------------------------------------------

    def _money(self, fig: _Fig, prefix: str, after: str) -> None:
        subject, concept, found = self._subject(prefix, fig.start)
        masked = _mask(prefix, found)
        kind = "amount"
        direction = 0
        metric = "final"
        change = _CHANGE_TAIL.search(masked)
        if change and not _LEVEL_AFTER_CHANGE.search(masked):
            kind, metric = "change", "change"
            direction = 1 if change.group(1) in _UP_WORDS else -1
        elif after.startswith(("/", "／")):
            metric = "standard"
        elif masked.endswith("单价") or after.startswith(("（含）以上", "以上", "以下", "（含）以下")):
            metric = "threshold"
        else:
            budget = list(_BUDGET_WORDS.finditer(masked))
            final = list(_FINAL_WORDS.finditer(masked))
            b = budget[-1].end() if budget else -1
            f = final[-1].end() if final else -1
            if b > f:
                metric = "budget"
            elif self._prior(masked):
                metric = "prior"
        if not subject:
            subject, concept = self._inherit()
        claim = self._claim(
            fig, kind=kind, subject=subject, concept=concept, metric=metric, direction=direction
        )
        if kind == "change":
            claim.current = self._find(
                lambda c: c.kind == "amount" and c.metric == "final" and c.subject == subject
            )
        self.claims.append(claim)

    def _prior(self, masked: str) -> bool:
        if _COMPARE_WORDS.search(masked):
            return False
        if _PRIOR_WORDS.search(masked):
            return True
        if self.year is not None:
            years = [int(y) for y in re.findall(r"(\d{4})年", masked)]
            return bool(years) and years[-1] < self.year
        return False

    def _find(self, pred: object, before: int | None = None) -> int | None:
        """Index (in the document) of the nearest earlier claim of this sentence matching `pred`."""
        upto = len(self.claims) if before is None else before
        for i in range(upto - 1, -1, -1):
            if pred(self.claims[i]):  # type: ignore[operator]
                return self.base + i
        return None

    def _local(self, index: int | None) -> Claim | None:
        return None if index is None else self.claims[index - self.base]

    # percentages -----------------------------------------------------------------------------

    def _percent(self, fig: _Fig, prefix: str) -> None:
        found = mentions(prefix, self.scope, self.econ)
        masked = _mask(prefix, found)
        if self._blank is not None and (
            _COMPLETION_TAIL.search(masked)
            or _COMPLETION_TAIL.search(prefix)
            or _GROWTH_TAIL.search(masked)
            or _SHARE_TAIL.search(prefix)
            or _SHARE_WORD_TAIL.search(masked)
        ):
            # the rate of a blank amount: its own clause's subject, tied to no neighbour's figure
            subject, concept = self._blank
            kind = (
                "completion"
                if _COMPLETION_TAIL.search(masked) or _COMPLETION_TAIL.search(prefix)
                else "growth"
                if _GROWTH_TAIL.search(masked)
                else "share"
            )
            whole_subject = PARENTS.get(subject) if kind == "share" else None
            self.claims.append(
                self._claim(
                    fig,
                    kind=kind,
                    subject=subject,
                    concept=concept,
                    metric=kind,
                    whole_subject=whole_subject,
                )
            )
            return
        if _COMPLETION_TAIL.search(masked) or _COMPLETION_TAIL.search(prefix):
            final = self._find(lambda c: c.kind == "amount" and c.metric == "final")
            fc = self._local(final)
            subject = fc.subject if fc else ""
            budget = self._find(
                lambda c: (
                    c.kind == "amount" and c.metric == "budget" and (not subject or c.subject == subject)
                )
            )
            bc = self._local(budget)
            if not subject and bc:
                subject = bc.subject
            concept = (fc or bc).concept if (fc or bc) else False
            if not subject:
                subject, concept = self._inherit()
            self.claims.append(
                self._claim(
                    fig,
                    kind="completion",
                    subject=subject,
                    concept=concept,
                    metric="completion",
                    final=final,
                    budget=budget,
                )
            )
            return
        growth = _GROWTH_TAIL.search(masked)
        if growth:
            word = growth.group(1)
            direction = 1 if word in _UP_WORDS or word == "增长率" else -1
            change = self._find(lambda c: c.kind == "change")
            cc = self._local(change)
            prior: int | None = None
            current: int | None = cc.current if cc else None
            if cc is not None:
                subject, concept = cc.subject, cc.concept
            else:
                subject, concept, _ = self._subject(prefix, fig.start)
                if not subject:
                    subject, concept = self._inherit()
                # “支出决算X万元，上年Y万元，增长Z%”: the rate against a stated prior-year amount
                prior = self._find(
                    lambda c: c.kind == "amount" and c.metric == "prior" and c.subject == subject
                )
                if prior is not None:
                    current = self._find(
                        lambda c: c.kind == "amount" and c.metric == "final" and c.subject == subject
                    )
                    if current is None:
                        prior = None
            claim = self._claim(
                fig,
                kind="growth",
                subject=subject,
                concept=concept,
                metric="growth",
                direction=direction,
                change=change,
                current=current,
                prior=prior,
            )
            self.claims.append(claim)
            return
        share = _SHARE_TAIL.search(prefix)
        if share or _SHARE_WORD_TAIL.search(masked):
            whole_text = share.group("whole") if share and not _SHARE_WORD_TAIL.search(masked) else ""
            self._share(fig, whole_text, prefix)
            return
        subject, concept, _ = self._subject(prefix, fig.start)
        if not subject:
            subject, concept = self._inherit(("amount", "change", "rate"))
        self.claims.append(self._claim(fig, kind="rate", subject=subject, concept=concept, metric="rate"))

    def _share(self, fig: _Fig, whole_text: str, clause: str) -> None:
        part = self._find(lambda c: c.kind == "amount")
        pc = self._local(part)
        # “本年支出合计X万元，基本支出占78%”: the clause names another part than the last amount
        named = mentions(clause.split("占")[0], self.scope, self.econ)
        if pc is not None and named and named[-1].concept != pc.subject:
            part, pc = None, None
            own_subject: str | None = named[-1].concept
        else:
            own_subject = None
        whole_subject: str | None = None
        whole: int | None = None
        if whole_text:
            wm = mentions(whole_text, self.scope, self.econ)
            whole_subject = wm[-1].concept if wm else (_free_subject(whole_text) or whole_text)
            if whole_subject == "财政拨款支出":
                whole_subject = "一般公共预算财政拨款支出"
            before = None if part is None else part - self.base
            whole = self._find(
                lambda c: (
                    c.kind == "amount"
                    and c.subject == whole_subject
                    and (pc is None or c.metric == pc.metric)
                ),
                before,
            )
        elif pc is not None:
            whole_subject = PARENTS.get(pc.subject)
            if pc.subject.endswith(CLASS_SUFFIX) or (pc.concept and re.match(r"^\d{7} ", pc.subject)):
                whole_subject = "一般公共预算财政拨款支出"
            if whole_subject is not None:
                whole = self._find(
                    lambda c: c.kind == "amount" and c.subject == whole_subject and c.metric == pc.metric,
                    part - self.base if part is not None else None,
                )
            else:
                head = self._find(
                    lambda c: c.kind == "amount" and c.subject != pc.subject and c.metric == pc.metric,
                    part - self.base if part is not None else None,
                )
                hc = self._local(head)
                if hc is not None and re.search(r"其中|主要用于|包括", self.s.text[hc.start : pc.start]):
                    whole, whole_subject = head, hc.subject
        if own_subject is not None and not whole_text:
            whole_subject = PARENTS.get(own_subject)
            if whole_subject is not None:
                whole = self._find(lambda c: c.kind == "amount" and c.subject == whole_subject)
        subject = own_subject or (pc.subject if pc else "")
        concept = own_subject is not None or (pc.concept if pc else False)
        if not subject:
            subject, concept = self._inherit()
        self.claims.append(
            self._claim(
                fig,
                kind="share",
                subject=subject,
                concept=concept,
                metric="share",
                part=part,
                whole=whole,
                whole_subject=whole_subject,
            )
        )

    # counts ----------------------------------------------------------------------------------

    def _count(self, fig: _Fig, prefix: str) -> None:
        subject, concept, _ = self._subject(prefix, fig.start)
        if not subject:
            subject, concept = self._inherit(("count",))
        self.claims.append(self._claim(fig, kind="count", subject=subject, concept=concept, metric="count"))


# --- nil statements (“无…支出”) ---------------------------------------------------------------

_NIL = re.compile(r"(?:无|没有)(?:使用)?(?P<what>[^，,；;。：:]{0,40})")
NIL_CONCEPTS: frozenset[str] = frozenset(
    {
        "项目支出",
        "基本支出",
        "三公经费",
        "因公出国（境）费",
        "公务用车购置及运行维护费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
        "会议费",
        "培训费",
        "机关运行经费",
        "政府采购",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
        "年初结转和结余",
    }
)


def _nil_claims(sentence: Sentence) -> list[Claim]:
    out: list[Claim] = []
    seen: set[str] = set()
    scope = sentence.section.kind
    for m in _NIL.finditer(sentence.text):
        what = m.group("what")
        names = [x.concept for x in mentions(what, scope)]
        if "此项" in what[:4] and SECTION_SUBJECT.get(scope) and scope in ("fund", "state_capital"):
            names = [SECTION_SUBJECT[scope]]
        for name in names:
            if name == "政府性基金预算财政拨款收入":
                name = "政府性基金预算财政拨款"
            if name not in NIL_CONCEPTS or name in seen:
                continue
            seen.add(name)
            out.append(
                Claim(
                    kind="nil",
                    subject=name,
                    metric="nil",
                    value=None,
                    text=m.group(0),
                    sentence=sentence.text,
                    loc=sentence.loc_at(m.start()),
                    section=sentence.section.heading,
                    scope=scope,
                    item=sentence.item.text if sentence.item else None,
                    concept=True,
                    start=m.start(),
                )
            )
    return out


# --- table facts -----------------------------------------------------------------------------


def _label(row: Row) -> str:
    return normalise_label(row.label or row.key).replace("(", "（").replace(")", "）")


def _stem(name: str) -> str:
    return re.sub(
        r"(支出|费用|费)$", "", name.replace("（项）", "").replace("（款）", "").replace("（类）", "")
    )


class TableIndex:
    """Looks rows of the disclosure's tables up by code and name, for the claims' refs."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables

    def row(self, table: str, key: str, lane: str | None = None) -> Row | None:
        t = self.tables.get(table)
        return t.row(key, lane) if t else None

    def rows(self, table: str) -> list[Row]:
        t = self.tables.get(table)
        return t.rows if t else []

    def func_item(self, item: ItemContext) -> Row | None:
        """The 公开05表 (else 03表) row of an enumerated 类/款/项 item."""
        for tid in ("05", "03", "02"):
            rows = [r for r in self.rows(tid) if r.code]
            if not rows:
                continue
            if item.code:
                hit = [r for r in rows if r.code == item.code]
                if hit:
                    return hit[0]
            level = 7 if "项" in item.levels else 5 if "款" in item.levels else 3
            want = _stem(item.name)
            same = [r for r in rows if r.code and len(r.code) == level and _stem(_label(r)) == want]
            if len(same) > 1 and "款" in item.levels and level == 7:
                parent = _stem(item.levels["款"])
                kuan = {r.code for r in rows if r.code and len(r.code) == 5 and _stem(_label(r)) == parent}
                same = [r for r in same if r.code and r.code[:5] in kuan] or same
            if len(same) > 1 and "类" in item.levels:
                cls = _stem(item.levels["类"])
                lei = {r.code for r in rows if r.code and len(r.code) == 3 and _stem(_label(r)) == cls}
                same = [r for r in same if r.code and r.code[:3] in lei] or same
            if len(same) == 1:
                return same[0]
            if not same and not item.levels:
                scored = sorted(
                    (
                        (SequenceMatcher(None, _stem(_label(r)), want).ratio(), r)
                        for r in rows
                        if r.code and len(r.code) == 7
                    ),
                    key=lambda x: -x[0],
                )
                if (
                    scored
                    and scored[0][0] >= ITEM_NAME_SIMILARITY
                    and (len(scored) == 1 or scored[1][0] < scored[0][0])
                ):
                    return scored[0][1]
            if same:
                return None  # ambiguous
        return None

    def func_class(self, concept: str) -> list[CellRef]:
        name = concept.removesuffix(CLASS_SUFFIX)
        refs: list[CellRef] = []
        for tid, column in (("05", "合计"),):
            for r in self.rows(tid):
                if r.code and len(r.code) == 3 and _label(r) == name:
                    refs.append(CellRef(tid, r.key, column))
        for r in self.rows("04"):
            if r.lane == "expense" and _label(r) == name:
                refs.append(CellRef("04", r.key, "一般公共预算财政拨款", "expense"))
        return refs

    def econ(self, name: str) -> Row | None:
        rows = [r for r in self.rows("06") if r.code]
        exact = [r for r in rows if _label(r) == name]
        if exact:
            return exact[0]
        if len(name) >= 3:
            pref = [r for r in rows if _label(r).startswith(name)]
            if len(pref) == 1:
                return pref[0]
        return None

    def find(self, table: str, *words: str, lane: str | None = None) -> Row | None:
        for r in self.rows(table):
            key = r.key.replace("(", "（").replace(")", "）")
            if all(w in key for w in words) and (lane is None or r.lane == lane):
                return r
        return None


def _ref(row: Row | None, table: str, column: str) -> list[CellRef]:
    return [CellRef(table, row.key, column, row.lane)] if row is not None else []


THREE_PUBLIC_COLUMNS: dict[str, str] = {
    "三公经费": "合计",
    "因公出国（境）费": "因公出国（境）费",
    "公务用车购置及运行维护费": "公务用车购置及运行维护费",
    "公务用车购置费": "公务用车购置费",
    "公务用车运行维护费": "公务用车运行维护费",
    "公务接待费": "公务接待费",
    "会议费": "会议费",
    "培训费": "培训费",
}
INCOME_COLUMNS = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
EXPENSE_COLUMNS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")


def table_refs(claim: Claim, index: TableIndex) -> tuple[CellRef, ...]:
    """The table facts an amount (or nil) claim restates, in priority order; () when none."""
    if claim.kind not in ("amount", "nil") or claim.metric not in ("final", "budget", "nil"):
        return ()
    s, scope, budget = claim.subject, claim.scope, claim.metric == "budget"
    refs: list[CellRef] = []
    if scope == "three_public" or s in THREE_PUBLIC_COLUMNS and claim.kind == "nil":
        column = THREE_PUBLIC_COLUMNS.get(s)
        if column:
            refs += _ref(index.row("09", "预算数" if budget else "决算数"), "09", column)
        return tuple(refs)
    if budget:
        return ()
    if claim.kind == "nil":
        if s == "项目支出":
            refs += _ref(index.row("03", "合计"), "03", "项目支出") + _ref(
                index.row("05", "合计"), "05", "项目支出"
            )
        elif s == "政府性基金预算财政拨款":
            refs += _ref(index.row("07", "合计"), "07", "*")
        elif s == "国有资本经营预算财政拨款":
            refs += _ref(index.row("08", "合计"), "08", "*")
        elif s == "机关运行经费":
            refs += _ref(index.find("10", "机关运行经费"), "10", "统计数")
        elif s == "政府采购":
            refs += _ref(index.find("10", "政府采购", "合计"), "10", "统计数")
        elif s == "年初结转和结余":
            refs += _ref(index.find("01", "年初结转", lane="income"), "01", "决算数")
        return tuple(refs)
    if scope in ("overall", "income", "expense"):
        if s in ("收入总计", "收支总计"):
            refs += _ref(index.row("01", "总计", "income"), "01", "决算数")
        if s in ("支出总计", "收支总计"):
            refs += _ref(index.row("01", "总计", "expense"), "01", "决算数")
        if s == "本年收入合计":
            refs += _ref(index.row("02", "合计"), "02", "本年收入合计")
            refs += _ref(index.row("01", "本年收入合计", "income"), "01", "决算数")
        if s == "本年支出合计":
            refs += _ref(index.row("03", "合计"), "03", "本年支出合计")
            refs += _ref(index.row("01", "本年支出合计", "expense"), "01", "决算数")
        if s in INCOME_COLUMNS:
            refs += _ref(index.row("02", "合计"), "02", s)
        if s in EXPENSE_COLUMNS:
            refs += _ref(index.row("03", "合计"), "03", s)
        if s in ("年初结转和结余", "年末结转和结余"):
            lane = "income" if s.startswith("年初") else "expense"
            refs += _ref(index.find("01", s[:2], "结转", lane=lane), "01", "决算数")
        return tuple(refs)
    if scope == "fin_overall":
        if s in ("收入总计", "收支总计"):
            refs += _ref(index.row("04", "总计", "income"), "04", "决算数")
        if s in ("支出总计", "收支总计"):
            refs += _ref(index.row("04", "总计", "expense"), "04", "合计")
        if s == "本年收入合计":
            refs += _ref(index.row("04", "本年收入合计", "income"), "04", "决算数")
        if s == "本年支出合计":
            refs += _ref(index.row("04", "本年支出合计", "expense"), "04", "合计")
        return tuple(refs)
    if scope in ("general", "general_basic"):
        if s == "一般公共预算财政拨款支出":
            refs += _ref(index.row("05", "合计"), "05", "合计")
            refs += _ref(index.row("04", "本年支出合计", "expense"), "04", "一般公共预算财政拨款")
        elif s in ("基本支出", "项目支出"):
            refs += _ref(index.row("05", "合计"), "05", s)
        elif s.endswith(CLASS_SUFFIX):
            refs += index.func_class(s)
        elif re.match(r"^\d{7} ", s):
            refs += _ref(index.row("05", s), "05", "合计") or _ref(index.row("03", s), "03", "本年支出合计")
        elif s == "人员经费" and scope == "general_basic":
            refs += _ref(index.row("06", "人员经费合计"), "06", "决算数")
        elif s == "公用经费" and scope == "general_basic":
            refs += _ref(index.row("06", "公用经费合计"), "06", "决算数")
        elif scope == "general_basic":
            refs += _ref(index.econ(s), "06", "决算数")
        return tuple(refs)
    if scope == "procurement":
        words = {"政府采购": "合计", "政府采购货物": "货物", "政府采购工程": "工程", "政府采购服务": "服务"}
        if s in words:
            refs += _ref(index.find("10", "政府采购", words[s]), "10", "统计数")
        return tuple(refs)
    if scope == "agency_running" and s == "机关运行经费":
        refs += _ref(index.find("10", "机关运行经费"), "10", "统计数")
    return tuple(refs)


# --- the reader ------------------------------------------------------------------------------


def _econ_lexicon(tables: dict[str, Table]) -> list[tuple[str, str]]:
    t = tables.get("06")
    if t is None:
        return []
    return [(_label(r), _label(r)) for r in t.rows if r.code and len(_label(r)) >= 2]


def read_narrative(
    lines: Sequence[Line], tables: dict[str, Table] | None = None, year: int | None = None
) -> NarrativeReading:
    """Claims of every narrative sentence, the paragraphs they stand in, and the quality record."""
    tables = tables or {}
    index = TableIndex(tables)
    econ_all = _econ_lexicon(tables)
    sections, excluded = _sections(lines)
    paragraphs: list[Paragraph] = []
    claims: list[Claim] = []
    figures = 0
    unparsed: list[str] = []
    sentence_no = 0
    for sec in sections:
        if sec.heading:
            paragraphs.append(Paragraph(sec.heading, sec.loc, [(0, sec.loc)]))
        sentences = _sentences(sec)
        if sec.lines:
            body = "".join(t for t, _ in sec.lines)
            offsets: list[tuple[int, Location]] = []
            pos = 0
            for t, loc in sec.lines:
                offsets.append((pos, loc))
                pos += len(t)
            paragraphs.append(Paragraph(body, sec.lines[0][1], offsets))
        item: ItemContext | None = None
        for sentence in sentences:
            opened = _item(sentence.text) or (_free_item(sentence.text) if sec.kind == "general" else None)
            if opened is not None:
                item = opened
                row = index.func_item(item) if sec.kind == "general" else None
                if row is not None:
                    item.subject, item.concept = row.key, True
                elif item.levels:
                    item.subject = item.name + (
                        f"（{next(iter(reversed(item.levels)))}）" if item.levels else ""
                    )
                else:
                    found = mentions(item.name, sec.kind)
                    if found and found[-1].end == len(item.name):
                        item = None  # a concept (“卫生健康支出”) rather than an item name
                    else:
                        item.subject = item.name
                sentence.starts_item = item is not None
            elif _ENUMERATOR.match(sentence.text):
                item = None
            sentence.item = item
            econ = econ_all if sec.kind == "general_basic" else []
            reader = _SentenceReader(sentence, year, len(claims), econ)
            found_claims = reader.read()
            for c in found_claims:
                c.sentence_no = sentence_no
                c.refs = table_refs(c, index)
            figures_here = [f for f in _figures(sentence.text) if f.kind != "count"]
            figures += len(figures_here)
            for c in found_claims:
                if c.kind in ("amount", "change", "share", "growth", "completion", "rate") and not c.tied:
                    unparsed.append(_excerpt(sentence.text, c.start))
            claims.extend(found_claims)
            for nil in _nil_claims(sentence):
                nil.sentence_no = sentence_no
                nil.refs = table_refs(nil, index)
                claims.append(nil)
            sentence_no += 1
    money = [c for c in claims if c.kind not in ("count", "nil")]
    tied = [c for c in money if c.tied]
    concept = [c for c in tied if c.concept]
    checkable = [
        c for c in money if c.kind == "amount" and c.metric in ("final", "budget") and c.scope in TABLE_SCOPES
    ]
    quality: dict[str, object] = {
        "figures": figures,
        "claimed": len(money),
        "tied": len(tied),
        "tied_share": round(len(tied) / figures, 4) if figures else 1.0,
        "concept": len(concept),  # tied to a canonical concept or a table row (not free words)
        "matched": sum(1 for c in money if c.refs),
        "unmatched": [_excerpt(c.sentence, c.start) for c in checkable if not c.refs and c.metric == "final"],
        "unparsed": unparsed,
        "counts": sum(1 for c in claims if c.kind == "count"),
        "nil": sum(1 for c in claims if c.kind == "nil"),
        "form_lines_skipped": excluded,
    }
    return NarrativeReading(paragraphs, claims, quality)


# Sections whose amounts restate table facts (an amount there without a table fact is listed).
TABLE_SCOPES: frozenset[str] = frozenset(
    {"overall", "income", "expense", "fin_overall", "general", "general_basic", "three_public"}
)


def _excerpt(text: str, at: int) -> str:
    a = max(0, at - UNPARSED_CONTEXT)
    b = min(len(text), at + UNPARSED_CONTEXT)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


__all__ = [
    "CONCEPTS",
    "NarrativeReading",
    "TableIndex",
    "heading_level",
    "mentions",
    "normalise",
    "read_narrative",
    "section_kind",
    "table_refs",
]
