"""A 项 explained with the wording of another 项 (issue 14, class 1: copy-paste).

The 情况说明 explains the spending of each functional 项 in turn (“3.社会保障和就业支出（类）…（款）
机关事业单位基本养老保险缴费支出（项）。年初预算…，主要原因是…”, or “2080505 机关事业单位基本养老保险缴费
支出X万元，主要用于…”). N-ITEM-WORDING reads the explanation (the sentences with 原因 / 用于) of every
项 and reports the one that speaks of another 项 of the same document by its name and never of its own:

- warning when both are 项 of the social-contribution knowledge table (rules/knowledge/econ_func.toml)
  in different groups: the classification standard gives each such 项 one kind of contribution, so
  “机关事业单位基本养老保险缴费支出” explained as 职业年金缴费 describes money it cannot hold;
- info otherwise (please verify): the explanation is the other 项's — often word for word, as a
  paragraph copied down the list — but the money may truly be of that kind.

Two 项 explained by the identical sentence that names neither (“年中追加了相关经费”, “该资金为中央财政下达
的…补助资金”) are left alone: a shared cause is common and proves nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ingest.model import Disclosure, Location, Paragraph
from ingest.numbers import clean
from rules.catalog import rule
from rules.judgements import JudgementPlan, Requirement, text_evidence
from rules.knowledge import knowledge

_NAME = r"[^（）()。；：，、\d\s]{2,30}?"
_HEAD_A = re.compile(
    rf"(?:[\u4e00-\u9fff]{{2,20}}（类）)?[\u4e00-\u9fff（）]{{0,30}}?（款）(?P<name>{_NAME})（项）"
)
_HEAD_B = re.compile(
    r"(?<![\d.])(?P<code>2\d{6})(?![\d.])[ 　]*(?P<name>[\u4e00-\u9fff]{2,30}?)(?:（项）)?(?=[:：，,。\s\d]|$)"
)
_EXPLAINS = re.compile(r"原因|用于")
_GENERIC = {"行政运行", "事业运行", "机关服务", "一般行政管理事务"}
_ORDINAL = re.compile(r"(?:\d+[.．、]|（[一二三四五六七八九十\d]+）)\s*$")


@dataclass
class _Item:
    no: int  # 1-based place in the listing
    name: str  # the 项 name as printed
    code: str | None
    text: str  # the item's words after its head, up to the next item
    explains: list[str]  # its sentences with 原因 / 用于, from that word on
    loc: Location


def _core(name: str) -> str:
    """The name without a trailing 支出 (“行政单位医疗费支出” is spoken of as 行政单位医疗…)."""
    core = name.removesuffix("（项）").removesuffix("支出")
    return core if len(core) >= 4 else name


def _windows(name: str, size: int = 4) -> set[str]:
    core = _core(name)
    if len(core) <= size:
        return {core}
    return {core[i : i + size] for i in range(len(core) - size + 1)}


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])", text) if s.strip()]


def _items(p: Paragraph, pattern: re.Pattern[str]) -> list[_Item]:
    """The 项 a paragraph explains, each with its words up to the next head or the paragraph's end."""
    text = clean(p.text)
    heads = [(m.start(), m.end(), m.group("name"), m.groupdict().get("code")) for m in pattern.finditer(text)]
    out: list[_Item] = []
    for i, (_start, end, name, code) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        body = _ORDINAL.sub("", text[end:stop])
        explains = [s[m.start() :] for s in _sentences(body) if (m := _EXPLAINS.search(s))]
        out.append(_Item(0, name, code, body, explains, p.loc))
    return out


def listing(d: Disclosure) -> list[_Item]:
    """Every 项 the 情况说明 explains one by one, in order (one paragraph each, or several in one);
    the “（类）（款）（项）” heads when the document has at least two, else the “7位编码 名称” heads."""
    for pattern in (_HEAD_A, _HEAD_B):
        out = [it for p in d.paragraphs for it in _items(p, pattern)]
        if len(out) >= 2:  # a listing of 项, not one name in passing
            for n, it in enumerate(out, start=1):
                it.no = n
            return out
    return []


def _group(name: str, code: str | None) -> int | None:
    """Which [[contribution]] of the knowledge table the 项 belongs to (by code, else by name)."""
    for i, c in enumerate(knowledge().contributions):
        if (code and code in c.func) or _core(name) in {_core(n) for n in c.func_names}:
            return i
    return None


