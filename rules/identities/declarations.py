"""The declaration files' vocabulary and their validation: what a ``[[identity]]``, ``[[equality]]``,
``[[claim]]``, ``[[code_sum]]`` or ``[[percentage]]`` may say, the dataclasses it becomes, the helpers
every kind's parser shares (lines, refusals, the catalog fields), and `parse_file`, which checks every
entry against the table schema (ingest/schema.py) and raises `DeclarationError` naming the file and
line. Each kind is parsed by its own module: identity_forms.py, equality_forms.py, claim_forms.py,
code_sum_forms.py, percentages.py. Registration and compilation into the ruleset are
rules/identities/__init__.py's.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ingest.model import Disclosure, Row
from ingest.performance import FORM_SCHEMA
from ingest.schema import BUDGET_SCHEMA, FINAL_ACCOUNT_TABLES, TableSpec
from rules.catalog import (
    BROKEN_TEMPLATE,
    FAMILY_TITLES,
    LIFECYCLES,
    ROUNDING_TEMPLATE,
    RuleSpec,
)

SEVERITIES = ("error", "warning", "info")
LANE_NAMES = {"income": "收入方", "expense": "支出方"}
EXPECTS = ("fires", "rounding", "silent")
# Every table a declaration may name: the 决算 tables (01–10) and the budget tables (B01–B13).
TABLE_SCHEMAS: dict[str, TableSpec] = {**FINAL_ACCOUNT_TABLES, **BUDGET_SCHEMA}
# The sums of a 绩效自评表's indicator block a declaration may state (``indicator_sum``, on table "P"),
# over the rows ingest/indicators.py reads: each 一级指标 row = Σ the indicators printed under it; the
# 总分 row = the money block's total row (预算执行率, where printed in the column) + Σ every indicator.
INDICATOR_GROUP_SUM = "一级指标 = Σ 指标"
INDICATOR_TOTAL_SUM = "总分 = 预算执行率 + Σ 指标"
INDICATOR_SUMS = (INDICATOR_GROUP_SUM, INDICATOR_TOTAL_SUM)
# The indicator block's columns an indicator_sum may sum.
INDICATOR_COLUMNS = ("分值", "得分")
# The sum a ``unit_sum`` states on the 项目支出预算表 (B12 本年预算, B13 上年结转), over the rows the
# project reader tells apart (rules/budget_projects.py): a unit row = Σ the projects printed below it, a
# department row = Σ the unit rows below it.
UNIT_SUM = "单位行 = Σ 其下项目，部门行 = Σ 其下单位行"
UNIT_SUM_TABLES = ("B12", "B13")
# Tables an [[identity]] (each_row, each_column) may name besides: "P", every 绩效自评表 of a document
# (P01, P02 …), whose columns and rows are those a form prints (ingest/performance.py).
FORM_SCHEMAS: dict[str, TableSpec] = {FORM_SCHEMA.id: FORM_SCHEMA}
_KNOWN_TABLES = "、".join(TABLE_SCHEMAS) + "，即公开01–10表与预算B01–B13表"
_KNOWN_IDENTITY_TABLES = (
    "、".join((*TABLE_SCHEMAS, *FORM_SCHEMAS)) + "，即公开01–10表、预算B01–B13表与绩效自评表P"
)
# “支出方：合计 = …” in an each_row: the identity holds on that lane's rows of a two-sided table.
_LANE_PREFIX = re.compile(r"^(收入方|支出方)\s*[:：]\s*")
_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
_FILE_KEYS = {"table", "identity", "equality", "claim", "code_sum", "percentage"}
_REQUIRED = ("id", "title", "severity", "rationale", "fires", "silent")
_LIFE = ("lifecycle", "aliases")
_OPTIONAL = (
    "each_row",
    "lane_sum",
    "each_column",
    "groups",
    "tables",
    "message",
    "rounding_message",
    "needs",
    "enabled",
    "family",
    "example",
    "lane",
    "lane_total",
    "balance",
    "balance_columns",
    "when",
    "row_aliases",
    "require_all_rows",
    "columns",
    "indicator_sum",
    "require_money_column",
    "unit_sum",
    *_LIFE,
)
_CODE_SUM_REQUIRED = ("id", "title", "severity", "rationale", "fires", "silent", "sum")
_CODE_SUM_OPTIONAL = (
    "tables",
    "lane",
    "classes",
    "classes_except",
    "message",
    "rounding_message",
    "needs",
    "enabled",
    "family",
    "example",
    *_LIFE,
)
# The sums over the functional code hierarchy of a table, by the words a declaration gives them:
# a row's figure against the Σ of however many rows the document prints under it (computed before
# the figures enter the engine, rules/hierarchy.py).
CODE_SUMS: dict[str, str] = {
    "合计 = Σ 顶层科目": "total",  # the 合计 row = Σ the code rows without a printed ancestor
    "上级科目 = Σ 下级科目": "children",  # a 类/款 row = Σ its nearest printed descendants
    "经济分类上级科目 = Σ 下级科目": "econ_children",  # 06表: an economic 类 row = Σ its 款 rows
    "所属行 = Σ 明细行": "subrows",  # a row of a two-sided table = Σ the rows the reader puts under it
}
# “<row> = Σ 经济分类类级” with ``classes`` (or ``classes_except``): a 06表 total row against the
# economic 类 rows (the top printed rows: 款 rows when their 类 is not printed) of the classes
# listed (or of all others). The rows it may name, with the lane the 06表 reader gives them.
ECON_CLASS_SUM = "Σ 经济分类类级"
# “合计 = Σ 顶层科目，上级科目 = Σ 下级科目” inside one lane (``lane``) of a table whose two lanes
# each carry subject codes of their own (B09: revenue codes in 收入, functional ones in 支出): both
# sums over the lane's code tree, in the columns the schema gives that lane.
LANE_TREE_SUM = "合计 = Σ 顶层科目，上级科目 = Σ 下级科目"
CODED_LANE_TABLES = ("B09",)
ECON_CLASS_TOTALS: dict[str, str] = {"人员经费合计": "personnel", "公用经费合计": "operating"}
_TEMPLATE_FIELDS = {"table", "where", "actual", "expected", "difference", "tolerance", "unit", "parts"}
_EQUALITY_REQUIRED = ("id", "title", "severity", "rationale", "fires", "silent", "left", "right")
_EQUALITY_OPTIONAL = (
    "message",
    "needs",
    "enabled",
    "family",
    "skip_blank",
    "note",
    "example",
    "each",
    "require_column",
    "pairs",
    "empty_is_zero",
    "relation",
    "when",
    "equal_when",
    "equal_note",
    "read_empty",
    "skip_unprinted",
    "empty_note",
    "columns",
    "equal_plus",
    "tables",
    "otherwise",
    "missing",
    "require",
    *_LIFE,
)
# “relation”: "=" (the default) or "<=" (left ≤ right: a part that cannot exceed its whole), with
# the default broken message of each.
RELATIONS: dict[str, str] = {
    "=": "{left}，但{right}，相差{difference}{unit}。{note}",
    "<=": "{left}，大于{right}（前者是后者的一部分），超出{difference}{unit}。{note}",
    # left ≥ right: the right side is the part (worded first, as in "<=")
    ">=": "{left}，大于{right}（前者是后者的一部分），超出{difference}{unit}。{note}",
}
# The relations compiled into bound rules (the part first: left for "<=", right for ">=").
BOUND_RELATIONS = ("<=", ">=")
# “each = "类"”: every functional 类 of a two-sided table's expense lane (left: table, lane, column)
# against the same 类 of a code table (right: table, column); the code tables it may name.
# “each = "科目"”: every functional code of one code table against the same code of another (left,
# right: table, column), at 项 level when both print 项 rows, else at 类 level (equalities
# `plan_codes`).
# “each = "栏"”: every item (and adjustment) row of a two-sided table's lane (left: table, lane,
# column) whose name is a column of the right table (上年结转 for a carry-in row), against the right
# side's row in that column (right: table, row, column, text with {column}) — a 收入总表's 合计 row
# read column by column.
EACH_FORMS = ("类", "科目", "栏")
# each = "栏": the right table's column a carry-in row of the lane (年初结转和结余, 上年结转 …) is compared with
CARRY_IN_COLUMN = "上年结转"
CLASS_CODE_TABLES = ("02", "03", "05", "07", "08", "B02", "B03", "B05", "B07", "B08")


def _no_carry_over(d: Disclosure) -> bool:
    from rules.reading import has_carry_over

    return has_carry_over(d) is False


def _no_project_spending(d: Disclosure) -> bool:
    from rules.comparisons import no_fiscal_project_spending

    return no_fiscal_project_spending(d)


def _only_fiscal(d: Disclosure) -> bool:
    from rules.cross_table.nonfiscal import reading as nonfiscal_carry
    from rules.reading import has_non_fiscal_money

    return not has_non_fiscal_money(d) and nonfiscal_carry(d) is None


def _b05_without_carry(d: Disclosure) -> bool:
    from ingest.schema import normalise_label

    b05 = d.table("B05")
    return b05 is not None and "不含上年结转" in normalise_label(b05.title)


def _b05_with_carry(d: Disclosure) -> bool:
    return d.table("B05") is not None and not _b05_without_carry(d)


def _b09_without_carry(d: Disclosure) -> bool:
    from ingest.schema import normalise_label

    b09 = d.table("B09")
    return b09 is not None and "不含上年结转" in normalise_label(b09.title)


# “when”: a named condition on the document; the equality (or a pair of it) is compared only when
# it holds (“equal_when”: a bound is compared as an equality where it holds). The names a
# declaration may write, with what they test; BUDGET_CONDITIONS are about budget tables, the
# others about 决算 tables.
CONDITIONS: dict[str, Callable[[Disclosure], bool]] = {
    "无结转结余": _no_carry_over,  # 01表 printed, and no non-zero 结转/结余 row in it
    # 05表 合计行 项目支出 not above 0, and no 07/08表 with figures (all fiscal spending is basic)
    "无财政拨款项目支出": _no_project_spending,
    # 01表 and 02表 list no income (or use of balances) but 财政拨款, and X-NONFISCAL-CARRY does not
    # read the figures as non-fiscal carry-over spent (its finding reports them once)
    "无非财政拨款收入": _only_fiscal,
    # B05's title says it leaves out the carry-over (…支出预算表（不含上年结转）), or does not
    "一般公共预算支出表不含上年结转": _b05_without_carry,
    "一般公共预算支出表未注明不含上年结转": _b05_with_carry,
    # B09's title says it leaves out the carry-over (its income all spent this year)
    "国有资本经营预算收支预算表不含上年结转": _b09_without_carry,
}
# The tables each condition reads, which a declaration's ``tables`` may list beside its sides' (the
# rule then needs them: a 决算 lacking one reports the rule not evaluated).
CONDITION_READS: dict[str, tuple[str, ...]] = {
    "无结转结余": ("01",),
    "无财政拨款项目支出": ("05", "07", "08"),
    "无非财政拨款收入": ("01", "02"),
    "一般公共预算支出表不含上年结转": ("B05",),
    "一般公共预算支出表未注明不含上年结转": ("B05",),
    "国有资本经营预算收支预算表不含上年结转": ("B09",),
}
# The conditions about budget tables (B01–B13); the others are about 决算 tables (01–10).
BUDGET_CONDITIONS = frozenset(
    {
        "一般公共预算支出表不含上年结转",
        "一般公共预算支出表未注明不含上年结转",
        "国有资本经营预算收支预算表不含上年结转",
    }
)
_EQUALITY_FIELDS = {"left", "right", "actual", "expected", "difference", "tolerance", "unit", "note"}
_SIDE_KEYS = {
    "table",
    "lane",
    "row",
    "aliases",
    "rows",
    "codes",
    "words",
    "every",
    "except",
    "under",
    "column",
    "text",
    "first",
    "like",
}
# Tables whose rows a side may name by economic code (``codes``): the 基本支出 tables.
ECON_CODE_TABLES = ("06",)
# ``codes = "类"``: every economic 类 row (3-digit code) the table prints, in print order.
ECON_CLASSES = "类"
# Fields of a side's own wording (``text``): 公开01表, 支出方, the declared row, the row as printed
# (normalised), the column compared.
_SIDE_FIELDS = {"table", "lane", "row", "printed", "rows", "column"}
_CLAIM_REQUIRED = ("id", "title", "severity", "rationale", "fires", "silent", "claim", "cell")
_CLAIM_OPTIONAL = ("message", "rounding_message", "needs", "enabled", "family", "example", "lane", *_LIFE)
_CLAIM_FIELDS = {
    "where",
    "subject",
    "value",
    "unit",
    "cell",
    "table_value",
    "difference",
    "tolerance",
    "quote",
}
CLAIM_TEMPLATE = (
    "{where}称{subject}{value}{unit}，{cell}{table_value}，相差{difference}{unit}。原文：“{quote}”"
)
CLAIM_ROUNDING_TEMPLATE = (
    "{where}称{subject}{value}{unit}，{cell}{table_value}，相差{difference}{unit}，"
    "在四舍五入尾差范围（±{tolerance}{unit}）内，属尾差。原文：“{quote}”"
)


class DeclarationError(ValueError):
    """A declaration file the auditor refuses, with the file and line of the offending entry."""


@dataclass(frozen=True)
class Example:
    """One executable example: the cells of a row and what the rule must do with them."""

    expect: str  # fires / rounding / silent
    row: tuple[tuple[str, str], ...]  # (column, printed text)
    line: int
    items: tuple[str, ...] = ()  # a lane sum's item rows, printed in the row's column
    down: bool = False  # an each_column example: `row` holds (row name, printed text) down one column


@dataclass(frozen=True)
class RowForm:
    """One table's form of a row identity: its total column and parts (on one lane, if given)."""

    table: str
    total: str
    parts: tuple[tuple[str, int], ...]
    lane: str | None = None


