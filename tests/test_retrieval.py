"""Reciprocal rank fusion on hand-made rankings; which forms of a word a real BM25 index knows."""

from assistant.retrieval import RRF_K, rrf


def test_rrf_rewards_agreement_between_rankers() -> None:
    fused = rrf([["a", "b", "c"], ["b", "d", "a"]])
    assert [item for item, _ in fused][:2] == ["b", "a"]
    assert dict(fused)["b"] == 1 / (RRF_K + 2) + 1 / (RRF_K + 1)


def test_a_tie_goes_to_the_closer_item_not_to_its_id() -> None:
    # "z" and "a" tie (ranks 1 and 2 against 2 and 1): the embedding's closer one leads.
    fused = rrf([["z", "a"], ["a", "z"]], closeness={"z": 0.7, "a": 0.6})
    assert [item for item, _ in fused] == ["z", "a"]
    assert [item for item, _ in rrf([["z", "a"], ["a", "z"]])] == ["a", "z"]


def test_rrf_keeps_items_found_by_one_side() -> None:
    fused = dict(rrf([["x"], []]))
    assert fused == {"x": 1 / (RRF_K + 1)}


def test_a_name_is_known_by_its_adjective_and_short_stems_match_exactly() -> None:
    from assistant.bm25 import Bm25Index, bm25_tokenize
    from assistant.retrieval import _variant_known

    texts = [
        "The expedition conquered the Canarian islands.",
        "An Iranian delegation arrived in Lithuania.",
        "In Hinduism the teacher is a guru.",
    ]
    index = Bm25Index.build(["a", "b", "c"], texts, 1)

    def known(word: str) -> bool:
        return all(_variant_known(stem, index) for stem in bm25_tokenize([word])[0])

    assert known("Canary") and known("Iran")  # "Canarian", "Iranian"
    assert known("Hindu")  # "Hinduism": the faith names its people
    assert not known("Ira")  # too short to take an ending: "Iran" is another name
    assert not known("Canada")
