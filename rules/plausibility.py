"""Plausibility (合理性): figures that add up but cannot be right, and what a broken sum suggests.

Warnings, never errors: a negative amount where none can be; a share above 100 %; a completion or
execution rate in a row without a budget; and, once the engine has found a broken identity, two
diagnoses of it (a second engine session over the broken checks only):

- PLA-DIGIT-SLIP: one printed figure of the broken identity, read with one digit more or fewer
  or two adjacent digits swapped (20.93 ↔ 200.93, 129.18 ↔ 129.81), makes the identity hold;
- PLA-PARENT-LT-CHILD: in a broken 类/款/项 sum, the parent row is smaller than one of its
  children.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ingest.model import Amount, Disclosure, Row, Table
from rules.catalog import Rule, RuleSpec, rule
from rules.checks import Check
from rules.engine import FactValue
from rules.findings import Finding, finding_of
from rules.judgements import Bound, Equality, Judgement, JudgementPlan, Ref, Requirement, Threshold, side
from rules.outcomes import BROKEN, HOLDS, KIND_BOUND, KIND_CHECK, ROUNDING
from rules.reading import row_name
from rules.tolerance import MONEY_UNITS, scaled_ints
from rules.wording import fmt_amount, fmt_tolerance, table_name


@rule(
    "PLA-SHARE-OVER-100",
    title="占比不应超过100%",
    severity="warning",
    family="plausibility",
    tables=("*",),
    needs="表中以%列示的占比（占、比重、比例）",
    rationale="部分占整体的比例不可能超过100%。",
    fires="授予中小企业合同金额占比 120%。",
    silent="占比 84.36%。",
    template="{table}{where}的占比为{actual}%，超过100%。",
)
def PLA_SHARE_OVER_100(d: Disclosure) -> JudgementPlan:
    """PLA-SHARE-OVER-100: what the one pass over the percentage cells (`share_plan`) states for it."""
    return share_plan(d).only(PLA_SHARE_OVER_100)


@rule(
    "PLA-RATE-NO-BUDGET",
    title="没有预算数（年初预算为0）时不应列示完成率或执行率",
    severity="warning",
    family="plausibility",
    tables=("*",),
    needs="同一行的预算数（年初预算、全年预算）与完成率、执行率",
    rationale="预算为0时完成率没有意义（除数为0），列示一个百分比说明计算或填列有误，应写明“年初未安排预算”。",
    fires="年初预算 0，完成率 435%。",
    silent="年初预算 83.14，完成率 156%；或年初预算为0且完成率栏为空。",
    template="{table}{where}的预算数为0（或未填列），却列有完成（执行）率{actual}%。",
)
def PLA_RATE_NO_BUDGET(d: Disclosure) -> JudgementPlan:
    """PLA-RATE-NO-BUDGET: what the one pass over the percentage cells (`share_plan`) states for it."""
    return share_plan(d).only(PLA_RATE_NO_BUDGET)


@rule(
    "PLA-DIGIT-SLIP",
    title="疑似多一位、少一位数字或相邻数字颠倒（如 20.93 与 200.93）",
    severity="warning",
    family="plausibility",
    tables=("*",),
    needs="不成立的表内、表间等式所涉的每个印刷数字",
    rationale="一个等式不成立时，若把其中某个数字多写或少写一位、或两位相邻数字颠倒即可成立，几乎可以断定是该数字的"
    "录入错误；指出具体数字便于单位更正。",
    fires="公开03表 2101501 行政运行 印为 129.18，合计行不平；若为 129.81 则成立。",
    silent="等式成立；或没有任何单个数字的笔误能使其成立。",
    template="{where}印为{actual}{unit}；若为{expected}{unit}（{kind}），则“{rule}”成立。",
)
def PLA_DIGIT_SLIP(broken: Broken, trusted: set[int]) -> list[Judgement]:
    """PLA-DIGIT-SLIP on one broken check: the single printed figures (none of them `trusted`, i.e.
    part of a check that holds) whose slip would make it hold (`slips`)."""
    return list(slips(broken, trusted))


@rule(
    "PLA-PARENT-LT-CHILD",
    title="上级科目金额不应小于其下级科目",
    severity="warning",
    family="plausibility",
    tables=("*",),
    needs="不成立的类、款、项级汇总所涉的上级行和下级行",
    rationale="各级科目金额均非负时，上级科目等于下级之和，不可能小于其中任何一个下级科目；出现时说明上级或该下级数字有误。",
    fires="210 卫生健康支出 96.30，其下 21015 医疗保障管理事务 593.12。",
    silent="上级科目不小于任何下级科目。",
    template="{left}，小于其下级{right}，相差{difference}{unit}。",
)
def PLA_PARENT_LT_CHILD(broken: Broken, trusted: set[int]) -> list[Judgement]:
    """PLA-PARENT-LT-CHILD on one broken check of a code hierarchy: the parent cannot be less than
    any of its children (`parent_bounds`)."""
    return parent_bounds(broken)


@rule(
    "PLA-TRANSFER-AS-BASIC",
    title="补助、救助类科目不应列基本支出",
    severity="warning",
    family="plausibility",
    tables=("03", "05", "B03", "B05"),
    needs="公开03/05表（预算B03/B05）补助、救助类款（21012 财政对基本医疗保险基金的补助、21013 医疗救助、"
    "20807 就业补助、20819–20821 最低生活保障/临时救助/特困人员供养）下各项的基本支出",
    rationale="医疗救助、参保补助等是对个人或基金的转移性支出，应作为项目支出（经济分类为对个人和家庭的补助）；"
    "列入基本支出往往意味着被记成了公用经费（如福利费），也使机关运行经费失真。",
    fires="2101301 城乡医疗救助 204.92 全部列基本支出。",
    silent="2101301 城乡医疗救助 204.92 全部列项目支出。",
    template="{table}“{where}”基本支出{actual}万元；补助、救助类科目通常为项目支出，请核实是否错列。",
)
def PLA_TRANSFER_AS_BASIC(d: Disclosure) -> JudgementPlan:
    """PLA-TRANSFER-AS-BASIC: what the one pass over the 项 (`nature_plan`) states for it."""
    return nature_plan(d).only(PLA_TRANSFER_AS_BASIC)


@rule(
    "PLA-RUNNING-PROJECT",
    title="行政运行、事业运行科目通常只有基本支出",
    severity="info",
    family="plausibility",
    tables=("03", "05", "B03", "B05"),
    needs="公开03/05表（预算B03/B05）行政运行（项级代码末两位01）、事业运行（50）科目的项目支出",
    rationale="行政运行、事业运行反映机构运转的基本支出；其中列项目支出的，应核实是否应列入具体项目科目并开展绩效评价。",
    fires="2101550 事业运行 项目支出 0.58。",
    silent="2101550 事业运行 全部为基本支出。",
    template="{table}“{where}”列有项目支出{actual}万元；运行类科目通常只有基本支出，请核实。",
)
def PLA_RUNNING_PROJECT(d: Disclosure) -> JudgementPlan:
    """PLA-RUNNING-PROJECT: what the one pass over the 项 (`nature_plan`) states for it."""
    return nature_plan(d).only(PLA_RUNNING_PROJECT)


# The diagnoses of broken checks, planned by the audit's second engine session (`diagnose`).
DIAGNOSIS_RULES: tuple[Rule, ...] = (PLA_DIGIT_SLIP, PLA_PARENT_LT_CHILD)
# 款 of transfers to persons or funds (补助、救助), whose 项 are project expenditure by nature.
TRANSFER_SECTIONS = frozenset({"21012", "21013", "20807", "20819", "20820", "20821"})
RUNNING_ITEMS = (("01", "行政运行"), ("50", "事业运行"))

# Rows/columns whose figures may legitimately be negative (结转结余 after an overdraft).
MAY_BE_NEGATIVE = ("结转", "结余")
SHARE_WORDS = ("占比", "比重", "比例", "占")
RATE_WORDS = ("完成率", "执行率", "完成预算", "预算执行")
BUDGET_WORDS = ("年初预算", "全年预算", "预算数", "调整预算")
# Rules whose broken sums are hierarchies (parent row = Σ children).
HIERARCHY_RULES = frozenset({"TAB-HIER", "TAB-COL-SUM", "T06-ECON-HIER"})
# Figures with fewer significant digits than this are not diagnosed (0.15 has too many neighbours).
MIN_SLIP_DIGITS = 3
# How many evidence cells a PLA-NEGATIVE finding lists.
MAX_NEGATIVES = 12


@dataclass(eq=False, slots=True)
class NonNegative:
    """Every listed money cell of a table is ≥ 0: one ``bound`` fact (−min ≤ 0) per table."""

    rule: RuleSpec
    table: Table
    cells: list[tuple[Row, str, Amount]]  # the printed cells checked (money, not carry-over)
    low: Amount  # the smallest of them

    @property
    def table_id(self) -> str:
        """The table."""
        return self.table.id

    def fact(self, fid: str) -> dict[str, FactValue]:
        """lhs = −(smallest value), rhs = 0, tol = 0: broken when some value is negative."""
        _, (lhs, rhs, tol) = scaled_ints([-self.low.value, Decimal(0), Decimal(0)], max(self.low.decimals, 0))
        return {"id": fid, "kind": KIND_BOUND, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """The negative cells, when there are any."""
        if outcome in (HOLDS, ROUNDING):
            return None
        negative = [Ref(self.table, r, c, row_name(r)) for r, c, a in self.cells if a.value < 0][
            :MAX_NEGATIVES
        ]
        where = "；".join(
            f"“{row_name(r.row) if r.row else r.label}”行“{r.column}”栏 {r.cell.text.strip() if r.cell else ''}"
            for r in negative
        )
        return finding_of(
            self.rule,
            BROKEN,
            fields={"table": table_name(self.table), "where": where},
            expected="≥0",
            actual=fmt_amount(self.low.value, self.low.decimals),
            evidence=[r.evidence() for r in negative],
        )


@dataclass(eq=False, slots=True)
class AtMost:
    """One printed figure is at most a constant (a share ≤ 100 %): one ``bound`` fact."""

    rule: RuleSpec
    ref: Ref
    limit: Amount

    @property
    def table_id(self) -> str:
        """The table of the figure."""
        return self.ref.table.id

    def fact(self, fid: str) -> dict[str, FactValue]:
        """lhs = the figure, rhs = the limit, tol = the figure's rounding radius."""
        a = self.ref.amount
        assert a is not None
        _, (lhs, rhs, tol) = scaled_ints([a.value, self.limit.value, a.half_ulp])
        return {"id": fid, "kind": KIND_BOUND, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """The figure above the limit."""
        if outcome in (HOLDS, ROUNDING):
            return None
        a = self.ref.amount
        assert a is not None
        where = f"“{row_name(self.ref.row) if self.ref.row else self.ref.label}”行“{self.ref.column}”栏"
        return finding_of(
            self.rule,
            BROKEN,
            fields={
                "table": table_name(self.ref.table),
                "where": where,
                "actual": fmt_amount(a.value, a.decimals),
            },
            expected=f"≤{self.limit.value}",
            actual=fmt_amount(a.value, a.decimals),
            evidence=[self.ref.evidence()],
        )


@rule(
    "PLA-NEGATIVE",
    title="收支金额不应为负数",
    severity="warning",
    family="plausibility",
    tables=("*",),
    needs="各表金额（结转、结余行栏除外）",
    rationale="收入、支出及其明细不可能为负；负数多为录入或取数错误（结转结余可因透支为负，不在此列）。",
    fires="公开05表 2101501 行政运行 基本支出 -12.30。",
    silent="全部收支金额为正数或为空。",
    template="{table}有负数金额：{where}。",
)
def PLA_NEGATIVE(d: Disclosure) -> JudgementPlan:
    """PLA-NEGATIVE: one check per table with printed money cells."""
    plan = JudgementPlan()
    for _tid, table in sorted(d.tables.items()):
        cells: list[tuple[Row, str, Amount]] = []
        for r in table.rows:
            if any(w in r.key or w in (r.parent or "") for w in MAY_BE_NEGATIVE):
                continue
            for column, cell in r.cells.items():
                a = cell.amount
                if a is None or a.unit not in MONEY_UNITS or any(w in column for w in MAY_BE_NEGATIVE):
                    continue
                cells.append((r, column, a))
        if cells:
            low = min((a for _r, _c, a in cells), key=lambda a: a.value)
            plan.judgements.append(NonNegative(PLA_NEGATIVE, table, cells, low))
    return plan


def share_plan(d: Disclosure) -> JudgementPlan:
    """PLA-SHARE-OVER-100 and PLA-RATE-NO-BUDGET on table cells printed as percentages: one pass over
    the percentage cells states both, cell by cell, so their findings in a table keep the cells'
    order (the registry lists both rules)."""
    plan = JudgementPlan()
    hundred = Amount(Decimal(100), 0, "%")
    for table in d.tables.values():
        for r in table.rows:
            for column, cell in r.cells.items():
                a = cell.amount
                if a is None or (a.unit != "%" and not cell.text.rstrip().endswith("%")):
                    continue
                ref = Ref(table, r, column, row_name(r))
                label = row_name(r) + column
                if any(w in label for w in SHARE_WORDS) and not any(w in label for w in RATE_WORDS):
                    plan.judgements.append(AtMost(PLA_SHARE_OVER_100, ref, hundred))
                if any(w in label for w in RATE_WORDS):
                    budget_cols = [c for c in r.cells if any(w in c for w in BUDGET_WORDS) and c != column]
                    if not budget_cols:
                        continue
                    budget = [Ref(table, r, c, row_name(r)) for c in budget_cols]
                    no_budget = all(b.amount is None or b.amount.value == 0 for b in budget)
                    has_rate = cell.amount is not None and cell.amount.value != 0
                    where = f"“{row_name(r)}”行"
                    message = PLA_RATE_NO_BUDGET.template.format(
                        table=table_name(table), where=where, actual=cell.text.strip().rstrip("%")
                    )
                    plan.judgements.append(
                        Requirement(
                            PLA_RATE_NO_BUDGET,
                            not (no_budget and has_rate),
                            message,
                            [ref.evidence()] + [b.evidence() for b in budget],
                            table.id,
                            expected="（不适用）",
                            actual=cell.text.strip(),
                        )
                    )
    return plan


def nature_plan(d: Disclosure) -> JudgementPlan:
    """PLA-TRANSFER-AS-BASIC and PLA-RUNNING-PROJECT on the 项 of 03/05 (B03/B05) tables: one pass
    over the 项 states both, row by row, so their findings in a table keep the rows' order (the
    registry lists both rules)."""
    plan = JudgementPlan()
    seen: set[tuple[str, str]] = set()  # (rule, code): judged once, on 05表 (the appropriation) first
    for tid in ("05", "03", "B05", "B03"):
        table = d.table(tid)
        if table is None or table.empty:
            continue
        for r in table.rows:
            code = r.code or ""
            if r.domain != "func" or len(code) != 7:
                continue
            checks = []
            if code[:5] in TRANSFER_SECTIONS:
                checks.append((PLA_TRANSFER_AS_BASIC, "基本支出"))
            if any(code.endswith(tail) and name in r.label for tail, name in RUNNING_ITEMS):
                checks.append((PLA_RUNNING_PROJECT, "项目支出"))
            for spec, column in checks:
                if (spec.id, code) in seen:
                    continue
                seen.add((spec.id, code))
                plan.judgements.append(_positive(spec, table, r, column))
    return plan


def _positive(rule: RuleSpec, table: Table, r: Row, column: str) -> Threshold:
    """The cell is blank or at most zero (a bound decided in the engine)."""
    cell = r.cells.get(column)
    a = cell.amount if cell is not None else None
    shown = fmt_amount(a.value, a.decimals) if a is not None else ""
    return Threshold(
        rule,
        KIND_BOUND,
        a.value if a is not None else Decimal(0),
        Decimal(0),
        Decimal(0),
        lambda: rule.template.format(table=table_name(table), where=r.key, actual=shown),
        lambda: [cell.evidence()] if cell is not None else [],
        table.id,
        expected="0",
        actual=shown or None,
    )


# ---------------------------------------------------------------------------------------------
# Diagnoses of broken checks (second engine session)
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Broken:
    """A broken identity or equality, as the diagnoses see it: lhs − rhs = difference."""

    rule: RuleSpec
    lhs: list[tuple[Ref, int]]
    rhs: list[tuple[Ref, int]]
    difference: Decimal  # actual − expected, in `unit`
    tolerance: Decimal
    unit: str


def slip_variants(text: str) -> list[tuple[Decimal, str]]:
    """Values the printed text becomes with one digit dropped, one inserted, or two adjacent
    digits swapped (decimals kept where the point stands), with the kind of slip."""
    t = text.strip().replace(",", "").replace(" ", "")
    m = re.fullmatch(r"(-?)(\d+)(?:\.(\d+))?", t)
    if m is None:
        return []
    sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
    digits = whole + frac
    places = len(frac)
    out: dict[str, str] = {}

    def add(ds: str, kind: str) -> None:
        if len(ds) <= places:
            return
        w, f = ds[: len(ds) - places], ds[len(ds) - places :]
        if len(w) > 1 and w.startswith("0"):
            return
        s = f"{sign}{w}.{f}" if places else f"{sign}{w}"
        if s != t:
            out.setdefault(s, kind)

    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :], "相邻两位数字颠倒")
    for i in range(len(digits)):
        add(digits[:i] + digits[i + 1 :], "多了一位数字")
    for i in range(len(digits) + 1):
        for d in "0123456789":
            add(digits[:i] + d + digits[i:], "少了一位数字")
    return [(Decimal(s), kind) for s, kind in out.items()]


