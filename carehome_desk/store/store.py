"""The Store: owns the database engine and exposes one repository per register.

The UI and the CLI talk only to it (architecture rule 3).
"""

from __future__ import annotations

import getpass
import hmac
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from carehome_desk.models.dates import UK
from carehome_desk.private_files import app_dir, private_database

from carehome_desk.store.audit import AuditRepository
from carehome_desk.store.engine import SCHEMA_REVISIONS, OpenReport, make_engine, prepare, sqlite_path
from carehome_desk.store.children import ChildRepository
from carehome_desk.store.connect import is_clear_sqlite
from carehome_desk.store.errors import SaveError, StoreError, WrongPasswordError
from carehome_desk.store.homes import HomeRepository
from carehome_desk.store.incidents import IncidentRepository
from carehome_desk.store.integrity import (
    CHECK_NOW,
    CannotOpenError,
    DamagedDatabaseError,
    DatabaseInUseError,
    IntegrityGate,
    IntegrityReport,
    cannot_open_message,
    check_file,
    in_use_message,
    write_refusal,
)
from carehome_desk.store import protection
from carehome_desk.store.quality import QualityRepository
from carehome_desk.store.retention import RetentionRepository
from carehome_desk.store.settings import SettingsRepository
from carehome_desk.store.staff import StaffRepository
from carehome_desk.store.workforce import WorkforceRepository, load_default_catalogue
from carehome_desk.store.writer import Writer, write_transaction

if TYPE_CHECKING:
    from carehome_desk.store.auto_backup import AutoBackupResult
    from carehome_desk.store.restore import UnlockedBackup
    from carehome_desk.store.backup_search import FoundBackup

USER_ENV = "CAREHOME_DESK_USER"
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def default_user() -> str:
    """The label written into the audit trail: CAREHOME_DESK_USER, else the login name."""
    label = os.environ.get(USER_ENV, "").strip()
    if label:
        return label
    try:
        return getpass.getuser()
    except Exception:  # no login name (some service accounts): still record something honest
        return "unknown user"


def _created_since(found: str | None, revision: str) -> bool:
    """True when opening just created the tables of ``revision`` (so their default data is due)."""
    return found is None or SCHEMA_REVISIONS.index(found) < SCHEMA_REVISIONS.index(revision)


def _key_at_hand(path: Path, password: str | None, recovery_key: str | None, data_key: bytes | None) -> bytes | None:
    """The data key of a protected (emptied) database, when what was given opens its key file; else None."""
    if not protection.is_protected(path):
        return None
    if data_key is not None:
        return data_key
    if password is None and recovery_key is None:
        return None
    try:
        return protection.unlock(path, password=password, recovery_key=recovery_key)
    except StoreError:  # a wrong password or a damaged key file: the backups are named unchecked
        return None


def _checked_or_refused(path: Path, key: bytes | None, now: datetime) -> IntegrityReport:
    """The integrity check; a file whose first page cannot be read is refused with one plain message."""
    report = check_file(path, key, now=now)
    if report.busy:  # another program holds it locked (protect, a restore): in use, not damaged
        raise DatabaseInUseError(in_use_message(path))
    if report.cannot_open:  # SQLite could not open it (a read-only folder, say): nothing read, so not "damaged"
        raise CannotOpenError(cannot_open_message(path, "; ".join(report.problems)))
    # A file that is not SQLite's at all is NotADatabaseError's to explain (prepare says it).
    if report.unreadable and (key is not None or is_clear_sqlite(path)):
        from carehome_desk.store.backup_search import newest_good_backup

        backup = newest_good_backup(path, key)
        offer = (f"the newest good backup is {backup.path}, taken {backup.when_text()}" if backup is not None
                 else "no good backup was found beside it or in the backups folder")
        raise DamagedDatabaseError(
            f"{path} cannot be read: its first page is damaged"
            + (", or the key file beside it may belong to another database" if key is not None else "")
            + f". Nothing was changed; restore it from a backup ({offer}).")
    return report


