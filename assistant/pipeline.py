"""The composition root: the one place that builds the answering pipeline from settings.

The CLI (`ask`, `chat`, `eval`), the evals scripts and the servers all get their Answerer
here, so a new part (a cache, a reranker, another backend) is wired once. Heavy libraries
are imported inside `build_answerer`, never at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.config import Settings, UserError

if TYPE_CHECKING:
    from assistant.answering import Answerer

MAX_QUESTION_CHARS = 2000


def check_question(question: str) -> str:
    """The question stripped, or a one-line UserError: empty, or longer than a question is."""
    question = question.strip()
    if not question:
        raise UserError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise UserError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
    return question


def build_answerer(settings: Settings) -> Answerer:
    """Store, embedder, retriever and LLM for a question-answering session."""
    from assistant.answering import Answerer
    from assistant.backends.chroma import import_chromadb_in_background
    from assistant.backends.embedders import make_embedder
    from assistant.backends.llms import make_llm
    from assistant.config import setup_offline_environment
    from assistant.retrieval import Retriever
    from assistant.store import Store

    setup_offline_environment()
    store = Store(settings)
    if store.meta("fingerprint") not in (None, settings.fingerprint()):
        raise UserError(
            f"the store was built with other settings (embedder {store.meta('embed_model')}, or an "
            "older chunker): pass the same --embedder, or re-ingest"
        )
    chroma = import_chromadb_in_background(
        local_embedder=settings.embed_backend == "local", local_llm=settings.llm_backend == "local"
    )
    embedder = make_embedder(settings, for_queries=True)
    llm = make_llm(settings)
    chroma.join()
    # Open the vectors now, not inside the first question: a Ctrl-C that stops that
    # question (in `chat`) must not land in the middle of building the Chroma client.
    store.collection()
    return Answerer(settings, Retriever(store, embedder), embedder, llm)


def reopened(answerer: Answerer) -> Answerer:
    """The answerer over its store opened afresh, after another process (an ingest) changed
    it: the old store is closed and Chroma's cached clients forgotten, so the new one reads
    the vectors from disk. The models are kept."""
    from assistant.answering import Answerer
    from assistant.backends.chroma import forget_all_clients
    from assistant.retrieval import Retriever
    from assistant.store import Store

    settings = answerer.settings
    answerer.retriever.store.close()
    forget_all_clients()
    store = Store(settings)
    store.collection()
    return Answerer(settings, Retriever(store, answerer.embedder), answerer.embedder, answerer.llm)
