"""What an answer looks like on screen, shared by `ask` (plain) and `chat` (styled).

The parts carry a kind, so each front end styles them its own way while both show
the same things in the same order.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # answering pulls in the store and models; `assistant --help` must stay fast
    from assistant.answering import Answer, Citation


@dataclass(frozen=True)
class Part:
    kind: str  # blank | answer | note | heading | source
    text: str


def display(source: str) -> str:
    """A source path as short as possible (relative when under the working directory), with
    its control characters escaped: text output shows paths, `--json` keeps them as they are."""
    try:
        shown = os.path.relpath(source)
    except ValueError:
        shown = source
    return escape_controls(shown)


# C0/C1 controls, bidi overrides and lone surrogates (bytes that were not UTF-8 in a name).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """`text` with what a terminal would act on written as escapes (\\n, \\x1b, \\u202e): a
    file name with a newline in it must not forge a second line of a report, nor an escape
    sequence repaint the screen. A byte that was not UTF-8 shows as \\xNN, as it was."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape of one undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def where(source: str, page: int | None) -> str:
    """A citation's page as its format calls it: "page 3", "slide 3", "row 3", "cell 3"."""
    from assistant.loading.registry import page_name

    return f"{page_name(source)} {page}" if page else ""


def source_line(c: Citation) -> str:
    at = where(c.source, c.page)
    return f'  [{c.n}] {display(c.source)} ({at + ", " if at else ""}chars {c.start}-{c.end}): "{c.quote}"'


def answer_parts(result: Answer, streamed: str | None = None) -> list[Part]:
    """The answer once, then its sources with their quotes.

    Only checked sentences are ever streamed (the answerer streams the answer after the
    check), so a streamed answer is not printed again. What the check dropped is not
    shown: it is listed under `dropped` in `--json`.
    """
    # After a stream, the blank part ends the streamed line.
    parts = [Part("answer", result.answer) if streamed is None else Part("blank", "")]
    if result.read_as:  # the question's words read as the documents' (rewording.py)
        read = ", ".join(f'"{word}" as "{held}"' for word, held in result.read_as.items())
        parts.append(Part("note", f"(Read {read}.)"))
    if result.refused:
        return parts
    parts.append(Part("blank", ""))
    parts.append(Part("heading", "Sources:"))
    parts.extend(Part("source", source_line(c)) for c in result.citations)
    return parts
