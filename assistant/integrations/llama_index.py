"""llama-index adapters: the assistant's hybrid retrieval as a `BaseRetriever`, and its
checked, cited answers as a query engine (usable as a `QueryEngineTool` in an agent).

    from assistant.integrations.llama_index import AssistantQueryEngine, AssistantRetriever
    engine = AssistantQueryEngine.from_store("index", backend="extractive")
    response = engine.query("Where will the July summit take place?")
    response.metadata["refused"], [n.node.metadata["quote"] for n in response.source_nodes]

Both take an Answerer built by the composition root (`assistant.pipeline.build_answerer`), or
build one from a store path with `from_store`. An Answerer is used by one thread at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

if TYPE_CHECKING:
    from assistant.answering import Answerer
    from assistant.retrieval import Passage


def answerer_for(store: str | Path, **settings: Any) -> Answerer:
    """An Answerer over the store at `store`, with settings as the CLI takes them
    (backend="extractive", model="qwen2.5-coder-1.5b", top_k=5 ...)."""
    from assistant.config import Settings
    from assistant.pipeline import build_answerer

    if "backend" in settings:
        settings["llm_backend"] = settings.pop("backend")
    return build_answerer(Settings.from_env(store=Path(store), **settings))


def passage_node(passage: Passage, **extra: Any) -> NodeWithScore:
    """A passage as a node: its text, and where it comes from in metadata (source, page, the
    character span in the source, title, heading, and the fused, dense and BM25 scores)."""
    metadata = {
        "source": passage.source,
        "page": passage.page,
        "start": passage.start,
        "end": passage.end,
        "title": passage.title,
        "heading": passage.heading,
        "fused_score": passage.score,
        "dense_score": passage.dense,
        "bm25_score": passage.bm25,
        **extra,
    }
    node = TextNode(
        id_=passage.id,
        text=passage.text,
        metadata=metadata,
        excluded_llm_metadata_keys=[k for k in metadata if k not in ("source", "page", "title")],
    )
    return NodeWithScore(node=node, score=float(passage.score))


class AssistantRetriever(BaseRetriever):
    """Hybrid BM25 + dense retrieval over the assistant's store, as llama-index nodes."""

    def __init__(self, answerer: Answerer, k: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answerer = answerer
        self.k = k or answerer.settings.top_k

    @classmethod
    def from_store(cls, store: str | Path, k: int | None = None, **settings: Any) -> AssistantRetriever:
        return cls(answerer_for(store, **settings), k=k)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        from assistant.pipeline import check_question

        passages = self.answerer.retriever.retrieve(check_question(query_bundle.query_str), self.k)
        return [passage_node(p) for p in passages]


class AssistantQueryEngine(CustomQueryEngine):
    """The assistant's answer as a llama-index Response: the text is the cited answer,
    `source_nodes` are the passages its citations quote (the quote and its span in metadata),
    and `metadata` holds `refused`, `missing`, `short_answer` and the citations."""

    answerer: Any
    k: int | None = None

    @classmethod
    def from_store(cls, store: str | Path, k: int | None = None, **settings: Any) -> AssistantQueryEngine:
        return cls(answerer=answerer_for(store, **settings), k=k)

    def custom_query(self, query_str: str) -> Response:
        from assistant.pipeline import check_question

        result = self.answerer.ask(check_question(query_str), k=self.k)
        cited: list[NodeWithScore] = []
        for citation in result.citations:
            passage = result.passage_of(citation)
            if passage is not None:
                cited.append(
                    passage_node(
                        passage,
                        citation=citation.n,
                        quote=citation.quote,
                        quote_start=citation.start,
                        quote_end=citation.end,
                    )
                )
        return Response(
            response=result.answer,
            source_nodes=cited,
            metadata={
                "refused": result.refused,
                "missing": result.missing,
                "short_answer": result.short_answer,
                "citations": [c.as_dict() for c in result.citations],
                "plan": result.plan,
            },
        )
