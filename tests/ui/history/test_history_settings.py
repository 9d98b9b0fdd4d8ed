"""A policy change reads in Change history as the manager made it: only the values changed, each by its label on
Home settings, old → new (a first change keeps the default it replaced)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from carehome_desk.models.settings import ProviderSettings
from carehome_desk.store.schema import settings
from carehome_desk.ui.history.history_page import HistoryPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.settings.home_page import HomePage

RECORD, CHANGED = 3, 4


def _history(window: MainWindow) -> HistoryPage:
    history = next(p for p in window.pages if isinstance(p, HistoryPage))
    window.nav.setCurrentRow(window.pages.index(history))  # as the manager would: open Change history
    history.reload()
    return history


def _setting_rows(history: HistoryPage) -> dict[str, int]:
    """Record label -> row in the table (as sorted on screen) of every settings row."""
    shown = {history.proxy.index(r, RECORD).data(): r for r in range(history.proxy.rowCount())}
    return {label: row for label, row in shown.items() if label.startswith("Setting: ")}


def test_two_policy_values_changed_read_as_two_changes_from_their_defaults(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = next(p for p in window.pages if isinstance(p, HomePage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.policy.spins["supervision_weeks"].setValue(4)
    page.policy.spins["incident_review_days"].setValue(2)
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.mouseClick(page.policy.save_button, Qt.MouseButton.LeftButton)

    history = _history(window)
    rows = _setting_rows(history)
    assert set(rows) == {"Setting: Supervision every", "Setting: Manager reviews incidents within"}
    row = rows["Setting: Supervision every"]
    assert history.proxy.index(row, 2).data() == "Changed"
    assert history.proxy.index(row, CHANGED).data() == "6 weeks → 4 weeks"
    assert history.proxy.index(rows["Setting: Manager reviews incidents within"], CHANGED).data() == "7 days → 2 days"
    history.table.selectRow(row)
    text = history.details.toPlainText()
    assert "Supervision every: 6 weeks → 4 weeks" in text
    assert "supervision_weeks" not in text and "key:" not in text

    # A second change is one more row, from the value saved before.
    window.nav.setCurrentRow(window.pages.index(page))
    page.policy.spins["supervision_weeks"].setValue(5)
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.mouseClick(page.policy.save_button, Qt.MouseButton.LeftButton)
    history = _history(window)
    changed = sorted(history.proxy.index(r, CHANGED).data() for r in range(history.proxy.rowCount())
                     if history.proxy.index(r, RECORD).data() == "Setting: Supervision every")
    assert changed == ["4 weeks → 5 weeks", "6 weeks → 4 weeks"]


def test_settings_stored_all_at_once_by_an_earlier_version_show_their_labels_and_values(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with window.store.write() as w:  # what an earlier version's first policy save wrote
        for key, value in ProviderSettings(supervision_weeks=4).to_mapping().items():
            w.insert(settings, {"key": key, "value": value})

    history = _history(window)
    rows = _setting_rows(history)
    assert len(rows) == 13
    assert history.proxy.index(rows["Setting: On-time target"], CHANGED).data() == "95% (the default)"
    assert history.proxy.index(rows["Setting: Supervision every"], CHANGED).data() == \
        "4 weeks (the default is 6 weeks)"
    history.table.selectRow(rows["Setting: Lock the window after"])
    text = history.details.toPlainText()
    assert "Lock the window after: 5 minutes (the default)" in text and "lock_after_minutes" not in text
    assert window.store.settings.get().supervision_weeks == 4
