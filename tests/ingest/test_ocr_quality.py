"""The extraction quality record says how long OCR took: pages OCRed, seconds, seconds per page;
the keys it had before stay as they were."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from ingest.pdf import read_pdf
from ingest.reader import build, read_document
from tests.ingest.pdfbuild import table_pdf
from tests.ingest.test_ocr import DPI, _image_pdf, _table_image

# The quality record's keys before OCR timing was added: part of the JSON contract.
CONTRACT_KEYS = {
    "pages_by_method",
    "chars",
    "garbled_share",
    "tables_recognised",
    "grids_not_recognised",
    "performance_forms",
    "rows_not_parsed",
    "uncertain_cells",
    "claims",
}


def test_ocr_seconds_per_page_are_in_the_quality_record() -> None:
    gray, _ = _table_image()
    faint = 255 - (255 - gray) // 2  # a second, fainter page
    buf = BytesIO()
    Image.fromarray(gray).save(
        buf, format="PDF", resolution=DPI, save_all=True, append_images=[Image.fromarray(faint)]
    )
    pages = read_pdf(buf.getvalue())
    q = build(pages, "scan.pdf").quality
    assert CONTRACT_KEYS <= set(q)
    ocr = q["ocr"]
    assert ocr["pages"] == 2  # type: ignore[index]
    assert ocr["seconds"] > 0  # type: ignore[index]
    assert ocr["seconds_per_page"] == pytest.approx(ocr["seconds"] / 2, abs=0.01)  # type: ignore[index]
    assert sum(p.ocr_seconds or 0 for p in pages) == pytest.approx(ocr["seconds"], abs=0.01)  # type: ignore[index]


def test_single_scanned_page_ocr_seconds() -> None:
    q = build(read_pdf(_image_pdf(_table_image()[0], DPI)), "scan.pdf").quality
    assert q["ocr"]["pages"] == 1  # type: ignore[index]
    assert q["ocr"]["seconds_per_page"] == q["ocr"]["seconds"] > 0  # type: ignore[index]


def test_text_layer_document_records_no_ocr_and_keeps_its_keys() -> None:
    rows = [["科目代码", "科目名称", "合计"], ["2101501", "行政运行", "1.00"]]
    doc = read_document(
        table_pdf(["一般公共预算财政拨款支出决算表", "公开05表", "单位：万元"], rows), "t.pdf", "pdf"
    )
    assert CONTRACT_KEYS <= set(doc.quality)
    assert doc.quality["pages_by_method"] == {"pdfplumber": 1}
    assert doc.quality["ocr"] == {"pages": 0, "seconds": 0.0, "seconds_per_page": 0.0}
    assert doc.quality["turned_pages"] == [] and doc.quality["page_problems"] == []
    assert "searchable_scan" not in doc.quality
