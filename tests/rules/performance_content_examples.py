"""An invented 乡村道路养护经费 project form (read by the real grid parser) whose 预算调整率 indicator
is read against its own 年初预算数 and 全年预算数, for PERF-ADJUST-RATE."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ingest.model import Amount, Cell, Disclosure
from tests.rules.examples import p_project, p_whole, with_forms
from tests.rules.performance_examples import form

Example = Callable[[], Disclosure]

# the base disclosure's 公开10表 prints 政府采购 3.50 (all 服务)
PROCUREMENT_SAID = (
    "2023年度政府采购支出总额3.50万元，其中：政府采购货物支出0万元、政府采购工程支出0万元、"
    "政府采购服务支出3.50万元。授予中小企业合同金额3.50万元，占政府采购支出总额的100%。"
)


def road_form(initial: str, budget: str, executed: str, rate: str) -> list[str]:
    """The form's lines: money block (执行率 95%, 得分 9.5) and an indicator block with 预算调整率."""
    return [
        "项目名称\t\t乡村道路养护经费",
        "项目资金（万元）\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分",
        f"\t\t年度资金总额\t{initial}\t{budget}\t{executed}\t10\t95%\t9.5",
        f"\t\t其中：当年财政拨款\t{initial}\t{budget}\t{executed}\t—\t95%\t—",
        "\t\t上年结转资金\t0\t0\t0\t—\t—\t—",
        "\t\t其他资金\t0\t0\t0\t—\t—\t—",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析",
        "\t产出指标（50分）\t数量指标\t指标1：养护里程\t120公里\t120公里\t30\t30\t",
        f"\t\t时效指标\t指标1：预算调整率\t≤5%\t{rate}\t20\t20\t",
        "\t效益指标（30分）\t社会效益指标\t指标1：道路通行状况\t良好\t良好\t30\t30\t",
        "\t满意度指标（10分）\t服务对象满意度指标\t指标1：群众满意度\t≥90%\t95%\t10\t10\t",
        "总分\t\t\t\t\t\t100\t99.5\t",
    ]


def carrying(initial: str, budget: str, executed: str, rate: str) -> Disclosure:
    """The full disclosure with its two money-block forms plus the road project as P03."""
    d = with_forms()
    d.tables["P03"] = form(road_form(initial, budget, executed, rate), title="项目支出绩效自评表")
    return d


def water_form(name: str, central: str, provincial: str, local: str) -> list[str]:
    """An invented 农村饮水安全 project form with its money broken down by level of government
    (320 budgeted, 288 executed: 90%)."""
    return [
        f"项目名称\t{name}",
        "项目资金预算安排及执行进度(万元)\t年初预算数\t全年预算数\t全年执行数\t资金结(转)余\t执行率\t得分",
        "\t资金总额:\t320\t320\t288\t32\t90\t9",
        f"\t中央财政资金\t{central}\t{central}\t0\t0\t—\t—",
        f"\t省级财政资金\t{provincial}\t{provincial}\t{'288' if provincial != '0' else '0'}\t—\t—\t—",
        f"\t市县区财政资金\t{local}\t{local}\t{'288' if local != '0' else '0'}\t—\t—\t—",
        "一级指标\t二级指标\t三级指标\t年初指标值\t调整后指标值\t实际完成值\t分值\t得分\t偏差原因分析",
        "产出指标\t数量指标\t受益人口\t=12000\t=12000\t=12000\t50\t50\t无",
        "\t质量指标\t水质达标率\t=100%\t=100%\t=100%\t40\t40\t无",
        "总分\t\t\t\t\t\t\t\t99",
    ]


def water(name: str, central: str = "0", provincial: str = "0", local: str = "0") -> Disclosure:
    """The full disclosure with its two money-block forms plus the water project as P03."""
    d = with_forms()
    d.tables["P03"] = form(water_form(name, central, provincial, local), title="项目支出绩效自评表")
    return d


def procured(rate: str, sentence: str = PROCUREMENT_SAID) -> Disclosure:
    """The full disclosure whose 部门整体 form rates its 政府采购执行率 `rate`, with section 十一 saying
    `sentence`."""
    from tests.rules.builders import row
    from tests.rules.narrative_examples import PROCUREMENT, narrated

    d = narrated(PROCUREMENT, sentence)
    whole = p_whole()
    indicator = row("P01", "指标:政府采购执行率", {"年度指标值": "≥100%", "分值": "2", "得分": "0"})
    indicator.role, indicator.label = "indicator", "政府采购执行率"
    value = Decimal(rate.rstrip("%"))
    indicator.cells["实际完成值"] = Cell("P01", indicator.key, "实际完成值", rate, Amount(value, 0, "%"))
    whole.indicators.append(indicator)
    d.tables["P01"] = whole
    d.tables["P02"] = p_project()
    return d


