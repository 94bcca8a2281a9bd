"""Drawing the exact 元 amounts of a consistent synthetic 部门决算.

Everything is an integer number of 元 and every identity holds exactly here; the tables print
these amounts rounded to 0.01 万元, so the printed totals show the usual 尾差 against the sums of
their printed parts. The draw is a pure function of a `random.Random`.
"""

from __future__ import annotations

import copy
import math
import random
from dataclasses import dataclass, field, replace

from auditor.synth.catalog import PERSONNEL_ITEMS, PLACES, PROFILES, FuncItem, Profile

# Size of a unit: total 本年支出 drawn log-uniformly between these (元).
TOTAL_MIN_YUAN = 1_200_000
TOTAL_MAX_YUAN = 28_000_000


@dataclass
class FuncLine:
    """One functional 项 with its exact amounts in 元."""

    item: FuncItem
    basic_gp: int = 0  # 基本支出 from 一般公共预算财政拨款
    project_gp: int = 0  # 项目支出 from 一般公共预算财政拨款
    basic_other: int = 0  # 基本支出 from 事业收入 / 其他收入
    project_other: int = 0
    inc_fin: int = 0  # 财政拨款收入
    inc_biz: int = 0  # 事业收入
    inc_other: int = 0  # 其他收入
    budget: int = 0  # 年初预算 of its 一般公共预算 spending (narrative only)

    @property
    def code(self) -> str:
        """Its 7-digit code."""
        return self.item.code

    @property
    def gp_total(self) -> int:
        """一般公共预算财政拨款 spending (05表 合计)."""
        return self.basic_gp + self.project_gp

    @property
    def basic(self) -> int:
        """All 基本支出 (03表)."""
        return self.basic_gp + self.basic_other

    @property
    def project(self) -> int:
        """All 项目支出 (03表)."""
        return self.project_gp + self.project_other

    @property
    def expense(self) -> int:
        """本年支出合计 (03表)."""
        return self.basic + self.project

    @property
    def income(self) -> int:
        """本年收入合计 (02表)."""
        return self.inc_fin + self.inc_biz + self.inc_other


@dataclass
class ThreePublic:
    """“三公”经费 plus 会议费/培训费, one row of 09表 (元)."""

    abroad: int = 0
    car_buy: int = 0
    car_run: int = 0
    reception: int = 0
    meeting: int = 0
    training: int = 0

    @property
    def car(self) -> int:
        """公务用车购置及运行维护费."""
        return self.car_buy + self.car_run

    @property
    def total(self) -> int:
        """“三公”经费合计 (会议费/培训费 are not part of it)."""
        return self.abroad + self.car + self.reception


@dataclass
class Amounts:
    """The exact truth of one synthetic disclosure, in 元."""

    unit: str
    profile: Profile
    lines: list[FuncLine]
    econ: dict[str, int]  # economic item code → 元 (06表 items; classes are sums)
    carry_in: int
    carry_out: int
    tp_budget: ThreePublic
    tp_final: ThreePublic
    prior: dict[str, int] = field(default_factory=dict)  # last year's figures for the narrative
    procurement: dict[str, int] = field(default_factory=dict)  # goods/works/services/sme
    staff: dict[str, int] = field(default_factory=dict)  # quota/actual/retired/vehicles
    # 非财政拨款结转和结余 (01表 only, not 04表) at the start and the end of the year; the difference
    # is spent as 基本支出 (03表, not 05表) although no non-fiscal income comes in this year
    nf_carry_in: int = 0
    nf_carry_out: int = 0

    @property
    def personnel(self) -> int:
        """人员经费 (301 + 303)."""
        return sum(v for k, v in self.econ.items() if k[:3] in ("301", "303"))

    @property
    def operating(self) -> int:
        """公用经费 (302 + 307 + 310 + 399)."""
        return sum(v for k, v in self.econ.items() if k[:3] not in ("301", "303"))


def split_exact(total: int, weights: list[float]) -> list[int]:
    """Split an integer into parts proportional to `weights` whose sum is exactly `total`."""
    if total == 0 or not weights:
        return [0] * len(weights)
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [math.floor(r) for r in raw]
    rest = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def _pick_lines(rng: random.Random, profile: Profile, n_items: int | None) -> list[FuncItem]:
    """Choose the 项 of this unit: its 行政运行, the personnel 项, then some of the rest."""
    personnel = {i.code: i for i in PERSONNEL_ITEMS}
    chosen: dict[str, FuncItem] = {profile.main[0].code: profile.main[0]}
    for code in ("2080505", "2080506", "2101101", "2210201"):
        chosen[code] = personnel[code]
    project_like = [i for i in profile.main[1:] if i.role != "basic"]
    first_project = rng.choice(project_like)
    chosen[first_project.code] = first_project
    pool = [i for i in profile.main[1:] + profile.extra if i.code not in chosen]
    pool += [personnel[c] for c in ("2080501", "2080502", "2101102", "2101103", "2210202", "2210203")]
    target = n_items if n_items is not None else rng.randint(7, 13)
    rng.shuffle(pool)
    for item in pool:
        if len(chosen) >= target:
            break
        chosen[item.code] = item
    return [chosen[c] for c in sorted(chosen)]


