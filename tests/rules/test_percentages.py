"""Percentage claims declared as data (``[[percentage]]``, rules/identities/narrative_rates.toml):
validation with file and line, the examples, the compiled rules and their self-test, and the
engine's decisions against the interval arithmetic they replace (rules/claim_checks.percent_check)."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

import rules  # noqa: F401  (loads the packaged declarations)
from ingest.model import Amount
from rules import identities
from rules.catalog import rule_by_id
from rules.claim_checks import percent_check, ratio
from rules.engine import RuleEngine
from rules.identities import DeclarationError, parse_file
from rules.identities.examples import run_examples
from rules.identities.percentages import (
    PercentageCheck,
    PercentageClaim,
    compiled_rules,
    declared_percentages,
    self_test,
)
from rules.outcomes import BROKEN, HOLDS, ROUNDING, TRUNCATED, table_engine
from rules.tolerance import Bounds

GOOD = """[[percentage]]
id = "LOCAL-SHARE"
rate = "部分 ÷ 整体 × 100"
truncation = true
title = "占比"
severity = "error"
rationale = "占比须由金额算出。"
fires = "占72%，应为78.38%。"
silent = "占78%。"
message = "{where}称{subject}占{whole}的{percent}%，{basis}，{computed}。原文：“{quote}”"

