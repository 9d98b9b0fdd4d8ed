"""The single-writer lock: one carehome-desk window, or one command that writes, per database file.

The window holds it for as long as it has a file open; a writing command (import, home add,
protect…) for as long as it runs. Reading commands never take it: SQLite lets them read alongside.
Both sides take the same operating-system lock on ``<database>.lock`` beside the file (flock on
Linux and macOS, LockFileEx on Windows, through ``filelock``), so each sees the other, and the lock
goes with its process however that ends: a crash or a kill never leaves a stale lock that refuses
the next start. A database on a server (a URL) takes no lock: several office PCs share it by design.
No Qt here: the command line takes it too.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from carehome_desk.store.errors import StoreError, folder_not_writable_message

if TYPE_CHECKING:
    from filelock import BaseFileLock

LOCK_SUFFIX = ".lock"
#: How long to wait for a holder that is just letting go (a window switching files, a command ending).
WAIT_SECONDS = 0.2


class DatabaseInUse(StoreError):
    """Another carehome-desk window or command on this PC holds the database's writer lock."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"The database {path} is open in carehome-desk on this PC (another window or command). "
                         "Close it and try again; nothing was changed.")


class LockUnavailable(StoreError):
    """The lock file cannot be made beside the database (a read-only or missing folder)."""


def lock_path(database: Path) -> Path:
    """The lock file of a database file: its name followed by .lock, in the same folder."""
    return database.with_name(database.name + LOCK_SUFFIX)


class WriterLock:
    """A held writer lock; ``release()`` or the end of a ``with`` block lets it go (once)."""

    def __init__(self, database: Path, lock: BaseFileLock):
        self.database = database
        self._lock = lock

    @property
    def held(self) -> bool:
        """Whether this process still holds it."""
        return self._lock.is_locked

    def release(self) -> None:
        """Let the lock go; harmless when already released."""
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()


def take_writer_lock(target: str | Path, *, wait: float = WAIT_SECONDS) -> WriterLock | None:
    """Take the writer lock of ``target``'s database file; None for a server database (no lock).

    Raises DatabaseInUse while another window or command holds it (waiting ``wait`` seconds first),
    LockUnavailable when its folder cannot hold the lock file.
    """
    from filelock import FileLock, Timeout  # ~20 ms: only when a file is opened for writing

    if isinstance(target, Path):
        path: Path | None = target  # a file: no need to load SQLAlchemy's URL parser (the window's first frame)
    else:
        from carehome_desk.store.engine import sqlite_path

        path = sqlite_path(target)
    if path is None:
        return None
    unavailable = (f"carehome-desk cannot write in {path.parent}, so it cannot safely open {path.name} there. "
                   "Check the folder's permissions or copy the file elsewhere.")
    if not path.parent.is_dir():  # filelock would create the missing folders: a lock makes no folder
        raise LockUnavailable(unavailable)
    # thread_local=False: the lock is the process's, whichever thread lets it go. 0600 like the database.
    lock = FileLock(lock_path(path), timeout=wait, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise DatabaseInUse(path) from None
    except OSError as exc:
        if not os.access(path.parent, os.W_OK):  # read-only media, or a share without write permission
            from carehome_desk.store.keys import is_protected

            raise LockUnavailable(folder_not_writable_message(
                path, "carehome-desk keeps a lock file beside a database it may write to",
                key_file=is_protected(path))) from exc
        raise LockUnavailable(unavailable) from exc
    return WriterLock(path, lock)
