"""Ages: the ages a question gives ("my 14-year-old", "I'm 40") and the age bands a
document states ("Aged 8 to 17", "26 and over", "£100 if under 18").

A fee table or a rule is written by band, a question by the asker's own age: "How much is it
for my 14-year-old?" shares no word with "Junior | Aged 8 to 17 | £75". A band that holds an
age asked says that age, as far as matching is concerned (`ages_said`).
"""

from __future__ import annotations

import re

from assistant.text.terms import NUMBER_WORD_VALUES

OLDEST = 120  # no band goes past it: "aged 18 and over" is 18 to OLDEST
_N = r"(\d{1,3})"
# An age asked in words too ("my little girl is three and a half"), up to nineteen.
_WORDS = [w for w, v in NUMBER_WORD_VALUES.items() if 0 < v < 20]
_N_ASKED = rf"(\d{{1,3}}|{'|'.join(sorted(_WORDS, key=len, reverse=True))})(?:\s+and\s+a\s+half)?"
# A number that is no age: a unit or a sum follows ("under 10 kg", "over 15 miles").
_NO_UNIT = r"(?!\s*(?:%|[a-z]{1,2}\b|miles|minutes|hours|days|weeks|months|pounds|grams|litres|metres|kilos|£|\$|€))"
_ASKED = re.compile(
    rf"\b{_N}[- ]years?[- ]olds?\b"  # "my 14-year-old", "a 15 year old"
    rf"|\baged?\s+{_N}\b{_NO_UNIT}(?!\s*(?:\+|-|–|to\b|and\b|or\b))"  # "aged 15", "age 40", not a band
    # "I'm 40 and my son's 22.": a bare number after a person, ending the clause
    rf"|\b(?:I'm|I am|I’m|(?:he|she)(?:'s|’s| is)|(?:son|daughter|child|kid|boy|girl|wife|husband|partner|mum|dad|"
    rf"mother|father|niece|nephew|grandson|granddaughter|grandchild|eldest|youngest|oldest|baby)(?:'s|’s| is))"
    rf"\s+(?:just\s+)?(?:turned\s+)?{_N_ASKED}(?=\s*(?:$|[,.;:?!]|and\b|years?\b))",  # "my daughter's just turned 14."
    re.I,
)
_PERSON = (
    r"(?:if|children|child|kids?|people|persons?|juniors?|anyone|someone|those|members?|adults?|teenagers?|"
    r"pupils?|students?|drivers?|passengers?|guests?|players?|infants?|babies|baby|visitors?)"
)
_BANDS = [
    # "Aged 8 to 17", "ages 4-7", "(ages 8 and 9)"
    (re.compile(rf"\bage[sd]?\s+{_N}\s*(?:to|-|–|and)\s*{_N}\b{_NO_UNIT}", re.I), lambda a, b: (a, b)),
    # "Aged 26 and over", "aged 18 or over", "aged 65 or older", "ages 16+"
    (
        re.compile(rf"\bage[sd]?\s+{_N}\s*(?:\+|(?:and|or)\s+(?:over|above|older)\b)", re.I),
        lambda a, _: (a, OLDEST),
    ),
    # "aged under 16", "children under 18", "£100 if under 18"
    (
        re.compile(rf"\b(?:age[sd]?|{_PERSON})\s+(?:under|below|younger\s+than)\s+{_N}\b{_NO_UNIT}", re.I),
        lambda a, _: (0, a - 1),
    ),
    # "Adults over 65"
    (re.compile(rf"\b(?:age[sd]?|{_PERSON})\s+over\s+{_N}\b{_NO_UNIT}", re.I), lambda a, _: (a + 1, OLDEST)),
    # "Over 65s", "over-60s": the 65-year-olds are among them
    (re.compile(rf"\bover[- ]{_N}s\b", re.I), lambda a, _: (a, OLDEST)),
    # "Juniors (under 18)"
    (re.compile(rf"\(\s*(?:aged\s+)?under\s+{_N}\s*\)", re.I), lambda a, _: (0, a - 1)),
    # "up to age 79", "must be at least 16 (years old)"
    (re.compile(rf"\bup\s+to\s+(?:the\s+)?age\s+(?:of\s+)?{_N}\b", re.I), lambda a, _: (0, a)),
    (
        re.compile(rf"\b(?:at\s+least|aged\s+at\s+least)\s+{_N}(?=\s*(?:$|[,.;:)]|years?\b))", re.I),
        lambda a, _: (a, OLDEST),
    ),
]
_EMPHASIS = re.compile(r"\*\*|__")  # Markdown's bold, which may split a band ("**under 8**")
# "Young adult membership (18 to 25)": a bare band in brackets, where the sentence names people.
_BRACKETED = re.compile(rf"\(\s*{_N}\s*(?:to|-|–)\s*{_N}\s*[),]")
_PEOPLE = re.compile(rf"\b(?:{_PERSON}|young|senior|teen\w*|member\w*|youth|age[sd]?)\b", re.I)


