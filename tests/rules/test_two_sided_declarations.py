"""The totals and the balance of the two-sided tables declared as data (``lane_total``, ``balance``):
packaged declarations, validation with file and line, examples, planning in the lane's place."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import rules
from ingest.model import Cell, Row, Table
from ingest.numbers import parse_amount
from rules import identities
from rules.arithmetic import two_sided_plan
from rules.catalog import rule_by_id
from rules.identities.examples import run_examples
from tests.rules.helpers import refused

TOTALS = {"T01-TOTAL": "01", "T04-TOTAL": "04", "TB-TOTAL": "B01"}
BALANCES = {"T01-BALANCE": (), "T04-BALANCE": (("expense", "合计"),), "TB-BALANCE": (("expense", "合计"),)}


def test_the_totals_and_balances_are_declared_and_decided_by_rule_id() -> None:
    got = {d.id: d for d in identities.declared() if isinstance(d, identities.TwoSidedIdentity)}
    assert set(got) >= {*TOTALS, *BALANCES}
    for rid, tid in TOTALS.items():
        d = got[rid]
        assert d.form == "lane_total" and d.lanes == ("income", "expense")
        assert identities.is_declared(rid) and rule_by_id(rid) is d.spec
        assert [x.id for x in identities.declared_lane_totals(tid, "expense")] == [rid]
    for rid, columns in BALANCES.items():
        d = got[rid]
        assert d.form == "balance" and d.lanes == ("income", "expense") and d.columns == columns
        assert identities.is_declared(rid)
    assert got["TB-TOTAL"].spec.tables == ("B01", "B04")
    assert [d.id for d in identities.declared_balances("B04")] == ["TB-BALANCE"]
    # the catalog keeps its order: each table's lane sums, then its total and balance
    ids = [r.id for r in rules.catalog()]
    assert ids.index("T01-EXPENSE-SUM") + 1 == ids.index("T01-TOTAL") == ids.index("T01-BALANCE") - 1
    assert ids.index("TB-EXPENSE-SUM") + 1 == ids.index("TB-TOTAL") == ids.index("TB-BALANCE") - 1


def test_their_packaged_examples_fire_and_stay_silent_as_declared() -> None:
    mine = [d for d in identities.declared() if d.id in {*TOTALS, *BALANCES}]
    results = run_examples(mine)
    assert {r.rule_id for r in results} == {*TOTALS, *BALANCES}
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    fired = {r.rule_id: r.messages[0] for r in results if r.expect == "fires"}
    assert "支出方“总计”为201.56万元，但“本年支出合计”为193.11万元" in fired["T01-TOTAL"]
    assert "收入方“总计”为201.56万元，但支出方“总计”为200.93万元" in fired["T01-BALANCE"]
    assert {r.got for r in results if r.rule_id == "T01-TOTAL"} == {"fires", "rounding", "silent"}


GOOD = """\
table = "01"

[[identity]]
id = "X-TEST-TOTAL"
lane_total = { income = "总计 = 本年收入合计 + 结转结余等调整项目" }
title = "测试总计"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"

[[identity.example]]
expect = "fires"
subtotal = "10.00"
adjustments = ["1.00"]
total = "12.00"

[[identity]]
id = "X-TEST-BALANCE"
balance = "收入方总计 = 支出方总计"
balance_columns = { expense = "决算数" }
title = "测试平衡"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"

