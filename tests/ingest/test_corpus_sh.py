"""The three real 上海市普陀区 2024 部门决算 PDFs (../shared/corpus_sh): tables without a 公开NN表
label, 科目编码 split into 类|款|项, 01表 without 行次, 09表 with 预算数/决算数 under each column."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import pytest

from ingest.model import Disclosure
from ingest.reader import read_document
from rules import check
from rules.findings import AuditOutcome, Finding
from tests.conftest import require_shared

ALL_TABLES = ["01", "02", "03", "04", "05", "06", "07", "08", "09"]


def _read(name: str) -> Disclosure:
    path = require_shared("corpus_sh", name)
    return read_document(path.read_bytes(), path.name, "pdf")


def _value(doc: Disclosure, table: str, key: str, column: str) -> Decimal | None:
    row = next(r for r in doc.tables[table].rows if r.key == key)
    cell = row.cells.get(column)
    return cell.amount.value if cell is not None and cell.amount is not None else None


@pytest.mark.shared
@pytest.mark.parametrize(
    "name", ["sh_caizhengju_2024_final.pdf", "sh_guihua_ziran_2024_final.pdf", "sh_template_2024_final.pdf"]
)
def test_sh_document_reads_every_table(name: str) -> None:
    doc = _read(name)
    assert doc.kind == "final_account"
    assert sorted(t for t in doc.tables if not t.startswith("P")) == ALL_TABLES
    assert doc.quality["tables_recognised"][:9] == ALL_TABLES
    assert doc.quality["rows_not_parsed"] == []


@pytest.mark.shared
def test_sh_caizhengju_split_codes_and_unlabelled_two_sided_table() -> None:
    doc = _read("sh_caizhengju_2024_final.pdf")
    # 208 | 05 | 05 | 机关事业单位基本养老保险\n缴费支出 → one code, the wrapped name joined
    assert _value(doc, "02", "2080505 机关事业单位基本养老保险缴费支出", "本年收入合计") == Decimal("160.75")
    assert _value(doc, "02", "208 社会保障和就业支出", "财政拨款收入") == Decimal("326.72")
    assert _value(doc, "02", "20805 行政事业单位养老支出", "本年收入合计") == Decimal("326.72")
    assert _value(doc, "05", "2010601 行政运行", "项目支出") == Decimal("8.37")
    assert _value(doc, "01", "一般公共预算财政拨款收入", "决算数") == Decimal("2940.05")
    assert not doc.tables["01"].empty
    assert not any(r.code and r.code.isdigit() and len(r.code) in (1, 2) for r in doc.tables["02"].rows)


@pytest.mark.shared
def test_sh_guihua_ziran_three_public_columns_under_their_names() -> None:
    doc = _read("sh_guihua_ziran_2024_final.pdf")
    t09 = doc.tables["09"]
    assert not t09.empty
    assert _value(doc, "09", "预算数", "合计") == Decimal("2.85")
    assert _value(doc, "09", "决算数", "合计") == Decimal("0.39")
    assert _value(doc, "09", "决算数", "公务接待费") == Decimal("0.39")
    assert _value(doc, "09", "决算数", "公务用车运行维护费") == Decimal("0.00")


# --- the 情况说明: figures drawn as text runs of their own, put back in their sentences -------------


@cache
def _audited(name: str) -> tuple[Disclosure, AuditOutcome]:
    doc = _read(name)
    return doc, check(doc)


def _serious(out: AuditOutcome) -> list[Finding]:
    return [f for f in out.findings if f.severity in ("error", "warning")]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "least"), [("sh_caizhengju_2024_final.pdf", 75), ("sh_guihua_ziran_2024_final.pdf", 110)]
)
def test_sh_narrative_figures_are_back_in_their_sentences(name: str, least: int) -> None:
    # The figures are Times New Roman runs in 仿宋 sentences, their boxes ~5 pt below the words':
    # read by box they came out as lines of figures under “年初预算为 万元，支出决算为 万”.
    doc, _ = _audited(name)
    assert len(doc.claims) >= least
    sentences = {c.sentence for c in doc.claims}
    assert not [s for s in sentences if re.search(r"为万元|为万[\d.]|^[\d.%\s]+$", s)]
    assert doc.quality["claims"]["unparsed"] == []


@pytest.mark.shared
def test_sh_caizhengju_claims_rejoined_by_position() -> None:
    doc, _ = _audited("sh_caizhengju_2024_final.pdf")

    def said(value: str, words: str) -> bool:
        return any(
            c.value is not None and c.value.value == Decimal(value) and words in c.sentence
            for c in doc.claims
        )

    # figure and words on one printed line
    assert said("1511.89", "年初预算为1560.05万元，支出决算为1511.89万元")
    assert said("2946.25", "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%")
    # the figure starts the next printed line (“…支出决算为” / “449.52 万元。”)
    assert said("449.52", "年初预算为450.52万元，支出决算为449.52万元")
    assert said("15.16", "住房保障支出（类）445.69万元，占15.16%")
    assert said("98.20", "完成年初预算的98.20%")


@pytest.mark.shared
def test_sh_caizhengju_every_error_and_warning_is_shown_by_the_printed_figures() -> None:
    _, out = _audited("sh_caizhengju_2024_final.pdf")
    got = sorted((f.rule_id, f.severity, f.expected, f.actual) for f in _serious(out))
    assert got == [
        # “财政拨款收入支出总计0.3万元” against 04表 总计 2,961.68
        ("N-AMOUNT-TABLE", "error", "2961.68", "0.30"),
        # 一般公共服务支出 2106.66 ÷ 2940.05 = 71.654%, printed 71.73%
        ("N-SHARE", "error", "71.65", "71.73"),
        # 71.73 + 11.11 + 2.07 + 15.16 = 100.07
        ("N-SHARE-100", "warning", "100", "100.07"),
    ]
    assert Decimal("2106.66") / Decimal("2940.05") * 100 < Decimal("71.66")


@pytest.mark.shared
def test_sh_guihua_ziran_findings_and_cut_off_rates() -> None:
    _, out = _audited("sh_guihua_ziran_2024_final.pdf")
    # 01表 年初结转和结余 112.88 − 年末 100.00 = 12.88 = 03表 合计 9759.38 − 05表 合计 9746.50, no
    # non-fiscal income; the 情况说明 counts that money as 财政拨款 基本支出 (5377.64 = 5364.75 + 12.89)
    assert [(f.rule_id, f.severity) for f in _serious(out)] == [("X-NONFISCAL-CARRY", "error")]
    (carry,) = _serious(out)
    assert "112.88" in carry.message and "5377.64" in carry.message and "5364.75" in carry.message
    # 9746.50 ÷ 9759.38 = 99.868% printed 99.86%; 9746.50 ÷ 10210.34 = 95.457% printed 95.45%: cut off
    cut = {(f.rule_id, f.actual) for f in out.findings if "截断而非四舍五入" in f.message}
    assert cut == {("N-SHARE", "99.86"), ("N-COMPLETION", "95.45")}
    assert all(f.severity == "info" for f in out.findings if "截断而非四舍五入" in f.message)


@pytest.mark.shared
def test_sh_template_findings_are_its_placeholders_and_empty_tables() -> None:
    doc, out = _audited("sh_template_2024_final.pdf")
    for f in _serious(out):
        assert f.rule_id in ("CMP-PLACEHOLDER", "CMP-EMPTY-REASON"), f.message
        if f.rule_id == "CMP-PLACEHOLDER":
            assert "XX" in f.message and any("XX" in (e.get("quote") or "") for e in f.evidence)
        else:  # a table of the template prints no figure at all
            table = doc.tables[f.evidence[0]["table"]]
            assert not any(c.amount is not None for r in table.rows for c in r.cells.values())
