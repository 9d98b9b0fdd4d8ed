"""The one place SQLite connections are opened: stock ``sqlite3`` for a clear file, SQLCipher for a protected one.

A protected database is encrypted by SQLCipher 4 (through ``sqlcipher3``) with a raw 256-bit data
key (``PRAGMA key = "x'…'"``), so no key derivation runs per connection: the password is turned
into the data key once, in ``store/keys.py``. Everything else about a connection is the same for
both drivers: WAL, foreign keys, a busy timeout, and BEGIN issued by us so that every user action
and every migration is one real transaction.

Nothing else in the program calls ``sqlite3.connect``, ``sqlcipher3.connect`` or
``create_engine``: engines, the revision peek, backups and the conversion to an encrypted file
all come through here, so a protected file is never opened without its key by mistake.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

#: The first 16 bytes of every clear SQLite database; an SQLCipher file starts with random salt instead.
SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32

#: Errors either driver raises (they are separate classes: two copies of SQLite live in the process).
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
#: The same, or a file that cannot be read or written.
DATABASE_OR_OS_ERRORS: tuple[type[Exception], ...] = (*DATABASE_ERRORS, OSError)
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError, sqlcipher.OperationalError)

Connection = sqlite3.Connection | sqlcipher.Connection

_quiet = False


def _raw_key(key: bytes) -> str:
    # SQLCipher's raw-key form: 64 hex digits, used as the AES key as it is (no key derivation).
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    return f"\"x'{key.hex()}'\""


def key_pragma(key: bytes) -> str:
    """The statement that gives a connection its raw data key (hex digits only: nothing user-typed)."""
    return f"PRAGMA key = {_raw_key(key)}"


def _silence_sqlcipher() -> None:
    # SQLCipher writes its own errors (a failed page check, for one) to stderr; the program reports
    # them in one plain sentence instead. The log level is process-wide, so set it once.
    global _quiet
    if not _quiet:
        probe = sqlcipher.connect(":memory:")
        try:
            probe.execute("PRAGMA cipher_log_level = NONE")
        finally:
            probe.close()
        _quiet = True


def open_cipher(database: str, *, key: bytes | None, uri: bool = False,
                check_same_thread: bool = True) -> sqlcipher.Connection:
    """An SQLCipher connection to ``database``, keyed first when ``key`` is given.

    Without a key SQLCipher reads and writes clear files like stock SQLite; that is how a clear
    database is exported into an encrypted one.
    """
    _silence_sqlcipher()
    conn = sqlcipher.connect(database, uri=uri, check_same_thread=check_same_thread)
    try:
        if key is not None:
            conn.execute(key_pragma(key))
    except BaseException:
        conn.close()
        raise
    return conn


def open_connection(path: Path, *, key: bytes | None = None, read_only: bool = False,
                    immutable: bool = False) -> Connection:
    """A DB-API connection to the SQLite file at ``path``: SQLCipher with ``key``, stock sqlite3 without.

    ``read_only`` opens it through a read-only URI (nothing is written, but a file in WAL mode still gets a
    -shm and -wal beside it). ``immutable`` (read-only too) is for a file no one writes while it is open, a
    backup being looked at: nothing at all is created beside it, and a -wal already there is not read (a
    restore puts back the main file alone, so that is what is checked).
    """
    uri = read_only or immutable
    target = read_only_uri(path, immutable=immutable) if uri else str(path)
    if key is not None:
        return open_cipher(target, key=key, uri=uri)
    return sqlite3.connect(target, uri=uri)


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A read-only SQLite URI for a path; '#', '?' and '%' in folder names are escaped. ``immutable``: see
    open_connection (never for a database in use)."""
    return path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def file_header(path: Path) -> bytes:
    """The first 16 bytes of a file (fewer, or none, for a short or missing one)."""
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return b""


def is_clear_sqlite(path: Path) -> bool:
    """True if ``path`` is an unencrypted SQLite database (its first bytes say so)."""
    return file_header(path) == SQLITE_HEADER


def server_url(target: str) -> URL:
    """A database URL, with PostgreSQL always through psycopg 3 (``postgresql://`` alone would mean psycopg2)."""
    url = make_url(target)
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        url = url.set(drivername="postgresql+psycopg")
    return url


