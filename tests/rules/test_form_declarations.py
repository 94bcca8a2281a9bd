"""The 绩效自评表's money-block sums declared as data (rules/identities/performance.toml, table = "P":
every form of a document): PERF-TASK-SUM, PERF-SOURCE-SUM, PERF-BALANCE; the keys they use
(each_row as a list beside each_column, each_column's ``columns`` and 任务* pattern, the own-row
rule of several breakdowns of one total); an operator's identity on "P"; refusals naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Cell, Disclosure, Row, Table
from ingest.numbers import parse_amount
from rules import check, identities, performance
from rules.catalog import rule_by_id
from rules.identities.examples import run_examples
from tests.rules.helpers import findings, loaded_in_subprocess, refused

PACKAGED = (
    "PERF-TASK-SUM",
    "PERF-SOURCE-SUM",
    "PERF-BALANCE",
    "PERF-WEIGHT-GROUP",
    "PERF-WEIGHT-TOTAL",
    "PERF-SCORE-TOTAL",
)


def form(columns: list[str], rows: dict[str, list[str]], tid: str = "P01") -> Table:
    """A 绩效自评表 printing `rows` (key → figures in `columns`, "" for a blank cell)."""
    out = Table(id=tid, title="项目支出绩效自评表", unit="万元", columns=columns)
    for key, figures in rows.items():
        r = Row(key=key, label=key)
        for column, text in zip(columns, figures, strict=True):
            if text:
                r.cells[column] = Cell(tid, key, column, text, parse_amount(text))
        out.rows.append(r)
    return out


def document(*tables: Table) -> Disclosure:
    return Disclosure(source="forms.pdf", kind="final_account", tables={t.id: t for t in tables})


def test_the_money_block_sums_are_declared_on_every_form() -> None:
    for rid in PACKAGED:
        assert identities.is_declared(rid)
        spec = rule_by_id(rid)
        assert spec.family == "performance" and spec.tables == ("P",)
    task = next(d for d in identities.declared_column_sums("P") if d.id == "PERF-TASK-SUM")
    assert task.column_sums == (("金额合计", ("任务*",)),)
    assert task.takes_column("全年执行数/财政拨款") and not task.takes_column("得分")
    source = next(d for d in identities.declared() if d.id == "PERF-SOURCE-SUM")
    assert [(f.table, f.total) for f in source.forms] == [("P", "全年预算数/总额"), ("P", "全年执行数/总额")]
    assert len(source.column_sums) == 3 and source.row_names("年度资金总额") == ("年度资金总额", "金额合计")
    for decl in (d for d in identities.declared() if d.id in PACKAGED):
        assert all(r.ok for r in run_examples([decl])), decl.id


def test_every_form_of_a_document_is_summed_in_the_columns_named() -> None:
    """Two project forms: the first's 年度资金总额 differs from its sources in 全年执行数 (found there),
    the second's 得分 column (not a money column) is never summed."""
    columns = ["年初预算数", "全年预算数", "全年执行数", "得分"]
    first = form(
        columns,
        {
            "年度资金总额": ["50", "50", "45", "9"],
            "当年财政拨款": ["50", "50", "40", ""],
            "其他资金": ["0", "0", "0", ""],
        },
    )
    second = form(
        columns,
        {"年度资金总额": ["20", "20", "20", "10"], "当年财政拨款": ["20", "20", "20", "1"]},
        tid="P02",
    )
    out = check(document(first, second))
    [f] = findings(out, "PERF-SOURCE-SUM")
    assert f.severity == "warning" and f.evidence[0].table == "P01"
    assert "“年度资金总额”行“全年执行数”栏为45万元" in f.message and "相差5万元" in f.message
    stated = [(i.table.id, i.column) for i in performance.form_plan(second)]
    assert stated == [("P02", "年初预算数"), ("P02", "全年预算数"), ("P02", "全年执行数")]


