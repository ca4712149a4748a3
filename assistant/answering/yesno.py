"""Yes or no from the evidence: the verdict on a yes/no question, or None when the evidence
neither confirms nor denies.

The evidence confirms when it holds most of the question's words and every name it asks
about (a name is rarely said in other words). It denies when it negates
what is asked ("would not join"), says its opposite ("faster" for "more slowly"), fills the
question's slot with something else ("in agriculture" for "in industry"), states another
value, nationality or subject, a part where the question asks about all or most, or the
comparison the other way round ("British settlers outnumbered the French"). A denial from
either quote wins: the rules look for reasons to say No, since a wrong Yes above an unrelated
quote is what misleads.
"""

from __future__ import annotations

import math
import re

from assistant.answering.answer_types import passive_agent
from assistant.answering.neighbours import list_title, sentence_before
from assistant.answering.plans import NUMBER, SCALE, QuantityBound, quantity_bound, time_condition
from assistant.answering.result import Evidence
from assistant.answering.tuning import NATIONALITY_REACH, YESNO_DENSE_MIN, YESNO_MIN, YESNO_PREDICATE_MIN
from assistant.text import (
    NATIONALITIES,
    STOPWORDS,
    american_spelling,
    coverage,
    number_value,
    sentence_lines,
    tables,
    terms,
)
from assistant.text.ages import age_bands, ages_asked, ages_said, required_ages
from assistant.text.limits import within_limits
from assistant.text.names import MONTHS_AND_DAYS, mentioned_names, spelled_out, subject_names
from assistant.titles import title_names

# "against", "rejected" are stances: _OPPOSITES weighs them against "support", "welcomed".
# "failed to win" negates "win"; "The invasion failed because of a typhoon" says how it ended
# (and confirms "Was the invasion ruined by a storm?"): _OPPOSITES weighs it against "succeeded".
# "No other partner is closer", "not only ... but": emphasis, not denial.
_NEGATION = re.compile(
    r"\b(?!(?:no|none|not)\s+(?:other|only|doubt|less)\b)"
    r"(?:not|never|no|none|neither|nor|cannot|without|n't|refused|refuses|denied|denies|"
    r"fail(?:ed|s)\s+to|unable|instead\s+of|rather\s+than|forbidden|"
    r"forbade|forbids|prohibited|prohibits|banned|bans|barred)\b|n['’]t\b",
    re.I,
)


def yes_or_no(
    question: str, evidence: list[Evidence], idf=lambda t: 1.0, predicate_similarity: float | None = None
) -> str | None:
    """ "Yes" or "No" from the evidence, or None when it neither confirms nor denies.

    The evidence confirms when it holds most of the question's terms; a negation in the
    evidence that the question does not have ("would not join") turns it into a No, and a
    negation in the question ("Isn't ...") flips it back. `predicate_similarity` is the best
    quote's embedding similarity to the question without its subject's name: under
    `YESNO_PREDICATE_MIN`, and holding under half of the words asked of the subject, the quote
    says nothing of what is asked ("Did Luther marry?" over "He published a short commentary
    on Galatians ...": 0.03): it neither confirms nor denies by a negation word. Years, numbers
    and other values are still compared.
    """
    if not evidence:
        return None
    asked = set(terms(question))
    when = time_condition(question)
    if when and " ".join(when[2].lower().split()) in " ".join(evidence[0].text.lower().split()):
        when = None  # "... before World War I" said in the evidence too: the bound holds, the rest decides
    if when:  # "established in the 19th century?": the years decide, compared by code
        asked -= set(terms(when[2]))
    bound = quantity_bound(question)
    if bound:  # "more than 300 officers?": the number decides, compared by code
        asked -= set(terms(bound.words)) - set(terms(" ".join(bound.counted)))
    # Each quote as it is read: a list item with its list's denying heading (`under_denial`).
    read = {id(e): under_denial(e) for e in evidence[:2]}
    text = " ".join(read.values())
    if when:  # "The company was founded in 1950": its passage says which company
        text = evidence[0].passage.text
    opposite = _with_leave_asked(question, deciding_terms(question))
    ages = {age: set(terms(words)) for age, words in ages_asked(question)}

    # The words of the best quote's document title are said by its every sentence: "no single
    # alternative solution has achieved widespread acceptance" in "black_death" says "the Black
    # Death" of "Has any alternative ... as the cause of the Black Death won widespread acceptance?".
    # Only a title's names count so (written with a capital in the question), and no number:
    # "Notewell 4.2 Release Notes" says nothing of "go back to 4.1 and carry on with our notes".
    named = set(terms(" ".join(mentioned_names(question))))
    titled = asked & set(terms(" ".join(title_names(evidence[0].passage.title)))) & named

    def says(text: str) -> set[str]:  # an age asked is said by a band that holds it, or makes it a condition
        return (
            said_terms(text, opposite)
            .union(*(ages[a] for a in ages_said(text, list(ages), conditions=True, bands_too=True)))
            .union(titled)
        )

    if (
        coverage(asked, says(text), idf) < YESNO_MIN
        and max(e.similarity for e in evidence[:2]) < YESNO_DENSE_MIN
        and not _age_decides(question, evidence[0].text)
    ):
        return None
    if when:
        year = _year_of(asked, _without_contrast(evidence[0].text), idf)
        if year is None or _name_left_out(question.replace(when[2], " "), evidence[:1]):
            return None  # no year, or the year of another ("the Summer Theatre" for "the Great Theatre")
        if not (bound and when[0] <= year <= when[1]):
            return "Yes" if when[0] <= year <= when[1] else "No"
        # In the time asked, a bound on a quantity still decides ("In 1901, did Jews make up
        # over a third of the inhabitants?").
    # Each of the two quotes that says what is asked gives its verdict, and a denial wins:
    # "Former Model C schools are not private schools" answers, though the sentence before
    # it (on their fees) names them too.
    # A quote that says it in other words decides too: "Keeping a pet does not increase the
    # deposit" (cosine 0.72) answers "If we get a small dog, will our deposit go up?".
    deciders = [
        e
        for e in evidence[:2]
        if coverage(asked, says(read[id(e)]), idf) >= YESNO_MIN or e.similarity >= YESNO_DENSE_MIN
    ] or evidence[:1]
    if any(_several_rows(e.text) for e in deciders):
        return None  # "Off-Peak ... Gym floor only" beside "Premium ... sauna": the rules read no row's cells
    said = [_without_contrast(read[id(e)]) for e in deciders]
    unrelated = _unrelated(question, " ".join(said), opposite, idf, predicate_similarity)
    counted = [v for text in said for v in [_bound_verdict(bound, text, asked, idf)] if v] if bound else []
    if counted:
        return counted[0]
    # "Is the motor covered for labour ...?" / "... for 10 years, parts only": the asked one left out.
    if any(_restricted_to_another(question, read[id(e)], e.passage.text) for e in deciders):
        return "No"
    # "Is it OK to leave the dog for a couple of hours?" / "... not ... for more than 3 hours": an
    # amount asked of what may be done is allowed within the quote's limit of its kind.
    asks_leave = _ASKS_LEAVE.search(question) and not _ASKS_OBLIGATION.search(question)
    allowed = [within_limits(question, text) for text in said] if asks_leave else []
    if False in allowed:
        return "No"
    if True in allowed:
        return "Yes"
    # A negation denies what is asked only where the quote says some of it: "Is Victoria the
    # largest state?" is not denied by "... Australia will no longer be a base for car making".
    # "Is Japan a member of NATO?" is denied by "... would not join NATO", in other words.
    if not unrelated and any(
        _verdict(question, text) == "No"
        and (_said_of_subject(question, text, opposite, idf) or e.similarity >= YESNO_DENSE_MIN)
        for e, text in zip(deciders, said)
    ):
        return "No"
    if any(deny(question, text) for deny in _DENIALS for text in said):
        return "No"
    # Either quote saying that mainly another is used denies, though it says less of the question
    # than the one that names the one asked in passing ("... have been converted to standard gauge").
    if any(_another_mainly(question, read[id(e)]) for e in evidence[:2]):
        return "No"
    # Another slot or subject denies only when every quote says so: the second quote may be
    # the one about the asked slot or subject.
    if any(all(deny(question, text) for text in said) for deny in (_other_slot, _other_subject)):
        return "No"
    if any(_other_value(question, text, idf) for text in said):
        return "No"
    # A Yes needs the evidence to say something of what is asked about the subject, not only
    # name it: "Did Halford Mackinder sit in the British Parliament?" over a sentence naming
    # Mackinder as an imperialist is neither confirmed nor denied.
    if not _said_of_subject(question, " ".join(said), opposite, idf) and evidence[0].similarity < YESNO_DENSE_MIN:
        return None
    if not unrelated and _another_of_the_name(question, deciders, idf):
        return "No"  # the quote that says what is asked says it of another of the name
    if _name_left_out(question, evidence[:2]) or _subject_left_out(question, evidence[:2]):
        return None
    return None if unrelated else "Yes"


