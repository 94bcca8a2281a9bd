"""Alerts on the real stack: `auditor serve` and `auditor worker` processes over PostgreSQL and
Redis deliver to an SMTP server (aiosmtpd) and a webhook receiver started by the test."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.test_alerts import (  # noqa: F401 - fixtures
    UNIT,
    Receiver,
    receiver,
    smtp_server,
    told_anomaly,
    unit_pdf,
)
from tests.store.conftest import postgres_schema_url  # noqa: F401 - fixture
from workers.stack import ServiceStack

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def alert_stack(
    postgres_schema_url: str,  # noqa: F811
    redis_url: str,
    tmp_path: Path,
    smtp_server: tuple[str, Any],  # noqa: F811
) -> Iterator[ServiceStack]:
    """A migrated stack whose processes send mail to the test's SMTP server and may post to 127.0.0.1."""
    service = ServiceStack(
        postgres_schema_url,
        redis_url,
        tmp_path / "logs",
        env_overrides={
            "AUDITOR_SMTP_URL": smtp_server[0],
            "AUDITOR_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
            "AUDITOR_ALERT_MIN_BACKOFF_MS": "200",
            "AUDITOR_ALERT_MAX_BACKOFF_MS": "1000",
        },
    )
    service.prepare()
    try:
        service.start_api()
        yield service
    finally:
        service.stop()
        service.clear_queue()


def _settled_alerts(stack: ServiceStack, count: int, timeout: float = 120) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    with stack.client() as client:
        while True:
            items = client.get("/api/alerts").json()["items"]
            done = len(items) >= count and all(i["status"] != "pending" for i in items)
            if done or time.monotonic() > deadline:
                return items
            time.sleep(0.25)


def test_alerts_through_redis_and_postgres(
    alert_stack: ServiceStack,
    unit_pdf: bytes,  # noqa: F811
    smtp_server: tuple[str, Any],  # noqa: F811
    receiver: Receiver,  # noqa: F811
) -> None:
    _, inbox = smtp_server
    receiver.statuses = [500]
    alert_stack.start_worker(processes=1, threads=1)
    with alert_stack.client() as client:
        unit = client.post(
            "/api/units", json={"name": UNIT, "emails": ["caiwu@jyj.example.cn"], "webhook_url": receiver.url}
        )
        assert unit.status_code == 201, unit.text
        secret = unit.json()["webhook_secret"]
        body = client.post(
            "/api/batches", files=[("files", ("公开.pdf", unit_pdf, "application/pdf"))]
        ).json()
        batch = alert_stack.wait_batch(client, body["batch_id"], timeout=120)
        assert batch["status"] == "done", batch
        alerts = _settled_alerts(alert_stack, 2)
        by_channel = {a["channel"]: a for a in alerts}
        assert set(by_channel) == {"email", "webhook"} and all(a["status"] == "sent" for a in alerts)
        assert [a["status_code"] for a in by_channel["webhook"]["attempts"]] == [500, 200]
        headers, raw = receiver.requests[-1]
        expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["x-auditor-signature"], expected)
        assert len(inbox.messages) == 1 and UNIT in inbox.messages[0][1]["Subject"]
        # the same findings again: nothing more
        document_id = body["documents"][0]["id"]
        assert client.post(f"/api/documents/{document_id}/reaudit").status_code == 202
        deadline = time.monotonic() + 120
        while (d := client.get(f"/api/documents/{document_id}").json())["attempts"] < 2 or d[
            "status"
        ] != "done":
            assert time.monotonic() < deadline
            time.sleep(0.25)
        time.sleep(2.0)
        assert len(_settled_alerts(alert_stack, 2)) == 2
        assert len(inbox.messages) == 1 and len(receiver.requests) == 2
        # on PostgreSQL too, every finding told is marked, with a history entry per channel
        told = [
            told_anomaly(lambda i=i: client.get(f"/api/anomalies/{i}").json(), 2)
            for i in by_channel["email"]["finding_ids"]
        ]
        assert told and all(i["notified_at"] and i["status"] == "open" for i in told)
        path = f"/api/anomalies/{told[0]['id']}"
        history = told_anomaly(lambda: client.get(path).json(), 2)["history"]
        notes = [
            h["note"] for h in history if h["who"] == "auditor" and (h["note"] or "").startswith("已通知单位")
        ]
        assert sorted(n.split("发送至")[0] for n in notes) == ["已通知单位：Webhook", "已通知单位：邮件"]
