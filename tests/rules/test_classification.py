"""Economic vs functional classification (rules/classification.py) on the invented 县司法局 of
tests/rules/classification_examples.py: amounts, rounding, the budget pair, the knowledge table."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.knowledge import KNOWLEDGE, read_knowledge
from tests.rules.classification_examples import (
    CLASSIFICATION_EXAMPLES,
    ECON,
    FUNC,
    RUNNING_ECON,
    RUNNING_ONLY,
    budget,
    unit,
)
from tests.rules.helpers import findings, run


def test_split_contribution_quotes_both_sides() -> None:
    fires, _ = CLASSIFICATION_EXAMPLES["CLS-ECON-FUNC"]
    [f] = findings(run(fires()), "CLS-ECON-FUNC")
    assert (f.actual, f.expected, f.difference) == ("42.60", "30.00", "12.60")
    assert "30113 住房公积金" in f.message and "2210201 住房公积金" in f.message
    assert {e["table"] for e in f.evidence} == {"05", "06"}


def test_consistent_unit_is_silent() -> None:
    out = run(unit())
    assert findings(out, "CLS-ECON-FUNC") == findings(out, "CLS-RUNNING-ONLY") == []


def test_rounding_residue_is_info() -> None:
    # 30110 12.4 printed with one decimal: 12.4 ∈ [12.35, 12.45] holds 12.43 → only a 尾差
    econ = dict(ECON, **{"30110 职工基本医疗保险缴费": "12.4", "30111 公务员医疗补助缴费": "1.6"})
    func = dict(FUNC, **{"2101101 行政单位医疗": "12.43"})
    [f] = findings(run(unit(func, econ)), "CLS-ECON-FUNC")
    assert f.severity == "info" and "尾差" in f.message


def test_budget_pair_read_by_row_names() -> None:
    func = dict(FUNC, **{"2080505 机关事业单位基本养老保险缴费支出": "30.00", "2010101 行政运行": "328.40"})
    [f] = findings(run(budget(func)), "CLS-ECON-FUNC")
    assert (f.actual, f.expected) == ("36.00", "30.00")
    assert findings(run(budget()), "CLS-ECON-FUNC") == []


def test_running_only_names_the_running_item_and_the_contributions() -> None:
    [f] = findings(run(unit(RUNNING_ONLY, RUNNING_ECON)), "CLS-RUNNING-ONLY")
    assert "2010101 行政运行" in f.message and "共77.00万元" in f.message
    assert f.severity == "warning"


def test_running_only_needs_a_running_item() -> None:
    # the whole 基本支出 under a 项 of the unit's own business is not a 运行 item: not this rule's case
    only = {"2040101 犯罪预防": "410.00"}
    assert findings(run(unit(only, RUNNING_ECON)), "CLS-RUNNING-ONLY") == []


def test_knowledge_table_is_packaged_and_checked(tmp_path: Path) -> None:
    k = read_knowledge(KNOWLEDGE)
    assert [c.econ for c in k.contributions][:2] == [("30108",), ("30109",)]
    assert "事业运行" in k.running_words
    bad = tmp_path / "bad.toml"
    bad.write_text('[[contribution]]\nname = "x"\necon = ["301"]\nfunc = ["2080505"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="5位"):
        read_knowledge(bad)
    missing = tmp_path / "missing.toml"
    missing.write_text('[[contribution]]\nname = "x"\necon = ["30108"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="func"):
        read_knowledge(missing)


def test_x06_05_social_reads_where_each_item_is_booked_from_the_knowledge_table(tmp_path: Path) -> None:
    from rules.cross_table.basic import social_econ_func

    # every contribution's economic items, each with its booked_under 项 or else the entry's func
    assert social_econ_func() == (
        ("30108", ("2080505",)),
        ("30109", ("2080506",)),
        ("30110", ("2101101", "2101102")),
        ("30111", ("2101103",)),
        ("30113", ("2210201",)),
    )
    entry = '[[contribution]]\nname = "x"\necon = ["30110", "30111"]\nfunc = ["2101101", "2101103"]\n'
    for booked in ('{ "30112" = ["2101101"] }', '{ "30110" = ["2101102"] }', '{ "30110" = [] }', '"30110"'):
        bad = tmp_path / "booked.toml"
        bad.write_text(entry + f"booked_under = {booked}\n", encoding="utf-8")
        with pytest.raises(ValueError, match="booked_under|写错"):
            read_knowledge(bad)
    good = tmp_path / "good.toml"
    good.write_text(entry + 'booked_under = { "30111" = ["2101103"] }\n', encoding="utf-8")
    [c] = read_knowledge(good).contributions
    assert c.func_of("30111") == ("2101103",) and c.func_of("30110") == ("2101101", "2101103")
