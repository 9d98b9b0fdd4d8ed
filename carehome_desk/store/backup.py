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
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from carehome_desk.private_files import app_dir, partial_name, private_file, remove_partial_files
from carehome_desk.store.backup_record import BackupRecord, IntegrityResult, check_database, write_record
from carehome_desk.store.connect import DATABASE_OR_OS_ERRORS, copy_database, is_clear_sqlite
from carehome_desk.store.errors import NotADatabaseError, StoreError
from carehome_desk.store.integrity import CannotOpenError, cannot_open_message, check_file, is_cannot_open_error
from carehome_desk.store.keys import is_protected, keys_path, write_private_atomically

if TYPE_CHECKING:
    from carehome_desk.store.backup_search import FoundBackup

#: How a backup is put back, in the words of whoever asked for the copy: given the database and its newest
#: good backup, the menu to use or the command to run.
RestoreWith = Callable[[Path, "FoundBackup"], str]


def in_window(database: Path, backup: FoundBackup) -> str:
    """The window's way to put a backup back: its menu (the command line names its own command)."""
    return "File → Restore from backup…"


class DamagedDatabaseError(StoreError):
    """The database itself fails its integrity check, so it was not copied (a damaged copy is no backup)."""


class BackupCheckError(StoreError):
    """The copy failed its integrity check and was removed; the database itself passed."""


def backup_sqlite(source: Path, destination: Path, *, key: bytes | None = None, automatic: bool = False,
                  now: datetime | None = None, record: bool = True, restore_with: RestoreWith = in_window) -> Path:
    """Copy ``source`` to ``destination`` (which must not exist) consistently, check the copy, return it.

    The copy is called good only once SQLite's full ``integrity_check`` (and for an encrypted copy
    SQLCipher's page check) passes on it; a record of it is written beside it (``<backup>.json``,
    see ``backup_record.py``). A copy that fails is removed: DamagedDatabaseError when the
    database itself fails the same check (so nothing was backed up), BackupCheckError otherwise.

    ``key`` is the data key of a protected ``source`` (``Store.backup`` passes it): the copy is
    encrypted with it and the key file is copied beside the copy. ``record=False`` leaves the record
    out (the copy taken before a schema upgrade: checked the same, but not one of the backups listed).
    A damaged database's refusal says whether a good backup of it exists and how to put it back
    (``restore_with``: the window's menu unless the command line gives its command). A file that is not
    SQLite at all is NotADatabaseError, and one SQLite cannot open (a read-only folder) CannotOpenError:
    neither is called damaged.
    """
    from carehome_desk.out_files import database_part

    if said := database_part(destination, source):  # a name typed for the copy: never the database's own files
        raise StoreError(f"{destination} {said}: choose another name for the backup. Nothing was written.")
    if destination.exists():
        raise StoreError(f"{destination} already exists; choose another name so nothing is overwritten.")
    if not source.exists():
        raise StoreError(f"There is no database at {source}.")
    if source.stat().st_size == 0:  # a copy of nothing is no backup (and would be called good)
        from carehome_desk.store.backup_search import empty_database

        raise empty_database(source, key)
    if key is None and is_protected(source):
        raise StoreError(f"{source} is protected with a password: open it with the password to back it up.")
    if key is None and not is_clear_sqlite(source):  # as every other command says it: not "damaged"
        raise NotADatabaseError(f"{source} is not a carehome-desk database (file is not a database), so it was not "
                                "backed up. Nothing was changed.")
    # Named after this process (private_files.partial_name), so a copy left by a backup that was killed
    # (and its SQLite journal) is removed by the next backup into the folder, or at the next start for the
    # backups folder, while a backup still running in another process keeps its own.
    partial = partial_name(destination)
    try:
        app_dir(destination.parent)
        remove_partial_files(destination.parent)
        private_file(partial)  # 0600 before SQLite writes the copy into it (its journal follows)
        copy_database(source, partial, key=key)  # self-contained: no -wal beside it is needed to read it
        # One full check, on the copy: the backup API copies pages as they are, so a damaged source
        # gives a damaged copy, and the source is checked only to say which of the two is at fault.
        checked = check_database(partial, key=key)
        if not checked.ok or checked.facts is None:
            _refuse(source, destination, key, checked, restore_with)
        facts = BackupRecord(taken_at=now or datetime.now(timezone.utc), source=str(source.resolve()),
                             encrypted=key is not None, automatic=automatic, integrity=checked.detail,
                             facts=checked.facts)
        if key is not None:  # the key file first: an encrypted copy without it could never be opened
            write_private_atomically(keys_path(destination), keys_path(source).read_bytes())
        if record:
            write_record(destination, facts)
        os.replace(partial, destination)
    except DATABASE_OR_OS_ERRORS as exc:
        _clear_away(partial, destination)
        if "malformed" in str(exc) or "not a database" in str(exc):
            raise DamagedDatabaseError(damaged_message(source, str(exc), key, restore_with)) from exc
        if is_cannot_open_error(exc) and check_file(source, key).cannot_open:  # the database's folder, not the copy's
            raise CannotOpenError(cannot_open_message(source, str(exc))) from exc
        from carehome_desk.out_files import write_problem

        why = write_problem(destination, exc) if isinstance(exc, OSError) else str(exc)  # never the .partial's name
        raise StoreError(f"The backup to {destination} failed: {why}. The database itself is unchanged.") from exc
    except StoreError:
        _clear_away(partial, destination)
        raise
    return destination


def damaged_message(source: Path, problem: str, key: bytes | None, restore_with: RestoreWith) -> str:
    """Why a damaged database was not backed up, and whether there is a good backup of it to put back."""
    from carehome_desk.store.backup_search import newest_good_backup

    found = newest_good_backup(source, key)
    refused = f"The database {source} is damaged ({problem}), so it was not backed up: a copy of it would be no backup."
    if found is None:
        return (f"{refused} No good backup of it was found beside it or in the backups folder, so there is none to "
                "put back: keep the file as it is (do not delete it or copy over it) and ask your IT support whether "
                "it can be repaired.")
    return (f"{refused} Its newest good backup was taken {found.when_text()} ({found.path}): put it back with "
            f"{restore_with(source, found)}.")


def _refuse(source: Path, destination: Path, key: bytes | None, checked: IntegrityResult,
            restore_with: RestoreWith) -> NoReturn:
    """Raise the error for a copy that failed its check, saying whether the database itself is damaged."""
    from carehome_desk.store.connect import open_connection

    try:  # read-write (we only read): a read-only handle on a WAL database leaves -wal and -shm behind
        conn = open_connection(source, key=key)
        try:
            rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
        finally:
            conn.close()
        source_ok = [tuple(r) for r in rows] == [("ok",)]
    except DATABASE_OR_OS_ERRORS:
        source_ok = False
    if not source_ok:
        raise DamagedDatabaseError(damaged_message(source, f"it fails its integrity check: {checked.detail}", key,
                                                   restore_with))
    raise BackupCheckError(f"The copy at {destination} failed its integrity check ({checked.detail}) and was "
                           "removed; the database itself is unchanged: try again, or back up to another disk.")


def _clear_away(partial: Path, destination: Path) -> None:
    """Remove what a failed backup wrote (never a finished backup of the same name)."""
    try:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
        if not destination.exists():
            from carehome_desk.store.backup_record import record_path

            keys_path(destination).unlink(missing_ok=True)
            record_path(destination).unlink(missing_ok=True)
    except OSError:
        pass  # read-only media: nothing was written there either


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
    return backup_sqlite(path, path.with_name(name), key=key, record=False)
