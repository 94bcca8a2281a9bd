"""Plan the declared cross-table equalities (``[[equality]]``): find the cells, state the judgement.

A side names a cell by table, lane, row and column: the row “本年收入合计”/“本年支出合计”/“总计”
of a lane is the lane's subtotal/total as rules/arithmetic.py reads it; “合计” of a code table is
its 合计 row (rules/hierarchy.py); 06表's “人员经费合计”/“公用经费合计” the row of that name, else
the total the reader gives that lane; any other row (and “合计” of a table whose schema names its
rows, B06) is matched by its normalised name. A side may instead sum rows: those of some economic
codes (``codes``), those found by the words of their name (``words``), or the rows under a heading
(``under``; `side_rows`); a side written as a list adds up the cells of several tables (``plus``).
Of several columns, the first the table (lane) prints is taken. Nothing
is compared when either table is absent or empty, either row is missing, or both cells are blank
or zero (with ``skip_blank``: either blank). With ``each = "类"`` the sides name a lane's column
and a code table's column, and every 类 is compared (`plan_classes`); with ``each = "科目"`` the
sides name two code tables' columns and every functional code is compared (`plan_codes`). An
equality with ``when`` is compared only on documents where its condition holds; a bound with
``equal_when`` is compared as an equality there. The comparison itself is decided by the rules
compiled for the rule id.
"""

from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase

from ingest.model import Disclosure, Row, Table
from rules import reading
from rules.codes import CodeTable
from rules.comparisons import class_equalities, describe, describe_all, leaf_length, no_row
from rules.engine import FactValue
from rules.identities import (
    KIND_IDENTITY,
    CellEquality,
    CellSide,
    declared_equalities,
    is_packaged,
    is_switched,
)
from rules.identities.declarations import (
    BOUND_RELATIONS,
    CARRY_IN_COLUMN,
    CODED_LANE_TABLES,
    CONDITIONS,
    ECON_CLASS_TOTALS,
    ECON_CLASSES,
    RELATIONS,
    TABLE_SCHEMAS,
)
from rules.judgements import Bound, Equality, JudgementPlan, Side, ref, side
from rules.reading import (
    GRAND_TOTAL_KEY,
    LANE_WORDS,
    SUBTOTAL_KEYS,
    coded_lane_total,
    econ_rows,
    is_carry_in,
    read_lane,
    row_name,
    total_row,
)
from rules.tolerance import scaled_ints
from rules.wording import table_name


class _Declared:
    """A judgement whose fact goes to the rules compiled for its declared rule id."""

    __slots__ = ()

    def fact(self: Equality, fid: str) -> dict[str, FactValue]:  # type: ignore[misc]
        """An ``identity`` fact named by the rule: lhs = left (of a bound: the part), rhs = right,
        tol = radius; and the relation compared, for a rule with ``equal_when``."""
        c = self.compared.comparison
        _, (lhs, rhs, tol) = scaled_ints([c.actual, c.expected, c.tolerance], c.scale)
        fact: dict[str, FactValue] = {
            "id": fid,
            "kind": KIND_IDENTITY,
            "rule": self.rule.id,
            "lhs": lhs,
            "rhs": rhs,
            "tol": tol,
        }
        if is_switched(self.rule.id):  # a bound compared as an equality where its condition holds
            fact["relation"] = "bound" if isinstance(self, Bound) else "equal"
        return fact


class DeclaredEquality(_Declared, Equality):
    """An equality decided by the equality rules compiled for its rule id."""

    __slots__ = ()


class DeclaredBound(_Declared, Bound):
    """A bound (``relation = "<="``) decided by the bound rules compiled for its rule id."""

    __slots__ = ()