def test_a_breakdown_is_summed_only_where_a_row_of_its_own_is_printed() -> None:
    """A form by level of government that prints 其他资金 too: 年度资金总额 = 中央 + 市县 + 其他 holds;
    the breakdown 当年财政拨款 + 上年结转资金 + 其他资金 shares only 其他资金 with it and is not stated
    (总额 96 against 其他资金 8 alone would be a false finding)."""
    t = form(
        ["全年预算数"],
        {"年度资金总额": ["96"], "中央财政资金": ["48"], "市县财政资金": ["40"], "其他资金": ["8"]},
    )
    stated = [
        [r.key for _, r in [(0, i.row)]] + [p[0].key for p in i.parts] for i in performance.form_plan(t)
    ]
    assert stated == [["年度资金总额", "中央财政资金", "市县财政资金", "其他资金"]]
    assert findings(check(document(t)), "PERF-SOURCE-SUM") == []


def test_a_part_column_the_form_does_not_print_is_left_out() -> None:
    """A 部门整体 form printing 总额 and 财政拨款 only: 总额 = 财政拨款 on every row; a form without the
    total column states nothing (no finding, no note: another layout, not a defect)."""
    t = form(["全年预算数/总额", "全年预算数/财政拨款"], {"金额合计": ["100", "90"], "任务1": ["100", "100"]})
    out = check(document(t))
    [f] = findings(out, "PERF-SOURCE-SUM")
    assert "“金额合计”行“全年预算数/总额”栏为100万元" in f.message
    bare = form(["全年预算数/财政拨款", "全年预算数/其他资金"], {"金额合计": ["90", "10"]})
    assert [i for i in performance.form_plan(bare) if i.rule.id == "PERF-SOURCE-SUM"] == []
    assert [n for n in check(document(bare)).not_evaluated if n.rule_id.startswith("PERF-")] == []


OPERATOR = """\
# 本地模板的一条恒等式（仅为测试）：全年预算数 = 年初预算数/预算编制数 + 资金结余。
table = "P"

[[identity]]
id = "X-PERF-DRAFTED"
family = "performance"
each_row = "全年预算数 = 年初预算数/预算编制数 + 资金结余"
title = "测试：全年预算数＝预算编制数＋资金结余"
severity = "warning"
rationale = "测试用。"
fires = "全年预算数 120，预算编制数 100，资金结余 10。"
silent = "全年预算数 110 = 100 + 10。"

[[identity.example]]
expect = "fires"
row = { "全年预算数" = "120", "年初预算数/预算编制数" = "100", "资金结余" = "10" }

[[identity.example]]
expect = "silent"
row = { "全年预算数" = "110", "年初预算数/预算编制数" = "100", "资金结余" = "10" }
"""


def test_an_operators_identity_on_the_forms_runs_beside_the_packaged_ones(tmp_path: Path) -> None:
    path = tmp_path / "forms.toml"
    path.write_text(OPERATOR, encoding="utf-8")
    got = loaded_in_subprocess(
        path,
        """
from rules import check
from rules.identities.examples import run_examples
from tests.rules.test_form_declarations import document, form
t = form(["年初预算数/预算编制数", "全年预算数", "全年执行数", "资金结余"],
         {"年度资金总额": ["100", "120", "100", "10"], "当年财政拨款": ["100", "120", "100", "10"]})
out = check(document(t))
mine = sorted({f.rule_id for f in out.findings if f.rule_id.startswith(("PERF-", "X-PERF-"))})
print(json.dumps([mine, [r.ok for r in run_examples(loaded)]]))
""",
    )
    ids, examples = got
    # 120 ≠ 100 + 10 on both rows (the operator's), 10 ≠ 120 − 100 (PERF-BALANCE, packaged)
    assert ids == ["PERF-BALANCE", "X-PERF-DRAFTED"]
    assert examples == [True, True]


