"""llama.cpp in-process through `llama-cpp-python` (compiled when installed: the
`llama-cpp-python` extra). The Runtime seam and the choice between runtimes: runtime.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.backends.errors import BackendError
from assistant.backends.runtime import SENTINEL, Message, spare_core_threads, state_path


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

    def stream(
        self, messages: list[Message], max_tokens: int, stop: list[str] | None, temperature: float
    ) -> Iterator[str]:
        try:
            chunks = self.llama.create_chat_completion(
                messages=messages,  # type: ignore[arg-type]
                max_tokens=max_tokens,
                stop=stop,
                temperature=temperature,
                stream=True,
            )
            for chunk in chunks:
                # Streamed chunks are dicts; llama-cpp-python's types also allow a plain string.
                choice: Any = chunk["choices"][0]  # type: ignore[index]
                text = choice.get("delta", {}).get("content")
                if isinstance(text, str) and text:
                    yield text
        except ValueError as exc:  # llama-cpp-python's "Requested tokens (N) exceed context window of M"
            raise BackendError(f"the local model failed: {exc}") from None

    def system_prefix(self, system: str) -> str | None:
        """The prompt text up to where the user's words start, rendered by the model's own
        chat template; None when the GGUF carries none (the reply is then not primed)."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        template = self.llama.metadata.get("tokenizer.chat_template")
        if not template:
            return None
        try:
            rendered = Jinja2ChatFormatter(template=template, eos_token="", bos_token="")(
                messages=[{"role": "system", "content": system}, {"role": "user", "content": SENTINEL}]
            ).prompt
        except Exception:  # noqa: BLE001 - a template this renderer cannot run: no priming
            return None
        cut = rendered.find(SENTINEL)
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
            self._prefixes[system] = (
                None if prefix is None else (prefix, llama.tokenize(prefix.encode(), add_bos=False, special=True))
            )
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
            llama.load_state(
                LlamaState(
                    input_ids=input_ids,
                    scores=np.zeros((len(tokens), llama.n_vocab()), np.float32),
                    n_tokens=len(tokens),
                    llama_state=state,
                    llama_state_size=len(state),
                    seed=llama._seed,
                )
            )
            return
        except Exception:  # noqa: BLE001 - any unreadable or foreign state is recomputed
            pass
        llama.reset()
        llama.eval(tokens)
        saved_state = llama.save_state()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
            np.savez(
                tmp,
                input_ids=np.array(tokens, dtype=np.int32),
                state=np.frombuffer(saved_state.llama_state, dtype=np.uint8),
            )
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache only costs the prefix again next time

    def _state_path(self, prefix: str) -> Path:
        import llama_cpp

        return state_path(
            self._model, self._context, self._threads, f"llama-cpp-python {llama_cpp.__version__}", prefix, ".npz"
        )
