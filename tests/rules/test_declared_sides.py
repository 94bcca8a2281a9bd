"""``[[equality]]`` sides summed by economic code (``codes``) or found by the words of their name
(``words``), bounds compared as equalities under a document condition (``equal_when``), empty
tables read (``read_empty``), columns a template may lack (``skip_unprinted``) and pairs compared
only when both cells are printed (a pair's ``skip_blank``): X09-06-THREE-PUBLIC and X09-06-MEETING
(rules/identities/final_06_09.toml), X04-01-INCOME (final_04_01.toml), and the rows under a heading
(``under``): X10-06-AGENCY (final_10_06.toml); named rows summed (``rows``) with a fallback side
(``otherwise``, ``codes = "类"``) and a not-evaluated note (``missing``): X05-06-BASIC
(final_05_06.toml); every row holding some words but not others (``every``, ``except``) and a
row the rule cannot do without (``require``): X01-02-INCOME (final_01_02.toml); a total pair and then
every 类 (``pairs`` with ``each = "类"``) between budget tables: XB01-03-EXPENSE (budget_B01_B03.toml);
an operator's equality between any pair of budget tables; pairs each under their own condition and
note (a pair's ``when``, ``note``), on budget tables: XB04-05-GENERAL (budget_B04_B05.toml); rows
printed under other names (``aliases``): XB10-06-THREE-PUBLIC (budget_B06_B10.toml); a side added up
from two tables, each's named row or else its first (a side written as a list, ``first``):
XB03-12-PROJECT (budget_B03_B12.toml); an empty table read with a note of its own, a blank total of a
printed one not compared (``empty_note``, ``skip_blank = "right"``): XB01-09-CAPITAL
(budget_B01_B09.toml); a lane's rows against the columns of another table's row named like them
(``each = "栏"``): XB01-02-INCOME (budget_B01_B02.toml); rows found by the patterns of their names
(``like``), a condition reading tables beside the sides' (``tables``), two declarations between one
pair of tables: X01-04-CARRY (final_04_01.toml) — issue 13, item 2."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ingest.model import Disclosure
from rules import identities
from rules.catalog import rule_by_id
from rules.identities import equalities
from rules.identities.equalities import DeclaredBound, DeclaredEquality
from rules.identities.examples import run_examples
from rules.judgements import JudgementPlan
from rules.outcomes import BROKEN, HOLDS, table_engine
from rules.settings import RuleConfig, default_settings
from tests.rules.builders import cell, row, set_text, table
from tests.rules.catalog_examples import _meeting_over_09, _reception_within_09
from tests.rules.examples import THREE_PUBLIC_COLS, edited, full
from tests.rules.helpers import findings, loaded_in_subprocess, refused, run

BOUND = """\
[[equality]]
id = "X-TEST-BOUND"
relation = "<="
equal_when = "无财政拨款项目支出"
equal_note = "无项目支出。"
left = { table = "06", codes = ["30217"], column = "决算数" }
right = { table = "09", row = "决算数", column = "公务接待费" }
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "大于。"
silent = "不大于。"

[[equality.example]]
expect = "fires"
condition = true
left = "1.00"
right = "2.00"
"""


FALLBACK = """\
[[equality]]
id = "X-TEST-FALLBACK"
left = { table = "05", row = "合计", column = "基本支出" }
right = { table = "06", rows = ["人员经费合计", "公用经费合计"], column = "决算数" }
otherwise = { table = "06", codes = "类", column = "决算数" }
missing = "人员经费合计、公用经费合计或经济分类类级行"
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


EVERY = """\
[[equality]]
id = "X-TEST-EVERY"
require = { table = "02", row = "合计", missing = "“合计”行" }
left = { table = "01", lane = "income", words = ["财政拨款"], every = true, except = ["非财政拨款"], column = "决算数" }
right = { table = "02", row = "合计", column = "财政拨款收入" }
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


PAIR_WHEN = """\
[[equality]]
id = "X-TEST-PAIR-WHEN"
pairs = [
  { when = "一般公共预算支出表不含上年结转", note = "说明。", left = { table = "B04", lane = "income", row = "一般公共预算", column = "决算数" }, right = { table = "B05", row = "合计", column = "合计" } },
]
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


