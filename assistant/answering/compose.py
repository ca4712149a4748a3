"""Composing an answer from an evidence set, per plan: quoted (extractive) or generated.

Extractive answers are the evidence itself, each quote cited: a single fact is one or two
sentences, a list is one bullet per quote, a yes/no answer starts with Yes or No (decided
in yesno.py), a comparison gives each side, and for "which came
first" the years are compared by code. A generated answer is the model's reply with every
sentence checked against the quote it cites; what fails is dropped and only listed in
`--json`.
"""

from __future__ import annotations

import re

from assistant.answering.answer_types import confident_answer, is_of_type, typed_spans
from assistant.answering.check import ELLIPSIS, holds_verbatim, inert
from assistant.answering.evidence import LEADS_IN, LIST_ITEM, YEAR, dated_before, row_header
from assistant.answering.plans import is_yes_no_form
from assistant.answering.result import Answer, Citation, Claim, Evidence
from assistant.text import ENDS_SENTENCE, coverage, field, number_terms, sentence_lines, table_cells, tables, terms
from assistant.text.names import subject_names


def cite(n: int, ev: Evidence, score: float = 1.0) -> Citation:
    p = ev.passage
    return Citation(n, p.source, p.page, ev.start, ev.end, ev.text, score)


def quote(
    result: Answer, evidence: list[Evidence], lead: str = "", bullets: bool = False, labels: list[str] | None = None
) -> None:
    """The answer as the evidence quoted and cited, one quote per line item or sentence."""
    result.refused = False
    result.citations = [cite(i + 1, ev) for i, ev in enumerate(evidence)]
    result.claims = [Claim(ev.text, [i + 1], True, 1.0) for i, ev in enumerate(evidence)]
    lines = []
    unended = False
    for i, ev in enumerate(evidence):
        label = f"{labels[i]}: " if labels and labels[i] else ""
        # A shortened quote is shown only when its pieces are the quote's own words.
        said = ev.shown if ev.shown and holds_verbatim(ev.shown, ev.text) else ev.text
        shown = plain_quote(said)
        unended = unended or not ENDS_SENTENCE.search(shown)
        lines.append(f"{label}{inert(shown)} [{i + 1}]")
    # Quotes that are no sentences ("pay the rent on time;", a table row) would run into each
    # other in a paragraph: they are shown one per line.
    if (bullets or unended) and len(lines) > 1:
        # A first quote that introduces the rest ("Before you move out, you must:") heads them.
        heads = 1 if not labels and _introduces(evidence[0], evidence[1]) else 0
        # Items that each show their own number or letter ("a) the boiler is under 10 years
        # old", "2. Enter the return date.") keep them as their marks: "- a) ..." marks twice.
        items = lines[heads:]
        marked = all(LIST_ITEM.match(line) for line in items)
        body = "\n".join([*lines[:heads], *(line if marked else f"- {line}" for line in items)])
        result.answer = f"{lead}\n{body}" if lead else body
    else:
        result.answer = " ".join(([lead] if lead else []) + lines)


def _introduces(lead: Evidence, item: Evidence) -> bool:
    """Does the quote end with a colon right above the next one ("... you must:" / "- return
    all keys ...")?"""
    passage = lead.passage
    between = passage.text[lead.end - passage.start : item.start - passage.start]
    return (
        bool(LEADS_IN.search(lead.text)) and item.passage is passage and item.start >= lead.end and not between.strip()
    )


# Markdown's marks around a quote's words: a list item's bullet, a heading's hashes, bold.
_MARKUP = re.compile(r"^\s*(?:[-*+•]|#{1,6})\s+|(?<=[.!?…:])\s+[-*+•](?=\s)|\*\*|__(?=\w)|(?<=\w)__")


def plain(text: str) -> str:
    """A line of a quote as the reader reads it: without Markdown's marks ("- **Comfort** — holds ..." is
    shown "Comfort — holds ...") and a table row as its cells ("| Late payment | £25 |" is shown
    "Late payment; £25"); its words are the source's, in its order. A line with no words (a
    plain-text table's "------  ------") is shown as nothing."""
    if not re.search(r"[^\W_]", text):
        return ""
    cells = table_cells(text)
    if cells:
        text = "; ".join(cell for cell in cells if cell)
    # A plain-text table's rules, in a quote whose lines were joined ("---- Description Hours ----").
    text = " ".join(_RULE.sub(" ", text).split()) if _RULE.search(text) else text
    return _MARKUP.sub("", text)


