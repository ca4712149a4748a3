"""What a language model writes, checked before it is shown.

A local model adds a short answer over the quotes of a single fact (and, for the Qwen
models, of a list or an explanation): asked for the phrase, asked again when its reply only
repeats the question, held to the quoted sentences by the citation check and to the answer
type. A capable model (a profile that writes plans) writes the whole answer to a plan from
the evidence and the passages around it; each sentence it writes is checked against the
source it cites, and what fails is dropped.
"""

from __future__ import annotations

import re

from assistant.answering import compose
from assistant.answering.answer_types import (
    another_kind_of_place,
    as_written,
    confident_answer,
    is_of_type,
    passive_agent,
    typed_answer,
    whole_date,
    whole_words,
    without_aside,
)
from assistant.answering.check import check_claims, is_model_refusal, shorten
from assistant.answering.plans import Plan
from assistant.answering.result import Answer, Citation, Claim, Evidence
from assistant.answering.summary import sentences_of
from assistant.answering.tuning import ECHO_SHARE
from assistant.backends.llms import LLM
from assistant.config import Settings, load_prompt
from assistant.text import coverage, pairs, restates, sentence_lines, terms

STOP = ["\n\n", "Question:", "Sources:"]


class Writer:
    """A model's replies, checked: its short answer to a single fact, its answer to a plan."""

    def __init__(self, llm: LLM, settings: Settings) -> None:
        self.llm = llm
        self.settings = settings

    def answers_short(self, kind: str) -> bool:
        """Does this model add a short answer over the quotes of this plan kind?"""
        return kind in self.llm.profile.short_plans and not self.llm.profile.sees_passages

    def _ask(self, snippets: list[Evidence], question: str, again: bool = False) -> str:
        """The local model's reply to the short-answer prompt over these sentences; `again`
        asks once more for words that are not the question's (prompts/NAME_again_user.txt)."""
        profile = self.llm.profile
        if profile.short_prompt == "answer":
            sources = "\n".join(f"[{i + 1}] {_one_line(s.text)}" for i, s in enumerate(snippets))
        else:  # plain text: the check cites the sentence that supports the phrase
            sources = " ".join(_one_line(s.text) for s in snippets)
        messages = [
            {"role": "system", "content": load_prompt(f"{profile.short_prompt}_system.txt").strip()},
            {
                "role": "user",
                "content": load_prompt(f"{profile.short_prompt}{'_again' if again else ''}_user.txt").format(
                    sources=sources, question=question.strip()
                ),
            },
        ]
        return "".join(self.llm.stream(messages, self.settings.max_tokens, STOP)).strip()

    def denies(self, question: str, chosen: list[Evidence]) -> bool:
        """Does the model read a No in the quotes where the rules found no denial (profile
        `checks_yes`)? Only its No counts: it says Yes to most questions the quotes deny."""
        return self._verdict("yesno_judge", question, chosen) == "no"

    def answers(self, question: str, sentences: list[Evidence]) -> bool:
        """Does the model read the answer to the question in these sentences (profile
        `checks_refusals`)?"""
        return self._verdict("answerable", question, sentences) == "yes"

    def _verdict(self, prompt: str, question: str, sentences: list[Evidence]) -> str:
        """The first word of the model's one-word reply to prompts/PROMPT_system.txt and
        PROMPT_user.txt over these sentences, in lower case ("" when it gives none)."""
        sources = " ".join(_one_line(s.text) for s in sentences)
        messages = [
            {"role": "system", "content": load_prompt(f"{prompt}_system.txt").strip()},
            {"role": "user", "content": load_prompt(f"{prompt}_user.txt").format(sources=sources, question=question)},
        ]
        reply = "".join(self.llm.stream(messages, 4, ["\n"])).strip()
        word = re.match(r"[a-z]+", reply, re.I)
        return word.group(0).lower() if word else ""

    def short_answer(self, result: Answer, plan: Plan, chosen: list[Evidence], exclude: str | None = None) -> None:
        """The local model's short answer, checked against the quote, then the quote.

        The short answer is shown only when it passes the citation check, and, for a
        typed question (who, when, how many, where), only when it is of that type;
        otherwise the rules' typed span, else the quote alone. A wrong short answer
        above a right quote misleads more than the quote alone.
        """
        question = plan.asks
        # A small model picks the wrong sentence when given several: each model gets the
        # number it handles (catalog.AnswerProfile), and the check holds its reply against them.
        profile = self.llm.profile
        whole = profile.short_context == "passage" and bool(chosen)
        # The sentence quoted only to fill the budget is not offered: with it, the 0.5B's
        # XQuAD-300 misleading rate rose from 0.14 to 0.19.
        offered = [c for c in chosen if not c.filler] or chosen
        snippets = sentences_of([chosen[0].passage]) if whole else offered[: profile.short_snippets]
        draft = self._ask(snippets, question)
        unread = [c for c in chosen if c not in snippets]
        if is_model_refusal(draft) and profile.short_retry_filler and unread and not whole:
            # The sentences offered don't say, says the model: the one quoted after them may
            # ("... the most widely accepted theory. Today, this is known as the Miasma theory.").
            # Offered only then: offered always, it moved right answers too (docs/BENCHMARKS.md).
            retry = self._ask([*snippets, unread[0]], question)
            if not is_model_refusal(retry):
                draft, snippets = retry, [*snippets, unread[0]]
        if profile.short_retry_echo and _echoes(draft, question) and not whole:
            # "Who did Internet2 partner with?" -> "Internet2": the subject asked about, not the
            # answer. Asked again for other words, then with the sentence quoted after them too
            # ("... in partnership with Qwest"). Chosen on evals/spans2.yaml (docs/BENCHMARKS.md).
            after = [c for c in chosen if c not in snippets][:1]
            for offer in (snippets, [*snippets, *after] if after else []):
                retry = self._ask(offer, question, again=True) if offer else ""
                if retry and not is_model_refusal(retry) and not _echoes(retry, question):
                    draft, snippets = retry, offer
                    break
        result.draft = draft
        claims, _ = check_claims(shorten(draft, question), snippets, question)
        supported = [c for c in claims if c.supported]
        model_short = " ".join(c.text for c in supported) if supported and not is_model_refusal(draft) else None
        typed = plan.answer_type in ("time", "number") or profile.short_names_typed
        if model_short and plan.answer_type and typed and not is_of_type(model_short, plan.answer_type, question):
            model_short = None  # "how many" answered without a number: not an answer
        if model_short and not plan.answer_type and not profile.short_untyped:
            model_short = None  # nothing to hold it to, and this model is often wrong there
        if model_short and len(model_short.split()) > profile.short_max_words:
            model_short = None  # a sentence restated, not a short answer
        if (
            model_short
            and plan.kind == "list"
            and not _names_several(model_short)
            and _one_of_several(model_short, chosen)
        ):
            # One name for "Which directors were at the meeting?" is one of them shown as all:
            # each of the 1.5B's 9 one-item list answers on 12 of our sets (2026-12-03) was a part or wrong.
            # Not where one quote names one thing: "What kinds of trees is Kearney Boulevard lined
            # with?" / "... is lined with tall palm trees".
            model_short = None
        quoted = " ".join(s.text for s in snippets)
        if model_short:
            # In the quote's own words, whole, without a bracketed aside at its end: "24" for
            # "24–10" and "... kilometres (2,700,000 sq mi)" cost right answers F1 on evals/single2.yaml,
            # "January 27" for "January 27, 1967" on evals/single3.yaml.
            model_short = whole_date(whole_words(without_aside(as_written(model_short, quoted)), quoted), quoted)
        if model_short and profile.short_agrees and plan.answer_type:
            # A time or a number must be the one the rules stand behind (the quote's only one, or
            # the one counting what is asked): the nearest of several was the model's guess too
            # when both were wrong ("Robert Watson in 1997" for "When did Bert Bolin ...?").
            exact = plan.answer_type in ("time", "number")
            nearest = (confident_answer if exact else typed_answer)(quoted, plan.answer_type, question)
            if nearest is None or not _same_span(nearest, model_short):
                model_short = None  # the rules' span of the type (nearest, or the one they stand behind) is another
            elif not compose.says_what_is_asked(question, quoted):
                model_short = None  # the quote names the subject, not what is asked of it
            elif model_short.lower() not in quoted.lower():
                model_short = nearest  # "1950s" for "in 1950": the span as the quote writes it
        if model_short and plan.answer_type == "place" and another_kind_of_place(model_short, question):
            model_short = None  # "Norfolk County" for "What town ...?": no town
        if model_short and plan.answer_type == "person" and _another_agent(model_short, snippets, question):
            model_short = None  # "developed for Charles Porter by Charles Richard": the rules read who did it
        if model_short and exclude and set(terms(model_short)) <= set(terms(exclude)):
            model_short = None  # the bridge of a two-hop question is never its answer
        rule_short = compose.short_answer(f"{question} {exclude or ''}", plan.answer_type, chosen)
        if (
            rule_short
            and model_short
            and rule_short.lower() not in model_short.lower()
            and not profile.short_over_rules
        ):
            model_short = None  # the one time or number in the quote beats the model's other one
        short = model_short or rule_short
        if model_short and whole:
            chosen = _with_holder(chosen, snippets, claims)
        # The quote that holds the short answer is quoted first, so "Jochi [1]: “...Jochi...”".
        compose.quote(result, compose.holding_first(chosen, short) if short else chosen, bullets=plan.kind == "list")
        result.claims = [c for c in claims if not c.supported] + result.claims
        if not short:
            result.fallback = bool(draft)
            return
        compose.lead_with(result, short)
        if model_short:
            result.claims = claims + [c for c in result.claims if c not in claims]

    def generate(
        self, result: Answer, plan: Plan, chosen: list[Evidence], ranked: list[Evidence], verdict: str | None = None
    ) -> None:
        """A capable model writes the answer from the evidence and the passages around it;
        each sentence is checked against the passage it cites and cited by the sentence
        there that supports it. With nothing supported, the evidence is quoted instead.
        A yes/no answer leads with the evidence's own verdict (negation decided by the
        code), else the model's Yes or No; with neither, the documents don't say."""
        sources = self._context(chosen, ranked)
        listing = "\n\n".join(f"[{i + 1}] {_one_line(s.text)}" for i, s in enumerate(sources))
        messages = [
            {"role": "system", "content": load_prompt("plan_system.txt").strip()},
            {
                "role": "user",
                "content": load_prompt(f"plan_{plan.kind}.txt").format(sources=listing, question=plan.asks.strip()),
            },
        ]
        draft = "".join(self.llm.stream(messages, self.settings.max_tokens_plan, None)).strip()
        result.draft = draft
        lead = ""
        if plan.kind == "yesno":
            m = re.match(r"^\s*(yes|no)\b[\s,.:;!-]*", draft, re.I)
            if m:
                draft = draft[m.end() :]
            said = verdict or (m.group(1).capitalize() if m else None)
            if said is None:
                return  # neither the evidence nor the model confirms or denies it
            lead = f"{said}."
        claims, _ = check_claims(draft, sources, plan.asks)
        supported = [c for c in claims if c.supported]
        if not supported or is_model_refusal(result.draft or ""):
            compose.quote(result, chosen, bullets=plan.kind == "list", lead=lead)
            result.fallback = True
            result.claims = [c for c in claims] + result.claims
            if lead:
                result.short_answer = lead.rstrip(".")
            return
        citations: list[Citation] = []
        texts: list[str] = []
        for claim in supported:
            marks = []
            for n in claim.citations:
                quote_ev = _supporting_sentence(sources[n - 1], claim.text)
                existing = next(
                    (c for c in citations if (c.source, c.start) == (quote_ev.passage.source, quote_ev.start)), None
                )
                if existing is None:
                    existing = compose.cite(len(citations) + 1, quote_ev, claim.support)
                    citations.append(existing)
                marks.append(existing.n)
            claim.citations = marks
            texts.append(claim.text.rstrip() + "".join(f" [{n}]" for n in marks))
        result.refused = False
        result.citations = citations
        result.claims = claims
        bullets = plan.kind == "list" and len(texts) > 1
        body = "\n".join(f"- {t}" for t in texts) if bullets else " ".join(texts)
        result.answer = f"{lead}\n{body}" if lead and bullets else f"{lead} {body}".strip()
        if lead:
            result.short_answer = lead.rstrip(".")

    def _context(self, chosen: list[Evidence], ranked: list[Evidence]) -> list[Evidence]:
        """What the model is shown, up to the context budget: the passages holding the
        evidence (then the next best), whole, for a model that sees passages; else the
        evidence sentences themselves (a local model reads ~60-120 tokens a second here)."""
        budget_chars = 4 * (self.settings.context_tokens or self.llm.profile.context_tokens)
        if not self.llm.profile.sees_passages:
            shown: list[Evidence] = []
            for ev in chosen:
                if shown and sum(len(e.text) for e in shown) + len(ev.text) > budget_chars:
                    break
                shown.append(ev)
            return shown
        out: list[Evidence] = []
        seen: set[str] = set()
        used = 0
        for ev in list(chosen) + list(ranked):
            p = ev.passage
            if p.id in seen:
                continue
            if out and used + len(p.text) > budget_chars:
                break
            seen.add(p.id)
            used += len(p.text)
            out.append(Evidence(p, p.start, p.end, p.text, ev.score, ev.coverage))
        return out


