"""Code hierarchies of a two-sided table whose both lanes carry subject codes (as B09 国有资本经营
预算收支预算表): each lane is summed to its own 合计, whatever codes the other lane prints and
whatever the row order; one-lane tables keep their sums and messages. In an audit B09's lane sums
are TB-CAPITAL-INCOME / -EXPENSE's, so nothing about them is reported twice."""

from __future__ import annotations

import random

import pytest

from ingest.model import Disclosure, Row, Table
from ingest.reader import build
from ingest.text import read_text
from rules.checks import Identity, Plan
from rules.hierarchy import functional_plan
from rules.settings import RuleConfig, default_settings
from tests.rules.builders import disclosure, reprint, row, table
from tests.rules.helpers import findings, run, serious

TITLE = "2023年国有资本经营预算收支预算表（不含上年结转）"
INCOME = "国有资本经营预算"
EXPENSE = ("合计", "基本支出", "项目支出")
HIERARCHY = RuleConfig(default_settings(), select=("hierarchy", "TAB-BLANK-TOTAL"))

# The 收入 lane prints functional codes too, but not the 支出 lane's: 223 / 22302 / 2230201
# against 223 / 22301 / 2230105 (and 229 only on the 收入 side).
INCOME_ROWS = (
    ("合计", "150.00"),
    ("223 国有资本经营预算支出", "100.00"),
    ("22302 国有企业资本金注入", "100.00"),
    ("2230201 国有经济结构调整支出", "100.00"),
    ("229 其他支出", "50.00"),
)
EXPENSE_ROWS = (
    ("合计", ("150.00", "", "150.00")),
    ("223 国有资本经营预算支出", ("150.00", "", "150.00")),
    ("22301 解决历史遗留问题及改革成本支出", ("150.00", "", "150.00")),
    ("2230105 国有企业退休人员社会化管理补助支出", ("100.00", "", "100.00")),
    ("2230199 其他解决历史遗留问题及改革成本支出", ("50.00", "", "50.00")),
)


def _lane_rows(lane: str) -> list[Row]:
    if lane == "income":
        return [
            row("B09", key, {INCOME: v}, role="total" if key == "合计" else "detail", lane="income")
            for key, v in INCOME_ROWS
        ]
    return [
        row(
            "B09",
            key,
            dict(zip(EXPENSE, vs, strict=True)),
            role="total" if key == "合计" else "detail",
            lane="expense",
        )
        for key, vs in EXPENSE_ROWS
    ]


def two_lanes(first: str = "income", table_id: str = "B09") -> Table:
    """A consistent two-lane coded table, the `first` lane's rows first."""
    second = "expense" if first == "income" else "income"
    return table(
        table_id,
        _lane_rows(first) + _lane_rows(second),
        columns=(INCOME, *EXPENSE),
        title=TITLE,
    )


def one_lane() -> Table:
    """The 支出 lane alone, without lanes: a plain code table."""
    rows = _lane_rows("expense")
    for r in rows:
        r.lane = None
    return table("B05", rows, columns=EXPENSE, title="2023年一般公共预算支出预算表")


def _row(t: Table, lane: str | None, key: str) -> Row:
    return next(r for r in t.rows if r.lane == lane and r.key == key)


def _budget(t: Table) -> Disclosure:
    return disclosure(t, kind="budget")


def _describe(
    plan: Plan,
) -> list[tuple[str, str, str | None, str, tuple[tuple[str, str | None, str], ...], str]]:
    def one(i: Identity) -> tuple[str, str, str | None, str, tuple[tuple[str, str | None, str], ...], str]:
        parts = tuple((r.key, r.lane, c) for r, c, _ in i.parts)
        return (i.rule.id, i.row.key, i.row.lane, i.column, parts, i.parts_text or "")

    return [one(i) for i in plan.identities]


