"""The ``[[equality]]`` form: a cell (or each 类, each 科目, or pairs of cells) of one table against
another's, with ``relation``, ``skip_blank``, ``empty_is_zero``, ``when`` …, validated against the
table schema.

Part of the declaration loader (rules/identities/declarations.py holds the files' vocabulary,
dataclasses and `parse_file`, which calls the parser of each kind).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ingest.schema import FINAL_ACCOUNT_TABLES
from rules.catalog import RuleSpec
from rules.identities.declarations import (
    _EQUALITY_FIELDS,
    _EQUALITY_OPTIONAL,
    _EQUALITY_REQUIRED,
    BOUND_RELATIONS,
    BUDGET_CONDITIONS,
    CLASS_CODE_TABLES,
    CONDITION_READS,
    CONDITIONS,
    EACH_FORMS,
    EXPECTS,
    RELATIONS,
    TABLE_SCHEMAS,
    CellEquality,
    CellSide,
    PairExample,
    _check_head,
    _check_template,
    _entry_key_line,
    _examples,
    _fail,
    _life,
    _line,
    _side,
    table_words,
    template_fields,
)

# How a refusal names the code tables an ``each`` side may name.
_CODE_TABLE_WORDS = "、".join(table_words(t) for t in CLASS_CODE_TABLES)


def parse_equalities(path: Path, text: str, entries: Any) -> list[tuple[dict[str, Any], CellEquality]]:
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
        for key in ("enabled", "skip_blank", "read_empty", "skip_unprinted"):
            if (
                key in entry
                and not isinstance(entry[key], bool)
                and (key, entry[key]) != ("skip_blank", "right")
            ):
                what = (
                    'true、false 或 "right"（只在右侧单元格未填列时不核对）'
                    if key == "skip_blank"
                    else "true 或 false"
                )
                raise _fail(path, _line(text, key), f"{rid} 的 {key} 须为 {what}")
        empty_note = entry.get("empty_note", "")
        if "empty_note" in entry and (
            not isinstance(empty_note, str)
            or not empty_note.strip()
            or template_fields(empty_note) - {"table"}
        ):
            raise _fail(
                path,
                _entry_key_line(text, head, "empty_note"),
                f'{rid} 的 empty_note 须为右侧表为空表时的说明，如 "{{table}}为空表。"（可用字段：table）',
            )
        relation = _relation(path, text, head, rid, entry)
        template = entry.get("message", RELATIONS[relation])
        _check_template(path, text, "message", template, _EQUALITY_FIELDS)
        pairs: tuple[tuple[CellSide, CellSide], ...] = ()
        if "pairs" in entry and entry.get("each") in ("类", "栏"):  # the pairs first, then each
            pairs = _pairs(
                path,
                text,
                head,
                rid,
                {k: v for k, v in entry.items() if k not in ("left", "right", "each", "require_column")},
            )
            left, right = _each_sides(path, text, head, rid, entry)
        elif "pairs" in entry:
            pairs = _pairs(path, text, head, rid, entry)
            left, right = pairs[0]
        elif "each" in entry or "require_column" in entry:
            left, right = _each_sides(path, text, head, rid, entry)
        else:
            left = _side(path, text, rid, "left", entry["left"])
            right = _side(path, text, rid, "right", entry["right"])
        tables = tuple(
            dict.fromkeys(x.table for pair in (*pairs, (left, right)) for s in pair for x in (s, *s.plus))
        )
        if "tables" in entry:  # the order the catalog lists (and sorts) the rule's tables in
            listed = entry["tables"]
            conditions = [entry.get(k) for k in ("when", "equal_when")] + [
                p.get("when") for p in entry.get("pairs", ()) if isinstance(p, dict)
            ]
            read = {t for c in conditions if isinstance(c, str) for t in CONDITION_READS.get(c, ())}
            plus = entry.get("equal_plus", [])  # tables added where a condition holds: optional
            read |= {v["table"] for v in plus if isinstance(v, dict) and isinstance(v.get("table"), str)}
            if (
                not isinstance(listed, list)
                or not all(isinstance(t, str) for t in listed)
                or len(set(listed)) != len(listed)
                or not set(tables) <= set(listed) <= set(tables) | read
            ):
                raise _fail(
                    path,
                    _entry_key_line(text, head, "tables"),
                    f"{rid} 的 tables 须列出两侧所用的表（{'、'.join(tables)}），只定先后"
                    "（可加其条件所读的表，规则即需要这些表）",
                )
            tables = tuple(listed)
        if "empty_is_zero" in entry and not isinstance(entry["empty_is_zero"], bool):
            raise _fail(
                path,
                _entry_key_line(text, head, "empty_is_zero"),
                f"{rid} 的 empty_is_zero 须为 true 或 false",
            )
        columns = _code_columns(path, text, head, rid, entry) if entry.get("each") == "科目" else ()
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
            entry.get("skip_blank", False) is True,
            str(entry.get("note", "")),
            tuple(
                _pair_example(path, rid, e, next(example_lines, 1)) for e in _examples(path, text, rid, entry)
            ),
            each=entry.get("each", ""),
            require_column=entry.get("require_column", False),
            pairs=pairs,
            pair_skip_blank=tuple(bool(p.get("skip_blank", False)) for p in entry.get("pairs", ())),
            pair_when=tuple(str(p.get("when", "")) for p in entry.get("pairs", ())),
            pair_note=tuple(str(p.get("note", "")) for p in entry.get("pairs", ())),
            empty_is_zero=entry.get("empty_is_zero", False),
            relation=relation,
            when=_when(path, text, head, rid, entry, tables),
            equal_when=_equal_when(path, text, head, rid, entry, tables, relation),
            equal_note=str(entry.get("equal_note", "")),
            read_empty=entry.get("read_empty", False),
            skip_unprinted=entry.get("skip_unprinted", False),
            skip_blank_right=entry.get("skip_blank") == "right",
            empty_note=empty_note,
            columns=columns,
            equal_plus=_equal_plus(path, text, head, rid, entry, right, columns),
            **_otherwise(path, text, head, rid, entry, right),
            **_require(path, text, head, rid, entry, tables),
        )
        if "columns" in entry and eq.each != "科目":
            raise _fail(
                path, _entry_key_line(text, head, "columns"), f'{rid} 的 columns 只与 each = "科目" 同写'
            )
        if any(s.codes or s.words for pair in pairs or ((left, right),) for s in pair) and eq.each:
            raise _fail(path, head, f"{rid}：codes、words 不能与 each 同写")
        if not eq.equal_when and any(e.condition for e in eq.examples):
            raise _fail(path, head, f"{rid} 的示例写了 condition，但本规则没有 equal_when 条件")
        out.append((fields, eq))
    return out


def _relation(path: Path, text: str, head: int, rid: str, entry: dict[str, Any]) -> str:
    """``relation``: "=" (default) or "<=" (left ≤ right), not with ``each``."""
    relation = entry.get("relation", "=")
    where = _entry_key_line(text, head, "relation")
    if relation not in RELATIONS:
        raise _fail(
            path, where, f'{rid} 的 relation 须为 "="、"<="（左侧不大于右侧）或 ">="（左侧不小于右侧）'
        )
    if relation != "=" and "each" in entry and entry.get("each") != "科目":
        raise _fail(
            path,
            where,
            f'{rid} 的 relation = "{relation}" 只与 each = "科目" 同写（逐类、逐栏比对只核对相等）',
        )
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
        or not all(
            isinstance(p, dict)
            and {"left", "right"} <= set(p) <= {"left", "right", "skip_blank", "when", "note"}
            and isinstance(p.get("skip_blank", False), bool)
            and isinstance(p.get("note", ""), str)
            for p in pairs
        )
    ):
        raise _fail(
            path,
            where,
            f"{rid} 的 pairs 须为 [{{ left = {{ table = …, row = …, column = … }}, right = {{ … }} }}, …] 的列表"
            "（一对可加 skip_blank = true、when = 条件、note = 说明）",
        )
    out = tuple(
        (_side(path, text, rid, "pairs", p["left"]), _side(path, text, rid, "pairs", p["right"]))
        for p in pairs
    )
    for p, (left, right) in zip(pairs, out, strict=True):
        if "when" in p:
            _condition(path, where, rid, "when", p["when"], (left.table, right.table))
    return out


def _each_sides(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any]
) -> tuple[CellSide, CellSide]:
    """The sides of an ``each = "类"`` equality: left a two-sided table's expense lane and column
    (no row: its 类 rows), right a code table's column (no row: its 类, or their printed
    descendants); ``require_column`` only with ``each``."""
    each = entry.get("each")
    if each == "科目":
        return _code_sides(path, text, head, rid, entry)
    if each == "栏":
        return _column_sides(path, text, head, rid, entry)
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
            schema = TABLE_SCHEMAS.get(value.get("table"))  # type: ignore[arg-type]
            if two_sided and (schema is None or not schema.lanes or value.get("lane") != "expense"):
                raise _fail(
                    path, where, f'{rid} 的 left：逐类比对的左侧须为收支两方表的支出方（lane = "expense"）'
                )
            if not two_sided and value.get("table") not in CLASS_CODE_TABLES:
                raise _fail(
                    path,
                    where,
                    f"{rid} 的 right：逐类比对的右侧须为科目表（{_CODE_TABLE_WORDS}）",
                )
        sides.append(
            _side(path, text, rid, key, {**value, "row": "类"} if isinstance(value, dict) else value)
        )
    left, right = sides
    return left, right


def _column_sides(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any]
) -> tuple[CellSide, CellSide]:
    """The sides of an ``each = "栏"`` equality: left a two-sided table's lane and column (no row:
    the lane's rows named like a column of the right table), right a table's row (its column:
    the one named like each left row; ``column`` lists the columns it may be); no
    ``require_column``."""
    if "require_column" in entry:
        raise _fail(
            path,
            _entry_key_line(text, head, "require_column"),
            f'{rid} 的 require_column 只用于 each = "类"',
        )
    left, right = entry["left"], entry["right"]
    schema = TABLE_SCHEMAS.get(left.get("table")) if isinstance(left, dict) else None  # type: ignore[arg-type]
    if (
        not isinstance(left, dict)
        or schema is None
        or not schema.lanes
        or "row" in left
        or "lane" not in left
    ):
        raise _fail(
            path,
            _entry_key_line(text, head, "left"),
            f'{rid} 的 left：each = "栏" 的左侧须为收支两方表的一方与栏目（写 table、lane、column，不写 row）',
        )
    if not isinstance(right, dict) or "row" not in right:
        raise _fail(
            path,
            _entry_key_line(text, head, "right"),
            f'{rid} 的 right：each = "栏" 的右侧须写 table、row 与 column（所比对的栏目随左侧各行的名称而定）',
        )
    return (
        _side(path, text, rid, "left", {**left, "row": "栏"}),
        _side(path, text, rid, "right", right),
    )


def _code_sides(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any]
) -> tuple[CellSide, CellSide]:
    """The sides of an ``each = "科目"`` equality: two code tables' columns (no row: every code
    either prints, at 项 level when both print 项 rows, else at 类 level); no ``require_column``."""
    if "require_column" in entry:
        raise _fail(
            path,
            _entry_key_line(text, head, "require_column"),
            f'{rid} 的 require_column 只用于 each = "类"（逐科目比对的两侧都是科目表）',
        )
    columns = _code_columns(path, text, head, rid, entry)
    sides: list[CellSide] = []
    for n, key in enumerate(("left", "right")):
        where = _entry_key_line(text, head, key)
        value = entry[key]
        if columns and isinstance(value, dict):  # the first pair's column, the others checked below
            value = {**value, "column": columns[0][n]}
        if isinstance(value, dict) and ("row" in value or "text" in value or "lane" in value):
            raise _fail(
                path,
                where,
                f'{rid} 的 {key}：each = "科目" 时不写 row、text、lane（逐科目比对，各科目行即所比对的行）',
            )
        if isinstance(value, dict) and value.get("table") not in CLASS_CODE_TABLES:
            raise _fail(
                path,
                where,
                f"{rid} 的 {key}：逐科目比对的两侧须为科目表（{_CODE_TABLE_WORDS}）",
            )
        sides.append(
            _side(path, text, rid, key, {**value, "row": "科目"} if isinstance(value, dict) else value)
        )
    left, right = sides
    for pair in columns[1:]:  # every pair's columns, in the tables of their side
        for s, column in ((left, pair[0]), (right, pair[1])):
            _side(path, text, rid, "columns", {"table": s.table, "row": "科目", "column": column})
    return left, right


def _code_columns(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any]
) -> tuple[tuple[str, str], ...]:
    """``columns = [["本年支出合计", "合计"], …]`` of an ``each = "科目"`` equality: the (left, right)
    column pairs compared for every code, in order (the sides then name no column)."""
    if "columns" not in entry:
        return ()
    where = _entry_key_line(text, head, "columns")
    value = entry["columns"]
    if (
        not isinstance(value, list)
        or not value
        or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(c, str) and c.strip() for c in p)
            for p in value
        )
        or any(isinstance(entry.get(k), dict) and "column" in entry[k] for k in ("left", "right"))
    ):
        raise _fail(
            path,
            where,
            f'{rid} 的 columns 须为（左栏, 右栏）的列表，如 [["本年支出合计", "合计"], ["基本支出", "基本支出"]]'
            "，两侧不再写 column",
        )
    return tuple((str(a), str(b)) for a, b in value)


def _equal_plus(
    path: Path,
    text: str,
    head: int,
    rid: str,
    entry: dict[str, Any],
    right: CellSide,
    columns: tuple[tuple[str, str], ...],
) -> tuple[CellSide, ...]:
    """``equal_plus = [{ table = "07" }, { table = "08" }]`` of an ``each = "科目"`` bound with
    ``equal_when``: code tables the right side adds, code by code, where the condition holds,
    read in the right side's columns."""
    if "equal_plus" not in entry:
        return ()
    where = _entry_key_line(text, head, "equal_plus")
    value = entry["equal_plus"]
    if entry.get("each") != "科目" or "equal_when" not in entry:
        raise _fail(path, where, f'{rid} 的 equal_plus 只与 each = "科目" 和 equal_when 同写')
    if (
        not isinstance(value, list)
        or not value
        or not all(
            isinstance(v, dict) and set(v) == {"table"} and v["table"] in CLASS_CODE_TABLES for v in value
        )
    ):
        raise _fail(
            path,
            where,
            f'{rid} 的 equal_plus 须为科目表的列表（{_CODE_TABLE_WORDS}），如 [{{ table = "07" }}, {{ table = "08" }}]',
        )
    wanted = [c for _, c in columns] or [right.columns[0]]
    out = []
    for v in value:
        for column in wanted:
            side = _side(
                path, text, rid, "equal_plus", {"table": v["table"], "row": "科目", "column": column}
            )
        out.append(replace(side, columns=(wanted[0],)))
    return tuple(out)


