"""Plain text and Markdown, and the decoding and cleaning every text-based reader shares."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.loading.model import Document, SkipFile

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Drop control characters (keeping tab/newline) and normalise line ends."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SkipFile(f"not valid UTF-8 text (byte {exc.start})") from None


def read_text(path: Path) -> Document:
    text = clean_text(decode_text(path.read_bytes()))
    return Document(str(path), text, path.stem)


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


def markdown_headings(text: str) -> list[tuple[int, str]]:
    """(offset, heading) of each ATX heading ("## Part two") of Markdown text."""
    return [(m.start(), m.group(2).strip()) for m in _MD_HEADING.finditer(text)]


def read_markdown(path: Path) -> Document:
    doc = read_text(path)
    doc.headings = markdown_headings(doc.text)
    top = next((m.group(2) for m in _MD_HEADING.finditer(doc.text) if m.group(1) == "#"), None)
    if top:
        doc.title = top.strip()
    return doc
