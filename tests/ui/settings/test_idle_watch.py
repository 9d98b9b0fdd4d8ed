"""The idle watch looks at the application's events only while an idle time is set."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLineEdit

from carehome_desk.ui.settings.idle_watch import IdleWatch


def test_events_pass_through_the_watch_only_while_minutes_are_set(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[QEvent.Type] = []

    class Counting(IdleWatch):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
            seen.append(event.type())
            return super().eventFilter(watched, event)

    box = QLineEdit()
    qtbot.addWidget(box)
    watch = Counting(0)
    QApplication.sendEvent(box, QEvent(QEvent.Type.User))
    assert seen == []  # no idle time (a clear file, or the first frame): no filter on every event
    watch.set_minutes(5)
    assert watch.timer.isActive()
    QApplication.sendEvent(box, QEvent(QEvent.Type.User))
    assert QEvent.Type.User in seen
    watch.stop()
    seen.clear()
    QApplication.sendEvent(box, QEvent(QEvent.Type.User))
    assert seen == [] and not watch.timer.isActive()
