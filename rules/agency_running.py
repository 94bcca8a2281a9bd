"""Completeness by kind: the 机关运行经费 of a unit that has 行政 or 参公 staff and 公用经费.

机关运行经费 is the 公用经费 of 行政单位 and 参照公务员法管理的事业单位. A document whose own text says
the unit has such staff (行政编制 N人 with N > 0, 参公人员, 参照公务员法管理的事业单位 — outside the
名词解释) and whose 06表 (budget: 基本支出分经济科目表) prints 公用经费, yet prints the 机关运行经费
table (公开10表 / 机关运行经费预算表) empty, leaves out a figure the 操作规程 requires (CMP-AGENCY-EMPTY).
A 情况说明 that gives a 机关运行经费 amount is not empty.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.model import Disclosure, Paragraph, Table
from ingest.numbers import clean
from rules.catalog import rule
from rules.judgements import JudgementPlan, Requirement, ref, table_evidence, text_evidence
from rules.wording import fmt_amount, table_name

_STAFF = (
    re.compile(r"行政编制(?P<n>\d+)(?:人|名)"),
    re.compile(r"参公人员|参照公务员法管理(?:的)?(?:事业单位)?(?:人员|编制)|参公(?:事业)?单位"),
)
_DEFINITION = re.compile(r"[:：]指|是指|名词解释")


def _staff(d: Disclosure) -> tuple[str, Paragraph] | None:
    """The first words of the 情况说明 saying the unit has 行政 or 参公 staff (not a definition)."""
    for p in d.paragraphs:
        text = clean(p.text)
        if _DEFINITION.search(text):
            continue
        for pattern in _STAFF:
            m = pattern.search(text)
            if m is None or ("n" in m.groupdict() and int(m.group("n")) == 0):
                continue
            start = max(text.rfind("。", 0, m.start()), text.rfind("；", 0, m.start())) + 1
            end = text.find("。", m.end())
            return text[start : end + 1 if end >= 0 else len(text)], p
    return None


def _operating(d: Disclosure) -> tuple[Table, str, Decimal, str] | None:
    """(table, row key, amount, column) of the 公用经费 total of 06表 or B06."""
    t06 = d.table("06")
    if t06 is not None:
        for r in t06.rows:
            if (
                r.key.startswith("公用经费")
                and (c := r.cells.get("决算数"))
                and c.amount
                and c.amount.value > 0
            ):
                return t06, r.key, c.amount.value, "决算数"
    b06 = d.table("B06")
    if b06 is not None:
        for r in b06.rows:
            if (
                r.key in ("合计", "总计")
                and (c := r.cells.get("公用经费"))
                and c.amount
                and c.amount.value > 0
            ):
                return b06, r.key, c.amount.value, "公用经费"
    return None


def _agency_table(d: Disclosure) -> Table | None:
    """The 机关运行经费 table when it prints no figure (10表: its 机关运行经费 rows; B11: any row)."""
    t10 = d.table("10")
    if t10 is not None:
        rows = [
            r
            for r in t10.rows
            if r.key.startswith("机关运行经费") or (r.parent or "").startswith("机关运行经费")
        ]
        if rows and all(c.amount is None or c.amount.value == 0 for r in rows for c in r.cells.values()):
            return t10
        return None
    b11 = d.table("B11")
    if b11 is not None and all(c.amount is None or c.amount.value == 0 for c in b11.cells()):
        return b11
    return None


def _narrated_amount(d: Disclosure) -> bool:
    return any(
        c.subject == "机关运行经费" and c.value is not None and c.value.value > 0 and c.kind == "amount"
        for c in d.claims
    )


@rule(
    "CMP-AGENCY-EMPTY",
    title="有行政或参公人员和公用经费的单位应公开机关运行经费",
    severity="warning",
    family="completeness",
    tables=("10", "B11", "06", "B06"),
    needs="情况说明中的人员情况（行政编制、参公人员，不含名词解释）；公开06表（预算：基本支出分经济科目表）公用经费；"
    "公开10表机关运行经费（预算：机关运行经费预算表）；情况说明中的机关运行经费金额",
    rationale="机关运行经费是行政单位和参公事业单位财政拨款基本支出中的公用经费；文件自己说明单位有行政编制或参公人员，"
    "基本支出中又有公用经费，机关运行经费表却为空，应公开的数字缺失（或单位性质的说明有误）。",
    fires="说明称“行政编制8人”，06表公用经费合计42.30，10表机关运行经费各行为空，说明中未给出金额。",
    silent="同一单位10表机关运行经费42.30；或单位只有事业编制。",
    template="{staff}，{operating}，但{agency}。",
)
def CMP_AGENCY_EMPTY(d: Disclosure) -> JudgementPlan:
    """CMP-AGENCY-EMPTY."""
    out = JudgementPlan()
    empty = _agency_table(d)
    if empty is None or _narrated_amount(d):
        return out
    staff = _staff(d)
    operating = _operating(d)
    if staff is None or operating is None:
        return out
    sentence, p = staff
    table, key, amount, column = operating
    row = next(r for r in table.rows if r.key == key)
    cell = row.cells[column]
    message = CMP_AGENCY_EMPTY.template.format(
        staff=f"情况说明称“{sentence}”，即单位有行政或参公人员",
        operating=f"{table_name(table)}公用经费为{fmt_amount(amount, cell.amount.decimals if cell.amount else 2)}万元",
        agency=f"{table_name(empty)}机关运行经费未列数，情况说明也未给出机关运行经费金额；应公开机关运行经费，"
        "或说明单位性质",
    )
    out.judgements.append(
        Requirement(
            CMP_AGENCY_EMPTY,
            False,
            message,
            [text_evidence(sentence, p.loc), ref(table, row, column).evidence(), table_evidence(empty)],
            empty.id,
            expected="机关运行经费",
            actual="（空）",
        )
    )
    return out
