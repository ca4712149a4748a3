"""Documents that name each other by title, end to end through the CLI: real store, real
MiniLM, and the real SmolLM2 on the local backend. Each file is named after its document's
title, as users name their files, so the title stored with each chunk is the document's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

DOCS = {
    "The Salt Road (film)": "The Salt Road is a 2011 drama film directed by Anton Greve. It was filmed in Kestrel Bay "
    "and tells the story of two brothers who run a salt works. The film premiered at a festival in Belmark.",
    "Anton Greve": "Anton Greve is a film director and screenwriter. He was born in 1970 in Tarrow and began his "
    "career making documentaries for public television. His first feature film was released in 2003.",
    "Kestrel Bay": "Kestrel Bay is a village on the southern coast of Ostra. It is known for its salt marshes, which "
    "have been worked since the 14th century. A lifeboat station was opened there in 1923.",
    "Tarrow": "Tarrow is a market town in the hill country of Norland. It is the seat of a rural district and holds a "
    "weekly cattle market. The town's grammar school was founded in 1552.",
    "Mira Okafor": "Mira Okafor is a novelist and essayist. She was born in 1961 in Port Ellery and studied history "
    "at Vantor University. Her later books are set in the northern islands.",
    "Belmark": "Belmark is the capital of the province of Ostra and the second largest city in Norland. It lies on "
    "the river Sael, about 40 kilometres from the sea. The city's cathedral was completed in 1410.",
    # Distractors that share the question's words but no title with it.
    "Salt works": "A salt works is a place where salt is produced from sea water. Directors of salt works in Norland "
    "were often born in coastal towns.",
    "Film festivals": "Film festivals in Norland show drama films every spring. Many directors were born in small "
    "towns and moved to Belmark.",
}


@pytest.fixture(scope="module")
def title_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("title-docs")
    for title, text in DOCS.items():
        (docs / f"{title}.txt").write_text(text + "\n", encoding="utf-8")
    store = tmp_path_factory.mktemp("title-store")
    run_cli("ingest", str(docs), "--store", str(store))
    return store


def ask(store: Path, question: str, backend: str) -> dict:
    return json.loads(run_cli("ask", question, "--store", str(store), "--json", "-b", backend).stdout)


def files(items: list[dict]) -> list[str]:
    return [Path(i["source"]).stem for i in items]


@pytest.mark.parametrize("backend", ["local", "extractive"])
def test_a_bridge_named_by_its_title_is_the_second_hop(title_store: Path, backend: str) -> None:
    result = ask(title_store, "In which town was the director of The Salt Road born?", backend)
    assert not result["refused"] and "Tarrow" in result["answer"]
    assert set(files(result["citations"])) == {"The Salt Road (film)", "Anton Greve"}  # the link and the answer
    assert result["hops"][1]["bridge"] == "Anton Greve"
    assert set(files(result["passages"])[:2]) == {"The Salt Road (film)", "Anton Greve"}
    assert result["short_answer"] != "Anton Greve"  # the last hop's answer, never the bridge


def test_a_question_its_first_passage_answers_takes_one_hop(title_store: Path) -> None:
    result = ask(title_store, "Who directed The Salt Road?", "extractive")
    assert "Anton Greve" in result["answer"] and result["hops"] == []
    assert files(result["citations"]) == ["The Salt Road (film)"]


def test_a_comparison_retrieves_each_document_it_names(title_store: Path) -> None:
    result = ask(title_store, "Who was born first, Mira Okafor or Anton Greve?", "extractive")
    assert result["plan"]["kind"] == "comparison"
    assert result["answer"].startswith("Mira Okafor")
    assert set(files(result["citations"])) == {"Mira Okafor", "Anton Greve"}
