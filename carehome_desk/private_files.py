"""Files and folders readable by their owner only: children's records never sit in a file others can read.

On Linux and macOS every folder the app makes is 0700 and every file it writes 0600; the data
folder (and its logs, backups and tmp folders) is tightened to 0700 when found looser. Each
writer calls the helper for what it creates, and the entry points also run under umask 077
(:func:`keep_private`), which covers what libraries and Qt create on their own (window.ini,
the lock file, a rotated log). On Windows these do nothing harmful: ``os.chmod`` there only
sets or clears read-only, and the per-user %LOCALAPPDATA% folder is private already.

An export's temporary files live in ``tmp/`` inside the data folder, never the system temp
folder. Each temporary folder is named ``KIND-PID-HOST-random`` after the process that owns
it; :func:`tidy_data_folder` (run at every start of the window or a command) removes those
whose process has ended, so a killed export's files go at the next start while an export
still running in another process keeps its folder. A folder from another computer (a data
folder on a network share) is removed only once untouched for a week.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from carehome_desk.paths import backup_dir, data_dir, in_data_dir, log_dir, temp_dir

POSIX = os.name == "posix"
FILE_MODE = 0o600
DIR_MODE = 0o700
#: How long a temporary folder made on another computer is kept once nothing has touched it.
OTHER_HOST_AGE = 7 * 24 * 3600.0
#: Anything else in tmp/ (not named by this module) is removed once untouched for an hour.
STRAY_AGE = 3600.0
#: Earlier versions put these in the system temp folder; removed there once untouched for an hour.
OLD_SYSTEM_TEMP = ("carehome-desk-pack-*", "carehome-desk-sheets-*")

P = ParamSpec("P")
R = TypeVar("R")


def _owned_by_me(st: os.stat_result) -> bool:
    # Only our own files: even as root, never change someone else's permissions.
    return st.st_uid == os.geteuid()


def tighten(path: Path, mode: int) -> None:
    """Take away group and other access from ``path`` if it has any (POSIX, our own files only).

    A file that has gone, read-only media or someone else's file is left as it is: this
    must never stop the app working.
    """
    if not POSIX:
        return
    try:
        st = os.stat(path)
        if st.st_mode & 0o077 and _owned_by_me(st):
            os.chmod(path, mode)
    except OSError:
        pass


def readable_by_others(path: Path, *, posix: bool = POSIX) -> int | None:
    """The permission bits of ``path`` (0o644, say) when other users of the computer can read it (its group
    or other read bit is set), else None; None too for a file that cannot be looked at, and always on
    Windows (``posix`` False), where these bits say nothing about who may read a file."""
    if not posix:
        return None
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        return None  # the reader says what is wrong with a file that is missing or cannot be read
    return mode if mode & 0o044 else None


def private_dir(path: Path, *, tighten_existing: bool = True) -> Path:
    """Create ``path`` (and any missing parents) 0700; return it.

    An existing folder is tightened to 0700 when ``tighten_existing``; pass False for a folder
    the user chose (where an export goes), whose permissions are theirs to set.
    """
    path = Path(path)
    if path.is_dir():
        if tighten_existing:
            tighten(path, DIR_MODE)
        return path
    if path.parent != path and not path.parent.exists():
        private_dir(path.parent, tighten_existing=False)  # each folder made here is 0700, not only the last
    path.mkdir(mode=DIR_MODE, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists and is 0600: a new file is created empty with that mode (so no
    other process ever sees it readable); an existing one keeps its contents and is tightened."""
    path = Path(path)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    tighten(path, FILE_MODE)
    return path


def sqlite_files(path: Path) -> tuple[Path, Path, Path]:
    """An SQLite database file and the -wal and -shm files SQLite keeps beside it."""
    return path, Path(f"{path}-wal"), Path(f"{path}-shm")


def private_database(path: Path) -> None:
    """Before SQLite opens ``path``: create it 0600 if new (SQLite gives its -wal and -shm files the
    database's mode), or tighten an existing database and its -wal and -shm files."""
    if not path.exists():
        private_file(path)
        return
    for part in sqlite_files(path):
        tighten(part, FILE_MODE)