CONTENT_EXAMPLES: dict[str, tuple[Example, Example]] = {
    "PERF-PROCUREMENT": (lambda: procured("0%"), lambda: procured("100%")),
    "PERF-FUND-LEVEL": (
        lambda: water("农村饮水安全中央补助资金", provincial="320"),
        lambda: water("农村饮水安全县级配套资金", local="320"),
    ),
    "PERF-ADJUST-RATE": (
        lambda: carrying("800.00", "1000.00", "950.00", "0%"),
        lambda: carrying("800.00", "840.00", "798.00", "5%"),
    ),
}


def year_named(year: str) -> Disclosure:
    """The example disclosure (year 2023) with its project form's 数量指标 named after `year`."""
    from tests.rules.performance_examples import PROJECT, edit, with_form

    return with_form(edit(PROJECT, "指标1：补助人数", f"指标1：{year}年补助人数"))


CONTENT_EXAMPLES["PERF-INDICATOR-YEAR"] = (lambda: year_named("2022"), lambda: year_named("2023"))


def other_money(other: str) -> Disclosure:
    """The example disclosure (公开01表: no non-fiscal income, 年初结转和结余 0.63) with a road project
    form that executed 95.00 of fiscal money and `other` of 其他资金."""
    lines = road_form("100.00", "100.00", "95.00", "0%")
    total = f"{Decimal('95.00') + Decimal(other):.2f}"
    lines[2] = f"\t\t年度资金总额\t100.00\t100.00\t{total}\t10\t95%\t9.5"
    lines[5] = f"\t\t其他资金\t0\t0\t{other}\t—\t—\t—"
    d = with_forms()
    d.tables["P03"] = form(lines, title="项目支出绩效自评表")
    return d


CONTENT_EXAMPLES["PERF-OTHER-MONEY"] = (lambda: other_money("3.60"), lambda: other_money("0.60"))


def cited(title: str) -> Disclosure:
    """The example disclosure (year 2023) whose project form's 预期目标 cites the document `title`."""
    from tests.rules.performance_examples import PROJECT, edit, with_form

    return with_form(
        edit(PROJECT, "为2000名困难群众发放生活补助", f"按照《{title}》为2000名困难群众发放生活补助")
    )


CONTENT_EXAMPLES["PERF-BASIS-YEAR"] = (
    lambda: cited("关于做好2021年困难群众救助工作的通知"),
    lambda: cited("关于做好2023年困难群众救助工作的通知"),
)


def standard(target: str) -> Disclosure:
    """The example project form (年度资金总额 120万元, 补助人数 2000人) with its 补助标准 target `target`."""
    from tests.rules.performance_examples import PROJECT, edit, with_form

    return with_form(edit(PROJECT, "指标1：补助标准\t600元/人", f"指标1：补助标准\t{target}"))


CONTENT_EXAMPLES["PERF-COST-BOUND"] = (lambda: standard("≥800元/人"), lambda: standard("≥600元/人"))


def whole_initial(initial: str) -> Disclosure:
    """The example disclosure (only general-budget money) whose 情况说明 gives 一般公共预算财政拨款支出
    年初预算 190.00万元, with a 部门整体 form whose 政府预算资金 年初预算数 is `initial`."""
    from tests.rules.builders import row, table
    from tests.rules.narrative_examples import GENERAL, narrated

    d = narrated(
        GENERAL,
        "2023年度一般公共预算财政拨款支出年初预算为190.00万元，支出决算为200.93万元，完成年初预算的105.75%。",
    )
    cols = ("年初预算数", "全年预算数", "全年执行数")
    rows = [
        row("P01", "金额合计", dict(zip(cols, (initial, "201.56", "201.56"), strict=True)), role="total"),
        row("P01", "政府预算资金", dict(zip(cols, (initial, "201.56", "201.56"), strict=True))),
        row("P01", "单位资金", dict(zip(cols, ("0", "0", "0"), strict=True))),
    ]
    d.tables["P01"] = table("P01", rows, columns=cols, title="某县医疗保障局部门整体支出绩效自评表")
    return d


CONTENT_EXAMPLES["PERF-WHOLE-INITIAL"] = (lambda: whole_initial("205.00"), lambda: whole_initial("190.00"))


WATER_SAID = "农村饮水安全巩固提升项目使用中央转移支付资金288万元，全部用于供水管网改造。"


def water_said(sentence: str, *, central: str = "0", provincial: str = "0", local: str = "0") -> Disclosure:
    """The full disclosure with `sentence` in its 情况说明 and the 农村饮水安全巩固提升 form (P03; a
    name that gives no level) with its money under the levels given."""
    from tests.rules.narrative_examples import narrated

    d = narrated(sentence)
    d.tables["P01"] = p_whole()
    d.tables["P02"] = p_project()
    lines = water_form("农村饮水安全巩固提升", central, provincial, local)
    d.tables["P03"] = form(lines, title="项目支出绩效自评表")
    return d


CONTENT_EXAMPLES["PERF-FUND-NARRATIVE"] = (
    lambda: water_said(WATER_SAID, provincial="320"),
    lambda: water_said(WATER_SAID, central="320"),
)
