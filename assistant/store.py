"""The store: vectors in Chroma, the manifest and chunk texts in SQLite, a persisted BM25 index.

The SQLite manifest is the source of truth for what is ingested. A file's chunks
count only once its row says `done`; a run killed half-way leaves `pending` rows
that the next run redoes (delete by source, then add), so nothing is duplicated
and no file stays half-present. Retrieval only returns chunks the manifest holds.

The manifest carries a schema version: opening an older store migrates it in place, in one
transaction, and a newer one is refused before anything is written (store_migrations.py).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.bm25 import Bm25Index, bm25_tokenize  # noqa: F401  (doctor and tests import them from here)
from assistant.config import Settings, UserError
from assistant.loading import Chunk
from assistant.store_migrations import refuse_newer, upgrade, version

if TYPE_CHECKING:
    import numpy as np

CHROMA_MAX_BATCH = 5000  # Chroma refuses adds above ~5,400 records

_OPEN: weakref.WeakSet[Store] = weakref.WeakSet()


def close_all() -> None:
    """Close every store this process still has open. The CLI calls it before an exit that
    skips Python's last garbage collection (cli.main), which would otherwise close them."""
    for store in list(_OPEN):
        store.close()


@dataclass
class FileRow:
    source: str
    hash: str | None
    size: int
    chunks: int
    status: str  # "done" or "pending"


class StoreMissing(UserError):
    pass


