"""llama.cpp in-process through `xllamacpp`: prebuilt wheels, so installing needs no compiler.

xllamacpp runs llama.cpp's own server inside this process. Replies are asked for directly
(no HTTP); the server's HTTP listener, which it always starts, is put on a random loopback
port behind a random key and used only for what the Python API lacks: rendering the chat
template and saving or restoring the state after the system prompt (llama.cpp's slot files).
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import threading
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from assistant.backends.errors import BackendError
from assistant.backends.modelfiles import sha256_file
from assistant.backends.runtime import SENTINEL, Message, spare_core_threads, state_dir, state_path
from assistant.config import UserError

_DONE = object()  # ends the queue of a reply's chunks


def server_params(
    model: Path,
    threads: int,
    prompt_threads: int,
    context: int,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    parallel: int = 1,
) -> Any:  # -> xllamacpp.CommonParams
    """llama.cpp server parameters: one model on the CPU, quiet, listening on `host`:`port` (0: any free)."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.n_ctx = context
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = prompt_threads
    params.n_parallel = parallel
    params.hostnames = [host]
    params.port = port
    params.n_threads_http = 2  # the HTTP side only parses requests; the model's threads do the work
    params.verbosity = -1  # llama.cpp logs every load and reply to stderr otherwise
    params.warmup = False  # a warm-up run costs a cold start ~0.1-1 s and changes no reply
    # Fitting the context and layers to free memory loads the model twice (+0.3 s a cold
    # start); here they are set, and on the CPU there are no layers to place.
    params.fit_params = False
    params.ui = False  # no web page on the listener
    params.sampling.seed = 0
    return params


def start_server(params: Any) -> Any:  # -> xllamacpp.Server
    """llama.cpp's server with `params`, its task loop running.

    The constructor returns before the loop has started, and a Server deleted in that gap
    waits for it forever (the stop is lost): a request that the loop answers (GET /slots)
    closes the gap. It costs ~1 ms.
    """
    import xllamacpp

    try:
        server = xllamacpp.Server(params)
    except RuntimeError:
        raise UserError(
            f"xllamacpp could not load {params.model.path} (not a GGUF model it can run, "
            f"or port {params.port} is taken)"
        ) from None
    keys = list(params.api_keys)
    headers = {"Authorization": f"Bearer {keys[0]}"} if keys else {}
    request = urllib.request.Request(server.listening_address + "/slots", headers=headers)
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    return server