@dataclass(frozen=True)
class RowIdentity:
    """“every row of `table`: total = Σ sign·part”, one catalog rule (on each table of `forms`)."""

    spec: RuleSpec
    table: str  # the first table it names (its examples run there)
    total: str
    parts: tuple[tuple[str, int], ...]
    source: str  # file:line of the declaration
    examples: tuple[Example, ...] = ()
    lane: str | None = None  # two-sided tables (01/04表): the rows of this lane only
    # “lane_sum”: the lane's 本年收入合计/本年支出合计 row = Σ the item rows printed above it, every
    # column (`total` names that row, `parts` is empty); planned where the lane is read (arithmetic)
    lane_sum: bool = False
    # every table's form (the first is table/total/parts/lane above): each_row, or lane_sum
    forms: tuple[RowForm, ...] = ()
    # “each_column”: (total row, part rows) by label, every column (budget “三公” table)
    column_sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # “groups”: 类 rows by label; each = Σ the rows printed under it (to the next 类), 合计 = Σ 类
    groups: tuple[str, ...] = ()
    # each_column: further labels a named row may be printed under (“合计” → (“政府采购合计”,))
    row_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # each_column: state a sum only when every row it names is read (else: the rows read, if any)
    require_all_rows: bool = False
    # each_column: the columns it sums (patterns of the schema's columns, “全年预算数*”); () = every one;
    # indicator_sum: the columns of the indicator block it sums (分值, 得分)
    columns: tuple[str, ...] = ()
    # “indicator_sum” (绩效自评表): one of INDICATOR_SUMS, over the rows the indicator reader finds
    indicator_sum: str = ""
    # indicator_sum “总分 = …”: not stated on a form whose money block lacks the column (the 预算执行率's
    # figure printed nowhere)
    require_money_column: bool = False
    # “unit_sum” (项目支出预算表 B12/B13): UNIT_SUM over the unit and department rows the project reader
    # finds (rules/budget_projects.py), in `columns`
    unit_sum: bool = False

    def row_names(self, name: str) -> tuple[str, ...]:
        """each_column: the labels a named row is read under (its name first, then its aliases)."""
        return (name, *dict(self.row_aliases).get(name, ()))

    def takes_column(self, column: str) -> bool:
        """each_column: True when the sums run down `column` (every column unless ``columns`` names some)."""
        return not self.columns or any(fnmatchcase(column, p) for p in self.columns)

    def sum_rows(
        self, total: str, parts: tuple[str, ...], find: Callable[[tuple[str, ...]], list[Row]]
    ) -> tuple[Row, list[Row]] | None:
        """each_column: the total row and the part rows of one sum, or None when it is not stated.

        `find` gives the rows printed under any of some labels, in printed order (a label with “*”
        is a pattern). A named row is the first found under its name or aliases; a pattern part
        (任务*) is every row it matches. Not stated: without the total row or any part; with
        ``require_all_rows``, without every part; and when another sum of the declaration names
        some of its parts (其他资金 in two breakdowns of one 年度资金总额), without any part of its own
        (the rows read then belong to the other breakdown)."""
        head = find(self.row_names(total))
        found = {name: find(self.row_names(name)) for name in parts}
        read = [r for name in parts for r in (found[name] if "*" in name else found[name][:1])]
        if not head or not read or (self.require_all_rows and not all(found.values())):
            return None
        shared = {p for t, ps in self.column_sums if (t, ps) != (total, parts) for p in ps}
        own = [name for name in parts if name not in shared]
        if own and len(own) < len(parts) and not any(found[name] for name in own):
            return None
        return head[0], read

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id