@contextmanager
def private_umask() -> Iterator[None]:
    """Everything created inside is private to its owner (umask 077); the old umask is restored after.

    The umask belongs to the whole process: use it around a whole entry point (before any
    thread starts), never around one write in a program with threads.
    """
    if not POSIX:
        yield
        return
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def keep_private(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate an entry point so it runs under :func:`private_umask`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with private_umask():
            return fn(*args, **kwargs)

    return wrapper


# -- temporary folders ------------------------------------------------------------------------

def _host_key() -> str:
    # A short, file-name-safe stand-in for the computer's name.
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def private_temp_dir(kind: str) -> Path:
    """A new private folder for one export's temporary files, in ``tmp/`` inside the data folder."""
    if not kind.isalnum():
        raise ValueError(f"a temporary folder's kind is a plain word, not {kind!r}")
    root = private_dir(temp_dir())
    return Path(tempfile.mkdtemp(prefix=f"{kind}-{os.getpid()}-{_host_key()}-", dir=root))


def _process_running(pid: int) -> bool:
    """True if a process with this id is running on this computer (when unsure, True: keep the folder)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists; otherwise it has gone
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # signal 0 checks only; on POSIX it never touches the process
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _age(path: Path, now: float) -> float:
    try:
        return now - path.lstat().st_mtime
    except OSError:
        return 0.0


def _leftover(entry: Path, host: str, now: float) -> bool:
    parts = entry.name.split("-")
    if len(parts) != 4 or not parts[1].isdigit():
        return _age(entry, now) > STRAY_AGE
    if parts[2] != host:
        return _age(entry, now) > OTHER_HOST_AGE
    return not _process_running(int(parts[1]))


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        try:
            entry.unlink()
        except OSError:
            pass


def remove_leftovers(now: float | None = None) -> list[Path]:
    """Remove temporary folders left by runs that ended without tidying up (killed, crashed, power cut).

    In ``tmp/`` inside the data folder: a folder whose owning process (the id in its name) is
    no longer running on this computer. In the system temp folder: folders earlier versions
    left there, once untouched for an hour. Returns what was removed.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    root = temp_dir()
    if root.is_dir():
        host = _host_key()
        for entry in list(root.iterdir()):
            if _leftover(entry, host, now):
                _remove(entry)
                removed.append(entry)
    system_temp = Path(tempfile.gettempdir())
    for pattern in OLD_SYSTEM_TEMP:
        for entry in system_temp.glob(pattern):
            try:
                mine = not POSIX or _owned_by_me(entry.lstat())
            except OSError:
                continue
            if mine and entry.is_dir() and _age(entry, now) > STRAY_AGE:
                _remove(entry)
                removed.append(entry)
    return removed


def copy_durably(source: Path, target: Path) -> None:
    """Copy ``source``'s bytes into ``target`` (already made private) and flush them to the disk before returning,
    so a power cut after this cannot leave a file that looks complete but is not."""
    with open(source, "rb") as src, open(target, "r+b") as out:
        while chunk := src.read(1 << 20):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def owner_tag() -> str:
    """``PID-HOST`` of this process, for the name of a temporary file written beside a target
    (``NAME~PID-HOST….part``), so a later run can tell whether its writer is still running."""
    return f"{os.getpid()}-{_host_key()}"


def remove_dead_temporaries(folder: Path, pattern: str) -> list[Path]:
    """Remove the temporary files matching ``pattern`` in ``folder`` whose owner (named by
    :func:`owner_tag` after the last ``~``) is a process of this computer that is no longer running:
    a ``.part`` or ``.partial`` left beside its target by a run that was killed. A file of a run
    still going, of another computer, or not named so is left alone. Returns what was removed."""
    removed: list[Path] = []
    host = _host_key()
    try:
        entries = list(folder.glob(pattern))
    except OSError:
        return removed
    for entry in entries:
        if "~" not in entry.name or entry.is_dir():
            continue
        parts = entry.name.rsplit("~", 1)[1].split(".", 1)[0].split("-")
        if len(parts) < 2 or not parts[0].isdigit() or parts[1] != host or _process_running(int(parts[0])):
            continue
        _remove(entry)
        removed.append(entry)
    return removed


def partial_name(path: Path) -> Path:
    """The name a file is written under before it is renamed into place: ``<name>~PID-HOST.partial``, so a
    later run can tell a killed writer's leftover (removed) from one still running, here or on another PC
    writing to the same network folder (left alone)."""
    return path.with_name(f"{path.name}~{owner_tag()}.partial")


def remove_partial_files(folder: Path) -> list[Path]:
    """Remove what a killed backup, restore or copy left in ``folder`` (its ``.partial`` file and SQLite
    journal), and ``<name>.sqlite3.partial``, the name earlier versions used. Returns what was removed."""
    removed = remove_dead_temporaries(folder, "*~*.partial*")
    try:
        legacy = list(folder.glob("*.sqlite3.partial"))
    except OSError:
        return removed
    for entry in legacy:
        _remove(entry)
        removed.append(entry)
    return removed


def tidy_beside(database: Path) -> list[Path]:
    """Remove what a killed backup or restore left in ``database``'s ``backups/`` folder and beside it (only
    files named by a process that has ended; never the database or a finished backup); return them."""
    removed: list[Path] = []
    for folder in (database.parent / "backups", database.parent):
        try:
            if folder.is_dir():
                removed += remove_partial_files(folder)
        except OSError:
            pass  # tidying must never stop the app or a command
    return removed


def tidy_data_folder() -> None:
    """At every start: tighten the data folder and its own folders if they exist, remove leftovers.

    Nothing is created here: a command given another --db leaves the default data folder alone.
    """
    try:
        for folder in (data_dir(), log_dir(), backup_dir(), temp_dir()):
            if folder.is_dir():
                tighten(folder, DIR_MODE)
        remove_leftovers()
        remove_partial_files(backup_dir())  # a killed backup's copy (and its journal)
        # A killed run's half-written start files (kept_files.py), also when the database lives elsewhere.
        remove_dead_temporaries(data_dir(), "*~*.partial")
    except OSError:
        pass  # tidying must never stop the app or a command


def app_dir(path: Path) -> Path:
    """Create the folder a file is about to be written into: 0700 if new; an existing one is
    tightened only when it is the data folder or inside it (a folder the user chose keeps its mode)."""
    return private_dir(path, tighten_existing=in_data_dir(path))