def _sound_before_upgrade(gate: IntegrityGate,
                          then: Callable[[Path], None] | None) -> Callable[[Path], None]:
    """The hook prepare() runs before a schema upgrade writes into the file: the integrity check must
    have passed (it runs now if it was left for later), then the caller's own hook."""

    def hook(path: Path) -> None:
        report = gate.run()
        if report is not None and report.busy:
            raise DatabaseInUseError(in_use_message(path))
        if report is not None and not report.ok:
            raise DamagedDatabaseError(f"{path} failed its integrity check, so it was not brought up to date: "
                                       "restore it from a backup first. Nothing was changed.")
        if then is not None:
            then(path)

    return hook


class Store:
    """One open database. Use ``Store.open(path_or_url)``; close it when done."""

    def __init__(self, engine: Engine, *, target: str | Path, user: str, clock: Clock, report: OpenReport,
                 key: bytes | None = None, gate: IntegrityGate | None = None):
        self.engine = engine
        self._gate = gate or IntegrityGate(None, None, clock)
        self._key = key  # a protected file's data key, kept for new connections and backups
        self.target = target
        self.user = user
        self.clock = clock
        self.open_report = report
        self.homes = HomeRepository(self)
        self.audit = AuditRepository(self)
        self.settings = SettingsRepository(self)
        self.staff = StaffRepository(self)
        self.workforce = WorkforceRepository(self)
        self.children = ChildRepository(self)
        self.incidents = IncidentRepository(self)
        self.quality = QualityRepository(self)
        self.retention = RetentionRepository(self)

    @classmethod
    def open(cls, target: str | Path, *, user: str | None = None, clock: Clock | None = None, create: bool = True,
             password: str | None = None, recovery_key: str | None = None, data_key: bytes | None = None,
             before_upgrade: Callable[[Path], None] | None = None, check: str = CHECK_NOW) -> Store:
        """Open (and if needed create or migrate) a database file or URL.

        An existing file gets the integrity check (store/integrity.py) before anything is written to
        it: now, or with ``check="later"`` when the caller runs ``run_integrity_check`` (a migration
        due still checks first). A failed check opens the store read-only (``integrity``, ``damaged``);
        a file whose first page cannot be read raises DamagedDatabaseError, naming the newest good backup.
        A file that is there but empty (0 bytes) raises EmptyDatabaseError whatever ``create`` says: only a
        file that does not exist yet is created (``create=False`` refuses that too).

        A protected file (see ``store.protection``) opens with its ``password`` or its
        ``recovery_key``: without either PasswordNeededError, with a wrong one WrongPasswordError
        (each one plain sentence). Both are ignored for a database that is not protected.
        ``before_upgrade(path)`` runs just before an existing file's schema is upgraded (see ``prepare``),
        after the integrity check has passed.
        ``data_key`` opens a protected file with its data key already in hand (after a restore).
        """
        path = sqlite_path(target)
        key = None
        existed = path is not None and path.exists() and path.stat().st_size > 0
        if path is not None:
            if not create and not path.exists():
                raise StoreError(f"There is no database at {path}.")
            if path.is_dir():
                raise StoreError(f"{path} is a folder, not a database file.")
            if path.exists() and path.stat().st_size == 0:
                from carehome_desk.store.backup_search import empty_database

                # never set up afresh: only a file that is not there yet is created
                raise empty_database(path, _key_at_hand(path, password, recovery_key, data_key))
            try:
                app_dir(path.parent)
                # Created 0600 before SQLite opens it (its -wal and -shm follow), or tightened.
                private_database(path)
            except OSError as exc:
                raise StoreError(f"Cannot create {exc.filename or path.parent}: {exc.strerror}.") from exc
            if protection.is_protected(path):
                key = data_key or protection.unlock(path, password=password, recovery_key=recovery_key)
        clock = clock or _utc_now
        gate = IntegrityGate(path if existed else None, key, clock)
        if existed and check == CHECK_NOW:
            assert path is not None
            gate.set(_checked_or_refused(path, key, clock()))
        engine = make_engine(target, key=key)
        label = user or default_user()
        try:
            report = prepare(engine, target, key, _sound_before_upgrade(gate, before_upgrade))
            if path is None:
                from carehome_desk.store.access import session_role

                role = session_role(engine)  # access by home on a server: the trail records the role (store/access.py)
                if role is not None and not label.endswith(f"[{role}]"):
                    label = f"{label} [{role}]"
        except BaseException:
            engine.dispose()
            raise
        store = cls(engine, target=target, user=label, clock=clock, report=report, key=key, gate=gate)
        if _created_since(report.found_revision, "0003"):
            store.workforce.seed_catalogue(load_default_catalogue())
        return store

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return sqlite_path(self.target)

    @property
    def integrity(self) -> IntegrityReport | None:
        """The open-time integrity check's result (None while it runs, and for a server database)."""
        return self._gate.report

    @property
    def damaged(self) -> bool:
        """True when the integrity check failed: the store is read-only."""
        report = self._gate.report
        return report is not None and not report.ok

    def run_integrity_check(self) -> IntegrityReport | None:
        """Run the open-time check if it has not run (safe on a worker thread); return its result."""
        return self._gate.run()

    def newest_good_backup(self) -> FoundBackup | None:
        """The newest backup of this file that passes the quick check (store/backup_search.py), or None."""
        from carehome_desk.store.backup_search import newest_good_backup

        return newest_good_backup(self.path, self._key) if self.path is not None else None

    @property
    def protected(self) -> bool:
        """True if the database is encrypted (opened with a password or the recovery key)."""
        return self._key is not None

    def check_password(self, password: str) -> None:
        """Return if ``password`` is the database's password now, else raise WrongPasswordError (for
        the lock screen). Costs one Argon2id derivation, which is what slows guessing."""
        if self.path is None or self._key is None:
            raise StoreError("These records are not protected with a password.")
        if not hmac.compare_digest(protection.unlock(self.path, password=password), self._key):
            raise WrongPasswordError(protection.WRONG_PASSWORD)

    def backup(self, destination: Path) -> Path:
        """A consistent copy of the database file at ``destination`` (which must not exist); returns it.

        A protected database's copy is encrypted with the same key, with its key file beside it. The copy
        is called good only once a full integrity check passes on it (``store/backup.py``).
        """
        from carehome_desk.store.backup import backup_sqlite

        if self.path is None:
            raise StoreError("Only a database file can be backed up here; back up a server database with its own tools.")
        return backup_sqlite(self.path, destination, key=self._key)

    def automatic_backup(self) -> AutoBackupResult:
        """A verified backup in ``backups/`` beside the database, rotated by the policy values, and a copy
        in the second backup folder when one is set (see ``store/auto_backup.py``)."""
        from carehome_desk.models.backup_rotation import RetentionPolicy
        from carehome_desk.store.auto_backup import take_automatic_backup

        if self.path is None:
            raise StoreError("Only a database file is backed up automatically; back up a server database with "
                             "its own tools.")
        if not self.damaged:  # its identity, so rotation can tell its backups from another home's in a shared folder
            self.settings.ensure_database_id()
        values = self.settings.get()
        policy = RetentionPolicy(values.backups_daily, values.backups_weekly, values.backups_monthly)
        return take_automatic_backup(self.path, self._key, policy=policy,
                                     second_folder=self.settings.second_backup_folder(), now=self.now())

    def unlock_backup(self, backup: Path, *, password: str | None = None,
                      recovery_key: str | None = None) -> UnlockedBackup:
        """The key that opens ``backup`` for a restore: this database's own when it opens it (the password in
        use now stays), else the one ``password`` or ``recovery_key`` unseals (see ``store/restore.py``)."""
        from carehome_desk.store.restore import unlock_backup

        return unlock_backup(backup, database=self.path, current_key=self._key, password=password,
                             recovery_key=recovery_key)

    def reopen(self) -> Store:
        """A new Store on the same file, user, clock and key (after this one was closed: a restore that failed)."""
        return Store.open(self.target, user=self.user, clock=self.clock, create=False, data_key=self._key)

    def describe(self) -> str:
        """Where the data lives, for the status bar and --help output (no password shown)."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    def now(self) -> datetime:
        """The current instant (from the injectable clock), timezone-aware."""
        return self.clock()

    def today(self) -> date:
        """Today's date in the UK."""
        return self.now().astimezone(UK).date()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One audited transaction: all of it is saved, or none of it.

        Held until the integrity check has passed; refused (SaveError, one sentence) if it failed.
        """
        report = self._gate.run()
        if report is not None and not report.ok:
            raise SaveError(write_refusal(report))
        with write_transaction(self.engine, self.user, self.now()) as writer:
            yield writer

    def close(self) -> None:
        """Release the database (checkpointing SQLite's WAL into the main file)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
