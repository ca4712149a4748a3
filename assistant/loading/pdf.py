"""PDF: the text layer page by page (pypdf); page N of the file is page N of the Document."""

from __future__ import annotations

import logging
from pathlib import Path

from assistant.loading.model import Document, SkipFile
from assistant.loading.text import clean_text


def read_pdf(path: Path) -> Document:
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
