"""Consistent synthetic 决算 disclosures built from amounts in 元 (held as integer 分).

Every table is derived from the same true amounts, then each figure is printed rounded to 万元
with 2 decimals (ROUND_HALF_UP), as real disclosures are. Such a document is consistent in the
Calc 1.1 sense within each table *and across tables*: any residue is rounding only.

The money of the unit:

- per 项 (`Item`): basic and project expenditure; `other_income` of the basic part is paid from
  non-appropriation income (其他收入), the rest from 一般公共预算财政拨款;
- 财政拨款结转和结余 `carry_in` / `carry_out` (一般公共预算), booked on the income of the 项
  with the largest appropriation spending (so 02表 per 科目 differs from 03表 only by it);
- a 政府性基金 fund (`fund`: 年初, 本年收入, 基本, 项目) spent on 2290402, which appears in 07表,
  in 03表 and 02表, in 01/04表 (类 229, 政府性基金 columns and carry rows), never in 05/06表;
- 06表 splits the appropriation-funded basic expenditure over the economic 款 of `econ` (weights).

Used by the property tests and the benchmark.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ingest.model import Disclosure, Location, Paragraph, Row, Table
from ingest.schema import INCOME_ITEMS_01, INCOME_ITEMS_04
from rules.plausibility import TRANSFER_SECTIONS
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
    "229": "其他支出",
}
FUND_CODE = "2290402"
# Classes the 项 of a spec are drawn from (229 is the fund's).
ITEM_CLASSES = tuple(sorted(c for c in CLASS_NAMES if c != "229"))
# Economic 款 a generated 06表 may use (the social-insurance 款 are left out: their functional 项
# would have to be generated with them, see X06-05-SOCIAL).
ECON_CODES = (
    "30101",
    "30102",
    "30103",
    "30107",
    "30112",
    "30199",
    "30201",
    "30202",
    "30207",
    "30211",
    "30213",
    "30228",
    "30299",
    "30302",
    "30305",
    "31002",
)
UNIT = "某市卫生健康委员会"
YEAR = 2023
# A 情况说明 with every section a 决算 template requires (no figures: nothing for narrative rules).
PARAGRAPHS = (
    f"{UNIT}{YEAR}年度部门决算",
    "七、政府性基金预算财政拨款收入支出决算情况说明",
    "八、国有资本经营预算财政拨款支出决算情况说明",
    f"本部门{YEAR}年度无国有资本经营预算财政拨款支出，已公开空表。",
    "九、财政拨款“三公”经费支出决算情况说明",
    "十、机关运行经费支出情况说明",
    "十一、政府采购支出情况说明",
    "政府采购支出总额包括政府采购货物支出、政府采购工程支出和政府采购服务支出，授予中小企业合同金额见公开10表。",
    "十二、国有资产占用情况说明",
    f"截至{YEAR}年12月31日，本部门共有车辆2辆，单价100万元（含）以上设备0台（套）。",
    "十三、预算绩效情况说明",
    "第四部分 名词解释",
)
NO_FUND = f"本部门{YEAR}年度无政府性基金预算财政拨款收支，已公开空表。"


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
    other_income: int = 0  # part of its basic expenditure paid from non-appropriation income

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
    econ: dict[str, int] = field(default_factory=dict)  # 款 code (5 digits) → weight
    three_public: tuple[int, int, int, int] = (0, 0, 0, 0)  # 出国, 购置, 运维, 接待
    fund: tuple[int, int, int, int] = (0, 0, 0, 0)  # 07表: 年初, 本年收入, 基本, 项目
    levels: tuple[int, ...] = (1, 2, 3)  # printed code levels: 1 类, 2 款, 3 项
    shuffle: int | None = None  # seed to print code rows in random order


def split_exact(total: int, weights: Sequence[int]) -> list[int]:
    """Split an integer into parts proportional to `weights` whose sum is exactly `total`."""
    if not weights or sum(weights) == 0:
        return [0] * len(weights)
    s = sum(weights)
    parts = [total * w // s for w in weights]
    for i in range(total - sum(parts)):
        parts[i % len(parts)] += 1
    return parts


@dataclass
class Money:
    """The amounts of one document, derived from a spec (分)."""

    lines: dict[str, tuple[int, int, int, int]]  # code → (basic 03, project, basic 05, income 02 fiscal)
    other: dict[str, int]  # code → 其他收入
    carry_in: int
    carry_out: int
    fund: tuple[int, int, int, int, int]  # 年初, 收入, 基本, 项目, 年末
    econ: dict[str, int]


def money(spec: Spec) -> Money:
    """Derive every table's amounts from the spec so that all identities hold exactly."""
    lines: dict[str, tuple[int, int, int, int]] = {}
    other: dict[str, int] = {}
    for it in spec.items:
        basic_gp = it.basic - it.other_income
        lines[it.code] = (it.basic, it.project, basic_gp, basic_gp + it.project)
        other[it.code] = it.other_income
    carry_in, carry_out = spec.carry_in, spec.carry_out
    if lines:
        host = max(lines, key=lambda c: (lines[c][3], c))
        b, p, bg, inc = lines[host]
        carry_in = min(carry_in, inc + carry_out)  # the host's income cannot go negative
        lines[host] = (b, p, bg, inc + carry_out - carry_in)
    else:
        carry_in = carry_out = 0
    start, income, f_basic, f_project = spec.fund
    if any(spec.fund):
        lines[FUND_CODE] = (f_basic, f_project, 0, income)
        other[FUND_CODE] = 0
    end = start + income - f_basic - f_project
    basic_gp_total = sum(v[2] for c, v in lines.items() if c != FUND_CODE)
    codes = sorted(spec.econ) or ["30101"]
    weights = [spec.econ.get(c, 1) or 1 for c in codes]
    econ = dict(zip(codes, split_exact(basic_gp_total, weights), strict=True))
    return Money(lines, other, carry_in, carry_out, (start, income, f_basic, f_project, end), econ)


