"""An unexpected error in the window: the box shows the whole message, the private log only where it happened."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from carehome_desk.ui.app import setup_logging
from carehome_desk.ui.widgets.error_dialog import install_excepthook

CHILD_NAME = "Marigold Thistlewood"


@pytest.fixture
def window_log(data_home: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level, before, hook = root.level, list(root.handlers), sys.excepthook
    setup_logging()
    yield data_home / "logs" / "carehome-desk.log"
    sys.excepthook = hook
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def test_an_unexpected_error_is_logged_without_its_message(  # type: ignore[no-untyped-def]
        qtbot, window_log: Path) -> None:
    install_excepthook()
    try:
        raise ValueError(f"could not save the record of {CHILD_NAME}")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert any(CHILD_NAME in box.detailedText() for box in boxes)  # on screen, to copy for support
    for box in boxes:
        box.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = window_log.read_text(encoding="utf-8")
    assert "Unexpected error" in logged and "ValueError" in logged and "test_error_log.py" in logged
    assert CHILD_NAME not in logged and "Thistlewood" not in logged
    if os.name == "posix":
        assert stat.S_IMODE(window_log.stat().st_mode) == 0o600
