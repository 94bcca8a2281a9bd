"""The API in embedded mode (no Redis): upload, progress, anomalies, follow-up, exports, auth."""

from __future__ import annotations

import csv
import io
import os
import socket
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from tests.api.conftest import Api, make_api


def _upload(api: Api, files: list[tuple[str, bytes]], headers: dict[str, str], **data: str):
    return api.client.post(
        "/api/batches",
        files=[("files", (name, content)) for name, content in files],
        data=data,
        headers=headers,
    )


def test_upload_audit_and_anomalies(api: Api, sample_bytes: dict[str, bytes]) -> None:
    response = _upload(api, [("defective.pdf", sample_bytes["defective"])], api.inspector)
    assert response.status_code == 202, response.text
    body = response.json()
    assert set(body) >= {"batch_id", "documents"}
    [doc] = body["documents"]
    assert doc["filename"] == "defective.pdf" and doc["status"] == "queued" and doc["id"]
    batch = api.wait_batch(body["batch_id"])
    assert batch["status"] == "done", batch
    assert batch["progress"] == {"total": 1, "done": 1, "failed": 0}
    anomalies = api.client.get("/api/anomalies", params={"document_id": doc["id"]}, headers=api.viewer).json()
    assert anomalies["items"], "the defective sample has planted defects"
    item = anomalies["items"][0]
    assert {"id", "rule_id", "severity", "message", "evidence", "status", "document", "unit"} <= set(item)
    assert item["document"]["id"] == doc["id"] and item["status"] == "open"
    assert item["unit"] == "白水县卫生健康局"  # matched to the registered unit by its printed name
    document = api.client.get(f"/api/documents/{doc['id']}", headers=api.viewer).json()
    assert document["status"] == "done" and document["document"]["year"] == 2023
    assert document["quality"] and len(document["findings"]) == len(anomalies["items"])
    file = api.client.get(f"/api/documents/{doc['id']}/file", headers=api.viewer)
    assert file.content == sample_bytes["defective"]
    assert file.headers["content-type"] == "application/pdf"


def test_same_bytes_are_one_document_not_audited_twice(api: Api, sample_bytes: dict[str, bytes]) -> None:
    pdf = sample_bytes["consistent"]
    first = _upload(api, [("a.pdf", pdf), ("copy.pdf", pdf)], api.inspector).json()
    ids = {d["id"] for d in first["documents"]}
    assert len(ids) == 1
    api.wait_batch(first["batch_id"])
    second = _upload(api, [("again.pdf", pdf)], api.inspector).json()
    assert {d["id"] for d in second["documents"]} == ids
    assert second["documents"][0]["status"] == "done"  # not queued again
    doc_id = ids.pop()
    document = api.client.get(f"/api/documents/{doc_id}", headers=api.admin).json()
    assert document["attempts"] == 1
    assert document["worker"] == f"{socket.gethostname()}/{os.getpid()}"  # embedded: this process
    # asked for: the same bytes with reaudit=true are audited again, still one document
    third = _upload(api, [("again.pdf", pdf)], api.inspector, reaudit="true").json()
    assert [(d["id"], d["status"]) for d in third["documents"]] == [(doc_id, "queued")]
    assert api.wait_batch(third["batch_id"])["status"] == "done"
    assert api.client.get(f"/api/documents/{doc_id}", headers=api.admin).json()["attempts"] == 2


