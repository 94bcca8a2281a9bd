"""docs/rules.md is the rule catalog as generated from the rule declarations, and it is current."""

from __future__ import annotations

from pathlib import Path

from rules import catalog, catalog_markdown

PAGE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_the_committed_rules_page_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == catalog_markdown(), (
        "docs/rules.md is stale: regenerate it with `auditor rules --format markdown > docs/rules.md`"
    )


def test_the_page_documents_every_rule_with_its_fields() -> None:
    page = catalog_markdown()
    for r in catalog():
        section = page.split(f"### {r.id} — ", 1)[1].split("\n### ", 1)[0]
        for label in ("严重程度", "所需数据", "依据", "报告内容", "触发示例", "不触发示例"):
            assert f"- {label}：" in section, (r.id, label)
        assert "{" not in section, r.id
