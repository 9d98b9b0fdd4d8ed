"""The Home settings page, driven as a manager would: typing, Ctrl+S, Revert."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt

from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.quality import Inspection
from carehome_desk.ui.settings.home_page import HomePage
from carehome_desk.ui.main_window import MainWindow
from tests.ui.boxes import answer_next_box


def page_of(window: MainWindow) -> HomePage:
    page = next(p for p in window.pages if isinstance(p, HomePage))
    window.nav.setCurrentRow(window.pages.index(page))  # as the manager would: open Home settings
    return page


def retype(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def test_shows_the_saved_details(window: MainWindow) -> None:
    page = page_of(window)
    assert page.page_heading.text() == "Home settings" and page.page_heading.isVisible()
    assert page.page_heading.font().bold()
    assert page.page_heading.font().pointSizeF() > page.heading.font().pointSizeF()  # the page's, then the home's
    assert page.heading.text() == "Oak Lodge"
    assert page.urn.text() == "SC123456"
    assert page.registration.text() == "22/11/2019"
    assert page.grades[Judgement.LEADERSHIP].currentText() == "Outstanding"
    assert "last full inspection 22/04/2026: good" in page.subheading.text()
    assert not page.save_button.isEnabled()


def test_edit_and_save_with_ctrl_s_updates_store_and_audit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.manager, "Marcus Nowak")
    assert page.state.text() == "Unsaved changes" and page.save_button.isEnabled()
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(page.manager, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (home,) = window.store.homes.list()
    assert home.registered_manager == "Marcus Nowak" and home.version == 2
    assert page.state.text().startswith("Saved at")
    assert not page.has_unsaved_changes()
    assert "changed Registered manager" in page.history.item(0).text()
    assert window.store.audit.entries()[0].after["registered_manager"] == "Marcus Nowak"


def test_bad_urn_is_refused_at_the_field_and_old_value_kept(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.urn, "AB12")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    error = page._errors["urn"]
    assert error.isVisible()
    assert "is not an Ofsted URN" in error.text()
    assert page.state.text() == f"Not saved: 'Ofsted URN' — {error.text().removeprefix('⚠ ')}"
    assert window.store.homes.list()[0].urn == "SC123456"
    assert len(window.store.audit.entries(table="homes")) == 1  # only the original insert
    # Fixing it clears the message on the next save.
    retype(qtbot, page.urn, "SC654321")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not error.isVisible()
    assert window.store.homes.list()[0].urn == "SC654321"


def test_a_refusal_scrolls_back_to_the_marked_field(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """At 1366×768 with the page scrolled to its foot, a refused URN takes the focus and comes into view."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QApplication

    from carehome_desk.ui.widgets.field_form import scroll_area_of

    window.resize(1366, 768)
    page = page_of(window)
    retype(qtbot, page.urn, "AB12")
    area = scroll_area_of(page.urn)
    assert area is not None
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())
    page.save()
    assert QApplication.focusWidget() is page.urn
    viewport = area.viewport()

    def in_view() -> bool:
        return all(viewport.rect().contains(QRect(w.mapTo(viewport, QPoint(0, 0)), w.size()))
                   for w in (page.urn, page._errors["urn"]))
    qtbot.waitUntil(in_view)


def test_impossible_date_is_reported_not_guessed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.inspection.line, "31/02/2026")
    page.save()
    assert page._errors["last_inspection_date"].isVisible()
    assert "not a real date" in page._errors["last_inspection_date"].text()
    assert window.store.homes.list()[0].last_inspection_date.isoformat() == "2026-04-22"


def test_short_dates_are_tidied_and_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.inspection.line, "3.5.26")
    qtbot.keyClick(page.inspection.line, Qt.Key.Key_Tab)
    assert page.inspection.text() == "03/05/2026"
    assert page.save()
    assert window.store.homes.list()[0].last_inspection_date.isoformat() == "2026-05-03"


