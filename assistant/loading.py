"""Finding, reading and chunking documents.

A loaded document is its plain text plus where each page starts; chunks keep the
character span of that text, so a citation can quote the exact words it stands on.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from assistant.text.sentences import split_sentences

SUPPORTED = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf",
             ".html": "html", ".htm": "html", ".docx": "docx"}


class SkipFile(Exception):
    """A file that cannot be ingested; the message is the one-line reason."""


DEFAULT_MAX_FILE_MB = 20.0


def max_file_bytes() -> int:
    """Files above this are skipped before they are read, so memory stays bounded:
    readers hold a whole document's text, and a 20 MB text is ~4,000 chunks already."""
    raw = os.environ.get("ASSISTANT_MAX_FILE_MB", "")
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        from assistant.config import UserError

        raise UserError(f"ASSISTANT_MAX_FILE_MB={raw!r} is not a number") from None
    return int(megabytes * 1_000_000)


@dataclass
class Document:
    source: str  # absolute path
    text: str
    title: str
    page_starts: list[tuple[int, int]] = field(default_factory=list)  # (page, offset)
    headings: list[tuple[int, str]] = field(default_factory=list)  # (offset, heading)

    def page_at(self, offset: int) -> int | None:
        page = None
        for number, start in self.page_starts:
            if start > offset:
                break
            page = number
        return page

    def heading_at(self, offset: int) -> str | None:
        heading = None
        for start, text in self.headings:
            if start > offset:
                break
            heading = text
        return heading


@dataclass
class Chunk:
    id: str
    source: str
    index: int
    text: str
    start: int
    end: int
    page: int | None
    title: str
    heading: str | None


# ---------------------------------------------------------------- discovery


@dataclass
class Discovery:
    files: list[Path]
    skipped: list[tuple[str, str]]  # (path, reason)
    roots: list[Path]


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Expand files and folders (recursively) into supported files; list the rest with reasons."""
    files: dict[str, Path] = {}
    skipped: list[tuple[str, str]] = []
    roots: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            skipped.append((str(raw), "no such file or folder"))
            continue
        path = path.resolve()
        roots.append(path)
        if path.is_file():
            if path.suffix.lower() in SUPPORTED:
                files[str(path)] = path
            else:
                skipped.append((str(path), f"unsupported file type {path.suffix or '(none)'}"))
            continue
        for found, reason in _walk(path):
            if reason:
                skipped.append((str(found), reason))
            else:
                files[str(found)] = found
    return Discovery(sorted(files.values()), skipped, roots)


def _walk(root: Path) -> Iterator[tuple[Path, str | None]]:
    seen_dirs: set[tuple[int, int]] = set()

    def on_error(err: OSError) -> None:
        failures.append((Path(err.filename or root), f"cannot read folder: {err.strerror}"))

    failures: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        try:
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
        except OSError:
            continue
        if key in seen_dirs:  # a symlink loop: walk each real folder once
            dirnames[:] = []
            yield Path(dirpath), "symlink loop: folder already visited"
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.suffix.lower() not in SUPPORTED:
                yield path, f"unsupported file type {path.suffix or '(none)'}"
            elif not path.is_file():
                yield path, "not a regular file (broken link?)"
            else:
                yield path, None
    yield from failures


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- reading

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


def load(path: Path) -> Document:
    """Read one supported file into a Document, or raise SkipFile with the reason."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise SkipFile(f"unsupported file type {path.suffix}")
    try:
        size = path.stat().st_size
        if size == 0:
            raise SkipFile("empty file")
        if size > max_file_bytes():
            raise SkipFile(f"too large: {size / 1e6:.1f} MB, the limit is "
                           f"{max_file_bytes() / 1e6:g} MB (ASSISTANT_MAX_FILE_MB)")
        reader = {"text": _read_text, "markdown": _read_markdown, "html": _read_html,
                  "pdf": _read_pdf, "docx": _read_docx}[kind]
        doc = reader(path)
    except PermissionError:
        raise SkipFile("permission denied") from None
    except FileNotFoundError:
        raise SkipFile("file vanished during the run") from None
    except IsADirectoryError:
        raise SkipFile("is a folder") from None
    except OSError as exc:
        raise SkipFile(f"cannot read: {exc.strerror or exc}") from None
    if not doc.text.strip():
        raise SkipFile("no text found")
    return doc


def _read_text(path: Path) -> Document:
    text = clean_text(decode_text(path.read_bytes()))
    return Document(str(path), text, path.stem)


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _read_markdown(path: Path) -> Document:
    doc = _read_text(path)
    doc.headings = [(m.start(), m.group(2).strip()) for m in _MD_HEADING.finditer(doc.text)]
    top = next((m.group(2) for m in _MD_HEADING.finditer(doc.text) if m.group(1) == "#"), None)
    if top:
        doc.title = top.strip()
    return doc


