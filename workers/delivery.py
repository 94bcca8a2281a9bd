"""How an alert reaches a unit: the letter (formal Chinese, plain text, no attachment) sent over
SMTP, and the JSON body POSTed to the unit's webhook, signed with HMAC-SHA256.

Only hosts the operator allows (AUDITOR_WEBHOOK_ALLOWED_HOSTS) are ever requested: the name is
resolved once, its addresses checked, and the connection made to a checked address (no second
lookup a rebinding DNS could answer differently); redirects are not followed, proxies from the
environment are not used, and the whole request has a deadline.
A failure the other side may get over (connection refused, timeout, HTTP 5xx, 408, 429, SMTP 4xx)
raises `DeliveryError` and is retried; one it will not (HTTP 3xx/4xx, SMTP 5xx, a host not
allowed) raises `PermanentDeliveryError` and the alert is marked failed at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import ipaddress
import json
import smtplib
import socket
import ssl
import threading
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import structlog

from auditor.report import describe_location, kind_label
from auditor.settings import Settings
from store.alerts import AlertDelivery

log = structlog.get_logger(__name__)

#: Header carrying the webhook signature: "sha256=<hex HMAC-SHA256 of the raw body>".
SIGNATURE_HEADER = "X-Auditor-Signature"
#: User-Agent of webhook requests.
USER_AGENT = "auditor-alerts/1"
#: Most of a webhook's answer that is read (its status is what counts; the text goes to the log).
MAX_ANSWER_BYTES = 64 * 1024
#: Evidence listed per finding in the letter (the webhook body carries all of it).
EVIDENCE_IN_LETTER = 10

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_NUMERALS = "一二三四五六七八九十"


class DeliveryError(Exception):
    """A delivery failed in a way worth trying again (recorded, then retried with backoff)."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class PermanentDeliveryError(DeliveryError):
    """A delivery failed in a way retrying will not fix (recorded, alert marked failed)."""


# -- the letter ---------------------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    """一 … 十, then plain numbers (the letter numbers its findings like an official document)."""
    return _NUMERALS[n - 1] if 1 <= n <= len(_NUMERALS) else str(n)


def document_title(document: dict[str, Any]) -> str:
    """'白水县卫生健康局2023年度部门决算' from what was recognised (parts left out when unknown)."""
    year = f"{document['year']}年度" if document.get("year") else ""
    kind = kind_label(document.get("kind"), document.get("level"))
    return f"{document.get('unit') or ''}{year}{kind if kind != '未识别' else '公开文件'}"


def letter_subject(delivery: AlertDelivery) -> str:
    """The email subject."""
    update = "（更新）" if delivery.kind == "update" else ""
    return f"关于{document_title(delivery.document)}审核发现问题的通知{update}"


def letter_body(delivery: AlertDelivery, settings: Settings) -> str:
    """The letter: salutation, what was audited, each finding with its evidence and page, closing."""
    document = delivery.document
    name = document.get("filename") or f"文档 {document['id']}"
    lines = [f"{delivery.unit_name}：", ""]
    opening = (
        f"    我们对贵单位公开的《{name}》（{document_title(document)}）进行了审核，"
        f"发现以下{len(delivery.findings)}处问题，请予核实，并按规定更正后重新公开。"
    )
    if delivery.kind == "update":
        opening = (
            f"    我们对贵单位公开的《{name}》（{document_title(document)}）再次进行了审核，"
            f"问题情况有变化。现将目前仍存在的{len(delivery.findings)}处问题通知如下，请予核实，"
            "并按规定更正后重新公开。"
        )
    lines += [opening, ""]
    for n, finding in enumerate(delivery.findings, 1):
        severity = _SEVERITY.get(finding["severity"], finding["severity"])
        lines.append(f"    {_ordinal(n)}、【{severity}】{finding['message']}（规则 {finding['rule_id']}）")
        figures = []
        if finding.get("expected") is not None:
            figures.append(f"应为 {finding['expected']}")
        if finding.get("actual") is not None:
            figures.append(f"实为 {finding['actual']}")
        if finding.get("difference") is not None:
            figures.append(f"相差 {finding['difference']}")
        if figures:
            lines.append(f"        数据：{'，'.join(figures)}。")
        evidence = finding.get("evidence") or []
        for item in evidence[:EVIDENCE_IN_LETTER]:
            lines.append(f"        依据：{describe_location(item)}")
        if len(evidence) > EVIDENCE_IN_LETTER:
            rest = evidence[EVIDENCE_IN_LETTER:]
            pages = sorted({int(e["page"]) for e in rest if e.get("page")})
            where = f"（在第{'、'.join(map(str, pages))}页）" if pages else ""
            lines.append(f"        ……另有{len(rest)}处依据{where}，恕不一一列出。")
        lines.append("")
    lines += [
        "    以上问题均由公开文件本身的数据得出，页码为原文件的页码。如有异议，请及时与我们联系。",
        "",
        "    特此通知。",
        "",
        f"{settings.alert_signature}",
        f"{delivery.created_at.year}年{delivery.created_at.month}月{delivery.created_at.day}日",
        "",
        f"（本邮件由审核系统自动发送，编号 {delivery.id}。）",
    ]
    return "\n".join(lines) + "\n"


