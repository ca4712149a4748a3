"""Chunking: whole sentences packed into windows the embedder can take.

Invariants: a chunk's text is `doc.text[start:end]`; a chunk never spans two entries of
`doc.page_starts` (so a quote's page, slide or row is its chunk's); ids depend only on the
source, the offset and the text, so an unchanged file gets the same ids again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from assistant.loading.model import Chunk, Document
from assistant.text.sentences import sentence_lines, split_sentences

TokenCounter = Callable[[list[str]], list[int]]


def chunk_document(doc: Document, count_tokens: TokenCounter, max_tokens: int = 200, overlap: int = 1) -> list[Chunk]:
    """Pack whole sentences into chunks of at most `max_tokens`, repeating `overlap`
    sentences at the start of the next chunk so that no fact is cut off from its context.
    A chunk never spans two pages, so a quote's page is its chunk's page."""
    spans, sizes = _bounded_spans(doc.text, split_sentences(doc.text), count_tokens, max_tokens)
    if not spans:
        return []
    # Compared by entry, not by number: two sheets both have a row 2.
    pages = [doc.page_index_at(start) for start, _ in spans]
    groups: list[tuple[int, int]] = []  # [first, last] sentence indexes
    first = 0
    while first < len(spans):
        last, total = first, sizes[first]
        while last + 1 < len(spans) and total + sizes[last + 1] <= max_tokens and pages[last + 1] == pages[first]:
            last += 1
            total += sizes[last]
        groups.append((first, last))
        if last + 1 >= len(spans):
            break
        first = max(last + 1 - overlap, first + 1) if pages[last + 1] == pages[last] else last + 1
    chunks: list[Chunk] = []
    for index, (a, b) in enumerate(groups):
        start, end = spans[a][0], spans[b][1]
        text = doc.text[start:end]
        chunk_id = hashlib.sha256(f"{doc.source}\0{start}\0{text}".encode()).hexdigest()[:32]
        chunks.append(
            Chunk(chunk_id, doc.source, index, text, start, end, doc.page_at(start), doc.title, doc.heading_at(start))
        )
    return chunks


def _bounded_spans(
    text: str, spans: list[tuple[int, int]], count_tokens: TokenCounter, max_tokens: int
) -> tuple[list[tuple[int, int]], list[int]]:
    """Split any sentence longer than the window: at its lines when it has them (`_by_lines`),
    else at word boundaries; the spans and their sizes in word pieces."""
    out: list[tuple[int, int]] = []
    out_sizes: list[int] = []
    for (start, end), size in zip(spans, count_tokens([text[s:e] for s, e in spans])):
        if size <= max_tokens:
            out.append((start, end))
            out_sizes.append(size)
            continue
        lines = _by_lines(text, start, end, count_tokens, max_tokens)
        if lines:
            out.extend(lines)
            out_sizes.extend(count_tokens([text[s:e] for s, e in lines]))
            continue
        pieces: list[tuple[int, int]] = []
        words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        # Word pieces per word vary; halve the step until a piece fits.
        step = max(1, int(len(words) * max_tokens / size * 0.9))
        i = 0
        while i < len(words):
            j = min(len(words), i + step)
            while j - i > 1 and count_tokens([text[words[i][0] : words[j - 1][1]]])[0] > max_tokens:
                j = i + max(1, (j - i) // 2)
            pieces.append((words[i][0], words[j - 1][1]))
            i = j
        out.extend(pieces)
        out_sizes.extend(count_tokens([text[s:e] for s, e in pieces]))
    return out, out_sizes


def _by_lines(
    text: str, start: int, end: int, count_tokens: TokenCounter, max_tokens: int
) -> list[tuple[int, int]] | None:
    """An over-long sentence that is a plain-text table or another run of lines ("sentence"
    to the splitter, as lines ending without a full stop are), in pieces of whole lines that
    fit the window: each from a line's start to the next piece's, so that the pieces are the
    text without a gap (neighbouring chunks splice back into the table, `merge_overlapping`)
    and no row is cut. None when it has no lines to split at, or one line too long alone."""
    # Cut only where a row (`sentence_lines`) starts: a row's wrapped lines stay together.
    lines = sentence_lines(text, [(start, end)])[1:]
    cuts = sorted(c for c in {text.rfind("\n", start, s) + 1 for s, _ in lines} if start < c < end)
    if not cuts:
        return None
    units = list(zip([start, *cuts], [*cuts, end]))
    sizes = count_tokens([text[s:e] for s, e in units])
    if max(sizes) > max_tokens:
        return None
    pieces: list[tuple[int, int]] = []
    total = 0
    for (s, e), size in zip(units, sizes):
        if pieces and total + size <= max_tokens:
            pieces[-1] = (pieces[-1][0], e)
            total += size
        else:
            pieces.append((s, e))
            total = size
    return pieces
