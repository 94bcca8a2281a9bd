"""Lists that must add up: N-LIST-SUM (a stated total against its stated parts, the enumerated
类/款/项 items against 一般公共预算财政拨款支出) and N-COUNT-SUM (“N人，其中A人、B人”)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from ingest.model import Claim, Disclosure, format_amount
from ingest.narrative import table_refs
from ingest.schema import normalise_label
from rules.catalog import RuleSpec, rule
from rules.claim_checks import amount_places, claim_evidence, identity_check, quote, section_words
from rules.judgements import JudgementPlan
from rules.narrative.facts import METRIC_WORDS, Facts, narrative_plan
from rules.tolerance import Comparison, UnitMismatch, compare
from rules.wording import fmt_amount, fmt_tolerance


@rule(
    "N-LIST-SUM",
    title="情况说明中列举的分项之和＝所述合计（支出＝基本＋项目，基本＝人员＋公用，“三公”、政府采购、功能科目）",
    severity="error",
    family="narrative",
    tables=("narrative",),
    rationale="说明列出合计及其全部组成时，组成之和须等于合计（按各数打印精度容差）；否则至少一个数有误。",
    fires="政府采购支出总额5.00万元，其中货物0万元、工程0万元、服务3.50万元。",
    silent="政府采购支出总额3.50万元，其中货物0万元、工程0万元、服务3.50万元。",
    template="{where}称{total}{value}{unit}，而{parts}之和为{expected}{unit}，相差{difference}{unit}。原文：“{quote}”",
    rounding_template="{where}称{total}{value}{unit}，而{parts}之和为{expected}{unit}，相差{difference}{unit}，在四舍五入尾差范围（±{tolerance}{unit}）内，属尾差。原文：“{quote}”",
    needs="说明中所述合计及其组成",
)
def N_LIST_SUM(d: Disclosure) -> JudgementPlan:
    """N-LIST-SUM: `list_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, list_checks)


@rule(
    "N-COUNT-SUM",
    title="情况说明中的人数、车辆数等分项之和＝所述总数",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="“实有人员27人，其中行政4人、事业22人”之类的计数必须严格相加（计数没有尾差）。",
    fires="实有人员27人，其中行政4人、事业22人。",
    silent="人员编制28人，其中行政编制5人、事业编制23人。",
    template="{where}称{total}{value}{unit}，其中{parts}合计{expected}{unit}，相差{difference}{unit}。原文：“{quote}”",
    rounding_template="{where}称{total}{value}{unit}，其中{parts}合计{expected}{unit}，相差{difference}{unit}，在四舍五入尾差范围（±{tolerance}{unit}）内，属尾差。原文：“{quote}”",
    needs="说明中“其中”列举的计数",
)
def N_COUNT_SUM(d: Disclosure) -> JudgementPlan:
    """N-COUNT-SUM: `count_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, count_checks)


# Money lists that must add up: (total, parts, scopes).
DECOMPOSITIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "本年支出合计",
        ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
        ("expense", "overall"),
    ),
    (
        "本年收入合计",
        ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
        ("income", "overall"),
    ),
    ("基本支出", ("人员经费", "公用经费"), ("general_basic",)),
    ("三公经费", ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"), ("three_public",)),
    ("公务用车购置及运行维护费", ("公务用车购置费", "公务用车运行维护费"), ("three_public",)),
    ("政府采购", ("政府采购货物", "政府采购工程", "政府采购服务"), ("procurement",)),
)
# Words of measure in a count (人员编制 / 实有人员) that separate two lists in one sentence.
COUNT_MEASURES = ("编制", "实有")


def _first(claims: Iterable[Claim], pred: Callable[[Claim], bool]) -> Claim | None:
    return next((c for c in claims if pred(c)), None)


