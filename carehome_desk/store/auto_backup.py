"""Automatic backups: a verified copy in ``backups/`` beside the database, kept by the rotation policy,
and another in an optional second folder (a USB stick, a network share) off the PC.

No Qt here: the window runs :func:`take_automatic_backup` on close and once a day, and the read-only
banner, the restore dialog and the command line list backups with :func:`list_backups`. Each copy is
taken by ``backup.backup_sqlite`` (full integrity check, encrypted like the database, a record
beside it). Only automatic backups are ever removed by rotation: a copy the manager made by hand is
theirs to delete.

Which backups are this database's: each database has an identity (a random id kept in its settings
table, ``settings.DATABASE_ID_KEY``) and each backup's record carries the id of the database it copies.
Rotation removes only automatic backups whose record carries this database's id, so two homes whose
databases are both named carehome.sqlite3 can share one second folder (a NAS share) without one's
rotation deleting the other's backups. In the second folder each database's copies go into a subfolder
of their own, ``<database name>-<first 12 characters of its id>`` (the file names stay those of the copy
on the PC, so the two are easy to match by eye, and two homes' files can never collide even for copies
with no record); nothing there is ever overwritten. In ``backups/`` beside the database, a copy taken
before databases had an id still counts as its own when its record names this database file as its
source (the folder beside one file holds nobody else's backups); in any other folder it is never removed.

A second folder that cannot be reached (the stick unplugged, the share down) is reported, never
fatal: the copy on the PC is kept. When the last copy off the PC was made is written to a small
file in ``backups/`` (``<database>.second-folder.json``), so the dashboard can say how old it is
without touching a network share that may hang.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from carehome_desk.models.backup_rotation import RetentionPolicy, backups_to_remove
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK
from carehome_desk.private_files import (
    app_dir,
    copy_durably,
    partial_name,
    private_file,
    remove_partial_files,
    tidy_beside,
)
from carehome_desk.store.backup import backup_sqlite, unused_name
from carehome_desk.store.backup_record import BackupRecord, check_database, read_record, record_path, write_record
from carehome_desk.store.errors import StoreError
from carehome_desk.store.keys import is_protected, keys_path, write_private_atomically

BACKUPS_FOLDER = "backups"
_STAMP = re.compile(r"-(\d{8}-\d{6})(?:-\d+)?\.sqlite3$")


def backups_folder(database: Path) -> Path:
    """Where a database's automatic backups go: ``backups/`` beside it (private, made when first needed)."""
    return database.parent / BACKUPS_FOLDER


def backup_file_name(database: Path, at: datetime) -> str:
    """A backup's file name: the database's name and the UK time taken, e.g. carehome-20261206-231000.sqlite3."""
    return f"{database.stem}-{at.astimezone(UK):%Y%m%d-%H%M%S}.sqlite3"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file found in a folder, with what its record says (None for a copy with no record)."""

    path: Path
    taken_at: datetime  # from the record, else the time in its name, else the file's time
    record: BackupRecord | None
    other_database: bool = False  # its record names another database's id (listed with a database_id)

    @property
    def verified(self) -> bool:
        """True when the copy passed its full integrity check when taken (its record says so)."""
        return self.record is not None and self.record.verified

    @property
    def automatic(self) -> bool:
        """True for a copy the program took by itself (only these are rotated away)."""
        return self.record is not None and self.record.automatic

    @property
    def database_id(self) -> str | None:
        """The id of the database this is a copy of (None: no record, or taken before databases had one)."""
        return self.record.database_id if self.record is not None else None

    @property
    def encrypted(self) -> bool:
        """True when the copy is encrypted (its key file is beside it)."""
        return is_protected(self.path)


def _taken_at(path: Path, record: BackupRecord | None) -> datetime:
    if record is not None:
        return record.taken_at
    match = _STAMP.search(path.name)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UK)
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def list_backups(database: Path, folder: Path | None = None, *, database_id: str | None = None) -> list[BackupInfo]:
    """The backups of ``database`` in ``folder`` (default: its ``backups/`` folder), newest first.

    A backup of it is a file named ``<database name>-YYYYMMDD-HHMMSS.sqlite3``. Missing or unreadable
    folders give an empty list. Given this database's ``database_id``, a backup whose record carries
    another database's id is still listed, marked ``other_database`` (the restore dialog may offer it,
    saying so); rotation uses :func:`own_backups`.
    """
    folder = folder or backups_folder(database)
    name = re.compile(re.escape(database.stem) + _STAMP.pattern)
    found: list[BackupInfo] = []
    try:
        entries = [p for p in folder.iterdir() if name.fullmatch(p.name)]
    except OSError:
        return found
    for path in entries:
        try:
            if not path.is_file():
                continue
            record = read_record(path)
            other = (database_id is not None and record is not None and record.database_id is not None
                     and record.database_id != database_id)
            found.append(BackupInfo(path, _taken_at(path, record), record, other_database=other))
        except OSError:
            continue
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def own_backups(database: Path, folder: Path, database_id: str | None) -> list[BackupInfo]:
    """The backups in ``folder`` that are surely copies of this database, newest first: their record carries
    ``database_id``; or, in its own ``backups/`` folder only, the record of a copy taken before databases had an
    id names this very file as its source. Without a record, or with another id, a backup is never counted."""
    beside = _same_folder(folder, backups_folder(database))
    source = str(database.resolve())
    own: list[BackupInfo] = []
    for backup in list_backups(database, folder, database_id=database_id):
        record = backup.record
        if record is None:
            continue
        if database_id is not None and record.database_id == database_id:
            own.append(backup)
        elif beside and record.database_id is None and record.source == source:
            own.append(backup)
    return own


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def second_subfolder(database: Path, database_id: str | None) -> str | None:
    """The subfolder of the second folder ``database``'s copies go into, named by its name and id (None for a
    database without an id yet: its copies go into the folder itself and are never rotated there)."""
    return f"{database.stem}-{database_id[:12]}" if database_id else None


def second_backups_folder(second_folder: Path, database: Path, database_id: str | None) -> Path:
    """Where ``database``'s copies are in the second folder (see :func:`second_subfolder`)."""
    sub = second_subfolder(database, database_id)
    return second_folder / sub if sub else second_folder


