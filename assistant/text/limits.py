"""Limits: the amounts a question asks about ("for a couple of hours", "a 25 kg case", "three
weeks") and the limits a document sets on amounts of the same kind ("for more than 3 hours",
"up to 23 kg", "a maximum of 6 guests", "at least 48 hours' notice").

"Is it OK to leave our dog for a couple of hours?" over "Please do not leave a dog alone for more
than 3 hours": the negation forbids more than the limit, not the two hours asked. An amount
within every limit of its kind is allowed, one beyond any of them is not (`within_limits`); the
yes/no rules answer a question about what may be done by it (answering/yesno.py).

Amounts of one kind are compared in one unit: hours as minutes, weeks as days, a person as a
guest. Any other noun counts only itself ("3 bags" against "up to 2 bags"). Times of day ("until
1am" against "finish by 11:45pm", "at 11pm" against "open from 8.00 am to 10.00 pm") and days of
the year ("the start of November 2027" against "by 14 November 2027 at the latest") are compared
too.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assistant.text.terms import NUMBER_WORD_VALUES, STOPWORDS, number_value

# Unit words -> (the kind of amount, how many of its base unit one is).
_UNITS: dict[str, tuple[str, float]] = {
    **{w: ("time", 1.0) for w in ("minute", "minutes", "min", "mins")},
    **{w: ("time", 60.0) for w in ("hour", "hours", "hr", "hrs")},
    **{w: ("days", 1.0) for w in ("day", "days")},
    **{w: ("days", 7.0) for w in ("week", "weeks")},
    **{w: ("days", 14.0) for w in ("fortnight", "fortnights")},
    **{w: ("days", 30.0) for w in ("month", "months")},  # "a month beforehand" is over "four weeks"
    **{w: ("days", 365.0) for w in ("year", "years")},
    **{w: ("nights", 1.0) for w in ("night", "nights")},
    **{
        w: ("weight", 1.0) for w in ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes")
    },
    **{w: ("miles", 1.0) for w in ("mile", "miles")},
    **{w: ("km", 1.0) for w in ("km", "kilometre", "kilometres", "kilometer", "kilometers")},
    **{
        w: ("people", 1.0)
        for w in (
            "person people persons guest guests adult adults child children kid kids visitor visitors "
            "passenger passengers friend friends"
        ).split()
    },
}
_MONEY = "£"

# A number as a question or a document says it: digits, a number word, "a"/"an" (one), "a couple
# of" (two), "half an" / "half a" (a half).
_NUMBER = (
    r"(?P<n>\d[\d,]*(?:\.\d+)?|a\s+couple\s+of|half\s+an?|an?|"
    + "|".join(sorted(NUMBER_WORD_VALUES, key=len, reverse=True))
    + r")"
)
# An amount: a number and the noun it counts ("3 hours", "25 kg", "six guests", "two extra
# bags"), or a sum of money ("£50").
_AMOUNT = re.compile(
    rf"(?:£\s?(?P<money>\d[\d,]*(?:\.\d{{2}})?)|\b{_NUMBER}(?:\s*-\s*|\s+)"
    r"(?:(?:more|extra|other|further|working|calendar|full|clear|business|consecutive)\s+)?"
    r"(?P<unit>[a-z]+)\b(?!-old|\s+old\b))",
    re.I,
)

# The words after a number, up to three: what it counts ends on one of them.
_COUNTED = re.compile(r"[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,2}")

# Words before an amount that make it the most allowed, or the least.
_MOST_BEFORE = re.compile(
    r"\b(?:up\s+to|no\s+more\s+than|not\s+more\s+than|no\s+longer\s+than|not\s+longer\s+than|at\s+most|"
    r"(?:a\s+|the\s+)?maximum\s+(?:of\s+)?|max\.?|within|(?:must|may|can)\s*(?:not|n['’]t)\s+exceed|"
    r"not\s+(?:to\s+)?exceed(?:ing)?|sleeps|you\s+have|(?:must|should|needs?\s+to)\s+(?:be|weigh)\s+"
    r"(?:under|less\s+than|no\s+more\s+than))\s*$",
    re.I,
)
_LEAST_BEFORE = re.compile(
    r"\b(?:at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|not\s+fewer\s+than|"
    r"(?:a\s+|the\s+)?minimum\s+(?:of\s+)?|min\.?)\s*$",
    re.I,
)
_MOST_AFTER = re.compile(r"^\W{0,3}(?:maximum|max\b|or\s+less|or\s+fewer|at\s+most|at\s+the\s+most)", re.I)
_LEAST_AFTER = re.compile(r"^\W{0,3}(?:minimum|min\b|or\s+more|or\s+longer|at\s+least|at\s+the\s+least)", re.I)
# "more than 3 hours" after a prohibition in the same clause: more than that is forbidden.
_MORE_THAN = re.compile(r"\b(?:more|longer)\s+than\s*$", re.I)
_FORBIDS = re.compile(
    r"\b(?:do\s+not|don['’]t|must\s+not|mustn['’]t|may\s+not|cannot|can['’]t|never|not\s+(?:allowed|permitted))\b",
    re.I,
)
_CLAUSE = re.compile(r"[.;:!?]")
# "You may cancel ... if you move more than 15 miles from the club": a threshold a permission
# is granted beyond (or below: "... if you are less than 10 minutes late").
_LESS_THAN = re.compile(r"\b(?:less|fewer)\s+than\s*$", re.I)
_CONDITION = re.compile(r"\b(?:if|provided|providing|as\s+long\s+as|so\s+long\s+as)\b", re.I)
_GRANTS = re.compile(
    r"\b(?:you\s+(?:may|can)|you\s+are\s+(?:allowed|entitled|welcome)|we\s+will\s+(?:refund|pay|cover|accept)|"
    r"(?:is|are)\s+(?:free|allowed|permitted|covered|refunded)\b|free\s+of\s+charge)",
    re.I,
)

# A time of day: "4pm", "10.30 pm", "11:45pm", "16:00", "noon", "midnight"; not a sum ("£10.30").
_CLOCK = re.compile(
    r"(?<![£$€\d.,])\b(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>[ap])\.?m\b\.?"
    r"|(?P<h24>\d{1,2})[:.](?P<m24>\d{2})\b(?![.,]\d)|(?P<word>noon|midday|midnight))",
    re.I,
)
_NIGHT_ENDS = 5 * 60  # a time before 5 am is late at night: "until 1am" is after "by 11.45pm"
_CLOCK_MOST = re.compile(
    r"\b(?:by|before|until|till|no\s+later\s+than|not\s+later\s+than|not\s+after|latest|"
    r"(?:ends?|finish(?:es)?|closes?|stops?)\s+(?:at|by))\s*$",
    re.I,
)
_CLOCK_LEAST = re.compile(
    r"\b(?:from|after|not\s+before|no\s+earlier\s+than|earliest|(?:opens?|starts?)\s+at)\s*$", re.I
)
_CLOCK_RANGE = re.compile(r"^\s*(?:to|until|till|-|–|and)\s*$", re.I)
_BETWEEN = re.compile(r"\bbetween\s*$", re.I)
CLOCK = "clock"

# A day of the year: "14 November 2027", "12th September", "1 March"; in a question, a month
# alone too ("in July", "the start of November 2027"), which stands for its days.
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for name in names.split()
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DAY_OF_YEAR = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\b\.?(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?", re.I
)
_MONTH_ALONE = re.compile(
    rf"\b(?:(?P<part>start|beginning|middle|end)\s+of\s+|(?P<mid>mid)-?\s*|(?P<early>early|late)\s+)?"
    rf"(?P<m>{_MONTH})\b(?:\s+(?P<y>(?:19|20)\d\d)\b)?",
    re.I,
)
DATE = "date"
_DATE_MOST = re.compile(
    rf"\b(?:by|before|no\s+later\s+than|not\s+later\s+than|until|till|up\s+to|on\s+or\s+before)\s+(?:the\s+)?{_WEEKDAY}$",
    re.I,
)
_DATE_MOST_AFTER = re.compile(r"^\W{0,3}(?:at\s+the\s+latest|or\s+(?:earlier|before))\b", re.I)
_DATE_LEAST = re.compile(
    rf"\b(?:from|after|on\s+or\s+after|not\s+before|no\s+earlier\s+than|starting)\s+(?:the\s+)?{_WEEKDAY}$", re.I
)
_DATE_LEAST_AFTER = re.compile(r"^\W{0,3}(?:at\s+the\s+earliest|or\s+later|onwards)\b", re.I)


@dataclass(frozen=True)
class Amount:
    value: float  # in the kind's base unit
    kind: str  # "time", "days", "weight", "people", "£", or the noun counted ("bag")
    start: int
    end: int
    ahead: bool = False  # how long before ("a month beforehand", "48 hours' notice"), not how long


# An amount of time ahead of something: "four weeks in advance", "a month beforehand", "48
# hours' notice", "notice of 3 days". It is compared only with another such amount: "If I ask
# HR a month beforehand, can I work from abroad for a week?" asks about both.
_AHEAD_AFTER = re.compile(
    r"^['’]?s?['’]?\s+(?:\w+\s+)?(?:(?:in\s+)?advance|beforehand|before|ahead|notice|earlier)\b", re.I
)
_AHEAD_BEFORE = re.compile(r"\bnotice\s+(?:of\s+)?(?:at\s+least\s+|up\s+to\s+)?$", re.I)


@dataclass(frozen=True)
class Limit:
    amount: Amount
    most: bool  # the most allowed (else the least)
    window: int = -1  # the two ends of a window of time ("from 8.00 am to 10.00 pm") share a number


def _noun(word: str) -> str:
    w = word.lower()
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _value(said: str) -> float | None:
    s = " ".join(said.lower().split())
    if s in ("a", "an"):
        return 1.0
    if s.startswith("a couple"):
        return 2.0
    if s.startswith("half"):
        return 0.5
    return number_value(s)


def amounts(text: str) -> list[Amount]:
    """The amounts the text states, in order: "leave the dog for a couple of hours" -> 120
    minutes of "time"; "£50" -> 50 of "£"; "3 bags" -> 3 of "bag". A year ("in 2026") or a
    bare number is none."""
    found = []
    for m in _AMOUNT.finditer(text):
        if m.group("money"):
            found.append(Amount(float(m.group("money").replace(",", "")), _MONEY, m.start(), m.end()))
            continue
        ahead = bool(_AHEAD_AFTER.match(text[m.end() : m.end() + 30]) or _AHEAD_BEFORE.search(text[: m.start()]))
        value, unit = _value(m.group("n")), m.group("unit").lower()
        if value is None or (m.group("n").lower() in ("a", "an") and unit not in _UNITS):
            continue  # "a dog" is no amount
        if unit in _UNITS:
            kind, factor = _UNITS[unit]
            found.append(Amount(value * factor, kind, m.start(), m.end(), ahead))
        elif len(unit) > 2 and not (m.group("n").isdigit() and 1000 <= value <= 2100):
            # "3 bags", "up to 2 well-behaved dogs": the noun the words after the number end on
            # before a little word; not "in 2026 we".
            counted = _COUNTED.match(text, m.start("unit"))
            words = [w for w in (counted.group(0).split() if counted else [unit])]
            kept = list(itertools.takewhile(lambda w: w.lower() not in STOPWORDS, words)) or words[:1]
            found.append(Amount(value, _noun(kept[-1]), m.start(), m.end()))
    return found


def times_of_day(text: str) -> list[Amount]:
    """The times of day the text states, as minutes after midnight ("4pm" -> 960), a time
    before 5 am counted as that night's ("1am" -> 1500, "midnight" -> 1440)."""
    found = []
    for m in _CLOCK.finditer(text):
        if m.group("word"):
            minutes = 720 if m.group("word").lower() in ("noon", "midday") else 0
        else:
            hour = int(m.group("h") or m.group("h24"))
            minute = int(m.group("m") or m.group("m24") or 0)
            if m.group("ap"):
                if not 1 <= hour <= 12:
                    continue
                hour = hour % 12 + (12 if m.group("ap").lower() == "p" else 0)
            if hour > 23 or minute > 59:
                continue
            minutes = hour * 60 + minute
        found.append(Amount(minutes + (24 * 60 if minutes < _NIGHT_ENDS else 0), CLOCK, m.start(), m.end()))
    return found


