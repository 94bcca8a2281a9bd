"""The durable_rules conditions that decide every check's outcome.

Python prepares one fact per check (rules/checks.py); the engine decides. Facts carry exact
scaled integers (see rules/tolerance.py), so the comparisons below are exact:

- ``check`` facts: ``lhs`` = printed total, ``rhs`` = Σ sign·printed part, ``tol`` = the
  Calc 1.1 radius; exactly one of *holds*, *rounding*, *broken* matches each of them.
- ``blank`` facts (total not printed): ``rhs`` = Σ of the printed parts, ``tol``/``ntol`` the
  band within which a blank total is acceptable (0 for plain sums: any non-zero part means the
  total should have been printed); exactly one of *blank_total* / *blank_empty* matches.
- ``missing`` facts (a check whose inputs are absent or unreadable): *not_evaluated*.
- ``bound`` facts (an inequality ``lhs ≤ rhs``, e.g. 06表 公务接待费 ≤ 09表 公务接待费 决算数):
  *holds* when ``lhs ≤ rhs``, *rounding* when ``lhs`` exceeds ``rhs`` by no more than ``tol``,
  *broken* beyond that — the same three outcomes as an identity.
- ``require`` facts (a condition a document must meet: a table present, a section written, no
  placeholder): ``ok`` is 1 or 0; *holds* or *broken*.

Conditions keep a plain field on the left and use ``avalue('$m')`` for fields on the right:
``m.a != m.b + m.c`` style conditions make durable_rules drop the ruleset at registration.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from durable import lang
from durable.lang import avalue, m

from rules.engine import Fact, OutcomeRule, RuleEngine
from rules.findings import BROKEN, HOLDS, ROUNDING

BLANK_TOTAL = "blank_total"
BLANK_EMPTY = "blank_empty"
NOT_EVALUATED = "not_evaluated"
# A 尾差 worded on its own: a stated percentage that is the computed one cut off, not rounded, at
# its printed decimals (the declared percentage rules, rules/identities/percentages.py).
TRUNCATED = "rounding_truncated"

KIND_CHECK = "check"
KIND_BLANK = "blank"
KIND_MISSING = "missing"
KIND_BOUND = "bound"
KIND_REQUIRE = "require"

RULESET_NAME = "auditor_table_arithmetic"


def _fact() -> Any:
    """The current fact as a right-hand-side operand (``avalue('$m')``)."""
    return avalue("$m")


def holds() -> Any:
    """The printed total equals the sum of the printed parts exactly."""
    return (m.kind == KIND_CHECK) & (m.lhs == _fact().rhs)


def rounding() -> Any:
    """The total differs from the sum, but by no more than the rounding radius (尾差)."""
    over = (m.lhs > _fact().rhs) & (m.lhs <= m.rhs + _fact().tol)
    under = (m.lhs < _fact().rhs) & (m.lhs >= m.rhs - _fact().tol)
    return (m.kind == KIND_CHECK) & (over | under)


def broken() -> Any:
    """No true values inside the printed values' rounding intervals can make the identity hold."""
    return (m.kind == KIND_CHECK) & ((m.lhs > m.rhs + _fact().tol) | (m.lhs < m.rhs - _fact().tol))


def blank_total() -> Any:
    """The total is blank although its printed parts add up to something that is not zero."""
    return (m.kind == KIND_BLANK) & ((m.rhs > _fact().tol) | (m.rhs < _fact().ntol))


def blank_empty() -> Any:
    """The total is blank and its printed parts add up to zero (within rounding): acceptable."""
    return (m.kind == KIND_BLANK) & (m.rhs <= _fact().tol) & (m.rhs >= _fact().ntol)


def bound_holds() -> Any:
    """The smaller side does not exceed the larger one."""
    return (m.kind == KIND_BOUND) & (m.lhs <= _fact().rhs)


def bound_rounding() -> Any:
    """The smaller side exceeds the larger one, but only within the rounding radius (尾差)."""
    return (m.kind == KIND_BOUND) & (m.lhs > _fact().rhs) & (m.lhs <= m.rhs + _fact().tol)


def bound_broken() -> Any:
    """The smaller side exceeds the larger one beyond any rounding of the printed values."""
    return (m.kind == KIND_BOUND) & (m.lhs > m.rhs + _fact().tol)


