"""The extraction quality record of a document said in words (the 文档 page)."""

from __future__ import annotations

from typing import Any

#: How each reading method is named.
METHOD_NAMES = {
    "pdfplumber": "文字层",
    "text": "文本文件",
    "ocr": "OCR 识别",
    "pdfium": "pypdfium2 文字层",
}


def _count(items: Any) -> int:
    return len(items) if isinstance(items, list | tuple | dict) else int(items or 0)


def quality_sentences(quality: dict[str, Any] | None) -> list[str]:
    """Plain Chinese sentences for a quality record (empty when there is none)."""
    if not quality:
        return []
    said: list[str] = []
    methods = quality.get("pages_by_method") or {}
    if methods:
        parts = [f"{METHOD_NAMES.get(m, m)} {n} 页" for m, n in methods.items()]
        said.append(f"共读取 {sum(int(n) for n in methods.values())} 页：" + "，".join(parts) + "。")
    ocr = quality.get("ocr") or {}
    if ocr.get("pages"):
        said.append(f"其中 {ocr['pages']} 页为扫描页，经 OCR 识别，用时 {ocr.get('seconds', 0)} 秒。")
    else:
        said.append("没有需要 OCR 的扫描页。")
    if quality.get("turned_pages"):
        pages = "、".join(str(p) for p in quality["turned_pages"])
        said.append(f"第 {pages} 页版面旋转，已转正后读取。")
    garbled = quality.get("garbled_share")
    if garbled:
        said.append(f"乱码字符约占 {float(garbled) * 100:.1f}%。")
    tables = quality.get("tables_recognised") or []
    if tables:
        said.append(f"识别出 {len(tables)} 张表：" + "、".join(f"公开{t}表" for t in tables) + "。")
    else:
        said.append("未识别出任何公开表。")
    grids = _count(quality.get("grids_not_recognised"))
    if grids:
        said.append(f"另有 {grids} 个表格未能识别为公开表。")
    rows = quality.get("rows_not_parsed") or []
    if rows:
        said.append(f"{len(rows)} 行无法解析，相关检查可能未执行。")
    uncertain = _count(quality.get("uncertain_cells"))
    if uncertain:
        said.append(f"{uncertain} 个单元格读数不确定，未据以判定错误。")
    reconciled = quality.get("columns_reconciled") or []
    if reconciled:
        said.append(f"{len(reconciled)} 个收入来源栏按公开01表核对后调整了归属。")
    forms = quality.get("performance_forms") or {}
    if forms.get("titles"):
        said.append(f"绩效表 {forms['titles']} 张，解析 {forms.get('parsed', 0)} 张。")
    claims = quality.get("claims") or {}
    if claims.get("figures"):
        said.append(
            f"情况说明中有 {claims['figures']} 个数字，{claims.get('tied', 0)} 个与表中项目或自身算式对应"
            f"（{float(claims.get('tied_share') or 0) * 100:.0f}%）。"
        )
        unparsed = _count(claims.get("unparsed"))
        if unparsed:
            said.append(f"情况说明中 {unparsed} 处表述未能解析。")
    problems = quality.get("page_problems") or []
    for problem in problems:
        if isinstance(problem, dict):
            said.append(f"第 {problem.get('page', '?')} 页无法读取：{problem.get('reason') or problem}。")
        else:
            said.append(f"无法读取：{problem}。")
    return said