def _maybe(rng: random.Random, p: float, lo: float, hi: float) -> float:
    """With probability p a uniform draw in [lo, hi], else 0."""
    return rng.uniform(lo, hi) if rng.random() < p else 0.0


def _draw_personnel(rng: random.Random, target: int, codes: set[str]) -> dict[str, int]:
    """Personnel items (301, 303) summing to about `target` 元."""
    wage_w = {
        "30101": rng.uniform(0.30, 0.40),
        "30102": rng.uniform(0.15, 0.30),
        "30103": _maybe(rng, 0.6, 0.02, 0.08),
        "30107": rng.uniform(0.15, 0.30),
    }
    frac = {
        "30108": 0.16,
        "30109": 0.08,
        "30110": rng.uniform(0.06, 0.09),
        "30111": rng.uniform(0.01, 0.03) if "2101103" in codes else 0.0,
        "30112": rng.uniform(0.003, 0.012),
        "30113": 0.12,
        "30114": _maybe(rng, 0.15, 0.01, 0.03),
        "30199": _maybe(rng, 0.4, 0.01, 0.04),
        "30301": _maybe(rng, 0.2, 0.01, 0.03) if "2080501" in codes or "2080502" in codes else 0.0,
        "30302": rng.uniform(0.03, 0.10) if "2080501" in codes or "2080502" in codes else 0.0,
        "30305": _maybe(rng, 0.4, 0.01, 0.04),
        "30309": _maybe(rng, 0.2, 0.002, 0.01),
    }
    base = round(target / (1 + sum(frac.values())))
    wage_codes = sorted(wage_w)
    out = dict(zip(wage_codes, split_exact(base, [wage_w[c] for c in wage_codes]), strict=True))
    for code, f in frac.items():
        out[code] = round(base * f)
    return {k: v for k, v in sorted(out.items()) if v > 0}