@dataclass(frozen=True)
class CellSide:
    """One cell named by table, lane (two-sided tables), row and column (first printed of several)."""

    table: str
    row: str
    columns: tuple[str, ...]
    lane: str | None = None
    # how a message names the cell (see _SIDE_FIELDS); default “{table}{lane}“{row}”行“{column}”栏”
    text: str | None = None
    # ``codes``: the rows of these economic codes, those printed, summed (instead of one `row`);
    # named “{table}“30231 公务用车运行维护费”＋…” by default
    codes: tuple[str, ...] = ()
    # ``words``: the first row (of a lane: of its items) whose name holds every word of a group;
    # several groups: those rows, the ones printed, summed. Named “{table}{lane}“{printed}””
    words: tuple[tuple[str, ...], ...] = ()
    # ``under``: the row whose name starts with these words, or the 合计 row printed under it;
    # neither printed: the rows printed under it, summed. Named “{table}{row}（{rows}）”
    under: str = ""
    # ``rows``: these rows (each found as a `row` is), summed; all must be printed
    rows: tuple[str, ...] = ()
    # ``every``: every row holding the words (not only the first), summed — worded by `text` when
    # there are several, as one row (“{table}{lane}“{printed}””) when there is one; ``except``:
    # words a row's name must not hold
    every: bool = False
    excluded: tuple[str, ...] = ()
    # ``aliases``: other names the `row` may be printed under (the first row printed under any)
    aliases: tuple[str, ...] = ()
    # ``first``: none of those rows printed, the table's first row (a 项目支出 table's unit, under
    # which its projects are listed)
    first: bool = False
    # a side written as a list of sides: the cells of the others (each where its table is printed
    # and not empty), added to this one's; worded each by its own text, joined by ＋
    plus: tuple[CellSide, ...] = ()
    # ``like``: instead of `row`, the first top-level row (of its lane) whose name matches one of
    # these patterns (``*``: any characters; “年初*结转*”: 年初结转和结余, 年初财政拨款结转和结余 …)
    like: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairExample:
    """One executable example of an equality: both cells as printed, and what the rule must do."""

    expect: str
    left: str
    right: str
    line: int
    # ``condition = true``: the example document meets the equality's ``equal_when`` condition
    condition: bool = False


