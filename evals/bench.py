"""Speed and scale benchmarks, measured side by side in one run so ratios hold on a noisy machine.

    python evals/bench.py --xquad PATH --hotpot PATH [--sections embedder,ingest,retrieval,startup,server,plans]
                          [--sizes 1000,10000,50000] [--server-sizes 1000,10000] [--reps 2] [--json OUT]

The ingest section compares with plain llama-index into Chroma: pip install -e '.[bench]'.

Sections:
  embedder   chunks/s of the local embedder: naive, candidates, the previous default, the tuned default
  ingest     `assistant ingest` end to end vs the raw embedder vs a plain llama-index pipeline
  retrieval  hybrid retrieval p50/p95 and build cost at each size (precomputed vectors)
  startup    `assistant --help`, cold `assistant ask` (extractive, local), peak RSS
  server     ingest and retrieval against a `chroma run` server on 127.0.0.1

The data are never copied into the project: each paragraph is written as one .txt file
into a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.config import Settings, setup_offline_environment  # noqa: E402

QUESTION = "Where will the July NATO summit take place?"
SECTIONS = ("embedder", "ingest", "retrieval", "startup", "server", "plans")


# ---------------------------------------------------------------- corpus


def write_corpus(xquad: Path | None, hotpot: Path | None, folder: Path) -> dict[str, Path]:
    """One .txt per paragraph, a folder per corpus."""
    corpora: dict[str, Path] = {}
    if xquad:
        data = json.loads(xquad.read_text(encoding="utf-8"))
        paragraphs = [p["context"] for a in data["data"] for p in a["paragraphs"]]
        corpora["xquad"] = _write_paragraphs(folder / "xquad", paragraphs)
    if hotpot:
        data = json.loads(hotpot.read_text(encoding="utf-8"))
        paragraphs = [f"{title}\n\n" + " ".join(s.strip() for s in sents) for title, sents in data.items()]
        corpora["hotpot"] = _write_paragraphs(folder / "hotpot", paragraphs)
    return corpora


def _write_paragraphs(folder: Path, paragraphs: Sequence[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(paragraphs):
        (folder / f"p{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def questions(xquad: Path | None, n: int) -> list[str]:
    if not xquad:
        return [QUESTION] * n
    data = json.loads(xquad.read_text(encoding="utf-8"))
    found = [q["question"] for a in data["data"] for p in a["paragraphs"] for q in p["qas"]]
    random.Random(0).shuffle(found)
    return found[:n]


def our_chunks(folder: Path, settings: Settings) -> list[str]:
    """The chunk texts `assistant ingest` makes of these files."""
    from assistant.ingest import token_counter
    from assistant.loading import chunk_document, discover, load

    count = token_counter()
    texts: list[str] = []
    for path in discover([folder]).files:
        doc = load(path)
        texts += [c.text for c in chunk_document(doc, count, settings.chunk_tokens, settings.chunk_overlap)]
    return texts


# ---------------------------------------------------------------- processes


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    stdout: str
    returncode: int
    stderr: str = ""


def run_process(args: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Wall time and peak RSS of one child process.

    The peak comes from /usr/bin/time: Linux carries the parent's high-water RSS into a
    child's rusage across fork and exec, so wait4 in a big parent over-reports."""
    with (
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
        tempfile.NamedTemporaryFile("r") as rss,
    ):
        timer = ["/usr/bin/time", "-f", "%M", "-o", rss.name] if Path("/usr/bin/time").exists() else []
        started = time.perf_counter()
        proc = subprocess.run([*timer, *args], stdout=out, stderr=err, cwd=ROOT, env={**os.environ, **(env or {})})
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        lines = rss.read().split()
        peak_mb = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
        return Run(seconds, peak_mb, out.read(), proc.returncode, err.read()[-2000:])


def assistant(*args: str, env: dict[str, str] | None = None) -> Run:
    run = run_process([sys.executable, "-m", "assistant", *args], env)
    if run.returncode != 0:
        raise RuntimeError(f"assistant {' '.join(args)} exited {run.returncode}: {run.stderr}")
    return run


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# ---------------------------------------------------------------- embedder


