"""Errors ingest/ raises for input it cannot read. Each carries a one-line reason for the inspector."""

from __future__ import annotations


class IngestError(Exception):
    """A document that cannot be read: corrupt, encrypted, empty, image-only, not a disclosure…"""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason.replace("\n", " ").strip()
