"""The declaration files' vocabulary and their validation: what a ``[[identity]]``, ``[[equality]]``
or ``[[claim]]`` may say, the dataclasses it becomes, and `parse_file`, which checks every entry
against the table schema (ingest/schema.py) and raises `DeclarationError` naming the file and line.
Registration and compilation into the ruleset are rules/identities/__init__.py's.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.schema import BUDGET_SCHEMA, FINAL_ACCOUNT_TABLES, TableSpec
from rules.catalog import (
    BROKEN_TEMPLATE,
    FAMILY_TITLES,
    LIFECYCLES,
    ROUNDING_TEMPLATE,
    RuleSpec,
)
from rules.reading import SUBTOTAL_KEYS

SEVERITIES = ("error", "warning", "info")
LANE_NAMES = {"income": "收入方", "expense": "支出方"}
EXPECTS = ("fires", "rounding", "silent")
# Every table a declaration may name: the 决算 tables (01–10) and the budget tables (B01–B13).
TABLE_SCHEMAS: dict[str, TableSpec] = {**FINAL_ACCOUNT_TABLES, **BUDGET_SCHEMA}
_KNOWN_TABLES = "、".join(TABLE_SCHEMAS) + "，即公开01–10表与预算B01–B13表"
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
    "row_aliases",
    "require_all_rows",
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
    *_LIFE,
)
# “relation”: "=" (the default) or "<=" (left ≤ right: a part that cannot exceed its whole), with
# the default broken message of each.
RELATIONS: dict[str, str] = {
    "=": "{left}，但{right}，相差{difference}{unit}。{note}",
    "<=": "{left}，大于{right}（前者是后者的一部分），超出{difference}{unit}。{note}",
}
# “each = "类"”: every functional 类 of a two-sided table's expense lane (left: table, lane, column)
# against the same 类 of a code table (right: table, column); the code tables it may name.
EACH_FORMS = ("类",)
CLASS_CODE_TABLES = ("02", "03", "05", "07", "08")
_EQUALITY_FIELDS = {"left", "right", "actual", "expected", "difference", "tolerance", "unit", "note"}
_SIDE_KEYS = {"table", "lane", "row", "column", "text"}
# Fields of a side's own wording (``text``): 公开01表, 支出方, the declared row, the row as printed
# (normalised), the column compared.
_SIDE_FIELDS = {"table", "lane", "row", "printed", "column"}
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

    def row_names(self, name: str) -> tuple[str, ...]:
        """each_column: the labels a named row is read under (its name first, then its aliases)."""
        return (name, *dict(self.row_aliases).get(name, ()))

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


@dataclass(frozen=True)
class PairExample:
    """One executable example of an equality: both cells as printed, and what the rule must do."""

    expect: str
    left: str
    right: str
    line: int


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
    # columns read as declared (not printed: 0); the right table empty, or its row missing, reads as 0
    empty_is_zero: bool = False
    # "=" or "<=" (left ≤ right, compiled into bound rules; not with each)
    relation: str = "="

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


def _check_template(
    path: Path, text: str, key: str, template: str, allowed: set[str] = _TEMPLATE_FIELDS
) -> None:
    fields = set(re.findall(r"\{(\w*)[^{}]*\}", template))
    unknown = sorted(fields - allowed)
    if unknown:
        raise _fail(path, _line(text, key), f"{key} 中的字段 {unknown} 不可用（可用：{sorted(allowed)}）")


def _example(
    path: Path, text: str, rid: str, table: str, entry: Any, columns: set[str], line: int
) -> Example:
    if not isinstance(entry, dict) or set(entry) - {"expect", "row"} or "row" not in entry:
        raise _fail(path, line, f"{rid} 的示例须含 expect 与 row 两项")
    expect = entry.get("expect")
    if expect not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={expect!r} 不是 {EXPECTS} 之一")
    row = entry["row"]
    if not isinstance(row, dict) or not row:
        raise _fail(path, line, f"{rid} 的示例 row 须为“栏目 = 数值”的表")
    for col, value in row.items():
        if col not in columns:
            raise _fail(path, line, f"{rid} 的示例中的栏目“{col}”不是{table_words(table)}的栏目")
        if not isinstance(value, str):
            raise _fail(
                path,
                line,
                f'{rid} 的示例中“{col}”的数值须按印刷样式写成字符串，如 "129.81"',
            )
    return Example(expect, tuple((str(k), v) for k, v in row.items()), line)


def _lane_sum_example(path: Path, rid: str, entry: Any, column: str, line: int) -> Example:
    if not isinstance(entry, dict) or set(entry) != {"expect", "items", "total"}:
        raise _fail(
            path, line, f"{rid} 的示例须含 expect、items（各明细行的数值）与 total（合计行的数值）三项"
        )
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    items = entry["items"]
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
        raise _fail(path, line, f'{rid} 的示例 items 须为按印刷样式写成的数值列表，如 ["16.12", "176.99"]')
    if not isinstance(entry["total"], str):
        raise _fail(path, line, f'{rid} 的示例 total 须按印刷样式写成字符串，如 "201.56"')
    return Example(entry["expect"], ((column, entry["total"]),), line, tuple(items))


def _side(path: Path, text: str, rid: str, key: str, value: Any) -> CellSide:
    """A side of an equality, checked against the table schema."""
    where = _line(text, key + " =")
    if not isinstance(value, dict) or set(value) - _SIDE_KEYS or not {"table", "row", "column"} <= set(value):
        raise _fail(
            path, where, f"{rid} 的 {key} 须为 {{ table = …, row = …, column = … }}（可加 lane、text）"
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
    row = value["row"]
    if not isinstance(row, str) or not row.strip():
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
        fields = set(re.findall(r"\{(\w*)[^{}]*\}", text))
        if fields - _SIDE_FIELDS:
            raise _fail(
                path,
                where,
                f"{rid} 的 {key}：text 中的字段 {sorted(fields - _SIDE_FIELDS)} 不可用（可用：{sorted(_SIDE_FIELDS)}）",
            )
    return CellSide(table, row.strip(), columns, lane, text)


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


def _parse_equalities(path: Path, text: str, entries: Any) -> list[tuple[dict[str, Any], CellEquality]]:
    """The [[equality]] declarations of a file, validated."""
    if not isinstance(entries, list):
        raise _fail(path, _line(text, "equality"), "equality 须写成 [[equality]]")
    heads = [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "[[equality]]"]
    example_lines = iter(
        [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "[[equality.example]]"]
    )
    out: list[tuple[dict[str, Any], CellEquality]] = []
    for n, entry in enumerate(entries):
        head = heads[n] if n < len(heads) else 1
        required = _EQUALITY_REQUIRED
        if isinstance(entry, dict) and "pairs" in entry:
            required = tuple(k for k in _EQUALITY_REQUIRED if k not in ("left", "right"))
        rid, family = _check_head(
            path,
            text,
            entry,
            head,
            required,
            (*_EQUALITY_OPTIONAL, "left", "right"),
            "X04-05-TOTAL",
            "cross_table",
        )
        for key in ("enabled", "skip_blank"):
            if key in entry and not isinstance(entry[key], bool):
                raise _fail(path, _line(text, key), f"{rid} 的 {key} 须为 true 或 false")
        relation = _relation(path, text, head, rid, entry)
        template = entry.get("message", RELATIONS[relation])
        _check_template(path, text, "message", template, _EQUALITY_FIELDS)
        pairs: tuple[tuple[CellSide, CellSide], ...] = ()
        if "pairs" in entry:
            pairs = _pairs(path, text, head, rid, entry)
            left, right = pairs[0]
        elif "each" in entry or "require_column" in entry:
            left, right = _each_sides(path, text, head, rid, entry)
        else:
            left = _side(path, text, rid, "left", entry["left"])
            right = _side(path, text, rid, "right", entry["right"])
        tables = tuple(dict.fromkeys(s.table for pair in pairs or ((left, right),) for s in pair))
        if "empty_is_zero" in entry and not isinstance(entry["empty_is_zero"], bool):
            raise _fail(
                path,
                _entry_key_line(text, head, "empty_is_zero"),
                f"{rid} 的 empty_is_zero 须为 true 或 false",
            )
        fields = {
            "title": entry["title"],
            "severity": entry["severity"],
            "rationale": entry["rationale"],
            "family": family,
            "tables": tables,
            "fires": entry["fires"],
            "silent": entry["silent"],
            "template": template,
            "needs": entry.get("needs", ""),
            "enabled": entry.get("enabled", True),
            **_life(path, text, rid, entry),
        }
        eq = CellEquality(
            RuleSpec(id=rid, **fields),
            left,
            right,
            f"{path}:{head}",
            entry.get("skip_blank", False),
            str(entry.get("note", "")),
            tuple(
                _pair_example(path, rid, e, next(example_lines, 1)) for e in _examples(path, text, rid, entry)
            ),
            each=entry.get("each", ""),
            require_column=entry.get("require_column", False),
            pairs=pairs,
            empty_is_zero=entry.get("empty_is_zero", False),
            relation=relation,
        )
        out.append((fields, eq))
    return out


def _relation(path: Path, text: str, head: int, rid: str, entry: dict[str, Any]) -> str:
    """``relation``: "=" (default) or "<=" (left ≤ right), not with ``each``."""
    relation = entry.get("relation", "=")
    where = _entry_key_line(text, head, "relation")
    if relation not in RELATIONS:
        raise _fail(path, where, f'{rid} 的 relation 须为 "=" 或 "<="（左侧不大于右侧）')
    if relation != "=" and "each" in entry:
        raise _fail(path, where, f'{rid} 的 relation = "{relation}" 不能与 each 同写（逐类比对只核对相等）')
    return relation


def _pairs(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any]
) -> tuple[tuple[CellSide, CellSide], ...]:
    """``pairs = [{ left = {…}, right = {…} }, …]``: several cell pairs under one rule, each side
    checked as a left/right is; not with left, right or each."""
    where = _entry_key_line(text, head, "pairs")
    if any(k in entry for k in ("left", "right", "each", "require_column")):
        raise _fail(
            path, where, f"{rid} 写了 pairs 就不再写 left、right 或 each（各对单元格都写在 pairs 中）"
        )
    pairs = entry["pairs"]
    if (
        not isinstance(pairs, list)
        or not pairs
        or not all(isinstance(p, dict) and set(p) == {"left", "right"} for p in pairs)
    ):
        raise _fail(
            path,
            where,
            f"{rid} 的 pairs 须为 [{{ left = {{ table = …, row = …, column = … }}, right = {{ … }} }}, …] 的列表",
        )
    return tuple(
        (_side(path, text, rid, "pairs", p["left"]), _side(path, text, rid, "pairs", p["right"]))
        for p in pairs
    )


def _each_sides(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any]
) -> tuple[CellSide, CellSide]:
    """The sides of an ``each = "类"`` equality: left a two-sided table's expense lane and column
    (no row: its 类 rows), right a code table's column (no row: its 类, or their printed
    descendants); ``require_column`` only with ``each``."""
    each = entry.get("each")
    if each not in EACH_FORMS:
        raise _fail(
            path,
            _entry_key_line(text, head, "each" if "each" in entry else "require_column"),
            f"{rid} 的 each 须为 {' / '.join(repr(e) for e in EACH_FORMS)}（逐类比对；require_column 只用于 each）",
        )
    if not isinstance(entry.get("require_column", False), bool):
        raise _fail(
            path, _entry_key_line(text, head, "require_column"), f"{rid} 的 require_column 须为 true 或 false"
        )
    sides: list[CellSide] = []
    for key, two_sided in (("left", True), ("right", False)):
        where = _entry_key_line(text, head, key)
        value = entry[key]
        if isinstance(value, dict) and ("row" in value or "text" in value):
            raise _fail(
                path, where, f'{rid} 的 {key}：each = "类" 时不写 row、text（逐类比对，各类行即所比对的行）'
            )
        if isinstance(value, dict):
            schema = FINAL_ACCOUNT_TABLES.get(value.get("table"))  # type: ignore[arg-type]
            if two_sided and (schema is None or not schema.lanes or value.get("lane") != "expense"):
                raise _fail(
                    path, where, f'{rid} 的 left：逐类比对的左侧须为收支两方表的支出方（lane = "expense"）'
                )
            if not two_sided and value.get("table") not in CLASS_CODE_TABLES:
                raise _fail(
                    path,
                    where,
                    f"{rid} 的 right：逐类比对的右侧须为科目表（公开{'、'.join(CLASS_CODE_TABLES)}表）",
                )
        sides.append(
            _side(path, text, rid, key, {**value, "row": "类"} if isinstance(value, dict) else value)
        )
    left, right = sides
    return left, right


def _examples(path: Path, text: str, rid: str, entry: dict[str, Any]) -> list[Any]:
    examples = entry.get("example", [])
    if not isinstance(examples, list):
        raise _fail(path, _line(text, "example"), f"{rid} 的示例须写成 [[….example]]")
    return examples


def _pair_example(path: Path, rid: str, entry: Any, line: int) -> PairExample:
    if not isinstance(entry, dict) or set(entry) != {"expect", "left", "right"}:
        raise _fail(path, line, f"{rid} 的示例须含 expect、left 与 right（两个单元格的印刷数值）三项")
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    if not isinstance(entry["left"], str) or not isinstance(entry["right"], str):
        raise _fail(path, line, f'{rid} 的示例 left 与 right 须按印刷样式写成字符串，如 "129.81"')
    return PairExample(entry["expect"], entry["left"], entry["right"], line)


def _claim_example(path: Path, rid: str, entry: Any, line: int) -> ClaimExample:
    if not isinstance(entry, dict) or set(entry) != {"expect", "sentence", "cell"}:
        raise _fail(path, line, f"{rid} 的示例须含 expect、sentence（情况说明原句）与 cell（表中数值）三项")
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    if not isinstance(entry["sentence"], str) or not isinstance(entry["cell"], str):
        raise _fail(path, line, f"{rid} 的示例 sentence 与 cell 须为字符串")
    return ClaimExample(entry["expect"], entry["sentence"], entry["cell"], line)


def _parse_claims(path: Path, text: str, entries: Any) -> list[tuple[dict[str, Any], CellClaim]]:
    """The [[claim]] declarations of a file, validated."""
    if not isinstance(entries, list):
        raise _fail(path, _line(text, "claim"), "claim 须写成 [[claim]]")
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines, 1) if line.strip() == "[[claim]]"]
    example_lines = iter([i for i, line in enumerate(lines, 1) if line.strip() == "[[claim.example]]"])
    out: list[tuple[dict[str, Any], CellClaim]] = []
    for n, entry in enumerate(entries):
        head = heads[n] if n < len(heads) else 1
        rid, family = _check_head(
            path, text, entry, head, _CLAIM_REQUIRED, _CLAIM_OPTIONAL, "N-AGENCY-06", "narrative"
        )
        claim = entry["claim"]
        where = _line(text, "claim =")
        if (
            not isinstance(claim, dict)
            or set(claim) - {"subject", "metric", "scope"}
            or "subject" not in claim
        ):
            raise _fail(path, where, f"{rid} 的 claim 须为 {{ subject = …（可加 metric、scope） }}")
        if not all(isinstance(v, str) and v.strip() for v in claim.values()):
            raise _fail(path, where, f"{rid} 的 claim 各项须为非空字符串")
        templates = {}
        for key, default in (("message", CLAIM_TEMPLATE), ("rounding_message", CLAIM_ROUNDING_TEMPLATE)):
            templates[key] = entry.get(key, default)
            if not isinstance(templates[key], str):
                raise _fail(path, _line(text, key), f"{rid} 的 {key} 须为字符串")
            _check_template(path, text, key, templates[key], _CLAIM_FIELDS)
        cell = _side(path, text, rid, "cell", entry["cell"])
        examples = entry.get("example", [])
        if not isinstance(examples, list):
            raise _fail(path, _line(text, "example"), f"{rid} 的示例须写成 [[claim.example]]")
        fields = {
            "title": entry["title"],
            "severity": entry["severity"],
            "rationale": entry["rationale"],
            "family": family,
            "tables": ("narrative", cell.table),
            "fires": entry["fires"],
            "silent": entry["silent"],
            "template": templates["message"],
            "rounding_template": templates["rounding_message"],
            "needs": entry.get(
                "needs", f"情况说明中“{claim['subject']}”的金额；公开{cell.table}表“{cell.row}”行"
            ),
            "enabled": entry.get("enabled", True),
            **_life(path, text, rid, entry),
        }
        out.append(
            (
                fields,
                CellClaim(
                    RuleSpec(id=rid, **fields),
                    claim["subject"].strip(),
                    claim.get("metric", "final").strip(),
                    claim["scope"].strip() if "scope" in claim else None,
                    cell,
                    f"{path}:{head}",
                    tuple(_claim_example(path, rid, e, next(example_lines, 1)) for e in examples),
                ),
            )
        )
    return out


def _code_rows_example(
    path: Path,
    rid: str,
    entry: Any,
    line: int,
    econ: bool = False,
    total: str = "合计",
    any_code: bool = False,
) -> CodeRowsExample:
    """One [[code_sum.example]]: rows of [code or the total row, figure]; codes functional (2…),
    economic (3…, `econ`) or, in a lane's tree (`any_code`), functional or revenue (1…)."""
    if not isinstance(entry, dict) or set(entry) != {"expect", "rows"}:
        raise _fail(path, line, f"{rid} 的示例须含 expect 与 rows（[科目编码或“合计”, 数值] 的列表）两项")
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    rows = entry["rows"]
    ok = (
        isinstance(rows, list)
        and rows
        and all(
            isinstance(r, list)
            and len(r) == 2
            and all(isinstance(x, str) for x in r)
            and (
                r[0] == total
                or (
                    r[0].isdigit()
                    and len(r[0]) in ((3, 5) if econ else (3, 5, 7))
                    and r[0][0] in ("3" if econ else "12" if any_code else "2")
                )
            )
            for r in rows
        )
    )
    if not ok:
        raise _fail(
            path,
            line,
            f"{rid} 的示例 rows 须为 [科目编码或“{total}”, 数值] 的列表，"
            + (
                '如 [["301", "60.00"], ["30101", "60.00"]]'
                if econ
                else '如 [["201", "60.00"], ["20101", "60.00"]]'
            ),
        )
    return CodeRowsExample(entry["expect"], tuple((r[0], r[1]) for r in rows), line)


