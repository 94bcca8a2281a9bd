"""Saving audit results and querying them back, on each backend."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from store import FindingNotFoundError, Store, open_store
from store.fingerprint import finding_fingerprint, fingerprints
from store.models import Document, Fact, Finding, FindingEvent, NotEvaluated
from store.repository import RETIRED_COMMENT, UNRETIRED_COMMENT
from store.workflow import SYSTEM_ACTOR
from tests.store.builders import (
    big_result,
    broken_finding,
    failed_result,
    narrative_finding,
    ok_result,
    rounding_finding,
    sha256,
)

#: A 3,000-cell document must save well under this many seconds.
BULK_SAVE_BUDGET_SECONDS = 1.0


def _count(store: Store, model: type[object]) -> int:
    """Rows in a model's table."""
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _by_rule(store: Store, document_id: int) -> dict[str, int]:
    """Finding ids of a document by rule id."""
    return {f.rule_id: f.id for f in store.list_findings(document_id=document_id)}


# -- saving -----------------------------------------------------------------------------------


def test_save_result_stores_document_facts_findings_and_checks(store: Store) -> None:
    result = ok_result()
    document_id = store.save_result(result, ruleset_version="2025.11")
    assert document_id is not None

    document = store.get_document(document_id)
    assert document is not None
    assert document.content_hash == result.content_hash
    assert (document.unit, document.year, document.kind, document.level, document.pages) == (
        "某市财政局",
        2023,
        "final_account",
        "department",
        20,
    )
    assert document.tables == ["03"]
    assert document.quality == {"text_layer": True, "tables_found": 1}
    assert (document.status, document.error, document.ruleset_version) == ("ok", None, "2025.11")
    assert document.file_name == "部门决算.pdf"
    assert document.created_at.tzinfo is not None and document.audited_at >= document.created_at
    assert store.find_document_by_hash(result.content_hash or "") == document

    facts = store.facts(document_id)
    assert [(f.table_id, f.row_key, f.column) for f in facts] == [
        ("03", "2010101 行政运行", "合计"),
        ("03", "2010101 行政运行", "基本支出"),
        ("03", "2010101 行政运行", "项目支出"),
        ("03", "合计", "合计"),
    ]
    first = facts[0]
    assert first.text == "1, 049. 22"
    assert first.value == Decimal("1049.22") and str(first.value) == "1049.22"
    assert (first.decimals, first.unit, first.page, first.line) == (2, "万元", 3, None)
    assert first.bbox == (100.0, 200.5, 150.25, 212.0)
    assert first.uncertain is False
    assert facts[2].value is None and facts[2].text == "" and facts[2].decimals is None
    assert (facts[3].page, facts[3].line, facts[3].bbox, facts[3].uncertain) == (4, 42, None, True)
    assert facts[0].value - facts[1].value == Decimal("0.01")  # type: ignore[operator]
    assert store.facts(document_id, table_id="03") == facts
    assert store.facts(document_id, table_id="01") == []

    findings = store.list_findings(document_id=document_id)
    assert [f.rule_id for f in findings] == ["ARITH-ROW-SUM", "CROSS-03-01", "NARR-TOTAL"]
    rounding = findings[0]
    assert (rounding.outcome, rounding.severity, rounding.workflow_status) == (
        "rounding",
        "info",
        "open",
    )
    assert (rounding.expected, rounding.actual, rounding.difference, rounding.tolerance) == (
        "1049.21",
        "1049.22",
        "0.01",
        "0.015",
    )
    assert rounding.evidence == rounding_finding().evidence
    assert rounding.message == rounding_finding().message
    assert rounding.retired_at is None

    [check] = store.not_evaluated(document_id)
    assert (check.rule_id, check.table_id, check.reason) == ("HIER-05", "05", "缺少公开05表")


def test_values_keep_their_printed_precision(store: Store) -> None:
    result = ok_result()
    cells = result.disclosure.tables["03"].rows[0].cells  # type: ignore[union-attr]
    cells["合计"].amount = replace(cells["合计"].amount, value=Decimal("1049.20"))  # type: ignore[type-var]
    wide = cells["基本支出"]
    wide.amount = replace(wide.amount, value=Decimal("12345678901234.123456"), decimals=6)  # type: ignore[type-var]
    document_id = store.save_result(result)
    assert document_id is not None
    facts = {f.column: f for f in store.facts(document_id) if f.row_key != "合计"}
    assert str(facts["合计"].value) == "1049.20"
    assert str(facts["基本支出"].value) == "12345678901234.123456"


