"""Laying out the nine 公开表 of a 部门决算 from exact amounts: header grids, body grids, records.

Each builder returns a `SynthTable` (what is printed) and appends one `CellRecord` per printed
amount. Blank cells are exact zeros; 09表 prints zeros as "0.00", as many units do.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from auditor.synth.amounts import Amounts, FuncLine, ThreePublic
from auditor.synth.catalog import ECON_CLASSES, ECON_GROUPS, FUNC_CLASSES, FUNC_SECTIONS, func_class_name
from auditor.synth.model import CellRecord, SynthTable, format_wan, yuan_to_wan
from ingest.schema import normalise_label

CHINESE_NUMERALS = (
    "一二三四五六七八九十",
    "十一 十二 十三 十四 十五 十六 十七 十八 十九 二十".split(),
    "二十一 二十二 二十三 二十四 二十五 二十六".split(),
)
NUMERALS: list[str] = list(CHINESE_NUMERALS[0]) + CHINESE_NUMERALS[1] + CHINESE_NUMERALS[2]

CARRY_IN_04 = "年初财政拨款结转和结余"


@dataclass(frozen=True)
class PrintStyle:
    """How amounts are printed: with thousands separators or not; exact zeros blank, as “-”, as
    “0.00” or as “0” (templates differ; the 09表 prints its zeros as 0.00 whatever the style). In the
    narrative a source of income with nothing this year is left out (“omit”), stated as
    “事业收入0.00万元，占0.00%” (“zero”), or with its amount left blank, as a template filled from
    empty cells reads: “事业收入万元，占0.00%” (“blank”); other zero amounts of the text print
    “0.00” or blank the same way; “int” states them as “事业收入0万元，占0%”."""

    thousands: bool = True
    zeros: Literal["blank", "dash", "zero", "int"] = "blank"
    narrative_zeros: Literal["omit", "zero", "int", "blank"] = "omit"
    narrative_three_public_unit: Literal["万元", "元"] = "万元"  # “公务接待费支出决算3,912.00元”
    narrative_percent_places: int = 2  # “占95.45%” (2), “占95.5%” (1), “占95%” (0)
    three_public_zeros: bool = True  # 09表 prints its zeros as 0.00 (False: as the other tables do)


# The style of the tables being built (build_tables sets it for the duration of one build).
PRINT_STYLE: ContextVar[PrintStyle | None] = ContextVar("PRINT_STYLE", default=None)
DEFAULT_PRINT_STYLE = PrintStyle()

NOTE = "注：本表金额单位为万元，由元转换时四舍五入，合计数与分项之和可能存在尾差。"


class TableBuilder:
    """Accumulates the body grid of one table and the records of its printed amounts."""

    def __init__(self, table_id: str, records: list[CellRecord]) -> None:
        self.id = table_id
        self.body: list[list[str]] = []
        self.records = records

    def row(self, cells: list[str]) -> int:
        """Append a body row of plain texts; returns its index."""
        self.body.append(cells)
        return len(self.body) - 1

    def amount(
        self,
        r: int,
        c: int,
        yuan: int,
        row_key: str,
        column: str,
        lane: str | None = None,
        *,
        zero: bool = False,
    ) -> None:
        """Print `yuan` (in 万元) at (r, c) and record it; an exact zero is printed as the print
        style says (blank, “-”, “0.00” or “0”), or always as 0.00 with `zero`."""
        style = PRINT_STYLE.get() or DEFAULT_PRINT_STYLE
        if yuan == 0 and not zero:
            if style.zeros == "dash":
                self.body[r][c] = "-"
            if style.zeros not in ("zero", "int"):
                return
        value = yuan_to_wan(yuan)
        text = format_wan(value, thousands=style.thousands)
        if yuan == 0 and not zero and style.zeros == "int":
            text = "0"
        self.body[r][c] = text
        self.records.append(CellRecord(self.id, row_key, column, text, value, lane, yuan, r, c))


def _code_key(code: str, name: str) -> str:
    return f"{code} {name}"


def func_hierarchy(lines: list[FuncLine]) -> list[tuple[str, str, list[FuncLine]]]:
    """Rows of a functional table in printed order: (code, name, the 项 lines it sums)."""
    out: list[tuple[str, str, list[FuncLine]]] = []
    for cls in sorted({ln.code[:3] for ln in lines}):
        in_cls = [ln for ln in lines if ln.code[:3] == cls]
        out.append((cls, func_class_name(cls), in_cls))
        for sec in sorted({ln.code[:5] for ln in in_cls}):
            in_sec = [ln for ln in in_cls if ln.code[:5] == sec]
            out.append((sec, FUNC_SECTIONS[sec], in_sec))
            for ln in in_sec:
                out.append((ln.code, ln.item.name, [ln]))
    return out


Getter = Callable[[FuncLine], int]


def _func_table(
    tid: str,
    title: str,
    header: list[list[str]],
    spans: list[tuple[int, int, int, int]],
    columns: list[tuple[str, Getter | None]],
    lines: list[FuncLine],
    records: list[CellRecord],
    *,
    landscape: bool,
) -> SynthTable:
    """A 类/款/项 table (02, 03, 05): 合计 row, then every subject with a non-zero amount."""
    b = TableBuilder(tid, records)
    width = 2 + len(columns)

    def emit(code: str, name: str, group: list[FuncLine]) -> None:
        sums = [sum(g(ln) for ln in group) if g else 0 for _c, g in columns]
        if not any(sums):
            return
        key = _code_key(code, name) if code else name
        r = b.row([code, name] + [""] * len(columns))
        for i, ((column, _g), v) in enumerate(zip(columns, sums, strict=True)):
            b.amount(r, 2 + i, v, key, column)

    emit("", "合计", lines)
    for code, name, group in func_hierarchy(lines):
        emit(code, name, group)
    return SynthTable(
        tid,
        title,
        header,
        spans,
        b.body,
        align=["L", "L"] + ["R"] * (width - 2),
        landscape=landscape,
        note=NOTE,
    )


def _three_row_header(
    first: list[str], spans_extra: list[tuple[int, int, int, int]], n_values: int
) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """项目 | value headers (merged down over two rows) / 科目编码 科目名称 / 栏次 1 2 …"""
    header = [
        ["项目", ""] + first,
        ["科目编码", "科目名称"] + [""] * n_values,
        ["栏次", ""] + [str(i + 1) for i in range(n_values)],
    ]
    spans = [(0, 0, 1, 0), (0, 2, 1, 2)] + spans_extra
    return header, spans


def table_02(a: Amounts, records: list[CellRecord]) -> SynthTable:
    """收入决算表."""
    cols: list[tuple[str, Getter | None]] = [
        ("本年收入合计", lambda ln: ln.income),
        ("财政拨款收入", lambda ln: ln.inc_fin),
        ("上级补助收入", None),
        ("事业收入", lambda ln: ln.inc_biz),
        ("经营收入", None),
        ("附属单位上缴收入", None),
        ("其他收入", lambda ln: ln.inc_other),
    ]
    header, spans = _three_row_header(
        [c for c, _ in cols], [(2 + i, 0, 2 + i, 1) for i in range(len(cols))], len(cols)
    )
    return _func_table("02", "收入决算表", header, spans, cols, a.lines, records, landscape=True)


def table_03(a: Amounts, records: list[CellRecord]) -> SynthTable:
    """支出决算表."""
    cols: list[tuple[str, Getter | None]] = [
        ("本年支出合计", lambda ln: ln.expense),
        ("基本支出", lambda ln: ln.basic),
        ("项目支出", lambda ln: ln.project),
        ("上缴上级支出", None),
        ("经营支出", None),
        ("对附属单位补助支出", None),
    ]
    header, spans = _three_row_header(
        [c for c, _ in cols], [(2 + i, 0, 2 + i, 1) for i in range(len(cols))], len(cols)
    )
    return _func_table("03", "支出决算表", header, spans, cols, a.lines, records, landscape=True)


def table_05(a: Amounts, records: list[CellRecord]) -> SynthTable:
    """一般公共预算财政拨款支出决算表 (本年支出: 小计 / 基本支出 / 项目支出)."""
    cols: list[tuple[str, Getter | None]] = [
        ("合计", lambda ln: ln.gp_total),
        ("基本支出", lambda ln: ln.basic_gp),
        ("项目支出", lambda ln: ln.project_gp),
    ]
    header = [
        ["项目", "", "本年支出", "", ""],
        ["科目编码", "科目名称", "小计", "基本支出", "项目支出"],
        ["栏次", "", "1", "2", "3"],
    ]
    spans = [(0, 0, 1, 0), (2, 0, 4, 0), (0, 2, 1, 2)]
    return _func_table(
        "05", "一般公共预算财政拨款支出决算表", header, spans, cols, a.lines, records, landscape=False
    )


def _class_totals(a: Amounts, getter: Getter) -> dict[str, int]:
    out: dict[str, int] = {}
    for ln in a.lines:
        out[ln.code[:3]] = out.get(ln.code[:3], 0) + getter(ln)
    return out


def table_01(a: Amounts, records: list[CellRecord]) -> SynthTable:
    """收入支出决算总表: income lane | expense lane, each 项目 / 行次 / 决算数."""
    b = TableBuilder("01", records)
    inc_fin = sum(ln.inc_fin for ln in a.lines)
    inc_biz = sum(ln.inc_biz for ln in a.lines)
    inc_other = sum(ln.inc_other for ln in a.lines)
    income_items = [
        ("一般公共预算财政拨款收入", inc_fin),
        ("政府性基金预算财政拨款收入", 0),
        ("国有资本经营预算财政拨款收入", 0),
        ("上级补助收入", 0),
        ("事业收入", inc_biz),
        ("经营收入", 0),
        ("附属单位上缴收入", 0),
        ("其他收入", inc_other),
    ]
    by_class = _class_totals(a, lambda ln: ln.expense)
    n = len(FUNC_CLASSES)
    for i in range(n):
        inc_label, inc_val = (
            (f"{NUMERALS[i]}、{income_items[i][0]}", income_items[i][1]) if i < len(income_items) else ("", 0)
        )
        code, name = FUNC_CLASSES[i]
        exp_label = f"{NUMERALS[i]}、{name}"
        r = b.row([inc_label, str(i + 1), "", exp_label, str(n + 5 + i), ""])
        if inc_label:
            b.amount(r, 2, inc_val, normalise_label(inc_label), "决算数", "income")
        b.amount(r, 5, by_class.get(code, 0), normalise_label(exp_label), "决算数", "expense")
    income = inc_fin + inc_biz + inc_other
    expense = sum(ln.expense for ln in a.lines)
    tail = [
        ("本年收入合计", income, "本年支出合计", expense),
        ("使用非财政拨款结余（含专用结余）", 0, "结余分配", 0),
        ("年初结转和结余", a.carry_in + a.nf_carry_in, "年末结转和结余", a.carry_out + a.nf_carry_out),
        ("总计", income + a.carry_in + a.nf_carry_in, "总计", expense + a.carry_out + a.nf_carry_out),
    ]
    for j, (il, iv, el, ev) in enumerate(tail):
        r = b.row([il, str(n + 1 + j), "", el, str(2 * n + 5 + j), ""])
        b.amount(r, 2, iv, normalise_label(il), "决算数", "income")
        b.amount(r, 5, ev, normalise_label(el), "决算数", "expense")
    header = [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "决算数", "项目", "行次", "决算数"],
        ["栏次", "", "1", "栏次", "", "2"],
    ]
    spans = [(0, 0, 2, 0), (3, 0, 5, 0), (0, 2, 1, 2), (3, 2, 4, 2)]
    return SynthTable(
        "01",
        "收入支出决算总表",
        header,
        spans,
        b.body,
        align=["L", "C", "R", "L", "C", "R"],
        landscape=False,
        note=NOTE,
    )


def table_04(a: Amounts, records: list[CellRecord]) -> SynthTable:
    """财政拨款收入支出决算总表: income 项目/行次/决算数 | expense 项目/行次/合计 + three funds."""
    b = TableBuilder("04", records)
    inc_fin = sum(ln.inc_fin for ln in a.lines)
    income_items = [
        ("一般公共预算财政拨款收入", inc_fin),
        ("政府性基金预算财政拨款收入", 0),
        ("国有资本经营预算财政拨款收入", 0),
    ]
    by_class = _class_totals(a, lambda ln: ln.gp_total)
    n = len(FUNC_CLASSES)
    exp_cols = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]

    def expense_amounts(r: int, key: str, total: int) -> None:
        b.amount(r, 5, total, key, "合计", "expense")
        b.amount(r, 6, total, key, "一般公共预算财政拨款", "expense")

    for i in range(n):
        inc_label, inc_val = (
            (f"{NUMERALS[i]}、{income_items[i][0]}", income_items[i][1]) if i < len(income_items) else ("", 0)
        )
        code, name = FUNC_CLASSES[i]
        exp_label = f"{NUMERALS[i]}、{name}"
        r = b.row([inc_label, str(i + 1), "", exp_label, str(n + 7 + i), "", "", "", ""])
        if inc_label:
            b.amount(r, 2, inc_val, normalise_label(inc_label), "决算数", "income")
        expense_amounts(r, normalise_label(exp_label), by_class.get(code, 0))
    expense = sum(ln.gp_total for ln in a.lines)
    tail: list[tuple[str, int, str, int]] = [
        ("本年收入合计", inc_fin, "本年支出合计", expense),
        (CARRY_IN_04, a.carry_in, "年末财政拨款结转和结余", a.carry_out),
        ("一般公共预算财政拨款", a.carry_in, "", 0),
        ("政府性基金预算财政拨款", 0, "", 0),
        ("国有资本经营预算财政拨款", 0, "", 0),
        ("总计", inc_fin + a.carry_in, "总计", expense + a.carry_out),
    ]
    for j, (il, iv, el, ev) in enumerate(tail):
        r = b.row([il, str(n + 1 + j), "", el, str(2 * n + 7 + j), "", "", "", ""])
        key = normalise_label(il)
        if 2 <= j <= 4:  # the fund rows detail 年初财政拨款结转和结余; ingest keys them "parent/child"
            key = f"{CARRY_IN_04}/{key}"
        b.amount(r, 2, iv, key, "决算数", "income")
        if el:
            expense_amounts(r, normalise_label(el), ev)
    header = [
        ["收入", "", "", "支出", "", "", "", "", ""],
        ["项目", "行次", "决算数", "项目", "行次"] + exp_cols,
        ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"],
    ]
    spans = [(0, 0, 2, 0), (3, 0, 8, 0), (0, 2, 1, 2), (3, 2, 4, 2)]
    return SynthTable(
        "04",
        "财政拨款收入支出决算总表",
        header,
        spans,
        b.body,
        align=["L", "C", "R", "L", "C", "R", "R", "R", "R"],
        landscape=True,
        note=NOTE,
    )


def table_06(a: Amounts, records: list[CellRecord]) -> SynthTable:
    """一般公共预算财政拨款基本支出决算明细表: three (科目编码, 科目名称, 决算数) groups side by side."""
    b = TableBuilder("06", records)
    classes = {code: (name, lane, items) for code, name, lane, items in ECON_CLASSES}
    groups: list[list[tuple[str, str, str, int]]] = []
    for group in ECON_GROUPS:
        entries: list[tuple[str, str, str, int]] = []
        for cls in group:
            name, lane, items = classes[cls]
            entries.append((cls, name, lane, sum(a.econ.get(c, 0) for c, _n in items)))
            entries.extend((c, n, lane, a.econ.get(c, 0)) for c, n in items)
        groups.append(entries)
    height = max(len(g) for g in groups)
    for i in range(height):
        r = b.row([""] * 9)
        for g, entries in enumerate(groups):
            if i < len(entries):
                code, name, lane, yuan = entries[i]
                b.body[r][3 * g] = code
                b.body[r][3 * g + 1] = name
                b.amount(r, 3 * g + 2, yuan, _code_key(code, name), "决算数", lane)
    r = b.row(["人员经费合计", "", "", "公用经费合计", "", "", "", "", ""])
    b.amount(r, 2, a.personnel, "人员经费合计", "决算数", "personnel", zero=True)
    b.amount(r, 8, a.operating, "公用经费合计", "决算数", "operating", zero=True)
    header = [["科目编码", "科目名称", "决算数"] * 3]
    return SynthTable(
        "06",
        "一般公共预算财政拨款基本支出决算明细表",
        header,
        [],
        b.body,
        body_spans=[(0, r, 1, r), (3, r, 7, r)],
        align=["L", "L", "R"] * 3,
        landscape=True,
        note=NOTE,
    )


def table_07(records: list[CellRecord]) -> SynthTable:
    """政府性基金预算财政拨款收入支出决算表, printed empty."""
    header = [
        ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
        ["科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
        ["栏次", "", "1", "2", "3", "4", "5", "6"],
    ]
    spans = [(0, 0, 1, 0), (2, 0, 2, 1), (3, 0, 3, 1), (4, 0, 6, 0), (7, 0, 7, 1), (0, 2, 1, 2)]
    body = [["", "合计"] + [""] * 6]
    note = "注：本部门本年度无政府性基金预算财政拨款收入、支出及结转和结余，本表为空表。"
    return SynthTable(
        "07",
        "政府性基金预算财政拨款收入支出决算表",
        header,
        spans,
        body,
        align=["L", "L"] + ["R"] * 6,
        landscape=True,
        note=note,
    )


def table_08(records: list[CellRecord]) -> SynthTable:
    """国有资本经营预算财政拨款支出决算表, printed empty."""
    header = [
        ["项目", "", "本年支出", "", ""],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["栏次", "", "1", "2", "3"],
    ]
    spans = [(0, 0, 1, 0), (2, 0, 4, 0), (0, 2, 1, 2)]
    body = [["", "合计", "", "", ""]]
    note = "注：本部门本年度无国有资本经营预算财政拨款支出，本表为空表。"
    return SynthTable(
        "08",
        "国有资本经营预算财政拨款支出决算表",
        header,
        spans,
        body,
        align=["L", "L", "R", "R", "R"],
        landscape=False,
        note=note,
    )


TP_COLUMNS: tuple[tuple[str, Callable[[ThreePublic], int]], ...] = (
    ("合计", lambda t: t.total),
    ("因公出国（境）费", lambda t: t.abroad),
    ("公务用车购置及运行维护费", lambda t: t.car),
    ("公务用车购置费", lambda t: t.car_buy),
    ("公务用车运行维护费", lambda t: t.car_run),
    ("公务接待费", lambda t: t.reception),
    ("会议费", lambda t: t.meeting),
    ("培训费", lambda t: t.training),
)


def table_09(a: Amounts, records: list[CellRecord]) -> SynthTable:
    """财政拨款“三公”经费及会议费、培训费支出决算表: rows 预算数 / 决算数, zeros printed."""
    b = TableBuilder("09", records)
    style = PRINT_STYLE.get() or DEFAULT_PRINT_STYLE
    for label, tp in (("预算数", a.tp_budget), ("决算数", a.tp_final)):
        r = b.row([label] + [""] * 8)
        for i, (column, getter) in enumerate(TP_COLUMNS):
            b.amount(r, 1 + i, getter(tp), label, column, zero=style.three_public_zeros)
    header = [
        ["项目", "财政拨款“三公”经费", "", "", "", "", "", "会议费", "培训费"],
        ["", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费", "", ""],
        ["", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""],
        ["栏次", "1", "2", "3", "4", "5", "6", "7", "8"],
    ]
    spans = [
        (0, 0, 0, 2),
        (1, 0, 6, 0),
        (7, 0, 7, 2),
        (8, 0, 8, 2),
        (1, 1, 1, 2),
        (2, 1, 2, 2),
        (3, 1, 5, 1),
        (6, 1, 6, 2),
    ]
    note = "注：预算数为按规定程序调整后的全年预算数；决算数为当年财政拨款和以前年度结转资金安排的实际支出。"
    return SynthTable(
        "09",
        "财政拨款“三公”经费及会议费、培训费支出决算表",
        header,
        spans,
        b.body,
        align=["C"] + ["R"] * 8,
        landscape=True,
        note=note,
    )


T10_SECTIONS = ("一、政府采购支出", "二、机关运行经费支出", "三、国有资产占用")


def table_10(a: Amounts, records: list[CellRecord], *, agency_empty: bool = False) -> SynthTable:
    """部门决算公开相关信息统计表: 政府采购 (合计 = 货物 + 工程 + 服务), 机关运行经费 (the unit
    is a 行政单位, so it is its 公用经费; with `agency_empty` its rows print no figure, as a 事业单位's
    do), and the vehicles it holds (a count, not money)."""
    b = TableBuilder("10", records)
    p = a.procurement
    procurement = (
        ("合计", p["goods"] + p["works"] + p["services"]),
        ("货物", p["goods"]),
        ("工程", p["works"]),
        ("服务", p["services"]),
    )
    line = 0
    b.row([T10_SECTIONS[0], "", ""])
    for name, yuan in procurement:
        line += 1
        r = b.row([name, str(line), ""])
        b.amount(r, 2, yuan, f"{normalise_label(T10_SECTIONS[0])}/{name}", "统计数")
    b.row([T10_SECTIONS[1], "", ""])
    for name, yuan in (("（一）行政单位", a.operating), ("（二）参照公务员法管理的事业单位", 0)):
        line += 1
        r = b.row([name, str(line), ""])
        if not agency_empty:
            b.amount(r, 2, yuan, f"{normalise_label(T10_SECTIONS[1])}/{normalise_label(name)}", "统计数")
    b.row([T10_SECTIONS[2], "", ""])
    line += 1
    vehicles = a.staff["vehicles"]
    b.row(["车辆数（辆）", str(line), str(vehicles) if vehicles else ""])
    header = [["项目", "行次", "统计数"], ["栏次", "", "1"]]
    note = "注：本表反映部门本年度政府采购支出、机关运行经费支出和国有资产占用情况。"
    return SynthTable(
        "10",
        "部门决算公开相关信息统计表",
        header,
        [(0, 1, 1, 1)],
        b.body,
        align=["L", "C", "R"],
        landscape=False,
        note=note,
    )


def build_tables(
    a: Amounts,
    style: PrintStyle | None = None,
    *,
    with_table_10: bool = False,
    agency_empty: bool = False,
) -> tuple[dict[str, SynthTable], list[CellRecord]]:
    """All nine tables (ten with `with_table_10`; its 机关运行经费 left empty with `agency_empty`) and
    the records of their printed amounts, in table order."""
    token = PRINT_STYLE.set(style or PrintStyle())
    try:
        tables, records = _build_tables(a)
        if with_table_10:
            tables["10"] = table_10(a, records, agency_empty=agency_empty)
        return tables, records
    finally:
        PRINT_STYLE.reset(token)


def _build_tables(a: Amounts) -> tuple[dict[str, SynthTable], list[CellRecord]]:
    records: list[CellRecord] = []
    tables = {
        "01": table_01(a, records),
        "02": table_02(a, records),
        "03": table_03(a, records),
        "04": table_04(a, records),
        "05": table_05(a, records),
        "06": table_06(a, records),
        "07": table_07(records),
        "08": table_08(records),
        "09": table_09(a, records),
    }
    return tables, records
