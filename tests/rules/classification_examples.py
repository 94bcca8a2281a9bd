"""Hand-built 05/06表 (and budget B05/B06) of an invented 县司法局, for the economic-vs-functional
classification rules (rules/classification.py).

The consistent unit (万元): 05表 基本支出 410.00 = 2010101 行政运行 322.40 + 2080505 36.00 +
2080506 18.00 + 2101101 行政单位医疗 12.40 + 2101103 公务员医疗补助 1.60 + 2210201 住房公积金 19.60;
06表 30108 36.00, 30109 18.00, 30110 12.40, 30111 1.60, 30113 19.60 (the rest of the 410.00 in
wages and 公用经费).
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure, Table
from tests.rules.builders import disclosure, row, table

Example = Callable[[], Disclosure]

FUNC: dict[str, str] = {
    "2010101 行政运行": "322.40",
    "2080505 机关事业单位基本养老保险缴费支出": "36.00",
    "2080506 机关事业单位职业年金缴费支出": "18.00",
    "2101101 行政单位医疗": "12.40",
    "2101103 公务员医疗补助": "1.60",
    "2210201 住房公积金": "19.60",
}
ECON: dict[str, str] = {
    "30101 基本工资": "120.00",
    "30102 津贴补贴": "96.50",
    "30107 绩效工资": "60.00",
    "30108 机关事业单位基本养老保险缴费": "36.00",
    "30109 职业年金缴费": "18.00",
    "30110 职工基本医疗保险缴费": "12.40",
    "30111 公务员医疗补助缴费": "1.60",
    "30113 住房公积金": "19.60",
    "30201 办公费": "45.90",
}


def t05(func: dict[str, str], table_id: str = "05") -> Table:
    """05表 (or B05) with only 项 rows and the 合计 row; 项目支出 25.00 under 2010101 in the total."""
    from decimal import Decimal

    basic = sum((Decimal(v) for v in func.values()), start=Decimal(0))
    rows = [
        row(table_id, "合计", {"合计": f"{basic + 25:.2f}", "基本支出": f"{basic:.2f}", "项目支出": "25.00"})
    ]
    for key, value in func.items():
        project = "25.00" if key.startswith("2010101") else ""
        total = f"{Decimal(value) + (25 if project else 0):.2f}"
        rows.append(row(table_id, key, {"合计": total, "基本支出": value, "项目支出": project}))
    return table(table_id, rows, columns=("合计", "基本支出", "项目支出"))


def t06(econ: dict[str, str]) -> Table:
    """06表 by economic code, one 决算数 column."""
    rows = [
        row("06", key, {"决算数": v}, lane="personnel" if key.startswith("301") else "operating")
        for key, v in econ.items()
    ]
    return table("06", rows, columns=("决算数",))


def b06(econ: dict[str, str]) -> Table:
    """The budget's 基本支出分经济科目表: rows named, no codes (as many budgets print them)."""
    rows = [row("B06", key.split(" ", 1)[1], {"合计": v}) for key, v in econ.items()]
    return table("B06", rows, columns=("合计", "人员经费", "公用经费"))


def unit(func: dict[str, str] = FUNC, econ: dict[str, str] = ECON) -> Disclosure:
    """The 决算 pair of the invented unit."""
    return disclosure(t05(func), t06(econ))


def budget(func: dict[str, str] = FUNC, econ: dict[str, str] = ECON) -> Disclosure:
    """The 预算 pair of the invented unit."""
    return disclosure(t05(func, "B05"), b06(econ), kind="budget")


def _housing_split() -> Disclosure:
    """30113 42.60 in 06表 but 2210201 30.00 in 05表 (12.60 booked under 行政运行)."""
    func = dict(FUNC, **{"2010101 行政运行": "312.00", "2210201 住房公积金": "30.00"})
    return unit(func, dict(ECON, **{"30113 住房公积金": "42.60", "30201 办公费": "22.90"}))


def _medical_split() -> Disclosure:
    """30110 18.40 + 30111 2.10 = 20.50 = 2101101 16.00 + 2101103 4.50: a different split, one sum."""
    func = dict(FUNC, **{"2101101 行政单位医疗": "16.00", "2101103 公务员医疗补助": "4.50"})
    func["2010101 行政运行"] = "315.90"
    econ = dict(ECON, **{"30110 职工基本医疗保险缴费": "18.40", "30111 公务员医疗补助缴费": "2.10"})
    econ["30201 办公费"] = "39.40"
    return unit(func, econ)


# Everything in 行政运行: the 05表 of a unit that prints no personnel 项.
RUNNING_ONLY = {"2010101 行政运行": "410.00"}
RUNNING_ECON = {
    "30101 基本工资": "150.00",
    "30102 津贴补贴": "120.00",
    "30108 机关事业单位基本养老保险缴费": "36.00",
    "30110 职工基本医疗保险缴费": "14.00",
    "30113 住房公积金": "27.00",
    "30201 办公费": "63.00",
}


def _running_only() -> Disclosure:
    return unit(RUNNING_ONLY, RUNNING_ECON)


def _running_and_own_items() -> Disclosure:
    func = {
        "2010101 行政运行": "333.00",
        "2080505 机关事业单位基本养老保险缴费支出": "36.00",
        "2101101 行政单位医疗": "14.00",
        "2210201 住房公积金": "27.00",
    }
    return unit(func, RUNNING_ECON)


CLASSIFICATION_EXAMPLES: dict[str, tuple[Example, Example]] = {
    "CLS-ECON-FUNC": (_housing_split, _medical_split),
    "CLS-RUNNING-ONLY": (_running_only, _running_and_own_items),
}


def subsidy_budget(
    code_name: str, amount: str = "410.00", project: str = "城乡居民医保县级配套资金"
) -> Disclosure:
    """The invented unit's budget with one subsidy 项 (`code_name`, `amount`) in B05 and a project
    `project` of 320.00 in 项目支出预算表 (B12)."""
    d = budget(dict(FUNC, **{code_name: amount}))
    d.tables["B12"] = table("B12", [row("B12", project, {"合计": "320.00"})], columns=("合计",))
    return d


CLASSIFICATION_EXAMPLES["CLS-SUBSIDY-KIND"] = (
    lambda: subsidy_budget("2101201 财政对职工基本医疗保险基金的补助"),
    lambda: subsidy_budget("2101202 财政对城乡居民基本医疗保险基金的补助", "320.00"),
)
