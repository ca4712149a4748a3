"""The scorer on hand-made answers, including answers that must fail; set loading and lint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import REFUSAL, UserError
from assistant.evals import (
    Fact,
    Item,
    below_thresholds,
    compare,
    contains_term,
    lint,
    load_set,
    normalize_answer,
    parse_thresholds,
    score_item,
    totals,
)
from tests.conftest import ROOT

SEED = "seeds/000_e6b707000bbe6f80.txt"
SUMMIT = Item(
    "summit",
    "Where is the summit?",
    [Fact("Lithuania hosts it", [["Lithuania", "Lithuanian"]])],
    source="000_e6b707000bbe6f80.txt",
)
NO_CITY = Item("city", "Which city?", unanswerable=True)


def answer(
    text: str,
    source: str = SEED,
    quote: str = "the summit takes place in Lithuania",
    refused: bool = False,
    passages: tuple[str, ...] = (SEED,),
) -> dict:
    return {
        "answer": text,
        "refused": refused,
        "citations": [] if refused else [{"source": "/x/" + source, "quote": quote}],
        "passages": [{"source": "/x/" + p} for p in passages],
        "timings": {"total": 0.5},
    }


def test_a_right_answer_with_the_right_citation_passes() -> None:
    result = score_item(SUMMIT, answer("It is in Lithuania [1]."))
    assert result.fact_correct and result.citation_correct and result.passed
    assert result.retrieval_rank == 1


def test_right_terms_cited_to_the_wrong_source_fail_the_citation() -> None:
    result = score_item(
        SUMMIT, answer("It is in Lithuania [1].", source="seeds/other.txt", passages=("seeds/other.txt", SEED))
    )
    assert result.fact_correct and not result.citation_correct and not result.passed
    assert result.retrieval_rank == 2


def test_a_quote_that_does_not_state_the_fact_fails_the_citation() -> None:
    result = score_item(SUMMIT, answer("Lithuania [1]", quote="Macron objected to the office."))
    assert not result.citation_correct


def test_a_refusal_on_an_answerable_question_fails() -> None:
    result = score_item(SUMMIT, answer(REFUSAL, refused=True))
    assert not result.refusal_correct and not result.fact_correct and not result.passed
    assert "refused" in result.failures()


def test_unanswerable_items_pass_only_when_refused() -> None:
    assert score_item(NO_CITY, answer(REFUSAL, refused=True)).passed
    wrong = score_item(NO_CITY, answer("Vilnius [1]"))
    assert not wrong.passed and "answered an unanswerable question" in wrong.failures()


def test_terms_match_whole_words_after_normalisation() -> None:
    assert normalize_answer("The  Financial-Times!") == "financial times"
    assert contains_term("reported by the Financial Times.", ["financial times"])
    assert not contains_term("Lithuanians", ["Lithuanian"])
    assert contains_term("in LITHUANIA", ["Lithuanian", "Lithuania"])
    assert contains_term("costs £145 a year", ["145"]) and contains_term("€20", ["20"])  # as "$145" does


def test_totals_count_precision_recall_and_latency() -> None:
    results = [
        score_item(SUMMIT, answer("Lithuania [1]")),
        score_item(SUMMIT, answer(REFUSAL, refused=True)),
        score_item(NO_CITY, answer(REFUSAL, refused=True)),
        score_item(NO_CITY, answer("Vilnius [1]")),
    ]
    t = totals(results)
    assert t["fact_accuracy"] == 0.5
    assert t["refusal_precision"] == 0.5  # two refusals, one of them right
    assert t["refusal_recall"] == 0.5  # two unanswerable, one refused
    assert t["latency_p50"] == 0.5


def test_load_set_and_lint(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("The summit is held in Vilnius, Lithuania.")
    good = tmp_path / "good.yaml"
    good.write_text(
        "name: t\ndocuments: [docs]\nitems:\n"
        "  - question: Where?\n    source: a.txt\n    facts:\n"
        "      - fact: Vilnius hosts it\n        terms: ['Vilnius | Kaunas', Lithuania]\n"
        "  - question: When?\n    unanswerable: true\n"
    )
    loaded = load_set(good)
    assert loaded.items[0].facts[0].terms == [["Vilnius", "Kaunas"], ["Lithuania"]]
    assert lint(loaded) == []
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("Lithuania]", "Latvia]"))
    problems = lint(load_set(bad))
    assert len(problems) == 1 and "Latvia" in problems[0]
    broken = tmp_path / "broken.yaml"
    broken.write_text("items:\n  - question: Where?\n")
    with pytest.raises(UserError, match="facts"):
        load_set(broken)


def test_baseline_comparison_and_thresholds() -> None:
    old = {
        "totals": {"fact_accuracy": 0.5, "latency_p50": 1.0},
        "items": [{"id": "a", "passed": False, "failures": ["fact missing"]}],
    }
    new = {
        "totals": {"fact_accuracy": 0.75, "latency_p50": 2.0},
        "items": [{"id": "a", "passed": True, "failures": []}],
    }
    better, worse = compare(new, old)
    assert "fact_accuracy: 0.500 -> 0.750" in better and "a: now passes" in better
    assert worse == ["latency_p50: 1.000 -> 2.000"]
    assert below_thresholds({"fact_accuracy": 0.7}, parse_thresholds(["fact_accuracy=0.8"]))
    assert not below_thresholds({"fact_accuracy": 0.9}, parse_thresholds(["fact_accuracy=0.8"]))
    with pytest.raises(UserError):
        parse_thresholds(["fact_accuracy"])
    with pytest.raises(UserError, match="unknown metric"):
        below_thresholds({"fact_accuracy": 0.9}, {"nonsense": 0.1})


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "evals").glob("*.py")))
def test_every_eval_script_starts(script: str) -> None:
    """The scripts in evals/ run by hand, with data the suite may not have: this catches
    one that no longer imports (rerank.py did, after a constant it used was removed)."""
    proc = subprocess.run(
        [sys.executable, f"evals/{script}", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage:")


def cited(text: str, *quotes: str) -> dict:
    return {
        "answer": text,
        "refused": False,
        "timings": {"total": 0.1},
        "passages": [{"source": "/x/" + SEED}],
        "citations": [{"n": n, "source": "/x/" + SEED, "quote": q} for n, q in enumerate(quotes, start=1)],
    }


def test_citation_recall_and_precision_follow_alce() -> None:
    from assistant.evals import citation_support

    quotes = ["The summit takes place in Lithuania.", "Macron objected to the office in Tokyo."]
    both = citation_support(
        "The summit is in Lithuania [1]. Macron objected to the Tokyo office [2].",
        [{"n": 1, "quote": quotes[0]}, {"n": 2, "quote": quotes[1]}],
    )
    assert both == {"sentences": 2, "sentences_supported": 2, "citations_cited": 2, "citations_precise": 2}
    # a sentence citing the wrong quote is unsupported, and so is its citation
    wrong = citation_support("Macron objected to the Tokyo office [1].", [{"n": 1, "quote": quotes[0]}])
    assert wrong == {"sentences": 1, "sentences_supported": 0, "citations_cited": 1, "citations_precise": 0}
    # an extra citation that adds nothing is imprecise; an uncited sentence is unsupported
    extra = citation_support(
        "The summit is in Lithuania [1][2]. Biden hosts it.",
        [{"n": 1, "quote": quotes[0]}, {"n": 2, "quote": quotes[1]}],
    )
    assert extra == {"sentences": 2, "sentences_supported": 1, "citations_cited": 2, "citations_precise": 1}
    # a two-sentence quote cited once, "Yes." and chatter are not counted as claims
    quote = citation_support(
        "Yes. It opened in 1887. It carried trams. [1]", [{"n": 1, "quote": "It opened in 1887. It carried trams."}]
    )
    assert quote["sentences"] == 2 and quote["sentences_supported"] == 2
    # A refusal, the words it names included, claims nothing (a part of a several-fact answer).
    refused = citation_support(
        'The summit is in Lithuania [1]. The documents don\'t say. No document uses the word "gym".',
        [{"n": 1, "quote": quotes[0]}],
    )
    assert refused["sentences"] == 1 and refused["sentences_supported"] == 1


def test_fact_recall_yes_no_and_false_premises_are_scored() -> None:
    item = Item(
        "join",
        "Is Japan a member of NATO?",
        [Fact("would not join", [["not join"]]), Fact("PM said so", [["Kishida"]])],
        source="000_e6b707000bbe6f80.txt",
        yesno="no",
        kind="yesno",
    )
    half = score_item(item, cited("No. The country would not join NATO. [1]", "the country would not join NATO"))
    assert half.yesno_correct and half.fact_recall == 0.5 and not half.fact_correct
    wrong = score_item(
        item,
        cited("Yes. Kishida said the country would not join NATO. [1]", "Kishida said the country would not join NATO"),
    )
    assert wrong.fact_correct and wrong.yesno_correct is False and not wrong.passed
    premise = Item(
        "berlin", "What did Macron say in Berlin?", unanswerable=True, missing=["Berlin"], kind="false_premise"
    )
    named = score_item(premise, {"answer": "The documents don't mention Berlin.", "refused": True})
    vague = score_item(premise, {"answer": REFUSAL, "refused": True})
    assert named.passed and not vague.passed and vague.failures() == ["does not name what is missing"]
    result = totals([half, wrong, named, vague])
    assert result["premise_refused"] == 1.0 and result["yesno_accuracy"] == 0.5
    assert result["fact_recall"] == 0.75 and result["pass_false_premise"] == 0.5


def test_limit_samples_a_yaml_set_with_the_conversations_it_needs() -> None:
    from assistant.evals import sample_items

    items = [Item(f"i{n}", f"Question {n}?", unanswerable=True) for n in range(10)]
    items[5].after = "i4"
    items[4].after = "i3"
    assert [i.id for i in sample_items(items, 10, 0)] == [i.id for i in items]
    picked = sample_items(items, 3, 1)
    ids = [i.id for i in picked]
    assert 3 <= len(ids) <= 5 and ids == sorted(ids)
    for i in picked:
        assert i.after is None or i.after in ids
    assert sample_items(items, 3, 1) == picked  # a fixed sample per seed


def test_short_answers_are_scored_apart_from_the_quote(tmp_path: Path) -> None:
    spans = Item(
        "summit",
        "Where is the summit?",
        [Fact("Lithuania", [["Lithuania"]])],
        source="000_e6b707000bbe6f80.txt",
        short=["Lithuania"],
    )
    right = {**answer("Lithuania [1]: “the summit takes place in Lithuania”"), "short_answer": "Lithuania"}
    wrong = {**answer("July [1]: “the summit takes place in Lithuania”"), "short_answer": "July"}
    quote_only = answer("“the summit takes place in Lithuania” [1]")
    results = [score_item(spans, a) for a in (right, wrong, quote_only)]
    assert [r.short["short_em"] for r in results] == [1.0, 0.0, 0.0]
    assert [r.short["misleading"] for r in results] == [False, True, False]
    found = totals(results)
    assert found["short_shown"] == pytest.approx(2 / 3) and found["misleading_rate"] == pytest.approx(1 / 3)
    assert "short_f1" not in totals([score_item(SUMMIT, right)])  # no gold spans, no short-answer metrics

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("The summit is held in Vilnius, Lithuania.")
    path = tmp_path / "spans.yaml"
    path.write_text(
        "name: t\ndocuments: [docs]\nitems:\n"
        "  - question: Where?\n    source: a.txt\n    short: [Vilnius, vilnius]\n"
        "    facts:\n      - fact: Vilnius\n        terms: [Vilnius]\n"
    )
    loaded = load_set(path)
    assert loaded.items[0].short == ["Vilnius", "vilnius"]
    assert lint(loaded) == ["item-1: short answer 'vilnius' is not a span of a.txt"]
