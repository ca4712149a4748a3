"""Hybrid retrieval: dense (Chroma) and BM25, fused by reciprocal rank fusion.

Its tuning constants are in retrieval_tuning.py (answering's in answering/tuning.py)."""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from assistant.backends.embedders import Embedder
from assistant.bm25 import bm25_tokenize
from assistant.retrieval_tuning import (
    ACRONYM_LETTERS,
    ASKING_WEIGHT,
    COMPOUND_PART,
    DEMONYM_ENDINGS,
    DEMONYM_STEM,
    FUSION_DEPTH,
    LONG_STEM,
    NEAR_EDITS,
    NEAR_EDITS_LONG,
    PHRASE_CHUNKS,
    PREFIX_TRIM,
    ROWS_PER_PASSAGE,
    RRF_K,
    SPELLED_WORDS,
    VARIANT_MIN,
)
from assistant.store import Store
from assistant.text import ASKING_WORDS, STOPWORDS, askers_people, base_form, coverage, other_spellings, terms, words
from assistant.titles import Named, TitleIndex

if TYPE_CHECKING:
    import numpy as np

    from assistant.bm25 import Bm25Index


@dataclass
class Passage:
    id: str
    source: str
    text: str
    start: int
    end: int
    page: int | None
    title: str
    heading: str | None
    score: float  # fused RRF score
    dense: float | None  # cosine similarity, if the dense side found it
    bm25: float | None
    rank: int = 0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("score", "dense", "bm25"):
            if data[key] is not None:
                data[key] = round(float(data[key]), 4)
        return data


