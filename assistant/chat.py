"""The chat session: bounded memory, condense-question, slash commands, transcript.

No terminal I/O lives here (that is `assistant.repl`), so every piece can be tested
without a pseudo-terminal.

Follow-ups are rewritten into standalone questions before retrieval, because the
retriever and the citation check only ever see one question. The rewrite is
deterministic (pronouns resolved to the entity of the previous turn); an
OpenAI-compatible model may rewrite instead, but its output is kept only when it
keeps the new question's content words.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.answering import Answer
from assistant.backends.errors import BackendError
from assistant.config import Settings, UserError, load_prompt
from assistant.render import display, source_line, where
from assistant.text import STOPWORDS, coverage, terms, thesaurus

MAX_TURNS = 6  # turns kept in memory for the rewrite
MAX_ANSWER_CHARS = 600  # of each remembered answer: enough to hold its entities
MAX_CONTEXT_CHARS = 2400  # of the conversation sent to an LLM rewriter
LLM_KEEP_MIN = 0.75  # share of the new question's content words an LLM rewrite must keep

History = list[tuple[str, str]]  # (standalone question, answer text), oldest first


# ---------------------------------------------------------------- deterministic rewrite

_MARKER = re.compile(r"\s*\[\d+\]")
_LEAD = re.compile(r"^\s*(?:and|but|so|also|ok(?:ay)?|then|well|now)\b[\s,]*", re.I)
_ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)\s*[?.!]*\s*$", re.I)
_WH = re.compile(
    r"^\s*(who|whom|whose|what|which|where|when|why|how|is|are|was|were|do|does|did|"
    r"has|have|had|can|could|will|would|should)\b",
    re.I,
)
_CAP_RUN = re.compile(r"[A-Z][\w\-]*(?:[’']s)?(?:\s+[A-Z][\w\-]*(?:[’']s)?)*")
_PERSON = {"he", "him", "she", "they", "them"}
_POSSESSIVE = {"his", "their"}
_PLURAL = {"they", "them", "their"}
# A group the previous question names ("the children", "our tenants"): what "they" means
# before any name in it ("When do the children break up for Easter? What time do they
# finish?" is not about Easter). Plurals without an "s", and "-s" words that are no plural.
_GROUP = re.compile(r"\b(?:the|our|my|your)\s+([A-Za-z][\w\-]*)(?:\s+([a-z][\w\-]*))?")
# Plural without an "s" ("How come the salmon vanished, and what brought them back?").
_PLURALS = frozenset(
    """children people staff men women police kids family team parents salmon trout fish sheep deer cattle
    livestock geese mice teeth feet""".split()
)
_NOT_PLURAL = ("ss", "us", "is", "ous", "'s", "’s")
_THING = {"it"}
# "It" that stands for no thing: "what would it cost us to leave?", "how long does it take to
# clear?" (the cost and the time of what follows).
_DUMMY_IT = re.compile(r"(?:cost|costs|take|takes|took)\s+(?:(?:me|us|you|them|him|her)\s+)?to\s+\w", re.I)
_TIMES = frozenset("year years month months week weeks day days term terms night nights time times hour hours".split())
_DEMONSTRATIVE = {"this", "that"}  # only at the end of a question: elsewhere they introduce clauses
# Words that precede a name but are not part of it: titles, nationalities, months.
_NOT_NAME = set(
    """
president prime minister senator secretary-general secretary general chancellor governor mayor
king queen prince princess pope mr mrs ms dr sir lord lady republican democratic democrat
french american chinese japanese british german russian ukrainian european western eastern
us uk eu un january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday
""".split()
)
# Where a noun phrase ends: the verbs that follow the subject of a short question, and the
# particle of a verb whose object it is ("pick the car up": "it" is "the car").
_PHRASE_END = set(
    """
