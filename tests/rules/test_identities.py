"""Identities declared as data (rules/identities): loading, validation, compilation, examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import rules
from ingest.schema import FINAL_ACCOUNT_TABLES
from rules import identities
from rules.audit import _check_fact
from rules.catalog import rule_by_id
from rules.identities import DeclarationError, parse_expression, parse_file
from rules.identities.examples import run_examples
from rules.outcomes import BROKEN, HOLDS, ROUNDING, table_engine
from rules.tolerance import compare
from tests.rules.builders import amount
from tests.rules.helpers import loaded_in_subprocess, refused

PACKAGED = (
    "T01-INCOME-SUM",
    "T01-EXPENSE-SUM",
    "T02-ROW",
    "T03-ROW",
    "T04-INCOME-SUM",
    "T04-EXPENSE-SUM",
    "T04-ROW",
    "T05-ROW",
    "T07-ROW",
    "T07-CARRY",
    "T08-ROW",
    "T09-TOTAL",
    "T09-VEHICLE",
    "T10-PROCUREMENT",
)

GOOD = """\
# 示例
table = "05"

[[identity]]
id = "X-TEST-ROW"
each_row = "合计 = 基本支出 + 项目支出"
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "合计 3，基本 1 + 项目 1。"
silent = "合计 2 = 1 + 1。"
"""


BUDGET_PACKAGED = (
    "TB-INCOME-SUM",
    "TB-EXPENSE-SUM",
    "TB-ROW",
    "TB-ECON",
    "TB-THREE-PUBLIC",
    "TB-CAPITAL-ROW",
    "TB-PROJECT-SUM",
)


def test_packaged_declarations_are_the_row_identities_of_the_code_tables() -> None:
    got = {
        d.id: d
        for d in identities.declared()
        if d.source.startswith(str(identities.PACKAGED_DIR))
        and isinstance(d, identities.RowIdentity)
        and d.table in FINAL_ACCOUNT_TABLES
    }
    assert tuple(got) == PACKAGED
    assert got["T05-ROW"].table == "05"
    assert got["T05-ROW"].total == "合计"
    assert got["T05-ROW"].parts == (("基本支出", 1), ("项目支出", 1))
    assert got["T07-CARRY"].parts == (("年初结转和结余", 1), ("本年收入", 1), ("合计", -1))
    # registered in the catalog, in the arithmetic family, with their declared wording
    spec = rule_by_id("T05-ROW")
    assert spec is got["T05-ROW"].spec
    assert spec.family == "arithmetic" and spec.severity == "error" and spec.tables == ("05",)
    assert [r.id for r in rules.catalog() if r.id in PACKAGED] == list(PACKAGED)


def test_the_budget_identities_are_declared_one_rule_over_its_tables() -> None:
    got = {
        d.id: d
        for d in identities.declared()
        if isinstance(d, identities.RowIdentity) and d.id.startswith("TB-")
    }
    assert set(got) == set(BUDGET_PACKAGED)
    row = got["TB-ROW"]
    # one rule, one expression per table, in the catalog's table order; the 收支总表 on their 支出方
    assert row.spec.tables == ("B01", "B04", "B03", "B05", "B08", "B10", "B11", "B12", "B13")
    assert [(f.table, f.lane) for f in row.forms][:3] == [
        ("B01", "expense"),
        ("B04", "expense"),
        ("B03", None),
    ]
    assert row.forms[0].parts == (("当年预算安排", 1), ("上年结转", 1))
    assert row.forms[-1].parts[-1] == ("单位资金", 1)
    assert [d.id for d in identities.declared_lane_sums("B04", "income")] == ["TB-INCOME-SUM"]
    assert got["TB-THREE-PUBLIC"].column_sums[1] == (
        "公务用车购置及运行费",
        ("公务用车购置费", "公务用车运行维护费"),
    )
    assert got["TB-ECON"].groups[0] == "工资福利支出" and got["TB-ECON"].total == "合计"
    for rid in BUDGET_PACKAGED:
        assert identities.is_declared(rid) and rule_by_id(rid) is got[rid].spec
    # the totals and the balance are declared in their own forms (lane_total, balance)
    for rid in ("TB-TOTAL", "TB-BALANCE", "TB-CAPITAL-BALANCE"):
        assert identities.is_declared(rid)
    # a sum over the rows a reader tells apart (the 项目 tables' units and projects): declared, unit_sum
    assert got["TB-PROJECT-SUM"].unit_sum and got["TB-PROJECT-SUM"].columns == ("合计",)
    assert got["TB-PROJECT-SUM"].spec.tables == ("B12", "B13")


def test_budget_row_identities_run_on_the_rows_each_table_is_read_by() -> None:
    from rules.budget_arithmetic import plan
    from tests.rules.budget_examples import budget

    ids = plan(budget()).identities
    b01 = [i for i in ids if i.rule.id == "TB-ROW" and i.table.id == "B01"]
    assert b01 and all(i.row.lane == "expense" for i in b01)
    b10 = [i.rule.id for i in ids if i.table.id == "B10"]
    # B10: the “三公” column sums first, then every row's 合计 = funding columns (the order findings keep)
    assert b10.index("TB-THREE-PUBLIC") < b10.index("TB-ROW") and b10[-1] == "TB-ROW"
    b06 = [(i.rule.id, i.parts_text) for i in ids if i.table.id == "B06"]
    assert ("TB-ECON", "各经济分类类级之和") in b06


BUDGET = """\
[[identity]]
id = "X-TEST-BUDGET"
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"

