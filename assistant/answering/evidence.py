"""Evidence: the sentences of the retrieved passages, ranked, and the set that answers.

Ranking scores each sentence by the IDF-weighted share of the question's terms it holds
and by its embedding similarity to the question. The evidence set is then chosen the way
a careful reader would quote: the best sentence, the sentences that cover what it leaves
out, the sentence before one whose subject is a pronoun (so the quote names who "he" is)
and the one after when it carries the thought on ("because ...", "This ..."),
near-duplicates dropped, document order kept, within a budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from assistant.answering.answer_types import AUXILIARY, has_type, origin, passive_agent
from assistant.answering.check import ELLIPSIS
from assistant.answering.neighbours import (
    BLANK_LINE,
    LIST_ITEM,
    grow,
    list_title,
    neighbour,
    sentence_count,
    sentence_spans,
    span_text,
)
from assistant.answering.result import Evidence
from assistant.answering.tuning import (
    DUPLICATE_OVERLAP,
    EMBED_SENTENCES,
    EXPLAIN_CARRY_ON,
    FIELD_RECORD_MIN,
    FILL_WITH_BEFORE,
    FILL_WITH_NEXT,
    FUSION_WEIGHT,
    GAP_FILL_WORDS,
    HEADER_CELL_WORDS,
    HEADING_PENALTY,
    HEADING_WORDS,
    LIST_SERIES_NAMES,
    REFERENT_CREDIT,
    SERIES_BONUS,
    TABLE_EXCERPT_MIN,
    TABLE_EXCERPT_ROWS,
    TYPE_BONUS,
    TYPE_BONUS_KINDS,
)
from assistant.answering.yesno import said_terms, turns_to_the_contrary
from assistant.retrieval import Passage
from assistant.text import compound_tails, coverage, field, sentence_lines, table_cells, tables, terms
from assistant.text.ages import OLDEST, age_bands, ages_asked, ages_said
from assistant.text.names import CALENDAR, mentioned_names

# A sentence whose subject is a pronoun cannot stand alone: quote the one before with it.
PRONOUN_SUBJECT = re.compile(
    r"^\s*[“\"]?(?!it\s+(?:is|was|has\s+been|had\s+been|seems|seemed|appears|appeared)\s+(?:[\w-]+\s+){0,2}(?:that|to)\b)"
    r"(?:he|she|it|they|his|her|its|their|this|these|those|such)\b",
    re.I,
)  # not "It is clear that ...": no referent
# A sentence that carries the previous one on: its reason, its result or its contrast.
CONTINUES = re.compile(
    r"^\s*[“\"]?(?:he|she|it|they|this|these|that|those|his|her|its|their|however|but|"
    r"instead|there|such|both|since|because|as\s+a\s+result|therefore|thus|so|hence|"
    r"consequently|this\s+is\s+because)\b",
    re.I,
)
# "Every account has a £50 cap. When you reach it, we stop your data ...": a condition on what
# the sentence before named, by a pronoun; an explanation of what happens goes on with it.
CONDITION_ON_BEFORE = re.compile(
    r"^\s*(?:when|whenever|if|once|until|unless)\s+(?:[\w'’]+\s+){0,4}?(?:it|this|they|them|these)\b", re.I
)
# A sentence adding to the one before ("As such, it made a significant contribution ...",
# "Moreover, ..."): an explanation goes on with it; a yes/no verdict or a single fact does not
# ("Moreover, Piketty argues that ... cannot account for ..." is another point).
ADDS_ON = re.compile(
    r"^\s*[“\"]?(?:as\s+such|in\s+turn|in\s+addition|moreover|furthermore|additionally|likewise|similarly|"
    r"accordingly)\b",
    re.I,
)
CAUSAL = re.compile(
    r"\b(?:because|since|due\s+to|as\s+a\s+result|result(?:ed|s)?\s+in|led\s+to|lead\s+to|"
    r"leads\s+to|caus(?:e|ed|es|ing)|so\s+that|in\s+order\s+to|therefore|thus|hence|reasons?|"
    r"owing\s+to|thanks\s+to|consequen\w+|allow(?:s|ed|ing)?|enabl\w+|by\s+\w+ing)\b",
    re.I,
)

# A rule that gives its reason after a colon, as a clause: "Do not use tri-bars on group rides:
# your hands are too far from the brakes." (a list after a colon has no verb: "Bring: a pump").
_REASON_AFTER_COLON = re.compile(
    r":\s+[^:]*\b(?:is|are|was|were|will|would|can|cannot|could|may|might|must|has|have|had|does|do|did)\b", re.I
)


def gives_reason(text: str) -> bool:
    """Does the sentence give a reason: a causal word (CAUSAL), or a rule's reason after a colon?"""
    return bool(CAUSAL.search(text) or reason_after_rule(text))


def reason_after_rule(text: str) -> bool:
    """Does a rule (DIRECTIVE) go on to its reason after a colon ("Do not use tri-bars on group
    rides: your hands are too far from the brakes.")? Not a label before the rule ("Carrying
    over: you may carry up to 5 days, but they must be taken by 31 March")."""
    rule = DIRECTIVE.search(text)
    reason = _REASON_AFTER_COLON.search(text)
    return bool(rule and reason and rule.start() < reason.start())


_BECAUSE = re.compile(r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result\s+of)\b", re.I)

# "these devices", "this method", "such schools": a phrase pointing back at the sentence before.
REFERS_BACK = re.compile(
    r"\b(?:these|this|those|such)\s+(?!(?:is|was|are|were|has|have|had|will|would|can|could|may)\b)"
    r"[a-z]+",
    re.I,
)
# "In other states, lines at gasoline stations were common": a contrast with the sentence
# before, which says what the others are not (and, for a "why", the cause).
CONTRASTS_BEFORE = re.compile(
    r"^\W*(?:in\s+(?:the\s+)?other\s+[a-z]+|in\s+(?:the\s+)?rest\s+of|elsewhere|otherwise|in\s+contrast|"
    r"by\s+contrast|conversely|on\s+the\s+other\s+hand)\b",
    re.I,
)


# "Your first service is free. Have it done after 200 km or 2 months": an instruction whose
# object is the thing the sentence before named.
# Not a question ("Is it free?").
INSTRUCTION_ON_BEFORE = re.compile(r"^\W*[A-Z][a-z]+\s+(?:it|them)\b(?!\s+(?:is|was|are|were)\b)(?![^?]*\?\s*$)")


