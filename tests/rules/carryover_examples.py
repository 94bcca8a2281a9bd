"""Generated disclosures for X-NONFISCAL-CARRY (rules/cross_table/nonfiscal.py).

`non_fiscal()` is the consistent disclosure of tests/rules/examples.py with its 0.63 of 年初结转和结余
made non-fiscal: 04表 shows no 财政拨款结转和结余 and 05表 no longer pays the 0.63 of 2101599 that
03表 spends, while 01/02表 show only 财政拨款 income. Every identity then holds read together
(03 − 05 = 0.63 = 年初 0.63 − 年末 0), and none read alone as X01-04-CARRY / X03-05-CODE do.
`stated(...)` adds 情况说明 figures (claims) about its fiscal tables.
"""

from __future__ import annotations

from decimal import Decimal

from ingest.model import Amount, CellRef, Claim, Disclosure, Location
from tests.rules.builders import set_text
from tests.rules.examples import full

# 04/05表 cells re-printed without the 0.63 (table, row key, column, text).
FISCAL_WITHOUT_CARRY: tuple[tuple[str, str, str, str], ...] = (
    ("04", "年初结转和结余", "决算数", ""),
    ("04", "年初结转和结余/一般公共预算财政拨款", "决算数", ""),
    ("04", "总计", "决算数", "200.93"),
    ("04", "卫生健康支出", "合计", "176.36"),
    ("04", "卫生健康支出", "一般公共预算财政拨款", "176.36"),
    ("04", "本年支出合计", "合计", "200.93"),
    ("04", "本年支出合计", "一般公共预算财政拨款", "200.93"),
    ("04", "总计", "合计", "200.93"),
    ("04", "总计", "一般公共预算财政拨款", "200.93"),
    ("05", "合计", "合计", "200.93"),
    ("05", "合计", "项目支出", "42.95"),
    ("05", "210 卫生健康支出", "合计", "176.36"),
    ("05", "210 卫生健康支出", "项目支出", "42.95"),
    ("05", "21015 医疗保障管理事务", "合计", "172.76"),
    ("05", "21015 医疗保障管理事务", "项目支出", "42.95"),
    ("05", "2101599 其他医疗保障管理事务支出", "合计", "42.95"),
    ("05", "2101599 其他医疗保障管理事务支出", "项目支出", "42.95"),
)


def non_fiscal(*edits: tuple[str, str, str, str]) -> Disclosure:
    """The consistent disclosure with its 年初结转和结余 non-fiscal (then `edits` applied)."""
    d = full()
    for tid, key, column, text in FISCAL_WITHOUT_CARRY + edits:
        set_text(d, tid, key, column, text)
    return d


def claim(subject: str, value: str, table: str, row: str, column: str, lane: str | None = None) -> Claim:
    """A 情况说明 amount (万元) restating one table cell."""
    text = f"{value}万元"
    sentence = f"2023年度{subject}{text}。"
    return Claim(
        kind="amount",
        subject=subject,
        metric="final",
        value=Amount(Decimal(value), 2, "万元"),
        text=text,
        sentence=sentence,
        loc=Location(line=900),
        section="五、一般公共预算财政拨款支出决算情况说明",
        concept=True,
        refs=(CellRef(table, row, column, lane),),
        start=sentence.index(text),
    )


def stated(d: Disclosure, *claims: Claim) -> Disclosure:
    """`d` whose 情况说明 states these figures."""
    d.claims = list(claims)
    return d


def fiscal_total(value: str) -> Claim:
    """“一般公共预算财政拨款支出 X万元” (05表 合计)."""
    return claim("一般公共预算财政拨款支出", value, "05", "合计", "合计")


def project_item(value: str) -> Claim:
    """“2101599 其他医疗保障管理事务支出 X万元” (05表 row)."""
    return claim("2101599 其他医疗保障管理事务支出", value, "05", "2101599 其他医疗保障管理事务支出", "合计")


def warned() -> Disclosure:
    """Fires at the catalog severity (warning): the document says nothing either way."""
    return non_fiscal()


def silent() -> Disclosure:
    """Stays silent: the consistent disclosure, its carry-over fiscal in 01 and 04表 alike."""
    return full()