GOOD = """\
table = "P"

[[identity]]
id = "X-PERF-SUM"
each_column = ["年度资金总额 = 当年财政拨款 + 其他资金", "年度资金总额 = 中央财政资金 + 其他资金"]
columns = ["全年预算数*", "资金结余"]
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "总额 3，1 + 1。"
silent = "总额 2 = 1 + 1。"

[[identity.example]]
expect = "fires"
column = { "年度资金总额" = "3", "当年财政拨款" = "1", "其他资金" = "1" }
"""


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (
            ('columns = ["全年预算数*", "资金结余"]', 'columns = ["全年预算数*", "结余*"]'),
            6,
            "“结余*”不是绩效自评表的栏目",
        ),
        (('columns = ["全年预算数*", "资金结余"]', "columns = []"), 6, "columns 须为栏目名或样式的列表"),
        (
            ("年度资金总额 = 当年财政拨款 + 其他资金", "年度资金总额 = 当年拨款 + 其他资金"),
            5,
            "没有“当年拨款”行",
        ),
        (
            ("title = ", "require_money_column = true\ntitle = "),
            7,
            "require_money_column 只与 indicator_sum 同写",
        ),
        (("年度资金总额 = 当年财政拨款 + 其他资金", "任务* = 当年财政拨款 + 其他资金"), 5, "合计行须写行名"),
        (('table = "P"', 'table = "P9"'), 1, "未知的表"),
        (('"当年财政拨款" = "1"', '"任务1" = "1"'), 13, "“任务1”不在 each_column 中"),
    ],
)
def test_a_malformed_form_declaration_is_refused_naming_its_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    refused(tmp_path, GOOD, change, line, words)


def test_columns_and_groups_are_refused_where_they_cannot_run(tmp_path: Path) -> None:
    row = GOOD.replace(
        'each_column = ["年度资金总额 = 当年财政拨款 + 其他资金", "年度资金总额 = 中央财政资金 + 其他资金"]',
        'each_row = "全年预算数 = 年初预算数"',
    )
    row = row[: row.index("[[identity.example]]")]
    refused(tmp_path, GOOD, (GOOD, row), 6, "columns 只与 each_column 同写")
    groups = GOOD.replace('columns = ["全年预算数*", "资金结余"]', 'groups = ["年度资金总额"]')
    groups = groups[: groups.index("[[identity.example]]")]
    refused(tmp_path, GOOD, (GOOD, groups), 3, "须写 each_row")
    path = tmp_path / "g.toml"
    path.write_text(
        groups.replace(
            'each_column = ["年度资金总额 = 当年财政拨款 + 其他资金", "年度资金总额 = 中央财政资金 + 其他资金"]',
            'each_row = "全年预算数 = 年初预算数"',
        ),
        encoding="utf-8",
    )
    with pytest.raises(identities.DeclarationError, match="绩效自评表不能写 groups"):
        identities.parse_file(path)


def test_the_indicator_block_sums_are_declared_over_the_rows_the_reader_finds() -> None:
    got = {d.id: d for d in identities.declared_indicator_sums("P")}
    assert list(got) == ["PERF-WEIGHT-GROUP", "PERF-WEIGHT-TOTAL", "PERF-SCORE-TOTAL"]
    assert got["PERF-WEIGHT-GROUP"].indicator_sum == "一级指标 = Σ 指标"
    assert got["PERF-WEIGHT-TOTAL"].columns == ("分值",) and got["PERF-WEIGHT-TOTAL"].require_money_column
    assert got["PERF-SCORE-TOTAL"].columns == ("得分",) and not got["PERF-SCORE-TOTAL"].require_money_column


def indicator_form(
    money: dict[str, str], group: dict[str, str], indicators: list[dict[str, str]], total: dict[str, str]
) -> Table:
    """A project form whose money block's 年度资金总额 prints `money` and whose indicator block prints one
    一级指标 (`group`), its `indicators` and the 总分 row (`total`), figures in points."""
    from ingest.indicators import POINTS

    def row(key: str, role: str, figures: dict[str, str], parent: str | None = None) -> Row:
        r = Row(key=key, label=key, role=role, parent=parent)  # type: ignore[arg-type]
        for column, text in figures.items():
            unit = POINTS if column in ("分值", "得分") else "万元"
            r.cells[column] = Cell("P01", key, column, text, parse_amount(text, unit=unit))
        return r

    t = Table(id="P01", title="项目支出绩效自评表", unit="万元", columns=["全年预算数", "全年执行数", *money])
    t.rows.append(row("年度资金总额", "total", {"全年预算数": "100", "全年执行数": "90", **money}))
    t.indicators.append(row("产出指标", "group", group))
    t.indicators += [row(f"指标{i}", "indicator", f, parent="产出指标") for i, f in enumerate(indicators, 1)]
    t.indicators.append(row("总分", "total", total))
    return t