[identity.each_row]
B01 = "支出方：合计 = 当年预算安排 + 上年结转"
B05 = "合计 = 基本支出 + 项目支出"
"""

COLUMN = """\
table = "B10"

[[identity]]
id = "X-TEST-COLUMN"
each_column = "合计 = 因公出国（境）费 + 公务接待费"
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"

[[identity.example]]
expect = "fires"
column = { "合计" = "3.00", "公务接待费" = "1.00" }
"""


@pytest.mark.parametrize(
    ("text", "change", "line", "words"),
    [
        (BUDGET, ('B05 = "合计', 'B55 = "合计'), 11, "未知的表 'B55'"),
        (BUDGET, ("支出方：合计 = 当年预算安排", "收入方：合计 = 当年预算安排"), 10, "收入方没有“合计”栏"),
        (
            BUDGET,
            ("合计 = 基本支出 + 项目支出", "支出方：合计 = 基本支出 + 项目支出"),
            11,
            "预算B05表不分收支两方",
        ),
        (BUDGET, ("+ 上年结转", "+ 人员经费"), 10, "预算B01表（预算收支总表）支出方没有“人员经费”栏"),
        (
            BUDGET,
            (BUDGET[BUDGET.index("[identity.each_row]") :], 'each_row = "合计 = 基本支出 + 项目支出"\n'),
            2,
            "须写明所属的表",
        ),
        (BUDGET, ('silent = "相等。"\n', 'silent = "相等。"\ntables = ["B03"]\n'), 8, "不能再写 tables"),
        (COLUMN, ("+ 公务接待费", "+ 会议费"), 5, "预算B10表没有“会议费”行"),
        (COLUMN, ("+ 公务接待费", "- 公务接待费"), 5, "各行只能相加"),
        (COLUMN, ('table = "B10"', 'table = "B03"'), 5, "的行不能按行名声明"),
        (COLUMN, ('"公务接待费" = "1.00"', '"会议费" = "1.00"'), 12, "不在 each_column 中"),
        (COLUMN, ('each_column = "', 'groups = ["合计"]\neach_column = "'), 3, "groups 可与 each_row 同写"),
    ],
)
def test_a_budget_declaration_is_validated_against_the_budget_schema(
    tmp_path: Path, text: str, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, text, change, line, words)
    assert isinstance(good, identities.RowIdentity)


def test_an_operators_budget_declarations_run_beside_the_packaged_ones(tmp_path: Path) -> None:

    examples = """
[[identity.example]]
expect = "fires"
column = { "合计" = "3.00", "公务接待费" = "1.00" }

[[identity.example]]
expect = "silent"
column = { "合计" = "3.00", "因公出国（境）费" = "2.00", "公务接待费" = "1.00" }
"""
    rows = """
[[identity.example]]
expect = "fires"
row = { "合计" = "3.00", "当年预算安排" = "1.00" }

[[identity.example]]
expect = "silent"
row = { "合计" = "3.00", "当年预算安排" = "1.00", "上年结转" = "2.00" }
"""
    column = COLUMN.split("\n[[identity.example]]")[0].replace('table = "B10"\n', "")
    column = column.replace('id = "X-TEST-COLUMN"', 'id = "X-TEST-COLUMN2"\ntables = ["B10"]')
    path = tmp_path / "local_budget.toml"
    path.write_text(
        BUDGET.replace("X-TEST-BUDGET", "X-TEST-BUDGET2") + rows + column + examples, encoding="utf-8"
    )
    # in a subprocess: loading a declaration registers its rules for the rest of the process
    script = f"""
import json
from pathlib import Path
from rules import identities
from rules.budget_arithmetic import plan
from rules.catalog import rule_by_id
from rules.identities.examples import run_examples
from tests.rules.budget_examples import budget

loaded = identities.load_file(Path({str(path)!r}))
print(json.dumps({{
    "ids": [d.id for d in loaded],
    "examples": [[r.expect, r.got] for r in run_examples(loaded)],
    "planned": sorted({{(i.rule.id, i.table.id) for i in plan(budget()).identities if i.rule.id.startswith("X-")}}),
    "tables": rule_by_id("X-TEST-BUDGET2").tables,
}}))
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True, cwd=root
    )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["ids"] == ["X-TEST-BUDGET2", "X-TEST-COLUMN2"]
    assert got["examples"] == [["fires", "fires"], ["silent", "silent"]] * 2
    assert got["planned"] == [["X-TEST-BUDGET2", "B01"], ["X-TEST-BUDGET2", "B05"], ["X-TEST-COLUMN2", "B10"]]
    assert got["tables"] == ["B01", "B05"]


