"""The documents' words for question words no document holds.

A question may misspell a word ("gaurentee") or say in its own words what the documents say in
theirs ("medication" where the letter says "medicines"). Left as it is, such a word counts
against every sentence, and the refusal it ends in names it: "The documents don't mention
medication.", which is false of the documents. Each such word is read as a word of the passages
retrieved for the question:
- a misspelling: a word that is no English word (`text.spelling.is_word`) within REWORD_EDITS
  edits of a passage word;
- a synonym: the passage word closest to it by embedding, at SYNONYM_MIN cosine or more.
Only lower-case words are read so: a name no document holds is what a false premise presumes
(premises.py), and a misspelt name is left to be named as missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.answering.premises import unknown_words
from assistant.answering.tuning import REWORD_EDITS, SYNONYM_MIN
from assistant.retrieval import Retriever
from assistant.text import STOPWORDS
from assistant.text.spelling import edits, is_word

_LOWER_WORD = re.compile(r"\b[a-z][a-z-]*[a-z]\b")


def reword(question: str, retriever: Retriever, embed: Callable[[list[str]], Any], k: int) -> dict[str, str]:
    """{question word: the passage word it is read as} for the question's lower-case words
    that no document holds and that a passage retrieved for it spells or says nearly so."""
    unknown = unknown_words(question, retriever.knows)
    if not unknown:
        return {}
    passages = retriever.retrieve(question, k)
    held = sorted(
        {w for p in passages for w in _LOWER_WORD.findall(p.text) if w not in STOPWORDS and len(w) > 2},
    )
    if not held:
        return {}
    read_as: dict[str, str] = {}
    for word in unknown:
        spelt = _respelt(word, held)
        if spelt:
            read_as[word] = spelt
    rest = [w for w in unknown if w not in read_as]
    if rest:
        vectors = embed([*held, *rest])
        for i, word in enumerate(rest):
            similarity = vectors[: len(held)] @ vectors[len(held) + i]
            best = int(similarity.argmax())
            if similarity[best] >= SYNONYM_MIN:
                read_as[word] = held[best]
    return read_as


def _respelt(word: str, held: list[str]) -> str | None:
    """The held word a misspelt one means: the fewest edits away, within REWORD_EDITS (one
    for a word of up to six letters), when the word is none of English."""
    if is_word(word):
        return None
    limit = REWORD_EDITS if len(word) > 6 else 1
    near = [(edits(word, w, limit), w) for w in held]
    distance, best = min(near)
    return best if distance <= limit else None


def apply(text: str, read_as: dict[str, str]) -> str:
    """The text with each word read as the documents' word."""
    for word, held in read_as.items():
        text = re.sub(rf"\b{re.escape(word)}\b", held, text)
    return text
