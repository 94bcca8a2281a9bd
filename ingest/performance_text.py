"""绩效自评表 printed as loose text lines: no grid, no tabs, one printed text line per line.

Some extracted texts (and PDFs without ruling) print a 部门整体支出绩效自评表 as plain lines whose
cells are joined with spaces, blank cells dropped, narrow cells broken over several lines::

    部门（单位）名称 某县医疗保障局
    任务1 年度工资福利 完成 119.96 120.59
    120.5
    9
    120.59 — 100% —
    金额合计 200.3 200.93 200.93 200.93 20 100% 20
    …
    二级指标 指标内容 年度指标值 实际完成值 分值 得分
    产出
    指标
    （50 分）
    质量指标 完成对定点医药机构服务 ≥90 ≥90 10 10
    合计 100

`LooseForm` collects such a form's lines (from its first line “部门（单位）名称” to the 合计/总分
line of its indicator block, or the next heading); `parse_form` builds the same `Table` as the grid
parser (ingest/performance.py, ingest/indicators.py): money rows 任务N / 金额合计 under the
whole-department columns, and `Table.indicators`. Column positions are inferred from the order of
the numbers, so every cell read here is `uncertain`. Nothing is guessed:

- a money row's numbers (after its 分值 / 执行率 / 得分, anchored on the 执行率 percentage) are
  (预算 总额, 预算 财政拨款, 执行 总额, 执行 财政拨款) when four are printed (其他资金 blank) and the
  six money columns when six are; any other count leaves the row out (`Table.problems`);
- a number broken over lines (“120.5” / “9”) is joined only when its fragments stand alone on
  consecutive lines, the join is the only reading whose count fits, and the row confirms the value
  (总额 = 财政拨款 + 其他资金, or the same value printed beside it); otherwise the cell is left out;
- an indicator line's values are read in sequence when their count matches the header; two values
  that cannot be 分值/得分 are the 指标值 and the 实际完成值; other counts are left out.

Another whole-department template prints its money block under a one-line header
“年初预算数 全年预算数 全年执行数 分值 执行率 得分”, one row per source::

    年初预算数 全年预算数 全年执行数 分值 执行率 得分
    部门预算总额（万元） 1254.84 1663.75 1270.64 10 76.37 8.49
    资金来源：（1）政府预算资金 1254.84 1662.35 1269.24 - 76.35 -
         （2）财政专户管理资金 0 0 0 - 0 -
    …
    一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差度 偏差原因分析及改进措施
    产出指标
    重点工作任务完成
    打击欺诈骗保检查计划完
    成率
    ≥95% 100% 4 4 0.00%

Its columns are the header's, named as the grid parser names them (“年初预算数”, “全年预算数”,
“全年执行数”, “分值”, “执行率”, “得分”); the total row (部门预算总额) is keyed “金额合计” like a
whole-department total, the source rows by their printed name (“政府预算资金”). A row is read only
when it prints exactly one value (or dash) per column, in sequence, each fitting its column;
otherwise it is left out (`Table.problems`). Its indicator names are broken over lines with the
values on a line of their own: the name is the last lone lines printed at the column's wrap width
(“打击欺诈骗保检查计划完” / “成率”), a lone label above them (“重点工作任务完成”) is not part of
it; a values line that starts with a word (“有所提高 100% 3 3 0.00%”) is read as the broken name's
values only when reading the word as a name does not fit the header, and left out when both fit.
The template's 一级 labels 投入管理指标 and 满意度, printed alone, open their groups.

Only forms with one of these money blocks are read; other templates stay unparsed (their lines
stay in the narrative).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ingest import indicators, performance
from ingest.indicators import DEVIATION, GRADE, INDICATOR_PREFIX, SCORE, TOTAL_KEY, TOTAL_WORDS, WEIGHT
from ingest.layout import Line, RawCell
from ingest.model import Amount, Cell, Location, Row, Table
from ingest.numbers import BLANK_MARKS, clean, parse_amount, parse_percent

# A form runs at most this many text lines (a form whose end is never printed stops here).
MAX_FORM_LINES = 400
# At most this many broken numbers are tried per money row (2**6 readings).
MAX_JOINS = 6

WHOLE_COLUMNS = [
    *(f"{performance.BUDGET}/{s}" for s in performance.SOURCES),
    *(f"{performance.EXECUTED}/{s}" for s in performance.SOURCES),
    performance.WEIGHT,
    performance.RATE,
    performance.SCORE,
]
_MONEY = WHOLE_COLUMNS[:6]
# The four money columns printed when 其他资金 is blank.
_MONEY_FOUR = [_MONEY[0], _MONEY[1], _MONEY[3], _MONEY[4]]

# Lines that end a form: a heading (“（三）…”, “十四、…”, “第二部分”) or a 公开NN表 code line.
_END = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)"
)
_MARKER = re.compile(r"公开\s*0?\d{1,2}\s*表")
_YEAR_LINE = re.compile(r"^[（(]?\d{4}年度?[)）]?$")
_TASK = re.compile(r"^任务\s*(\d+)\s*(.*)$")
_TOTAL = re.compile(r"^金额\s*合计\s*(.*)$")
_WEIGHT_LABEL = re.compile(r"[（(](\d+(?:\.\d+)?)分[）)]$")
_FRAGMENT = re.compile(r"^\d+$")
_NUMBERED = re.compile(r"^\d+[.．、:：]\D")
_ASCII_WORD = re.compile(r"^[A-Za-z]+$")
_FIRST_ITEM = re.compile(r"^[1１][.．、]")
_SECOND_ITEM = re.compile(r"^[2２][.．、]")
_LABELS = (*indicators.LEVEL1, *indicators.LEVEL2, "一级指标", "二级指标")
# 一级 labels of the 年初预算数 template beside 产出指标 / 效益指标.
_WRAPPED_LEVEL1 = ("投入管理指标", "满意度")
# A lone line ending a sentence is a 偏差原因 carried over, not part of a broken name.
_SENTENCE_END = re.compile(r"[。；;]$")


@dataclass
class LooseForm:
    """The text lines of one form printed without a grid, from its first line to its end."""

    lines: list[Line]
    page: int
    title: str = ""
    preamble: list[Line] = field(default_factory=list)  # title / year lines printed above it
    closed: bool = False
    _indicator_header: bool = False

    @classmethod
    def start(cls, first: Line, page: int, before: Sequence[Line]) -> LooseForm:
        """A form opening at `first` (“部门（单位）名称 …”); its title and year lines are taken
        from the lines printed just above it."""
        form = cls(lines=[first], page=page)
        for prev in reversed(before[-2:]):
            t = clean(prev.text)
            if performance.is_form_title(t) and not form.title:
                form.title = t
                form.preamble.insert(0, prev)
            elif _YEAR_LINE.match(t) and not form.title and not form.preamble:
                form.preamble.insert(0, prev)
            else:
                break
        return form

    def takes(self, line: Line) -> bool:
        """Take `line` into the form, or say the form ended before it (False)."""
        if self.closed or len(self.lines) >= MAX_FORM_LINES:
            return False
        t = clean(line.text)
        if _END.match(t) or (_MARKER.search(t) and len(t) <= 40):
            return False
        if performance.is_form_title(t) or performance.is_form_text_line(t):
            return False  # the next form
        self.lines.append(line)
        tokens = line.text.split()
        if not tokens:
            return True
        if self._indicator_header and clean(tokens[0]) in TOTAL_WORDS:
            self.closed = True
        elif _indicator_header(tokens) is not None:
            self._indicator_header = True
        return True


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------


@dataclass
class _Token:
    text: str
    loc: Location
    joined: bool = False  # put together from fragments printed on consecutive lines


def _is_dash(t: str) -> bool:
    return clean(t) in BLANK_MARKS


def _is_number(t: str) -> bool:
    return parse_amount(t, unit="") is not None


def _is_percent(t: str) -> bool:
    return parse_percent(t) is not None


def _is_money_value(t: str) -> bool:
    return _is_dash(t) or _is_number(t) or _is_percent(t)


def _tokens(line: Line) -> list[_Token]:
    return [_Token(tok, line.loc) for tok in line.text.split()]


# ---------------------------------------------------------------------------------------------
# Money block
# ---------------------------------------------------------------------------------------------


@dataclass
class _MoneyLines:
    key: str
    label: str
    loc: Location
    first: list[_Token]  # values on the row's own line
    more: list[list[_Token]] = field(default_factory=list)  # value-only lines below it


def _row_start(text: str) -> tuple[str, str] | None:
    t = text.strip()
    m = _TASK.match(t)
    if m:
        return f"任务{int(m.group(1))}", m.group(2)
    m = _TOTAL.match(t)
    if m:
        return performance.TOTAL_WHOLE, m.group(1)
    return None


def _money_lines(lines: Sequence[Line]) -> tuple[list[_MoneyLines], int, bool]:
    """Money rows (with their continuation lines), the index of the first line after the block,
    and whether the whole-department headers were printed above the rows."""
    rows: list[_MoneyLines] = []
    header = ""
    end = 0
    for i, line in enumerate(lines):
        start = _row_start(line.text)
        if start is not None:
            key, rest = start
            toks = rest.split()
            k = next((n for n, tok in enumerate(toks) if _is_money_value(tok)), len(toks))
            label = f"{key}（{toks[0]}）" if key.startswith("任务") and k > 0 else key
            rows.append(_MoneyLines(key, label, line.loc, [_Token(t, line.loc) for t in toks[k:]]))
            if any(not _is_money_value(t) for t in toks[k:]):
                rows[-1].first = []  # words after the numbers: not a money row we can read
                rows[-1].label = ""
            end = i + 1
            continue
        toks = line.text.split()
        if rows:
            if toks and all(_is_money_value(t) for t in toks):
                rows[-1].more.append(_tokens(line))
                end = i + 1
                continue
            break  # the block ended (年度总体目标 …)
        header += clean(line.text)
    printed = all(w in header for w in (performance.BUDGET, performance.EXECUTED, *performance.SOURCES))
    return rows, end, printed


def _readings(row: _MoneyLines) -> list[list[_Token]]:
    """The row's values read every way its broken numbers allow (joined or not)."""
    runs: list[tuple[int, int]] = []  # [start, end) of runs of single-fragment lines
    i = 0
    while i < len(row.more):
        j = i
        if len(row.more[i]) == 1 and _is_number(row.more[i][0].text) and not _is_percent(row.more[i][0].text):
            while (
                j + 1 < len(row.more)
                and len(row.more[j + 1]) == 1
                and _FRAGMENT.match(row.more[j + 1][0].text)
            ):
                j += 1
        if j > i:
            runs.append((i, j + 1))
        i = j + 1
    runs = runs[:MAX_JOINS]
    out: list[list[_Token]] = []
    for choice in itertools.product((False, True), repeat=len(runs)):
        tokens = list(row.first)
        k = 0
        while k < len(row.more):
            run = next((r for r, c in zip(runs, choice, strict=True) if c and r[0] == k), None)
            if run is not None:
                parts = [row.more[n][0] for n in range(*run)]
                text = "\n".join(p.text for p in parts)
                if parse_amount(text) is None:
                    break
                tokens.append(_Token(text, parts[0].loc, joined=True))
                k = run[1]
                continue
            tokens.extend(row.more[k])
            k += 1
        else:
            out.append(tokens)
    return out


