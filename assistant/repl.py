"""The terminal side of `assistant chat`: line editing, history, streaming, Ctrl-C.

Everything the chat decides lives in `assistant.chat`; this module only reads
lines and paints answers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from assistant.chat import ChatSession, Reply
from assistant.config import UserError
from assistant.render import answer_parts

PROMPT = "chat> "
STYLES = {"heading": "bold cyan", "source": "cyan", "note": "dim"}
_MARKDOWN_HINT = ("**", "`", "\n- ", "\n* ", "\n1. ", "# ")


def history_path() -> Path:
    """Where typed questions are kept between sessions (env ASSISTANT_HISTORY wins)."""
    explicit = os.environ.get("ASSISTANT_HISTORY")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "assistant" / "chat_history"


def line_reader(path: Path) -> Callable[[], str]:
    """prompt_toolkit on a terminal (editing, up-arrow history); plain input() otherwise."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return lambda: input(PROMPT)
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    path.parent.mkdir(parents=True, exist_ok=True)
    session: PromptSession[str] = PromptSession(history=FileHistory(str(path)))
    return lambda: session.prompt(PROMPT)


def run(session: ChatSession, console: Console | None = None) -> None:
    """Read questions and commands until /exit or Ctrl-D."""
    # Off a terminal, lines are left unwrapped so that quotes survive copying and piping.
    console = console or Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    read = line_reader(history_path())
    console.print(
        Text(f"assistant chat ({session.settings.llm_backend}); /help for commands, Ctrl-D to leave", style="dim")
    )
    while True:
        try:
            line = read().strip()
        except KeyboardInterrupt:
            continue  # Ctrl-C at the prompt clears the line, as in a shell
        except EOFError:
            console.print()
            return
        if not line:
            continue
        if line.startswith("/"):
            if show_reply(console, session.command(line)):
                return
            continue
        ask(session, console, line)


def show_reply(console: Console, reply: Reply) -> bool:
    if reply.text:
        console.print(Text(reply.text, style="red" if reply.error else ""))
    return reply.exit


def ask(session: ChatSession, console: Console, line: str) -> None:
    """One turn; a stop or a backend error ends the turn, never the chat."""
    from assistant.pipeline import check_question

    try:
        rewrite = session.condense(check_question(line))
    except UserError as exc:
        console.print(Text(f"error: {exc}", style="red"))
        return
    if session.show_rewrite and rewrite.method != "none":
        console.print(Text(f"→ {rewrite.standalone}", style="dim italic"))
    stream = _Stream(console)
    try:
        result = session.answer(rewrite, on_token=stream.write)
    except KeyboardInterrupt:
        stream.stop()
        console.print(Text("\n(stopped)" if stream.text else "(stopped)", style="yellow"))
        return
    except UserError as exc:  # BackendError included
        stream.stop()
        session.fail(f"error: {exc}")
        console.print(Text(("\n" if stream.text else "") + f"error: {exc}", style="red"))
        return
    stream.stop()
    paint_answer(console, result, stream.text or None)


class _Stream:
    """Tokens printed as they come, after a spinner that shows the turn is running."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.text = ""
        self._status = console.status("thinking…", spinner="dots") if console.is_terminal else None
        if self._status is not None:
            self._status.start()

    def write(self, piece: str) -> None:
        self.stop()
        self.text += piece
        self.console.print(piece, end="", markup=False, highlight=False, soft_wrap=True)

    def stop(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None


def paint_answer(console: Console, result, streamed: str | None) -> None:
    for part in answer_parts(result, streamed):
        if part.kind == "answer" and any(h in part.text for h in _MARKDOWN_HINT):
            console.print(Markdown(part.text))
        else:
            console.print(Text(part.text, style=STYLES.get(part.kind, "")))
