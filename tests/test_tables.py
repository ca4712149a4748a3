"""Plain-text tables (assistant/text/tables.py): rows found, quoted one at a time, shown as cells."""

from __future__ import annotations

from assistant.answering import Evidence
from assistant.retrieval import Passage

MEDICINES = (
    "Please give these medicines exactly as shown.\n"
    "\n"
    "Medicine                        Dose          When                       How long\n"
    "------------------------------  ------------  -------------------------  --------\n"
    "Meloxicam 1.5 mg/ml oral        1.3 ml by     Once daily with            5 days\n"
    "suspension (pain relief)        syringe       breakfast\n"
    "Amoxicillin/clavulanic acid     1 tablet      Twice daily, 8am and 8pm   7 days\n"
    "250 mg tablets (antibiotic)\n"
    "Gabapentin 100 mg capsules      2 capsules    Three times daily          4 days\n"
    "\n"
    "Meloxicam must always be given with food.\n"
)

PRICES = (
    "2.1 Monthly prices, paid by direct debit:\n"
    "\n"
    "  Membership     Price a month   Access                 Includes\n"
    "  -------------  --------------  ---------------------  -----------------------------\n"
    "  Off-Peak       £24.99          Mon-Fri 9:30am-4pm     Gym floor only\n"
    "  Premium        £49.99          All opening hours      Gym floor, classes, sauna and\n"
    "                                                        steam room, towel service\n"
    "  Student        £27.99          All opening hours      Gym floor and classes\n"
)


def _sentences(text: str) -> list[str]:
    from assistant.text import sentence_lines

    return [text[s:e] for s, e in sentence_lines(text)]


def test_rows_of_a_ruled_table_go_on_over_their_wrapped_lines() -> None:
    from assistant.text.tables import rows

    found = rows(MEDICINES)
    assert [MEDICINES[r.start : r.end].split()[0] for r in found] == [
        "Meloxicam",
        "Amoxicillin/clavulanic",
        "Gabapentin",
    ]
    assert MEDICINES[found[0].start : found[0].end].endswith("breakfast")  # its second line is its own
    assert MEDICINES[found[1].start : found[1].end].endswith("(antibiotic)")  # a cell begun with a digit goes on
    assert found[0].header == "Medicine; Dose; When; How long"


def test_a_header_needs_a_rule_under_it() -> None:
    from assistant.text.tables import rows

    found = rows(PRICES)
    assert [PRICES[r.start : r.end].split()[0] for r in found] == ["Off-Peak", "Premium", "Student"]
    assert PRICES[found[1].start : found[1].end].endswith("towel service")  # an empty first cell goes on
    unruled = "\n".join(line for line in PRICES.split("\n") if "---" not in line)
    assert rows(unruled) == []  # no rule: read line by line, as a form's fields
    form = "Tax code:             1185L\nTax period:           Month 7\nPay date:             Friday 30 October 2026\n"
    assert rows(form) == []
    across = "Description      This month    Year to date\n" + "-" * 44 + "\nIncome Tax       £393.25       £2,651.85\n"
    assert [across[r.start : r.end] for r in rows(across)] == ["Income Tax       £393.25       £2,651.85"]
    assert rows("Heading of two   cells\n-----------------------\nSome text   here\n") == []  # a field, no table


def test_each_row_is_a_sentence_of_its_own() -> None:
    said = _sentences(MEDICINES)
    # Lines this long that end without a full stop were read as wrapped prose: the header, the
    # rule and every row were one "sentence" that no question could quote a row of.
    assert said[1].startswith("Medicine") and said[1].endswith("How long")
    assert said[3].startswith("Meloxicam 1.5") and said[3].endswith("breakfast")
    assert said[4].startswith("Amoxicillin") and said[5].startswith("Gabapentin")
    assert said[6] == "Meloxicam must always be given with food."
    premium = next(s for s in _sentences(PRICES) if "Premium" in s)
    assert premium.startswith("  Premium") and premium.endswith("towel service")  # indented: columns kept


def test_a_row_is_shown_as_its_cells() -> None:
    from assistant.answering.compose import plain_quote
    from assistant.text.tables import cells

    meloxicam = next(s for s in _sentences(MEDICINES) if s.startswith("Meloxicam 1.5"))
    assert cells(meloxicam) == [
        "Meloxicam 1.5 mg/ml oral suspension (pain relief)",
        "1.3 ml by syringe",
        "Once daily with breakfast",
        "5 days",
    ]
    premium = next(s for s in _sentences(PRICES) if "Premium" in s)
    assert plain_quote(premium) == (
        "Premium; £49.99; All opening hours; Gym floor, classes, sauna and steam room, towel service"
    )
    assert plain_quote("We met at noon.  It rained.  Then we left.") == "We met at noon. It rained. Then we left."
    two = "Amlodipine      5 mg once daily    10 mg once daily\nAtorvastatin    -                  20 mg at night\n"
    assert plain_quote(two) == "Amlodipine; 5 mg once daily; 10 mg once daily | Atorvastatin; 20 mg at night"
    # Two rows of a Markdown table are told apart the same way.
    rows = "| Junior | Aged 8 to 17 | £75 |\n| Mini | Under 8 | £35 |"
    assert plain_quote(rows) == "Junior; Aged 8 to 17; £75 | Mini; Under 8; £35"
    assert cells("Tax code:             1185L") is None  # two cells: a field, shown as it is


def test_a_plain_text_table_is_a_list_of_its_rows() -> None:
    from assistant.answering.evidence import list_items
    from assistant.text import sentence_lines, terms

    passage = Passage("p", "/vet.txt", MEDICINES, 0, len(MEDICINES), None, "d", None, 0.1, 0.5, 1.0, rank=1)
    s, e = sentence_lines(MEDICINES)[0]  # "Please give these medicines exactly as shown."
    lead = Evidence(passage, s, e, MEDICINES[s:e], 1.0, 1.0)
    items = list_items(lead, 12, set(terms("What medicines has Pepper been sent home with?")))
    assert [i.text.split()[0] for i in items] == ["Meloxicam", "Amoxicillin/clavulanic", "Gabapentin"]


def test_a_row_is_ranked_with_its_header() -> None:
    from assistant.answering.evidence import with_aligned_rows
    from assistant.text import sentence_lines, tables

    spans = sentence_lines(PRICES)
    headers = with_aligned_rows(tables.rows(PRICES), spans, [None] * len(spans))
    by_line = {PRICES[s:e].split()[0]: h for (s, e), h in zip(spans, headers)}
    assert by_line["Student"] == "Membership; Price a month; Access; Includes"
    assert by_line["2.1"] is None and by_line["Membership"] is None  # the header names the columns


def test_a_list_question_finds_the_table_of_the_kind_it_asks_for() -> None:
    from assistant.answering.evidence import table_of_kind
    from assistant.text import sentence_lines

    passage = Passage("p", "/vet.txt", MEDICINES, 0, len(MEDICINES), None, "d", None, 0.1, 0.5, 1.0, rank=1)
    ranked = [Evidence(passage, s, e, MEDICINES[s:e], 1.0, 1.0) for s, e in sentence_lines(MEDICINES)]
    # The rows name no Pepper, yet the first column is headed by what is asked for.
    found = table_of_kind(ranked, "What medicines has Pepper been sent home with?")
    assert found is not None and found.text.startswith("Meloxicam")
    assert table_of_kind(ranked, "Which tablets should he stop taking?") is None  # no column of tablets
    assert table_of_kind(ranked, "Why must meloxicam be given with food?") is None  # no list question
