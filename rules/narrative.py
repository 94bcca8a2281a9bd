"""The 情况说明 checked against the tables and against itself (family “narrative”).

Every check here starts from the claims ingest/narrative.py read (`Disclosure.claims`): an amount
with the table facts it restates, a share with its part and whole, a growth rate with its change
amount, a completion rate with its final and budget amounts. Values a claim relates to are taken,
in this order, from its own sentence (the links ingest made), from a claim with the same subject in
the same section, in a section of the same scope, and finally from the table fact of that subject
— never from a neighbouring sentence's unrelated figure.

Each check is one engine fact of the kinds the other families use (rules/outcomes.py): an amount
against a table cell or another statement is a ``check`` (identity with one part, Calc 1.1
radius); a percentage is a ``bound``: its distance to part/whole×100 computed from the printed
amounts must not exceed its own half-unit (“78%” stands for 77.5…78.5), and may exceed it only by
what the amounts' own rounding allows (then it is a 尾差, info); wording checks (增加 vs 下降, a
rate of a base of 0, a section that speaks of another fund) are ``require`` facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from ingest.model import Amount, Cell, CellRef, Claim, Disclosure, Paragraph, Row, Table, format_amount
from ingest.narrative import TableIndex, table_refs
from ingest.numbers import is_blank
from ingest.schema import normalise_label
from rules.catalog import RuleSpec, define_rule
from rules.cross_table import MIN_COMMON, common_run, project_name
from rules.engine import FactValue
from rules.findings import Finding, NotEvaluated, Severity
from rules.judgements import JudgementPlan, text_evidence
from rules.outcomes import BROKEN, HOLDS, KIND_BOUND, KIND_CHECK, KIND_REQUIRE, ROUNDING
from rules.tolerance import Bounds, Comparison, UnitMismatch, compare, half_ulp, scaled_ints, to_unit
from rules.wording import cell_phrase, fmt_amount, fmt_tolerance, places_of, row_label, table_name

# Decimal places the engine sees for percentages (ratios are rounded outward to this).
PERCENT_SCALE = 8
# Longest quote of a sentence inside a message (the evidence keeps the whole sentence).
QUOTE_CHARS = 90
# Filed under this “table” for ordering (after the tables' own findings).
NARRATIVE = "narrative"

NARRATIVE_TABLES = ("narrative", "01", "02", "03", "04", "05", "06", "09", "10")

N_AMOUNT_TABLE = define_rule(
    "N-AMOUNT-TABLE",
    title="情况说明中的金额＝公开表中的对应数",
    severity="error",
    family="narrative",
    tables=NARRATIVE_TABLES,
    rationale=(
        "情况说明是对公开表的文字解读，所述收支总计、基本支出、各功能科目决算数、“三公”经费等必须与"
        "公开表一致；不一致时读者无从判断哪一个是真实数据。按两个数各自的打印精度（±半个末位）比较。"
    ),
    fires="说明第三部分称基本支出157.98万元，公开03表“合计”行“基本支出”栏为157.35万元。",
    silent="说明称基本支出157.98万元，公开03表“合计”行“基本支出”栏为157.98万元。",
    template="{where}称{subject}{value}{unit}，{cell}{table_value}，相差{difference}{unit}。原文：“{quote}”",
    needs="情况说明的金额及其对应的公开表单元格",
)
N_NIL_TABLE = define_rule(
    "N-NIL-TABLE",
    title="情况说明称“无某项支出”，公开表中该项应为零或空",
    severity="error",
    family="narrative",
    tables=NARRATIVE_TABLES,
    rationale="说明称“本部门无项目支出”“无‘三公’经费支出”等，而公开表列有金额，二者必有一误。",
    fires="说明称“本部门无项目支出”，公开03表“合计”行“项目支出”栏为160.90万元。",
    silent="说明称“无政府性基金预算财政拨款收支”，公开07表为空表。",
    template="{where}称“{quote_nil}”，但{cell}为{table_value}{unit}。原文：“{quote}”",
    needs="情况说明中“无……”的表述及对应的公开表单元格",
)
N_SHARE = define_rule(
    "N-SHARE",
    title="情况说明中的占比＝部分÷整体（按所述金额重算）",
    severity="error",
    family="narrative",
    tables=("narrative",),
    rationale=(
        "“占78%”须由所述金额算出：部分÷整体×100 在两个金额的取整区间内算得的范围，与该百分数的取整区间"
        "（78% 即 77.5%～78.5%）必须相交。"
        "所述百分数若恰为算得值截断（而非四舍五入）到所印位数（99.868%印作99.86%），属取舍口径，作尾差提示，不作错误。"
    ),
    fires="基本支出157.98万元，占本年支出合计201.56万元的72%（按金额应为78.38%）。",
    silent="基本支出157.98万元，占78%（157.98÷201.56＝78.38%）。",
    template="{where}称{subject}占{whole}的{percent}%，{basis}，{computed}。原文：“{quote}”",
    needs="占比所涉部分与整体金额（说明中所述，缺则取公开表）",
)
N_GROWTH = define_rule(
    "N-GROWTH",
    title="情况说明中的增长（下降）率＝增减额÷上年数（上年数＝本年数∓增减额）",
    severity="error",
    family="narrative",
    tables=("narrative",),
    rationale=(
        "增长率须与所述增减额及本年数一致：上年数＝本年数－增加额（或＋减少额），增长率＝增减额÷上年数。"
        "所述百分数若恰为算得值截断（而非四舍五入）到所印位数（99.868%印作99.86%），属取舍口径，作尾差提示，不作错误。"
    ),
    fires="支出决算201.56万元，比上年增加32.63万元，增长28%（应为32.63÷168.93＝19.32%）。",
    silent="收支总计200.93万元，增加51.09万元，增长34%（51.09÷149.84＝34.10%）。",
    template="{where}称{subject}{direction_word}{change}{unit}、{rate_word}{percent}%，{basis}，{computed}。原文：“{quote}”",
    needs="增减额、本年数（说明中所述，缺则取公开表）",
)
N_COMPLETION = define_rule(
    "N-COMPLETION",
    title="情况说明中的预算完成率（执行率）＝决算数÷预算数",
    severity="error",
    family="narrative",
    tables=("narrative",),
    rationale="“完成年初预算的Z%”须由所述决算数与预算数算出。所述百分数若恰为算得值截断（而非四舍五入）到所印位数（99.868%印作99.86%），属取舍口径，作尾差提示，不作错误。",
    fires="年初预算83.14万元，支出决算129.81万元，完成预算的165%（应为156.13%）。",
    silent="年初预算83.14万元，支出决算129.81万元，完成预算的156%。",
    template="{where}称{subject}完成预算的{percent}%，{basis}，{computed}。原文：“{quote}”",
    needs="决算数、预算数（说明中所述；“三公”经费缺则取公开09表）",
)
N_ZERO_BASE = define_rule(
    "N-ZERO-BASE",
    title="以0为基数的比率：预算数（上年数、整体）为0时不应给出完成率、增长率或占比",
    severity="error",
    family="narrative",
    tables=("narrative",),
    rationale="基数为0时比率没有意义（如“年初预算0万元……完成预算的435%”），应改为说明“年初未安排预算”等。",
    fires="年初预算0万元，支出决算43.58万元，完成预算的435%。",
    silent="年初预算0万元，支出决算43.58万元，决算数大于年初预算数的主要原因是……（未给完成率）。",
    template="{where}称{subject}{rate_text}，但其基数{base_text}为0，该比率无从计算。原文：“{quote}”",
    needs="比率所用的基数（预算数、上年数或整体）",
)
N_ZERO_BASE_NIL = define_rule(
    "N-ZERO-BASE-0",
    title="以0为基数且结果写作0%：建议改为“未安排预算”等表述",
    severity="info",
    family="narrative",
    tables=("narrative",),
    rationale="预算数为0、决算数也为0时写“完成全年预算的0%”并不错误，但比率无意义，仅作提示。",
    fires="因公出国（境）费支出0万元，完成全年预算的0%（公开09表预算数为空）。",
    silent="公务用车运行维护费支出1.80万元，完成全年预算的100.00%（预算1.80万元）。",
    template="{where}称{subject}{rate_text}，但其基数{base_text}为0（分子亦为0），比率无实际意义。原文：“{quote}”",
    needs="比率所用的基数",
)
N_DIRECTION = define_rule(
    "N-DIRECTION",
    title="增减方向的表述与数字一致（增加/增长、减少/下降、大于/小于、持平）",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="“增加X万元，下降Y%”、“决算数大于年初预算数”而决算数小于预算数、“与上年持平”却列有增减额，均自相矛盾。",
    fires="年初预算43.75万元，支出决算38.50万元，决算数大于年初预算数的主要原因是……",
    silent="年初预算43.75万元，支出决算38.50万元，决算数小于年初预算数的主要原因是……",
    template="{where}：{problem}。原文：“{quote}”",
    needs="同一句中的增减词、比较词及其金额",
)
N_CONSISTENT = define_rule(
    "N-CONSISTENT",
    title="情况说明中同一事项多处表述的金额一致",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="同一事项（如“三公”经费决算数、机关运行经费）在说明不同段落中金额应相同；没有公开表可核对时尤须自洽。",
    fires="说明第九部分（一）称“三公”经费支出决算4.35万元，（二）称4.53万元。",
    silent="两处均称4.35万元。",
    template="{where}称{subject}{value}{unit}，而{other_where}称{other_value}{unit}，相差{difference}{unit}。原文：“{quote}”",
    needs="说明中同一事项的多处金额",
)
N_BALANCE = define_rule(
    "N-BALANCE",
    title="情况说明中收入总计＝支出总计（及其增减额相同）",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="收支总表两方恒等，说明中分别给出的收入总计与支出总计、及二者较上年的增减额必须相同。",
    fires="财政拨款收入总计200.93万元、支出总计均为201.56万元；收入总计增加50.91万元、支出总计增加52.34万元。",
    silent="收入总计、支出总计均为1,049.22万元，均增加43.03万元。",
    template="{where}称{left}{left_value}{unit}，{right}{right_value}{unit}，二者应相等（相差{difference}{unit}）。原文：“{quote}”",
    needs="说明中收入总计、支出总计及其增减额",
)
N_LIST_SUM = define_rule(
    "N-LIST-SUM",
    title="情况说明中列举的分项之和＝所述合计（支出＝基本＋项目，基本＝人员＋公用，“三公”、政府采购、功能科目）",
    severity="error",
    family="narrative",
    tables=("narrative",),
    rationale="说明列出合计及其全部组成时，组成之和须等于合计（按各数打印精度容差）；否则至少一个数有误。",
    fires="政府采购支出总额5.00万元，其中货物0万元、工程0万元、服务3.50万元。",
    silent="政府采购支出总额3.50万元，其中货物0万元、工程0万元、服务3.50万元。",
    template="{where}称{total}{value}{unit}，而{parts}之和为{expected}{unit}，相差{difference}{unit}。原文：“{quote}”",
    needs="说明中所述合计及其组成",
)
N_COUNT_SUM = define_rule(
    "N-COUNT-SUM",
    title="情况说明中的人数、车辆数等分项之和＝所述总数",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="“实有人员27人，其中行政4人、事业22人”之类的计数必须严格相加（计数没有尾差）。",
    fires="实有人员27人，其中行政4人、事业22人。",
    silent="人员编制28人，其中行政编制5人、事业编制23人。",
    template="{where}称{total}{value}{unit}，其中{parts}合计{expected}{unit}，相差{difference}{unit}。原文：“{quote}”",
    needs="说明中“其中”列举的计数",
)
N_SHARE_100 = define_rule(
    "N-SHARE-100",
    title="同一整体的各组成占比之和为100%",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="各组成金额之和等于整体时，其占比之和应为100%（按各百分数打印精度容差）。",
    fires="基本支出占78%；项目支出占32%。",
    silent="基本支出占78%；项目支出占22%。",
    template="{where}所列{whole}各组成占比之和为{total}%（{parts}），应为100%。原文：“{quote}”",
    needs="同一句中同一整体的各组成占比及金额",
)
N_SECTION_SCOPE = define_rule(
    "N-SECTION-SCOPE",
    title="情况说明各部分只说本部分的事项（如国有资本经营部分不应说政府性基金）",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="“国有资本经营预算财政拨款支出决算情况说明”一节照抄政府性基金一节的表述，属内容错误。",
    fires="八、国有资本经营预算财政拨款支出决算情况说明：本单位无政府性基金预算财政拨款收支。",
    silent="八、国有资本经营预算财政拨款支出决算情况说明：本单位无国有资本经营预算财政拨款支出。",
    template="{where}所述为“{other}”：{problem}。原文：“{quote}”",
    needs="情况说明的章节标题与句子",
)

N_CARRYOVER_CLAIM = define_rule(
    "N-CARRYOVER-CLAIM",
    title="说明上年资金结转到本年使用，表中应有年初结转和结余",
    severity="warning",
    family="narrative",
    tables=("narrative", "01", "04"),
    rationale="情况说明称以前年度的资金未支出、结转到本年度使用，公开01表“年初结转和结余”（及04表年初财政拨款"
    "结转和结余）就应列有该数；表中为空或为0，说明要么解释不实，要么结转资金未在表中反映。所述项目有绩效自评表时，"
    "其“上年结转资金”同样应有数。",
    fires="“2023年度离休老干部医疗费项目经费未支出，项目经费结转，本年度正常支出”，01表年初结转和结余为空。",
    silent="同一句，01表年初结转和结余 100.00。",
    needs="情况说明中说明上年资金结转本年使用的句子；公开01/04表“年初结转和结余”；所述项目的绩效自评表“上年结转资金”",
)

N_ITEM_LIST = define_rule(
    "N-ITEM-LIST",
    title="人员经费、公用经费“主要包括”的项目与公开06表有数的科目一致",
    severity="info",
    family="narrative",
    tables=("narrative", "06"),
    rationale="情况说明列举人员经费、公用经费“主要包括”的支出项目，应取自公开06表有数的经济科目；列举了06表未列数"
    "的项目，或漏列了06表中有数的项目，说明文字与表不符（常见于套用上年或模板文字）。",
    fires="公用经费主要包括：办公费、专用材料费、委托业务费……，而06表专用材料费、委托业务费未列数，维修（护）费 1.21 未提及。",
    silent="所列项目均为06表有数的科目，且06表有数的科目均已列举。",
    needs="情况说明“人员经费……主要包括：……”“公用经费……主要包括：……”的项目名称；公开06表各款级经济科目",
)

N_COPY_TEXT = define_rule(
    "N-COPY-TEXT",
    title="情况说明没有照抄重复的句子，答非所问的标题",
    severity="info",
    family="narrative",
    tables=("narrative",),
    rationale="同一句中一个分句原样出现两次，或“部门重点评价”标题下回答的是“财政重点评价”（反之亦然），"
    "是套用模板或复制粘贴留下的痕迹，应予修改。",
    fires="“根据预算绩效管理要求，本部门……从评价情况来看，根据预算绩效管理要求，本单位……”；"
    "“（五）部门重点评价项目绩效评价结果”下写“本部门无财政重点评价项目”。",
    silent="每个分句只出现一次；“（五）部门重点评价项目……”下写“本部门无部门重点评价项目”。",
    needs="情况说明各段文字与小标题",
)

N_UNIT_SCOPE = define_rule(
    "N-UNIT-SCOPE",
    title="决算编制范围的单位个数与“只有本级”的说法一致",
    severity="warning",
    family="narrative",
    tables=("narrative",),
    rationale="情况说明一处称纳入决算编制范围的单位共N个（含所属二级单位），另一处又称所属单位只有本级，"
    "读者无法判断公开表是本级数还是部门汇总数。",
    fires="“纳入本部门决算编制范围的单位共3个，包括本级及所属二级单位2个”与“本单位所属单位只有部门本级”。",
    silent="“纳入本部门决算编制范围的单位共1个，即部门本级”。",
    needs="情况说明“部门决算单位构成”中的单位个数，及其他部分关于所属单位的说法",
)

N_UNIT_CHANGE = define_rule(
    "N-UNIT-CHANGE",
    title="称“无预算单位变化”时，别处不应说新设或撤并了单位",
    severity="info",
    family="narrative",
    tables=("narrative",),
    rationale="情况说明称与年初相比预算单位无变化，别处却以新设（撤并）某中心、某站解释支出增减，"
    "二者至少有一处不确切；单位变化影响上下年数据的可比性，应如实说明。",
    fires="“与年初预算单位相比无预算单位变化调整”，而增支原因为“设立柞水县医疗保障基金中心人员支出”。",
    silent="称无预算单位变化，全文未提新设或撤并单位。",
    needs="情况说明中关于预算单位变化的说法，以及新设、撤销、合并单位的表述",
)

N_PERF_FORM = define_rule(
    "N-PERF-FORM",
    title="情况说明中的绩效自评结果（全年预算数、执行数、执行率、涉及资金）＝绩效自评表",
    severity="error",
    family="narrative",
    tables=("narrative", "P"),
    rationale=(
        "预算绩效情况说明中的部门整体支出、各项目的全年预算数、全年执行数和执行率（完成预算的百分比）是对所附"
        "绩效自评表的概述，应与表中“金额合计”（部门整体支出表；总额与财政拨款不一致时取与所述数相近者）或"
        "“年度资金总额”（项目支出表）一致；“涉及资金X万元”应等于各项目支出表全年预算数之和（同一项目分两张表"
        "时也相加）。项目按名称与表名的字符重合度对应到表，重合度不足或两表难分高下时不核对，报告为“未评估”；"
        "绩效表未解析时同样报告为“未评估”。按两个数各自的打印精度比较。"
    ),
    fires="说明称部门整体支出全年预算数201.56万元，部门整体支出绩效自评表“金额合计”全年预算数（财政拨款）为200.93万元。",
    silent="说明称离休干部医药费项目全年执行数100万元，县级离休老干部医疗费补助项目绩效自评表年度资金总额全年执行数为100万元。",
    template="{where}称{subject}{value}{unit}，{cell}{table_value}，相差{difference}{unit}。原文：“{quote}”",
    needs="情况说明预算绩效部分的全年预算数、执行数、执行率、涉及资金；绩效自评表（P表）“金额合计”“年度资金总额”行",
)

NARRATIVE_RULES: tuple[RuleSpec, ...] = (
    N_AMOUNT_TABLE,
    N_CARRYOVER_CLAIM,
    N_ITEM_LIST,
    N_COPY_TEXT,
    N_UNIT_SCOPE,
    N_UNIT_CHANGE,
    N_NIL_TABLE,
    N_SHARE,
    N_GROWTH,
    N_COMPLETION,
    N_ZERO_BASE,
    N_ZERO_BASE_NIL,
    N_DIRECTION,
    N_CONSISTENT,
    N_BALANCE,
    N_LIST_SUM,
    N_COUNT_SUM,
    N_SHARE_100,
    N_SECTION_SCOPE,
    N_PERF_FORM,
)

# Scopes consulted, after the claim's own, for a subject's value (e.g. the 本年支出合计 a share in
# the 一般公共预算 section is “of” is stated in the 支出决算 section).
SCOPE_FALLBACK: dict[str, tuple[str, ...]] = {
    "general": ("expense", "overall"),
    "general_basic": ("general", "expense"),
    "performance": ("expense", "general", "overall"),
    "fin_overall": (),
    "overall": ("expense", "income"),
    "income": ("overall",),
    "expense": ("overall",),
}
# Subjects stated as one figure (“收入总计、支出总计均为X”) or as two equal ones.
SAME_VALUE: dict[str, tuple[str, ...]] = {
    "收支总计": ("收入总计", "支出总计"),
    "收入总计": ("收支总计",),
    "支出总计": ("收支总计",),
}
METRIC_WORDS: dict[str, str] = {"final": "", "budget": "预算数", "prior": "上年数"}

# Money lists that must add up: (total, parts, scopes).
DECOMPOSITIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "本年支出合计",
        ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
        ("expense", "overall"),
    ),
    (
        "本年收入合计",
        ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
        ("income", "overall"),
    ),
    ("基本支出", ("人员经费", "公用经费"), ("general_basic",)),
    ("三公经费", ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"), ("three_public",)),
    ("公务用车购置及运行维护费", ("公务用车购置费", "公务用车运行维护费"), ("three_public",)),
    ("政府采购", ("政府采购货物", "政府采购工程", "政府采购服务"), ("procurement",)),
)

_COMPARE_WORDS = re.compile(
    r"决算(?:数)?(?P<word>大于|高于|超过|多于|小于|低于|少于|等于|与(?:年初|全年)?预算(?:数)?持平)(?:年初|全年|调整后)?(?:预算)?"
)
_FLAT = re.compile(r"与上年(?:度)?(?:相比)?(?:持平|相同|一致)|无增减|没有变化")
# Words of measure in a count (人员编制 / 实有人员) that separate two lists in one sentence.
COUNT_MEASURES = ("编制", "实有")


# --- sources of values -----------------------------------------------------------------------


@dataclass
class Source:
    """A value a check uses, where it comes from and how a message names it."""

    amount: Amount
    where: str  # 情况说明“三、支出决算情况说明” / 公开03表“合计”行“基本支出”栏
    evidence: dict[str, object]
    blank: bool = False  # a table cell that is not printed (counted as an exact 0)
    claim: Claim | None = None
    cell: Cell | None = None

    @property
    def bounds(self) -> Bounds:
        """The value as an interval (a blank cell is an exact 0)."""
        if self.blank:
            return Bounds(Decimal(0), Decimal(0))
        return to_unit(self.amount, self.amount.unit)

    def shown(self) -> str:
        """The value as printed ("157.98"), or 未填列."""
        return "未填列（空）" if self.blank else format_amount(self.amount)


def section_words(claim: Claim) -> str:
    """情况说明“三、支出决算情况说明” — where a claim was stated."""
    return f"情况说明“{claim.section}”" if claim.section else "情况说明"


def quote(claim: Claim) -> str:
    """The claim's sentence, shortened around the figure when long."""
    s = claim.sentence
    if len(s) <= QUOTE_CHARS:
        return s
    half = QUOTE_CHARS // 2
    a = max(0, min(claim.start - half, len(s) - QUOTE_CHARS))
    return ("…" if a else "") + s[a : a + QUOTE_CHARS] + ("…" if a + QUOTE_CHARS < len(s) else "")


