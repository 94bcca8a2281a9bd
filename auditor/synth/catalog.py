"""Standard vocabulary for synthetic 决算: functional and economic subject codes, unit profiles.

The names are the public 政府收支分类科目 (government revenue and expenditure classification)
names; the profiles are invented department types that each use a plausible subset of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The 26 functional 类 printed in the expense lane of 公开01表 / 公开04表, in printed order.
FUNC_CLASSES: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
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
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("234", "抗疫特别国债安排的支出"),
)

# 款 names used by the profiles.
FUNC_SECTIONS: dict[str, str] = {
    "20101": "人大事务",
    "20103": "政府办公厅（室）及相关机构事务",
    "20106": "财政事务",
    "20801": "人力资源和社会保障管理事务",
    "20805": "行政事业单位养老支出",
    "20807": "就业补助",
    "21001": "卫生健康管理事务",
    "21004": "公共卫生",
    "21011": "行政事业单位医疗",
    "21013": "医疗救助",
    "21015": "医疗保障管理事务",
    "21301": "农业农村",
    "22102": "住房改革支出",
}

# How a 项 is spent: only 基本支出, only 项目支出, or both.
Role = Literal["basic", "project", "mixed"]


@dataclass(frozen=True)
class FuncItem:
    """A functional 项 (7-digit code) with its name and how units typically spend on it."""

    code: str
    name: str
    role: Role


def _items(*rows: tuple[str, str, Role]) -> tuple[FuncItem, ...]:
    return tuple(FuncItem(c, n, r) for c, n, r in rows)


# 项 tied to personnel costs: every unit has most of them. Their 基本支出 equals an economic item.
PERSONNEL_ITEMS: tuple[FuncItem, ...] = _items(
    ("2080501", "行政单位离退休", "basic"),
    ("2080502", "事业单位离退休", "basic"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "basic"),
    ("2080506", "机关事业单位职业年金缴费支出", "basic"),
    ("2101101", "行政单位医疗", "basic"),
    ("2101102", "事业单位医疗", "basic"),
    ("2101103", "公务员医疗补助", "basic"),
    ("2210201", "住房公积金", "basic"),
    ("2210202", "提租补贴", "basic"),
    ("2210203", "购房补贴", "basic"),
)


@dataclass(frozen=True)
class Profile:
    """A department type: its agency name and the 项 of its own line of business."""

    agency: str
    duty: str  # one clause for the 部门概况 paragraph
    main: tuple[FuncItem, ...]  # first entry is its 行政运行 (always present)
    extra: tuple[FuncItem, ...] = ()


PROFILES: tuple[Profile, ...] = (
    Profile(
        "医疗保障局",
        "负责本地区医疗保险、生育保险、医疗救助等医疗保障工作的组织实施和基金监督管理",
        _items(
            ("2101501", "行政运行", "basic"),
            ("2101502", "一般行政管理事务", "project"),
            ("2101504", "信息化建设", "project"),
            ("2101506", "医疗保障经办事务", "mixed"),
            ("2101550", "事业运行", "basic"),
            ("2101599", "其他医疗保障管理事务支出", "mixed"),
        ),
        _items(
            ("2101301", "城乡医疗救助", "project"),
            ("2100410", "突发公共卫生事件应急处置", "project"),
        ),
    ),
    Profile(
        "卫生健康局",
        "负责本地区卫生健康事业发展规划、公共卫生管理和基层医疗卫生服务体系建设",
        _items(
            ("2100101", "行政运行", "basic"),
            ("2100102", "一般行政管理事务", "project"),
            ("2100199", "其他卫生健康管理事务支出", "mixed"),
        ),
        _items(
            ("2100401", "疾病预防控制机构", "mixed"),
            ("2100408", "基本公共卫生服务", "project"),
            ("2100409", "重大公共卫生服务", "project"),
            ("2100410", "突发公共卫生事件应急处置", "project"),
        ),
    ),
    Profile(
        "人大常委会办公室",
        "负责人大常委会会议的组织服务、代表联络和机关日常运转保障",
        _items(
            ("2010101", "行政运行", "basic"),
            ("2010102", "一般行政管理事务", "project"),
            ("2010104", "人大会议", "project"),
            ("2010108", "代表工作", "project"),
            ("2010150", "事业运行", "basic"),
            ("2010199", "其他人大事务支出", "mixed"),
        ),
    ),
    Profile(
        "人民政府办公室",
        "负责政府机关的综合协调、文电会务、督查督办和政务公开等工作",
        _items(
            ("2010301", "行政运行", "basic"),
            ("2010302", "一般行政管理事务", "project"),
            ("2010350", "事业运行", "basic"),
            ("2010399", "其他政府办公厅（室）及相关机构事务支出", "mixed"),
        ),
    ),
    Profile(
        "财政局",
        "负责本级财政预算编制与执行、国库集中支付、政府采购监督和财政监督管理",
        _items(
            ("2010601", "行政运行", "basic"),
            ("2010602", "一般行政管理事务", "project"),
            ("2010607", "信息化建设", "project"),
            ("2010650", "事业运行", "basic"),
            ("2010699", "其他财政事务支出", "mixed"),
        ),
    ),
    Profile(
        "人力资源和社会保障局",
        "负责本地区就业促进、社会保险、劳动关系和人事人才管理等工作",
        _items(
            ("2080101", "行政运行", "basic"),
            ("2080102", "一般行政管理事务", "project"),
            ("2080109", "社会保险经办机构", "mixed"),
            ("2080199", "其他人力资源和社会保障管理事务支出", "mixed"),
        ),
        _items(
            ("2080705", "公益性岗位补贴", "project"),
            ("2080799", "其他就业补助支出", "project"),
        ),
    ),
    Profile(
        "农业农村局",
        "负责本地区农业农村发展规划、农业生产指导、农村改革和乡村振兴相关工作",
        _items(
            ("2130101", "行政运行", "basic"),
            ("2130102", "一般行政管理事务", "project"),
            ("2130104", "事业运行", "basic"),
            ("2130199", "其他农业农村支出", "mixed"),
        ),
    ),
)

PLACES: tuple[str, ...] = (
    "青山县",
    "临河县",
    "云溪县",
    "南岭县",
    "东湖区",
    "北原县",
    "西坪县",
    "石桥区",
    "长林县",
    "白水县",
)


def func_class_name(code: str) -> str:
    """Name of a functional 类 (3-digit code)."""
    for c, n in FUNC_CLASSES:
        if c == code:
            return n
    raise KeyError(code)


def all_func_items() -> dict[str, FuncItem]:
    """Every 项 any profile can use, by code."""
    out: dict[str, FuncItem] = {i.code: i for i in PERSONNEL_ITEMS}
    for p in PROFILES:
        for i in p.main + p.extra:
            out[i.code] = i
    return out


# --- economic classification (公开06表) ----------------------------------------------------

# (class code, class name, lane, items); lane follows ingest's Row.lane for 06表.
ECON_CLASSES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "301",
        "工资福利支出",
        "personnel",
        (
            ("30101", "基本工资"),
            ("30102", "津贴补贴"),
            ("30103", "奖金"),
            ("30106", "伙食补助费"),
            ("30107", "绩效工资"),
            ("30108", "机关事业单位基本养老保险缴费"),
            ("30109", "职业年金缴费"),
            ("30110", "职工基本医疗保险缴费"),
            ("30111", "公务员医疗补助缴费"),
            ("30112", "其他社会保障缴费"),
            ("30113", "住房公积金"),
            ("30114", "医疗费"),
            ("30199", "其他工资福利支出"),
        ),
    ),
    (
        "303",
        "对个人和家庭的补助",
        "personnel",
        (
            ("30301", "离休费"),
            ("30302", "退休费"),
            ("30303", "退职（役）费"),
            ("30304", "抚恤金"),
            ("30305", "生活补助"),
            ("30306", "救济费"),
            ("30307", "医疗费补助"),
            ("30308", "助学金"),
            ("30309", "奖励金"),
            ("30310", "个人农业生产补贴"),
            ("30311", "代缴社会保险费"),
            ("30399", "其他对个人和家庭的补助"),
        ),
    ),
    (
        "302",
        "商品和服务支出",
        "operating",
        (
            ("30201", "办公费"),
            ("30202", "印刷费"),
            ("30203", "咨询费"),
            ("30204", "手续费"),
            ("30205", "水费"),
            ("30206", "电费"),
            ("30207", "邮电费"),
            ("30208", "取暖费"),
            ("30209", "物业管理费"),
            ("30211", "差旅费"),
            ("30212", "因公出国（境）费用"),
            ("30213", "维修（护）费"),
            ("30214", "租赁费"),
            ("30215", "会议费"),
            ("30216", "培训费"),
            ("30217", "公务接待费"),
            ("30218", "专用材料费"),
            ("30224", "被装购置费"),
            ("30225", "专用燃料费"),
            ("30226", "劳务费"),
            ("30227", "委托业务费"),
            ("30228", "工会经费"),
            ("30229", "福利费"),
            ("30231", "公务用车运行维护费"),
            ("30239", "其他交通费用"),
            ("30240", "税金及附加费用"),
            ("30299", "其他商品和服务支出"),
        ),
    ),
    (
        "307",
        "债务利息及费用支出",
        "operating",
        (
            ("30701", "国内债务付息"),
            ("30702", "国外债务付息"),
        ),
    ),
    (
        "310",
        "资本性支出",
        "operating",
        (
            ("31001", "房屋建筑物购建"),
            ("31002", "办公设备购置"),
            ("31003", "专用设备购置"),
            ("31007", "信息网络及软件购置更新"),
            ("31013", "公务用车购置"),
            ("31019", "其他交通工具购置"),
            ("31099", "其他资本性支出"),
        ),
    ),
    (
        "399",
        "其他支出",
        "operating",
        (
            ("39907", "国家赔偿费用支出"),
            ("39999", "其他支出"),
        ),
    ),
)

# Which classes stand in which of the three side-by-side column groups of 06表.
ECON_GROUPS: tuple[tuple[str, ...], ...] = (("301", "303"), ("302",), ("307", "310", "399"))


def econ_names() -> dict[str, str]:
    """Every economic code used in 06表 (classes and items) → name."""
    out: dict[str, str] = {}
    for code, name, _lane, items in ECON_CLASSES:
        out[code] = name
        out.update(dict(items))
    return out


def econ_lane(code: str) -> str:
    """'personnel' (301, 303) or 'operating' (302, 307, 310, 399) for an economic code."""
    for cls, _name, lane, _items in ECON_CLASSES:
        if code.startswith(cls):
            return lane
    raise KeyError(code)
