"""The real seeds (../shared/seeds) and their PDF renditions (../shared/corpus) give the same facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Disclosure
from ingest.reader import read_document
from tests.conftest import require_shared

SEEDS = {
    "000": ("000_e21b73d48c1b8d26.txt", "柞水县医疗保障局（本级）", 2023, "final_account"),
    "001": ("001_957c36ad5378e025.txt", "朔州市朔城区医疗保险服务中心", 2023, "final_account"),
    "002": ("002_801dc34b793b5deb.txt", "丹凤县医疗保障局", 2024, "final_account"),
    "003": ("003_640a379a94776b88.txt", "焦作市医疗保障局", 2023, "final_account"),
    "004": ("004_29997092a5ca925a.txt", "柳林县医疗保险服务中心", 2023, "budget"),
}


def _read(path: Path) -> Disclosure:
    return read_document(path.read_bytes(), path.name, "pdf" if path.suffix == ".pdf" else "text")


@pytest.mark.shared
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_text_is_recognised(seed: str) -> None:
    name, unit, year, kind = SEEDS[seed]
    doc = _read(require_shared("seeds", name))
    assert (doc.unit, doc.year, doc.kind) == (unit, year, kind)
    if kind == "final_account":
        assert {"01", "02", "03", "04", "05", "06", "07", "08", "09"} <= set(doc.tables)
        assert doc.quality["rows_not_parsed"] == []
    else:
        assert {"B01", "B02", "B03", "B05"} <= set(doc.tables)


@pytest.mark.shared
def test_seed000_restores_the_project_column_of_2101599() -> None:
    doc = _read(require_shared("seeds", SEEDS["000"][0]))
    row = doc.tables["03"].row("2101599 其他医疗保障管理事务支出")
    assert row is not None and set(row.cells) == {"本年支出合计", "项目支出"}


@pytest.mark.shared
@pytest.mark.parametrize(
    "pdf",
    [f"seed{s}_{v}.pdf" for s in sorted(SEEDS) for v in ("office", "xlsx")],
)
def test_text_layer_pdf_gives_the_same_facts_as_its_text_twin(pdf: str) -> None:
    corpus = require_shared("corpus")
    path = corpus / pdf
    if not path.exists():
        pytest.skip(f"{pdf} not in this corpus")  # seed001 has no scan; every seed has office+xlsx
    seed = pdf[4:7]
    text_facts = _read(require_shared("seeds", SEEDS[seed][0])).printed_amounts()
    pdf_doc = _read(path)
    pdf_facts = pdf_doc.printed_amounts()
    recovered = sum(1 for k, v in text_facts.items() if pdf_facts.get(k) == v)
    if not any(k[0].startswith("P") for k in text_facts):
        # a 绩效自评表 (P01…) the text twin prints without tabs is read from the PDF only
        pdf_facts = {k: v for k, v in pdf_facts.items() if not k[0].startswith("P")}
    invented = [k for k in pdf_facts if k not in text_facts]
    assert recovered / len(text_facts) >= 0.995, f"{recovered}/{len(text_facts)}"
    assert invented == []
    # every PDF fact knows its page and box
    cells = [c for t in pdf_doc.tables.values() for c in t.cells() if c.amount is not None]
    assert all(c.loc.page and c.loc.bbox for c in cells)
