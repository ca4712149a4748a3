"""`assistant chat`: the real program in a pseudo-terminal, plus the question rewriting and session."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from assistant.answering import Answer, Citation
from assistant.backends.errors import BackendError
from assistant.chat import MAX_ANSWER_CHARS, MAX_TURNS, ChatSession, condense, is_follow_up, rewrite_question
from assistant.config import Settings
from tests.conftest import ROOT, SEED_TEXT

PROMPT = "chat>"  # prompt_toolkit draws the trailing space as a cursor move
OBJECTED = "Who objected to the NATO office in Japan?"
MACRON_ANSWER = (
    "As NATO pushed to bolster its presence in the Indo-Pacific region, reports are emerging "
    "that French President Emmanuel Macron has objected to the Western alliance’s proposal "
    "to open an office in Japan. [1]"
)
RUBIO_QUOTE = "US Republican Senator Marco Rubio called out Macron’s stance on the issue"


# ---------------------------------------------------------------- rewriting


def test_follow_up_pronouns_resolve_to_the_previous_answer_and_question() -> None:
    rewritten = rewrite_question([(OBJECTED, MACRON_ANSWER)], "and who criticised him for it?")
    assert rewritten == "Who criticised Emmanuel Macron for objecting to the NATO office in Japan?"
    assert (
        rewrite_question([(OBJECTED, MACRON_ANSWER)], "Who called out his stance?")
        == "Who called out Emmanuel Macron's stance?"
    )


def test_pronoun_means_the_subject_of_a_question_that_names_one() -> None:
    history = [("What position does Jens Stoltenberg hold?", "NATO Secretary-General [1]")]
    assert rewrite_question(history, "What did he say about Japan?") == "What did Jens Stoltenberg say about Japan?"


def test_pronoun_means_the_entity_the_answer_gave_near_the_question_words() -> None:
    question = "Which Japanese leader is making arrangements to attend the July summit?"
    answer = (
        "In the midst of the growing ties between the two parties, reports are emerging that "
        "Kishida is making arrangements to attend the July Summit of NATO which is scheduled "
        "to take place in Lithuania, Kyodo News reported. [1]"
    )
    assert (
        rewrite_question([(question, answer)], "Which news outlet reported his plans?")
        == "Which news outlet reported Kishida's plans?"
    )


def test_it_means_the_object_of_a_phrasal_verb_without_its_particle() -> None:
    history = [("When do I pick the car up?", "")]
    assert rewrite_question(history, "When does it have to be back?") == "When does the car have to be back?"


def test_it_means_the_one_code_the_previous_question_names_never_a_person() -> None:
    assert rewrite_question([("What does error E03 mean?", "")], "How do I fix it?") == "How do I fix E03?"
    book = [("What pharmacology book did al-Biruni write?", "")]
    assert rewrite_question(book, "What did it cover?") == "What did it cover?"


def test_those_stand_for_what_the_previous_question_counts() -> None:
    """office22.yaml: "How many guests can I bring for free in a year, and what does it cost once
    those run out?" asked its second part of "a year" and of "those"."""
    guests = [("I'm an Off-Peak member. how many guests can I bring for free in a year?", "")]
    assert (
        rewrite_question(guests, "I'm an Off-Peak member. what does it cost once those run out?")
        == "I'm an Off-Peak member. what does it cost once guests run out?"
    )
    # "those" before the noun it points at stays.
    passes = [("How many passes do I get?", "")]
    assert rewrite_question(passes, "When do those passes expire?") == "When do those passes expire?"
    # A time is no thing "it" stands for.
    year = [("What do we pay in a year?", "")]
    assert rewrite_question(year, "How much does it cost?") == "How much does it cost?"


def test_it_means_a_thing_the_previous_question_names_in_the_singular() -> None:
    # office17.yaml: "it" was "the Year 5s", and the cost was refused.
    trip = [("Where are the Year 5s off to on their residential?", "")]
    assert rewrite_question(trip, "How much does it cost?") == "How much does their residential cost?"
    museum = [("What are the opening hours of the museum?", "")]
    assert rewrite_question(museum, "How much does it cost?") == "How much does the museum cost?"
    # "It" that stands for no thing stays.
    deal = [("When does our fixed price deal finish?", "")]
    assert rewrite_question(deal, "What would it cost us to leave?") == "What would it cost us to leave?"


