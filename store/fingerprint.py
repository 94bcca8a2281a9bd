"""Stable identity of a finding within a document, so re-audits update rather than duplicate.

A fingerprint is the sha256 of the rule id and the sorted set of places its evidence points at
(table, row, column, page, line). Bounding boxes, values and messages are left out: they may be
re-measured or re-worded without the finding being a different one. Evidence that names no
table, row or column (a narrative claim) is placed by its quote as well.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

#: Evidence keys that place a finding.
LOCATION_KEYS: tuple[str, ...] = ("table", "row", "column", "page", "line")
_CELL_KEYS = ("table", "row", "column")


def _place(entry: Mapping[str, object]) -> dict[str, str]:
    """The part of one evidence entry that says where it is."""
    place = {k: str(entry[k]) for k in LOCATION_KEYS if entry.get(k) is not None}
    if not any(k in place for k in _CELL_KEYS) and entry.get("quote") is not None:
        place["quote"] = str(entry["quote"])
    return place


def finding_fingerprint(rule_id: str, evidence: Iterable[Mapping[str, object]]) -> str:
    """sha256 hex of `rule_id` and the sorted, de-duplicated places of `evidence`."""
    places = sorted({json.dumps(_place(e), sort_keys=True, ensure_ascii=False) for e in evidence})
    payload = json.dumps({"rule": rule_id, "at": places}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def fingerprints(items: Sequence[tuple[str, Iterable[Mapping[str, object]]]]) -> list[str]:
    """Fingerprints of (rule_id, evidence) pairs, unique within the sequence.

    When a rule fires twice on exactly the same places, the second and later occurrences get
    the occurrence number mixed in, so they are told apart as long as rules report in a
    stable order.
    """
    seen: Counter[str] = Counter()
    result: list[str] = []
    for rule_id, evidence in items:
        base = finding_fingerprint(rule_id, evidence)
        occurrence = seen[base]
        seen[base] += 1
        if occurrence:
            base = hashlib.sha256(f"{base}#{occurrence}".encode()).hexdigest()
        result.append(base)
    return result
