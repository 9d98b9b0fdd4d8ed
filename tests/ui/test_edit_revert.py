"""Edit › Revert unsaved changes asks Discard / Keep editing, as the page's own Revert does, before
throwing typed text away; the programmatic discard() still asks nothing."""

from __future__ import annotations

from PySide6.QtGui import QAction

from carehome_desk.models.incidents import IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from tests.ui.boxes import answer_next_box
from tests.ui.incidents.test_incidents_page import incidents_page, start
from tests.ui.workforce.test_staff_page import retype, staff_page, staffed  # noqa: F401 - the fixture
from tests.ui.workforce_data import Workforce


def revert_action(window: MainWindow) -> QAction:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else []:  # type: ignore[attr-defined]
            if action.text().replace("&", "") == "Revert unsaved changes":
                assert isinstance(action, QAction)
                return action
    raise AssertionError("no Edit › Revert unsaved changes")


def test_edit_revert_asks_on_the_incidents_page(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.OTHER)
    summary = page.editor.form.summary
    qtbot.keyClicks(summary, "Do not lose me.")
    seen = answer_next_box("Keep editing")
    revert_action(window).trigger()
    assert seen and "Throw away" in seen[0]
    assert summary.toPlainText() == "Do not lose me."
    seen = answer_next_box("Discard")
    revert_action(window).trigger()
    assert seen and summary.toPlainText() == ""


def test_edit_revert_asks_on_the_staff_page(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    assert page.show_person(staffed.checked)
    details = page.panel.details
    retype(qtbot, details.full_name, "Sarah Whitfield-Jones")
    assert page.has_unsaved_changes()
    seen = answer_next_box("Keep editing")
    revert_action(window).trigger()
    assert seen and "Throw away" in seen[0]
    assert details.full_name.text() == "Sarah Whitfield-Jones" and page.has_unsaved_changes()
    seen = answer_next_box("Discard")
    revert_action(window).trigger()
    assert seen and details.full_name.text() == "Sarah Whitfield"
    assert not page.has_unsaved_changes()
    assert window.store.staff.get(staffed.checked).full_name == "Sarah Whitfield"


def test_edit_revert_asks_nothing_without_edits_and_discard_never_asks(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    assert page.show_person(staffed.checked)
    revert_action(window).trigger()  # nothing typed: no question (an unexpected box fails the test)
    retype(qtbot, page.panel.details.full_name, "Someone Else")
    page.discard()  # for code and teardown: no question
    assert page.panel.details.full_name.text() == "Sarah Whitfield"
