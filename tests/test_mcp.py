"""`assistant mcp` end to end: the official `mcp` client starts the server over stdio, on the
real store and models, and calls each tool."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.conftest import ROOT, SEED_TEXT

pytest.importorskip("mcp", reason="the mcp package is not installed")


def call(store: Path, calls: list[tuple[str, dict[str, Any]]], *args: str) -> tuple[list[str], list[Any]]:
    """Start `assistant mcp`, list its tools, make the calls in order; (tool names, results)."""
    from mcp.client.client import Client
    from mcp.client.stdio import StdioServerParameters

    async def run() -> tuple[list[str], list[Any]]:
        params = StdioServerParameters(
            command=sys.executable, cwd=str(ROOT), args=["-m", "assistant", "mcp", "--store", str(store), *args]
        )
        async with Client(params) as client:
            names = [t.name for t in (await client.list_tools()).tools]
            return names, [await client.call_tool(name, arguments) for name, arguments in calls]

    return anyio.run(run)


@pytest.fixture(scope="module")
def session(seed_store: Path) -> tuple[list[str], list[Any]]:
    """One server, every call (the default backend: the local model answers)."""
    return call(
        seed_store,
        [
            ("ask", {"question": "Is Japan a member of NATO?"}),
            ("search", {"query": "Macron Taiwan", "k": 3}),
            ("list_documents", {}),
            ("get_document", {"source": "000_e6b707000bbe6f80.txt"}),
            ("get_document", {"source": "../../../etc/passwd"}),
            ("ask", {"question": "   "}),
            ("search", {"query": "NATO", "k": 500}),
            ("ask", {"question": "What did Macron say at the Berlin summit?"}),
        ],
    )


def test_the_four_tools_are_listed(session: tuple[list[str], list[Any]]) -> None:
    names, _ = session
    assert sorted(names) == ["ask", "get_document", "list_documents", "search"]


def test_ask_returns_a_cited_answer_whose_quotes_are_in_the_document(session: tuple[list[str], list[Any]]) -> None:
    _, (asked, _, _, document, *_rest) = session
    answer = asked.structured_content
    assert not asked.is_error and answer["answer"].startswith("No.") and not answer["refused"]
    text = document.structured_content["text"]
    for citation in answer["citations"]:
        assert text[citation["start"] : citation["end"]] == citation["quote"]
        assert SEED_TEXT[citation["start"] : citation["end"]] == citation["quote"]


def test_search_and_the_document_list(session: tuple[list[str], list[Any]]) -> None:
    _, (_, searched, listed, document, *_rest) = session
    passages = searched.structured_content["passages"]
    assert len(passages) == 3 and any("Taiwan" in p["text"] for p in passages)
    assert all(p["score"] > 0 and p["source"].endswith(".txt") for p in passages)
    documents = listed.structured_content["documents"]
    assert len(documents) == 1 and documents[0]["chunks"] > 0
    assert document.structured_content["source"] == documents[0]["source"]
    assert document.structured_content["text"].strip() == SEED_TEXT.strip()


def test_bad_calls_are_errors_in_one_line(session: tuple[list[str], list[Any]]) -> None:
    _, (*_, outside, empty, too_many, premise) = session
    for result, words in ((outside, "no document"), (empty, "empty"), (too_many, "between 1 and")):
        message = result.content[0].text
        assert result.is_error and words in message and "\n" not in message and "Traceback" not in message
    # A false premise is an answer, not an error: refused, naming what the documents lack.
    assert not premise.is_error and premise.structured_content["refused"]
    assert premise.structured_content["missing"] == ["Berlin"]


def test_mcp_over_http_with_a_token(seed_store: Path, tmp_path: Path) -> None:
    """Streamable HTTP: the same tools, and the same token rule as `assistant serve`."""
    import subprocess
    import time
    import urllib.error
    import urllib.request

    import httpx2
    from mcp.client.client import Client
    from mcp.client.streamable_http import streamable_http_client

    from tests.conftest import free_port

    port, token = free_port(), "mcp-test-token"
    log = (tmp_path / "log.txt").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "mcp",
            "--http",
            "--port",
            str(port),
            "--token",
            token,
            "--store",
            str(seed_store),
            "-b",
            "extractive",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.time() + 120
        while True:  # up when it answers, here 401 without the token
            try:
                urllib.request.urlopen(url, timeout=2)
            except urllib.error.HTTPError as exc:
                assert exc.code == 401 and b"bearer token" in exc.read()
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.time() < deadline and proc.poll() is None, (tmp_path / "log.txt").read_text()
                time.sleep(0.3)

        async def run() -> Any:
            client = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60)
            async with Client(streamable_http_client(url, http_client=client)) as session:
                return await session.call_tool("ask", {"question": "Is Japan a member of NATO?"})

        result = anyio.run(run)
        assert not result.is_error and result.structured_content["answer"].startswith("No.")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
