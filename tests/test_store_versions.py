"""Store schema versions: a store written by the last release without a version (the fixture
tests/data/store-v1.tar.gz, see tests/data/README.md) is migrated in place and keeps working;
a newer store is refused with nothing changed; a migration that fails half-way is rolled back.

End to end through the CLI on the real store; the migration runner's rollback is a unit test
with a failing migration put in the list."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tarfile
from pathlib import Path

import pytest

from assistant import store_migrations
from assistant.config import Settings
from assistant.store import Store
from assistant.store_migrations import CURRENT, MigrationFailed, read_version, upgrade
from tests.conftest import run_cli

FIXTURE = Path(__file__).parent / "data" / "store-v1.tar.gz"
# Where the fixture's documents were ingested from: a store records absolute paths, so an
# incremental re-ingest finds them unchanged only there.
FIXTURE_DOCS = Path("/tmp/assistant-store-v1/docs")


def unpack(tmp_path: Path) -> Path:
    """The fixture's store (and its documents, in tmp_path/docs), copied into tmp_path."""
    with tarfile.open(FIXTURE) as tar:
        tar.extractall(tmp_path, filter="data")
    return tmp_path / "store"


def place_docs(tmp_path: Path) -> Path:
    """Put the fixture's documents back where they were ingested from. Written by rename, and
    never deleted: two test runs at once write the same bytes."""
    if FIXTURE_DOCS.parent.parent.resolve() != FIXTURE_DOCS.parent.parent:
        pytest.skip(f"{FIXTURE_DOCS.parent.parent} is a link here: the fixture's paths cannot match")
    FIXTURE_DOCS.mkdir(parents=True, exist_ok=True)
    for doc in sorted((tmp_path / "docs").iterdir()):
        target = FIXTURE_DOCS / doc.name
        if not target.is_file() or target.read_bytes() != doc.read_bytes():
            part = target.with_name(f".{doc.name}.{os.getpid()}")
            part.write_bytes(doc.read_bytes())
            os.replace(part, target)
    return FIXTURE_DOCS


def user_version(store: Path) -> int:
    db = sqlite3.connect(store / "manifest.sqlite3")
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


def layout(manifest: Path) -> dict[str, object]:
    """Columns of each table and the columns of each index: the schema, whatever its SQL text."""
    db = sqlite3.connect(manifest)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        indexes = db.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type='index' "
            "AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name"
        ).fetchall()
        return {
            "tables": {t: db.execute(f"PRAGMA table_info({t})").fetchall() for t in tables},
            "indexes": {n: (t, [r[2] for r in db.execute(f"PRAGMA index_info({n})")]) for n, t in indexes},
        }
    finally:
        db.close()