def _draw_operating(rng: random.Random, target: int, wages: int) -> dict[str, int]:
    """Operating items (302, 310) summing exactly to `target` 元, with the 三公 items small."""
    out: dict[str, int] = {}
    special = {
        "30217": _maybe(rng, 0.7, 0.004, 0.025),
        "30231": _maybe(rng, 0.6, 0.02, 0.08),
        "30212": _maybe(rng, 0.08, 0.01, 0.04),
        "30215": _maybe(rng, 0.5, 0.005, 0.03),
        "30216": _maybe(rng, 0.5, 0.005, 0.03),
        "31002": _maybe(rng, 0.5, 0.01, 0.06),
        "30229": _maybe(rng, 0.7, 0.01, 0.03),
    }
    if special["30231"] and rng.random() < 0.08:
        special["31013"] = rng.uniform(0.10, 0.25)
    for code, f in special.items():
        if f:
            out[code] = round(target * f)
    out["30228"] = min(round(wages * 0.02), target // 10)
    rest = target - sum(out.values())
    spread = ["30201", "30211"] + [
        c
        for c in (
            "30202",
            "30205",
            "30206",
            "30207",
            "30209",
            "30213",
            "30214",
            "30226",
            "30227",
            "30239",
            "30299",
        )
        if rng.random() < 0.5
    ]
    weights = [
        rng.uniform(0.10, 0.30) if c in ("30201", "30211") else rng.uniform(0.02, 0.20) for c in spread
    ]
    for code, v in zip(spread, split_exact(rest, weights), strict=True):
        out[code] = out.get(code, 0) + v
    return {k: v for k, v in sorted(out.items()) if v > 0}


def _round_up(yuan: float, step: int = 100) -> int:
    return int(math.ceil(yuan / step) * step)


def draw_amounts(
    rng: random.Random, unit_name: str | None, n_items: int | None, *, non_fiscal_carry: bool = False
) -> Amounts:
    """Draw a consistent set of exact amounts for one unit; `non_fiscal_carry`: the unit has no
    non-fiscal income but spends non-fiscal carry-over of earlier years."""
    profile = rng.choice(PROFILES)
    unit = unit_name or f"{rng.choice(PLACES)}{profile.agency}"
    items = _pick_lines(rng, profile, n_items)
    codes = {i.code for i in items}
    lines = {i.code: FuncLine(i) for i in items}

    total = int(math.exp(rng.uniform(math.log(TOTAL_MIN_YUAN), math.log(TOTAL_MAX_YUAN))))
    basic_target = round(total * rng.uniform(0.55, 0.92))
    personnel_target = round(basic_target * rng.uniform(0.72, 0.88))
    econ = _draw_personnel(rng, personnel_target, codes)
    wages = sum(econ.get(c, 0) for c in ("30101", "30102", "30103", "30107"))
    personnel = sum(econ.values())
    econ.update(_draw_operating(rng, basic_target - personnel, wages))
    econ = dict(sorted(econ.items()))
    basic_total = sum(econ.values())

    # 基本支出 of the personnel 项 restates economic items (养老保险 = 30108, 公积金 = 30113 …).
    linked: dict[str, int] = {"2080505": econ.get("30108", 0), "2080506": econ.get("30109", 0)}
    med = [c for c in ("2101101", "2101102") if c in codes]
    for code, v in zip(
        med, split_exact(econ.get("30110", 0), [rng.uniform(0.3, 0.7) for _ in med]), strict=True
    ):
        linked[code] = v
    if "2101103" in codes:
        linked["2101103"] = econ.get("30111", 0)
    linked["2210201"] = econ.get("30113", 0)
    for code in ("2210202", "2210203"):
        if code in codes:
            linked[code] = round(econ.get("30102", 0) * rng.uniform(0.03, 0.08))
    retire = [c for c in ("2080501", "2080502") if c in codes]
    pension = econ.get("30301", 0) + econ.get("30302", 0)
    for code, v in zip(retire, split_exact(pension, [rng.uniform(0.3, 0.7) for _ in retire]), strict=True):
        linked[code] = v
    for code, v in linked.items():
        lines[code].basic_gp = v

    running = [
        i
        for i in items
        if i.code not in linked and (i.role == "basic" or (i.role == "mixed" and rng.random() < 0.5))
    ]
    if not running:
        running = [profile.main[0]]
    weights = [
        rng.uniform(0.5, 1.0)
        if i.role == "basic" and i.code.endswith("01")
        else rng.uniform(0.3, 0.8)
        if i.role == "basic"
        else rng.uniform(0.05, 0.25)
        for i in running
    ]
    for item, v in zip(running, split_exact(basic_total - sum(linked.values()), weights), strict=True):
        lines[item.code].basic_gp += v

    project_items = [
        i
        for i in items
        if i.role == "project" or (i.role == "mixed" and (lines[i.code].basic_gp == 0 or rng.random() < 0.6))
    ]
    project_total = max(total - basic_total, 0) if project_items else 0
    for item, v in zip(
        project_items, split_exact(project_total, [rng.uniform(0.1, 1.0) for _ in project_items]), strict=True
    ):
        lines[item.code].project_gp = v

    # Non-appropriation money (事业收入 / 其他收入), spent in the year it came in.
    if rng.random() < 0.3 and not non_fiscal_carry:
        biz_line = next(
            (lines[c] for c in sorted(codes) if c.endswith("50") and c[:5] == profile.main[0].code[:5]), None
        )
        target_line = biz_line or lines[profile.main[0].code]
        amount = round(total * rng.uniform(0.02, 0.12))
        target_line.basic_other = amount
        if biz_line is not None:
            target_line.inc_biz = amount
        else:
            target_line.inc_other = amount

    for ln in lines.values():
        ln.inc_fin = ln.gp_total

    # 财政拨款结转和结余: the difference between carry-out and carry-in is income of one project 项.
    carry_in = carry_out = 0
    with_project = sorted(
        (ln for ln in lines.values() if ln.project_gp > 0), key=lambda ln: (-ln.project_gp, ln.code)
    )
    if with_project and rng.random() < 0.45:
        carry_in = round(total * rng.uniform(0.005, 0.06)) if rng.random() < 0.7 else 0
        carry_out = round(total * rng.uniform(0.005, 0.06)) if rng.random() < 0.7 else 0
        host = with_project[0]
        if carry_in - carry_out > host.project_gp // 2:
            carry_in = carry_out + host.project_gp // 2
        host.inc_fin += carry_out - carry_in

    nf_in = nf_out = 0
    if non_fiscal_carry:
        # spent on the 基本支出 of the unit's own 运行 项: 03表 exceeds 05表 there by the money used
        used = max(round(total * rng.uniform(0.002, 0.03)), 2000)
        nf_out = round(total * rng.uniform(0.002, 0.02)) if rng.random() < 0.5 else 0
        nf_in = used + nf_out
        lines[profile.main[0].code].basic_other += used

    tp_final = ThreePublic(
        abroad=econ.get("30212", 0),
        car_buy=econ.get("31013", 0),
        car_run=econ.get("30231", 0),
        reception=econ.get("30217", 0),
        meeting=econ.get("30215", 0),
        training=econ.get("30216", 0),
    )

    def budget_of(final: int) -> int:
        if final > 0:
            return _round_up(final * rng.uniform(1.0, 1.35))
        return _round_up(rng.uniform(2000, 20000)) if rng.random() < 0.3 else 0

    tp_budget = ThreePublic(
        abroad=budget_of(tp_final.abroad),
        car_buy=budget_of(tp_final.car_buy) if tp_final.car_buy else 0,
        car_run=budget_of(tp_final.car_run),
        reception=budget_of(tp_final.reception),
        meeting=budget_of(tp_final.meeting),
        training=budget_of(tp_final.training),
    )

    for ln in lines.values():
        if ln.gp_total == 0:
            continue
        if ln.item.role == "project" and rng.random() < 0.3:
            ln.budget = 0  # added during the year
        else:
            ln.budget = _round_up(ln.gp_total * rng.uniform(0.75, 1.2))

    grand = sum(ln.income for ln in lines.values()) + carry_in
    gp_exp = sum(ln.gp_total for ln in lines.values())
    fin_total = sum(ln.inc_fin for ln in lines.values()) + carry_in
    operating = sum(v for k, v in econ.items() if k[:3] not in ("301", "303"))
    prior = {
        "grand_total": round(grand * rng.uniform(0.8, 1.2)),
        "fin_total": round(fin_total * rng.uniform(0.8, 1.2)),
        "gp_expense": round(gp_exp * rng.uniform(0.8, 1.2)),
        "three_public": round(tp_final.total * rng.uniform(0.7, 1.3))
        if rng.random() < 0.8
        else tp_final.total,
        "agency_running": round(operating * rng.uniform(0.8, 1.2)),
    }
    goods = round((econ.get("31002", 0) + econ.get("30201", 0)) * rng.uniform(0.0, 0.6))
    services = round(
        (econ.get("30227", 0) + econ.get("30213", 0) + econ.get("30226", 0)) * rng.uniform(0.0, 0.5)
    )
    works = round(project_total * rng.uniform(0.02, 0.10)) if rng.random() < 0.2 else 0
    procurement = {"goods": goods, "works": works, "services": services}
    procurement["sme"] = round((goods + works + services) * rng.uniform(0.6, 1.0))
    heads = max(3, round(personnel / rng.uniform(120_000, 180_000)))
    staff = {
        "quota": heads + rng.randint(0, 4),
        "actual": heads,
        "retired": rng.randint(0, max(1, heads // 3)),
        "vehicles": rng.randint(1, 3) if tp_final.car_run else 0,
    }
    return Amounts(
        unit=unit,
        profile=profile,
        lines=[lines[c] for c in sorted(lines)],
        econ=econ,
        carry_in=carry_in,
        carry_out=carry_out,
        tp_budget=tp_budget,
        tp_final=tp_final,
        prior=prior,
        procurement=procurement,
        staff=staff,
        nf_carry_in=nf_in,
        nf_carry_out=nf_out,
    )


def book_basic_under_running(a: Amounts) -> Amounts:
    """The same unit with its whole 一般公共预算 基本支出 booked under its own 行政运行 项 (the first
    项 of its profile): the contributions of 06表 (30108, 30109, 30110, 30112, 30113 …) and the
    retirees' money leave their own 项 (2080505, 2080506, 21011x, 2210201, 20805xx, 22102xx) for it.
    The money, 06表 and every total stay as they are; a 项 left without money disappears, and its
    年初预算 goes with its money to 行政运行 (a 项 that keeps 项目支出 keeps its 年初预算). This is
    the classification defect CLS-RUNNING-ONLY names; every table sum remains consistent."""
    lines = copy.deepcopy(a.lines)
    main = next(ln for ln in lines if ln.code == a.profile.main[0].code)
    for ln in lines:
        if ln is main or ln.basic_gp == 0:
            continue
        moved, ln.basic_gp = ln.basic_gp, 0
        main.basic_gp += moved
        main.inc_fin += moved
        ln.inc_fin -= moved
        if ln.gp_total == 0:
            main.budget += ln.budget
            ln.budget = 0
    kept = [ln for ln in lines if ln is main or ln.income or ln.expense or ln.budget]
    return replace(a, lines=kept)
