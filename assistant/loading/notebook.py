"""Jupyter notebooks (.ipynb, plain JSON: no parser needed). Cell N is page N, counted as
Jupyter shows them; Markdown cells give headings, code cells are kept as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.loading.build import TextBuilder
from assistant.loading.model import Document, SkipFile
from assistant.loading.text import decode_bytes, markdown_headings


def read_ipynb(path: Path) -> Document:
    text, _ = decode_bytes(path.read_bytes())
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SkipFile(f"corrupt notebook (not JSON: {exc.msg} at line {exc.lineno})") from None
    cells = _cells(notebook)
    builder = TextBuilder()
    title = ""
    for number, cell in enumerate(cells, start=1):
        kind = cell.get("cell_type")
        source = _joined(cell.get("source", cell.get("input", "")))
        builder.start_page(number)
        if kind == "heading":  # nbformat 3: the whole cell is a heading
            builder.add(source, heading=" ".join(source.split()))
        elif kind == "markdown":
            headings = markdown_headings(source)
            title = title or next((h for at, h in headings if source[at:].startswith("# ")), "")
            builder.add(source, inner_headings=headings)
        elif kind == "code":
            builder.add(source)
    return builder.document(path, title)


def _cells(notebook: Any) -> list[dict[str, Any]]:
    """nbformat 4 keeps cells at the top; 3 kept them in worksheets."""
    if not isinstance(notebook, dict):
        raise SkipFile("corrupt notebook (not a JSON object)")
    cells = notebook.get("cells")
    if cells is None:
        cells = [
            c for sheet in notebook.get("worksheets") or [] if isinstance(sheet, dict) for c in sheet.get("cells") or []
        ]
    if not isinstance(cells, list):
        raise SkipFile("corrupt notebook (cells is not a list)")
    return [c for c in cells if isinstance(c, dict)]


def _joined(source: Any) -> str:
    """A cell's source: a string, or a list of lines that keep their own newlines."""
    if isinstance(source, list):
        return "".join(str(line) for line in source)
    return str(source or "")
