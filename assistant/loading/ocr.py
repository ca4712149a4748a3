"""OCR of scanned pages with RapidOCR (the `ocr` extra: `rapidocr-onnxruntime`, Apache-2.0,
whose wheel carries the PP-OCRv4 detection and recognition ONNX models, so nothing is
downloaded at run time). The engine loads once per process, on the first scanned page."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from assistant.loading.extras import importable

if TYPE_CHECKING:
    from PIL.Image import Image

OCR_MODULE = "rapidocr_onnxruntime"


def ocr_available() -> bool:
    return importable(OCR_MODULE)


@functools.lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def read_image(image: Image) -> str:
    """The text of an image, line by line, top to bottom."""
    import numpy as np

    result, _ = _engine()(np.asarray(image.convert("RGB")))
    return "\n".join(_lines([(box, text) for box, text, _score in result or [] if text.strip()]))


def _lines(boxes: list[tuple[list[list[float]], str]]) -> list[str]:
    """Detected boxes joined into printed lines: the detector often cuts one line into
    several boxes at wide gaps ("pier Berg" | "Brimsholm on opens"), which read as one line
    joined by spaces, not as lines of their own."""
    placed = sorted(
        ((min(y for _, y in box), max(y for _, y in box), min(x for x, _ in box), text.strip()) for box, text in boxes),
        key=lambda b: ((b[0] + b[1]) / 2, b[2]),
    )
    lines: list[list[tuple[float, float, float, str]]] = []
    for top, bottom, left, text in placed:
        last = lines[-1][0] if lines else None
        # Same line: its middle lies within the first box of the line.
        if last is not None and last[0] <= (top + bottom) / 2 <= last[1]:
            lines[-1].append((top, bottom, left, text))
        else:
            lines.append([(top, bottom, left, text)])
    return [" ".join(text for _, _, _, text in sorted(line, key=lambda b: b[2])) for line in lines]