def claim_evidence(claim: Claim) -> dict[str, object]:
    """Evidence entry for a narrative figure: no table/row/column; the sentence as quote."""
    value = claim.value
    d: dict[str, object] = {
        "table": None,
        "row": None,
        "column": None,
        "value": format_amount(value) if value is not None else None,
        "unit": value.unit if value is not None else None,
        "quote": claim.sentence,
        "figure": claim.text,
        "subject": claim.subject,
        "section": claim.section,
    }
    d.update(claim.loc.as_dict())
    return d


def claim_source(claim: Claim) -> Source:
    """A narrative claim as a source of a value."""
    assert claim.value is not None
    return Source(claim.value, section_words(claim), claim_evidence(claim), claim=claim)


class Facts:
    """Everything the narrative checks look values up in: the claims and the tables."""

    def __init__(self, disclosure: Disclosure) -> None:
        """Index the document's claims by subject and its tables by row."""
        self.d = disclosure
        self.claims = disclosure.claims
        self.index = TableIndex(disclosure.tables)
        self.by_subject: dict[tuple[str, str], list[Claim]] = {}
        for c in self.claims:
            if c.kind == "amount" and c.value is not None and c.subject:
                self.by_subject.setdefault((c.subject, c.metric), []).append(c)

    def linked(self, index: int | None) -> Claim | None:
        """The claim a link points at."""
        return None if index is None else self.claims[index]

    def stated(self, subject: str, metric: str, near: Claim, fallback: bool = True) -> Claim | None:
        """A statement of `subject` (metric) near `near`: same section, then same scope, then the
        scopes a section falls back to. Earlier statements are preferred to later ones."""
        cands = [c for c in self.by_subject.get((subject, metric), []) if c is not near]
        if not cands and subject in SAME_VALUE:
            cands = [
                c
                for other in SAME_VALUE[subject]
                for c in self.by_subject.get((other, metric), [])
                if c is not near
            ]
        if not cands:
            return None

        def pick(pool: list[Claim]) -> Claim | None:
            if not pool:
                return None
            before = [c for c in pool if c.sentence_no <= near.sentence_no]
            return before[-1] if before else pool[0]

        same = pick([c for c in cands if c.section == near.section and c.scope == near.scope])
        if same is not None:
            return same
        scoped = pick([c for c in cands if c.scope == near.scope])
        if scoped is not None or not fallback:
            return scoped
        for scope in SCOPE_FALLBACK.get(near.scope, ()):
            other = pick([c for c in cands if c.scope == scope])
            if other is not None:
                return other
        return None

    def cell(self, ref: CellRef) -> tuple[Table | None, Row | None, Cell | None]:
        """The table, row and cell a ref names (any may be missing)."""
        table = self.d.tables.get(ref.table)
        if table is None:
            return None, None, None
        row = table.row(ref.row, ref.lane)
        if row is None:
            return table, None, None
        return table, row, row.cells.get(ref.column)

    def table_fact(self, refs: Sequence[CellRef]) -> Source | None:
        """The first printed cell of `refs`; a blank cell of an existing row when none is printed."""
        blank: Source | None = None
        for ref in refs:
            table, row, cell = self.cell(ref)
            if table is None or row is None:
                continue
            if cell is not None and cell.amount is not None:
                return Source(
                    cell.amount,
                    f"{table_name(table)}{cell_phrase(table, row, ref.column)}",
                    cell.evidence(),
                    cell=cell,
                )
            if cell is not None and cell.text.strip() and cell.amount is None and not is_blank(cell.text):
                continue  # unreadable text: not a value
            if blank is None:
                ev = cell.evidence() if cell is not None else _row_evidence(table, row, ref.column)
                phrase = (
                    f"“{row_label(row)}”行“{ref.column}”栏" if ref.column != "*" else f"“{row_label(row)}”行"
                )
                blank = Source(
                    Amount(Decimal(0), 2, table.unit or "万元"),
                    f"{table_name(table)}{phrase}",
                    ev,
                    blank=True,
                )
        return blank

    def subject_value(self, subject: str, metric: str, near: Claim) -> Source | None:
        """The value of `subject` for a check of `near`: stated in the narrative, else its table fact."""
        c = self.stated(subject, metric, near)
        if c is not None:
            return claim_source(c)
        probe = Claim(
            kind="amount",
            subject=subject,
            metric=metric,
            value=None,
            text="",
            sentence="",
            loc=near.loc,
            section=near.section,
            scope=near.scope,
        )
        refs = table_refs(probe, self.index)
        if not refs:
            for scope in SCOPE_FALLBACK.get(near.scope, ()):
                probe.scope = scope
                refs = table_refs(probe, self.index)
                if refs:
                    break
        fact = self.table_fact(refs) if refs else None
        return fact