@pytest.mark.parametrize("huge", ["123456789012345678", "99999999999999.9999999", "1E+100", "NaN"])
def test_values_that_do_not_fit_the_column_keep_their_text(store: Store, huge: str) -> None:
    result = ok_result()
    cell = result.disclosure.tables["03"].rows[0].cells["合计"]  # type: ignore[union-attr]
    cell.amount = replace(cell.amount, value=Decimal(huge))  # type: ignore[type-var]
    document_id = store.save_result(result)
    assert document_id is not None
    fact = store.facts(document_id)[0]
    assert fact.value is None and fact.text == "1, 049. 22" and fact.decimals == 2
    assert store.facts(document_id)[1].value == Decimal("1049.21")


def test_saving_the_same_bytes_twice_updates_instead_of_duplicating(store: Store) -> None:
    first_id = store.save_result(ok_result(), ruleset_version="1")
    assert first_id is not None
    before = _by_rule(store, first_id)
    store.transition(before["CROSS-03-01"], "confirmed", "inspector.li", "已核实")

    second_id = store.save_result(ok_result(source="again/部门决算.pdf"), ruleset_version="2")
    assert second_id == first_id
    assert _count(store, Document) == 1
    assert _count(store, Fact) == 4
    assert _count(store, NotEvaluated) == 1
    assert _count(store, Finding) == 3
    assert _by_rule(store, first_id) == before

    document = store.get_document(first_id)
    assert document is not None
    assert (document.source, document.ruleset_version) == ("again/部门决算.pdf", "2")
    confirmed = store.get_finding(before["CROSS-03-01"])
    assert confirmed is not None
    assert (confirmed.workflow_status, confirmed.comment) == ("confirmed", "已核实")
    assert len(store.finding_events(confirmed.id)) == 1


def test_reaudit_refreshes_finding_content_but_keeps_its_identity(store: Store) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    old = {f.rule_id: f for f in store.list_findings(document_id=document_id)}
    reworded = replace(broken_finding(), message="公开03表与公开01表支出合计不一致（新措辞）")
    store.save_result(ok_result(findings=[rounding_finding(), reworded, narrative_finding()]))
    new = {f.rule_id: f for f in store.list_findings(document_id=document_id)}
    assert new["CROSS-03-01"].id == old["CROSS-03-01"].id
    assert new["CROSS-03-01"].message.endswith("（新措辞）")
    assert new["CROSS-03-01"].updated_at >= old["CROSS-03-01"].updated_at
    assert new["ARITH-ROW-SUM"].updated_at == old["ARITH-ROW-SUM"].updated_at  # unchanged


def test_findings_no_longer_produced_are_deleted_if_untouched_else_retired(store: Store) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    ids = _by_rule(store, document_id)
    store.transition(ids["CROSS-03-01"], "confirmed", "inspector.li")
    store.assign(ids["NARR-TOTAL"], "inspector.wang", "inspector.li")

    store.save_result(ok_result(findings=[]))
    remaining = {f.rule_id: f for f in store.list_findings(document_id=document_id)}
    assert set(remaining) == {"CROSS-03-01", "NARR-TOTAL"}  # the untouched rounding one is gone
    assert store.get_finding(ids["ARITH-ROW-SUM"]) is None
    confirmed = remaining["CROSS-03-01"]
    assert confirmed.workflow_status == "confirmed" and confirmed.retired_at is not None
    retired_event = store.finding_events(confirmed.id)[-1]
    assert (retired_event.actor, retired_event.comment) == (SYSTEM_ACTOR, RETIRED_COMMENT)
    assert retired_event.from_status == retired_event.to_status == "confirmed"
    assert store.list_findings(document_id=document_id, include_retired=False) == []
    assert store.counts_by_severity(document_id) == {"error": 0, "warning": 0, "info": 0}
    assert store.counts_by_severity(document_id, include_retired=True) == {
        "error": 1,
        "warning": 1,
        "info": 0,
    }

    # Saving the same result again does not retire twice.
    store.save_result(ok_result(findings=[]))
    assert len(store.finding_events(confirmed.id)) == 2

    # Produced again: same finding, retirement lifted and recorded.
    store.save_result(ok_result(findings=[broken_finding()]))
    back = store.get_finding(confirmed.id)
    assert back is not None and back.retired_at is None and back.workflow_status == "confirmed"
    assert store.finding_events(confirmed.id)[-1].comment == UNRETIRED_COMMENT


