"""Two-sided tables (01, 04 and two-sided budget tables): a 收入 lane and a 支出 lane side by side."""

from __future__ import annotations

import re

from ingest.layout import RawCell
from ingest.model import Location, Row, Table
from ingest.numbers import is_blank, looks_like_amount
from ingest.schema import (
    FINAL,
    FINAL_ACCOUNT_TABLES,
    TOTAL,
    normalise_label,
)
from ingest.tables.common import (
    _INT,
    RawRow,
    Segment,
    _cell,
    _header_columns,
    _is_dash,
    _is_figure_token,
    _is_header_row,
    _split_header,
    _text,
)
from ingest.tables.placement import _alternative_cells, place_token_values


def _lane_starts(header: list[list[RawCell | None]]) -> list[int]:
    for row in header:
        starts = [j for j, c in enumerate(row) if _text(c) in ("项目", "项 目")]
        if len(starts) >= 2:
            return starts
    return []


def _two_sided_row(
    table_id: str, lane: str, label: str, line_no: str | None, loc: Location, parent: str | None
) -> Row:
    key = normalise_label(label)
    role = "detail"
    if key.startswith("本年收入合计") or key.startswith("本年支出合计"):
        role = "subtotal"
    elif key in ("总计", "合计", "收入总计", "支出总计"):
        key, role = "总计", "total"  # some templates print the grand total as 合计 / 收入总计
    full_key = f"{parent}/{key}" if parent else key
    return Row(key=full_key, label=key, role=role, lane=lane, line_no=line_no, loc=loc, parent=parent)  # type: ignore[arg-type]


def _carry_parent(lane_rows: list[Row], key: str) -> str | None:
    """Rows after 年初结转和结余 / 年末结转和结余 (04表) detail it, until 总计."""
    if key in ("总计", "合计", "收入总计", "支出总计"):
        return None
    for r in reversed(lane_rows):
        if r.role == "total":
            return None
        if r.parent is None and r.key[:2] in ("年初", "年末", "上年", "年终") and "结转" in r.key:
            return r.key if key and not key.startswith("年") else None
        if r.parent is None and r.key and r.role != "detail":
            return None
    return None


def _token_kinds(toks: list[RawCell]) -> list[str]:
    # a dash stands where an amount would: it is a (blank) figure, never a row label
    return [
        "int"
        if _INT.match(_text(t)) and _text(t) != "0"
        else "num"
        if _is_figure_token(t.text) or _is_dash(t.text)
        else "label"
        for t in toks
    ]


def _logical_two_sided_rows(body: list[RawRow]) -> list[tuple[list[RawCell], Location]]:
    """Join text lines that a wrapped label split ("22" / "二十二、…支" / "出" / "54 0.00 …")."""
    out: list[tuple[list[RawCell], Location]] = []
    acc: list[RawCell] = []
    loc: Location | None = None
    for r in body:
        toks = [c for c in r.cells if c is not None]
        if not toks:
            continue
        acc.extend(toks)
        loc = loc or r.loc
        kinds = _token_kinds(acc)
        ints = kinds.count("int")
        incomplete = ints == 0 or kinds == ["int"] or (kinds[-1] == "label" and ints < 2)
        if incomplete and len(acc) < 40:
            continue
        out.append((acc, loc))
        acc, loc = [], None
    if acc and loc is not None:
        out.append((acc, loc))
    return out


_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


