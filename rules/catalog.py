"""The rule catalog: every rule's stable id, title, severity, rationale and message template.

A rule is one object. Where one function implements one rule, `@rule(...)` makes the function
the rule: a `Rule` carries its metadata, both of its messages (broken and 尾差) and its
implementation (rules/agency_running.py). Where one reading of the tables states several rules
(the in-table sums, the narrative figures, the 绩效 forms), each is declared once with
`define_rule` next to the planner that states it, and the planner lists them in the registry of
implementations (rules/registry.py). The catalog (`registered_rules()`, the Markdown page
`render_markdown`) is that registry's rules, ruff-catalog style; a rule defined here but stated by
no checker of the registry stops the import, naming it.

Message templates are `str.format` templates with these fields:
``{table}`` (公开03表), ``{where}`` (“合计”行“基本支出”栏), ``{actual}`` (printed total),
``{expected}`` (Σ printed parts), ``{difference}`` (|actual − expected|), ``{tolerance}``,
``{unit}`` (万元) and ``{parts}`` (a description of the parts, e.g. 各项级科目“基本支出”之和).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack

from rules.findings import Severity

if TYPE_CHECKING:
    from ingest.model import Disclosure
    from rules.checks import Plan
    from rules.judgements import JudgementPlan

Family = Literal[
    "arithmetic", "hierarchy", "cross_table", "completeness", "plausibility", "narrative", "performance"
]

# Families in catalog order, with the heading of their section on the documentation page.
FAMILY_TITLES: dict[str, str] = {
    "arithmetic": "表内勾稽（行、栏）",
    "hierarchy": "科目层级",
    "cross_table": "表间勾稽",
    "completeness": "完整性",
    "plausibility": "合理性（提示性检查）",
    "narrative": "情况说明与公开表、情况说明自身",
    "performance": "绩效自评表",
}

# Shared wording for an identity that holds only within the printed rounding (尾差, never a defect).
ROUNDING_TEMPLATE = (
    "{table}{where}为{actual}{unit}，{parts}为{expected}{unit}，相差{difference}{unit}，"
    "在四舍五入尾差范围（±{tolerance}{unit}）内，属尾差。"
)

# Default wording for a broken identity.
BROKEN_TEMPLATE = "{table}{where}为{actual}{unit}，但{parts}为{expected}{unit}，相差{difference}{unit}。"

# Lifecycle of a rule id: stable (default), preview (new, wording or scope may still change),
# deprecated (kept so stored findings stay readable; to be removed).
Lifecycle = Literal["stable", "preview", "deprecated"]
LIFECYCLES: tuple[str, ...] = ("stable", "preview", "deprecated")

# Suffix added when a compared cell's column position was inferred by ingest, not read.
UNCERTAIN_SUFFIX = "（部分数值的栏次系由版式推断，请对照原表核实。）"


@dataclass(frozen=True)
class RuleSpec:
    """One rule of the catalog: what it checks, why, how it words a finding, and examples."""

    id: str  # stable code, e.g. "T03-ROW"
    title: str  # one line, Chinese
    severity: Severity  # severity of a broken identity (rounding residues are always "info")
    rationale: str  # why it matters to an inspector
    family: Family
    tables: tuple[str, ...]  # final-account tables it applies to; ("*",) = any table with func codes
    fires: str  # an example that triggers it
    silent: str  # an example that stays silent
    template: str = BROKEN_TEMPLATE  # message of a broken identity
    needs: str = ""  # the facts it needs, in words (default: the cells of its tables)
    enabled: bool = True  # on unless a profile or the settings file says otherwise
    rounding_template: str = ROUNDING_TEMPLATE  # message of an identity that holds only within 尾差
    lifecycle: Lifecycle = "stable"
    aliases: tuple[str, ...] = ()  # earlier ids of the rule, oldest first (a renamed rule)

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form of the catalog entry."""
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity,
            "family": self.family,
            "tables": list(self.tables),
            "rationale": self.rationale,
            "fires": self.fires,
            "silent": self.silent,
            "template": self.template,
            "needs": self.needs_text(),
            "enabled": self.enabled,
            "lifecycle": self.lifecycle,
            "aliases": list(self.aliases),
        }

    def needs_text(self) -> str:
        """What the rule reads: its own wording, else the tables it applies to."""
        return self.needs or "、".join(table_words(t) for t in self.tables)