take takes took happen happens happened be is are was were do does did have has had mean means
say says said cost costs start starts begin begins end ends open opens hold holds come comes
up down off out back away over
""".split()
)


@dataclass(frozen=True)
class Entity:
    name: str
    start: int  # word offset in the text it came from


def is_follow_up(question: str) -> bool:
    """Does the question lean on the conversation (pronouns, a leading "and", "what about")?"""
    if _LEAD.match(question) or _ABOUT.match(question):
        return True
    words = _words(question)
    if set(words) & (_PERSON | _POSSESSIVE | _THING | {"her", "its"}):
        return True
    return bool(words) and words[-1] in _DEMONSTRATIVE


def rewrite_question(history: History, question: str) -> str:
    """The question made standalone from the conversation; unchanged if it already is."""
    question = " ".join(question.split())
    if not history or not is_follow_up(question):
        return question
    prev_q, prev_a = history[-1]
    prev_a = _MARKER.sub("", prev_a)
    about = _ABOUT.match(question)
    if about:
        return _finish(_substitute_topic(prev_q, about.group("x")), question)
    body = _LEAD.sub("", question)
    if not _WH.match(body) and len(body.split()) <= 4:
        # "and Kishida?": the previous question, about something else.
        return _finish(_substitute_topic(prev_q, body.rstrip("?.! ")), question)
    person = _main_entity(prev_q, prev_a) or _older_entity(history[:-1])
    # After "Who checks the meters?", "they" are whoever does, not the meters.
    group = None if re.match(r"\s*(?:who|whom)\b", prev_q, re.I) else _group(prev_q)
    return _finish(_resolve_pronouns(body, person, prev_q, group), question)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.lower())


def _finish(text: str, original: str) -> str:
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    if original.rstrip().endswith("?") and not text.endswith("?"):
        text = text.rstrip(".!") + "?"
    return text


def entities(text: str) -> list[Entity]:
    """Capitalised runs, titles and sentence-initial function words stripped ("Emmanuel Macron")."""
    found: list[Entity] = []
    for match in _CAP_RUN.finditer(text):
        words = [re.sub(r"[’']s$", "", w) for w in match.group().split()]
        while words and (words[0].lower() in STOPWORDS or words[0].lower() in _NOT_NAME):
            words.pop(0)
        if words:
            found.append(Entity(" ".join(words), len(text[: match.start()].split())))
    return found


def _main_entity(question: str, answer: str) -> str | None:
    """Whom a pronoun in the next question means: the answer to "who", else the question's subject."""
    asked = entities(question)
    asks_for_entity = bool(re.match(r"^\s*(who|whom|whose)\b", question, re.I)) or not asked
    if not asks_for_entity:
        return asked[0].name
    named = {e.name.lower() for e in asked} | set(_words(question))
    new = [e for e in entities(answer) if e.name.lower() not in named and not e.name.isupper()]
    if not new:
        return asked[0].name if asked else None
    anchors = _anchor_positions(question, answer)
    return min(new, key=lambda e: (min((abs(e.start - a) for a in anchors), default=0), e.start)).name


def _anchor_positions(question: str, answer: str) -> list[int]:
    """Word offsets in the answer of the question's content words: the answer sits near them."""
    asked = set(terms(question))
    return [i for i, word in enumerate(answer.split()) if set(terms(word)) & asked]


def _older_entity(history: History) -> str | None:
    for prev_q, prev_a in reversed(history):
        found = _main_entity(prev_q, _MARKER.sub("", prev_a))
        if found:
            return found
    return None


def _group(question: str) -> str | None:
    """The plural noun phrase a question names ("the children", "the school children"), which
    "they" stands for; the noun is its last word or the one before ("the children break up");
    else what "how many" counts ("How many guests can I bring, and what once those run out?")."""
    for match in _GROUP.finditer(question):
        for at in (2, 1):
            if match.group(at) and _is_plural(match.group(at).lower()):
                return question[match.start() : match.end(at)]
    counted = _COUNTED.search(question)
    return counted.group(1) if counted and _is_plural(counted.group(1).lower()) else None


_COUNTED = re.compile(r"\bhow\s+many\s+([a-z][\w-]*)", re.I)
# "those" and "these" standing for a group: before a verb or at the end ("once those run out"),
# not before the noun they point at ("those passes").
_POINTING = {"those", "these"}


def _stands_alone(following: str) -> bool:
    """Does a demonstrative stand alone before this word: the end, a little word, or a verb?"""
    return not re.match(r"\w", following) or following in STOPWORDS or thesaurus.usual_part(following) == "verb"


def _is_plural(noun: str) -> bool:
    return noun in _PLURALS or (noun.endswith("s") and not noun.endswith(_NOT_PLURAL))


