"""Answer plans: what kind of answer a question needs, decided from its words alone.

The plan sets how much evidence is gathered, which prompt the model gets and how the
answer is composed and checked. Classification is deterministic (rules, no model), so
`ask`, `chat` and `eval` plan a question the same way every time; `--json` reports it.

Kinds, tried in this order (the first that matches wins):
- summary: "summarize ...", "overview", "tell me about X", "what does the article say about X"
- comparison: "compare", "differ", "A or B?", "is A bigger than B?"
- several: two asks in one ("who ..., and when ...?", "when and where ...?")
- explanation: why, how (a manner, not how many/much/long), what caused, the reasons
- list: "list", "which countries", "what are the ...", "name the members"
- yesno: starts with an auxiliary verb (is, does, did, has, can ...)
- single: everything else, one fact
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.inventory import asked_kind
from assistant.answering.tuning import APPROX_FAR, APPROX_NEAR, EMBED_SENTENCES, WIDE_EMBED
from assistant.text import (
    NATIONALITIES,
    ORDINAL_WORDS,
    SCALE_FACTORS,
    STOPWORDS,
    VALUE_WORDS,
    number_value,
    split_sentences,
    terms,
)

KINDS = ("single", "several", "explanation", "list", "summary", "comparison", "yesno")


@dataclass(frozen=True)
class Budget:
    """How much evidence a plan gathers: the tuning constants of every plan, in one place."""

    pool: int  # passages retrieved and ranked by their sentences
    sentences: int  # sentences quoted at most (a quote's context sentences count)
    floor: float  # a further quote must score at least this share of the best one
    embed: int = EMBED_SENTENCES  # sentences compared by embedding; the rest rank by their words


# Chosen on questions written for the purpose (evals/dev.yaml and the seed article), not on
# the sets that measure them. A single fact stays within two sentences; a list reads three
# times as many passages, because "list all" must find all; an explanation takes the reason
# that follows its best sentence; a summary's budget is in words (--length).
BUDGETS = {
    "single": Budget(pool=10, sentences=2, floor=0.65),
    "several": Budget(pool=10, sentences=2, floor=0.65),  # per part, each on its own plan
    "explanation": Budget(pool=10, sentences=4, floor=0.6, embed=WIDE_EMBED),
    "list": Budget(pool=30, sentences=12, floor=0.6, embed=WIDE_EMBED),
    "summary": Budget(pool=60, sentences=0, floor=0.0),
    "comparison": Budget(pool=10, sentences=2, floor=0.0),  # per side
    "yesno": Budget(pool=10, sentences=2, floor=0.9),
}

# "What happened to the gallery?", "What happens if we are late?": the answer is a course of
# events, told in as many sentences as it takes (within NARRATIVE_SENTENCES), not a reason.
NARRATIVE = re.compile(r"\bwhat\s+(?:has\s+|had\s+|will\s+|would\s+)?happen(?:s|ed)?\b", re.I)
NARRATIVE_SENTENCES = 6

# Polite and conversational wrappers that say nothing about the kind: "Could you tell me
# who ...?" is a "who" question. "Tell me about X" is kept: it asks for a summary.
# Nouns that name a document ("the quarterly report", "the board minutes", "the travel policy"):
# a summary of one reads that document, found by its title or file name.
DOCUMENT_WORDS = (
    "document", "article", "report", "file", "paper", "memo", "letter", "story", "book", "email", "essay",
    "notes", "minutes", "manual", "handbook", "guide", "policy", "contract", "agreement", "transcript",
    "presentation", "proposal", "newsletter", "quote", "quotation", "invoice", "statement", "schedule",
    "receipt", "brochure", "leaflet", "booklet", "certificate", "bulletin", "form", "itinerary",
)  # fmt: skip
# Not "bill" or "warranty": as often what a document says something about ("What does the
# manual say about the warranty?") as the document itself.
# Words before a document's noun that say which copy, not what it is about: "the latest
# newsletter", "the attached quote".
WHICH_COPY = (
    "news", "attached", "above", "following", "uploaded", "given", "main", "original", "first", "last", "same",
    "pdf", "word", "text", "short", "long", "new", "latest", "newest", "recent", "current", "whole", "entire", "full",
)  # fmt: skip


def _plurals(words: tuple[str, ...]) -> str:
    """An alternation of the words and their plurals ("policy|policies", "report|reports")."""
    forms = [w[:-1] + "(?:y|ies)" if w.endswith("y") else w if w.endswith("s") else w + "s?" for w in words]
    return "(?:" + "|".join(forms) + ")"


# ... and what else a question calls the documents it is asked of ("this text", "page 3", "the sources").
_DOC = _plurals(DOCUMENT_WORDS + ("text", "piece", "chapter", "page", "source", "note"))

_LEAD = re.compile(r"^\s*(?:(?:and|so|but|also|ok(?:ay)?|well|now|then|hey|please)\b[\s,]*)+", re.I)
_POLITE = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell\s+me\s+(?!about\b)|let\s+me\s+know\s+)?"
    r"|do\s+you\s+know\s+|i\s+(?:want|would\s+like|'d\s+like|need)\s+to\s+know\s+"
    r"|(?:please\s+)?tell\s+me\s+(?=(?:who|whom|whose|what|which|where|when|why|how|if|whether)\b)"
    r"|please\s+)",
    re.I,
)

_TOLD_WHOLE = (
    r"what(?:'s|’s|\s+is|\s+are)\s+(?:(?:changing|happening|new|going\s+on)\s+(?:with|about|regarding)"
    r"|the\s+(?:deal|story|latest|situation)\s+(?:with|on|about|regarding))"
    r"|what\s+(?:do|does|should)\s+(?:i|we|you)\s+(?:need\s+to\s+)?know\s+about"
)
_SUMMARY = re.compile(
    r"^\s*(?:summari[sz]e|summary\b|sum\s+up|recap|outline|tl\s*;?\s*dr|overview\b"
    r"|(?:give|provide|write|make)\s+(?:me\s+|us\s+)?(?:an?\s+|the\s+)?(?:(?:short|brief|quick|general|high-level)\s+)?"
    r"(?:overview|summary|gist|rundown|recap|synopsis|outline|(?:main|key)\s+points)"
    r"|tell\s+me\s+about|describe\b"
    # "Run me through the staffing changes", "Fill me in on the budget": a topic told whole.
    r"|(?:walk|run|take|talk)\s+(?:me|us)\s+through|(?:fill|clue)\s+(?:me|us)\s+in\s+on|brief\s+(?:me|us)\s+on"
    r"|(?:bring|get)\s+(?:me|us)\s+up\s+to\s+speed\s+on|catch\s+(?:me|us)\s+up\s+on"
    r"|what(?:'s|\s+is|\s+are)\s+(?:this|the|that)\s+(?:\w+\s+){0,2}?"
    rf"{_DOC}\s+about"
    r"|what(?:'s|\s+is)\s+(?:this|the|that)\s+"
    rf"{_DOC}"
    r"\s+(?:on|about|of)\s+.+?\s+about\W*$"
    r"|what(?:'s|\s+is)\s+(?:this|it)\s+(?:all\s+)?about\W*$"
    r"|what\s+(?:does|do|did)\s+(?:this|the|that|my|our)\s+(?:[\w'-]+\s+){0,3}?(?:say|says|tell\s+(?:me|us))\s+about"
    r"|(?:tell\s+(?:me|us)\s+)?what\s+(?:(?:this|the|that|my|our)\s+(?:[\w'-]+\s+){0,3}?|it\s+|they\s+)"
    r"(?:says?|said|tells?\s+us)\s+about"
    r"|what\s+(?:does|do|did)\s+(?:this|the|that|my|our)\s+(?:\w+\s+){0,2}?"
    rf"{_DOC}"
    r"(?:\s+(?:on|about|of)\s+.+?)?\s+(?:say|tell|cover|discuss)"
    # "How does the article describe Fresno's West Side?": what it says of a topic.
    r"|how\s+(?:does|do|did)\s+(?:this|the|that|my|our)\s+(?:\w+\s+){0,2}?"
    rf"{_DOC}"
    r"\s+(?:describe|present|portray|depict|characteri[sz]e|discuss|cover)\b"
    r"|what(?:'s|\s+is|\s+was)\s+the\s+(?:gist|summary|upshot|bottom\s+line)\b"
    r"|what\s+(?:are|were)\s+the\s+(?:(?:key|main|major|most\s+important)\s+)?(?:points|takeaways|highlights|ideas|findings|messages|themes)\b"
    r"|(?:key|main)\s+(?:points|takeaways)\b"
    r"|(?:give\s+(?:me\s+)?)?the\s+gist\b"
    # "What's changing with the school uniform?", "What's the deal with the guarantee?", "What do
    # we need to know about leaving the flat?": a topic told whole, not one fact of it.
    rf"|{_TOLD_WHOLE})",
    re.I,
)
# "Briefly, ...", "... in a nutshell?": how to tell it, at either end of the question. Not an
# adverb of what happened: "Which group briefly put the base out of action?" asks for a name.
_SUMMARY_ANYWHERE = re.compile(
    r"\btl\s*;\s*dr\b|^\W*(?:in\s+a\s+nutshell|in\s+brief|briefly)\b|\b(?:in\s+a\s+nutshell|in\s+brief|briefly)\W*$",
    re.I,
)

_COMPARE = re.compile(
    r"\b(?:compare[sd]?|comparison|comparing|contrast|differ|differs|differed|difference|differences|"
    # "distinguish" compares only with what from ("distinguish A from B", "between"): "Which
    # substances did he describe or distinguish?" asks for a list.
    r"distinguish(?:es)?(?=\s+(?:between|\w+(?:\s+\w+){0,3}\s+from)\b)|versus|vs\.?|similarit(?:y|ies)|similar|"
    r"in\s+common|alike)\b",
    re.I,
)
# "Was the Han dynasty founded before the Roman Empire?": a yes/no that orders two things.
# Not "named after Tesla", "modelled after Oxford": a name's origin, not an order in time; nor
# "before I can play": a condition the asker sets, not a second thing.
_ORDER = re.compile(
    r"(?<!\bnamed\s)(?<!\bcalled\s)(?<!\bmodelled\s)(?<!\bmodeled\s)(?<!\bpatterned\s)(?<!\blooked\s)"
    r"\b(?:before|after|prior\s+to)\s+(?:the\s+)?(?:(?!I\b|I['’])[A-Z]|\d{3,4}\b)"
)
# Not "rather than" or "other than": they compare nothing ("Who thought it was anthrax with
# other diseases, rather than anthrax alone?" asks for a person; spans.yaml).
# Nor "than expected", "than usual": a measure against what was looked for, not a second
# thing ("Which subjects is she doing better than expected in?" asks for subjects).
_COMPARATIVE = re.compile(
    r"\b(?:(?!(?:rath|oth)er\b)\w+er|more\s+\w+|less\s+\w+|fewer|better|worse|earlier|later|"
    r"older|younger|first|last)\s+than\b"
    r"(?!\s+(?:expected|planned|predicted|forecast|anticipated|hoped|intended|usual|normal|average)\b)",
    re.I,
)
_WHICH_OR = re.compile(r"^\s*(?:which|who|what)\b.+\bor\b", re.I)
# A question asking for a number asks one fact, whatever comparing word it holds: "How many
# points did they score versus Pittsburgh?", "How much higher was the rate than in 2000?".
_ASKS_A_NUMBER = re.compile(r"^\s*how\s+(?:many|much)\b", re.I)
# "a year or two", "two or three days", "one or more": an estimate, not an alternative (years
# are: "in 2021 or 2022?").
_ROUGHLY = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+(?:\w+\s+)?or\s+"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|more|less|fewer|so|\d{1,3})\b(?![\d,])",
    re.I,
)

_WH = r"(?:who|whom|whose|what|which|where|when|why|how)"
# After "and", a second ask may open with a preposition ("..., and until when is it locked
# in?", "and in which year did ..."; a bare "and from when?" is _TRAILING_WH's); after a bare
# comma that is a relative clause ("the town, in which he died").
_CONDITION = r"(?:once|when|whenever|if|after|before|while|as\s+soon\s+as)"
_SECOND_ASK = re.compile(
    r"(?:,\s*(?:and\s+)?|\s+and\s+(?:also\s+)?)(?=" + _WH + r"\b)"
    r"|(?:,\s*and\s+|\s+and\s+)(?=(?:until|till|by|since|from|for|in|on|at|to)\s+(?:when|what|which|whom|how)\s+\w+\s+\w)"
    # "How much is the deposit, and do we get it back?": a yes/no asked after the comma.
    r"|,\s*and\s+(?=(?:do|does|did|is|are|was|were|can|could|will|would|has|have|should)\s+"
    r"(?:i|we|you|they|he|she|it|the|my|our|your|this|that|these|those|there|either|any)\b)"
    # "..., and once the battery sign flashes, how long have I got?": the clause is the second ask's.
    r"|,\s*and\s+(?=" + _CONDITION + r"\b[^,?]*,\s*" + _WH + r"\b)",
    re.I,
)
_WH_PAIR = re.compile(r"^\s*" + _WH + r"\s*(?:,\s*" + _WH + r"\s*)*(?:,\s*)?\s+and\s+" + _WH + r"\b", re.I)
_TRAILING_WH = re.compile(
    r"^(?P<q>.+?),?\s+and\s+(?P<wh>"
    + _WH
    + r"|(?:in|on|at|for|by)\s+(?:what|which)\s+\w+|(?:by|from|with|to|for)\s+whom|how\s+(?:many|much|long|often))"
    r"\s*[?.!]*$",
    re.I,
)
# What opens an ask of its own. "When many people are arrested, what ...?" and "Along with
# public schools, what ...?" open with a clause that sets the scene: one ask, not two. "When" and
# "where" open a question only before an auxiliary ("When did ..."), else a clause.
_AUXILIARIES = "is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|must|may|might"
_ASK_OPENING = re.compile(
    rf"^\s*(?:who|whom|whose|what|which|why|how|(?:in|on|at|for|by|from|with|to)\s+(?:what|which|whom)"
    rf"|(?:when|where)\s+(?:{_AUXILIARIES})|{_AUXILIARIES}|name|list|give|tell|describe|explain|say|compare)\b",
    re.I,
)
# The clause before a question's one ask when it opens with no ask of its own: "Of Warsaw's
# inhabitants in 1901, what percentage was Catholic?" asks "what percentage was Catholic?".
_LEADING_CLAUSE = re.compile(
    rf"^\s*[^?]{{1,160}}?,\s*(?=(?:what|which|who|whom|whose|how|why)\b|(?:when|where)\s+(?:{_AUXILIARIES})\b)",
    re.I,
)
# After a bare comma these open a relative clause: "Which player got a penalty, which gave ...?"
_RELATIVE = {"which", "who", "whom", "whose", "where", "when"}
# Lower case only: "... in the film Kiss and Tell?" names a film, it asks nothing more.
_AND_SAY = re.compile(r"\s+and\s+(?:say|tell|explain|describe|give|list|name)\b")

_EXPLAIN = re.compile(
    r"^\s*(?:why\b|how\s+come\b|explain\b|for\s+what\s+reasons?\b|in\s+what\s+way"
    r"|on\s+what\s+grounds\b|by\s+what\s+means\b"  # "On what grounds did Luther ...?" asks why, "By what means" how
    r"|how\b(?!\s+(?:many|much|long|old|far|often|big|large|tall|high|soon|fast|deep|wide|heavy|"
    r"big|small|late|early|frequently|close)\b)"
    r"|what\s+(?:caused|causes|cause|led|leads|lead|triggered|triggers|made|makes|prompted|drove|drives|"
    r"happens|happened|explains|was\s+behind|is\s+behind)\b"
    r"|what\s+(?:is|are|was|were)\s+(?:the\s+)?(?:main\s+|primary\s+|underlying\s+)?"
    r"(?:reasons?|causes?|effects?|consequences?|purpose|impact|results?|outcome|motivation|rationale|"
    r"mechanism|role)\b"
    r"|what\s+(?:effect|impact|role)\b"
    r"|what\s+(?:might|could|would|may|can)\s+(?:explain|cause|account\s+for|have\s+caused)\b"
    r"|what\s+(?:accounts|accounted)\s+for\b"
    r"|what\s+(?:reasons?|causes?|explanations?|justifications?|motives?)\s+(?:did|does|do|was|were|is|are|has|have|had)\b)",
    re.I,
)

_LIST = re.compile(
    r"^\s*(?:list|enumerate|itemi[sz]e"
    r"|name\s+(?:all|every|each|the\s+\w+s\b|some|several|three|two|four|five)"
    r"|(?:which|what)\s+(?:\w+,?\s+){0,2}?(?!\w*ss\b)\w{3,}s\s+(?:are|were|do|does|did|have|has|had|can|could|will|would|should|is|was)?\b"
    r"|what\s+(?:are|were)\s+(?:the|some|all|its|his|her|their|our|my)\b"
    r"|who\s+(?:are|were)\s+the\s+(?:\w+\s+)?\w+s\b"
    r"|(?:tell|show|give)\s+me\s+(?:all|every|each|the\s+list)\b)",
    re.I,
)
# Plural-looking words that are not plurals: "Which process ...", "What news ...".
_NOT_PLURAL = {
    "process",
    "class",
    "business",
    "address",
    "news",
    "status",
    "analysis",
    "basis",
    "series",
    "species",
    "crisis",
    "thesis",
    "virus",
    "bus",
    "gas",
    "bonus",
    "campus",
    "census",
    "corpus",
    "focus",
    "plus",
    "this",
    "is",
    "was",
    "has",
    "does",
    "us",
    "its",
    "his",
    "hers",
    "yes",
    "always",
    "sometimes",
    "perhaps",
    "access",
    "success",
    "loss",
    "boss",
    "mass",
    "press",
    "glass",
    "less",
    "across",
    "physics",
    "mathematics",
    "economics",
    "politics",
    "ethics",
    "means",
    "whereas",
    "thus",
    "various",
}

_YESNO = re.compile(
    r"^\s*(?:is|are|was|were|am|does|do|did|has|have|had|can|could|will|would|should|shall|must|may|"
    r"might|isn't|aren't|wasn't|weren't|doesn't|don't|didn't|hasn't|haven't|hadn't|can't|cannot|"
    r"couldn't|won't|wouldn't|shouldn't)\b",
    re.I,
)
_IS_IT_TRUE = re.compile(r"^\s*is\s+it\s+(?:true|correct|the\s+case)\s+that\s+", re.I)

# Answer types of single facts: what the answer must contain to be one at all.
_TIME_Q = re.compile(
    r"^\s*(?:when\b|(?:in|on|by|since|until|at)?\s*(?:what|which)\s+(?:year|years|date|day|month|"
    r"century|decade|time|period|era|season|hour)\b|how\s+long\s+ago\b|what\s+time\b)",
    re.I,
)
# "How long", "how much": the words after "how" that ask for a number.
HOW_QUANTITY = ("many", "much", "long", "old", "far", "tall", "high", "big", "large", "deep", "wide", "heavy", "often")
_NUMBER_Q = re.compile(
    rf"^\s*(?:how\s+(?:{'|'.join(HOW_QUANTITY)})\b|"
    r"what\s+(?:number|percentage|percent|amount|proportion|share|size|price|cost|"
    r"length|height|population)\b)",
    re.I,
)
# "What was her attendance for the year as a percentage?": the words after the ask name a number.
_AS_A_NUMBER = re.compile(
    r"\b(?:as\s+an?|in)\s+(?:percentage|percent|per\s+cent|figure|number|fraction)\s*[?.!]*$", re.I
)
# "What number do I ring to report it?", "What's the number to call if ...?": a telephone number.
_PHONE_Q = re.compile(
    r"^\s*what(?:'s|\s+is|\s+was)?\s+(?:the\s+|a\s+)?(?:(?:phone|telephone|contact|emergency|helpline)\s+)?"
    r"number\b(?:\s+\w+){0,4}?\s+(?:ring|call|phone|dial|contact)\b|"
    r"^\s*what\s+(?:is\s+the\s+)?(?:phone|telephone)\s+number\b",
    re.I,
)
_LOCALITY_Q = re.compile(r"^\s*(?:in|at|to|from)?\s*(?:what|which)\s+(?:[\w-]+\s+)?(?:city|town|village)\b", re.I)
_PERSON_Q = re.compile(r"^\s*(?:who|whom|whose)\b", re.I)
_PLACE_Q = re.compile(
    r"^\s*(?:where\b|(?:in|at|to|from)?\s*(?:what|which)\s+(?:[\w-]+\s+)?(?:city|country|place|town|state|"
    r"region|continent|location|county|province|island|river)\b)",
    re.I,
)


@dataclass(frozen=True)
class Plan:
    """How a question is answered. `parts` are the sub-questions of `several`; `sides` the
    things a comparison compares; `topic` what a summary is about (None: the documents);
    `home` the document a part of a `several` question prefers."""

    kind: str
    question: str
    asks: str = ""  # the question without polite wrappers
    answer_type: str | None = None  # single facts: time | number | person | place
    parts: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    topic: str | None = None
    # A part of a `several` question: the document the whole question is about, whose
    # sentences its parts prefer ("... and how much is the deposit?": the trip's deposit).
    home: str | None = None

    @property
    def typed_evidence(self) -> bool:
        """Must the evidence hold the asked type for the question to be answerable? A time
        for "when", a number for "how many", a place after "in", "at", "near" ... for "in which
        city". "Where", "which country" and "who" are answered in too many shapes ("in the
        north", "tensions with China", "the Mamluks") to refuse on."""
        return self.answer_type in ("time", "number", "phone") or bool(_LOCALITY_Q.search(self.asks))

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind}
        if self.answer_type:
            out["answer_type"] = self.answer_type
        if self.parts:
            out["parts"] = list(self.parts)
        if self.sides:
            out["sides"] = list(self.sides)
        if self.kind == "summary":
            out["topic"] = self.topic
        return out


