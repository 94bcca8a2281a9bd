"""Identities between tables of one document (表间勾稽), for 决算 and 预算 table sets.

Every rule is declared once below and compares printed cells of two (or more) tables through a
`rules.judgements.Equality` (two sides that must be equal) or `Bound` (a part that cannot exceed
its whole). A cell that is not printed counts as an exact 0, because across tables a blank
opposite a figure *is* the discrepancy — except for the subtotal rows (本年收入合计, 本年支出合计):
a blank subtotal is TAB-BLANK-TOTAL's finding, and the comparison is then made row by row.

Conditional identities say their condition in the message: 02表 = 03表 per 科目 holds only when
the document has no carry-over; 03表 = 05表 (+ 07/08表) per 科目 only when all of the unit's money
is 财政拨款 (01/02表 show no other income); otherwise only ``05 ≤ 03`` is checked. When 03 − 05 is
exactly the non-fiscal carry-over 01表 shows above 04表 (rules/carryover.py), the one cause is
X-NONFISCAL-CARRY's finding and 01 = 04, 03 = 05 are checked as bounds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from ingest.model import Disclosure, Row, Table, format_amount
from ingest.schema import B09_INCOME, BASIC, FINAL_ACCOUNT_TABLES, PROJECT, TOTAL, normalise_label
from rules.arithmetic import applies_to_final_account, read_lane, row_name
from rules.catalog import RuleSpec, define_rule, rule_by_id
from rules.checks import missing_table
from rules.codes import CodeTable, class_name, class_of_label
from rules.findings import Finding, NotEvaluated
from rules.hierarchy import find_row
from rules.identities import equalities as declared_equalities
from rules.judgements import Bound, Equality, JudgementPlan, Ref, Requirement, Side, ref, side
from rules.wording import fmt_amount, row_label, table_name

EQUAL_TEMPLATE = "{left}，但{right}，相差{difference}{unit}。{note}"
BOUND_TEMPLATE = "{left}，大于{right}（前者是后者的一部分），超出{difference}{unit}。{note}"

# ---------------------------------------------------------------------------------------------
# 决算 (公开01–10表)
# ---------------------------------------------------------------------------------------------

X01_02_INCOME = define_rule(
    "X01-02-INCOME",
    title="收入支出决算总表的本年收入合计及各项收入＝收入决算表“合计”行对应栏",
    severity="error",
    family="cross_table",
    tables=("01", "02"),
    needs="公开01表收入方各行；公开02表“合计”行各收入栏",
    rationale="01表收入方与02表合计行是同一组收入的两种列示：本年收入合计、财政拨款收入（三项财政拨款之和）、"
    "上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入应逐项相等。",
    fires="01表本年收入合计 1049.22，02表合计行本年收入合计 1040.00。",
    silent="01表一般公共预算财政拨款收入 200.93 = 02表合计行财政拨款收入 200.93。",
    template=EQUAL_TEMPLATE,
)
# Declared as data (rules/identities/final_01_03.toml), compiled into the ruleset.
X01_03_EXPENSE = rule_by_id("X01-03-EXPENSE")
X01_03_CLASS = define_rule(
    "X01-03-CLASS",
    title="收入支出决算总表支出方各类＝支出决算表同一类（功能分类类级）",
    severity="error",
    family="cross_table",
    tables=("01", "03"),
    needs="公开01表支出方各类行；公开03表各类（类级行，未列类级行时为其下各级科目之和）“本年支出合计”栏",
    rationale="01表支出方按功能分类类级列示的金额应与03表同一类的本年支出合计相等；"
    "一类金额错行、漏列时两表合计仍可能相等，只有逐类核对才能发现。",
    fires="01表“住房保障支出”未填列，而03表 221 住房保障支出（各项之和）8.44。",
    silent="01表卫生健康支出 176.99 = 03表 2101101 + 2101599 + 2101501 = 3.60 + 43.58 + 129.81。",
    template=EQUAL_TEMPLATE,
)
X04_01_INCOME = define_rule(
    "X04-01-INCOME",
    title="财政拨款收入支出决算总表收入方各项财政拨款＝收入支出决算总表对应财政拨款收入",
    severity="error",
    family="cross_table",
    tables=("04", "01"),
    needs="公开04表收入方各项财政拨款及本年收入合计；公开01表收入方三项财政拨款收入",
    rationale="04表收入方即01表收入中的财政拨款部分：一般公共预算、政府性基金预算、国有资本经营预算"
    "财政拨款收入应与01表逐项相等，本年收入合计等于三者之和。",
    fires="04表一般公共预算财政拨款 1269.24，01表一般公共预算财政拨款收入 1296.24。",
    silent="04表一般公共预算财政拨款 2673.01 = 01表 2673.01。",
    template=EQUAL_TEMPLATE,
)
X04_05_CLASS = define_rule(
    "X04-05-CLASS",
    title="财政拨款收入支出决算总表各类（一般公共预算财政拨款栏）＝一般公共预算财政拨款支出决算表同一类",
    severity="error",
    family="cross_table",
    tables=("04", "05"),
    needs="公开04表支出方各类行“一般公共预算财政拨款”栏；公开05表各类“合计”栏",
    rationale="05表按科目列示04表一般公共预算财政拨款支出；逐类核对可发现错行、漏列的类。",
    fires="04表“住房保障支出”未填列，而05表 221 住房保障支出 8.44。",
    silent="04表卫生健康支出 176.37 = 05表 3.60 + 43.58 + 129.19。",
    template=EQUAL_TEMPLATE,
)
# Declared as data (rules/identities/final_04_05.toml), compiled into the ruleset.
X04_05_TOTAL = rule_by_id("X04-05-TOTAL")
X04_FUNDS = define_rule(
    "X04-FUNDS",
    title="财政拨款收入支出决算总表政府性基金、国有资本经营预算财政拨款支出＝07表、08表合计",
    severity="error",
    family="cross_table",
    tables=("04", "07", "08"),
    needs="公开04表“本年支出合计”行政府性基金、国有资本经营预算财政拨款栏；公开07表、08表“合计”行",
    rationale="07表、08表分别按科目列示04表中政府性基金和国有资本经营预算财政拨款支出，合计应相等；"
    "07/08表为空表时，04表相应栏也应为空。",
    fires="04表政府性基金预算财政拨款本年支出 50.00，而07表为空表。",
    silent="04表政府性基金栏为空，07表为空表。",
    template=EQUAL_TEMPLATE,
)
X01_04_CARRY = define_rule(
    "X01-04-CARRY",
    title="年初（年末）财政拨款结转和结余不大于年初（年末）结转和结余；无非财政拨款收入时两者相等",
    severity="error",
    family="cross_table",
    tables=("01", "04", "02"),
    needs="公开01表年初/年末结转和结余、各项收入；公开04表年初/年末财政拨款结转和结余；公开02表合计行",
    rationale="01表的结转和结余包含财政拨款和非财政拨款两部分，04表只列财政拨款部分，故04表不得大于01表；"
    "单位没有任何非财政拨款收入时，其结转结余只能是财政拨款结转结余，两表应相等，"
    "否则04/05/06表漏列了使用结转资金的支出。两表之差的使用额恰为03表超出05表的支出时，"
    "由 X-NONFISCAL-CARRY 一并报告一次，本规则只核对“04表不大于01表”。",
    fires="01表年初结转和结余 0.63，04表年初财政拨款结转和结余未填列，单位只有财政拨款收入。",
    silent="01表、04表年初结转和结余均为 0.02；或均未填列。",
    template=EQUAL_TEMPLATE,
)
X03_05_CODE = define_rule(
    "X03-05-CODE",
    title="支出决算表与一般公共预算财政拨款支出决算表逐科目核对（05表不大于03表；全部为财政拨款时相等）",
    severity="error",
    family="cross_table",
    tables=("03", "05"),
    needs="公开03表、05表各项级科目（无项级时为类级）的本年支出合计/基本支出/项目支出；公开07、08表；公开01、02表收入",
    rationale="05表是03表中一般公共预算财政拨款安排的部分，逐科目不得大于03表；单位没有非财政拨款收入时，"
    "03表每一科目应等于05表（加07、08表）同一科目。03表超出05表的部分恰为01表比04表多出的结转和结余的"
    "使用额时，由 X-NONFISCAL-CARRY 一并报告一次，本规则只核对“05表不大于03表”。",
    fires="单位只有财政拨款收入，03表 2101501 行政运行 129.81，05表 129.19。",
    silent="03表 = 05表 逐行相等；或单位有事业收入，03表 2101550 大于05表。",
    template=EQUAL_TEMPLATE,
)
X02_03_CODE = define_rule(
    "X02-03-CODE",
    title="无结转结余时，收入决算表各科目本年收入＝支出决算表同一科目本年支出",
    severity="error",
    family="cross_table",
    tables=("02", "03"),
    needs="公开02表、03表各项级科目（无项级时为类级）；公开01表结转结余各行",
    rationale="没有年初、年末结转和结余时，每一科目当年收到的资金即当年支出的资金，02表与03表应逐科目相等。",
    fires="01表无结转结余，02表 2101501 69.75，03表 2101501 67.75。",
    silent="02表 = 03表 逐科目相等；或有结转结余（不核对）。",
    template=EQUAL_TEMPLATE,
)
X05_06_BASIC = define_rule(
    "X05-06-BASIC",
    title="一般公共预算财政拨款支出决算表基本支出合计＝基本支出决算明细表人员经费合计＋公用经费合计",
    severity="error",
    family="cross_table",
    tables=("05", "06"),
    needs="公开05表“合计”行“基本支出”栏；公开06表人员经费合计、公用经费合计（未列时为各经济分类类级之和）",
    rationale="06表按经济分类列示05表的一般公共预算财政拨款基本支出，两表合计应相等。",
    fires="05表基本支出 157.98，06表人员经费 120.61 + 公用经费 36.76 = 157.37。",
    silent="05表基本支出 888.32 = 652.05 + 236.27。",
    template=EQUAL_TEMPLATE,
)
X06_05_SOCIAL = define_rule(
    "X06-05-SOCIAL",
    title="基本支出明细表的社会保险缴费、住房公积金应列入对应功能分类科目",
    severity="warning",
    family="cross_table",
    tables=("06", "05"),
    needs="公开06表 30108/30109/30110/30111/30113；公开05表 2080505/2080506/2101101–2101103/2210201",
    rationale="单位缴纳的基本养老保险（30108）、职业年金（30109）、医疗保险（30110、30111）、住房公积金（30113）"
    "在功能分类中应分别列入 2080505、2080506、21011、2210201 等科目；经济分类有数而对应功能科目没有，"
    "说明这些支出被并入了其他科目（如 2101550 事业运行），功能分类不准确。",
    fires="06表 30113 住房公积金 55.31，05表无 2210201 住房公积金。",
    silent="06表 30108 10.75，05表 2080505 10.75。",
    template="{left}，但{right}；应列入对应功能分类科目。",
)
X09_06_THREE_PUBLIC = define_rule(
    "X09-06-THREE-PUBLIC",
    title="“三公”经费决算数不小于基本支出决算明细表对应经济科目（无项目支出时相等）",
    severity="error",
    family="cross_table",
    tables=("09", "06"),
    needs="公开09表“决算数”行各项；公开06表 30212、30217、30231、31013；公开05表项目支出",
    rationale="09表“三公”经费含财政拨款安排的全部基本支出和项目支出，06表只含一般公共预算财政拨款基本支出，"
    "故06表因公出国（境）费、公务接待费、公务用车运行维护费、公务用车购置不得大于09表对应决算数；"
    "单位没有财政拨款项目支出时两者应相等。",
    fires="06表 30217 公务接待费 1.50，09表公务接待费决算数 1.14。",
    silent="06表 30231 1.80 = 09表公务用车运行维护费 1.80。",
    template=BOUND_TEMPLATE,
)
X09_06_MEETING = define_rule(
    "X09-06-MEETING",
    title="会议费、培训费决算数不小于基本支出决算明细表 30215 会议费、30216 培训费",
    severity="warning",
    family="cross_table",
    tables=("09", "06"),
    needs="公开09表“决算数”行会议费、培训费栏；公开06表 30215、30216",
    rationale="“三公”经费表含会议费、培训费的模板（如“财政拨款‘三公’经费及会议费、培训费支出决算表”）中，"
    "会议费、培训费决算数含基本支出和项目支出，不得小于06表基本支出中的会议费、培训费。"
    "只在该模板下启用（规则配置文件）。",
    fires="06表 30216 培训费 3.00，09表培训费决算数 1.20。",
    silent="06表 30215 会议费 0.10 ≤ 09表会议费 0.10。",
    template=BOUND_TEMPLATE,
    enabled=False,
)
X10_06_AGENCY = define_rule(
    "X10-06-AGENCY",
    title="机关运行经费不大于基本支出决算明细表公用经费合计",
    severity="error",
    family="cross_table",
    tables=("10", "06"),
    needs="公开10表“机关运行经费”各行；公开06表公用经费合计",
    rationale="机关运行经费是行政单位和参公事业单位一般公共预算财政拨款基本支出中的公用经费，"
    "不可能大于06表公用经费合计。",
    fires="10表机关运行经费 212.45，06表公用经费合计 36.76。",
    silent="10表机关运行经费为空（事业单位）。",
    template=BOUND_TEMPLATE,
)
XP_EXEC_FINAL = define_rule(
    "XP-EXEC-FINAL",
    title="绩效自评表执行数与决算表一致（整体支出执行数＝本年支出；各任务、项目执行数＝对应支出）",
    severity="error",
    family="cross_table",
    tables=("P", "03", "05", "06"),
    needs="部门整体支出绩效自评表“金额合计”“任务N”的全年执行数；项目支出绩效自评表“年度资金总额”全年执行数；"
    "公开03/05表“合计”行及项级科目行，公开06表人员经费合计、公用经费合计",
    rationale="绩效自评表的执行数来源于决算。部门整体支出表“金额合计”全年执行数（财政拨款栏，未填时为总额栏）"
    "应等于本年支出合计（财政拨款对05表“合计”，总额对03表“合计”）；任务名称为人员经费/工资福利、公用经费/日常运转、"
    "基本支出、项目支出/专项的，其执行数应分别等于06表人员经费合计、公用经费合计，05表（或03表）基本支出、项目支出；"
    "任务名称与金额指向不同口径（如名为人员经费、金额却与基本支出相近）时，两者都在结论中写明。"
    "项目支出表只在项目能可靠对应到一个项级科目（科目名称与项目名称相同，或情况说明逐项说明中原样写出项目名称），"
    "且该科目只列项目支出时，才核对其执行数＝该科目项目支出；一个科目常含多个项目或基本支出（如“其他……支出”），"
    "按名称相近对应会误报，故其余项目不核对。绩效表未解析时报告为“未评估”。",
    fires="整体支出绩效自评表任务1（人员经费）883.32，而05表基本支出 888.32、06表人员经费 652.05。",
    silent="绩效自评表执行数合计 1049.22 = 05表合计 1049.22。",
    template=EQUAL_TEMPLATE,
)
XP_UNIT_COST = define_rule(
    "XP-UNIT-COST",
    title="绩效自评表数量×标准＝金额（如参保人数×补助标准＝补助资金）",
    severity="warning",
    family="cross_table",
    tables=("P",),
    needs="绩效自评表数量指标、成本指标与资金数",
    rationale="绩效指标中的人数、标准和资金应相互印证。当前版本未解析绩效表格，本规则报告为“未评估”。",
    fires="30000 人 × 64 元 = 192 万元，而资金总额 1920 万元。",
    silent="17820 人 × 64 元 = 114.048 万元 = 执行数 114.048。",
    template=EQUAL_TEMPLATE,
)

# ---------------------------------------------------------------------------------------------
# 预算 (B01–B13)
# ---------------------------------------------------------------------------------------------

XB01_02_INCOME = define_rule(
    "XB01-02-INCOME",
    title="预算收支总表收入方各项＝预算收入总表“合计”行对应栏",
    severity="error",
    family="cross_table",
    tables=("B01", "B02"),
    needs="预算收支总表收入方各行；预算收入总表“合计”行",
    rationale="收入总表按科目列示收支总表的收入：本年收入合计、一般公共预算、政府性基金预算、国有资本经营预算、"
    "财政专户管理资金、单位资金、上年结转应逐项相等。",
    fires="收支总表本年收入合计 4171.35，收入总表合计 4117.35。",
    silent="收支总表一般公共预算 4171.35 = 收入总表合计行一般公共预算 4171.35。",
    template=EQUAL_TEMPLATE,
)
XB01_03_EXPENSE = define_rule(
    "XB01-03-EXPENSE",
    title="预算收支总表支出方本年支出合计及各类＝预算支出总表合计及同一类",
    severity="error",
    family="cross_table",
    tables=("B01", "B03"),
    needs="预算收支总表支出方各类及本年支出合计（合计栏）；预算支出总表各类“合计”栏",
    rationale="支出总表按科目列示收支总表的支出，合计与各类应相等。",
    fires="收支总表卫生健康支出 4597.04，支出总表 210 卫生健康支出 4579.04。",
    silent="收支总表本年支出合计 4597.04 = 支出总表合计 4597.04。",
    template=EQUAL_TEMPLATE,
)
XB04_05_GENERAL = define_rule(
    "XB04-05-GENERAL",
    title="财政拨款收支总表一般公共预算＝一般公共预算支出预算表合计（不含上年结转时比当年拨款）",
    severity="error",
    family="cross_table",
    tables=("B04", "B05"),
    needs="财政拨款收支总表一般公共预算（收入方当年拨款或支出方本年支出合计）；一般公共预算支出预算表合计",
    rationale="一般公共预算支出表列示财政拨款收支总表中一般公共预算的支出；表题注明“不含上年结转”时"
    "应等于当年一般公共预算拨款。",
    fires="收支总表一般公共预算 4171.35，一般公共预算支出表合计 4170.35。",
    silent="4171.35 = 4171.35。",
    template=EQUAL_TEMPLATE,
)
XB05_06_BASIC = define_rule(
    "XB05-06-BASIC",
    title="一般公共预算支出预算表基本支出合计＝基本支出分经济科目表合计",
    severity="error",
    family="cross_table",
    tables=("B05", "B06"),
    needs="一般公共预算支出预算表“合计”行“基本支出”栏；基本支出表“合计”行",
    rationale="基本支出表按经济分类列示一般公共预算基本支出，合计应相等。",
    fires="基本支出 485.06，基本支出表合计 458.06。",
    silent="485.06 = 485.06。",
    template=EQUAL_TEMPLATE,
)
XB03_12_PROJECT = define_rule(
    "XB03-12-PROJECT",
    title="预算支出总表项目支出合计＝项目支出预算表（本年预算＋上年结转）合计",
    severity="error",
    family="cross_table",
    tables=("B03", "B12", "B13"),
    needs="预算支出总表“合计”行“项目支出”栏；项目支出预算表（本年预算、上年结转）首行或合计行",
    rationale="项目支出表逐项列示预算项目支出，其合计应等于支出总表的项目支出。",
    fires="支出总表项目支出 4111.98，项目表 3686.29 + 452.69。",
    silent="4111.98 = 3686.29 + 425.69。",
    template=EQUAL_TEMPLATE,
)
XB10_06_THREE_PUBLIC = define_rule(
    "XB10-06-THREE-PUBLIC",
    title="“三公”经费预算数不小于基本支出表对应经济科目",
    severity="error",
    family="cross_table",
    tables=("B10", "B06"),
    needs="“三公”经费支出预算表各项合计；基本支出分经济科目表公务接待费、公务用车运行维护费、因公出国（境）费用",
    rationale="“三公”经费预算含基本支出和项目支出安排，基本支出表中的对应科目是其一部分，不得更大。",
    fires="基本支出表公务接待费 0.50，“三公”表公务接待费 0.22。",
    silent="0.22 ≤ 0.22；4.00 ≤ 4.00。",
    template=BOUND_TEMPLATE,
)
XB11_06_AGENCY = define_rule(
    "XB11-06-AGENCY",
    title="机关运行经费预算不大于基本支出表公用经费合计",
    severity="error",
    family="cross_table",
    tables=("B11", "B06"),
    needs="机关运行经费表合计；基本支出分经济科目表“合计”行“公用经费”栏",
    rationale="机关运行经费是基本支出中的公用经费部分，不得大于公用经费合计。",
    fires="机关运行经费 40.00，公用经费 29.12。",
    silent="机关运行经费表为空表。",
    template=BOUND_TEMPLATE,
)
XB01_09_CAPITAL = define_rule(
    "XB01-09-CAPITAL",
    title="预算收支总表收入方国有资本经营预算＝国有资本经营预算收支预算表收入方合计",
    severity="error",
    family="cross_table",
    tables=("B01", "B09"),
    needs="预算收支总表收入方“国有资本经营预算”行；国有资本经营预算收支预算表收入方“合计”行（空表按未填列计）",
    rationale="国有资本经营预算收支预算表列示收支总表中国有资本经营预算收入的安排，两者应相等；"
    "收支总表列有国有资本经营预算收入而该表为空表，同样是不一致。",
    fires="收支总表国有资本经营预算 100.00，国有资本经营预算收支预算表为空表。",
    silent="收支总表国有资本经营预算未填列，国有资本经营预算收支预算表为空表。",
    template=EQUAL_TEMPLATE,
)

FINAL_RULES: tuple[RuleSpec, ...] = (
    X01_02_INCOME,
    X01_03_EXPENSE,
    X01_03_CLASS,
    X04_01_INCOME,
    X04_05_CLASS,
    X04_05_TOTAL,
    X04_FUNDS,
    X01_04_CARRY,
    X03_05_CODE,
    X02_03_CODE,
    X05_06_BASIC,
    X06_05_SOCIAL,
    X09_06_THREE_PUBLIC,
    X09_06_MEETING,
    X10_06_AGENCY,
)
XP_PROJECT_AS_BASIC = define_rule(
    "XP-PROJECT-AS-BASIC",
    title="按项目自评的资金在决算表中不应列为基本支出",
    severity="error",
    family="cross_table",
    tables=("P", "05"),
    needs="项目支出绩效自评表的全年执行数；该项目对应的公开05表项级科目（名称一致，或情况说明逐字写明）的基本支出、项目支出",
    rationale="项目支出绩效自评表评价的是项目支出；其资金在公开05表对应科目中全部列为基本支出而项目支出未填列，"
    "说明要么项目资金被错列为基本支出，要么不应按项目填报自评表，“项目支出”口径的占比、执行率随之失真。",
    fires="离休老干部医疗费补助项目绩效自评表全年执行数 100，05表 2101199 基本支出 100.00、项目支出未填列。",
    silent="项目自评表全年执行数 56.52，对应科目项目支出 111.89（含该项目）。",
)
PERFORMANCE_RULES: tuple[RuleSpec, ...] = (XP_EXEC_FINAL, XP_UNIT_COST, XP_PROJECT_AS_BASIC)
BUDGET_RULES: tuple[RuleSpec, ...] = (
    XB01_02_INCOME,
    XB01_03_EXPENSE,
    XB04_05_GENERAL,
    XB05_06_BASIC,
    XB03_12_PROJECT,
    XB10_06_THREE_PUBLIC,
    XB11_06_AGENCY,
    XB01_09_CAPITAL,
)

# 01表 income rows (by words in their label) ↔ 02表 合计 columns.
INCOME_SOURCES = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")
FUND_COLUMNS_04 = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
# 06表 economic items ↔ 09表 三公 columns.
THREE_PUBLIC_ECON: tuple[tuple[tuple[str, ...], str], ...] = (
    (("30212",), "因公出国（境）费"),
    (("30217",), "公务接待费"),
    (("30231",), "公务用车运行维护费"),
    (("31013", "30913"), "公务用车购置费"),
)
MEETING_ECON: tuple[tuple[tuple[str, ...], str], ...] = ((("30215",), "会议费"), (("30216",), "培训费"))
# 06表 economic items ↔ the functional 项 they are booked under.
SOCIAL_ECON_FUNC: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("30108", ("2080505",)),
    ("30109", ("2080506",)),
    ("30110", ("2101101", "2101102")),
    ("30111", ("2101103",)),
    ("30113", ("2210201",)),
)
CODE_COLUMNS_03_05: tuple[tuple[str, str], ...] = (
    ("本年支出合计", TOTAL),
    (BASIC, BASIC),
    (PROJECT, PROJECT),
)
NON_FISCAL_02 = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
# Words of the 绩效 forms in the narrative that make the 绩效 rules relevant.
PERFORMANCE_WORDS = ("绩效自评表", "绩效目标表", "绩效自评结果")


# ---------------------------------------------------------------------------------------------
# Finding the rows
# ---------------------------------------------------------------------------------------------


def lane_row(table: Table, lane: str, match: Callable[[str], bool]) -> Row | None:
    """First top-level row of a lane whose normalised name matches."""
    for r in table.rows:
        if r.lane == lane and not r.parent and match(row_name(r)):
            return r
    return None


def is_carry_in(name: str) -> bool:
    """年初结转和结余 / 年初财政拨款结转和结余 / 上年结转 / 上年财政拨款结转."""
    return name[:2] in ("年初", "上年") and "结转" in name


def is_carry_out(name: str) -> bool:
    """年末结转和结余 / 年末财政拨款结转和结余 / 年终结转."""
    return name[:2] in ("年末", "年终") and "结转" in name


def value_column(table: Table, lane: str, preferred: Sequence[str]) -> str | None:
    """The first of `preferred` that the lane prints somewhere, else the lane's only column."""
    present: set[str] = set()
    for r in table.rows:
        if r.lane == lane:
            present.update(r.cells)
    for c in preferred:
        if c in present:
            return c
    return next(iter(sorted(present)), None) if len(present) == 1 else None