[[identity.example]]
expect = "silent"
income = "12.00"
expense = "12.00"
"""


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('table = "01"', 'table = "05"'), 1, "X-TEST-TOTAL：公开05表不是收支总表"),
        (('table = "01"', 'table = "B09"'), 1, "预算B09表不是收支总表"),
        (("{ income = ", "{ outgo = "), 5, "未知的一方“outgo”"),
        (('"总计 = 本年收入合计', '"合计 = 本年收入合计'), 5, "收入方没有“合计”行可用于 lane_total"),
        (("总计 = 本年收入合计", "总计 = 本年支出合计"), 5, "收入方没有“本年支出合计”行"),
        (("本年收入合计 + 结转结余等调整项目", "本年收入合计 + 上年结转"), 5, "没有“上年结转”行"),
        (
            ("本年收入合计 + 结转结余等调整项目", "本年收入合计"),
            5,
            "须写“总计 = 本年收入合计 + 结转结余等调整项目”",
        ),
        (("本年收入合计 + 结转结余等调整项目", "本年收入合计 - 结转结余等调整项目"), 5, "须写“总计 ="),
        (
            ('id = "X-TEST-TOTAL"', 'id = "X-TEST-TOTAL"\nlane = "income"'),
            3,
            "lane_total 与 balance 只写其一",
        ),
        (('"收入方总计 = 支出方总计"', '"收入方合计 = 支出方总计"'), 20, "收入方没有“合计”行可用于 balance"),
        (('"收入方总计 = 支出方总计"', '"收入方总计 = 收入方总计"'), 20, "须比对两方"),
        (('"收入方总计 = 支出方总计"', '"总计 = 支出方总计"'), 20, "须以“收入方”或“支出方”开头"),
        (
            ('{ expense = "决算数" }', '{ expense = "合计" }'),
            21,
            "公开01表支出方没有“合计”栏（可用：决算数）",
        ),
        (('{ expense = "决算数" }', '{ outgo = "决算数" }'), 21, "balance_columns：未知的一方“outgo”"),
        (('subtotal = "10.00"', 'lane = "expense"\nsubtotal = "10.00"'), 12, "不是 lane_total 所写的一方"),
        (('subtotal = "10.00"', 'subtotal = "10.00"\nitems = ["10.00"]'), 12, "subtotal（本年合计）或 items"),
        (('expense = "12.00"\n', ""), 28, "须含 expect、income 与 expense"),
    ],
)
def test_a_broken_total_or_balance_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    total, balance = refused(tmp_path, GOOD, change, line, words)
    assert isinstance(total, identities.TwoSidedIdentity) and total.lanes == ("income",)
    assert isinstance(balance, identities.TwoSidedIdentity) and balance.columns == (("expense", "决算数"),)


def test_an_operators_total_and_balance_run_their_examples_and_beside_the_packaged_ones(
    tmp_path: Path,
) -> None:
    text = (
        GOOD.replace("X-TEST-TOTAL", "X-OP-TOTAL")
        .replace("X-TEST-BALANCE", "X-OP-BALANCE")
        .replace('table = "01"', 'table = "04"')
        .replace('{ expense = "决算数" }', '{ expense = "合计" }')
    )
    text += '\n[[identity.example]]\nexpect = "silent"\nincome = "12.00"\nexpense = "12.50"\n'
    path = tmp_path / "op.toml"
    path.write_text(text, encoding="utf-8")
    # in a fresh interpreter: loading a declaration registers its rules for the rest of the process
    code = f"""
import json
from pathlib import Path
from rules import identities
from rules.arithmetic import two_sided_plan
from rules.identities.examples import run_examples
from tests.rules.test_two_sided_declarations import _table_04
loaded = identities.load_file(Path({str(path)!r}))
results = [[r.rule_id, r.expect, r.got] for r in run_examples(loaded)]
ids = [i.rule.id for i in two_sided_plan(_table_04()).identities]
print(json.dumps([results, ids]))
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True, cwd=root
    )
    results, ids = json.loads(done.stdout.strip().splitlines()[-1])
    assert results == [
        ["X-OP-TOTAL", "fires", "fires"],
        ["X-OP-BALANCE", "silent", "silent"],
        ["X-OP-BALANCE", "silent", "fires"],  # a wrong example is reported, not hidden
    ]
    # planned in the packaged ones' places: each lane's totals, then the balances
    assert ids.index("T04-TOTAL") < ids.index("X-OP-TOTAL") < ids.index("T04-BALANCE")
    assert ids.index("T04-BALANCE") < ids.index("X-OP-BALANCE")


