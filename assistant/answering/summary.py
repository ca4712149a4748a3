"""Extractive summaries: the sentences of a document (or of every passage about a topic)
that best stand for the whole, within a word budget, in reading order.

Centrality is a sentence's TF-IDF cosine with the text's centroid (what the text keeps
talking about), plus a little weight for coming early (reports and articles lead with
their point). Each further pick is penalised by its overlap with the picks before it
(maximal marginal relevance), so the summary covers several points, not one point
several times.

A whole document is summarised section by section: its paragraphs (or, without blank
lines, runs of sentences) take turns, the most central first, each giving its best
sentence that fits, so the summary of an article that covers five things says something
of each of them rather than five things about the one it dwells on. To fit one more point,
a sentence may be shown without its asides (a parenthesis, an example, a closing "who ..."
clause), each cut marked "…", the rest verbatim; its citation quotes it whole. No model is involved:
the summary of a 20-page PDF takes well under a second, and every sentence is a quote.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

from assistant.answering.evidence import LEADS_IN, PRONOUN_SUBJECT, is_heading
from assistant.answering.result import Evidence
from assistant.answering.tuning import (
    ASIDE_MIN_WORDS,
    DUPLICATE_OVERLAP,
    HEAD_MIN_WORDS,
    LEAD_MAX_WORDS,
    LEAD_WEIGHT,
    LONG_SENTENCE_COST,
    LONG_SENTENCE_WORDS,
    PRONOUN_COST,
    REDUNDANCY,
    SECTION_HEADINGS,
    SECTION_LEAD,
    SECTION_POINT_WORDS,
    SECTION_RUN,
    SECTION_SHARE,
    SECTION_WEIGHT,
    SUMMARY_MIN_WORDS,
    VALUE_WEIGHT,
)
from assistant.retrieval import Passage
from assistant.text import ENDS_SENTENCE, field, sentence_lines, table_cells, terms

LENGTH_WORDS = {"short": 60, "medium": 120, "long": 250}  # --length budgets
# A whole document's summary opens with its first sentence, unless it is longer than
# LEAD_MAX_WORDS: articles and reports lead with their point (the "lead" baseline is hard to
# beat on news summarisation).


def sentences_of(passages: list[Passage]) -> list[Evidence]:
    """Every sentence of the passages once, in document order. Chunks of different pages
    are not merged into one passage, so the sentence they share is kept from the first."""
    out: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    for passage in sorted(passages, key=lambda p: (p.source, p.start)):
        for s, e in sentence_lines(passage.text):
            key = (passage.source, passage.start + s)
            if key not in seen:
                seen.add(key)
                out.append(Evidence(passage, passage.start + s, passage.start + e, passage.text[s:e], 0.0, 0.0))
    return out


def _material(text: str) -> bool:
    """A sentence a summary may quote: not a byline or caption (too short), not a heading
    (it names a topic but states nothing: "France's plea to Europe to maintain distance"), not
    the line that introduces a list ("At the end of the tenancy the deposit may be used for:"),
    not a letterhead or an address ("Owner: Mrs D. Okonkwo-Marsh, 51 Wrenfield Close, Pelsworth
    PW3 8AX"): who and where a letter is from is no point of what it says."""
    if _key_value(text):
        return True
    return (
        len(text.split()) >= SUMMARY_MIN_WORDS
        and not is_heading(text, fields=False)
        and not LEADS_IN.search(text)
        and not _contact(text)
        and not _courtesy(text)
    )


# What a letter says to be polite, not what it is about: "Thank you for booking Curlew Cottage.",
# "It has been a pleasure to teach Isla this year.", "Please keep this certificate with your house
# documents.", "We look forward to welcoming you." Not "Thank you for reporting the damp patch in
# the back bedroom": what is reported is a point of the letter.
_COURTESY = re.compile(
    r"^\W*(?:thank\s+you(?:\s+(?:so|very)\s+much)?\s+for\s+(?:(?:your|the)\s+)?(?:booking|choosing|staying|"
    r"order(?:ing)?|letter|e-?mail|enquiry|custom|support|help|reading|being|your\s+(?:booking|order|letter))|"
    r"it\s+(?:has\s+been|was|is)\s+a\s+(?:real\s+)?(?:pleasure|joy|privilege)|well\s+done\b|congratulations\b|"
    r"please\s+(?:read|keep|retain|file)\s+(?:this|these|it)\b|we\s+look\s+forward\b|"
    r"we\s+(?:hope|trust)\s+(?:you|that\s+you)\b|(?:yours\s+(?:sincerely|faithfully)|kind\s+regards|best\s+wishes)\b)",
    re.I,
)


def _courtesy(text: str) -> bool:
    """Is the sentence one a letter says to be polite (`_COURTESY`), with no sum, length of
    time or date in it?"""
    return bool(_COURTESY.search(text)) and not _VALUE.search(text)


def _key_value(text: str) -> bool:
    """A field or a two-cell row whose value is a sum of money or a length of time ("Minimum
    term: 24 months", "| **Total** | **£45.50** |"): what a bill or a contract is for, however
    short. A date alone is not one ("Bill date: 4 February 2027")."""
    cells = table_cells(text)
    pair = (cells[0], cells[1]) if cells and len(cells) == 2 else field(text)
    return bool(pair and pair[0].strip("* ") and _SUM_OR_TERM.search(pair[1]))


_SUM = r"[£$€]\s?\d"  # "£684.20"
_LENGTH = r"\b\d+(?:-| )(?:days?|weeks?|months?|years?)\b"  # "14 weeks", "a 10-year guarantee"
_SUM_OR_TERM = re.compile(f"{_SUM}|{_LENGTH}")


# A postcode (UK "PW3 8AX", US "CA 94103"), a telephone number, an e-mail address or a web address.
_CONTACT = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b|\b[A-Z]{2} \d{5}(?:-\d{4})?\b|\(?\b0\d{3,4}\)? ?\d{3} ?\d{3,4}\b"
    r"|\+\d[\d ]{8,}\d|\S+@\S+\.\w+|\bwww\.\S+|https?://\S+"
)