def require_met() -> Any:
    """A required condition of the document is met."""
    return (m.kind == KIND_REQUIRE) & (m.ok == 1)


def require_unmet() -> Any:
    """A required condition of the document is not met."""
    return (m.kind == KIND_REQUIRE) & (m.ok == 0)


def not_evaluated() -> Any:
    """A check whose inputs are missing or unreadable is recorded, never silently dropped."""
    return m.kind == KIND_MISSING


OUTCOME_RULES: tuple[OutcomeRule, ...] = (
    OutcomeRule("identity_holds", HOLDS, holds, "所列合计与组成项目之和相等"),
    OutcomeRule("identity_rounding", ROUNDING, rounding, "差额在所涉数字打印精度的四舍五入范围内（尾差）"),
    OutcomeRule("identity_broken", BROKEN, broken, "差额超出尾差范围：所列数字的任何四舍五入都不能使其成立"),
    OutcomeRule("total_blank", BLANK_TOTAL, blank_total, "合计未填列，而其组成项目之和不为零"),
    OutcomeRule(
        "total_blank_empty", BLANK_EMPTY, blank_empty, "合计未填列，其组成项目之和在尾差内为零：可以接受"
    ),
    OutcomeRule(
        "check_not_evaluated", NOT_EVALUATED, not_evaluated, "所需数据缺失或无法读取：记为未评估，不静默跳过"
    ),
    OutcomeRule("bound_holds", HOLDS, bound_holds, "较小一方不大于较大一方"),
    OutcomeRule("bound_rounding", ROUNDING, bound_rounding, "较小一方超出较大一方，但在尾差范围内"),
    OutcomeRule("bound_broken", BROKEN, bound_broken, "较小一方超出较大一方，超出尾差范围"),
    OutcomeRule("require_met", HOLDS, require_met, "文件满足该项要求"),
    OutcomeRule("require_unmet", BROKEN, require_unmet, "文件不满足该项要求"),
)
# (The English docstrings of the condition builders above say the same for programmers; the words
# here are what `auditor rules engine` shows an inspector.)


# Facts with known outcomes, run once per process right after registration.
SELF_TEST: tuple[tuple[Fact, str], ...] = (
    ({"id": "t-holds", "kind": KIND_CHECK, "lhs": 104922, "rhs": 104922, "tol": 20}, HOLDS),
    ({"id": "t-round+", "kind": KIND_CHECK, "lhs": 104922, "rhs": 104921, "tol": 20}, ROUNDING),
    ({"id": "t-round-", "kind": KIND_CHECK, "lhs": 104902, "rhs": 104922, "tol": 20}, ROUNDING),
    ({"id": "t-broken+", "kind": KIND_CHECK, "lhs": 20156, "rhs": 19311, "tol": 15}, BROKEN),
    ({"id": "t-broken-", "kind": KIND_CHECK, "lhs": 19311, "rhs": 20156, "tol": 15}, BROKEN),
    ({"id": "t-blank", "kind": KIND_BLANK, "rhs": 19311, "tol": 0, "ntol": 0}, BLANK_TOTAL),
    ({"id": "t-blank0", "kind": KIND_BLANK, "rhs": 0, "tol": 0, "ntol": 0}, BLANK_EMPTY),
    ({"id": "t-blank-", "kind": KIND_BLANK, "rhs": -5, "tol": 10, "ntol": -10}, BLANK_EMPTY),
    ({"id": "t-missing", "kind": KIND_MISSING}, NOT_EVALUATED),
    ({"id": "t-bound", "kind": KIND_BOUND, "lhs": 72, "rhs": 114, "tol": 10}, HOLDS),
    ({"id": "t-bound=", "kind": KIND_BOUND, "lhs": 180, "rhs": 180, "tol": 10}, HOLDS),
    ({"id": "t-bound~", "kind": KIND_BOUND, "lhs": 181, "rhs": 180, "tol": 10}, ROUNDING),
    ({"id": "t-bound!", "kind": KIND_BOUND, "lhs": 204, "rhs": 180, "tol": 10}, BROKEN),
    ({"id": "t-req", "kind": KIND_REQUIRE, "ok": 1}, HOLDS),
    ({"id": "t-req!", "kind": KIND_REQUIRE, "ok": 0}, BROKEN),
)