def _place(tokens: list[_Token]) -> dict[str, _Token] | None:
    """Columns of a money row's values, or None when their count does not say."""
    tail: dict[str, _Token] = {}
    money = list(tokens)
    rates = [i for i, t in enumerate(tokens) if _is_percent(t.text)]
    if rates:
        p = rates[-1]
        if len(tokens) - p > 2 or p == 0:
            return None
        weight, score = tokens[p - 1], tokens[p + 1] if p + 1 < len(tokens) else None
        if _is_percent(weight.text) or (score is not None and _is_percent(score.text)):
            return None
        if score is not None and _is_number(weight.text) != _is_number(score.text):
            return None  # 分值 and 得分 are printed together (or both dashed)
        tail = {performance.WEIGHT: weight, performance.RATE: tokens[p]}
        if score is not None:
            tail[performance.SCORE] = score
        money = tokens[: p - 1]
    elif len(tokens) >= 3 and all(_is_dash(t.text) for t in tokens[-3:]):
        tail = dict(zip((performance.WEIGHT, performance.RATE, performance.SCORE), tokens[-3:], strict=True))
        money = tokens[:-3]
    numbers = [t for t in money if not _is_dash(t.text)]
    if len(numbers) == 4:
        placed = dict(zip(_MONEY_FOUR, numbers, strict=True))
    elif len(numbers) == 6 and len(money) == 6:
        placed = dict(zip(_MONEY, numbers, strict=True))
    elif len(money) == 6:
        placed = dict(zip(_MONEY, money, strict=True))
    else:
        return None
    return {**placed, **tail}