def _subrows_example(path: Path, rid: str, entry: Any, line: int) -> CodeRowsExample:
    """An example of “所属行 = Σ 明细行”: rows of [name, figure], the first the row, the rest its sub-rows."""
    rows = entry.get("rows") if isinstance(entry, dict) else None
    if (
        not isinstance(entry, dict)
        or set(entry) != {"expect", "rows"}
        or entry["expect"] not in EXPECTS
        or not isinstance(rows, list)
        or len(rows) < 2
        or not all(
            isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) and x for x in r) for r in rows
        )
    ):
        raise _fail(
            path,
            line,
            f"{rid} 的示例须含 expect（{'/'.join(EXPECTS)}）与 rows：[行名, 数值] 的列表，第一行为所属行、其余为其明细行，"
            '如 [["年初财政拨款结转和结余", "0.63"], ["一般公共预算财政拨款", "0.50"]]',
        )
    return CodeRowsExample(entry["expect"], tuple((r[0], r[1]) for r in rows), line)


def _parse_code_sums(path: Path, text: str, entries: Any) -> list[tuple[dict[str, Any], CodeSum]]:
    """The [[code_sum]] declarations of a file, validated."""
    if not isinstance(entries, list):
        raise _fail(path, _line(text, "code_sum"), "code_sum 须写成 [[code_sum]]")
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines, 1) if line.strip() == "[[code_sum]]"]
    example_lines = iter([i for i, line in enumerate(lines, 1) if line.strip() == "[[code_sum.example]]"])
    out: list[tuple[dict[str, Any], CodeSum]] = []
    for n, entry in enumerate(entries):
        head = heads[n] if n < len(heads) else 1
        rid, family = _check_head(
            path,
            text,
            entry,
            head,
            _CODE_SUM_REQUIRED,
            _CODE_SUM_OPTIONAL,
            "TAB-HIER",
            "hierarchy",
            strings=True,
        )
        words = " ".join(entry["sum"].split())
        words = LANE_TREE_SUM if words == LANE_TREE_SUM.replace("，", ", ") else words
        row, classes, exclude = _econ_classes(path, text, head, rid, entry, words)
        lane = _tree_lane(path, text, head, rid, entry, words)
        aggregate = "econ_classes" if row else "lane_tree" if lane else CODE_SUMS.get(words, "")
        if not aggregate:
            known = "、".join(
                [*CODE_SUMS, *(f"{r} = {ECON_CLASS_SUM}" for r in ECON_CLASS_TOTALS), LANE_TREE_SUM]
            )
            raise _fail(path, _line(text, "sum ="), f"{rid} 的 sum“{entry['sum']}”未知（可用：{known}）")
        tables = entry.get("tables", ["06"] if row else ["*"])
        if not lane and (  # a lane's tables are checked by _tree_lane
            not isinstance(tables, list)
            or not tables
            or any(t != "*" and t not in FINAL_ACCOUNT_TABLES for t in tables)
        ):
            raise _fail(
                path,
                _line(text, "tables"),
                f'{rid} 的 tables 须为表号列表（{"、".join(sorted(FINAL_ACCOUNT_TABLES))}，或 "*" 即所有含功能分类科目编码的表）',
            )
        for key in ("message", "rounding_message"):
            if key in entry:
                if not isinstance(entry[key], str):
                    raise _fail(path, _line(text, key), f"{rid} 的 {key} 须为字符串")
                _check_template(path, text, key, entry[key])
        fields = _spec_fields(path, text, rid, entry, family, tables)
        econ = aggregate in ("econ_children", "econ_classes")
        examples = tuple(
            _subrows_example(path, rid, e, next(example_lines, 1))
            if aggregate == "subrows"
            else _code_rows_example(path, rid, e, next(example_lines, 1), econ, row or "合计", bool(lane))
            for e in _examples(path, text, rid, entry)
        )
        spec = RuleSpec(id=rid, **fields)
        out.append(
            (fields, CodeSum(spec, aggregate, f"{path}:{head}", examples, row, lane, classes, exclude))
        )
    return out


