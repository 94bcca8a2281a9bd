"""rules/: the ruleset of a 决算公开 / 预算公开: in-table arithmetic, code hierarchies, cross-table
identities, completeness, plausibility and the narrative.

Public API:

- `check(disclosure, config=None) -> AuditOutcome`: run every enabled rule on one document (one
  engine session); `config` (rules.settings.RuleConfig) selects rules, severities and the profile.
- `catalog() -> list[RuleSpec]`: every rule's id, title, severity, rationale and examples: the
  rules of the registry of implementations (rules/registry.py), declared ones included;
  `catalog_markdown()` renders it as a page.
- `prepare()`: set the rule engine up now (at worker start-up), so a ruleset that fails to
  register fails loudly before the first document; `check` does it lazily otherwise.
"""

from __future__ import annotations

from rules import identities, registry  # noqa: F401  (the registry imports every rule family)
from rules.audit import check
from rules.catalog import RuleSpec, registered_rules, render_markdown
from rules.outcomes import table_engine

FAMILY_ORDER = (
    "arithmetic",
    "hierarchy",
    "cross_table",
    "completeness",
    "plausibility",
    "narrative",
    "performance",
)

# An operator's extra declarations ($AUDITOR_RULES_PATH): loaded with the rules, so that a broken
# file stops every process at start-up, naming the file and line (rules.identities.DeclarationError).
identities.load_rules_path()


def catalog() -> list[RuleSpec]:
    """All rules, grouped by family (in FAMILY_ORDER), then by table."""
    ranked = sorted(
        enumerate(registered_rules()),
        key=lambda x: (FAMILY_ORDER.index(x[1].family), x[1].tables[0], x[0]),
    )
    return [r for _, r in ranked]


def catalog_markdown() -> str:
    """The rule catalog as a Markdown page."""
    return render_markdown(catalog())


def prepare() -> None:
    """Install the durable_rules host and register and self-test the ruleset in this process."""
    table_engine().prepare()


__all__ = ["RuleSpec", "catalog", "catalog_markdown", "check", "prepare"]