def _supporting_sentence(source: Evidence, claim: str) -> Evidence:
    """The sentence(s) of a cited passage that hold the claim's words: what gets quoted."""
    p = source.passage
    claim_terms = set(terms(claim))
    spans = [(p.start + s, p.start + e) for s, e in sentence_lines(p.text)]
    scored = sorted(spans, key=lambda sp: -coverage(claim_terms, set(terms(p.text[sp[0] - p.start : sp[1] - p.start]))))
    if not scored:
        return source
    best = scored[0]
    text = p.text[best[0] - p.start : best[1] - p.start]
    return Evidence(p, best[0], best[1], text, source.score, source.coverage)


def _echoes(reply: str, question: str) -> bool:
    """Is a short answer only words of the question ("Internet2" for "Who did Internet2 partner
    with?"), or mostly its words with a phrase of it ("Charles Darwin's theory of evolution" for
    "Whose principles, set down long before Darwin's theory of evolution, ...?")? "Was it Paris
    or Lyon?" is answered by its own words; "Oxford's Magdalen Tower" for "Which Oxford tower
    ...?" is no phrase of it."""
    if re.search(r"\bor\b", question, re.I):
        return False
    said, asked = terms(reply), terms(question)
    return restates(reply, question) or (
        restates(reply, question, ECHO_SHARE)
        and len(set(said) & set(asked)) < len(set(said))
        and bool(pairs(said) & pairs(asked))
    )


