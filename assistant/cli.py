"""The command line: a thin layer over ingest, retrieval and answering.

Heavy libraries (chromadb, onnxruntime, llama.cpp) are imported inside the
commands that use them, so `assistant --help` starts fast.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from assistant.config import Settings, UserError
from assistant.pipeline import build_answerer, check_question
from assistant.render import display as _display

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

app = typer.Typer(
    help="Grounded, cited answers from your own documents. Offline by default.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOpt = typer.Option(None, "--store", help="Store folder (default ./index, env ASSISTANT_STORE).")
ChromaOpt = typer.Option(
    None, "--chroma-url", help="Use a Chroma server, e.g. http://127.0.0.1:8000 (env ASSISTANT_CHROMA_URL)."
)
EmbedOpt = typer.Option(None, "--embedder", help="local (default) or openai (env ASSISTANT_EMBED_BACKEND).")
BackendOpt = typer.Option(
    None, "--backend", "-b", help="local (default), openai, llama-index or extractive (env ASSISTANT_BACKEND)."
)
ModelOpt = typer.Option(
    None,
    "--model",
    "-m",
    help="The LLM: a name from `assistant models` or a .gguf path for the local backend (env ASSISTANT_MODEL; default smollm2-135m), the server's model name for openai (env OPENAI_MODEL).",
)
KOpt = typer.Option(None, "--k", "-k", help="Passages to retrieve (default 5).")
JsonOpt = typer.Option(False, "--json", help="Print one JSON object instead of text.")
ThreadsOpt = typer.Option(
    None, "--threads", help="CPU threads for the local LLM (default: the model's, see `assistant models`)."
)
LengthOpt = typer.Option(
    None, "--length", help="Summary length: short, medium (default, ~120 words) or long (env ASSISTANT_LENGTH)."
)
ContextOpt = typer.Option(
    None,
    "--context-tokens",
    help="Tokens of passages a plan-writing model is shown (default: 1500 for openai, the local model's own; env ASSISTANT_CONTEXT_TOKENS).",
)


def _err(message: str) -> None:
    typer.echo(f"error: {message}", err=True)


def _settings(**overrides: object) -> Settings:
    if overrides.get("openai_model") is None and os.environ.get("OPENAI_MODEL"):
        overrides["openai_model"] = os.environ["OPENAI_MODEL"]
    return Settings.from_env(**overrides)


def _store_settings(store: Optional[Path], chroma_url: Optional[str], embedder: Optional[str]) -> Settings:
    """Settings of the commands that open a store, after pointing libraries at offline data."""
    from assistant.config import setup_offline_environment

    setup_offline_environment()
    return _settings(store=store, chroma_url=chroma_url, embed_backend=embedder)


# ---------------------------------------------------------------- ingest


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan; change nothing."),
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Sync files into the store: add new, replace changed, remove deleted, skip unchanged."""
    from assistant.ingest import apply, make_plan
    from assistant.store import Store, StoreMissing

    settings = _store_settings(store, chroma_url, embedder)
    if dry_run:
        try:
            existing: Store | None = Store(settings)
        except StoreMissing:
            existing = None
        plan = make_plan(existing, paths, settings)
        if existing is not None:
            existing.close()
        if as_json:
            typer.echo(json.dumps(plan.as_dict(), indent=2))
            return
        _print_plan(plan)
        return
    with Store(settings, create=True) as target:
        with target.write_lock():
            plan = make_plan(target, paths, settings)
            if not as_json:
                _print_plan(plan, brief=True)
            with _progress(len(plan.work), enabled=not as_json) as progress:
                report = apply(target, plan, settings, progress)
        files, chunks = target.counts()
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for path, reason in report.failed:
            typer.echo(f"skipped {_display(path)}: {reason}", err=True)
        for path, note in report.notes:
            typer.echo(f"read {_display(path)}: {note}", err=True)
        typer.echo(
            f"ingested {report.files_ingested} files, {report.chunks} chunks in "
            f"{report.seconds:.1f} s ({report.chunks_per_second:.1f} chunks/s); "
            f"{len(plan.delete)} removed, {len(plan.unchanged)} unchanged, "
            f"{len(plan.skipped) + len(report.failed)} skipped. "
            f"Store: {files} files, {chunks} chunks."
        )
    if not report.did_anything:
        raise UserError("nothing was ingested: every file was skipped (reasons above)")