def _row_evidence(table: Table, row: Row, column: str) -> dict[str, object]:
    d: dict[str, object] = {
        "table": table.id,
        "row": row.key,
        "column": column,
        "value": None,
        "unit": None,
        "quote": "",
    }
    d.update(row.loc.as_dict())
    return d


# --- judgements ------------------------------------------------------------------------------


@dataclass(eq=False)
class NarrativeCheck:
    """One narrative check: its engine fact and the finding for each outcome."""

    rule: RuleSpec
    kind: str  # check | bound | require
    values: tuple[Decimal, Decimal, Decimal] = (Decimal(0), Decimal(0), Decimal(0))
    scale: int = 0
    ok: bool = True
    message: str = ""  # broken
    rounding_message: str = ""  # rounding (info)
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    evidence: list[dict[str, object]] = field(default_factory=list)

    @property
    def table_id(self) -> str:
        """Filed after the tables' own findings."""
        return NARRATIVE

    def fact(self, fid: str) -> dict[str, FactValue]:
        """The engine fact (ValueError when a value does not fit the engine)."""
        if self.kind == KIND_REQUIRE:
            return {"id": fid, "kind": KIND_REQUIRE, "ok": 1 if self.ok else 0}
        _, (lhs, rhs, tol) = scaled_ints(list(self.values), self.scale)
        return {"id": fid, "kind": self.kind, "lhs": lhs, "rhs": rhs, "tol": tol}

    def finding(self, outcome: str) -> Finding | None:
        """None when it holds; info for a 尾差; the rule's severity when broken."""
        if outcome == HOLDS:
            return None
        severity: Severity
        if outcome == ROUNDING:
            severity, message = "info", self.rounding_message or self.message
        elif outcome == BROKEN:
            severity, message = self.rule.severity, self.message
        else:
            raise ValueError(f"unexpected outcome {outcome!r} for {self.rule.id}")
        return Finding(
            rule_id=self.rule.id,
            severity=severity,
            message=message,
            outcome="rounding" if outcome == ROUNDING else "broken",
            expected=self.expected,
            actual=self.actual,
            difference=self.difference,
            tolerance=self.tolerance,
            evidence=self.evidence,
        )


def _identity(rule: RuleSpec, comp: Comparison, places: int, **kw: object) -> NarrativeCheck:
    """A check of one comparison; its expected/actual/difference/tolerance fields are the
    comparison's, printed with `places` decimals (the difference unsigned, as in every finding)."""
    fields = {
        "expected": fmt_amount(comp.expected, places),
        "actual": fmt_amount(comp.actual, places),
        "difference": fmt_amount(abs(comp.difference), places),
        "tolerance": fmt_tolerance(comp.tolerance, places),
    }
    fields.update(kw)  # type: ignore[arg-type]
    return NarrativeCheck(
        rule, KIND_CHECK, (comp.actual, comp.expected, comp.tolerance), comp.scale, **fields
    )  # type: ignore[arg-type]


def _require(rule: RuleSpec, ok: bool, **kw: object) -> NarrativeCheck:
    return NarrativeCheck(rule, KIND_REQUIRE, ok=ok, **kw)  # type: ignore[arg-type]


def _places(*values: Decimal) -> int:
    return max(places_of(values), 2)


def _pct(value: Decimal) -> str:
    return fmt_amount(value, 2)  # fmt_amount never prints “-0.00”


def _outside_wording(centre: Decimal, c: Claim, p: Decimal, hp: Decimal) -> str:
    """“计算为95.457%，不在所述95.45%的四舍五入区间95.445%～95.455%内”: one decimal more than
    printed, so the computed figure and the printed value's interval never read as agreeing."""
    places = c.value.decimals + 1 if c.value is not None else 3
    return (
        f"计算为{fmt_amount(centre, places)}%，不在所述{c.text}的四舍五入区间"
        f"{fmt_amount(p - hp, places)}%～{fmt_amount(p + hp, places)}%内"
    )


def truncated_to(stated: Amount, centre: Decimal) -> bool:
    """True when the printed rate is the computed one cut off (not rounded) at the printed
    decimals: 99.868% printed 99.86%, 95.457% printed 95.45%."""
    if stated.value < 0 or centre < 0:
        return False
    step = Decimal(1).scaleb(-max(stated.decimals, 0))
    return centre.quantize(step, rounding=ROUND_DOWN) == stated.value


def _truncated_wording(centre: Decimal, c: Claim) -> str:
    """“计算为99.868%，四舍五入应为99.87%，所述99.86%系截断而非四舍五入”."""
    assert c.value is not None
    places = max(c.value.decimals, 0)
    rounded = centre.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return (
        f"计算为{fmt_amount(centre, places + 1)}%，四舍五入应为{fmt_amount(rounded, places)}%，"
        f"所述{c.text}系截断而非四舍五入"
    )


def _floor(v: Decimal) -> Decimal:
    return v.quantize(Decimal(1).scaleb(-PERCENT_SCALE), rounding=ROUND_FLOOR)


def _ceil(v: Decimal) -> Decimal:
    return v.quantize(Decimal(1).scaleb(-PERCENT_SCALE), rounding=ROUND_CEILING)


@dataclass
class Ratio:
    """part / whole × 100 from two intervals: centre and the range the true values allow."""

    centre: Decimal
    low: Decimal
    high: Decimal | None  # None when the whole's interval reaches 0


def ratio(part: Bounds, whole: Bounds) -> Ratio | None:
    """part/whole×100 in interval arithmetic (parts are amounts, never below 0); None when whole ≤ 0."""
    if whole.value <= 0:
        return None
    hundred = Decimal(100)
    centre = part.value / whole.value * hundred
    p_lo = max(part.value - part.radius, Decimal(0))
    p_hi = part.value + part.radius
    w_lo = whole.value - whole.radius
    w_hi = whole.value + whole.radius
    low = p_lo / w_hi * hundred
    high = p_hi / w_lo * hundred if w_lo > 0 else None
    return Ratio(centre, low, high)


def percent_check(
    rule: RuleSpec, stated: Amount, r: Ratio, truncated_message: str = "", **kw: object
) -> NarrativeCheck:
    """A ``bound`` fact: |p − centre| ≤ ½ulp(p) holds; within the amounts' own range it is a 尾差.

    Given `truncated_message`, a rate printed as the computed one cut off at its decimals (99.868%
    printed 99.86%) is a rounding convention, not a wrong figure: a 尾差 (info) with that message,
    when the amounts' range does not already explain the difference."""
    p = stated.value
    hp = half_ulp(stated.decimals)
    distance = abs(p - r.centre)
    if p >= r.centre:
        extra = (r.high - r.centre) if r.high is not None else Decimal(10) ** 6
    else:
        extra = r.centre - r.low
    if truncated_message and distance > hp + extra and truncated_to(stated, r.centre):
        extra = distance - hp
        kw["rounding_message"] = truncated_message
    values = (_floor(distance), _ceil(hp), _ceil(max(extra, Decimal(0))))
    return NarrativeCheck(rule, KIND_BOUND, values, PERCENT_SCALE, **kw)  # type: ignore[arg-type]


# --- the checks ------------------------------------------------------------------------------