def _name(code: str) -> str:
    return CLASS_NAMES.get(code, f"科目{code}")


def _sums(m: Money, width: int, pick: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for code, v in m.lines.items():
        out[code[:width]] = out.get(code[:width], 0) + v[pick]
    return out


def _code_rows(spec: Spec, codes: Iterable[str]) -> list[str]:
    """Printed code rows: every prefix of the given 7-digit codes at the printed levels."""
    rows: set[str] = set()
    for code in codes:
        for level, width in ((1, 3), (2, 5), (3, 7)):
            if level in spec.levels:
                rows.add(code[:width])
    out = sorted(rows, key=lambda c: (c[:3], c))
    if spec.shuffle is not None:
        random.Random(spec.shuffle).shuffle(out)
    return out


def _sum_prefix(m: Money, prefix: str, pick: int, codes: Iterable[str] | None = None) -> int:
    return sum(v[pick] for c, v in m.lines.items() if c.startswith(prefix) and (codes is None or c in codes))


def _code_table(tid: str, spec: Spec, m: Money) -> Table:
    fund_codes = {FUND_CODE}
    if tid == "05":
        codes = [c for c in m.lines if c not in fund_codes]
    else:
        codes = list(m.lines)

    def total(prefix: str, pick: int) -> int:
        return _sum_prefix(m, prefix, pick, codes)

    def other(prefix: str) -> int:
        return sum(v for c, v in m.other.items() if c.startswith(prefix) and c in codes)

    def vals(prefix: str) -> dict[str, str | None]:
        if tid == "02":
            fin, oth = total(prefix, 3), other(prefix)
            return {"本年收入合计": wan(fin + oth), "财政拨款收入": wan(fin), "其他收入": wan(oth)}
        if tid == "03":
            b, p = total(prefix, 0), total(prefix, 1)
            return {"本年支出合计": wan(b + p), "基本支出": wan(b), "项目支出": wan(p)}
        b, p = total(prefix, 2), total(prefix, 1)
        return {"合计": wan(b + p), "基本支出": wan(b), "项目支出": wan(p)}

    rows = [row(tid, "合计", vals(""), role="total")]
    for code in _code_rows(spec, codes):
        rows.append(row(tid, f"{code} {_name(code)}", vals(code)))
    return table(tid, rows)


def _classes(m: Money) -> list[str]:
    return sorted(set(CLASS_NAMES) | {c[:3] for c in m.lines})


def _t01(m: Money) -> Table:
    gp_income = sum(v[3] for c, v in m.lines.items() if c != FUND_CODE)
    other = sum(m.other.values())
    start, f_income, _fb, _fp, end = m.fund
    income = gp_income + f_income + other
    spend = sum(v[0] + v[1] for v in m.lines.values())
    carry_in, carry_out = m.carry_in + start, m.carry_out + end
    rows: list[Row] = []
    for label, fen in zip(INCOME_ITEMS_01, (gp_income, f_income, 0, 0, 0, 0, 0, other), strict=True):
        rows.append(row("01", label, {"决算数": wan(fen)}, lane="income"))
    rows.append(row("01", "", {}, label="", lane="income"))  # filler row
    rows.append(row("01", "本年收入合计", {"决算数": wan(income)}, role="subtotal", lane="income"))
    rows.append(row("01", "使用非财政拨款结余（含专用结余）", {"决算数": ""}, lane="income"))
    rows.append(row("01", "年初结转和结余", {"决算数": wan(carry_in)}, lane="income"))
    rows.append(row("01", "总计", {"决算数": wan(income + carry_in)}, role="total", lane="income"))
    by_class = _sums(m, 3, 0)
    projects = _sums(m, 3, 1)
    for code in _classes(m):
        rows.append(
            row(
                "01",
                _name(code),
                {"决算数": wan(by_class.get(code, 0) + projects.get(code, 0))},
                lane="expense",
            )
        )
    rows.append(row("01", "本年支出合计", {"决算数": wan(spend)}, role="subtotal", lane="expense"))
    rows.append(row("01", "结余分配", {"决算数": ""}, lane="expense"))
    rows.append(row("01", "年末结转和结余", {"决算数": wan(carry_out)}, lane="expense"))
    rows.append(row("01", "总计", {"决算数": wan(spend + carry_out)}, role="total", lane="expense"))
    return table("01", rows)


def _t04(m: Money) -> Table:
    gp_income = sum(v[3] for c, v in m.lines.items() if c != FUND_CODE)
    start, f_income, f_basic, f_project, end = m.fund
    income = gp_income + f_income
    gp_spend = sum(v[2] + v[1] for c, v in m.lines.items() if c != FUND_CODE)
    f_spend = f_basic + f_project
    rows: list[Row] = []
    for label, fen in zip(INCOME_ITEMS_04, (gp_income, f_income, 0), strict=True):
        rows.append(row("04", label, {"决算数": wan(fen)}, lane="income"))
    rows.append(row("04", "本年收入合计", {"决算数": wan(income)}, role="subtotal", lane="income"))
    rows.append(row("04", "年初结转和结余", {"决算数": wan(m.carry_in + start)}, lane="income"))
    for label, fen in zip(INCOME_ITEMS_04, (m.carry_in, start, 0), strict=True):
        rows.append(
            row("04", f"年初结转和结余/{label}", {"决算数": wan(fen)}, lane="income", parent="年初结转和结余")
        )
    rows.append(row("04", "总计", {"决算数": wan(income + m.carry_in + start)}, role="total", lane="income"))

    def expense(key: str, gp: int, fund: int, **kw: object) -> Row:
        return row(
            "04",
            key,
            {
                "合计": wan(gp + fund),
                "一般公共预算财政拨款": wan(gp),
                "政府性基金预算财政拨款": wan(fund),
                "国有资本经营预算财政拨款": "",
            },
            lane="expense",
            **kw,  # type: ignore[arg-type]
        )

    gp_class: dict[str, int] = {}
    fund_class: dict[str, int] = {}
    for code, (b, p, bg, _inc) in m.lines.items():
        if code == FUND_CODE:
            fund_class[code[:3]] = fund_class.get(code[:3], 0) + b + p
        else:
            gp_class[code[:3]] = gp_class.get(code[:3], 0) + bg + p
    for code in _classes(m):
        rows.append(expense(_name(code), gp_class.get(code, 0), fund_class.get(code, 0)))
    rows.append(expense("本年支出合计", gp_spend, f_spend, role="subtotal"))
    rows.append(expense("年末结转和结余", m.carry_out, end))
    rows.append(expense("年末结转和结余/一般公共预算财政拨款", m.carry_out, 0, parent="年末结转和结余"))
    rows.append(expense("年末结转和结余/政府性基金预算财政拨款", 0, end, parent="年末结转和结余"))
    rows.append(expense("总计", gp_spend + m.carry_out, f_spend + end, role="total"))
    return table("04", rows)


def _t06(m: Money) -> Table:
    rows: list[Row] = []
    classes: dict[str, int] = {}
    for code, fen in m.econ.items():
        classes[code[:3]] = classes.get(code[:3], 0) + fen
    for cls in sorted(set(classes) | {"301", "302", "303", "310"}):
        lane = "personnel" if cls in ("301", "303") else "operating"
        rows.append(row("06", f"{cls} 经济分类{cls}", {"决算数": wan(classes.get(cls, 0))}, lane=lane))
        for code in sorted(c for c in m.econ if c[:3] == cls):
            rows.append(row("06", f"{code} 经济分类{code}", {"决算数": wan(m.econ[code])}, lane=lane))
    personnel = classes.get("301", 0) + classes.get("303", 0)
    operating = sum(v for k, v in classes.items() if k not in ("301", "303"))
    rows.append(row("06", "人员经费合计", {"决算数": wan(personnel)}, role="total", lane="personnel"))
    rows.append(row("06", "公用经费合计", {"决算数": wan(operating)}, role="total", lane="operating"))
    return table("06", rows)


def _t07(m: Money) -> Table:
    start, income, basic, project, end = m.fund
    spent = basic + project

    def vals(k: int) -> dict[str, str | None]:
        return {
            "年初结转和结余": wan(k * start),
            "本年收入": wan(k * income),
            "合计": wan(k * spent),
            "基本支出": wan(k * basic),
            "项目支出": wan(k * project),
            "年末结转和结余": wan(k * end),
        }

    if not any(m.fund):
        return table("07", [row("07", "合计", {c: "" for c in vals(0)}, role="total")], empty=True)
    rows = [row("07", "合计", vals(1), role="total")]
    for code in ("229", "22904", FUND_CODE):
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


def _t10() -> Table:
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
    """A full consistent 决算 disclosure (01–10表 and a 情况说明) derived from `spec`."""
    m = money(spec)
    t08 = table(
        "08", [row("08", "合计", {"合计": "", "基本支出": "", "项目支出": ""}, role="total")], empty=True
    )
    d = disclosure(
        _t01(m),
        _code_table("02", spec, m),
        _code_table("03", spec, m),
        _t04(m),
        _code_table("05", spec, m),
        _t06(m),
        _t07(m),
        t08,
        _t09(spec),
        _t10(),
    )
    d.unit, d.year = UNIT, YEAR
    texts = list(PARAGRAPHS) + ([] if any(m.fund) else [NO_FUND])
    d.paragraphs = [Paragraph(t, Location(page=1, line=1000 + i)) for i, t in enumerate(texts)]
    return d


def random_spec(rng: random.Random, n_items: int, levels: Iterable[int] = (1, 2, 3)) -> Spec:
    """A random but consistent spec with about `n_items` 项 (amounts up to ~1亿元)."""
    classes = ITEM_CLASSES
    items: dict[str, Item] = {}
    while len(items) < n_items:
        cls = rng.choice(classes)
        code = f"{cls}{rng.randint(1, 30):02d}{rng.randint(1, 99):02d}"
        if code[:5] in TRANSFER_SECTIONS:
            continue  # subsidies are project expenditure by nature (PLA-TRANSFER-AS-BASIC)
        basic = rng.choice([0, rng.randint(1, 10**10)])
        project = rng.choice([0, rng.randint(1, 10**9)])
        items[code] = Item(code, basic, project, other_income=rng.choice([0, basic // 7]))
    econ = {c: rng.randint(1, 100) for c in ECON_CODES}
    carry_in = rng.randint(0, 10**8)
    return Spec(
        items=list(items.values()),
        carry_in=carry_in,
        carry_out=rng.randint(0, 10**8),
        econ=econ,
        three_public=(rng.randint(0, 10**7), 0, rng.randint(0, 10**7), rng.randint(0, 10**7)),
        fund=(rng.randint(0, 10**8), 5 * 10**8, 10**8, 2 * 10**8),
        levels=tuple(levels),
        shuffle=rng.randint(0, 10**6),
    )
