"""Consistent synthetic 单位预算 disclosures (B01–B13 as ingest reads them), from amounts in 分.

Per 项: 基本支出 and 项目支出 of the year (一般公共预算 当年拨款) and 项目支出 from 上年结转. Every
table derives from those amounts and prints them rounded to 万元 with 2 decimals, so the documents
are consistent within and across tables up to real 尾差. 基本支出 is split over economic items
(B06; 公务接待费 and 公务用车运行维护费 among them feed the “三公” table B10), 机关运行经费 (B11)
is the 公用经费, and the 项目支出 tables (B12, B13) list the unit's projects under its own row.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ingest.model import Disclosure, Row, Table
from rules.plausibility import TRANSFER_SECTIONS
from tests.rules.budget_examples import B01_EXPENSE_COLS, B04_EXPENSE_COLS, UNIT, YEAR
from tests.rules.builders import disclosure, row, table
from tests.rules.examples import paragraphs
from tests.rules.synthetic import CLASS_NAMES, ITEM_CLASSES, split_exact, wan

# Economic items of the 基本支出 table: (category, item); the first two categories are 人员经费.
ECON_ITEMS: tuple[tuple[str, str], ...] = (
    ("工资福利支出", "基本工资"),
    ("工资福利支出", "津贴补贴"),
    ("工资福利支出", "绩效工资"),
    ("工资福利支出", "其他社会保障缴费"),
    ("对个人和家庭的补助", "退休费"),
    ("商品和服务支出", "办公费"),
    ("商品和服务支出", "差旅费"),
    ("商品和服务支出", "公务接待费"),
    ("商品和服务支出", "公务用车运行维护费"),
    ("商品和服务支出", "其他商品和服务支出"),
    ("资本性支出", "办公设备购置"),
)
PERSONNEL = ("工资福利支出", "对个人和家庭的补助")
PARAGRAPHS = (
    f"{UNIT}{YEAR}年度单位预算",
    "七、“三公”经费增减变动原因说明",
    "八、机关运行经费增减变动原因说明",
    "九、政府采购情况",
    "政府采购预算总额包括政府采购货物预算、政府采购工程预算和政府采购服务预算。",
    "十、绩效管理情况",
    "十一、国有资产占有使用情况",
    "本单位共有车辆2辆，单价100万元以上设备0台（套）。",
    f"本单位{YEAR}年度无政府性基金预算收支，政府性基金预算收入表、支出表为空表。",
    "第四部分 名词解释",
)


@dataclass
class Line:
    """One 项 of the budget (分)."""

    code: str
    basic: int
    project: int
    carry: int  # 项目支出 from 上年结转


def _prefix_sum(lines: list[Line], prefix: str, get: Callable[[Line], int]) -> int:
    return sum(get(x) for x in lines if x.code.startswith(prefix))


def _printed_codes(lines: list[Line], levels: tuple[int, ...]) -> list[str]:
    codes: set[str] = set()
    for x in lines:
        for level, width in ((1, 3), (2, 5), (3, 7)):
            if level in levels:
                codes.add(x.code[:width])
    return sorted(codes)


def _code_table(
    tid: str,
    title: str,
    columns: tuple[str, ...],
    lines: list[Line],
    levels: tuple[int, ...],
    values: Callable[[str], tuple[int, ...]],
) -> Table:
    rows = [row(tid, "合计", dict(zip(columns, map(wan, values("")), strict=True)), role="total")]
    for code in _printed_codes(lines, levels):
        rows.append(row(tid, f"{code} 科目{code}", dict(zip(columns, map(wan, values(code)), strict=True))))
    return table(tid, rows, columns=columns, title=title)


def _lane(tid: str, lane: str, items: list[tuple[str, dict[str, str | None]]]) -> list[Row]:
    out: list[Row] = []
    for key, values in items:
        role = "subtotal" if key.startswith("本年") else "total" if key == "总计" else "detail"
        parent = key.split("/")[0] if "/" in key else None
        out.append(row(tid, key, values, role=role, lane=lane, parent=parent))
    return out


def build_budget(
    lines: list[Line], econ_weights: list[int], projects: int, levels: tuple[int, ...] = (1, 2, 3)
) -> Disclosure:
    """A consistent 单位预算 from its 项 (amounts in 分)."""
    basic = sum(x.basic for x in lines)
    project = sum(x.project for x in lines)
    carry = sum(x.carry for x in lines)
    current = basic + project
    classes = sorted({x.code[:3] for x in lines})

    def cls_sum(code: str, get: Callable[[Line], int]) -> int:
        return _prefix_sum(lines, code, get)

    b01 = table(
        "B01",
        _lane(
            "B01",
            "income",
            [
                ("一般公共预算", {"决算数": wan(current)}),
                ("政府性基金预算", {"决算数": ""}),
                ("本年收入合计", {"决算数": wan(current)}),
                ("上年结转", {"决算数": wan(carry)}),
                ("总计", {"决算数": wan(current + carry)}),
            ],
        )
        + _lane(
            "B01",
            "expense",
            [
                *[
                    (
                        CLASS_NAMES[c],
                        dict(
                            zip(
                                B01_EXPENSE_COLS,
                                (
                                    wan(cls_sum(c, lambda x: x.basic + x.project + x.carry)),
                                    wan(cls_sum(c, lambda x: x.basic + x.project)),
                                    wan(cls_sum(c, lambda x: x.carry)),
                                ),
                                strict=True,
                            )
                        ),
                    )
                    for c in classes
                ],
                (
                    "本年支出合计",
                    dict(
                        zip(B01_EXPENSE_COLS, (wan(current + carry), wan(current), wan(carry)), strict=True)
                    ),
                ),
                ("年终结转", dict.fromkeys(B01_EXPENSE_COLS, "")),
                (
                    "总计",
                    dict(
                        zip(B01_EXPENSE_COLS, (wan(current + carry), wan(current), wan(carry)), strict=True)
                    ),
                ),
            ],
        ),
        columns=("决算数", *B01_EXPENSE_COLS),
        title=f"{YEAR}年预算收支总表",
    )
    b02 = _code_table(
        "B02",
        f"{YEAR}年预算收入总表",
        ("本年收入", "一般公共预算", "上年结转"),
        lines,
        levels,
        lambda p: (
            _prefix_sum(lines, p, lambda x: x.basic + x.project),
            _prefix_sum(lines, p, lambda x: x.basic + x.project),
            _prefix_sum(lines, p, lambda x: x.carry),
        ),
    )
    b03 = _code_table(
        "B03",
        f"{YEAR}年预算支出总表",
        ("合计", "基本支出", "项目支出"),
        lines,
        levels,
        lambda p: (
            _prefix_sum(lines, p, lambda x: x.basic + x.project + x.carry),
            _prefix_sum(lines, p, lambda x: x.basic),
            _prefix_sum(lines, p, lambda x: x.project + x.carry),
        ),
    )

    def exp04(v: int) -> dict[str, str | None]:
        return dict(zip(B04_EXPENSE_COLS, (wan(v), wan(v), "", ""), strict=True))

    b04 = table(
        "B04",
        _lane(
            "B04",
            "income",
            [
                ("一般公共预算", {"决算数": wan(current)}),
                ("政府性基金预算", {"决算数": ""}),
                ("国有资本经营预算", {"决算数": ""}),
                ("本年收入合计", {"决算数": wan(current)}),
                ("上年财政拨款结转", {"决算数": wan(carry)}),
                ("上年财政拨款结转/一般公共预算", {"决算数": wan(carry)}),
                ("总计", {"决算数": wan(current + carry)}),
            ],
        )
        + _lane(
            "B04",
            "expense",
            [
                *[
                    (CLASS_NAMES[c], exp04(cls_sum(c, lambda x: x.basic + x.project + x.carry)))
                    for c in classes
                ],
                ("本年支出合计", exp04(current + carry)),
                ("年终结转", exp04(0)),
                ("总计", exp04(current + carry)),
            ],
        ),
        columns=("决算数", *B04_EXPENSE_COLS),
        title=f"{YEAR}年财政拨款收支总表",
    )
    b05 = _code_table(
        "B05",
        f"{YEAR}年一般公共预算支出预算表（不含上年结转）",
        ("合计", "基本支出", "项目支出"),
        lines,
        levels,
        lambda p: (
            _prefix_sum(lines, p, lambda x: x.basic + x.project),
            _prefix_sum(lines, p, lambda x: x.basic),
            _prefix_sum(lines, p, lambda x: x.project),
        ),
    )
    econ = dict(zip(ECON_ITEMS, split_exact(basic, econ_weights), strict=True))
    cats: dict[str, int] = {}
    for (cat, _item), v in econ.items():
        cats[cat] = cats.get(cat, 0) + v
    personnel = sum(v for c, v in cats.items() if c in PERSONNEL)
    operating = basic - personnel

    def econ_vals(v: int, is_personnel: bool) -> dict[str, str | None]:
        return {
            "合计": wan(v),
            "人员经费": wan(v) if is_personnel else "",
            "公用经费": "" if is_personnel else wan(v),
        }

    b06_rows = [
        row(
            "B06",
            "合计",
            {"合计": wan(basic), "人员经费": wan(personnel), "公用经费": wan(operating)},
            role="total",
        )
    ]
    for cat in dict.fromkeys(c for c, _ in ECON_ITEMS):
        b06_rows.append(row("B06", cat, econ_vals(cats[cat], cat in PERSONNEL)))
        for (c, item), v in econ.items():
            if c == cat:
                b06_rows.append(row("B06", item, econ_vals(v, cat in PERSONNEL), parent=cat))
    b06 = table(
        "B06",
        b06_rows,
        columns=("合计", "人员经费", "公用经费"),
        title=f"{YEAR}年一般公共预算安排基本支出分经济科目表（不含上年结转）",
    )
    reception = econ[("商品和服务支出", "公务接待费")]
    car = econ[("商品和服务支出", "公务用车运行维护费")]
    b10 = table(
        "B10",
        [
            row("B10", name, {"合计": wan(v), "一般公共预算": wan(v)})
            for name, v in (
                ("因公出国（境）费", 0),
                ("公务接待费", reception),
                ("公务用车购置及运行费", car),
                ("公务用车购置费", 0),
                ("公务用车运行维护费", car),
                ("合计", reception + car),
            )
        ],
        columns=("合计", "一般公共预算"),
        title=f"{YEAR}年一般公共预算“三公”经费支出预算表",
    )
    b11 = table(
        "B11",
        [row("B11", "部门合计", {"合计": wan(operating), "一般公共预算": wan(operating)}, role="total")],
        columns=("合计", "一般公共预算"),
        title=f"{YEAR}年机关运行经费预算财政拨款情况统计表",
    )

    def project_table(tid: str, title: str, total: int) -> Table:
        parts = split_exact(total, [3, 2, 1][: max(1, projects)])
        rows = [row(tid, UNIT, {"合计": wan(total), "一般公共预算": wan(total)})]
        rows += [
            row(tid, f"项目{i + 1}", {"合计": wan(v), "一般公共预算": wan(v)}) for i, v in enumerate(parts)
        ]
        return table(tid, rows, columns=("合计", "一般公共预算"), title=title)

    tables = [
        b01,
        b02,
        b03,
        b04,
        b05,
        b06,
        table(
            "B07",
            [row("B07", "合计", {"政府性基金预算": ""}, role="total")],
            columns=("政府性基金预算",),
            title=f"{YEAR}年政府性基金预算收入表（不含上年结转）",
            empty=True,
        ),
        table(
            "B08",
            [row("B08", "合计", dict.fromkeys(("合计", "基本支出", "项目支出"), ""), role="total")],
            columns=("合计", "基本支出", "项目支出"),
            title=f"{YEAR}年政府性基金预算支出表（不含上年结转）",
            empty=True,
        ),
        b10,
        b11,
        project_table("B12", f"{YEAR}年项目支出预算表（本年预算）", project),
    ]
    if carry:
        tables.append(project_table("B13", f"{YEAR}年项目支出预算表（上年结转）", carry))
    d = disclosure(*tables, kind="budget")
    d.unit, d.year, d.level = UNIT, YEAR, "unit"
    d.paragraphs = paragraphs(*PARAGRAPHS)
    return d


def random_budget(rng: random.Random, n_items: int, levels: tuple[int, ...] = (1, 2, 3)) -> Disclosure:
    """A random consistent budget with about `n_items` 项 (amounts up to ~1亿元)."""
    lines: dict[str, Line] = {}
    while len(lines) < n_items:
        cls = rng.choice(ITEM_CLASSES)
        code = (
            f"{cls}{rng.randint(1, 30):02d}{rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 99]):02d}"
        )
        if code[:5] in TRANSFER_SECTIONS:
            continue  # subsidies are project expenditure by nature (PLA-TRANSFER-AS-BASIC)
        lines[code] = Line(
            code,
            rng.choice([0, rng.randint(1, 10**10)]),
            rng.choice([0, rng.randint(1, 10**9)]),
            rng.choice([0, 0, rng.randint(1, 10**8)]),
        )
    if all(x.basic == 0 for x in lines.values()):
        next(iter(lines.values())).basic = rng.randint(1, 10**9)
    weights = [rng.randint(1, 100) for _ in ECON_ITEMS]
    return build_budget(list(lines.values()), weights, rng.randint(1, 3), levels)