def test_follow_up_history_survives_a_reaudit(api: Api, sample_bytes: dict[str, bytes]) -> None:
    body = _upload(api, [("defective.pdf", sample_bytes["defective"])], api.inspector).json()
    api.wait_batch(body["batch_id"])
    doc_id = body["documents"][0]["id"]
    items = api.client.get("/api/anomalies", params={"document_id": doc_id}, headers=api.viewer).json()[
        "items"
    ]
    target = items[0]["id"]
    denied = api.client.patch(f"/api/anomalies/{target}", json={"status": "confirmed"}, headers=api.viewer)
    assert denied.status_code == 403
    patched = api.client.patch(
        f"/api/anomalies/{target}", json={"status": "confirmed", "note": "已核实"}, headers=api.inspector
    )
    assert patched.status_code == 200, patched.text
    history = patched.json()["history"]
    assert history[-1]["from"] == "open" and history[-1]["to"] == "confirmed"
    assert history[-1]["who"] == "test-inspector" and history[-1]["note"] == "已核实"
    illegal = api.client.patch(
        f"/api/anomalies/{target}", json={"status": "confirmed"}, headers=api.inspector
    )
    assert illegal.status_code == 409  # already confirmed: not a move
    assert api.client.post(f"/api/documents/{doc_id}/reaudit", headers=api.inspector).status_code == 202
    again = api.wait_batch(body["batch_id"])
    assert again["status"] == "done"
    after = api.client.get(f"/api/anomalies/{target}", headers=api.viewer).json()
    assert after["status"] == "confirmed" and after["history"][-1]["note"] == "已核实"
    items_after = api.client.get("/api/anomalies", params={"document_id": doc_id}, headers=api.viewer).json()
    assert sorted(i["id"] for i in items_after["items"]) == sorted(i["id"] for i in items)  # no duplicates
    document = api.client.get(f"/api/documents/{doc_id}", headers=api.admin).json()
    assert document["attempts"] == 2


def test_follow_up_moves_of_an_inspector_team(api: Api, sample_bytes: dict[str, bytes]) -> None:
    body = _upload(api, [("defective.pdf", sample_bytes["defective"])], api.inspector).json()
    api.wait_batch(body["batch_id"])
    doc_id = body["documents"][0]["id"]
    items = api.client.get("/api/anomalies", params={"document_id": doc_id}, headers=api.viewer).json()[
        "items"
    ]
    assert len(items) >= 2
    first, second = items[0]["id"], items[1]["id"]

    def patch(anomaly_id: int, status: str, note: str | None = None):  # type: ignore[no-untyped-def]
        return api.client.patch(
            f"/api/anomalies/{anomaly_id}", json={"status": status, "note": note}, headers=api.inspector
        )

    # the unit corrected it before anyone wrote to it: open → resolved directly
    resolved = patch(first, "resolved", "单位已更正并重新公开")
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "resolved"
    # a resolved anomaly only re-opens; the answer names the moves that are allowed
    wrong = patch(first, "confirmed")
    assert wrong.status_code == 409
    assert "resolved → confirmed" in wrong.json()["detail"] and "open" in wrong.json()["detail"]
    reopened = patch(first, "open", "更正后仍不一致")
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    assert [(h["from"], h["to"]) for h in reopened.json()["history"]] == [
        ("open", "resolved"),
        ("resolved", "open"),
    ]
    # confirmed → resolved without writing to the unit; sent_to_unit stays available as a step
    assert patch(second, "confirmed").status_code == 200
    assert patch(second, "sent_to_unit", "已发函").status_code == 200
    assert patch(second, "resolved").status_code == 200
    # a dismissed anomaly is not resolved; it is re-opened or confirmed
    assert patch(first, "dismissed", "口径差异").status_code == 200
    assert patch(first, "resolved").status_code == 409
    assert patch(first, "confirmed", "复核后确认").status_code == 200
    # an unknown status is refused by the schema
    assert patch(first, "closed").status_code == 422
    listed = api.client.get(
        "/api/anomalies", params={"document_id": doc_id, "status": "resolved"}, headers=api.viewer
    ).json()["items"]
    assert [i["id"] for i in listed] == [second]


