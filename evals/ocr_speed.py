"""OCR speed and accuracy on scanned pages: `python evals/ocr_speed.py [PAGES]`.

Renders PAGES A4 pages at 150 dpi (36 lines of 12-point serif text each, JPEG-compressed as
scanners write them) into an image-only PDF, reads it with assistant.loading.load (the
engine loads once, before timing), and prints pages/s and the share of characters read
right (difflib ratio against the rendered text, spaces ignored and counted separately)."""

from __future__ import annotations

import argparse
import difflib
import io
import random
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WORDS = (
    "the harbour office opens at nine on weekdays and the ferry to Brimsholm leaves from pier "
    "three in 1911 Karl Berg installed a tide gauge while storms closed the northern route"
).split()


def page(lines: list[str]) -> Image.Image:
    image = Image.new("L", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSerif.ttf", 25)  # 12 pt at 150 dpi
    except OSError:
        font = ImageFont.load_default(size=25)
    for i, line in enumerate(lines):
        draw.text((110, 110 + 42 * i), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=75)
    return Image.open(buffer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=int, default=5, help="scanned pages to read (default 5)")
    count = parser.parse_args().pages
    rng = random.Random(7)
    texts = [[" ".join(rng.choice(WORDS) for _ in range(9)) for _ in range(36)] for _ in range(count)]
    pages = [page(t) for t in texts]
    from assistant.loading import load
    from assistant.loading.ocr import read_image

    read_image(pages[0])  # load the engine outside the timing
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "scan.pdf"
        pages[0].save(pdf, "PDF", resolution=150, save_all=True, append_images=pages[1:])
        started = time.perf_counter()
        doc = load(pdf)
        seconds = time.perf_counter() - started
    truth = "\n".join("\n".join(t) for t in texts)
    squeeze = lambda s: "".join(s.split())  # noqa: E731
    chars = difflib.SequenceMatcher(None, squeeze(truth), squeeze(doc.text), autojunk=False).ratio()
    spaces = sum(line.count(" ") for t in texts for line in t)
    print(
        f"{count} pages in {seconds:.1f} s: {count / seconds:.2f} pages/s; characters right {chars:.3f}; "
        f"spaces kept {doc.text.count(' ') / spaces:.2f}"
    )


if __name__ == "__main__":
    main()
