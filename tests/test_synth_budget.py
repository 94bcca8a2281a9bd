"""Generated 单位预算公开 documents (auditor/synth/budget.py): the clean budget gives no error or warning
on any seed, and each class of issue 14 that concerns a budget, planted into it, is found.

- class 5 / class 4: the 绩效目标 sentence (十、绩效管理情况) stating fewer or more projects than the
  forms attached → N-TARGET-COUNT; an amount that is neither the year's 项目支出预算表 total, nor the
  total with 上年结转, nor the forms' sum → N-TARGET-AMOUNT (the total with 上年结转 is a reading the rule
  accepts: silent);
- class 3: 1.00 万元 of 基本工资 printed under 住房公积金 in the 基本支出分经济科目表 (B06's sums all hold)
  → CLS-ECON-FUNC against the 一般公共预算支出预算表's 2210201; the whole 基本支出, contributions
  included, under the unit's 行政运行 项 → CLS-RUNNING-ONLY;
- arithmetic: one printed cell changed by 10.00 → the TB-* rule of that table, naming the cell; a
  project of the 项目支出预算表 changed in all its columns (its row consistent) → TB-PROJECT-SUM.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from auditor.synth.budget import (
    BudgetPlant,
    SyntheticBudget,
    budget_text,
    generate_budget,
    plant_cell,
    plant_econ_move,
    plant_target_amount,
    plant_target_count,
    with_carry_amount,
)
from ingest.reader import read_document
from pipeline.document import audit_document
from pipeline.model import DocumentResult
from rules.form_count import table_projects

CLEAN_SEEDS = range(12)
PLANT_SEEDS = (0, 1, 2, 3, 4, 5, 6)
BUDGET_TABLES = tuple(f"B{k:02d}" for k in range(1, 14))
# seeds whose target forms include the carried-over projects (and that have some)
CARRY_FORM_SEEDS = [s for s in range(40) if (b := generate_budget(s)).style.carry_forms and b.projects["B13"]]


def _audit(doc: SyntheticBudget) -> DocumentResult:
    result = audit_document("budget.txt", budget_text(doc).encode("utf-8"), "budget.txt")
    assert result.status == "ok", result.error
    return result


@cache
def _clean(seed: int) -> DocumentResult:
    return _audit(generate_budget(seed))


def _serious(result: DocumentResult) -> list[tuple[str, str]]:
    return [(f.rule_id, f.message) for f in result.findings if f.severity != "info"]


def _only(result: DocumentResult, rule: str) -> list[tuple[str, str, str]]:
    """The findings of `rule`; every other error/warning fails the test."""
    others = [x for x in _serious(result) if x[0] != rule]
    assert others == [], others
    return [(f.rule_id, f.severity, f.message) for f in result.findings if f.rule_id == rule]


# --- the clean budget -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", CLEAN_SEEDS)
def test_clean_budget_gives_no_error_or_warning(seed: int) -> None:
    result = _clean(seed)
    assert _serious(result) == []
    # what is left is 尾差 (every printed total is rounded from its exact total)
    assert all(f.outcome == "rounding" for f in result.findings), [f.message for f in result.findings]


@pytest.mark.parametrize("seed", (0, 1, 2, 3, 5, 11, 24, CARRY_FORM_SEEDS[0]))
def test_clean_budget_is_read_whole(seed: int) -> None:
    """Silence is not for want of reading: every budget table and every target form is read."""
    doc = generate_budget(seed)
    d = read_document(budget_text(doc).encode("utf-8"), "budget.txt", "text")
    assert (d.kind, d.unit, d.year) == ("budget", doc.unit, doc.year)
    assert all(tid in d.tables and not d.tables[tid].unread for tid in BUDGET_TABLES)
    for tid in ("B01", "B02", "B03", "B04", "B05", "B06", "B10", "B11", "B12"):
        assert not d.tables[tid].empty, tid
    assert d.tables["B13"].empty == (not doc.projects["B13"])
    forms = sorted(t.subject for tid, t in d.tables.items() if tid.startswith("P"))
    assert forms == sorted(f.project for f in doc.forms)
    # the project tables' unit (and department) rows are not projects, 尾差 or not
    assert table_projects(d) == [p for tid in ("B12", "B13") for p, _ in doc.projects[tid]]


def test_generation_is_a_pure_function_of_the_seed() -> None:
    assert budget_text(generate_budget(7)) == budget_text(generate_budget(7))
    assert budget_text(generate_budget(7)) != budget_text(generate_budget(8))


def test_seeds_cover_the_print_styles() -> None:
    styles = {generate_budget(s).style for s in CLEAN_SEEDS}
    assert {s.thousands for s in styles} == {True, False}
    assert {s.form_unit for s in styles} == {"元", "万元"}
    assert {s.wording for s in styles} == {0, 1, 2}
    assert {s.carry_forms for s in styles} == {True, False}
    assert {s.department for s in styles} == {True, False}
    assert {s.econ_codes for s in styles} == {True, False}
    assert {s.table_unit for s in styles} == {"元", "万元"}


# --- N-TARGET-COUNT ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", PLANT_SEEDS)
def test_fewer_projects_stated_than_forms_is_a_warning(seed: int) -> None:
    doc, plant = plant_target_count(generate_budget(seed), -2)
    assert plant.old != plant.new
    found = _only(_audit(doc), "N-TARGET-COUNT")
    assert [s for _, s, _ in found] == ["warning"]
    message = found[0][2]
    assert f"项目{doc.target_count}个" in message and f"涉及{len(doc.forms)}个项目" in message
    assert all(f"“{f.project}”" in message for f in doc.forms)


@pytest.mark.parametrize("seed", PLANT_SEEDS)
def test_more_projects_stated_than_forms(seed: int) -> None:
    """Fewer forms than stated: a warning where the sentence says the forms are attached (附后 / 详见
    附件), info (please verify) where it does not."""
    doc, _ = plant_target_count(generate_budget(seed), 2)
    found = _only(_audit(doc), "N-TARGET-COUNT")
    published = doc.style.wording in (0, 1)
    assert [s for _, s, _ in found] == ["warning" if published else "info"]


# --- N-TARGET-AMOUNT --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", PLANT_SEEDS)
def test_amount_matching_neither_table_nor_forms_is_a_warning(seed: int) -> None:
    doc, plant = plant_target_amount(generate_budget(seed))
    found = _only(_audit(doc), "N-TARGET-AMOUNT")
    assert [s for _, s, _ in found] == ["warning"]
    assert f"涉及{doc.target_amount}万元" in found[0][2]  # as printed
    assert plant.new in found[0][2]  # the sentence is quoted


@pytest.mark.parametrize("seed", [s for s in CLEAN_SEEDS if generate_budget(s).projects["B13"]][:4])
def test_amount_including_carry_over_is_accepted(seed: int) -> None:
    doc = with_carry_amount(generate_budget(seed))
    result = _audit(doc)
    assert _serious(result) == []
    assert not any(f.rule_id == "N-TARGET-AMOUNT" for f in result.findings)


@pytest.mark.parametrize("seed", CARRY_FORM_SEEDS[:3])
def test_amount_of_the_current_year_only_when_forms_include_carry_over(seed: int) -> None:
    """Forms attached for the carried-over projects too, the sentence stating the year's project money
    only: that is the 项目支出预算表（本年预算） total, consistent."""
    base = generate_budget(seed)
    assert base.style.carry_forms and base.projects["B13"]
    doc, _ = plant_target_amount(base, base.facts["project"])
    assert _serious(_audit(doc)) == []


# --- CLS-ECON-FUNC on the budget tables -------------------------------------------------------


@pytest.mark.parametrize("seed", PLANT_SEEDS)
def test_contribution_moved_between_economic_items_is_found(seed: int) -> None:
    doc, plant = plant_econ_move(generate_budget(seed))
    found = _only(_audit(doc), "CLS-ECON-FUNC")
    assert [s for _, s, _ in found] == ["warning"]
    message = found[0][2]
    difference = "相差10000.00元" if doc.style.table_unit == "元" else "相差1.00万元"
    assert "2210201" in message and difference in message
    assert plant.new.replace(",", "") in message.replace(",", "")


@pytest.mark.parametrize("seed", PLANT_SEEDS)
def test_whole_basic_spending_under_the_running_item_is_found(seed: int) -> None:
    """Every contribution booked under the unit's 行政运行 项 (B02/B03/B05 print no 2080505, 2101101,
    2210201 …; every sum still holds): CLS-RUNNING-ONLY, the only error or warning."""
    doc = generate_budget(seed, running_only=True)
    found = _only(_audit(doc), "CLS-RUNNING-ONLY")
    assert [s for _, s, _ in found] == ["warning"]
    assert "行政运行" in found[0][2] and "2210201" in found[0][2]


VEHICLE_SEEDS = [s for s in range(30) if generate_budget(s).econ_item("公务用车购置")][:3]


@pytest.mark.parametrize("seed", VEHICLE_SEEDS)
def test_vehicle_purchase_above_its_three_public_budget_is_found(seed: int) -> None:
    """B06 prints a vehicle bought this year (资本性支出 公务用车购置); the “三公” table's 公务用车购置费
    printed 1.00 lower, its own sums kept (购置及运行费 and 合计 lowered with it): XB10-06-THREE-PUBLIC."""
    doc = generate_budget(seed)
    for row in ("①公务用车购置费", "公务用车购置及运行费", "合计"):
        doc, _ = plant_cell(doc, "B10", row, 1, "XB10-06-THREE-PUBLIC", "-1.00")
        doc, _ = plant_cell(doc, "B10", row, 2, "XB10-06-THREE-PUBLIC", "-1.00")
    found = [(f.severity, f.message) for f in _audit(doc).findings if f.rule_id == "XB10-06-THREE-PUBLIC"]
    assert [s for s, _ in found] == ["error"] and "公务用车购置" in found[0][1]


# --- TB-* arithmetic --------------------------------------------------------------------------

Cell = Callable[[SyntheticBudget], tuple[str, str, int, str]]
CELLS: dict[str, Cell] = {
    "B01 本年收入合计": lambda d: ("B01", "本年收入合计", 1, "TB-INCOME-SUM"),
    "B04 收入总计": lambda d: ("B04", "收入总计", 1, "TB-TOTAL"),
    "B06 办公费": lambda d: ("B06", "办公费", 2, "TB-ECON"),
    "B10 合计": lambda d: ("B10", "合计", 1, "TB-THREE-PUBLIC"),
    "B12 project": lambda d: ("B12", d.projects["B12"][0][0], 1, "TB-ROW"),
}


@pytest.mark.parametrize("seed", (0, 3, 5, 6))
@pytest.mark.parametrize("cell", CELLS)
def test_one_changed_cell_is_named_by_its_rule(seed: int, cell: str) -> None:
    base = generate_budget(seed)
    table, row, column, rule = CELLS[cell](base)
    doc, plant = plant_cell(base, table, row, column, rule)
    result = _audit(doc)
    named = [
        f
        for f in result.findings
        if f.rule_id == plant.rule
        and f.severity == "error"
        and any(e["table"] == table and e["quote"] == plant.new for e in f.to_json()["evidence"])  # type: ignore[index]
    ]
    assert named, [(f.rule_id, f.message) for f in result.findings]


@pytest.mark.parametrize("seed", (0, 3, 5, 6, 10))
def test_project_changed_with_its_row_consistent_is_found(seed: int) -> None:
    """The largest project of the 项目支出预算表（本年预算） printed 10.00 万元 lower in 合计 and in 一般公共
    预算 (its own row identity still holds): only the unit row above it shows it → TB-PROJECT-SUM, the
    project's cell among the evidence."""
    base = generate_budget(seed)
    name, _ = max(base.projects["B12"], key=lambda p: p[1])
    doc, _ = plant_cell(base, "B12", name, 1, "TB-PROJECT-SUM", "-10.00")
    doc, plant = plant_cell(doc, "B12", name, 2, "TB-PROJECT-SUM", "-10.00")
    found = _only(_audit(doc), "TB-PROJECT-SUM")
    assert [s for _, s, _ in found] == ["error"]
    difference = "相差100000.00元" if doc.style.table_unit == "元" else "相差10.00万元"
    assert difference in found[0][2]
    [f] = [f for f in _audit(doc).findings if f.rule_id == "TB-PROJECT-SUM"]
    assert any(e["table"] == "B12" and e["quote"] == plant.new for e in f.to_json()["evidence"])  # type: ignore[index]