def test_the_ruleset_holds_one_rule_per_outcome_naming_each_declared_rule() -> None:
    engine = table_engine()
    names = {r.name for r in engine.rules}
    for rid in (*PACKAGED, *BUDGET_PACKAGED):
        assert {f"{rid}:holds", f"{rid}:rounding", f"{rid}:broken"} <= names
    # the compiled conditions decide by rule id: a T05-ROW fact goes to T05-ROW's rules only
    facts = [
        {
            "id": "a",
            "kind": identities.KIND_IDENTITY,
            "rule": "T05-ROW",
            "lhs": 59312,
            "rhs": 59313,
            "tol": 15,
        },
        {
            "id": "b",
            "kind": identities.KIND_IDENTITY,
            "rule": "T05-ROW",
            "lhs": 59312,
            "rhs": 58313,
            "tol": 15,
        },
        {
            "id": "c",
            "kind": identities.KIND_IDENTITY,
            "rule": "T03-ROW",
            "lhs": 20156,
            "rhs": 20156,
            "tol": 15,
        },
    ]
    assert engine.run(facts) == {"a": ROUNDING, "b": BROKEN, "c": HOLDS}


def test_a_declared_rules_check_enters_as_an_identity_fact_named_by_its_rule() -> None:
    comp = compare(amount("593.12"), [(amount("481.24"), 1), (amount("111.89"), 1)], "万元")
    fact = _check_fact("c0", comp, "T05-ROW")
    assert fact == {
        "id": "c0",
        "kind": "identity",
        "rule": "T05-ROW",
        "lhs": 593120,
        "rhs": 593130,
        "tol": 15,
    }
    assert _check_fact("c1", comp, "X06-05-SOCIAL")["kind"] == "check"  # not declared: generic rules


def test_packaged_examples_run_as_declared() -> None:
    results = run_examples(identities.declared())
    assert {r.rule_id for r in results} >= {*PACKAGED, "X04-05-TOTAL", "X01-03-EXPENSE"}
    for d in identities.declared():  # every declaration shows where it fires and where it is silent
        assert {"fires", "silent"} <= {e.expect for e in d.examples}, d.id
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    rounding = [r for r in results if r.expect == "rounding"]
    # “……属尾差。” / a percentage cut off rather than rounded: “……属取舍口径的尾差”
    assert rounding and all("尾差" in r.messages[0] for r in rounding)


@pytest.mark.parametrize(
    ("expr", "total", "parts"),
    [
        ("合计 = 基本支出 + 项目支出", "合计", (("基本支出", 1), ("项目支出", 1))),
        ("年末 = 年初 + 收入 − 支出", "年末", (("年初", 1), ("收入", 1), ("支出", -1))),
        ("小计=购置费", "小计", (("购置费", 1),)),
    ],
)
def test_expressions(expr: str, total: str, parts: tuple[tuple[str, int], ...]) -> None:
    assert parse_expression(expr) == (total, parts)


@pytest.mark.parametrize("expr", ["合计 基本支出", "合计 = ", "合计 = a = b", "a + b = c", "合计 = a + + b"])
def test_malformed_expressions_are_refused(expr: str) -> None:
    with pytest.raises(ValueError):
        parse_expression(expr)


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('table = "05"', 'table = "55"'), 2, "未知的表 '55'"),
        (("合计 = 基本支出 + 项目支出", "合计 = 基本支出 + 人员经费"), 6, "没有“人员经费”栏"),
        (("合计 = 基本支出 + 项目支出", "合计 基本支出"), 6, "each_row"),
        (('severity = "warning"', 'severity = "fatal"'), 8, "severity"),
        (('title = "测试"', 'titel = "测试"'), 7, "未知的键“titel”"),
        (('id = "X-TEST-ROW"', 'id = "x test"'), 5, "规则编号"),
        (('silent = "合计 2 = 1 + 1。"\n', ""), 4, "缺少“silent”"),
    ],
)
def test_a_broken_declaration_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    refused(tmp_path, GOOD, change, line, words)


LANE = GOOD.replace('table = "05"', 'table = "04"').replace(
    'each_row = "合计 = 基本支出 + 项目支出"',
    'lane = "expense"\neach_row = "合计 = 一般公共预算财政拨款 + 政府性基金预算财政拨款"',
)


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('lane = "expense"', 'lane = "outgo"'), 6, "lane 须为"),
        (("政府性基金预算财政拨款", "决算数"), 7, "支出方没有“决算数”栏"),
        (('table = "04"', 'table = "05"'), 6, "不分收支两方，不能写 lane"),
    ],
)
def test_a_lane_identity_is_validated_against_its_lanes_columns(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, LANE, change, line, words)
    assert isinstance(good, identities.RowIdentity) and good.lane == "expense"


def test_a_lane_identity_runs_on_that_lanes_rows_only() -> None:
    from rules.arithmetic import declared_row_plan
    from tests.rules.examples import full

    t04 = full().tables["04"]
    ids = [i for i in declared_row_plan(t04).identities if i.rule.id == "T04-ROW"]
    assert ids and all(i.row.lane == "expense" for i in ids)
    assert {r.lane for r in t04.rows} >= {"income", "expense"}


