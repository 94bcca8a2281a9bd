"""The HTTP API (FastAPI): batches, documents, anomalies, units, rules, exports, health.

`create_app()` opens the store (the schema must be at head: `auditor db upgrade`), sets up the
broker (Redis when AUDITOR_REDIS_URL is set) and, in the embedded default (no Redis), starts an
in-process dramatiq worker running the very same actors. OpenAPI at /api/openapi.json, docs at
/api/docs.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from auditor.settings import Settings, get_settings

log = structlog.get_logger(__name__)


def create_app(settings: Settings | None = None, *, start_worker: bool | None = None) -> FastAPI:
    """The API application. `start_worker`: run the in-process worker (default: when embedded)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from store.db import open_store
        from workers import tasks
        from workers.broker import is_embedded

        store = open_store(settings.database(), migrate=False)
        tasks.use_store(store, settings)
        app.state.store = store
        app.state.broker = tasks.broker
        app.state.embedded = is_embedded(tasks.broker)
        worker = None
        sweeper = None
        if start_worker if start_worker is not None else app.state.embedded:
            from workers.embedded import start_embedded_worker

            worker = start_embedded_worker()
        if app.state.embedded:
            from workers.recovery import requeue_lost

            requeue_lost(store, tasks.broker, grace_seconds=0)  # the in-process queue died with the last run
        else:
            from workers.recovery import Sweeper

            sweeper = Sweeper(store, tasks.broker, settings.requeue_interval, settings.requeue_grace_seconds)
            sweeper.start()
        log.info("api.started", embedded=app.state.embedded, worker=worker is not None)
        try:
            yield
        finally:
            if sweeper is not None:
                sweeper.stop()
            if worker is not None:
                worker.stop()
            store.close()

    app = FastAPI(
        title="auditor",
        summary="审核部门决算/预算公开文件：批量上传、异常、跟进",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings

    @app.middleware("http")
    async def bind_request(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=uuid.uuid4().hex[:12])
        started = time.perf_counter()
        length = request.headers.get("content-length")
        if (
            request.method == "POST"
            and length
            and length.isdigit()
            and int(length) > settings.max_batch_bytes
        ):
            return JSONResponse(
                {"detail": f"上传总量超过 {settings.max_batch_mb:g} MB (request too large)"}, status_code=413
            )
        response = await call_next(request)
        log.info(
            "http.request",
            method=request.method,
            path=request.url.path,
            status=response.status_code,
            ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return response

    async def unavailable(request: Request, exc: Exception) -> Response:
        """The database or Redis is down (a transient error): 503 with Retry-After, not a 500."""
        log.warning("http.unavailable", path=request.url.path, error=type(exc).__name__)
        return JSONResponse(
            {"detail": "数据库或队列暂不可用，请稍后重试 (database or queue unavailable, retry later)"},
            status_code=503,
            headers={"Retry-After": "10"},
        )

    import psycopg
    import redis.exceptions
    import sqlalchemy.exc

    for outage in (
        sqlalchemy.exc.OperationalError,
        sqlalchemy.exc.InterfaceError,
        psycopg.OperationalError,
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
    ):
        app.add_exception_handler(outage, unavailable)

    from api import routes

    app.include_router(routes.router)
    from dashboard.routes import install

    install(app)  # the inspectors' dashboard at /
    return app
