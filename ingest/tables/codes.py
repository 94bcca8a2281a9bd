"""Tables keyed by functional subject code (02, 03, 05, 07, 08 and code-shaped budget tables), with
科目编码 in one cell or split into 类 | 款 | 项.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.layout import RawCell
from ingest.model import Row, Table
from ingest.numbers import clean, is_blank, is_code, looks_like_amount
from ingest.schema import (
    FINAL_ACCOUNT_TABLES,
    canonical_column,
    normalise_label,
)
from ingest.tables.common import (
    _CODE_NAME,
    _HEADER_ONLY,
    RawRow,
    Segment,
    _append_name_tail,
    _cell,
    _code_row,
    _header_columns,
    _is_figure_token,
    _is_name_tail,
    _split_code_name,
    _split_header,
    _text,
)
from ingest.tables.placement import _alternative_cells, place_token_values

_LEVEL_WORDS = ("类", "款", "项")


def split_code_cells(cells: Sequence[RawCell | None]) -> tuple[str | None, str] | None:
    """(code, name) of a row whose 科目编码 is printed split into 类 | 款 | 项 cells, else None.

    `208 | 05 | 05 | 机关事业单位基本养老保险缴费支出` is 2080505; `208 | | | …` is the 类 208,
    `208 | 05 | | …` the 款 20805; `类 | 款 | 项 | 合计` is the 合计 row printed under the header words.
    """
    if len(cells) < 4:
        return None
    t = [_text(c) for c in cells[:4]]
    if not t[3] or looks_like_amount(t[3]):
        return None
    if tuple(t[:3]) == _LEVEL_WORDS:
        return None, t[3]
    if not any(t[:3]) and normalise_label(t[3]) in ("合计", "总计"):
        return None, t[3]  # the 合计 row with its 类 | 款 | 项 cells left blank
    if (
        not any(t[:3])
        and _is_name_tail(t[3])
        and not any(w in t[3] for w in _HEADER_ONLY)
        and not any(_text(c) for c in cells[4:])
    ):
        return None, t[3]  # the wrapped tail of the name above, its code cells blank
    if (
        re.fullmatch(r"[1-3]\d{2}", t[0])
        and re.fullmatch(r"(?:\d{2})?", t[1])
        and re.fullmatch(r"(?:\d{2})?", t[2])
        and not (t[2] and not t[1])
    ):
        return t[0] + t[1] + t[2], t[3]
    return None


def split_code_tokens(toks: Sequence[RawCell]) -> tuple[str | None, list[RawCell]] | None:
    """(code, the tokens after it) of a text line whose 科目编码 is printed split into 类 款 项
    words (`208 05 05 机关事业单位基本养老保险缴费支出 15.19`, `208 05 行政事业单位养老支出 …`), or
    the 合计 line printed under the header words (`类 款 项 合计 275.56 …`: code None); else None.

    A two-digit token is a 款 or 项 part only between a 类 code and the subject name — amounts
    stand after the name, so the name that must follow tells the parts from figures.
    """
    t = [_text(c) for c in toks[:4]]
    if t[:3] == list(_LEVEL_WORDS) and len(toks) > 3:
        return None, list(toks[3:])
    if not t or not re.fullmatch(r"[1-3]\d{2}", t[0]):
        return None
    k = 1
    while k < 3 and k < len(t) and re.fullmatch(r"\d{2}", t[k]):
        k += 1
    if k == 1 or k >= len(toks) or looks_like_amount(toks[k].text) or is_blank(toks[k].text):
        return None
    return "".join(t[:k]), list(toks[k:])


def _is_code_data(r: RawRow) -> bool:
    if r.aligned and split_code_cells(r.cells) is not None:
        return True
    texts = [_text(c) for c in r.cells if c is not None]
    if not r.aligned and texts[:3] == list(_LEVEL_WORDS) and len(texts) > 3:
        return normalise_label(texts[3]) in ("合计", "总计")  # 合计 under the 类 款 项 words
    first = next((t for t in texts if t), "")
    return bool(is_code(first) or _CODE_NAME.match(first) or normalise_label(first) in ("合计", "总计"))


def parse_code_table(seg: Segment, problems: list[str]) -> Table:
    """Tables keyed by functional subject code (02, 03, 05, 07, 08): 合计 row then 类/款/项 rows."""
    spec = FINAL_ACCOUNT_TABLES.get(seg.table_id)
    table = Table(
        id=seg.table_id,
        title=seg.title or (spec.title if spec else ""),
        unit=seg.unit,
        pages=sorted(seg.pages),
        loc=seg.loc,
    )
    header, body = _split_header(seg.rows, _is_code_data)
    if any(r.aligned for r in seg.rows):
        width = max((len(r.cells) for r in seg.rows), default=0)
        cols = _header_columns([r.cells for r in header], width)
        value_cols = [(j, name) for j, (name, _g) in enumerate(cols) if name is not None and j >= 2]
        table.columns = [n for _, n in value_cols]
        for r in body:
            cells = r.cells + [None] * (width - len(r.cells))
            split = split_code_cells(cells)
            if split is not None:
                code, label = split
            else:
                code, label = _split_code_name(
                    cells[0].text if cells[0] else "", cells[1].text if cells[1] else ""
                )
            if not code and not label:
                continue
            previous = table.rows[-1] if table.rows else None
            if (
                previous is not None
                and not code
                and not any(cells[j] is not None and _text(cells[j]) for j, _n in value_cols)
                and _is_name_tail(label)
            ):
                _append_name_tail(previous, label)  # the tail of a subject name wrapped in its cell
                continue
            row = _code_row(seg.table_id, code, label, r.loc)
            for j, name in value_cols:
                if cells[j] is not None:
                    row.cells[name] = _cell(seg.table_id, row.key, name, cells[j], seg.unit)  # type: ignore[arg-type]
            table.rows.append(row)
    else:
        found = [canonical_column(_text(c)) for r in header for c in r.cells]
        names = [n for n in found if n]
        columns = list(spec.columns) if spec else list(dict.fromkeys(names))
        if spec and names:
            order = [c for c in spec.columns if c in names]
            if len(order) >= 2:
                columns = order
        table.columns = columns
        keys: list[str] = []
        vals: list[list[RawCell]] = []
        rows: list[Row] = []
        for r in body:
            toks = [c for c in r.cells if c is not None]
            code: str | None = None
            first = _text(toks[0]) if toks else ""
            rest = toks[1:]
            split = split_code_tokens(toks) if toks else None
            if split is not None:
                code, rest = split
            elif is_code(first):
                code = first
            elif _CODE_NAME.match(first):
                m = _CODE_NAME.match(first)
                assert m
                code = m.group(1)
                rest = [RawCell(m.group(2), toks[0].loc), *rest]
            else:
                rest = toks
            label_parts: list[str] = []
            numbers: list[RawCell] = []
            for t in rest:
                if numbers or _is_figure_token(t.text) or is_blank(t.text) and t.text.strip() in ("-", "—"):
                    numbers.append(t)
                else:
                    label_parts.append(t.text)
            label = clean("".join(label_parts))
            if code is None and not numbers and rows and _is_name_tail(label):
                rows[-1].label += label  # the tail of a wrapped subject name
                rows[-1].key = f"{rows[-1].code} {rows[-1].label}" if rows[-1].code else rows[-1].label
                continue
            row = _code_row(seg.table_id, code, label, r.loc)
            rows.append(row)
            keys.append(row.key)
            vals.append(numbers)
        others: list[list[tuple[int, ...]]] = []
        placed = place_token_values(seg.table_id, keys, vals, columns, others)
        for row, numbers, (pos, uncertain), alts in zip(rows, vals, placed, others, strict=True):
            row.alternatives = _alternative_cells(seg.table_id, row.key, numbers, columns, alts, seg.unit)
            if len(numbers) > len(columns):
                problems.append(f"公开{seg.table_id}表 {row.key}: 数字个数多于栏目数，未读取")
                table.problems.append(f"{row.key}: 数字个数多于栏目数")
                table.rows.append(row)
                continue
            for p, raw in zip(pos, numbers, strict=False):
                row.cells[columns[p]] = _cell(seg.table_id, row.key, columns[p], raw, seg.unit, uncertain)
            table.rows.append(row)
    return table