LANE_SUM = GOOD.replace('table = "05"', 'table = "01"').replace(
    'each_row = "合计 = 基本支出 + 项目支出"', 'lane = "expense"\nlane_sum = "本年支出合计"'
)


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('lane_sum = "本年支出合计"', 'lane_sum = "本年收入合计"'), 7, "lane_sum 须与 lane 同写"),
        (('lane = "expense"\n', ""), 6, "lane_sum 须与 lane 同写"),
        (('lane_sum = "本年支出合计"', 'each_row = "决算数 = 决算数"\nlane_sum = "本年支出合计"'), 4, "之一"),
        (('lane_sum = "本年支出合计"\n', ""), 4, "须写 each_row"),
    ],
)
def test_a_lane_sum_is_validated(tmp_path: Path, change: tuple[str, str], line: int, words: str) -> None:
    (good,) = refused(tmp_path, LANE_SUM, change, line, words)
    assert isinstance(good, identities.RowIdentity) and good.lane_sum and good.total == "本年支出合计"


def test_declared_lane_sums_are_planned_in_their_lanes_place() -> None:
    from rules.arithmetic import two_sided_plan
    from tests.rules.examples import full

    t01 = full().tables["01"]
    assert [d.id for d in identities.declared_lane_sums("01", "expense")] == ["T01-EXPENSE-SUM"]
    ids = [i.rule.id for i in two_sided_plan(t01).identities]
    # per lane: its sum, then its total; then the balance (the order findings are reported in)
    assert ids.index("T01-INCOME-SUM") < ids.index("T01-TOTAL") < ids.index("T01-EXPENSE-SUM")
    assert ids[-1] == "T01-BALANCE"


CODE_SUM = """\
[[code_sum]]
id = "X-TEST-HIER"
sum = "上级科目 = Σ 下级科目"
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


def test_the_code_hierarchy_sums_are_declared_and_decided_by_rule_id() -> None:
    from rules.hierarchy import TAB_COL_SUM, TAB_HIER

    sums = {d.id: d for d in identities.declared() if isinstance(d, identities.CodeSum)}
    assert sums["TAB-COL-SUM"].aggregate == "total" and sums["TAB-HIER"].aggregate == "children"
    assert sums["T06-ECON-HIER"].aggregate == "econ_children" and sums["T06-ECON-HIER"].spec.tables == ("06",)
    assert TAB_HIER is rule_by_id("TAB-HIER") is sums["TAB-HIER"].spec and TAB_COL_SUM.family == "hierarchy"
    assert TAB_HIER.tables == ("02", "03", "05", "07", "08", "*")
    assert identities.is_declared("TAB-HIER") and identities.is_declared("TAB-COL-SUM")
    names = {r.name for r in table_engine().rules}
    assert {"TAB-HIER:holds", "TAB-HIER:rounding", "TAB-HIER:broken"} <= names


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('sum = "上级科目 = Σ 下级科目"', 'sum = "类 = Σ 项"'), 3, "sum“类 = Σ 项”未知"),
        (
            ('sum = "上级科目 = Σ 下级科目"', 'sum = "上级科目 = Σ 下级科目"\ntables = ["55"]'),
            4,
            "tables 须为表号列表",
        ),
        (('sum = "上级科目 = Σ 下级科目"\n', ""), 1, "缺少“sum”"),
    ],
)
def test_a_broken_code_sum_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, CODE_SUM, change, line, words)
    assert isinstance(good, identities.CodeSum) and good.spec.tables == ("*",)


ECON_CLASS_SUM = """\
[[code_sum]]
id = "X-TEST-PERSONNEL"
sum = "人员经费合计 = Σ 经济分类类级"
classes = ["301", "303"]
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"

[[code_sum.example]]
expect = "fires"
rows = [["人员经费合计", "10.00"], ["301", "9.00"]]
"""


def test_the_06_totals_are_declared_class_sums_decided_by_rule_id() -> None:
    from rules.hierarchy import T06_OPERATING, T06_PERSONNEL

    sums = {d.id: d for d in identities.declared() if isinstance(d, identities.CodeSum)}
    personnel, operating = sums["T06-PERSONNEL"], sums["T06-OPERATING"]
    assert personnel.aggregate == operating.aggregate == "econ_classes"
    assert (personnel.row, personnel.classes, personnel.exclude) == ("人员经费合计", ("301", "303"), False)
    assert (operating.row, operating.classes, operating.exclude) == ("公用经费合计", ("301", "303"), True)
    assert personnel.takes("30101") and not personnel.takes("30201") and operating.takes("399")
    assert T06_PERSONNEL is personnel.spec and T06_OPERATING is operating.spec
    assert T06_PERSONNEL.family == "hierarchy" and T06_PERSONNEL.tables == ("06",)
    assert {"T06-OPERATING:holds", "T06-OPERATING:rounding", "T06-OPERATING:broken"} <= {
        r.name for r in table_engine().rules
    }


def test_a_declared_class_sum_runs_on_06_beside_the_packaged_ones(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(ECON_CLASS_SUM.replace("X-TEST-PERSONNEL", "X-TEST-PERSONNEL-RUN"), encoding="utf-8")
    got = loaded_in_subprocess(
        path,
        """