def under_denial(ev: Evidence) -> str:
    """A list item read with the heading of its list when that heading denies ("### Not
    included in this price" above "- Kitchen units, worktops and appliances"): the item is
    what is not included, though it says no "not" itself."""
    return f"{list_title(ev).strip(' #*:')}: {ev.text}" if under_denying_title(ev) else ev.text


def under_denying_title(ev: Evidence) -> bool:
    """Does this list item stand under a heading that denies ("### Not included in this price",
    "Items that are not covered:")? Not one whose negation is in a clause of its own beside a
    main clause that says something else: "We will pay for costs that you cannot get back if
    you cancel because of:" lists what is paid for."""
    title = list_title(ev)
    if not title or not _NEGATION.search(title):
        return False
    opening = _OPENING_CLAUSE.match(title)  # "When you cannot travel, we will pay for:"
    main = _SUBORDINATE.split(title[opening.end() :] if opening else title, maxsplit=1)[0]
    return bool(_NEGATION.search(main)) or not _FINITE.search(main)


# Where a clause of its own begins ("costs that you cannot get back"), and a verb that makes the
# words before it a main clause ("We will pay for ..."), not a heading's noun ("Items that ...").
_SUBORDINATE = re.compile(r"\b(?:that|which|who|whom|whose|if|unless|when|where|because)\b", re.I)
_OPENING_CLAUSE = re.compile(r"\W*(?:if|unless|when|where|because|although|though|while)\b[^,:]*,", re.I)
_FINITE = re.compile(
    r"\b(?:will|would|shall|should|may|might|must|can|could|do|does|did|is|are|was|were|has|have)\b", re.I
)


def negated(question: str) -> bool:
    """Does the question ask with a negation ("What does the price not include?")?"""
    return bool(_NEGATION.search(question))


def _several_rows(text: str) -> bool:
    """Is the quote lines of a table read as one (a table without a rule under its header):
    two or more lines of three or more cells, two spaces apart? Which row says what is asked
    is no word the rules can weigh: "Does Off-Peak include the sauna?" is no Yes for the
    Premium row's "sauna"."""
    return sum(tables.cell_count(line) >= 3 for line in text.split("\n")) >= 2


def denies_alone(
    question: str, evidence: Evidence, idf=lambda t: 1.0, predicate_similarity: float | None = None
) -> bool:
    """Does this one quote deny what is asked: by a negation, an opposite, another value, a part
    for the whole, the comparison the other way round, a plan for a done thing? Not by saying
    it of someone or somewhere else ("neither Tesla nor Edison won the prize" for "Did Tesla
    work for Edison?"): that denies only when every quote agrees (`yes_or_no`)."""
    text = _without_contrast(evidence.text)
    if _other_subject(question, text) or _other_slot(question, text):
        return False
    return yes_or_no(question, [evidence], idf, predicate_similarity) == "No"


def _unrelated(
    question: str, text: str, opposite: dict[str, set[str]], idf, predicate_similarity: float | None
) -> bool:
    """Does the text say little of what the question asks of its subject, in its words or in
    others (`predicate_similarity` under `YESNO_PREDICATE_MIN`)?"""
    if predicate_similarity is None or predicate_similarity >= YESNO_PREDICATE_MIN:
        return False
    said = _share_asked_of_subject(question, text, opposite, idf)
    return said is not None and said < YESNO_MIN


def _said_of_subject(question: str, text: str, opposite: dict[str, set[str]], idf=lambda t: 1.0) -> bool:
    """Does the text hold a term the question asks of its subject, or does the question ask
    nothing but names?"""
    said = _share_asked_of_subject(question, text, opposite, idf)
    return said is None or said > 0


def _share_asked_of_subject(question: str, text: str, opposite: dict[str, set[str]], idf) -> float | None:
    """The weighted share of the terms the question asks of its subject (those outside the
    names it mentions) that the text says, or None when it asks nothing but names."""
    asked = set(terms(question)) - set(terms(" ".join(subject_names(question))))
    return coverage(asked, said_terms(text, opposite), idf) if asked else None


def _name_left_out(question: str, quotes: list[Evidence]) -> bool:
    """Does a name the question asks about go unsaid where the Yes (or a year's verdict) would
    stand? Names are rarely said in other words, so a sentence that leaves one out confirms
    something else: "Does the Scottish Parliament meet in Edinburgh?" over "Committees can also
    meet at other locations throughout Scotland", "Is Warsaw in southern Poland?" over "Warsaw
    has been a multi-cultural city". A name counts as said in the quotes, in the sentence before each (it
    may be what "It", "this" or "The university" refers to), or in the document's name (an
    article on Harvard need not repeat "Harvard")."""
    return bool(_names_left_out(question, quotes))


# "Did the county engineers stop the flood ...?": the subject a question asks of, "the" and up
# to four words before an object, a preposition or a particle; its last word is taken for the verb.
_THE_SUBJECT = re.compile(
    r"^\s*(?:did|does|do|has|have|had|can|could|will|would|should)\s+(?:the|a|an|any)\s+"
    r"(?P<words>(?:[a-z][\w'’-]*\s+){2,5}?)"
    r"(?=(?:the|a|an|any|their|his|her|its|our|your|my|to|on|in|at|for|with|from|of|up|out|off|over|down)\b)",
    re.I,
)


def _subject_left_out(question: str, quotes: list[Evidence]) -> bool:
    """Does a Yes stand on quotes that never say who or what the question asks of, a common
    noun ("Did the county engineers stop the flood water reaching the market square?" over
    "... flood water was reaching the market square")? Any word of the subject said in the
    quotes, the sentence before each or the document's name says it (the verb may have been
    taken into it)."""
    m = _THE_SUBJECT.match(question)
    if not m:
        return False
    subject = set(terms(" ".join(m.group("words").split()[:-1])))
    said = set(terms(" ".join(f"{sentence_before(e)} {e.text} {_document_name(e.passage.source)}" for e in quotes)))
    return bool(subject) and not subject & said


def _names_left_out(question: str, quotes: list[Evidence], before: bool = True) -> list[str]:
    """The names the question asks about that the quotes (with the sentence before each, unless
    not `before`, and the document's name) do not say. Any word of a name says it ("Kublai" says "Kublai Khan",
    "the Parliament" the Scottish one), and so do its initials ("WG I" says "Working Group I")
    or, for an acronym, its words spelled out; a generic word ("University", "River") does
    not, nor a word said only as part of another's name ("Khan" of "Batu Khan" does not say
    "Hulagu Khan")."""
    texts = [f"{sentence_before(e) if before else ''} {e.text}" for e in quotes]
    named = [mentioned_names(t) for t in texts]  # found once, whatever name is asked
    titles = [_document_name(e.passage.source) for e in quotes]
    text = " ".join(f"{e.text} {title}" for e, title in zip(quotes, titles))
    left_out = []
    for name in mentioned_names(question):
        if name.isdigit():
            continue  # a year: the time rules compare it
        own = set(terms(name))
        wanted = own - _NAME_FILLER
        said = set(
            terms(" ".join(_without(t, [n for n in ns if _another_name(n, own)]) for t, ns in zip(texts, named)))
        )
        said |= {t for title in titles if not _another_name(title, own) for t in terms(title)}
        initials = "".join(w[0] for w in name.split() if w[:1].isupper() and len(w) > 1).lower()
        if not wanted or wanted & said or (len(initials) > 1 and initials in said):
            continue
        if name.isupper() and spelled_out(name).search(text):
            continue  # "IPCC" said as "Intergovernmental Panel on Climate Change"
        left_out.append(name)
    return left_out


def _without(text: str, names: list[str]) -> str:
    """The text without these names: the other names of the asked name's kind (`_another_name`:
    "Batu Khan" and "Genghis Khan" for "Hulagu Khan"; not "Thomas Edison" for "Edison")."""
    for other in names:
        text = text.replace(other, " ")
    return text


def _others_of_the_name(text: str, own: set[str]) -> list[str]:
    """The names in the text that are others of the asked name's kind (its terms `own`): "Batu
    Khan" for "Hulagu Khan", "Guaimar IV of Salerno" for "Duke Sergius IV of Naples"."""
    return [other for other in mentioned_names(text) if _another_name(other, own)]


