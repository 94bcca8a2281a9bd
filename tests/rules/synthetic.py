"""Consistent synthetic 决算 disclosures built from amounts in 元 (held as integer 分).

Every table is derived from the same true amounts, then each figure is printed rounded to 万元
with 2 decimals (ROUND_HALF_UP), as real disclosures are. Such a document is consistent in the
Calc 1.1 sense: any residue is rounding only. Used by the property tests and the benchmark.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ingest.model import Disclosure, Row, Table
from tests.rules.builders import disclosure, row, table

# 1 万元 = 10,000 元 = 1,000,000 分.
FEN_PER_WAN = 1_000_000

CLASS_NAMES = {
    "201": "一般公共服务支出",
    "205": "教育支出",
    "206": "科学技术支出",
    "208": "社会保障和就业支出",
    "210": "卫生健康支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "221": "住房保障支出",
}
INCOME_ITEMS_01 = (
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
)
INCOME_ITEMS_04 = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def wan(fen: int, blank_zero: bool = True) -> str:
    """分 → printed 万元 with 2 decimals; 0 prints blank (not printed) unless told otherwise."""
    if fen == 0 and blank_zero:
        return ""
    value = (Decimal(fen) / FEN_PER_WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:.2f}"


@dataclass
class Item:
    """One 项 (7-digit functional code) with its true amounts in 分."""

    code: str
    basic: int
    project: int
    other_income: int = 0  # part of its income that is not 财政拨款

    @property
    def total(self) -> int:
        """本年支出合计 of the 项."""
        return self.basic + self.project


@dataclass
class Spec:
    """Everything a synthetic document is derived from (amounts in 分)."""

    items: list[Item]
    carry_in: int = 0
    carry_out: int = 0
    econ: dict[str, int] = field(default_factory=dict)  # 款 code (5 digits) → amount
    three_public: tuple[int, int, int, int] = (0, 0, 0, 0)  # 出国, 购置, 运维, 接待
    fund: tuple[int, int, int, int] = (0, 0, 0, 0)  # 07表: 年初, 本年收入, 基本, 项目
    levels: tuple[int, ...] = (1, 2, 3)  # printed code levels: 1 类, 2 款, 3 项
    shuffle: int | None = None  # seed to print code rows in random order


def _name(code: str) -> str:
    return CLASS_NAMES.get(code, f"科目{code}")


def _sums(items: Sequence[Item], width: int) -> dict[str, list[int]]:
    """Σ basic, project, other income per code prefix of `width` digits."""
    out: dict[str, list[int]] = {}
    for it in items:
        acc = out.setdefault(it.code[:width], [0, 0, 0])
        acc[0] += it.basic
        acc[1] += it.project
        acc[2] += it.other_income
    return out


def _code_rows(spec: Spec) -> list[tuple[str, int, int, int]]:
    """(code, basic, project, other income) for every printed code row."""
    rows: list[tuple[str, int, int, int]] = []
    for level, width in ((1, 3), (2, 5), (3, 7)):
        if level in spec.levels:
            rows += [(code, b, p, o) for code, (b, p, o) in _sums(spec.items, width).items()]
    rows.sort(key=lambda r: (r[0][:3], r[0]))
    if spec.shuffle is not None:
        random.Random(spec.shuffle).shuffle(rows)
    return rows


def _code_table(tid: str, spec: Spec) -> Table:
    basic = sum(i.basic for i in spec.items)
    project = sum(i.project for i in spec.items)
    other = sum(i.other_income for i in spec.items)
    code_rows = _code_rows(spec)
    if tid == "02":

        def vals(b: int, p: int, o: int) -> dict[str, str | None]:
            return {"本年收入合计": wan(b + p), "财政拨款收入": wan(b + p - o), "其他收入": wan(o)}
    elif tid == "03":

        def vals(b: int, p: int, o: int) -> dict[str, str | None]:
            return {"本年支出合计": wan(b + p), "基本支出": wan(b), "项目支出": wan(p)}
    else:

        def vals(b: int, p: int, o: int) -> dict[str, str | None]:
            return {"合计": wan(b + p), "基本支出": wan(b), "项目支出": wan(p)}

    rows = [row(tid, "合计", vals(basic, project, other), role="total")]
    for code, b, p, o in code_rows:
        rows.append(row(tid, f"{code} {_name(code)}", vals(b, p, o)))
    return table(tid, rows)


def _t01(spec: Spec) -> Table:
    spend = sum(i.total for i in spec.items)
    other = sum(i.other_income for i in spec.items)
    income = spend + spec.carry_out - spec.carry_in
    fiscal = income - other
    rows: list[Row] = []
    for label, fen in zip(INCOME_ITEMS_01, (fiscal, 0, 0, 0, 0, 0, 0, other), strict=True):
        rows.append(row("01", label, {"决算数": wan(fen)}, lane="income"))
    rows.append(row("01", "", {}, label="", lane="income"))  # filler row
    rows.append(row("01", "本年收入合计", {"决算数": wan(income)}, role="subtotal", lane="income"))
    rows.append(row("01", "使用非财政拨款结余（含专用结余）", {"决算数": ""}, lane="income"))
    rows.append(row("01", "年初结转和结余", {"决算数": wan(spec.carry_in)}, lane="income"))
    rows.append(row("01", "总计", {"决算数": wan(income + spec.carry_in)}, role="total", lane="income"))
    by_class = _sums(spec.items, 3)
    for code in sorted(set(CLASS_NAMES) | set(by_class)):
        b, p, _ = by_class.get(code, [0, 0, 0])
        rows.append(row("01", _name(code), {"决算数": wan(b + p)}, lane="expense"))
    rows.append(row("01", "本年支出合计", {"决算数": wan(spend)}, role="subtotal", lane="expense"))
    rows.append(row("01", "结余分配", {"决算数": ""}, lane="expense"))
    rows.append(row("01", "年末结转和结余", {"决算数": wan(spec.carry_out)}, lane="expense"))
    rows.append(row("01", "总计", {"决算数": wan(spend + spec.carry_out)}, role="total", lane="expense"))
    return table("01", rows)


def _t04(spec: Spec) -> Table:
    spend = sum(i.total for i in spec.items)
    income = spend + spec.carry_out - spec.carry_in
    rows: list[Row] = []
    for label, fen in zip(INCOME_ITEMS_04, (income, 0, 0), strict=True):
        rows.append(row("04", label, {"决算数": wan(fen)}, lane="income"))
    rows.append(row("04", "本年收入合计", {"决算数": wan(income)}, role="subtotal", lane="income"))
    rows.append(row("04", "年初结转和结余", {"决算数": wan(spec.carry_in)}, lane="income"))
    for label, fen in zip(INCOME_ITEMS_04, (spec.carry_in, 0, 0), strict=True):
        rows.append(
            row("04", f"年初结转和结余/{label}", {"决算数": wan(fen)}, lane="income", parent="年初结转和结余")
        )
    rows.append(row("04", "总计", {"决算数": wan(income + spec.carry_in)}, role="total", lane="income"))

    def expense(key: str, fen: int, **kw: object) -> Row:
        v = wan(fen)
        return row(
            "04",
            key,
            {
                "合计": v,
                "一般公共预算财政拨款": v,
                "政府性基金预算财政拨款": "",
                "国有资本经营预算财政拨款": "",
            },
            lane="expense",
            **kw,  # type: ignore[arg-type]
        )

    by_class = _sums(spec.items, 3)
    for code in sorted(set(CLASS_NAMES) | set(by_class)):
        b, p, _ = by_class.get(code, [0, 0, 0])
        rows.append(expense(_name(code), b + p))
    rows.append(expense("本年支出合计", spend, role="subtotal"))
    rows.append(expense("年末结转和结余", spec.carry_out))
    rows.append(expense("年末结转和结余/一般公共预算财政拨款", spec.carry_out, parent="年末结转和结余"))
    rows.append(expense("总计", spend + spec.carry_out, role="total"))
    return table("04", rows)


def _t06(spec: Spec) -> Table:
    rows: list[Row] = []
    classes: dict[str, int] = {}
    for code, fen in spec.econ.items():
        classes[code[:3]] = classes.get(code[:3], 0) + fen
    for cls in sorted(set(classes) | {"301", "302", "303", "310"}):
        lane = "personnel" if cls in ("301", "303") else "operating"
        rows.append(row("06", f"{cls} 经济分类{cls}", {"决算数": wan(classes.get(cls, 0))}, lane=lane))
        for code in sorted(c for c in spec.econ if c[:3] == cls):
            rows.append(row("06", f"{code} 经济分类{code}", {"决算数": wan(spec.econ[code])}, lane=lane))
    personnel = classes.get("301", 0) + classes.get("303", 0)
    operating = sum(v for k, v in classes.items() if k not in ("301", "303"))
    rows.append(row("06", "人员经费合计", {"决算数": wan(personnel)}, role="total", lane="personnel"))
    rows.append(row("06", "公用经费合计", {"决算数": wan(operating)}, role="total", lane="operating"))
    return table("06", rows)


def _t07(spec: Spec) -> Table:
    start, income, basic, project = spec.fund
    spent = basic + project
    end = start + income - spent

    def vals(k: int) -> dict[str, str | None]:
        return {
            "年初结转和结余": wan(k * start),
            "本年收入": wan(k * income),
            "合计": wan(k * spent),
            "基本支出": wan(k * basic),
            "项目支出": wan(k * project),
            "年末结转和结余": wan(k * end),
        }

    if not any(spec.fund):
        return table("07", [row("07", "合计", {c: "" for c in vals(0)}, role="total")], empty=True)
    rows = [row("07", "合计", vals(1), role="total")]
    for code in ("229", "22904", "2290402"):
        rows.append(row("07", f"{code} 科目{code}", vals(1)))
    return table("07", rows)


def _t09(spec: Spec) -> Table:
    abroad, buy, run, host = spec.three_public
    rows = []
    for key in ("预算数", "决算数"):
        rows.append(
            row(
                "09",
                key,
                {
                    "合计": wan(abroad + buy + run + host),
                    "因公出国（境）费": wan(abroad),
                    "公务用车购置及运行维护费": wan(buy + run),
                    "公务用车购置费": wan(buy),
                    "公务用车运行维护费": wan(run),
                    "公务接待费": wan(host),
                    "会议费": wan(12_345_678),
                    "培训费": "",
                },
            )
        )
    return table("09", rows)


def _t10(spec: Spec) -> Table:
    goods, works, services = 3_000_000, 0, 35_000_000
    rows = [
        row("10", "合计", {"统计数": wan(goods + works + services)}),
        row("10", "货物", {"统计数": wan(goods)}),
        row("10", "工程", {"统计数": wan(works)}),
        row("10", "服务", {"统计数": wan(services)}),
        row("10", "车辆数合计（辆）", {"统计数": "1"}, unit=""),
    ]
    return table("10", rows)


def build(spec: Spec) -> Disclosure:
    """A full consistent 决算 disclosure (01–10表) derived from `spec`."""
    t08 = table("08", [row("08", "合计", {"合计": "", "基本支出": "", "项目支出": ""}, role="total")])
    return disclosure(
        _t01(spec),
        _code_table("02", spec),
        _code_table("03", spec),
        _t04(spec),
        _code_table("05", spec),
        _t06(spec),
        _t07(spec),
        t08,
        _t09(spec),
        _t10(spec),
    )


def random_spec(rng: random.Random, n_items: int, levels: Iterable[int] = (1, 2, 3)) -> Spec:
    """A random but consistent spec with about `n_items` 项 (amounts up to ~1亿元)."""
    classes = sorted(CLASS_NAMES)
    items: dict[str, Item] = {}
    while len(items) < n_items:
        cls = rng.choice(classes)
        code = f"{cls}{rng.randint(1, 30):02d}{rng.randint(1, 99):02d}"
        basic = rng.choice([0, rng.randint(1, 10**10)])
        project = rng.choice([0, rng.randint(1, 10**9)])
        items[code] = Item(code, basic, project, other_income=rng.choice([0, basic // 7]))
    econ = {f"301{k:02d}": rng.randint(0, 10**9) for k in (1, 2, 3, 7, 8, 9, 10, 12, 13)}
    econ |= {f"302{k:02d}": rng.randint(0, 10**8) for k in (1, 2, 7, 11, 13, 28, 31, 99)}
    econ |= {"30302": rng.randint(0, 10**8), "31002": rng.randint(0, 10**8)}
    carry_in = rng.randint(0, 10**8)
    return Spec(
        items=list(items.values()),
        carry_in=carry_in,
        carry_out=rng.randint(0, 10**8),
        econ=econ,
        three_public=(rng.randint(0, 10**7), 0, rng.randint(0, 10**7), rng.randint(0, 10**7)),
        fund=(carry_in, 5 * 10**8, 10**8, 2 * 10**8),
        levels=tuple(levels),
        shuffle=rng.randint(0, 10**6),
    )