def _resolve_pronouns(body: str, person: str | None, prev_q: str, group: str | None = None) -> str:
    tokens = re.findall(r"[\w’']+(?:-[\w’']+)*|[^\w\s]", body)  # "brother-in-law" stays one word
    out: list[str] = []
    for i, token in enumerate(tokens):
        low = token.lower()
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        prev = out[-1].lower() if out else ""
        if group and (low in _PLURAL or (low in _POINTING and _stands_alone(nxt))):
            out.append(group if low != "their" else f"{group}'" if group.endswith("s") else f"{group}'s")
        elif person and (low in _PERSON or (low == "her" and not _starts_noun(nxt))):
            out.append(person)
        elif person and (low in _POSSESSIVE or low == "her"):
            out.append(f"{person}'s")
        elif low in _THING and _DUMMY_IT.match(" ".join(tokens[i + 1 :])):
            out.append(token)  # "what would it cost us to leave?": no thing
        elif low in _THING | _DEMONSTRATIVE and (low in _THING or not re.match(r"\w", nxt)):
            out.append(_thing(prev, prev_q) or token)
        else:
            out.append(token)
    return re.sub(r"\s+([?.!,;:])", r"\1", " ".join(out))


def _starts_noun(word: str) -> bool:
    return bool(re.match(r"\w", word)) and word not in STOPWORDS


def _thing(preceding: str, prev_q: str) -> str | None:
    """What "it" stands for: the previous question's action after "for", else its noun phrase,
    else the one code or acronym it names ("What does error E03 mean, and how do I fix it?"):
    a person's name is no "it" ("What book did al-Biruni write, and what did it cover?")."""
    action = re.match(r"^\s*who\s+(\w+)ed\s+(.+?)[?.!]*\s*$", prev_q, re.I)
    if preceding == "for" and action:
        return f"{action.group(1)}ing {action.group(2)}"
    named = entities(prev_q)
    code = len(named) == 1 and (named[0].name.isupper() or any(c.isdigit() for c in named[0].name))
    # The thing of the question itself, not of a statement before it ("I'm an Off-Peak member.").
    asked = re.split(r"(?<=[.!])\s+", prev_q.strip())[-1]  # a several-part question's part: "... member. how many"
    return _noun_phrase(asked, singular=True) or (named[0].name if code else None)


def _noun_phrase(question: str, singular: bool = False) -> str | None:
    """ "the NATO office in Japan" from "Who objected to the NATO office in Japan?". With
    `singular`, the first one whose noun is not plural, as "it" needs: "Where are the Year 5s
    off to on their residential, and how much does it cost?" asks what the residential costs."""
    phrases = []
    for match in re.finditer(r"\b(the|a|an|their|its|his|her|our|my|your)\s+(?=(\w))", question, re.I):
        if match.group(1).lower() not in ("the", "a", "an") and not singular:
            continue
        kept = [match.group(1)]
        for word in re.split(r"[?.!,;]", question[match.end() :])[0].split():
            if word.lower() in _PHRASE_END:
                break
            kept.append(word)
        if len(kept) > 1:
            phrases.append(kept)
    if singular:
        # Its noun is the last word before a preposition: "the opening hours of the museum" is
        # plural, "the museum" is not.
        def head(words: list[str]) -> str:
            return next((words[i - 1] for i in range(2, len(words)) if words[i].lower() in STOPWORDS), words[-1])

        # A time ("in a year") is no thing "it" stands for: "what does it cost?" is not its cost.
        phrases = [p for p in phrases if head(p).lower() not in _TIMES]
        phrases = [p for p in phrases if not _is_plural(head(p).lower())] or phrases[:1]
    return " ".join(phrases[0]) if phrases else None


def _substitute_topic(prev_q: str, new_topic: str) -> str:
    """The previous question asked about `new_topic` instead ("what about X?")."""
    topic = _noun_phrase(prev_q)
    if topic:
        return prev_q.replace(topic, new_topic, 1)
    asked = entities(prev_q)
    if asked:
        return prev_q.replace(asked[0].name, new_topic, 1)
    return f"{prev_q.rstrip('?.! ')}: {new_topic}?"


# ---------------------------------------------------------------- LLM rewrite, checked


