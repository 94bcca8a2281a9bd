"""The rule catalog: every rule's stable id, title, severity, rationale and message template.

Each rule is declared exactly once, next to the code that builds its checks (rules/arithmetic.py,
rules/hierarchy.py, rules/completeness.py), with `define_rule`. The catalog (`catalog()`, and the
Markdown page `catalog_markdown()`) is generated from those declarations, ruff-catalog style.

Message templates are `str.format` templates with these fields:
``{table}`` (公开03表), ``{where}`` (“合计”行“基本支出”栏), ``{actual}`` (printed total),
``{expected}`` (Σ printed parts), ``{difference}`` (|actual − expected|), ``{tolerance}``,
``{unit}`` (万元) and ``{parts}`` (a description of the parts, e.g. 各项级科目“基本支出”之和).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rules.findings import Severity

Family = Literal["arithmetic", "hierarchy", "completeness"]

# Shared wording for an identity that holds only within the printed rounding (尾差, never a defect).
ROUNDING_TEMPLATE = (
    "{table}{where}为{actual}{unit}，{parts}为{expected}{unit}，相差{difference}{unit}，"
    "在四舍五入尾差范围（±{tolerance}{unit}）内，属尾差。"
)

# Default wording for a broken identity.
BROKEN_TEMPLATE = "{table}{where}为{actual}{unit}，但{parts}为{expected}{unit}，相差{difference}{unit}。"

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
        }


_REGISTRY: dict[str, RuleSpec] = {}


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
) -> RuleSpec:
    """Declare a rule once and register it in the catalog; a duplicate id is a programming error."""
    if id in _REGISTRY:
        raise ValueError(f"rule {id} is declared twice")
    spec = RuleSpec(
        id=id,
        title=title,
        severity=severity,
        rationale=rationale,
        family=family,
        tables=tables,
        fires=fires,
        silent=silent,
        template=template,
    )
    _REGISTRY[id] = spec
    return spec


def registered_rules() -> list[RuleSpec]:
    """All declared rules in declaration order (import the family modules first)."""
    return list(_REGISTRY.values())


def rule_by_id(rule_id: str) -> RuleSpec:
    """The rule with this id; KeyError when unknown."""
    return _REGISTRY[rule_id]


def render_markdown(specs: list[RuleSpec]) -> str:
    """The catalog as a Markdown page (one section per rule), generated from the declarations."""
    lines = ["# 规则目录（表内勾稽）", ""]
    for s in specs:
        tables = "、".join("所有含功能分类科目编码的表" if t == "*" else f"公开{t}表" for t in s.tables)
        lines += [
            f"## {s.id} — {s.title}",
            "",
            f"- 严重程度：{s.severity}（仅为四舍五入尾差时降为 info）",
            f"- 类别：{s.family}；适用：{tables}",
            f"- 依据：{s.rationale}",
            f"- 触发示例：{s.fires}",
            f"- 不触发示例：{s.silent}",
            "",
        ]
    return "\n".join(lines)