_RULE = re.compile(r"[-=_]{4,}")


def plain_quote(text: str) -> str:
    """A quote on one line, each of its lines `plain`; a plain-text table's rows as their cells,
    each cell's lines joined ("Meloxicam 1.5 mg/ml oral suspension; 1.3 ml by syringe; ..."),
    " | " between rows."""
    parts = [part.strip("\n") for part in text.split(ELLIPSIS) if part.strip()] if ELLIPSIS in text else []
    if parts and all(tables.shown(part) for part in parts):
        # A table shortened to its header and some rows (evidence.table_excerpt).
        shown = f" | {ELLIPSIS} | ".join(plain_quote(part) for part in parts)
        shown = f"{ELLIPSIS} | {shown}" if text.lstrip().startswith(ELLIPSIS) else shown
        return f"{shown} | {ELLIPSIS}" if text.rstrip().endswith(ELLIPSIS) else shown
    rows = tables.shown(text)
    if rows:
        said = [[" ".join(plain(cell).split()) for cell in row] for row in rows]
        return " | ".join("; ".join(cell for cell in row if cell) for row in said)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and all(table_cells(line) for line in lines):
        # Rows of a Markdown table: " | " between them too ("Junior; Aged 8 to 17; £75 | Mini; ...").
        return " | ".join(" ".join(plain(line).split()) for line in lines)
    return " ".join(" ".join(plain(line) for line in text.splitlines()).split())


def holding_first(evidence: list[Evidence], short: str) -> list[Evidence]:
    """The evidence with the sentence that holds `short` best first, the rest in their order."""
    said = number_terms(short)
    best = max(range(len(evidence)), key=lambda i: (coverage(said, number_terms(evidence[i].text)), -i), default=0)
    return [evidence[best], *evidence[:best], *evidence[best + 1 :]] if evidence else evidence


def lead_with(result: Answer, short: str | None) -> None:
    """ "Lithuania [1]: “... in Lithuania ...” [1]": the short answer, then the quotes it stands on."""
    if not short:
        return
    result.short_answer = short.strip().rstrip(".")
    quotes = " ".join(f"“{inert(plain_quote(c.quote))}” [{c.n}]" for c in result.citations)
    # Cited to the quote that holds it, which is not always the first one.
    said = number_terms(result.short_answer)
    cited = max(result.citations, key=lambda c: (coverage(said, number_terms(c.quote)), -c.n), default=None)
    result.answer = f"{result.short_answer} [{cited.n if cited else 1}]: {quotes}"


# ---------------------------------------------------------------- comparisons

_ORDER_Q = re.compile(r"\b(?:first|earlier|older|before|after|later|newer|younger|last|sooner)\b", re.I)
_LATER_WORDS = {"later", "newer", "younger", "last", "after"}


def asks_order(question: str) -> bool:
    """Does the question ask which came first, or later ("Which was founded first, A or B?")?"""
    return bool(_ORDER_Q.search(question))


def years_in(text: str) -> list[int]:
    return sorted({int(y) for y in YEAR.findall(text)})


# Words that date a beginning: "Which is older?" asks about one without naming it, and
# "established" is answered by "opened" or "founded". Not "built" or "formed": their stems are
# also nouns ("buildings", "form").
_ORIGIN = frozenset(
    terms(
        "founded established born opened created started began launched appeared "
        "introduced invented discovered published completed"
    )
)


# A time said as the start or end of a span ("Since 1983", "until 1921"), not when something began.
_SPAN_OF_TIME = re.compile(r"\b(?:since|until|till|after|before|from|during|throughout)\s+(?:the\s+)?\d{3,4}s?\b", re.I)
_HAPPENED = frozenset(terms("came come happened occurred took"))
# What asks only when or whether something happened ("When did the battle take place?").
_HAPPENED_WORDS = _HAPPENED | frozenset(terms("place held"))
_LIFESPAN = re.compile(r"\((?:c\.\s*)?\d{3,4}\s*[–-]\s*(?:c\.\s*)?\d{2,4}")


