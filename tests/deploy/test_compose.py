"""deploy/compose.yaml, deploy/Dockerfile and the systemd units say what deploy/README.md promises.

The compose file is read with PyYAML and checked service by service; `docker compose config`
validates it too where a compose client exists (the one skip of this folder: this machine has
the docker CLI without the compose plugin).
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
APP_SERVICES = ("migrate", "api", "worker")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def _command(service: dict[str, Any]) -> list[str]:
    command = service.get("command")
    return command.split() if isinstance(command, str) else list(command)


def test_services_and_what_they_run(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "migrate", "api", "worker"}
    assert _command(services["migrate"]) == ["auditor", "db", "upgrade"]
    assert _command(services["api"])[:2] == ["auditor", "serve"]
    assert _command(services["worker"]) == ["auditor", "worker"]
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}, name
        env = service["environment"]
        assert (
            env["AUDITOR_DATABASE_URL"].startswith("postgresql+psycopg://")
            and "@postgres:5432/" in env["AUDITOR_DATABASE_URL"]
        ), name
        assert env["AUDITOR_REDIS_URL"] == "redis://redis:6379/0", name


def test_the_worker_scales(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    # --scale worker=N needs replicas without a fixed name or host port
    assert "container_name" not in worker and "ports" not in worker
    assert worker["environment"]["AUDITOR_WORKER_THREADS"] == "1"
    # the limits a scan needs, as in the systemd environment file
    from auditor.settings_docs import DEPLOY_VALUES

    for name in ("document_memory_limit_mb", "document_time_limit"):
        assert worker["environment"][f"AUDITOR_{name.upper()}"] == DEPLOY_VALUES[name][0], name


def test_healthchecks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["postgres"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert "redis-cli ping" in services["redis"]["healthcheck"]["test"][1]
    api = " ".join(services["api"]["healthcheck"]["test"])
    assert "/healthz" in api and "/readyz" in api
    assert "dramatiq" in " ".join(services["worker"]["healthcheck"]["test"])
    assert services["migrate"]["healthcheck"] == {"disable": True}


def test_restart_policies_and_start_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["migrate"]["restart"] == "no"
    for name in ("postgres", "redis", "api", "worker"):
        assert services[name]["restart"] in ("unless-stopped", "always"), name
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("api", "worker"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }, name


def test_volumes_and_redis_as_a_queue(compose: dict[str, Any]) -> None:
    assert set(compose["volumes"]) == {"pgdata", "redisdata"}
    assert compose["services"]["postgres"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    redis = compose["services"]["redis"]
    assert redis["volumes"] == ["redisdata:/data"]
    command = _command(redis)
    flags = dict(zip(command[1::2], command[2::2], strict=True))
    assert command[0] == "redis-server"
    assert flags["--appendonly"] == "yes"
    assert flags["--appendfsync"] == "everysec"
    assert flags["--maxmemory-policy"] == "noeviction"


def test_dockerfile_is_multi_stage_non_root_with_models_and_font() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    stages = [line for line in text.splitlines() if line.startswith("FROM ")]
    assert len(stages) == 2 and stages[0].endswith(" AS build") and stages[1].endswith(" AS runtime")
    runtime = text.split(" AS runtime", 1)[1]
    assert "COPY --from=build /opt/auditor /opt/auditor" in runtime
    assert "USER auditor" in runtime and "useradd" in runtime
    assert "fonts-noto-cjk" in runtime
    assert "DET_MODEL, REC_MODEL" in text  # the build fails when the wheel lacks the OCR models
    ignored = (DEPLOY.parent / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git", "tests"} <= set(ignored)


def test_compose_config_validates() -> None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip(
            "no docker compose client on this machine (the compose file is checked by the tests above)"
        )
    done = subprocess.run(
        [docker, "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


def test_systemd_units() -> None:
    migrate, api, worker = (_unit(f"auditor-{name}.service") for name in ("migrate", "api", "worker"))
    assert migrate["Service"]["Type"] == "oneshot"
    assert migrate["Service"]["ExecStart"].endswith("auditor db upgrade")
    assert api["Service"]["ExecStart"].endswith("auditor serve")
    assert worker["Service"]["ExecStart"].endswith("auditor worker")
    assert worker["Service"]["Restart"] == "always"
    for unit in (api, worker):
        assert "auditor-migrate.service" in unit["Unit"]["Requires"].split()
        assert "auditor-migrate.service" in unit["Unit"]["After"].split()
    for unit in (migrate, api, worker):
        assert unit["Service"]["EnvironmentFile"] == "/etc/auditor/auditor.env"
        assert unit["Service"]["User"] == "auditor"


def test_systemd_units_verify(tmp_path: Path) -> None:
    """systemd-analyze accepts the units (with the program path pointed at one that exists)."""
    analyze = shutil.which("systemd-analyze")
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert [u.name for u in units] == [
        "auditor-api.service",
        "auditor-migrate.service",
        "auditor-worker.service",
    ]
    if analyze is None:
        return  # the parse above is the check where systemd is absent
    for unit in units:
        text = unit.read_text(encoding="utf-8").replace(
            "/opt/auditor/bin/auditor", shutil.which("true") or "/bin/true"
        )
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", *(str(tmp_path / u.name) for u in units)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "auditor" not in done.stderr, done.stderr


def test_worker_healthcheck_sees_dramatiq(compose: dict[str, Any]) -> None:
    """The worker's health check finds a dramatiq process, and not itself (run in a pid namespace
    of its own, as in a container, where this machine allows it)."""
    test = compose["services"]["worker"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    code = test[3]
    compile(code, "healthcheck", "exec")
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or unshare is None:
        return  # compiling is the check where pid namespaces are not available
    isolated = [unshare, "--pid", "--fork", "--mount-proc"]
    alone = subprocess.run([*isolated, sys.executable, "-c", code], timeout=60)
    assert alone.returncode == 1
    fake_worker = f'{sys.executable} -c "import time; time.sleep(10)" -m dramatiq workers.tasks &'
    beside = subprocess.run(
        [*isolated, "sh", "-c", f'{fake_worker} sleep 0.5; {sys.executable} -c "$0"', code], timeout=60
    )
    assert beside.returncode == 0


def test_api_healthcheck_against_a_running_api(compose: dict[str, Any], tmp_path: Path) -> None:
    """The API's health check (the same in compose.yaml and the Dockerfile) passes against a
    running `auditor serve` and fails when nothing answers."""
    from workers.stack import free_port

    code = compose["services"]["api"]["healthcheck"]["test"][3]
    assert code in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", "")
    assert "http://127.0.0.1:8000" in code
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env["AUDITOR_DATABASE_URL"] = f"sqlite:///{tmp_path / 'auditor.sqlite3'}"
    auditor = [sys.executable, "-m", "auditor"]
    subprocess.run([*auditor, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [*auditor, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        check = [sys.executable, "-c", code.replace(":8000", f":{port}")]
        deadline = time.monotonic() + 60
        while subprocess.run(check, capture_output=True, timeout=30).returncode != 0:
            assert server.poll() is None and time.monotonic() < deadline, "auditor serve never became healthy"
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(30)
    assert subprocess.run(check, capture_output=True, timeout=30).returncode != 0  # nothing answers now
