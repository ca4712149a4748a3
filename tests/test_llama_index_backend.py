"""`--backend llama-index`: llama-index's OpenAILike class against a real llama.cpp server on
127.0.0.1, answering through the same pipeline and checks as every other backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEED_TEXT, run_cli
from tests.test_openai_backend import SECRET

pytest.importorskip("llama_index.llms.openai_like", reason="llama-index-llms-openai-like (the dev extra)")
SUMMIT = "Where will the July NATO summit take place?"
LLM_CLASS = "llama_index.llms.openai_like.OpenAILike"


def env_for(base: str, **extra: object) -> dict[str, str]:
    args = {
        "model": "smollm2",
        "api_base": base,
        "api_key": SECRET,
        "is_chat_model": True,
        "context_window": 4096,
        "timeout": 30,
        "max_retries": 0,
        **extra,
    }
    return {
        "ASSISTANT_BACKEND": "llama-index",
        "ASSISTANT_LLAMA_INDEX_LLM": LLM_CLASS,
        "ASSISTANT_LLAMA_INDEX_ARGS": json.dumps(args),
    }


def test_a_llama_index_llm_answers_with_checked_citations(llama_server: str, seed_store: Path) -> None:
    proc = run_cli("ask", SUMMIT, "--store", str(seed_store), "--json", env=env_for(llama_server))
    result = json.loads(proc.stdout)
    assert result["backend"] == "llama-index" and result["models"]["llm"] == "smollm2"
    assert not result["refused"] and "Lithuania" in result["answer"]
    assert result["citations"] and all(c["quote"] in SEED_TEXT for c in result["citations"])
    # What the model wrote was checked like any backend's: only supported sentences are shown.
    assert all(c["supported"] for c in result["claims"] if c["text"] in result["answer"])
    assert SECRET not in proc.stdout + proc.stderr


def test_the_backend_is_configured_or_refused_in_one_line(seed_store: Path, llama_server: str) -> None:
    cases = [
        ({"ASSISTANT_BACKEND": "llama-index"}, "ASSISTANT_LLAMA_INDEX_LLM"),
        ({**env_for(llama_server), "ASSISTANT_LLAMA_INDEX_ARGS": "{not json"}, "not JSON"),
        ({**env_for(llama_server), "ASSISTANT_LLAMA_INDEX_ARGS": "[1, 2]"}, "JSON object"),
        ({**env_for(llama_server), "ASSISTANT_LLAMA_INDEX_LLM": "no_such_package.Model"}, "cannot import"),
        (
            {
                **env_for(llama_server),
                "ASSISTANT_LLAMA_INDEX_ARGS": json.dumps({"api_key": SECRET, "no_such_arg": 1, "model": 5}),
            },
            "cannot make OpenAILike",
        ),
    ]
    for env, words in cases:
        proc = run_cli("ask", SUMMIT, "--store", str(seed_store), env=env, check=False)
        assert proc.returncode != 0 and words in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
        assert SECRET not in proc.stdout + proc.stderr


def test_a_dead_server_is_a_one_line_error(seed_store: Path) -> None:
    from tests.conftest import free_port

    proc = run_cli(
        "ask", SUMMIT, "--store", str(seed_store), check=False, env=env_for(f"http://127.0.0.1:{free_port()}/v1")
    )
    assert proc.returncode == 1 and "llama-index LLM failed" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and SECRET not in proc.stderr