def test_anomaly_filters(api: Api, sample_bytes: dict[str, bytes]) -> None:
    body = _upload(api, [("defective.pdf", sample_bytes["defective"])], api.inspector).json()
    api.wait_batch(body["batch_id"])

    def ids(**params: object) -> list[int]:
        response = api.client.get("/api/anomalies", params=params, headers=api.viewer)
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["items"]]

    every = api.client.get("/api/anomalies", headers=api.viewer).json()["items"]
    assert every
    rule = every[0]["rule_id"]
    assert ids(rule_id=rule) == [i["id"] for i in every if i["rule_id"] == rule]
    severity = every[0]["severity"]
    assert ids(severity=severity) == [i["id"] for i in every if i["severity"] == severity]
    assert ids(unit="白水县卫生健康局") == ids() and ids(unit="其他单位") == []
    assert ids(unit="白水县卫健局") == ids() == ids(unit="白水县 卫生健康局")  # alias; blanks ignored
    text = api.client.get("/api/anomalies.csv", params={"unit": "白水县卫健局"}, headers=api.viewer).text
    assert len(text.strip().splitlines()) == len(every) + 1
    assert ids(year=2023) == ids() and ids(year=2022) == []
    assert ids(batch_id=body["batch_id"]) == ids() and ids(batch_id=body["batch_id"] + 1) == []
    assert ids(document_id=body["documents"][0]["id"]) == ids()
    target = every[-1]["id"]
    api.client.patch(f"/api/anomalies/{target}", json={"status": "confirmed"}, headers=api.inspector)
    assert ids(status="confirmed") == [target]
    assert target not in ids(status="open") and len(ids(status="open")) == len(every) - 1
    assert ids(status="confirmed", rule_id="NO-SUCH-RULE") == []
    assert api.client.get("/api/anomalies", params={"year": "abc"}, headers=api.viewer).status_code == 422


def test_upload_unit_is_a_registered_name_or_alias(api: Api, sample_bytes: dict[str, bytes]) -> None:
    unknown = _upload(api, [("a.pdf", sample_bytes["consistent"])], api.inspector, unit="不存在的局")
    assert unknown.status_code == 422
    detail = unknown.json()["detail"]
    assert "未知单位“不存在的局”" in detail and "POST /api/units" in detail and "unknown unit" in detail
    assert api.client.get("/api/batches", headers=api.viewer).json()["items"] == []  # nothing recorded
    # an alias, as POST /api/units registered it, names the unit
    by_alias = _upload(api, [("a.pdf", sample_bytes["consistent"])], api.inspector, unit=" 白水县卫健局 ")
    assert by_alias.status_code == 202, by_alias.text
    batch = api.wait_batch(by_alias.json()["batch_id"])
    assert batch["unit"] == "白水县卫生健康局"
    # a unit added through the API is usable at once, by name and by alias
    created = api.client.post(
        "/api/units", json={"name": "澄城县财政局", "aliases": ["澄城财政"]}, headers=api.admin
    )
    assert created.status_code == 201
    again = _upload(api, [("t.txt", "澄城县财政局2023年部门决算".encode())], api.inspector, unit="澄城财政")
    assert again.status_code == 202 and api.wait_batch(again.json()["batch_id"])["unit"] == "澄城县财政局"
    # a unit-scoped token may not upload for another unit
    other = _upload(api, [("b.pdf", sample_bytes["defective"])], api.unit_viewer, unit="其他单位")
    assert other.status_code == 403


def test_polling_with_since_and_etag(api: Api, sample_bytes: dict[str, bytes]) -> None:
    first = api.client.get("/api/anomalies", headers=api.viewer)
    token, etag = first.json()["since"], first.headers["etag"]
    assert api.client.get("/api/anomalies", headers={**api.viewer, "If-None-Match": etag}).status_code == 304
    body = _upload(api, [("defective.pdf", sample_bytes["defective"])], api.inspector).json()
    api.wait_batch(body["batch_id"])
    assert api.client.get("/api/anomalies", headers={**api.viewer, "If-None-Match": etag}).status_code == 200
    new = api.client.get("/api/anomalies", params={"since": token}, headers=api.viewer).json()
    assert new["items"] and int(new["since"]) > int(token)
    quiet = api.client.get("/api/anomalies", params={"since": new["since"]}, headers=api.viewer).json()
    assert quiet["items"] == []
    target = new["items"][0]["id"]
    api.client.patch(
        f"/api/anomalies/{target}", json={"status": "dismissed", "note": "口径不同"}, headers=api.inspector
    )
    changed = api.client.get("/api/anomalies", params={"since": new["since"]}, headers=api.viewer).json()
    assert [i["id"] for i in changed["items"]] == [target]
    # cursor pagination walks every item once
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.client.get("/api/anomalies", params=params, headers=api.viewer).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == len(new["items"])


