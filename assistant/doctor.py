"""`assistant doctor`: find what is wrong with a store and repair it by re-ingesting.

The manifest is the source of truth and the files on disk are the data, so every
repair is the same move: make the manifest readable, drop what it cannot vouch for,
and re-ingest the affected files from their paths. When the manifest itself is lost,
the file list is recovered from the `source` metadata Chroma keeps with each vector.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings, UserError
from assistant.store_migrations import read_version, refuse_newer

MANIFEST = "manifest.sqlite3"
PAGE = 5000  # Chroma `get` page size


@dataclass
class Finding:
    kind: str  # manifest | chroma | missing_vectors | orphan_vectors | orphan_rows | pending | counts | bm25
    message: str
    sources: list[str] = field(default_factory=list)  # files to re-ingest
    ids: list[str] = field(default_factory=list)  # vector ids to drop

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "message": self.message, "sources": self.sources, "vectors": len(self.ids)}


@dataclass
class Diagnosis:
    findings: list[Finding]
    chroma_sources: list[str] | None  # every source Chroma holds vectors for, when it opens
    notes: list[str] = field(default_factory=list)
    schema_version: int | None = None  # the manifest's, when it opens
    upgraded_from: int | None = None  # the version this check migrated it from, if it did

    @property
    def healthy(self) -> bool:
        return not self.findings


# ---------------------------------------------------------------- checks


def integrity(path: Path) -> str | None:
    """None when SQLite finds the file sound, else what it says is wrong."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            rows = db.execute("PRAGMA integrity_check").fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        return str(exc)
    problems = [r[0] for r in rows if r[0] != "ok"]
    return "; ".join(problems[:3]) if problems else None


def chroma_vectors(settings: Settings, collection: str) -> dict[str, str]:
    """vector id -> source, read page by page; raises UserError if Chroma cannot be read."""
    from assistant.backends.chroma import chroma_call, make_client

    client = make_client(settings)
    coll = chroma_call(lambda: client.get_or_create_collection(collection, metadata={"hnsw:space": "cosine"}), settings)
    found: dict[str, str] = {}
    offset = 0
    while True:
        page = chroma_call(lambda: coll.get(include=["metadatas"], limit=PAGE, offset=offset), settings)
        for vid, meta in zip(page["ids"], page["metadatas"] or []):
            found[vid] = str((meta or {}).get("source", ""))
        if len(page["ids"]) < PAGE:
            return found
        offset += PAGE


def diagnose(settings: Settings) -> Diagnosis:
    root = settings.store
    manifest = root / MANIFEST
    if not manifest.exists() and not (root / "chroma").exists():
        raise UserError(f"no store at {root}: nothing to check")
    findings: list[Finding] = []
    damage = integrity(manifest) if manifest.exists() else "missing"
    collection = settings.collection
    if damage:
        findings.append(Finding("manifest", f"the manifest {manifest} is damaged ({damage})"))
    else:
        refuse_newer(read_version(manifest), root)  # before Chroma is opened: change nothing
        collection = _manifest_meta(manifest, "collection") or collection
    chroma_damage = _chroma_damage(settings)
    vectors: dict[str, str] | None = None
    if chroma_damage is None:
        try:
            vectors = chroma_vectors(settings, collection)
        except UserError as exc:
            chroma_damage = str(exc)
    if chroma_damage:
        findings.append(Finding("chroma", f"the vector store does not open ({chroma_damage})"))
    chroma_sources = sorted(set(vectors.values())) if vectors is not None else None
    if damage or vectors is None:
        return Diagnosis(findings, chroma_sources)
    found, schema_version, upgraded_from = _consistency(settings, vectors)
    return Diagnosis(findings + found, chroma_sources, _notes(settings, manifest), schema_version, upgraded_from)