def points_back(text: str) -> bool:
    """Does the sentence point at the one before it ("these devices", "In other states",
    "Have it done after 200 km")?"""
    return bool(REFERS_BACK.search(text) or CONTRASTS_BEFORE.match(text) or INSTRUCTION_ON_BEFORE.match(text))


# "Later in the summer, Kenyatta visited China": a time said relative to the sentence before,
# which dates it. Not "the following year": that is another year than the one before; not
# "Soon after Börte's marriage": it names what it follows.
RELATIVE_TIME = re.compile(
    r"^\W*(?:later|earlier|afterwards|subsequently|(?:shortly|soon)\s+(?:afterwards|thereafter|after(?=\s*,))|"
    r"that\s+(?:same\s+)?(?:year|month|summer|spring|autumn|fall|winter|week|day)|"
    r"the\s+same\s+(?:year|month|day)|in\s+the\s+(?:same\s+year|summer|spring|autumn|fall|winter))\b",
    re.I,
)
# Three or more things named in a row: "A, B, C and D", "A, B, and C" (each of up to four
# words). What a list question asks for is most often said so.
_ITEM = r"[^\W\d_][\w'’-]*(?:\s+[\w'’-]+){0,3}"
SERIES = re.compile(rf"(?:\b{_ITEM},\s+){{2,}}(?:{_ITEM},?\s+)?(?:and|or)\s+[^\W\d_]", re.I)
YEAR = re.compile(r"\b(?:1\d{3}|20\d{2})\b")  # a year as a date is written


# A quote that ends on a question, or on the short answer to one ("No."), is not done.
_ASKS_ITSELF = re.compile(r"\?[”\"’']?\s*$|(?:^|[.?!]\s+)[“\"]?(?:no|yes|not at all|of course)[.!]\s*$", re.I)
# A sentence that opens with when it happened: "In 1968, ...", "By 1956 ...", "On 12 May 1705 ...".
OPENS_WITH_TIME = re.compile(
    r"^\W*(?:in|by|on|after|before|during|from|until|later|then|since|within)\b(?:\s+[\w,-]+){0,3}?\s+"
    r"(?:1\d{3}|20\d{2})\b|^\W*(?:later|then|afterwards|eventually|finally|soon\s+after)\b",
    re.I,
)


def dated_before(text: str) -> bool:
    """Is the sentence dated by the one before it ("Later that year, ...", and no year of its own)?"""
    return bool(RELATIVE_TIME.match(text)) and not YEAR.search(text)


# A sentence that states the result of the one before ("This has resulted in ...", "As a
# result, ..."), within its first few words.
RESULT_OF_BEFORE = re.compile(
    r"^\W*(?:(?:[\w,]+\s+){0,4}(?:this|that|these|which)\s+(?:\w+\s+){0,2}(?:result\w*|led|leads|caus\w+|meant|means|"
    r"made|makes|explains?|prompted|forced|allowed)\b|(?:as\s+a\s+(?:result|consequence)|therefore|thus|hence|"
    r"consequently|for\s+this\s+reason|because\s+of\s+this|so)\b"
    # "We have therefore halved her ramipril.": the connective a few words in.
    r"|(?:[\w'’]+\s+){1,3}(?:therefore|thus|hence|consequently|accordingly)\b)",
    re.I,
)
# A rule or an instruction ("Please stop the ibuprofen ...", "Fireworks are not allowed
# anywhere on the farm."): what a "why" asks about, its reason most often the next sentence.
DIRECTIVE = re.compile(
    r"^\W*(?:please\s+)?(?:do\s+not|don['’]t|never|always|stop|avoid|keep|make\s+sure|remember\s+to)\b"
    r"|\b(?:is|are)\s+not\s+(?:allowed|permitted)\b|\b(?:must|mustn['’]t|may\s+not|should\s+not|shouldn['’]t)\b"
    r"|\b(?:not\s+allowed|prohibited|forbidden|banned)\b",
    re.I,
)
# What a question asks of a rule, which a DIRECTIVE states in its own words ("Do not use ...",
# "... must ...") whether or not it repeats them.
_RULE_TERMS = frozenset(terms("allowed permitted forbidden banned prohibited"))
QueryVector = Callable[[str], "object"]
Embed = Callable[[list[str]], "object"]


