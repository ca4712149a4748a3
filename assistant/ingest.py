"""Incremental sync of files into the store: plan (add / update / delete / unchanged), then apply."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from assistant.config import Settings, UserError
from assistant.loading import Chunk, SkipFile, chunk_document, discover, file_hash, load
from assistant.store import Store

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
            "add": self.add, "update": self.update, "delete": self.delete,
            "unchanged": self.unchanged, "reembed": self.reembed,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }


@dataclass
class Report:
    plan: Plan
    files_ingested: int = 0
    chunks: int = 0
    seconds: float = 0.0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def chunks_per_second(self) -> float:
        return self.chunks / self.seconds if self.seconds > 0 else 0.0

    @property
    def did_anything(self) -> bool:
        return bool(self.files_ingested or self.plan.delete or self.plan.unchanged)

    def as_dict(self) -> dict[str, object]:
        return {
            "plan": self.plan.as_dict(), "files_ingested": self.files_ingested,
            "chunks": self.chunks, "seconds": round(self.seconds, 3),
            "chunks_per_second": round(self.chunks_per_second, 1),
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
        }


def _under(source: str, roots: Sequence[Path]) -> bool:
    return any(source == str(r) or source.startswith(str(r) + os.sep) for r in roots)


def make_plan(store: Store | None, paths: Sequence[str | Path], settings: Settings) -> Plan:
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
        elif plan.reembed or row.status != "done" or row.hash != info[0]:
            plan.update.append(source)
        else:
            plan.unchanged.append(source)
    for source, row in known.items():
        if source in present:
            continue
        if _under(source, found.roots) or (row.status != "done" and not Path(source).exists()):
            plan.delete.append(source)
        elif plan.reembed:
            # Files from earlier ingests elsewhere are re-embedded too, or dropped if gone.
            try:
                plan.info[source] = (file_hash(Path(source)), Path(source).stat().st_size)
                plan.update.append(source)
            except OSError:
                plan.delete.append(source)
    if not found.roots:
        raise UserError("nothing to ingest: " + "; ".join(f"{p}: {r}" for p, r in found.skipped))
    return plan


Progress = Callable[[int, int], None]  # (files done, files total)


def token_counter() -> Callable[[list[str]], list[int]]:
    """MiniLM word pieces per text, untruncated: what the chunker sizes chunks by."""
    from assistant.backends.embedders import load_tokenizer

    counter = load_tokenizer(max_length=1_000_000)
    counter.no_padding()

    def count_tokens(texts: list[str]) -> list[int]:
        return [len(e.ids) for e in counter.encode_batch(texts, add_special_tokens=False)]

    return count_tokens


def apply(store: Store, plan: Plan, settings: Settings, progress: Progress | None = None) -> Report:
    """Carry the plan out in batches; each batch is committed on its own, so an
    interrupted run keeps what was done and the next run completes the rest."""
    from assistant.backends.chroma import import_chromadb_in_background
    from assistant.backends.embedders import make_embedder

    report = Report(plan)
    started = time.perf_counter()
    work = plan.work
    if work:
        # The embedder loads (native code) while chromadb imports; nothing is written yet.
        chroma = import_chromadb_in_background(local_embedder=settings.embed_backend == "local")
        embedder = make_embedder(settings)
        count_tokens = token_counter()
        chroma.join()
    if plan.reembed or store.meta("fingerprint") is None:
        store.reset(settings.fingerprint())
    if plan.delete:
        store.remove(plan.delete)
    if work:
        batch_sources: list[str] = []
        batch_chunks: list[Chunk] = []
        done = 0
        per_batch = batch_size()

        def flush() -> None:
            if not batch_sources:
                return
            vectors = embedder.embed([c.text for c in batch_chunks])
            store.replace(batch_sources, batch_chunks, vectors, plan.info)
            report.files_ingested += len(batch_sources)
            report.chunks += len(batch_chunks)
            batch_sources.clear()
            batch_chunks.clear()

        for source in work:
            try:
                doc = load(Path(source))
                chunks = chunk_document(doc, count_tokens, settings.chunk_tokens, settings.chunk_overlap)
                if not chunks:
                    raise SkipFile("no text found")
            except SkipFile as exc:
                # The file keeps whatever the store had of it: a bad file loses nothing.
                report.failed.append((source, str(exc)))
            else:
                batch_sources.append(source)
                batch_chunks.extend(chunks)
                if len(batch_chunks) >= per_batch or len(batch_sources) >= BATCH_FILES:
                    flush()
            done += 1
            if progress:
                progress(done, len(work))
        flush()
    # Each commit above updated the BM25 index; this loads it, and rebuilds it only if it is
    # stale (a killed run left it behind its manifest) or missing.
    store.bm25()
    report.seconds = time.perf_counter() - started
    return report
