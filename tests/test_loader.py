"""ingest.loader: paths, directories and ZIP archives → documents, each loaded or with a one-line reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ingest import loader
from ingest.loader import InputDocument, count_inputs, iter_inputs, one_line, sniff

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TEXT = "公开03表\n支出决算表\n2101501\t行政运行\t129.81\n".encode()


def load(*paths: Path | str) -> list[InputDocument]:
    return list(iter_inputs([str(p) for p in paths]))


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            if name.endswith("/"):
                zf.writestr(zipfile.ZipInfo(name), b"")
            else:
                zf.writestr(name, data)
    return buf.getvalue()


def assert_one_line(doc: InputDocument) -> None:
    assert doc.data is None and doc.error
    assert "\n" not in doc.error and doc.error == doc.error.strip()


# --- single files -------------------------------------------------------------------------------


def test_missing_path_fails_with_reason_and_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(PDF)
    missing = tmp_path / "nope" / "gone.pdf"
    docs = load(missing, good)
    assert [d.source for d in docs] == [str(missing), str(good)]
    assert_one_line(docs[0])
    assert "文件不存在" in docs[0].error and str(missing) in docs[0].error
    assert docs[1].ok and docs[1].data == PDF and docs[1].file_name == "good.pdf"


def test_pdf_name_with_other_bytes_is_not_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"<html><body>not a pdf</body></html>")
    [doc] = load(fake)
    assert_one_line(doc)
    assert doc.error.startswith("not a PDF (")


def test_zip_bytes_named_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_bytes(make_zip({"a.txt": TEXT}))
    [doc] = load(fake)
    assert doc.error and "not a PDF" in doc.error and "ZIP" in doc.error


def test_empty_file_fails(tmp_path: Path) -> None:
    for name in ("empty.pdf", "empty.txt", "empty.zip"):
        (tmp_path / name).write_bytes(b"")
    docs = load(*(tmp_path / n for n in ("empty.pdf", "empty.txt", "empty.zip")))
    assert len(docs) == 3
    for doc in docs:
        assert_one_line(doc)
        assert "空文件" in doc.error


def test_binary_named_txt_is_not_text(tmp_path: Path) -> None:
    fake = tmp_path / "extract.txt"
    fake.write_bytes(bytes(range(256)) * 4)
    [doc] = load(fake)
    assert_one_line(doc)
    assert "not a text file" in doc.error


def test_gb18030_text_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "extract.txt"
    path.write_bytes("柞水县医疗保障局 2023年度部门决算\n".encode("gb18030"))
    [doc] = load(path)
    assert doc.ok and doc.data is not None


def test_unsupported_extension_given_explicitly_fails(tmp_path: Path) -> None:
    path = tmp_path / "tables.docx"
    path.write_bytes(make_zip({"word/document.xml": b"<w:document/>"}))
    [doc] = load(path)
    assert_one_line(doc)
    assert "不支持的文件类型" in doc.error and ".docx" in doc.error


def test_pdf_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "REPORT.PDF"
    path.write_bytes(PDF)
    [doc] = load(path)
    assert doc.ok


# --- directories --------------------------------------------------------------------------------


def test_directory_expands_recursively_sorted_and_skips_other_files(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "z.pdf").write_bytes(PDF)
    (root / "a" / "x.txt").write_bytes(TEXT)
    (root / "b" / "deep" / "y.pdf").write_bytes(PDF)
    (root / "b" / "pack.zip").write_bytes(make_zip({"m.pdf": PDF}))
    (root / "b" / "notes.docx").write_bytes(b"skipped")
    (root / "b" / "picture.png").write_bytes(b"\x89PNG")
    (root / ".hidden.pdf").write_bytes(PDF)
    (root / ".git").mkdir()
    (root / ".git" / "obj.pdf").write_bytes(PDF)

    docs = load(root)
    sources = [d.source for d in docs]
    assert sources == [
        str(root / "a" / "x.txt"),
        str(root / "b" / "deep" / "y.pdf"),
        str(root / "b" / "pack.zip") + "!m.pdf",
        str(root / "z.pdf"),
    ]
    assert all(d.ok for d in docs)
    assert count_inputs([str(root)]) == len(docs)


def test_directory_without_documents_fails(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("nothing here")
    [doc] = load(tmp_path)
    assert_one_line(doc)
    assert doc.source == str(tmp_path)


def test_directory_checks_each_file(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"")
    (tmp_path / "b.pdf").write_bytes(b"GIF89a")
    (tmp_path / "c.pdf").write_bytes(PDF)
    docs = load(tmp_path)
    assert ["空文件" in (d.error or "") for d in docs] == [True, False, False]
    assert [d.ok for d in docs] == [False, False, True]


# --- ZIP archives -------------------------------------------------------------------------------


def corrupt_member(archive: bytes, payload: bytes) -> bytes:
    """Flip one byte inside a stored member's data so that its CRC no longer matches."""
    at = archive.index(payload) + len(payload) // 2
    return archive[:at] + bytes([archive[at] ^ 0xFF]) + archive[at + 1 :]


