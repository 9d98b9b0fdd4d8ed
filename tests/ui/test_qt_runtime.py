"""The Qt binding itself must not corrupt Python: a long session makes many thousands of calls."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_leak_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("x")  # returns nothing; PySide6 6.12.0 on 3.11 decremented None each time
    assert sys.getrefcount(None) - before > -100