def test_failed_document_with_bytes_is_stored_with_its_error(store: Store) -> None:
    document_id = store.save_result(failed_result())
    assert document_id is not None
    document = store.get_document(document_id)
    assert document is not None
    assert (document.status, document.error) == ("failed", "PDF has no text layer")
    assert (document.tables, document.quality, document.unit) == ([], {}, None)
    assert store.facts(document_id) == []
    assert store.list_findings(document_id=document_id) == []
    assert store.list_documents(status="failed") == [document]
    assert store.list_documents(status="ok") == []


def test_failed_document_without_bytes_stores_nothing(store: Store) -> None:
    assert store.save_result(failed_result(label=None, error="No such file")) is None
    assert _count(store, Document) == 0


def test_a_failed_reaudit_leaves_findings_alone(store: Store) -> None:
    document_id = store.save_result(ok_result(label="flaky"))
    assert document_id is not None
    findings = store.list_findings(document_id=document_id)
    failed = failed_result(label="flaky", error="timeout")
    assert store.save_result(failed) == document_id
    document = store.get_document(document_id)
    assert document is not None
    assert (document.status, document.error, document.unit) == ("failed", "timeout", "某市财政局")
    assert store.list_findings(document_id=document_id) == findings
    assert store.facts(document_id) == []


def test_deleting_a_document_cascades(store: Store) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    finding_id = store.list_findings(document_id=document_id)[0].id
    store.transition(finding_id, "dismissed", "inspector.li")
    with store.sessions.begin() as session:
        session.execute(delete(Document).where(Document.id == document_id))
    for model in (Fact, Finding, FindingEvent, NotEvaluated):
        assert _count(store, model) == 0


def test_bulk_save_of_3000_facts(store: Store) -> None:
    store.save_result(big_result(10, label="warm-up"))  # connection and statement caches
    # Best of three new documents, so a busy machine does not make the measure flaky.
    timings: list[float] = []
    document_ids: list[int | None] = []
    for n in range(3):
        result = big_result(3000, label=f"big-{n}")
        started = time.perf_counter()
        document_ids.append(store.save_result(result))
        timings.append(time.perf_counter() - started)
    assert min(timings) < BULK_SAVE_BUDGET_SECONDS, f"3,000 facts took {min(timings):.3f}s at best"
    document_id = document_ids[-1]
    assert document_id is not None
    facts = store.facts(document_id)
    assert len(facts) == 3000
    assert facts[-1].value == Decimal(2999 * 7) + Decimal("0.99")
    assert str(facts[1].value) == "7.01" and facts[1].bbox == (100.0, 200.5, 150.25, 212.0)
    assert facts[2].uncertain is False and facts[2].page == 1
    # Re-saving replaces rather than appends.
    store.save_result(result)
    assert len(store.facts(document_id)) == 3000
    assert _count(store, Fact) == 3 * 3000 + 10


def test_concurrent_saves_of_the_same_bytes_make_one_document(store: Store) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = list(pool.map(lambda _: store.save_result(ok_result()), range(8)))
    assert len(set(ids)) == 1
    assert _count(store, Document) == 1
    assert _count(store, Finding) == 3
    assert _count(store, Fact) == 4


# -- workflow ---------------------------------------------------------------------------------


def test_legal_transitions_are_recorded(store: Store) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    finding_id = _by_rule(store, document_id)["CROSS-03-01"]
    steps = [
        ("confirmed", "inspector.li", "数字确有矛盾"),
        ("sent_to_unit", "inspector.li", "已发函"),
        ("resolved", "inspector.wang", None),
    ]
    for to_status, actor, comment in steps:
        record = store.transition(finding_id, to_status, actor, comment)
        assert record.workflow_status == to_status
    final = store.get_finding(finding_id)
    assert final is not None
    assert (final.workflow_status, final.comment) == ("resolved", "已发函")
    assert final.updated_at >= final.created_at
    events = store.finding_events(finding_id)
    assert [(e.from_status, e.to_status, e.actor, e.comment) for e in events] == [
        ("open", "confirmed", "inspector.li", "数字确有矛盾"),
        ("confirmed", "sent_to_unit", "inspector.li", "已发函"),
        ("sent_to_unit", "resolved", "inspector.wang", None),
    ]
    assert all(e.at.tzinfo is not None for e in events)