@dataclass(frozen=True)
class CellEquality:
    """“left cell = right cell” across tables, one catalog rule."""

    spec: RuleSpec
    left: CellSide
    right: CellSide
    source: str
    skip_blank: bool = False  # compare only when both cells are printed
    note: str = ""
    examples: tuple[PairExample, ...] = ()
    # “each = "类"”: one comparison per functional 类 (the sides name no row; see _each_sides)
    each: str = ""
    # the left column must be printed: when it is not, the rule is reported not evaluated
    require_column: bool = False
    # “pairs”: several (left, right) cells compared under the one rule, in order (left/right above
    # are the first pair)
    pairs: tuple[tuple[CellSide, CellSide], ...] = ()
    # of each pair: compare only when both cells are printed (``skip_blank`` in the pair), only
    # where a condition holds (``when``: a key of CONDITIONS, "" always), with its own ``note``
    pair_skip_blank: tuple[bool, ...] = ()
    pair_when: tuple[str, ...] = ()
    pair_note: tuple[str, ...] = ()
    # columns read as declared (not printed: 0); the right table empty, or its row missing, reads as 0
    empty_is_zero: bool = False
    # "=" or "<=" (left ≤ right, compiled into bound rules; not with each)
    relation: str = "="
    # “when”: a key of CONDITIONS; compared only on documents where it holds ("": always)
    when: str = ""
    # “equal_when” (with relation "<="): a key of CONDITIONS; where it holds, left = right is
    # compared instead of left ≤ right, its finding ending with `equal_note`
    equal_when: str = ""
    equal_note: str = ""
    # “require”: a row (table, row, missing) the rule cannot do without: where its table is printed
    # and lacks it, the rule is reported not evaluated (“{table}未识别出{missing}…”) and nothing compared
    require: CellSide | None = None
    require_missing: str = ""
    # “otherwise”: the right side used instead when the right one is not printed (or all blank);
    # with neither, the rule is reported not evaluated, `missing` naming what is lacking
    otherwise: CellSide | None = None
    missing: str = ""
    # an empty right-hand table is read as printed (its blanks count as 0) rather than skipped
    read_empty: bool = False
    # a pair whose column its table does not print is not compared (a template without it)
    skip_unprinted: bool = False
    # ``skip_blank = "right"``: not compared when the right-hand cell is blank in a printed table
    # (an empty one read with ``read_empty`` is compared, its blanks as 0)
    skip_blank_right: bool = False
    # ``empty_note``: begins the finding's note when the right-hand table is empty (“{table}为空表。”)
    empty_note: str = ""
    # each = "科目": ``columns``, the (left column, right column) pairs compared for every code, in
    # order (default: the sides' first columns); ``equal_plus``, code tables whose figures the right
    # side adds, code by code, where ``equal_when`` holds (each where printed and not empty)
    columns: tuple[tuple[str, str], ...] = ()
    equal_plus: tuple[CellSide, ...] = ()

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id


