"""A minimal PDF writer: text pages in Helvetica, read back by pypdf.

Tests and the summary benchmark need real multi-page PDFs, and no PDF writer is a
dependency; the format needed for plain text pages is a page of code.
"""

from __future__ import annotations

from pathlib import Path


def write_pdf(path: Path, pages: list[str], title: str = "") -> Path:
    """A multi-page PDF, one page per string (Latin-1 text, wrapped at ~90 characters)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        lines, line = [], ""
        for word in text.split():  # wrap at ~90 characters: pypdf joins the lines back
            if len(line) + len(word) > 90:
                lines.append(line)
                line = ""
            line = f"{line} {word}".strip()
        lines.append(line)
        stream = "BT /F1 10 Tf 50 780 Td 12 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    if title:
        objects.append(f"<< /Title ({escape(title)}) >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    info = f" /Info {len(objects)} 0 R" if title else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write a PDF with one page per text file.")
    parser.add_argument("out", type=Path, help="the PDF to write")
    parser.add_argument("pages", type=Path, nargs="+", help="text files, one per page")
    parser.add_argument("--title", default="")
    args = parser.parse_args()
    write_pdf(args.out, [p.read_text(encoding="utf-8") for p in args.pages], args.title)


if __name__ == "__main__":
    main()
