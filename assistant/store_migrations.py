"""Schema versions of the store's manifest (manifest.sqlite3) and the migrations between them.

The version is SQLite's `user_version`, a number in the database header. Invariants:

- It changes only inside the transaction that changes the tables, so a manifest is always at
  one version with that version's layout: an error, Ctrl-C or a kill half-way through a
  migration rolls both back (SQLite's journal), and the next open migrates again.
- Version 1 is the layout of every store written before versions were recorded: a manifest
  with a `files` table and user_version 0. A database with no `files` table is a new store.
- A manifest newer than CURRENT is refused before anything is written; one that a migration
  fails on is refused after the rollback, left at its version, which older code still opens.
- Migrations change the manifest only. Chroma and the BM25 index are outside the transaction:
  a change to them needs its own crash-safe step (bumping `generation` makes BM25 rebuild).

Adding version N + 1: write `_vN_to_vN1(db)`, append it to MIGRATIONS and make CREATE (the
layout of a new store) match; tests/test_store_versions.py checks that a migrated manifest and
a new one have the same layout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.config import UserError

Migration = Callable[[sqlite3.Connection], None]


def _v1_to_v2(db: sqlite3.Connection) -> None:
    """Index chunks by (source, idx): a document's chunks (summaries) and the full read that
    rebuilds BM25 come out in document order without a sort, and the index on `source`
    alone, a prefix of this one, goes."""
    db.execute("CREATE INDEX IF NOT EXISTS chunks_source_idx ON chunks(source, idx)")
    db.execute("DROP INDEX IF EXISTS chunks_source")


MIGRATIONS: tuple[Migration, ...] = (_v1_to_v2,)  # MIGRATIONS[i] takes version i + 1 to i + 2
CURRENT = len(MIGRATIONS) + 1

CREATE = (  # a new manifest, at CURRENT; IF NOT EXISTS: a first run killed half-way left some
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS files("
    " source TEXT PRIMARY KEY, hash TEXT, size INTEGER, chunks INTEGER,"
    " status TEXT NOT NULL, updated REAL)",
    "CREATE TABLE IF NOT EXISTS chunks("
    " id TEXT PRIMARY KEY, source TEXT NOT NULL, idx INTEGER, text TEXT NOT NULL,"
    " start INTEGER, end INTEGER, page INTEGER, title TEXT, heading TEXT)",
    "CREATE INDEX IF NOT EXISTS chunks_source_idx ON chunks(source, idx)",
)

REBUILD = "rebuild it in a new folder with `assistant ingest PATH --store NEW_FOLDER`"


class StoreTooNew(UserError):
    """The manifest was written by a newer assistant; nothing was changed."""


class MigrationFailed(UserError):
    """A migration failed and was rolled back; the manifest is at its old version."""


def version(db: sqlite3.Connection) -> int:
    """The manifest's schema version: 0 for a database with no store in it yet."""
    stamped = int(db.execute("PRAGMA user_version").fetchone()[0])
    if stamped:
        return stamped
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='files'").fetchone()
    return 1 if found else 0


def read_version(manifest: Path) -> int:
    """The schema version of the manifest at `manifest`, read without changing it. Opened for
    writing (never created: mode=rw) because only such a connection, closing last, removes the
    -wal and -shm files that reading a WAL database makes (a read-only one leaves them)."""
    db = sqlite3.connect(f"file:{manifest}?mode=rw", uri=True, timeout=30)
    try:
        return version(db)
    finally:
        db.close()


def refuse_newer(found: int, root: Path, latest: int = CURRENT) -> None:
    """Raise StoreTooNew if a manifest at version `found` is newer than this code reads."""
    if found > latest:
        raise StoreTooNew(
            f"the store {root} has schema version {found}, newer than this assistant reads "
            f"({latest}): upgrade assistant, or {REBUILD}"
        )


def upgrade(db: sqlite3.Connection, root: Path, migrations: Sequence[Migration] = MIGRATIONS) -> int | None:
    """Bring the manifest to the latest version (len(migrations) + 1): create an empty one,
    or migrate an older one, every step in one transaction. Returns the version it had before
    a migration, None when none ran. `db` is in autocommit mode (isolation_level=None)."""
    found = version(db)
    refuse_newer(found, root, len(migrations) + 1)
    if found == len(migrations) + 1:
        return None  # the common case takes no write lock: a reader never waits for an ingest
    try:
        db.execute("BEGIN IMMEDIATE")
        before = _migrate(db, root, migrations)
        db.execute("COMMIT")
    except UserError:
        _rollback(db)
        raise
    except Exception as exc:
        _rollback(db)
        if type(exc) is sqlite3.DatabaseError:  # damage, not a full disk or a lock: doctor repairs it
            raise
        raise _failed(root, found, len(migrations) + 1, exc) from None
    except BaseException:  # Ctrl-C: roll back, then stop as asked
        _rollback(db)
        raise
    return before


def _migrate(db: sqlite3.Connection, root: Path, migrations: Sequence[Migration]) -> int | None:
    """The body of upgrade(), inside its transaction: the version is read again under the
    write lock, as another process may have created or migrated the manifest meanwhile."""
    latest = len(migrations) + 1
    found = version(db)
    refuse_newer(found, root, latest)
    if found == latest:
        return None
    if found == 0:
        for statement in CREATE:
            db.execute(statement)
    else:
        for step in migrations[found - 1 :]:
            step(db)
    db.execute(f"PRAGMA user_version={latest}")
    return found or None


def _failed(root: Path, found: int, latest: int, exc: Exception) -> MigrationFailed:
    return MigrationFailed(
        f"cannot upgrade the store {root} from schema version {found} to {latest} "
        f"({type(exc).__name__}: {exc}); it was left unchanged: {REBUILD}"
    )


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:  # SQLite ends some failed transactions itself (a full disk)
        db.execute("ROLLBACK")