def test_they_means_the_group_the_previous_question_names_not_a_name_in_it() -> None:
    history = [("When do the children break up for Easter?", "Friday 27 March [1]")]
    assert (
        rewrite_question(history, "What time do they finish that day?") == "What time do the children finish that day?"
    )
    tenants = [("What did the tenants pay for the flat?", "")]
    assert rewrite_question(tenants, "and what is their deposit?") == "What is the tenants' deposit?"
    # A plural without an "s" is a group too.
    salmon = [("How come the salmon vanished from the river?", "")]
    assert rewrite_question(salmon, "What brought them back?") == "What brought the salmon back?"
    # After a "who" question, "they" are whoever it asks about, not a group it names
    assert rewrite_question([("Who reads the meters?", "")], "When do they come?") == "When do they come?"
    # No group named: "they" still means the person of the previous turn.
    assert rewrite_question([(OBJECTED, MACRON_ANSWER)], "What did they say?") == "What did Emmanuel Macron say?"


def test_what_about_and_it_reuse_the_previous_topic() -> None:
    history = [("Where will the July NATO summit take place?", "Lithuania [1]")]
    assert rewrite_question(history, "and who will attend it?") == "Who will attend the July NATO summit?"
    assert (
        rewrite_question([(OBJECTED, MACRON_ANSWER)], "What about the office in Moldova?")
        == "Who objected to the office in Moldova?"
    )


def test_standalone_questions_and_first_questions_are_left_alone() -> None:
    assert not is_follow_up("Where will the July NATO summit take place?")
    assert rewrite_question([(OBJECTED, MACRON_ANSWER)], "Where is the summit?") == "Where is the summit?"
    assert rewrite_question([], "and who criticised him for it?") == "and who criticised him for it?"
    assert condense([(OBJECTED, MACRON_ANSWER)], "Who is Kishida?").method == "none"


class FakeLLM:
    def __init__(self, reply: str | Exception) -> None:
        self.reply = reply

    def stream(self, messages: list[dict[str, str]], max_tokens: int, stop: list[str] | None = None) -> Iterator[str]:
        if isinstance(self.reply, Exception):
            raise self.reply
        yield from re.findall(r"\S+\s*", self.reply)


def test_an_llm_rewrite_is_kept_only_when_it_keeps_the_question() -> None:
    history = [(OBJECTED, MACRON_ANSWER)]
    good = condense(
        history, "and who criticised him for it?", FakeLLM("Who criticised Macron for objecting to the NATO office?")
    )
    assert good.method == "llm" and "Macron" in good.standalone
    answered = condense(history, "and who criticised him for it?", FakeLLM("Marco Rubio did."))
    assert answered.method == "rules" and "Emmanuel Macron" in answered.standalone
    failed = condense(history, "and who criticised him for it?", FakeLLM(BackendError("down")))
    assert failed.method == "rules"


# ---------------------------------------------------------------- the session, no models


class FakeAnswerer:
    llm = None

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def ask(self, question: str, k: int | None = None, on_token=None) -> Answer:
        citation = Citation(1, str(ROOT / "seeds" / "doc.txt"), None, 0, 10, "Macron objected.", 1.0)
        return Answer(question, "Macron objected. [1] " + "x" * 2000, False, [citation], [])


def session(tmp_path: Path) -> ChatSession:
    return ChatSession(Settings(store=tmp_path, llm_backend="extractive"), FakeAnswerer)


def test_memory_is_bounded_in_turns_and_characters(tmp_path: Path) -> None:
    chat = session(tmp_path)
    for n in range(MAX_TURNS + 4):
        chat.answer(chat.condense(f"Question number {n}?"))
    assert len(chat.memory) == MAX_TURNS
    assert all(len(answer) <= MAX_ANSWER_CHARS for _, answer in chat.memory)
    assert chat.command("/reset").text and not chat.memory


