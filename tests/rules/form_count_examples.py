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
