"""False premises: what a question presupposes that no document holds.

A question naming a thing no document mentions is answered "The documents don't mention X."
(`Answer.missing` lists X), and a refusal for weak evidence names the words no document holds
as words ("No document uses the word "nicked"."), not as things the documents are silent on.
Checked before any evidence is gathered: names and years (`text.names`), a name with a number
the documents number otherwise ("Apollo 13"), an acronym they neither write nor spell out
("OPEC"), what "how many" counts, and an ordinal ("the fifth report"). What is named is true of
the documents by construction: none of them holds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answering import compose
from assistant.answering.answer_types import AUXILIARY as _AUX
from assistant.answering.plans import DOCUMENT_NOUN, FILE_NAME, Plan
from assistant.answering.result import Answer
from assistant.config import REFUSAL
from assistant.retrieval import Retriever
from assistant.text import (
    ASKING_WORDS,
    NATIONALITIES,
    NUMBER_WORD_VALUES,
    ORDINAL_WORDS,
    STOPWORDS,
    askers_people,
    base_form,
    is_verb_form,
    participles,
    thesaurus,
)
from assistant.text.names import (
    MONTHS_AND_DAYS,
    NOT_A_NAME,
    OPENING_WORDS,
    acronyms,
    codes,
    mentioned_names,
    numbered_names,
    spelled_out,
)
from assistant.text.spelling import is_word

# "How many troops ...": what is counted. No XQuAD question counts a thing its store never names.
# What "how many" counts: the words up to the verb ("Olympic swimming medals has ..."), or
# else the first word ("how many troops").
_COUNTED = re.compile(
    r"^\s*how\s+many\s+((?:(?!" + _AUX + r")[\w'’-]{3,}\s+){1,4}(?=" + _AUX + r")|[a-z][\w-]{2,})", re.I
)


# Words a question uses to ask, not to name what it presumes: "List the people quoted".
_GENERIC = ASKING_WORDS | frozenset(
    """lots part parts article articles document documents text texts report reports file files source
    sources mentioned mention mentions quoted quote quotes named names listed say says said speaking strictly
    generally broadly roughly approximately role roles significance importance purpose afterwards afterward
    later earlier recently today tomorrow yesterday again also still instead overall anyway gist rundown
    overview summary recap synopsis""".split()
)


# What a question asks about, at its end: "What did Macron say about Russia's nuclear weapons?"
# Not "about" as "roughly" ("about how many Huguenots had escaped", "about 40 miles away"): what
# follows is the question or a number, no topic.
_ABOUT = re.compile(
    r"\babout\s+(?!(?:how|what|which|when|where|who|why|a\s+(?:third|quarter|half|dozen))\b|\d)"
    r"(?P<topic>[^?!]+?)\s*[?.!]*$",
    re.I,
)


_STOP_RE = "|".join(sorted(STOPWORDS))
# An ordinal in words or digits ("fifth", "28th"), with up to two words it qualifies; not a
# time, which is said many ways ("the 15th century", and a day of the month: see `missing`).
_ORDINAL = re.compile(
    rf"\b(?:(?P<word>{'|'.join(ORDINAL_WORDS)})|(?P<n>\d{{1,3}})(?:st|nd|rd|th))\b"
    rf"(?!\s+(?:century|centuries|millennium))(?:\s+(?!(?:{_STOP_RE})\b)[\w'’-]+){{0,2}}",
    re.I,
)


def _ordinal_forms(n: int) -> list[str]:
    """How a document may write the ordinal n: "5th" and "fifth"."""
    tens = n % 100
    suffix = "th" if 11 <= tens <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return [f"{n}{suffix}", *ORDINAL_WORDS[n - 1 : n]] if n >= 1 else [f"{n}{suffix}"]


def unknown_words(question: str, known: Callable[..., bool]) -> list[str]:
    """Lower-case content words of the question that no document contains, in any form. A
    word of three letters counts when WordNet has it mostly as a noun ("gym", "van"), not as a
    verb or an adjective ("see", "fix", "big")."""
    return [
        w
        for w in dict.fromkeys(re.findall(r"\b[a-z][\w-]{2,}", question))
        if (len(w) > 3 or thesaurus.usual_part(w) == "noun")
        and w not in STOPWORDS
        and w not in OPENING_WORDS  # "go along with": a particle names nothing
        and w not in _GENERIC
        and not known(w, variants=False)
        and not known(base_form(w), variants=False)
    ]


# The verb of "Did <Name> marry?" and "Was <Name> murdered?" (a lower-case word right after a
# capitalised subject) and of "Who sang ...?" (the word after "who" that is no auxiliary).
_AUXILIARY = "is|was|are|were|did|does|do|can|could|will|would|should|may|might"
_ASKED_VERB = re.compile(
    rf"^(\s*(?i:(?:{_AUXILIARY})\s+)(?:[A-Z][\w'’.-]*\s+)+|\s*(?i:who)\s+(?!(?i:{_AUXILIARY}|has|have|had)\b))[a-z]+\b",
)


def with_noun(question: str, missing: str) -> str:
    """A number no document has, named with the noun it dates or counts: "the 2010
    constitution" is what the documents do not mention, not the year alone."""
    m = re.search(r"(?<![\w-])" + re.escape(missing) + r"\s+([a-z][\w-]+)", question) if missing[:1].isdigit() else None
    return f"{missing} {m.group(1)}" if m and m.group(1) not in STOPWORDS else missing


