"""Writing the pack's workbook in a second process while this one is still reading the registers.

Writing the pack's cells takes about as long as the store takes to read the records and
work out every deadline, and both are pure Python, so in one process they take turns.
``open_writer`` starts a writer process (``python -m`` writer_child), tells it the sheets in
the workbook's order, and hands it each sheet as soon as it is built, so on a machine with
two cores most of the writing happens while the registers are still being read.

The writer process imports only XlsxWriter and the pack's writer, never the store or Qt.
Its temporary sheets go in a private folder inside the data folder (private_files), removed
whatever happens, or at the next start if this process is killed; the finished
workbook is saved to the temporary file beside the target (atomic.replace_atomically),
which this process renames over the target once the writer says it is saved, or removes.
So a cancel (which simply ends the writer), a failure or a killed writer leaves the
target, and the user's folder, untouched.
With one core, or if no process can be started, ``InlineWriter`` writes in this process
instead; both produce the same workbook.

Requests and replies are pickled over the child's standard input and output: both ends are
this program, and nothing else can write to those pipes.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from carehome_desk.export import writer_child
from carehome_desk.export.pack_writer import PackWriter, WritingStopped
from carehome_desk.export.writer_child import apply_request
from carehome_desk.export.sheet import SheetData
from carehome_desk.private_files import app_dir, private_temp_dir

log = logging.getLogger(__name__)

Cancelled = Callable[[], bool]


class WriterFailed(Exception):
    """The workbook could not be written or saved: the message says why, in words for the manager."""


class WriterCancelled(Exception):
    """The writing was stopped on request; nothing was saved."""


class WorkbookWriter(Protocol):
    """Where the pack's sheets go as they are built: whole (``sheet``), or in parts as each home is
    read (``begin`` with the first rows, ``rows`` for more, ``end``)."""

    def sheet(self, data: SheetData) -> None: ...

    def begin(self, data: SheetData) -> None: ...

    def rows(self, name: str, rows: list[list[Any]]) -> None: ...

    def end(self, name: str) -> None: ...

    def charts(self, name: str, title: str, months: list[str], series: dict[str, list[float]],
               trend: dict[str, list[float]]) -> None: ...

    def cover(self, name: str, title: str, pairs: list[tuple[str, Any]], banner: str,
              links: list[tuple[str, str]]) -> None: ...

    def save(self, target: Path, cancelled: Cancelled) -> None: ...

    def discard(self) -> None: ...


def cannot_save(target: Path, exc: OSError) -> WriterFailed:
    from carehome_desk.out_files import write_problem

    return WriterFailed(f"The pack could not be saved to {target}: {write_problem(target, exc)}. "
                        "Nothing was written there.")


class InlineWriter:
    """Writes each sheet in this process as it arrives."""

    def __init__(self, footer_left: str, order: list[str], cancelled: Cancelled):
        self._writer = PackWriter(footer_left, order)
        self._cancelled = cancelled

    def _do(self, verb: str, *args: Any) -> None:
        try:
            apply_request(self._writer, verb, args, self._cancelled)
        except WritingStopped as exc:
            raise WriterCancelled(str(exc)) from exc

    def sheet(self, data: SheetData) -> None:
        self._do("sheet", data)

    def begin(self, data: SheetData) -> None:
        self._do("begin", data)

    def rows(self, name: str, rows: list[list[Any]]) -> None:
        self._do("rows", name, rows)

    def end(self, name: str) -> None:
        self._do("end", name)

    def charts(self, name: str, title: str, months: list[str], series: dict[str, list[float]],
               trend: dict[str, list[float]]) -> None:
        self._do("charts", name, title, months, series, trend)

    def cover(self, name: str, title: str, pairs: list[tuple[str, Any]], banner: str,
              links: list[tuple[str, str]]) -> None:
        self._do("cover", name, title, pairs, banner, links)

    def save(self, target: Path, cancelled: Cancelled) -> None:
        from carehome_desk.export.atomic import replace_atomically

        if cancelled():
            raise WriterCancelled("cancelled before saving")
        try:
            app_dir(target.parent)
            replace_atomically(target, self._writer.save)
        except OSError as exc:
            raise cannot_save(target, exc) from exc

    def discard(self) -> None:
        self._writer.discard()


#: How long to wait for the writer process to end once asked (or killed).
STOP_WAIT = 10.0


class _Child:
    """A started writer process: it imports XlsxWriter, says it is ready, then waits for ``start``.

    A feeder thread pickles and sends the requests, so building the next sheet never waits
    for the writer to take the last one; a reader thread collects the replies.
    """

    def __init__(self) -> None:
        self.folder = private_temp_dir("pack")  # inside the data folder; see private_files for leftovers
        env = dict(os.environ, TMPDIR=str(self.folder), TEMP=str(self.folder), TMP=str(self.folder))
        try:
            self.errors = open(self.folder / "writer-errors.txt", "wb")  # noqa: SIM115 - closed in end()
            self.process = subprocess.Popen([sys.executable, "-m", writer_child.__name__, str(os.getpid())], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self.errors, env=env)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.outbox: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self.replies: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self.ready = threading.Event()
        self.ended = False
        self._feeder = threading.Thread(target=self._feed, name="pack writer feeder", daemon=True)
        self._feeder.start()
        threading.Thread(target=self._read, name="pack writer replies", daemon=True).start()

    def alive(self) -> bool:
        return not self.ended and self.process.poll() is None

    def _feed(self) -> None:
        pipe = self.process.stdin
        assert pipe is not None
        try:
            while (message := self.outbox.get()) is not None:
                pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()
        except (OSError, ValueError):  # the writer has gone: what happened is read from its reply
            pass
        finally:
            try:
                pipe.close()
            except OSError:
                pass

    def _read(self) -> None:
        pipe = self.process.stdout
        assert pipe is not None
        try:
            while True:
                reply = pickle.load(pipe)
                if reply[0] == "ready":
                    self.ready.set()
                else:
                    self.replies.put(reply)
        except Exception:  # EOF: the writer has exited (or died)
            self.replies.put(("gone",))

    def stderr_tail(self) -> str:
        try:
            text = (self.folder / "writer-errors.txt").read_text(errors="replace").strip()
        except OSError:
            return ""
        return f"\n{text[-2000:]}" if text else ""

    def end(self, *, kill: bool) -> None:
        """Let the writer exit (after its reply it does so at once) or end it, then tidy everything away."""
        if self.ended:
            return
        self.ended = True
        try:
            if kill and self.process.poll() is None:
                self.process.kill()
            self.process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            log.warning("The pack writer did not end within %s s; ending it.", STOP_WAIT)
            self.process.kill()
            self.process.wait()
        self.outbox.put(None)
        self._feeder.join(STOP_WAIT)
        if self.process.stdout is not None:
            try:
                self.process.stdout.close()
            except OSError:
                pass
        self.errors.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class ProcessWriter:
    """Sends each sheet to a writer process; ``save`` waits for the workbook to be saved beside the target."""

    def __init__(self, footer_left: str, order: list[str], child: _Child | None = None):
        self._child = child or _Child()
        self._child.outbox.put(("start", footer_left, order, str(self._child.folder)))

    def ready(self) -> bool:
        """True once the writer has started up (imported XlsxWriter) and is taking sheets."""
        return self._child.ready.is_set()

    @property
    def pid(self) -> int:
        """The writer process's id (for diagnostics)."""
        return self._child.process.pid

    def sheet(self, data: SheetData) -> None:
        self._child.outbox.put(("sheet", data))

    def begin(self, data: SheetData) -> None:
        self._child.outbox.put(("begin", data))

    def rows(self, name: str, rows: list[list[Any]]) -> None:
        self._child.outbox.put(("rows", name, rows))

    def end(self, name: str) -> None:
        self._child.outbox.put(("end", name))

    def charts(self, name: str, title: str, months: list[str], series: dict[str, list[float]],
               trend: dict[str, list[float]]) -> None:
        self._child.outbox.put(("charts", name, title, months, series, trend))

    def cover(self, name: str, title: str, pairs: list[tuple[str, Any]], banner: str,
              links: list[tuple[str, str]]) -> None:
        self._child.outbox.put(("cover", name, title, pairs, banner, links))

    def save(self, target: Path, cancelled: Cancelled) -> None:
        from carehome_desk.export.atomic import replace_atomically

        try:
            app_dir(target.parent)
            replace_atomically(target, lambda part: self._save_to(part, target, cancelled))
        except OSError as exc:
            raise cannot_save(target, exc) from exc
        finally:
            self._child.end(kill=True)

    def _save_to(self, part: Path, target: Path, cancelled: Cancelled) -> None:
        """Have the writer save to ``part`` (the temporary file beside the target) and wait for it."""
        child = self._child
        child.outbox.put(("save", str(part)))
        child.outbox.put(None)  # nothing more: the feeder closes the pipe
        while True:
            try:
                reply = child.replies.get(timeout=0.05)
                break
            except queue.Empty:
                if cancelled():
                    # End the writer before the temporary file is removed, so it cannot write it again.
                    child.end(kill=True)
                    raise WriterCancelled("cancelled while writing") from None
        verb = reply[0]
        if verb == "saved":
            return
        if verb == "crashed":
            raise RuntimeError(f"The workbook writer failed:\n{reply[1]}")
        if verb == "failed":
            failed = OSError(reply[2], reply[1], reply[3]) if len(reply) > 3 else OSError(reply[1])
            raise cannot_save(target, failed)
        child.process.wait(STOP_WAIT)
        raise WriterFailed(f"The workbook writer stopped unexpectedly (exit code {child.process.returncode}). "
                           f"Nothing was written to {target}.{child.stderr_tail()}")

    def discard(self) -> None:
        """End the writer and remove its temporary folder; nothing is saved anywhere."""
        self._child.end(kill=True)


