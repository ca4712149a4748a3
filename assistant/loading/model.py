"""What reading produces: a Document (its text, pages, headings) and its Chunks.

Invariants: `page_starts` and `headings` are sorted by offset, and every offset points into
`text`; a chunk's `text` is exactly `doc.text[start:end]`, so a citation quotes real words.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


class SkipFile(Exception):
    """A file that cannot be ingested; the message is the one-line reason."""


@dataclass
class Document:
    source: str  # absolute path
    text: str
    title: str
    # (page, offset). A "page" is whatever a reader cites by: a PDF page, a slide, a
    # spreadsheet row, a notebook cell. Numbers may repeat (row 2 of each sheet); the
    # offsets may not.
    page_starts: list[tuple[int, int]] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)  # (offset, heading)
    # What the ingest report says about this file although it was read: the encoding
    # assumed, parts left unread for want of an optional extra.
    notes: list[str] = field(default_factory=list)
    # The extra whose absence left part of the file unread ("ocr"), or None: such a file is
    # read again once the extra is installed (ingest.make_plan).
    needs_extra: str | None = None

    def page_at(self, offset: int) -> int | None:
        index = self.page_index_at(offset)
        return None if index is None else self.page_starts[index][0]

    def page_index_at(self, offset: int) -> int | None:
        """Which entry of `page_starts` holds `offset` (None before the first). A binary
        search: a spreadsheet has a "page" per row, and the chunker asks once per sentence."""
        index = bisect_right(self.page_starts, offset, key=lambda p: p[1]) - 1
        return index if index >= 0 else None

    def heading_at(self, offset: int) -> str | None:
        index = bisect_right(self.headings, offset, key=lambda h: h[0]) - 1
        return self.headings[index][1] if index >= 0 else None


@dataclass
class Chunk:
    id: str
    source: str
    index: int
    text: str
    start: int
    end: int
    page: int | None
    title: str
    heading: str | None
