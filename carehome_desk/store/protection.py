"""A database's password: setting it (encrypting the file), opening with it, changing it, the recovery key.

No Qt here: the window's set-up step, unlock dialog and lock screen and the command line call
these. How the keys fit together is in ``store/keys.py``; connections are opened only in
``store/connect.py``.

What is protected: the database file, its -wal and -shm files, the copy taken before a schema
upgrade and every backup are encrypted with one random data key; none of them can be read
without the password or the recovery key *and* the key file beside the database. What is not:
anyone who knows the password reads everything, and so can malware on a PC while the records
are open (the data key is in the program's memory then).
"""

from __future__ import annotations

import glob
import logging
import os
import secrets
from pathlib import Path

from carehome_desk.store.connect import (
    DATABASE_ERRORS,
    DATABASE_OR_OS_ERRORS,
    KEY_BYTES,
    OPERATIONAL_ERRORS,
    create_encrypted,
    export_encrypted,
    hold_exclusively,
    is_clear_sqlite,
    open_connection,
    verify_encrypted,
)
from carehome_desk.store.errors import (
    NotADatabaseError,
    PasswordNeededError,
    StoreError,
    ValidationError,
    WrongPasswordError,
)
from carehome_desk.store.keys import (
    DEFAULT_KDF,
    KdfParams,
    KeyFile,
    is_protected,
    keys_path,
    new_recovery_key,
    read_key_file,
    sync_folder,
    write_key_file,
)

__all__ = [
    "DEFAULT_KDF",
    "MIN_PASSWORD_LENGTH",
    "KdfParams",
    "change_password",
    "is_protected",
    "keys_path",
    "password_from_file",
    "protect",
    "replace_recovery_key",
    "unlock",
    "unprotected_copies",
    "validate_new_password",
    "wrong_password_delay",
]

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
WRONG_PASSWORD = "That password is not right for these records: check Caps Lock and try again."
WRONG_RECOVERY_KEY = "That recovery key does not open these records: check each group against the printed copy."


def validate_new_password(text: str) -> str | None:
    """None if ``text`` will do as a new password, else one sentence saying why not (for the form)."""
    if not text.strip():
        return "Type a password: the records will be encrypted with it."
    if len(text) < MIN_PASSWORD_LENGTH:
        return (f"The password must be at least {MIN_PASSWORD_LENGTH} characters long; a few ordinary words "
                "together are easy to remember and hard to guess.")
    if text != text.strip():
        return "The password must not start or end with a space, which is easy to miss when typing it again."
    return None


def _check_new(text: str, field: str) -> None:
    problem = validate_new_password(text)
    if problem:
        raise ValidationError({field: problem})


def unlock(path: Path, *, password: str | None = None, recovery_key: str | None = None) -> bytes:
    """The data key of the protected database at ``path``, from its password or its recovery key.

    PasswordNeededError if neither is given; WrongPasswordError (one sentence) if it is wrong;
    StoreError if the key file is missing or damaged. Each password try costs one Argon2id
    derivation (~0.4 s), which is what slows guessing; nothing is ever locked out.
    """
    if password is None and recovery_key is None:
        raise PasswordNeededError(f"The records in {path} are protected: the password is needed to open them.")
    keys = read_key_file(path)
    try:
        if recovery_key is not None:
            key = keys.unseal_with_recovery_key(recovery_key)
            wrong = WRONG_RECOVERY_KEY
        else:
            assert password is not None
            key = keys.unseal_with_password(password)
            wrong = WRONG_PASSWORD
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"The key file {keys_path(path)} is damaged ({exc}): copy it back from the backup "
                         "taken with the database.") from exc
    if key is None:
        raise WrongPasswordError(wrong)
    return key


def key_fails(path: Path, key: bytes, *, immutable: bool = False) -> Exception | None:
    """None if ``key`` really opens the encrypted file at ``path``, else the error it gave (read-only;
    ``immutable``: a backup looked at, with nothing made beside it)."""
    try:
        conn = open_connection(path, key=key, read_only=True, immutable=immutable)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except DATABASE_ERRORS as exc:
        return exc
    return None


def _check_key_opens(path: Path, key: bytes) -> None:
    """StoreError unless ``key`` really opens ``path`` (a key file copied beside the wrong database)."""
    exc = key_fails(path, key)
    if exc is not None:
        raise StoreError(f"The key file beside {path} does not belong to this database ({exc}): put back the "
                         "key file that was copied with it.") from exc


