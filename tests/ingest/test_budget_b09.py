"""B09 国有资本经营预算收支预算表: its two lanes (收入 and 支出, each with subject codes and a 合计)
as tab-separated text, as text without cell positions, and in the seed documents; the B09 rules on
what ingest reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.model import Disclosure, Table
from ingest.reader import build, read_document
from ingest.schema import B09_INCOME
from ingest.text import read_text
from rules import check
from tests.conftest import require_shared

TITLE = "2023年国有资本经营预算收支预算表（不含上年结转）"
HEADER = (
    "国有资本经营预算收入\t\t\t国有资本经营预算支出\t\t\t\t\n"
    "项目\t\t国有资本经营收入 预算\t科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "收入科目编码\t科目名称\t\t\t\t\t\t\n"
)
EXPENSE_COLUMNS = ("合计", "基本支出", "项目支出")


def _b09_text(body: str, title: str = TITLE) -> str:
    return f"{title}\n单位名称：某县国资服务中心\n单位：万元\n{HEADER}{body}注：…\n"


def _b01_text(capital: str) -> str:
    """A small 预算收支总表 whose 国有资本经营预算 income is `capital` (all of its money)."""
    return (
        "2023年预算收支总表\n单位：万元\n"
        "收入\t\t支出\t\t\t\n"
        "项目\t2023年\t项目\t2023年合计\t当年预算安排\t上年结转安排\n"
        "一、一般公共预算\t\t一、一般公共服务支出\t\t\t\n"
        "二、政府性基金预算\t\t二、国有资本经营预算支出\t100.00\t100.00\t\n"
        f"三、国有资本经营预算\t{capital}\t\t\t\t\n"
        "本年收入合计\t100.00\t本年支出合计\t100.00\t100.00\t\n"
        "上年结转\t\t年终结转\t\t\t\n"
        "收入总计\t100.00\t支出总计\t100.00\t100.00\t\n"
    )


FILLED = (
    "合计\t\t100.00\t\t\t100.00\t\t100.00\n"
    "103\t非税收入\t100.00\t223\t国有资本经营预算支出\t100.00\t\t100.00\n"
    "10306\t国有资本经营收入\t100.00\t22301\t解决历史遗留问题及改革成本支出\t100.00\t\t100.00\n"
    "\t\t\t2230105\t国有企业退休人员社会化管理补助支出\t100.00\t\t100.00\n"
)
BLANK = (
    "合计\t\t\t\t\t\t\t\n"
    "223\t国有资本经营预算支出\t\t223\t国有资本经营预算支出\t\t\t\n"
    "22301\t解决历史遗留问题及改革成本支出\t\t22301\t解决历史遗留问题及改革成本支出\t\t\t\n"
)


def _read(text: str) -> Disclosure:
    return build(read_text(text), "t.txt")


def _b09(text: str) -> Table:
    table = _read(text).tables["B09"]
    assert table.id == "B09" and table.title == TITLE
    return table


def _lane(table: Table, lane: str) -> list[str]:
    return [r.key for r in table.rows if r.lane == lane]


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def test_filled_table_reads_both_lanes_with_codes_and_columns() -> None:
    t = _b09(_b09_text(FILLED))
    assert not t.empty and t.problems == []
    assert t.columns == [B09_INCOME, *EXPENSE_COLUMNS]
    assert _lane(t, "income") == ["合计", "103 非税收入", "10306 国有资本经营收入"]
    assert _lane(t, "expense") == [
        "合计",
        "223 国有资本经营预算支出",
        "22301 解决历史遗留问题及改革成本支出",
        "2230105 国有企业退休人员社会化管理补助支出",
    ]
    income = t.row("10306 国有资本经营收入", lane="income")
    assert income is not None and income.code == "10306" and income.domain == "rev"
    assert set(income.cells) == {B09_INCOME}
    assert income.amount(B09_INCOME).value == Decimal("100.00")  # type: ignore[union-attr]
    item = t.row("2230105 国有企业退休人员社会化管理补助支出", lane="expense")
    assert item is not None and item.domain == "func" and item.level == 3
    assert set(item.cells) == set(EXPENSE_COLUMNS)
    assert item.amount("项目支出").value == Decimal("100.00")  # type: ignore[union-attr]
    assert item.amount("基本支出") is None  # blank: not printed, never 0
    assert not any(c.uncertain for c in t.cells())  # tab-separated: every position is read


def test_total_captioned_once_is_the_total_of_both_lanes() -> None:
    t = _b09(_b09_text(FILLED))
    income, expense = t.row("合计", lane="income"), t.row("合计", lane="expense")
    assert income is not None and expense is not None
    assert income.role == expense.role == "total"
    assert income.amount(B09_INCOME).value == Decimal("100.00")  # type: ignore[union-attr]
    assert expense.amount("合计").value == Decimal("100.00")  # type: ignore[union-attr]
    assert expense.amount("基本支出") is None


def test_a_lane_left_blank_on_a_row_is_not_invented() -> None:
    t = _b09(_b09_text(FILLED))
    # the 2230105 line prints nothing in the 收入 lane: no income row for it
    assert len(_lane(t, "income")) == 3
    assert all(c.amount is not None for r in t.rows if r.lane == "income" for c in r.cells.values())


@pytest.mark.parametrize("fill", ["", "无", "0.00", "-"])
def test_template_without_figures_reads_as_an_empty_table(fill: str) -> None:
    body = BLANK.replace("\t\t\t\n", f"\t{fill}\t{fill}\t{fill}\n")
    t = _b09(_b09_text(body))
    assert t.empty, fill
    assert t.problems == []  # read, and found empty: not "layout not read"
    assert (
        _lane(t, "income")
        == _lane(t, "expense")
        == [
            "合计",
            "223 国有资本经营预算支出",
            "22301 解决历史遗留问题及改革成本支出",
        ]
    )
    # what was printed is kept as printed
    row = t.row("223 国有资本经营预算支出", lane="expense")
    assert row is not None and {c.text for c in row.cells.values()} == {fill}


def test_number_without_a_subject_name_is_reported_not_placed() -> None:
    body = FILLED + "\t\t\t\t\t5.00\t\t5.00\n"
    t = _b09(_b09_text(body))
    assert len(t.problems) == 1 and "没有科目名称" in t.problems[0]
    assert not any(c.text == "5.00" for c in t.cells())


def test_text_without_cell_positions_is_split_at_the_second_code() -> None:
    text = (
        f"{TITLE}\n单位：万元\n国有资本经营预算收入 国有资本经营预算支出\n"
        "项目 国有资本经营收入预算 科目编码 科目名称 合计 基本支出 项目支出\n"
        "合计 100.00 100.00 100.00\n"  # ambiguous: three numbers for four columns
        "10306 国有资本经营收入 100.00 2230105 国有企业退休人员社会化管理补助支出 100.00 100.00\n"
        "注：…\n"
    )
    t = _b09(text)
    assert len(t.problems) == 1 and "合计" in t.problems[0]  # left unread rather than guessed
    income = t.row("10306 国有资本经营收入", lane="income")
    assert income is not None and income.amount(B09_INCOME).value == Decimal("100.00")  # type: ignore[union-attr]
    assert not income.cells[B09_INCOME].uncertain
    item = t.row("2230105 国有企业退休人员社会化管理补助支出", lane="expense")
    assert item is not None and item.cells["合计"].uncertain  # two numbers, three columns: inferred
    assert item.amount("合计").value == Decimal("100.00")  # type: ignore[union-attr]


def test_text_total_line_with_every_column_is_split_one_and_three() -> None:
    text = (
        f"{TITLE}\n单位：万元\n项目 国有资本经营收入预算 科目编码 科目名称 合计 基本支出 项目支出\n"
        "合计 100.00 100.00 0.00 100.00\n注：…\n"
    )
    t = _b09(text)
    income, expense = t.row("合计", lane="income"), t.row("合计", lane="expense")
    assert income is not None and set(income.cells) == {B09_INCOME}
    assert expense is not None and [c.text for c in expense.cells.values()] == ["100.00", "0.00", "100.00"]


# ---------------------------------------------------------------------------------------------
# The seed document (text and its two PDF renditions)
# ---------------------------------------------------------------------------------------------

SEED_TEXT = ("seeds", "004_29997092a5ca925a.txt")
SEED_PDFS = (("corpus", "seed004_office.pdf"), ("corpus", "seed004_xlsx.pdf"))


def _seed(parts: tuple[str, str]) -> Disclosure:
    path = require_shared(*parts)
    kind = "pdf" if path.suffix == ".pdf" else "text"
    return read_document(path.read_bytes(), path.name, kind)


@pytest.mark.parametrize("parts", [SEED_TEXT, *SEED_PDFS], ids=lambda p: p[1])
def test_seed004_b09_is_read_and_empty(parts: tuple[str, str]) -> None:
    d = _seed(parts)
    t = d.tables["B09"]
    assert t.empty and t.problems == []
    income, expense = _lane(t, "income"), _lane(t, "expense")
    assert income[0] == expense[0] == "合计"
    assert len(income) == len(expense) == 8  # 合计 and seven subject rows, in each lane
    assert [k.split(" ")[0] for k in income[1:]] == [k.split(" ")[0] for k in expense[1:]]
    assert t.columns == [B09_INCOME, *EXPENSE_COLUMNS]
    assert not any(key[0] == "B09" for key in d.printed_amounts())


def test_seed004_text_and_pdfs_read_the_same_b09() -> None:
    readings = [_seed(p).tables["B09"] for p in (SEED_TEXT, *SEED_PDFS)]
    shapes = [[(r.lane, r.key, r.role, sorted(r.cells)) for r in t.rows] for t in readings]
    assert shapes[0] == shapes[1] == shapes[2]


def test_seed004_b09_raises_no_finding() -> None:
    out = check(_seed(SEED_TEXT))
    assert not [f for f in out.findings if "CAPITAL" in f.rule_id or "（B09）" in f.message]
    assert not [n for n in out.not_evaluated if n.table == "B09" or "CAPITAL" in n.rule_id]


# ---------------------------------------------------------------------------------------------
# The B09 rules on what ingest reads
# ---------------------------------------------------------------------------------------------


def _rules(out, prefix: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(
        {f.rule_id for f in out.findings if "CAPITAL" in f.rule_id and f.rule_id.startswith(prefix)}
    )


def test_consistent_tables_are_silent() -> None:
    d = _read(_b01_text("100.00") + _b09_text(FILLED))
    assert d.kind == "budget"
    out = check(d)
    assert _rules(out) == []
    assert not [f for f in out.findings if "（B09）" in f.message]


def test_in_table_rules_fire_on_what_was_read() -> None:
    broken = FILLED.replace(
        "22301\t解决历史遗留问题及改革成本支出\t100.00\t\t100.00",
        "22301\t解决历史遗留问题及改革成本支出\t100.00\t\t90.00",
    ).replace("合计\t\t100.00\t\t\t100.00", "合计\t\t120.00\t\t\t100.00")
    out = check(_read(_b01_text("120.00") + _b09_text(broken)))
    assert _rules(out, "TB-") == [
        "TB-CAPITAL-BALANCE",
        "TB-CAPITAL-EXPENSE",
        "TB-CAPITAL-INCOME",
        "TB-CAPITAL-ROW",
    ]


def test_balance_is_not_checked_when_the_title_may_include_carry_over() -> None:
    body = FILLED.replace("合计\t\t100.00\t\t\t100.00\t\t100.00", "合计\t\t90.00\t\t\t100.00\t\t100.00")
    text = _b09_text(body, title="2023年国有资本经营预算收支预算表")
    out = check(_read(_b01_text("90.00") + text))
    assert "TB-CAPITAL-BALANCE" not in _rules(out)
    assert "TB-CAPITAL-INCOME" in _rules(out)  # 合计 90.00 against 100.00 still is a broken sum


def test_b01_capital_income_against_an_empty_b09_fires() -> None:
    out = check(_read(_b01_text("100.00") + _b09_text(BLANK)))
    hits = [f for f in out.findings if f.rule_id == "XB01-09-CAPITAL"]
    assert len(hits) == 1 and "为空表" in hits[0].message


def test_b01_without_capital_income_and_an_empty_b09_are_silent() -> None:
    out = check(_read(_b01_text("") + _b09_text(BLANK)))
    assert _rules(out) == []


def test_blank_b09_total_beside_printed_rows_is_reported_once() -> None:
    body = FILLED.replace("合计\t\t100.00\t", "合计\t\t\t")
    out = check(_read(_b01_text("100.00") + _b09_text(body)))
    assert not [f for f in out.findings if f.rule_id == "XB01-09-CAPITAL"]
    blanks = [
        f for f in out.findings if f.rule_id == "TAB-BLANK-TOTAL" and "（B09）收入方“合计”" in f.message
    ]
    assert len(blanks) == 1
