"""Non-fiscal carry-over spent by a unit with no non-fiscal income: one cause read as one finding.

A unit whose 01/02表 show no income but 财政拨款 may still start the year with non-fiscal
结转和结余 (01表 年初结转和结余 above 04表 年初财政拨款结转和结余) and spend it; 03表 then exceeds
05表 (+07、08表) by exactly the money used. Read alone, X01-04-CARRY (01 = 04 without non-fiscal
income) and X03-05-CODE (03 = 05 + 07 + 08 per 科目) each call that an error, once per cell. Read
together the identities hold:

    Σ(03 − 05 − 07 − 08) = non-fiscal carry-over used
                         = (01 年初 − 04 年初) − (01 年末 − 04 年末)   (+ non-fiscal income, none here)

When they do (within the printed precision, and no 科目 of 05 above 03), `reading` returns the
reading, X01-04-CARRY and X03-05-CODE check only their bounds, and X-NONFISCAL-CARRY reports the
one cause once. Its severity says what the document itself tells about the two readings — the
money is non-fiscal carry-over (no income line shows where it came from), or fiscal carry-over left
out of 04/05表:

- error: the 情况说明 states a fiscal figure (04/05/06表) that includes that money (the 03/01表
  figure), ruling the non-fiscal reading out; those statements' own N-AMOUNT-TABLE findings are
  folded into this one (`supersedes`);
- info: the 情况说明 states fiscal figures without that money and none with it;
- warning: the document says nothing either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.model import Claim, Disclosure, Evidence, Row, Table
from ingest.schema import BASIC, PROJECT, TOTAL
from rules.catalog import RuleSpec, rule
from rules.claim_checks import claim_evidence
from rules.codes import CodeTable
from rules.comparisons import usable
from rules.engine import FactValue
from rules.findings import Finding, Severity, finding_of
from rules.judgements import JudgementPlan, Ref, ref
from rules.outcomes import BROKEN, HOLDS, KIND_REQUIRE
from rules.reading import (
    applies_to_final_account,
    has_non_fiscal_money,
    is_carry_in,
    is_carry_out,
    lane_row,
    row_name,
    value_column,
)
from rules.tolerance import Bounds, UnitMismatch, sum_bounds
from rules.wording import fmt_amount, fmt_tolerance, places_of, table_name


@rule(
    "X-NONFISCAL-CARRY",
    title="无非财政拨款收入而有非财政拨款结转和结余时，支出决算表多于财政拨款支出决算表的部分＝其使用额",
    severity="warning",
    family="cross_table",
    tables=("01", "04", "03", "05"),
    needs="公开01表年初/年末结转和结余、各项收入；公开04表年初/年末财政拨款结转和结余；公开02表合计行；"
    "公开03表、05表（及07、08表）“合计”行与各项级科目；情况说明中财政拨款收支、支出、基本支出等数",
    rationale="01表结转和结余比04表财政拨款结转和结余多出的部分是非财政拨款结转和结余；单位当年没有非财政拨款收入时，"
    "03表超出05表（加07、08表）的支出只能来自这部分资金，应等于其使用额（年初多出数－年末多出数）。"
    "两者相符时，X01-04-CARRY、X03-05-CODE 不再逐格报错，本规则报告一次，并列出所涉科目和单元格："
    "或为非财政拨款结转和结余（但各表无任何非财政拨款收入行次，来源待说明），或为财政拨款结转资金而04、05表漏列。"
    "情况说明所称财政拨款收支、支出、基本支出等数含这部分资金时，文件本身排除了前一种解释，报 error"
    "（情况说明中这些数各自的 N-AMOUNT-TABLE 发现并入本条）；情况说明所称财政拨款数均不含这部分资金时为 info；"
    "文件未说明时为 warning。两者不符时不适用本规则，仍由 X01-04-CARRY、X03-05-CODE 逐项报告。",
    fires="01表年初结转和结余 0.63、04表年初财政拨款结转和结余未填列，03表合计比05表多 0.63（2101501 行政运行 "
    "129.81 对 129.19），情况说明称一般公共预算财政拨款支出 201.56（含这 0.63）：error。",
    silent="01表、04表年初、年末结转和结余相等（均为 0.02 或均未填列），03表逐科目等于05表。",
    template="本单位01表、02表未列任何非财政拨款收入，但{carry}，非财政拨款结转和结余使用额为{used}＝{expected}{unit}；"
    "{spent}多{actual}{unit}，两者相符（{codes}）。{verdict}。",
)
def X_NONFISCAL_CARRY(d: Disclosure) -> JudgementPlan:
    """X-NONFISCAL-CARRY on a 决算 whose figures fit the reading (`reading`); X01-04-CARRY and
    X03-05-CODE then check only their bounds."""
    plan = JudgementPlan()
    if applies_to_final_account(d) and (r := reading(d)) is not None:
        plan.judgements.append(CarryJudgement(X_NONFISCAL_CARRY, r))
    return plan


# Tables whose figures are 财政拨款 only, and the columns of 03表 that mirror 05表's.
FISCAL_TABLES = ("04", "05", "06", "07", "08")
COLUMNS_03_05: tuple[tuple[str, str], ...] = (("本年支出合计", TOTAL), (BASIC, BASIC), (PROJECT, PROJECT))
# 06表 rows that are parts of 05表's 基本支出.
BASIC_PARTS_06 = ("人员经费合计", "公用经费合计", "人员经费", "公用经费")
# Statements without the money named in an error's message (the rest are in its evidence).
SHOWN_SUPPORTING = 2
# The N-AMOUNT-TABLE findings of a contradicting statement are folded into this rule's finding.
FOLDED_RULES = ("N-AMOUNT-TABLE",)


@dataclass
class Gap:
    """One 科目 (or the 合计 row, code "") and column where 03表 exceeds the fiscal tables."""

    code: str
    column: str  # 03表's column
    spent: list[Ref]  # 03表
    fiscal: list[Ref]  # 05表 (+07、08表)
    value: Bounds  # 03 − fiscal


@dataclass
class Statement:
    """A 情况说明 figure about a fiscal table, with the two values it may be read against."""

    claim: Claim
    fiscal: Bounds  # the fiscal table's figure
    including: Bounds  # the same figure with the non-fiscal money (03/01表's, or 06表's + the basic gap)
    where: str  # 公开05表“合计”行“基本支出”栏
    refs: list[Ref]


@dataclass
class Balance:
    """年初 or 年末: 01表's 结转和结余 against 04表's 财政拨款结转和结余 (01 − 04 = non-fiscal part)."""

    word: str  # 年初 / 年末
    all_funds: list[Ref]  # 01表
    fiscal: list[tuple[Ref, int]]  # 04表: its row (or sub-rows), or 总计 − 本年收入（支出）合计
    value: Bounds  # 01 − 04
    fiscal_words: str  # how the 04表 side is named


@dataclass
class Reading:
    """The figures of one document read as non-fiscal carry-over spent (all in `unit`)."""

    unit: str
    start: Balance
    end: Balance
    used: Bounds  # start − end: the non-fiscal carry-over used
    spent: Bounds  # 03 − (05 + 07 + 08), 合计 row, 本年支出合计
    fit: Bounds  # spent − used
    spent_refs: list[Ref]  # 03表 合计
    fiscal_refs: list[Ref]  # 05 (+07、08)表 合计
    gaps: list[Gap]  # per 科目 and column, beyond rounding
    totals: dict[str, Bounds]  # 合计 row gap per 03表 column
    contradicting: list[Statement] = field(default_factory=list)
    supporting: list[Statement] = field(default_factory=list)

    def terms(self) -> list[tuple[Ref, int]]:
        """Every printed position of D − U with its sign."""
        out = [(r, 1) for r in self.spent_refs] + [(r, -1) for r in self.fiscal_refs]
        for b, sign in ((self.start, -1), (self.end, 1)):
            out += [(r, sign) for r in b.all_funds] + [(r, -sign * s) for r, s in b.fiscal]
        return out


# ---------------------------------------------------------------------------------------------
# Reading the figures
# ---------------------------------------------------------------------------------------------


def _bounds(terms: Sequence[tuple[Ref, int]], unit: str) -> Bounds:
    printed = [(r.amount, s) for r, s in terms if r.amount is not None]
    if not printed:
        return Bounds(Decimal(0), Decimal(0))
    return sum_bounds(printed, unit)[0]


def _beyond(b: Bounds) -> int:
    """+1 / −1 when the interval lies wholly above / below zero, 0 when zero is inside."""
    if b.value > b.radius:
        return 1
    if b.value < -b.radius:
        return -1
    return 0


def _fits(a: Bounds, b: Bounds) -> bool:
    return abs(a.value - b.value) <= a.radius + b.radius


def _unit(*tables: Table) -> str:
    for tb in tables:
        for r in tb.rows:
            for c in r.cells.values():
                if c.amount is not None and c.amount.unit in ("万元", "元"):
                    return c.amount.unit
    return "万元"


def _balance(t01: Table, t04: Table, lane: str, word: str, unit: str) -> Balance | None:
    is_carry = is_carry_in if lane == "income" else is_carry_out
    r01 = lane_row(t01, lane, is_carry)
    if r01 is None:
        return None
    col01 = value_column(t01, lane, ("决算数",)) or "决算数"
    col04 = value_column(t04, lane, ("决算数", TOTAL)) or "决算数"
    all_funds = [ref(t01, r01, col01)]
    r04 = lane_row(t04, lane, is_carry)
    if r04 is not None:
        own = ref(t04, r04, col04)
        kids = [ref(t04, r, col04) for r in t04.rows if r.lane == lane and r.parent == r04.key]
        printed = [k for k in kids if k.amount is not None]
        refs04 = [own] if own.amount is not None or not printed else printed
        fiscal = [(r, 1) for r in refs04]
        words = f"{table_name(t04)}“{row_name(r04)}”"
    else:
        # a template without the row: the carry-over is what 总计 adds to the year's total
        year = "本年收入合计" if lane == "income" else "本年支出合计"
        total = lane_row(t04, lane, lambda n: n == "总计")
        sub = lane_row(t04, lane, lambda n: n == year)
        if total is None or sub is None:
            return None
        a, b = ref(t04, total, col04), ref(t04, sub, col04)
        if a.amount is None or b.amount is None:
            return None
        fiscal = [(a, 1), (b, -1)]
        words = f"{table_name(t04)}未列{word}财政拨款结转和结余行（“总计”－“{year}”）"
    if any(r.unreadable() for r in all_funds) or any(r.unreadable() for r, _ in fiscal):
        return None
    value = _bounds([(r, 1) for r in all_funds] + [(r, -s) for r, s in fiscal], unit)
    return Balance(word, all_funds, fiscal, value, words)


def _gaps(c03: CodeTable, fiscal: list[CodeTable], unit: str) -> list[Gap] | None:
    """Per 科目 and column, 03 − fiscal beyond rounding; None when a fiscal 科目 exceeds 03表."""
    coded = [c for c in (c03, *fiscal) if c.codes()]  # a fiscal table of only its 合计 row has no say
    length = 7 if all(c.has_level(7) for c in coded) else 3
    codes = sorted({c[:length] for ct in coded for c in ct.codes() if len(c) >= length})
    out: list[Gap] = []
    for code in codes:
        for col03, col05 in COLUMNS_03_05:
            spent = c03.refs(code, col03)
            paid = [r for ct in fiscal for r in ct.refs(code, col05)]
            if any(r.unreadable() for r in spent + paid):
                return None
            b = _bounds([(r, 1) for r in spent] + [(r, -1) for r in paid], unit)
            side = _beyond(b)
            if side < 0:
                return None  # a fiscal 科目 above 03表: X03-05-CODE's own finding
            if side > 0:
                out.append(Gap(code, col03, spent, paid, b))
    return out


def reading(d: Disclosure) -> Reading | None:
    """The non-fiscal carry-over reading of the document's figures, or None when it does not apply
    (some non-fiscal income, no difference between 01表's and 04表's carry-over, a table or row
    missing) or the figures do not fit it (then the per-cell rules report what they see)."""
    t01, t04, t03, t05 = (usable(d.tables, tid) for tid in ("01", "04", "03", "05"))
    if t01 is None or t04 is None or t03 is None or t05 is None or has_non_fiscal_money(d):
        return None
    unit = _unit(t01, t04, t03, t05)
    try:
        start = _balance(t01, t04, "income", "年初", unit)
        end = _balance(t01, t04, "expense", "年末", unit)
        if start is None or end is None:
            return None
        if _beyond(start.value) < 0 or _beyond(end.value) < 0:
            return None  # 04 above 01: X01-04-CARRY's own finding
        if _beyond(start.value) == 0 and _beyond(end.value) == 0:
            return None  # no non-fiscal carry-over: nothing to read together
        c03 = CodeTable.of(t03)
        fiscal = [CodeTable.of(tb) for tid in ("05", "07", "08") if (tb := usable(d.tables, tid)) is not None]
        if c03.total is None or any(ct.total is None for ct in fiscal):
            return None
        totals: dict[str, Bounds] = {}
        spent_refs: list[Ref] = []
        fiscal_refs: list[Ref] = []
        for col03, col05 in COLUMNS_03_05:
            s = [ref(t03, c03.total, col03)]
            p = [ref(ct.table, ct.total, col05) for ct in fiscal]
            if any(r.unreadable() for r in s + p):
                return None
            totals[col03] = _bounds([(r, 1) for r in s] + [(r, -1) for r in p], unit)
            if col03 == "本年支出合计":
                spent_refs, fiscal_refs = s, p
        gaps = _gaps(c03, fiscal, unit)
        if gaps is None:
            return None
        used = _bounds(
            [(r, 1) for r in start.all_funds]
            + [(r, -s) for r, s in start.fiscal]
            + [(r, -1) for r in end.all_funds]
            + [(r, s) for r, s in end.fiscal],
            unit,
        )
        out = Reading(
            unit=unit,
            start=start,
            end=end,
            used=used,
            spent=totals["本年支出合计"],
            fit=Bounds(Decimal(0), Decimal(0)),
            spent_refs=spent_refs,
            fiscal_refs=fiscal_refs,
            gaps=gaps,
            totals=totals,
        )
        out.fit = _bounds(out.terms(), unit)  # D − U, every printed figure once with its rounding
        if _beyond(out.fit) != 0:
            return None
        _read_statements(d, out, c03, fiscal)
    except UnitMismatch:
        return None
    return out


# ---------------------------------------------------------------------------------------------
# What the 情况说明 says about the fiscal figures
# ---------------------------------------------------------------------------------------------


def _claim_cell(d: Disclosure, claim: Claim) -> tuple[Table, Row, str] | None:
    """The table position a claim restates (its first printed reference)."""
    for cr in claim.refs:
        tb = d.table(cr.table)
        row = tb.row(cr.row, cr.lane) if tb is not None else None
        if tb is None or row is None:
            continue
        cell = row.cells.get(cr.column)
        if cell is not None and cell.amount is not None:
            return tb, row, cr.column
    return None


def _gap_of(c03: CodeTable, fiscal: list[CodeTable], code: str, col05: str, unit: str) -> Bounds | None:
    col03 = next((a for a, b in COLUMNS_03_05 if b == col05), None)
    if col03 is None:
        return None
    spent = c03.refs(code, col03)
    paid = [r for ct in fiscal for r in ct.refs(code, col05)]
    return _bounds([(r, 1) for r in spent] + [(r, -1) for r in paid], unit)


def _money_in(
    r: Reading, tb: Table, row: Row, column: str, c03: CodeTable, fiscal: list[CodeTable]
) -> Bounds | None:
    """The non-fiscal money a figure would include if it were stated as 03/01表 state it."""
    name = row_name(row)
    if tb.id in ("05", "07", "08"):
        ct = next((c for c in fiscal if c.table is tb), None)
        if ct is None:
            return None
        if row is ct.total:
            return r.totals.get(next((a for a, b in COLUMNS_03_05 if b == column), ""))
        return _gap_of(c03, fiscal, row.code, column, r.unit) if row.code else None
    if tb.id == "04":
        if name == "总计":
            return r.start.value
        if name == "本年支出合计":
            return r.spent
        return None
    if tb.id == "06" and any(name.startswith(w) for w in BASIC_PARTS_06):
        return r.totals.get(BASIC)
    return None


def _read_statements(d: Disclosure, r: Reading, c03: CodeTable, fiscal: list[CodeTable]) -> None:
    for claim in d.claims:
        v = claim.value
        if claim.kind != "amount" or claim.metric != "final" or v is None or v.unit not in ("万元", "元"):
            continue
        hit = _claim_cell(d, claim)
        if hit is None or hit[0].id not in FISCAL_TABLES:
            continue
        tb, row, column = hit
        money = _money_in(r, tb, row, column, c03, fiscal)
        if money is None or _beyond(money) <= 0:
            continue
        cell = ref(tb, row, column)
        fiscal_value = _bounds([(cell, 1)], r.unit)
        including = Bounds(fiscal_value.value + money.value, fiscal_value.radius + money.radius)
        said = sum_bounds([(v, 1)], r.unit)[0]
        as_fiscal, as_all = _fits(said, fiscal_value), _fits(said, including)
        statement = Statement(claim, fiscal_value, including, _position(cell), [cell])
        if as_all and not as_fiscal:
            r.contradicting.append(statement)
        elif as_fiscal and not as_all:
            r.supporting.append(statement)


def _position(r: Ref) -> str:
    name = (r.row.key if r.row.code else row_name(r.row)) if r.row is not None else r.label
    return f"{table_name(r.table)}“{name}”行“{r.column}”栏"


# ---------------------------------------------------------------------------------------------
# The finding
# ---------------------------------------------------------------------------------------------


def _said(s: Statement) -> str:
    where = f"“{s.claim.section}”" if s.claim.section else ""
    return f"情况说明{where}称{s.claim.subject}{s.claim.text}"


@dataclass(eq=False)
class CarryJudgement:
    """X-NONFISCAL-CARRY on one document whose figures fit the reading (always reported)."""

    rule: RuleSpec
    reading: Reading

    @property
    def table_id(self) -> str:
        """Filed under 公开01表, where the carry-over is printed."""
        return "01"

    def fact(self, fid: str) -> dict[str, FactValue]:
        """A ``require`` fact that is not met: the reading is always worth a finding."""
        return {"id": fid, "kind": KIND_REQUIRE, "ok": 0}

    def severity(self) -> Severity:
        """error when the 情况说明 rules the non-fiscal reading out, info when it bears it out,
        warning when it says nothing either way."""
        r = self.reading
        if r.contradicting:
            return "error"
        return "info" if r.supporting else "warning"

    def supersedes(self, finding: Finding) -> bool:
        """True for a narrative finding on a statement this finding already names."""
        if finding.rule_id not in FOLDED_RULES or not self.reading.contradicting:
            return False
        said = {(s.claim.sentence, s.claim.text) for s in self.reading.contradicting}
        return any((e.get("quote"), e.get("figure")) in said for e in finding.evidence)

    def finding(self, outcome: str) -> Finding | None:
        """The one finding of the cause, at the severity the document's own words allow."""
        if outcome == HOLDS:
            return None
        if outcome != BROKEN:
            raise ValueError(f"unexpected outcome {outcome!r} for {self.rule.id}")
        r = self.reading
        unit = r.unit
        values = [r.used.value, r.spent.value, r.start.value.value, r.end.value.value]
        values += [g.value.value for g in r.gaps]
        places = max(places_of(values), 2)

        def f(b: Bounds) -> str:
            return fmt_amount(b.value, places)

        def show(refs: Sequence[Ref]) -> str:
            printed = [x.amount for x in refs if x.amount is not None]
            if not printed:
                return "未填列"
            return "为" + fmt_amount(sum_bounds([(a, 1) for a in printed], unit)[0].value, places) + unit

        parts = []
        for b in (r.start, r.end):
            if b.value.value == 0 and all(x.amount is None or x.amount.value == 0 for x in b.all_funds):
                parts.append(f"{b.word}结转和结余两表均未列数（空或0）")
                continue
            parts.append(
                f"{table_name(b.all_funds[0].table)}“{b.word}结转和结余”{show(b.all_funds)}，"
                f"{b.fiscal_words}{_fiscal_shown(b, unit, places)}，多出{f(b.value)}{unit}"
            )
        fields = {
            "carry": "；".join(parts),
            "used": f"{f(r.start.value)}－{f(r.end.value)}",
            "expected": f(r.used),
            "spent": f"{table_name(r.spent_refs[0].table)}“合计”行“本年支出合计”{show(r.spent_refs)}，"
            f"比05表（加07、08表）“合计”{show(r.fiscal_refs)}",
            "actual": f(r.spent),
            "unit": unit,
            "codes": _codes_words(r, places, unit),
        }
        severity = self.severity()
        if severity == "error":
            said = "；".join(
                f"{_said(s)}（{s.where}为{fmt_amount(s.fiscal.value, places)}{unit}，"
                f"加上这部分资金为{fmt_amount(s.including.value, places)}{unit}）"
                for s in r.contradicting
            )
            besides = ""
            if r.supporting:
                others = "；".join(_said(s) for s in r.supporting[:SHOWN_SUPPORTING])
                more = "等" if len(r.supporting) > SHOWN_SUPPORTING else ""
                besides = f"（{others}{more}则不含这部分资金，前后不一）"
            verdict = (
                f"而{said}，即把这部分资金算作财政拨款{besides}，排除了“非财政拨款结转和结余”的解释："
                "应是财政拨款结转资金的收支在04表年初、年末财政拨款结转和结余及05、06表中漏列，"
                "或情况说明所称财政拨款数有误，请核实更正"
            )
        elif severity == "info":
            said = "；".join(f"{_said(s)}（与{s.where}相同，不含这部分资金）" for s in r.supporting)
            verdict = f"{said}，与“非财政拨款结转和结余”的解释一致；请在情况说明中说明这部分非财政拨款结转和结余的来源"
        else:
            verdict = (
                "文件未说明这部分资金的性质，请核实属于哪种情况：一是非财政拨款结转和结余"
                "（但各表均无非财政拨款收入行次，应说明其来源）；二是财政拨款结转资金，"
                "而04表年初、年末财政拨款结转和结余及05、06表漏列了其收支"
            )
        fields["verdict"] = verdict
        return finding_of(
            self.rule,
            outcome,
            fields=fields,
            severity=severity,
            expected=fields["expected"],
            actual=fields["actual"],
            difference=fmt_amount(abs(r.fit.value), places),
            tolerance=fmt_tolerance(r.fit.radius, places),
            evidence=_evidence(r),
        )


