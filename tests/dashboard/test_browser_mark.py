"""The `browser` mark: without chromium the test is skipped locally with the reason and fails under CI=true."""

from __future__ import annotations

import pytest

import tests.conftest as shared_conftest


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_missing_chromium(monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]) -> None:
    monkeypatch.setattr(shared_conftest, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="chromium not installed"):
        shared_conftest.require_browser()