def protect(path: Path, password: str, *, kdf: KdfParams | None = None) -> str:
    """Encrypt the database at ``path`` with a new data key sealed by ``password``; return the recovery key.

    ``path`` may be an existing clear database, or missing (a new encrypted database is started; the
    store creates its tables when it is opened with the password). An existing empty (0-byte) file is
    refused (EmptyDatabaseError), as Store.open refuses it. An existing one is
    converted safely: it is held exclusively (so close every Store on it first; another program
    or window using it is refused), an encrypted copy is written beside it and checked (it opens
    with the key, passes the integrity checks and has the same rows in every table), the key file is
    written, and only then does the copy replace the clear file; the clear file's bytes are
    overwritten with zeros (on Linux and macOS) and no -wal or -shm of it is left. The copies taken
    before schema upgrades that sit beside it are encrypted the same way.

    Show the returned recovery key once, to be printed and kept in the office safe. ``kdf`` sets
    Argon2id's cost (tests pass a cheap one); the default takes ~0.4 s.
    """
    _check_new(password, "password")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    from carehome_desk import start_snapshot

    start_snapshot.forget()  # the first frame's figures kept in clear go before the file is encrypted
    if is_protected(path):
        raise StoreError(f"{path} is already protected with a password: change the password instead.")
    data_key = secrets.token_bytes(KEY_BYTES)
    recovery = new_recovery_key()
    keys = KeyFile.create(data_key, password, recovery, kdf or DEFAULT_KDF)
    if not path.exists():
        _start_encrypted(path, data_key, keys)
        return recovery
    if path.stat().st_size == 0:  # a failed copy, say: never taken for a new database
        from carehome_desk.store.backup_search import empty_database

        raise empty_database(path)
    if not is_clear_sqlite(path):
        raise NotADatabaseError(f"{path} is not a carehome-desk database, so no password was set. Nothing was changed.")
    from carehome_desk.store.engine import check_revision, peek_sqlite_revision

    check_revision(*peek_sqlite_revision(path), str(path))
    _encrypt_in_place(path, data_key, keys)
    for copy in _migration_copies(path):
        try:
            _encrypt_in_place(copy, data_key, keys)
        except (StoreError, OSError):  # the database itself is protected: never lose the recovery key over a copy
            # No message or path in the log (they may name a home); unprotected_copies() lists the copy.
            log.warning("A copy taken before an upgrade could not be encrypted and stays as it was.")
    return recovery


def _start_encrypted(path: Path, data_key: bytes, keys: KeyFile) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_key_file(path, keys)  # first: an encrypted page without its key would be unreadable
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        create_encrypted(path, data_key)
    except DATABASE_OR_OS_ERRORS as exc:
        keys_path(path).unlink(missing_ok=True)
        raise StoreError(f"The protected database could not be created at {path}: {exc}.") from exc


def _migration_copies(path: Path) -> list[Path]:
    # Named by backup_before_migrate: <stem>.schema-<from>.before-<to>.<timestamp><suffix>
    pattern = f"{glob.escape(path.stem)}.schema-*.before-*{glob.escape(path.suffix or '.sqlite3')}"
    return sorted(p for p in path.parent.glob(pattern) if p.is_file() and is_clear_sqlite(p))


def unprotected_copies(path: Path, database_id: str | None = None) -> list[Path]:
    """Clear (unencrypted) copies of this database that a protected ``path`` leaves readable: copies taken
    before upgrades beside it, and its backups in the data folder's backups/ folder and in backups/ beside it.
    Say so to the manager.

    Only its own are listed, never another database's backups kept in the same folder: a backup whose record
    names this file as its source, or carries this database's ``database_id`` (read before it was protected);
    a record naming another database's id or file rules a copy out. A copy with no record (a hand-made one, or
    one an earlier version wrote to the data folder's backups/) is told by the database id it holds itself;
    one that holds none (from before ids were kept) counts when it is named as this database's backups are.
    """
    from carehome_desk.paths import data_dir
    from carehome_desk.store.auto_backup import backups_folder, list_backups

    found = _migration_copies(path)
    # The data folder's backups/, and backups/ beside the database, where automatic backups go.
    for backups in dict.fromkeys(folder.resolve() for folder in (data_dir() / "backups", backups_folder(path))):
        if backups.is_dir():
            named = {b.path.name for b in list_backups(path, backups)}  # <stem>-YYYYMMDD-HHMMSS.sqlite3
            found += sorted(p for p in backups.iterdir() if p.is_file() and is_clear_sqlite(p)
                            and _own_copy(p, path, database_id, p.name in named))
    return found


