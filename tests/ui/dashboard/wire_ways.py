"""The two ways the app waits for the chart process's replies, for tests to run through both: on the pipe
itself (``select``, as on POSIX) and through the wire's thread (as on Windows, whose ``select`` takes sockets
only: here ``select`` is made to refuse a pipe as Windows' does, so that path cannot lean on it)."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from carehome_desk.ui.dashboard import chart_wire

WAYS = ["select", "thread"]


def as_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wires made from now on go through their thread, and ``select`` refuses a pipe as on Windows."""

    def windows_select(*_args: object) -> None:
        raise OSError(10038, "An operation was attempted on something that is not a socket")

    monkeypatch.setattr(chart_wire, "READ_ON_THREAD", True)
    monkeypatch.setattr(chart_wire, "select", SimpleNamespace(select=windows_select))


def wait_the_way(way: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make wires wait for replies ``way`` (one of ``WAYS``); waiting on the pipe is skipped on Windows."""
    if way == "thread":
        as_on_windows(monkeypatch)
        return
    if os.name != "posix":
        pytest.skip("select waits on sockets only on Windows")
    monkeypatch.setattr(chart_wire, "READ_ON_THREAD", False)
