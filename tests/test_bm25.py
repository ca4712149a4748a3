"""The incremental BM25 index: after adds, updates and deletes over several commits, and
after merges, it answers exactly as a fresh build over the same live chunks; a stale or
damaged index is rebuilt. Real stores on disk (SQLite, embedded Chroma, the index files)."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from assistant import bm25
from assistant.bm25 import Bm25Index, bm25_tokenize
from assistant.config import Settings
from assistant.loading import Chunk
from assistant.store import Store
from assistant.text import split_sentences
from tests.conftest import ROOT, SEED_TEXT

HOSTILE = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "evals" / "hostile_docs").glob("*.txt")))
SENTENCES = [SEED_TEXT[s:e] for s, e in split_sentences(SEED_TEXT)] + [
    HOSTILE[s:e] for s, e in split_sentences(HOSTILE)
]
QUERIES = [
    "Where will the July NATO summit take place?",
    "Who objected to the NATO office in Japan?",
    "Kishida Lithuania summit",
    "lighthouse keeper",
    "orchard apples harvest",
    "river flood",
    "NATO NATO office",
    "the of and",
    "Macron Rubio senator stance",
    "budget report",
]


def chunks_of(source: str, version: int, n: int) -> list[Chunk]:
    """`n` chunks of 1-3 real sentences; chunk i of a file is the same in every version
    unless i < version, so an update keeps some ids and replaces others."""
    pick = random.Random(f"{source}")
    out = []
    for i in range(n):
        salt = random.Random(f"{source}-{i}-{version if i < version else 0}")
        text = " ".join(salt.choice(SENTENCES) for _ in range(pick.randint(1, 3)))
        out.append(
            Chunk(
                id=f"{source}#{i}#{hash(text) & 0xFFFFFFFF:08x}",
                source=source,
                index=i,
                text=text,
                start=0,
                end=len(text),
                page=None,
                title=source,
                heading=None,
            )
        )
    return out


def put(store: Store, files: dict[str, list[Chunk]]) -> None:
    chunks = [c for cs in files.values() for c in cs]
    vectors = np.random.default_rng(len(chunks)).standard_normal((len(chunks), 384)).astype(np.float32)
    store.replace(list(files), chunks, vectors, {s: (f"h{len(cs)}", 1) for s, cs in files.items()})


def fresh(store: Store) -> Bm25Index:
    ids, texts, generation = store.all_chunk_texts()
    return Bm25Index.build(ids, texts, generation)


def assert_same(index: Bm25Index, reference: Bm25Index, live: set[str]) -> None:
    assert sorted(index.ids) == sorted(reference.ids) == sorted(live)
    for query in QUERIES:
        got, want = index.search(query, 10), reference.search(query, 10)
        assert [i for i, _ in got] == [i for i, _ in want], query
        assert np.allclose([s for _, s in got], [s for _, s in want], rtol=0, atol=1e-9), query
        assert {i for i, _ in index.search(query, 1000)} <= live  # no tombstoned chunk, ever
    words = {t for q in QUERIES for t in bm25_tokenize([q])[0]} | {"zzzunseen"}
    got_idf, want_idf = index.idf(words), reference.idf(words)
    assert got_idf.keys() == want_idf.keys()
    assert all(abs(got_idf[w] - want_idf[w]) < 1e-12 for w in words)


def live_ids(store: Store) -> set[str]:
    return set(store.all_chunk_texts()[0])


@pytest.fixture
def store(tmp_path: Path):
    s = Store(Settings(store=tmp_path / "store"), create=True)
    s.reset(s.settings.fingerprint())
    yield s
    s.close()


def test_tokenizer_and_formula_match_bm25s() -> None:
    import bm25s
    import Stemmer
    from bm25s.stopwords import STOPWORDS_EN

    assert bm25.STOPWORDS_EN == frozenset(STOPWORDS_EN)
    stemmer = Stemmer.Stemmer("english")
    assert bm25_tokenize(SENTENCES) == bm25s.tokenize(
        SENTENCES, stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False
    )
    ids = [f"c{i}" for i in range(len(SENTENCES))]
    reference = bm25s.BM25()
    reference.index(
        bm25s.tokenize(SENTENCES, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False
    )
    index = Bm25Index.build(ids, SENTENCES, 1)
    for query in QUERIES:
        tokens = bm25s.tokenize([query], stopwords="en", stemmer=stemmer, show_progress=False)
        got = index.search(query, 5)
        if not tokens.vocab:
            assert got == []
            continue
        docs, scores = reference.retrieve(tokens, k=5, show_progress=False, n_threads=1)
        want = [(ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
        # bm25s scores in float32; ties may come in another order, so compare by id.
        assert dict(got).keys() == dict(want).keys() or [round(s, 4) for _, s in got] == [
            round(s, 4) for _, s in want
        ], query
        for i, s in want:
            if i in dict(got):
                assert dict(got)[i] == pytest.approx(s, rel=1e-5)


def test_adds_updates_and_deletes_over_many_ingests_equal_a_fresh_build(store: Store) -> None:
    put(store, {f"/d/f{i}.txt": chunks_of(f"/d/f{i}.txt", 0, 4 + i) for i in range(5)})
    put(store, {"/d/f1.txt": chunks_of("/d/f1.txt", 2, 5), "/d/f5.txt": chunks_of("/d/f5.txt", 0, 6)})
    state = json.loads((store.root / "bm25" / "state.json").read_text())
    assert len(state["segments"]) == 2 and len(state["segments"][0]["dead"]) == 5  # tombstones
    store.remove(["/d/f3.txt"])  # 12 of the first segment's 30 chunks dead now: it is rewritten
    state = json.loads((store.root / "bm25" / "state.json").read_text())
    assert [len(s["dead"]) for s in state["segments"]] == [0, 0]
    put(store, {"/d/f4.txt": chunks_of("/d/f4.txt", 3, 3)})  # fewer chunks: the tail is deleted
    put(store, {"/d/f3.txt": chunks_of("/d/f3.txt", 1, 7)})  # deleted, then back
    store.remove(["/d/f0.txt", "/d/f5.txt"])
    for step in range(6):
        put(store, {f"/d/g{step}.txt": chunks_of(f"/d/g{step}.txt", 0, 3)})
        reopened = Store(store.settings)  # what a new process sees: the saved index
        index = reopened.bm25()
        assert index.generation == store.generation
        assert_same(index, fresh(store), live_ids(store))
        reopened.close()
    assert len(json.loads((store.root / "bm25" / "state.json").read_text())["segments"]) <= bm25.MAX_SEGMENTS


def test_merges_keep_results_equal_and_segments_bounded(tmp_path: Path) -> None:
    index = Bm25Index([], 0)
    live: dict[str, str] = {}
    rng = random.Random(7)
    for step in range(40):
        removed = rng.sample(sorted(live), k=min(len(live), rng.randint(0, 6)))
        for i in removed:
            del live[i]
        added = {
            f"s{step}-{j}": " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3)))
            for j in range(rng.randint(0, 8))
        }
        live.update(added)
        index = index.updated(removed, list(added), list(added.values()), step + 1)
        assert len(index.segments) <= bm25.MAX_SEGMENTS
        assert all(len(s.dead) <= bm25.DEAD_SHARE * len(s.lens) for s in index.segments)
        if step % 5 == 4:
            index.save(tmp_path / "bm25")
            index = Bm25Index.load(tmp_path / "bm25", step + 1)
            assert index is not None
            reference = Bm25Index.build(list(live), list(live.values()), step + 1)
            assert_same(index, reference, set(live))
    # Files left behind by merges are gone: the folder holds the state and its segments.
    names = {p.name for p in (tmp_path / "bm25").iterdir()}
    assert names == {"state.json"} | {s.name for s in index.segments}
    merged = Bm25Index([bm25.merge_segments(index.segments)], index.generation)
    assert_same(merged, index, set(live))


def test_a_stale_or_damaged_index_is_rebuilt(store: Store) -> None:
    put(store, {f"/d/f{i}.txt": chunks_of(f"/d/f{i}.txt", 0, 4) for i in range(3)})
    folder = store.root / "bm25"
    # A run killed between the manifest commit and the index update: the generation moved on.
    db = sqlite3.connect(store.root / "manifest.sqlite3")
    db.execute("DELETE FROM chunks WHERE source='/d/f2.txt'")
    db.execute("DELETE FROM files WHERE source='/d/f2.txt'")
    db.execute("UPDATE meta SET value=value+1 WHERE key='generation'")
    db.commit()
    db.close()
    assert Bm25Index.load(folder, store.generation) is None
    reopened = Store(store.settings)
    index = reopened.bm25()
    assert index.generation == store.generation
    assert not any(i.startswith("/d/f2.txt") for i in index.ids)
    assert_same(Bm25Index.load(folder, store.generation), fresh(store), live_ids(store))  # saved
    # The next commit finds the index current again and updates it in place.
    put(reopened, {"/d/f9.txt": chunks_of("/d/f9.txt", 0, 3)})
    assert len(json.loads((folder / "state.json").read_text())["segments"]) == 2
    # A damaged segment file: load fails cleanly, and an update falls back to a full rebuild.
    segment = folder / json.loads((folder / "state.json").read_text())["segments"][0]["name"]
    (segment / "docs.npy").write_bytes(b"\x93NUMPY garbage")
    assert Bm25Index.load(folder, store.generation) is None
    writer = Store(store.settings)
    put(writer, {"/d/f8.txt": chunks_of("/d/f8.txt", 0, 2)})
    assert_same(Bm25Index.load(folder, writer.generation), fresh(writer), live_ids(writer))
    reopened.close()
    writer.close()


def test_a_reader_does_not_write_the_index_while_an_ingest_holds_the_lock(store: Store) -> None:
    put(store, {"/d/f0.txt": chunks_of("/d/f0.txt", 0, 4)})
    state = store.root / "bm25" / "state.json"
    state.unlink()
    reader = Store(store.settings)
    with store.write_lock():
        assert sorted(reader.bm25().ids) == sorted(live_ids(store))  # built in memory
        assert not state.exists()
    other = Store(store.settings)
    other.bm25()  # no writer now: the rebuilt index is saved
    assert state.exists()
    reader.close()
    other.close()


def test_holding_finds_the_chunks_with_every_term() -> None:
    index = Bm25Index.build(
        ["a", "b", "c"], ["Apollo 11 landed on the Moon.", "Apollo 1 burned on the pad.", "The Moon has no air."], 1
    )
    assert sorted(index.holding(bm25_tokenize(["Apollo Moon"])[0], 10)) == ["a"]
    assert sorted(index.holding(bm25_tokenize(["Moon"])[0], 10)) == ["a", "c"]
    assert index.holding(bm25_tokenize(["Moon"])[0], 1) in (["a"], ["c"])
    assert index.holding(bm25_tokenize(["Mars"])[0], 10) == []
