"""The ``[[code_sum]]`` forms: a row against the Σ of the code rows under it (合计 = Σ 顶层科目,
上级科目 = Σ 下级科目, 06表 totals = Σ 经济分类类级, a B09 lane's tree, 所属行 = Σ 明细行).

Part of the declaration loader (rules/identities/declarations.py holds the files' vocabulary,
dataclasses and `parse_file`, which calls the parser of each kind).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.schema import FINAL_ACCOUNT_TABLES
from rules.catalog import RuleSpec
from rules.identities.declarations import (
    _CODE_SUM_OPTIONAL,
    _CODE_SUM_REQUIRED,
    CODE_SUMS,
    CODED_LANE_TABLES,
    ECON_CLASS_SUM,
    ECON_CLASS_TOTALS,
    EXPECTS,
    LANE_TREE_SUM,
    TABLE_SCHEMAS,
    CodeRowsExample,
    CodeSum,
    _check_head,
    _check_template,
    _entry_key_line,
    _examples,
    _fail,
    _line,
    _spec_fields,
    table_words,
)


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


def parse_code_sums(path: Path, text: str, entries: Any) -> list[tuple[dict[str, Any], CodeSum]]:
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