def nonzero(r: Ref | None) -> bool:
    """True when the position prints a non-zero amount."""
    a = r.amount if r is not None else None
    return a is not None and a.value != 0


def t(table: Table) -> str:
    """公开03表 / “…”（B03）."""
    return table_name(table)


def _cell_side(table: Table, row: Row | None, column: str, label: str, lane_word: str = "") -> Side:
    name = row_name(row) if row is not None else label
    return side(f"{t(table)}{lane_word}“{name}”", ref(table, row, column, label))


def equal(
    plan: JudgementPlan,
    rule: RuleSpec,
    left: Side,
    right: Side,
    *,
    skip_blank: bool = False,
    note: str = "",
) -> None:
    """Compare two sides, unless both are blank (or either, with `skip_blank`)."""
    if _zero(left) and _zero(right):
        return  # nothing printed on either side but blanks or zeros: nothing to compare
    if skip_blank and (left.blank() or right.blank()):
        return
    plan.add(Equality(rule, left, right, {"note": note}), left, right)


def _zero(s: Side) -> bool:
    return all(r.amount is None or r.amount.value == 0 for r, _ in s.refs) and s.unreadable() is None


def bound(plan: JudgementPlan, rule: RuleSpec, small: Side, large: Side, note: str = "") -> None:
    """small ≤ large, unless the small side is blank or zero (nothing can exceed)."""
    if _zero(small):
        return
    plan.add(Bound(rule, small, large, {"note": note}, template=BOUND_TEMPLATE), small, large)


