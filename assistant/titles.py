"""Documents named by their titles: a question or a passage that writes a document's title
("Big Stone Gap", "Nikola Tesla") names that document.

People name the documents and the entities they ask about, and a passage names the entities
other documents are about: "Big Stone Gap is a film directed by Adriana Trigiani" names the
document titled "Adriana Trigiani". Titles are stored with each chunk (the file name, a PDF's
or an HTML page's title); this index finds them in text, as names: written with a capital,
word for word, the last word also in its plural ("Huguenots" names "Huguenot").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import STOPWORDS, normalize

# A title's qualifier is not written where the title is named: "Big Stone Gap (film)" is
# named "Big Stone Gap", "Jacksonville, Florida" also "Jacksonville".
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")
_TOKEN = re.compile(r"[\w’'.&-]+")
# A word that may start a sentence: a one-word title written there ("Geology is ...") is only
# a capital by position; mid-sentence it is a name.
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")


@dataclass(frozen=True)
class Named:
    """A document whose title a text names, and where."""

    source: str
    title: str
    start: int  # offset of the name in the text
    end: int


def title_names(title: str) -> list[str]:
    """How a title is written in running text: file-name separators as spaces, without its
    qualifier ("(film)"); a "Place, Region" title also by its place alone."""
    name = re.sub(r"[_]+", " ", title).strip()
    name = _QUALIFIER.sub("", name).strip()
    names = [name] if name else []
    head, comma, _ = name.partition(", ")
    if comma and head:
        names.append(head)
    return names


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(normalize(m.group(0)).strip(".’'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


class TitleIndex:
    """Every document's title names, looked up by their first word."""

    def __init__(self, documents: dict[str, str]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for source, title in documents.items():
            for name in title_names(title):
                words = tuple(w for w, _, _ in _tokens(name))
                if not words or (len(words) == 1 and (words[0] in STOPWORDS or len(words[0]) < 3)):
                    continue  # "It", "The": no name
                if not any(ch.isalpha() for ch in name):
                    continue  # "000-01": a numbered file, never written as a name
                self._by_first.setdefault(words[0], []).append((words, source, title))

    def __bool__(self) -> bool:
        """Does any title read as a name?"""
        return bool(self._by_first)

    def named_in(self, text: str) -> list[Named]:
        """Documents whose title the text names, in the order it names them (each once; the
        longest title at a place: "Yuan dynasty", not "Yuan")."""
        if not self._by_first:
            return []  # no title is a name (numbered files): nothing to scan for
        tokens = _tokens(text)
        found: dict[str, Named] = {}
        i = 0
        while i < len(tokens):
            word, start, _ = tokens[i]
            match = self._longest_at(tokens, i)
            if match is None or not text[start : start + 1].isupper():
                i += 1
                continue
            length, sources = match
            if length == 1 and _SENTENCE_END.search(text[:start]) or (length == 1 and i == 0):
                i += 1  # "Geology is the study ...": a capital only because a sentence starts
                continue
            end = tokens[i + length - 1][2]
            for source, title in sources:
                found.setdefault(source, Named(source, title, start, end))
            i += length
        return list(found.values())

    def _longest_at(self, tokens: list[tuple[str, int, int]], i: int) -> tuple[int, list[tuple[str, str]]] | None:
        best: tuple[int, list[tuple[str, str]]] | None = None
        first = tokens[i][0]
        entries = self._by_first.get(first, []) + self._by_first.get(first[:-1], []) * first.endswith("s")
        for words, source, title in entries:
            n = len(words)
            got = [w for w, _, _ in tokens[i : i + n]]
            if len(got) < n or got[:-1] != list(words[:-1]) or got[-1] not in (words[-1], words[-1] + "s"):
                continue
            if best is None or n > best[0]:
                best = (n, [(source, title)])
            elif n == best[0]:
                best[1].append((source, title))
        return best
