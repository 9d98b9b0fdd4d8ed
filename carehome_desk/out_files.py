"""Files a manager names for carehome-desk to write (an evidence pack, a calendar, a template, a column
map, a backup): the checks made before anything is written, and a failed write told in plain words.

Every writer runs :func:`check_out_file` first, so a mistyped name can never replace the database,
the files SQLite and carehome-desk keep beside it (``-wal``, ``-shm``, ``-journal``, ``.lock``, the
``.keys`` key file without which a protected database cannot be opened), or another database or
backup. A write that fails names the file asked for (never the temporary file it was written
through) and says what is wrong: the folder does not exist, cannot be written in, is read-only or
full.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from carehome_desk.store.errors import StoreError

#: What each file beside a database is, for the message refusing to write over it.
_BESIDE = (
    ("", "is the database itself"),
    ("-wal", "belongs to the database (SQLite keeps its latest changes in it)"),
    ("-shm", "belongs to the database (SQLite uses it while the database is open)"),
    ("-journal", "belongs to the database (SQLite needs it to undo a half-finished change)"),
    (".lock", "is the database's lock file (it stops two programs writing the database at once)"),
    (".keys", "is the database's key file (without it the protected records cannot be opened)"),
)
SQLITE_HEADER = b"SQLite format 3\x00"


class OutFileRefused(StoreError):
    """The file named cannot be written (a wrong extension, the database, a file that exists): nothing was
    written. ``exit_code`` is 2 for a name the command line should not have been given, else 1."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


class WriteFailed(OSError):
    """Writing ``filename`` (the file asked for) failed; ``strerror`` says why in plain words.

    An OSError still, so every ``except OSError`` around a save keeps working, and ``exc.strerror``
    gives the plain reason where the raw one was shown before."""

    def __str__(self) -> str:
        return f"{self.filename} could not be written: {self.strerror}"


def _real(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)  # a hard link or another spelling of the same file
    except OSError:
        pass
    return _real(a) == _real(b)


#: The files SQLite keeps beside the real database file (so, for a database named through a symbolic
#: link, beside the file the link points to); ``.lock`` and ``.keys`` are made beside the name as given.
_SQLITE_OWN = ("-wal", "-shm", "-journal")


def database_part(out: Path, database: Path) -> str | None:
    """What ``out`` is to ``database`` ("is the database itself", "is the database's key file …"), or None
    when it is none of the database's files."""
    real = os.path.realpath(database)
    for suffix, what in _BESIDE:
        if _same(out, Path(f"{database}{suffix}")):
            return what
        if suffix in _SQLITE_OWN and _same(out, Path(f"{real}{suffix}")):
            return what
    return None


def _is_database(path: Path) -> bool:
    """Whether ``path`` is a database or a backup of one: SQLite's header, or a key file beside it
    (a protected one is encrypted from its first byte)."""
    try:
        with open(path, "rb") as f:
            if f.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                return True
    except OSError:
        return False
    return Path(f"{path}.keys").is_file()


def other_database_part(out: Path) -> str | None:
    """What ``out`` is when it is an existing database or backup, or the key file or record beside one."""
    if not out.is_file():
        return None
    if _is_database(out):
        return "is a database (records, or a backup of them)"
    for suffix, what in ((".keys", "key file"), (".json", "record")):
        if out.name.endswith(suffix) and _is_database(out.with_name(out.name[: -len(suffix)])):
            return f"is the {what} of the database or backup {out.name[: -len(suffix)]}"
    return None