# ---------------------------------------------------------------------------------------------
# Conditions
# ---------------------------------------------------------------------------------------------


def has_non_fiscal_money(d: Disclosure) -> bool:
    """True when 01表 or 02表 shows any income (or use of balances) that is not 财政拨款."""
    t01 = d.table("01")
    if t01 is not None:
        for r in t01.rows:
            if r.lane != "income" or r.parent:
                continue
            name = row_name(r)
            if "财政拨款" in name and "非财政拨款" not in name:
                continue
            if "合计" in name or name in ("总计",) or is_carry_in(name):
                continue
            if any(nonzero(ref(t01, r, c)) for c in r.cells):
                return True
    t02 = d.table("02")
    if t02 is not None:
        total = find_row(t02, "合计", "")
        if total is not None and any(nonzero(ref(t02, total, c)) for c in NON_FISCAL_02):
            return True
    return False


def has_carry_over(d: Disclosure) -> bool | None:
    """True when 01表 prints a non-zero 结转结余 / 结余 row; None without 01表."""
    t01 = d.table("01")
    if t01 is None or t01.empty:
        return None
    for r in t01.rows:
        name = row_name(r)
        if ("结转" in name or "结余" in name) and any(nonzero(ref(t01, r, c)) for c in r.cells):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# 决算 rules
