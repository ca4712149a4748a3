"""Shared fixtures: the real CLI in a subprocess, and a store with the seed article in it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from evals.minipdf import write_pdf  # noqa: F401 - tests import it from here

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
SHARED = ROOT.parent / "shared"


def free_port() -> int:
    """A port nothing listens on right now, for servers the tests start on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300, check: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `assistant ARGS` as a user would: a new process, real models, real store."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=cwd or ROOT,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"assistant {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("seed-store")
    run_cli("ingest", str(SEEDS), "--store", str(store))
    return store


def start_llama_server(
    tmp_path: Path, *extra: str, model: Path | None = None, alias: str = "smollm2", threads: int = 1
) -> tuple[subprocess.Popen, str]:
    """llama.cpp's OpenAI-compatible server (xllamacpp's, through assistant.backends.serve_llm)
    on 127.0.0.1 with a real model (SmolLM2 unless `model`), up and answering: (process, base URL)."""
    from assistant.backends.modelfiles import smollm2_model_path

    port = free_port()
    log = (tmp_path / f"server-{port}.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.backends.serve_llm",
            "--model",
            str(model or smollm2_model_path()),
            "--alias",
            alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            str(threads),
            "--ctx",
            "4096",
            *extra,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the model server exited: {(tmp_path / f'server-{port}.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/models", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the model server did not start in 120 s")


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, base = start_llama_server(tmp_path_factory.mktemp("llama-server"))
    yield base
    proc.terminate()
    proc.wait(timeout=30)