def _print_plan(plan, brief: bool = False) -> None:
    if plan.reembed:
        typer.echo("settings changed since the last ingest: everything is re-embedded")
    groups = [("add", plan.add), ("update", plan.update), ("delete", plan.delete), ("unchanged", plan.unchanged)]
    typer.echo(
        "plan: " + ", ".join(f"{len(items)} {name}" for name, items in groups) + f", {len(plan.skipped)} skipped"
    )
    for path, reason in plan.skipped:
        typer.echo(f"  skip {_display(path)}: {reason}", err=True)
    if brief:
        return
    for name, items in groups:
        for item in items:
            typer.echo(f"  {name:9} {_display(item)}")


class _progress:
    """A progress bar on stderr for runs long enough to need one."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total >= 20 and sys.stderr.isatty()
        self._bar: Progress | None = None

    def __enter__(self):
        if not self.enabled:
            return None
        # The bar starts with the first batch written, not here: its refresh thread must not
        # exist yet when the ingest forks its Chroma writer (backends/chroma_process.py).
        task: TaskID | None = None

        def update(done: int, total: int) -> None:
            nonlocal task
            if self._bar is None:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

                self._bar = Progress(
                    "ingesting", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
                )
                self._bar.start()
                task = self._bar.add_task("ingest", total=self.total)
            if task is not None:
                self._bar.update(task, completed=done)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


# ---------------------------------------------------------------- ask


@app.command()
def ask(
    question: str = typer.Argument(..., help="The question, in quotes."),
    backend: Optional[str] = BackendOpt,
    k: Optional[int] = KOpt,
    model: Optional[str] = ModelOpt,
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedOpt,
    threads: Optional[int] = ThreadsOpt,
    stream: Optional[bool] = typer.Option(
        None,
        "--stream/--no-stream",
        help="Stream the checked answer sentence by sentence (default: when on a terminal).",
    ),
    length: Optional[str] = LengthOpt,
    context_tokens: Optional[int] = ContextOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Answer one question from the store, with checked citations."""
    question = check_question(question)
    settings = _settings(
        store=store,
        chroma_url=chroma_url,
        embed_backend=embedder,
        llm_backend=backend,
        top_k=k,
        model=model,
        threads=threads,
        length=length,
        context_tokens=context_tokens,
    )
    answerer = build_answerer(settings)
    live = (sys.stdout.isatty() if stream is None else stream) and not as_json
    streamed: list[str] = []

    def on_token(piece: str) -> None:
        streamed.append(piece)
        typer.echo(piece, nl=False)
        sys.stdout.flush()

    result = answerer.ask(question, on_token=on_token if live else None)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    print_answer(result, streamed="".join(streamed) if streamed else None)


def print_answer(result, streamed: str | None = None) -> None:
    """The checked answer (unless it was streamed), then the sources with their quotes."""
    from assistant.render import answer_parts

    for part in answer_parts(result, streamed):
        typer.echo(part.text)


# ---------------------------------------------------------------- chat


@app.command()
def chat(
    backend: Optional[str] = BackendOpt,
    k: Optional[int] = KOpt,
    model: Optional[str] = ModelOpt,
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedOpt,
    threads: Optional[int] = ThreadsOpt,
    show_rewrite: bool = typer.Option(
        False, "--show-rewrite", help="Show the standalone question each follow-up becomes."
    ),
    length: Optional[str] = LengthOpt,
    context_tokens: Optional[int] = ContextOpt,
) -> None:
    """Chat with your documents: follow-ups, slash commands, every answer cited (/help inside)."""
    from assistant import repl
    from assistant.chat import ChatSession

    settings = _settings(
        store=store,
        chroma_url=chroma_url,
        embed_backend=embedder,
        llm_backend=backend,
        top_k=k,
        model=model,
        threads=threads,
        length=length,
        context_tokens=context_tokens,
    )
    repl.run(ChatSession(settings, build_answerer, show_rewrite=show_rewrite))