# ---------------------------------------------------------------------------------------------


def income_01_02(plan: JudgementPlan, t01: Table, t02: Table) -> None:
    """X01-02-INCOME."""
    rule = X01_02_INCOME
    lane = read_lane(t01, "income")
    total02 = find_row(t02, "合计", "")
    if total02 is None:
        plan.not_evaluated.append(_no_row(rule, t02, "“合计”行"))
        return
    col01 = value_column(t01, "income", ("决算数",)) or "决算数"
    if lane.subtotal is not None:
        equal(
            plan,
            rule,
            _cell_side(t01, lane.subtotal, col01, "本年收入合计", "收入方"),
            side(f"{t(t02)}“合计”行“本年收入合计”栏", ref(t02, total02, "本年收入合计")),
            skip_blank=True,
        )
    fiscal = [r for r in lane.items if "财政拨款" in row_name(r) and "非财政拨款" not in row_name(r)]
    if fiscal:
        left = Side(
            f"{t(t01)}收入方财政拨款收入（" + "、".join(f"“{row_name(r)}”" for r in fiscal) + "之和）",
            [(ref(t01, r, col01), 1) for r in fiscal],
        )
        if len(fiscal) == 1:
            left.text = f"{t(t01)}收入方“{row_name(fiscal[0])}”"
        equal(plan, rule, left, side(f"{t(t02)}“合计”行“财政拨款收入”栏", ref(t02, total02, "财政拨款收入")))
    for source in INCOME_SOURCES:
        row = next((r for r in lane.items if row_name(r) == source or row_name(r).endswith(source)), None)
        if row is None:
            continue
        equal(
            plan,
            rule,
            _cell_side(t01, row, col01, source, "收入方"),
            side(f"{t(t02)}“合计”行“{source}”栏", ref(t02, total02, source)),
        )


def _no_row(rule: RuleSpec, table: Table, what: str) -> NotEvaluated:
    return NotEvaluated(rule.id, f"{t(table)}未识别出{what}，无法核对“{rule.title}”。", table.id)


def class_rows(table: Table, lane: str) -> dict[str, Row]:
    """Rows of a two-sided table's lane that name a functional 类, by code."""
    out: dict[str, Row] = {}
    for r in read_lane(table, lane).items:
        code = class_of_label(r.label or r.key)
        if code is not None and code not in out:
            out[code] = r
    return out


def class_equalities(
    plan: JudgementPlan,
    rule: RuleSpec,
    two_sided: Table,
    column: str,
    codes: CodeTable,
    code_column: str,
) -> None:
    """Each 类 of a two-sided table's expense lane = the same 类 of a code table. A 类 the code
    table has and the two-sided table does not is compared with 0 — unless a row with figures of
    the two-sided table could not be named as a 类 (it may be that one): then not evaluated."""
    rows = class_rows(two_sided, "expense")
    unnamed = [
        r
        for r in read_lane(two_sided, "expense").items
        if class_of_label(r.label or r.key) is None and any(nonzero(ref(two_sided, r, c)) for c in r.cells)
    ]
    for code in sorted(set(rows) | set(codes.classes())):
        row = rows.get(code)
        if row is None and unnamed:
            plan.not_evaluated.append(
                NotEvaluated(
                    rule.id,
                    f"{t(two_sided)}支出方“{row_name(unnamed[0])}”行未能识别为功能分类类级科目，"
                    f"无法核对{t(codes.table)}“{code} {class_name(code)}”。",
                    two_sided.id,
                )
            )
            continue
        refs = codes.refs(code, code_column)
        left = side(
            f"{t(two_sided)}支出方“{row_name(row) if row is not None else class_name(code)}”"
            + ("" if row is not None else "（表中无此行）"),
            ref(two_sided, row, column, class_name(code)),
        )
        right = Side(_describe(codes, code, refs), [(r, 1) for r in refs])
        equal(plan, rule, left, right)


def expense_01_03(plan: JudgementPlan, t01: Table, t03: Table, c03: CodeTable) -> None:
    """X01-03-CLASS (X01-03-EXPENSE is declared as data: rules/identities/final_01_03.toml)."""
    col01 = value_column(t01, "expense", ("决算数",)) or "决算数"
    class_equalities(plan, X01_03_CLASS, t01, col01, c03, "本年支出合计")


def income_04_01(plan: JudgementPlan, t04: Table, t01: Table) -> None:
    """X04-01-INCOME: each fund's appropriation income, and 本年收入合计 = Σ fiscal income of 01."""
    rule = X04_01_INCOME
    col04 = value_column(t04, "income", ("决算数",)) or "决算数"
    col01 = value_column(t01, "income", ("决算数",)) or "决算数"
    items01 = read_lane(t01, "income").items
    lane04 = read_lane(t04, "income")
    fiscal01: list[Row] = []
    for fund in FUNDS:
        r04 = next((r for r in lane04.items if fund in row_name(r)), None)
        r01 = next((r for r in items01 if fund in row_name(r) and "财政拨款" in row_name(r)), None)
        if r01 is not None:
            fiscal01.append(r01)
        if r04 is None or r01 is None:
            continue
        equal(
            plan,
            rule,
            _cell_side(t04, r04, col04, fund, "收入方"),
            _cell_side(t01, r01, col01, fund, "收入方"),
        )
    if lane04.subtotal is not None and fiscal01:
        right = Side(f"{t(t01)}收入方三项财政拨款收入之和", [(ref(t01, r, col01), 1) for r in fiscal01])
        equal(
            plan,
            rule,
            _cell_side(t04, lane04.subtotal, col04, "本年收入合计", "收入方"),
            right,
            skip_blank=True,
        )


def expense_04_05(plan: JudgementPlan, t04: Table, t05: Table, c05: CodeTable) -> None:
    """X04-05-CLASS on the 一般公共预算财政拨款 column of 04表 (X04-05-TOTAL is declared as data:
    rules/identities/final_04_05.toml)."""
    col = value_column(t04, "expense", ("一般公共预算财政拨款", TOTAL))
    if col is None:
        plan.not_evaluated.append(_no_row(X04_05_CLASS, t04, "支出方“一般公共预算财政拨款”栏"))
        return
    class_equalities(plan, X04_05_CLASS, t04, col, c05, TOTAL)


def funds_04(plan: JudgementPlan, d: Disclosure, t04: Table) -> None:
    """X04-FUNDS: 04表 政府性基金 / 国有资本经营 columns = 07/08表 合计."""
    lane = read_lane(t04, "expense")
    if lane.subtotal is None:
        return
    for column, tid in (("政府性基金预算财政拨款", "07"), ("国有资本经营预算财政拨款", "08")):
        other = d.table(tid)
        if other is None:
            continue
        total = find_row(other, "合计", "")
        right = side(f"{t(other)}“合计”行", ref(other, total, TOTAL, "合计"))
        left = side(f"{t(t04)}支出方“本年支出合计”行“{column}”栏", ref(t04, lane.subtotal, column))
        equal(plan, X04_FUNDS, left, right)


def carry_01_04(plan: JudgementPlan, d: Disclosure, t01: Table, t04: Table, explained: bool = False) -> None:
    """X01-04-CARRY: 04 ≤ 01 for 年初 and 年末; equal when the unit has no non-fiscal money (and
    the figures do not read as non-fiscal carry-over spent, `explained`: X-NONFISCAL-CARRY's)."""
    rule = X01_04_CARRY
    only_fiscal = not has_non_fiscal_money(d) and not explained
    note = (
        "本单位01表、02表未列任何非财政拨款收入，结转和结余应全部为财政拨款结转和结余。"
        if only_fiscal
        else ""
    )
    for lane, is_carry, word in (("income", is_carry_in, "年初"), ("expense", is_carry_out, "年末")):
        r01 = lane_row(t01, lane, is_carry)
        r04 = lane_row(t04, lane, is_carry)
        if r01 is None or r04 is None:
            continue
        col01 = value_column(t01, lane, ("决算数",)) or "决算数"
        col04 = value_column(t04, lane, ("决算数", TOTAL)) or "决算数"
        s04 = _cell_side(
            t04, r04, col04, f"{word}财政拨款结转和结余", "收入方" if lane == "income" else "支出方"
        )
        s01 = _cell_side(t01, r01, col01, f"{word}结转和结余", "收入方" if lane == "income" else "支出方")
        if only_fiscal:
            equal(plan, rule, s04, s01, note=note)
        else:
            bound(plan, rule, s04, s01)


