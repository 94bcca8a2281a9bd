"""The claims of one sentence: each figure tied to its subject and metric (final, budget, prior,
change, share, growth, completion, rate, count) and linked to the figures of its own sentence it
relates to (a share's part and whole, a growth rate's change amount, a completion rate's final and
budget amounts); and the nil statements (“无…支出”)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.model import Amount, Claim
from ingest.narrative.concepts import (
    CHANGE_TAIL,
    CLASS_SUFFIX,
    PARENTS,
    QUALIFIERS,
    SECTION_SUBJECT,
    Mention,
    earlier_clauses,
    free_subject,
    last_clause,
    mask,
    mentions,
)
from ingest.narrative.figures import BLANK_AMOUNT, Figure, figures_in, parse_amount
from ingest.narrative.sections import Sentence

# --- metric words ----------------------------------------------------------------------------

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


class SentenceReader:
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

    def _claim(self, fig: Figure, **kw: object) -> Claim:
        value = None
        if fig.kind == "money":
            value = parse_amount(fig.num, fig.unit)
        elif fig.kind == "pct":
            value = parse_amount(fig.num, "元")
            value = Amount(value.value, value.decimals, "%")
            if self.s.text[max(0, fig.start - 1) : fig.start] in ("-", "−"):
                value = Amount(-value.value, value.decimals, "%")
        else:
            # a count may carry thousands separators (“28,553人”): read as printed, never a crash
            value = Amount(parse_amount(fig.num, "元").value, 0, fig.unit)
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
        free = free_subject(clause)
        if free:
            return free, False, found
        if not any(c.kind in ("amount", "change") for c in self.claims):
            # “…补助标准提高，增加了226.73万元”: the clause before names what changed
            for earlier in self._earlier:
                named = mentions(earlier, self.scope, self.econ)
                if named:
                    return named[-1].concept, True, found
                free = free_subject(earlier)
                if free:
                    return free, False, found
        return "", False, found

    def read(self) -> list[Claim]:
        text = self.s.text
        figs = figures_in(text)
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

    def _money(self, fig: Figure, prefix: str, after: str) -> None:
        subject, concept, found = self._subject(prefix, fig.start)
        masked = mask(prefix, found)
        kind = "amount"
        direction = 0
        metric = "final"
        change = CHANGE_TAIL.search(masked)
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

    def _percent(self, fig: Figure, prefix: str) -> None:
        found = mentions(prefix, self.scope, self.econ)
        masked = mask(prefix, found)
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

    def _share(self, fig: Figure, whole_text: str, clause: str) -> None:
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
            whole_subject = wm[-1].concept if wm else (free_subject(whole_text) or whole_text)
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

    def _count(self, fig: Figure, prefix: str) -> None:
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


def nil_claims(sentence: Sentence) -> list[Claim]:
    """A nil claim for each concept a sentence says there was none of (“无…支出”)."""
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
