"""Names in text: the capitalised runs and years a question presupposes or a passage mentions.

Used by answering to find what a question names (a false premise names something no document
holds) and by the two-hop search to find the bridge a passage names that the question does not.
"""

from __future__ import annotations

import re

NAME_RUN = re.compile(r"(?:\b[A-Z][\w\-’']*\b|\b\d{3,4}\b)(?:\s+(?:of\s+|de\s+|the\s+)?(?:[A-Z][\w\-’']*|\d{3,4})\b)*")
NOT_A_NAME = set(
    """
who whom whose what which where when why how is are was were do does did has have had can could will
would should shall must may might i the a an in on at of and or but if please tell give list name compare
summarize summarise describe explain and so also ok yes no besides apart aside although though after
before during since according unlike like despite following while beyond within without among
many much more most other others some
""".split()
)
# A question may open with a preposition ("Inside which church ...?", "Beneath what ..."): at
# the start it is capitalised, but it names nothing, even when no document holds the word.
OPENING_WORDS = NOT_A_NAME | set(
    """
inside outside into onto from for to by with within without under over above below beneath beside
besides behind between among amid across along around through throughout toward towards upon near
against beyond per via versus
""".split()
)


def mentioned_names(question: str) -> list[str]:
    """The names, years and capitalised terms a question presupposes ("the Berlin summit")."""
    found: list[str] = []
    for match in NAME_RUN.finditer(re.sub(r"[’']s\b", " ,", question)):
        run = match.group(0)
        if match.start() == 0 or question[: match.start()].rstrip().endswith(("?", ".", "!", ":", '"', "“")):
            first, _, rest = run.partition(" ")
            if first.lower() in OPENING_WORDS:
                run = rest.removeprefix("the ").removeprefix("The ")
        run = re.sub(r"[’']s$", "", run).strip()
        if run and run.lower() not in NOT_A_NAME:
            found.append(run)
    return found
