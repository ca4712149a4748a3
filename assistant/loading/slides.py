"""Presentations: PPTX (python-pptx, the `formats` extra). Slide N is page N: its title is
the heading, then its text boxes and tables in the slide's order, then its speaker notes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.loading.build import TextBuilder
from assistant.loading.extras import require
from assistant.loading.model import Document, SkipFile


def read_pptx(path: Path) -> Document:
    pptx = require("pptx", "python-pptx")
    try:
        deck = pptx.Presentation(str(path))
        builder = TextBuilder()
        first_title = ""
        for number, slide in enumerate(deck.slides, start=1):
            title = _title(slide)
            first_title = first_title or title
            builder.start_page(number, f"Slide {number}: {title}" if title else f"Slide {number}")
            for paragraph in _paragraphs(slide.shapes):
                builder.add(paragraph)
            if slide.has_notes_slide and (notes := slide.notes_slide.notes_text_frame):
                builder.add(f"Notes: {notes.text}" if notes.text.strip() else "")
        title = deck.core_properties.title or first_title
    except SkipFile:
        raise
    except Exception as exc:  # zipfile, lxml and python-pptx's own errors on damaged files
        raise SkipFile(f"corrupt PPTX ({exc.__class__.__name__})") from None
    return builder.document(path, title)


def _title(slide: Any) -> str:
    shape = slide.shapes.title
    return " ".join(shape.text_frame.text.split()) if shape is not None and shape.has_text_frame else ""


def _paragraphs(shapes: Any) -> Iterator[str]:
    """Each text paragraph, and each table row as "cell | cell", in the slide's shape order
    (groups opened); a paragraph is its own part, so bullets stay separate sentences."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _paragraphs(shape.shapes)
        elif shape.has_text_frame:
            yield from (paragraph.text for paragraph in shape.text_frame.paragraphs)
        elif getattr(shape, "has_table", False):
            for row in shape.table.rows:
                yield " | ".join(" ".join(cell.text.split()) for cell in row.cells)