def find_row(table: Table, s: CellSide) -> Row | None:
    """The row a side names (see the module doc)."""
    if s.like:  # the first top-level row (of the lane) whose name matches a pattern
        return next(
            (
                r
                for r in table.rows
                if (s.lane is None or r.lane == s.lane)
                and not r.parent
                and any(fnmatchcase(row_name(r), p) for p in s.like)
            ),
            None,
        )
    if s.lane is not None and s.table in CODED_LANE_TABLES and s.row == "合计":
        return coded_lane_total(table, s.lane)
    if s.lane is not None:
        lane = read_lane(table, s.lane)
        if s.row == SUBTOTAL_KEYS.get(s.lane):
            return lane.subtotal
        if s.row == GRAND_TOTAL_KEY:
            return lane.total
        return next((r for r in lane.rows if not r.parent and row_name(r) == s.row), None)
    if s.row == "合计" and not TABLE_SCHEMAS[s.table].rows and not s.aliases:
        return total_row(table)
    if s.table == "06" and s.row in ECON_CLASS_TOTALS:  # by name, else the reader's total of the lane
        return reading.find_row(table, s.row, ECON_CLASS_TOTALS[s.row])
    names = (s.row, *s.aliases)
    found = next((r for r in table.rows if row_name(r) in names or r.key in names), None)
    if found is None and s.first and table.rows:  # ``first``: the table's first row
        return table.rows[0]
    return found


def find_column(table: Table, s: CellSide) -> str | None:
    """The first of the side's columns printed in its table (lane); a lone lane column otherwise."""
    present: set[str] = set()
    for r in table.rows:
        if s.lane is None or r.lane == s.lane:
            present.update(r.cells)
    for c in s.columns:
        if c in present:
            return c
    if s.lane is not None and len(present) == 1:
        return next(iter(present))
    return None if s.lane is not None else s.columns[0]


def _format(table: Table, s: CellSide, rows: list[Row], column: str, printed: str) -> str:
    """The side's own wording (``text``), its fields filled (see declarations._SIDE_FIELDS)."""
    assert s.text is not None
    return s.text.format(
        table=table_name(table),
        lane=LANE_WORDS.get(s.lane or "", ""),
        row=s.row,
        printed=printed,
        rows="、".join(f"“{row_name(r)}”" for r in rows) or f"“{s.row}”",
        column=column,
    )


def _side(table: Table, s: CellSide, row: Row | None, column: str) -> Side:
    """The side's cell and wording (a row not printed, ``empty_is_zero``: named as declared)."""
    if s.text is not None:
        printed = row_name(row) if row is not None else s.row
        words = _format(table, s, [row] if row is not None else [], column, printed)
        return side(words, ref(table, row, column, s.row))
    lane_word = LANE_WORDS.get(s.lane or "", "")
    name = row_name(row) if s.like and row is not None else s.row  # ``like``: the row as printed
    where = f"“{name}”行" + ("" if column == name else f"“{column}”栏")
    return side(f"{table_name(table)}{lane_word}{where}", ref(table, row, column, "" if row else s.row))


def _rows_side(table: Table, s: CellSide, rows: list[Row], column: str) -> Side:
    """A side of several rows (or one found by ``codes``, ``words`` or ``under``), summed, named
    by the side's ``text`` or by default: ``codes`` “{table}“30231 公务用车运行维护费”＋…”, ``rows``
    “{table}{lane}“人员经费合计”＋“公用经费合计”” (as declared), ``words`` “{table}{lane}“{printed}””
    (several joined by ＋), ``under`` “{table}{row}（{rows}）”."""
    refs = [(ref(table, r, column), 1) for r in rows]
    if s.codes:
        printed = "＋".join(f"“{r.key}”" for r in rows)
        default = f"{table_name(table)}{printed}"
    elif s.rows:
        printed = "＋".join(s.rows)
        lane_word = LANE_WORDS.get(s.lane or "", "")
        default = f"{table_name(table)}{lane_word}" + "＋".join(f"“{name}”" for name in s.rows)
    elif s.under:
        printed = "、".join(row_name(r) for r in rows)
        default = f"{table_name(table)}{s.row}（" + "、".join(f"“{row_name(r)}”" for r in rows) + "）"
    else:
        printed = "＋".join(row_name(r) for r in rows)
        lane_word = LANE_WORDS.get(s.lane or "", "")
        default = f"{table_name(table)}{lane_word}" + "＋".join(f"“{row_name(r)}”" for r in rows)
    own = s.text is not None and not (s.every and len(rows) == 1)  # ``every``: one row is worded as a row
    return Side(_format(table, s, rows, column, printed) if own else default, refs)


