"""Where a webhook request goes, against real HTTP servers started here on 127.0.0.1.

The host is resolved once and the connection goes to the address that was checked: a resolver
answering differently on a second lookup (DNS rebinding) is never asked again, and a name that
resolves to an address it has no business with is refused before any connection; over TLS the
URL's name is the server name and the certificate's. Redirects are not followed; a peer that never answers, or answers a byte at a time, is cut at the deadline.
The hostile resolvers are plain functions put in place of `socket.getaddrinfo` for the test;
the HTTP peers are real.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from auditor.settings import Settings
from store.alerts import AlertDelivery
from workers import delivery as delivery_module
from workers.delivery import DeliveryError, PermanentDeliveryError, post_webhook, resolve_webhook


@dataclass
class Peer:
    """A real http.server: answers `status` (and `headers`), records each request's headers."""

    port: int = 0
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def peers() -> Iterator[list[Peer]]:
    """Two independent receivers on free ports of 127.0.0.1."""
    started: list[tuple[ThreadingHTTPServer, Peer]] = []
    for _ in range(2):
        state = Peer()

        def handler(state: Peer = state) -> type[BaseHTTPRequestHandler]:
            class Handler(BaseHTTPRequestHandler):
                def do_POST(self) -> None:  # noqa: N802 - http.server API
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    state.requests.append({k.lower(): v for k, v in self.headers.items()})
                    self.send_response(state.status)
                    for name, value in state.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")

                def log_message(self, format: str, *args: Any) -> None:
                    pass

            return Handler

        server = ThreadingHTTPServer(("127.0.0.1", 0), handler())
        state.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append((server, state))
    try:
        yield [state for _, state in started]
    finally:
        for server, _ in started:
            server.shutdown()
            server.server_close()


def _delivery(url: str) -> AlertDelivery:
    return AlertDelivery(
        id=5,
        channel="webhook",
        kind="first",
        trigger="audit",
        fingerprint="f" * 64,
        attempts=0,
        created_at=datetime(2026, 12, 4, tzinfo=UTC),
        unit_id=1,
        unit_name="青山县教育体育局",
        emails=[],
        webhook_url=url,
        webhook_secret="s" * 64,
        document={
            "id": 1,
            "filename": "决算.pdf",
            "unit": "青山县教育体育局",
            "year": 2023,
            "kind": "final_account",
        },
        findings=[],
    )


def _resolver(*answers: str) -> tuple[list[str], Any]:
    """A resolver giving `answers[0]` to the first lookup, `answers[1]` to the second, …; the log
    of the names it was asked."""
    asked: list[str] = []

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        asked.append(host)
        address = answers[min(len(asked), len(answers)) - 1]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr)]

    return asked, getaddrinfo


def test_request_goes_to_the_checked_address_with_the_url_host(
    peers: list[Peer], monkeypatch: pytest.MonkeyPatch
) -> None:
    peer = peers[0]
    settings = Settings(webhook_allowed_hosts="localhost")
    # the first lookup says 127.0.0.1, any later one an address of the cloud metadata service
    asked, getaddrinfo = _resolver("127.0.0.1", "169.254.169.254")
    monkeypatch.setattr(delivery_module.socket, "getaddrinfo", getaddrinfo)
    assert post_webhook(_delivery(f"http://localhost:{peer.port}/hook?u=1"), settings) == 200
    assert asked == ["localhost"]  # resolved once: no second lookup to rebind
    [request] = peer.requests
    assert request["host"] == f"localhost:{peer.port}"  # the URL's host, not the address
    assert request["x-auditor-signature"].startswith("sha256=")