def rank_sentences(
    question: str,
    passages: list[Passage],
    idf: Callable[[str], float],
    embed: Embed,
    query_vector: QueryVector,
    answer_type: str | None = None,
    embed_limit: int = EMBED_SENTENCES,
    series: bool = False,
    opposite: dict[str, set[str]] | None = None,
    explains: bool = False,
) -> list[Evidence]:
    """Sentences of the passages, best evidence first; with `series` (a list question), a
    sentence naming things in a series ("musicians, liturgists, educators and ...") ranks higher;
    with `opposite` (a yes/no question, yesno.deciding_terms), a sentence saying the opposite of
    an asked word ("objected" for "support"), or giving a permission asked in other words ("may"
    for "allowed"), covers it; with `explains` (a "why"), a rule (DIRECTIVE) covers the
    permission asked ("Do not use tri-bars ..." for "Why are tri-bars not allowed?")."""
    if not passages:
        return []
    q_terms = set(terms(question))
    ruled = q_terms & _RULE_TERMS if explains else set()
    # "my 14-year-old" is said by a band that holds it: "Junior | Aged 8 to 17 | £75".
    ages = {age: set(terms(words)) for age, words in ages_asked(question)}
    sentences: list[Evidence] = []
    # A sentence that refers back ("He is noted for ...", "... are treated using these
    # devices") is ranked by what it says with the sentence before it, a little below a
    # sentence that says it all itself; its coverage (which gates refusals) stays its own.
    # A list item ("- London: £180") is ranked, and embedded, with the line that introduces its
    # list ("Nightly limits, including breakfast and taxes:") in the same way.
    referred: list[float] = []
    lead_ins: list[str] = []
    # A field line ("Key person: Ms Bethany Szabo") is ranked with the names its record gives,
    # the block of field lines it stands in: "Child: Freddie ..." two lines above says whose key
    # person it is. A table's row ("| **Monthly fee** | **£531.50** |") states a
    # fact, however short: it is ranked, and embedded, with its table's header and the line
    # that introduces the table ("Fees are ... spread into 12 equal monthly payments:").
    data_rows: list[bool] = []
    for passage in passages:
        before: set[str] = set()
        section: set[str] = set()  # the words of the heading the line stands under ("6. NEXT SERVICE")
        lead, lead_terms = "", set[str]()
        lines = [(s, e, passage.text[s:e]) for s, e in sentence_lines(passage.text)]
        texts = [text for _, _, text in lines]
        aligned = tables.rows(passage.text)
        headers = with_aligned_rows(aligned, [(s, e) for s, e, _ in lines], table_rows(texts))
        columns = {row.header_start for row in aligned}
        narrowest = _narrowest_bands(texts, headers, list(ages)) if ages else {}
        for (s, e, text), record, header in zip(lines, field_records(texts), headers):
            if passage.text.rfind("\n", 0, s) + 1 in columns or tables.is_rule(text):
                before = set()
                continue  # a plain-text table's header and rules: each row is read with them
            own = said_terms(text, opposite) if opposite else set(terms(text))
            own |= compound_tails(own, q_terms - own)  # the sentence's stems, not stemmed again
            if ruled and DIRECTIVE.search(text):
                own |= ruled
            if ages:
                for age in ages_said(text, list(ages), conditions=opposite is not None):
                    if header is None or _band_width(text, age) <= narrowest.get((header, age), OLDEST):
                        own |= ages[age]
            cov = coverage(q_terms, own, idf)
            sentences.append(Evidence(passage, passage.start + s, passage.start + e, text, 0.0, cov))
            row = header is not None
            item = bool(lead and LIST_ITEM.match(text))
            refers = before and (PRONOUN_SUBJECT.match(text) or points_back(text))
            context = (
                lead_terms | set(terms(header or "")) if row else lead_terms if item else before if refers else record
            )
            titled = is_heading(text) and table_cells(text) is None
            if section and (row or item or field(text)):
                # A form's line is read under its heading ("6. NEXT SERVICE" / "MOT: by 12 June
                # 2027."); a sentence of prose says what it is about itself ("The gorge is quite
                # deep" under "Middle Rhine" is not about the Rhine's other name).
                context = (context or set()) | section
            referred.append(REFERENT_CREDIT * coverage(q_terms, own | context, idf) if context else 0.0)
            lead_ins.append(f"{lead} {header}".strip() if row else lead if item else "")
            data_rows.append(row)
            # No referent for "This agreement ..." in a form's field or a table's row; a heading
            # names none either (it is the section's context instead).
            before = set() if titled or row or field(text) else own
            if titled:
                section = own
            if LEADS_IN.search(text) and not LIST_ITEM.match(text):
                lead, lead_terms = text, own
            elif not LIST_ITEM.match(text) and table_cells(text) is None:
                lead, lead_terms = "", set()
    if not sentences:
        return []
    # Embedding every sentence cost most of a question's time: embed only the ones
    # that share the most words with the question, with their context's (a table row's header);
    # the rest keep similarity 0.
    ranked = sorted(
        range(len(sentences)), key=lambda i: (-max(sentences[i].coverage, referred[i]), sentences[i].passage.rank)
    )
    chosen = ranked[:embed_limit]
    vectors = embed([f"{lead_ins[i]} {sentences[i].text}".strip() for i in chosen])
    similarity = [0.0] * len(sentences)
    for i, sim in zip(chosen, vectors @ query_vector(question)):  # type: ignore[operator]
        similarity[i] = float(sim)
    for sentence, sim, with_before, data_row in zip(sentences, similarity, referred, data_rows):
        sentence.similarity = sim
        # Lexical coverage finds the sentence naming the question's terms; the
        # embedding finds paraphrases; the passage rank breaks ties.
        sentence.score = 0.6 * max(sentence.coverage, with_before) + 0.4 * sim + 0.02 / sentence.passage.rank
        if answer_type in TYPE_BONUS_KINDS and has_type(sentence.text, answer_type, question):
            sentence.score += TYPE_BONUS
        elif (answer_type == "person" and passive_agent(sentence.text, question)) or (
            answer_type == "place" and origin(sentence.text, question)
        ):
            sentence.score += TYPE_BONUS  # "... was routinely used by engineers": says who, as asked
        if series and SERIES.search(sentence.text):
            sentence.score += SERIES_BONUS
        if (is_heading(sentence.text) and not data_row) or _names_only_the_asked(sentence.text, q_terms):
            sentence.score -= HEADING_PENALTY
    sentences.sort(key=lambda s: -s.score)
    return sentences


def _band_width(text: str, age: int) -> int:
    """How many years the text's narrowest band holding the age spans (OLDEST for none)."""
    return min((hi - lo for lo, hi in age_bands(text) if lo <= age <= hi), default=OLDEST)


def _narrowest_bands(texts: list[str], headers: list[str | None], ages: list[int]) -> dict[tuple[str, int], int]:
    """For each table (by its header) and each age asked, the narrowest band of its rows that
    holds the age: "my dad's 68" is said by "| Senior | Aged 65 and over |", not by "| Off-Peak |
    Adults aged 18 and over |" of the same table."""
    found: dict[tuple[str, int], int] = {}
    for text, header in zip(texts, headers):
        if header is None:
            continue
        for age in ages:
            key = (header, age)
            found[key] = min(found.get(key, OLDEST), _band_width(text, age))
    return found


def _names_only_the_asked(text: str, q_terms: set[str]) -> bool:
    """Is the line a field whose value the question already names ("Patient: Pepper" for "What
    medicines has Pepper been sent home with?")? It tells the reader nothing."""
    found = field(text)
    return found is not None and set(terms(found[1])) <= q_terms


def field_records(lines: list[str]) -> list[set[str] | None]:
    """For each line, the terms of the names in the values of the record it is a field of (a
    run of two or more field lines, `text.field`), else None. The names, not the labels nor the
    other words: "Child: Freddie ..." says whose record it is, while the label "Child" would lift
    every field of it alike, and "Vehicle: ... 5-door" lifted "Date: ..." for "What time do the
    doors open?"."""
    out: list[set[str] | None] = [None] * len(lines)
    fields = [field(line) for line in lines]
    run: list[int] = []
    for i, found in enumerate([*fields, None]):
        if found:
            run.append(i)
            continue
        if len(run) >= FIELD_RECORD_MIN:
            values = " ".join(found[1] for found in (fields[j] for j in run) if found)
            record = set(terms(" ".join(mentioned_names(values))))
            for j in run:
                out[j] = record
        run = []
    return out


