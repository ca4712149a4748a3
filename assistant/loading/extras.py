"""Optional parsers: imported when a file needs one, named with its install command when
it is missing. The default install reads txt, md, pdf, html and docx without them."""

from __future__ import annotations

import functools
import importlib
from types import ModuleType

from assistant.loading.model import SkipFile


def install_hint(extra: str) -> str:
    return f"pip install 'assistant[{extra}]'"


def require(module: str, package: str, extra: str = "formats") -> ModuleType:
    """The module, or SkipFile saying which package is missing and how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise SkipFile(f"reading this needs {package}, not installed: {install_hint(extra)}") from None


# The module that makes each extra usable, for files read without it (Document.needs_extra).
EXTRA_MODULES = {"ocr": "rapidocr_onnxruntime"}
_NEEDS = "+needs-"


def manifest_hash(file_hash: str, needs_extra: str | None) -> str:
    """The hash the manifest keeps: the file's, marked when part of it waits for an extra."""
    return f"{file_hash}{_NEEDS}{needs_extra}" if needs_extra else file_hash


def stale(stored: str | None, current: str) -> bool:
    """Whether a file read before (manifest hash `stored`) must be read again: its content
    changed, or it was read without an extra that imports now."""
    base, _, extra = (stored or "").partition(_NEEDS)
    return base != current or (bool(extra) and importable(EXTRA_MODULES.get(extra, extra)))


@functools.cache
def importable(module: str) -> bool:
    """Whether `module` imports here; a failed import counts as not installed. Cached: asked
    once per file the manifest marks, and once per scanned page."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
