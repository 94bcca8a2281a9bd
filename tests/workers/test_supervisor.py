"""The supervisor restarts its child whenever it exits, and stops (passing the signal on) when asked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from workers.supervisor import dramatiq_command, supervise


def test_restarts_a_child_that_exits(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    child = [sys.executable, "-c", f"open({str(runs)!r}, 'a').write('x'); raise SystemExit(3)"]
    assert supervise(child, max_restarts=2) == 3
    assert runs.read_text() == "xxx"


def test_sigterm_stops_the_supervisor_and_its_child(tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"
    code = (
        "import os, signal, sys, time\n"
        "from workers.supervisor import supervise\n"
        f"child = [sys.executable, '-c', \"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(60)\"]\n"
        "sys.exit(supervise(child))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2])
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    child_pid = int(marker.read_text())
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(30) == 0
    time.sleep(0.2)
    try:
        os.kill(child_pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive


def test_dramatiq_command_names_the_actors_module() -> None:
    command = dramatiq_command(2, 1)
    assert command[1:4] == ["-m", "dramatiq", "workers.tasks"]
    assert command[-4:] == ["--processes", "2", "--threads", "1"]
