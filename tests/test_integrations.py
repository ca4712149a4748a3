"""The llama-index adapters on the real store and models, and the rule that nothing imports a
framework until it is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_TEXT


@pytest.fixture(scope="module")
def engine(seed_store: Path):
    from assistant.integrations.llama_index import AssistantQueryEngine

    return AssistantQueryEngine.from_store(seed_store, backend="extractive")


def test_the_retriever_gives_nodes_with_their_source_span_and_scores(engine) -> None:
    from assistant.integrations.llama_index import AssistantRetriever

    nodes = AssistantRetriever(engine.answerer, k=3).retrieve("What did Macron say about Taiwan?")
    assert len(nodes) == 3 and any("Taiwan" in n.node.get_content() for n in nodes)
    for n in nodes:
        meta = n.node.metadata
        assert SEED_TEXT[meta["start"]:meta["end"]] == n.node.get_content()
        assert n.score == meta["fused_score"] > 0 and {"dense_score", "bm25_score", "page"} <= set(meta)


def test_the_query_engine_answers_with_the_cited_passages(engine) -> None:
    response = engine.query("Is Japan a member of NATO?")
    assert str(response).startswith("No.") and response.metadata["refused"] is False
    assert response.source_nodes and response.metadata["citations"]
    for n in response.source_nodes:
        meta = n.node.metadata
        assert SEED_TEXT[meta["quote_start"]:meta["quote_end"]] == meta["quote"]
        assert meta["quote"] in n.node.get_content()
    refused = engine.query("What did Macron say at the Berlin summit?")
    assert refused.metadata["refused"] and refused.metadata["missing"] == ["Berlin"] and not refused.source_nodes


def test_the_query_engine_is_a_tool_an_agent_can_call(engine) -> None:
    from llama_index.core.tools import QueryEngineTool

    tool = QueryEngineTool.from_defaults(engine, name="my_documents",
                                         description="Answers questions from my documents, with citations.")
    output = tool.call("Where will the July NATO summit take place?")
    assert "Lithuania" in output.content and output.raw_output.metadata["citations"]
    assert tool.metadata.to_openai_tool()["function"]["name"] == "my_documents"


def test_importing_the_package_and_help_import_no_framework() -> None:
    script = ("import sys, runpy\n"
              "import assistant, assistant.cli\n"
              "sys.argv = ['assistant', '--help']\n"
              "try:\n    runpy.run_module('assistant', run_name='__main__')\n"
              "except SystemExit:\n    pass\n"
              "heavy = [m for m in ('llama_index', 'chromadb', 'fastapi', 'mcp', 'onnxruntime', 'llama_cpp')"
              " if m in sys.modules]\n"
              "print('HEAVY', heavy)\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in out.stdout, out.stdout[-500:] + out.stderr[-500:]
