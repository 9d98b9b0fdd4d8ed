"""Reading every home's registers at once: Python's cycle collector paused while the objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a large, acyclic set of records is read and worked through.

    Every home's registers at once are a few hundred thousand small objects (rows, staff, steps,
    requirements), none in a reference cycle: reference counting frees them all the same. With the
    collector on, each pass over the older generations walks every object built so far, and at a
    hundred homes those passes cost as much as a third of the whole computation. Nested or
    concurrent uses leave the collector as the outermost found it.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
