"""`python -m auditor.synth OUT_DIR`: write the demo samples (consistent.pdf, defective.pdf);
with `--budget`, a generated 单位预算公开 as text instead (budget_consistent.txt, budget_defective.txt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from auditor.synth.samples import sample_documents, write_samples


def write_budget(out_dir: str, seed: int) -> list[str]:
    """Write a generated budget (seed `seed`) and its defective twin as text; return the paths and
    one line per planted defect."""
    from auditor.synth.budget import (
        budget_text,
        generate_budget,
        plant_cell,
        plant_econ_move,
        plant_target_count,
    )

    clean = generate_budget(seed)
    doc, count = plant_target_count(clean)
    doc, econ = plant_econ_move(doc)
    doc, cell = plant_cell(doc, "B01", "本年收入合计", 1, "TB-INCOME-SUM")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, d in (("budget_consistent.txt", clean), ("budget_defective.txt", doc)):
        path = out / name
        path.write_text(budget_text(d), encoding="utf-8")
        paths.append(str(path))
    return paths + [f"  defect {p.rule}: {p.where}: {p.old} → {p.new}" for p in (count, econ, cell)]


def main(argv: list[str] | None = None) -> int:
    """Write the samples and list them with the injected defects."""
    parser = argparse.ArgumentParser(prog="python -m auditor.synth", description=__doc__)
    parser.add_argument("out_dir", help="directory to write consistent.pdf and defective.pdf into")
    parser.add_argument(
        "--budget",
        action="store_true",
        help="write a generated 单位预算公开 as text (budget_consistent.txt, budget_defective.txt) instead",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated budget (with --budget)")
    args = parser.parse_args(argv)
    if args.budget:
        for line in write_budget(args.out_dir, args.seed):
            sys.stdout.write(f"{line}\n")
        return 0
    for path in write_samples(args.out_dir):
        sys.stdout.write(f"{path}\n")
    for d in sample_documents()[2]:
        sys.stdout.write(f"  defect {d.kind}: {d.description}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