@dataclass(frozen=True)
class ClaimExample:
    """One executable example of a claim rule: a sentence of the 情况说明 and the cell's print."""

    expect: str
    sentence: str
    cell: str
    line: int


@dataclass(frozen=True)
class CellClaim:
    """“the 情况说明's amount for `subject` (metric, scope) = this cell”, one catalog rule."""

    spec: RuleSpec
    subject: str
    metric: str
    scope: str | None
    cell: CellSide
    source: str
    examples: tuple[ClaimExample, ...] = ()

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id


@dataclass(frozen=True)
class CodeRowsExample:
    """One executable example of a code sum: the rows (code or 合计, printed figure) of a table."""

    expect: str
    rows: tuple[tuple[str, str], ...]
    line: int


@dataclass(frozen=True)
class CodeSum:
    """“a row = Σ the rows under it in the functional code hierarchy”, one catalog rule."""

    spec: RuleSpec
    aggregate: str  # a value of CODE_SUMS, or "econ_classes" (“<row> = Σ 经济分类类级”)
    source: str
    examples: tuple[CodeRowsExample, ...] = ()
    row: str = ""  # econ_classes: the 06表 total row (a key of ECON_CLASS_TOTALS)
    lane: str = ""  # lane_tree: the lane (income / expense) of a CODED_LANE_TABLES table
    classes: tuple[str, ...] = ()  # econ_classes: the economic 类 summed (or left out, `exclude`)
    exclude: bool = False

    def takes(self, code: str) -> bool:
        """econ_classes: whether a row of economic code `code` is one of the summed classes."""
        return (code[:3] in self.classes) != self.exclude

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id


# “lane_total”: on each lane of a two-sided table (01/04表, B01/B04), 总计 = 本年合计 + the rows the
# lane reader finds between them (结转结余, 结余分配 …; without a 本年合计 row: the item rows and the
# rows worded 结转/结余), every column of the lane. The words a declaration writes for those rows:
ADJUSTMENT_ROWS = "结转结余等调整项目"
# “balance”: one lane's 总计 = the other's (“收入方总计 = 支出方总计”), each read in the column
# ``balance_columns`` names for its lane when the lane prints it, else in the lane's first column.
BALANCE_ROW = "总计"
# On a table whose lanes carry subject codes (B09) each lane ends in its 合计 row (“收入方合计 =
# 支出方合计”), read in the columns ``balance_columns`` names for both lanes.
CODED_BALANCE_ROW = "合计"


@dataclass(frozen=True)
class LaneTotalExample:
    """One executable example of a ``lane_total``: one lane's figures as printed."""

    expect: str
    lane: str
    total: str
    subtotal: str | None  # the 本年合计 row; None: `items` stand in for it (no 本年合计 row printed)
    items: tuple[str, ...]
    adjustments: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class BalanceExample:
    """One executable example of a ``balance``: the two lanes' 总计 as printed."""

    expect: str
    left: str
    right: str
    line: int


@dataclass(frozen=True)
class TwoSidedIdentity:
    """“总计 = 本年合计 + 结转结余等调整项目” on each declared lane (``lane_total``) or “收入方总计 =
    支出方总计” (``balance``) of the two-sided tables listed, one catalog rule; which rows are the
    adjustments is the lane reader's (rules/reading.py `read_lane`)."""

    spec: RuleSpec
    form: str  # "lane_total" / "balance"
    source: str  # file:line of the declaration
    lanes: tuple[str, ...]  # lane_total: the lanes checked, in order; balance: (left lane, right lane)
    columns: tuple[tuple[str, str], ...] = ()  # balance: (lane, column read when printed)
    examples: tuple[LaneTotalExample | BalanceExample, ...] = ()
    # “when”: a key of CONDITIONS; the identity is stated only on documents where it holds
    when: str = ""

    @property
    def id(self) -> str:
        """The rule id."""
        return self.spec.id

    def column(self, lane: str, printed: Sequence[str]) -> str:
        """balance: the column a lane is read in, among the lane's printed columns (non-empty)."""
        wanted = dict(self.columns).get(lane)
        return wanted if wanted in printed else printed[0]


Declaration = RowIdentity | CellEquality | CellClaim | CodeSum | TwoSidedIdentity


def _line(text: str, *needles: str) -> int:
    """The first line (1-based) containing every needle, else the first containing the first one."""
    lines = text.splitlines()
    for i, line in enumerate(lines, 1):
        if all(n in line for n in needles):
            return i
    for i, line in enumerate(lines, 1):
        if needles and needles[0] in line:
            return i
    return 1


def _key_line(text: str, key: str) -> int:
    """The first line that sets `key` (bare or quoted), else the first line mentioning it."""
    for i, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith((f"{key} ", f"{key}=", f'"{key}"')):
            return i
    return _line(text, key)


def _entry_key_line(text: str, head: int, key: str) -> int:
    """The line setting `key` in the entry whose header is on line `head` (else `head`)."""
    for i, line in enumerate(text.splitlines()[head:], head + 1):
        stripped = line.strip()
        if stripped.startswith("[[") and not stripped.startswith("[[code_sum.example"):
            break
        if stripped.startswith((f"{key} ", f"{key}=")):
            return i
    return head


def _identity_lines(text: str) -> list[int]:
    """Line numbers of the ``[[identity]]`` headers, in order."""
    return [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "[[identity]]"]


