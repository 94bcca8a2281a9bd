"""Seeds of auditor.synth chosen for what a test plants: a test that skipped for the data it was given
would prove nothing on that seed, so each parametrised test runs on the first seeds whose document has
what it needs (computed once, at collection)."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def seeds_where(has: Callable[[int], bool], count: int = 6, pool: Iterable[int] = range(40)) -> list[int]:
    """The first `count` seeds of `pool` for which `has(seed)` holds; fewer is an error (the generator
    no longer makes the case often enough), not a smaller test."""
    chosen: list[int] = []
    for seed in pool:
        if has(seed):
            chosen.append(seed)
            if len(chosen) == count:
                return chosen
    raise LookupError(f"only {len(chosen)} of the seeds have what the test plants: {chosen}")
