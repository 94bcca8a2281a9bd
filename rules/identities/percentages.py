"""Percentage claims of the 情况说明 declared as data (``[[percentage]]``): a stated rate against the
amounts it is computed from, decided by engine rules compiled for the rule id.

A declaration (rules/identities/narrative_rates.toml) reads:

    [[percentage]]
    id = "N-SHARE"
    rate = "部分 ÷ 整体 × 100"               # one of RATES: which amounts the rate is computed from
    truncation = true                       # a rate cut off (not rounded) at its decimals is a 尾差
    title = "…"; severity = "error"; rationale = "…"; fires = "…"; silent = "…"
    message = "{where}称{subject}占{whole}的{percent}%，{basis}，{computed}。原文：“{quote}”"
    # optional: needs, enabled = false, family (default "narrative"), lifecycle, aliases

    [[percentage.example]]                  # run by `auditor rules check FILE`
    expect = "fires"
    stated = "72%"
    amounts = { "部分" = "157.98", "整体" = "201.56" }

What enters the engine is derived from the printed figures (division stays in Python: the engine
cannot divide): the stated percentage and the half of its last printed digit, the computed centre
part ÷ whole × 100 rounded down and up, and the interval of the rates the amounts' own rounding
allows, all exact integers at ``PERCENT_SCALE`` decimals (`percentage_fact`). The rules compiled for
the id (`compiled_rules`) compare them: the rate holds when the stated interval reaches the centre;
it is a 尾差 when it reaches the amounts' interval (or, with ``truncation``, when the stated rate is
the centre cut off at its printed decimals); it is broken otherwise. Each comparison is one-sided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from durable.lang import avalue, m

from ingest.model import Amount, Claim, Disclosure, Evidence, Location
from ingest.numbers import parse_amount
from rules.catalog import RuleSpec
from rules.claim_checks import NARRATIVE, PERCENT_SCALE, Ratio, ceil_percent, floor_percent
from rules.engine import Fact, FactValue, OutcomeRule
from rules.findings import BROKEN, HOLDS, ROUNDING, Finding, finding_of
from rules.identities.declarations import (
    EXPECTS,
    _check_head,
    _entry_key_line,
    _fail,
    _life,
    _line,
    template_fields,
)
from rules.outcomes import TRUNCATED
from rules.tolerance import half_ulp, scaled_ints

# Fact kind of a percentage claim decided by its own compiled rules.
KIND_PERCENTAGE = "percentage"

# The fields of each rate's broken-message template.
_SHARE_FIELDS = frozenset({"where", "subject", "whole", "percent", "basis", "computed", "quote"})
_GROWTH_FIELDS = frozenset(
    {
        "where",
        "subject",
        "direction_word",
        "change",
        "unit",
        "rate_word",
        "percent",
        "basis",
        "computed",
        "quote",
    }
)


@dataclass(frozen=True)
class Rate:
    """A rate a declaration may state: which claims it is read from, and the amounts an example gives."""

    kind: str  # share / completion / growth: the planner of rules/narrative that reads such claims
    amounts: tuple[str, str]  # the amounts an example gives, numerator's first
    fields: frozenset[str]  # the fields of its message template


# The rates, by the words a declaration gives them (spaces ignored).
RATES: dict[str, Rate] = {
    "部分 ÷ 整体 × 100": Rate("share", ("部分", "整体"), _SHARE_FIELDS),
    "决算数 ÷ 预算数 × 100": Rate("completion", ("决算数", "预算数"), _SHARE_FIELDS),
    "增减额 ÷ 上年数 × 100，上年数 = 本年数 ∓ 增减额": Rate("growth", ("增减额", "本年数"), _GROWTH_FIELDS),
}
_RATE_BY_WORDS = {re.sub(r"\s+", "", words): words for words in RATES}

_REQUIRED = ("id", "title", "severity", "rationale", "fires", "silent", "rate", "message")
_OPTIONAL = ("truncation", "needs", "enabled", "family", "example", "lifecycle", "aliases")
_STATED = re.compile(r"^\d+(?:\.\d+)?%$")
_SIGNED = re.compile(r"^[-−－]")


@dataclass(frozen=True)
class PercentageExample:
    """One executable example: the stated percentage, the amounts as printed, the expected outcome."""

    expect: str  # fires / rounding / silent
    stated: str  # “72%”
    amounts: tuple[tuple[str, str], ...]  # (amount name of the rate, printed figure), in RATES order
    line: int


@dataclass(frozen=True)
class PercentageClaim:
    """“the stated rate = the rate computed from its amounts”, one catalog rule."""

    spec: RuleSpec
    rate: str  # a key of RATES
    source: str
    truncation: bool = False  # a rate cut off (not rounded) at its printed decimals is a 尾差
    examples: tuple[PercentageExample, ...] = ()

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id

    @property
    def kind(self) -> str:
        """share / completion / growth (the planner that reads its claims)."""
        return RATES[self.rate].kind


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def _example(path: Path, rid: str, rate: Rate, entry: Any, line: int) -> PercentageExample:
    names = "、".join(rate.amounts)
    shape = f'{rid} 的示例须含 expect、stated（如 "72%"）与 amounts = {{ {names} }}（按印刷样式写的金额）'
    if not isinstance(entry, dict) or set(entry) != {"expect", "stated", "amounts"}:
        raise _fail(path, line, shape)
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    stated = entry["stated"]
    if not isinstance(stated, str) or not _STATED.match(stated):
        raise _fail(path, line, f'{rid} 的示例 stated={stated!r} 须为所述百分数，如 "72%"、"78.38%"')
    amounts = entry["amounts"]
    if not isinstance(amounts, dict) or set(amounts) != set(rate.amounts):
        raise _fail(path, line, shape)
    for name in rate.amounts:
        text = amounts[name]
        if not isinstance(text, str) or parse_amount(_SIGNED.sub("", text)) is None:
            raise _fail(path, line, f'{rid} 的示例中“{name}”={text!r} 须为按印刷样式写的金额，如 "157.98"')
        if _SIGNED.match(text) and name != "增减额":
            raise _fail(path, line, f"{rid} 的示例中“{name}”不能为负数")
    return PercentageExample(entry["expect"], stated, tuple((n, amounts[n]) for n in rate.amounts), line)


def parse_percentages(path: Path, text: str, entries: Any) -> list[tuple[dict[str, Any], PercentageClaim]]:
    """The [[percentage]] declarations of a file, validated (DeclarationError naming file:line)."""
    if not isinstance(entries, list):
        raise _fail(path, _line(text, "percentage"), "percentage 须写成 [[percentage]]")
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines, 1) if line.strip() == "[[percentage]]"]
    example_lines = iter([i for i, line in enumerate(lines, 1) if line.strip() == "[[percentage.example]]"])
    out: list[tuple[dict[str, Any], PercentageClaim]] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries):
        head = heads[n] if n < len(heads) else 1
        rid, family = _check_head(path, text, entry, head, _REQUIRED, _OPTIONAL, "N-SHARE", "narrative")
        if rid in seen:
            raise _fail(path, head, f"规则编号“{rid}”在本文件中重复")
        seen.add(rid)
        words = entry["rate"]
        key = _RATE_BY_WORDS.get(re.sub(r"\s+", "", words)) if isinstance(words, str) else None
        if key is None:
            known = "；".join(f"“{w}”" for w in RATES)
            raise _fail(
                path, _entry_key_line(text, head, "rate"), f"{rid} 的 rate {words!r} 未知（可用：{known}）"
            )
        rate = RATES[key]
        truncation = entry.get("truncation", False)
        if not isinstance(truncation, bool):
            raise _fail(
                path, _entry_key_line(text, head, "truncation"), f"{rid} 的 truncation 须为 true 或 false"
            )
        for k in ("message", "needs"):
            if k in entry and (not isinstance(entry[k], str) or not entry[k].strip()):
                raise _fail(path, _entry_key_line(text, head, k), f"{rid} 的 {k} 须为非空字符串")
        unknown = sorted(template_fields(entry["message"]) - rate.fields)
        if unknown:
            raise _fail(
                path,
                _entry_key_line(text, head, "message"),
                f"{rid} 的 message 中的字段 {unknown} 不可用（可用：{sorted(rate.fields)}）",
            )
        examples = entry.get("example", [])
        if not isinstance(examples, list):
            raise _fail(
                path, _entry_key_line(text, head, "example"), f"{rid} 的示例须写成 [[percentage.example]]"
            )
        fields = {
            "title": entry["title"],
            "severity": entry["severity"],
            "rationale": entry["rationale"],
            "family": family,
            "tables": ("narrative",),
            "fires": entry["fires"],
            "silent": entry["silent"],
            "template": entry["message"],
            "needs": entry.get("needs", ""),
            "enabled": entry.get("enabled", True),
            **_life(path, text, rid, entry),
        }
        decl = PercentageClaim(
            RuleSpec(id=rid, **fields),
            key,
            f"{path}:{head}",
            truncation,
            tuple(_example(path, rid, rate, e, next(example_lines, head)) for e in examples),
        )
        taken = [d for d in declared_percentages() if d.rate == key] + [d for _, d in out if d.rate == key]
        if taken:  # the rate is read from one kind of claim: one rule decides it
            raise _fail(
                path,
                _entry_key_line(text, head, "rate"),
                f"{rid}：比率“{key}”已由 {taken[0].id}（{taken[0].source}）声明；每种比率只能声明一条规则",
            )
        out.append((fields, decl))
    return out


def declared_percentages() -> list[PercentageClaim]:
    """The loaded percentage rules, in load order."""
    from rules.identities import declared

    return [d for d in declared() if isinstance(d, PercentageClaim)]


def percentage_rule(kind: str) -> RuleSpec:
    """The catalog rule of the rate read from claims of `kind` (share / completion / growth): one
    declaration per rate (the packaged rules/identities/narrative_rates.toml)."""
    for d in declared_percentages():
        if d.kind == kind:
            return d.spec
    raise LookupError(f"no [[percentage]] declares the {kind} rate (rules/identities/narrative_rates.toml)")


# ---------------------------------------------------------------------------------------------
# Derived facts and the judgement
# ---------------------------------------------------------------------------------------------


def percentage_fact(fid: str, rule_id: str, stated: Amount, r: Ratio) -> dict[str, FactValue]:
    """The engine fact of a stated percentage against its computed ratio (ValueError when a value
    does not fit the engine): exact integers at PERCENT_SCALE decimals, the computed values rounded
    outward (centre down and up, the amounts' interval widened)."""
    step = Decimal(1).scaleb(-max(stated.decimals, 0))
    high = r.high if r.high is not None else r.centre
    _, (p, half, unit, c_lo, c_hi, low, hi) = scaled_ints(
        [
            stated.value,
            ceil_percent(half_ulp(stated.decimals)),
            ceil_percent(step),
            floor_percent(r.centre),
            ceil_percent(r.centre),
            floor_percent(r.low),
            ceil_percent(high),
        ],
        PERCENT_SCALE,
    )
    return {
        "id": fid,
        "kind": KIND_PERCENTAGE,
        "rule": rule_id,
        "stated": p,  # the percentage as printed
        "half": half,  # half of its last printed digit: “78%” stands for 77.5…78.5
        "step": unit,  # its last printed digit (a rate cut off there lies within one step above it)
        "centre_lo": c_lo,  # part ÷ whole × 100 from the printed amounts, rounded down
        "centre_hi": c_hi,  # … rounded up
        "low": low,  # the lowest rate the amounts' rounding allows
        "high": hi,  # the highest (the centre when `unbounded`)
        "unbounded": 1 if r.high is None else 0,  # the whole's interval reaches 0: no highest rate
    }


@dataclass(eq=False)
class PercentageCheck:
    """One stated percentage against its amounts (a judgement: one engine fact, one finding)."""

    rule: RuleSpec
    stated: Amount
    ratio: Ratio
    message: str = ""  # broken
    rounding_message: str = ""  # within the amounts' rounding (尾差, info)
    truncated_message: str = ""  # cut off rather than rounded (尾差, info)
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def table_id(self) -> str:
        """Filed after the tables' own findings."""
        return NARRATIVE

    def fact(self, fid: str) -> dict[str, FactValue]:
        """The ``percentage`` fact named by the rule (ValueError when a value does not fit)."""
        return percentage_fact(fid, self.rule.id, self.stated, self.ratio)

    def finding(self, outcome: str) -> Finding | None:
        """None when it holds; info for a 尾差 (worded as a cut-off rate for TRUNCATED); the
        rule's severity when broken."""
        rounding = self.rounding_message or self.message
        if outcome == TRUNCATED:
            outcome, rounding = ROUNDING, self.truncated_message
        return finding_of(
            self.rule,
            outcome,
            message=self.message,
            rounding_message=rounding,
            expected=self.expected,
            actual=self.actual,
            difference=self.difference,
            tolerance=self.tolerance,
            evidence=self.evidence,
        )


# ---------------------------------------------------------------------------------------------
# Compilation into the durable_rules ruleset
# ---------------------------------------------------------------------------------------------


def compiled_rules(decl: PercentageClaim) -> tuple[OutcomeRule, ...]:
    """The engine rules of one declared percentage, on ``percentage`` facts of its id: exactly one
    matches each fact. ``stated`` ± ``half`` is the stated interval; the conditions compare each
    end with the computed centre and with the amounts' interval, one side at a time."""
    rid = decl.id

    def mine() -> Any:
        return (m.kind == KIND_PERCENTAGE) & (m.rule == rid)

    def above() -> Any:  # the stated interval lies wholly above the centre
        return m.stated > m.centre_hi + avalue("$m").half

    def below() -> Any:  # … wholly below it
        return m.stated < m.centre_lo - avalue("$m").half

    def below_amounts() -> Any:  # … and below every rate the amounts allow
        return m.stated < m.low - avalue("$m").half

    def holds() -> Any:
        return (
            mine()
            & (m.stated <= m.centre_hi + avalue("$m").half)
            & (m.stated >= m.centre_lo - avalue("$m").half)
        )

    def rounding_above() -> Any:
        return mine() & above() & ((m.stated <= m.high + avalue("$m").half) | (m.unbounded == 1))

    def broken_above() -> Any:
        return mine() & above() & (m.stated > m.high + avalue("$m").half) & (m.unbounded == 0)

    def rounding_below() -> Any:
        return mine() & below() & (m.stated >= m.low - avalue("$m").half)

    def cut_off() -> Any:  # 0 ≤ stated ≤ centre < stated + one printed digit
        return (m.stated >= 0) & (m.centre_lo < m.stated + avalue("$m").step)

    def not_cut_off() -> Any:
        return (m.stated < 0) | (m.centre_lo >= m.stated + avalue("$m").step)

    def truncated() -> Any:
        return mine() & below() & below_amounts() & cut_off()

    def broken_below() -> Any:
        if decl.truncation:
            return mine() & below() & below_amounts() & not_cut_off()
        return mine() & below() & below_amounts()

    rules = [
        OutcomeRule(f"{rid}:holds", HOLDS, holds, f"{rid}: 所述百分数的取整区间含算得值"),
        OutcomeRule(
            f"{rid}:rounding_above",
            ROUNDING,
            rounding_above,
            f"{rid}: 高于算得值，但在金额取整所容的范围内（尾差）",
        ),
        OutcomeRule(f"{rid}:broken_above", BROKEN, broken_above, f"{rid}: 高于金额取整所容的最高比率"),
        OutcomeRule(
            f"{rid}:rounding_below",
            ROUNDING,
            rounding_below,
            f"{rid}: 低于算得值，但在金额取整所容的范围内（尾差）",
        ),
        OutcomeRule(f"{rid}:broken_below", BROKEN, broken_below, f"{rid}: 低于金额取整所容的最低比率"),
    ]
    if decl.truncation:
        rules.append(
            OutcomeRule(
                f"{rid}:truncated",
                TRUNCATED,
                truncated,
                f"{rid}: 所述百分数系算得值截断（而非四舍五入），属尾差",
            )
        )
    return tuple(rules)


def self_test(decl: PercentageClaim) -> tuple[tuple[Fact, str], ...]:
    """Facts with known outcomes for one declared percentage (checked right after registration),
    at two decimals: 78% (±0.5) against a centre of 78.38% and the amounts' range around it."""
    rid = decl.id
    base = {"kind": KIND_PERCENTAGE, "rule": rid, "half": 50, "step": 100, "unbounded": 0}
    around = {"centre_lo": 7838, "centre_hi": 7838, "low": 7830, "high": 7846}
    cut = {"centre_lo": 7868, "centre_hi": 7869, "low": 7867, "high": 7870}  # 78.68%: printed 78%
    return (
        ({"id": f"t-{rid}=", **base, **around, "stated": 7800}, HOLDS),
        ({"id": f"t-{rid}~+", **base, **around, "stated": 7890}, ROUNDING),
        ({"id": f"t-{rid}!+", **base, **around, "stated": 7900}, BROKEN),
        ({"id": f"t-{rid}~-", **base, **around, "stated": 7780}, ROUNDING),
        ({"id": f"t-{rid}!-", **base, **around, "stated": 7200}, BROKEN),
        ({"id": f"t-{rid}-open", **base, **around, "stated": 9000, "unbounded": 1}, ROUNDING),
        ({"id": f"t-{rid}-cut", **base, **cut, "stated": 7800}, TRUNCATED if decl.truncation else BROKEN),
    )


# ---------------------------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------------------------


def percentage_document(decl: PercentageClaim, example: PercentageExample) -> Disclosure:
    """A final-account document whose 情况说明 states the example's amounts and percentage in one
    sentence, the percentage linked to its amounts as the narrative reader links them."""
    loc = Location(page=1, line=example.line)
    kind = decl.kind
    shown = {name: _SIGNED.sub("", text) for name, text in example.amounts}
    down = any(_SIGNED.match(text) for _, text in example.amounts)
    sentence = (
        "，".join(f"{name}{shown[name]}万元" for name, _ in example.amounts) + f"，比率为{example.stated}。"
    )
    claims: list[Claim] = []
    for name, _ in example.amounts:
        amount = parse_amount(shown[name])
        assert amount is not None  # validated
        metric = {"增减额": "change", "预算数": "budget"}.get(name, "final")
        claims.append(
            Claim(
                "amount",
                name if kind == "share" else "支出",  # 支出增加…、支出预算数…
                metric,
                amount,
                f"{shown[name]}万元",
                sentence,
                loc,
                direction=-1 if down else 0,
            )
        )
    value = Decimal(example.stated.rstrip("%"))
    links = {
        "share": {"part": 0, "whole": 1, "whole_subject": RATES[decl.rate].amounts[1]},
        "completion": {"final": 0, "budget": 1},
        "growth": {"change": 0, "current": 1},
    }[kind]
    claims.append(
        Claim(
            kind,  # type: ignore[arg-type]
            "部分" if kind == "share" else "支出",
            kind,
            Amount(value, -int(value.as_tuple().exponent), "%"),
            example.stated,
            sentence,
            loc,
            direction=-1 if down else 1,
            start=len(sentence) - len(example.stated) - 1,
            **links,  # type: ignore[arg-type]
        )
    )
    return Disclosure(source=f"example:{decl.id}:{example.line}", kind="final_account", claims=claims)
