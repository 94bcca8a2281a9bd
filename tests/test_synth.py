"""The synthetic disclosure generator: consistency, rendering round trips, defects, determinism.

Consistency is checked the way the auditor reasons about printed numbers: an identity holds when
|total − Σ parts| ≤ Σ half-ulps of the printed values involved (blank cells are exact zeros).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.synth import (
    DEFECT_KINDS,
    MIN_CHANGE,
    SyntheticDisclosure,
    generate,
    inject,
    sample_documents,
    to_pdf,
    to_text,
    write_samples,
)
from auditor.synth.__main__ import main as synth_main
from auditor.synth.catalog import ECON_CLASSES, FUNC_CLASSES
from auditor.synth.model import parse_printed
from ingest.schema import FINAL_ACCOUNT_TABLES, INCOME_ITEMS_01

HALF_ULP = Decimal("0.005")
AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$")
FOOTER = re.compile(r"^— \d+ —$")

Key = tuple[str, str, str, str | None]  # table, row, column, lane


# --- the checker --------------------------------------------------------------------------


@dataclass
class Printed:
    """Printed values of one document, looked up by (table, row, column, lane)."""

    doc: SyntheticDisclosure

    def __post_init__(self) -> None:
        self.values: dict[Key, Decimal] = {
            (c.table, c.row, c.column, c.lane): c.value for c in self.doc.cells
        }

    def get(self, key: Key) -> tuple[Decimal, Decimal]:
        """Value and half-ulp; a blank cell is an exact zero."""
        if key in self.values:
            return self.values[key], HALF_ULP
        return Decimal(0), Decimal(0)

    def rows(self, table: str) -> list[str]:
        """Row keys of a table in grid order, without repeats."""
        seen: dict[str, None] = {}
        for c in self.doc.cells:
            if c.table == table:
                seen.setdefault(c.row, None)
        return list(seen)


def violations(doc: SyntheticDisclosure) -> list[str]:
    """Every identity listed for a 部门决算 that the printed values cannot satisfy."""
    p = Printed(doc)
    out: list[str] = []

    def holds(name: str, total: Key, parts: list[Key], sign: list[int] | None = None) -> None:
        v, tol = p.get(total)
        acc = Decimal(0)
        for i, k in enumerate(parts):
            pv, ptol = p.get(k)
            acc += pv * (sign[i] if sign else 1)
            tol += ptol
        if abs(v - acc) > tol:
            out.append(f"{name}: {total} = {v} but parts give {acc} (tolerance {tol})")

    def code(row: str) -> str:
        return row.split(" ", 1)[0] if " " in row and row.split(" ", 1)[0].isdigit() else ""

    row_identity = {
        "02": (
            "本年收入合计",
            ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
        ),
        "03": ("本年支出合计", ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]),
        "05": ("合计", ["基本支出", "项目支出"]),
    }
    for t, (total_col, part_cols) in row_identity.items():
        rows = p.rows(t)
        for row in rows:
            holds(f"{t} row", (t, row, total_col, None), [(t, row, c, None) for c in part_cols])
        for col in [total_col, *part_cols]:
            classes = [r for r in rows if len(code(r)) == 3]
            holds(f"{t} 合计=Σ类", (t, "合计", col, None), [(t, r, col, None) for r in classes])
            for parent in rows:
                pc = code(parent)
                if len(pc) in (3, 5):
                    kids = [r for r in rows if len(code(r)) == len(pc) + 2 and code(r).startswith(pc)]
                    holds(f"{t} {pc}=Σchildren", (t, parent, col, None), [(t, r, col, None) for r in kids])

    # 01: both lanes and both 总计; its 类 restate 03.
    inc_items = list(INCOME_ITEMS_01)
    holds(
        "01 本年收入合计",
        ("01", "本年收入合计", "决算数", "income"),
        [("01", r, "决算数", "income") for r in inc_items],
    )
    holds(
        "01 本年支出合计",
        ("01", "本年支出合计", "决算数", "expense"),
        [("01", n, "决算数", "expense") for _c, n in FUNC_CLASSES],
    )
    holds(
        "01 总计 income",
        ("01", "总计", "决算数", "income"),
        [
            ("01", r, "决算数", "income")
            for r in ("本年收入合计", "使用非财政拨款结余（含专用结余）", "年初结转和结余")
        ],
    )
    holds(
        "01 总计 expense",
        ("01", "总计", "决算数", "expense"),
        [("01", r, "决算数", "expense") for r in ("本年支出合计", "结余分配", "年末结转和结余")],
    )
    holds("01 总计 both sides", ("01", "总计", "决算数", "income"), [("01", "总计", "决算数", "expense")])
    for c, n in FUNC_CLASSES:
        row03 = next((r for r in p.rows("03") if code(r) == c), None)
        if row03:
            holds("01 类 = 03 类", ("01", n, "决算数", "expense"), [("03", row03, "本年支出合计", None)])
        else:
            assert ("01", n, "决算数", "expense") not in p.values
        row05 = next((r for r in p.rows("05") if code(r) == c), None)
        for col in ("合计", "一般公共预算财政拨款"):
            holds("04 类 = 05 类", ("04", n, col, "expense"), [("05", row05, "合计", None)] if row05 else [])
    holds("01 收入 = 02", ("01", "本年收入合计", "决算数", "income"), [("02", "合计", "本年收入合计", None)])
    holds("01 支出 = 03", ("01", "本年支出合计", "决算数", "expense"), [("03", "合计", "本年支出合计", None)])
    holds(
        "01 财政拨款 = 02",
        ("01", "一般公共预算财政拨款收入", "决算数", "income"),
        [("02", "合计", "财政拨款收入", None)],
    )

    # 04: income lane, expense lane per column, both 总计.
    holds(
        "04 本年收入合计",
        ("04", "本年收入合计", "决算数", "income"),
        [("04", r, "决算数", "income") for r in inc_items[:3]],
    )
    holds(
        "04 年初",
        ("04", "年初财政拨款结转和结余", "决算数", "income"),
        [
            ("04", f"年初财政拨款结转和结余/{r}", "决算数", "income")
            for r in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
        ],
    )
    holds(
        "04 总计 income",
        ("04", "总计", "决算数", "income"),
        [("04", r, "决算数", "income") for r in ("本年收入合计", "年初财政拨款结转和结余")],
    )
    for col in ("合计", "一般公共预算财政拨款"):
        holds(
            "04 本年支出合计",
            ("04", "本年支出合计", col, "expense"),
            [("04", n, col, "expense") for _c, n in FUNC_CLASSES],
        )
        holds(
            "04 总计 expense",
            ("04", "总计", col, "expense"),
            [("04", r, col, "expense") for r in ("本年支出合计", "年末财政拨款结转和结余")],
        )
    for row in [n for _c, n in FUNC_CLASSES] + ["本年支出合计", "年末财政拨款结转和结余", "总计"]:
        holds(
            "04 row",
            ("04", row, "合计", "expense"),
            [
                ("04", row, c, "expense")
                for c in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
            ],
        )
    holds("04 总计 both sides", ("04", "总计", "决算数", "income"), [("04", "总计", "合计", "expense")])
    holds(
        "04 支出 = 05",
        ("04", "本年支出合计", "一般公共预算财政拨款", "expense"),
        [("05", "合计", "合计", None)],
    )
    holds(
        "04 收入 = 01",
        ("04", "一般公共预算财政拨款收入", "决算数", "income"),
        [("01", "一般公共预算财政拨款收入", "决算数", "income")],
    )
    holds(
        "04 年初 = 01",
        ("04", "年初财政拨款结转和结余", "决算数", "income"),
        [("01", "年初结转和结余", "决算数", "income")],
    )

    # 06: classes, 人员经费 / 公用经费, and 05 基本支出.
    lanes = {}
    for cls, name, lane, items in ECON_CLASSES:
        lanes[cls] = (f"{cls} {name}", lane)
        holds(
            f"06 {cls}",
            ("06", f"{cls} {name}", "决算数", lane),
            [("06", f"{c} {n}", "决算数", lane) for c, n in items],
        )
    holds(
        "06 人员经费",
        ("06", "人员经费合计", "决算数", "personnel"),
        [("06", lanes[c][0], "决算数", "personnel") for c in ("301", "303")],
    )
    holds(
        "06 公用经费",
        ("06", "公用经费合计", "决算数", "operating"),
        [("06", lanes[c][0], "决算数", "operating") for c in ("302", "307", "310", "399")],
    )
    holds(
        "06 = 05 基本支出",
        ("05", "合计", "基本支出", None),
        [("06", "人员经费合计", "决算数", "personnel"), ("06", "公用经费合计", "决算数", "operating")],
    )

    # 09: 三公 structure and its link to 06.
    for row in ("预算数", "决算数"):
        holds(
            "09 合计",
            ("09", row, "合计", None),
            [("09", row, c, None) for c in ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")],
        )
        holds(
            "09 车",
            ("09", row, "公务用车购置及运行维护费", None),
            [("09", row, c, None) for c in ("公务用车购置费", "公务用车运行维护费")],
        )
    for col, econ in (
        ("公务接待费", "30217 公务接待费"),
        ("公务用车运行维护费", "30231 公务用车运行维护费"),
        ("因公出国（境）费", "30212 因公出国（境）费用"),
        ("公务用车购置费", "31013 公务用车购置"),
        ("会议费", "30215 会议费"),
        ("培训费", "30216 培训费"),
    ):
        lane = "operating"
        holds(f"09 {col} = 06", ("09", "决算数", col, None), [("06", econ, "决算数", lane)])
    return out


def claim_violations(doc: SyntheticDisclosure) -> list[str]:
    """Narrative figures that disagree with the tables or with their own arithmetic."""
    p = Printed(doc)
    out: list[str] = []
    by_topic: dict[str, list[Decimal]] = {}
    for c in doc.claims:
        para = doc.paragraphs[c.paragraph].text
        assert para[c.start : c.start + len(c.text)] == c.text
        assert para[c.start + len(c.text) :].startswith(c.unit)
        assert parse_printed(c.text) == c.value
        by_topic.setdefault(c.topic, []).append(c.value)
        if c.ref is not None:
            v, tol = p.get(c.ref)
            if abs(v - c.value) > tol + HALF_ULP:
                out.append(f"{c.topic}: narrative {c.text} vs table {c.ref} = {v}")
    for c in doc.claims:
        if c.topic.endswith("_change"):
            base = c.topic[: -len("_change")]
            para = doc.paragraphs[c.paragraph].text
            up = para[c.start - 2 : c.start] == "增加"
            current = (
                next(x.value for x in doc.claims if x.paragraph == c.paragraph and x.topic == base)
                if base in by_topic
                else None
            )
            growth = [x for x in doc.claims if x.paragraph == c.paragraph and x.topic == f"{base}_growth"]
            if current is not None and growth:
                prior = current - c.value if up else current + c.value
                if abs(c.value * 100 / prior - growth[0].value) > Decimal("0.006"):
                    out.append(f"{base}: growth {growth[0].value} vs {c.value}/{prior}")
    share_pairs = {
        "basic_share": ("basic_expense", "expense_total"),
        "project_share": ("project_expense", "expense_total"),
    }
    for topic, (num, den) in share_pairs.items():
        if topic in by_topic:
            expect = by_topic[num][0] * 100 / by_topic[den][0]
            if abs(expect - by_topic[topic][0]) > Decimal("0.006"):
                out.append(f"{topic}: {by_topic[topic][0]} vs {expect}")
    return out


# --- generated documents are consistent ---------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_generated_document_is_consistent(seed: int) -> None:
    doc = generate(seed)
    assert violations(doc) == []
    assert claim_violations(doc) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), n_items=st.one_of(st.none(), st.integers(1, 40)))
def test_any_seed_is_consistent(seed: int, n_items: int | None) -> None:
    doc = generate(seed, n_items=n_items)
    assert violations(doc) == []
    assert claim_violations(doc) == []


def test_rounding_residue_appears_somewhere() -> None:
    """Totals are rounded from exact totals, so some printed total differs from the sum of its printed parts."""
    residues = 0
    for seed in range(10):
        p = Printed(generate(seed))
        for row in p.rows("03"):
            total, _ = p.get(("03", row, "本年支出合计", None))
            parts = p.get(("03", row, "基本支出", None))[0] + p.get(("03", row, "项目支出", None))[0]
            residues += total != parts
        pers = p.get(("06", "人员经费合计", "决算数", "personnel"))[0]
        parts06 = (
            p.get(("06", "301 工资福利支出", "决算数", "personnel"))[0]
            + p.get(("06", "303 对个人和家庭的补助", "决算数", "personnel"))[0]
        )
        residues += pers != parts06
    assert residues > 0


def test_amounts_are_realistic_and_named_canonically() -> None:
    for seed in range(10):
        doc = generate(seed)
        total = doc.cell("03", "合计", "本年支出合计")
        assert total is not None and Decimal(100) <= total.value <= Decimal(3000)
        assert doc.kind == "final_account" and doc.year == 2023
        for c in doc.cells:
            spec = FINAL_ACCOUNT_TABLES[c.table]
            assert c.column in spec.columns, (c.table, c.column)
            assert AMOUNT.match(c.text) and parse_printed(c.text) == c.value
            if c.table in ("01", "04"):
                assert c.lane in ("income", "expense")
            elif c.table == "06":
                assert c.lane in ("personnel", "operating")
        assert doc.cell("03", "2080505 机关事业单位基本养老保险缴费支出", "基本支出") is not None
        assert doc.cell("01", "总计", "决算数", "expense") is not None


def test_unit_name_year_and_item_count() -> None:
    doc = generate(3, unit_name="测试县档案馆", year=2024, n_items=9)
    assert doc.unit == "测试县档案馆" and doc.year == 2024
    items = {c.row for c in doc.table_cells("03") if len(c.row.split(" ")[0]) == 7}
    assert len(items) == 9
    assert "2024年度部门决算" in to_text(doc)


# --- rendering ----------------------------------------------------------------------------


def _pdf_tables(path: Path) -> tuple[dict[str, list[list[str]]], str]:
    """Rows of every ruled table per 公开NN表 (continuations joined) and the narrative text."""
    tables: dict[str, list[list[str]]] = {}
    narrative: list[str] = []
    current: str | None = None
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            m = re.search(r"^公开(\d\d)表$", text, re.M)
            if m:
                current = m.group(1)
            if current is None:
                narrative += [ln for ln in text.splitlines() if not FOOTER.match(ln)]
            for t in page.find_tables():
                rows = [["" if c is None else c for c in row] for row in t.extract()]
                assert current is not None
                tables.setdefault(current, []).append(rows)  # type: ignore[arg-type]
    return tables, "".join(narrative)  # type: ignore[return-value]


@pytest.mark.parametrize(("seed", "n_items"), [(1, None), (4, 40)])
def test_pdf_round_trip(tmp_path: Path, seed: int, n_items: int | None) -> None:
    doc = generate(seed, n_items=n_items)
    path = to_pdf(doc, tmp_path / "doc.pdf")
    found, narrative = _pdf_tables(path)
    assert sorted(found) == sorted(doc.tables)
    for tid, table in doc.tables.items():
        pages: list[list[list[str]]] = found[tid]  # type: ignore[assignment]
        nh = len(table.header)
        body: list[list[str]] = []
        for rows in pages:
            assert [[c.replace("\n", "") for c in r] for r in rows[:nh]] == table.header, (
                tid
            )  # header repeated
            body += rows[nh:]
        assert body == table.body, tid
        extracted = Counter(c for r in body for c in r if AMOUNT.match(c))
        assert extracted == Counter(c.text for c in doc.table_cells(tid)), tid
    if n_items == 40:
        assert any(len(p) > 1 for p in found.values())  # some table ran over a page
    for para in doc.paragraphs:
        assert para.text in narrative
    assert "“三公”" in narrative


def test_text_rendering_lists_every_cell() -> None:
    doc = generate(2)
    text = to_text(doc)
    lines = text.split("\n")
    for tid, table in doc.tables.items():
        i = lines.index(f"公开{tid}表")
        assert lines[i - 2] == table.title
        start = lines.index("\t".join(table.header[0]), i)
        grid = [ln.split("\t") for ln in lines[start : start + len(table.header) + len(table.body)]]
        assert grid == table.header + table.body
        texts = Counter(c for r in table.body for c in r if AMOUNT.match(c))
        assert texts == Counter(c.text for c in doc.table_cells(tid))
    for para in doc.paragraphs:
        assert para.text in lines


# --- defects ------------------------------------------------------------------------------


def _grid_diff(a: SyntheticDisclosure, b: SyntheticDisclosure) -> list[tuple[str, int, int]]:
    return [
        (tid, r, c)
        for tid, t in a.tables.items()
        for r, row in enumerate(t.body)
        for c, cell in enumerate(row)
        if b.tables[tid].body[r][c] != cell
    ]


TABLE_KINDS = [k for k in DEFECT_KINDS if k != "narrative_amount"]


@pytest.mark.parametrize("kind", TABLE_KINDS)
@pytest.mark.parametrize("seed", [0, 5])
def test_inject_changes_exactly_one_cell(kind: str, seed: int) -> None:
    doc = generate(seed)
    before = to_text(doc)
    bad, defect = inject(doc, kind, rng_seed=seed + 100)
    assert to_text(doc) == before  # the original is untouched
    changed = [i for i, (x, y) in enumerate(zip(doc.cells, bad.cells, strict=True)) if x != y]
    assert len(changed) == 1
    old, new = doc.cells[changed[0]], bad.cells[changed[0]]
    assert (defect.kind, defect.table, defect.row, defect.column, defect.lane) == (
        kind,
        old.table,
        old.row,
        old.column,
        old.lane,
    )
    assert (defect.old_text, defect.new_text) == (old.text, new.text)
    assert abs(new.value - old.value) >= MIN_CHANGE >= Decimal("0.05")
    assert _grid_diff(doc, bad) == [(old.table, old.grid_row, old.grid_col)]
    assert bad.tables[old.table].body[old.grid_row][old.grid_col] == new.text
    assert AMOUNT.match(new.text)
    assert violations(bad), f"{kind} left the document consistent: {defect.description}"
    code = old.row.split(" ")[0]
    expected = {
        "detail_cell": lambda: old.table in ("03", "05") and len(code) == 7,
        "total_cell": lambda: old.row == "合计" and old.table in ("02", "03", "05"),
        "class_row": lambda: old.table in ("02", "03", "05") and len(code) == 3,
        "t06_total": lambda: old.row in ("人员经费合计", "公用经费合计"),
        "t09_total": lambda: old.table == "09" and old.column == "合计",
        "t01_item": lambda: (
            old.table == "01" and old.lane == "expense" and old.row not in ("本年支出合计", "总计")
        ),
        "swap_digits": lambda: sorted(old.text) == sorted(new.text),
    }[kind]
    assert expected(), defect


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), kind=st.sampled_from(TABLE_KINDS), rng_seed=st.integers(0, 10**6))
def test_any_injected_defect_is_detectable(seed: int, kind: str, rng_seed: int) -> None:
    doc = generate(seed)
    bad, defect = inject(doc, kind, rng_seed)
    assert len(_grid_diff(doc, bad)) == 1
    assert violations(bad), defect.description


def test_inject_narrative_amount() -> None:
    doc = generate(6)
    bad, defect = inject(doc, "narrative_amount", rng_seed=3)
    assert defect.table == "narrative" and defect.paragraph is not None
    assert bad.cells == doc.cells
    changed = [i for i, (x, y) in enumerate(zip(doc.paragraphs, bad.paragraphs, strict=True)) if x != y]
    assert changed == [defect.paragraph]
    assert defect.new_text in bad.paragraphs[defect.paragraph].text
    assert abs(parse_printed(defect.new_text) - parse_printed(defect.old_text)) >= MIN_CHANGE
    assert claim_violations(doc) == []
    assert claim_violations(bad)


def test_unknown_defect_kind() -> None:
    with pytest.raises(ValueError):
        inject(generate(0), "no_such_defect", 1)


# --- determinism and samples --------------------------------------------------------------


def test_same_seed_same_document(tmp_path: Path) -> None:
    a, b = generate(11), generate(11)
    assert to_text(a) == to_text(b)
    assert a.cells == b.cells and a.claims == b.claims
    assert to_text(generate(12)) != to_text(a)
    assert inject(a, "swap_digits", 4)[1] == inject(b, "swap_digits", 4)[1]
    pa, pb = to_pdf(a, tmp_path / "a.pdf"), to_pdf(b, tmp_path / "b.pdf")
    assert pa.read_bytes() == pb.read_bytes()


def test_write_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_samples(tmp_path)
    assert [p.name for p in paths] == ["consistent.pdf", "defective.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in paths)
    good, bad, defects = sample_documents()
    assert violations(good) == [] and claim_violations(good) == []
    assert len({d.kind for d in defects}) == len(defects) >= 2
    assert "narrative_amount" in {d.kind for d in defects}
    assert violations(bad) and claim_violations(bad)
    assert synth_main([str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "defective.pdf").exists()
    assert "defective.pdf" in capsys.readouterr().out
