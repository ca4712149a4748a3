"""Answers with checked citations.

The pipeline, not the model, guarantees grounding:
1. retrieve passages (hybrid), split them into sentences, rank the sentences as
   evidence for the question (question-term coverage weighted by IDF, plus
   embedding similarity);
2. refuse with the fixed phrase when no passage supports an answer;
3. ask the LLM for a short answer from the top evidence sentences, numbered [1]..[n]
   (the extractive backend skips this and quotes the evidence);
4. check every sentence of the reply against the source it cites: at least
   SUPPORT_MIN of the content words it adds to the question must occur in that
   source (a claim that adds nothing says nothing). A wrong citation is re-pointed
   to the source that supports the claim; a claim no source supports is marked; a
   reply with no supported claim falls back to quoting the evidence.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from assistant.backends.embedders import Embedder
from assistant.backends.llms import LLM
from assistant.config import REFUSAL, Settings, load_prompt
from assistant.lexical import coverage, terms
from assistant.loading import split_sentences
from assistant.retrieval import Passage, Retriever

SUPPORT_MIN = 0.85  # share of a claim's new content words that its cited source must contain
# Refuse when the best passage covers less than this IDF-weighted share of the
# question's content words AND its embedding similarity is below DENSE_MIN. Calibrated
# on data apart from the eval sets: 300 XQuAD questions (answerable) against 100 HotpotQA
# questions asked of the XQuAD store (not answerable): 98.3% answered, 0% (evals/calibrate.py).
COVERAGE_MIN = 0.6
DENSE_MIN = 0.5
RERANK_POOL = 10  # fused passages reranked by their best evidence sentence, of which k are kept
# Weight of the fused (RRF, at most 2/61) score beside the best evidence score (0.3-1.2)
# in that rerank. Chosen on half of XQuAD (hit@1 0.953 -> 0.960), held on the other half
# (0.966 -> 0.970); evals/rerank.py reruns the comparison.
FUSION_WEIGHT = 10.0
# The small local model picks the wrong passage when given several: it gets the
# single best evidence sentence, and the check holds its reply against it.
ANSWER_SNIPPETS = 1
EMBED_SENTENCES = 16  # sentences per question compared by embedding
STOP = ["\n\n", "Question:", "Sources:"]
MODEL_REFUSALS = ("not in sources", "not in the sources", "i don't know", "i do not know",
                  "cannot be determined", "no information", "not mentioned", "does not say",
                  "don't say", "not provided")

OnToken = Callable[[str], None]


@dataclass
class Evidence:
    passage: Passage
    start: int  # absolute character span in the source document
    end: int
    text: str
    score: float
    coverage: float


@dataclass
class Citation:
    n: int
    source: str
    page: int | None
    start: int
    end: int
    quote: str
    score: float  # share of the claim's content words found in the quote's passage

    def as_dict(self) -> dict[str, object]:
        return {"n": self.n, "source": self.source, "page": self.page, "start": self.start,
                "end": self.end, "quote": self.quote, "score": round(self.score, 3)}


@dataclass
class Claim:
    text: str
    citations: list[int]
    supported: bool
    support: float


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation]
    passages: list[Passage]
    claims: list[Claim] = field(default_factory=list)
    short_answer: str | None = None  # the LLM's checked short answer, without the quote
    draft: str | None = None  # what the LLM wrote, before the check
    fallback: bool = False  # the LLM's reply failed the check; the answer quotes the evidence
    timings: dict[str, float] = field(default_factory=dict)
    models: dict[str, str | None] = field(default_factory=dict)
    backend: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.answer,
            "short_answer": self.short_answer,
            "refused": self.refused,
            "citations": [c.as_dict() for c in self.citations],
            "claims": [{"text": c.text, "citations": c.citations, "supported": c.supported,
                        "support": round(c.support, 3)} for c in self.claims],
            "draft": self.draft,
            "fallback": self.fallback,
            "passages": [p.as_dict() for p in self.passages],
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "models": self.models,
            "backend": self.backend,
        }


class Answerer:
    def __init__(self, settings: Settings, retriever: Retriever, embedder: Embedder,
                 llm: LLM | None) -> None:
        self.settings = settings
        self.retriever = retriever
        self.embedder = embedder
        self.llm = llm

    @property
    def models(self) -> dict[str, str | None]:
        return {"embedder": self.embedder.name, "llm": self.llm.name if self.llm else None}

    def ask(self, question: str, k: int | None = None, on_token: OnToken | None = None) -> Answer:
        parts = split_question(question)
        if len(parts) > 1:
            return self._ask_parts(question, parts, k, on_token)
        started = time.perf_counter()
        k = k or self.settings.top_k
        pool = self.retriever.retrieve(question, max(k, RERANK_POOL))
        retrieved = time.perf_counter()
        evidence = self.rank_evidence(question, pool)
        passages = merge_overlapping(rerank_by_evidence(pool, evidence), evidence)[:k]
        result = Answer(question, REFUSAL, True, [], passages, models=self.models,
                        backend=self.settings.llm_backend)
        # Support is judged over the whole pool; the answer quotes only the k kept passages
        # (the best sentence is always among them: passages are ranked by it).
        answerable = evidence and self.supported(evidence, pool) and has_expected_type(question, evidence)
        kept = {p.id for p in passages}
        evidence = [e for e in evidence if e.passage.id in kept]
        if answerable:
            if self.llm is None:
                self._extractive(result, question, evidence)
            else:
                self._generate(result, question, evidence, on_token)
        done = time.perf_counter()
        result.timings = {"retrieve": retrieved - started, "generate": done - retrieved,
                          "total": done - started}
        return result

    def _ask_parts(self, question: str, parts: list[str], k: int | None,
                   on_token: OnToken | None) -> Answer:
        """A question with two asks ("who did X, and where?"): answer each, then join."""
        answers = []
        for part in parts:
            if on_token and answers:
                on_token("\n")
            answers.append(self.ask(part, k, on_token))
        result = Answer(question, REFUSAL, all(a.refused for a in answers), [], [],
                        models=self.models, backend=self.settings.llm_backend)
        texts: list[str] = []
        seen: set[str] = set()
        for sub in answers:
            offset = len(result.citations)
            texts.append(_MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", sub.answer))
            result.citations += [replace(c, n=c.n + offset) for c in sub.citations]
            result.claims += [replace(c, citations=[n + offset for n in c.citations]) for c in sub.claims]
            result.passages += [p for p in sub.passages if not (p.id in seen or seen.add(p.id))]
            result.fallback = result.fallback or sub.fallback
        if not result.refused:
            result.answer = " ".join(texts)
            result.draft = " | ".join(a.draft or "" for a in answers)
        result.timings = {key: sum(a.timings.get(key, 0.0) for a in answers)
                          for key in ("retrieve", "generate", "total")}
        return result

    # ------------------------------------------------------------ evidence

    def rank_evidence(self, question: str, passages: list[Passage]) -> list[Evidence]:
        """Sentences of the retrieved passages, best evidence first."""
        if not passages:
            return []
        q_terms = set(terms(question))
        idf = self._idf(q_terms)
        kind = expected_type(question)
        sentences: list[Evidence] = []
        for passage in passages:
            for s, e in _lines(passage.text, split_sentences(passage.text)):
                text = passage.text[s:e]
                cov = coverage(q_terms, set(terms(text)), idf)
                sentences.append(Evidence(passage, passage.start + s, passage.start + e, text, 0.0, cov))
        if not sentences:
            return []
        # Embedding every sentence cost most of a question's time: embed only the ones
        # that share the most words with the question; the rest keep similarity 0.
        ranked = sorted(range(len(sentences)), key=lambda i: (-sentences[i].coverage,
                                                              sentences[i].passage.rank))
        chosen = ranked[:EMBED_SENTENCES]
        vectors = self.embedder.embed([sentences[i].text for i in chosen])
        similarity = [0.0] * len(sentences)
        for i, sim in zip(chosen, vectors @ self.retriever.query_vector(question)):
            similarity[i] = float(sim)
        for sentence, sim in zip(sentences, similarity):
            # Lexical coverage finds the sentence naming the question's terms; the
            # embedding finds paraphrases; the passage rank breaks ties.
            sentence.score = 0.6 * sentence.coverage + 0.4 * float(sim) + 0.02 / sentence.passage.rank
            if kind and answer_type_in(sentence.text, kind, question):
                sentence.score += TYPE_BONUS
        sentences.sort(key=lambda s: -s.score)
        return sentences

    def _idf(self, q_terms: set[str]) -> Callable[[str], float]:
        weights = self.retriever.idf(q_terms)
        return lambda t: weights.get(t, 1.0)

    def supported(self, evidence: list[Evidence], passages: list[Passage]) -> bool:
        """Does any retrieved passage plausibly answer the question?"""
        best_dense = max((p.dense or 0.0) for p in passages)
        best_coverage = max(e.coverage for e in evidence)
        passage_coverage = max(self._passage_coverage(evidence, p) for p in passages)
        return max(best_coverage, passage_coverage) >= COVERAGE_MIN or best_dense >= DENSE_MIN

    def _passage_coverage(self, evidence: list[Evidence], passage: Passage) -> float:
        # Coverage of a whole passage is bounded by its best sentence's; cheap proxy
        # that also credits facts spread over two sentences of one passage.
        covs = sorted((e.coverage for e in evidence if e.passage is passage), reverse=True)
        return min(1.0, sum(covs[:2])) if covs else 0.0

    # ------------------------------------------------------------ answers

    def _extractive(self, result: Answer, question: str, evidence: list[Evidence]) -> None:
        chosen = [extend_evidence(evidence[0], question)]
        q_terms = set(terms(question))
        missing = q_terms - set(terms(evidence[0].text))
        if missing:
            # A second sentence when the first leaves question terms uncovered.
            for other in evidence[1:6]:
                if set(terms(other.text)) & missing and other.score >= 0.5 * evidence[0].score:
                    chosen.append(other)
                    break
        result.refused = False
        result.citations = [self._cite(i + 1, ev, 1.0) for i, ev in enumerate(chosen)]
        result.answer = " ".join(f"{inert(ev.text)} [{i + 1}]" for i, ev in enumerate(chosen))
        result.claims = [Claim(ev.text, [i + 1], True, 1.0) for i, ev in enumerate(chosen)]

    def _generate(self, result: Answer, question: str, evidence: list[Evidence],
                  on_token: OnToken | None) -> None:
        """The model's short answer, checked against the evidence, then the quoted evidence.

        The short answer is what the model adds; the quote is what it was checked
        against, so the reader sees both the answer and the words it stands on.
        """
        snippets = evidence[:ANSWER_SNIPPETS]
        sources = "\n".join(f"[{i + 1}] {_one_line(s.text)}" for i, s in enumerate(snippets))
        messages = [
            {"role": "system", "content": load_prompt("answer_system.txt").strip()},
            {"role": "user", "content": load_prompt("answer_user.txt").format(
                sources=sources, question=question.strip())},
        ]
        pieces: list[str] = []
        assert self.llm is not None
        for piece in self.llm.stream(messages, self.settings.max_tokens, STOP):
            pieces.append(piece)
            if on_token:
                on_token(piece)
        draft = "".join(pieces).strip()
        result.draft = draft
        claims, _ = check_claims(shorten(draft, question), snippets, question)
        supported = [c for c in claims if c.supported]
        # The quoted evidence is chosen as for the extractive backend, so snippet n is citation n.
        self._extractive(result, question, evidence)
        if not supported or _is_model_refusal(draft):
            result.fallback = True  # the model's reply is not backed by the sources: quote them
            return
        short = " ".join(c.text + "".join(f" [{n}]" for n in c.citations) for c in supported)
        result.short_answer = " ".join(c.text for c in supported)
        quotes = " ".join(f"“{inert(c.quote)}” [{c.n}]" for c in result.citations)
        result.answer = f"{short}: {quotes}"
        # The quoted sentences are claims of the source itself; the model's are checked ones.
        result.claims = claims + result.claims
        for citation in result.citations:
            best = max((c.support for c in supported if citation.n in c.citations), default=1.0)
            citation.score = best

    @staticmethod
    def _cite(n: int, evidence: Evidence, score: float) -> Citation:
        p = evidence.passage
        return Citation(n, p.source, p.page, evidence.start, evidence.end, evidence.text, score)


_MARKER = re.compile(r"\[(\d+)\]")


def rerank_by_evidence(passages: list[Passage], evidence: list[Evidence],
                       fusion_weight: float = FUSION_WEIGHT) -> list[Passage]:
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
        host = next((h for h in kept if h.source == p.source and h.page == p.page
                     and p.start <= h.end and p.end >= h.start), None)
        if host is None:
            kept.append(p)
            host_of[p.id] = p
            continue
        # Chunk text is the document's text between start and end, so spans splice exactly.
        if p.start < host.start:
            host.text, host.start = p.text[: host.start - p.start] + host.text, p.start
        if p.end > host.end:
            host.text, host.end = host.text + p.text[len(p.text) - (p.end - host.end):], p.end
        host_of[p.id] = host
    for e in evidence:
        e.passage = host_of.get(e.passage.id, e.passage)
    for rank, passage in enumerate(kept, start=1):
        passage.rank = rank
    return kept

# ---------------------------------------------------------------- question shape

# "Who did X, and which paper reported it?" asks two things: each is answered on its own.
_SECOND_ASK = re.compile(r",?\s+and\s+(?=(?:who|whom|what|which|where|when|how|why)\b)", re.I)


def split_question(question: str) -> list[str]:
    parts = [p.strip(" ,?") for p in _SECOND_ASK.split(question) if p.strip(" ,?")]
    # "How and when did X?" is one ask about X, not "How?" and "When did X?".
    if len(parts) < 2 or any(len(p.split()) < 3 for p in parts):
        return [question]
    return [p + "?" for p in parts]


# Answer typing: a "when" question needs a time in its evidence, a "how many" a number,
# and one the question itself does not already name. Evidence of the right type ranks
# higher; with none among the top sentences, the documents don't say.
TYPE_BONUS = 0.15
TYPE_WINDOW = 3
_TEMPORAL_Q = re.compile(r"^\s*(when\b|(in|on|by|since|until)?\s*(what|which)\s+(year|years|date|day|month|"
                         r"century|decade|time|period|era|season)\b|how long ago\b)", re.I)
_NUMERIC_Q = re.compile(r"^\s*(how\s+(many|much)\b|what\s+(number|percentage|percent|amount|proportion)\b)", re.I)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_TEMPORAL = re.compile(r"\b(1\d{3}|20\d{2}|\d{1,4}s|(" + _MONTHS + r")|(mon|tues|wednes|thurs|fri|satur|sun)day|"
                       r"yesterday|today|tomorrow|(last|next|this|past)\s+(week|month|year|decade|century)|"
                       r"\w+\s+(century|centuries)|\d+\s*(bc|ad|bce|ce)|(years?|decades?|centuries|millennia)\s+ago)\b", re.I)
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                 "fifteen|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|"
                 "millions|billion|billions|dozen|dozens|half|single|double|twice|several|none")
_NUMBER = re.compile(r"(\d+([.,]\d+)*|\b(" + _NUMBER_WORDS + r")\b)", re.I)


def expected_type(question: str) -> str | None:
    if _TEMPORAL_Q.search(question):
        return "time"
    if _NUMERIC_Q.search(question):
        return "number"
    return None


def answer_type_in(text: str, kind: str, question: str) -> bool:
    pattern = _TEMPORAL if kind == "time" else _NUMBER
    asked = question.lower()
    return any(m.group(0).lower() not in asked for m in pattern.finditer(text))


_WHO_WHERE_Q = re.compile(r"^\s*(who|whom|whose|where|(in|at|to|from)?\s*(what|which)\s+(city|country|"
                          r"place|town|state|region|team|person|company|organi[sz]ation)\b)", re.I)
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w\-]+")
_CONTINUES = re.compile(r"^\s*[“\"]?(he|she|it|they|this|these|that|those|his|her|its|their|however|"
                        r"but|instead|there|such|both)\b", re.I)


def _lacks_answer(text: str, question: str) -> bool:
    """Does a sentence visibly lack what the question asks for (a time, number or name)?"""
    kind = expected_type(question)
    if kind:
        return not answer_type_in(text, kind, question)
    if _WHO_WHERE_Q.search(question):
        asked = {w.lower() for w in re.findall(r"\w+", question)}
        return not any(m.group(0).lower() not in asked for m in _NAME.finditer(text))
    return False


def extend_evidence(best: Evidence, question: str) -> Evidence:
    """Quote the next sentence of the passage too, when the best one visibly lacks the
    answer or the next one carries it on ("He ...", "However ..."): one contiguous quote."""
    passage = best.passage
    spans = _lines(passage.text, split_sentences(passage.text))
    local = best.start - passage.start
    following = [(s, e) for s, e in spans if s >= local + len(best.text)]
    if not following:
        return best
    s, e = following[0]
    if not (_lacks_answer(best.text, question) or _CONTINUES.match(passage.text[s:e])):
        return best
    start, end = best.start, passage.start + e
    return replace(best, end=end, text=passage.text[local:e])


def has_expected_type(question: str, evidence: list[Evidence]) -> bool:
    kind = expected_type(question)
    return kind is None or any(answer_type_in(e.text, kind, question) for e in evidence[:TYPE_WINDOW])
_CLAIM_SPLIT = re.compile(r"(?<=[.!?])\s+")


def inert(text: str) -> str:
    """A document's own "[2]" shown as "(2)": only the pipeline's markers look like citations."""
    return _MARKER.sub(lambda m: f"({m.group(1)})", text)


def _lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans split at line breaks too: a line without end punctuation (a heading,
    a list item, text a document smuggles in) is evidence on its own, never glued to the next."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        for match in re.finditer(r"[^\n]+", text[start:end]):
            piece = match.group(0)
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((start + match.start() + lead, start + match.start() + len(piece.rstrip())))
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _is_model_refusal(text: str) -> bool:
    lowered = text.lower()
    return any(phrase in lowered for phrase in MODEL_REFUSALS)


_EDGE_WORDS = {"is", "are", "was", "were", "be", "been", "called", "named", "known", "as", "by", "of",
               "in", "on", "at", "to", "the", "a", "an", "that", "which", "it", "its", "they", "their"}


def shorten(reply: str, question: str) -> str:
    """Trim the words a one-sentence reply repeats from the question off its ends:
    "The first serial is called An Unearthly Child." -> "An Unearthly Child"."""
    if "\n" in reply.strip() or len(_CLAIM_SPLIT.split(reply.strip())) > 1:
        return reply
    marks = "".join(f" [{m}]" for m in _MARKER.findall(reply))
    text = _PREAMBLE.sub("", _MARKER.sub("", reply)).strip().rstrip(".")
    asked = set(terms(question))
    tokens = text.split()

    def removable(token: str) -> bool:
        word = token.strip(",;:.!?\"'“”‘’()").lower()
        return not word or word in _EDGE_WORDS or set(terms(word)) <= asked

    start, end = 0, len(tokens)
    while start < end and removable(tokens[start]):
        start += 1
    while end > start and removable(tokens[end - 1]):
        end -= 1
    if start == end:
        return reply
    return " ".join(tokens[start:end]).strip(",;: ") + marks


_PREAMBLE = re.compile(r"^\s*((the\s+)?(short\s+)?answer\s*(is)?\s*:?|according to[^,]*,)\s*", re.I)


def check_claims(draft: str, snippets: list[Evidence], question: str = "") -> tuple[list[Claim], set[int]]:
    """Split the reply into claims and check each against the snippet it cites.

    Returns the claims (text without markers) and the snippet numbers that back a
    supported claim. A claim is supported by snippet n when at least SUPPORT_MIN of
    the content words it adds to the question occur in snippet n; an uncited or
    wrongly cited claim is given the best supporting snippet instead, if any.
    """
    claims: list[Claim] = []
    cited: set[int] = set()
    snippet_terms = [set(terms(s.text)) for s in snippets]
    asked = set(terms(question))
    for raw in _CLAIM_SPLIT.split(draft.strip()):
        marks = [int(m) for m in _MARKER.findall(raw)]
        text = _PREAMBLE.sub("", _MARKER.sub("", raw)).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        if not re.search(r"\w", text):
            continue
        claim_terms = set(terms(text)) - asked
        if not claim_terms:
            claims.append(Claim(text, [], False, 0.0))
            continue
        scores = {n: coverage(claim_terms, snippet_terms[n - 1]) for n in range(1, len(snippets) + 1)}
        valid = [n for n in marks if n in scores and scores[n] >= SUPPORT_MIN]
        if not valid:
            best = max(scores, key=lambda n: (scores[n], -n))
            valid = [best] if scores[best] >= SUPPORT_MIN else []
        support = max((scores[n] for n in valid), default=max(scores.values(), default=0.0))
        claims.append(Claim(text, valid, bool(valid), support))
        cited.update(valid)
    return claims, cited