def strip_wrappers(question: str) -> str:
    """The question without leading "and", "so", "could you tell me", "do you know"."""
    text = " ".join(question.split())
    for _ in range(3):
        before = text
        text = _POLITE.sub("", _LEAD.sub("", text))
        if text == before:
            break
    return text


# "Under the Treaty of Versailles, was ...?": a leading phrase sets the scene; the words
# after it say what is asked.
_SCENE = re.compile(
    r"^\s*(?:in|under|after|during|before|since|according\s+to|for|at|on|by|given|with|"
    r"as\s+of|apart\s+from|besides|between)\b[^,?]{1,80},\s*(?=\w)"
    # "When the French reached the fort, were Trent's men allowed to leave?", "Like comb jellies,
    # do sponges ...?", "Strictly speaking, does ...?": a phrase that sets the scene, then a yes/no
    # question (not "When was it built, and why?", which has no comma before its auxiliary).
    r"|^\s*[^,?]{1,80},\s*(?=" + _YESNO.pattern.removeprefix("^\\s*") + r")",
    re.I,
)


_CENTURY = re.compile(r"\bin\s+the\s+(\d{1,2})(?:st|nd|rd|th)\s+century\b", re.I)
_DECADE = re.compile(r"\bin\s+the\s+(\d{3})0s\b", re.I)
_BOUND = re.compile(r"\b(before|after|by)\s+(\d{3,4})\b", re.I)
# Periods a question may bound a time by, named instead of dated: their first and last years.
_PERIODS = {
    r"(?:the\s+)?(?:second\s+world\s+war|world\s+war\s+(?:ii|2|two))": (1939, 1945),
    r"(?:the\s+)?(?:first\s+world\s+war|world\s+war\s+(?:i|1|one)|great\s+war)": (1914, 1918),
}
_PERIOD_BOUND = re.compile(
    r"\b(before|after|by|during)\s+(" + "|".join(_PERIODS) + r")(?![\w-])",
    re.I,
)