def list_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-LIST-SUM: stated totals against their stated parts."""
    amounts = [
        c
        for c in facts.claims
        if c.kind == "amount" and c.value is not None and c.concept and c.value.unit in ("万元", "元")
    ]
    for total_subject, parts, scopes in DECOMPOSITIONS:
        for metric in ("final", "budget"):
            for scope in scopes:
                pool = [c for c in amounts if c.scope == scope and c.metric == metric]
                total = _first(pool, lambda c, s=total_subject: c.subject == s)  # type: ignore[misc]
                if total is None:
                    continue
                stated = _list_parts(facts, pool, parts, scope, metric, total)
                if stated is None:
                    continue
                _sum_check(plan, N_LIST_SUM, total, stated, total_subject)
                break
    _item_sums(facts, plan, amounts)


def _list_parts(
    facts: Facts, pool: list[Claim], parts: Sequence[str], scope: str, metric: str, total: Claim
) -> list[Claim] | None:
    """The stated parts of a decomposition (a missing part may be replaced by its own parts);
    None when fewer than two are stated or a missing one is printed non-zero in the tables."""
    out: list[Claim] = []
    for p in parts:
        c = _first(pool, lambda x, p=p: x.subject == p)  # type: ignore[misc]
        if c is not None:
            out.append(c)
            continue
        sub = next((d for d in DECOMPOSITIONS if d[0] == p), None)
        if sub is not None:
            inner = [x for q in sub[1] if (x := _first(pool, lambda y, q=q: y.subject == q)) is not None]  # type: ignore[misc]
            if len(inner) == len(sub[1]):
                out.extend(inner)
                continue
        probe = Claim(
            kind="amount",
            subject=p,
            metric=metric,
            value=None,
            text="",
            sentence="",
            loc=total.loc,
            section=total.section,
            scope=scope,
        )
        refs = table_refs(probe, facts.index)
        fact = facts.table_fact(refs) if refs else None
        if fact is not None and not fact.blank and fact.amount.value != 0:
            return None  # the narrative leaves out a part the tables show: not a complete list
    return out if len(out) >= 2 else None


def _sum_check(
    plan: JudgementPlan, rule: RuleSpec, total: Claim, parts: list[Claim], total_words: str
) -> None:
    assert total.value is not None
    try:
        comp = compare(total.value, [(p.value, 1) for p in parts if p.value is not None], total.value.unit)
    except UnitMismatch:
        return
    places = amount_places(comp.actual, comp.expected)
    unit = total.value.unit
    names = "、".join(f"{p.subject}{format_amount(p.value)}" for p in parts if p.value is not None)
    fields = {
        "where": section_words(total),
        "total": total_words + METRIC_WORDS.get(total.metric, ""),
        "value": fmt_amount(comp.actual, places),
        "unit": unit,
        "parts": names,
        "expected": fmt_amount(comp.expected, places),
        "difference": fmt_amount(abs(comp.difference), places),
        "tolerance": fmt_tolerance(comp.tolerance, places),
        "quote": quote(total),
    }
    message = rule.template.format(**fields)
    rounding = rule.rounding_template.format(**fields)
    plan.judgements.append(
        identity_check(
            rule,
            comp,
            places,
            message=message,
            rounding_message=rounding,
            evidence=[claim_evidence(total)] + [claim_evidence(p) for p in parts],
        )
    )


def _item_sums(facts: Facts, plan: JudgementPlan, amounts: list[Claim]) -> None:
    """Σ enumerated 类/款/项 items (final, budget) = 一般公共预算财政拨款支出; Σ classes likewise."""
    general = [c for c in facts.claims if c.scope == "general" and c.kind == "amount" and c.value is not None]
    items: dict[str, list[Claim]] = {}
    for c in general:
        if c.item is not None:
            items.setdefault(c.item, []).append(c)
    if len(items) >= 2:
        first_item = min(min(c.sentence_no for c in cs) for cs in items.values())
        for metric in ("final", "budget"):
            picked: list[Claim] = []
            for cs in items.values():
                own = [c for c in cs if c.metric == metric and c.subject == cs[0].subject]
                if not own:
                    break
                picked.append(own[-1])
            else:
                heads = [
                    c
                    for c in general
                    if c.subject == "一般公共预算财政拨款支出"
                    and c.metric == metric
                    and c.sentence_no < first_item
                ]
                if heads and not _unstated(facts, {c.subject for c in picked}, 7):
                    _sum_check(plan, N_LIST_SUM, heads[-1], picked, "一般公共预算财政拨款支出")
    # classes listed in one sentence with their total
    by_sentence: dict[int, list[Claim]] = {}
    for c in general:
        by_sentence.setdefault(c.sentence_no, []).append(c)
    for cs in by_sentence.values():
        classes = [c for c in cs if c.subject.endswith("（类）") and c.metric == "final"]
        head = _first(cs, lambda c: c.subject == "一般公共预算财政拨款支出" and c.metric == "final")
        if head is None or not classes or any(c.start < head.start for c in classes):
            continue
        if not _unstated(facts, {c.subject for c in classes}, 3):
            _sum_check(plan, N_LIST_SUM, head, classes, "一般公共预算财政拨款支出")


def _unstated(facts: Facts, stated: set[str], level: int) -> bool:
    """True when 公开05表 (or, for 类, 04表) prints a non-zero 类 (level 3) or 项 (level 7) the text
    does not list: then the text's list is not the complete breakdown and its sum proves nothing."""
    printed: set[str] = set()
    t05 = facts.d.tables.get("05")
    for r in t05.rows if t05 is not None else []:
        a = r.amount("合计")
        if r.code and len(r.code) == level and a is not None and a.value != 0:
            printed.add(r.key if level == 7 else f"{normalise_label(r.label)}（类）")
    if level == 3 and not printed:
        t04 = facts.d.tables.get("04")
        for r in t04.rows if t04 is not None else []:
            a = r.amount("一般公共预算财政拨款")
            if r.lane == "expense" and not r.code and a is not None and a.value != 0 and r.role == "detail":
                printed.add(f"{normalise_label(r.label)}（类）")
    return bool(printed - stated)


