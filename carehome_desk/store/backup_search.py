"""Finding the newest good backup of a database, for the read-only banner and the unopenable-file message.

It looks where backups are written (the automatic ones and ``carehome-desk backup``: ``backups/`` beside
the database), where earlier versions wrote them (the data folder's ``backups/``, beside the database), and
at the copies taken beside it before a schema upgrade (``<name>.schema-*.sqlite3``). A backup is good when
it passes the same quick check the database failed, checked now rather than trusted from its record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from carehome_desk.models.dates import UK, format_uk
from carehome_desk.paths import data_dir
from carehome_desk.store.connect import is_clear_sqlite
from carehome_desk.store.errors import EmptyDatabaseError
from carehome_desk.store.integrity import check_file

_STAMP = re.compile(r"(\d{8}-\d{6})")


@dataclass(frozen=True)
class FoundBackup:
    """A backup file and when it was taken (from its name, else the file's time). ``checked`` is False for an
    encrypted backup named without its key at hand: its key file is beside it, but it was not checked."""

    path: Path
    taken_at: datetime  # timezone-aware
    checked: bool = True

    def when_text(self) -> str:
        """DD/MM/YYYY HH:MM in UK time."""
        local = self.taken_at.astimezone(UK)
        return f"{format_uk(local.date())} {local:%H:%M}"


def _taken_at(path: Path, *, pc_time: bool = False) -> datetime:
    match = _STAMP.search(path.name)
    if match:
        try:
            stamp = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            # A backup's name holds the UK time it was taken (auto_backup.backup_file_name), whatever the PC's
            # time zone; only the copy taken before a schema upgrade is named in the PC's own time (timestamp()).
            return stamp.astimezone() if pc_time else stamp.replace(tzinfo=UK)
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def find_backups(database: Path, folders: tuple[Path, ...] | None = None) -> list[FoundBackup]:
    """Every backup file that may belong to ``database``, newest first (none checked yet)."""
    if folders is None:
        from carehome_desk.store.auto_backup import backups_folder

        folders = (backups_folder(database), data_dir() / "backups", database.parent)
    # Only this database's own names: another database's backups (carehome-*.sqlite3 for a file named
    # home.sqlite3) are never offered; a database named carehome is matched by its own stem.
    patterns = (f"{database.stem}-*.sqlite3", f"{database.stem}.schema-*")
    seen: set[Path] = set()
    found: list[FoundBackup] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for pattern in patterns:
            for path in folder.glob(pattern):
                resolved = path.resolve()
                if resolved in seen or resolved == database.resolve() or not path.is_file():
                    continue
                if path.name.endswith((".keys", ".json", ".partial", "-wal", "-shm", "-journal")):
                    continue
                schema_copy = pattern.startswith(f"{database.stem}.schema-")
                seen.add(resolved)
                try:
                    found.append(FoundBackup(path, _taken_at(path, pc_time=schema_copy)))
                except OSError:
                    continue  # vanished while we looked
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def newest_good_backup(database: Path, key: bytes | None = None,
                       folders: tuple[Path, ...] | None = None) -> FoundBackup | None:
    """The newest backup that passes the quick check (an encrypted one with ``key``), or None."""
    for backup in find_backups(database, folders):
        clear = is_clear_sqlite(backup.path)
        if not clear and key is None:
            continue  # an encrypted copy this database's key cannot open
        if check_file(backup.path, None if clear else key).ok:
            return backup
    return None


def newest_backup_to_offer(database: Path, key: bytes | None = None,
                           folders: tuple[Path, ...] | None = None) -> FoundBackup | None:
    """The backup to offer for ``database``, which cannot be read: never a clear backup ahead of a newer encrypted
    one. With ``key`` it is newest_good_backup's; without it, the newest encrypted backup with its key file beside
    it is offered unchecked (``checked`` False) when it is newer than every clear one that passes the check."""
    if key is not None:
        return newest_good_backup(database, key, folders)
    from carehome_desk.store.keys import keys_path

    for backup in find_backups(database, folders):
        if is_clear_sqlite(backup.path):
            if check_file(backup.path, None).ok:
                return backup
        elif keys_path(backup.path).is_file():
            return replace(backup, checked=False)
    return None


def empty_database(path: Path, key: bytes | None = None) -> EmptyDatabaseError:
    """The refusal of a database file that is there but holds nothing (0 bytes), naming the backup to restore
    (see newest_backup_to_offer: ``key`` is the data key of a protected one, when it is at hand)."""
    return EmptyDatabaseError(path, newest_backup_to_offer(path, key))