def _another_name(other: str, own: set[str]) -> bool:
    """Does the name share a word with the asked one (its terms `own`), and each have a word the
    other lacks, numbers aside? "Batu Khan" is another than "Hulagu Khan"; "Thomas Piketty" is
    "Piketty" in full, and "the Republic of Ireland" is what "Irish" says."""
    theirs = {t for t in terms(other) if not t[:1].isdigit()}
    return bool(theirs & own and theirs - own and {t for t in own if not t[:1].isdigit()} - theirs)


def _another_of_the_name(question: str, quotes: list[Evidence], idf) -> bool:
    """Does the quote say what is asked of one name of another of its kind, sharing a word of
    it that is no generic one ("Was it Hulagu Khan who led the 1237 invasion?" / "In 1237 Batu
    Khan ... launched an invasion")? The quote must say most of what is asked besides the names."""
    text = " ".join(e.text for e in quotes)
    asked = set(terms(question)) - set(terms(" ".join(mentioned_names(question))))
    if not asked or coverage(asked, set(terms(text)), idf) < YESNO_MIN:
        return False
    # Its own words name who did it, whoever the sentence before names ("Sergius IV of Naples").
    for name in _names_left_out(question, quotes, before=False):
        own = set(terms(name)) - _NAME_FILLER
        if any(set(terms(other)) & own for other in _others_of_the_name(text, own)):
            return True
    return False


# The kind a name is of ("the Great Theatre", "St Mary's Church"): another of its kind ("the
# Summer Theatre") shares the word, not the name.
_NAME_FILLER = frozenset(
    terms(
        "saint st mount river university city state kingdom empire republic theatre theater church "
        "cathedral museum park street square bridge hall palace castle tower garden stadium station "
        "school college hospital library lake island bay valley house building centre center"
    )
)


def _document_name(source: str) -> str:
    """The words of a document's file name ("hops_docs/Victoria_(Australia).txt": "Victoria Australia")."""
    stem = re.split(r"[\\/]", source)[-1].rsplit(".", 1)[0]
    return re.sub(r"[_\W]+", " ", stem)


def _year_of(asked: set[str], sentence: str, idf) -> int | None:
    """The year the sentence gives what is asked: the one nearest the question's words, rare
    ones counting most ("Did the plague reach England before 1349?" / "entered Europe ... in
    1347 ... eventually reaching England in the spring of 1349": 1349)."""
    years = [(int(m.group(1)), m.start()) for m in _ANY_YEAR.finditer(sentence) if 500 <= int(m.group(1)) <= 2100]
    if len(years) < 2:
        return years[0][0] if years else None
    # The clause that says most of what is asked dates it: "... were remade in the 1970s and a
    # great marble statue of Genghis was completed in 1989" dates the statue 1989, though the
    # 1970s stand as near its words.
    edges = [0, *(m.start() for m in _CLAUSE_EDGE.finditer(sentence)), len(sentence)]

    def clause(at: int) -> str:
        return sentence[max(e for e in edges if e <= at) : min((e for e in edges if e > at), default=len(sentence))]

    said = {at: coverage(asked, set(terms(clause(at))), idf) for _, at in years}
    best = max(said.values())
    if list(said.values()).count(best) < len(said):
        years = [y for y in years if said[y[1]] == best]
    return min(years, key=lambda y: (_distance(asked, sentence, y[1], idf), y[1]))[0]


def _distance(asked: frozenset[str] | set[str], sentence: str, at: int, idf) -> float:
    """How far a place in the sentence is from the question's words there, rare words weighing most
    (summed exactly: `asked` comes in a different order in each process)."""
    words = [(terms(m.group(0)), m.start()) for m in re.finditer(r"[\w'’-]+", sentence)]
    places = {t: [p for said, p in words if t in said] for t in asked}
    return math.fsum(idf(t) * min(abs(p - at) for p in found) for t, found in places.items() if found)


_ALTERNATIVE = re.compile(r"\b(?:instead\s+of|rather\s+than)\b", re.I)
# A condition before or after the main clause: "... a courtesy car if your car is stolen and not
# found". Not a concession: "Although [it] is no longer in widespread use, ..." still denies it.
# One after the main clause runs to the end with no comma: in "Larger households: if six or more
# people live at your address, you can apply ... at no charge", the main clause follows it.
_OPENING_CONDITION = re.compile(r"\W*(?:if|unless|when|whenever)\b[^,:]*,", re.I)
_TRAILING_CONDITION = re.compile(r"[,\s]+(?:if|unless|when|whenever)\b[^,;:]*$", re.I | re.S)


def _main_clause(text: str) -> str:
    """The sentence without a condition before or after its main clause: "If it's never found,
    do I get a courtesy car?" is "do I get a courtesy car?"."""
    opening = _OPENING_CONDITION.match(text)
    main = text[opening.end() :] if opening else text
    return _TRAILING_CONDITION.sub("", main).strip() or text


def _verdict(question: str, best: str) -> str:
    if _ASKS_IF_HARMLESS.search(question):
        best = _NO_HARM.sub(" ", best)  # "Is it OK to ...?" / "... will not damage the casing": harmless
    # A negation both have ("Is Macron against ...?" / "Macron is against ...") decides nothing.
    # Only the main clauses' count: "If ... it's never found, do I get a courtesy car?" asks
    # no denial, and "You do not get a courtesy car if your car is stolen and not found" gives one.
    # "... instead of paying the final month's rent?" asks of an alternative, not a denial.
    asked, said = _main_clause(_ALTERNATIVE.sub(" ", question)), _main_clause(best)
    q_negated = _only_in(asked, said)
    e_negated = _only_in(said, asked)
    # "Does it evaporate more slowly?" / "... evaporate at a slightly faster rate": an opposite
    # said in place of what is asked denies it, as a negation does.
    opposed = _opposed(question, best)
    return "No" if (e_negated != q_negated) != opposed else "Yes"


# Words whose opposites, said in place of them, deny a question: (one side, the other side).
_OPPOSITES = [
    ("slow slower slowest slowly", "fast faster fastest quick quicker quickly rapid rapidly"),
    ("more", "less fewer"),
    ("most", "least fewest"),
    ("higher highest high", "lower lowest low"),
    ("larger largest bigger biggest", "smaller smallest"),
    (
        "increase increased increases increasing rose rise rises risen",
        "decrease decreased decreases decreasing fell fall falls fallen declined",
    ),
    # "Will my deposit go up?" / "Your deposit ... stays the same": what does not change denies both.
    ("increase increased increases increasing rose rise rises risen", "same unchanged"),
    ("decrease decreased decreases decreasing fell fall falls fallen declined", "same unchanged"),
    ("before earlier", "after later"),
    ("older oldest", "younger youngest newer newest"),
    ("longer longest", "shorter shortest"),
    ("heavier heaviest", "lighter lightest"),
    ("above", "below"),
    ("majority", "minority"),
    ("warmer warmest", "colder coldest cooler"),
    ("success successful succeeded", "failure unsuccessful failed"),
    ("gained gain gains", "lost lose loses"),
    ("stop stops stopped stopping", "keep keeps kept keeping continue continues continued continuing"),
    (
        "support supports supported supporting favour favours favoured favor favors favored approve approves "
        "approved welcome welcomes welcomed",
        "oppose opposes opposed opposing opposition object objects objected objection against resist resists "
        "resisted resistance reluctant reject rejects rejected",
    ),
]


# Phrases said in one word of _OPPOSITES: "go up" is "rise", "stays the same" is "unchanged".
_PHRASES = [
    (re.compile(r"\b(?:go|goes|going|went|gone)\s+up\b", re.I), "rise"),
    (re.compile(r"\b(?:go|goes|going|went|gone)\s+down\b", re.I), "fall"),
    (re.compile(r"\b(?:stay|stays|stayed|remain|remains|remained)\s+the\s+same\b", re.I), "unchanged"),
]


def _in_one_word(text: str) -> str:
    """The text with each of _PHRASES said in its one word."""
    for phrase, word in _PHRASES:
        text = phrase.sub(word, text)
    return text


def _opposed(question: str, sentence: str) -> bool:
    """Does the sentence say the opposite of a word the question asks about, and not the word?"""
    question, sentence = _in_one_word(question), _in_one_word(sentence)
    q_words = set(re.findall(r"[a-z]+", question.lower()))
    s_words = set(re.findall(r"[a-z]+", sentence.lower()))
    if _prefix_opposed(question.lower(), sentence.lower()):
        return True
    for one, other in _OPPOSITES:
        a, b = set(one.split()), set(other.split())
        if (q_words & a and not q_words & b and s_words & b and not s_words & a) or (
            q_words & b and not q_words & a and s_words & a and not s_words & b
        ):
            return True
    return False