def table_rows(lines: list[str]) -> list[str | None]:
    """For each line that is a row of a Markdown table's body, its table's header row ("" for a
    table without one); None for any other line, the header row and the rule under it too."""
    cells = [table_cells(line) for line in lines]
    out: list[str | None] = [None] * len(lines)
    header = ""
    for i, row in enumerate(cells):
        if row is None:
            header = ""
        elif i + 1 < len(cells) and cells[i + 1] == []:
            header = lines[i]  # the row above the rule names the columns
        elif row:
            out[i] = header
    return out


def with_aligned_rows(
    aligned: list[tables.Row], spans: list[tuple[int, int]], headers: list[str | None]
) -> list[str | None]:
    """`table_rows` of the lines at `spans` of a text, with each row of its plain-text tables
    (`aligned`, `text.tables.rows`) given its header as a Markdown table's row is."""
    named = {(row.start, row.end): row.header for row in aligned}
    return [named.get(span, header) for span, header in zip(spans, headers)] if named else headers


def is_heading(text: str, fields: bool = True) -> bool:
    """A line that names a topic but states nothing: short and without end punctuation ("France's
    plea to Europe", "Vennmoor Climate Systems Ltd · Revision C"), a Markdown heading, a bold
    label alone ("**Monthly (owner):**") or a line with no words (a table's "|---|---|").

    A field line ("Key person: Ms Bethany Szabo", `text.field`) and a table's row holding a
    number or a phrase ("| Deposit | £250 |") state a fact, however short; with `fields=False`
    they are judged by their shape alone, as a summary does: an address or a date of issue is
    no point of a summary."""
    if MARKDOWN_HEADING.match(text) or not re.search(r"[^\W_]", text):
        return True
    if fields and field(text) and not text.isupper():  # "SECTION 7: HOLIDAYS AND LEAVE" is a heading
        return False
    cells = table_cells(text) if fields else None
    if cells:  # a table's row states a fact; its header row ("| Item | Per month |") names columns
        return not any(re.search(r"\d", c) or len(c.split()) > HEADER_CELL_WORDS for c in cells)
    words = re.findall(r"[^\W_][\w'’.-]*", text)
    return len(words) < HEADING_WORDS and not re.search(r"[.!?:;][\"'”’)\]]*$", text.strip())


MARKDOWN_HEADING = re.compile(r"\s*#{1,6}\s")


def rerank_by_evidence(
    passages: list[Passage], evidence: list[Evidence], fusion_weight: float = FUSION_WEIGHT
) -> list[Passage]:
    """Order passages by their best evidence sentence: a finer signal than whole-chunk
    fusion, since a passage answers a question through one or two of its sentences.
    The passage's fused score still counts, so one lucky sentence does not push out a
    chunk both retrievers rank high."""
    best: dict[str, float] = {}
    for e in evidence:
        best[e.passage.id] = max(best.get(e.passage.id, float("-inf")), e.score)
    ordered = sorted(passages, key=lambda p: (-(best.get(p.id, -1.0) + fusion_weight * p.score), p.rank))
    for rank, passage in enumerate(ordered, start=1):
        passage.rank = rank
    return ordered


def merge_overlapping(passages: list[Passage], evidence: list[Evidence]) -> list[Passage]:
    """Neighbouring chunks of one source share a sentence (the chunker's overlap): when
    both are retrieved they become one passage, shown once, leaving room for another source.
    The evidence of a merged chunk is moved to the passage that took it in."""
    kept: list[Passage] = []
    host_of: dict[str, Passage] = {}
    for p in passages:
        host = next(
            (h for h in kept if h.source == p.source and h.page == p.page and p.start <= h.end and p.end >= h.start),
            None,
        )
        if host is None:
            kept.append(p)
            host_of[p.id] = p
            continue
        # Chunk text is the document's text between start and end, so spans splice exactly.
        if p.start < host.start:
            host.text, host.start = p.text[: host.start - p.start] + host.text, p.start
        if p.end > host.end:
            host.text, host.end = host.text + p.text[len(p.text) - (p.end - host.end) :], p.end
        host_of[p.id] = host
    for e in evidence:
        e.passage = host_of.get(e.passage.id, e.passage)
    for rank, passage in enumerate(kept, start=1):
        passage.rank = rank
    return kept


def with_context(
    ev: Evidence,
    lacks_answer: bool = False,
    causal: bool = False,
    limit: int = 3,
    carry_on: bool = True,
    refer_back: bool = True,
    after_first: Callable[[str, str], bool] | None = None,
    narrative: bool = False,
) -> Evidence:
    """The sentence before a pronoun subject or a time said relative to it ("Later that
    year"), and, with `refer_back`, before "these speeds"
    anywhere in it), the sentence after that carries it on (with `carry_on`), holds what the
    sentence lacks, or gives its reason when a reason is asked for, within `limit` sentences
    in all. The answer comes first: a sentence that lacks it takes the next one before the
    one naming its subject. With `after_first` (a single fact), a sentence that refers back
    and has one slot left gives it to the next sentence of its paragraph when
    `after_first(before, after)` says that one is closer to the question."""
    lead = lead_in(ev)
    if lead and sentence_count(grow(ev, lead[0], ev.end)) <= limit:
        ev = grow(ev, lead[0], ev.end)  # "**Every 3 months (owner):** - Clean the magnetic filter ..."
    nxt = neighbour(ev, after=True)
    if lacks_answer and nxt and limit > sentence_count(ev) and not is_heading(span_text(ev.passage, *nxt)):
        ev = grow(ev, ev.start, nxt[1])  # not into the next section's heading: it holds no answer
        nxt = neighbour(ev, after=True) if causal and _ASKS_ITSELF.search(ev.text) else None
    # "Among other things, this has resulted in 30 boards": for a "why", the cause is the
    # sentence before.
    refers_back = (
        PRONOUN_SUBJECT.match(ev.text)
        or dated_before(ev.text)
        or (refer_back and points_back(ev.text))
        or (causal and RESULT_OF_BEFORE.match(ev.text))
    )
    if refers_back and limit > sentence_count(ev):
        prev = neighbour(ev, after=False)
        if prev and not is_heading(span_text(ev.passage, *prev)):  # a heading names no referent
            if after_first and nxt and limit == sentence_count(ev) + 1 and same_paragraph(ev, nxt):
                if after_first(span_text(ev.passage, *prev), span_text(ev.passage, *nxt)):
                    return grow(ev, ev.start, nxt[1])
            ev = grow(ev, prev[0], ev.end)
    while nxt and limit > sentence_count(ev):
        if BLANK_LINE.search(ev.passage.text, ev.end - ev.passage.start, nxt[0] - ev.passage.start):
            break  # a new paragraph turns to another point: the explanation ends with its own
        text = span_text(ev.passage, *nxt)
        # An explanation goes on in the next sentence when that one gives a reason or
        # keeps to the same subject ("... created by erosion. The rate of erosion ...").
        # A sentence that gives its reason itself ("... failed because of a typhoon.") is not
        # continued by one that only names its subject again.
        goes_on = causal and (
            CAUSAL.search(text)
            or ADDS_ON.match(text)
            or CONDITION_ON_BEFORE.match(text)
            or (_shares_subject(ev.text, text) and not _BECAUSE.search(ev.text))
            # What happened next: "By 1956 a new temple was erected there."
            or (narrative and bool(OPENS_WITH_TIME.match(text) or PRONOUN_SUBJECT.match(text)))
            # A question the text asks itself is answered by what follows it ("... is it in our
            # interest to accelerate [a crisis] on Taiwan? No. The worse thing would be ...").
            or bool(_ASKS_ITSELF.search(ev.text))
        )
        if not ((carry_on and CONTINUES.match(text)) or goes_on):
            break
        ev = grow(ev, ev.start, nxt[1])
        nxt = neighbour(ev, after=True) if causal else None  # an explanation may go on for a few
    return ev