def _when(path: Path, text: str, head: int, rid: str, entry: dict[str, Any], tables: tuple[str, ...]) -> str:
    """``when``: a condition of CONDITIONS (the equality is compared only on documents where it
    holds)."""
    if "when" not in entry:
        return ""
    return _condition(path, _entry_key_line(text, head, "when"), rid, "when", entry["when"], tables)


def _condition(path: Path, where: int, rid: str, key: str, when: Any, tables: tuple[str, ...]) -> str:
    """A condition of CONDITIONS named by `key` (when, equal_when, a pair's when), on the tables
    it is about: 决算 tables, or budget tables for the budget conditions."""
    if not isinstance(when, str) or when not in CONDITIONS:
        raise _fail(path, where, f"{rid} 的 {key} = {when!r} 不是已知的条件（可用：{'、'.join(CONDITIONS)}）")
    if when in BUDGET_CONDITIONS:
        if any(not t.startswith("B") for t in tables):
            raise _fail(path, where, f"{rid} 的 {key} = {when!r} 只用于预算公开表（B01–B13）之间的比对")
    elif any(t not in FINAL_ACCOUNT_TABLES for t in tables):
        raise _fail(path, where, f"{rid} 的 {key} = {when!r} 只用于决算公开表（01–10表）之间的比对")
    return when


