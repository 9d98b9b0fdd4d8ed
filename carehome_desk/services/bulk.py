"""Reading every home's registers at once: Python's cycle collector paused while the objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Tracked objects made while paused above which they are set aside from later collections (``gc.freeze``).
SET_ASIDE_FROM = 20_000


@contextmanager
def cycle_collector_paused(*, set_aside: bool = False) -> Iterator[None]:
    """Pause the cycle collector while a large, acyclic set of records is read and worked through.

    Every home's registers at once are a few hundred thousand small objects (rows, staff, steps,
    requirements), none in a reference cycle: reference counting frees them all the same. With the
    collector on, each pass over the older generations walks every object built so far, and at a
    hundred homes those passes cost as much as a third of the whole computation. Nested or
    concurrent uses leave the collector as the outermost found it.

    When the outermost use has built many objects, they are set aside from the collector's later
    passes (``gc.freeze``) before it is switched back on: otherwise its first pass walks all of them at
    once (a quarter of a second at a hundred homes) and each later full pass walks them again, on
    whichever thread next makes an object, the window's included. Reference counting still frees them
    when the kept figures are dropped; only a reference cycle that becomes unreachable while set aside waits
    to be given back (the records themselves make none). ``set_aside``: whatever was built, however
    little (the records kept one home at a time, which add up to as many).

    Before setting aside, the youngest generation is collected (``gc.collect(0)``): it holds what was made
    since the last pass, from any thread (the records just built, and a dialog or page closed meanwhile), so a
    reference cycle among them that is already garbage is freed rather than set aside. Older garbage is freed
    when the window or store is replaced (:func:`release_replaced`) or a new day starts (:func:`release_set_aside`).
    That pass walks only the young objects: about 1.5 ms of processor time per 40,000 (the records one home's
    area at a time make a few thousand).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            if set_aside or gc.get_count()[0] > SET_ASIDE_FROM:
                gc.collect(0)
                gc.freeze()
            gc.enable()


def release_set_aside() -> None:
    """Give what :func:`cycle_collector_paused` set aside back to the collector: called when the kept records
    are dropped for a new day, so a reference cycle that became garbage among them (or among the window's own
    objects set aside with them) is collected after all, at most a day late."""
    if gc.get_freeze_count():
        gc.unfreeze()


def set_aside_start_up() -> None:
    """Set aside from the cycle collector's passes every object made so far (``gc.freeze``): called once per
    window, when its first figures are on show (the first settle of the dashboard, after the first frame and
    before any save). The modules, widgets and caches made while the window started (about 80,000 objects at
    scale 10) live as long as it does; left in the collector's reach, each full pass walked all of them
    (20–50 ms), landing inside a save's recompute every few dozen saves.

    Everything set aside before is given back and the two young generations are collected first, so the
    reference cycles the start has just made and dropped are not set aside with the rest. A full pass here
    (about 50 ms over those 80,000 objects) lands in the first seconds the manager types: `make bench`'s worst
    key-press delay went from about 20 ms to 50 ms with it. What was already old and is garbage stays set aside
    until the window is replaced (:func:`release_replaced`, a full pass at a moment the manager chose) or a new
    day starts."""
    gc.unfreeze()
    gc.collect(1)
    gc.freeze()


def release_replaced() -> None:
    """Give everything set aside back to the collector and collect: called when the window and store are replaced
    (a restore, a password set or changed, another database or server opened), so the replaced window's pages,
    kept records and store, set aside while they were in use, are freed rather than kept until a new day. The
    new window sets its own aside again once its first figures are on show (:func:`set_aside_start_up`)."""
    gc.unfreeze()
    gc.collect()
