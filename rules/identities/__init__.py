"""Identities declared as data: TOML files an inspector can read and extend.

One file per table family ships with the package (rules/identities/final_05.toml …,
budget_rows.toml …: a rule over several tables lists them, ``tables = [...]`` or ``each_row`` as a
table of one expression per table; ``each_column`` and ``groups`` name rows of B06/B10); an operator
adds a folder of further files (``AUDITOR_RULES_PATH`` or ``--rules-path``). A file reads:

    table = "05"                          # the table: 公开05表 (01–10), a budget table B01–B13,
                                          # or "P": every 绩效自评表 of a document

    [[identity]]
    id = "T05-ROW"
    each_row = "合计 = 基本支出 + 项目支出"  # every row of the table; “-” subtracts a column
    title = "…"; severity = "error"; rationale = "…"; fires = "…"; silent = "…"
    # optional: message / rounding_message (str.format templates, see rules/catalog.py),
    #           needs, enabled = false, family (default "arithmetic")

    [[identity.example]]                  # run by `auditor rules check FILE`
    expect = "fires"                      # fires / rounding / silent
    row = { 合计 = "593.12", 基本支出 = "481.24", 项目支出 = "101.89" }

`load_file` validates every declaration against the table schema (ingest/schema.py, by
rules/identities/declarations.py, which holds the files' vocabulary and dataclasses): an unknown
table or column, a malformed identity or a duplicate id raises `DeclarationError` naming the file
and line. A valid declaration registers its rule in the catalog (`define_rule`) and is compiled
into three durable_rules rules whose conditions name the rule id (`compiled_rules`): the
comparison against the printed-precision tolerance (rules/tolerance.py) and the choice of outcome
happen in the ruleset; Python only states which cells make up each identity (rules/arithmetic.py).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from durable.lang import avalue, m

from rules.catalog import define_rule, rule_by_id
from rules.engine import Fact, OutcomeRule
from rules.identities import percentages
from rules.identities.declarations import (
    BOUND_RELATIONS,
    CLAIM_ROUNDING_TEMPLATE,
    CLAIM_TEMPLATE,
    EXPECTS,
    LANE_NAMES,
    SEVERITIES,
    CellClaim,
    CellEquality,
    CellSide,
    ClaimExample,
    CodeRowsExample,
    CodeSum,
    Declaration,
    DeclarationError,
    Example,
    PairExample,
    RowForm,
    RowIdentity,
    TwoSidedIdentity,
    parse_expression,
    parse_file,
)
from rules.identities.percentages import PercentageClaim
from rules.outcomes import BROKEN, HOLDS, ROUNDING, add_compiled

# Environment variable naming a folder of extra declaration files.
RULES_PATH_ENV = "AUDITOR_RULES_PATH"
# The declarations shipped with the package.
PACKAGED_DIR = Path(__file__).parent
# Fact kind of an identity decided by its own compiled rules.
KIND_IDENTITY = "identity"


# Every loaded declaration, in load order; files already loaded (resolved path → declarations).
_DECLARED: dict[str, Declaration] = {}
_FILES: dict[Path, tuple[Declaration, ...]] = {}


def load_file(path: Path) -> tuple[Declaration, ...]:
    """Validate a file and register its rules (once per file); DeclarationError when refused."""
    key = path.resolve()
    if key in _FILES:
        return _FILES[key]
    parsed = parse_file(path)
    for _, ident in parsed:
        if ident.id in _DECLARED:
            raise DeclarationError(
                f"{ident.source}: 规则编号“{ident.id}”已在 {_DECLARED[ident.id].source} 声明"
            )
        for rid in (ident.id, *ident.spec.aliases):
            try:
                rule_by_id(rid)
            except KeyError:
                continue
            raise DeclarationError(f"{ident.source}: 规则编号“{rid}”已是内置规则或其曾用编号")
    loaded: list[Declaration] = []
    for fields, ident in parsed:
        spec = define_rule(ident.id, **fields)
        ident = replace(ident, spec=spec)
        _DECLARED[ident.id] = ident
        if isinstance(ident, PercentageClaim):  # its own rules (rules/identities/percentages.py)
            add_compiled(ident.id, percentages.compiled_rules(ident), percentages.self_test(ident))
        elif isinstance(ident, CellEquality) and ident.equal_when:  # a ≤ b, or a = b where it holds
            both = (*compiled_rules(ident.id, "equal"), *compiled_bound_rules(ident.id, "bound"))
            add_compiled(ident.id, both, (*self_test(ident.id, "equal"), *bound_self_test(ident.id, "bound")))
        elif isinstance(ident, CellEquality) and ident.relation in BOUND_RELATIONS:  # a ≤ b: bound rules
            add_compiled(ident.id, compiled_bound_rules(ident.id), bound_self_test(ident.id))
        else:
            add_compiled(ident.id, compiled_rules(ident.id), self_test(ident.id))
        loaded.append(ident)
    _FILES[key] = tuple(loaded)
    return _FILES[key]


def declaration_files(folder: Path) -> list[Path]:
    """The *.toml files of a folder, by name; DeclarationError when it is not a folder."""
    if not folder.is_dir():
        raise DeclarationError(f"{folder}: 规则声明目录不存在")
    return sorted(folder.glob("*.toml"))


def load_packaged() -> tuple[Declaration, ...]:
    """The declarations shipped with the package (rules/identities/*.toml), registered."""
    out: list[Declaration] = []
    for path in declaration_files(PACKAGED_DIR):
        out.extend(load_file(path))
    return tuple(out)


def load_rules_path(folder: str | os.PathLike[str] | None = None) -> tuple[Declaration, ...]:
    """An operator's folder of extra declarations (default: $AUDITOR_RULES_PATH), registered."""
    where = folder if folder is not None else os.environ.get(RULES_PATH_ENV)
    if not where:
        return ()
    out: list[Declaration] = []
    for path in declaration_files(Path(where)):
        out.extend(load_file(path))
    return tuple(out)


def declared() -> tuple[Declaration, ...]:
    """Every loaded declaration, packaged first, in load order."""
    return tuple(_DECLARED.values())


def declared_row_forms(table_id: str) -> list[tuple[RowIdentity, RowForm]]:
    """The loaded ``each_row`` identities of one table with their form there, in load order."""
    return [
        (d, form)
        for d in _DECLARED.values()
        if isinstance(d, RowIdentity) and not d.lane_sum
        for form in d.forms
        if form.table == table_id
    ]


def declared_for(table_id: str) -> list[RowIdentity]:
    """The loaded row identities (``each_row``) of one table, in load order."""
    out: dict[str, RowIdentity] = {}
    for d, _ in declared_row_forms(table_id):
        out.setdefault(d.id, d)
    return list(out.values())


def declared_lane_sums(table_id: str, lane: str) -> list[RowIdentity]:
    """The loaded lane sums (``lane_sum``) of one lane of a two-sided table, in load order."""
    return [
        d
        for d in _DECLARED.values()
        if isinstance(d, RowIdentity)
        and d.lane_sum
        and any(f.table == table_id and f.lane == lane for f in d.forms)
    ]


def declared_lane_totals(table_id: str, lane: str) -> list[TwoSidedIdentity]:
    """The loaded ``lane_total`` identities (总计 = 本年合计 + 调整项目) of one lane of a two-sided table."""
    return [
        d
        for d in _DECLARED.values()
        if isinstance(d, TwoSidedIdentity)
        and d.form == "lane_total"
        and lane in d.lanes
        and table_id in d.spec.tables
    ]


def declared_balances(table_id: str) -> list[TwoSidedIdentity]:
    """The loaded ``balance`` identities (收入方总计 = 支出方总计) of a two-sided table."""
    return [
        d
        for d in _DECLARED.values()
        if isinstance(d, TwoSidedIdentity) and d.form == "balance" and table_id in d.spec.tables
    ]


def declared_column_sums(table_id: str) -> list[RowIdentity]:
    """The loaded ``each_column`` identities (rows named by label, every column) of one table."""
    return [
        d
        for d in _DECLARED.values()
        if isinstance(d, RowIdentity) and d.column_sums and table_id in d.spec.tables
    ]


def declared_indicator_sums(table_id: str) -> list[RowIdentity]:
    """The loaded ``indicator_sum`` identities (the 绩效自评表's indicator block), in load order."""
    return [
        d
        for d in _DECLARED.values()
        if isinstance(d, RowIdentity) and d.indicator_sum and table_id in d.spec.tables
    ]


def declared_unit_sums() -> list[RowIdentity]:
    """The loaded ``unit_sum`` identities (the 项目支出预算表's unit and department rows), in load order."""
    return [d for d in _DECLARED.values() if isinstance(d, RowIdentity) and d.unit_sum]


def declared_groups(table_id: str) -> list[RowIdentity]:
    """The loaded ``groups`` identities (类 rows = Σ the rows under them, 合计 = Σ 类) of one table."""
    return [
        d for d in _DECLARED.values() if isinstance(d, RowIdentity) and d.groups and table_id in d.spec.tables
    ]


def declared_code_sums(aggregate: str) -> list[CodeSum]:
    """The loaded code sums of one aggregate (“total”, “children”: CODE_SUMS), in load order."""
    return [d for d in _DECLARED.values() if isinstance(d, CodeSum) and d.aggregate == aggregate]


def declared_claims() -> list[CellClaim]:
    """The loaded narrative claim rules, in load order."""
    return [d for d in _DECLARED.values() if isinstance(d, CellClaim)]


def declared_equalities() -> list[CellEquality]:
    """The loaded cross-table equalities, in load order."""
    return [d for d in _DECLARED.values() if isinstance(d, CellEquality)]


def is_packaged(decl: Declaration) -> bool:
    """True for a declaration shipped with the package (rules/identities/), False for an operator's."""
    return Path(decl.source.rsplit(":", 1)[0]).parent == PACKAGED_DIR


def is_declared(rule_id: str) -> bool:
    """True when the rule's outcome is decided by its own compiled rules."""
    return rule_id in _DECLARED


def is_switched(rule_id: str) -> bool:
    """True for a declared bound compared as an equality under its condition (``equal_when``):
    its facts name the relation they compare (``relation``: "equal" or "bound"), and its compiled
    rules test it."""
    d = _DECLARED.get(rule_id)
    return isinstance(d, CellEquality) and bool(d.equal_when)


def _mine(rule_id: str, relation: str | None) -> Any:
    """The condition naming a declared rule's facts (and, of a switched rule, the relation)."""
    mine = (m.kind == KIND_IDENTITY) & (m.rule == rule_id)
    return mine if relation is None else mine & (m.relation == relation)


def _named(rule_id: str, relation: str | None, outcome: str) -> str:
    return f"{rule_id}:{outcome}" if relation is None else f"{rule_id}:{relation}:{outcome}"


# ---------------------------------------------------------------------------------------------
# Compilation into the durable_rules ruleset
# ---------------------------------------------------------------------------------------------


def compiled_rules(rule_id: str, relation: str | None = None) -> tuple[OutcomeRule, ...]:
    """The three engine rules of one declared identity: holds, 尾差, broken — on facts of its id
    (of a switched rule, `relation` "equal": on its facts comparing an equality).

    Facts carry exact scaled integers: ``lhs`` the printed total, ``rhs`` Σ sign·printed part,
    ``tol`` the printed-precision radius (rules/tolerance.py).
    """
    mine = _mine(rule_id, relation)

    def holds() -> Any:
        return mine & (m.lhs == avalue("$m").rhs)

    def rounding() -> Any:
        over = (m.lhs > avalue("$m").rhs) & (m.lhs <= m.rhs + avalue("$m").tol)
        under = (m.lhs < avalue("$m").rhs) & (m.lhs >= m.rhs - avalue("$m").tol)
        return mine & (over | under)

    def broken() -> Any:
        return mine & ((m.lhs > m.rhs + avalue("$m").tol) | (m.lhs < m.rhs - avalue("$m").tol))

    return (
        OutcomeRule(_named(rule_id, relation, "holds"), HOLDS, holds, f"{rule_id}: 合计与组成项目之和相等"),
        OutcomeRule(
            _named(rule_id, relation, "rounding"), ROUNDING, rounding, f"{rule_id}: 差额在四舍五入尾差范围内"
        ),
        OutcomeRule(_named(rule_id, relation, "broken"), BROKEN, broken, f"{rule_id}: 差额超出尾差范围"),
    )


def _test_base(rule_id: str, relation: str | None) -> dict[str, Any]:
    base: dict[str, Any] = {"kind": KIND_IDENTITY, "rule": rule_id, "tol": 10}
    return base if relation is None else {**base, "relation": relation}


def self_test(rule_id: str, relation: str | None = None) -> tuple[tuple[Fact, str], ...]:
    """Facts with known outcomes for one declared rule (checked right after registration)."""
    base, tag = _test_base(rule_id, relation), relation or ""
    return (
        ({"id": f"t-{rule_id}{tag}=", **base, "lhs": 500, "rhs": 500}, HOLDS),
        ({"id": f"t-{rule_id}{tag}~", **base, "lhs": 505, "rhs": 500}, ROUNDING),
        ({"id": f"t-{rule_id}{tag}!", **base, "lhs": 400, "rhs": 500}, BROKEN),
    )


def compiled_bound_rules(rule_id: str, relation: str | None = None) -> tuple[OutcomeRule, ...]:
    """The three engine rules of a declared bound (``relation = "<="``): holds when ``lhs ≤ rhs``,
    尾差 when ``lhs`` exceeds ``rhs`` by no more than ``tol``, broken beyond — on facts of its id
    (of a switched rule, `relation` "bound": on its facts comparing a bound; the generic bound rules
    of rules/outcomes.py, named by the rule)."""
    mine = _mine(rule_id, relation)

    def holds() -> Any:
        return mine & (m.lhs <= avalue("$m").rhs)

    def rounding() -> Any:
        return mine & (m.lhs > avalue("$m").rhs) & (m.lhs <= m.rhs + avalue("$m").tol)

    def broken() -> Any:
        return mine & (m.lhs > m.rhs + avalue("$m").tol)

    return (
        OutcomeRule(_named(rule_id, relation, "holds"), HOLDS, holds, f"{rule_id}: 前者不大于后者"),
        OutcomeRule(
            _named(rule_id, relation, "rounding"),
            ROUNDING,
            rounding,
            f"{rule_id}: 超出部分在四舍五入尾差范围内",
        ),
        OutcomeRule(_named(rule_id, relation, "broken"), BROKEN, broken, f"{rule_id}: 超出尾差范围"),
    )


def bound_self_test(rule_id: str, relation: str | None = None) -> tuple[tuple[Fact, str], ...]:
    """Facts with known outcomes for one declared bound (checked right after registration)."""
    base, tag = _test_base(rule_id, relation), relation or ""
    return (
        ({"id": f"t-{rule_id}{tag}<", **base, "lhs": 400, "rhs": 500}, HOLDS),
        ({"id": f"t-{rule_id}{tag}=", **base, "lhs": 500, "rhs": 500}, HOLDS),
        ({"id": f"t-{rule_id}{tag}~", **base, "lhs": 505, "rhs": 500}, ROUNDING),
        ({"id": f"t-{rule_id}{tag}!", **base, "lhs": 600, "rhs": 500}, BROKEN),
    )


__all__ = [
    "CLAIM_ROUNDING_TEMPLATE",
    "CLAIM_TEMPLATE",
    "EXPECTS",
    "KIND_IDENTITY",
    "LANE_NAMES",
    "RULES_PATH_ENV",
    "SEVERITIES",
    "CellClaim",
    "CellEquality",
    "CellSide",
    "ClaimExample",
    "CodeRowsExample",
    "CodeSum",
    "Declaration",
    "DeclarationError",
    "Example",
    "PairExample",
    "RowForm",
    "RowIdentity",
    "TwoSidedIdentity",
    "bound_self_test",
    "compiled_bound_rules",
    "compiled_rules",
    "declared",
    "declared_claims",
    "declared_balances",
    "is_packaged",
    "declared_code_sums",
    "declared_column_sums",
    "declared_indicator_sums",
    "declared_unit_sums",
    "declared_equalities",
    "declared_for",
    "declared_groups",
    "declared_lane_sums",
    "declared_lane_totals",
    "declared_row_forms",
    "is_declared",
    "is_switched",
    "load_file",
    "load_packaged",
    "load_rules_path",
    "parse_expression",
    "parse_file",
]
