"""Benchmark of rules.check(): rule evaluation time per document and facts per second.

Run from the repository root:  .venv/bin/python benchmarks/bench_rules.py [--runs 30] [--items 200]

1. The corpus: every seed text of ../shared/seeds and every text-layer PDF of ../shared/corpus
   (`*_office.pdf`, `*_xlsx.pdf`), read once, then check() timed `runs` times on it. Goal: under
   50 ms per document (median), for every document.
2. A stress document: the consistent synthetic 决算 of tests/rules/synthetic.py (01–10表 and a
   情况说明, amounts in 元 printed in 万元), sized by the number of 项 codes; the default gives
   about 3,200 cells, several times a real document. Reported, not held to the goal.

Wall time is what a worker sees; CPU time (process) is less sensitive to other load.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import time
from pathlib import Path

import structlog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.errors import IngestError  # noqa: E402
from ingest.model import Disclosure  # noqa: E402
from ingest.reader import read_document  # noqa: E402
from rules import check  # noqa: E402
from rules.outcomes import table_engine  # noqa: E402
from tests.rules.synthetic import build, random_spec  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
# Default size of the stress document: 200 项 codes ≈ 3,200 printed and blank cells.
DEFAULT_ITEMS = 200
DEFAULT_RUNS = 30
GOAL_MS = 50.0


def timed(doc: Disclosure, runs: int) -> tuple[float, float, int, int]:
    """(median wall s, median cpu s, checks, facts) of `runs` calls of check() (after a warm-up)."""
    out = check(doc)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        check(doc)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), out.checks_run, out.facts


def corpus(runs: int) -> list[float]:
    """Time every corpus document; print one line each; return the medians (ms)."""
    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted(
        p for p in (SHARED / "corpus").glob("*.pdf") if p.stem.endswith(("_office", "_xlsx"))
    )
    if not paths:
        print(f"corpus: {SHARED} not present, skipped")
        return []
    print(
        f"{'document':<28} {'cells':>6} {'checks':>6} {'facts':>6} {'wall ms':>8} {'cpu ms':>7} {'facts/s':>9}"
    )
    medians: list[float] = []
    for path in paths:
        kind = "pdf" if path.suffix == ".pdf" else "text"
        try:
            doc = read_document(path.read_bytes(), path.name, kind)
        except IngestError as exc:
            print(f"{path.name:<28} not read: {exc.reason}")
            continue
        cells = sum(len(t.cells()) for t in doc.tables.values())
        wall, cpu, checks, facts = timed(doc, runs)
        medians.append(wall * 1000)
        print(
            f"{path.name:<28} {cells:>6} {checks:>6} {facts:>6} {wall * 1000:>8.1f} {cpu * 1000:>7.1f} "
            f"{facts / wall:>9,.0f}"
        )
    if medians:
        worst = max(medians)
        verdict = "meets" if worst < GOAL_MS else "misses"
        print(
            f"corpus: {len(medians)} documents, median {statistics.median(medians):.1f} ms, "
            f"max {worst:.1f} ms per document; goal < {GOAL_MS:.0f} ms/document: {verdict}"
        )
    return medians


def stress(items: int, runs: int, seed: int) -> None:
    """Time the large synthetic document."""
    doc = build(random_spec(random.Random(seed), items))
    cells = sum(len(t.cells()) for t in doc.tables.values())
    out = check(doc)
    wall, cpu, checks, facts = timed(doc, runs)
    print(f"stress document: {len(doc.tables)} tables, {cells} cells, {checks} checks, {facts} facts")
    print(
        f"findings: {len(out.findings)} (all info: {all(f.severity == 'info' for f in out.findings)}), "
        f"not evaluated: {len(out.not_evaluated)}"
    )
    print(f"wall ms/doc: median {wall * 1000:.1f}; cpu ms/doc: median {cpu * 1000:.1f}")
    print(f"facts/s (median wall): {facts / wall:,.0f}; cells/s: {cells / wall:,.0f}")


def main() -> None:
    """Corpus figures, then the stress document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=DEFAULT_ITEMS, help="项 codes in the stress document")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs per document")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    corpus(args.runs)
    print()
    stress(args.items, args.runs, args.seed)
    print(f"live sessions after the run: {table_engine().live_sessions()}")


if __name__ == "__main__":
    main()