# A count in a question: the text layer's number words, and "a metre", "a dozen".
SCALE = "|".join(SCALE_FACTORS)  # "1.5 million": a scale after the number
NUMBER = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(sorted(VALUE_WORDS, key=len, reverse=True)) + r")"
_GREATER = r"more|greater|higher|larger|longer|bigger|taller|older|over|above|at\s+least|in\s+excess\s+of|exceeding"
_LESS = r"less|fewer|lower|smaller|shorter|younger|under|below|at\s+most|no\s+more|within"
# Bounds that hold at the number itself: "at least 300", "within two years" (2 years is within).
_INCLUSIVE = re.compile(r"at\s+least|at\s+most|no\s+more|within", re.I)
_QUANTITY_BOUND = re.compile(
    r"\b(?P<way>" + _GREATER + "|" + _LESS + r")(?:\s+than)?\s+(?:about\s+|around\s+)?(?P<n>" + NUMBER + r")"
    r"(?:\s+(?P<scale>" + SCALE + r"))?(?P<unit>(?:\s+(?!(?:than|in|on|at|of|out|that|which|who)\b)[a-z][\w-]*){0,3})",
    re.I,
)


_ABOUT = r"about|around|roughly|approximately|nearly|almost|some|close\s+to"
# "about a hundred men", "around 40 miles": a quantity asked as near a number ("some" only with one).
_APPROX_BOUND = re.compile(
    r"\b(?P<way>" + _ABOUT + r")\s+(?P<n>an?\s+(?:hundred|thousand|dozen)\b|" + NUMBER + r")"
    r"(?:\s+(?P<scale>" + SCALE + r"))?(?P<unit>(?:\s+(?!(?:than|in|on|at|of|out|that|which|who)\b)[a-z][\w-]*){0,3})",
    re.I,
)
# "one in five stations", "more than two out of three": a share said as a ratio.
_RATIO = re.compile(
    r"\b(?:(?P<way>" + _ABOUT + "|" + _GREATER + "|" + _LESS + r")(?:\s+than)?\s+)?"
    r"(?P<k>" + NUMBER + r")\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<m>" + NUMBER + r")\b",
    re.I,
)
_FRACTIONS = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "tenth": 10}
_SHARE_BOUND = re.compile(
    r"\b(?P<way>" + _GREATER + "|" + _LESS + "|" + _ABOUT + r")(?:\s+than)?\s+(?:about\s+|around\s+)?"
    r"(?:(?P<two>two)\s+|(?P<three>three)\s+|(?:a|one)\s+)?(?P<part>half|halves|thirds?|quarters?|fourths?|fifths?|tenths?)\b",
    re.I,
)


