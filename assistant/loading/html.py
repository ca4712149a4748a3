"""HTML pages: visible text line by line, the <title>, and h1-h6 as headings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.loading.model import Document
from assistant.loading.text import clean_text, decode_bytes

if TYPE_CHECKING:
    from bs4 import BeautifulSoup


def read_html(path: Path) -> Document:
    from bs4 import BeautifulSoup

    html, note = decode_bytes(path.read_bytes())
    soup = BeautifulSoup(html, "html.parser")
    drop_invisible(soup)
    title = soup.title.get_text(strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    text, headings = soup_text(soup)
    return Document(str(path), text, title or path.stem, headings=headings, notes=[note] if note else [])


def drop_invisible(soup: BeautifulSoup) -> None:
    """Remove what a browser does not show as text: scripts, styles, templates."""
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()


# Elements that sit inside a line of text: "<li>... performance, <i>The Treasure of Gull
# Island</i>, at 2 pm ...</li>" is one line, as a browser shows it. Every other element (a
# paragraph, a list item, a table cell, <br>) starts a line of its own.
_INLINE = frozenset(
    """a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd label mark q s samp small
    span strike strong sub sup time tt u var wbr""".split()
)
_BREAK = "\x00"  # between two blocks; no document's text holds it


def mark_list_items(soup: BeautifulSoup) -> None:
    """Start each list item's text with its mark, as a browser shows it: "- " in a bulleted
    list, "1. " in a numbered one. An item is then a line of its own to the sentence splitter,
    which otherwise reads an item without a full stop as wrapped onto the next ("Archibald
    Munro (1921-1950), who kept the light ... Eric Sandeman (1950-1974)" was one sentence)."""
    for item in soup.find_all("li"):
        first = item.find(string=lambda text: bool(text.strip()))
        if first is None:
            continue
        parent = item.find_parent(["ol", "ul"])
        numbered = parent is not None and parent.name == "ol"
        mark = f"{len(item.find_previous_siblings('li')) + 1}. " if numbered else "- "
        first.replace_with(mark + first.lstrip())


def soup_text(soup: BeautifulSoup) -> tuple[str, list[tuple[int, str]]]:
    """The text of parsed HTML, one line per block (inline elements kept in their line, the
    source's own line breaks inside a block read as spaces), and its headings (sorted by offset)."""
    for pre in soup.find_all("pre"):  # preformatted text keeps its lines
        for string in pre.find_all(string=True):
            string.replace_with(string.replace("\n", _BREAK))
    mark_list_items(soup)
    for tag in soup.find_all(True):
        if tag.name not in _INLINE:
            tag.insert_before(_BREAK)
            tag.append(_BREAK)
    parts = [" ".join(block.split()) for block in soup.get_text().split(_BREAK)]
    text = clean_text("\n".join(p for p in parts if p))
    headings: list[tuple[int, str]] = []
    for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        label = " ".join(h.get_text(" ").split())
        at = text.find(label)
        if label and at >= 0:
            headings.append((at, label))
    headings.sort()
    return text, headings