def parse_two_sided(seg: Segment, problems: list[str]) -> Table:
    """01/04表 (and the budget 收支总表): 收入 lane and 支出 lane side by side, each with a label
    column, an optional 行次 column and amount columns."""
    spec = FINAL_ACCOUNT_TABLES.get(seg.table_id)
    budget = spec is None
    table = Table(
        id=seg.table_id,
        title=seg.title or (spec.title if spec else ""),
        unit=seg.unit,
        pages=sorted(seg.pages),
        loc=seg.loc,
        columns=list(spec.columns) if spec else [],
    )
    lanes: dict[str, list[Row]] = {"income": [], "expense": []}
    expense_cols = list(spec.lane_columns[1]) if spec else []

    def add(
        lane: str, label: str, line_no: str | None, values: list[tuple[str, RawCell, bool]], loc: Location
    ) -> Row | None:
        key = normalise_label(label)
        if not key:
            if any(not is_blank(v.text) for _, v, _u in values):
                problems.append(f"公开{seg.table_id}表 第{line_no}行: 有数字但没有项目名称")
                table.problems.append(f"行次{line_no}: 有数字但没有项目名称")
            return None
        parent = _carry_parent(lanes[lane], key) if seg.table_id in ("04", "B04") else None
        row = _two_sided_row(seg.table_id, lane, label, line_no, loc, parent)
        for col, raw, uncertain in values:
            row.cells[col] = _cell(seg.table_id, row.key, col, raw, seg.unit, uncertain)
        lanes[lane].append(row)
        return row

    def is_data(r: RawRow) -> bool:
        texts = [_text(c) for c in r.cells if c is not None]
        if budget:  # budget 收支总表 have no 行次: data rows carry numbered labels or amounts
            return any(_NUMBERED.match(t) or looks_like_amount(t) for t in texts)
        if _is_header_row(r):
            return False
        # a 行次, or (templates without 行次, e.g. 上海) a numbered item with its amounts
        return any(_INT.match(t) for t in texts) or (
            r.aligned
            and any(_NUMBERED.match(t) for t in texts)
            and any(looks_like_amount(t) or is_blank(t) for t in texts)
        )

    header, body = _split_header(seg.rows, is_data)
    if budget:
        header_texts = [[_text(c) for c in h.cells] for h in header]
        body = [r for r in body if [_text(c) for c in r.cells] not in header_texts]
    if any(r.aligned for r in seg.rows):
        width = max((len(r.cells) for r in seg.rows), default=0)
        starts = _lane_starts([r.cells for r in header]) or [0, width // 2]
        cols = _header_columns([r.cells for r in header], width)
        bounds = [(starts[0], starts[1]), (starts[1], width)]
        for r in body:
            cells = r.cells + [None] * (width - len(r.cells))
            for lane, (a, b) in zip(("income", "expense"), bounds, strict=True):
                label = cells[a].text if cells[a] is not None else ""
                line_no = None
                values: list[tuple[str, RawCell, bool]] = []
                for j in range(a + 1, b):
                    c = cells[j]
                    if c is None:
                        continue
                    t = _text(c)
                    name = cols[j][0]
                    if name is None and _INT.match(t) and line_no is None and not budget:
                        line_no = t
                        continue
                    if name is None and budget and lane == "income":
                        name = FINAL  # "2023年" / "金额": the lane's only amount column
                    if name is None:
                        continue
                    if lane == "income" or seg.table_id == "01":
                        name = FINAL
                    elif name == FINAL:
                        name = TOTAL
                    values.append((name, c, False))
                    if name not in table.columns:
                        table.columns.append(name)
                add(lane, label, line_no, values, r.loc)
    else:
        for toks, loc in _logical_two_sided_rows(body):
            kinds = _token_kinds(toks)
            # [label*] int [num*] [label*] int [num*]
            sides: list[tuple[str, str | None, list[RawCell]]] = []
            label_buf: list[str] = []
            i = 0
            while i < len(toks):
                if kinds[i] == "label":
                    label_buf.append(toks[i].text)
                    i += 1
                    continue
                if kinds[i] == "int":
                    line_no = _text(toks[i])
                    i += 1
                    nums: list[RawCell] = []
                    while i < len(toks) and kinds[i] == "num":
                        nums.append(toks[i])
                        i += 1
                    sides.append(("".join(label_buf), line_no, nums))
                    label_buf = []
                    continue
                i += 1  # a number before any 行次: cannot be placed
            if label_buf and sides:
                problems.append(f"公开{seg.table_id}表: 行末文字无法归属 {''.join(label_buf)}")
            for lane, (label, line_no, nums) in zip(("income", "expense"), sides, strict=False):
                cols = [FINAL] if lane == "income" or seg.table_id == "01" else expense_cols
                others: list[list[tuple[int, ...]]] = []
                placed = place_token_values(
                    seg.table_id if lane == "expense" else "", [normalise_label(label)], [nums], cols, others
                )
                pos, uncertain = placed[0]
                values = [(cols[p], raw, uncertain) for p, raw in zip(pos, nums, strict=False)]
                if len(nums) > len(cols):
                    problems.append(f"公开{seg.table_id}表 {normalise_label(label)}: 数字个数多于栏目数")
                    table.problems.append(f"{normalise_label(label)}: 数字个数多于栏目数")
                    values, others = [], [[]]
                row = add(lane, label, line_no, values, loc)
                if row is not None and others[0]:
                    row.alternatives = _alternative_cells(
                        seg.table_id, row.key, nums, cols, others[0], seg.unit
                    )
    table.rows = lanes["income"] + lanes["expense"]
    return table