from rules.hierarchy import econ_plan
from tests.rules.examples import full
ids = [i.rule.id for i in econ_plan(full().tables["06"]).identities]
print(json.dumps([ids.count("T06-PERSONNEL"), ids.count("T06-OPERATING"), ids.count(loaded[0].id)]))
""",
    )
    personnel, operating, mine = got
    assert personnel >= 1 and operating >= 1
    assert mine == personnel  # the same cells, under its own id


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("人员经费合计 = ", "基本支出合计 = "), 3, "不是公开06表的合计行"),
        (('classes = ["301", "303"]\n', ""), 3, "须写 classes 或 classes_except 之一"),
        (('classes = ["301", "303"]', 'classes = ["301", "30101"]'), 4, "须为经济分类类级编码列表"),
        (('classes = ["301", "303"]', 'classes = ["301"]\nclasses_except = ["302"]'), 3, "之一"),
        (('classes = ["301", "303"]', 'classes = ["301"]\ntables = ["05"]'), 5, "只适用于公开06表"),
        (('sum = "人员经费合计 = Σ 经济分类类级"', 'sum = "上级科目 = Σ 下级科目"'), 4, "classes 只用于"),
        (
            ('rows = [["人员经费合计"', 'rows = [["公用经费合计"'),
            11,
            "须为 [科目编码或“人员经费合计”, 数值] 的列表",
        ),
    ],
)
def test_a_broken_class_sum_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, ECON_CLASS_SUM, change, line, words)
    assert isinstance(good, identities.CodeSum) and good.spec.tables == ("06",)


LANE_TREE = """\
[[code_sum]]
id = "X-TEST-LANE"
sum = "合计 = Σ 顶层科目，上级科目 = Σ 下级科目"
tables = ["B09"]
lane = "expense"
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


def test_the_b09_lane_sums_are_declared_and_planned_lane_by_lane(tmp_path: Path) -> None:
    from rules.budget_arithmetic import TB_CAPITAL_EXPENSE, TB_CAPITAL_INCOME, capital_sums

    sums = {d.id: d for d in identities.declared() if isinstance(d, identities.CodeSum)}
    assert (sums["TB-CAPITAL-INCOME"].aggregate, sums["TB-CAPITAL-INCOME"].lane) == ("lane_tree", "income")
    assert (
        sums["TB-CAPITAL-EXPENSE"].lane == "expense" and TB_CAPITAL_EXPENSE is sums["TB-CAPITAL-EXPENSE"].spec
    )
    assert TB_CAPITAL_INCOME.family == "arithmetic" and TB_CAPITAL_INCOME.tables == ("B09",)
    assert {"TB-CAPITAL-INCOME:holds", "TB-CAPITAL-INCOME:broken"} <= {r.name for r in table_engine().rules}
    example = next(e for e in sums["TB-CAPITAL-EXPENSE"].examples if e.expect == "fires")
    from rules.identities.examples import code_rows_document

    b09 = code_rows_document(sums["TB-CAPITAL-EXPENSE"], example).tables["B09"]
    planned = [i.rule.id for i in capital_sums(b09).identities]
    assert planned and set(planned) == {"TB-CAPITAL-EXPENSE"}
    path = tmp_path / "lane.toml"
    path.write_text(LANE_TREE, encoding="utf-8")
    got = loaded_in_subprocess(
        path,
        """
from rules.budget_arithmetic import capital_sums
from rules.identities.examples import code_rows_document, run_examples
decl = next(d for d in identities.declared() if d.id == "TB-CAPITAL-EXPENSE")
b09 = code_rows_document(decl, next(e for e in decl.examples if e.expect == "fires")).tables["B09"]
print(json.dumps([i.rule.id for i in capital_sums(b09).identities]))
""",
    )
    assert got.count("X-TEST-LANE") == len(planned) and got.count("TB-CAPITAL-EXPENSE") == len(planned)


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('lane = "expense"\n', ""), 3, "须写 lane"),
        (('lane = "expense"', 'lane = "personnel"'), 5, "须写 lane"),
        (('tables = ["B09"]', 'tables = ["B01"]'), 4, "收支两方各列科目的表"),
        (('tables = ["B09"]\n', ""), 3, "须写 tables = [表号]"),
        (("合计 = Σ 顶层科目，上级科目 = Σ 下级科目", "上级科目 = Σ 下级科目"), 5, "lane 只用于"),
    ],
)
def test_a_broken_lane_sum_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, LANE_TREE, change, line, words)
    assert isinstance(good, identities.CodeSum) and good.lane == "expense"


def test_example_rows_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        GOOD + '\n[[identity.example]]\nexpect = "fires"\nrow = { "合计" = "3", "工资" = "1" }\n',
        encoding="utf-8",
    )
    with pytest.raises(DeclarationError, match=rf"^{path}:13: .*“工资”不是公开05表的栏目"):
        parse_file(path)


