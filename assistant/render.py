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

FALLBACK_WARNING = "⚠ The model's answer is not supported by the sources. What they say:"


@dataclass(frozen=True)
class Part:
    kind: str  # blank | warning | answer | checked | heading | source
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
    """The answer, what the check found, then the sources with their quotes.

    A streamed draft has already been shown as the model wrote it; the check runs
    after, so the checked answer follows whenever it differs from the draft.
    """
    parts: list[Part] = []
    if streamed is not None:
        parts.append(Part("blank", ""))
    if result.fallback:
        parts.append(Part("warning", FALLBACK_WARNING))
    if streamed is None or result.fallback:
        parts.append(Part("answer", result.answer))
    elif result.answer.strip() != streamed.strip():
        parts.append(Part("checked", f"Checked: {result.answer}"))
    if result.refused:
        return parts
    dropped = [c.text for c in result.claims if not c.supported]
    if dropped and not result.fallback:
        parts.append(Part("warning", "⚠ Left out, not supported by the sources: " + " | ".join(dropped)))
    parts.append(Part("blank", ""))
    parts.append(Part("heading", "Sources:"))
    parts.extend(Part("source", source_line(c)) for c in result.citations)
    return parts
