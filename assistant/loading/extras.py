"""Optional parsers: imported when a file needs one, named with its install command when
it is missing. The default install reads txt, md, pdf, html and docx without them."""

from __future__ import annotations

import importlib
import importlib.util
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


def installed(module: str) -> bool:
    """Whether `module` can be imported, without importing it (cheap: a spec lookup)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: sys.modules[module] is None (blocked)
        return False
