"""Two-hop questions end to end through the CLI: real store, real MiniLM, and the real
SmolLM2 on the local backend. Each fact a question needs is in a different document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

DOCS = {
    "acme.txt": "Acme Corporation\n\nAcme Corporation is a maker of anvils, rockets and other desert equipment. "
    "The company was founded in 1950 by the engineer Jane Roe, who ran it for thirty years. Its "
    "headquarters stand in a small desert town, and its products are sold in forty countries.\n\n"
    "In 1975 Acme opened a second factory to build rocket skates. Sales doubled within five years.\n",
    "roe.txt": "Jane Roe\n\nJane Roe was born in Leeds in 1921 and studied mechanical engineering at a technical "
    "college. She worked on railway bridges before starting her own firm. She retired to the coast "
    "in 1980.\n",
    "zenith.txt": "Zenith Labs\n\nZenith Labs is a maker of telescopes and lenses. The firm was established in "
    "1932 by the optician Karl Brandt in Hamburg. It moved its workshops to Munich after the war.\n",
    "brandt.txt": "Karl Brandt\n\nKarl Brandt grew up in Bremen, the son of a clockmaker. He trained as an "
    "optician and later taught at a school for instrument makers.\n",
    "harbour.txt": "Port Ellery\n\nThe fishing harbour of Port Ellery was rebuilt between 2024 and 2027. The "
    "north breakwater was replaced first, because winter storms had damaged it in 2022.\n",
}


@pytest.fixture(scope="module")
def hop_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("hop-docs")
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    store = tmp_path_factory.mktemp("hop-store")
    run_cli("ingest", str(docs), "--store", str(store))
    return store


def ask(store: Path, question: str, backend: str) -> dict:
    return json.loads(run_cli("ask", question, "--store", str(store), "--json", "-b", backend).stdout)


def cited_files(result: dict) -> set[str]:
    return {Path(c["source"]).name for c in result["citations"]}


@pytest.mark.parametrize("backend", ["local", "extractive"])
def test_a_bridge_question_quotes_both_hops(hop_store: Path, backend: str) -> None:
    result = ask(hop_store, "In which city was the founder of Acme Corporation born?", backend)
    assert not result["refused"] and "Leeds" in result["answer"]
    assert cited_files(result) == {"acme.txt", "roe.txt"}  # the link and the answer
    first, second = result["hops"]
    assert second["bridge"] == "Jane Roe" and "Jane Roe" in second["query"]
    if backend == "local":  # the short answer is the last hop's fact, never the bridge
        assert result["short_answer"] == "Leeds"
    shown = [Path(p["source"]).name for p in result["passages"]]
    assert {"acme.txt", "roe.txt"} <= set(shown[:2])


def test_a_relative_clause_is_a_bridge_too(hop_store: Path) -> None:
    result = ask(hop_store, "Where did the man who founded Zenith Labs grow up?", "extractive")
    assert "Bremen" in result["answer"] and cited_files(result) == {"zenith.txt", "brandt.txt"}
    assert result["hops"][1]["bridge"] == "Karl Brandt"


def test_a_question_that_names_its_subject_takes_one_hop(hop_store: Path) -> None:
    result = ask(hop_store, "When was Acme Corporation founded?", "local")
    assert result["short_answer"] == "1950" and result["hops"] == []
    assert cited_files(result) == {"acme.txt"}


def test_which_came_first_compares_the_two_dates_by_code(hop_store: Path) -> None:
    result = ask(hop_store, "Which was founded first, Acme Corporation or Zenith Labs?", "extractive")
    assert result["plan"]["kind"] == "comparison"
    assert result["answer"].startswith("Zenith Labs came first (1932, against 1950 for Acme Corporation)")
    assert cited_files(result) == {"acme.txt", "zenith.txt"}


def test_a_comparison_put_as_a_yes_no_question_answers_yes_or_no(hop_store: Path) -> None:
    before = ask(hop_store, "Was Acme Corporation founded before Zenith Labs?", "extractive")
    assert before["answer"].startswith("No. Zenith Labs came first") and before["short_answer"] == "No"
    after = ask(hop_store, "Was Acme Corporation founded after Zenith Labs?", "extractive")
    assert after["answer"].startswith("Yes.") and after["short_answer"] == "Yes"


def test_both_a_and_b_is_yes_only_when_each_is_said(hop_store: Path) -> None:
    both = ask(hop_store, "Were both Acme Corporation and Zenith Labs founded in the 20th century?", "extractive")
    assert both["answer"].startswith("Yes.") and cited_files(both) == {"acme.txt", "zenith.txt"}
    before = ask(hop_store, "Were both Acme Corporation and Zenith Labs founded before 1940?", "extractive")
    assert before["answer"].startswith("No.") and "1950" in before["answer"]
    # Acme makes anvils: naming "maker" is not saying "telescopes".
    unsaid = ask(hop_store, "Are both Acme Corporation and Zenith Labs makers of telescopes?", "extractive")
    assert not unsaid["answer"].startswith("Yes") and "Acme Corporation" in unsaid["answer"]


@pytest.mark.parametrize("backend", ["local", "extractive"])
def test_a_broken_chain_names_the_missing_link(hop_store: Path, backend: str) -> None:
    result = ask(hop_store, "What was the name of the wife of the founder of Acme Corporation?", backend)
    assert result["refused"] and result["citations"] == []
    assert result["answer"] == "The documents don't mention wife." and result["missing"] == ["wife"]
