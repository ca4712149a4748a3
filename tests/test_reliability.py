"""Faults and bad input, end to end: the real CLI in subprocesses, the real store and embedder.

Kill safety, the write lock, `ask` during an ingest, bad input of many kinds, damaged
stores and `assistant doctor`. The case counts are in docs/RELIABILITY.md.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.bm25 import Bm25Index
from tests.conftest import ROOT, run_cli

Snapshot = dict[str, object]


def paragraph(topic: str, n: int = 12) -> str:
    return " ".join(f"The {topic} fact number {i} is that {topic} item {i} weighs {i * 3} kilograms." for i in range(n))


def ingest_json(
    store: Path, *paths: Path, env: dict[str, str] | None = None, check: bool = True
) -> tuple[subprocess.CompletedProcess[str], dict | None]:
    proc = run_cli("ingest", *map(str, paths), "--store", str(store), "--json", env=env, check=check)
    return proc, (json.loads(proc.stdout) if proc.stdout.strip() else None)


def spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        text=True,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def read_manifest(store: Path, sql: str) -> list[tuple]:
    """A read-only look at the manifest while a writer may hold it; [] if not there yet."""
    path = store / "manifest.sqlite3"
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return []


def generation(store: Path) -> int:
    rows = read_manifest(store, "SELECT value FROM meta WHERE key='generation'")
    return int(rows[0][0]) if rows else 0


def snapshot(store: Path) -> Snapshot:
    """Manifest rows, chunk ids and the BM25 index's ids: what a clean ingest must equal."""
    db = sqlite3.connect(store / "manifest.sqlite3")
    files = sorted(db.execute("SELECT source, hash, size, chunks, status FROM files"))
    chunks = sorted(db.execute("SELECT id, source, idx, start, end FROM chunks"))
    gen = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0]
    db.close()
    bm25 = Bm25Index.load(store / "bm25", int(gen))
    assert bm25 is not None, f"{store}: BM25 index is stale or damaged"
    assert len({(c[1], c[2]) for c in chunks}) == len(chunks), f"{store}: a chunk is duplicated"
    return {"files": files, "chunks": chunks, "bm25": sorted(bm25.ids)}


VECTOR_IDS = """
import json, sys, chromadb
from chromadb.config import Settings
out = {}
for path in sys.argv[1:]:
    client = chromadb.PersistentClient(path=path + "/chroma", settings=Settings(anonymized_telemetry=False))
    got = client.get_collection("chunks").get(include=[])
    out[path] = got["ids"]
print(json.dumps(out))
"""


def vector_ids(stores: list[Path]) -> dict[str, list[str]]:
    """Vector ids in each store's Chroma, read by chromadb in one fresh process."""
    proc = subprocess.run(
        [sys.executable, "-c", VECTOR_IDS, *map(str, stores)], capture_output=True, text=True, timeout=180, check=True
    )
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- kill safety


@dataclass
class KillPoint:
    name: str
    update: bool  # kill an update of an older store rather than a first ingest
    ready: Callable[[Path, int, float], bool]  # (store, generation at start, seconds since start)


def after_seconds(s: float) -> Callable[[Path, int, float], bool]:
    return lambda store, gen0, elapsed: elapsed >= s


def after_batches(n: int) -> Callable[[Path, int, float], bool]:
    # The generation goes up once per committed batch (and once for the first reset).
    return lambda store, gen0, elapsed: generation(store) >= gen0 + n


def while_pending(store: Path, gen0: int, elapsed: float) -> bool:
    """Between the write-ahead mark and the commit of a batch: vectors are in flux."""
    return generation(store) > gen0 and bool(read_manifest(store, "SELECT 1 FROM files WHERE status='pending' LIMIT 1"))


KILL_POINTS = [
    KillPoint("early, while starting", False, after_seconds(0.4)),
    KillPoint("first ingest, after 1 batch", False, after_batches(2)),
    KillPoint("first ingest, after 3 batches", False, after_batches(4)),
    KillPoint("first ingest, after 6 batches", False, after_batches(7)),
    KillPoint("first ingest, after 10 batches", False, after_batches(11)),
    KillPoint("first ingest, after 12 batches", False, after_batches(13)),
    KillPoint("first ingest, a batch in flux", False, while_pending),
    KillPoint("update, after the delete", True, after_batches(1)),
    KillPoint("update, after 3 batches", True, after_batches(4)),
    KillPoint("update, after 7 batches", True, after_batches(8)),
    KillPoint("update, a batch in flux", True, while_pending),
    KillPoint("update, at 2.5 s", True, after_seconds(2.5)),
]


