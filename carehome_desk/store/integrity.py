"""The integrity check run when a database opens, and what a failed one means for writing and reading.

Which check, and what it costs (docs/performance.md, "Integrity check on open"): SQLite's
``PRAGMA quick_check`` walks every table and index b-tree and checks each page's structure, which is
where a damaged page shows; it leaves out only the cross-check of index entries against their rows
that ``PRAGMA integrity_check`` adds. Measured with scripts/integrity_bench.py on the demo home
(median of 5 warm runs, connection open included, 2-core development PC shared with other work):

  scale 10,  11 MB clear       quick_check   9 ms   integrity_check  17 ms
  scale 100, 106 MB clear      quick_check  83 ms   integrity_check 171 ms
  scale 10,  11 MB SQLCipher   quick_check  38 ms   integrity_check  47 ms
  scale 100, 107 MB SQLCipher  quick_check 432 ms   integrity_check 547 ms

4 KB of random bytes, or of zeros, written at a random offset: quick_check caught 60 of 60 of each
on the clear scale-10 file, as integrity_check did, and 30 of 30 on the encrypted one (every page it
reads has its HMAC checked by SQLCipher, so a damaged page fails there). SQLCipher's own
``cipher_integrity_check`` caught the same 30 and adds only free pages, at +35% of the time: not run.

Past 50 ms (a scale-100 file; an encrypted one from about scale 10) the window runs the check on a
worker thread right after it shows (ui/settings/integrity_banner.py); until it has passed, ``Store.write``
waits for it (or runs it itself), so nothing is written into a file not yet known to be sound. The
command line checks before each command (under 0.1 s for a clear file of scale 100).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from carehome_desk.models.dates import UK, format_uk
from carehome_desk.store.connect import DATABASE_ERRORS, is_clear_sqlite, open_connection
from carehome_desk.store.errors import StoreError, folder_not_writable_message

#: When Store.open runs the check: "now" (before it returns: the command line), or "later" (the window
#: runs ``Store.run_integrity_check`` on a worker right after it shows; writes wait for it).
CHECK_NOW, CHECK_LATER = "now", "later"
#: How many of quick_check's lines are kept for the details (it can list thousands).
MAX_PROBLEMS = 20
#: The check's cost at which the window runs it off the GUI thread (see the module docstring).
BACKGROUND_ABOVE_SECONDS = 0.050
#: Seconds of quick_check per MB of file, from the measurements above (with a margin of about 1.1x).
SECONDS_PER_MB = {False: 0.00085, True: 0.0045}


class DamagedDatabaseError(StoreError):
    """The database failed its integrity check so badly that it cannot be opened at all."""


class CannotOpenError(StoreError):
    """SQLite could not open the file at all (its folder cannot be written, say): nothing is known of its
    contents, so it is never called damaged."""


class DatabaseInUseError(StoreError):
    """Another program holds the database locked (``protect`` rewriting it, say): not damage, try again."""


def in_use_message(path: object) -> str:
    """The one sentence for a database another program holds locked while it is being checked or opened."""
    return (f"{path} is in use by another program right now (for example carehome-desk protect or a restore), "
            "so it could not be checked: nothing was changed; try again in a moment.")


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database table is locked" / SQLITE_BUSY: in use, not damaged."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def is_cannot_open_error(exc: BaseException) -> bool:
    """True for SQLite's "unable to open database file" (SQLITE_CANTOPEN): the file, or a working file SQLite
    needs beside it, could not be opened. Damage says something else ("file is not a database", "malformed")."""
    return getattr(exc, "sqlite_errorcode", None) == 14 or "unable to open database file" in str(exc).lower()


def cannot_open_message(path: Path, detail: str) -> str:
    """The one sentence for a database SQLite could not open (never "damaged": nothing of it was read)."""
    from carehome_desk.store.keys import is_protected

    if not os.access(path.parent, os.W_OK):
        return folder_not_writable_message(path, "even to read a database, SQLite keeps two working files beside it",
                                           key_file=is_protected(path))
    return (f"{path} could not be opened ({detail}): check that you may read and write it, its folder and the "
            f"files beside it ({path.name}-wal, {path.name}-shm). It has not been found damaged; nothing was "
            "changed.")


@dataclass(frozen=True)
class IntegrityReport:
    """The result of one integrity check: ok, or the first problems SQLite (or SQLCipher) named."""

    ok: bool
    checked_at: datetime  # timezone-aware
    problems: tuple[str, ...] = ()
    seconds: float = 0.0
    unreadable: bool = False  # the first page (the schema) could not be read: nothing can be shown
    not_run: bool = False  # the check itself could not run (an unexpected error): nothing is known of the file
    busy: bool = False  # another program held the file locked: in use, not damaged (the check is tried again)
    cannot_open: bool = False  # SQLite could not open it (an unwritable folder, say): not run, nothing known

    def time_text(self) -> str:
        """When the check ran, as HH:MM in UK time."""
        return f"{self.checked_at.astimezone(UK):%H:%M}"

    def when_text(self) -> str:
        """When the check ran, as DD/MM/YYYY HH:MM in UK time."""
        local = self.checked_at.astimezone(UK)
        return f"{format_uk(local.date())} {local:%H:%M}"


def write_refusal(report: IntegrityReport) -> str:
    """The one sentence every refused write says (the window and the command line alike)."""
    if report.busy:
        return ("This database is in use by another program right now (for example carehome-desk protect), so "
                "nothing was saved: try again in a moment.")
    if report.not_run:
        return (f"The integrity check of this database could not run at {report.time_text()} "
                f"({'; '.join(report.problems) or 'no detail given'}), so nothing can be saved into a file not "
                "known to be sound: close the program and open the database again.")
    return (f"This database failed its integrity check at {report.time_text()}: some of it may be damaged, so "
            "nothing can be saved until it is restored from a backup.")


def read_refusal(path: object, report: IntegrityReport) -> str:
    """The one sentence a reading command says when it refuses a damaged file."""
    return (f"{path} failed its integrity check at {report.time_text()}, so nothing was read from it: a pack or "
            "list from a damaged file could mislead an inspector; restore it from a backup, or give "
            "--allow-damaged to read it anyway.")


def check_file(path: Path, key: bytes | None = None, *, now: datetime | None = None) -> IntegrityReport:
    """Run the quick check on ``path`` (an encrypted one with its data ``key``).

    Opens its own read-only connection, so it is safe on any thread while the store is in use.
    """
    started = time.perf_counter()
    checked_at = now or datetime.now(timezone.utc)
    problems: list[str] = []
    unreadable = False
    try:
        conn = open_connection(path, key=key, read_only=True)
    except DATABASE_ERRORS as exc:
        if is_busy_error(exc):
            return _busy(checked_at, exc, started)
        if is_cannot_open_error(exc):
            return _cannot_open(checked_at, exc, started)
        return IntegrityReport(False, checked_at, (str(exc),), time.perf_counter() - started, unreadable=True)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DATABASE_ERRORS as exc:
            if is_busy_error(exc):  # another process holds it exclusively: in use, not a damaged first page
                return _busy(checked_at, exc, started)
            if is_cannot_open_error(exc):  # a WAL database whose -shm cannot be made (a read-only folder): not read
                return _cannot_open(checked_at, exc, started)
            unreadable = True
            problems.append(str(exc))
        if not unreadable:
            try:
                rows = conn.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()
                # One line per problem (a row may hold several), without SQLite's "*** in database main ***".
                problems.extend(line for row in rows for line in str(row[0]).splitlines()
                                if line.strip() and line != "ok" and not line.startswith("***"))
            except DATABASE_ERRORS as exc:
                if is_busy_error(exc):
                    return _busy(checked_at, exc, started)
                problems.append(str(exc))
    finally:
        conn.close()
    return IntegrityReport(not problems, checked_at, tuple(problems[:MAX_PROBLEMS]), time.perf_counter() - started,
                           unreadable=unreadable)


def _cannot_open(checked_at: datetime, exc: BaseException, started: float) -> IntegrityReport:
    return IntegrityReport(False, checked_at, (str(exc),), time.perf_counter() - started, not_run=True,
                           cannot_open=True)


def _busy(checked_at: datetime, exc: BaseException, started: float) -> IntegrityReport:
    return IntegrityReport(False, checked_at, (f"in use by another program ({exc})",),
                           time.perf_counter() - started, busy=True)


def expected_seconds(path: Path) -> float:
    """Roughly how long the quick check of ``path`` will take (from its size and whether it is encrypted)."""
    try:
        size_mb = path.stat().st_size / 1e6
    except OSError:
        return 0.0
    return size_mb * SECONDS_PER_MB[not is_clear_sqlite(path)]


def check_in_background(path: Path | None) -> bool:
    """True when the check is expected to cost more than 50 ms: the window runs it after it shows."""
    return path is not None and expected_seconds(path) > BACKGROUND_ABOVE_SECONDS


def window_check(path: Path | None) -> str:
    """When the window should run the check on ``path``: CHECK_LATER if it is expected to cost over 50 ms."""
    return CHECK_LATER if check_in_background(path) else CHECK_NOW


def could_not_run(exc: BaseException | None) -> IntegrityReport:
    """The failed report recorded when the check itself raised: writes are refused, never let through."""
    detail = (f"{exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)) if exc is not None else ""
    return IntegrityReport(False, datetime.now(timezone.utc), (detail or "it was interrupted",), not_run=True)


class IntegrityGate:
    """The store's one check: run once, on whichever thread gets there first; writes wait for it."""

    def __init__(self, path: Path | None, key: bytes | None, clock: object) -> None:
        self._path = path
        self._key = key
        self._clock = clock
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._started = False
        self._report: IntegrityReport | None = None  # the check's result (never a busy one: that is retried)
        self._last: IntegrityReport | None = None  # the latest run's result, busy included
        if path is None:  # a server database checks itself; nothing to hold
            self._started = True
            self._done.set()

    @property
    def report(self) -> IntegrityReport | None:
        """The result, or None while the check has not finished (or for a server database)."""
        return self._report

    def set(self, report: IntegrityReport) -> None:
        """Record a check already run (Store.open's own, before the engine existed)."""
        with self._lock:
            self._started = True
            self._report = report
        self._done.set()

    def run(self) -> IntegrityReport | None:
        """Run the check unless it has run or is running; then wait for it and return its result."""
        with self._lock:
            mine = not self._started
            self._started = True
            done = self._done
        if mine:
            assert self._path is not None
            report: IntegrityReport | None = None
            try:
                now = self._clock() if callable(self._clock) else None
                report = check_file(self._path, self._key, now=now)
            except Exception as exc:  # noqa: BLE001 - anything unexpected (an OSError from a network drive)
                report = could_not_run(exc)
            finally:
                # Never leave the gate open with no result: a check that did not finish refuses writes
                # (a report that is not ok), it does not let them through.
                report = report if report is not None else could_not_run(None)
                with self._lock:
                    self._last = report
                    if report.busy:  # in use by another program: this write is refused, the next one checks again
                        self._started = False
                        self._done = threading.Event()
                    else:
                        self._report = report
                done.set()
        done.wait()
        return self._report or self._last
