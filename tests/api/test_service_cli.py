"""The service's subcommands: config (secrets masked), db upgrade, token create/list/revoke."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main


def test_config_lists_every_setting_with_secrets_masked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AUDITOR_REDIS_URL", "redis://:hunter2@127.0.0.1:6379/0")
    monkeypatch.setenv("AUDITOR_DATABASE_URL", "postgresql+psycopg://u:hunter2@db/auditor")
    monkeypatch.setenv("AUDITOR_DOCUMENT_TIME_LIMIT", "42")
    assert main(["config", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "hunter2" not in out
    rows = {r["variable"]: r for r in json.loads(out)["settings"]}
    assert rows["AUDITOR_DOCUMENT_TIME_LIMIT"]["value"] == 42.0
    assert rows["AUDITOR_REDIS_URL"]["value"] == "redis://:***@127.0.0.1:6379/0"
    assert {"AUDITOR_DATABASE_URL", "AUDITOR_RULES_CONFIG", "AUDITOR_MAX_FILE_MB"} <= set(rows)
    assert all(r["description"] for r in rows.values())


def test_db_upgrade_and_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AUDITOR_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert main(["token", "list"]) == 2
    assert "auditor db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["token", "create", "--role", "inspector", "--name", "wang"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1].split()[-1]
    assert token.startswith("aud_")
    assert main(["token", "list"]) == 0
    listing = capsys.readouterr().out
    assert "inspector" in listing and token not in listing
    assert main(["token", "revoke", "1"]) == 0
    assert main(["token", "revoke", "1"]) == 2
    assert main(["token", "create", "--role", "viewer", "--unit", "没有的单位"]) == 2
