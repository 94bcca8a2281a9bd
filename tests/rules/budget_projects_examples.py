"""The invented 柳河县林业局 budget of tests/rules/test_budget_projects.py as TB-PROJECT-SUM's fire and
silent examples."""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure
from tests.rules.test_budget_projects import DEPARTMENT, budget

Example = Callable[[], Disclosure]


def _changed() -> Disclosure:
    rows = list(DEPARTMENT)
    rows[2] = ("森林防火巡护", "50.00")  # the 本级 row keeps 95.40
    return budget(*rows)


BUDGET_PROJECT_EXAMPLES: dict[str, tuple[Example, Example]] = {
    "TB-PROJECT-SUM": (_changed, lambda: budget(*DEPARTMENT)),
}