def _amount_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-AMOUNT-TABLE: each amount claim with a table fact equals it."""
    for c in facts.claims:
        if c.kind != "amount" or c.value is None or not c.refs or c.value.unit not in ("万元", "元"):
            continue
        fact = facts.table_fact(c.refs)
        if fact is None:
            continue
        try:
            if fact.blank:
                comp = Comparison(
                    c.value.value, Decimal(0), half_ulp(c.value.decimals), max(c.value.decimals, 0) + 1
                )
                unit = c.value.unit
            else:
                unit = fact.amount.unit
                comp = compare(c.value, [(fact.amount, 1)], unit)
        except UnitMismatch:
            continue
        places = _places(comp.actual, comp.expected)
        if abs(comp.difference) > comp.tolerance and (n := _placement_open(facts, c, fact)) is not None:
            plan.not_evaluated.append(n)  # the stated figure fits another placement of the row
            continue
        where = section_words(c)
        subject = _subject_words(c)
        table_value = "未填列（空）" if fact.blank else f"为{fmt_amount(comp.expected, places)}{unit}"
        fields = {
            "where": where,
            "subject": subject,
            "value": fmt_amount(comp.actual, places),
            "unit": unit,
            "cell": fact.where,
            "table_value": table_value,
            "difference": fmt_amount(abs(comp.difference), places),
            "quote": quote(c),
        }
        message = N_AMOUNT_TABLE.template.format(**fields)
        rounding = (
            f"{where}称{subject}{fields['value']}{unit}，{fact.where}{table_value}，相差{fields['difference']}{unit}，"
            f"在四舍五入尾差范围（±{fmt_tolerance(comp.tolerance, places)}{unit}）内，属尾差。原文：“{quote(c)}”"
        )
        plan.judgements.append(
            _identity(
                N_AMOUNT_TABLE,
                comp,
                places,
                message=message,
                rounding_message=rounding,
                expected="（空）" if fact.blank else fmt_amount(comp.expected, places),
                evidence=[claim_evidence(c), fact.evidence],
            )
        )


def _placement_open(facts: Facts, c: Claim, fact: Source) -> NotEvaluated | None:
    """N-AMOUNT-TABLE left open when the figure compared sits in a text row whose figures fit
    another placement keeping every identity (Row.alternatives) under which the table shows the
    stated amount (rules/placement.py says the same of table checks)."""
    assert c.value is not None
    stated = c.value
    for ref in c.refs:
        table, row, _cell = facts.cell(ref)
        if table is None or row is None or not row.alternatives:
            continue
        for alt in row.alternatives:
            other = alt.get(ref.column)
            a = other.amount if other is not None else None
            fits = (
                a is not None
                and a.unit == stated.unit
                and abs(a.value - stated.value) <= a.half_ulp + half_ulp(stated.decimals)
            ) or (a is None and stated.value == 0)
            if not fits:
                continue
            chosen = "、".join(f"{x.text}（{col}）" for col, x in row.cells.items() if x.amount is not None)
            options = "、".join(f"{x.text}（{col}）" for col, x in alt.items())
            entry = fact.evidence | {"placements": [list(row.cells), list(alt)]}
            return NotEvaluated(
                N_AMOUNT_TABLE.id,
                f"{section_words(c)}称{_subject_words(c)}{c.text}；{table_name(table)}“{row_label(row)}”行的数字"
                f"在文本中未分栏，读作{chosen}，但按{options}排列同样与本表各勾稽关系相符，且与所述一致；"
                f"栏次无法确定，未作判断，请对照原表核实。原文：“{quote(c)}”",
                table.id,
                [claim_evidence(c), entry],
            )
    return None


def _subject_words(c: Claim) -> str:
    words = METRIC_WORDS.get(c.metric, "")
    return f"{c.subject}{words}"


def _nil_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-NIL-TABLE: “无…支出” while the table prints a non-zero amount."""
    for c in facts.claims:
        if c.kind != "nil" or not c.refs:
            continue
        worst: tuple[Decimal, Cell, Table, Row, str] | None = None
        for ref in c.refs:
            table, row, _cell = facts.cell(ref)
            if table is None or row is None:
                continue
            columns = list(row.cells) if ref.column == "*" else [ref.column]
            for col in columns:
                cell = row.cells.get(col)
                if cell is None or cell.amount is None:
                    continue
                if worst is None or abs(cell.amount.value) > abs(worst[0]):
                    worst = (cell.amount.value, cell, table, row, col)
        if worst is None:
            plan.judgements.append(_require(N_NIL_TABLE, True))
            continue
        value, cell, table, row, col = worst
        amount = cell.amount
        assert amount is not None
        comp = Comparison(value, Decimal(0), Decimal(0), max(amount.decimals, 0) + 1)
        places = _places(value)
        message = N_NIL_TABLE.template.format(
            where=section_words(c),
            quote_nil=c.text,
            cell=f"{table_name(table)}{cell_phrase(table, row, col)}",
            table_value=fmt_amount(value, places),
            unit=amount.unit,
            quote=quote(c),
        )
        plan.judgements.append(
            _identity(
                N_NIL_TABLE,
                comp,
                places,
                message=message,
                expected="0",
                actual=fmt_amount(value, places),
                difference=fmt_amount(value, places),
                tolerance="0",
                evidence=[claim_evidence(c), cell.evidence()],
            )
        )


def _zero_base(
    rule_words: str,
    c: Claim,
    base: Source,
    base_text: str,
    numerator_zero: bool,
    extra: Iterable[dict[str, object]] = (),
) -> NarrativeCheck:
    assert c.value is not None
    rule = N_ZERO_BASE_NIL if numerator_zero and c.value.value == 0 else N_ZERO_BASE
    message = rule.template.format(
        where=section_words(c),
        subject=c.subject,
        rate_text=f"{rule_words}{c.text}",
        base_text=f"（{base_text}，{base.where}{'未填列' if base.blank else format_amount(base.amount) + base.amount.unit}）",
        quote=quote(c),
    )
    return _require(
        rule,
        False,
        message=message,
        expected="无（基数为0）",
        actual=c.text,
        evidence=[claim_evidence(c), base.evidence, *extra],
    )


def _share_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-SHARE (and N-ZERO-BASE for a whole of 0)."""
    for c in facts.claims:
        if c.kind != "share" or c.value is None:
            continue
        part_claim = facts.linked(c.part)
        if part_claim is not None and part_claim.value is not None:
            part = claim_source(part_claim)
            metric = part_claim.metric
        elif c.concept:
            found = facts.subject_value(c.subject, "final", c)  # “基本支出占78%”: its amount stated elsewhere
            if found is None:
                continue
            part, metric = found, "final"
        else:
            continue
        whole_claim = facts.linked(c.whole)
        whole: Source | None = claim_source(whole_claim) if whole_claim is not None else None
        if whole is None and c.whole_subject:
            whole = facts.subject_value(c.whole_subject, metric, c)
            if whole is None and metric != "final":
                whole = facts.subject_value(c.whole_subject, "final", c)
        if whole is None:
            plan.not_evaluated.append(
                NotEvaluated(
                    N_SHARE.id,
                    f"{section_words(c)}“{c.text}”所指整体（{c.whole_subject or '未说明'}）"
                    f"的金额在说明和公开表中均未找到，无法核对占比。原文：“{quote(c)}”",
                    NARRATIVE,
                )
            )
            continue
        whole_name = c.whole_subject or (whole.claim.subject if whole.claim else "整体")
        _add_ratio(plan, N_SHARE, c, part, whole, f"占{whole_name}的", "整体", whole_name)


def _add_ratio(
    plan: JudgementPlan,
    rule: RuleSpec,
    c: Claim,
    num: Source,
    den: Source,
    rate_words: str,
    base_text: str,
    whole_name: str,
    extra_fields: dict[str, str] | None = None,
    extra_evidence: Sequence[dict[str, object]] = (),
) -> None:
    assert c.value is not None
    evidence = [claim_evidence(c), num.evidence, den.evidence, *extra_evidence]
    try:
        nb, db = num.bounds, den.bounds
        if num.amount.unit != den.amount.unit and not den.blank and not num.blank:
            db = to_unit(den.amount, num.amount.unit)
    except UnitMismatch:
        return
    if db.value == 0 or den.blank:
        plan.judgements.append(_zero_base(rate_words, c, den, base_text, nb.value == 0, extra_evidence))
        return
    r = ratio(nb, db)
    if r is None:
        plan.judgements.append(_zero_base(rate_words, c, den, base_text, nb.value == 0, extra_evidence))
        return
    p = c.value.value
    hp = half_ulp(c.value.decimals)
    basis = (
        f"按{num.where if num.claim is None else ''}{_name(num)}{num.shown()}{num.amount.unit}÷"
        f"{_name(den, whole_name)}{den.shown()}{den.amount.unit}"
        + (f"（{den.where}）" if den.claim is None or den.claim.section != c.section else "")
    )
    computed = _outside_wording(r.centre, c, p, hp)
    fields = {
        "where": section_words(c),
        "subject": c.subject,
        "whole": whole_name,
        "percent": format_amount(c.value),
        "basis": basis,
        "computed": computed,
        "quote": quote(c),
    }
    if extra_fields:
        fields.update(extra_fields)
    message = rule.template.format(**fields)
    rounding = (
        f"{section_words(c)}称{c.subject}{rate_words}{c.text}，{basis}{computed}；"
        f"差异在所涉金额的四舍五入范围内，属尾差。原文：“{quote(c)}”"
    )
    truncated = (
        f"{section_words(c)}称{c.subject}{rate_words}{c.text}，{basis}{_truncated_wording(r.centre, c)}，"
        f"属取舍口径的尾差，不是数字错误。原文：“{quote(c)}”"
    )
    plan.judgements.append(
        percent_check(
            rule,
            c.value,
            r,
            truncated_message=truncated,
            message=message,
            rounding_message=rounding,
            expected=_pct(r.centre),
            actual=format_amount(c.value),
            difference=_pct(p - r.centre),
            tolerance=f"{hp.normalize():f}",
            evidence=evidence,
        )
    )


def _name(s: Source, default: str = "") -> str:
    if s.claim is not None:
        return s.claim.subject + METRIC_WORDS.get(s.claim.metric, "")
    return default


def _growth_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-GROWTH: rate = change / (current ∓ change); N-ZERO-BASE when the prior year is 0."""
    for c in facts.claims:
        if c.kind != "growth" or c.value is None:
            continue
        change = facts.linked(c.change)
        if change is None:
            _growth_from_prior(facts, plan, c)
            continue
        if change.value is None:
            continue
        current_claim = facts.linked(c.current) or facts.linked(change.current)
        current = claim_source(current_claim) if current_claim is not None else None
        if current is None:
            current = facts.subject_value(change.subject, "final", c) if change.concept else None
        if current is None and c.direction < 0 and c.value.value == 100:
            continue  # “减少X万元，下降100%”: the current amount is 0 by the statement itself
        if current is None:
            plan.not_evaluated.append(
                NotEvaluated(
                    N_GROWTH.id,
                    f"{section_words(c)}“{c.text}”所对应的本年数在说明和公开表中均未找到，"
                    f"无法核对增长率。原文：“{quote(c)}”",
                    NARRATIVE,
                )
            )
            continue
        try:
            ch = (
                to_unit(change.value, current.amount.unit)
                if not current.blank
                else to_unit(change.value, change.value.unit)
            )
        except UnitMismatch:
            continue
        cur = current.bounds
        direction = change.direction or c.direction or 1
        prior_value = cur.value - direction * ch.value
        prior = Bounds(prior_value, cur.radius + ch.radius)
        unit = change.value.unit
        prior_amount = Amount(prior_value, max(change.value.decimals, current.amount.decimals), unit)
        prior_source = Source(
            prior_amount,
            f"上年数（{_name(current, change.subject)}{current.shown()}"
            f"{'－' if direction > 0 else '＋'}{format_amount(change.value)}）",
            current.evidence,
            claim=None,
        )
        up = direction > 0
        word = "增加" if up else "减少"
        if prior.value <= 0:
            plan.judgements.append(
                _zero_base(
                    "增长" if up else "下降",
                    c,
                    prior_source,
                    "上年数",
                    ch.value == 0,
                    [claim_evidence(change)],
                )
            )
            continue
        r = ratio(ch, prior)
        assert r is not None
        basis = (
            f"按{word}额{format_amount(change.value)}{unit}÷上年数{fmt_amount(prior_value, _places(prior_value))}{unit}"
            f"（{_name(current, change.subject)}{current.shown()}{current.amount.unit}"
            f"{'－' if up else '＋'}{format_amount(change.value)}{unit}"
            + (
                f"，本年数见{current.where}"
                if current.claim is None or current.claim.sentence_no != c.sentence_no
                else ""
            )
            + "）"
        )
        hp = half_ulp(c.value.decimals)
        p = c.value.value
        computed = _outside_wording(r.centre, c, p, hp)
        message = N_GROWTH.template.format(
            where=section_words(c),
            subject=change.subject,
            direction_word=word,
            change=format_amount(change.value),
            unit=unit,
            rate_word="增长" if c.direction >= 0 else "下降",
            percent=format_amount(c.value),
            basis=basis,
            computed=computed,
            quote=quote(c),
        )
        rounding = (
            f"{section_words(c)}称{change.subject}{word}{change.text}、{c.text}，{basis}{computed}；"
            f"差异在所涉金额的四舍五入范围内，属尾差。原文：“{quote(c)}”"
        )
        truncated = (
            f"{section_words(c)}称{change.subject}{word}{change.text}、{c.text}，{basis}"
            f"{_truncated_wording(r.centre, c)}，属取舍口径的尾差，不是数字错误。原文：“{quote(c)}”"
        )
        plan.judgements.append(
            percent_check(
                N_GROWTH,
                c.value,
                r,
                truncated_message=truncated,
                message=message,
                rounding_message=rounding,
                expected=_pct(r.centre),
                actual=format_amount(c.value),
                difference=_pct(p - r.centre),
                tolerance=f"{hp.normalize():f}",
                evidence=[claim_evidence(c), claim_evidence(change), current.evidence],
            )
        )


