"""Questions asked of two sides: "Are both A and B X?" (a conjunction) and "Which came
first, A or B?" / "How does A differ from B?" (a comparison).

Each side is retrieved and answered on its own; the code, not a model, combines them: Yes
only when the documents say it of both, No when they deny it of either; years compared as
numbers. A side the documents are silent on is named. A thing compared with what it was ("...
more or less than it was last year?") is one side, not two: the one quote that states the change
answers it (`changed`).
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from itertools import zip_longest
from typing import TYPE_CHECKING

from assistant.answering import compose, yesno
from assistant.answering import evidence as ev_mod
from assistant.answering.check import inert
from assistant.answering.plans import Plan, classify, difference_sides, is_yes_no_form, last_question, time_condition
from assistant.answering.result import Answer, Citation, Claim, Evidence
from assistant.answering.tuning import (
    CHANGE_MIN,
    CHANGE_REACH,
    COMPARED_MORE,
    RERANK_POOL,
    ROW_LABEL_TERMS,
    SIDE_MIN,
    YESNO_MIN,
)
from assistant.config import REFUSAL
from assistant.text import STOPWORDS, changes, coverage, row_label, sentence_lines, table_cells, tables, terms

if TYPE_CHECKING:
    from assistant.answering.answerer import Answerer


def conjunction(answerer: Answerer, plan: Plan, k: int, length: str) -> Answer:
    """ "Are both A and B X?": each side asked on its own retrieval; Yes when the
    documents say so of both, No when they deny it of either (that side quoted
    first), else the documents don't say, naming the side they are silent on."""
    # Each part is a yes/no question, whatever else its words suggest ("Did A open before
    # the Second World War?" is not a comparison of A with the war).
    answers = [answerer.answer_plan(replace(classify(part), kind="yesno", sides=()), k, length) for part in plan.parts]
    # A side's verdict counts only when one of its quotes is about that side and says what
    # is asked of it: "the Huguenots" is not answered by a sentence about the Methodist
    # movement, nor "came from England" by a sentence naming Manakin Town alone.
    weights = answerer.retriever.term_weights(plan.asks)
    said_by = [
        next(
            (c for c in a.citations if _about(side, _context_of(a, c)) and _says(part, side, c.quote, weights)),
            None,
        )
        if not a.refused
        else None
        for part, side, a in zip(plan.parts, plan.sides, answers)
    ]
    verdicts = [a.short_answer if c is not None else None for a, c in zip(answers, said_by)]
    result = answerer.new_answer(plan)
    for a in answers:
        result.read_as.update(a.read_as)
    for key in ("retrieve", "generate"):
        result.timings[key] = sum(a.timings.get(key, 0.0) for a in answers)
    seen: set[str] = set()
    # Each side's best passages alternate, so both sides are in the top k.
    paired = [p for pair in zip_longest(*(a.passages for a in answers)) for p in pair if p is not None]
    result.passages = [p for p in paired if compose.first_time(p.id, seen)][:k]
    if "No" in verdicts:  # the side the documents deny it of first, then the other if known
        order = sorted((i for i, v in enumerate(verdicts) if v), key=lambda i: verdicts[i] != "No")
        lead = "No"
    elif all(v == "Yes" for v in verdicts):
        order, lead = list(range(len(answers))), "Yes"
    else:
        silent = [side for side, v in zip(plan.sides, verdicts) if v is None]
        result.missing = [m for a in answers for m in a.missing]
        result.answer = f"The documents don't say this of {compose.join_or(silent)}." if silent else REFUSAL
        return result
    evidence = [c for i in order for c in [said_by[i]] if c is not None]
    result.refused = False
    result.short_answer = lead
    labels = [plan.sides[i][:1].upper() + plan.sides[i][1:] for i in order]
    result.citations = [replace(c, n=n) for n, c in enumerate(evidence, start=1)]
    result.claims = [Claim(c.quote, [c.n], True, 1.0) for c in result.citations]
    quotes = " ".join(
        f"{label}: {inert(compose.plain_quote(c.quote))} [{c.n}]" for label, c in zip(labels, result.citations)
    )
    result.answer = f"{lead}. {quotes}"
    return result