class Store:
    def __init__(self, settings: Settings, create: bool = False) -> None:
        self.settings = settings
        self.root = settings.store
        db = self.root / "manifest.sqlite3"
        if not db.exists() and not create:
            raise StoreMissing(f"no store at {self.root}: run `assistant ingest PATH` first (or pass --store)")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            # A server's worker thread opens the store and the main thread closes it at exit: one
            # thread at a time uses it (server/worker.py), which SQLite's serialized mode allows.
            self.db = sqlite3.connect(str(db), timeout=30, isolation_level=None, check_same_thread=False)
            # A newer store is refused before anything, even the journal mode, is written.
            refuse_newer(version(self.db), self.root)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # The schema version this open migrated the manifest from, if it did (doctor says so).
            self.upgraded_from = upgrade(self.db, self.root)
        except UserError:
            self.db.close()
            raise
        except sqlite3.DatabaseError as exc:
            raise UserError(f"the manifest {db} is damaged ({exc}): run `assistant doctor`") from None
        except OSError as exc:
            raise UserError(f"cannot open the store at {self.root}: {exc.strerror}") from None
        _OPEN.add(self)
        self._collection = None
        self._writing = False  # inside write_lock(): this Store may write the BM25 index
        self._index: Bm25Index | None = None  # the last BM25 index loaded or saved

    # ------------------------------------------------------------ manifest

    @property
    def schema_version(self) -> int:
        """The manifest's schema version: store_migrations.CURRENT once the store is open."""
        return version(self.db)

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        return int(self.meta("generation") or 0)

    def files(self) -> dict[str, FileRow]:
        rows = self.db.execute("SELECT source, hash, size, chunks, status FROM files")
        return {r[0]: FileRow(*r) for r in rows}

    def mark_pending(self, sources: Sequence[str]) -> None:
        """Write-ahead: the manifest says these files are in flux before the vectors change."""
        with self._txn():
            self.db.executemany(
                "INSERT INTO files(source, status, size, chunks, updated) VALUES (?, 'pending', 0, 0, ?)"
                " ON CONFLICT(source) DO UPDATE SET status='pending'",
                [(s, time.time()) for s in sources],
            )

    def replace(
        self,
        sources: Sequence[str],
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        file_info: dict[str, tuple[str, int]],
    ) -> None:
        """Replace all chunks of `sources` by `chunks`; file_info maps source -> (hash, size)."""
        # Only a source the manifest already lists can have vectors (rows are written
        # before vectors), so new files skip a delete that costs a scan of the collection.
        known = self._known(sources)
        self.mark_pending(sources)
        self._chroma_delete(known)
        self._chroma_add(chunks, vectors)
        counts: dict[str, int] = {s: 0 for s in sources}
        for c in chunks:
            counts[c.source] += 1
        with self._txn():
            removed = self._chunk_ids(sources)
            self._delete_rows(sources)
            self.db.executemany(
                "INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?,?,?,?)",
                [(c.id, c.source, c.index, c.text, c.start, c.end, c.page, c.title, c.heading) for c in chunks],
            )
            self.db.executemany(
                "UPDATE files SET status='done', hash=?, size=?, chunks=?, updated=? WHERE source=?",
                [(file_info[s][0], file_info[s][1], counts[s], time.time(), s) for s in sources],
            )
            before = self._bump()
        self._update_bm25(before, removed, chunks)

    def _known(self, sources: Sequence[str]) -> list[str]:
        known: list[str] = []
        for begin in range(0, len(sources), 500):
            part = list(sources[begin : begin + 500])
            marks = ",".join("?" * len(part))
            rows = self.db.execute(f"SELECT source FROM files WHERE source IN ({marks})", part)
            known.extend(r[0] for r in rows)
        return known

    def remove(self, sources: Sequence[str]) -> None:
        self.mark_pending(sources)
        self._chroma_delete(sources)
        with self._txn():
            removed = self._chunk_ids(sources)
            self._delete_rows(sources)
            self.db.executemany("DELETE FROM files WHERE source=?", [(s,) for s in sources])
            before = self._bump()
        self._update_bm25(before, removed, [])

    def reset(self, fingerprint: str) -> None:
        """Drop every vector and chunk: the settings changed, so everything is re-embedded."""
        from assistant.backends.chroma import chroma_call

        client = self._client()
        if self.meta("fingerprint") is not None:
            self._check_location()
            try:
                client.delete_collection(self.collection_name)
            except Exception:
                pass  # absent already
        elif not self.settings.chroma_url:
            # An embedded store left half-made by a killed first run: start clean.
            try:
                client.delete_collection(self.collection_name)
            except Exception:
                pass
        chroma_call(client.heartbeat, self.settings)  # a dead server fails here, before any change
        self._collection = None
        with self._txn():
            self.db.execute("DELETE FROM chunks")
            self.db.execute("UPDATE files SET status='pending'")
            self.set_meta("fingerprint", fingerprint)
            self.set_meta("embed_model", self.settings.embed_model_name)
            self.set_meta("chroma", "server" if self.settings.chroma_url else "embedded")
            self.set_meta("collection", self._new_collection_name())
            self._bump()
        self._write_bm25(Bm25Index([], self.generation))

    def _delete_rows(self, sources: Sequence[str]) -> None:
        self.db.executemany("DELETE FROM chunks WHERE source=?", [(s,) for s in sources])

    def _chunk_ids(self, sources: Sequence[str]) -> list[str]:
        """Every chunk row of `sources`, done or pending: whichever the BM25 index holds
        becomes a tombstone."""
        ids: list[str] = []
        for begin in range(0, len(sources), 500):
            part = list(sources[begin : begin + 500])
            marks = ",".join("?" * len(part))
            ids += [r[0] for r in self.db.execute(f"SELECT id FROM chunks WHERE source IN ({marks})", part)]
        return ids

    def _bump(self) -> int:
        """Next generation; returns the one before."""
        before = self.generation
        self.set_meta("generation", str(before + 1))
        return before

    @contextmanager
    def _txn(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    _CHUNK_KEYS = ("id", "source", "index", "text", "start", "end", "page", "title", "heading")

    def _committed_chunks(self, column: str, values: Sequence[str], order: str = "") -> list[dict]:
        """Chunks of files marked done whose `column` is one of `values`, as dicts."""
        if not values:
            return []
        marks = ",".join("?" * len(values))
        rows = self.db.execute(
            f"SELECT c.id, c.source, c.idx, c.text, c.start, c.end, c.page, c.title, c.heading "
            f"FROM chunks c JOIN files f ON f.source=c.source AND f.status='done' "
            f"WHERE c.{column} IN ({marks}) {order}",
            list(values),
        )
        return [dict(zip(self._CHUNK_KEYS, r)) for r in rows]

    def chunk_rows(self, ids: Sequence[str]) -> dict[str, dict]:
        return {row["id"]: row for row in self._committed_chunks("id", ids)}

    def document_chunks(self, sources: Sequence[str]) -> list[dict]:
        """Every committed chunk of these sources, in document order: a whole-document read
        (summaries) does not depend on what retrieval happened to rank."""
        return self._committed_chunks("source", sources, "ORDER BY c.source, c.idx")

    def first_chunk_text(self, source: str) -> str:
        """The text of a committed document's first chunk ("" for none): its opening lines,
        read without loading the rest of it."""
        rows = self._committed_chunks("source", [source], "ORDER BY c.idx LIMIT 1")
        return rows[0]["text"] if rows else ""

    def documents(self) -> dict[str, str]:
        """Source path -> title of every committed document."""
        rows = self.db.execute(
            "SELECT c.source, MIN(c.title) FROM chunks c JOIN files f ON f.source=c.source "
            "AND f.status='done' GROUP BY c.source ORDER BY c.source"
        )
        return {r[0]: r[1] or "" for r in rows}

    def listing(self) -> list[dict[str, object]]:
        """Every committed document: its source, title and number of chunks (servers list it)."""
        files = self.files()
        return [
            {"source": source, "title": title, "chunks": files[source].chunks if source in files else None}
            for source, title in self.documents().items()
        ]

    def all_chunk_texts(self) -> tuple[list[str], list[str], int]:
        """Ids and texts of every committed chunk, with the generation they are at: read in
        one transaction, so a commit in between cannot pair old chunks with a new generation."""
        self.db.execute("BEGIN")
        try:
            generation = self.generation
            rows = self.db.execute(
                "SELECT c.id, c.text FROM chunks c JOIN files f ON f.source=c.source "
                "AND f.status='done' ORDER BY c.source, c.idx"
            ).fetchall()
        finally:
            self.db.execute("COMMIT")
        return [r[0] for r in rows], [r[1] for r in rows], generation

    def chunk_sources(self) -> dict[str, str]:
        """Chunk id -> source of every chunk row, committed or not: what `doctor` checks
        against the files table and Chroma's vectors."""
        return dict(self.db.execute("SELECT id, source FROM chunks"))

    def drop_stray_rows(self) -> int:
        """Delete the chunk rows of sources the files table does not list (only chunk_sources
        sees them: every other read joins on files); returns how many went. `doctor --repair`
        re-ingests those sources and rebuilds the BM25 index after."""
        with self._txn():
            return self.db.execute("DELETE FROM chunks WHERE source NOT IN (SELECT source FROM files)").rowcount

    def counts(self) -> tuple[int, int]:
        files = self.db.execute("SELECT COUNT(*) FROM files WHERE status='done'").fetchone()[0]
        chunks = self.db.execute(
            "SELECT COUNT(*) FROM chunks c JOIN files f ON f.source=c.source AND f.status='done'"
        ).fetchone()[0]
        return files, chunks

    # ------------------------------------------------------------ chroma

    def _client(self):
        from assistant.backends.chroma import make_client

        return make_client(self.settings)

    @property
    def collection_name(self) -> str:
        return self.meta("collection") or self.settings.collection

    def _new_collection_name(self) -> str:
        if not self.settings.chroma_url:
            return self.settings.collection
        # A server is shared: each store gets its own collection, so one store's
        # reset never drops another's vectors.
        import uuid

        return f"{self.settings.collection}-{uuid.uuid4().hex[:12]}"

    def _check_location(self) -> None:
        """Vectors live where the store was built: embedded or on a server, not both."""
        built = self.meta("chroma") or "embedded"
        asked = "server" if self.settings.chroma_url else "embedded"
        if built != asked:
            where = (
                "a Chroma server (pass --chroma-url)"
                if built == "server"
                else ("the embedded Chroma in the store folder (drop --chroma-url)")
            )
            raise UserError(f"the store {self.root} keeps its vectors in {where}")

    def collection(self):
        if self._collection is None:
            from assistant.backends.chroma import chroma_call

            self._check_location()
            self._collection = chroma_call(
                lambda: self._client().get_or_create_collection(
                    self.collection_name, metadata={"hnsw:space": "cosine"}
                ),
                self.settings,
            )
        return self._collection

    def _chroma_add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        from assistant.backends.chroma import chroma_call

        coll = self.collection()
        for begin in range(0, len(chunks), CHROMA_MAX_BATCH):
            part = chunks[begin : begin + CHROMA_MAX_BATCH]
            # Only vectors and the source: texts live in SQLite, and passing no
            # documents keeps Chroma from building its full-text index for nothing.
            chroma_call(
                lambda: coll.upsert(
                    ids=[c.id for c in part],
                    embeddings=vectors[begin : begin + len(part)],
                    metadatas=[{"source": c.source} for c in part],
                ),
                self.settings,
            )

    def _chroma_delete(self, sources: Sequence[str]) -> None:
        from assistant.backends.chroma import chroma_call

        if not sources:
            return
        coll = self.collection()
        for begin in range(0, len(sources), 500):
            part = list(sources[begin : begin + 500])
            where = {"source": part[0]} if len(part) == 1 else {"source": {"$in": part}}
            chroma_call(lambda: coll.delete(where=where), self.settings)

    def dense(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        from assistant.backends.chroma import chroma_call

        coll = self.collection()
        result = chroma_call(
            lambda: coll.query(query_embeddings=[vector], n_results=n, include=["distances"]),
            self.settings,
        )
        ids = result["ids"][0]
        distances = result["distances"][0] if result.get("distances") else [1.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances)]

    def similarities(self, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of these chunks to a vector (unit vectors: the dot product), for
        chunks a title names rather than the dense search found."""
        from assistant.backends.chroma import chroma_call

        if not ids:
            return {}
        coll = self.collection()
        got = chroma_call(lambda: coll.get(ids=list(ids), include=["embeddings"]), self.settings)
        return {i: float(vector @ e) for i, e in zip(got["ids"], got["embeddings"])}

    def drop_vectors(self, ids: Sequence[str]) -> None:
        """Delete these vectors from Chroma whatever the manifest says: `doctor --repair`
        drops vectors the manifest does not list."""
        from assistant.backends.chroma import chroma_call

        if not ids:
            return
        coll = self.collection()
        for begin in range(0, len(ids), 500):
            part = list(ids[begin : begin + 500])
            chroma_call(lambda: coll.delete(ids=part), self.settings)

    def vector_count(self) -> int:
        from assistant.backends.chroma import chroma_call

        return int(chroma_call(lambda: self.collection().count(), self.settings))

    # ------------------------------------------------------------ bm25

    def bm25(self) -> Bm25Index:
        """The index at the store's generation: loaded, or rebuilt if missing or stale.
        Queries never write it while an ingest runs: the ingest's own update lands."""
        generation = self.generation
        if self._index is not None and self._index.generation == generation:
            return self._index
        index = Bm25Index.load(self.root / "bm25", generation)
        if index is None:
            ids, texts, generation = self.all_chunk_texts()
            index = Bm25Index.build(ids, texts, generation)
            self._save_bm25(index)
        self._index = index
        return index

    def saved_bm25(self) -> Bm25Index | None:
        """The BM25 index as saved on disk, or None when it is missing, damaged or not at the
        store's generation. Never rebuilds: `doctor` reports such an index instead."""
        return Bm25Index.load(self.root / "bm25", self.generation)

    def rebuild_bm25(self) -> Bm25Index:
        """A full rebuild from the manifest: for an index that is missing, damaged or stale.
        Callers hold the write lock (or are the only writer), so it is saved."""
        ids, texts, generation = self.all_chunk_texts()
        index = Bm25Index.build(ids, texts, generation)
        self._write_bm25(index)
        return index

    def _update_bm25(self, before: int, removed: Sequence[str], added: Sequence[Chunk]) -> None:
        """Carry a commit that took the manifest from `before` to `before + 1` into the index.
        If the saved index is not at `before` (a run killed between a commit and this update,
        or a damaged index), only a full rebuild can be trusted."""
        index = self._index
        if index is None or index.generation != before:
            index = Bm25Index.load(self.root / "bm25", before)
        if index is None:
            self.rebuild_bm25()
            return
        index = index.updated(removed, [c.id for c in added], [c.text for c in added], before + 1)
        self._write_bm25(index)

    def _write_bm25(self, index: Bm25Index) -> None:
        self._index = index
        try:
            index.save(self.root / "bm25")
        except OSError:
            pass  # the state file still names the old generation: the next load rebuilds

    def _save_bm25(self, index: Bm25Index) -> None:
        """Save if no one else is writing: a reader takes the write lock for the save, and
        skips it when an ingest holds the lock (that ingest saves its own index)."""
        if self._writing:
            self._write_bm25(index)
            return
        try:
            with self.lock_folder(self.root):
                if self.generation == index.generation:  # else a writer moved on while we built
                    self._write_bm25(index)
        except (UserError, OSError):
            pass  # a busy or read-only store still answers; it rebuilds in memory next time

    # ------------------------------------------------------------ misc

    def size_on_disk(self) -> int:
        total = 0
        for dirpath, _, filenames in os.walk(self.root):
            for name in filenames:
                try:
                    total += (Path(dirpath) / name).stat().st_size
                except OSError:
                    pass
        return total

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer at a time: a second ingest is refused instead of interleaving."""
        with self.lock_folder(self.root):
            self._writing = True
            try:
                yield
            finally:
                self._writing = False

    @staticmethod
    @contextmanager
    def lock_folder(root: Path) -> Iterator[None]:
        """The write lock on a store folder, for writers that cannot open the manifest
        (`assistant doctor --repair` of a damaged one)."""
        path = root / ".lock"
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise UserError(f"the store {root} is being written by {holder}: try again when it ends") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def close(self) -> None:
        self.db.close()

    def __del__(self) -> None:
        # Python 3.11's sqlite3 connection is in a reference cycle with its own statement
        # cache, so a dropped Store would keep its manifest open until a garbage collection,
        # and the CLI's exit skips the last one (cli.main).
        if hasattr(self, "db"):  # not when __init__ failed before connecting
            self.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