# ---------------------------------------------------------------------------------------------
# The plan: lane by lane
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["income", "expense"])
def test_no_identity_mixes_lanes(first: str) -> None:
    plan = functional_plan(two_lanes(first))
    assert plan.not_evaluated == []
    for ident in plan.identities:
        assert {r.lane for r, _c, _s in ident.parts} == {ident.row.lane}
        # each lane's sums run over that lane's own columns
        assert ident.column in ((INCOME,) if ident.row.lane == "income" else EXPENSE)
    totals = {(i.row.lane, i.row.key) for i in plan.identities if i.rule.id == "TAB-COL-SUM"}
    assert totals == {("income", "合计"), ("expense", "合计")}


def test_each_lane_total_sums_its_own_top_rows() -> None:
    described = _describe(functional_plan(two_lanes()))
    assert (
        "TAB-COL-SUM",
        "合计",
        "income",
        INCOME,
        (("223 国有资本经营预算支出", "income", INCOME), ("229 其他支出", "income", INCOME)),
        "收入方各类级科目之和",
    ) in described
    assert (
        "TAB-COL-SUM",
        "合计",
        "expense",
        "项目支出",
        (("223 国有资本经营预算支出", "expense", "项目支出"),),
        "支出方各类级科目“项目支出”之和",
    ) in described
    hier = {(key, lane) for rule, key, lane, *_ in described if rule == "TAB-HIER"}
    assert hier == {
        ("223 国有资本经营预算支出", "income"),
        ("22302 国有企业资本金注入", "income"),
        ("223 国有资本经营预算支出", "expense"),
        ("22301 解决历史遗留问题及改革成本支出", "expense"),
    }


def test_row_order_does_not_matter() -> None:
    income_first = _describe(functional_plan(two_lanes("income")))
    expense_first = _describe(functional_plan(two_lanes("expense")))
    assert sorted(income_first) == sorted(expense_first)
    # the lanes interleaved at random, each lane's rows in their printed order
    t = two_lanes()
    rng = random.Random(3)
    lanes = {lane: [r for r in t.rows if r.lane == lane] for lane in ("income", "expense")}
    t.rows = [lanes[lane].pop(0) for lane in rng.sample(["income"] * 5 + ["expense"] * 5, 10)]
    assert t.rows[0].lane != t.rows[1].lane or t.rows[1].lane != t.rows[2].lane
    assert sorted(_describe(functional_plan(t))) == sorted(income_first)


def test_a_lane_without_its_total_is_not_evaluated_by_name() -> None:
    t = two_lanes()
    t.rows.remove(_row(t, "income", "合计"))
    plan = functional_plan(t)
    assert [n.reason for n in plan.not_evaluated] == [
        f"“{TITLE}”（B09）未识别出收入方“合计”行，无法核对“科目表：“合计”行＝各顶层科目行之和（逐栏）”。"
    ]
    # the 支出 lane is still summed to its own 合计, never to the 收入 lane's rows
    assert {i.row.lane for i in plan.identities if i.rule.id == "TAB-COL-SUM"} == {"expense"}


# ---------------------------------------------------------------------------------------------
# One lane: as before
# ---------------------------------------------------------------------------------------------


def test_one_lane_table_keeps_its_sums_order_and_wording() -> None:
    assert _describe(functional_plan(one_lane())) == [
        ("TAB-COL-SUM", "合计", None, c, (("223 国有资本经营预算支出", None, c),), f"各类级科目“{c}”之和")
        for c in EXPENSE
    ] + [
        (
            "TAB-HIER",
            "223 国有资本经营预算支出",
            None,
            c,
            (("22301 解决历史遗留问题及改革成本支出", None, c),),
            f"其下款级科目（22301）“{c}”之和",
        )
        for c in EXPENSE
    ] + [
        (
            "TAB-HIER",
            "22301 解决历史遗留问题及改革成本支出",
            None,
            c,
            (
                ("2230105 国有企业退休人员社会化管理补助支出", None, c),
                ("2230199 其他解决历史遗留问题及改革成本支出", None, c),
            ),
            f"其下项级科目（2230105、2230199）“{c}”之和",
        )
        for c in EXPENSE
    ]


