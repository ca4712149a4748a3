"""An incremental BM25 index: immutable segments plus tombstones, scored at query time.

Each ingest batch that adds chunks writes one segment (only its chunks are tokenized);
deleted or replaced chunks become tombstones in `state.json`. Scores use live statistics
only (documents, average length, document frequencies of live chunks), so they equal a
fresh build over the live chunks: the formula is bm25s's default, "lucene" with k1=1.5,
b=0.75: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf part = tf / (tf + k1 * (1 - b + b * dl / avgdl)).

Layout of `<store>/bm25/`:
    state.json          {"version", "generation", "segments": [{"name", "dead": [local docs]}]}
    seg-*/ids.npy       chunk id per local doc (loaded with mmap; only hits are decoded)
    seg-*/lens.npy      document length in terms
    seg-*/vocab.json    term -> local term id
    seg-*/indptr.npy    postings of term t are docs[indptr[t]:indptr[t+1]] (ascending)
    seg-*/docs.npy, seg-*/tfs.npy

`state.json` is replaced by a rename, after the segments it names are complete, so a reader
sees a whole index or the previous one. Its generation says which manifest generation it
matches; a mismatch means the index is stale and the store rebuilds it from the manifest.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.retrieval_tuning import DEAD_SHARE, K1, MAX_SEGMENTS, B
from assistant.text.spelling import edits
from assistant.text.terms import stemmer

if TYPE_CHECKING:
    import numpy as np

VERSION = 1
STATE = "state.json"

# Merge policy (K1, B, MAX_SEGMENTS and DEAD_SHARE are in retrieval_tuning.py, with why). A new
# segment per ingest batch keeps an add cheap, but every query walks every segment, so: when
# there are more than MAX_SEGMENTS, the smallest segments are merged, taking the next smallest
# while it is no bigger than what is gathered so far. Merges are then between similar sizes
# (like a binary counter), so a chunk is rewritten O(log N) times over its life and one big
# segment from a full build is left alone by small adds. A segment whose tombstones pass
# DEAD_SHARE of its documents is rewritten too (joining the merge if there is one).

# bm25s's English stopwords and token pattern, copied so a query need not import bm25s
# (it pulls in scipy: ~0.1 s of start-up). tests/test_bm25.py checks they still agree.
STOPWORDS_EN = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    )
)
_SPLIT = re.compile(r"(?u)\b\w\w+\b")
_STEMS: dict[str, str] = {}  # word -> stem; PyStemmer is called once per new word


def bm25_tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Stemmed terms per text, as bm25s.tokenize(stopwords="en", stemmer=English) makes them."""
    split = [[w for w in _SPLIT.findall(t.lower()) if w not in STOPWORDS_EN] for t in texts]
    new = list({w for words in split for w in words if w not in _STEMS})
    if new:
        _STEMS.update(zip(new, stemmer().stemWords(new)))
    return [[_STEMS[w] for w in words] for words in split]


# ---------------------------------------------------------------- segments


@dataclass
class Segment:
    """Immutable postings of some chunks; `dead` (tombstones) is the only part that changes,
    and it changes by making a new Segment that shares the arrays."""

    ids: np.ndarray  # str per local doc
    lens: np.ndarray  # int32 per local doc
    vocab: dict[str, int]
    indptr: np.ndarray  # int64, len(vocab) + 1
    docs: np.ndarray  # int32 per posting
    tfs: np.ndarray  # float32 per posting
    dead: frozenset[int] = frozenset()
    name: str | None = None  # folder name once written
    live: np.ndarray = field(init=False, repr=False)  # bool per local doc

    def __post_init__(self) -> None:
        import numpy as np

        self.live = np.ones(len(self.lens), dtype=bool)
        if self.dead:
            self.live[np.fromiter(self.dead, dtype=np.int64)] = False

    @property
    def n_live(self) -> int:
        return len(self.lens) - len(self.dead)

    @property
    def live_length(self) -> int:
        return int(self.lens[self.live].sum()) if self.dead else int(self.lens.sum())

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        t = self.vocab.get(term)
        if t is None:
            return None
        lo, hi = int(self.indptr[t]), int(self.indptr[t + 1])
        return self.docs[lo:hi], self.tfs[lo:hi]

    def live_df(self, docs: np.ndarray) -> int:
        return int(self.live[docs].sum()) if self.dead else len(docs)