def comparison(answerer: Answerer, result: Answer, plan: Plan, k: int) -> None:
    """One retrieval per side; each side's best sentence quoted; years compared by code."""
    sides = plan.sides
    rest = plan.asks
    for side in sides:
        rest = re.sub(re.escape(side), " ", rest, flags=re.I)
    rest = re.sub(
        r"\b(?:compare[sd]?|differ\w*|difference\w*|between|versus|vs|similar\w*|which|how|what|"
        r"is|are|was|were|did|does|do|or|and)\b",
        " ",
        rest,
        flags=re.I,
    )
    chosen: list[Evidence] = []
    dated_sides = 0  # sides whose quote dates that side, for "which came first?"
    started = time.perf_counter()
    for side, other in zip(sides, sides[::-1]):
        # "Scheele" vs "Priestley's discovery of oxygen": each side is asked with the common
        # words the other names ("discovery of oxygen"). Only a side named by a name has
        # common words beside it: "deacons" (vs "elders") is what that side is, and asking
        # "elders deacons" finds the sentences naming both, which describe neither.
        named = re.search(r"\b[A-Z]", other)
        common = " ".join(w for w in re.findall(r"\b[a-z][\w-]+", other) if w not in STOPWORDS) if named else ""
        question = " ".join(f"{side} {common} {rest}".split())
        _, passages, evidence, answerable = answerer.gather(question, k, RERANK_POOL)
        side_terms = set(terms(side))
        # Two sides sharing a noun ("British imperialism", "French imperialism") differ by
        # their own words: a sentence naming only the shared one is about neither.
        own_terms = side_terms - set(terms(other)) or side_terms
        # "last" of "last year's council tax" against "this year's ...": a word that points at
        # the side does not pick its sentence ("The last person to leave must lock the gate").
        own_terms = {t for t in own_terms if not _POINTS.fullmatch(t)}
        about = [e for e in evidence if side_terms and side_terms <= set(terms(e.text))] or [
            e for e in evidence if set(terms(e.text)) & own_terms
        ]
        about = _labelled_first(_own_first(about, side_terms, set(terms(other)) - side_terms), own_terms, side_terms)
        if compose.asks_order(plan.asks):
            # "Which was founded first?": the side's sentence with a year, though it says
            # "the company" ("The company was founded in 1950"): its passage is about the side.
            wanted = compose.compared_terms(rest)
            # "Later in the summer, Kenyatta visited China": dated by the sentence before.
            dated = [
                e
                for e in (
                    ev_mod.with_context(e, carry_on=False) if ev_mod.dated_before(e.text) else e
                    for e in evidence[:RERANK_POOL]
                )
                if compose.years_in(e.text) and compose.dates_what(rest, e.text) and _dates_side(side_terms, e)
            ]
            # What is dated ("founded", not "opened") first, then the side named.
            dated.sort(
                key=lambda e: -(2 * coverage(wanted, set(terms(e.text))) + coverage(side_terms, set(terms(e.text))))
            )
            about = dated[:1] + about
            dated_sides += bool(dated)
        if not answerable or not about:
            result.timings["retrieve"] = time.perf_counter() - started
            result.missing = [side]
            result.answer = f"The documents don't say enough about {side} for a comparison."
            return
        chosen.append(ev_mod.with_context(about[0]))
        result.passages += [p for p in passages[: max(1, k // 2)] if p not in result.passages]
    result.timings["retrieve"] = time.perf_counter() - started
    answerer.show_passages(result, chosen, k)
    chosen = quoted_once(chosen)
    chosen += _also_comparing(chosen, sides)
    # Years are compared only when each side's quote dates that side: a year from another
    # sentence ("In 1955, ... the university's ...") would make a confident wrong answer.
    verdict = compose.order_verdict(plan.asks, sides, chosen, rest) if dated_sides == len(sides) else None
    verdict = verdict or compose.amount_verdict(plan.asks, sides, chosen)
    if verdict is None and len(chosen) == 1 and is_yes_no_form(plan.asks):
        # "Does A evaporate more slowly than B?" and one sentence compares both: it says yes or no.
        weights = answerer.retriever.term_weights(plan.asks)
        said = yesno.yes_or_no(plan.asks, chosen, lambda t: weights.get(t, 1.0))
        verdict = f"{said}." if said else None
    if answerer.plan_writer is not None and verdict is None:
        answerer.plan_writer.generate(result, plan, chosen, chosen)
        return
    labels = _labels(sides) if len(chosen) == 2 else None
    compose.quote(result, chosen, lead=verdict or "", labels=labels)
    lead = re.match(r"(Yes|No)\.", verdict or "")
    if lead:
        result.short_answer = lead.group(1)


# "each month", "a year": which of a row's sums is asked ("| Off-Peak | £31 | £335 |" under
# "| Membership | Monthly | Yearly |").
_PERIOD = re.compile(r"\b(?:each|a|per|every)\s+(?P<unit>month|year|week|day|term|night)\b", re.I)
_PERIOD_HEADER = {
    "month": r"month",
    "year": r"year|annual|annum",
    "week": r"week",
    "day": r"day|daily",
    "term": r"term",
    "night": r"night",
}


def difference(answerer: Answerer, result: Answer, plan: Plan, k: int) -> bool:
    """ "How much cheaper was the patch repair than full resurfacing?": each side's one sum, from
    a quote that names that side, and their difference computed by code: "£12,900 less for the
    patch repair (£3,900, against £16,800 for full resurfacing)." Nothing is answered (False)
    where a side has no sum of its own: one sentence may then state both, and the plain answer
    quotes it."""
    asked = difference_sides(plan.asks)
    if not asked:
        return False
    a, b = asked
    rest = plan.asks
    for side in (a, b):
        rest = re.sub(re.escape(side), " ", rest, flags=re.I)
    period = _PERIOD.search(plan.asks)
    started = time.perf_counter()
    chosen: list[Evidence] = []
    sums: list[float] = []
    passages = []
    for side, other in ((a, b), (b, a)):
        # No gate: the sum must come from a quote that names the side.
        _, found, evidence, _ = answerer.gather(f"{side} {rest}", k, RERANK_POOL)
        side_terms = set(terms(side)) - set(terms(other))
        if not side_terms:
            return False
        said = next(
            (
                (e, value)
                for e in evidence[:RERANK_POOL]
                for value in [_sum_of(e, side_terms, period.group("unit") if period else None)]
                if value is not None
            ),
            None,
        )
        if said is None:
            return False
        chosen.append(said[0])
        sums.append(said[1])
        passages += [p for p in found[: max(1, k // 2)] if p not in passages]
    if sums[0] == sums[1] or chosen[0] is chosen[1]:
        return False
    result.timings["retrieve"] = time.perf_counter() - started
    result.passages = passages
    gap = abs(sums[0] - sums[1])
    pence = any(v != int(v) for v in (*sums, gap))

    def money(v: float) -> str:
        return f"£{v:,.2f}" if pence else f"£{v:,.0f}"

    # The side asked of first ("How much cheaper was the patch repair ...") is what the lead is about.
    word = "more" if sums[0] > sums[1] else "less"
    lead = f"{money(gap)} {word} for {a} ({money(sums[0])}, against {money(sums[1])} for {b})."
    answerer.show_passages(result, chosen, k)
    compose.quote(result, chosen, lead=lead, labels=_labels((a, b)))
    result.short_answer = money(gap)
    return True


def _sum_of(ev: Evidence, side_terms: set[str], period: str | None) -> float | None:
    """The one sum of money the quote gives its side: a sentence naming the side and holding
    one sum ("Ruairi proposed a cheaper patch repair at £3,900 instead."), or a table row whose
    first cell names it, in the column of the period asked ("£31" of "| Off-Peak | ... | £31 |
    £335 |" under "| Membership | ... | Monthly | Yearly |" for "each month")."""
    header = ev_mod.row_header(ev)
    cells = (table_cells(ev.text) or tables.cells(ev.text)) if header else None
    if cells:
        heads = table_cells(header) if header and header.startswith("|") else (header or "").split("; ")
        named = set(terms(cells[0])) | set(terms(heads[0] if heads else ""))
        if not side_terms <= named:
            return None
        priced = [
            (i, c) for i, c in enumerate(cells) if compose.MONEY.fullmatch(c.strip().split()[0] if c.strip() else "")
        ]
        if len(priced) > 1 and period and heads and len(heads) == len(cells):
            wanted = re.compile(_PERIOD_HEADER[period.lower()], re.I)
            priced = [(i, c) for i, c in priced if wanted.search(heads[i])]
        values = [compose.MONEY.match(c.strip()) for _, c in priced]
        return compose.money_value(values[0].group(0)) if len(values) == 1 and values[0] else None
    if not side_terms <= set(terms(ev.text)):
        return None
    found = {m.group(0) for m in compose.MONEY.finditer(ev.text)}
    return compose.money_value(found.pop()) if len(found) == 1 else None


# The words of a comparison over time that name nothing of the thing compared.
_OVER_TIME_TERMS = frozenset(
    terms(
        "last year years time previous previously before now current new old used compare compared comparison "
        "more less higher lower cheaper dearer gone go went up down risen rise differ different difference than "
        "much many"
    )
)


def changed(answerer: Answerer, result: Answer, plan: Plan, k: int) -> bool:
    """ "Is the dog charge more or less than it was last year?": answered by the one quote that
    says what it was and what it is ("The dog charge has gone up from £25 to £35"), where one of
    the best says so of what is asked; asked as two sides, "last year" alone finds nothing of
    its own. A single fact asked of what it was ("How much was the dog charge last year?") is
    answered by what the quote says it was ("£25"), where the best quote otherwise would give
    what it is now. False, with `result` untouched, where no quote states a change."""
    started = time.perf_counter()
    # The refusal gate is not asked: the words of the scene and of the comparison ("We're bringing
    # the dog again. Is the charge for him more or less than it was last year?") weigh against
    # every sentence; the quote must hold the thing's own words, and state a change.
    _, passages, evidence, _ = answerer.gather(plan.asks, k, RERANK_POOL)
    weights = answerer.retriever.term_weights(plan.asks)
    # What is compared is named in the question, not in the statements that set its scene ("We're
    # bringing the dog again."), which rank the quotes (searched with the whole) but say what is
    # not asked of them.
    thing = set(terms(last_question(plan.asks))) - _OVER_TIME_TERMS
    found = []
    for rank, ev in enumerate(evidence[:CHANGE_REACH]):
        header = ev_mod.row_header(ev)
        change = changes.change_in(ev.text) or changes.row_change(ev.text, header)
        said = set(terms(f"{ev.text} {header or ''} {_heading_above(ev)}"))
        share = coverage(thing, said, lambda t: weights.get(t, 1.0))
        if change and share >= CHANGE_MIN:
            found.append((share, -rank, ev, change))
    if not found:
        return False
    _, _, ev, change = max(found, key=lambda f: f[:2])  # the most of the thing named, then the best ranked
    result.timings["retrieve"] = time.perf_counter() - started
    result.passages = passages[:k]
    answerer.show_passages(result, [ev], k)
    asks_which = compose.asks_more(plan.asks) or compose.asks_less(plan.asks)
    if plan.kind == "single" and not asks_which:  # "How much was the dog charge last year?": what it was
        compose.quote(result, [ev])
        compose.lead_with(result, change.before)
        return True
    lead = _change_lead(plan.asks, change)
    by = _difference(change) if plan.kind == "single" and lead else None
    if by:  # "How much more is the dog charge than last year?": "£10 more now: £35, against £25 before."
        lead = f"{by} {lead[0].lower()}{lead[1:]}"
    compose.quote(result, [ev], lead=lead)
    if by:
        result.short_answer = by
    return True


def _difference(change: changes.Change) -> str | None:
    """ "£10" between "£25" and "£35": by how much two sums of money differ; None for others."""
    before, after = changes.amount(change.before), changes.amount(change.after)
    if before is None or after is None or not (change.before.startswith("£") and change.after.startswith("£")):
        return None
    by = abs(after - before)
    return f"£{by:,.2f}".replace(".00", "") if by else None


def _heading_above(ev: Evidence) -> str:
    """The heading of the section the evidence is in, within its passage ("## 2. Your council
    tax for 2026/27" over "The full charge for a Band C home rises from ..."), else ""."""
    before = ev.passage.text[: ev.start - ev.passage.start].splitlines()
    return next((line for line in reversed(before) if line.strip() and ev_mod.is_heading(line.strip())), "")


def _change_lead(question: str, change: changes.Change) -> str:
    """ "More now: £35, against £25 before." ("Yes." first where the question asks whether it
    is more); "" where the two cannot be compared as numbers."""
    before, after = changes.amount(change.before), changes.amount(change.after)
    if before is None or after is None or before == after or ":" in change.before + change.after:
        return ""
    clock = re.search(r"[ap]\.?m\b", change.before + change.after, re.I)
    word = ("Later" if after > before else "Earlier") if clock else ("More" if after > before else "Less")
    lead = f"{word} now: {change.after}, against {change.before} before."
    more, less = compose.asks_more(question), compose.asks_less(question)
    if is_yes_no_form(question) and more != less:
        return f"{'Yes' if (after > before) == more else 'No'}. {lead}"
    return lead


# Words by which a sentence compares what it names ("Unlike elders, deacons ...").
_CONTRASTS = re.compile(r"\b(?:unlike|whereas|while|than|instead|rather|but|differ\w*|same|both|similar\w*)\b", re.I)


def _own_first(about: list[Evidence], side_terms: set[str], other_terms: set[str]) -> list[Evidence]:
    """A side's sentences, one about this side alone first when the best names both sides
    joined ("ordained by bishops as elders and deacons"), which says the same of both and so
    what neither is; "Deacons are in service ministry" says what deacons are. A sentence
    giving each side its own words ("3600 RPM in the USA ..., 3000 RPM in Europe") stays."""
    if not about or not side_terms or not other_terms or not _joined(about[0].text, side_terms, other_terms):
        return about
    if _CONTRASTS.search(about[0].text):  # "Unlike elders, deacons ..." compares them
        return about
    own = [e for e in about if side_terms & set(terms(e.text)) and not other_terms <= set(terms(e.text))]
    return own[:1] + [e for e in about if e not in own[:1]]


def _labelled_first(about: list[Evidence], side_terms: set[str], said: set[str] | None = None) -> list[Evidence]:
    """A side's sentences, a table's row or a form's field labelled by the side first: "| Motor
    | 2 years |" says what the motor has; "| E07 | Overheating | The motor is too hot ... 20
    minutes |" names it in passing. So is a row whose label of ROW_LABEL_TERMS terms or more the
    side (`said`: all its terms) names in full: "| Insurance claim form | £40 |" for "filling in
    my insurer's claim form"."""
    said = said or side_terms

    def labelled(ev: Evidence) -> bool:
        label = set(terms(row_label(ev.text)))
        return bool(side_terms) and (side_terms <= label or (len(label) >= ROW_LABEL_TERMS and label <= said))

    first = [e for e in about if labelled(e)][:1]
    return first + [e for e in about if e not in first]


def _joined(text: str, one: set[str], other: set[str]) -> bool:
    """Does the text name the two sides side by side, joined by "and", "or" or a comma?"""
    words = [(w, set(terms(w))) for w in re.findall(r"[\w'’-]+|[,&/]", text)]
    at = [i for i, (_, t) in enumerate(words) if t & one]
    other_at = [i for i, (_, t) in enumerate(words) if t & other]
    glue = {"and", "or", ",", "&", "/", "the", "a", "an"}
    return any(
        all(words[k][0].lower() in glue for k in range(min(i, j) + 1, max(i, j))) and abs(i - j) <= 3
        for i in at
        for j in other_at
    )


def _labels(sides: tuple[str, ...]) -> list[str]:
    """What tells the sides apart, to label their quotes: "Macron" and "Stoltenberg" for
    "Macron's attitudes towards Japan" and "Stoltenberg's attitudes towards Japan", "Eco" and
    "Silent" for "Eco mode" and "Silent mode". The shared words are dropped only where what is
    left is an owner or one word that names a thing: "The 2010 Amazon" and "The 2005" would
    label nothing a reader knows, so "the 2010 Amazon drought" and "the 2005 drought" stay
    whole. The check reads a label as part of its quote's sentence: a shorter label holds fewer
    words the quote may lack."""
    words = [side.split() for side in sides]
    shared = 0
    while shared < min(map(len, words)) - 1 and len({tuple(w[len(w) - shared - 1 :]) for w in words}) == 1:
        shared += 1
    kept = [" ".join(w[: len(w) - shared]) for w in words]
    if shared and all(_names_a_side(k) for k in kept):
        kept = [re.sub(r"['’]s$", "", k) for k in kept]
    else:
        kept = list(sides)
    return [k[:1].upper() + k[1:] for k in kept]


def _names_a_side(kept: str) -> bool:
    """Does what is left of a side without the words both share name it: an owner
    ("Macron's") or one word that is not a number ("Eco") nor points ("this", "last"), after any
    article?"""
    words = re.sub(r"^(?:the|a|an)\s+", "", kept, flags=re.I).split()
    return bool(words) and (
        words[-1].endswith(("'s", "’s"))
        or (len(words) == 1 and not any(c.isdigit() for c in words[0]) and not _POINTS.fullmatch(words[0]))
    )


# "this", "last": words that point at a side ("this year's ...", "last year's ..."), not name it.
_POINTS = re.compile(r"this|that|these|those|last|next|previous|current", re.I)


def _says(part: str, side: str, quote: str, weights: dict[str, float]) -> bool:
    """Does the quote say what is asked of the side ("a maker of telescopes"), not only name
    it? Rare words weigh most: "a maker of anvils" does not say "telescopes". A time
    condition ("in the 19th century") is checked by the years instead."""
    if time_condition(part):
        return True
    said = set(terms(part)) - set(terms(side))
    return coverage(said, set(terms(quote)), lambda t: weights.get(t, 1.0)) >= YESNO_MIN


def _dates_side(side_terms: set[str], ev: Evidence) -> bool:
    """Is a dated sentence about the side: it names it, or it opens with "It" or "The
    company" right after a sentence (or under a title) that names it? A sentence about
    something else in a passage that mentions the side does not date the side."""
    if coverage(side_terms, set(terms(ev.text))) >= SIDE_MIN:
        return True
    if not _REFERRING.match(ev.text):
        return False
    text, at = ev.passage.text, ev.start - ev.passage.start
    before = [text[s:e] for s, e in sentence_lines(text) if e <= at]
    return coverage(side_terms, set(terms(" ".join([ev.passage.title, *before[:1], *before[-1:]])))) >= SIDE_MIN


def _context_of(answer: Answer, citation: Citation) -> str:
    """The passage a citation quotes ("The company was founded ..." in the passage about Acme)."""
    passage = answer.passage_of(citation)
    return passage.text if passage is not None else citation.quote


def _about(side: str, text: str) -> bool:
    """Is the text about the side: most of its words ("the Methodist movement", "the first
    European settlement in what became Victoria")?"""
    return coverage(set(terms(side)), set(terms(text))) >= SIDE_MIN


_REFERRING = re.compile(r"^\W*(?:it|its|they|the\s+[a-z]+)\b", re.I)


def _also_comparing(chosen: list[Evidence], sides: tuple[str, ...]) -> list[Evidence]:
    """Up to COMPARED_MORE more sentences of the paragraph both sides' quotes are in, each naming
    both sides by their own words, in reading order, when both quotes name both: the paragraph
    compares the two point by point. None from a table, a list or a heading."""
    if len(chosen) != 2 or len(sides) != 2 or chosen[0].passage.source != chosen[1].passage.source:
        return []
    owns = [set(terms(side)) - set(terms(other)) for side, other in zip(sides, sides[::-1])]

    def names_both(text: str) -> bool:
        said = set(terms(text))
        return all(own & said for own in owns)

    if not all(owns) or not all(names_both(e.text) for e in chosen):
        return []
    more: dict[int, Evidence] = {}
    # The quotes may be of two chunks of the document: each is read around its own quote.
    for quote in chosen:
        passage = quote.passage
        if not all(
            passage.start <= c.start and c.end <= passage.end and ev_mod.same_paragraph(quote, (c.start, c.end))
            for c in chosen
        ):
            continue  # the other quote is not of this chunk, or not of this paragraph
        for s, e in sentence_lines(passage.text):
            span = (passage.start + s, passage.start + e)
            if any(c.start < span[1] and span[0] < c.end for c in chosen) or not ev_mod.same_paragraph(quote, span):
                continue
            text = passage.text[s:e]
            if names_both(text) and not (table_cells(text) or ev_mod.LIST_ITEM.match(text) or ev_mod.is_heading(text)):
                more[span[0]] = replace(quote, start=span[0], end=span[1], text=text, score=0.0, shown="")
    return [more[at] for at in sorted(more)][:COMPARED_MORE]


def quoted_once(chosen: list[Evidence]) -> list[Evidence]:
    """The sides' quotes, or the longer alone when they overlap: one sentence compares both
    sides ("recommended in favor of a hybrid EOR-LOR mode"), or one side's quote grew into the
    other's with the sentence before it. A quote is never shown twice under two labels."""
    a, b = chosen
    if a.passage.source == b.passage.source and a.start < b.end and b.start < a.end:
        return [max(chosen, key=lambda e: e.end - e.start)]
    return chosen
