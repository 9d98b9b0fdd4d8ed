"""What passes between the app and its chart process (chart_process.py), and what the process is given.

Each reply is framed: four bytes saying it is one (``MAGIC``), two lengths (eight bytes each), the pickled
``(verb, answer)`` and, for a picture, its pixels as they are (pickling them would copy them once more).
Anything else on the pipe (a library in the chart process writing to its standard output, a reply cut short)
is refused before a byte of it is unpickled, and so is a reply of an absurd length. On POSIX the app waits
for a reply at most ``wait`` seconds (a process that hangs is given up on); elsewhere it waits until the
process answers or ends.

The chart process gets the app's environment without what names the records or a password (the database's
address, libpq's settings, anything called a password, secret or token): it draws figures it is sent and
never needs them.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import select
import struct
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


def read_reply(replies: IO[bytes], wait: float) -> tuple[str, Any]:
    """The next reply from the chart process's standard output; :class:`NoReply` when none comes within
    ``wait`` seconds (POSIX), the pipe closes, or what comes is not a reply."""
    deadline = time.monotonic() + wait
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


def _read_exactly(pipe: IO[bytes], count: int, deadline: float) -> bytearray:
    if os.name != "posix":
        data = pipe.read(count)
        if len(data) < count:
            raise NoReply("has stopped", ended=True)
        return bytearray(data)
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
