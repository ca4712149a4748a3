"""The HTTP application. Every error is one line of JSON with a 4xx or 5xx status, never a
trace: {"error": {"message": "...", "type": "..."}}, the shape OpenAI clients read."""

from __future__ import annotations

import hmac
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from assistant.config import Settings, UserError
from assistant.pipeline import check_question
from assistant.server.openai_chat import ChatRequest, chunks, completion, conversation
from assistant.server.worker import Busy, Worker

if TYPE_CHECKING:
    from assistant.answering import Answerer

MAX_BODY_BYTES = 256 * 1024  # a long conversation fits; a document does not belong here
RETRY_AFTER_SECONDS = 2


class IngestRequest(BaseModel):
    paths: list[str] = Field(min_length=1, max_length=1000)


class AskRequest(BaseModel):
    question: str
    k: int | None = Field(default=None, ge=1, le=50)
    length: str | None = Field(default=None, pattern="^(short|medium|long)$")


def error(
    status: int, message: str, kind: str = "invalid_request_error", headers: dict[str, str] | None = None
) -> JSONResponse:
    line = " ".join(str(message).split())
    return JSONResponse({"error": {"message": line, "type": kind}}, status_code=status, headers=headers)


class TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: the bearer token, when one is set, and the body size limit, checked
    before any route reads the request."""

    def __init__(self, app: Any, token: str | None, max_body: int = MAX_BODY_BYTES) -> None:
        self.app, self.token, self.max_body = app, token, max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        # The page holds no data (it asks for the token, then sends it): served without one.
        public = scope.get("path") == "/" and scope.get("method") == "GET"
        if self.token is not None and not public:
            given = headers.get(b"authorization", b"")
            if not hmac.compare_digest(given, f"Bearer {self.token}".encode()):
                await error(401, "a bearer token is required (Authorization: Bearer ...)", "authentication_error")(
                    scope, receive, send
                )
                return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await error(413, f"the request body is over {self.max_body} bytes")(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge
            return message

        async def watching(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watching)
        except TooLarge:
            if not started:
                await error(413, f"the request body is over {self.max_body} bytes")(scope, receive, send)


def create_app(
    settings: Settings, worker: Worker, token: str | None = None, ingest_roots: list[Path] | None = None
) -> Any:
    """The application around a started worker (models loaded, store open). With
    `ingest_roots`, POST /v1/ingest syncs paths under them into the store."""
    app = FastAPI(title="assistant", docs_url=None, redoc_url=None, openapi_url=None)
    model_name = _model_name(settings, worker.answerer)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        if first.get("type") == "json_invalid":
            return error(422, "the request body is not valid JSON")
        if not where:  # a string, a list, or a form: not the object a route reads
            return error(422, "the request body must be a JSON object (Content-Type: application/json)")
        return error(422, f"{where}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return error(
            exc.status_code,
            str(exc.detail),
            "not_found_error" if exc.status_code == 404 else "invalid_request_error",
            getattr(exc, "headers", None),
        )

    @app.exception_handler(UserError)
    async def user_error(_: Request, exc: UserError) -> JSONResponse:
        return error(422, str(exc))

    @app.exception_handler(Forbidden)
    async def forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return error(403, str(exc), "permission_error")

    @app.exception_handler(Busy)
    async def busy(_: Request, __: Busy) -> JSONResponse:
        return error(
            503,
            "the assistant is busy: too many questions are waiting; retry shortly",
            "server_busy",
            {"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    @app.exception_handler(Exception)
    async def failed(_: Request, exc: Exception) -> JSONResponse:
        from assistant.backends.errors import BackendError

        if isinstance(exc, BackendError):  # the model server is down or refused: say which, no trace
            return error(502, str(exc), "backend_error")
        return error(500, f"internal error ({type(exc).__name__})", "server_error")

    @app.get("/v1/status")
    async def status() -> dict[str, Any]:
        def read(answerer: Answerer) -> dict[str, Any]:
            files, chunks_ = answerer.retriever.store.counts()
            return {"documents": files, "chunks": chunks_}

        counts = await worker.run(read)
        return {
            **counts,
            "backend": settings.llm_backend,
            "model": model_name,
            "embedder": settings.embed_backend,
            "waiting": max(0, worker.pending - 1),
            "max_queue": worker.max_queue,
        }

    @app.get("/v1/documents")
    async def documents() -> dict[str, Any]:
        return {"documents": await worker.run(lambda a: a.retriever.store.listing())}

    @app.post("/v1/ask")
    async def ask(request: AskRequest) -> dict[str, Any]:
        question = check_question(request.question)
        result = await worker.run(lambda a: a.ask(question, k=request.k, length=request.length))
        return result.as_dict()

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": model_name, "object": "model", "owned_by": "assistant"}]}

    @app.post("/v1/chat/completions", response_model=None)
    async def chat_completions(request: ChatRequest) -> Any:
        from assistant.chat import condense

        if request.model not in (None, "", "assistant", model_name):
            return error(
                404,
                f"the model {request.model!r} is not served here: use {model_name!r} or 'assistant' (GET /v1/models)",
                "model_not_found",
            )
        history, question = conversation(request)
        question = check_question(question)

        def answer(answerer: Answerer) -> tuple[Any, dict[str, str]]:
            llm = answerer.llm if settings.llm_backend == "openai" else None
            rewrite = condense(history, question, llm)
            shown = {"question": rewrite.question, "standalone": rewrite.standalone, "method": rewrite.method}
            return answerer.ask(rewrite.standalone), shown

        result, rewrite = await worker.run(answer)
        if request.stream:
            return StreamingResponse(
                chunks(result, model_name, rewrite),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache"},
            )
        return completion(result, model_name, rewrite)

    @app.post("/v1/ingest")
    async def ingest(request: IngestRequest) -> Any:
        if not ingest_roots:
            return error(
                403,
                "the server is read-only: start it with --allow-ingest ROOT to ingest under ROOT",
                "permission_error",
            )
        paths = [allowed(p, ingest_roots) for p in request.paths]

        def run(answerer: Answerer) -> dict[str, Any]:
            from assistant.pipeline import reopened

            report = ingest_paths(settings, paths)
            worker.replace(lambda: reopened(answerer))  # the new chunks and vectors, read afresh
            return report

        return await worker.run(run)

    page = (Path(__file__).with_name("page.html")).read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse)
    async def root() -> str:
        return page

    return Guard(app, token)


def allowed(raw: str, roots: list[Path]) -> Path:
    """The path, resolved (symlinks and "..", so nothing escapes), if it is under a root and
    exists; else a 403 or 422 with the reason."""
    if "\x00" in raw or not raw.strip():
        raise UserError("a path is empty or holds a NUL character")
    path = Path(raw).expanduser().resolve()
    if not any(path == root or root in path.parents for root in roots):
        raise Forbidden(f"{raw!r} is outside the folders this server may ingest")
    if not path.exists():
        raise UserError(f"{raw!r} does not exist")
    return path


class Forbidden(Exception):
    pass


def ingest_paths(settings: Settings, paths: list[Path]) -> dict[str, Any]:
    """`assistant ingest PATHS --json` in a child process: the CLI's own sync, with its
    batches, locks and kill safety; the store is then reopened by the caller."""
    import subprocess
    import sys

    args = [
        sys.executable,
        "-m",
        "assistant",
        "ingest",
        *map(str, paths),
        "--store",
        str(settings.store),
        "--json",
        "--embedder",
        settings.embed_backend,
    ]
    if settings.chroma_url:
        args += ["--chroma-url", settings.chroma_url]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["ingest failed"])[-1]
        raise UserError(last.removeprefix("error: "))
    return json.loads(proc.stdout)


def _model_name(settings: Settings, answerer: Any) -> str:
    """What `model` says in responses: the backend, and the LLM it uses."""
    llm = getattr(answerer, "llm", None)
    name = getattr(llm, "name", None) or settings.openai_model or settings.local_model
    return (
        "assistant-extractive" if settings.llm_backend == "extractive" else f"assistant-{settings.llm_backend}:{name}"
    )