def tidy_backups(database: Path) -> list[Path]:
    """At start: remove what a backup or restore killed midway left in ``backups/`` and beside the database."""
    return tidy_beside(database)


def newest_good_backup(database: Path) -> BackupInfo | None:
    """The newest backup of ``database`` that passed its integrity check when taken (for the read-only banner)."""
    return next((b for b in list_backups(database) if b.verified), None)


@dataclass(frozen=True)
class AutoBackupResult:
    """What an automatic backup did."""

    path: Path
    second_copy: Path | None = None
    second_problem: str | None = None  # one sentence when the second folder could not take its copy
    removed: list[Path] = field(default_factory=list)


def take_automatic_backup(database: Path, key: bytes | None, *, policy: RetentionPolicy,
                          second_folder: Path | None, now: datetime | None = None) -> AutoBackupResult:
    """Back ``database`` up into its ``backups/`` folder, rotate, and copy to ``second_folder`` if set.

    StoreError (from ``backup_sqlite``) when the backup on the PC fails: the database is damaged or
    the copy failed its check. A second folder's trouble never fails the backup: it is reported in
    ``second_problem``.
    """
    now = now or datetime.now(timezone.utc)
    folder = backups_folder(database)
    path = backup_sqlite(database, unused_name(folder / backup_file_name(database, now)), key=key, automatic=True, now=now)
    record = read_record(path)
    database_id = record.database_id if record is not None else None  # read from the database itself
    removed = rotate(database, folder, policy, now=now, keep=path, database_id=database_id)
    if second_folder is None:
        return AutoBackupResult(path, removed=removed)
    try:
        copy = copy_backup(path, second_folder, key=key, subfolder=second_subfolder(database, database_id))
    except StoreError as exc:
        return AutoBackupResult(path, second_problem=str(exc), removed=removed)
    if database_id is not None:  # without an id nothing there is surely this database's: nothing is removed
        removed += rotate(database, copy.parent, policy, now=now, keep=copy, database_id=database_id)
    record_off_pc_copy(database, second_folder, now)
    return AutoBackupResult(path, second_copy=copy, removed=removed)


def rotate(database: Path, folder: Path, policy: RetentionPolicy, *, now: datetime | None = None,
           keep: Path | None = None, database_id: str | None = None) -> list[Path]:
    """Remove the automatic backups in ``folder`` that ``policy`` no longer keeps (with their key files
    and records); copies made by hand are never touched. Returns what was removed.

    Only this database's backups count (:func:`own_backups`: their record carries ``database_id``):
    another database's, or a copy with no record, is never removed.

    The rules count only backups taken at or before ``now`` (default: the PC's clock); one dated after it
    (the clock ran ahead, then was put right) is never removed here. ``keep`` (the backup just taken) stays.
    """
    now = now or datetime.now(timezone.utc)
    automatic = [b for b in own_backups(database, folder, database_id) if b.automatic]
    doomed = backups_to_remove([(b.path, b.taken_at.astimezone(UK)) for b in automatic], policy,
                               now=now.astimezone(UK), always_keep={keep} if keep is not None else set())
    for path in doomed:
        try:  # the key file last: a copy left half-removed can still be opened
            path.unlink(missing_ok=True)
            record_path(path).unlink(missing_ok=True)
            keys_path(path).unlink(missing_ok=True)
        except OSError:
            pass  # read-only media: the next rotation tries again
    return doomed


