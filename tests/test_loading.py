"""Reading and chunking: spans point at the original text, bad files give reasons."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from assistant.loading import (
    Document,
    SkipFile,
    chunk_document,
    clean_text,
    decode_text,
    discover,
    load,
    split_sentences,
)
from assistant.text import sentence_lines


def words(texts: list[str]) -> list[int]:
    return [len(t.split()) for t in texts]


def test_sentences_keep_spans_and_closing_quotes() -> None:
    text = "He said “no.” Then he left!  Was it late?\n\nNew paragraph without end"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "He said “no.”",
        "Then he left!",
        "Was it late?",
        "New paragraph without end",
    ]


def test_initials_and_abbreviations_do_not_end_a_sentence() -> None:
    text = (
        "McKinsey & Company was founded by James O. McKinsey in 1926. The T. T. Tsui Gallery "
        "opened in 1991. It uses approx. 8.8 pounds, e.g. less than Mr. Watt's engine. "
        "He moved to the U.S. The company grew. Lefevre (c. 1455–1536) taught. He died c. 1536. Then? "
        "Brown v. Board of Education was decided in 1954. It was led by J. A. Hobson and others. ... "
        "The main reason is trade."
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "McKinsey & Company was founded by James O. McKinsey in 1926.",
        "The T. T. Tsui Gallery opened in 1991.",
        "It uses approx. 8.8 pounds, e.g. less than Mr. Watt's engine.",
        "He moved to the U.S.",
        "The company grew.",
        "Lefevre (c. 1455–1536) taught.",
        "He died c. 1536.",
        "Then?",
        "Brown v. Board of Education was decided in 1954.",
        "It was led by J. A. Hobson and others. ...",
        "The main reason is trade.",
    ]


def test_a_list_items_number_stays_with_its_item() -> None:
    text = "Steps:\n1. Preheat the oven.\n2. Mix it.\n\n9. CONDUCT IN THE CLUB\n\nIt rose in 1998. Page 12. Then."
    assert [text[s:e] for s, e in sentence_lines(text)] == [
        "Steps:",
        "1. Preheat the oven.",
        "2. Mix it.",
        "9. CONDUCT IN THE CLUB",
        "It rose in 1998.",
        "Page 12.",
        "Then.",
    ]
    # a number at the start of a line that goes on from a wrapped one is no item's
    wrapped = (
        "It was first welded by burning a mixture of acetylene and compressed O\n2. This method later became common."
    )
    assert [wrapped[s:e] for s, e in sentence_lines(wrapped)] == [
        "It was first welded by burning a mixture of acetylene and compressed O\n2.",
        "This method later became common.",
    ]


def test_chunks_fit_the_window_overlap_and_quote_exactly() -> None:
    sentences = [f"Sentence number {i} talks about topic {i % 7} in some detail." for i in range(60)]
    text = " ".join(sentences)
    doc = Document("/tmp/x.txt", text, "x")
    chunks = chunk_document(doc, words, max_tokens=40, overlap=1)
    assert len(chunks) > 5
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text.split()) <= 40
    # one sentence of overlap: each chunk starts with the previous chunk's last sentence
    for before, after in zip(chunks, chunks[1:]):
        last = split_sentences(before.text)[-1]
        assert after.text.startswith(before.text[last[0] : last[1]])
    # stable ids: same content, same id; different content, different id
    again = chunk_document(Document("/tmp/x.txt", text, "x"), words, max_tokens=40, overlap=1)
    assert [c.id for c in chunks] == [c.id for c in again]
    assert len({c.id for c in chunks}) == len(chunks)


def test_an_enormous_sentence_is_split_at_words() -> None:
    text = "word " * 1000
    chunks = chunk_document(Document("/tmp/y.txt", text, "y"), words, max_tokens=50, overlap=0)
    assert all(len(c.text.split()) <= 50 for c in chunks)
    assert sum(len(c.text.split()) for c in chunks) == 1000


def test_an_over_long_table_is_split_between_its_rows_into_pieces_without_a_gap() -> None:
    from assistant.text import tables

    rows = "\n".join(f"Item {i:<4}      £{i}.00        Paid on day {i}\n  (line two of {i})" for i in range(30))
    text = "Costs:\n\nItem       Price        When\n---------  -----------  ------------\n" + rows + "\n"
    doc = Document("/tmp/t.txt", text, "t")
    chunks = chunk_document(doc, words, max_tokens=40, overlap=1)
    assert len(chunks) > 3 and all(len(c.text.split()) <= 40 for c in chunks)
    # Every row whole in some chunk, its wrapped line with it; neighbouring pieces touch.
    for row in tables.rows(text):
        assert any(c.start <= row.start and row.end <= c.end for c in chunks), text[row.start : row.end]
    assert all(after.start <= before.end for before, after in zip(chunks, chunks[1:]))  # no text between
    table = [c for c in chunks if "Item 5" in c.text or "Item 25" in c.text]
    assert all(text[c.start - 1] == "\n" or c.start == 0 for c in table)  # a piece starts at a line's start


def test_pages_and_headings_are_kept() -> None:
    doc = Document(
        "/tmp/z.pdf",
        "page one text.\n\npage two text.",
        "z",
        page_starts=[(1, 0), (2, 16)],
        headings=[(0, "Intro"), (16, "Second")],
    )
    chunks = chunk_document(doc, words, max_tokens=3, overlap=0)
    assert [(c.page, c.heading) for c in chunks] == [(1, "Intro"), (2, "Second")]


def test_a_chunk_never_spans_two_pages() -> None:
    pages = [" ".join(f"Page {n} sentence {i} is short." for i in range(3)) for n in (1, 2, 3)]
    text = "\n\n".join(pages)
    starts = [(n, text.index(f"Page {n} ")) for n in (1, 2, 3)]
    chunks = chunk_document(Document("/tmp/p.pdf", text, "p", page_starts=starts), words, max_tokens=200, overlap=1)
    assert [c.page for c in chunks] == [1, 2, 3]  # the window holds all three pages, but a quote's page is its chunk's
    assert all(c.text == pages[c.page - 1] for c in chunks)


def test_decode_text_cases() -> None:
    assert decode_text("héllo".encode()) == "héllo"
    assert decode_text(b"\xef\xbb\xbfbom") == "bom"
    assert decode_text("wide".encode("utf-16")) == "wide"
    with pytest.raises(SkipFile, match="binary"):
        decode_text(b"\x00\x01\x02abc")
    assert decode_text(b"caf\xe9 latin-1") == "café latin-1"  # a legacy code page, detected (test_formats.py)
    with pytest.raises(SkipFile, match="binary"):
        decode_text((bytes(range(1, 32)) + b"\x81\x8d\x90\xff") * 40)  # no NUL, but no text encoding reads it
    assert clean_text("a\x07b\r\nc") == "ab\nc"


def test_load_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "spaces.md").write_text("   \n\n  ")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    assert_skip(tmp_path / "empty.txt", "empty")
    assert_skip(tmp_path / "spaces.md", "no text")
    assert_skip(tmp_path / "bad.pdf", "PDF")
    assert_skip(tmp_path / "bad.docx", "DOCX")


def assert_skip(path: Path, fragment: str) -> None:
    with pytest.raises(SkipFile) as info:
        load(path)
    assert fragment.lower() in str(info.value).lower()


def test_markdown_html_and_docx(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text("# Title here\n\nIntro text.\n\n## Part two\n\nMore text.")
    doc = load(md)
    assert doc.title == "Title here"
    assert doc.heading_at(doc.text.index("More")) == "Part two"

    html = tmp_path / "b.html"
    html.write_text(
        "<html><head><title>Page</title><script>var x=1;</script></head>"
        "<body><h1>Head</h1><p>Body text here.</p></body></html>"
    )
    doc = load(html)
    assert doc.title == "Page"
    assert "var x" not in doc.text and "Body text here." in doc.text

    docx = tmp_path / "c.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Docx words inside.</w:t></w:r></w:p></w:body></w:document>",
        )
    assert "Docx words inside." in load(docx).text


def test_html_inline_elements_stay_in_their_line(tmp_path: Path) -> None:
    """office17.yaml: "<li>... performance, <i>The Treasure of Gull Island</i>, at 2 pm ...</li>"
    was read as three lines, and the quote stopped at "performance,"."""
    page = tmp_path / "news.html"
    page.write_text(
        "<html><body><ul><li><b>Thursday 17 July:</b> the show, <i>Gull Island</i>, at 2 pm.</li>"
        "<li>Next\nline of the source</li></ul><p>One<br>Two</p><pre>a = 1\nb = 2</pre></body></html>"
    )
    lines = load(page).text.splitlines()
    assert lines == ["- Thursday 17 July: the show, Gull Island, at 2 pm.", "- Next line of the source", "One"] + [
        "Two",
        "a = 1",
        "b = 2",
    ]


def test_html_list_items_keep_their_marks_and_stay_items(tmp_path: Path) -> None:
    """office16.yaml: items without a full stop ("<li>Eric Sandeman (1950–1974)</li>") after a
    long one were read as one sentence; with their marks each is an item of its own."""
    from assistant.text import sentence_lines

    page = tmp_path / "keepers.html"
    page.write_text(
        "<html><body><h2>Principal keepers</h2><ul><li>Archibald Munro (1921–1950), who kept the light through "
        "the Second World War, when it was shown only at the request of the Navy</li><li>Eric Sandeman "
        "(1950–1974)</li></ul><p>Each keeper had help.</p><ol><li><p>Switch off.</p></li><li>Wait</li></ol>"
        "</body></html>"
    )
    text = load(page).text
    said = [text[s:e] for s, e in sentence_lines(text)]
    assert "- Eric Sandeman (1950–1974)" in said
    assert said[-2:] == ["1. Switch off.", "2. Wait"]


def test_html_tables_of_data_are_read_a_row_to_a_line(tmp_path: Path) -> None:
    """office19.yaml: a fee table was read a cell to a line ("Junior", "Aged 8 to 17", "£75"), so
    no line said what the junior fee is. A table that lays out a page (a cell of a paragraph) is
    left as it was."""
    page = tmp_path / "fees.html"
    long_cell = "word " * 45
    page.write_text(
        "<html><body><p>Fees:</p><table><caption>Membership</caption>"
        "<tr><th>Category</th><th>Who</th><th>Fee</th></tr>"
        "<tr><td>Junior</td><td>Aged 8 to 17</td><td><b>£75</b></td></tr>"
        "<tr><td>Family</td><td>Two adults | children</td><td>£520</td></tr></table>"
        f"<table><tr><td>Menu</td><td>{long_cell}</td></tr></table></body></html>"
    )
    lines = load(page).text.splitlines()
    assert lines[:6] == [
        "Fees:",
        "Membership",
        "| Category | Who | Fee |",
        "|---|---|---|",
        "| Junior | Aged 8 to 17 | £75 |",
        "| Family | Two adults / children | £520 |",
    ]
    assert lines[6] == "Menu"


def test_discover_recurses_skips_and_survives_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "sub" / "deeper" / "b.md").write_text("b")
    (tmp_path / "sub" / "image.png").write_bytes(b"\x89PNG")
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "deeper" / "loop")
    found = discover([tmp_path, tmp_path / "missing"])
    assert [p.name for p in found.files] == ["a.txt", "b.md"]
    reasons = dict(found.skipped)
    assert "unsupported" in reasons[str(tmp_path / "sub" / "image.png")]
    assert reasons[str(tmp_path / "missing")] == "no such file or folder"
    assert any("symlink loop" in r for r in reasons.values())