def _describe(ct: CodeTable, code: str, refs: list[Ref], column: str | None = None) -> Callable[[], str]:
    """The wording of a code's value in a table, written only when a finding needs it."""
    return lambda: ct.describe(code, refs) + (f"“{column}”栏" if column else "")


def _describe_all(named: list[tuple[CodeTable, list[Ref]]], code: str, column: str) -> Callable[[], str]:
    return lambda: "＋".join(ct.describe(code, refs) for ct, refs in named) + f"“{column}”栏"


def _leaf_length(*tables: CodeTable) -> int:
    return 7 if all(c.has_level(7) for c in tables) else 3


def codes_03_05(
    plan: JudgementPlan, d: Disclosure, c03: CodeTable, c05: CodeTable, explained: bool = False
) -> None:
    """X03-05-CODE per 项 (or 类): bound 05 ≤ 03; 03 = 05 + 07 + 08 when all money is fiscal (and
    03 − 05 is not read as non-fiscal carry-over spent, `explained`: X-NONFISCAL-CARRY's)."""
    rule = X03_05_CODE
    others = [CodeTable.of(tb) for tid in ("07", "08") if (tb := d.table(tid)) is not None and not tb.empty]
    only_fiscal = not has_non_fiscal_money(d) and not explained
    length = _leaf_length(c03, c05)
    codes = {
        c[:length]
        for ct in (c03, c05, *(others if only_fiscal else []))
        for c in ct.codes()
        if len(c) >= length
    }
    note = (
        "本单位无非财政拨款收入，支出决算表应等于财政拨款支出决算表（05、07、08表）。" if only_fiscal else ""
    )
    for code in sorted(codes):
        for col03, col05 in CODE_COLUMNS_03_05:
            refs03 = c03.refs(code, col03)
            refs05 = c05.refs(code, col05)
            left = Side(_describe(c03, code, refs03, col03), [(r, 1) for r in refs03])
            if only_fiscal:
                parts = [(r, 1) for r in refs05]
                named = [(c05, refs05)]
                for o in others:
                    o_refs = o.refs(code, col05)
                    if o_refs:
                        parts += [(r, 1) for r in o_refs]
                        named.append((o, o_refs))
                right = Side(_describe_all(named, code, col05), parts)
                equal(plan, rule, left, right, note=note)
            else:
                right = Side(_describe(c05, code, refs05, col05), [(r, 1) for r in refs05])
                bound(plan, rule, right, left)


def codes_02_03(plan: JudgementPlan, d: Disclosure, c02: CodeTable, c03: CodeTable) -> None:
    """X02-03-CODE: per 项 (or 类), only when 01表 shows no carry-over."""
    if has_carry_over(d) is not False:
        return
    length = _leaf_length(c02, c03)
    codes = {c[:length] for ct in (c02, c03) for c in ct.codes() if len(c) >= length}
    note = "01表无结转和结余，各科目本年收入应等于本年支出。"
    for code in sorted(codes):
        refs02 = c02.refs(code, "本年收入合计")
        refs03 = c03.refs(code, "本年支出合计")
        equal(
            plan,
            X02_03_CODE,
            Side(_describe(c02, code, refs02, "本年收入合计"), [(r, 1) for r in refs02]),
            Side(_describe(c03, code, refs03, "本年支出合计"), [(r, 1) for r in refs03]),
            note=note,
        )


def basic_05_06(plan: JudgementPlan, t05: Table, c05: CodeTable, t06: Table) -> None:
    """X05-06-BASIC."""
    if c05.total is None:
        return
    personnel = find_row(t06, "人员经费合计", "personnel")
    operating = find_row(t06, "公用经费合计", "operating")
    col = "决算数"
    if (
        personnel is not None
        and operating is not None
        and (ref(t06, personnel, col).amount is not None or ref(t06, operating, col).amount is not None)
    ):
        right = Side(
            f"{t(t06)}“人员经费合计”＋“公用经费合计”",
            [(ref(t06, personnel, col), 1), (ref(t06, operating, col), 1)],
        )
    else:
        classes = [r for r in t06.rows if r.code and len(r.code) == 3 and r.domain == "econ"]
        if not classes:
            plan.not_evaluated.append(
                _no_row(X05_06_BASIC, t06, "人员经费合计、公用经费合计或经济分类类级行")
            )
            return
        right = Side(f"{t(t06)}各经济分类类级之和", [(ref(t06, r, col), 1) for r in classes])
    equal(plan, X05_06_BASIC, side(f"{t(t05)}“合计”行“基本支出”栏", ref(t05, c05.total, BASIC)), right)


def econ_rows(t06: Table) -> dict[str, Row]:
    """06表 rows by economic code."""
    return {r.code: r for r in t06.rows if r.code and r.domain in ("econ", None)}


def social_06_05(plan: JudgementPlan, t06: Table, c05: CodeTable) -> None:
    """X06-05-SOCIAL: an economic social-insurance item with figures needs its functional 项."""
    rows = econ_rows(t06)
    for econ, funcs in SOCIAL_ECON_FUNC:
        r06 = rows.get(econ)
        if r06 is None or not nonzero(ref(t06, r06, "决算数")):
            continue
        refs = [x for f in funcs for x in c05.refs(f, TOTAL)]
        ok = any(nonzero(x) for x in refs)
        amount = ref(t06, r06, "决算数").amount
        assert amount is not None
        shown = fmt_amount(amount.value, amount.decimals)
        names = "、".join(funcs)
        message = (
            f"{t(t06)}“{r06.key}”为{shown}{amount.unit}，但{t(c05.table)}未列对应功能分类科目{names}；"
            "单位缴纳的社会保险费、住房公积金应列入对应功能分类科目，而不是并入其他科目。"
        )
        evidence = [ref(t06, r06, "决算数").evidence()] + [x.evidence() for x in refs]
        plan.judgements.append(
            Requirement(X06_05_SOCIAL, ok, message, evidence, "06", expected=shown, actual="（未列）")
        )


def three_public_09_06(plan: JudgementPlan, d: Disclosure, t09: Table, t06: Table) -> None:
    """X09-06-THREE-PUBLIC: 06 items ≤ 09 决算数; equal without 财政拨款 project spending."""
    final = next((r for r in t09.rows if row_name(r) == "决算数"), None)
    if final is None:
        return
    t05 = d.table("05")
    no_project = False
    if t05 is not None:
        total05 = CodeTable.of(t05).total
        no_project = (
            total05 is not None
            and not nonzero(ref(t05, total05, PROJECT))
            and all((o := d.table(tid)) is None or o.empty for tid in ("07", "08"))
        )
    rows = econ_rows(t06)
    printed09 = {c for r in t09.rows for c in r.cells} | set(t09.columns)
    for rule, pairs in ((X09_06_THREE_PUBLIC, THREE_PUBLIC_ECON), (X09_06_MEETING, MEETING_ECON)):
        for econs, column in pairs:
            items = [rows[e] for e in econs if e in rows]
            if not items or (rule is X09_06_MEETING and column not in printed09):
                continue
            small = Side(
                f"{t(t06)}" + "＋".join(f"“{r.key}”" for r in items),
                [(ref(t06, r, "决算数"), 1) for r in items],
            )
            large = side(f"{t(t09)}“决算数”行“{column}”栏", ref(t09, final, column))
            if no_project:
                equal(plan, rule, small, large, note="本单位无财政拨款项目支出，该项应全部来自基本支出。")
            else:
                bound(plan, rule, small, large)


def agency_10_06(plan: JudgementPlan, t10: Table, t06: Table) -> None:
    """X10-06-AGENCY."""
    rows = [
        r
        for r in t10.rows
        if (r.parent or "").startswith("机关运行经费") or row_name(r).startswith("机关运行经费")
    ]
    total = next((r for r in rows if "合计" in row_name(r) or row_name(r).startswith("机关运行经费")), None)
    use = [total] if total is not None else rows
    if not use:
        return
    operating = find_row(t06, "公用经费合计", "operating")
    if operating is None:
        return
    small = Side(
        f"{t(t10)}机关运行经费（" + "、".join(f"“{row_name(r)}”" for r in use) + "）",
        [(ref(t10, r, "统计数"), 1) for r in use],
    )
    bound(plan, X10_06_AGENCY, small, side(f"{t(t06)}“公用经费合计”", ref(t06, operating, "决算数")))


# ---------------------------------------------------------------------------------------------
# 绩效自评表 (tables “P01”, “P02”, …) against the 决算 tables
# ---------------------------------------------------------------------------------------------

