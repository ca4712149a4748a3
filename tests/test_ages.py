"""Ages asked and age bands stated (assistant/text/ages.py)."""

from __future__ import annotations

import pytest

from assistant.text.ages import OLDEST, age_bands, ages_asked, ages_said, required_ages


@pytest.mark.parametrize(
    ("question", "ages"),
    [
        ("How much is it for my 14-year-old to be a member for the year?", [14]),
        ("I'm 40 and my son's 22. How do our yearly membership fees compare?", [40, 22]),
        ("My daughter is 9, can she swim on her own?", [9]),
        ("Is my son aged 15 allowed in the gym?", [15]),
        ("My niece is 4 and she's coming over. Can she use the hot tub?", [4]),
        ("My eldest is 13. When are his lessons?", [13]),
        ("I'm 40 miles away, can I cancel?", []),  # a distance
        ("Is the pool open to those aged 15 and over?", []),  # a band, not the asker's age
        ("Can I book 14 days ahead?", []),
        # In words, and "just turned" (office20.yaml, office24.yaml).
        ("My little girl is three and a half. How much will a term set me back?", [3]),
        ("My daughter's just turned 14. Is she old enough to ride it?", [14]),
        ("My son is one of the riders.", []),
    ],
)
def test_ages_asked(question: str, ages: list[int]) -> None:
    assert [age for age, _ in ages_asked(question)] == ages


@pytest.mark.parametrize(
    ("text", "bands"),
    [
        ("| Junior | Aged 8 to 17 | £75 | None |", [(8, 17)]),
        ("| Adult | Aged 26 and over | £245 | £40 |", [(26, OLDEST)]),
        ("Mini Orange (ages 8 and 9): Saturday", [(8, 9)]),
        ("cash limit £300 (£100 if under 18)", [(0, 17)]),
        ("Juniors (under 18) pay £15", [(0, 17)]),
        ("Parents of children **under 8** must stay in the gallery.", [(0, 7)]),  # Markdown's bold
        ("Young adult membership (18 to 25) is £130 a year.", [(18, 25)]),
        ("Over 65s swim free on Tuesdays.", [(65, OLDEST)]),
        ("Annual cover is available up to age 79.", [(0, 79)]),
        ("Members must be at least 16 years old.", [(16, OLDEST)]),
        ("A small dog (under 10 kg) is allowed.", []),  # a weight
        ("Visit 1 (10 to 12) is a check-up.", []),  # no people named: no band
    ],
)
def test_age_bands(text: str, bands: list[tuple[int, int]]) -> None:
    assert age_bands(text) == bands


def test_a_band_says_the_ages_it_holds() -> None:
    assert ages_said("| Junior | Aged 8 to 17 | £75 |", [40, 14]) == [14]
    assert ages_said("The membership year runs from 1 April.", [14]) == []


@pytest.mark.parametrize(
    ("text", "bands"),
    [
        ("1.2 You must be at least 16 years old to join.", [(16, OLDEST)]),
        ("6.3 Guests must be 16 or over, bring photo ID and stay with the member.", [(16, OLDEST)]),
        ("The sauna and steam room are for adults aged 18 and over only, because ...", [(18, OLDEST)]),
        ("Swim Only is open to anyone aged 16 and over.", [(16, OLDEST)]),
        # who a rule is about, not a condition of it
        ("In the pool, children under 8 must have an adult aged 18 or over in the water with them.", []),
        ("Juniors aged 14 to 17 may use the gym on their own.", []),
    ],
)
def test_required_ages(text: str, bands: list[tuple[int, int]]) -> None:
    assert required_ages(text) == bands


def test_a_condition_says_every_age_for_a_yes_or_no() -> None:
    assert ages_said("You must be at least 16 years old to join.", [15]) == []
    assert ages_said("You must be at least 16 years old to join.", [15], conditions=True) == [15]
