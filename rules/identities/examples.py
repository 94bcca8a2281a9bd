"""Run a declaration's own examples (``[[identity.example]]``) through the whole audit.

Each example is one row of the declared table, printed as the inspector wrote it; the row goes
into a one-table document, the full audit runs with only that rule selected, and the outcome is
compared with ``expect``: *fires* (a finding at the rule's severity), *rounding* (a 尾差 note,
info), *silent* (no finding).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import Cell, Disclosure, Row, Table
from ingest.numbers import parse_amount
from ingest.schema import FINAL_ACCOUNT_TABLES
from rules.identities import Declaration, Example, RowIdentity


@dataclass(frozen=True)
class ExampleResult:
    """One example's outcome: did the rule do what the example expects?"""

    rule_id: str
    expect: str
    got: str  # fires / rounding / silent
    line: int
    messages: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when the rule did what the example expects."""
        return self.expect == self.got


def example_document(ident: RowIdentity, example: Example) -> Disclosure:
    """A final-account document with one table holding the example's row (as its 合计 row)."""
    spec = FINAL_ACCOUNT_TABLES[ident.table]
    row = Row(key="合计", label="合计", role="total")
    for column, text in example.row:
        row.cells[column] = Cell(ident.table, "合计", column, text, parse_amount(text))
    table = Table(id=ident.table, title=spec.title, columns=list(spec.columns), rows=[row])
    return Disclosure(
        source=f"example:{ident.id}:{example.line}", kind="final_account", tables={ident.table: table}
    )


def run_examples(idents: Sequence[Declaration]) -> list[ExampleResult]:
    """Every example of the given (loaded) row identities, through `rules.check` (equalities
    declare no examples yet)."""
    from rules import check
    from rules.settings import RuleConfig, default_settings

    out: list[ExampleResult] = []
    for ident in idents:
        if not isinstance(ident, RowIdentity):
            continue
        config = RuleConfig(default_settings(), select=(ident.id,))
        for example in ident.examples:
            result = check(example_document(ident, example), config)
            mine = [f for f in result.findings if f.rule_id == ident.id]
            if any(f.outcome == "broken" for f in mine):
                got = "fires"
            elif mine:
                got = "rounding"
            else:
                got = "silent"
            out.append(
                ExampleResult(ident.id, example.expect, got, example.line, tuple(f.message for f in mine))
            )
    return out