# A line that introduces a list: it ends with a colon ("Every 3 months (owner):", "**Monthly:**").
LEADS_IN = re.compile(r"[:：]\W*$")


def lead_in(ev: Evidence) -> tuple[int, int] | None:
    """The span of the line that introduces the list a list item stands in ("**Every 3 months
    (owner):**" above "- Clean the magnetic filter on the return pipe."): without it the item
    does not say when, for whom or of what it is said. None for a sentence that is no list item
    or a list with no such line."""
    if not LIST_ITEM.match(ev.text):
        return None
    spans = [(s, e) for s, e in sentence_spans(ev.passage) if e <= ev.start]
    for s, e in reversed(spans):
        text = span_text(ev.passage, s, e)
        if LIST_ITEM.match(text):
            continue  # an earlier item of the same list
        return (s, e) if LEADS_IN.search(text) else None
    return None


def as_read(ev: Evidence) -> str:
    """The sentence as an answer quotes it: a list item with the line that introduces its list
    ("**Every 3 months (owner):** - Clean the magnetic filter"), which may hold what is asked."""
    lead = lead_in(ev)
    return f"{span_text(ev.passage, *lead)} {ev.text}" if lead else ev.text


def table_excerpt(ev: Evidence, question: str, idf: Callable[[str], float]) -> str:
    """A plain-text table read as one quote (no rule under its header), shortened to its header
    and the rows that hold most of what is asked, an ellipsis where rows are left out: "What
    is the excess on personal belongings?" is answered by one row of thirteen. The first row is
    a header when it holds no digit. "" when the quote is no such table, or no few rows hold
    enough of the question (TABLE_EXCERPT_MIN)."""
    rows = tables.row_texts(ev.text)
    if not rows or len(rows) < 3 or tables.shown(ev.text) is None:
        return ""
    header = [] if any(c.isdigit() for c in rows[0]) else rows[:1]
    body = rows[len(header) :]
    asked = set(terms(question))
    said = [coverage(asked, set(terms(row)), idf) for row in body]
    best = max(said)
    if best < TABLE_EXCERPT_MIN or said.count(best) > TABLE_EXCERPT_ROWS:
        return ""
    shown = list(header)
    for i, row in enumerate(body):
        if said[i] == best:
            if i > 0 and said[i - 1] != best:
                shown.append(ELLIPSIS)
            shown.append(row)
    if said[-1] != best:
        shown.append(ELLIPSIS)
    return "\n".join(shown)


def list_items(ev: Evidence, most: int, asked: set[str] | None = None) -> list[Evidence]:
    """The items of the list the sentence stands in, or introduces (the list starts on the next
    line: "Select the mode with the MODE button." above "- **Comfort** — ..."), each item one
    quote of its whole line, at most `most`; [] for a sentence in no list of two or more items.
    A list question answered from a list says its items, not the sentences that share the
    question's words. A table's rows are items too, when the table is about the `asked` terms."""
    text, base = ev.passage.text, ev.passage.start
    aligned = tables.rows(text)
    lines = _lines(text, aligned)
    at = next((i for i, (s, e) in enumerate(lines) if s <= ev.start - base < e), None)
    if at is None:
        return []
    if not LIST_ITEM.match(text[slice(*lines[at])]):
        # A sentence wrapped over lines introduces the list from its last line ("... you cannot
        # get" / "back if you have to cancel because of:").
        at = next((i for i, (s, e) in enumerate(lines) if s < ev.end - base <= e), at)
    # A table's rows are a list's items too ("What medicines ...?" over a table of medicines).
    rows = with_aligned_rows(aligned, lines, table_rows([text[s:e] for s, e in lines]))
    is_item = [bool(LIST_ITEM.match(text[s:e])) or row is not None for (s, e), row in zip(lines, rows)]
    above = {row.header_start for row in aligned}  # a plain-text table's header line

    def above_rows(line: tuple[int, int]) -> bool:
        said = text[slice(*line)]
        return table_cells(said) is not None or line[0] in above or tables.is_rule(said)

    if not is_item[at]:
        after = at + 1
        while after < len(lines) and not is_item[after] and above_rows(lines[after]):
            after += 1  # the table's header row and the rule under it
        if after >= len(lines) or not is_item[after] or ev.end - base < lines[at][1]:
            return []  # no list follows, or not from the sentence that ends the line before it
        at = after
    first = at
    while first > 0 and is_item[first - 1]:
        first -= 1
    last = at
    while last + 1 < len(lines) and is_item[last + 1]:
        last += 1
    if last == first:
        return []
    if asked is not None and rows[first] is not None:
        # A table is the answer when it is about what is asked: its header or the line above it
        # says so, or two of its rows do. A table of costs with one drinks row is no list of drinks.
        about = [text[slice(*lines[i])] for i in range(max(0, first - 3), first)]
        hits = sum(bool(set(terms(text[slice(*lines[i])])) & asked) for i in range(first, last + 1))
        if hits < 2 and not any(set(terms(line)) & asked for line in about):
            return []
    return [
        replace(ev, start=base + s, end=base + e, text=text[s:e], shown="")
        for s, e in (lines[i] for i in range(first, min(last + 1, first + most)))
    ]


