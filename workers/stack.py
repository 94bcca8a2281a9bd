"""A local service stack as real processes — `auditor serve` and `auditor worker` supervisors
over one PostgreSQL (or SQLite) database and one Redis — for the service tests and benchmark.

Each stack gets its own Redis key namespace (AUDITOR_QUEUE_NAMESPACE) and, on PostgreSQL, may
be given its own schema, so parallel runs do not see each other's messages or rows.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

#: Seconds to wait for `auditor serve` to answer /healthz.
START_TIMEOUT = 60.0


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServiceStack:
    """Processes of one service deployment (started on demand, all stopped by `stop`)."""

    database_url: str
    redis_url: str
    log_dir: Path
    namespace: str = field(default_factory=lambda: f"auditor-test-{uuid.uuid4().hex[:10]}")
    env_overrides: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    base_url: str = ""
    token: str = ""

    def env(self) -> dict[str, str]:
        """The environment of every process of the stack."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
        env.update(
            AUDITOR_DATABASE_URL=self.database_url,
            AUDITOR_REDIS_URL=self.redis_url,
            AUDITOR_QUEUE_NAMESPACE=self.namespace,
            AUDITOR_LOG_FORMAT="json",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.env_overrides)
        return env

    def prepare(self) -> str:
        """Migrate the database and create an admin token (returned, and kept in `token`)."""
        from store.db import open_store
        from store.tokens import create_token

        with open_store(self.database_url) as store:
            self.token = create_token(store, "admin", name="stack-admin")[0]
        return self.token

    def _spawn(
        self,
        name: str,
        *args: str,
        env: dict[str, str] | None = None,
        prefix: tuple[str, ...] = (),
    ) -> subprocess.Popen[bytes]:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}-{len(self.processes)}.log", "ab")  # noqa: SIM115 - lives with the process
        process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "auditor", *args],
            env={**self.env(), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_api(self) -> str:
        """Start `auditor serve` on a free port; its base URL once /healthz answers."""
        port = free_port()
        process = self._spawn("serve", "serve", "--host", "127.0.0.1", "--port", str(port))
        self.base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"auditor serve exited with {process.returncode}; see {self.log_dir}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return self.base_url
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"auditor serve did not come up; see {self.log_dir}")

    def start_worker(
        self,
        processes: int = 1,
        threads: int = 1,
        env: dict[str, str] | None = None,
        prefix: tuple[str, ...] = (),
    ) -> subprocess.Popen[bytes]:
        """Start `auditor worker` (a supervisor over dramatiq); `env` is laid over the stack's
        environment and `prefix` runs before the command (e.g. `ip netns exec NAME`)."""
        return self._spawn(
            "worker",
            "worker",
            "--processes",
            str(processes),
            "--threads",
            str(threads),
            env=env,
            prefix=prefix,
        )

    def client(self, timeout: float = 60) -> httpx.Client:
        """An HTTP client for the API with the admin token."""
        return httpx.Client(
            base_url=self.base_url, headers={"Authorization": f"Bearer {self.token}"}, timeout=timeout
        )

    def stop(self, process: subprocess.Popen[bytes] | None = None, timeout: float = 20) -> None:
        """Stop one process (SIGTERM, then SIGKILL of its whole session), or all of them."""
        for proc in [process] if process is not None else list(self.processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    pass
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # leftovers of the session (dramatiq children)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
            if proc in self.processes:
                self.processes.remove(proc)

    def clear_queue(self) -> None:
        """Delete this stack's keys from Redis."""
        import redis

        client = redis.Redis.from_url(self.redis_url)
        try:
            keys = list(client.scan_iter(f"{self.namespace}:*"))
            if keys:
                client.delete(*keys)
        finally:
            client.close()

    def wait_batch(self, client: httpx.Client, batch_id: int, timeout: float) -> dict[str, Any]:
        """Poll a batch until done or failed (or the timeout); its last state."""
        deadline = time.monotonic() + timeout
        while True:
            body = client.get(f"/api/batches/{batch_id}").json()
            if body["status"] in ("done", "failed") or time.monotonic() > deadline:
                return body
            time.sleep(0.25)
