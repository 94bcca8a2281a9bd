"""deploy/auditor.env and the settings table of deploy/README.md are generated from
auditor/settings.py, name every setting, and are current."""

from __future__ import annotations

import os

from auditor.settings import Settings
from auditor.settings_docs import (
    DEPLOY_README,
    DEPLOY_VALUES,
    ENV_FILE,
    env_file,
    main,
    readme_with_table,
    settings_table,
)

REGENERATE = "regenerate with `.venv/bin/python -m auditor.settings_docs`"


def test_the_environment_file_is_current() -> None:
    assert ENV_FILE.read_text(encoding="utf-8") == env_file(), f"deploy/auditor.env is stale: {REGENERATE}"


def test_the_readme_table_is_current() -> None:
    readme = DEPLOY_README.read_text(encoding="utf-8")
    assert readme == readme_with_table(readme), (
        f"the settings table of deploy/README.md is stale: {REGENERATE}"
    )
    assert main(["--check"]) == 0


def test_every_setting_is_documented_once_with_its_default() -> None:
    env = env_file()
    table = settings_table()
    defaults = Settings.model_construct()
    for name, info in Settings.model_fields.items():
        variable = f"AUDITOR_{name.upper()}"
        assert env.count(f"{variable}=") == 1, variable
        assert table.count(f"| `{variable}` |") == 1, variable
        assert info.description and info.description.replace("|", "\\|") in table, variable
        default = getattr(defaults, name)
        if default is not None and name not in DEPLOY_VALUES:
            assert f"#{variable}={default}\n" in env, variable
    # what an installation must set is set, uncommented
    assert "\nAUDITOR_DATABASE_URL=postgresql+psycopg://" in env
    assert "\nAUDITOR_REDIS_URL=redis://" in env


def test_the_environment_file_is_read_back_as_settings(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every uncommented line is a valid setting (what systemd's EnvironmentFile= passes on), and
    so is every commented default once uncommented."""
    for key in [k for k in os.environ if k.startswith("AUDITOR_")]:
        monkeypatch.delenv(key)  # only what the file says
    for line in env_file().splitlines():
        if line.startswith("AUDITOR_") or (line.startswith("#AUDITOR_") and not line.endswith("=")):
            key, _, value = line.lstrip("#").partition("=")
            monkeypatch.setenv(key, value)
    settings = Settings()
    deployed = set(DEPLOY_VALUES)
    assert settings.model_dump(exclude=deployed) == Settings.model_construct().model_dump(exclude=deployed)
    assert (settings.document_memory_limit_mb, settings.document_time_limit) == (8192, 900.0)
    assert settings.database() and settings.database().startswith("postgresql+psycopg://")
    assert settings.redis() == "redis://127.0.0.1:6379/0"
