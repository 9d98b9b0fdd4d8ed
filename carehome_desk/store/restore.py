"""Restoring a backup: look at it first, keep the current file beside it, then put the backup in place.

No Qt here: File → Restore from backup… (``ui/settings/restore_dialog.py``) and ``carehome-desk restore``
(``cli_restore.py``) call these. The caller holds the single-writer lock and has closed every Store
on the database (the window closes its own).

What happens, in order, so that a failure at any point loses nothing:

1. the backup is checked again (full integrity check on the file itself: its record beside it is
   a convenience, never trusted alone) and copied into the database's folder under a temporary
   name, and that copy is checked too;
2. the current database (with its key file) is kept beside it as
   ``<name>.before-restore-YYYYMMDD-HHMMSS<suffix>``: a hard link where the disk allows (instant,
   and it works for a damaged file), else a byte copy. Its -wal is moved with it, so none of its
   pending changes can ever be replayed into the restored file;
3. the key file goes in place (a protected backup's; or the current one, kept when the current data
   key opens the backup, so the password and recovery key in use now stay the same);
4. the checked copy replaces the database in one rename.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from carehome_desk.models.dates import UK
from carehome_desk.private_files import copy_durably, partial_name, private_file, remove_partial_files
from carehome_desk.store.backup_record import DATABASE_ID, BackupRecord, IntegrityResult, check_database, read_record
from carehome_desk.store.connect import DATABASE_ERRORS, DATABASE_OR_OS_ERRORS, is_clear_sqlite, open_connection
from carehome_desk.store.errors import DatabaseTooNewError, NotADatabaseError, PasswordNeededError, StoreError
from carehome_desk.store.keys import is_protected, keys_path, sync_folder, write_private_atomically
from carehome_desk.store import protection


@dataclass(frozen=True)
class UnlockedBackup:
    """The key that opens a backup (None for a clear one), and whether the current key file serves it."""

    key: bytes | None
    keep_current_keys: bool = False
    #: The protected database's own key, when the backup is clear (taken before the password was set): the
    #: backup is encrypted with it as it is put back, so a restore never leaves the records unencrypted.
    encrypt_with: bytes | None = None


def _opens(path: Path, key: bytes) -> bool:
    return protection.key_fails(path, key, immutable=True) is None


def unlock_backup(backup: Path, *, database: Path | None = None, current_key: bytes | None = None,
                  password: str | None = None, recovery_key: str | None = None) -> UnlockedBackup:
    """The key for ``backup``: the open database's ``current_key``, or the key ``password`` (or
    ``recovery_key``) unseals from the database's key file or from the backup's own key file.

    Either password works: the one in use now (when the data key has not changed since the backup)
    or the one in use when the backup was taken. PasswordNeededError when a key is needed and none
    was given; WrongPasswordError when neither key file accepts the one given.
    """
    if not backup.is_file():
        raise StoreError(f"There is no backup at {backup}.")
    if not is_protected(backup):
        if not is_clear_sqlite(backup):
            raise NotADatabaseError(f"{backup} is not a carehome-desk backup, or its key file ({keys_path(backup).name}) "
                                    "is not beside it. Nothing was changed.")
        if database is None or not protection.is_protected(database):
            return UnlockedBackup(None)
        if current_key is None:  # the records are protected now: the copy put back must be encrypted too
            if password is None and recovery_key is None:
                raise PasswordNeededError(f"The backup {backup.name} was taken before the password was set, so it is "
                                          "not encrypted: the database's password is needed to encrypt it as it is "
                                          "put back.")
            current_key = protection.unlock(database, password=password, recovery_key=recovery_key)
        return UnlockedBackup(None, keep_current_keys=True, encrypt_with=current_key)
    if current_key is not None and _opens(backup, current_key):
        return UnlockedBackup(current_key, keep_current_keys=True)
    if password is None and recovery_key is None:
        raise PasswordNeededError(f"The backup {backup.name} is protected: the password in use when it was taken "
                                  "(or the recovery key) is needed to open it.")
    if database is not None and protection.is_protected(database):
        try:
            key = protection.unlock(database, password=password, recovery_key=recovery_key)
            if _opens(backup, key):
                return UnlockedBackup(key, keep_current_keys=True)
        except StoreError:
            pass  # not today's password: perhaps the one in use when the backup was taken
    key = protection.unlock(backup, password=password, recovery_key=recovery_key)
    if not _opens(backup, key):
        raise StoreError(f"The key file beside {backup} does not belong to it: put back the key file that was "
                         "copied with it. Nothing was changed.")
    if database is not None and protection.is_protected(database) and _opens(database, key):
        # The same data key as the records now (the password changed since): keep today's key file, so neither
        # an old password nor a recovery key replaced since comes back with the backup's.
        return UnlockedBackup(key, keep_current_keys=True)
    return UnlockedBackup(key)


def verify_backup(backup: Path, key: bytes | None) -> str | None:
    """The audit trail's verdict on a backup, one line (``carehome-desk verify`` on the copy), or None for a
    backup taken before the trail was chained (schema 0006 or older: it is sealed when restored)."""
    return trail_findings(backup, key)[0]


def trail_findings(backup: Path, key: bytes | None) -> tuple[str | None, tuple[str, ...]]:
    """The audit trail's verdict on a backup (see verify_backup) and each problem it found, one sentence each
    (``carehome-desk verify``'s lines on the copy): none when the trail is intact or was never chained.

    Checked at the schema revision the backup was written at: its records and trail with the tables and columns
    it holds (a backup from before an upgrade has none of the columns added since). A backup written by a newer
    version is not checked here (its newer columns are unknown to this version): said so, with no problem named.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from carehome_desk.store.connect import read_only_engine
    from carehome_desk.store.engine import SCHEMA_REVISIONS
    from carehome_desk.store.verify import verify_trail

    engine = read_only_engine(backup, key=key)
    try:
        with engine.connect() as conn:
            columns = {str(r[1]) for r in conn.exec_driver_sql("PRAGMA table_info(audit_log)")}
            if "hash" not in columns:
                return None, ()
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            if revision is not None and str(revision) not in SCHEMA_REVISIONS:
                return ("written by a newer version of carehome-desk, which is needed to check its records", ())
            report = verify_trail(conn, as_stored=True)  # at the backup's own schema revision
            return report.summary(), tuple(finding.text for finding in report.findings)
    except SQLAlchemyError as exc:
        said = f"The audit trail could not be read: {getattr(exc, 'orig', None) or exc}."
        return said, (said,)
    finally:
        engine.dispose()


def backup_trail_rows(backup: Path, key: bytes | None) -> list[Any] | None:
    """Every audit row of the backup file itself, in full and oldest first (``chain.TRAIL_ROWS``), read-only;
    None for a backup taken before the trail was chained (schema 0006 or older)."""
    from carehome_desk.store.chain import TRAIL_ROWS
    from carehome_desk.store.connect import read_only_engine

    engine = read_only_engine(backup, key=key)
    try:
        with engine.connect() as conn:
            if "hash" not in {str(r[1]) for r in conn.exec_driver_sql("PRAGMA table_info(audit_log)")}:
                return None
            return list(conn.execute(TRAIL_ROWS).all())
    finally:
        engine.dispose()


@dataclass(frozen=True)
class BackupReport:
    """What is shown before a restore: when the backup was taken, what it holds, and its checks now."""

    path: Path
    taken_at: datetime
    record: BackupRecord | None
    integrity: IntegrityResult  # checked now, on the file itself
    encrypted: bool
    verify: str | None = None  # the audit trail's verdict, when there is one
    homes: tuple[tuple[str, str], ...] | None = None  # (name, URN) of each home it holds; None if unreadable
    problems: tuple[str, ...] = ()  # each problem the audit trail's check found, one sentence each

    @property
    def homes_words(self) -> str:
        """"Oak Lodge (SC862107)", or a dash when they could not be read."""
        return ", ".join(f"{name} ({urn})" for name, urn in self.homes) if self.homes else "—"

    @property
    def counts(self) -> dict[str, int]:
        """Rows per register, read from the backup itself."""
        return self.integrity.facts.counts if self.integrity.facts else {}

    @property
    def taken_words(self) -> str:
        """When it was taken, in UK time: 06/12/2026 at 23:10."""
        local = self.taken_at.astimezone(UK)
        return f"{local:%d/%m/%Y} at {local:%H:%M}"


def inspect_backup(backup: Path, key: bytes | None) -> BackupReport:
    """Check ``backup`` now (full integrity check, with ``key`` if encrypted) and gather what it holds."""
    record = read_record(backup)
    taken = record.taken_at if record is not None else datetime.fromtimestamp(backup.stat().st_mtime, timezone.utc)
    checked = check_database(backup, key=key, immutable=True)  # nothing is made beside the backup
    verdict, problems = trail_findings(backup, key)
    homes = homes_in(backup, key, immutable=True)
    return BackupReport(backup, taken, record, checked, key is not None, verdict, homes, problems)


def homes_in(path: Path, key: bytes | None, *, immutable: bool = False) -> tuple[tuple[str, str], ...] | None:
    """(name, URN) of every home in the database file at ``path``, read-only (``immutable``: a backup, with
    nothing made beside it); None when it cannot be read."""
    try:
        conn = open_connection(path, key=key, read_only=True, immutable=immutable)
        try:
            rows = conn.execute("SELECT name, urn FROM homes ORDER BY id").fetchall()
        finally:
            conn.close()
    except DATABASE_ERRORS:
        return None
    return tuple((str(name), str(urn)) for name, urn in rows)


def other_homes_warning(report: BackupReport, current: tuple[tuple[str, str], ...] | None) -> str | None:
    """One sentence when the backup holds none of the homes (``current``: name, URN) these records hold."""
    if not report.homes or not current:
        return None
    if {urn for _, urn in report.homes} & {urn for _, urn in current}:
        return None
    return (f"This backup holds {report.homes_words}, not {', '.join(f'{n} ({u})' for n, u in current)}: "
            "it may be another home's backup.")


def backup_database_id(report: BackupReport) -> str | None:
    """The identity of the database the backup is a copy of, read from the backup itself (its record beside it
    is a convenience, never trusted alone); None for a copy taken before databases had one."""
    value = report.integrity.facts.extra.get(DATABASE_ID) if report.integrity.facts else None
    return value if isinstance(value, str) and value else None


def other_database_warning(report: BackupReport, database: Path, current_id: str | None,
                           current: tuple[tuple[str, str], ...] | None) -> str | None:
    """One sentence when the backup is a copy of a different database from ``database`` (their identities, as
    ``carehome-desk protect`` tells its own copies, differ): both named, with the homes each holds (``current``:
    name, URN) where they can be read. None when they are the same, or either has no identity (older files)."""
    backup_id = backup_database_id(report)
    if backup_id is None or current_id is None or backup_id == current_id:
        return None
    theirs = report.homes_words if report.homes else "homes that could not be read"
    ours = ", ".join(f"{n} ({u})" for n, u in current) if current else "homes that could not be read"
    return (f"The backup {report.path.name} is of a different database: it holds {theirs} (database "
            f"{backup_id[:8]}), while {database} holds {ours} (database {current_id[:8]}). Restoring it puts "
            "that database's records in place of these.")


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the report it acted on and where the file it replaced was kept (None: none was there)."""

    report: BackupReport
    kept: Path | None


def before_restore_name(database: Path, now: datetime) -> Path:
    """Where the current database is kept: e.g. carehome.before-restore-20261206-231000.sqlite3."""
    stamp = f"{now.astimezone(UK):%Y%m%d-%H%M%S}"
    suffix = database.suffix or ".sqlite3"
    kept = database.with_name(f"{database.stem}.before-restore-{stamp}{suffix}")
    n = 1
    while kept.exists():
        kept = database.with_name(f"{database.stem}.before-restore-{stamp}-{n}{suffix}")
        n += 1
    return kept


def restore_backup(database: Path, backup: Path, unlocked: UnlockedBackup, *,
                   now: datetime | None = None) -> RestoreResult:
    """Put ``backup`` in place of ``database``, keeping the current file beside it first (see the module).

    StoreError (one sentence, nothing changed) when the backup fails its check, is newer than this
    version, or cannot be copied.
    """
    from carehome_desk import start_snapshot
    from carehome_desk.store.engine import SCHEMA_REVISIONS

    start_snapshot.forget()  # the figures kept for the next start are the records being replaced
    report = inspect_backup(backup, unlocked.key)
    if not report.integrity.ok:
        raise StoreError(f"The backup {backup.name} fails its integrity check ({report.integrity.detail}), so it "
                         "was not restored. Nothing was changed.")
    revision = report.integrity.facts.schema_revision if report.integrity.facts else None
    if revision is not None and revision not in SCHEMA_REVISIONS:
        raise DatabaseTooNewError(f"The backup {backup.name} was written by a newer version of carehome-desk, so it "
                                  "was not restored. Nothing was changed.")
    if database.resolve() == backup.resolve():
        raise StoreError("That file is the database itself, not a backup of it. Nothing was changed.")
    incoming = partial_name(database.with_name(database.name + ".restoring"))
    clear = partial_name(database.with_name(database.name + ".restoring-clear"))
    kept: Path | None = None
    try:
        remove_partial_files(database.parent)  # what a restore killed midway left
        key: bytes | None = unlocked.encrypt_with
        if key is not None:  # a clear backup put back into protected records: encrypted on the way
            _encrypted_copy(backup, clear, incoming, key)
        else:
            private_file(incoming)
            copy_durably(backup, incoming)
            key = unlocked.key
        if not check_database(incoming, key=key).ok:
            raise StoreError(f"The copy of {backup.name} made for the restore failed its check; nothing was changed.")
        current_key = key if unlocked.keep_current_keys else None
        kept = _keep_current(database, now or datetime.now(timezone.utc), current_key)
        if key is not None and not unlocked.keep_current_keys:
            write_private_atomically(keys_path(database), keys_path(backup).read_bytes())
        elif key is None:
            keys_path(database).unlink(missing_ok=True)  # a clear backup: the kept copy has the old key file
        os.replace(incoming, database)
        sync_folder(database.parent)
    except DATABASE_OR_OS_ERRORS as exc:
        _put_back_key_file(database, kept)
        raise StoreError(f"The backup could not be put in place ({exc}). The database is as it was.") from exc
    finally:
        for leftover in (incoming, Path(f"{incoming}-journal"), clear, Path(f"{clear}-journal")):
            leftover.unlink(missing_ok=True)
    return RestoreResult(report, kept)


def _encrypted_copy(backup: Path, clear: Path, incoming: Path, key: bytes) -> None:
    """``incoming``: the clear ``backup`` encrypted with ``key`` (SQLCipher's export), checked row for row."""
    from carehome_desk.store.connect import export_encrypted, hold_exclusively, verify_encrypted

    private_file(clear)
    copy_durably(backup, clear)
    held = hold_exclusively(clear)
    try:
        counts = export_encrypted(held, incoming, key)
    finally:
        held.close()
    problem = verify_encrypted(incoming, key, counts)
    if problem is not None:
        raise StoreError(f"The backup could not be encrypted as it was put back ({problem}); nothing was changed.")


def _put_back_key_file(database: Path, kept: Path | None) -> None:
    """After a failed swap: the database is still the one that was there, so its key file must be too."""
    if kept is None:
        return
    try:
        if keys_path(kept).exists():
            write_private_atomically(keys_path(database), keys_path(kept).read_bytes())
        else:
            keys_path(database).unlink(missing_ok=True)
    except OSError:
        pass  # the kept copy's key file is still there, named beside it


def _keep_current(database: Path, now: datetime, key: bytes | None) -> Path | None:
    """Keep the current database (and its key file and -wal) under a dated name beside it; None if none."""
    if not database.exists():
        return None
    _checkpoint(database, key)
    kept = before_restore_name(database, now)
    try:
        os.link(database, kept)  # instant, and sound for a damaged file; the name is what the restore replaces
    except OSError:
        copy_durably(database, private_file(kept))
    if keys_path(database).exists():
        write_private_atomically(keys_path(kept), keys_path(database).read_bytes())
    wal = Path(f"{database}-wal")
    if wal.exists():
        os.replace(wal, Path(f"{kept}-wal"))  # its changes belong to the kept file, never the restored one
    Path(f"{database}-shm").unlink(missing_ok=True)
    return kept


def _checkpoint(database: Path, key: bytes | None) -> None:
    """Fold the -wal into the main file when it can be read (a damaged file keeps its -wal: it moves along)."""
    if is_protected(database) and key is None:
        return  # no key in hand here: the -wal is moved beside the kept copy instead, which keeps it whole
    try:
        conn = open_connection(database, key=key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except DATABASE_ERRORS:
        pass