class Streamer(Protocol):
    def stream(self, messages: list[dict[str, str]], max_tokens: int, stop: list[str] | None = None): ...


@dataclass(frozen=True)
class Rewrite:
    question: str  # what was typed
    standalone: str  # what is retrieved and answered
    method: str  # "none" | "rules" | "llm"


def condense(history: History, question: str, llm: Streamer | None = None) -> Rewrite:
    """The standalone question: the LLM's when it passes the check, else the rules'."""
    question = " ".join(question.split())
    if not history or not is_follow_up(question):
        return Rewrite(question, question, "none")
    rules = rewrite_question(history, question)
    if llm is not None:
        proposal = _llm_rewrite(history, question, llm)
        if proposal and keeps_content(question, proposal):
            return Rewrite(question, proposal, "llm")
    return Rewrite(question, rules, "rules")


def keeps_content(question: str, proposal: str) -> bool:
    """An LLM rewrite must keep what the new question asks, not answer or replace it."""
    needed = set(terms(question))
    return 0 < len(proposal) <= 3 * len(question) + 300 and coverage(needed, set(terms(proposal))) >= LLM_KEEP_MIN


def _llm_rewrite(history: History, question: str, llm: Streamer) -> str | None:
    conversation = "\n".join(f"User: {q}\nAssistant: {_MARKER.sub('', a)}" for q, a in history)
    prompt = load_prompt("condense.txt").format(conversation=conversation[-MAX_CONTEXT_CHARS:], question=question)
    try:
        reply = "".join(llm.stream([{"role": "user", "content": prompt}], 80, ["\n"]))
    except BackendError:
        return None  # the rules still give a standalone question
    reply = re.sub(r"^\s*(standalone question|question)\s*:\s*", "", reply.strip(), flags=re.I)
    return reply.strip().strip('"').strip() or None


# ---------------------------------------------------------------- the session


@dataclass
class Turn:
    rewrite: Rewrite
    answer: Answer | None = None  # None when stopped or failed
    note: str = ""  # "(stopped)" or the error line


@dataclass
class Reply:
    """What a slash command wants shown; the REPL decides how."""

    text: str
    exit: bool = False
    error: bool = False


AnswererFactory = Callable[[Settings], object]

HELP = """Ask a question, or type a command:
  /sources        the sources of the last answer, with quotes
  /retrieval      what was retrieved for the last question, with scores
  /rewrite [on|off]  show the standalone question each follow-up becomes
  /reset          forget the conversation (follow-ups start afresh)
  /k N            retrieve N passages per question
  /backend NAME   local, openai or extractive
  /save FILE      write the transcript as Markdown with citations
  /help           this list
  /exit           leave (Ctrl-D too); Ctrl-C stops an answer being written"""