def segment_from_texts(ids: Sequence[str], texts: Sequence[str]) -> Segment:
    """Tokenize and index new chunks: the only place texts are tokenized."""
    import numpy as np

    tokens = bm25_tokenize(texts)
    vocab: dict[str, int] = {}
    flat = np.fromiter((vocab.setdefault(t, len(vocab)) for doc in tokens for t in doc), dtype=np.int64)
    lens = np.fromiter((len(doc) for doc in tokens), dtype=np.int32, count=len(tokens))
    n_docs = max(len(tokens), 1)
    doc_of = np.repeat(np.arange(len(tokens), dtype=np.int64), lens)
    # One key per (term, doc): unique() sorts by term then doc and counts the repeats (tf).
    keys, tfs = np.unique(flat * n_docs + doc_of, return_counts=True)
    terms = keys // n_docs
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(terms, minlength=len(vocab)), out=indptr[1:])
    return Segment(
        ids=np.array(list(ids), dtype=str),
        lens=lens,
        vocab=vocab,
        indptr=indptr,
        docs=(keys % n_docs).astype(np.int32),
        tfs=tfs.astype(np.float32),
    )


def merge_segments(parts: Sequence[Segment]) -> Segment:
    """One segment of the live documents of `parts`, from their stored postings (no
    re-tokenizing). Parts are laid end to end, so a stable sort by term keeps each
    term's documents ascending."""
    import numpy as np

    vocab: dict[str, int] = {}
    terms, docs, tfs, lens, ids = [], [], [], [], []
    base = 0
    for seg in parts:
        by_id = sorted(seg.vocab, key=seg.vocab.__getitem__)
        remap = np.fromiter((vocab.setdefault(t, len(vocab)) for t in by_id), dtype=np.int64, count=len(by_id))
        new_pos = np.cumsum(seg.live, dtype=np.int64) - 1 + base
        keep = seg.live[seg.docs]
        terms.append(np.repeat(remap, np.diff(seg.indptr))[keep])
        docs.append(new_pos[seg.docs[keep]])
        tfs.append(np.asarray(seg.tfs)[keep])
        lens.append(np.asarray(seg.lens)[seg.live])
        ids.append(np.asarray(seg.ids)[seg.live])
        base += seg.n_live
    all_terms = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int64)
    # Terms left without a live posting are dropped, so the vocabulary does not grow with the dead.
    used, compact = np.unique(all_terms, return_inverse=True)
    words = sorted(vocab, key=vocab.__getitem__)
    order = np.argsort(compact, kind="stable")
    indptr = np.zeros(len(used) + 1, dtype=np.int64)
    np.cumsum(np.bincount(compact, minlength=len(used)), out=indptr[1:])
    return Segment(
        ids=np.concatenate(ids) if ids else np.array([], dtype=str),
        lens=np.concatenate(lens).astype(np.int32) if lens else np.zeros(0, dtype=np.int32),
        vocab={words[int(t)]: i for i, t in enumerate(used)},
        indptr=indptr,
        docs=np.concatenate(docs)[order].astype(np.int32),
        tfs=np.concatenate(tfs)[order],
    )


def plan_merge(segments: Sequence[Segment]) -> list[int]:
    """Indexes of the segments to merge into one (see MAX_SEGMENTS and DEAD_SHARE)."""
    heavy = {i for i, s in enumerate(segments) if len(s.dead) > DEAD_SHARE * len(s.lens)}
    if len(segments) <= MAX_SEGMENTS:
        return sorted(heavy)
    ordered = sorted(range(len(segments)), key=lambda i: segments[i].n_live)
    pick, gathered = ordered[:2], sum(segments[i].n_live for i in ordered[:2])
    for i in ordered[2:]:
        if segments[i].n_live > gathered and len(segments) - len(pick) + 1 <= MAX_SEGMENTS:
            break
        pick.append(i)
        gathered += segments[i].n_live
    return sorted(heavy | set(pick))


# ---------------------------------------------------------------- files


_ARRAYS = ("ids", "lens", "indptr", "docs", "tfs")


