"""A small supervisor for dramatiq: restart it whenever it exits, until asked to stop.

dramatiq's parent process shuts down as soon as one of its worker processes dies (a kill -9,
an OOM kill); the supervisor starts it again so the host keeps consuming. SIGTERM / SIGINT are
passed on to dramatiq (which requeues prefetched messages and lets running ones finish) and
end the supervisor once dramatiq has exited.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

import structlog

log = structlog.get_logger(__name__)

#: Seconds to wait before restarting dramatiq (doubles while it keeps dying at once, up to 30 s).
RESTART_DELAY = 1.0
#: A run shorter than this counts as dying at once.
QUICK_EXIT_SECONDS = 10.0


def dramatiq_command(processes: int, threads: int, queues: Sequence[str] = ()) -> list[str]:
    """The dramatiq command line for the auditor's actors."""
    command = [
        sys.executable,
        "-m",
        "dramatiq",
        "workers.tasks",
        "--processes",
        str(processes),
        "--threads",
        str(threads),
    ]
    if queues:
        command += ["--queues", *queues]
    return command


def _exit_code(code: int) -> int:
    """A child's return code as a process exit status (killed by signal N → 128 + N)."""
    return 128 - code if code < 0 else code


def supervise(command: Sequence[str], max_restarts: int | None = None) -> int:
    """Run `command`, restarting it when it exits, until SIGTERM/SIGINT; return its last exit code."""
    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    restarts = 0
    delay = RESTART_DELAY
    code = 0
    try:
        while True:
            started = time.monotonic()
            child = subprocess.Popen(list(command))
            log.info("supervisor.started", pid=child.pid, restarts=restarts)
            code = child.wait()
            if stopping:
                log.info("supervisor.stopped", code=code)
                return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else _exit_code(code)
            ran = time.monotonic() - started
            delay = min(delay * 2, 30.0) if ran < QUICK_EXIT_SECONDS else RESTART_DELAY
            log.warning("supervisor.child_exited", pid=child.pid, code=code, ran_seconds=round(ran, 1))
            if max_restarts is not None and restarts >= max_restarts:
                return _exit_code(code)
            restarts += 1
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and not stopping:
                time.sleep(0.1)
            if stopping:
                return _exit_code(code)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
