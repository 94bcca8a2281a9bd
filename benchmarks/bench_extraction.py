"""How well and how fast each PDF of ../shared/corpus is read, against its text twin in ../shared/seeds.

For every PDF: the extraction method of its pages (pdfplumber text layer, pdfium, OCR), the
seconds `ingest.pdf.read_pdf` takes, pages per second, the share of the twin's printed numbers
recovered with the right table, row and column, and the numbers extracted that the twin does not
print (must be 0). A fact is keyed (table id, lane, row key, column), as the rules see it.
The pdfium fallback (used for pages whose text layer is garbled) is also forced on every page of
the text-layer PDFs, to show its speed and what it recovers. OCR cost is reported on its own: wall and CPU seconds per OCR page (wall time depends on what
else the machine runs; the load average is printed beside it), and the one-off engine load.

Goals: ≥ 99.5 % for text-layer PDFs, ≥ 97 % for the scans, 0 numbers not printed.

    .venv/bin/python benchmarks/bench_extraction.py [PDF ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import ingest.ocr
from auditor.logs import configure_logging
from ingest.errors import IngestError
from ingest.layout import Grid, Page
from ingest.pdf import read_pdf
from ingest.pdfium import open_pdf, read_page
from ingest.reader import build, read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
GOAL_TEXT_LAYER = 0.995
GOAL_SCAN = 0.97


def twin_of(pdf: Path) -> Path | None:
    """The seed text a corpus PDF was made from (seedNNN_… → NNN_….txt)."""
    if not pdf.name.startswith("seed"):
        return None
    return next(iter(sorted(SEEDS.glob(f"{pdf.name[4:7]}_*.txt"))), None)


Fact = tuple[str, str | None, str, str]


@dataclass
class OcrClock:
    """Seconds spent in OCR (rendering included), wrapped around ingest.ocr.read_pages."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0  # all threads of the process: what the pages cost whatever the load
    pages: int = 0

    def install(self) -> None:
        """Time every call of ingest.ocr.read_pages from now on (the router looks it up per call)."""
        inner = ingest.ocr.read_pages

        def timed(data: bytes, numbers, *args, **kwargs):  # type: ignore[no-untyped-def]
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return inner(data, numbers, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.cpu_seconds += time.process_time() - cpu
                self.pages += len(numbers)

        ingest.ocr.read_pages = timed  # type: ignore[assignment]


@dataclass
class Row:
    """One PDF's figures."""

    name: str
    pages: int = 0
    methods: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    ocr_seconds: float = 0.0
    ocr_cpu_seconds: float = 0.0
    twin_numbers: int = 0
    recovered: int = 0
    not_printed: list[tuple[Fact, Decimal]] = field(default_factory=list)
    pdfium: tuple[float, int, int] | None = None  # forced pdfium re-read: seconds, recovered, not printed
    error: str | None = None

    @property
    def scan(self) -> bool:
        """True when OCR read most pages."""
        return self.methods.get("ocr", 0) * 2 > self.pages

    @property
    def recall(self) -> float:
        """Share of the twin's numbers recovered with the right table, row and column."""
        return self.recovered / self.twin_numbers if self.twin_numbers else 0.0


def measure(pdf: Path, clock: OcrClock) -> Row:
    """Read one PDF and compare its facts with its twin's."""
    row = Row(pdf.name)
    twin_path = twin_of(pdf)
    before, before_cpu = clock.seconds, clock.cpu_seconds
    start = time.perf_counter()
    try:
        pages = read_pdf(pdf.read_bytes())
    except IngestError as exc:
        row.error = exc.reason
        return row
    row.seconds = time.perf_counter() - start
    row.ocr_seconds = clock.seconds - before
    row.ocr_cpu_seconds = clock.cpu_seconds - before_cpu
    row.pages = len(pages)
    row.methods = Counter(p.method for p in pages)
    doc = build(pages, pdf.name)
    if twin_path is None:
        row.error = "no text twin"
        return row
    twin = read_document(twin_path.read_bytes(), twin_path.name, "text").printed_amounts()
    got = doc.printed_amounts()
    row.twin_numbers = len(twin)
    row.recovered = sum(1 for k, v in twin.items() if got.get(k) == v)
    row.not_printed = sorted((k, v) for k, v in got.items() if twin.get(k) != v)
    if not row.scan:
        row.pdfium = forced_pdfium(pdf, pages, twin)
    return row


def forced_pdfium(pdf: Path, pages: list[Page], twin: dict[Fact, Decimal]) -> tuple[float, int, int]:
    """The pdfium fallback forced on every page of a text-layer PDF (tables: pdfplumber's cells),
    as the router does for a garbled page: (seconds, numbers recovered, numbers not printed)."""
    start = time.perf_counter()
    doc = open_pdf(pdf.read_bytes())
    try:
        alt: list[Page] = []
        for page in pages:
            tables = [
                (b.loc.bbox, [[c.loc.bbox if c is not None else None for c in r] for r in b.rows])
                for b in page.blocks
                if isinstance(b, Grid) and b.loc.bbox is not None
            ]
            pdf_page = doc[page.number - 1]
            alt.append(read_page(pdf_page, page.number, tables))
            pdf_page.close()
    finally:
        doc.close()
    seconds = time.perf_counter() - start
    got = build(alt, pdf.name).printed_amounts()
    recovered = sum(1 for k, v in twin.items() if got.get(k) == v)
    return seconds, recovered, sum(1 for k, v in got.items() if twin.get(k) != v)


def warm_up() -> float:
    """Load the OCR engines once, as a long-running worker would; returns the seconds it took."""
    import numpy as np

    start = time.perf_counter()
    blank = np.full((200, 200), 255, dtype=np.uint8)
    for _ in range(ingest.ocr.OCR_WORKERS):
        ingest.ocr.RapidRecogniser(threads=1).read(blank)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Measure each PDF, print one row per file, then totals per method and the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help=f"PDFs to measure (default: all of {CORPUS})")
    args = parser.parse_args(argv)
    configure_logging(0)
    pdfs: list[Path] = args.pdfs or sorted(CORPUS.glob("*.pdf"))
    if not pdfs or not SEEDS.is_dir():
        print(f"benchmark skipped: no corpus PDFs or seed texts ({SHARED} absent or empty)")
        return 0

    try:
        load = warm_up()
        print(f"OCR engine load (once per process, {ingest.ocr.OCR_WORKERS} engines): {load:.1f} s")
    except ingest.ocr.OcrUnavailable as exc:
        print(f"OCR unavailable: {exc.reason}")
    clock = OcrClock()
    clock.install()
    load_at_start = os.getloadavg()[0]

    header = (
        f"{'file':<22} {'pages':>5} {'methods':<18} {'seconds':>8} {'pages/s':>8} {'OCR s/page':>10} {'cpu s':>6} "
        f"{'recovered':>13} {'share':>7} {'not printed':>11}"
    )
    print(header)
    print("-" * len(header))
    rows: list[Row] = []
    for pdf in pdfs:
        row = measure(pdf, clock)
        rows.append(row)
        if row.error and not row.pages:
            print(f"{row.name:<22} failed: {row.error}")
            continue
        methods = ", ".join(f"{m} {n}" for m, n in sorted(row.methods.items()))
        ocr_pages = row.methods.get("ocr", 0)
        ocr = f"{row.ocr_seconds / ocr_pages:.2f}" if ocr_pages else "-"
        cpu = f"{row.ocr_cpu_seconds / ocr_pages:.2f}" if ocr_pages else "-"
        print(
            f"{row.name:<22} {row.pages:>5} {methods:<18} {row.seconds:>8.2f} {row.pages / row.seconds:>8.1f} "
            f"{ocr:>10} {cpu:>6} {row.recovered:>6}/{row.twin_numbers:<6} {row.recall:>7.2%} {len(row.not_printed):>11}"
        )
        for fact, value in row.not_printed[:5]:
            print(f"    not printed: {fact} = {value}")
    print("-" * len(header))

    # pages per second by method: OCR time is measured; the rest of a document's time is its text layer's
    by_method: dict[str, list[float]] = {}
    for row in rows:
        ocr_pages = row.methods.get("ocr", 0)
        if ocr_pages:
            slot = by_method.setdefault("ocr", [0, 0.0])
            slot[0] += ocr_pages
            slot[1] += row.ocr_seconds
        rest = row.pages - ocr_pages
        if rest:
            method = max((m for m in row.methods if m != "ocr"), key=lambda m: row.methods[m])
            slot = by_method.setdefault(method, [0, 0.0])
            slot[0] += rest
            slot[1] += row.seconds - row.ocr_seconds
    if clock.pages:
        print(
            f"OCR: {clock.pages} pages, {clock.seconds / clock.pages:.2f} s/page wall with "
            f"{ingest.ocr.OCR_WORKERS} workers, {clock.cpu_seconds / clock.pages:.2f} CPU s/page "
            f"(load average now {os.getloadavg()[0]:.1f}, at start {load_at_start:.1f}, on {os.cpu_count()} cores)"
        )
    for method, (pages, seconds) in sorted(by_method.items()):
        print(
            f"{method:<10} {int(pages):>5} pages {seconds:>8.2f} s {pages / seconds:>8.2f} pages/s "
            f"{seconds / pages:>7.3f} s/page"
        )

    forced = [r for r in rows if r.pdfium is not None]
    if forced:
        pages = sum(r.pages for r in forced)
        seconds = sum(r.pdfium[0] for r in forced if r.pdfium)
        recovered = sum(r.pdfium[1] for r in forced if r.pdfium)
        invented = sum(r.pdfium[2] for r in forced if r.pdfium)
        numbers = sum(r.twin_numbers for r in forced)
        print(
            f"pdfium     {pages:>5} pages {seconds:>8.2f} s {pages / seconds:>8.2f} pages/s "
            f"{seconds / pages:>7.3f} s/page  (fallback forced on the text-layer PDFs, after pdfplumber's "
            f"table finder: {recovered}/{numbers} = {recovered / numbers:.2%} recovered, {invented} not printed)"
        )

    for label, chosen, goal in (
        ("text-layer PDFs", [r for r in rows if r.pages and not r.scan], GOAL_TEXT_LAYER),
        ("scans", [r for r in rows if r.pages and r.scan], GOAL_SCAN),
    ):
        if not chosen:
            continue
        numbers = sum(r.twin_numbers for r in chosen)
        recovered = sum(r.recovered for r in chosen)
        invented = sum(len(r.not_printed) for r in chosen)
        worst = min(chosen, key=lambda r: r.recall)
        met = worst.recall >= goal and invented == 0
        print(
            f"{label}: {recovered}/{numbers} = {recovered / numbers:.2%} recovered (worst {worst.name} "
            f"{worst.recall:.2%}), {invented} not printed; goal ≥ {goal:.1%} each and 0 not printed: "
            f"{'met' if met else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
