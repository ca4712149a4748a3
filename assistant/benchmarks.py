"""Public QA benchmarks, read in place: SQuAD-format data (XQuAD English) and HotpotQA-100.

Each benchmark's documents are written one paragraph per .txt file into a work folder
and ingested into the benchmark's own store; scoring follows the benchmark's usual
conventions: SQuAD EM and F1 with its answer normalisation, "answer contains gold",
retrieval hit@k of the question's own paragraph; for HotpotQA, recall@k of both
supporting titles.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.config import Settings, UserError
from assistant.evals import contains_gold, exact_match, f1, percentile, plain, short_scores, sync_documents

KS = (1, 3, 5)


@dataclass
class Question:
    id: str
    question: str
    answers: list[str]
    docs: list[str]  # ids of the documents that hold the answer


@dataclass
class Benchmark:
    name: str
    documents: dict[str, str]  # doc id -> text
    questions: list[Question]


def load_squad(path: Path, name: str = "xquad") -> Benchmark:
    data = _read_json(path)
    documents: dict[str, str] = {}
    questions: list[Question] = []
    for a, article in enumerate(data.get("data", [])):
        for p, paragraph in enumerate(article["paragraphs"]):
            doc_id = f"{a:03d}-{p:02d}"
            documents[doc_id] = paragraph["context"]
            for qa in paragraph["qas"]:
                answers = [ans["text"] for ans in qa.get("answers", [])]
                if answers:
                    questions.append(Question(qa["id"], qa["question"], answers, [doc_id]))
    if not questions:
        raise UserError(f"{path} holds no SQuAD-format questions")
    return Benchmark(name, documents, questions)


def load_hotpot(folder: Path) -> Benchmark:
    """HotpotQA-100 as in HippoRAG: questions with supporting titles over a paragraph corpus."""
    questions_file = folder / "hotpotqa_train.json" if folder.is_dir() else folder
    corpus_file = questions_file.with_name("hotpotqa_train_corpus.json")
    corpus = _read_json(corpus_file)
    titles = {title: _doc_id(title) for title in corpus}
    if len(set(titles.values())) < len(titles):  # two titles one file name: tell them apart by a hash
        titles = {t: f"{_doc_id(t)}-{hashlib.sha1(t.encode()).hexdigest()[:8]}" for t in corpus}
    documents = {titles[t]: "".join(sentences).strip() for t, sentences in corpus.items()}
    questions = []
    for n, row in enumerate(_read_json(questions_file)):
        support = sorted({title for title, _ in row["supporting_facts"] if title in titles})
        questions.append(
            Question(str(row.get("_id", n)), row["question"], [str(row["answer"])], [titles[t] for t in support])
        )
    return Benchmark("hotpotqa", documents, questions)


def _doc_id(title: str) -> str:
    """The document's file name: its title, so that the title stored with each chunk is the
    document's own ("Big Stone Gap (film)"), as a user's file names its document. Characters
    no file system takes become "_"; a leading dot (a hidden file) is dropped; a title too long
    for a file name is cut and told apart by a hash."""
    name = re.sub(r'[/\\:*?"<>|\x00-\x1f]', "_", title).strip().lstrip(".").strip()
    if name and len(name.encode()) <= _NAME_BYTES:
        return name
    cut = name.encode()[:_NAME_BYTES].decode(errors="ignore")
    return f"{cut}-{hashlib.sha1(title.encode()).hexdigest()[:8]}"


_NAME_BYTES = 200  # file names hold 255 bytes; ".txt" and a hash fit beside this


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read benchmark data {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise UserError(f"{path} is not valid JSON: {exc}") from None


def load(name: str, path: Path) -> Benchmark:
    if name in ("xquad", "squad"):
        return load_squad(path if path.is_file() else path / "xquad.en.json", name)
    if name == "hotpotqa":
        return load_hotpot(path)
    raise UserError(f"unknown benchmark {name!r}: use xquad, squad or hotpotqa")


def sample(questions: list[Question], limit: int | None, seed: int) -> list[Question]:
    if not limit or limit >= len(questions):
        return questions
    return random.Random(seed).sample(questions, limit)


def write_documents(bench: Benchmark, folder: Path) -> None:
    """One .txt per document; unchanged files are left alone so re-ingest skips them, and
    .txt files of no document (an older naming) are removed so they are not indexed."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        if old.stem not in bench.documents:
            old.unlink()
    for doc_id, text in bench.documents.items():
        path = folder / f"{doc_id}.txt"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def index_documents(bench: Benchmark, work: Path, settings: Settings) -> None:
    """The benchmark's documents as files under `work/docs`, synced into `settings.store`
    (incrementally: a second run over the same data embeds nothing)."""
    write_documents(bench, work / "docs")
    sync_documents(settings, [work / "docs"])


