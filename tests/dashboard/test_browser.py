"""The dashboard in a real browser: Debian's chromium, headless, driven by Selenium through
chromium-driver, against `auditor serve` (embedded: SQLite file, in-process queue) on a free port.

Log in, upload a generated sample and watch its progress bar reach the end, see the anomaly list,
change an anomaly's status, see the list and the charts update by themselves when a second batch
lands (and its rows marked 已通知单位 once the unit's email went to the test's aiosmtpd server),
open a document and see the boxed evidence on the page image, see the unit's alert history. A screenshot of each step goes to
SCREENSHOTS (README: the dashboard section shows two of them, copied to docs/screenshots/).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.test_alerts import smtp_server  # noqa: F401 - fixture: aiosmtpd on 127.0.0.1
from tests.conftest import require_browser
from workers.stack import free_port

pytestmark = pytest.mark.browser

#: Where the steps' screenshots are written.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
#: Seconds a step may take (the embedded worker audits a document in a few seconds; CI is shared).
STEP_TIMEOUT = 180


@dataclass
class Served:
    """A running `auditor serve` and an admin token."""

    base_url: str
    token: str


@pytest.fixture
def served(tmp_path: Path, smtp_server: tuple[str, Any]) -> Iterator[Served]:  # noqa: F811
    """`auditor serve` embedded on a free port over a fresh SQLite file with one registered unit,
    whose alerts go by email to the test's SMTP server (aiosmtpd on 127.0.0.1)."""
    from store.db import open_store
    from store.tokens import create_token
    from store.units import create_unit

    url = f"sqlite:///{(tmp_path / 'dashboard.sqlite3').as_posix()}"
    with open_store(url) as store:
        create_unit(
            store,
            "白水县卫生健康局",
            contacts=[{"name": "张三", "email": "zhangsan@example.org"}],
            emails=["zhangsan@example.org"],
        )
        token = create_token(store, "admin", name="浏览器测试")[0]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env.update(AUDITOR_DATABASE_URL=url, AUDITOR_SMTP_URL=smtp_server[0], PYTHONUNBUFFERED="1")
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - lives with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "auditor", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "auditor serve did not come up"
            time.sleep(0.2)
        yield Served(base, token)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def browser() -> Iterator[object]:
    """Headless chromium through chromium-driver."""
    chromium, chromedriver = require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.add_argument("--lang=zh-CN")
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _second_sample(path: Path) -> Path:
    """Another defective disclosure of the same unit (a different seed, one planted defect)."""
    from auditor.synth import generate, inject, to_pdf

    doc = generate(2, unit_name="白水县卫生健康局")
    doc, _ = inject(doc, "detail_cell", 21)
    return to_pdf(doc, path)