def _growth_from_prior(facts: Facts, plan: JudgementPlan, c: Claim) -> None:
    """“支出决算X万元，上年Y万元，增长Z%”: rate = (X − Y) / Y, direction from the sign of X − Y."""
    prior, current = facts.linked(c.prior), facts.linked(c.current)
    if prior is None or current is None or prior.value is None or current.value is None or c.value is None:
        return
    try:
        cur, pri = to_unit(current.value, current.value.unit), to_unit(prior.value, current.value.unit)
    except UnitMismatch:
        return
    diff = cur.value - pri.value
    if diff != 0 and c.direction and (diff > 0) != (c.direction > 0):
        problem = (
            f"本年{current.text}、上年{prior.text}，数字为{'增加' if diff > 0 else '减少'}，"
            f"而表述为“{_rate_word(c)}{c.text}”"
        )
        plan.judgements.append(
            _require(
                N_DIRECTION,
                False,
                message=N_DIRECTION.template.format(where=section_words(c), problem=problem, quote=quote(c)),
                evidence=[claim_evidence(c), claim_evidence(current), claim_evidence(prior)],
            )
        )
        return
    prior_source = claim_source(prior)
    if pri.value <= 0:
        plan.judgements.append(
            _zero_base(_rate_word(c), c, prior_source, "上年数", diff == 0, [claim_evidence(current)])
        )
        return
    change = Bounds(abs(diff), cur.radius + pri.radius)
    r = ratio(change, pri)
    assert r is not None
    hp = half_ulp(c.value.decimals)
    p = c.value.value
    basis = f"按（{current.text}－{prior.text}）÷{prior.text}"
    computed = _outside_wording(r.centre, c, p, hp)
    message = (
        f"{section_words(c)}称{c.subject}{_rate_word(c)}{c.text}，{basis}，{computed}。原文：“{quote(c)}”"
    )
    truncated = (
        f"{section_words(c)}称{c.subject}{_rate_word(c)}{c.text}，{basis}，{_truncated_wording(r.centre, c)}，"
        f"属取舍口径的尾差，不是数字错误。原文：“{quote(c)}”"
    )
    plan.judgements.append(
        percent_check(
            N_GROWTH,
            c.value,
            r,
            truncated_message=truncated,
            message=message,
            rounding_message=message.replace("。原文", "；差异在所涉金额的四舍五入范围内，属尾差。原文", 1),
            expected=_pct(r.centre),
            actual=format_amount(c.value),
            difference=_pct(p - r.centre),
            tolerance=f"{hp.normalize():f}",
            evidence=[claim_evidence(c), claim_evidence(current), claim_evidence(prior)],
        )
    )


def _completion_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-COMPLETION: rate = final / budget; N-ZERO-BASE when the budget is 0."""
    for c in facts.claims:
        if c.kind != "completion" or c.value is None:
            continue
        fc, bc = facts.linked(c.final), facts.linked(c.budget)
        final = (
            claim_source(fc)
            if fc is not None
            else (facts.subject_value(c.subject, "final", c) if c.concept else None)
        )
        budget = (
            claim_source(bc)
            if bc is not None
            else (facts.subject_value(c.subject, "budget", c) if c.concept else None)
        )
        if final is None or budget is None:
            missing = "决算数" if final is None else "预算数"
            plan.not_evaluated.append(
                NotEvaluated(
                    N_COMPLETION.id,
                    f"{section_words(c)}“{c.text}”所对应的{missing}在说明和公开表中均未找到，"
                    f"无法核对完成率。原文：“{quote(c)}”",
                    NARRATIVE,
                )
            )
            continue
        _add_ratio(plan, N_COMPLETION, c, final, budget, "完成预算的", "预算数", "预算数")


def _direction_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-DIRECTION: 增加…下降; 决算数大于预算数 vs the amounts; 持平 with a change."""
    for c in facts.claims:
        if c.kind == "growth" and c.value is not None:
            change = facts.linked(c.change)
            if change is not None and change.direction and c.direction:
                ok = change.direction == c.direction
                problem = (
                    f"增减额表述为“{_dir_word(change)}{change.text}”，而增减率表述为“{_rate_word(c)}{c.text}”，"
                    "方向相反"
                )
                plan.judgements.append(
                    _require(
                        N_DIRECTION,
                        ok,
                        message=N_DIRECTION.template.format(
                            where=section_words(c), problem=problem, quote=quote(c)
                        ),
                        evidence=[claim_evidence(change), claim_evidence(c)],
                    )
                )
    # comparison words and 持平, sentence by sentence
    by_sentence: dict[int, list[Claim]] = {}
    for c in facts.claims:
        by_sentence.setdefault(c.sentence_no, []).append(c)
    for _no, claims in sorted(by_sentence.items()):
        sentence = claims[0].sentence
        m = _COMPARE_WORDS.search(sentence)
        if m:
            _compare_words(facts, plan, claims, m.group("word"), m.start())
        flat = _FLAT.search(sentence)
        if flat:
            for ch in claims:
                if (
                    ch.kind == "change"
                    and ch.value is not None
                    and ch.value.value != 0
                    and abs(ch.start - flat.start()) < 40
                ):
                    problem = f"称“{flat.group(0)}”，同时列有增减额{ch.text}"
                    plan.judgements.append(
                        _require(
                            N_DIRECTION,
                            False,
                            message=N_DIRECTION.template.format(
                                where=section_words(ch), problem=problem, quote=quote(ch)
                            ),
                            evidence=[claim_evidence(ch)],
                        )
                    )


def _compare_words(facts: Facts, plan: JudgementPlan, claims: list[Claim], word: str, at: int) -> None:
    """决算数大于/小于/等于年初预算数 against the final and budget amounts of the same item."""
    head = claims[0]
    pool = [
        c
        for c in facts.claims
        if c.kind == "amount"
        and c.value is not None
        and c.sentence_no <= head.sentence_no
        and c.sentence_no >= head.sentence_no - 2
        and c.section == head.section
        and c.item == head.item
    ]
    if head.item is None:
        pool = [c for c in pool if c.sentence_no == head.sentence_no]
    finals = [c for c in pool if c.metric == "final" and (c.sentence_no < head.sentence_no or c.start < at)]
    budgets = [c for c in pool if c.metric == "budget" and (c.sentence_no < head.sentence_no or c.start < at)]
    if not finals or not budgets:
        return
    fc, bc = finals[-1], budgets[-1]
    if fc.subject != bc.subject:
        return
    assert fc.value is not None and bc.value is not None
    try:
        comp = compare(fc.value, [(bc.value, 1)], fc.value.unit)
    except UnitMismatch:
        return
    places = _places(comp.actual, comp.expected)
    fv, bv = fmt_amount(comp.actual, places), fmt_amount(comp.expected, places)
    unit = fc.value.unit
    if word in ("大于", "高于", "超过", "多于"):
        small, large, claim = comp.expected, comp.actual, "大于"
    elif word in ("小于", "低于", "少于"):
        small, large, claim = comp.actual, comp.expected, "小于"
    else:
        plan.judgements.append(
            _identity(
                N_DIRECTION,
                comp,
                places,
                message=N_DIRECTION.template.format(
                    where=section_words(fc),
                    problem=f"称决算数{word}预算数，但决算数为{fv}{unit}、预算数为{bv}{unit}",
                    quote=quote(fc),
                ),
                rounding_message="",
                expected=bv,
                actual=fv,
                evidence=[claim_evidence(fc), claim_evidence(bc)],
            )
        )
        return
    problem = f"称决算数{claim}预算数，但决算数为{fv}{unit}、预算数为{bv}{unit}"
    check = NarrativeCheck(
        N_DIRECTION,
        KIND_BOUND,
        (small, large, comp.tolerance),
        comp.scale,
        message=N_DIRECTION.template.format(where=section_words(fc), problem=problem, quote=quote(fc)),
        rounding_message=(
            f"{section_words(fc)}称决算数{claim}预算数，决算数{fv}{unit}与预算数{bv}{unit}相差在"
            f"四舍五入范围内。原文：“{quote(fc)}”"
        ),
        expected=bv,
        actual=fv,
        evidence=[claim_evidence(fc), claim_evidence(bc)],
    )
    plan.judgements.append(check)


def _dir_word(c: Claim) -> str:
    return "增加" if c.direction > 0 else "减少"


def _rate_word(c: Claim) -> str:
    return "增长" if c.direction > 0 else "下降"


