"""The `browser` mark: without chromium the test is skipped locally with the reason and fails under CI=true."""

from __future__ import annotations

import pytest

import tests.conftest as shared_conftest


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_missing_chromium(monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]) -> None:
    monkeypatch.setattr(shared_conftest, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", ci)
    # the reason names the missing chromium (and the driver too, on a machine that lacks it)
    with pytest.raises(outcome, match=r"^/nonexistent/chromium(, \S+)? not installed \(apt-get install"):
        shared_conftest.require_browser()
