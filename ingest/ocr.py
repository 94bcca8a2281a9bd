"""Scanned pages → pages of blocks, through OCR, in the same shapes as the text-layer reader.

A page image is straightened (ingest/ocr_grid.py estimates the skew from its rules and text
lines), its ruling lines give the tables' cell grids, the rules are wiped out so that no stroke
of a rule is read as a "1" or a "|", and the text is read by RapidOCR: PP-OCR detection and
recognition models (ONNX, run by onnxruntime) that ship inside the `rapidocr` wheel, so nothing
is downloaded at run time. Each recognised text box goes to the table cell its centre falls in
(a box running across a drawn rule is cut between its characters), or else to a text line. Boxes
are mapped back to PDF points (x0, top, x1, bottom) of the unturned page, so evidence points at
the place printed.

A page scanned sideways or upside down is noticed after its first reading, at no cost for upright
pages: most text boxes standing upright means the text runs vertically (a page turned by 90° or
270°), and a few of the longest lines are recognised again turned both ways, the better score
giving the direction; lying boxes are recognised again upside down when their scores are not high
(a page turned by 180° reads as low-scoring nonsense). The page is then turned by quarter turns
(no resampling) and read again.

Searchable scans (an image under invisible OCR text, ingest/pdf.py) are read like scans; the
invisible text is a cross-check of each cell (see `check_against_invisible_text`).

The engine is imported only when a page needs it, so text-layer documents never load the model.
Pages are read by a few threads, each with its own engine; the engines are kept for the next
document.
"""

from __future__ import annotations

import os
import queue
import re
import threading
from collections.abc import Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import structlog

from ingest.errors import IngestError
from ingest.layout import Block, Grid, Line, Page, RawCell
from ingest.model import Location
from ingest.ocr_text import is_numeric, normalise

if TYPE_CHECKING:
    import numpy as np

    from ingest.ocr_grid import CellBox, TableGrid

# Recognised boxes scoring below this are noise (specks, stamps), not text.
MIN_BOX_SCORE = 0.3
# Pages read at the same time, each by its own single-threaded engine (one per core, at most 2).
OCR_WORKERS = max(1, min(2, os.cpu_count() or 1))
# Lines in the bottom part of a page made only of dashes and digits are page-number footers.
FOOTER_ZONE = 0.9
_FOOTER_TEXT = re.compile(r"^[\s\d—－\-–一_~·.]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")
# Boxes whose vertical centres differ by less than this share of their height share a line.
SAME_LINE = 0.5
# A horizontal gap wider than this share of the line height is printed as a space.
SPACE_GAP = 0.6
# Half-thickness, in inches, of the band wiped around a ruling line before recognition.
RULE_WIPE_INCHES = 0.012
# The recogniser's own models in the rapidocr wheel (PP-OCRv6 small, Chinese + English).
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
# The detector looks at a copy of the page scaled to at most this many pixels on its long side.
DET_MAX_SIDE = 1600
# Recognition: text crops per batch, and the narrowest width (pixels at height 48) a crop is padded to.
REC_BATCH = 8
REC_MIN_WIDTH = 96
# Orientation: a text box whose long side is at least this many times its short side is a line of
# text lying (or standing, on a page turned by 90°); this many of the longest are read again turned.
LINE_ASPECT = 2.0
ORIENTATION_SAMPLE = 8
# Upright lines scoring this well on average are not read again upside down.
UPRIGHT_SCORE = 0.9
# A turned reading must beat the reading as scanned by this much (mean score) to turn the page.
TURN_MARGIN = 0.1
# A cell whose OCR reading differs from the searchable scan's invisible text gets at most this
# confidence: two readings of the same print disagree, so the fact is not sure.
DISAGREEMENT_CONFIDENCE = 0.5


log = structlog.get_logger(__name__)


class OcrUnavailable(IngestError):
    """The OCR engine cannot be loaded (package or model missing)."""


@dataclass
class TextBox:
    """A recognised line of text: its text, score, pixel box and per-character boxes."""

    text: str
    score: float
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels of the image read
    chars: list[tuple[str, float, tuple[float, float, float, float]]] = field(default_factory=list)