def test_plant_records_what_it_changed() -> None:
    base = generate_budget(2)
    doc, plant = plant_cell(base, "B06", "办公费", 2, "TB-ECON", "-1.00")
    assert isinstance(plant, BudgetPlant) and plant.rule == "TB-ECON"
    row = next(r for r in doc.tables["B06"].body if "办公费" in r[:2])
    assert row[2] == plant.new != plant.old
    assert base.tables["B06"].body != doc.tables["B06"].body  # the generated document is left as it was


# --- the command line -------------------------------------------------------------------------


def test_cli_writes_a_budget_and_its_defective_twin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from auditor.synth.__main__ import main

    assert main([str(tmp_path), "--budget", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "budget_defective.txt" in out and "defect CLS-ECON-FUNC" in out
    clean = (tmp_path / "budget_consistent.txt").read_bytes()
    assert clean == budget_text(generate_budget(3)).encode("utf-8")
    assert _serious(audit_document("c.txt", clean, "c.txt")) == []
    defective = (tmp_path / "budget_defective.txt").read_bytes()
    found = {rule for rule, _ in _serious(audit_document("d.txt", defective, "d.txt"))}
    assert {"N-TARGET-COUNT", "CLS-ECON-FUNC", "TB-INCOME-SUM"} <= found
    assert not (tmp_path / "consistent.pdf").exists()  # the PDF samples are not written with --budget


# --- text without cell positions ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_space_separated_budget_gives_no_error_or_warning(seed: int) -> None:
    """Grid rows space-joined with blank cells dropped, as a plain text extraction reads: the code
    tables (B02, B03, B05) are still read; the two-sided and label-keyed tables (B01, B04, B06, B10–B13)
    and the target forms are not (without cell positions their layout is ambiguous) and their checks
    are reported not evaluated — the count of forms included, instead of “no forms attached”."""
    doc = generate_budget(seed)
    text = budget_text(doc, "space")
    assert "\t" not in text
    result = audit_document("budget.txt", text.encode("utf-8"), "budget.txt")
    assert _serious(result) == []
    assert {"N-TARGET-COUNT", "TB-INCOME-SUM"} <= {n.rule_id for n in result.not_evaluated}
    # a planted defect in a code table is still found
    planted, plant = plant_cell(doc, "B05", "合计", 2, "TB-ROW")
    found = audit_document("budget.txt", budget_text(planted, "space").encode("utf-8"), "budget.txt")
    assert "TB-ROW" in {rule for rule, _ in _serious(found)}


# --- N-TARGET-AMOUNT: the money the sentence says it means -------------------------------------

# budgets with carried-over projects whose target forms are for the year's projects only (the forms'
# sum is then the year's total, so it cannot match the total including carry-over)
SCOPED = [
    s
    for s in range(40)
    if (b := generate_budget(s)).projects["B13"] and b.facts["carry"] and not b.style.carry_forms
][:3]


def _scoped(doc: SyntheticBudget, words: str, yuan: int) -> SyntheticBudget:
    out = copy.deepcopy(doc)
    out.paragraphs[out.target_index()] = (
        f"{out.year}年本单位实行绩效目标管理的项目{out.target_count}个，涉及{words}{out.wan(yuan)}万元，"
        "项目支出绩效目标申报表附后。"
    )
    return out


@pytest.mark.parametrize("seed", SCOPED)
def test_amount_against_the_money_the_sentence_says_it_means(seed: int) -> None:
    """“当年…（不含上年结转）” with the total including carry-over, or “含上年结转” with the year's total: a
    warning naming the other total the figure matches; each wording with its own total is consistent."""
    base = generate_budget(seed)
    current, carried = base.facts["project"], base.facts["project"] + base.facts["carry"]
    for words, yuan, fires in (
        ("当年项目支出（不含上年结转）", carried, True),
        ("项目支出（含上年结转）", current, True),
        ("当年项目支出（不含上年结转）", current, False),
        ("项目支出（含上年结转）", carried, False),
    ):
        result = _audit(_scoped(base, words, yuan))
        found = [f for f in result.findings if f.rule_id == "N-TARGET-AMOUNT"]
        if fires:
            assert [f.severity for f in found] == ["warning"], words
            assert "与所称口径不一致" in found[0].message
        else:
            assert found == [] and _serious(result) == [], words
