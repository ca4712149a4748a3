"""Amounts asked and the limits a document sets on them (assistant/text/limits.py)."""

from __future__ import annotations

import pytest

from assistant.text.limits import amounts, days_of_year, limits, times_of_day, within_limits


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Can we leave the dog for a couple of hours?", [(120.0, "time")]),
        ("We're away for three weeks in August.", [(21.0, "days")]),
        ("Is half an hour enough?", [(30.0, "time")]),
        ("Can I take a 25 kg case?", [(25.0, "weight")]),
        ("Can I bring 3 extra bags?", [(3.0, "bag")]),
        ("Up to 2 well-behaved dogs are welcome.", [(2.0, "dog")]),  # the noun the words end on
        ("Will £50 cover it?", [(50.0, "£")]),
        ("The cottage sleeps six guests.", [(6.0, "people")]),
        ("Is a dog allowed?", []),  # "a dog" is no amount
        ("In 2026 the fee rose.", []),  # a year
        ("My 14-year-old wants to join.", []),  # an age (assistant/text/ages.py)
    ],
)
def test_amounts(text: str, said: list[tuple[float, str]]) -> None:
    assert [(a.value, a.kind) for a in amounts(text)] == said


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Each hold bag may weigh up to 23 kg.", [(23.0, "weight", True)]),
        ("Please do not leave a dog alone for more than 3 hours.", [(180.0, "time", True)]),
        ("The cottage sleeps 6 guests.", [(6.0, "people", True)]),
        ("Please give at least 48 hours' notice.", [(2880.0, "time", False)]),
        ("You may take up to 10 working days a year.", [(10.0, "days", True)]),
        ("Stays are 3 nights minimum.", [(3.0, "nights", False)]),
        ("A maximum of two dogs is allowed.", [(2.0, "dog", True)]),
        ("You have 14 days from the day you buy the policy.", [(14.0, "days", True)]),
        ("The walk takes more than 3 hours.", []),  # said, not forbidden
        ("If the car is more than 24 hours late, call us.", []),
        ("You may end the contract early if you move more than 20 miles away.", [(20.0, "miles", False)]),
        ("If the car is more than 24 hours late, we will treat it as stolen.", []),  # no permission
        ("The fee rose from £25 to £35.", []),
    ],
)
def test_limits(text: str, found: list[tuple[float, str, bool]]) -> None:
    assert [(b.amount.value, b.amount.kind, b.most) for b in limits(text)] == found


@pytest.mark.parametrize(
    ("question", "text", "within"),
    [
        ("Is it OK to leave the dog for a couple of hours?", "Do not leave a dog alone for more than 3 hours.", True),
        ("Can we leave the dog for five hours?", "Do not leave a dog alone for more than 3 hours.", False),
        ("Can I take a 25 kg suitcase?", "Each hold bag may weigh up to 23 kg.", False),
        ("Can we bring 8 guests?", "The cottage sleeps 6 guests.", False),
        ("Can I cancel 24 hours before?", "Please give at least 48 hours' notice.", False),
        ("If I change my mind a week later, can I get a refund?", "You have 14 days to cancel.", True),
        ("Can I park for 90 minutes?", "You may park for up to 2 hours.", True),
        # How long ahead is compared with how long ahead, and how long with how long.
        (
            "If I tell my manager a month beforehand, can I take a week of unpaid leave?",
            "You may take up to 10 working days of unpaid leave a year, if you ask at least four weeks in advance.",
            True,
        ),
        (
            "If I tell my manager two weeks beforehand, can I take a week of unpaid leave?",
            "You may take up to 10 working days of unpaid leave a year, if you ask at least four weeks in advance.",
            False,
        ),
        ("Is the boiler covered for 12 years?", "The boiler is guaranteed for up to 10 years.", False),
        # Two amounts of one kind that the limit would judge apart: which one it is on is not read.
        (
            "I've been a member for 3 years. Can I freeze it for 2 months?",
            "You can freeze it for up to 3 months.",
            None,
        ),
        ("Can I bring 3 bags?", "Each passenger may bring up to 2 suitcases.", None),  # another thing
        # A permission granted beyond a threshold.
        (
            "I'm moving about 40 miles away. Can I end the contract early?",
            "You may end the contract early if you move more than 20 miles away.",
            True,
        ),
        (
            "I'm moving about 10 miles away. Can I end the contract early?",
            "You may end the contract early if you move more than 20 miles away.",
            False,
        ),
        ("Can I bring my dog?", "Do not leave a dog alone for more than 3 hours.", None),  # no amount asked
    ],
)
def test_within_limits(question: str, text: str, within: bool | None) -> None:
    assert within_limits(question, text) is within


@pytest.mark.parametrize(
    ("text", "ahead"),
    [
        ("if I ask a month beforehand", True),
        ("if I ask a month advance", True),  # "beforehand" as the rewording step reads it
        ("at least four weeks in advance", True),
        ("48 hours' notice", True),
        ("notice of 3 days", True),
        ("for a week", False),
    ],
)
def test_an_amount_ahead_of_something(text: str, ahead: bool) -> None:
    assert [a.ahead for a in amounts(text)] == [ahead]


def test_times_of_day() -> None:
    said = times_of_day("from 4.00 pm, 10.30 pm, 11:45pm, 16:00, noon, midnight, 1am; not £10.30 or 24.50")
    assert [t.value for t in said] == [960, 1350, 1425, 960, 720, 1440, 1500]  # after midnight: that night's


@pytest.mark.parametrize(
    ("question", "text", "within"),
    [
        ("Can our band keep playing until 1am?", "Live music must finish by 11:45pm.", False),
        ("Can we use the hot tub at 11pm?", "Hot tub: open from 8.00 am to 10.00 pm.", False),
        ("Can we use the hot tub at 9pm?", "Hot tub: open from 8.00 am to 10.00 pm.", True),
        ("Can I return the car at 9pm?", "The branch is open 8am-6pm.", False),
        ("Can we check in at 2pm?", "Check-in is from 3pm and check-out by 11am.", False),
        # Which of two limits apart the question asks about is not read: they disagree, so no verdict.
        ("Can we check in at 4pm?", "Check-in is from 3pm and check-out by 11am.", None),
        # A window past midnight says when not to.
        ("Can we play music at 9pm?", "Please keep noise down between 10.30 pm and 8.00 am.", None),
    ],
)
def test_within_limits_of_the_day(question: str, text: str, within: bool | None) -> None:
    assert within_limits(question, text) is within


def test_days_of_year() -> None:
    said = days_of_year("due by 6 June 2026; the start of November 2027; in July", months_alone=True)
    assert [(d.first, d.last, d.year) for d in said] == [
        ((6, 6), (6, 6), 2026),
        ((11, 1), (11, 7), 2027),
        ((7, 1), (7, 31), None),
    ]
    assert [d.first for d in days_of_year("in July, on 3 May")] == [(5, 3)]  # no month alone unless asked


@pytest.mark.parametrize(
    ("question", "text", "within"),
    [
        (
            "If I can't get the first service done until the start of November 2027, am I still covered?",
            "Your first service must be done by 14 November 2027 at the latest.",
            True,
        ),
        ("Can I pay the balance on 10 June?", "The balance of £895.00 is due by 6 June 2026.", False),
        ("Can we stay in July?", "The site is open from 1 March to 31 October.", True),
        ("Can I still pay in June?", "Please pay by 20 June.", None),  # some of June is after it
    ],
)
def test_within_limits_of_the_year(question: str, text: str, within: bool | None) -> None:
    assert within_limits(question, text) is within
