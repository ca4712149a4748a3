"""Terms: the words that carry meaning, stemmed; the lexical side of retrieval, evidence and citation checks."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

# Function words plus question words: they say nothing about whether a passage supports a claim.
STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just let me more most my myself no nor not now of off on once only or other our
ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom whose why will with would you your yours yourself
yourselves does did done says said according per via
don doesn didn isn aren wasn weren hasn haven hadn shouldn wouldn couldn mustn needn mightn shan
""".split()
)  # the last line: what "\w+" leaves of "doesn't", "shouldn't" ("won" is a word of its own)

# Words a question asks with, naming nothing a document must hold: "What happens if someone
# gets a puncture?" asks about a puncture, which "If you puncture, shout ..." answers; "My dad
# fancies joining" says what the asker's people would like, which no document says.
ASKING_WORDS = frozenset(
    """people person persons someone somebody anyone anybody everyone everybody thing things stuff way
    ways kind kinds type types sort sorts happen happens happened happening get gets got getting
    compare compared compares comparing comparison comparisons difference differences differ differs versus
    fancy fancies fancied keen hoping
    whoever whomever whatever whichever whenever wherever""".split()
)

# The asker's own people, named after "my", "our" or "your" ("me and my partner turn up late",
# "my 15-year-old son"): who asks, not what a document must say ("the son Börte gave birth to" is).
_CIRCLE = frozenset(
    """partner partners husband wife boyfriend girlfriend daughter daughters son sons mum mom dad friend
    friends flatmate flatmates housemate housemates""".split()
)
_OWNED = re.compile(r"\b(?:my|our|your)\s+([\w-]+)(?:\s+([a-z]+))?", re.I)
# People by kin or age, as an asker names their own ("my little girl", "the kids"): a word for
# people is read in other words only as another word for people (answering/rewording.py).
KIN_WORDS = frozenset(
    """girl girls boy boys kid kids child children baby babies brother brothers sister sisters mother
    father niece nieces nephew nephews grandson granddaughter grandchild grandchildren toddler""".split()
)


def askers_people(text: str) -> set[str]:
    """The words of the text that name the asker's own people ("partner" of "my partner")."""
    return {w.lower() for m in _OWNED.finditer(text) for w in m.groups() if w and w.lower() in _CIRCLE}


_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def stemmer():  # -> Stemmer.Stemmer, shared with the BM25 index
    import Stemmer

    return Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


# Contractions read as their words: "won't" is no "won" (which stems to "win": "What won't the
# policy pay for?" matched "The Kingfishers won the house trophy"), "we've" no term "ve".
_NOT = re.compile(r"\b(\w+?)n['’]t\b")
_NOT_FORMS = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}
_CLITIC = re.compile(r"['’](?:ve|re|ll|d|m)\b")


def _expanded(text: str) -> str:
    text = _NOT.sub(lambda m: f"{_NOT_FORMS.get(m.group(1), m.group(1))} not", text)
    return _CLITIC.sub(" ", text)


def words(text: str) -> list[str]:
    return _WORD.findall(_expanded(normalize(text)))


# British -ise spellings stem apart from -ize ones ("criticised" vs "criticized", "criticism"):
# fold them first. Both questions and documents go through this, so it stays symmetric.
_BRITISH = re.compile(r"(\w{3,})is(e|ed|es|ing|ation|ations)$")


def _fold(word: str) -> str:
    return _BRITISH.sub(r"\1iz\2", word)


# Forms a stemmer cannot join to their base: irregular verbs ("met" answers "meet") and
# nationality adjectives ("the Japanese PM" is about Japan). Folded before stemming, on
# both sides, so a question and the sentence that answers it share the term.
_FORMS = dict(
    pair.split(":")
    for pair in """
met:meet meets:meet said:say says:say told:tell took:take taken:take went:go gone:go came:come
began:begin begun:begin wrote:write written:write made:make built:build bought:buy brought:bring
thought:think fought:fight found:find gave:give given:give held:hold kept:keep knew:know known:know
led:lead left:leave lost:lose paid:pay ran:run saw:see seen:see sold:sell sent:send spent:spend
stood:stand struck:strike taught:teach won:win became:become broke:break broken:break chose:choose
chosen:choose drew:draw drawn:draw drove:drive driven:drive fell:fall fallen:fall flew:fly flown:fly
grew:grow grown:grow hid:hide rose:rise risen:rise rode:ride sang:sing sank:sink shot:shoot
spoke:speak spoken:speak stole:steal swore:swear threw:throw thrown:throw wore:wear worn:wear
died:die dying:die
""".split()
)
_NATIONALITY_FORMS = dict(
    pair.split(":")
    for pair in """
japanese:japan chinese:china french:france british:britain english:england german:germany
russian:russia italian:italy spanish:spain american:america european:europe african:africa
asian:asia indian:india canadian:canada mexican:mexico brazilian:brazil australian:australia
dutch:netherlands swedish:sweden norwegian:norway danish:denmark finnish:finland polish:poland
greek:greece turkish:turkey egyptian:egypt iranian:iran iraqi:iraq israeli:israel korean:korea
ukrainian:ukraine lithuanian:lithuania mongolian:mongolia mongol:mongolia scottish:scotland
irish:ireland welsh:wales roman:rome persian:persia arab:arabia arabian:arabia kenyan:kenya
""".split()
)
_FORMS.update(_NATIONALITY_FORMS)

