"""Finding, reading and chunking documents.

A loaded document is its plain text plus where each page starts; chunks keep the
character span of that text, so a citation can quote the exact words it stands on.

One module per job: `discovery` finds files, `registry` maps suffixes to readers and
loads one file, a module per format family reads it (`text`, `html`, `pdf`, `word`, ...),
and `chunking` cuts the text into chunks. This module is the public face: callers import
from `assistant.loading` only.

llama-index-readers-file's readers were weighed for each new format and not used: importing
the package costs ~1.5 s and pulls pandas for every reader, its PptxReader sets the root
logger to INFO at import, its EpubReader needs EbookLib (AGPL-3.0) and drops chapter order and
headings, its IPYNBReader needs nbconvert, its CSV/Excel readers drop the header from rows,
and it has no ODT or EML reader. The parsers underneath (python-pptx, openpyxl, striprtf) are
used directly; epub, ipynb, csv and eml need only the standard library and bs4.
"""

from __future__ import annotations

from assistant.loading.chunking import TokenCounter, chunk_document
from assistant.loading.discovery import Discovery, discover, file_hash
from assistant.loading.model import Chunk, Document, SkipFile
from assistant.loading.registry import DEFAULT_MAX_FILE_MB, SUPPORTED, load, max_file_bytes
from assistant.loading.text import clean_text, decode_bytes, decode_text
from assistant.text.sentences import split_sentences

__all__ = [
    "DEFAULT_MAX_FILE_MB",
    "SUPPORTED",
    "Chunk",
    "Discovery",
    "Document",
    "SkipFile",
    "TokenCounter",
    "chunk_document",
    "clean_text",
    "decode_bytes",
    "decode_text",
    "discover",
    "file_hash",
    "load",
    "max_file_bytes",
    "split_sentences",
]
