"""A quote's neighbours in its passage: the sentences around it, its paragraph.

Used to grow a quote into one that stands alone (evidence.with_context) and to read what a
quote leaves unsaid (yesno: a name said in the sentence before). Spans are absolute character
offsets in the source document, as Evidence's are.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answering.result import Evidence
from assistant.text import sentence_lines

if TYPE_CHECKING:
    from assistant.retrieval import Passage

BLANK_LINE = re.compile(r"\n[ \t]*\n")  # parts paragraphs


def sentence_spans(passage: Passage) -> list[tuple[int, int]]:
    """Absolute sentence spans of a passage."""
    return [(passage.start + s, passage.start + e) for s, e in sentence_lines(passage.text)]


def span_text(passage: Passage, start: int, end: int) -> str:
    return passage.text[start - passage.start : end - passage.start]


def grow(ev: Evidence, start: int, end: int) -> Evidence:
    """The evidence stretched to [start, end) of its passage: one contiguous quote."""
    return replace(ev, start=start, end=end, text=span_text(ev.passage, start, end), shown="")


def neighbour(ev: Evidence, after: bool) -> tuple[int, int] | None:
    """The absolute span of the sentence after (or before) the evidence in its passage, or None."""
    spans = sentence_spans(ev.passage)
    if after:
        return next(((s, e) for s, e in spans if s >= ev.end), None)
    before = [(s, e) for s, e in spans if e <= ev.start]
    return before[-1] if before else None


def paragraph_span(ev: Evidence) -> tuple[int, int]:
    """The absolute span of the paragraph a sentence stands in, as far as its passage holds
    it (blank lines part paragraphs)."""
    text, at, end = ev.passage.text, ev.start - ev.passage.start, ev.end - ev.passage.start
    breaks = [m.end() for m in BLANK_LINE.finditer(text, 0, max(0, at))]
    after = BLANK_LINE.search(text, end)
    base = ev.passage.start
    return base + (breaks[-1] if breaks else 0), base + (after.start() if after else len(text))


def paragraph_ends_in_passage(ev: Evidence) -> bool:
    """Does the evidence's paragraph end within its passage? Else it may go on in the next
    chunk, which only the whole document holds."""
    return paragraph_span(ev)[1] < ev.passage.start + len(ev.passage.text)


def paragraph_of(ev: Evidence) -> str:
    """The paragraph a sentence stands in: what a sentence is about is often named earlier
    in its paragraph."""
    return span_text(ev.passage, *paragraph_span(ev))


# A label that names what the sentence after it says ("Year 5 residential:", "Cost:"): part of
# that sentence, not one of its own, so it spends none of a quote's budget of sentences.
_LABEL = re.compile(r"^\W*(?:\S+\s+){0,3}\S+[:：]\W*$")


def sentence_count(ev: Evidence) -> int:
    return max(1, sum(1 for s, e in sentence_lines(ev.text) if not _LABEL.match(ev.text[s:e])))


def sentence_before(ev: Evidence) -> str:
    """The sentence before the evidence in its passage, or "" when the evidence opens it."""
    span = neighbour(ev, after=False)
    return span_text(ev.passage, *span) if span else ""


# A list item: "- Clean the filter.", "* Comfort — ...", "2. Enter the return date."
# A bullet, a number ("1." "2)"), a letter or a roman numeral in brackets ("a)", "(b)", "(iv)").
LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d{1,3}[.)]|\(?[a-z]\)|\((?:\d{1,3}|[ivx]{1,5})\)|[ivx]{2,5}\))\s")
_ENDS = re.compile(r"[.!?][\"'”’)\]]*\s*$")  # a sentence's end: a title has none, or a colon


def list_title(ev: Evidence) -> str:
    """The line a list item's list stands under: the heading or the line ending in a colon
    above its first item ("### Not included in this price" above "- Kitchen units ..."); ""
    for a sentence that is no list item, or a list with no line above it in the passage."""
    if not LIST_ITEM.match(ev.text):
        return ""
    text, base = ev.passage.text, ev.passage.start
    for s, e in reversed([(s, e) for s, e in sentence_spans(ev.passage) if e <= ev.start]):
        line = span_text(ev.passage, s, e)
        if LIST_ITEM.match(line) or (s > base and text[s - base - 1] != "\n"):
            continue  # an earlier item, or a sentence going on within one
        titled = line.lstrip().startswith("#") or line.rstrip(" *").endswith(":") or not _ENDS.search(line)
        return line if titled else ""
    return ""