def _with_holder(chosen: list[Evidence], sentences: list[Evidence], claims: list[Claim]) -> list[Evidence]:
    """The quotes of a short answer read from a whole passage: the sentence that supports
    it first, then the best evidence sentence if it is another; at most two, as always."""
    cited = [c.citations[0] for c in claims if c.supported and c.citations]
    if not cited:
        return chosen
    holder = sentences[cited[0] - 1]
    rest = [e for e in chosen if (e.passage.source, e.start) != (holder.passage.source, holder.start)]
    return [holder, *rest][: max(2, len(chosen))] if holder is not None else chosen


def _one_of_several(answer: str, chosen: list[Evidence]) -> bool:
    """Is a one-item answer to a list question one of several the quotes give: there are several
    quotes (a list's items), or the quote writes it in a series ("Omnicare, Kindred Healthcare and
    PharMerica")?"""
    if len(chosen) != 1:
        return True
    at = chosen[0].text.lower().find(answer.lower())
    if at < 0:
        return True
    before, after = chosen[0].text[:at], chosen[0].text[at + len(answer) :]
    return bool(re.search(r"(?:[,;]|\b(?:and|or|as well as))\s*$", before, re.I)) or bool(
        re.match(r"\s*(?:[,;]|(?:and|or|as well as)\b)", after, re.I)
    )


def _names_several(answer: str) -> bool:
    """Does a short answer name more than one thing ("Acura, Lexus and Infiniti")?"""
    return bool(re.search(r"[,;&/]|\b(?:and|or|plus)\b", answer, re.I))


def _same_span(one: str, other: str) -> bool:
    """Do two short answers name the same span ("1967" and "January 27, 1967")?"""
    a, b = " ".join(one.lower().split()), " ".join(other.lower().split())
    return a in b or b in a


def _another_agent(short: str, snippets: list[Evidence], question: str) -> bool:
    """Does a quote say who did what "who did ...?" asks, in the passive (`passive_agent`),
    and is it no one the short answer names?"""
    for snippet in snippets:
        agent = passive_agent(snippet.text, question)
        if agent is not None:  # compared by the last name: "Charles Porter" is not "Charles Richard"
            named, did = terms(short), terms(snippet.text[agent[0] : agent[1]])
            return not (named[-1:] and named[-1] in did) and not (did[-1:] and did[-1] in named)
    return False


def _one_line(text: str) -> str:
    return " ".join(text.split())