# Words of a 部门整体支出 task name → the 决算 concept it names (the first match wins).
TASK_CONCEPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("personnel", ("人员经费", "工资福利", "人员支出")),
    ("operating", ("公用经费", "日常运转", "日常公用", "运转经费")),
    ("basic", ("基本支出", "基本经费")),
    ("project", ("项目支出", "专项", "项目经费")),
)
CONCEPT_WORDS = {
    "personnel": "人员经费",
    "operating": "公用经费",
    "basic": "基本支出",
    "project": "项目支出",
    "total": "本年支出合计",
}
# A task's amount points to another concept than its name says when it lies within this share of
# that concept's amount while it misses the named concept's amount by more than MISNAMED_SHARE.
POINTS_TO_SHARE = Decimal("0.02")
MISNAMED_SHARE = Decimal("0.10")
WHOLE_TOTAL = "金额合计"
PROJECT_TOTAL = "年度资金总额"
MIN_COMMON = 5  # characters a 情况说明 item must share with a project's name to name it
EXECUTED = "全年执行数"
_TASK_LABEL = re.compile(r"^任务\d+（(?P<name>.+)）$")
# Printed around a project's name in a form title (“县级离休老干部医疗费补助项目绩效自评表”).
_TITLE_PREFIX = re.compile(r"^(?:\d{4}年度?)?(?:[省市县区]级|本级)?")
_TITLE_SUFFIX = re.compile(r"(?:项目)?(?:支出)?绩效自评表$")
# Shortest project name looked for verbatim in the 情况说明.
MIN_PROJECT_NAME = 4


def is_whole_form(table: Table) -> bool:
    """A 部门整体支出绩效自评表: money columns split into 总额/财政拨款/其他资金, or one 全年执行数
    column with a “金额合计” row (templates that print the total only)."""
    if not table.id.startswith("P"):
        return False
    if any(c.startswith(f"{EXECUTED}/") for c in table.columns):
        return True
    return EXECUTED in table.columns and table.row(WHOLE_TOTAL) is not None


def is_project_form(table: Table) -> bool:
    """A 项目支出绩效自评表 (rows 年度资金总额 …, one 全年执行数 column)."""
    return table.id.startswith("P") and EXECUTED in table.columns and table.row(PROJECT_TOTAL) is not None


def task_name(row: Row) -> str:
    """The 任务名称 of a task row (“任务1（人员经费）” → 人员经费), "" when not printed."""
    m = _TASK_LABEL.match(normalise_label(row.label))
    return m.group("name") if m else ""


def task_concept(name: str) -> str | None:
    """The 决算 concept a task name names (personnel, operating, basic, project), if any."""
    for concept, words in TASK_CONCEPTS:
        if any(w in name for w in words):
            return concept
    return None


def common_run(a: str, b: str) -> int:
    """Length of the longest run of characters `a` and `b` share (how a text names a project in
    other words: “离休老干部医药费补助资金” and “离休老干部医疗费补助” share “离休老干部医”)."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def project_name(title: str) -> str:
    """The project a 项目支出 form is about, from its title (“县级离休老干部医疗费补助项目绩效自评表”
    → 离休老干部医疗费补助)."""
    name = _TITLE_SUFFIX.sub("", normalise_label(title))
    return _TITLE_PREFIX.sub("", name)


def _executed(form: Table, row: Row) -> tuple[Ref, bool] | None:
    """The row's 全年执行数 to compare: 财政拨款 when printed (fiscal), else 总额."""
    fiscal = ref(form, row, f"{EXECUTED}/财政拨款")
    if fiscal.amount is not None:
        return fiscal, True
    total = ref(form, row, f"{EXECUTED}/总额")
    if total.amount is not None:
        return total, False
    single = ref(form, row, EXECUTED)
    if single.amount is not None:
        return single, False
    return None


def _targets(d: Disclosure, fiscal: bool) -> dict[str, Side]:
    """The 决算 side of each concept: 财政拨款 → 05/06表, 总额 → 03表 (06表 only without other money)."""
    out: dict[str, Side] = {}
    t05, t03, t06 = d.table("05"), d.table("03"), d.table("06")
    if fiscal:
        total05 = CodeTable.of(t05).total if t05 is not None and not t05.empty else None
        if t05 is not None and total05 is not None:
            out["total"] = side(f"{t(t05)}“合计”行“合计”栏", ref(t05, total05, TOTAL))
            out["basic"] = side(f"{t(t05)}“合计”行“基本支出”栏", ref(t05, total05, BASIC))
            out["project"] = side(f"{t(t05)}“合计”行“项目支出”栏", ref(t05, total05, PROJECT))
    else:
        total03 = CodeTable.of(t03).total if t03 is not None and not t03.empty else None
        if t03 is not None and total03 is not None:
            out["total"] = side(f"{t(t03)}“合计”行“本年支出合计”栏", ref(t03, total03, "本年支出合计"))
            out["basic"] = side(f"{t(t03)}“合计”行“基本支出”栏", ref(t03, total03, BASIC))
            out["project"] = side(f"{t(t03)}“合计”行“项目支出”栏", ref(t03, total03, PROJECT))
    if t06 is not None and not t06.empty and (fiscal or not has_non_fiscal_money(d)):
        for concept, key, lane in (
            ("personnel", "人员经费合计", "personnel"),
            ("operating", "公用经费合计", "operating"),
        ):
            r06 = find_row(t06, key, lane)
            if r06 is not None:
                out[concept] = side(f"{t(t06)}“{key}”", ref(t06, r06, "决算数"))
    return out


def _value(s: Side) -> Decimal | None:
    amounts = s.printed()
    return amounts[0][0].value if len(amounts) == 1 else None


def pointed_concept(amount: Decimal, named: str, targets: dict[str, Side], taken: set[str]) -> str | None:
    """Another concept the amount evidently is (within POINTS_TO_SHARE of it) while it misses the
    named one by more than MISNAMED_SHARE; concepts named by other tasks, and the total, excluded."""
    named_value = _value(targets[named]) if named in targets else None
    if named_value is not None and abs(amount - named_value) <= MISNAMED_SHARE * abs(named_value):
        return None
    best: tuple[Decimal, str] | None = None
    for concept, s in targets.items():
        v = _value(s)
        if concept in taken or concept in (named, "total") or v is None or v <= 0:
            continue
        gap = abs(amount - v)
        if gap <= POINTS_TO_SHARE * v and (best is None or gap < best[0]):
            best = (gap, concept)
    return best[1] if best else None


def whole_form_exec(plan: JudgementPlan, d: Disclosure, form: Table) -> None:
    """XP-EXEC-FINAL on a 部门整体支出 form: 金额合计 and each named task against the 决算 tables."""
    total = form.row(WHOLE_TOTAL)
    if total is not None and (found := _executed(form, total)) is not None:
        cell, fiscal = found
        target = _targets(d, fiscal).get("total")
        if target is not None:
            equal(plan, XP_EXEC_FINAL, side(f"{t(form)}“金额合计”行“{cell.column}”栏", cell), target)
    tasks = [(r, task_name(r)) for r in form.rows if r.key.startswith("任务")]
    concepts = {r.key: task_concept(name) for r, name in tasks}
    for r, name in tasks:
        concept = concepts[r.key]
        found = _executed(form, r)
        if concept is None or found is None:
            continue
        cell, fiscal = found
        targets = _targets(d, fiscal)
        if concept not in targets:
            continue
        left = side(f"{t(form)}“{row_label(r)}”行“{cell.column}”栏", cell)
        taken = {c for k, c in concepts.items() if k != r.key and c is not None}
        assert cell.amount is not None
        other = pointed_concept(cell.amount.value, concept, targets, taken)
        if other is None:
            note = f"任务名称“{name}”对应{CONCEPT_WORDS[concept]}，其执行数应与决算表一致。"
            equal(plan, XP_EXEC_FINAL, left, targets[concept], note=note)
            continue
        named, pointed = targets[concept], targets[other]
        named_word = "" if name == CONCEPT_WORDS[concept] else f"（{CONCEPT_WORDS[concept]}）"
        said = f"{named.text}{_shown_side(named)}，{pointed.text}{_shown_side(pointed)}"
        probe = Equality(XP_EXEC_FINAL, left, pointed)
        if probe.compared.comparison.verdict() == "broken":
            # the amount is the other concept's, mistyped: compare with it, name both
            note = (
                f"该任务名称为“{name}”{named_word}，但所填金额接近{CONCEPT_WORDS[other]}而非"
                f"{CONCEPT_WORDS[concept]}（{said}）：任务名称与金额所指口径不一致，且与{CONCEPT_WORDS[other]}也不相等。"
            )
            compared, cited = pointed, named
        else:
            note = (
                f"所填金额等于{CONCEPT_WORDS[other]}（{said}）：任务名称“{name}”{named_word}与金额所指口径不一致，"
                "应改正任务名称或金额。"
            )
            compared, cited = named, pointed
        check = CitingEquality(
            XP_EXEC_FINAL, left, compared, {"note": note}, cited=[r for r, _ in cited.refs]
        )
        plan.add(check, left, compared)


@dataclass(eq=False, slots=True)
class CitingEquality(Equality):
    """An equality whose finding also cites cells its message names but does not compare."""

    cited: list[Ref] = field(default_factory=list)

    def finding(self, outcome: str) -> Finding | None:
        """The equality's finding, with the cited cells added to its evidence."""
        f = Equality.finding(self, outcome)
        if f is not None:
            f.evidence.extend(r.evidence() for r in self.cited)
        return f


