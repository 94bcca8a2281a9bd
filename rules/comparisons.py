"""Stating comparisons between tables, in the house wording: two sides that must be equal (`equal`),
a part that cannot exceed its whole (`bound`), each 类 of a two-sided table against a code table
(`class_equalities`), and how a side names its cells (a code's: `describe`, `describe_all`, at the
level `leaf_length` gives). Kernel: the cross-table rules (and any
family comparing tables) state their comparisons through these.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure, Row, Table
from ingest.schema import FINAL_ACCOUNT_TABLES, PROJECT
from rules.catalog import RuleSpec
from rules.checks import missing_table
from rules.codes import CodeTable, class_name, class_of_label
from rules.findings import NotEvaluated
from rules.judgements import Bound, Equality, JudgementPlan, Ref, Side, ref, side
from rules.reading import (
    applies_to_final_account,
    nonzero,
    read_lane,
    row_name,
)
from rules.wording import table_name

EQUAL_TEMPLATE = "{left}，但{right}，相差{difference}{unit}。{note}"

BOUND_TEMPLATE = "{left}，大于{right}（前者是后者的一部分），超出{difference}{unit}。{note}"


def t(table: Table) -> str:
    """公开03表 / “…”（B03）."""
    return table_name(table)


def cell_side(table: Table, row: Row | None, column: str, label: str, lane_word: str = "") -> Side:
    name = row_name(row) if row is not None else label
    return side(f"{t(table)}{lane_word}“{name}”", ref(table, row, column, label))


def equal(
    plan: JudgementPlan,
    rule: RuleSpec,
    left: Side,
    right: Side,
    *,
    skip_blank: bool = False,
    note: str = "",
    judgement: type[Equality] = Equality,
) -> None:
    """Compare two sides, unless both are blank (or either, with `skip_blank`); `judgement` is
    the Equality kind (a declared rule's, decided by its own compiled rules)."""
    if is_zero(left) and is_zero(right):
        return  # nothing printed on either side but blanks or zeros: nothing to compare
    if skip_blank and (left.blank() or right.blank()):
        return
    plan.add(judgement(rule, left, right, {"note": note}), left, right)


def is_zero(s: Side) -> bool:
    return all(r.amount is None or r.amount.value == 0 for r, _ in s.refs) and s.unreadable() is None


def bound(plan: JudgementPlan, rule: RuleSpec, small: Side, large: Side, note: str = "") -> None:
    """small ≤ large, unless the small side is blank or zero (nothing can exceed)."""
    if is_zero(small):
        return
    plan.add(Bound(rule, small, large, {"note": note}, template=BOUND_TEMPLATE), small, large)


def final_account_plan(d: Disclosure, rules: tuple[RuleSpec, ...]) -> tuple[JudgementPlan, dict[str, Table]]:
    """The start of a 决算 表间 rule's plan: on a 决算 document, its 决算 tables (FINAL_ACCOUNT_TABLES)
    and a plan holding, for each of `rules`, “not evaluated” for the first required table of the
    rule that the document lacks; on any other document, an empty plan and no tables (the rules
    then state nothing)."""
    plan = JudgementPlan()
    if not applies_to_final_account(d):
        return plan, {}
    tables = {tid: tb for tid, tb in d.tables.items() if tid in FINAL_ACCOUNT_TABLES}
    for rule in rules:
        for tid in rule.tables:
            spec = FINAL_ACCOUNT_TABLES.get(tid)
            if spec is not None and spec.required and tid not in tables:
                plan.not_evaluated.append(missing_table(rule, tid, spec.title))
                break
    return plan, tables


def between_final_tables(
    d: Disclosure,
    rule: RuleSpec,
    pair: tuple[str, str],
    state: Callable[[JudgementPlan, Table, Table], None],
    empty_read: tuple[str, ...] = (),
) -> JudgementPlan:
    """A 决算 表间 rule between two tables (`pair`): its missing-table notes
    (`final_account_plan`), then `state(plan, left, right)` when both are printed and not empty
    (a table of `empty_read` also when empty: its cells read as 0)."""
    plan, tables = final_account_plan(d, (rule,))
    left, right = (tables.get(tid) if tid in empty_read else usable(tables, tid) for tid in pair)
    if left is not None and right is not None:
        state(plan, left, right)
    return plan


def usable(tables: dict[str, Table], tid: str) -> Table | None:
    """Table `tid` when it is printed and not empty."""
    tb = tables.get(tid)
    return tb if tb is not None and not tb.empty else None


def no_fiscal_project_spending(d: Disclosure) -> bool:
    """True when the 决算's fiscal spending is all basic: 05表 prints its 合计 row with no 项目支出
    above 0, and 07/08表 are absent or empty (the condition ``无财政拨款项目支出``)."""
    t05 = d.table("05")
    if t05 is None:
        return False
    total05 = CodeTable.of(t05).total
    return (
        total05 is not None
        and not nonzero(ref(t05, total05, PROJECT))
        and all((o := d.table(tid)) is None or o.empty for tid in ("07", "08"))
    )


def no_row(rule: RuleSpec, table: Table, what: str) -> NotEvaluated:
    return NotEvaluated(rule.id, f"{t(table)}未识别出{what}，无法核对“{rule.title}”。", table.id)


def class_rows(table: Table, lane: str) -> dict[str, Row]:
    """Rows of a two-sided table's lane that name a functional 类, by code."""
    out: dict[str, Row] = {}
    for r in read_lane(table, lane).items:
        code = class_of_label(r.label or r.key)
        if code is not None and code not in out:
            out[code] = r
    return out


def class_equalities(
    plan: JudgementPlan,
    rule: RuleSpec,
    two_sided: Table,
    column: str,
    codes: CodeTable,
    code_column: str,
    judgement: type[Equality] = Equality,
) -> None:
    """Each 类 of a two-sided table's expense lane = the same 类 of a code table. A 类 the code
    table has and the two-sided table does not is compared with 0 — unless a row with figures of
    the two-sided table could not be named as a 类 (it may be that one): then not evaluated.
    Declared ones (``each = "类"``, rules/identities/equalities.py) pass their `judgement` kind."""
    rows = class_rows(two_sided, "expense")
    unnamed = [
        r
        for r in read_lane(two_sided, "expense").items
        if class_of_label(r.label or r.key) is None and any(nonzero(ref(two_sided, r, c)) for c in r.cells)
    ]
    for code in sorted(set(rows) | set(codes.classes())):
        row = rows.get(code)
        if row is None and unnamed:
            plan.not_evaluated.append(
                NotEvaluated(
                    rule.id,
                    f"{t(two_sided)}支出方“{row_name(unnamed[0])}”行未能识别为功能分类类级科目，"
                    f"无法核对{t(codes.table)}“{code} {class_name(code)}”。",
                    two_sided.id,
                )
            )
            continue
        refs = codes.refs(code, code_column)
        left = side(
            f"{t(two_sided)}支出方“{row_name(row) if row is not None else class_name(code)}”"
            + ("" if row is not None else "（表中无此行）"),
            ref(two_sided, row, column, class_name(code)),
        )
        right = Side(describe(codes, code, refs), [(r, 1) for r in refs])
        equal(plan, rule, left, right, judgement=judgement)


def describe(ct: CodeTable, code: str, refs: list[Ref], column: str | None = None) -> Callable[[], str]:
    """The wording of a code's value in a table, written only when a finding needs it."""
    return lambda: ct.describe(code, refs) + (f"“{column}”栏" if column else "")


def describe_all(named: list[tuple[CodeTable, list[Ref]]], code: str, column: str) -> Callable[[], str]:
    return lambda: "＋".join(ct.describe(code, refs) for ct, refs in named) + f"“{column}”栏"


def leaf_length(*tables: CodeTable) -> int:
    return 7 if all(c.has_level(7) for c in tables) else 3
