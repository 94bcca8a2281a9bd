"""The 情况说明 of a synthetic 部门决算: paragraphs whose figures agree with the tables.

Amounts restate printed table cells; percentages and year-on-year changes are computed from
the printed (rounded) 万元 figures and printed with 2 decimals, so a checker working on what
it can read finds them exact within the printed precision. The same figures are worded in one of
several `PHRASINGS` (占/占比/占…的, 增长/同比增长/增幅为, 完成年初预算的/预算完成率为, totals
stated jointly or one by one, amounts with or without thousands separators), as real
disclosures word them differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from auditor.synth.amounts import Amounts
from auditor.synth.catalog import FUNC_SECTIONS, econ_names, func_class_name
from auditor.synth.model import HUNDREDTH, NarrativeClaim, NarrativePara, ParaStyle, format_wan, yuan_to_wan
from auditor.synth.tables import func_hierarchy

Ref = tuple[str, str, str, str | None]


@dataclass(frozen=True)
class Phrasing:
    """How one synthetic document words its figures (the figures themselves do not change)."""

    thousands: bool = True  # "1,049.22" or "1049.22"
    share: str = "占"  # "占" / "占比" / "占{whole}的" (the whole's name filled in)
    joint_totals: bool = True  # "收入总计、支出总计均为X" or "收入总计X，支出总计X"
    compare: str = "与上年相比，"  # lead-in of a year-on-year change
    growth: tuple[str, str] = ("增长", "下降")
    completion: str = "完成年初预算的"
    item_budget: str = "年初预算为"
    item_final: str = "支出决算为"
    class_label: str = "{name}（类）"  # or "{stem}（类）支出"


PHRASINGS: tuple[Phrasing, ...] = (
    Phrasing(),
    Phrasing(
        thousands=False,
        share="占比",
        joint_totals=False,
        compare="较上年",
        growth=("同比增长", "同比下降"),
        completion="预算完成率为",
        item_budget="年初预算",
        item_final="支出决算",
    ),
    Phrasing(
        share="占{whole}的",
        compare="比上年",
        growth=("增幅为", "降幅为"),
        completion="为年初预算的",
        class_label="{stem}（类）支出",
    ),
)

# The phrasing of the figures being built (set by build_narrative; Fig.text reads it).
_PHRASING: list[Phrasing] = [PHRASINGS[0]]
# How a zero amount is printed in the text being built: "omit"/"zero" print 0.00, "int" prints 0
# (and a zero percentage 0%), "blank" prints nothing before its 万元 (and records no claim: nothing
# is stated).
_ZEROS: list[str] = ["omit"]
# Decimals of the percentages of the text (2: “占95.45%”; 1: “占95.5%”; 0: “占95%”).
_PERCENT_PLACES: list[int] = [2]
# The unit the text states the “三公” items in ("万元", or "元" as many units write them).
_TP_UNIT: list[str] = ["万元"]


@dataclass(frozen=True)
class Fig:
    """A figure to print inside a paragraph, with what it states."""

    value: Decimal
    unit: str  # "万元" or "%"
    topic: str
    ref: Ref | None = None
    thousands: bool = True
    blank: bool = False  # an amount left blank (“项目支出万元”): only its unit is printed

    @property
    def text(self) -> str:
        """The figure as printed (without its unit)."""
        if self.blank:
            return ""
        if self.value == 0 and _ZEROS[0] == "int":
            return "0"  # “上级补助收入0万元，占比0%”
        if self.unit in ("万元", "元"):
            return format_wan(self.value, thousands=self.thousands)
        return f"{self.value:f}"  # as many decimals as it was rounded to


def wan(yuan: int, topic: str, ref: Ref | None = None) -> Fig:
    """An amount figure in 万元 (blank when it is zero and the text leaves zeros blank)."""
    blank = yuan == 0 and _ZEROS[0] == "blank"
    return Fig(yuan_to_wan(yuan), "万元", topic, ref, _PHRASING[0].thousands, blank)


def tp_amount(yuan: int, topic: str, ref: Ref) -> Fig:
    """A “三公” item of the text: in 万元, or in 元 (its exact amount) where the text says so."""
    if _TP_UNIT[0] != "元":
        return wan(yuan, topic, ref)
    blank = yuan == 0 and _ZEROS[0] == "blank"
    return Fig(Decimal(yuan).quantize(HUNDREDTH), "元", topic, ref, _PHRASING[0].thousands, blank)


def pct(part: Decimal, whole: Decimal, topic: str) -> Fig:
    """A percentage of two printed values, 2 decimals."""
    places = Decimal(1).scaleb(-_PERCENT_PLACES[0])
    return Fig((part * 100 / whole).quantize(places, rounding=ROUND_HALF_UP), "%", topic)


class NarrativeBuilder:
    """Collects paragraphs and the claims inside them (with character offsets)."""

    def __init__(self) -> None:
        self.paras: list[NarrativePara] = []
        self.claims: list[NarrativeClaim] = []

    def add(self, style: ParaStyle, *parts: str | Fig) -> None:
        """Append a paragraph made of literal text and figures; each figure is followed by its unit."""
        text = ""
        index = len(self.paras)
        for p in parts:
            if isinstance(p, Fig):
                if p.blank:
                    text += p.unit
                    continue
                self.claims.append(NarrativeClaim(index, len(text), p.text, p.value, p.unit, p.topic, p.ref))
                text += p.text + p.unit
            else:
                text += p
        self.paras.append(NarrativePara(style, text))


def _change(current: Decimal, prior_yuan: int, topic: str) -> list[str | Fig]:
    """ "增加 D万元，增长 P%" / "减少 … 下降 …" / "持平" against last year's figure."""
    prior = yuan_to_wan(prior_yuan)
    diff = current - prior
    if diff == 0:
        return ["持平"]
    up = diff > 0
    words = _PHRASING[0].growth
    parts: list[str | Fig] = [
        "增加" if up else "减少",
        Fig(abs(diff), "万元", f"{topic}_change", thousands=_PHRASING[0].thousands),
    ]
    if prior > 0:
        parts += ["，" + (words[0] if up else words[1]), pct(abs(diff), prior, f"{topic}_growth")]
    return parts


