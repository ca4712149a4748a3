"""Formats beyond txt/md/pdf/html/docx, text in other encodings, and file names that need
escaping. Each test writes a real file with the real library, loads it, and where it
matters runs the real ingest and `ask` (real store, real models)."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from assistant.loading import SkipFile, chunk_document, decode_bytes, load
from tests.conftest import run_cli, write_pdf


def ingest(store: Path, *paths: Path) -> dict:
    return json.loads(run_cli("ingest", *map(str, paths), "--store", str(store), "--json").stdout)


def ask(store: Path, question: str) -> dict:
    proc = run_cli("ask", question, "--store", str(store), "-b", "extractive", "--json")
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- encodings

FRENCH = "Le café de la gare était fermé à l'aube. Où est passé le thé? Voilà, c'est très bien.\n"


@pytest.mark.parametrize(
    ("text", "codec", "named"),
    [
        (FRENCH, "latin-1", "windows-1252"),  # Latin-1 text is Windows-1252 text: same letters
        ("Die Straße kostet 5 € – „schön“ und ‚gut‘. Über Größe wird gesprochen.\n", "cp1252", "windows-1252"),
        ("naïve résumé “quoted” – dash\n", "cp1252", "windows-1252"),  # short: cp1250 reads it as "naďve"
        ("café", "latin-1", "windows-1252"),  # 4 bytes: UTF-16-BE would read them too
        ("Привет, как дела? Это тест кодировки для русского текста.\n" * 3, "cp1251", "windows-1251"),
        ("Zażółć gęślą jaźń, to jest polski tekst.\n" * 3, "cp1250", "windows-1250"),
        ("wide text, Grüße\n", "utf-16", "UTF-16"),
    ],
)
def test_legacy_and_bom_encodings_are_detected_and_named(text: str, codec: str, named: str) -> None:
    decoded, note = decode_bytes(text.encode(codec))
    assert decoded == text
    assert note is not None and named in note


def test_utf8_needs_no_note_and_binary_is_still_skipped() -> None:
    assert decode_bytes("plain ünïcode".encode()) == ("plain ünïcode", None)
    with pytest.raises(SkipFile, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(SkipFile, match="binary"):
        decode_bytes((bytes(range(1, 9)) + b"\x81\x8d\x8f\x90\x9d\xff") * 300)  # not UTF-8, no code page fits


def test_a_windows_1252_file_is_ingested_and_the_encoding_reported(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "legacy.txt").write_bytes(
        (
            "The château at Montréal costs 5 € per visit. " * 3 + "Its façade was rebuilt in 1874 by Gérard Lefèvre."
        ).encode("cp1252")
    )
    report = ingest(tmp_path / "store", docs)
    assert report["files_ingested"] == 1 and not report["failed"]
    assert [(Path(n["path"]).name, n["note"]) for n in report["notes"]] == [
        ("legacy.txt", "encoding windows-1252 assumed (not UTF-8)")
    ]
    answer = ask(tmp_path / "store", "Who rebuilt the façade?")
    assert "Gérard Lefèvre" in answer["answer"]  # decoded right: no mojibake in the quote
    # The text report says it too, on the file's own line.
    (docs / "legacy.txt").write_bytes("Une deuxième version, très différente.".encode("cp1252"))
    proc = run_cli("ingest", str(docs), "--store", str(tmp_path / "store"))
    assert "legacy.txt: encoding windows-1252 assumed (not UTF-8)" in proc.stderr


# ---------------------------------------------------------------- file names


def test_a_file_name_with_a_newline_is_escaped_in_text_output_and_kept_in_json(tmp_path: Path) -> None:
    docs, store = tmp_path / "docs", tmp_path / "store"
    docs.mkdir()
    named = docs / "forged\nskipped evil.txt: fake line.txt"
    named.write_bytes(
        ("The lighthouse at Brimsholm was painted green in 1931 by the harbour board. " * 2).encode("cp1252")
        + "Gr\u00fc\u00dfe.".encode("cp1252")
    )
    (docs / "bad\x1b[31mred.txt").write_bytes(b"")
    proc = run_cli("ingest", str(docs), "--store", str(store))
    lines = proc.stderr.splitlines()
    assert any(line.startswith("read ") and "forged\\nskipped evil.txt: fake line.txt" in line for line in lines)
    assert any("bad\\x1b[31mred.txt: empty file" in line for line in lines)
    assert not any(line.startswith("skipped evil") for line in lines)  # no forged line
    assert "\x1b" not in proc.stdout + proc.stderr

    text = run_cli(
        "ask", "When was the lighthouse at Brimsholm painted green?", "--store", str(store), "-b", "extractive"
    ).stdout
    source_lines = [line for line in text.splitlines() if line.lstrip().startswith("[1]")]
    assert source_lines and "forged\\nskipped evil.txt: fake line.txt" in source_lines[0]
    assert ask(store, "When was the lighthouse at Brimsholm painted green?")["citations"][0]["source"] == str(named)


# ---------------------------------------------------------------- writers of real files


def write_pptx(path: Path) -> None:
    pptx = pytest.importorskip("pptx")
    from pptx.util import Inches

    deck = pptx.Presentation()
    deck.core_properties.title = "Harbour report"
    first = deck.slides.add_slide(deck.slide_layouts[1])  # title and content
    first.shapes.title.text = "Ferry timetable"
    body = first.placeholders[1].text_frame
    body.text = "The morning ferry leaves Brimsholm at 06:40."
    body.add_paragraph().text = "The evening ferry leaves at 19:15."
    second = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    second.shapes.title.text = "Lighthouse repairs"
    table = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for (r, c), value in {(0, 0): "Part", (0, 1): "Cost", (1, 0): "Lamp", (1, 1): "4,200 kroner"}.items():
        table.cell(r, c).text = value
    second.notes_slide.notes_text_frame.text = "Tell them the lamp was repaired by Ingrid Solberg in March."
    deck.save(str(path))


def write_epub(path: Path) -> None:
    """An EPUB 3 written by hand: the manifest lists chapter two first, the spine reads one first."""
    chapter = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>x</title></head><body>{}</body></html>"
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        book.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Keeper\'s Log</dc:title></metadata>'
            '<manifest><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>'
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
            '<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/></manifest>'
            '<spine><itemref idref="nav"/><itemref idref="c1"/><itemref idref="c2"/></spine></package>',
        )
        book.writestr(
            "OEBPS/nav.xhtml",
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>'
            '<nav epub:type="toc"><ol><li><a href="text/one.xhtml">Chapter One: Arrival</a></li>'
            '<li><a href="text/two.xhtml#start">Chapter Two: The Storm</a></li></ol></nav></body></html>',
        )
        book.writestr(
            "OEBPS/text/one.xhtml",
            chapter.format("<p>The new keeper arrived on the island in April with two crates of books.</p>"),
        )
        book.writestr(
            "OEBPS/text/two.xhtml",
            chapter.format("<h2>Night</h2><p>During the storm the keeper rescued eleven fishermen from the reef.</p>"),
        )


def write_xlsx(path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import datetime

    book = openpyxl.Workbook()
    ships = book.active
    ships.title = "Ships"
    for row in [
        ["Name", "Tonnage", "Launched"],
        ["Aurora", 1200.0, datetime.date(1931, 5, 4)],
        ["Skarv", 640, datetime.date(1952, 9, 1)],
    ]:
        ships.append(row)
    crew = book.create_sheet("Crew")
    crew.append(["Person", "Role"])
    crew.append(["Ingrid Solberg", "lamp engineer"])
    book.save(str(path))


def write_ipynb(path: Path) -> None:
    cells = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["# Tide analysis\n", "\n", "Readings from the pier gauge."],
        },
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 1,
            "outputs": [],
            "source": ["import statistics\n", "highest_tide_m = max([2.1, 3.4, 2.9])  # the spring tide of March"],
        },
        {"cell_type": "raw", "metadata": {}, "source": "raw cells are not read"},
        {"cell_type": "markdown", "metadata": {}, "source": "## Result\n\nThe highest tide measured was 3.4 metres."},
    ]
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))


RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
    r"{\info{\title ignored}}\f0\fs24 The caf\'e9 on the pier opens at {\b seven} o'clock.\par "
    r"Its owner, Ren\'e9e Dahl, bakes \u8364? 3 buns.\par}"
)


def write_odt(path: Path) -> None:
    pytest.importorskip("odf")
    from odf import dc
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text="Harbour minutes"))
    document.text.addElement(H(outlinelevel=1, text="Budget"))
    document.text.addElement(P(text="The council approved 90,000 kroner for the new breakwater."))
    document.text.addElement(H(outlinelevel=1, text="Staff"))
    document.text.addElement(P(text="Ingrid Solberg becomes harbour master in June."))
    document.save(str(path))


def write_eml(path: Path) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "Änderung: ferry moved to pier 3"
    message["From"] = "Harbour Office <office@example.org>"
    message["To"] = "crew@example.org"
    message["Date"] = "Tue, 04 Mar 2025 09:30:00 +0100"
    message.set_content("From Monday the ferry to Brimsholm departs from pier 3 instead of pier 1.\n")
    message.add_attachment(b"%PDF-1.4 not read", maintype="application", subtype="pdf", filename="map.pdf")
    path.write_bytes(bytes(message))


CSV = (
    "Ship,Captain,Home port,Notes\n"
    'Aurora,Ingrid Solberg,Brimsholm,"Refitted in 1998, new engine"\n'
    "\n"
    'Skarv,Ole Hansen,Tromsø,"Carries mail\non Tuesdays"\n'
)


# ---------------------------------------------------------------- each format, loaded


def test_pptx_slides_are_pages_with_titles_as_headings_and_notes(tmp_path: Path) -> None:
    write_pptx(tmp_path / "deck.pptx")
    doc = load(tmp_path / "deck.pptx")
    assert doc.title == "Harbour report"
    at = doc.text.index("The evening ferry")
    assert (doc.page_at(at), doc.heading_at(at)) == (1, "Slide 1: Ferry timetable")
    at = doc.text.index("Notes: Tell them the lamp was repaired by Ingrid Solberg")
    assert (doc.page_at(at), doc.heading_at(at)) == (2, "Slide 2: Lighthouse repairs")
    assert doc.page_at(doc.text.index("Lamp | 4,200 kroner")) == 2


def test_epub_chapters_in_reading_order_with_their_toc_labels(tmp_path: Path) -> None:
    write_epub(tmp_path / "log.epub")
    doc = load(tmp_path / "log.epub")
    assert doc.title == "The Keeper's Log"
    one, two = doc.text.index("The new keeper arrived"), doc.text.index("During the storm")
    assert one < two  # spine order, not manifest order
    assert "Chapter One" not in doc.text  # the nav document is not a chapter
    assert doc.heading_at(one) == "Chapter One: Arrival"
    # "Night" opens chapter two: the chapter's label names it.
    assert doc.heading_at(doc.text.index("Night")) == doc.heading_at(two) == "Chapter Two: The Storm"


def test_csv_rows_carry_their_header_and_are_cited_by_row(tmp_path: Path) -> None:
    (tmp_path / "fleet.csv").write_text(CSV, encoding="utf-8")
    doc = load(tmp_path / "fleet.csv")
    lines = doc.text.split("\n\n")
    assert (
        lines[0]
        == "Row 2: Ship: Aurora; Captain: Ingrid Solberg; Home port: Brimsholm; Notes: Refitted in 1998, new engine."
    )
    assert lines[1] == "Row 4: Ship: Skarv; Captain: Ole Hansen; Home port: Tromsø; Notes: Carries mail on Tuesdays."
    assert doc.page_at(doc.text.index("Ole Hansen")) == 4  # the blank row 3 still counts
    (tmp_path / "semi.csv").write_bytes("Name;Town\nRenée;Liège\n".encode("cp1252"))
    doc = load(tmp_path / "semi.csv")
    assert doc.text == "Row 2: Name: Renée; Town: Liège." and "windows-1252" in doc.notes[0]
    (tmp_path / "tabs.tsv").write_text("Port\tDepth, m\nBrimsholm\t12,5\n")
    assert load(tmp_path / "tabs.tsv").text == "Row 2: Port: Brimsholm; Depth, m: 12,5."


def test_xlsx_rows_are_cited_by_sheet_and_row(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "fleet.xlsx")
    doc = load(tmp_path / "fleet.xlsx")
    assert "Sheet Ships, row 2: Name: Aurora; Tonnage: 1200; Launched: 1931-05-04." in doc.text
    at = doc.text.index("Sheet Crew, row 2: Person: Ingrid Solberg; Role: lamp engineer.")
    assert (doc.page_at(at), doc.heading_at(at)) == (2, "Sheet Crew")
    count_words = lambda texts: [len(t.split()) for t in texts]  # noqa: E731
    chunks = chunk_document(doc, count_words, max_tokens=200)
    # Row 2 of each sheet is its own chunk, though both are "page 2" and would fit in one.
    assert [(c.page, c.heading) for c in chunks] == [(2, "Sheet Ships"), (3, "Sheet Ships"), (2, "Sheet Crew")]


def test_ipynb_markdown_and_code_cells_are_pages(tmp_path: Path) -> None:
    write_ipynb(tmp_path / "tides.ipynb")
    doc = load(tmp_path / "tides.ipynb")
    assert doc.title == "Tide analysis"
    code = doc.text.index("highest_tide_m = max")
    assert (doc.page_at(code), doc.heading_at(code)) == (2, "Tide analysis")
    result = doc.text.index("The highest tide measured")
    assert (doc.page_at(result), doc.heading_at(result)) == (4, "Result")
    assert "raw cells" not in doc.text


def test_rtf_odt_and_eml(tmp_path: Path) -> None:
    pytest.importorskip("striprtf")
    (tmp_path / "cafe.rtf").write_text(RTF, encoding="ascii")
    text = load(tmp_path / "cafe.rtf").text
    assert "The café on the pier opens at seven o'clock." in text and "Renée Dahl, bakes € 3 buns." in text

    write_odt(tmp_path / "minutes.odt")
    doc = load(tmp_path / "minutes.odt")
    assert doc.title == "Harbour minutes"
    assert doc.heading_at(doc.text.index("Ingrid Solberg becomes")) == "Staff"
    assert doc.heading_at(doc.text.index("90,000 kroner")) == "Budget"

    write_eml(tmp_path / "notice.eml")
    doc = load(tmp_path / "notice.eml")
    assert doc.title == "Änderung: ferry moved to pier 3"
    assert doc.text.startswith(
        "Subject: Änderung: ferry moved to pier 3\nFrom: Harbour Office <office@example.org>\n"
        "To: crew@example.org\nDate: Tue, 04 Mar 2025 09:30:00 +0100"
    )
    assert "departs from pier 3 instead of pier 1." in doc.text and doc.text.endswith("Attachments: map.pdf")
    assert "not read" not in doc.text


@pytest.mark.parametrize(
    ("name", "data", "reason", "needs"),
    [
        ("bad.pptx", b"PK\x03\x04 not really a zip", "corrupt PPTX", "pptx"),
        ("bad.xlsx", b"not a zip", "corrupt XLSX", "openpyxl"),
        ("bad.epub", b"not a zip", "corrupt EPUB", None),
        ("bad.odt", b"not a zip", "corrupt ODT", "odf"),
        ("bad.ipynb", b'{"cells": [', "corrupt notebook", None),
        ("bad.rtf", b"plain words, no RTF header", "not an RTF file", "striprtf"),
        ("bad.csv", b"a,b\n" + b"x" * 200_000 + b",y\n", "corrupt CSV", None),
        ("empty.csv", b"only,a,header\n", "no text found", None),
    ],
)
def test_bad_files_of_each_new_format_are_skipped_with_one_line(
    tmp_path: Path, name: str, data: bytes, reason: str, needs: str | None
) -> None:
    if needs:  # the `formats` extra's reader; without it the file is skipped for that reason instead
        pytest.importorskip(needs)
    (tmp_path / name).write_bytes(data)
    with pytest.raises(SkipFile) as info:
        load(tmp_path / name)
    assert reason in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "module", "package"),
    [
        ("deck.pptx", "pptx", "python-pptx"),
        ("fleet.xlsx", "openpyxl", "openpyxl"),
        ("minutes.odt", "odf.opendocument", "odfpy"),
        ("cafe.rtf", "striprtf.striprtf", "striprtf"),
    ],
)
def test_without_the_formats_extra_a_file_is_skipped_with_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, module: str, package: str
) -> None:
    (tmp_path / name).write_bytes(b"{\\rtf1 x}" if name.endswith(".rtf") else b"PK\x03\x04")
    monkeypatch.setitem(sys.modules, module, None)  # what an import finds when it is not installed
    with pytest.raises(SkipFile) as info:
        load(tmp_path / name)
    assert str(info.value) == f"reading this needs {package}, not installed: pip install 'assistant[formats]'"


# ---------------------------------------------------------------- end to end


def write_all(docs: Path) -> None:
    docs.mkdir()
    (docs / "fleet.csv").write_text(CSV, encoding="utf-8")
    write_xlsx(docs / "fleet.xlsx")
    write_pptx(docs / "deck.pptx")
    write_epub(docs / "log.epub")
    write_ipynb(docs / "tides.ipynb")
    (docs / "cafe.rtf").write_text(RTF, encoding="ascii")
    write_odt(docs / "minutes.odt")
    write_eml(docs / "notice.eml")
    (docs / "broken.pptx").write_bytes(b"PK\x03\x04 damaged")


def chunk_ids(store: Path) -> list[str]:
    db = sqlite3.connect(store / "manifest.sqlite3")
    try:
        return sorted(r[0] for r in db.execute("SELECT id FROM chunks"))
    finally:
        db.close()


def test_every_format_ingests_syncs_counts_and_answers_with_its_row_or_slide(tmp_path: Path) -> None:
    docs, store = tmp_path / "docs", tmp_path / "store"
    write_all(docs)
    report = ingest(store, docs)
    assert report["files_ingested"] == 8
    assert [(Path(f["path"]).name, f["reason"]) for f in report["failed"]] == [
        ("broken.pptx", "corrupt PPTX (PackageNotFoundError)")
    ]

    status = json.loads(run_cli("status", "--store", str(store), "--json").stdout)
    assert status["formats"] == {k: 1 for k in ["csv", "eml", "epub", "ipynb", "odt", "pptx", "rtf", "xlsx"]}
    assert "formats              csv 1, " in run_cli("status", "--store", str(store)).stdout

    # Incremental: nothing changed, nothing re-read, the same ids.
    ids = chunk_ids(store)
    again = ingest(store, docs)
    assert again["files_ingested"] == 0 and len(again["plan"]["unchanged"]) == 8
    assert chunk_ids(store) == ids

    # A question about one row is answered from that row, cited by file and row.
    answer = ask(store, "Who is the captain of the Skarv?")
    assert "Ole Hansen" in answer["answer"]
    cited = answer["citations"][0]
    assert (Path(cited["source"]).name, cited["page"]) == ("fleet.csv", 4)
    assert cited["quote"].startswith("Row 4: Ship: Skarv; Captain: Ole Hansen")
    text = run_cli("ask", "Who is the captain of the Skarv?", "--store", str(store), "-b", "extractive").stdout
    assert "fleet.csv (row 4, chars" in text

    answer = ask(store, "When does the morning ferry leave Brimsholm?")
    assert "06:40" in answer["answer"]
    assert (Path(answer["citations"][0]["source"]).name, answer["citations"][0]["page"]) == ("deck.pptx", 1)


# ---------------------------------------------------------------- scanned PDFs


def scan(lines: list[str]) -> Image.Image:
    """A page as a scanner gives it: an image of text, no text layer (A4 at 100 dpi)."""
    page = Image.new("L", (827, 1169), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=30)
    for i, line in enumerate(lines):
        draw.text((70, 120 + 60 * i), line, fill="black", font=font)
    return page


SCANNED = ["The tide gauge at Brimsholm", "was installed in 1911 by", "the harbour engineer Karl Berg."]


def write_mixed_pdf(path: Path) -> None:
    """Page 1 has a text layer, page 2 is a scan."""
    from pypdf import PdfWriter

    write_pdf(path.with_suffix(".text.pdf"), ["The harbour office opens at nine on weekdays."])
    scan(SCANNED).save(path.with_suffix(".scan.pdf"), "PDF", resolution=100)
    writer = PdfWriter()
    writer.append(str(path.with_suffix(".text.pdf")))
    writer.append(str(path.with_suffix(".scan.pdf")))
    writer.write(str(path))
    path.with_suffix(".text.pdf").unlink()
    path.with_suffix(".scan.pdf").unlink()


def test_scanned_pages_are_read_by_ocr_with_their_page_numbers(tmp_path: Path) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    pages = [scan(["The first ferry is named", "AURORA."]), scan(["The second ferry is named", "BOREALIS."])]
    pages[0].save(tmp_path / "scans.pdf", "PDF", resolution=100, save_all=True, append_images=pages[1:])
    doc = load(tmp_path / "scans.pdf")
    assert doc.page_at(doc.text.index("AURORA")) == 1
    assert doc.page_at(doc.text.index("BOREALIS")) == 2
    assert doc.notes == ["pages 1-2: read by OCR"]

    write_mixed_pdf(tmp_path / "mixed.pdf")
    doc = load(tmp_path / "mixed.pdf")
    assert doc.page_at(doc.text.index("opens at nine")) == 1
    # PP-OCR's model sometimes drops a space beside digits ("in1911by"): words, not spacing.
    assert doc.page_at(doc.text.index("Karl Berg")) == 2 and "installed" in doc.text and "1911" in doc.text
    assert doc.notes == ["page 2: read by OCR"] and doc.needs_extra is None


def block_ocr(folder: Path) -> dict[str, str]:
    """An environment in which `import rapidocr_onnxruntime` fails, as when it is not installed."""
    (folder / "rapidocr_onnxruntime").mkdir(parents=True)
    (folder / "rapidocr_onnxruntime" / "__init__.py").write_text("raise ImportError('not installed')\n")
    return {"PYTHONPATH": os.pathsep.join(p for p in [str(folder), os.environ.get("PYTHONPATH", "")] if p)}


def test_without_the_ocr_extra_scans_are_reported_and_read_once_it_is_installed(tmp_path: Path) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    docs, store = tmp_path / "docs", tmp_path / "store"
    docs.mkdir()
    write_mixed_pdf(docs / "mixed.pdf")
    scan(SCANNED).save(docs / "scan-only.pdf", "PDF", resolution=100)
    without = block_ocr(tmp_path / "blocker")
    hint = "pip install 'assistant[ocr]'"

    def run(env: dict[str, str] | None = None) -> dict:
        return json.loads(run_cli("ingest", str(docs), "--store", str(store), "--json", env=env).stdout)

    report = run(without)
    assert [(Path(f["path"]).name, f["reason"]) for f in report["failed"]] == [
        ("scan-only.pdf", f"scanned PDF without a text layer: {hint} reads it by OCR")
    ]
    assert [(Path(n["path"]).name, n["note"]) for n in report["notes"]] == [
        ("mixed.pdf", f"page 2: no text layer (scanned), not read; to read scans by OCR: {hint}")
    ]
    assert run(without)["plan"]["unchanged"] == [str(docs / "mixed.pdf")]  # still missing: not read again

    report = run()  # installed now: the marked file is read again, the skipped one for the first time
    assert sorted(Path(p).name for p in report["plan"]["update"] + report["plan"]["add"]) == [
        "mixed.pdf",
        "scan-only.pdf",
    ]
    assert not report["failed"] and len(report["notes"]) == 2
    answer = ask(store, "Who installed the tide gauge at Brimsholm?")
    assert "Karl Berg" in answer["answer"]
    assert (Path(answer["citations"][0]["source"]).name, answer["citations"][0]["page"]) in {
        ("mixed.pdf", 2),
        ("scan-only.pdf", 1),
    }
    assert run()["plan"]["unchanged"] == sorted(str(docs / n) for n in ["mixed.pdf", "scan-only.pdf"])
