"""PDF: the text layer page by page (pypdf); page N of the file is page N of the Document.
A page with images and no text layer is a scan: read by OCR with the `ocr` extra, else
reported as not read (the file is read again once the extra is installed)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from assistant.loading.extras import install_hint
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
        texts = [clean_text(page.extract_text() or "") for page in reader.pages]
        scanned = [
            n for n, (text, page) in enumerate(zip(texts, reader.pages), 1) if not text.strip() and _has_images(page)
        ]
        notes, needs_extra = _read_scanned(reader, texts, scanned)
        starts: list[tuple[int, int]] = []
        offset = 0
        for number, page_text in enumerate(texts, start=1):
            starts.append((number, offset))
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
    if scanned and needs_extra and not any(t.strip() for t in texts):
        raise SkipFile(f"scanned PDF without a text layer: {install_hint('ocr')} reads it by OCR")
    return Document(
        str(path), "\n\n".join(texts), title or path.stem, page_starts=starts, notes=notes, needs_extra=needs_extra
    )


def _has_images(page: Any) -> bool:
    try:
        return len(page.images) > 0  # lists the image objects; decodes none
    except Exception:  # a damaged resource dictionary: no OCR for this page
        return False


def _read_scanned(reader: Any, texts: list[str], scanned: list[int]) -> tuple[list[str], str | None]:
    """Put the OCR text of each scanned page (1-based numbers) into `texts`; the notes for the
    report, and "ocr" when the engine is missing and the pages stay unread."""
    if not scanned:
        return [], None
    from assistant.loading.ocr import ocr_available, read_image

    if not ocr_available():
        return [
            f"{_pages(scanned)} no text layer (scanned), not read; to read scans by OCR: {install_hint('ocr')}"
        ], "ocr"
    unread: list[int] = []
    for number in scanned:
        try:
            texts[number - 1] = clean_text(
                "\n".join(
                    read_image(image.image) for image in reader.pages[number - 1].images if image.image is not None
                )
            )
        except Exception:  # an image format Pillow cannot decode (JBIG2, damaged data)
            unread.append(number)
    notes = [f"{_pages([n for n in scanned if n not in unread])} read by OCR"] if len(unread) < len(scanned) else []
    if unread:
        notes.append(f"{_pages(unread)} scanned, but OCR could not read the images")
    return notes, None


def _pages(numbers: list[int]) -> str:
    """ "page 3" or "pages 1-4, 7": runs of consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    label = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"page {label}:" if len(numbers) == 1 else f"pages {label}:"