# ---------------------------------------------------------------- serve

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _check_binding(host: str, token: str | None) -> None:
    """A server off loopback answers anyone who can reach it: only with a token."""
    if host not in LOOPBACK and not token:
        raise UserError(f"binding {host} exposes your documents to the network: set --token (or ASSISTANT_TOKEN)")
    if token is not None and not token.strip():
        raise UserError("the token is empty")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind. Anything but loopback needs --token."),
    port: int = typer.Option(8080, "--port", help="Port to listen on."),
    token: Optional[str] = typer.Option(
        None,
        "--token",
        envvar="ASSISTANT_TOKEN",
        show_envvar=False,
        help="Require 'Authorization: Bearer TOKEN' on every request (env ASSISTANT_TOKEN).",
    ),
    max_queue: int = typer.Option(
        8, "--max-queue", min=0, help="Questions that may wait while one is answered; more get 503."
    ),
    allow_ingest: Optional[list[Path]] = typer.Option(
        None,
        "--allow-ingest",
        help="Let POST /v1/ingest sync paths under this folder into the store (repeatable). Read-only without it.",
    ),
    backend: Optional[str] = BackendOpt,
    k: Optional[int] = KOpt,
    model: Optional[str] = ModelOpt,
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedOpt,
    threads: Optional[int] = ThreadsOpt,
    length: Optional[str] = LengthOpt,
    context_tokens: Optional[int] = ContextOpt,
) -> None:
    """Serve the assistant over HTTP: /v1/ask, OpenAI-compatible /v1/chat/completions, /v1/documents."""
    _check_binding(host, token)
    roots = [root.expanduser().resolve() for root in allow_ingest or []]
    missing = [str(root) for root in roots if not root.is_dir()]
    if missing:
        raise UserError(f"--allow-ingest: {missing[0]} is not a folder")
    settings = _settings(
        store=store,
        chroma_url=chroma_url,
        embed_backend=embedder,
        llm_backend=backend,
        top_k=k,
        model=model,
        threads=threads,
        length=length,
        context_tokens=context_tokens,
    )
    import uvicorn

    from assistant.server.app import create_app
    from assistant.server.worker import Worker

    worker = Worker(lambda: build_answerer(settings), max_queue=max_queue)
    application = create_app(settings, worker, token=token, ingest_roots=roots)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"serving {_display(str(settings.store))} on http://{shown}:{port} (Ctrl-C stops)", err=True)
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
    finally:
        worker.close()


@app.command()
def mcp(
    http: bool = typer.Option(
        False, "--http", help="Serve MCP over streamable HTTP at http://HOST:PORT/mcp instead of stdio."
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="With --http: address to bind. Anything but loopback needs --token."
    ),
    port: int = typer.Option(8081, "--port", help="With --http: port to listen on."),
    token: Optional[str] = typer.Option(
        None,
        "--token",
        envvar="ASSISTANT_TOKEN",
        show_envvar=False,
        help="With --http: require 'Authorization: Bearer TOKEN' (env ASSISTANT_TOKEN).",
    ),
    backend: Optional[str] = BackendOpt,
    model: Optional[str] = ModelOpt,
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedOpt,
    threads: Optional[int] = ThreadsOpt,
) -> None:
    """Serve the assistant as an MCP server (stdio, or --http): tools search, ask, list_documents, get_document."""
    if http:
        _check_binding(host, token)
    settings = _settings(
        store=store, chroma_url=chroma_url, embed_backend=embedder, llm_backend=backend, model=model, threads=threads
    )
    from assistant.server.mcp_tools import build_server
    from assistant.server.worker import Worker

    worker = Worker(lambda: build_answerer(settings))
    try:
        server = build_server(settings, worker)
        if not http:
            server.run("stdio")
            return
        import uvicorn

        from assistant.server.app import Guard

        typer.echo(f"MCP on http://{host}:{port}/mcp (Ctrl-C stops)", err=True)
        uvicorn.run(
            Guard(server.streamable_http_app(host=host), token),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
        )
    finally:
        worker.close()


# ---------------------------------------------------------------- status