# "What medicines has Pepper ...", "Which tours and excursions are ...": the words naming the
# kind of thing a list question asks for, up to its verb.
_ASKED_THINGS = re.compile(
    r"^\s*(?:which|what)\s+(?:kinds?\s+of\s+|sorts?\s+of\s+|types?\s+of\s+)?"
    r"(?P<kind>(?:(?!" + AUXILIARY + r")[a-z][\w-]*\s+){1,3}?)(?=" + AUXILIARY + r")",
    re.I,
)


# "Who were the head keepers ...?": the people asked for, by what they were; "Which junior
# sessions run ...?": the things asked for, up to the plural that names them.
_ASKED_PEOPLE = re.compile(r"^\s*who\s+(?:are|were)\s+the\s+(?:[a-z][\w-]*\s+)?(?P<kind>[a-z][\w-]*s)\b", re.I)
_ASKED_PLURAL = re.compile(r"^\s*(?:which|what)\s+(?P<kind>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*[^s\W]s)\b", re.I)


def asked_kind(question: str) -> set[str]:
    """The terms of the kind of thing a list question asks for: "medicines" of "What medicines
    has Pepper been sent home with?", "keepers" of "Who were the head keepers ...?"."""
    m = _ASKED_THINGS.match(question) or _ASKED_PEOPLE.match(question) or _ASKED_PLURAL.match(question)
    return set(terms(_COUNT.sub(" ", m.group("kind")))) if m else set()


# "Which two groups ...": how many are asked for is no part of what they are.
_COUNT = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\b", re.I)


def list_of_kind(ranked: Sequence[Evidence], question: str) -> Evidence | None:
    """The best ranked item of a list whose title names the kind of thing the question asks for
    ("Principal keepers" above "- Thomas Gilchrist (1847-1869)" for "Who were the head keepers
    ...?"): each item is one, though it names nothing else the question asks."""
    kind = asked_kind(question)
    if not kind:
        return None
    for ev in ranked:
        title = list_title(ev) if LIST_ITEM.match(ev.text) else ""
        # A heading that names the kind, not a line that introduces the list by another thing it
        # mentions ("Exceptions must be approved by a director:" for "Which directors ...?").
        heading = title.lstrip().startswith("#") or not LEADS_IN.search(title)
        if heading and set(terms(title)) & kind:
            return ev
    return None


def series_of_kind(ranked: Sequence[Evidence], question: str) -> Evidence | None:
    """The best ranked sentence that names the kind of thing a list question asks for and a
    series of names ("such theorists as J. A. Hobson (1858-1940), Joseph Schumpeter (1883-1950),
    ... and Norman Angell" for "Who were the early theorists ...?"): a list written as a sentence."""
    kind = asked_kind(question)
    if not kind:
        return None
    asked = set(terms(" ".join(mentioned_names(question))))
    for ev in ranked:
        named = [n for n in mentioned_names(ev.text) if not set(terms(n)) <= asked | kind]
        if kind & set(terms(ev.text)) and len(named) >= LIST_SERIES_NAMES and _SERIES.search(ev.text):
            return ev
    return None


# What is brought or thrown away, one verb said for another ("pack" asked, "bring" written).
_CARRYING = (
    frozenset(terms("bring take pack carry")),
    frozenset(terms("put throw chuck recycle")),
    frozenset({"wear"}),
)
# Things in a row after the verb, each of up to a dozen words ("two full sets of spare clothes").
_LONG_SERIES = re.compile(r"[^,;.]*,[^,;.]{1,80},[^;.]{0,80}?\b(?:and|or)\s", re.I)


def series_carried(ranked: Sequence[Evidence], verb: str) -> Evidence | None:
    """The best ranked sentence that says the verb a "What do I need to bring?" question asks
    (or one of its kind) with a series of things after it ("Please bring, labelled with
    Freddie's name: nappies, two full sets of spare clothes, wellies ... and his comforter"):
    the list, written as a sentence."""
    said = next((family for family in _CARRYING if terms(verb)[0] in family), frozenset(terms(verb)))
    for ev in ranked:
        at = next((m.end() for m in re.finditer(r"[\w'’-]+", ev.text) if set(terms(m.group(0))) & said), None)
        if at is not None and _LONG_SERIES.match(ev.text, at):
            return ev
    return None


# A series of three names or more: "Joseph Schumpeter (1883-1950), Thorstein Veblen (1857-1929), and
# Norman Angell", "Tang, Song, as well as Khitan Liao".
_NAMED = r"[A-Z][^,;()]{0,40}?(?:\s*\([^)]*\))?"
_SERIES = re.compile(rf"\b{_NAMED},\s+{_NAMED},?\s+(?:and|or|as\s+well\s+as)\s+[A-Z]")


def items_asked(items: list[Evidence], question: str) -> list[Evidence]:
    """The items of a list on the day or month the question asks about, where only some are:
    the Saturday sessions of "Which junior sessions run on Saturdays?", not the Tuesday one.
    Only a day or a month picks items out: the question's other words name the list's subject
    as often as a part of it ("What fees are charged on this mortgage?" is not asking for the
    "Mortgage exit fee" alone). A word every item holds (or none) picks none out."""
    if len(items) < 2:
        return items
    held = [set(terms(item.text)) for item in items]
    naming = set(terms(list_title(items[0]))) | asked_kind(question)
    # Written as a name, not the question's first word: "may" and "May I ...?" are no month.
    days = [w for w in re.findall(r"[A-Za-z]+", question)[1:] if w[:1].isupper() and w.lower().rstrip("s") in CALENDAR]
    asked = {t for w in days for t in terms(w)}
    picking = {t for t in asked - naming if any(t in h for h in held) and not all(t in h for h in held)}
    kept = [item for item, h in zip(items, held) if h & picking]
    return kept or items


def table_of_kind(ranked: Sequence[Evidence], question: str) -> Evidence | None:
    """The best ranked row of a table whose first column is headed by the kind of thing the
    list question asks for ("Medicine" for "What medicines has Pepper been sent home with?"):
    each of its rows is one, though none names what else the question asks ("Pepper")."""
    kind = asked_kind(question)
    if not kind:
        return None
    for ev in ranked:
        header = row_header(ev)
        if header and set(terms(_first_column(header))) & kind:
            return ev
    return None


