"""Bad input gets a clear per-document error, and nothing else in the batch is lost."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from auditor.pipeline import audit_document


def _pdf(draw, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text_pdf(**kwargs) -> bytes:  # type: ignore[no-untyped-def]
    return _pdf(
        lambda c: c.drawString(72, 720, "Quarterly newsletter: nothing about budgets here."), **kwargs
    )


def test_empty_file() -> None:
    r = audit_document("empty.pdf", b"")
    assert r.status == "failed" and "空文件" in (r.error or "")


def test_non_pdf_with_pdf_name() -> None:
    r = audit_document("fake.pdf", b"PK\x03\x04 this is a zip, not a pdf")
    assert r.status == "failed" and "不是 PDF" in (r.error or "")


def test_truncated_pdf() -> None:
    data = _text_pdf()
    r = audit_document("cut.pdf", data[: len(data) // 3])
    assert r.status == "failed"
    assert r.error and "\n" not in r.error


def test_corrupt_pdf() -> None:
    r = audit_document("garbage.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 20)
    assert r.status == "failed" and r.error


def test_encrypted_pdf() -> None:
    r = audit_document("locked.pdf", _text_pdf(encrypt="secret-user-password"))
    assert r.status == "failed" and "加密" in (r.error or "")


def test_image_only_pdf_needs_ocr() -> None:
    img = Image.new("L", (400, 300), color=255)

    def draw(c: canvas.Canvas) -> None:
        c.drawImage(ImageReader(img), 50, 400, width=400, height=300)

    r = audit_document("scan.pdf", _pdf(draw))
    assert r.status == "failed" and "OCR" in (r.error or "")


def test_pdf_that_is_not_a_disclosure() -> None:
    r = audit_document("newsletter.pdf", _text_pdf())
    assert r.status == "failed" and "不像是预决算公开文件" in (r.error or "")


def test_text_file_that_is_not_a_disclosure() -> None:
    r = audit_document("notes.txt", "随便写的一段文字，没有任何表格。\n".encode())
    assert r.status == "failed"


@pytest.mark.shared
def test_a_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    from tests.conftest import require_shared

    good = require_shared("seeds", "002_801dc34b793b5deb.txt")
    results = [
        audit_document("bad.pdf", b"not a pdf at all"),
        audit_document(str(good), good.read_bytes(), good.name),
    ]
    assert [r.status for r in results] == ["failed", "ok"]
