"""Documents people keep, written with structure (Markdown headings, lists under a lead-in,
tables, bold labels), end to end through the CLI: real store, real MiniLM, real SmolLM2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

MANUAL = """# Brightwater BW-4 Water Softener — Owner's Guide

Corrin Appliances Ltd · Document CA-BW4-OG · Issue 2

Thank you for buying the Brightwater BW-4. Read this guide before you connect the softener.

## 1. Cycle settings

Choose the cycle with the SET button on the front panel.

- **Daily** — regenerates every night at 02:00, whatever the water used. Best for large households.
- **Metered** — regenerates only when 1,200 litres have passed through the resin.
- **Holiday** — rinses the resin every 4 days so that it stays fresh while you are away.
- **Manual** — regenerates once, at once, then returns to the previous cycle.

## 2. Looking after the softener

**Every week (owner):**
- Check that the salt level is above the red line on the salt tank.
- Wipe the front panel with a dry cloth.

**Every 6 months (owner):**
- Clean the brine valve filter under the salt tank lid.
- Test the hardness of the softened water with the strip supplied.

## 3. Error codes

- **E02** — salt tank empty. Refill with tablet salt.
- **E05** — brine valve blocked. Clean the brine valve filter.

| Part | Replace every | Cost |
|---|---|---|
| Resin cartridge | 5 years | £140 |
| Brine valve seal | 2 years | £12 |
"""

MINUTES = """# Fernhill Allotment Society

## Minutes of the Committee Meeting — 9 April 2026

**Present:** Ada Frome (Chair), Bram Ostley (Treasurer), Cass Weir (Secretary)

### 1. Water supply

Bram reported that the society paid £1,870 for water last year, up from £1,420. The committee agreed to
fit water butts on every shed before the summer.

### 2. New plots

Cass said that nine people are on the waiting list. The committee agreed to split the four largest plots
in two from October.

### 3. Bonfires

The committee decided that bonfires will no longer be allowed on the site, after complaints from
neighbours in Quarry Lane.
"""


@pytest.fixture(scope="module")
def kept_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("kept-docs")
    (docs / "softener_guide.md").write_text(MANUAL, encoding="utf-8")
    (docs / "committee_minutes_2026-04.md").write_text(MINUTES, encoding="utf-8")
    store = tmp_path_factory.mktemp("kept-store")
    run_cli("ingest", str(docs), "--store", str(store))
    return store


def ask(store: Path, question: str, *extra: str) -> dict:
    return json.loads(run_cli("ask", question, "--store", str(store), "--json", *extra).stdout)


@pytest.mark.parametrize("backend", ["local", "extractive"])
def test_a_list_written_as_a_list_is_answered_whole_without_its_marks(kept_store: Path, backend: str) -> None:
    result = ask(kept_store, "What cycles can I run the softener on?", "-b", backend)
    assert result["plan"]["kind"] == "list" and not result["refused"]
    for cycle in ("Daily", "Metered", "Holiday", "Manual"):
        assert cycle in result["answer"]
    assert "**" not in result["answer"] and "- -" not in result["answer"]
    assert all(c["source"].endswith("softener_guide.md") for c in result["citations"])


def test_a_list_item_is_quoted_with_the_line_that_introduces_it(kept_store: Path) -> None:
    result = ask(kept_store, "How often should I clean the brine valve filter?", "-b", "extractive")
    assert not result["refused"]
    assert "Every 6 months" in result["answer"] and "brine valve filter" in result["answer"]


def test_minutes_named_by_their_opening_lines_are_summarised(kept_store: Path) -> None:
    result = ask(kept_store, "Summarize the April committee minutes.", "-b", "extractive")
    assert result["plan"]["kind"] == "summary" and not result["refused"]
    assert result["citations"] and all(
        c["source"].endswith("committee_minutes_2026-04.md") for c in result["citations"]
    )
    assert "Minutes of the Committee Meeting" not in result["answer"]  # a heading is not a point


def test_a_first_person_question_does_not_name_my_as_missing(kept_store: Path) -> None:
    result = ask(
        kept_store, "My softener is on the Holiday cycle: how often does it rinse the resin?", "-b", "extractive"
    )
    assert "mention My" not in result["answer"]
    assert not result["refused"] and "4 days" in result["answer"]


def test_an_error_code_the_documents_never_give_is_named_missing(kept_store: Path) -> None:
    result = ask(kept_store, "What does error code E07 on the softener mean?", "-b", "extractive")
    assert result["refused"] and "E07" in result["answer"]  # a code is not an acronym spelled out


def test_a_topic_a_heading_names_is_told_from_its_section_of_the_named_document(kept_store: Path) -> None:
    result = ask(kept_store, "What do the minutes say about the water supply?", "-b", "extractive")
    assert result["plan"]["kind"] == "summary" and not result["refused"]
    assert "£1,870" in result["answer"] and "water butts" in result["answer"]
    assert all(c["source"].endswith("committee_minutes_2026-04.md") for c in result["citations"])


def test_the_document_names_no_one_document(kept_store: Path) -> None:
    # The guide's second line says "Document CA-BW4-OG": "the document" still means any of them.
    result = ask(kept_store, "What does the document say about the water supply?", "-b", "extractive")
    assert not result["refused"] and "£1,870" in result["answer"]


def test_a_document_named_by_its_file_name_is_no_missing_topic(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lease.md").write_text(
        "# Tenancy agreement\n\nThe tenancy runs for twelve months from 1 April 2025.\n\n"
        "| Item | Amount |\n|---|---|\n| Monthly rent | £950 |\n| Deposit | £1,096 |\n\n"
        "The tenant must not keep a dog without the landlord's written consent.\n",
        encoding="utf-8",
    )
    (docs / "recipes.txt").write_text("Bake the bread for forty minutes at 200 degrees.", encoding="utf-8")
    store = tmp_path / "store"
    run_cli("ingest", str(docs), "--store", str(store))
    # "lease" is only in the file's name: the text says "tenancy agreement".
    result = ask(store, "Give me an overview of our lease.", "-b", "extractive")
    assert not result["refused"] and result["citations"]
    assert all(c["source"].endswith("lease.md") for c in result["citations"])
    assert "twelve months" in result["answer"]