def _require(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any], tables: tuple[str, ...]
) -> dict[str, Any]:
    """``require = { table = …, row = …, missing = … }``: a row of one of the rule's tables without
    which the rule is not evaluated (``missing`` words what the table lacks)."""
    if "require" not in entry:
        return {}
    value = entry["require"]
    where = _entry_key_line(text, head, "require")
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("missing"), str)
        or not value["missing"].strip()
    ):
        raise _fail(path, where, f'{rid} 的 require 须为 {{ table = …, row = …, missing = "“合计”行" }}')
    named = {k: v for k, v in value.items() if k != "missing"}
    if set(named) - {"table", "lane", "row"}:
        raise _fail(path, where, f'{rid} 的 require 须为 {{ table = …, row = …, missing = "“合计”行" }}')
    side = _side(path, text, rid, "require", {**named, "column": _any_column(named)})
    if side.table not in tables:
        raise _fail(path, where, f"{rid} 的 require 须以 row 指明两侧所用表中的一行")
    return {"require": side, "require_missing": value["missing"].strip()}


def _any_column(value: dict[str, Any]) -> str:
    """A column of the side's table (lane), for checking a side that names a row only."""
    schema = TABLE_SCHEMAS.get(value.get("table"))  # type: ignore[arg-type]
    if schema is None:
        return ""
    if schema.lanes and value.get("lane") in schema.lanes:
        return schema.lane_columns[schema.lanes.index(value["lane"])][0]
    return schema.columns[0]


