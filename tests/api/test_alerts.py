"""Alerts to the submitting unit, against real peers started here on 127.0.0.1: an SMTP server
(aiosmtpd) that keeps every message and an HTTP server that checks nothing and records every
request, so the test verifies the HMAC itself. Embedded mode (SQLite, StubBroker, in-process
worker): the same actors and retries as a deployment."""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.api.conftest import Api, make_api
from workers.stack import free_port

#: The printed unit name of the generated documents of these tests (registered by no fixture).
UNIT = "青山县教育体育局"


# -- peers ------------------------------------------------------------------------------------------


class _Inbox:
    """aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, _Inbox]]:
    """A real SMTP server on a free port of 127.0.0.1; (its smtp:// URL, its inbox)."""
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd connects to its port to check it is up: no port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


@dataclass
class Receiver:
    """A webhook receiver: answers the scripted statuses in turn (then 200), records each request."""

    url: str
    statuses: list[int]
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A threaded http.server on a free port of 127.0.0.1."""
    state = Receiver("", [])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


# -- documents and service ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def unit_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A generated 部门决算 of UNIT with the demo sample's three planted defects, as PDF bytes."""
    from auditor.synth import generate, to_pdf
    from auditor.synth.defects import inject
    from auditor.synth.samples import SAMPLE_DEFECTS

    doc = generate(1, unit_name=UNIT)
    for kind, seed in SAMPLE_DEFECTS:
        doc, _ = inject(doc, kind, seed)
    return to_pdf(doc, tmp_path_factory.mktemp("alerts") / "unit.pdf").read_bytes()


@contextmanager
def _service(tmp_path: Path, **settings: Any) -> Iterator[Api]:
    """An embedded API whose alerts retry fast and whose webhooks may go to 127.0.0.1."""
    defaults: dict[str, Any] = {
        "alert_min_backoff_ms": 100,
        "alert_max_backoff_ms": 400,
        "alert_confirm_delay": 0.0,
        "webhook_allowed_hosts": "127.0.0.1",
    }
    yield from make_api(tmp_path, **{**defaults, **settings})


def _upload(api: Api, pdf: bytes, **data: str) -> dict[str, Any]:
    response = api.client.post(
        "/api/batches", files=[("files", ("公开.pdf", pdf))], data=data, headers=api.inspector
    )
    assert response.status_code == 202, response.text
    body = response.json()
    batch = api.wait_batch(body["batch_id"])
    assert batch["status"] == "done", batch
    return body["documents"][0]


def _add_unit(api: Api, **body: Any) -> dict[str, Any]:
    response = api.client.post("/api/units", json={"name": UNIT, **body}, headers=api.admin)
    assert response.status_code == 201, response.text
    return response.json()


def _alerts(api: Api, **params: Any) -> list[dict[str, Any]]:
    response = api.client.get("/api/alerts", params=params, headers=api.viewer)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _wait(check: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def _settled(api: Api, count: int) -> list[dict[str, Any]]:
    """The alerts once `count` of them exist and none is pending."""
    items = _wait(
        lambda: (a := _alerts(api)) and len(a) >= count and all(i["status"] != "pending" for i in a) and a
    )
    assert items and len(items) == count, items
    return items


def _told_findings(api: Api, document_id: int) -> list[dict[str, Any]]:
    items = api.client.get("/api/anomalies", params={"document_id": document_id}, headers=api.viewer).json()
    return [
        i
        for i in items["items"]
        if i["severity"] in ("error", "warning") and i["outcome"] == "broken" and i["status"] != "dismissed"
    ]


def told_anomaly(get: Callable[[], dict[str, Any]], channels: int) -> dict[str, Any]:
    """The anomaly `get` reads, once its history says the unit was told over `channels` channels
    (the findings are marked just after their alert is recorded sent)."""

    def check() -> Any:
        item = get()
        notes = [
            h for h in item["history"] if h["who"] == "auditor" and (h["note"] or "").startswith("已通知单位")
        ]
        return len(notes) >= channels and item

    item = _wait(check, timeout=30)
    assert item, get()
    return item


# -- tests --------------------------------------------------------------------------------------------


def test_unit_secret_is_returned_once_and_hosts_are_checked(tmp_path: Path) -> None:
    with _service(tmp_path) as api:
        created = _add_unit(api, aliases=["青山县教体局"], webhook_url="http://127.0.0.1:9/hook")
        secret = created["webhook_secret"]
        assert len(secret) == 64 and int(secret, 16) >= 0 and created["has_webhook_secret"]
        listed = api.client.get("/api/units", headers=api.admin).json()["items"]
        mine = next(u for u in listed if u["name"] == UNIT)
        assert "webhook_secret" not in mine and mine["webhook_url"] == "http://127.0.0.1:9/hook"
        for reader in (api.viewer, api.inspector):  # the hook's path (often its token) is the admin's
            seen = api.client.get("/api/units", headers=reader).json()["items"]
            assert next(u for u in seen if u["name"] == UNIT)["webhook_url"] == "http://127.0.0.1:9/…"
        given = api.client.post(
            "/api/units",
            json={"name": "甲单位", "webhook_url": "http://127.0.0.1/x", "webhook_secret": "s" * 32},
            headers=api.admin,
        ).json()
        assert "webhook_secret" not in given and given["has_webhook_secret"]
        elsewhere = api.client.post(
            "/api/units", json={"name": "乙单位", "webhook_url": "http://10.0.0.1/hook"}, headers=api.admin
        )
        assert elsewhere.status_code == 422
        alias_taken = api.client.post("/api/units", json={"name": "青山县教体局"}, headers=api.admin)
        assert alias_taken.status_code == 409
        bad_mail = api.client.post(
            "/api/units", json={"name": "丙单位", "emails": ["nobody"]}, headers=api.admin
        )
        assert bad_mail.status_code == 422
        # targets changed later; a rotated secret is shown once
        path = f"/api/units/{created['id']}"
        patched = api.client.patch(
            path, json={"emails": ["cw@jyj.example.cn"], "rotate_webhook_secret": True}, headers=api.admin
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["emails"] == ["cw@jyj.example.cn"]
        assert len(patched.json()["webhook_secret"]) == 64 and patched.json()["webhook_secret"] != secret
        kept = api.client.patch(
            path, json={"aliases": ["青山县教体局", "青山教体局"]}, headers=api.admin
        ).json()
        assert "webhook_secret" not in kept and kept["webhook_url"] == "http://127.0.0.1:9/hook"
        assert kept["emails"] == ["cw@jyj.example.cn"] and kept["aliases"] == ["青山县教体局", "青山教体局"]
        assert api.client.patch(path, json={"aliases": ["甲单位"]}, headers=api.admin).status_code == 409
        assert (
            api.client.patch(path, json={"webhook_url": "http://10.0.0.1/"}, headers=api.admin).status_code
            == 422
        )
        assert api.client.patch(path, json={"emails": []}, headers=api.inspector).status_code == 403
        cleared = api.client.patch(path, json={"webhook_url": None}, headers=api.admin).json()
        assert cleared["webhook_url"] is None
        assert api.client.patch("/api/units/9999", json={}, headers=api.admin).status_code == 404


def test_email_lists_every_finding_once_per_document_version(
    tmp_path: Path, unit_pdf: bytes, smtp_server: tuple[str, _Inbox]
) -> None:
    url, inbox = smtp_server
    with _service(tmp_path, smtp_url=url, alert_from="shenhe@czj.example.cn") as api:
        _add_unit(api, emails=["caiwu@jyj.example.cn", "bgs@jyj.example.cn"])
        document = _upload(api, unit_pdf)
        [alert] = _settled(api, 1)
        assert alert["status"] == "sent" and alert["channel"] == "email" and alert["kind"] == "first"
        assert alert["unit"]["name"] == UNIT and alert["document"]["id"] == document["id"]
        assert [a["ok"] for a in alert["attempts"]] == [True]
        other_unit = api.client.get("/api/alerts", headers=api.unit_viewer)
        assert other_unit.status_code == 200 and other_unit.json()["items"] == []
        findings = _told_findings(api, document["id"])
        assert findings and alert["findings"] == len(findings)

        [(recipients, message)] = inbox.messages
        assert sorted(recipients) == ["bgs@jyj.example.cn", "caiwu@jyj.example.cn"]
        assert "审核发现问题的通知" in message["Subject"] and UNIT in message["Subject"]
        assert message["From"] == "shenhe@czj.example.cn"
        assert not message.is_multipart() and message.get_content_type() == "text/plain"
        assert not list(message.iter_attachments())
        body = message.get_content()
        assert body.startswith(f"{UNIT}：") and "特此通知" in body and "2023年度部门决算" in body
        for finding in findings:
            assert finding["message"] in body and finding["rule_id"] in body
            pages = {e["page"] for e in finding["evidence"] if e.get("page") is not None}
            assert pages and all(f"第{p}页" in body for p in pages)
        assert "一、" in body and "二、" in body

        # each finding's follow-up says the unit was told, when and how; an open one stays open
        # (no inspector judged it), and the 文档 page shows it
        for finding in findings:
            path = f"/api/anomalies/{finding['id']}"
            told = told_anomaly(lambda path=path: api.client.get(path, headers=api.viewer).json(), 1)
            assert told["status"] == "open" and told["notified_at"] is not None
            [event] = [h for h in told["history"] if (h["note"] or "").startswith("已通知单位")]
            assert event["who"] == "auditor" and event["from"] == event["to"] == "open"
            assert "邮件发送至 caiwu@jyj.example.cn, bgs@jyj.example.cn" in event["note"]
            assert f"告警 {alert['id']}" in event["note"] and event["when"] >= alert["created_at"]

        # the same bytes audited again find the same findings: nothing more is sent
        assert (
            api.client.post(f"/api/documents/{document['id']}/reaudit", headers=api.inspector).status_code
            == 202
        )
        audited = _wait(
            lambda: (
                (d := api.client.get(f"/api/documents/{document['id']}", headers=api.admin).json())[
                    "attempts"
                ]
                == 2
                and d["status"] == "done"
            )
        )
        assert audited
        time.sleep(1.0)
        assert len(_settled(api, 1)) == 1 and len(inbox.messages) == 1
        # the same document in a new batch does not either
        _upload(api, unit_pdf)
        time.sleep(0.5)
        assert len(_settled(api, 1)) == 1 and len(inbox.messages) == 1
        from tests.dashboard.conftest import login

        # told once, shown once, on the 文档 page and in the 异常 list
        login(api.client, api.viewer)
        page = api.client.get(f"/documents/{document['id']}").text
        assert page.count('class="told"') == len(findings) and "已通知单位：邮件发送至" in page
        listed = api.client.get("/anomalies").text
        assert listed.count("（已通知单位）") == len(findings)


def test_webhook_is_signed_and_retried_after_a_server_error(
    tmp_path: Path, unit_pdf: bytes, receiver: Receiver
) -> None:
    receiver.statuses = [500]
    with _service(tmp_path) as api:
        secret = _add_unit(api, webhook_url=receiver.url)["webhook_secret"]
        document = _upload(api, unit_pdf)
        [alert] = _settled(api, 1)
        assert alert["status"] == "sent" and alert["channel"] == "webhook"
        # the webhook's path is the admin's to see; any other role gets its scheme and host
        host = receiver.url.rsplit("/", 1)[0]
        assert alert["target"] == f"{host}/…"
        admin_view = api.client.get("/api/alerts", headers=api.admin).json()["items"]
        assert [a["target"] for a in admin_view] == [receiver.url]
        assert [(a["number"], a["ok"], a["status_code"]) for a in alert["attempts"]] == [
            (1, False, 500),
            (2, True, 200),
        ]
        assert "500" in (alert["attempts"][0]["error"] or "")
        assert len(receiver.requests) == 2
        headers, raw = receiver.requests[-1]
        expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["x-auditor-signature"], expected)
        assert headers["content-type"].startswith("application/json")
        payload = json.loads(raw)
        assert payload["document"]["id"] == document["id"]
        assert payload["document"]["filename"] == "公开.pdf"
        assert payload["document"]["unit"] == UNIT and payload["document"]["year"] == 2023
        assert payload["document"]["kind"] == "final_account"
        told = _told_findings(api, document["id"])
        assert [f["id"] for f in payload["findings"]] == [f["id"] for f in told]
        assert payload["findings"][0]["evidence"] == told[0]["evidence"]
        assert payload["findings"][0]["message"] == told[0]["message"]
        # a body altered on the way would not verify
        assert not hmac.compare_digest(
            headers["x-auditor-signature"],
            "sha256=" + hmac.new(secret.encode(), raw + b" ", hashlib.sha256).hexdigest(),
        )
        assert _alerts(api, document_id=document["id"]) == _alerts(api, unit=UNIT) == [alert]
        assert _alerts(api, document_id=document["id"] + 1000) == []


def test_webhook_gives_up_after_its_retries_and_refusals_are_final(
    tmp_path: Path, unit_pdf: bytes, receiver: Receiver
) -> None:
    receiver.statuses = [503] * 10
    with _service(tmp_path, alert_max_retries=2) as api:
        _add_unit(api, webhook_url=receiver.url)
        _upload(api, unit_pdf)
        [alert] = _settled(api, 1)
        assert alert["status"] == "failed"
        assert [a["status_code"] for a in alert["attempts"]] == [503, 503, 503]
        assert len(receiver.requests) == 3
    receiver.requests.clear()
    receiver.statuses = [404]
    (tmp_path / "second").mkdir()
    with _service(tmp_path / "second") as api:
        _add_unit(api, webhook_url=receiver.url)
        _upload(api, unit_pdf)
        [alert] = _settled(api, 1)
        assert alert["status"] == "failed" and [a["status_code"] for a in alert["attempts"]] == [404]
        assert len(receiver.requests) == 1
        # the unit fixed its receiver: an inspector sends the failed alert again
        retry = api.client.post(f"/api/alerts/{alert['id']}/retry", headers=api.inspector)
        assert retry.status_code == 202, retry.text
        [again] = _settled(api, 1)
        assert again["status"] == "sent" and [a["status_code"] for a in again["attempts"]] == [404, 200]
        assert api.client.post(f"/api/alerts/{alert['id']}/retry", headers=api.inspector).status_code == 409


def test_confirm_only_batch_alerts_when_an_inspector_confirms(
    tmp_path: Path, unit_pdf: bytes, smtp_server: tuple[str, _Inbox], receiver: Receiver
) -> None:
    url, inbox = smtp_server
    with _service(tmp_path, smtp_url=url, alert_confirm_delay=1.0) as api:
        _add_unit(api, emails=["caiwu@jyj.example.cn"], webhook_url=receiver.url)
        document = _upload(api, unit_pdf, alert_mode="on_confirm")
        time.sleep(1.0)
        assert _alerts(api) == [] and inbox.messages == [] and receiver.requests == []
        findings = _told_findings(api, document["id"])
        assert len(findings) >= 3
        first, second, third = findings[:3]
        for finding in (first, second):  # confirmed together: one message
            patched = api.client.patch(
                f"/api/anomalies/{finding['id']}", json={"status": "confirmed"}, headers=api.inspector
            )
            assert patched.status_code == 200, patched.text
        alerts = _settled(api, 2)
        assert {a["channel"] for a in alerts} == {"email", "webhook"}
        assert all(a["trigger"] == "confirm" and a["findings"] == 2 and a["status"] == "sent" for a in alerts)
        [(_, message)] = inbox.messages
        body = message.get_content()
        assert first["message"] in body and second["message"] in body and third["message"] not in body
        [(_, raw)] = receiver.requests
        assert sorted(f["id"] for f in json.loads(raw)["findings"]) == sorted([first["id"], second["id"]])
        # confirmed and told: the follow-up moves on to sent_to_unit, with one entry per channel
        for finding in (first, second):
            path = f"/api/anomalies/{finding['id']}"
            told = told_anomaly(lambda path=path: api.client.get(path, headers=api.viewer).json(), 2)
            assert told["status"] == "sent_to_unit" and told["notified_at"] is not None
            notes = [h for h in told["history"] if h["who"] == "auditor"]
            assert sorted(h["note"].split("发送至")[0] for h in notes) == [
                "已通知单位：Webhook",
                "已通知单位：邮件",
            ]
            assert [(h["from"], h["to"]) for h in notes][0] == ("confirmed", "sent_to_unit")
        untold = api.client.get(f"/api/anomalies/{third['id']}", headers=api.viewer).json()
        assert untold["status"] == "open" and untold["notified_at"] is None
        # a later confirmation sends an update with all three
        api.client.patch(f"/api/anomalies/{third['id']}", json={"status": "confirmed"}, headers=api.inspector)
        updates = [a for a in _settled(api, 4) if a["kind"] == "update"]
        assert len(updates) == 2 and all(a["findings"] == 3 for a in updates)
        assert len(inbox.messages) == 2 and "（更新）" in inbox.messages[1][1]["Subject"]


@contextmanager
def _serve(database_url: str, **env: str) -> Iterator[httpx.Client]:
    """`auditor serve` (embedded) as a process of its own, with these AUDITOR_* settings: its own
    fork server, so its audits see the rule settings file given here; a client for its API."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    environment.update({f"AUDITOR_{k.upper()}": v for k, v in env.items()}, AUDITOR_DATABASE_URL=database_url)
    process = subprocess.Popen(
        [sys.executable, "-m", "auditor", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    try:
        assert _wait(lambda: process.poll() is not None or _healthy(client), timeout=90)
        assert process.poll() is None, "auditor serve exited"
        yield client
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _healthy(client: httpx.Client) -> bool:
    try:
        return client.get("/healthz").status_code == 200
    except httpx.HTTPError:
        return False


def test_a_reaudit_with_new_findings_sends_an_update(
    tmp_path: Path, unit_pdf: bytes, smtp_server: tuple[str, _Inbox], receiver: Receiver
) -> None:
    from store.db import open_store
    from store.tokens import create_token

    url, inbox = smtp_server
    database = f"sqlite:///{(tmp_path / 'service.sqlite3').as_posix()}"
    with open_store(database) as store:
        admin = {"Authorization": f"Bearer {create_token(store, 'admin', name='test-admin')[0]}"}
    settings = {
        "smtp_url": url,
        "webhook_allowed_hosts": "127.0.0.1",
        "alert_min_backoff_ms": "100",
        "alert_max_backoff_ms": "400",
    }
    config = tmp_path / "rules.toml"
    config.write_text('[rules]\n"T05-ROW" = { enabled = false }\n', encoding="utf-8")

    def alerts(client: httpx.Client, count: int) -> list[dict[str, Any]]:
        def settled() -> Any:
            items = client.get("/api/alerts", headers=admin).json()["items"]
            return len(items) >= count and all(i["status"] != "pending" for i in items) and items

        items = _wait(settled, timeout=120)
        assert items and len(items) == count, items
        return items

    def told(client: httpx.Client, document_id: int) -> list[dict[str, Any]]:
        items = client.get("/api/anomalies", params={"document_id": document_id}, headers=admin).json()
        return [
            i for i in items["items"] if i["severity"] in ("error", "warning") and i["outcome"] == "broken"
        ]

    # the operator has T05-ROW turned off: the first letter has one defect fewer
    with _serve(database, rules_config=str(config), **settings) as client:
        created = client.post(
            "/api/units",
            json={"name": UNIT, "emails": ["caiwu@jyj.example.cn"], "webhook_url": receiver.url},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        secret = created.json()["webhook_secret"]
        upload = client.post("/api/batches", files=[("files", ("公开.pdf", unit_pdf))], headers=admin)
        assert upload.status_code == 202, upload.text
        document_id = upload.json()["documents"][0]["id"]
        first = alerts(client, 2)
        before = told(client, document_id)
        assert before and "T05-ROW" not in {f["rule_id"] for f in before}
        assert all(a["kind"] == "first" and a["findings"] == len(before) for a in first)

    # T05-ROW on again: the same bytes audited again find one more defect, and the unit hears of it
    with _serve(database, **settings) as client:
        reaudit = client.post(f"/api/documents/{document_id}/reaudit", headers=admin)
        assert reaudit.status_code == 202, reaudit.text
        every = alerts(client, 4)
        after = told(client, document_id)
        assert len(after) == len(before) + 1 and "T05-ROW" in {f["rule_id"] for f in after}
        updates = [a for a in every if a["kind"] == "update"]
        assert {a["channel"] for a in updates} == {"email", "webhook"}
        assert all(a["trigger"] == "audit" and a["findings"] == len(after) for a in updates)
        assert all(a["status"] == "sent" for a in every)

        [_, (_, update)] = inbox.messages
        assert update["Subject"].endswith("（更新）")
        body = update.get_content()
        assert "再次进行了审核" in body and f"仍存在的{len(after)}处问题" in body
        assert all(f["message"] in body for f in after)  # the update lists every finding that stands
        assert len(receiver.requests) == 2
        headers, raw = receiver.requests[-1]
        payload = json.loads(raw)
        assert payload["alert"]["kind"] == "update" and len(payload["findings"]) == len(after)
        assert (
            headers["x-auditor-signature"]
            == "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        )
        # the new finding's follow-up says the updates told the unit
        new = next(f for f in after if f["rule_id"] == "T05-ROW")
        path = f"/api/anomalies/{new['id']}"
        history = told_anomaly(lambda: client.get(path, headers=admin).json(), 2)["history"]
        notes = sorted(
            h["note"] for h in history if h["who"] == "auditor" and (h["note"] or "").startswith("已通知")
        )
        assert len(notes) == 2 and all("更新通知" in n for n in notes)


def test_unmatched_document_is_listed_and_assigned_by_hand(
    tmp_path: Path, unit_pdf: bytes, smtp_server: tuple[str, _Inbox]
) -> None:
    url, inbox = smtp_server
    with _service(tmp_path, smtp_url=url) as api:
        other = api.client.post(
            "/api/units", json={"name": "青山县教育局", "emails": ["jyj@example.cn"]}, headers=api.admin
        )
        assert other.status_code == 201
        document = _upload(api, unit_pdf)
        unmatched = api.client.get("/api/units/unmatched", headers=api.inspector).json()["items"]
        assert [(d["id"], d["printed_unit"]) for d in unmatched] == [(document["id"], UNIT)]
        assert api.client.get("/api/units/unmatched", headers=api.viewer).status_code == 403
        assert _alerts(api) == []
        assigned = api.client.put(
            f"/api/documents/{document['id']}/unit", json={"unit": "青山县教育局"}, headers=api.inspector
        )
        assert assigned.status_code == 200, assigned.text
        [alert] = _settled(api, 1)
        assert (
            alert["trigger"] == "assign"
            and alert["status"] == "sent"
            and alert["unit"]["name"] == "青山县教育局"
        )
        assert api.client.get("/api/units/unmatched", headers=api.inspector).json()["items"] == []
        [(recipients, _)] = inbox.messages
        assert recipients == ["jyj@example.cn"]


def test_a_new_unit_takes_its_unmatched_documents(
    tmp_path: Path, unit_pdf: bytes, smtp_server: tuple[str, _Inbox]
) -> None:
    url, inbox = smtp_server
    with _service(tmp_path, smtp_url=url) as api:
        document = _upload(api, unit_pdf)
        assert [
            d["id"] for d in api.client.get("/api/units/unmatched", headers=api.admin).json()["items"]
        ] == [document["id"]]
        api.client.post(
            "/api/units", json={"name": "青山县 教育体育局", "emails": ["a@example.cn"]}, headers=api.admin
        )
        [alert] = _settled(api, 1)
        assert alert["document"]["id"] == document["id"] and alert["status"] == "sent"
        assert len(inbox.messages) == 1


def test_operator_setting_confirm_only_and_a_batch_switched_back(
    tmp_path: Path, unit_pdf: bytes, receiver: Receiver
) -> None:
    with _service(tmp_path, alert_mode="on_confirm") as api:
        _add_unit(api, webhook_url=receiver.url)
        response = api.client.post(
            "/api/batches", files=[("files", ("公开.pdf", unit_pdf))], headers=api.inspector
        ).json()
        assert api.wait_batch(response["batch_id"])["status"] == "done"
        time.sleep(1.0)
        assert _alerts(api) == [] and receiver.requests == []
        path = f"/api/batches/{response['batch_id']}/alert-mode"
        assert api.client.put(path, json={"alert_mode": "on_audit"}, headers=api.inspector).status_code == 403
        assert api.client.put(path, json={"alert_mode": "sometimes"}, headers=api.admin).status_code == 422
        switched = api.client.put(path, json={"alert_mode": "on_audit"}, headers=api.admin)
        assert switched.status_code == 200, switched.text
        [alert] = _settled(api, 1)
        assert alert["status"] == "sent" and alert["findings"] == len(
            _told_findings(api, response["documents"][0]["id"])
        )
        assert len(receiver.requests) == 1


def test_dashboard_assignment_alerts_and_the_units_page_lists_it(
    tmp_path: Path, unit_pdf: bytes, receiver: Receiver
) -> None:
    from tests.dashboard.conftest import login

    receiver.statuses = [502]
    with _service(tmp_path) as api:
        unit = api.client.post(
            "/api/units",
            json={"name": "青山县教育局", "webhook_url": receiver.url + "?token=s3cr3t"},
            headers=api.admin,
        ).json()
        document = _upload(api, unit_pdf)
        csrf = login(api.client, api.inspector)
        assert f"/documents/{document['id']}" in api.client.get("/units").text  # listed as unmatched
        done = api.client.post(
            "/units/assign",
            data={"document_id": document["id"], "unit_id": unit["id"], "csrf_token": csrf},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        [alert] = _settled(api, 1)
        assert alert["trigger"] == "assign" and alert["status"] == "sent"
        page = api.client.get("/units").text
        history = page[page.index('id="alerts"') :]
        assert "Webhook" in history and "已送达" in history and "尝试2次" in history
        attempts = re.findall(r'<li value="(\d)">[^<]*?(成功|失败)(?:（(\d+)）)?', history)
        assert [(n, r, c) for n, r, c in attempts] == [("1", "失败", "502"), ("2", "成功", "200")]
        assert "青山县教育局" in history
        # neither a token in the URL nor its path is shown: scheme and host
        assert receiver.url.rsplit("/", 1)[0] + "/…" in page and "/hook" not in page and "s3cr3t" not in page
        # the unit's row counts its alerts and links to its own history
        row = re.search(rf'<tr data-unit="{unit["id"]}">.*?</tr>', page, flags=re.S)
        assert row and f'<a href="/units?alerts_of={unit["id"]}#alerts">已送达 1</a>' in row.group(0)
        own = api.client.get("/units", params={"alerts_of": unit["id"]}).text
        assert "告警记录：青山县教育局" in own and own.count("<li value=") == 2
        other = next(
            u
            for u in api.client.get("/api/units", headers=api.admin).json()["items"]
            if u["id"] != unit["id"]
        )
        assert 'id="no-alerts"' in api.client.get("/units", params={"alerts_of": other["id"]}).text