def _manifest_meta(manifest: Path, key: str) -> str | None:
    db = sqlite3.connect(f"file:{manifest}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        db.close()
    return row[0] if row else None


def _chroma_damage(settings: Settings) -> str | None:
    if settings.chroma_url:
        return None  # a server checks its own files
    path = settings.store / "chroma" / "chroma.sqlite3"
    return integrity(path) if path.exists() else None


def _consistency(settings: Settings, vectors: dict[str, str]) -> tuple[list[Finding], int, int | None]:
    """The findings of the manifest against the vectors and the BM25 index, with the
    manifest's schema version and the one opening it migrated it from (if it did)."""
    from assistant.store import Store

    store = Store(settings)
    try:
        files = store.files()
        rows = store.chunk_sources()
        index = store.saved_bm25()
        schema_version, upgraded_from = store.schema_version, store.upgraded_from
    finally:
        store.close()
    done_ids = {i: s for i, s in rows.items() if s in files and files[s].status == "done"}
    stray_rows = sorted({s for s in rows.values() if s not in files})
    per_source: dict[str, int] = {}
    for source in rows.values():
        per_source[source] = per_source.get(source, 0) + 1
    findings: list[Finding] = []
    pending = sorted(s for s, r in files.items() if r.status != "done")
    if pending:
        findings.append(
            Finding("pending", f"{len(pending)} file(s) left pending by an interrupted run", sources=pending)
        )
    missing = sorted({s for i, s in done_ids.items() if i not in vectors})
    if missing:
        findings.append(
            Finding("missing_vectors", f"{len(missing)} file(s) have chunks without vectors", sources=missing)
        )
    orphans = [i for i, s in vectors.items() if i not in done_ids and s not in pending]
    if orphans:
        unknown = sorted({vectors[i] for i in orphans if vectors[i] not in files})
        findings.append(
            Finding(
                "orphan_vectors",
                f"{len(orphans)} vector(s) the manifest does not list"
                + (f" (from {len(unknown)} file(s) missing from the manifest)" if unknown else ""),
                sources=[s for s in unknown if Path(s).is_file()],
                ids=orphans,
            )
        )
    miscounted = sorted(s for s, r in files.items() if r.status == "done" and r.chunks != per_source.get(s, 0))
    if miscounted:
        findings.append(Finding("counts", f"{len(miscounted)} file(s) whose chunk count is off", sources=miscounted))
    if stray_rows:
        findings.append(
            Finding(
                "orphan_rows",
                f"chunk rows of {len(stray_rows)} file(s) the manifest does not list",
                sources=[s for s in stray_rows if Path(s).is_file()],
            )
        )
    if index is None or sorted(index.ids) != sorted(done_ids):
        findings.append(Finding("bm25", "the BM25 index is missing or out of date"))
    return findings, schema_version, upgraded_from


def _notes(settings: Settings, manifest: Path) -> list[str]:
    stored = _manifest_meta(manifest, "fingerprint")
    if stored and stored != settings.fingerprint():
        return ["the store was built with other settings; `assistant ingest` re-embeds it"]
    return []


# ---------------------------------------------------------------- repairs


def repair(settings: Settings, diagnosis: Diagnosis) -> list[str]:
    """Fix what `diagnose` found; returns one line per action taken."""
    kinds = {f.kind for f in diagnosis.findings}
    if "manifest" in kinds:
        return _rebuild_manifest(settings, diagnosis.chroma_sources or [])
    if "chroma" in kinds:
        return _rebuild_vectors(settings)
    return _resync(settings, diagnosis.findings)


def _set_aside(path: Path) -> Path:
    target = path.with_name(f"{path.name}.damaged-{int(time.time())}")
    path.rename(target)
    return target


def _forget_clients() -> None:
    """Chroma caches open systems per path; a folder set aside must not be reused."""
    from assistant.backends.chroma import forget_all_clients

    forget_all_clients()


def _rebuild_manifest(settings: Settings, sources: list[str]) -> list[str]:
    root = settings.store
    actions: list[str] = []
    for name in (MANIFEST, MANIFEST + "-wal", MANIFEST + "-shm"):
        if (root / name).exists():
            moved = _set_aside(root / name)
            if name == MANIFEST:
                actions.append(f"set the damaged manifest aside as {moved.name}")
    if not sources and not settings.chroma_url and (root / "chroma").exists():
        # Chroma does not open either: its file list is gone too.
        _forget_clients()
        _set_aside(root / "chroma")
    present = [s for s in sources if Path(s).is_file()]
    lost = [s for s in sources if s not in present]
    actions.append(f"recovered {len(sources)} file path(s) from the vector store's metadata")
    if lost:
        actions.append(f"{len(lost)} of them no longer exist and are left out")
    actions += _reingest(settings, present, [])
    if not present:
        actions.append("the manifest is empty now: run `assistant ingest PATH` to fill it")
    return actions


def _rebuild_vectors(settings: Settings) -> list[str]:
    from assistant.store import Store

    if settings.chroma_url:
        raise UserError(f"the Chroma server at {settings.chroma_url} failed: repair it on the server")
    _forget_clients()
    moved = _set_aside(settings.store / "chroma")
    store = Store(settings)
    try:
        sources = sorted(store.files())
        store.reset(store.meta("fingerprint") or settings.fingerprint())
    finally:
        store.close()
    actions = [f"set the damaged vector store aside as {moved.name}"]
    present = [s for s in sources if Path(s).is_file()]
    return actions + _reingest(settings, present, [s for s in sources if s not in present])


def _resync(settings: Settings, findings: list[Finding]) -> list[str]:
    from assistant.store import Store

    actions: list[str] = []
    store = Store(settings)
    try:
        drop = [i for f in findings for i in f.ids]
        store.drop_vectors(drop)
        if drop:
            actions.append(f"dropped {len(drop)} vector(s) the manifest does not list")
        known = store.files()
        gone = store.drop_stray_rows()
        if gone:
            actions.append(f"dropped {gone} chunk row(s) of files the manifest does not list")
    finally:
        store.close()
    affected = sorted({s for f in findings for s in f.sources})
    present = [s for s in affected if Path(s).is_file()]
    missing = [s for s in affected if s not in present and s in known]
    actions += _reingest(settings, present, missing)
    if not affected and any(f.kind == "bm25" for f in findings):
        store = Store(settings)
        try:
            store.rebuild_bm25()
        finally:
            store.close()
        actions.append("rebuilt the BM25 index")
    return actions


def _reingest(settings: Settings, sources: list[str], gone: list[str]) -> list[str]:
    """Re-ingest `sources` from disk and drop `gone` (listed but deleted since)."""
    from assistant.ingest import Plan, apply
    from assistant.loading import file_hash
    from assistant.render import display
    from assistant.store import Store

    store = Store(settings, create=True)
    try:
        plan = Plan(update=list(sources), delete=list(gone))
        for source in sources:
            path = Path(source)
            plan.info[source] = (file_hash(path), path.stat().st_size)
        report = apply(store, plan, settings)
        store.rebuild_bm25()
    finally:
        store.close()
    actions = []
    if sources:
        actions.append(f"re-ingested {report.files_ingested} file(s), {report.chunks} chunk(s)")
    for source, reason in report.failed:
        actions.append(f"could not re-ingest {display(source)}: {reason}")
    if gone:
        actions.append(f"removed {len(gone)} file(s) that no longer exist")
    actions.append("rebuilt the BM25 index")
    return actions
