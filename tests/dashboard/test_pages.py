"""The dashboard's pages through FastAPI's TestClient: login, every page, escaping, CSRF, unit scope."""

from __future__ import annotations

import re

import pytest

from dashboard.images import cache_dir
from tests.api.conftest import Api
from tests.dashboard.conftest import HOSTILE_NAME, csrf_of, login


def _documents(api: Api) -> dict[str, int]:
    """Document ids by file name (through the API)."""
    ids: dict[str, int] = {}
    for batch in api.client.get("/api/batches", headers=api.admin).json()["items"]:
        for doc in api.client.get(f"/api/batches/{batch['id']}", headers=api.admin).json()["documents"]:
            ids[doc["filename"]] = doc["id"]
    return ids


def test_pages_need_a_login(loaded: Api) -> None:
    client = loaded.client
    client.cookies.clear()
    for path in ("/", "/anomalies", "/units", "/rules", "/documents/1", "/documents/1/pages/1.png"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    assert client.get("/static/app.js").status_code == 200  # assets need no login


def test_login_refuses_a_wrong_token_and_a_forged_form(loaded: Api) -> None:
    client = loaded.client
    client.cookies.clear()
    form = client.get("/login")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    wrong = client.post("/login", data={"token": "aud_nope", "nonce": nonce})
    assert wrong.status_code == 401 and "令牌无效" in wrong.text
    client.cookies.clear()  # a cross-site form has no login cookie to match
    forged = client.post("/login", data={"token": "aud_nope", "nonce": nonce})
    assert forged.status_code == 403 and "登录表单已失效" in forged.text
    assert "auditor_session" not in forged.headers.get("set-cookie", "")
    # After login, only a path on this site is followed.
    form = client.get("/login")
    nonce = re.search(r'name="nonce" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    token = loaded.viewer["Authorization"].removeprefix("Bearer ")
    done = client.post(
        "/login", data={"token": token, "nonce": nonce, "next": "//evil.example/"}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/"
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


def test_every_page_renders(loaded: Api) -> None:
    client = loaded.client
    login(client, loaded.inspector)
    documents = _documents(loaded)
    doc_id = documents["defective.pdf"]

    batches = client.get("/")
    assert batches.status_code == 200
    assert 'id="dropzone"' in batches.text and "defective.pdf" in batches.text and "已完成" in batches.text
    assert batches.headers["content-security-policy"].startswith("default-src 'self'")

    anomalies = client.get("/anomalies", params={"unit": "白水县卫生健康局", "severity": "error"})
    assert anomalies.status_code == 200
    rows = re.findall(r'<tr data-id="(\d+)" data-status="open" class="sev-error">', anomalies.text)
    expected = client.get(
        "/api/anomalies", params={"unit": "白水县卫生健康局", "severity": "error"}, headers=loaded.admin
    ).json()["items"]
    assert rows and sorted(map(int, rows)) == sorted(i["id"] for i in expected)
    assert 'href="/api/anomalies.csv?unit=' in anomalies.text and "severity=error" in anomalies.text
    assert 'id="chart-rule"' in anomalies.text and "<rect" in anomalies.text
    assert 'id="bulk"' in anomalies.text  # an inspector may change statuses
    # the charts are redrawn from /anomalies/charts by the app's own chart script (no CDN)
    assert '<script src="/static/charts.js" defer></script>' in anomalies.text
    script = client.get("/static/charts.js")
    assert (
        script.status_code == 200
        and "AuditorCharts" in script.text
        and "http" not in script.text.replace("http://www.w3.org/2000/svg", "")
    )
    charts = client.get("/anomalies/charts")
    assert charts.status_code == 200 and charts.headers["cache-control"] == "no-store"
    every = client.get("/api/anomalies", params={"limit": 1000}).json()["items"]
    defects = [i for i in every if i["severity"] in ("error", "warning")]
    by_unit = dict(charts.json()["by_unit"])
    assert by_unit["白水县卫生健康局"] == sum(1 for i in defects if i["unit"] == "白水县卫生健康局")
    assert sum(n for _, n in charts.json()["by_rule"]) <= len(defects)
    assert 'data-label="白水县卫生健康局"' in anomalies.text  # the server's first drawing, same labels
    assert "batch-chart" in batches.text and 'data-status="done"' in batches.text

    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    boxes = re.findall(r'<rect class="box sev-(\w+)" data-finding="(\d+)"', page.text)
    assert boxes, "evidence boxes drawn on the page images"
    findings = client.get(f"/api/documents/{doc_id}").json()["findings"]  # the cookie works on the API too
    with_boxes = {f["id"] for f in findings if any(e.get("bbox") for e in f["evidence"])}
    assert {int(fid) for _, fid in boxes} == with_boxes
    assert "共读取 14 页" in page.text and "识别出 9 张表" in page.text  # the quality record in words
    image = client.get(f"/documents/{doc_id}/pages/1.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    cached = list(cache_dir(loaded.database_url).glob("*/page-1.png"))
    assert cached and cached[0].read_bytes() == image.content
    assert client.get(f"/documents/{doc_id}/pages/99.png").status_code == 404

    units = client.get("/units")
    assert units.status_code == 200 and "白水县卫生健康局" in units.text and "张三" in units.text
    defects = client.get(
        "/api/anomalies", params={"unit": "白水县卫生健康局", "limit": 1000}, headers=loaded.admin
    ).json()["items"]
    expected_defects = sum(1 for i in defects if i["severity"] in ("error", "warning"))
    assert (
        f'<a href="/anomalies?unit=%E7%99%BD%E6%B0%B4%E5%8E%BF%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7%E5%B1%80">{expected_defects}</a>'
        in units.text
    )
    assert 'id="unmatched"' in units.text  # the hostile document's unit matches no registered unit
    assert 'id="new-unit"' not in units.text  # only an administrator registers units
    assert page.text.count('<form class="finding-status"') == len(findings)
    assert 'id="reaudit"' in page.text

    rules = client.get("/rules")
    assert rules.status_code == 200
    fired = {
        rule: int(count)
        for rule, count in re.findall(
            r'<tr data-rule="([^"]+)">.*?<td class="fired">(\d+)</td>', rules.text, flags=re.S
        )
    }
    assert len(fired) > 50 and sum(fired.values()) == len(
        client.get("/api/anomalies", params={"limit": 1000}).json()["items"]
    )


def test_document_text_is_escaped(loaded: Api) -> None:
    client = loaded.client
    login(client, loaded.admin)
    hostile = _documents(loaded)[HOSTILE_NAME]
    pages = [
        client.get("/").text,
        client.get("/anomalies").text,
        client.get(f"/documents/{hostile}").text,
        client.get("/units").text,
    ]
    for html in pages:
        assert "<script>alert(1)" not in html
        assert HOSTILE_NAME not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;卫生健康局" in pages[2]
    assert "&lt;img src=x onerror=alert(2)&gt;.txt" in pages[0]
    assert "文本文件没有页面图像" in pages[2] and '<ol class="text-lines" id="text">' in pages[2]
    assert '<li id="line-1">&lt;script&gt;alert(1)&lt;/script&gt;卫生健康局</li>' in pages[2]
    findings = client.get(f"/api/documents/{hostile}").json()["findings"]
    lines = {(e["line"], f["id"]) for f in findings for e in f["evidence"] if e.get("line")}
    assert lines
    for line, finding_id in lines:
        marked = re.search(rf'<li id="line-{line}" class="ev" data-findings="([\d ]+)">', pages[2])
        assert marked and str(finding_id) in marked.group(1).split(), (line, finding_id)


def test_state_changes_need_the_csrf_token(loaded: Api) -> None:
    client = loaded.client
    csrf = login(client, loaded.inspector)
    target = client.get("/api/anomalies", params={"status": "open", "severity": "error"}).json()["items"][0][
        "id"
    ]
    url = f"/api/anomalies/{target}"
    refused = client.patch(url, json={"status": "confirmed", "note": "无令牌"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    wrong = client.patch(url, json={"status": "confirmed"}, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    cross = client.patch(
        url, json={"status": "confirmed"}, headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"}
    )
    assert cross.status_code == 403
    assert client.get(url).json()["status"] == "open"
    done = client.patch(url, json={"status": "confirmed", "note": "已核实"}, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200 and done.json()["history"][-1]["who"] == "test-inspector"
    document = client.get(f"/documents/{done.json()['document']['id']}").text
    card = document[document.index(f'id="finding-{target}"') :]
    card = card[: card.index("</article>")]
    assert "处理记录（1）" in card and "test-inspector：待处理 → 已确认（已核实）" in card
    # An upload with the cookie needs the token as well.
    upload = client.post("/api/batches", files=[("files", ("a.txt", b"x"))])
    assert upload.status_code == 403
    # The forms: assign a unit, log out.
    units_page = client.get("/units").text
    unmatched = re.search(r'name="document_id" value="(\d+)"', units_page)
    other_unit = re.search(r'<option value="(\d+)">其他单位</option>', units_page)
    assert unmatched and other_unit
    form = {"document_id": unmatched.group(1), "unit_id": other_unit.group(1)}
    assert client.post("/units/assign", data=form).status_code == 403
    assigned = client.post("/units/assign", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert assigned.status_code == 303
    assert f"文档 {unmatched.group(1)} 已指定单位" in client.get(assigned.headers["location"]).text
    assert client.post("/logout", data={}).status_code == 403
    out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.clear()
    assert client.get("/anomalies", follow_redirects=False).status_code == 303
    # The rule's confirmed count shows on the 规则 page.
    login(client, loaded.viewer)
    rules = client.get("/rules").text
    rule = client.get(url).json()["rule_id"]
    row = re.search(
        rf'<tr data-rule="{re.escape(rule)}">.*?<td class="confirmed">(\d+)</td>', rules, flags=re.S
    )
    assert row and int(row.group(1)) >= 1


def test_viewer_sees_no_editing_controls(loaded: Api) -> None:
    client = loaded.client
    login(client, loaded.viewer)
    assert 'id="dropzone"' not in client.get("/").text
    page = client.get("/anomalies").text
    assert 'id="bulk"' not in page and 'class="pick"' not in page
    doc_id = _documents(loaded)["defective.pdf"]
    document = client.get(f"/documents/{doc_id}").text
    assert "finding-status" not in document and 'id="reaudit"' not in document
    assert 'id="new-unit"' not in client.get("/units").text
    csrf = csrf_of(page)
    item = client.get("/api/anomalies").json()["items"][0]["id"]
    denied = client.patch(
        f"/api/anomalies/{item}", json={"status": "dismissed"}, headers={"X-CSRF-Token": csrf}
    )
    assert denied.status_code == 403  # the role, not the CSRF check


def test_unit_scoped_login_sees_only_its_unit(loaded: Api) -> None:
    client = loaded.client
    login(client, loaded.unit_viewer)
    documents = _documents(loaded)
    own, other = documents["defective.pdf"], documents[HOSTILE_NAME]
    anomalies = client.get("/anomalies").text
    assert "白水县卫生健康局" in anomalies and "卫生健康局</td>" in anomalies
    assert "alert(1)" not in anomalies  # the other unit's document is not listed
    assert client.get(f"/documents/{own}").status_code == 200
    hidden = client.get(f"/documents/{other}")
    assert hidden.status_code == 404 and f'id="error-message">没有文档 {other}<' in hidden.text
    assert client.get(f"/documents/{other}/pages/1.png").status_code == 404
    units = client.get("/units").text
    assert "其他单位" not in units and 'id="unmatched"' not in units
    rules = client.get("/rules").text
    fired = sum(int(n) for n in re.findall(r'<td class="fired">(\d+)</td>', rules))
    assert fired == len(client.get("/api/anomalies", params={"limit": 1000}).json()["items"])
    assert client.get("/api/anomalies.csv").status_code == 200
    charted = client.get("/anomalies/charts").json()
    assert [name for name, _ in charted["by_unit"]] == ["白水县卫生健康局"]  # its unit's bars only
    client.cookies.clear()
    assert client.get("/anomalies/charts", follow_redirects=False).status_code == 303  # login first


def test_anomaly_page_starts_with_the_newest_rows(loaded: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    import dashboard.routes

    monkeypatch.setattr(dashboard.routes, "ANOMALY_PAGE_ROWS", 3)
    client = loaded.client
    login(client, loaded.viewer)
    page = client.get("/anomalies").text
    shown = [int(i) for i in re.findall(r'<tr data-id="(\d+)"', page)]
    every = [i["id"] for i in client.get("/api/anomalies", params={"limit": 1000}).json()["items"]]
    assert shown == sorted(every, reverse=True)[:3]
    assert "仅显示最新 3 条" in page
    since = re.search(r'data-since="(\d+)"', page)
    assert since and client.get("/api/anomalies", params={"since": since.group(1)}).json()["items"] == []


def test_units_page_lists_the_alert_history(loaded: Api) -> None:
    import time

    from auditor.synth import generate, inject, to_text
    from tests.dashboard.conftest import upload

    client = loaded.client
    created = client.post(
        "/api/units",
        json={"name": "通知测试局", "emails": ["caiwu@notify.example"]},
        headers=loaded.admin,
    )
    assert created.status_code == 201, created.text
    doc, _ = inject(generate(7, unit_name="通知测试局"), "detail_cell", 5)
    batch = upload(loaded, "notify.txt", to_text(doc).encode())
    doc_id = batch["documents"][0]["id"]
    deadline = time.monotonic() + 60
    while not client.get("/api/alerts", params={"document_id": doc_id}, headers=loaded.admin).json()["items"]:
        assert time.monotonic() < deadline, "no alert was planned for a document with error findings"
        time.sleep(0.3)
    login(client, loaded.admin)
    page = client.get("/units").text
    assert "caiwu@notify.example" in page
    alerts = page[page.index('id="alerts"') :]
    assert f'<a href="/documents/{doc_id}">{doc_id}</a>' in alerts and "邮件" in alerts
    assert "<td>caiwu@notify.example</td>" in alerts
    login(client, loaded.unit_viewer)  # another unit's alerts stay out of sight
    assert f'<a href="/documents/{doc_id}">' not in client.get("/units").text


def test_admin_switches_a_batch_to_alert_on_confirm(loaded: Api) -> None:
    client = loaded.client
    login(client, loaded.inspector)
    assert 'class="alert-mode"' not in client.get("/").text  # an administrator's switch
    csrf = login(client, loaded.admin)
    page = client.get("/").text
    batch_id = re.search(r'<select data-batch="(\d+)">', page)
    assert batch_id and "默认（审核完即通知单位）" in page
    url = f"/api/batches/{batch_id.group(1)}/alert-mode"
    assert client.put(url, json={"alert_mode": "on_confirm"}).status_code == 403  # no CSRF token
    done = client.put(url, json={"alert_mode": "on_confirm"}, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200, done.text
    page = client.get("/").text
    chosen = re.search(
        rf'<select data-batch="{batch_id.group(1)}">.*?<option value="on_confirm" selected>', page, flags=re.S
    )
    assert chosen
    client.put(url, json={"alert_mode": None}, headers={"X-CSRF-Token": csrf})


def test_a_revoked_token_ends_the_session(loaded: Api) -> None:
    from store.db import open_store
    from store.tokens import create_token, revoke_token

    with open_store(loaded.database_url) as store:
        plain, record = create_token(store, "inspector", name="short-lived")
    client = loaded.client
    csrf = login(client, {"Authorization": f"Bearer {plain}"})
    assert client.get("/", follow_redirects=False).status_code == 200
    with open_store(loaded.database_url) as store:
        assert revoke_token(store, record.id)
    assert client.get("/", follow_redirects=False).status_code == 303
    item = client.get("/api/anomalies", headers=loaded.admin).json()["items"][0]["id"]
    gone = client.patch(
        f"/api/anomalies/{item}", json={"status": "dismissed"}, headers={"X-CSRF-Token": csrf}
    )
    assert gone.status_code == 401