def dates_what(asked: str, text: str) -> bool:
    """Does a dated sentence date what the question compares ("established", not a later
    "Since 1983, the university has ...")? A beginning answers a question about a beginning,
    and about age when the question names nothing else."""
    # "Which came first, A's visit or B's?": the sides are events, and any date of one dates it.
    event = bool(set(terms(_ORDER_Q.sub(" ", asked))) & _HAPPENED)
    wanted = compared_terms(asked)
    said = set(terms(text))
    if wanted & said:
        return True
    if _LIFESPAN.search(text) and (not wanted or "born" in wanted):
        return True  # "Shen Kuo (1031–1095)": a life's dates answer "born first?"
    if event and not wanted:
        return True
    return (not wanted or bool(wanted & _ORIGIN)) and bool(said & _ORIGIN)


def compared_terms(asked: str) -> set[str]:
    """What an order question says is dated ("founded" in "Which was founded first?"),
    without the words that ask the order ("first", "came")."""
    return set(terms(_ORDER_Q.sub(" ", asked))) - _HAPPENED


def side_year(text: str) -> int | None:
    """The year a side's quote dates it by: its earliest, or, when the quote ends with a
    sentence dated by the one before ("Later in the summer, ..."), the last year said before it."""
    spans = sentence_lines(text)
    if len(spans) > 1 and dated_before(text[spans[-1][0] : spans[-1][1]]):
        before = YEAR.findall(text[: spans[-1][0]])
        return int(before[-1]) if before else None
    found = years_in(text)
    return found[0] if found else None


def order_verdict(question: str, sides: tuple[str, ...], evidence: list[Evidence], asked: str = "") -> str | None:
    """ "A came first (1347, against 1769 for B)." when the question asks which came first
    and each side's evidence holds one year in a sentence dating what is compared (`asked`:
    the question without its sides): compared by code, never guessed."""
    match = _ORDER_Q.search(question)
    if not match or len(sides) != 2 or len(evidence) != 2:
        return None
    years = []
    for ev in evidence:
        year = side_year(ev.text)
        if year is None or not dates_what(asked, ev.text):
            return None
        years.append(year)
    if years[0] == years[1]:
        return f"Both date from {years[0]}."
    later = match.group(0).lower() in _LATER_WORDS
    pick = max(range(2), key=lambda i: years[i]) if later else min(range(2), key=lambda i: years[i])
    other = 1 - pick
    word = "later" if later else "first"
    verdict = (
        f"{sides[pick][:1].upper() + sides[pick][1:]} came {word} ({years[pick]}, against "
        f"{years[other]} for {sides[other]})."
    )
    # "Was A founded before B?" asks whether the first side named is the one the order word picks.
    return f"{'Yes' if pick == 0 else 'No'}. {verdict}" if is_yes_no_form(question) else verdict


_MORE = re.compile(r"\b(?:more|most|dearer|dearest|costlier|higher|highest|greater|bigger|larger|pricier)\b", re.I)
_LESS = re.compile(r"\b(?:less|least|cheaper|cheapest|lower|lowest|smaller|fewer)\b", re.I)
MONEY = re.compile(r"[£$€]\s?\d[\d,]*(?:\.\d+)?")


def money_value(said: str) -> float:
    """ "£1,250.50" -> 1250.5."""
    return float(re.sub(r"[^\d.]", "", said))


def asks_more(question: str) -> bool:
    """Does the question ask which is more, higher or dearer?"""
    return _MORE.search(question) is not None


def asks_less(question: str) -> bool:
    """Does the question ask which is less, lower or cheaper?"""
    return _LESS.search(question) is not None


def amount_verdict(question: str, sides: tuple[str, ...], evidence: list[Evidence]) -> str | None:
    """ "More for the roof (£9,780, against £6,350 for the bi-fold doors)." when the question
    asks which is more or less and each side's quote names that side and states one sum of
    money: compared by code, never guessed. None otherwise (two sums in a quote, a quote about
    something else, a question that asks no more or less)."""
    more, less = _MORE.search(question), _LESS.search(question)
    if bool(more) == bool(less) or len(sides) != 2 or len(evidence) != 2:
        return None
    sums = []
    for side, ev in zip(sides, evidence):
        found = MONEY.findall(ev.text)
        if len(set(found)) != 1 or coverage(set(terms(side)), set(terms(ev.text))) < 1.0:
            return None
        sums.append(found[0])
    values = [money_value(v) for v in sums]
    if values[0] == values[1]:
        return f"Both are {sums[0]}."
    pick = max(range(2), key=lambda i: values[i]) if more else min(range(2), key=lambda i: values[i])
    other = 1 - pick
    verdict = (
        f"{'More' if more else 'Less'} for {sides[pick]} ({sums[pick]}, against {sums[other]} for {sides[other]})."
    )
    return f"{'Yes' if pick == 0 else 'No'}. {verdict}" if is_yes_no_form(question) else verdict


