"""Per narrative rule: the consistent disclosure of tests/rules/examples.py with a 情况说明 where the
rule fires and one where it stays silent.

The narrative is given as printed lines (one paragraph each); ingest/narrative/ reads them into
claims exactly as it does for a real document, against the example's tables (03表 合计 201.56 =
基本 157.98 + 项目 43.58; 01/04表 总计 201.56; 09表 “三公” 3.30 = 1.00 + 1.80 + 0.50; 10表 政府采购
3.50 = 服务 3.50).
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.layout import Line
from ingest.model import Disclosure, Location
from ingest.narrative import read_narrative

Example = Callable[[], Disclosure]

EXPENSE = "三、支出决算情况说明"
OVERALL = "一、收入支出决算总体情况说明"
FIN = "四、财政拨款收入支出决算总体情况说明"
GENERAL = "五、一般公共预算财政拨款支出决算情况说明"
THREE_PUBLIC = "九、财政拨款“三公”经费支出决算情况说明"
AGENCY = "十、机关运行经费支出情况说明"
PROCUREMENT = "十一、政府采购支出情况说明"
STAFF = "三、部门人员情况"
STATE_CAPITAL = "八、国有资本经营预算财政拨款支出决算情况说明"
PERFORMANCE = "十三、预算绩效情况说明"


def narrated(*paragraphs: str, year: int = 2023) -> Disclosure:
    """The full example disclosure with these narrative lines read into claims."""
    from tests.rules.examples import full  # examples.py imports this module's examples

    d = full()
    d.year = year
    lines = [Line(text, Location(page=1, line=i + 1)) for i, text in enumerate(paragraphs)]
    reading = read_narrative(lines, d.tables, year)
    d.claims = reading.claims
    d.paragraphs = reading.paragraphs
    d.quality["claims"] = reading.quality
    return d


def _ex(*paragraphs: str) -> Example:
    return lambda: narrated(*paragraphs)


NARRATIVE_EXAMPLES: dict[str, tuple[Example, Example]] = {
    "N-AMOUNT-TABLE": (
        _ex(
            EXPENSE,
            "2023年度本年支出合计201.56万元，其中：基本支出157.35万元，占78%；项目支出44.21万元，占22%。",
        ),
        _ex(
            EXPENSE,
            "2023年度本年支出合计201.56万元，其中：基本支出157.98万元，占78%；项目支出43.58万元，占22%。",
        ),
    ),
    "N-NIL-TABLE": (
        _ex(PERFORMANCE, "本部门无项目支出，未开展部门重点评价。"),
        _ex(THREE_PUBLIC, "本部门2023年度无财政拨款培训费支出。"),
    ),
    "N-SHARE": (
        _ex(
            EXPENSE,
            "2023年度本年支出合计201.56万元，其中：基本支出157.98万元，占72%；项目支出43.58万元，占28%。",
        ),
        _ex(
            EXPENSE,
            "2023年度本年支出合计201.56万元，其中：基本支出157.98万元，占比78.38%；项目支出43.58万元，占比21.62%。",
        ),
    ),
    "N-GROWTH": (
        _ex(OVERALL, "2023年度收入支出总计201.56万元，与上年相比收、支总计增加51.09万元，增长28%。"),
        _ex(OVERALL, "2023年度收入支出总计201.56万元，与上年相比收、支总计增加51.09万元，增长34%。"),
    ),
    "N-COMPLETION": (
        _ex(THREE_PUBLIC, "2023年度“三公”经费财政拨款支出预算3.30万元，支出决算3.30万元，完成预算的90%。"),
        _ex(THREE_PUBLIC, "2023年度“三公”经费财政拨款支出预算3.30万元，支出决算3.30万元，完成预算的100%。"),
    ),
    "N-ZERO-BASE": (
        _ex(
            GENERAL,
            "1.卫生健康支出（类）医疗保障管理事务（款）其他医疗保障管理事务支出（项）。",
            "年初预算0万元，支出决算43.58万元，完成预算的435%。",
        ),
        _ex(
            GENERAL,
            "1.卫生健康支出（类）医疗保障管理事务（款）其他医疗保障管理事务支出（项）。",
            "年初预算0万元，支出决算43.58万元，决算数大于年初预算数的主要原因是年中追加。",
        ),
    ),
    "N-ZERO-BASE-0": (
        _ex(AGENCY, "2023年度机关运行经费预算0万元，支出决算0万元，完成预算的0%。"),
        _ex(AGENCY, "2023年度机关运行经费预算36.76万元，支出决算36.76万元，完成预算的100%。"),
    ),
    "N-DIRECTION": (
        _ex(
            GENERAL,
            "1.卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。",
            # only the words contradict each other (the figures do not say which is meant): N-DIRECTION;
            # a verdict the figures prove wrong (决算数大于年初预算数 beside 3.60 < 4.75) is N-VERDICT's error
            "年初预算4.75万元，支出决算3.60万元，比上年增加0.40万元，下降10.00%，主要原因是人员调动。",
        ),
        _ex(
            GENERAL,
            "1.卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。",
            "年初预算4.75万元，支出决算3.60万元，比上年减少0.40万元，下降10.00%，主要原因是人员调动。",
        ),
    ),
    "N-CONSISTENT": (
        _ex(
            AGENCY,
            "2023年度机关运行经费支出36.76万元。",
            "（一）机关运行经费构成",
            "本年机关运行经费支出37.76万元。",
        ),
        _ex(
            AGENCY,
            "2023年度机关运行经费支出36.76万元。",
            "（一）机关运行经费构成",
            "本年机关运行经费支出36.76万元。",
        ),
    ),
    "N-BALANCE": (
        _ex(
            FIN,
            "2023年度财政拨款收入总计201.56万元、支出总计均为201.56万元，与上年相比收入总计增加50.91万元、"
            "支出总计增加52.34万元，增长35%。",
        ),
        _ex(
            FIN,
            "2023年度财政拨款收入总计201.56万元、支出总计均为201.56万元，与上年相比收入总计增加52.34万元、"
            "支出总计增加52.34万元，增长35%。",
        ),
    ),
    "N-LIST-SUM": (
        _ex(
            PROCUREMENT,
            "2023年度政府采购支出总额3.50万元，其中：政府采购货物支出1.00万元、政府采购工程支出0万元、"
            "政府采购服务支出3.50万元。",
        ),
        _ex(
            PROCUREMENT,
            "2023年度政府采购支出总额3.50万元，其中：政府采购货物支出0万元、政府采购工程支出0万元、"
            "政府采购服务支出3.50万元。",
        ),
    ),
    "N-COUNT-SUM": (
        _ex(
            STAFF,
            "截至2024年底，本部门人员编制28人，其中行政编制5人、事业编制23人；实有人员27人，其中行政4人、事业22人。",
        ),
        _ex(
            STAFF,
            "截至2024年底，本部门人员编制28人，其中行政编制5人、事业编制23人；实有人员27人，其中行政4人、事业23人。",
        ),
    ),
    "N-SHARE-100": (
        _ex(
            EXPENSE,
            "2023年度本年支出合计201.56万元，其中：基本支出157.98万元，占78%；项目支出43.58万元，占32%。",
        ),
        _ex(
            EXPENSE,
            "2023年度本年支出合计201.56万元，其中：基本支出157.98万元，占78%；项目支出43.58万元，占22%。",
        ),
    ),
    "N-SECTION-SCOPE": (
        _ex(STATE_CAPITAL, "本单位2023年度无政府性基金预算财政拨款收支，已公开空表。"),
        _ex(STATE_CAPITAL, "本单位2023年度国有资本经营预算财政拨款支出20.00万元，均为项目支出。"),
    ),
}


def _with_forms(*paragraphs: str) -> Example:
    def build() -> Disclosure:
        from tests.rules.examples import forms_narrated  # examples.py imports this module

        return forms_narrated(*paragraphs)

    return build


# N-PERF-FORM: the 绩效 section against the example's 部门整体支出绩效自评表 (金额合计 201.56).
NARRATIVE_EXAMPLES["N-PERF-FORM"] = (
    _with_forms(
        PERFORMANCE,
        "（二）部门整体支出绩效自评结果",
        "全年预算数210.00万元，执行数210.00万元，完成预算的100%。",
    ),
    _with_forms(
        PERFORMANCE,
        "（二）部门整体支出绩效自评结果",
        "全年预算数201.56万元，执行数201.56万元，完成预算的100%。",
    ),
)


# N-CARRYOVER-CLAIM: money of an earlier year said to be carried over and spent this year, while
# 01/04表 print no 年初结转和结余 (the example prints 0.63 in both).
_CARRIED = "本年度机关运行经费支出36.76万元，增长的主要原因是：2022年度项目经费未支出，项目经费结转，本年度正常支出。"


def _carried_over(opening: str) -> Example:
    def build() -> Disclosure:
        from tests.rules.builders import set_text

        d = narrated("十、机关运行经费支出情况说明", _CARRIED)
        for tid in ("01", "04"):
            set_text(d, tid, "年初结转和结余", "决算数", opening)
        return d

    return build


NARRATIVE_EXAMPLES["N-CARRYOVER-CLAIM"] = (_carried_over(""), _carried_over("0.63"))


# N-ITEM-LIST: 人员经费 “主要包括” the example's printed 06表 personnel lines (firing: one of them
# left out and a line 06表 does not print named instead).
def _personnel_list(wrong: bool) -> Example:
    def build() -> Disclosure:
        from tests.rules.examples import full

        t06 = full().tables["06"]
        lines = [r for r in t06.rows if r.code and len(r.code) == 5 and r.lane == "personnel"]
        printed = [r.label for r in lines if any(c.amount for c in r.cells.values())]
        total = next(r for r in t06.rows if r.key == "人员经费合计").cells["决算数"].text
        items = "、".join(printed[1:] + ["奖励金"] if wrong else printed)
        return narrated(
            "六、一般公共预算财政拨款基本支出决算情况说明", f"（一）人员经费{total}万元，主要包括：{items}。"
        )

    return build


NARRATIVE_EXAMPLES["N-ITEM-LIST"] = (_personnel_list(True), _personnel_list(False))


# N-COPY-TEXT: a clause printed twice in one sentence (the silent twin says it once).
NARRATIVE_EXAMPLES["N-COPY-TEXT"] = (
    lambda: narrated(
        PERFORMANCE,
        "根据预算绩效管理要求，本部门组织开展了部门整体支出绩效自评，从评价情况来看，根据预算绩效管理要求，"
        "本单位绩效管理工作有序开展，本年支出201.56万元。",
    ),
    lambda: narrated(
        PERFORMANCE,
        "根据预算绩效管理要求，本部门组织开展了部门整体支出绩效自评，从评价情况来看，本单位绩效管理工作有序开展，"
        "本年支出201.56万元。",
    ),
)


# N-UNIT-SCOPE: three units in the 决算 against “只有部门本级”.
NARRATIVE_EXAMPLES["N-UNIT-SCOPE"] = (
    lambda: narrated(
        "一、部门基本情况",
        "纳入2023年度本部门决算编制范围的单位共3个，包括本级及所属二级单位2个。",
        "本单位所属单位只有部门本级，部门本级不再按单位重复公开。",
    ),
    lambda: narrated(
        "一、部门基本情况",
        "纳入2023年度本部门决算编制范围的单位共1个，即部门本级。",
        "本单位所属单位只有部门本级，部门本级不再按单位重复公开。",
    ),
)


# N-UNIT-CHANGE: “无预算单位变化” and a newly set-up 中心 in the same document.
NARRATIVE_EXAMPLES["N-UNIT-CHANGE"] = (
    lambda: narrated(
        "十四、其他需要说明的情况",
        "本年度基本支出157.98万元，增加的主要原因是设立医疗保障基金中心人员支出。",
        "3.与年初预算单位相比无预算单位变化调整。",
    ),
    lambda: narrated(
        "十四、其他需要说明的情况",
        "本年度基本支出157.98万元，增加的主要原因是人员工资调整。",
        "3.与年初预算单位相比无预算单位变化调整。",
    ),
)
