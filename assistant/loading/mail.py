"""E-mail (.eml, stdlib email): the headers people read (Subject, From, To, Cc, Date), then
the body, plain text preferred over HTML, then the names of attachments (not their content)."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from assistant.loading.build import TextBuilder
from assistant.loading.model import Document, SkipFile

HEADERS = ("Subject", "From", "To", "Cc", "Date")


def read_eml(path: Path) -> Document:
    try:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        assert isinstance(message, EmailMessage)  # policy.default builds EmailMessage
        headers = [f"{name}: {_header(message, name)}" for name in HEADERS if message.get(name) is not None]
        body = _body(message)
        attachments = [part.get_filename() or "(unnamed)" for part in message.iter_attachments()]
        subject = _header(message, "Subject")
    except (ValueError, TypeError, LookupError, IndexError) as exc:  # malformed headers or MIME structure
        raise SkipFile(f"corrupt e-mail ({exc.__class__.__name__})") from None
    builder = TextBuilder()
    builder.add("\n".join(headers), heading=subject or None)
    builder.add(body)
    if attachments:
        builder.add("Attachments: " + ", ".join(attachments))
    return builder.document(path, subject)


def _header(message: EmailMessage, name: str) -> str:
    """A header decoded (=?utf-8?...?= words), on one line."""
    value = message.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except LookupError:  # an unknown charset: the bytes, read as Latin-1, beat no text
        payload = part.get_payload(decode=True)
        content = payload.decode("latin-1") if isinstance(payload, bytes) else str(payload or "")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        from bs4 import BeautifulSoup

        from assistant.loading.html import drop_invisible, soup_text

        soup = BeautifulSoup(content, "html.parser")
        drop_invisible(soup)
        content = soup_text(soup)[0]
    return content
