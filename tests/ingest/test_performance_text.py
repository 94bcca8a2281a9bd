"""绩效自评表 printed as loose text lines (ingest/performance_text.py), hooked into recognise()."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest import indicators
from ingest.model import Cell, Row, Table
from ingest.reader import read_document
from ingest.tables import Recognised, recognise
from ingest.text import read_text
from tests.conftest import require_shared

WHOLE_COLUMNS = [
    "全年预算数/总额",
    "全年预算数/财政拨款",
    "全年预算数/其他资金",
    "全年执行数/总额",
    "全年执行数/财政拨款",
    "全年执行数/其他资金",
    "分值",
    "执行率",
    "得分",
]

# The header of a whole-department form as extracted: one word per line.
HEADER = [
    "部门（单位）名称 某县医疗保障局",
    "年",
    "度",
    "任务",
    "名称",
    "主要内容 完成情况",
    "全年预算数（万元） 全年执行数（万元）",
    "分",
    "值",
    "执行",
    "率",
    "得分",
    "总额",
    "财政",
    "拨款",
    "其他",
    "资金",
    "总额",
    "财政",
    "拨款",
    "其他",
    "资金",
]
GOALS = [
    "年",
    "度",
    "总",
    "体",
    "目",
    "标",
    "预期目标（年初设定） 目标实际完成情况",
    "完善城乡居民医保经办制度。",
]
INDICATOR_HEADER = ["一级", "指标", "二级指标 指标内容 年度指标值 实际完成值 分值 得分"]


def _doc(
    *blocks: list[str], before: tuple[str, ...] = ("（二）部门整体支出绩效自评结果", "自评得分情况如下。")
) -> str:
    lines = [*before]
    for b in blocks:
        lines.extend(b)
    lines.extend(["（三）项目绩效自评结果", "本部门不单独填写绩效自评表。"])
    return "\n".join(lines)


def _form(found: Recognised, tid: str = "P01") -> Table:
    assert tid in found.tables, sorted(found.tables)
    return found.tables[tid]


def _cell(table: Table, row: str, column: str) -> Cell | None:
    r = table.row(row)
    assert r is not None, (row, [x.key for x in table.rows])
    return r.cells.get(column)


def _amount(table: Table, row: str, column: str) -> Decimal | None:
    c = _cell(table, row, column)
    return c.amount.value if c is not None and c.amount is not None else None


def _indicator(table: Table, key: str) -> Row:
    r = next((x for x in table.indicators if x.key == key), None)
    assert r is not None, (key, [x.key for x in table.indicators])
    return r


def _value(row: Row, column: str) -> Decimal | None:
    a = row.amount(column)
    return a.value if a is not None else None


def _all_cells(table: Table) -> list[Cell]:
    return [*table.cells(), *(c for r in table.indicators for c in r.cells.values())]


def test_clean_form_is_read_like_a_grid() -> None:
    text = _doc(
        ["某县医疗保障局部门整体支出绩效自评表", "（2024 年度）"],
        HEADER,
        [
            "任务1 人员经费 完成 100.00 100.00 100.00 100.00 — 100% —",
            "任务 2 专项经费 完成 25.5 20.5 5.0 25.5 20.5 5.0 — 100% —",
            "金额合计 125.50 120.50 125.50 120.50 20 100% 19",
        ],
        GOALS,
        INDICATOR_HEADER,
        [
            "产出指标（50 分） 数量指标 参保人数 ≥3000人 3200人 30 30",
            "质量指标 指标 1：结算准确率 100% 100% 20 20",
            "满意度指标（10 分） 服务对象满意度指标 群众满意度 ≥90% 95% 10 9",
            "总分 100 98",
        ],
    )
    found = recognise(read_text(text))
    form = _form(found)
    assert form.title == "某县医疗保障局部门整体支出绩效自评表"
    assert form.columns == WHOLE_COLUMNS
    assert [r.key for r in form.rows] == ["任务1", "任务2", "金额合计"]
    assert form.row("任务1").label == "任务1（人员经费）"  # type: ignore[union-attr]
    assert form.row("金额合计").role == "total"  # type: ignore[union-attr]
    # four numbers: 其他资金 blank
    assert _amount(form, "任务1", "全年执行数/财政拨款") == Decimal("100.00")
    assert _cell(form, "任务1", "全年预算数/其他资金") is None
    # six numbers fill all six money columns
    assert _amount(form, "任务2", "全年预算数/其他资金") == Decimal("5.0")
    assert _amount(form, "任务2", "全年执行数/总额") == Decimal("25.5")
    assert _amount(form, "金额合计", "分值") == Decimal(20)
    assert _amount(form, "金额合计", "得分") == Decimal(19)
    rate = _cell(form, "金额合计", "执行率")
    assert rate is not None and rate.amount is not None and rate.amount.unit == "%"
    cell = _cell(form, "任务2", "全年执行数/财政拨款")
    assert cell is not None and cell.amount is not None
    assert (cell.amount.decimals, cell.amount.unit, cell.text) == (1, "万元", "20.5")
    assert cell.loc.line is not None and cell.loc.line > 1
    # indicators, built as ingest/indicators.py builds them
    groups = [r for r in form.indicators if r.role == "group"]
    assert [(g.key, _value(g, "分值")) for g in groups] == [
        ("一级:产出指标", Decimal("50")),
        ("一级:满意度指标", Decimal("10")),
    ]
    people = _indicator(form, "指标:产出指标/数量指标/参保人数")
    assert people.parent == _indicator(form, "一级:产出指标").label and people.lane == "数量指标"
    assert _value(people, "年度指标值") == Decimal("3000") and _value(people, "得分") == Decimal("30")
    assert [(g.key, len(m)) for g, m in indicators.groups(form.indicators)] == [
        ("一级:产出指标", 2),
        ("一级:满意度指标", 1),
    ]
    rate_row = _indicator(form, "指标:产出指标/质量指标/指标1：结算准确率")
    assert rate_row.amount("实际完成值") is not None
    total = _indicator(form, "总分")
    assert (
        total.role == "total"
        and _value(total, "分值") == Decimal("100")
        and _value(total, "得分") == Decimal("98")
    )
    # every cell read from loose text is uncertain
    assert all(c.uncertain for c in _all_cells(form))
    assert form.problems == []
    # the form's lines (and its title) are not narrative; the heading after it is
    narrative = [x.text for x in found.narrative]
    assert not any("任务" in t or "总分" in t or "绩效自评表" == t[-6:] for t in narrative)
    assert "（三）项目绩效自评结果" in narrative and "自评得分情况如下。" in narrative
    assert found.performance_text_forms == 0


def test_wrapped_numbers_are_joined_only_when_the_row_confirms_them() -> None:
    text = _doc(
        HEADER,
        [
            # 执行 总额 broken over two lines, confirmed by 执行 财政拨款 beside it
            "任务1 工资福利 完成 119.96 120.59",
            "120.5",
            "9",
            "120.59 — 100% —",
            # the join reads 50.12, but the row says 总额 = 财政拨款 = 40.00: left out
            "任务2 日常运转 完成 40.00 40.00",
            "50.1",
            "2",
            "40.00 — 100% —",
            "金额合计 160.59 160.59 170.71 160.59 20 100% 20",
        ],
        GOALS,
    )
    form = _form(recognise(read_text(text)))
    joined = _cell(form, "任务1", "全年执行数/总额")
    assert joined is not None and joined.amount is not None
    assert joined.amount.value == Decimal("120.59") and joined.amount.decimals == 2
    assert joined.uncertain
    assert _amount(form, "任务1", "全年预算数/总额") == Decimal("119.96")  # printed as is, never repaired
    assert _cell(form, "任务2", "全年执行数/总额") is None
    assert _amount(form, "任务2", "全年执行数/财政拨款") == Decimal("40.00")
    assert any("“任务2（日常运转）”行“全年执行数/总额”栏的断行数字“50.12”" in p for p in form.problems)


def test_rows_whose_count_does_not_fit_are_not_guessed() -> None:
    text = _doc(
        HEADER,
        [
            "任务1 工资福利 完成 10.00 10.00 10.00 — 100% —",  # three money numbers
            "任务2 日常运转 完成 5.00 5.00 5.00 5.00 5.00 — 100% —",  # five
            "任务3 项目支出 完成 43.58 43.58 43.58 43.58 — —",
            "— —",
            "金额合计 58.58 58.58 58.58 58.58 20 100% 20",
        ],
        GOALS,
    )
    form = _form(recognise(read_text(text)))
    assert [r.key for r in form.rows] == ["任务3", "金额合计"]
    assert sum("“任务1（工资福利）”行" in p and "未读取" in p for p in form.problems) == 1
    assert sum("“任务2（日常运转）”行" in p and "未读取" in p for p in form.problems) == 1
    # 任务3: four numbers and dashes, its 分值/执行率/得分 dashed
    assert _amount(form, "任务3", "全年执行数/财政拨款") == Decimal("43.58")
    assert _amount(form, "任务3", "执行率") is None


def test_indicator_lines_with_missing_values_and_broken_labels() -> None:
    text = _doc(
        HEADER,
        [
            "任务1 工资福利 完成 10.00 10.00 10.00 10.00 — 100% —",
            "金额合计 10.00 10.00 10.00 10.00 20 100% 20",
        ],
        GOALS,
        INDICATOR_HEADER,
        [
            "产出",
            "指标",
            "（50 分）",
            "数量指标",
            "指标 1.年度工资福利发放 按时兑现 100%",  # two values: 指标值 and 实际完成值
            "指标 2.机关日常运转 保证运转 100% 10 10",
            "时效指标",
            "指标 1：工资及时兑现 100% 10 10",  # three values: which one is missing is not known
            "仅有名称的指标",  # nothing printed: skipped
            "成本指标 预算控制数 20.93 200.93 10 10",
            "效益指标",
            "（30 分）",
            "社会效益指标",
            "1.加大 DIP 支付改革",
            "2.完善打击欺诈骗保工作力度 ≥90 ≥90 10 10",
            "满意度",
            "指标",
            "（10 分）",
            "服务对象满意",
            "度指标",
            "干部职工及服务对象 100% 100% 10 10",
            "合计 100",
        ],
    )
    form = _form(recognise(read_text(text)))
    keys = [r.key for r in form.indicators]
    assert keys == [
        "一级:产出指标",
        "指标:产出指标/数量指标/指标1.年度工资福利发放",
        "指标:产出指标/数量指标/指标2.机关日常运转",
        "指标:产出指标/成本指标/预算控制数",
        "一级:效益指标",
        "指标:效益指标/社会效益指标/1.加大DIP支付改革2.完善打击欺诈骗保工作力度",
        "一级:满意度指标",
        "指标:满意度指标/服务对象满意度指标/干部职工及服务对象",
        "总分",
    ]
    first = _indicator(form, "指标:产出指标/数量指标/指标1.年度工资福利发放")
    assert set(first.cells) == {"年度指标值", "实际完成值"}
    assert first.cells["年度指标值"].text == "按时兑现" and first.amount("实际完成值") is not None
    group = _indicator(form, "一级:产出指标")
    assert _value(group, "分值") == Decimal("50") and group.cells["分值"].uncertain
    assert _value(_indicator(form, "一级:满意度指标"), "分值") == Decimal("10")
    cost = _indicator(form, "指标:产出指标/成本指标/预算控制数")
    assert cost.cells["年度指标值"].text == "20.93" and cost.cells["实际完成值"].text == "200.93"
    assert any("指标1：工资及时兑现" in p and "未读取" in p for p in form.problems)
    # “合计 100”: one number, 分值 or 得分 cannot be told
    total = _indicator(form, "总分")
    assert total.cells == {}
    assert any("合计" in p and "100" in p for p in form.problems)


def test_form_of_another_template_stays_unparsed_and_narrative() -> None:
    # a money block with neither 任务N rows nor a 年初预算数 header: not read
    text = _doc(
        [
            "部门（单位）名称 某市统计局",
            "预算安排 实际支出 完成比例",
            "部门预算总额（万元） 300.00 280.00 93.33%",
            "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
            "产出指标",
            "统计报表按时报送率 100% 100% 40 40",
            "总分 100 95",
        ]
    )
    found = recognise(read_text(text))
    assert not [t for t in found.tables if t.startswith("P")]
    assert found.performance_text_forms == 1
    assert "总分 100 95" in [x.text for x in found.narrative]


def test_grid_and_loose_forms_are_numbered_in_print_order() -> None:
    grid = [
        "某项目绩效自评表",
        "项目名称\t\t\t某项目\t\t\t\t\t\t",
        "项目资金 (万元)\t\t\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分",
        "\t\t\t年度资金总额\t50\t50\t45\t10\t90%\t9",
        "\t\t\t其中：当年财政拨款\t50\t50\t45\t—\t90%\t—",
        "年度总体目标完成情况\t预期目标（年初设定）\t\t\t\t\t实际完成情况\t\t\t",
    ]
    loose = [*HEADER, "任务1 工资福利 完成 10.00 10.00 10.00 10.00 — 100% —"]
    found = recognise(read_text(_doc(loose, ["说明：无。"], grid)))
    assert _form(found, "P01").row("任务1") is not None
    assert _form(found, "P02").row("年度资金总额") is not None


@pytest.mark.shared
def test_seed000_text_form_reads_like_the_pdf() -> None:
    txt = require_shared("seeds", "000_e21b73d48c1b8d26.txt")
    pdf = require_shared("corpus", "seed000_office.pdf")
    t = read_document(Path(txt).read_bytes(), txt.name, "text")
    p = read_document(Path(pdf).read_bytes(), pdf.name, "pdf")
    assert sorted(x for x in t.tables if x.startswith("P")) == ["P01"]
    tf, pf = t.tables["P01"], p.tables["P01"]
    assert tf.title == pf.title == "部门整体支出绩效自评表"
    assert tf.columns == pf.columns
    assert [r.key for r in tf.rows] == [r.key for r in pf.rows] == ["任务1", "任务2", "任务3", "金额合计"]
    assert [r.label for r in tf.rows] == [r.label for r in pf.rows]
    # the key's entries: 任务2 执行 财政拨款 44.52 vs 总额 36.76; 任务1 预算 119.96 vs 120.59
    assert _amount(tf, "任务2", "全年执行数/财政拨款") == Decimal("44.52")
    assert _amount(tf, "任务2", "全年执行数/总额") == Decimal("36.76")
    assert _amount(tf, "任务1", "全年预算数/总额") == Decimal("119.96")
    assert _amount(tf, "金额合计", "全年预算数/总额") == Decimal("200.3")
    assert _amount(tf, "任务1", "全年执行数/总额") == Decimal("120.59")  # “120.5” / “9” joined
    compared = 0
    for rt in [*tf.rows, *tf.indicators]:
        rp = pf.row(rt.key) or next((r for r in pf.indicators if r.key == rt.key), None)
        if rp is None:
            continue
        for column, cell in rt.cells.items():
            other = rp.cells.get(column)
            if other is None or other.amount is None or cell.amount is None:
                continue
            assert (cell.amount.value, cell.amount.unit) == (other.amount.value, other.amount.unit), (
                rt.key,
                column,
            )
            compared += 1
    assert compared >= 50
    # the same groups with the indicators both read (the PDF misses 满意度指标 over the page)
    text_groups = {g.key: {r.key for r in m} for g, m in indicators.groups(tf.indicators)}
    for g, members in indicators.groups(pf.indicators):
        assert {r.key for r in members} <= text_groups[g.key]
    assert all(c.uncertain for c in _all_cells(tf))
    assert t.quality["performance_forms"] == {"titles": 0, "parsed": 1}


# ---------------------------------------------------------------------------------------------
# The 年初预算数 template: one money row per source, names broken over lines
# ---------------------------------------------------------------------------------------------

INITIAL_COLUMNS = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
INITIAL_HEAD = [
    "部门（单位）名称 某区文化和旅游局",
    "部门整体支",
    "出情况",
    "年初预算数 全年预算数 全年执行数 分值 执行率 得分",
]
INITIAL_GOALS = [
    "年度履职目",
    "标",
    "预期目标 实际完成情况",
    "1.完成年度公共文化惠民任务；",
    "全面完成。",
]
INITIAL_INDICATOR_HEADER = [
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差度 偏差原因分析及改进措施"
]


def test_initial_budget_template_is_read_row_by_row() -> None:
    text = _doc(
        INITIAL_HEAD,
        [
            "部门预算总额（万元） 820.50 900.00 855.00 10 95.00 9.5",
            "资金来源：（1）政府预算资金 800.50 880.00 836.00 - 95.00 -",
            "     （2）财政专户管理资金 0 0 0 - 0 -",
            "     （3）单位资金 20 20 19 - 95 -",
        ],
        INITIAL_GOALS,
        INITIAL_INDICATOR_HEADER,
        [
            "绩效指标",
            "投入管理指标",
            "工作目标管理",
            "工作任务科学性 科学 100% 20 20 0.00%",
            "场馆安全检查执行率 ≥100% 0% 5 0 -100.00%",
            "本年度未开展专项检查，",  # the 偏差原因 carried over two lines
            "下年度补做。",
            "产出指标",
            "重点任务完成",
            "公共文化场馆免费开放服",
            "务完成率",
            "≥98% 100% 25 25 0.00%",
            " 非遗展演活动举办场次",
            "12场 10场 10 8.5 -16.67%",
            "效益指标",
            "社会效益",
            " 群众文化生活丰富程度提",
            "高",
            "有所提高 100% 15 15 0.00%",  # a word 指标值 opens the values line
            "满意度",
            " 游客满意度 ≥90% 92% 15 15 0.00%",
            "总分 100 97.5",
        ],
    )
    found = recognise(read_text(text))
    form = _form(found)
    assert found.performance_text_forms == 0
    assert form.title == "部门整体支出绩效自评表"
    assert form.columns == INITIAL_COLUMNS
    assert [(r.key, r.label, r.role) for r in form.rows] == [
        ("金额合计", "部门预算总额（万元）", "total"),
        ("政府预算资金", "资金来源：（1）政府预算资金", "detail"),
        ("财政专户管理资金", "（2）财政专户管理资金", "detail"),
        ("单位资金", "（3）单位资金", "detail"),
    ]
    assert _amount(form, "金额合计", "年初预算数") == Decimal("820.50")
    assert _amount(form, "金额合计", "全年执行数") == Decimal("855.00")
    assert _amount(form, "金额合计", "得分") == Decimal("9.5")
    rate = _cell(form, "单位资金", "执行率")
    assert rate is not None and rate.amount is not None and rate.amount.unit == "%"
    assert rate.amount.value == Decimal("95")
    dash = _cell(form, "政府预算资金", "分值")
    assert dash is not None and dash.text == "-" and dash.amount is None
    assert not form.problems
    assert [r.key for r in form.indicators] == [
        "一级:投入管理指标",
        "指标:投入管理指标//工作任务科学性",
        "指标:投入管理指标//场馆安全检查执行率",
        "一级:产出指标",
        "指标:产出指标//公共文化场馆免费开放服务完成率",
        "指标:产出指标//非遗展演活动举办场次",
        "一级:效益指标",
        "指标:效益指标//群众文化生活丰富程度提高",
        "一级:满意度指标",
        "指标:满意度指标//游客满意度",
        "总分",
    ]
    broken = _indicator(form, "指标:产出指标//公共文化场馆免费开放服务完成率")
    assert {c: x.text for c, x in broken.cells.items()} == {
        "年度指标值": "≥98%",
        "实际完成值": "100%",
        "分值": "25",
        "得分": "25",
    }
    worded = _indicator(form, "指标:效益指标//群众文化生活丰富程度提高")
    assert worded.cells["年度指标值"].text == "有所提高" and _value(worded, "分值") == Decimal("15")
    assert _value(_indicator(form, "指标:产出指标//非遗展演活动举办场次"), "得分") == Decimal("8.5")
    total = _indicator(form, "总分")
    assert _value(total, "分值") == Decimal("100") and _value(total, "得分") == Decimal("97.5")
    assert _all_cells(form) and all(c.uncertain for c in _all_cells(form))


def test_initial_budget_rows_that_do_not_fit_are_left_out() -> None:
    text = _doc(
        INITIAL_HEAD,
        [
            "部门预算总额（万元） 820.50 900.00 855.00 10 95.00 9.5",
            "资金来源：（1）政府预算资金 800.50 880.00 836.00 95.00 -",  # a dash missing: 5 values
            "     （2）财政专户管理资金",  # the label alone, its values below
            "0 0 0 - 0 -",
            "     （3）单位资金 20 95% 19 20 - -",  # a percentage in a money column
        ],
        INITIAL_GOALS,
        ["一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差度"],
        [
            "产出指标",
            "数量指标",
            "文化下乡演出完成场次比",
            "例",
            "合格 95 5 5 5",  # “合格” the name (95, 5, 5, 5) or the 指标值 of the name above
            "总分 100 95",
        ],
    )
    form = _form(recognise(read_text(text)))
    assert [r.key for r in form.rows] == ["金额合计", "财政专户管理资金"]
    assert _amount(form, "财政专户管理资金", "全年预算数") == Decimal("0")
    assert any(
        "“资金来源：（1）政府预算资金”行" in p and "5个数值" in p and "未读取" in p for p in form.problems
    )
    assert any("“（3）单位资金”行" in p and "“95%”落在“全年预算数”栏" in p for p in form.problems)
    assert [r.key for r in form.indicators] == ["一级:产出指标", "总分"]
    assert any("合格" in p and "文化下乡演出完成场次比例" in p and "未读取" in p for p in form.problems)


@pytest.mark.shared
def test_seed003_text_form_reads_like_the_pdf() -> None:
    from ingest.layout import Grid
    from ingest.numbers import clean
    from ingest.pdf import read_pdf

    txt = require_shared("seeds", "003_640a379a94776b88.txt")
    pdf = require_shared("corpus", "seed003_office.pdf")
    t = read_document(Path(txt).read_bytes(), txt.name, "text")
    assert sorted(x for x in t.tables if x.startswith("P")) == ["P01"]
    tf = t.tables["P01"]
    assert tf.columns == INITIAL_COLUMNS
    assert [r.key for r in tf.rows] == ["金额合计", "政府预算资金", "财政专户管理资金", "单位资金"]
    assert not tf.problems
    assert all(c.uncertain for c in _all_cells(tf))
    assert t.quality["performance_forms"] == {"titles": 1, "parsed": 1}
    members = {g.key: [r.label for r in m] for g, m in indicators.groups(tf.indicators)}
    assert {k: len(v) for k, v in members.items()} == {
        "一级:投入管理指标": 19,
        "一级:产出指标": 8,
        "一级:效益指标": 3,
        "一级:满意度指标": 3,
    }
    total = _indicator(tf, "总分")
    assert _value(total, "分值") == Decimal("100") and _value(total, "得分") == Decimal("96.99")

    # The PDF prints the same form as ruled grids (pages 27–29): its header row names the money
    # columns, its money rows and indicator rows are compared cell by cell with the text's.
    pages = read_pdf(Path(pdf).read_bytes())
    rows = [
        [clean(c.text) if c is not None else "" for c in cells]
        for p in pages
        if p.number >= 27
        for b in p.blocks
        if isinstance(b, Grid)
        for cells in b.rows
    ]
    header = next(r for r in rows if "年初预算数" in r)
    at = {c: header.index(c) for c in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")}
    compared = 0
    for r in tf.rows:
        pr = next(x for x in rows if clean(r.label) in x)
        for column, cell in r.cells.items():
            assert clean(cell.text) == pr[at[column]], (r.key, column)
            compared += 1
    ind_header = next(r for r in rows if "三级指标" in r)
    name_at = ind_header.index("三级指标")
    for r in tf.indicators:
        if r.role != "indicator":
            continue
        pr = next(x for x in rows if len(x) > name_at and x[name_at] == r.label)
        for column, cell in r.cells.items():
            assert clean(cell.text) == pr[ind_header.index(column)], (r.key, column)
            compared += 1
    assert compared == 4 * 6 + 33 * 4
    # when the grid parser reads the PDF form too, both agree wherever both read a cell
    p = read_document(Path(pdf).read_bytes(), pdf.name, "pdf")
    assert sorted(k for k in p.tables if k.startswith("P")) == ["P01"]  # the grid parser reads it too
    for pf in (x for k, x in p.tables.items() if k.startswith("P")):
        for rt in [*tf.rows, *tf.indicators]:
            rp = pf.row(rt.key) or next((x for x in pf.indicators if x.key == rt.key), None)
            for column, cell in rt.cells.items() if rp is not None else ():
                other = rp.cells.get(column)
                if other is not None and other.amount is not None and cell.amount is not None:
                    assert other.amount.value == cell.amount.value, (rt.key, column)