def _tree_lane(path: Path, text: str, head: int, rid: str, entry: dict[str, Any], words: str) -> str:
    """The lane of a “合计 = Σ 顶层科目，上级科目 = Σ 下级科目” code sum (which must name one, on a
    table of CODED_LANE_TABLES); "" for the other sums, which take no ``lane``."""
    if words != LANE_TREE_SUM:
        if "lane" in entry:
            raise _fail(path, _entry_key_line(text, head, "lane"), f"{rid} 的 lane 只用于“{LANE_TREE_SUM}”")
        return ""
    tables = entry.get("tables")
    if not isinstance(tables, list) or len(tables) != 1 or tables[0] not in CODED_LANE_TABLES:
        raise _fail(
            path,
            _entry_key_line(text, head, "tables" if "tables" in entry else "sum"),
            f"{rid}：“{LANE_TREE_SUM}”须写 tables = [表号]，表号为收支两方各列科目的表（{'、'.join(CODED_LANE_TABLES)}）",
        )
    lane = entry.get("lane")
    if lane not in TABLE_SCHEMAS[tables[0]].lanes:
        raise _fail(
            path,
            _entry_key_line(text, head, "lane" if "lane" in entry else "sum"),
            f"{rid}：须写 lane，为 {TABLE_SCHEMAS[tables[0]].lanes} 之一（{table_words(tables[0])}的一方）",
        )
    return str(lane)


