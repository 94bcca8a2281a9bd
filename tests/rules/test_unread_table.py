"""A table whose header cannot be understood: the quality record names it and why, and the checks
that need it are not evaluated — never “empty” (CMP-EMPTY-REASON) and never wrong."""

from __future__ import annotations

import re

from auditor.synth import to_text
from auditor.synth.variants import generate_variant, variant_named
from pipeline import audit_document


def _with_unknown_09_header(seed: int) -> str:
    text = to_text(generate_variant(seed, variant_named("default"), "tsv"))
    start = text.index("公开09表")
    end = text.index("注：", start)
    section = text[start:end]
    lines = section.split("\n")
    # every header word of 09表 replaced by words no template uses; the figures stay
    out = [
        line if re.search(r"\d+\.\d\d", line) else re.sub(r"[^\t\n]+", "栏目", line) if "\t" in line else line
        for line in lines
    ]
    return text[:start] + "\n".join(out) + text[end:]


def test_unread_header_is_in_the_quality_record_and_its_checks_are_not_evaluated() -> None:
    text = _with_unknown_09_header(100)
    result = audit_document("t.txt", text.encode("utf-8"), "t.txt")
    assert result.status == "ok"
    quality = result.disclosure.quality
    assert [u["table"] for u in quality["tables_unread"]] == ["09"]
    assert "表头未能识别" in quality["tables_unread"][0]["reason"]
    assert "09" in quality["tables_recognised"]
    serious = [f for f in result.findings if f.severity in ("error", "warning")]
    assert not [f for f in serious if f.rule_id == "CMP-EMPTY-REASON" or "09" in f.rule_id]
    open_09 = {n.rule_id for n in result.not_evaluated if n.table == "09"}
    assert {"T09-TOTAL", "X09-06-THREE-PUBLIC"} <= open_09
    assert all("表头未能识别" in n.reason for n in result.not_evaluated if n.table == "09")