def _fiscal_shown(b: Balance, unit: str, places: int) -> str:
    printed = [(r.amount, s) for r, s in b.fiscal if r.amount is not None]
    if not printed:
        return "未填列"
    if len(b.fiscal) == 1 or all(s > 0 for _, s in b.fiscal):
        return "为" + fmt_amount(sum_bounds(printed, unit)[0].value, places) + unit
    shown = "－".join(fmt_amount(a.value, places) for a, _ in printed)
    return f"为{shown}＝{fmt_amount(sum_bounds(printed, unit)[0].value, places)}{unit}"


def _codes_words(r: Reading, places: int, unit: str) -> str:
    if not r.gaps:
        return "各科目均无差额，结转和结余未动用"
    by_code: dict[str, list[Gap]] = {}
    for g in r.gaps:
        by_code.setdefault(g.code, []).append(g)
    items = []
    for code, gaps in by_code.items():
        row = gaps[0].spent[0].row if gaps[0].spent else None
        name = f"{code} {row.label}" if row is not None and row.label else code
        cols = "、".join(f"{g.column}多{fmt_amount(g.value.value, places)}{unit}" for g in gaps)
        items.append(f"{name}：{cols}")
    return "所涉科目：" + "；".join(items)


def _evidence(r: Reading) -> list[Evidence]:
    refs: list[Ref] = []
    for b in (r.start, r.end):
        refs += b.all_funds + [x for x, _ in b.fiscal]
    refs += r.spent_refs + r.fiscal_refs
    for g in r.gaps:
        refs += g.spent + g.fiscal
    for s in r.contradicting + r.supporting:
        refs += s.refs
    out: list[Evidence] = []
    seen: set[tuple[object, ...]] = set()
    for x in refs:
        e = x.evidence()
        key = (e["table"], e["row"], e["column"])
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    out += [claim_evidence(s.claim) for s in r.contradicting + r.supporting]
    return out
