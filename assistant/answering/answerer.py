"""The answering pipeline: plan, gather evidence, compose per plan, check, show.

1. The question is planned (`plans.classify`): single fact, several facts, explanation,
   list, summary, comparison or yes/no.
2. A question naming something no document mentions (a name, a year) is answered "The
   documents don't mention X." (a false premise); a question with several parts answers
   the parts the documents cover and says which they don't.
3. Evidence is gathered as the plan needs: the top passages for a single fact, every
   passage above a threshold for a list, the whole document for a summary, one retrieval
   per side for a comparison. The refusal gate holds as before.
4. The answer is composed from the evidence set: quoted (extractive backend, and the
   plans the local models do not improve) or generated and checked sentence by sentence:
   a local model's short answer for a single fact; every other plan on a model whose
   profile writes plans (catalog.AnswerProfile; an OpenAI-compatible one, shown the
   passages around the evidence up to `context_tokens`).
5. Only what passed the check is shown, once: `on_token` receives the answer's sentences
   after they are checked, never the model's raw draft.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache

from assistant.answering import compose, hops, inventory, premises, rewording, sides, topics, yesno
from assistant.answering import evidence as ev_mod
from assistant.answering.answer_types import (
    has_type,
    names_who_did_it,
    typed_answer,
    typed_spans,
)
from assistant.answering.check import ELLIPSIS, MARKER, split_claims
from assistant.answering.neighbours import grow, list_title, paragraph_ends_in_passage, paragraph_of, sentence_before
from assistant.answering.plans import (
    BUDGETS,
    DESCRIBED_DOCUMENT,
    DOCUMENT_NOUN,
    HOW_QUANTITY,
    NARRATIVE,
    NARRATIVE_SENTENCES,
    Plan,
    classify,
    is_yes_no_form,
    last_question,
    quantity_bound,
    summary_source,
    things_carried,
    time_condition,
)
from assistant.answering.result import Answer, Evidence
from assistant.answering.summary import LENGTH_WORDS, sentences_of, summarize, summarize_document
from assistant.answering.tuning import (
    AFTER_OVER_REFERENT,
    COVERAGE_MIN,
    DENSE_MIN,
    HOME_AWAY,
    HOP_BY_TITLE,
    HOP_COVERAGE,
    INVENTORY_DOCUMENTS,
    INVENTORY_MAX,
    LIST_PROBE,
    LIST_SERIES_PROBE,
    MENTIONS_POOL,
    NAMED_DOCUMENTS,
    OPENING_CHARS,
    OVERVIEW_DOCUMENTS,
    PART_SAID_MIN,
    PHONE_DENSE_MIN,
    REASON_DENSE_MIN,
    REASON_REACH,
    REFUSAL_CHECK_SENTENCES,
    RERANK_POOL,
    RESTATES,
    RESTATES_REASON,
    RIVAL,
    ROW_LABEL_TERMS,
    SENTENCE_DENSE_MIN,
    TOPIC_COVERAGE,
    TOPIC_EMBED,
    TOPIC_RELATIVE,
    TOPIC_SAYS,
    TOPIC_SIMILARITY,
    TURN_REACH,
    TYPE_WINDOW,
    YESNO_DENIAL_FLOOR,
    YESNO_DENIAL_POOL,
    YESNO_DENSE_MIN,
)
from assistant.answering.writing import Writer
from assistant.backends.embedders import Embedder
from assistant.backends.llms import LLM
from assistant.config import REFUSAL, Settings
from assistant.retrieval import Passage, Retriever, passage_from_row
from assistant.text import changes, coverage, pairs, restates, row_label, terms
from assistant.text.ages import ages_asked, required_ages
from assistant.text.names import codes, mentioned_names, subject_names

OnToken = Callable[[str], None]
Span = tuple[str, int, int]  # a quote's source and its character span there


class Answerer:
    def __init__(self, settings: Settings, retriever: Retriever, embedder: Embedder, llm: LLM | None) -> None:
        self.settings = settings
        self.retriever = retriever
        self.embedder = embedder
        self.llm = llm
        self.writer = Writer(llm, settings) if llm is not None else None

    @property
    def models(self) -> dict[str, str | None]:
        return {"embedder": self.embedder.name, "llm": self.llm.name if self.llm else None}

    @property
    def plan_writer(self) -> Writer | None:
        """The writer of whole answers to plans, when the model's profile says it writes them
        (catalog.AnswerProfile): an OpenAI-compatible endpoint does; no local model does, because
        their replies were no better than the quoted evidence (docs/BENCHMARKS.md). Else None,
        and plans are quoted."""
        return self.writer if self.writer is not None and self.writer.llm.profile.writes_plans else None

    # ------------------------------------------------------------ entry point

    def ask(
        self, question: str, k: int | None = None, on_token: OnToken | None = None, length: str | None = None
    ) -> Answer:
        started = time.perf_counter()
        plan = classify(question)
        result = self.answer_plan(plan, k or self.settings.top_k, length or self.settings.length)
        result.timings = {
            "retrieve": result.timings.get("retrieve", 0.0),
            "generate": result.timings.get("generate", 0.0),
            "total": time.perf_counter() - started,
        }
        if on_token:
            for sentence in (
                split_claims(result.answer) if "\n" not in result.answer else result.answer.splitlines(True)
            ):
                on_token(sentence if sentence.endswith("\n") else sentence + " ")
        return result

    def answer_plan(self, plan: Plan, k: int, length: str, avoid: set[Span] | None = None) -> Answer:
        """The answer to a planned question; `avoid`: quotes (source, start, end) already shown."""
        spelled = self.retriever.with_acronyms(plan.asks)
        if spelled != plan.asks:  # "lunar orbit rendezvous" where the documents write "LOR"
            topic = self.retriever.with_acronyms(plan.topic) if plan.topic else None
            plan = replace(plan, asks=spelled, topic=topic)
        if plan.kind == "several":
            return self._several(plan, k, length)
        if plan.kind == "yesno" and plan.parts:
            return sides.conjunction(self, plan, k, length)
        written, unspelled = premises.spell_acronyms(self.retriever, plan.asks, k)
        if written != plan.asks:  # "AAA" where the documents write only "American Automobile Association"
            plan = replace(plan, asks=written)
        read_as = rewording.reword(
            plan.asks, self.retriever, self.embedder.embed, k, synonyms=plan.kind not in ("yesno", "comparison")
        )
        if read_as:  # "medication" where the letter says "medicines"; "gaurentee"
            topic = rewording.apply(plan.topic, read_as) if plan.topic else None
            plan = replace(plan, asks=rewording.apply(plan.asks, read_as), topic=topic)
        result = self.new_answer(plan)
        result.read_as = read_as
        # What the question itself presumes: not the statements before it ("Freddie is leaving
        # in July. Is the deposit refunded?" presumes no July of the documents).
        asked = last_question(plan.asks)
        when = time_condition(asked)
        # "... founded before 1940?": the year bounds the answer, the question does not presuppose it.
        presumed = asked.replace(when[2], " ") if when else asked
        bound = quantity_bound(presumed) if plan.kind == "yesno" else None
        if bound:  # "... more than 300 officers?" presumes officers, not 300 of them ("over a third": nothing)
            presumed = presumed.replace(bound.words, " ".join(w for w in bound.counted if w in bound.words))
        # A summary's documents, those its topic names and their opening lines are read once:
        # the premise check and the summary both need them.
        documents = self.retriever.store.documents() if plan.kind == "summary" else {}
        opening = cache(self._opening)
        if not documents:
            named = []
        elif plan.topic:
            named = topics.named_documents(plan.topic, documents, opening)
        else:  # "Summarise the quote.": the one document whose name holds the noun, not all of them
            named = topics.by_noun(plan.asks, documents)
        missing = premises.missing(self.retriever, plan, presumed, unspelled, bool(named))
        if missing:  # with the other words no document has: "2010" and "constitution"
            missing += [
                w
                for w in premises.not_found(self.retriever, presumed)
                if not any(w.lower() in m.lower() for m in missing)
            ]
            # What was retrieved is still reported: it shows the reader what the documents hold.
            result.passages = self.retriever.retrieve(plan.asks, k)
            return premises.not_mentioned(result, missing)
        started = time.perf_counter()
        inventoried = self._inventory_of(plan)
        if inventoried:
            self._inventory(result, plan, *inventoried, k)
        elif plan.kind == "summary":
            self._summary(result, plan, k, length, documents, named, opening)
        elif (
            (plan.kind == "comparison" and changes.over_time(plan.asks))
            or (plan.kind == "single" and changes.asks_before(plan.asks))
        ) and sides.changed(self, result, plan, k):
            pass  # "... more or less than it was last year?": one quote says what it was and what it is
        elif plan.kind == "single" and sides.difference(self, result, plan, k):
            pass  # "How much cheaper was the patch repair than full resurfacing?": two sums, one a side
        elif plan.kind == "comparison" and all(plan.sides) and len(plan.sides) == 2:
            sides.comparison(self, result, plan, k)
            if is_yes_no_form(plan.asks) and not re.match(r"(?:Yes|No)\.", result.answer):
                # "Was Manning older than Elway had been?": sides the code cannot date or
                # compare; a yes/no question is still answered Yes, No or not at all.
                result = self.new_answer(plan)
                result.read_as = read_as
                self._focused(result, replace(plan, kind="yesno", sides=()), k, avoid or set())
        else:
            self._focused(result, plan, k, avoid or set())
        result.timings.setdefault("retrieve", time.perf_counter() - started)
        if result.refused and result.answer == REFUSAL:
            # Refused for weak evidence: words no document holds tell the reader why ("No
            # document uses the word "thymus"."); it is true of them by construction.
            unknown = premises.not_found(self.retriever, presumed)
            if unknown:
                return premises.no_such_words(result, unknown)
        return result

    def new_answer(self, plan: Plan) -> Answer:
        return Answer(
            plan.question,
            REFUSAL,
            True,
            [],
            [],
            plan=plan.as_dict(),
            models=self.models,
            backend=self.settings.llm_backend,
        )

    # ------------------------------------------------------------ several parts

    def _several(self, plan: Plan, k: int, length: str) -> Answer:
        """Each ask answered on its own plan, then joined; a part the documents do not
        cover is said to be missing, the others are still answered."""
        from assistant.chat import rewrite_question  # the chat's follow-up rules; chat imports answering

        answers: list[Answer] = []
        parts: list[str] = []
        # The parts of one question are about one thing, most often in one document: the one
        # the whole question retrieves first.
        best = self.retriever.retrieve(plan.asks, 1)
        home = best[0].source if best else None
        for part in plan.parts:
            if parts:  # "Who did Macron meet, and what did he say?": "he" is the first part's subject
                part = rewrite_question([(parts[-1], "")], part)
            parts.append(part)
            quoted = {(c.source, c.start, c.end) for a in answers for c in a.citations}
            answers.append(self.answer_plan(replace(classify(part), home=home), k, length, avoid=quoted))
        result = self.new_answer(plan)
        result.refused = all(a.refused for a in answers)
        texts: list[str] = []
        seen: set[str] = set()
        for asked, part, sub in zip(plan.parts, parts, answers):
            result.missing += sub.missing
            result.read_as.update(sub.read_as)
            # Not for a part whose premise no document holds; a part refused for weak evidence
            # may be, though its words are not the documents' ("how long is the job expected to
            # take?": "... and expect the work to take 14 weeks").
            weak = not sub.missing or sub.answer.startswith(REFUSAL)
            if sub.refused and weak and self._said_by_others(asked, part, sub, answers):
                continue  # another part's quote says it ("... and expect the work to take 14 weeks")
            if sub.refused:
                if not result.refused:
                    texts.append(sub.answer if sub.missing else f"The documents don't say: {part}")
                continue
            if not sub.answer:  # answered by an earlier part's quote
                continue
            offset = len(result.citations)
            texts.append(MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", sub.answer))
            result.citations += [replace(c, n=c.n + offset) for c in sub.citations]
            result.claims += [replace(c, citations=[n + offset for n in c.citations]) for c in sub.claims]
            result.passages += [p for p in sub.passages if compose.first_time(p.id, seen)]
            result.fallback = result.fallback or sub.fallback
        if result.refused:
            result.answer = answers[0].answer if all(a.missing for a in answers) else REFUSAL
        else:
            result.answer = "\n".join(texts) if any("\n" in t for t in texts) else " ".join(texts)
            result.draft = " | ".join(a.draft for a in answers if a.draft) or None
        for key in ("retrieve", "generate"):
            result.timings[key] = sum(a.timings.get(key, 0.0) for a in answers)
        return result

    def _said_by_others(self, asked: str, part: str, sub: Answer, answers: list[Answer]) -> bool:
        """Do the other parts' quotes answer this refused part, asked as `asked` and read as
        `part`: in its words, or, when it refers back to them ("... and when does it have to be
        back?" beside "Return: Friday 21 August"), by what it asks for?"""
        return self._quoted_by_others(part, sub, answers) or bool(
            _REFERS_BACK.search(asked) and _typed_beyond(sub, answers)
        )

    def _quoted_by_others(self, part: str, sub: Answer, answers: list[Answer]) -> bool:
        """Do the other parts' quotes say what this refused part asks: most of its words, and
        what it asks for (a time for "when", a number for "how much")? Then "The documents don't
        say: How long is the job expected to take?" would stand beside the quote that says so."""
        quoted = " ".join(c.quote for a in answers if a is not sub and not a.refused for c in a.citations)
        if not quoted:
            return False
        words = set(terms(_HOW_WORD.sub(" ", part)))  # the type check looks for what "how long" asks
        weights = self.retriever.term_weights(part)
        said = coverage(words, set(terms(quoted)), lambda t: weights.get(t, 1.0))
        asked = sub.plan.get("answer_type")  # as the part was planned
        return said >= PART_SAID_MIN and (not isinstance(asked, str) or has_type(quoted, asked, part))

    # ------------------------------------------------------------ one retrieval

    def rank_evidence(
        self,
        question: str,
        passages: list[Passage],
        answer_type: str | None = None,
        embed_limit: int = ev_mod.EMBED_SENTENCES,
        series: bool = False,
        opposite: dict[str, set[str]] | None = None,
        explains: bool = False,
    ) -> list[Evidence]:
        weights = self.retriever.term_weights(question)
        return ev_mod.rank_sentences(
            question,
            passages,
            lambda t: weights.get(t, 1.0),
            self.embedder.embed,
            self.retriever.query_vector,
            answer_type,
            embed_limit,
            series,
            opposite,
            explains,
        )

    def gather(
        self,
        question: str,
        k: int,
        pool_size: int,
        answer_type: str | None = None,
        typed: bool = False,
        series: bool = False,
        yes_no: bool = False,
        embed_limit: int = ev_mod.EMBED_SENTENCES,
        explains: bool = False,
        home: str | None = None,
    ) -> tuple[list[Passage], list[Passage], list[Evidence], bool]:
        """(pool, the k passages shown, ranked evidence, answerable); `typed`: the evidence
        must hold the answer type (Plan.typed_evidence); `series`: a list question; `yes_no`:
        a yes/no question, which a sentence saying the opposite of an asked word answers;
        `explains`: a "why" question, which a close sentence giving a reason answers; `home`:
        the document whose sentences rank first, other documents' at HOME_AWAY of their score."""
        pool = self._with_named(question, self.retriever.retrieve(question, max(k, pool_size)))
        if home and home not in {p.source for p in pool}:
            pool += self.retriever.best_of([home], question)
        opposite = yesno.deciding_terms(question) if yes_no else None
        evidence = self.rank_evidence(
            question, pool, answer_type, embed_limit, series=series, opposite=opposite, explains=explains
        )
        if home:
            for e in evidence:
                e.score *= 1.0 if e.passage.source == home else HOME_AWAY
            evidence.sort(key=lambda e: -e.score)
        passages = ev_mod.merge_overlapping(ev_mod.rerank_by_evidence(pool, evidence), evidence)
        answerable = (
            bool(evidence)
            and (
                self.supported(evidence, pool)
                or (explains and _gives_a_reason(evidence))
                or (answer_type == "phone" and _gives_a_number_to_ring(evidence[0], question))
                # The best sentence writes a code the question names ("flashing E07 at me"):
                # the rest of the question is the asker's story, in words of their own.
                or bool(set(codes(question)) & set(codes(evidence[0].text)))
                or _names_its_row(evidence[0], question, answer_type)
                # "Who looks after my account?": "Your account is looked after by ..."
                or (answer_type == "person" and names_who_did_it(evidence[0].text, question))
                # "My daughter's just turned 14. Is she old enough to ...?": "you must be 14 or
                # over to ride ..." makes an age the condition, which the age given decides.
                or (yes_no and bool(ages_asked(question)) and bool(required_ages(evidence[0].text)))
            )
            and (not typed or any(has_type(ev_mod.as_read(e), answer_type, question) for e in evidence[:TYPE_WINDOW]))
        )
        return pool, passages, evidence, answerable

    def _with_named(self, question: str, pool: list[Passage]) -> list[Passage]:
        """The pool, and the best passage of each document the question names by title that
        retrieval missed: a question naming "Arthur's Magazine" is about that document."""
        have = {p.source for p in pool}
        named = [n.source for n in self.retriever.named_in(question) if n.source not in have]
        return pool + self.retriever.best_of(named[:NAMED_DOCUMENTS], question) if named else pool

    def _title_bridge(
        self, question: str, passages: list[Passage], evidence: list[Evidence]
    ) -> tuple[list[Passage], Passage | None]:
        """The first hop's passages (those of the documents the question names, else the best
        one), and the document they name by title that the question does not, named by their
        best evidence sentence: "Big Stone Gap is directed by Adriana Trigiani" names hers."""
        asked_named = self.retriever.named_in(question)
        asked = {n.source for n in asked_named}
        first = [p for p in passages if p.source in asked] or passages[:1]
        if not self.retriever.titles():
            return first, None  # no document is titled with a name (numbered files)
        sources = {p.source for p in first[:NAMED_DOCUMENTS]}
        seen = asked | sources
        # The sentences of the first hop's passages that say most of what the question asks
        # besides the titles it names ("Its singer, Lena Marsh" for "the singer of Northern
        # Light"), then the passages whole.
        asked_terms = set(terms(question)) - set(terms(" ".join(n.title for n in asked_named)))
        mine = [e for e in evidence if e.passage.source in sources]
        mine.sort(key=lambda e: -coverage(asked_terms, set(terms(e.text))))
        texts = [e.text for e in mine] + [p.text for p in first]
        for text in texts:
            for named in self.retriever.named_in(text):
                if compose.first_time(named.source, seen):
                    return first, self.retriever.best_of([named.source], question)[0]
        return first, None

    def supported(self, evidence: list[Evidence], passages: list[Passage]) -> bool:
        """Does any retrieved passage plausibly answer the question?"""
        best_dense = max((p.dense or 0.0) for p in passages)
        best_coverage = max(e.coverage for e in evidence)
        passage_coverage = max(self._passage_coverage(evidence, p) for p in passages)
        best_sentence = max(e.similarity for e in evidence)
        return (
            max(best_coverage, passage_coverage) >= COVERAGE_MIN
            or best_dense >= DENSE_MIN
            or best_sentence >= SENTENCE_DENSE_MIN
        )

    def _model_reads_answer(self, question: str, evidence: list[Evidence]) -> bool:
        """Does a model that reads well (profile `checks_refusals`) find the answer in the best
        sentences the refusal gate turned down?"""
        writer = self.writer
        if writer is None or not writer.llm.profile.checks_refusals:
            return False
        return writer.answers(question, evidence[:REFUSAL_CHECK_SENTENCES])

    @staticmethod
    def _passage_coverage(evidence: list[Evidence], passage: Passage) -> float:
        # Coverage of a whole passage is bounded by its best sentence's; cheap proxy
        # that also credits facts spread over two sentences of one passage.
        covs = sorted((e.coverage for e in evidence if e.passage is passage), reverse=True)
        return min(1.0, sum(covs[:2])) if covs else 0.0

    def _focused(self, result: Answer, plan: Plan, k: int, avoid: set[Span]) -> None:
        """Single facts, explanations, lists and yes/no: one retrieval, one evidence set."""
        budget = BUDGETS[plan.kind]
        question = plan.asks
        narrative = plan.kind == "explanation" and bool(NARRATIVE.search(question))  # "What happened to ...?"
        if narrative:
            budget = replace(budget, sentences=NARRATIVE_SENTENCES)
        started = time.perf_counter()
        _, passages, evidence, answerable = self.gather(
            question,
            k,
            budget.pool,
            plan.answer_type,
            plan.typed_evidence,
            series=plan.kind == "list",
            yes_no=plan.kind == "yesno",
            embed_limit=budget.embed,
            explains=plan.kind == "explanation",
            home=plan.home,
        )
        described = hops.described_at(question) if plan.kind == "single" and evidence else None
        first, bridge = self._title_bridge(question, passages, evidence)
        # A second hop only when the first does not answer: no one sentence holds the
        # question, and for a typed question ("who", "how many") its best sentence has none.
        # The question describes what it asks about, or its first passage names another
        # document by its title.
        hopping = (
            plan.kind == "single"
            and bool(evidence)
            and evidence[0].coverage < HOP_COVERAGE
            and (
                (
                    described is not None
                    and not (plan.answer_type and has_type(evidence[0].text, plan.answer_type, question))
                )
                or (HOP_BY_TITLE and bridge is not None)
            )
        )
        # A broken chain: the first hop finds what the question describes, but what it asks
        # of it is in no document. A role no document names ("the wife of the ruler ...") no
        # second hop can say, however close its sentence; other words ("what decree") may be
        # said in other words ("Edict"), so they count only when no second hop is found.
        role = hops.asked_role(question) if hopping else None
        absent = hops.unreachable(self.retriever, [role]) if role and role not in hops.SAID_BY else []
        second = hops.second_hop(self, plan, evidence, k, first, bridge) if hopping and not absent else None
        if hopping and not second and not absent:
            absent = (
                hops.unreachable(
                    self.retriever,
                    premises.naming(question, premises.unknown_words(question[:described], self.retriever.knows)),
                )
                if described
                else []
            )
        result.timings["retrieve"] = time.perf_counter() - started
        # Shown: the documents the question names and the one their passage names, each moved
        # up into the top k if retrieval ranked it lower.
        result.passages = hops.fuse(passages, [*first, *([bridge] if bridge else [])][::-1], k)
        if absent:
            premises.not_mentioned(result, absent)
            return
        rescued = not answerable and not second and bool(evidence) and self._model_reads_answer(question, evidence)
        answerable = answerable or rescued
        if second:
            result.hops = [hops.Hop(question, None, passages[:k]), second.hop]
            result.passages = hops.fuse(result.passages, [e.passage for e in second.chosen], k)
        elif not answerable:
            self._refuse(result, question)
            return
        weights = self.retriever.term_weights(question)
        # A sentence another part already quotes, even inside a longer quote, is not quoted twice.
        fresh = [e for e in evidence if not any(_overlaps(e, span) for span in avoid)]
        if not second and fresh and evidence[0] is not fresh[0]:
            # Another part's quote holds this part's best sentence ("... and when did it reach
            # England?"). Only a sentence as close to the question is added to it, in its words, and
            # in its meaning unless it says more of what is asked: "... light flashes green" (cosine
            # 0.33) is no answer to "once the battery sign starts flashing, how long have I got?"
            # beside "When the battery symbol flashes, replace both batteries within 14 days" (0.73);
            # "It was 4.2 mmol/L on the day she went home" says what "when I went home?" asks.
            best = evidence[0]
            asked, said = set(terms(question)), set(terms(best.text))
            fresh = [
                e
                for e in fresh
                if e.score >= budget.floor * best.score
                and (e.similarity >= budget.floor * best.similarity or (asked & set(terms(e.text))) - said)
            ]
            if not fresh:
                result.refused, result.answer = False, ""  # the earlier quote answers this part
                return
        if second:  # the last hop's answer, and the first hop's sentence naming the bridge
            chosen = second.chosen
        else:
            chosen = ev_mod.choose(
                fresh,
                question,
                budget.sentences,
                budget.floor,
                lacks=lambda ev: (
                    (plan.kind == "single" and _lacks_answer(ev.text, plan, sentence_before(ev)))
                    or (plan.kind == "explanation" and _restates_without_reason(ev.text, plan.asks))
                ),
                causal=plan.kind == "explanation",
                require_new_terms=plan.kind != "list",
                reading_order=plan.kind not in ("single", "yesno"),
                rival=RIVAL if plan.kind == "single" else None,
                # A yes/no verdict is read from the sentence that says what is asked, not its referent.
                refer_back=plan.kind != "yesno",
                after_first=self._after_first(question, plan, fresh),
                taken=lambda e: any(_overlaps(e, span) for span in avoid),
                narrative=narrative,
            )
        if plan.kind == "list" and not second:
            # A list the documents write as one ("- Comfort ...", "- Eco ...") is quoted whole,
            # when one of the best sentences stands in it or introduces it.
            asked = set(terms(question))
            negated = yesno.negated(_ASIDE_ALTERNATIVE.sub("", question))
            found = _of_polarity(
                (
                    (e, items)
                    for e in fresh[:LIST_PROBE]
                    for items in [ev_mod.list_items(e, INVENTORY_MAX, asked)]
                    if items
                ),
                negated,
            )
            if found and negated and not yesno.under_denying_title(found[1][0]):
                # "What are we not allowed to do?" over "The Tenant must:" and, below it, "The
                # Tenant must not:": the list of the same document that denies as asked.
                source = found[0].passage.source
                found = next(
                    (
                        (e, items)
                        for e in fresh
                        if e.passage.source == source
                        for items in [ev_mod.list_items(e, INVENTORY_MAX, asked)]
                        if items and yesno.under_denying_title(items[0])
                    ),
                    found,
                )
            aside = _ASIDE_ALTERNATIVE.search(question)
            if found and aside and _titled_by(found[1][0], set(terms(aside.group(0)))):
                # "Which jobs are down to us rather than the landlord?" over "The landlord is
                # responsible for:" and, below it, "You are responsible for:": the list of the same
                # document whose title names no side set aside.
                source, set_aside = found[0].passage.source, set(terms(aside.group(0)))
                # Its title says what the set-aside one's does of someone else: "... responsible for:".
                parallel = set(terms(list_title(found[1][0]) or "")) - set_aside
                found = next(
                    (
                        (e, items)
                        for e in fresh
                        if e.passage.source == source
                        for items in [ev_mod.list_items(e, INVENTORY_MAX, asked)]
                        if items and not _titled_by(items[0], set_aside) and _titled_by(items[0], parallel)
                    ),
                    found,
                )
            # Else a list or a table of the things asked for, ranked lower for naming nothing else
            # asked: "- Thomas Gilchrist (1847-1869)" under "Principal keepers".
            titled = ev_mod.list_of_kind(fresh, question) if found is None else None
            titled_items = ev_mod.list_items(titled, INVENTORY_MAX) if titled else []
            found = (titled, titled_items) if titled and titled_items else found
            table = ev_mod.table_of_kind(fresh, question) if found is None else None
            items = ev_mod.list_items(table, INVENTORY_MAX, asked) if table else []
            found = found or ((table, items) if table and items else None)
            if found:
                chosen = ev_mod.items_asked(self._read_whole(found[0], found[1], asked), question)
            else:  # written in a sentence: "... pioneered by such theorists as J. A. Hobson, ..., and Norman Angell."
                probed = [
                    e for e in fresh[:LIST_SERIES_PROBE] if chosen and e.passage.source == chosen[0].passage.source
                ]
                series = ev_mod.series_of_kind(probed, question)
                carried = things_carried(question)
                written = ev_mod.series_carried(probed, carried) if carried and not series else None
                if written:
                    # "What do we need to pack for Freddie?": the sentence that says what to
                    # bring is the list; the others near it are about other things.
                    chosen = [written]
                elif series:
                    span = (series.passage.source, series.start, series.end)
                    chosen = [series, *[e for e in chosen if not _overlaps(e, span)]]
        elif plan.kind in ("single", "explanation") and not second and chosen:
            chosen = self._with_list_introduced(chosen, every=plan.kind == "explanation")
            if plan.kind == "explanation" and not any(ev_mod.CAUSAL.search(e.text) for e in chosen):
                # "Why must it be serviced every year?": the reason a few sentences on ("We ask
                # for this because ..."), when no quote gives one.
                reason = ev_mod.reason_after(chosen[0], REASON_REACH)
                if reason and not any(_overlaps(e, (reason.passage.source, reason.start, reason.end)) for e in chosen):
                    chosen = [chosen[0], reason, *chosen[1:]]
        if plan.kind in ("single", "yesno") and not second:
            for e in chosen:
                e.shown = e.shown or ev_mod.table_excerpt(e, question, lambda t: weights.get(t, 1.0))
        self.show_passages(result, chosen, k)
        generated = time.perf_counter()
        bound = time_condition(question) if plan.kind == "yesno" else None
        if bound:
            # "Was it founded before 1940?": the sentence that dates what is asked decides.
            # It is in a passage naming what is asked about, and says what is dated ("founded").
            rest = question.replace(bound[2], " ")
            names = set(terms(" ".join(mentioned_names(rest))))
            said = set(terms(rest)) - names
            dated = [e for e in fresh[:RERANK_POOL] if compose.years_in(e.text) and names <= set(terms(e.passage.text))]
            if dated:
                chosen = [max(dated, key=lambda e: (coverage(said, set(terms(e.text))), e.score))]
        # A yes/no verdict is read for the whole question, the statements that set its scene
        # included: they are often its condition ("I'm moving 40 miles away. Can I get out of
        # the contract?"), and read for the question alone the rules said "No." over a clause
        # that allows it for a move of more than 15 miles.
        verdict = (
            yesno.yes_or_no(
                question, chosen, lambda t: weights.get(t, 1.0), self._predicate_similarity(question, chosen)
            )
            if plan.kind == "yesno"
            else None
        )
        if plan.kind == "yesno" and verdict != "No" and not bound and chosen:
            # The best quote neither confirms nor denies, or confirms only in part, and a sentence
            # a little further on turns against it: "A variety of alternatives to Y. pestis have
            # been put forward. [...] However, no single alternative solution has achieved
            # widespread acceptance." The verdict reads the turn, with the best quote after it as
            # its context (a turn read after what it turns against is cut off:
            # yesno._without_contrast); each is quoted as it stands. A turn overrules a Yes
            # only by denying, and not after a concession ("Although the vote was 51.6% in
            # favour, this figure did not equal the 40% threshold": more than half did vote yes).
            best = chosen[0] if paragraph_ends_in_passage(chosen[0]) else self._in_whole(chosen[0])
            turn = ev_mod.turn_after(best, TURN_REACH, set(terms(question)))
            if turn is not None and (verdict is None or not yesno.concedes(turn.text)):
                read = replace(turn, text=f"{turn.text} {chosen[0].text}", similarity=chosen[0].similarity)
                turned = yesno.yes_or_no(question, [read], lambda t: weights.get(t, 1.0))
                if turned is not None and (verdict is None or turned == "No"):
                    chosen, verdict = [chosen[0], turn], turned
        if plan.kind == "yesno" and verdict is None and not bound:
            # The quotes chosen neither confirm nor deny, but a sentence ranked near them says
            # No in other words: "You do not need to fast before the blood test" for "Do I have
            # to skip breakfast before the blood test?".
            denial = self._denial(question, [], fresh, weights, paraphrase=True)
            if denial is not None:
                chosen, verdict = [denial, *chosen[:1]], "No"
        if verdict == "Yes" and not bound:
            denial = self._denial(question, chosen, fresh, weights)
            if denial is not None:
                chosen, verdict = [denial, *chosen[:1]], "No"
            elif (
                self.writer is not None and self.writer.llm.profile.checks_yes and self.writer.denies(question, chosen)
            ):
                verdict = "No"  # the model reads a denial the rules do not (AnswerProfile.checks_yes)
        if second:
            self._hop_answer(result, plan, second)
        elif self.writer is not None and self.writer.answers_short(plan.kind):
            self.writer.short_answer(result, plan, chosen)
            if rescued and plan.kind == "single" and plan.answer_type and not result.short_answer:
                # The model read an answer the gate did not, yet cannot name the time, number,
                # person or place asked in the quote's words: its reading is not shown ("In which
                # Lithuanian city ...?" over "... in Lithuania", where no document names the city).
                self._refuse(result, question)
        elif self.plan_writer is not None:
            self.plan_writer.generate(result, plan, chosen, evidence, verdict)
        elif plan.kind == "yesno":
            if verdict is not None:
                compose.quote(result, [_under_its_title(chosen[0]), *chosen[1:]], lead=f"{verdict}.")
                result.short_answer = verdict
        elif plan.kind == "single":
            short = compose.short_answer(question, plan.answer_type, chosen)
            compose.quote(result, compose.holding_first(chosen, short) if short else chosen)
            compose.lead_with(result, short)
        else:
            compose.quote(result, chosen, bullets=plan.kind == "list")
        result.timings["generate"] = time.perf_counter() - generated

    def _read_whole(self, ev: Evidence, items: list[Evidence], asked: set[str] | None = None) -> list[Evidence]:
        """The items of the list `ev` stands in or introduces, read in the whole document when
        the list goes on in the next chunk."""
        if items and _runs_on(items[-1]):
            return ev_mod.list_items(self._in_whole(ev), INVENTORY_MAX, asked) or items
        return items

    def _with_list_introduced(self, chosen: list[Evidence], every: bool = False) -> list[Evidence]:
        """A quote that only introduces a list ("Before you move out, you must:", "The reasons
        were:") says nothing itself: it is quoted with the list's items, which hold the answer.
        A single fact looks at its best quote; an explanation (`every`) at each, in turn."""
        for at, lead in enumerate(chosen if every else chosen[:1]):
            # An explanation's quote may run on into the list's first item ("The reasons were:\n- ..."):
            # it is quoted up to its colon, and the item as the list's first.
            runs_on = _INTRODUCES_LINES.search(lead.text) if every else None
            if runs_on:
                cut = len(lead.text[: runs_on.start() + 1].rstrip())
                lead = replace(lead, end=lead.start + cut, text=lead.text[:cut], shown="")
            if not ev_mod.LEADS_IN.search(lead.text):
                continue
            if every and not _GIVES_REASONS.search(lead.text.splitlines()[-1]):
                continue  # "The Tenant must not:": the reason is in one of its items, quoted already
            span = (lead.passage.source, lead.start, lead.end)
            items = [
                i for i in self._read_whole(lead, ev_mod.list_items(lead, INVENTORY_MAX)) if not _overlaps(i, span)
            ]
            if not items:
                continue
            rest = [
                e for e in chosen[at + 1 :] if not any(_overlaps(e, (i.passage.source, i.start, i.end)) for i in items)
            ]
            return [*chosen[:at], lead, *items, *rest]
        return chosen

    def _denial(
        self,
        question: str,
        chosen: list[Evidence],
        ranked: list[Evidence],
        weights: dict[str, float],
        paraphrase: bool = False,
    ) -> Evidence | None:
        """A sentence ranked near the best that denies what is asked on its own, where the
        quotes chosen do not: a denial weighs more than a confirmation, since a wrong Yes above
        a quote that names the subject is what misleads (yesno's module docstring). With
        `paraphrase`, only a sentence that says what is asked in other words (embedding cosine
        at least YESNO_DENSE_MIN) and negates it ("You do not need to fast") counts."""
        if not ranked:
            return None
        floor = YESNO_DENIAL_FLOOR * ranked[0].score
        # What the confirming quotes leave out of the question ("from Norman Italy"): the denial
        # must say some of it, so that it denies what they did not confirm.
        quoted = [t for c in chosen for t in terms(c.text)]
        unsaid = set(terms(question)) - set(quoted)
        # ... or what they say only in words held apart: "Buildings insurance is compulsory for
        # the whole life of the mortgage" does not say "life insurance", which a denial may.
        apart = {pair for pair in pairs(terms(question)) if set(pair) <= set(quoted)} - pairs(quoted)
        idf = lambda t: weights.get(t, 1.0)  # noqa: E731
        for e in ranked[:YESNO_DENIAL_POOL]:
            if e.score < floor:
                break
            if paraphrase and (e.similarity < YESNO_DENSE_MIN or not yesno.negates(e.text, question)):
                continue
            said = terms(yesno.under_denial(e))  # with a denying list title: "Not included in this price"
            if not unsaid & set(said) and not apart & pairs(said):
                continue  # it denies something else: "neither Tesla nor Edison won the prize"
            if any(_overlaps(e, (c.passage.source, c.start, c.end)) for c in chosen):
                continue
            if yesno.denies_alone(question, e, idf, self._predicate_similarity(question, [e])):
                return e
        return None

    def _refuse(self, result: Answer, question: str) -> None:
        """The refusal for weak evidence, naming the question's words no document holds; a
        composed answer (one the model's reading let through) is turned back into it."""
        result.refused, result.answer, result.short_answer = True, REFUSAL, None
        result.citations, result.claims = [], []
        absent = premises.not_found(self.retriever, question)
        if absent:
            premises.no_such_words(result, absent)

    def _predicate_similarity(self, question: str, chosen: list[Evidence]) -> float | None:
        """How close the best quote is to what the question asks of its subject: the question
        without the name it opens with ("Did Luther marry?" -> "Did marry?"), by embedding. A
        quote close to the question only for naming its subject is not close to this."""
        names = subject_names(question)
        if not chosen or not names:
            return None
        asked, quote = self.embedder.embed([question.replace(names[0], " ", 1), chosen[0].text])
        return float(asked @ quote)

    def _hop_answer(self, result: Answer, plan: Plan, second: hops.Found) -> None:
        """The last hop's short answer (never the bridge), then both hops' sentences."""
        chosen = second.chosen
        # The rules look for the asked type in the last hop's sentence, the bridge counted
        # as asked so that "Jane Roe was born in Leeds" answers Leeds, not Jane Roe.
        short = compose.short_answer(f"{plan.asks} {second.bridge}", plan.answer_type, [second.answer])
        if self.writer is not None and not self.writer.llm.profile.sees_passages:
            self.writer.short_answer(result, plan, chosen, exclude=second.bridge)
            if result.short_answer:
                return
        compose.quote(result, chosen)
        compose.lead_with(result, short)

    def _after_first(
        self, question: str, plan: Plan, ranked: list[Evidence] | None = None
    ) -> Callable[[str, str], bool] | None:
        """For a single fact whose best sentence refers back ("He is also the oldest quarterback
        ... at age 39"), whether its one free slot goes to the sentence after rather than the
        referent before: the one closer to the question by embedding ("The past record was held
        by John Elway ... at age 38" for "At what age did the previous oldest quarterback win?").
        Not for a person: the referent is then likely the answer ("Who is the oldest ...?")."""
        if plan.kind != "single" or not AFTER_OVER_REFERENT or plan.answer_type == "person":
            return None

        # Sentences ranking embedded already keep their similarity: only the others are embedded.
        known = {e.text: e.similarity for e in ranked or [] if e.similarity}

        def closer(before: str, after: str) -> bool:
            missing = [t for t in (before, after) if t not in known]
            if missing:
                vectors = self.embedder.embed(missing) @ self.retriever.query_vector(question)  # type: ignore[operator]
                known.update(zip(missing, (float(v) for v in vectors)))
            return known[after] > known[before]

        return closer

    @staticmethod
    def show_passages(result: Answer, chosen: list[Evidence], k: int) -> None:
        """The passages shown: the top k, plus any a quote comes from beyond them."""
        shown = {p.id for p in result.passages}
        for ev in chosen:
            if ev.passage.id not in shown:
                result.passages.append(ev.passage)
                shown.add(ev.passage.id)

    # ------------------------------------------------------------ summaries

    def _opening(self, source: str) -> str:
        """A document's first lines: where a report, minutes or a letter say what they are."""
        return self.retriever.store.first_chunk_text(source)[:OPENING_CHARS]

    def _summary(
        self,
        result: Answer,
        plan: Plan,
        k: int,
        length: str,
        documents: dict[str, str],
        named: list[str],
        opening: Callable[[str], str],
    ) -> None:
        """A whole document, every passage about a topic, or an overview of the documents
        (`documents`: every document's title; `named`: those the topic names; `opening`: a
        document's first lines, read once per question)."""
        budget = LENGTH_WORDS[length]
        if plan.topic and not named and len(documents) == 1 and DOCUMENT_NOUN.search(plan.topic):
            named = list(documents)  # "Summarize the quarterly report" of a store that holds one
        if named or (plan.topic is None and len(documents) == 1):
            passages = self._whole(named or list(documents))
        elif plan.topic is None:
            self._overview(result, documents, budget)
            return
        else:
            # "What does the travel policy say about flying?" is asked of that one document.
            source = summary_source(plan.asks)
            within = topics.asked_of(source, documents, opening) if source else []
            if not within:  # "the travel policy on flying": flying, in the travel policy
                within, part = topics.document_and_topic(plan.topic, documents, opening)
                plan = replace(plan, topic=part or plan.topic)
            self._topic_summary(result, plan, k, budget, set(within))
            whole = [] if result.citations or within else topics.by_file_name(plan.topic or "", documents)
            unknown = set(premises.unknown_words(plan.topic or "", self.retriever.knows))
            known = " ".join(w for w in (plan.topic or "").split() if w.strip(".,;:?!") not in unknown)
            if not result.citations and not whole and unknown and set(terms(known)):
                # Words no document holds may be the asker's, not the documents' ("our
                # self-hosted setup" of release notes that say "host their own Sync Server"):
                # the topic is then what they do hold.
                self._topic_summary(result, replace(plan, topic=known), k, budget, set(within))
            if not whole:
                return
            # Nothing is about "our latest gas and electric bill" but the document itself
            # (energy_bill.md): a topic whose last word, or two of whose words, name one
            # document's file is that document.
            passages = self._whole(whole)
        if not passages:
            return
        weights = self._document_weights(passages)
        chosen = summarize_document(sentences_of(passages), budget, lambda t: weights.get(t, 1.0))
        if not chosen:
            return
        result.passages = passages[:k]
        self.show_passages(result, chosen, k)
        generated = time.perf_counter()
        if self.plan_writer is not None:
            self.plan_writer.generate(
                result, Plan("summary", plan.question, plan.asks, topic=plan.topic), chosen, chosen
            )
        else:
            compose.quote(result, ev_mod.in_reading_order(chosen))
        result.timings["generate"] = time.perf_counter() - generated

    def _inventory_of(self, plan: Plan) -> tuple[str, list[str]] | None:
        """The kind an inventory question lists and the documents it reads ("Which countries
        are mentioned in the Luther article?": "country", the Luther article), when nothing
        else it says but a document's name narrows it; every document when it names none."""
        asked = inventory.asked_kind(plan.asks) if plan.kind in ("list", "single") else None
        if asked is None:
            return None
        kind, rest = asked
        sources = self._titled(rest) if rest else list(self.retriever.store.documents())
        if not sources and DESCRIBED_DOCUMENT.search(plan.asks):
            sources = list(self.retriever.store.documents())  # "the article on ...": those retrieval finds
        return (kind, sources) if sources else None

    def _titled(self, words: set[str]) -> list[str]:
        """The documents whose title or file name holds all these terms ("martin", "luther")."""
        return [
            source
            for source, title in self.retriever.store.documents().items()
            if words <= topics.name_terms(source, title)
        ]

    def _inventory(self, result: Answer, plan: Plan, kind: str, sources: list[str], k: int) -> None:
        """ "Which countries are mentioned?": every one the documents name, each with the first
        sentence naming it. The documents read whole: up to INVENTORY_DOCUMENTS of `sources`,
        else the ones retrieval finds first."""
        if len(sources) > INVENTORY_DOCUMENTS:
            retrieved = [p.source for p in self.retriever.retrieve(plan.asks, k)]
            sources = list(dict.fromkeys(retrieved))[:INVENTORY_DOCUMENTS]
        passages = self._whole(sources)
        found = inventory.inventory(sentences_of(passages), kind, INVENTORY_MAX)
        result.passages = passages[:k]
        if not found:
            return
        chosen = [sentence for _, sentence in found]
        self.show_passages(result, chosen, k)
        compose.quote(result, chosen, bullets=True, labels=[label for label, _ in found])

    def _topic_summary(self, result: Answer, plan: Plan, k: int, budget: int, within: set[str]) -> None:
        """Every passage about the topic (hybrid retrieval plus every BM25 mention; only those
        of the documents `within`, when it names some), the sentences about it, then the most
        central of those within the budget."""
        assert plan.topic is not None
        pool = self.retriever.retrieve(plan.topic, RERANK_POOL * 3)
        known = {p.id for p in pool}
        pool += [p for p in self.retriever.mentions(plan.topic, MENTIONS_POOL) if p.id not in known]
        pool = [p for p in pool if p.source in within] or pool
        ranked = self.rank_evidence(plan.topic, pool, embed_limit=TOPIC_EMBED)
        passages = ev_mod.merge_overlapping(ev_mod.rerank_by_evidence(pool, ranked), ranked)
        result.passages = passages[:k]
        if not ranked or not self.supported(ranked, pool):
            return
        # About the topic: its paragraph (with the document's title) holds most of the topic's
        # weight in words (TOPIC_COVERAGE, or nearly as much as the paragraph that holds most),
        # and the sentence itself says part of it or says it in other words. In "Apollo
        # program", a paragraph on "the fire" is about "the Apollo 1 fire"; a sentence on
        # private schools in Germany is not about "private schools in India".
        topic_terms, topic_weights = set(terms(plan.topic)), self.retriever.term_weights(plan.topic)
        context = {
            id(e): coverage(
                topic_terms,
                set(terms(" ".join((e.text, paragraph_of(e), topics.title_words(e.passage.title))))),
                lambda t: topic_weights.get(t, 1.0),
            )
            for e in ranked
            if e.coverage >= TOPIC_SAYS or e.similarity >= TOPIC_SIMILARITY
        }
        # A name in the topic ("Jacksonville's climate") is what it is about: a paragraph on the
        # climate of another place, in a document that never names Jacksonville, is not. (Its
        # own paragraph need not: "the fire" of "Apollo program" is the Apollo 1 fire.)
        named = set(terms(" ".join(mentioned_names(plan.topic))))
        naming = {p.source for p in pool if named <= set(terms(f"{p.title} {p.text}"))}
        for e in ranked:
            if id(e) in context and named and e.passage.source not in naming:
                del context[id(e)]
        enough = min(TOPIC_COVERAGE, TOPIC_RELATIVE * max(context.values(), default=0.0))
        about = [e for e in ranked if context.get(id(e), -1.0) >= enough and not ev_mod.is_heading(e.text)]
        home = topics.home_paragraph(about, topic_terms, lambda t: topic_weights.get(t, 1.0))
        if home:  # every sentence of the paragraph that opens on the topic is a candidate
            about += [e for e in ranked if topics.paragraph_key(e) == home and e not in about]
        head_terms = set(terms(topics.PRONOUN_CLAUSE.sub("", plan.topic))) or topic_terms
        section = topics.home_section(ranked, head_terms, lambda t: topic_weights.get(t, 1.0))
        if section:  # a heading names the topic ("CLAIMING EXPENSES"): its section tells it
            about = section
        if sum(len(e.text.split()) for e in about) < budget:
            about += topics.paragraph_mates(about, ranked)
        about = topics.once(about)  # a sentence of two overlapping chunks would spend the budget twice
        weights = self._document_weights(passages)
        chosen = summarize(about, budget, lambda t: weights.get(t, 1.0), relevance=True)
        if not chosen:
            return
        self.show_passages(result, chosen, k)
        if self.plan_writer is not None:
            self.plan_writer.generate(result, plan, chosen, chosen)
        else:
            compose.quote(result, ev_mod.in_reading_order(chosen))

    def _overview(self, result: Answer, documents: dict[str, str], budget: int) -> None:
        """An overview of several documents: each one's most central sentences."""
        picked: list[Evidence] = []
        shown = list(documents)[:OVERVIEW_DOCUMENTS]
        for source in shown:
            passages = self._whole([source])
            weights = self._document_weights(passages)
            picked += summarize(sentences_of(passages), max(20, budget // len(shown)), lambda t: weights.get(t, 1.0))[
                :2
            ]
            result.passages += passages[:1]
        if picked:
            compose.quote(result, picked, bullets=True)

    def _in_whole(self, ev: Evidence) -> Evidence:
        """The sentence as one of its whole document's text, not only of its chunk's."""
        for passage in self._whole([ev.passage.source]):
            if passage.start <= ev.start and ev.end <= passage.start + len(passage.text):
                return replace(ev, passage=passage)
        return ev

    def _whole(self, sources: list[str]) -> list[Passage]:
        """The documents read whole: their chunks in order, overlapping neighbours merged."""
        return ev_mod.merge_overlapping(
            [passage_from_row(r) for r in self.retriever.store.document_chunks(sources)], []
        )

    def _document_weights(self, passages: list[Passage]) -> dict[str, float]:
        return self.retriever.term_weights(" ".join(p.text for p in passages), asked=False)

    # ------------------------------------------------------------ comparisons


# "How long", "how much": the kind of answer a part asks for, not words a quote must say.
_HOW_WORD = re.compile(rf"\bhow\s+(?:{'|'.join((*HOW_QUANTITY, 'soon'))})\b", re.I)


# A later part that asks more of what an earlier part named: "when are they due?", "do we get
# either of them back?", "when does it have to be back?".
_REFERS_BACK = re.compile(r"\b(?:it|its|they|them|their|these|those)\b", re.I)


# A line of a quote that introduces what the next lines list: "The reasons were:".
_INTRODUCES_LINES = re.compile(r"[:：]\s*\n")
# A line that introduces reasons: "This one is £166.83 higher, for two reasons:".
_GIVES_REASONS = re.compile(r"\b(?:reasons?|because|causes?|why|due\s+to)\b", re.I)


def _typed_beyond(sub: Answer, answers: list[Answer]) -> bool:
    """Do the other parts' quotes hold what this refused part asks for (a time, a number)
    besides their own short answers? Rows quoted for "When do I pick the car up?" hold the
    return date too; "The documents don't say: When does it have to be back?" would deny it."""
    asked = sub.plan.get("answer_type")
    if not isinstance(asked, str):
        return False
    others = [a for a in answers if a is not sub and not a.refused]
    told = {(a.short_answer or "").lower() for a in others}
    return any(
        c.quote[start:end].lower() not in told
        for a in others
        for c in a.citations
        for start, end in typed_spans(c.quote, asked, sub.question)
    )


# "... get the installer out rather than sort it myself?": what the asked list is set against,
# not what it is of, so no negation of it.
_ASIDE_ALTERNATIVE = re.compile(r"\b(?:rather\s+than|instead\s+of|without)\b.*", re.I)


def _titled_by(item: Evidence, words: set[str]) -> bool:
    """Does the title of the item's list name any of the words ("The landlord is responsible
    for:" names "landlord")?"""
    return bool(words & set(terms(list_title(item) or "")))


def _of_polarity(
    lists: Iterable[tuple[Evidence, list[Evidence]]], negated: bool
) -> tuple[Evidence, list[Evidence]] | None:
    """The first list whose heading denies as the question does, else the first list: "What
    does the price not include?" is answered by the list under "### Not included in this
    price", not by the price table above it, which ranks higher for "including"; "What does
    the price include?" by the price table."""
    first = None
    for found in lists:
        if yesno.under_denying_title(found[1][0]) == negated:
            return found
        first = first or found
    return first


def _under_its_title(item: Evidence) -> Evidence:
    """A list item quoted from the line its list stands under: "Yes." over "- you being called
    for jury service;" alone does not say what the list is of. The lines between are left out
    of what is shown ("We will pay for ... because of: … you being called for jury service;")."""
    title = list_title(item)
    base = item.passage.start
    at = item.passage.text.rfind(title, 0, item.start - base) if title else -1
    if at < 0:
        return item
    quoted = grow(item, base + at, item.end)
    between = item.passage.text[at + len(title) : item.start - base]
    quoted.shown = f"{title} {item.text}" if not between.strip() else f"{title} {ELLIPSIS} {item.text}"
    return quoted


def _runs_on(last: Evidence) -> bool:
    """Is a list's last item found the last line of its chunk, so the list may go on in the next?"""
    return not last.passage.text[last.end - last.passage.start :].strip()


def _overlaps(sentence: Evidence, span: Span) -> bool:
    source, start, end = span
    return sentence.passage.source == source and sentence.start < end and start < sentence.end


def _restates_without_reason(text: str, question: str) -> bool:
    """Does a sentence only say what a "why" asks about, not why ("Kublai's government faced
    financial difficulties after 1279." for "What caused the financial difficulties of
    Kublai's government after 1279?")? The reason is then told in the sentence after ("Wars
    and construction projects had drained the Mongol treasury."). Nor does a rule or an
    instruction ("Fireworks and sky lanterns are not allowed anywhere on the farm." for "Why
    aren't we allowed fireworks?"): the sentence after gives its reason ("Horses are kept in
    the next field and startle easily ...")."""
    if ev_mod.DIRECTIVE.search(text):
        # "not allowed" gives no reason; "...: your hands are too far from the brakes" does.
        return not (ev_mod.reason_after_rule(text) or ev_mod.CAUSAL.search(ev_mod.DIRECTIVE.sub(" ", text)))
    return restates(text, question, RESTATES_REASON) and not ev_mod.CAUSAL.search(text)


# A sentence whose subject is a person said as a pronoun ("He is also ...", "His Liber servitoris ...").
_PERSON_PRONOUN = re.compile(r"^\s*[“\"]?(?:he|she|his|her)\b", re.I)


def _lacks_answer(text: str, plan: Plan, before: str = "") -> bool:
    """Does a sentence visibly lack what the question asks for: a time, number or name, or
    anything beyond the question's own words ("That the plague was caused by bad air became
    the most widely accepted theory" for "What is the idea that bad air caused the plague
    called today?": the next sentence names it)? Not a "who" whose sentence says "he" or "she"
    of its subject: the sentence `before` names that person ("Peyton Manning became ... He is
    also the oldest quarterback ..."), unless the question names that one itself ("Prior to
    Manning, who was the oldest quarterback ...?": the answer is someone else)."""
    if plan.answer_type == "person" and _PERSON_PRONOUN.match(text):
        opening = next(iter(mentioned_names(before)), "")  # the referent, where the sentence opens with it
        referent = set(opening.split()) if before.lstrip().startswith(opening) else set()
        if not referent & {word for name in mentioned_names(plan.asks) for word in name.split()}:
            return False
    if plan.answer_type is not None and typed_answer(text, plan.answer_type, plan.asks) is None:
        return True
    if plan.answer_type in ("time", "number", "phone"):
        # The time or number asked is said, though its other words are the question's: "| Holiday
        # cancellation form | £35 |" has its answer, and the next row is another record.
        return False
    return restates(text, plan.asks, RESTATES)


def _gives_a_number_to_ring(best: Evidence, question: str) -> bool:
    """Does the best sentence give a telephone number, close enough to the question by embedding
    (PHONE_DENSE_MIN)? "What number do I ring to report it?" is answered in the document's words
    ("To make a claim or report an accident, call 0808 157 0412"), which share few of the asker's."""
    return best.similarity >= PHONE_DENSE_MIN and has_type(best.text, "phone", question)


def _names_its_row(best: Evidence, question: str, answer_type: str | None) -> bool:
    """Is the best sentence a table's row or a form's field whose label the question names in
    full, holding what a typed question asks? "| Holiday cancellation form | £35 |" answers "I
    had to cancel a holiday ... and the insurers want the doctor to fill in their form. How much
    does the surgery charge for that?", whose other words are the asker's story. A label of one
    word ("Rent") is named by too many questions that ask something else (ROW_LABEL_TERMS)."""
    named = set(terms(row_label(best.text)))
    if len(named) < ROW_LABEL_TERMS or not named <= set(terms(question)):
        return False
    return answer_type is None or has_type(best.text, answer_type, question)


def _gives_a_reason(evidence: list[Evidence]) -> bool:
    """Does one of the best sentences give a reason (`evidence.CAUSAL`) close to the question
    by embedding (REASON_DENSE_MIN)? A why-question's answer is a reason in the document's words."""
    return any(ev_mod.CAUSAL.search(e.text) and e.similarity >= REASON_DENSE_MIN for e in evidence[:TYPE_WINDOW])