def _value(tok: _Token | None) -> Decimal | None:
    a = parse_amount(tok.text) if tok is not None else None
    return a.value if a is not None else None


def _confirmed(column: str, placed: dict[str, _Token], printed: list[_Token]) -> bool:
    """A joined value agrees with its row: 总额 = 财政拨款 + 其他资金 in its group, or the same value
    printed in the money column next to it."""
    if column not in _MONEY:
        return False
    value = _value(placed[column])
    group = column.split("/")[0]
    total, fiscal, other = (_value(placed.get(f"{group}/{s}")) for s in performance.SOURCES)
    if total is not None and fiscal is not None and total == fiscal + (other or Decimal(0)):
        return True
    at = next(i for i, t in enumerate(printed) if t is placed[column])
    neighbours = [printed[i] for i in (at - 1, at + 1) if 0 <= i < len(printed)]
    return any(_value(t) == value for t in neighbours)


def _money_row(row: _MoneyLines, table: Table) -> Row | None:
    name = f"{table.title}“{row.label or row.key}”行"
    if not row.label:
        table.problems.append(f"{name}（无表格线的文本）数值后还有文字，未读取")
        return None
    fits = [(r, p) for r in _readings(row) if (p := _place(r)) is not None]
    if len(fits) != 1:
        why = "数值个数与各栏对不上" if not fits else "断行数字有多种拼接方式"
        table.problems.append(f"{name}（无表格线的文本）{why}，未读取")
        return None
    tokens, placed = fits[0]
    money_printed = [t for t in tokens if any(placed.get(c) is t for c in _MONEY)]
    total = row.key == performance.TOTAL_WHOLE
    out = Row(key=row.key, label=row.label, role="total" if total else "detail", loc=row.loc)
    for column in WHOLE_COLUMNS:
        tok = placed.get(column)
        if tok is None:
            continue
        if tok.joined and not _confirmed(column, placed, money_printed):
            shown = tok.text.replace("\n", "")
            table.problems.append(f"{name}“{column}”栏的断行数字“{shown}”无法由本行核实，未读取")
            continue
        out.cells[column] = Cell(
            table=table.id,
            row=row.key,
            column=column,
            text=tok.text,
            amount=performance._amount(tok.text, column),
            loc=tok.loc,
            uncertain=True,
        )
    return out


