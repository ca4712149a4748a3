"""One thread owns the answerer: the store's SQLite connection, Chroma and llama.cpp are used
from the thread that made them, one question at a time. Requests wait in a bounded queue; when
it is full the server says so at once (503) instead of letting clients pile up."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from assistant.answering import Answerer

T = TypeVar("T")


class Busy(Exception):
    """The queue is full: the caller should answer 503 with Retry-After."""


class Worker:
    def __init__(self, build: Callable[[], Answerer], max_queue: int = 8) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assistant-worker")
        self._lock = threading.Lock()
        self._pending = 0  # running + waiting
        self.max_queue = max_queue
        # Built on the worker thread: everything it opens is used from that thread only.
        self.answerer = self._pool.submit(build).result()

    @property
    def pending(self) -> int:
        return self._pending

    async def run(self, job: Callable[[Answerer], T]) -> T:
        """Run `job(answerer)` on the worker thread; Busy when `max_queue` jobs already wait.

        A job is not cancelled when its client goes away (llama.cpp cannot be interrupted
        safely mid-call), but its slot is freed the moment it ends."""
        with self._lock:
            if self._pending > self.max_queue:  # one running, max_queue waiting
                raise Busy
            self._pending += 1
        try:
            # The answerer is read when the job runs, not when it is queued: an ingest before
            # it may have replaced it.
            return await asyncio.wrap_future(self._pool.submit(lambda: job(self.answerer)))
        finally:
            with self._lock:
                self._pending -= 1

    def replace(self, build: Callable[[], Answerer]) -> None:
        """Swap in a newly built answerer. Call it from a job (on the worker thread), so that
        no other job runs between the old one's close and the new one's build."""
        self.answerer = build()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
