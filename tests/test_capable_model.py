"""The capable-model path users take with Ollama or vLLM, tested for real: Qwen2.5-Coder-1.5B
behind llama.cpp's OpenAI-compatible server on 127.0.0.1, answered through `--backend openai`.

Skipped with the reason when the `qwen-1-5b` extra is not installed. Each question reads a
few hundred tokens at ~60 tokens a second here, so the context is kept at 400 tokens.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.backends.catalog import MODELS
from assistant.backends.modelfiles import is_installed, model_path
from tests.conftest import SEED_TEXT, run_cli, start_llama_server
from tests.test_openai_backend import SECRET

QWEN = MODELS["qwen2.5-coder-1.5b"]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not is_installed(QWEN), reason=f"the Qwen 1.5B model is not installed ({QWEN.install})"),
]


@pytest.fixture(scope="module")
def qwen_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, base = start_llama_server(
        tmp_path_factory.mktemp("qwen-server"), model=model_path(QWEN), alias="qwen-1.5b", threads=2
    )
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def ask(server: str, store: Path, question: str) -> dict:
    proc = run_cli(
        "ask",
        question,
        "--store",
        str(store),
        "--backend",
        "openai",
        "--json",
        "--context-tokens",
        "400",
        # A 1.5B model reading 400 tokens on two shared cores can pass the 30 s default
        # between streamed pieces; what is tested here is the answer, not the timeout.
        env={
            "OPENAI_BASE_URL": server,
            "OPENAI_MODEL": "qwen-1.5b",
            "OPENAI_API_KEY": SECRET,
            "ASSISTANT_TIMEOUT": "180",
        },
    )
    assert SECRET not in proc.stdout + proc.stderr
    return json.loads(proc.stdout)


def assert_checked(result: dict) -> None:
    """Every citation quotes the seed exactly and is shown; dropped sentences are not shown."""
    for citation in result["citations"]:
        assert SEED_TEXT[citation["start"] : citation["end"]] == citation["quote"]
        assert f"[{citation['n']}]" in result["answer"]
    for claim in result["claims"]:
        if not claim["supported"]:
            assert claim["text"] in result["dropped"]


@pytest.mark.parametrize(
    "question, kind, needed",
    [
        ("Who did Macron meet in China, and what did he say about Taiwan afterwards?", "several", ["Xi Jinping"]),
        ("Give an overview of the article.", "summary", ["Macron", "office"]),
    ],
)
def test_the_model_writes_multi_sentence_answers_that_are_checked(
    qwen_server: str, seed_store: Path, question: str, kind: str, needed: list[str]
) -> None:
    result = ask(qwen_server, seed_store, question)
    assert result["plan"]["kind"] == kind and not result["refused"]
    assert result["draft"] and not result["fallback"], "the model's own sentences passed the check"
    supported = [c for c in result["claims"] if c["supported"]]
    assert len(supported) >= 2, result["answer"]
    assert all(word in result["answer"] for word in needed), result["answer"]
    assert_checked(result)


def test_a_model_that_refuses_over_good_evidence_falls_back_to_the_quotes(qwen_server: str, seed_store: Path) -> None:
    # The 1.5B answers "The documents don't say." to this explanation over the passage that
    # holds the reason (and to the other explanations tried here): its refusal is kept in
    # `draft`, never shown, and the evidence is quoted instead.
    result = ask(qwen_server, seed_store, "Why is Paris worried about European credibility?")
    assert result["plan"]["kind"] == "explanation" and not result["refused"]
    if not result["fallback"]:  # a reply that passed the check is fine too
        assert result["draft"] and "don't say" not in result["answer"]
    else:
        assert "don't say" in result["draft"] and "don't say" not in result["answer"]
    assert "undermine European credibility with China" in result["answer"]
    assert_checked(result)


def test_a_negated_yes_no_is_answered_no(qwen_server: str, seed_store: Path) -> None:
    result = ask(qwen_server, seed_store, "Is Japan a member of NATO?")
    assert result["answer"].startswith("No.") and result["short_answer"] == "No"
    assert_checked(result)


def test_what_the_documents_do_not_hold_is_refused(qwen_server: str, seed_store: Path) -> None:
    unanswerable = ask(qwen_server, seed_store, "What is the population of Lithuania?")
    assert unanswerable["refused"] and unanswerable["citations"] == []
    premise = ask(qwen_server, seed_store, "What did the Canadian Prime Minister say about the Tokyo office?")
    assert premise["refused"] and premise["missing"] and "Canadian" in premise["answer"]
