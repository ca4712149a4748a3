"""Changes a document states, and questions that compare a thing with what it was
(assistant/text/changes.py)."""

from __future__ import annotations

import pytest

from assistant.text.changes import Change, amount, change_in, over_time, row_change


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("- The dog charge has gone up from £25 to £35 per dog per stay.", Change("£25", "£35")),
        ("Check-in is now from 4.00 pm (it was 3.00 pm last year), because", Change("3.00 pm", "4.00 pm")),
        ("**Damage excess:** £250 (reduced from £1,250 by Excess Cover Plus)", Change("£1,250", "£250")),
        ("Its on-time delivery rate was 84%, down from 91% in Q2.", Change("91%", "84%")),
        ("Plot rents rise from 1 January 2026: a full plot from £42 to £48 a year.", Change("£42", "£48")),
        ("From Monday the price of a lunch will rise from £2.60 to £2.85 a day.", Change("£2.60", "£2.85")),
        ("Your tax code changed from 1257L to 1185L on 1 July 2026.", Change("1257L", "1185L")),
        ("The rate is £15 (previously £12).", Change("£12", "£15")),
        (
            "The charge for a Band C home rises from £1,840.62 in 2025/26 to **£1,932.47** in 2026/27.",
            Change("£1,840.62", "£1,932.47"),
        ),
        ("Minnows, for example, cost £66 a term last year and £72 this year.", Change("£66", "£72")),
        ("Lessons run from 9am to 10am.", None),  # a window of time, no change
        ("The fee is £35 per dog.", None),
    ],
)
def test_change_in(text: str, change: Change | None) -> None:
    assert change_in(text) == change


@pytest.mark.parametrize(
    ("row", "header", "change"),
    [
        (
            "| Escape of water excess | £500 | £750 |",
            "| Item | 2025/26 (last year) | 2026/27 (this year) |",
            Change("£500", "£750"),
        ),
        ("| Band C | £1,840.62 | £1,932.47 |", "| Band | 2025/26 | 2026/27 |", Change("£1,840.62", "£1,932.47")),
        ("| Band C | £1,932.47 | £1,840.62 |", "| Band | 2026/27 | 2025/26 |", Change("£1,840.62", "£1,932.47")),
        ("| Junior | Aged 8 to 17 | £75 |", "| Membership | Ages | Fee |", None),
        ("| Escape of water excess | £500 | £750 |", None, None),
    ],
)
def test_row_change(row: str, header: str | None, change: Change | None) -> None:
    assert row_change(row, header) == change


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("We're bringing the dog again. Is the charge for him more or less than it was last year?", True),
        ("How does this year's council tax for our band compare with last year's?", True),
        ("How much has the lunch price gone up?", True),
        ("How does Eco mode compare with Silent mode?", False),
        ("Which is cheaper, the bus or the train?", False),
    ],
)
def test_over_time(question: str, asks: bool) -> None:
    assert over_time(question) is asks


def test_amount() -> None:
    assert amount("£1,250") == 1250.0 and amount("4.00 pm") == 4.0 and amount("none") is None
