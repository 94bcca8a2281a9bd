"""Page images of a PDF for the 文档 page: rendered with pypdfium2, cached on disk by content hash.

Evidence boxes are in PDF points (x0, top, x1, bottom from the page's top-left), so the page
sizes in points are cached beside the images and the boxes are drawn in an SVG whose viewBox is
the page: the picture and the boxes scale together.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from platformdirs import user_cache_path

#: Scale of a rendered page (1.0 = 72 dpi); 1.5 keeps small table figures readable.
RENDER_SCALE = 1.5
#: Pages rendered at most per document (a longer document shows its first pages only).
MAX_PAGES = 200

_lock = threading.Lock()  # pdfium is not thread-safe


def cache_dir(database_url: str | None) -> Path:
    """Where page images go: beside a SQLite file, else the user cache directory (the system's
    temporary directory when that cannot be written, e.g. a service user without a home)."""
    if database_url and database_url.startswith("sqlite:///") and ":memory:" not in database_url:
        return Path(database_url.removeprefix("sqlite:///")).parent / "page-images"
    for root in (user_cache_path("auditor"), Path(tempfile.gettempdir()) / "auditor"):
        try:
            (root / "page-images").mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(root / "page-images", os.W_OK):
            return root / "page-images"
    raise OSError("no writable directory for page images")


def page_sizes(root: Path, content_hash: str, pdf: Callable[[], bytes]) -> list[tuple[float, float]]:
    """(width, height) in points of every page (at most MAX_PAGES), cached; `pdf` gives the
    bytes when they are needed (not once the sizes are cached)."""
    folder = root / content_hash
    index = folder / "pages.json"
    if index.exists():
        return [tuple(size) for size in json.loads(index.read_text())]  # type: ignore[misc]
    with _lock:
        document = pdfium.PdfDocument(pdf())
        try:
            sizes = [document[i].get_size() for i in range(min(len(document), MAX_PAGES))]
        finally:
            document.close()
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomic(index, json.dumps([[round(w, 2), round(h, 2)] for w, h in sizes]).encode())
    return [(round(w, 2), round(h, 2)) for w, h in sizes]


def page_png(root: Path, content_hash: str, pdf: Callable[[], bytes], page: int) -> Path | None:
    """The cached PNG of page `page` (1-based), rendered on first use (`pdf` gives the bytes
    then); None past the last page."""
    if page < 1 or page > MAX_PAGES:
        return None
    path = root / content_hash / f"page-{page}.png"
    if path.exists():
        return path
    with _lock:
        if path.exists():
            return path
        document = pdfium.PdfDocument(pdf())
        try:
            if page > len(document):
                return None
            bitmap = document[page - 1].render(scale=RENDER_SCALE)
            image = bitmap.to_pil()
        finally:
            document.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        image.save(tmp, format="PNG", optimize=True)
        tmp.replace(path)
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
