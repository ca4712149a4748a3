"""The citation check, on hand-made replies: it must pass what the source says and fail what it doesn't."""

from __future__ import annotations

from assistant.answering import Evidence, check_claims
from assistant.retrieval import Passage


def snippet(text: str, source: str = "/docs/a.txt") -> Evidence:
    passage = Passage("id", source, text, 0, len(text), None, "a", None, 0.1, 0.5, 1.0, rank=1)
    return Evidence(passage, 0, len(text), text, 1.0, 1.0)


SNIPPETS = [
    snippet("Kishida will attend the July summit of NATO, which takes place in Lithuania."),
    snippet("Macron objected to opening a NATO liaison office in Tokyo."),
]


def test_a_supported_cited_claim_passes() -> None:
    claims, cited = check_claims("The summit takes place in Lithuania [1].", SNIPPETS)
    assert [c.supported for c in claims] == [True]
    assert claims[0].citations == [1] and cited == {1}


def test_an_uncited_claim_gets_the_source_that_supports_it() -> None:
    claims, cited = check_claims("Lithuania", SNIPPETS)
    assert claims[0].supported and claims[0].citations == [1]


def test_a_wrong_citation_is_repointed() -> None:
    claims, cited = check_claims("Macron objected to the Tokyo office [1].", SNIPPETS)
    assert claims[0].supported and claims[0].citations == [2] and cited == {2}


def test_an_unsupported_claim_fails() -> None:
    claims, cited = check_claims("The summit is in Paris and Biden hosts it [1].", SNIPPETS)
    assert claims[0].supported is False and cited == set()


def test_claims_are_checked_one_by_one() -> None:
    claims, _ = check_claims("The summit takes place in Lithuania [1]. Germany pays for everything [2].", SNIPPETS)
    assert [c.supported for c in claims] == [True, False]


def test_citation_numbers_outside_the_sources_are_ignored() -> None:
    claims, cited = check_claims("Lithuania [7].", SNIPPETS)
    assert claims[0].citations == [1] and cited == {1}


def test_only_what_the_claim_adds_to_the_question_counts() -> None:
    question = "Who is the NATO Secretary-General?"
    sources = [snippet("NATO Secretary-General Jens Stoltenberg praised Japan's role in the alliance.")]
    good, _ = check_claims("The NATO Secretary-General is Jens Stoltenberg.", sources, question)
    assert good[0].supported
    # Most words are the question's own; the one new fact is not in the source.
    bad, _ = check_claims("The NATO Secretary-General is the head of the Tokyo alliance.", sources, question)
    assert not bad[0].supported
    # Restating the question says nothing.
    empty, _ = check_claims("The NATO Secretary-General.", sources, question)
    assert not empty[0].supported


def test_preambles_are_not_claims() -> None:
    claims, _ = check_claims("The answer is: Lithuania [1]", SNIPPETS, "Where is the summit?")
    assert claims[0].text == "Lithuania" and claims[0].supported
