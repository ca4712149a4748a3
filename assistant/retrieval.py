"""Hybrid retrieval: dense (Chroma) and BM25, fused by reciprocal rank fusion."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from assistant.backends.embedders import Embedder
from assistant.store import Store

if TYPE_CHECKING:
    import numpy as np

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks


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


def rrf(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class Retriever:
    def __init__(self, store: Store, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self._bm25 = None
        self._last_query: tuple[str, "np.ndarray"] | None = None
        self.last_timing: dict[str, float] = {}

    def idf(self, words: set[str]) -> dict[str, float]:
        """IDF of stemmed terms over the store; a term the store never saw weighs most."""
        if self._bm25 is None:
            self._bm25 = self.store.bm25()
        return self._bm25.idf(words)

    def query_vector(self, question: str) -> "np.ndarray":
        """The question's embedding; evidence ranking asks again right after retrieval."""
        if self._last_query is None or self._last_query[0] != question:
            self._last_query = (question, self.embedder.embed([question])[0])
        return self._last_query[1]

    def retrieve(self, question: str, k: int) -> list[Passage]:
        started = time.perf_counter()
        # Deeper lists dilute RRF: a strong hit found by one side alone drops below
        # passages both sides rank low. On XQuAD, after the evidence rerank, 10 per side
        # kept the paragraph in the top 5 for 1,185 of 1,190 questions, 20 for 1,184 and 40
        # fewer: fuse as deep as the pool that is asked for, no deeper.
        candidates = max(k, 10)
        vector = self.query_vector(question)
        embedded = time.perf_counter()
        dense = self.store.dense(vector, candidates)
        if self._bm25 is None or self._bm25.generation != self.store.generation:
            self._bm25 = self.store.bm25()
        lexical = self._bm25.search(question, candidates)
        fused = rrf([[i for i, _ in dense], [i for i, _ in lexical]])
        dense_by_id, bm25_by_id = dict(dense), dict(lexical)
        # Rows come from the manifest, so a chunk of a file still being ingested
        # (or half-deleted by a killed run) is never returned.
        rows = self.store.chunk_rows([i for i, _ in fused[: 3 * k]])
        passages: list[Passage] = []
        for chunk_id, score in fused:
            row = rows.get(chunk_id)
            if row is None:
                continue
            passages.append(Passage(
                id=chunk_id, source=row["source"], text=row["text"], start=row["start"],
                end=row["end"], page=row["page"], title=row["title"], heading=row["heading"],
                score=score, dense=dense_by_id.get(chunk_id), bm25=bm25_by_id.get(chunk_id),
                rank=len(passages) + 1,
            ))
            if len(passages) == k:
                break
        self.last_timing = {"embed": embedded - started, "search": time.perf_counter() - embedded}
        return passages
