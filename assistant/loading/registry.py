"""Which suffix is read by which reader, and `load`: one file in, a Document or SkipFile out.

Readers are imported when a file of their kind is read, so `assistant --help` and a folder
of text files never import pypdf, bs4 or an optional parser.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path

from assistant.loading.model import Document, SkipFile

# suffix -> kind; each kind is read by READERS[kind] = "module:function" in this package.
SUPPORTED = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pptx": "pptx",
    ".epub": "epub",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".ipynb": "ipynb",
    ".rtf": "rtf",
    ".odt": "odt",
    ".eml": "eml",
}

READERS = {
    "text": "text:read_text",
    "markdown": "text:read_markdown",
    "html": "html:read_html",
    "pdf": "pdf:read_pdf",
    "docx": "word:read_docx",
    "rtf": "word:read_rtf",
    "odt": "word:read_odt",
    "pptx": "slides:read_pptx",
    "epub": "ebook:read_epub",
    "csv": "sheets:read_csv",
    "xlsx": "sheets:read_xlsx",
    "ipynb": "notebook:read_ipynb",
    "eml": "mail:read_eml",
}

# What a "page" of each kind is called when a citation is shown ("row 7" of a sheet).
PAGE_NAMES = {"pptx": "slide", "csv": "row", "xlsx": "row", "ipynb": "cell"}


def kind_of(source: str) -> str:
    """A file's format as `status` counts it: html for .htm too; the bare suffix otherwise."""
    suffix = Path(source).suffix.lower()
    return SUPPORTED.get(suffix) or suffix.lstrip(".") or "(none)"


def page_name(source: str) -> str:
    return PAGE_NAMES.get(kind_of(source), "page")


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


def reader_for(kind: str) -> Callable[[Path], Document]:
    module, function = READERS[kind].split(":")
    reader: Callable[[Path], Document] = getattr(importlib.import_module(f"assistant.loading.{module}"), function)
    return reader


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
            raise SkipFile(
                f"too large: {size / 1e6:.1f} MB, the limit is {max_file_bytes() / 1e6:g} MB (ASSISTANT_MAX_FILE_MB)"
            )
        doc = reader_for(kind)(path)
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
