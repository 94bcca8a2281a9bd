"""The ``[[claim]]`` form: every amount the 情况说明 states of a subject against one table cell.

Part of the declaration loader (rules/identities/declarations.py holds the files' vocabulary,
dataclasses and `parse_file`, which calls the parser of each kind).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rules.catalog import RuleSpec
from rules.identities.declarations import (
    _CLAIM_FIELDS,
    _CLAIM_OPTIONAL,
    _CLAIM_REQUIRED,
    CLAIM_ROUNDING_TEMPLATE,
    CLAIM_TEMPLATE,
    EXPECTS,
    CellClaim,
    ClaimExample,
    _check_head,
    _check_template,
    _fail,
    _life,
    _line,
    _side,
)


def _claim_example(path: Path, rid: str, entry: Any, line: int) -> ClaimExample:
    if not isinstance(entry, dict) or set(entry) != {"expect", "sentence", "cell"}:
        raise _fail(path, line, f"{rid} 的示例须含 expect、sentence（情况说明原句）与 cell（表中数值）三项")
    if entry["expect"] not in EXPECTS:
        raise _fail(path, line, f"{rid} 的示例 expect={entry['expect']!r} 不是 {EXPECTS} 之一")
    if not isinstance(entry["sentence"], str) or not isinstance(entry["cell"], str):
        raise _fail(path, line, f"{rid} 的示例 sentence 与 cell 须为字符串")
    return ClaimExample(entry["expect"], entry["sentence"], entry["cell"], line)


def parse_claims(path: Path, text: str, entries: Any) -> list[tuple[dict[str, Any], CellClaim]]:
    """The [[claim]] declarations of a file, validated."""
    if not isinstance(entries, list):
        raise _fail(path, _line(text, "claim"), "claim 须写成 [[claim]]")
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines, 1) if line.strip() == "[[claim]]"]
    example_lines = iter([i for i, line in enumerate(lines, 1) if line.strip() == "[[claim.example]]"])
    out: list[tuple[dict[str, Any], CellClaim]] = []
    for n, entry in enumerate(entries):
        head = heads[n] if n < len(heads) else 1
        rid, family = _check_head(
            path, text, entry, head, _CLAIM_REQUIRED, _CLAIM_OPTIONAL, "N-AGENCY-06", "narrative"
        )
        claim = entry["claim"]
        where = _line(text, "claim =")
        if (
            not isinstance(claim, dict)
            or set(claim) - {"subject", "metric", "scope"}
            or "subject" not in claim
        ):
            raise _fail(path, where, f"{rid} 的 claim 须为 {{ subject = …（可加 metric、scope） }}")
        if not all(isinstance(v, str) and v.strip() for v in claim.values()):
            raise _fail(path, where, f"{rid} 的 claim 各项须为非空字符串")
        templates = {}
        for key, default in (("message", CLAIM_TEMPLATE), ("rounding_message", CLAIM_ROUNDING_TEMPLATE)):
            templates[key] = entry.get(key, default)
            if not isinstance(templates[key], str):
                raise _fail(path, _line(text, key), f"{rid} 的 {key} 须为字符串")
            _check_template(path, text, key, templates[key], _CLAIM_FIELDS)
        cell = _side(path, text, rid, "cell", entry["cell"])
        if cell.codes or cell.words:
            raise _fail(
                path, _line(text, "cell ="), f"{rid} 的 cell 须以 row 指明一行（不能写 codes、words）"
            )
        examples = entry.get("example", [])
        if not isinstance(examples, list):
            raise _fail(path, _line(text, "example"), f"{rid} 的示例须写成 [[claim.example]]")
        fields = {
            "title": entry["title"],
            "severity": entry["severity"],
            "rationale": entry["rationale"],
            "family": family,
            "tables": ("narrative", cell.table),
            "fires": entry["fires"],
            "silent": entry["silent"],
            "template": templates["message"],
            "rounding_template": templates["rounding_message"],
            "needs": entry.get(
                "needs", f"情况说明中“{claim['subject']}”的金额；公开{cell.table}表“{cell.row}”行"
            ),
            "enabled": entry.get("enabled", True),
            **_life(path, text, rid, entry),
        }
        out.append(
            (
                fields,
                CellClaim(
                    RuleSpec(id=rid, **fields),
                    claim["subject"].strip(),
                    claim.get("metric", "final").strip(),
                    claim["scope"].strip() if "scope" in claim else None,
                    cell,
                    f"{path}:{head}",
                    tuple(_claim_example(path, rid, e, next(example_lines, 1)) for e in examples),
                ),
            )
        )
    return out
