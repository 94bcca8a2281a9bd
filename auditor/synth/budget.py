"""Synthetic 单位预算公开 documents: consistent budget tables, 情况说明 and 绩效目标申报表, as text.

`generate_budget(seed)` draws an invented county unit's budget in exact 元 — 基本支出 by economic
item (the contributions booked under their own functional 项: 2080505, 2080506, 2101101, 2210201,
the rest under the unit's 行政运行), 项目支出 of the year under the unit's “其他…支出” 项, and (on
most seeds) 项目支出 carried over from last year — and lays out the budget tables as ingest reads
them: 预算收支总表, 预算收入总表, 预算支出总表, 财政拨款收支总表, 一般公共预算支出预算表, 一般公共预算
安排基本支出分经济科目表, 政府性基金预算收入表/支出表 and 国有资本经营预算收支预算表 (empty, with
their note), “三公”经费支出预算表, 机关运行经费预算财政拨款情况统计表, 项目支出预算表（本年预算 /
上年结转）. Amounts print in 万元 with 2 decimals, every printed total rounded from its exact total
(so real 尾差 appears, as in the final-account generator). The 情况说明 restates the headline
figures and, under 十、绩效管理情况, the number of projects under 绩效目标 management and their money
(the year's 项目支出预算表 total); one 项目支出绩效目标申报表 per project of the year follows, its
项目资金 in 元.

Plants (`plant_*`) return the mutated document and a `BudgetPlant` saying what was changed; the
document is a plain structure (grids of printed texts), so a plant edits printed cells or sentences
and `budget_text` renders whatever the document holds.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from auditor.synth.model import format_wan, parse_printed, yuan_to_wan

# Functional classes (类) of the 政府收支分类科目, in the order the 收支总表 prints them.
CLASSES: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
)
CLASS_NAME = dict(CLASSES)
_NUMERALS = (
    "一二三四五六七八九十",
    "十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 二十一 二十二 二十三 二十四 二十五",
)


def _numeral(k: int) -> str:
    """1 → 一, 11 → 十一, … 25 → 二十五."""
    if k <= 10:
        return _NUMERALS[0][k - 1]
    return _NUMERALS[1].split()[k - 11]


@dataclass(frozen=True)
class Sector:
    """An invented unit's line of work: its functional 类/款 and the 项 of its running and projects."""

    unit: str
    cls: str
    kuan: tuple[str, str]  # (款 code, 款 name)
    running: tuple[str, str]  # (项 code, 项 name)
    project: tuple[str, str]
    projects: tuple[str, ...]  # project names to draw from
    department: str  # the 主管部门 (without the county)


SECTORS: tuple[Sector, ...] = (
    Sector(
        "县农业技术推广中心",
        "213",
        ("21301", "农业农村"),
        ("2130101", "行政运行"),
        ("2130199", "其他农业农村支出"),
        ("农作物病虫害监测", "耕地质量提升示范", "农业技术培训", "种业基地管护", "农机安全检验"),
        "农业农村局",
    ),
    Sector(
        "县城市管理服务站",
        "212",
        ("21201", "城乡社区管理事务"),
        ("2120101", "行政运行"),
        ("2120199", "其他城乡社区管理事务支出"),
        ("市政道路养护", "公园绿地管护", "城区照明维修", "环卫设施更新", "占道经营整治"),
        "城市管理局",
    ),
    Sector(
        "县文化馆",
        "207",
        ("20701", "文化和旅游"),
        ("2070101", "行政运行"),
        ("2070199", "其他文化和旅游支出"),
        ("群众文化活动", "非遗项目保护", "送戏下乡演出", "文化志愿服务", "馆藏资料数字化"),
        "文化和旅游局",
    ),
    Sector(
        "县生态环境监测站",
        "211",
        ("21101", "环境保护管理事务"),
        ("2110101", "行政运行"),
        ("2110199", "其他环境保护管理事务支出"),
        ("空气质量自动监测", "水质断面采样", "土壤污染状况调查", "监测设备运维", "噪声监测"),
        "生态环境局",
    ),
    Sector(
        "县政府办公室服务中心",
        "201",
        ("20103", "政府办公厅（室）及相关机构事务"),
        ("2010301", "行政运行"),
        ("2010399", "其他政府办公厅（室）及相关机构事务支出"),
        ("政务信息系统运维", "档案整理数字化", "公务接待保障", "会务保障服务", "机关安全保卫"),
        "人民政府办公室",
    ),
)

