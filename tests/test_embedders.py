"""The local embedder, the real model: batching must not change a vector."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from assistant.backends.embedders import LocalMiniLM, Remembering

TEXTS = [
    "Lithuania hosts the July summit.",
    "The summit of the North Atlantic Treaty Organization takes place in Vilnius, the capital "
    "of Lithuania, on 11 and 12 July, and its leaders discuss Ukraine, defence spending and "
    "the membership of Sweden.",
    "Short.",
    "A middle-sized sentence about the weather in the Baltic states during the summer months.",
] * 3  # 12 texts: two batches of 8 and 4


@pytest.mark.parametrize("parallel", [1, 2])
def test_embed_batches_covers_every_text_once_grouped_by_word_pieces(parallel: int) -> None:
    model = LocalMiniLM(parallel=parallel)
    # Parallel calls come back in the order they finish: sort them by size (8, then 4).
    batches = sorted(model.embed_batches(TEXTS), key=lambda b: -len(b[0]))
    seen = [i for idx, _ in batches for i in idx]
    assert sorted(seen) == list(range(len(TEXTS)))
    assert [len(idx) for idx, _ in batches] == [8, 4]
    pieces = [len(model._tokenizer.encode(t).ids) for t in TEXTS]
    # The first batch holds the longer texts: the longest one never pads a short one.
    assert min(pieces[i] for i in batches[0][0]) >= max(pieces[i] for i in batches[1][0])


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_vector_does_not_depend_on_its_batch(parallel: int) -> None:
    model = LocalMiniLM(parallel=parallel)
    together = model.embed(TEXTS * 3)[: len(TEXTS)]  # 36 texts: 5 calls, 2 at a time
    alone = np.vstack([model.embed([t]) for t in TEXTS])
    assert together.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.abs(together - alone).max() < 1e-5
    # Different texts, different vectors: a batch did not leak into its neighbours.
    assert float(together[0] @ together[1]) < 0.99
    assert model.embed([]).shape == (0, 384)


def test_basic_graph_optimisations_give_the_vectors_of_all_of_them() -> None:
    # The default level is a speed choice only: a store embedded with onnxruntime's own
    # default (all) stays valid, so the embedder's name and the store's fingerprint hold.
    basic = LocalMiniLM().embed(TEXTS)
    every = LocalMiniLM(optimization="all").embed(TEXTS)
    assert np.abs(basic - every).max() < 1e-4


def test_a_caller_that_stops_early_leaves_no_model_call_running() -> None:
    # Ingest stops between calls on Ctrl-C; a call still running in onnxruntime when the
    # process exits aborts it, so closing the calls must wait for the running ones.
    calls = LocalMiniLM(parallel=2).embed_batches(TEXTS * 8)
    idx, rows = next(calls)
    assert rows.shape == (len(idx), 384)
    calls.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("model call")]


def test_a_remembering_embedder_embeds_each_new_text_once_and_returns_the_same_rows() -> None:
    model = LocalMiniLM(parallel=1)
    calls: list[list[str]] = []

    class Counting:  # the real model, its calls counted
        name = model.name

        def embed(self, texts):
            calls.append(list(texts))
            return model.embed(texts)

    remembering = Remembering(Counting(), size=3)
    first = remembering.embed(TEXTS[:3])
    again = remembering.embed([TEXTS[2], TEXTS[0], TEXTS[3]])
    assert calls == [TEXTS[:3], [TEXTS[3]]]  # only the new text reaches the model
    np.testing.assert_array_equal(again[0], first[2])
    np.testing.assert_allclose(again, model.embed([TEXTS[2], TEXTS[0], TEXTS[3]]), atol=1e-6)
    remembering.embed([TEXTS[1]])  # three kept: the oldest (TEXTS[1] was evicted) is embedded again
    assert calls[-1] == [TEXTS[1]]
