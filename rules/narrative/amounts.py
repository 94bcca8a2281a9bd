"""Amounts against the tables: N-AMOUNT-TABLE (a stated amount equals the table cell it restates,
left open when another placement of an unruled text row shows it) and N-NIL-TABLE (“无…支出”
while the table prints an amount)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ingest.model import Cell, Claim, Disclosure, Row, Table
from rules.catalog import rule
from rules.claim_checks import (
    Source,
    amount_places,
    claim_evidence,
    identity_check,
    quote,
    require_check,
    section_words,
)
from rules.findings import NotEvaluated
from rules.identities.declarations import CLAIM_ROUNDING_TEMPLATE, CLAIM_TEMPLATE
from rules.judgements import JudgementPlan
from rules.narrative.facts import NARRATIVE_TABLES, Facts, narrative_plan, subject_words
from rules.tolerance import Comparison, UnitMismatch, compare, half_ulp
from rules.wording import cell_phrase, fmt_amount, fmt_tolerance, row_label, table_name


@rule(
    "N-AMOUNT-TABLE",
    title="情况说明中的金额＝公开表中的对应数",
    severity="error",
    family="narrative",
    tables=NARRATIVE_TABLES,
    rationale=(
        "情况说明是对公开表的文字解读，所述收支总计、基本支出、各功能科目决算数、“三公”经费等必须与"
        "公开表一致；不一致时读者无从判断哪一个是真实数据。按两个数各自的打印精度（±半个末位）比较。"
    ),
    fires="说明第三部分称基本支出157.98万元，公开03表“合计”行“基本支出”栏为157.35万元。",
    silent="说明称基本支出157.98万元，公开03表“合计”行“基本支出”栏为157.98万元。",
    template=CLAIM_TEMPLATE,
    rounding_template=CLAIM_ROUNDING_TEMPLATE,
    needs="情况说明的金额及其对应的公开表单元格",
)
def N_AMOUNT_TABLE(d: Disclosure) -> JudgementPlan:
    """N-AMOUNT-TABLE: `amount_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, amount_checks)


@rule(
    "N-NIL-TABLE",
    title="情况说明称“无某项支出”，公开表中该项应为零或空",
    severity="error",
    family="narrative",
    tables=NARRATIVE_TABLES,
    rationale="说明称“本部门无项目支出”“无‘三公’经费支出”等，而公开表列有金额，二者必有一误。",
    fires="说明称“本部门无项目支出”，公开03表“合计”行“项目支出”栏为160.90万元。",
    silent="说明称“无政府性基金预算财政拨款收支”，公开07表为空表。",
    template="{where}称“{quote_nil}”，但{cell}为{table_value}{unit}。原文：“{quote}”",
    needs="情况说明中“无……”的表述及对应的公开表单元格",
)
def N_NIL_TABLE(d: Disclosure) -> JudgementPlan:
    """N-NIL-TABLE: `nil_checks` on a document whose 情况说明 the narrative rules read."""
    return narrative_plan(d, nil_checks)


def amount_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-AMOUNT-TABLE: each amount claim with a table fact equals it."""
    for c in facts.claims:
        if c.kind != "amount" or c.value is None or not c.refs or c.value.unit not in ("万元", "元"):
            continue
        fact = facts.table_fact(c.refs)
        if fact is None:
            continue
        try:
            if fact.blank:
                comp = Comparison(
                    c.value.value, Decimal(0), half_ulp(c.value.decimals), max(c.value.decimals, 0) + 1
                )
                unit = c.value.unit
            else:
                unit = fact.amount.unit
                comp = compare(c.value, [(fact.amount, 1)], unit)
        except UnitMismatch:
            continue
        places = amount_places(comp.actual, comp.expected)
        if abs(comp.difference) > comp.tolerance and (n := _placement_open(facts, c, fact)) is not None:
            plan.not_evaluated.append(n)  # the stated figure fits another placement of the row
            continue
        where = section_words(c)
        subject = subject_words(c)
        table_value = "未填列（空）" if fact.blank else f"为{fmt_amount(comp.expected, places)}{unit}"
        fields = {
            "where": where,
            "subject": subject,
            "value": fmt_amount(comp.actual, places),
            "unit": unit,
            "cell": fact.where,
            "table_value": table_value,
            "difference": fmt_amount(abs(comp.difference), places),
            "tolerance": fmt_tolerance(comp.tolerance, places),
            "quote": quote(c),
        }
        message = N_AMOUNT_TABLE.template.format(**fields)
        rounding = N_AMOUNT_TABLE.rounding_template.format(**fields)
        plan.judgements.append(
            identity_check(
                N_AMOUNT_TABLE,
                comp,
                places,
                message=message,
                rounding_message=rounding,
                expected="（空）" if fact.blank else fmt_amount(comp.expected, places),
                evidence=[claim_evidence(c), fact.evidence],
            )
        )


def _placement_open(facts: Facts, c: Claim, fact: Source) -> NotEvaluated | None:
    """N-AMOUNT-TABLE left open when the figure compared sits in a text row whose figures fit
    another placement keeping every identity (Row.alternatives) under which the table shows the
    stated amount (rules/placement.py says the same of table checks)."""
    assert c.value is not None
    stated = c.value
    for ref in c.refs:
        table, row, _cell = facts.cell(ref)
        if table is None or row is None or not row.alternatives:
            continue
        for alt in row.alternatives:
            other = alt.get(ref.column)
            a = other.amount if other is not None else None
            fits = (
                a is not None
                and a.unit == stated.unit
                and abs(a.value - stated.value) <= a.half_ulp + half_ulp(stated.decimals)
            ) or (a is None and stated.value == 0)
            if not fits:
                continue
            chosen = "、".join(f"{x.text}（{col}）" for col, x in row.cells.items() if x.amount is not None)
            options = "、".join(f"{x.text}（{col}）" for col, x in alt.items())
            entry = replace(fact.evidence, placements=(tuple(row.cells), tuple(alt)))
            return NotEvaluated(
                N_AMOUNT_TABLE.id,
                f"{section_words(c)}称{subject_words(c)}{c.text}；{table_name(table)}“{row_label(row)}”行的数字"
                f"在文本中未分栏，读作{chosen}，但按{options}排列同样与本表各勾稽关系相符，且与所述一致；"
                f"栏次无法确定，未作判断，请对照原表核实。原文：“{quote(c)}”",
                table.id,
                [claim_evidence(c), entry],
            )
    return None


def nil_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-NIL-TABLE: “无…支出” while the table prints a non-zero amount."""
    for c in facts.claims:
        if c.kind != "nil" or not c.refs:
            continue
        worst: tuple[Decimal, Cell, Table, Row, str] | None = None
        for ref in c.refs:
            table, row, _cell = facts.cell(ref)
            if table is None or row is None:
                continue
            columns = list(row.cells) if ref.column == "*" else [ref.column]
            for col in columns:
                cell = row.cells.get(col)
                if cell is None or cell.amount is None:
                    continue
                if worst is None or abs(cell.amount.value) > abs(worst[0]):
                    worst = (cell.amount.value, cell, table, row, col)
        if worst is None:
            plan.judgements.append(require_check(N_NIL_TABLE, True))
            continue
        value, cell, table, row, col = worst
        amount = cell.amount
        assert amount is not None
        comp = Comparison(value, Decimal(0), Decimal(0), max(amount.decimals, 0) + 1)
        places = amount_places(value)
        message = N_NIL_TABLE.template.format(
            where=section_words(c),
            quote_nil=c.text,
            cell=f"{table_name(table)}{cell_phrase(table, row, col)}",
            table_value=fmt_amount(value, places),
            unit=amount.unit,
            quote=quote(c),
        )
        plan.judgements.append(
            identity_check(
                N_NIL_TABLE,
                comp,
                places,
                message=message,
                expected="0",
                actual=fmt_amount(value, places),
                difference=fmt_amount(value, places),
                tolerance="0",
                evidence=[claim_evidence(c), cell.evidence()],
            )
        )