def rrf(
    rankings: list[list[str]], k: int = RRF_K, closeness: dict[str, float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion, best first. Two lists tie often (ranks 1 and 3 against 3 and
    1): a tie goes to the item `closeness` rates higher (the embedding's cosine), then by
    id. By id alone, a tie went by a hash of the file's path, so where the documents lay
    decided some answers."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    close = closeness or {}
    return sorted(scores.items(), key=lambda kv: (-kv[1], -close.get(kv[0], 0.0), kv[0]))


class Retriever:
    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self._bm25: Bm25Index | None = None
        self._last_query: tuple[str, np.ndarray] | None = None
        self._last_weights: tuple[tuple[str, bool, int], dict[str, float]] | None = None
        self._titles: tuple[int, TitleIndex] | None = None
        self.last_timing: dict[str, float] = {}

    def index(self) -> Bm25Index:
        """The store's BM25 index, reloaded when the store has changed."""
        if self._bm25 is None or self._bm25.generation != self.store.generation:
            self._bm25 = self.store.bm25()
        return self._bm25

    def term_weights(self, text: str, asked: bool = True) -> dict[str, float]:
        """IDF of the text's terms (as `assistant.text.terms` makes them) over the store.

        The BM25 index tokenizes its own way (its stopwords, no accent folding), so each
        word is looked up by the index's token for that same word: both agree on what a
        word weighs. A term the store never saw weighs most. In a question (`asked`), a word
        it asks with (`ASKING_WORDS`: "happens", "someone"), or that names the asker's own people
        ("my partner"), weighs ASKING_WEIGHT of its IDF, since no document need hold it; in a
        document's text it weighs what it weighs.
        """
        index = self.index()
        if self._last_weights and self._last_weights[0] == (text, asked, index.generation):
            return self._last_weights[1]  # evidence ranking and composing ask for the same question
        weights: dict[str, float] = {}
        people = askers_people(text) if asked else set()
        for word in set(words(text)):
            lexical = terms(word)
            tokens = bm25_tokenize([word])[0]
            if lexical and tokens:
                # Two words of one term ("Oil", "oil") may be two index tokens: the rarer
                # counts, whatever order the words come in (answers must not depend on it).
                idf = index.idf({tokens[0]})[tokens[0]]
                if asked and (word.lower() in ASKING_WORDS or word.lower() in people):
                    idf *= ASKING_WEIGHT
                weights[lexical[0]] = max(idf, weights.get(lexical[0], idf))
        self._last_weights = ((text, asked, index.generation), weights)
        return weights

    def knows(self, word: str, variants: bool = True) -> bool:
        """Does any document contain the word, or (with `variants`) another form of the
        same name ("Lithuanian" for "Lithuania")?"""
        index = self.index()
        stems = bm25_tokenize([word])[0]
        if not stems:  # "U.S.", "a": nothing the index could hold
            return True
        if index.knows(word) or index.knows(base_form(word)):
            return True
        if any(index.knows(other) for other in other_spellings(word)):
            return True  # "metre" where the documents write "meter"
        if not variants:
            return False
        if word.isupper() and word.isalpha() and len(word) <= ACRONYM_LETTERS:
            return True  # an acronym the documents may spell out ("UMC", "AAA"); not a code ("E09")
        return all(_variant_known(s, index) for s in stems)

    def says(self, phrase: str, then: str = "") -> bool:
        """Does any document write the phrase word for word, in any case ("Apollo 13", where
        "Apollo" and "13" alone are everywhere)? `then`: a pattern that must follow it
        (r"\\d+": "Apollo" with some number). Read from the chunks the index says hold all
        its words."""
        tokens = bm25_tokenize([phrase])[0]
        if not tokens:
            return True  # nothing the index could find it by
        ids = self.index().holding(tokens, PHRASE_CHUNKS)
        words = r"\s+".join(re.escape(w) for w in phrase.split())
        said = re.compile(r"(?<!\w)" + words + (r"\s+" + then if then else "") + r"(?!\w)", re.I)
        return any(said.search(row["text"]) for row in self.store.chunk_rows(ids).values())

    def with_acronyms(self, text: str) -> str:
        """The text with the acronym the documents use after the words it spells out:
        "lunar orbit rendezvous" becomes "lunar orbit rendezvous (LOR)" when a document says
        "LOR" and no document has all the words. Runs of SPELLED_WORDS content words in a row,
        longest first."""
        found = list(re.finditer(r"[A-Za-z][\w'’-]*", text))
        index = self.index()
        additions: dict[int, str] = {}  # end of the phrase -> acronym
        taken: set[int] = set()
        for n in sorted(SPELLED_WORDS, reverse=True):
            for i in range(len(found) - n + 1):
                run = found[i : i + n]
                if taken & set(range(i, i + n)) or any(w.group(0).lower() in STOPWORDS for w in run):
                    continue
                if any(text[a.end() : b.start()].strip() for a, b in zip(run, run[1:])):
                    continue  # "orbit, rendezvous": not one phrase
                if all(index.knows(w.group(0)) or index.knows(base_form(w.group(0))) for w in run):
                    continue  # the documents spell it out too ("Warsaw Stock Exchange (WSE)")
                acronym = "".join(w.group(0)[0] for w in run).upper()
                if re.search(rf"\b{acronym}\b", text) or not index.knows(acronym):
                    continue
                additions[run[-1].end()] = acronym
                taken |= set(range(i, i + n))
        for end in sorted(additions, reverse=True):
            text = f"{text[:end]} ({additions[end]}){text[end:]}"
        return text

    def titles(self) -> TitleIndex:
        """The documents' titles, reread when the store has changed."""
        generation = self.store.generation
        if self._titles is None or self._titles[0] != generation:
            self._titles = (generation, TitleIndex(self.store.documents()))
        return self._titles[1]

    def named_in(self, text: str) -> list[Named]:
        """Documents whose titles the text names ("Nikola Tesla", "Big Stone Gap")."""
        return self.titles().named_in(text)

    def best_of(self, sources: list[str], query: str) -> list[Passage]:
        """Each document's passage closest to the query: the most of its IDF-weighted terms,
        then the document's first (a title's passage opens by saying what it is about). The
        score is its dense similarity, so it can be ranked beside retrieved passages."""
        wanted = set(terms(query))
        weights = self.term_weights(query)
        best: dict[str, tuple[float, dict]] = {}
        for row in self.store.document_chunks(sources):
            held = coverage(wanted, set(terms(row["text"])), lambda t: weights.get(t, 1.0))
            if row["source"] not in best or held > best[row["source"]][0]:
                best[row["source"]] = (held, row)
        rows = [best[s][1] for s in sources if s in best]
        dense = self.store.similarities(self.query_vector(query), [r["id"] for r in rows])
        # Ranked after anything retrieval found (rank 1 is retrieval's best).
        return [
            passage_from_row(r, 0.0, dense.get(r["id"]), None, ROWS_PER_PASSAGE * 100 + n) for n, r in enumerate(rows)
        ]

    def mentions(self, text: str, n: int) -> list[Passage]:
        """Passages that contain the text's words, best BM25 match first (no embedding)."""
        found = self.index().search(text, n)
        return self._passages(found, {}, dict(found), len(found))

    def query_vector(self, question: str) -> np.ndarray:
        """The question's embedding; evidence ranking asks again right after retrieval."""
        if self._last_query is None or self._last_query[0] != question:
            self._last_query = (question, self.embedder.embed([question])[0])
        return self._last_query[1]

    def retrieve(self, question: str, k: int) -> list[Passage]:
        started = time.perf_counter()
        candidates = max(k, FUSION_DEPTH)  # deeper lists dilute RRF (retrieval_tuning.py)
        vector = self.query_vector(question)
        embedded = time.perf_counter()
        dense = self.store.dense(vector, candidates)
        lexical = self.index().search(question, candidates)
        fused = rrf([[i for i, _ in dense], [i for i, _ in lexical]], closeness=dict(dense))
        passages = self._passages(fused, dict(dense), dict(lexical), k)
        self.last_timing = {"embed": embedded - started, "search": time.perf_counter() - embedded}
        return passages

    def _passages(
        self, ranked: list[tuple[str, float]], dense_by_id: dict[str, float], bm25_by_id: dict[str, float], k: int
    ) -> list[Passage]:
        # Rows come from the manifest, so a chunk of a file still being ingested
        # (or half-deleted by a killed run) is never returned.
        rows = self.store.chunk_rows([i for i, _ in ranked[: ROWS_PER_PASSAGE * k]])
        passages: list[Passage] = []
        for chunk_id, score in ranked:
            row = rows.get(chunk_id)
            if row is None:
                continue
            passages.append(
                passage_from_row(row, score, dense_by_id.get(chunk_id), bm25_by_id.get(chunk_id), len(passages) + 1)
            )
            if len(passages) == k:
                break
        return passages


def _variant_known(stem: str, index: Bm25Index) -> bool:
    """A longer form ("lithuanian" for "lithuania"), a misspelling ("sentanta" for "setanta")
    or two words written as one ("superbowl"). Short words and numbers are matched exactly:
    "curie" is not "cure", and 2010 is not 2013."""
    if not stem.isdigit() and len(stem) >= DEMONYM_STEM and any(index.knows(stem + end) for end in DEMONYM_ENDINGS):
        return True  # the name's adjective: "Canarian islands" for "Canary Islands", "Iranian" for "Iran"
    if stem.isdigit() or len(stem) < VARIANT_MIN:
        return False
    if len(stem) >= LONG_STEM and index.knows_prefix(stem[:-PREFIX_TRIM]):
        return True
    edits = NEAR_EDITS if len(stem) < LONG_STEM else NEAR_EDITS_LONG
    return index.knows_near(stem, edits) or _compound(stem, index)


def _compound(stem: str, index: Bm25Index) -> bool:
    """ "superbowl" as "super" + "bowl": two words of the index written as one."""
    return any(
        index.knows(stem[:i]) and index.knows(stem[i:]) for i in range(COMPOUND_PART, len(stem) - COMPOUND_PART + 1)
    )


def passage_from_row(
    row: dict, score: float = 0.0, dense: float | None = None, bm25: float | None = None, rank: int = 1
) -> Passage:
    return Passage(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        page=row["page"],
        title=row["title"],
        heading=row["heading"],
        score=score,
        dense=dense,
        bm25=bm25,
        rank=rank,
    )
