"""The local models: the saved system-prompt state is reused, and changes nothing, for
every model in the catalog that is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.backends.catalog import MODELS
from assistant.backends.llms import LocalLlama
from assistant.backends.modelfiles import is_installed
from assistant.config import cache_dir, load_prompt

SHARED_CACHE = cache_dir() / "models"  # the user's, before a test points the cache elsewhere
SOURCE = ("[1] Reports are emerging that Kishida is making arrangements to attend the July "
          "Summit of NATO which is scheduled to take place in Lithuania, Kyodo News reported.")


def messages(question: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": load_prompt("answer_system.txt").strip()},
        {"role": "user", "content": load_prompt("answer_user.txt").format(sources=SOURCE, question=question)},
    ]


def installed(name: str):
    reason = f"{name} is not installed ({MODELS[name].install})"
    marks = [pytest.mark.skipif(not is_installed(MODELS[name]), reason=reason)]
    if name != "smollm2-135m":
        marks.append(pytest.mark.slow)
    return pytest.param(name, marks=marks)


@pytest.mark.parametrize("model", [installed(name) for name in MODELS])
def test_the_system_prompt_state_is_saved_once_and_reused(model: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if model != "smollm2-135m":  # share the joined file instead of joining it again
        monkeypatch.setattr("assistant.backends.modelfiles.joined_path", lambda spec: SHARED_CACHE / spec.file)
    question = "Where will the July NATO summit take place?"
    first = LocalLlama(model, threads=1, prompt_threads=1)
    # The model's own chat template gives the prefix (both are ChatML).
    assert first._runtime.system_prefix("S") == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\n"
    answer = "".join(first.stream(messages(question), 32, ["\n\n"]))
    saved = list((tmp_path / "assistant" / "llm-state").glob("*.npz"))
    assert len(saved) == 1 and answer.strip()
    if model == "smollm2-135m":
        assert "Lithuania" in answer

    # A new process (a new model instance, reading the prompt on two threads: the same
    # logits) loads the state instead of reading the prefix.
    second = LocalLlama(model, threads=1, prompt_threads=2)
    llama = second._runtime.llama
    evaluated: list[int] = []
    real_eval = llama.eval
    monkeypatch.setattr(llama, "eval", lambda tokens: (evaluated.append(len(tokens)), real_eval(tokens))[1])
    again = "".join(second.stream(messages(question), 32, ["\n\n"]))
    assert again == answer
    prompt_tokens = len(llama.tokenize(
        "".join(m["content"] for m in messages(question)).encode(), add_bos=False, special=True))
    assert evaluated and evaluated[0] < prompt_tokens - 60  # only the part after the system turn

    # A damaged state file is ignored and rewritten, not fatal.
    saved[0].write_bytes(saved[0].read_bytes()[:5000])  # a truncated zip
    third = LocalLlama(model, threads=1, prompt_threads=1)
    assert "".join(third.stream(messages(question), 32, ["\n\n"])) == answer
    assert saved[0].stat().st_size > 1000



def test_a_llama_index_llms_stream_stops_at_a_stop_word_split_across_pieces() -> None:
    """The stop word is cut here too, for llama-index classes that do not pass it on."""
    from types import SimpleNamespace

    from assistant.backends.llama_index_llm import LlamaIndexLLM

    class Pieces:  # stands in for a llama-index LLM: stream_chat yields responses with a delta
        def stream_chat(self, messages, **kwargs):
            for delta in ["Lithuania", " [1].", "\nUs", "er: more"]:
                yield SimpleNamespace(delta=delta)

    llm = LlamaIndexLLM.__new__(LlamaIndexLLM)
    llm._llm, llm._args = Pieces(), {}
    assert "".join(llm.stream([{"role": "user", "content": "Where?"}], 20, stop=["\nUser:"])) == "Lithuania [1]."
    assert "".join(llm.stream([{"role": "user", "content": "Where?"}], 20)) == "Lithuania [1].\nUser: more"