def copy_backup(backup: Path, folder: Path, *, key: bytes | None, subfolder: str | None = None) -> Path:
    """Copy a verified backup (with its key file and record) into ``folder`` (or its ``subfolder``, made when
    first needed) and check the copy there. Nothing is overwritten: a name taken gets -2, -3…

    The folder must exist already: an unplugged USB stick's mount point is never created on the PC's
    own disk. StoreError (one sentence) when it cannot be reached or the copy fails its check.
    """
    if not folder.is_dir():
        raise StoreError(_unreachable(folder))
    try:
        if subfolder:
            app_dir(folder / subfolder)  # this database's own subfolder of the second folder
        target = unused_name((folder / subfolder if subfolder else folder) / backup.name)  # two in one second
    except OSError as exc:
        raise StoreError(f"The backup could not be copied to the second backup folder {folder} "
                         f"({exc.strerror or exc}); the backup on this PC was made.") from exc
    partial = partial_name(target)
    try:
        remove_partial_files(target.parent)
        private_file(partial)
        copy_durably(backup, partial)
        checked = check_database(partial, key=key)
        if not checked.ok:
            raise StoreError(f"The copy in the second backup folder {folder} failed its integrity check "
                             f"({checked.detail}) and was removed; the backup on this PC was made.")
        if keys_path(backup).exists():
            write_private_atomically(keys_path(target), keys_path(backup).read_bytes())
        record = read_record(backup)
        if record is not None:
            write_record(target, record)
        os.replace(partial, target)
    except OSError as exc:
        raise StoreError(f"The backup could not be copied to the second backup folder {folder} "
                         f"({exc.strerror or exc}); the backup on this PC was made.") from exc
    finally:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
    return target


def _unreachable(folder: Path) -> str:
    return (f"The second backup folder {folder} cannot be reached (is the USB stick plugged in, or the "
            "network share connected?); the backup on this PC was made.")


# -- when the last copy left the PC ------------------------------------------------------------

def _off_pc_state_path(database: Path) -> Path:
    return backups_folder(database) / f"{database.name}.second-folder.json"


def record_off_pc_copy(database: Path, folder: Path, at: datetime) -> None:
    """Note that a backup of ``database`` reached ``folder`` at ``at`` (for the dashboard's warning)."""
    data = json.dumps({"folder": str(folder), "last_copy_at": at.isoformat()}) + "\n"
    try:
        app_dir(backups_folder(database))
        write_private_atomically(_off_pc_state_path(database), data.encode("utf-8"))
    except OSError:
        pass  # the warning will say the copy is older than it is: safe side


def last_off_pc_copy(database: Path, folder: Path) -> datetime | None:
    """When a backup of ``database`` last reached ``folder`` (None: never, or never this folder)."""
    try:
        data = json.loads(_off_pc_state_path(database).read_text(encoding="utf-8"))
        if data.get("folder") != str(folder):
            return None
        at = datetime.fromisoformat(str(data["last_copy_at"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return at if at.tzinfo is not None else None


#: A copy off the PC older than this many days is warned about on the dashboard.
OFF_PC_WARN_DAYS = 7


@dataclass(frozen=True)
class BackupNotice:
    """A line for the dashboard about copies off the PC: a warning, or a gentle hint."""

    warning: bool
    text: str


def off_pc_notice(database: Path, second_folder: Path | None, now: datetime) -> BackupNotice | None:
    """What the dashboard says about backups off this PC, or None when all is well."""
    if second_folder is None:
        return BackupNotice(False, "Backups are kept on this PC only: choose a second backup folder (a USB stick or "
                                   "a network share) in Home settings, so a copy survives if the PC is lost.")
    last = last_off_pc_copy(database, second_folder)
    if last is None:
        return BackupNotice(True, f"No backup has reached the second backup folder {second_folder} yet: connect it, "
                                  "then choose Back up there now in Home settings.")
    days = (now - last).days
    if days < OFF_PC_WARN_DAYS:
        return None
    when = last.astimezone(UK)
    return BackupNotice(True, f"The newest backup off this PC is from {when:%d/%m/%Y}, {counted(days, 'day')} ago: connect "
                              f"{second_folder}, then choose Back up there now in Home settings.")
