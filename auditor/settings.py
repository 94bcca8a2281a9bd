"""Every AUDITOR_* setting in one place (pydantic-settings): type, default and what it does.

`Settings()` reads the environment (and nothing else); `auditor config` prints the effective
values with secrets masked. Modules read their settings from here, not from os.environ.
After adding or changing a setting run `python -m auditor.settings_docs`: deploy/auditor.env and
the settings table of deploy/README.md are generated from this class (a test checks they are current).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

MB = 1024 * 1024


class Settings(BaseSettings):
    """The auditor's configuration, from AUDITOR_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="AUDITOR_", extra="ignore", validate_default=True)

    # -- store and queue
    database_url: SecretStr | None = Field(
        None,
        description="SQLAlchemy URL of the store, e.g. postgresql+psycopg://user@host/db; "
        "default: the SQLite file auditor.sqlite3 in the user data directory",
    )
    redis_url: SecretStr | None = Field(
        None,
        description="Redis URL of the dramatiq queue, e.g. redis://127.0.0.1:6379/0; "
        "unset: `serve` runs the actors in-process (StubBroker) — one command, no servers",
    )
    queue_namespace: str = Field(
        "auditor", description="dramatiq key namespace in Redis (separate deployments/tests)"
    )
    redis_heartbeat_timeout_ms: int = Field(
        15_000, description="a worker silent this long is dead and its messages go back to the queue"
    )
    redis_maintenance_chance: int = Field(
        50_000,
        description="per-million chance a queue command runs the requeue maintenance (dramatiq default 1,000)",
    )
    requeue_interval: float = Field(
        30.0, description="seconds between sweeps that re-send documents whose queue message was lost"
    )
    requeue_grace_seconds: float = Field(
        30.0, description="seconds a queued/running document with no queue message waits before it is re-sent"
    )
    # -- rules
    rules_config: str | None = Field(None, description="rule settings file laid over the packaged defaults")
    rules_path: str | None = Field(
        None,
        description="folder of extra rule declaration files (*.toml) run beside the packaged rules; "
        "read by the rules package as it loads (a broken file stops start-up, naming file and line)",
    )
    # -- documents in the workers
    document_time_limit: float = Field(
        900.0,
        description="seconds one document may take before it is stopped and failed "
        "(a 30-page scan's OCR took 380 s on a loaded 2-core machine)",
    )
    document_memory_limit_mb: int = Field(
        8192,
        description="MB of address space one document's audit may add before it is stopped and failed "
        "(OCR reserves far more address space than it uses: a 21-page scan needed 8192)",
    )
    max_retries: int = Field(
        5, description="retries of a document after a transient error (database or Redis down)"
    )
    min_backoff_ms: int = Field(1_000, description="first retry delay; doubles each time (with jitter)")
    max_backoff_ms: int = Field(60_000, description="longest retry delay")
    worker_processes: int = Field(2, description="`auditor worker` default --processes")
    worker_threads: int = Field(
        1, description="`auditor worker` default --threads (rules hold the GIL: 1 is best)"
    )
    worker_name: str | None = Field(
        None,
        description="name of this worker host, recorded on each document it audits (documents.worker, "
        "with the process id); default: the host name",
    )
    # -- uploads
    max_file_mb: float = Field(100.0, description="largest file in an upload (413 beyond)")
    max_batch_mb: float = Field(500.0, description="largest upload request (413 beyond)")
    max_batch_files: int = Field(
        500, description="most documents in one batch, ZIP members counted (413 beyond)"
    )
    zip_max_members: int = Field(500, description="most members of one ZIP")
    zip_max_ratio: float = Field(
        100.0, description="largest uncompressed/compressed ratio of a ZIP member (bomb guard)"
    )
    zip_max_unpacked_mb: float = Field(1024.0, description="most bytes unpacked from one ZIP")
    # -- HTTP
    host: str = Field("127.0.0.1", description="`auditor serve` default --host")
    port: int = Field(8000, description="`auditor serve` default --port")
    log_format: Literal["json", "console"] = Field("json", description="service log format (stderr)")
    log_level: Literal["debug", "info", "warning", "error"] = Field("info", description="service log level")
    # -- alerts to the submitting unit
    alert_mode: Literal["on_audit", "on_confirm"] = Field(
        "on_audit",
        description="when a unit hears about a document's error/warning findings: on_audit (when its audit "
        "finishes) or on_confirm (when an inspector confirms; only confirmed findings are sent); a batch "
        "may set its own (upload field alert_mode, PUT /api/batches/{id}/alert-mode)",
    )
    smtp_url: SecretStr | None = Field(
        None,
        description="SMTP server for alert emails: smtp://[user:password@]host[:port] (add ?starttls=1 "
        "to upgrade), smtps://… for TLS from the start; unset: no email is sent",
    )
    alert_from: str = Field("auditor@localhost", description="From address of alert emails")
    alert_signature: str = Field(
        "预算决算公开审核组", description="who signs alert emails (the last line of the letter)"
    )
    smtp_timeout: float = Field(30.0, description="seconds an SMTP connection or command may take")
    webhook_allowed_hosts: str = Field(
        "",
        description="comma-separated hosts (any port) or host:port ([2001:db8::1]:443 for IPv6) a unit's "
        "webhook may point at; each name is resolved once and only its checked addresses are requested, "
        "nothing else ever (empty: no webhooks)",
    )
    webhook_timeout: float = Field(
        10.0, description="seconds a whole webhook POST may take, from connect to the last byte of the answer"
    )
    alert_max_retries: int = Field(8, description="retries of an alert delivery that failed (then: failed)")
    alert_min_backoff_ms: int = Field(
        5_000, description="first delay before an alert delivery is retried; doubles each time (with jitter)"
    )
    alert_max_backoff_ms: int = Field(3_600_000, description="longest delay between alert delivery retries")
    alert_confirm_delay: float = Field(
        60.0,
        description="on_confirm: seconds after a confirmation before the message is composed, so the "
        "findings an inspector confirms together go in one message",
    )
    # -- tests only
    test_postgres_url: SecretStr | None = Field(
        None,
        description="tests only: PostgreSQL server (default postgresql+psycopg://postgres@127.0.0.1:5432/test)",
    )
    test_redis_url: SecretStr | None = Field(
        None, description="tests only: Redis (default redis://127.0.0.1:6379/15)"
    )

    # -- derived values
    def database(self) -> str | None:
        """The store URL, or None for the default SQLite file."""
        return self.database_url.get_secret_value() if self.database_url else None

    def smtp(self) -> str | None:
        """The SMTP URL of alert emails, or None (no email)."""
        return self.smtp_url.get_secret_value() if self.smtp_url else None

    def webhook_hosts(self) -> frozenset[str]:
        """`webhook_allowed_hosts` as lower-case `host` / `host:port` entries."""
        return frozenset(h.strip().lower() for h in self.webhook_allowed_hosts.split(",") if h.strip())

    def redis(self) -> str | None:
        """The Redis URL, or None for the embedded in-process queue."""
        return self.redis_url.get_secret_value() if self.redis_url else None

    @property
    def max_file_bytes(self) -> int:
        """`max_file_mb` in bytes."""
        return int(self.max_file_mb * MB)

    @property
    def max_batch_bytes(self) -> int:
        """`max_batch_mb` in bytes."""
        return int(self.max_batch_mb * MB)

    @property
    def zip_max_unpacked_bytes(self) -> int:
        """`zip_max_unpacked_mb` in bytes."""
        return int(self.zip_max_unpacked_mb * MB)


def mask_url(url: str) -> str:
    """A URL with its password replaced by ***."""
    try:
        parsed = make_url(url)
    except Exception:
        return "***"
    return parsed.render_as_string(hide_password=True) if parsed.password else url


def describe(settings: Settings) -> list[dict[str, Any]]:
    """Every setting: variable, effective value (secrets masked), default, type, description."""
    rows = []
    for name, info in Settings.model_fields.items():
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            value = mask_url(value.get_secret_value())
        default = info.default
        annotation = info.annotation
        rows.append(
            {
                "variable": f"AUDITOR_{name.upper()}",
                "value": value,
                "default": None if isinstance(default, SecretStr) else default,
                "type": getattr(annotation, "__name__", str(annotation)).replace(
                    "pydantic.types.SecretStr", "secret"
                ),
                "description": info.description or "",
            }
        )
    return rows


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once; tests build `Settings(...)` themselves)."""
    return Settings()