def naive_embedder(threads: int = 2, batch: int = 8):
    """The embedder without tuning: input order, fixed batches, onnxruntime defaults."""
    import numpy as np

    from assistant.backends.embedders import LocalMiniLM

    class Naive(LocalMiniLM):
        def embed_batches(self, texts: Sequence[str]) -> Iterator[tuple[list[int], np.ndarray]]:
            encodings = self._tokenizer.encode_batch(list(texts))
            for begin in range(0, len(texts), self.batch_size):
                idx = list(range(begin, min(len(texts), begin + self.batch_size)))
                yield idx, self._run([encodings[i] for i in idx])

    return Naive(threads=threads, batch_size=batch, spin=True, optimization="all", parallel=1)


def by_characters_embedder():
    """The tuned embedder as it was before 2026-11-28: batches grouped by length in
    characters rather than in word pieces."""
    import numpy as np

    from assistant.backends.embedders import LocalMiniLM

    class ByCharacters(LocalMiniLM):
        def embed_batches(self, texts: Sequence[str]) -> Iterator[tuple[list[int], np.ndarray]]:
            encodings = self._tokenizer.encode_batch(list(texts))
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            for begin in range(0, len(order), self.batch_size):
                idx = order[begin : begin + self.batch_size]
                yield idx, self._run([encodings[i] for i in idx])

    return ByCharacters(threads=2, parallel=1)


def embedder_configs() -> dict[str, Callable[[], Any]]:
    """Name -> constructor; the tuned default last. "2 threads" configurations make one
    model call at a time on both cores, as earlier defaults did."""
    from assistant.backends.embedders import LocalMiniLM

    return {
        "naive (input order, batch 8, 2 threads, spinning)": naive_embedder,
        "sorted, batch 8, 2 threads, spinning": lambda: LocalMiniLM(threads=2, batch_size=8, spin=True, parallel=1),
        "sorted, batch 4, 2 threads, no spinning": lambda: LocalMiniLM(threads=2, batch_size=4, parallel=1),
        "sorted, batch 16, 2 threads, no spinning": lambda: LocalMiniLM(threads=2, batch_size=16, parallel=1),
        "sorted, batch 4, 1 thread": lambda: LocalMiniLM(threads=1, batch_size=4, parallel=1),
        BY_CHARACTERS: by_characters_embedder,
        ALL_OPTIMISATIONS: lambda: LocalMiniLM(threads=2, optimization="all", parallel=1),
        ONE_CALL_AT_A_TIME: lambda: LocalMiniLM(threads=2, parallel=1),
        "tuned default (sorted by word pieces, batch 8, 2 parallel calls on 1 thread each, "
        "basic graph optimisations)": LocalMiniLM,
    }


BY_CHARACTERS = "sorted by characters, batch 8, 2 threads, no spinning (an earlier default)"
ALL_OPTIMISATIONS = (
    "sorted by word pieces, batch 8, 2 threads, no spinning, all graph optimisations (an earlier default)"
)
ONE_CALL_AT_A_TIME = "sorted by word pieces, batch 8, 2 threads, no spinning, basic graph optimisations"


def bench_embedder(texts: list[str], reps: int, slice_size: int = 64) -> dict[str, Any]:
    """Every configuration embeds the same slice in turn, slice after slice, in rotating
    order: load from other processes then falls on all of them alike."""
    models = {}
    loads = {}
    for name, make in embedder_configs().items():
        started = time.perf_counter()
        models[name] = make()
        loads[name] = time.perf_counter() - started
        models[name].embed(texts[:4])  # first-run allocations
    names = list(models)
    seconds = {name: 0.0 for name in names}
    turn = 0
    for _ in range(reps):
        for begin in range(0, len(texts), slice_size):
            part = texts[begin : begin + slice_size]
            turn += 1
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                started = time.perf_counter()
                models[name].embed(part)
                seconds[name] += time.perf_counter() - started
    rate = {name: reps * len(texts) / seconds[name] for name in names}
    tuned = rate[names[-1]]
    return {
        "chunks": len(texts),
        "reps": reps,
        "chunks_per_s": rate,
        "load_s": loads,
        "tuned_vs_naive": tuned / rate[names[0]],
        "tuned_vs_by_characters": tuned / rate[BY_CHARACTERS],
        "tuned_vs_all_graph_optimisations": tuned / rate[ALL_OPTIMISATIONS],
        "tuned_vs_one_call_at_a_time": tuned / rate[ONE_CALL_AT_A_TIME],
    }


