"""An invented 县住房和城乡建设局 whose 情况说明 states how many projects it self-evaluated, with the
project forms (read by the real grid parser) it carries, for N-FORM-COUNT."""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure
from tests.rules.examples import full, p_whole, paragraphs
from tests.rules.performance_examples import PROJECT, edit, form

Example = Callable[[], Disclosure]

PROJECTS = ("农村危房改造补助", "老旧小区改造", "城镇燃气安全排查")


def carrying(sentence: str, *names: str) -> Disclosure:
    """The full disclosure, its 部门整体 form, one project form per name (a name given twice: two
    forms of one project) and section 十三 saying `sentence`."""
    d = full()
    d.tables["P01"] = p_whole()
    for k, name in enumerate(names, start=2):
        lines = edit(PROJECT, "项目名称\t\t困难群众生活补助", f"项目名称\t\t{name}")
        d.tables[f"P{k:02d}"] = form(lines, table_id=f"P{k:02d}", title="项目支出绩效自评表")
    d.paragraphs = d.paragraphs + paragraphs("十三、预算绩效情况说明", sentence)
    return d


FORM_COUNT_EXAMPLES: dict[str, tuple[Example, Example]] = {
    "N-FORM-COUNT": (
        lambda: carrying("2023年度对2个项目开展绩效自评，项目支出绩效自评表随决算公开。", *PROJECTS),
        lambda: carrying("2023年度对2个项目开展绩效自评。", PROJECTS[0], PROJECTS[1], PROJECTS[1]),
    ),
}


def budget_carrying(sentence: str, *names: str) -> Disclosure:
    """An invented 县水利局 budget: section 十 saying `sentence`, one 绩效目标 form per name and the
    项目支出预算表（本年预算） listing the same projects under the unit's row."""
    from decimal import Decimal

    from tests.rules.builders import disclosure, row, table

    amounts = [Decimal(120 + 30 * k) for k in range(len(names))]
    cols = ("合计", "一般公共预算")
    rows = [row("B12", "县水利局", dict.fromkeys(cols, f"{sum(amounts, Decimal(0)):.2f}"))]
    rows += [
        row("B12", name, dict.fromkeys(cols, f"{a:.2f}")) for name, a in zip(names, amounts, strict=True)
    ]
    d = disclosure(table("B12", rows, columns=cols, title="2024年项目支出预算表（本年预算）"), kind="budget")
    for k, name in enumerate(names, start=1):
        lines = edit(PROJECT, "项目名称\t\t困难群众生活补助", f"项目名称\t\t{name}")
        d.tables[f"P{k:02d}"] = form(lines, table_id=f"P{k:02d}", title="项目支出绩效目标表")
    d.paragraphs = paragraphs("十、绩效管理情况", sentence)
    return d


WATER = ("河道清淤", "小型水库除险加固", "农田灌溉渠道维修")
FORM_COUNT_EXAMPLES["N-TARGET-COUNT"] = (
    lambda: budget_carrying("2024年本单位实行绩效目标管理的项目2个，涉及资金290万元。", *WATER),
    lambda: budget_carrying("2024年本单位实行绩效目标管理的项目3个，涉及资金450万元。", *WATER),
)
FORM_COUNT_EXAMPLES["N-TARGET-AMOUNT"] = (
    lambda: budget_carrying("2024年本单位实行绩效目标管理的项目3个，涉及资金980.00万元。", *WATER),
    lambda: budget_carrying("2024年本单位实行绩效目标管理的项目3个，涉及资金450.00万元。", *WATER),
)
