"""An invented 县司法局 whose 情况说明 speaks of its 行政编制 (or only of 事业编制), with the example
disclosure's 06表 公用经费 36.76 and a 公开10表 whose 机关运行经费 rows are printed blank or filled,
for CMP-AGENCY-EMPTY."""

from __future__ import annotations

from collections.abc import Callable

from ingest.model import Disclosure
from tests.rules.builders import row
from tests.rules.examples import full, paragraphs

Example = Callable[[], Disclosure]

ADMINISTRATIVE = "截至2023年底，本单位人员编制9人，其中行政编制7人、事业编制2人；实有人员9人。"
PUBLIC_SERVICE = "截至2023年底，本单位人员编制9人，均为事业编制；实有人员9人。"


def staffed(staff: str, agency: str = "") -> Disclosure:
    """The example disclosure saying `staff`, its 10表 机关运行经费 rows printing `agency` ("" blank)."""
    d = full()
    d.paragraphs = d.paragraphs + paragraphs("三、部门人员情况", staff)
    t10 = d.tables["10"]
    for label, text in (("行政单位", agency), ("参照公务员法管理事业单位", "")):
        t10.rows.append(row("10", f"机关运行经费/{label}", {"统计数": text}, parent="机关运行经费"))
    return d


AGENCY_EXAMPLES: dict[str, tuple[Example, Example]] = {
    "CMP-AGENCY-EMPTY": (lambda: staffed(ADMINISTRATIVE), lambda: staffed(ADMINISTRATIVE, "36.76")),
}