def _read_html(path: Path) -> Document:
    from bs4 import BeautifulSoup

    html = decode_text(path.read_bytes())
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    parts = [" ".join(line.split()) for line in soup.get_text("\n").split("\n")]
    text = clean_text("\n".join(p for p in parts if p))
    headings: list[tuple[int, str]] = []
    for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        label = " ".join(h.get_text(" ").split())
        at = text.find(label)
        if label and at >= 0:
            headings.append((at, label))
    headings.sort()
    return Document(str(path), text, title or path.stem, headings=headings)


def _read_pdf(path: Path) -> Document:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise SkipFile("encrypted PDF (needs a password)")
            except SkipFile:
                raise
            except Exception:
                raise SkipFile("encrypted PDF (cannot decrypt)") from None
        texts: list[str] = []
        starts: list[tuple[int, int]] = []
        offset = 0
        for number, page in enumerate(reader.pages, start=1):
            page_text = clean_text(page.extract_text() or "")
            starts.append((number, offset))
            texts.append(page_text)
            offset += len(page_text) + 2
        title = ""
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title)
    except SkipFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise SkipFile(f"corrupt PDF ({exc.__class__.__name__})") from None
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise SkipFile(f"corrupt PDF ({exc.__class__.__name__})") from None
    return Document(str(path), "\n\n".join(texts), title or path.stem, page_starts=starts)


def _read_docx(path: Path) -> Document:
    import zipfile

    import docx2txt

    try:
        text = docx2txt.process(str(path))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise SkipFile(f"corrupt DOCX ({exc.__class__.__name__})") from None
    return Document(str(path), clean_text(text or ""), path.stem)


# ---------------------------------------------------------------- chunking

TokenCounter = Callable[[list[str]], list[int]]


def chunk_document(
    doc: Document, count_tokens: TokenCounter, max_tokens: int = 200, overlap: int = 1
) -> list[Chunk]:
    """Pack whole sentences into chunks of at most `max_tokens`, repeating `overlap`
    sentences at the start of the next chunk so that no fact is cut off from its context.
    A chunk never spans two pages, so a quote's page is its chunk's page."""
    spans, sizes = _bounded_spans(doc.text, split_sentences(doc.text), count_tokens, max_tokens)
    if not spans:
        return []
    pages = [doc.page_at(start) for start, _ in spans]
    groups: list[tuple[int, int]] = []  # [first, last] sentence indexes
    first = 0
    while first < len(spans):
        last, total = first, sizes[first]
        while (last + 1 < len(spans) and total + sizes[last + 1] <= max_tokens
               and pages[last + 1] == pages[first]):
            last += 1
            total += sizes[last]
        groups.append((first, last))
        if last + 1 >= len(spans):
            break
        first = max(last + 1 - overlap, first + 1) if pages[last + 1] == pages[last] else last + 1
    chunks: list[Chunk] = []
    for index, (a, b) in enumerate(groups):
        start, end = spans[a][0], spans[b][1]
        text = doc.text[start:end]
        chunk_id = hashlib.sha256(f"{doc.source}\0{start}\0{text}".encode()).hexdigest()[:32]
        chunks.append(Chunk(chunk_id, doc.source, index, text, start, end,
                            doc.page_at(start), doc.title, doc.heading_at(start)))
    return chunks


def _bounded_spans(
    text: str, spans: list[tuple[int, int]], count_tokens: TokenCounter, max_tokens: int
) -> tuple[list[tuple[int, int]], list[int]]:
    """Split any sentence longer than the window at word boundaries; the spans and their
    sizes in word pieces."""
    out: list[tuple[int, int]] = []
    out_sizes: list[int] = []
    for (start, end), size in zip(spans, count_tokens([text[s:e] for s, e in spans])):
        if size <= max_tokens:
            out.append((start, end))
            out_sizes.append(size)
            continue
        pieces: list[tuple[int, int]] = []
        words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        # Word pieces per word vary; halve the step until a piece fits.
        step = max(1, int(len(words) * max_tokens / size * 0.9))
        i = 0
        while i < len(words):
            j = min(len(words), i + step)
            while j - i > 1 and count_tokens([text[words[i][0]:words[j - 1][1]]])[0] > max_tokens:
                j = i + max(1, (j - i) // 2)
            pieces.append((words[i][0], words[j - 1][1]))
            i = j
        out.extend(pieces)
        out_sizes.extend(count_tokens([text[s:e] for s, e in pieces]))
    return out, out_sizes
