"""chromadb in a child process, for ingest.

Importing chromadb is ~1 s of pure Python and its writes are Python too. Inside the ingest
process they hold the interpreter that reads and chunks, and they take CPU from the embedder
just as it starts. A child forked before the model loads imports chromadb on the other core
while this process starts up, then does the writes without sharing the GIL (XQuAD ingest:
0.25-0.55 s less per run in four paired runs, docs/BENCHMARKS.md).

Only a process that has not imported chromadb forks one: there is nothing to gain otherwise,
and a fork would copy chromadb's state without the threads that serve it. The child does
nothing by itself: each call is sent, carried out, and answered before the next, so the
order of writes, and with it the manifest's guarantees, is the same as in process.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, NoReturn

from assistant.backends import chroma
from assistant.config import Settings, UserError

CHILD_NICENESS = 10


class ChromaProcess:
    """The parent's side: calls go down the pipe and answers or errors come back."""

    @classmethod
    def start(cls, settings: Settings) -> ChromaProcess | None:
        if "chromadb" in sys.modules or not hasattr(os, "fork"):
            return None
        return cls(settings)

    def __init__(self, settings: Settings) -> None:
        from multiprocessing.connection import Pipe

        self._settings = settings
        ours, theirs = Pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            ours.close()
            _child(theirs, settings, parent)
        theirs.close()
        self._pid: int | None = pid
        self._conn = ours
        self._broken = False
        chroma.use_client(settings, _Client(self))

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return self._pid

    def call(self, collection: str | None, method: str, *args: Any, **kwargs: Any) -> Any:
        if self._pid is None or self._broken:
            raise chroma.ChromaUnavailable("the process that writes the vectors was stopped")
        try:
            self._conn.send((collection, method, args, kwargs))
            kind, value = self._conn.recv()
        except (EOFError, OSError) as exc:
            self._broken = True
            raise chroma.ChromaUnavailable(
                f"the process that writes the vectors ended unexpectedly ({exc.__class__.__name__})"
            ) from None
        except BaseException:
            self._broken = True  # Ctrl-C: an answer may be left in the pipe, so no more calls
            raise
        if kind == "ok":
            return value
        name, text = value
        if kind == "user":
            raise (chroma.ChromaUnavailable if name == "ChromaUnavailable" else UserError)(text)
        raise chroma.ChildError(name, text)

    def close(self) -> None:
        """Ask the child to finish and wait for it: once it has exited, its writes are on disk."""
        if self._pid is None:
            return
        chroma.forget_client(self._settings)
        pid, self._pid = self._pid, None
        try:
            self._conn.send(None)
        except OSError:
            pass
        self._conn.close()
        try:
            os.waitpid(pid, 0)
        except BaseException:
            os.kill(pid, signal.SIGKILL)  # a second Ctrl-C, or an error: do not leave it behind
            os.waitpid(pid, 0)
            raise


class _Client:
    """The calls the store makes on a chromadb client."""

    def __init__(self, process: ChromaProcess) -> None:
        self._process = process

    def get_or_create_collection(self, name: str, **kwargs: Any) -> _Collection:
        self._process.call(None, "get_or_create_collection", name, **kwargs)
        return _Collection(self._process, name)

    def delete_collection(self, name: str) -> None:
        self._process.call(None, "delete_collection", name)

    def heartbeat(self) -> int:
        return self._process.call(None, "heartbeat")


class _Collection:
    """The calls the store makes on a chromadb collection."""

    def __init__(self, process: ChromaProcess, name: str) -> None:
        self._process = process
        self.name = name

    def upsert(self, **kwargs: Any) -> None:
        self._process.call(self.name, "upsert", **kwargs)

    def delete(self, **kwargs: Any) -> None:
        self._process.call(self.name, "delete", **kwargs)

    def query(self, **kwargs: Any) -> Any:
        return self._process.call(self.name, "query", **kwargs)

    def get(self, **kwargs: Any) -> Any:
        return self._process.call(self.name, "get", **kwargs)

    def count(self) -> int:
        return self._process.call(self.name, "count")


# ---------------------------------------------------------------- the child


def _child(conn: Any, settings: Settings, parent: int) -> NoReturn:
    """Serve calls until the parent closes the pipe. os._exit: the parent's atexit handlers
    and open files (its manifest connection) are not the child's to run or close."""
    code = 0
    try:
        # Ctrl-C goes to the whole process group: the parent handles it and closes the pipe.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with(parent)
        # The embedder is what the ingest waits for: the child takes the CPU it leaves idle.
        # At the default priority its import delayed the first model call by 0.13-0.25 s.
        os.nice(CHILD_NICENESS)
        _serve(conn, settings)
    except BaseException:  # noqa: BLE001 - the parent sees the pipe close
        code = 1
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:
    """A killed ingest takes its writer with it, as when the writes ran in process; else the
    child would end only at its next read of the pipe."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


def _serve(conn: Any, settings: Settings) -> None:
    try:
        client, failure = chroma.make_client(settings), None
    except Exception as exc:  # noqa: BLE001 - sent back with the first call
        client, failure = None, exc
    collections: dict[str, Any] = {}
    while True:
        try:
            request = conn.recv()
        except EOFError:
            break
        if request is None:
            break
        name, method, args, kwargs = request
        try:
            if failure is not None:
                raise failure
            value = getattr(client if name is None else collections[name], method)(*args, **kwargs)
            if method == "get_or_create_collection":
                collections[args[0]], value = value, None
            elif method == "delete_collection":
                collections.pop(args[0], None)
            conn.send(("ok", value))
        except Exception as exc:  # noqa: BLE001 - the parent raises it
            kind = "user" if isinstance(exc, UserError) else "error"
            conn.send((kind, (exc.__class__.__name__, str(exc))))
    if client is not None:
        # Stop chromadb's system so that everything it holds is written before the exit.
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
