"""The alert actors: plan the messages a document's findings call for, deliver each one.

`plan_document_alerts` runs when a document's audit finishes (trigger "audit"), when an inspector
confirms a finding ("confirm", after AUDITOR_ALERT_CONFIRM_DELAY so confirmations made together
go in one message) and when a document gets its unit by hand or by a new unit's name ("assign").
It records at most one alert per channel and set of findings (`store.alerts.plan_alerts`), so
running it again, or re-auditing with the same findings, sends nothing.

`deliver_alert` sends one alert and records the attempt; a failure worth retrying raises, and
dramatiq's Retries middleware tries again with exponential backoff (AUDITOR_ALERT_MIN_BACKOFF_MS …
AUDITOR_ALERT_MAX_BACKOFF_MS) up to AUDITOR_ALERT_MAX_RETRIES times; then `alert_gave_up` marks the
alert failed. A delivery the other side refuses for good is marked failed at once.
"""

from __future__ import annotations

import time
from typing import Any

import dramatiq
import structlog

from store.alerts import alert_delivery, give_up, plan_alerts, record_attempt
from workers.broker import EVENTS_QUEUE, is_transient
from workers.delivery import DeliveryError, PermanentDeliveryError, deliver
from workers.tasks import current_settings, get_store

log = structlog.get_logger(__name__)


def _retry_when(retries: int, exc: BaseException) -> bool:
    """Retry a failed delivery (or a store outage) until AUDITOR_ALERT_MAX_RETRIES."""
    if isinstance(exc, PermanentDeliveryError):
        return False
    limit = current_settings().alert_max_retries
    return (isinstance(exc, DeliveryError) or is_transient(exc)) and retries < limit


@dramatiq.actor(queue_name=EVENTS_QUEUE, max_retries=5)
def plan_document_alerts(document_id: int, trigger: str = "audit") -> None:
    """Record the alerts the document's findings call for now and queue their delivery."""
    settings = current_settings()
    alert_ids = plan_alerts(get_store(), document_id, settings.alert_mode, trigger)
    for alert_id in alert_ids:
        queue_delivery(alert_id)
    log.info("alerts.planned", document_id=document_id, trigger=trigger, alerts=alert_ids)


def queue_delivery(alert_id: int) -> None:
    """Queue the delivery of one alert with the configured backoff."""
    settings = current_settings()
    deliver_alert.send_with_options(
        args=(alert_id,),
        min_backoff=settings.alert_min_backoff_ms,
        max_backoff=settings.alert_max_backoff_ms,
    )


def alert_document(document_id: int, trigger: str, delay_seconds: float = 0.0) -> None:
    """Ask for the document's alerts to be planned (now, or after `delay_seconds`)."""
    if delay_seconds > 0:
        plan_document_alerts.send_with_options(args=(document_id, trigger), delay=int(delay_seconds * 1000))
    else:
        plan_document_alerts.send(document_id, trigger)


@dramatiq.actor(queue_name=EVENTS_QUEUE, retry_when=_retry_when, on_retry_exhausted="alert_gave_up")
def deliver_alert(alert_id: int) -> None:
    """Deliver one alert (email or webhook) and record the attempt; raise to be retried."""
    store = get_store()
    settings = current_settings()
    delivery = alert_delivery(store, alert_id)
    bound = log.bind(alert_id=alert_id)
    if delivery is None:
        bound.info("alert.skipped", reason="already sent, failed or unknown")
        return
    bound = bound.bind(
        channel=delivery.channel, document_id=delivery.document["id"], unit_id=delivery.unit_id
    )
    started = time.perf_counter()
    try:
        code = deliver(delivery, settings)
    except DeliveryError as exc:
        final = isinstance(exc, PermanentDeliveryError)
        record_attempt(
            store,
            alert_id,
            ok=False,
            duration_ms=_ms(started),
            status_code=exc.code,
            error=str(exc),
            final=final,
        )
        bound.warning(
            "alert.attempt_failed", error=str(exc)[:200], final=final, attempt=delivery.attempts + 1
        )
        if not final:
            raise
        return
    record_attempt(store, alert_id, ok=True, duration_ms=_ms(started), status_code=code)
    bound.info("alert.sent", attempt=delivery.attempts + 1, code=code)


@dramatiq.actor(queue_name=EVENTS_QUEUE, max_retries=10)
def alert_gave_up(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    """A delivery whose retries ran out: its alert is marked failed."""
    args = message.get("args") or []
    if not args:
        return
    give_up(get_store(), int(args[0]))
    log.error("alert.failed", alert_id=int(args[0]), retries=retry_info.get("retries"))


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