def _row(lane: str, name: str, role: str, column: str, text: str, tid: str = "04") -> Row:
    r = Row(key=name, label=name, lane=lane, role=role)  # type: ignore[arg-type]
    r.cells[column] = Cell(tid, name, column, text, parse_amount(text))
    return r


def _table_04() -> Table:
    rows = [
        _row("income", "本年收入合计", "subtotal", "决算数", "10.00"),
        _row("income", "年初财政拨款结转和结余", "detail", "决算数", "1.00"),
        _row("income", "总计", "total", "决算数", "11.00"),
        _row("expense", "本年支出合计", "subtotal", "合计", "9.00"),
        _row("expense", "年末财政拨款结转和结余", "detail", "合计", "2.00"),
        _row("expense", "总计", "total", "合计", "11.00"),
    ]
    return Table(id="04", title="财政拨款收入支出决算总表", columns=["决算数", "合计"], rows=rows)


def test_the_declared_total_sums_the_rows_the_lane_reader_finds() -> None:
    plan = two_sided_plan(_table_04())
    totals = [i for i in plan.identities if i.rule.id == "T04-TOTAL"]
    assert [(i.row.key, [r.key for r, _, _ in i.parts]) for i in totals] == [
        ("总计", ["本年收入合计", "年初财政拨款结转和结余"]),
        ("总计", ["本年支出合计", "年末财政拨款结转和结余"]),
    ]
    (bal,) = [i for i in plan.identities if i.rule.id == "T04-BALANCE"]
    assert (bal.row.lane, bal.column, bal.parts[0][0].lane, bal.parts[0][1]) == (
        "income",
        "决算数",
        "expense",
        "合计",
    )


def test_the_not_evaluated_wording_is_the_lane_readers() -> None:
    table = _table_04()
    table.rows = [r for r in table.rows if not (r.lane == "expense" and r.key == "总计")]
    plan = two_sided_plan(table)
    texts = {(n.rule_id, n.reason) for n in plan.not_evaluated}
    title = rule_by_id("T04-TOTAL").title
    assert ("T04-TOTAL", f"公开04表未识别出支出方“总计”行，无法核对“{title}”。") in texts
    balance = rule_by_id("T04-BALANCE").title
    assert any(
        r == "T04-BALANCE" and "未识别出收入方或支出方“总计”行" in t and balance in t for r, t in texts
    )
    empty = Table(id="04", title="财政拨款收入支出决算总表", columns=["决算数"], rows=[])
    assert [(n.rule_id, "收入方、支出方各行" in n.reason) for n in two_sided_plan(empty).not_evaluated] == [
        ("T04-BALANCE", True)
    ]


# ---------------------------------------------------------------------------------------------
# 公开10表 政府采购: ``each_column`` with ``row_aliases`` and ``require_all_rows``
# ---------------------------------------------------------------------------------------------


def test_the_procurement_sum_is_declared_with_its_aliases_and_all_rows_required() -> None:
    from rules.arithmetic import declared_column_plan
    from tests.rules.examples import t10

    (d,) = [x for x in identities.declared() if x.id == "T10-PROCUREMENT"]
    assert isinstance(d, identities.RowIdentity) and identities.is_declared(d.id)
    assert d.column_sums == (("合计", ("货物", "工程", "服务")),)
    assert d.row_names("合计") == ("合计", "政府采购合计") and d.require_all_rows
    table = t10()
    (ident,) = declared_column_plan(table).identities
    assert (ident.rule.id, ident.row.label, ident.column) == ("T10-PROCUREMENT", "合计", "统计数")
    assert [r.label for r, _, _ in ident.parts] == ["货物", "工程", "服务"]
    for r in table.rows:  # the 合计 row printed under its other label
        if r.label == "合计":
            r.label = "政府采购合计"
    assert [i.row.label for i in declared_column_plan(table).identities] == ["政府采购合计"]
    table.rows = [r for r in table.rows if r.label != "工程"]  # a part not read: nothing stated
    assert declared_column_plan(table).identities == []


