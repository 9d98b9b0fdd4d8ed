"""The welcome / set-up box: Enter creates the home, and the manager's start date is asked and checked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from carehome_desk.models.manager_setup import MANAGER_START
from carehome_desk.ui.settings.welcome_dialog import DEMO, SETUP, WelcomeDialog

TODAY = date(2026, 11, 22)


def shown(qtbot, **options: bool) -> WelcomeDialog:  # type: ignore[no-untyped-def]
    dialog = WelcomeDialog(TODAY, **options)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_enter_on_the_form_creates_the_home_with_the_manager_started_today(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot, ask_password=False)
    qtbot.keyClick(dialog.setup_button, Qt.Key.Key_Return)  # Enter on the focused "Set up my home"
    assert dialog.pages.currentIndex() == 1 and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Hawthorn House")
    qtbot.keyClicks(dialog.urn, "SC246810")
    qtbot.keyClicks(dialog.manager, "Sam Patel")
    assert dialog.manager_started.text() == "22/11/2026"  # the default: today
    qtbot.keyClick(dialog.manager, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.choice == SETUP
    assert dialog.details is not None and dialog.details.registered_manager == "Sam Patel"
    assert dialog.manager_start == TODAY


def test_enter_with_a_problem_keeps_the_box_open_and_says_where(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot, setup_only=True, ask_password=False)
    qtbot.keyClicks(dialog.name, "Hawthorn House")
    qtbot.keyClicks(dialog.urn, "SC246810")
    qtbot.keyClicks(dialog.manager, "Sam Patel")
    for typed, words in (("31/02/2026", "not a real date"), ("23/11/2026", "in the future")):
        dialog.manager_started.line.setText(typed)
        qtbot.keyClick(dialog.manager_started.line, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.choice is None
        assert dialog.errors[MANAGER_START].isVisible() and words in dialog.errors[MANAGER_START].text()
        assert dialog.focusWidget() is dialog.manager_started.line
    dialog.manager_started.line.setText("22/11/2026")  # the boundary: today is accepted
    qtbot.keyClick(dialog.manager_started.line, Qt.Key.Key_Return)
    assert dialog.choice == SETUP and dialog.manager_start == TODAY


def test_no_manager_named_means_no_start_date_is_needed(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot, setup_only=True, ask_password=False)
    qtbot.keyClicks(dialog.name, "Hawthorn House")
    qtbot.keyClicks(dialog.urn, "SC246810")
    dialog.manager_started.line.setText("")
    qtbot.keyClick(dialog.urn, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert dialog.choice == SETUP and dialog.manager_start is None


def test_enter_on_the_welcome_page_opens_the_demo(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot)
    assert dialog.demo_button.isDefault() and not dialog.create_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.choice == DEMO


def test_back_to_the_welcome_page_makes_the_demo_the_default_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot)
    dialog.setup_button.click()
    assert dialog.create_button.isDefault() and not dialog.demo_button.isDefault()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert dialog.pages.currentIndex() == 0 and dialog.demo_button.isDefault()


def test_the_manager_is_checked_as_the_staff_register_checks_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A name the store would refuse for the manager's staff record is refused here, with the box open."""
    dialog = shown(qtbot, setup_only=True, ask_password=False)
    qtbot.keyClicks(dialog.name, "Hawthorn House")
    qtbot.keyClicks(dialog.urn, "SC246810")
    dialog.manager.setText("A" * 201)
    qtbot.keyClick(dialog.urn, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.choice is None
    error = dialog.errors["registered_manager"]
    assert error.isVisible() and error.text() == "⚠ The name is longer than 200 characters."
    assert dialog.focusWidget() is dialog.manager
    dialog.manager.setText("A" * 200)
    qtbot.keyClick(dialog.urn, Qt.Key.Key_Return)
    assert dialog.choice == SETUP and dialog.manager_start == TODAY


def test_the_start_date_is_off_until_a_manager_is_named(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot, setup_only=True, ask_password=False)
    assert not dialog.manager_started.isEnabled()
    qtbot.keyClicks(dialog.manager, "Sam Patel")
    assert dialog.manager_started.isEnabled()
    dialog.manager_started.line.setText("31/02/2026")
    qtbot.keyClicks(dialog.name, "Hawthorn House")
    qtbot.keyClicks(dialog.urn, "SC246810")
    qtbot.keyClick(dialog.urn, Qt.Key.Key_Return)
    assert dialog.choice is None and dialog.errors[MANAGER_START].isVisible()
    dialog.manager.clear()  # no manager after all: the bad date no longer matters
    assert not dialog.manager_started.isEnabled() and not dialog.errors[MANAGER_START].isVisible()
    qtbot.keyClick(dialog.urn, Qt.Key.Key_Return)
    assert dialog.choice == SETUP and dialog.manager_start is None


def test_each_page_takes_its_own_height_not_the_set_up_forms(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = WelcomeDialog(date(2026, 11, 22))
    qtbot.addWidget(dialog)
    dialog.show()
    welcome = dialog.height()
    dialog.setup_button.click()
    setup = dialog.height()
    assert setup > welcome + 100  # the welcome is not left with the form's blank space
    dialog.pages.setCurrentIndex(0)
    assert dialog.height() == welcome
