"""The local model runtime: llama.cpp in-process, behind one small seam.

A runtime loads a GGUF file, streams a chat reply, and keeps the model state after the
system prompt on disk (the state cache). Named models, prompts and budgets live above
this seam (catalog.py, llms.LocalLlama). Two bindings of llama.cpp implement it:
`xllamacpp` (prebuilt wheels: the default, installs in seconds without a compiler) and
`llama-cpp-python` (compiles llama.cpp when installed: the `llama-cpp-python` extra).
Which one runs is chosen here and nowhere else (docs/BENCHMARKS.md, "Runtime").
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from assistant.config import UserError, available_cores, cache_dir

Message = dict[str, str]
SENTINEL = "\u2063USER-TURN\u2063"  # marks where the user's words start in a rendered prompt

# Runtime name -> (import name, install hint), in order of preference.
RUNTIMES: dict[str, tuple[str, str]] = {
    "xllamacpp": ("xllamacpp", "pip install -e ."),
    "llama-cpp-python": ("llama_cpp", "pip install -e '.[llama-cpp-python]' (compiles llama.cpp)"),
}
ENV_VAR = "ASSISTANT_RUNTIME"


class Runtime(Protocol):
    def stream(
        self, messages: list[Message], max_tokens: int, stop: list[str] | None, temperature: float
    ) -> Iterator[str]:
        """Yield the reply's text piece by piece."""
        ...

    def prime(self, system: str) -> None:
        """Start the next reply from the saved state after `system`, if the runtime can."""
        ...

    def system_prefix(self, system: str) -> str | None:
        """The prompt text up to where the user's words start, or None (then no priming)."""
        ...


def runtime_name() -> str:
    """The runtime to load: $ASSISTANT_RUNTIME if set, else the first one installed."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        if chosen not in RUNTIMES:
            raise UserError(f"{ENV_VAR}={chosen!r} is not a runtime: use {' or '.join(RUNTIMES)}")
        return chosen
    for name, (module, _) in RUNTIMES.items():
        if importlib.util.find_spec(module) is not None:
            return name
    raise UserError(f"no llama.cpp runtime is installed: run `{RUNTIMES['xllamacpp'][1]}`")


def runtime_module() -> str:
    """The import name of the chosen runtime (for importing it ahead of time)."""
    return RUNTIMES[runtime_name()][0]


def load_runtime(model: Path, threads: int, context: int = 2048, prompt_threads: int | None = None) -> Runtime:
    name = runtime_name()
    module, install = RUNTIMES[name]
    if importlib.util.find_spec(module) is None:
        raise UserError(f"the {name} runtime is not installed: run `{install}`")
    if name == "xllamacpp":
        from assistant.backends.xllamacpp_runtime import XLlamaCppRuntime

        return XLlamaCppRuntime(model, threads, context, prompt_threads)
    from assistant.backends.llama_cpp_runtime import LlamaCppRuntime

    return LlamaCppRuntime(model, threads, context, prompt_threads)


def state_path(model: Path, context: int, threads: int, runtime: str, prefix: str, suffix: str) -> Path:
    """Where the state after `prefix` is saved: keyed by everything that shapes it (the model
    file, context, threads, runtime and its version), so a stale or foreign one is never used."""
    stat = model.stat()
    key = json.dumps([str(model), stat.st_size, stat.st_mtime_ns, context, threads, runtime, prefix])
    return state_dir() / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}{suffix}"


def state_dir() -> Path:
    return cache_dir() / "llm-state"


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