@dataclass(frozen=True)
class QuantityBound:
    """A bound a yes/no question puts on a quantity: "more than 300 child protection officers"
    is (">", 300, ["child", "protection", "officers"]); "over a third of its inhabitants" is a
    share, (">", 33.3 percent, [])."""

    way: str  # ">", "<" or "~" (about)
    value: float
    counted: list[str]  # the words after the number: what it counts
    words: str  # the words of the question that state the bound
    share: bool = False  # `value` is a percentage of what is asked
    inclusive: bool = False  # the number itself is within the bound ("at least 300")

    def holds(self, low: float, high: float | None = None) -> bool | None:
        """Does a quantity said as `low` (or a range `low` to `high`: "five to ten years")
        meet the bound? None when a range lies across it."""

        if self.way == "~":
            return self._near(low, high)

        def meets(q: float) -> bool:
            if self.way == ">":
                return q >= self.value if self.inclusive else q > self.value
            return q <= self.value if self.inclusive else q < self.value

        low_meets, high_meets = meets(low), meets(low if high is None else high)
        return low_meets if low_meets == high_meets else None

    def _near(self, low: float, high: float | None) -> bool | None:
        """Is a quantity (or each end of a range) about the asked one (APPROX_NEAR)? False
        when every end is off by more than APPROX_FAR; None between."""
        ends = [low] if high is None else [low, high]
        off = [abs(q - self.value) / self.value if self.value else abs(q) for q in ends]
        if all(o <= APPROX_NEAR for o in off):
            return True
        return False if all(o > APPROX_FAR for o in off) else None


def quantity_bound(question: str) -> QuantityBound | None:
    """The bound a yes/no question puts on a quantity, else None. A year is a time bound
    (time_condition), not a quantity."""
    share = _SHARE_BOUND.search(question)
    if share and (_way(share.group("way")) != "~" or share.start() >= len(question) - len(last_question(question))):
        way = _way(share.group("way"))
        count = 2 if share.group("two") else 3 if share.group("three") else 1
        percent = 100 * count / _FRACTIONS[share.group("part").lower().rstrip("s")]
        return QuantityBound(way, percent, [], share.group(0), share=True)
    # A quantity said about one ("I'm moving about 40 miles away. Can I ...?") is asked only in
    # the question, not in the statements before it: a clause allowing "more than 15 miles" is
    # no denial of "about 40".
    asked_from = len(question) - len(last_question(question))
    ratio = next((m for m in _RATIO.finditer(question) if _a_share(m)), None)
    if ratio and (ratio.group("way") and _way(ratio.group("way")) != "~" or ratio.start() >= asked_from):
        percent = 100 * (number_value(ratio.group("k")) or 0) / (number_value(ratio.group("m")) or 1)
        return QuantityBound(_way(ratio.group("way") or "about"), percent, [], ratio.group(0), share=True)
    approximate = [m for m in _APPROX_BOUND.finditer(question) if m.start() >= asked_from]
    for m in [*_QUANTITY_BOUND.finditer(question), *approximate]:
        value = number_value(re.sub(r"^an?\s+", "", m.group("n"), flags=re.I), m.group("scale"))
        if value is None or (not m.group("scale") and 1000 <= value <= 2100 and "," not in m.group("n")):
            continue
        way = _way(m.group("way"))
        counted = m.group("unit").split()
        # "within a year or two", "under two or three weeks": a range, whose far end bounds
        # ("more than 10 to 1" is a ratio: no range ends below where it starts).
        for at in (0, 1):
            other = counted[at + 1] if len(counted) > at + 1 and counted[at].lower() in ("or", "to") else None
            end = number_value(other) if other else None
            if end is not None and end > value:
                value = end if way == "<" else value
                counted = counted[:at] + counted[at + 2 :]
                break
        inclusive = bool(_INCLUSIVE.match(m.group("way")))
        percent = counted == ["percent"]  # "above 40 percent" is a share
        return QuantityBound(way, value, counted, m.group(0), share=percent, inclusive=inclusive)
    return None


def _way(said: str) -> str:
    """ "more than" -> ">", "under" -> "<", "about" -> "~"."""
    if re.fullmatch(_ABOUT, said, re.I):
        return "~"
    return ">" if re.match(_GREATER, said, re.I) else "<"


def _a_share(ratio: re.Match[str]) -> bool:
    """Is "k in m" a share ("one in five"), not a count in a year ("won 3 in 2010") or a
    ratio of two counts ("outnumbered 10 to 1" is no "in")?"""
    k, m = number_value(ratio.group("k")), number_value(ratio.group("m"))
    return k is not None and m is not None and 0 < k < m <= 1000 and ratio.group("k").lower() not in ("a", "an")


def time_condition(question: str) -> tuple[int, int, str] | None:
    """The years that make a yes/no question about a time true ("in the 19th century":
    1801-1900; "in the 1990s"; "before 1939"; "before the Second World War"), and the words
    that say it; else None."""
    century = _CENTURY.search(question)
    if century:
        n = int(century.group(1))
        return 100 * (n - 1) + 1, 100 * n, century.group(0)
    decade = _DECADE.search(question)
    if decade:
        start = int(decade.group(1)) * 10
        return start, start + 9, decade.group(0)
    period = _PERIOD_BOUND.search(question)
    if period:  # "before the Second World War": before 1939
        first, last = next(years for name, years in _PERIODS.items() if re.fullmatch(name, period.group(2), re.I))
        word = period.group(1).lower()
        if word == "during":
            return first, last, period.group(0)
        return (0, first - 1, period.group(0)) if word == "before" else (last + 1, 9999, period.group(0))
    bound = _BOUND.search(question)
    if bound:
        year = int(bound.group(2))
        word = bound.group(1).lower()
        return (
            (0, year - (word == "before"), bound.group(0))
            if word in ("before", "by")
            else (year + 1, 9999, bound.group(0))
        )
    return None