[[percentage.example]]
expect = "fires"
stated = "72%"
amounts = { "部分" = "157.98", "整体" = "201.56" }
"""


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("部分 ÷ 整体 × 100", "部分 ÷ 整体"), 3, "rate '部分 ÷ 整体' 未知"),
        (("truncation = true", 'truncation = "yes"'), 4, "truncation 须为 true 或 false"),
        (("{basis}", "{table}"), 10, "message 中的字段 ['table'] 不可用"),
        (('message = "', 'massage = "'), 10, "未知的键“massage”"),
        (('stated = "72%"', 'stated = "72"'), 12, "stated='72' 须为所述百分数"),
        (('expect = "fires"', 'expect = "boom"'), 12, "expect='boom'"),
        (('"部分" = "157.98"', '"部份" = "157.98"'), 12, "amounts = { 部分、整体 }"),
        (('"整体" = "201.56"', '"整体" = "-201.56"'), 12, "“整体”不能为负数"),
        (('"整体" = "201.56"', '"整体" = "abc"'), 12, "“整体”='abc' 须为按印刷样式写的金额"),
        (('severity = "error"', 'severity = "fatal"'), 6, "severity"),
        # a valid entry whose rate the packaged N-SHARE already decides
        (("", ""), 3, "比率“部分 ÷ 整体 × 100”已由 N-SHARE"),
    ],
)
def test_a_broken_percentage_declaration_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace(*change) if change[0] else GOOD, encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        parse_file(path)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert words in str(err.value)


def test_the_percentage_rules_are_declared_in_catalog_order_with_their_text() -> None:
    assert [d.id for d in declared_percentages()] == ["N-SHARE", "N-GROWTH", "N-COMPLETION"]
    share = rule_by_id("N-SHARE")
    assert share is next(d.spec for d in declared_percentages() if d.id == "N-SHARE")
    assert share.family == "narrative" and share.tables == ("narrative",) and share.severity == "error"
    assert share.template == "{where}称{subject}占{whole}的{percent}%，{basis}，{computed}。原文：“{quote}”"
    assert all(d.truncation for d in declared_percentages())


def test_the_packaged_percentage_examples_do_what_they_say() -> None:
    declared = declared_percentages()
    results = run_examples(declared)
    assert results and all(r.ok for r in results), [r for r in results if not r.ok]
    for d in declared:
        assert {r.expect for r in results if r.rule_id == d.id} == {"fires", "silent", "rounding"}
    cut = [r for r in results if r.rule_id == "N-COMPLETION" and r.expect == "rounding"]
    assert "所述90.90%系截断而非四舍五入" in cut[0].messages[0]


def test_each_percentage_rule_has_its_own_engine_rules_and_self_test() -> None:
    engine = table_engine()
    names = {r.name for r in engine.rules}
    for rid in ("N-SHARE", "N-GROWTH", "N-COMPLETION"):
        for part in (
            "holds",
            "rounding_above",
            "broken_above",
            "rounding_below",
            "broken_below",
            "truncated",
        ):
            assert f"{rid}:{part}" in names
    tests = [t for d in declared_percentages() for t in self_test(d)]
    got = engine.run([fact for fact, _ in tests])
    assert got == {str(fact["id"]): want for fact, want in tests}
    assert {want for _, want in tests} == {HOLDS, ROUNDING, BROKEN, TRUNCATED}


def test_without_truncation_a_cut_off_rate_is_broken() -> None:
    share = next(d for d in declared_percentages() if d.id == "N-SHARE")
    strict = replace(share, spec=replace(share.spec, id="TEST-STRICT-SHARE"), truncation=False)
    assert isinstance(strict, PercentageClaim)
    rules_ = compiled_rules(strict)
    assert not any(r.name.endswith(":truncated") for r in rules_)
    engine = RuleEngine("test_percentages_strict", rules_, self_test(strict))
    engine.prepare()  # runs the self-test
    ((cut, want),) = [(fact, want) for fact, want in self_test(strict) if str(fact["id"]).endswith("-cut")]
    assert want == BROKEN and engine.run([cut]) == {cut["id"]: BROKEN}


def _old_outcome(stated: Amount, part: Bounds, whole: Bounds) -> str | None:
    """The decision the narrative rules made in Python before (a ``bound`` fact of percent_check)."""
    r = ratio(part, whole)
    if r is None:
        return None
    spec = rule_by_id("N-SHARE")
    check = percent_check(spec, stated, r, truncated_message="CUT", message="B", rounding_message="R")
    distance, hp, extra = check.values
    if distance <= hp:
        return HOLDS
    if distance <= hp + extra:
        return TRUNCATED if check.rounding_message == "CUT" else ROUNDING
    return BROKEN


def test_the_engine_decides_as_the_interval_arithmetic_did() -> None:
    """Seeded grid: stated rates around and cut off from part ÷ whole × 100, amounts printed with 0–2
    decimals (and wholes whose interval reaches 0): the compiled rules give the outcome (and the
    cut-off 尾差) the Python bound did."""
    rng = random.Random(13)
    spec = rule_by_id("N-SHARE")
    cases: list[tuple[PercentageCheck, str]] = []
    while len(cases) < 3000:
        pd, wd, sd = rng.randint(0, 2), rng.randint(0, 2), rng.randint(0, 3)
        whole_v = Decimal(rng.randint(1, 300000)).scaleb(-wd)
        part_v = Decimal(rng.randint(0, int(whole_v * 10**pd * 2))).scaleb(-pd)
        part = Bounds(part_v, Decimal(5).scaleb(-pd - 1))
        radius = whole_v if rng.random() < 0.05 else Decimal(5).scaleb(-wd - 1)  # sometimes reaching 0
        whole = Bounds(whole_v, radius)
        r = ratio(part, whole)
        if r is None:
            continue
        step = Decimal(1).scaleb(-sd)
        base = (
            r.centre.quantize(step) if rng.random() < 0.5 else r.centre.quantize(step, rounding="ROUND_DOWN")
        )
        value = base + step * rng.choice([0, 0, 0, 1, -1, 2, -2, 5])
        if value < 0:
            continue
        stated = Amount(value.quantize(step), sd, "%")
        want = _old_outcome(stated, part, whole)
        assert want is not None
        cases.append((PercentageCheck(spec, stated, r), want))
    got = table_engine().run([c.fact(f"p{i}") for i, (c, _) in enumerate(cases)])
    wrong = [
        (c.stated, c.ratio, want, got[f"p{i}"]) for i, (c, want) in enumerate(cases) if got[f"p{i}"] != want
    ]
    assert not wrong, wrong[:5]
    assert {want for _, want in cases} == {HOLDS, ROUNDING, BROKEN, TRUNCATED}


def test_a_truncated_outcome_is_a_rounding_finding_worded_as_a_cut_off() -> None:
    spec = rule_by_id("N-COMPLETION")
    r = ratio(Bounds(Decimal("300.00"), Decimal("0.005")), Bounds(Decimal("330.00"), Decimal("0.005")))
    assert r is not None
    check = PercentageCheck(
        spec,
        Amount(Decimal("90.90"), 2, "%"),
        r,
        message="错",
        rounding_message="尾差",
        truncated_message="截断",
    )
    (outcome,) = table_engine().run([check.fact("x")]).values()
    assert outcome == TRUNCATED
    f = check.finding(outcome)
    assert f is not None and f.outcome == "rounding" and f.severity == "info" and f.message == "截断"
    assert check.finding(HOLDS) is None
    b = check.finding(BROKEN)
    assert b is not None and b.severity == "error" and b.message == "错"


def test_declarations_module_lists_the_percentage_kind() -> None:
    assert any(isinstance(d, PercentageClaim) for d in identities.declared())