def _shown_side(s: Side) -> str:
    amounts = s.printed()
    if s.blank() or not amounts:
        return "未填列"
    a = amounts[0][0]
    return f"为{format_amount(a)}{a.unit}"


def _project_rows(d: Disclosure, name: str) -> set[str]:
    """Keys of 05表 项级 rows a project is reliably tied to: a row named exactly as the project,
    or the 05表 row of a 情况说明 item whose sentence prints the project's name verbatim."""
    t05 = d.table("05")
    if t05 is None or len(name) < MIN_PROJECT_NAME:
        return set()
    rows = {
        r.key for r in t05.rows if r.code and len(r.code) == 7 and normalise_label(r.label).endswith(name)
    }
    rows |= {
        r.key for r in t05.rows if r.code and len(r.code) == 7 and row_name(r).removeprefix(r.code) == name
    }
    if rows:
        return rows
    for c in d.claims:
        if c.item is None or name not in c.sentence:
            continue
        rows |= {x.row for x in c.refs if x.table == "05" and x.row[:7].isdigit()}
    return rows


def project_form_exec(plan: JudgementPlan, d: Disclosure, forms: list[Table]) -> None:
    """XP-EXEC-FINAL on 项目支出 forms tied reliably to one 项 row that prints only 项目支出."""
    t05 = d.table("05")
    if t05 is None or t05.empty:
        return
    by_row: dict[str, list[Table]] = {}
    for form in forms:
        keys = _project_rows(d, project_name(form.title))
        if len(keys) == 1:
            by_row.setdefault(next(iter(keys)), []).append(form)
        elif not keys:
            row = _amount_tied_row(d, t05, form)
            if row is not None and nonzero(ref(t05, row, BASIC)) and not nonzero(ref(t05, row, PROJECT)):
                _booked_as_basic(plan, t05, row, [form])
    t03 = d.table("03")
    use03 = t03 is not None and not t03.empty and has_non_fiscal_money(d)
    table = t03 if use03 and t03 is not None else t05
    for key, tied in by_row.items():
        r = table.row(key)
        if r is not None and nonzero(ref(table, r, BASIC)) and not nonzero(ref(table, r, PROJECT)):
            _booked_as_basic(plan, table, r, tied)
            continue
        if r is None or nonzero(ref(table, r, BASIC)) or not nonzero(ref(table, r, PROJECT)):
            continue  # the 项 also holds basic spending (or no project): the project is a part of it
        left = Side(
            "＋".join(f"{t(f)}“年度资金总额”行“全年执行数”栏" for f in tied),
            [(ref(f, f.row(PROJECT_TOTAL), EXECUTED), 1) for f in tied],
        )
        right = side(f"{t(table)}“{row_label(r)}”行“项目支出”栏", ref(table, r, PROJECT))
        equal(plan, XP_EXEC_FINAL, left, right, note="该项目对应此科目，项目执行数应等于该科目的项目支出。")


def _amount_tied_row(d: Disclosure, t05: Table, form: Table) -> Row | None:
    """The 05表 项 row of the one 情况说明 item that names the project in other words (a common run
    of at least MIN_COMMON characters: “离休老干部医药费补助资金” for “离休老干部医疗费补助”) and
    whose 决算 equals the form's 全年执行数 — two independent signs, or no tie at all."""
    total = form.row(PROJECT_TOTAL)
    executed = total.amount(EXECUTED) if total is not None else None
    name = project_name(form.title)
    if executed is None or len(name) < MIN_PROJECT_NAME:
        return None
    found: dict[str, Row] = {}
    for c in d.claims:
        if c.item is None:
            continue
        if common_run(name, c.sentence) < MIN_COMMON:
            continue
        for x in c.refs:
            r = t05.row(x.row) if x.table == "05" else None
            if r is None or not r.code or len(r.code) != 7:
                continue
            a = r.amount(TOTAL)
            if a is not None and a.in_yuan() == executed.in_yuan():
                found[r.key] = r
    return next(iter(found.values())) if len(found) == 1 else None


def _booked_as_basic(plan: JudgementPlan, table: Table, r: Row, tied: list[Table]) -> None:
    """XP-PROJECT-AS-BASIC: the project's money executed ≤ the row's 基本支出 while the row prints
    no 项目支出 — the self-evaluated project is booked as basic spending."""
    executed = [(f, f.row(PROJECT_TOTAL)) for f in tied]
    amounts = [row.amount(EXECUTED) for _, row in executed if row is not None]
    basic = r.amount(BASIC)
    if not amounts or any(a is None for a in amounts) or basic is None:
        return
    done = sum((a.in_yuan() for a in amounts if a is not None), Decimal(0))
    if done <= 0:
        return
    forms = "、".join(t(f) for f in tied)
    shown = "＋".join(format_amount(a) for a in amounts if a is not None)
    plan.judgements.append(
        Requirement(
            XP_PROJECT_AS_BASIC,
            False,
            f"{forms}按项目支出自评，全年执行数{shown}万元，而{t(table)}该项目所在的“{row_label(r)}”行"
            f"基本支出{format_amount(basic)}万元、项目支出未填列：项目资金被列为基本支出，"
            "或该项资金不应按项目填报绩效自评表，请核实科目与支出性质。",
            [ref(f, row, EXECUTED).evidence() for f, row in executed if row is not None]
            + [ref(table, r, BASIC).evidence(), ref(table, r, PROJECT).evidence()],
            tied[0].id,
            expected="项目支出",
            actual="基本支出",
        )
    )


def performance(plan: JudgementPlan, d: Disclosure) -> None:
    """XP-EXEC-FINAL on the parsed 绩效自评表; “not evaluated” when the document has forms that
    were not read."""
    forms = [tb for tid, tb in sorted(d.tables.items()) if tid.startswith("P") and not tb.empty]
    if not forms:
        if any(any(w in p.text for w in PERFORMANCE_WORDS) for p in d.paragraphs):
            reason = f"绩效表未解析，无法核对“{XP_EXEC_FINAL.title}”。"
            plan.not_evaluated.append(NotEvaluated(XP_EXEC_FINAL.id, reason, None))
        return
    for form in forms:
        if is_whole_form(form):
            whole_form_exec(plan, d, form)
    project_form_exec(plan, d, [f for f in forms if is_project_form(f)])


def final_account_plan(d: Disclosure) -> JudgementPlan:
    """The 决算 cross-table judgements of one document."""
    plan = JudgementPlan()
    tables = {tid: tb for tid, tb in d.tables.items() if tid in FINAL_ACCOUNT_TABLES}
    for rule in FINAL_RULES:
        for tid in rule.tables:
            spec = FINAL_ACCOUNT_TABLES.get(tid)
            if spec is not None and spec.required and tid not in tables:
                plan.not_evaluated.append(missing_table(rule, tid, spec.title))
                break

    def usable(tid: str) -> Table | None:
        tb = tables.get(tid)
        return tb if tb is not None and not tb.empty else None

    codes = {tid: CodeTable.of(tb) for tid in ("02", "03", "05") if (tb := usable(tid)) is not None}
    t01, t02, t04, t06 = usable("01"), usable("02"), usable("04"), usable("06")
    if t01 is not None and t02 is not None:
        income_01_02(plan, t01, t02)
    if t01 is not None and "03" in codes:
        expense_01_03(plan, t01, codes["03"].table, codes["03"])
    if t04 is not None and t01 is not None:
        income_04_01(plan, t04, t01)
    if t04 is not None and "05" in codes:
        expense_04_05(plan, t04, codes["05"].table, codes["05"])
    # equalities declared as data (rules/identities/*.toml, and an operator's rules path)
    declared_equalities.plan(plan, {tid: tb for tid in tables if (tb := usable(tid)) is not None})
    if t04 is not None:
        funds_04(plan, d, t04)
    # X-NONFISCAL-CARRY reads 01/04/03/05表 together; where its reading fits, 03 = 05 and 01 = 04
    # are its finding, not one error per cell
    explained = carry_plan(plan, d) is not None
    if t01 is not None and t04 is not None:
        carry_01_04(plan, d, t01, t04, explained)
    if "03" in codes and "05" in codes:
        codes_03_05(plan, d, codes["03"], codes["05"], explained)
    if "02" in codes and "03" in codes:
        codes_02_03(plan, d, codes["02"], codes["03"])
    if "05" in codes and t06 is not None:
        basic_05_06(plan, codes["05"].table, codes["05"], t06)
        social_06_05(plan, t06, codes["05"])
    t09 = tables.get("09")
    if t09 is not None and t06 is not None:
        three_public_09_06(plan, d, t09, t06)
    t10 = usable("10")
    if t10 is not None and t06 is not None:
        agency_10_06(plan, t10, t06)
    performance(plan, d)
    return plan


# ---------------------------------------------------------------------------------------------
# 预算 rules
# ---------------------------------------------------------------------------------------------