def check_out_file(out: Path, database: str | Path | None, what: str, *, suffix: str | None = None,
                   kind: str = "", replace: bool = True, replace_flag: str | None = None,
                   folder_must_exist: bool = False) -> None:
    """Refuse (OutFileRefused, one sentence ending "Nothing was written.") to write the ``what`` ("evidence
    pack") to ``out`` when it is a folder, lacks ``suffix`` (``kind`` says what such a file is: "an Excel
    workbook"), is one of ``database``'s files or another database, or exists and ``replace`` is False.

    ``folder_must_exist``: a folder the manager named must be there already (the command line: a mistyped
    folder is said, never quietly made); the writers themselves still make the app's own folders."""
    # The database first: "that is the database itself" says more than "give a name ending .xlsx"
    said = database_part(out, database) if isinstance(database, Path) else None
    if said is None:
        said = other_database_part(out)
    if said is not None:
        raise OutFileRefused(f"{out} {said}: choose another name for the {what}. Nothing was written.")
    if out.is_dir():
        raise OutFileRefused(f"{out} is a folder: give a file name for the {what}. Nothing was written.")
    if suffix is not None and out.suffix.lower() != suffix:
        raise OutFileRefused(f"the {what} is {kind or 'a ' + suffix + ' file'}: give a file name ending {suffix} "
                             f"(not {out.name}). Nothing was written.", exit_code=2)
    problem = missing_folder(out) if folder_must_exist else None
    if problem is not None:
        raise OutFileRefused(f"{out} cannot be written: {problem}. Nothing was written.")
    if not replace and out.exists():
        how = f" (or give {replace_flag} to write over it)" if replace_flag else ""
        raise OutFileRefused(f"{out} already exists; choose another name so nothing is overwritten{how}. "
                             "Nothing was written.")


def missing_folder(out: Path) -> str | None:
    """Why the folder ``out`` would go in is not there, in a manager's words ("the folder … does not exist:
    create it first, or choose a folder that exists"; "… is a file, not a folder"), or None when it is."""
    folder = Path(os.path.abspath(out)).parent
    try:
        os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError:
        return None  # it cannot even be looked at (no permission): the write says what is wrong
    else:
        return None if folder.is_dir() else f"{folder} is a file, not a folder"
    for part in (folder, *folder.parents):  # a file where a folder is meant: "pack.xlsx/x.xlsx"
        if part.exists():
            if not part.is_dir():
                return f"{part} is a file, not a folder"
            break
    return f"the folder {folder} does not exist: create it first, or choose a folder that exists"


def write_problem(target: Path, exc: OSError) -> str:
    """Why ``target`` could not be written, in a manager's words (no temporary file name, no errno)."""
    if isinstance(exc, WriteFailed) and exc.strerror:  # already in a manager's words: never word it twice
        return exc.strerror
    folder = Path(os.path.abspath(target)).parent
    if isinstance(exc.filename, str):  # a file elsewhere failed (the app's own working folder): say where
        failed = Path(os.path.abspath(exc.filename))
        if failed.parent != folder and failed != folder:
            folder = failed.parent
    for part in (folder, *folder.parents):  # a file where a folder is meant: "pack.xlsx/x.xlsx"
        if part.exists():
            if not part.is_dir():
                return f"{part} is a file, not a folder"
            break
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"the disk holding {folder} is full"
    if code == errno.EROFS:
        return f"{folder} is on a read-only disk or share"
    if code in (errno.EACCES, errno.EPERM):
        if target.exists():
            return (f"{target.name} is open in another program (close it there), or carehome-desk is not "
                    f"allowed to write in {folder}")
        return f"carehome-desk is not allowed to write in the folder {folder}"
    if code in (errno.ENOENT, errno.ENOTDIR):
        if not folder.is_dir():
            return f"the folder {folder} does not exist"
        return f"carehome-desk cannot write in the folder {folder}"
    if code == errno.EISDIR:
        return f"{target} is a folder, not a file name"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.EIO:
        return f"the disk holding {folder} reported a fault while writing"
    reason = (exc.strerror or "").rstrip(".").lower() or exc.__class__.__name__
    return f"carehome-desk cannot write in {folder} ({reason})"


def write_failed(target: Path, exc: OSError) -> WriteFailed:
    """``exc`` (raised while writing ``target`` or the temporary file beside it) as WriteFailed on ``target``."""
    if isinstance(exc, WriteFailed):
        return exc
    return WriteFailed(exc.errno or 0, write_problem(target, exc), str(target))


def os_error_text(exc: OSError) -> str:
    """One sentence for an OSError that reached the command line: the file asked for and why, for a failed
    write; else the system's reason and the file it names."""
    if isinstance(exc, WriteFailed):
        return f"{exc}."
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}."
