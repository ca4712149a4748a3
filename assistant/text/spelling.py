"""Spelling: how far apart two words are, and whether a word is an English word at all.

Used to read a misspelt question word ("gaurentee") as the word the documents hold
("guarantee"); a real word the documents lack ("medals" where they say "metals") is never
corrected into another.
"""

from __future__ import annotations

from functools import lru_cache


def edits(a: str, b: str, limit: int) -> int:
    """Letters inserted, deleted, replaced or swapped with a neighbour to turn `a` into `b`
    (optimal string alignment); `limit + 1` as soon as it must be more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    # The embedder's WordPiece vocabulary (bert-base-uncased, 30,522 pieces, shipped with the
    # package): a word it holds whole is a word of English; a misspelling is split into pieces.
    from assistant.backends.embedders import load_tokenizer

    return frozenset(w for w in load_tokenizer().get_vocab() if w.isalpha())


def is_word(word: str) -> bool:
    """Is this a word of English (or a common name), as opposed to a misspelling?"""
    return word.lower() in _vocabulary()
