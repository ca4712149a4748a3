"""The same ingest and ask, against the embedded store and a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEED_TEXT, SEEDS, free_port, run_cli

SUMMIT = "Where will the July NATO summit take place?"
OFF_TOPIC = "What is the boiling point of mercury in Kelvin?"


class ChromaServer:
    """`chroma run` in a temporary folder, up once its heartbeat answers."""

    def __init__(self, path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                shutil.which("chroma") or "chroma",
                "run",
                "--path",
                str(path),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        deadline = time.monotonic() + 60
        while not self._alive():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"`chroma run` did not come up on port {self.port}")
            time.sleep(0.2)

    def _alive(self) -> bool:
        try:
            urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1).read()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    if not shutil.which("chroma"):
        pytest.skip("the `chroma` command (from chromadb) is not on PATH")
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    yield server
    server.stop()


@pytest.fixture(params=["embedded", "server"])
def mode_args(request: pytest.FixtureRequest, chroma_server: ChromaServer) -> list[str]:
    return [] if request.param == "embedded" else ["--chroma-url", chroma_server.url]


def ask_json(store: Path, question: str, *extra: str) -> dict:
    return json.loads(run_cli("ask", question, "--store", str(store), "--json", *extra).stdout)


def assert_cites_the_seed(result: dict) -> None:
    assert not result["refused"] and result["citations"]
    for citation in result["citations"]:
        assert Path(citation["source"]).parent == SEEDS
        assert SEED_TEXT[citation["start"] : citation["end"]] == citation["quote"]


def test_ingest_and_ask_work_the_same_embedded_and_on_a_server(tmp_path: Path, mode_args: list[str]) -> None:
    store = tmp_path / "store"
    report = json.loads(run_cli("ingest", str(SEEDS), "--store", str(store), "--json", *mode_args).stdout)
    assert report["files_ingested"] == 1 and report["chunks"] > 1
    again = json.loads(run_cli("ingest", str(SEEDS), "--store", str(store), "--json", *mode_args).stdout)
    assert len(again["plan"]["unchanged"]) == 1 and again["chunks"] == 0
    info = json.loads(run_cli("status", "--store", str(store), "--json", *mode_args).stdout)
    assert info["chunks"] == info["vectors"] == report["chunks"]
    for backend in ("extractive", "local"):
        result = ask_json(store, SUMMIT, "--backend", backend, *mode_args)
        assert "Lithuania" in result["answer"]
        assert_cites_the_seed(result)
        assert any(p["bm25"] for p in result["passages"]) and any(p["dense"] for p in result["passages"])
    off_topic = ask_json(store, OFF_TOPIC, "--backend", "extractive", *mode_args)
    assert off_topic["refused"] and off_topic["answer"].startswith("The documents don't")


def test_two_stores_on_one_server_keep_their_own_vectors(tmp_path: Path, chroma_server: ChromaServer) -> None:
    url = ["--chroma-url", chroma_server.url]
    other = tmp_path / "other-docs"
    other.mkdir()
    (other / "tea.txt").write_text("Green tea is grown on the hills of Shizuoka. " * 5)
    first, second = tmp_path / "first", tmp_path / "second"
    run_cli("ingest", str(SEEDS), "--store", str(first), *url)
    run_cli("ingest", str(other), "--store", str(second), *url)
    assert "Lithuania" in ask_json(first, SUMMIT, "-b", "extractive", *url)["answer"]
    assert json.loads(run_cli("status", "--store", str(second), "--json", *url).stdout)["vectors"] == 1


def test_a_store_built_on_a_server_is_not_read_as_embedded(tmp_path: Path, chroma_server: ChromaServer) -> None:
    store = tmp_path / "store"
    run_cli("ingest", str(SEEDS), "--store", str(store), "--chroma-url", chroma_server.url)
    proc = run_cli("ask", SUMMIT, "--store", str(store), "-b", "extractive", check=False)
    assert proc.returncode == 1 and "--chroma-url" in proc.stderr and "Traceback" not in proc.stderr


def assert_one_line_error(proc: subprocess.CompletedProcess[str], url: str) -> None:
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and url in errors[0], proc.stderr


def test_a_server_that_is_down_or_goes_away_gives_one_clear_line(tmp_path: Path) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    store = tmp_path / "store"
    started = time.monotonic()
    assert_one_line_error(run_cli("ingest", str(SEEDS), "--store", str(store), "--chroma-url", down, check=False), down)
    assert time.monotonic() - started < 60

    server = ChromaServer(tmp_path / "short-lived")
    try:
        run_cli("ingest", str(SEEDS), "--store", str(store), "--chroma-url", server.url)
    finally:
        server.stop()
    gone = run_cli("ask", SUMMIT, "--store", str(store), "-b", "extractive", "--chroma-url", server.url, check=False)
    assert_one_line_error(gone, server.url)