def is_yes_no_form(asks: str) -> bool:
    """Is the question put as a yes/no question ("Is A taller than B?", "Does it ...?")?"""
    return bool(_YESNO.match(_SCENE.sub("", asks)))


def last_question(text: str) -> str:
    """The question after the statements that set its scene: "A radiator in the back bedroom
    has started leaking. Will the warranty pay to fix it?" asks whether the warranty pays (the
    statements stay in what is searched). Split by the text layer's sentences, so that "John
    D. Rockefeller" or "Brown v. Board" end no sentence."""
    spans = split_sentences(text)
    if len(spans) < 2 or not text.rstrip().endswith("?"):
        return text
    if any(text[s:e].rstrip().endswith("?") for s, e in spans[:-1]):
        return text  # two questions: the parts of a several-fact question
    return text[spans[-1][0] :]


def classify(question: str) -> Plan:
    asks = strip_wrappers(question)
    if _SUMMARY.match(asks) or _SUMMARY_ANYWHERE.search(asks):
        return Plan("summary", question, asks, topic=summary_topic(asks))
    core = _SCENE.sub("", last_question(asks))
    if not _ASK_OPENING.match(core):
        core = _LEADING_CLAUSE.sub("", core)
    both = conjunction_parts(core) if _YESNO.match(core) else None
    if both:  # "Were both A and B founded before 1940?" asks one thing of each, it compares nothing
        return Plan("yesno", question, asks, parts=both[0], sides=both[1])
    bounded = time_condition(core)
    # "Was it founded before 1940?" bounds a date: a yes/no, not a comparison with 1940.
    sides = () if bounded else comparison_sides(core)
    # A which/who/what question without a word that says "compare" is a comparison only when
    # the rules name its two sides: "Which leader said no partner is closer or more important
    # than Japan?" asks for a leader.
    if sides and (all(sides) or _COMPARE.search(core) or not _WHICH_OR.match(core)) and not _ASKS_A_NUMBER.match(core):
        return Plan("comparison", question, asks, sides=sides)
    # "According to the AAA, what share ...?" is one ask: the scene phrase is not a second one,
    # and it is kept on every part of a question that has several.
    scene = asks[: len(asks) - len(core)]
    parts = [
        scene + (p[:1].lower() + p[1:] if re.match(_WH, p, re.I) else p) if scene else p for p in split_question(core)
    ]
    if len(parts) > 1:
        return Plan("several", question, asks, parts=tuple(parts))
    if _EXPLAIN.match(core):
        return Plan("explanation", question, asks)
    inventory = asked_kind(core)
    if _is_list(core) or (inventory and not inventory[1]):  # "Who is mentioned?" lists people
        return Plan("list", question, asks)
    if _YESNO.match(core):
        return Plan("yesno", question, asks)
    return Plan("single", question, asks, answer_type=expected_type(core))


# "What are the static discs fixed to the casing called?" asks for one name, not a list.
_NAMING = re.compile(r"\b(?:called|named|known\s+as|termed)\s*[?.!]*\s*$", re.I)
_AUX = {
    "are",
    "were",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "is",
    "was",
    "can",
    "could",
    "will",
    "would",
    "should",
    "must",
    "may",
    "might",
    "of",
    "in",
    "on",
    "for",
    "from",
    "that",
    "to",
}


# "What are rotors mounted on?": "what" is the object of the verb's preposition, and the plural
# is its subject's ("rotors"), not the thing asked for. "What are the rotors?" stays a list.
_OBJECT_OF_A_VERB = re.compile(
    r"\b(?:\w+ed|\w+en|\w+ing|built|held|made|kept|set|put|sent|spent|paid)\s+"
    r"(?:on|onto|to|into|about|with|for|from|at|by|of|in|under|over)\s*[?.!]*$",
    re.I,
)


# Words that open a noun phrase: after "What <word>" they show <word> is a verb taking an object.
_DETERMINERS = {"the", "a", "an", "this", "these", "those", "his", "her", "its", "their", "our", "my", "your"}


# A preposition before "which" or "what" leaves the question what it is: "In what situations won't
# the insurer pay out?" lists as "What situations ...?" does.
_LEADING_PREPOSITION = re.compile(r"^\s*(?:in|at|on|from|into|under|during|to|with|for)\s+(?=(?:which|what)\b)", re.I)


# "What does the price not include?", "What's covered by the warranty?": what a thing holds
# is answered by its parts, a list. What a document covers is its summary, asked before this.
_HOLDS = re.compile(
    r"^\s*(?:what\s+(?:does|do|did|will|would)\s+[\w' -]+?\s+(?:not\s+)?(?:include|cover|contain|exclude)\s*[?.!]*$"
    r"|what(?:'s|\s+is|\s+isn't|\s+are|\s+aren't)\s+(?:not\s+)?(?:included|covered|excluded)\b)",
    re.I,
)


# "What do I need to pack for my daughter?", "What am I not allowed to chuck in the recycling
# bin?": what is brought, worn or thrown away is a list of things, however the question is put.
# Not "What does it take a country ... to achieve?", which asks what is needed.
_THINGS_CARRIED = re.compile(
    r"^\s*what\s+(?:do|does|did|should|must|can|can't|cannot|could|will|would|am|are|is)\s+(?!it\s+takes?\b)"
    r"(?:[\w'’-]+\s+){1,3}?"
    r"(?:(?:not\s+)?(?:allowed|supposed|meant|able)\s+to\s+|(?:need|have|got)\s+to\s+|not\s+)?"
    r"(?P<verb>bring|take|pack|wear|put|throw|chuck|recycle|carry)\b",
    re.I,
)


def things_carried(asks: str) -> str | None:
    """The verb of a question asking what is brought, worn or thrown away ("pack" of "What do I
    need to pack for my daughter?"), or None."""
    m = _THINGS_CARRIED.match(_LEADING_PREPOSITION.sub("", asks))
    return m.group("verb").lower() if m else None


def _is_list(asks: str) -> bool:
    asks = _LEADING_PREPOSITION.sub("", asks)
    if _HOLDS.match(asks) or _THINGS_CARRIED.match(asks):
        return True
    if not _LIST.match(asks) or _NAMING.search(asks):
        return False
    if re.match(r"^\s*what\s+(?:are|were)\b", asks, re.I):
        return not _OBJECT_OF_A_VERB.search(asks)
    if not re.match(r"^\s*(?:which|what)\b", asks, re.I):
        return True
    said = re.findall(r"[\w'-]+", asks)
    words = [w.lower() for w in said]
    if len(words) > 2 and words[2] in _DETERMINERS:
        return False  # "What links the two campuses?": a verb, its object after it, not a plural subject
    # "Which chemical elements are ...": the noun is the last word before the verb; "What sort
    # of things would ...": the noun after the kind, one thing ("What kind of car ...") or several.
    if len(words) > 3 and words[1] in ("sort", "kind", "type") and words[2] == "of":
        said = [said[0], *said[3:]]
    head: list[str] = []
    for word in said[1:4]:
        if word.lower() in _AUX:
            break
        head.append(word)
    return any(_plural_noun(w, said[n + 2] if n + 2 < len(said) else "") for n, w in enumerate(head[:2]))


# A determiner or an object pronoun after an -s word shows it is a verb ("What shows us ...?").
_OBJECT_OPENERS = _DETERMINERS | {"us", "him", "them", "it", "me", "you"}


def _plural_noun(word: str, following: str) -> bool:
    """Is this -s word of a question's head a plural noun ("Which chemical elements are ...?"),
    not a verb taking an object ("Which nation contains the most ...?", "What route connects
    Fresno with ...?") nor a name ("Which Panthers player ...?")?"""
    low = word.lower()
    if not low.endswith("s") or low in _NOT_PLURAL or low.endswith(("ss", "us", "is", "'s")):
        return False
    if word[:1].isupper():
        return False  # a team, a firm or a place named in the question, not the things asked for
    return not (following.lower() in _OBJECT_OPENERS or following[:1].isupper())


_QUALIFIER = re.compile(r"^\s*[a-z]+ly,?\s+(?=(?:how|when|what|which|who|whom|whose|where)\b)", re.I)