# The statements that set a question's scene: "We're off to Thailand in the spring. " before
# "when does the surgery do travel jabs" (a part of a several-fact question keeps its scene, and
# its question word in lower case).
_SCENE_STATEMENTS = re.compile(r"^(?:[^?!]*?[.!]\s+)+(?=(?:who|whom|whose|what|which|when|where|why|how)\b)", re.I)


def _past_the_scene(text: str) -> str:
    """The question after the statements that set its scene."""
    return _SCENE_STATEMENTS.sub("", text, count=1)


def missing(
    retriever: Retriever, plan: Plan, presumed: str, unspelled: list[str], names_document: bool = False
) -> list[str]:
    """What the question presupposes (`presumed`: its words less a bound it asks about) that
    no document holds, in the order it names them; `unspelled` from `spell_acronyms`;
    `names_document`: the summary's topic names a document by its title or file name ("our
    lease" of lease_agreement.md, whose text says "tenancy"), so it is no missing topic."""
    # "Is Hoesung Lee a Japanese economist?" asks a nationality; it does not presume one, and
    # another said of him is the answer (No). So does "Do the committees meet on Monday
    # mornings?" ask a day: "... on Tuesday, Wednesday and Thursday mornings" answers it.
    # A name in a statement that sets the scene is the asker's say-so, not a presumption about
    # the documents: "We're off to Thailand in the spring. When does the surgery do travel jabs?"
    # asks of the surgery, whose leaflet names no country.
    missing = [
        name
        for name in mentioned_names(_past_the_scene(presumed))
        if not _known(retriever, name)
        and not (
            plan.kind == "yesno"
            and (name.lower() in NATIONALITIES or name.lower().removesuffix("s") in MONTHS_AND_DAYS)
        )
    ]
    missing += [n for n in numbered_names(presumed) if not any(n in m for m in missing) and _other_number(retriever, n)]
    # A code the scene writes is asked about all the same: "The screen is flashing E12. What do I do?"
    missing += [c for c in codes(plan.asks) if c not in presumed and not _known(retriever, c)]
    missing += unspelled
    about = plan.topic if plan.kind == "summary" and not names_document else None
    if about is None:
        m = _ABOUT.search(presumed)
        about = m.group("topic") if m else None
    if about:
        missing += [t for t in absent_topic(retriever, about) if not any(t in m for m in missing)]
    counted = _COUNTED.match(plan.asks)
    counted_words = counted.group(1).split() if counted else []
    for i, word in enumerate(counted_words):
        # What is counted must be there as it is asked ("troops"); a word qualifying it
        # ("swimming" medals) in any form.
        head = i == len(counted_words) - 1
        if (
            word.lower() not in STOPWORDS
            and word.lower() not in _GENERIC  # "how many people": counted as residents, inhabitants
            and not retriever.knows(word, variants=not head)
            and not retriever.knows(base_form(word), variants=not head)
            and word not in " ".join(missing)
        ):
            missing.append(word)  # none anywhere, so none to count
    # "the IPCC's fifth assessment report": an ordinal no document writes, in words or
    # digits, picks out a thing the documents do not have.
    for said in _ORDINAL.finditer(presumed):
        n = ORDINAL_WORDS.index(said.group("word").lower()) + 1 if said.group("word") else int(said.group("n"))
        if said.group("n") and n <= 31 and not said.group(0).split()[1:]:
            continue  # a day of the month ("on the 10th", "the 14th of March"): a time, no thing
        if not any(retriever.knows(form, variants=False) for form in _ordinal_forms(n)):
            missing.append(said.group(0))  # "the fifth assessment report"
    return missing


