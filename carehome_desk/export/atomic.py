"""Saving a file so a crash never leaves a half-written file under the user's file name."""

from __future__ import annotations

import errno
import glob
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from carehome_desk.kept_files import sync_folder
from carehome_desk.out_files import write_failed
from carehome_desk.private_files import owner_tag, private_file, remove_dead_temporaries


def replace_atomically(target: Path, write: Callable[[Path], object], suffix: str = ".xlsx.part") -> None:
    """Have ``write`` fill a temporary file in the target's folder, then rename it over the target.

    The rename is atomic on one filesystem, so the target is either the old file or the
    complete new one; on any failure the temporary file is removed and the target is untouched. A
    failure to write is raised as ``out_files.WriteFailed`` on the target (an OSError whose strerror
    says why in plain words), never naming the temporary file.
    The file is readable by its owner only (0600 on Linux and macOS), also when it replaces one
    that was not: what the app writes holds records. Its name says which process wrote it
    (``.NAME~PID-HOST-random.xlsx.part``), so the temporary file of a run that was killed before
    it could remove it is removed by the next save to the same target.

    The new file's bytes reach the disk before the rename, and the folder's entry after it, as the start
    files' do (kept_files.write_whole): a power cut on inspection day leaves the old pack or the whole new
    one, never a renamed file whose contents were still in memory.
    """
    target = Path(target)
    if target.is_dir():
        raise write_failed(target, IsADirectoryError(errno.EISDIR, "Is a directory"))
    remove_dead_temporaries(target.parent, f".{glob.escape(target.name)}~*{suffix}")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}~{owner_tag()}-", suffix=suffix,
                                             dir=target.parent)
    except OSError as exc:
        raise write_failed(target, exc) from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        private_file(temp)  # 0600 even if ``write`` made the file anew, and whatever the old file's mode
        sync_file(temp)
        os.replace(temp, target)
    except BaseException as exc:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass  # read-only media or a folder that has gone: the error below says what is wrong
        if isinstance(exc, OSError):
            raise write_failed(target, exc) from exc
        raise
    sync_folder(target.parent)


#: What a file system that cannot flush at all answers (some FUSE, cloud-sync and network drives): the file is
#: written all the same, so the save goes on, as kept_files.sync_folder does for a folder.
FSYNC_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})


def sync_file(path: Path) -> None:
    """Flush ``path``'s contents to the disk (a writable handle: Windows commits only those). A file system
    that cannot flush (FSYNC_UNSUPPORTED) is let be; any other failure is raised, failing the save."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def save_workbook(workbook: Any, target: Path) -> None:
    """Save an openpyxl workbook to ``target`` through a temporary file (see replace_atomically)."""
    replace_atomically(target, workbook.save)
