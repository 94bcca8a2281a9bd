"""Hand-built audit results for the store tests (real model classes, nothing mocked)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from auditor.result import DocumentResult
from ingest.model import Amount, Cell, Disclosure, Location, Row, Table
from rules.findings import AuditOutcome, Finding, NotEvaluated


def sha256(label: str) -> str:
    """A content hash standing for a document's bytes."""
    return hashlib.sha256(label.encode("utf-8")).hexdigest()


def cell(
    table: str,
    row: str,
    column: str,
    text: str,
    value: str | None,
    decimals: int = 2,
    page: int = 3,
    unit: str = "万元",
) -> Cell:
    """A printed cell; `value` None makes it blank."""
    amount = Amount(Decimal(value), decimals, unit) if value is not None else None
    return Cell(
        table=table,
        row=row,
        column=column,
        text=text,
        amount=amount,
        loc=Location(page=page, bbox=(100.0, 200.5, 150.25, 212.0)),
    )


def table_03() -> Table:
    """公开03表 fragment: one detail row, its total row, and a blank cell."""
    detail = Row(key="2010101 行政运行", label="行政运行", code="2010101", domain="func", level=3)
    detail.cells = {
        "合计": cell("03", detail.key, "合计", "1, 049. 22", "1049.22"),
        "基本支出": cell("03", detail.key, "基本支出", "1049.21", "1049.21"),
        "项目支出": cell("03", detail.key, "项目支出", "", None),
    }
    total = Row(key="合计", label="合计", role="total")
    total_cell = cell("03", "合计", "合计", "1049.22", "1049.22")
    total_cell.loc = Location(page=4, line=42)
    total_cell.uncertain = True
    total.cells = {"合计": total_cell}
    return Table(
        id="03",
        title="一般公共预算财政拨款支出决算表",
        columns=list(detail.cells),
        rows=[detail, total],
        pages=[3],
    )


def rounding_finding() -> Finding:
    """A 尾差 finding on the detail row (0.01 apart)."""
    detail = table_03().rows[0]
    return Finding(
        rule_id="ARITH-ROW-SUM",
        severity="info",
        message="行合计与基本支出、项目支出之和相差0.01万元（尾差）",
        outcome="rounding",
        expected="1049.21",
        actual="1049.22",
        difference="0.01",
        tolerance="0.015",
        evidence=[detail.cells["合计"].evidence(), detail.cells["基本支出"].evidence()],
    )


def broken_finding() -> Finding:
    """A real inconsistency between 03表 and 01表."""
    return Finding(
        rule_id="CROSS-03-01",
        severity="error",
        message="公开03表支出合计与公开01表不一致",
        expected="1149.22",
        actual="1049.22",
        difference="-100.00",
        tolerance="0.01",
        evidence=[
            {"table": "03", "row": "合计", "column": "合计", "value": "1049.22", "page": 3},
            {"table": "01", "row": "本年支出合计", "column": "决算数", "value": "1149.22", "page": 1},
        ],
    )


def narrative_finding() -> Finding:
    """A narrative claim finding (evidence without table/row/column)."""
    return Finding(
        rule_id="NARR-TOTAL",
        severity="warning",
        message="情况说明中的支出总额与公开01表不一致",
        expected="1149.22",
        actual="1150.00",
        difference="0.78",
        evidence=[{"quote": "本年支出合计1150.00万元", "page": 5, "line": None}],
    )


def ok_result(
    label: str = "doc-a",
    findings: list[Finding] | None = None,
    source: str = "in/部门决算.pdf",
) -> DocumentResult:
    """A successfully audited 部门决算 with table 03, findings and one not-evaluated check."""
    disclosure = Disclosure(
        source=source,
        kind="final_account",
        level="department",
        unit="某市财政局",
        year=2023,
        pages=20,
        tables={"03": table_03()},
        quality={"text_layer": True, "tables_found": 1},
    )
    outcome = AuditOutcome(
        findings=[rounding_finding(), broken_finding(), narrative_finding()]
        if findings is None
        else findings,
        not_evaluated=[NotEvaluated(rule_id="HIER-05", reason="缺少公开05表", table="05")],
        checks_run=12,
        checks_held=9,
        facts=4,
    )
    return DocumentResult(
        source=source,
        status="ok",
        content_hash=sha256(label),
        file_name=source.rsplit("/", 1)[-1],
        disclosure=disclosure,
        outcome=outcome,
    )


def failed_result(label: str | None = "broken-pdf", error: str = "PDF has no text layer") -> DocumentResult:
    """A document that failed; without `label` it has no content hash (unreadable path)."""
    return DocumentResult(
        source="in/坏文件.pdf",
        status="failed",
        error=error,
        content_hash=sha256(label) if label is not None else None,
        file_name="坏文件.pdf",
    )


def big_result(cells: int = 3000, label: str = "big") -> DocumentResult:
    """A document with `cells` printed figures over a few tables."""
    tables: dict[str, Table] = {}
    columns = ["合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    made = 0
    table_no = 0
    while made < cells:
        table_no += 1
        table_id = f"{table_no:02d}"
        table = Table(id=table_id, title=f"公开{table_id}表", columns=columns)
        for r in range(200):
            if made >= cells:
                break
            row = Row(key=f"{2010000 + r} 科目{r}", label=f"科目{r}", code=str(2010000 + r))
            for c in columns:
                if made >= cells:
                    break
                value = str(Decimal(made * 7) + Decimal(made % 100).scaleb(-2))
                row.cells[c] = cell(table_id, row.key, c, value, value, page=table_no)
                made += 1
            table.rows.append(row)
        tables[table_id] = table
    return DocumentResult(
        source="in/big.pdf",
        status="ok",
        content_hash=sha256(label),
        file_name="big.pdf",
        disclosure=Disclosure(source="in/big.pdf", tables=tables),
        outcome=AuditOutcome(findings=[broken_finding()]),
    )
