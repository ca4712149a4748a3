"""Any llama-index LLM as the answering backend (`--backend llama-index`).

The class comes from ASSISTANT_LLAMA_INDEX_LLM (an import path, such as
"llama_index.llms.openai_like.OpenAILike") and its keyword arguments from
ASSISTANT_LLAMA_INDEX_ARGS (a JSON object). It is taken to be capable, as an OpenAI-compatible
endpoint is: it writes every plan, and every sentence it writes is checked against the sources
like any other backend's. Its arguments may hold keys: no error message repeats them.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from typing import Any

from assistant.backends.catalog import AnswerProfile
from assistant.backends.errors import BackendError
from assistant.backends.llms import Message, defuse
from assistant.config import Settings, UserError


def _arguments(raw: str | None) -> dict[str, Any]:
    try:
        args = json.loads(raw) if raw else {}
    except json.JSONDecodeError as exc:
        raise UserError(f"ASSISTANT_LLAMA_INDEX_ARGS is not JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(args, dict):
        raise UserError("ASSISTANT_LLAMA_INDEX_ARGS must be a JSON object of keyword arguments")
    return args


def _hide(text: str, args: dict[str, Any]) -> str:
    """The text with every string argument long enough to be a secret replaced."""
    for value in args.values():
        if isinstance(value, str) and len(value) >= 8 and value in text:
            text = text.replace(value, "***")
    return " ".join(text.split())


class LlamaIndexLLM:
    profile = AnswerProfile(writes_plans=True, sees_passages=True, context_tokens=1500)

    def __init__(self, settings: Settings) -> None:
        path = settings.llama_index_llm or ""
        module_name, _, class_name = path.rpartition(".")
        self._args = _arguments(settings.llama_index_args)
        try:
            cls = getattr(importlib.import_module(module_name), class_name) if module_name else None
        except ImportError as exc:
            raise UserError(
                f"cannot import {module_name} for the llama-index backend ({exc.name} is not installed?)"
            ) from None
        if cls is None:
            raise UserError(f"{path!r} names no class: give module.Class, e.g. llama_index.llms.openai_like.OpenAILike")
        try:
            self._llm = cls(**self._args)
        except Exception as exc:  # the class's own validation: say what, never the arguments' values
            raise UserError(f"cannot make {class_name}: {_hide(str(exc), self._args)[:300]}") from None
        self.name = str(getattr(self._llm, "model", None) or class_name)

    def stream(
        self, messages: list[Message], max_tokens: int, stop: list[str] | None = None, temperature: float = 0.0
    ) -> Iterator[str]:
        from llama_index.core.llms import ChatMessage

        chat = [ChatMessage(role=m["role"], content=m["content"]) for m in defuse(messages)]
        written, sent = "", 0
        # The last characters wait until the next piece shows they do not start a stop word.
        hold = max((len(w) for w in stop or []), default=1) - 1
        try:
            # Passed on to the model's API by the OpenAI-like classes; a stop word is also
            # cut here, for classes that ignore it.
            for response in self._llm.stream_chat(chat, max_tokens=max_tokens, temperature=temperature, stop=stop):
                written += response.delta or ""
                ends = [i for w in stop or [] if (i := written.find(w, max(0, sent - hold))) >= 0]
                if ends:
                    if min(ends) > sent:
                        yield written[sent : min(ends)]
                    return
                if len(written) - hold > sent:
                    yield written[sent : len(written) - hold]
                    sent = len(written) - hold
            if len(written) > sent:
                yield written[sent:]
        except BackendError:
            raise
        except Exception as exc:
            raise BackendError(
                f"the llama-index LLM failed mid-answer: {exc.__class__.__name__}: {_hide(str(exc), self._args)[:200]}"
            ) from None
