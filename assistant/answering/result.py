"""What an answer is made of: evidence sentences, citations, checked claims, the answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.retrieval import Passage


@dataclass
class Evidence:
    """A span of a passage (one sentence, or a few in a row) and how well it answers."""

    passage: Passage
    start: int  # absolute character span in the source document
    end: int
    text: str
    score: float
    coverage: float  # IDF-weighted share of the question's terms it holds
    similarity: float = 0.0  # embedding cosine with the question (0 when not embedded)
    # Quoted to fill a single fact's budget (the sentence after the best one), not chosen as
    # an answer: a model asked for the short answer is not shown it.
    filler: bool = False
    # What an answer shows of the quote when it is shortened (summary.compressed: asides cut,
    # each cut marked "…"); the citation still quotes `text` whole.
    shown: str = ""


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
        return {
            "n": self.n,
            "source": self.source,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "score": round(self.score, 3),
        }


@dataclass
class Claim:
    text: str
    citations: list[int]
    supported: bool
    support: float
    chatter: bool = False  # talk about the sources or the task ("The source number is 1"), not a claim

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "citations": self.citations,
            "supported": self.supported,
            "support": round(self.support, 3),
            "chatter": self.chatter,
        }


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation]
    passages: list[Passage]
    claims: list[Claim] = field(default_factory=list)
    short_answer: str | None = None  # the checked short answer, without the quote
    draft: str | None = None  # what the LLM wrote, before the check
    fallback: bool = False  # the LLM's reply failed the check; the answer quotes the evidence
    plan: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # what the question names that no document does
    timings: dict[str, float] = field(default_factory=dict)
    models: dict[str, str | None] = field(default_factory=dict)
    backend: str = ""
    hops: list[Any] = field(default_factory=list)  # hops.Hop: each retrieval of a two-hop question
    read_as: dict[str, str] = field(default_factory=dict)  # question word -> the documents' word (rewording.py)

    def passage_of(self, citation: Citation) -> Any:
        """The shown passage a citation quotes from, or None (a retrieval.Passage)."""
        return next(
            (p for p in self.passages if p.source == citation.source and p.start <= citation.start < p.end), None
        )

    @property
    def dropped(self) -> list[str]:
        """Sentences of the model's reply left out of the answer: unsupported, or chatter."""
        return [c.text for c in self.claims if not c.supported]

    def as_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.answer,
            "short_answer": self.short_answer,
            "refused": self.refused,
            "plan": self.plan,
            "missing": self.missing,
            "read_as": self.read_as,
            "citations": [c.as_dict() for c in self.citations],
            "claims": [c.as_dict() for c in self.claims],
            "dropped": self.dropped,
            "draft": self.draft,
            "fallback": self.fallback,
            "passages": [p.as_dict() for p in self.passages],
            "hops": [h.as_dict() for h in self.hops],
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "models": self.models,
            "backend": self.backend,
        }