# Contributions: (B06 item name, functional 项 code, 项 name, 款 code, 款 name, 类 code).
CONTRIBUTIONS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "机关事业单位基本养老保险缴费",
        "2080505",
        "机关事业单位基本养老保险缴费支出",
        "20805",
        "行政事业单位养老支出",
        "208",
    ),
    ("职业年金缴费", "2080506", "机关事业单位职业年金缴费支出", "20805", "行政事业单位养老支出", "208"),
    ("职工基本医疗保险缴费", "2101101", "行政单位医疗", "21011", "行政事业单位医疗", "210"),
    ("住房公积金", "2210201", "住房公积金", "22102", "住房改革支出", "221"),
    ("公务员医疗补助缴费", "2101103", "公务员医疗补助", "21011", "行政事业单位医疗", "210"),
)
PERSONNEL_CATEGORY = "工资福利支出"
OPERATING_CATEGORY = "商品和服务支出"
# Economic classification codes (款 under their 类) of the B06 rows.
ECON_CODES: dict[str, str] = {
    "工资福利支出": "301",
    "基本工资": "30101",
    "津贴补贴": "30102",
    "绩效工资": "30107",
    "机关事业单位基本养老保险缴费": "30108",
    "职业年金缴费": "30109",
    "职工基本医疗保险缴费": "30110",
    "公务员医疗补助缴费": "30111",
    "其他社会保障缴费": "30112",
    "住房公积金": "30113",
    "商品和服务支出": "302",
    "办公费": "30201",
    "印刷费": "30202",
    "水费": "30205",
    "电费": "30206",
    "差旅费": "30211",
    "维修（护）费": "30213",
    "公务接待费": "30217",
    "公务用车运行维护费": "30231",
    "其他商品和服务支出": "30299",
    "对个人和家庭的补助": "303",
    "退休费": "30302",
    "资本性支出": "310",
    "办公设备购置": "31002",
    "公务用车购置": "31013",
}
# B06 items: contributions are drawn as shares of the wages.
WAGE_ITEMS = ("基本工资", "津贴补贴", "绩效工资")
OPERATING_ITEMS = (
    "办公费",
    "印刷费",
    "水费",
    "电费",
    "差旅费",
    "维修（护）费",
    "公务接待费",
    "公务用车运行维护费",
    "其他商品和服务支出",
)
TOTAL_ROW = "合计"


def wan(yuan: int, thousands: bool = False) -> str:
    """Printed 万元 text of an exact 元 amount ("" for zero, as the budget templates leave it)."""
    return format_wan(yuan_to_wan(yuan), thousands=thousands) if yuan else ""


@dataclass(frozen=True)
class BudgetStyle:
    """How a generated budget prints: thousands separators (tables, 情况说明, forms), the unit of the
    forms' 项目资金 (元 as most templates, or 万元), and which wording states the 绩效目标 projects."""

    thousands: bool = False
    form_unit: str = "元"
    wording: int = 0
    carry_forms: bool = False  # target forms for the 上年结转 projects too (count and money include them)
    department: bool = False  # a 部门预算 of two units: the project tables list each unit's projects
    econ_codes: bool = False  # B06 prints each economic class and item with its code
    table_unit: str = "万元"  # the tables' money unit: 万元 with 2 decimals, or 元 (exact, “.00”)

    @classmethod
    def for_seed(cls, seed: int) -> BudgetStyle:
        """The style a seed prints in (every combination of the first three appears among seeds 0–11;
        seeds 4, 9, 14 … attach forms for the carried-over projects too; seeds 5, 11, 17 … are a
        department's budget of two units; seeds 2, 5, 8 … print B06 with codes; seeds 6, 13, 20 … print
        the tables in 元)."""
        return cls(
            thousands=seed % 2 == 1,
            form_unit="万元" if seed % 4 >= 2 else "元",
            wording=seed % 3,
            carry_forms=seed % 5 == 4,
            department=seed % 6 == 5,
            econ_codes=seed % 3 == 2,
            table_unit="元" if seed % 7 == 6 else "万元",
        )


@dataclass
class BudgetTable:
    """A printed budget table: title, header grid and body grid of texts (tab-separated when rendered)."""

    id: str  # "B01" … "B13"
    title: str
    header: list[list[str]]
    body: list[list[str]]
    note: str = ""


