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
        assert SEED_TEXT[meta["start"] : meta["end"]] == n.node.get_content()
        assert n.score == meta["fused_score"] > 0 and {"dense_score", "bm25_score", "page"} <= set(meta)


def test_the_query_engine_answers_with_the_cited_passages(engine) -> None:
    response = engine.query("Is Japan a member of NATO?")
    assert str(response).startswith("No.") and response.metadata["refused"] is False
    assert response.source_nodes and response.metadata["citations"]
    for n in response.source_nodes:
        meta = n.node.metadata
        assert SEED_TEXT[meta["quote_start"] : meta["quote_end"]] == meta["quote"]
        assert meta["quote"] in n.node.get_content()
    refused = engine.query("What did Macron say at the Berlin summit?")
    assert refused.metadata["refused"] and refused.metadata["missing"] == ["Berlin"] and not refused.source_nodes


def test_the_query_engine_is_a_tool_an_agent_can_call(engine) -> None:
    from llama_index.core.tools import QueryEngineTool

    tool = QueryEngineTool.from_defaults(
        engine, name="my_documents", description="Answers questions from my documents, with citations."
    )
    output = tool.call("Where will the July NATO summit take place?")
    assert "Lithuania" in output.content and output.raw_output.metadata["citations"]
    assert tool.metadata.to_openai_tool()["function"]["name"] == "my_documents"


def test_importing_the_package_and_help_import_no_framework() -> None:
    script = (
        "import sys, runpy\n"
        "import assistant, assistant.cli\n"
        "sys.argv = ['assistant', '--help']\n"
        "try:\n    runpy.run_module('assistant', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('llama_index', 'chromadb', 'fastapi', 'mcp', 'onnxruntime', 'llama_cpp', 'xllamacpp')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in out.stdout, out.stdout[-500:] + out.stderr[-500:]


def test_a_llama_index_agent_calls_the_assistant_as_its_tool(engine, tmp_path: Path) -> None:
    """A ReAct agent on a real local model (Qwen 1.5B behind llama.cpp's server) decides to call
    the query engine tool, and answers from what the tool quoted."""
    import asyncio

    from assistant.backends.catalog import MODELS
    from assistant.backends.modelfiles import is_installed, model_path

    qwen = MODELS["qwen2.5-coder-1.5b"]
    if not is_installed(qwen):
        pytest.skip(f"the Qwen 1.5B model is not installed ({qwen.install})")
    pytest.importorskip("llama_index.llms.openai_like", reason="llama-index-llms-openai-like (the dev extra)")
    from llama_index.core.agent.workflow import ReActAgent, ToolCallResult
    from llama_index.core.tools import QueryEngineTool
    from llama_index.llms.openai_like import OpenAILike

    from tests.conftest import start_llama_server

    # No repeat penalty, so the server keeps each ReAct step's prompt start cached (serve_llm reads
    # prompts whole under a penalty): 74 s here against 127 s, which timed out on a loaded machine.
    proc, base = start_llama_server(
        tmp_path, "--repeat-penalty", "1.0", model=model_path(qwen), alias="qwen", threads=2
    )
    try:
        tool = QueryEngineTool.from_defaults(
            engine,
            name="my_documents",
            description="Answers questions about the user's documents, with citations. Input: the question.",
        )
        llm = OpenAILike(
            model="qwen",
            api_base=base,
            api_key="unused",
            is_chat_model=True,
            context_window=4096,
            max_tokens=200,
            temperature=0.0,
            timeout=120,
            max_retries=0,
        )
        agent = ReActAgent(
            tools=[tool],
            llm=llm,
            streaming=False,
            system_prompt="You answer questions about the user's documents. Always call the "
            "my_documents tool with the question, then answer from what it returns.",
        )

        async def run() -> tuple[list[ToolCallResult], str]:
            handler = agent.run(user_msg="Where will the July NATO summit take place?")
            calls = [event async for event in handler.stream_events() if isinstance(event, ToolCallResult)]
            return calls, str(await handler)

        calls, final = asyncio.run(run())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert [c.tool_name for c in calls][:1] == ["my_documents"]
    assert "Lithuania" in calls[0].tool_output.content and calls[0].tool_output.raw_output.metadata["citations"]
    assert "Lithuania" in final