def write_corpus(docs: Path, version: str) -> None:
    """14 files of ~3 chunks each; version B changes 8, deletes 2 and adds 2."""
    docs.mkdir(exist_ok=True)
    for path in docs.iterdir():
        path.unlink()
    names = [f"doc{i:02}" for i in range(14)]
    if version == "B":
        names = names[2:] + ["new00", "new01"]
    for name in names:
        topic = name + ("-v2" if version == "B" and int(name[-1]) % 4 < 3 and name < "doc12" else "")
        (docs / f"{name}.txt").write_text(paragraph(topic, n=25))


def kill_at(point: KillPoint, store: Path, docs: Path) -> bool:
    """Run an ingest and SIGKILL it at the point; True if it was killed before it ended."""
    gen0 = generation(store)
    proc = spawn("ingest", str(docs), "--store", str(store), env={"ASSISTANT_BATCH_CHUNKS": "3"})
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() - started < 120:
        if point.ready(store, gen0, time.monotonic() - started):
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.communicate()
    return proc.returncode == -signal.SIGKILL


def test_sigkill_at_many_points_then_rerun_equals_a_clean_ingest(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_corpus(docs, "A")
    old = tmp_path / "old"
    ingest_json(old, docs)
    write_corpus(docs, "B")
    clean = tmp_path / "clean"
    ingest_json(clean, docs)
    expected = snapshot(clean)
    assert len(expected["files"]) == 14 and len(expected["chunks"]) >= 40

    killed: list[str] = []
    stores: list[Path] = []
    for i, point in enumerate(KILL_POINTS):
        store = tmp_path / f"kill{i:02}"
        if point.update:
            shutil.copytree(old, store)
        if kill_at(point, store, docs):
            killed.append(point.name)
        proc, report = ingest_json(store, docs)
        assert "Traceback" not in proc.stderr
        assert snapshot(store) == expected, f"kill point {point.name!r}: store differs from a clean ingest"
        stores.append(store)
    assert len(killed) >= 10, f"only {len(killed)} runs were killed mid-way: {killed}"

    vectors = vector_ids([clean, *stores])
    want = sorted(vectors.pop(str(clean)))
    assert want == expected["bm25"]
    for path, ids in vectors.items():
        assert len(ids) == len(set(ids)) and sorted(ids) == want, f"{path}: vectors differ"


@pytest.mark.parametrize("batches", [0, 2, 5])
def test_ctrl_c_mid_ingest_exits_130_and_the_next_run_completes(tmp_path: Path, batches: int) -> None:
    """Ctrl-C lands while the embedder thread is mid-batch: the run stops at once with
    exit 130 and one line, not a crash of onnxruntime at exit (134) or a silent 0."""
    docs = tmp_path / "docs"
    write_corpus(docs, "A")
    clean = tmp_path / "clean"
    ingest_json(clean, docs)
    store = tmp_path / "store"
    proc = spawn("ingest", str(docs), "--store", str(store), env={"ASSISTANT_BATCH_CHUNKS": "3"})
    ready = after_batches(batches + 1) if batches else after_seconds(1.0)
    started = time.monotonic()
    while proc.poll() is None and not ready(store, 0, time.monotonic() - started):
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert (proc.returncode, err.strip()) == (130, "interrupted")
    rerun, _ = ingest_json(store, docs)
    assert "Traceback" not in rerun.stderr
    assert snapshot(store) == snapshot(clean)


# ---------------------------------------------------------------- concurrency


def test_a_second_writer_is_refused_and_ask_during_an_ingest_is_consistent(tmp_path: Path) -> None:
    docs, store = tmp_path / "docs", tmp_path / "store"
    docs.mkdir()
    old = {f"f{i:02}.txt": paragraph(f"plum{i}", n=25) for i in range(30)}
    for name, text in old.items():
        (docs / name).write_text(text)
    ingest_json(store, docs)
    new = {name: paragraph(f"pear{i}", n=25) for i, name in enumerate(old)}
    for name, text in new.items():
        (docs / name).write_text(text)

    gen0 = generation(store)
    writer = spawn("ingest", str(docs), "--store", str(store), env={"ASSISTANT_BATCH_CHUNKS": "2"})
    try:
        deadline = time.monotonic() + 120
        while generation(store) < gen0 + 2 and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert writer.poll() is None, "the first ingest ended too soon to overlap"

        second = run_cli("ingest", str(docs), "--store", str(store), check=False, timeout=60)
        assert second.returncode == 1 and "Traceback" not in second.stderr
        assert f"is being written by pid {writer.pid}" in second.stderr

        overlapped = 0
        for question in ("How much does plum3 item 4 weigh?", "How much does pear5 item 7 weigh?"):
            during = writer.poll() is None
            proc = run_cli(
                "ask", question, "--store", str(store), "--backend", "extractive", "--json", check=False, timeout=120
            )
            assert proc.returncode == 0, proc.stderr
            overlapped += during
            for citation in json.loads(proc.stdout)["citations"]:
                # Every quote is the exact text of one whole version of its file.
                name = Path(citation["source"]).name
                span = slice(citation["start"], citation["end"])
                assert citation["quote"] in (old[name][span], new[name][span])
        assert overlapped >= 1
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    texts = " ".join(r[0] for r in read_manifest(store, "SELECT text FROM chunks"))
    assert "pear7" in texts and "plum7" not in texts


# ---------------------------------------------------------------- bad input


BAD_KINDS = {  # file name -> what its skip reason must say
    "zero.txt": "empty file",
    "binary.txt": "binary",
    "corrupt.pdf": "corrupt PDF",
    "locked.pdf": "encrypted PDF",
    "fake.docx": "corrupt DOCX",
    "huge.txt": "too large",
    "loop": "symlink loop",
    "vanish.txt": "vanished",
    "missing-path": "no such file",
    "broken-link.txt": "not a regular file",
}


def make_bad_folder(docs: Path) -> None:
    from pypdf import PdfWriter

    docs.mkdir()
    (docs / "good.txt").write_text(paragraph("grape"))
    (docs / "zero.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (docs / "latin1.md").write_bytes("Un café au lait, s'il vous plaît.".encode("latin-1"))
    (docs / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    with (docs / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    (docs / "fake.docx").write_bytes(b"this is not a zip file")
    (docs / "utf16.txt").write_text("The utf16 papaya fact says papaya item 5 weighs 15 kilograms.", encoding="utf-16")
    (docs / "controls.txt").write_text("Control\x01 characters\x02\x1b[31m are dropped. " + paragraph("kiwi"))
    # One 150 KB line with no newline and no sentence end: split at word boundaries.
    (docs / "one-line.txt").write_text(" ".join(f"lineword{i % 997}" for i in range(15000)))
    with (docs / "huge.txt").open("w") as handle:  # 50 MB, over the default 20 MB limit
        line = paragraph("melon") + "\n"
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    (docs / "sub").mkdir()
    (docs / "sub" / "loop").symlink_to(docs)
    (docs / "broken-link.txt").symlink_to(docs / "nowhere.txt")
    tiny = docs / "tiny"
    tiny.mkdir()
    for i in range(5000):
        (tiny / f"n{i:04}.txt").write_text(f"Tiny note {i} says fig.")
    # Sorted after everything else, so the run reaches it long after the plan saw it.
    (docs / "zz").mkdir()
    (docs / "zz" / "vanish.txt").write_text(paragraph("vanishing"))


def run_with_peak_rss(args: list[str], on_progress: Callable[[], None]) -> tuple[int, str, str, int]:
    """(exit code, stdout, stderr, peak RSS in MB) of one CLI run; on_progress is polled.

    Not the rusage of the child: Linux carries the parent's high-water RSS into a child
    across fork and exec, so a child of this test process (models loaded by earlier tests)
    reports at least this process's peak. /usr/bin/time, a small parent, reports the
    child's own; without it, the child's VmHWM is read while it runs."""
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    with tempfile.NamedTemporaryFile("r") as rss:
        timer = ["/usr/bin/time", "-f", "%M", "-o", rss.name] if Path("/usr/bin/time").exists() else []
        proc = subprocess.Popen(
            [*timer, sys.executable, "-m", "assistant", *args], cwd=ROOT, text=True, stdout=out, stderr=err
        )
        peak_kb = 0
        while proc.poll() is None:
            on_progress()
            if not timer:
                try:
                    status = Path(f"/proc/{proc.pid}/status").read_text()
                    peak_kb = max(peak_kb, int(status.split("VmHWM:")[1].split()[0]))
                except (OSError, IndexError, ValueError):
                    pass  # gone, or not Linux
            time.sleep(0.05)
        if timer:
            peak_kb = int(rss.read().strip().splitlines()[-1])
    out.seek(0), err.seek(0)
    return proc.returncode, out.read(), err.read(), peak_kb // 1024


PEAK_RSS_MB = 700


def test_bad_input_of_many_kinds_is_skipped_with_reasons_and_good_files_kept(tmp_path: Path) -> None:
    docs, store = tmp_path / "docs", tmp_path / "store"
    make_bad_folder(docs)
    vanish = docs / "zz" / "vanish.txt"

    def remove_vanishing_file_once_work_is_committed() -> None:
        if vanish.exists() and read_manifest(store, "SELECT 1 FROM files WHERE status='done' LIMIT 1"):
            vanish.unlink()

    code, stdout, stderr, peak_mb = run_with_peak_rss(
        ["ingest", str(docs), str(tmp_path / "missing-path"), "--store", str(store), "--json"],
        remove_vanishing_file_once_work_is_committed,
    )
    assert code == 0 and "Traceback" not in stderr, stderr
    assert not vanish.exists(), "the file was meant to vanish during the run"
    report = json.loads(stdout)
    reasons = {Path(f["path"]).name: f["reason"] for f in report["failed"] + report["plan"]["skipped"]}
    for name, reason in BAD_KINDS.items():
        assert reason in reasons.get(name, ""), f"{name}: {reasons.get(name)!r}"
    assert peak_mb < PEAK_RSS_MB, f"peak RSS {peak_mb} MB"

    done = {Path(r[0]).name for r in read_manifest(store, "SELECT source FROM files WHERE status='done'")}
    assert {"good.txt", "utf16.txt", "controls.txt", "one-line.txt", "latin1.md"} <= done
    notes = {Path(n["path"]).name: n["note"] for n in report["notes"]}
    assert notes["latin1.md"] == "encoding windows-1252 assumed (not UTF-8)"  # read, and said so
    assert sum(name.startswith("n") for name in done) == 5000
    assert not done & set(BAD_KINDS)
    texts = " ".join(r[0] for r in read_manifest(store, "SELECT text FROM chunks"))
    assert "papaya item 5" in texts and "\x1b" not in texts and "\x01" not in texts
    longest = read_manifest(store, "SELECT MAX(LENGTH(text)) FROM chunks WHERE source LIKE '%one-line.txt'")
    assert 0 < longest[0][0] < 3000, "the long line is cut into window-sized chunks"

    answer = json.loads(
        run_cli(
            "ask", "How much does papaya item 5 weigh?", "--store", str(store), "--backend", "extractive", "--json"
        ).stdout
    )
    assert "15 kilograms" in answer["answer"]
    assert Path(answer["citations"][0]["source"]).name == "utf16.txt"


def test_an_enormous_line_is_chunked_in_bounded_time() -> None:
    from assistant.ingest import token_counter
    from assistant.loading import Document, chunk_document

    text = " ".join(f"word{i % 5000}" for i in range(300_000))  # 2.7 MB, no newline
    started = time.monotonic()
    chunks = chunk_document(Document("/x/line.txt", text, "line"), token_counter())
    assert time.monotonic() - started < 60
    assert all(text[c.start : c.end] == c.text for c in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def without_root_powers() -> list[str]:
    """A command prefix under which chmod 000 stops reads. Root reads anything through
    CAP_DAC_OVERRIDE: drop it (and DAC_READ_SEARCH) for the run, staying uid 0 so the
    interpreter under /root and the caches stay reachable."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux setpriv: cannot make a file unreadable")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_a_file_without_read_permission_is_skipped(tmp_path: Path) -> None:
    docs, store = tmp_path / "docs", tmp_path / "store"
    docs.mkdir()
    (docs / "open.txt").write_text(paragraph("lime"))
    (docs / "secret.txt").write_text(paragraph("lemon"))
    (docs / "secret.txt").chmod(0o000)
    try:
        proc = subprocess.run(
            [
                *without_root_powers(),
                sys.executable,
                "-m",
                "assistant",
                "ingest",
                str(docs),
                "--store",
                str(store),
                "--json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        (docs / "secret.txt").chmod(0o644)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    reasons = {Path(f["path"]).name: f["reason"] for f in report["failed"] + report["plan"]["skipped"]}
    assert reasons["secret.txt"] == "permission denied"
    assert [Path(p).name for p in report["plan"]["add"]] == ["open.txt"]


@pytest.mark.parametrize(
    "question, message",
    [
        ("", "the question is empty"),
        ("   \n\t ", "the question is empty"),
        ("why " * 25_000, "the limit is 2000"),
    ],
)
def test_empty_and_huge_questions_get_clear_errors(question: str, message: str, tmp_path: Path) -> None:
    proc = run_cli("ask", question, "--store", str(tmp_path), check=False, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in proc.stderr


# ---------------------------------------------------------------- damaged store, doctor


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Snapshot]]:
    base = tmp_path_factory.mktemp("doctor")
    docs, store = base / "docs", base / "store"
    docs.mkdir()
    for i in range(6):
        (docs / f"d{i}.txt").write_text(paragraph(f"quince{i}", n=20))
    ingest_json(store, docs)
    yield docs, store, snapshot(store)


def corrupt_pages(path: Path, keep: int = 4096) -> None:
    """Overwrite the middle of a database file with noise; the header survives."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(max(keep, size // 3))
        handle.write(os.urandom(max(4096, size // 3)))


def truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 3)


def sql(path: Path, statement: str) -> None:
    db = sqlite3.connect(path)
    db.execute(statement)
    db.commit()
    db.close()


def drop_vectors(store: Path) -> None:
    code = (
        "import chromadb,sys;from chromadb.config import Settings as S;"
        "c=chromadb.PersistentClient(sys.argv[1],settings=S(anonymized_telemetry=False))"
        ".get_collection('chunks');c.delete(ids=c.get(include=[])['ids'][:3])"
    )
    subprocess.run([sys.executable, "-c", code, str(store / "chroma")], check=True, timeout=120)


DAMAGE = {  # name -> (how to damage a copy of the store, a word the doctor's report must say)
    "truncated vector db": (lambda s: truncate(s / "chroma" / "chroma.sqlite3"), "vector store"),
    "corrupt vector db": (lambda s: corrupt_pages(s / "chroma" / "chroma.sqlite3"), "vector store"),
    "truncated manifest": (lambda s: truncate(s / "manifest.sqlite3"), "manifest"),
    "corrupt manifest": (lambda s: corrupt_pages(s / "manifest.sqlite3", keep=100), "manifest"),
    "a file row lost": (
        lambda s: sql(s / "manifest.sqlite3", "DELETE FROM files WHERE source LIKE '%d2.txt'"),
        "does not list",
    ),
    "chunk rows lost": (
        lambda s: sql(s / "manifest.sqlite3", "DELETE FROM chunks WHERE source LIKE '%d3.txt' AND idx=0"),
        "count",
    ),
    "vectors lost": (drop_vectors, "without vectors"),
    "left pending": (
        lambda s: sql(s / "manifest.sqlite3", "UPDATE files SET status='pending' WHERE source LIKE '%d4.txt'"),
        "pending",
    ),
    "BM25 index gone": (lambda s: shutil.rmtree(s / "bm25"), "BM25"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_store_is_reported_and_repaired_by_doctor(
    damage: str, healthy: tuple[Path, Path, Snapshot], tmp_path: Path
) -> None:
    docs, original, expected = healthy
    store = tmp_path / "store"
    shutil.copytree(original, store)
    harm, word = DAMAGE[damage]
    harm(store)

    if damage in ("truncated vector db", "corrupt vector db", "truncated manifest", "corrupt manifest"):
        proc = run_cli("status", "--store", str(store), check=False)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "assistant doctor" in proc.stderr

    report = run_cli("doctor", "--store", str(store), check=False)
    assert report.returncode == 1 and "Traceback" not in report.stderr
    assert word in report.stdout, report.stdout
    lines = report.stdout.splitlines()
    assert all(line.startswith("problem: ") for line in lines if not line.startswith("schema: "))

    fixed = run_cli("doctor", "--repair", "--store", str(store), check=False)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "repaired: " in fixed.stdout and fixed.stdout.rstrip().endswith("store OK")
    assert snapshot(store)["chunks"] == expected["chunks"]
    assert snapshot(store)["bm25"] == expected["bm25"]
    assert snapshot(store)["files"] == expected["files"]
    assert sorted(vector_ids([store])[str(store)]) == expected["bm25"]