@dataclass(frozen=True)
class Day:
    """A day of the year, or the days of a month ("in July"): first and last as (month, day)."""

    first: tuple[int, int]
    last: tuple[int, int]
    year: int | None
    start: int
    end: int


def days_of_year(text: str, months_alone: bool = False) -> list[Day]:
    """The days of the year the text states ("14 November 2027"), and with `months_alone` the
    months it names alone ("in July": 1 to 31 July; "the start of November": 1 November)."""
    found = []
    for m in _DAY_OF_YEAR.finditer(text):
        day = (_MONTHS[m.group("m").lower()], int(m.group("d")))
        if 1 <= day[1] <= 31:
            found.append(Day(day, day, int(m.group("y")) if m.group("y") else None, m.start(), m.end()))
    if months_alone:
        taken = [(d.start, d.end) for d in found]
        for m in _MONTH_ALONE.finditer(text):
            if any(s <= m.start("m") < e for s, e in taken) or m.group("m").lower() == "may":
                continue  # a day's month; "may" is a verb as often
            month = _MONTHS[m.group("m").lower()]
            part = (m.group("part") or m.group("early") or ("middle" if m.group("mid") else "")).lower()
            first, last = {
                "start": (1, 7),
                "beginning": (1, 7),
                "early": (1, 10),
                "middle": (11, 20),
                "late": (21, 31),
                "end": (24, 31),
            }.get(part, (1, 31))
            found.append(
                Day((month, first), (month, last), int(m.group("y")) if m.group("y") else None, m.start(), m.end())
            )
    return found


