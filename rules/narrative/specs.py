"""The rules of the narrative family, declared (id, title, severity, rationale, examples, message
templates); the order of declaration is the catalog's order within the family."""

from __future__ import annotations

from rules import identities
from rules.catalog import RuleSpec, define_rule

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
# The percentage rules (N-SHARE, N-GROWTH, N-COMPLETION) are declared as data in
# rules/identities/narrative_rates.toml and decided by rules compiled from the declarations
# (rules/identities/percentages.py); loading them registers their catalog entries here, in order.
_DECLARED = {d.id: d.spec for d in identities.load_packaged()}
N_SHARE = _DECLARED["N-SHARE"]
N_GROWTH = _DECLARED["N-GROWTH"]
N_COMPLETION = _DECLARED["N-COMPLETION"]
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
    fires="支出决算3.60万元，比上年增加0.40万元，下降10.00%。",
    silent="支出决算3.60万元，比上年减少0.40万元，下降10.00%。",
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
    rounding_template="{where}称{subject}{value}{unit}，而{other_where}称{other_value}{unit}，相差{difference}{unit}，在四舍五入尾差范围内，属尾差。原文：“{quote}”",
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
    rounding_template="{where}称{left}{left_value}{unit}，{right}{right_value}{unit}，在四舍五入尾差范围内（相差{difference}{unit}）。原文：“{quote}”",
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
    rounding_template="{where}称{total}{value}{unit}，而{parts}之和为{expected}{unit}，相差{difference}{unit}，在四舍五入尾差范围（±{tolerance}{unit}）内，属尾差。原文：“{quote}”",
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
    rounding_template="{where}称{total}{value}{unit}，其中{parts}合计{expected}{unit}，相差{difference}{unit}，在四舍五入尾差范围（±{tolerance}{unit}）内，属尾差。原文：“{quote}”",
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
