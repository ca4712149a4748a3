"""Documents named by their titles (assistant/titles.py): how a title is written in text, and
which documents a question or a passage names."""

from __future__ import annotations

from assistant.titles import TitleIndex, title_names

INDEX = TitleIndex(
    {
        "/d/film.txt": "Big Stone Gap (film)",
        "/d/trigiani.txt": "Adriana Trigiani",
        "/d/huguenot.txt": "Huguenot",
        "/d/jax.txt": "Jacksonville,_Florida",
        "/d/geology.txt": "Geology",
        "/d/yuan.txt": "Yuan_dynasty",
        "/d/the.txt": "The",
    }
)


def named(text: str) -> list[str]:
    return [n.source for n in INDEX.named_in(text)]


def test_a_title_is_named_without_its_qualifier_and_a_place_without_its_region() -> None:
    assert title_names("Big Stone Gap (film)") == ["Big Stone Gap"]
    assert title_names("Jacksonville,_Florida") == ["Jacksonville, Florida", "Jacksonville"]
    assert named('Who directed "Big Stone Gap"?') == ["/d/film.txt"]
    assert named("French settlers reached Jacksonville in 1562.") == ["/d/jax.txt"]


def test_names_are_written_with_capitals_and_the_last_word_may_be_plural() -> None:
    assert named("Big Stone Gap is a film directed by Adriana Trigiani.") == ["/d/film.txt", "/d/trigiani.txt"]
    assert named("The French Huguenots fled.") == ["/d/huguenot.txt"]
    assert named("a big stone gap in the wall") == []  # not written as a name


def test_a_one_word_title_at_the_start_of_a_sentence_is_only_a_capital() -> None:
    assert named("Geology is old. Students of Geology met.") == ["/d/geology.txt"]
    assert named("Geology is the study of rocks.") == []
    assert named("The river rose.") == []  # a stopword is no title


def test_the_longest_title_at_a_place_wins() -> None:
    index = TitleIndex({"/d/yuan.txt": "Yuan_dynasty", "/d/y.txt": "Yuan"})
    assert [n.source for n in index.named_in("He served the Yuan dynasty.")] == ["/d/yuan.txt"]
