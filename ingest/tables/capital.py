"""B09 国有资本经营预算收支预算表: a 收入 lane and a 支出 lane."""

from __future__ import annotations

from ingest.layout import RawCell
from ingest.model import Location, Row, Table
from ingest.numbers import clean, is_blank, is_code, looks_like_amount
from ingest.schema import (
    B09_LANE_COLUMNS,
    normalise_label,
)
from ingest.tables.common import (
    _CODE_NAME,
    RawRow,
    Segment,
    _cell,
    _code_row,
    _header_columns,
    _split_code_name,
    _split_header,
    _text,
)
from ingest.tables.placement import place_token_values

# B09 国有资本经营预算收支预算表 ----------------------------------------------------------------

# Header words of a lane's label columns (编码 / 名称 / 项目); anything else heads an amount column.
_LANE_LABEL_WORDS = ("编码", "名称")
_LANE_TOTALS = ("合计", "总计", "收入合计", "支出合计", "收入总计", "支出总计")


def _is_lane_label_header(text: str) -> bool:
    t = normalise_label(text)
    return t in ("项目", "科目") or any(w in t for w in _LANE_LABEL_WORDS)


def _is_lane_total(text: str) -> bool:
    return normalise_label(text) in _LANE_TOTALS


def _is_capital_data(r: RawRow) -> bool:
    texts = [_text(c) for c in r.cells]
    if any(is_code(t) or _CODE_NAME.match(t) or looks_like_amount(t) for t in texts):
        return True
    first = next((t for t in texts if t), "")
    return _is_lane_total(first)


def _capital_lanes(
    header: list[list[RawCell | None]], width: int
) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int]]] | None:
    """(label columns, amount columns) of the 收入 lane and of the 支出 lane, from the header.

    The 支出 lane starts at the first label column (科目编码 / 项目) printed after an amount column.
    """
    kinds: list[str | None] = []
    for j in range(width):
        texts = [_text(h[j]) for h in header if j < len(h) and _text(h[j])]
        texts = [t for t in texts if not t.isdigit()]  # 栏次 numbers
        if not texts:
            kinds.append(None)
        elif any(_is_lane_label_header(t) for t in texts):
            kinds.append("label")
        else:
            kinds.append("value")
    start = next(
        (j for j in range(1, width) if kinds[j] == "label" and "value" in kinds[:j]),
        None,
    )
    if start is None:
        return None
    lanes = []
    for a, b in ((0, start), (start, width)):
        labels = [j for j in range(a, b) if kinds[j] != "value"]
        values = [j for j in range(a, b) if kinds[j] == "value"]
        # a label column left blank in the header (merged with 项目) still holds labels: keep only
        # the label columns before the first amount column
        first_value = values[0] if values else b
        lanes.append(([j for j in labels if j < first_value], values))
    return (lanes[0][0], lanes[0][1]), (lanes[1][0], lanes[1][1])


def _capital_row(code: str | None, label: str, lane: str, loc: Location) -> Row:
    row = _code_row("B09", code, label, loc)
    row.lane = lane
    if not code and _is_lane_total(row.key):
        row.role = "total"
    return row


_Side = tuple[str | None, str, list[RawCell]]


def _capital_token_sides(toks: list[RawCell], expense_width: int) -> tuple[_Side, _Side] | str:
    """A B09 text line without cell positions split into its 收入 and 支出 sides: (code, label,
    numbers) each, or why it cannot be split ("" for a line with nothing to read).

    A side starts at a subject code or a 合计 caption; a 合计 line printed once for both lanes
    is split only when its numbers fill every column (1 收入 + the 支出 columns) or are all blank.
    """
    groups: list[list[RawCell]] = []
    for tok in toks:
        t = _text(tok)
        starts = is_code(t) or (_CODE_NAME.match(t) and not looks_like_amount(t)) or _is_lane_total(t)
        if starts or not groups:
            groups.append([tok])
        else:
            groups[-1].append(tok)
    if not groups:
        return ""
    if len(groups) == 1 and _is_lane_total(_text(groups[0][0])):
        nums = [t for t in groups[0][1:] if looks_like_amount(t.text)]
        if len(nums) not in (0, 1 + expense_width):
            return "合计行的数字无法分属收入、支出两方，未读取"
        groups = [[groups[0][0], *nums[:1]], [groups[0][0], *nums[1:]]]
    if len(groups) != 2:
        return "无栏位信息的文本行无法分属收入、支出两方，未读取"
    sides: list[_Side] = []
    for group in groups:
        head = _text(group[0])
        m = None if looks_like_amount(head) else _CODE_NAME.match(head)
        code = m.group(1) if m else head if is_code(head) else None
        words = [m.group(2)] if m else [] if code else [head]
        nums: list[RawCell] = []
        for tok in group[1:]:
            if nums or looks_like_amount(tok.text):
                nums.append(tok)
            else:
                words.append(tok.text)
        sides.append((code, clean("".join(words)), nums))
    return sides[0], sides[1]


