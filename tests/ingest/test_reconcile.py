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
