"""The bundled llama.cpp model: the saved system-prompt state is reused, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.backends.llms import LocalLlama
from assistant.config import load_prompt

SOURCE = ("[1] Reports are emerging that Kishida is making arrangements to attend the July "
          "Summit of NATO which is scheduled to take place in Lithuania, Kyodo News reported.")


def messages(question: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": load_prompt("answer_system.txt").strip()},
        {"role": "user", "content": load_prompt("answer_user.txt").format(sources=SOURCE, question=question)},
    ]


def test_the_system_prompt_state_is_saved_once_and_reused(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    question = "Where will the July NATO summit take place?"
    first = LocalLlama(prompt_threads=1)
    answer = "".join(first.stream(messages(question), 32, ["\n\n"]))
    saved = list((tmp_path / "assistant" / "llm-state").glob("*.npz"))
    assert len(saved) == 1 and "Lithuania" in answer

    # A new process (a new model instance, reading the prompt on two threads: the same
    # logits) loads the state instead of reading the prefix.
    second = LocalLlama(prompt_threads=2)
    evaluated: list[int] = []
    real_eval = second._llama.eval
    monkeypatch.setattr(second._llama, "eval", lambda tokens: (evaluated.append(len(tokens)), real_eval(tokens))[1])
    again = "".join(second.stream(messages(question), 32, ["\n\n"]))
    assert again == answer
    prompt_tokens = len(second._llama.tokenize(
        "".join(m["content"] for m in messages(question)).encode(), add_bos=False, special=True))
    assert evaluated and evaluated[0] < prompt_tokens - 60  # only the part after the system turn

    # A damaged state file is ignored and rewritten, not fatal.
    saved[0].write_bytes(saved[0].read_bytes()[:5000])  # a truncated zip
    third = LocalLlama(prompt_threads=1)
    assert "".join(third.stream(messages(question), 32, ["\n\n"])) == answer
    assert saved[0].stat().st_size > 1000

