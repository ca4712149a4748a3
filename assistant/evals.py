"""Grounded-answer evals: gold-fact sets, a deterministic scorer, totals, reports, CI gates.

A set (YAML, documented in evals/README.md) names the documents it runs over and its
items: a question, gold facts with the terms an answer must contain to state them,
the expected source, or `unanswerable: true`. Scoring is deterministic; an LLM judge
can be added on top, run several times because single judge runs fluctuate.
"""

from __future__ import annotations

import collections
import re
import statistics
import string
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from assistant.config import UserError, cache_dir

# ---------------------------------------------------------------- the set


@dataclass
class Fact:
    text: str
    terms: list[list[str]]  # every inner list is one required term; its entries are alternatives


@dataclass
class Item:
    id: str
    question: str
    facts: list[Fact] = field(default_factory=list)
    source: str | None = None  # file name (or path tail) of the expected source
    evidence: str | None = None  # the gold sentence, if given
    unanswerable: bool = False
    after: str | None = None  # id of the item this one follows up
    kind: str | None = None  # the plan the question needs (single, list, ..., false_premise)
    yesno: str | None = None  # "yes" or "no": a yes/no answer must start with it
    missing: list[str] = field(default_factory=list)  # what the documents never mention
    short: list[str] = field(default_factory=list)  # acceptable short answers (gold spans)
    # A question that takes two hops needs several sources (`source: [a.txt, b.txt]`):
    # `source` is then the first, and `sources` all of them; likewise `evidence`.
    sources: list[str] = field(default_factory=list)
    evidences: list[str] = field(default_factory=list)
    bridge: str | None = None  # the intermediate entity of a two-hop question (not scored)

    def __post_init__(self) -> None:
        if self.source and not self.sources:
            self.sources = [self.source]
        if self.evidence and not self.evidences:
            self.evidences = [self.evidence]


@dataclass
class EvalSet:
    name: str
    path: Path
    documents: list[Path]
    items: list[Item]


def _terms(raw: Any, where: str) -> list[list[str]]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise UserError(f"{where}: `terms` must be a non-empty list")
    out: list[list[str]] = []
    for term in raw:
        if isinstance(term, str):
            options = [t.strip() for t in term.split("|")]
        elif isinstance(term, list):
            options = [str(t).strip() for t in term]
        else:
            raise UserError(f"{where}: a term must be a string or a list of alternatives")
        if not all(options):
            raise UserError(f"{where}: empty term alternative")
        out.append(options)
    return out


def _strings(raw: Any) -> list[str]:
    """A field that is one string or a list of them."""
    if raw is None:
        return []
    return [str(raw)] if isinstance(raw, str) else [str(r) for r in raw]