def write_segment(folder: Path, seg: Segment) -> Segment:
    """Write into a temporary folder, then rename: a segment folder is always whole."""
    import uuid

    import numpy as np

    name = f"seg-{uuid.uuid4().hex[:16]}"
    tmp = folder / f"tmp-{name}"
    tmp.mkdir(parents=True)
    for key in _ARRAYS:
        np.save(tmp / f"{key}.npy", getattr(seg, key), allow_pickle=False)
    (tmp / "vocab.json").write_text(json.dumps(seg.vocab, ensure_ascii=False), encoding="utf-8")
    tmp.rename(folder / name)
    return replace(seg, name=name)


def read_segment(folder: Path, name: str, dead: list[int]) -> Segment:
    import numpy as np

    path = folder / name
    arrays = {k: np.load(path / f"{k}.npy", mmap_mode="r", allow_pickle=False) for k in _ARRAYS}
    vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    postings = int(arrays["indptr"][-1]) if len(arrays["indptr"]) else -1
    if not (
        len(arrays["ids"]) == len(arrays["lens"])
        and len(arrays["indptr"]) == len(vocab) + 1
        and len(arrays["docs"]) == len(arrays["tfs"]) == postings
    ):
        raise ValueError(f"segment {name} is inconsistent")
    if dead and not 0 <= min(dead) <= max(dead) < len(arrays["lens"]):
        raise ValueError(f"segment {name} has tombstones out of range")
    return Segment(vocab=vocab, dead=frozenset(dead), name=name, **arrays)


# ---------------------------------------------------------------- the index