def absent_topic(retriever: Retriever, topic: str) -> list[str]:
    """What a topic names besides its names ("nuclear weapons" of "Russia's nuclear weapons"),
    when no document holds any of those words in any form; else nothing. A topic whose name
    the documents know is still not in them when what it says of the name is nowhere: a
    summary of "NATO's nuclear weapons" would summarise NATO. One word the documents hold
    ("Macron's views on China") keeps it: the topic may be told in other words."""
    if DOCUMENT_NOUN.search(topic.strip()) or FILE_NAME.match(topic.strip()):
        return []  # a document named by its title or file name ("harbour_report.pdf")
    rest = topic
    for name in mentioned_names(topic):
        rest = rest.replace(name, " ")
    words = [w for w in re.findall(r"\b[a-z][\w-]{3,}", rest) if w not in STOPWORDS | NOT_A_NAME | _GENERIC]
    if not words or set(unknown_words(rest, retriever.knows)) != set(words):
        return []
    phrase = " ".join(words)
    return [phrase] if re.search(r"\s+".join(map(re.escape, words)), rest) else words


def spell_acronyms(retriever: Retriever, question: str, k: int) -> tuple[str, list[str]]:
    """The question with the words its acronyms stand for where the documents write only
    those ("the American Automobile Association" for "the AAA"), and the acronyms they neither
    write nor spell out in a passage retrieved for the question or for the acronym alone:
    "OPEC" where no document says "OPEC" or "Organization of the Petroleum Exporting Countries"."""
    # In lower case, so that only a form of it counts ("ARPNET" for "ARPANET"), not any acronym.
    unwritten = [a for a in acronyms(question) if not retriever.knows(a.lower())]
    if not unwritten:
        return question, []
    asked = retriever.retrieve(question, k)
    unspelled = []
    for acronym in unwritten:
        pattern = spelled_out(acronym)
        found = next(
            (m for p in [*asked, *retriever.retrieve(acronym, k)] for m in [pattern.search(p.text)] if m), None
        )
        if found:
            question = re.sub(rf"\b{acronym}\b", " ".join(found.group(0).split()), question)
        else:
            unspelled.append(acronym)
    return question, unspelled


# Words that qualify or link what a question asks and name no thing: a refusal that said "No
# document uses the word "actually"" would send the reader after the wrong word.
_NAMES_NOTHING = frozenset(
    """already altogether anything anyway away else enough ever everything maybe never nothing often
    perhaps quite rather really something sometimes somewhere soon together whether""".split()
    # Words that sort or weigh what is named, not name it: "What outings have the different year
    # groups got lined up?", "What signs mean I should phone the vet?"
    + """different various particular certain usual ordinary main great extra mean reason thing things
    stuff situation situations""".split()
) | frozenset(NUMBER_WORD_VALUES)  # "three weeks": the documents may write "3 weeks"
# The verb after a personal subject ("are we actually saying our vows", "what will they want"):
# what the question asks of someone, not a thing it presumes.
_PERSON_VERB = re.compile(r"\b(?:[Ii]|we|you|they|he|she)\s+(?:[a-z]+ly\s+)?(?:not\s+)?([a-z]+)\b")


def _adverb(word: str) -> bool:
    """An -ly adverb made from an English word ("actually", "normally", "fatally", "happily"),
    not a noun that ends so ("family", "supply", "assembly")."""
    if not word.endswith("ly") or len(word) < 6:
        return False
    stem = word[:-2]
    # "happily" of "happy", "basically" of "basic", "entirely" of "entire"
    forms = (
        stem,
        stem + "e",
        stem[:-1] + "y" if stem.endswith("i") else "",
        stem[:-2] if stem.endswith("ical") else "",
    )
    return any(is_word(s) for s in forms if len(s) >= 4)


# Everyday phrases whose words name no thing: "No document uses the word "top"" for "on top of
# the holiday price" would send the reader after the wrong word.
_IDIOMS = re.compile(
    r"\b(?:on\s+top\s+of|in\s+the\s+middle\s+of|(?:a\s+)?(?:little\s+)?bit\s+of|for\s+a\s+bit|a\s+little"
    r"|(?:end|ends|ended|ending)\s+up|(?:make|makes|made)\s+sure|no\s+longer|every\s+single"
    r"|what(?:'s|\s+is)\s+the\s+deal|(?:pack|packs|packed)\s+(?:it\s+)?(?:up|in)|(?:drop|drops|dropped)\s+out"
    r"|hang\s+on\s+to|(?:hand|hands|handed)\s+over|(?:come|comes|coming)\s+round|(?:play|plays|played)\s+up"
    r"|set\s+(?:me|us|you|them)\s+back|(?:have|had)\s+a\s+go)\b",
    re.I,
)