def budget_income(plan: JudgementPlan, b01: Table, b02: Table) -> None:
    """XB01-02-INCOME."""
    rule = XB01_02_INCOME
    total = find_row(b02, "合计", "")
    if total is None:
        return
    lane = read_lane(b01, "income")
    col = value_column(b01, "income", ("决算数",)) or "决算数"
    income_col = next((c for c in b02.columns if c in ("本年收入", "本年收入合计", TOTAL)), None)
    if lane.subtotal is not None and income_col is not None:
        equal(
            plan,
            rule,
            _cell_side(b01, lane.subtotal, col, "本年收入合计", "收入方"),
            side(f"{t(b02)}“合计”行“{income_col}”栏", ref(b02, total, income_col)),
            skip_blank=True,
        )
    for r in lane.items + lane.adjustments:
        name = row_name(r)
        column = next((c for c in b02.columns if c == name or (is_carry_in(name) and c == "上年结转")), None)
        if column is None:
            continue
        equal(
            plan,
            rule,
            _cell_side(b01, r, col, name, "收入方"),
            side(f"{t(b02)}“合计”行“{column}”栏", ref(b02, total, column)),
        )


def budget_expense(plan: JudgementPlan, b01: Table, c03: CodeTable) -> None:
    """XB01-03-EXPENSE."""
    col = value_column(b01, "expense", (TOTAL, "决算数"))
    if col is None:
        return
    lane = read_lane(b01, "expense")
    if lane.subtotal is not None and c03.total is not None:
        equal(
            plan,
            XB01_03_EXPENSE,
            _cell_side(b01, lane.subtotal, col, "本年支出合计", "支出方"),
            side(f"{t(c03.table)}“合计”行“合计”栏", ref(c03.table, c03.total, TOTAL)),
            skip_blank=True,
        )
    class_equalities(plan, XB01_03_EXPENSE, b01, col, c03, TOTAL)


def budget_general(plan: JudgementPlan, b04: Table, c05: CodeTable) -> None:
    """XB04-05-GENERAL."""
    if c05.total is None:
        return
    right = side(f"{t(c05.table)}“合计”行", ref(c05.table, c05.total, TOTAL))
    without_carry = "不含上年结转" in normalise_label(c05.table.title)
    if without_carry:
        row = lane_row(b04, "income", lambda n: n.startswith("一般公共预算"))
        col = value_column(b04, "income", ("决算数",)) or "决算数"
        if row is not None:
            equal(
                plan,
                XB04_05_GENERAL,
                _cell_side(b04, row, col, "一般公共预算", "收入方"),
                right,
                note="一般公共预算支出表不含上年结转，应等于当年一般公共预算拨款。",
            )
        return
    lane = read_lane(b04, "expense")
    col = value_column(b04, "expense", ("一般公共预算", TOTAL))
    if lane.subtotal is not None and col is not None:
        equal(
            plan,
            XB04_05_GENERAL,
            side(f"{t(b04)}支出方“本年支出合计”行“{col}”栏", ref(b04, lane.subtotal, col)),
            right,
            skip_blank=True,
        )


def budget_basic(plan: JudgementPlan, c05: CodeTable, b06: Table) -> None:
    """XB05-06-BASIC."""
    total = find_row(b06, "合计", "")
    if c05.total is None or total is None:
        return
    equal(
        plan,
        XB05_06_BASIC,
        side(f"{t(c05.table)}“合计”行“基本支出”栏", ref(c05.table, c05.total, BASIC)),
        side(f"{t(b06)}“合计”行", ref(b06, total, TOTAL)),
    )


def project_table_total(table: Table) -> Row | None:
    """The row carrying a 项目支出 table's total: its 合计 row, else its first row (the department
    or unit, under which the projects are listed)."""
    total = next((r for r in table.rows if row_name(r) in ("合计", "总计", "部门合计")), None)
    if total is not None:
        return total
    return table.rows[0] if table.rows else None


def budget_projects(plan: JudgementPlan, c03: CodeTable, b12: Table, b13: Table | None) -> None:
    """XB03-12-PROJECT."""
    if c03.total is None:
        return
    parts: list[tuple[Ref, int]] = []
    names: list[str] = []
    for tb in (b12, b13):
        if tb is None or tb.empty:
            continue
        row = project_table_total(tb)
        if row is None:
            continue
        parts.append((ref(tb, row, TOTAL), 1))
        names.append(f"{t(tb)}“{row_name(row)}”行")
    if not parts:
        return
    equal(
        plan,
        XB03_12_PROJECT,
        side(f"{t(c03.table)}“合计”行“项目支出”栏", ref(c03.table, c03.total, PROJECT)),
        Side("＋".join(names), parts),
    )


def _label_row(table: Table, *names: str) -> Row | None:
    for r in table.rows:
        if row_name(r).split("#")[0] in names:
            return r
    return None


def budget_three_public(plan: JudgementPlan, b10: Table, b06: Table) -> None:
    """XB10-06-THREE-PUBLIC."""
    col10 = TOTAL if any(TOTAL in r.cells for r in b10.rows) else next(iter(b10.columns), TOTAL)
    for names06, names10 in (
        (("公务接待费",), ("公务接待费",)),
        (("公务用车运行维护费",), ("公务用车运行维护费", "公务用车运行费")),
        (("因公出国（境）费用", "因公出国（境）费"), ("因公出国（境）费",)),
    ):
        r06 = _label_row(b06, *names06)
        r10 = _label_row(b10, *names10)
        if r06 is None or r10 is None:
            continue
        bound(
            plan,
            XB10_06_THREE_PUBLIC,
            _cell_side(b06, r06, TOTAL, names06[0]),
            _cell_side(b10, r10, col10, names10[0]),
        )


def budget_agency(plan: JudgementPlan, b11: Table, b06: Table) -> None:
    """XB11-06-AGENCY."""
    total11 = next((r for r in b11.rows if r.role == "total" or "合计" in row_name(r)), None)
    total06 = find_row(b06, "合计", "")
    if total11 is None or total06 is None:
        return
    col11 = TOTAL if TOTAL in total11.cells else next(iter(total11.cells), TOTAL)
    bound(
        plan,
        XB11_06_AGENCY,
        _cell_side(b11, total11, col11, "合计"),
        side(f"{t(b06)}“合计”行“公用经费”栏", ref(b06, total06, "公用经费")),
    )


def budget_capital(plan: JudgementPlan, b01: Table, b09: Table) -> None:
    """XB01-09-CAPITAL: an empty B09 whose 合计 row was read counts as printed blanks."""
    row01 = lane_row(b01, "income", lambda n: n.startswith("国有资本经营"))
    total09 = next((r for r in b09.rows if r.lane == "income" and not r.code and r.role == "total"), None)
    if row01 is None or total09 is None:
        return
    col01 = value_column(b01, "income", ("决算数",)) or "决算数"
    right = side(f"{t(b09)}收入方“合计”行", ref(b09, total09, B09_INCOME))
    if not b09.empty and right.blank():
        return  # a blank 合计 beside printed figures is TAB-BLANK-TOTAL's finding
    equal(
        plan,
        XB01_09_CAPITAL,
        _cell_side(b01, row01, col01, "国有资本经营预算", "收入方"),
        right,
        note=f"{t(b09)}为空表。" if b09.empty else "",
    )


def budget_plan(d: Disclosure) -> JudgementPlan:
    """The 预算 cross-table judgements of one document."""
    plan = JudgementPlan()

    def usable(tid: str) -> Table | None:
        tb = d.table(tid)
        return tb if tb is not None and not tb.empty else None

    b01, b02, b04, b06 = usable("B01"), usable("B02"), usable("B04"), usable("B06")
    c03 = CodeTable.of(tb) if (tb := usable("B03")) is not None else None
    c05 = CodeTable.of(tb) if (tb := usable("B05")) is not None else None
    if b01 is not None and b02 is not None:
        budget_income(plan, b01, b02)
    if b01 is not None and c03 is not None:
        budget_expense(plan, b01, c03)
    if b04 is not None and c05 is not None:
        budget_general(plan, b04, c05)
    if c05 is not None and b06 is not None:
        budget_basic(plan, c05, b06)
    b12 = usable("B12")
    if c03 is not None and b12 is not None:
        budget_projects(plan, c03, b12, d.table("B13"))
    b10 = usable("B10")
    if b10 is not None and b06 is not None:
        budget_three_public(plan, b10, b06)
    b11 = usable("B11")
    if b11 is not None and b06 is not None:
        budget_agency(plan, b11, b06)
    b09 = d.table("B09")
    if b01 is not None and b09 is not None and not (b09.empty and b09.problems):
        budget_capital(plan, b01, b09)
    return plan


def plan(disclosure: Disclosure) -> JudgementPlan:
    """Cross-table judgements for the document's kind."""
    if applies_to_final_account(disclosure):
        return final_account_plan(disclosure)
    if disclosure.kind == "budget" or any(tid.startswith("B") for tid in disclosure.tables):
        return budget_plan(disclosure)
    return JudgementPlan()


# X-NONFISCAL-CARRY (rules/carryover.py) builds on this module's helpers: imported last, so that it
# finds them defined, and so that it is declared whenever this family is.
from rules.carryover import X_NONFISCAL_CARRY, carry_plan  # noqa: E402

CROSS_TABLE_RULES: tuple[RuleSpec, ...] = (
    FINAL_RULES + (X_NONFISCAL_CARRY,) + PERFORMANCE_RULES + BUDGET_RULES
)

__all__ = ["CROSS_TABLE_RULES", "plan"]
