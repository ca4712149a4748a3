"""The citation check: every sentence of a reply is held against the source it cites.

A claim is supported by source n when at least SUPPORT_MIN of the content words it adds
to the question occur in source n (a claim that adds nothing says nothing). A wrong
citation is re-pointed to the source that supports the claim; a claim no source supports
is marked, never shown. Talk about the sources or the task ("The source number is 1.",
"Here is the answer:") is chatter: kept out of the answer and out of the claims.
"""

from __future__ import annotations

import re

from assistant.answering.result import Claim, Evidence
from assistant.answering.tuning import RESTATES, SUPPORT_MIN
from assistant.text import STOPWORDS, coverage, number_terms, restates, terms, words

MODEL_REFUSALS = (
    "not in sources",
    "not in the sources",
    "i don't know",
    "i do not know",
    "cannot be determined",
    "no information",
    "not mentioned",
    "does not say",
    "don't say",
    "not provided",
)

MARKER = re.compile(r"\[(\d+)\]")
CLAIM_SPLIT = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][”\"’')])\s+|\n+")
_PREAMBLE = re.compile(
    r"^\s*((the\s+)?(short\s+)?answer\s*(is)?\s*:?|according to[^,]*,|based on[^,]*,|"
    r"here\s+is[^:]*:|in\s+summary,?|to\s+summari[sz]e,?|[-*•]\s+|\d+[.)]\s+)\s*",
    re.I,
)
# Words about the sources and the task itself: a sentence made only of these (and
# function words) tells the reader nothing about the documents.
_META = set(
    """
source sources number numbered answer answers question questions document documents text passage
passages quote quotes cited cite citation citations provided given information mentioned based
following above below context reply short according note here list summary shown says say stated
""".split()
)


def inert(text: str) -> str:
    """A document's own "[2]" shown as "(2)": only the pipeline's markers look like citations."""
    return MARKER.sub(lambda m: f"({m.group(1)})", text)


ELLIPSIS = "…"  # where a shortened quote leaves words out (summary.compressed)


def holds_verbatim(shown: str, quote: str) -> bool:
    """Is a shortened quote ("Abu al-Rayhan al-Biruni … was one of the earliest Persian
    geologists.") made of verbatim pieces of its quote, in order? Each piece between the
    ellipses must occur after the one before (spacing aside; the first letter's case may be
    raised, as when an opening "However," is left out), so nothing is said the source does not."""
    source = " ".join(quote.split())
    at = 0
    for piece in shown.split(ELLIPSIS):
        piece = " ".join(piece.split()).strip()
        if not piece or all(not c.isalnum() for c in piece):
            continue  # the full stop after a cut at the end
        found = source.find(piece, at)
        if found < 0 and at == 0:
            found = source.find(piece[0].lower() + piece[1:])
        if found < 0:
            return False
        at = found + len(piece)
    return True


def is_model_refusal(text: str) -> bool:
    lowered = text.lower()
    return any(phrase in lowered for phrase in MODEL_REFUSALS)


def is_chatter(text: str) -> bool:
    """Does a sentence only talk about the sources or the task?"""
    content = [w for w in words(MARKER.sub(" ", text)) if w not in STOPWORDS]
    if not content:
        return True
    # Numbers count as talk about the sources only beside such talk ("The source number is 1."):
    # a bare number ("1930") is an answer, and the check against the source decides it.
    said = [w for w in content if not w.isdigit()]
    return bool(said) and all(w in _META for w in said)


_LEADING_MARKS = re.compile(r"^((?:\s*\[\d+\])+)\s*")


def split_claims(reply: str) -> list[str]:
    """The reply's sentences; a marker after the full stop ("... Lithuania. [1]") stays with
    the sentence before it."""
    pieces: list[str] = []
    for piece in CLAIM_SPLIT.split(reply.strip()):
        marks = _LEADING_MARKS.match(piece)
        if marks and pieces:
            pieces[-1] += " " + marks.group(1).strip()
            piece = piece[marks.end() :]
        if piece.strip():
            pieces.append(piece)
    return pieces


def clean_claim(raw: str) -> str:
    text = _PREAMBLE.sub("", MARKER.sub("", raw)).strip()
    return re.sub(r"\s+([.,;:!?])", r"\1", text)


