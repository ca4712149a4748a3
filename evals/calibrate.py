"""Calibrate the refusal gate on data apart from the eval sets.

Answerable: a sample of XQuAD questions asked of the XQuAD store. Not answerable: the
HotpotQA-100 questions asked of that same store (their answers are in another corpus).
For each question it records the signals the gate uses (best dense similarity of a passage,
best IDF-weighted coverage of the question's words, best dense similarity of one sentence) and
prints, for a grid of thresholds, the share of answerable questions answered and of
unanswerable ones answered.

    python evals/calibrate.py --xquad ../shared/benchmarks/xquad_en --hotpot ../shared/benchmarks/hotpotqa_hipporag100

The XQuAD store is the one `assistant eval --benchmark xquad` builds (ingested here if absent).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant import benchmarks, evals
from assistant.answering import Answerer
from assistant.config import Settings, setup_offline_environment
from assistant.pipeline import build_answerer

GRID_COVERAGE = (0.3, 0.4, 0.5, 0.6, 0.7)
GRID_DENSE = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
GRID_SENTENCE = (0.55, 0.6, 0.65, 0.7, 9.0)  # 9.0: the sentence signal off


def signals(answerer: Answerer, question: str) -> tuple[float, float, float]:
    passages = answerer.retriever.retrieve(question, answerer.settings.top_k)
    evidence = answerer.rank_evidence(question, passages)
    if not evidence:
        return 0.0, 0.0, 0.0
    dense = max((p.dense or 0.0) for p in passages)
    cover = max(max(e.coverage for e in evidence), max(answerer._passage_coverage(evidence, p) for p in passages))
    return dense, cover, max(e.similarity for e in evidence)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--xquad", type=Path, required=True)
    parser.add_argument("--hotpot", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--seed", type=int, default=99)
    args = parser.parse_args()
    setup_offline_environment()
    xquad = benchmarks.load("xquad", args.xquad)
    hotpot = benchmarks.load("hotpotqa", args.hotpot)
    work = evals.default_eval_store("bench-xquad")
    settings = Settings.from_env(store=work / "store", llm_backend="extractive")
    benchmarks.index_documents(xquad, work, settings)
    answerer = build_answerer(settings)
    positives = [signals(answerer, q.question) for q in benchmarks.sample(xquad.questions, args.limit, args.seed)]
    negatives = [signals(answerer, q.question) for q in hotpot.questions]
    print(f"{len(positives)} answerable, {len(negatives)} not answerable")
    print("coverage_min dense_min sentence_min answered(answerable) answered(not answerable)")
    for cover_min in GRID_COVERAGE:
        for dense_min in GRID_DENSE:
            for sentence_min in GRID_SENTENCE:

                def answers(s: tuple[float, float, float]) -> bool:
                    return s[1] >= cover_min or s[0] >= dense_min or s[2] >= sentence_min

                tp = sum(map(answers, positives)) / len(positives)
                fp = sum(map(answers, negatives)) / len(negatives)
                print(f"{cover_min:12.2f} {dense_min:9.2f} {sentence_min:12.2f} {tp:21.3f} {fp:25.3f}")


if __name__ == "__main__":
    main()
