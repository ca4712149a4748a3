"""OpenAI chat completions in and out: the question and the conversation from `messages`, and
the cited answer as a `chat.completion` or a stream of `chat.completion.chunk` events.

The message content is what a chat front end shows: the answer with its [n] markers, then its
sources. The same citations come as data beside it (`citations`, and `assistant`: the whole
object `ask --json` prints), so a program need not parse the text.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.config import UserError

if TYPE_CHECKING:
    from assistant.answering import Answer

History = list[tuple[str, str]]


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    """What the server reads of a request; the rest (temperature, max_tokens ...) is accepted
    and ignored: the answer is the checked evidence, not a sample."""

    model_config = ConfigDict(extra="allow")
    model: str | None = None
    messages: list[Message] = Field(min_length=1)
    stream: bool = False


def text_of(message: Message) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(message.content, str):
        return message.content
    parts = message.content or []
    return " ".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


def conversation(request: ChatRequest) -> tuple[History, str]:
    """(earlier turns as (question, answer) pairs, the question to answer now). The last
    message must be the user's; system messages are ignored (the assistant's rules hold)."""
    turns = [m for m in request.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise UserError("the last message must be the user's question")
    history: History = []
    for i, message in enumerate(turns[:-1]):
        if message.role == "user":
            reply = turns[i + 1] if turns[i + 1].role == "assistant" else None
            history.append((text_of(message), text_of(reply) if reply else ""))
    return history, text_of(turns[-1])


def content(result: Answer) -> str:
    """The answer, then its sources, as the CLI prints them."""
    from assistant.render import answer_parts

    return "\n".join(part.text for part in answer_parts(result)).strip()


def completion(result: Answer, model: str, rewrite: dict[str, str]) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content(result)}}
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "citations": [c.as_dict() for c in result.citations],
        "assistant": {**result.as_dict(), "rewrite": rewrite},
    }


def chunks(result: Answer, model: str, rewrite: dict[str, str]) -> Iterator[str]:
    """Server-sent events: the role, the answer a sentence at a time, the sources, then a
    last chunk with `finish_reason`, the citations and the whole answer object."""
    from assistant.answering.check import split_claims

    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

    def event(delta: dict[str, str], finish: str | None = None, **extra: Any) -> str:
        body = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    text = content(result)
    answer, _, sources = text.partition("\n\nSources:")
    pieces = answer.splitlines(True) if "\n" in answer else [s + " " for s in split_claims(answer)]
    for piece in pieces:
        yield event({"content": piece})
    if sources:
        yield event({"content": "\n\nSources:" + sources})
    yield event(
        {},
        "stop",
        citations=[c.as_dict() for c in result.citations],
        assistant={**result.as_dict(), "rewrite": rewrite},
    )
    yield "data: [DONE]\n\n"