def _rows_with(table: Table, s: CellSide, words: tuple[str, ...]) -> list[Row]:
    """The rows (of the side's lane: of its items) whose normalised name holds every word and none
    of the side's ``except`` words."""
    rows = read_lane(table, s.lane).items if s.lane is not None else table.rows
    return [
        r
        for r in rows
        if all(w in row_name(r) for w in words) and not any(w in row_name(r) for w in s.excluded)
    ]


def _under(table: Table, under: str) -> list[Row]:
    """``under``: the row whose name starts with the words, or the 合计 row printed under it (the
    first of either); else every row printed under it."""
    rows = [r for r in table.rows if (r.parent or "").startswith(under) or row_name(r).startswith(under)]
    total = next((r for r in rows if "合计" in row_name(r) or row_name(r).startswith(under)), None)
    return [total] if total is not None else rows


def _resolve(table: Table, s: CellSide, eq: CellEquality, zero: bool, read: bool) -> Side | None:
    """One side on its (printed) table, or None when its row, rows or column are not printed (see
    `plan_pair`: `zero` is ``empty_is_zero`` on the right side, `read` ``read_empty``)."""
    if s.codes or s.words or s.under or s.rows:
        rows = side_rows(table, s)
        column = s.columns[0] if s.codes else find_column(table, s)
        if not rows or column is None:
            return None
        return _rows_side(table, s, rows, column)
    row = None if table.empty and not read else find_row(table, s)
    column = s.columns[0] if eq.empty_is_zero else find_column(table, s)
    if column is None or (row is None and not zero):
        return None
    return _side(table, s, row, column)


def _added(
    found: Side | None, plus: tuple[CellSide, ...], tables: dict[str, Table], eq: CellEquality
) -> Side | None:
    """A side written as a list: the cells of the first side and of each further one (``plus``)
    whose table is printed and not empty, added up, worded each by its own text joined by ＋;
    None when none of them is found."""
    if not plus:
        return found
    parts = [found] if found is not None else []
    for s in plus:
        table = tables.get(s.table)
        if (
            table is not None
            and not table.empty
            and (more := _resolve(table, s, eq, False, False)) is not None
        ):
            parts.append(more)
    if not parts:
        return None
    return Side("＋".join(p.text for p in parts), [r for p in parts for r in p.refs])


def side_rows(table: Table, s: CellSide) -> list[Row]:
    """The rows of a ``rows``, ``codes``, ``words`` or ``under`` side that the table prints (of
    ``rows``: all of them, or none)."""
    if s.rows:
        found = [find_row(table, replace(s, row=name, rows=())) for name in s.rows]
        return [r for r in found if r is not None] if all(r is not None for r in found) else []
    if s.codes == (ECON_CLASSES,):
        return [r for r in table.rows if r.code and len(r.code) == 3 and r.domain == "econ"]
    if s.codes:
        by_code = econ_rows(table)
        return [by_code[c] for c in s.codes if c in by_code]
    if s.every:
        return _rows_with(table, s, s.words[0])
    if s.words:
        return [found[0] for group in s.words if (found := _rows_with(table, s, group))]
    return _under(table, s.under)


def _printed(table: Table, column: str) -> bool:
    """True when the table prints the column (in a row, or in its header)."""
    return column in table.columns or any(column in r.cells for r in table.rows)


def _zero(s: Side) -> bool:
    return all(r.amount is None or r.amount.value == 0 for r, _ in s.refs) and s.unreadable() is None


