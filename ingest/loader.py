"""Paths as a user gives them → the documents to audit, each with its bytes or a one-line reason.

A path is a file (`.pdf`, `.txt` or `.zip`), or a directory, which expands recursively to its
`.pdf`, `.txt` and `.zip` files in sorted order. A ZIP archive expands to its members (one level
of nested archives), each named `archive.zip!dir/member.pdf`. Nothing here raises for bad input:
a missing path, an empty file or a corrupt archive becomes an `InputDocument` with `error` set,
so the rest of the batch goes on. Whether a PDF is encrypted, corrupt or image-only is for the
PDF reader to say; this module only checks that the bytes are what the file name claims.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from ingest.text import decode_text

FileType = Literal["pdf", "text", "zip", "unknown"]

# File name suffixes taken from a directory or an archive; anything else there is skipped.
SUPPORTED_SUFFIXES = (".pdf", ".txt", ".zip")
# Largest archive member read into memory (200 MB); a larger one fails instead of being read.
MEMBER_LIMIT = 200 * 1024 * 1024
# Most bytes read out of one archive, nested archives included (1 GB): the guard against ZIP bombs.
ARCHIVE_TOTAL_LIMIT = 1024 * 1024 * 1024
# Archives inside an archive are opened this many levels deep (1: a ZIP of ZIPs, no deeper).
NESTING_LIMIT = 1
# Where the PDF header may start: the PDF reference lets readers accept junk before `%PDF-`.
PDF_HEADER_WINDOW = 1024
# Bytes inspected to decide whether a file is text.
TEXT_SNIFF_BYTES = 64 * 1024
# Share of control characters (other than tab, newline, CR, form feed) above which data is binary.
TEXT_CONTROL_SHARE = 0.01
# Longest one-line reason kept, in characters.
REASON_LIMIT = 300

_WANTED = "、".join(SUPPORTED_SUFFIXES)  # for reasons: ".pdf、.txt、.zip"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # local file header; end of an empty archive
_UTF8_NAME_FLAG = 0x800


@dataclass(frozen=True)
class InputDocument:
    """One document to audit: its bytes, or why it cannot be audited (`data` None, `error` set)."""

    source: str  # the path as given; for archive members "archive.zip!dir/member.pdf"
    file_name: str  # base name of the file or member, e.g. "member.pdf"
    data: bytes | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the document has bytes to audit."""
        return self.error is None


def one_line(reason: object) -> str:
    """A reason (text or exception) as a single trimmed line, fit for a report or a JSON field."""
    if isinstance(reason, BaseException):
        text = str(reason) or type(reason).__name__
    else:
        text = str(reason)
    text = " ".join(text.split())
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"


def sniff(data: bytes, file_name: str = "") -> FileType:
    """What the bytes are, whatever the name says: "pdf", "zip", "text" or "unknown".

    The name only decides one case: a ZIP container named other than `.zip` (a `.docx`, an
    `.xlsx`) is "unknown", because it is not an archive of disclosures.
    """
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        suffix = PurePosixPath(file_name).suffix.lower()
        return "zip" if suffix in ("", ".zip") else "unknown"
    if data and _looks_like_text(data[:TEXT_SNIFF_BYTES]):
        return "text"
    return "unknown"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = decode_text(head)
    except ValueError:
        # The sample may end inside a multi-byte character; one more try without its last bytes.
        try:
            text = decode_text(head[:-3]) if len(head) == TEXT_SNIFF_BYTES else ""
        except ValueError:
            return False
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls <= len(text) * TEXT_CONTROL_SHARE


def check(data: bytes, file_name: str) -> str | None:
    """Why these bytes cannot be audited as the file their name says, or None when they can."""
    if not data:
        return "空文件 (empty file)"
    suffix = PurePosixPath(file_name).suffix.lower()
    kind = sniff(data, file_name)
    if suffix == ".pdf" and kind != "pdf":
        return f"not a PDF (文件名为 .pdf，内容{_describe(kind, data)})"
    if suffix == ".txt" and kind != "text":
        return f"not a text file (文件名为 .txt，内容{_describe(kind, data)})"
    return None


def _describe(kind: FileType, data: bytes) -> str:
    if kind == "pdf":
        return "是 PDF"
    if data.startswith(_ZIP_MAGIC):
        return "是 ZIP 格式"
    if kind == "text":
        return "是纯文本"
    return f"以 {data[:8]!r} 开头，无法识别"


def iter_inputs(paths: Sequence[str]) -> Iterator[InputDocument]:
    """Every document the given paths name, in order, loaded one at a time (see the module doc)."""
    for path in paths:
        for entry in _walk(path):
            if isinstance(entry, InputDocument):
                yield entry
            else:
                yield from _load_file(entry)