def expected_type(question: str) -> str | None:
    """The type of a single fact's answer, where the question's first words name it, after an
    adverb that qualifies the question ("Roughly how much have I got ...?")."""
    asks = _QUALIFIER.sub("", strip_wrappers(question))
    if _PHONE_Q.search(asks):
        return "phone"
    if _TIME_Q.search(asks):
        return "time"
    if _NUMBER_Q.search(asks) or _AS_A_NUMBER.search(asks):
        return "number"
    if _PERSON_Q.search(asks):
        return "person"
    if _PLACE_Q.search(asks):
        return "place"
    return None


_BOTH_FIRST = re.compile(
    r"^\s*(?P<aux>is|are|was|were|do|does|did|has|have|had|can|could|will|would)\s+both\s+"
    r"(?P<a>.+?)\s+and\s+(?P<rest>.+?)[?.!]*$",
    re.I,
)
_BOTH_AFTER = re.compile(
    r"^\s*(?P<aux>is|are|was|were|do|does|did|has|have|had|can|could|will|would)\s+"
    r"(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+both\s+(?P<rest>.+?)[?.!]*$",
    re.I,
)
_NAME_AT_START = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w\-’'.]*|\d[\w.,]*)(?:\s+(?:of\s+|de\s+|the\s+|and\s+)?"
    r"(?:[A-Z][\w\-’'.]*|\d[\w.,]*))*"
)


# Words that start what a "both A and B" question says of both ("... established in", "... come from").
_PREDICATE = re.compile(
    r"\s(?:established|founded|born|built|opened|located|made|created|written|published|named|"
    r"called|come|came|originate|originated|produce|produced|discovered|invented|designed|"
    r"members?|part|used|based|held|won|married|educated|known|situated|died)\b"
)


