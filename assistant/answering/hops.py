"""Two-hop questions: find the bridge the first passage names, and retrieve again around it.

"In which city was the founder of Acme born?" The question's words find the passage naming
the founder ("Acme was founded by Jane Roe"), but the passage saying where Jane Roe was born
shares almost no words with the question. The second hop asks for the bridge entity with the
words the first hop's evidence did not cover ("Jane Roe born city"), and its best sentence is
the answer; the first hop's sentence that names the bridge is quoted beside it.

A second hop runs only when the first hop's best sentence does not cover the question
(HOP_COVERAGE, chosen on evals/hops.yaml and the single-fact sets), so single-hop questions
pay nothing; it is kept only when its best sentence names the bridge and adds question
words the first hop lacked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.answering import evidence as ev_mod
from assistant.answering.answer_types import has_type
from assistant.answering.tuning import (
    HOP_BRIDGES,
    HOP_GAIN,
    HOP_LAST_FIRST,
    HOP_SENTENCES,
    HOP_SIMILARITY,
    HOP_TITLE_GAIN,
    RERANK_POOL,
)
from assistant.text import STOPWORDS, coverage, normalize, terms, words
from assistant.text.names import NAME_RUN, NOT_A_NAME, mentioned_names
from assistant.titles import title_names

if TYPE_CHECKING:
    from assistant.answering.answerer import Answerer
    from assistant.answering.plans import Plan
    from assistant.answering.result import Evidence
    from assistant.retrieval import Passage, Retriever

# Capitalised words that start sentences and name nothing.
_NOT_A_BRIDGE = NOT_A_NAME | set(
    """
he she it its they their them his her this that these those there here however also then thus
while after before during in on at by from for with as to into over under but since although
""".split()
)


@dataclass
class Hop:
    """One retrieval: what it asked, around which bridge, and the passages it brought."""

    query: str
    bridge: str | None = None
    passages: list[Passage] = field(default_factory=list)
    used: bool = True  # did its evidence go into the answer?

    def as_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "bridge": self.bridge,
            "used": self.used,
            "passages": [{"source": p.source, "title": p.title, "start": p.start} for p in self.passages],
        }


# "the woman who portrayed ...", "the university where she taught", "the founder of the
# company": a thing described, not named, whose name a first hop must find. Heads that name a
# value or a manner ("the longest time that", "the process by which", "the martyrdom of")
# describe no entity to look up.
_DESCRIBED = re.compile(
    # "X was written by a scholar of what nationality?", "is on a network founded by who?": an
    # entity introduced by "a", then what is asked of it. First, so that "a network founded by
    # who" is not read as a relative clause headed by "by".
    r"\b(?:a|an)\s+(?P<indef>[A-Za-z][\w-]+)(?:\s+(?!(?:what|which|who|whom)\b)[\w'-]+){0,4}?\s+"
    r"(?:by|in|of|from|at|on|for|to)\s+(?:what|which|who|whom)\b"
    r"|\b(?:the|a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?P<head>[a-z][\w-]+)\s+"
    r"(?:who|whom|whose|that|which|where|(?:in|at|on|for|from|by|with)\s+which)\b"
    r"|\bthe\s+(?P<role>founder|author|creator|director|producer|writer|owner|leader|president|"
    r"father|mother|son|daughter|wife|husband|brother|sister|widow|spouse|heir|successor|"
    r"predecessor|capital|birthplace|headquarters|home|head|king|queen|ruler|chief|inventor|"
    r"designer|builder|architect|composer|painter|singer|coach|manager|editor|publisher|"
    r"developer|manufacturer|maker|discoverer|namesake|teacher|student|partner|rival|opponent|"
    r"employer|sponsor|host|mayor|governor|minister|chairman|captain|commander|emperor)\s+of\b"
)
_NOT_AN_ENTITY = set(
    """
time times way ways process reason reasons amount number numbers year years date dates period name names type
kind kinds term terms word words method methods percentage part parts manner extent degree rate level size
length age cost price value one ones thing things something anything idea event events
""".split()
)


# Roles a document states with "by" ("a 1998 novel by Mira Okafor" names its author): a
# document need not hold the role's word for a second hop to find who holds it.
SAID_BY = frozenset(
    """
