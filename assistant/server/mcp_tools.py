"""`assistant mcp`: the assistant as MCP tools, for agents and editors (the official `mcp`
package, 2.x). Read-only: the tools search and answer from the store, list its documents and
return a document's text as ingested; nothing outside the store's documents can be read.

Tools run on the one worker thread that owns the store and models (worker.py), so an agent
that calls several at once is answered one at a time, in order.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.config import Settings, UserError
from assistant.pipeline import check_question
from assistant.server.worker import Worker

if TYPE_CHECKING:
    from assistant.answering import Answerer

INSTRUCTIONS = (
    "Answers questions from the user's own documents with checked citations. Use `ask` for an "
    "answer with quotes (it says when the documents don't say), `search` for passages, "
    "`list_documents` and `get_document` to read what was ingested."
)
MAX_K = 50
Tool = TypeVar("Tool", bound=Callable[..., Awaitable[Any]])


def _anticipated(tool: Tool) -> Tool:
    """Bad input and a failing model server are told to the caller in one line (a ToolError);
    anything else is a crash, which the SDK reports without its details."""
    from mcp.server.mcpserver.exceptions import ToolError

    from assistant.backends.errors import BackendError

    @functools.wraps(tool)
    async def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await tool(*args, **kwargs)
        except (UserError, BackendError) as exc:
            raise ToolError(" ".join(str(exc).split())) from None

    return run  # type: ignore[return-value]


def build_server(settings: Settings, worker: Worker) -> Any:
    from mcp.server import MCPServer

    server = MCPServer("assistant", instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool()
    @_anticipated
    async def search(query: str, k: int = 5) -> dict[str, Any]:
        """Passages of the user's documents for a query, best first, with source, page,
        character span and the fused, dense and BM25 scores."""
        query = check_question(query)
        k = _bounded(k)
        passages = await worker.run(lambda a: a.retriever.retrieve(query, k))
        return {"passages": [p.as_dict() for p in passages]}

    @server.tool()
    @_anticipated
    async def ask(question: str, k: int = 5) -> dict[str, Any]:
        """A cited answer from the user's documents. `refused` is true when the documents
        don't say; every citation quotes its source exactly (source, page, start, end)."""
        question = check_question(question)
        k = _bounded(k)
        result = await worker.run(lambda a: a.ask(question, k=k))
        data = result.as_dict()
        keep = ("answer", "short_answer", "refused", "missing", "read_as", "citations", "plan", "backend")
        return {key: data[key] for key in keep}

    @server.tool()
    @_anticipated
    async def list_documents() -> dict[str, Any]:
        """Every document in the store: its source path, title and number of chunks."""
        return {"documents": await worker.run(lambda a: a.retriever.store.listing())}

    @server.tool()
    @_anticipated
    async def get_document(source: str) -> dict[str, Any]:
        """The text of one ingested document, by its source path or file name (as
        list_documents gives it). Character offsets match the citations' start and end."""
        return await worker.run(lambda a: _document(a, source))

    return server


def _bounded(k: int) -> int:
    if not 1 <= k <= MAX_K:
        raise UserError(f"k must be between 1 and {MAX_K}")
    return k


def resolve(source: str, known: list[str]) -> str:
    """The stored source `source` names: exactly, or as the unique one ending in it."""
    if source in known:
        return source
    tail = source.strip().lstrip("/")
    matches = [s for s in known if tail and (s == tail or s.endswith("/" + tail))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(f"{len(matches)} documents end in {source!r}: give more of the path")
    raise UserError(f"no document {source!r} in the store (list_documents shows what is there)")


def _document(answerer: Answerer, source: str) -> dict[str, Any]:
    store = answerer.retriever.store
    documents = store.documents()
    found = resolve(source, list(documents))
    rows = store.document_chunks([found])
    return {
        "source": found,
        "title": documents[found],
        "text": join_chunks(rows),
        "pages": sorted({r["page"] for r in rows if r.get("page")}),
    }


def join_chunks(rows: list[dict]) -> str:
    """A document's text from its chunks (which overlap), at the offsets citations use: a
    gap between chunks (the whitespace between paragraphs) becomes as many newlines."""
    out: list[str] = []
    end = 0
    for row in sorted(rows, key=lambda r: r["start"]):
        if row["end"] <= end:
            continue
        if row["start"] > end:
            out.append("\n" * (row["start"] - end))
            end = row["start"]
        out.append(row["text"][end - row["start"] :])
        end = row["end"]
    return "".join(out)
