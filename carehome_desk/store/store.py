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
from carehome_desk.store.errors import StoreError, WrongPasswordError
from carehome_desk.store.homes import HomeRepository
from carehome_desk.store.incidents import IncidentRepository
from carehome_desk.store import protection
from carehome_desk.store.quality import QualityRepository
from carehome_desk.store.settings import SettingsRepository
from carehome_desk.store.staff import StaffRepository
from carehome_desk.store.workforce import WorkforceRepository, load_default_catalogue
from carehome_desk.store.writer import Writer, write_transaction

if TYPE_CHECKING:
    from carehome_desk.store.auto_backup import AutoBackupResult
    from carehome_desk.store.restore import UnlockedBackup

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


class Store:
    """One open database. Use ``Store.open(path_or_url)``; close it when done."""

    def __init__(self, engine: Engine, *, target: str | Path, user: str, clock: Clock, report: OpenReport,
                 key: bytes | None = None):
        self.engine = engine
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

    @classmethod
    def open(cls, target: str | Path, *, user: str | None = None, clock: Clock | None = None, create: bool = True,
             password: str | None = None, recovery_key: str | None = None, data_key: bytes | None = None,
             before_upgrade: Callable[[Path], None] | None = None) -> Store:
        """Open (and if needed create or migrate) a database file or URL.

        A protected file (see ``store.protection``) opens with its ``password`` or its
        ``recovery_key``: without either PasswordNeededError, with a wrong one WrongPasswordError
        (each one plain sentence). Both are ignored for a database that is not protected.
        ``before_upgrade(path)`` runs just before an existing file's schema is upgraded (see ``prepare``).
        ``data_key`` opens a protected file with its data key already in hand (after a restore).
        """
        path = sqlite_path(target)
        key = None
        if path is not None:
            if not create and not path.exists():
                raise StoreError(f"There is no database at {path}.")
            if path.is_dir():
                raise StoreError(f"{path} is a folder, not a database file.")
            try:
                app_dir(path.parent)
                # Created 0600 before SQLite opens it (its -wal and -shm follow), or tightened.
                private_database(path)
            except OSError as exc:
                raise StoreError(f"Cannot create {exc.filename or path.parent}: {exc.strerror}.") from exc
            if protection.is_protected(path):
                key = data_key or protection.unlock(path, password=password, recovery_key=recovery_key)
        engine = make_engine(target, key=key)
        try:
            report = prepare(engine, target, key, before_upgrade)
        except BaseException:
            engine.dispose()
            raise
        store = cls(engine, target=target, user=user or default_user(), clock=clock or _utc_now, report=report,
                    key=key)
        if _created_since(report.found_revision, "0003"):
            store.workforce.seed_catalogue(load_default_catalogue())
        return store

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return sqlite_path(self.target)

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
        """One audited transaction: all of it is saved, or none of it."""
        with write_transaction(self.engine, self.user, self.now()) as writer:
            yield writer

    def close(self) -> None:
        """Release the database (checkpointing SQLite's WAL into the main file)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
