"""Incremental sync of files into the store: plan (add / update / delete / unchanged), then apply."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Settings, UserError
from assistant.loading import Chunk, SkipFile, chunk_document, discover, file_hash, load
from assistant.loading.extras import manifest_hash, stale
from assistant.render import display
from assistant.store import Store

if TYPE_CHECKING:
    import numpy as np

BATCH_CHUNKS = 256  # chunks embedded and committed together
BATCH_FILES = 200  # so a folder of tiny files still commits often


def batch_size() -> int:
    """Chunks per committed batch. ASSISTANT_BATCH_CHUNKS is a test/tuning knob: the
    kill-safety test sets it small so a small corpus has many commit points."""
    raw = os.environ.get("ASSISTANT_BATCH_CHUNKS", "")
    try:
        return max(1, int(raw)) if raw else BATCH_CHUNKS
    except ValueError:
        raise UserError(f"ASSISTANT_BATCH_CHUNKS={raw!r} is not a whole number") from None


@dataclass
class Plan:
    add: list[str] = field(default_factory=list)
    update: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    info: dict[str, tuple[str, int]] = field(default_factory=dict)  # source -> (hash, size)
    reembed: bool = False

    @property
    def work(self) -> list[str]:
        return self.add + self.update

    def as_dict(self) -> dict[str, object]:
        return {
            "add": self.add,
            "update": self.update,
            "delete": self.delete,
            "unchanged": self.unchanged,
            "reembed": self.reembed,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }


@dataclass
class Report:
    plan: Plan
    files_ingested: int = 0
    chunks: int = 0
    seconds: float = 0.0
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, note) of files read

    @property
    def chunks_per_second(self) -> float:
        return self.chunks / self.seconds if self.seconds > 0 else 0.0

    @property
    def did_anything(self) -> bool:
        return bool(self.files_ingested or self.plan.delete or self.plan.unchanged)

    def as_dict(self) -> dict[str, object]:
        return {
            "plan": self.plan.as_dict(),
            "files_ingested": self.files_ingested,
            "chunks": self.chunks,
            "seconds": round(self.seconds, 3),
            "chunks_per_second": round(self.chunks_per_second, 1),
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "notes": [{"path": p, "note": n} for p, n in self.notes],
        }


def _under(source: str, roots: Sequence[Path]) -> bool:
    return any(source == str(r) or source.startswith(str(r) + os.sep) for r in roots)


def make_plan(store: Store | None, paths: Sequence[str | Path], settings: Settings, exact: bool = False) -> Plan:
    """What an ingest of `paths` adds, updates and deletes. Files the store holds from other
    places are kept, unless `exact`: then the store is made to hold these paths only (an eval's
    store, which must not keep the documents of a checkout elsewhere)."""
    found = discover(paths)
    plan = Plan(skipped=list(found.skipped))
    known = store.files() if store else {}
    plan.reembed = bool(known) and store is not None and store.meta("fingerprint") != settings.fingerprint()
    present: set[str] = set()
    for path in found.files:
        source = str(path)
        try:
            info = (file_hash(path), path.stat().st_size)
        except PermissionError:
            plan.skipped.append((source, "permission denied"))
            present.add(source)  # unreadable is not deleted: keep what the store has
            continue
        except OSError as exc:
            plan.skipped.append((source, f"cannot read: {exc.strerror or exc}"))
            present.add(source)
            continue
        present.add(source)
        plan.info[source] = info
        row = known.get(source)
        if row is None:
            plan.add.append(source)
        elif plan.reembed or row.status != "done" or stale(row.hash, info[0]):
            plan.update.append(source)
        else:
            plan.unchanged.append(source)
    for source, row in known.items():
        if source in present:
            continue
        if exact or _under(source, found.roots) or (row.status != "done" and not Path(source).exists()):
            plan.delete.append(source)
        elif plan.reembed:
            # Files from earlier ingests elsewhere are re-embedded too, or dropped if gone.
            try:
                plan.info[source] = (file_hash(Path(source)), Path(source).stat().st_size)
                plan.update.append(source)
            except OSError:
                plan.delete.append(source)
    if not found.roots:
        raise UserError("nothing to ingest: " + "; ".join(f"{display(p)}: {r}" for p, r in found.skipped))
    return plan


Progress = Callable[[int, int], None]  # (files done, files total)


def token_counter() -> Callable[[list[str]], list[int]]:
    """MiniLM word pieces per text, untruncated: what the chunker sizes chunks by."""
    from assistant.backends.embedders import load_tokenizer

    counter = load_tokenizer(max_length=1_000_000)

    def count_tokens(texts: list[str]) -> list[int]:
        return [len(e.ids) for e in counter.encode_batch(texts, add_special_tokens=False)]

    return count_tokens


def apply(store: Store, plan: Plan, settings: Settings, progress: Progress | None = None) -> Report:
    """Carry the plan out in batches; each batch is committed on its own, so an
    interrupted run keeps what was done and the next run completes the rest.

    Embedding is most of the time, so it runs on a second thread while this one reads
    and chunks the next batch and writes the last one. The first batch goes as soon as the
    model has loaded, with whatever has been read by then (docs/BENCHMARKS.md, "Ingest vs
    the raw embedder")."""
    from assistant.backends.chroma import import_chromadb_in_background
    from assistant.backends.chroma_process import ChromaProcess

    report = Report(plan)
    started = time.perf_counter()
    work = plan.work
    if not work:
        _prepare(store, plan, settings)
    else:
        # chromadb imports, in a child process or else on a thread, and the embedder loads
        # while the first batch is read and chunked. Forked first, the child has the second
        # core to itself until the first model call.
        with ExitStack() as cleanup:  # on the way out: stop the embedder, then the child
            writer = ChromaProcess.start(settings)
            if writer is not None:
                cleanup.callback(writer.close)
            chroma = import_chromadb_in_background(
                local_embedder=settings.embed_backend == "local", chromadb=writer is None
            )
            worker = EmbedWorker(settings)
            cleanup.callback(worker.stop)
            _pipeline(store, plan, settings, worker, chroma, report, progress)
    # Each commit above updated the BM25 index; this loads it, and rebuilds it only if it is
    # stale (a killed run left it behind its manifest) or missing.
    store.bm25()
    report.seconds = time.perf_counter() - started
    return report


def _prepare(store: Store, plan: Plan, settings: Settings) -> None:
    """What must happen before the first batch is written: a new or re-embedded store is
    reset (a dead server fails here), and deleted files are removed."""
    if plan.reembed or store.meta("fingerprint") is None:
        store.reset(settings.fingerprint())
    if plan.delete:
        store.remove(plan.delete)


@dataclass
class _Batch:
    sources: list[str]
    chunks: list[Chunk]
    files_done: int  # files read by the time this batch was sent, failures included


def _pipeline(
    store: Store,
    plan: Plan,
    settings: Settings,
    worker: EmbedWorker,
    chroma: threading.Thread,
    report: Report,
    progress: Progress | None,
) -> None:
    work = plan.work
    count_tokens = token_counter()
    per_batch = batch_size()
    sent = 0
    in_flight: deque[_Batch] = deque()
    prepared = False

    def prepare_once() -> None:
        nonlocal prepared
        if not prepared:
            chroma.join()
            _prepare(store, plan, settings)
            prepared = True

    def write_oldest() -> None:
        batch = in_flight.popleft()
        vectors = worker.result()  # first: an embedder that fails has changed nothing
        prepare_once()  # while the next batch embeds
        store.replace(batch.sources, batch.chunks, vectors, plan.info)
        report.files_ingested += len(batch.sources)
        report.chunks += len(batch.chunks)
        if progress:
            progress(batch.files_done, len(work))

    def send(batch: _Batch) -> None:
        worker.submit([c.text for c in batch.chunks])
        in_flight.append(batch)
        # One batch embeds while the one before it is written: at most two in memory.
        while len(in_flight) > 1:
            write_oldest()

    batch = _Batch([], [], 0)
    for done, source in enumerate(work, 1):
        try:
            doc = load(Path(source))
            chunks = chunk_document(doc, count_tokens, settings.chunk_tokens, settings.chunk_overlap)
            if not chunks:
                raise SkipFile("no text found")
        except SkipFile as exc:
            # The file keeps whatever the store had of it: a bad file loses nothing.
            report.failed.append((source, str(exc)))
        else:
            batch.sources.append(source)
            batch.chunks.extend(chunks)
            report.notes.extend((source, note) for note in doc.notes)
            if doc.needs_extra:  # marked in the manifest: read again once the extra is installed
                plan.info[source] = (manifest_hash(plan.info[source][0], doc.needs_extra), plan.info[source][1])
        batch.files_done = done
        # The first batch is what was read while the model loaded: a full batch could leave
        # the model idle, a fixed small one pads more and leaves a big last batch, whose
        # write nothing overlaps (XQuAD: 253 + 46 chunks instead of 64 + 235).
        first_can_go = sent == 0 and bool(batch.chunks) and worker.loaded.is_set()
        if len(batch.chunks) >= per_batch or len(batch.sources) >= BATCH_FILES or first_can_go:
            send(batch)
            sent += 1
            batch = _Batch([], [], done)
    if batch.sources:
        send(batch)
    while in_flight:
        write_oldest()
    prepare_once()  # every file failed: deletes and a reset still happen
    if progress:
        progress(len(work), len(work))


class EmbedWorker:
    """Embeds batches in order on a second thread; onnxruntime and HTTP calls leave the
    interpreter free for reading, chunking and writing meanwhile.

    It checks for `stop` after each model call, so that `stop` returns within one:
    exiting while onnxruntime runs on another thread aborts the process (exit 134 in 20
    of 20 tries)."""

    def __init__(self, settings: Settings) -> None:
        self._jobs: queue.Queue[list[str] | None] = queue.Queue()
        self._results: queue.Queue[tuple[np.ndarray, None] | tuple[None, BaseException]] = queue.Queue()
        self._stopping = threading.Event()
        self.loaded = threading.Event()  # set once the model is ready for its first batch
        self._thread = threading.Thread(target=self._run, args=(settings,), name="embed", daemon=True)
        self._thread.start()

    def submit(self, texts: list[str]) -> None:
        self._jobs.put(texts)

    def result(self) -> np.ndarray:
        """The vectors of the oldest batch not yet collected, or its embedder's error."""
        vectors, error = self._results.get()
        if vectors is None:
            raise error or RuntimeError("the embedder returned nothing")
        return vectors

    def stop(self) -> None:
        self._stopping.set()
        self._jobs.put(None)
        self._thread.join()

    def _run(self, settings: Settings) -> None:
        from assistant.backends.embedders import collect, make_embedder

        try:
            embedder = make_embedder(settings)
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that reports it
            self._results.put((None, exc))
            return
        self.loaded.set()
        while (texts := self._jobs.get()) is not None:
            try:
                vectors = collect(texts, self._until_stopped(embedder.embed_batches(texts)))
            except BaseException as exc:  # noqa: BLE001
                self._results.put((None, exc))
                return
            if self._stopping.is_set():
                return
            self._results.put((vectors, None))

    def _until_stopped(self, calls: Iterator[tuple[list[int], np.ndarray]]) -> Iterator[tuple[list[int], np.ndarray]]:
        try:
            for call in calls:
                yield call
                if self._stopping.is_set():
                    return
        finally:
            # Now, not when collected: closing waits for any model call still running.
            if (close := getattr(calls, "close", None)) is not None:
                close()