@dataclass
class TargetForm:
    """One 项目支出绩效目标申报表: the project, its money in 元 and its quantity indicator."""

    project: str
    yuan: int
    count: int  # the quantity indicator
    year: int
    unit: str = ""  # the 实施单位 (default: the document's unit)

    def lines(self, unit: str, department: str, style: BudgetStyle) -> list[str]:
        """The form as printed: title, year line, then the grid (tab-separated); 项目资金 in 元, or in
        万元 with 2 decimals when the style says so."""
        if style.form_unit == "元":
            y, caption = (f"{self.yuan:,}" if style.thousands else str(self.yuan)), "项目资金（元）"
        else:
            y, caption = format_wan(yuan_to_wan(self.yuan), thousands=style.thousands), "项目资金（万元）"
        zero = "0" if style.form_unit == "元" else "0.00"
        rows = [
            ["项目名称", "", self.project, "", "", "", "", ""],
            ["主管部门及代码", "", department, "", "实施单位", "", self.unit or unit, ""],
            ["项目属性", "", "经常性项目", "", "项目期", "", "1年", ""],
            [caption, "实施期资金总额：", y, "", "年度资金总额：", y, "", ""],
            ["", "其中：中央财政资金", zero, "", "其中：中央财政资金", zero, "", ""],
            ["", "省级财政资金", zero, "", "省级财政资金", zero, "", ""],
            ["", "市县(区)财政资金", y, "", "市县(区)财政资金", y, "", ""],
            ["", "单位自筹", zero, "", "单位自筹", zero, "", ""],
            ["项目概况", "", f"用于{self.project}，按年度计划组织实施", "", "", "", "", ""],
            ["立项依据", "", "县财政局部门预算批复", "", "", "", "", ""],
            ["实施期目标", "", "", "", "年度目标", "", "", ""],
            ["总体目标", f"按计划完成{self.project}", "", "", f"按计划完成{self.project}", "", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
        ]
        indicators = (
            ("产出指标", "数量指标", f"完成{self.project}任务", f"{self.count}项"),
            ("", "质量指标", "验收合格率", "100%"),
            ("", "时效指标", "资金支付及时率", "100%"),
            ("", "成本指标", "预算控制率", "≤100%"),
            ("效益指标", "社会效益指标", "服务保障水平", "有效提升"),
            ("", "可持续影响指标", "长效管护机制", "持续发挥作用"),
            ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
        )
        for level1, level2, name, value in indicators:
            rows.append(["", level1, level2, name, value, level2, name, value])
        return [
            f"{unit}项目支出绩效目标申报表",
            "",
            f"（{self.year}年度）",
            "",
            *("\t".join(r) for r in rows),
        ]


@dataclass
class SyntheticBudget:
    """A generated 单位预算公开: printed tables, 情况说明 paragraphs, target forms and exact facts.

    `target_count` and `target_amount` are what the 绩效目标 sentence states (the number of forms
    and the printed total of the year's 项目支出预算表 on a consistent document); `set_target`
    rewrites that sentence.
    """

    seed: int
    unit: str
    department: str
    year: int
    style: BudgetStyle
    tables: dict[str, BudgetTable]
    paragraphs: list[str]
    forms: list[TargetForm]
    target_count: int
    target_amount: str
    facts: dict[str, int] = field(default_factory=dict)  # exact 元 of the headline figures
    projects: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # B12/B13: (name, 元)

    def target_index(self) -> int:
        """Index of the paragraph stating the 绩效目标 project count and money."""
        return next(k for k, p in enumerate(self.paragraphs) if "绩效目标" in p and "涉及" in p)

    def set_target(self, count: int, amount: str) -> None:
        """State `count` projects and `amount` 万元 in the 绩效目标 sentence."""
        self.target_count, self.target_amount = count, amount
        self.paragraphs[self.target_index()] = target_sentence(self.year, count, amount, self.style.wording)

    def econ_item(self, name: str) -> bool:
        """True when the 基本支出分经济科目表 prints the economic item `name`."""
        return any(name in r[:2] for r in self.tables["B06"].body)

    def wan(self, yuan: int) -> str:
        """An exact 元 amount printed in 万元 the way this document prints (zero as 0.00)."""
        return format_wan(yuan_to_wan(yuan), thousands=self.style.thousands)


def target_sentence(year: int, count: int, amount: str, wording: int) -> str:
    """The 情况说明's sentence on the projects under 绩效目标 management, in one of three wordings."""
    if wording == 1:
        return (
            f"{year}年本单位{count}个项目实行绩效目标管理，涉及一般公共预算当年拨款{amount}万元，"
            "绩效目标表详见附件。"
        )
    if wording == 2:
        return f"{year}年本单位纳入绩效目标管理的项目共{count}个，涉及项目支出预算{amount}万元。"
    return (
        f"{year}年本单位实行绩效目标管理的项目{count}个，涉及资金{amount}万元，项目支出绩效目标申报表附后。"
    )


@dataclass(frozen=True)
class BudgetPlant:
    """What a plant changed: the rule meant to find it, where, and the printed text before and after."""

    rule: str
    where: str
    old: str
    new: str


# ---------------------------------------------------------------------------------------------
# Drawing the amounts
# ---------------------------------------------------------------------------------------------


@dataclass
class _Amounts:
    econ: dict[tuple[str, str], int]  # (category, item) → 元
    func_basic: dict[str, int]  # 项 code → 基本支出 元
    project_code: str
    projects: list[tuple[str, int]]
    carry_projects: list[tuple[str, int]]
    three_public: dict[str, int]
    agency: int


def _draw(rng: random.Random, sector: Sector) -> _Amounts:
    wages = {item: rng.randint(400_000, 2_500_000) for item in WAGE_ITEMS}
    base = sum(wages.values())
    pension = base * rng.randint(14, 16) // 100
    annuity = base * rng.randint(6, 8) // 100
    medical = base * rng.randint(6, 9) // 100
    housing = base * rng.randint(10, 12) // 100
    civil = rng.choice([0, base * rng.randint(1, 3) // 100])  # 公务员医疗补助 (not every unit)
    econ: dict[tuple[str, str], int] = {(PERSONNEL_CATEGORY, k): v for k, v in wages.items()}
    for (name, *_rest), v in zip(CONTRIBUTIONS, (pension, annuity, medical, housing, civil), strict=True):
        econ[(PERSONNEL_CATEGORY, name)] = v
    econ[(PERSONNEL_CATEGORY, "其他社会保障缴费")] = rng.randint(5_000, 40_000)
    econ[("对个人和家庭的补助", "退休费")] = rng.choice([0, rng.randint(20_000, 300_000)])
    for item in OPERATING_ITEMS:
        econ[(OPERATING_CATEGORY, item)] = rng.randint(3_000, 150_000)
    if rng.random() < 0.5:
        econ[("资本性支出", "办公设备购置")] = rng.randint(5_000, 60_000)
    # a vehicle bought this year (“三公”: 公务用车购置费) on some seeds
    econ[("资本性支出", "公务用车购置")] = rng.choice([0, 0, 0, rng.randint(100, 250) * 1000])
    econ = {k: v for k, v in econ.items() if v}
    basic = sum(econ.values())
    func_basic = {c[1]: v for c in CONTRIBUTIONS if (v := econ.get((PERSONNEL_CATEGORY, c[0]), 0))}
    contributions = sum(func_basic.values())
    func_basic[sector.running[0]] = basic - contributions
    names = rng.sample(sector.projects, rng.randint(2, 4))
    # most projects 1万–30万元, some (construction, equipment) 50 times that: totals above 1,000万元
    projects = [
        (n, rng.randint(10, 300) * 1000 * rng.choice([1, 1, 1, 50]) + rng.choice([0, rng.randint(1, 999)]))
        for n in names
    ]
    carry_names = [n for n in sector.projects if n not in names][: rng.choice([0, 1, 1, 2])]
    carry = [(n, rng.randint(5, 80) * 1000) for n in carry_names]
    reception = econ[(OPERATING_CATEGORY, "公务接待费")]
    car = econ[(OPERATING_CATEGORY, "公务用车运行维护费")]
    operating = sum(
        v for (cat, _), v in econ.items() if cat not in (PERSONNEL_CATEGORY, "对个人和家庭的补助")
    )
    return _Amounts(
        econ=econ,
        func_basic=func_basic,
        project_code=sector.project[0],
        projects=projects,
        carry_projects=carry,
        three_public={
            "因公出国（境）费": 0,
            "公务接待费": reception,
            "公务用车购置费": econ.get(("资本性支出", "公务用车购置"), 0),
            "公务用车运行维护费": car,
        },
        agency=operating,
    )


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


@dataclass
class _Item:
    code: str
    name: str
    basic: int = 0
    project: int = 0
    carry: int = 0

    @property
    def current(self) -> int:
        return self.basic + self.project

    @property
    def total(self) -> int:
        return self.basic + self.project + self.carry


def _items(sector: Sector, a: _Amounts) -> list[_Item]:
    """Every printed 类/款/项 row with its exact amounts, in code order."""
    leaves: dict[str, _Item] = {}
    names: dict[str, str] = {sector.cls: CLASS_NAME[sector.cls], sector.kuan[0]: sector.kuan[1]}
    names[sector.running[0]] = sector.running[1]
    names[sector.project[0]] = sector.project[1]
    for _item, code, name, kuan, kuan_name, cls in CONTRIBUTIONS:
        names[code], names[kuan], names[cls] = name, kuan_name, CLASS_NAME[cls]
    for code, v in a.func_basic.items():
        leaves.setdefault(code, _Item(code, names[code])).basic += v
    project = leaves.setdefault(a.project_code, _Item(a.project_code, names[a.project_code]))
    project.project = sum(v for _, v in a.projects)
    project.carry = sum(v for _, v in a.carry_projects)
    rows: dict[str, _Item] = {}
    for leaf in leaves.values():
        for width in (3, 5, 7):
            code = leaf.code[:width]
            r = rows.setdefault(code, _Item(code, names[code]))
            r.basic += leaf.basic
            r.project += leaf.project
            r.carry += leaf.carry
    return [rows[c] for c in sorted(rows)]


def _total(items: list[_Item]) -> _Item:
    t = _Item("", TOTAL_ROW)
    for x in items:
        if len(x.code) == 3:
            t.basic += x.basic
            t.project += x.project
            t.carry += x.carry
    return t


def _code_rows(
    items: list[_Item], wan: Callable[[int], str], values: Callable[[_Item], tuple[int, ...]]
) -> list[list[str]]:
    t = _total(items)
    rows = [[TOTAL_ROW, "", *(wan(v) for v in values(t))]]
    rows += [[x.code, x.name, *(wan(v) for v in values(x))] for x in items]
    return rows


def _tables(
    unit: str,
    year: int,
    sector: Sector,
    a: _Amounts,
    style: BudgetStyle,
    groups: dict[str, list[tuple[str, list[tuple[str, int]]]]],
) -> dict[str, BudgetTable]:
    """The tables B01–B13 of the amounts; `groups`: the project tables' units and their projects."""

    def wan_(v: int) -> str:
        if style.table_unit == "元":
            return (f"{v:,}.00" if style.thousands else f"{v}.00") if v else ""
        return wan(v, style.thousands)

    items = _items(sector, a)
    t = _total(items)
    current, carry, total = t.current, t.carry, t.total
    by_class = {x.code: x for x in items if len(x.code) == 3}
    y = f"{year}年"

    # B01 预算收支总表
    income = [
        ("一、一般公共预算", current),
        ("二、政府性基金预算", 0),
        ("三、国有资本经营预算", 0),
        ("四、财政专户管理资金", 0),
        ("五、单位资金", 0),
    ]
    b01: list[list[str]] = []
    for k, (code, name) in enumerate(CLASSES):
        x = by_class.get(code)
        left = ["", ""] if k >= len(income) else [income[k][0], wan_(income[k][1])]
        right = [
            f"{_numeral(k + 1)}、{name}",
            *((wan_(x.total), wan_(x.current), wan_(x.carry)) if x else ("", "", "")),
        ]
        b01.append(left + right)
    b01 += [
        ["本年收入合计", wan_(current), "本年支出合计", wan_(total), wan_(current), wan_(carry)],
        ["上年结转", wan_(carry), "年终结转", "", "", ""],
        ["收入总计", wan_(total), "支出总计", wan_(total), wan_(current), wan_(carry)],
    ]
    tables = {
        "B01": BudgetTable(
            "B01",
            f"{y}预算收支总表",
            [
                ["收入", "", "支出", "", "", ""],
                ["项目", y, "项目", f"{y}合计", "当年预算安排", "上年结转安排"],
            ],
            b01,
        )
    }
    tables["B02"] = BudgetTable(
        "B02",
        f"{y}预算收入总表",
        [
            ["项目", "", "本年收入", "", "", "", "", "", "上年结转"],
            [
                "科目编码",
                "科目名称",
                "合计",
                "一般公共预算",
                "政府性基金",
                "国有资本经营预算",
                "财政专户管理资金",
                "单位资金",
                "",
            ],
        ],
        [
            r[:3] + [r[2], "", "", "", "", r[3]]
            for r in _code_rows(items, wan_, lambda x: (x.current, x.carry))
        ],
    )
    three_cols = [
        ["项目", "", f"{y}预算数", "", ""],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ]
    tables["B03"] = BudgetTable(
        "B03",
        f"{y}预算支出总表",
        copy.deepcopy(three_cols),
        _code_rows(items, wan_, lambda x: (x.total, x.basic, x.project + x.carry)),
    )
    # B04 财政拨款收支总表
    b04: list[list[str]] = []
    fiscal_income = [
        ("一、一般公共预算", current),
        ("二、政府性基金预算", 0),
        ("三、国有资本经营预算", 0),
    ]
    for k, (code, name) in enumerate(CLASSES):
        x = by_class.get(code)
        left = ["", ""] if k >= len(fiscal_income) else [fiscal_income[k][0], wan_(fiscal_income[k][1])]
        right = [
            f"{_numeral(k + 1)}、{name}",
            *((wan_(x.total), wan_(x.total), "", "") if x else ("", "", "", "")),
        ]
        b04.append(left + right)
    b04 += [
        ["本年收入合计", wan_(current), "本年支出合计", wan_(total), wan_(total), "", ""],
        ["上年财政拨款结转", wan_(carry), "年终结转", "", "", "", ""],
        ["一、一般公共预算", wan_(carry), "", "", "", "", ""],
        ["二、政府性基金预算", "", "", "", "", "", ""],
        ["三、国有资本经营预算", "", "", "", "", "", ""],
        ["收入总计", wan_(total), "支出总计", wan_(total), wan_(total), "", ""],
    ]
    tables["B04"] = BudgetTable(
        "B04",
        f"{y}财政拨款收支总表",
        [
            ["收入", "", "支出", "", "", "", ""],
            ["项目", "金额", "项目", "金额", "", "", ""],
            ["", "", "", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
        ],
        b04,
    )
    tables["B05"] = BudgetTable(
        "B05",
        f"{y}一般公共预算支出预算表（不含上年结转）",
        copy.deepcopy(three_cols),
        _code_rows(items, wan_, lambda x: (x.current, x.basic, x.project)),
    )
    # B06 基本支出分经济科目表
    cats: dict[str, int] = {}
    for (cat, _item), v in a.econ.items():
        cats[cat] = cats.get(cat, 0) + v
    personnel_cats = (PERSONNEL_CATEGORY, "对个人和家庭的补助")
    personnel = sum(v for c, v in cats.items() if c in personnel_cats)
    operating = sum(v for c, v in cats.items() if c not in personnel_cats)

    def econ_row(name: str, parent: str, v: int, is_personnel: bool) -> list[str]:
        # by name with its category beside it, or (econ_codes) by code and name
        first = [ECON_CODES[name], name] if style.econ_codes else [name, parent]
        return [*first, wan_(v), wan_(v) if is_personnel else "", "" if is_personnel else wan_(v)]

    b06 = [[TOTAL_ROW, "", wan_(personnel + operating), wan_(personnel), wan_(operating)]]
    for cat in cats:
        b06.append(econ_row(cat, "", cats[cat], cat in personnel_cats))
        for (c, item), v in a.econ.items():
            if c == cat:
                b06.append(econ_row(item, cat, v, cat in personnel_cats))
    names = (
        ["科目编码", "科目名称"]
        if style.econ_codes
        else ["部门预算支出经济科目名称", "政府预算支出经济科目名称"]
    )
    tables["B06"] = BudgetTable(
        "B06",
        f"{y}一般公共预算安排基本支出分经济科目表（不含上年结转）",
        [[*names, f"{y}预算数", "", ""], ["", "", "合计", "人员经费", "公用经费"]],
        b06,
    )
    none = "注：本表无数据。"
    tables["B07"] = BudgetTable(
        "B07",
        f"{y}政府性基金预算收入表（不含上年结转）",
        [["项目", "", "政府性基金收入预算"], ["收入科目编码", "科目名称", ""]],
        [[TOTAL_ROW, "", ""]],
        none,
    )
    tables["B08"] = BudgetTable(
        "B08",
        f"{y}政府性基金预算支出表（不含上年结转）",
        copy.deepcopy(three_cols),
        [[TOTAL_ROW, "", "", "", ""]],
        none,
    )
    tables["B09"] = BudgetTable(
        "B09",
        f"{y}国有资本经营预算收支预算表（不含上年结转）",
        [
            ["国有资本经营预算收入", "", "", "国有资本经营预算支出", "", "", "", ""],
            ["项目", "", "国有资本经营收入预算", "科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["收入科目编码", "科目名称", "", "", "", "", "", ""],
        ],
        [[TOTAL_ROW, "", "", "", "", "", "", ""]],
        none,
    )
    tp = a.three_public
    car = tp["公务用车购置费"] + tp["公务用车运行维护费"]
    tp_total = tp["因公出国（境）费"] + tp["公务接待费"] + car

    def tp_row(name: str, v: int) -> list[str]:
        return [name, wan_(v) or "0.00", wan_(v) or "0.00", "", ""]

    tables["B10"] = BudgetTable(
        "B10",
        f"{y}一般公共预算“三公”经费支出预算表",
        [
            ["项目", f"{y}预算数", "", "", ""],
            ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
        ],
        [
            tp_row("因公出国（境）费", tp["因公出国（境）费"]),
            tp_row("公务接待费", tp["公务接待费"]),
            tp_row("公务用车购置及运行费", car),
            tp_row("①公务用车购置费", tp["公务用车购置费"]),
            tp_row("②公务用车运行维护费", tp["公务用车运行维护费"]),
            tp_row("合计", tp_total),
        ],
    )
    tables["B11"] = BudgetTable(
        "B11",
        f"{y}机关运行经费预算财政拨款情况统计表",
        [
            ["单位名称", f"{y}预算数", "", "", ""],
            ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
        ],
        [
            ["部门合计", wan_(a.agency), wan_(a.agency), "", ""],
            [unit, wan_(a.agency), wan_(a.agency), "", ""],
        ],
    )

    def project_table(tid: str, title: str) -> BudgetTable:
        """The department's row (when it has several units), each unit's row, then its projects."""
        header = [
            ["项目名称", "合计", f"{y}财政拨款", "", "", "财政专户管理资金", "单位资金"],
            ["", "", "一般公共预算", "政府性基金预算", "国有资本经营预算", "", ""],
        ]
        units = [(u, ps) for u, ps in groups[tid] if ps]
        if not units:
            return BudgetTable(tid, title, header, [[unit, "", "", "", "", "", ""]], none)

        def line(name: str, v: int) -> list[str]:
            return [name, wan_(v), wan_(v), "", "", "", ""]

        body = [line(unit, sum(v for _, ps in units for _, v in ps))] if len(groups[tid]) > 1 else []
        for u, ps in units:
            body.append(line(u, sum(v for _, v in ps)))
            body += [line(name, v) for name, v in ps]
        return BudgetTable(tid, title, header, body)

    tables["B12"] = project_table("B12", f"{y}项目支出预算表（本年预算）")
    tables["B13"] = project_table("B13", f"{y}项目支出预算表（上年结转）")
    return tables


# ---------------------------------------------------------------------------------------------
# 情况说明
# ---------------------------------------------------------------------------------------------


def _pct(part: int, whole: int) -> str:
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('0.01'))}%"


def _paragraphs(
    unit: str, year: int, a: _Amounts, facts: dict[str, int], style: BudgetStyle, target: str
) -> list[str]:
    def w(v: int) -> str:
        return format_wan(yuan_to_wan(v), thousands=style.thousands)

    total, current, carry = facts["total"], facts["current"], facts["carry"]
    basic, project = facts["basic"], facts["project"] + facts["carry"]
    tp = a.three_public
    tp_total = sum(tp.values())
    return [
        f"{unit}{year}年度{'部门' if style.department else '单位'}预算公开",
        "第一部分 概况",
        "一、本单位职责",
        f"{unit}负责本县相关业务的组织实施和公共服务工作。",
        "第三部分 情况说明",
        "一、收支预算总体情况说明",
        f"{year}年度收入总计{w(total)}万元，支出总计{w(total)}万元。",
        "二、收入预算情况说明",
        f"{year}年度收入预算{w(total)}万元，其中：本年收入{w(current)}万元，上年结转{w(carry)}万元。",
        "三、支出预算情况说明",
        f"{year}年度支出预算{w(total)}万元，其中：基本支出{w(basic)}万元，占{_pct(basic, total)}；"
        f"项目支出{w(project)}万元，占{_pct(project, total)}。",
        "四、财政拨款收支预算总体情况说明",
        f"{year}年度财政拨款收支总预算{w(total)}万元。",
        "五、一般公共预算支出情况说明",
        f"{year}年度一般公共预算当年拨款{w(current)}万元。",
        "六、一般公共预算基本支出情况说明",
        f"{year}年度一般公共预算基本支出{w(basic)}万元，其中：人员经费{w(facts['personnel'])}万元，"
        f"公用经费{w(facts['operating'])}万元。",
        "七、“三公”经费增减变动原因说明",
        f"{year}年“三公”经费预算{w(tp_total)}万元，其中：因公出国（境）费0.00万元，公务接待费"
        f"{w(tp['公务接待费'])}万元，公务用车购置费{w(tp['公务用车购置费'])}万元，公务用车运行维护费{w(tp['公务用车运行维护费'])}万元。",
        "八、机关运行经费增减变动原因说明",
        f"{year}年机关运行经费预算{w(a.agency)}万元，主要用于办公、水电、差旅等公用经费支出。",
        "九、政府采购情况",
        f"{year}年度政府采购预算总额0.00万元，其中：政府采购货物预算0.00万元、政府采购工程预算0.00万元、"
        "政府采购服务预算0.00万元。",
        "十、绩效管理情况",
        target,
        "十一、国有资产占有使用情况",
        f"截至{year - 1}年底，本单位共有车辆1辆，单价100万元以上设备0台（套）。",
        "十二、其他需要说明的情况",
        f"本单位{year}年度无政府性基金预算收支和国有资本经营预算收支，政府性基金预算收入表、支出表和国有资本经营预算"
        "收支预算表为空表。",
        "第四部分 名词解释",
        "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    ]


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


def generate_budget(
    seed: int, *, year: int = 2024, style: BudgetStyle | None = None, running_only: bool = False
) -> SyntheticBudget:
    """A consistent synthetic 单位预算公开, a pure function of its arguments (`style`: default the
    seed's, `BudgetStyle.for_seed`). `running_only` books the whole 基本支出, contributions included,
    under the unit's 行政运行 项 (every sum still holds; CLS-RUNNING-ONLY names it)."""
    style = style or BudgetStyle.for_seed(seed)
    rng = random.Random(seed)
    sector = SECTORS[rng.randrange(len(SECTORS))]
    county = rng.choice(("青川", "柏溪", "南屏", "云岭", "石泉", "桐柏", "安远"))
    unit = county + sector.unit
    code = rng.randint(101, 399)
    department = f"{code}-{county}县{sector.department}"
    a = _draw(rng, sector)
    if running_only:
        a.func_basic = {sector.running[0]: sum(a.func_basic.values())}
    personnel_cats = (PERSONNEL_CATEGORY, "对个人和家庭的补助")
    facts = {
        "current": sum(a.func_basic.values()) + sum(v for _, v in a.projects),
        "carry": sum(v for _, v in a.carry_projects),
        "basic": sum(a.func_basic.values()),
        "project": sum(v for _, v in a.projects),
        "personnel": sum(v for (c, _), v in a.econ.items() if c in personnel_cats),
        "operating": sum(v for (c, _), v in a.econ.items() if c not in personnel_cats),
    }
    facts["total"] = facts["current"] + facts["carry"]
    if style.department:
        # the department prints the budget of its own office and of the unit, projects by unit
        office, name = f"{county}县{sector.department}本级", f"{county}县{sector.department}"
        k = max(1, len(a.projects) // 2)
        groups = {
            "B12": [(office, a.projects[:k]), (unit, a.projects[k:])],
            "B13": [(office, a.carry_projects), (unit, [])],
        }
    else:
        name = unit
        groups = {"B12": [(unit, a.projects)], "B13": [(unit, a.carry_projects)]}
    of = {p: u for tid in groups for u, ps in groups[tid] for p, _ in ps}
    targeted = a.projects + (a.carry_projects if style.carry_forms else [])
    forms = [TargetForm(p, v, rng.randint(2, 12), year, of[p]) for p, v in targeted]
    # wording 1 states the year's money (“当年拨款”): the current projects' total, even when forms are
    # attached for the carried-over projects too
    money = a.projects if style.wording == 1 else targeted
    amount = format_wan(yuan_to_wan(sum(v for _, v in money)), thousands=style.thousands)
    target = target_sentence(year, len(forms), amount, style.wording)
    return SyntheticBudget(
        seed=seed,
        unit=name,
        department=department,
        year=year,
        style=style,
        tables=_tables(name, year, sector, a, style, groups),
        paragraphs=_paragraphs(name, year, a, facts, style, target),
        forms=forms,
        target_count=len(forms),
        target_amount=amount,
        facts=facts,
        projects={"B12": list(a.projects), "B13": list(a.carry_projects)},
    )


TABLE_ORDER = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B10", "B11", "B12", "B13")


def budget_text(doc: SyntheticBudget, separator: str = "tab") -> str:
    """The whole document as text (as a text extraction of its PDF reads): cover, 概况, the tables,
    the 情况说明 and the target forms. Grid rows are tab-separated with blank cells kept, or (separator
    "space") space-joined with blank cells dropped, as a plain text extraction reads."""
    if separator == "space":
        return "\n".join(
            " ".join(c for c in line.split("\t") if c.strip()) if "\t" in line else line
            for line in budget_text(doc).splitlines()
        )
    level = "部门" if doc.style.department else "单位"
    lines = [doc.unit, "", f"{doc.year}年度{level}预算公开", ""]
    paragraphs = doc.paragraphs
    split = paragraphs.index("第三部分 情况说明")
    for p in paragraphs[:split]:
        lines += [p, ""]
    lines += [f"第二部分 {doc.year}年{level}预算报表", ""]
    for k, tid in enumerate(TABLE_ORDER, start=1):
        t = doc.tables[tid]
        lines += [
            f"预算公开表{k}",
            "",
            t.title,
            "",
            f"单位名称：{doc.unit}",
            "",
            f"单位：{doc.style.table_unit}",
            "",
        ]
        lines += ["\t".join(r) for r in t.header + t.body]
        if t.note:
            lines += ["", t.note]
        lines += [""]
    for p in paragraphs[split:]:
        lines += [p, ""]
    for form in doc.forms:
        lines += form.lines(doc.unit, doc.department, doc.style) + [""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Plants
# ---------------------------------------------------------------------------------------------


def _retarget(
    doc: SyntheticBudget, rule: str, count: int, amount: str
) -> tuple[SyntheticBudget, BudgetPlant]:
    out = copy.deepcopy(doc)
    k = out.target_index()
    before = out.paragraphs[k]
    out.set_target(count, amount)
    return out, BudgetPlant(rule, "十、绩效管理情况", before, out.paragraphs[k])


def plant_target_count(doc: SyntheticBudget, delta: int = -2) -> tuple[SyntheticBudget, BudgetPlant]:
    """The 绩效目标 sentence states `delta` projects more (negative: fewer, at least 1) than the forms
    attached and the year's 项目支出预算表 list (N-TARGET-COUNT)."""
    stated = max(1, doc.target_count + delta)
    return _retarget(doc, "N-TARGET-COUNT", stated, doc.target_amount)


def plant_target_amount(
    doc: SyntheticBudget, stated: int | None = None
) -> tuple[SyntheticBudget, BudgetPlant]:
    """The 绩效目标 sentence states another amount (`stated` 元; default the whole 支出预算, basic
    spending included — neither the project tables' total, with or without 上年结转, nor the forms'
    sum): N-TARGET-AMOUNT."""
    amount = doc.wan(doc.facts["total"] if stated is None else stated)
    return _retarget(doc, "N-TARGET-AMOUNT", doc.target_count, amount)


def with_carry_amount(doc: SyntheticBudget) -> SyntheticBudget:
    """The 绩效目标 sentence states the project money including 上年结转 (the project tables' total,
    B12 + B13) and says so (“项目支出预算（含上年结转）”): consistent, N-TARGET-AMOUNT holds it to that
    total."""
    out, _ = _retarget(doc, "", doc.target_count, doc.wan(doc.facts["project"] + doc.facts["carry"]))
    k = out.target_index()
    out.paragraphs[k] = target_sentence(out.year, out.target_count, out.target_amount, 2).replace(
        "项目支出预算", "项目支出预算（含上年结转）"
    )
    return out


def _row(doc: SyntheticBudget, table: str, label: str) -> int:
    """The body row whose first cell (or, B06 printed with codes, second cell) is `label`."""
    return next(i for i, r in enumerate(doc.tables[table].body) if label in r[:2])


def _scale(doc: SyntheticBudget) -> int:
    """Printed units in one 万元 (10000 when the tables print in 元)."""
    return 10000 if doc.style.table_unit == "元" else 1


def _shift(text: str, delta: Decimal, thousands: bool) -> str:
    return format_wan(parse_printed(text) + delta, thousands=thousands)


def plant_econ_move(
    doc: SyntheticBudget, source: str = "基本工资", target: str = "住房公积金", moved: str = "1.00"
) -> tuple[SyntheticBudget, BudgetPlant]:
    """`moved` 万元 of one 工资福利支出 item printed under a contribution item instead (B06: every sum
    still holds; only the contribution against its functional 项 in B05 shows it: CLS-ECON-FUNC)."""
    out = copy.deepcopy(doc)
    body = out.tables["B06"].body
    m = Decimal(moved) * _scale(doc)
    i, j = _row(out, "B06", source), _row(out, "B06", target)
    old = body[j][2]
    for col in (2, 3):  # 合计 and 人员经费
        body[i][col] = _shift(body[i][col], -m, doc.style.thousands)
        body[j][col] = _shift(body[j][col], m, doc.style.thousands)
    return out, BudgetPlant("CLS-ECON-FUNC", f"B06 {source} → {target}", old, body[j][2])


def plant_cell(
    doc: SyntheticBudget, table: str, row: str, column: int, rule: str, delta: str = "10.00"
) -> tuple[SyntheticBudget, BudgetPlant]:
    """One printed amount changed by `delta` 万元: the body row of `table` whose first cell is `row`,
    grid column `column` — an arithmetic defect `rule` (a TB-* rule) names."""
    out = copy.deepcopy(doc)
    body = out.tables[table].body
    i = _row(out, table, row)
    old = body[i][column]
    body[i][column] = _shift(old, Decimal(delta) * _scale(doc), doc.style.thousands)
    return out, BudgetPlant(rule, f"{table} {row} 第{column + 1}栏", old, body[i][column])


__all__ = [
    "SECTORS",
    "BudgetPlant",
    "BudgetStyle",
    "BudgetTable",
    "SyntheticBudget",
    "TargetForm",
    "budget_text",
    "generate_budget",
    "plant_cell",
    "plant_econ_move",
    "plant_target_amount",
    "plant_target_count",
    "target_sentence",
    "with_carry_amount",
]
