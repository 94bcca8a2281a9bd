"""The ``[[identity]]`` forms: ``each_row``, ``lane_sum``, ``each_column`` (with ``row_aliases`` /
``require_all_rows``), ``groups``, ``lane_total`` and ``balance``, validated against the table schema.

Part of the declaration loader (rules/identities/declarations.py holds the files' vocabulary,
dataclasses and `parse_file`, which calls the parser of each kind).
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ingest.performance import FORM_SCHEMA
from rules.catalog import RuleSpec
from rules.identities.declarations import (
    _KNOWN_IDENTITY_TABLES,
    _LANE_PREFIX,
    ADJUSTMENT_ROWS,
    BALANCE_ROW,
    CODED_BALANCE_ROW,
    CODED_LANE_TABLES,
    EXPECTS,
    FORM_SCHEMAS,
    INDICATOR_COLUMNS,
    INDICATOR_GROUP_SUM,
    INDICATOR_SUMS,
    INDICATOR_TOTAL_SUM,
    LANE_NAMES,
    TABLE_SCHEMAS,
    UNIT_SUM,
    UNIT_SUM_TABLES,
    BalanceExample,
    Example,
    LaneTotalExample,
    RowForm,
    RowIdentity,
    TwoSidedIdentity,
    _check_template,
    _examples,
    _fail,
    _key_line,
    _line,
    _spec_fields,
    parse_expression,
    schema_of,
    table_words,
)
from rules.identities.equality_forms import _condition
from rules.reading import SUBTOTAL_KEYS


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
        if t not in TABLE_SCHEMAS and t not in FORM_SCHEMAS:
            at = _key_line(text, t) if isinstance(entry.get("each_row"), dict) else where
            raise _fail(path, at, f"{rid}：未知的表 {t!r}（可用：{_KNOWN_IDENTITY_TABLES}）")
    if len(set(tables)) != len(tables):
        raise _fail(path, where, f"{rid} 的 tables 中有重复的表")
    return tables


def _lane_of(path: Path, where: int, rid: str, tid: str, lane: str | None) -> tuple[str, ...]:
    """The columns an identity may name on `tid` (one lane's when `lane` is given)."""
    schema = schema_of(tid)
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
                f"{rid}：{table_words(tid)}（{schema_of(tid).title}）{LANE_NAMES.get(lane or '', '')}"
                f"没有“{col}”栏（可用：{'、'.join(columns)}）",
            )
    if len({c for c, _ in parts} | {total}) != len(parts) + 1:
        raise _fail(path, where(expr), f"{rid} 的 each_row 中有重复的栏目")
    return RowForm(tid, total, parts, lane)


def _named_rows(path: Path, text: str, rid: str, key: str, tables: list[str], names: list[str]) -> None:
    """Rows named by label (``each_column``, ``groups``) must be rows the tables' schema lists."""
    for tid in tables:
        known = schema_of(tid).rows
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
        if "*" in total:
            raise _fail(path, where, f"{rid} 的 each_column“{expr}”：合计行须写行名，样式（*）只用于相加的行")
        if len({c for c, _ in parts} | {total}) != len(parts) + 1:
            raise _fail(path, where, f"{rid} 的 each_column 中有重复的行")
        _named_rows(path, text, rid, "each_column", tables, [total, *(c for c, _ in parts)])
        out.append((total, tuple(c for c, _ in parts)))
    return tuple(out)


def parse_row_identity(
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
    if "indicator_sum" in entry:
        return parse_indicator_sum(path, text, entry, rid, family, table, head, example_lines)
    if "unit_sum" in entry:
        return parse_unit_sum(path, text, entry, rid, family, table, head, example_lines)
    if "require_money_column" in entry:
        raise _fail(
            path,
            _entry_line(text, head, "require_money_column"),
            f"{rid}：require_money_column 只与 indicator_sum 同写",
        )
    tables = _row_tables(path, text, entry, rid, table)
    kinds = [k for k in ("each_row", "lane_sum", "each_column") if k in entry]
    if (
        (len(kinds) > 1 and kinds != ["each_row", "each_column"])
        or (not kinds and "groups" not in entry)
        or ("groups" in entry and kinds not in ([], ["each_row"]))
    ):
        raise _fail(
            path,
            head,
            f"{rid} 须写 each_row（逐行恒等式）、lane_sum（收支一方的合计行）、each_column（逐栏：行 = 行 + 行）、"
            "lane_total（收支各方的总计）或 balance（收支两方总计相等）之一（groups 可与 each_row 同写，"
            "each_row 可与 each_column 同写）",
        )
    if "groups" in entry and any(t in FORM_SCHEMAS for t in tables):
        raise _fail(path, _line(text, "groups"), f"{rid}：绩效自评表不能写 groups")
    lane = entry.get("lane")
    if lane is not None and lane not in LANE_NAMES:
        raise _fail(path, _line(text, "lane"), f"{rid} 的 lane 须为 {tuple(LANE_NAMES)} 之一")
    forms: list[RowForm] = []
    if "each_row" in entry:
        rows = entry["each_row"]
        mapped = isinstance(rows, dict)
        if isinstance(rows, list):  # several identities on every row (of every table named)
            if not rows:
                raise _fail(path, _line(text, "each_row"), f"{rid} 的 each_row 列表不能为空")
            forms = [_row_form(path, text, rid, tid, expr, lane, False) for tid in tables for expr in rows]
        else:
            exprs = rows if mapped else dict.fromkeys(tables, rows)
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
    summed = _summed_columns(path, text, head, rid, entry, tables, column_sums)
    groups: tuple[str, ...] = ()
    if "groups" in entry:
        names = entry["groups"]
        if not isinstance(names, list) or not names or not all(isinstance(g, str) and g for g in names):
            raise _fail(
                path, _line(text, "groups"), f'{rid} 的 groups 须为类级行名的列表，如 ["工资福利支出"]'
            )
        _named_rows(path, text, rid, "groups", tables, names)
        groups = tuple(names)
    examples = _templates_and_examples(path, text, entry, rid)
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
        columns=summed,
    )
    return ident, fields