def test_decisions_can_be_taken_back_before_acting_on_them(store: Store) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    finding_id = _by_rule(store, document_id)["NARR-TOTAL"]
    store.transition(finding_id, "dismissed", "inspector.li", "属于口径差异")
    store.transition(finding_id, "open", "inspector.wang", "重新审查")
    store.transition(finding_id, "confirmed", "inspector.wang")
    assert [e.to_status for e in store.finding_events(finding_id)] == [
        "dismissed",
        "open",
        "confirmed",
    ]


def test_resolved_directly_and_reopened(store: Store) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    findings = _by_rule(store, document_id)
    # the unit corrected it before anyone wrote: open → resolved, no detour through sent_to_unit
    store.transition(findings["CROSS-03-01"], "resolved", "inspector.li", "单位已更正")
    # the correction did not hold: re-opened, confirmed and resolved without writing to the unit
    store.transition(findings["CROSS-03-01"], "open", "inspector.wang", "更正后仍不一致")
    store.transition(findings["CROSS-03-01"], "confirmed", "inspector.wang")
    store.transition(findings["CROSS-03-01"], "resolved", "inspector.wang")
    assert [(e.from_status, e.to_status) for e in store.finding_events(findings["CROSS-03-01"])] == [
        ("open", "resolved"),
        ("resolved", "open"),
        ("open", "confirmed"),
        ("confirmed", "resolved"),
    ]
    # a letter sent to the unit that the unit disputes goes back to confirmed
    store.transition(findings["NARR-TOTAL"], "confirmed", "inspector.li")
    store.transition(findings["NARR-TOTAL"], "sent_to_unit", "inspector.li", "已发函")
    store.transition(findings["NARR-TOTAL"], "confirmed", "inspector.li", "单位有异议，复核")
    store.transition(findings["NARR-TOTAL"], "dismissed", "inspector.li", "复核后不属问题")
    assert store.get_finding(findings["NARR-TOTAL"]).workflow_status == "dismissed"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], "sent_to_unit"),
        ([], "open"),
        (["dismissed"], "sent_to_unit"),
        (["dismissed"], "resolved"),
        (["dismissed"], "dismissed"),
        (["resolved"], "confirmed"),
        (["resolved"], "resolved"),
        (["confirmed", "sent_to_unit"], "dismissed"),
        ([], "closed"),
    ],
)
def test_illegal_transitions_raise_and_record_nothing(store: Store, path: list[str], illegal: str) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    finding_id = _by_rule(store, document_id)["CROSS-03-01"]
    for step in path:
        store.transition(finding_id, step, "inspector.li")
    before = store.get_finding(finding_id)
    with pytest.raises(ValueError, match="transition|status"):
        store.transition(finding_id, illegal, "inspector.li", "不应记录")
    assert store.get_finding(finding_id) == before
    assert len(store.finding_events(finding_id)) == len(path)


def test_transition_needs_an_actor_and_an_existing_finding(store: Store) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    finding_id = _by_rule(store, document_id)["CROSS-03-01"]
    with pytest.raises(ValueError, match="actor"):
        store.transition(finding_id, "confirmed", "  ")
    with pytest.raises(FindingNotFoundError):
        store.transition(finding_id + 1000, "confirmed", "inspector.li")


# -- queries ----------------------------------------------------------------------------------


def test_list_findings_filters_and_polls_with_since_id(store: Store) -> None:
    first = store.save_result(ok_result(label="doc-a"))
    second = store.save_result(ok_result(label="doc-b", source="in/单位决算.pdf"))
    assert first is not None and second is not None
    everything = store.list_findings()
    assert len(everything) == 6
    assert [f.id for f in everything] == sorted(f.id for f in everything)

    assert {f.document_id for f in store.list_findings(document_id=second)} == {second}
    errors = store.list_findings(severity="error")
    assert [f.rule_id for f in errors] == ["CROSS-03-01", "CROSS-03-01"]
    store.transition(errors[0].id, "confirmed", "inspector.li")
    assert [f.id for f in store.list_findings(workflow_status="confirmed")] == [errors[0].id]
    assert len(store.list_findings(workflow_status="open")) == 5
    assert (
        store.list_findings(document_id=first, severity="warning", workflow_status="open")[0].rule_id
        == "NARR-TOTAL"
    )

    # Polling: only what is newer than the last id seen, then nothing until more arrive.
    last_seen = everything[2].id
    assert store.list_findings(since_id=last_seen) == everything[3:]
    assert store.list_findings(since_id=everything[-1].id) == []
    third = store.save_result(ok_result(label="doc-c"))
    fresh = store.list_findings(since_id=everything[-1].id)
    assert [f.document_id for f in fresh] == [third] * 3

    # Paging.
    everything = store.list_findings()
    assert len(everything) == 9
    assert store.list_findings(limit=2) == everything[:2]
    assert store.list_findings(limit=2, offset=2) == everything[2:4]
    with pytest.raises(ValueError):
        store.list_findings(limit=-1)