@dataclass(eq=False, slots=True)
class Slip:
    """One printed figure of a broken check, read as `variant`, against the value it would need."""

    rule: RuleSpec
    broken: Broken
    ref: Ref
    variant: Decimal
    needed: Decimal
    kind: str

    @property
    def table_id(self) -> str:
        """The table of the suspect figure."""
        return self.ref.table.id

    def fact(self, fid: str) -> dict[str, FactValue]:
        """A ``check`` fact: the variant against the value that balances the broken check."""
        _, (lhs, rhs, tol) = scaled_ints([self.variant, self.needed, self.broken.tolerance])
        return {"id": fid, "kind": KIND_CHECK, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """A warning naming the suspect figure when the variant balances the check."""
        if outcome == BROKEN:
            return None
        amount = self.ref.amount
        assert amount is not None
        printed = fmt_amount(amount.value, amount.decimals)
        variant = fmt_amount(self.variant, max(amount.decimals, 0))
        where = f"{table_name(self.ref.table)}“{row_name(self.ref.row) if self.ref.row else self.ref.label}”行“{self.ref.column}”栏"
        # the diagnosis is a finding when its variant balances the broken check
        return finding_of(
            self.rule,
            BROKEN,
            fields={
                "where": where,
                "actual": printed,
                "expected": variant,
                "unit": amount.unit,
                "kind": self.kind,
                "rule": self.broken.rule.title,
            },
            expected=variant,
            actual=printed,
            difference=fmt_amount(abs(self.variant - amount.value), max(amount.decimals, 0)),
            tolerance=fmt_tolerance(self.broken.tolerance, max(amount.decimals, 0)),
            evidence=[self.ref.evidence()],
        )


def _to_unit(value: Decimal, unit: str, target: str) -> Decimal:
    if unit == target or unit not in MONEY_UNITS or target not in MONEY_UNITS:
        return value
    return value.scaleb(MONEY_UNITS[unit] - MONEY_UNITS[target])


def slips(broken: Broken, trusted: set[int]) -> list[Slip]:
    """For each printed figure of a broken check, the digit-slip reading closest to the value
    that would balance it (the engine then decides whether it does, within the tolerance)."""
    out: list[Slip] = []
    for terms, side_sign in ((broken.lhs, 1), (broken.rhs, -1)):
        for r, sign in terms:
            a = r.amount
            cell = r.cell
            if a is None or cell is None or id(cell) in trusted:
                continue
            digits = re.sub(r"\D", "", cell.text)
            if len(digits.lstrip("0")) < MIN_SLIP_DIGITS:
                continue
            # the figure's own value that would make lhs = rhs, in its own unit
            shift = _to_unit(broken.difference, broken.unit, a.unit)
            needed = a.value - side_sign * sign * shift
            variants = slip_variants(cell.text)
            if not variants:
                continue
            variant, kind = min(variants, key=lambda v: (abs(v[0] - needed), v[1]))
            out.append(Slip(PLA_DIGIT_SLIP, broken, r, variant, _to_unit(needed, a.unit, a.unit), kind))
    return out


def parent_bounds(broken: Broken) -> list[Judgement]:
    """PLA-PARENT-LT-CHILD for a broken hierarchy sum: each child ≤ the parent (lhs)."""
    if broken.rule.id not in HIERARCHY_RULES or len(broken.lhs) != 1:
        return []
    parent, _ = broken.lhs[0]
    pa = parent.amount
    if pa is None or pa.value < 0:
        return []
    out: list[Judgement] = []
    for child, sign in broken.rhs:
        ca = child.amount
        if sign < 0 or ca is None:
            continue
        out.append(
            Bound(
                PLA_PARENT_LT_CHILD,
                side(
                    f"{table_name(child.table)}下级“{row_name(child.row) if child.row else child.label}”行“{child.column}”栏",
                    child,
                ),
                side(f"上级“{row_name(parent.row) if parent.row else parent.label}”行", parent),
            )
        )
    return out


def diagnose(
    broken: Iterable[Broken], enabled: Callable[[str], bool], trusted: set[int] | None = None
) -> list[Judgement]:
    """Second-stage judgements for the broken checks of a document; `trusted` holds the ids of
    cells that take part in a check that holds (they are not suspected of a slip)."""
    out: list[Judgement] = []
    rules = [r for r in DIAGNOSIS_RULES if enabled(r.id)]
    for b in broken:
        for r in rules:  # each rule object's implementation is a function of one broken check
            out.extend(r(b, trusted or set()))
    return out


def held_cells(checks: Iterable[Check], judgements: Iterable[Judgement]) -> set[int]:
    """Ids of the printed cells that take part in checks that hold (exactly or within rounding)."""
    out: set[int] = set()
    for c in checks:
        out.add(id(c.total))
        out.update(id(t.cell) for t in c.terms)
    for j in judgements:
        if isinstance(j, Equality | Bound):
            sides = (j.left, j.right) if isinstance(j, Equality) else (j.small, j.large)
            for s in sides:
                out.update(id(r.cell) for r, _ in s.refs if r.cell is not None)
    return out


def from_check(check: Check) -> Broken:
    """A broken in-table identity as the diagnoses see it."""
    ident = check.identity
    lhs = [(Ref(ident.table, ident.row, ident.column, row_name(ident.row)), 1)]
    rhs = [(Ref(ident.table, t.row, t.column, row_name(t.row)), t.sign) for t in check.terms]
    comp = check.comparison
    return Broken(ident.rule, lhs, rhs, comp.difference, comp.tolerance, check.unit)


def from_equality(eq: Equality) -> Broken:
    """A broken cross-table equality as the diagnoses see it."""
    comp = eq.compared.comparison
    lhs = [(r, s) for r, s in eq.left.refs if r.amount is not None]
    rhs = [(r, s) for r, s in eq.right.refs if r.amount is not None]
    return Broken(eq.rule, lhs, rhs, comp.difference, comp.tolerance, eq.compared.unit)


def unique_slips(findings: Sequence[Finding]) -> list[Finding]:
    """One PLA-DIGIT-SLIP finding per suspect cell (several broken sums may point at it)."""
    seen: set[tuple[object, ...]] = set()
    out: list[Finding] = []
    for f in findings:
        if f.rule_id in (PLA_DIGIT_SLIP.id, PLA_PARENT_LT_CHILD.id):
            e = f.evidence[0] if f.evidence else {}
            key = (f.rule_id, e.get("table"), e.get("row"), e.get("column"), f.expected)
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out