# ---------------------------------------------------------------- short answers


def short_answer(question: str, answer_type: str | None, evidence: list[Evidence]) -> str | None:
    """The one span of the asked type in the best quote, if the rules can stand behind it: the
    value of a field the question names, else the one time or number of the quote."""
    if not evidence:
        return None
    text = evidence[0].text
    if not answer_type:
        return field_value(question, None, text)
    if answer_type == "time" and set(terms(question)) & _ORIGIN and not set(terms(text)) & _ORIGIN:
        # "When was it founded?" is not dated by "Since 1983, the university has ...", a span
        # of time after it began; "a 1998 novel" dates the novel.
        if _SPAN_OF_TIME.search(text):
            return None
    # A table row says what its header names: "| Eco 40-60 | 40 °C | 8 kg | 3 h 35 min |"
    # under "| Programme | Temperature | Max load | Duration |".
    if not says_what_is_asked(question, text) and not says_what_is_asked(question, row_header(evidence[0]) or ""):
        return None
    if _TWO_ASKED.match(_BETWEEN.sub(" ", question)) and any(
        typed_spans(e.text, answer_type, question) for e in evidence[1:2]
    ):
        return None  # "How much are the deposit and the registration fee?": one sum would answer half
    return field_value(question, answer_type, text) or confident_answer(text, answer_type, question)


# A "how much" or "how many" question asking of two things at once; "between 1350 and 1490"
# bounds one.
_BETWEEN = re.compile(r"\bbetween\s+\S+(?:\s+\S+)?\s+and\s+\S+", re.I)
_TWO_ASKED = re.compile(r"^\s*how\s+(?:much|many)\s+(?:[\w-]+\s+)?(?:is|are|was|were|do|does|did)\b.*\band\b", re.I)


FIELD_VALUE_WORDS = 8  # a longer value is a statement of its own, quoted rather than cut short


def field_value(question: str, answer_type: str | None, text: str) -> str | None:
    """The value of a field line, or of a table row of two cells, whose label says what the
    question asks: "Ms Bethany Szabo" of "Key person: Ms Bethany Szabo" for "Who is Freddie's
    key person?", "£531.50" of "| **Monthly fee** | **£531.50** |" for "What is the monthly
    fee?"; of the asked type."""
    cells = [c.strip("* ") for c in table_cells(text) or [] if c.strip("* ")]
    found = field(text) or (tuple(cells) if len(cells) == 2 else None)
    if not found:
        return None
    label, value = found
    # Every word of the label is the question's: "MOT test number" does not say what "How much
    # was the MOT test?" asks, though it names the test.
    named = set(terms(label))
    if not named or not named <= set(terms(question)) or len(value.split()) > FIELD_VALUE_WORDS:
        return None
    if re.search(r"\S[ \t]{3,}\S", value):
        return None  # a table's row of three cells or more ("£164.96       £1,101.12"): no one value
    return value.strip("* ") if is_of_type(value, answer_type, question) else None


def says_what_is_asked(question: str, text: str) -> bool:
    """Does the quote say something the question asks beyond naming its subject (the first
    name it mentions that is no day or month)? "When was Martin Luther born?" is not answered
    by the one time in "In November, Luther wrote ...": "November" would be shown as his
    birth. Another name counts ("How many Grammys has Lady Gaga won?" / "Six-time Grammy
    winner ... Lady Gaga"), a beginning is said by any word of one ("founded" by
    "established"), and a question asking only when something happened needs nothing more."""
    names = subject_names(question)
    asked = set(terms(question)) - set(terms(names[0] if names else "")) - _HAPPENED_WORDS
    said = set(terms(text))
    if asked & _ORIGIN and (said & _ORIGIN or _YEAR_OF_THING.search(text)):
        return True  # "a 1998 novel" dates the novel's publication
    return not asked or bool(asked & said)


_YEAR_OF_THING = re.compile(r"\b(?:a|an|the|his|her|its|their)\s+\d{3,4}\s+[a-z]")


# ---------------------------------------------------------------- small helpers


def first_time(key: str, seen: set[str]) -> bool:
    """Is this the first time `key` is seen (then remember it)?"""
    if key in seen:
        return False
    seen.add(key)
    return True


def join_or(items: list[str]) -> str:
    """ "A", "A or B", "A, B or C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