def _consistency_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-CONSISTENT: a concept stated twice in one scope (without a table fact) is stated alike."""
    groups: dict[tuple[str, str, str, str], list[Claim]] = {}
    for c in facts.claims:
        if c.value is None or not c.concept or c.value.unit not in ("万元", "元"):
            continue
        if c.kind == "amount" and c.metric in ("final", "budget"):
            key = (c.subject, c.scope, c.metric, c.kind)
        elif c.kind == "change" and c.direction:
            key = (c.subject, c.scope, "change", c.kind)
        else:
            continue
        groups.setdefault(key, []).append(c)
    for (_subject, _scope, _metric, kind), claims in groups.items():
        if len(claims) < 2:
            continue
        if kind == "amount" and any(
            c.refs and (f := facts.table_fact(c.refs)) is not None and not f.blank for c in claims
        ):
            continue  # each statement is checked against the table instead
        first = claims[0]
        for other in claims[1:]:
            if other.sentence_no == first.sentence_no and other.start == first.start:
                continue
            _pair(plan, N_CONSISTENT, other, first)


def _signed(c: Claim) -> Amount:
    assert c.value is not None
    if c.kind == "change" and c.direction < 0:
        return Amount(-c.value.value, c.value.decimals, c.value.unit)
    return c.value


def _pair(plan: JudgementPlan, rule: RuleSpec, c: Claim, other: Claim) -> None:
    try:
        comp = compare(_signed(c), [(_signed(other), 1)], c.value.unit if c.value else "万元")
    except UnitMismatch:
        return
    places = _places(comp.actual, comp.expected)
    unit = c.value.unit if c.value else "万元"
    message = rule.template.format(
        where=section_words(c),
        subject=_subject_words(c) + ("增减额" if c.kind == "change" else ""),
        value=fmt_amount(comp.actual, places),
        unit=unit,
        other_where=section_words(other),
        other_value=fmt_amount(comp.expected, places),
        difference=fmt_amount(abs(comp.difference), places),
        quote=quote(c),
    )
    plan.judgements.append(
        _identity(
            rule,
            comp,
            places,
            message=message,
            rounding_message=message.replace("。原文", "，在四舍五入尾差范围内，属尾差。原文", 1),
            evidence=[claim_evidence(c), claim_evidence(other)],
        )
    )


def _balance_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-BALANCE: 收入总计 = 支出总计 (and their changes) where both are stated."""
    for scope in ("overall", "fin_overall"):
        for kind in ("amount", "change"):
            inc = [
                c
                for c in facts.claims
                if c.scope == scope
                and c.kind == kind
                and c.subject == "收入总计"
                and c.metric in ("final", "change")
                and c.value is not None
            ]
            exp = [
                c
                for c in facts.claims
                if c.scope == scope
                and c.kind == kind
                and c.subject == "支出总计"
                and c.metric in ("final", "change")
                and c.value is not None
            ]
            if not inc or not exp:
                continue
            left, right = inc[0], exp[0]
            try:
                comp = compare(_signed(left), [(_signed(right), 1)], left.value.unit)  # type: ignore[union-attr]
            except UnitMismatch:
                continue
            places = _places(comp.actual, comp.expected)
            unit = left.value.unit  # type: ignore[union-attr]
            suffix = "增减额" if kind == "change" else ""
            message = N_BALANCE.template.format(
                where=section_words(left),
                left="收入总计" + suffix,
                left_value=fmt_amount(comp.actual, places),
                right="支出总计" + suffix,
                right_value=fmt_amount(comp.expected, places),
                unit=unit,
                difference=fmt_amount(abs(comp.difference), places),
                quote=quote(left),
            )
            plan.judgements.append(
                _identity(
                    N_BALANCE,
                    comp,
                    places,
                    message=message,
                    rounding_message=message.replace("二者应相等", "在四舍五入尾差范围内", 1),
                    evidence=[claim_evidence(left), claim_evidence(right)],
                )
            )


def _first(claims: Iterable[Claim], pred: Callable[[Claim], bool]) -> Claim | None:
    return next((c for c in claims if pred(c)), None)


def _list_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-LIST-SUM: stated totals against their stated parts."""
    amounts = [
        c
        for c in facts.claims
        if c.kind == "amount" and c.value is not None and c.concept and c.value.unit in ("万元", "元")
    ]
    for total_subject, parts, scopes in DECOMPOSITIONS:
        for metric in ("final", "budget"):
            for scope in scopes:
                pool = [c for c in amounts if c.scope == scope and c.metric == metric]
                total = _first(pool, lambda c, s=total_subject: c.subject == s)  # type: ignore[misc]
                if total is None:
                    continue
                stated = _list_parts(facts, pool, parts, scope, metric, total)
                if stated is None:
                    continue
                _sum_check(plan, N_LIST_SUM, total, stated, total_subject)
                break
    _item_sums(facts, plan, amounts)


def _list_parts(
    facts: Facts, pool: list[Claim], parts: Sequence[str], scope: str, metric: str, total: Claim
) -> list[Claim] | None:
    """The stated parts of a decomposition (a missing part may be replaced by its own parts);
    None when fewer than two are stated or a missing one is printed non-zero in the tables."""
    out: list[Claim] = []
    for p in parts:
        c = _first(pool, lambda x, p=p: x.subject == p)  # type: ignore[misc]
        if c is not None:
            out.append(c)
            continue
        sub = next((d for d in DECOMPOSITIONS if d[0] == p), None)
        if sub is not None:
            inner = [x for q in sub[1] if (x := _first(pool, lambda y, q=q: y.subject == q)) is not None]  # type: ignore[misc]
            if len(inner) == len(sub[1]):
                out.extend(inner)
                continue
        probe = Claim(
            kind="amount",
            subject=p,
            metric=metric,
            value=None,
            text="",
            sentence="",
            loc=total.loc,
            section=total.section,
            scope=scope,
        )
        refs = table_refs(probe, facts.index)
        fact = facts.table_fact(refs) if refs else None
        if fact is not None and not fact.blank and fact.amount.value != 0:
            return None  # the narrative leaves out a part the tables show: not a complete list
    return out if len(out) >= 2 else None


def _sum_check(
    plan: JudgementPlan, rule: RuleSpec, total: Claim, parts: list[Claim], total_words: str
) -> None:
    assert total.value is not None
    try:
        comp = compare(total.value, [(p.value, 1) for p in parts if p.value is not None], total.value.unit)
    except UnitMismatch:
        return
    places = _places(comp.actual, comp.expected)
    unit = total.value.unit
    names = "、".join(f"{p.subject}{format_amount(p.value)}" for p in parts if p.value is not None)
    message = rule.template.format(
        where=section_words(total),
        total=total_words + METRIC_WORDS.get(total.metric, ""),
        value=fmt_amount(comp.actual, places),
        unit=unit,
        parts=names,
        expected=fmt_amount(comp.expected, places),
        difference=fmt_amount(abs(comp.difference), places),
        quote=quote(total),
    )
    rounding = message.replace(
        "。原文", f"，在四舍五入尾差范围（±{fmt_tolerance(comp.tolerance, places)}{unit}）内，属尾差。原文", 1
    )
    plan.judgements.append(
        _identity(
            rule,
            comp,
            places,
            message=message,
            rounding_message=rounding,
            evidence=[claim_evidence(total)] + [claim_evidence(p) for p in parts],
        )
    )


def _item_sums(facts: Facts, plan: JudgementPlan, amounts: list[Claim]) -> None:
    """Σ enumerated 类/款/项 items (final, budget) = 一般公共预算财政拨款支出; Σ classes likewise."""
    general = [c for c in facts.claims if c.scope == "general" and c.kind == "amount" and c.value is not None]
    items: dict[str, list[Claim]] = {}
    for c in general:
        if c.item is not None:
            items.setdefault(c.item, []).append(c)
    if len(items) >= 2:
        first_item = min(min(c.sentence_no for c in cs) for cs in items.values())
        for metric in ("final", "budget"):
            picked: list[Claim] = []
            for cs in items.values():
                own = [c for c in cs if c.metric == metric and c.subject == cs[0].subject]
                if not own:
                    break
                picked.append(own[-1])
            else:
                heads = [
                    c
                    for c in general
                    if c.subject == "一般公共预算财政拨款支出"
                    and c.metric == metric
                    and c.sentence_no < first_item
                ]
                if heads and not _unstated(facts, {c.subject for c in picked}, 7):
                    _sum_check(plan, N_LIST_SUM, heads[-1], picked, "一般公共预算财政拨款支出")
    # classes listed in one sentence with their total
    by_sentence: dict[int, list[Claim]] = {}
    for c in general:
        by_sentence.setdefault(c.sentence_no, []).append(c)
    for cs in by_sentence.values():
        classes = [c for c in cs if c.subject.endswith("（类）") and c.metric == "final"]
        head = _first(cs, lambda c: c.subject == "一般公共预算财政拨款支出" and c.metric == "final")
        if head is None or not classes or any(c.start < head.start for c in classes):
            continue
        if not _unstated(facts, {c.subject for c in classes}, 3):
            _sum_check(plan, N_LIST_SUM, head, classes, "一般公共预算财政拨款支出")


def _unstated(facts: Facts, stated: set[str], level: int) -> bool:
    """True when 公开05表 (or, for 类, 04表) prints a non-zero 类 (level 3) or 项 (level 7) the text
    does not list: then the text's list is not the complete breakdown and its sum proves nothing."""
    printed: set[str] = set()
    t05 = facts.d.tables.get("05")
    for r in t05.rows if t05 is not None else []:
        a = r.amount("合计")
        if r.code and len(r.code) == level and a is not None and a.value != 0:
            printed.add(r.key if level == 7 else f"{normalise_label(r.label)}（类）")
    if level == 3 and not printed:
        t04 = facts.d.tables.get("04")
        for r in t04.rows if t04 is not None else []:
            a = r.amount("一般公共预算财政拨款")
            if r.lane == "expense" and not r.code and a is not None and a.value != 0 and r.role == "detail":
                printed.add(f"{normalise_label(r.label)}（类）")
    return bool(printed - stated)


def _count_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-COUNT-SUM: “N人，其中A人、B人” — counts are exact."""
    by_sentence: dict[int, list[Claim]] = {}
    for c in facts.claims:
        if c.kind == "count" and c.value is not None:
            by_sentence.setdefault(c.sentence_no, []).append(c)
    for cs in by_sentence.values():
        for i, head in enumerate(cs):
            nxt = cs[i + 1] if i + 1 < len(cs) else None
            if nxt is None:
                continue
            between = head.sentence[head.start + len(head.text) : nxt.start]
            if "其中" not in between:
                continue
            unit = head.value.unit  # type: ignore[union-attr]
            measure = next((m for m in COUNT_MEASURES if m in head.subject), None)
            parts: list[Claim] = []
            for c in cs[i + 1 :]:
                if c.value is None or c.value.unit != unit:
                    break
                gap = head.sentence[(parts[-1].start if parts else head.start) : c.start]
                if parts and ("；" in gap or "其中" in gap):
                    break
                other = next((m for m in COUNT_MEASURES if m in c.subject and m != measure), None)
                if other is not None:
                    continue
                parts.append(c)
            if len(parts) < 2:
                continue
            total = head.value.value  # type: ignore[union-attr]
            expected = sum((p.value.value for p in parts if p.value is not None), Decimal(0))
            comp = Comparison(total, expected, Decimal(0), 1)
            names = "、".join(f"{p.subject}{p.text}" for p in parts)
            message = N_COUNT_SUM.template.format(
                where=section_words(head),
                total=head.subject,
                value=f"{total}",
                unit=unit,
                parts=names,
                expected=f"{expected}",
                difference=f"{abs(total - expected)}",
                quote=quote(head),
            )
            plan.judgements.append(
                _identity(
                    N_COUNT_SUM,
                    comp,
                    0,  # counts are whole numbers
                    message=message,
                    evidence=[claim_evidence(head)] + [claim_evidence(p) for p in parts],
                )
            )


def _share_100_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-SHARE-100: the shares of one whole in one sentence add to 100 when their parts add to it."""
    by_key: dict[tuple[int, str], list[Claim]] = {}
    for c in facts.claims:
        if c.kind == "share" and c.value is not None and c.whole_subject:
            by_key.setdefault((c.sentence_no, c.whole_subject), []).append(c)
    for (_no, whole), shares in by_key.items():
        if len(shares) < 2:
            continue
        parts = [facts.linked(s.part) for s in shares]
        if any(p is None or p.value is None for p in parts):
            continue
        whole_source = facts.linked(shares[0].whole)
        if whole_source is None or whole_source.value is None:
            continue
        try:
            parts_vs_whole = compare(
                whole_source.value,
                [(p.value, 1) for p in parts if p is not None and p.value],
                whole_source.value.unit,
            )
        except UnitMismatch:
            continue
        if parts_vs_whole.verdict() == "broken":
            continue  # not the complete list of the whole's parts
        total = sum((s.value.value for s in shares if s.value is not None), Decimal(0))
        radius = sum((half_ulp(s.value.decimals) for s in shares if s.value is not None), Decimal(0))
        comp = Comparison(total, Decimal(100), radius, max(s.value.decimals for s in shares if s.value) + 1)
        listed = "＋".join(s.text for s in shares)
        message = N_SHARE_100.template.format(
            where=section_words(shares[0]),
            whole=whole,
            total=_pct(total),
            parts=listed,
            quote=quote(shares[0]),
        )
        plan.judgements.append(
            NarrativeCheck(
                N_SHARE_100,
                KIND_BOUND,
                (abs(total - 100), radius, Decimal(0)),
                comp.scale,
                message=message,
                expected="100",
                actual=_pct(total),
                difference=_pct(total - 100),
                tolerance=f"{radius.normalize():f}",
                evidence=[claim_evidence(s) for s in shares],
            )
        )


