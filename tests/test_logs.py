"""Log lines go to whatever stderr is when they are written."""

from __future__ import annotations

import io
import sys

import pytest
import structlog

from auditor.logs import configure_logging


def test_a_log_line_after_the_configured_stream_closed_goes_to_the_current_stderr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging(0)
    first.close()  # a test runner's capture, replaced and closed after its test
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    structlog.get_logger("auditor.test").warning("值超出列宽", value="1E+100")
    assert "值超出列宽" in second.getvalue()
