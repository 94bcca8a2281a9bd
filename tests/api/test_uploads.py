"""The upload checks on their own (no server): ZIP members whose header lies about their size."""

from __future__ import annotations

import io
import struct
import zipfile

from api.uploads import expand_uploads
from auditor.settings import Settings


def _lying_zip(real_size: int, claimed_size: int) -> bytes:
    """A ZIP of one highly compressible member whose headers claim `claimed_size` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.txt", b"0" * real_size)
    data = bytearray(buffer.getvalue())
    claimed = struct.pack("<I", claimed_size)
    local = data.find(b"PK\x03\x04")
    data[local + 22 : local + 26] = claimed  # uncompressed size in the local header
    central = data.find(b"PK\x01\x02")
    data[central + 24 : central + 28] = claimed  # and in the central directory
    return bytes(data)


def test_a_bomb_whose_header_claims_a_small_size_is_refused_not_unpacked() -> None:
    items = expand_uploads([("b.zip", _lying_zip(50 * 1024 * 1024, 1000))], Settings())
    assert [(i.filename, i.data) for i in items] == [("b.zip!report.txt", None)]
    assert "压缩包成员损坏" in (items[0].error or "")


def test_a_bomb_whose_header_claims_a_big_size_is_refused_by_its_ratio() -> None:
    items = expand_uploads([("b.zip", _lying_zip(20 * 1024 * 1024, 90 * 1024 * 1024))], Settings())
    assert items[0].data is None and "压缩比" in (items[0].error or "")
