"""The durable_rules driver (rules/engine.py) and the outcome conditions (rules/outcomes.py)."""

from __future__ import annotations

import math
import os
import threading
from decimal import Decimal

import durable_rules_engine
import pytest
from durable import lang
from durable.lang import m
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import check, prepare
from rules.engine import EngineError, FactError, OutcomeRule, RuleEngine, SyncHost, validate_facts
from rules.outcomes import (
    BROKEN,
    HOLDS,
    OUTCOME_RULES,
    ROUNDING,
    RULESET_NAME,
    SELF_TEST,
    holds,
    table_engine,
)
from rules.tolerance import compare, scaled_ints
from tests.rules.builders import amount, disclosure
from tests.rules.examples import code_table, full
from tests.rules.helpers import serious


def _engine() -> RuleEngine:
    prepare()  # host, registration and self-test, as a worker does at start-up
    return table_engine()


def test_sync_host_installed_and_ruleset_registered() -> None:
    _engine()
    host = lang._main_host
    assert isinstance(host, SyncHost)
    assert table_engine().name.startswith(RULESET_NAME)
    assert table_engine().name in host._ruleset_directory
    # the default host would start dispatcher/timer threads; the SyncHost starts none
    dispatchers = [
        t
        for t in threading.enumerate()
        if getattr(getattr(t, "function", None), "__name__", "") in ("dispatch_ruleset", "dispatch_timers")
    ]
    assert dispatchers == []


def test_outcome_conditions_register_and_decide() -> None:
    got = _engine().run([f for f, _ in SELF_TEST])
    assert got == {str(f["id"]): outcome for f, outcome in SELF_TEST}
    assert {r.outcome for r in OUTCOME_RULES} >= {HOLDS, ROUNDING, BROKEN}


def test_a_condition_that_cannot_register_fails_loudly() -> None:
    bad = RuleEngine(
        "test_bad_condition",
        [OutcomeRule("bad", "x", lambda: m.total != m.basic + m.project, "dropped by durable_rules")],
    )
    with pytest.raises(EngineError, match="failed to register"):
        bad.run([{"id": "a", "kind": "k", "total": 1, "basic": 1, "project": 0}])


def test_a_wrong_condition_fails_the_self_test() -> None:
    wrong = RuleEngine(
        "test_wrong_condition",
        [OutcomeRule("always_holds", HOLDS, lambda: m.kind == "check", "ignores the numbers")],
        SELF_TEST[:4],
    )
    with pytest.raises(EngineError, match="self-test"):
        wrong.run([])


def test_an_unmatched_fact_is_an_error_and_the_session_is_still_deleted() -> None:
    eng = _engine()
    with pytest.raises(EngineError, match="undecided"):
        eng.run([{"id": "x", "kind": "no_rule_for_this"}])
    assert eng.live_sessions() == 0
    assert eng.run([{"id": "y", "kind": "missing"}]) == {"y": "not_evaluated"}


@pytest.mark.parametrize(
    "fact",
    [
        {"id": "a", "kind": "check", "lhs": None, "rhs": 1, "tol": 0},
        {"id": "a", "kind": "check", "lhs": math.nan, "rhs": 1, "tol": 0},
        {"id": "a", "kind": "check", "lhs": 1.5, "rhs": 1, "tol": 0},
        {"id": "a", "kind": "check", "lhs": Decimal("1.5"), "rhs": 1, "tol": 0},
        {"id": "a", "kind": "check", "lhs": True, "rhs": 1, "tol": 0},
        {"id": "a", "kind": "check", "lhs": 2**63, "rhs": 1, "tol": 0},
        {"id": "a", "kind": "check", "lhs": [1], "rhs": 1, "tol": 0},
        {"kind": "check", "lhs": 1, "rhs": 1, "tol": 0},
        {"id": "a", "lhs": 1},
        {"id": "a", "kind": "eod"},
        {"id": "a", "kind": "check", "sid": "other"},
    ],
)
def test_bad_facts_are_rejected_before_the_engine(
    fact: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    eng = _engine()
    calls: list[object] = []
    real = durable_rules_engine.assert_facts
    monkeypatch.setattr(durable_rules_engine, "assert_facts", lambda *a: calls.append(a) or real(*a))
    with pytest.raises(FactError):
        eng.run([fact])  # type: ignore[list-item]
    assert calls == []
    assert eng.live_sessions() == 0


def test_duplicate_fact_ids_are_rejected() -> None:
    with pytest.raises(FactError, match="duplicated"):
        validate_facts([{"id": "a", "kind": "missing"}, {"id": "a", "kind": "missing"}])


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_two_thousand_documents_in_one_process() -> None:
    """More documents than the engine's 1,024-live-session cap: every session is deleted and
    memory stays flat (a session left alive costs about 0.5 MB)."""
    eng = _engine()
    small = disclosure(code_table("03"), kind="unknown")
    broken = disclosure(code_table("05"), kind="unknown")
    broken.tables["05"].rows[0].cells["基本支出"] = broken.tables["05"].rows[1].cells["基本支出"]
    first = check(small)
    for _ in range(50):
        check(broken)
    rss = _rss_mb()
    for i in range(2000):
        out = check(broken if i % 2 else small)
        assert eng.live_sessions() == 0
        if i % 2 == 0:
            assert out.findings == first.findings
    assert serious(check(broken))
    assert eng.live_sessions() == 0
    assert _rss_mb() - rss < 40


def test_concurrent_documents_give_the_same_results() -> None:
    doc = full()
    expected = check(doc)
    results: list[object] = []

    def work() -> None:
        for _ in range(25):
            out = check(doc)
            results.append((out.checks_run, out.checks_held, len(out.findings)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [(expected.checks_run, expected.checks_held, len(expected.findings))] * 100
    assert table_engine().live_sessions() == 0


printed = st.builds(
    lambda v, d: f"{Decimal(v).scaleb(-d):.{d}f}",
    st.integers(-(10**9), 10**9),
    st.integers(0, 4),
)


@settings(max_examples=150, deadline=None)
@given(total=printed, parts=st.lists(st.tuples(printed, st.sampled_from([1, -1])), min_size=1, max_size=6))
def test_engine_decides_like_the_reference(total: str, parts: list[tuple[str, int]]) -> None:
    comp = compare(amount(total), [(amount(p), s) for p, s in parts], "万元")  # type: ignore[misc]
    _, (lhs, rhs, tol) = scaled_ints([comp.actual, comp.expected, comp.tolerance], comp.scale)
    got = _engine().run([{"id": "f", "kind": "check", "lhs": lhs, "rhs": rhs, "tol": tol}])
    assert got["f"] == comp.verdict()


def test_holds_condition_is_a_plain_field_against_the_fact() -> None:
    # left side a plain field, right side avalue('$m'): the shape durable_rules accepts
    assert holds().define() == {"$and": [{"kind": "check"}, {"lhs": {"$m": "rhs"}}]}