# Nationality adjectives, for telling one from another ("a Hungarian director" is not "an
# American director"). More than _FORMS folds: adding a fold would change the terms of
# stores already built, a list for comparison changes nothing.
NATIONALITIES = frozenset(_NATIONALITY_FORMS) | frozenset(
    """
hungarian austrian swiss belgian portuguese czech slovak serbian croatian slovenian romanian
bulgarian albanian estonian latvian icelandic argentine argentinian chilean peruvian colombian
venezuelan cuban jamaican filipino vietnamese thai indonesian malaysian pakistani bangladeshi
nigerian ghanaian ethiopian taiwanese syrian lebanese saudi moroccan algerian tunisian
""".split()
)


def is_verb_form(word: str) -> bool:
    """An irregular verb's past or participle ("brought", "met"), which names no thing."""
    lowered = word.lower()
    return lowered in _FORMS and lowered not in _NATIONALITY_FORMS


# The word after an auxiliary, which may be one itself ("had been raised": "been", "raised").
_AFTER_AUXILIARY = re.compile(r"\b(?i:has|have|had|is|are|was|were|be|been|being)\s+(?=([a-z][a-z-]*)\b)")


def participles(text: str) -> set[str]:
    """The participles after an auxiliary ("had raised", "are stationed", "was given"): verbs,
    which name no thing. A regular one ends in "-ed" and has six letters or more ("speed" and
    "bed" are nouns); an irregular one is a known form ("given"), so "are children" is none."""
    return {w for w in _AFTER_AUXILIARY.findall(text) if (w.endswith("ed") and len(w) >= 6) or is_verb_form(w)}


def base_form(word: str) -> str:
    """ "met" -> "meet", "Japanese" -> "japan"; other words lower-cased as they are."""
    lowered = word.lower()
    return _FORMS.get(lowered, lowered)


# Abbreviations of names that questions and documents write either way ("private schools in the
# US" / "in the United States", "the U.S. South"): read as the words they stand for. Capitals
# only, so "us" is still the pronoun.
_ABBREVIATIONS = {"US": "United States", "USA": "United States", "UK": "United Kingdom", "EU": "European Union"}
_ABBREVIATION = re.compile(r"\b(?:U\.S\.(?:A\.)?|U\.K\.|(?:USA|US|UK|EU)\b)")


def _spelled_out(match: re.Match[str]) -> str:
    said = match.group(0).replace(".", "")
    return f" {_ABBREVIATIONS[said]} "


def terms(text: str) -> list[str]:
    """Stemmed content words, in order (duplicates kept)."""
    text = _ABBREVIATION.sub(_spelled_out, text)
    # "us" left after the abbreviations are read is the pronoun: the asker's ("Which jobs are down
    # to us?") or the writer's ("tell us by 4 June"), never the same people, so no term.
    kept = [
        _FORMS.get(w) or _fold(w)
        for w in words(text)
        if w not in STOPWORDS and w != "us" and (len(w) > 1 or w.isdigit())
    ]
    return stemmer().stemWords(kept) if kept else []


def compound_tails(present: set[str], wanted: set[str]) -> set[str]:
    """The wanted terms that end a compound among the present terms (a sentence's, as `terms`
    makes them), whose head is a word too: "light" of "floodlight" ("flood"), "water" of
    "saltwater". A question's "lights" is said by "floodlights". Terms of five letters or more,
    heads of three or more: "port" is no part of "airport", "ship" none of "friendship"."""
    from assistant.text.spelling import is_word

    wanted = {t for t in wanted if len(t) >= 5 and t.isalpha()}
    if not wanted:
        return set()
    return {
        t
        for stem in present
        if stem.isalpha()
        for t in wanted
        if stem.endswith(t) and len(stem) - len(t) >= 3 and is_word(stem[: -len(t)])
    }


def coverage(needed: set[str], present: set[str], weight=lambda t: 1.0) -> float:
    """Weighted share of `needed` terms found in `present` (1.0 when nothing is needed).

    Summed with math.fsum, exactly rounded whatever the order: a set's order changes with each
    process (string hashing), and a plain sum's last bit with it, which tipped answers whose
    coverage sits on a threshold from run to run."""
    total = math.fsum(weight(t) for t in needed)
    if total <= 0:
        return 1.0
    return math.fsum(weight(t) for t in needed & present) / total