def make_engine(target: str | Path, *, key: bytes | None = None) -> Engine:
    """An engine for a file path or a database URL, with SQLite set up for safe local use.

    With ``key`` (a protected file) every pooled connection is an SQLCipher connection given the
    key before anything else runs; the dialect is SQLAlchemy's own SQLite one with SQLCipher as its
    DB-API module, so errors are wrapped as usual and the file-database pool is kept.
    """
    # URL.create, not an f-string: a path containing '#', '?' or '%' must stay one file name.
    url = URL.create("sqlite", database=str(target)) if isinstance(target, Path) else server_url(target)
    # hide_parameters: an error's text (shown, and logged) never quotes the record's values.
    if key is None:
        engine = create_engine(url, hide_parameters=True)
    else:
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            raise ValueError("only an SQLite file is encrypted with a data key")
        database = os.path.abspath(url.database)

        def creator() -> sqlcipher.Connection:
            # check_same_thread off, as SQLAlchemy sets it for a file database: the pool hands a
            # connection to one thread at a time.
            return open_cipher(database, key=key, check_same_thread=False)

        engine = create_engine(url, module=sqlcipher, creator=creator, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def read_only_engine(path: Path, *, key: bytes | None = None) -> Engine:
    """An engine that only reads the SQLite file at ``path`` (a backup being inspected): nothing is
    written to it, not even the WAL setting, and no -wal or -shm is made beside it (opened immutable)."""
    from sqlalchemy.pool import NullPool

    def creator() -> Any:
        conn = open_connection(path, key=key, immutable=True)
        conn.isolation_level = None
        return conn

    return create_engine("sqlite://", module=sqlcipher if key is not None else None, creator=creator,
                         poolclass=NullPool, hide_parameters=True)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling skips BEGIN before DDL, so a failed migration could
    # leave half a schema. Take over: autocommit at the driver, and BEGIN ourselves, so every
    # user action (and every migration) is one real transaction.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except OPERATIONAL_ERRORS:
            pass  # read-only media: keep the file's own journal mode; writes will say why they fail
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def copy_database(source: Path, destination: Path, *, key: bytes | None) -> None:
    """Copy ``source`` into the empty file ``destination`` with SQLite's online backup API.

    A consistent snapshot even while others write to ``source``. With ``key`` both ends are
    SQLCipher connections keyed alike, so the copy is encrypted as the original is, page by page,
    and never exists in clear. The copy is left in rollback-journal mode: a single self-contained
    file with no -wal beside it.
    """
    # Read-write open (we only read): a read-only handle on a WAL database leaves -wal and -shm
    # files behind because it may not remove them.
    if key is None:
        src = sqlite3.connect(source.resolve().as_uri(), uri=True)
        try:
            dst = sqlite3.connect(destination)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        return
    csrc = open_cipher(source.resolve().as_uri(), key=key, uri=True)
    try:
        cdst = open_cipher(str(destination), key=key)
        try:
            csrc.backup(cdst)
            cdst.execute("PRAGMA journal_mode=DELETE")
        finally:
            cdst.close()
    finally:
        csrc.close()


# -- turning a clear database into an encrypted one --------------------------------------------

def table_counts(conn: Connection, schema: str = "main") -> dict[str, int]:
    """Rows in every table of ``schema``, by table name."""
    names = [row[0] for row in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name.replace(chr(34), chr(34) * 2)}"')
                      .fetchone()[0]) for name in names}


def hold_exclusively(path: Path) -> sqlcipher.Connection:
    """A connection that has ``path`` (a clear database) to itself until it is closed.

    Everything in the -wal file is checkpointed into the main file, the file is switched to a
    rollback journal (so no -wal or -shm is left beside it), and an exclusive lock is taken and kept:
    no other process can read or write it meanwhile. Raises a DB-API OperationalError ("database is
    locked") while another process has it open. (Within one process SQLite cannot see another
    library's connections: close every Store on the file first.)
    """
    conn = open_cipher(str(path), key=None)
    try:
        conn.isolation_level = None
        conn.execute("PRAGMA busy_timeout=2000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlcipher.OperationalError("database is locked")
        conn.execute("PRAGMA main.locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")  # the lock is kept after COMMIT in exclusive locking mode
        conn.execute("COMMIT")
    except BaseException:
        conn.close()
        raise
    return conn


def export_encrypted(held: sqlcipher.Connection, destination: Path, key: bytes) -> dict[str, int]:
    """Write the clear database ``held`` (from :func:`hold_exclusively`) into the new file
    ``destination``, encrypted with ``key``; return the source's row counts.

    SQLCipher's own ``sqlcipher_export`` rebuilds every table, index and trigger inside the
    attached encrypted file, so no page of the copy is ever written in clear.
    """
    held.execute(f"ATTACH DATABASE ? AS protected KEY {_raw_key(key)}", (str(destination),))
    try:
        held.execute("SELECT sqlcipher_export('protected')")
        version = int(held.execute("PRAGMA main.user_version").fetchone()[0])
        held.execute(f"PRAGMA protected.user_version = {version}")
        return table_counts(held)
    finally:
        held.execute("DETACH DATABASE protected")


def verify_encrypted(path: Path, key: bytes, counts: dict[str, int]) -> str | None:
    """None if ``path`` opens with ``key``, passes SQLite's and SQLCipher's integrity checks and holds
    exactly ``counts`` rows per table; otherwise what is wrong."""
    if is_clear_sqlite(path):
        return "the copy is not encrypted"
    try:
        conn = open_cipher(str(path), key=key)
        try:
            if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                return "the copy failed SQLite's integrity check"
            if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                return "the copy failed SQLCipher's page check"
            found = table_counts(conn)
        finally:
            conn.close()
    except DATABASE_ERRORS as exc:
        return f"the copy could not be read back ({exc})"
    if found != counts:
        return "the copy does not hold the same rows as the original"
    return None


def create_encrypted(path: Path, key: bytes) -> None:
    """Write the first page of a new, empty encrypted database into ``path`` (empty or missing)."""
    conn = open_cipher(str(path), key=key)
    try:
        conn.isolation_level = None
        # Writing anything makes SQLCipher lay down page 1 (encrypted); the schema comes from the
        # migrations when the store opens it.
        conn.execute("CREATE TABLE carehome_desk_new (x)")
        conn.execute("DROP TABLE carehome_desk_new")
    finally:
        conn.close()