def not_found(retriever: Retriever, question: str) -> list[str]:
    """What a refusal names: the question's words no document holds that name a thing
    (`naming`). Not the word after "how", which asks the question ("How large ..."), nor the
    verb it asks of a subject ("Did Xi Jinping marry?", "Who sang ..."): "The documents don't
    mention marry" names no thing; nor a word of an everyday phrase ("on top of", "packs up")."""
    asked = _ASKED_VERB.sub(r"\1 ", re.sub(r"\bhow\s+\w+", " ", _IDIOMS.sub(" ", question), flags=re.I))
    return naming(question, unknown_words(asked, retriever.knows))


# "Which physical quantity has ...", "What natural phenomena did ...": the noun before the first
# auxiliary is the kind of thing asked for, which the answer need not be called.
_ASKED_KIND = re.compile(
    r"^\s*(?:which|what)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<kind>[a-z][\w-]*)\s+"
    r"(?:has|have|had|did|do|does|is|are|was|were|will|would|can|could)\b",
    re.I,
)


_IN_LAW = re.compile(r"\b[a-z]+\s*-\s*in\s*-\s*laws?\b", re.I)


def naming(question: str, words: list[str]) -> list[str]:
    """Of a question's words, those that name a thing it presumes: not the kind it asks for
    ("Which physical quantity has ..."), a word that qualifies or links ("already"), an
    adverb ("actually"), the verb after a person ("when they looked") or an auxiliary ("are
    stationed", "had raised"), nor another form of a verb ("brought", "begun"). "The
    documents don't mention brought." names nothing they lack."""
    kind = _ASKED_KIND.match(question)
    asking = {m.group(1) for m in _PERSON_VERB.finditer(question)} | participles(question)  # verbs it asks with
    if kind:
        asking.add(kind.group("kind").lower())
    people = askers_people(question)  # "my partner": the asker's, no thing the documents must hold
    # "brother-in-law" (a part of a question may space its hyphens): no thing either; only its
    # naming is kept from it, not its weight, which still counts at the refusal gate.
    for m in _IN_LAW.finditer(question):
        parts = re.split(r"\s*-\s*", m.group(0).lower())
        people |= {"-".join(parts), *parts}
    return [
        w
        for w in words
        if w.lower() not in _NAMES_NOTHING
        and w.lower() not in people
        and w.lower() not in asking
        and not _adverb(w.lower())
        and not is_verb_form(w)
    ]


def no_such_words(result: Answer, words: list[str]) -> Answer:
    """A refusal for weak evidence that names the question's words no document holds: true of
    the documents, and no claim that they are silent on the subject, which they may tell in
    other words ("suitcases" of an itinerary that says "one hold bag of up to 23 kg")."""
    result.missing = words
    quoted = compose.join_or([f'"{w}"' for w in words])
    result.answer = f"{REFUSAL} No document uses the word{'s' if len(words) > 1 else ''} {quoted}."
    return result


def not_mentioned(result: Answer, missing: list[str]) -> Answer:
    """The answer saying what the documents don't mention."""
    missing = [with_noun(result.question, m) for m in missing]
    result.missing = missing
    result.answer = f"The documents don't mention {compose.join_or(missing)}."
    return result


def _known(retriever: Retriever, name: str) -> bool:
    """Every word of the name is in some document, or the documents write the name by its
    initials ("Major League Baseball" where they say "MLB")."""
    words = [w for w in re.findall(r"[\w’'-]+", name) if w.lower() not in NOT_A_NAME]
    if all(retriever.knows(word) for word in words):
        return True
    capitals = [w for w in words if w[:1].isupper()]
    return len(capitals) >= 2 and retriever.knows("".join(w[0] for w in capitals).lower(), variants=False)


def _other_number(retriever: Retriever, name: str) -> bool:
    """Do the documents number this name, but never with this number? "Apollo 13" where they
    write "Apollo 1" and "Apollo 11" is another mission. A name they never number ("Super Bowl
    50" over paragraphs saying "the Super Bowl") may be what they describe."""
    base = name.rsplit(maxsplit=1)[0]
    return not retriever.says(name) and retriever.says(base, then=r"\d{1,3}")
