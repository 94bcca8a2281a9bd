"""`rules.forms.common_run` (how a text names a project in other words) is the longest common
substring of two texts: the same length difflib's SequenceMatcher finds, computed by substring
searches instead of its Python inner loop (benchmarks/bench_rules.py)."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from rules.forms import common_run

ALPHABET = "离休老干部医疗费补助资金县级领导体检和及与、的项目支出12"


def test_common_run_is_the_longest_common_substring() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        a = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
        b = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        expected = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
        assert common_run(a, b) == expected == common_run(b, a), (a, b)


def test_common_run_on_the_names_it_reads() -> None:
    assert common_run("离休老干部医药费补助资金", "离休老干部医疗费补助") == len("离休老干部医")
    assert common_run("", "离休") == 0
    assert common_run("县级领导体检人数", "县级领导体检费") == len("县级领导体检")
