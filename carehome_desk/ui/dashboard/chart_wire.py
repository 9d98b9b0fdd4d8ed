"""What passes between the app and its chart process (chart_process.py), and what the process is given.

Each reply is framed: four bytes saying it is one (``MAGIC``), two lengths (eight bytes each), the pickled
``(verb, answer)`` and, for a picture, its pixels as they are (pickling them would copy them once more).
Anything else on the pipe (a library in the chart process writing to its standard output, a reply cut short)
is refused before a byte of it is unpickled, and so is a reply of an absurd length.

``Wire`` sends a request and waits for its reply at most ``wait`` seconds (a process that hangs is given up
on). On POSIX the app waits on the pipe itself (``select``); on Windows, where ``select`` takes sockets only,
a thread of the wire's own writes each request and reads its reply, and the app waits for that thread's
answer on a queue (``READ_ON_THREAD``), so a request to a process that has stopped reading cannot hold the
app either. Either way, once a reply has not come in time (or the process has ended, or sent something
else) the wire asks nothing more: a late reply is never taken for the answer to the next request.

The chart process gets the app's environment without what names the records or a password (the database's
address, libpq's settings, anything called a password, secret or token): it draws figures it is sent and
never needs them.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import queue
import select
import struct
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from carehome_desk.paths import DB_ENV
from carehome_desk.ui.dashboard.chart_render import Picture

MAGIC = b"CDc\x01"
_HEADER = struct.Struct(">4sQQ")  # MAGIC, the pickled reply's length, its picture's pixels' length
#: A picture is width × height × 4 bytes: 256 MiB is far beyond any screen's chart.
MAX_REPLY = 256 * 1024 * 1024
#: Environment variables the chart process is not given (by prefix, and by a word in the name).
HIDDEN_PREFIXES = (DB_ENV, "PG")  # the data folder (CAREHOME_DESK_HOME) stays
HIDDEN_WORDS = ("PASSWORD", "PASSWD", "PASSFILE", "SECRET", "TOKEN", "CREDENTIAL")
#: The chart process watches this process id (its app) and ends as soon as it has gone.
PARENT_ENV = "CHART_PROCESS_APP"
#: Where ``select`` cannot wait on a pipe (Windows), requests and replies go through a thread of the wire's
#: own, waited for on a queue; set (with ``select`` made unusable) by the tests to run that way on Linux too.
READ_ON_THREAD = os.name != "posix"


class NoReply(Exception):
    """No reply came: the process ended (``ended``), did not answer in time, or sent something else."""

    def __init__(self, why: str, *, ended: bool = False, late: bool = False) -> None:
        super().__init__(why)
        self.ended = ended
        self.late = late


def write_reply(replies: IO[bytes], reply: tuple[str, Any]) -> None:
    """Send one reply (in the chart process); a picture's pixels go after the rest as they are (not pickled)."""
    verb, answer = reply
    pixels = b""
    if isinstance(answer, Picture):
        answer, pixels = dataclasses.replace(answer, rgba=b""), answer.rgba
    data = pickle.dumps((verb, answer), protocol=pickle.HIGHEST_PROTOCOL)
    replies.write(_HEADER.pack(MAGIC, len(data), len(pixels)))
    replies.write(data)
    if pixels:
        replies.write(pixels)
    replies.flush()


def read_reply(replies: IO[bytes], wait: float | None) -> tuple[str, Any]:
    """The next reply from the chart process's standard output; :class:`NoReply` when none comes within
    ``wait`` seconds (on POSIX only: ``None`` waits until the process answers or ends), the pipe closes, or
    what comes is not a reply."""
    deadline = None if wait is None else time.monotonic() + wait
    magic, length, pixels = _HEADER.unpack(_read_exactly(replies, _HEADER.size, deadline))
    if magic != MAGIC or length > MAX_REPLY or pixels > MAX_REPLY:
        raise NoReply("sent something that is not a chart")
    data = _read_exactly(replies, length, deadline)
    try:
        raw = pickle.loads(data)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, it is not a reply
        raise NoReply("sent something that is not a chart") from exc
    if not (isinstance(raw, tuple) and len(raw) == 2 and raw[0] in ("ok", "failed")):
        raise NoReply("sent something that is not a chart")
    verb: str = raw[0]
    answer: Any = raw[1]
    if pixels:
        if not isinstance(answer, Picture) or answer.rgba:
            raise NoReply("sent something that is not a chart")
        answer = dataclasses.replace(answer, rgba=bytes(_read_exactly(replies, pixels, deadline)))
    return verb, answer