def test_one_lane_table_without_total_is_reported_as_before() -> None:
    t = one_lane()
    t.rows = t.rows[1:]
    assert [n.reason for n in functional_plan(t).not_evaluated] == [
        "“2023年一般公共预算支出预算表”（B05）未识别出“合计”行，无法核对“科目表：“合计”行＝各顶层科目行之和（逐栏）”。"
    ]


def test_lanes_on_uncoded_rows_only_leave_a_one_lane_table() -> None:
    """Lanes of rows without functional codes (06表 personnel/operating, captions) change nothing."""
    t = one_lane()
    before = _describe(functional_plan(t))
    t.rows.append(row("B05", "人员经费合计", {"合计": "0.00"}, role="total", lane="personnel"))
    assert _describe(functional_plan(t)) == before


# ---------------------------------------------------------------------------------------------
# The audit: no false finding, a broken lane named, nothing twice
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["income", "expense"])
def test_lanes_with_different_codes_raise_no_finding(first: str) -> None:
    out = run(_budget(two_lanes(first, "B99")), HIERARCHY)
    assert out.findings == [] and out.not_evaluated == []
    assert out.checks_run == 3 + 6  # 收入方 合计, 223, 22302; 支出方 合计, 223, 22301 × 合计, 项目支出
    b09 = run(_budget(two_lanes(first)))
    assert [f for f in b09.findings if "（B09）" in f.message] == []
    assert [n for n in b09.not_evaluated if n.table == "B09"] == []


@pytest.mark.parametrize("first", ["income", "expense"])
def test_broken_income_lane_names_income_rows(first: str) -> None:
    t = two_lanes(first, "B99")
    reprint(_row(t, "income", "229 其他支出"), INCOME, "40.00")
    out = run(_budget(t), HIERARCHY)
    assert [f.rule_id for f in serious(out)] == ["TAB-COL-SUM"]
    (hit,) = serious(out)
    assert "收入方“合计”" in hit.message and "收入方各类级科目之和" in hit.message
    rows = {(e["row"], e["column"]) for e in hit.evidence}
    assert rows == {("合计", INCOME), ("223 国有资本经营预算支出", INCOME), ("229 其他支出", INCOME)}


@pytest.mark.parametrize("first", ["income", "expense"])
def test_broken_expense_lane_names_expense_rows(first: str) -> None:
    t = two_lanes(first, "B99")
    for col in ("合计", "项目支出"):
        reprint(_row(t, "expense", "2230199 其他解决历史遗留问题及改革成本支出"), col, "60.00")
    out = run(_budget(t), HIERARCHY)
    hits = serious(out)
    assert [f.rule_id for f in hits] == ["TAB-HIER", "TAB-HIER"]
    for hit in hits:
        assert "支出方“22301 解决历史遗留问题及改革成本支出”行" in hit.message
        assert "（2230105、2230199）" in hit.message
        keys = {e["row"] for e in hit.evidence}
        assert keys == {
            "22301 解决历史遗留问题及改革成本支出",
            "2230105 国有企业退休人员社会化管理补助支出",
            "2230199 其他解决历史遗留问题及改革成本支出",
        }
        assert INCOME not in {e["column"] for e in hit.evidence}


def test_b09_broken_lane_is_reported_once() -> None:
    """B09's lane sums are stated by TB-CAPITAL-INCOME / -EXPENSE alone: each broken sum gives
    one finding, none repeated under TAB-COL-SUM / TAB-HIER."""
    t = two_lanes("income")
    reprint(_row(t, "income", "229 其他支出"), INCOME, "40.00")
    reprint(_row(t, "expense", "22301 解决历史遗留问题及改革成本支出"), "项目支出", "140.00")
    out = run(_budget(t))
    b09 = [(f.rule_id, f.evidence[0]["row"]) for f in out.findings if "（B09）" in f.message]
    assert sorted(b09) == [
        ("TB-CAPITAL-EXPENSE", "223 国有资本经营预算支出"),
        ("TB-CAPITAL-EXPENSE", "22301 解决历史遗留问题及改革成本支出"),
        ("TB-CAPITAL-INCOME", "合计"),
        ("TB-CAPITAL-ROW", "22301 解决历史遗留问题及改革成本支出"),
    ]