def test_inspector_workflow_in_a_real_browser(
    served: Served,
    browser: object,
    generated_samples: dict[str, Path],
    tmp_path: Path,
    smtp_server: tuple[str, Any],  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver: WebDriver = browser  # type: ignore[assignment]
    wait = WebDriverWait(driver, STEP_TIMEOUT, poll_frequency=0.2)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))

    # Log in: the dashboard redirects to the form, the token opens a session.
    driver.get(served.base_url + "/")
    wait.until(lambda d: "/login" in d.current_url)
    driver.find_element(By.ID, "token").send_keys(served.token)
    driver.find_element(By.ID, "login").click()
    wait.until(lambda d: d.find_elements(By.ID, "dropzone"))
    shot("01-login-done")

    # Drop a text disclosure on the drop zone (a real drop event carrying a File), pick the
    # defective sample with the file chooser, upload both; the batch's progress bar reaches the end.
    from auditor.synth import generate, to_text

    driver.execute_script(
        """const transfer = new DataTransfer();
        transfer.items.add(new File([arguments[0]], "dropped.txt", {type: "text/plain"}));
        const zone = document.getElementById("dropzone");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));""",
        to_text(generate(3, unit_name="白水县卫生健康局")),
    )
    driver.find_element(By.ID, "files").send_keys(str(generated_samples["defective"]))
    picked = driver.find_element(By.ID, "picked").text
    assert "dropped.txt" in picked and "defective.pdf" in picked
    driver.find_element(By.ID, "upload").click()
    batch = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#batches article.batch"))[0]
    # the batch's chart (documents by status, drawn by the app's charts.js) follows the polling
    chart = batch.find_element(By.CSS_SELECTOR, "figure.batch-chart")
    wait.until(lambda d: chart.get_attribute("data-total") == "2")
    seen = set()

    def finished(d: WebDriver) -> bool:
        seen.add(chart.get_attribute("data-done"))
        return batch.get_attribute("data-status") in ("done", "failed")

    wait.until(finished)
    assert batch.get_attribute("data-status") == "done"
    wait.until(lambda d: chart.get_attribute("data-done") == "2")
    assert "已完成 2" in chart.find_element(By.CSS_SELECTOR, ".legend").text
    assert len(chart.find_elements(By.CSS_SELECTOR, "rect.seg.s-done")) == 1
    assert seen <= {"0", "1", "2"}
    bar = batch.find_element(By.CSS_SELECTOR, "progress.bar")
    assert bar.get_attribute("value") == bar.get_attribute("max") == "2"
    statuses = [cell.text for cell in batch.find_elements(By.CSS_SELECTOR, "td.status")]
    assert statuses == ["已完成", "已完成"]
    assert "批次 1 已完成" in driver.find_element(By.ID, "upload-message").text
    shot("02-batch-done")

    # The anomaly list holds the sample's findings.
    driver.get(served.base_url + "/anomalies")
    rows = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#anomalies tbody tr.sev-error"))
    first_count = len(driver.find_elements(By.CSS_SELECTOR, "#anomalies tbody tr"))
    shot("03-anomalies")

    # Change one anomaly's status with a note (the bulk form, one row ticked).
    target = rows[0]
    target_id = target.get_attribute("data-id")
    target.find_element(By.CSS_SELECTOR, "input.pick").click()
    Select(driver.find_element(By.ID, "bulk-status")).select_by_value("confirmed")
    driver.find_element(By.ID, "bulk-note").send_keys("已核实，请单位更正")
    driver.find_element(By.ID, "bulk-apply").click()
    wait.until(lambda d: "已更新 1 条" in d.find_element(By.ID, "bulk-message").text)
    row = driver.find_element(By.CSS_SELECTOR, f'#anomalies tr[data-id="{target_id}"]')
    # confirmed; the unit may already have been emailed about it on audit (then marked so)
    assert row.find_element(By.CSS_SELECTOR, "td.status").text in ("已确认", "已确认（已通知单位）")
    assert row.find_element(By.CSS_SELECTOR, "td.note").text == "已核实，请单位更正"
    api = httpx.Client(base_url=served.base_url, headers={"Authorization": f"Bearer {served.token}"})
    history = api.get(f"/api/anomalies/{target_id}").json()["history"]
    assert history[-1]["to"] == "confirmed" and history[-1]["who"] == "浏览器测试"
    shot("04-status-changed")

    # A second batch lands (uploaded by someone else): the open list grows without a reload, and
    # so does the unit's bar in the chart by unit.
    def unit_bar(d: WebDriver) -> int:
        values = d.find_elements(By.CSS_SELECTOR, '#chart-unit g[data-label="白水县卫生健康局"] text.value')
        return int(values[0].text) if values else 0

    bar_before = unit_bar(driver)
    assert bar_before > 0
    driver.execute_script("window.__noReload = true;")
    second = _second_sample(tmp_path / "second.pdf")
    response = api.post("/api/batches", files=[("files", ("second.pdf", second.read_bytes()))])
    assert response.status_code == 202, response.text
    wait.until(
        lambda d: any("second.pdf" in r.text for r in d.find_elements(By.CSS_SELECTOR, "#anomalies tbody tr"))
    )
    assert driver.execute_script("return window.__noReload === true;")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#anomalies tbody tr")) > first_count
    wait.until(lambda d: unit_bar(d) > bar_before)
    # the unit was emailed about the second document too: its rows say so, still without a reload
    wait.until(
        lambda d: any(
            "second.pdf" in r.text and "（已通知单位）" in r.find_element(By.CSS_SELECTOR, "td.status").text
            for r in d.find_elements(By.CSS_SELECTOR, "#anomalies tbody tr.sev-error")
        )
    )
    assert driver.execute_script("return window.__noReload === true;")
    shot("05-anomalies-live")

    # Open the defective sample at one of its findings: the page image with the boxed evidence.
    row = next(
        r for r in driver.find_elements(By.CSS_SELECTOR, "#anomalies tbody tr") if "defective.pdf" in r.text
    )
    link = row.find_element(By.CSS_SELECTOR, "a")
    document_url = link.get_attribute("href")
    assert document_url and "/documents/" in document_url
    driver.get(document_url.split("#")[0])
    findings = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".finding"))
    boxed = [
        f
        for f in findings
        if driver.find_elements(
            By.CSS_SELECTOR, f'rect.box[data-finding="{f.get_attribute("data-finding")}"]'
        )
    ]
    assert boxed, "some finding has evidence boxes on a page image"
    pick = next((f for f in boxed if "sev-error" in (f.get_attribute("class") or "")), boxed[0])
    pick.click()
    finding_id = pick.get_attribute("data-finding")
    highlighted = wait.until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'rect.box.hl[data-finding="{finding_id}"]')
    )
    page = highlighted[0].find_element(By.XPATH, "ancestor::figure[contains(@class,'page')]")
    image = page.find_element(By.TAG_NAME, "img")
    wait.until(
        lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", image)
    )
    box = highlighted[0].rect
    picture = image.rect
    assert box["width"] > 5 and box["height"] > 5, box
    assert picture["x"] <= box["x"] <= box["x"] + box["width"] <= picture["x"] + picture["width"] + 1
    assert picture["y"] <= box["y"] <= box["y"] + box["height"] <= picture["y"] + picture["height"] + 1
    # The page scrolled to the highlighted box.
    wait.until(
        lambda d: d.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight;",
            highlighted[0],
        )
    )
    shot("06-document-evidence")

    # Change a finding's status on the document page itself.
    form = pick.find_element(By.CSS_SELECTOR, "form.finding-status")
    Select(form.find_element(By.TAG_NAME, "select")).select_by_value("dismissed")
    form.find_element(By.CSS_SELECTOR, "input.note-input").send_keys("单位已说明")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait.until(lambda d: form.find_element(By.CSS_SELECTOR, ".message").text == "已更新")
    assert pick.find_element(By.CSS_SELECTOR, "header .status").text == "已驳回"
    assert api.get(f"/api/anomalies/{finding_id}").json()["status"] == "dismissed"

    # 单位 and 规则: the unit with its contact; the rules that fired, one confirmed.
    driver.get(served.base_url + "/units")
    unit_row = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#units tbody tr[data-unit]"))[0]
    assert "白水县卫生健康局" in unit_row.text and "张三" in unit_row.text
    # its alert history: one letter per document with defects (defective.pdf, second.pdf; the
    # dropped text is clean), each delivered at the first attempt
    history = driver.find_elements(By.CSS_SELECTOR, "#alerts tbody tr")
    assert len(history) == len(smtp_server[1].messages) == 2
    assert all("已送达" in r.text and "邮件" in r.text and "尝试1次" in r.text for r in history)
    # An administrator registers a unit with the form (POST /api/units with the cookie + CSRF header).
    form = driver.find_element(By.ID, "new-unit")
    form.find_element(By.NAME, "name").send_keys("黑水县财政局")
    form.find_element(By.NAME, "aliases").send_keys("黑水财政")
    form.find_element(By.NAME, "emails").send_keys("heishui@example.org")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait.until(lambda d: "已登记" in d.find_element(By.ID, "new-unit-message").text)
    driver.refresh()
    rows = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#units tbody tr[data-unit]"))
    assert any("黑水县财政局" in r.text and "heishui@example.org" in r.text for r in rows)
    shot("07-units")
    driver.get(served.base_url + "/rules")
    confirmed_rule = api.get(f"/api/anomalies/{target_id}").json()["rule_id"]
    rule_row = driver.find_element(By.CSS_SELECTOR, f'#rules tr[data-rule="{confirmed_rule}"]')
    assert int(rule_row.find_element(By.CSS_SELECTOR, "td.fired").text) >= 1
    assert int(rule_row.find_element(By.CSS_SELECTOR, "td.confirmed").text) >= 1
    shot("08-rules")

    # A text document: its lines beside the findings; a finding's evidence lines light up.
    dropped = next(d for d in api.get("/api/batches/1").json()["documents"] if d["filename"] == "dropped.txt")
    driver.get(f"{served.base_url}/documents/{dropped['id']}")
    lines = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#text li.ev"))
    finding_id = lines[-1].get_attribute("data-findings").split()[0]
    driver.find_element(By.ID, f"finding-{finding_id}").click()
    lit = wait.until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f'#text li.hl[data-findings~="{finding_id}"]')
    )
    wait.until(
        lambda d: d.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;",
            lit[0],
        )
    )
    shot("09-text-document")
