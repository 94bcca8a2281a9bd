"""Page images for the 文档 page: rendered by pypdfium2 once, then served from the disk cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from dashboard.images import RENDER_SCALE, cache_dir, page_png, page_sizes


def _never() -> bytes:
    raise AssertionError("the cache should have answered without the PDF")


def test_pages_render_once_then_come_from_the_cache(
    tmp_path: Path, generated_samples: dict[str, Path]
) -> None:
    pdf = generated_samples["defective"].read_bytes()
    sizes = page_sizes(tmp_path, "abc", lambda: pdf)
    assert len(sizes) == 14 and set(sizes) == {
        (595.28, 841.89),
        (841.89, 595.28),
    }  # A4 portrait and landscape
    assert page_sizes(tmp_path, "abc", _never) == sizes
    first = page_png(tmp_path, "abc", lambda: pdf, 1)
    assert first is not None and first.read_bytes().startswith(b"\x89PNG")
    with Image.open(first) as image:
        assert image.width == pytest.approx(sizes[0][0] * RENDER_SCALE, abs=2)
        assert image.height == pytest.approx(sizes[0][1] * RENDER_SCALE, abs=2)
    assert page_png(tmp_path, "abc", _never, 1) == first
    assert page_png(tmp_path, "abc", lambda: pdf, 15) is None
    assert page_png(tmp_path, "abc", _never, 0) is None


def test_cache_sits_beside_a_sqlite_file(tmp_path: Path) -> None:
    assert cache_dir(f"sqlite:///{tmp_path}/a.sqlite3") == tmp_path / "page-images"
    other = cache_dir("postgresql+psycopg://u@h/db")
    assert other.name == "page-images" and other.is_dir()
