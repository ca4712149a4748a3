"""Turn OpenAI-client failures into one-line errors that never carry the API key."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from assistant.config import UserError

T = TypeVar("T")


class BackendError(UserError):
    """A model server failed: unreachable, timed out, refused or answered nonsense."""


def redact(text: str) -> str:
    key = os.environ.get("OPENAI_API_KEY")
    if key and len(key) >= 4:
        text = text.replace(key, "***")
    return text


def describe(exc: BaseException, what: str) -> str:
    import openai

    base = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1")
    if isinstance(exc, openai.APITimeoutError):
        return f"{what} server at {base} timed out"
    if isinstance(exc, openai.APIConnectionError):
        return f"cannot reach the {what} server at {base}"
    if isinstance(exc, openai.AuthenticationError):
        return f"the {what} server at {base} rejected the API key (HTTP 401)"
    if isinstance(exc, openai.RateLimitError):
        return f"the {what} server at {base} is rate limiting (HTTP 429); retried and gave up"
    if isinstance(exc, openai.NotFoundError):
        return f"the {what} server at {base} does not know this model or path (HTTP 404)"
    if isinstance(exc, openai.APIStatusError):
        return f"the {what} server at {base} failed with HTTP {exc.status_code}"
    if isinstance(exc, openai.APIResponseValidationError):
        return f"the {what} server at {base} sent a malformed response"
    if isinstance(exc, openai.APIError):
        return f"the {what} server at {base} failed: {exc.__class__.__name__}"
    if isinstance(exc, ValueError):  # json decoding of a malformed body
        return f"the {what} server at {base} sent a malformed response"
    return f"the {what} request failed: {exc.__class__.__name__}"


def openai_call(fn: Callable[[], T], what: str) -> T:
    import openai

    try:
        return fn()
    except (openai.OpenAIError, ValueError) as exc:
        raise BackendError(redact(describe(exc, what))) from None