def test_since_id_never_sees_a_reused_id(store: Store) -> None:
    document_id = store.save_result(ok_result())
    assert document_id is not None
    newest = store.list_findings()[-1]
    store.save_result(ok_result(findings=[rounding_finding()]))  # newest was untouched: deleted
    assert store.get_finding(newest.id) is None
    store.save_result(ok_result(label="doc-d"))
    assert min(f.id for f in store.list_findings(since_id=newest.id - 1)) > newest.id


def test_counts_by_severity(store: Store) -> None:
    first = store.save_result(ok_result(label="doc-a"))
    store.save_result(ok_result(label="doc-b", findings=[broken_finding()]))
    assert store.counts_by_severity() == {"error": 2, "warning": 1, "info": 1}
    assert store.counts_by_severity(first) == {"error": 1, "warning": 1, "info": 1}
    assert store.counts_by_severity(document_id=10_000) == {"error": 0, "warning": 0, "info": 0}


def test_list_documents_newest_first_with_paging(store: Store) -> None:
    ids = [store.save_result(ok_result(label=f"doc-{n}")) for n in range(5)]
    failed = store.save_result(failed_result())
    listed = [d.id for d in store.list_documents()]
    assert listed == [failed, *reversed(ids)]
    assert [d.id for d in store.list_documents(status="ok", limit=2, offset=1)] == [ids[3], ids[2]]
    assert store.get_document(10_000) is None
    assert store.find_document_by_hash(sha256("unknown")) is None


def test_evidence_with_decimals_and_tuples_is_stored_as_json(store: Store) -> None:
    finding = replace(
        broken_finding(),
        evidence=[{"table": "03", "row": "合计", "value": Decimal("1049.22"), "bbox": (1.0, 2.0)}],
    )
    document_id = store.save_result(ok_result(findings=[finding]))
    assert document_id is not None
    [stored] = store.list_findings(document_id=document_id)
    assert stored.evidence == [{"table": "03", "row": "合计", "value": "1049.22", "bbox": [1.0, 2.0]}]
    # Re-saving the same evidence is not a change.
    store.save_result(ok_result(findings=[finding]))
    assert store.get_finding(stored.id) == stored


# -- fingerprints -----------------------------------------------------------------------------


def test_fingerprint_ignores_evidence_order_values_and_boxes() -> None:
    evidence = broken_finding().evidence
    shuffled = [dict(e, value="0", bbox=[0, 0, 1, 1]) for e in reversed(evidence)]
    assert finding_fingerprint("CROSS-03-01", evidence) == finding_fingerprint("CROSS-03-01", shuffled)
    assert finding_fingerprint("CROSS-03-01", evidence) != finding_fingerprint("CROSS-03-02", evidence)
    assert finding_fingerprint("CROSS-03-01", evidence) != finding_fingerprint("CROSS-03-01", evidence[:1])


def test_fingerprints_tell_apart_repeated_findings_on_the_same_places() -> None:
    quote_a = [{"quote": "增长10%", "page": 5}]
    quote_b = [{"quote": "下降3%", "page": 5}]
    assert finding_fingerprint("NARR", quote_a) != finding_fingerprint("NARR", quote_b)
    prints = fingerprints([("R", quote_a), ("R", quote_a), ("R", quote_b)])
    assert len(set(prints)) == 3
    assert prints == fingerprints([("R", quote_a), ("R", quote_a), ("R", quote_b)])


def test_a_rule_firing_twice_on_the_same_cells_is_stored_twice(store: Store) -> None:
    twice = [broken_finding(), replace(broken_finding(), message="第二条")]
    document_id = store.save_result(ok_result(findings=twice))
    assert document_id is not None
    assert [f.message for f in store.list_findings(document_id=document_id)] == [
        twice[0].message,
        "第二条",
    ]
    store.save_result(ok_result(findings=twice))
    assert _count(store, Finding) == 2


def test_stores_on_the_same_database_share_data(database_url: str) -> None:
    with open_store(database_url) as writer:
        document_id = writer.save_result(ok_result())
    with open_store(database_url) as reader:
        assert reader.get_document(document_id or 0) is not None
