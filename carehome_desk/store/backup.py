"""Consistent copies of an SQLite database, taken with SQLite's online backup API.

A plain file copy can miss changes still in the -wal file, or catch a write half-way; the
backup API copies a consistent snapshot even while the app has the file open. Every copy
is readable by its owner only (0600), like the database.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from carehome_desk.private_files import app_dir, private_file
from carehome_desk.store.errors import StoreError


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy ``source`` to ``destination`` (which must not exist) consistently; return it."""
    if destination.exists():
        raise StoreError(f"{destination} already exists; choose another name so nothing is overwritten.")
    if not source.exists():
        raise StoreError(f"There is no database at {source}.")
    partial = destination.with_name(destination.name + ".partial")
    try:
        app_dir(destination.parent)
        partial.unlink(missing_ok=True)  # left by a backup that was killed: start afresh
        private_file(partial)  # 0600 before SQLite writes the copy into it (its journal follows)
        # Read-write open (we only read): a read-only handle on a WAL database leaves -wal and
        # -shm files behind because it may not remove them.
        src = sqlite3.connect(source.resolve().as_uri(), uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A self-contained file: no -wal beside it is needed to read it.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, destination)
    except (sqlite3.Error, OSError) as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass  # read-only media: nothing was written there either
        raise StoreError(f"The backup to {destination} failed: {exc}. The database itself is unchanged.") from exc
    return destination


def timestamp(now: datetime | None = None) -> str:
    """A file-name-safe local timestamp, e.g. 20261122-064400."""
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def backup_before_migrate(path: Path, from_revision: str, to_revision: str) -> Path:
    """The timestamped copy taken beside the file before its schema is upgraded."""
    name = f"{path.stem}.schema-{from_revision}.before-{to_revision}.{timestamp()}{path.suffix or '.sqlite3'}"
    return backup_sqlite(path, path.with_name(name))
