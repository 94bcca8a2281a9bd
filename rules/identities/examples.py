"""Run a declaration's own examples (``[[identity.example]]``) through the whole audit.

Each example is one row of the declared table, printed as the inspector wrote it; the row goes
into a one-table document, the full audit runs with only that rule selected, and the outcome is
compared with ``expect``: *fires* (a finding at the rule's severity), *rounding* (a 尾差 note,
info), *silent* (no finding).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.indicators import POINTS
from ingest.model import Cell, Disclosure, Row, Table
from ingest.numbers import parse_amount
from ingest.schema import BASIC, FINAL_ACCOUNT_TABLES, PROJECT, TOTAL, code_domain
from rules.identities import (
    CellClaim,
    CellEquality,
    CellSide,
    ClaimExample,
    CodeRowsExample,
    CodeSum,
    Declaration,
    Example,
    PairExample,
    RowIdentity,
    TwoSidedIdentity,
)
from rules.identities.declarations import (
    BALANCE_ROW,
    CODED_BALANCE_ROW,
    CODED_LANE_TABLES,
    ECON_CLASS_TOTALS,
    ECON_CLASSES,
    FORM_SCHEMAS,
    TABLE_SCHEMAS,
    BalanceExample,
    LaneTotalExample,
    schema_of,
)
from rules.identities.percentages import PercentageClaim, percentage_document
from rules.reading import SUBTOTAL_KEYS


@dataclass(frozen=True)
class ExampleResult:
    """One example's outcome: did the rule do what the example expects?"""

    rule_id: str
    expect: str
    got: str  # fires / rounding / silent
    line: int
    messages: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when the rule did what the example expects."""
        return self.expect == self.got


def _kind(table_id: str) -> str:
    return "budget" if table_id.startswith("B") else "final_account"


def example_document(ident: RowIdentity, example: Example) -> Disclosure:
    """A document with one table (the declaration's first) holding the example's row (as its 合计
    row), the lane's item rows and 本年合计 row (``lane_sum``), or the named rows down the table's
    first column (``each_column``)."""
    spec = schema_of(ident.table)
    tid = f"{ident.table}01" if ident.table in FORM_SCHEMAS else ident.table  # a 绩效自评表: form P01
    source = f"example:{ident.id}:{example.line}"
    if ident.lane_sum:  # item rows of the lane, then its 本年合计 row
        ((column, total),) = example.row
        rows = [
            Row(key=f"项目{i}", label=f"项目{i}", lane=ident.lane, role="detail")  # type: ignore[arg-type]
            for i, _ in enumerate(example.items, 1)
        ]
        rows.append(Row(key=ident.total, label=ident.total, lane=ident.lane, role="subtotal"))  # type: ignore[arg-type]
        for r, text in zip(rows, [*example.items, total], strict=True):
            r.cells[column] = Cell(ident.table, r.key, column, text, parse_amount(text))
        table = Table(id=ident.table, title=spec.title, columns=list(spec.columns), rows=rows)
        return Disclosure(source=source, kind=_kind(ident.table), tables={ident.table: table})
    if ident.indicator_sum:
        return _indicator_document(ident, example, tid, source)
    if ident.unit_sum:  # a unit row (named as a unit's) and its projects, in 合计 and the sum's first column
        rows = []
        for key, text in [
            ("示例局", dict(example.row)["unit"]),
            *((f"项目{i}", v) for i, v in enumerate(example.items, 1)),
        ]:
            r = Row(key=key, label=key)
            for column in dict.fromkeys((ident.columns[0], "合计")):
                r.cells[column] = Cell(tid, key, column, text, parse_amount(text))
            rows.append(r)
        table = Table(id=tid, title=spec.title, columns=list(spec.columns), rows=rows)
        return Disclosure(source=source, kind="budget", tables={tid: table})
    if example.down:  # each_column: the named rows, figures in the first column the sums run down
        column = next(c for c in spec.columns if ident.takes_column(c))
        rows = []
        for name, text in example.row:
            r = Row(key=name, label=name, role="total" if name == "合计" else "detail")
            r.cells[column] = Cell(tid, name, column, text, parse_amount(text))
            rows.append(r)
        table = Table(id=tid, title=spec.title, columns=list(spec.columns), rows=rows)
        return Disclosure(source=source, kind=_kind(ident.table), tables={tid: table})
    row = Row(key="合计", label="合计", lane=ident.lane, role="total")  # type: ignore[arg-type]
    for column, text in example.row:
        row.cells[column] = Cell(tid, "合计", column, text, parse_amount(text))
    # a form prints the columns the example names (a 决算/budget table: its schema's)
    columns = [c for c, _ in example.row] if ident.table in FORM_SCHEMAS else list(spec.columns)
    table = Table(id=tid, title=spec.title, columns=columns, rows=[row])
    return Disclosure(source=source, kind=_kind(ident.table), tables={tid: table})


def _indicator_document(ident: RowIdentity, example: Example, tid: str, source: str) -> Disclosure:
    """A project form (P01) whose indicator block prints the example's figures in the sum's first
    column: one 一级指标 row and its indicators, or the indicators and the 总分 row, with the money
    block's 年度资金总额 row printing ``money`` when given."""
    column = ident.columns[0]
    figures = dict(example.row)

    def printed(row: Row, text: str, unit: str = POINTS) -> Row:
        row.cells[column] = Cell(tid, row.key, column, text, parse_amount(text, unit=unit))
        return row

    table = Table(
        id=tid, title="项目支出绩效自评表", unit="万元", columns=[column] if "money" in figures else []
    )
    if "money" in figures:
        table.rows.append(
            printed(Row(key="年度资金总额", label="年度资金总额", role="total"), figures["money"])
        )
    group = Row(key="一级指标", label="产出指标", role="group")
    if "group" in figures:
        table.indicators.append(printed(group, figures["group"]))
    for i, text in enumerate(example.items, 1):
        r = Row(key=f"指标{i}", label=f"指标{i}", role="indicator", parent=group.label)
        table.indicators.append(printed(r, text))
    if "total" in figures:
        table.indicators.append(printed(Row(key="总分", label="总分", role="total"), figures["total"]))
    return Disclosure(source=source, kind="final_account", tables={tid: table})


def claim_document(decl: CellClaim, example: ClaimExample) -> Disclosure:
    """A final-account document with the example's sentence as its 情况说明 and one table holding
    the declared cell (printed as the example says)."""
    from ingest.layout import Line
    from ingest.model import Location
    from ingest.narrative import read_narrative

    side = decl.cell
    spec = FINAL_ACCOUNT_TABLES[side.table]
    column = side.columns[0]
    row = Row(key=side.row, label=side.row, lane=side.lane, role="total" if side.row == "合计" else "detail")
    row.cells[column] = Cell(side.table, side.row, column, example.cell, parse_amount(example.cell))
    table = Table(id=side.table, title=spec.title, columns=list(spec.columns), rows=[row])
    tables = {side.table: table}
    reading = read_narrative([Line(example.sentence, Location(page=1, line=1))], tables, None)
    return Disclosure(
        source=f"example:{decl.id}:{example.line}",
        kind="final_account",
        tables=tables,
        paragraphs=reading.paragraphs,
        claims=reading.claims,
    )


def _table_with(tables: dict[str, Table], side: CellSide, text: str) -> None:
    """Add the side's cell, printed as `text`, to a one-row-per-cell example table."""
    spec = TABLE_SCHEMAS[side.table]
    table = tables.setdefault(side.table, Table(id=side.table, title=spec.title, columns=list(spec.columns)))
    column = side.columns[0]
    if side.rows:  # the first named row printed as `text`, the others as 0.00
        for i, name in enumerate(side.rows):
            r = Row(key=name, label=name, lane=side.lane or ECON_CLASS_TOTALS.get(name), role="total")  # type: ignore[arg-type]
            shown = text if i == 0 else "0.00"
            r.cells[column] = Cell(side.table, name, column, shown, parse_amount(shown))
            table.rows.append(r)
        return
    if side.codes:  # the first of the codes (“类”: 302), as an economic row
        code = "302" if side.codes == (ECON_CLASSES,) else side.codes[0]
        domain, level = code_domain(code)
        row = Row(key=f"{code} 科目{code}", label=f"科目{code}", code=code, domain=domain, level=level)  # type: ignore[arg-type]
    else:
        role = (
            "total"
            if side.row in ("合计", "总计")
            else "subtotal"
            if side.row.startswith("本年")
            else "detail"
        )
        name = side.like[0].replace("*", "") if side.like else side.row  # ``like``: its first pattern
        row = Row(key=name, label=name, lane=side.lane, role=role)  # type: ignore[arg-type]
    row.cells[column] = Cell(side.table, row.key, column, text, parse_amount(text))
    table.rows.append(row)


def _no_project_spending_tables() -> dict[str, Table]:
    """公开05表 whose 合计 row prints 基本支出 and no 项目支出 (0.00): no fiscal project spending."""
    spec = FINAL_ACCOUNT_TABLES["05"]
    row = Row(key="合计", label="合计", role="total")
    for column, text in ((TOTAL, "100.00"), (BASIC, "100.00"), (PROJECT, "0.00")):
        row.cells[column] = Cell("05", "合计", column, text, parse_amount(text))
    return {"05": Table(id="05", title=spec.title, columns=list(spec.columns), rows=[row])}


def pair_document(decl: CellEquality, example: PairExample) -> Disclosure:
    """A document (final-account, or budget for budget tables) holding just the two cells of the
    example — and, for an example with ``condition = true``, the tables that make its equality's
    ``equal_when`` hold."""
    first_when = decl.pair_when[0] if decl.pair_when else ""  # the first pair's condition, made to hold
    tables = CONDITION_TABLES[decl.equal_when]() if example.condition else {}
    if decl.equal_when and not example.condition:  # a condition the bare document meets: made to fail
        tables.update(UNLESS_TABLES.get(decl.equal_when, dict)())
    if first_when:
        tables.update(CONDITION_TABLES[first_when]())
    left, right = decl.pairs[0] if decl.pairs else (decl.left, decl.right)  # (each = "栏": its first pair)
    _table_with(tables, left, example.left)
    _table_with(tables, right, example.right)
    return Disclosure(source=f"example:{decl.id}:{example.line}", kind=_kind(decl.left.table), tables=tables)


# The 类 an ``each = "类"`` equality's examples print on both sides.
EXAMPLE_CLASS = "210"


def class_document(decl: CellEquality, example: PairExample) -> Disclosure:
    """A final-account document for an ``each = "类"`` equality: the left table's lane with one 类
    row (210 卫生健康支出, printed as the example's left), the code table with that 类 row (right)."""
    from rules.codes import class_name

    tables: dict[str, Table] = {}
    for s, text in ((decl.left, example.left), (decl.right, example.right)):
        spec = TABLE_SCHEMAS[s.table]
        column = s.columns[0]
        if s.lane is not None:
            label = class_name(EXAMPLE_CLASS)
            row = Row(key=label, label=label, lane=s.lane, role="detail")  # type: ignore[arg-type]
        else:
            domain, level = code_domain(EXAMPLE_CLASS)
            row = Row(
                key=EXAMPLE_CLASS,
                label=class_name(EXAMPLE_CLASS),
                code=EXAMPLE_CLASS,
                domain=domain,  # type: ignore[arg-type]
                level=level,
            )
        row.cells[column] = Cell(s.table, row.key, column, text, parse_amount(text))
        tables[s.table] = Table(id=s.table, title=spec.title, columns=list(spec.columns), rows=[row])
    return Disclosure(source=f"example:{decl.id}:{example.line}", kind=_kind(decl.left.table), tables=tables)


# The 项 an ``each = "科目"`` equality's examples print on both sides.
EXAMPLE_CODE = "2101501"


def _no_carry_over_tables() -> dict[str, Table]:
    """公开01表 printing its 年初/年末结转和结余 rows as 0.00: no carry-over."""
    spec = FINAL_ACCOUNT_TABLES["01"]
    rows = []
    for lane, name in (("income", "年初结转和结余"), ("expense", "年末结转和结余")):
        row = Row(key=name, label=name, lane=lane)  # type: ignore[arg-type]
        row.cells["决算数"] = Cell("01", name, "决算数", "0.00", parse_amount("0.00"))
        rows.append(row)
    return {"01": Table(id="01", title=spec.title, columns=list(spec.columns), rows=rows)}


# The tables an example document adds so that its equality's condition (``when``) holds, by
# condition (every key of declarations.CONDITIONS).
def _titled(tid: str, title: str) -> Callable[[], dict[str, Table]]:
    """Budget table `tid` titled `title` (its rows are the example's)."""

    def tables() -> dict[str, Table]:
        spec = TABLE_SCHEMAS[tid]
        return {tid: Table(id=tid, title=title, columns=list(spec.columns))}

    return tables


def _non_fiscal_income_tables() -> dict[str, Table]:
    """公开02表 whose 合计 row prints 事业收入: the unit has non-fiscal income."""
    spec = FINAL_ACCOUNT_TABLES["02"]
    row = Row(key="合计", label="合计", role="total")
    row.cells["事业收入"] = Cell("02", "合计", "事业收入", "1.00", parse_amount("1.00"))
    return {"02": Table(id="02", title=spec.title, columns=list(spec.columns), rows=[row])}


# The tables an example document adds so that a condition the bare document meets does not hold
# (an example without ``condition = true``).
UNLESS_TABLES: dict[str, Callable[[], dict[str, Table]]] = {"无非财政拨款收入": _non_fiscal_income_tables}

CONDITION_TABLES: dict[str, Callable[[], dict[str, Table]]] = {
    "无结转结余": _no_carry_over_tables,
    "无财政拨款项目支出": _no_project_spending_tables,
    "一般公共预算支出表不含上年结转": _titled("B05", "一般公共预算支出预算表（不含上年结转）"),
    "一般公共预算支出表未注明不含上年结转": _titled("B05", "一般公共预算支出预算表"),
    "无非财政拨款收入": dict,  # the example's 01/04表 list no income but their carry-over
    "国有资本经营预算收支预算表不含上年结转": _titled("B09", "国有资本经营预算收支预算表（不含上年结转）"),
}


def code_document(decl: CellEquality, example: PairExample) -> Disclosure:
    """A final-account document for an ``each = "科目"`` equality: each code table with one 项 row
    (2101501 行政运行, printed as the example's left and right, in the first pair of columns), and the
    tables that make its condition (``when``) hold — and its ``equal_when``, for an example with
    ``condition = true`` (else the tables that make it fail, where the bare document meets it)."""
    tables = CONDITION_TABLES[decl.when]() if decl.when else {}
    if decl.equal_when:  # made to hold for an example with condition = true, to fail for another
        made = (
            CONDITION_TABLES[decl.equal_when]
            if example.condition
            else UNLESS_TABLES.get(decl.equal_when, dict)
        )
        tables.update(made())
    for s, text in ((decl.left, example.left), (decl.right, example.right)):
        spec = FINAL_ACCOUNT_TABLES[s.table]
        column = s.columns[0]
        domain, level = code_domain(EXAMPLE_CODE)
        row = Row(key=EXAMPLE_CODE, label="行政运行", code=EXAMPLE_CODE, domain=domain, level=level)  # type: ignore[arg-type]
        row.cells[column] = Cell(s.table, row.key, column, text, parse_amount(text))
        tables[s.table] = Table(id=s.table, title=spec.title, columns=list(spec.columns), rows=[row])
    return Disclosure(source=f"example:{decl.id}:{example.line}", kind="final_account", tables=tables)


def code_rows_document(decl: CodeSum, example: CodeRowsExample) -> Disclosure:
    """A document with one code table holding the example's rows: 公开05表 (figures in its “合计”
    column), 公开06表 (“决算数”) for an economic code sum (its 人员经费合计 / 公用经费合计 row too,
    for a “<row> = Σ 经济分类类级” sum), or one lane of a budget table (B09, the lane's first column)
    for a lane's code sum."""
    econ = decl.aggregate in ("econ_children", "econ_classes")
    if decl.aggregate == "subrows":
        return subrows_document(decl, example)
    if decl.lane:
        tid = decl.spec.tables[0]
        schema = TABLE_SCHEMAS[tid]
        column = schema.lane_columns[schema.lanes.index(decl.lane)][0]
    else:
        tid, column = ("06", "决算数") if econ else ("05", "合计")
        schema = FINAL_ACCOUNT_TABLES[tid]
    lane = decl.lane or None
    rows: list[Row] = []
    for code, text in example.rows:
        if code == "合计":
            row = Row(key="合计", label="合计", role="total", lane=lane)  # type: ignore[arg-type]
        elif code == decl.row:  # a 06表 total row (人员经费合计 …), in the lane the reader gives it
            row = Row(key=code, label=code, role="total", lane=ECON_CLASS_TOTALS[code])  # type: ignore[arg-type]
        else:
            domain, level = code_domain(code)
            row = Row(key=code, label=f"科目{code}", code=code, domain=domain, level=level, lane=lane)  # type: ignore[arg-type]
        row.cells[column] = Cell(tid, row.key, column, text, parse_amount(text))
        rows.append(row)
    table = Table(id=tid, title=schema.title, columns=list(schema.columns), rows=rows)
    kind = "budget" if tid.startswith("B") else "final_account"
    return Disclosure(source=f"example:{decl.id}:{example.line}", kind=kind, tables={tid: table})


def subrows_document(decl: CodeSum, example: CodeRowsExample) -> Disclosure:
    """A 公开04表 whose 收入方 holds the example's row and, under it, its sub-rows (“决算数”)."""
    tid = "04"
    schema = FINAL_ACCOUNT_TABLES[tid]
    column = schema.lane_columns[schema.lanes.index("income")][0]
    (name, _), *subrows = example.rows
    rows = [Row(key=name, label=name, lane="income")]
    rows += [Row(key=f"{name}/{sub}", label=sub, lane="income", parent=name) for sub, _ in subrows]
    for row, (_, figure) in zip(rows, example.rows, strict=True):
        row.cells[column] = Cell(tid, row.key, column, figure, parse_amount(figure))
    table = Table(id=tid, title=schema.title, columns=list(schema.columns), rows=rows)
    return Disclosure(source=f"example:{decl.id}:{example.line}", kind="final_account", tables={tid: table})


def two_sided_document(decl: TwoSidedIdentity, example: LaneTotalExample | BalanceExample) -> Disclosure:
    """A document with the declaration's first two-sided table: for a ``lane_total``, the example's
    lane printing its 本年合计 row (or item rows), the adjustment rows after it and its 总计 row, in
    the lane's first column; for a ``balance``, each lane's 总计 row, in the column the lane is
    read in."""
    tid = decl.spec.tables[0]
    spec = TABLE_SCHEMAS[tid]

    def first_column(lane: str) -> str:
        return spec.lane_columns[spec.lanes.index(lane)][0]

    def row(lane: str, name: str, role: str, column: str, text: str) -> Row:
        r = Row(key=name, label=name, lane=lane, role=role)  # type: ignore[arg-type]
        r.cells[column] = Cell(tid, name, column, text, parse_amount(text))
        return r

    rows: list[Row] = []
    if isinstance(example, LaneTotalExample):
        lane, column = example.lane, first_column(example.lane)
        if example.subtotal is not None:
            rows.append(row(lane, SUBTOTAL_KEYS[lane], "subtotal", column, example.subtotal))
        rows += [row(lane, f"项目{i}", "detail", column, t) for i, t in enumerate(example.items, 1)]
        # named as 结转结余 rows, so that the reader takes them for adjustments without a 本年合计 row too
        rows += [row(lane, f"结转结余{i}", "detail", column, t) for i, t in enumerate(example.adjustments, 1)]
        rows.append(row(lane, BALANCE_ROW, "total", column, example.total))
    else:
        name = CODED_BALANCE_ROW if tid in CODED_LANE_TABLES else BALANCE_ROW
        for lane, text in zip(decl.lanes, (example.left, example.right), strict=True):
            wanted = dict(decl.columns).get(lane)
            rows.append(row(lane, name, "total", wanted or first_column(lane), text))
    # titled so that its condition (``when``) holds, when it is about the table's title
    titled = CONDITION_TABLES[decl.when]().get(tid) if decl.when else None
    title = titled.title if titled is not None else spec.title
    table = Table(id=tid, title=title, columns=list(spec.columns), rows=rows)
    return Disclosure(source=f"example:{decl.id}:{example.line}", kind=_kind(tid), tables={tid: table})


def run_examples(idents: Sequence[Declaration]) -> list[ExampleResult]:
    """Every example of the given (loaded) declarations, through `rules.check`."""
    from rules import check
    from rules.settings import RuleConfig, default_settings

    out: list[ExampleResult] = []
    for ident in idents:
        if isinstance(ident, RowIdentity):
            documents = [(e, example_document(ident, e)) for e in ident.examples]
        elif isinstance(ident, CellClaim):
            documents = [(e, claim_document(ident, e)) for e in ident.examples]
        elif isinstance(ident, CellEquality):
            make = {"类": class_document, "科目": code_document}.get(ident.each, pair_document)
            documents = [(e, make(ident, e)) for e in ident.examples]
        elif isinstance(ident, CodeSum):
            documents = [(e, code_rows_document(ident, e)) for e in ident.examples]
        elif isinstance(ident, TwoSidedIdentity):
            documents = [(e, two_sided_document(ident, e)) for e in ident.examples]
        elif isinstance(ident, PercentageClaim):
            documents = [(e, percentage_document(ident, e)) for e in ident.examples]
        else:
            continue
        config = RuleConfig(default_settings(), select=(ident.id,))
        for example, document in documents:
            result = check(document, config)
            mine = [f for f in result.findings if f.rule_id == ident.id]
            if any(f.outcome == "broken" for f in mine):
                got = "fires"
            elif mine:
                got = "rounding"
            else:
                got = "silent"
            out.append(
                ExampleResult(ident.id, example.expect, got, example.line, tuple(f.message for f in mine))
            )
    return out
