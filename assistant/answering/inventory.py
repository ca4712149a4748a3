"""Inventory lists: "Which countries are mentioned?", "List the people quoted in the article",
"Which news outlets does the article cite?".

Such a question names only a kind of thing, so no sentence shares its words and retrieval
cannot rank what answers it. The documents' sentences are scanned for things of that kind
instead (countries by name, people by the shape of a person's name, news outlets by what they
do: "Kyodo News reported"), and each is listed with
the first sentence that names it.
"""

from __future__ import annotations

import re

from assistant.answering.result import Evidence
from assistant.text import NATIONALITIES, terms
from assistant.text.countries import COUNTRIES, countries_in
from assistant.text.names import mentioned_names

# The words a question uses for each kind.
_KINDS = {
    "country": "country countries nation nations state states",
    "person": "people person persons individuals individual figures names leaders politicians officials men women",
    "outlet": "news outlets outlet newspapers newspaper papers media publications publication agencies broadcasters",
}
_KIND_OF = {word: kind for kind, said in _KINDS.items() for word in said.split()}

# "Which countries are mentioned?", "List all the people quoted in the article", "Who is
# mentioned in the report?": the kind, then nothing but how the documents hold them.
_ASKS = re.compile(
    r"^\s*(?:(?:which|what)|(?:list|name|give\s+me)(?:\s+all)?(?:\s+of)?|who\s+(?:are|is|was|were))\s+"
    r"(?:the\s+|all\s+(?:the\s+)?)?(?P<kind>[a-z]+)?\b(?P<rest>.*)$",
    re.I,
)
_HOLDS = frozenset(
    terms(
        "are is was were mentioned named quoted cited cite cites listed appear appears appearing referred discussed "
        "talked featured involved in the this that article document documents text report file story page "
        "news piece there does do did it they"
    )
)
# Words of a title or office before a person's name ("French President Emmanuel Macron",
# "NATO Secretary-General Jens Stoltenberg"), and words no person's name holds.
_TITLES = frozenset(
    """president senator secretary-general secretary minister prime pm chancellor king queen prince princess
    general governor mayor dr mr mrs ms sir dame pope emperor empress chairman chairwoman director chief
    republican democrat economist professor judge justice ambassador commander captain lord lady saint st
    former late foreign defence defense deputy vice head leader spokesman spokeswoman""".split()
)
_NOT_PEOPLE = frozenset(
    """university college school church parliament river bridge company council party office region ocean
    sea bay island islands mountains street road house court army navy union alliance agency ministry
    department committee commission association society institute museum library war treaty act bank
    group league cup award prize festival day""".split()
)


def asked_kind(question: str) -> tuple[str, set[str]] | None:
    """The kind of thing an inventory question asks for ("country", "person") and the terms
    it says beside the kind and how documents hold things (a document it names: "in the
    Martin Luther article"), or None."""
    m = _ASKS.match(question.strip().rstrip("?.! "))
    if not m:
        return None
    kind = _KIND_OF.get((m.group("kind") or "").lower())
    rest = m.group("rest")
    if kind is None and re.match(r"^\s*who\s+(?:is|was|are|were)\s+(?:mentioned|named|quoted|cited)\b", question, re.I):
        kind, rest = "person", question  # "Who is mentioned in the article?"
    if kind is None:
        return None
    return kind, set(terms(rest)) - _HOLDS - set(terms(_KINDS[kind]))


def people_in(text: str) -> list[tuple[str, str]]:
    """Names the text may give people by in full ("Emmanuel Macron", "Jens Stoltenberg"): a
    run of two or three capitalized words after any title, none of them a country, a
    nationality or a word of a place's or an office's name. Which are people is decided over
    the whole document (`inventory`)."""
    found: list[str] = []
    for name in mentioned_names(text):
        words = re.split(r"\s+", name.strip())
        while words and (words[0].lower() in _TITLES or words[0].lower() in NATIONALITIES or words[0].isupper()):
            words = words[1:]
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in (words[0], words[-1])):
            continue
        if " ".join(words) in COUNTRIES or any(
            w.lower() in _NOT_PEOPLE or w.lower() in NATIONALITIES or w.isupper() or w in COUNTRIES for w in words
        ):
            continue
        found.append(" ".join(words))
    return [(name, name) for name in dict.fromkeys(found)]


