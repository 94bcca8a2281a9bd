"""The audit on layout variants of generated disclosures: false alarms and detection per variant.

Run from the repository root:  .venv/bin/python benchmarks/bench_variants.py [--seeds 6] [--formats tsv,space,pdf]

For every variant of `auditor.synth.variants.VARIANTS` (one print choice changed from the seeds'
template — table labels 表N / 附表N / none, the money-unit line, the column-number row, 科目编码 split
into 类|款|项, thousands separators, zeros as 0.00 or “-”, some tables in 元, 09表 with 预算数/决算数
side by side under group labels in their own row / merged into the first column name / absent, with
or without 会议费/培训费, 公开10表, zeros of the narrative as 0.00 or blank (“事业收入万元，占0.00%”)
the label and money unit on the title line, an empty table's explanation as a row of its grid,
long tables continued on a second page under their repeated header, subject names wrapped onto a
second line — plus combinations) and every format (TSV
with blanks kept, space-separated text with blanks dropped, PDF) it audits `--seeds` consistent
documents and one single-defect mutant of each (the kinds shared out between the formats as
`auditor.synth.variants.FIRST_KIND` says), then prints a table: documents, documents that could
not be read, false alarms (error/warning findings on consistent documents), mutants, detection (share
of defects found by a finding naming the changed figure; goal ≥ 99 %) and the first problem seen.
Needs nothing outside the tree.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import structlog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.synth.variants import FORMATS, VARIANTS, measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Print the variant × format table; exit 0 (a benchmark reports, it does not judge)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=6, help="documents per variant and format")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: tsv, space, pdf")
    ap.add_argument("--variants", default="", help="comma-separated variant names (default: all)")
    args = ap.parse_args(argv)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    logging.disable(logging.WARNING)
    formats = [f for f in args.formats.split(",") if f]
    chosen = {v for v in args.variants.split(",") if v}
    variants = [v for v in VARIANTS if not chosen or v.name in chosen]
    print(
        f"{'variant':<27}{'format':<7}{'docs':>5}{'unread':>7}{'false alarms':>13}{'mutants':>8}"
        f"{'detection':>10}{'sec':>7}  first problem"
    )
    totals = {"docs": 0, "unread": 0, "false": 0, "mutants": 0, "missed": 0}
    for variant in variants:
        for fmt in formats:
            t0 = time.perf_counter()
            tally = measure(variant, fmt, range(args.seeds))  # type: ignore[arg-type]
            seconds = time.perf_counter() - t0
            found = "—" if tally.detection is None else f"{tally.detection:.0%}"
            problem = (tally.failed + tally.false_alarms + tally.missed or [""])[0][:90]
            print(
                f"{variant.name:<27}{fmt:<7}{tally.documents:>5}{len(tally.failed):>7}"
                f"{len(tally.false_alarms):>13}{tally.mutants:>8}{found:>10}{seconds:>7.1f}  {problem}"
            )
            totals["docs"] += tally.documents
            totals["unread"] += len(tally.failed)
            totals["false"] += len(tally.false_alarms)
            totals["mutants"] += tally.mutants
            totals["missed"] += len(tally.missed)
    found = totals["mutants"] - totals["missed"]
    share = f"{found / totals['mutants']:.1%}" if totals["mutants"] else "—"
    print(
        f"\ntotal: {totals['docs']} documents, {totals['unread']} unread, {totals['false']} false alarms; "
        f"{found}/{totals['mutants']} single defects found ({share}; goal ≥ 99 %)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
