"""How much the audit costs beside bare PDF extraction, on the text-layer PDFs of ../shared/corpus.

For each `*_office.pdf` and `*_xlsx.pdf`: the median time of `auditor.pipeline.audit_document`
(what `auditor audit` runs for one document, in-process, without the store), the median time of
bare pdfplumber (open, then `extract_text` and `extract_tables` on every page), their ratio,
pages per second of the audit, and the time of the rules step alone. Goals: ratio ≤ 1.3, rules
under 50 ms per document.

    .venv/bin/python benchmarks/bench_audit.py [--repeats N] [PDF ...]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from auditor.logs import configure_logging
from auditor.pipeline import audit_document
from auditor.result import DocumentResult

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PATTERNS = ("*_office.pdf", "*_xlsx.pdf")
# Runs per file and method; the median is reported.
REPEATS = 3
GOAL_RATIO = 1.3
GOAL_RULES_SECONDS = 0.050


def bare_pdfplumber(data: bytes) -> int:
    """Text and tables of every page, pdfplumber's defaults: the floor any PDF audit stands on."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
        return len(pdf.pages)


def audit(path: Path, data: bytes) -> DocumentResult:
    """`audit_document` as the CLI calls it; a crash becomes a failed result so the run goes on."""
    try:
        return audit_document(str(path), data, path.name)
    except Exception as exc:
        return DocumentResult(str(path), "failed", error=f"crashed: {type(exc).__name__}: {exc}")


def median_seconds(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median wall time of `repeats` calls, and the last call's return value."""
    times: list[float] = []
    value: object = None
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main(argv: list[str] | None = None) -> int:
    """Measure each PDF and print one row per file, then the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pdfs", nargs="*", type=Path, help=f"PDFs to measure (default: {PATTERNS} in {CORPUS})"
    )
    parser.add_argument("--repeats", type=int, default=REPEATS, help=f"runs per file (default {REPEATS})")
    args = parser.parse_args(argv)
    configure_logging(0)

    pdfs: list[Path] = args.pdfs or sorted(p for pattern in PATTERNS for p in CORPUS.glob(pattern))
    if not pdfs:
        print(f"benchmark skipped: no text-layer PDFs found ({CORPUS} absent or empty)")
        return 0

    header = f"{'file':<22} {'pages':>5} {'pdfplumber s':>12} {'audit s':>8} {'ratio':>6} {'pages/s':>8} {'rules ms':>9}  status"
    print(header)
    print("-" * len(header))
    total_bare = total_audit = 0.0
    total_pages = 0
    ok_bare = ok_audit = 0.0  # the goals are judged on the documents that were audited
    rules_ms: list[float] = []
    for path in pdfs:
        data = path.read_bytes()
        bare_s, pages = median_seconds(lambda data=data: bare_pdfplumber(data), args.repeats)
        audit_s, result = median_seconds(lambda data=data, path=path: audit(path, data), args.repeats)
        assert isinstance(result, DocumentResult) and isinstance(pages, int)
        rules = result.outcome.seconds * 1000
        if result.status == "ok":
            status = f"ok, {len(result.findings)} findings"
            rules_ms.append(rules)
            ok_bare += bare_s
            ok_audit += audit_s
        else:
            status = f"failed: {result.error}"
        total_bare += bare_s
        total_audit += audit_s
        total_pages += pages
        print(
            f"{path.name:<22} {pages:>5} {bare_s:>12.3f} {audit_s:>8.3f} {audit_s / bare_s:>6.2f} "
            f"{pages / audit_s:>8.1f} {rules:>9.1f}  {status}"
        )
    print("-" * len(header))
    print(
        f"{'total':<22} {total_pages:>5} {total_bare:>12.3f} {total_audit:>8.3f} {total_audit / total_bare:>6.2f} "
        f"{total_pages / total_audit:>8.1f} {max(rules_ms, default=0.0):>9.1f}  (rules: max)"
    )
    failed = len(pdfs) - len(rules_ms)
    if not rules_ms:
        print(f"goals not assessed: all {failed} documents failed")
        return 0
    ratio = ok_audit / ok_bare
    worst = max(rules_ms)
    print(
        f"goal ratio ≤ {GOAL_RATIO}: {'met' if ratio <= GOAL_RATIO else 'not met'} ({ratio:.2f}); "
        f"goal rules < {GOAL_RULES_SECONDS * 1000:.0f} ms/document: "
        f"{'met' if worst < GOAL_RULES_SECONDS * 1000 else 'not met'} "
        f"(max {worst:.1f} ms, median {statistics.median(rules_ms):.1f} ms)"
        + (f"; {failed} documents failed and are left out" if failed else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
