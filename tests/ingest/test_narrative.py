"""The 情况说明 read into claims: phrasings, subjects, links inside a sentence only, years and
codes not amounts, hard wraps and locations, loose forms left out, and the seeds' tie rate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.layout import Line
from ingest.model import Claim, Location
from ingest.narrative import heading_level, normalise, read_narrative, section_kind
from ingest.reader import read_document
from tests.conftest import require_shared
from tests.rules.examples import full

SEEDS = {
    "000": ("000_e21b73d48c1b8d26.txt", 2023),
    "001": ("001_957c36ad5378e025.txt", 2023),
    "002": ("002_801dc34b793b5deb.txt", 2024),
    "003": ("003_640a379a94776b88.txt", 2023),
    "004": ("004_29997092a5ca925a.txt", 2023),
}
# Share of narrative figures (X万元, X元, X%) turned into claims tied to a subject, per seed.
TIED_GOAL = 0.95


def read(*paragraphs: str, year: int = 2023, tables: bool = True) -> list[Claim]:
    """Claims of printed narrative lines (one Line each, line numbers from 1)."""
    lines = [Line(t, Location(page=1, line=i + 1)) for i, t in enumerate(paragraphs)]
    return read_narrative(lines, full().tables if tables else {}, year).claims


def by_text(claims: list[Claim], text: str) -> Claim:
    """The claim whose figure is printed as `text`."""
    hits = [c for c in claims if c.text == text]
    assert len(hits) == 1, (text, [(c.text, c.kind, c.subject) for c in claims])
    return hits[0]


# --- normalisation and headings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("本年支出合计1, 049. 22 万元", "本年支出合计1,049.22万元"),
        ("2023 年度收入支出总计 200.93 万元", "2023年度收入支出总计200.93万元"),
        ("- 一、收入支出决算总体情况说明", "一、收入支出决算总体情况说明"),
        ("医保 DIP 支付", "医保DIP支付"),
        ("成本指标 20.93 200.93", "成本指标20.93 200.93"),
        ("社会保障和就业支出(类)", "社会保障和就业支出（类）"),
    ],
)
def test_normalise(raw: str, norm: str) -> None:
    assert normalise(raw) == norm


@pytest.mark.parametrize(
    ("text", "level", "kind"),
    [
        ("一、收入支出决算总体情况说明", 1, "overall"),
        ("四、财政拨款收支决算总体情况说明", 1, "fin_overall"),
        ("五、一般公共预算财政拨款支出决算情况说明", 1, "general"),
        ("六、一般公共预算财政拨款基本支出决算情况说明", 1, "general_basic"),
        ("（一）“三公”经费财政拨款支出决算总体情况说明。", 2, "three_public"),
        ("1.因公出国（境）费支出情况说明", 3, None),  # its kind comes from the section above
        ("第二部分 2024年度部门决算情况说明", 0, None),
        ("一、收入支出决算总体情况说明.....18", 1, "overall"),
    ],
)
def test_headings(text: str, level: int, kind: str | None) -> None:
    assert heading_level(normalise(text)) == level
    assert section_kind(normalise(text)) == kind


@pytest.mark.parametrize(
    "text",
    [
        "（一）人员经费 120.59 万元，主要包括：基本工资、津贴",
        "1.社会保障和就业支出(类)行政事业单位养老支出(款)机",
        "4.本单位所属单位只有部门本级，部门本级不再按单位重复",
        "1.办公室",
    ],
)
def test_sentence_starts_are_not_headings(text: str) -> None:
    assert heading_level(normalise(text)) is None


# --- phrasings -----------------------------------------------------------------------------


def test_amounts_and_shares_of_one_sentence() -> None:
    claims = read(
        "三、支出决算情况说明",
        "2023年度本年支出合计201.56万元，其中：基本支出157.98万元，占78%；项目支出43.58万元，占22%。",
    )
    total, basic, project = (
        by_text(claims, "201.56万元"),
        by_text(claims, "157.98万元"),
        by_text(claims, "43.58万元"),
    )
    assert (total.subject, basic.subject, project.subject) == ("本年支出合计", "基本支出", "项目支出")
    assert basic.kind == "amount" and basic.metric == "final" and basic.value is not None
    assert basic.value.value == Decimal("157.98") and basic.value.decimals == 2
    share = by_text(claims, "78%")
    assert share.kind == "share" and share.subject == "基本支出" and share.whole_subject == "本年支出合计"
    assert claims[share.part] is basic and claims[share.whole] is total  # type: ignore[index]
    assert share.value is not None and share.value.decimals == 0
    assert claims[by_text(claims, "22%").part] is project  # type: ignore[index]
    assert basic.refs and basic.refs[0].table == "03" and basic.refs[0].column == "基本支出"


@pytest.mark.parametrize(
    ("sentence", "whole"),
    [
        ("收入合计2,673.01万元，其中：财政拨款收入2,673.01万元，占比100.00%。", "本年收入合计"),
        ("一般公共预算财政拨款支出201.56万元，占本年支出合计的100%。", "本年支出合计"),
        ("授予中小企业合同金额3.50万元，占政府采购支出总额的100.00%。", "政府采购"),
        ("涉及预算资金169.02万元，占部门预算项目支出总额的44.41%。", "项目支出"),
    ],
)
def test_share_phrasings_name_their_whole(sentence: str, whole: str) -> None:
    claims = read("五、一般公共预算财政拨款支出决算情况说明", sentence)
    share = next(c for c in claims if c.kind == "share")
    assert share.whole_subject == whole
    assert share.part is not None


@pytest.mark.parametrize(
    ("sentence", "direction", "change", "rate"),
    [
        (
            "2023年度收入支出总计200.93万元，与上年相比收、支总计增加51.09万元，增长34%。",
            1,
            "51.09万元",
            "34%",
        ),
        (
            "2023年度机关运行经费支出76.76万元，与上年度相比，减少0.55万元，下降0.71%。",
            -1,
            "0.55万元",
            "0.71%",
        ),
        ("2023年度机关运行经费支出76.76万元，较上年减少0.55万元，同比下降0.71%。", -1, "0.55万元", "0.71%"),
        ("2023年度机关运行经费支出76.76万元，比上年增加0.55万元，增幅为0.72%。", 1, "0.55万元", "0.72%"),
        ("支出决算比上年（减少）7.76万元，主要原因是压缩非必要支出。", -1, "7.76万元", None),
    ],
)
def test_changes_and_growth_rates(sentence: str, direction: int, change: str, rate: str | None) -> None:
    claims = read("十、机关运行经费支出情况说明", sentence)
    ch = by_text(claims, change)
    assert ch.kind == "change" and ch.direction == direction
    if rate is not None:
        growth = by_text(claims, rate)
        assert growth.kind == "growth" and growth.direction == direction
        assert claims[growth.change] is ch  # type: ignore[index]
        if ch.current is not None:
            assert claims[ch.current].metric == "final"


@pytest.mark.parametrize(
    "sentence",
    [
        "年初预算83.14万元，支出决算129.81万元，完成预算的156%。",
        "年初预算为83.14万元，支出决算为129.81万元，完成年初预算的156.13%。",
        "年初预算83.14万元，支出决算129.81万元，预算完成率为156.13%。",
        "全年预算数83.14万元，全年执行数129.81万元，预算执行率为156.13%。",
    ],
)
def test_completion_rates_link_final_and_budget(sentence: str) -> None:
    claims = read(
        "五、一般公共预算财政拨款支出决算情况说明",
        "1.卫生健康支出（类）医疗保障管理事务（款）行政运行（项）。",
        sentence,
    )
    rate = next(c for c in claims if c.kind == "completion")
    assert claims[rate.final].value.value == Decimal("129.81")  # type: ignore[index,union-attr]
    assert claims[rate.budget].value.value == Decimal("83.14")  # type: ignore[index,union-attr]
    assert claims[rate.budget].metric == "budget"  # type: ignore[index]


def test_counts_are_claims_but_not_amounts() -> None:
    claims = read(
        "十二、国有资产占用情况说明",
        "2023年期末，我部门共有车辆2辆，其中：省级领导干部用车0辆、其他用车2辆；单价100万元（含）以上设备（不含车辆）0台（套）。",
        "2023年共接待国内来访团组9个、来宾66人次（不包括陪同人员）。",
    )
    counts = [c for c in claims if c.kind == "count"]
    assert [c.text for c in counts] == ["2辆", "0辆", "2辆", "0台（套）", "9个", "66人次"]
    threshold = by_text(claims, "100万元")
    assert threshold.metric == "threshold" and not threshold.refs


def test_nil_statements() -> None:
    claims = read("十三、预算绩效情况说明", "本部门无项目支出，未开展部门重点评价。")
    nil = [c for c in claims if c.kind == "nil"]
    assert [c.subject for c in nil] == ["项目支出"]
    assert nil[0].refs[0].table == "03"


# --- subjects ------------------------------------------------------------------------------


def test_enumerated_item_gives_the_subject_and_its_05_row() -> None:
    claims = read(
        "五、一般公共预算财政拨款支出决算情况说明",
        "按照政府功能分类科目，其中：",
        "1.社会保障和就业支出(类)行政事业单位养老支出(款)机",
        "关事业单位基本养老保险缴费支出(项)。年初预算 15.98 万元，",
        "支出决算 15.98 万元，完成预算的 100%。",
    )
    budget, final = [c for c in claims if c.kind == "amount"]
    assert budget.subject == final.subject == "2080505 机关事业单位基本养老保险缴费支出"
    assert (budget.metric, final.metric) == ("budget", "final")
    assert final.refs[0].table == "05" and final.refs[0].row == "2080505 机关事业单位基本养老保险缴费支出"
    assert not budget.refs  # a 年初预算 is not in any 决算 table


def test_item_with_code_in_parentheses_and_an_amount_in_its_heading() -> None:
    claims = read(
        "五、一般公共预算财政拨款支出决算情况说明",
        "5.卫生健康支出（类）医疗保障事务支出（款）其他医疗保障管理事务支出（2101599）43.58 万元。年初预算 0 万元，",
        "支出决算 43.58 万元，完成预算的 435%。",
    )
    amounts = [c for c in claims if c.kind == "amount"]
    assert {c.subject for c in amounts} == {"2101599 其他医疗保障管理事务支出"}  # not the 类 named first


def test_a_concept_in_a_reason_clause_is_not_the_subject() -> None:
    claims = read(
        "五、一般公共预算财政拨款支出决算情况说明",
        "卫生健康支出年初预算2734.34万元，支出决算2673.01万元，完成年初预算的97.76%，"
        "用于事业运行工资社保公用经费和补助，较上年决算增加99.92万元，增长3.88%。",
    )
    change = by_text(claims, "99.92万元")
    assert change.subject == "卫生健康支出（类）"  # not 公用经费 of the “用于…” clause
    assert claims[change.current].text == "2673.01万元"  # type: ignore[index]


def test_joint_totals() -> None:
    claims = read(
        "一、收入支出决算总体情况说明",
        "2024年度收入总计、支出总计均为1,049.22万元，与上年相比收入总计、支出总计均增加43.03万元，增长4.28%。",
    )
    assert by_text(claims, "1,049.22万元").subject == "收支总计"
    assert by_text(claims, "43.03万元").subject == "收支总计"


def test_section_decides_the_table_fact() -> None:
    expense = by_text(read("三、支出决算情况说明", "基本支出157.98万元。"), "157.98万元")
    general = by_text(
        read("六、一般公共预算财政拨款基本支出决算情况说明", "基本支出157.98万元。"), "157.98万元"
    )
    assert expense.refs[0].table == "03" and general.refs[0].table == "05"
    fin = by_text(
        read("四、财政拨款收入支出决算总体情况说明", "2023年度财政拨款收入总计201.56万元。"), "201.56万元"
    )
    assert fin.subject == "收入总计" and fin.refs[0].table == "04"


# --- sentences -----------------------------------------------------------------------------


def test_no_pairing_across_sentences() -> None:
    claims = read("一、收入支出决算总体情况说明", "2023年度收入总计200.93万元。", "增加51.09万元。增长34%。")
    growth = by_text(claims, "34%")
    assert growth.change is None and growth.current is None
    change = by_text(claims, "51.09万元")
    assert change.current is None


def test_no_share_part_from_another_paragraph() -> None:
    claims = read("三、支出决算情况说明", "基本支出157.98万元。", "项目绩效自评得分占比90%。")
    share = by_text(claims, "90%")
    assert share.part is None


def test_a_sentence_starting_with_zhan_continues_the_previous_one() -> None:
    claims = read(
        "五、一般公共预算财政拨款支出决算情况说明",
        "2024年度一般公共预算财政拨款支出年初预算446.43万元，支出决算1,049.22万元，完成年初预算的235.02%。占本年支出合计的100%。",
    )
    share = by_text(claims, "100%")
    assert claims[share.part].text == "1,049.22万元"  # type: ignore[index]


def test_years_dates_codes_and_phone_numbers_are_not_amounts() -> None:
    claims = read(
        "二、收入决算情况说明",
        "截至2023年12月31日，2023年度本年收入合计200.93万元（2101599），联系电话：0914-4322704。",
    )
    assert [c.text for c in claims] == ["200.93万元"]
    assert claims[0].subject == "本年收入合计"


def test_hard_wrapped_lines_keep_each_figure_on_its_own_line() -> None:
    claims = read(
        "五、一般公共预算财政拨款支出决算情况说明",
        "2023 年度一般公共预算财政拨款支出年初预算 111.31 万",
        "元，支出决算 201.56 万元，完成年初预算的 181%，占本年支出",
        "合计的 100%。",
    )
    assert by_text(claims, "111.31万元").loc.line == 2
    assert by_text(claims, "201.56万元").loc.line == 3
    assert by_text(claims, "100%").loc.line == 4
    assert by_text(claims, "201.56万元").sentence.startswith(
        "2023年度一般公共预算财政拨款支出年初预算111.31万元"
    )


def test_loose_form_lines_are_left_out() -> None:
    lines = [
        "十三、预算绩效情况说明",
        "（二）部门整体支出绩效自评结果",
        "部门整体支出自评得100分，全年预算数201.56万元，执行数201.56万元，完成预算的100%。",
        " （2023 年度）",
        "任务1 年度工资工资福利 完成 119.96 120.59",
        "指标 2：机关运转政常 100% 100%",
        "（三）项目绩效自评结果",
        "本部门2023年度不单独填写绩效自评表。",
    ]
    reading = read_narrative([Line(t, Location(line=i)) for i, t in enumerate(lines)], {}, 2023)
    assert [c.text for c in reading.claims if c.kind != "nil"] == ["201.56万元", "201.56万元", "100%"]
    assert reading.quality["form_lines_skipped"] == 3


def test_quality_record_counts_figures_and_lists_what_is_not_tied() -> None:
    lines = [
        Line("三、支出决算情况说明", Location(line=1)),
        Line("基本支出157.98万元，占78%。", Location(line=2)),
    ]
    q = read_narrative(lines, {}, 2023).quality
    assert (q["figures"], q["claimed"], q["tied"], q["unparsed"]) == (2, 2, 2, [])
    lines = [Line("其中：占比90%。", Location(line=1))]
    q = read_narrative(lines, {}, 2023).quality
    assert q["figures"] == 1 and q["tied"] == 0 and len(q["unparsed"]) == 1  # type: ignore[arg-type]


# --- the seeds -----------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_figures_are_tied_to_a_subject(seed: str) -> None:
    name, year = SEEDS[seed]
    path = require_shared("seeds", name)
    d = read_document(path.read_bytes(), path.name, "text")
    assert d.year == year
    q = d.quality["claims"]
    assert q["figures"] > 40  # type: ignore[operator]
    assert q["tied"] / q["figures"] >= TIED_GOAL, q["unparsed"]  # type: ignore[operator]
    assert len(q["unparsed"]) == q["figures"] - q["tied"]  # type: ignore[arg-type,operator]
    assert all(c.sentence and c.loc.line for c in d.claims)


@pytest.mark.shared
def test_seed_claims_of_000_are_the_ones_an_inspector_reads() -> None:
    path = require_shared("seeds", SEEDS["000"][0])
    d = read_document(path.read_bytes(), path.name, "text")
    amounts = {(c.scope, c.subject, c.metric, c.text) for c in d.claims if c.kind == "amount"}
    assert ("overall", "收支总计", "final", "200.93万元") in amounts
    assert ("fin_overall", "支出总计", "final", "201.56万元") in amounts
    assert ("general", "2101501 行政运行", "final", "129.81万元") in amounts
    assert ("three_public", "三公经费", "budget", "0.14万元") in amounts
    assert ("general_basic", "公用经费", "final", "36.76万元") in amounts  # “公用经 36.76 万元” (typo)
    growth = next(c for c in d.claims if c.kind == "growth" and c.text == "28%")
    assert growth.subject == "一般公共预算财政拨款支出" and d.claims[growth.change].text == "32.63万元"  # type: ignore[index]


@pytest.mark.shared
def test_text_layer_pdf_gives_the_same_claims_as_its_text_twin() -> None:
    pdf = require_shared("corpus", "seed000_office.pdf")
    text = require_shared("seeds", SEEDS["000"][0])
    a = read_document(pdf.read_bytes(), pdf.name, "pdf")
    b = read_document(text.read_bytes(), text.name, "text")
    # (the PDF prints the 空表说明 list as a ruled table, the text as lines: its “无…” are not compared)
    assert [(c.kind, c.subject, c.metric, c.text) for c in a.claims if c.kind != "nil"] == [
        (c.kind, c.subject, c.metric, c.text) for c in b.claims if c.kind != "nil"
    ]
    assert all(c.loc.page and c.loc.bbox for c in a.claims)


def test_share_part_named_in_its_own_clause_is_not_the_amount_before_it() -> None:
    claims = read("三、支出决算情况说明", "2023年度本年支出合计201.56万元，基本支出占78%。")
    share = by_text(claims, "78%")
    assert share.part is None and share.subject == "基本支出" and share.whole_subject == "本年支出合计"
    assert claims[share.whole].text == "201.56万元"  # type: ignore[index]


def test_growth_against_a_prior_year_amount_of_the_same_sentence() -> None:
    claims = read(
        "十、机关运行经费支出情况说明", "2023年度机关运行经费支出36.76万元，上年支出31.00万元，增长18.58%。"
    )
    growth = by_text(claims, "18.58%")
    assert claims[growth.prior].metric == "prior" and claims[growth.current].text == "36.76万元"  # type: ignore[index]
    assert growth.change is None


# --- blank amounts (“项目支出万元”): a placeholder left unfilled, never a neighbour's figure ----------


@pytest.mark.parametrize(
    "sentence",
    [
        "本年支出合计88.40万元，其中：基本支出88.40万元，占100.00%；项目支出万元，占0.00%。",
        "本年支出合计88.40万元，其中：基本支出88.40万元，占比100.00%；项目支出 万元，占比0.00%。",
        "本年支出合计88.40万元，其中：基本支出88.40万元，占100.00%；项目支出为万元，占本年支出合计的0.00%。",
    ],
)
def test_share_of_a_blank_amount_belongs_to_its_own_clause(sentence: str) -> None:
    claims = read("一、部门决算情况说明", "（三）支出决算情况说明", sentence, tables=False)
    shares = [c for c in claims if c.kind == "share"]
    assert [(c.text, c.subject) for c in shares] == [("100.00%", "基本支出"), ("0.00%", "项目支出")]
    blank = shares[1]
    assert blank.part is None  # not tied to 基本支出's 88.40万元


def test_growth_of_a_blank_amount_is_not_the_neighbours() -> None:
    claims = read(
        "一、部门决算情况说明",
        "（三）支出决算情况说明",
        "基本支出64.10万元，比上年增加3.20万元，增长5.25%；项目支出为万元，比上年增长0.00%。",
        tables=False,
    )
    growth = [c for c in claims if c.kind == "growth"]
    assert [(c.text, c.subject) for c in growth] == [("5.25%", "基本支出"), ("0.00%", "项目支出")]
    assert growth[1].change is None


def test_unit_words_are_not_blank_amounts() -> None:
    claims = read(
        "一、部门决算情况说明",
        "（三）支出决算情况说明",
        "（单位：万元）本年支出合计88.40万元，其中：基本支出88.40万元，占100.00%。",
        tables=False,
    )
    share = by_text(claims, "100.00%")
    assert share.subject == "基本支出" and share.part is not None


def test_wan_without_yuan_before_a_bracket_is_an_amount_and_ends_the_clause() -> None:
    claims = read(
        "一、部门决算情况说明",
        "（二）“三公”经费财政拨款支出决算具体情况说明",
        "3、公务接待费支出0.47万元。其中：国内公务接待支出0.47万（含外宾接待支出0.00万元）。",
        tables=False,
    )
    wan = by_text(claims, "0.47万")
    assert wan.value is not None and wan.value.unit == "万元"
    # the bracketed part names its own subject, not 公务接待费 (it would be compared with 09表)
    assert by_text(claims, "0.00万元").subject != "公务接待费"


def test_a_count_with_thousands_separators_is_read_not_a_crash() -> None:
    claims = read("十二、国有资产占用情况说明", "2023年共为28,553人次提供服务，另有1,200.00人次待核实。")
    counts = [c for c in claims if c.kind == "count"]
    assert [c.value.value for c in counts if c.value is not None] == [Decimal("28553"), Decimal("1200.00")]
