"""The catalog is generated from the rule declarations and documents every rule."""

from __future__ import annotations

import re

from rules import FAMILY_ORDER, catalog, catalog_markdown
from rules.catalog import ROUNDING_TEMPLATE, rule_by_id

# Every field a template of any family may use (str.format ignores the ones it does not name).
FIELDS = {
    "left": "公开03表“合计”行“基本支出”栏为157.98万元",
    "right": "公开05表“合计”行“基本支出”栏为157.35万元",
    "left_text": "公开03表“合计”行“基本支出”栏",
    "right_text": "公开05表“合计”行“基本支出”栏",
    "note": "",
    "title": "机关运行经费",
    "profile": "“部门（单位）决算：公开01–09表”",
    "missing": "中小企业",
    "text": "XX",
    "kind": "相邻两位数字颠倒",
    "rule": "支出决算表：本年支出合计＝基本支出＋项目支出",
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


class _Fields(dict):  # type: ignore[type-arg]
    """FIELDS, with any field a family of its own names filled in."""

    def __missing__(self, key: str) -> str:
        return f"〈{key}〉"


def test_every_rule_documents_itself() -> None:
    for r in catalog():
        assert r.title and r.rationale and r.fires and r.silent, r.id
        assert r.severity in ("error", "warning", "info")
        assert r.family in FAMILY_ORDER
        assert r.tables and r.needs_text()
        message = r.template.format_map(_Fields(FIELDS))
        assert "{" not in message and message.endswith(("。", "）", "”")), r.id
        if r.family in ("arithmetic", "hierarchy"):
            assert message.startswith("公开03表")
        assert rule_by_id(r.id) is r


def test_catalog_is_grouped_by_family() -> None:
    families = [r.family for r in catalog()]
    assert families == sorted(families, key=list(FAMILY_ORDER).index)
    assert {"cross_table", "completeness", "plausibility"} <= set(families)


def test_markdown_page_lists_every_rule() -> None:
    page = catalog_markdown()
    for r in catalog():
        assert f"## {r.id} — {r.title}" in page


def test_rounding_wording() -> None:
    text = ROUNDING_TEMPLATE.format(**{**FIELDS, "difference": "0.01", "tolerance": "0.02"})
    assert text.endswith("相差0.01万元，在四舍五入尾差范围（±0.02万元）内，属尾差。")