# ---------------------------------------------------------------- ingest


FLOOR_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from assistant.backends.embedders import LocalMiniLM
LocalMiniLM().embed(json.loads(open({texts!r}).read()))
"""

PLAIN_SCRIPT = """
import sys, time, json
sys.path.insert(0, {root!r})
started = time.perf_counter()
from evals.bench import plain_llamaindex_ingest
n = plain_llamaindex_ingest({folder!r}, {chroma!r})
print(json.dumps({{"chunks": n, "seconds": time.perf_counter() - started}}))
"""


def plain_llamaindex_ingest(folder: str, chroma_dir: str, embedder: Any = None) -> int:
    """SimpleDirectoryReader -> SentenceSplitter(256, 32) -> VectorStoreIndex into Chroma."""
    setup_offline_environment()
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Settings as LISettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.llms import MockLLM
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    LISettings.llm = MockLLM()
    LISettings.embed_model = minilm_for_llamaindex(embedder)
    client = chromadb.PersistentClient(chroma_dir, settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("plain", metadata={"hnsw:space": "cosine"})
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    documents = SimpleDirectoryReader(folder).load_data()
    VectorStoreIndex.from_documents(
        documents, storage_context=storage, transformations=[SentenceSplitter(chunk_size=256, chunk_overlap=32)]
    )
    return collection.count()


def minilm_for_llamaindex(embedder: Any = None):  # -> llama_index BaseEmbedding
    """Our LocalMiniLM behind llama-index's embedding interface (batches of 8, as the baseline)."""
    from llama_index.core.bridge.pydantic import PrivateAttr
    from llama_index.core.embeddings import BaseEmbedding

    from assistant.backends.embedders import LocalMiniLM

    class MiniLMEmbedding(BaseEmbedding):
        _model: Any = PrivateAttr()

        def __init__(self, model: Any) -> None:
            super().__init__(model_name=model.name, embed_batch_size=8)
            self._model = model

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._model.embed(texts).tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embeddings([text])[0]

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._get_text_embedding(query)

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    # llama-index hands over one batch of 8 at a time: one call on every core suits that.
    return MiniLMEmbedding(embedder or LocalMiniLM(parallel=1))