def pairs(ordered: list[str]) -> set[tuple[str, str]]:
    """The terms that follow each other, in order ("take over Year 5": (take, year), (year, 5))."""
    return set(zip(ordered, ordered[1:]))


# ---------------------------------------------------------------- numbers

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Number words and their values, for every stage that reads a number said in words.
NUMBER_WORD_VALUES: dict[str, int] = {**_UNITS, **_TENS}
SCALE_VALUES: dict[str, int] = dict(_SCALES)
# Ordinals in words, "first" to "twentieth": ORDINAL_WORDS[n - 1] is the nth.
ORDINAL_WORDS: tuple[str, ...] = tuple(
    (
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
    ).split()
)
_NUMBER_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+")
_NUMBER_WORDS = re.compile(r"\b(?:" + "|".join([*_UNITS, *_TENS, *_SCALES]) + r")\b|\d[\d,]*(?:\.\d+)?", re.I)


def restates(text: str, question: str, share: float = 1.0) -> bool:
    """Are at least `share` of the text's terms the question's own (all of them, by default:
    "Internet2" for "Who did Internet2 partner with?")?"""
    said = set(terms(text))
    return bool(said) and len(said & set(terms(question))) >= share * len(said)


def number_terms(text: str) -> set[str]:
    """The text's terms with its numbers matched by value ("#37"), not by spelling."""
    plain = set(terms(_NUMBER_WORDS.sub(" ", normalize(text))))
    return plain | {f"#{value}" for value in number_values(text)}


# A number's value as a question or a document writes it: digits, a number word, "a" / "an", "a
# dozen"; and the scales said after one ("1.5 million").
VALUE_WORDS: dict[str, int] = {**NUMBER_WORD_VALUES, "hundred": 100, "a": 1, "an": 1, "dozen": 12}
SCALE_FACTORS: dict[str, float] = {w: float(v) for w, v in SCALE_VALUES.items() if w != "hundred"} | {"trillion": 1e12}


def number_value(said: str, scale: str | None = None) -> float | None:
    """ "1,500" -> 1500.0, "ten" -> 10.0, "1.5" with "million" -> 1.5e6; None for what is no number."""
    word = said.lower()
    value = float(VALUE_WORDS[word]) if word in VALUE_WORDS else None
    if value is None:
        try:
            value = float(said.replace(",", ""))
        except ValueError:
            return None
    return value * SCALE_FACTORS.get((scale or "").lower(), 1.0)


def number_values(text: str) -> set[str]:
    """The numbers a text states, as digits, however they are written: "thirty-seven" and
    "37" -> "37"; "thirty thousand", "30 thousand" and "30,000" -> "30000". A reply that
    turns a number into digits ("37") is then checked against a source that spells it out."""
    found: set[str] = set()
    total, current, seen = 0.0, 0.0, False

    def flush() -> None:
        nonlocal total, current, seen
        if seen:
            value = total + current
            found.add(str(int(value)) if value == int(value) else str(value))
        total, current, seen = 0.0, 0.0, False

    previous = ""  # what the last token was: digits, unit, tens, scale, and
    for token in _NUMBER_TOKEN.findall(normalize(text)):
        value = _UNITS.get(token, _TENS.get(token))
        if token[0].isdigit():
            flush()
            try:
                current, seen, previous = float(token.replace(",", "")), True, "digits"
            except ValueError:
                previous = ""
        elif value is not None:
            if seen and (previous in ("scale", "and") or (previous == "tens" and token in _UNITS and value < 10)):
                current += value  # "hundred and five", "thirty-seven"
            else:
                flush()
                current, seen = float(value), True
            previous = "tens" if token in _TENS else "unit"
        elif token in _SCALES and seen:
            if _SCALES[token] == 100:
                current *= 100
            else:
                total, current = total + current * _SCALES[token], 0.0
            previous = "scale"
        elif token == "and" and previous == "scale":
            previous = "and"
        else:
            flush()
            previous = ""
    flush()
    return found


# British and American spellings of one word: (British ending, American ending).
_SPELLINGS = (
    ("tre", "ter"),
    ("tres", "ters"),
    ("our", "or"),
    ("ours", "ors"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("yse", "yze"),
    ("ogue", "og"),
)


def other_spellings(word: str) -> list[str]:
    """The word as the other side of the Atlantic spells it ("metre": "meter", "color":
    "colour"), for the words whose ending says so."""
    lowered = word.lower()
    out = []
    for british, american in _SPELLINGS:
        for have, other in ((british, american), (american, british)):
            if lowered.endswith(have) and len(lowered) > len(have) + 1:
                out.append(lowered[: -len(have)] + other)
    return out


def american_spelling(word: str) -> str:
    """The word as American English spells it ("metres": "meters"), else as it is."""
    lowered = word.lower()
    for british, american in _SPELLINGS:
        if lowered.endswith(british) and len(lowered) > len(british) + 1:
            return lowered[: -len(british)] + american
    return lowered
