"""Benchmark of rules.check(): ms per document and facts/s on a large synthetic disclosure.

Run from the repository root:  .venv/bin/python benchmarks/bench_rules.py [--items 200] [--runs 30]

The document is the consistent synthetic 决算 of tests/rules/synthetic.py (01–10表, amounts in 元
printed in 万元), sized by the number of 项 codes; the default gives about 3,200 cells. Goal:
< 50 ms per document. Wall time is what a worker sees; CPU time (process) is less sensitive to
other load on the machine.
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

from rules import check  # noqa: E402
from rules.outcomes import table_engine  # noqa: E402
from tests.rules.synthetic import build, random_spec  # noqa: E402

# Default size: 200 项 codes ≈ 3,200 printed and blank cells across the ten tables.
DEFAULT_ITEMS = 200
DEFAULT_RUNS = 30
GOAL_MS = 50.0


def main() -> None:
    """Build the document, warm the engine up, time `runs` calls of check() and print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=DEFAULT_ITEMS, help="项 codes in the document")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    doc = build(random_spec(random.Random(args.seed), args.items))
    cells = sum(len(t.cells()) for t in doc.tables.values())
    out = check(doc)  # registers the ruleset and runs its self-test
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(args.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        check(doc)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    median_wall = statistics.median(wall)
    median_cpu = statistics.median(cpu)
    print(f"document: {len(doc.tables)} tables, {cells} cells, {out.checks_run} checks, {out.facts} facts")
    print(
        f"findings: {len(out.findings)} (all rounding: {all(f.outcome == 'rounding' for f in out.findings)})"
    )
    print(f"wall ms/doc: median {median_wall * 1000:.1f}, best {min(wall) * 1000:.1f}")
    print(f"cpu  ms/doc: median {median_cpu * 1000:.1f}, best {min(cpu) * 1000:.1f}")
    print(f"facts/s (median wall): {out.facts / median_wall:,.0f}")
    print(f"cells/s (median wall): {cells / median_wall:,.0f}")
    print(f"live sessions after the run: {table_engine().live_sessions()}")
    verdict = "meets" if median_wall * 1000 < GOAL_MS else "misses"
    print(f"goal < {GOAL_MS:.0f} ms/doc: {verdict}")


if __name__ == "__main__":
    main()
