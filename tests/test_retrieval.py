"""Reciprocal rank fusion on hand-made rankings."""

from assistant.retrieval import RRF_K, rrf


def test_rrf_rewards_agreement_between_rankers() -> None:
    fused = rrf([["a", "b", "c"], ["b", "d", "a"]])
    assert [item for item, _ in fused][:2] == ["b", "a"]
    assert dict(fused)["b"] == 1 / (RRF_K + 2) + 1 / (RRF_K + 1)


def test_rrf_keeps_items_found_by_one_side() -> None:
    fused = dict(rrf([["x"], []]))
    assert fused == {"x": 1 / (RRF_K + 1)}
