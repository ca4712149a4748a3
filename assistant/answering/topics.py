"""What a summary is about: the documents a question names (by title, file name or opening
lines), and the sentences of a topic (its home paragraph, the section a heading names, the
paragraphs its sentences stand in).

Used by the answerer's summaries and the premise check ("our lease" names lease.md, so it is
no missing topic). Sentences are `Evidence` from `evidence.rank_sentences`, best first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answering import evidence as ev_mod
from assistant.answering.neighbours import paragraph_of, paragraph_span
from assistant.answering.plans import DOCUMENT_AND_TOPIC, DOCUMENT_FROM, DOCUMENT_NOUN, DOCUMENT_WORDS, WHICH_COPY
from assistant.answering.result import Evidence
from assistant.answering.tuning import BACKGROUND_MATE, HOME_LEAD
from assistant.text import coverage, sentence_lines, terms


def paragraph_mates(about: list[Evidence], ranked: list[Evidence]) -> list[Evidence]:
    """The other sentences of the paragraphs a topic's sentences stand in: a topic is told
    over a paragraph, and only some of its sentences name it ("The plugs-out test began on
    January 27, 1967" opens the paragraph on the Apollo 1 fire). They rank below the
    sentences that name it."""
    paragraphs: dict[tuple[str, int, int], float] = {}
    first: dict[tuple[str, int, int], int] = {}
    for ev in about:
        key = (ev.passage.source, *paragraph_span(ev))
        paragraphs[key] = min(paragraphs.get(key, ev.score), ev.score)
        first[key] = min(first.get(key, ev.start), ev.start)
    chosen = {(e.passage.source, e.start) for e in about}
    mates: list[Evidence] = []
    for ev in ranked:
        key = (ev.passage.source, *paragraph_span(ev))
        if key in paragraphs and (ev.passage.source, ev.start) not in chosen and not ev_mod.is_heading(ev.text):
            chosen.add((ev.passage.source, ev.start))
            ev.score = min(ev.score, 0.9 * paragraphs[key])
            if ev.start < first[key]:
                ev.score *= BACKGROUND_MATE  # before the paragraph names the topic: its background
            mates.append(ev)
    return mates


def paragraph_key(ev: Evidence) -> tuple[str, int, int]:
    return (ev.passage.source, *paragraph_span(ev))


def home_paragraph(
    about: list[Evidence], topic_terms: set[str], weight: Callable[[str], float]
) -> tuple[str, int, int] | None:
    """The paragraph whose first sentence names the topic ("Cultural imperialism is when
    ..."): the document's own account of it, which the summary tells before asides that
    name the topic in passing. The best ranked such paragraph, or None."""
    for ev in about:
        lead = paragraph_of(ev)
        spans = sentence_lines(lead)
        if spans and coverage(topic_terms, set(terms(lead[spans[0][0] : spans[0][1]])), weight) >= HOME_LEAD:
            return paragraph_key(ev)
    return None


def home_section(ranked: list[Evidence], topic_terms: set[str], weight: Callable[[str], float]) -> list[Evidence]:
    """The sentences under the heading that names the topic ("6. CLAIMING EXPENSES" for "How
    does claiming my expenses back work?", "### Solar panels on Block B"), in document order up
    to the next heading: the document's own section on it. The best ranked such heading's; []
    when none (a document's title, its first line, names the document, not a section of it)."""
    for head in ranked:
        if head.start == 0 or not ev_mod.is_heading(head.text):
            continue
        if coverage(topic_terms, set(terms(head.text)), weight) < HOME_LEAD:
            continue
        after = sorted(
            (e for e in once(ranked) if e.passage.source == head.passage.source and e.start > head.start),
            key=lambda e: e.start,
        )
        section: list[Evidence] = []
        for e in after:
            if _ends_section(e.text, head.text):
                break
            if not ev_mod.is_heading(e.text):
                section.append(e)
        if section:
            return section
    return []


# "the incidents we had last quarter": what the topic is ends where a clause about us begins;
# a heading names the incidents, not our quarter.
PRONOUN_CLAUSE = re.compile(r"\s+(?:that\s+|which\s+)?(?:we|i|you|they)\s+\w+\b.*$", re.I)


def _ends_section(line: str, heading: str) -> bool:
    """Does the line open the next section of the heading's rank: a Markdown heading of as few
    hashes or fewer, or in plain text another heading written as the heading is (capitals or
    not)? A bold label ("**Decision:**") opens none."""
    marks = len(heading) - len(heading.lstrip().lstrip("#")) if ev_mod.MARKDOWN_HEADING.match(heading) else 0
    if marks:
        return bool(ev_mod.MARKDOWN_HEADING.match(line)) and len(line) - len(line.lstrip().lstrip("#")) <= marks
    return ev_mod.is_heading(line) and not line.lstrip().startswith("**") and line.isupper() == heading.isupper()


# Nouns that name any document ("the document", "the article"), never one of them.
ANY_DOCUMENT = frozenset(terms("document article text file page source piece paper story"))
# Words of a topic that name no document: its kind ("report") and which copy ("the latest").
NOT_NAMING = frozenset(terms(" ".join((*DOCUMENT_WORDS, *WHICH_COPY, "page"))))


def asked_of(phrase: str, documents: dict[str, str], opening: Callable[[str], str]) -> list[str]:
    """The documents a phrase such as "the travel policy" or "the manual" names, by title, file
    name and opening lines, when it names some but not all. "The document", "the article" and
    "the text" name any of them."""
    wanted = set(terms(phrase)) - NOT_NAMING - ANY_DOCUMENT
    found = _named_with_opening(wanted, documents, opening) if wanted else []
    found = found or by_noun(phrase, documents)
    return found if len(found) < len(documents) else []


def by_noun(topic: str, documents: dict[str, str]) -> list[str]:
    """The one document whose title or file name holds the noun a topic ends in ("the
    builder's quote" of renovation_quote.md, whose text says "quotation"), or none when no
    document or several do."""
    noun = DOCUMENT_NOUN.search(topic.strip(" ?.!"))
    if noun is None or set(terms(noun.group(0))) <= ANY_DOCUMENT:
        return []  # "the document", "the article": any of them
    said = set(terms(noun.group(0)))
    found = [source for source, title in documents.items() if said & name_terms(source, title)]
    return found if len(found) == 1 else []


_OWNED = re.compile(r"^\s*(?:my|our|your)\b", re.I)
# Where a topic's head ends: "my council tax bill | for this year".
_HEAD_END = re.compile(r"\s+(?:for|in|on|about|of|from|at|during|over|with|to)\s+", re.I)


def _named_by_head(topic: str, documents: dict[str, str]) -> list[str]:
    """The one document whose title or file name holds every word, two or more, of the head of
    a topic that is the asker's own ("my council tax bill for this year" of
    council_tax_bill.md), or none. Only "my", "our" or "your" says it is a document: "private
    schools in India" is a topic of Private_school.txt, and "Southern California's airports"
    one of Southern_California.txt; "my council tax discount" is a topic of the bill."""
    if not _OWNED.match(topic):
        return []
    head = _HEAD_END.split(topic.strip(" ?.!"), maxsplit=1)[0]
    wanted = set(terms(head)) - NOT_NAMING
    found = []
    for source, title in documents.items():
        named = name_terms(source, title)
        if len(wanted) >= 2 and wanted <= named:
            found.append(source)
    return found if len(found) == 1 else []


def by_file_name(topic: str, documents: dict[str, str]) -> list[str]:
    """The one document whose file name holds the topic's last word ("our latest gas and
    electric bill" of energy_bill.md) or two of its words ("my payslip and the P60 bit" of
    payslip_and_p60.txt), or none when no document or several do."""
    words = topic.strip(" ?.!").split()
    last = set(terms(words[-1])) - ANY_DOCUMENT if words else set()
    wanted = set(terms(topic)) - NOT_NAMING - ANY_DOCUMENT
    found = []
    for source in documents:
        named = set(terms(title_words(source.rsplit("/", 1)[-1])))
        if last & named or len(wanted & named) >= 2:
            found.append(source)
    return found if len(found) == 1 else []


def _named_with_opening(wanted: set[str], documents: dict[str, str], opening: Callable[[str], str]) -> list[str]:
    """The documents whose title, file name and opening lines together hold every wanted term,
    and whose title or file name holds one: the opening lines are read only for a document its
    title or file name already points to, so a store of thousands is not read for one question."""
    found = []
    for source, title in documents.items():
        named = name_terms(source, title)
        if wanted & named and wanted <= named | set(terms(title_words(opening(source)))):
            found.append(source)
    return found


def once(sentences: list[Evidence]) -> list[Evidence]:
    """Each sentence once, at its best score."""
    best: dict[tuple[str, int], Evidence] = {}
    for ev in sentences:
        key = (ev.passage.source, ev.start)
        if key not in best or ev.score > best[key].score:
            best[key] = ev
    return [ev for ev in sentences if best[(ev.passage.source, ev.start)] is ev]


def name_terms(source: str, title: str) -> set[str]:
    """The terms of a document's title and file name ("renovation_quote.md": renovation, quote)."""
    return set(terms(title_words(f"{title} {source.rsplit('/', 1)[-1]}")))


def title_words(title: str) -> str:
    """A title as words: file-name titles ("apollo_program") split where a name would."""
    return re.sub(r"[_\-.]+", " ", title)


def named_documents(topic: str, documents: dict[str, str], opening: Callable[[str], str] | None = None) -> list[str]:
    """Documents a summary's topic names: by file name ("report.pdf") or by title, or, for a
    topic that ends in a document's noun, by title and opening lines together ("the March board
    minutes": "board_minutes_2026-03.md", whose first lines say "Minutes of the Board Meeting —
    17 March 2026"). `opening` reads a document's first lines."""
    sent = DOCUMENT_FROM.match(topic.strip(" ?.!"))
    if sent and opening is not None:
        return _sent_by(sent.group("document"), sent.group("sender"), documents, opening)
    wanted = set(terms(topic)) - NOT_NAMING
    lowered = topic.lower()
    found = []
    for source, title in documents.items():
        name = source.rsplit("/", 1)[-1].lower()
        stem = name.rsplit(".", 1)[0]
        if re.search(r"(?<![\w.])" + re.escape(name) + r"\b", lowered):
            found.append(source)  # "Summarize report.pdf"
        elif wanted and wanted <= set(terms(title_words(title + " " + stem))):
            found.append(source)  # "the Black Death article": every word of the topic is in the title
    found = found or _named_by_head(topic, documents)
    if found or opening is None:
        return found
    if DOCUMENT_NOUN.search(topic):
        return (_named_with_opening(wanted, documents, opening) if wanted else []) or by_noun(topic, documents)
    named, part = document_and_topic(topic, documents, opening)
    return named if part is None else []


def _sent_by(document: str, sender: str, documents: dict[str, str], opening: Callable[[str], str]) -> list[str]:
    """The one document a topic names as a letter (or report ...) from a sender ("the letter from
    the letting agent"): the documents named by the noun, and, of several, those whose title,
    file name or opening lines name the sender in a word of theirs ("Harrow & Pike Lettings");
    none when that leaves several or none."""
    noun = DOCUMENT_NOUN.search(document)
    said_noun = set(terms(noun.group(0))) if noun else set()
    found = named_documents(document, documents, opening) or [
        s for s in documents if said_noun <= ANY_DOCUMENT or said_noun & name_terms(s, documents[s])
    ]
    if len(found) > 1:
        said = set(terms(sender)) - NOT_NAMING
        found = [s for s in found if said & (name_terms(s, documents[s]) | set(terms(opening(s))))]
    return found if len(found) == 1 else []


def document_and_topic(
    topic: str, documents: dict[str, str], opening: Callable[[str], str]
) -> tuple[list[str], str | None]:
    """The documents a topic names before saying what of them it asks ("the vet's letter about
    Pepper"), and that part: None when it is what the documents are about, every word of it in
    their title, file name or opening lines ("Pepper", the letter's patient; "leave and sick
    pay" of a handbook section so headed), so the whole document is asked for; else the part
    ("the travel policy on flying": "flying"). ([], topic) when the topic names no document."""
    split = DOCUMENT_AND_TOPIC.match(topic.strip(" ?.!"))
    named = named_documents(split.group("document"), documents, opening) if split else []
    if not split or not named:
        return [], topic
    part = split.group("topic")
    wanted = set(terms(part)) - NOT_NAMING
    about = all(wanted <= name_terms(s, documents[s]) | set(terms(title_words(opening(s)))) for s in named)
    return named, None if about else part
