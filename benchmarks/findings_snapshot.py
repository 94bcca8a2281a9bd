"""Regression snapshot of the rules step: every finding, not-evaluated check and count, per document.

Run from the repository root:

    .venv/bin/python benchmarks/findings_snapshot.py write before.json
    ... change rules/ ...
    .venv/bin/python benchmarks/findings_snapshot.py compare before.json

A refactoring of the rules (issue 13: "every finding on the seeds, the corpus and the synthetic
suites is unchanged by the move") is checked by comparing two snapshots. The documents are read
once and kept as pickled `Disclosure`s in `--cache` (default .cache/snapshot); only the rules step
runs on each call, so a snapshot of a few hundred documents takes seconds. Documents: the seeds and
corpus PDFs under ../shared when present, and generated ones (every layout variant × `--seeds`
seeds × TSV and space text, a single-defect mutant of each, and the issue-14 planted forms; `--budgets` generated 预算公开 with a one-cell mutant each, tab and space).
Prints the number of documents and, for `compare`, each document whose outcome differs.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import sys
from collections.abc import Iterator
from decimal import InvalidOperation
from pathlib import Path

import structlog

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"


def _documents(
    seeds: int, corpus: bool = True, variants: str = "", budgets: int = 12
) -> Iterator[tuple[str, str, bytes]]:
    """(key, file name, bytes) of every document of the snapshot."""
    from auditor.synth.defects import inject
    from auditor.synth.render_text import to_text
    from auditor.synth.variants import FIRST_KIND, MUTATION_KINDS, VARIANTS, generate_variant

    for path in sorted((SHARED / "seeds").glob("*.txt")):
        yield f"seed/{path.name}", path.name, path.read_bytes()
    for path in sorted((SHARED / "corpus").glob("*.pdf")) if corpus else ():
        yield f"corpus/{path.name}", path.name, path.read_bytes()
    chosen = {v for v in variants.split(",") if v}
    for variant in [v for v in VARIANTS if not chosen or v.name in chosen]:
        for fmt in ("tsv", "space"):
            for i in range(seeds):
                doc = generate_variant(i, variant, fmt)  # type: ignore[arg-type]
                yield f"synth/{variant.name}/{fmt}/{i}", f"s{i}.txt", to_text(doc).encode()
                kind = MUTATION_KINDS[(FIRST_KIND[fmt] + i) % len(MUTATION_KINDS)]  # type: ignore[index]
                mutant, _ = inject(doc, kind, i)
                yield f"synth/{variant.name}/{fmt}/{i}/mutant", f"m{i}.txt", to_text(mutant).encode()
    yield from _budgets(budgets)


# Cells a budget mutant changes (table, first cell of the row, grid column), cycled by seed.
BUDGET_CELLS = (
    ("B01", "本年收入合计", 1),
    ("B04", "收入总计", 1),
    ("B04", "支出总计", 1),
    ("B06", "办公费", 2),
    ("B09", "合计", 1),
    ("B10", "合计", 1),
)


def _budgets(count: int) -> Iterator[tuple[str, str, bytes]]:
    """`count` generated 预算公开 in tab and space text, each with a mutant (one cell 10.00 higher)."""
    from auditor.synth.budget import budget_text, generate_budget, plant_cell

    for i in range(count):
        doc = generate_budget(i)
        table, row, column = BUDGET_CELLS[i % len(BUDGET_CELLS)]
        try:
            mutant, _ = plant_cell(doc, table, row, column, "snapshot")
        except (StopIteration, KeyError, IndexError, InvalidOperation):  # no such row, or a blank cell
            mutant = None
        for sep in ("tab", "space"):
            yield f"budget/{sep}/{i}", f"b{i}.txt", budget_text(doc, sep).encode()
            if mutant is not None:
                yield f"budget/{sep}/{i}/mutant", f"bm{i}.txt", budget_text(mutant, sep).encode()


def _disclosures(
    cache: Path, seeds: int, corpus: bool, variants: str, budgets: int
) -> Iterator[tuple[str, object]]:
    from ingest.loader import sniff
    from ingest.reader import read_document

    cache.mkdir(parents=True, exist_ok=True)
    for key, name, data in _documents(seeds, corpus, variants, budgets):
        path = cache / (key.replace("/", "__") + ".pickle")
        if path.exists():
            yield key, pickle.loads(path.read_bytes())
            continue
        try:
            d = read_document(data, name, sniff(data, name))
        except Exception as exc:  # an unreadable document is part of the snapshot too
            d = f"unread: {exc}"
        path.write_bytes(pickle.dumps(d))
        yield key, d


def snapshot(
    cache: Path, seeds: int, corpus: bool = True, variants: str = "", budgets: int = 12
) -> dict[str, object]:
    """Every document's rules outcome as plain JSON."""
    from rules import check

    out: dict[str, object] = {}
    for key, d in _disclosures(cache, seeds, corpus, variants, budgets):
        if isinstance(d, str):
            out[key] = d
            continue
        r = check(d)  # type: ignore[arg-type]
        out[key] = {
            "findings": [f.to_json() for f in r.findings],
            "not_evaluated": [n.to_json() for n in r.not_evaluated],
            "checks_run": r.checks_run,
            "checks_held": r.checks_held,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    """write FILE | compare FILE."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["write", "compare"])
    ap.add_argument("file")
    ap.add_argument("--seeds", type=int, default=3, help="generated documents per variant and format")
    ap.add_argument("--cache", default=str(ROOT / ".cache" / "snapshot"))
    ap.add_argument(
        "--no-corpus", action="store_true", help="leave out the corpus PDFs (slow to read the first time)"
    )
    ap.add_argument("--variants", default="", help="comma-separated layout variants (default: all)")
    ap.add_argument(
        "--budgets", type=int, default=12, help="generated 预算公开 (each with a mutant), tab and space"
    )
    args = ap.parse_args(argv)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    logging.disable(logging.WARNING)
    outcome = snapshot(Path(args.cache), args.seeds, not args.no_corpus, args.variants, args.budgets)
    now = json.loads(json.dumps(outcome, ensure_ascii=False, default=str))
    if args.action == "write":
        Path(args.file).write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(now)} documents written to {args.file}")
        return 0
    before = json.loads(Path(args.file).read_text(encoding="utf-8"))
    differ = [k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k)]
    for k in differ:
        print(f"differs: {k}")
        b, n = before.get(k), now.get(k)
        if isinstance(b, dict) and isinstance(n, dict):
            for part in ("findings", "not_evaluated", "checks_run", "checks_held"):
                if b[part] != n[part]:
                    print(f"  {part}: before {json.dumps(b[part], ensure_ascii=False)[:600]}")
                    print(f"  {part}: now    {json.dumps(n[part], ensure_ascii=False)[:600]}")
    print(f"{len(now)} documents, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
