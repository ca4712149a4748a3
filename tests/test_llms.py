"""The local models on each llama.cpp runtime: the saved system-prompt state is reused and
changes nothing (every model in the catalog that is installed), replies stream and stop at
their stop words, and a prompt too long is one line of error."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.backends.catalog import MODELS
from assistant.backends.errors import BackendError
from assistant.backends.llms import LocalLlama
from assistant.backends.modelfiles import is_installed
from assistant.backends.runtime import RUNTIMES, runtime_name
from assistant.config import UserError, cache_dir, load_prompt

SHARED_CACHE = cache_dir() / "models"  # the user's, before a test points the cache elsewhere
SOURCE = (
    "[1] Reports are emerging that Kishida is making arrangements to attend the July "
    "Summit of NATO which is scheduled to take place in Lithuania, Kyodo News reported."
)


def messages(question: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": load_prompt("answer_system.txt").strip()},
        {"role": "user", "content": load_prompt("answer_user.txt").format(sources=SOURCE, question=question)},
    ]


def missing_runtime(name: str) -> pytest.MarkDecorator:
    module, install = RUNTIMES[name]
    return pytest.mark.skipif(
        importlib.util.find_spec(module) is None, reason=f"the {name} runtime is not installed ({install})"
    )


def case(model: str, runtime_name: str = ""):
    marks = [
        pytest.mark.skipif(
            not is_installed(MODELS[model]), reason=f"{model} is not installed ({MODELS[model].install})"
        )
    ]
    if model != "smollm2-135m":
        marks.append(pytest.mark.slow)
    if runtime_name:
        marks.append(missing_runtime(runtime_name))
    return pytest.param(model, runtime_name, marks=marks, id=f"{model}-{runtime_name or 'default'}")


# The default model on every runtime; the larger (slow) models on the default runtime.
CASES = [case("smollm2-135m", name) for name in RUNTIMES] + [case(name) for name in MODELS if name != "smollm2-135m"]
RUNTIME_CASES = [pytest.param(name, marks=missing_runtime(name)) for name in RUNTIMES]


def read_for_reply(llm: LocalLlama, question: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int, int]:
    """(the reply, prompt tokens the runtime read for it, prompt tokens in all)."""
    runtime = llm._runtime
    if hasattr(runtime, "llama"):  # llama-cpp-python: count what llama.eval is given
        llama = runtime.llama
        evaluated: list[int] = []
        real_eval = llama.eval
        monkeypatch.setattr(llama, "eval", lambda tokens: (evaluated.append(len(tokens)), real_eval(tokens))[1])
        reply = "".join(llm.stream(messages(question), 32, ["\n\n"]))
        total = len(
            llama.tokenize("".join(m["content"] for m in messages(question)).encode(), add_bos=False, special=True)
        )
        return reply, evaluated[0], total
    reply = "".join(llm.stream(messages(question), 32, ["\n\n"]))  # xllamacpp: llama.cpp's own count
    timings = runtime.last_timings
    return reply, int(timings["prompt_n"]), int(timings["prompt_n"] + timings["cache_n"])


@pytest.mark.parametrize("model, runtime_name", CASES)
def test_the_system_prompt_state_is_saved_once_and_reused(
    model: str, runtime_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if runtime_name:
        monkeypatch.setenv("ASSISTANT_RUNTIME", runtime_name)
    if model != "smollm2-135m":  # share the joined file instead of joining it again
        monkeypatch.setattr("assistant.backends.modelfiles.joined_path", lambda spec: SHARED_CACHE / spec.file)
    question = "Where will the July NATO summit take place?"
    first = LocalLlama(model, threads=1, prompt_threads=1)
    # The model's own chat template gives the prefix (both are ChatML).
    assert first._runtime.system_prefix("S") == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\n"
    answer = "".join(first.stream(messages(question), 32, ["\n\n"]))
    state = tmp_path / "assistant" / "llm-state"
    saved = [path for path in state.iterdir() if path.suffix in (".npz", ".slot")]
    assert len(saved) == 1 and answer.strip()
    if model == "smollm2-135m":
        assert "Lithuania" in answer
    del first

    # A new process (a new model instance, reading the prompt on two threads: the same
    # logits) loads the state instead of reading the prefix.
    second = LocalLlama(model, threads=1, prompt_threads=2)
    again, read, total = read_for_reply(second, question, monkeypatch)
    assert again == answer
    assert read < total - 60  # only the part after the system turn
    del second

    # A damaged state file is ignored and rewritten, not fatal.
    saved[0].write_bytes(saved[0].read_bytes()[:5000])  # a truncated file
    third = LocalLlama(model, threads=1, prompt_threads=1)
    assert "".join(third.stream(messages(question), 32, ["\n\n"])) == answer
    assert saved[0].stat().st_size > 1000


@pytest.mark.parametrize("runtime_name", RUNTIME_CASES)
def test_a_reply_streams_stops_at_its_stop_word_and_can_be_left_early(
    runtime_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("ASSISTANT_RUNTIME", runtime_name)
    llm = LocalLlama(threads=1)
    question = "Where will the July NATO summit take place?"
    pieces = list(llm.stream(messages(question), 48, None))
    whole = "".join(pieces)
    assert len(pieces) > 5 and "Lithuania" in whole  # piece by piece, not one block
    cut = whole.index("Lithuania")
    assert "".join(llm.stream(messages(question), 48, ["Lithuania"])) == whole[:cut]
    # A reader that leaves after one piece ends the reply; the next one is whole again.
    replies = llm.stream(messages(question), 48, None)
    assert next(replies) == pieces[0]
    replies.close()
    assert "".join(llm.stream(messages(question), 48, None)) == whole


@pytest.mark.parametrize("runtime_name", RUNTIME_CASES)
def test_a_prompt_longer_than_the_context_is_a_one_line_error(
    runtime_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_RUNTIME", runtime_name)
    llm = LocalLlama(threads=1, context=256)
    long = [{"role": "user", "content": "Lithuania hosts the summit. " * 200}]
    with pytest.raises(BackendError) as failure:
        "".join(llm.stream(long, 16))
    assert "\n" not in str(failure.value) and "context" in str(failure.value)


def test_the_runtime_is_chosen_in_one_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_RUNTIME", "nonesuch")
    with pytest.raises(UserError, match="is not a runtime: use xllamacpp or llama-cpp-python"):
        runtime_name()
    monkeypatch.delenv("ASSISTANT_RUNTIME")
    installed_first = next(name for name, (module, _) in RUNTIMES.items() if importlib.util.find_spec(module))
    assert runtime_name() == installed_first


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
