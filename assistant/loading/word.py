"""Word-processor documents: DOCX."""

from __future__ import annotations

import zipfile
from pathlib import Path

from assistant.loading.model import Document, SkipFile
from assistant.loading.text import clean_text


def read_docx(path: Path) -> Document:
    import docx2txt

    try:
        text = docx2txt.process(str(path))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise SkipFile(f"corrupt DOCX ({exc.__class__.__name__})") from None
    return Document(str(path), clean_text(text or ""), path.stem)