def _otherwise(
    path: Path, text: str, head: int, rid: str, entry: dict[str, Any], right: CellSide
) -> dict[str, Any]:
    """``otherwise``: a side of the right-hand table used when the right side is not printed or
    all blank; ``missing`` words what the table lacks when neither is (“not evaluated”)."""
    if "otherwise" not in entry:
        if "missing" in entry:
            raise _fail(path, _entry_key_line(text, head, "missing"), f"{rid} 的 missing 只与 otherwise 同写")
        return {}
    if "pairs" in entry or "each" in entry:
        raise _fail(
            path,
            _entry_key_line(text, head, "otherwise"),
            f"{rid} 的 otherwise 只用于一对单元格（不与 pairs、each 同写）",
        )
    other = _side(path, text, rid, "otherwise", entry["otherwise"])
    if other.table != right.table or other.lane != right.lane:
        raise _fail(
            path, _entry_key_line(text, head, "otherwise"), f"{rid} 的 otherwise 须与 right 同表（同一方）"
        )
    missing = entry.get("missing", "")
    if not isinstance(missing, str):
        raise _fail(path, _entry_key_line(text, head, "missing"), f"{rid} 的 missing 须为字符串")
    return {"otherwise": other, "missing": missing.strip()}


def _equal_when(
    path: Path,
    text: str,
    head: int,
    rid: str,
    entry: dict[str, Any],
    tables: tuple[str, ...],
    relation: str,
) -> str:
    """``equal_when``: a condition of CONDITIONS under which a bound (``relation = "<="``) is
    compared as an equality (its finding ending with ``equal_note``), on the kind of tables the
    condition is about."""
    if "equal_when" not in entry:
        if "equal_note" in entry:
            raise _fail(
                path, _entry_key_line(text, head, "equal_note"), f"{rid} 的 equal_note 只与 equal_when 同写"
            )
        return ""
    where = _entry_key_line(text, head, "equal_when")
    if relation not in BOUND_RELATIONS:
        raise _fail(
            path, where, f'{rid} 的 equal_when 只用于 relation = "<=" 或 ">="（条件成立时改按相等核对）'
        )
    when = _condition(path, where, rid, "equal_when", entry["equal_when"], tables)
    if not isinstance(entry.get("equal_note", ""), str):
        raise _fail(path, _entry_key_line(text, head, "equal_note"), f"{rid} 的 equal_note 须为字符串")
    return str(when)


def _pair_example(path: Path, rid: str, entry: Any, line: int) -> PairExample:
    if isinstance(entry, dict) and "condition" in entry:
        if not isinstance(entry["condition"], bool):
            raise _fail(path, line, f"{rid} 的示例 condition 须为 true 或 false")
        rest = {k: v for k, v in entry.items() if k != "condition"}
        return replace(_pair_example(path, rid, rest, line), condition=entry["condition"])
    if not isinstance(entry, dict) or set(entry) != {"expect", "left", "right"}:
        raise _fail(
            path,
            line,
            f"{rid} 的示例须含 expect、left 与 right（两个单元格的印刷数值）三项（可加 condition）",
        )
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    if not isinstance(entry["left"], str) or not isinstance(entry["right"], str):
        raise _fail(path, line, f'{rid} 的示例 left 与 right 须按印刷样式写成字符串，如 "129.81"')
    return PairExample(entry["expect"], entry["left"], entry["right"], line)
