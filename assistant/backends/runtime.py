"""The local model runtime: llama.cpp through `llama-cpp-python`, behind one small seam.

A runtime loads a GGUF file, streams a chat reply, and keeps the model state after the
system prompt on disk (the state cache). Named models, prompts and budgets live above
this seam (catalog.py, llms.LocalLlama), so another binding of llama.cpp (a prebuilt one
such as xllamacpp) is one more class here and nothing else changes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterator, Protocol

from assistant.config import available_cores, cache_dir

Message = dict[str, str]
_SENTINEL = "\u2063USER-TURN\u2063"  # marks where the user's words start in a rendered prompt


class Runtime(Protocol):
    def stream(self, messages: list[Message], max_tokens: int, stop: list[str] | None,
               temperature: float) -> Iterator[str]:
        """Yield the reply's text piece by piece."""
        ...

    def prime(self, system: str) -> None:
        """Start the next reply from the saved state after `system`, if the runtime can."""
        ...


class LlamaCppRuntime:
    """llama.cpp in-process (`llama-cpp-python`)."""

    def __init__(self, model: Path, threads: int, context: int = 2048, prompt_threads: int | None = None) -> None:
        from llama_cpp import Llama

        self._model, self._context, self._threads = model, context, threads
        self._prefixes: dict[str, tuple[str, list[int]] | None] = {}  # system prompt -> its prefix, tokens
        self.llama = Llama(
            model_path=str(model),
            n_ctx=context,
            n_threads=threads,
            n_threads_batch=prompt_threads or spare_core_threads(threads),
            verbose=False,
            seed=0,
        )

    def stream(self, messages: list[Message], max_tokens: int, stop: list[str] | None,
               temperature: float) -> Iterator[str]:
        chunks = self.llama.create_chat_completion(
            messages=messages,  # type: ignore[arg-type]
            max_tokens=max_tokens,
            stop=stop,
            temperature=temperature,
            stream=True,
        )
        for chunk in chunks:
            delta = chunk["choices"][0].get("delta", {})  # type: ignore[index]
            text = delta.get("content")
            if text:
                yield text

    def system_prefix(self, system: str) -> str | None:
        """The prompt text up to where the user's words start, rendered by the model's own
        chat template; None when the GGUF carries none (the reply is then not primed)."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        template = self.llama.metadata.get("tokenizer.chat_template")
        if not template:
            return None
        try:
            rendered = Jinja2ChatFormatter(template=template, eos_token="", bos_token="")(
                messages=[{"role": "system", "content": system},
                          {"role": "user", "content": _SENTINEL}]).prompt
        except Exception:  # noqa: BLE001 - a template this renderer cannot run: no priming
            return None
        cut = rendered.find(_SENTINEL)
        return rendered[:cut] if cut > 0 else None

    def prime(self, system: str) -> None:
        """Start from the model state after the system turn, saved on disk by an earlier run.

        Reading the fixed system prompt is about half of a cold answer's prompt time on
        one thread; llama.cpp then reads only the tokens after the shared prefix. The
        saved state is keyed by everything that shapes it, so a stale one is never used;
        a prefix that does not match the real prompt only costs the reading it would save.
        """
        import numpy as np
        from llama_cpp import LlamaState

        llama = self.llama
        if system not in self._prefixes:  # rendered and tokenized once per process, not per question
            prefix = self.system_prefix(system)
            self._prefixes[system] = None if prefix is None else (
                prefix, llama.tokenize(prefix.encode(), add_bos=False, special=True))
        known = self._prefixes[system]
        if known is None:
            return
        prefix, tokens = known
        if list(llama._input_ids[: len(tokens)]) == tokens:
            return  # this process already read it
        path = self._state_path(prefix)
        try:
            saved = np.load(path)
            if list(saved["input_ids"]) != tokens:
                raise ValueError("another prefix")
            state = bytes(saved["state"])
            input_ids = np.zeros(llama.n_ctx(), dtype=np.intc)  # llama.cpp keeps a full-context buffer
            input_ids[: len(tokens)] = tokens
            llama.load_state(LlamaState(
                input_ids=input_ids, scores=np.zeros((len(tokens), llama.n_vocab()), np.float32),
                n_tokens=len(tokens), llama_state=state, llama_state_size=len(state), seed=llama._seed))
            return
        except Exception:  # noqa: BLE001 - any unreadable or foreign state is recomputed
            pass
        llama.reset()
        llama.eval(tokens)
        saved_state = llama.save_state()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
            np.savez(tmp, input_ids=np.array(tokens, dtype=np.int32),
                     state=np.frombuffer(saved_state.llama_state, dtype=np.uint8))
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache only costs the prefix again next time

    def _state_path(self, prefix: str) -> Path:
        import llama_cpp

        stat = self._model.stat()
        key = json.dumps([str(self._model), stat.st_size, stat.st_mtime_ns, self._context, self._threads,
                          llama_cpp.__version__, prefix])
        return cache_dir() / "llm-state" / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.npz"


def spare_core_threads(threads: int) -> int:
    """Threads for reading the prompt: one more when a core is idle (1-minute load below 1).

    Reading the prompt is a batch that a second core speeds up ~1.6x (154 tokens: 1.6 s ->
    1.0 s here) and gives bit-identical logits; on a busy machine the extra thread would
    wait for the busy core, so it is only added when there is one to spare.
    """
    cores = available_cores()
    try:
        idle = os.getloadavg()[0] < 1.0
    except (OSError, AttributeError):  # no load average (Windows): stay on `threads`
        idle = False
    return threads + 1 if idle and cores > threads else threads