# The terms of each side of _OPPOSITES, for the question's terms a sentence may answer with
# the opposite word.
_OPPOSITE_TERMS = [(set(terms(one)), set(terms(other))) for one, other in _OPPOSITES]


def deciding_terms(question: str) -> dict[str, set[str]]:
    """Each term of the question with the terms that answer it either way where the sentence
    does not repeat it: its opposites ("support": "oppos", "object", ...), since a sentence
    saying the opposite of what is asked answers it (No: "Did Macron support the office?" /
    "Macron has objected to ... the office"), and for a permission asked ("Are we allowed to
    ...?") the words that give or refuse one ("You may bring your own wine", "... must not be
    ...")."""
    asked = set(terms(question))
    found: dict[str, set[str]] = {}
    for one, other in _OPPOSITE_TERMS:
        for side, opposite in ((one, other), (other, one)):
            for term in asked & side:
                found.setdefault(term, set()).update(opposite)
    for phrase, word in _PHRASES:
        # "go up": a sentence saying "rise" or "stays the same" answers what "go" asks.
        either_way = {t for one, other in _OPPOSITE_TERMS if set(terms(word)) & (one | other) for t in one | other}
        for term in {t for m in phrase.finditer(question) for t in terms(m.group(0))}:
            found.setdefault(term, set()).update(either_way)
    for term in asked & _PERMISSION:
        found.setdefault(term, set()).update(_PERMISSION | {"must"})
    return found


def _with_leave_asked(question: str, found: dict[str, set[str]]) -> dict[str, set[str]]:
    """`found` (deciding_terms) and the verb whose permission "Can I ...?" asks, said by a rule
    in its own words: "A cat may be approved if ..." says "keep" for "Can I keep a cat?". For
    the verdict only: a permission word in an unrelated sentence must not let a question past
    the refusal gate."""
    found = {term: set(others) for term, others in found.items()}
    for asked_verb in _ASKED_LEAVE.finditer(question):
        for term in terms(asked_verb.group("verb"))[:1]:
            found.setdefault(term, set()).update(_PERMISSION)
    return found


_PERMISSION = set(terms("may permitted allowed entitled let"))
# "Can we ...", "May my son ...", "Could I still ...": the verb whose permission is asked.
_ASKED_LEAVE = re.compile(
    r"(?:^|[.!?]\s+)(?:can|may|could)\s+(?:i|we|you|he|she|they|(?:my|our|his|her|their)\s+[\w'’-]+)"
    r"\s+(?:still\s+|also\s+|just\s+)?(?P<verb>[a-z][\w'’-]*)",
    re.I,
)


def said_terms(text: str, opposite: dict[str, set[str]]) -> set[str]:
    """The text's terms, and each asked term whose opposite the text says ("stays the same" for "go up")."""
    own = set(terms(text)) | set(terms(_in_one_word(text)))
    return own | {term for term, others in opposite.items() if others & own}


# "underactive" / "hyperactive", "Marxist" / "non-Marxist": a prefix that turns a word around.
_PREFIX_SIDES = (("under", "hypo"), ("over", "hyper"))


def _prefix_opposed(question: str, sentence: str) -> bool:
    q_words = set(re.findall(r"[a-z]+(?:-[a-z]+)*", question))
    s_words = set(re.findall(r"[a-z]+(?:-[a-z]+)*", sentence))
    for word in q_words - s_words:
        if len(word) > 3 and {f"non-{word}", f"non{word}"} & s_words:
            return True
        for side, other in (_PREFIX_SIDES, _PREFIX_SIDES[::-1]):
            for prefix in side:
                rest = word[len(prefix) :] if word.startswith(prefix) else ""
                if len(rest) > 3 and any(f"{o}{rest}" in s_words for o in other):
                    return True
    return False


# A number the question states ("30 years", "in 2002"), unless it bounds it ("more than 30").
_STATED = re.compile(r"(?<![\w.,])(\d(?:[\d,]*\d)?(?:\.\d+)?)(?:\s+([a-z]+))?", re.I)
_BOUNDED = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|over|under|above|below|least|most|up\s+to|than|within)\s+$", re.I
)


def _numbers(text: str) -> list[tuple[str, str, int]]:
    """(number, the word after it or "year", position) of each number in the text."""
    out = []
    for m in _STATED.finditer(text):
        value = m.group(1).replace(",", "")
        unit = (m.group(2) or "").lower()
        is_year = "." not in value and 1000 <= int(float(value)) <= 2100 and "," not in m.group(1)
        out.append((value, "year" if is_year else unit, m.start()))
    return out


# "before the London Exhibition of 1862": a year a few words after "before" bounds a time.
_TIME_BOUND = re.compile(r"\b(?:before|after|since|until|till|by)\s+(?:[\w'’-]+\s+){0,5}$", re.I)

_SLOT = re.compile(r"\b(in|at|on|into|from|with|by|for|to)\s+((?:[\w'’-]+\s*){1,3})\W*$", re.I)


_BY_NAME = re.compile(r"\bby\s+((?:[A-Z][\w'’.-]*(?:\s+|$))+)")


def _other_slot(question: str, sentence: str) -> bool:
    """Does the sentence fill the question's last slot with something else ("Do most working
    children work in industry?" / "Most working children are active in agriculture")? The
    question ends "in X", the sentence has none of X's words and an "in" before other words."""
    m = _SLOT.search(question)
    if not m:
        return False
    slot = set(terms(m.group(2)))
    said = set(terms(sentence))
    after = re.findall(r"\b" + m.group(1) + r"\s+(?:the\s+|a\s+|an\s+)?([\w'’-]+)", sentence, re.I)
    # "... designed by Charles Porter?" / "developed for ... Charles Porter by Charles Richard":
    # the name is said, but another fills the "by".
    if m.group(1).lower() == "by" and m.group(2)[:1].isupper():
        names = [n for n in _BY_NAME.findall(sentence) if n.split()[0].lower() not in MONTHS_AND_DAYS]
        # The same agent shares a surname: "by Richard" for "by Charles Richard".
        surname = terms(m.group(2))[-1:]
        agents = [terms(name) for name in names]  # not "by March"
        if agents and not any(set(surname) & set(a) or a[-1:] and a[-1] in slot for a in agents):
            return True
    if not slot or slot & said:
        return False
    asked = set(terms(question))
    # A number fills a time or amount ("in 1960"), not a place or a thing ("in New York").
    numeric = m.group(2).lstrip()[:1].isdigit()
    # After "to", "with", "by", "for" another common noun is often the same thing in other words
    # ("to large crowds" / "to vast audiences"): only another name or number fills the slot.
    named = m.group(1).lower() in ("to", "with", "by", "for")
    return any(
        set(terms(word))
        and not set(terms(word)) & asked
        and (numeric or not word[:1].isdigit())
        and (not named or word[:1].isupper() or word[:1].isdigit())
        for word in after
    )


def _other_value(question: str, sentence: str, idf) -> bool:
    """Does the sentence give another value than the one the question states, for what it
    asks ("Was Watson elected in 2002?" / "... Pachauri, elected in May 2002; Robert Watson in
    1997")? The value nearest the question's rarest word in the sentence is the one compared."""
    said = _numbers(sentence)
    stated = _numbers(question)
    for value, unit, at in stated:
        if _BOUNDED.search(question[:at]) or _TIME_BOUND.search(question[:at]) or not unit:
            continue
        # "from 1914 to 1945": a span the sentence gives whole is no other value.
        span = {v for v, u, _ in stated if u == unit}
        if len(span) > 1 and span <= {v for v, u, _ in said if u == unit}:
            continue
        same = [(v, pos) for v, u, pos in said if u == unit]
        if not same:
            continue
        if value in {v for v, _, _ in said} and _listed_with_others(sentence, value):
            continue  # "Year 5 and Year 6 pupils" says it of Year 6 too
        anchors = [t for t in terms(question) if not t[:1].isdigit()]
        # What is asked of the subject anchors a value too: "Did the German army move back into
        # the Rhineland in 1930?" / "The allies left the Rhineland in 1930 and the German army
        # re-occupied it in 1936": the army's year is 1936, though 1930 is nearer "Rhineland".
        named = set(terms(" ".join(mentioned_names(question))))
        words = [(set(terms(m.group(0))), m.start()) for m in _WORD_AT.finditer(sentence)]
        found = False
        for group in (anchors, [t for t in anchors if t not in named]):
            places = [(idf(t), at) for t in group for said_here, at in words if t in said_here]
            if not places:
                continue
            found = True
            rarest = max(w for w, _ in places)
            anchor = min(pos for w, pos in places if w == rarest)
            if _value_at(same, anchor, sentence) != value:
                return True
        if not found and value not in {v for v, _ in same}:
            return True
    return False


