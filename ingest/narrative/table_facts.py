"""The table facts a claim restates: the rows of the disclosure's tables looked up by code and
name, and for an amount (or nil) claim the cells it must equal (`Claim.refs`), from its section's
scope and its subject."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ingest.model import CellRef, Claim, Row, Table
from ingest.narrative.concepts import CLASS_SUFFIX
from ingest.narrative.sections import ItemContext
from ingest.schema import normalise_label

# Smallest similarity (difflib ratio) of a free-text item name and a 公开05表 row name.
ITEM_NAME_SIMILARITY = 0.85


def row_name(row: Row) -> str:
    """A row's name as the narrative prints it (normalised, parentheses full-width)."""
    return normalise_label(row.label or row.key).replace("(", "（").replace(")", "）")


def _stem(name: str) -> str:
    return re.sub(
        r"(支出|费用|费)$", "", name.replace("（项）", "").replace("（款）", "").replace("（类）", "")
    )


class TableIndex:
    """Looks rows of the disclosure's tables up by code and name, for the claims' refs."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables

    def row(self, table: str, key: str, lane: str | None = None) -> Row | None:
        t = self.tables.get(table)
        return t.row(key, lane) if t else None

    def rows(self, table: str) -> list[Row]:
        t = self.tables.get(table)
        return t.rows if t else []

    def func_item(self, item: ItemContext) -> Row | None:
        """The 公开05表 (else 03表) row of an enumerated 类/款/项 item."""
        for tid in ("05", "03", "02"):
            rows = [r for r in self.rows(tid) if r.code]
            if not rows:
                continue
            if item.code:
                hit = [r for r in rows if r.code == item.code]
                if hit:
                    return hit[0]
            level = 7 if "项" in item.levels else 5 if "款" in item.levels else 3
            want = _stem(item.name)
            same = [r for r in rows if r.code and len(r.code) == level and _stem(row_name(r)) == want]
            if len(same) > 1 and "款" in item.levels and level == 7:
                parent = _stem(item.levels["款"])
                kuan = {r.code for r in rows if r.code and len(r.code) == 5 and _stem(row_name(r)) == parent}
                same = [r for r in same if r.code and r.code[:5] in kuan] or same
            if len(same) > 1 and "类" in item.levels:
                cls = _stem(item.levels["类"])
                lei = {r.code for r in rows if r.code and len(r.code) == 3 and _stem(row_name(r)) == cls}
                same = [r for r in same if r.code and r.code[:3] in lei] or same
            if len(same) == 1:
                return same[0]
            if not same and not item.levels:
                scored = sorted(
                    (
                        (SequenceMatcher(None, _stem(row_name(r)), want).ratio(), r)
                        for r in rows
                        if r.code and len(r.code) == 7
                    ),
                    key=lambda x: -x[0],
                )
                if (
                    scored
                    and scored[0][0] >= ITEM_NAME_SIMILARITY
                    and (len(scored) == 1 or scored[1][0] < scored[0][0])
                ):
                    return scored[0][1]
            if same:
                return None  # ambiguous
        return None

    def func_class(self, concept: str) -> list[CellRef]:
        name = concept.removesuffix(CLASS_SUFFIX)
        refs: list[CellRef] = []
        for tid, column in (("05", "合计"),):
            for r in self.rows(tid):
                if r.code and len(r.code) == 3 and row_name(r) == name:
                    refs.append(CellRef(tid, r.key, column))
        for r in self.rows("04"):
            if r.lane == "expense" and row_name(r) == name:
                refs.append(CellRef("04", r.key, "一般公共预算财政拨款", "expense"))
        return refs

    def econ(self, name: str) -> Row | None:
        rows = [r for r in self.rows("06") if r.code]
        exact = [r for r in rows if row_name(r) == name]
        if exact:
            return exact[0]
        if len(name) >= 3:
            pref = [r for r in rows if row_name(r).startswith(name)]
            if len(pref) == 1:
                return pref[0]
        return None

    def find(self, table: str, *words: str, lane: str | None = None) -> Row | None:
        for r in self.rows(table):
            key = r.key.replace("(", "（").replace(")", "）")
            if all(w in key for w in words) and (lane is None or r.lane == lane):
                return r
        return None


def _ref(row: Row | None, table: str, column: str) -> list[CellRef]:
    return [CellRef(table, row.key, column, row.lane)] if row is not None else []


THREE_PUBLIC_COLUMNS: dict[str, str] = {
    "三公经费": "合计",
    "因公出国（境）费": "因公出国（境）费",
    "公务用车购置及运行维护费": "公务用车购置及运行维护费",
    "公务用车购置费": "公务用车购置费",
    "公务用车运行维护费": "公务用车运行维护费",
    "公务接待费": "公务接待费",
    "会议费": "会议费",
    "培训费": "培训费",
}
INCOME_COLUMNS = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
EXPENSE_COLUMNS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")


def table_refs(claim: Claim, index: TableIndex) -> tuple[CellRef, ...]:
    """The table facts an amount (or nil) claim restates, in priority order; () when none."""
    if claim.kind not in ("amount", "nil") or claim.metric not in ("final", "budget", "nil"):
        return ()
    s, scope, budget = claim.subject, claim.scope, claim.metric == "budget"
    refs: list[CellRef] = []
    if scope == "three_public" or s in THREE_PUBLIC_COLUMNS and claim.kind == "nil":
        column = THREE_PUBLIC_COLUMNS.get(s)
        if column:
            refs += _ref(index.row("09", "预算数" if budget else "决算数"), "09", column)
        return tuple(refs)
    if budget:
        return ()
    if claim.kind == "nil":
        if s == "项目支出":
            refs += _ref(index.row("03", "合计"), "03", "项目支出") + _ref(
                index.row("05", "合计"), "05", "项目支出"
            )
        elif s == "政府性基金预算财政拨款":
            refs += _ref(index.row("07", "合计"), "07", "*")
        elif s == "国有资本经营预算财政拨款":
            refs += _ref(index.row("08", "合计"), "08", "*")
        elif s == "机关运行经费":
            refs += _ref(index.find("10", "机关运行经费"), "10", "统计数")
        elif s == "政府采购":
            refs += _ref(index.find("10", "政府采购", "合计"), "10", "统计数")
        elif s == "年初结转和结余":
            refs += _ref(index.find("01", "年初结转", lane="income"), "01", "决算数")
        return tuple(refs)
    if scope in ("overall", "income", "expense"):
        if s in ("收入总计", "收支总计"):
            refs += _ref(index.row("01", "总计", "income"), "01", "决算数")
        if s in ("支出总计", "收支总计"):
            refs += _ref(index.row("01", "总计", "expense"), "01", "决算数")
        if s == "本年收入合计":
            refs += _ref(index.row("02", "合计"), "02", "本年收入合计")
            refs += _ref(index.row("01", "本年收入合计", "income"), "01", "决算数")
        if s == "本年支出合计":
            refs += _ref(index.row("03", "合计"), "03", "本年支出合计")
            refs += _ref(index.row("01", "本年支出合计", "expense"), "01", "决算数")
        if s in INCOME_COLUMNS:
            refs += _ref(index.row("02", "合计"), "02", s)
        if s in EXPENSE_COLUMNS:
            refs += _ref(index.row("03", "合计"), "03", s)
        if s in ("年初结转和结余", "年末结转和结余"):
            lane = "income" if s.startswith("年初") else "expense"
            refs += _ref(index.find("01", s[:2], "结转", lane=lane), "01", "决算数")
        return tuple(refs)
    if scope == "fin_overall":
        if s in ("收入总计", "收支总计"):
            refs += _ref(index.row("04", "总计", "income"), "04", "决算数")
        if s in ("支出总计", "收支总计"):
            refs += _ref(index.row("04", "总计", "expense"), "04", "合计")
        if s == "本年收入合计":
            refs += _ref(index.row("04", "本年收入合计", "income"), "04", "决算数")
        if s == "本年支出合计":
            refs += _ref(index.row("04", "本年支出合计", "expense"), "04", "合计")
        return tuple(refs)
    if scope in ("general", "general_basic"):
        if s == "一般公共预算财政拨款支出":
            refs += _ref(index.row("05", "合计"), "05", "合计")
            refs += _ref(index.row("04", "本年支出合计", "expense"), "04", "一般公共预算财政拨款")
        elif s in ("基本支出", "项目支出"):
            refs += _ref(index.row("05", "合计"), "05", s)
        elif s.endswith(CLASS_SUFFIX):
            refs += index.func_class(s)
        elif re.match(r"^\d{7} ", s):
            refs += _ref(index.row("05", s), "05", "合计") or _ref(index.row("03", s), "03", "本年支出合计")
        elif s == "人员经费" and scope == "general_basic":
            refs += _ref(index.row("06", "人员经费合计"), "06", "决算数")
        elif s == "公用经费" and scope == "general_basic":
            refs += _ref(index.row("06", "公用经费合计"), "06", "决算数")
        elif scope == "general_basic":
            refs += _ref(index.econ(s), "06", "决算数")
        return tuple(refs)
    if scope == "procurement":
        words = {"政府采购": "合计", "政府采购货物": "货物", "政府采购工程": "工程", "政府采购服务": "服务"}
        if s in words:
            refs += _ref(index.find("10", "政府采购", words[s]), "10", "统计数")
        return tuple(refs)
    if scope == "agency_running" and s == "机关运行经费":
        refs += _ref(index.find("10", "机关运行经费"), "10", "统计数")
    return tuple(refs)
