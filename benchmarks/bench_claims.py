"""Benchmark of the narrative reader: how many 情况说明 figures become claims tied to a subject.

Run from the repository root:  .venv/bin/python benchmarks/bench_claims.py [--runs 5] [--pdf]

For every seed of ../shared/seeds (and, with --pdf, its text-layer office PDF of ../shared/corpus)
it prints the narrative figures (numbers followed by 万元/元/%; counts and the loose lines of
绩效 forms are not figures), the claims made of them, the share tied to a subject (goal ≥ 95 %),
those tied to a canonical concept or table row rather than to the words before them, the claims
tied to a table fact, the unparsed figures (listed in the document's quality record,
`quality["claims"]["unparsed"]`) and the time the narrative reader takes (median of --runs).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

import structlog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.narrative import read_narrative  # noqa: E402
from ingest.pdf import read_pdf  # noqa: E402
from ingest.reader import build  # noqa: E402
from ingest.tables import recognise  # noqa: E402
from ingest.text import decode_text, read_text  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOAL = 0.95
DEFAULT_RUNS = 5


def measure(path: Path, runs: int) -> dict[str, object]:
    """Read one document and time its narrative reading."""
    data = path.read_bytes()
    pages = read_pdf(data) if path.suffix == ".pdf" else read_text(decode_text(data))
    d = build(pages, path.name)
    found = recognise(pages)
    times: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        read_narrative(found.narrative, found.tables, d.year)
        times.append(time.perf_counter() - t0)
    q = d.quality["claims"]
    assert isinstance(q, dict)
    return {
        "name": path.name,
        "figures": q["figures"],
        "claims": q["claimed"],
        "tied": q["tied"],
        "share": q["tied_share"],
        "concept": q["concept"],
        "matched": q["matched"],
        "unparsed": len(q["unparsed"]),
        "ms": statistics.median(times) * 1000,
    }


def main() -> int:
    """Print one line per document and the total; exit 1 when a document misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help="timed runs of the reader per document"
    )
    parser.add_argument("--pdf", action="store_true", help="also measure the office PDFs of ../shared/corpus")
    args = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    paths = sorted((SHARED / "seeds").glob("*.txt"))
    if args.pdf:
        paths += sorted((SHARED / "corpus").glob("seed*_office.pdf"))
    if not paths:
        print(f"no documents under {SHARED}")
        return 1
    print(
        f"{'document':<28} {'figures':>7} {'claims':>6} {'tied':>5} {'tied %':>7} {'concept':>7} {'table':>5} "
        f"{'unparsed':>8} {'ms':>7}"
    )
    rows = [measure(p, args.runs) for p in paths]
    for r in rows:
        print(
            f"{r['name']:<28} {r['figures']:>7} {r['claims']:>6} {r['tied']:>5} {float(r['share']) * 100:>6.1f}% "  # type: ignore[arg-type]
            f"{r['concept']:>7} {r['matched']:>5} {r['unparsed']:>8} {float(r['ms']):>7.1f}"  # type: ignore[arg-type]
        )
    figures = sum(int(r["figures"]) for r in rows)  # type: ignore[call-overload]
    tied = sum(int(r["tied"]) for r in rows)  # type: ignore[call-overload]
    print(f"{'total':<28} {figures:>7} {'':>6} {tied:>5} {tied / figures * 100:>6.1f}%   goal ≥ {GOAL:.0%}")
    return 0 if all(float(r["share"]) >= GOAL for r in rows) else 1  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())