def count_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-COUNT-SUM: “N人，其中A人、B人” — counts are exact."""
    by_sentence: dict[int, list[Claim]] = {}
    for c in facts.claims:
        if c.kind == "count" and c.value is not None:
            by_sentence.setdefault(c.sentence_no, []).append(c)
    for cs in by_sentence.values():
        for i, head in enumerate(cs):
            nxt = cs[i + 1] if i + 1 < len(cs) else None
            if nxt is None:
                continue
            between = head.sentence[head.start + len(head.text) : nxt.start]
            if "其中" not in between:
                continue
            unit = head.value.unit  # type: ignore[union-attr]
            measure = next((m for m in COUNT_MEASURES if m in head.subject), None)
            parts: list[Claim] = []
            for c in cs[i + 1 :]:
                if c.value is None or c.value.unit != unit:
                    break
                gap = head.sentence[(parts[-1].start if parts else head.start) : c.start]
                if parts and ("；" in gap or "其中" in gap):
                    break
                other = next((m for m in COUNT_MEASURES if m in c.subject and m != measure), None)
                if other is not None:
                    continue
                parts.append(c)
            if len(parts) < 2:
                continue
            total = head.value.value  # type: ignore[union-attr]
            expected = sum((p.value.value for p in parts if p.value is not None), Decimal(0))
            comp = Comparison(total, expected, Decimal(0), 1)
            names = "、".join(f"{p.subject}{p.text}" for p in parts)
            message = N_COUNT_SUM.template.format(
                where=section_words(head),
                total=head.subject,
                value=f"{total}",
                unit=unit,
                parts=names,
                expected=f"{expected}",
                difference=f"{abs(total - expected)}",
                quote=quote(head),
            )
            plan.judgements.append(
                identity_check(
                    N_COUNT_SUM,
                    comp,
                    0,  # counts are whole numbers
                    message=message,
                    evidence=[claim_evidence(head)] + [claim_evidence(p) for p in parts],
                )
            )