def test_exports_use_the_filters(api: Api, sample_bytes: dict[str, bytes]) -> None:
    body = _upload(api, [("defective.pdf", sample_bytes["defective"])], api.inspector).json()
    api.wait_batch(body["batch_id"])
    listed = api.client.get("/api/anomalies", params={"severity": "error"}, headers=api.viewer).json()[
        "items"
    ]
    text = api.client.get("/api/anomalies.csv", params={"severity": "error"}, headers=api.viewer).text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [int(r["id"]) for r in rows] == [i["id"] for i in listed] and all(
        r["severity"] == "error" for r in rows
    )
    xlsx = api.client.get("/api/anomalies.xlsx", params={"severity": "error"}, headers=api.viewer)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == len(listed) + 1


def test_auth_roles_and_unit_scope(api: Api, sample_bytes: dict[str, bytes]) -> None:
    assert api.client.get("/api/anomalies").status_code == 401
    assert api.client.get("/api/anomalies", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert _upload(api, [("a.pdf", sample_bytes["consistent"])], api.viewer).status_code == 403
    assert api.client.post("/api/units", json={"name": "新单位"}, headers=api.inspector).status_code == 403
    created = api.client.post("/api/units", json={"name": "新单位", "aliases": ["新"]}, headers=api.admin)
    assert created.status_code == 201
    assert api.client.post("/api/units", json={"name": "新单位"}, headers=api.admin).status_code == 409
    other = _upload(api, [("d.pdf", sample_bytes["defective"])], api.inspector, unit="其他单位").json()
    api.wait_batch(other["batch_id"])
    # a token scoped to 白水县卫生健康局 sees neither the other unit's batch nor its anomalies
    assert api.client.get(f"/api/batches/{other['batch_id']}", headers=api.unit_viewer).status_code == 404
    doc_id = other["documents"][0]["id"]
    assert api.client.get(f"/api/documents/{doc_id}", headers=api.unit_viewer).status_code == 404
    assert api.client.get("/api/anomalies", headers=api.unit_viewer).json()["items"] == []
    assert api.client.get("/api/anomalies", headers=api.viewer).json()["items"]
    mine = _upload(api, [("c.pdf", sample_bytes["consistent"])], api.unit_viewer).json()
    assert api.wait_batch(mine["batch_id"], api.unit_viewer)["status"] == "done"
    units = api.client.get("/api/units", headers=api.unit_viewer).json()["items"]
    assert [u["name"] for u in units] == ["白水县卫生健康局"]


def test_bad_uploads(api: Api, sample_bytes: dict[str, bytes]) -> None:
    pdf = sample_bytes["consistent"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../etc/evil.pdf", pdf)
        archive.writestr("/abs.pdf", pdf)
        archive.writestr("inner.zip", b"PK\x05\x06" + b"\0" * 18)
        archive.writestr("bomb.txt", b"0" * (20 * 1024 * 1024))
        archive.writestr("ok/consistent.pdf", pdf)
    files = [
        ("empty.pdf", b""),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        ("fake.pdf", b"\x00\x01\x02 not a pdf at all \xff\xfe"),
        ("batch.zip", buffer.getvalue()),
    ]
    response = _upload(api, files, api.inspector)
    assert response.status_code == 202, response.text
    docs = {d["filename"]: d for d in response.json()["documents"]}
    for name in ("empty.pdf", "image.png", "fake.pdf"):
        assert docs[name]["status"] == "failed" and docs[name]["id"] is None and docs[name]["error"]
    assert "路径穿越" in docs["batch.zip!../../etc/evil.pdf"]["error"]
    assert "路径穿越" in docs["batch.zip!/abs.pdf"]["error"]
    assert "嵌套" in docs["batch.zip!inner.zip"]["error"]
    assert "压缩比" in docs["batch.zip!bomb.txt"]["error"]
    assert docs["batch.zip!ok/consistent.pdf"]["status"] == "queued"
    batch = api.wait_batch(response.json()["batch_id"])
    assert batch["status"] == "done" and batch["progress"]["failed"] == 7 and batch["progress"]["done"] == 1
    assert _upload(api, [], api.inspector).status_code == 422


def test_too_many_and_too_large(tmp_path: Path, sample_bytes: dict[str, bytes]) -> None:
    for api in make_api(tmp_path, max_file_mb=0.05, max_batch_files=10):
        big = _upload(api, [("big.pdf", sample_bytes["consistent"] + b"\0" * 60_000)], api.inspector)
        assert big.status_code == 413 and "MB" in big.json()["detail"]
        many = _upload(api, [(f"f{i}.txt", f"文本 {i}".encode()) for i in range(1000)], api.inspector)
        assert many.status_code == 413 and "10" in many.json()["detail"]
        assert (
            api.client.get("/api/batches", headers=api.viewer).json()["items"] == []
        )  # nothing half-written


def test_a_200_mb_file_and_1000_files_at_the_default_limits(api: Api, sample_bytes: dict[str, bytes]) -> None:
    huge = b"%PDF-1.4\n" + b"\0" * (200 * 1024 * 1024)
    big = _upload(api, [("huge.pdf", huge)], api.inspector)
    del huge
    assert big.status_code == 413 and "huge.pdf" in big.json()["detail"] and "100 MB" in big.json()["detail"]
    many = _upload(api, [(f"f{i}.txt", f"文本 {i}".encode()) for i in range(1000)], api.inspector)
    assert many.status_code == 413 and "500" in many.json()["detail"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(1000):
            archive.writestr(f"f{i}.txt", f"文本 {i}")
    zipped = _upload(api, [("many.zip", buffer.getvalue())], api.inspector)
    assert zipped.status_code == 413 and "many.zip" in zipped.json()["detail"]
    assert api.client.get("/api/batches", headers=api.viewer).json()["items"] == []  # nothing half-written
    # the service is unharmed: the next upload is audited
    ok = _upload(api, [("ok.pdf", sample_bytes["consistent"])], api.inspector)
    assert ok.status_code == 202 and api.wait_batch(ok.json()["batch_id"])["status"] == "done"


def test_a_document_over_the_time_limit_fails_and_the_worker_goes_on(
    tmp_path: Path, sample_bytes: dict[str, bytes]
) -> None:
    for api in make_api(tmp_path, document_time_limit=0.3):
        body = _upload(api, [("slow.pdf", sample_bytes["defective"])], api.inspector).json()
        batch = api.wait_batch(body["batch_id"])
        assert batch["status"] == "failed"
        assert "时限" in batch["documents"][0]["error"]
        text = _upload(api, [("short.txt", "不是公开文件".encode())], api.inspector).json()
        assert api.wait_batch(text["batch_id"])["documents"][0]["status"] in ("done", "failed")


def _pdf_with_objects(count: int) -> bytes:
    """A one-page PDF of `count` filled rectangles and no text (pdfminer takes ~half a minute)."""
    ops = [f"{(i % 500) * 1.1:.1f} {(i // 500) * 3.5 % 800:.1f} 1 1 re f" for i in range(count)]
    content = "\n".join(ops).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_page_of_100000_objects_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    for api in make_api(tmp_path, document_time_limit=4):
        body = _upload(
            api,
            [("crawl.pdf", _pdf_with_objects(100_000)), ("next.txt", "不是公开文件".encode())],
            api.inspector,
        ).json()
        batch = api.wait_batch(body["batch_id"], timeout=120)
        crawl, after = batch["documents"]
        assert crawl["status"] == "failed" and "时限" in crawl["error"], crawl
        assert after["status"] in ("done", "failed") and "时限" not in (after["error"] or "")


def test_a_document_over_the_memory_limit_fails(tmp_path: Path, sample_bytes: dict[str, bytes]) -> None:
    for api in make_api(tmp_path, document_memory_limit_mb=1):
        body = _upload(api, [("big.pdf", sample_bytes["defective"])], api.inspector).json()
        batch = api.wait_batch(body["batch_id"])
        assert batch["status"] == "failed", batch
        assert "内存" in batch["documents"][0]["error"]


def test_health_rules_openapi(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz").json()
    assert ready["status"] == "ok" and ready["embedded"] is True
    rules = api.client.get("/api/rules", headers=api.viewer).json()["rules"]
    assert rules and {"id", "severity", "title"} <= set(rules[0])
    spec = api.client.get("/api/openapi.json").json()
    assert "/api/batches" in spec["paths"] and "/api/anomalies" in spec["paths"]
    assert api.client.get("/api/docs").status_code == 200
    assert api.client.get("/api/dead-letters", headers=api.inspector).json() == {"items": []}
