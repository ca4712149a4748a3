"""The documents' words for question words no document holds.

A question may misspell a word ("gaurentee") or say in its own words what the documents say in
theirs ("medication" where the letter says "medicines"). Left as it is, such a word counts
against every sentence, and the question may be refused for it though the documents answer
it. Each such word is read as a word of the passages retrieved for the question, and the
answer says so ("Read "medication" as "medicines".").
- A misspelling: a word that is no English word (`text.spelling.is_word`) within REWORD_EDITS
  edits of a passage word that begins with the same letter.
- A synonym in WordNet (`text.thesaurus`): a passage word sharing one of its synonym sets
  ("stairs" and "steps", "error" and "fault"), in the part of speech the question uses the word
  in where it says ("the guarantee on ..." is a noun: "warranty"), in the form inflected as the
  word is ("kids": "children", not "child"). These sets hold no opposites, so this is done for
  every kind of question.
- Else a synonym by embedding: the passage word closest to it, at SYNONYM_MIN cosine or more. An
  embedding puts a word near its opposites and its kind as much as near its synonyms ("husband"
  and "wife" 0.87, "legal" and "illegal" 0.84), so a synonym is never looked for where a verdict
  hangs on the word (yes/no, comparisons), nor for a word naming one of a set of alternatives (a
  number, an ordinal, a day or month, a direction, a relative, a degree: "bigger"), and a word is
  never read as itself with a negating prefix.
Only lower-case words are read so, but for slips of the fingers. A name no document holds is what
a false premise presumes (premises.py), and is named as missing, unless the passages hold a name
of the same letters typed in another order ("Ghandi" for "Gandhi"), or, for a long name, with one
letter dropped or doubled ("Maastrich"): not a name with a letter changed ("Iceland", "Ireland").
A question's first word that runs an asking word into the next ("Whatis") is read as the two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from assistant.answering.premises import unknown_words
from assistant.answering.tuning import LONG_NAME_LETTERS, REWORD_EDITS, SPELLING_LETTERS, SYNONYM_MIN, SYNONYM_SENSES
from assistant.retrieval import Retriever
from assistant.text import KIN_WORDS, NUMBER_WORD_VALUES, ORDINAL_WORDS, STOPWORDS, terms, thesaurus
from assistant.text.names import MONTHS_AND_DAYS
from assistant.text.spelling import edits, is_word

_LOWER_WORD = re.compile(r"\b[a-z][a-z-]*[a-z]\b")
# Words that name one of a set of alternatives: another of the set is never a synonym.
_ALTERNATIVES = (
    frozenset(ORDINAL_WORDS)
    | frozenset(NUMBER_WORD_VALUES)
    | frozenset(MONTHS_AND_DAYS)
    | frozenset(
        """north south east west northern southern eastern western northeast northwest southeast southwest
        husband wife husbands wives mother father mothers fathers son daughter sons daughters brother sister
        brothers sisters uncle aunt nephew niece grandfather grandmother grandson granddaughter boyfriend
        girlfriend king queen prince princess male female men women man woman boys girls""".split()
    )
)
# A word right after one of these is a noun: "the guarantee", "my order", "any claims".
_DETERMINER = r"(?:the|a|an|this|that|these|those|my|our|your|his|her|their|its|any|each|every|no)"
_NEGATING = ("un", "in", "il", "im", "ir", "dis", "non", "non-", "anti")


def reword(
    question: str, retriever: Retriever, embed: Callable[[list[str]], Any], k: int, synonyms: bool = True
) -> dict[str, str]:
    """{question word: the passage word it is read as} for the question's lower-case words
    that no document holds and that a passage retrieved for it spells, names by a WordNet
    synonym, or (with `synonyms`) says in other words by embedding; for its names that no
    document holds and a passage spells with the same letters (`_renamed`); and for a first
    word that is two run together ("Whatis": "What is")."""
    unknown = unknown_words(question, retriever.knows)
    misnamed = _unknown_names(question, retriever.knows)
    # An asking word run into the next ("Whatare the ...", "howmany"): the question's first word.
    # Not any word: the vocabulary that tells a word of English lacks many a compound, which
    # would be split wrongly ("underactive", "afield").
    opening = re.match(r"\s*([A-Za-z]+)\b", question)
    split = _split(opening.group(1)) if opening and not retriever.knows(opening.group(1), variants=False) else None
    joined = {opening.group(1): split} if opening and split else {}
    unknown = [w for w in unknown if w not in joined]
    misnamed = [w for w in misnamed if w not in joined]
    if not unknown and not misnamed:
        return joined
    passages = retriever.retrieve(question, k)
    names = sorted({w for p in passages for w in _NAME_WORD.findall(p.text)})
    renamed = joined | {word: name for word in misnamed for name in [_renamed(word, names)] if name}
    if not unknown:
        return renamed
    # In the order the passages give them, best passage first: the first synonym found is read.
    in_order = [w for p in passages for w in _LOWER_WORD.findall(p.text) if w not in STOPWORDS and len(w) > 2]
    held = sorted(set(in_order))
    if not held:
        return renamed
    # "rebranded" where the passages write "re-branded": the same word, whichever way it is spelt.
    hyphened = {w.replace("-", ""): w for w in held if "-" in w}
    read_as = renamed | {word: hyphened[word] for word in unknown if word in hyphened}
    read_as |= {
        word: spelt for word in unknown if word not in read_as for spelt in [_respelt(word, held, names)] if spelt
    }
    for word in unknown:
        if word in read_as or word in _ALTERNATIVES:
            continue  # a number, day or relative is read as written, or not at all
        # "bigger" is no "large", but is "larger": a degree is read only as a synonym of its degree.
        degree = _degree(word)
        used_as = "noun" if _as_noun(word, question) else None
        same = _in_wordnet(word, [w for w in in_order if _degree(w) == degree] if degree else in_order, used_as)
        if same:
            read_as[word] = same
    rest = [w for w in unknown if w not in read_as and synonyms and not _one_of_alternatives(w)]
    if rest:
        vectors = embed([*held, *rest])
        for i, word in enumerate(rest):
            similarity = vectors[: len(held)] @ vectors[len(held) + i]
            for j in similarity.argsort()[::-1]:
                if similarity[j] < SYNONYM_MIN:
                    break
                if not _negated(word, held[j]) and held[j] not in _ALTERNATIVES:
                    read_as[word] = held[j]
                    break
    # People are read only as people: "kids" as "children", never "girl" as "misses" (a WordNet
    # synonym of "girl", and a verb in "your child misses 3 lessons").
    return {word: said for word, said in read_as.items() if word not in KIN_WORDS or said in KIN_WORDS}


def _respelt(word: str, held: list[str], names: Sequence[str] = ()) -> str | None:
    """The held word a misspelt one means: the fewest edits away, within REWORD_EDITS (one
    for a word of up to six letters) and beginning with the same letter, when the word is none
    of English and has at least SPELLING_LETTERS letters; else a name of `names` typed in lower
    case with its letters out of order ("ableine" for "Abilene")."""
    if is_word(word) or len(word) < SPELLING_LETTERS:
        return None  # a word of English, or too short to tell from one ("leek" is no "leak")
    limit = REWORD_EDITS if len(word) > 6 else 1
    # The vocabulary lacks rarer words too ("pertain", one letter from "certain"): a misspelling
    # is sought only among words that begin as it does, as typed words nearly always do.
    near = [(edits(word, w, limit), w) for w in held if w[0] == word[0]]
    distance, best = min(near, default=(limit + 1, ""))
    return best if distance <= limit else _renamed(word.capitalize(), names)


# A name's word as typed: capitalised, five letters or more ("Ghandi", "Zeria").
_NAME_WORD = re.compile(r"\b[A-Z][a-z]{4,}\b")


def _unknown_names(question: str, known: Callable[..., bool]) -> list[str]:
    """The question's capitalised words that no document holds and that are no English word:
    names the documents may spell otherwise ("Ghandi")."""
    return [w for w in dict.fromkeys(_NAME_WORD.findall(question)) if not is_word(w) and not known(w, variants=False)]


def _renamed(word: str, names: Sequence[str]) -> str | None:
    """The passage name a misspelt one means: its own letters in another order, the first kept,
    within REWORD_EDITS edits ("Ghandi" for "Gandhi", "Zeria" for "Zeira"), or, for a name of
    LONG_NAME_LETTERS or more, the same letters with one dropped or doubled ("Maastrich" for
    "Maastricht"). Only such slips: a name with one letter changed ("Iceland", "Ireland") is
    another place, and a question that presumes it is refused for it (premises.py)."""
    letters = sorted(word)
    near = [(edits(word, n, REWORD_EDITS), n) for n in names if n != word and n[0] == word[0] and sorted(n) == letters]
    distance, best = min(near, default=(REWORD_EDITS + 1, ""))
    if distance <= REWORD_EDITS:
        return best
    if len(word) >= LONG_NAME_LETTERS:
        # One letter more or fewer: lengths one apart and one edit.
        return next(
            (n for n in names if n[0] == word[0] and abs(len(n) - len(word)) == 1 and edits(word, n, 1) == 1), None
        )
    return None


def _split(word: str) -> str | None:
    """The two words a word of no language was typed for ("whatare": "what are"): an asking
    word and a function word ("is", "many", "the"), so that a name is never split ("Howell"
    is no "How ell"); None for a word of English."""
    if is_word(word) or len(word) < SPELLING_LETTERS or not word.isalpha():
        return None
    lowered = word.lower()
    splits = [i for i in range(2, len(word) - 1) if lowered[:i] in _ASKING and lowered[i:] in _AFTER_ASKING]
    return f"{word[: splits[0]]} {word[splits[0] :]}" if splits else None


_ASKING = frozenset(
    "what who whom whose which when where why how is are was were do does did can could will would should "
    "has have had may might must shall".split()
)
_AFTER_ASKING = STOPWORDS | frozenset("many much long often far old big".split())  # "Howmany", "Howlong"


def _in_wordnet(word: str, held: list[str], used_as: str | None = None) -> str | None:
    """The first held word that is, in some form, a WordNet synonym of the word ("steps" for
    "stairs"), never the word itself with a negating prefix; `used_as`: the part of speech the
    question uses the word in, where it says ("the guarantee": a noun)."""
    wanted = {t for s in thesaurus.synonyms(word, SYNONYM_SENSES, used_as) for t in terms(s)}
    # The cheap test first (a synonym's stem), then both words in the part of speech read.
    found = [
        w
        for w in dict.fromkeys(held)
        if {t for form in (w, *thesaurus.irregular_stems(w)) for t in terms(form)} & wanted
        and not _negated(word, w)
        and thesaurus.same_sense(word, w, SYNONYM_SENSES, used_as)
    ]
    # Of its forms, the one inflected as the word is: "kids" is read as "children", not "child"
    # (which shares no term with "children").
    inflected = thesaurus.inflected(word, used_as)
    return next((w for w in found if thesaurus.inflected(w, used_as) == inflected), found[0] if found else None)


def _as_noun(word: str, question: str) -> bool:
    """Does the question use the word as a noun: after a determiner, and before punctuation or
    a word that no noun is ("the guarantee on this heat pump", "my refund?")? Not "the yearly
    check-up", where it qualifies the noun after it."""
    for m in re.finditer(rf"\b{_DETERMINER}\s+{re.escape(word)}\b(?P<between>[^\w'’-]*)(?P<next>\w*)", question, re.I):
        if m.group("between").strip() or not m.group("next") or m.group("next").lower() in STOPWORDS:
            return True
    return False


def _one_of_alternatives(word: str) -> bool:
    """A number, ordinal, day, month, direction or relative, or a comparative or superlative
    ("bigger", "cheapest"): its neighbours by embedding are its alternatives."""
    return word in _ALTERNATIVES or _degree(word) is not None


def _degree(word: str) -> str | None:
    """ "er" for a comparative ("bigger", "larger"), "est" for a superlative ("cheapest"), else None."""
    degree = re.match(r"(\w+?)(er|est)$", word)
    if not degree:
        return None
    base = degree.group(1)
    forms = {base, base + "e", base[:-1] if len(base) > 2 and base[-1] == base[-2] else base}
    forms |= {base[:-1] + "y"} if base.endswith("i") else set()
    return degree.group(2) if any(is_word(f) for f in forms if len(f) > 2) else None


def _negated(word: str, other: str) -> bool:
    """Is one word the other with a negating prefix ("legal", "illegal")?"""
    return any(a == p + b for a, b in ((word, other), (other, word)) for p in _NEGATING)


def apply(text: str, read_as: dict[str, str]) -> str:
    """The text with each word read as the documents' word."""
    for word, held in read_as.items():
        text = re.sub(rf"\b{re.escape(word)}\b", held, text)
    return text