def plan_classes(plan: JudgementPlan, eq: CellEquality, tables: dict[str, Table]) -> None:
    """``each = "类"``: every 类 of the left table's lane against the same 类 of the right code
    table (rules.comparisons.class_equalities). The left column is the first of the side's printed
    in the lane (its lone column otherwise); none: the first declared, read as blank — or, with
    ``require_column``, the rule is not evaluated; with ``skip_unprinted``, nothing is compared."""
    two_sided, code_table = tables.get(eq.left.table), tables.get(eq.right.table)
    if two_sided is None or two_sided.empty or code_table is None or code_table.empty:
        return
    column = find_column(two_sided, eq.left)
    if column is None and eq.skip_unprinted:
        return
    if column is None and eq.require_column:
        what = f"{LANE_WORDS.get(eq.left.lane or '', '')}“{eq.left.columns[0]}”栏"
        plan.not_evaluated.append(no_row(eq.spec, two_sided, what))
        return
    codes = CodeTable.of(code_table)
    class_equalities(
        plan, eq.spec, two_sided, column or eq.left.columns[0], codes, eq.right.columns[0], DeclaredEquality
    )


def plan_columns(plan: JudgementPlan, eq: CellEquality, tables: dict[str, Table]) -> None:
    """``each = "栏"``: every item and adjustment row of the left table's lane whose name is a
    column of the right table (a carry-in row: its 上年结转 column), in print order, against the
    right side's row in that column; nothing when either table is absent or empty or the right
    row is not printed. The left column is the first of the side's printed in the lane (its lone
    column otherwise; none: the first declared, read as blank)."""
    two_sided, other = tables.get(eq.left.table), tables.get(eq.right.table)
    if two_sided is None or two_sided.empty or other is None or other.empty:
        return
    total = find_row(other, eq.right)
    if total is None:
        return
    assert eq.left.lane is not None
    lane = read_lane(two_sided, eq.left.lane)
    column = find_column(two_sided, eq.left) or eq.left.columns[0]
    named = replace(eq.left, text=eq.left.text or "{table}{lane}“{printed}”")
    for r in lane.items + lane.adjustments:
        name = row_name(r)
        match = next(
            (c for c in other.columns if c == name or (is_carry_in(name) and c == CARRY_IN_COLUMN)), None
        )
        if match is None:
            continue
        left = _side(two_sided, replace(named, row=name), r, column)
        right = _side(other, eq.right, total, match)
        if _zero(left) and _zero(right):
            continue
        plan.add(DeclaredEquality(eq.spec, left, right, {"note": eq.note}), left, right)


def _equal_template(eq: CellEquality) -> str | None:
    """The wording of a bound compared as an equality (``equal_when``): an equality's, unless the
    declaration words its findings itself (``message``)."""
    return RELATIONS["="] if eq.spec.template == RELATIONS[eq.relation] else None