def _date_limits(text: str) -> list[tuple[Day, bool]]:
    """The days the text sets as the latest ("by 14 November 2027 at the latest", "before 12
    September 2027") or the earliest ("from 1 March"), each with True for the latest."""
    found = []
    for day in days_of_year(text):
        before, after = text[max(0, day.start - 30) : day.start], text[day.end : day.end + 20]
        if _DATE_MOST.search(before) or _DATE_MOST_AFTER.match(after):
            found.append((day, True))
        elif _DATE_LEAST.search(before) or _DATE_LEAST_AFTER.match(after):
            found.append((day, False))
    return found


def _day_within(asked: Day, limit: Day, latest: bool) -> bool | None:
    """Are all the asked days within the limit (True), all beyond it (False), or some of each?"""
    year = asked.year or limit.year or 0
    limit_year = limit.year or year

    def key(month_day: tuple[int, int], y: int) -> tuple[int, int, int]:
        return (y, *month_day)

    first, last, bound = key(asked.first, year), key(asked.last, year), key(limit.first, limit_year)
    if latest:
        return True if last <= bound else False if first > bound else None
    return True if first >= bound else False if last < bound else None


def _clock_limits(text: str) -> list[Limit]:
    """The times of day the text sets as the latest ("by 11.45pm", "check-out by 10 am") or the
    earliest ("from 4.00 pm"); a window ("open from 8.00 am to 10.00 pm", "8am-6pm") sets both,
    unless it runs past midnight ("keep noise down between 10.30 pm and 8.00 am": when not to)."""
    times = times_of_day(text)
    found: list[Limit] = []
    ends: set[int] = set()  # the times that end a window
    for i, t in enumerate(times):
        if i in ends:
            continue
        before = text[max(0, t.start - 30) : t.start]
        nxt = times[i + 1] if i + 1 < len(times) else None
        joint = text[t.end : nxt.start] if nxt else ""
        if nxt and (_CLOCK_RANGE.match(joint) and (_BETWEEN.search(before) or not joint.strip().lower() == "and")):
            ends.add(i + 1)
            if t.value < nxt.value:
                found += [Limit(t, most=False, window=i), Limit(nxt, most=True, window=i)]
        elif _CLOCK_MOST.search(before):
            found.append(Limit(t, most=True))
        elif _CLOCK_LEAST.search(before):
            found.append(Limit(t, most=False))
    return found


