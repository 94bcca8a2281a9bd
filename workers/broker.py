"""The dramatiq broker: Redis by URL, or the in-process StubBroker of the embedded default.

`setup_broker()` must run before `workers.tasks` declares its actors (they bind to the global
broker). With Redis, a dead worker's messages come back after `redis_heartbeat_timeout_ms`
and a maintenance pass that runs with `redis_maintenance_chance` per million queue commands
(../shared/notes/engine_probe.md measured 19 min with dramatiq's defaults, ~10 s tuned); the
defaults here (15 s, 5 %) bring a killed worker's document back well within a minute.
"""

from __future__ import annotations

import dramatiq
import structlog
from dramatiq.broker import Broker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from auditor.settings import Settings, get_settings

log = structlog.get_logger(__name__)

#: Queue of the per-document audit actor.
AUDIT_QUEUE = "audit"
#: Queue of batch bookkeeping and alert delivery (light work).
EVENTS_QUEUE = "events"

_TRANSIENT_NAMES = (
    "OperationalError",
    "InterfaceError",
    "DisconnectionError",
    "ConnectionError",
    "TimeoutError",
)


def is_transient(exc: BaseException) -> bool:
    """A database or Redis outage (worth retrying), as opposed to anything a document caused.

    psycopg's own errors count too: the facts go to PostgreSQL by COPY on the driver connection,
    where a server shutting down raises psycopg.OperationalError unwrapped by SQLAlchemy.
    """
    import psycopg
    import redis.exceptions
    import sqlalchemy.exc

    if isinstance(exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError):
        return True
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return True
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return True
    return isinstance(exc, ConnectionError | TimeoutError)


def _middleware(settings: Settings) -> list[dramatiq.Middleware]:
    def retry_when(retries: int, exc: BaseException) -> bool:
        return is_transient(exc) and retries < settings.max_retries

    return [
        AgeLimit(),
        # the audit itself is bounded in its child process; this is the backstop
        TimeLimit(time_limit=int(settings.document_time_limit * 1000) + 120_000),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        Retries(
            max_retries=settings.max_retries,
            min_backoff=settings.min_backoff_ms,
            max_backoff=settings.max_backoff_ms,
            retry_when=retry_when,
        ),
    ]


def build_broker(settings: Settings | None = None) -> Broker:
    """A broker for these settings: RedisBroker when AUDITOR_REDIS_URL is set, else a StubBroker."""
    settings = settings or get_settings()
    url = settings.redis()
    if url:
        broker: Broker = RedisBroker(
            url=url,
            namespace=settings.queue_namespace,
            heartbeat_timeout=settings.redis_heartbeat_timeout_ms,
            maintenance_chance=settings.redis_maintenance_chance,
            middleware=_middleware(settings),
        )
        log.info("broker.redis", namespace=settings.queue_namespace)
    else:
        broker = StubBroker(middleware=_middleware(settings))
        broker.emit_after("process_boot")
        log.info("broker.stub")
    return broker


def setup_broker(settings: Settings | None = None) -> Broker:
    """Build the broker and make it dramatiq's global one (idempotent per process)."""
    current = getattr(setup_broker, "_broker", None)
    if current is not None:
        return current
    broker = build_broker(settings)
    dramatiq.set_broker(broker)
    setup_broker._broker = broker  # type: ignore[attr-defined]
    return broker


def is_embedded(broker: Broker) -> bool:
    """Whether the broker is the in-process stub."""
    return isinstance(broker, StubBroker)