def parse_expression(expr: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    """“合计 = 基本支出 + 项目支出” → ("合计", (("基本支出", 1), ("项目支出", 1))). ValueError if malformed."""
    if expr.count("=") != 1:
        raise ValueError("须为“合计栏 = 栏 + 栏 …”的形式（恰有一个“=”）")
    left, right = (s.strip() for s in expr.split("="))
    if not left or re.search(r"[+\-−＋－]", left):
        raise ValueError("“=”左边须为一个栏目")
    tokens = re.split(r"\s*([+\-−＋－])\s*", right.strip())
    parts: list[tuple[str, int]] = []
    sign = 1
    if tokens and tokens[0] == "":
        tokens = tokens[1:]
        if not tokens:
            raise ValueError("“=”右边没有栏目")
        sign = -1 if tokens[0] in "-−－" else 1
        tokens = tokens[1:]
    for i, tok in enumerate(tokens):
        if i % 2 == 1:
            sign = -1 if tok in "-−－" else 1
            continue
        if not tok:
            raise ValueError("运算符之间缺少栏目")
        parts.append((tok, sign))
    if not parts:
        raise ValueError("“=”右边没有栏目")
    return left, tuple(parts)


def _fail(path: Path, line: int, what: str) -> DeclarationError:
    return DeclarationError(f"{path}:{line}: {what}")


def _spec_fields(
    path: Path, text: str, rid: str, entry: dict[str, Any], family: str, tables: Sequence[str]
) -> dict[str, Any]:
    """The catalog entry (`define_rule`'s keywords) of a checked [[identity]] declaration."""
    return {
        "title": entry["title"],
        "severity": entry["severity"],
        "rationale": entry["rationale"],
        "family": family,
        "tables": tuple(tables),
        "fires": entry["fires"],
        "silent": entry["silent"],
        "template": entry.get("message", BROKEN_TEMPLATE),
        "rounding_template": entry.get("rounding_message", ROUNDING_TEMPLATE),
        "needs": entry.get("needs", ""),
        "enabled": entry.get("enabled", True),
        **_life(path, text, rid, entry),
    }


def _life(path: Path, text: str, rid: str, entry: dict[str, Any]) -> dict[str, Any]:
    """lifecycle (stable / preview / deprecated) and aliases (earlier ids, oldest first)."""
    lifecycle = entry.get("lifecycle", "stable")
    if lifecycle not in LIFECYCLES:
        raise _fail(path, _line(text, "lifecycle"), f"{rid} 的 lifecycle 须为 {LIFECYCLES} 之一")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and _ID.match(a) for a in aliases):
        raise _fail(path, _line(text, "aliases"), f'{rid} 的 aliases 须为曾用规则编号的列表，如 ["T05-OLD"]')
    return {"lifecycle": lifecycle, "aliases": tuple(aliases)}


def template_fields(template: str) -> set[str]:
    """The fields a wording template names (“{table}为空表。” → {"table"})."""
    return set(re.findall(r"\{(\w*)[^{}]*\}", template))


def _check_template(
    path: Path, text: str, key: str, template: str, allowed: set[str] = _TEMPLATE_FIELDS
) -> None:
    fields = template_fields(template)
    unknown = sorted(fields - allowed)
    if unknown:
        raise _fail(path, _line(text, key), f"{key} 中的字段 {unknown} 不可用（可用：{sorted(allowed)}）")


def _side(path: Path, text: str, rid: str, key: str, value: Any) -> CellSide:
    """A side of an equality, checked against the table schema; a list of sides is one side
    adding up their cells (``plus``), the first naming the table the side belongs to."""
    if isinstance(value, list) and len(value) >= 2 and all(isinstance(v, dict) for v in value):
        first, *rest = (_one_side(path, text, rid, key, v) for v in value)
        return replace(first, plus=tuple(rest))
    return _one_side(path, text, rid, key, value)