author writer creator director producer composer painter designer architect inventor developer
manufacturer maker builder publisher founder discoverer
""".split()
)


def described_at(question: str) -> int | None:
    """Where the question starts to describe an entity instead of naming it ("the woman who
    portrayed ..."), or None. Only such questions can need a second hop."""
    for match in _DESCRIBED.finditer(question, 4):
        head = match.group("head")
        if match.group("role"):  # "the name of the wife of ...": the wife is asked, what follows described
            return match.end()
        if match.group("indef") and match.group("indef") not in _NOT_AN_ENTITY:
            return len(question)  # what is asked of it follows the description: all of it is asked
        if head and head not in _NOT_AN_ENTITY and head not in STOPWORDS:
            return match.start()
    return None


def described_head(question: str) -> str | None:
    """The noun a question describes its bridge by ("a village known for what": "village"):
    what the bridge is, said by the sentence naming it, not what is asked of it."""
    for match in _DESCRIBED.finditer(question, 4):
        head = match.group("indef") or match.group("head") or match.group("role")
        if head and head not in _NOT_AN_ENTITY and head not in STOPWORDS:
            return head
    return None


def asked_role(question: str) -> str | None:
    """The role a question asks of what it describes ("the wife of the ruler who ..."), or None."""
    for match in _DESCRIBED.finditer(question, 4):
        if match.group("role"):
            return match.group("role")
    return None


def names_in(sentence: str) -> list[str]:
    """Capitalised runs of a sentence that could name an entity ("Jane Roe", "Harvard
    University"), without the sentence-initial word that is only capitalised by position."""
    found: list[str] = []
    sentence = re.sub(r"\b(St|Mt|Ft|Dr|Mr|Mrs|Ms)\.\s", r"\1 ", sentence)  # "St. Augustine" is one name
    for match in NAME_RUN.finditer(re.sub(r"[’']s\b", " ,", sentence)):
        run = match.group(0).strip()
        first, _, rest = run.partition(" ")
        if first.lower() in _NOT_A_BRIDGE:
            run = rest.removeprefix("the ").removeprefix("The ").strip()
        run = re.sub(r"^(?:\d+\s+)+|(?:\s+\d+)+$", "", run)  # "1975 Acme": the year is not the name
        if not run or run.lower() in _NOT_A_BRIDGE or re.fullmatch(r"\d+", run):
            continue  # a year alone is a value to compare, not an entity to look up
        found.append(run)
    return found


def bridges(question: str, evidence: list[Evidence], limit: int = HOP_BRIDGES) -> list[tuple[str, Evidence]]:
    """Entities the best evidence names and the question does not, each with the sentence
    that names it: the candidates for a second hop, best evidence first."""
    asked = set(terms(question))
    out: list[tuple[str, Evidence]] = []
    seen: set[frozenset[str]] = set()
    for ev in evidence[:HOP_SENTENCES]:
        for name in _with_places(names_in(ev.text)):
            named = frozenset(terms(name))
            if not named or named <= asked or named in seen or _ADJECTIVE.fullmatch(name):
                continue
            seen.add(named)
            out.append((name, ev))
            if len(out) == limit:
                return out
    return out


# "Islamic", "Western", "Persian": capitalised, but they describe; they name nothing to look up.
_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:ic|ern|ian|ese|ish)")


def _with_places(names: list[str]) -> list[str]:
    """Each name, then what follows its "of" ("Royal Society of Edinburgh": "Edinburgh"),
    which other passages name alone."""
    out: list[str] = []
    for name in names:
        out.append(name)
        _, of, tail = name.rpartition(" of ")
        if of and tail[:1].isupper():
            out.append(tail.removeprefix("the ").strip())
    return out


def uncovered(question: str, sentence: str) -> list[str]:
    """The question's content words the sentence does not hold ("born", "city"); a word
    whose first five letters a held word shares is held ("founder" by "founded")."""
    held = set(terms(sentence))
    stems = {t[:5] for t in held if len(t) >= 5}
    return [
        w
        for w in dict.fromkeys(words(question))
        if w.lower() not in STOPWORDS
        and w.lower() not in NOT_A_NAME
        and terms(w)
        and not set(terms(w)) <= held
        and not (len(w) >= 5 and w.lower()[:5] in stems)
    ]