# ---------------------------------------------------------------- scoring (SQuAD conventions: evals.py)


@dataclass
class BenchResult:
    id: str
    question: str
    gold: list[str]
    answer: str
    short: str
    refused: bool
    em: float
    f1: float
    contains: float
    contains_quote: float  # gold in the answer or in a quote it cites
    hits: dict[int, float]  # k -> share of the question's documents in the top k
    rank: int | None
    latency: float
    fallback: bool
    short_shown: bool = False  # the answer shows a short answer above its quote
    short_em: float = 0.0  # of the short answer alone (0 when none is shown)
    short_f1: float = 0.0
    short_contains: float = 0.0
    misleading: bool = False  # a short answer is shown, it is wrong, and the quote holds the gold
    hops: int = 1  # retrievals the answer took (2: a second hop around a bridge entity)


def score(q: Question, answer: dict[str, Any]) -> BenchResult:
    short = plain(answer.get("short_answer") or answer["answer"])
    full = plain(answer["answer"])
    quotes = " ".join(c["quote"] for c in answer.get("citations", []))
    doc_ranks: dict[str, int] = {}
    for n, passage in enumerate(answer.get("passages", []), start=1):
        doc = Path(passage["source"]).stem
        doc_ranks.setdefault(doc, n)
    hits = {k: sum(doc_ranks.get(d, 99) <= k for d in q.docs) / len(q.docs) for k in KS}
    ranks = [doc_ranks[d] for d in q.docs if d in doc_ranks]
    alone = short_scores(answer, q.answers)
    return BenchResult(
        q.id,
        q.question,
        q.answers,
        full,
        short,
        bool(answer["refused"]),
        exact_match(short, q.answers),
        f1(short, q.answers),
        contains_gold(full, q.answers),
        max(contains_gold(full, q.answers), contains_gold(quotes, q.answers)),
        hits,
        min(ranks) if ranks else None,
        answer.get("timings", {}).get("total", 0.0),
        bool(answer.get("fallback")),
        **alone,
        hops=max(1, len(answer.get("hops") or [])),
    )


def summarize(results: list[BenchResult]) -> dict[str, float]:
    n = len(results) or 1
    out: dict[str, float] = {
        "questions": float(len(results)),
        "em": sum(r.em for r in results) / n,
        "f1": sum(r.f1 for r in results) / n,
        "contains_gold": sum(r.contains for r in results) / n,
        "contains_gold_with_quote": sum(r.contains_quote for r in results) / n,
        "short_shown": sum(r.short_shown for r in results) / n,
        "short_em": sum(r.short_em for r in results) / n,
        "short_f1": sum(r.short_f1 for r in results) / n,
        "short_contains": sum(r.short_contains for r in results) / n,
        "misleading_rate": sum(r.misleading for r in results) / n,
        "refused": sum(r.refused for r in results) / n,
        "fallback": sum(r.fallback for r in results) / n,
        "two_hop_rate": sum(r.hops > 1 for r in results) / n,
        "mrr": sum(1 / r.rank for r in results if r.rank) / n,
        "latency_p50": percentile([r.latency for r in results], 0.5),
        "latency_p95": percentile([r.latency for r in results], 0.95),
    }
    for k in KS:
        out[f"hit@{k}"] = sum(r.hits[k] >= 1.0 for r in results) / n  # all needed docs in top k
        out[f"recall@{k}"] = sum(r.hits[k] for r in results) / n
    if results:
        out["latency_mean"] = statistics.mean(r.latency for r in results)
    return out


def run_report(
    bench: Benchmark,
    questions: list[Question],
    ask: Callable[[str], dict[str, Any]],
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Ask every question; the report's totals follow the benchmark's conventions."""
    started = time.perf_counter()
    results = []
    for n, q in enumerate(questions, start=1):
        results.append(score(q, ask(q.question)))
        if progress:
            progress(n, len(questions))
    return {
        "set": f"benchmark {bench.name}",
        "wall_seconds": round(time.perf_counter() - started, 1),
        "totals": summarize(results),
        "items": [asdict(r) for r in results],
    }