def count_inputs(paths: Sequence[str]) -> int:
    """How many documents `iter_inputs` is about to yield, without reading any document.

    Archives are counted from their directory; an archive nested inside one counts as one
    document, so the count can fall short of the truth by the members of nested archives.
    """
    total = 0
    for path in paths:
        for entry in _walk(path):
            if isinstance(entry, InputDocument) or not entry.lower().endswith(".zip"):
                total += 1
                continue
            try:
                with zipfile.ZipFile(entry) as archive:
                    total += max(1, sum(1 for info in archive.infolist() if _member_wanted(info)))
            except (OSError, zipfile.BadZipFile, ValueError):
                total += 1
    return total


def _walk(path: str) -> Iterator[InputDocument | str]:
    """The files a given path stands for (itself, or a directory's files in sorted order), or a
    failed document when there are none."""
    name = os.path.basename(path.rstrip("/\\")) or path
    if not os.path.lexists(path):
        yield InputDocument(path, name, error=f"文件不存在 (no such file): {path}")
        return
    if not os.path.isdir(path):
        yield path
        return
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(path, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file_name in files:
            if file_name.startswith(".") or not file_name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            full = os.path.join(root, file_name)
            found.append((Path(os.path.relpath(full, path)).parts, full))
    if not found:
        yield InputDocument(path, name, error=f"目录中没有可审核的文件 (no {_WANTED} files in directory)")
    yield from (full for _parts, full in sorted(found))


def _load_file(path: str) -> Iterator[InputDocument]:
    """The document in one file, or the members of one archive."""
    name = os.path.basename(path)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        reason = f"不支持的文件类型 (unsupported file type) {suffix or '无扩展名'}：只接受 {_WANTED}"
        yield InputDocument(path, name, error=reason)
        return
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        yield InputDocument(path, name, error=f"无法读取文件 (cannot read): {one_line(exc.strerror or exc)}")
        return
    if suffix == ".zip":
        yield from _expand_archive(path, name, data, depth=0, budget=_Budget())
        return
    yield _document(path, name, data)


def _document(source: str, name: str, data: bytes) -> InputDocument:
    reason = check(data, name)
    if reason:
        return InputDocument(source, name, data=None, error=reason)
    return InputDocument(source, name, data=data)


class _Budget:
    """Bytes still allowed out of one top-level archive."""

    def __init__(self) -> None:
        self.left = ARCHIVE_TOTAL_LIMIT


def _member_wanted(info: zipfile.ZipInfo) -> bool:
    if info.is_dir():
        return False
    parts = PurePosixPath(_member_name(info)).parts
    if not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
        return False
    return parts[-1].lower().endswith(SUPPORTED_SUFFIXES)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, repaired when an archiver wrote UTF-8 or GBK without saying so."""
    name = info.filename
    if info.flag_bits & _UTF8_NAME_FLAG:
        return name
    try:
        raw = name.encode("cp437")  # how zipfile decoded a name without the UTF-8 flag
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _expand_archive(
    source: str, name: str, data: bytes, depth: int, budget: _Budget
) -> Iterator[InputDocument]:
    if not data:
        yield InputDocument(source, name, error="空文件 (empty file)")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if _member_wanted(info)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        yield InputDocument(source, name, error=f"ZIP 压缩包损坏 (bad zip): {one_line(exc)}")
        return
    with archive:
        if not members:
            reason = f"压缩包中没有可审核的文件 (no {_WANTED} files in archive)"
            yield InputDocument(source, name, error=reason)
            return
        for info in sorted(members, key=_member_name):
            member = _member_name(info)
            member_source = f"{source}!{member}"
            member_file = PurePosixPath(member).name
            data_or_reason = _read_member(archive, info, budget)
            if isinstance(data_or_reason, str):
                yield InputDocument(member_source, member_file, error=data_or_reason)
            elif member_file.lower().endswith(".zip"):
                if depth >= NESTING_LIMIT:
                    yield InputDocument(
                        member_source,
                        member_file,
                        error="压缩包嵌套过深 (nested archive too deep): 只展开一层",
                    )
                else:
                    yield from _expand_archive(member_source, member_file, data_or_reason, depth + 1, budget)
            else:
                yield _document(member_source, member_file, data_or_reason)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes | str:
    """The member's bytes, or a one-line reason. Sizes in the archive are not trusted: reads stop at
    the limit whatever the header declares."""
    if info.flag_bits & 0x1:
        return "压缩包成员已加密 (encrypted zip member)"
    limit = min(MEMBER_LIMIT, budget.left)
    if info.file_size > limit:
        return _too_large(limit)
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        return f"压缩包成员损坏 (bad zip member): {one_line(exc)}"
    if len(data) > limit:
        return _too_large(limit)
    budget.left -= len(data)
    return data


def _too_large(limit: int) -> str:
    if limit < MEMBER_LIMIT:
        return f"压缩包解压总量超过 {ARCHIVE_TOTAL_LIMIT // 2**20} MB (archive too large when unpacked)"
    return f"压缩包成员超过 {MEMBER_LIMIT // 2**20} MB (zip member too large)"