def plan_codes(
    plan: JudgementPlan, eq: CellEquality, tables: dict[str, Table], document: Disclosure | None = None
) -> None:
    """``each = "科目"``: every functional code of the left code table against the same code of
    the right one (at 项 level when both print 项 rows, else 类: `leaf_length`; a code one table
    lacks is the sum of its printed descendants there, or 0), in the sides' (first) columns or in
    each pair of ``columns``; nothing when either table is absent or empty, nor where both sides
    are blank or zero. A bound (``relation``) states the part (left for "<=", right for ">=")
    not above the whole, unless zero; where its ``equal_when`` holds, left = right instead, the
    right side adding the ``equal_plus`` tables code by code (their codes compared too)."""
    left, right = tables.get(eq.left.table), tables.get(eq.right.table)
    if left is None or left.empty or right is None or right.empty:
        return
    cl, cr = CodeTable.of(left), CodeTable.of(right)
    equal = eq.relation == "=" or (
        bool(eq.equal_when) and document is not None and CONDITIONS[eq.equal_when](document)
    )
    others = [
        CodeTable.of(t)
        for s in (eq.equal_plus if equal else ())
        if (t := tables.get(s.table)) is not None and not t.empty
    ]
    length = leaf_length(cl, cr)
    codes = {c[:length] for ct in (cl, cr, *others) for c in ct.codes() if len(c) >= length}
    switched = equal and eq.relation != "="  # a bound compared as an equality: worded as one
    note = eq.equal_note if switched else eq.note
    template = _equal_template(eq) if switched else None
    for code in sorted(codes):
        for col_l, col_r in eq.columns or ((eq.left.columns[0], eq.right.columns[0]),):
            refs_l, refs_r = cl.refs(code, col_l), cr.refs(code, col_r)
            side_l = Side(describe(cl, code, refs_l, col_l), [(r, 1) for r in refs_l])
            if not equal:
                side_r = Side(describe(cr, code, refs_r, col_r), [(r, 1) for r in refs_r])
                small, large = (side_l, side_r) if eq.relation == "<=" else (side_r, side_l)
                if not _zero(small):  # nothing to exceed when the part is 0
                    plan.add(DeclaredBound(eq.spec, small, large, {"note": note}), small, large)
                continue
            parts, named = [(r, 1) for r in refs_r], [(cr, refs_r)]
            for o in others:
                if o_refs := o.refs(code, col_r):
                    parts += [(r, 1) for r in o_refs]
                    named.append((o, o_refs))
            side_r = Side(describe_all(named, code, col_r), parts)
            if _zero(side_l) and _zero(side_r):
                continue
            judgement = DeclaredEquality(eq.spec, side_l, side_r, {"note": note}, template=template)
            plan.add(judgement, side_l, side_r)


def plan_equality(
    plan: JudgementPlan, eq: CellEquality, tables: dict[str, Table], document: Disclosure | None = None
) -> None:
    """State one declared equality (each of its ``pairs``) on the document's tables — one with a
    condition (``when``) only when the `document` is given and the condition holds on it."""
    if eq.when and (document is None or not CONDITIONS[eq.when](document)):
        return
    if eq.each == "科目":
        plan_codes(plan, eq, tables, document)
        return
    if eq.require is not None and _lacks(plan, eq, tables):
        return
    equal = bool(eq.equal_when) and document is not None and CONDITIONS[eq.equal_when](document)
    for n, pair in enumerate(eq.pairs or (() if eq.each else ((eq.left, eq.right),))):
        when = eq.pair_when[n] if n < len(eq.pair_when) else ""
        if when and (document is None or not CONDITIONS[when](document)):
            continue
        skip_blank = eq.skip_blank or (n < len(eq.pair_skip_blank) and eq.pair_skip_blank[n])
        note = (eq.pair_note[n] if n < len(eq.pair_note) else "") or eq.note
        plan_pair(plan, eq, pair, tables, equal, skip_blank, note)
    if eq.each == "栏":  # after its pairs
        plan_columns(plan, eq, tables)
    elif eq.each:  # “类”, after its pairs
        plan_classes(plan, eq, tables)


def _lacks(plan: JudgementPlan, eq: CellEquality, tables: dict[str, Table]) -> bool:
    """``require``: True (and the rule reported not evaluated) when the rule's tables are printed,
    not empty, and the required row's table lacks it."""
    assert eq.require is not None
    if any(tables.get(tid) is None or tables[tid].empty for tid in eq.spec.tables):
        return False
    table = tables[eq.require.table]
    if find_row(table, eq.require) is not None:
        return False
    plan.not_evaluated.append(no_row(eq.spec, table, eq.require_missing))
    return True