class Recogniser(Protocol):
    """What the page reader needs from an OCR engine: text boxes of a greyscale image."""

    def read(self, image: np.ndarray) -> list[TextBox]:
        """Recognised text boxes of the image, each with its characters' boxes."""
        ...


def _span(points: Sequence[Sequence[float]]) -> tuple[float, float, float, float]:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


class RapidRecogniser:
    """RapidOCR with the models bundled in its wheel; never downloads anything."""

    def __init__(self, threads: int = 1) -> None:
        try:
            import rapidocr
        except ImportError as exc:  # the package, or one of its native libraries, is missing
            raise OcrUnavailable(f"OCR 引擎不可用（{exc}），无法识别扫描页") from exc
        models = Path(rapidocr.__file__).parent / "models"
        det, rec = models / DET_MODEL, models / REC_MODEL
        for path in (det, rec):
            if not path.exists():
                raise OcrUnavailable(f"OCR 模型文件缺失（{path.name}），无法识别扫描页")
        # the memory arena keeps buffers between runs (without it a page spends ~10 % in the kernel)
        engine = {"intra_op_num_threads": threads, "inter_op_num_threads": 1, "enable_cpu_mem_arena": True}
        params: dict[str, object] = {
            "Global.log_level": "error",
            "Global.use_cls": False,  # pages are upright once straightened; the classifier flips 6/9
            "Global.text_score": MIN_BOX_SCORE,
            "Global.max_side_len": 10_000,  # recognise from full-resolution crops
            "Global.return_word_box": True,
            "Global.return_single_char_box": True,
            "Det.model_path": str(det),
            "Det.limit_type": "max",
            "Det.limit_side_len": DET_MAX_SIDE,
            "Rec.model_path": str(rec),
            "Rec.rec_batch_num": REC_BATCH,
            # crops are padded to at least this width: the default 320 px triples the work on
            # the short cells ("0.00") that fill a table page
            "Rec.rec_img_shape": [3, 48, REC_MIN_WIDTH],
        }
        params.update({f"EngineConfig.onnxruntime.{k}": v for k, v in engine.items()})
        try:
            self._engine = rapidocr.RapidOCR(params=params)
            self._engine._load_det_model()  # load both models now: a broken one fails here, with a reason
            self._engine._load_rec_model()
        except Exception as exc:
            raise OcrUnavailable(
                f"OCR 引擎无法加载（{type(exc).__name__}: {str(exc)[:120]}），无法识别扫描页"
            ) from exc
        self._lock = threading.Lock()

    def read(self, image: np.ndarray) -> list[TextBox]:
        """Text boxes of a greyscale image, with per-character boxes and scores."""
        with self._lock:
            result = self._engine(image)
        if result.boxes is None or result.txts is None:
            return []
        words = result.word_results or ((),) * len(result.txts)
        out: list[TextBox] = []
        for points, text, score, chars in zip(result.boxes, result.txts, result.scores, words, strict=False):
            char_boxes = [(str(c), float(s), _span(b)) for c, s, b in chars if b is not None]
            out.append(TextBox(str(text), float(score), _span(points), char_boxes))
        return out

    def score_lines(self, crops: list[np.ndarray]) -> list[float]:
        """Recognition scores of greyscale line crops (the recogniser alone, no detection)."""
        import numpy as np
        from rapidocr.ch_ppocr_rec import TextRecInput

        if not crops:
            return []
        images = [np.repeat(c[:, :, None], 3, axis=2) for c in crops]
        with self._lock:
            result = self._engine.text_rec(TextRecInput(img=images, return_word_box=False))
        return [float(s) for s in result.scores]


# ---------------------------------------------------------------------------------------------
# One page image → blocks
# ---------------------------------------------------------------------------------------------


