// The dashboard's small chart library (no dependency, served by the app like every asset):
// horizontal bars (anomalies by rule, by unit) and a stacked bar (a batch's documents by status),
// drawn as SVG. Labels come from documents (unit names), so they go in with textContent only.
"use strict";

window.AuditorCharts = (function () {
  const NS = "http://www.w3.org/2000/svg";
  const ROW = 22;
  const WIDTH = 420;

  function svg(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(figure) {
    for (const child of Array.from(figure.children)) {
      if (child.tagName.toLowerCase() !== "figcaption") child.remove();
    }
  }

  function shorten(label, size) {
    const chars = Array.from(String(label));
    return chars.length > size ? chars.slice(0, size - 1).join("") + "…" : chars.join("");
  }

  // rows: [[label, count], …] largest first; the same drawing as templates/chart.html.
  function bars(figure, rows) {
    clear(figure);
    const caption = figure.querySelector("figcaption");
    if (!rows.length) {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "暂无数据";
      figure.append(empty);
      return;
    }
    const top = Math.max(1, ...rows.map((row) => row[1]));
    const height = rows.length * ROW + 4;
    const root = svg("svg", {
      viewBox: "0 0 " + WIDTH + " " + height,
      width: WIDTH,
      height: height,
      role: "img",
      "aria-label": caption ? caption.textContent : "",
    });
    rows.forEach(([label, count], index) => {
      const width = Math.round((2000 * count) / top) / 10;
      const group = svg("g", { transform: "translate(0," + (index * ROW + 2) + ")", "data-label": label });
      group.append(svg("text", { x: 0, y: 14, class: "label" }, shorten(label, 14)));
      const bar = svg("rect", { x: 170, y: 3, height: 14, width: width, class: "bar" });
      bar.append(svg("title", {}, label + "：" + count));
      group.append(bar, svg("text", { x: 174 + width, y: 14, class: "value" }, count));
      root.append(group);
    });
    figure.append(root);
  }

  // parts: [[name, count, css class], …] drawn side by side on one bar, with a legend.
  function stacked(figure, parts) {
    clear(figure);
    const total = parts.reduce((sum, part) => sum + part[1], 0);
    const root = svg("svg", { viewBox: "0 0 " + WIDTH + " 18", width: WIDTH, height: 18, role: "img" });
    root.append(svg("rect", { x: 0, y: 2, width: WIDTH, height: 14, class: "track" }));
    let x = 0;
    for (const [name, count, cls] of parts) {
      if (!count) continue;
      const width = total ? (WIDTH * count) / total : 0;
      const segment = svg("rect", { x: x, y: 2, width: width, height: 14, class: "seg " + cls });
      segment.append(svg("title", {}, name + "：" + count));
      root.append(segment);
      x += width;
    }
    const legend = document.createElement("p");
    legend.className = "legend";
    legend.textContent = parts.map((part) => part[0] + " " + part[1]).join(" · ");
    root.setAttribute("aria-label", legend.textContent);
    figure.append(root, legend);
  }

  return { bars: bars, stacked: stacked };
})();