def plan_pair(
    plan: JudgementPlan,
    eq: CellEquality,
    pair: tuple[CellSide, CellSide],
    tables: dict[str, Table],
    equal: bool = False,
    skip_blank: bool | None = None,
    note: str | None = None,
) -> None:
    """One pair of cells: nothing when a table is absent or empty (with ``read_empty``, an empty
    right-hand table is read as printed: its blanks count as 0), a row or column is not printed
    (with ``skip_unprinted``, a column neither in the table's header nor in a row), or none of a
    summed side's rows is — except with ``empty_is_zero``: each side's column is read as declared
    (the first; not printed: 0), and the right side's table, when empty, or its row, when not
    printed, reads as 0; and except with ``otherwise``: the right side not printed (or all blank),
    that side is compared instead, and with neither the rule is not evaluated (``missing``). A
    bound is compared as an equality when `equal` (its ``equal_when`` holds on the document);
    `skip_blank` (the pair's, default the equality's): nothing when either side is blank; `note`
    (the pair's, default the equality's) ends its finding."""
    if skip_blank is None:
        skip_blank = eq.skip_blank
    if note is None:
        note = eq.note
    sides: list[Side] = []
    empty_right = False
    for n, s in enumerate(pair):
        right_side = n == 1
        zero, read = right_side and eq.empty_is_zero, right_side and eq.read_empty
        table = tables.get(s.table)
        if table is None or (table.empty and not zero and not (read and not table.problems)):
            return  # (an empty table whose problems say it was not read is not read as printed)
        if eq.skip_unprinted and not any(_printed(table, c) for c in s.columns):
            return
        empty_right = right_side and table.empty
        found = _added(_resolve(table, s, eq, zero, read), s.plus, tables, eq)
        if right_side and eq.otherwise is not None and (found is None or found.blank()):
            found = _resolve(table, eq.otherwise, eq, zero, read)
            if found is None:
                if eq.missing:
                    plan.not_evaluated.append(no_row(eq.spec, table, eq.missing))
                return
        if found is None:
            return
        sides.append(found)
    left, right = sides
    if eq.skip_blank_right and not empty_right and right.blank():
        return  # a blank right-hand cell in a printed table is not compared (``skip_blank = "right"``)
    if empty_right and eq.empty_note:
        note = eq.empty_note.format(table=table_name(tables[pair[1].table])) + note
    if (
        eq.relation in BOUND_RELATIONS and not equal
    ):  # as rules.comparisons.bound: nothing to exceed when the part is 0
        small, large = (left, right) if eq.relation == "<=" else (right, left)
        if not _zero(small) and not (skip_blank and (left.blank() or right.blank())):
            plan.add(DeclaredBound(eq.spec, small, large, {"note": note}), small, large)
        return
    if _zero(left) and _zero(right):
        return
    if skip_blank and (left.blank() or right.blank()):
        return
    if equal:  # a bound compared as an equality, worded as one
        # worded as an equality, unless the declaration words its findings itself (``message``)
        judgement = DeclaredEquality(
            eq.spec, left, right, {"note": eq.equal_note}, template=_equal_template(eq)
        )
    else:
        judgement = DeclaredEquality(eq.spec, left, right, {"note": note})
    plan.add(judgement, left, right)


def plan(
    plan: JudgementPlan,
    tables: dict[str, Table],
    between: tuple[str, str] | None = None,
    besides: frozenset[tuple[str, str]] = frozenset(),
    document: Disclosure | None = None,
    own: frozenset[str] | None = None,
    operators: bool = True,
) -> None:
    """The declared equalities, in load order: those `between` two tables (left, right) only, or
    all but those whose pair of tables is in `besides` (planned elsewhere, in their place); with
    `own`, of the packaged ones only those rule ids (and an operator's only with `operators`);
    those with a condition (``when``) only when the `document` is given and it holds there."""
    for eq in declared_equalities():
        pair = (eq.left.table, eq.right.table)
        if (between is not None and pair != between) or pair in besides:
            continue
        if own is not None and eq.id not in own and (is_packaged(eq) or not operators):
            continue
        plan_equality(plan, eq, tables, document)
