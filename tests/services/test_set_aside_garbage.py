"""What is set aside from the cycle collector (``gc.freeze``) never includes garbage: a reference cycle already
unreachable when the objects are set aside is collected, and a replaced window's set-aside objects go back."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from carehome_desk.services.bulk import cycle_collector_paused, release_replaced, set_aside_start_up


class Node:
    """One half of a reference cycle: only the cycle collector frees it."""

    other: object = None


def garbage_cycle() -> weakref.ref[Node]:
    """A reference cycle no one holds any more, and a weak reference to tell whether it was collected."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


@pytest.fixture
def nothing_set_aside() -> Iterator[None]:
    """The collector as a fresh process has it, and so again after the test (for every later test)."""
    gc.unfreeze()
    was_on = gc.isenabled()
    yield None
    gc.unfreeze()
    if was_on:
        gc.enable()


def test_a_cycle_that_is_garbage_when_the_start_up_objects_are_set_aside_is_collected(
        nothing_set_aside: object) -> None:
    gc.disable()  # no pass of its own between the cycle's making and the set-aside
    gone = garbage_cycle()
    kept = Node()
    kept.other = kept  # alive: set aside with the rest
    set_aside_start_up()
    gc.enable()
    assert gone() is None
    assert gc.get_freeze_count() > 0
    assert not any(o is kept for o in gc.get_objects())  # what is alive is still set aside


def test_a_cycle_that_is_garbage_when_a_worker_sets_records_aside_is_collected(nothing_set_aside: object) -> None:
    with cycle_collector_paused(set_aside=True):
        gone = garbage_cycle()  # dropped while the records were read (a page or dialog closed meanwhile)
        records = [[n] for n in range(10)]
    assert gone() is None
    assert not any(o is records for o in gc.get_objects())  # the records kept are set aside
    assert gc.isenabled()


def test_a_replaced_window_s_set_aside_objects_go_back_to_the_collector(nothing_set_aside: object) -> None:
    window = Node()
    window.other = window  # a window with a reference to itself (its signals' slots, its parent)
    set_aside_start_up()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    gone = weakref.ref(window)
    del window  # closed: unreachable, but set aside
    gc.collect()
    assert gone() is not None
    release_replaced()
    assert gc.get_freeze_count() < frozen
    assert gone() is None