@pytest.mark.parametrize(
    ("allowed", "host", "answer"),
    [
        ("hooks.example.cn", "hooks.example.cn", "127.0.0.1"),  # a public name pointed at loopback
        ("hooks.example.cn", "hooks.example.cn", "169.254.169.254"),  # the metadata service
        ("hooks.example.cn", "hooks.example.cn", "::ffff:169.254.169.254"),
        ("hooks.example.cn", "hooks.example.cn", "0.0.0.0"),
        ("hooks.example.cn", "hooks.example.cn", "fe80::1"),
        ("hooks.example.cn", "hooks.example.cn", "224.0.0.1"),
    ],
)
def test_a_name_resolving_to_an_address_not_allowed_is_refused(
    peers: list[Peer], monkeypatch: pytest.MonkeyPatch, allowed: str, host: str, answer: str
) -> None:
    asked, getaddrinfo = _resolver(answer)
    monkeypatch.setattr(delivery_module.socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(PermanentDeliveryError, match="解析到不允许的地址"):
        post_webhook(
            _delivery(f"http://{host}:{peers[0].port}/hook"), Settings(webhook_allowed_hosts=allowed)
        )
    assert asked == [host] and peers[0].requests == []


def test_an_address_the_operator_names_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    _, getaddrinfo = _resolver("10.1.2.3")
    monkeypatch.setattr(delivery_module.socket, "getaddrinfo", getaddrinfo)
    allowed = frozenset({"hooks.example.cn"})
    assert resolve_webhook("http://hooks.example.cn/h", allowed)[0][1][0] == "10.1.2.3"  # private: fine
    _, getaddrinfo = _resolver("169.254.10.10")
    monkeypatch.setattr(delivery_module.socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(PermanentDeliveryError):
        resolve_webhook("http://hooks.example.cn/h", allowed)
    assert resolve_webhook("http://hooks.example.cn/h", allowed | {"169.254.10.10"})


def test_a_host_not_allowed_is_never_requested(peers: list[Peer]) -> None:
    with pytest.raises(PermanentDeliveryError, match="AUDITOR_WEBHOOK_ALLOWED_HOSTS"):
        post_webhook(
            _delivery(f"http://127.0.0.1:{peers[0].port}/hook"),
            Settings(webhook_allowed_hosts=f"127.0.0.1:{peers[1].port}"),
        )
    assert peers[0].requests == []


def test_redirects_are_not_followed(peers: list[Peer]) -> None:
    first, second = peers
    first.status, first.headers = 307, {"Location": f"http://127.0.0.1:{second.port}/elsewhere"}
    with pytest.raises(PermanentDeliveryError, match="不跟随重定向") as caught:
        post_webhook(
            _delivery(f"http://127.0.0.1:{first.port}/hook"), Settings(webhook_allowed_hosts="127.0.0.1")
        )
    assert caught.value.code == 307
    assert len(first.requests) == 1 and second.requests == []


@pytest.fixture
def silent_peers() -> Iterator[tuple[int, int]]:
    """Two raw TCP peers on 127.0.0.1: one accepts and never answers, one answers a byte every
    0.2 s without end."""
    stop = threading.Event()
    servers = []

    def serve(server: socket.socket, drip: bool) -> None:
        server.settimeout(0.2)
        held: list[socket.socket] = []
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
                if drip:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            except OSError:
                pass
            for conn in held if drip else []:
                try:
                    conn.sendall(b"a")  # one more byte of a header that never ends
                except OSError:
                    pass
        for conn in held:
            conn.close()

    for drip in (False, True):
        server = socket.create_server(("127.0.0.1", 0))
        servers.append(server)
        threading.Thread(target=serve, args=(server, drip), daemon=True).start()
    try:
        yield servers[0].getsockname()[1], servers[1].getsockname()[1]
    finally:
        stop.set()
        time.sleep(0.3)
        for server in servers:
            server.close()


def test_the_whole_request_has_a_deadline(silent_peers: tuple[int, int]) -> None:
    settings = Settings(webhook_allowed_hosts="127.0.0.1", webhook_timeout=1.0)
    for port in silent_peers:
        started = time.monotonic()
        with pytest.raises(DeliveryError) as caught:
            post_webhook(_delivery(f"http://127.0.0.1:{port}/hook"), settings)
        assert not isinstance(caught.value, PermanentDeliveryError)  # retried later
        assert time.monotonic() - started < 2.5


def test_an_unreachable_address_is_worth_retrying() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    with pytest.raises(DeliveryError, match="连接失败") as caught:
        post_webhook(_delivery(f"http://127.0.0.1:{port}/hook"), Settings(webhook_allowed_hosts="127.0.0.1"))
    assert not isinstance(caught.value, PermanentDeliveryError)


@pytest.fixture
def tls_peer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, list[str | None]]]:
    """A real HTTPS receiver on 127.0.0.1 with a certificate for `localhost` only, trusted by this
    process (SSL_CERT_FILE); (its port, the TLS server names clients asked for)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], names
    finally:
        server.shutdown()
        server.server_close()


def test_tls_keeps_the_name_for_sni_and_the_certificate(
    tls_peer: tuple[int, list[str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, names = tls_peer
    asked, getaddrinfo = _resolver("127.0.0.1")
    monkeypatch.setattr(delivery_module.socket, "getaddrinfo", getaddrinfo)
    settings = Settings(webhook_allowed_hosts="localhost,127.0.0.1")
    # connected to the checked address, the name goes in the handshake and the certificate fits it
    assert post_webhook(_delivery(f"https://localhost:{port}/hook"), settings) == 204
    assert asked == ["localhost"] and names == ["localhost"]
    # a URL naming the address: the certificate (for localhost only) does not fit, nothing is sent
    with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        post_webhook(_delivery(f"https://127.0.0.1:{port}/hook"), settings)


def test_an_ipv6_receiver(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append({k.lower(): v for k, v in self.headers.items()})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server6(ThreadingHTTPServer):
        address_family = socket.AF_INET6

    try:
        server = Server6(("::1", 0), Handler)
    except OSError:
        pytest.skip("no IPv6 loopback here")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        url = f"http://[::1]:{port}/hook"
        assert post_webhook(_delivery(url), Settings(webhook_allowed_hosts=f"[::1]:{port}")) == 200
        assert seen[0]["host"] == f"[::1]:{port}"
        with pytest.raises(PermanentDeliveryError):  # another port of the same address
            post_webhook(_delivery(url), Settings(webhook_allowed_hosts=f"[::1]:{port + 1}"))
    finally:
        server.shutdown()
        server.server_close()
