"""What an answer looks like on screen, shared by `ask` (plain) and `chat` (styled).

The parts carry a kind, so each front end styles them its own way while both show
the same things in the same order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # answering pulls in the store and models; `assistant --help` must stay fast
    from assistant.answering import Answer, Citation


@dataclass(frozen=True)
class Part:
    kind: str  # blank | answer | heading | source
    text: str


def display(source: str) -> str:
    """A source path as short as possible: relative when under the working directory."""
    try:
        return os.path.relpath(source)
    except ValueError:
        return source


def source_line(c: Citation) -> str:
    where = f"page {c.page}, " if c.page else ""
    return f"  [{c.n}] {display(c.source)} ({where}chars {c.start}-{c.end}): \"{c.quote}\""


def answer_parts(result: Answer, streamed: str | None = None) -> list[Part]:
    """The answer once, then its sources with their quotes.

    Only checked sentences are ever streamed (the answerer streams the answer after the
    check), so a streamed answer is not printed again. What the check dropped is not
    shown: it is listed under `dropped` in `--json`.
    """
    # After a stream, the blank part ends the streamed line.
    parts = [Part("answer", result.answer) if streamed is None else Part("blank", "")]
    if result.refused:
        return parts
    parts.append(Part("blank", ""))
    parts.append(Part("heading", "Sources:"))
    parts.extend(Part("source", source_line(c)) for c in result.citations)
    return parts