_spare: _Child | None = None
_spare_lock = threading.Lock()


def prestart() -> None:
    """Start a writer process now, so the next export finds it ready (the window calls this when the
    Evidence pack page opens, the command line before it opens the database)."""
    global _spare
    if (os.cpu_count() or 1) < 2:
        return
    with _spare_lock:
        if _spare is not None and _spare.alive():
            return
        try:
            _spare = _Child()
        except OSError as exc:
            log.warning("Could not start a pack writer in advance (%s).", exc)
            _spare = None


def stop_spare() -> None:
    """End a writer started in advance that was never used (the app is closing)."""
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
    if spare is not None:
        spare.end(kill=True)


atexit.register(stop_spare)


def open_writer(footer_left: str, order: list[str], cancelled: Cancelled, *, how: str = "auto") -> WorkbookWriter:
    """A writer for a workbook of the sheets named in ``order``: ``auto`` (a writer process when
    there is a second core to run it on, otherwise this process), ``process`` or ``inline``."""
    global _spare
    if how not in ("auto", "process", "inline"):
        raise ValueError(f"unknown way of writing the pack: {how!r}")
    if how == "inline" or (how == "auto" and (os.cpu_count() or 1) < 2):
        return InlineWriter(footer_left, order, cancelled)
    with _spare_lock:
        spare, _spare = _spare, None
    if spare is not None and spare.alive():
        return ProcessWriter(footer_left, order, spare)
    try:
        return ProcessWriter(footer_left, order)
    except OSError as exc:  # e.g. no more processes allowed
        log.warning("Writing the pack in this process: could not start a writer process (%s).", exc)
        return InlineWriter(footer_left, order, cancelled)


def catch_up(writer: WorkbookWriter, footer_left: str, order: list[str], sheets: list[SheetData],
             cancelled: Cancelled) -> WorkbookWriter:
    """Once every sheet is built: if the writer process has not even started up yet (a small pack
    read faster than XlsxWriter imports), writing them here is sooner than waiting for it."""
    if not isinstance(writer, ProcessWriter) or writer.ready():
        return writer
    writer.discard()
    inline = InlineWriter(footer_left, order, cancelled)
    try:
        for sheet in sheets:
            inline.sheet(sheet)
    except BaseException:
        inline.discard()  # the caller still holds the ended process writer: tidy this one here
        raise
    return inline
