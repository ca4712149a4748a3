"""Question plans: a table of questions written apart from the rules (tests/data/question_plans.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.plans import DOCUMENT_NOUN, KINDS, classify, comparison_sides, summary_source, summary_topic

TABLE = Path(__file__).parent / "data" / "question_plans.tsv"


def rows() -> list[tuple[str, str]]:
    out = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, question = line.split("\t")
            out.append((kind, question))
    return out


def test_the_table_covers_every_kind_with_at_least_100_questions() -> None:
    table = rows()
    assert len(table) >= 100
    for kind in KINDS:
        assert sum(k == kind for k, _ in table) >= 10, kind


@pytest.mark.parametrize("kind, question", rows())
def test_each_question_gets_its_plan(kind: str, question: str) -> None:
    assert classify(question).kind == kind


def test_a_plan_names_its_parts_sides_and_topic() -> None:
    several = classify("Who did Macron meet in China, and what did he say about Taiwan afterwards?")
    assert several.parts == ("Who did Macron meet in China?", "What did he say about Taiwan afterwards?")
    assert comparison_sides("Compare the Black Death and the Great Plague") == ("the Black Death", "the Great Plague")
    assert comparison_sides("Which came first, the steam engine or the telegraph?") == (
        "the steam engine",
        "the telegraph",
    )
    assert comparison_sides("How does the Rhine differ from the Danube?") == ("the Rhine", "the Danube")
    # Both sides before the verb; a phrase after the second qualifies both.
    assert comparison_sides("How did the contributions of Rhazes and Abulcasis to pharmacology differ?") == (
        "Rhazes",
        "Abulcasis",
    )
    assert comparison_sides("What is the difference between elders and deacons in the Methodist clergy?") == (
        "elders",
        "deacons",
    )
    assert comparison_sides("Compare the Rhine in Germany and the Rhine in France") == (
        "the Rhine in Germany",
        "the Rhine in France",
    )
    # What follows the second owner is the first's too.
    assert comparison_sides("How do Macron's and Stoltenberg's views on Japan differ?") == (
        "Macron's views on Japan",
        "Stoltenberg's views on Japan",
    )
    # ... and what follows the first owner is the second's, when the second is an owner alone.
    assert comparison_sides("How does this year's council tax for our band compare with last year's?") == (
        "this year's council tax for our band",
        "last year's council tax for our band",
    )
    # A qualifier alone before "and" shares the noun after the second: "innate immunity".
    assert comparison_sides("How do innate and adaptive immunity differ?") == ("innate immunity", "adaptive immunity")
    assert comparison_sides("Compare British and French imperialism") == ("British imperialism", "French imperialism")
    assert comparison_sides("Compare the 2005 and 2007 reports") == ("the 2005 reports", "2007 reports")
    assert comparison_sides("Compare cats and big dogs") == ("cats", "big dogs")  # a noun is a side of its own
    # "compare with": the sides stand before and after it; a side may be a clause about a person.
    assert comparison_sides("How do my home readings compare with where you want them to be?") == (
        "my home readings",
        "where you want them",
    )
    assert comparison_sides("How does what we were quoted for the op compare with the final bill?") == (
        "what we were quoted for the op",
        "the final bill",
    )
    assert comparison_sides("How does the notice we give compare with what the landlord has to give us?") == (
        "the notice we give",
        "what the landlord has to give us",
    )
    # "distinguish" compares only with "from" or "between".
    assert classify("Which substances did al-Muwaffaq describe or distinguish?").kind == "list"
    assert classify("How do you distinguish a ctenophore from a jellyfish?").kind == "comparison"
    assert summary_topic("Give an overview of the article.") is None
    assert summary_topic("Summarize this news article.") is None and summary_topic("Sum up the whole report") is None
    # A word before "article" names one: the answerer finds it by title or file name.
    assert summary_topic("Give an overview of the Rhine article.") == "the Rhine article"
    assert summary_topic("Summarize the Kenya document for me.") == "the Kenya document"
    assert summary_topic("Summarize report.pdf") == "report.pdf"
    assert summary_topic("Summarize what the document says about Houbolt.") == "Houbolt"
    assert summary_topic("Give an overview of what the article says about the embargo") == "the embargo"
    assert summary_topic("Tell me about Jens Stoltenberg") == "Jens Stoltenberg"
    assert summary_topic("What does the article say about China?") == "China"
    assert summary_topic("What do the notes tell us about upgrading?") == "upgrading"  # not "us about upgrading"
    assert summary_topic("What is the Economic inequality article about?") == "the Economic inequality article"
    assert summary_topic("What is the article on imperialism about?") == "the article on imperialism"
    assert summary_topic("What is the report about?") is None
    # The documents people keep are named too: minutes, manuals, policies.
    assert summary_topic("What are these minutes about?") is None and summary_topic("Summarize the policy") is None
    assert summary_topic("What is the heat pump manual about?") == "the heat pump manual"
    assert classify("How does the travel policy describe per diems?").kind == "summary"
    assert summary_source("What does the travel policy say about per diems?") == "the travel policy"
    assert summary_source("What does it say about per diems?") is None
    assert DOCUMENT_NOUN.search("the March board minutes") and DOCUMENT_NOUN.search("both travel policies")
    # Which copy is no topic: "the latest newsletter" is the newsletter.
    assert summary_topic("Give me a quick rundown of the latest newsletter.") is None
    assert summary_topic("Summarise the attached quote") is None
    assert DOCUMENT_NOUN.search("the builder's quote") and DOCUMENT_NOUN.search("my last invoice")
    assert (
        summary_topic("What does the document on Sky (United Kingdom) cover?") == "the document on Sky (United Kingdom)"
    )
    assert summary_topic("How does the article describe Fresno's West Side?") == "Fresno's West Side"
    assert classify("How does the article explain the drop in sales?").kind == "explanation"
    # A topic told whole in everyday words (office17.yaml, office16.yaml), not one fact of it.
    assert summary_topic("What's changing with the school uniform in the new school year?") == (
        "the school uniform in the new school year"
    )
    assert summary_topic("What's the deal with the guarantee on this heat pump?") == "the guarantee on this heat pump"
    assert classify("What do we need to know about leaving the flat, whether we go early or at the end?").kind == (
        "summary"
    )
    assert classify("What's the latest date we can complete the purchase?").kind == "single"
    assert summary_topic("Tell me about the hockey stick graph in the IPCC document.") == "the hockey stick graph"
    assert (
        summary_topic("Give an overview of Perotti's 1996 study as described in the article") == "Perotti's 1996 study"
    )
    assert classify("How many offices does NATO have?").answer_type == "number"
    assert classify("What was her attendance for the year as a percentage?").answer_type == "number"
    # A number to ring is a telephone number; a number on a form is not.
    assert classify("Someone's gone into the back of me. What number do I ring to report it?").answer_type == "phone"
    assert classify("What's the number to call if the flat floods?").answer_type == "phone"
    assert classify("What number is on the form?").answer_type == "number"
    assert classify("Could you tell me who objected?").as_dict() == {"kind": "single", "answer_type": "person"}


def test_a_side_said_as_one_is_the_thing_it_stands_for() -> None:
    # No document says "the electricity one": the sides are the things compared.
    assert comparison_sides("Which daily standing charge is bigger, the electricity one or the gas one?") == (
        "the electricity daily standing charge",
        "the gas daily standing charge",
    )
    assert comparison_sides("Which is the older bridge, the stone one or the iron one?") == (
        "the stone bridge",
        "the iron bridge",
    )
    assert comparison_sides("Is the red car faster than the blue one?") == ("the red car", "the blue car")
    # "the one in 2007" is told apart by its end, which is kept.
    assert comparison_sides("How did the 1947 flood compare with the one in 2007?") == (
        "the 1947 flood",
        "the flood in 2007",
    )
    # "one of us" is a person of a group, not a thing named by the other side's noun.
    assert comparison_sides("Which would cost us more, losing a door fob or swapping one of us?") == (
        "losing a door fob",
        "swapping one of us",
    )
    # A clause ends in no noun: "one" is left as it is said.
    assert comparison_sides("How does the new one compare with what we pay now?") == ("the new one", "what we pay now")
    assert comparison_sides("Which costs more, the monthly plan or the annual plan?") == (
        "the monthly plan",
        "the annual plan",
    )


def test_an_s_word_followed_by_a_determiner_is_a_verb_not_a_plural_subject() -> None:
    # "What links the two campuses?" asks for one thing; "Which bridges cross ...?" for several.
    assert classify("What links the Allston campus to the Cambridge one?").kind == "single"
    assert classify("What connects the two campuses?").kind == "single"
    assert classify("Which bridges cross the Charles River?").kind == "list"
    assert classify("What plants grow in the desert?").kind == "list"


def test_an_s_word_after_the_noun_asked_for_is_its_verb_when_an_object_or_a_name_follows() -> None:
    # "Which ferry serves the island?" asks for one ferry: "serves" is its verb, "the island" its object.
    assert classify("Which ferry serves the island in winter?").kind == "single"
    assert classify("What road joins Kendal with the motorway?").kind == "single"
    assert classify("What course teaches us first aid?").kind == "single"
    # A capitalised -s word is a name, not the things asked for.
    assert classify("Which Rovers player scored the winner?").kind == "single"
    # A plural noun before its verb is still asked for in the plural.
    assert classify("Which chemical elements are found in the alloy?").kind == "list"
    assert classify("Which ferry routes run in winter?").kind == "list"


def test_what_are_things_done_to_asks_what_the_verb_takes_not_for_the_plural_subject() -> None:
    assert classify("What are the shelves bolted to?").kind == "single"
    assert classify("What were the grants spent on?").kind == "single"
    assert classify("What are the shelves?").kind == "list"
    assert classify("What are the opening hours?").kind == "list"


def test_a_preposition_before_which_or_what_leaves_the_question_what_it_is() -> None:
    assert classify("In what situations won't the insurer pay out?").kind == "list"
    assert classify("On which days is the pool closed?").kind == "list"
    assert classify("In which year was the pool built?").kind == "single"
    assert classify("On what grounds was the claim refused?").kind == "explanation"
    assert classify("By what means did they cross the river?").kind == "explanation"


def test_plural_things_asked_for_in_a_series_or_after_an_adjective_are_a_list() -> None:
    assert classify("Which fish, birds and animals can be found along the river?").kind == "list"
    assert classify("Who were the head keepers of the lighthouse over the years?").kind == "list"
    assert classify("What kind of engine does the car have?").kind == "single"
    assert classify("Who is the head of the school?").kind == "single"


def test_give_me_the_gist_names_its_topic() -> None:
    assert summary_topic("Give me the gist of our latest gas and electric bill.") == "our latest gas and electric bill"
    assert summary_topic("Give us a quick rundown of the lease.") == "the lease"


def test_what_a_thing_includes_or_covers_is_a_list_of_its_parts() -> None:
    assert classify("What does the price not include?").kind == "list"
    assert classify("What's not included in the quote?").kind == "list"
    assert classify("What is covered by the warranty?").kind == "list"
    # What a document covers is its summary.
    assert classify("What does the document on Sky (United Kingdom) cover?").kind == "summary"


def test_a_side_told_apart_only_by_its_end_keeps_it() -> None:
    sides = classify("Compare the standard excess with the excess under Excess Cover Plus.").sides
    assert sides == ("the standard excess", "the excess under Excess Cover Plus")


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        (
            "How much cheaper was the patch repair than redoing the whole car park surface?",
            ("the patch repair", "redoing the whole car park surface"),
        ),
        (
            "How much would I save each month going Off-Peak instead of getting a Full membership?",
            ("Off-Peak", "a Full membership"),
        ),
        (
            "How much extra is the Family membership a year than the Full one?",
            ("the Family membership", "the Full membership"),
        ),
        # A clause, a pronoun or a time names no side a sum is given for.
        ("How much more would we pay if my son crashed the car than if I did?", None),
        ("How much more is the dog charge than last year?", None),
        ("How much is the Full membership?", None),
    ],
)
def test_a_difference_of_two_sums_names_its_sides(question: str, sides: tuple[str, str] | None) -> None:
    from assistant.answering.plans import difference_sides

    assert difference_sides(question) == sides


def test_an_adverb_before_the_question_word_leaves_its_answer_type() -> None:
    from assistant.answering.plans import expected_type

    # office24.yaml: "Roughly how much have I actually got sitting in my work pension?" asks a sum.
    assert expected_type("Roughly how much have I actually got sitting in my pension?") == "number"
    assert expected_type("Exactly when did the surgery open?") == "time"
    assert expected_type("Approximately, how many people live there?") == "number"
    assert expected_type("Family how?") is None