def _econ_classes(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any], words: str
) -> tuple[str, tuple[str, ...], bool]:
    """(row, classes, exclude) of a “<row> = Σ 经济分类类级” code sum; ("", (), False) for the
    other sums, which take neither ``classes`` nor ``classes_except``."""
    left, _, right = (w.strip() for w in words.partition("="))
    keys = [k for k in ("classes", "classes_except") if k in entry]
    if right != ECON_CLASS_SUM:
        if keys:
            raise _fail(
                path,
                _entry_key_line(text, head, keys[0]),
                f"{rid} 的 {keys[0]} 只用于“<行> = {ECON_CLASS_SUM}”",
            )
        return "", (), False
    if left not in ECON_CLASS_TOTALS:
        raise _fail(
            path,
            _entry_key_line(text, head, "sum"),
            f"{rid} 的 sum 左边“{left}”不是公开06表的合计行（可用：{'、'.join(ECON_CLASS_TOTALS)}）",
        )
    if len(keys) != 1:
        raise _fail(
            path,
            _entry_key_line(text, head, "sum"),
            f"{rid} 须写 classes 或 classes_except 之一（经济分类类级编码列表）",
        )
    codes = entry[keys[0]]
    if (
        not isinstance(codes, list)
        or not codes
        or any(not isinstance(c, str) or len(c) != 3 or not c.isdigit() or c[0] != "3" for c in codes)
    ):
        raise _fail(
            path,
            _entry_key_line(text, head, keys[0]),
            f'{rid} 的 {keys[0]} 须为经济分类类级编码列表，如 ["301", "303"]',
        )
    if entry.get("tables", ["06"]) != ["06"]:
        raise _fail(
            path, _entry_key_line(text, head, "tables"), f'{rid} 只适用于公开06表：tables 须为 ["06"] 或不写'
        )
    return left, tuple(codes), keys[0] == "classes_except"


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
    equalities: list[tuple[dict[str, Any], Declaration]] = []
    if "equality" in data:
        equalities.extend(_parse_equalities(path, text, data["equality"]))
    if "claim" in data:
        equalities.extend(_parse_claims(path, text, data["claim"]))
    if "code_sum" in data:
        equalities.extend(_parse_code_sums(path, text, data["code_sum"]))
    if "percentage" in data:  # the 情况说明's percentages (rules/identities/percentages.py)
        from rules.identities.percentages import parse_percentages

        equalities.extend(parse_percentages(path, text, data["percentage"]))  # type: ignore[arg-type]
    if "identity" not in data and equalities:
        seen_ids = [e.id for _, e in equalities]
        if len(set(seen_ids)) != len(seen_ids):
            raise _fail(path, 1, "本文件中有重复的规则编号")
        return list(equalities)
    table = data.get("table")
    if table is not None and (not isinstance(table, str) or table not in TABLE_SCHEMAS):
        raise _fail(path, _line(text, "table"), f"未知的表 {table!r}（可用：{_KNOWN_TABLES}）")
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
            sided, fields = _two_sided(path, text, entry, rid, family, table, head, example_lines)
            out.append((fields, sided))
            continue
        ident, fields = _row_identity(path, text, entry, rid, family, table, head, example_lines)
        out.append((fields, ident))
    return out


