"""Opening a database: connect, check the schema revision, back up, then migrate.

Reading the stored revision is one plain query; Alembic is imported only when an upgrade
is due (it costs ~0.05 s at start-up). A database written by a newer version is refused
before anything writes to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

# make_engine and read_only_uri live with every other SQLite connection in connect.py.
from carehome_desk.models.counted import counted
from carehome_desk.store.connect import DATABASE_ERRORS, is_clear_sqlite, make_engine, open_connection, read_only_uri
from carehome_desk.store.errors import DatabaseTooNewError, NotADatabaseError, StoreError
from carehome_desk.store.integrity import CannotOpenError, cannot_open_message, is_cannot_open_error

__all__ = ["HEAD", "SCHEMA_REVISIONS", "OpenReport", "check_revision", "describe_target", "is_server",
           "is_sqlite_target", "make_engine", "peek_sqlite_revision", "prepare", "read_only_uri", "sqlite_path"]

log = logging.getLogger(__name__)

# Every released schema revision, oldest first. A test checks this against the Alembic
# scripts, so start-up can compare revisions without loading Alembic.
SCHEMA_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
HEAD = SCHEMA_REVISIONS[-1]


@dataclass(frozen=True)
class OpenReport:
    """What happened while opening: the revision found, and any backup taken before migrating."""

    found_revision: str | None
    created: bool
    backup: Path | None


def is_sqlite_target(target: str | Path) -> bool:
    """True for a file path or an sqlite:// URL."""
    return isinstance(target, Path) or make_url(target).get_backend_name() == "sqlite"


def is_server(target: str | Path) -> bool:
    """True for a PostgreSQL server's address (the only kind of server carehome-desk works with)."""
    from sqlalchemy.exc import ArgumentError

    if isinstance(target, Path) or "://" not in target:
        return False
    try:
        return make_url(target).get_backend_name() == "postgresql"
    except ArgumentError:
        return False


def describe_target(target: str | Path) -> str:
    """Where a database is, for messages and logs: a file's path, or a server URL with any password hidden."""
    if isinstance(target, Path):
        return str(target)
    return make_url(target).render_as_string(hide_password=True)


def sqlite_path(target: str | Path) -> Path | None:
    """The file behind an SQLite target (None for in-memory or other backends)."""
    if isinstance(target, Path):
        return target
    url = make_url(target)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def peek_sqlite_revision(path: Path, key: bytes | None = None) -> tuple[str | None, bool]:
    """(stored revision, has any tables) read from an SQLite file without writing to it (``key``: a protected one).

    A file SQLite cannot open at all (SQLITE_CANTOPEN: its folder is read-only, so the working files cannot be
    made) is CannotOpenError, never "not a carehome-desk database" nor a key file of another database: nothing
    of it was read."""
    try:
        con = open_connection(path, key=key, read_only=True)
    except DATABASE_ERRORS as exc:
        if is_cannot_open_error(exc):
            raise CannotOpenError(cannot_open_message(path, str(exc))) from exc
        raise NotADatabaseError(f"{path} could not be opened: {exc}. Nothing was changed.") from exc
    try:
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in names:
            return None, bool(names)
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return (row[0] if row else None), True
    except DATABASE_ERRORS as exc:
        if is_cannot_open_error(exc):
            raise CannotOpenError(cannot_open_message(path, str(exc))) from exc
        if key is not None:
            raise StoreError(f"{path} could not be read with the key in its key file ({exc}): the key file "
                             "beside it may belong to another database. Nothing was changed.") from exc
        raise NotADatabaseError(
            f"{path} is not a carehome-desk database ({exc}){_key_file_hint(path)}. Nothing was changed."
        ) from exc
    finally:
        con.close()


def _key_file_hint(path: Path) -> str:
    # An encrypted file is whole pages of random-looking bytes: say what may be missing.
    size = path.stat().st_size if path.exists() else 0
    if size and size % 1024 == 0 and not is_clear_sqlite(path):
        return ", or it is a protected one whose key file (its name followed by .keys) is not beside it"
    return ""


def _peek_revision(engine: Engine) -> tuple[str | None, bool]:
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if "alembic_version" not in names:
            return None, bool(names)
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return (row[0] if row else None), True


def check_revision(revision: str | None, has_tables: bool, where: str) -> None:
    """Refuse databases this version must not touch: newer ones, and other programs' files."""
    if revision is None and has_tables:
        raise NotADatabaseError(
            f"{where} holds tables that carehome-desk did not create, so it is not a carehome-desk "
            "database. Nothing was changed."
        )
    if revision is not None and revision not in SCHEMA_REVISIONS:
        raise DatabaseTooNewError(
            f"{where} was written by a newer version of carehome-desk (schema {revision}; this "
            f"version knows up to schema {HEAD}). Install the newer version to open it. "
            "The file has not been touched."
        )


def prepare(engine: Engine, target: str | Path, key: bytes | None = None,
            before_upgrade: Callable[[Path], None] | None = None) -> OpenReport:
    """Check the stored revision, back up an SQLite file that needs migrating, then migrate.

    ``key`` is a protected file's data key: the revision is read, and the copy taken before
    migrating is written, with it (so the copy is encrypted as the file is). ``before_upgrade``
    is called with an existing file's path just before it is upgraded: a reading command takes the
    single-writer lock there, since upgrading writes (and may raise to refuse).
    """
    path = sqlite_path(target)
    try:
        if path is not None and path.exists():
            revision, has_tables = peek_sqlite_revision(path, key)
        else:
            revision, has_tables = _peek_revision(engine)
    except DBAPIError as exc:
        raise StoreError(f"Could not read the database at {describe_target(target)}: {exc.orig}") from exc
    check_revision(revision, has_tables, str(path or "The database"))
    if revision == HEAD:
        return OpenReport(revision, created=False, backup=None)
    backup = None
    if revision is not None and path is not None:
        from carehome_desk.store.backup import backup_before_migrate

        if before_upgrade is not None:
            before_upgrade(path)

        backup = backup_before_migrate(path, revision, HEAD, key=key)
        log.info("Backed up %s to %s before migrating from schema %s", path, backup, revision)
    try:
        _upgrade(engine)
    except DBAPIError as exc:
        kept = f" A copy from before is at {backup}." if backup else ""
        where = describe_target(path or target)
        raise StoreError(f"The database at {where} could not be brought up to date ({exc.orig}). "
                         f"Nothing was changed.{kept}") from exc
    return OpenReport(revision, created=revision is None, backup=backup)


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    from carehome_desk.store import migrations

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        raw = conn.connection.driver_connection if sqlite else None
        if raw is not None:
            # Batch migrations rebuild tables with DROP TABLE; with foreign keys on, that would
            # cascade or fail. Switch them off for the migration, on the driver connection so it
            # runs outside any transaction (inside one SQLite ignores it), and check the links
            # before committing.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreError(f"Upgrading would break {counted(len(broken), 'link')} between records; "
                                         "nothing was changed.")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