def test_a_declaration_may_not_take_a_builtin_rules_id(tmp_path: Path) -> None:
    path = tmp_path / "dup.toml"
    path.write_text(GOOD.replace("X-TEST-ROW", "X06-05-SOCIAL"), encoding="utf-8")
    with pytest.raises(DeclarationError, match="已是内置规则"):
        identities.load_file(path)
    assert not identities.is_declared("X06-05-SOCIAL")
    assert rule_by_id("T01-BALANCE").title.startswith("收入支出决算总表")


EQUALITY = """\
[[equality]]
id = "X-TEST-EQ"
left = { table = "04", lane = "expense", row = "本年支出合计", column = ["一般公共预算财政拨款", "合计"] }
right = { table = "05", row = "合计", column = "合计" }
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


def test_the_cross_table_equality_is_declared_and_compiled() -> None:
    eq = {d.id: d for d in identities.declared_equalities()}["X04-05-TOTAL"]
    assert eq.left == identities.CellSide("04", "本年支出合计", ("一般公共预算财政拨款", "合计"), "expense")
    assert eq.right == identities.CellSide("05", "合计", ("合计",))
    assert eq.skip_blank and eq.spec is rule_by_id("X04-05-TOTAL")
    assert eq.spec.family == "cross_table" and eq.spec.tables == ("04", "05")
    assert {"X04-05-TOTAL:holds", "X04-05-TOTAL:broken"} <= {r.name for r in table_engine().rules}


def test_a_declared_equality_finds_its_cells_and_enters_by_rule_id() -> None:
    from rules.identities.equalities import DeclaredEquality
    from rules.judgements import JudgementPlan
    from tests.rules.examples import full

    d = full()
    plan = JudgementPlan()
    from rules.identities import equalities

    eq = {e.id: e for e in identities.declared_equalities()}["X04-05-TOTAL"]
    equalities.plan_equality(plan, eq, d.tables)
    (j,) = plan.judgements
    assert isinstance(j, DeclaredEquality)
    assert j.left.text.startswith("公开04表支出方“本年支出合计”行“")
    assert j.right.text == "公开05表“合计”行"
    fact = j.fact("j0")
    assert fact["kind"] == "identity" and fact["rule"] == "X04-05-TOTAL"
    assert table_engine().run([fact]) == {"j0": HOLDS}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('column = "合计" }', 'column = "总计" }'), "公开05表没有栏目 '总计'"),
        (('lane = "expense", ', ""), "lane 须为"),
        (('table = "05"', 'table = "15"'), "未知的表 '15'"),
    ],
)
def test_a_broken_equality_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], words: str
) -> None:
    line = 4 if "05" in change[0] or "总计" in change[1] else 3
    refused(tmp_path, EQUALITY, change, line, words, "X-TEST-EQ 的 ")


def test_a_side_may_word_itself_from_the_printed_row(tmp_path: Path) -> None:
    from rules.identities import equalities
    from rules.judgements import JudgementPlan
    from tests.rules.examples import full

    eq = {e.id: e for e in identities.declared_equalities()}["X01-03-EXPENSE"]
    assert eq.left.text == "{table}{lane}“{printed}”" and eq.right.text is None
    plan = JudgementPlan()
    equalities.plan_equality(plan, eq, full().tables)
    (j,) = plan.judgements
    assert j.left.text == "公开01表支出方“本年支出合计”"
    assert j.right.text == "公开03表“合计”行“本年支出合计”栏"
    # a field the wording cannot fill is refused at load, naming file and line
    path = tmp_path / "eq.toml"
    path.write_text(
        EQUALITY.replace('column = "合计" }', 'column = "合计", text = "{table}{where}" }'), encoding="utf-8"
    )
    with pytest.raises(DeclarationError, match=rf"^{path}:4: .*text 中的字段 \['where'\] 不可用"):
        parse_file(path)


def test_declarations_carry_lifecycle_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "life.toml"
    path.write_text(GOOD + 'lifecycle = "preview"\naliases = ["X-TEST-OLD-ROW"]\n', encoding="utf-8")
    ((fields, decl),) = parse_file(path)
    assert decl.spec.lifecycle == "preview" and decl.spec.aliases == ("X-TEST-OLD-ROW",)
    assert fields["aliases"] == ("X-TEST-OLD-ROW",)
    path.write_text(GOOD + 'lifecycle = "beta"\n', encoding="utf-8")
    with pytest.raises(DeclarationError, match=rf"^{path}:12: X-TEST-ROW 的 lifecycle"):
        parse_file(path)
    path.write_text(
        GOOD.replace("X-TEST-ROW", "X-TEST-RENAMED") + 'aliases = ["T05-ROW"]\n', encoding="utf-8"
    )
    with pytest.raises(DeclarationError, match="“T05-ROW”已是内置规则或其曾用编号"):
        identities.load_file(path)


EACH_CLASS = """\
[[equality]]
id = "X-TEST-CLASS"
each = "类"
left = { table = "04", lane = "expense", column = ["一般公共预算财政拨款", "合计"] }
right = { table = "05", column = "合计" }
require_column = true
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('each = "类"', 'each = "款"'), 3, "each 须为 '类'"),
        (('each = "类"\n', ""), 5, "require_column 只用于 each"),
        (('column = "合计" }', 'row = "合计", column = "合计" }'), 5, "不写 row、text"),
        (('right = { table = "05"', 'right = { table = "06"'), 5, "右侧须为科目表"),
        (('lane = "expense", ', 'lane = "income", '), 4, "左侧须为收支两方表的支出方"),
        (("require_column = true", 'require_column = "yes"'), 6, "require_column 须为 true 或 false"),
    ],
)
def test_a_broken_each_class_equality_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, EACH_CLASS, change, line, words, "X-TEST-CLASS ")
    assert isinstance(good, identities.CellEquality) and good.each == "类" and good.require_column
    assert good.left == identities.CellSide("04", "类", ("一般公共预算财政拨款", "合计"), "expense")