OTHER_FUNDS: dict[str, tuple[str, str]] = {
    "state_capital": ("政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
    "fund": ("国有资本经营预算财政拨款", "政府性基金预算财政拨款"),
}


def _scope_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-SECTION-SCOPE: the 国有资本经营 section speaks of 政府性基金 (or the other way round)."""
    seen: set[int] = set()
    for c in facts.claims:
        if c.scope not in OTHER_FUNDS or c.sentence_no in seen:
            continue
        seen.add(c.sentence_no)
        wrong, own = OTHER_FUNDS[c.scope]
        sentence = c.sentence
        mentions_wrong = c.subject == wrong or (wrong[:4] in sentence and own[:4] not in sentence)
        problem = (
            f"本节为“{c.section}”，句中却称“{wrong[:5]}”而未提“{own[:6]}”，疑为照抄其他章节"
            if mentions_wrong
            else ""
        )
        plan.judgements.append(
            _require(
                N_SECTION_SCOPE,
                not mentions_wrong,
                message=N_SECTION_SCOPE.template.format(
                    where=section_words(c), other=wrong, problem=problem, quote=quote(c)
                ),
                evidence=[claim_evidence(c)],
            )
        )


# A sentence saying money of an earlier year was carried over and spent this year.
_CARRIED_IN = re.compile(
    r"(?:上年|以前年度|(?P<year>20\d{2})年度?)[^。；]*?结转[^。；]*?本年度?[^。；]*?(?:支出|使用)"
)
_DEFINITION = re.compile(r"[：:]指|是指|系指|指单位|名词解释")
_CARRIED_OUT = ("结转下年", "结转至下年", "年末结转", "结转到下年", "结转以后年度")
_OPENING_ROWS = (("01", "年初结转和结余"), ("04", "年初财政拨款结转和结余"), ("04", "年初结转和结余"))


def _opening_balance(d: Disclosure) -> list[tuple[Table, Row]]:
    """The 年初结转和结余 rows of 01/04表 (the totals, not their sub-rows)."""
    out: list[tuple[Table, Row]] = []
    for tid, key in _OPENING_ROWS:
        t = d.table(tid)
        r = t.row(key) if t is not None else None
        if t is not None and r is not None and all(x[0] is not t for x in out):
            out.append((t, r))
    return out


def _carryover_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-CARRYOVER-CLAIM: “…经费结转，本年度正常支出” while 01/04表 show no 年初结转和结余."""
    d = facts.d
    rows = _opening_balance(d)
    if not rows or d.year is None:
        return
    for p in d.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        for sentence in re.split(r"(?<=[。；])", text):
            m = _CARRIED_IN.search(sentence)
            if m is None or any(w in sentence for w in _CARRIED_OUT) or _DEFINITION.search(sentence):
                continue  # not a claim, or a glossary entry defining 年初结转和结余
            if m.group("year") and int(m.group("year")) >= d.year:
                continue  # this year's own money
            printed = [
                (t, r)
                for t, r in rows
                if any(c.amount is not None and c.amount.value != 0 for c in r.cells.values())
            ]
            forms = _forms_named(d, sentence)
            evidence: list[dict[str, object]] = [text_evidence(sentence, p.loc)]
            for t, r in rows:
                evidence.append(_row_evidence(t, r, next(iter(r.cells), "决算数")))
            carried = []
            for form in forms:
                fr = form.row("上年结转资金")
                if fr is None:
                    continue
                column = "全年执行数" if "全年执行数" in fr.cells else next(iter(fr.cells), "")
                cell = fr.cells.get(column)
                if cell is not None:
                    evidence.append(_row_evidence(form, fr, column))
                    carried.append((form, cell))
            tables = "、".join(f"{table_name(t)}“{row_label(r)}”" for t, r in rows)
            form_words = "".join(
                f"，{table_name(f)}“上年结转资金”为{c.text.strip() or '空'}" for f, c in carried
            )
            plan.judgements.append(
                _require(
                    N_CARRYOVER_CLAIM,
                    bool(printed),
                    message=f"情况说明称以前年度资金结转到本年度使用，但{tables}未列数（空或0）{form_words}；"
                    f"请核实结转资金是否在表中反映，或更正说明。原文：“{sentence.rstrip('。；')}”",
                    evidence=evidence,
                    expected="年初结转和结余 > 0",
                    actual="未列数",
                )
            )


def _forms_named(d: Disclosure, sentence: str) -> list[Table]:
    """The 项目支出 forms whose project the sentence names (a common run of MIN_COMMON characters)."""
    return [
        form
        for tid, form in sorted(d.tables.items())
        if tid.startswith("P")
        and form.row("上年结转资金") is not None
        and common_run(project_name(form.title), sentence) >= MIN_COMMON
    ]


# “（一）人员经费120.59万元，主要包括：基本工资、津贴补贴……” (the lane's name may be cut: “公用经”).
_ITEM_LIST = re.compile(
    r"(?:（[一二三四五六七八九十]）)?(?P<lane>人员经?费?|公用经?费?)(?P<amount>\d+(?:\.\d+)?)万元[，,]?主要包括[：:]?(?P<items>(?:(?!公用经|人员经|（[一二三四五]）)[^。])+)"
)
_LIST_END = re.compile(r"等(?:支出|费用|项目)?$")


def _names(items: str) -> list[str]:
    out = []
    for part in re.split(r"[、，,；;：:]", _LIST_END.sub("", items)):
        name = re.sub(r"\d+(?:\.\d+)?万?元?$", "", part).strip("：: ")
        if name:
            out.append(name)
    return out


def _same_item(name: str, label: str) -> bool:
    a, b = normalise_label(name), normalise_label(label)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and short in long


def _item_list_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-ITEM-LIST: the items of “人员经费/公用经费……主要包括：” against 06表's printed 款 lines."""
    t06 = facts.d.table("06")
    if t06 is None or t06.empty:
        return
    for p in facts.d.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        for m in _ITEM_LIST.finditer(text):
            lane = "personnel" if m.group("lane").startswith("人员") else "operating"
            lines = [r for r in t06.rows if r.code and len(r.code) == 5 and r.lane == lane]
            if not lines:
                continue
            classes = [normalise_label(r.label) for r in t06.rows if r.code and len(r.code) == 3]
            names = [n for n in _names(m.group("items")) if normalise_label(n) not in classes]
            if len(names) < 3:
                continue
            printed = [
                r
                for r in lines
                if any(c.amount is not None and c.amount.value != 0 for c in r.cells.values())
            ]
            listed_blank = [n for n in names if not any(_same_item(n, r.label) for r in printed)]
            omitted = [r for r in printed if not any(_same_item(n, r.label) for n in names)]
            sentence = m.group(0)
            problems = []
            if listed_blank:
                problems.append("列举了06表未列数的" + "、".join(f"“{n}”" for n in listed_blank))
            if omitted:
                problems.append(
                    "未提及06表中有数的"
                    + "、".join(
                        f"“{r.label}”{format_amount(a)}万元" for r in omitted if (a := _first_amount(r))
                    )
                )
            evidence: list[dict[str, object]] = [text_evidence(sentence, p.loc)]
            evidence += [_row_evidence(t06, r, next(iter(r.cells), "决算数")) for r in omitted]
            lane_words = "人员经费" if lane == "personnel" else "公用经费"
            plan.judgements.append(
                _require(
                    N_ITEM_LIST,
                    not problems,
                    message=f"情况说明所列{lane_words}“主要包括”的项目与公开06表不一致：{'；'.join(problems)}。"
                    f"原文：“{sentence}”",
                    evidence=evidence,
                    expected="、".join(r.label for r in printed),
                    actual="、".join(names),
                )
            )


def _first_amount(r: Row) -> Amount | None:
    return next((c.amount for c in r.cells.values() if c.amount is not None), None)


_CLAUSE = re.compile(r"[^，。；：,;:！？]+")
MIN_REPEATED_CLAUSE = 8  # characters of a clause printed twice in one paragraph
_REVIEW_KIND = re.compile(r"(部门|财政)重点评价")


def _copy_text_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-COPY-TEXT: a clause (no figures) printed twice in one paragraph; a 部门/财政 重点评价 heading
    answered about the other kind."""
    paragraphs = facts.d.paragraphs
    for k, p in enumerate(paragraphs):
        text = re.sub(r"\s+", "", p.text)
        for sentence in re.split(r"(?<=[。！？])", text):
            seen: dict[str, int] = {}
            for m in _CLAUSE.finditer(sentence):
                clause = m.group(0)
                if len(clause) < MIN_REPEATED_CLAUSE or any(ch.isdigit() for ch in clause):
                    continue
                if clause not in seen:
                    seen[clause] = m.start()
                    continue
                excerpt = sentence[seen[clause] : m.end() + 20]  # and what follows the repeat
                excerpt = excerpt if len(excerpt) <= 110 else excerpt[:40] + "……" + excerpt[-60:]
                plan.judgements.append(
                    _require(
                        N_COPY_TEXT,
                        False,
                        message=f"情况说明同一句中“{clause}”出现两次，疑为复制粘贴未删改，请修改。原文：“{excerpt}”",
                        evidence=[text_evidence(excerpt, p.loc)],
                    )
                )
                break
        heading = _REVIEW_KIND.search(text)
        if heading is None or len(text) > 40 or k + 1 >= len(paragraphs):
            continue
        own = heading.group(1)
        other = "财政" if own == "部门" else "部门"
        answer = re.sub(r"\s+", "", paragraphs[k + 1].text)
        if f"{other}重点评价" in answer and f"{own}重点评价" not in answer:
            plan.judgements.append(
                _require(
                    N_COPY_TEXT,
                    False,
                    message=f"情况说明标题为“{text}”，其下却写“{answer[:60]}”，说的是{other}重点评价而非{own}重点评价，"
                    f"答非所问，请核实。原文：“{answer[:60]}”",
                    evidence=[
                        text_evidence(text, p.loc),
                        text_evidence(answer[:60], paragraphs[k + 1].loc),
                    ],
                )
            )


_UNIT_COUNT = re.compile(r"(?:决算编制范围|决算汇编范围)的单位共(\d+)个(?:[，,][^，,。：:]*)?")
_ONLY_OWN = re.compile(r"[^。；]*(?:只有|仅有|仅为|仅含|仅包括)(?:部门)?本级[^。；]*")


def _unit_scope_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-UNIT-SCOPE: “决算编制范围的单位共3个” against “所属单位只有部门本级”."""
    count: tuple[Paragraph, re.Match[str]] | None = None
    only: tuple[Paragraph, re.Match[str]] | None = None
    for p in facts.d.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        if count is None and (m := _UNIT_COUNT.search(text)):
            count = (p, m)
        if only is None and (m := _ONLY_OWN.search(text)):
            only = (p, m)
    if count is None or only is None:
        return
    n = int(count[1].group(1))
    plan.judgements.append(
        _require(
            N_UNIT_SCOPE,
            n <= 1,
            message=f"情况说明称“{count[1].group(0)}”，另一处又称“{only[1].group(0)}”，决算编制范围前后矛盾，"
            f"请说明公开表是本级数还是部门汇总数。原文：“{only[1].group(0)}”",
            evidence=[
                text_evidence(count[1].group(0), count[0].loc),
                text_evidence(only[1].group(0), only[0].loc),
            ],
        )
    )


_NO_UNIT_CHANGE = re.compile(r"[^。；]*(?:无(?:预算)?单位变化|(?:预算)?单位(?:无|没有)变化)[^。；]*")
_NEW_UNIT = re.compile(
    r"[^。；，]*(?:新设|设立|新成立|成立|组建|撤销|撤并|合并)(?:了)?[^，。；、和及]{2,16}?"
    r"(?:中心|局|站|所|院|处|办公室|大队)(?![\u4e00-\u9fff]{0,2}(?:电话|信箱))[^。；]*"
)


def _unit_change_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-UNIT-CHANGE: “无预算单位变化” against a unit said to be set up (or merged) elsewhere."""
    said: tuple[Paragraph, str] | None = None
    new: tuple[Paragraph, str] | None = None
    for p in facts.d.paragraphs:
        text = re.sub(r"\s+", "", p.text)
        if said is None and (m := _NO_UNIT_CHANGE.search(text)):
            said = (p, m.group(0))
        if new is None and (m := _NEW_UNIT.search(text)):
            new = (p, m.group(0))
    if said is None or new is None:
        return
    plan.judgements.append(
        _require(
            N_UNIT_CHANGE,
            False,
            message=f"情况说明称“{said[1]}”，别处却写“{new[1][:80]}”，单位有无变化的说法不一致，请核实并如实说明。"
            f"原文：“{said[1]}”",
            evidence=[text_evidence(said[1], said[0].loc), text_evidence(new[1][:80], new[0].loc)],
        )
    )


# --- 绩效自评表 ---------------------------------------------------------------------------------

# The words just before a 绩效 figure → the form's measure it restates.
_PERF_MEASURE = re.compile(
    r"(?P<word>全年预算数|预算数|全年执行数|执行数|预算执行率|执行率|完成预算的|完成率)(?:为|是|达到|达)?$"
)
_PERF_INVOLVED = re.compile(r"涉及(?:预算)?资金(?:为|共|合计)?$")
_PERF_NAME_END = re.compile(r"(?:全年)?(?:预算数|执行数)")
_PERF_NAME_NOISE = re.compile(r"(?:项目)?(?:支出)?(?:绩效)?(?:自评)?(?:综述|情况|结果)?[：:，,。]*$")
_PERF_NAME_LEAD = re.compile(r"^(?:\d{1,2}(?:、|[.．](?!\d))|（[一二三四五六七八九十\d]{1,3}）)")
_FORM_TITLE_PREFIX = re.compile(r"^(?:\d{4}年度?)?(?:[省市县区]级|本级)?")
_FORM_TITLE_SUFFIX = re.compile(r"(?:项目)?(?:支出)?绩效自评表$")
# A project named in the 情况说明 is tied to the 项目支出 form whose project shares at least this
# share of its characters, and beats the next best form by PERF_NAME_MARGIN.
PERF_NAME_OVERLAP = Decimal("0.6")
PERF_NAME_MARGIN = Decimal("0.2")
PERF_WHOLE_TOTAL = "金额合计"
PERF_PROJECT_TOTAL = "年度资金总额"


def _measure(word: str) -> str:
    if "率" in word or "完成" in word:
        return "执行率"
    return "全年执行数" if "执行数" in word else "全年预算数"


def perf_project_name(title: str) -> str:
    """The project of a 项目支出 form from its title (“县级离休老干部医疗费补助项目绩效自评表” →
    离休老干部医疗费补助)."""
    return _FORM_TITLE_PREFIX.sub("", _FORM_TITLE_SUFFIX.sub("", normalise_label(title)))


def claimed_project(sentence: str) -> str:
    """The project a 绩效 sentence is about: its words before the first 预算数/执行数, without the
    enumerator and 项目绩效自评综述 (“1.离休干部医药费项目绩效自评综述：全年预算数…” → 离休干部医药费)."""
    m = _PERF_NAME_END.search(sentence)
    head = sentence[: m.start()] if m else ""
    head = _PERF_NAME_LEAD.sub("", head)
    return _PERF_NAME_NOISE.sub("", head)


def name_overlap(said: str, name: str) -> Decimal:
    """Share of the characters of `said` that `name` also has (counted with multiplicity)."""
    if not said:
        return Decimal(0)
    pool = list(name)
    hits = 0
    for ch in said:
        if ch in pool:
            pool.remove(ch)
            hits += 1
    return Decimal(hits) / Decimal(len(said))


def _perf_forms(d: Disclosure) -> tuple[list[Table], list[Table]]:
    """(部门整体支出 forms, 项目支出 forms) among the parsed P tables."""
    whole: list[Table] = []
    project: list[Table] = []
    for tid, tb in sorted(d.tables.items()):
        if not tid.startswith("P") or tb.empty:
            continue
        if any(c.startswith("全年执行数/") for c in tb.columns):
            whole.append(tb)
        elif tb.row(PERF_PROJECT_TOTAL) is not None:
            project.append(tb)
    return whole, project


def _form_cells(form: Table, measure: str) -> list[Cell]:
    """The printed cells of a form's total row that a measure may restate."""
    if any(c.startswith("全年执行数/") for c in form.columns):
        row = form.row(PERF_WHOLE_TOTAL)
        columns = [measure] if measure == "执行率" else [f"{measure}/总额", f"{measure}/财政拨款"]
    else:
        row = form.row(PERF_PROJECT_TOTAL)
        columns = [measure]
    if row is None:
        return []
    cells = [row.cells.get(c) for c in columns]
    return [c for c in cells if c is not None and c.amount is not None]


def _perf_not_evaluated(plan: JudgementPlan, c: Claim, why: str) -> None:
    plan.not_evaluated.append(
        NotEvaluated(N_PERF_FORM.id, f"{section_words(c)}“{c.text}”：{why}。原文：“{quote(c)}”", NARRATIVE)
    )


def _perf_compare(plan: JudgementPlan, c: Claim, subject: str, cells: Sequence[Cell], form: Table) -> None:
    """The claim against one form cell (the nearest of `cells`) or the sum of `cells` (`subject`
    ends with 之和), worded like the other N-* checks."""
    assert c.value is not None
    unit = c.value.unit
    try:
        if subject.endswith("之和"):
            comp = compare(c.value, [(x.amount, 1) for x in cells if x.amount is not None], unit)
            chosen = list(cells)
        else:
            options = [(compare(c.value, [(x.amount, 1)], unit), x) for x in cells if x.amount is not None]
            comp, cell = min(options, key=lambda o: abs(o[0].difference))
            chosen = [cell]
    except UnitMismatch:
        return
    if subject.endswith("之和"):
        where = "＋".join(f"“{x.table}”表“{x.row}”行“{x.column}”栏" for x in chosen)
        where = f"各项目支出绩效自评表“{PERF_PROJECT_TOTAL}”行“全年预算数”栏之和（{where}）"
        subject = subject.removesuffix("之和")
    else:
        x = chosen[0]
        where = f"{table_name(form)}“{x.row}”行“{x.column}”栏"
    places = _places(comp.actual, comp.expected) if unit != "%" else places_of([comp.actual, comp.expected])
    shown_unit = unit
    fields = {
        "where": section_words(c),
        "subject": subject,
        "value": fmt_amount(comp.actual, places),
        "unit": shown_unit,
        "cell": where,
        "table_value": f"为{fmt_amount(comp.expected, places)}{shown_unit}",
        "difference": fmt_amount(abs(comp.difference), places),
        "quote": quote(c),
    }
    message = N_PERF_FORM.template.format(**fields)
    rounding = (
        f"{fields['where']}称{subject}{fields['value']}{unit}，{where}{fields['table_value']}，"
        f"相差{fields['difference']}{unit}，在四舍五入尾差范围（±{fmt_tolerance(comp.tolerance, places)}{unit}）内，"
        f"属尾差。原文：“{quote(c)}”"
    )
    plan.judgements.append(
        _identity(
            N_PERF_FORM,
            comp,
            places,
            message=message,
            rounding_message=rounding,
            evidence=[claim_evidence(c)] + [x.evidence() for x in chosen],
        )
    )


def _perf_form_checks(facts: Facts, plan: JudgementPlan) -> None:
    """N-PERF-FORM: the 绩效 section's 全年预算数 / 执行数 / 执行率 against the form they summarise;
    “涉及资金” against the sum of the 项目支出 forms."""
    whole, projects = _perf_forms(facts.d)
    unread: list[Claim] = []
    for c in facts.claims:
        if c.scope != "performance" or c.value is None or c.kind not in ("amount", "completion", "rate"):
            continue
        prefix = c.sentence[: c.start]
        if c.kind == "amount" and _PERF_INVOLVED.search(prefix) and "项目" in c.sentence:
            if not projects:
                unread.append(c)
                continue
            cells = [x for f in projects for x in _form_cells(f, "全年预算数")]
            if cells:
                _perf_compare(plan, c, "涉及资金之和", cells, projects[0])
            continue
        m = _PERF_MEASURE.search(prefix)
        if m is None or (c.kind == "amount" and c.value.unit not in ("万元", "元")):
            continue
        measure = _measure(m.group("word"))
        if "整体支出" in c.sentence[: m.start()] or ("整体支出" in c.section and "项目" not in c.section):
            if not whole:
                if _p_ids(facts.d):
                    _perf_not_evaluated(plan, c, "未读取到部门整体支出绩效自评表，无法核对")
                else:
                    unread.append(c)
                continue
            cells = _form_cells(whole[0], measure)
            if cells:
                _perf_compare(plan, c, f"部门整体支出{measure}", cells, whole[0])
            continue
        said = claimed_project(c.sentence)
        if len(said) < 2:
            continue
        if not projects:
            if _p_ids(facts.d):
                _perf_not_evaluated(plan, c, f"未读取到“{said}”的项目支出绩效自评表，无法核对")
            else:
                unread.append(c)
            continue
        scored = sorted(
            ((name_overlap(said, perf_project_name(f.title)), f) for f in projects), key=lambda x: -x[0]
        )
        best, form = scored[0]
        runner = scored[1][0] if len(scored) > 1 else Decimal(0)
        if best < PERF_NAME_OVERLAP or best - runner < PERF_NAME_MARGIN:
            _perf_not_evaluated(
                plan, c, f"无法可靠对应到项目支出绩效自评表（“{said}”与各表表名的字符重合度不足），未核对"
            )
            continue
        cells = _form_cells(form, measure)
        if cells:
            _perf_compare(plan, c, f"“{said}”{measure}", cells, form)
    if unread:
        first = unread[0]
        _perf_not_evaluated(
            plan, first, f"绩效表未解析，无法核对“{N_PERF_FORM.title}”（共{len(unread)}个数）"
        )


def _p_ids(d: Disclosure) -> set[str]:
    return {tid for tid in d.tables if tid.startswith("P")}


def applies(disclosure: Disclosure) -> bool:
    """Narrative checks run on any document with claims (决算 or unknown; budgets have their own wording)."""
    return bool(disclosure.claims) and disclosure.kind != "budget"


def plan(disclosure: Disclosure) -> JudgementPlan:
    """Every narrative check of one document."""
    out = JudgementPlan()
    if not applies(disclosure):
        return out
    facts = Facts(disclosure)
    for step in (
        _amount_checks,
        _nil_checks,
        _share_checks,
        _growth_checks,
        _completion_checks,
        _direction_checks,
        _consistency_checks,
        _balance_checks,
        _list_checks,
        _count_checks,
        _share_100_checks,
        _scope_checks,
        _perf_form_checks,
        _carryover_checks,
        _item_list_checks,
        _copy_text_checks,
        _unit_scope_checks,
        _unit_change_checks,
    ):
        step(facts, out)
    return out


__all__ = ["NARRATIVE_RULES", "NarrativeCheck", "plan"]