def bench_ingest(
    name: str, folder: Path, work: Path, reps: int, env: dict[str, str], plain: bool = True
) -> dict[str, Any]:
    """Our CLI, the raw embedder and the plain pipeline on the same files, round-robin.

    The machine's speed drifts by 20% within minutes, so each of our runs sits right next to
    a raw-embedder run (alternating which goes first), and besides the best of each the
    result has the median of the per-round ratios. `plain=False` leaves out the naive
    embedder and the plain pipeline: more rounds of ours against raw in the same time.

    The floor is a new Python process that only loads the embedder and embeds the chunks,
    handed to it ready-made: no reading, chunking or store. An ingest that starts Python and
    loads the model cannot beat it beyond noise, so floor / raw bounds ours / raw."""
    from assistant.backends.embedders import LocalMiniLM

    texts = our_chunks(folder, Settings())
    raw = LocalMiniLM()
    raw.embed(texts[:4])
    if plain:
        naive = naive_embedder()
        naive.embed(texts[:4])
    results: dict[str, list[float]] = {k: [] for k in ("raw", "raw_naive", "ours", "plain", "floor")}
    extra: dict[str, Any] = {}
    chunk_file = work / f"chunks-{name}.json"
    chunk_file.write_text(json.dumps(texts))
    floor_script = FLOOR_SCRIPT.format(root=str(ROOT), texts=str(chunk_file))

    def run_floor() -> None:
        floor = run_process([sys.executable, "-c", floor_script], env)
        if floor.returncode != 0:
            raise RuntimeError(f"the floor run failed: {floor.stderr}")
        results["floor"].append(len(texts) / floor.seconds)

    def run_raw() -> None:
        started = time.perf_counter()
        raw.embed(texts)
        results["raw"].append(len(texts) / (time.perf_counter() - started))

    def run_ours(rep: int) -> None:
        store = work / f"store-{name}-{rep}"
        ours = assistant("ingest", str(folder), "--store", str(store), "--json", env=env)
        report = json.loads(ours.stdout)
        results["ours"].append(report["chunks"] / ours.seconds)
        extra.update(
            ours_chunks=report["chunks"],
            ours_apply_chunks_per_s=report["chunks_per_second"],
            ours_peak_rss_mb=ours.peak_rss_mb,
            ours_seconds=ours.seconds,
        )
        if rep < reps - 1:
            shutil.rmtree(store, ignore_errors=True)

    def run_naive() -> None:
        started = time.perf_counter()
        naive.embed(texts)
        results["raw_naive"].append(len(texts) / (time.perf_counter() - started))

    def run_plain(rep: int) -> None:
        chroma = work / f"plain-{name}-{rep}"
        script = PLAIN_SCRIPT.format(root=str(ROOT), folder=str(folder), chroma=str(chroma))
        plain = run_process([sys.executable, "-c", script], env)
        inside = json.loads(plain.stdout)
        results["plain"].append(inside["chunks"] / plain.seconds)
        extra.update(
            plain_chunks=inside["chunks"],
            plain_peak_rss_mb=plain.peak_rss_mb,
            plain_in_process_chunks_per_s=inside["chunks"] / inside["seconds"],
        )
        shutil.rmtree(chroma, ignore_errors=True)

    for rep in range(reps):
        pairs = [(run_raw, lambda: run_ours(rep))]
        if plain:
            pairs.append((run_naive, lambda: run_plain(rep)))
        for first, second in pairs:
            if rep % 2:
                first, second = second, first
            first()
            second()
        run_floor()
    results = {k: v for k, v in results.items() if v}
    best = {k: max(v) for k, v in results.items()}

    def median_ratio(a: str, b: str) -> float | None:
        if a not in results or b not in results:
            return None
        return statistics.median(x / y for x, y in zip(results[a], results[b]))

    def best_ratio(a: str, b: str) -> float | None:
        return best[a] / best[b] if a in best and b in best else None

    return {
        "corpus": name,
        "files": len(list(folder.glob("*.txt"))),
        "chunks": len(texts),
        "chunks_per_s": best,
        "all_runs": results,
        **extra,
        "ours_vs_plain": best_ratio("ours", "plain"),
        "ours_vs_raw": best_ratio("ours", "raw"),
        "plain_vs_raw_naive": best_ratio("plain", "raw_naive"),
        "floor_vs_raw": best_ratio("floor", "raw"),
        "ours_vs_floor": best_ratio("ours", "floor"),
        "median_of_round_ratios": {
            "ours_vs_raw": median_ratio("ours", "raw"),
            "ours_vs_plain": median_ratio("ours", "plain"),
            "floor_vs_raw": median_ratio("floor", "raw"),
            "ours_vs_floor": median_ratio("ours", "floor"),
        },
    }


# ---------------------------------------------------------------- synthetic stores


BUILD_SCRIPT = """
import sys, json
sys.path.insert(0, {root!r})
from evals.bench import build_store
print(json.dumps(build_store({store!r}, {n}, {corpus!r}, {url!r})))
"""

CHUNKS_PER_FILE = 50
BUILD_BATCH_FILES = 40  # 2,000 chunks per commit, well under Chroma's ~5,400 per add


def sentence_pool(corpus: list[Path]) -> list[str]:
    from assistant.text import split_sentences

    pool: list[str] = []
    for folder in corpus:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            pool += [text[s:e] for s, e in split_sentences(text)]
    return pool


