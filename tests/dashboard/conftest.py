"""The dashboard on an embedded API (tests.api.conftest), with the cookie login of a browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Api, make_api

#: File name of the hostile text document (markup that must come out escaped).
HOSTILE_NAME = "<img src=x onerror=alert(2)>.txt"


def plain_token(headers: dict[str, str]) -> str:
    """The token inside an `Authorization: Bearer …` header."""
    return headers["Authorization"].removeprefix("Bearer ")


def login(client: TestClient, headers: dict[str, str]) -> str:
    """Log `client` in with the token of `headers` through the login form; the page's CSRF token."""
    client.cookies.clear()
    form = client.get("/login")
    assert form.status_code == 200
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text)
    assert nonce, form.text
    done = client.post(
        "/login",
        data={"token": plain_token(headers), "nonce": nonce.group(1), "next": "/"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return csrf_of(client.get("/").text)


def csrf_of(html: str) -> str:
    """The CSRF token a page carries in its meta tag."""
    found = re.search(r'<meta name="csrf-token" content="([^"]*)">', html)
    assert found and found.group(1), "the page carries no CSRF token"
    return found.group(1)


def upload(api: Api, name: str, data: bytes, headers: dict[str, str] | None = None) -> dict:
    """Upload one file through the API (bearer) and wait for its batch."""
    response = api.client.post(
        "/api/batches", files=[("files", (name, data))], headers=headers or api.inspector
    )
    assert response.status_code == 202, response.text
    body = response.json()
    batch = api.wait_batch(body["batch_id"])
    assert batch["status"] == "done", batch
    return batch


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, generated_samples: dict[str, Path]) -> Iterator[Api]:
    """An embedded API holding the defective sample (白水县卫生健康局) and a hostile text document."""
    from auditor.synth import generate, inject, to_text

    hostile = generate(5, unit_name="<script>alert(1)</script>卫生健康局")
    hostile, _ = inject(hostile, "detail_cell", 3)
    tmp: Path = tmp_path_factory.mktemp("dashboard")
    for api in make_api(tmp):
        upload(api, "defective.pdf", generated_samples["defective"].read_bytes())
        upload(api, HOSTILE_NAME, to_text(hostile).encode())
        api.client.cookies.clear()
        yield api