@app.command()
def status(
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Show the store: where it is, documents, chunks, model, settings fingerprint, size."""
    from assistant.store import Store

    settings = _store_settings(store, chroma_url, embedder)
    target = Store(settings)
    from assistant.loading.registry import kind_of

    files, chunks = target.counts()
    rows = target.files()
    pending = sum(1 for row in rows.values() if row.status != "done")
    formats = Counter(kind_of(source) for source, row in rows.items() if row.status == "done")
    size = target.size_on_disk()
    info = {
        "store": str(settings.store.resolve()),
        "chroma": settings.chroma_url or str((settings.store / "chroma").resolve()),
        "documents": files,
        "formats": dict(sorted(formats.items())),  # documents per format: {"csv": 2, "pdf": 1}
        "chunks": chunks,
        "vectors": target.vector_count(),
        "pending_files": pending,
        "embed_model": target.meta("embed_model"),
        "fingerprint": target.meta("fingerprint"),
        "fingerprint_current": target.meta("fingerprint") == settings.fingerprint(),
        "schema_version": target.schema_version,
        "size_bytes": size,
    }
    if as_json:
        typer.echo(json.dumps(info, indent=2))
        return
    for key, value in info.items():
        if key == "size_bytes":
            value = f"{size / 1e6:.1f} MB"
        elif key == "formats":
            ranked = sorted(formats.items(), key=lambda item: (-item[1], item[0]))  # most first, then by name
            value = ", ".join(f"{kind} {count}" for kind, count in ranked) or "-"
        typer.echo(f"{key.replace('_', ' '):20} {value}")


# ---------------------------------------------------------------- models


@app.command()
def models(as_json: bool = JsonOpt) -> None:
    """List the local LLMs: installed or not, size, RAM, licence, source, how to install."""
    from assistant.backends.catalog import MODELS
    from assistant.backends.modelfiles import is_installed, joined_path

    chosen = _settings().local_model
    rows = [
        {
            "name": spec.name,
            "model": spec.title,
            "installed": is_installed(spec),
            "default": spec.name == Settings.local_model,
            "selected": spec.name == chosen,
            "size_bytes": spec.size,
            "ram_gb": spec.ram_gb,
            "licence": spec.licence,
            "source": spec.source,
            "install": spec.install,
            "writes_plans": spec.profile.writes_plans,
            "threads": spec.threads,
            "joined_file": str(joined_path(spec)) if spec.split else None,
        }
        for spec in MODELS.values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for spec, row in zip(MODELS.values(), rows):
        marks = ", ".join(m for m in ("default" if row["default"] else "", "selected" if row["selected"] else "") if m)
        typer.echo(
            f"{row['name']}{f' ({marks})' if marks else ''}: {'installed' if row['installed'] else 'not installed'}"
        )
        typer.echo(
            f"  {row['model']}, {spec.size / 1e6:.0f} MB, about {row['ram_gb']} GB of RAM, "
            f"{'writes every plan' if row['writes_plans'] else 'short answers over quotes'}"
        )
        typer.echo(f"  licence: {row['licence']}")
        typer.echo(f"  source:  {row['source']}")
        typer.echo(f"  install: {row['install']}")
    typer.echo("Choose one with --model NAME or ASSISTANT_MODEL=NAME; any .gguf path works too.")


# ---------------------------------------------------------------- doctor


@app.command()
def doctor(
    repair: bool = typer.Option(
        False, "--repair", help="Fix what is found: re-ingest affected files, rebuild indexes."
    ),
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Check the store (manifest, vectors, BM25) and report each problem; --repair fixes them."""
    from assistant import doctor as checks
    from assistant.store import Store

    settings = _store_settings(store, chroma_url, embedder)
    found = checks.diagnose(settings)
    actions: list[str] = []
    if repair and not found.healthy:
        settings.store.mkdir(parents=True, exist_ok=True)
        with Store.lock_folder(settings.store):
            actions = checks.repair(settings, found)
        after = checks.diagnose(settings)
    else:
        after = found
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "problems": [f.as_dict() for f in found.findings],
                    "repairs": actions,
                    "remaining": [f.as_dict() for f in after.findings] if repair else None,
                    "notes": after.notes,
                    "schema_version": after.schema_version,
                    "upgraded_from": found.upgraded_from,
                },
                indent=2,
            )
        )
    else:
        if after.schema_version is not None:
            upgraded = f" (upgraded from version {found.upgraded_from})" if found.upgraded_from else ""
            typer.echo(f"schema: version {after.schema_version}{upgraded}")
        for finding in found.findings:
            typer.echo(f"problem: {finding.message}")
        for line in actions:
            typer.echo(f"repaired: {line}")
        for note in after.notes:
            typer.echo(f"note: {note}")
        if after.healthy:
            typer.echo("store OK")
    if not after.healthy:
        hint = "" if repair else ": run `assistant doctor --repair`"
        raise UserError(f"{len(after.findings)} problem(s) in the store {settings.store}{hint}")