class Bm25Index:
    """Segments plus tombstones at one manifest generation."""

    def __init__(self, segments: list[Segment], generation: int) -> None:
        self.segments = [s for s in segments if s.n_live]  # a wholly dead segment is dropped
        self.generation = generation
        self.n_docs = sum(s.n_live for s in self.segments)
        total = sum(s.live_length for s in self.segments)
        self.avgdl = total / self.n_docs if self.n_docs else 0.0

    @property
    def ids(self) -> list[str]:
        """Live chunk ids (for checks; queries decode only their hits)."""
        return [str(i) for s in self.segments for i in s.ids[s.live]]

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str], generation: int) -> Bm25Index:
        return cls([segment_from_texts(ids, texts)] if ids else [], generation)

    # ------------------------------------------------------------ persistence

    @classmethod
    def load(cls, folder: Path, generation: int) -> Bm25Index | None:
        """The saved index if it matches `generation`, else None (missing, damaged, stale)."""
        for _ in range(3):  # a merge may remove a segment between reading the state and it
            try:
                state = json.loads((folder / STATE).read_text())
            except (OSError, ValueError):
                return None
            if state.get("version") != VERSION or state.get("generation") != generation:
                return None
            try:
                segments = [read_segment(folder, s["name"], s["dead"]) for s in state["segments"]]
            except FileNotFoundError:
                continue
            except (OSError, ValueError, KeyError, TypeError):
                return None
            return cls(segments, generation)
        return None

    def save(self, folder: Path) -> None:
        """Write new segments, swap the state in, drop what it no longer names. Only a
        writer holding the store's lock saves, so nothing else is writing here."""
        import shutil

        folder.mkdir(parents=True, exist_ok=True)
        self.segments = [s if s.name else write_segment(folder, s) for s in self.segments]
        state = {
            "version": VERSION,
            "generation": self.generation,
            "segments": [{"name": s.name, "dead": sorted(s.dead)} for s in self.segments],
        }
        tmp = folder / f"{STATE}.tmp-{os.getpid()}"
        tmp.write_text(json.dumps(state))
        tmp.rename(folder / STATE)
        keep = {STATE} | {s.name for s in self.segments}
        for entry in folder.iterdir():
            if entry.name not in keep:  # merged-away segments, a killed run's leftovers, old formats
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)

    # ------------------------------------------------------------ updates

    def updated(self, removed: Sequence[str], ids: Sequence[str], texts: Sequence[str], generation: int) -> Bm25Index:
        """The index after deleting `removed`, adding (ids, texts) and merging if due. An id
        both removed and added (a chunk of a changed file that did not change) is replaced."""
        gone = set(removed) | set(ids)
        segments = [self._tombstoned(s, gone) for s in self.segments]
        if ids:
            segments.append(segment_from_texts(ids, texts))
        segments = [s for s in segments if s.n_live]
        pick = plan_merge(segments)
        if pick:
            merged = merge_segments([segments[i] for i in pick])
            segments = [s for i, s in enumerate(segments) if i not in pick] + [merged]
        return Bm25Index(segments, generation)

    @staticmethod
    def _tombstoned(seg: Segment, gone: set[str]) -> Segment:
        if not gone:
            return seg
        import numpy as np

        hit = np.isin(seg.ids, np.array(list(gone), dtype=str)) & seg.live
        if not hit.any():
            return seg
        return replace(seg, dead=seg.dead | set(np.flatnonzero(hit).tolist()))

    # ------------------------------------------------------------ scoring

    def _idf(self, df: int) -> float:
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def idf(self, words: set[str]) -> dict[str, float]:
        """IDF of already-stemmed terms over the live chunks."""
        if not self.n_docs:
            return {w: 1.0 for w in words}
        return {word: self._idf(self._df(word)) for word in words}

    def knows(self, word: str) -> bool:
        """Does any live chunk contain this word (tokenized and stemmed as the index is)?"""
        tokens = bm25_tokenize([word])[0]
        return bool(tokens) and all(self._df(t) for t in tokens)

    def knows_prefix(self, prefix: str) -> bool:
        """Does a term of the index start with `prefix` ("lithuania" for "Lithuanian")?"""
        prefix = prefix.lower()
        return any(t.startswith(prefix) for seg in self.segments for t in seg.vocab)

    def knows_near(self, term: str, distance: int) -> bool:
        """Is a term of the index within `distance` edits (a swap of two letters counts
        once) of this stemmed term? "sentanta" finds "setanta": names are misspelt."""
        for seg in self.segments:
            for known in seg.vocab:
                if (
                    abs(len(known) - len(term)) <= distance
                    and known[:1] == term[:1]
                    and edits(known, term, distance) <= distance
                ):
                    return True
        return False

    def holding(self, terms: Sequence[str], limit: int) -> list[str]:
        """Ids of up to `limit` live chunks holding every one of these stemmed terms."""
        import numpy as np

        found: list[str] = []
        for seg in self.segments:
            docs: np.ndarray | None = None
            for term in dict.fromkeys(terms):
                hit = seg.postings(term)
                if hit is None:
                    docs = None  # a term this segment never saw: none of its chunks holds them all
                    break
                docs = hit[0] if docs is None else np.intersect1d(docs, hit[0])
            if docs is not None:
                found += [str(seg.ids[d]) for d in docs if seg.live[d]]
            if len(found) >= limit:
                break
        return found[:limit]

    def _df(self, term: str) -> int:
        df = 0
        for seg in self.segments:
            hit = seg.postings(term)
            df += 0 if hit is None else seg.live_df(hit[0])
        return df

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """(chunk id, score) of the best `n` live chunks with a score above 0, best first;
        ties go by chunk id, so the answer does not depend on how segments are laid out."""
        if not self.n_docs or n <= 0:
            return []
        terms = bm25_tokenize([query])[0]
        if not terms:
            return []
        import numpy as np

        scores = [np.zeros(len(s.lens)) for s in self.segments]
        for term in terms:  # a repeated query term counts each time, as in bm25s
            hits = [s.postings(term) for s in self.segments]
            df = sum(s.live_df(h[0]) for s, h in zip(self.segments, hits) if h is not None)
            if not df:
                continue
            idf = self._idf(df)
            for seg, acc, hit in zip(self.segments, scores, hits):
                if hit is not None:
                    docs, tfs = hit
                    norm = K1 * (1 - B + B * seg.lens[docs] / self.avgdl)
                    acc[docs] += idf * tfs / (tfs + norm)
        return self._top(scores, n)

    def _top(self, scores: list[np.ndarray], n: int) -> list[tuple[str, float]]:
        import numpy as np

        found: list[tuple[float, str]] = []
        for seg, acc in zip(self.segments, scores):
            if seg.dead:
                acc[~seg.live] = 0.0
            hit = np.flatnonzero(acc > 0)
            if len(hit) > n:  # keep the n best, and every doc tied with the n-th
                floor = np.partition(acc[hit], len(hit) - n)[len(hit) - n]
                hit = hit[acc[hit] >= floor]
            found += [(float(acc[d]), str(seg.ids[d])) for d in hit]
        found.sort(key=lambda x: (-x[0], x[1]))
        return [(i, s) for s, i in found[:n]]
