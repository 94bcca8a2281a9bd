"""The pieces of alert delivery that need no peer: host allow-list, signature, the letter."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import pytest

from auditor.settings import Settings
from store.alerts import AlertDelivery, findings_fingerprint
from workers.delivery import compose_email, host_allowed, letter_body, letter_subject, sign, webhook_body

ALLOWED = frozenset({"hooks.example.cn", "127.0.0.1:8080", "[::1]:8443", "2001:db8::1:80"})


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://hooks.example.cn/a", True),
        ("http://HOOKS.example.cn:9000/a", True),  # a bare host allows any port
        ("http://127.0.0.1:8080/x", True),
        ("http://127.0.0.1:8081/x", False),  # host:port allows that port only
        ("http://127.0.0.1/x", False),
        ("https://hooks.example.cn.evil.cn/a", False),
        ("http://evil.cn@hooks.example.cn/a", True),  # userinfo is not the host
        ("http://hooks.example.cn@evil.cn/a", False),
        ("ftp://hooks.example.cn/a", False),
        ("file:///etc/passwd", False),
        ("http://[::1]:8080/", False),
        ("http://[::1]:8443/", True),  # an IPv6 entry is bracketed: "[::1]:8443"
        ("http://[::1]:8444/", False),
        ("http://[2001:db8::1]:80/", False),  # "2001:db8::1:80" would be another address
        ("not a url", False),
    ],
)
def test_only_allowed_hosts(url: str, allowed: bool) -> None:
    assert host_allowed(url, ALLOWED) is allowed


def test_allowed_hosts_setting_is_parsed() -> None:
    settings = Settings(webhook_allowed_hosts=" Hooks.Example.cn , 127.0.0.1:8080,, ")
    assert settings.webhook_hosts() == {"hooks.example.cn", "127.0.0.1:8080"}
    assert Settings().webhook_hosts() == frozenset()  # default: no webhook anywhere


def test_fingerprint_ignores_order_and_repeats() -> None:
    assert findings_fingerprint(["b", "a", "a"]) == findings_fingerprint(["a", "b"])
    assert findings_fingerprint(["a"]) != findings_fingerprint(["a", "b"])


def _delivery(kind: str = "first") -> AlertDelivery:
    finding = {
        "id": 7,
        "rule_id": "T05-ROW",
        "severity": "error",
        "message": "公开05表“合计”栏为357.51万元，但各栏之和为286.39万元，相差71.12万元。",
        "expected": "286.39",
        "actual": "357.51",
        "difference": "71.12",
        "evidence": [
            {
                "table": "05",
                "row": "2100408 基本公共卫生服务",
                "column": "合计",
                "page": 10,
                "value": "357.51",
            }
        ],
    }
    return AlertDelivery(
        id=3,
        channel="email",
        kind=kind,
        trigger="audit",
        fingerprint="f" * 64,
        attempts=0,
        created_at=datetime(2026, 12, 4, tzinfo=UTC),
        unit_id=1,
        unit_name="青山县教育体育局",
        emails=["a@example.cn"],
        webhook_url=None,
        webhook_secret=None,
        document={
            "id": 1,
            "filename": "决算.pdf",
            "unit": "青山县教育体育局",
            "year": 2023,
            "kind": "final_account",
            "level": "department",
        },
        findings=[finding],
    )


def test_letter_is_formal_chinese_with_evidence_and_page() -> None:
    settings = Settings(alert_signature="某县财政局预算科")
    body = letter_body(_delivery(), settings)
    assert body.startswith("青山县教育体育局：\n")
    assert "《决算.pdf》（青山县教育体育局2023年度部门决算）" in body
    assert "一、【错误】公开05表" in body and "（规则 T05-ROW）" in body
    assert "应为 286.39，实为 357.51，相差 71.12" in body
    assert "公开05表 · 2100408 基本公共卫生服务 · 合计 · 第10页 · 357.51" in body
    assert ["某县财政局预算科", "2026年12月4日"] == body.rstrip().splitlines()[-4:-2]
    assert letter_subject(_delivery()) == "关于青山县教育体育局2023年度部门决算审核发现问题的通知"
    assert letter_subject(_delivery("update")).endswith("（更新）")
    message = compose_email(_delivery(), settings)
    assert not message.is_multipart() and message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"


def test_signature_is_hmac_sha256_of_the_raw_body() -> None:
    body = webhook_body(_delivery())
    assert sign("k" * 32, body) == "sha256=" + hmac.new(b"k" * 32, body, hashlib.sha256).hexdigest()
    assert "青山县教育体育局".encode() in body  # UTF-8 JSON, not \\u escapes


def test_letter_names_the_pages_of_evidence_it_does_not_list() -> None:
    from dataclasses import replace

    delivery = _delivery()
    finding = dict(delivery.findings[0])
    finding["evidence"] = [
        {"table": "05", "row": f"行{i}", "column": "合计", "page": 10 + i // 6, "value": "1.00"}
        for i in range(14)
    ]
    body = letter_body(replace(delivery, findings=[finding]), Settings())
    assert body.count("        依据：") == 10  # EVIDENCE_IN_LETTER
    assert "……另有4处依据（在第11、12页），恕不一一列出。" in body


def test_history_note_names_channel_target_and_alert_without_url_secrets() -> None:
    from store.alerts import told_note
    from store.models import Alert

    mail = Alert(id=4, channel="email", kind="first", target="a@example.cn, b@example.cn")
    assert told_note(mail) == "已通知单位：邮件发送至 a@example.cn, b@example.cn（告警 4，首次通知）"
    hook = Alert(
        id=5, channel="webhook", kind="update", target="https://u:pw@hooks.example.cn:8443/in?token=s3"
    )
    assert told_note(hook) == "已通知单位：Webhook发送至 https://hooks.example.cn:8443/…（告警 5，更新通知）"
    from store.alerts import shown_target

    assert shown_target("webhook", "http://[::1]:8443/h?k=v") == "http://[::1]:8443/…"
    assert (
        shown_target("webhook", "https://open.feishu.cn/open-apis/bot/v2/hook/t0k3n")
        == "https://open.feishu.cn/…"
    )
    assert shown_target("webhook", "https://hooks.example.cn") == "https://hooks.example.cn"
    assert shown_target("email", "a@example.cn") == "a@example.cn"
