"""Guessed columns of space-separated 公开02表 rows settled by 公开01表 (ingest/reconcile.py)."""

from __future__ import annotations

from auditor.synth import to_text
from auditor.synth.variants import generate_variant, variant_named
from pipeline import audit_document


def _audit_space_text(seed: int):  # type: ignore[no-untyped-def]
    doc = generate_variant(seed, variant_named("default"), "space")
    return doc, audit_document("space.txt", to_text(doc).encode("utf-8"), "space.txt")


def test_an_income_source_guessed_into_the_wrong_column_is_moved_where_01_prints_it() -> None:
    # seed 200: 02表 合计 prints 本年收入合计, 财政拨款收入 and one more figure (其他收入 in 01表);
    # the first placement keeping 02's own identities puts it under 上级补助收入
    doc, result = _audit_space_text(200)
    assert result.status == "ok"
    moves = result.disclosure.quality["columns_reconciled"]
    assert moves and moves[0]["table"] == "02" and moves[0]["to"] == "其他收入"
    total = result.disclosure.tables["02"].row("合计")
    assert total is not None and "上级补助收入" not in total.cells
    expected = doc.cell("02", "合计", "其他收入")
    assert expected is not None and total.cells["其他收入"].text == expected.text
    assert not [f for f in result.findings if f.rule_id == "X01-02-INCOME"]


def test_nothing_is_moved_when_the_placement_already_agrees_with_01() -> None:
    _doc, result = _audit_space_text(201)
    assert result.status == "ok"
    assert result.disclosure.quality["columns_reconciled"] == []


def test_an_income_source_is_matched_across_units_when_02_is_printed_in_yuan() -> None:
    # 02表 in 元 (264617.00) and 01表 in 万元 (26.46): one amount, so the guessed cell moves too
    doc = generate_variant(200, variant_named("yuan-02-03"), "space")
    result = audit_document("yuan.txt", to_text(doc).encode("utf-8"), "yuan.txt")
    assert result.status == "ok"
    moves = result.disclosure.quality["columns_reconciled"]
    assert [(m["from"], m["to"]) for m in moves] == [("上级补助收入", "其他收入")]
    assert result.disclosure.tables["02"].unit == "元"
    serious = [f for f in result.findings if f.severity in ("error", "warning")]
    assert not [f for f in serious if f.rule_id in ("X01-02-INCOME", "N-AMOUNT-TABLE")]


def _audit_side_by_side(seed: int, variant: str = "tp-own-zeros-blank"):  # type: ignore[no-untyped-def]
    # 09表 预算数 | 决算数 side by side on one text line, zeros blank: blank cells dropped
    doc = generate_variant(seed, variant_named(variant), "space")
    return doc, audit_document("tp.txt", to_text(doc).encode("utf-8"), "tp.txt")


def test_a_side_by_side_09_line_is_split_and_placed_by_09_and_06_identities() -> None:
    # seed 201: “2.66 1.54 1.12 1.12 0.88 0.88 0.88” under 16 columns; by count the halves would
    # be 3 | 4; 09's identities make it 4 | 3, and 06表 30231 公务用车运行维护费 0.88 puts the
    # 决算数 0.88 under 运行维护费, not 购置费
    doc, result = _audit_side_by_side(201)
    assert result.status == "ok"
    t09 = result.disclosure.tables["09"]
    for key in ("预算数", "决算数"):
        row = t09.row(key)
        assert row is not None
        printed = {c.column: c.text for c in doc.cells if c.table == "09" and c.row == key and c.text}
        read = {col: c.text for col, c in row.cells.items()}
        assert set(read.values()) <= set(printed.values()) and len(read) == len(printed)
    final = t09.row("决算数")
    assert final is not None and final.cells["公务用车运行维护费"].text == "0.88"
    assert "公务用车购置费" not in final.cells
    assert [m["table"] for m in result.disclosure.quality["columns_reconciled"]] == ["09"]
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []


def test_placements_no_table_can_tell_apart_stay_as_aligned_alternatives() -> None:
    # 预算数 1.12 may be 公务用车购置费 or 运行维护费 (no other table prints 预算数): both are kept
    _doc, result = _audit_side_by_side(201)
    t09 = result.disclosure.tables["09"]
    plan, final = t09.row("预算数"), t09.row("决算数")
    assert plan is not None and final is not None
    assert plan.alternatives and len(plan.alternatives) == len(final.alternatives)
    columns = {frozenset(plan.cells)} | {frozenset(a) for a in plan.alternatives}
    assert any("公务用车购置费" in c for c in columns) and any("公务用车运行维护费" in c for c in columns)


def test_a_changed_09_total_in_a_side_by_side_line_is_named() -> None:
    from auditor.synth.defects import inject

    doc = generate_variant(331, variant_named("tp-own-zeros-blank"), "space")
    mutant, defect = inject(doc, "t09_total", 331)
    result = audit_document("m.txt", to_text(mutant).encode("utf-8"), "m.txt")
    named = [
        f
        for f in result.findings
        if f.severity == "error"
        and any(
            (e["table"], e["row"], e["column"], e["quote"]) == ("09", "决算数", "合计", defect.new_text)
            for e in f.evidence
        )
    ]
    assert named, [f.message for f in result.findings if f.severity == "error"]


def test_a_changed_02_figure_guessed_into_an_empty_source_moves_to_the_only_source_left() -> None:
    # seed 304: 02表 合计 “298.74 275.59 20.83” (其他收入 changed from 23.15): no source of 01表
    # has 20.83, but 其他收入 is the only one 01 fills and 02 leaves blank — the figure is
    # reported there, not under 上级补助收入 (which 01 shows empty)
    from auditor.synth.defects import inject

    doc = generate_variant(304, variant_named("default"), "space")
    mutant, defect = inject(doc, "total_cell", 304)
    assert (defect.table, defect.row, defect.column) == ("02", "合计", "其他收入")
    result = audit_document("m.txt", to_text(mutant).encode("utf-8"), "m.txt")
    total = result.disclosure.tables["02"].row("合计")
    assert total is not None and total.cells["其他收入"].text == defect.new_text
    assert "上级补助收入" not in total.cells
    named = [
        f
        for f in result.findings
        if f.rule_id == "X01-02-INCOME"
        and any((e["column"], e["quote"]) == ("其他收入", defect.new_text) for e in f.evidence)
    ]
    assert named
