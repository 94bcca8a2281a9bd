"""项目支出绩效自评表 for a generated disclosure, consistent with its tables and 情况说明 (issue 14).

`auditor.synth` renders the 公开01–09表 and the 情况说明 but no 绩效 form; the rules of issue 14 that
read forms against the rest of the document need some to plant into. This module writes, for a
generated disclosure, one self-evaluation form per 项 whose spending is all 项目支出 (at most
`MAX_FORMS`), as the tab-separated grid the text reader takes (the layout of the forms of 河南/山西
决算: money block, 年度总体目标, indicator block, 总分):

- money: 年初预算数 = the 年初预算 the 情况说明 gives the 项, 全年预算数 = 全年执行数 = its 项目支出 in 公开05表
  (执行率 100%), all of it 当年财政拨款;
- 年度目标 cites this year's notice (“按照《关于做好2023年…工作的通知》”) and states the count served;
- indicators: 服务对象人数 N人, 人均保障标准 ≥S元/人 with N × S within the money, 预算调整率 computed from
  the two budgets, an effect and a satisfaction indicator; every weight and score adds up.

Optionally (issue 14, class 2, fund source) the money block breaks the 当年财政拨款 down by level of
government (中央/省级/市县财政资金, all of it under `paid_level`), the project may be named after a
level (`named_after`), and the 情况说明's section 十三 may say which level's money the project used
(`said_level`): a consistent form has all three agree.

`with_forms(doc)` is the document's text (auditor.synth.to_text) with its forms appended; `Form` and
`render_form` let a test plant a defect into one form and render it again. Nothing here changes how
the other renderers print a document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from auditor.synth.model import SyntheticDisclosure

MAX_FORMS = 2
SERVED = 100  # 服务对象人数 of every form (the standard is derived from the money)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Form:
    """One project's self-evaluation form, in the figures it prints (money in 万元)."""

    code: str  # the 项 whose 项目支出 it is
    name: str  # 项目名称
    initial: Decimal  # 年初预算数
    budget: Decimal  # 全年预算数
    executed: Decimal  # 全年执行数 (当年财政拨款 + 其他资金)
    other: Decimal = Decimal(0)  # 其他资金 执行数 (0 in a consistent form)
    year: int = 2023
    basis_year: int | None = None  # the year of the notice cited in 年度目标 (None: the form's year)
    served: int = SERVED
    standard: int | None = None  # 人均保障标准 floor in 元/人 (None: half of what the money pays)
    adjust_rate: str | None = None  # 预算调整率 printed (None: the computed one)
    count_label_year: int | None = None  # a year printed in the 数量指标's name (None: no year)
    # the level of government (a key of LEVELS) whose row carries the 当年财政拨款 in a money block
    # broken down by level (None: no level rows)
    paid_level: str | None = None
    # the level the 情况说明 says the project's money comes from (None: it says nothing)
    said_level: str | None = None

    @property
    def floor(self) -> int:
        """The 人均保障标准 floor: by default half of what the executed money pays per head."""
        if self.standard is not None:
            return self.standard
        per_head = self.executed * 10000 / self.served
        return int(per_head / 2 // 10 * 10) or 1

    @property
    def computed_adjust_rate(self) -> str:
        """(全年预算数 − 年初预算数) ÷ 年初预算数, printed to 2 decimals."""
        rate = (self.budget - self.initial) / self.initial * HUNDRED
        return f"{rate.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


# Level of government → (its row in a money block broken down by level, how a project's name gives it,
# how a 情况说明 sentence gives it).
LEVELS: dict[str, tuple[str, str, str]] = {
    "中央": ("中央财政资金", "中央补助资金", "中央转移支付资金"),
    "省级": ("省级财政资金", "省级专项资金", "省级专项资金"),
    "市县": ("市县财政资金", "县级配套资金", "县级财政资金"),
}


def named_after(form: Form, level: str) -> Form:
    """The form with its project named after a level (“城乡医疗救助项目” → “城乡医疗救助中央补助资金”)."""
    return replace(form, name=form.name.removesuffix("项目") + LEVELS[level][1])


def _w(v: Decimal) -> str:
    return f"{v:.2f}"


def _item_budgets(doc: SyntheticDisclosure) -> dict[str, Decimal]:
    """The 年初预算 the 情况说明 gives each 项 (the budget figure stated just before the item's 决算)."""
    out: dict[str, Decimal] = {}
    last: Decimal | None = None
    for c in doc.claims:
        if c.topic == "general_item_budget":
            last = c.value
        elif c.topic == "general_item" and c.ref is not None and last is not None:
            out[c.ref[1].split(" ", 1)[0]] = last
            last = None
    return out


def project_forms(doc: SyntheticDisclosure) -> list[Form]:
    """Consistent forms of the 项 that print only 项目支出 in 公开05表 and have a 年初预算 above 0."""
    budgets = _item_budgets(doc)
    out: list[Form] = []
    for row in doc.tables["05"].body:
        code, name, total, basic, project = (row + ["", "", "", "", ""])[:5]
        if len(code) != 7 or basic or not project or code not in budgets or budgets[code] <= 0:
            continue
        executed = Decimal(project.replace(",", ""))
        if executed != Decimal(total.replace(",", "")):
            continue
        out.append(Form(code, f"{name}项目", budgets[code], executed, executed, year=doc.year))
        if len(out) == MAX_FORMS:
            break
    return out


def render_form(form: Form) -> list[str]:
    """The form's lines: title, money block, 年度总体目标, indicators, 总分 (tab-separated)."""
    fiscal = form.executed - form.other
    n = form.served
    basis = form.basis_year or form.year
    count = f"{form.count_label_year}年服务对象人数" if form.count_label_year else "服务对象人数"
    rate = form.adjust_rate or form.computed_adjust_rate
    levels = [
        f"\t\t{row}\t{_w(form.initial)}\t{_w(form.budget)}\t{_w(fiscal)}\t—\t—\t—"
        if level == form.paid_level
        else f"\t\t{row}\t0\t0\t0\t—\t—\t—"
        for level, (row, _, _) in LEVELS.items()
    ]
    return [
        f"{form.name}支出绩效自评表",
        f"项目名称\t\t{form.name}",
        "项目资金（万元）\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分",
        f"\t\t年度资金总额\t{_w(form.initial)}\t{_w(form.budget)}\t{_w(form.executed)}\t10\t100%\t10",
        f"\t\t其中：当年财政拨款\t{_w(form.initial)}\t{_w(form.budget)}\t{_w(fiscal)}\t—\t—\t—",
        "\t\t上年结转资金\t0\t0\t0\t—\t—\t—",
        f"\t\t其他资金\t0\t0\t{_w(form.other)}\t—\t—\t—",
        *(levels if form.paid_level else []),
        "年度总体目标\t预期目标\t\t\t实际完成情况",
        f"\t按照《关于做好{basis}年{form.name.removesuffix('项目')}工作的通知》要求，为{n}名服务对象提供保障"
        f"\t\t\t已为{n}名服务对象提供保障",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析",
        f"\t产出指标（50分）\t数量指标\t指标1：{count}\t{n}人\t{n}人\t20\t20\t",
        f"\t\t质量指标\t指标1：人均保障标准\t≥{form.floor}元/人\t≥{form.floor}元/人\t15\t15\t",
        f"\t\t时效指标\t指标1：预算调整率\t≤{rate}\t{rate}\t15\t15\t",
        "\t效益指标（30分）\t社会效益指标\t指标1：服务保障水平\t稳步提升\t稳步提升\t30\t30\t",
        "\t满意度指标（10分）\t服务对象满意度指标\t指标1：服务对象满意度\t≥90%\t95%\t10\t10\t",
        "总分\t\t\t\t\t\t100\t100\t",
    ]


def with_forms(
    doc: SyntheticDisclosure,
    forms: list[Form] | None = None,
    whole: WholeForm | None = None,
    general_initial: bool = False,
) -> str:
    """The document's text (auditor.synth.to_text) with its project forms (or `forms`) appended, and
    `whole` (a 部门整体 form) before them; `general_initial` states the general budget's 年初预算 (the
    items' sum) at the head of section 五（三）, as many 情况说明 do."""
    from auditor.synth import to_text

    chosen = project_forms(doc) if forms is None else forms
    blocks = ["\n".join(render_whole_form(whole))] if whole is not None else []
    blocks += ["\n".join(render_form(f)) for f in chosen]
    text = to_text(doc)
    said = "".join(said_level_sentence(f) for f in chosen if f.said_level)
    if said:
        at = text.index(SELF_EVALUATED) + len(SELF_EVALUATED)
        text = text[:at] + said + text[at:]
    if general_initial:
        head = "（三）一般公共预算财政拨款支出决算具体情况\n"
        total = WholeForm(doc.unit, sum(_item_budgets(doc).values(), Decimal(0)), Decimal(0), Decimal(0))
        text = text.replace(head, head + "\n" + general_initial_sentence(total, doc.year) + "\n", 1)
    return text.rstrip("\n") + "\n\n" + "\n\n".join(blocks) + "\n"


SELF_EVALUATED = "自评结果已随部门决算公开。"  # the end of section 十三's sentence (auditor.synth.narrative)


def said_level_sentence(form: Form) -> str:
    """The 情况说明's sentence on the level of the project's money (“其中，城乡医疗救助项目使用中央转移
    支付资金47.47万元。”), appended to section 十三."""
    assert form.said_level is not None
    return f"其中，{form.name}使用{LEVELS[form.said_level][2]}{_w(form.executed - form.other)}万元。"


def planted(form: Form, **changes: object) -> Form:
    """The form with some of its printed figures changed (a defect planted)."""
    return replace(form, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class WholeForm:
    """The 部门整体支出绩效自评表 (money in 万元): 年初预算数 = the 情况说明's items' 年初预算 summed,
    全年预算数 = 全年执行数 = 05表 合计 (all of it 政府预算资金), 政府采购执行率 100%."""

    unit: str
    initial: Decimal
    budget: Decimal
    executed: Decimal
    unit_money: Decimal = Decimal(0)  # 单位资金 执行数 (its 全年预算数 the same; 0 when consistent)
    procurement_rate: str = "100%"  # 政府采购执行率, as target and as 实际完成值 (“0%”: no procurement)


def whole_form(doc: SyntheticDisclosure) -> WholeForm:
    """The consistent 部门整体 form of a generated disclosure."""
    total = Decimal(doc.tables["05"].body[0][2].replace(",", ""))
    return WholeForm(doc.unit, sum(_item_budgets(doc).values(), Decimal(0)), total, total)


def general_initial_sentence(form: WholeForm, year: int) -> str:
    """The sentence a 情况说明 gives the general budget's 年初预算 in (the generated one does not)."""
    return f"{year}年度一般公共预算财政拨款支出年初预算为{_w(form.initial)}万元。"


def _pct(part: Decimal, whole: Decimal) -> str:
    return f"{(part / whole * HUNDRED).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}" if whole else "0"


def render_whole_form(form: WholeForm) -> list[str]:
    """The form's lines (tab-separated grid: money block by source, indicators, 总分)."""
    budget, executed = form.budget + form.unit_money, form.executed + form.unit_money
    rate = _pct(executed, budget)
    score = (Decimal(rate) / 10).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    unit_rate = "100" if form.unit_money else "0"
    return [
        f"{form.unit}部门整体支出绩效自评表",
        f"部门（单位）名称\t{form.unit}",
        "部门整体支出情况\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        f"部门预算总额（万元）\t{_w(form.initial)}\t{_w(budget)}\t{_w(executed)}\t10\t{rate}\t{score:f}",
        f"资金来源：（1）政府预算资金\t{_w(form.initial)}\t{_w(form.budget)}\t{_w(form.executed)}\t-\t"
        f"{_pct(form.executed, form.budget)}\t-",
        "（2）财政专户管理资金\t0\t0\t0\t-\t0\t-",
        f"（3）单位资金\t0\t{_w(form.unit_money)}\t{_w(form.unit_money)}\t-\t{unit_rate}\t-",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        f"产出指标\t质量指标\t政府采购执行率\t{form.procurement_rate}\t{form.procurement_rate}\t40\t40",
        "效益指标\t社会效益指标\t履职目标完成情况\t全面完成\t全面完成\t40\t40",
        "满意度指标\t服务对象满意度指标\t受益群众满意度\t≥90%\t95%\t10\t10",
        f"总分\t\t\t\t\t100\t{Decimal(90) + score:f}",
    ]