def _listed_with_others(sentence: str, value: str) -> bool:
    """Is the value said in a list of values ("Year 5 and Year 6", "5, 6 or 7")?"""
    v = re.escape(value)
    joined = r"\s*(?:,|and|or|&)\s*(?:[A-Za-z]+\s+)?"
    return bool(re.search(rf"\d{joined}{v}(?!\d)|(?<!\d){v}{joined}\d", sentence, re.I))


_WORD_AT = re.compile(r"[^\W\d_][\w'’-]*")
_CLAUSE_EDGE = re.compile(r"[,;:]|\b(?:and|but|while|whereas)\b", re.I)


def _value_at(values: list[tuple[str, int]], anchor: int, sentence: str) -> str:
    """The value said of the word at `anchor`: the one in its clause ("... in 1930 and the
    German army re-occupied it in 1936": the army's is 1936), else the nearest."""
    edges = [0, *(m.start() for m in _CLAUSE_EDGE.finditer(sentence)), len(sentence)]
    start = max(e for e in edges if e <= anchor)
    end = min((e for e in edges if e > anchor), default=len(sentence))
    inside = [(v, pos) for v, pos in values if start <= pos < end]
    return min(inside or values, key=lambda vp: abs(vp[1] - anchor))[0]


_CONTINENTAL = frozenset("european african asian".split())


def _other_nationality(question: str, sentence: str) -> bool:
    """Does the sentence give the thing the question qualifies by a nationality another one
    ("Is he an American director?" / "... a Hungarian and Austrian film director"; "Did he
    publish a German translation?" / "his French translation")? The nationality must qualify
    the same noun, a few words before it, and the asked one must not be said at all."""
    asked = [w.lower() for w in _WORD_AT.findall(question)]
    said = [w.lower() for w in _WORD_AT.findall(sentence)]
    # "European" or "Asian" includes the asked one; "the Republic of Ireland" says "Irish".
    wanted = {w for w in asked if w in NATIONALITIES and w not in _CONTINENTAL}
    if not wanted or wanted & set(said) or set(terms(" ".join(wanted))) & set(terms(sentence)):
        return False
    # The nouns the asked nationality qualifies: the next two words that carry meaning.
    nouns: set[str] = set()
    for i, word in enumerate(asked):
        if word in wanted:
            nouns |= set(terms(" ".join(w for w in asked[i + 1 : i + 4] if w not in NATIONALITIES))[:2])
    for i, word in enumerate(said):
        if nouns & set(terms(word)):
            before = said[max(0, i - NATIONALITY_REACH) : i]
            if any(w in NATIONALITIES and w not in _CONTINENTAL for w in before):
                return True
    return False


# Where a sentence joins two statements about different subjects ("Lady Gaga performed the
# anthem, while Marlee Matlin provided the sign language").
_CLAUSE_BREAK = re.compile(r",\s*(?:while|whereas|but|and|with)\s+|;\s*|\s+(?:while|whereas)\s+", re.I)


def _other_subject(question: str, sentence: str) -> bool:
    """Does the sentence say what is asked of someone else ("Did Marlee Matlin sing the
    national anthem?" / "Lady Gaga performed the national anthem, while Marlee Matlin
    provided ASL translation")? The clause saying most of what is asked names another and
    not the one asked about, who is named in another clause."""
    names = subject_names(question)
    if not names:
        return False
    subject = set(terms(names[0]))
    asked = set(terms(question)) - {t for n in mentioned_names(question) for t in terms(n)}
    # Clauses of each sentence, asides in brackets left out ("(born 1970; died 2020)").
    plain = re.sub(r"\([^()]*\)", " ", sentence)
    clauses = [c for s, e in sentence_lines(plain) for c in _CLAUSE_BREAK.split(plain[s:e]) if c.strip()]
    if len(clauses) < 2 or not subject or not asked:
        return False
    best = max(clauses, key=lambda c: coverage(asked, set(terms(c))))
    if coverage(asked, set(terms(best))) < YESNO_MIN or subject & set(terms(best)):
        return False
    others = [c for c in clauses if c is not best]
    # Someone else named: not a nationality ("an English-American film director"), a number, a
    # date or a unit after a number ("162 584 mln EUR as of 31 August 2009").
    named = [
        n
        for n in mentioned_names(best)
        if not set(re.split(r"[\s-]+", n.lower())) <= NATIONALITIES
        and n[:1].isupper()
        and n.split()[0].lower() not in MONTHS_AND_DAYS
        and not re.search(r"\d\s*(?:\w+\s+)?" + re.escape(n), best)
    ]
    return any(subject <= set(terms(c)) for c in others) and bool(named)


_ANY_YEAR = re.compile(r"(?<![\d,.])(\d{3,4})(?!\d|,\d)")  # not "1,349": a number


def negates(sentence: str, question: str) -> bool:
    """Does the sentence say "not" where the question does not ("does not increase")?"""
    return _only_in(sentence, question)


def _only_in(text: str, other: str) -> bool:
    """Does `text` hold a negation word that `other` does not? Not one inside a concession or a
    reason: "replaced after an accident even if there is no visible damage, because a seat can
    be weakened in ways you cannot see" replaces the seat."""
    if not _ASKS_COST.search(other):
        text = _FREE.sub(" ", text)  # "you can apply for a larger bin at no charge" gives the bin
    return any(
        not re.search(r"\b" + re.escape(m.group(0).lower()) + r"\b", other.lower())
        for m in _NEGATION.finditer(_CONCESSION_OR_REASON.sub(" ", text))
    )


# "At no charge" says what something costs, not that it is denied, unless a cost is asked about.
_FREE = re.compile(r"\b(?:at|for)\s+no\s+(?:extra\s+|additional\s+)?(?:charge|cost)\b", re.I)
_ASKS_COST = re.compile(r"\b(?:charge[sd]?|cost(?:s|ing)?|pay|paid|free|fees?|price[sd]?|much)\b", re.I)


_CONCESSION_OR_REASON = re.compile(r"\b(?:even\s+(?:if|when|though)|whether\s+or\s+not|because)\b[^.;:,]*", re.I)


_CONTRAST = re.compile(r"^\W*(?:however|but|yet|although|though|despite|instead|nevertheless|still)\b", re.I)


def _without_contrast(text: str) -> str:
    """The quote up to a sentence that turns to the contrary ("However, ... would not join"):
    a negation there answers another question than the sentence before it."""
    spans = sentence_lines(text)
    kept = [text[s:e] for s, e in spans[:1]]
    for s, e in spans[1:]:
        if _CONTRAST.match(text[s:e]):
            break
        kept.append(text[s:e])
    return " ".join(kept) or text


def turns_to_the_contrary(text: str) -> bool:
    """Does the sentence open by turning against the one before it ("However, ...", "But ...",
    "Although ...")?"""
    return bool(_CONTRAST.match(text))


# A turn that concedes before it turns ("Although the vote was 51.6% in favour, this figure did
# not ..."): its first clause may be what confirms.
_CONCEDES = re.compile(r"^\W*(?:although|though|despite)\b", re.I)


def concedes(text: str) -> bool:
    """Does the sentence open by conceding ("Although ...", "Despite ...")?"""
    return bool(_CONCEDES.match(text))


# "all" and "most" as quantifiers, not in "at all", "after all", "all-time" or "the most
# populous" (a superlative).
_WHOLE = re.compile(
    r"(?<!\bat )(?<!\bafter )(?<!\babove )(?<!\bin )\b(?:all|every|entire|entirely|whole|wholly|completely|"
    r"fully|totally)\b(?![- ]time)(?! but\b)",
    re.I,
)
_MOST = re.compile(r"(?<!\bthe )\b(?:most|mostly|majority|largely|mainly|predominantly)\b(?! \w+est\b)", re.I)
# Said of a part: "only a few came from there", "a minority", "$230 million (out of $400 million)".
_FEW = (
    r"\b(?:only\s+(?:a\s+)?(?:few|some|small|handful|fraction|minority|part|portion)|(?:a\s+)?few|a\s+minority|"
    r"a\s+fraction|a\s+handful|a\s+small\s+(?:number|share|part|portion|minority))\b"
)
_PART = re.compile(
    _FEW
    + r"|\b(?:most|some|many|part)\s+of\b|\b(?:although|though|but|while)\s+some\b|\b(?:partly|partially|mostly)\b|\bout\s+of\s+(?:a\s+total\s+of\s+)?[$€£]?\d",
    re.I,
)
_FEW_ONLY = re.compile(_FEW, re.I)


