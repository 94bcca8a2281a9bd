// The dashboard's script: uploads with progress, batch polling, live anomaly list, bulk status
// changes, and the document page's finding ↔ evidence-box highlighting. Plain JS, no library.
// Text from documents is only ever put into the page with textContent (never innerHTML).
"use strict";

(function () {
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const BATCH_NAMES = { queued: "排队中", running: "审核中", done: "已完成", failed: "失败" };

  function api(url, options) {
    options = Object.assign({ credentials: "same-origin", headers: {} }, options || {});
    const method = (options.method || "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") options.headers["X-CSRF-Token"] = csrf;
    return fetch(url, options);
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  async function detail(response) {
    try {
      const body = await response.json();
      return typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (e) {
      return response.status + " " + response.statusText;
    }
  }

  // -- 批次 ---------------------------------------------------------------------------------

  // A batch's documents by status, drawn as one stacked bar (charts.js).
  function drawBatchChart(article, statuses) {
    const figure = article.querySelector("figure.batch-chart");
    if (!figure || !window.AuditorCharts) return;
    const count = (name) => statuses.filter((s) => s === name).length;
    window.AuditorCharts.stacked(figure, [
      ["已完成", count("done"), "s-done"],
      ["失败", count("failed"), "s-failed"],
      ["审核中", count("running"), "s-running"],
      ["排队中", count("queued"), "s-queued"],
    ]);
    figure.dataset.done = String(count("done") + count("failed"));
    figure.dataset.total = String(statuses.length);
  }

  function renderBatch(article, batch) {
    article.dataset.status = batch.status;
    const status = article.querySelector("header .status");
    status.className = "status s-" + batch.status;
    status.textContent = BATCH_NAMES[batch.status] || batch.status;
    const p = batch.progress;
    const bar = article.querySelector("progress.bar");
    bar.max = Math.max(p.total, 1);
    bar.value = p.done + p.failed;
    article.querySelector(".count").textContent =
      p.done + p.failed + " / " + p.total + (p.failed ? "（失败 " + p.failed + "）" : "");
    const body = article.querySelector("table.docs tbody");
    body.replaceChildren();
    for (const doc of batch.documents || []) {
      const row = el("tr", { "data-document": doc.id === null ? "" : doc.id, "data-status": doc.status });
      const name = el("td");
      if (doc.id !== null) name.append(el("a", { href: "/documents/" + doc.id }, doc.filename));
      else name.textContent = doc.filename;
      row.append(name, el("td", { class: "status s-" + doc.status }, BATCH_NAMES[doc.status] || doc.status));
      row.append(el("td", { class: "reason" }, doc.error || ""));
      body.append(row);
    }
    drawBatchChart(article, (batch.documents || []).map((doc) => doc.status));
  }

  function newBatchArticle(batch) {
    const article = el("article", { class: "batch", "data-batch": batch.batch_id || batch.id });
    const header = el("header");
    header.append(el("strong", {}, "批次 " + (batch.batch_id || batch.id)), el("span", { class: "status" }));
    header.append(el("a", { href: "/anomalies?batch_id=" + (batch.batch_id || batch.id) }, "查看异常"));
    const table = el("table", { class: "docs" });
    const head = el("thead");
    const tr = el("tr");
    for (const title of ["文件", "状态", "原因"]) tr.append(el("th", {}, title));
    head.append(tr);
    table.append(head, el("tbody"));
    const chart = el("figure", { class: "chart batch-chart" });
    article.append(header, el("progress", { class: "bar", max: "1", value: "0" }), el("span", { class: "count" }), chart, table);
    return article;
  }

  function pollBatch(article) {
    const id = article.dataset.batch;
    const tick = async () => {
      try {
        const response = await api("/api/batches/" + id);
        if (response.ok) {
          const batch = await response.json();
          renderBatch(article, batch);
          if (batch.status === "done" || batch.status === "failed") {
            const message = document.getElementById("upload-message");
            if (message && message.dataset.batch === String(id)) {
              message.textContent = "批次 " + id + " " + (BATCH_NAMES[batch.status] || batch.status) + "。";
            }
            return;
          }
        }
      } catch (e) { /* network hiccup: try again */ }
      setTimeout(tick, 1000);
    };
    tick();
  }

  function setupAlertModes() {
    for (const select of document.querySelectorAll(".alert-mode select")) {
      select.addEventListener("change", async () => {
        const message = select.parentElement.querySelector(".message");
        const response = await api("/api/batches/" + select.dataset.batch + "/alert-mode", {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ alert_mode: select.value || null }),
        });
        message.textContent = response.ok ? "已保存" : "未保存：" + (await detail(response));
      });
    }
  }

  function setupBatches() {
    setupAlertModes();
    for (const article of document.querySelectorAll("article.batch")) {
      const statuses = Array.from(article.querySelectorAll("table.docs tbody tr")).map((row) => row.dataset.status);
      drawBatchChart(article, statuses);
      if (article.dataset.status === "queued" || article.dataset.status === "running") pollBatch(article);
    }
    const form = document.getElementById("upload-form");
    if (!form) return;
    const zone = document.getElementById("dropzone");
    const input = document.getElementById("files");
    const picked = document.getElementById("picked");
    const message = document.getElementById("upload-message");
    const progress = document.getElementById("upload-progress");
    let files = [];
    const show = () => {
      picked.replaceChildren(...files.map((f) => el("li", {}, f.name + "（" + Math.ceil(f.size / 1024) + " KB）")));
    };
    input.addEventListener("change", () => { files = files.concat(Array.from(input.files)); show(); });
    for (const name of ["dragenter", "dragover"]) {
      zone.addEventListener(name, (event) => { event.preventDefault(); zone.classList.add("over"); });
    }
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      files = files.concat(Array.from(event.dataTransfer.files));
      show();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!files.length) { message.textContent = "请先选择或拖入文件。"; return; }
      const data = new FormData();
      for (const file of files) data.append("files", file, file.name);
      const unit = document.getElementById("unit");
      if (unit && unit.value) data.append("unit", unit.value);
      if (form.querySelector('input[name="reaudit"]').checked) data.append("reaudit", "true");
      const request = new XMLHttpRequest();
      request.open("POST", "/api/batches");
      request.setRequestHeader("X-CSRF-Token", csrf);
      progress.hidden = false;
      progress.value = 0;
      message.textContent = "上传中…";
      request.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) progress.value = Math.round((100 * e.loaded) / e.total);
      });
      request.addEventListener("load", () => {
        let body = {};
        try { body = JSON.parse(request.responseText); } catch (e) { /* not JSON */ }
        if (request.status !== 202) {
          message.textContent = "上传失败：" + (body.detail || request.status);
          return;
        }
        progress.value = 100;
        message.textContent = "已上传，批次 " + body.batch_id + "，审核中…";
        message.dataset.batch = String(body.batch_id);
        files = [];
        input.value = "";
        show();
        const empty = document.getElementById("no-batches");
        if (empty) empty.remove();
        const article = newBatchArticle(body);
        document.getElementById("batches").prepend(article);
        renderBatch(article, {
          status: body.status,
          documents: body.documents,
          progress: {
            total: body.documents.length,
            done: body.documents.filter((d) => d.status === "done").length,
            failed: body.documents.filter((d) => d.status === "failed").length,
          },
        });
        pollBatch(article);
      });
      request.addEventListener("error", () => { message.textContent = "上传失败：网络错误"; });
      request.send(data);
    });
  }

  // -- 异常 ---------------------------------------------------------------------------------

  function setupAnomalies() {
    const table = document.getElementById("anomalies");
    if (!table) return;
    const labels = JSON.parse(document.getElementById("labels").textContent);
    const canEdit = table.dataset.canEdit === "true";
    const body = table.querySelector("tbody");
    const count = document.getElementById("row-count");
    const state = document.getElementById("live-state");
    let since = table.dataset.since;
    let etag = null;
    let chartsBusy = false;
    let chartsAgain = false;

    // The charts by rule and by unit are redrawn whenever the poll brought changes.
    async function refreshCharts() {
      if (!window.AuditorCharts) return;
      if (chartsBusy) { chartsAgain = true; return; }
      chartsBusy = true;
      try {
        const response = await api("/anomalies/charts", { cache: "no-store" });
        if (response.ok) {
          const data = await response.json();
          const byRule = document.getElementById("chart-rule");
          const byUnit = document.getElementById("chart-unit");
          if (byRule) window.AuditorCharts.bars(byRule, data.by_rule);
          if (byUnit) window.AuditorCharts.bars(byUnit, data.by_unit);
        }
      } catch (e) { /* the next change tries again */ }
      chartsBusy = false;
      if (chartsAgain) { chartsAgain = false; refreshCharts(); }
    }

    function fillRow(row, item) {
      row.replaceChildren();
      row.dataset.id = item.id;
      row.dataset.status = item.status;
      row.className = "sev-" + item.severity;
      if (canEdit) {
        const cell = el("td");
        cell.append(el("input", { type: "checkbox", class: "pick", value: item.id, "aria-label": "选择异常 " + item.id }));
        row.append(cell);
      }
      row.append(el("td", {}, item.id), el("td", { class: "sev" }, labels.severity[item.severity] || item.severity));
      row.append(el("td", { class: "rule" }, item.rule_id), el("td", {}, item.unit || ""), el("td", {}, item.year || ""));
      const doc = el("td");
      doc.append(el("a", { href: "/documents/" + item.document.id + "#finding-" + item.id }, item.document.filename || item.document.id));
      row.append(doc, el("td", { class: "msg" }, item.message));
      const status = el("td", { class: "status" }, labels.status[item.status] || item.status);
      if (item.notified_at && item.status !== "sent_to_unit") {
        status.append(el("span", { class: "told", title: item.notified_at.slice(0, 16).replace("T", " ") }, "（已通知单位）"));
      }
      row.append(status, el("td", { class: "note" }, item.note || ""));
    }

    function upsert(item) {
      let row = body.querySelector('tr[data-id="' + Number(item.id) + '"]');
      if (row) {
        const checked = row.querySelector("input.pick") && row.querySelector("input.pick").checked;
        fillRow(row, item);
        if (checked) row.querySelector("input.pick").checked = true;
        return;
      }
      row = el("tr");
      fillRow(row, item);
      row.classList.add("fresh");
      body.prepend(row);
      const empty = document.getElementById("no-anomalies");
      if (empty) empty.remove();
    }

    async function poll() {
      const query = table.dataset.query;
      const url = "/api/anomalies?" + (query ? query + "&" : "") + "limit=1000&since=" + encodeURIComponent(since);
      try {
        const headers = etag ? { "If-None-Match": etag } : {};
        const response = await api(url, { headers: headers, cache: "no-store" });
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          const page = await response.json();
          for (const item of page.items) upsert(item);
          since = page.since;
          count.textContent = body.querySelectorAll("tr").length;
          state.textContent = "自动刷新中（" + new Date().toLocaleTimeString("zh-CN") + " 更新）";
          if (page.next_cursor) { setTimeout(poll, 0); return; }
          if (page.items.length) refreshCharts();
        } else if (response.status !== 304) {
          state.textContent = "自动刷新出错：" + (await detail(response));
        }
      } catch (e) {
        state.textContent = "自动刷新暂时中断，正在重试";
      }
      setTimeout(poll, 2000);
    }
    setTimeout(poll, 1000);

    const all = document.getElementById("pick-all");
    if (all) {
      all.addEventListener("change", () => {
        for (const box of body.querySelectorAll("input.pick")) box.checked = all.checked;
      });
    }
    const bulk = document.getElementById("bulk");
    if (bulk) {
      bulk.addEventListener("submit", async (event) => {
        event.preventDefault();
        const message = document.getElementById("bulk-message");
        const ids = Array.from(body.querySelectorAll("input.pick:checked")).map((box) => box.value);
        if (!ids.length) { message.textContent = "请先勾选异常。"; return; }
        const status = document.getElementById("bulk-status").value;
        const note = document.getElementById("bulk-note").value.trim() || null;
        let ok = 0;
        const failed = [];
        for (const id of ids) {
          const response = await api("/api/anomalies/" + id, {
            method: "PATCH",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ status: status, note: note }),
          });
          if (response.ok) { ok += 1; upsert(await response.json()); }
          else failed.push("#" + id + " " + (await detail(response)));
        }
        message.textContent = "已更新 " + ok + " 条" + (failed.length ? "；未更新 " + failed.length + " 条：" + failed.join("；") : "。");
      });
    }
  }

  // -- 文档 ---------------------------------------------------------------------------------

  function setupDocument() {
    const findings = document.querySelectorAll(".finding");
    function focus(finding, scroll) {
      for (const other of document.querySelectorAll(".finding.active")) other.classList.remove("active");
      for (const box of document.querySelectorAll("rect.box.hl")) box.classList.remove("hl");
      finding.classList.add("active");
      const id = finding.dataset.finding;
      const boxes = document.querySelectorAll('rect.box[data-finding="' + Number(id) + '"]');
      for (const box of boxes) box.classList.add("hl");
      for (const line of document.querySelectorAll("li.ev.hl")) line.classList.remove("hl");
      const lines = document.querySelectorAll('li.ev[data-findings~="' + Number(id) + '"]');
      for (const line of lines) line.classList.add("hl");
      if (!scroll) return;
      if (lines.length && !boxes.length) { lines[0].scrollIntoView({ behavior: "smooth", block: "center" }); return; }
      const page = boxes.length ? boxes[0].closest(".page") : document.getElementById("page-" + finding.dataset.page);
      if (page) page.scrollIntoView({ behavior: "smooth", block: "start" });
    }
    for (const finding of findings) {
      finding.addEventListener("click", () => focus(finding, true));
      finding.addEventListener("keydown", (e) => { if (e.key === "Enter") focus(finding, true); });
    }
    for (const box of document.querySelectorAll("rect.box")) {
      box.addEventListener("click", () => {
        const finding = document.getElementById("finding-" + box.dataset.finding);
        if (finding) { focus(finding, false); finding.scrollIntoView({ behavior: "smooth", block: "nearest" }); }
      });
    }
    for (const form of document.querySelectorAll("form.finding-status")) {
      form.addEventListener("click", (event) => event.stopPropagation());
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const message = form.querySelector(".message");
        const note = form.querySelector(".note-input").value.trim() || null;
        const response = await api("/api/anomalies/" + form.dataset.id, {
          method: "PATCH",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ status: form.querySelector("select").value, note: note }),
        });
        if (!response.ok) { message.textContent = "未更新：" + (await detail(response)); return; }
        const item = await response.json();
        const labels = { open: "待处理", confirmed: "已确认", dismissed: "已驳回", sent_to_unit: "已发送单位", resolved: "已解决" };
        form.closest(".finding").querySelector("header .status").textContent = labels[item.status] || item.status;
        message.textContent = "已更新";
      });
    }
    const reaudit = document.getElementById("reaudit");
    if (reaudit) {
      reaudit.addEventListener("click", async () => {
        const message = document.getElementById("reaudit-message");
        const response = await api("/api/documents/" + reaudit.dataset.document + "/reaudit", { method: "POST" });
        message.textContent = response.ok ? "已重新排队审核，完成后刷新本页查看结果。" : "未能重新审核：" + (await detail(response));
      });
    }
    const wanted = location.hash.match(/^#finding-(\d+)$/);
    if (wanted) {
      const finding = document.getElementById("finding-" + wanted[1]);
      if (finding) focus(finding, true);
    }
  }

  // -- 单位 ---------------------------------------------------------------------------------

  function setupUnits() {
    const form = document.getElementById("new-unit");
    if (!form) return;
    const split = (text) => text.split(/[,，、;；\s]+/).map((t) => t.trim()).filter(Boolean);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const message = document.getElementById("new-unit-message");
      const data = new FormData(form);
      const body = {
        name: String(data.get("name")).trim(),
        aliases: split(String(data.get("aliases") || "")),
        emails: split(String(data.get("emails") || "")),
        webhook_url: String(data.get("webhook_url") || "").trim() || null,
      };
      const response = await api("/api/units", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) { message.textContent = "未登记：" + (await detail(response)); return; }
      const unit = await response.json();
      let text = "已登记“" + unit.name + "”，刷新页面可见。";
      if (unit.webhook_url && unit.webhook_secret) text += "Webhook 签名密钥（只显示这一次，请转交单位）：" + unit.webhook_secret;
      message.textContent = text;
      form.reset();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const page = document.body.dataset.page;
    if (page === "batches") setupBatches();
    else if (page === "anomalies") setupAnomalies();
    else if (page === "document") setupDocument();
    else if (page === "units") setupUnits();
  });
})();