class XLlamaCppRuntime:
    """llama.cpp in-process (`xllamacpp`), one slot: replies run one at a time, as they do
    with llama-cpp-python, and the slot keeps the last prompt for the next one to reuse."""

    def __init__(self, model: Path, threads: int, context: int = 2048, prompt_threads: int | None = None) -> None:
        import xllamacpp

        self._model, self._context, self._threads = model, context, threads
        self._version = xllamacpp.__version__
        self._key = secrets.token_hex(16)  # nobody else on this machine may use the listener
        self._state_dir = state_dir()
        params = server_params(model, threads, prompt_threads or spare_core_threads(threads), context)
        params.api_keys = [self._key]
        params.slot_save_path = str(self._state_dir) + os.sep  # llama.cpp appends the file name as is
        # The slot already reuses the longest shared prefix and the state cache restores the
        # system prompt's: a RAM copy of every past prompt (8 GiB by default) would add little.
        params.cache_ram_mib = 0
        self.server = start_server(params)
        self._prefixes: dict[str, str | None] = {}  # system prompt -> its rendered prefix
        self._slot_system: str | None = None  # the system prompt the slot's tokens start with
        self.last_timings: dict[str, float] = {}  # llama.cpp's for the last reply (cache_n, prompt_n, ...)

    def stream(
        self, messages: list[Message], max_tokens: int, stop: list[str] | None, temperature: float
    ) -> Iterator[str]:
        if not (messages and messages[0]["role"] == "system" and messages[0]["content"] == self._slot_system):
            self._slot_system = None  # this prompt starts otherwise: the slot no longer holds a primed one
        request = {
            "messages": messages,
            "max_tokens": max_tokens,
            "stop": stop or [],
            "temperature": temperature,
            "seed": 0,
            "stream": True,
            "cache_prompt": True,
        }
        for chunk in _chunks(lambda callback: self.server.handle_chat_completions(request, callback)):
            if "error" in chunk:
                message = (
                    chunk["error"].get("message", "unknown error")
                    if isinstance(chunk["error"], dict)
                    else chunk["error"]
                )
                raise BackendError(f"the local model failed: {message}")
            if "timings" in chunk:
                self.last_timings = chunk["timings"]
            for choice in chunk.get("choices", []):
                text = (choice.get("delta") or {}).get("content")
                if text:
                    yield text

    def system_prefix(self, system: str) -> str | None:
        """The prompt text up to where the user's words start, rendered by llama.cpp with the
        model's own chat template; None when it cannot render a system turn."""
        if system not in self._prefixes:
            try:
                rendered = self._post(
                    "/apply-template",
                    {"messages": [{"role": "system", "content": system}, {"role": "user", "content": SENTINEL}]},
                )["prompt"]
            except (BackendError, KeyError, TypeError):
                rendered = ""
            cut = rendered.find(SENTINEL)
            self._prefixes[system] = rendered[:cut] if cut > 0 else None
        return self._prefixes[system]

    def prime(self, system: str) -> None:
        """Start from the model state after the system turn, saved on disk by an earlier run.

        Reading the fixed system prompt is about half of a cold answer's prompt time on one
        thread; llama.cpp then reads only the tokens after the longest prefix its slot shares
        with the prompt. The file is keyed by everything that shapes the state, so a stale one
        is never used; one that cannot be restored is recomputed and written again.
        """
        if system == self._slot_system:
            return  # the slot already starts with it (the last reply had the same system turn)
        prefix = self.system_prefix(system)
        if prefix is None:
            return
        name = self._state_name(prefix)
        try:
            if not self._intact(name):
                raise BackendError("no intact state")
            restored = self._post("/slots/0?action=restore", {"filename": name})
            if restored.get("n_restored", 0) <= 0:
                raise BackendError("an empty state")
        except BackendError:  # none saved yet, or unreadable: read the prefix and save it
            try:
                self._post("/completion", {"prompt": prefix, "n_predict": 0, "cache_prompt": True, "seed": 0})
            except BackendError:
                return  # priming only saves time: the reply then reads its whole prompt
            self._save(name)
        self._slot_system = system

    def _intact(self, name: str) -> bool:
        """Is the slot file the one this runtime wrote? llama.cpp aborts the whole process on a
        damaged one (an assert, not an error), so its sha256, saved beside it, is checked first."""
        try:
            expected = (self._state_dir / f"{name}.sha256").read_text().strip()
            return sha256_file(self._state_dir / name) == expected
        except OSError:
            return False

    def _save(self, name: str) -> None:
        """Write the slot and its hash to temporary files, then rename them: a reader never sees
        half a file, and a file and hash from two writers do not match, so it is recomputed."""
        tmp = f"{name}.{os.getpid()}.tmp"
        try:
            self._state_dir.mkdir(parents=True, exist_ok=True)
            self._post("/slots/0?action=save", {"filename": tmp})
            (self._state_dir / f"{tmp}.sha256").write_text(sha256_file(self._state_dir / tmp))
            (self._state_dir / tmp).replace(self._state_dir / name)
            (self._state_dir / f"{tmp}.sha256").replace(self._state_dir / f"{name}.sha256")
        except (OSError, BackendError):
            pass  # a read-only cache only costs the prefix again next time

    def _state_name(self, prefix: str) -> str:
        return state_path(self._model, self._context, self._threads, f"xllamacpp {self._version}", prefix, ".slot").name

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A request to this process's own llama.cpp listener; BackendError if it refuses."""
        request = urllib.request.Request(
            self.server.listening_address + path,
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self._key}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                return json.loads(response.read())
        except (OSError, ValueError) as exc:  # HTTPError and URLError are OSErrors
            raise BackendError(f"llama.cpp refused {path.split('?')[0]}: {exc}") from None


def _chunks(run: Callable[[Callable[[dict[str, Any]], bool]], None]) -> Iterator[dict[str, Any]]:
    """The chunks that `run` hands its callback, as a generator.

    xllamacpp calls the callback on the calling thread until the reply ends, so `run` goes on a
    worker thread and the chunks come through a queue. A consumer that stops early (a stop
    word, a closed client) makes the callback answer True, which ends llama.cpp's reply.
    """
    chunks: queue.Queue[Any] = queue.Queue()
    stopped = threading.Event()

    def callback(chunk: dict[str, Any]) -> bool:
        chunks.put(chunk)
        return stopped.is_set()

    def work() -> None:
        try:
            run(callback)
        except Exception as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            chunks.put(exc)
        chunks.put(_DONE)

    worker = threading.Thread(target=work, name="xllamacpp reply", daemon=True)
    worker.start()
    try:
        while (chunk := chunks.get()) is not _DONE:
            if isinstance(chunk, Exception):
                raise BackendError(f"the local model failed: {chunk}")
            yield chunk
    finally:
        stopped.set()
        worker.join()
