"""The audit report: a text report for the terminal (rich) and the JSON document of the contract.

Both are built from the same `AuditedDocument`s: a `DocumentResult` and what became of storing it.
All text that comes from a document is printed as plain text, never read as rich markup.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from auditor.result import DocumentResult
from rules.findings import Finding, Severity

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLES: dict[str, str] = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_MARKS: dict[str, str] = {"error": "✗", "warning": "!", "info": "·"}
KIND_LABELS: dict[str, str] = {"final_account": "决算", "budget": "预算"}
LEVEL_LABELS: dict[str, str] = {"department": "部门", "unit": "单位"}
# How many not-evaluated checks the text report names before it only counts the rest.
NOT_EVALUATED_SHOWN = 6
# How many pieces of evidence a finding lists in the text report (the JSON report has all).
EVIDENCE_SHOWN = 6


@dataclass
class AuditedDocument:
    """One document of a batch as the report shows it: its result and whether the store kept it."""

    result: DocumentResult
    stored: bool | None = None  # None: storing was not asked for (--no-store)
    document_id: int | None = None  # the store's id of the document, when it was stored
    store_error: str | None = None  # why storing failed

    def to_json(self) -> dict[str, object]:
        """The document's entry of `documents` in the JSON contract, with the store's outcome."""
        entry = self.result.to_json()
        entry["stored"] = self.stored
        entry["document_id"] = self.document_id
        if self.store_error:
            entry["store_error"] = self.store_error
        return entry


@dataclass(frozen=True)
class Summary:
    """Counts over a batch: documents, failures, and findings by severity."""

    documents: int
    failed: int
    not_stored: int
    by_severity: dict[str, int]

    def line(self) -> str:
        """The closing line of the text report."""
        counts = "，".join(f"{SEVERITY_LABELS[s]} {self.by_severity.get(s, 0)} 条" for s in SEVERITIES)
        text = f"{self.documents} 份文档，{self.failed} 份失败；{counts}"
        if self.not_stored:
            text += f"；{self.not_stored} 份未能保存"
        return text

    def to_json(self) -> dict[str, object]:
        """JSON form (an extra field of the contract)."""
        return {
            "documents": self.documents,
            "failed": self.failed,
            "not_stored": self.not_stored,
            "findings": {s: self.by_severity.get(s, 0) for s in SEVERITIES},
        }


def summarize(batch: Sequence[AuditedDocument]) -> Summary:
    """Count documents, failures, store failures and findings by severity."""
    severities = Counter(f.severity for item in batch for f in item.result.findings)
    return Summary(
        documents=len(batch),
        failed=sum(1 for item in batch if item.result.status != "ok"),
        not_stored=sum(1 for item in batch if item.store_error),
        by_severity=dict(severities),
    )


def render_json(batch: Sequence[AuditedDocument]) -> str:
    """The whole batch as the JSON document of the contract: {"documents": [...], "summary": {...}}."""
    doc = {"documents": [item.to_json() for item in batch], "summary": summarize(batch).to_json()}
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str)


def kind_label(kind: str | None, level: str | None) -> str:
    """'部门决算', '单位预算', '决算' … or '未识别' when the kind was not recognised."""
    if kind not in KIND_LABELS:
        return "未识别"
    return LEVEL_LABELS.get(level or "", "") + KIND_LABELS[kind]


def table_label(table: object) -> str:
    """'公开03表' for a standard table id, the id itself followed by 表 otherwise."""
    text = str(table)
    return f"公开{text}表" if text.isdigit() else f"{text}表"


def describe_location(evidence: dict[str, object]) -> str:
    """Where one piece of evidence stands: '公开03表 · 2101501 行政运行 · 基本支出 · 第14页 · 129.81'."""
    parts: list[str] = []
    if evidence.get("table"):
        parts.append(table_label(evidence["table"]))
    for key in ("row", "column"):
        if evidence.get(key):
            parts.append(str(evidence[key]))
    if evidence.get("page") is not None:
        parts.append(f"第{evidence['page']}页")
    if evidence.get("line") is not None:
        parts.append(f"第{evidence['line']}行")
    shown = evidence.get("value") if evidence.get("value") is not None else evidence.get("quote")
    if shown not in (None, ""):
        parts.append(" ".join(str(shown).split()))
    return " · ".join(parts)


def _figures(finding: Finding) -> str:
    parts = []
    if finding.expected is not None:
        parts.append(f"应为 {finding.expected}")
    if finding.actual is not None:
        parts.append(f"实为 {finding.actual}")
    if finding.difference is not None:
        parts.append(f"相差 {finding.difference}")
    if finding.tolerance is not None:
        parts.append(f"容差 {finding.tolerance}")
    return "，".join(parts)


def _document_header(console: Console, result: DocumentResult) -> None:
    console.print(Text(result.source, style="bold"))
    if result.status != "ok":
        console.print(Text.assemble("  ", ("✗ 失败：", "bold red"), result.error or "原因不明"))
        return
    d = result.disclosure
    if d is None:
        return
    tables = " ".join(sorted(d.tables)) or "无"
    console.print(
        Text.assemble(
            "  单位 ",
            (d.unit or "未识别", "bold"),
            "  年度 ",
            (str(d.year) if d.year else "未识别", "bold"),
            "  类型 ",
            (kind_label(d.kind, d.level), "bold"),
            f"  {d.pages} 页" if d.pages else "",
            f"  表 {tables}",
        )
    )


def _findings(console: Console, result: DocumentResult) -> None:
    if result.status == "ok" and not result.findings:
        console.print(Text("  未发现问题", style="green"))
    for severity in SEVERITIES:
        group = sorted((f for f in result.findings if f.severity == severity), key=lambda f: f.rule_id)
        if not group:
            continue
        style = SEVERITY_STYLES[severity]
        console.print(Text(f"  {SEVERITY_LABELS[severity]} {len(group)} 条", style=style))
        for finding in group:
            console.print(
                Text.assemble(
                    "    ", (f"{SEVERITY_MARKS[severity]} {finding.rule_id}", style), "  ", finding.message
                )
            )
            figures = _figures(finding)
            if figures:
                console.print(Text(f"        {figures}", style="dim"))
            for evidence in finding.evidence[:EVIDENCE_SHOWN]:
                console.print(Text(f"        {describe_location(evidence)}", style="dim"))
            if len(finding.evidence) > EVIDENCE_SHOWN:
                console.print(Text(f"        …… 另 {len(finding.evidence) - EVIDENCE_SHOWN} 处", style="dim"))


def _not_evaluated(console: Console, result: DocumentResult) -> None:
    skipped = result.not_evaluated
    if not skipped:
        return
    named = "；".join(f"{n.rule_id}（{n.reason}）" for n in skipped[:NOT_EVALUATED_SHOWN])
    more = f"；另 {len(skipped) - NOT_EVALUATED_SHOWN} 项" if len(skipped) > NOT_EVALUATED_SHOWN else ""
    console.print(Text(f"  未评估 {len(skipped)} 项：{named}{more}", style="dim"))


def render_text(console: Console, batch: Sequence[AuditedDocument]) -> None:
    """Print the text report: per document what was recognised and its findings, then a summary."""
    for index, item in enumerate(batch):
        if index:
            console.print()
        result = item.result
        _document_header(console, result)
        _findings(console, result)
        _not_evaluated(console, result)
        if result.status == "ok" and result.outcome.checks_run:
            console.print(
                Text(
                    f"  检查 {result.outcome.checks_run} 项，{result.outcome.checks_held} 项无误", style="dim"
                )
            )
        if item.store_error:
            console.print(Text.assemble("  ", ("! 未能保存到数据库：", "yellow"), item.store_error))
    summary = summarize(batch)
    console.print()
    style = "bold red" if summary.failed or summary.by_severity.get("error") else "bold green"
    console.print(Text(summary.line(), style=style))