def table_words(tid: str) -> str:
    """公开05表 / 预算B10表: how a refusal names a declared table."""
    return f"公开{tid}表" if tid in FINAL_ACCOUNT_TABLES else f"预算{tid}表"


def _row_tables(path: Path, text: str, entry: dict[str, Any], rid: str, table: str | None) -> list[str]:
    """The tables an identity states: the keys of an ``each_row`` table, else ``tables``, else the
    file's ``table``."""
    if isinstance(entry.get("each_row"), dict):
        if "tables" in entry:
            raise _fail(path, _line(text, "tables"), f"{rid}：each_row 按表分写时已列出各表，不能再写 tables")
        tables = list(entry["each_row"])
        where = _line(text, "each_row")
    elif "tables" in entry:
        tables = entry["tables"]
        where = _line(text, "tables")
    elif table is not None:
        return [table]
    else:
        raise _fail(path, _line(text, "id", rid), f"{rid} 须写明所属的表：文件顶层 table，或本声明的 tables")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, str) for t in tables):
        raise _fail(path, where, f'{rid} 的 tables 须为表号列表，如 ["B03", "B05"]')
    for t in tables:
        if t not in TABLE_SCHEMAS:
            at = _key_line(text, t) if isinstance(entry.get("each_row"), dict) else where
            raise _fail(path, at, f"{rid}：未知的表 {t!r}（可用：{_KNOWN_TABLES}）")
    if len(set(tables)) != len(tables):
        raise _fail(path, where, f"{rid} 的 tables 中有重复的表")
    return tables


def _lane_of(path: Path, where: int, rid: str, tid: str, lane: str | None) -> tuple[str, ...]:
    """The columns an identity may name on `tid` (one lane's when `lane` is given)."""
    schema = TABLE_SCHEMAS[tid]
    if lane is None:
        return tuple(dict.fromkeys((*schema.columns, *(c for cols in schema.lane_columns for c in cols))))
    if lane not in schema.lanes:
        what = (
            f"lane 须为 {schema.lanes} 之一"
            if schema.lanes
            else "不分收支两方，不能写 lane 或“收入方：”“支出方：”"
        )
        raise _fail(path, where, f"{rid}：{table_words(tid)}{what}")
    return schema.lane_columns[schema.lanes.index(lane)]


def _row_form(
    path: Path, text: str, rid: str, tid: str, expr: Any, lane: str | None, mapped: bool
) -> RowForm:
    """One table's ``each_row`` expression (“支出方：合计 = …” limits it to that lane), validated."""
    if not isinstance(expr, str) or not expr.strip():
        raise _fail(path, _line(text, "each_row"), f"{rid} 的 each_row 须为非空字符串")

    def where(needle: str) -> int:
        return _key_line(text, tid) if mapped else _line(text, "each_row", needle)

    side = _LANE_PREFIX.match(expr.strip())
    if side:
        lane = next(k for k, v in LANE_NAMES.items() if v == side.group(1))
        expr = expr.strip()[side.end() :]
    columns = _lane_of(path, _line(text, "lane") if side is None else where(expr), rid, tid, lane)
    try:
        total, parts = parse_expression(expr)
    except ValueError as exc:
        raise _fail(path, where(expr), f"{rid} 的 each_row“{expr}”：{exc}") from None
    for col in (total, *(c for c, _ in parts)):
        if col not in columns:
            raise _fail(
                path,
                where(col),
                f"{rid}：{table_words(tid)}（{TABLE_SCHEMAS[tid].title}）{LANE_NAMES.get(lane or '', '')}"
                f"没有“{col}”栏（可用：{'、'.join(columns)}）",
            )
    if len({c for c, _ in parts} | {total}) != len(parts) + 1:
        raise _fail(path, where(expr), f"{rid} 的 each_row 中有重复的栏目")
    return RowForm(tid, total, parts, lane)


def _named_rows(path: Path, text: str, rid: str, key: str, tables: list[str], names: list[str]) -> None:
    """Rows named by label (``each_column``, ``groups``) must be rows the tables' schema lists."""
    for tid in tables:
        known = TABLE_SCHEMAS[tid].rows
        if not known:
            raise _fail(path, _line(text, key), f"{rid}：{table_words(tid)}的行不能按行名声明（{key}）")
        for name in names:
            if name not in known:
                raise _fail(
                    path,
                    _line(text, key, name),
                    f"{rid}：{table_words(tid)}没有“{name}”行（可用：{'、'.join(known)}）",
                )


