"""Sentences: where they start and end in a document's text.

Ingest packs whole sentences into chunks, answering ranks and quotes them, and the
citation check splits replies with the same rules, so a quote always begins and ends
where a sentence does.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from assistant.text import tables
from assistant.text.terms import STOPWORDS

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space, or at a blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n")


# A period after these, or after an initial ("James O. McKinsey", "T. T. Tsui"), or one
# followed by a lower-case word, rarely ends a sentence: splitting there cut names in
# two and quoted half an answer.
_NUMBERED = re.compile(r"\b(?:No|Nos|no|Vol|vol|pp?|Art|art|Sec|sec|Ch|ch|Fig|fig|Nr|nr)\.$")
_CIRCA = re.compile(r"(?:^|[\s(\[])c\.$")
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "vs",
    "approx",
    "e.g",
    "i.e",
    "fig",
    "gen",
    "col",
    "lt",
    "rev",
    "mt",
    "ca",
    "cf",
    "al",
    "v",
}  # "v": "Brown v. Board"
_OPENER = re.compile(r"(The|A|An|It|He|She|They|We|This|These|That|In|On|At|But|However|There)\b")
_LAST_WORD = re.compile(r"(?:^|[\s(\[\"“])([\w.]+)\.$")
# The number of a list item or a numbered heading, alone at the start of its line: "9. CONDUCT
# IN THE CLUB", "1. Preheat the oven.", "## 2. Fees". Its period ends no sentence: split there,
# the item lost its number and the lone "9." was quoted at the end of the sentence before it.
_ITEM_NUMBER = re.compile(r"(?:^|\n)[ \t]*(?:#{1,6}[ \t]+)?\d{1,3}(?:\.\d{1,3})*\.$")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if "\n" in match.group(0):
        return True
    following = text[match.end() : match.end() + 1]
    if text[match.start() - 1] == "…":
        return not following.islower()  # "The question ... is it in our interest": one sentence
    if text[match.start() - 1] != ".":
        return True
    if following.islower():
        return False
    if _item_number(text, match.start()):
        return False
    if following.isdigit() and _NUMBERED.search(text, max(0, match.start() - 6), match.start()):
        return False  # "Convention No. 81", "Vol. 3", "p. 12": a number goes on with its label
    if following.isdigit() and _CIRCA.search(text, max(0, match.start() - 3), match.start()):
        return False  # "Jacques Lefevre (c. 1455–1536)": circa goes on with its year
    word = _LAST_WORD.search(text, max(0, match.start() - 40), match.start())
    if word is None:
        return True
    token = word.group(1)
    if token.lower() in _ABBREVIATIONS:
        return False
    is_initial = len(token.rsplit(".", 1)[-1]) == 1 and token[-1].isupper()
    # "in the U.S. The company ..." still ends: a name does not go on with "The". Another
    # initial does go on ("J. A. Hobson": "A." is not the article).
    if is_initial and re.match(r"[A-Z]\.\s", text[match.end() : match.end() + 3]):
        return False
    return not is_initial or _OPENER.match(text, match.end()) is not None


def _item_number(text: str, at: int) -> bool:
    """Is the period at `at` that of a list item's number alone at the start of its line, and
    not a number going on from a wrapped line above ("... compressed O" / "2. This method": a
    subscript)?"""
    if not _ITEM_NUMBER.search(text, max(0, at - 16), at):
        return False
    line_start = text.rfind("\n", 0, at)
    if line_start <= 0:
        return True
    above = text[text.rfind("\n", 0, line_start) + 1 : line_start].rstrip()
    return len(above) < WRAPPED_LINE or bool(re.search(r"[.!?:;]['\"”’)\]*]*$", above))


def split_sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences of `text`, shifted by `base`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if not _ends_sentence(text, match):
            continue
        end = match.start()
        # keep closing quotes with their sentence
        while end < match.end() and not text[end].isspace():
            end += 1
        _add_span(text, start, end, base, spans)
        start = match.end()
    _add_span(text, start, len(text), base, spans)
    return spans


def _add_span(text: str, start: int, end: int, base: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        prev_end = spans[-1][1] - base if spans else -1
        if prev_end >= 0 and not re.search(r"\w", text[start:end]) and "\n" not in text[prev_end:start]:
            spans[-1] = (spans[-1][0], base + end)  # an ellipsis ("... ...") closes the sentence before it
        else:
            spans.append((base + start, base + end))


# A line this long that ends without punctuation was wrapped (PDF text comes out one printed
# line per line), so the sentence goes on below it; headings and list items are shorter.
WRAPPED_LINE = 60


# A Markdown table's row: a line that opens and closes with a pipe, the rule under a header aside.
_PIPE_ROW = re.compile(r"^[ \t]*(\|(?![\s:|-]*$)[^\n]*\|)[ \t]*$", re.M)


def sentence_lines(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentence spans split at line breaks too: a line without end punctuation (a heading,
    a list item, text a document smuggles in) is a sentence of its own, never glued to the
    next. A wrapped line is not a break: one that goes on in lower case or a digit, or a
    long line that ends mid-sentence. A table's row is one sentence, its lines and no more,
    however the sentence splitter cut it: a plain-text table's (`tables.rows`) or a Markdown
    row ("| E07 | Overheating | The motor is too hot. Stop and let it cool. |"), a record
    whose cells say one thing together."""
    table = sorted(
        [(row.start, row.end) for row in tables.rows(text)]
        # Most text has no pipe: the pattern is not run over it (a hot path, per passage ranked).
        + ([(m.start(1), m.end(1)) for m in _PIPE_ROW.finditer(text) if "\n" not in m.group(1)] if "|" in text else []),
    )
    starts = [start for start, _ in table]

    def row_at(at: int) -> int | None:
        k = bisect.bisect_right(starts, at) - 1
        return k if k >= 0 and at < table[k][1] else None

    out: list[tuple[int, int]] = []
    last_row: int | None = None  # the row the last piece is, across the splitter's spans
    for start, end in split_sentences(text) if spans is None else spans:
        pieces: list[tuple[int, int]] = []
        for match in re.finditer(r"[^\n]+", text[start:end]):
            piece = match.group(0)
            if not piece.strip():
                continue
            lead = len(piece) - len(piece.lstrip())
            span = (start + match.start() + lead, start + match.start() + len(piece.rstrip()))
            row = row_at(span[0]) if table else None
            if row is not None:
                if row != last_row:
                    pieces.append(table[row])
            elif pieces and last_row is None and _wrapped(text[pieces[-1][0] : pieces[-1][1]], text[span[0] : span[1]]):
                pieces[-1] = (pieces[-1][0], span[1])
            else:
                pieces.append(span)
            last_row = row
        out.extend(pieces)
    return out


