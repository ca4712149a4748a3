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


TABLE_CELL_WORDS = 40  # a longer cell is a page laid out in a table, not a table of data


def tables_as_rows(soup: BeautifulSoup) -> None:
    """Lay each table of data out as a browser shows it, a row to a line, written as a Markdown
    table's row ("| Junior | Aged 8 to 17 | £75 |"), with the rule under a header row of <th>
    cells. Read cell by cell, "Junior", "Aged 8 to 17" and "£75" were three lines, and no line
    said what the junior fee is. A table holding a table, or a cell of more than
    TABLE_CELL_WORDS words, lays out a page: its text is left as it is."""
    for table in soup.find_all("table"):
        if table.find("table") is not None:
            continue
        rows = [row.find_all(["td", "th"], recursive=False) for row in table.find_all("tr")]
        texts = [[" ".join(cell.get_text(" ").split()).replace("|", "/") for cell in row] for row in rows]
        if not any(any(row) for row in texts) or any(len(c.split()) > TABLE_CELL_WORDS for r in texts for c in r):
            continue
        headed = bool(rows[0]) and (
            all(cell.name == "th" for cell in rows[0]) or rows[0][0].find_parent("thead") is not None
        )
        caption = table.find("caption")
        lines = [" ".join(caption.get_text(" ").split())] if caption else []
        for at, cells in enumerate(texts):
            if any(cells):
                lines.append("| " + " | ".join(cells) + " |")
                if at == 0 and headed:
                    lines.append("|" + "---|" * len(cells))
        laid_out = soup.new_tag("div")
        for line in lines:
            block = soup.new_tag("p")
            block.string = line
            laid_out.append(block)
        table.replace_with(laid_out)


def soup_text(soup: BeautifulSoup) -> tuple[str, list[tuple[int, str]]]:
    """The text of parsed HTML, one line per block (inline elements kept in their line, the
    source's own line breaks inside a block read as spaces), and its headings (sorted by offset)."""
    for pre in soup.find_all("pre"):  # preformatted text keeps its lines
        for string in pre.find_all(string=True):
            string.replace_with(string.replace("\n", _BREAK))
    mark_list_items(soup)
    tables_as_rows(soup)
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