def _share(whole: str) -> str:
    """The words before a share: "，占" / "，占比" / "，占本年支出合计的"."""
    return "，" + _PHRASING[0].share.format(whole=whole)


REASON_UP = "主要原因是人员工资调整及年中追加部分业务经费"
REASON_DOWN = "主要原因是厉行节约、压减一般性支出，部分项目支出较上年减少"


def build_narrative(
    a: Amounts,
    year: int,
    style: int = 0,
    zeros: str = "omit",
    three_public_unit: str = "万元",
    percent_places: int = 2,
    staffing: str | None = None,
    agency_amount: bool = True,
) -> tuple[list[NarrativePara], list[NarrativeClaim]]:
    """The 部门概况 and 情况说明 paragraphs with their claims, worded in `PHRASINGS[style]`;
    `zeros` says how zero amounts print (see `auditor.synth.tables.PrintStyle.narrative_zeros`),
    `three_public_unit` the unit of the “三公” items (万元 or 元), `percent_places` the decimals of
    its percentages; `staffing` (see `STAFFING`) breaks the 人员编制 down by kind, `agency_amount`
    False leaves the 机关运行经费 amount out of section 十 (it refers to 公开10表 instead)."""
    if staffing is not None and staffing not in STAFFING:
        raise ValueError(f"staffing: one of {', '.join(STAFFING)}, not {staffing!r}")
    _PHRASING[0] = ph = PHRASINGS[style % len(PHRASINGS)]
    _ZEROS[0] = zeros
    _TP_UNIT[0] = three_public_unit
    _PERCENT_PLACES[0] = percent_places
    try:
        return _build(a, year, ph, staffing, agency_amount)
    finally:
        _PHRASING[0] = PHRASINGS[0]
        _ZEROS[0] = "omit"
        _TP_UNIT[0] = "万元"
        _PERCENT_PLACES[0] = 2


def _totals(lead: str, fig: Fig, ph: Phrasing, income: str, expense: str) -> list[str | Fig]:
    """“收入总计、支出总计均为X” or “收入总计X，支出总计X”."""
    if ph.joint_totals:
        return [f"{lead}{income}、{expense}均为", fig]
    return [f"{lead}{income}", fig, f"，{expense}", fig]