def test_commands_answer_in_one_line_when_misused(tmp_path: Path) -> None:
    chat = session(tmp_path)
    assert chat.command("/frobnicate").text == "unknown command /frobnicate: type /help for the list"
    assert "ask a question first" in chat.command("/sources").text
    assert "/k needs a number" in chat.command("/k many").text
    assert "between 1 and 100" in chat.command("/k 0").text
    assert "unknown backend" in chat.command("/backend magic").text
    assert chat.command("/k 3").text and chat.settings.top_k == 3
    assert chat.command("/exit").exit and "/save FILE" in chat.command("/help").text


def test_save_writes_the_transcript_with_citations(tmp_path: Path) -> None:
    chat = session(tmp_path)
    chat.answer(chat.condense(OBJECTED))
    out = tmp_path / "chat.md"
    assert "saved" in chat.command(f"/save {out}").text
    text = out.read_text()
    assert text.startswith("# Chat transcript") and f"## 1. {OBJECTED}" in text
    assert '> [1] seeds/doc.txt, chars 0-10: "Macron objected."' in text


# ---------------------------------------------------------------- the real program in a pty


def spawn(store: Path, history: Path, *args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "ASSISTANT_HISTORY": str(history),
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "COLUMNS": "200",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "assistant", "chat", "--store", str(store), *args],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=90,
        dimensions=(50, 200),
    )
    child.expect_exact(PROMPT)
    return child


def ask(child: pexpect.spawn, line: str, expected: str, timeout: float = 90) -> str:
    child.sendline(line)
    child.expect(expected, timeout=timeout)
    seen = child.before + child.after
    child.expect_exact(PROMPT, timeout=timeout)
    return seen + child.before


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    return child.exitstatus


@pytest.mark.slow
def test_two_turn_chat_grounds_the_follow_up_and_shows_sources(seed_store: Path, tmp_path: Path) -> None:
    child = spawn(seed_store, tmp_path / "history", "--backend", "extractive")
    ask(child, "/rewrite on", "rewritten questions: on")
    first = ask(child, OBJECTED, "Sources:")
    assert "Macron" in first
    second = ask(child, "and which US senator called out his stance?", "Sources:")
    assert "→ Which US senator called out Emmanuel Macron's stance?" in second
    assert "Rubio" in second
    sources = ask(child, "/sources", "Sources:")
    assert RUBIO_QUOTE in sources and RUBIO_QUOTE in SEED_TEXT
    assert "unknown command /nope" in ask(child, "/nope", "unknown")
    child.sendline("/exit")
    assert finish(child) == 0


@pytest.mark.slow
def test_ctrl_c_stops_a_local_answer_and_the_chat_goes_on(seed_store: Path, tmp_path: Path) -> None:
    child = spawn(seed_store, tmp_path / "history")  # the default local backend
    child.sendline("Where will the July NATO summit take place?")
    child.expect("thinking")
    child.sendintr()
    child.expect_exact("(stopped)")
    child.expect_exact(PROMPT)
    answer = ask(child, "Where will the July NATO summit take place?", "Sources:", timeout=240)
    assert "Lithuania" in answer
    child.sendcontrol("d")
    assert finish(child) == 0


@pytest.mark.slow
def test_input_history_persists_across_sessions(seed_store: Path, tmp_path: Path) -> None:
    history = tmp_path / "history"
    child = spawn(seed_store, history, "--backend", "extractive")
    ask(child, "Where will the July NATO summit take place?", "Lithuania")
    child.sendcontrol("d")
    assert finish(child) == 0
    assert "Where will the July NATO summit take place?" in history.read_text()
    child = spawn(seed_store, history, "--backend", "extractive")
    child.send("\x1b[A")  # up-arrow recalls the question of the previous session
    child.expect("July NATO summit")
    child.send("\r")
    child.expect("Lithuania")
    child.expect_exact(PROMPT)
    child.sendline("/exit")
    assert finish(child) == 0


def test_a_rewritten_follow_up_keeps_hyphenated_words_whole() -> None:
    """ "brother - in - law" in a several-part question's second part, shown in its refusal."""
    history = [("My brother-in-law smokes. Why can't he smoke indoors at the cottage?", "")]
    assert rewrite_question(history, "My brother-in-law smokes. Where is he to go?") == (
        "My brother-in-law smokes. Where is he to go?"
    )
