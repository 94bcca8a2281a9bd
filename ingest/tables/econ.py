"""06表: (科目代码, 科目名称, 决算数) groups side by side, 人员经费合计 / 公用经费合计 at the end."""

from __future__ import annotations

from ingest.layout import RawCell
from ingest.model import Location, Row, Table
from ingest.numbers import clean, looks_like_amount
from ingest.schema import (
    FINAL,
    FINAL_ACCOUNT_TABLES,
    code_domain,
    normalise_label,
)
from ingest.tables.common import (
    _ECON,
    Segment,
    _append_name_tail,
    _cell,
    _is_figure_token,
    _is_name_tail,
    _text,
)

#: Column names of a 06表 header: a line holding one is the header (repeated on a continuation page),
#: never the wrapped tail of a subject name above it.
_HEADER_WORDS = frozenset(
    normalise_label(w)
    for w in (
        "科目代码",
        "科目编码",
        "科目名称",
        "经济分类",
        "经济分类科目",
        "经济分类科目编码",
        "决算数",
        "预算数",
        "金额",
    )
)


def _insert_name_tails(line: list[RawCell], tails: list[RawCell]) -> list[RawCell]:
    """A 06表 text line with the next line's wrapped name tails put back after their names.

    A name wraps when it fills its cell, so with fewer tails than subjects each tail goes to the
    longest names of the line (the leftmost on a tie), in order; with as many tails as subjects,
    one to each."""
    if line and _ECON.match(_text(line[-1])):
        return [*line, *tails]  # the last subject's name comes on the next line
    names: list[tuple[int, int, bool]] = []  # (index of the name's last token, length, complete)
    i = 0
    while i < len(line):
        if _ECON.match(_text(line[i])):
            k, name = i + 1, ""
            while k < len(line) and not _ECON.match(_text(line[k])) and not _is_figure_token(line[k].text):
                name += clean(line[k].text)
                k += 1
            if k > i + 1:
                names.append((k - 1, len(name), name.endswith(_NAME_ENDINGS)))
            i = k
            continue
        i += 1
    if not names or len(tails) > len(names):
        return [*line, *tails]
    # the longest names first; of equally long ones, one that does not end like a subject name
    ranked = sorted(names, key=lambda n: (-n[1], n[2], n[0]))
    chosen = sorted(ranked[: len(tails)])
    out = list(line)
    for (at, _length, _complete), tail in sorted(zip(chosen, tails, strict=True), reverse=True):
        out.insert(at + 1, tail)
    return out


# How the names of economic and functional subjects end (工资福利支出, 奖金, 住房公积金, 生活补助,
# 公务用车运行维护费 …): a wrapped head rarely does.
_NAME_ENDINGS = ("费", "支出", "金", "贴", "助", "资", "险", "福利", "费用", "补偿", "设备")


def parse_econ_table(seg: Segment, problems: list[str]) -> Table:
    """06表: (科目代码, 科目名称, 决算数) groups side by side, 人员经费合计 / 公用经费合计 at the end."""
    table = Table(
        id="06",
        title=seg.title or FINAL_ACCOUNT_TABLES["06"].title,
        unit=seg.unit,
        pages=sorted(seg.pages),
        loc=seg.loc,
        columns=[FINAL],
    )
    seen: set[str] = set()

    def add_code(code: str, name: str, value: RawCell | None, loc: Location) -> None:
        if code in seen:
            return
        seen.add(code)
        domain, level = code_domain(code)
        row = Row(
            key=f"{code} {name}",
            label=name,
            code=code,
            domain=domain,
            level=level,  # type: ignore[arg-type]
            role="subtotal" if level == 1 else "detail",
            lane="personnel" if code[:3] in ("301", "303") else "operating",
            loc=loc,
        )
        if value is not None:
            row.cells[FINAL] = _cell("06", row.key, FINAL, value, seg.unit)
        table.rows.append(row)

    def add_total(label: str, value: RawCell | None, loc: Location) -> None:
        key = normalise_label(label)
        if key in seen:
            return
        seen.add(key)
        row = Row(
            key=key, label=key, role="total", lane="personnel" if "人员" in key else "operating", loc=loc
        )
        if value is not None:
            row.cells[FINAL] = _cell("06", key, FINAL, value, seg.unit)
        table.rows.append(row)

    token_rows: list[tuple[list[RawCell], Location]] = []
    pending: list[RawCell] = []
    pending_loc = seg.loc
    by_name_column: dict[int, Row] = {}  # the subject last read in each name column (grid rows)
    for r in seg.rows:
        cells = [c for c in r.cells]
        if r.aligned:
            texts = [_text(c) for c in cells]
            if any(normalise_label(t) in _HEADER_WORDS for t in texts if t):
                by_name_column = {}  # a header (repeated on a continuation page) ends the names above
                continue
            if by_name_column and not any(_ECON.match(t) or t.endswith("经费合计") for t in texts):
                # the wrapped tails of the names above, each in its own name column
                for j, t in enumerate(texts):
                    if t and j in by_name_column and _is_name_tail(t) and not looks_like_amount(t):
                        _append_name_tail(by_name_column[j], t)
                continue
            by_name_column = {}
            j = 0
            while j < len(cells):
                t = _text(cells[j])
                if _ECON.match(t):
                    name = _text(cells[j + 1]) if j + 1 < len(cells) else ""
                    value = cells[j + 2] if j + 2 < len(cells) else None
                    before = len(table.rows)
                    add_code(t, name, value, r.loc)
                    if len(table.rows) > before:
                        by_name_column[j + 1] = table.rows[-1]
                    j += 3
                    continue
                if t.endswith("经费合计") or t in ("人员经费合计", "公用经费合计"):
                    value = next(
                        (c for c in cells[j + 1 :] if c is not None and looks_like_amount(c.text)), None
                    )
                    if value is None:
                        value = next((c for c in cells[j + 1 : j + 3] if c is not None), None)
                    add_total(t, value, r.loc)
                j += 1
        else:
            toks = [c for c in cells if c is not None]
            if not toks:
                continue
            first = _text(toks[0])
            if any(normalise_label(_text(t)) in _HEADER_WORDS for t in toks):
                continue  # a repeated header line: neither a row nor the tail of the names above
            if pending and not _ECON.match(first) and not first.endswith("经费合计"):
                if all(_is_name_tail(t.text) and not _is_figure_token(t.text) for t in toks):
                    pending = _insert_name_tails(pending, toks)
                else:
                    pending.extend(toks)  # the wrapped tail of the previous line's last subject
                continue
            if pending:
                token_rows.append((pending, pending_loc))
            pending, pending_loc = list(toks), r.loc
    if pending:
        token_rows.append((pending, pending_loc))
    for toks, loc in token_rows:
        i = 0
        while i < len(toks):
            t = _text(toks[i])
            if _ECON.match(t):
                name_parts: list[str] = []
                k = i + 1
                while (
                    k < len(toks)
                    and not _ECON.match(_text(toks[k]))
                    and not _is_figure_token(toks[k].text)
                    and not _text(toks[k]).endswith("经费合计")
                ):
                    name_parts.append(toks[k].text)
                    k += 1
                value = toks[k] if k < len(toks) and _is_figure_token(toks[k].text) else None
                add_code(t, clean("".join(name_parts)), value, loc)
                i = k + (1 if value is not None else 0)
                continue
            if t.endswith("经费合计"):
                value = toks[i + 1] if i + 1 < len(toks) and _is_figure_token(toks[i + 1].text) else None
                add_total(t, value, loc)
                i += 2 if value is not None else 1
                continue
            i += 1
    return table
