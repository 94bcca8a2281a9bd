"""绩效自评表 (ingest/performance.py): the money block of 部门整体支出 / 项目支出 forms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.model import Disclosure
from ingest.reader import read_document
from ingest.tables import recognise
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
PROJECT_COLUMNS = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]

# A tab-separated document with one form of each kind (and no standard table).
FORMS_TEXT = "\n".join(
    [
        "某县医疗保障局部门整体支出绩效自评表",
        "(2024年度)",
        "部门（单位）名称\t\t\t某县医疗保障局\t\t\t\t\t\t\t\t\t",
        "年度 主要 任务 完成 情况\t任务名称\t主要内容\t完成情况\t全年预算数（万元）\t\t\t全年执行数（万元）\t\t\t分值\t执行率\t得分",
        "\t总额\t财政拨款\t其他资金\t总额\t财政拨款\t其他资金\t\t\t\t\t\t",
        "\t任务1\t人员经费\t足额拨付\t100.00\t100.00\t0.00\t100.00\t100.00\t0.00\t—\t100%\t—",
        "\t任务2\t专项经费\t完成\t20.5\t20.5\t0.00\t20.5\t20.5\t0.00\t—\t100%\t—",
        "\t金额合计\t\t\t120.50\t120.50\t0.00\t120.50\t120.50\t0.00\t10\t100%\t10",
        "年度 总体 目标 完成 情况\t预期目标（年初设定）\t\t\t\t\t\t目标实际完成情况\t\t\t\t\t",
        "",
        "某项目绩效自评表",
        "项目名称\t\t\t某项目\t\t\t\t\t\t",
        "项目资金 (万元)\t\t\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分",
        "\t\t\t年度资金总额\t50\t50\t45\t10\t90%\t9",
        "\t\t\t其中：当年财政拨款\t50\t50\t45\t—\t90%\t—",
        "\t\t\t上年结转资金\t0\t0\t0\t—\t0\t—",
        "\t\t\t其他资金\t0\t0\t0\t—\t0\t—",
        "年度总体目标完成情况\t预期目标（年初设定）\t\t\t\t\t实际完成情况\t\t\t",
    ]
)


def _value(d: Disclosure, table: str, row: str, column: str) -> Decimal | None:
    t = d.tables[table]
    r = t.row(row)
    assert r is not None, (table, row, [x.key for x in t.rows])
    a = r.amount(column)
    return a.value if a is not None else None


def test_tab_separated_forms_are_parsed() -> None:
    found = recognise(read_text(FORMS_TEXT))
    assert sorted(found.tables) == ["P01", "P02"]
    assert found.performance_titles == 2
    whole, project = found.tables["P01"], found.tables["P02"]
    assert whole.title == "某县医疗保障局部门整体支出绩效自评表"
    assert whole.columns == WHOLE_COLUMNS
    assert [r.key for r in whole.rows] == ["任务1", "任务2", "金额合计"]
    assert whole.row("任务1").label == "任务1（人员经费）"  # type: ignore[union-attr]
    assert whole.row("金额合计").role == "total"  # type: ignore[union-attr]
    cell = whole.row("任务2").cells["全年执行数/财政拨款"]  # type: ignore[union-attr]
    assert (cell.amount.value, cell.amount.decimals, cell.text) == (Decimal("20.5"), 1, "20.5")  # type: ignore[union-attr]
    assert cell.loc.line is not None
    rate = whole.row("任务1").cells["执行率"].amount  # type: ignore[union-attr]
    assert rate is not None and (rate.value, rate.unit) == (Decimal(100), "%")
    assert whole.row("任务1").amount("分值") is None  # type: ignore[union-attr]
    assert project.title == "某项目绩效自评表"
    assert project.columns == PROJECT_COLUMNS
    assert [r.key for r in project.rows] == ["年度资金总额", "当年财政拨款", "上年结转资金", "其他资金"]
    assert project.row("年度资金总额").amount("全年执行数").value == Decimal(45)  # type: ignore[union-attr]


def test_a_grid_that_is_no_form_is_still_counted() -> None:
    found = recognise(read_text("某个说明表\n项目\t金额\n合计\t1.00\n"))
    assert not found.tables
    assert found.unrecognised_grids == 1


def _read(path: Path) -> Disclosure:
    return read_document(path.read_bytes(), path.name, "pdf" if path.suffix == ".pdf" else "text")


@pytest.mark.shared
@pytest.mark.parametrize("source", ["seeds/002_801dc34b793b5deb.txt", "corpus/seed002_office.pdf"])
def test_seed002_has_three_forms(source: str) -> None:
    d = _read(require_shared(*source.split("/")))
    assert sorted(t for t in d.tables if t.startswith("P")) == ["P01", "P02", "P03"]
    assert d.quality["performance_forms"] == {"titles": 3, "parsed": 3}
    assert "部门整体支出绩效自评表" in d.tables["P01"].title
    assert "离休老干部医疗费补助" in d.tables["P02"].title
    assert "联络员" in d.tables["P03"].title
    assert d.tables["P01"].columns == WHOLE_COLUMNS
    assert _value(d, "P01", "任务1", "全年预算数/总额") == Decimal("883.32")
    assert _value(d, "P01", "金额合计", "全年预算数/总额") == Decimal("1044.2")
    assert _value(d, "P01", "金额合计", "全年预算数/财政拨款") == Decimal("1044.22")
    assert _value(d, "P02", "年度资金总额", "年初预算数") == Decimal(100)
    assert _value(d, "P02", "当年财政拨款", "全年执行数") == Decimal(100)
    assert _value(d, "P03", "年度资金总额", "年初预算数") == Decimal("56.52")
    assert _value(d, "P03", "上年结转资金", "全年预算数") == Decimal(0)


@pytest.mark.shared
def test_seed000_pdf_has_the_whole_department_form() -> None:
    d = _read(require_shared("corpus", "seed000_office.pdf"))
    assert sorted(t for t in d.tables if t.startswith("P")) == ["P01"]
    form = d.tables["P01"]
    assert form.title == "部门整体支出绩效自评表"  # printed without a title line naming it
    assert [r.key for r in form.rows] == ["任务1", "任务2", "任务3", "金额合计"]
    assert _value(d, "P01", "任务2", "全年执行数/财政拨款") == Decimal("44.52")
    assert _value(d, "P01", "任务1", "全年预算数/总额") == Decimal("119.96")
    assert _value(d, "P01", "任务1", "全年预算数/财政拨款") == Decimal("120.59")
    assert _value(d, "P01", "金额合计", "全年预算数/总额") == Decimal("200.3")
    assert _value(d, "P01", "任务1", "全年预算数/其他资金") is None
    cell = form.row("任务2").cells["全年执行数/财政拨款"]  # type: ignore[union-attr]
    assert cell.loc.page == 9 and cell.loc.bbox is not None


@pytest.mark.shared
def test_seed000_space_separated_text_form_is_read_as_loose_text() -> None:
    # ingest/performance_text.py reads it (tests/ingest/test_performance_text.py)
    d = _read(require_shared("seeds", "000_e21b73d48c1b8d26.txt"))
    assert [t for t in d.tables if t.startswith("P")] == ["P01"]
    assert "as_text" not in d.quality["performance_forms"]  # type: ignore[operator]