# Words that name the kind of answer ("in which city", "what year"): the answer's type holds
# them, not its words, so a document need not contain them.
TYPE_WORDS = frozenset(
    "city town country place state year date day month century person name number nationality".split()
)


def hop_query(bridge: str, missing: list[str]) -> str:
    """The second hop's query: the bridge entity and what the first hop did not find."""
    return " ".join([bridge, *missing])


def names_bridge(ev: Evidence, bridge: str) -> bool:
    """Is the sentence (or the title of its passage) about the bridge entity?"""
    needed = set(terms(bridge))
    return needed <= set(terms(ev.text)) or needed <= set(terms((ev.passage.title or "").replace("_", " ")))


def titled_after(passage: Passage, bridge: str) -> bool:
    """Is the passage's document titled after the bridge ("Kestrel Bay" for "Kestrel Bay.txt")?
    Its every sentence is about the bridge, whether or not it names it."""
    named = set(terms(bridge))
    return bool(named) and any(set(terms(name)) == named for name in title_names(passage.title or ""))


def same_text(a: Evidence, b: Evidence) -> bool:
    """The same sentence, even from two overlapping chunks or two copies of a document."""
    return " ".join(normalize(a.text).split()) == " ".join(normalize(b.text).split())


def fuse(first: list[Passage], cited: list[Passage], k: int) -> list[Passage]:
    """The passages shown after two hops: the first hop's, with each passage the answer quotes
    moved up to second place if it is not in the top k, so both hops' passages are shown
    without pushing out more of the first hop's than they must. A passage whose document is
    already shown in the top k is not added again."""
    out = list(first)
    for passage in cited:
        if passage.source not in {p.source for p in out[:k]}:
            out = [p for p in out if p.id != passage.id]
            out.insert(min(1, len(out)), passage)
    return out[:k]


@dataclass
class Found:
    """A second hop that answers: its retrieval, the bridge, the first hop's sentence that
    names the bridge, and the last hop's sentence that holds the answer."""

    hop: Hop
    bridge: str
    named_in: Evidence
    answer: Evidence

    @property
    def chosen(self) -> list[Evidence]:
        """The quotes: the answer, then the sentence naming the bridge (once, if the same)."""
        return [self.answer] if same_text(self.answer, self.named_in) else [self.answer, self.named_in]


# ---------------------------------------------------------------- the second hop