def test_each_class_equalities_are_declared_and_planned_per_class() -> None:
    from rules.identities import equalities
    from rules.identities.equalities import DeclaredEquality
    from rules.judgements import JudgementPlan
    from tests.rules.examples import full

    eqs = {e.id: e for e in identities.declared_equalities()}
    assert eqs["X01-03-CLASS"].each == "类" and eqs["X01-03-CLASS"].spec is rule_by_id("X01-03-CLASS")
    assert eqs["X04-05-CLASS"].require_column and not eqs["X01-03-CLASS"].require_column
    d = full()
    plan = JudgementPlan()
    equalities.plan_equality(plan, eqs["X04-05-CLASS"], d.tables)
    assert plan.judgements and all(isinstance(j, DeclaredEquality) for j in plan.judgements)
    facts = [j.fact(f"j{i}") for i, j in enumerate(plan.judgements)]
    assert {f["rule"] for f in facts} == {"X04-05-CLASS"}
    assert set(table_engine().run(facts).values()) == {HOLDS}
    # without the 一般公共预算财政拨款 (and 合计) column in 04表, X04-05-CLASS is not evaluated
    t04 = d.tables["04"]
    for r in t04.rows:
        if r.lane == "expense":
            r.cells = {c: v for c, v in r.cells.items() if c not in ("一般公共预算财政拨款", "合计")}
    plan = JudgementPlan()
    equalities.plan_equality(plan, eqs["X04-05-CLASS"], d.tables)
    (ne,) = plan.not_evaluated
    assert not plan.judgements and ne.rule_id == "X04-05-CLASS"
    assert ne.reason.startswith("公开04表未识别出支出方“一般公共预算财政拨款”栏，无法核对")


def test_the_sub_row_sum_is_declared_and_its_examples_are_validated(tmp_path: Path) -> None:
    from rules.hierarchy import TAB_SUBROWS

    sums = {d.id: d for d in identities.declared() if isinstance(d, identities.CodeSum)}
    assert sums["TAB-SUBROWS"].aggregate == "subrows" and TAB_SUBROWS is sums["TAB-SUBROWS"].spec
    assert {"TAB-SUBROWS:holds", "TAB-SUBROWS:broken"} <= {r.name for r in table_engine().rules}
    assert [(r.expect, r.got) for r in run_examples([sums["TAB-SUBROWS"]])] == [
        ("fires", "fires"),
        ("rounding", "rounding"),
        ("silent", "silent"),
    ]
    path = tmp_path / "sub.toml"
    text = CODE_SUM.replace("上级科目 = Σ 下级科目", "所属行 = Σ 明细行")
    path.write_text(text + '\n[[code_sum.example]]\nexpect = "fires"\nrows = [["年初结转和结余", "0.63"]]\n')
    with pytest.raises(DeclarationError, match=rf"^{path}:10: .*第一行为所属行"):
        parse_file(path)