CAPITAL = """\
[[equality]]
id = "X-TEST-CAPITAL"
left = { table = "B01", lane = "income", words = ["国有资本经营"], column = "决算数" }
right = { table = "B09", lane = "income", row = "合计", column = "国有资本经营预算" }
read_empty = true
skip_blank = "right"
empty_note = "{table}为空表。"
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


PROJECTS = """\
[[equality]]
id = "X-TEST-PROJECTS"
left = { table = "B03", row = "合计", column = "项目支出" }
right = [
  { table = "B12", row = "合计", first = true, column = "合计" },
  { table = "B13", row = "合计", first = true, column = "合计" },
]
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


COLUMNS = """\
[[equality]]
id = "X-TEST-COLUMNS"
each = "栏"
left = { table = "B01", lane = "income", column = "决算数" }
right = { table = "B02", row = "合计", column = ["一般公共预算", "上年结转"], text = "{table}“合计”行“{column}”栏" }
title = "测试"
severity = "error"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""


@pytest.mark.parametrize(
    ("good", "change", "line", "words"),
    [
        (BOUND, ('table = "06", codes', 'table = "05", codes'), 6, "codes 只用于按经济分类科目列示的表"),
        (BOUND, ('codes = ["30217"]', 'codes = ["3021"]'), 6, "codes 须为经济分类科目编码的列表"),
        (
            BOUND,
            ('codes = ["30217"]', 'codes = ["30217"], row = "合计"'),
            6,
            "或以 rows = [行名, …]、codes = [经济分类科目编码, …]、words = [行名所含词语, …]、under = 上级行名、like = [行名样式, …] 代替 row",
        ),
        (BOUND, ('relation = "<="\n', ""), 3, 'equal_when 只用于 relation = "<="'),
        (BOUND, ('equal_when = "无财政拨款项目支出"', 'equal_when = "无项目"'), 4, "不是已知的条件"),
        (
            BOUND,
            ('equal_when = "无财政拨款项目支出"\n', 'tables = ["09", "06"]\n'),
            5,
            "equal_note 只与 equal_when 同写",
        ),
        (
            BOUND,
            ('equal_note = "无项目支出。"\n', 'equal_note = "无项目支出。"\ntables = [6, 9]\n'),
            6,
            "只定先后",
        ),
        (
            BOUND,
            ('equal_note = "无项目支出。"\n', 'equal_note = "无项目支出。"\ntables = ["05", "09"]\n'),
            6,
            "只定先后",
        ),
        (BOUND, ('codes = ["30217"]', 'words = "公务接待费"'), 6, "words 须为行名所含词语的列表"),
        (BOUND, ('codes = ["30217"]', 'under = ""'), 6, "under 须为上级行名"),
        (BOUND, ('codes = ["30217"]', "rows = []"), 6, "rows 须为行名的列表"),
        (BOUND, ('codes = ["30217"]', 'codes = "款"'), 6, '（或 "类"：所列各经济分类类级行）'),
        (BOUND, ('codes = ["30217"]', 'words = [["公务接待费"], []]'), 6, "words 须为行名所含词语的列表"),
        (
            FALLBACK,
            (
                'otherwise = { table = "06", codes = "类", column = "决算数"',
                'otherwise = { table = "05", row = "合计", column = "合计"',
            ),
            5,
            "otherwise 须与 right 同表",
        ),
        (FALLBACK, ("otherwise = {", "other = {"), 5, "未知的键“other”"),
        (
            FALLBACK,
            ('otherwise = { table = "06", codes = "类", column = "决算数" }\n', ""),
            5,
            "missing 只与 otherwise 同写",
        ),
        (
            FALLBACK,
            ('missing = "人员经费合计、公用经费合计或经济分类类级行"', "missing = 1"),
            6,
            "missing 须为字符串",
        ),
        (EVERY, ('words = ["财政拨款"], every', 'row = "合计", every'), 4, "every、except 只与 words 同写"),
        (EVERY, ("every = true", "every = 1"), 4, "every 须为 true 或 false"),
        (EVERY, ('words = ["财政拨款"]', 'words = [["财政拨款"], ["收入"]]'), 4, "只与一组 words 同写"),
        (EVERY, ('except = ["非财政拨款"]', 'except = "非财政拨款"'), 4, "except 须为行名不应含的词语的列表"),
        (EVERY, (', missing = "“合计”行"', ""), 3, "require 须为"),
        (
            EVERY,
            ('require = { table = "02"', 'require = { table = "03"'),
            3,
            "require 须以 row 指明两侧所用表中的一行",
        ),
        (
            PAIR_WHEN,
            ('when = "一般公共预算支出表不含上年结转"', 'when = "无结转结余"'),
            3,
            "只用于决算公开表（01–10表）之间的比对",
        ),
        (PAIR_WHEN, ('when = "一般公共预算支出表不含上年结转"', 'when = "不含"'), 3, "不是已知的条件"),
        (
            PAIR_WHEN,
            ('note = "说明。"', "note = 1"),
            3,
            "一对可加 skip_blank = true、when = 条件、note = 说明",
        ),
        (
            BOUND.replace(
                'row = "决算数", column = "公务接待费"',
                'row = "决算数", aliases = ["决算"], column = "公务接待费"',
            ),
            ('aliases = ["决算"]', "aliases = []"),
            7,
            "aliases 须与 row 同写",
        ),
        (CAPITAL, ('skip_blank = "right"', 'skip_blank = "left"'), 6, 'true、false 或 "right"'),
        (CAPITAL, ('empty_note = "{table}为空表。"', 'empty_note = "{unit}为空表。"'), 7, "可用字段：table"),
        (CAPITAL, ('empty_note = "{table}为空表。"', 'empty_note = ""'), 7, "可用字段：table"),
        (
            PROJECTS,
            ('row = "合计", first = true', 'first = true, words = ["合计"]'),
            4,
            "first 须为 true 或 false",
        ),
        (PROJECTS, ('{ table = "B13"', '{ table = "B14"'), 4, "未知的表 'B14'"),
        (
            COLUMNS,
            ('table = "B01", lane', 'table = "B01", row = "合计", lane'),
            4,
            "左侧须为收支两方表的一方与栏目",
        ),
        (COLUMNS, ('table = "B02", row = "合计", ', 'table = "B02", '), 5, "右侧须写 table、row 与 column"),
        (
            COLUMNS,
            ('each = "栏"', 'each = "栏"\nrequire_column = true'),
            4,
            'require_column 只用于 each = "类"',
        ),
    ],
)
def test_a_broken_declaration_names_its_file_and_line(
    tmp_path: Path, good: str, change: tuple[str, str], line: int, words: str
) -> None:
    rid = good.split('id = "', 1)[1].split('"', 1)[0]
    [decl] = refused(tmp_path, good, change, line, words, rid)
    assert isinstance(decl, identities.CellEquality) and decl.id == rid


def _declared(rule_id: str) -> identities.CellEquality:
    return {e.id: e for e in identities.declared_equalities()}[rule_id]


def _no_project_spending(d: Disclosure) -> Disclosure:
    """The document with its 05表 合计行 项目支出 printed as 0.00 (07/08表 are empty already)."""
    set_text(d, "05", "合计", "项目支出", "0.00")
    return d


def test_x09_06_rules_are_declared_with_summed_codes_and_a_switched_relation() -> None:
    eq = _declared("X09-06-THREE-PUBLIC")
    assert eq.relation == "<=" and eq.equal_when == "无财政拨款项目支出" and eq.read_empty
    assert eq.equal_note == "本单位无财政拨款项目支出，该项应全部来自基本支出。"
    assert [(left.codes, right.columns) for left, right in eq.pairs] == [
        (("30212",), ("因公出国（境）费",)),
        (("30217",), ("公务接待费",)),
        (("30231",), ("公务用车运行维护费",)),
        (("31013", "30913"), ("公务用车购置费",)),
    ]
    # the catalog keeps the rules' tables in their order (09表 first) and their wording
    assert eq.spec is rule_by_id("X09-06-THREE-PUBLIC") and eq.spec.tables == ("09", "06")
    meeting = _declared("X09-06-MEETING")
    assert meeting.skip_unprinted and not meeting.spec.enabled and meeting.spec.severity == "warning"
    assert identities.is_switched(eq.id) and not identities.is_switched("X04-FUNDS")
    results = run_examples([eq, meeting])
    assert all(r.ok for r in results) and len(results) == 6
    # the examples with `condition = true` are compared as equalities: 1.14 against 1.50 fires
    assert any("相差0.36万元。本单位无财政拨款项目支出" in m for r in results for m in r.messages)


def test_a_bound_with_no_project_spending_is_an_equality_worded_as_one() -> None:
    d = _reception_within_09()  # 06表 30217 0.50, 09表 公务接待费 0.50
    set_text(d, "09", "决算数", "公务接待费", "0.80")
    assert findings(run(d), "X09-06-THREE-PUBLIC") == []  # 项目支出 exists: 09 may be larger
    [f] = findings(run(_no_project_spending(d)), "X09-06-THREE-PUBLIC")
    assert f.severity == "error" and (f.actual, f.expected) == ("0.50", "0.80")
    assert f.message == (
        "公开06表“30217 公务接待费”为0.50万元，但公开09表“决算数”行“公务接待费”栏为0.80万元，相差0.30万元。"
        "本单位无财政拨款项目支出，该项应全部来自基本支出。"
    )
    assert [(e.table, e.row, e.column) for e in f.evidence] == [
        ("06", "30217 公务接待费", "决算数"),
        ("09", "决算数", "公务接待费"),
    ]


def test_the_facts_name_the_relation_and_the_compiled_rules_decide() -> None:
    eq = _declared("X09-06-THREE-PUBLIC")
    for switched, kind, relation in ((False, DeclaredBound, "bound"), (True, DeclaredEquality, "equal")):
        outcomes = []
        for printed in ("0.40", "0.50"):  # 06表 30217 0.50 against 09表 0.40 (broken) and 0.50 (holds)
            d = _reception_within_09()
            set_text(d, "09", "决算数", "公务接待费", printed)
            if switched:
                _no_project_spending(d)
            plan = JudgementPlan()
            equalities.plan_equality(plan, eq, d.tables, d)
            [j] = plan.judgements
            assert type(j) is kind
            fact = j.fact("j")
            assert (fact["rule"], fact["relation"]) == (eq.id, relation)
            outcomes += table_engine().run([fact]).values()
        assert outcomes == [BROKEN, HOLDS]


def test_an_empty_09_table_is_read_and_a_missing_column_skips_the_meeting_rule() -> None:
    d = _reception_within_09()
    blank = dict.fromkeys(THREE_PUBLIC_COLS, "")
    d.tables["09"] = table("09", [row("09", k, blank) for k in ("预算数", "决算数")], empty=True)
    [f] = findings(run(d), "X09-06-THREE-PUBLIC")  # 30217 0.50 against a blank
    assert f.message.startswith(
        "公开06表“30217 公务接待费”为0.50万元，大于公开09表“决算数”行“公务接待费”栏未填列"
    )
    assert (f.expected, f.actual) == ("（空）", "0.50")
    # 09表 printed without its 决算数 row: nothing to compare
    d.tables["09"].rows = d.tables["09"].rows[:1]
    assert findings(run(d), "X09-06-THREE-PUBLIC") == []
    meeting = RuleConfig(default_settings(), select=("X09-06-MEETING",))
    d = _meeting_over_09()  # 06表 30215 3.00 > 09表 会议费 2.00
    assert [f.actual for f in findings(run(d, meeting), "X09-06-MEETING")] == ["3.00"]
    t09 = d.tables["09"]
    t09.columns = [c for c in t09.columns if c != "会议费"]
    for r in t09.rows:
        del r.cells["会议费"]
    assert findings(run(d, meeting), "X09-06-MEETING") == []


def test_an_example_condition_needs_equal_when_and_a_claim_names_a_row(tmp_path: Path) -> None:
    no_switch = BOUND.replace('equal_when = "无财政拨款项目支出"\nequal_note = "无项目支出。"\n', "")
    refused(tmp_path, BOUND, (BOUND, no_switch), 1, "示例写了 condition，但本规则没有 equal_when 条件")
    claim = """\
