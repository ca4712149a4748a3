"""Finding the files to ingest: folders are walked once each (symlink loops included), and
everything left out is listed with its reason."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.loading.registry import SUPPORTED


@dataclass
class Discovery:
    files: list[Path]
    skipped: list[tuple[str, str]]  # (path, reason)
    roots: list[Path]


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Expand files and folders (recursively) into supported files; list the rest with reasons."""
    files: dict[str, Path] = {}
    skipped: list[tuple[str, str]] = []
    roots: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            skipped.append((str(raw), "no such file or folder"))
            continue
        path = path.resolve()
        roots.append(path)
        if path.is_file():
            if path.suffix.lower() in SUPPORTED:
                files[str(path)] = path
            else:
                skipped.append((str(path), f"unsupported file type {path.suffix or '(none)'}"))
            continue
        for found, reason in _walk(path):
            if reason:
                skipped.append((str(found), reason))
            else:
                files[str(found)] = found
    return Discovery(sorted(files.values()), skipped, roots)


def _walk(root: Path) -> Iterator[tuple[Path, str | None]]:
    seen_dirs: set[tuple[int, int]] = set()

    def on_error(err: OSError) -> None:
        failures.append((Path(err.filename or root), f"cannot read folder: {err.strerror}"))

    failures: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        try:
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
        except OSError:
            continue
        if key in seen_dirs:  # a symlink loop: walk each real folder once
            dirnames[:] = []
            yield Path(dirpath), "symlink loop: folder already visited"
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.suffix.lower() not in SUPPORTED:
                yield path, f"unsupported file type {path.suffix or '(none)'}"
            elif not path.is_file():
                yield path, "not a regular file (broken link?)"
            else:
                yield path, None
    yield from failures


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