def test_revert_asks_then_throws_away_edits(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.name, "Something Else")
    page.grades[Judgement.OVERALL].setCurrentIndex(page.grades[Judgement.OVERALL].findData(Grade.INADEQUATE.value))
    seen = answer_next_box("Keep editing")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert seen and "Throw away" in seen[0]
    assert page.name.text() == "Something Else" and page.has_unsaved_changes()
    seen = answer_next_box("Discard")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert seen and page.name.text() == "Oak Lodge"
    assert page.grade_of(Judgement.OVERALL) is Grade.GOOD
    assert not page.has_unsaved_changes()


def test_an_edit_made_elsewhere_is_not_overwritten(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    home = window.store.homes.list()[0]
    window.store.homes.update(home.id, replace(home.details, responsible_individual="Other PC"),
                              expect_version=home.version)
    retype(qtbot, page.name, "My Edit")
    assert not page.save()
    assert page.conflict.isVisible() and "changed elsewhere" in page.conflict.text()
    assert page.name.text() == "My Edit"  # the user's typing is still there
    assert window.store.homes.list()[0].name == "Oak Lodge"


def test_a_field_is_checked_as_soon_as_it_is_left(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.urn, "12")
    qtbot.keyClick(page.urn, Qt.Key.Key_Tab)  # leave the field: no Save pressed
    assert page._errors["urn"].isVisible()
    assert not page._errors["name"].isVisible()  # untouched fields stay quiet
    retype(qtbot, page.urn, "SC123457")
    qtbot.keyClick(page.urn, Qt.Key.Key_Tab)
    assert not page._errors["urn"].isVisible()


def test_policy_values_are_saved_for_every_home_and_labelled_practice(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    assert "practice, not law" in page.policy.title()
    spin = page.policy.spins["dbs_recheck_years"]
    assert spin.value() == 3
    spin.setValue(5)
    assert page.has_unsaved_changes() and page.policy.save_button.isEnabled()
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(spin, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.store.settings.get().dbs_recheck_years == 5
    assert not page.has_unsaved_changes()


def test_an_inspection_recorded_while_typing_here_is_taken_in_and_the_typing_kept(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.manager, "Marcus Nowak")
    home = window.store.homes.list()[0]
    inspected = window.store.today() - timedelta(days=2)
    _, changes = window.store.quality.save_inspection(Inspection(home.id, inspected, judgements={
        Judgement.OVERALL: Grade.OUTSTANDING}))
    window.broadcast(changes)  # what the Quality page does after saving
    assert page.manager.text() == "Marcus Nowak" and page.has_unsaved_changes()  # the typing is kept
    assert page.inspection.text() == inspected.strftime("%d/%m/%Y")  # the new last inspection is shown
    assert page.grades[Judgement.OVERALL].currentText() == "Outstanding"
    assert page.save()  # no conflict with our own save elsewhere
    saved = window.store.homes.list()[0]
    assert saved.registered_manager == "Marcus Nowak" and saved.last_inspection_date == inspected
    assert saved.last_inspection_grades == {Judgement.OVERALL: Grade.OUTSTANDING}


def test_local_authority_records_start_and_secure_are_saved_and_reverted(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.local_authority, "Leicestershire County Council")
    retype(qtbot, page.records_start.line, "01/06/2026")
    page.secure.setChecked(True)
    assert page.has_unsaved_changes()
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(page.local_authority, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (home,) = window.store.homes.list()
    assert (home.local_authority, home.records_start, home.secure) == (
        "Leicestershire County Council", date(2026, 6, 1), True)
    assert home.reg44_from == date(2026, 6, 1)  # later than the 2019 registration
    assert "Local authority (host)" in page.history.item(0).text()
    retype(qtbot, page.local_authority, "Somewhere Else")
    page.secure.setChecked(False)
    page.discard()
    assert page.local_authority.text() == "Leicestershire County Council" and page.secure.isChecked()


def test_a_records_start_in_the_future_is_refused_at_the_field(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    retype(qtbot, page.records_start.line, "01/01/2027")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page._errors["records_start"].isVisible()
    assert "future" in page._errors["records_start"].text()
    assert window.store.homes.list()[0].records_start is None