@rule(
    "N-ITEM-WORDING",
    title="各项级科目的说明讲的是本科目，而不是另一个科目（套用其他科目的文字）",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    needs="情况说明中逐项说明的项级科目（“…（项）。”或“7位编码 名称”开头）及其原因、用途说明；"
    "同一文件中其他项级科目的名称",
    rationale="逐项说明要解释本科目的支出及其与预算的差异。某科目的说明只讲另一科目（如"
    "“机关事业单位基本养老保险缴费支出”的说明写的是职业年金缴费），多为把上一项的文字照抄下来，读者无从"
    "知道本科目的真实用途和差异原因。两个缴费类科目（养老、职业年金、医疗、住房公积金）各有其经济内容，"
    "互相串用为警告；其他科目只提示核实（资金可能确属该用途）。",
    fires="1.…机关事业单位基本养老保险缴费支出（项）。年初预算12.40万元，支出决算11.90万元，"
    "主要原因是职业年金缴费基数调整。2.…机关事业单位职业年金缴费支出（项）。年初预算6.20万元，"
    "支出决算5.80万元，主要原因是职业年金缴费基数调整。",
    silent="1.…机关事业单位基本养老保险缴费支出（项）。年初预算12.40万元，支出决算11.90万元，"
    "主要原因是基本养老保险缴费人数减少。2.…机关事业单位职业年金缴费支出（项）。年初预算6.20万元，"
    "支出决算5.80万元，主要原因是职业年金缴费基数调整。",
    template="{where}：第{n}项“{name}”的说明只讲“{other}”（{other_where}），未提本科目，疑套用"
    "其他科目的文字{copied}。原文：“{quote}”",
)
def N_ITEM_WORDING(d: Disclosure) -> JudgementPlan:
    """N-ITEM-WORDING over the listing of 项 explained one by one."""
    out = JudgementPlan()
    items = listing(d)
    for a in items:
        words = "".join(a.explains)
        if not words:
            continue
        for b in items:
            if b is a or b.name == a.name or not _speaks_of(words, b, a) or _clash(a, b):
                continue
            own = _windows(a.name) - _windows(b.name)
            if _core(a.name) in a.text or any(w in a.text for w in own):
                continue
            out.judgements.append(_finding(a, b, words))
            break
    return out


def _residue(name: str, other: str) -> str:
    """What tells `name` from `other`: its core without their common head and tail
    (机关事业单位职业年金缴费 against 机关事业单位基本养老保险缴费 → 职业年金)."""
    x, y = _core(name), _core(other)
    head = len(os.path.commonprefix([x, y]))
    tail = len(os.path.commonprefix([x[::-1], y[::-1]]))
    return x[head : len(x) - tail] if head + tail < len(x) else ""


def _speaks_of(words: str, b: _Item, a: _Item) -> bool:
    """The explanation names 项 b: its whole name, or what tells it from `a` when that is 4+ characters."""
    other = _core(b.name)
    if len(other) < 4 or other in _GENERIC:
        return False
    residue = _residue(b.name, a.name)
    return other in words or (len(residue) >= 4 and residue in words)


def _clash(a: _Item, b: _Item) -> bool:
    """One name inside the other (其他行政事业单位养老支出 / 行政事业单位养老): not told apart."""
    return b.name in a.name or a.name in b.name or _core(b.name) in a.name


def _finding(a: _Item, b: _Item, words: str) -> Requirement:
    ga, gb = _group(a.name, a.code), _group(b.name, b.code)
    serious = ga is not None and gb is not None and ga != gb
    same = [s for s in a.explains if s in b.explains]
    copied = "，与该项的说明一字不差" if same else ""
    label = f"{a.code} {a.name}" if a.code else f"{a.name}（项）"
    other_label = f"{b.code} {b.name}" if b.code else f"{b.name}（项）"
    residue = _residue(b.name, a.name)
    named = _core(b.name) if _core(b.name) in words else residue
    quote = same[0] if same else next(s for s in a.explains if named in s)
    return Requirement(
        N_ITEM_WORDING,
        ok=False,
        message=N_ITEM_WORDING.template.format(
            where="情况说明",
            n=a.no,
            name=label,
            other=named,
            other_where=f"第{b.no}项“{other_label}”的科目",
            copied=copied,
            quote=quote,
        ),
        evidence=[text_evidence(quote, a.loc), text_evidence("".join(b.explains) or b.text[:80], b.loc)],
        table="narrative",
        expected=f"说明“{a.name}”本身的支出",
        actual=words[:120],
        severity="warning" if serious else "info",
    )