@dataclass
class ChatSession:
    settings: Settings
    make_answerer: AnswererFactory
    answerer: object = None
    show_rewrite: bool = False
    memory: deque[tuple[str, str]] = field(default_factory=lambda: deque(maxlen=MAX_TURNS))
    turns: list[Turn] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.answerer is None:
            self.answerer = self.make_answerer(self.settings)

    # -------------------------------------------------------- questions

    def condense(self, question: str) -> Rewrite:
        llm = getattr(self.answerer, "llm", None) if self.settings.llm_backend == "openai" else None
        return condense(list(self.memory), question, llm)

    def answer(self, rewrite: Rewrite, on_token: Callable[[str], None] | None = None) -> Answer:
        """Answer the standalone question; the turn is remembered only once it is complete."""
        turn = Turn(rewrite, note="(stopped)")
        self.turns.append(turn)
        result: Answer = self.answerer.ask(  # type: ignore[attr-defined]
            rewrite.standalone, k=self.settings.top_k, on_token=on_token
        )
        turn.answer, turn.note = result, ""
        self.memory.append((rewrite.standalone, result.answer[:MAX_ANSWER_CHARS]))
        return result

    def fail(self, message: str) -> None:
        if self.turns and self.turns[-1].answer is None:
            self.turns[-1].note = message

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    # -------------------------------------------------------- commands

    def command(self, line: str) -> Reply:
        name, _, arg = line.strip().partition(" ")
        handler = {
            "/sources": self._sources,
            "/retrieval": self._retrieval,
            "/reset": self._reset,
            "/k": self._k,
            "/backend": self._backend,
            "/save": self._save,
            "/help": self._help,
            "/exit": self._exit,
            "/quit": self._exit,
            "/rewrite": self._rewrite,
        }.get(name.lower())
        if handler is None:
            return Reply(f"unknown command {name}: type /help for the list", error=True)
        try:
            return handler(arg.strip())
        except UserError as exc:
            return Reply(f"error: {exc}", error=True)

    def _sources(self, _: str) -> Reply:
        result = self._last_answer()
        if result.refused or not result.citations:
            return Reply(f'No sources: the answer was "{result.answer}"')
        return Reply("Sources:\n" + "\n".join(source_line(c) for c in result.citations))

    def _retrieval(self, _: str) -> Reply:
        result = self._last_answer()
        turn = self.last
        assert turn is not None
        lines = [f"Retrieved for: {turn.rewrite.standalone}"]
        if turn.rewrite.method != "none":
            lines.append(f'  (rewritten from "{turn.rewrite.question}" by {turn.rewrite.method})')
        for p in result.passages:
            dense = "-" if p.dense is None else f"{p.dense:.3f}"
            bm25 = "-" if p.bm25 is None else f"{p.bm25:.2f}"
            lines.append(
                f"  {p.rank}. fused {p.score:.4f}  dense {dense}  bm25 {bm25}  "
                f"{display(p.source)} chars {p.start}-{p.end}"
            )
            lines.append(f'     "{" ".join(p.text.split())[:160]}…"')
        return Reply("\n".join(lines))

    def _last_answer(self) -> Answer:
        for turn in reversed(self.turns):
            if turn.answer is not None:
                return turn.answer
        raise UserError("nothing answered yet: ask a question first")

    def _reset(self, _: str) -> Reply:
        self.memory.clear()
        return Reply("Conversation forgotten; the next question starts afresh.")

    def _k(self, arg: str) -> Reply:
        try:
            k = int(arg)
        except ValueError:
            raise UserError(f"/k needs a number, e.g. /k 3 (now {self.settings.top_k})") from None
        self.settings = self.settings.with_(top_k=k)
        return Reply(f"Retrieving {k} passages per question.")

    def _backend(self, arg: str) -> Reply:
        if not arg:
            return Reply(f"Backend: {self.settings.llm_backend} (local, openai or extractive)")
        settings = self.settings.with_(llm_backend=arg.lower())
        self.answerer = self.make_answerer(settings)
        self.settings = settings
        return Reply(f"Backend: {arg.lower()}.")

    def _rewrite(self, arg: str) -> Reply:
        if arg.lower() not in ("", "on", "off"):
            raise UserError("/rewrite takes on or off")
        self.show_rewrite = {"on": True, "off": False}.get(arg.lower(), not self.show_rewrite)
        return Reply(f"Showing rewritten questions: {'on' if self.show_rewrite else 'off'}.")

    def _save(self, arg: str) -> Reply:
        if not arg:
            raise UserError("/save needs a file name, e.g. /save chat.md")
        path = Path(arg).expanduser()
        try:
            path.write_text(transcript_markdown(self.turns), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
        return Reply(f"Transcript saved to {path} ({len(self.turns)} turns).")

    def _help(self, _: str) -> Reply:
        return Reply(HELP)

    def _exit(self, _: str) -> Reply:
        return Reply("", exit=True)


def transcript_markdown(turns: list[Turn]) -> str:
    """The whole session as Markdown: each question, its answer and its quoted sources."""
    out = ["# Chat transcript", ""]
    for n, turn in enumerate(turns, start=1):
        out += [f"## {n}. {turn.rewrite.question}", ""]
        if turn.rewrite.method != "none":
            out += [f"*Asked as:* {turn.rewrite.standalone}", ""]
        if turn.answer is None:
            out += [f"_{turn.note or '(no answer)'}_", ""]
            continue
        out += [turn.answer.answer, ""]
        for c in turn.answer.citations:
            page = f", {where(c.source, c.page)}" if c.page else ""
            out += [f'> [{c.n}] {display(c.source)}{page}, chars {c.start}-{c.end}: "{c.quote}"', ""]
    return "\n".join(out).rstrip() + "\n"
