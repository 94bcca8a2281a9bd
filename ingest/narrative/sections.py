"""The 情况说明 cut into sections and sentences: lines normalised, headings recognised (一、… /
（一）… / 1.…说明) and given a kind, lines of loose forms left out, hard wraps joined, sentences cut
at 。！？ and where an enumerated item starts, and the 类/款/项 item an enumerated sentence opens."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.layout import Line
from ingest.model import Location
from ingest.narrative.figures import MONEY_OR_PERCENT

# Longest heading (characters, after normalisation); longer lines are sentences.
MAX_HEADING = 40

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％（）", "0123456789.%（）")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


# --- headings --------------------------------------------------------------------------------

_CN = "一二三四五六七八九十"
_L0 = re.compile(rf"^第[{_CN}]+部分")
_L1 = re.compile(rf"^[{_CN}]{{1,3}}[、.．]")
_L2 = re.compile(rf"^（[{_CN}]{{1,3}}）[、.．]?")
_L3 = re.compile(r"^\d{1,2}(?:、|[.．](?!\d))")
_TOC_TAIL = re.compile(r"[.…·]{3,}\d*$")
_L3_ENDS = ("说明", "情况", "结果", "事项", "评价")
ENUMERATOR = re.compile(
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


def sections_of(lines: Sequence[Line]) -> tuple[list[Section], int]:
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


def sentences_of(section: Section) -> list[Sentence]:
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
        if start and stream[start - 1] in "：:；;" and ENUMERATOR.match(stream[start:]):
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


def enumerated_item(text: str) -> ItemContext | None:
    """The item an enumerated sentence opens, when it names 类/款/项 (or codes)."""
    m = ENUMERATOR.match(text)
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


def free_item(text: str) -> ItemContext | None:
    """An enumerated sentence without 类/款/项 marks: its leading words name the item."""
    m = ENUMERATOR.match(text)
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
