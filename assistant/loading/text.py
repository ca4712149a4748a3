"""Plain text and Markdown, and the decoding and cleaning every text-based reader shares."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from assistant.loading.model import Document, SkipFile

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Drop control characters (keeping tab/newline) and normalise line ends."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def decode_text(data: bytes) -> str:
    """The text of `data` (see decode_bytes), without the note."""
    return decode_bytes(data)[0]


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text from bytes, and a note naming the encoding when it was not plain UTF-8.

    UTF-8 first (with or without a BOM), then UTF-16/32 by their BOM, then a guess among
    legacy code pages (charset-normalizer). SkipFile only for what is really binary: NUL
    bytes without a BOM, or bytes no text encoding reads cleanly."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            raise SkipFile(f"not valid UTF-8 text after its BOM (byte {exc.start + 3})") from None
    for bom, name in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), f"encoding {name.upper()} (byte order mark)"
            except UnicodeDecodeError as exc:
                raise SkipFile(f"not valid {name.upper()} text (byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad_byte = exc.start
    guess = _guess_encoding(data)
    if guess is None:
        raise SkipFile(f"binary file or unknown encoding (not UTF-8 at byte {bad_byte}, no code page fits)")
    text, name = guess
    return text, f"encoding {name} assumed (not UTF-8)"


# UTF-32's BOM starts with UTF-16's: test it first.
_UNICODE_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def _guess_encoding(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) from the legacy code page charset-normalizer finds cleanest.

    Short Western texts decode equally well in a dozen code pages ("café" reads the same in
    cp1250, cp1252 and latin-1, and as Ukrainian in cp1125): among the matches as clean and
    as coherent as the best, Windows-1252 wins, since it is by far the most common. UTF-16/32
    without a BOM are not taken: any even number of bytes decodes as UTF-16."""
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    matches = [m for m in matches if not _looks_binary(str(m))]
    if not matches:
        return None
    best = matches[0]
    tier = [m for m in matches if abs(m.chaos - best.chaos) < 0.01 and abs(m.coherence - best.coherence) < 0.01]
    if any("cp1252" in m.could_be_from_charset for m in tier):
        return data.decode("cp1252"), "windows-1252"
    return str(best), _encoding_label(best.encoding)


def _encoding_label(codec: str) -> str:
    """The name people know an encoding by: Python's cp1251 is Windows-1251."""
    name = codecs.lookup(codec).name
    return f"windows-{name[2:]}" if re.fullmatch(r"cp125\d", name) else name


_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")


def _looks_binary(text: str) -> bool:
    """Text with more than 1% control characters is some binary format, whatever decodes it."""
    return len(_BINARY_CONTROLS.findall(text[:65536])) > max(1, len(text[:65536]) // 100)


def read_text(path: Path) -> Document:
    text, note = decode_bytes(path.read_bytes())
    return Document(str(path), clean_text(text), path.stem, notes=[note] if note else [])


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