def _part_for_whole(question: str, sentence: str) -> bool:
    """Does the sentence say of a part what the question asks of all, or of a few what it
    asks of most ("Did Harvard sell off all of its holdings?" / "reduce its holdings by $230
    million (out of $400 million)"; "Did most of them come from Italy?" / "only a few came
    from there")? The sentence must not use the question's own quantifier."""
    if _WHOLE.search(question) and not _WHOLE.search(sentence):
        return bool(_PART.search(sentence))
    if _MOST.search(question) and not _MOST.search(sentence):
        return bool(_FEW_ONLY.search(sentence))
    return False


# "A outnumbered B", "A outsold B": A is the greater.
_OUTDO = re.compile(
    r"\bout(?:number|weigh|sell|sold|perform|score|rank|last|live|pace|grew|grow|produce|spend|spent)\w*\b", re.I
)
_MORE_THAN = re.compile(
    r"\b(?P<way>more|greater|larger|higher|bigger|fewer|less|smaller|lower)\s+(?P<a>(?:[\w'’-]+\s+){0,3}?)than\s+"
    r"(?P<b>(?:[\w'’-]+\s*){1,4})",
    re.I,
)
_SIDE_END = re.compile(
    r"\s(?:in|on|at|of|during|for|by|with|among|from|to|along|across|within|over|under|into|near|before|after|"
    r"since|per|and|who|which|that)\s|\d",
    re.I,
)


def _side(words: str) -> list[str]:
    return terms(_SIDE_END.split(f" {words} ", maxsplit=1)[0])


def _comparison(text: str) -> tuple[set[str], set[str]] | None:
    """(the greater side's own words, the lesser side's) of a comparison the text makes:
    "more French settlers than British ones", "British settlers outnumbered the French"."""
    m = _MORE_THAN.search(text)
    if m:
        a, b = _side(m.group("a")), _side(m.group("b"))
        if b and b[-1] in ("one", "ones") and len(a) > 1:
            a, b = a[:-1], b[:-1]  # "French settlers than British ones": the noun is shared
        if m.group("way").lower() in ("fewer", "less", "smaller", "lower"):
            a, b = b, a
    else:
        m = _OUTDO.search(text)
        if not m:
            return None
        before = re.findall(r"[\w'’-]+", text[: m.start()])[-4:]
        a, b = _side(" ".join(before)), _side(text[m.end() :][:60])
    greater, lesser = set(a), set(b)
    return (greater - lesser, lesser - greater) if greater and lesser else None


def _reversed_comparison(question: str, sentence: str) -> bool:
    """Does the sentence make the question's comparison the other way round ("Were there more
    French settlers than British ones?" / "British settlers outnumbered the French")?"""
    asked, said = _comparison(question), _comparison(sentence)
    if not asked or not said or _NEGATION.search(sentence):
        return False
    (more, less), (said_more, said_less) = asked, said
    return bool(more & said_less and less & said_more and not more & said_more)


# A question about what has happened ("Has NATO opened the office?", "Did they sign it?")...
_DONE_Q = re.compile(r"^\s*(?:has|have|had|did|was|were)\b", re.I)
# ... against a sentence saying it is only planned, proposed or expected.
_PLANNED = re.compile(
    r"\b(?:plan(?:s|ned|ning)?|propos(?:e|es|ed|ing|al)|intend(?:s|ed|ing)?|expect(?:s|ed|ing)?|aim(?:s|ed|ing)?|"
    r"hop(?:e|es|ed|ing)|want(?:s|ed)?|prepar(?:e|es|ed|ing)|seek(?:s|ing)?|sought|set|due|is|are|"
    r"was|were)\s+to\s+(?P<w1>[\w'’-]+)|\b(?:will|would|could|might|may|shall)\s+(?:\w+\s+)?(?P<w2>[\w'’-]+)",
    re.I,
)


def _only_planned(question: str, sentence: str) -> bool:
    """Does the sentence say that what the question asks as done is only planned, proposed
    or expected ("Has NATO opened the office in Tokyo?" / "NATO is planning to open a liaison
    office in Tokyo")? The planned verb must be the question's own; a question that itself
    asks about the plan ("Did NATO plan to open ...?") is not denied."""
    if not _DONE_Q.match(question) or _PLANNED.search(question) or re.search(r"\b(?:that|whether)\b", question, re.I):
        return False
    asked = set(terms(question))
    for m in _PLANNED.finditer(sentence):
        verb = m.group("w1") or m.group("w2") or ""
        if verb[:1].islower() and set(terms(verb)) & asked:
            return True
    return False


# A question asking whether something is certain ("Will the drainage definitely cost £3,000?")...
_CERTAIN_Q = re.compile(
    r"\b(?:definitely|certainly|for\s+(?:sure|certain)|guaranteed\s+to|surely|without\s+fail)\b", re.I
)  # "guaranteed for 10 years" is a warranty, not certainty
# ... against a quote saying it is not: an allowance, an estimate, a condition.
_HEDGED = re.compile(
    r"\b(?:provisional(?:ly)?|estimated?|estimates|approximate(?:ly)?|roughly|allowance|subject\s+to|"
    r"depends?\s+on|dependent\s+on|conditional|(?-i:may)|might|could|expected|likely|not\s+(?:a\s+)?fixed|"
    r"not\s+guaranteed|up\s+to|at\s+most)\b",
    re.I,
)
# A condition or an exception in the quote says it is not certain either ("if you filled up
# within 15 miles ..., we will not charge you"); in the question it only sets the scene.
_CONDITIONED = re.compile(r"\b(?:if|unless|except|provided\s+that|as\s+long\s+as)\b", re.I)


def _not_certain(question: str, sentence: str) -> bool:
    """Does the quote hedge what the question asks as certain ("Will the drainage definitely
    cost £3,000?" / "Provisional sum: drainage | £3,000")? A question that itself hedges
    ("Could it definitely ...") is not denied."""
    hedged = _HEDGED.search(sentence) or _CONDITIONED.search(sentence)
    return bool(_CERTAIN_Q.search(question) and hedged and not _HEDGED.search(question))


# Doing a thing with nobody else there ("Can he use the gym on his own?"), and a quote that
# allows it only in company ("Juniors ... may use the gym only with a parent or guardian").
_ALONE = re.compile(
    r"\b(?:on\s+(?:his|her|their|my|your|our|its)\s+own|alone|by\s+(?:him|her|my|your|them|our)sel(?:f|ves)|"
    r"unaccompanied|unsupervised|without\s+(?:an?\s+|their\s+|his\s+|her\s+|my\s+|our\s+)?"
    r"(?:adult|parent|guardian|grown-up|supervision|someone|anyone))\b",
    re.I,
)
_IN_COMPANY = re.compile(
    r"\b(?:only\s+(?:with|when\s+accompanied|if\s+accompanied|under)|accompanied\s+by|must\s+be\s+"
    r"(?:accompanied|supervised)|supervised\s+by|under\s+(?:the\s+)?supervision)\b",
    re.I,
)


def _only_in_company(question: str, sentence: str) -> bool:
    """Does the quote allow only in company what the question asks of someone alone ("Can he
    use the gym on his own?" / "... may use the gym only with a parent or guardian")? Not
    where it says company is not needed ("need not be accompanied")."""
    return bool(
        _ALONE.search(question)
        and _IN_COMPANY.search(sentence)
        and not _ALONE.search(sentence)
        and not re.search(r"\b(?:not|n't)\s+(?:need\s+to\s+)?(?:be\s+)?(?:accompanied|supervised)", sentence, re.I)
    )


def _said_to_harm(question: str, sentence: str) -> bool:
    """Does the quote warn that what "Is it OK to ...?" asks does harm ("repeated resets can
    damage it" for "Is it OK to keep hitting reset?")? Not where it says it does none ("will
    not damage")."""
    if not _ASKS_IF_HARMLESS.search(question):
        return False
    return bool(_HARM.search(_NO_HARM.sub(" ", sentence)))


_ASKS_IF_HARMLESS = re.compile(
    r"\b(?:ok|okay|all\s+right|alright|safe|fine|a\s+good\s+idea|harmless)\s+(?:to|if)\b", re.I
)
_HARM_WORDS = (
    r"(?:damag(?:e|es|ed|ing)|harm(?:s|ed|ful)?|dangerous|unsafe|hazardous|injur(?:e|es|ed|y|ies)|"
    r"ruin(?:s|ed)?|invalidat(?:e|es|ed)|void(?:s|ed)?)"
)
_HARM = re.compile(rf"\b{_HARM_WORDS}\b", re.I)
_NO_HARM = re.compile(rf"(?:\b(?:not|never|no|cannot)|n['’]t)\s+(?:[a-z]+\s+){{0,2}}?{_HARM_WORDS}\b", re.I)


