"""The catalog is generated from the rule declarations and documents every rule."""

from __future__ import annotations

import re

from rules import catalog, catalog_markdown
from rules.catalog import ROUNDING_TEMPLATE, rule_by_id

FIELDS = {
    "table": "公开03表",
    "where": "“合计”行“基本支出”栏",
    "actual": "157.98",
    "expected": "157.35",
    "difference": "0.63",
    "tolerance": "0.035",
    "unit": "万元",
    "parts": "各项级科目“基本支出”之和",
}


def test_ids_are_unique_and_readable() -> None:
    ids = [r.id for r in catalog()]
    assert len(ids) == len(set(ids)) >= 25
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+", i) for i in ids)


def test_every_rule_documents_itself() -> None:
    for r in catalog():
        assert r.title and r.rationale and r.fires and r.silent, r.id
        assert r.severity in ("error", "warning", "info")
        assert r.family in ("arithmetic", "hierarchy", "completeness")
        assert r.tables
        message = r.template.format(**FIELDS)
        assert message.startswith("公开03表") and message.endswith("。")
        assert rule_by_id(r.id) is r


def test_catalog_is_grouped_by_family() -> None:
    families = [r.family for r in catalog()]
    assert families == sorted(families, key=["arithmetic", "hierarchy", "completeness"].index)


def test_markdown_page_lists_every_rule() -> None:
    page = catalog_markdown()
    for r in catalog():
        assert f"## {r.id} — {r.title}" in page


def test_rounding_wording() -> None:
    text = ROUNDING_TEMPLATE.format(**{**FIELDS, "difference": "0.01", "tolerance": "0.02"})
    assert text.endswith("相差0.01万元，在四舍五入尾差范围（±0.02万元）内，属尾差。")
