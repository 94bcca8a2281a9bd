"""Subject codes across tables: what stands for a 类/款/项 in a code table, and 类 names.

Cross-table rules compare “the 221 住房保障支出 of 公开03表” with “住房保障支出 in 公开01表”.
In a code table that value is the 221 row when it is printed, else the sum of its nearest printed
descendants (seed tables often print only the 7-digit 项 rows); in 01/04表 it is the row whose
label names the class. Nothing here decides anything: it only finds the cells to compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.model import Row, Table
from ingest.numbers import is_blank
from ingest.schema import code_domain, normalise_label
from rules.judgements import Ref, ref
from rules.reading import is_filler, total_row


@dataclass
class CodeTree:
    """Printed code rows of one domain, linked to their nearest printed ancestor."""

    by_code: dict[str, Row] = field(default_factory=dict)
    children: dict[str, list[Row]] = field(default_factory=dict)
    roots: list[Row] = field(default_factory=list)
    duplicates: list[Row] = field(default_factory=list)


def row_code(row: Row, domain: str) -> str | None:
    """The row's subject code when it belongs to `domain` ("func" / "econ")."""
    code = row.code
    if not code:
        return None
    code = code.strip()
    return code if code_domain(code)[0] == domain and row.domain in (None, domain) else None


def code_tree(rows: Sequence[Row], domain: str) -> CodeTree:
    """Index code rows by code (first occurrence wins) and link each to its nearest ancestor."""
    tree = CodeTree()
    for r in rows:
        code = row_code(r, domain)
        if code is None:
            continue
        if code in tree.by_code:
            tree.duplicates.append(r)
            continue
        tree.by_code[code] = r
    for code, r in tree.by_code.items():
        parent = next((code[:n] for n in (5, 3) if n < len(code) and code[:n] in tree.by_code), None)
        if parent is None:
            tree.roots.append(r)
        else:
            tree.children.setdefault(parent, []).append(r)
    return tree


# 政府收支分类 functional 类 (2023 edition, with earlier names still printed by some templates).
FUNC_CLASSES: dict[str, tuple[str, ...]] = {
    "201": ("一般公共服务支出",),
    "202": ("外交支出",),
    "203": ("国防支出",),
    "204": ("公共安全支出",),
    "205": ("教育支出",),
    "206": ("科学技术支出",),
    "207": ("文化旅游体育与传媒支出", "文化体育与传媒支出"),
    "208": ("社会保障和就业支出",),
    "209": ("社会保险基金支出",),
    "210": ("卫生健康支出", "医疗卫生与计划生育支出"),
    "211": ("节能环保支出",),
    "212": ("城乡社区支出",),
    "213": ("农林水支出",),
    "214": ("交通运输支出",),
    "215": ("资源勘探工业信息等支出", "资源勘探信息等支出"),
    "216": ("商业服务业等支出",),
    "217": ("金融支出",),
    "219": ("援助其他地区支出",),
    "220": ("自然资源海洋气象等支出", "国土海洋气象等支出"),
    "221": ("住房保障支出",),
    "222": ("粮油物资储备支出",),
    "223": ("国有资本经营预算支出",),
    "224": ("灾害防治及应急管理支出",),
    "227": ("预备费",),
    "229": ("其他支出",),
    "230": ("转移性支出",),
    "231": ("债务还本支出",),
    "232": ("债务付息支出",),
    "233": ("债务发行费用支出",),
    "234": ("抗疫特别国债安排的支出",),
}
CLASS_BY_NAME: dict[str, str] = {name: code for code, names in FUNC_CLASSES.items() for name in names}


def class_of_label(label: str) -> str | None:
    """The functional 类 code a printed row label names ("十九、住房保障支出" → "221")."""
    name = normalise_label(label)
    if name[:3].isdigit() and name[:3] in FUNC_CLASSES:
        return name[:3]
    return CLASS_BY_NAME.get(name)


def class_name(code: str) -> str:
    """The current name of a functional 类."""
    names = FUNC_CLASSES.get(code)
    return names[0] if names else code


def printed(row: Row, column: str) -> bool:
    """True when the row has a cell in `column` holding a number or unreadable text (not blank)."""
    cell = row.cells.get(column)
    return cell is not None and (cell.amount is not None or bool(cell.text and not is_blank(cell.text)))


# CodeTables recently built, by table identity (a document's tables are indexed once per check).
_RECENT: dict[int, tuple[Table, int, CodeTable]] = {}
RECENT_LIMIT = 64


class CodeTable:
    """A code table (02/03/05/07/08, B02/B03/B05/B08) indexed by functional code."""

    @classmethod
    def of(cls, table: Table) -> CodeTable:
        """The index of `table`, reused while the table object and its row list are unchanged."""
        hit = _RECENT.get(id(table))
        if hit is not None and hit[0] is table and hit[1] == len(table.rows):
            return hit[2]
        made = cls(table)
        if len(_RECENT) >= RECENT_LIMIT:
            _RECENT.clear()
        _RECENT[id(table)] = (table, len(table.rows), made)
        return made

    def __init__(self, table: Table) -> None:
        """Index the table's printed functional code rows."""
        self.table = table
        self.tree: CodeTree = code_tree([r for r in table.rows if not is_filler(r)], "func")
        self.total = total_row(table)

    def parent(self, code: str) -> str | None:
        """Nearest printed ancestor code."""
        return next((code[:n] for n in (5, 3) if n < len(code) and code[:n] in self.tree.by_code), None)

    def codes(self, length: int | None = None) -> list[str]:
        """Printed codes (of one length)."""
        return [c for c in self.tree.by_code if length is None or len(c) == length]

    def has_level(self, length: int) -> bool:
        """True when some code of this length is printed."""
        return any(len(c) == length for c in self.tree.by_code)

    def classes(self) -> list[str]:
        """The 类 the table has figures for (printed 类 rows or prefixes of printed rows)."""
        return sorted({c[:3] for c in self.tree.by_code})

    def _expand(self, row: Row, column: str) -> list[Ref]:
        if printed(row, column) or not row.code:
            return [ref(self.table, row, column)]
        kids = self.tree.children.get(row.code)
        if kids:
            return [x for k in kids for x in self._expand(k, column)]
        return [ref(self.table, row, column)]

    def refs(self, code: str, column: str) -> list[Ref]:
        """The printed positions that stand for `code` in `column` ([] when the table has none)."""
        row = self.tree.by_code.get(code)
        if row is not None:
            return self._expand(row, column)
        out: list[Ref] = []
        for c, r in self.tree.by_code.items():
            if c != code and c.startswith(code):
                parent = self.parent(c)
                if parent is None or not parent.startswith(code):
                    out.extend(self._expand(r, column))
        return out

    def describe(self, code: str, refs: Iterable[Ref]) -> str:
        """公开03表“221 住房保障支出”, or …（各项级科目之和） when summed from descendants."""
        from rules.wording import table_name

        refs = list(refs)
        row = self.tree.by_code.get(code)
        name = f"{code} {normalise_label(row.label)}" if row is not None and row.label else code
        if row is None and len(code) == 3:
            name = f"{code} {class_name(code)}"
        text = f"{table_name(self.table)}“{name}”"
        if refs and (len(refs) > 1 or refs[0].row is not row):
            levels = {len(r.row.code or "") for r in refs if r.row is not None}
            word = {5: "款", 7: "项"}.get(levels.pop(), "下级") if len(levels) == 1 else "下级"
            text += f"（各{word}级科目之和）"
        elif not refs:
            text += "（未列）"
        return text