def _contact(text: str) -> bool:
    """A line of contact details: it holds a postcode, a telephone number or an address for mail
    or the web, and ends as no sentence does ("... with us on 01632 960271." is a sentence)."""
    return bool(_CONTACT.search(text)) and not ENDS_SENTENCE.search(text)


# What a bill, a contract or a letter is for: a sum of money, a length of time, a day of the year
# ("£684.20", "14 weeks", "a 10-year guarantee", "4 May 2026"). A bare number is not one: an
# article's "12,843 (8.1%) unmarried partnerships" is no point of it.
_VALUE = re.compile(
    rf"{_SUM}|{_LENGTH}|\b\d+(?:-| )hours?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)? (?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def _vector(text: str, idf: Callable[[str], float]) -> dict[str, float]:
    counts = Counter(terms(text))
    return {t: (1 + math.log(c)) * idf(t) for t, c in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return _dot(a, b) / (_norm(a) * _norm(b)) if a and b and _norm(a) and _norm(b) else 0.0


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a  # iterate the shorter: a sentence against a document's centroid
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _norm(a: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in a.values()))


def summarize(
    sentences: list[Evidence], budget_words: int, idf: Callable[[str], float], relevance: bool = False
) -> list[Evidence]:
    """The summary's sentences, in document order. With `relevance`, the sentences come
    ranked for a topic and their evidence score counts beside their centrality."""
    candidates = [s for s in sentences if _material(s.text)]
    if not candidates:
        return []
    for s in candidates:
        s.shown = compressed(s.text)
    top = max(s.score for s in candidates) if relevance else 0.0
    vectors = [_vector(s.text, idf) for s in candidates]
    centroid: dict[str, float] = {}
    for vector in vectors:
        for t, v in vector.items():
            centroid[t] = centroid.get(t, 0.0) + v
    n = len(candidates)
    order = sorted(range(n), key=lambda i: (candidates[i].passage.source, candidates[i].start))
    position = {i: rank for rank, i in enumerate(order)}
    for i, (sentence, vector) in enumerate(zip(candidates, vectors)):
        score = _cosine(vector, centroid)
        if not relevance:
            # A document's first sentences state its point. A topic's sentences are not one
            # document: the first fifth of them in (source, position) order is the start of
            # whichever file sorts first, often an aside that names the topic in passing
            # ("... from the Battle of Jumonville Glen in 1754 to the capture of Montreal").
            score += LEAD_WEIGHT * max(0.0, 1 - position[i] / max(1.0, n / 5))
        if relevance and top > 0:
            score += sentence.score / top
        if PRONOUN_SUBJECT.match(sentence.text):
            score -= PRONOUN_COST  # cannot stand alone: its referent may not be quoted
        if sentence.text.lstrip()[:1] in "“\"‘'":
            score -= 0.1  # direct speech: someone's words, rarely the document's point
        sentence.score = score
    chosen: list[int] = []
    words = 0
    if not relevance:
        first = min(range(n), key=lambda i: position[i])
        chosen.append(first)
        words = _size(candidates[first])
    remaining = set(range(n)) - set(chosen)
    while remaining:

        def mmr(i: int) -> float:
            overlap = max((_cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            return candidates[i].score - REDUNDANCY * overlap + _referent_quoted(candidates, i, chosen)

        best = max(remaining, key=lambda i: (mmr(i), -i))
        remaining.discard(best)
        size = _size(candidates[best])
        if chosen and words + size > budget_words:
            continue  # a shorter sentence may still fit: every candidate is about the topic
        chosen.append(best)
        words += size
        if words >= budget_words:
            break
    return _restored(
        [candidates[i] for i in sorted(chosen, key=lambda i: (candidates[i].passage.source, candidates[i].start))],
        budget_words,
    )


def _within_share(left: list[int], section: list[int], room: int, candidates: list[Evidence]) -> list[int]:
    """The sentences of a first turn that leave room for the sections still waiting: each
    section's sentences of at most SECTION_SHARE x its fair share of the words left (a
    section with none that short offers their first clauses, `_head`, else waits for the
    next turn). One 45-word sentence would otherwise take the room
    of the last section's point ("The Hauteville family achieved princely rank ...", 18
    words, after the 45-word sentence on the same families)."""
    waiting = {section[i] for i in left}
    # A letter of twelve short sections would give each a dozen words, and each would say its
    # least (" Pepper has been a lovely patient."): the sections share the room as if there were
    # no more of them than the room fits points of SECTION_POINT_WORDS words.
    shares = max(1, min(len(waiting), room // SECTION_POINT_WORDS))
    cap = SECTION_SHARE * room / shares
    out: list[int] = []
    for sec in sorted(waiting):
        members = [i for i in left if section[i] == sec]
        fits = [i for i in members if _size(candidates[i]) <= cap]
        if not fits:
            # No sentence of the section is that short: its sentences offer their heads
            # ("Victoria has a written constitution enacted in 1975 …"), so that the section
            # still says its point in the first turn rather than waiting for a turn that the
            # budget never reaches.
            for i in members:
                head = _head(_said(candidates[i]))
                if head and len(head.split()) <= cap:
                    candidates[i].shown = head
                    fits.append(i)
        out += fits
    return out or left


def _referent_quoted(candidates: list[Evidence], i: int, chosen: list[int]) -> float:
    """A sentence whose subject is a pronoun stands when the sentence before it is quoted
    ("It consisted of 402 people" after "The first European settlement ... was established
    in 1803"): the penalty for not standing alone is given back."""
    me = candidates[i]
    if not PRONOUN_SUBJECT.match(me.text):
        return 0.0
    follows = any(
        candidates[j].passage.source == me.passage.source and 0 <= me.start - candidates[j].end <= ADJACENT_GAP
        for j in chosen
    )
    return PRONOUN_COST if follows else 0.0


ADJACENT_GAP = 3  # characters between two sentences that follow each other (a space, a newline)


def sections_of(sentences: list[Evidence]) -> list[int]:
    """Each sentence's section: a new one starts at a blank line, a new page or a new
    document; in a document with headings ("## Finance report", "4. TRANSPORT"), at a heading
    instead, so that a section is all its heading covers. A text without blank lines is cut
    into runs of SECTION_RUN sentences."""
    headed = _headed_sources(sentences)
    out: list[int] = []
    section = 0
    for i, s in enumerate(sentences):
        if i:
            prev = sentences[i - 1]
            if s.passage.source != prev.passage.source or s.passage.page != prev.passage.page:
                section += 1
            elif s.passage.source in headed:
                # a heading and its subheading: one section (a field line is judged by its shape)
                section += _heading(s) and not _heading(prev)
            elif s.passage is not prev.passage:  # chunks of one page that did not merge
                section += s.start > prev.end and bool(re.search(r"\n\s*\n", _between(s, prev)))
            else:
                gap = s.passage.text[prev.end - s.passage.start : s.start - s.passage.start]
                section += "\n\n" in gap or bool(re.search(r"\n\s*\n", gap))
        out.append(section)
    if len(set(out)) < 2 and len(sentences) > 2 * SECTION_RUN:
        out = [i // SECTION_RUN for i in range(len(sentences))]
    return out


def _heading(sentence: Evidence) -> bool:
    """A line that opens a section: a heading ("1. WHAT HAPPENED AND WHAT WE DID", "## Fees"),
    not a field, a table's row or a bullet, however short ("Balance outstanding: £1,874.60",
    "- Pale or white gums"): those state the section's facts, and taken for headings they cut a
    letter of nine sections into sixteen, each of them given a turn."""
    text = sentence.text
    return is_heading(text) and table_cells(text) is None and not _BULLET.match(text)


_BULLET = re.compile(r"\s*[-*+•]\s")  # not evidence.LIST_ITEM: "1. WHAT WE DID" is a heading


def _headed_sources(sentences: list[Evidence]) -> set[str]:
    """The documents with at least SECTION_HEADINGS headings (a title alone does not divide one)."""
    count = Counter(s.passage.source for s in sentences if _heading(s))
    return {source for source, n in count.items() if n >= SECTION_HEADINGS}


def _between(s: Evidence, prev: Evidence) -> str:
    """The text between two sentences of one document, as far as either passage holds it."""
    p = s.passage
    return p.text[max(0, prev.end - p.start) : max(0, s.start - p.start)]


def summarize_document(sentences: list[Evidence], budget_words: int, idf: Callable[[str], float]) -> list[Evidence]:
    """A whole document's summary, in document order: its first sentence, then the sections
    take turns, each giving one sentence a turn, the best still unsaid first (maximal
    marginal relevance over every section that has not yet had its turn)."""
    sections = sections_of(sentences)
    keep = _distinct([i for i, s in enumerate(sentences) if _material(s.text)], sentences)
    # Someone's words in quotation marks ("“We have responded to this question before.") are
    # rarely the document's point: a whole document is summarised in its own voice.
    told = [i for i in keep if not _quoted_speech(sentences[i].text)]
    keep = told if len(told) >= SUMMARY_TOLD else keep
    if not keep:
        return []
    candidates = [sentences[i] for i in keep]
    for s in candidates:
        s.shown = compressed(s.text)
    section = [sections[i] for i in keep]
    vectors = [_vector(s.text, idf) for s in candidates]
    centroid = _sum(vectors)
    by_section: dict[int, list[int]] = {}
    for i, sec in enumerate(section):
        by_section.setdefault(sec, []).append(i)
    section_centroid = {sec: _sum([vectors[i] for i in members]) for sec, members in by_section.items()}
    norms = [_norm(v) or 1.0 for v in vectors]
    centre_norm = _norm(centroid) or 1.0
    section_norm = {sec: _norm(c) or 1.0 for sec, c in section_centroid.items()}

    def cosine(i: int, j: int) -> float:
        return _dot(vectors[i], vectors[j]) / (norms[i] * norms[j])

    for i, (sentence, vector) in enumerate(zip(candidates, vectors)):
        sec = section[i]
        score = _dot(vector, centroid) / (norms[i] * centre_norm) + SECTION_WEIGHT * _dot(
            vector, section_centroid[sec]
        ) / (norms[i] * section_norm[sec])
        if by_section[section[i]][0] == i:
            score += SECTION_LEAD  # a paragraph's first sentence tends to state its point
        score -= _standalone_penalty(sentence.text)
        if _VALUE.search(sentence.text):
            score += VALUE_WEIGHT
        size = _size(sentence)
        if size > LONG_SENTENCE_WORDS:
            score -= LONG_SENTENCE_COST * (size - LONG_SENTENCE_WORDS)  # a long sentence spends the budget of two
        sentence.score = score
    chosen: list[int] = [0]  # the document's opening sentence: articles lead with their point
    words = _size(candidates[0])
    picks = {sec: 0 for sec in by_section}
    picks[section[0]] = 1
    if words > LEAD_MAX_WORDS or not ENDS_SENTENCE.search(candidates[0].text):
        # A long opening sentence would spend the budget of two or three points on one: it
        # competes like any other (XQuAD's articles are excerpts whose first paragraph is
        # as much an aside as any other).
        chosen, words, picks[section[0]] = [], 0, 0

    def mmr(i: int) -> float:
        overlap = max((cosine(i, j) for j in chosen), default=0.0)
        return candidates[i].score - REDUNDANCY * overlap + _referent_quoted(candidates, i, chosen)

    for turn in range(1, max(len(m) for m in by_section.values()) + 1):
        while True:
            left = [
                i
                for sec, members in by_section.items()
                if picks[sec] < turn
                for i in members
                if i not in chosen and words + _size(candidates[i]) <= budget_words
            ]
            if not left:
                break
            if turn == 1:
                left = _within_share(left, section, budget_words - words, candidates)
            best = max(left, key=mmr)
            chosen.append(best)
            picks[section[best]] += 1
            words += _size(candidates[best])
            if words >= budget_words:
                return _restored([candidates[i] for i in sorted(chosen)], budget_words)
    return _restored([candidates[i] for i in sorted(chosen)], budget_words)


def _distinct(indices: list[int], sentences: list[Evidence]) -> list[int]:
    """The sentences that are not near-repeats of an earlier one ("Appendix 7: the team met
    on site in week 7."): repeated boilerplate would otherwise be the document's centre."""
    kept: list[int] = []
    exact: set[frozenset[str]] = set()
    recent: list[frozenset[str]] = []  # repeats come in runs (a page footer, weekly minutes)
    for i in indices:
        words = frozenset(t for t in terms(sentences[i].text) if not t[:1].isdigit())
        if words in exact or any(
            len(words & other) >= DUPLICATE_OVERLAP * len(words | other) for other in recent[-REPEAT_WINDOW:]
        ):
            continue
        kept.append(i)
        exact.add(words)
        recent.append(words)
    return kept


REPEAT_WINDOW = 50  # earlier sentences compared for a near-repeat (an exact one is found anywhere)


def _sum(vectors: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for vector in vectors:
        for t, v in vector.items():
            total[t] = total.get(t, 0.0) + v
    return total


_SPOKEN = re.compile(r"^\W*(?:I|my|you|your)\b")  # a speaker's words quoted without quote marks


def _quoted_speech(text: str) -> bool:
    return text.lstrip()[:1] in "“\"‘'" or bool(_SPOKEN.match(text))


SUMMARY_TOLD = 8  # sentences in the document's own voice enough to summarise it without quotes


def _standalone_penalty(text: str) -> float:
    penalty = 0.0
    if PRONOUN_SUBJECT.match(text):
        penalty += PRONOUN_COST  # cannot stand alone: its referent may not be quoted
    if _quoted_speech(text):
        penalty += 0.1  # direct speech: someone's words, rarely the document's point
    return penalty


# ---------------------------------------------------------------- shortened quotes


def _said(sentence: Evidence) -> str:
    """What the summary shows of a sentence: its words are what it spends and what it says."""
    return sentence.shown or sentence.text


def _size(sentence: Evidence) -> int:
    return len(_said(sentence).split())


def _restored(chosen: list[Evidence], budget_words: int) -> list[Evidence]:
    """The picks with their cuts given back as far as the budget allows, the cheapest first:
    sentences are cut to make room for one more point, not where there is room. A closing
    clause is given back before any aside (", of whom Rainulf Drengot received the county of
    Aversa" says more than a translation in parentheses), though an aside may hold a point too
    ("(e.g., immunoglobulins and T cell receptors)")."""
    words = sum(_size(s) for s in chosen)
    for whole in (False, True):
        steps = [(s, "" if whole else compressed(s.text, tail=False)) for s in chosen if s.shown]
        for s, shown in sorted(steps, key=lambda step: _extra(*step)):
            if words + _extra(s, shown) <= budget_words:
                words += _extra(s, shown)
                s.shown = shown
    return chosen


def _extra(sentence: Evidence, shown: str) -> int:
    """The words showing `shown` ("" for the whole sentence) adds to what the sentence shows now."""
    return len((shown or sentence.text).split()) - _size(sentence)


CUT = "…"  # marks where a shortened quote leaves words out; every piece between cuts is verbatim
# An aside the sentence's point stands without: a parenthesis ("(973–1048 CE)", "(i.e.
# "cognitive services")"), a note in brackets, a dash-delimited aside ("—in Broadmeadows and
# Geelong—") and an example between commas (", such as Fielding H. Garrison,"). Each is cut
# only when it is at least ASIDE_MIN_WORDS long: the mark costs a word of the budget itself.
_ASIDES = (
    re.compile(r"\s*\([^()]*\)"),
    re.compile(r"\s*\[[^\[\]]*\]"),
    re.compile(r"\s*—[^—]+—\s*"),
    re.compile(r",\s+such as\s+[^,;:()]+,\s*"),
)
# A sentence's opening link to the one before it ("However,", "In addition,"): a summary
# quotes the sentence without its neighbour, so the link points at nothing.
_LINK = re.compile(
    r"^(?:however|moreover|furthermore|in addition|additionally|nevertheless|nonetheless|meanwhile|"
    r"indeed|in fact|also|thus|therefore|consequently|as a result|similarly|likewise|still|instead),\s+",
    re.I,
)


# A relative clause that ends a long sentence (", which established the Parliament as ...",
# ", of whom Rainulf Drengot received ..."): what it adds is about the last thing named, and the
# sentence's own point is said before it. Not ", but ...": a contrast often is the point ("His
# work fell into obscurity ..., but in 1960 ... named the SI unit ... the tesla").
_TAIL = re.compile(r",\s+(?:(?:of|in|to|by|for|from|with)\s+)?(?:who|whom|whose|where)\b[^;]*$")


def _without_tail(text: str) -> str:
    """The sentence without its closing relative clause, when at least HEAD_MIN_WORDS stay."""
    tail = _TAIL.search(text)
    if not tail or len(text[: tail.start()].split()) < HEAD_MIN_WORDS:
        return text
    return f"{text[: tail.start()]} {CUT}{_end_mark(text)}"


# A clause break a sentence's head may end at: a semicolon, or a comma before a lower-case word
# (", but based on ...", ", which ..."), not a comma inside a list of names ("Ford, Toyota").
_HEAD_END = re.compile(r";\s+|,\s+(?=[a-z])")


def _end_mark(text: str) -> str:
    """The sentence's closing full stop, question or exclamation mark, kept after a cut."""
    last = text.rstrip()[-1:]
    return last if last in (".", "!", "?") else ""


def _head(text: str) -> str:
    """The sentence's first clause, ending at the first clause break after HEAD_MIN_WORDS
    words, marked CUT; "" when it has no such break."""
    for brk in _HEAD_END.finditer(text):
        head = text[: brk.start()]
        if len(head.split()) >= HEAD_MIN_WORDS and not head.endswith(CUT):  # not "… …": one cut there
            return f"{head} {CUT}{_end_mark(text)}"
    return ""


def compressed(text: str, tail: bool = True) -> str:
    """The sentence with its asides cut, each cut marked CUT ("Abu al-Rayhan al-Biruni … was
    one of the earliest Persian geologists"), and without an opening link word; "" when
    nothing is cut. Without `tail`, a closing clause stays. What is left is verbatim pieces
    of the sentence (the first one's first letter raised to a capital), so the quote stays
    checkable against its source."""
    out = " ".join(text.split())
    for aside in _ASIDES:
        out = aside.sub(lambda m: _cut(m.group(0)), out)
    out = _without_tail(out) if tail else out
    link = _LINK.match(out)
    if link and len(out) > link.end():
        rest = out[link.end() :]
        out = rest[0].upper() + rest[1:]
    out = re.sub(rf"\s*{CUT}\s*([.,;:!?])", rf" {CUT}\1", " ".join(out.split()))
    return "" if out == " ".join(text.split()) else out


def _cut(aside: str) -> str:
    """The cut that replaces an aside, or the aside itself when it is too short to be worth one."""
    return aside if len(aside.split()) < ASIDE_MIN_WORDS else f" {CUT} "
