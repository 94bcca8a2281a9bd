"""Uploaded files → the documents of a batch: size limits, ZIP checks, type sniffed from content.

What cannot be accepted at all (too big, too many) is an HTTP error (413); what is wrong with
one file or one archive member (empty, wrong type, unsafe name, nested archive, suspicious
compression ratio) becomes a refused item of the batch with its reason, and the rest goes on.
The content sniffing is the CLI's (`ingest.loader.sniff`).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from auditor.settings import Settings
from ingest.loader import SUPPORTED_SUFFIXES, _member_name, one_line, sniff
from store.batches import Upload


class UploadRejected(Exception):
    """The upload as a whole cannot be accepted (HTTP `status`, one-line reason)."""

    def __init__(self, status: int, reason: str) -> None:
        """Remember the HTTP status and reason."""
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class _Budget:
    files: int
    unpacked: int


def _unsafe_name(name: str) -> bool:
    """Traversal or absolute member names (`../x.pdf`, `/etc/x`, `C:\\x`)."""
    normal = name.replace("\\", "/")
    parts = PurePosixPath(normal).parts
    return normal.startswith("/") or ".." in parts or (len(normal) > 1 and normal[1] == ":")


def _typed(filename: str, data: bytes) -> Upload:
    """One file's bytes as an upload item: accepted PDF/text, or refused with a reason."""
    if not data:
        return Upload(filename, error="空文件（0 字节）(empty file)")
    kind = sniff(data, filename)
    if kind in ("pdf", "text"):
        return Upload(filename, data=data, media_type=kind)
    head = data[:8]
    return Upload(
        filename, error=f"不支持的文件类型：内容不是 PDF、文本或 ZIP（以 {head!r} 开头）(unsupported type)"
    )


def _count(budget: _Budget, settings: Settings) -> None:
    budget.files += 1
    if budget.files > settings.max_batch_files:
        raise UploadRejected(
            413,
            f"一个批次最多 {settings.max_batch_files} 个文件（含压缩包成员）(too many files in one batch)",
        )


def _expand_zip(filename: str, data: bytes, settings: Settings, budget: _Budget) -> list[Upload]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        return [Upload(filename, error=f"ZIP 压缩包损坏 (bad zip): {one_line(exc)}")]
    if len(infos) > settings.zip_max_members:
        raise UploadRejected(
            413,
            f"{filename}: 压缩包成员 {len(infos)} 个，超过上限 {settings.zip_max_members} (too many members)",
        )
    items: list[Upload] = []
    with archive:
        for info in infos:
            member = _member_name(info)
            parts = PurePosixPath(member.replace("\\", "/")).parts
            if parts and (parts[0] == "__MACOSX" or parts[-1].startswith(".")):
                continue
            name = f"{filename}!{member}"
            _count(budget, settings)
            if _unsafe_name(member):
                items.append(
                    Upload(name, error="压缩包成员名不安全（路径穿越或绝对路径）(unsafe member name)")
                )
                continue
            if member.lower().endswith(".zip"):
                items.append(Upload(name, error="不接受嵌套的压缩包 (nested archive)"))
                continue
            if not member.lower().endswith(SUPPORTED_SUFFIXES):
                items.append(
                    Upload(name, error="不支持的文件类型：压缩包中只接受 .pdf、.txt (unsupported member)")
                )
                continue
            if info.flag_bits & 0x1:
                items.append(Upload(name, error="压缩包成员已加密 (encrypted member)"))
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1024 * 1024 and ratio > settings.zip_max_ratio:
                items.append(
                    Upload(
                        name,
                        error=f"压缩比 {ratio:.0f} 超过上限 {settings.zip_max_ratio:g}（疑似压缩炸弹）(zip bomb?)",
                    )
                )
                continue
            limit = min(settings.max_file_bytes, settings.zip_max_unpacked_bytes - budget.unpacked)
            try:
                with archive.open(info) as fh:
                    content = fh.read(limit + 1)  # header sizes are not trusted
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                OSError,
                ValueError,
                NotImplementedError,
            ) as exc:
                items.append(Upload(name, error=f"压缩包成员损坏 (bad member): {one_line(exc)}"))
                continue
            if len(content) > limit:
                if limit < settings.max_file_bytes:
                    raise UploadRejected(
                        413,
                        f"{filename}: 解压总量超过 {settings.zip_max_unpacked_mb:g} MB (archive too large unpacked)",
                    )
                items.append(Upload(name, error=f"成员超过 {settings.max_file_mb:g} MB (member too large)"))
                continue
            if (
                len(content) > 1024 * 1024
                and len(content) / max(info.compress_size, 1) > settings.zip_max_ratio
            ):
                items.append(Upload(name, error="压缩比超过上限（疑似压缩炸弹）(zip bomb?)"))
                continue
            budget.unpacked += len(content)
            items.append(_typed(name, content))
    if not items:
        return [Upload(filename, error="压缩包中没有可审核的文件 (no .pdf/.txt in archive)")]
    return items


def expand_uploads(files: list[tuple[str, bytes]], settings: Settings) -> list[Upload]:
    """The batch's items for the uploaded (file name, bytes) pairs; UploadRejected for a 413."""
    total = sum(len(d) for _n, d in files)
    if total > settings.max_batch_bytes:
        raise UploadRejected(413, f"上传总量超过 {settings.max_batch_mb:g} MB (batch too large)")
    budget = _Budget(files=0, unpacked=0)
    items: list[Upload] = []
    for filename, data in files:
        if len(data) > settings.max_file_bytes:
            raise UploadRejected(413, f"{filename}: 文件超过 {settings.max_file_mb:g} MB (file too large)")
        if data and sniff(data, filename) == "zip":
            items.extend(_expand_zip(filename, data, settings, budget))
            continue
        _count(budget, settings)
        items.append(_typed(filename, data))
    return items
