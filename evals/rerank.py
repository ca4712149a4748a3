"""How the passage rerank moves the right document: fused order, evidence only, evidence
plus the fused score at several weights, with and without merging overlapping chunks.

    python evals/rerank.py --benchmark xquad --data ../shared/benchmarks/xquad_en
    python evals/rerank.py --benchmark hotpotqa --data ../shared/benchmarks/hotpotqa_hipporag100

Retrieval only (no LLM). Questions are split into halves (even and odd positions) so a
weight chosen on one half can be checked on the other. Uses the store that
`assistant eval --benchmark NAME` builds (ingested here if absent).
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path

from assistant import benchmarks, evals
from assistant.answering.evidence import merge_overlapping, rerank_by_evidence
from assistant.answering.tuning import RERANK_POOL
from assistant.config import Settings, setup_offline_environment
from assistant.pipeline import build_answerer

VARIANTS = ((0.0, False), (5.0, True), (10.0, False), (10.0, True), (20.0, True))


def ranks(answerer, question: benchmarks.Question) -> dict[str, int]:
    """Rank of the last of the question's documents to appear, per ordering (99 = missing)."""
    pool = answerer.retriever.retrieve(question.question, RERANK_POOL)
    out = {"fused": _rank(pool, question.docs)}
    evidence = answerer.rank_evidence(question.question, pool)
    for weight, merge in VARIANTS:
        passages, sentences = copy.deepcopy((pool, evidence))  # one copy keeps their links
        ordered = rerank_by_evidence(passages, sentences, weight)
        if merge:
            ordered = merge_overlapping(ordered, sentences)
        out[f"w={weight:g}{' merged' if merge else ''}"] = _rank(ordered, question.docs)
    return out


def _rank(passages, docs: list[str]) -> int:
    seen = {}
    for n, p in enumerate(passages, start=1):
        seen.setdefault(Path(p.source).stem, n)
    return max((seen.get(d, 99) for d in docs), default=99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--benchmark", required=True)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    setup_offline_environment()
    bench = benchmarks.load(args.benchmark, args.data)
    work = evals.default_eval_store(f"bench-{bench.name}")
    settings = Settings.from_env(store=work / "store", llm_backend="extractive")
    benchmarks.index_documents(bench, work, settings)
    answerer = build_answerer(settings)
    rows = [ranks(answerer, q) for q in bench.questions]
    print(f"{bench.name}: {len(rows)} questions; all docs within top k (hit@k), all / even / odd")
    for name in rows[0]:
        cells = []
        for half in (rows, rows[::2], rows[1::2]):
            h1 = sum(r[name] <= 1 for r in half) / len(half)
            h5 = sum(r[name] <= 5 for r in half) / len(half)
            cells.append(f"{h1:.3f} / {h5:.3f}")
        print(f"{name:<24} " + "   ".join(cells))


if __name__ == "__main__":
    main()
