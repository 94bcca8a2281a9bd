"""Tables of labelled rows: 10表 (部门决算公开相关信息统计表) and label-keyed budget tables."""

from __future__ import annotations

import re

from ingest.model import Row, Table
from ingest.numbers import looks_like_amount
from ingest.schema import (
    FINAL_ACCOUNT_TABLES,
    code_domain,
    normalise_label,
)
from ingest.tables.common import _INT, RawRow, Segment, _cell, _header_columns, _split_header, _text


def parse_stats_table(seg: Segment, problems: list[str]) -> Table:
    """10表 部门决算公开相关信息统计表: sections of (项目, 行次, 统计数) rows."""
    table = Table(
        id="10",
        title=seg.title or FINAL_ACCOUNT_TABLES["10"].title,
        unit=seg.unit,
        pages=sorted(seg.pages),
        loc=seg.loc,
        columns=["统计数"],
    )
    section: str | None = None
    for r in seg.rows:
        toks = [c for c in r.cells if c is not None]
        texts = [_text(c) for c in toks]
        if not any(texts) or "栏次" in texts or texts[0] == "项目":
            continue
        label = texts[0]
        value = None
        line_no = None
        for c, t in zip(toks[1:], texts[1:], strict=False):
            if _INT.match(t) and line_no is None and value is None:
                line_no = t
            elif t and value is None:
                value = c
        key = normalise_label(label)
        if line_no is None and value is None:
            section = key
            continue
        row = Row(
            key=f"{section}/{key}" if section else key,
            label=key,
            line_no=line_no,
            parent=section,
            role="total" if key.startswith("合计") or "合计" in key else "detail",
            loc=r.loc,
        )
        if value is not None:
            row.cells["统计数"] = _cell("10", row.key, "统计数", value, seg.unit)
        table.rows.append(row)
    return table


_LABEL_HEADERS = (
    "项目",
    "单位名称",
    "项目名称",
    "部门预算支出经济科目名称",
    "科目名称",
    "科目编码",
    "科目代码",
    "经济科目编码",
    "经济分类科目编码",
)


def _coded(labels: list[str]) -> tuple[str, str] | None:
    """(code, name) of a row whose first label is a subject code and whose second is its name."""
    if len(labels) < 2 or not labels[0].isdigit() or code_domain(labels[0])[0] is None:
        return None
    return labels[0], normalise_label(labels[1])


_CIRCLED = re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")


def parse_label_table(seg: Segment, problems: list[str]) -> Table:
    """Tables whose rows are keyed by a label rather than a subject code (budget 三公, 基本支出
    分经济科目, 机关运行经费, 项目支出 tables): the first label column names the row, a second
    label column (when printed) names the row's parent category."""
    table = Table(id=seg.table_id, title=seg.title, unit=seg.unit, pages=sorted(seg.pages), loc=seg.loc)

    def is_data(r: RawRow) -> bool:
        texts = [_text(c) for c in r.cells]
        if any(looks_like_amount(t) for t in texts):
            return True
        first = texts[0] if texts else ""
        if not first or first in _LABEL_HEADERS or all(t.isdigit() or not t for t in texts):
            return False  # a header row (its first column is a header caption or blank)
        return True

    header, body = _split_header(seg.rows, is_data)
    width = max((len(r.cells) for r in seg.rows), default=0)
    cols = _header_columns([r.cells for r in header], width)
    value_cols = [(j, name) for j, (name, _g) in enumerate(cols) if name is not None and j >= 1]
    label_cols = [j for j in range(width) if j not in {v for v, _ in value_cols}]
    table.columns = list(dict.fromkeys(n for _, n in value_cols))
    header_texts = [[_text(c) for c in h.cells] for h in header]
    seen: dict[str, int] = {}
    classes: dict[str, str] = {}  # code → name of the coded rows read so far
    for r in body:
        if not r.aligned:
            table.problems.append(f"第{r.loc.line}行: 无栏位信息的文本行未解析")
            continue
        texts = [_text(c) for c in r.cells]
        if texts in header_texts or all(t.isdigit() or not t for t in texts):
            continue
        labels = [texts[j] for j in label_cols if j < len(texts) and texts[j]]
        if not labels:
            continue
        coded = _coded(labels)
        if coded is not None:
            # “30101 | 基本工资”: keyed “30101 基本工资” like a code table's row; its parent is the
            # class printed above it (301 工资福利支出), not the name beside it
            code, name = coded
            domain, level = code_domain(code)
            classes[code] = name
            key = f"{code} {name}"
            parent = classes.get(code[:3]) if len(code) > 3 else None
        else:
            key = normalise_label(_CIRCLED.sub("", labels[0]))
            parent = normalise_label(labels[1]) if len(labels) > 1 else None
            code = domain = level = name = None
        if key in seen:
            seen[key] += 1
            key = f"{key}#{seen[key]}"
        else:
            seen[key] = 1
        role = "total" if key in ("合计", "部门合计", "总计") else "detail"
        row = Row(
            key=key,
            label=name or key,
            code=code,
            domain=domain,
            level=level,  # type: ignore[arg-type]
            role=role,  # type: ignore[arg-type]
            parent=parent,
            loc=r.loc,
        )
        for j, name in value_cols:
            c = r.cells[j] if j < len(r.cells) else None
            if c is not None and name not in row.cells:
                row.cells[name] = _cell(seg.table_id, key, name, c, seg.unit)  # type: ignore[arg-type]
        table.rows.append(row)
    return table