[[claim]]
id = "X-TEST-CLAIM"
claim = { subject = "机关运行经费" }
cell = { table = "06", row = "公用经费合计", column = "决算数" }
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
"""
    refused(
        tmp_path,
        claim,
        ('row = "公用经费合计"', 'codes = ["30217"]'),
        4,
        "cell 须以 row 指明一行（不能写 codes、words）",
        "X-TEST-CLAIM",
    )


def test_x04_01_income_finds_its_rows_by_their_words() -> None:
    eq = _declared("X04-01-INCOME")
    assert [(left.words, right.words) for left, right in eq.pairs[:3]] == [
        ((("一般公共预算",),), (("一般公共预算", "财政拨款"),)),
        ((("政府性基金",),), (("政府性基金", "财政拨款"),)),
        ((("国有资本经营",),), (("国有资本经营", "财政拨款"),)),
    ]
    total, fiscal = eq.pairs[3]
    assert total.row == "本年收入合计" and len(fiscal.words) == 3
    assert eq.pair_skip_blank == (False, False, False, True) and not eq.skip_blank
    assert eq.spec is rule_by_id("X04-01-INCOME") and eq.spec.tables == ("04", "01")
    assert all(r.ok for r in run_examples([eq]))
    assert findings(run(full()), "X04-01-INCOME") == []
    d = edited(("04", "一般公共预算财政拨款", "决算数", "210.93"))
    [one] = findings(run(d), "X04-01-INCOME")
    assert one.message == (
        "公开04表收入方“一般公共预算财政拨款”为210.93万元，但公开01表收入方“一般公共预算财政拨款收入”为200.93万元，"
        "相差10.00万元。"
    )
    d = edited(("04", "本年收入合计", "决算数", "210.93"))
    [whole] = findings(run(d), "X04-01-INCOME")
    assert whole.message == (
        "公开04表收入方“本年收入合计”为210.93万元，但公开01表收入方三项财政拨款收入之和为200.93万元，相差10.00万元。"
    )
    # the sum is compared only when both cells are printed
    assert findings(run(edited(("04", "本年收入合计", "决算数", ""))), "X04-01-INCOME") == []


def test_x10_06_agency_reads_the_rows_under_its_heading() -> None:
    eq = _declared("X10-06-AGENCY")
    assert eq.left.under == "机关运行经费" and eq.left.row == "机关运行经费" and eq.relation == "<="
    assert eq.right.text == "{table}“{row}”" and eq.spec.tables == ("10", "06")
    assert all(r.ok for r in run_examples([eq]))
    t10 = table(
        "10",
        [
            row("10", "机关运行经费/行政单位", {"统计数": "30.00"}, label="行政单位", parent="机关运行经费"),
            row("10", "机关运行经费/参公单位", {"统计数": "10.00"}, label="参公单位", parent="机关运行经费"),
        ],
    )
    d = full()
    d.tables["10"] = t10
    [f] = findings(run(d), "X10-06-AGENCY")  # 30.00 + 10.00 > 06表 公用经费合计 36.76
    assert f.message == (
        "公开10表机关运行经费（“行政单位”、“参公单位”）为40.00万元，大于公开06表“公用经费合计”为36.76万元"
        "（前者是后者的一部分），超出3.24万元。"
    )
    # a 合计 row under the heading is the one compared
    t10.rows.append(row("10", "机关运行经费/合计", {"统计数": "36.00"}, label="合计", parent="机关运行经费"))
    assert findings(run(d), "X10-06-AGENCY") == []


def test_x05_06_basic_sums_named_rows_and_falls_back_to_the_economic_classes() -> None:
    eq = _declared("X05-06-BASIC")
    assert eq.right.rows == ("人员经费合计", "公用经费合计") and eq.otherwise is not None
    assert eq.otherwise.codes == ("类",) and eq.missing == "人员经费合计、公用经费合计或经济分类类级行"
    assert all(r.ok for r in run_examples([eq]))
    d = edited(("05", "合计", "基本支出", "160.00"))
    [f] = findings(run(d), "X05-06-BASIC")
    assert f.message.startswith(
        "公开05表“合计”行“基本支出”栏为160.00万元，但公开06表“人员经费合计”＋“公用经费合计”为"
    )
    assert [e.row for e in f.evidence] == ["合计", "人员经费合计", "公用经费合计"]
    # no total rows: the economic 类 rows, summed
    t06 = d.tables["06"]
    t06.rows = [r for r in t06.rows if r.key not in ("人员经费合计", "公用经费合计")]
    [f] = findings(run(d), "X05-06-BASIC")
    assert "但公开06表各经济分类类级之和为" in f.message
    assert [e.row[:3] for e in f.evidence[1:]] == [r.code for r in t06.rows if r.code and len(r.code) == 3]
    # nor those: not evaluated, saying what 06表 lacks
    t06.rows = [r for r in t06.rows if not (r.code and len(r.code) == 3)]
    out = run(d)
    assert findings(out, "X05-06-BASIC") == []
    [note] = [n for n in out.not_evaluated if n.rule_id == "X05-06-BASIC"]
    assert note.reason.startswith("公开06表未识别出人员经费合计、公用经费合计或经济分类类级行，无法核对")


def test_x01_02_income_sums_every_fiscal_row_and_requires_02s_total_row() -> None:
    eq = _declared("X01-02-INCOME")
    assert eq.require is not None and (eq.require.table, eq.require.row) == ("02", "合计")
    assert eq.require_missing == "“合计”行"
    fiscal = eq.pairs[1][0]
    assert fiscal.every and fiscal.words == (("财政拨款",),) and fiscal.excluded == ("非财政拨款",)
    assert all(r.ok for r in run_examples([eq]))
    assert findings(run(full()), "X01-02-INCOME") == []
    d = edited(("02", "合计", "财政拨款收入", "210.93"))
    [f] = findings(run(d), "X01-02-INCOME")
    assert f.message.startswith(
        "公开01表收入方财政拨款收入（“一般公共预算财政拨款收入”、“政府性基金预算财政拨款收入”之和）"
    )
    # one fiscal row: worded as that row
    t01 = d.tables["01"]
    t01.rows = [r for r in t01.rows if not (r.lane == "income" and "政府性基金" in r.key)]
    [f] = findings(run(d), "X01-02-INCOME")
    assert f.message.startswith("公开01表收入方“一般公共预算财政拨款收入”为")
    # 02表 without its 合计 row: not evaluated, nothing compared
    d.tables["02"].rows = [r for r in d.tables["02"].rows if r.key != "合计"]
    out = run(d)
    assert findings(out, "X01-02-INCOME") == []
    [note] = [n for n in out.not_evaluated if n.rule_id == "X01-02-INCOME"]
    assert note.reason.startswith("公开02表未识别出“合计”行，无法核对")


def test_xb01_03_expense_compares_its_total_then_every_class() -> None:
    from tests.rules import budget_examples
    from tests.rules.catalog_examples import CATALOG_EXAMPLES

    eq = _declared("XB01-03-EXPENSE")
    assert eq.each == "类" and len(eq.pairs) == 1 and eq.pair_skip_blank == (True,) and eq.skip_unprinted
    assert eq.spec is rule_by_id("XB01-03-EXPENSE") and eq.spec.tables == ("B01", "B03")
    assert all(r.ok for r in run_examples([eq]))
    assert findings(run(budget_examples.budget()), "XB01-03-EXPENSE") == []
    fires = CATALOG_EXAMPLES["XB01-03-EXPENSE"][0]()  # B01 卫生健康支出 310.00
    [f] = findings(run(fires), "XB01-03-EXPENSE")
    assert f.message.startswith("“2023年预算收支总表”（B01）支出方“卫生健康支出”为310.00万元，但")
    # B01's 本年支出合计 against B03's 合计 row first
    d = budget_examples.budget()
    set_text(d, "B01", "本年支出合计", "合计", "999.00")
    assert findings(run(d), "XB01-03-EXPENSE")[0].message.startswith(
        "“2023年预算收支总表”（B01）支出方“本年支出合计”为999.00万元，但“2023年预算支出总表”（B03）“合计”行“合计”栏为"
    )
    # B01's expense lane printing neither 合计 nor one lone column: nothing compared
    for r in d.tables["B01"].rows:
        if r.lane == "expense" and "合计" in r.cells:
            r.cells["当年预算安排"] = r.cells.pop("合计")
            r.cells["上年结转"] = r.cells["当年预算安排"]
    assert findings(run(d), "XB01-03-EXPENSE") == []


def test_an_operators_equality_between_any_two_budget_tables_is_stated(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        """\
[[equality]]
id = "X-TEST-B02-B03"
left = { table = "B02", row = "合计", column = "本年收入" }
right = { table = "B03", row = "合计", column = "合计" }
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
""",
        encoding="utf-8",
    )
    [message] = loaded_in_subprocess(
        path,
        """
