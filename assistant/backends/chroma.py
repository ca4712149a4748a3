"""Chroma clients: the embedded store (default) or a Chroma server (`--chroma-url`)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlparse

from assistant.config import Settings, UserError

T = TypeVar("T")
_CLIENTS: dict[str, object] = {}


class ChromaUnavailable(UserError):
    pass


class ChildError(Exception):
    """An error raised in a ChromaProcess's child, by its class name and message."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(text)
        self.name = name


def import_chromadb_in_background(
    *, local_embedder: bool, local_llm: bool = False, chromadb: bool = True
) -> threading.Thread:
    """Import chromadb on a second thread while this one loads the models; join it before use.

    chromadb's import is the slowest step of a cold start (~1 s of pure Python); loading
    the models is native code that leaves the interpreter free. The models' own Python
    modules are imported first, here: two threads importing one extension module at once
    (numpy) failed with "partially initialized module" in some runs. `chromadb=False`
    (a ChromaProcess imports it instead) imports only those.
    """
    import numpy  # noqa: F401

    if local_embedder:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    if local_llm:
        from assistant.backends.runtime import runtime_module

        importlib.import_module(runtime_module())

    def run() -> None:
        if not chromadb:
            return
        try:
            importlib.import_module("chromadb")
        except Exception:  # noqa: BLE001 - the import where it is used reports it
            pass

    thread = threading.Thread(target=run, name="import chromadb", daemon=True)
    thread.start()
    return thread


def _key(settings: Settings) -> str:
    return settings.chroma_url or str(settings.store.resolve())


def use_client(settings: Settings, client: object) -> None:
    """Make `client` the one make_client returns for this store (a ChromaProcess's)."""
    _CLIENTS[_key(settings)] = client


def forget_client(settings: Settings) -> None:
    _CLIENTS.pop(_key(settings), None)


def forget_all_clients() -> None:
    """Forget every client and chromadb's cached systems, so the next client reads the
    vectors from disk afresh (after another process wrote them, or a folder was set aside)."""
    _CLIENTS.clear()
    try:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:
        pass  # older or newer chromadb without the cache: nothing to clear


def make_client(settings: Settings):  # -> chromadb.ClientAPI
    key = _key(settings)
    if key in _CLIENTS:
        return _CLIENTS[key]
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # Telemetry off: nothing leaves the machine.
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise UserError(f"--chroma-url must look like http://HOST:PORT, not {settings.chroma_url!r}")
        port = url.port or (443 if url.scheme == "https" else 8000)

        def connect():
            return chromadb.HttpClient(
                host=url.hostname, port=port, ssl=url.scheme == "https", settings=chroma_settings
            )
    else:
        path = settings.store / "chroma"

        def connect():
            return chromadb.PersistentClient(path=str(path), settings=chroma_settings)

    try:
        client = chroma_call(connect, settings)
    except KeyboardInterrupt:
        _forget_half_built_clients()
        raise
    _CLIENTS[key] = client
    return client


def _forget_half_built_clients() -> None:
    """chromadb caches one system per path: one a Ctrl-C interrupted while it was being
    built fails every later client of that path, so it must not stay cached."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def chroma_call(fn: Callable[[], T], settings: Settings) -> T:
    """Run a Chroma call; a server that is down or a damaged store becomes one clear line."""
    try:
        return fn()
    except UserError:
        raise
    except Exception as exc:
        name = exc.name if isinstance(exc, ChildError) else exc.__class__.__name__
        text = str(exc).splitlines()[0][:200] if str(exc) else name
        if settings.chroma_url:
            lowered = text.lower()
            if "connect" in lowered or "connection" in name.lower() or "refused" in lowered:
                raise ChromaUnavailable(
                    f"cannot reach the Chroma server at {settings.chroma_url} (is `chroma run` up?)"
                ) from None
            raise ChromaUnavailable(f"the Chroma server at {settings.chroma_url} failed: {text}") from None
        raise ChromaUnavailable(
            f"the vector store at {settings.store / 'chroma'} failed ({name}: {text}): run `assistant doctor`"
        ) from None