def parse_capital_budget(seg: Segment, problems: list[str]) -> Table:
    """B09 国有资本经营预算收支预算表: a 收入 lane (收入科目编码, 科目名称, 国有资本经营收入预算) and a
    支出 lane (科目编码, 科目名称, 合计, 基本支出, 项目支出) side by side; each lane is read like a
    code table (rows keyed by code and name, or by their 合计 label).

    The 合计 row is often captioned once, at the left, for both lanes: a lane whose label cells
    are blank on a row whose other lane reads 合计 is that lane's 合计. `rows` holds the 收入 lane's
    rows, then the 支出 lane's (as for the other two-sided tables), each with its lane: the 收入
    lane prints 收入科目 (103…, or in some templates a copy of the 支出 lane's functional codes),
    so readers of subject codes work lane by lane (rules.hierarchy sums each lane's codes to that
    lane's 合计) and never depend on this order.
    """
    (income_col,), expense_cols = B09_LANE_COLUMNS
    table = Table(id="B09", title=seg.title, unit=seg.unit, pages=sorted(seg.pages), loc=seg.loc)
    lanes: dict[str, list[Row]] = {"income": [], "expense": []}
    columns: dict[str, None] = {}

    def unplaced(where: str, what: str) -> None:
        problems.append(f"{seg.title or 'B09'} {where}: {what}")
        table.problems.append(f"{where}: {what}")

    header, body = _split_header(seg.rows, _is_capital_data)
    if any(r.aligned for r in seg.rows):
        width = max((len(r.cells) for r in seg.rows), default=0)
        layout = _capital_lanes([r.cells for r in header], width)
        if layout is None:
            table.problems.append("未识别出收入、支出两方的栏位，未解析")
            return table
        names = _header_columns([r.cells for r in header], width)
        header_texts = [[_text(c) for c in h.cells] for h in header]
        named: dict[str, list[tuple[int, str]]] = {"income": [], "expense": []}
        for lane, (_labels, values) in zip(("income", "expense"), layout, strict=True):
            for j in values:
                name = income_col if lane == "income" and len(values) == 1 else names[j][0]
                if name is None or (lane == "expense" and name not in expense_cols):
                    table.problems.append(f"第{j + 1}栏: 栏目名称无法识别，未读取")
                    continue
                named[lane].append((j, name))
        for r in body:
            cells = r.cells + [None] * (width - len(r.cells))
            texts = [_text(c) for c in cells]
            if texts in header_texts or not any(texts):
                continue
            read: dict[str, tuple[str | None, str]] = {}
            for lane, (labels, _values) in zip(("income", "expense"), layout, strict=True):
                first = texts[labels[0]] if labels else ""
                second = texts[labels[1]] if len(labels) > 1 else ""
                read[lane] = _split_code_name(first, second)
            for lane, other in (("income", "expense"), ("expense", "income")):
                code, label = read[lane]
                if not code and not label and not read[other][0] and _is_lane_total(read[other][1]):
                    read[lane] = (None, read[other][1])  # the 合计 caption printed once for both lanes
            for lane in ("income", "expense"):
                code, label = read[lane]
                printed = [(name, cells[j]) for j, name in named[lane] if cells[j] is not None]
                if not code and not label:
                    if any(not is_blank(c.text) for _n, c in printed):
                        unplaced(f"第{r.loc.line or r.loc.page}行", "有数字但没有科目名称，未读取")
                    continue
                row = _capital_row(code, label, lane, r.loc)
                for name, c in printed:
                    row.cells[name] = _cell("B09", row.key, name, c, seg.unit)
                    columns[name] = None
                lanes[lane].append(row)
    else:
        for r in body:
            where = f"第{r.loc.line or r.loc.page}行"
            sides = _capital_token_sides(
                [c for c in r.cells if c is not None and _text(c)], len(expense_cols)
            )
            if isinstance(sides, str):
                if sides:
                    unplaced(where, sides)
                continue
            for lane, (code, label, nums) in zip(("income", "expense"), sides, strict=True):
                row = _capital_row(code, label, lane, r.loc)
                lane_cols = [income_col] if lane == "income" else list(expense_cols)
                if len(nums) > len(lane_cols):
                    unplaced(where, f"{row.key} 数字个数多于栏目数，未读取")
                    nums = []
                ((pos, uncertain),) = place_token_values(
                    "B09" if lane == "expense" else "", [row.key], [nums], lane_cols
                )
                for p, raw in zip(pos, nums, strict=False):
                    row.cells[lane_cols[p]] = _cell("B09", row.key, lane_cols[p], raw, seg.unit, uncertain)
                    columns[lane_cols[p]] = None
                lanes[lane].append(row)
    order = [income_col, *expense_cols]
    table.columns = [c for c in order if c in columns] + [c for c in columns if c not in order]
    table.rows = lanes["income"] + lanes["expense"]
    return table