# A line that starts a block of its own in Markdown or plain-text structure: a heading, a list
# item, a table row, a quoted line, a bold label ("**Venue:** ...") or a plain one ("Discharged:
# Thursday 11 June 2026"). It never continues the line above, and a heading or a table row is
# never continued by the line below.
_BLOCK_START = re.compile(
    r"\s*(?:#{1,6}\s|[-*+•]\s|\d{1,3}[.)]\s|\(?[a-z]\)\s|\((?:\d{1,3}|[ivx]{1,5})\)\s|\||>|\*\*[^*\n]{1,60}\*\*"
    r"|[A-Z][\w'’()/&-]*(?:[ \t]+[\w'’()/&-]+){0,3}:[ \t])"  # a field: "Admitted: Tuesday 9 June"
)
_BLOCK_WHOLE = re.compile(r"\s*(?:#{1,6}\s|\|)")


def _wrapped(line: str, following: str) -> bool:
    if re.search(r"[.!?:;]['\"”’)\]]*$", line):
        return False
    if tables.is_rule(line) or tables.is_rule(following):
        return False  # a table's rule and the header above it are lines of their own
    if _BLOCK_START.match(following) or _BLOCK_WHOLE.match(line):
        return False
    return following[:1].islower() or following[:1].isdigit() or len(line) >= WRAPPED_LINE


# "Key person: Ms Bethany Szabo", "**Period of cover:** 14 March 2026 to 13 March 2027",
# "- Start date: 1 April 2025": a label of a few words, a colon, and its value. Forms,
# bills, reports and contracts state their facts this way, in lines no sentence splitter
# would call sentences. Not "10:40" (no space after the colon) nor "http://..." (no word).
_FIELD = re.compile(
    r"\s*(?:[-*•]\s+)?(?:\*\*)?(?P<label>[A-Z][\w’'()/&,.\- ]{0,48}?[\w)’'])(?:\*\*)?:(?:\*\*)?[ \t]+"
    r"(?P<value>\S.*?)\s*$",
    re.S,
)
# Plain text lines its columns up instead: "Sunday               8am to 6pm" (three spaces or
# more between a label and a short value, all on one line).
_ALIGNED = re.compile(r"[ \t]*(?P<label>[A-Z][\w’'()/&,.\-]*(?: [\w’'()/&,.\-]+)*)[ \t]{3,}(?P<value>\S[^\n]*?)[ \t]*$")
_FIELD_LABEL_WORDS = 6  # "Unauthorised absences", "End of the fixed term": a label is a name, not a clause
_ALIGNED_VALUE_WORDS = 8  # a longer value is a line of a wider table, or prose spaced out


def table_cells(line: str) -> list[str] | None:
    """The cells of a Markdown table's row ("| Day | Hours |" -> ["Day", "Hours"]), [] for the
    rule under its header ("|---|:---:|"), None for a line of any other kind."""
    row = line.strip()
    if len(row) < 2 or not (row.startswith("|") and row.endswith("|")):
        return None
    cells = [cell.strip() for cell in row[1:-1].split("|")]
    return [] if all(re.fullmatch(r":?-*:?", cell) for cell in cells) else cells


@lru_cache(maxsize=8192)  # asked of every line of every passage ranked, several times
def field(line: str) -> tuple[str, str] | None:
    """The label and value of a form's field line ("Attendance:   95%" -> ("Attendance",
    "95%"), "Sunday      8am to 6pm" -> ("Sunday", "8am to 6pm")), or None for a line of any
    other kind."""
    m = _FIELD.match(line)
    if not m:
        m = _ALIGNED.fullmatch(line)
        if not m or len(m.group("value").split()) > _ALIGNED_VALUE_WORDS:
            return None
        if m.group("label").split()[0].lower() in STOPWORDS:
            return None  # "The   quick brown fox": prose spaced out, no label
    label = m.group("label")
    if "\n" in label or len(label.split()) > _FIELD_LABEL_WORDS:
        return None
    return label.strip(), m.group("value")


# A line that ends as a sentence does: its full stop, question or exclamation mark (or an
# ellipsis), then perhaps a closing quote or bracket.
ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def row_label(line: str) -> str:
    """What a table's row or a form's field is about: its first cell or its label ("Motor" of
    "| Motor | 2 years |", "Rent" of "Rent: £1,185 a month"), or "" for a line of any other kind."""
    cells = table_cells(line)
    if cells:
        return cells[0]
    named = field(line)
    return named[0] if named else ""