def test_b09_blank_lane_total_is_reported_once() -> None:
    t = two_lanes("expense")
    reprint(_row(t, "income", "合计"), INCOME, "")
    out = run(_budget(t))
    blanks = [f for f in out.findings if f.rule_id == "TAB-BLANK-TOTAL" and "（B09）" in f.message]
    assert len(blanks) == 1 and "收入方“合计”" in blanks[0].message


def test_b09_lane_without_total_or_with_unreadable_cell_is_reported_once() -> None:
    """B09's lane sums are TB-CAPITAL-INCOME / -EXPENSE's: hierarchy does not state them again, so
    what cannot be checked is reported by one rule, not by TAB-COL-SUM / TAB-HIER as well."""
    t = two_lanes()
    t.rows.remove(_row(t, "income", "合计"))
    reprint(_row(t, "expense", "2230199 其他解决历史遗留问题及改革成本支出"), "项目支出", "abc")
    out = run(_budget(t))
    b09 = [n for n in out.not_evaluated if n.table == "B09"]
    assert sorted(n.rule_id for n in b09) == ["TB-CAPITAL-EXPENSE", "TB-CAPITAL-INCOME", "TB-CAPITAL-ROW"]
    assert "收入方“合计”行" in next(n.reason for n in b09 if n.rule_id == "TB-CAPITAL-INCOME")


# ---------------------------------------------------------------------------------------------
# From text: B09 read by ingest, lanes in any order
# ---------------------------------------------------------------------------------------------

HEADER = (
    "国有资本经营预算收入\t\t\t国有资本经营预算支出\t\t\t\t\n"
    "项目\t\t国有资本经营收入 预算\t科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "收入科目编码\t科目名称\t\t\t\t\t\t\n"
)
BODY = (
    "合计\t\t150.00\t\t\t150.00\t\t150.00\n"
    "223\t国有资本经营预算支出\t100.00\t223\t国有资本经营预算支出\t150.00\t\t150.00\n"
    "22302\t国有企业资本金注入\t100.00\t22301\t解决历史遗留问题及改革成本支出\t150.00\t\t150.00\n"
    "229\t其他支出\t50.00\t2230105\t国有企业退休人员社会化管理补助支出\t100.00\t\t100.00\n"
    "\t\t\t2230199\t其他解决历史遗留问题及改革成本支出\t50.00\t\t50.00\n"
)


def _read_b09(body: str) -> Disclosure:
    text = f"{TITLE}\n单位名称：某县国资服务中心\n单位：万元\n{HEADER}{body}注：…\n"
    return build(read_text(text), "t.txt")


def test_read_b09_with_functional_income_codes_is_silent() -> None:
    d = _read_b09(BODY)
    t = d.tables["B09"]
    assert [r.lane for r in t.rows] == ["income"] * 4 + ["expense"] * 5  # 收入 lane first, as printed
    plan = functional_plan(t)
    assert plan.not_evaluated == [] and len(plan.identities) == 2 + 3 * 3  # 收入方 2, 支出方 3 × 3 栏
    out = run(d)
    assert [f for f in out.findings if "（B09）" in f.message] == []
    assert [n for n in out.not_evaluated if n.table == "B09"] == []


def test_read_b09_broken_income_lane_is_found_in_that_lane() -> None:
    d = _read_b09(BODY.replace("229\t其他支出\t50.00", "229\t其他支出\t40.00"))
    (hit,) = [f for f in findings(run(d)) if "（B09）" in f.message and f.severity == "error"]
    assert hit.rule_id == "TB-CAPITAL-INCOME" and "收入方“合计”" in hit.message
    assert {e["row"] for e in hit.evidence} == {"合计", "223 国有资本经营预算支出", "229 其他支出"}
    # hierarchy's own sums of that lane (as stated for any other two-lane coded table) agree
    (ident,) = [
        i for i in functional_plan(d.tables["B09"]).identities if i.row.lane == "income" and not i.row.code
    ]
    assert [r.key for r, _c, _s in ident.parts] == ["223 国有资本经营预算支出", "229 其他支出"]
