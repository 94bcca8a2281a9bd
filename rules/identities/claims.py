"""Plan the declared narrative claim rules (``[[claim]]``): the 情况说明's amount for a subject
against one cell of a table.

Every amount claim (万元 or 元) whose subject, metric and (when declared) scope match is compared
with the declared cell, each at its printed precision (rules/tolerance.py); a blank cell counts
as 0 printed with the claim's precision, as N-AMOUNT-TABLE does. A claim whose table or row the
document lacks is not compared. The outcome is decided by the rules compiled for the rule id.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ingest.model import Cell, Claim, Disclosure
from rules.catalog import RuleSpec
from rules.claim_checks import claim_evidence, quote, section_words
from rules.engine import FactValue
from rules.findings import Finding, finding_of
from rules.identities import KIND_IDENTITY, CellClaim, declared_claims
from rules.identities.equalities import find_column, find_row
from rules.judgements import JudgementPlan
from rules.outcomes import HOLDS
from rules.tolerance import Comparison, UnitMismatch, compare, half_ulp, scaled_ints
from rules.wording import fmt_amount, fmt_tolerance, places_of, table_name


@dataclass(eq=False)
class ClaimCheck:
    """One claim against its declared cell (a judgement: one engine fact, one finding)."""

    rule: RuleSpec
    decl: CellClaim
    claim: Claim
    cell: Cell | None  # None: the cell is blank
    where: str  # 公开10表“机关运行经费”行“统计数”栏
    comparison: Comparison
    unit: str

    @property
    def table_id(self) -> str:
        """Filed under the cell's table."""
        return self.decl.cell.table

    def fact(self, fid: str) -> dict[str, FactValue]:
        """An ``identity`` fact named by the rule: lhs = claim, rhs = cell, tol = radius."""
        c = self.comparison
        _, (lhs, rhs, tol) = scaled_ints([c.actual, c.expected, c.tolerance], c.scale)
        return {"id": fid, "kind": KIND_IDENTITY, "rule": self.rule.id, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """None when equal; a 尾差 note (info); the rule's severity otherwise."""
        if outcome == HOLDS:
            return None
        c = self.comparison
        places = max(places_of([c.actual, c.expected]), 2)
        table_value = (
            "未填列（空）" if self.cell is None else f"为{fmt_amount(c.expected, places)}{self.unit}"
        )
        fields = {
            "where": section_words(self.claim),
            "subject": self.claim.subject,
            "value": fmt_amount(c.actual, places),
            "unit": self.unit,
            "cell": self.where,
            "table_value": table_value,
            "difference": fmt_amount(abs(c.difference), places),
            "tolerance": fmt_tolerance(c.tolerance, places),
            "quote": quote(self.claim),
        }
        evidence = [claim_evidence(self.claim)] + ([self.cell.evidence()] if self.cell is not None else [])
        return finding_of(
            self.rule,
            outcome,
            fields=fields,
            expected="（空）" if self.cell is None else fmt_amount(c.expected, places),
            actual=fields["value"],
            difference=fields["difference"],
            tolerance=fields["tolerance"],
            evidence=evidence,
        )


def _matches(rule: CellClaim, c: Claim) -> bool:
    return (
        c.kind == "amount"
        and c.value is not None
        and c.value.unit in ("万元", "元")
        and c.subject == rule.subject
        and c.metric == rule.metric
        and (rule.scope is None or c.scope == rule.scope)
    )


def plan_claim(plan: JudgementPlan, rule: CellClaim, d: Disclosure) -> None:
    """State one declared claim rule on every matching claim of the document."""
    claims = [c for c in d.claims if _matches(rule, c)]
    table = d.tables.get(rule.cell.table)
    if not claims or table is None or table.empty:
        return
    row = find_row(table, rule.cell)
    column = find_column(table, rule.cell)
    if row is None or column is None:
        return
    cell = row.cells.get(column)
    if (
        cell is not None
        and cell.amount is None
        and cell.text.strip()
        and cell.text.strip() not in ("-", "—", "——")
    ):
        return  # text that is not a number: the table rules report the cell itself
    lane = {"income": "收入方", "expense": "支出方"}.get(rule.cell.lane or "", "")
    where = f"{table_name(table)}{lane}“{rule.cell.row}”行" + (
        "" if column == rule.cell.row else f"“{column}”栏"
    )
    for c in claims:
        assert c.value is not None
        try:
            if cell is None or cell.amount is None:
                comp = Comparison(
                    c.value.value, Decimal(0), half_ulp(c.value.decimals), max(c.value.decimals, 0) + 1
                )
                unit, printed = c.value.unit, None
            else:
                unit, printed = cell.amount.unit, cell
                comp = compare(c.value, [(cell.amount, 1)], unit)
        except UnitMismatch:
            continue
        plan.judgements.append(ClaimCheck(rule.spec, rule, c, printed, where, comp, unit))


def plan(d: Disclosure) -> JudgementPlan:
    """Every declared claim rule on the document, in load order."""
    out = JudgementPlan()
    for rule in declared_claims():
        plan_claim(out, rule, d)
    return out
