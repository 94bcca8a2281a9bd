"""The indicator block of 绩效 forms (自评表 and 目标申报表): 一级/二级指标, 指标值, 分值, 得分.

A 绩效自评表 prints, below its money block, one line per indicator::

    一级指标 | 二级指标 | 三级指标（指标内容） | 年度指标值 | 实际完成值 | 分值 | 得分 [| 偏差原因]

with the 一级指标 cell merged over its indicators and labelled with its weight (“产出指标（50分）”),
the 二级指标 cell merged over its own, and a closing “总分” line. Variants: 年初指标值 and
调整后指标值 instead of 年度指标值; a 绩效目标申报表 prints only 指标值, twice (实施期 and 年度 halves,
each with its own 二级/三级 labels).

Printed grids of these forms are often misaligned: header and value cells drift by one column, or
a row starts one cell early. Values are therefore read *in sequence* after the indicator's name
(the n-th value cell is the n-th value column of the header) whenever the row has as many value
cells as the header has value columns; otherwise by the nearest header column, and marked
`uncertain`. Nothing is invented: a value that cannot be placed is left out and the table's
problems say so.

The rows are returned as `Row` objects for `Table.indicators` (roles "group", "indicator",
"total"), so rules can cite them as cells with their page and position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ingest.layout import RawCell
from ingest.model import Amount, Cell, Location, Row
from ingest.numbers import clean, parse_amount

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "投入管理指标", "过程指标", "决策指标")
# 一级 labels printed short: the name they stand for.
LEVEL1_ALIASES = {"满意度": "满意度指标", "产出": "产出指标", "效益": "效益指标", "投入管理": "投入管理指标"}
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)
# Column names of the indicator block.
ANNUAL = "年度指标值"
INITIAL = "年初指标值"
ADJUSTED = "调整后指标值"
PERIOD = "实施期指标值"
TARGET = "指标值"
ACTUAL = "实际完成值"
WEIGHT = "分值"
SCORE = "得分"
GRADE = "等级"
DEVIATION = "偏差原因"
TARGETS = (INITIAL, ADJUSTED, ANNUAL, PERIOD, TARGET)
TOTAL_KEY = "总分"
POINTS = "分"  # the unit of 分值 and 得分: assigned points, compared without rounding tolerance
TOTAL_WORDS = ("总分", "合计", "总计", "自评总分")
GROUP_PREFIX = "一级:"
INDICATOR_PREFIX = "指标:"
# A row starting with one of these ends the indicator block.
STOP_WORDS = (
    "项目绩效分析",
    "自评结果分析",
    "负责人",
    "项目管理中存在",
    "下一步改进",
    "主要经验做法",
    "填报",
    "说明",
    "备注",
    "评价结论",
)
# Labels printed in the indicator block's first column (merged cells), never an indicator's name.
NOT_NAMES = ("绩效指标", "指标", "双碳目标", "年度绩效指标完成情况", "绩效指标完成情况")
_WEIGHT_LABEL = re.compile(r"[（(](\d+(?:\.\d+)?)分[）)]")
_MEASURE = re.compile(r"^(≥|≤|=|>|<)?(\d+(?:\.\d+)?)([^\d]{0,8})$")


def squash(text: str | None) -> str:
    """Cell text with whitespace removed (labels wrap anywhere: “经济效 益指标”)."""
    return clean(text)


@dataclass(frozen=True)
class Measure:
    """An indicator value that is a number: “≥3次” → (≥, 3, 次); “=1920000” → (=, 1920000, "")."""

    op: str  # "≥", "≤", "=", ">", "<" or "" (none printed)
    value: Decimal
    decimals: int
    unit: str  # "%", "人", "元", "元/人", "次", "" …
    text: str

    @property
    def amount(self) -> Amount:
        """The number as an Amount ("%" for percentages, "" otherwise)."""
        return Amount(self.value, self.decimals, "%" if self.unit == "%" else "")


def measure(text: str | None) -> Measure | None:
    """Read an indicator value as a number with an optional comparison and unit; None for words
    (“达到预期”, “不适用”), dates (“2024年12月底前”, “12/1/2024”) and blanks."""
    t = squash(text)
    if not t:
        return None
    t = (
        t.replace("＝", "=")
        .replace(">=", "≥")
        .replace("<=", "≤")
        .replace("＞", ">")
        .replace("＜", "<")
        .replace("％", "%")
        .replace("．", ".")
    )
    t = re.sub(r"(?<=\d)[,，](?=\d{3})", "", t)
    m = _MEASURE.match(t)
    if not m:
        return None
    number = m.group(2)
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    unit = m.group(3)
    if unit.startswith(("年", "月", "日", "/")) and unit not in ("年",):
        return None  # a date or a fraction, not a quantity
    decimals = len(number.split(".")[1]) if "." in number else 0
    return Measure(m.group(1) or "", value, decimals, unit, clean(text))


def _level1(s: str, following: str) -> tuple[str, Amount | None] | None:
    """(name, weight) when `s` is a 一级指标 label (“产出指标（50分）”)."""
    m = _WEIGHT_LABEL.search(s)
    name = _WEIGHT_LABEL.sub("", s)
    name = LEVEL1_ALIASES.get(name, name)
    if name not in LEVEL1:
        return None
    if name == "成本指标" and m is None and following not in LEVEL2:
        return None  # a 二级 成本指标 (older templates)
    if m is None:
        return name, None
    printed = m.group(1)
    return name, Amount(Decimal(printed), len(printed.split(".")[1]) if "." in printed else 0, POINTS)


def _level2(s: str) -> str | None:
    if s in LEVEL2:
        return s
    if s.startswith("服务对象满意度"):
        return "服务对象满意度指标"
    return None


def header_columns(row: Sequence[RawCell | None]) -> list[tuple[int, str]] | None:
    """(grid column, column name) of an indicator header row, or None when `row` is not one."""
    texts = [squash(c.text) if c is not None else "" for c in row]
    if not any(t in ("一级指标", "二级指标") for t in texts):
        return None
    out: list[tuple[int, str]] = []
    seen_target = 0
    for j, t in enumerate(texts):
        name: str | None = None
        if t in (INITIAL, ADJUSTED, ANNUAL, PERIOD):
            name = t
        elif t == TARGET or (t.endswith("指标值") and "调整" not in t):
            seen_target += 1
            name = PERIOD if seen_target == 1 else ANNUAL
        elif t.startswith("实际完成"):
            name = ACTUAL
        elif t == WEIGHT:
            name = WEIGHT
        elif t == SCORE:
            name = SCORE
        elif t.startswith("偏差"):
            name = DEVIATION
        if name is not None and name not in [n for _, n in out]:
            out.append((j, name))
    if not out:
        return None
    # A form with a single 指标值 column (no halves) calls it 年度指标值 unless it says otherwise.
    if seen_target == 1:
        out = [(j, ANNUAL if n == PERIOD else n) for j, n in out]
    return out


_NUMBERED = re.compile(r"^指标\d+[：:.、]")


def _is_name(cell: RawCell) -> bool:
    """Words, not a value: a name or a caption (“预算和财务管理”, “年度履职目标相关性”)."""
    t = squash(cell.text)
    return bool(t) and measure(t) is None and parse_amount(t, unit="") is None and t not in ("—", "-", "/")


def label_columns(row: Sequence[RawCell | None]) -> tuple[int | None, int | None]:
    """Grid columns of the 二级指标 and 三级指标 (指标内容) captions of an indicator header row."""
    texts = [squash(c.text) if c is not None else "" for c in row]
    level2 = next((j for j, t in enumerate(texts) if t == "二级指标"), None)
    level3 = next((j for j, t in enumerate(texts) if t in ("三级指标", "指标内容", "指标名称")), None)
    return level2, level3


@dataclass
class Block:
    """The parsed indicator block of one form."""

    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _cell(table_id: str, key: str, column: str, raw: RawCell, uncertain: bool) -> Cell:
    if column in (WEIGHT, SCORE):
        amount = parse_amount(raw.text, unit=POINTS)
    elif column in TARGETS or column == ACTUAL:
        m = measure(raw.text)
        amount = m.amount if m else None
    else:
        amount = None
    return Cell(
        table=table_id, row=key, column=column, text=raw.text, amount=amount, loc=raw.loc, uncertain=uncertain
    )


def _is_stop(s: str) -> bool:
    return s.startswith(STOP_WORDS)


def parse_block(
    rows: Sequence[Sequence[RawCell | None]],
    table_id: str,
    header: list[tuple[int, str]],
    start_loc: Location | None = None,
    labels: tuple[int | None, int | None] = (None, None),
) -> Block:
    """Indicator rows of `rows` (the grid rows after the header row), up to the 总分 line.

    `labels` are the grid columns of the 二级/三级 captions: a cell in the 二级 column followed by
    one in the 三级 column is a 二级指标 even when its wording is not a standard one
    (“预算和财务管理”, “重点工作任务完成”)."""
    level2_col, level3_col = labels
    block = Block()
    value_columns = [n for _, n in header if n != DEVIATION]
    has_deviation = any(n == DEVIATION for _, n in header)
    declaration = PERIOD in value_columns and ANNUAL in value_columns  # 目标申报表: two halves
    index_of = {n: j for j, n in header}
    group: Row | None = None
    level2 = ""
    keys: set[str] = set()
    for cells in rows:
        present = [(j, c) for j, c in enumerate(cells) if c is not None and squash(c.text)]
        if not present:
            continue
        first = squash(present[0][1].text)
        if _is_stop(first):
            break
        if header_columns(cells) is not None:
            continue  # a repeated header on a continuation page
        if first in TOTAL_WORDS:
            block.rows.append(_total(table_id, present, index_of))
            break
        name: tuple[int, RawCell] | None = None
        values: list[tuple[int, RawCell]] = []
        second_half: list[tuple[int, RawCell]] = []
        half = 1
        texts = [squash(c.text) for _, c in present]
        for k, (j, c) in enumerate(present):
            s = texts[k]
            following = texts[k + 1] if k + 1 < len(texts) else ""
            l1 = _level1(s, following)
            if l1 is not None and name is not None:
                continue  # a label spilled into the row's value cells
            if s in NOT_NAMES:
                continue
            if l1 is not None:
                gname, weight = l1
                gkey = f"{GROUP_PREFIX}{gname}"
                if group is None or group.key != gkey:
                    group = Row(key=gkey, label=gname, role="group", loc=c.loc)
                    if weight is not None:
                        group.cells[WEIGHT] = Cell(
                            table=table_id, row=gkey, column=WEIGHT, text=c.text, amount=weight, loc=c.loc
                        )
                    block.rows.append(group)
                level2 = ""
                continue
            l2 = _level2(s)
            if (
                l2 is None
                and name is None
                and level2_col is not None
                and level3_col is not None
                and j == level2_col
                and any(jj == level3_col and _is_name(cc) for jj, cc in present[k + 1 :])
                and _is_name(c)
                and not _NUMBERED.match(s)
            ):
                l2 = s  # a 二级指标 in its own column, worded by the template
            if l2 is not None:
                if name is None:
                    level2 = l2
                elif declaration:
                    half = 2
                continue
            if name is None:
                name = (j, c)
            elif half == 2:
                second_half.append((j, c))
            else:
                values.append((j, c))
        if name is not None and not values and not second_half:
            continue  # an indicator line with nothing printed: nothing to read or check
        if name is None:
            if values:
                block.problems.append(f"绩效指标行“{'、'.join(texts)}”没有指标名称，未读取")
            continue
        if declaration:
            assigned = _assign_declaration(values, second_half)
            uncertain = False
        else:
            assigned, uncertain = _assign(values, value_columns, index_of, has_deviation)
        label = squash(name[1].text)
        base = f"{INDICATOR_PREFIX}{group.label if group else ''}/{level2}/{label}"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}#{n}", n + 1
        keys.add(key)
        row = Row(
            key=key,
            label=label,
            role="indicator",
            parent=group.label if group else None,
            lane=level2 or None,
            loc=name[1].loc,
        )
        for column, raw in assigned.items():
            row.cells[column] = _cell(table_id, key, column, raw, uncertain)
        if uncertain:
            block.problems.append(f"绩效指标“{label}”的数值与表头列数不符，按位置对应读取（已标注为不确定）")
        block.rows.append(row)
    return block


def _assign(
    values: list[tuple[int, RawCell]],
    columns: list[str],
    index_of: dict[str, int],
    has_deviation: bool,
) -> tuple[dict[str, RawCell], bool]:
    """Value cells → columns: in sequence when the counts agree, by nearest header column otherwise."""
    if len(values) == len(columns) or (len(values) > len(columns) and has_deviation):
        return {col: raw for col, (_, raw) in zip(columns, values, strict=False)}, False
    out: dict[str, RawCell] = {}
    free = list(columns)
    for j, raw in values:
        if not free:
            break
        col = min(free, key=lambda n: (abs(index_of.get(n, 0) - j), index_of.get(n, 0)))
        out[col] = raw
        free.remove(col)
    return out, True


def _assign_declaration(
    first: list[tuple[int, RawCell]], second: list[tuple[int, RawCell]]
) -> dict[str, RawCell]:
    """实施期 and 年度 halves of a 目标申报表 row; the 年度 half repeats the indicator's name (often cut
    short) before its value."""
    out: dict[str, RawCell] = {}
    if first:
        out[PERIOD] = first[0][1]
    if len(second) >= 2:
        out[ANNUAL] = second[1][1]
    elif len(second) == 1 and measure(second[0][1].text) is not None:
        out[ANNUAL] = second[0][1]
    return out


def _total(table_id: str, present: list[tuple[int, RawCell]], index_of: dict[str, int]) -> Row:
    """The 总分 line: its numbers are the 分值 total and the 得分 total (a grade such as 优 aside)."""
    loc = present[0][1].loc
    row = Row(key=TOTAL_KEY, label=TOTAL_KEY, role="total", loc=loc)
    numbers = [(j, c) for j, c in present[1:] if parse_amount(c.text, unit="") is not None]
    words = [(j, c) for j, c in present[1:] if parse_amount(c.text, unit="") is None]
    if len(numbers) >= 2:
        placed = {WEIGHT: numbers[0], SCORE: numbers[1]}
    elif len(numbers) == 1:
        j = numbers[0][0]
        # alone, a number is the score unless it stands in the 分值 column (and a grade follows)
        is_weight = j == index_of.get(WEIGHT) or bool(words)
        placed = {WEIGHT if is_weight else SCORE: numbers[0]}
    else:
        placed = {}
    for column, (_, raw) in placed.items():
        row.cells[column] = _cell(table_id, TOTAL_KEY, column, raw, False)
    if words:
        raw = words[-1][1]
        row.cells[GRADE] = Cell(
            table=table_id, row=TOTAL_KEY, column=GRADE, text=raw.text, amount=None, loc=raw.loc
        )
    return row


def groups(rows: Sequence[Row]) -> list[tuple[Row, list[Row]]]:
    """Each 一级指标 row with its indicators, in printed order."""
    out: list[tuple[Row, list[Row]]] = []
    for r in rows:
        if r.role == "group":
            out.append((r, []))
        elif r.role == "indicator" and out and r.parent == out[-1][0].label:
            out[-1][1].append(r)
    return out


__all__ = [
    "ACTUAL",
    "ADJUSTED",
    "ANNUAL",
    "GRADE",
    "INITIAL",
    "PERIOD",
    "SCORE",
    "TARGETS",
    "TOTAL_KEY",
    "WEIGHT",
    "Block",
    "Measure",
    "groups",
    "header_columns",
    "measure",
    "parse_block",
]
