"""Page layout as the readers see it: text lines and ruled grids, in reading order.

Both readers (pdf.py for PDFs, text.py for already-extracted text) produce `Page`s of these
blocks, and tables.py recognises the standard tables from them, so a document gives the same
facts whichever form it came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.model import Location

# OCR character score below which a cell's reading is not sure (its facts should be `uncertain`).
LOW_CONFIDENCE = 0.9


@dataclass
class RawCell:
    """The text of one grid cell (or one token of a text line) and where it was printed."""

    text: str
    loc: Location
    # OCR only: the recogniser's lowest character score for the text (of its digits for a number),
    # 0…1; None for text read from a text layer. Below LOW_CONFIDENCE the reading is not sure.
    confidence: float | None = None


@dataclass
class Line:
    """A line of text outside any grid."""

    text: str
    loc: Location


@dataclass
class Grid:
    """A ruled table as found on one page. `None` marks a cell covered by a merged neighbour."""

    rows: list[list[RawCell | None]]
    loc: Location


Block = Line | Grid


@dataclass
class Page:
    """One page's blocks in reading order, with the figures the quality record needs."""

    number: int
    blocks: list[Block] = field(default_factory=list)
    chars: int = 0  # characters of text found on the page
    garbled: int = 0  # characters that look like a broken font mapping (cid:, U+FFFD, …)
    method: str = "text"  # how the text was obtained: "pdfplumber", "text", …
    images: int = 0
    # Degrees (counter-clockwise) the content was printed turned and had to be turned back to be
    # read (0, 90, 180, 270); boxes stay in points of the page as displayed.
    turn: int = 0
    # What could not be read on this page and why (the quality record lists them).
    problems: list[str] = field(default_factory=list)
    # Share of the document's OCR wall-clock time spent on this page (None: not OCRed).
    ocr_seconds: float | None = None
    # A searchable scan (an image covering the page under invisible OCR text): the invisible
    # characters with their boxes in points, to cross-check the OCR of the image against.
    invisible_text: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    # Searchable scans only: cells whose OCR reading was compared with the invisible text, and
    # those that differ, as (page, OCR text, invisible text).
    cells_compared: int = 0
    cells_differing: list[tuple[int, str, str]] = field(default_factory=list)
