"""`python -m auditor.synth OUT_DIR`: write the demo samples (consistent.pdf, defective.pdf)."""

from __future__ import annotations

import argparse
import sys

from auditor.synth.samples import sample_documents, write_samples


def main(argv: list[str] | None = None) -> int:
    """Write the samples and list them with the injected defects."""
    parser = argparse.ArgumentParser(prog="python -m auditor.synth", description=__doc__)
    parser.add_argument("out_dir", help="directory to write consistent.pdf and defective.pdf into")
    args = parser.parse_args(argv)
    for path in write_samples(args.out_dir):
        sys.stdout.write(f"{path}\n")
    for d in sample_documents()[2]:
        sys.stdout.write(f"  defect {d.kind}: {d.description}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