def _own_copy(copy: Path, database: Path, database_id: str | None, named: bool) -> bool:
    """Whether ``copy`` (a file in a backups folder) is surely a copy of ``database``; ``named``: it is named
    as its backups are (all a copy with no record and no database id of its own has to go by)."""
    from carehome_desk.store.backup_record import database_id_of, read_record

    record = read_record(copy)
    if record is None:  # a hand-made copy, or one from before records were kept: what it holds says whose it is
        own_id = database_id_of(copy) if database_id is not None else None
        return own_id == database_id if own_id is not None else named
    if database_id is not None and record.database_id is not None:
        return record.database_id == database_id
    return record.source == str(database.resolve())


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def _encrypt_in_place(path: Path, data_key: bytes, keys: KeyFile) -> None:
    """Replace the clear database ``path`` by a verified encrypted copy, writing its key file first."""
    partial = path.with_name(path.name + ".protecting")
    for leftover in (partial, Path(f"{partial}-journal")):
        leftover.unlink(missing_ok=True)  # from a conversion that was stopped: start afresh
    try:
        held = hold_exclusively(path)
    except OPERATIONAL_ERRORS as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"{path} is open in carehome-desk or another command: close it, then set the "
                             "password again. Nothing was changed.") from exc
        raise StoreError(f"{path} could not be protected ({exc}). Nothing was changed.") from exc
    replaced = False
    try:
        try:
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            counts = export_encrypted(held, partial, data_key)
        except DATABASE_OR_OS_ERRORS as exc:
            raise StoreError(f"{path} could not be encrypted ({exc}). Nothing was changed.") from exc
        problem = verify_encrypted(partial, data_key, counts)
        if problem:
            raise StoreError(f"Protecting {path} was stopped because {problem}. Nothing was changed.")
        try:
            with open(partial, "rb+") as file:
                os.fsync(file.fileno())
        except OSError as exc:
            raise StoreError(f"{path} could not be protected: {exc.strerror or exc}. Nothing was changed.") from exc
        try:
            write_key_file(path, keys)
            stamp = _stamp(path)
            clear_fd = os.open(path, os.O_RDWR) if os.name == "posix" else None
        except OSError as exc:
            raise StoreError(f"{path} could not be protected: {exc.strerror or exc}. Nothing was changed.") from exc
        try:
            if clear_fd is None:
                held.close()  # Windows cannot replace a file that is open
            if _stamp(path) != stamp:
                raise StoreError(f"{path} changed while it was being protected. Nothing was changed: try again.")
            try:
                os.replace(partial, path)
                replaced = True
            except OSError as exc:
                raise StoreError(f"{path} could not be replaced by its encrypted copy: {exc.strerror or exc}. "
                                 "Nothing was changed.") from exc
            sync_folder(path.parent)
            if clear_fd is not None:
                try:
                    _overwrite(clear_fd)
                except OSError:
                    pass  # best effort: the clear file is already gone from the folder
        finally:
            if clear_fd is not None:
                os.close(clear_fd)
    finally:
        held.close()
        partial.unlink(missing_ok=True)
        if not replaced:
            keys_path(path).unlink(missing_ok=True)  # the clear file stays; a key file beside it would only confuse
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        side.unlink(missing_ok=True)  # the clear file's: hold_exclusively emptied them into it


def _overwrite(fd: int) -> None:
    # The clear file has been replaced (its name now points at the encrypted copy); zero what it
    # held so its records do not stay readable in the unlinked file's blocks. Best effort: an SSD or
    # a copy-on-write file system may keep old blocks elsewhere, which only whole-disk encryption covers.
    size = os.fstat(fd).st_size
    zeros = bytes(1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, zeros[:min(len(zeros), size - written)])
    os.fsync(fd)


def change_password(path: Path, old_or_recovery: str, new: str, *, recovery: bool = False,
                    kdf: KdfParams | None = None) -> None:
    """Set a new password on the protected database at ``path``.

    ``old_or_recovery`` is the current password, or with ``recovery=True`` the recovery key (for a
    forgotten password). Only the key file changes: the data key is sealed again under ``new``, the
    database is not re-encrypted, the old password stops working and the recovery key stays the
    same. Backups taken earlier keep the key file they were taken with: they open with the password
    of their day, or the recovery key. ValidationError if ``new`` will not do; WrongPasswordError.
    """
    _check_new(new, "new_password")
    if not is_protected(path):
        raise StoreError(f"{path} has no password yet: set one first.")
    keys = read_key_file(path)
    data_key = unlock(path, recovery_key=old_or_recovery) if recovery else unlock(path, password=old_or_recovery)
    _check_key_opens(path, data_key)
    write_key_file(path, keys.with_password(data_key, new, kdf or DEFAULT_KDF))


def replace_recovery_key(path: Path, password: str) -> str:
    """Issue a new recovery key for the protected database at ``path`` (the old one stops working); return it.

    For a printed key that was lost: show the new one once, to print and keep in the office safe.
    """
    keys = read_key_file(path)
    data_key = unlock(path, password=password)
    _check_key_opens(path, data_key)
    recovery = new_recovery_key()
    write_key_file(path, keys.with_recovery_key(data_key, recovery))
    return recovery


def password_from_file(path: Path) -> str:
    """The password on the first line of the file at ``path``, without its line ending (for scheduled jobs).

    The one reader of password files, for the database and for protected packs. A byte-order mark
    (Windows Notepad adds one) is dropped. StoreError (one sentence) if the file is missing,
    unreadable, not text or has nothing on its first line.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            line = file.readline()
    except FileNotFoundError:
        raise StoreError(f"The password file {path} does not exist.") from None
    except UnicodeDecodeError:
        raise StoreError(f"The password file {path} is not plain text (UTF-8).") from None
    except OSError as exc:
        raise StoreError(f"The password file {path} cannot be read: {exc.strerror or exc}.") from None
    password = line.rstrip("\r\n")
    if not password.strip():
        raise StoreError(f"The password file {path} is empty: put the password on its first line.")
    return password


def wrong_password_delay(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` wrong passwords in a row: none for the
    first three, then 1, 2, 4 … up to 30. Typing slows down; nobody is ever locked out."""
    if failures <= 3:
        return 0.0
    return float(min(30, 2 ** (failures - 4)))