def ages_asked(question: str) -> list[tuple[int, str]]:
    """The ages the question gives, in order, each with the words that give it: "I'm 40 and
    my son's 22." -> [(40, "I'm 40"), (22, "son's 22")]."""
    found = [(_age(next(g for g in m.groups() if g)), m.group(0)) for m in _ASKED.finditer(question)]
    return [(age, words) for age, words in found if 0 < age <= OLDEST]


def _age(said: str) -> int:
    return int(said) if said.isdigit() else NUMBER_WORD_VALUES[said.lower()]


def age_bands(text: str) -> list[tuple[int, int]]:
    """The age bands the text states, each as (youngest, oldest), both included."""
    text = _EMPHASIS.sub("", text)  # "children **under 8**"
    bands: list[tuple[int, int]] = []
    for pattern, band in _BANDS:
        for m in pattern.finditer(text):
            numbers = [int(g) for g in m.groups() if g]
            bands.append(band(numbers[0], numbers[-1]))
    if _PEOPLE.search(text):
        bands += [(int(a), int(b)) for a, b in _BRACKETED.findall(text)]
    return [(lo, hi) for lo, hi in bands if 0 <= lo <= hi <= OLDEST]


def ages_said(text: str, ages: list[int], conditions: bool = False, bands_too: bool = False) -> list[int]:
    """The ages among `ages` that a band of the text holds: "Junior | Aged 8 to 17" says 14.
    With `conditions` (a yes/no question), every age is said by a text that makes an age a
    condition: "You must be at least 16 years old" answers for 15 too; with `bands_too`, by a
    text that states any age band ("Parents of children under 8 must stay" answers for 9)."""
    bands = age_bands(text) if ages else []
    if conditions and ((bands_too and bands) or (ages and required_ages(text))):
        return list(ages)
    return [age for age in ages if any(lo <= age <= hi for lo, hi in bands)]


# What makes an age a condition: "must be", "are for", "open to" before it, "only" after it.
_REQUIRES = re.compile(
    r"\b(?:must|needs?\s+to|has\s+to|have\s+to)\s+be\b|\b(?:only\s+(?:for|to|open\s+to)|restricted\s+to|limited\s+to|"
    r"open\s+to|available\s+to|reserved\s+for|are\s+for|is\s+for)\b",
    re.I,
)
_CLAUSE_END = re.compile(r"[.;:,(]|\b(?:and|but|or)\s+(?!over\b|older\b|above\b)")
_OR_OVER = re.compile(
    rf"^\W*(?:aged\s+)?{_N}\s+(?:or|and)\s+(?:over|older|above)\b", re.I
)  # "Guests must be 16 or over"
_ONLY_AFTER = re.compile(rf"\b(?:aged?\s+)?{_N}\s*(?:\+|(?:and|or)\s+(?:over|older|above))\s+only\b", re.I)


def required_ages(text: str) -> list[tuple[int, int]]:
    """The age bands the text makes a condition: "You must be at least 16 years old to join",
    "Guests must be 16 or over", "The sauna is for adults aged 18 and over only". A band that
    says who a rule is about ("Children under 8 must have an adult with them") is none."""
    text = _EMPHASIS.sub("", text)
    bands = [(int(n), OLDEST) for n in _ONLY_AFTER.findall(text)]
    for cue in _REQUIRES.finditer(text):
        rest = text[cue.end() : cue.end() + 60]
        end = _CLAUSE_END.search(rest)
        clause = rest[: end.start()] if end else rest
        bands += age_bands(clause) + [(int(n), OLDEST) for n in _OR_OVER.findall(clause)]
    return sorted(set(bands))