# ---------------------------------------------------------------- eval


@app.command("eval")
def eval_cmd(
    eval_set: Optional[Path] = typer.Argument(None, help="A gold-fact set (YAML), e.g. evals/seed.yaml."),
    check: bool = typer.Option(False, "--check", help="Lint the set: every fact's terms must occur in its source."),
    benchmark: Optional[str] = typer.Option(None, "--benchmark", help="xquad, squad or hotpotqa instead of a set."),
    data: Optional[Path] = typer.Option(None, "--data", help="The benchmark's data file or folder (read in place)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Run a fixed sample of N questions."),
    seed: int = typer.Option(0, "--seed", help="Seed of the --limit sample."),
    backend: Optional[str] = BackendOpt,
    k: Optional[int] = KOpt,
    model: Optional[str] = ModelOpt,
    store: Optional[Path] = typer.Option(
        None, "--store", help="Store for the eval's documents (default: a cache folder per set)."
    ),
    embedder: Optional[str] = EmbedOpt,
    threads: Optional[int] = typer.Option(None, "--threads", help="CPU threads for the local LLM."),
    json_file: Optional[Path] = typer.Option(None, "--json", help="Write the full report to FILE."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Compare with an earlier --json report."),
    fail_under: list[str] = typer.Option([], "--fail-under", help="METRIC=VALUE: exit 1 below it (repeatable)."),
    judge: str = typer.Option("none", "--judge", help="none, or llm: an LLM judge over an OpenAI-compatible endpoint."),
    repeat: int = typer.Option(3, "--repeat", help="LLM-judge runs per item."),
    judge_model: Optional[str] = typer.Option(
        None, "--judge-model", help="Model of the LLM judge (default OPENAI_MODEL)."
    ),
    length: Optional[str] = LengthOpt,
    context_tokens: Optional[int] = ContextOpt,
) -> None:
    """Score grounded answers against gold facts, or run a public benchmark."""
    from assistant import evals

    if (eval_set is None) == (benchmark is None):
        raise UserError("give an eval set (e.g. evals/seed.yaml) or --benchmark NAME --data PATH")
    if judge not in ("none", "llm"):
        raise UserError("--judge is none or llm")
    if benchmark:
        return _run_benchmark(
            benchmark,
            data,
            limit,
            seed,
            backend,
            k,
            model,
            store,
            embedder,
            threads,
            json_file,
            fail_under,
            length,
            context_tokens,
        )
    assert eval_set is not None
    loaded = evals.load_set(eval_set)
    problems = evals.lint(loaded)
    if check:
        for problem in problems:
            typer.echo(f"  {problem}")
        if problems:
            raise UserError(f"{len(problems)} problem(s) in {eval_set}")
        typer.echo(f"{eval_set}: {len(loaded.items)} items, every fact is in its source")
        return
    if problems:
        raise UserError(f"{eval_set} does not lint ({problems[0]}): run `assistant eval --check {eval_set}`")
    settings = _settings(
        store=store or evals.default_eval_store(loaded.name),
        embed_backend=embedder,
        llm_backend=backend,
        top_k=k,
        model=model,
        threads=threads,
        length=length,
        context_tokens=context_tokens,
    )
    evals.sync_documents(settings, loaded.documents)
    answerer = build_answerer(settings)
    rewrite = _follow_up_rewriter()
    items = evals.sample_items(loaded.items, limit, seed)
    with _progress(len(items), enabled=True) as progress:
        results = evals.run_set(loaded, lambda q: answerer.ask(q).as_dict(), rewrite, progress, items)
    if judge == "llm":
        _judge(results, loaded, settings, repeat, judge_model)
    report = evals.report_dict(loaded.name, settings.public_dict(), answerer.models, results)
    _finish_report(report, json_file, baseline, fail_under, evals.print_report)


def _follow_up_rewriter():
    """The chat's condense-question step, so follow-up items are asked as chat would ask them."""
    try:
        from assistant.chat import rewrite_question
    except ImportError:
        return None
    return rewrite_question


def _judge(results, loaded, settings: Settings, repeat: int, judge_model: Optional[str]) -> None:
    from assistant.backends.llms import OpenAICompatible
    from assistant.evals import judge_answer

    llm = OpenAICompatible(settings.with_(openai_model=judge_model or settings.openai_model))
    by_id = {item.id: item for item in loaded.items}
    for result in results:
        result.judge = judge_answer(llm, by_id[result.id], result.answer, repeat)


def _finish_report(
    report: dict, json_file: Optional[Path], baseline: Optional[Path], fail_under: list[str], printer
) -> None:
    from assistant import evals

    old = None
    if baseline:
        try:
            old = json.loads(baseline.read_text())
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot read baseline {baseline}: {exc}") from None
    printer(report)
    if json_file:
        json_file.parent.mkdir(parents=True, exist_ok=True)
        json_file.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        typer.echo(f"report written to {json_file}")
    if old is not None:
        better, worse = evals.compare(report, old)
        typer.echo(f"compared with {baseline}: {len(better)} better, {len(worse)} worse")
        for line in better:
            typer.echo(f"  + {line}")
        for line in worse:
            typer.echo(f"  - {line}")
    below = evals.below_thresholds(report["totals"], evals.parse_thresholds(fail_under))
    if below:
        raise UserError("below threshold: " + ", ".join(below))


def _run_benchmark(
    name,
    data,
    limit,
    seed,
    backend,
    k,
    model,
    store,
    embedder,
    threads,
    json_file,
    fail_under,
    length=None,
    context_tokens=None,
) -> None:
    from assistant import benchmarks, evals

    if data is None:
        raise UserError("--benchmark needs --data PATH (for example ../shared/benchmarks/xquad_en)")
    bench = benchmarks.load(name, data)
    work = store or evals.default_eval_store(f"bench-{name}")
    settings = _settings(
        store=work / "store",
        embed_backend=embedder,
        llm_backend=backend,
        top_k=k,
        model=model,
        threads=threads,
        length=length,
        context_tokens=context_tokens,
    )
    benchmarks.index_documents(bench, work, settings)
    answerer = build_answerer(settings)
    questions = benchmarks.sample(bench.questions, limit, seed)
    with _progress(len(questions), enabled=True) as progress:
        report = benchmarks.run_report(bench, questions, lambda q: answerer.ask(q).as_dict(), progress)
    report.update(
        {"data": str(data), "limit": limit, "seed": seed, "settings": settings.public_dict(), "models": answerer.models}
    )
    _finish_report(report, json_file, None, fail_under, evals.print_report)


# ---------------------------------------------------------------- entry point


def main() -> None:
    """Console entry point: user errors become one line on stderr and exit code 1."""
    try:
        _main()
    finally:
        # Python's last garbage collections at exit walk every object chromadb, pydantic and
        # numpy made: 0.22-0.34 s after an ingest, 0.06 s with them frozen (docs/BENCHMARKS.md).
        # Frozen objects are skipped and the OS frees them; what must be closed is closed first.
        if store := sys.modules.get("assistant.store"):
            store.close_all()
        gc.freeze()


def _main() -> None:
    try:
        # Outside standalone mode, typer (0.28) returns the code of a typer.Exit instead of
        # raising it, and turns Ctrl-C into Exit(130): both would otherwise end with 0.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            if code == 130:
                typer.echo("interrupted", err=True)
            sys.exit(code)
    except UserError as exc:
        _err(str(exc))
        sys.exit(1)
    except sqlite3.DatabaseError as exc:
        # Damage found after the store opened (a page read later, mid-query).
        _err(f"the store's database is damaged ({exc}): run `assistant doctor`")
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except Exception as exc:  # usage errors and anything unexpected
        if isinstance(exc, typer.TyperException) and hasattr(exc, "format_message"):
            # A usage error from typer's own copy of click (not `click.ClickException`).
            ctx = getattr(exc, "ctx", None)
            hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            _err(exc.format_message().rstrip(".") + hint)
            sys.exit(getattr(exc, "exit_code", 2))
        from assistant.backends.errors import redact

        _err(redact(f"unexpected {exc.__class__.__name__}: {exc}"))
        if os.environ.get("ASSISTANT_DEBUG"):
            raise
        sys.exit(1)


if __name__ == "__main__":
    main()