def compose_email(delivery: AlertDelivery, settings: Settings) -> EmailMessage:
    """The alert as a plain-text UTF-8 email, with no attachment."""
    message = EmailMessage()
    message["Subject"] = letter_subject(delivery)
    message["From"] = settings.alert_from
    message["To"] = ", ".join(delivery.emails)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.alert_from.rpartition("@")[2] or None)
    message["X-Auditor-Alert"] = str(delivery.id)
    message.set_content(letter_body(delivery, settings), charset="utf-8")
    return message


def send_email(delivery: AlertDelivery, settings: Settings) -> int:
    """Send the letter to the unit's addresses through AUDITOR_SMTP_URL; the server's reply code."""
    url = settings.smtp()
    if not url:
        raise PermanentDeliveryError("未配置 AUDITOR_SMTP_URL (no SMTP server configured)")
    if not delivery.emails:
        raise PermanentDeliveryError("单位没有邮箱地址 (the unit has no email address)")
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise PermanentDeliveryError(f"AUDITOR_SMTP_URL 须为 smtp:// 或 smtps:// (scheme {parts.scheme!r})")
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    message = compose_email(delivery, settings)
    try:
        client: smtplib.SMTP
        if parts.scheme == "smtps":
            client = smtplib.SMTP_SSL(
                parts.hostname, port, timeout=settings.smtp_timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(parts.hostname, port, timeout=settings.smtp_timeout)
        with client:
            if starttls:
                client.starttls(context=ssl.create_default_context())
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            refused = client.send_message(message)
    except smtplib.SMTPResponseException as exc:
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc)
        error = f"SMTP {exc.smtp_code}: {text}"
        if exc.smtp_code >= 500:
            raise PermanentDeliveryError(error, exc.smtp_code) from exc
        raise DeliveryError(error, exc.smtp_code) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentDeliveryError(
            f"收件人全部被拒 (all recipients refused): {sorted(exc.recipients)}"
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
    if refused:
        # Some refused, some took it: a retry would send the others a second copy, so it counts
        # as sent and the refused addresses go to the log.
        log.warning("alert.recipients_refused", alert_id=delivery.id, refused=sorted(refused))
    return 250


# -- the webhook --------------------------------------------------------------------------------------


def webhook_body(delivery: AlertDelivery) -> bytes:
    """The JSON body: the alert, the unit, the document and its findings (as GET /api/anomalies)."""
    body = {
        "event": "document.findings",
        "alert": {
            "id": delivery.id,
            "kind": delivery.kind,
            "trigger": delivery.trigger,
            "fingerprint": delivery.fingerprint,
            "created_at": delivery.created_at.isoformat(),
        },
        "unit": {"id": delivery.unit_id, "name": delivery.unit_name},
        "document": delivery.document,
        "findings": delivery.findings,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def sign(secret: str, body: bytes) -> str:
    """The signature header value: "sha256=" and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def host_allowed(url: str, allowed: frozenset[str]) -> bool:
    """Whether an http(s) URL points at an allowed `host` (any port) or `host:port`."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return bool(_entries(parts.hostname.lower(), port) & allowed)


def _entries(host: str, port: int) -> set[str]:
    """The allow-list entries that admit `host` on `port`: `host`, `host:port`; an IPv6 address
    also bracketed, and with a port only bracketed (`[::1]:8080`: "::1:8080" is another address)."""
    if ":" in host:
        return {host, f"[{host}]", f"[{host}]:{port}"}
    return {host, f"{host}:{port}"}


def _allowed_address(address: str, hostname: str, port: int, allowed: frozenset[str]) -> bool:
    """Whether a resolved address of an allowed host may be requested.

    The operator allowed the host by name, so its addresses are trusted, except those a public
    name has no business resolving to (what DNS rebinding aims at): loopback unless the host is
    `localhost` or the address itself, link-local (169.254.169.254, the cloud metadata service,
    fe80::), multicast, unspecified and reserved ranges. An address the operator lists itself
    (`10.1.2.3` or `10.1.2.3:8443`) is always allowed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if _entries(str(ip), port) & allowed:
        return True
    if ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return False
    if ip.is_loopback:
        return hostname == "localhost" or hostname == str(ip)
    return True


def resolve_webhook(url: str, allowed: frozenset[str]) -> list[tuple[int, tuple[Any, ...]]]:
    """The addresses (family, socket address) a webhook URL may be requested at, resolved once.

    Raises PermanentDeliveryError when the host is not allowed or every address it resolves to
    is refused, DeliveryError when the name does not resolve (now)."""
    if not host_allowed(url, allowed):
        raise PermanentDeliveryError(
            f"webhook 主机不在 AUDITOR_WEBHOOK_ALLOWED_HOSTS 中，未发送 (host not allowed): {urlsplit(url).netloc}"
        )
    parts = urlsplit(url)
    hostname = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise DeliveryError(f"无法解析 webhook 主机 {hostname} (name does not resolve): {exc}") from exc
    addresses: list[tuple[int, tuple[Any, ...]]] = []
    refused: list[str] = []
    for family, _, _, _, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        if _allowed_address(str(sockaddr[0]), hostname, port, allowed):
            if (family, sockaddr) not in addresses:
                addresses.append((family, sockaddr))
        else:
            refused.append(str(sockaddr[0]))
    if not addresses:
        raise PermanentDeliveryError(
            f"webhook 主机 {hostname} 解析到不允许的地址 {'、'.join(refused) or '（无）'}，未发送 "
            "(the host resolves to no address that may be requested)"
        )
    return addresses


class _Watchdog:
    """Closes a socket when the whole request has taken its time (a peer that answers a byte at a
    time would otherwise reset the per-operation timeout forever)."""

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self.fired = False
        self._sock = sock
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def _connect(addresses: list[tuple[int, tuple[Any, ...]]], timeout: float, deadline: float) -> socket.socket:
    """A TCP connection to the first of the checked addresses that answers."""
    errors = []
    for family, sockaddr in addresses:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(min(timeout, left))
        try:
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            errors.append(f"{sockaddr[0]}: {exc}")
            continue
        return sock
    raise DeliveryError(f"webhook 连接失败 (connection failed): {'; '.join(errors) or 'timeout'}")


def post_webhook(delivery: AlertDelivery, settings: Settings) -> int:
    """POST the signed body to the unit's webhook; the HTTP status of a 2xx answer.

    The host is resolved once and checked (`resolve_webhook`); the connection goes to an address
    that was checked, never to what a second lookup might say, with the `Host` header and the TLS
    server name (SNI, certificate check) of the URL. No redirect is followed, no proxy used, and
    the whole request, connect to last byte, takes at most AUDITOR_WEBHOOK_TIMEOUT seconds."""
    url = delivery.webhook_url or ""
    addresses = resolve_webhook(url, settings.webhook_hosts())
    if not delivery.webhook_secret:
        raise PermanentDeliveryError("单位没有 webhook 密钥 (no webhook secret)")
    parts = urlsplit(url)
    hostname = parts.hostname or ""
    host_header = f"[{hostname}]" if ":" in hostname else hostname
    if parts.port is not None:
        host_header += f":{parts.port}"
    body = webhook_body(delivery)
    headers = {
        "Host": host_header,
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": str(len(body)),
        SIGNATURE_HEADER: sign(delivery.webhook_secret, body),
        "User-Agent": USER_AGENT,
        "X-Auditor-Alert": str(delivery.id),
        "Connection": "close",
    }
    timeout = settings.webhook_timeout
    deadline = time.monotonic() + timeout
    sock = _connect(addresses, timeout, deadline)
    watchdog = _Watchdog(sock, max(deadline - time.monotonic(), 0.001))
    connection = http.client.HTTPConnection(
        hostname, parts.port or (443 if parts.scheme == "https" else 80), timeout=timeout
    )
    try:
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=hostname)
        connection.sock = sock  # already connected to the checked address: no second lookup
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.putrequest("POST", target, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        status = response.status
        answer = response.read(MAX_ANSWER_BYTES).decode("utf-8", errors="replace")
        location = response.getheader("Location")
    except (OSError, http.client.HTTPException) as exc:
        if watchdog.fired:
            raise DeliveryError(f"webhook 超时 (took longer than {timeout:g} s)") from exc
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        watchdog.cancel()
        connection.close()
        sock.close()
    if watchdog.fired:  # cut at the deadline: what was read is not an answer
        raise DeliveryError(f"webhook 超时 (took longer than {timeout:g} s)")
    if 200 <= status < 300:
        return status
    error = f"HTTP {status}: {answer[:200]}"
    if status >= 500 or status in (408, 429):
        raise DeliveryError(error, status)
    if 300 <= status < 400:
        error = f"HTTP {status}: 不跟随重定向 (redirect not followed) → {location}"
    raise PermanentDeliveryError(error, status)


def deliver(delivery: AlertDelivery, settings: Settings) -> int:
    """Send the alert over its channel; the other side's success code."""
    if delivery.channel == "email":
        return send_email(delivery, settings)
    return post_webhook(delivery, settings)
