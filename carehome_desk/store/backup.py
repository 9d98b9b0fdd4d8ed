"""Consistent copies of an SQLite database, taken with SQLite's online backup API.

A plain file copy can miss changes still in the -wal file, or catch a write half-way; the
backup API copies a consistent snapshot even while the app has the file open. Every copy
is readable by its owner only (0600), like the database.

A protected database is copied between two connections keyed with its data key, so the copy is
encrypted page by page and never written in clear; its key file is copied beside it (as
``<backup>.keys``), because without it the copy cannot be opened. The copy opens with the password
in force when it was taken, or with the recovery key.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from carehome_desk.private_files import app_dir, owner_tag, private_file, remove_dead_temporaries
from carehome_desk.store.connect import DATABASE_OR_OS_ERRORS, copy_database
from carehome_desk.store.errors import StoreError
from carehome_desk.store.keys import is_protected, keys_path, write_private_atomically


def backup_sqlite(source: Path, destination: Path, *, key: bytes | None = None) -> Path:
    """Copy ``source`` to ``destination`` (which must not exist) consistently; return it.

    ``key`` is the data key of a protected ``source`` (``Store.backup`` passes it): the copy is
    encrypted with it and the key file is copied beside the copy.
    """
    if destination.exists():
        raise StoreError(f"{destination} already exists; choose another name so nothing is overwritten.")
    if not source.exists():
        raise StoreError(f"There is no database at {source}.")
    if key is None and is_protected(source):
        raise StoreError(f"{source} is protected with a password: open it with the password to back it up.")
    # Named after this process, so a copy left by a backup that was killed (and its SQLite journal) is
    # removed by the next backup into the folder, or at the next start for the backups folder, while a
    # backup still running in another process keeps its own.
    partial = destination.with_name(f"{destination.name}~{owner_tag()}.partial")
    try:
        app_dir(destination.parent)
        remove_dead_temporaries(destination.parent, "*~*.partial*")
        private_file(partial)  # 0600 before SQLite writes the copy into it (its journal follows)
        copy_database(source, partial, key=key)  # self-contained: no -wal beside it is needed to read it
        if key is not None:  # the key file first: an encrypted copy without it could never be opened
            write_private_atomically(keys_path(destination), keys_path(source).read_bytes())
        os.replace(partial, destination)
    except DATABASE_OR_OS_ERRORS as exc:
        try:
            partial.unlink(missing_ok=True)
            if key is not None and not destination.exists():
                keys_path(destination).unlink(missing_ok=True)
        except OSError:
            pass  # read-only media: nothing was written there either
        raise StoreError(f"The backup to {destination} failed: {exc}. The database itself is unchanged.") from exc
    return destination


def timestamp(now: datetime | None = None) -> str:
    """A file-name-safe local timestamp, e.g. 20261122-064400."""
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def unused_name(path: Path) -> Path:
    """``path``, or the same name with -2, -3… before its suffix when that file exists: two backups
    named by the time can fall in one second (a retry straight after a backup, or after a crash)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def backup_before_migrate(path: Path, from_revision: str, to_revision: str, *, key: bytes | None = None) -> Path:
    """The timestamped copy taken beside the file before its schema is upgraded (encrypted with ``key``)."""
    name = f"{path.stem}.schema-{from_revision}.before-{to_revision}.{timestamp()}{path.suffix or '.sqlite3'}"
    return backup_sqlite(path, path.with_name(name), key=key)
