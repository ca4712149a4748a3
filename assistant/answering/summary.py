"""Extractive summaries: the sentences of a document (or of every passage about a topic)
that best stand for the whole, within a word budget, in reading order.

Centrality is a sentence's TF-IDF cosine with the text's centroid (what the text keeps
talking about), plus a little weight for coming early (reports and articles lead with
their point). Each further pick is penalised by its overlap with the picks before it
(maximal marginal relevance), so the summary covers several points, not one point
several times. No model is involved: the summary of a 20-page PDF takes well under a
second, and every sentence is a quote.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Callable

from assistant.answering.evidence import PRONOUN_SUBJECT
from assistant.answering.result import Evidence
from assistant.retrieval import Passage
from assistant.answering.tuning import LEAD_WEIGHT, REDUNDANCY, SUMMARY_MIN_WORDS
from assistant.text import sentence_lines, terms

LENGTH_WORDS = {"short": 60, "medium": 120, "long": 250}  # --length budgets
# A whole document's summary opens with its first sentence: articles and reports lead with
# their point (the "lead" baseline is hard to beat on news summarisation).

def sentences_of(passages: list[Passage]) -> list[Evidence]:
    """Every sentence of the passages once, in document order. Chunks of different pages
    are not merged into one passage, so the sentence they share is kept from the first."""
    out: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    for passage in sorted(passages, key=lambda p: (p.source, p.start)):
        for s, e in sentence_lines(passage.text):
            key = (passage.source, passage.start + s)
            if key not in seen:
                seen.add(key)
                out.append(Evidence(passage, passage.start + s, passage.start + e, passage.text[s:e], 0.0, 0.0))
    return out


def _vector(text: str, idf: Callable[[str], float]) -> dict[str, float]:
    counts = Counter(terms(text))
    return {t: (1 + math.log(c)) * idf(t) for t, c in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def summarize(sentences: list[Evidence], budget_words: int, idf: Callable[[str], float],
              relevance: bool = False) -> list[Evidence]:
    """The summary's sentences, in document order. With `relevance`, the sentences come
    ranked for a topic and their evidence score counts beside their centrality."""
    candidates = [s for s in sentences if len(s.text.split()) >= SUMMARY_MIN_WORDS]
    if not candidates:
        return []
    top = max(s.score for s in candidates) if relevance else 0.0
    vectors = [_vector(s.text, idf) for s in candidates]
    centroid: dict[str, float] = {}
    for vector in vectors:
        for t, v in vector.items():
            centroid[t] = centroid.get(t, 0.0) + v
    n = len(candidates)
    order = sorted(range(n), key=lambda i: (candidates[i].passage.source, candidates[i].start))
    position = {i: rank for rank, i in enumerate(order)}
    for i, (sentence, vector) in enumerate(zip(candidates, vectors)):
        score = _cosine(vector, centroid) + LEAD_WEIGHT * max(0.0, 1 - position[i] / max(1.0, n / 5))
        if relevance and top > 0:
            score += sentence.score / top
        if PRONOUN_SUBJECT.match(sentence.text):
            score -= 0.1  # cannot stand alone: its referent may not be quoted
        if sentence.text.lstrip()[:1] in "“\"‘'":
            score -= 0.1  # direct speech: someone's words, rarely the document's point
        sentence.score = score
    chosen: list[int] = []
    words = 0
    if not relevance:
        first = min(range(n), key=lambda i: position[i])
        chosen.append(first)
        words = len(candidates[first].text.split())
    remaining = set(range(n)) - set(chosen)
    while remaining:
        def mmr(i: int) -> float:
            overlap = max((_cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            return candidates[i].score - REDUNDANCY * overlap

        best = max(remaining, key=lambda i: (mmr(i), -i))
        remaining.discard(best)
        size = len(candidates[best].text.split())
        if chosen and words + size > budget_words:
            if len(chosen) >= 2:
                break  # what still fits would be filler, picked for its length
            continue  # a shorter sentence may still fit
        chosen.append(best)
        words += size
        if words >= budget_words:
            break
    return [candidates[i] for i in sorted(chosen, key=lambda i: (candidates[i].passage.source, candidates[i].start))]