def conjunction_parts(asks: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """ "Are both A and B X?" / "Are A and B both X?" -> (("Are A X?", "Are B X?"), (A, B)):
    a yes/no question asked of two things, answered Yes only when the documents say so of each."""
    after = _BOTH_AFTER.match(asks)
    if after:
        aux, a, b, rest = after.group("aux"), after.group("a"), after.group("b"), after.group("rest")
    else:
        first = _BOTH_FIRST.match(asks)
        if not first:
            return None
        # "both Harvard and the University of Chicago private universities": B is the name
        # that follows "and"; what comes after it is said of both.
        tail = first.group("rest")
        name = _NAME_AT_START.match(tail)
        said = _PREDICATE.search(tail)
        if said and (not name or said.start() > name.end()):
            # "both the platted town that became Jacksonville and the first settlement in
            # Victoria established in ...": B runs to the word that starts what is said of both.
            b = tail[: said.start()].rstrip(" ,")
            return _parts(first.group("aux"), first.group("a"), b, tail[said.start() :])
        if not name:
            return None
        b = name.group(0)
        if name.end() >= len(tail):  # "both the Normans and the Huguenots French": the last word is said
            b = b.rpartition(" ")[0]
            if not b or b.lower() == "the":
                return None
        aux, a, rest = first.group("aux"), first.group("a"), tail[len(b) :]
    return _parts(aux, a, b, rest)


def _parts(aux: str, a: str, b: str, rest: str) -> tuple[tuple[str, str], tuple[str, str]]:
    aux = aux[:1].upper() + aux[1:].lower()
    return (f"{aux} {a.strip()} {rest.strip()}?", f"{aux} {b.strip()} {rest.strip()}?"), (a.strip(), b.strip())


def split_question(question: str) -> list[str]:
    """The asks of a question with several: "Who objected, and which paper reported it?"
    -> two questions; "When and where was he born?" -> "When was he born?", "Where was he born?"."""
    question = " ".join(question.split())
    pair = _WH_PAIR.match(question)
    if pair:
        words = re.findall(_WH, pair.group(0), re.I)
        rest = question[pair.end() :].strip()
        return [f"{w.capitalize()} {rest}".rstrip(" ?") + "?" for w in words]
    if not _ASK_OPENING.match(question):
        return [question]  # a statement or a scene-setting clause before the one ask
    trailing = _TRAILING_WH.match(question)
    if trailing:
        first = trailing.group("q").strip(" ,?")
        body = re.sub(r"^\s*" + _WH + r"\s+", "", first, flags=re.I)
        return [first + "?", f"{trailing.group('wh').capitalize()} {body}?"]
    pieces = _asks_apart(question)
    if len(pieces) < 2:
        said = _AND_SAY.split(question, maxsplit=1)
        if len(said) == 2 and len(said[0].split()) >= 3:
            return [said[0].strip(" ,?") + "?", "Say " + said[1].strip(" ,?") + "?"]
        return [question]
    parts = [p.strip(" ,?") for p in pieces if p.strip(" ,?")]
    # "How and when did X?" is handled above; a fragment of one or two words is not an ask.
    if len(parts) < 2 or len(parts[0].split()) < 3 or any(len(p.split()) < 2 for p in parts):
        return [question]
    return [p[:1].upper() + p[1:] + "?" for p in parts]


def _asks_apart(question: str) -> list[str]:
    """The question cut before each second ask, except a relative clause after a bare comma."""
    cuts = [
        m
        for m in _SECOND_ASK.finditer(question)
        if "and" in m.group(0).lower() or question[m.end() :].split(maxsplit=1)[0].lower() not in _RELATIVE
    ]
    # No bare comma's cut between a condition and the ask it opens: "once the sign flashes, how
    # long ...?" (but "..., and when is it due, and how do I pay?" asks three times).
    cuts = [
        m
        for i, m in enumerate(cuts)
        if not (
            i and "and" not in m.group(0).lower() and re.match(_CONDITION + r"\b", question[cuts[i - 1].end() :], re.I)
        )
    ]
    starts = [0, *(m.end() for m in cuts)]
    ends = [*(m.start() for m in cuts), len(question)]
    return [question[a:b] for a, b in zip(starts, ends)]


_SIDES = (
    # "How did the contributions of Rhazes and Abulcasis to pharmacology differ?": both sides
    # before the verb, what is compared of them around them.
    re.compile(
        r"^\s*(?:how|in\s+what\s+ways?)\s+(?:do|does|did|is|are|was|were)\s+(?:the\s+\w+\s+of\s+)?"
        r"(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+(?:differ|compare|vary)\b",
        re.I,
    ),
    re.compile(
        # Not "... compare with where you want them": the sides are before and after it (below).
        r"\b(?:compare|contrast|comparing)\s+(?!(?:with|to|against)\b)(?P<a>.+?)\s+(?:and|with|to|against|versus|vs\.?)\s+(?P<b>.+?)"
        r"(?:\s+(?:in\s+terms\s+of|on|by|regarding)\b.*)?[?.!]*$",
        re.I,
    ),
    re.compile(r"\bdifferences?\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)[?.!]*$", re.I),
    re.compile(
        r"\b(?:how\s+(?:does|do|did|is|are|was|were)\s+)?(?P<a>.+?)\s+(?:differ|differs|differed|"
        r"compare|compares)\s+(?:from|to|with)\s+(?P<b>.+?)[?.!]*$",
        re.I,
    ),
    re.compile(r"\b(?:how\s+(?:is|are|was|were)\s+)?(?P<a>.+?)\s+similar\s+to\s+(?P<b>.+?)[?.!]*$", re.I),
    re.compile(r"\b(?P<a>[^,:]+?)\s+(?:vs\.?|versus)\s+(?P<b>[^,:?]+)", re.I),
    # Not ", and what ... A or B?": a second question, whose "or" is inside what it asks.
    re.compile(r",(?!\s*(?:and|but)\s+" + _WH + r"\b)\s*(?P<a>[^,]+?),?\s+or\s+(?P<b>[^,?]+?)[?.!]*$", re.I),
    re.compile(r"\b(?:between|of)\s+(?P<a>[^,]+?)\s+and\s+(?P<b>[^,?]+?)[?.!]*$", re.I),
)


def comparison_sides(asks: str) -> tuple[str, ...]:
    """The two things compared, or () when the question compares nothing."""
    compares = bool(_COMPARE.search(asks))
    # "Did either Tesla or Edison win the prize?" asks whether one did, not which.
    alternative = bool(re.search(r"\bor\b", _ROUGHLY.sub(" ", asks), re.I)) and (
        _WHICH_OR.match(asks) or (_YESNO.match(asks) and not re.search(r"\beither\b", asks, re.I))
    )
    ordered = bool(_YESNO.match(asks) and _ORDER.search(asks))
    comparative = bool(_COMPARATIVE.search(asks)) and (
        _YESNO.match(asks) or _WHICH_OR.match(asks) or re.match(r"^\s*(?:which|who)\b", asks, re.I)
    )
    if not (compares or alternative or comparative or ordered):
        return ()
    if ordered and not (compares or alternative or comparative):
        m = re.match(r"^\s*\w+\s+(?P<a>.+?)\s+(?:before|after|prior\s+to)\s+(?P<b>.+?)[?.!]*$", asks, re.I)
        return _named_ones(_clean_sides(m.group("a"), m.group("b")), asks) if m else ("", "")
    if comparative and not compares and not alternative:
        # "Is Everest taller than K2?": the subject and what follows "than".
        m = re.match(
            r"^\s*\w+\s+(?P<a>.+?)\s+(?:\w+er|more\s+\w+|less\s+\w+|fewer|better|worse|earlier|later|"
            r"older|younger|first|last)\s+than\s+(?P<b>.+?)[?.!]*$",
            asks,
            re.I,
        )
        return _named_ones(_clean_sides(m.group("a"), m.group("b")), asks) if m else ("", "")
    for pattern in _SIDES:
        m = pattern.search(asks)
        if m:
            return _named_ones(_clean_sides(m.group("a"), m.group("b")), asks)
    return ("", "")  # a comparison whose sides the rules cannot name


# "the blue one", "the one in 2007": a side that names its thing by another side's noun.
# Not "one of us": a person of a group, no thing named by another side's noun.
_ONE = re.compile(
    r"\b(?:one|ones)(?=$|\s+(?:in|of|from|at|on|for|with|by|under|during)\b)(?!\s+of\s+(?:us|them|you|me)\b)", re.I
)
# The thing a "which" question compares, before its verb ("Which daily standing charge is
# bigger, ...") or after it ("Which is the older bridge, ...").
_WHICH_THING = re.compile(
    r"^\s*which\s+(?:(?P<before>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s+(?:is|are|was|were|has|have|had|costs?)\b"
    r"|(?:is|are|was|were)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?(?P<after>[a-z][\w-]*)\s*,)",
    re.I,
)


def _named_ones(sides: tuple[str, str], asks: str) -> tuple[str, str]:
    """Each side's "one" as the thing it stands for: "the electricity one or the gas one" of
    "Which daily standing charge is bigger?" are the electricity and the gas daily standing
    charges, "the blue one" beside "the red car" the blue car. A document never says "one"."""
    a, b = sides
    m = _WHICH_THING.match(asks)
    named = (m.group("before") or m.group("after")) if m else None

    def thing(side: str, other: str) -> str:
        if not _ONE.search(side):
            return side
        # The other side's noun, unless it is a clause ("what we pay now" ends in no noun).
        last = other.split()[-1] if other else ""
        own = last and not _ONE.search(other) and not _CLAUSE_SIDE.match(other) and last.lower() not in STOPWORDS
        head = last if own else named
        return _ONE.sub(head, side) if head else side

    return thing(a, b), thing(b, a)


# A phrase after the second side that qualifies both ("elders and deacons in the United
# Methodist clergy", "Rhazes and Abulcasis to pharmacology"): common ground, not the side.
_SHARED_TAIL = re.compile(
    r"^(?P<side>\S+(?:\s+\S+)*?)\s+(?:in|to|on|at|for|within|among|during|across|under)\s+.+$", re.I
)
_PREPOSITION = re.compile(r"\b(?:in|to|on|at|for|of|with|within|among|during|across|under|from|by)\b", re.I)


# A word that qualifies a noun: a year or number, an ordinal, a nationality, or an adjective by
# its ending ("innate", "adaptive", "political").
_ORDINALS = frozenset({*ORDINAL_WORDS[:10], "last"})
_ADJECTIVE = re.compile(r"[a-z]{2,}(?:ive|ate|al|ic|ous|ary|ern|ful|less|ible|able|ish|ese|ian)$")


def _modifier_kind(word: str) -> str | None:
    w = word.lower()
    if re.fullmatch(r"\d+(?:st|nd|rd|th|s)?", w) or w in _ORDINALS:
        return "number"
    if w in NATIONALITIES:
        return "nationality"
    return "adjective" if _ADJECTIVE.fullmatch(w) else None


def _shared_head(a: str, b: str) -> str:
    """The first side with the noun both share ("innate" of "innate and adaptive immunity" is
    "innate immunity"; "2005" of "the 2005 and 2007 reports" is "2005 reports"): one word that
    qualifies, before a second side whose first word qualifies the same way."""
    first, rest = a.strip().split(), b.strip().split()
    if first and first[0].lower() == "the":
        first = first[1:]
    if len(first) != 1 or len(rest) < 2:
        return a
    kind = _modifier_kind(first[0])
    return f"{a.strip()} {' '.join(rest[1:])}" if kind and kind == _modifier_kind(rest[0]) else a


# "How much cheaper was the patch repair than full resurfacing?", "How much would I save each
# month going Off-Peak instead of Full?": the difference between two sums, one a side.
_DIFFERENCE = re.compile(
    r"^\s*how\s+much\s+(?:(?P<dir>more|less|cheaper|dearer|extra|higher|lower)\b(?P<mid>.+?)|"
    r"(?:would|will|do|does|could|can|did)\s+(?:i|we|you|they|he|she)\s+(?P<save>save)\b(?P<saved>.+?))"
    r"\s+(?:than|instead\s+of|rather\s+than|compared\s+(?:with|to))\s+(?P<b>[^?]+?)\s*\??\s*$",
    re.I,
)
# What stands between "how much more" and a side: the verb and who pays ("a month would we pay
# on"), the side the words after it.
_BEFORE_SIDE = re.compile(
    r"^.*\b(?:is|are|was|were|be|been|cost|costs|pay|paying|on|for|with|by|going|getting|choosing|taking|"
    r"using|buying|having|switching\s+to|moving\s+to)\s+",
    re.I,
)
_PERIOD_WORDS = re.compile(r"\b(?:each|a|per|every)\s+(?:month|year|week|day|term|night)\b", re.I)
# A clause ("if I did"), a pronoun or a time ("last year": a change, answered by `changes`) names
# no side a sum is given for.
_PRONOUN_SIDE = re.compile(
    r"^(?:if|when|it|i|we|you|they|he|she|what|how|that|this|those|these|last|next|now|before|previously)\b", re.I
)


def difference_sides(asks: str) -> tuple[str, str] | None:
    """The two sides of a question asking the difference of two sums: "How much cheaper was the
    patch repair than redoing the car park?" -> ("the patch repair", "redoing the car park").
    Which is more is the sums' to say, not the question's. None for sides that are clauses ("...
    if my son crashed it than if I did?"): no sum names them."""
    m = _DIFFERENCE.match(last_question(asks))
    if not m:
        return None

    def side(words: str) -> str:
        kept = _PERIOD_WORDS.sub(" ", _BEFORE_SIDE.sub("", f" {words.strip()}"))
        return " ".join(kept.split()).strip(" ,")

    a, b = side(m.group("mid") if m.group("dir") else m.group("saved")), side(m.group("b"))
    if not a or not b or _PRONOUN_SIDE.match(a) or _PRONOUN_SIDE.match(b) or len(a.split()) > 6 or len(b.split()) > 6:
        return None
    return _named_ones((a, b), asks)  # "the Family membership than the Full one"


_CLAUSE_SIDE = re.compile(r"^\s*what\s+(?:we|you|they|i|he|she|the|my|our|your|their)\b", re.I)


def _clean_sides(a: str, b: str) -> tuple[str, str]:
    # "Macron's and Stoltenberg's attitudes towards Japan": what follows the second owner is
    # the first's too.
    owned = re.match(r"^\s*\S+['’]s\s+(?P<what>.+)$", b)
    if owned and re.fullmatch(r"\s*\S+['’]s\s*", a):
        a = f"{a.strip()} {owned.group('what')}"
    # "this year's council tax for our band ... with last year's": what follows the first owner
    # is the second's too.
    owned = re.match(r"^\s*(?:\S+\s+){0,2}?\S+['’]s\s+(?P<what>.+)$", a)
    if owned and re.fullmatch(r"\s*(?:\S+\s+){0,2}?\S+['’]s\s*", b):
        b = f"{b.strip()} {owned.group('what')}"
    a = _shared_head(a, b)
    shared = _SHARED_TAIL.match(b.strip())
    # "the Rhine in Germany and the Rhine in France" keeps both; a clause keeps its end; so
    # does a side that its end alone tells apart ("the standard excess with the excess under
    # Excess Cover Plus").
    if (
        shared
        and not _PREPOSITION.search(a)
        and not _CLAUSE_SIDE.match(b)
        and not set(terms(shared.group("side"))) <= set(terms(a))
        and not _ONE.search(shared.group("side"))  # "the one in 2007" is told apart by its end
        and not shared.group("side").lower().endswith("ing")  # "filling in my insurer's form": a verb's object
    ):
        b = shared.group("side")

    def clean(side: str) -> str:
        side = re.sub(
            r"^(?:the\s+)?(?:(?:which|what|who)\s+(?:\w+\s+){0,3}?(?:is|was|are|were|came|comes|did|does|has|had)"
            r"\s+\w*,?\s*)",
            "",
            side.strip(),
            flags=re.I,
        )
        side = re.sub(r"^(?:is|are|was|were|did|does|do|has|have)\s+", "", side, flags=re.I)
        return side.strip(" ,?.!:;\"'")

    # A side that is a clause ("what we were quoted for the op", "what the landlord has to give
    # us") is kept whole: cut, it says something else ("give us").
    def kept(side: str) -> str:
        return side.strip(" ,?.!:;\"'") if _CLAUSE_SIDE.match(side) else clean(side)

    return kept(a), kept(b)


_TOPIC = re.compile(
    r"^\s*(?:summari[sz]e|summary\s+of|sum\s+up|recap|outline|describe|tell\s+me\s+about|"
    r"(?:walk|run|take|talk)\s+(?:me|us)\s+through|(?:fill|clue)\s+(?:me|us)\s+in\s+on|brief\s+(?:me|us)\s+on|"
    r"(?:bring|get)\s+(?:me|us)\s+up\s+to\s+speed\s+on|catch\s+(?:me|us)\s+up\s+on|"
    r"(?:give|provide|write|make)\s+(?:me\s+|us\s+)?(?:an?\s+|the\s+)?(?:\w+\s+)?(?:overview|summary|gist|rundown|recap|synopsis|outline|points)"
    r"(?:\s+of|\s+about|\s+on)?|what\s+(?:are|were)\s+the\s+(?:key|main)\s+points\s+(?:of|in|from)|what\s+(?:does|do|did)\s+.+?\s+(?:say|tell|cover|discuss)(?:\s+(?:me\s+|us\s+)?about)?|"
    r"how\s+(?:does|do|did)\s+.+?\s+(?:describe|present|portray|depict|characteri[sz]e|discuss|cover)|"
    r"(?:tell\s+(?:me|us)\s+)?what\s+.+?\s+(?:says?|said|tells?\s+us)\s+about|"
    rf"{_TOLD_WHOLE}|"
    r"what(?:'s|\s+is|\s+are)\s+.+?\s+about|overview\s+of|the\s+gist\s+of|tl\s*;?\s*dr\s*(?:of)?)\s*"
    # "Sum up the main points of Freddie's nursery contract": the contract is the topic.
    r"(?:(?:the\s+)?(?:main|key)\s+points\s+(?:of|in|from)\s+)?",
    re.I,
)
# "the article", "this news story", "the whole report": the documents themselves, not a topic.
# Any other word before the noun names one ("the Rhine article"): that is a topic, which the
# answerer matches against titles and file names.
_WHOLE = re.compile(
    r"^(?:the|this|that|my|our|these|those)?\s*(?:whole\s+|entire\s+|full\s+)?"
    rf"(?:(?:{'|'.join(WHICH_COPY)})\s+)?"
    rf"{_DOC}$",
    re.I,
)


# "... in the IPCC document", "... as described in the article": where it is told, not what.
_WHERE_TOLD = re.compile(
    r"\s+(?:(?:as\s+)?(?:described|discussed|told|explained|reported|covered|given)\s+)?"
    r"(?:in|from|according\s+to)\s+(?:the|this|that|my|our)\s+(?:[\w'-]+\s+){0,2}?"
    rf"{_DOC}$",
    re.I,
)
_WHAT_ABOUT = re.compile(
    r"^\s*(?:what(?:'s|\s+is|\s+are)\s+(.+?)\s+about"
    # "What does the document on Sky cover?": the middle names it, as "the document on Sky".
    r"|what\s+(?:does|do|did)\s+(.+?\s+(?:on|about|of)\s+.+?)\s+(?:say|cover|discuss))\W*$",
    re.I,
)


# A topic that ends in a noun for a document ("the quarterly report") or is a file name
# ("report.pdf") names a document, which the answerer finds by its title or file name.
DOCUMENT_NOUN = re.compile(rf"\b{_plurals(DOCUMENT_WORDS)}$", re.I)
# A document, then what of it a summary asks: "the vet's letter about Pepper", "the handbook
# section on leave and sick pay".
DOCUMENT_AND_TOPIC = re.compile(
    rf"^(?P<document>.*?\b{_plurals(DOCUMENT_WORDS)})(?:\s+(?:section|chapter|part|page)s?)?"
    r"\s+(?:about|on|of|regarding|concerning|covering|for)\s+(?P<topic>\S.*)$",
    re.I,
)
# A document told by who sent it: "the letter from the letting agent".
DOCUMENT_FROM = re.compile(
    rf"^(?P<document>.*?\b{_plurals(DOCUMENT_WORDS)})\s+(?:from|by|sent\s+by|written\s+by)\s+(?P<sender>\S.*)$", re.I
)
FILE_NAME = re.compile(r"\S+\.[A-Za-z0-9]{2,5}$")
# "Which news outlets does the article on NATO's Tokyo office cite?": a document described by
# its topic, then what of it is listed.
DESCRIBED_DOCUMENT = re.compile(
    rf"\b(?:does|do|did)\s+(?:the|this|that|our|my)\s+{_plurals(DOCUMENT_WORDS)}\s+(?:on|about|regarding)\s+"
    r"[^?]+?\s+(?:cite|mention|name|quote|list)s?\W*$",
    re.I,
)


# "What does the travel policy say about ...", "How does the manual describe ...": the document
# a topic summary is asked of.
_ASKED_OF = re.compile(
    r"^\s*(?:tell\s+(?:me|us)\s+)?(?:what|how)\s+(?:does|do|did)\s+((?:this|the|that|my|our)\s+(?:[\w'-]+\s+){0,3}?"
    + _DOC
    + r")\s+(?:say|says|tell|cover|discuss|mention|describe|present)\b",
    re.I,
)


def summary_source(asks: str) -> str | None:
    """The document a topic summary is asked of ("the travel policy" of "What does the travel
    policy say about flying?"), or None when the question names none."""
    m = _ASKED_OF.match(asks)
    return m.group(1) if m else None


def summary_topic(asks: str) -> str | None:
    """What a summary is about: an entity, a file name, or None for "the article"/"the documents"."""
    about = _WHAT_ABOUT.match(asks)
    if about:  # "What is the Economic inequality article about?": the middle names it
        asks = about.group(1) or about.group(2)
    rest = asks
    for _ in range(2):  # "Summarize what the document says about Houbolt": two openings, then the topic
        m = _TOPIC.match(rest)
        rest = rest[m.end() :] if m else rest
    rest = re.sub(r"\b(?:in\s+a\s+nutshell|in\s+brief|briefly|please|for\s+me)\b", "", rest, flags=re.I)
    rest = _WHERE_TOLD.sub("", rest.strip(" ?.!:;,"))
    if not rest or _WHOLE.match(rest):
        return None
    return rest