def _summed_columns(
    path: Path,
    text: str,
    head: int,
    rid: str,
    entry: dict[str, Any],
    tables: list[str],
    column_sums: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[str, ...]:
    """``columns = ["全年预算数*", "资金结余"]``: the columns an ``each_column`` sums (names or patterns,
    each matching a column of every table's schema); without it, every column the rows print."""
    if "columns" not in entry:
        return ()
    where = _entry_line(text, head, "columns")
    if not column_sums:
        raise _fail(path, where, f"{rid}：columns 只与 each_column 同写")
    value = entry["columns"]
    if not isinstance(value, list) or not value or not all(isinstance(c, str) and c.strip() for c in value):
        raise _fail(path, where, f'{rid} 的 columns 须为栏目名或样式的列表，如 ["全年预算数*", "资金结余"]')
    for tid in tables:
        known = _lane_of(path, where, rid, tid, None)
        for pattern in value:
            if not any(fnmatchcase(c, pattern) for c in known):
                raise _fail(
                    path,
                    _entry_line(text, head, pattern),
                    f"{rid} 的 columns：“{pattern}”不是{table_words(tid)}的栏目（可用：{'、'.join(known)}）",
                )
    return tuple(value)


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
    patterns = [n for n in named if "*" in n]
    for name, value in column.items():
        if name not in named and not any(fnmatchcase(name, p) for p in patterns):
            raise _fail(path, line, f"{rid} 的示例中的行“{name}”不在 each_column 中")
        if not isinstance(value, str):
            raise _fail(path, line, f'{rid} 的示例中“{name}”的数值须按印刷样式写成字符串，如 "4.22"')
    return Example(entry["expect"], tuple((str(k), v) for k, v in column.items()), line, down=True)


def _two_sided_tables(path: Path, text: str, entry: dict[str, Any], rid: str, table: str | None) -> list[str]:
    """The tables of a ``lane_total`` / ``balance``: two-sided tables the lane reader walks."""
    tables = _row_tables(path, text, entry, rid, table)
    allowed = (*TWO_SIDED_TABLES, *CODED_LANE_TABLES) if "balance" in entry else TWO_SIDED_TABLES
    coded = [t in CODED_LANE_TABLES for t in tables]
    for t in tables:
        if t not in allowed or (any(coded) and not all(coded)):
            raise _fail(
                path,
                _line(text, "tables") if "tables" in entry else _line(text, "table"),
                f"{rid}：{table_words(t)}不是收支总表（lane_total 只用于 {'、'.join(TWO_SIDED_TABLES)} 表；"
                f"balance 用于这些表，或单独用于 {'、'.join(CODED_LANE_TABLES)} 表）",
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
    coded = tables[0] in CODED_LANE_TABLES  # B09: each lane's 合计 row, both columns named
    total_row = CODED_BALANCE_ROW if coded else BALANCE_ROW
    form = f"收入方{total_row} = 支出方{total_row}"
    if not isinstance(value, str) or value.count("=") != 1:
        raise _fail(path, where, f"{rid} 的 balance 须为“{form}”的形式")
    lanes: list[str] = []
    for side in (s.strip() for s in value.split("=")):
        match = _SIDE.match(side)
        if match is None:
            raise _fail(path, where, f"{rid} 的 balance：“{side}”须以“收入方”或“支出方”开头，如“{form}”")
        if match.group(2) != total_row:
            raise _fail(
                path,
                where,
                f"{rid}：{match.group(1)}没有“{match.group(2)}”行可用于 balance（可用：{total_row}）",
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
    if coded and set(columns) != set(lanes):
        raise _fail(
            path,
            at if "balance_columns" in entry else where,
            f'{rid}：{table_words(tables[0])}的 balance 须以 balance_columns 写明两方各比对哪一栏，如 {{ income = "国有资本经营预算", expense = "合计" }}',
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


def parse_two_sided(
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
    when = ""
    if "when" in entry:
        if form != "balance" or tables[0] not in CODED_LANE_TABLES:
            raise _fail(
                path,
                _entry_line(text, head, "when"),
                f"{rid}：when 只与 {'、'.join(CODED_LANE_TABLES)} 表的 balance 同写",
            )
        when = _condition(path, _entry_line(text, head, "when"), rid, "when", entry["when"], tuple(tables))
    fields = _spec_fields(path, text, rid, entry, family, tables)
    ident = TwoSidedIdentity(
        RuleSpec(id=rid, **fields), form, f"{path}:{head}", lanes, columns, tuple(examples), when
    )
    return ident, fields


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


FORM_SCHEMA_ID = FORM_SCHEMA.id


def parse_indicator_sum(
    path: Path,
    text: str,
    entry: dict[str, Any],
    rid: str,
    family: str,
    table: str | None,
    head: int,
    example_lines: Any,
) -> tuple[RowIdentity, dict[str, Any]]:
    """``indicator_sum`` on the 绩效自评表 (table "P"): one of INDICATOR_SUMS, in the indicator block's
    ``columns`` (分值, 得分), ``require_money_column`` beside “总分 = …”; examples give the figures
    (``group`` / ``total``, ``money``, ``indicators``)."""
    tables = _alone(path, text, entry, rid, table, head, "indicator_sum")
    at = _entry_line(text, head, "indicator_sum")
    if tables != [FORM_SCHEMA_ID]:
        raise _fail(path, at, f'{rid}：indicator_sum 只用于绩效自评表（table = "{FORM_SCHEMA_ID}"）')
    kind = entry["indicator_sum"]
    if kind not in INDICATOR_SUMS:
        raise _fail(
            path, at, f"{rid} 的 indicator_sum 须为 {'、'.join(f'“{k}”' for k in INDICATOR_SUMS)} 之一"
        )
    columns = entry.get("columns")
    where = _entry_line(text, head, "columns")
    if not isinstance(columns, list) or not columns or not all(c in INDICATOR_COLUMNS for c in columns):
        raise _fail(
            path, where, f'{rid} 的 columns 须为指标栏目的列表（{"、".join(INDICATOR_COLUMNS)}），如 ["分值"]'
        )
    require = entry.get("require_money_column", False)
    if not isinstance(require, bool) or (require and kind != INDICATOR_TOTAL_SUM):
        raise _fail(
            path,
            _entry_line(text, head, "require_money_column"),
            f"{rid} 的 require_money_column 须为 true 或 false，且只与“{INDICATOR_TOTAL_SUM}”同写",
        )
    examples = _templates_and_examples(path, text, entry, rid)
    parsed = [_indicator_example(path, rid, kind, e, next(example_lines, 1)) for e in examples]
    return _reader_sum(
        path,
        text,
        entry,
        rid,
        family,
        tables,
        head,
        parsed,
        columns,
        indicator_sum=kind,
        require_money_column=require,
    )


def _indicator_example(path: Path, rid: str, kind: str, entry: Any, line: int) -> Example:
    """An ``indicator_sum`` example: ``group`` (“一级指标 = …”) or ``total`` and ``money`` (“总分 = …”),
    and ``indicators``, figures as printed; they stand in the sum's first column."""
    head = "group" if kind == INDICATOR_GROUP_SUM else "total"
    allowed = {"expect", head, "indicators"} | ({"money"} if kind == INDICATOR_TOTAL_SUM else set())
    if (
        not isinstance(entry, dict)
        or set(entry) - allowed
        or not {"expect", head, "indicators"} <= set(entry)
    ):
        raise _fail(
            path,
            line,
            f"{rid} 的示例须含 expect、{head} 与 indicators" + ("（可加 money）" if head == "total" else ""),
        )
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    items = entry["indicators"]
    figures = [entry[head], *([entry["money"]] if "money" in entry else [])]
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in [*items, *figures]):
        raise _fail(path, line, f'{rid} 的示例数值须按印刷样式写成字符串，indicators 为列表，如 ["20", "30"]')
    row = ((head, entry[head]), *((("money", entry["money"]),) if "money" in entry else ()))
    return Example(entry["expect"], row, line, tuple(items))


def _templates_and_examples(path: Path, text: str, entry: dict[str, Any], rid: str) -> list[Any]:
    """An [[identity]]'s ``message`` / ``rounding_message`` checked, and its examples (unparsed)."""
    for key in ("message", "rounding_message"):
        if key in entry:
            if not isinstance(entry[key], str):
                raise _fail(path, _line(text, key), f"{rid} 的 {key} 须为字符串")
            _check_template(path, text, key, entry[key])
    examples = entry.get("example", [])
    if not isinstance(examples, list):
        raise _fail(path, _line(text, "example"), f"{rid} 的示例须写成 [[identity.example]]")
    return examples


def parse_unit_sum(
    path: Path,
    text: str,
    entry: dict[str, Any],
    rid: str,
    family: str,
    table: str | None,
    head: int,
    example_lines: Any,
) -> tuple[RowIdentity, dict[str, Any]]:
    """``unit_sum`` on the 项目支出预算表 (B12/B13): UNIT_SUM in ``columns`` (columns of the tables'
    schema); examples give the unit row and its projects as printed (``unit``, ``projects``)."""
    tables = _alone(path, text, entry, rid, table, head, "unit_sum")
    at = _entry_line(text, head, "unit_sum")
    if any(t not in UNIT_SUM_TABLES for t in tables):
        raise _fail(path, at, f"{rid}：unit_sum 只用于项目支出预算表（{'、'.join(UNIT_SUM_TABLES)}）")
    if entry["unit_sum"] != UNIT_SUM:
        raise _fail(path, at, f"{rid} 的 unit_sum 须为“{UNIT_SUM}”")
    columns = entry.get("columns")
    where = _entry_line(text, head, "columns")
    for tid in tables:
        known = _lane_of(path, where, rid, tid, None)
        if not isinstance(columns, list) or not columns or not all(c in known for c in columns):
            raise _fail(
                path,
                where,
                f'{rid} 的 columns 须为{table_words(tid)}的栏目列表（可用：{"、".join(known)}），如 ["合计"]',
            )
    parsed: list[Example] = []
    for e in _templates_and_examples(path, text, entry, rid):
        line = next(example_lines, 1)
        if not isinstance(e, dict) or set(e) != {"expect", "unit", "projects"}:
            raise _fail(
                path,
                line,
                f"{rid} 的示例须含 expect、unit（单位行的数值）与 projects（其下各项目的数值）三项",
            )
        if e["expect"] not in EXPECTS:
            raise _fail(path, line, f"{rid} 的示例 expect={e['expect']!r} 不是 {EXPECTS} 之一")
        items = e["projects"]
        if (
            not isinstance(e["unit"], str)
            or not isinstance(items, list)
            or not items
            or not all(isinstance(v, str) for v in items)
        ):
            raise _fail(
                path, line, f'{rid} 的示例数值须按印刷样式写成字符串，projects 为列表，如 ["50.00", "60.00"]'
            )
        parsed.append(Example(e["expect"], (("unit", e["unit"]),), line, tuple(items)))
    return _reader_sum(path, text, entry, rid, family, tables, head, parsed, columns, unit_sum=True)


# The shapes an [[identity]] that sums the rows a reader finds (indicator_sum, unit_sum) stands apart from
# (the other reader sum's keys among them).
_ROW_SHAPES = ("each_row", "lane_sum", "each_column", "groups", "lane", "row_aliases", "require_all_rows")
_READER_KEYS = {"indicator_sum": ("require_money_column",), "unit_sum": ()}


def _alone(
    path: Path, text: str, entry: dict[str, Any], rid: str, table: str | None, head: int, key: str
) -> list[str]:
    """The tables of a reader sum (`key`), refused beside any other shape of identity."""
    tables = _row_tables(path, text, entry, rid, table)
    alien = (k for reader, own in _READER_KEYS.items() if reader != key for k in (reader, *own))
    others = [k for k in (*_ROW_SHAPES, *alien) if k in entry]
    if others:
        raise _fail(path, _entry_line(text, head, others[0]), f"{rid}：{key} 不与 {others[0]} 同写")
    return tables


def _reader_sum(
    path: Path,
    text: str,
    entry: dict[str, Any],
    rid: str,
    family: str,
    tables: list[str],
    head: int,
    examples: list[Example],
    columns: Any,
    **shape: Any,
) -> tuple[RowIdentity, dict[str, Any]]:
    """The RowIdentity of a reader sum (its `shape`: indicator_sum …, unit_sum) and its catalog fields."""
    fields = _spec_fields(path, text, rid, entry, family, tables)
    ident = RowIdentity(
        spec=RuleSpec(id=rid, **fields),
        table=tables[0],
        total="",
        parts=(),
        source=f"{path}:{head}",
        examples=tuple(examples),
        columns=tuple(columns),
        **shape,
    )
    return ident, fields
