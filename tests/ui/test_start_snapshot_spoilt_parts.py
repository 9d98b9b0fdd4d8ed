"""A start snapshot whose key still matches the records but whose other parts are spoilt (edited by hand, a
bit flipped on the disk): the window opens all the same and becomes the whole window, with no error.

Real SQLite files and the application controller as `carehome-desk` runs it (see test_start_snapshot.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from carehome_desk import kept_files, start_snapshot
from carehome_desk.ui.app import AppController
from tests.ui.test_start_snapshot import controllers, first_run, plain_db  # noqa: F401 - fixtures

__all__ = ["controllers", "plain_db"]

def each_days_tiles(raw: dict[str, Any], spoil: Callable[[list[Any]], list[Any]]) -> dict[str, Any]:
    """``raw`` with every kept day's tiles spoilt by ``spoil``."""
    return {**raw, "days": {day: {**kept, "tiles": spoil(kept["tiles"])} for day, kept in raw["days"].items()}}


SPOILINGS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "no homes": lambda raw: {**raw, "homes": []},
    "a home not in the list": lambda raw: {**raw, "homes": [[999, "Elsewhere", "SC999999"]]},
    "a home of one part": lambda raw: {**raw, "homes": [[raw["home_id"]]]},
    "each tile twice": lambda raw: each_days_tiles(raw, lambda tiles: tiles + tiles),
    "a tile's figure a list": lambda raw: each_days_tiles(raw, lambda tiles: [{**t, "value": [1]} for t in tiles]),
    "a tile opening no page": lambda raw: each_days_tiles(raw, lambda tiles: [{**t, "opens": "Nowhere"}
                                                                               for t in tiles]),
    "the status bar's words half a megabyte": lambda raw: {**raw, "where": "x" * 500_000},
}


@pytest.mark.parametrize("spoil", SPOILINGS.values(), ids=SPOILINGS.keys())
def test_a_snapshot_with_its_key_intact_and_other_parts_spoilt_still_opens_the_whole_window(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path, spoil) -> None:
    first_run(qtbot, controllers, plain_db)
    kept_files.settle()
    raw = json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))
    start_snapshot.snapshot_path().write_text(json.dumps(spoil(raw)), encoding="utf-8")
    controller = controllers()
    assert controller.start(plain_db, explicit=True)  # no error reaches the manager (nor a slot: pytest-qt)
    window = controller.window
    assert window is not None and window.isVisible()
    qtbot.waitUntil(lambda: window.attached and window.dashboard.up_to_date(), timeout=20000)
    assert window.isVisible() and window.dashboard.tiles.isVisible()