PAIRS = """\
[[equality]]
id = "X-TEST-PAIRS"
pairs = [
  { left = { table = "04", lane = "expense", row = "本年支出合计", column = "政府性基金预算财政拨款" }, right = { table = "07", row = "合计", column = "合计" } },
  { left = { table = "04", lane = "expense", row = "本年支出合计", column = "国有资本经营预算财政拨款" }, right = { table = "08", row = "合计", column = "合计" } },
]
empty_is_zero = true
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (
            (
                "pairs = [",
                'left = { table = "04", lane = "expense", row = "本年支出合计", column = "合计" }\npairs = [',
            ),
            4,
            "写了 pairs 就不再写 left",
        ),
        (('}, right = { table = "08"', '}, rite = { table = "08"'), 3, "pairs 须为"),
        (
            ('column = "国有资本经营预算财政拨款"', 'column = "国有资本"'),
            3,
            "公开04表的expense没有栏目 '国有资本'",
        ),
        (("empty_is_zero = true", 'empty_is_zero = "yes"'), 7, "empty_is_zero 须为 true 或 false"),
    ],
)
def test_a_broken_pairs_equality_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, PAIRS, change, line, words, "X-TEST-PAIRS ")
    assert isinstance(good, identities.CellEquality) and good.empty_is_zero and len(good.pairs) == 2
    assert good.spec.tables == ("04", "07", "08") and good.left == good.pairs[0][0]


def test_x04_funds_reads_an_empty_fund_table_as_zero() -> None:
    from ingest.model import Cell, Table
    from ingest.numbers import parse_amount
    from rules.identities import equalities
    from rules.judgements import JudgementPlan
    from tests.rules.examples import full

    eq = {e.id: e for e in identities.declared_equalities()}["X04-FUNDS"]
    assert [(a.table, b.table) for a, b in eq.pairs] == [("04", "07"), ("04", "08")] and eq.empty_is_zero
    d = full()
    subtotal = next(r for r in d.tables["04"].rows if r.lane == "expense" and r.role == "subtotal")
    column = "政府性基金预算财政拨款"
    subtotal.cells[column] = Cell("04", subtotal.key, column, "50.00", parse_amount("50.00"))
    d.tables["07"] = Table(id="07", title="政府性基金预算财政拨款收入支出决算表", columns=[], rows=[])
    d.tables.pop("08", None)
    plan = JudgementPlan()
    equalities.plan_equality(plan, eq, d.tables)
    (j,) = plan.judgements  # 08表 absent: that pair is not compared
    assert j.left.text == "公开04表支出方“本年支出合计”行“政府性基金预算财政拨款”栏"
    assert j.right.text == "公开07表“合计”行" and j.right.blank()
    assert table_engine().run([j.fact("j0")]) == {"j0": "broken"}
    # an empty 04表 is not read as 0: nothing is compared
    d.tables["04"] = Table(id="04", title="财政拨款收入支出决算总表", columns=[], rows=[])
    plan = JudgementPlan()
    equalities.plan_equality(plan, eq, d.tables)
    assert not plan.judgements


def test_a_budget_equality_names_budget_tables(tmp_path: Path) -> None:
    eq = {e.id: e for e in identities.declared_equalities()}["XB05-06-BASIC"]
    assert eq.left == identities.CellSide("B05", "合计", ("基本支出",))
    assert eq.right == identities.CellSide("B06", "合计", ("合计",))
    assert eq.spec is rule_by_id("XB05-06-BASIC") and eq.spec.tables == ("B05", "B06")
    path = tmp_path / "budget.toml"
    path.write_text(
        EQUALITY.replace(
            'table = "04", lane = "expense", row = "本年支出合计"', 'table = "B05", row = "合计"'
        )
        .replace('column = ["一般公共预算财政拨款", "合计"]', 'column = "基本支出"')
        .replace(
            'right = { table = "05", row = "合计", column = "合计" }',
            'right = { table = "B06", row = "合计", column = "工资" }',
        ),
        encoding="utf-8",
    )
    with pytest.raises(DeclarationError, match=rf"^{path}:4: X-TEST-EQ 的 right：预算B06表没有栏目 '工资'"):
        parse_file(path)


def test_a_declared_bound_is_compiled_into_bound_rules(tmp_path: Path) -> None:
    from rules.identities.equalities import DeclaredBound
    from rules.judgements import Bound, Equality
    from rules.outcomes import ROUNDING

    eq = {e.id: e for e in identities.declared_equalities()}["XB11-06-AGENCY"]
    assert eq.relation == "<=" and eq.spec is rule_by_id("XB11-06-AGENCY")
    assert eq.spec.template.startswith("{left}，大于{right}（前者是后者的一部分）")
    engine = table_engine()
    assert {"XB11-06-AGENCY:holds", "XB11-06-AGENCY:rounding", "XB11-06-AGENCY:broken"} <= {
        r.name for r in engine.rules
    }
    base = {"kind": "identity", "rule": "XB11-06-AGENCY", "tol": 1}
    facts = [
        {"id": "less", **base, "lhs": 2000, "rhs": 2912},
        {"id": "over", **base, "lhs": 2913, "rhs": 2912},
        {"id": "beyond", **base, "lhs": 4000, "rhs": 2912},
    ]
    assert engine.run(facts) == {"less": HOLDS, "over": ROUNDING, "beyond": "broken"}
    assert issubclass(DeclaredBound, Bound) and not issubclass(DeclaredBound, Equality)
    # relation is "=", "<=" or ">=", with each only "科目": refused with file and line
    path = tmp_path / "bound.toml"
    path.write_text(EQUALITY.replace('title = "测试"', 'relation = "<"\ntitle = "测试"'), encoding="utf-8")
    with pytest.raises(DeclarationError, match=rf'^{path}:5: X-TEST-EQ 的 relation 须为 "="、"<="'):
        parse_file(path)
    path.write_text(EACH_CLASS.replace("require_column = true", 'relation = "<="'), encoding="utf-8")
    with pytest.raises(
        DeclarationError, match=rf'^{path}:6: X-TEST-CLASS 的 relation .*只与 each = "科目" 同写'
    ):
        parse_file(path)