@dataclass
class _Frame:
    """How pixels of the straightened image map to PDF points of the page."""

    angle: float
    width: int
    height: int
    px_per_pt: float
    # quarter turns (np.rot90's k, counter-clockwise) applied to the scanned image before reading,
    # and the scanned image's width and height
    quarter: int = 0
    scan_width: int = 0
    scan_height: int = 0

    def to_points(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        import numpy as np

        from ingest.ocr_grid import unrotate_points

        x0, y0, x1, y1 = box
        corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)
        back = unrotate_points(corners, self.angle, self.width, self.height)
        back = unquarter_points(back, self.quarter, self.scan_width, self.scan_height) / self.px_per_pt
        return (
            round(float(back[:, 0].min()), 2),
            round(float(back[:, 1].min()), 2),
            round(float(back[:, 0].max()), 2),
            round(float(back[:, 1].max()), 2),
        )


def unquarter_points(points: np.ndarray, quarter: int, width: int, height: int) -> np.ndarray:
    """Map (x, y) points of `np.rot90(image, quarter)` back to the `width` × `height` image."""
    import numpy as np

    x, y = points[:, 0], points[:, 1]
    k = quarter % 4
    if k == 1:
        return np.stack([width - y, x], axis=1)
    if k == 2:
        return np.stack([width - x, height - y], axis=1)
    if k == 3:
        return np.stack([y, height - x], axis=1)
    return points


def _wipe_rules(gray: np.ndarray, tables: Sequence[TableGrid], dpi: float) -> np.ndarray:
    """A copy of the image with the tables' ruling lines painted white."""
    out = gray.copy()
    half = max(2, int(round(RULE_WIPE_INCHES * dpi)))
    h, w = out.shape
    for table in tables:
        for rule in table.rules:
            lo, hi = int(rule.pos) - half, int(round(rule.pos)) + half + 1
            if rule.horizontal:
                out[max(0, lo) : min(h, hi), max(0, rule.start - 1) : min(w, rule.end + 1)] = 255
            else:
                out[max(0, rule.start - 1) : min(h, rule.end + 1), max(0, lo) : min(w, hi)] = 255
    return out


def _owner_map(table: TableGrid) -> dict[tuple[int, int], CellBox]:
    owners: dict[tuple[int, int], CellBox] = {}
    for row in table.rows:
        for cell in row:
            if cell is None:
                continue
            for i in range(cell.row, cell.row + cell.row_span):
                for j in range(cell.col, cell.col + cell.col_span):
                    owners[(i, j)] = cell
    return owners


def _index(edges: Sequence[float], v: float) -> int:
    for k in range(len(edges) - 1):
        if v < edges[k + 1]:
            return k
    return len(edges) - 2


def _cell_at(table: TableGrid, owners: dict[tuple[int, int], CellBox], x: float, y: float) -> CellBox | None:
    return owners.get((_index(table.ys, y), _index(table.xs, x)))


