"""End to end through the CLI: real Chroma store, real MiniLM embedder, real SmolLM2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import REFUSAL
from tests.conftest import SEED_TEXT, SEEDS, run_cli

SUMMIT = "Where will the July NATO summit take place?"
OFF_TOPIC = "What is the boiling point of mercury in Kelvin?"


def ask_json(store: Path, question: str, *extra: str) -> dict:
    proc = run_cli("ask", question, "--store", str(store), "--json", *extra)
    return json.loads(proc.stdout)


def assert_grounded(result: dict) -> None:
    assert not result["refused"]
    assert result["citations"], "an answer must cite its sources"
    for citation in result["citations"]:
        assert citation["quote"] in SEED_TEXT
        assert Path(citation["source"]).parent == SEEDS
        assert SEED_TEXT[citation["start"] : citation["end"]] == citation["quote"]


def test_local_backend_answers_the_summit_question_with_a_checked_citation(seed_store: Path) -> None:
    result = ask_json(seed_store, SUMMIT)
    assert "Lithuania" in result["answer"]
    assert_grounded(result)
    assert any("Lithuania" in c["quote"] for c in result["citations"])
    assert result["models"]["llm"].startswith("SmolLM2")
    assert set(result["timings"]) == {"retrieve", "generate", "total"}
    assert result["passages"] and all("score" in p for p in result["passages"])


def test_extractive_backend_quotes_the_evidence(seed_store: Path) -> None:
    result = ask_json(seed_store, SUMMIT, "--backend", "extractive")
    assert "Lithuania" in result["answer"]
    assert_grounded(result)
    assert result["models"]["llm"] is None
    # The command closed the manifest before its GC-free exit (cli.main): SQLite removes
    # its write-ahead log and shared-memory files when the last connection closes.
    assert not list(seed_store.glob("manifest.sqlite3-*"))


def test_off_topic_question_is_refused_naming_what_the_documents_lack(seed_store: Path) -> None:
    for backend in ("local", "extractive"):
        result = ask_json(seed_store, OFF_TOPIC, "--backend", backend)
        assert result["refused"] is True
        assert result["answer"].startswith("The documents don't mention Kelvin, ")
        assert {"Kelvin", "mercury"} <= set(result["missing"])
        assert result["citations"] == []
    # Every word is in the documents, but nothing answers: the fixed phrase.
    unsaid = ask_json(seed_store, "How many offices does Japan have in Europe?")
    assert unsaid["refused"] is True and unsaid["answer"] == REFUSAL and unsaid["missing"] == []
    # A count of something no document names is refused naming it.
    uncounted = ask_json(seed_store, "How many troops does NATO have in Lithuania?")
    assert uncounted["answer"] == "The documents don't mention troops." and uncounted["refused"]


def test_text_output_lists_sources_with_quotes(seed_store: Path) -> None:
    proc = run_cli("ask", SUMMIT, "--store", str(seed_store), "--backend", "extractive")
    assert "Lithuania" in proc.stdout
    assert "Sources:" in proc.stdout and "[1] " in proc.stdout
    refusal = run_cli("ask", OFF_TOPIC, "--store", str(seed_store), "--backend", "extractive")
    assert refusal.stdout.strip().startswith("The documents don't mention")


def test_status_describes_the_store(seed_store: Path) -> None:
    info = json.loads(run_cli("status", "--store", str(seed_store), "--json").stdout)
    assert info["documents"] == 1
    assert info["chunks"] == info["vectors"] > 1
    assert info["embed_model"] == "all-MiniLM-L6-v2-int8"
    assert info["fingerprint_current"] is True
    assert info["size_bytes"] > 0


def test_bad_questions_and_missing_store_fail_cleanly(seed_store: Path, tmp_path: Path) -> None:
    empty = run_cli("ask", "   ", "--store", str(seed_store), check=False)
    assert empty.returncode == 1 and "empty" in empty.stderr
    huge = run_cli("ask", "why " * 30_000, "--store", str(seed_store), check=False)
    assert huge.returncode == 1 and "limit" in huge.stderr
    missing = run_cli("ask", SUMMIT, "--store", str(tmp_path / "nowhere"), check=False)
    assert missing.returncode == 1 and "assistant ingest" in missing.stderr
    assert "Traceback" not in empty.stderr + huge.stderr + missing.stderr
    bad_backend = run_cli("ask", SUMMIT, "--store", str(seed_store), "--backend", "magic", check=False)
    assert bad_backend.returncode == 1 and "unknown backend" in bad_backend.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "--bogus", "x"], "No such option: --bogus (see `python -m assistant ingest --help`)"),
        (["ask"], "Missing argument 'question' (see `python -m assistant ask --help`)"),
        (["bogus"], "No such command 'bogus' (see `python -m assistant --help`)"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], message: str) -> None:
    proc = run_cli(*args, check=False)
    assert (proc.returncode, proc.stderr) == (2, f"error: {message}\n")