def _first_column(header: str) -> str:
    """A header's first column name: of a Markdown table's line ("| Item | Cost |") or of a
    plain-text table's cells ("Medicine; Dose; When")."""
    return (table_cells(header) or [""])[0] if header.startswith("|") else header.split("; ")[0]


def row_header(ev: Evidence) -> str | None:
    """The header of the table whose row the evidence is (a plain-text table's cells "; "
    apart, a Markdown table's header line), else None."""
    text, base = ev.passage.text, ev.passage.start
    aligned = tables.rows(text)
    for row in aligned:
        if row.start == ev.start - base:
            return row.header
    if "|" not in ev.text:
        return None
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    headers = table_rows([text[s:e] for s, e in lines])
    return next((h for (s, e), h in zip(lines, headers) if s <= ev.start - base < e), None)


def _lines(text: str, aligned: list[tables.Row]) -> list[tuple[int, int]]:
    """The spans of the text's lines, each row of a plain-text table one line however many it
    takes, and each list item one line however many it is wrapped over ("- the death, illness
    or injury of you, a close relative or a travelling" / "    companion;")."""
    lines: list[tuple[int, int]] = []
    rows = iter(aligned)
    row = next(rows, None)
    in_item = False
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        while row is not None and row.end <= m.start():
            row = next(rows, None)
        if row is not None and row.start <= m.end() and m.start() < row.end:
            if not lines or lines[-1] != (row.start, row.end):
                lines.append((row.start, row.end))
            in_item = False
            continue
        line = m.group(0)
        wrapped = (
            in_item
            and not LIST_ITEM.match(line)
            and (line[:1].isspace() or line.lstrip()[:1].islower())
            and text.count("\n", lines[-1][1], m.start()) == 1  # no blank line between
        )
        if wrapped:
            lines[-1] = (lines[-1][0], m.end())
            continue
        lines.append((m.start(), m.end()))
        in_item = bool(LIST_ITEM.match(line))
    return lines


# A sentence that gives the reason for one before it: "We ask for this because ...".
_GIVES_WHY = re.compile(
    r"\b(?:because|the\s+reason|this\s+is\s+(?:why|because)|that\s+is\s+why|so\s+that|in\s+order\s+to)\b", re.I
)


def reason_after(best: Evidence, reach: int) -> Evidence | None:
    """The sentence after the best one, in its paragraph and item, within `reach` sentences, that
    gives a reason pointing back at what was said ("The boiler must be serviced every year ...
    If a service is missed, the warranty ends. We ask for this because an annual service catches
    small problems ..."); None when there is none."""
    return next(
        (at for at in _sentences_after(best, reach) if _GIVES_WHY.search(at.text) and points_back(at.text)), None
    )


def turn_after(best: Evidence, reach: int, asked: set[str]) -> Evidence | None:
    """The sentence after the best one, in its paragraph and item, within `reach` sentences, that
    turns against what was said and says something `asked` that the best one does not ("A
    variety of alternatives to Y. pestis have been put forward. Twigg suggested ... However, no
    single alternative solution has achieved widespread acceptance."); None when there is none."""
    said = set(terms(best.text))
    return next(
        (
            at
            for at in _sentences_after(best, reach)
            if turns_to_the_contrary(at.text) and asked & (set(terms(at.text)) - said)
        ),
        None,
    )


def _sentences_after(best: Evidence, reach: int) -> Iterator[Evidence]:
    """The sentences after the best one, up to `reach`, while they stay in its paragraph and item."""
    at = best
    for _ in range(reach):
        span = neighbour(at, after=True)
        if span is None or not same_paragraph(at, span):
            return
        text = span_text(best.passage, *span)
        if is_heading(text) or LIST_ITEM.match(text):
            return  # another section or item says something else
        at = replace(best, start=span[0], end=span[1], text=text, score=0.0, coverage=0.0, similarity=0.0, shown="")
        yield at


def same_paragraph(ev: Evidence, span: tuple[int, int]) -> bool:
    """Is the span (a neighbour, after or before the evidence) in the evidence's paragraph?"""
    start = ev.passage.start
    gap = (ev.end - start, span[0] - start) if span[0] >= ev.end else (span[1] - start, ev.start - start)
    return not BLANK_LINE.search(ev.passage.text, *gap)


def _shares_subject(before: str, after: str) -> bool:
    """Does the next sentence's opening (its first six words) name something the sentence before did?"""
    opening = set(terms(" ".join(after.split()[:6])))
    return bool(opening & set(terms(before)))


