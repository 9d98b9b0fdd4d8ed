"""The wire to the chart process, both ways it can wait for a reply: on the pipe itself (``select``, POSIX)
and through a thread of its own (Windows, whose ``select`` takes sockets only; here with ``select`` made to
refuse a pipe as Windows' does). Either way a good reply is read, a hang is given up on within the wait, a
process that has gone is reported as ended, anything else on the pipe is refused, and a reply that comes
too late is never taken for the next one. The test plays the chart process on two plain pipes.
"""

from __future__ import annotations

import os
import pickle
import struct
from collections.abc import Iterator
from typing import IO

import pytest

from carehome_desk.ui.dashboard.chart_render import Picture
from carehome_desk.ui.dashboard.chart_wire import MAGIC, MAX_REPLY, NoReply, Wire, write_reply
from tests.ui.dashboard.test_chart_process import INCIDENTS, SIZE
from tests.ui.dashboard.wire_ways import WAYS, as_on_windows, wait_the_way

#: Small: a reply that does not come is given up on after this long (nothing is timed beyond that).
SHORT = 0.2
#: Only a guard for replies that are already there; they come back at once.
NEVER = 120.0
REQUEST = ("render", "Incidents", INCIDENTS, SIZE)
PICTURE = Picture("10 incidents", 3, 2, bytes(range(24)))


class Process:
    """The chart process's ends of a wire's two pipes."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.requests: IO[bytes] = os.fdopen(read, "rb")
        app_requests = os.fdopen(write, "wb")
        read, write = os.pipe()
        app_replies = os.fdopen(read, "rb")
        self.replies: IO[bytes] = os.fdopen(write, "wb")
        self.wire = Wire(app_requests, app_replies)

    def frame(self, data: bytes, pixels: int = 0, length: int | None = None) -> None:
        """A frame by hand: the header (saying ``length``, by default ``data``'s), then ``data``."""
        self.replies.write(struct.pack(">4sQQ", MAGIC, len(data) if length is None else length, pixels) + data)
        self.replies.flush()

    def end(self) -> None:
        for pipe in (self.requests, self.replies):
            try:
                pipe.close()
            except BrokenPipeError:  # what it had left to write cannot be written: the app has closed its end
                pass
        self.wire.close()


@pytest.fixture(params=WAYS)
def process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Process]:
    wait_the_way(request.param, monkeypatch)
    p = Process()
    assert p.wire.on_thread == (request.param == "thread")
    yield p
    p.end()


def test_a_good_reply_is_read_and_the_request_arrives_as_sent(process: Process) -> None:
    write_reply(process.replies, ("ok", PICTURE))
    assert process.wire.ask(REQUEST, NEVER) == ("ok", PICTURE)
    assert pickle.load(process.requests) == REQUEST
    write_reply(process.replies, ("failed", "Traceback: KeyError"))  # a defect in a drawing is a reply too
    assert process.wire.ask(("png", "Incidents", INCIDENTS, SIZE), NEVER) == ("failed", "Traceback: KeyError")
    assert pickle.load(process.requests)[0] == "png"


@pytest.mark.parametrize("sent", ["nothing", "half a reply"])
def test_a_process_that_does_not_answer_is_given_up_on_within_the_wait(process: Process, sent: str) -> None:
    if sent == "half a reply":
        data = pickle.dumps(("ok", PICTURE))
        process.frame(data[: len(data) // 2], length=len(data))
    with pytest.raises(NoReply) as raised:
        process.wire.ask(REQUEST, SHORT)
    assert raised.value.late and not raised.value.ended and "did not answer" in str(raised.value)


def test_a_process_that_has_ended_is_reported_as_ended(process: Process) -> None:
    process.replies.close()  # as when it dies: nothing more can come
    with pytest.raises(NoReply) as raised:
        process.wire.ask(REQUEST, NEVER)
    assert raised.value.ended and not raised.value.late and "has stopped" in str(raised.value)


@pytest.mark.parametrize("junk", [b"Traceback (most recent call last):\n", pickle.dumps(("ok", "not a picture")),
                                  b"Fontconfig warning: ignoring UTF-8: not a valid region tag\n"])
def test_anything_but_a_reply_is_refused(process: Process, junk: bytes) -> None:
    process.replies.write(junk)
    process.replies.flush()
    with pytest.raises(NoReply) as raised:
        process.wire.ask(REQUEST, NEVER)
    assert not raised.value.late and not raised.value.ended and "not a chart" in str(raised.value)


@pytest.mark.parametrize("frame", ["not a reply inside", "not a pickle", "an absurd length", "pixels for no picture"])
def test_a_frame_that_is_not_a_reply_is_refused(process: Process, frame: str) -> None:
    if frame == "not a reply inside":
        process.frame(pickle.dumps(("maybe", 42)))
    elif frame == "not a pickle":
        process.frame(b"\x80\x05not a pickle at all.")
    elif frame == "an absurd length":
        process.frame(b"", pixels=MAX_REPLY + 1)
    else:
        process.frame(pickle.dumps(("ok", "words")), pixels=4)
        process.replies.write(b"\0" * 4)
        process.replies.flush()
    with pytest.raises(NoReply) as raised:
        process.wire.ask(REQUEST, NEVER)
    assert not raised.value.late and not raised.value.ended and "not a chart" in str(raised.value)


def test_a_reply_that_comes_too_late_is_never_taken_for_the_next_ones(process: Process) -> None:
    with pytest.raises(NoReply):
        process.wire.ask(REQUEST, SHORT)
    write_reply(process.replies, ("ok", PICTURE))  # the first request's reply, late
    with pytest.raises(NoReply) as raised:
        process.wire.ask(("png", "Incidents", INCIDENTS, SIZE), NEVER)
    assert raised.value.late  # the wire asks nothing more of a process that has let it down


def test_after_a_refused_reply_nothing_more_is_read(process: Process) -> None:
    process.replies.write(b"Traceback (most rece")  # as long as a header: what follows it is a good reply
    write_reply(process.replies, ("ok", PICTURE))
    with pytest.raises(NoReply):
        process.wire.ask(REQUEST, NEVER)
    with pytest.raises(NoReply) as raised:
        process.wire.ask(REQUEST, NEVER)
    assert "not a chart" in str(raised.value)


def test_on_the_thread_a_process_that_stopped_reading_its_requests_does_not_hold_the_app(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a pipe holds a few kilobytes: a long period's figures fill it when the process is stuck."""
    as_on_windows(monkeypatch)
    process = Process()
    try:
        big = ("render", "Incidents", INCIDENTS, SIZE, b"x" * (4 * 1024 * 1024))  # far more than a pipe holds
        with pytest.raises(NoReply) as raised:
            process.wire.ask(big, SHORT)
        assert raised.value.late
    finally:
        process.end()  # its requests pipe closed: the wire's thread, stuck writing, ends too


def test_a_closed_wire_asks_nothing_more(process: Process) -> None:
    write_reply(process.replies, ("ok", PICTURE))  # there to be read, but the wire has been closed
    process.wire.close()
    with pytest.raises(NoReply) as raised:
        process.wire.ask(REQUEST, NEVER)
    assert raised.value.ended