# How the 人员情况 paragraph breaks the 人员编制 down (None: it does not): "行政" — a 行政单位 with
# 行政编制 (three quarters of the quota) and 事业编制 (the rest, left out when none); "事业" — only
# 事业编制.
STAFFING = ("行政", "事业")


def staff_kinds(quota: int, staffing: str | None) -> str:
    """“，其中行政编制6人、事业编制2人” (nothing without `staffing`)."""
    if staffing is None:
        return ""
    if staffing == "事业":
        return f"，其中事业编制{quota}人"
    admin = quota - quota // 4
    return f"，其中行政编制{admin}人" + (f"、事业编制{quota // 4}人" if quota // 4 else "")


def _build(
    a: Amounts, year: int, ph: Phrasing, staffing: str | None = None, agency_amount: bool = True
) -> tuple[list[NarrativePara], list[NarrativeClaim]]:
    b = NarrativeBuilder()
    lines = a.lines
    income = sum(ln.income for ln in lines)
    expense = sum(ln.expense for ln in lines)
    grand = income + a.carry_in + a.nf_carry_in
    inc_fin = sum(ln.inc_fin for ln in lines)
    inc_biz = sum(ln.inc_biz for ln in lines)
    inc_other = sum(ln.inc_other for ln in lines)
    basic = sum(ln.basic for ln in lines)
    project = sum(ln.project for ln in lines)
    gp = sum(ln.gp_total for ln in lines)
    gp_basic = sum(ln.basic_gp for ln in lines)

    b.add("part", "第一部分 部门概况")
    b.add("h1", "一、部门职责")
    b.add("body", f"{a.unit}{a.profile.duty}。纳入{year}年度本部门决算编制范围的单位共1个，为本级机关。")
    b.add("h1", "二、人员情况")
    s = a.staff
    b.add(
        "body",
        f"截至{year}年底，本部门人员编制{s['quota']}人{staff_kinds(s['quota'], staffing)}，实有人员{s['actual']}人；"
        f"单位管理的离退休人员{s['retired']}人。",
    )

    b.add("part", f"第二部分 {year}年度部门决算情况说明")
    b.add("h1", "一、收入支出决算总体情况说明")
    g = wan(grand, "income_expense_total", ("01", "总计", "决算数", "income"))
    up = grand >= a.prior["grand_total"]
    b.add(
        "body",
        *_totals(f"{year}年度", g, ph, "收入总计", "支出总计"),
        f"。{ph.compare}收入总计、支出总计均",
        *_change(g.value, a.prior["grand_total"], "income_expense_total"),
        "，",
        REASON_UP if up else REASON_DOWN,
        "。",
    )

    b.add("h1", "二、收入决算情况说明")
    inc = wan(income, "income_total", ("01", "本年收入合计", "决算数", "income"))
    parts: list[str | Fig] = [f"{year}年度本年收入合计", inc, "，其中："]
    sources = [
        ("财政拨款收入", inc_fin, "income_appropriation"),
        ("事业收入", inc_biz, "income_business"),
        ("其他收入", inc_other, "income_other"),
    ]
    shown = [(n, v, t) for n, v, t in sources if v or n == "财政拨款收入" or _ZEROS[0] != "omit"]
    for i, (name, v, topic) in enumerate(shown):
        f = wan(v, topic, ("02", "合计", name, None))
        parts += [name, f, _share("本年收入合计"), pct(f.value, inc.value, f"{topic}_share")]
        parts.append("；" if i < len(shown) - 1 else "。")
    b.add("body", *parts)

    b.add("h1", "三、支出决算情况说明")
    exp = wan(expense, "expense_total", ("03", "合计", "本年支出合计", None))
    fb = wan(basic, "basic_expense", ("03", "合计", "基本支出", None))
    fp = wan(project, "project_expense", ("03", "合计", "项目支出", None))
    b.add(
        "body",
        f"{year}年度本年支出合计",
        exp,
        "，其中：基本支出",
        fb,
        _share("本年支出合计"),
        pct(fb.value, exp.value, "basic_share"),
        "；项目支出",
        fp,
        _share("本年支出合计"),
        pct(fp.value, exp.value, "project_share"),
        "。基本支出是指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费；项目支出是指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    )

    b.add("h1", "四、财政拨款收入支出决算总体情况说明")
    fin = wan(inc_fin + a.carry_in, "appropriation_total", ("04", "总计", "决算数", "income"))
    up = fin.value >= yuan_to_wan(a.prior["fin_total"])
    b.add(
        "body",
        *_totals(f"{year}年度", fin, ph, "财政拨款收入总计", "支出总计"),
        f"。{ph.compare}财政拨款收入总计、支出总计均",
        *_change(fin.value, a.prior["fin_total"], "appropriation_total"),
        "，",
        REASON_UP if up else REASON_DOWN,
        "。",
    )

    b.add("h1", "五、一般公共预算财政拨款支出决算情况说明")
    b.add("h2", "（一）一般公共预算财政拨款支出决算总体情况")
    fgp = wan(gp, "general_expense", ("05", "合计", "合计", None))
    b.add(
        "body",
        f"{year}年度一般公共预算财政拨款支出",
        fgp,
        "，占本年支出合计的",
        pct(fgp.value, exp.value, "general_expense_share"),
        f"。{ph.compare}一般公共预算财政拨款支出",
        *_change(fgp.value, a.prior["gp_expense"], "general_expense"),
        "。",
    )
    b.add("h2", "（二）一般公共预算财政拨款支出决算结构情况")
    parts = [f"{year}年度一般公共预算财政拨款支出", fgp, "，主要用于以下方面："]
    hier = [(c, n, grp) for c, n, grp in func_hierarchy(lines) if sum(ln.gp_total for ln in grp)]
    classes = [(c, n, sum(ln.gp_total for ln in grp)) for c, n, grp in hier if len(c) == 3]
    for i, (code, name, v) in enumerate(classes):
        f = wan(v, "general_class", ("05", f"{code} {name}", "合计", None))
        label = ph.class_label.format(name=name, stem=name.removesuffix("支出"))
        parts += [
            label,
            f,
            _share("一般公共预算财政拨款支出"),
            pct(f.value, fgp.value, "general_class_share"),
        ]
        parts.append("；" if i < len(classes) - 1 else "。")
    b.add("body", *parts)
    b.add("h2", "（三）一般公共预算财政拨款支出决算具体情况")
    n = 0
    for code, name, grp in hier:
        if len(code) != 7:
            continue
        ln = grp[0]
        n += 1
        final = wan(ln.gp_total, "general_item", ("05", f"{code} {name}", "合计", None))
        budget = wan(ln.budget, "general_item_budget")
        head = f"{n}. {func_class_name(code[:3])}（类）{FUNC_SECTIONS[code[:5]]}（款）{name}（项）。{ph.item_budget}"
        if ln.budget:
            done = pct(final.value, budget.value, "general_item_completion")
            if final.value > budget.value:
                tail = "，决算数大于年初预算数的主要原因是年中追加了相关经费。"
            elif final.value < budget.value:
                tail = "，决算数小于年初预算数的主要原因是厉行节约、严格控制支出。"
            else:
                tail = "。"
            b.add("body", head, budget, f"，{ph.item_final}", final, f"，{ph.completion}", done, tail)
        else:
            b.add(
                "body",
                head,
                budget,
                f"，{ph.item_final}",
                final,
                "，决算数大于年初预算数的主要原因是年中追加了该项经费。",
            )

    b.add("h1", "六、一般公共预算财政拨款基本支出决算情况说明")
    names = econ_names()
    pers_items = [names[c] for c, v in a.econ.items() if v and c[:3] in ("301", "303")]
    op_items = [names[c] for c, v in a.econ.items() if v and c[:3] not in ("301", "303")]
    b.add(
        "body",
        f"{year}年度一般公共预算财政拨款基本支出",
        wan(gp_basic, "general_basic", ("05", "合计", "基本支出", None)),
        "，包括人员经费和公用经费。其中：人员经费",
        wan(a.personnel, "personnel", ("06", "人员经费合计", "决算数", "personnel")),
        "，主要包括：" + "、".join(pers_items) + "；公用经费",
        wan(a.operating, "operating", ("06", "公用经费合计", "决算数", "operating")),
        "，主要包括：" + "、".join(op_items) + "。",
    )

    b.add("h1", "七、政府性基金预算财政拨款收入支出决算情况说明")
    b.add("body", f"本部门{year}年度无政府性基金预算财政拨款收入、支出及结转和结余，已公开空表。")
    b.add("h1", "八、国有资本经营预算财政拨款支出决算情况说明")
    b.add("body", f"本部门{year}年度无国有资本经营预算财政拨款支出，已公开空表。")

    b.add("h1", "九、财政拨款“三公”经费支出决算情况说明")
    tb, tf = a.tp_budget, a.tp_final
    if tb.total == 0 and tf.total == 0:
        b.add("body", f"本部门{year}年度无财政拨款“三公”经费预算和支出。")
    else:
        budget_f = wan(tb.total, "three_public_budget", ("09", "预算数", "合计", None))
        final_f = wan(tf.total, "three_public_final", ("09", "决算数", "合计", None))
        parts = [f"{year}年度财政拨款“三公”经费支出预算为", budget_f, "，支出决算为", final_f]
        if tb.total:
            parts += [f"，{ph.completion}", pct(final_f.value, budget_f.value, "three_public_completion")]
        parts += [
            f"。{ph.compare}“三公”经费支出",
            *_change(final_f.value, a.prior["three_public"], "three_public"),
            "。",
        ]
        b.add("body", *parts)
        b.add(
            "body",
            "其中：因公出国（境）费支出决算",
            tp_amount(tf.abroad, "abroad", ("09", "决算数", "因公出国（境）费", None)),
            "；公务用车购置及运行维护费支出决算",
            tp_amount(tf.car, "car", ("09", "决算数", "公务用车购置及运行维护费", None)),
            "，其中：公务用车购置费",
            tp_amount(tf.car_buy, "car_purchase", ("09", "决算数", "公务用车购置费", None)),
            "，公务用车运行维护费",
            tp_amount(tf.car_run, "car_running", ("09", "决算数", "公务用车运行维护费", None)),
            "；公务接待费支出决算",
            tp_amount(tf.reception, "reception", ("09", "决算数", "公务接待费", None)),
            "。",
        )

    b.add("h1", "十、机关运行经费支出情况说明")
    if agency_amount:
        run = wan(a.operating, "agency_running", ("06", "公用经费合计", "决算数", "operating"))
        up = run.value >= yuan_to_wan(a.prior["agency_running"])
        b.add(
            "body",
            f"{year}年度本部门机关运行经费支出",
            run,
            "，比上年",
            *_change(run.value, a.prior["agency_running"], "agency_running"),
            "，",
            "主要原因是业务量增加，办公运转支出相应增加"
            if up
            else "主要原因是严格落实过紧日子要求，压减日常公用支出",
            "。",
        )
    else:
        b.add("body", f"本部门{year}年度机关运行经费支出情况详见公开10表。")

    b.add("h1", "十一、政府采购支出情况说明")
    p = a.procurement
    total = p["goods"] + p["works"] + p["services"]
    if total == 0:
        b.add("body", f"本部门{year}年度无政府采购支出。")
    else:
        tot = wan(total, "procurement_total")
        sme = wan(p["sme"], "procurement_sme")
        b.add(
            "body",
            f"{year}年度政府采购支出总额",
            tot,
            "，其中：政府采购货物支出",
            wan(p["goods"], "procurement_goods"),
            "、政府采购工程支出",
            wan(p["works"], "procurement_works"),
            "、政府采购服务支出",
            wan(p["services"], "procurement_services"),
            "。授予中小企业合同金额",
            sme,
            "，占政府采购支出总额的",
            pct(sme.value, tot.value, "procurement_sme_share"),
            "。",
        )
    b.add("h1", "十二、国有资产占用情况说明")
    b.add(
        "body", f"截至{year}年12月31日，本部门共有车辆{s['vehicles']}辆，单价100万元（含）以上设备0台（套）。"
    )
    b.add("h1", "十三、预算绩效情况说明")
    b.add("body", f"{year}年度本部门对全部项目支出开展了绩效自评，自评结果已随部门决算公开。")
    b.add("part", "第三部分 名词解释")
    b.add("body", "财政拨款收入：指本级财政当年拨付的资金。")
    b.add(
        "body", "“三公”经费：指部门用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"
    )
    b.add("body", "机关运行经费：指为保障行政单位运行用于购买货物和服务等的各项资金。")
    return b.paras, b.claims
