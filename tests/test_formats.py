"""Formats beyond txt/md/pdf/html/docx, text in other encodings, and file names that need
escaping. Each test writes a real file with the real library, loads it, and where it
matters runs the real ingest and `ask` (real store, real models)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.loading import SkipFile, decode_bytes
from tests.conftest import run_cli


def ingest(store: Path, *paths: Path) -> dict:
    return json.loads(run_cli("ingest", *map(str, paths), "--store", str(store), "--json").stdout)


def ask(store: Path, question: str) -> dict:
    proc = run_cli("ask", question, "--store", str(store), "-b", "extractive", "--json")
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- encodings

FRENCH = "Le café de la gare était fermé à l'aube. Où est passé le thé? Voilà, c'est très bien.\n"


@pytest.mark.parametrize(("text", "codec", "named"), [
    (FRENCH, "latin-1", "windows-1252"),  # Latin-1 text is Windows-1252 text: same letters
    ("Die Straße kostet 5 € – „schön“ und ‚gut‘. Über Größe wird gesprochen.\n", "cp1252", "windows-1252"),
    ("naïve résumé “quoted” – dash\n", "cp1252", "windows-1252"),  # short: cp1250 reads it as "naďve"
    ("café", "latin-1", "windows-1252"),  # 4 bytes: UTF-16-BE would read them too
    ("Привет, как дела? Это тест кодировки для русского текста.\n" * 3, "cp1251", "windows-1251"),
    ("Zażółć gęślą jaźń, to jest polski tekst.\n" * 3, "cp1250", "windows-1250"),
    ("wide text, Grüße\n", "utf-16", "UTF-16"),
])
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
    (docs / "legacy.txt").write_bytes(("The château at Montréal costs 5 € per visit. " * 3
                                       + "Its façade was rebuilt in 1874 by Gérard Lefèvre.").encode("cp1252"))
    report = ingest(tmp_path / "store", docs)
    assert report["files_ingested"] == 1 and not report["failed"]
    assert [(Path(n["path"]).name, n["note"]) for n in report["notes"]] == [
        ("legacy.txt", "encoding windows-1252 assumed (not UTF-8)")]
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
    named.write_bytes(("The lighthouse at Brimsholm was painted green in 1931 by the harbour board. " * 2)
                      .encode("cp1252") + "Gr\u00fc\u00dfe.".encode("cp1252"))
    (docs / "bad\x1b[31mred.txt").write_bytes(b"")
    proc = run_cli("ingest", str(docs), "--store", str(store))
    lines = proc.stderr.splitlines()
    assert any(line.startswith("read ") and "forged\\nskipped evil.txt: fake line.txt" in line for line in lines)
    assert any("bad\\x1b[31mred.txt: empty file" in line for line in lines)
    assert not any(line.startswith("skipped evil") for line in lines)  # no forged line
    assert "\x1b" not in proc.stdout + proc.stderr

    text = run_cli("ask", "When was the lighthouse at Brimsholm painted green?", "--store", str(store),
                   "-b", "extractive").stdout
    source_lines = [line for line in text.splitlines() if line.lstrip().startswith("[1]")]
    assert source_lines and "forged\\nskipped evil.txt: fake line.txt" in source_lines[0]
    assert ask(store, "When was the lighthouse at Brimsholm painted green?")["citations"][0]["source"] == str(named)