def load_set(path: Path) -> EvalSet:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read eval set {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise UserError(f"{path} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise UserError(f"{path}: an eval set needs `documents` and a list of `items`")
    docs = data.get("documents") or []
    documents = [(path.parent / d).resolve() for d in ([docs] if isinstance(docs, str) else docs)]
    items: list[Item] = []
    seen: set[str] = set()
    for n, raw in enumerate(data["items"], start=1):
        where = f"{path.name} item {n}"
        if not isinstance(raw, dict) or not raw.get("question"):
            raise UserError(f"{where}: needs a `question`")
        item_id = str(raw.get("id") or f"item-{n}")
        if item_id in seen:
            raise UserError(f"{where}: duplicate id {item_id!r}")
        seen.add(item_id)
        facts = [Fact(str(f.get("fact", "")), _terms(f.get("terms"), f"{where} fact")) for f in raw.get("facts") or []]
        unanswerable = bool(raw.get("unanswerable", False))
        if unanswerable == bool(facts):
            raise UserError(f"{where}: give `facts` or `unanswerable: true`, not both or neither")
        yesno = raw.get("yesno")
        if isinstance(yesno, bool):  # YAML reads a bare yes/no as a boolean
            yesno = "yes" if yesno else "no"
        if yesno is not None and str(yesno).lower() not in ("yes", "no"):
            raise UserError(f"{where}: `yesno` is yes or no, not {yesno!r}")
        missing = raw.get("missing") or []
        missing = [missing] if isinstance(missing, str) else [str(m) for m in missing]
        short = raw.get("short") or []
        short = [short] if isinstance(short, str) else [str(a) for a in short]
        sources = _strings(raw.get("source"))
        evidences = _strings(raw.get("evidence"))
        items.append(
            Item(
                item_id,
                str(raw["question"]),
                facts,
                sources[0] if sources else None,
                evidences[0] if evidences else None,
                unanswerable,
                raw.get("after"),
                str(raw["kind"]) if raw.get("kind") else None,
                str(yesno).lower() if yesno is not None else None,
                missing,
                short,
                sources,
                evidences,
                str(raw["bridge"]) if raw.get("bridge") else None,
            )
        )
    for item in items:
        if item.after and item.after not in seen:
            raise UserError(f"{path.name} item {item.id}: `after` names unknown id {item.after!r}")
    return EvalSet(str(data.get("name") or path.stem), path, documents, items)


# ---------------------------------------------------------------- normalisation


def normalize_answer(text: str) -> str:
    """SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces.
    Curly quotes, dashes and the currency signs string.punctuation lacks count as punctuation,
    as "$" does: "£145" states "145"."""
    text = text.lower()
    text = "".join(ch if ch not in string.punctuation and ch not in "“”‘’–—£€¥" else " " for ch in text)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def exact_match(prediction: str, golds: list[str]) -> float:
    return float(any(normalize_answer(prediction) == normalize_answer(g) for g in golds))


def f1(prediction: str, golds: list[str]) -> float:
    return max(_f1(prediction, g) for g in golds)


def _f1(prediction: str, gold: str) -> float:
    pred, ref = normalize_answer(prediction).split(), normalize_answer(gold).split()
    common = collections.Counter(pred) & collections.Counter(ref)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(ref)
    return 2 * precision * recall / (precision + recall)


def contains_gold(prediction: str, golds: list[str]) -> float:
    text = f" {normalize_answer(prediction)} "
    return float(any(f" {normalize_answer(g)} " in text for g in golds if normalize_answer(g)))


_MARKERS = re.compile(r"\s*\[\d+\]")


def plain(answer: str) -> str:
    return _MARKERS.sub("", answer).strip()


def short_scores(answer: dict[str, Any], golds: list[str]) -> dict[str, Any]:
    """The answer's own words scored apart from its quote: EM, F1 and contains-gold of the
    short answer (0 when none is shown), and `misleading`: a short answer is shown, it is
    wrong, and the quote under it holds the gold."""
    alone = plain(answer.get("short_answer") or "")
    shown = bool(alone) and not answer["refused"]
    alone_f1 = f1(alone, golds) if shown else 0.0
    alone_contains = contains_gold(alone, golds) if shown else 0.0
    wrong = shown and alone_f1 < 0.5 and not alone_contains
    quotes = " ".join(c["quote"] for c in answer.get("citations") or [])
    return {
        "short_shown": shown,
        "short_em": exact_match(alone, golds) if shown else 0.0,
        "short_f1": alone_f1,
        "short_contains": alone_contains,
        "misleading": bool(wrong and contains_gold(quotes, golds)),
    }


def contains_term(text: str, options: Sequence[str]) -> bool:
    """Does the normalised text contain one of the alternatives, as whole words?"""
    haystack = f" {normalize_answer(text)} "
    return any(f" {normalize_answer(o)} " in haystack for o in options if normalize_answer(o))


def states_fact(text: str, fact: Fact) -> bool:
    return all(contains_term(text, options) for options in fact.terms)


def source_matches(source: str, expected: str | None) -> bool:
    if not expected:
        return False
    return Path(source).as_posix().endswith("/" + expected.lstrip("/")) or Path(source).name == expected


# ---------------------------------------------------------------- lint


def lint(evalset: EvalSet) -> list[str]:
    """Problems that would make a gold fact unscorable: caught before anything is scored."""
    problems: list[str] = []
    files = list(_document_files(evalset.documents))
    if not files:
        problems.append("no documents found at " + ", ".join(map(str, evalset.documents)))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    for item in evalset.items:
        for term in item.missing:
            if any(contains_term(text, [term]) for text in texts):
                problems.append(f"{item.id}: `missing` term {term!r} occurs in the documents")
        if item.unanswerable:
            continue
        found = {name: [f for f in files if source_matches(str(f), name)] for name in item.sources}
        absent = [name for name, matches in found.items() if not matches]
        if not item.sources or absent:
            problems.append(f"{item.id}: expected source {absent[0] if absent else None!r} is not among the documents")
            continue
        # With several sources (two hops), each term and span must occur in one of them.
        text = "\n".join(matches[0].read_text(encoding="utf-8", errors="replace") for matches in found.values())
        named = ", ".join(item.sources)
        for fact in item.facts:
            for options in fact.terms:
                if not contains_term(text, options):
                    problems.append(
                        f"{item.id}: term {' | '.join(options)!r} of fact {fact.text!r} does not occur in {named}"
                    )
        for span in item.short:
            if span not in text:
                problems.append(f"{item.id}: short answer {span!r} is not a span of {named}")
        for sentence in item.evidences:
            if normalize_answer(sentence) not in normalize_answer(text):
                problems.append(f"{item.id}: evidence sentence is not in {named}")
    return problems


def _document_files(paths: Iterable[Path]) -> Iterable[Path]:
    from assistant.loading import discover

    return discover(paths).files


# ---------------------------------------------------------------- scoring


@dataclass
class ItemResult:
    id: str
    question: str
    asked: str  # the question as asked (follow-ups rewritten)
    unanswerable: bool
    answer: str
    refused: bool
    fact_correct: bool | None  # every fact stated (None for unanswerable items)
    citation_correct: bool | None
    citations_total: int
    citations_correct: int
    retrieval_rank: int | None  # rank of the first passage from the expected source
    refusal_correct: bool
    latency: float
    judge: list[bool] = field(default_factory=list)
    kind: str | None = None
    plan: str | None = None  # the plan the answerer chose
    fact_recall: float | None = None  # share of the facts stated
    yesno_correct: bool | None = None  # starts with the right Yes or No
    missing_named: bool | None = None  # says which asked-for thing the documents don't mention
    sentences: int = 0  # answer sentences that make a claim
    sentences_supported: int = 0  # ... fully supported by the quotes they cite (ALCE recall)
    citations_cited: int = 0  # citations of those sentences
    citations_precise: int = 0  # ... that support their sentence (ALCE precision)
    words: int = 0  # answer length, without citation markers
    short: dict[str, Any] | None = None  # short_scores(), for an item with gold spans
    sources_found: float | None = None  # share of the expected sources in the top SOURCES_K passages
    hops: int = 1  # retrievals the answer took (2: a second hop around a bridge entity)

    @property
    def passed(self) -> bool:
        if self.unanswerable:
            return self.refusal_correct and self.missing_named is not False
        return bool(
            self.fact_correct
            and self.citation_correct
            and self.refusal_correct
            and self.yesno_correct is not False
            and self.missing_named is not False
        )

    def failures(self) -> list[str]:
        reasons = []
        if not self.refusal_correct:
            reasons.append("answered an unanswerable question" if self.unanswerable else "refused")
        elif not self.unanswerable:
            if not self.fact_correct:
                reasons.append("fact missing")
            if not self.citation_correct:
                reasons.append("citation wrong")
            if self.yesno_correct is False:
                reasons.append("wrong yes/no")
        if self.missing_named is False:
            reasons.append("does not name what is missing")
        if not self.unanswerable and self.retrieval_rank is None:
            reasons.append("source not retrieved")
        return reasons


SOURCES_K = 5  # an item's sources count as found when in the top 5 passages (HotpotQA's hit@5)
HOP_KINDS = ("bridge", "comparison", "conjunction")  # the kinds of evals/hops.yaml that need several sources

_YESNO_START = re.compile(r"^\W*(yes|no)\b", re.I)
_CITED = re.compile(r"\[(\d+)\]")


def score_item(item: Item, answer: dict[str, Any], asked: str | None = None) -> ItemResult:
    """Score one answer (the `ask --json` object) against its item."""
    refused = bool(answer["refused"])
    text = answer["answer"]
    citations = answer.get("citations") or []
    rank = None
    found: set[str] = set()
    for n, passage in enumerate(answer.get("passages") or [], start=1):
        hit = [name for name in item.sources if source_matches(passage["source"], name)]
        if hit and rank is None:
            rank = n
        if n <= SOURCES_K:
            found.update(hit)
    plan = (answer.get("plan") or {}).get("kind")
    latency = answer.get("timings", {}).get("total", 0.0)
    named = any(contains_term(text, [m]) for m in item.missing) if item.missing else None
    support = citation_support(text, citations)
    if item.unanswerable:
        return ItemResult(
            item.id,
            item.question,
            asked or item.question,
            True,
            text,
            refused,
            None,
            None,
            len(citations),
            0,
            rank,
            refused,
            latency,
            kind=item.kind,
            plan=plan,
            missing_named=named,
            words=answer_words(text),
            **support,
            hops=max(1, len(answer.get("hops") or [])),
        )
    stated = [not refused and states_fact(text, f) for f in item.facts]
    good = [c for c in citations if _citation_ok(c, item)]
    yesno = None
    if item.yesno:
        start = _YESNO_START.match(text)
        yesno = start is not None and start.group(1).lower() == item.yesno
    return ItemResult(
        item.id,
        item.question,
        asked or item.question,
        False,
        text,
        refused,
        all(stated),
        bool(good) and not refused,
        len(citations),
        len(good),
        rank,
        not refused,
        latency,
        kind=item.kind,
        plan=plan,
        fact_recall=sum(stated) / len(stated),
        yesno_correct=yesno,
        missing_named=named,
        words=answer_words(text),
        **support,
        short=short_scores(answer, item.short) if item.short else None,
        sources_found=len(found) / len(item.sources) if item.sources else None,
        hops=max(1, len(answer.get("hops") or [])),
    )


def answer_words(text: str) -> int:
    return len(_CITED.sub(" ", text).split())


class Support(TypedDict):
    """An answer's ALCE counts (ItemResult's fields of the same names)."""

    sentences: int
    sentences_supported: int
    citations_cited: int
    citations_precise: int


def citation_support(text: str, citations: list[dict[str, Any]]) -> Support:
    """Citation recall and precision as ALCE defines them (Gao et al., 2023), with the
    answerer's own support check in place of an NLI model.

    Each answer sentence that makes a claim is supported when its cited quotes together
    hold SUPPORT_MIN of its content words; a citation is precise when it supports the
    sentence alone, or when the sentence's other citations no longer do without it.
    """
    from assistant.answering.check import split_claims
    from assistant.text import terms

    quotes = {c.get("n", i): set(terms(c.get("quote", ""))) for i, c in enumerate(citations, start=1)}
    out = Support(sentences=0, sentences_supported=0, citations_cited=0, citations_precise=0)
    for line in text.splitlines():
        _score_line(split_claims(line), quotes, out)
    return out


# A refusal's sentences claim nothing of the documents: "The documents don't say. No document
# uses the word "gym"." is no unsupported claim.
_REFUSING = ("The documents don't", "No document uses the word")


def _score_line(pieces: list[str], quotes: dict[int, set[str]], out: Support) -> None:
    from assistant.answering.check import clean_claim, is_chatter
    from assistant.answering.tuning import SUPPORT_MIN
    from assistant.text import coverage, terms

    # "S1 S2 [1]": a quote of two sentences cites once, after the last; its first
    # sentence stands on that citation too.
    marks_of: list[list[int]] = []
    following: list[int] = []
    for piece in reversed(pieces):
        own = sorted({int(m) for m in _CITED.findall(piece)})
        following = own or following
        marks_of.append(following)
    marks_of.reverse()
    for piece, marks in zip(pieces, marks_of):
        claim = clean_claim(piece)
        if is_chatter(claim) or _YESNO_START.fullmatch(claim.strip(" .")) or claim.startswith(_REFUSING):
            continue
        needed = set(terms(claim))
        out["sentences"] += 1

        def holds(numbers: list[int]) -> bool:
            present = set().union(*(quotes.get(n, set()) for n in numbers)) if numbers else set()
            return bool(numbers) and coverage(needed, present) >= SUPPORT_MIN

        whole = holds(marks)
        out["sentences_supported"] += whole
        for n in marks:
            out["citations_cited"] += 1
            others = [m for m in marks if m != n]
            out["citations_precise"] += holds([n]) or (whole and not holds(others))


def _citation_ok(citation: dict[str, Any], item: Item) -> bool:
    """In the expected source, and either states one of the facts or overlaps the gold evidence."""
    if not any(source_matches(citation["source"], name) for name in item.sources):
        return False
    quote = citation.get("quote", "")
    if any(states_fact(quote, f) for f in item.facts):
        return True
    said = set(normalize_answer(quote).split())
    for sentence in item.evidences:
        gold = set(normalize_answer(sentence).split())
        if len(gold & said) >= 0.5 * len(gold):
            return True
    return False


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def totals(results: Sequence[ItemResult]) -> dict[str, float]:
    answerable = [r for r in results if not r.unanswerable]
    unanswerable = [r for r in results if r.unanswerable]
    refused = [r for r in results if r.refused]
    cited = sum(r.citations_total for r in answerable if not r.refused)
    ranks = [r.retrieval_rank for r in answerable]
    latencies = [r.latency for r in results]
    premises = [r for r in results if r.kind == "false_premise"]
    yesno = [r for r in results if r.yesno_correct is not None]
    shown = [r for r in results if not r.refused]
    out = {
        "items": float(len(results)),
        "fact_accuracy": _share(sum(bool(r.fact_correct) for r in answerable), len(answerable)),
        "fact_recall": _share(sum(r.fact_recall or 0.0 for r in answerable), len(answerable)),
        "citation_recall": _share(sum(r.sentences_supported for r in results), sum(r.sentences for r in results)),
        "citation_precision": _share(
            sum(r.citations_precise for r in results), sum(r.citations_cited for r in results)
        ),
        "citation_source_precision": _share(sum(r.citations_correct for r in answerable if not r.refused), cited),
        "citation_accuracy": _share(sum(bool(r.citation_correct) for r in answerable), len(answerable)),
        "retrieval_hit": _share(sum(r is not None for r in ranks), len(ranks)),
        "retrieval_mrr": _share(sum(1.0 / r for r in ranks if r), len(ranks)),
        "refusal_precision": _share(sum(r.unanswerable for r in refused), len(refused)),
        "refusal_recall": _share(sum(r.refused for r in unanswerable), len(unanswerable)),
        "refusal_accuracy": _share(sum(r.refusal_correct for r in results), len(results)),
        "pass_rate": _share(sum(r.passed for r in results), len(results)),
        "two_hop_rate": _share(sum(r.hops > 1 for r in results), len(results)),
        "words_mean": _share(sum(r.words for r in shown), len(shown)) if shown else 0.0,
        "latency_p50": percentile(latencies, 0.5),
        "latency_p95": percentile(latencies, 0.95),
    }
    several = [r for r in answerable if r.sources_found is not None and r.kind in HOP_KINDS]
    if several:  # two-hop items: every source in the top SOURCES_K, and the share found
        out["sources_all@5"] = _share(sum(r.sources_found == 1.0 for r in several), len(several))
        out["sources_recall@5"] = _share(sum(r.sources_found or 0.0 for r in several), len(several))
    spans = [r.short for r in results if r.short is not None]
    for key in ("short_shown", "short_em", "short_f1", "short_contains", "misleading"):
        if spans:
            out["misleading_rate" if key == "misleading" else key] = _share(
                sum(float(s[key]) for s in spans), len(spans)
            )
    if premises:
        out["premise_refused"] = _share(sum(r.refused for r in premises), len(premises))
    if yesno:
        out["yesno_accuracy"] = _share(sum(bool(r.yesno_correct) for r in yesno), len(yesno))
    for kind in sorted({r.kind for r in results if r.kind}):
        of_kind = [r for r in results if r.kind == kind]
        out[f"pass_{kind}"] = _share(sum(r.passed for r in of_kind), len(of_kind))
    judged = [r.judge for r in results if r.judge]
    if judged:
        runs = len(judged[0])
        per_run = [_share(sum(j[i] for j in judged), len(judged)) for i in range(runs)]
        out["judge_pass_rate"] = statistics.mean(per_run)
        out["judge_spread"] = statistics.pstdev(per_run) if runs > 1 else 0.0
    return out


def _share(part: float, whole: float) -> float:
    # An empty denominator means nothing could go wrong: 1.0, not a division error.
    return part / whole if whole else 1.0


# ---------------------------------------------------------------- running


Ask = Callable[[str], dict[str, Any]]
Rewrite = Callable[[list[tuple[str, str]], str], str]


def sample_items(items: list[Item], limit: int | None, seed: int) -> list[Item]:
    """A fixed sample of `limit` items, in set order, with the items a sampled follow-up
    follows (a follow-up cannot be asked without its conversation)."""
    import random

    if not limit or limit >= len(items):
        return items
    chosen = {item.id for item in random.Random(seed).sample(items, limit)}
    by_id = {item.id: item for item in items}
    for item_id in list(chosen):
        current = by_id[item_id].after
        while current and current not in chosen:
            chosen.add(current)
            current = by_id[current].after
    return [item for item in items if item.id in chosen]


def run_set(
    evalset: EvalSet,
    ask: Ask,
    rewrite: Rewrite | None = None,
    progress: Callable[[int, int], None] | None = None,
    items: list[Item] | None = None,
) -> list[ItemResult]:
    """Ask every item (or `items`); a follow-up (`after`) is first rewritten from its conversation."""
    answers: dict[str, tuple[str, str]] = {}
    results: list[ItemResult] = []
    by_id = {item.id: item for item in evalset.items}
    items = evalset.items if items is None else items
    for n, item in enumerate(items, start=1):
        asked = item.question
        if item.after and rewrite is not None:
            history = _conversation(item.after, by_id, answers)
            asked = rewrite(history, item.question)
        answer = ask(asked)
        answers[item.id] = (asked, answer["answer"])
        results.append(score_item(item, answer, asked))
        if progress:
            progress(n, len(items))
    return results


def _conversation(item_id: str, by_id: dict[str, Item], answers: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    chain: list[tuple[str, str]] = []
    current: str | None = item_id
    while current:
        if current in answers:
            chain.append(answers[current])
        current = by_id[current].after
    return list(reversed(chain))


# ---------------------------------------------------------------- reports


def report_dict(
    evalset_name: str,
    settings: dict[str, Any],
    models: dict[str, Any],
    results: Sequence[ItemResult],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "set": evalset_name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "settings": settings,
        "models": models,
        "totals": totals(results),
        "items": [asdict(r) | {"passed": r.passed, "failures": r.failures()} for r in results],
        **(extra or {}),
    }


def compare(current: dict[str, Any], baseline: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(better, worse): totals that moved, and items whose pass/fail flipped."""
    better: list[str] = []
    worse: list[str] = []
    lower_is_better = {"latency_p50", "latency_p95", "judge_spread", "words_mean"}
    for key, now in current["totals"].items():
        before = baseline.get("totals", {}).get(key)
        if before is None or abs(now - before) < 1e-9:
            continue
        improved = (now < before) if key in lower_is_better else (now > before)
        (better if improved else worse).append(f"{key}: {before:.3f} -> {now:.3f}")
    old_items = {i["id"]: i for i in baseline.get("items", [])}
    for item in current["items"]:
        old = old_items.get(item["id"])
        if old is None or old["passed"] == item["passed"]:
            continue
        (better if item["passed"] else worse).append(
            f"{item['id']}: {'now passes' if item['passed'] else 'now fails (' + ', '.join(item['failures']) + ')'}"
        )
    return better, worse


def parse_thresholds(specs: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for spec in specs:
        name, _, value = spec.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise UserError(f"--fail-under wants METRIC=VALUE, not {spec!r}") from None
    return out


def below_thresholds(found: dict[str, float], thresholds: dict[str, float]) -> list[str]:
    problems = []
    for name, floor in thresholds.items():
        if name not in found:
            raise UserError(f"--fail-under: unknown metric {name!r} (known: {', '.join(sorted(found))})")
        if found[name] < floor:
            problems.append(f"{name} {found[name]:.3f} < {floor}")
    return problems


def print_report(report: dict[str, Any]) -> None:
    """Totals as a table, then the failing items (eval sets) with why they failed."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    title = f"{report['set']} ({report['models'].get('llm') or 'extractive'})"
    if "wall_seconds" in report:
        title += f", {report['wall_seconds']} s"
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in report["totals"].items():
        table.add_row(key, f"{value:.0f}" if key in ("items", "questions") else f"{value:.3f}")
    console.print(table)
    failing = [i for i in report["items"] if i.get("passed") is False]
    if failing:
        console.print(f"[bold]{len(failing)} failing item(s):[/bold]")
        for item in failing:
            console.print(
                f"  {item['id']}: {', '.join(item['failures'])} — asked {item['asked']!r}, "
                f"answered {item['answer'][:100]!r}",
                markup=False,
            )


# ---------------------------------------------------------------- LLM judge


def judge_answer(llm, item: Item, answer: str, repeat: int, temperature: float = 0.7) -> list[bool]:
    """Ask an LLM whether the answer states the gold facts (or refuses, if unanswerable)."""
    from assistant.config import REFUSAL, load_prompt

    gold = (
        f"The documents do not answer this question; the correct reply is a refusal such as {REFUSAL!r}."
        if item.unanswerable
        else "; ".join(f.text for f in item.facts)
    )
    prompt = load_prompt("judge.txt").format(question=item.question, gold=gold, answer=answer)
    verdicts = []
    for _ in range(repeat):
        reply = "".join(llm.stream([{"role": "user", "content": prompt}], 8, None, temperature=temperature))
        verdicts.append(reply.strip().upper().startswith("PASS"))
    return verdicts


# ---------------------------------------------------------------- wiring


def default_eval_store(name: str) -> Path:
    return cache_dir() / "evals" / name


def sync_documents(settings, paths: Sequence[Path]) -> None:
    """Ingest (incrementally) the documents an eval runs over into its own store."""
    from assistant.ingest import apply, make_plan
    from assistant.store import Store

    with Store(settings, create=True) as store, store.write_lock():
        report = apply(store, make_plan(store, paths, settings, exact=True), settings)
    if report.failed:
        raise UserError("eval documents failed to ingest: " + "; ".join(f"{p}: {r}" for p, r in report.failed))
