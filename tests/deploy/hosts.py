"""Worker "hosts" on this machine: network namespaces joined to it by veth links, and private
redis-server and PostgreSQL instances listening on the machine's ends of those links.

Nothing here touches the machine's own servers or addresses: the links live in 10.231.0.0/16
(a /30 per host, on a third octet no route of the machine uses), the servers run from temporary
folders on free ports, and `close()` removes everything, whatever state the test left.
"""

from __future__ import annotations

import ipaddress
import os
import random
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import redis

from tests.conftest import postgres_bindir
from workers.stack import free_port

#: The private range the links are cut from.
LINK_RANGE = ipaddress.ip_network("10.231.0.0/16")


def ip(*args: str) -> str:
    """Run `ip ARGS` (raising with its message when it fails); its output."""
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def _used_third_octets() -> set[int]:
    """Third octets of 10.231.x.y addresses or routes the machine already has."""
    used = set()
    for line in (ip("-4", "route", "show") + ip("-4", "addr", "show")).splitlines():
        for word in line.split():
            try:
                network = ipaddress.ip_network(word, strict=False)
            except ValueError:
                continue
            if network.overlaps(LINK_RANGE):
                used.add(int(network.network_address.packed[2]))
    return used


@dataclass
class WorkerHost:
    """One namespace and its link: the machine's end (`gateway`) and the namespace's end (`address`)."""

    name: str
    namespace: str
    host_link: str
    gateway: str
    address: str

    def exec_prefix(self) -> tuple[str, ...]:
        """Command prefix that runs a program inside the namespace."""
        return ("ip", "netns", "exec", self.namespace)

    def cut(self) -> None:
        """Take the machine's end of the link down: the host can reach nothing any more."""
        ip("link", "set", self.host_link, "down")


@dataclass
class Hosts:
    """Worker hosts joined to this machine (created by `add`, all removed by `close`)."""

    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    octet: int = 0
    hosts: list[WorkerHost] = field(default_factory=list)

    def __post_init__(self) -> None:
        free = sorted(set(range(1, 255)) - _used_third_octets())
        if not free:
            raise RuntimeError("no free 10.231.x.0/24 for the test links")
        self.octet = random.choice(free)

    def add(self, name: str) -> WorkerHost:
        """A new namespace linked to the machine by a veth pair on its own /30."""
        index = len(self.hosts)
        base = 4 * index
        host = WorkerHost(
            name=name,
            namespace=f"auditor-{self.tag}-{index}",
            host_link=f"au{self.tag}h{index}",
            gateway=f"10.231.{self.octet}.{base + 1}",
            address=f"10.231.{self.octet}.{base + 2}",
        )
        inner = f"au{self.tag}n{index}"
        self.hosts.append(host)  # before creating anything, so close() removes what was made
        ip("netns", "add", host.namespace)
        ip("link", "add", host.host_link, "type", "veth", "peer", "name", inner)
        ip("link", "set", inner, "netns", host.namespace)
        ip("addr", "add", f"{host.gateway}/30", "dev", host.host_link)
        ip("link", "set", host.host_link, "up")
        ip("netns", "exec", host.namespace, "ip", "addr", "add", f"{host.address}/30", "dev", inner)
        ip("netns", "exec", host.namespace, "ip", "link", "set", inner, "up")
        ip("netns", "exec", host.namespace, "ip", "link", "set", "lo", "up")
        return host

    def close(self) -> None:
        """Remove every namespace and link made here (processes inside must be stopped first)."""
        for host in self.hosts:
            for args in (("netns", "delete", host.namespace), ("link", "delete", host.host_link)):
                subprocess.run(["ip", *args], capture_output=True, timeout=30)
        self.hosts.clear()

    def leftovers(self) -> list[str]:
        """Namespaces or links of this test still present (empty after `close`)."""
        names = ip("netns", "list") + ip("link", "show")
        return [word for word in (f"auditor-{self.tag}-", f"au{self.tag}") if word in names]


class PrivateRedis:
    """A redis-server of its own on a free port, listening on 127.0.0.1 and the given addresses."""

    def __init__(self, addresses: list[str], workdir: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                *addresses,
                "--protected-mode",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        try:
            for _ in range(200):
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    if self.process.poll() is not None:
                        break
                    time.sleep(0.05)
        finally:
            client.close()
        self.stop()
        raise RuntimeError("private redis-server did not start")

    def url(self, address: str = "127.0.0.1") -> str:
        """The queue URL as seen from `address`'s side."""
        return f"redis://{address}:{self.port}/0"

    def client_addresses(self) -> set[str]:
        """Addresses the connected clients come from."""
        client = redis.Redis(port=self.port)
        try:
            return {c["addr"].rsplit(":", 1)[0] for c in client.client_list()}
        finally:
            client.close()

    def stop(self) -> None:
        """Kill the server."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb in a temporary folder, run as the `postgres` user),
    listening on 127.0.0.1 and the given addresses, trusting connections from LINK_RANGE.

    Keepalives are short so that a session of a host that vanished mid-transaction is ended (and
    its locks released) in seconds, as deploy/README.md advises for worker hosts.
    """

    def __init__(self, addresses: list[str]) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL server programs not found")
        self.bindir = bindir
        self.port = free_port()
        self.data = Path(tempfile.mkdtemp(prefix="auditor-netns-pg-"))
        shutil.chown(self.data, "postgres", "postgres")
        os.chmod(self.data, 0o700)
        self._as_postgres(
            str(bindir / "initdb"),
            "-D",
            str(self.data / "data"),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
        )
        with open(self.data / "data" / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write(f"host all all {LINK_RANGE} trust\n")
        options = " ".join(
            [
                f"-p {self.port}",
                f"-c listen_addresses='{','.join(['127.0.0.1', *addresses])}'",
                f"-c unix_socket_directories='{self.data}'",
                "-c fsync=off",
                "-c tcp_keepalives_idle=5",
                "-c tcp_keepalives_interval=2",
                "-c tcp_keepalives_count=2",
                "-c idle_in_transaction_session_timeout=20s",
            ]
        )
        self.started = False
        self._as_postgres(
            str(bindir / "pg_ctl"),
            "-D",
            str(self.data / "data"),
            "-l",
            str(self.data / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.started = True

    def _as_postgres(self, *command: str) -> None:
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {done.stdout[-500:]} {done.stderr[-500:]}")

    def url(self, address: str = "127.0.0.1") -> str:
        """The store URL as seen from `address`'s side."""
        return f"postgresql+psycopg://postgres@{address}:{self.port}/postgres"

    def stop(self) -> None:
        """Stop the cluster (immediately) and remove its folder."""
        try:
            if self.started:
                self._as_postgres(
                    str(self.bindir / "pg_ctl"), "-D", str(self.data / "data"), "-m", "immediate", "stop"
                )
        finally:
            shutil.rmtree(self.data, ignore_errors=True)