def test_the_total_weight_needs_the_money_blocks_weight_and_the_score_does_not() -> None:
    """A money block without a 分值 column: the 总分's 分值 (100 = 10 printed nowhere + 90) is not
    summed (require_money_column), its 得分 is (88 = Σ indicators' 得分)."""
    t = indicator_form(
        {},
        {"分值": "90"},
        [{"分值": "50", "得分": "48"}, {"分值": "40", "得分": "40"}],
        {"分值": "100", "得分": "88"},
    )
    stated = [(i.rule.id, i.column) for i in performance.indicator_identities(t)]
    assert stated == [("PERF-WEIGHT-GROUP", "分值"), ("PERF-SCORE-TOTAL", "得分")]
    with_weight = indicator_form(
        {"分值": "10", "得分": "9"},
        {"分值": "90"},
        [{"分值": "50", "得分": "48"}, {"分值": "40", "得分": "40"}],
        {"分值": "100", "得分": "88"},
    )
    out = check(document(with_weight))
    [f] = findings(out, "PERF-SCORE-TOTAL")  # 88 ≠ 9 + 48 + 40
    assert "预算执行率得分与各指标得分之和为97分" in f.message and "相差9分" in f.message
    assert findings(out, "PERF-WEIGHT-TOTAL") == [] and findings(out, "PERF-WEIGHT-GROUP") == []


GROUP_SCORE = """\
table = "P"

[[identity]]
id = "X-PERF-GROUP-SCORE"
family = "performance"
indicator_sum = "一级指标 = Σ 指标"
columns = ["得分"]
title = "测试：一级指标得分＝其下指标得分之和"
severity = "info"
rationale = "测试用。"
fires = "产出指标得分 45，其下 20 + 20。"
silent = "45 = 25 + 20。"

[[identity.example]]
expect = "fires"
group = "45"
indicators = ["20", "20"]

[[identity.example]]
expect = "silent"
group = "45"
indicators = ["25", "20"]
"""


def test_an_operators_indicator_sum_runs_beside_the_packaged_ones(tmp_path: Path) -> None:
    path = tmp_path / "scores.toml"
    path.write_text(GROUP_SCORE, encoding="utf-8")
    got = loaded_in_subprocess(
        path,
        """
from rules import check
from rules.identities.examples import run_examples
from tests.rules.test_form_declarations import document, indicator_form
t = indicator_form({}, {"分值": "50", "得分": "45"}, [{"分值": "25", "得分": "20"}, {"分值": "25", "得分": "20"}], {})
out = check(document(t))
print(json.dumps([[f.rule_id for f in out.findings if f.rule_id.startswith("X-")], [r.ok for r in run_examples(loaded)]]))
""",
    )
    assert got == [["X-PERF-GROUP-SCORE"], [True, True]]


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (
            ('indicator_sum = "一级指标 = Σ 指标"', 'indicator_sum = "一级指标 = 指标"'),
            6,
            "indicator_sum 须为",
        ),
        (('columns = ["得分"]', 'columns = ["执行率"]'), 7, "columns 须为指标栏目的列表"),
        (
            ('columns = ["得分"]', 'columns = ["得分"]\nrequire_money_column = true'),
            8,
            "只与“总分 = 预算执行率 + Σ 指标”同写",
        ),
        (('table = "P"', 'table = "05"'), 6, "indicator_sum 只用于绩效自评表"),
        (('indicators = ["20", "20"]', 'items = ["20", "20"]'), 14, "示例须含 expect、group 与 indicators"),
    ],
)
def test_a_malformed_indicator_sum_is_refused_naming_its_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    refused(tmp_path, GROUP_SCORE, change, line, words)