def _column_sums(
    path: Path, text: str, rid: str, tables: list[str], value: Any
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``each_column``: “行 = 行 + 行” (or a list of them), named rows, every column."""
    exprs = [value] if isinstance(value, str) else value
    if not isinstance(exprs, list) or not exprs or not all(isinstance(e, str) and e.strip() for e in exprs):
        raise _fail(path, _line(text, "each_column"), f"{rid} 的 each_column 须为“行 = 行 + 行”或其列表")
    out: list[tuple[str, tuple[str, ...]]] = []
    for expr in exprs:
        where = _line(text, expr.strip()[:12])
        try:
            total, parts = parse_expression(expr)
        except ValueError as exc:
            raise _fail(path, where, f"{rid} 的 each_column“{expr}”：{exc}") from None
        if any(sign != 1 for _, sign in parts):
            raise _fail(path, where, f"{rid} 的 each_column“{expr}”：各行只能相加")
        if len({c for c, _ in parts} | {total}) != len(parts) + 1:
            raise _fail(path, where, f"{rid} 的 each_column 中有重复的行")
        _named_rows(path, text, rid, "each_column", tables, [total, *(c for c, _ in parts)])
        out.append((total, tuple(c for c, _ in parts)))
    return tuple(out)


def _row_identity(
    path: Path,
    text: str,
    entry: dict[str, Any],
    rid: str,
    family: str,
    table: str | None,
    head: int,
    example_lines: Any,
) -> tuple[RowIdentity, dict[str, Any]]:
    """One ``[[identity]]``: its forms on each table it names, validated against their schema."""
    tables = _row_tables(path, text, entry, rid, table)
    kinds = [k for k in ("each_row", "lane_sum", "each_column") if k in entry]
    if (
        len(kinds) > 1
        or (not kinds and "groups" not in entry)
        or ("groups" in entry and kinds not in ([], ["each_row"]))
    ):
        raise _fail(
            path,
            head,
            f"{rid} 须写 each_row（逐行恒等式）、lane_sum（收支一方的合计行）、each_column（逐栏：行 = 行 + 行）、"
            "lane_total（收支各方的总计）或 balance（收支两方总计相等）之一（groups 可与 each_row 同写）",
        )
    lane = entry.get("lane")
    if lane is not None and lane not in LANE_NAMES:
        raise _fail(path, _line(text, "lane"), f"{rid} 的 lane 须为 {tuple(LANE_NAMES)} 之一")
    forms: list[RowForm] = []
    if "each_row" in entry:
        rows = entry["each_row"]
        exprs = rows if isinstance(rows, dict) else dict.fromkeys(tables, rows)
        mapped = isinstance(rows, dict)
        forms = [_row_form(path, text, rid, tid, expr, lane, mapped) for tid, expr in exprs.items()]
    elif "lane_sum" in entry:
        key = entry["lane_sum"]
        if not isinstance(key, str) or not key.strip():
            raise _fail(path, _line(text, "lane_sum"), f"{rid} 的 lane_sum 须为非空字符串")
        if lane is None or key != SUBTOTAL_KEYS.get(lane):
            raise _fail(
                path,
                _line(text, "lane_sum"),
                f'{rid} 的 lane_sum 须与 lane 同写：lane = "income" 时为“本年收入合计”，'
                'lane = "expense" 时为“本年支出合计”（该方合计行＝其上各明细行之和，逐栏）',
            )
        for tid in tables:
            _lane_of(path, _line(text, "lane"), rid, tid, lane)
            forms.append(RowForm(tid, key, (), lane))
    elif lane is not None:
        raise _fail(path, _line(text, "lane"), f"{rid}：lane 只与 each_row 或 lane_sum 同写")
    column_sums = (
        _column_sums(path, text, rid, tables, entry["each_column"]) if "each_column" in entry else ()
    )
    row_aliases, require_all_rows = _column_options(path, text, head, rid, entry, tables, column_sums)
    groups: tuple[str, ...] = ()
    if "groups" in entry:
        names = entry["groups"]
        if not isinstance(names, list) or not names or not all(isinstance(g, str) and g for g in names):
            raise _fail(
                path, _line(text, "groups"), f'{rid} 的 groups 须为类级行名的列表，如 ["工资福利支出"]'
            )
        _named_rows(path, text, rid, "groups", tables, names)
        groups = tuple(names)
    for key in ("message", "rounding_message"):
        if key in entry:
            if not isinstance(entry[key], str):
                raise _fail(path, _line(text, key), f"{rid} 的 {key} 须为字符串")
            _check_template(path, text, key, entry[key])
    examples = entry.get("example", [])
    if not isinstance(examples, list):
        raise _fail(path, _line(text, "example"), f"{rid} 的示例须写成 [[identity.example]]")
    fields = _spec_fields(path, text, rid, entry, family, tables)
    first = forms[0] if forms else RowForm(tables[0], "", (), None)
    parsed: list[Example] = []
    for e in examples:
        line = next(example_lines, 1)
        if "lane_sum" in entry:
            column = _lane_of(path, line, rid, first.table, first.lane)[0]
            parsed.append(_lane_sum_example(path, rid, e, column, line))
        elif isinstance(e, dict) and "column" in e:
            parsed.append(_column_example(path, text, rid, first.table, e, column_sums, line))
        else:
            columns = set(_lane_of(path, line, rid, first.table, first.lane))
            parsed.append(_example(path, text, rid, first.table, e, columns, line))
    ident = RowIdentity(
        spec=RuleSpec(id=rid, **fields),
        table=first.table,
        total=first.total,
        parts=first.parts,
        source=f"{path}:{head}",
        examples=tuple(parsed),
        lane=first.lane,
        lane_sum="lane_sum" in entry,
        forms=tuple(forms),
        column_sums=column_sums,
        groups=groups,
        row_aliases=row_aliases,
        require_all_rows=require_all_rows,
    )
    return ident, fields


def _column_example(
    path: Path,
    text: str,
    rid: str,
    table: str,
    entry: dict[str, Any],
    column_sums: tuple[tuple[str, tuple[str, ...]], ...],
    line: int,
) -> Example:
    """An ``each_column`` example: the figures of the named rows in one column (行名 = 数值)."""
    if set(entry) != {"expect", "column"} or not column_sums:
        raise _fail(
            path,
            line,
            f"{rid} 的示例须含 expect 与 column（各行的数值，行名 = 数值）两项（仅用于 each_column）",
        )
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    column = entry["column"]
    named = {name for total, parts in column_sums for name in (total, *parts)}
    if not isinstance(column, dict) or not column:
        raise _fail(path, line, f"{rid} 的示例 column 须为“行名 = 数值”的表")
    for name, value in column.items():
        if name not in named:
            raise _fail(path, line, f"{rid} 的示例中的行“{name}”不在 each_column 中")
        if not isinstance(value, str):
            raise _fail(path, line, f'{rid} 的示例中“{name}”的数值须按印刷样式写成字符串，如 "4.22"')
    return Example(entry["expect"], tuple((str(k), v) for k, v in column.items()), line, down=True)


# ---------------------------------------------------------------------------------------------
# ``lane_total`` and ``balance``: the totals of the two-sided tables
# ---------------------------------------------------------------------------------------------

# The tables whose lanes the two-sided reader walks (rules/arithmetic.py `two_sided_plan`).
TWO_SIDED_TABLES = ("01", "04", "B01", "B04")
_LANE_OF = {v: k for k, v in LANE_NAMES.items()}
_SIDE = re.compile(r"^(收入方|支出方)\s*(.*)$")


def _entry_line(text: str, head: int, *needles: str) -> int:
    """The first line of the ``[[identity]]`` entry at `head` (up to the next ``[[identity]]``)
    containing every needle, else `head`."""
    lines = text.splitlines()
    for i in range(head, len(lines) + 1):
        line = lines[i - 1]
        if i > head and line.strip() == "[[identity]]":
            break
        if all(n in line for n in needles):
            return i
    return head


def _two_sided_tables(path: Path, text: str, entry: dict[str, Any], rid: str, table: str | None) -> list[str]:
    """The tables of a ``lane_total`` / ``balance``: two-sided tables the lane reader walks."""
    tables = _row_tables(path, text, entry, rid, table)
    for t in tables:
        if t not in TWO_SIDED_TABLES:
            raise _fail(
                path,
                _line(text, "tables") if "tables" in entry else _line(text, "table"),
                f"{rid}：{table_words(t)}不是收支总表（lane_total、balance 只用于 {'、'.join(TWO_SIDED_TABLES)} 表）",
            )
    return tables


def _lane_totals(path: Path, text: str, head: int, rid: str, value: Any) -> tuple[str, ...]:
    """``lane_total = { income = "总计 = 本年收入合计 + 结转结余等调整项目", expense = … }``: the lanes."""
    where = _entry_line(text, head, "lane_total")
    if not isinstance(value, dict) or not value:
        raise _fail(
            path,
            where,
            f'{rid} 的 lane_total 须为按收支方分写的表，如 {{ income = "总计 = 本年收入合计 + {ADJUSTMENT_ROWS}" }}',
        )
    lanes: list[str] = []
    for lane, expr in value.items():
        at = _entry_line(text, head, lane, "=")
        if lane not in LANE_NAMES:
            raise _fail(path, at, f"{rid} 的 lane_total：未知的一方“{lane}”（须为 {tuple(LANE_NAMES)} 之一）")
        form = f"总计 = {SUBTOTAL_KEYS[lane]} + {ADJUSTMENT_ROWS}"
        if not isinstance(expr, str):
            raise _fail(path, at, f"{rid} 的 lane_total.{lane} 须为字符串“{form}”")
        try:
            total, parts = parse_expression(expr)
        except ValueError as exc:
            raise _fail(path, at, f"{rid} 的 lane_total.{lane}“{expr}”：{exc}") from None
        wanted = (BALANCE_ROW, SUBTOTAL_KEYS[lane], ADJUSTMENT_ROWS)
        for name, known in zip((total, *(c for c, _ in parts)), wanted, strict=False):
            if name != known:
                raise _fail(
                    path,
                    at,
                    f"{rid}：{LANE_NAMES[lane]}没有“{name}”行可用于 lane_total（须写“{form}”）",
                )
        if len(parts) != 2 or any(sign != 1 for _, sign in parts):
            raise _fail(path, at, f"{rid} 的 lane_total.{lane} 须写“{form}”")
        lanes.append(lane)
    return tuple(lanes)


def _balance(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any], tables: list[str]
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """``balance = "收入方总计 = 支出方总计"`` (and ``balance_columns``): the (left, right) lanes and
    the column each lane is read in when it prints it."""
    value = entry["balance"]
    where = _entry_line(text, head, "balance")
    form = f"收入方{BALANCE_ROW} = 支出方{BALANCE_ROW}"
    if not isinstance(value, str) or value.count("=") != 1:
        raise _fail(path, where, f"{rid} 的 balance 须为“{form}”的形式")
    lanes: list[str] = []
    for side in (s.strip() for s in value.split("=")):
        match = _SIDE.match(side)
        if match is None:
            raise _fail(path, where, f"{rid} 的 balance：“{side}”须以“收入方”或“支出方”开头，如“{form}”")
        if match.group(2) != BALANCE_ROW:
            raise _fail(
                path,
                where,
                f"{rid}：{match.group(1)}没有“{match.group(2)}”行可用于 balance（可用：{BALANCE_ROW}）",
            )
        lanes.append(_LANE_OF[match.group(1)])
    if lanes[0] == lanes[1]:
        raise _fail(path, where, f"{rid} 的 balance 须比对两方：“{form}”")
    columns = entry.get("balance_columns", {})
    at = _entry_line(text, head, "balance_columns")
    if not isinstance(columns, dict):
        raise _fail(path, at, f'{rid} 的 balance_columns 须为按收支方分写的栏目，如 {{ expense = "合计" }}')
    for lane, column in columns.items():
        if lane not in lanes:
            raise _fail(path, at, f"{rid} 的 balance_columns：未知的一方“{lane}”（须为 {tuple(lanes)} 之一）")
        for t in tables:
            schema = TABLE_SCHEMAS[t]
            allowed = schema.lane_columns[schema.lanes.index(lane)]
            if column not in allowed:
                raise _fail(
                    path,
                    at,
                    f"{rid}：{table_words(t)}{LANE_NAMES[lane]}没有“{column}”栏（可用：{'、'.join(allowed)}）",
                )
    return tuple(lanes), tuple((str(k), str(v)) for k, v in columns.items())


def _lane_total_example(
    path: Path, rid: str, entry: Any, lanes: tuple[str, ...], line: int
) -> LaneTotalExample:
    """A ``lane_total`` example: expect, the lane (default the first declared), total, subtotal or
    items (no 本年合计 row), adjustments (default none), figures as printed."""
    keys = {"expect", "lane", "total", "subtotal", "items", "adjustments"}
    if (
        not isinstance(entry, dict)
        or set(entry) - keys
        or not {"expect", "total"} <= set(entry)
        or ("subtotal" in entry) == ("items" in entry)
    ):
        raise _fail(
            path,
            line,
            f"{rid} 的示例须含 expect、total（总计）、subtotal（本年合计）或 items（无本年合计行时的各明细行）"
            "，可加 adjustments（调整项目各行）与 lane",
        )
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    lane = entry.get("lane", lanes[0])
    if lane not in lanes:
        raise _fail(
            path, line, f"{rid} 的示例 lane={lane!r} 不是 lane_total 所写的一方（{'、'.join(lanes)}）"
        )
    items = entry.get("items", [])
    adjustments = entry.get("adjustments", [])
    if not all(isinstance(entry.get(k, ""), str) for k in ("total", "subtotal")) or not all(
        isinstance(x, list) and all(isinstance(v, str) for v in x) for x in (items, adjustments)
    ):
        raise _fail(
            path, line, f'{rid} 的示例数值须按印刷样式写成字符串（items、adjustments 为其列表），如 "201.56"'
        )
    if "items" in entry and not items:
        raise _fail(path, line, f"{rid} 的示例 items 不能为空")
    return LaneTotalExample(
        entry["expect"], lane, entry["total"], entry.get("subtotal"), tuple(items), tuple(adjustments), line
    )


def _balance_example(path: Path, rid: str, entry: Any, lanes: tuple[str, ...], line: int) -> BalanceExample:
    """A ``balance`` example: expect and each lane's 总计 as printed (income = …, expense = …)."""
    if not isinstance(entry, dict) or set(entry) != {"expect", *lanes}:
        raise _fail(
            path, line, f"{rid} 的示例须含 expect、{lanes[0]} 与 {lanes[1]}（两方总计的印刷数值）三项"
        )
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    if not all(isinstance(entry[k], str) for k in lanes):
        raise _fail(path, line, f'{rid} 的示例两方总计须按印刷样式写成字符串，如 "201.56"')
    return BalanceExample(entry["expect"], entry[lanes[0]], entry[lanes[1]], line)


def _two_sided(
    path: Path,
    text: str,
    entry: dict[str, Any],
    rid: str,
    family: str,
    table: str | None,
    head: int,
    example_lines: Any,
) -> tuple[TwoSidedIdentity, dict[str, Any]]:
    """One ``[[identity]]`` with ``lane_total`` or ``balance``, validated against the tables' lanes."""
    others = [k for k in ("each_row", "lane_sum", "each_column", "groups", "lane") if k in entry]
    if ("lane_total" in entry) == ("balance" in entry) or others:
        raise _fail(
            path,
            head,
            f"{rid}：lane_total 与 balance 只写其一，且不与 {'、'.join(others) or 'each_row 等'} 同写",
        )
    if "balance_columns" in entry and "balance" not in entry:
        raise _fail(
            path, _entry_line(text, head, "balance_columns"), f"{rid}：balance_columns 只与 balance 同写"
        )
    tables = _two_sided_tables(path, text, entry, rid, table)
    columns: tuple[tuple[str, str], ...] = ()
    if "lane_total" in entry:
        form, lanes = "lane_total", _lane_totals(path, text, head, rid, entry["lane_total"])
    else:
        form = "balance"
        lanes, columns = _balance(path, text, head, rid, entry, tables)
    for key in ("message", "rounding_message"):
        if key in entry:
            if not isinstance(entry[key], str):
                raise _fail(path, _line(text, key), f"{rid} 的 {key} 须为字符串")
            _check_template(path, text, key, entry[key])
    examples: list[LaneTotalExample | BalanceExample] = []
    for e in _examples(path, text, rid, entry):
        line = next(example_lines, 1)
        if form == "lane_total":
            examples.append(_lane_total_example(path, rid, e, lanes, line))
        else:
            examples.append(_balance_example(path, rid, e, lanes, line))
    fields = _spec_fields(path, text, rid, entry, family, tables)
    ident = TwoSidedIdentity(
        RuleSpec(id=rid, **fields), form, f"{path}:{head}", lanes, columns, tuple(examples)
    )
    return ident, fields


# ---------------------------------------------------------------------------------------------
# ``each_column`` options: ``row_aliases`` and ``require_all_rows``
# ---------------------------------------------------------------------------------------------


def _column_options(
    path: Path,
    text: str,
    head: int,
    rid: str,
    entry: dict[str, Any],
    tables: list[str],
    column_sums: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], bool]:
    """``row_aliases = { "合计" = ["政府采购合计"] }`` (other labels a row of the ``each_column`` is
    printed under, rows of the tables' schema) and ``require_all_rows = true`` (a sum only when every
    row it names is read); both only beside ``each_column``."""
    keys = [k for k in ("row_aliases", "require_all_rows") if k in entry]
    if not keys:
        return (), False
    if not column_sums:
        raise _fail(path, _entry_line(text, head, keys[0]), f"{rid}：{keys[0]} 只与 each_column 同写")
    require = entry.get("require_all_rows", False)
    if not isinstance(require, bool):
        raise _fail(
            path, _entry_line(text, head, "require_all_rows"), f"{rid} 的 require_all_rows 须为 true 或 false"
        )
    aliases = entry.get("row_aliases", {})
    where = _entry_line(text, head, "row_aliases")
    named = {name for total, parts in column_sums for name in (total, *parts)}
    if not isinstance(aliases, dict):
        raise _fail(
            path,
            where,
            f'{rid} 的 row_aliases 须为“行名 = [别名, …]”的表，如 {{ "合计" = ["政府采购合计"] }}',
        )
    out: list[tuple[str, tuple[str, ...]]] = []
    for name, others in aliases.items():
        at = _entry_line(text, head, name) if where == head else where
        if name not in named:
            raise _fail(path, at, f"{rid} 的 row_aliases：“{name}”不是 each_column 中的行")
        if not isinstance(others, list) or not others or not all(isinstance(o, str) and o for o in others):
            raise _fail(path, at, f'{rid} 的 row_aliases 中“{name}”的别名须为行名列表，如 ["政府采购合计"]')
        _named_rows(path, text, rid, "row_aliases", tables, list(others))
        out.append((str(name), tuple(others)))
    return tuple(out), require