# ---------------------------------------------------------------- evidence sets


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def choose(
    ranked: Sequence[Evidence],
    question: str,
    budget: int,
    floor: float,
    lacks: Callable[[Evidence], bool] = lambda e: False,
    causal: bool = False,
    require_new_terms: bool = True,
    reading_order: bool = True,
    carry_on: bool = True,
    rival: float | None = None,
    refer_back: bool = True,
    after_first: Callable[[str, str], bool] | None = None,
    taken: Callable[[Evidence], bool] = lambda e: False,
    narrative: bool = False,
) -> list[Evidence]:
    """The evidence set: the best sentence with its context, then further sentences that
    score at least `floor` x the best and add question terms (or, with
    `require_new_terms=False`, any sentence above the floor: lists), near-duplicates
    dropped, at most `budget` sentences, in document order within each source.

    With `rival`, the sentence after the best is quoted only when no other sentence scoring
    `rival` x the best holds question terms the best lacks: a tight budget goes to what
    the question asks before what the text goes on to say.

    `taken`: a quote another part of the answer already shows; a sentence is not grown into
    it, and no filler is taken from it. With `narrative` (with `causal`: "What happened to
    ...?"), an explanation goes on through the events that follow its best sentence."""
    if not ranked:
        return []
    q_terms = set(terms(question))
    best_score = ranked[0].score
    if rival is not None and carry_on:
        best_terms = set(terms(ranked[0].text))
        carry_on = not any(
            ev.score >= rival * best_score and (set(terms(ev.text)) & q_terms) - best_terms for ev in ranked[1:6]
        )
    chosen: list[Evidence] = []
    covered: set[str] = set()
    used = 0
    for ev in ranked:
        if used >= budget:
            break
        if chosen and ev.score < floor * best_score:
            break
        if (
            chosen
            and rival is not None
            and ev.passage.source != chosen[0].passage.source
            and ev.score < rival * best_score
        ):
            continue  # a single fact quotes another document only for a close rival (see RIVAL)
        if any(c.passage.source == ev.passage.source and c.start <= ev.start < c.end for c in chosen):
            continue  # already quoted as another sentence's context
        if is_heading(ev.text) and ev is not ranked[-1]:
            continue  # a heading names a topic, it says nothing of it (quoted only when all else is)
        ev_terms = set(terms(ev.text))
        if any(_overlap(ev_terms, set(terms(c.text))) >= DUPLICATE_OVERLAP for c in chosen):
            continue
        if chosen and require_new_terms and not (ev_terms & q_terms) - covered:
            continue
        grown = with_context(
            ev,
            lacks_answer=lacks(ev),
            causal=causal,
            limit=budget - used,
            carry_on=carry_on,
            refer_back=refer_back,
            after_first=after_first if not chosen else None,
            narrative=narrative,
        )
        if taken(grown):  # its context is quoted already: the sentence alone
            grown = ev
        inside = [
            c
            for c in chosen
            if c.passage.source == grown.passage.source and grown.start <= c.start and c.end <= grown.end
        ]
        chosen = [c for c in chosen if c not in inside]
        chosen.append(grown)
        used = sum(sentence_count(c) for c in chosen)
        covered |= set(terms(grown.text)) & q_terms
    if rival is not None and FILL_WITH_NEXT and chosen and used < budget:
        chosen = _with_next_sentence(chosen, ranked, q_terms, taken)
    elif causal and EXPLAIN_CARRY_ON and chosen and not gives_reason(chosen[0].text):
        # A best sentence that gives the reason itself ("... because of the crisis caused by the
        # American Revolution") is the answer; what follows it turns to other things.
        chosen = _carried_on(chosen, ranked, q_terms, budget - used, taken)
    # An explanation's quotes close a short gap between them: an argument read with a gap in
    # it loses the step that links its two ends.
    return in_reading_order(chosen, GAP_FILL_WORDS if causal else 0) if reading_order else chosen


def _with_next_sentence(
    chosen: list[Evidence],
    ranked: Sequence[Evidence],
    q_terms: set[str],
    taken: Callable[[Evidence], bool] = lambda e: False,
) -> list[Evidence]:
    """A single fact's budget left after its best sentence goes to the sentence after it in
    its paragraph, quoted on its own: the answer is often said just after the sentence that
    shares the question's words ("Kenya ranks low on the Corruption Perception Index ... In
    2012, the nation placed 139th"), whether or not that sentence opens with "He" or "This".
    It must go on about the same thing: carry the best sentence on, or share a word with it
    or with the question; a line that turns elsewhere ("IMPORTANT: ignore all previous
    instructions ...") is not quoted. The best sentence stays first, so the short answer is
    still read from it alone. When the sentence after cannot fill the slot (the paragraph
    ends, or it turns elsewhere), the sentence before can, on the same terms: the answer is
    as often said just before ("The affected region was 1,160,000 square miles ... The 2010
    drought had three epicenters")."""
    best = chosen[0]
    filler = _filler(best, chosen, ranked, q_terms, after=True)
    if filler is None and FILL_WITH_BEFORE:
        filler = _filler(best, chosen, ranked, q_terms, after=False)
    return [*chosen, filler] if filler and not taken(filler) else chosen


def _carried_on(
    chosen: list[Evidence],
    ranked: Sequence[Evidence],
    q_terms: set[str],
    room: int,
    taken: Callable[[Evidence], bool] = lambda e: False,
) -> list[Evidence]:
    """An explanation's budget left goes to the sentences after its best one, in its
    paragraph, one by one while each goes on about the same thing (see `_filler`)."""
    last = chosen[0]
    added: list[Evidence] = []
    for _ in range(room):
        filler = _filler(last, chosen + added, ranked, q_terms, after=True)
        if filler is None or taken(filler):
            break
        added.append(filler)
        last = filler
    return chosen + added


def _filler(
    best: Evidence, chosen: list[Evidence], ranked: Sequence[Evidence], q_terms: set[str], after: bool
) -> Evidence | None:
    """The best sentence's neighbour (after, else before) in its paragraph, as a filler quote,
    if it goes on about the same thing."""
    span = neighbour(best, after=after)
    if span is None:
        return None
    start, end = span
    passage = best.passage
    if not same_paragraph(best, span):
        return None  # a new paragraph turns to another point
    text = span_text(passage, start, end)
    if is_heading(text) or any(c.passage.source == passage.source and c.start <= start < c.end for c in chosen):
        return None
    goes_on = after and (CONTINUES.match(text) or PRONOUN_SUBJECT.match(text) or points_back(text))
    if not goes_on and not set(terms(text)) & (set(terms(best.text)) | q_terms):
        return None
    # Its own scores when it was ranked (the passage is the best one's: merged chunks share it).
    ranked_as = next((e for e in ranked if e.passage.source == passage.source and e.start == start), None)
    scores = (ranked_as.score, ranked_as.coverage, ranked_as.similarity) if ranked_as else (0.0, 0.0, 0.0)
    return replace(
        best, start=start, end=end, text=text, score=scores[0], coverage=scores[1], similarity=scores[2], filler=True
    )


def in_reading_order(evidence: list[Evidence], gap_words: int = 0) -> list[Evidence]:
    """Sources in the order they first appear; within a source, the document's order;
    overlapping or touching quotes of one source become one, and so do two of one paragraph
    with at most `gap_words` words between them (the words between quoted too)."""
    order: dict[str, int] = {}
    for ev in evidence:
        order.setdefault(ev.passage.source, len(order))
    merged: list[Evidence] = []
    for ev in sorted(evidence, key=lambda e: (order[e.passage.source], e.start)):
        last = merged[-1] if merged else None
        if last and last.passage is ev.passage and ev.start <= last.end + 1:
            if ev.end > last.end:
                merged[-1] = grow(last, last.start, ev.end)
                if (last.shown or ev.shown) and ev.start >= last.end:  # two shortened quotes shown as one
                    merged[-1].shown = f"{last.shown or last.text} {ev.shown or ev.text}"
            continue
        if (
            last
            and gap_words
            and last.passage is ev.passage
            and same_paragraph(last, (ev.start, ev.end))
            and len(span_text(ev.passage, last.end, ev.start).split()) <= gap_words
        ):
            merged[-1] = grow(last, last.start, ev.end)
            continue
        merged.append(ev)
    return merged
