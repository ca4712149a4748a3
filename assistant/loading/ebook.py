"""E-books: EPUB 2 and 3, read with zipfile, ElementTree and BeautifulSoup (no extra needed).

Chapters are read in spine (reading) order; each starts with its table-of-contents label
as a heading (else its first heading), and its own h1-h6 follow as headings. Not
llama-index's EpubReader: it needs EbookLib (AGPL-3.0), walks the manifest, not the reading
order, and joins the book into one text without chapter headings.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote
from xml.etree import ElementTree

from assistant.loading.build import TextBuilder
from assistant.loading.model import Document, SkipFile

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

CONTAINER_NS = "{urn:oasis:names:tc:opendocument:xmlns:container}"
OPF_NS = "{http://www.idpf.org/2007/opf}"
DC_NS = "{http://purl.org/dc/elements/1.1/}"
NCX_NS = "{http://www.daisy.org/z3986/2005/ncx/}"
ENC_NS = "{http://www.w3.org/2001/04/xmlenc#}"


def read_epub(path: Path) -> Document:
    try:
        with zipfile.ZipFile(path) as book:
            return _read(book, path)
    except SkipFile:
        raise
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, UnicodeDecodeError, ValueError) as exc:
        raise SkipFile(f"corrupt EPUB ({exc.__class__.__name__})") from None


def _read(book: zipfile.ZipFile, path: Path) -> Document:
    from bs4 import BeautifulSoup

    from assistant.loading.html import drop_invisible, soup_text

    container = ElementTree.fromstring(book.read("META-INF/container.xml"))
    rootfile = container.find(f".//{CONTAINER_NS}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise SkipFile("corrupt EPUB (no package document in META-INF/container.xml)")
    opf_path = rootfile.get("full-path", "")
    opf = ElementTree.fromstring(book.read(opf_path))
    base = posixpath.dirname(opf_path)
    manifest = {item.get("id"): item for item in opf.iter(f"{OPF_NS}item")}
    spine = [manifest[ref.get("idref")] for ref in opf.iter(f"{OPF_NS}itemref") if ref.get("idref") in manifest]
    _refuse_drm(book, [_member(base, item.get("href", "")) for item in spine])
    labels = _toc_labels(book, base, manifest, opf)
    builder = TextBuilder()
    for item in spine:
        if "nav" in (item.get("properties") or "").split():
            continue  # the table of contents itself, not a chapter
        member = _member(base, item.get("href", ""))
        soup = BeautifulSoup(book.read(member), "html.parser")
        drop_invisible(soup)
        if soup.title:
            soup.title.decompose()
        text, headings = soup_text(soup)
        label = labels.get(member) or (headings[0][1] if headings else None)
        builder.add(text, heading=label, inner_headings=headings)
    title = opf.findtext(f".//{DC_NS}title") or ""
    return builder.document(path, " ".join(title.split()))


def _member(base: str, href: str) -> str:
    """The zip member an href (relative to the package document) names, without #fragment."""
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))


def _toc_labels(
    book: zipfile.ZipFile, base: str, manifest: dict[str | None, ElementTree.Element], opf: ElementTree.Element
) -> dict[str, str]:
    """Chapter file -> its table-of-contents label: EPUB 3's nav document, else EPUB 2's NCX."""
    from bs4 import BeautifulSoup

    labels: dict[str, str] = {}
    nav = next((i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None)
    if nav is not None:
        nav_path = _member(base, nav.get("href", ""))
        soup: BeautifulSoup = BeautifulSoup(book.read(nav_path), "html.parser")
        toc = soup.find("nav", attrs={"epub:type": "toc"}) or soup.find("nav")
        for link in toc.find_all("a", href=True) if toc else []:
            target = _member(posixpath.dirname(nav_path), str(link["href"]))
            labels.setdefault(target, " ".join(link.get_text(" ").split()))
    spine = opf.find(f"{OPF_NS}spine")
    ncx = manifest.get(spine.get("toc")) if spine is not None else None
    if not labels and ncx is not None:
        ncx_path = _member(base, ncx.get("href", ""))
        for point in ElementTree.fromstring(book.read(ncx_path)).iter(f"{NCX_NS}navPoint"):
            content = point.find(f"{NCX_NS}content")
            label = point.findtext(f"{NCX_NS}navLabel/{NCX_NS}text") or ""
            if content is not None and label.strip():
                labels.setdefault(_member(posixpath.dirname(ncx_path), content.get("src", "")), " ".join(label.split()))
    return {k: v for k, v in labels.items() if v}


def _refuse_drm(book: zipfile.ZipFile, chapters: list[str]) -> None:
    """Encrypted chapters read as noise: say so. (Obfuscated fonts, also listed in
    encryption.xml, are harmless and common.)"""
    if "META-INF/encryption.xml" not in book.namelist():
        return
    root = ElementTree.fromstring(book.read("META-INF/encryption.xml"))
    encrypted = {unquote(ref.get("URI", "")) for ref in root.iter(f"{ENC_NS}CipherReference")}
    if encrypted & set(chapters):
        raise SkipFile("DRM-protected EPUB (its chapters are encrypted)")
