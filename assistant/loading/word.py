"""Word-processor documents: DOCX (docx2txt), RTF (striprtf) and ODT (odfpy); the last two
come with the `formats` extra."""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path
from typing import Any

from assistant.loading.build import TextBuilder
from assistant.loading.extras import require
from assistant.loading.model import Document, SkipFile
from assistant.loading.text import clean_text


def read_docx(path: Path) -> Document:
    import docx2txt

    try:
        text = docx2txt.process(str(path))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise SkipFile(f"corrupt DOCX ({exc.__class__.__name__})") from None
    return Document(str(path), clean_text(text or ""), path.stem)


_ANSI_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def read_rtf(path: Path) -> Document:
    """RTF via striprtf (the parser llama-index's RTFReader wraps; that reader opens the file
    in the locale's text encoding, which fails on 8-bit bytes under a C locale). RTF is 7-bit
    text whose escaped bytes are in the code page its header names (\\ansicpg)."""
    striprtf = require("striprtf.striprtf", "striprtf")
    raw = path.read_bytes()
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise SkipFile("not an RTF file (it does not start with {\\rtf)")
    match = _ANSI_CODEPAGE.search(raw[:4096])
    codepage = f"cp{match.group(1).decode()}" if match else "cp1252"
    try:
        codecs.lookup(codepage)
    except LookupError:
        codepage = "cp1252"
    try:
        # latin-1 maps each byte to one character; striprtf decodes \'xx escapes by `codepage`.
        text = striprtf.rtf_to_text(raw.decode("latin-1"), encoding=codepage, errors="replace")
    except Exception as exc:  # striprtf raises plain errors (IndexError, ValueError) on damaged files
        raise SkipFile(f"corrupt RTF ({exc.__class__.__name__})") from None
    return Document(str(path), clean_text(text), path.stem)


def read_odt(path: Path) -> Document:
    """OpenDocument text via odfpy: paragraphs and headings (text:h) in document order, lists
    and tables opened."""
    opendocument = require("odf.opendocument", "odfpy")
    from odf import dc

    try:
        document = opendocument.load(str(path))
        builder = TextBuilder()
        _odt_blocks(document.text, builder)
        titles = [str(t) for t in document.meta.getElementsByType(dc.Title)] if document.meta else []
    except SkipFile:
        raise
    except Exception as exc:  # zipfile, xml.sax and odfpy's own errors on damaged files
        raise SkipFile(f"corrupt ODT ({exc.__class__.__name__})") from None
    title = (titles[0] if titles else "") or (builder.headings[0][1] if builder.headings else "")
    return builder.document(path, title)


def _odt_blocks(element: Any, builder: TextBuilder) -> None:
    from odf import teletype
    from odf.namespaces import TEXTNS

    for node in element.childNodes:
        qname = getattr(node, "qname", None)
        if qname == (TEXTNS, "h"):
            heading = " ".join(teletype.extractText(node).split())
            builder.add(heading, heading=heading)
        elif qname == (TEXTNS, "p"):
            builder.add(teletype.extractText(node))
        elif getattr(node, "childNodes", None):
            _odt_blocks(node, builder)