# A number said in the evidence, with what may follow it: "400 child protection officers",
# "eight strips, called comb rows", "1.5 meters", a score of "27/100" (27); not a total ("out
# of 176"). "a" and "an" count only in a question.
_SAID_NUMBER = re.compile(
    r"(?<![\w.,/])(?<!out of )(?P<n>" + NUMBER + r")(?:\s+(?P<scale>" + SCALE + r"))?"
    r"(?:/\d+)?(?![\w/])"
    r"(?P<after>(?:[\s,()]+[A-Za-z][\w-]*){0,4})",
    re.I,
)
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b)", re.I)
_PART_OF_WHOLE = re.compile(
    r"(?<![\w.,])(\d[\d,]*)\s+(?:of|out\s+of)\s+(?:the\s+|its\s+|their\s+)?(\d[\d,]*)(?![\d.,]\d)"
)
_UNIT_FORMS = {
    "m": "meter",
    "km": "kilometer",
    "cm": "centimeter",
    "mm": "millimeter",
    "ft": "foot",
    "feet": "foot",
    "kg": "kilogram",
    "mi": "mile",
    "%": "percent",
    "per": "percent",
}


def _unit(word: str) -> str:
    """ "metres" -> "meter", "rows" -> "row", "km" -> "kilometer": a unit as one form."""
    w = word.lower()
    w = american_spelling(_UNIT_FORMS.get(w, w))  # metre, litre: the British spelling
    return _UNIT_FORMS.get(w, w[:-1] if w.endswith("s") and not w.endswith("ss") else w)


def _bound_verdict(
    bound: QuantityBound,
    sentence: str,
    asked: frozenset[str] | set[str] = frozenset(),
    idf=lambda t: 1.0,
) -> str | None:
    """Yes or No to "more than 300 officers?" from the one number the sentence gives of the
    same thing ("employed 400 child protection officers": Yes), or None when it gives none
    or several. Without a unit ("below 50?") the sentence must hold exactly one number. A
    share ("over a third of its inhabitants?") is read from the percentage nearest the
    question's words ("56.2% were Catholics, 35.7% Jews" for the Jews: 35.7)."""
    if bound.share:
        # A share of what is asked: the word right after it is asked of ("2.8% Protestants"),
        # else one of the few around it ("51.6% in favour of a Scottish Assembly"); not a
        # threshold ("40% of the total electorate").
        percents = list(_PERCENT.finditer(sentence))
        counted = [m for m in percents if set(terms(sentence[m.end() :])[:1]) & asked]
        near = [m for m in percents if asked & set(terms(sentence[: m.start()])[-1:] + terms(sentence[m.end() :])[:2])]
        shares = [(float(m.group(1)), m.start()) for m in counted or near]
        # "8,000 of the 20,000 troops ... were Normans": a share said as a part of a whole.
        shares = shares or [
            (100 * float(part.replace(",", "")) / float(whole.replace(",", "")), m.start())
            for m in _PART_OF_WHOLE.finditer(sentence)
            for part, whole in [m.groups()]
            if 0 < float(part.replace(",", "")) < float(whole.replace(",", ""))
        ]
        if not shares:
            return None
        share = min(shares, key=lambda s: (_distance(asked, sentence, s[1], idf), s[1]))[0]
        return _yes_if(bound.holds(share))
    # What is counted is the noun after the number ("metres" of "100 metres lower").
    units = {_unit(w) for w in [w for w in bound.counted if w.lower() not in STOPWORDS][:1]}
    found: list[tuple[float, re.Match[str]]] = []
    for m in _SAID_NUMBER.finditer(sentence):
        if m.group("n").lower() in ("a", "an"):
            continue
        said = number_value(m.group("n"), m.group("scale"))
        if said is None or (not m.group("scale") and 1000 <= said <= 2100 and m.group("n").isdigit()):
            continue  # a year
        after = {_unit(w) for w in re.findall(r"[A-Za-z][\w-]*", m.group("after"))}
        if units and not units & after:
            continue
        found.append((said, m))
    if len(found) == 2:
        (low, first), (high, second) = found
        if low < high and _RANGE.fullmatch(sentence[first.end("n") : second.start()]):
            return _yes_if(bound.holds(low, high))  # "five to ten years" (not "outnumbered 20 to 1")
    return _yes_if(bound.holds(found[0][0])) if len(found) == 1 else None


# Between the two numbers of a range: "five to ten years", "5-10 km", "two or three weeks".
_RANGE = re.compile(r"\s*(?:[a-z]+\s+)?(?:to|or|-|–)\s*", re.I)


def _yes_if(holds: bool | None) -> str | None:
    return None if holds is None else "Yes" if holds else "No"


# Denials that any one quote makes: another nationality, a part for the whole, the comparison
# the other way round, a plan for a done thing.
# "Had another US president been there before him?": a question whether anyone else did it first ...
_ANOTHER_BEFORE = re.compile(
    r"\b(?:another|any\s+other|anyone\s+else|anybody\s+else|someone\s+else|other)\b.*"
    r"\b(?:before|earlier|previously|already)\b",
    re.I,
)
# ... against "the first American president to visit": no one of the kind did before.
_FIRST_OF = re.compile(
    r"\bthe\s+(?:very\s+)?first\s+(?P<kind>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+(?:to|ever|in|of)\b", re.I
)


def _first_of_kind(question: str, sentence: str) -> bool:
    """Does the sentence call what the question asks about the first of its kind, where the
    question asks whether another had done it before ("had another sitting US president been
    there before him?" / "as the first American president to visit the country while in
    office")? The kind must be one the question names."""
    if not _ANOTHER_BEFORE.search(question):
        return False
    asked = set(terms(question))
    return any(set(terms(m.group("kind"))) & asked for m in _FIRST_OF.finditer(sentence))


# "the largest", "the world's biggest", "the most successful", "the fewest": one ranked first ...
_SUPERLATIVE = re.compile(
    r"\bthe\s+(?:[\w'’]+['’]s?\s+)?(?:(?!(?:first|last|rest|west|east|interest|forest|contest|protest|request|"
    r"harvest|honest|modest)\b)[a-z]+est|best|worst|most|least|fewest)\b",
    re.I,
)
_ORDINALS = r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d*(?:1[1-9]th|[2-9](?:nd|rd|th)|\d0th))"
# ... against "the second-largest", "the third most", "ranking sixth in the league".
_LOWER_RANK = re.compile(
    rf"\b{_ORDINALS}[\s-]+(?:[a-z]+est|best|worst|most|least|fewest)\b"
    rf"|\brank(?:ed|ing|s)?\s+(?:as\s+)?(?:the\s+)?(?:only\s+)?{_ORDINALS}\b",
    re.I,
)


def _lower_rank(question: str, sentence: str) -> bool:
    """Does the sentence rank below first what the question calls the first of its kind ("Was
    Iran the biggest oil exporter?" / "Iran was the world's second-largest oil exporter"; "Did
    they allow the fewest points?" / "... just 308 points, ranking sixth in the league")? Not
    where the sentence also ranks something first, in any words: that may be what is asked
    ("the most populous city proper in Florida ..., and the 12th most populous in the United
    States" for "the biggest population of any city in Florida")."""
    if not _SUPERLATIVE.search(question) or not _LOWER_RANK.search(sentence):
        return False
    return not _SUPERLATIVE.search(_LOWER_RANK.sub(" ", sentence))


# "Do we have to ...?", "Is it compulsory to ...?": asks whether something is required.
_OBLIGED_Q = re.compile(
    r"\b(?:have|has|had)\s+to\b|\b(?:must|required|compulsory|mandatory|obliged|obligatory)\b|\bneed\s+to\b", re.I
)
# Said as a choice: "If you would rather clear the £146.07 straight away, pay by card ...".
_CHOICE = re.compile(
    r"\bif\s+you(?:['’]d|\s+would)\s+(?:rather|prefer|like)\b|\bif\s+you\s+(?:prefer|wish|want|choose)\b"
    r"|\b(?:optional|voluntary|you\s+(?:can|may)\s+choose)\b",
    re.I,
)


def _only_a_choice(question: str, sentence: str) -> bool:
    """Does the sentence offer as a choice what the question asks is required ("Do we have to
    pay the £146 in one go straight away?" / "If you would rather clear the £146.07 straight
    away, pay by card ...")? A choice is not an obligation, unless the question asks about one
    ("Can we ...?" is not asked here)."""
    return bool(_OBLIGED_Q.search(question)) and not _CHOICE.search(question) and bool(_CHOICE.search(sentence))


