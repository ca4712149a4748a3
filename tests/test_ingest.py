"""Incremental sync end to end: the real CLI, the real Chroma store and the real embedder.
One unit test of the batching alone (`_pipeline`) puts a recorder in the embedder's place.

Bad input (16 kinds) and kills at many points are in test_reliability.py."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import deque
from pathlib import Path

import numpy as np
import pytest

from assistant import ingest as ingest_module
from assistant.config import Settings
from assistant.store import Store
from tests.conftest import run_cli


def ingest(store: Path, *paths: Path, extra: tuple[str, ...] = (), check: bool = True):
    proc = run_cli("ingest", *map(str, paths), "--store", str(store), "--json", *extra, check=check)
    return proc, (json.loads(proc.stdout) if proc.stdout.strip() else None)


def store_state(store: Path) -> tuple[dict[str, str], list[str], int]:
    """(source -> hash of done files, sorted chunk ids, vectors in Chroma)."""
    db = sqlite3.connect(store / "manifest.sqlite3")
    files = dict(db.execute("SELECT source, hash FROM files WHERE status='done'"))
    ids = sorted(r[0] for r in db.execute("SELECT id FROM chunks"))
    db.close()
    vectors = json.loads(run_cli("status", "--store", str(store), "--json").stdout)["vectors"]
    return files, ids, vectors


def paragraph(topic: str, n: int = 12) -> str:
    return " ".join(f"The {topic} fact number {i} is that {topic} item {i} weighs {i * 3} kilograms." for i in range(n))


def test_add_change_delete_and_dry_run(tmp_path: Path) -> None:
    docs, store = tmp_path / "docs", tmp_path / "store"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.txt").write_text(paragraph("apple"))
    (docs / "sub" / "b.md").write_text("# Bananas\n\n" + paragraph("banana"))
    (docs / "notes.xyz").write_text("unsupported")

    _, report = ingest(store, docs)
    assert len(report["plan"]["add"]) == 2 and report["files_ingested"] == 2
    # The command closed its manifest (the exit skips Python's last GC, see cli.main):
    # closing checkpoints SQLite's write-ahead log into the database and removes it.
    assert not (store / "manifest.sqlite3-wal").exists()
    assert any("unsupported" in s["reason"] for s in report["plan"]["skipped"])
    files, ids, vectors = store_state(store)
    assert len(files) == 2 and len(ids) == vectors > 0

    # Nothing changed: nothing is embedded again, ids stay the same.
    _, report = ingest(store, docs)
    assert len(report["plan"]["unchanged"]) == 2 and report["files_ingested"] == 0
    assert store_state(store) == (files, ids, vectors)

    # Change one, delete one, add one.
    (docs / "a.txt").write_text(paragraph("apricot"))
    (docs / "sub" / "b.md").unlink()
    (docs / "c.html").write_text(f"<html><body><p>{paragraph('cherry')}</p></body></html>")
    proc = run_cli("ingest", str(docs), "--store", str(store), "--dry-run")
    assert "1 add, 1 update, 1 delete, 0 unchanged" in proc.stdout
    assert store_state(store) == (files, ids, vectors), "--dry-run must change nothing"

    _, report = ingest(store, docs)
    assert [Path(p).name for p in report["plan"]["add"]] == ["c.html"]
    assert [Path(p).name for p in report["plan"]["update"]] == ["a.txt"]
    assert [Path(p).name for p in report["plan"]["delete"]] == ["b.md"]
    files2, ids2, vectors2 = store_state(store)
    assert sorted(Path(s).name for s in files2) == ["a.txt", "c.html"]
    assert len(ids2) == vectors2
    texts = " ".join(r[0] for r in sqlite3.connect(store / "manifest.sqlite3").execute("SELECT text FROM chunks"))
    assert "apricot" in texts and "cherry" in texts
    assert "apple" not in texts and "banana" not in texts

    # The new content is what retrieval finds.
    answer = json.loads(
        run_cli(
            "ask", "How much does apricot item 4 weigh?", "--store", str(store), "--backend", "extractive", "--json"
        ).stdout
    )
    assert "12 kilograms" in answer["answer"]


def test_a_command_that_can_do_nothing_fails_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "zero.txt").write_bytes(b"")
    proc = run_cli("ingest", str(bad), "--store", str(tmp_path / "s"), check=False)
    assert proc.returncode == 1
    assert "nothing was ingested" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("ingest", str(tmp_path / "missing"), "--store", str(tmp_path / "s"), check=False)
    assert proc.returncode == 1
    assert "no such file or folder" in proc.stderr and "Traceback" not in proc.stderr


def test_a_settings_change_re_embeds_everything(tmp_path: Path) -> None:
    docs, store = tmp_path / "docs", tmp_path / "store"
    docs.mkdir()
    (docs / "a.txt").write_text(paragraph("melon", n=40))
    ingest(store, docs)
    _, before, _ = store_state(store)
    proc = run_cli("ingest", str(docs), "--store", str(store), "--json", env={"ASSISTANT_CHUNK_TOKENS": "60"})
    report = json.loads(proc.stdout)
    assert report["plan"]["reembed"] is True and report["files_ingested"] == 1
    files, after, vectors = store_state(store)
    assert len(after) > len(before) and len(after) == vectors
    assert not set(after) & set(before)


class BatchRecorder:
    """Stands in for EmbedWorker where only the batching is under test: it records each
    batch's size and returns unit vectors."""

    def __init__(self, loaded: bool) -> None:
        self.loaded = threading.Event()
        if loaded:
            self.loaded.set()
        self.sizes: list[int] = []
        self._pending: deque[int] = deque()

    def submit(self, texts: list[str]) -> None:
        self.sizes.append(len(texts))
        self._pending.append(len(texts))

    def result(self) -> np.ndarray:
        vectors = np.zeros((self._pending.popleft(), 384), dtype=np.float32)
        vectors[:, 0] = 1.0
        return vectors


@pytest.mark.parametrize("loaded", [True, False], ids=["model loaded", "model loading"])
def test_the_first_batch_goes_once_the_model_has_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loaded: bool
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(8):
        (docs / f"{i}.txt").write_text(paragraph(f"topic{i}", n=12))
    monkeypatch.setenv("ASSISTANT_BATCH_CHUNKS", "5")
    settings = Settings(store=tmp_path / "store")
    done = threading.Thread(target=lambda: None)
    done.start()
    with Store(settings, create=True) as store:
        plan = ingest_module.make_plan(store, [docs], settings)
        report = ingest_module.Report(plan)
        worker = BatchRecorder(loaded)
        ingest_module._pipeline(store, plan, settings, worker, done, report, None)  # type: ignore[arg-type]
        per_file = report.chunks // 8
        assert report.chunks == per_file * 8 and report.files_ingested == 8 and store.vector_count() == report.chunks
    assert 1 <= per_file < 5  # several files to a batch
    assert sum(worker.sizes) == report.chunks
    # Loaded: the first file goes alone, at once. Still loading: the first batch fills up.
    assert worker.sizes[0] == (per_file if loaded else -(-5 // per_file) * per_file)
    assert all(size >= 5 for size in worker.sizes[1:-1])