# ---------------------------------------------------------------------------------------------
# Money block of the 年初预算数 template (one row per source)
# ---------------------------------------------------------------------------------------------

# Header columns of the template, in the grid parser's names; all three money columns printed.
_INITIAL_NEEDED = (performance.INITIAL, performance.BUDGET, performance.EXECUTED)
# Lines of a money row's label printed alone above its values (“资金来源：（1）政府预算” / “资金 …”).
MAX_LABEL_LINES = 2
# The source rows' printed lead: “资金来源：（1）”, “其中：”, “(2)”.
_SOURCE_LEAD = re.compile(r"^(?:资金来源[:：])?(?:其中[:：])?(?:[（(]\d+[)）])?")
_TOTAL_LABEL = ("总额", "合计")


def _initial_header(line: Line) -> list[str] | None:
    """The money columns when `line` prints the template's header and nothing else."""
    tokens = line.text.split()
    heads = performance._header_columns([RawCell(t, line.loc) for t in tokens])
    names = [n for _, n in heads]
    if len(heads) != len(tokens) or any("/" in n for n in names):
        return None
    return names if all(n in names for n in _INITIAL_NEEDED) else None


@dataclass
class _SourceLines:
    label: str
    loc: Location
    values: list[_Token]


def _split_values(tokens: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    """(label tokens, value tokens): the values are the tokens after the last word."""
    k = len(tokens)
    while k > 0 and _is_money_value(tokens[k - 1].text):
        k -= 1
    return tokens[:k], tokens[k:]


def _initial_lines(lines: Sequence[Line]) -> tuple[list[str], list[_SourceLines], int] | None:
    """The header's columns, the money rows below it and the index of the first line after them;
    None when the form prints no such header."""
    at = next((i for i, x in enumerate(lines) if _initial_header(x) is not None), None)
    if at is None:
        return None
    columns = _initial_header(lines[at]) or []
    rows: list[_SourceLines] = []
    label: list[Line] = []  # a label printed alone, waiting for its values
    end = at + 1
    for i in range(at + 1, len(lines)):
        words, values = _split_values(_tokens(lines[i]))
        if words and not values:
            if len(label) == MAX_LABEL_LINES or _indicator_header(lines[i].text.split()) is not None:
                break
            label.append(lines[i])
            continue
        if not values:
            break
        if words or label:
            text = "".join(clean(x.text) for x in label) + "".join(clean(t.text) for t in words)
            loc = label[0].loc if label else lines[i].loc
            rows.append(_SourceLines(text, loc, values))
        elif rows:
            rows[-1].values.extend(values)  # more values below the row's line
        else:
            break
        label = []
        end = i + 1
    return columns, rows, end


def _fits(column: str, text: str) -> bool:
    """A printed value can stand in `column`: a dash anywhere, a percentage only as 执行率."""
    if _is_dash(text):
        return True
    if _is_percent(text):
        return column == performance.RATE
    return _is_number(text)


def _initial_rows(columns: list[str], raw: list[_SourceLines], table: Table) -> None:
    """The money rows of the 年初预算数 template: the first row labelled 总额/合计 is the total
    (“金额合计”), the others are keyed by their printed source name."""
    total_seen = False
    for src in raw:
        name = f"{table.title}“{src.label}”行（无表格线的文本）"
        if not total_seen and any(w in src.label for w in _TOTAL_LABEL):
            key, role = performance.TOTAL_WHOLE, "total"
            total_seen = True
        else:
            key, role = _SOURCE_LEAD.sub("", src.label) or src.label, "detail"
        if table.row(key) is not None:
            table.problems.append(f"{name}与前面的行同名，只读取第一行")
            continue
        if len(src.values) != len(columns):
            table.problems.append(
                f"{name}印有{len(src.values)}个数值，表头有{len(columns)}栏，无法判断各数值所属的栏，未读取"
            )
            continue
        misfit = [(c, t.text) for c, t in zip(columns, src.values, strict=True) if not _fits(c, t.text)]
        if misfit:
            column, text = misfit[0]
            table.problems.append(f"{name}按顺序对应时“{text}”落在“{column}”栏，与该栏不符，未读取")
            continue
        row = Row(key=key, label=src.label, role=role, loc=src.loc)
        for column, tok in zip(columns, src.values, strict=True):
            row.cells[column] = Cell(
                table=table.id,
                row=key,
                column=column,
                text=tok.text,
                amount=performance._amount(tok.text, column),
                loc=tok.loc,
                uncertain=True,
            )
        table.rows.append(row)


# ---------------------------------------------------------------------------------------------
# Indicator block
# ---------------------------------------------------------------------------------------------


def _indicator_header(tokens: Sequence[str]) -> list[tuple[int, str]] | None:
    """The indicator header's columns when `tokens` print it (“二级指标 指标内容 年度指标值 …”)."""
    cells = [RawCell(t, Location()) for t in tokens]
    found = indicators.header_columns(cells)
    if found is None and any(clean(t).startswith("实际完成") for t in tokens):
        found = indicators.header_columns([RawCell("二级指标", Location()), *cells])
    return found if found and any(n == indicators.ACTUAL for _, n in found) else None


def _merge_brackets(tokens: list[_Token]) -> list[_Token]:
    """“（50 分）” printed as two tokens → one."""
    out: list[_Token] = []
    for tok in tokens:
        if out and out[-1].text.count("（") + out[-1].text.count("(") > out[-1].text.count("）") + out[
            -1
        ].text.count(")"):
            out[-1] = _Token(out[-1].text + tok.text, out[-1].loc)
        else:
            out.append(tok)
    return out


def _is_indicator_value(t: str) -> bool:
    return _is_dash(t) or _is_number(t) or indicators.measure(t) is not None


def _name_length(tokens: list[_Token]) -> int:
    """How many leading tokens make the indicator's name (“指标 2.机关运转”, “加大 DIP 支付改革”)."""
    n = 1
    while n < len(tokens):
        prev, nxt = clean(tokens[n - 1].text), clean(tokens[n].text)
        numbered = n == 1 and prev == "指标" and _NUMBERED.match(nxt) is not None
        ascii_word = _ASCII_WORD.match(nxt) or (_ASCII_WORD.match(prev) and not _is_indicator_value(nxt))
        if not (numbered or ascii_word):
            break
        n += 1
    return n


@dataclass
class _IndicatorReader:
    table_id: str
    columns: list[str]
    has_deviation: bool
    block: indicators.Block = field(default_factory=indicators.Block)
    group: Row | None = None
    level2: str = ""
    fragment: list[Line] = field(default_factory=list)
    pending: list[tuple[str, Location]] = field(default_factory=list)  # lines printing only a name
    keys: set[str] = field(default_factory=set)
    wrapped: bool = False  # names broken over lines, values on a line of their own (年初预算数 template)

    def start_group(self, name: str, weight: Amount | None, text: str, loc: Location) -> None:
        key = f"{indicators.GROUP_PREFIX}{name}"
        if self.group is None or self.group.key != key:
            self.group = Row(key=key, label=name, role="group", loc=loc)
            if weight is not None:
                self.group.cells[WEIGHT] = Cell(
                    table=self.table_id,
                    row=key,
                    column=WEIGHT,
                    text=text,
                    amount=weight,
                    loc=loc,
                    uncertain=True,
                )
            self.block.rows.append(self.group)
        self.level2 = ""
        self.pending = []

    def extends(self, s: str) -> bool:
        """`s` carries on a 一级/二级 label broken over lines (“产出” / “指标” / “（50 分）”)."""
        cand = "".join(clean(x.text) for x in self.fragment) + s
        base = _WEIGHT_LABEL.sub("", cand)
        if base != cand:
            return bool(self.fragment) and base in indicators.LEVEL1
        return any(label.startswith(cand) for label in _LABELS)

    def resolve(self, following: str) -> None:
        """The label broken over the lines held so far, once the next line does not carry it on."""
        if not self.fragment:
            return
        text = "\n".join(x.text for x in self.fragment)
        s, loc = clean(text), self.fragment[0].loc
        self.fragment = []
        l1 = indicators._level1(s, following)
        if l1 is not None:
            self.start_group(l1[0], l1[1], text, loc)
            return
        l2 = indicators._level2(s)
        if l2 is not None:
            self.level2, self.pending = l2, []
        elif self.opens_group(s):
            self.start_group(s, None, text, loc)
        elif s not in ("一级指标", "二级指标"):
            self.pending.append((s, loc))  # not a label after all: a name printed alone

    def opens_group(self, s: str) -> bool:
        """`s`, printed alone with no name waiting, is one of the template's own 一级 labels."""
        return self.wrapped and s in _WRAPPED_LEVEL1 and not self.pending

    def broken_name(self) -> tuple[str, Location]:
        """The name printed over the waiting lone lines: the last one and the lines above it printed
        at the same wrap width (at least as wide as the last); lines above those are labels."""
        last = clean(self.pending[-1][0])
        k = len(self.pending) - 1
        width: int | None = None
        while k > 0:
            prev = clean(self.pending[k - 1][0])
            if _SENTENCE_END.search(prev) or (width is None and len(prev) < len(last)):
                break
            if width is not None and len(prev) != width:
                break
            width = len(prev)
            k -= 1
        return "".join(x for x, _ in self.pending[k:]), self.pending[k][1]

    def wrapped_line(self, rest: list[_Token], line: Line) -> bool:
        """A line below lone name lines (wrapped template): its values belong to its own name or to
        the broken name above it, whichever fits the header; False when it is neither."""
        readings: list[tuple[str, Location, list[_Token]]] = []
        if not all(_is_indicator_value(t.text) for t in rest):
            n = _name_length(rest)
            if not rest[n:]:
                return False  # one more lone line
            readings.append(("".join(clean(t.text) for t in rest[:n]), rest[0].loc, rest[n:]))
        name, loc = self.broken_name()
        readings.append((name, loc, rest))
        fits = [r for r in readings if self.assign(r[2]) is not None]
        self.pending = []
        if len(fits) == 1:
            self.add(*fits[0])
        elif fits:
            self.block.problems.append(
                f"绩效指标行“{clean(line.text)}”（无表格线的文本）既可读作“{fits[0][0]}”的数值，"
                f"也可读作上方断行名称“{fits[1][0]}”的数值，未读取"
            )
        else:
            self.add(*readings[0])  # fits nowhere: the problem is recorded, nothing read
        return True

    def total(self, tokens: list[_Token], loc: Location) -> None:
        row = Row(key=TOTAL_KEY, label=TOTAL_KEY, role="total", loc=loc)
        numbers = [t for t in tokens[1:] if _is_number(t.text)]
        words = [t for t in tokens[1:] if not _is_number(t.text)]
        if len(numbers) >= 2:
            placed = {WEIGHT: numbers[0], SCORE: numbers[1]}
        elif len(numbers) == 1 and words:
            placed = {WEIGHT: numbers[0]}  # the score is the grade printed after it
        else:
            placed = {}
            if numbers:
                self.block.problems.append(
                    f"绩效指标“{clean(tokens[0].text)}”行（无表格线的文本）只有一个数“{numbers[0].text}”，"
                    "无法判断是分值还是得分，未读取"
                )
        for column, tok in placed.items():
            row.cells[column] = self.cell(TOTAL_KEY, column, tok)
        if words:
            tok = words[-1]
            row.cells[GRADE] = Cell(
                table=self.table_id,
                row=TOTAL_KEY,
                column=GRADE,
                text=tok.text,
                amount=None,
                loc=tok.loc,
                uncertain=True,
            )
        self.block.rows.append(row)

    def cell(self, key: str, column: str, tok: _Token) -> Cell:
        return indicators._cell(self.table_id, key, column, RawCell(tok.text, tok.loc), True)

    def line(self, line: Line, following: str) -> bool:
        """Read one line of the block; True when it was the closing 合计/总分 line."""
        s = clean(line.text)
        if self.extends(s):
            self.fragment.append(line)
            return False
        tokens = _merge_brackets(_tokens(line))
        self.resolve(clean(tokens[0].text))
        if self.extends(s):
            self.fragment.append(line)  # a new label starts right after the one just resolved
            return False
        if clean(tokens[0].text) in TOTAL_WORDS:
            self.total(tokens, line.loc)
            return True
        i = 0
        while i < len(tokens):
            t = clean(tokens[i].text)
            nxt = clean(tokens[i + 1].text) if i + 1 < len(tokens) else following
            l1 = indicators._level1(t, nxt)
            if l1 is not None:
                self.start_group(l1[0], l1[1], tokens[i].text, tokens[i].loc)
            elif (l2 := indicators._level2(t)) is not None:
                self.level2, self.pending = l2, []
            elif t in indicators.NOT_NAMES and not (t == "指标" and _NUMBERED.match(nxt)):
                pass
            elif len(tokens) == 1 and self.opens_group(t):
                self.start_group(t, None, tokens[i].text, tokens[i].loc)
            else:
                break
            i += 1
        rest = tokens[i:]
        if not rest:
            return False
        if self.wrapped and self.pending and self.wrapped_line(rest, line):
            return False
        if all(_is_indicator_value(t.text) for t in rest) and self.pending:
            name = "".join(s for s, _ in self.pending)
            loc = self.pending[0][1]
            values = rest
        elif all(_is_indicator_value(t.text) for t in rest):
            self.block.problems.append(f"绩效指标行“{'、'.join(t.text for t in rest)}”没有指标名称，未读取")
            return False
        else:
            n = _name_length(rest)
            name, loc, values = "".join(clean(t.text) for t in rest[:n]), rest[0].loc, rest[n:]
            if not values:
                self.pending.append((name, loc))
                return False
            if self.pending and _FIRST_ITEM.match(self.pending[-1][0]) and _SECOND_ITEM.match(name):
                name, loc = self.pending[-1][0] + name, self.pending[-1][1]  # “1.…” “2.…” in one cell
        self.pending = []
        self.add(name, loc, values)
        return False

    def assign(self, values: list[_Token]) -> dict[str, _Token] | None:
        cols = self.columns
        if len(values) == len(cols) or (len(values) > len(cols) and self.has_deviation):
            placed = dict(zip(cols, values, strict=False))
        elif (
            len(values) == 2
            and len(cols) >= 2
            and cols[1] == indicators.ACTUAL
            and not _is_number(values[1].text)
        ):
            placed = dict(zip(cols[:2], values, strict=True))  # not a 分值/得分 pair: 指标值, 实际完成值
        else:
            return None
        for column in (WEIGHT, SCORE):
            tok = placed.get(column)
            if tok is not None and not (_is_number(tok.text) or _is_dash(tok.text)):
                return None
        return placed

    def add(self, name: str, loc: Location, values: list[_Token]) -> None:
        placed = self.assign(values)
        if placed is None:
            self.block.problems.append(
                f"绩效指标“{name}”（无表格线的文本）的{len(values)}个数值无法与表头各栏对应，未读取"
            )
            return
        group = self.group
        base = f"{INDICATOR_PREFIX}{group.label if group else ''}/{self.level2}/{name}"
        key, n = base, 2
        while key in self.keys:
            key, n = f"{base}#{n}", n + 1
        self.keys.add(key)
        row = Row(
            key=key,
            label=name,
            role="indicator",
            parent=group.label if group else None,  # as ingest/indicators.py: the group's label
            lane=self.level2 or None,
            loc=loc,
        )
        for column, tok in placed.items():
            row.cells[column] = self.cell(key, column, tok)
        self.block.rows.append(row)


def _block_header(line: Line, wrapped: bool) -> list[tuple[int, str]] | None:
    """The indicator header printed on `line`; in the wrapped template it names 分值 too (its
    “任务名称 主要内容 实际完成情况” line is not one)."""
    found = _indicator_header(line.text.split())
    if found is None or (wrapped and not any(n == WEIGHT for _, n in found)):
        return None
    return found


def _indicator_block(lines: Sequence[Line], table_id: str, wrapped: bool = False) -> indicators.Block:
    """The indicator rows of the lines after the money block, up to the 合计/总分 line (`wrapped`:
    names broken over lines with their values on a line of their own)."""
    at = next((i for i, x in enumerate(lines) if _block_header(x, wrapped) is not None), None)
    if at is None:
        return indicators.Block()
    header = _block_header(lines[at], wrapped) or []
    reader = _IndicatorReader(
        table_id=table_id,
        columns=[n for _, n in header if n != DEVIATION],
        has_deviation=any(n == DEVIATION for _, n in header),
        wrapped=wrapped,
    )
    body = lines[at + 1 :]
    for k, line in enumerate(body):
        following = clean(body[k + 1].text.split()[0]) if k + 1 < len(body) else ""
        if reader.line(line, following):
            break
    else:
        reader.resolve("")
    return reader.block


# ---------------------------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------------------------


def parse_form(form: LooseForm, table_id: str) -> Table | None:
    """The money block and the indicator block of a form printed as loose text lines, or None when
    it has no whole-department money block to read."""
    rows, end, headed = _money_lines(form.lines)
    initial = None
    if not rows or not headed:
        first = clean(form.lines[0].text) if form.lines else ""
        initial = _initial_lines(form.lines) if first.startswith(performance.FIRST_ROWS[:2]) else None
        if initial is None or not initial[1]:
            return None
    title = form.title or performance.WHOLE_TITLE
    pages = sorted({x.loc.page for x in form.lines if x.loc.page is not None}) or [form.page]
    table = Table(
        id=table_id,
        title=title,
        unit="万元",
        columns=list(WHOLE_COLUMNS) if initial is None else initial[0],
        pages=pages,
        loc=form.lines[0].loc,
    )
    table.subject = performance.form_subject([[clean(w) for w in x.text.split()] for x in form.lines[:4]])
    if initial is not None:
        columns, raw_rows, end = initial
        _initial_rows(columns, raw_rows, table)
        rows = []
    for raw in rows:
        if table.row(raw.key) is not None:
            table.problems.append(f"{title}“{raw.key}”行出现两次，只读取第一行")
            continue
        row = _money_row(raw, table)
        if row is not None:
            table.rows.append(row)
    block = _indicator_block(form.lines[end:], table_id, wrapped=initial is not None)
    table.indicators = block.rows
    table.problems.extend(block.problems)
    table.empty = not any(c.amount is not None for c in table.cells()) and not any(
        c.amount is not None for r in table.indicators for c in r.cells.values()
    )
    return table


__all__ = ["MAX_FORM_LINES", "WHOLE_COLUMNS", "LooseForm", "parse_form"]