def _one_side(path: Path, text: str, rid: str, key: str, value: Any) -> CellSide:
    """One table's side of an equality, checked against the table schema."""
    where = _line(text, key + " =")
    if (
        not isinstance(value, dict)
        or set(value) - _SIDE_KEYS
        or not {"table", "column"} <= set(value)
        or sum(k in value for k in ("row", "rows", "codes", "words", "under", "like")) != 1
    ):
        raise _fail(
            path,
            where,
            f"{rid} 的 {key} 须为 {{ table = …, row = …, column = … }}（可加 lane、text；或以 rows = [行名, …]、"
            "codes = [经济分类科目编码, …]、words = [行名所含词语, …]、under = 上级行名、like = [行名样式, …] 代替 row）",
        )
    table = value["table"]
    if table not in TABLE_SCHEMAS:
        raise _fail(path, where, f"{rid} 的 {key}：未知的表 {table!r}（可用：{_KNOWN_TABLES}）")
    schema = TABLE_SCHEMAS[table]
    lane = value.get("lane")
    if schema.lanes and lane not in schema.lanes:
        raise _fail(
            path, where, f"{rid} 的 {key}：{table_words(table)}分收支两方，lane 须为 {schema.lanes} 之一"
        )
    if not schema.lanes and lane is not None:
        raise _fail(path, where, f"{rid} 的 {key}：{table_words(table)}不分收支两方，不能写 lane")
    codes: tuple[str, ...] = ()
    if "codes" in value:
        raw = value["codes"]
        if table not in ECON_CODE_TABLES:
            raise _fail(
                path,
                where,
                f"{rid} 的 {key}：codes 只用于按经济分类科目列示的表（{'、'.join(table_words(t) for t in ECON_CODE_TABLES)}）",
            )
        if raw != ECON_CLASSES and (
            not isinstance(raw, list)
            or not raw
            or not all(isinstance(c, str) and c.isascii() and c.isdigit() and len(c) in (3, 5) for c in raw)
        ):
            raise _fail(
                path,
                where,
                f'{rid} 的 {key}：codes 须为经济分类科目编码的列表，如 ["31013", "30913"]'
                f'（或 "{ECON_CLASSES}"：所列各经济分类类级行）',
            )
        codes = (raw,) if raw == ECON_CLASSES else tuple(raw)
    names: tuple[str, ...] = ()
    if "rows" in value:
        raw = value["rows"]
        if not isinstance(raw, list) or not raw or not all(isinstance(n, str) and n.strip() for n in raw):
            raise _fail(
                path, where, f'{rid} 的 {key}：rows 须为行名的列表，如 ["人员经费合计", "公用经费合计"]'
            )
        names = tuple(n.strip() for n in raw)
    words: tuple[tuple[str, ...], ...] = ()
    if "words" in value:
        raw = value["words"]
        groups = raw if isinstance(raw, list) and raw and all(isinstance(w, list) for w in raw) else [raw]
        if not all(
            isinstance(g, list) and g and all(isinstance(w, str) and w.strip() for w in g) for g in groups
        ):
            raise _fail(
                path,
                where,
                f'{rid} 的 {key}：words 须为行名所含词语的列表，如 ["一般公共预算", "财政拨款"]'
                '（多行之和：[["一般公共预算", "财政拨款"], ["政府性基金", "财政拨款"]]）',
            )
        words = tuple(tuple(w.strip() for w in g) for g in groups)
    aliases = value.get("aliases", [])
    if "aliases" in value and (
        "row" not in value
        or lane is not None
        or not isinstance(aliases, list)
        or not aliases
        or not all(isinstance(a, str) and a.strip() for a in aliases)
    ):
        raise _fail(
            path,
            where,
            f'{rid} 的 {key}：aliases 须与 row 同写（不分收支两方的表），为该行的其他名称，如 ["公务用车运行费"]',
        )
    first = value.get("first", False)
    if "first" in value and ("row" not in value or lane is not None or not isinstance(first, bool)):
        raise _fail(
            path,
            where,
            f"{rid} 的 {key}：first 须为 true 或 false，与 row 同写（不分收支两方的表）：未列该行时取表的首行",
        )
    every = value.get("every", False)
    excluded = value.get("except", [])
    if ("every" in value or "except" in value) and "words" not in value:
        raise _fail(path, where, f"{rid} 的 {key}：every、except 只与 words 同写")
    if not isinstance(every, bool) or (every and len(words) != 1):
        raise _fail(path, where, f"{rid} 的 {key}：every 须为 true 或 false，且只与一组 words 同写")
    if not isinstance(excluded, list) or not all(isinstance(w, str) and w.strip() for w in excluded):
        raise _fail(path, where, f'{rid} 的 {key}：except 须为行名不应含的词语的列表，如 ["非财政拨款"]')
    like = value.get("like", [])
    if "like" in value and (
        not isinstance(like, list)
        or not like
        or not all(isinstance(p, str) and p.strip() and set(p.strip()) != {"*"} for p in like)
    ):
        raise _fail(
            path,
            where,
            f'{rid} 的 {key}：like 须为行名样式的列表（* 代表任意文字），如 ["年初*结转*", "上年*结转*"]',
        )
    under = value.get("under", "")
    if not isinstance(under, str) or ("under" in value and not under.strip()):
        raise _fail(path, where, f'{rid} 的 {key}：under 须为上级行名，如 "机关运行经费"')
    row = value.get("row", under or "＋".join(names) or "、".join(like))
    if not codes and not words and (not isinstance(row, str) or not row.strip()):
        raise _fail(path, where, f'{rid} 的 {key}：row 须为行名，如 "合计"')
    cols = value["column"]
    columns = (cols,) if isinstance(cols, str) else tuple(cols) if isinstance(cols, list) else ()
    allowed = schema.lane_columns[schema.lanes.index(lane)] if lane else schema.columns
    if not columns or any(not isinstance(c, str) or c not in allowed for c in columns):
        raise _fail(
            path,
            where,
            f"{rid} 的 {key}：{table_words(table)}{'的' + lane if lane else ''}没有栏目 {cols!r}（可用：{'、'.join(allowed)}）",
        )
    text = value.get("text")
    if text is not None:
        if not isinstance(text, str) or not text.strip():
            raise _fail(
                path, where, f'{rid} 的 {key}：text 须为非空字符串，如 "{{table}}{{lane}}“{{printed}}”"'
            )
        fields = template_fields(text)
        if fields - _SIDE_FIELDS:
            raise _fail(
                path,
                where,
                f"{rid} 的 {key}：text 中的字段 {sorted(fields - _SIDE_FIELDS)} 不可用（可用：{sorted(_SIDE_FIELDS)}）",
            )
    if words:  # named, where a message needs the row and none is printed, by its words
        row = "＋".join("".join(g) for g in words)
    return CellSide(
        table,
        row.strip(),
        columns,
        lane,
        text,
        codes,
        words,
        under.strip(),
        names,
        every,
        tuple(w.strip() for w in excluded),
        tuple(a.strip() for a in aliases),
        first,
        like=tuple(p.strip() for p in like),
    )


