"""Tables: CSV/TSV (stdlib csv) and XLSX (openpyxl, the `formats` extra).

Each data row becomes one line that carries its header, "Row 7: name: Ada; city: Paris.",
and is its own page, numbered as a spreadsheet numbers it (the header is usually row 1). So
a chunk never mixes rows, and a quote is cited by its row (and sheet) alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from assistant.loading.build import TextBuilder
from assistant.loading.extras import require
from assistant.loading.model import Document, SkipFile
from assistant.loading.text import decode_bytes


def read_csv(path: Path) -> Document:
    text, note = decode_bytes(path.read_bytes())
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text)
    builder = TextBuilder()
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        add_table(builder, enumerate(rows, start=1), label="Row")
    except csv.Error as exc:  # a NUL byte past the first 8 KB, a field over csv's size limit
        raise SkipFile(f"corrupt CSV ({exc})") from None
    return builder.document(path, path.stem, [note] if note else [])


def _sniff_delimiter(text: str) -> str:
    """Comma unless the first lines say semicolon, tab or bar (Excel in many locales writes ';')."""
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_xlsx(path: Path) -> Document:
    openpyxl = require("openpyxl", "openpyxl")
    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors on damaged files
        raise SkipFile(f"corrupt XLSX ({exc.__class__.__name__})") from None
    builder = TextBuilder()
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # a wrong stored size must not make it walk a million empty rows
            rows = ((n, [format_cell(v) for v in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), 1))
            add_table(builder, rows, label=f"Sheet {sheet.title}, row", heading=f"Sheet {sheet.title}")
        title = book.properties.title or ""
    except SkipFile:
        raise
    except Exception as exc:
        raise SkipFile(f"corrupt XLSX ({exc.__class__.__name__})") from None
    finally:
        book.close()  # read-only mode keeps the file open until closed
    return builder.document(path, title)


def add_table(
    builder: TextBuilder, rows: Iterable[tuple[int, Sequence[str]]], label: str, heading: str | None = None
) -> None:
    """The first non-empty row is the header; each later non-empty row is a page of its own,
    numbered by its row number in the file."""
    header: list[str] | None = None
    for number, cells in rows:
        cells = [" ".join(c.split()) for c in cells]
        if not any(cells):
            continue
        if header is None:
            header = [c or f"column {column_name(i)}" for i, c in enumerate(cells)]
            continue
        pairs = [
            (header[i] if i < len(header) else f"column {column_name(i)}", value)
            for i, value in enumerate(cells)
            if value
        ]
        line = f"{label} {number}: " + "; ".join(f"{name}: {value}" for name, value in pairs)
        builder.start_page(number, heading)
        heading = None  # the sheet's heading starts at its first row
        builder.add(line if line[-1] in ".!?" else line + ".")


def column_name(index: int) -> str:
    """Spreadsheet letters of a 0-based column: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def format_cell(value: Any) -> str:
    """A cell as people read it: 3 not 3.0, a date without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