def _read_exactly(pipe: IO[bytes], count: int, deadline: float | None) -> bytes | bytearray:
    if deadline is None:  # on the wire's thread: as long as it takes (the caller waits with a deadline)
        data = pipe.read(count)
        if len(data) < count:
            raise NoReply("has stopped", ended=True)
        return data
    fd = pipe.fileno()
    buffer = bytearray(count)
    view = memoryview(buffer)
    got = 0
    while got < count:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise NoReply("did not answer", late=True)
        read = os.readv(fd, [view[got:]])
        if not read:
            raise NoReply("has stopped", ended=True)
        got += read
    return buffer


class Wire:
    """The app's end of one chart process's pipes: ``ask`` sends a request and returns its reply, waiting at
    most ``wait`` seconds; one request at a time. ``on_thread`` (by default ``READ_ON_THREAD``): through a
    thread of the wire's own, for where ``select`` cannot wait on a pipe. After a request that came to
    nothing (:class:`NoReply`, or the pipe failing) every later one raises :class:`NoReply` at once."""

    def __init__(self, requests: IO[bytes], replies: IO[bytes], *, on_thread: bool | None = None) -> None:
        self._requests = requests
        self._replies = replies
        self._failed: NoReply | None = None
        self.on_thread = READ_ON_THREAD if on_thread is None else on_thread
        self._asked: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._answers: queue.SimpleQueue[tuple[str, Any] | NoReply] = queue.SimpleQueue()
        if self.on_thread:
            threading.Thread(target=self._carry, name="chart process wire", daemon=True).start()

    def ask(self, request: tuple[Any, ...], wait: float) -> tuple[str, Any]:
        """Send ``request`` and return its reply; :class:`NoReply` when none comes within ``wait`` seconds
        (``late``), the process has ended (``ended``) or it sent something else; ``OSError`` or ``ValueError``
        when a pipe fails."""
        if self._failed is not None:  # its reply may yet come: it must not be taken for this one's
            raise NoReply(str(self._failed), ended=self._failed.ended, late=self._failed.late)
        try:
            if not self.on_thread:
                pickle.dump(request, self._requests, protocol=pickle.HIGHEST_PROTOCOL)
                self._requests.flush()
                return read_reply(self._replies, wait)
            # Pickled here: figures that cannot be pickled are this caller's error, as above.
            self._asked.put(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
            try:
                answer = self._answers.get(timeout=max(wait, 0.0))
            except queue.Empty:
                raise NoReply("did not answer", late=True) from None
            if isinstance(answer, NoReply):
                raise answer
            return answer
        except NoReply as exc:
            self._failed = exc
            raise
        except (OSError, ValueError):
            self._failed = NoReply("has stopped", ended=True)
            raise

    def close(self) -> None:
        """Close the pipes (the process has been ended). On the wire's thread they are closed by that thread,
        once what it is writing or reading has come to an end (at once, the process having gone): closed
        from here, they would wait for it while it holds them."""
        if self._failed is None:
            self._failed = NoReply("has stopped", ended=True)
        if self.on_thread:
            self._asked.put(None)
            return
        self._close_pipes()

    def _carry(self) -> None:
        """The wire's thread: each request written, then its reply read (however long either takes), until
        the wire is closed or a request comes to nothing."""
        try:
            while (request := self._asked.get()) is not None:
                try:
                    self._requests.write(request)
                    self._requests.flush()
                    self._answers.put(read_reply(self._replies, None))
                except NoReply as exc:
                    self._answers.put(exc)
                    return
                except (OSError, ValueError):  # a pipe broken or closed: the process has gone
                    self._answers.put(NoReply("has stopped", ended=True))
                    return
        finally:
            self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self._requests, self._replies):
            try:
                pipe.close()
            except OSError:
                pass


def child_environment(environ: Mapping[str, str], app: int) -> dict[str, str]:
    """The chart process's environment: ``environ`` without the records' address or a password, with the
    app's process id for it to watch and the folder this copy of the app is imported from first on its path."""
    kept = {name: value for name, value in environ.items()
            if not name.upper().startswith(HIDDEN_PREFIXES) and not any(w in name.upper() for w in HIDDEN_WORDS)}
    kept[PARENT_ENV] = str(app)
    # Started with -P (not from the folder it was started in), the process imports this very copy of the app
    # (a checkout run from its folder, or another copy installed beside it, would send replies it cannot read).
    root = str(Path(__file__).resolve().parents[3])
    kept["PYTHONPATH"] = os.pathsep.join([root, *([kept["PYTHONPATH"]] if kept.get("PYTHONPATH") else [])])
    return kept
