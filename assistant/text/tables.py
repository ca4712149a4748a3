"""Plain-text tables: cells lined up in columns with spaces, as reports, letters and other
programs' exports write them.

    Medicine                  Dose         When
    ------------------------  -----------  ---------------
    Meloxicam 1.5 mg/ml oral  1.3 ml by    Once daily with
    suspension                syringe      breakfast
    Amoxicillin 250 mg        1 tablet     Twice daily

Each row states a fact of its own, read with its header, as a Markdown table's row is. Its
lines are long and end without a full stop, so a sentence splitter glued a whole table into one
"sentence" and no row could be quoted alone. A table is a header of cells two or more spaces
apart with a rule under it (dashes across, or a group over each column), then its rows down to
a blank line. A header without a rule is left to be read as a form's fields, line by line
("Maths      EXS      1"): read as a table's rows, its rows lost more answers than they gained
on the tuning sets. A cell too long for its column goes on in the line below: a line goes on
the row above when its first cell is empty or begins in lower case or a bracket, or begins with
a digit and the line fills fewer cells than the row's first ("250 mg tablets" under
"Amoxicillin"). A two-cell line is a form's
field ("Tax code:     1185L", `sentences.field`), not a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The rule under a header, a group of dashes (or of "=") over each column: where they start.
_COLUMN_RULE = re.compile(r"[ \t]*[-=]{3,}(?:[ \t]+[-=]{3,})+[ \t]*")
_RULE = re.compile(r"[ \t]*[-=_]{3,}(?:[ \t]+[-=_]{3,})*[ \t]*")  # any rule: one across, or a group a column


def is_rule(line: str) -> bool:
    """Is the line a rule, one of dashes across or a group of them over each column?"""
    return _RULE.fullmatch(line) is not None


_GAP = re.compile(r"\S(?: {2,}|\t+)(?=\S)")  # two spaces or a tab between two cells
_HEADER_CELLS = 3  # under a rule across: "Medicine   Dose   When"; two cells are a form's field


@dataclass(frozen=True)
class Row:
    """A table's row in a text: [start, end) from its first cell to the last character of its
    last line. A row of several lines starts at its first line's start, indent and all, so that
    its lines keep their columns (`cells`)."""

    start: int
    end: int
    header: str  # the header line's cells, "; " between them
    header_start: int  # where the header line starts in the text


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def _starts(line: str) -> list[int]:
    """Where each cell of a line starts: its first character, and each after a gap."""
    first = len(line) - len(line.lstrip())
    return [first, *(m.end() for m in _GAP.finditer(line))] if line.strip() else []


def cell_count(line: str) -> int:
    """How many cells a line has, two spaces or a tab apart ("Off-Peak   £24.99   Gym floor
    only": 3); a line of prose has one."""
    return len(_starts(line))


def _cell_at(line: str, columns: list[int], i: int) -> str:
    end = columns[i + 1] if i + 1 < len(columns) else len(line)
    return line[columns[i] : end].strip() if columns[i] < len(line) else ""


def rows(text: str) -> list[Row]:
    """The rows of the text's plain-text tables, in text order."""
    if "---" not in text and "===" not in text and "___" not in text:
        return []  # no rule, no table: most text, asked of every passage several times
    return list(_rows(text))


@lru_cache(maxsize=1024)  # asked of a passage by sentence_lines and by the evidence ranking alike
def _rows(text: str) -> tuple[Row, ...]:
    spans = _line_spans(text)
    out: list[Row] = []
    i = 0
    while i < len(spans):
        line = text[slice(*spans[i])]
        under = text[slice(*spans[i + 1])] if i + 1 < len(spans) else ""
        grouped = _COLUMN_RULE.fullmatch(under) is not None  # the rule shows where the columns are
        columns = _starts(under) if grouped else _starts(line)
        if not is_rule(under) or is_rule(line) or len(_starts(line)) < (2 if grouped else _HEADER_CELLS):
            i += 1
            continue
        found, after = _body(text, spans, i + 2, columns)
        if found:
            header = "; ".join(c for c in (_cell_at(line, columns, k) for k in range(len(columns))) if c)
            out += [Row(start, end, header, spans[i][0]) for start, end in found]
            i = after
        else:
            i += 1
    return tuple(out)


def _body(text: str, spans: list[tuple[int, int]], i: int, columns: list[int]) -> tuple[list[tuple[int, int]], int]:
    """The rows from line i down to a blank line or a line that is no row, and the index of the
    line after them."""
    found: list[tuple[int, int]] = []
    filled_first = 0  # how many cells the current row's first line fills
    while i < len(spans):
        s, e = spans[i]
        line = text[s:e].rstrip()
        if not line.strip():
            break
        if is_rule(line):  # a rule above a total ("Totals ... £187.60")
            filled_first = 0
            i += 1
            continue
        cells = [_cell_at(line, columns, k) for k in range(len(columns))]
        filled = sum(1 for c in cells if c)
        first = cells[0]
        goes_on = bool(found) and filled_first > 0 and _goes_on(first, filled, filled_first)
        if goes_on:
            found[-1] = (text.rfind("\n", 0, found[-1][0]) + 1, s + len(line))  # its lines keep their columns
        elif len(_starts(line)) >= 2:
            found.append((s + len(line) - len(line.lstrip()), s + len(line)))
            filled_first = filled
        else:
            break  # a line of prose under the table
        i += 1
    return found, i


def _goes_on(first: str, filled: int, filled_first: int) -> bool:
    """Does a line whose first cell is `first`, filling `filled` cells, go on the row whose
    first line fills `filled_first`? Yes when its first cell is empty or goes on in lower case
    or a bracket ("(Sando-K)" under "Potassium"); one begun with a digit only when the line
    fills fewer cells ("250 mg tablets" under "Amoxicillin/clavulanic acid"), since a table of
    dates begins each row with one."""
    if not first or first[0] == "(" or first[0].islower():
        return True
    return first[0].isdigit() and filled < filled_first


def shown(text: str) -> list[list[str]] | None:
    """The cells of each plain-text table row in the text (a quote of one row or several), each
    cell's lines joined: [["Meloxicam 1.5 mg/ml oral suspension", "1.3 ml by syringe", ...]];
    None for text that is no such rows (a line of fewer than three cells among them)."""
    rows = row_texts(text)
    if rows is None:
        return None
    out = [cells(row) for row in rows]
    return [row for row in out if row] if all(out) else None


def row_texts(text: str) -> list[str] | None:
    """The lines of each plain-text table row in the text, a row's lines that go on it
    ("  single item limit  £350" under "Personal belongings  £2,000  £100") joined to it; None
    for text with no line or with a rule."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if not lines or any(is_rule(line) for line in lines):
        return None
    columns = _starts(lines[0])
    grouped: list[list[str]] = []
    filled_first = 0
    for line in lines:
        row_cells = [_cell_at(line, columns, k) for k in range(len(columns))]
        filled = sum(1 for c in row_cells if c)
        if grouped and _goes_on(row_cells[0], filled, filled_first):
            grouped[-1].append(line)
        else:
            grouped.append([line])
            filled_first = filled
    return ["\n".join(group) for group in grouped]


def cells(text: str) -> list[str] | None:
    """The cells of a plain-text table's row (one line or several), each cell's lines joined:
    "Meloxicam 1.5 mg/ml oral suspension" of a first cell on two lines; None for text that is
    no such row (fewer than three cells, or lines that share fewer columns)."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    if len(lines) == 1:
        line = lines[0]
        if any(line[m.start()] in ".!?" for m in _GAP.finditer(line)):
            return None  # "... ends here.  Next sentence": prose spaced out
        found = [c.strip() for c in re.split(r" {2,}|\t+", line.strip())]
        return found if len(found) >= _HEADER_CELLS else None
    width = max(len(line) for line in lines)
    blank = [all(p >= len(line) or line[p] == " " for line in lines) for p in range(width)]
    bounds, p = [], 0
    while p < width:  # runs of two or more columns blank in every line divide the cells
        if blank[p]:
            q = p
            while q < width and blank[q]:
                q += 1
            if q - p >= 2 and p > 0 and q < width:
                bounds.append((p, q))
            p = q
        else:
            p += 1
    edges = [0, *(q for _, q in bounds)]
    ends = [*(p for p, _ in bounds), width]
    if len(edges) < _HEADER_CELLS:
        return None  # a field whose value goes on below ("Attainment:   WTS = ..."), or a hanging indent
    return [" ".join(line[a:b].strip() for line in lines if line[a:b].strip()) for a, b in zip(edges, ends)]