@dataclass(frozen=True)
class Rule(RuleSpec):
    """A rule that is one object: its catalog entry (id, title, severity, family, rationale,
    needs, fires/silent examples, broken and 尾差 messages, lifecycle, aliases) and its
    implementation, a function of the document stating its checks (rules/judgements.py; an
    in-table identity's: rules/checks.py `Plan`). Calling the rule plans it:
    ``CMP_AGENCY_EMPTY(disclosure) -> JudgementPlan``. A rule stated by a pass that states
    several in one walk, to keep their findings in the order of the cells or sentences (the
    绩效 forms' indicators, the percentage cells, the signs of a sentence), is that pass filtered to
    it (``plan.only(rule)``); the registry runs the pass once for all of them. A rule that
    depends on the document's template takes the profile and the settings too
    (``CMP_TABLES(disclosure, profile, settings)``, rules/completeness.py). A diagnosis of a broken
    check (PLA-DIGIT-SLIP, PLA-PARENT-LT-CHILD) is a function of that check, which the audit's
    second engine session calls (rules/plausibility.py `diagnose`)."""

    implementation: Callable[..., JudgementPlan | Plan] | None = None

    def __call__(self, disclosure: Disclosure, *context: object) -> JudgementPlan | Plan:
        if self.implementation is None:
            raise TypeError(f"rule {self.id} has no implementation")
        return self.implementation(disclosure, *context)


# Every rule id defined so far (the index `rule_by_id` reads) and the module that defined it.
_REGISTRY: dict[str, RuleSpec] = {}
_DEFINED_IN: dict[str, str] = {}
# Earlier id → current id, for renamed rules.
_ALIASES: dict[str, str] = {}


def define_rule(
    id: str,
    *,
    title: str,
    severity: Severity,
    rationale: str,
    family: Family,
    tables: tuple[str, ...],
    fires: str,
    silent: str,
    template: str = BROKEN_TEMPLATE,
    needs: str = "",
    enabled: bool = True,
    rounding_template: str = ROUNDING_TEMPLATE,
    lifecycle: Lifecycle = "stable",
    aliases: tuple[str, ...] = (),
    implementation: Callable[..., JudgementPlan | Plan] | None = None,
) -> RuleSpec:
    """Declare a rule once and index its id; a duplicate id or alias is a programming error.
    `aliases` are the rule's earlier ids, oldest first: findings stored under them keep their
    identity (`fingerprint_id`) and `rule_by_id` finds the rule by them. With an
    `implementation` the rule is a `Rule` (see `rule`). The catalog is the registry's
    (rules/registry.py), which refuses a rule it does not run."""
    if id in _REGISTRY or id in _ALIASES:
        raise ValueError(f"rule {id} is declared twice")
    if lifecycle not in LIFECYCLES:
        raise ValueError(f"rule {id}: lifecycle {lifecycle!r} is not one of {LIFECYCLES}")
    for alias in aliases:
        if alias in _REGISTRY or alias in _ALIASES or alias == id:
            raise ValueError(f"rule {id}: alias {alias} is already a rule id or alias")
    kind = RuleSpec if implementation is None else Rule
    extra = {} if implementation is None else {"implementation": implementation}
    spec = kind(
        id=id,
        title=title,
        severity=severity,
        rationale=rationale,
        family=family,
        tables=tables,
        fires=fires,
        silent=silent,
        template=template,
        needs=needs,
        enabled=enabled,
        rounding_template=rounding_template,
        lifecycle=lifecycle,
        aliases=tuple(aliases),
        **extra,
    )
    _REGISTRY[id] = spec
    _DEFINED_IN[id] = _caller_module()
    for alias in aliases:
        _ALIASES[alias] = id
    return spec


class RuleMeta(TypedDict, total=False):
    """The keyword arguments of `rule` (as for `define_rule`; the first five are required there)."""

    title: str
    severity: Severity
    rationale: str
    family: Family
    tables: tuple[str, ...]
    fires: str
    silent: str
    template: str
    needs: str
    enabled: bool
    rounding_template: str
    lifecycle: Lifecycle
    aliases: tuple[str, ...]


def rule(id: str, **meta: Unpack[RuleMeta]) -> Callable[[Callable[..., JudgementPlan | Plan]], Rule]:
    """Make a function of the document the rule it implements (one object, one place), e.g.
    ``@rule("CMP-AGENCY-EMPTY", title=..., severity="warning", family="completeness", ...)`` on
    ``def CMP_AGENCY_EMPTY(d: Disclosure) -> JudgementPlan``. A rule that reads the document's
    template takes ``(d, profile, settings)`` (its checker in rules/registry.py passes them on)."""

    def wrap(fn: Callable[..., JudgementPlan | Plan]) -> Rule:
        spec = define_rule(id, implementation=fn, **meta)  # type: ignore[arg-type]
        assert isinstance(spec, Rule)
        return spec

    return wrap