def second_hop(
    answerer: Answerer, plan: Plan, evidence: list[Evidence], k: int, first: list[Passage], titled: Passage | None
) -> Found | None:
    """The second hop of a question that describes what it asks about ("the university
    whose press published ...") and that no one sentence covers (HOP_COVERAGE): retrieve
    around each bridge the first hop's evidence names, and keep the hop sentence about a
    bridge that best answers what the bridge's sentence left out, if it is close enough
    to that (HOP_SIMILARITY)."""
    question = plan.asks
    weights = answerer.retriever.term_weights(question)
    asked = set(terms(question))
    named = mentioned_names(question)
    head = described_head(question)  # "a village known for what": the bridge is a village
    best: tuple[float, Found] | None = None
    titled_bridges = titled_bridge(answerer.retriever, evidence, first, titled)
    for bridge, named_in in titled_bridges + bridges(question, evidence):
        if best and titled_bridges and best[1].bridge == titled_bridges[0][0]:
            break  # a bridge a document is titled after, answered: no name of a sentence beats it
        # What the passage naming the bridge does not say is what the second hop asks
        # ("born", "year"; not "Yuan dynasty", which the first hop found), or failing
        # that what its sentence does not say.
        missing = uncovered(question, f"{named_in.passage.title} {named_in.passage.text}") or uncovered(
            question, named_in.text
        )
        if not missing:
            continue
        # The words naming the answer's type ("city", "town") are held by the answer's
        # type, the noun describing the bridge ("village") by the bridge, and words no document
        # holds ("author" where they write "novel by") by none:
        # the gain counts the others, when there are others.
        findable = [
            w for w in missing if w.lower() not in TYPE_WORDS and w.lower() != head and answerer.retriever.knows(w)
        ]
        wanted = set(terms(" ".join(findable or missing)))
        query = hop_query(bridge, missing)
        pool = answerer.retriever.retrieve(query, RERANK_POOL)
        if (
            titled
            and titled_bridges
            and bridge == titled_bridges[0][0]
            and titled.source not in {p.source for p in pool}
        ):
            pool.append(titled)  # the document the bridge names, wherever retrieval ranks it
        ranked = answerer.rank_evidence(query, pool, plan.answer_type)
        # The bridge's own document is read whole, wherever its sentences rank.
        own = [e for e in ranked[HOP_SENTENCES:] if titled is not None and e.passage.source == titled.source]
        for ev in ranked[:HOP_SENTENCES] + own:
            # A second hop is another passage: the bridge's own paragraph was read already.
            if (
                ev.passage.id == named_in.passage.id
                or same_text(ev, named_in)
                or ev_mod.is_heading(ev.text)
                or not names_bridge(ev, bridge)
            ):
                continue
            # The answer is in the hop's sentence, or, when only the first hop's holds
            # the asked type ("born in Leeds"), the hop's sentence is the link to it.
            answer, link = ev, named_in
            if plan.answer_type:
                typed = [e for e in (ev, named_in) if has_type(e.text, plan.answer_type, question)]
                if not typed:
                    continue
                # Both hold a place: the answer is the one that says more of what is asked,
                # or (HOP_LAST_FIRST) the last hop's when it holds one.
                answer = (
                    ev
                    if HOP_LAST_FIRST and ev in typed
                    else max(typed, key=lambda e: coverage(asked, set(terms(e.text)), lambda t: weights.get(t, 1.0)))
                )
                link = named_in if answer is ev else ev
            held = set(terms(f"{link.passage.text} {answer.passage.text}"))
            if not all(set(terms(name)) <= held for name in named):
                continue  # the chain must start from what the question names ("Acme Corporation")
            gain = coverage(wanted, set(terms(ev.text)), lambda t: weights.get(t, 1.0))
            if not gain and not plan.answer_type:
                continue  # "Anton Greve is a film director": about the bridge, but says nothing asked
            score = ev.similarity + HOP_GAIN * gain
            # A sentence of the document the bridge titles is about the bridge ("He was born
            # in Tarrow"): it counts when it holds most of what is missing, however far.
            close = ev.similarity >= HOP_SIMILARITY or (
                gain >= HOP_TITLE_GAIN
                and ((titled is not None and ev.passage.source == titled.source) or titled_after(ev.passage, bridge))
            )
            if close and (best is None or score > best[0]):
                passages = ev_mod.rerank_by_evidence(pool, ranked)
                best = (score, Found(Hop(query, bridge, passages[:k]), bridge, link, answer))
    return best[1] if best else None


def titled_bridge(
    retriever: Retriever, evidence: list[Evidence], first: list[Passage], titled: Passage | None
) -> list[tuple[str, Evidence]]:
    """The bridge a first-hop passage names by a document's title, with the sentence that
    names it: tried before the names its sentences offer."""
    if titled is None:
        return []
    sources = {p.source for p in first}
    for ev in evidence:
        if ev.passage.source in sources and any(n.source == titled.source for n in retriever.named_in(ev.text)):
            # As the sentence writes it: "Karl Brandt" for the file "brandt.txt".
            name = title_names(titled.title)[0]
            return [(next((n for n in names_in(ev.text) if set(terms(name)) <= set(terms(n))), name), ev)]
    return []


def unreachable(retriever: Retriever, words: list[str]) -> list[str]:
    """Words no document holds in any form ("wife"), apart from those naming the answer's
    type ("city"): what a second hop cannot find."""
    index = retriever.index()
    return [
        w
        for w in words
        if w.lower() not in TYPE_WORDS
        and not retriever.knows(w)
        and not (len(w) >= 5 and index.knows_prefix(w.lower()[:5]))
    ]  # "founder": "founded"
