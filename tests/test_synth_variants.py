"""The audit on print-layout variants of generated disclosures (auditor.synth.variants).

Every variant × format (TSV with blanks kept, space-separated text with blanks dropped, PDF) audits
consistent documents — zero error/warning findings allowed — and one single-defect mutant per
document, of which at least 99 % must be found by a finding that names the changed figure. Over all
cases this is well over 200 consistent documents. `benchmarks/bench_variants.py` prints the same
figures as a table.

A case known to fail today is marked xfail with the class of problem that makes it fail (not strict,
so a fix shows up as XPASS); the assertions themselves are never loosened.
"""

from __future__ import annotations

import pytest

from auditor.synth.variants import FORMATS, VARIANTS, Format, Variant, measure

# documents per case: text renditions are cheap, PDFs cost a few seconds each
SEEDS: dict[str, range] = {"tsv": range(100, 106), "space": range(200, 206), "pdf": range(300, 302)}
# (the formats share out the mutation kinds between them: auditor.synth.variants.FIRST_KIND)

# Known classes of failure, by variant name (any format) or by format (any variant).
_ZERO_INT_PRECISION = (
    "zeros printed “0” among 2-decimal figures: a “0” is read with the tolerance of a whole number"
    " (±0.5), so a figure changed beside a column of 0s hides in it (公开02表 210 事业收入 0 → 0.39 not"
    " found; tests/test_synth_print_variants.py reproduces it); the precision of an exact 0 in a table"
    " should be the table's own (ingest/tables.py, _cell)"
)
_ZERO_INT_SPACE = (
    "zeros printed “0” in space-separated text: the bare 0 token of 公开01表 is not taken as an amount"
    " (looks_like_amount wants decimals), so the expense lane is misplaced (“社会保障和就业支出（表中无此行）”:"
    " false T01-EXPENSE-SUM / X01-03-CLASS); " + _ZERO_INT_PRECISION
)
KNOWN: dict[tuple[str | None, str | None], str] = {
    ("zeros-int", "space"): _ZERO_INT_SPACE,
}


def _case(variant: Variant, fmt: Format) -> object:
    reason = KNOWN.get((variant.name, fmt)) or KNOWN.get((variant.name, None)) or KNOWN.get((None, fmt))
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(variant, fmt, id=f"{variant.name}-{fmt}", marks=marks)


CASES = [_case(v, f) for v in VARIANTS for f in FORMATS]


def test_the_suite_covers_at_least_200_consistent_documents() -> None:
    total = sum(len(SEEDS[f]) for _v in VARIANTS for f in FORMATS)
    assert total >= 200, total


@pytest.mark.parametrize(("variant", "fmt"), CASES)
def test_variant_is_read_without_false_alarm_and_defects_are_found(variant: Variant, fmt: Format) -> None:
    tally = measure(variant, fmt, SEEDS[fmt])
    assert tally.failed == [], tally.failed[:3]
    assert tally.false_alarms == [], tally.false_alarms[:5]
    assert tally.detection is not None and tally.detection >= 0.99, tally.missed[:5]