# What is said of a person and not of a place, a paper or a company: speech ("asserted"), "his"
# or "her", "who", a lifespan, or a role named before ("two businessmen ..., Robert Lane").
_SAYS = r"(?:said|says|say|asserted|stated|told|added|wrote|argued|claimed|noted|warned|explained|insisted)"
_ROLES = (
    r"(?:businessm[ae]n|architects?|economists?|engineers?|scientists?|writers?|poets?|painters?|"
    r"physicists?|chemists?|inventors?|authors?|historians?|philosophers?|theologians?|composers?|"
    r"politicians?|journalists?|lawyers?|founders?|students?|professors?|players?|singers?|actors?)"
)


def _is_person(name: str, text: str) -> bool:
    """Is the name a person's, by what the text says with it: a title before ("President
    Emmanuel Macron"), speech ("Stoltenberg asserted"), a verb and "his" or "her" after
    ("Guglielmo Marconi made his ..."), "who" after, a lifespan after, or a role before ("two businessmen in 1886, Robert
    Lane and Benjamin Vail"). Capitals alone name papers, places and buildings as well."""
    said = re.escape(name)
    cues = (
        rf"\b(?:{'|'.join(sorted(_TITLES))})\s+{said}",
        rf"{said}\W+(?:\w+\W+){{0,2}}{_SAYS}\b|\b{_SAYS}\W+(?:\w+\W+){{0,1}}{said}",
        rf"{said}\s+\w+\s+(?:his|her)\b|{said},?\s+who\b",
        rf"{said}\s*\(\s*(?:c\.\s*)?\d{{3,4}}\s*[–-]",
        rf"\b{_ROLES}\W+(?:[\w,]+\W+){{0,2}}{said}",
    )
    return any(re.search(cue, text, re.I if n == 0 else 0) for n, cue in enumerate(cues))


# A news outlet is known by what it does in a sentence: "Kyodo News reported", "According to The
# Guardian", "As per the report by the Financial Times". Capitals alone name people and places too.
_OUTLET_NAME = r"(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}"
_REPORTED = re.compile(
    rf"(?P<a>{_OUTLET_NAME})\s+(?:has\s+|had\s+)?(?:reported|reports|revealed|wrote)\b"
    rf"|\b(?:[Aa]ccording\s+to|[Aa]s\s+per)\s+(?:the\s+|a\s+)?(?P<b>{_OUTLET_NAME})"
    rf"|\b(?:report|reports|article|interview|survey|poll|editorial)\s+(?:by|in|from|of)\s+(?:the\s+)?(?P<c>{_OUTLET_NAME})"
)


def outlets_in(text: str) -> list[tuple[str, str]]:
    """The news outlets the text cites by what they do ("Kyodo News reported"), as (name,
    written); who is a person is decided over the whole document (`inventory`)."""
    found = []
    for m in _REPORTED.finditer(text):
        written = next(g for g in m.groups() if g)
        name = re.sub(r"^The\s+", "", written)
        if name.split()[0].lower() not in _TITLES and name not in COUNTRIES and name.lower() not in NATIONALITIES:
            found.append((name, written))
    return list(dict.fromkeys(found))


def inventory(sentences: list[Evidence], kind: str, limit: int) -> list[tuple[str, Evidence]]:
    """The things of the kind the sentences name, each quoted by the first sentence naming it
    and labelled as that sentence writes it ("Japan, France"); in the order the documents name
    them, at most `limit` things, the most often named kept."""
    find = {"country": countries_in, "person": people_in, "outlet": outlets_in}[kind]
    first: dict[str, tuple[str, Evidence]] = {}
    count: dict[str, int] = {}
    for sentence in sentences:
        for thing, written in find(sentence.text):
            first.setdefault(thing, (written, sentence))
            count[thing] = count.get(thing, 0) + 1
    whole = " ".join(sentence.text for sentence in sentences) if kind != "country" else ""
    if kind == "person":
        first = {name: said for name, said in first.items() if _is_person(name, whole)}
    elif kind == "outlet":  # "according to Dr Ruth Okafor" cites a person
        first = {name: said for name, said in first.items() if not _is_person(name, whole)}
    kept = set(sorted(first, key=lambda t: -count[t])[:limit])
    by_sentence: dict[int, tuple[list[str], Evidence]] = {}
    for thing, (written, sentence) in first.items():
        if thing in kept:
            by_sentence.setdefault(id(sentence), ([], sentence))[0].append(written)
    return [(", ".join(labels), sentence) for labels, sentence in by_sentence.values()]