# "Did Miller also recover it?": a name that did what is asked, in the active voice.
_NAME_DID = re.compile(
    r"\b(?i:did|does|do|has|have|had)\s+(?P<name>(?:[A-Z][\w'’.-]*\s+)+)"
    r"(?:[a-z]+sel(?:f|ves)\s+|also\s+|ever\s+|really\s+|actually\s+|personally\s+)?(?P<verb>[a-z]+)\b"
)


def _another_did_it(question: str, sentence: str) -> bool:
    """Does the sentence say, in the passive, that someone else did what the question asks
    of its name ("did Miller also recover it?" / "... and was recovered by Ward, who returned
    it")? The one named after "by" is another by the last name."""
    m = _NAME_DID.search(question)
    if not m:
        return False
    agent = passive_agent(sentence, f"Who {m.group('verb')}")
    if agent is None:
        return False
    named = [w for w in sentence[agent[0] : agent[1]].split() if w[:1].isupper() and w.lower() not in MONTHS_AND_DAYS]
    return _other_person(" ".join(named), m.group("name"))


# "Did Nixon himself serve as the first Administrator of ...?": the role asked of the name.
_ROLE_Q = re.compile(
    r"\b(?:serve|served|act|acted|work|worked|be|been|become|became)\s+as\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<role>[\w'’-]+(?:\s+[\w'’-]+){0,2}?)(?=\s+(?:of|for|in|at|on|to|from|under|during)\b|\s*[?.!]*$)",
    re.I,
)
_NAME_BEFORE = r"(?P<who>(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*),?\s+as\s+(?:the\s+|a\s+|an\s+)?"


def _another_in_role(question: str, sentence: str) -> bool:
    """Does the sentence give the role the question asks of its name to someone else ("Did
    Nixon serve as the first Administrator ...?" / "Nixon named William E. Simon as the first
    Administrator ...")? Compared by the last name."""
    m = _ROLE_Q.search(question)
    names = subject_names(question)
    if not m or not names:
        return False
    said = re.search(_NAME_BEFORE + re.escape(m.group("role")) + r"\b", sentence)
    if not said:
        return False
    return _other_person(said.group("who"), names[0])


def _other_person(one: str, other: str) -> bool:
    """Do two names name two people, compared by the last name as people are named: "Charles
    Richard" is not "Charles Porter", "Richard" is "Charles Richard"? False where either is no name."""
    a, b = terms(one), terms(other)
    return bool(a and b) and a[-1] not in b and b[-1] not in a


def _age_decides(question: str, sentence: str) -> bool:
    """Does the quote make an age the condition of what the question asks, for an age the
    question gives? "My daughter's just turned 14. Is she old enough to ride the e-bike to school
    on her own?" / "In the UK you must be 14 or over to ride an electrically assisted pedal
    cycle": the age decides, whatever the asker's other words ("ride" is what both say)."""
    ages = ages_asked(question)
    if not ages or not required_ages(sentence):
        return False
    given = set().union(*(terms(words) for _, words in ages))
    return any(not t.isdigit() for t in (set(terms(question)) - given) & set(terms(sentence)))


def _too_young_or_old(question: str, sentence: str) -> bool:
    """Is an age the question gives outside an age the quote makes a condition ("Can my
    15-year-old son get his own membership?" / "You must be at least 16 years old to join")?"""
    ages = ages_asked(question)
    bands = required_ages(sentence) if ages else []
    return bool(bands) and any(not any(lo <= age <= hi for lo, hi in bands) for age, _ in ages)


# "Do I have to ...?", "Must we ...?", "Am I required to ...?": the question asks an obligation.
_ASKS_OBLIGATION = re.compile(
    r"\b(?:do|does|will|would)\s+(?:i|we|you|he|she|they)\s+(?:have|need)\s+to\b|\bmust\s+(?:i|we)\b"
    r"|\b(?:am|are|is)\s+(?:i|we|he|she|they)\s+(?:required|expected|obliged)\s+to\b",
    re.I,
)
# "parts only", "members only", "only on weekdays": what a clause restricts to ("not only" is no
# restriction).
_ONLY_AFTER = re.compile(r"(?P<x>[A-Za-z][\w'’-]*)\s*,?\s+only\b", re.I)
_ONLY_BEFORE = re.compile(
    r"(?<!\bnot\s)\bonly\s+(?:(?:for|to|on|in|by|with|the|your)\s+)?(?P<x>[A-Za-z][\w'’-]*)", re.I
)


def _restricted_to_another(question: str, quote: str, context: str) -> bool:
    """Does a clause of the quote restrict what the question asks about to something else that
    the document names beside the asked thing as its alternative ("Is the motor covered for
    labour for 10 years?" / "The motor is guaranteed for 10 years, parts only; ...", where the
    document says "parts and labour")? Then the asked alternative is left out."""
    asked = {w.lower(): t for w in re.findall(r"[A-Za-z][\w'’-]*", question) for t in terms(w)[:1]}
    for clause in re.split(r"[;:]", quote):
        said = set(terms(clause))
        restricted = [m.group("x") for p in (_ONLY_AFTER, _ONLY_BEFORE) for m in p.finditer(clause)]
        for x in restricted:
            if x.lower() in STOPWORDS or x.lower() == "only":
                continue
            for word, term in asked.items():
                if term in said or word in STOPWORDS:
                    continue
                one, other = re.escape(x), re.escape(word)
                pair = rf"\b{one}\s+(?:and|or|&)\s+{other}\b|\b{other}\s+(?:and|or|&)\s+{one}\b"
                if re.search(pair, context, re.I):
                    return True
    return False


# "Can we ...?", "Is it OK to ...?", "Are we allowed to ...?": the question asks what may be done.
_ASKS_LEAVE = re.compile(
    r"\b(?:can|could|may)\s+(?:i|we|you|he|she|they|it|my|our|the)\b"
    r"|\b(?:ok|okay|alright|all\s+right|fine|allowed|permitted|possible|able)\s+to\b"
    # "... am I still covered?", "Is that in time?": within a deadline or not
    r"|\bstill\s+(?:covered|valid|eligible|ok|okay|fine|entitled|in\s+time)\b|\bin\s+time\b",
    re.I,
)
_OBLIGES = re.compile(r"\b(?:must|ha(?:ve|s)\s+to|needs?\s+to|required\s+to)\b", re.I)


def _obliged_at_other_ages(question: str, sentence: str) -> bool:
    """Does the quote put the obligation asked about only on ages other than the one the question
    gives ("My daughter is 9. Do I have to stay and watch her lesson?" / "Only parents of children
    under 8 must stay in the viewing gallery")?"""
    ages = ages_asked(question) if _ASKS_OBLIGATION.search(question) else []
    bands = age_bands(sentence) if ages and _OBLIGES.search(sentence) else []
    return bool(bands) and not any(lo <= age <= hi for lo, hi in bands for age, _ in ages)


# "Is standard gauge the main track gauge on Victoria's railways?": what is asked to be the
# main one (group "x") and of what kind ("kind": its last word is the head noun, "gauge").
_ASKS_MAIN = re.compile(
    r"^\W*(?:is|are|was|were)\s+(?:the\s+|a\s+)?(?P<x>[\w'’ -]+?)\s+the\s+"
    r"(?:main|principal|chief|primary|predominant|dominant|usual|commonest|most\s+common)\s+"
    r"(?P<kind>[\w'’ -]+?)(?=\s+(?:on|in|of|for|at|across|among|used|spoken|found)\b|\W*$)",
    re.I,
)
_MAINLY = re.compile(
    r"\b(?:mainly|mostly|predominantly|largely|chiefly|primarily)\b(?P<rest>(?:[^,;:.]|[,.](?=\d))*)", re.I
)


def _another_mainly(question: str, sentence: str) -> bool:
    """Does the quote say that mainly another of the kind asked is used ("Is standard gauge the
    main track gauge ...?" / "Victorian lines mainly use the 1,600 mm broad gauge")? The words
    before the kind's head noun after "mainly" hold none of what the question asks to be the main
    one but that noun."""
    m = _ASKS_MAIN.search(question)
    said = _MAINLY.search(sentence) if m else None
    if not m or not said:
        return False
    head = terms(m.group("kind"))[-1:]
    rest = terms(said.group("rest"))
    if not head or head[0] not in rest:
        return False
    named = set(terms(m.group("x"))) - set(head)
    return bool(named) and not named & set(rest[: rest.index(head[0])])


_DENIALS = (
    _too_young_or_old,
    _obliged_at_other_ages,
    _another_did_it,
    _another_in_role,
    _other_nationality,
    _part_for_whole,
    _reversed_comparison,
    _only_planned,
    _first_of_kind,
    _lower_rank,
    _only_a_choice,
    _not_certain,
    _said_to_harm,
    _only_in_company,
)