COLUMN = """\
table = "10"

[[identity]]
id = "X-TEST-PROC"
each_column = "合计 = 货物 + 工程 + 服务"
row_aliases = { "合计" = ["政府采购合计"] }
require_all_rows = true
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('["政府采购合计"]', '["采购总额"]'), 6, "公开10表没有“采购总额”行"),
        (('{ "合计" = ', '{ "货物合计" = '), 6, "“货物合计”不是 each_column 中的行"),
        (('["政府采购合计"]', '"政府采购合计"'), 6, "别名须为行名列表"),
        (("require_all_rows = true", 'require_all_rows = "yes"'), 7, "require_all_rows 须为 true 或 false"),
        (
            ('each_column = "合计 = 货物 + 工程 + 服务"', 'groups = ["货物"]'),
            6,
            "只与 each_column 同写",
        ),
        (
            ('each_column = "合计 = 货物 + 工程 + 服务"', 'each_column = "合计 = 货物 + 办公设备"'),
            5,
            "没有“办公设备”行",
        ),
    ],
)
def test_a_broken_row_alias_or_switch_names_its_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, words: str
) -> None:
    (good,) = refused(tmp_path, COLUMN, change, line, words)
    assert isinstance(good, identities.RowIdentity) and good.row_aliases == (("合计", ("政府采购合计",)),)


CAPITAL = """\
[[identity]]
id = "X-TEST-CAPITAL-BALANCE"
tables = ["B09"]
balance = "收入方合计 = 支出方合计"
balance_columns = { income = "国有资本经营预算", expense = "合计" }
when = "国有资本经营预算收支预算表不含上年结转"
title = "测试平衡"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"

[[identity.example]]
expect = "fires"
income = "12.00"
expense = "10.00"
"""


@pytest.mark.parametrize(
    ("good", "change", "line", "words"),
    [
        (CAPITAL, ('income = "国有资本经营预算", ', ""), 5, "须以 balance_columns 写明两方各比对哪一栏"),
        (
            CAPITAL,
            ("收入方合计 = 支出方合计", "收入方总计 = 支出方总计"),
            4,
            "没有“总计”行可用于 balance（可用：合计）",
        ),
        (CAPITAL, ("国有资本经营预算收支预算表不含上年结转", "无结转结余"), 6, "只用于决算公开表"),
        (CAPITAL, ('tables = ["B09"]', 'tables = ["B09", "B01"]'), 3, "不是收支总表"),
        (
            GOOD,
            ("lane_total = {", 'when = "无结转结余"\nlane_total = {'),
            5,
            "when 只与 B09 表的 balance 同写",
        ),
        (
            GOOD,
            ('balance = "收入方总计', 'when = "无结转结余"\nbalance = "收入方总计'),
            20,
            "when 只与 B09 表的 balance 同写",
        ),
    ],
)
def test_a_broken_balance_of_b09_or_when_names_its_file_and_line(
    tmp_path: Path, good: str, change: tuple[str, str], line: int, words: str
) -> None:
    refused(tmp_path, good, change, line, words)


def test_the_capital_balance_of_b09_is_declared_with_its_title_condition(tmp_path: Path) -> None:
    [bal] = identities.declared_balances("B09")
    assert bal.id == "TB-CAPITAL-BALANCE" and bal.when == "国有资本经营预算收支预算表不含上年结转"
    assert bal.columns == (("income", "国有资本经营预算"), ("expense", "合计"))
    assert all(r.ok for r in run_examples([bal]))
    path = tmp_path / "capital.toml"
    path.write_text(CAPITAL, encoding="utf-8")
    [(_, decl)] = identities.parse_file(path)
    assert isinstance(decl, identities.TwoSidedIdentity) and decl.lanes == ("income", "expense")