def limits(text: str) -> list[Limit]:
    """The limits the text sets: "up to 23 kg" (the most), "at least 48 hours' notice" (the
    least), "do not leave a dog alone for more than 3 hours" (the most: more is forbidden), "you
    may cancel ... if you move more than 15 miles away" (the least: granted beyond it)."""
    found = []
    for amount in amounts(text):
        before = text[max(0, amount.start - 40) : amount.start]
        after = text[amount.end : amount.end + 20]
        clause = _CLAUSE.split(text[: amount.start])[-1]
        if _MOST_BEFORE.search(before) or _MOST_AFTER.search(after):
            found.append(Limit(amount, most=True))
        elif _LEAST_BEFORE.search(before) or _LEAST_AFTER.search(after):
            found.append(Limit(amount, most=False))
        elif _MORE_THAN.search(before) and _FORBIDS.search(clause):
            found.append(Limit(amount, most=True))
        elif _CONDITION.search(clause) and _GRANTS.search(text) and not _FORBIDS.search(clause):
            if _MORE_THAN.search(before):
                found.append(Limit(amount, most=False))  # granted beyond it
            elif _LESS_THAN.search(before):
                found.append(Limit(amount, most=True))
    return found + _clock_limits(text)


def within_limits(question: str, text: str) -> bool | None:
    """Is every amount the question asks about within the text's limits of its kind (True),
    beyond one of them (False), or does the text set none of its kind (None)?"""
    asked = amounts(question) + times_of_day(question)
    bounds = limits(text)
    verdicts: list[bool] = []
    # Two amounts of one kind asked ("I've been a member for 3 years. Can I freeze it for 2
    # months?") against its limit ("up to 3 months"): which of them the limit is on is not read,
    # so where they disagree, the kind decides nothing.
    for kind in {(a.kind, a.ahead) for a in asked if a.kind != CLOCK}:
        judged = {
            all(_within(a, b) for b in bounds if (b.amount.kind, b.amount.ahead) == kind)
            for a in asked
            if (a.kind, a.ahead) == kind and any((b.amount.kind, b.amount.ahead) == kind for b in bounds)
        }
        if len(judged) == 1:
            verdicts += judged
    # Times of day: a window holds the time or not; limits apart that disagree ("Check-in is from
    # 3pm and check-out by 11am" for "Can we check in at 4pm?") decide nothing, since which of
    # them the question asks about is not read.
    for a in [a for a in asked if a.kind == CLOCK]:
        windows: dict[int, list[bool]] = {}
        for b in bounds:
            if b.amount.kind == CLOCK:
                windows.setdefault(b.window if b.window >= 0 else id(b), []).append(_within(a, b))
        said = {all(held) for held in windows.values()}
        if len(said) == 1:
            verdicts += said
    for day in days_of_year(question, months_alone=True):
        for limit, latest in _date_limits(text):
            in_time = _day_within(day, limit, latest)
            if in_time is not None:
                verdicts.append(in_time)
    if not verdicts:
        return None
    return all(verdicts)


def _within(asked: Amount, limit: Limit) -> bool:
    return asked.value <= limit.amount.value if limit.most else asked.value >= limit.amount.value
