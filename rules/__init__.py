"""rules/: the in-table arithmetic ruleset of a 决算公开 (and the generic code sums of budgets).

Public API:

- `check(disclosure) -> AuditOutcome`: run every rule on one document (one engine session).
- `catalog() -> list[RuleSpec]`: every rule's id, title, severity, rationale and examples,
  generated from the rule declarations themselves; `catalog_markdown()` renders it as a page.
- `prepare()`: set the rule engine up now (at worker start-up), so a ruleset that fails to
  register fails loudly before the first document; `check` does it lazily otherwise.
"""

from __future__ import annotations

from rules import arithmetic, checks, hierarchy
from rules.audit import check
from rules.catalog import RuleSpec, registered_rules, render_markdown
from rules.outcomes import table_engine

FAMILY_ORDER = ("arithmetic", "hierarchy", "completeness")

# The family modules declare their rules on import.
_FAMILIES = (arithmetic, hierarchy, checks)


def catalog() -> list[RuleSpec]:
    """All rules, grouped by family (arithmetic, hierarchy, completeness), then by table."""
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
