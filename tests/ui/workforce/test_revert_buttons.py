"""Every Revert button on a person's record asks Discard / Keep editing before throwing typing away,
as Edit › Revert does: Escape or Keep editing keeps what was typed, Discard shows the saved version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from carehome_desk.models.recruitment import CheckKind
from carehome_desk.ui.main_window import MainWindow
from tests.ui.boxes import answer_next_box
from tests.ui.workforce.test_staff_page import retype, staff_page, staffed  # noqa: F401 - the fixture
from tests.ui.workforce_data import Workforce


def _revert_asks(qtbot, button: QPushButton, line: QLineEdit) -> list[str]:  # type: ignore[no-untyped-def]
    """Press Revert twice, Escape then Discard: the two questions, then the text after each."""
    escaped = answer_next_box(None)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    kept = line.text()
    discarded = answer_next_box("Discard")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return [*escaped, *discarded, kept, line.text()]


def test_the_details_tabs_revert_asks_first(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    assert page.show_person(staffed.checked)
    details = page.panel.details
    retype(qtbot, details.full_name, "Sarah Whitfield-Jones")
    asked, again, kept, after = _revert_asks(qtbot, details.revert_button, details.full_name)
    assert "Throw away" in asked and again == asked
    assert kept == "Sarah Whitfield-Jones"
    assert after == "Sarah Whitfield" and not page.has_unsaved_changes()


def test_the_checks_tabs_revert_asks_first(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    assert page.show_person(staffed.checked)
    checks = page.panel.checks
    row = checks.rows[CheckKind.REFERENCE_SECOND]
    saved = row.verified_by.text()
    retype(qtbot, row.verified_by, saved + " and a typo")
    assert checks.revert_button.isEnabled()
    asked, again, kept, after = _revert_asks(qtbot, checks.revert_button, row.verified_by)
    assert "recruitment checks" in asked and again == asked
    assert kept == saved + " and a typo"
    assert after == saved and not checks.has_unsaved_changes()


def test_the_qualification_tabs_revert_asks_first(qtbot, staffed: Workforce, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = staff_page(window)
    assert page.show_person(staffed.checked)
    tab = page.panel.qualifications
    saved = tab.equivalent_name.text()
    retype(qtbot, tab.equivalent_name, "City & Guilds 1234")
    assert tab.revert_button.isEnabled()
    asked, again, kept, after = _revert_asks(qtbot, tab.revert_button, tab.equivalent_name)
    assert "qualification" in asked and again == asked
    assert kept == "City & Guilds 1234"
    assert after == saved and not tab.has_unsaved_changes()