def files_on_disk(store: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file in the store folder."""
    return {
        str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.rglob("*"))
        if p.is_file()
    }


def test_the_fixture_is_a_store_of_the_last_release(tmp_path: Path) -> None:
    store = unpack(tmp_path)
    assert user_version(store) == 0 and read_version(store / "manifest.sqlite3") == 1
    assert "chunks_source" in layout(store / "manifest.sqlite3")["indexes"]
    assert FIXTURE.stat().st_size < 50_000


def test_a_store_of_the_last_release_is_migrated_in_place_and_works(tmp_path: Path) -> None:
    store = unpack(tmp_path)
    docs = place_docs(tmp_path)

    doctor = run_cli("doctor", "--store", str(store))
    assert doctor.stdout.splitlines() == [f"schema: version {CURRENT} (upgraded from version 1)", "store OK"]
    assert user_version(store) == CURRENT
    indexes = layout(store / "manifest.sqlite3")["indexes"]
    assert indexes["chunks_source_idx"] == ("chunks", ["source", "idx"]) and "chunks_source" not in indexes

    status = json.loads(run_cli("status", "--store", str(store), "--json").stdout)
    assert status["schema_version"] == CURRENT and status["fingerprint_current"], status
    assert status["documents"] == 2 and status["chunks"] == status["vectors"] == 2

    answer = json.loads(
        run_cli(
            "ask", "When was the Kestrel Point lighthouse built?", "-b", "extractive", "--store", str(store), "--json"
        ).stdout
    )
    assert "1872" in answer["answer"]
    assert [c["source"] for c in answer["citations"]] == [str(docs / "lighthouse.txt")]

    report = json.loads(run_cli("ingest", str(docs), "--store", str(store), "--json").stdout)
    assert sorted(Path(p).name for p in report["plan"]["unchanged"]) == ["lighthouse.txt", "orchard.txt"]
    assert report["files_ingested"] == 0 and not report["plan"]["reembed"]


COMMANDS = {  # a command on the store -> its arguments
    "status": lambda store, docs: ["status", "--store", str(store)],
    "ask": lambda store, docs: ["ask", "Who planted the orchard?", "-b", "extractive", "--store", str(store)],
    "ingest": lambda store, docs: ["ingest", str(docs), "--store", str(store)],
    "doctor": lambda store, docs: ["doctor", "--repair", "--store", str(store)],
}


def test_a_store_newer_than_the_code_is_refused_with_nothing_changed(tmp_path: Path) -> None:
    store = unpack(tmp_path)
    db = sqlite3.connect(store / "manifest.sqlite3")
    db.execute(f"PRAGMA user_version={CURRENT + 1}")
    db.close()
    before = files_on_disk(store)
    for name, args in COMMANDS.items():
        proc = run_cli(*args(store, tmp_path / "docs"), check=False)
        assert proc.returncode == 1, (name, proc.stdout, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (name, proc.stderr)
        assert f"schema version {CURRENT + 1}" in lines[0] and "assistant ingest PATH" in lines[0], lines[0]
        assert files_on_disk(store) == before, f"{name} changed the store"


class Interrupted(RuntimeError):
    pass


@pytest.mark.parametrize("failure", [Interrupted, KeyboardInterrupt])
def test_an_interrupted_migration_leaves_the_store_at_its_old_version_and_usable(
    failure: type[BaseException], tmp_path: Path
) -> None:
    store = unpack(tmp_path)
    manifest = store / "manifest.sqlite3"
    old_layout = layout(manifest)

    def failing(db: sqlite3.Connection) -> None:
        """A migration that changes the manifest, then fails before it ends."""
        db.execute("ALTER TABLE files ADD COLUMN format TEXT")
        raise failure("simulated failure half-way through a migration")

    db = sqlite3.connect(manifest, isolation_level=None)
    expected = MigrationFailed if failure is Interrupted else KeyboardInterrupt
    with pytest.raises(expected) as caught:
        upgrade(db, store, (*store_migrations.MIGRATIONS, failing))
    assert not db.in_transaction
    db.close()
    if expected is MigrationFailed:
        message = str(caught.value)
        assert "\n" not in message and "from schema version 1" in message and "assistant ingest" in message

    # The steps before the failing one are rolled back with it: the old layout, at the old version.
    assert user_version(store) == 0 and read_version(manifest) == 1
    assert layout(manifest) == old_layout
    with Store(Settings(store=store)) as opened:  # the real migrations run, as on any open
        assert opened.upgraded_from == 1 and opened.schema_version == CURRENT
        assert opened.counts() == (2, 2)
        rows = opened.document_chunks(sorted(opened.files()))
        assert len(rows) == 2
        assert opened.first_chunk_text(rows[0]["source"]) == rows[0]["text"] != ""
        assert opened.first_chunk_text("no/such/file.txt") == ""


def test_a_migrated_manifest_has_the_layout_of_a_new_one(tmp_path: Path) -> None:
    old = unpack(tmp_path)
    with Store(Settings(store=old)) as migrated:
        assert migrated.upgraded_from == 1
    with Store(Settings(store=tmp_path / "new"), create=True) as created:
        assert created.upgraded_from is None and created.schema_version == CURRENT
    assert user_version(old) == user_version(tmp_path / "new") == CURRENT
    assert layout(old / "manifest.sqlite3") == layout(tmp_path / "new" / "manifest.sqlite3")
