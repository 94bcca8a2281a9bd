"""绩效 forms with indicator blocks, read by the real parser (ingest/performance.py and
ingest/indicators.py) from tab-separated lines written here, and the examples where each rule of
the indicator block fires and stays silent.

The consistent project form: 年度资金总额 120 万元 budgeted, 96 executed (80%, 得分 10 × 80% = 8);
2000 persons × 600 元 = 1,200,000 元 = 120 万元 budgeted, 1600 × 600 = 960,000 元 = 96 万元
executed; 产出 20+10+10+10 = 50, 效益 15+0+15 = 30, 满意度 10, total 10+50+30+10 = 100, scores
8+16+10+10+10+15+0+15+10 = 94.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.layout import Grid, RawCell
from ingest.model import Disclosure, Location, Table
from ingest.performance import Candidate, parse_form
from tests.rules.examples import with_forms

Example = Callable[[], Disclosure]

TITLE = "某县困难群众生活补助项目支出绩效自评表"

PROJECT = [
    "项目名称\t\t困难群众生活补助",
    "项目资金（万元）\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分",
    "\t\t年度资金总额\t120\t120\t96\t10\t80%\t8",
    "\t\t其中：当年财政拨款\t120\t120\t96\t—\t80%\t—",
    "\t\t上年结转资金\t0\t0\t0\t—\t—\t—",
    "\t\t其他资金\t0\t0\t0\t—\t—\t—",
    "年度总体目标\t预期目标\t\t\t实际完成情况",
    "\t为2000名困难群众发放生活补助\t\t\t已为1600名群众发放补助",
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析",
    "\t产出指标（50分）\t数量指标\t指标1：补助人数\t2000人\t1600人\t20\t16\t部分对象不再符合条件",
    "\t\t质量指标\t指标1：补助标准\t600元/人\t600元/人\t10\t10\t",
    "\t\t时效指标\t指标1：预算执行率\t≥80%\t80%\t10\t10\t",
    "\t\t成本指标\t指标1：补助资金总额\t≤1200000元\t960000元\t10\t10\t",
    "\t效益指标（30分）\t社会效益指标\t指标1：困难群众生活改善\t明显改善\t明显改善\t15\t15\t",
    "\t\t生态效益指标\t指标1：不适用\t不适用\t不适用\t0\t0\t",
    "\t\t可持续影响指标\t指标1：长效救助机制\t长期\t长期\t15\t15\t",
    "\t满意度指标（10分）\t服务对象满意度指标\t指标1：受助群众满意度\t≥90%\t95%\t10\t10\t",
    "总分\t\t\t\t\t\t100\t94\t",
]

# The same project printed with 年初/调整后 指标值, money broken down by level of government and
# a 资金结(转)余 column (as some regions print it).
LEVELS = [
    "项目名称\t\t困难群众生活补助",
    "项目资金预算安排及执行进度(万元)\t年初预算数\t全年预算数\t全年执行数\t资金结(转)余\t执行率\t得分",
    "\t资金总额:\t120\t120\t96\t24\t80\t8",
    "\t中央财政资金\t60\t60\t48\t12\t80\t—",
    "\t市县区财政资金\t60\t60\t48\t12\t80\t—",
    "一级指标\t二级指标\t三级指标\t年初指标值\t调整后指标值\t实际完成值\t分值\t得分\t偏差原因分析",
    "产出指标\t数量指标\t补助人数\t=2000\t=2000\t=1600\t50\t40\t部分对象不再符合条件",
    "\t质量指标\t补助标准\t=600元\t=600元\t=600元\t40\t40\t无",
    "总分\t\t\t\t\t\t\t\t88",
]


def form(lines: list[str], table_id: str = "P03", title: str = TITLE) -> Table:
    """The lines read by the grid parser, as a PDF or tab-separated text would give them."""
    rows: list[list[RawCell | None]] = []
    for i, line in enumerate(lines, start=1):
        loc = Location(page=9, line=i)
        rows.append([RawCell(text, loc) if text else None for text in line.split("\t")])
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    table = parse_form(Candidate(Grid(rows, Location(page=9, line=1)), 9, title), table_id)
    assert table is not None
    return table


def edit(lines: list[str], old: str, new: str, count: int = 1) -> list[str]:
    """The lines with one printed text changed (it must be there)."""
    text = "\n".join(lines)
    assert old in text, old
    return text.replace(old, new, count).split("\n")


def with_form(lines: list[str] = PROJECT) -> Disclosure:
    """The full consistent disclosure (and its two money-block forms) plus this form as P03."""
    d = with_forms()
    d.tables["P03"] = form(lines)
    return d


def levels(**_: str) -> Disclosure:
    return with_form(LEVELS)


PERF_EXAMPLES: dict[str, tuple[Example, Example]] = {
    "PERF-WEIGHT-GROUP": (
        lambda: with_form(edit(PROJECT, "产出指标（50分）", "产出指标（40分）")),
        with_form,
    ),
    "PERF-WEIGHT-TOTAL": (lambda: with_form(edit(PROJECT, "\t100\t94", "\t90\t94")), with_form),
    "PERF-SCORE-TOTAL": (lambda: with_form(edit(PROJECT, "\t100\t94", "\t100\t96")), with_form),
    "PERF-SCORE-CAP": (lambda: with_form(edit(PROJECT, "95%\t10\t10", "95%\t10\t12")), with_form),
    "PERF-RATE": (lambda: with_form(edit(PROJECT, "96\t10\t80%\t8", "96\t10\t90%\t8")), with_form),
    "PERF-RATE-SCORE": (lambda: with_form(edit(PROJECT, "96\t10\t80%\t8", "96\t10\t80%\t10")), with_form),
    "PERF-NA-WEIGHTED": (
        lambda: with_form(
            edit(
                edit(PROJECT, "不适用\t不适用\t0\t0", "不适用\t不适用\t5\t0"),
                "长期\t长期\t15\t15",
                "长期\t长期\t10\t10",
            )
        ),
        with_form,
    ),
    "PERF-SHORTFALL": (lambda: with_form(edit(PROJECT, "1600人\t20\t16", "1600人\t20\t20")), with_form),
    "PERF-TARGET-SCALE": (lambda: with_form(edit(LEVELS, "=2000\t=2000", "=200\t=2000")), levels),
    "PERF-COST-RATE": (lambda: with_form(edit(PROJECT, "≥80%\t80%", "≥80%\t100%")), with_form),
    "PERF-BALANCE": (lambda: with_form(edit(LEVELS, "96\t24\t80", "96\t34\t80")), levels),
    "XP-UNIT-COST": (lambda: with_form(edit(PROJECT, "600元/人\t600元/人", "500元/人\t500元/人")), with_form),
    "XP-UNIT-COST-ROUNDED": (
        lambda: with_form(edit(PROJECT, "2000人\t1600人", "2005人\t1600人")),
        with_form,
    ),
}
PERF_EXAMPLES["PERF-ACTUAL-TEXT"] = (
    lambda: with_form(edit(PROJECT, "已为1600名群众发放补助", "实际发放人数1800人")),
    lambda: with_form(edit(PROJECT, "已为1600名群众发放补助", "实际发放人数1600人")),
)


def _titled_form(title: str) -> Disclosure:
    d = with_forms()
    d.tables["P03"] = form(PROJECT, title=title)
    return d


# 2080506 prints only 基本支出: a project form about it evaluates money booked as basic spending
PERF_EXAMPLES["XP-PROJECT-AS-BASIC"] = (
    lambda: _titled_form("机关事业单位职业年金缴费支出项目绩效自评表"),
    with_form,
)


def _item_narrated(initial: str) -> Disclosure:
    """Section 五 explaining the 项 that holds the project (its 决算 96 = the form's 执行数)."""
    from tests.rules.narrative_examples import narrated

    d = narrated(
        "五、一般公共预算财政拨款支出决算情况说明",
        "1.卫生健康支出（类）医疗保障管理事务（款）其他医疗保障管理事务支出（项）。"
        f"年初预算{initial}万元，支出决算96万元，主要用于困难群众生活补助。",
    )
    d.tables["P03"] = form(PROJECT)
    return d


PERF_EXAMPLES["N-PERF-INITIAL"] = (lambda: _item_narrated("0"), lambda: _item_narrated("120"))


def _two_forms_of_one_project() -> Disclosure:
    d = with_form()
    d.tables["P04"] = form(PROJECT, table_id="P04")
    return d


def _one_template_title_three_projects() -> Disclosure:
    """Three forms under the same printed template title, each naming its own project."""
    d = with_forms()
    for k, name in enumerate(("困难群众生活补助", "农村危房改造补助", "乡村道路养护经费"), start=3):
        lines = edit(PROJECT, "项目名称\t\t困难群众生活补助", f"项目名称\t\t{name}")
        d.tables[f"P{k:02d}"] = form(lines, table_id=f"P{k:02d}", title="项目支出绩效自评表")
    return d


PERF_EXAMPLES["PERF-DUPLICATE-FORM"] = (_two_forms_of_one_project, _one_template_title_three_projects)


def _items_naming(second: str) -> Disclosure:
    """Two 项 items of section 五; the second names the project too, or not."""
    from tests.rules.narrative_examples import narrated

    d = narrated(
        "五、一般公共预算财政拨款支出决算情况说明",
        "1.卫生健康支出（类）医疗保障管理事务（款）其他医疗保障管理事务支出（项）。"
        "年初预算40万元，支出决算43.58万元，主要用于困难群众生活补助。",
        "2.卫生健康支出（类）医疗保障管理事务（款）行政运行（项）。"
        f"年初预算120万元，支出决算129.81万元，主要原因是：{second}。",
    )
    d.tables["P03"] = form(PROJECT)
    return d


PERF_EXAMPLES["N-PROJECT-ITEMS"] = (
    lambda: _items_naming("年中追加了困难群众生活补助资金"),
    lambda: _items_naming("人员工资调整"),
)


def _listed_beside(indicator: str) -> Disclosure:
    """The narrative lists the project beside 办公设备购置费; the form has an indicator named so, or not."""
    from tests.rules.narrative_examples import narrated

    d = narrated(
        "十、机关运行经费支出情况说明",
        "本年度机关运行经费支出36.76万元，增加的主要原因是困难群众生活补助和办公设备购置费支出增加。",
    )
    d.tables["P03"] = form(edit(PROJECT, "指标1：长效救助机制", indicator))
    return d


PERF_EXAMPLES["N-PERF-INDICATOR"] = (
    lambda: _listed_beside("指标1：办公设备购置数量"),
    lambda: _listed_beside("指标1：长效救助机制"),
)
