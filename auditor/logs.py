"""Logging for the command line and the workers: structlog, key-value events, always on stderr.

Standard output belongs to the report (and to the JSON document with `--format json`), so no
log line may ever reach it.
"""

from __future__ import annotations

import logging
import sys

import structlog

# Libraries that log every oddity of a PDF at WARNING; their messages say nothing to an inspector.
QUIET_LIBRARIES = ("pdfminer", "pdfplumber", "PIL")


class _CurrentStderr:
    """Whatever `sys.stderr` is when a line is written, not when logging was configured: a
    caller (a test runner, an embedding application) may replace and close the stream it had,
    and a log line from a worker thread must not then fail with "I/O operation on closed file"."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return sys.stderr.isatty()


STDERR = _CurrentStderr()


def configure_logging(verbosity: int = 0) -> None:
    """Send structlog and stdlib logging to stderr: warnings by default, info with -v, debug with -vv."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    colors = sys.stderr.isatty()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.dev.ConsoleRenderer(colors=colors),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=STDERR),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(stream=STDERR, level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.ERROR))


def configure_service_logging(log_format: str = "json", level_name: str = "info") -> None:
    """Logging for `serve` and `worker`: one JSON object per event on stderr (or the console
    renderer), context bound with structlog.contextvars (request, batch, document)."""
    level = getattr(logging, level_name.upper(), logging.INFO)
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=STDERR),
        cache_logger_on_first_use=False,
    )
    # libraries' stdlib records (uvicorn, alembic, dramatiq's workers) rendered the same way
    handler = logging.StreamHandler(STDERR)  # type: ignore[arg-type]
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
            foreign_pre_chain=[
                structlog.contextvars.merge_contextvars,
                structlog.stdlib.add_logger_name,
                structlog.stdlib.add_log_level,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
            ],
        )
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.ERROR))