def check_claims(draft: str, snippets: list[Evidence], question: str = "") -> tuple[list[Claim], set[int]]:
    """Split the reply into claims and check each against the snippet it cites.

    Returns the claims (text without markers) and the snippet numbers that back a
    supported claim. A claim is supported by snippet n when at least SUPPORT_MIN of
    the content words it adds to the question occur in snippet n; an uncited or
    wrongly cited claim is given the best supporting snippet instead, if any.
    """
    claims: list[Claim] = []
    cited: set[int] = set()
    # Numbers are matched by value: a reply's "37" is the source's "thirty-seven".
    snippet_terms = [number_terms(s.text) for s in snippets]
    asked = number_terms(question)
    for raw in split_claims(draft):
        marks = [int(m) for m in MARKER.findall(raw)]
        text = clean_claim(raw)
        if not re.search(r"\w", text):
            continue
        if is_chatter(text):
            claims.append(Claim(text, [], False, 0.0, chatter=True))
            continue
        claim_terms = number_terms(text) - asked
        if not claim_terms:
            claims.append(Claim(text, [], False, 0.0))
            continue
        scores = {n: coverage(claim_terms, snippet_terms[n - 1]) for n in range(1, len(snippets) + 1)}
        valid = [n for n in marks if n in scores and scores[n] >= SUPPORT_MIN]
        if not valid:
            best = max(scores, key=lambda n: (scores[n], -n), default=None)
            valid = [best] if best is not None and scores[best] >= SUPPORT_MIN else []
        support = max((scores[n] for n in valid), default=max(scores.values(), default=0.0))
        claims.append(Claim(text, valid, bool(valid), support))
        cited.update(valid)
    return claims, cited


_EDGE_WORDS = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "called",
    "named",
    "known",
    "as",
    "by",
    "of",
    "in",
    "on",
    "at",
    "to",
    "the",
    "a",
    "an",
    "that",
    "which",
    "it",
    "its",
    "they",
    "their",
}


# A reply holding one of these, or ending in a full stop, is a sentence restating the question
# ("The first serial is called An Unearthly Child."); else it is the phrase asked for
# ("Durham University").
_SENTENCE_VERBS = {"is", "are", "was", "were", "called", "named", "known"}
# A "why" reply that restates the question before its reason is shortened to the reason.
_WHY = re.compile(r"\s*why\b", re.I)
_BECAUSE = re.compile(r"\bbecause\b", re.I)
# ... a reason told first loses the question restated after it ("Because of their soft bodies,
# ctenophores are rare as fossils"); a reply without "because" that restates the question
# ("Luther assured monks and nuns they could break their vows", tuning.RESTATES) gives no reason.
_RESTATED_AFTER = re.compile(r",\s*(?P<clause>[^,]+)$")


# Who said it, copied from the quote's end: ", Kyodo News reported", ", the minister said".
_ATTRIBUTION = re.compile(
    r",\s+(?:(?:the|a|an)\s+)?(?:[\w'’.-]+\s+){0,3}?[\w'’.-]+\s+(?:reported|said|says|told\s+\w+|wrote|announced)$"
)


def shorten(reply: str, question: str) -> str:
    """Trim the words a one-sentence reply repeats from the question off its ends:
    "The first serial is called An Unearthly Child." -> "An Unearthly Child". A phrase
    (no "is", "was", "called" ..., no full stop) keeps the question's words: "Which university ...?" ->
    "Durham University", "On what date ... 1979?" -> "1 March 1979"; only articles and
    prepositions come off its ends. (Trimming them cost 7 of 100 answers F1 on
    evals/spans2.yaml with Qwen 1.5B: "River of May" -> "May".)"""
    if "\n" in reply.strip() or len(CLAIM_SPLIT.split(reply.strip())) > 1:
        return reply
    marks = "".join(f" [{m}]" for m in MARKER.findall(reply))
    text = _PREAMBLE.sub("", MARKER.sub("", reply)).strip().rstrip(".")
    text = _ATTRIBUTION.sub("", text)  # "Lithuania, Kyodo News reported" -> "Lithuania"
    asked = set(terms(question))
    why = bool(_WHY.match(question))
    reason = _BECAUSE.search(text) if why else None
    if reason:
        text = text[reason.start() :]  # "Polonia was relegated because of ..." -> "because of ..."
        after = _RESTATED_AFTER.search(text)
        if reason.start() == 0 and after and set(terms(after.group("clause"))) <= asked:
            text = text[: after.start()]
    elif why and restates(text, question, RESTATES):
        return ""
    tokens = text.split()
    restating = not reason and (
        reply.strip().endswith(".") or any(t.strip(",;:.!?\"'“”‘’()").lower() in _SENTENCE_VERBS for t in tokens)
    )

    def removable(token: str) -> bool:
        word = token.strip(",;:.!?\"'“”‘’()").lower()
        return not word or word in _EDGE_WORDS or (restating and set(terms(word)) <= asked)

    start, end = 0, len(tokens)
    while start < end and removable(tokens[start]):
        start += 1
    while end > start and removable(tokens[end - 1]):
        end -= 1
    if start == end:
        return reply
    return " ".join(tokens[start:end]).strip(",;: ") + marks
