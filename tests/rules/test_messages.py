"""Findings an inspector can forward as they are: wording, numbers, evidence."""

from __future__ import annotations

from tests.rules.builders import disclosure, row, table
from tests.rules.examples import edited, funded, t01, with_table
from tests.rules.helpers import cells_of, findings, serious
from tests.rules.helpers import run_in_table as run

ITEMS = [
    ("2101101 行政单位医疗", "3.60", "3.60", ""),
    ("2210201 住房公积金", "8.44", "8.44", ""),
    ("2101599 其他医疗保障管理事务支出", "43.58", "", "43.58"),
    ("2101501 行政运行", "129.18", "129.18", ""),
    ("2080505 机关事业单位基本养老保险缴费支出", "10.75", "10.75", ""),
    ("2080506 机关事业单位职业年金缴费支出", "5.23", "5.23", ""),
    ("2089999 其他社会保障和就业支出", "0.15", "0.15", ""),
]
COLS = ("本年支出合计", "基本支出", "项目支出")


def t03(total: tuple[str, str, str]) -> disclosure:  # type: ignore[valid-type]
    rows = [row("03", "合计", dict(zip(COLS, total, strict=True)), role="total")]
    rows += [row("03", k, dict(zip(COLS, v, strict=True))) for k, *v in ITEMS]
    return disclosure(table("03", rows))


def test_column_sum_message_names_table_row_column_and_numbers() -> None:
    out = run(t03(("201.56", "157.98", "43.58")))
    basic = [f for f in findings(out, "TAB-COL-SUM") if "“基本支出”栏" in f.message]
    assert len(basic) == 1
    f = basic[0]
    assert f.message == (
        "公开03表“合计”行“基本支出”栏为157.98万元，但各项级科目“基本支出”之和为157.35万元，相差0.63万元。"
    )
    assert (f.expected, f.actual, f.difference, f.tolerance) == ("157.35", "157.98", "0.63", "0.035")
    assert f.severity == "error" and f.outcome == "broken"
    assert f.evidence[0]["row"] == "合计" and f.evidence[0]["value"] == "157.98"
    assert len(f.evidence) == 1 + 6  # the total and the six printed 基本支出 cells
    assert set(f.evidence[0]) >= {"table", "row", "column", "value", "unit", "quote", "page", "bbox", "line"}


def test_rounding_only_gives_exactly_one_info_finding() -> None:
    t = with_table(
        t01(
            **{
                "expense:社会保障和就业支出": "58.10",
                "expense:卫生健康支出": "963.03",
                "expense:住房保障支出": "28.08",
                "expense:本年支出合计": "1049.22",
                "expense:总计": "1049.22",
                "income:一般公共预算财政拨款收入": "1048.59",
                "income:本年收入合计": "1048.59",
                "income:总计": "1049.22",
            }
        )
    )
    out = run(t)
    assert serious(out) == []
    assert len(out.findings) == 1
    f = out.findings[0]
    assert (f.rule_id, f.severity, f.outcome) == ("T01-EXPENSE-SUM", "info", "rounding")
    assert (f.expected, f.actual, f.difference, f.tolerance) == ("1049.21", "1049.22", "0.01", "0.02")
    assert f.message == (
        "公开01表支出方“本年支出合计”为1049.22万元，“社会保障和就业支出”“卫生健康支出”“住房保障支出”"
        "行之和为1049.21万元，相差0.01万元，在四舍五入尾差范围（±0.02万元）内，属尾差。"
    )


def test_missing_class_row_is_an_error() -> None:
    out = run(edited(("01", "住房保障支出", "决算数", ""), ("01", "社会保障和就业支出", "决算数", "16.12")))
    f = findings(out, "T01-EXPENSE-SUM")[0]
    assert f.severity == "error"
    assert (f.expected, f.actual) == ("193.11", "201.56")
    assert "相差8.45万元" in f.message


def test_signed_identity_is_written_as_an_expression() -> None:
    out = run(
        edited(
            ("07", "2290402 其他地方自行试点项目收益专项债券收入安排的支出", "年末结转和结余", "10.00"),
            base=funded,
        )
    )
    f = findings(out, "T07-CARRY")[0]
    assert "本行“年初结转和结余”＋“本年收入”－“合计”为20.00万元" in f.message


def test_uncertain_cells_are_flagged_in_the_message() -> None:
    t = table(
        "05",
        [
            row(
                "05",
                "合计",
                {"合计": "10.00", "基本支出": "8.00", "项目支出": "1.00"},
                role="total",
                uncertain=["项目支出"],
            ),
        ],
    )
    f = findings(run(disclosure(t)), "T05-ROW")[0]
    assert f.severity == "error"
    assert f.message.endswith("（部分数值的栏次系由版式推断，请对照原表核实。）")
    assert f.evidence[2]["uncertain"] is True


def test_same_sum_is_checked_once() -> None:
    """The same sum stated twice (here under two rules) becomes one check and one finding."""
    from rules.arithmetic import T05_ROW
    from rules.checks import Resolver, row_sum
    from rules.hierarchy import TAB_HIER

    t = table(
        "05", [row("05", "合计", {"合计": "10.00", "基本支出": "8.00", "项目支出": "1.00"}, role="total")]
    )
    r = t.rows[0]
    parts = [("基本支出", 1), ("项目支出", 1)]
    twice = [row_sum(T05_ROW, t, r, "合计", parts), row_sum(TAB_HIER, t, r, "合计", list(reversed(parts)))]
    checks, blanks, not_evaluated = Resolver(twice).resolve()
    assert len(checks) == 1 and checks[0].identity.rule is T05_ROW
    assert blanks == [] and not_evaluated == []


def test_findings_are_not_repeated() -> None:
    out = run(edited(("05", "21015 医疗保障管理事务", "项目支出", "33.58")))
    keys = [(f.rule_id, tuple(cells_of(f))) for f in out.findings]
    assert len(keys) == len(set(keys)) == 3


def test_messages_never_print_negative_zero() -> None:
    from decimal import Decimal

    from rules.wording import fmt_amount

    assert fmt_amount(Decimal("-0.001"), 2) == "0.00"
    assert fmt_amount(Decimal("-0.00"), 2) == "0.00"
    assert fmt_amount(Decimal("-0"), 0) == "0"
    assert fmt_amount(Decimal("-1.5"), 2) == "-1.50"
