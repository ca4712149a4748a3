"""The OpenAI-compatible path against a real server: llama.cpp's, started here on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEED_TEXT, SEEDS, free_port, run_cli, start_llama_server

SUMMIT = "Where will the July NATO summit take place?"
SECRET = "sk-test-DO-NOT-LEAK-4f9a8b7c"


def openai_env(base: str, key: str | None = SECRET) -> dict[str, str]:
    env = {"OPENAI_BASE_URL": base, "OPENAI_MODEL": "smollm2"}
    if key is not None:
        env["OPENAI_API_KEY"] = key
    return env


def test_ask_through_an_openai_compatible_server(llama_server: str, seed_store: Path) -> None:
    proc = run_cli(
        "ask", SUMMIT, "--store", str(seed_store), "--backend", "openai", "--json", env=openai_env(llama_server)
    )
    result = json.loads(proc.stdout)
    assert not result["refused"]
    assert "Lithuania" in result["answer"]
    assert result["models"]["llm"] == "smollm2"
    for citation in result["citations"]:
        assert citation["quote"] in SEED_TEXT
    assert SECRET not in proc.stdout + proc.stderr


def test_the_server_streams_the_answer(llama_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.backends.llms import OpenAICompatible
    from assistant.config import Settings

    for key, value in openai_env(llama_server).items():
        monkeypatch.setenv(key, value)
    llm = OpenAICompatible(Settings.from_env(llm_backend="openai"))
    pieces = list(llm.stream([{"role": "user", "content": "Count from one to ten in words."}], 40))
    assert len(pieces) > 3, "a streamed reply arrives in many pieces"
    assert "".join(pieces).strip()


def test_streamed_text_output(llama_server: str, seed_store: Path) -> None:
    proc = run_cli(
        "ask", SUMMIT, "--store", str(seed_store), "--backend", "openai", "--stream", env=openai_env(llama_server)
    )
    assert "Lithuania" in proc.stdout
    assert "Sources:" in proc.stdout


def test_a_dead_server_gives_a_clear_error_within_seconds(seed_store: Path) -> None:
    base = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    started = time.monotonic()
    proc = run_cli("ask", SUMMIT, "--store", str(seed_store), "--backend", "openai", env=openai_env(base), check=False)
    elapsed = time.monotonic() - started
    assert proc.returncode == 1
    assert "cannot reach the LLM server" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    assert elapsed < 30, f"bounded retries: took {elapsed:.1f} s"


def test_a_missing_key_is_named(seed_store: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    env.update(openai_env("http://127.0.0.1:9/v1", key=None))
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", SUMMIT, "--store", str(seed_store), "--backend", "openai"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "OPENAI_API_KEY is not set" in proc.stderr and "Traceback" not in proc.stderr


def test_openai_embedder_through_a_real_server(tmp_path: Path) -> None:
    proc, base = start_llama_server(tmp_path, "--embedding")
    try:
        store = tmp_path / "store"
        env = {**openai_env(base), "ASSISTANT_OPENAI_EMBED_MODEL": "smollm2"}
        run_cli("ingest", str(SEEDS), "--store", str(store), "--embedder", "openai", env=env)
        status = json.loads(run_cli("status", "--store", str(store), "--embedder", "openai", "--json", env=env).stdout)
        assert status["embed_model"] == "smollm2" and status["vectors"] == status["chunks"] > 0
        result = json.loads(
            run_cli(
                "ask",
                SUMMIT,
                "--store",
                str(store),
                "--embedder",
                "openai",
                "--backend",
                "extractive",
                "--json",
                env=env,
            ).stdout
        )
        assert "Lithuania" in result["answer"]
        # A store built with one embedder is not queried with another.
        wrong = run_cli("ask", SUMMIT, "--store", str(store), "--backend", "extractive", check=False)
        assert wrong.returncode == 1 and "embedder" in wrong.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_llm_judge_runs_repeatedly_against_the_server(llama_server: str, tmp_path: Path) -> None:
    eval_set = tmp_path / "mini.yaml"
    eval_set.write_text(
        f"name: mini\ndocuments: [{SEEDS}]\nitems:\n"
        "  - question: Where will the July NATO summit take place?\n"
        "    source: 000_e6b707000bbe6f80.txt\n"
        "    facts: [{fact: Lithuania hosts it, terms: [Lithuania]}]\n"
        "  - question: In which Lithuanian city will the July summit be held?\n"
        "    unanswerable: true\n"
    )
    report_file = tmp_path / "report.json"
    run_cli(
        "eval",
        str(eval_set),
        "--backend",
        "extractive",
        "--store",
        str(tmp_path / "store"),
        "--judge",
        "llm",
        "--repeat",
        "2",
        "--json",
        str(report_file),
        env=openai_env(llama_server),
    )
    report = json.loads(report_file.read_text())
    assert all(len(item["judge"]) == 2 for item in report["items"])
    assert 0.0 <= report["totals"]["judge_pass_rate"] <= 1.0
    assert report["totals"]["judge_spread"] >= 0.0
    assert SECRET not in report_file.read_text()


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Why is Paris worried about European credibility?", "explanation"),
        ("Give an overview of the article.", "summary"),
        ("Is Japan a member of NATO?", "yesno"),
    ],
)
def test_every_plan_is_written_by_the_model_and_checked_sentence_by_sentence(
    llama_server: str, seed_store: Path, question: str, kind: str
) -> None:
    proc = run_cli(
        "ask",
        question,
        "--store",
        str(seed_store),
        "--backend",
        "openai",
        "--json",
        "--context-tokens",
        "600",
        env=openai_env(llama_server),
    )
    result = json.loads(proc.stdout)
    assert result["plan"]["kind"] == kind and not result["refused"]
    assert result["draft"], "the model was asked"
    shown = result["answer"]
    for claim in result["claims"]:
        if not claim["supported"]:  # dropped: listed in --json, never shown
            assert claim["text"] in result["dropped"]
            assert claim["text"] not in shown or claim["text"] in " ".join(c["quote"] for c in result["citations"])
    for citation in result["citations"]:
        assert SEED_TEXT[citation["start"] : citation["end"]] == citation["quote"]
        assert f"[{citation['n']}]" in shown
    assert "source number" not in shown.lower()
    if kind == "yesno":
        assert shown.startswith(("Yes.", "No."))
