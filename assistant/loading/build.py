"""Assembling a Document from parts: slides, rows, cells, chapters, paragraphs.

Parts are joined by a blank line, so each part is a paragraph to the sentence splitter (a
sentence never runs from one slide's bullet into the next). Invariants: page starts and
headings point at the first character of a part, in increasing order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.loading.model import Document, SkipFile
from assistant.loading.registry import max_file_bytes
from assistant.loading.text import clean_text

SEPARATOR = "\n\n"


class TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.page_starts: list[tuple[int, int]] = []
        self.headings: list[tuple[int, str]] = []
        self._page: int | None = None  # starts with the next part that has text
        self._heading: str | None = None
        # A small file can unpack to a huge text (a zip bomb, a sheet of a million rows):
        # the same bound as for a text file's size, with room for markup that went away.
        self._limit = 5 * max_file_bytes()

    def start_page(self, number: int, heading: str | None = None) -> None:
        """What follows is page (slide, row, cell) `number`; a page without text has no entry."""
        self._page, self._heading = number, heading

    def add(self, text: str, heading: str | None = None, inner_headings: Sequence[tuple[int, str]] = ()) -> None:
        """Append a part; `inner_headings` are offsets into `text` (a chapter's own h2s)."""
        text = clean_text(text)
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if not text:
            return
        offset = self.length + (len(SEPARATOR) if self.parts else 0)
        if self._page is not None:
            self.page_starts.append((self._page, offset))
            self._page = None
        for label in (self._heading, heading):
            if label and (not self.headings or self.headings[-1] != (offset, label)):
                self.headings.append((offset, label))
        named = bool(self._heading or heading)
        self._heading = None
        for at, label in inner_headings:
            at = offset + at - lead
            # A part's own heading names its start: "Chapter Two: The Storm" over the "Night"
            # that opens it, which the chunk of those lines would otherwise be filed under.
            if offset + (1 if named else 0) <= at < offset + len(text) and (
                not self.headings or self.headings[-1][1] != label
            ):
                self.headings.append((at, label))
        self.parts.append(text)
        self.length = offset + len(text)
        if self.length > self._limit:
            raise SkipFile(f"too large once unpacked: over {self._limit / 1e6:g} million characters of text")

    def document(self, path: Path, title: str, notes: Sequence[str] = ()) -> Document:
        return Document(
            str(path),
            SEPARATOR.join(self.parts),
            title or path.stem,
            page_starts=self.page_starts,
            headings=self.headings,
            notes=list(notes),
        )