def _check_head(
    path: Path,
    text: str,
    entry: dict[str, Any],
    head: int,
    required: Any,
    optional: Any,
    example_id: str,
    default_family: str,
    strings: bool = False,
) -> tuple[str, str]:
    """The checks every declaration kind shares — known keys, the required ones present as
    non-empty strings, the id's form, severity, family and `enabled` — failing with file and line;
    the declaration's (id, family)."""
    rid = entry.get("id")
    for key in entry:
        if key not in required and key not in optional:
            raise _fail(path, _line(text, key), f"{rid or '声明'} 中未知的键“{key}”")
    for key in required:
        if key not in entry:
            raise _fail(path, head, f"{rid or '声明'} 缺少“{key}”")
        if strings and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise _fail(path, head, f"{rid or '声明'} 缺少“{key}”（须为非空字符串）")
    for key in ("id", "title", "severity", "rationale", "fires", "silent"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise _fail(path, head, f"{rid or '声明'} 的“{key}”须为非空字符串")
    if not _ID.match(rid):
        raise _fail(path, _line(text, "id", rid), f"规则编号“{rid}”须为大写字母、数字与“-”，如 {example_id}")
    if entry["severity"] not in SEVERITIES:
        raise _fail(
            path, _line(text, "severity", entry["severity"]), f"{rid} 的 severity 须为 {SEVERITIES} 之一"
        )
    family = entry.get("family", default_family)
    if family not in FAMILY_TITLES:
        raise _fail(path, _line(text, "family", str(family)), f"{rid} 的 family“{family}”未知")
    if "enabled" in entry and not isinstance(entry["enabled"], bool):
        raise _fail(path, _line(text, "enabled"), f"{rid} 的 enabled 须为 true 或 false")
    return rid, family


def _examples(path: Path, text: str, rid: str, entry: dict[str, Any]) -> list[Any]:
    examples = entry.get("example", [])
    if not isinstance(examples, list):
        raise _fail(path, _line(text, "example"), f"{rid} 的示例须写成 [[….example]]")
    return examples


def parse_file(path: Path) -> list[tuple[dict[str, Any], Declaration]]:
    """Validate one declaration file; return its rules' catalog fields and identities (unregistered).

    Raises DeclarationError (file:line: reason) for anything the auditor cannot run.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DeclarationError(f"{path}: 无法读取（{exc}）") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DeclarationError(f"{path}: TOML 语法错误：{exc}") from exc
    for key in data:
        if key not in _FILE_KEYS:
            raise _fail(
                path,
                _line(text, key),
                f"未知的键“{key}”（文件顶层只能有 table、[[identity]]、[[equality]]、[[claim]]、[[code_sum]] 与 [[percentage]]）",
            )
    from rules.identities.claim_forms import parse_claims
    from rules.identities.code_sum_forms import parse_code_sums
    from rules.identities.equality_forms import parse_equalities
    from rules.identities.identity_forms import parse_row_identity, parse_two_sided

    equalities: list[tuple[dict[str, Any], Declaration]] = []
    if "equality" in data:
        equalities.extend(parse_equalities(path, text, data["equality"]))
    if "claim" in data:
        equalities.extend(parse_claims(path, text, data["claim"]))
    if "code_sum" in data:
        equalities.extend(parse_code_sums(path, text, data["code_sum"]))
    if "percentage" in data:  # the 情况说明's percentages (rules/identities/percentages.py)
        from rules.identities.percentages import parse_percentages

        equalities.extend(parse_percentages(path, text, data["percentage"]))  # type: ignore[arg-type]
    if "identity" not in data and equalities:
        seen_ids = [e.id for _, e in equalities]
        if len(set(seen_ids)) != len(seen_ids):
            raise _fail(path, 1, "本文件中有重复的规则编号")
        return list(equalities)
    table = data.get("table")
    if table is not None and (not isinstance(table, str) or table not in (*TABLE_SCHEMAS, *FORM_SCHEMAS)):
        raise _fail(path, _line(text, "table"), f"未知的表 {table!r}（可用：{_KNOWN_IDENTITY_TABLES}）")
    entries = data.get("identity")
    if not isinstance(entries, list) or not entries:
        raise _fail(path, 1, "文件中没有 [[identity]] 声明")
    heads = _identity_lines(text)
    example_lines = iter(
        [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "[[identity.example]]"]
    )
    out: list[tuple[dict[str, Any], Declaration]] = [*equalities]
    seen: set[str] = {e.id for _, e in equalities}
    for n, entry in enumerate(entries):
        head = heads[n] if n < len(heads) else 1
        rid, family = _check_head(
            path, text, entry, head, _REQUIRED, _OPTIONAL, "T05-ROW", "arithmetic", strings=True
        )
        if rid in seen:
            raise _fail(path, _line(text, "id", rid), f"规则编号“{rid}”在本文件中重复")
        seen.add(rid)
        if "lane_total" in entry or "balance" in entry:
            sided, fields = parse_two_sided(path, text, entry, rid, family, table, head, example_lines)
            out.append((fields, sided))
            continue
        ident, fields = parse_row_identity(path, text, entry, rid, family, table, head, example_lines)
        out.append((fields, ident))
    return out


def table_words(tid: str) -> str:
    """公开05表 / 预算B10表 / 绩效自评表: how a refusal names a declared table."""
    if tid in FORM_SCHEMAS:
        return FORM_SCHEMAS[tid].title
    return f"公开{tid}表" if tid in FINAL_ACCOUNT_TABLES else f"预算{tid}表"


def schema_of(tid: str) -> TableSpec:
    """The schema of a table an [[identity]] names (a 决算 or budget table, or a 绩效自评表 form)."""
    return TABLE_SCHEMAS[tid] if tid in TABLE_SCHEMAS else FORM_SCHEMAS[tid]


# ---------------------------------------------------------------------------------------------
# ``lane_total`` and ``balance``: the totals of the two-sided tables
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# ``each_column`` options: ``row_aliases`` and ``require_all_rows``
# ---------------------------------------------------------------------------------------------
