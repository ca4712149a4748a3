"""Documents that name each other by title, end to end through the CLI: real store, real
MiniLM, and the real SmolLM2 on the local backend: the documents of evals/titles.yaml, each
file named after its document's title, as users name their files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

DOCS = Path(__file__).parent.parent / "evals" / "titles_docs"  # 16 documents that name each other


@pytest.fixture(scope="module")
def title_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("title-store")
    run_cli("ingest", *(str(p) for p in sorted(DOCS.glob("*.txt"))), "--store", str(store))
    return store


def ask(store: Path, question: str, backend: str) -> dict:
    return json.loads(run_cli("ask", question, "--store", str(store), "--json", "-b", backend).stdout)


def files(items: list[dict]) -> list[str]:
    return [Path(i["source"]).stem for i in items]


@pytest.mark.parametrize("backend", ["local", "extractive"])
def test_a_bridge_named_by_its_title_is_the_second_hop(title_store: Path, backend: str) -> None:
    result = ask(title_store, "What did the singer of Northern Light train as before turning to music?", backend)
    assert not result["refused"] and "nurse" in result["answer"]
    assert set(files(result["citations"])) == {"Northern Light (band)", "Lena Marsh"}  # the link and the answer
    assert result["hops"][1]["bridge"] == "Lena Marsh"
    assert set(files(result["passages"])[:2]) == {"Northern Light (band)", "Lena Marsh"}
    assert result["short_answer"] != "Lena Marsh"  # the last hop's answer, never the bridge


@pytest.mark.parametrize(
    "question, answer, bridge",
    [
        # The describing noun ("village") is the bridge's, not what is asked of it: "known for".
        ("The Salt Road was filmed in a village known for what?", "salt marshes", "Kestrel Bay"),
        # No document writes "author": "a novel by Mira Okafor" says it.
        ("In what year was the author of Harbour Lights born?", "1961", "Mira Okafor"),
        # The bridge's own document, though "studied at Vantor University" is far by embedding.
        ("Harbour Lights was written by a novelist who studied at which university?", "Vantor", "Mira Okafor"),
    ],
)
def test_the_second_hop_quotes_what_is_asked_of_the_bridge(
    title_store: Path, question: str, answer: str, bridge: str
) -> None:
    result = ask(title_store, question, "extractive")
    assert not result["refused"] and answer in result["answer"]
    assert result["hops"][1]["bridge"] == bridge
    assert files(result["citations"])[0] == bridge  # the last hop's sentence first, not its introduction


def test_a_question_its_first_passage_answers_takes_one_hop(title_store: Path) -> None:
    result = ask(title_store, "Who directed The Salt Road?", "extractive")
    assert "Anton Greve" in result["answer"] and result["hops"] == []
    assert files(result["citations"]) == ["The Salt Road (film)"]


def test_a_comparison_retrieves_each_document_it_names(title_store: Path) -> None:
    result = ask(title_store, "Who was born first, Mira Okafor or Anton Greve?", "extractive")
    assert result["plan"]["kind"] == "comparison"
    assert result["answer"].startswith("Mira Okafor")
    assert set(files(result["citations"])) == {"Mira Okafor", "Anton Greve"}
