"""Two-hop questions, one function at a time: which questions describe what they ask about,
which names a sentence offers as bridges, what a second hop must look for, and how the
questions a second hop does not answer ("both", "before 1960") are split and bounded."""

from __future__ import annotations

import pytest

from assistant.answering import hops
from assistant.answering.plans import classify, conjunction_parts, time_condition
from assistant.retrieval import Passage


@pytest.mark.parametrize(
    "question",
    [
        "In which city was the founder of Acme Corporation born?",  # a role: "the founder of"
        "Where did the man who founded Zenith Labs grow up?",  # a relative clause
        "What river flows through the city where Karl Brandt grew up?",
    ],
)
def test_a_question_that_describes_what_it_asks_about_may_need_a_second_hop(question: str) -> None:
    assert hops.described_at(question) is not None


@pytest.mark.parametrize(
    "question",
    [
        "When was Acme Corporation founded?",
        "What was the longest time that a keeper served?",  # a value, not an entity to look up
        "What is the process by which cells divide?",  # a manner
        "Who founded Acme Corporation?",
    ],
)
def test_a_question_that_names_what_it_asks_about_needs_no_second_hop(question: str) -> None:
    assert hops.described_at(question) is None


def test_the_described_part_is_where_a_broken_chain_looks_for_missing_words() -> None:
    question = "What was the name of the wife of the founder of Acme Corporation?"
    at = hops.described_at(question)
    assert at is not None and "wife" in question[:at] and "Acme" not in question[:at]


def test_names_in_a_sentence_are_bridges_without_their_years_or_sentence_openers() -> None:
    assert hops.names_in("The company was founded in 1950 by the engineer Jane Roe, who ran it.") == ["Jane Roe"]
    assert hops.names_in("In 1975 Acme opened a second factory.") == ["Acme"]
    assert hops.names_in("It was opened in 1980.") == []


def test_what_a_sentence_leaves_uncovered_is_what_the_second_hop_asks() -> None:
    missing = hops.uncovered(
        "In which city was the founder of Acme Corporation born?",
        "The company was founded in 1950 by the engineer Jane Roe.",
    )
    assert "born" in missing and "city" in missing
    assert "founder" not in missing  # "founded" holds it: the same five letters
    assert hops.hop_query("Jane Roe", ["city", "born"]) == "Jane Roe city born"


def _passage(n: int) -> Passage:
    return Passage(
        id=f"p{n}",
        source=f"/d/{n}.txt",
        text=f"text {n}",
        start=0,
        end=6,
        page=None,
        title=f"{n}",
        heading=None,
        score=1.0,
        dense=None,
        bm25=None,
    )


def test_the_noun_a_question_describes_its_bridge_by_is_not_asked_of_it() -> None:
    assert hops.described_head("The Salt Road was filmed in a village known for what?") == "village"
    assert (
        hops.described_head("Harbour Lights was written by a novelist who studied at which university?") == "novelist"
    )
    assert hops.described_head("In which town was the director of The Salt Road born?") == "director"
    assert hops.described_head("Who directed The Salt Road?") is None


def test_a_role_said_with_by_needs_no_word_for_it_in_the_documents() -> None:
    # "a 1998 novel by Mira Okafor" names its author; "the wife of" has no such phrasing.
    assert "author" in hops.SAID_BY and "director" in hops.SAID_BY
    assert "wife" not in hops.SAID_BY


def test_a_document_titled_after_the_bridge_is_about_it() -> None:
    def passage(title: str) -> Passage:
        return Passage("p", f"{title}.txt", "It lies on the river Sael.", 0, 26, None, title, None, 0.0, None, None)

    assert hops.titled_after(passage("Kestrel Bay"), "Kestrel Bay")
    assert hops.titled_after(passage("The Salt Road (film)"), "The Salt Road")  # the qualifier is not the name
    assert not hops.titled_after(passage("Kestrel Bay"), "Kestrel")
    assert not hops.titled_after(passage("Kestrel Bay Harbour"), "Kestrel Bay")


def test_fuse_moves_a_cited_passage_up_without_dropping_the_first_hops_best() -> None:
    first = [_passage(n) for n in range(1, 6)]
    fused = hops.fuse(first, [_passage(9)], k=5)
    assert [p.id for p in fused] == ["p1", "p9", "p2", "p3", "p4"]
    # A cited passage already in the top k stays where it is.
    assert [p.id for p in hops.fuse(first, [_passage(3)], k=5)] == ["p1", "p2", "p3", "p4", "p5"]


def test_both_a_and_b_is_asked_of_each_side() -> None:
    parts, sides = conjunction_parts("Are both Acme Corporation and Zenith Labs makers of telescopes?")
    assert sides == ("Acme Corporation", "Zenith Labs")
    assert parts == ("Are Acme Corporation makers of telescopes?", "Are Zenith Labs makers of telescopes?")
    parts, sides = conjunction_parts("Were both the Normans and the Huguenots French?")
    assert sides == ("the Normans", "the Huguenots") and parts[1] == "Were the Huguenots French?"
    assert conjunction_parts("Is Acme Corporation a maker of anvils?") is None
    plan = classify("Were Acme Corporation and Zenith Labs both founded in the 20th century?")
    assert plan.kind == "yesno" and len(plan.parts) == 2


@pytest.mark.parametrize(
    "question, years",
    [
        ("Was it founded in the 19th century?", (1801, 1900)),
        ("Did the band form in the 1990s?", (1990, 1999)),
        ("Was Acme founded before 1960?", (0, 1959)),
        ("Was it finished by 1960?", (0, 1960)),
        ("Did it open after 1900?", (1901, 9999)),
        ("Did it open before the Second World War?", (0, 1938)),  # a period named, not dated
        ("Was it built during World War II?", (1939, 1945)),
        ("Did it close after the First World War?", (1919, 9999)),
    ],
)
def test_a_time_condition_is_a_range_of_years(question: str, years: tuple[int, int]) -> None:
    found = time_condition(question)
    assert found is not None and found[:2] == years and found[2] in question


def test_a_year_bounded_question_is_not_a_comparison() -> None:
    assert time_condition("When was Acme founded?") is None
    assert classify("Was Acme founded before Zenith Labs?").kind == "comparison"
    assert classify("Was Acme founded before 1960?").kind == "yesno"
    assert classify("Did the Metro open before the Second World War?").kind == "yesno"