# Rules compiled from declarations (rules/identities), by rule id: their engine rules and self-test.
_COMPILED: dict[str, tuple[tuple[OutcomeRule, ...], tuple[tuple[Fact, str], ...]]] = {}
# One engine per set of compiled rules (the host registers each ruleset name once per process).
_ENGINES: dict[tuple[str, ...], RuleEngine] = {}


def add_compiled(rule_id: str, rules: Sequence[OutcomeRule], self_test: Sequence[tuple[Fact, str]]) -> None:
    """Add a declared rule's compiled engine rules to the ruleset (from the next `table_engine`)."""
    if rule_id in _COMPILED:
        raise ValueError(f"rule {rule_id} is compiled twice")
    _COMPILED[rule_id] = (tuple(rules), tuple(self_test))


def table_engine() -> RuleEngine:
    """The process-wide engine: the generic outcome rules plus every compiled declaration.

    Its ruleset is named ``auditor_table_arithmetic`` followed by a digest of the compiled rule
    ids, so that loading further declarations (an operator's rules path) registers a new ruleset.
    """
    ids = tuple(_COMPILED)
    engine = _ENGINES.get(ids)
    if engine is None:
        rules = [*OUTCOME_RULES]
        tests = [*SELF_TEST]
        for rid in ids:
            rules.extend(_COMPILED[rid][0])
            tests.extend(_COMPILED[rid][1])
        name = RULESET_NAME
        if ids:
            name += "_" + hashlib.sha1("\n".join(ids).encode()).hexdigest()[:10]
        engine = _ENGINES[ids] = RuleEngine(name, rules, tests)
    return engine


# ---------------------------------------------------------------------------------------------
# The ruleset as an inspector reads it (`auditor rules engine`)
# ---------------------------------------------------------------------------------------------

_COMPARE = {"$gt": ">", "$gte": "≥", "$lt": "<", "$lte": "≤", "$neq": "≠"}
_ARITH = {"$add": "+", "$sub": "−", "$mul": "×", "$div": "÷"}


def _operand(value: Any) -> str:
    """A right-hand side of a durable_rules condition (a field of the same fact, a constant, a sum)."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if key == "$m":
            return str(inner)
        if key in _ARITH and isinstance(inner, dict):
            return f"{_operand(inner.get('$l'))} {_ARITH[key]} {_operand(inner.get('$r'))}"
    return json.dumps(value, ensure_ascii=False)


def condition_words(condition: Any) -> str:
    """A durable_rules condition (its JSON definition) in words: ``kind = identity ∧ rule = T05-ROW ∧
    (lhs > rhs + tol ∨ lhs < rhs − tol)``."""
    if not isinstance(condition, dict):
        return json.dumps(condition, ensure_ascii=False)
    parts: list[str] = []
    for key, value in condition.items():
        if key in ("$and", "$or") and isinstance(value, list):
            words = [condition_words(v) for v in value]
            if key == "$or":  # an ∧ inside an ∨ gets its brackets
                words = [f"({w})" if " ∧ " in w and not w.startswith("(") else w for w in words]
            joined = (" ∧ " if key == "$and" else " ∨ ").join(words)
            parts.append(joined if key == "$and" or len(words) == 1 else f"({joined})")
        elif key in _COMPARE and isinstance(value, dict):
            parts.extend(f"{field} {_COMPARE[key]} {_operand(v)}" for field, v in value.items())
        else:
            parts.append(f"{key} = {_operand(value) if isinstance(value, dict) else value}")
    return " ∧ ".join(parts)


def describe_ruleset(engine: RuleEngine | None = None) -> list[dict[str, Any]]:
    """Every rule of the outcome ruleset (default: `table_engine()`), in order: its name (a rule id
    and outcome for the rules compiled from declarations), the outcome it records, what it means
    and its condition, in words and as the durable_rules definition registered."""
    engine = engine or table_engine()
    out: list[dict[str, Any]] = []
    for r in engine.rules:
        definition = lang.when_all(r.condition()).define()  # (a lambda-free copy: no consequent)
        (condition,) = [c["m"] for c in definition["all"]]
        out.append(
            {
                "name": r.name,
                "outcome": r.outcome,
                "meaning": r.doc.strip().splitlines()[0] if r.doc.strip() else "",
                "when": condition_words(condition),
                "definition": condition,
            }
        )
    return out
