"""chromadb in a child process (the ingest's writer): real chromadb, real forks.

Each case runs in a fresh interpreter, since a process that has imported chromadb (this
one, after other tests) never forks a writer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import numpy as np
    from assistant.backends.chroma import ChromaUnavailable, chroma_call, make_client
    from assistant.backends.chroma_process import ChromaProcess
    from assistant.config import Settings

    settings = Settings(store=Path(sys.argv[1]))
    writer = ChromaProcess.start(settings)
    out = {"started": writer is not None}
    client = make_client(settings)
    coll = client.get_or_create_collection("vectors", metadata={"hnsw:space": "cosine"})
    rows = np.eye(3, 8, dtype=np.float32)
    coll.upsert(ids=["a", "b", "c"], embeddings=rows, metadatas=[{"source": s} for s in "xyz"])
    out["count"] = coll.count()
    out["nearest"] = coll.query(query_embeddings=[rows[1]], n_results=1, include=["distances"])["ids"][0]
    coll.delete(where={"source": "x"})
    out["after_delete"] = coll.count()
    try:  # a vector of the wrong size: chromadb's error, raised in the child
        chroma_call(lambda: coll.upsert(ids=["d"], embeddings=np.ones((1, 5), np.float32)), settings)
    except ChromaUnavailable as exc:
        out["error"] = str(exc)
    out["chromadb_here"] = "chromadb" in sys.modules
    writer.close()
    try:
        coll.count()
    except ChromaUnavailable as exc:
        out["after_close"] = str(exc)
    print(json.dumps(out))
""")


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_child_writes_reads_and_reports_errors_while_the_parent_never_imports_chromadb(tmp_path: Path) -> None:
    proc = run(SCRIPT, str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["started"] and not out["chromadb_here"]
    assert (out["count"], out["nearest"], out["after_delete"]) == (3, ["b"], 2)
    assert out["error"].startswith(f"the vector store at {tmp_path / 'chroma'} failed (")
    assert "\n" not in out["error"] and "dimension" in out["error"].lower()
    assert "stopped" in out["after_close"]

    # What the child wrote is on disk once close() returned: a fresh client reads it.
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(
        path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    assert client.get_collection("vectors").count() == 2


def test_a_process_that_imported_chromadb_keeps_it_in_process(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        import chromadb
        from assistant.backends.chroma_process import ChromaProcess
        from assistant.config import Settings
        print(ChromaProcess.start(Settings(store=Path(sys.argv[1]))))
    """)
    proc = run(script, str(tmp_path))
    assert (proc.returncode, proc.stdout.strip()) == (0, "None"), proc.stderr


def test_the_child_dies_with_a_killed_parent(tmp_path: Path) -> None:
    """Even in the middle of something: a stopped child stands for one busy with a write
    (without the parent-death signal it would live on until its next read of the pipe)."""
    script = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from assistant.backends.chroma_process import ChromaProcess
        from assistant.config import Settings
        writer = ChromaProcess.start(Settings(store=Path(sys.argv[1])))
        print(writer.pid, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    child = int(parent.stdout.readline())
    try:
        time.sleep(0.3)  # past the child's first lines, where it asks for the signal
        os.kill(child, signal.SIGSTOP)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for its (new) parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ctrl_c_reaches_the_parent_only(tmp_path: Path) -> None:
    """SIGINT goes to the whole process group: the child ignores it and keeps serving
    until the parent closes the pipe."""
    script = textwrap.dedent("""
        import os, signal, sys
        from pathlib import Path
        from assistant.backends.chroma import make_client
        from assistant.backends.chroma_process import ChromaProcess
        from assistant.config import Settings
        settings = Settings(store=Path(sys.argv[1]))
        writer = ChromaProcess.start(settings)
        client = make_client(settings)
        client.heartbeat()  # the child is serving: past the line where it ignores SIGINT
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.killpg(0, signal.SIGINT)
        print(client.heartbeat() > 0)
        writer.close()
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        start_new_session=True,
    )
    assert (proc.returncode, proc.stdout.strip()) == (0, "True"), proc.stderr