def _caller_module() -> str:
    """The module that defined a rule (for the registry's error message)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back  # type: ignore[assignment]
    return str(frame.f_globals.get("__name__", "?")) if frame is not None else "?"


def defined_rules() -> list[tuple[RuleSpec, str]]:
    """Every rule defined so far, with the module that defined it (for rules/registry.py)."""
    return [(spec, _DEFINED_IN.get(rid, "?")) for rid, spec in _REGISTRY.items()]


def registered_rules() -> list[RuleSpec]:
    """The catalog: every rule the registry of implementations runs (rules/registry.py), the
    declared ones included."""
    from rules.registry import catalog_rules  # the registry imports the rule families

    return catalog_rules()


def rule_by_id(rule_id: str) -> RuleSpec:
    """The rule with this id (or an earlier id, an alias); KeyError when unknown."""
    spec = _REGISTRY.get(rule_id)
    return spec if spec is not None else _REGISTRY[_ALIASES[rule_id]]


def fingerprint_id(rule_id: str) -> str:
    """The id a finding of this rule is fingerprinted by: the rule's first id (its oldest alias),
    so that renaming a rule keeps every stored finding's identity and follow-up history. An
    unknown id is its own."""
    current = _ALIASES.get(rule_id, rule_id)
    spec = _REGISTRY.get(current)
    return spec.aliases[0] if spec is not None and spec.aliases else rule_id


def table_words(table_id: str) -> str:
    """公开03表, 预算表B05, or the words for “any table with functional codes”."""
    if table_id == "*":
        return "所有含功能分类科目编码的表"
    if table_id.startswith("B"):
        return f"预算表{table_id}"
    if table_id.startswith("P"):
        return "绩效自评表/绩效目标表"
    if table_id in ("narrative", "document"):
        return {"narrative": "情况说明文字", "document": "整份文件"}[table_id]
    return f"公开{table_id}表"


# How the documentation page shows a message template's fields.
FIELD_WORDS: dict[str, str] = {
    "table": "〈表〉",
    "where": "〈位置〉",
    "actual": "〈所列数〉",
    "expected": "〈应有数〉",
    "difference": "〈差额〉",
    "tolerance": "〈容差〉",
    "unit": "〈单位〉",
    "parts": "〈组成项目〉",
    "left": "〈一方及其数〉",
    "right": "〈另一方及其数〉",
    "note": "〈适用条件〉",
    "title": "〈事项〉",
    "profile": "〈模板〉",
    "missing": "〈缺少的内容〉",
    "text": "〈原文〉",
    "kind": "〈笔误类型〉",
    "rule": "〈不成立的规则〉",
}


def template_words(template: str) -> str:
    """A message template with its {fields} shown as words (for the documentation page)."""
    return re.sub(r"\{(\w+)\}", lambda m: FIELD_WORDS.get(m.group(1), f"〈{m.group(1)}〉"), template)


def render_markdown(specs: list[RuleSpec]) -> str:
    """The catalog as a Markdown page (one section per family, one entry per rule), generated from
    the declarations: `auditor rules --format markdown > docs/rules.md`."""
    lines = [
        "# 规则目录",
        "",
        "本页由规则声明自动生成（`auditor rules --format markdown`），请勿手工编辑。",
        "每条规则的结果为：成立（不报告）、仅为四舍五入尾差（info）、不成立（按规则级别报告），"
        "或因所需数据缺失而“未评估”（附原因）。级别与启用状态可在规则配置文件中按模板（profile）调整。",
        "",
    ]
    family = None
    for s in specs:
        if s.family != family:
            family = s.family
            lines += [f"## {FAMILY_TITLES.get(family, family)}", ""]
        tables = "、".join(table_words(t) for t in s.tables)
        lines += [
            f"### {s.id} — {s.title}",
            "",
            f"- 严重程度：{s.severity}（仅为四舍五入尾差时降为 info）"
            + ("" if s.enabled else "；默认不启用")
            + ({"preview": "；预览（措辞或范围可能调整）", "deprecated": "；已弃用"}.get(s.lifecycle, ""))
            + (f"；曾用编号：{'、'.join(s.aliases)}" if s.aliases else ""),
            f"- 类别：{s.family}；适用：{tables}",
            f"- 所需数据：{s.needs_text()}",
            f"- 依据：{s.rationale}",
            f"- 报告内容：{template_words(s.template)}",
            f"- 触发示例：{s.fires}",
            f"- 不触发示例：{s.silent}",
            "",
        ]
    return "\n".join(lines)