from rules import check
from rules.settings import RuleConfig, default_settings
from tests.rules import budget_examples
from tests.rules.builders import set_text
d = budget_examples.budget()
set_text(d, "B02", "合计", "本年收入", "1.00")
out = check(d, RuleConfig(default_settings(), select=(loaded[0].id,)))
print(json.dumps([f.message for f in out.findings]))
""",
    )
    assert message.startswith(
        "“2023年预算收入总表”（B02）“合计”行“本年收入”栏为1.00万元，但“2023年预算支出总表”（B03）"
    )


def test_xb04_05_general_compares_the_pair_b05s_title_calls_for() -> None:
    from tests.rules import budget_examples

    eq = _declared("XB04-05-GENERAL")
    assert eq.pair_when == ("一般公共预算支出表不含上年结转", "一般公共预算支出表未注明不含上年结转")
    assert (
        eq.pair_note[0] == "一般公共预算支出表不含上年结转，应等于当年一般公共预算拨款。"
        and eq.pair_note[1] == ""
    )
    assert eq.pair_skip_blank == (False, True) and eq.spec.tables == ("B04", "B05")
    assert all(r.ok for r in run_examples([eq]))
    d = budget_examples.budget()  # B05 titled “…（不含上年结转）”
    set_text(d, "B05", "合计", "合计", "290.00")
    [f] = findings(run(d), "XB04-05-GENERAL")
    assert "（B04）收入方“一般公共预算”为" in f.message
    assert f.message.endswith("一般公共预算支出表不含上年结转，应等于当年一般公共预算拨款。")
    d.tables["B05"].title = d.tables["B05"].title.replace("（不含上年结转）", "")
    [f] = findings(run(d), "XB04-05-GENERAL")
    assert "（B04）支出方“本年支出合计”行“一般公共预算”栏为" in f.message and f.message.endswith("万元。")


def test_xb10_06_three_public_finds_rows_under_their_other_names() -> None:
    from tests.rules import budget_examples

    eq = _declared("XB10-06-THREE-PUBLIC")
    assert eq.relation == "<=" and eq.spec.tables == ("B10", "B06")
    assert eq.pairs[1][1].aliases == ("公务用车运行费",) and eq.pairs[3][0].aliases == ("因公出国（境）费",)
    assert all(r.ok for r in run_examples([eq]))
    d = budget_examples.budget()
    assert findings(run(d), "XB10-06-THREE-PUBLIC") == []
    for r in d.tables["B10"].rows:
        if r.key == "公务用车运行维护费":  # printed under its other name, 3.00 < B06's 4.00
            r.key = r.label = "公务用车运行费"
    set_text(d, "B10", "公务用车运行费", "合计", "3.00")
    [f] = findings(run(d), "XB10-06-THREE-PUBLIC")
    assert f.message.startswith(
        "“2023年一般公共预算安排基本支出分经济科目表（不含上年结转）”（B06）“公务用车运行维护费”为4.00万元，大于"
    )
    assert "（B10）“公务用车运行费”为3.00万元" in f.message


def test_xb03_12_project_adds_the_totals_of_two_tables_each_or_its_first_row() -> None:
    from tests.rules import budget_examples

    eq = _declared("XB03-12-PROJECT")
    assert [s.table for s in (eq.right, *eq.right.plus)] == ["B12", "B13"] and eq.right.first
    assert eq.spec.tables == ("B03", "B12", "B13")
    assert all(r.ok for r in run_examples([eq]))
    d = budget_examples.budget()  # B03 项目支出 150.00 = B12 100.00 + B13 50.00, each on its unit's row
    assert findings(run(d), "XB03-12-PROJECT") == []
    set_text(d, "B12", budget_examples.UNIT, "合计", "90.00")
    [f] = findings(run(d), "XB03-12-PROJECT")
    assert "（B03）“合计”行“项目支出”栏为150.00万元" in f.message
    assert f"（B12）“{budget_examples.UNIT}”行＋" in f.message and "（B13）“" in f.message
    assert "140.00万元" in f.message
    del d.tables["B13"]  # only this year's projects: 150.00 against 90.00
    [f] = findings(run(d), "XB03-12-PROJECT")
    assert "（B13）" not in f.message and "相差60.00万元" in f.message


def test_xb01_09_capital_reads_an_empty_b09_unless_it_could_not_be_read() -> None:
    from tests.rules.catalog_examples import _budget_b09

    eq = _declared("XB01-09-CAPITAL")
    assert eq.read_empty and eq.skip_blank_right and eq.empty_note == "{table}为空表。"
    assert all(r.ok for r in run_examples([eq]))
    d = _budget_b09(("B01", "国有资本经营预算", "决算数", "100.00"))
    assert findings(run(d), "XB01-09-CAPITAL") == []
    b09 = d.tables["B09"]
    set_text(d, "B09", "合计", "国有资本经营预算", "")  # a blank 合计 beside printed rows: TAB-BLANK-TOTAL's
    assert findings(run(d), "XB01-09-CAPITAL") == []
    for r in b09.rows:
        for c in r.cells.values():
            c.text, c.amount = "", None
    b09.empty = True
    [f] = findings(run(d), "XB01-09-CAPITAL")
    assert "收入方“合计”行未填列" in f.message and f.message.endswith("（B09）为空表。")
    b09.problems = ["未识别出收入、支出两方的栏位，未解析"]  # empty because it was not read
    assert findings(run(d), "XB01-09-CAPITAL") == []


def test_xb01_02_income_compares_its_total_then_every_row_named_like_a_column() -> None:
    from decimal import Decimal

    from tests.rules import budget_examples

    eq = _declared("XB01-02-INCOME")
    assert eq.each == "栏" and len(eq.pairs) == 1 and eq.spec.tables == ("B01", "B02")
    assert all(r.ok for r in run_examples([eq]))
    d = budget_examples.budget()
    assert findings(run(d), "XB01-02-INCOME") == []
    set_text(d, "B01", "上年结转", "决算数", "45.00")  # a carry-in row against B02's 上年结转 column
    [f] = findings(run(d), "XB01-02-INCOME")
    assert f.message.startswith("“2023年预算收支总表”（B01）收入方“上年结转”为45.00万元，但")
    assert "（B02）“合计”行“上年结转”栏为50.00万元" in f.message
    # B02 printing its 合计 column (本年收入 + 上年结转) ahead of 本年收入: 本年收入合计 is compared with
    # 本年收入 (it was compared with 合计 and reported 50.00 of carry-over as a difference)
    d = budget_examples.budget()
    b02 = d.tables["B02"]
    b02.columns = ["合计", *b02.columns]
    for r in b02.rows:
        parts = [c.amount.value for k, c in r.cells.items() if k in ("本年收入", "上年结转") and c.amount]
        r.cells["合计"] = cell("B02", r.key, "合计", f"{sum(parts, Decimal(0)):.2f}")
    assert findings(run(d), "XB01-02-INCOME") == []
    set_text(d, "B01", "本年收入合计", "决算数", "310.00")
    [f] = findings(run(d), "XB01-02-INCOME")
    assert "（B02）“合计”行“本年收入”栏为300.00万元" in f.message


def test_x01_04_carry_finds_its_rows_by_pattern_and_shares_its_pair_with_x04_01_income(
    tmp_path: Path,
) -> None:
    eq = _declared("X01-04-CARRY")
    assert eq.relation == "<=" and eq.equal_when == "无非财政拨款收入"
    assert eq.spec.tables == ("01", "04", "02")  # 02表: read by its condition, so the rule needs it
    assert eq.pairs[0][0].like == ("年初*结转*", "上年*结转*")
    assert all(r.ok for r in run_examples([eq]))
    d = edited(("04", "年初结转和结余", "决算数", "0.50"))  # only fiscal money: an equality
    [f] = findings(run(d), "X01-04-CARRY")
    assert f.message.startswith(
        "公开04表收入方“年初结转和结余”为0.50万元，但公开01表收入方“年初结转和结余”为"
    )
    assert f.message.endswith("结转和结余应全部为财政拨款结转和结余。")
    total02 = next(r for r in d.tables["02"].rows if r.key == "合计")
    total02.cells["事业收入"] = cell("02", "合计", "事业收入", "1.00")
    assert findings(run(d), "X01-04-CARRY") == []  # some non-fiscal income: 0.50 within 01表's
    path = tmp_path / "mine.toml"  # an operator's equality between the same pair: stated once
    path.write_text(
        """\
[[equality]]
id = "X-TEST-04-01"
left = { table = "04", lane = "income", row = "本年收入合计", column = "决算数" }
right = { table = "01", lane = "income", row = "本年收入合计", column = "决算数" }
title = "测试"
severity = "warning"
rationale = "测试用。"
fires = "不等。"
silent = "相等。"
""",
        encoding="utf-8",
    )
    messages = loaded_in_subprocess(
        path,
        """
from rules import check
from rules.settings import RuleConfig, default_settings
from tests.rules.examples import edited
d = edited(("04", "本年收入合计", "决算数", "1.00"))
out = check(d, RuleConfig(default_settings(), select=(loaded[0].id,)))
print(json.dumps([f.message for f in out.findings]))
""",
    )
    assert len(messages) == 1 and messages[0].startswith("公开04表收入方“本年收入合计”行")
    # a row found by pattern, without a text of its own, is named as printed
    side = eq.pairs[0][0]
    plain = replace(side, text=None)
    d = full()
    t04 = d.tables["04"]
    row = equalities.find_row(t04, plain)
    assert row is not None
    assert equalities._side(t04, plain, row, "决算数").text == "公开04表收入方“年初结转和结余”行“决算数”栏"