def _centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _within(box: tuple[float, float, float, float], x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _split_by_cells(
    tb: TextBox, table: TableGrid, owners: dict[tuple[int, int], CellBox]
) -> list[tuple[CellBox, TextBox]]:
    """The box as pieces per cell: a box read across a drawn rule is cut between its characters."""
    whole = _cell_at(table, owners, *_centre(tb.box))
    if not tb.chars or whole is None:
        return [(whole, tb)] if whole is not None else []
    groups: dict[int, list[tuple[str, float, tuple[float, float, float, float]]]] = {}
    cells: dict[int, CellBox] = {}
    for ch in tb.chars:
        cell = _cell_at(table, owners, *_centre(ch[2]))
        if cell is None:
            continue
        key = id(cell)
        cells[key] = cell
        groups.setdefault(key, []).append(ch)
    if len(groups) <= 1:
        return [(whole, tb)]
    pieces: list[tuple[CellBox, TextBox]] = []
    for key, chars in groups.items():
        box = (
            min(c[2][0] for c in chars),
            min(c[2][1] for c in chars),
            max(c[2][2] for c in chars),
            max(c[2][3] for c in chars),
        )
        text = "".join(c[0] for c in chars)
        pieces.append((cells[key], TextBox(text, min(c[1] for c in chars), box, chars)))
    return pieces


def _text_lines(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Boxes grouped into lines (top to bottom), each line left to right."""
    lines: list[list[TextBox]] = []
    for tb in sorted(boxes, key=lambda b: (_centre(b.box)[1], b.box[0])):
        cy = _centre(tb.box)[1]
        h = tb.box[3] - tb.box[1]
        best: list[TextBox] | None = None
        for line in lines[-3:]:
            top = min(b.box[1] for b in line)
            bottom = max(b.box[3] for b in line)
            if abs(cy - (top + bottom) / 2) <= SAME_LINE * max(min(h, bottom - top), 1.0):
                best = line
        if best is not None:
            best.append(tb)
        else:
            lines.append([tb])
    for line in lines:
        line.sort(key=lambda b: b.box[0])
    lines.sort(key=lambda ln: min(b.box[1] for b in ln))
    return lines


def _join(line: list[TextBox]) -> str:
    """A line's boxes as text: spaces inside a box are OCR's, a wide gap between boxes is the page's."""
    height = max(b.box[3] - b.box[1] for b in line)
    words: list[str] = []
    prev: TextBox | None = None
    for tb in line:
        text = normalise(tb.text)
        if prev is not None and words and tb.box[0] - prev.box[2] <= SPACE_GAP * height:
            words[-1] = normalise(words[-1] + text)  # one word cut in two boxes
        else:
            words.append(text)
        prev = tb
    return " ".join(w for w in words if w)


def _confidence(boxes: list[TextBox]) -> float | None:
    """Lowest character score of the cell's text (of its digits, when it reads as a number)."""
    scores: list[float] = []
    for tb in boxes:
        digits = [s for c, s, _ in tb.chars if c.isdigit()] if is_numeric(tb.text) else []
        scores.extend(digits or [s for _, s, _ in tb.chars] or [tb.score])
    return round(min(scores), 4) if scores else None


def _grid_block(table: TableGrid, boxes: list[tuple[CellBox, TextBox]], frame: _Frame, number: int) -> Grid:
    by_cell: dict[int, list[TextBox]] = {}
    for cell, tb in boxes:
        by_cell.setdefault(id(cell), []).append(tb)
    rows: list[list[RawCell | None]] = []
    for row in table.rows:
        out: list[RawCell | None] = []
        for cell in row:
            if cell is None:
                out.append(None)
                continue
            inside = by_cell.get(id(cell), [])
            text = "\n".join(_join(line) for line in _text_lines(inside))
            loc = Location(page=number, bbox=frame.to_points(cell.bbox))
            out.append(RawCell(text, loc, confidence=_confidence(inside)))
        rows.append(out)
    return Grid(rows=rows, loc=Location(page=number, bbox=frame.to_points(table.bbox)))


def _read_straight(
    gray: np.ndarray,
    dpi: float,
    number: int,
    px_per_pt: float,
    engine: Recogniser,
    quarter: int,
    scan: tuple[int, int],
) -> tuple[Page, np.ndarray, list[TextBox]]:
    """Read an image taken as upright: the page, the straightened image and its text boxes."""
    angle, straight, tables = image_tables(gray, dpi)
    wiped = _wipe_rules(straight, tables, dpi)
    boxes = [b for b in engine.read(wiped) if b.text.strip() and b.score >= MIN_BOX_SCORE]
    frame = _Frame(angle, straight.shape[1], straight.shape[0], px_per_pt, quarter, scan[0], scan[1])

    owners = [_owner_map(t) for t in tables]
    in_table: list[list[tuple[CellBox, TextBox]]] = [[] for _ in tables]
    loose: list[TextBox] = []
    for tb in boxes:
        cx, cy = _centre(tb.box)
        k = next((k for k, t in enumerate(tables) if _within(t.bbox, cx, cy)), None)
        if k is None:
            loose.append(tb)
            continue
        in_table[k].extend(_split_by_cells(tb, tables[k], owners[k]))

    placed: list[tuple[float, Block]] = []
    for k, table in enumerate(tables):
        grid = _grid_block(table, in_table[k], frame, number)
        placed.append((table.bbox[1], grid))
    height = straight.shape[0]
    for line in _text_lines(loose):
        text = _join(line)
        top = min(b.box[1] for b in line)
        if not text or (top > height * FOOTER_ZONE and _FOOTER_TEXT.match(text)):
            continue
        box = (min(b.box[0] for b in line), top, max(b.box[2] for b in line), max(b.box[3] for b in line))
        placed.append((top, Line(text, Location(page=number, bbox=frame.to_points(box)))))
    placed.sort(key=lambda item: item[0])
    chars = sum(len(b.text) for b in boxes)
    page = Page(number=number, blocks=[b for _, b in placed], chars=chars, method="ocr", images=1)
    return page, wiped, boxes


def _crops(image: np.ndarray, boxes: list[TextBox]) -> list[np.ndarray]:
    h, w = image.shape
    out = []
    for b in boxes:
        x0, y0, x1, y1 = (int(round(v)) for v in b.box)
        crop = image[max(0, y0) : min(h, y1), max(0, x0) : min(w, x1)]
        if crop.size:
            out.append(crop)
    return out


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def page_quarter(image: np.ndarray, boxes: list[TextBox], engine: Recogniser) -> int:
    """Quarter turns (np.rot90's k) that make a page read as `boxes` upright: 0 for an upright page.

    Standing boxes outnumbering lying ones (by length) mean vertical text: the longest are read
    turned a quarter either way and the better mean score wins. Otherwise, unless the lines already
    score well, the longest are read upside down too, and the page is turned when that reads better.
    """
    import numpy as np

    lying = [b for b in boxes if b.box[2] - b.box[0] >= LINE_ASPECT * (b.box[3] - b.box[1])]
    standing = [b for b in boxes if b.box[3] - b.box[1] >= LINE_ASPECT * (b.box[2] - b.box[0])]
    lying_len = sum(b.box[2] - b.box[0] for b in lying)
    standing_len = sum(b.box[3] - b.box[1] for b in standing)
    if standing_len > lying_len:
        sample = sorted(standing, key=lambda b: b.box[1] - b.box[3])[:ORIENTATION_SAMPLE]
        crops = _crops(image, sample)
        left = _mean(engine.score_lines([np.ascontiguousarray(np.rot90(c, 1)) for c in crops]))
        right = _mean(engine.score_lines([np.ascontiguousarray(np.rot90(c, 3)) for c in crops]))
        return 1 if left >= right else 3
    sample = sorted(lying, key=lambda b: b.box[0] - b.box[2])[:ORIENTATION_SAMPLE]
    if not sample or _mean([b.score for b in sample]) >= UPRIGHT_SCORE:
        return 0
    crops = _crops(image, sample)
    upright = _mean(engine.score_lines(crops))
    flipped = _mean(engine.score_lines([np.ascontiguousarray(np.rot90(c, 2)) for c in crops]))
    return 2 if flipped > upright + TURN_MARGIN else 0


# Degrees (counter-clockwise) the content was printed turned, for np.rot90's k that turns it back.
_TURN_OF_QUARTER = {0: 0, 1: 270, 2: 180, 3: 90}


def read_image(gray: np.ndarray, dpi: float, number: int, px_per_pt: float, engine: Recogniser) -> Page:
    """One page image (greyscale, at `dpi`, `px_per_pt` pixels per PDF point) → a Page of blocks.

    A page scanned sideways or upside down is read again turned upright (`page_quarter`); its
    boxes are still given in points of the page as scanned.
    """
    import numpy as np

    scan = (gray.shape[1], gray.shape[0])
    page, wiped, boxes = _read_straight(gray, dpi, number, px_per_pt, engine, 0, scan)
    quarter = page_quarter(wiped, boxes, engine)
    if not quarter:
        return page
    turned = np.ascontiguousarray(np.rot90(gray, quarter))
    page, _, _ = _read_straight(turned, dpi, number, px_per_pt, engine, quarter, scan)
    page.turn = _TURN_OF_QUARTER[quarter]
    log.info("ingest.ocr_turned_page", page=number, turn=page.turn)
    return page


# ---------------------------------------------------------------------------------------------
# Pages of a PDF, spread over worker threads
# ---------------------------------------------------------------------------------------------

_ENGINES: queue.Queue[Recogniser] = queue.Queue()
_ENGINES_MADE = 0
_ENGINES_LOCK = threading.Lock()


def _borrow_engine() -> Recogniser:
    """An idle engine, or a new one while fewer than OCR_WORKERS exist (each runs one page at a time)."""
    global _ENGINES_MADE
    with _ENGINES_LOCK:
        if _ENGINES.empty() and _ENGINES_MADE < OCR_WORKERS:
            _ENGINES_MADE += 1
            try:
                return RapidRecogniser(threads=1)
            except Exception:
                _ENGINES_MADE -= 1
                raise
    return _ENGINES.get()


def _read_job(gray: np.ndarray, dpi: float, number: int, px_per_pt: float) -> Page:
    engine = _borrow_engine()
    try:
        return read_image(gray, dpi, number, px_per_pt, engine)
    finally:
        _ENGINES.put(engine)


def image_tables(gray: np.ndarray, dpi: float) -> tuple[float, np.ndarray, list[TableGrid]]:
    """The skew of a page image, the straightened image and the ruled tables on it (no OCR)."""
    from ingest.ocr_grid import estimate_skew, find_rules, find_tables, rotate

    angle = estimate_skew(gray)
    straight = rotate(gray, angle)
    horizontal, vertical, _ = find_rules(straight, dpi)
    return angle, straight, find_tables(horizontal, vertical, dpi)


def read_pages(data: bytes, numbers: Sequence[int], tables_only: Collection[int] = ()) -> dict[int, Page]:
    """OCR the given pages (1-based) of a PDF. Raises OcrUnavailable when the engine cannot load.

    Pages in `tables_only` are OCRed only when their image shows a ruled table (searchable scans:
    their invisible text reads the rest as well); the others are left out of the answer.

    Pages are rendered here one after the other (pdfium is not thread-safe) and read by up to
    OCR_WORKERS threads, each with its own single-threaded engine: onnxruntime releases the GIL
    while it runs, which is nearly all of the time a page takes.
    """
    from ingest.pdfium import native_dpi, open_pdf, render_gray

    if not numbers:
        return {}
    _ENGINES.put(_borrow_engine())  # load (or fail) before rendering anything
    pdf = open_pdf(data)
    futures: dict[int, Future[Page]] = {}
    with ThreadPoolExecutor(max_workers=min(OCR_WORKERS, len(numbers)), thread_name_prefix="ocr") as pool:
        try:
            for number in numbers:
                page = pdf[number - 1]
                try:
                    dpi = native_dpi(page)
                    gray = render_gray(page, dpi)
                finally:
                    page.close()
                if number in tables_only and not image_tables(gray, dpi)[2]:
                    continue
                futures[number] = pool.submit(_read_job, gray, dpi, number, dpi / 72)
        finally:
            pdf.close()
        read: dict[int, Page] = {}
        for number, future in futures.items():
            try:
                read[number] = future.result()
            except OcrUnavailable:
                raise
            except Exception as exc:  # an engine failure on one page fails the document, with a reason
                raise IngestError(
                    f"OCR 识别第 {number} 页时出错：{type(exc).__name__}: {str(exc)[:120]}"
                ) from exc
        return read


# ---------------------------------------------------------------------------------------------
# Searchable scans: the OCR of the image against the invisible text over it
# ---------------------------------------------------------------------------------------------

InvisibleChars = list[tuple[str, tuple[float, float, float, float]]]


def invisible_text_in(chars: InvisibleChars, bbox: tuple[float, float, float, float]) -> str:
    """The invisible characters whose centre lies in `bbox` (points), as lines top to bottom."""
    inside = [
        (t, b)
        for t, b in chars
        if bbox[0] <= (b[0] + b[2]) / 2 <= bbox[2] and bbox[1] <= (b[1] + b[3]) / 2 <= bbox[3]
    ]
    inside.sort(key=lambda c: ((c[1][1] + c[1][3]) / 2, c[1][0]))
    lines: list[list[tuple[str, tuple[float, float, float, float]]]] = []
    for ch in inside:
        cy, h = (ch[1][1] + ch[1][3]) / 2, ch[1][3] - ch[1][1]
        if lines:
            last = lines[-1]
            top, bottom = min(b[1] for _, b in last), max(b[3] for _, b in last)
            if abs(cy - (top + bottom) / 2) <= SAME_LINE * max(min(h, bottom - top), 1.0):
                last.append(ch)
                continue
        lines.append([ch])
    return "\n".join("".join(t for t, _ in sorted(line, key=lambda c: c[1][0])) for line in lines)


def _canonical(text: str) -> str:
    return re.sub(r"\s+", "", "".join(normalise(line) for line in text.split("\n")))


def check_against_invisible_text(page: Page, chars: InvisibleChars) -> None:
    """Cross-check each grid cell the OCR read on a searchable scan with the invisible text there.

    The OCR of the image is what the page keeps: it reads the very pixels printed, with a score per
    character that marks doubtful cells, by the engine whose readings the corpus scans check. The
    invisible text was made by an unknown tool, often from a coarser image, and comes without
    scores. Where the two agree (after the same clean-up), the cell stands; where they differ, the
    OCR reading is kept but its confidence is lowered to DISAGREEMENT_CONFIDENCE, so that its facts
    are `uncertain`, and the pair is recorded on the page for the quality record.
    """
    for block in page.blocks:
        if not isinstance(block, Grid):
            continue
        for row in block.rows:
            for k, cell in enumerate(row):
                if cell is None or cell.loc.bbox is None:
                    continue
                layer = invisible_text_in(chars, cell.loc.bbox)
                if not cell.text.strip() and not layer.strip():
                    continue
                page.cells_compared += 1
                if _canonical(cell.text) == _canonical(layer):
                    continue
                page.cells_differing.append((page.number, cell.text, layer))
                confidence = DISAGREEMENT_CONFIDENCE
                if cell.confidence is not None:
                    confidence = min(cell.confidence, confidence)
                row[k] = RawCell(cell.text, cell.loc, confidence)


def read_image_grids(data: bytes, text_pages: Sequence[Page]) -> dict[int, Page]:
    """Searchable scans without an OCR engine: the tables' grids from the image, filled with the
    invisible text (what the scan's own OCR tool read; no scores), the text-layer lines outside
    them kept. Pages whose image shows no ruled table are left out of the answer."""
    from ingest.pdfium import native_dpi, open_pdf, render_gray

    pdf = open_pdf(data)
    read: dict[int, Page] = {}
    try:
        for text_page in text_pages:
            page = pdf[text_page.number - 1]
            try:
                dpi = native_dpi(page)
                gray = render_gray(page, dpi)
            finally:
                page.close()
            angle, straight, tables = image_tables(gray, dpi)
            if not tables:
                continue
            frame = _Frame(
                angle, straight.shape[1], straight.shape[0], dpi / 72, 0, gray.shape[1], gray.shape[0]
            )
            placed: list[tuple[float, Block]] = []
            boxes = []
            for table in tables:
                rows: list[list[RawCell | None]] = []
                for row in table.rows:
                    out: list[RawCell | None] = []
                    for cell in row:
                        if cell is None:
                            out.append(None)
                            continue
                        bbox = frame.to_points(cell.bbox)
                        out.append(
                            RawCell(
                                invisible_text_in(text_page.invisible_text, bbox),
                                Location(text_page.number, bbox),
                            )
                        )
                    rows.append(out)
                bbox = frame.to_points(table.bbox)
                boxes.append(bbox)
                placed.append((bbox[1], Grid(rows=rows, loc=Location(text_page.number, bbox))))
            for line in text_page.blocks:
                if not isinstance(line, Line) or line.loc.bbox is None:
                    continue
                x0, top, x1, bottom = line.loc.bbox
                cx, cy = (x0 + x1) / 2, (top + bottom) / 2
                if not any(_within(b, cx, cy) for b in boxes):
                    placed.append((top, line))
            placed.sort(key=lambda item: item[0])
            read[text_page.number] = Page(
                number=text_page.number,
                blocks=[b for _, b in placed],
                chars=text_page.chars,
                garbled=text_page.garbled,
                method="image_grid",
                images=text_page.images,
            )
    finally:
        pdf.close()
    return read
