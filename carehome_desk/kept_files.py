"""The small files kept in the data folder for the next start (the first frame's tiles and charts, the charts'
layouts): written whole or not at all, private from the first byte, and never an error.

A full disk, a read-only data folder or a folder that has gone only means the file is not kept (the next start
is the usual one), so :func:`write_whole` returns what went wrong instead of raising, after removing what it
had begun. It writes ``NAME~PID-HOST.partial`` (0600, created afresh), flushes it to the disk, then renames it
over ``NAME``: a reader, another copy of the app writing the same file at the same moment, or a power cut
sees the last file or the new one, never a mixture. A killed writer's ``.partial`` is removed at a later start
(private_files.remove_dead_temporaries).

Flushing a file to the disk takes 10 to 50 ms on an ordinary disk: the window's thread does not wait for it.
:func:`write_soon` hands the text to a writer thread of its own (only the latest text for each file is
written), :func:`settle` waits for (or drops) what is waiting, before a file is removed and at exit.

A file written in a newer format (by a newer version of the app, run on the same data folder) is not this
version's to judge or remove: :func:`check_format` raises :class:`OtherFormat` for it, and the reader ignores
it. An earlier version's file is superseded: treated as unreadable (removed, and replaced at the next keep).

Standard library only (and no Qt): read before anything heavy is imported, and in the chart process.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger("carehome_desk")


class OtherFormat(ValueError):
    """A kept file written by a newer version, in a format this one does not know: ignored, left for its writer."""


def check_format(raw: Any, expected: int) -> dict[str, Any]:
    """``raw`` (a kept file's JSON) when it is in the ``expected`` format; :class:`OtherFormat` when a newer
    version wrote it; ValueError when an earlier one did, or it is not a kept file at all."""
    if not isinstance(raw, dict) or type(raw.get("format")) is not int:
        raise ValueError("not a kept file")
    if raw["format"] > expected:
        raise OtherFormat(f"written in format {raw['format']}, this version reads {expected}")
    if raw["format"] != expected:
        raise ValueError(f"written by an earlier version in format {raw['format']}")  # superseded: replaced
    return raw


def write_whole(target: Path, text: str) -> OSError | None:
    """Replace ``target`` with ``text`` whole (see the module's notes); None once done, else the error (the last
    file, if any, is left as it was and nothing half-written stays behind)."""
    from carehome_desk.private_files import FILE_MODE, app_dir, partial_name

    data = text.encode("utf-8")
    partial = partial_name(target)
    try:
        app_dir(target.parent)
        try:
            partial.unlink()  # a leftover of a killed process whose id this one now has
        except FileNotFoundError:
            pass
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
        with open(fd, "wb", closefd=True) as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only folder: nothing was made in it
        return exc
    sync_folder(target.parent)
    return None


def sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file to the disk (POSIX; best effort)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- written on a thread of their own ---------------------------------------------------------------------

#: How long the app waits at exit for the kept files still being written.
AT_EXIT_WAIT = 5.0
_cond = threading.Condition()
#: Per file: the latest text asked for, and what to call it in the log.
_waiting: dict[Path, tuple[str, str]] = {}
_writing: Path | None = None
_writing_text: str | None = None
_writer: threading.Thread | None = None


def write_soon(target: Path, text: str, what: str) -> None:
    """Have ``target`` replaced by ``text`` whole (:func:`write_whole`) on the writer thread, soon: the caller does
    not wait for the disk. A text still waiting for the same file is dropped (only the latest is written). A
    failure is logged as ``what`` not kept."""
    global _writer
    with _cond:
        _waiting[target] = (text, what)
        if _writer is None or not _writer.is_alive():
            _writer = threading.Thread(target=_write_waiting, name="kept files", daemon=True)
            _writer.start()
        _cond.notify_all()


def settle(target: Path | None = None, *, drop: bool = False, wait: float | None = None) -> None:
    """Wait until what is waiting to be written (to ``target``, or to every file) is written; with ``drop``, what
    has not begun is dropped instead (the file is about to be removed) and only a write under way is waited for;
    ``wait``: at most so many seconds (a disk that does not answer must not keep the app from ending)."""
    with _cond:
        if drop:
            for path in [p for p in _waiting if target is None or p == target]:
                del _waiting[path]
        _cond.wait_for(lambda: not ((_waiting or _writing is not None) if target is None
                                    else (target in _waiting or _writing == target)), wait)


def latest(target: Path) -> str | None:
    """The text ``target`` is about to hold (waiting, or being written now), or None when nothing is on its way:
    a reader on the window's thread reads this instead of waiting for the disk."""
    with _cond:
        if target in _waiting:
            return _waiting[target][0]
        return _writing_text if _writing == target else None


def _at_exit() -> None:
    settle(wait=AT_EXIT_WAIT)


def _write_waiting() -> None:
    global _writing, _writing_text
    while True:
        with _cond:
            while not _waiting:
                _cond.wait()
            target = next(iter(_waiting))
            text, what = _waiting.pop(target)
            _writing, _writing_text = target, text
        try:
            failed = write_whole(target, text)
            if failed is not None:  # a full disk or a read-only folder: the next start is the usual one
                log.warning("%s not kept: %s", what, failed)
        finally:
            with _cond:
                _writing = _writing_text = None
                _cond.notify_all()


atexit.register(_at_exit)
