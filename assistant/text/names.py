"""Names in text: the capitalised runs and years a question presupposes or a passage mentions.

Used by answering to find what a question names (a false premise names something no document
holds) and by the two-hop search to find the bridge a passage names that the question does not.
"""

from __future__ import annotations

import re

# A year ("1947"), not a sum or part of a larger number ("£162,000", "£500", "2.750").
_YEAR = r"(?<![\d,.£$€])\b\d{3,4}\b(?![,.]\d)"
NAME_RUN = re.compile(rf"(?:\b[A-Z][\w\-’']*\b|{_YEAR})(?:\s+(?:of\s+|de\s+|the\s+)?(?:[A-Z][\w\-’']*\b|{_YEAR}))*")
NOT_A_NAME = (
    set(
        """
who whom whose what which where when why how am is are was were do does did has have had can could will
would should shall must may might i the a an in on at of and or but if please tell give list name compare
summarize summarise describe explain and so also ok yes no besides apart aside although though after
before during since according unlike like despite following while beyond within without among
once until unless whenever whether because
many much more most other others some
he she it they we you his her its their our your this these those there my me us mine ours yours
i'm i've i'll i'd i’m i’ve i’ll i’d
isn't aren't wasn't weren't don't doesn't didn't won't wouldn't can't couldn't shouldn't hasn't haven't hadn't
isn’t aren’t wasn’t weren’t don’t doesn’t didn’t won’t wouldn’t can’t couldn’t shouldn’t hasn’t haven’t hadn’t
""".split()
    )
    | {
        # A pronoun's contractions ("We're off to Thailand ...", "They've said ...") and the words
        # that point ("That £162,000 they reckon ...", "Here's ..."): at a sentence's start they are
        # capitalised, yet they name nothing.
        f"{pronoun}{apostrophe}{ending}"
        for pronoun in ("i", "we", "you", "they", "he", "she", "it", "that", "there", "who", "what", "let")
        for apostrophe in "'’"
        for ending in ("re", "ve", "ll", "d", "m", "s")
    }
    | {"that", "here"}
)
# A question may open with a preposition ("Inside which church ...?", "Beneath what ...") or a
# verb asking for something ("Sum up ...", "Walk me through ..."): at the start it is
# capitalised, but it names nothing, even when no document holds the word; nor does it
# elsewhere ("What did King write about ...?" presumes no "write").
OPENING_WORDS = NOT_A_NAME | set(
    """
inside outside into onto from for to by with within without under over above below beneath beside
besides behind between among amid across along around through throughout toward towards upon near
against beyond per via versus
sum recap outline walk run take talk fill clue brief bring get catch provide write make show find help
let look check remind just quickly
""".split()
)


# An adverb opening a question right before its question word qualifies the question
# ("Roughly how many ...", "Exactly when ..."); it names nothing. A name may come first in a
# terse question ("Harvard when founded?"), so only an -ly word, alone, counts.
_ASKING = re.compile(r"\s+(?:how|what|which|when|where|who|whom|whose|why)\b", re.I)


def mentioned_names(question: str) -> list[str]:
    """The names, years and capitalised terms a question presupposes ("the Berlin summit")."""
    found: list[str] = []
    for match in NAME_RUN.finditer(re.sub(r"[’']s\b", " ,", question)):
        run = match.group(0)
        if match.start() == 0 or question[: match.start()].rstrip().endswith(("?", ".", "!", ":", '"', "“")):
            # "Once I'm back home, ...": every opening word goes, then the pronoun after it.
            while run:
                first, _, rest = run.partition(" ")
                if not (
                    first.lower() in OPENING_WORDS
                    or (not rest and run.endswith("ly") and _ASKING.match(question, match.end()))
                ):
                    break
                run = rest.removeprefix("the ").removeprefix("The ")
        run = re.sub(r"[’']s$", "", run).strip()
        if run and run.lower() not in NOT_A_NAME:
            found.append(run)
    return found


MONTHS_AND_DAYS = set(
    """
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split()
)


def subject_names(question: str) -> list[str]:
    """The names a question asks about, the first its subject: not a day or month ("Will the
    builders be working on Sundays?" asks about the builders, whose word no name holds)."""
    return [n for n in mentioned_names(question) if not {w.lower().rstrip("s") for w in n.split()} <= CALENDAR]


CALENDAR = frozenset(w.rstrip("s") for w in MONTHS_AND_DAYS)  # "Sundays" is a day too

# A name with its number: "Apollo 13", "Super Bowl 50" (not a share, a date or a year).
_NUMBERED = re.compile(r"\b(?:[A-Z][\w’'-]*\s+)*[A-Z][a-z][\w’'-]*\s+\d{1,3}\b(?![.,:/%-]?\d|\s*(?:%|percent\b))")
# An acronym: all capitals, not a Roman numeral ("World War II").
_ACRONYM = re.compile(r"\b(?![IVXLCDM]+\b)[A-Z]{2,6}\b")


def numbered_names(question: str) -> list[str]:
    """The names the question gives with a number ("Apollo 13"): "Apollo" and "13" may each be
    in the documents while the mission is not."""
    found = []
    for match in _NUMBERED.finditer(question):
        said = match.group(0).split()
        while len(said) > 2 and said[0].lower() in OPENING_WORDS:
            said = said[1:]  # "Which Apollo 13 ..." names "Apollo 13"
        if said[-2].lower() not in MONTHS_AND_DAYS and said[0].lower() not in OPENING_WORDS:
            found.append(" ".join(said))
    return found


def acronyms(question: str) -> list[str]:
    """All-capital words of the question ("OPEC", "AAA"); not an everyday word written so ("OK")."""
    return [a for a in dict.fromkeys(_ACRONYM.findall(question)) if a.lower() not in NOT_A_NAME]


def spelled_out(acronym: str) -> re.Pattern[str]:
    """Capitalised words whose initials spell the acronym, small words between them allowed:
    "Organization of the Petroleum Exporting Countries" for OPEC, "American Automobile
    Association" for AAA."""
    gap = r"(?:\s+(?:of|the|and|for|on|in|de|du|des|la|le|&))*\s+"
    return re.compile(r"\b" + gap.join(rf"{c}[\w’'-]*" for c in acronym) + r"\b")


# A code a manual or a form writes: a fault code ("E07", "F22"), a model ("AV-12"), a form
# ("P60"). Capital letters, then digits; not a year, a time ("10am") or an ordinal ("1st").
_CODE = re.compile(r"\b[A-Z]{1,3}-?\d{1,4}[A-Z]?\b")


def codes(text: str) -> list[str]:
    """The codes the text writes, as written, once each: "E07" of "the screen started flashing E07"."""
    return list(dict.fromkeys(_CODE.findall(text)))
