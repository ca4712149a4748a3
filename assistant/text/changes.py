"""Changes: a value a document says has changed, with what it was and what it is now ("The dog
charge has gone up from £25 to £35", "Check-in is now from 4.00 pm (it was 3.00 pm last year)",
"£250 (reduced from £1,250 ...)", a table row under "2025/26 (last year) | 2026/27 (this year)").

A question comparing a thing with what it was ("Is the charge more or less than it was last
year?", "How does this year's council tax compare with last year's?") is answered by the one
quote that says both (answering/sides.py): retrieved as two sides, "last year" alone finds
nothing of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A value that changes: a sum, a share, a time of day or a number with its unit.
_VALUE = (
    r"(?:£\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:million|m|bn|k)(?!\w))?|\d+[A-Z]{1,3}(?!\w)|\d[\d,]*(?:\.\d+)?"
    r"(?:\s*(?:%|(?:per\s*cent|[ap]m|[ap]\.m\.|p|kWh|days?|weeks?|months?|hours?|minutes?|years?)(?!\w)))?)"
)
_VERB = (
    r"(?:ris(?:e|es|en|ing)|rose|go(?:es|ne|ing)?\s+up|went\s+up|increas(?:e|es|ed|ing)|fall(?:s|en|ing)?|fell|"
    r"go(?:es|ne|ing)?\s+down|went\s+down|decreas(?:e|es|ed|ing)|drop(?:s|ped|ping)?|reduc(?:e|es|ed|ing)|cut|"
    r"chang(?:e|es|ed|ing)|mov(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|lower(?:s|ed|ing)?)"
)
_SAID = [
    # "has gone up from £25 to £35", "will rise from 1 January 2026: a full plot from £42 to £48"
    re.compile(
        rf"\b{_VERB}\b(?:[^.;]{{0,60}}?)\bfrom\s+(?P<before>{_VALUE})(?:\s+(?:in|for|on|at)\s+[\w/]+)?\s+to\s+"
        rf"(?P<after>{_VALUE})",
        re.I,
    ),
    # "£250 (reduced from £1,250 by Excess Cover Plus)", "84%, down from 91% in Q2"
    re.compile(
        rf"(?P<after>{_VALUE})[^.;]{{0,40}}?\b(?:up|down|reduced|increased|raised|cut|lowered)\s+from\s+"
        rf"(?P<before>{_VALUE})",
        re.I,
    ),
    # "cost £66 a term last year and £72 this year"
    re.compile(
        rf"(?P<before>{_VALUE})[^.;]{{0,25}}?\blast\s+(?:year|time|term|season)\b[^.;]{{0,10}}?\b(?:and|but|to)\s+"
        rf"(?:[a-z]+\s+){{0,2}}?(?P<after>{_VALUE})[^.;]{{0,25}}?\bthis\s+(?:year|time|term|season)\b",
        re.I,
    ),
    # "from 4.00 pm (it was 3.00 pm last year)", "£35 (previously £25)"
    re.compile(
        rf"(?P<after>{_VALUE})[^.;()]{{0,30}}?\((?:it\s+|this\s+)?(?:was|previously)\s+(?P<before>{_VALUE})", re.I
    ),
]

_EMPHASIS = re.compile(r"\*\*|__")

# Column headers of what was and what is: "2025/26 (last year)", "This year", "Old price".
_THEN = re.compile(r"\b(?:last|previous|old|before|was)\b", re.I)
_NOW = re.compile(r"\b(?:this|current|new|now)\b", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")

# A time gone by: "last year", "last term", "last bill".
_LAST = r"last\s+(?:year|time|term|season|month|quarter|bill|summer|winter)"
# A question that compares a thing with what it was.
_OVER_TIME = re.compile(
    rf"\b(?:{_LAST}|previous(?:ly)?|used\s+to|"
    r"than\s+(?:it|they|he|she|this|that)\s+(?:was|were|used)|than\s+before|the\s+old\b|"
    r"(?:gone|go|went)\s+(?:up|down)|risen|dearer|since\s+(?:last|before))",
    re.I,
)


# A question about what it was: "How much was the dog charge last year?"
_BEFORE = re.compile(
    rf"\b(?:{_LAST}|previous(?:ly)?|used\s+to|"
    r"the\s+old\b|originally|before\s+(?:it|the\s+\w+)\s+(?:went|changed|rose|fell|was\s+changed))",
    re.I,
)


@dataclass(frozen=True)
class Change:
    before: str  # what it was, as the document writes it
    after: str  # what it is now


def over_time(question: str) -> bool:
    """Does the question compare something with what it was ("... more or less than it was
    last year?", "How does this year's council tax compare with last year's?")?"""
    return _OVER_TIME.search(question) is not None


def asks_before(question: str) -> bool:
    """Does the question ask what something was before it changed ("How much was the dog charge
    last year?")?"""
    return _BEFORE.search(question) is not None


def change_in(text: str) -> Change | None:
    """The change the sentence states, or None: "The dog charge has gone up from £25 to £35"
    -> Change("£25", "£35")."""
    text = _EMPHASIS.sub("", text)  # Markdown's bold: "to **£1,932.47** in 2026/27"
    for pattern in _SAID:
        m = pattern.search(text)
        if m:
            return Change(m.group("before").strip(), m.group("after").strip())
    return None


def row_change(row: str, header: str | None) -> Change | None:
    """The change a table row states under a header naming what was and what is ("| Escape of
    water excess | £500 | £750 |" under "| Item | 2025/26 (last year) | 2026/27 (this year) |"),
    or None."""
    if not header or "|" not in row:
        return None
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    heads = [c.strip() for c in header.strip().strip("|").split("|")]
    if len(cells) != len(heads):
        return None
    then = [i for i, h in enumerate(heads) if _THEN.search(h)]
    now = [i for i, h in enumerate(heads) if _NOW.search(h)]
    if not (len(then) == len(now) == 1):
        years = [(int(m.group(1)), i) for i, h in enumerate(heads) for m in [_YEAR.search(h)] if m]
        if len(years) != 2 or years[0][0] == years[1][0]:
            return None
        (_, then_at), (_, now_at) = sorted(years)
        then, now = [then_at], [now_at]
    before, after = cells[then[0]], cells[now[0]]
    return Change(before, after) if before and after and re.search(r"\d", before + after) else None


def amount(value: str) -> float | None:
    """The number a value states, for comparing two: "£1,250" -> 1250.0; None without one."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", value)
    return float(m.group(0).replace(",", "")) if m else None
