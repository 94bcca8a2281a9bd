"""The three real 上海市普陀区 2024 部门决算 PDFs (../shared/corpus_sh): tables without a 公开NN表
label, 科目编码 split into 类|款|项, 01表 without 行次, 09表 with 预算数/决算数 under each column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.model import Disclosure
from ingest.reader import read_document
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
