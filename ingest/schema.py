"""The standard tables of a 决算公开 (公开01表 … 公开10表): ids, titles, canonical columns.

This is the contract between ingest/ (which names every cell's column with one of these canonical
names) and rules/ (which states identities in terms of them). Header text printed in a document
is mapped onto these names with `canonical_column`; rows keep their printed labels, normalised by
`normalise_label` (numbering such as "一、" and spaces removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    """One standard table: id, title keywords and canonical columns (per lane for two-sided tables)."""

    id: str
    title: str
    columns: tuple[str, ...]
    lanes: tuple[str, ...] = ()  # two-sided tables: ("income", "expense")
    lane_columns: tuple[tuple[str, ...], ...] = ()  # columns of each lane
    required: bool = True
    # rows a declaration may name by label (rules/identities: ``each_column``, ``groups``); empty:
    # the table's rows are subject codes or free labels, not named in declarations
    rows: tuple[str, ...] = ()


# Canonical column names (what Cell.column holds).
TOTAL = "合计"
BASIC = "基本支出"
PROJECT = "项目支出"
FINAL = "决算数"

FINAL_ACCOUNT_TABLES: dict[str, TableSpec] = {
    "01": TableSpec(
        "01",
        "收入支出决算总表",
        (FINAL,),
        lanes=("income", "expense"),
        lane_columns=((FINAL,), (FINAL,)),
    ),
    "02": TableSpec(
        "02",
        "收入决算表",
        (
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        ),
    ),
    "03": TableSpec(
        "03",
        "支出决算表",
        ("本年支出合计", BASIC, PROJECT, "上缴上级支出", "经营支出", "对附属单位补助支出"),
    ),
    "04": TableSpec(
        "04",
        "财政拨款收入支出决算总表",
        (FINAL, TOTAL, "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
        lanes=("income", "expense"),
        lane_columns=(
            (FINAL,),
            (TOTAL, "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
        ),
    ),
    "05": TableSpec("05", "一般公共预算财政拨款支出决算表", (TOTAL, BASIC, PROJECT)),
    "06": TableSpec("06", "一般公共预算财政拨款基本支出决算表", (FINAL,)),
    "07": TableSpec(
        "07",
        "政府性基金预算财政拨款收入支出决算表",
        ("年初结转和结余", "本年收入", TOTAL, BASIC, PROJECT, "年末结转和结余"),
    ),
    "08": TableSpec("08", "国有资本经营预算财政拨款支出决算表", (TOTAL, BASIC, PROJECT)),
    "09": TableSpec(
        "09",
        "财政拨款“三公”经费支出决算表",
        (
            TOTAL,
            "因公出国（境）费",
            "公务用车购置及运行维护费",
            "公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
            "会议费",
            "培训费",
        ),
    ),
    "10": TableSpec(
        "10",
        "部门决算公开相关信息统计表",
        ("统计数",),
        required=False,
        rows=(TOTAL, "政府采购合计", "货物", "工程", "服务"),  # its 政府采购 rows
    ),
}

# The income items of 01表 (收入 lane) and 04表 (财政拨款 收入 lane), as normalise_label keys them.
INCOME_ITEMS_01: tuple[str, ...] = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
)
INCOME_ITEMS_04: tuple[str, ...] = (
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
)

# Printed header text → canonical column. Matched after `normalise_label`; first match wins,
# so longer, more specific names come first.
COLUMN_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("本年收入合计", "本年收入合计"),
    ("本年支出合计", "本年支出合计"),
    ("对附属单位补助支出", "对附属单位补助支出"),
    ("附属单位上缴收入", "附属单位上缴收入"),
    ("上缴上级支出", "上缴上级支出"),
    ("一般公共预算财政拨款", "一般公共预算财政拨款"),
    ("政府性基金预算财政拨款", "政府性基金预算财政拨款"),
    ("国有资本经营预算财政拨款", "国有资本经营预算财政拨款"),
    ("财政拨款收入", "财政拨款收入"),
    ("上级补助收入", "上级补助收入"),
    ("事业收入", "事业收入"),
    ("经营收入", "经营收入"),
    ("其他收入", "其他收入"),
    ("经营支出", "经营支出"),
    ("基本支出", BASIC),
    ("项目支出", PROJECT),
    ("年初结转和结余", "年初结转和结余"),
    ("年末结转和结余", "年末结转和结余"),
    ("本年收入", "本年收入"),
    ("因公出国", "因公出国（境）费"),
    ("公务用车购置及运行维护费", "公务用车购置及运行维护费"),
    ("公务用车购置及运行费", "公务用车购置及运行维护费"),
    ("公务用车购置费", "公务用车购置费"),
    ("公务用车运行维护费", "公务用车运行维护费"),
    ("公务用车运行费", "公务用车运行维护费"),
    ("公务接待费", "公务接待费"),
    ("会议费", "会议费"),
    ("培训费", "培训费"),
    ("决算数", FINAL),
    ("统计数", "统计数"),
    ("小计", TOTAL),
    ("合计", TOTAL),
    ("金额", FINAL),
    # budget (预算公开) headers
    ("一般公共预算", "一般公共预算"),
    ("政府性基金", "政府性基金预算"),
    ("国有资本经营", "国有资本经营预算"),
    ("财政专户管理资金", "财政专户管理资金"),
    ("单位资金", "单位资金"),
    ("当年预算安排", "当年预算安排"),
    ("上年结转", "上年结转"),
    ("人员经费", "人员经费"),
    ("公用经费", "公用经费"),
)


@dataclass(frozen=True)
class BudgetTableSpec:
    """A 预算公开 table, recognised by its title (budget sets number their tables inconsistently)."""

    id: str
    title: str  # the words its printed title contains
    shape: str  # "code" (subject-code rows), "two_sided", "other"


BUDGET_TABLES: tuple[BudgetTableSpec, ...] = (
    BudgetTableSpec("B01", "预算收支总表", "two_sided"),
    BudgetTableSpec("B02", "预算收入总表", "code"),
    BudgetTableSpec("B03", "预算支出总表", "code"),
    BudgetTableSpec("B04", "财政拨款收支总表", "two_sided"),
    BudgetTableSpec("B05", "一般公共预算支出预算表", "code"),
    BudgetTableSpec("B06", "基本支出分经济科目表", "other"),
    BudgetTableSpec("B07", "政府性基金预算收入表", "code"),
    BudgetTableSpec("B08", "政府性基金预算支出表", "code"),
    BudgetTableSpec("B09", "国有资本经营预算收支预算表", "two_sided"),
    BudgetTableSpec("B10", "三公”经费支出预算表", "other"),
    BudgetTableSpec("B11", "机关运行经费", "other"),
    BudgetTableSpec("B12", "项目支出预算表（本年预算）", "other"),
    BudgetTableSpec("B13", "项目支出预算表（上年结转）", "other"),
)


# B09 国有资本经营预算收支预算表: the 收入 lane's one amount column (printed “国有资本经营收入预算”,
# named like the 国有资本经营预算 column of the 收入总表) and the 支出 lane's columns.
B09_INCOME = "国有资本经营预算"
B09_LANE_COLUMNS: tuple[tuple[str, ...], tuple[str, ...]] = ((B09_INCOME,), (TOTAL, BASIC, PROJECT))


# The columns (and, where declarations name them, the rows) of the budget tables as ingest names
# them: what a declaration about a budget table (rules/identities/budget_*.toml) is validated against.
FUNDING_COLUMNS: tuple[str, ...] = (
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "财政专户管理资金",
    "单位资金",
)
ECON_CLASS_ROWS: tuple[str, ...] = (
    "工资福利支出",
    "商品和服务支出",
    "对个人和家庭的补助",
    "资本性支出",
    "资本性支出（基本建设）",
    "对企业补助",
    "对企业补助（基本建设）",
    "债务利息及费用支出",
    "其他支出",
)
_BUDGET_TITLES = {spec.id: spec.title for spec in BUDGET_TABLES}


def _budget(tid: str, columns: tuple[str, ...], **kw: object) -> TableSpec:
    return TableSpec(tid, _BUDGET_TITLES[tid], columns, required=False, **kw)  # type: ignore[arg-type]


BUDGET_SCHEMA: dict[str, TableSpec] = {
    "B01": _budget(
        "B01",
        (FINAL, TOTAL, "当年预算安排", "上年结转"),
        lanes=("income", "expense"),
        lane_columns=((FINAL,), (TOTAL, "当年预算安排", "上年结转")),
    ),
    "B02": _budget("B02", (TOTAL, "本年收入", *FUNDING_COLUMNS, "上年结转")),
    "B03": _budget("B03", (TOTAL, BASIC, PROJECT)),
    "B04": _budget(
        "B04",
        (FINAL, TOTAL, *FUNDING_COLUMNS[:3]),
        lanes=("income", "expense"),
        lane_columns=((FINAL,), (TOTAL, *FUNDING_COLUMNS[:3])),
    ),
    "B05": _budget("B05", (TOTAL, BASIC, PROJECT)),
    "B06": _budget("B06", (TOTAL, "人员经费", "公用经费"), rows=(TOTAL, "总计", *ECON_CLASS_ROWS)),
    "B07": _budget("B07", (TOTAL, "政府性基金预算")),
    "B08": _budget("B08", (TOTAL, BASIC, PROJECT)),
    "B09": _budget(
        "B09",
        (B09_INCOME, TOTAL, BASIC, PROJECT),
        lanes=("income", "expense"),
        lane_columns=B09_LANE_COLUMNS,
    ),
    "B10": _budget(
        "B10",
        (TOTAL, *FUNDING_COLUMNS),
        rows=(
            TOTAL,
            "因公出国（境）费",
            "公务用车购置及运行费",
            "公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
        ),
    ),
    "B11": _budget("B11", (TOTAL, *FUNDING_COLUMNS)),
    "B12": _budget("B12", (TOTAL, *FUNDING_COLUMNS)),
    "B13": _budget("B13", (TOTAL, *FUNDING_COLUMNS)),
}


def budget_table(title: str) -> BudgetTableSpec | None:
    """The budget table a printed title names, if any."""
    t = _SPACES.sub("", title or "").replace("(", "（").replace(")", "）")
    for spec in BUDGET_TABLES:
        if spec.title in t:
            return spec
    return None


_NUMBERING = re.compile(
    r"^(?:[（(][一二三四五六七八九十百]+[）)][、.．]?|[一二三四五六七八九十百]+[、.．]|[（(]\d+[）)]|\d+[、.．](?!\d))"
)
_SPACES = re.compile(r"\s+")


def normalise_label(text: str) -> str:
    """Label without whitespace and without leading numbering ("一、", "(一)", "1.")."""
    t = _SPACES.sub("", text or "")
    t = t.replace("(", "（").replace(")", "）") if "（" in t else t
    return _NUMBERING.sub("", t, count=1)


def canonical_column(header: str) -> str | None:
    """Canonical column for a printed header text, or None when it names no known column."""
    h = _SPACES.sub("", header or "")
    for needle, name in COLUMN_SYNONYMS:
        if needle in h:
            return name
    return None


def code_domain(code: str) -> tuple[str | None, int | None]:
    """Domain and level of a subject code: 2xx functional (类3/款5/项7), 3xx economic (类3/款5), 1xx revenue."""
    if not code.isdigit():
        return None, None
    first = code[0]
    if first == "2" and len(code) in (3, 5, 7):
        return "func", {3: 1, 5: 2, 7: 3}[len(code)]
    if first in ("3",) and len(code) in (3, 5):
        return "econ", {3: 1, 5: 2}[len(code)]
    if first == "1" and len(code) in (3, 5, 7):
        return "rev", {3: 1, 5: 2, 7: 3}[len(code)]
    return None, None


# Printed final-account titles → table id, most specific first (a title is matched at its end, so
# "财政拨款收入支出决算总表" is 04 before "收入支出决算总表" is 01). Provinces word some titles
# differently (上海 prints 08 as 国有资本经营预算财政拨款收入支出决算表); the words are compared as
# `_title_key` leaves them, so 决算表 / 决算明细表, “三公” with or without quotes, 会议费、培训费 /
# 会议费和培训费 and a classification qualifier (按经济分类科目) all name the same table.
FINAL_ACCOUNT_TITLES: tuple[tuple[str, str], ...] = (
    ("财政拨款收入支出决算总表", "04"),
    ("收入支出决算总表", "01"),
    ("一般公共预算财政拨款基本支出决算表", "06"),
    ("一般公共预算财政拨款支出决算表", "05"),
    ("政府性基金预算财政拨款收入支出决算表", "07"),
    ("政府性基金预算财政拨款支出决算表", "07"),
    ("国有资本经营预算财政拨款收入支出决算表", "08"),
    ("国有资本经营预算财政拨款支出决算表", "08"),
    ("三公经费支出决算表", "09"),
    ("三公经费及会议费培训费支出决算表", "09"),
    ("三公经费会议费培训费支出决算表", "09"),
    ("部门决算公开相关信息统计表", "10"),
    ("相关信息统计表", "10"),
    ("收入决算表", "02"),
    ("支出决算表", "03"),
)
# A label printed before or after a title: 公开03表, 表3, 附表3, 表3-1, 附件3 (with a colon or space).
_TITLE_LABEL = re.compile(
    r"(?:公开\s*\d{1,2}\s*表|附?表\s*\d{1,2}(?:\s*[-－—]\s*\d{1,2})?|附件\s*\d{1,2})[:：、.．]?"
)
# What may stand before the title words: nothing, a year, a unit name ending in a year or 部门,
# then the fund the table is drawn from (一般公共预算财政拨款“三公”经费…, 财政拨款“三公”经费…).
_TITLE_PREFIX = re.compile(r"^(?:\S{0,30}?(?:\d{4}年度?|部门|单位))?(?:一般公共预算)?(?:财政拨款)?$")
_TITLE_SUFFIX = re.compile(r"(?:[（(]续表?\d*[)）]|[（(]\d{4}年度?[)）])$")
# A qualifier naming the classification or the unit a title is printed with: （按经济分类科目）,
# （按功能分类科目）, （单位：万元）.
_TITLE_QUALIFIER = re.compile(r"[（(](?:按[^（）()]{1,12}|(?:金额)?单位[:：]?[^（）()]{1,6})[)）]")


def _title_key(text: str) -> str:
    """A title's words without what provinces vary: quotes, 、/及/和 between listed items, 明细 in
    决算明细表, a classification qualifier."""
    t = _TITLE_QUALIFIER.sub("", text)
    for ch in "“”\"'‘’「」、及和":
        t = t.replace(ch, "")
    return t.replace("明细表", "表")


_TITLE_KEYS: tuple[tuple[str, str], ...] = tuple((_title_key(w), i) for w, i in FINAL_ACCOUNT_TITLES)


def final_account_table(text: str) -> str | None:
    """The final-account table id a printed title line names (with or without a label), if any.

    A 目录 line ("一、收入决算表", dot leaders, a page number) and a sentence name no table.
    """
    t = _SPACES.sub("", text or "").replace("(", "（").replace(")", "）")
    if not t or len(t) > 48 or re.search(r"[。，；]|[.…·]{3,}|\d$", t):
        return None
    if re.match(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])", t):
        return None  # numbered like a 目录 entry or a narrative heading
    t = _TITLE_LABEL.sub("", t)
    t = _TITLE_SUFFIX.sub("", _title_key(t))
    for words, table_id in _TITLE_KEYS:
        if t.endswith(words) and _TITLE_PREFIX.match(t[: -len(words)]):
            return table_id
    return None
    if re.match(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])", t):
        return None  # numbered like a 目录 entry or a narrative heading
    for quote in "“”\"'‘’「」":
        t = t.replace(quote, "")
    t = _TITLE_LABEL.sub("", t)
    t = _TITLE_SUFFIX.sub("", t)
    for words, table_id in FINAL_ACCOUNT_TITLES:
        if t.endswith(words) and _TITLE_PREFIX.match(t[: -len(words)]):
            return table_id
    return None