def test_zip_members_with_one_corrupt_member(tmp_path: Path) -> None:
    bad_payload = PDF + b"% padding to corrupt\n" * 4
    data = make_zip(
        {
            "2023/": b"",
            "2023/good.pdf": PDF,
            "2023/bad.pdf": bad_payload,
            "2023/extract.txt": TEXT,
            "2023/readme.md": b"skipped",
            "__MACOSX/2023/._good.pdf": b"resource fork",
        },
        compression=zipfile.ZIP_STORED,
    )
    path = tmp_path / "batch.zip"
    path.write_bytes(corrupt_member(data, bad_payload))

    docs = load(path)
    by_source = {d.source: d for d in docs}
    assert list(by_source) == [f"{path}!2023/bad.pdf", f"{path}!2023/extract.txt", f"{path}!2023/good.pdf"]
    bad = by_source[f"{path}!2023/bad.pdf"]
    assert_one_line(bad)
    assert "损坏" in bad.error and bad.file_name == "bad.pdf"
    assert by_source[f"{path}!2023/good.pdf"].data == PDF
    assert by_source[f"{path}!2023/extract.txt"].data == TEXT
    assert count_inputs([str(path)]) == 3


def test_zip_member_named_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    path.write_bytes(make_zip({"x.pdf": b"hello"}))
    [doc] = load(path)
    assert doc.source == f"{path}!x.pdf"
    assert doc.error and doc.error.startswith("not a PDF")


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 this is no archive", b"not a zip at all", make_zip({"a.pdf": PDF})[:40]],
    ids=["garbage-after-magic", "no-magic", "truncated"],
)
def test_corrupt_zip_is_one_failed_document(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(data)
    [doc] = load(path)
    assert doc.source == str(path)
    assert_one_line(doc)
    assert "ZIP" in doc.error
    assert count_inputs([str(path)]) == 1


def test_zip_without_documents_fails(tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    path.write_bytes(make_zip({"a.md": b"x", "b/": b""}))
    [doc] = load(path)
    assert_one_line(doc)


def test_nested_zip_expands_one_level(tmp_path: Path) -> None:
    innermost = make_zip({"deep.pdf": PDF})
    inner = make_zip({"c.pdf": PDF, "too-deep.zip": innermost})
    path = tmp_path / "outer.zip"
    path.write_bytes(make_zip({"a.pdf": PDF, "inner.zip": inner}))
    docs = load(path)
    assert [d.source for d in docs] == [
        f"{path}!a.pdf",
        f"{path}!inner.zip!c.pdf",
        f"{path}!inner.zip!too-deep.zip",
    ]
    assert [d.ok for d in docs] == [True, True, False]
    assert "嵌套" in (docs[2].error or "")


def test_zip_member_over_the_size_limit_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MEMBER_LIMIT", 1000)
    path = tmp_path / "bomb.zip"
    path.write_bytes(make_zip({"big.pdf": PDF + b"\0" * 100_000, "small.pdf": PDF}))
    docs = load(path)
    assert [d.ok for d in docs] == [False, True]
    assert_one_line(docs[0])
    assert "too large" in docs[0].error


def test_zip_total_over_the_limit_fails_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "ARCHIVE_TOTAL_LIMIT", len(PDF) * 2 + 10)
    path = tmp_path / "many.zip"
    path.write_bytes(make_zip({f"{i}.pdf": PDF for i in range(4)}))
    docs = load(path)
    assert [d.ok for d in docs] == [True, True, False, False]
    assert "archive too large" in (docs[2].error or "")


def test_zip_member_whose_header_understates_its_size_fails(tmp_path: Path) -> None:
    archive = zipfile.ZipFile(io.BytesIO(make_zip({"big.pdf": PDF + b"\0" * 5000})))
    info = archive.infolist()[0]
    info.file_size = 10  # the header lies; what is read must not go past what it declares
    reason = loader._read_member(archive, info, loader._Budget())
    assert isinstance(reason, str) and "\n" not in reason


def set_encrypted_flag(archive: bytes, name: bytes) -> bytes:
    """Mark a member as encrypted in its local and central headers (zipfile cannot write encryption)."""
    out = bytearray(archive)
    for signature, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            if out[start + name_at : start + name_at + len(name)] == name:
                out[start + flags_at] |= 0x1
            start += 4
    return bytes(out)


def test_encrypted_zip_member_fails(tmp_path: Path) -> None:
    path = tmp_path / "locked.zip"
    path.write_bytes(set_encrypted_flag(make_zip({"secret.pdf": PDF, "open.pdf": PDF}), b"secret.pdf"))
    docs = load(path)
    assert [(d.file_name, d.ok) for d in docs] == [("open.pdf", True), ("secret.pdf", False)]
    assert "加密" in (docs[1].error or "")


def test_zip_member_names_in_gbk_without_utf8_flag_are_repaired(tmp_path: Path) -> None:
    name = "决算公开.pdf"
    raw = name.encode("gb18030")
    placeholder = "X" * (len(raw) - 4) + ".pdf"
    data = make_zip({placeholder: PDF}).replace(placeholder.encode(), raw)
    path = tmp_path / "gbk.zip"
    path.write_bytes(data)
    [doc] = load(path)
    assert doc.ok and doc.source == f"{path}!{name}" and doc.file_name == name


# --- sniffing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "a.pdf", "pdf"),
        (b"\xef\xbb\xbf" + PDF, "a.pdf", "pdf"),  # junk before the header is allowed
        (PDF, "a.txt", "pdf"),
        (make_zip({"a.pdf": PDF}), "a.zip", "zip"),
        (make_zip({"word/document.xml": b"x"}), "a.docx", "unknown"),
        (TEXT, "a.txt", "text"),
        ("部门决算\r\n".encode("gb18030"), "a.txt", "text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.pdf", "unknown"),
        (b"", "a.pdf", "unknown"),
    ],
)
def test_sniff(data: bytes, name: str, kind: str) -> None:
    assert sniff(data, name) == kind


def test_sniff_text_cut_inside_a_character() -> None:
    data = ("决算" * 20_000).encode()
    assert len(data) > loader.TEXT_SNIFF_BYTES
    assert sniff(data[: loader.TEXT_SNIFF_BYTES + 1], "a.txt") == "text"


def test_one_line() -> None:
    assert one_line(ValueError("first\n  second\tthird")) == "first second third"
    assert one_line(KeyError()) == "KeyError"
    assert len(one_line("x" * 1000)) == loader.REASON_LIMIT


@pytest.mark.shared
def test_corpus_directory_loads_every_pdf(corpus_dir: Path) -> None:
    docs = load(corpus_dir)
    pdfs = sorted(corpus_dir.glob("*.pdf"))
    assert [d.source for d in docs] == [str(p) for p in pdfs]
    assert all(d.ok and d.data is not None and sniff(d.data, d.file_name) == "pdf" for d in docs)
