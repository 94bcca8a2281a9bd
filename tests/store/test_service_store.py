"""The service's store functions on each backend: batches, document states, units, tokens, polling order."""

from __future__ import annotations

from pipeline.model import DocumentResult
from rules.findings import AuditOutcome, Finding
from store import Store
from store.anomalies import AnomalyFilter, get_anomaly, list_anomalies
from store.batches import (
    Upload,
    create_batch,
    document_service_info,
    get_batch,
    request_reaudit,
    start_document,
)
from store.tokens import authenticate, create_token, list_tokens, revoke_token
from store.units import create_unit


def _finding(rule: str, row: str) -> Finding:
    return Finding(rule, "error", f"{row} 不平", evidence=[{"table": "01", "row": row, "column": "合计"}])


def _result(data: bytes, findings: list[Finding]) -> DocumentResult:
    from pipeline import content_hash

    return DocumentResult(
        "a.pdf", "ok", content_hash=content_hash(data), file_name="a.pdf", outcome=AuditOutcome(findings)
    )


def test_same_bytes_one_document_and_derived_progress(store: Store) -> None:
    data = b"%PDF-1.4 one"
    view = create_batch(
        store, [Upload("a.pdf", data, "pdf"), Upload("b.pdf", data, "pdf"), Upload("x", error="空文件")], "t"
    )
    ids = [d.id for d in view.documents]
    assert ids[0] == ids[1] and ids[2] is None
    assert [d.queue for d in view.documents] == [True, False, False]
    assert (view.status, view.total, view.done, view.failed) == ("running", 3, 0, 1)
    job = start_document(store, ids[0], "host-a/123")
    assert job == ("a.pdf", data)
    info = document_service_info(store, ids[0])
    assert info is not None and (info["worker"], info["attempts"]) == ("host-a/123", 1)
    store.save_result(_result(data, [_finding("R1", "甲")]))
    done = get_batch(store, view.id)
    assert done is not None and (done.status, done.done, done.failed) == ("done", 2, 1)
    assert start_document(store, ids[0]) is None  # a message delivered again does nothing
    again = create_batch(store, [Upload("c.pdf", data, "pdf")], "t")
    assert again.documents[0].id == ids[0] and not again.documents[0].queue


def test_reaudit_keeps_follow_up_and_resolves_vanished(store: Store) -> None:
    data = b"%PDF-1.4 two"
    doc = create_batch(store, [Upload("a.pdf", data, "pdf")], "t").documents[0].id
    assert doc is not None
    start_document(store, doc)
    store.save_result(_result(data, [_finding("R1", "甲"), _finding("R2", "乙")]), resolve_vanished=True)
    page = list_anomalies(store, AnomalyFilter(document_id=doc))
    kept, vanished = sorted(page.items, key=lambda i: i["rule_id"])
    store.transition(kept["id"], "confirmed", actor="wang", comment="属实")
    token = list_anomalies(store, AnomalyFilter()).since  # after the inspector's change
    assert request_reaudit(store, doc)
    start_document(store, doc)
    store.save_result(_result(data, [_finding("R1", "甲")]), resolve_vanished=True)
    after_kept = get_anomaly(store, kept["id"])
    after_vanished = get_anomaly(store, vanished["id"])
    assert after_kept is not None and after_vanished is not None
    assert after_kept["status"] == "confirmed" and after_kept["history"][0]["note"] == "属实"
    assert after_vanished["status"] == "resolved" and after_vanished["history"][-1]["who"] == "auditor"
    changed = list_anomalies(store, AnomalyFilter(), since=token)
    assert [i["id"] for i in changed.items] == [vanished["id"]]
    assert int(changed.since) > int(token)


def test_tokens_hashed_scoped_revocable(store: Store) -> None:
    create_unit(store, "某某局", aliases=["某局"])
    plain, record = create_token(store, "viewer", unit="某局")
    assert record.unit == "某某局" and plain not in repr(list_tokens(store))
    assert authenticate(store, plain) is not None and authenticate(store, plain + "x") is None
    assert revoke_token(store, record.id) and authenticate(store, plain) is None


def test_a_late_dead_letter_leaves_a_completed_document_alone(store: Store) -> None:
    from store.batches import dead_letters, fail_document

    view = create_batch(
        store, [Upload("a.pdf", b"%PDF-1.4 late", "pdf"), Upload("b.pdf", b"%PDF-1.4 b", "pdf")], "t"
    )
    done_id, pending_id = (d.id for d in view.documents)
    assert done_id is not None and pending_id is not None
    # the sweeper's new message completed the first document before the dead-letter notice came
    assert start_document(store, done_id) is not None
    store.save_result(_result(b"%PDF-1.4 late", []))
    assert not fail_document(store, done_id, "重试 5 次后仍失败", dead_letter=True, only_pending=True)
    assert document_service_info(store, done_id)["state"] == "done"  # type: ignore[index]
    # the second is still pending: it is failed and listed
    assert fail_document(store, pending_id, "重试 5 次后仍失败", dead_letter=True, only_pending=True)
    assert [d["id"] for d in dead_letters(store)] == [pending_id]
    assert request_reaudit(store, pending_id) and dead_letters(store) == []
