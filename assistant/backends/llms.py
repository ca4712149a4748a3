"""LLMs: one small streaming interface, the bundled llama.cpp model and any OpenAI-compatible server."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Protocol

from assistant.backends.catalog import DEFAULT_MODEL, AnswerProfile, lookup
from assistant.backends.errors import BackendError, describe, openai_call, redact
from assistant.backends.modelfiles import model_path
from assistant.config import Settings, UserError

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
    profile: AnswerProfile  # how the answering pipeline uses it

    def stream(
        self, messages: list[Message], max_tokens: int, stop: list[str] | None = None, temperature: float = 0.0
    ) -> Iterator[str]:
        """Yield the reply piece by piece; raise BackendError if it cannot be completed."""
        ...


class LocalLlama:
    """A named local model (catalog.py), or the user's own GGUF, run in-process by a Runtime
    (runtime.py chooses which)."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        threads: int | None = None,
        context: int = 2048,
        prompt_threads: int | None = None,
    ) -> None:
        from assistant.backends.runtime import load_runtime

        self.spec = lookup(model)
        self.name = self.spec.title
        self.profile = self.spec.profile
        self._runtime = load_runtime(model_path(self.spec), threads or self.spec.threads, context, prompt_threads)

    def stream(
        self, messages: list[Message], max_tokens: int, stop: list[str] | None = None, temperature: float = 0.0
    ) -> Iterator[str]:
        messages = defuse(messages)
        if messages and messages[0]["role"] == "system":
            self._runtime.prime(messages[0]["content"])
        yield from self._runtime.stream(messages, max_tokens, stop, temperature)


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

    # A model behind an OpenAI-compatible endpoint is taken to be capable: it writes every
    # plan, shown the passages around the evidence (a capable model does better with them).
    profile = AnswerProfile(writes_plans=True, sees_passages=True, context_tokens=1500)

    def stream(
        self, messages: list[Message], max_tokens: int, stop: list[str] | None = None, temperature: float = 0.0
    ) -> Iterator[str]:
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
        except openai.APIConnectionError as exc:
            # The server was reached (the stream had started): losing it now is a cut stream.
            # openai 3 raises this where openai 2 let httpx's own error through.
            raise BackendError(redact(f"the LLM stream was cut mid-answer ({exc.__class__.__name__})")) from None
        except (openai.OpenAIError, ValueError) as exc:
            raise BackendError(redact(describe(exc, "LLM")) + " mid-answer") from None
        except Exception as exc:  # httpx transport errors when the stream is cut
            raise BackendError(redact(f"the LLM stream was cut mid-answer ({exc.__class__.__name__})")) from None
        if not finished:
            # A stream that stops without a finish reason was cut: never pass it off as whole.
            raise BackendError("the LLM stream ended before the answer was complete")


def make_llm(settings: Settings) -> LLM | None:
    """The configured LLM, or None for the extractive backend."""
    if settings.llm_backend == "extractive":
        return None
    if settings.llm_backend == "local":
        return LocalLlama(settings.local_model, threads=settings.threads)
    if settings.llm_backend == "openai":
        return OpenAICompatible(settings)
    if settings.llm_backend == "llama-index":
        from assistant.backends.llama_index_llm import LlamaIndexLLM

        return LlamaIndexLLM(settings)
    raise UserError(f"unknown backend {settings.llm_backend!r}")