def build_store(store: str, n: int, corpus: list[str], chroma_url: str | None = None) -> dict[str, float]:
    """A store of `n` chunks through Store.replace, streamed in batches.

    Texts are 3-6 sentences drawn from the real corpus; vectors are synthetic but
    shaped like sentence embeddings: unit vectors clustered around 300 topics.
    """
    import numpy as np

    from assistant.loading import Chunk
    from assistant.store import Store

    settings = Settings(store=Path(store), chroma_url=chroma_url)
    rng = np.random.default_rng(0)
    pick = random.Random(0)
    pool = sentence_pool([Path(c) for c in corpus])
    centers = rng.standard_normal((300, 384)).astype(np.float32)
    target = Store(settings, create=True)
    started = time.perf_counter()
    target.reset(settings.fingerprint())
    made = 0
    while made < n:
        files = min(BUILD_BATCH_FILES, -(-(n - made) // CHUNKS_PER_FILE))
        sources, chunks, info = [], [], {}
        for _ in range(files):
            source = f"/synthetic/doc{made // CHUNKS_PER_FILE:06d}.txt"
            sources.append(source)
            info[source] = (f"h{made}", 1000)
            for i in range(min(CHUNKS_PER_FILE, n - made)):
                text = " ".join(pick.choice(pool) for _ in range(pick.randint(3, 6)))
                chunks.append(
                    Chunk(
                        id=f"{source}:{i}",
                        source=source,
                        index=i,
                        text=text,
                        start=0,
                        end=len(text),
                        page=None,
                        title=source,
                        heading=None,
                    )
                )
                made += 1
        topics = rng.integers(0, len(centers), len(chunks))
        vectors = centers[topics] + 1.2 * rng.standard_normal((len(chunks), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        target.replace(sources, chunks, vectors, info)
    stored = time.perf_counter()
    target.rebuild_bm25()
    done = time.perf_counter()
    return {"chunks": made, "store_s": stored - started, "bm25_s": done - stored, "total_s": done - started}


def measure_retrieval(store: Path, qs: list[str], chroma_url: str | None = None) -> dict[str, float]:
    from assistant.backends.embedders import LocalMiniLM
    from assistant.retrieval import Retriever
    from assistant.store import Store

    retriever = Retriever(
        Store(Settings(store=store, chroma_url=chroma_url)), LocalMiniLM(parallel=1, spin=True)
    )  # as `ask`
    for q in qs[:10]:
        retriever.retrieve(q, 5)
    total, embed, search = [], [], []
    for q in qs:
        started = time.perf_counter()
        retriever.retrieve(q, 5)
        total.append((time.perf_counter() - started) * 1000)
        embed.append(retriever.last_timing["embed"] * 1000)
        search.append(retriever.last_timing["search"] * 1000)
    return {
        "queries": len(qs),
        "p50_ms": percentile(total, 0.5),
        "p95_ms": percentile(total, 0.95),
        "embed_p50_ms": percentile(embed, 0.5),
        "search_p50_ms": percentile(search, 0.5),
        "search_p95_ms": percentile(search, 0.95),
    }


def add_one_file(store: Path, folder: Path, chroma_url: str | None = None) -> float:
    """Seconds to ingest one real file into a store of this size: embedding plus BM25 update."""
    from assistant.ingest import apply, make_plan
    from assistant.store import Store

    settings = Settings(store=store, chroma_url=chroma_url)
    target = Store(settings)
    started = time.perf_counter()
    apply(target, make_plan(target, [folder], settings), settings)
    return time.perf_counter() - started


def bench_scale(
    sizes: list[int],
    corpus: list[Path],
    qs: list[str],
    work: Path,
    chroma_url: str | None = None,
    tag: str = "embedded",
) -> list[dict[str, Any]]:
    one = work / f"one-file-{tag}"
    one.mkdir(exist_ok=True)
    sample = next(iter(sorted(corpus[0].glob("*.txt"))))
    rows = []
    for n in sizes:
        store = work / f"scale-{tag}-{n}"
        script = BUILD_SCRIPT.format(
            root=str(ROOT), store=str(store), n=n, corpus=[str(c) for c in corpus], url=chroma_url
        )
        built = run_process([sys.executable, "-c", script])
        if built.returncode != 0:
            raise RuntimeError(f"building the {n}-chunk store failed: {built.stderr}")
        row = {"size": n, **json.loads(built.stdout), "build_peak_rss_mb": built.peak_rss_mb}
        row.update(measure_retrieval(store, qs, chroma_url))
        shutil.copy(sample, one / f"new-{n}.txt")
        row["add_one_file_s"] = add_one_file(store, one / f"new-{n}.txt", chroma_url)
        print(f"  {tag} {n}: {json.dumps(row)}", flush=True)
        rows.append(row)
        if n >= 10_000:
            shutil.rmtree(store, ignore_errors=True)
    return rows


# ---------------------------------------------------------------- start-up


def bench_startup(work: Path, reps: int) -> dict[str, Any]:
    store = work / "seed-store"
    rows: dict[str, list[Run]] = {}
    commands = {
        "assistant --help": ["--help"],
        "assistant ingest seeds (new store)": ["ingest", "seeds", "--store", str(store)],
        "assistant ask -b extractive (cold)": ["ask", QUESTION, "--store", str(store), "-b", "extractive"],
        "assistant ask -b local (cold, model load included)": ["ask", QUESTION, "--store", str(store), "-b", "local"],
    }
    for _ in range(reps):
        shutil.rmtree(store, ignore_errors=True)
        for name, args in commands.items():
            rows.setdefault(name, []).append(assistant(*args))
    return {
        name: {
            "seconds": [round(r.seconds, 2) for r in runs],
            "median_s": statistics.median(r.seconds for r in runs),
            "peak_rss_mb": max(r.peak_rss_mb for r in runs),
        }
        for name, runs in rows.items()
    }


# ---------------------------------------------------------------- answer plans

PLAN_QUESTIONS = {
    "single": QUESTION,
    "several": "Who did Macron meet in China, and what did he say about Taiwan afterwards?",
    "explanation": "Why is Paris worried about European credibility?",
    "yesno": "Is Japan a member of NATO?",
    "summary": "Give an overview of the article.",
    "false premise": "What did Macron say at the Berlin summit?",
}


def report_pdf(xquad: Path, path: Path, pages: int = 20, per_page: int = 4) -> int:
    """A report of `pages` pages, `per_page` XQuAD paragraphs each (~500 words a page)."""
    from minipdf import write_pdf

    data = json.loads(xquad.read_text(encoding="utf-8"))
    paragraphs = [p["context"] for article in data["data"] for p in article["paragraphs"]]
    texts = [" ".join(paragraphs[i * per_page : (i + 1) * per_page]) for i in range(pages)]
    # Latin-1 only: the minimal writer uses the standard Helvetica encoding.
    write_pdf(path, [t.encode("latin-1", "replace").decode("latin-1") for t in texts], title="Report")
    return sum(len(t.split()) for t in texts)


def bench_plans(work: Path, reps: int, xquad: Path | None) -> dict[str, Any]:
    """Cold `ask` per answer plan on the seed (a new process each: model load included), both
    backends; a summary of a 20-page PDF."""
    store = work / "plans-seed-store"
    assistant("ingest", "seeds", "--store", str(store))
    out: dict[str, Any] = {}
    for backend in ("extractive", "local"):
        for plan, question in PLAN_QUESTIONS.items():
            runs = [assistant("ask", question, "--store", str(store), "-b", backend) for _ in range(reps)]
            out[f"{plan}, {backend}"] = {
                "seconds": [round(r.seconds, 2) for r in runs],
                "median_s": statistics.median(r.seconds for r in runs),
            }
    if xquad:
        docs = work / "report"
        docs.mkdir(exist_ok=True)
        words = report_pdf(xquad, docs / "report.pdf")
        pdf_store = work / "plans-pdf-store"
        assistant("ingest", str(docs), "--store", str(pdf_store))
        runs = [assistant("ask", "Summarize report.pdf", "--store", str(pdf_store), "--json") for _ in range(reps)]
        answer = json.loads(runs[-1].stdout)
        out["summary of a 20-page PDF (local)"] = {
            "words_in_pdf": words,
            "seconds": [round(r.seconds, 2) for r in runs],
            "median_s": statistics.median(r.seconds for r in runs),
            "pages_cited": sorted({c["page"] for c in answer["citations"]}),
            "answer_words": len(answer["answer"].split()),
        }
    return out


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def chroma_server(path: Path) -> Iterator[str]:
    """`chroma run` on 127.0.0.1, up until the heartbeat answers, stopped afterwards."""
    import urllib.request

    port = free_port()
    proc = subprocess.Popen(
        [shutil.which("chroma") or "chroma", "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the Chroma server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bench_server(
    corpora: dict[str, Path], sizes: list[int], qs: list[str], work: Path, env: dict[str, str]
) -> dict[str, Any]:
    folder = corpora.get("xquad") or next(iter(corpora.values()))
    result: dict[str, Any] = {}
    with chroma_server(work / "chroma-server") as url:
        embedded = assistant("ingest", str(folder), "--store", str(work / "srv-embedded"), "--json", env=env)
        server = assistant(
            "ingest", str(folder), "--store", str(work / "srv-server"), "--json", "--chroma-url", url, env=env
        )
        chunks = json.loads(server.stdout)["chunks"]
        result["ingest"] = {
            "chunks": chunks,
            "embedded_chunks_per_s": chunks / embedded.seconds,
            "server_chunks_per_s": chunks / server.seconds,
        }
        result["retrieval_real_corpus"] = {
            "embedded": measure_retrieval(work / "srv-embedded", qs),
            "server": measure_retrieval(work / "srv-server", qs, url),
        }
        result["scale"] = bench_scale(sizes, list(corpora.values()), qs, work, url, "server")
    return result


# ---------------------------------------------------------------- main


def compile_package() -> None:
    """Write our modules' bytecode, as an installed CLI has it after its first run. Where
    PYTHONDONTWRITEBYTECODE is set (this sandbox sets it), every timed run of an editable
    install would compile them from source again: ~0.04 s (docs/BENCHMARKS.md)."""
    import compileall

    compileall.compile_dir(str(ROOT / "assistant"), quiet=1)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--xquad", type=Path)
    parser.add_argument("--hotpot", type=Path)
    parser.add_argument("--sections", default=",".join(SECTIONS))
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--server-sizes", default="1000,10000")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--no-plain",
        action="store_true",
        help="ingest: only ours against the raw embedder (no naive embedder, no llama-index)",
    )
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    setup_offline_environment()
    compile_package()
    env = {"ASSISTANT_CHROMA_URL": "", "ANONYMIZED_TELEMETRY": "False"}
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "command": " ".join(sys.argv),
        "cpus": os.cpu_count(),
        "load_avg_at_start": os.getloadavg(),
    }
    qs = questions(args.xquad, args.queries)
    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as tmp:
        work = Path(tmp)
        corpora = write_corpus(args.xquad, args.hotpot, work / "corpus")
        if not corpora and set(sections) & {"embedder", "ingest", "retrieval", "server"}:
            parser.error("--xquad and/or --hotpot are needed for these sections")
        for section in sections:
            print(f"== {section}", flush=True)
            started = time.perf_counter()
            if section == "embedder":
                texts = our_chunks(corpora.get("xquad") or next(iter(corpora.values())), Settings())
                results[section] = bench_embedder(texts, args.reps)
            elif section == "ingest":
                results[section] = []
                for name, folder in corpora.items():
                    results[section].append(bench_ingest(name, folder, work, args.reps, env, plain=not args.no_plain))
                    print(json.dumps(results[section][-1], default=_round), flush=True)
            elif section == "retrieval":
                sizes = [int(s) for s in args.sizes.split(",") if s]
                results[section] = bench_scale(sizes, list(corpora.values()), qs, work)
            elif section == "startup":
                results[section] = bench_startup(work, max(args.reps, 3))
            elif section == "plans":
                results[section] = bench_plans(work, max(args.reps, 3), args.xquad)
            elif section == "server":
                sizes = [int(s) for s in args.server_sizes.split(",") if s]
                results[section] = bench_server(corpora, sizes, qs, work, env)
            print(json.dumps(results[section], indent=1, default=_round), flush=True)
            print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)
    results["load_avg_at_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=_round))
    return results


def _round(value: object) -> object:
    return str(value)


if __name__ == "__main__":
    main()
