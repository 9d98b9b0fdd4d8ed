"""The incident form's people: staff ticked from the register by keyboard, children added elsewhere or from the
form itself appearing in an open draft with the typing kept, and Revert asking before throwing typing away."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.incidents import IncidentType
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.children.children_page import ChildrenPage
from carehome_desk.ui.incidents.add_child_dialog import AddChildDialog
from carehome_desk.ui.incidents.incident_form import NO_CHILDREN
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incidents.test_incidents_page import incidents_page, start, when
from tests.ui.boxes import answer_next_box


def _staff(store: Store) -> dict[str, StaffId]:
    (home,) = store.homes.list()
    out = {}
    for name, leaving in (("Grace Hopper", None), ("Ada Lovelace", None), ("Gareth Left", date(2026, 1, 31))):
        member, _ = store.staff.add(home.id, StaffDetails(full_name=name, role=StaffRole.RESIDENTIAL_WORKER,
                                                           start_date=date(2024, 1, 8), leaving_date=leaving))
        out[name] = member.id
    return out


def _child(store: Store, reference: str = "C01") -> None:
    from carehome_desk.models.children import ChildDetails
    (home,) = store.homes.list()
    store.children.add(home.id, ChildDetails(reference, "AB", date(2011, 3, 4), date(2025, 1, 10)))


def test_staff_are_ticked_by_keyboard_alone_and_saved_as_links(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    people = _staff(home_store)
    _child(home_store)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.OTHER)
    form = page.editor.form
    picker = form.staff_picker
    # Current staff only: the leaver is not offered for a new incident.
    assert [picker.list.item(r).text().split(" — ")[0] for r in range(picker.list.count())] == [
        "Ada Lovelace", "Grace Hopper"]
    when(qtbot, form.occurred, "21/11/2026", "0800")
    form.summary.setFocus()
    qtbot.keyClicks(form.summary, "Argument in the kitchen.")
    # Tab from the summary reaches the filter; typing narrows the list; Down then Space ticks.
    qtbot.keyClick(form.summary, Qt.Key.Key_Tab)
    assert picker.filter.hasFocus()
    qtbot.keyClicks(picker.filter, "grace")
    assert [picker.list.item(r).text().split(" — ")[0] for r in range(picker.list.count())
            if not picker.list.item(r).isHidden()] == ["Grace Hopper"]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
    assert picker.list.hasFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen() == (people["Grace Hopper"],)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)  # Space again unticks
    assert picker.chosen() == ()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    qtbot.keyClick(picker.list, Qt.Key.Key_Tab)
    assert form.staff_involved.hasFocus()  # then the line for people not on the register
    qtbot.keyClicks(form.staff_involved, "Jo Agency")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(form.staff_involved, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (saved,) = home_store.incidents.list()
    assert (saved.staff_ids, saved.staff_involved) == ((people["Grace Hopper"],), "Jo Agency")
    assert [i.id for i in home_store.incidents.for_staff(people["Grace Hopper"])] == [saved.id]


def test_the_now_button_and_child_list_are_reached_by_tab(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _child(home_store)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    form = page.editor.form
    assert form.occurred.date.line.hasFocus()
    order: list[QWidget] = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[0] is form.occurred.time
    assert order[1] is form.occurred.now_button
    qtbot.keyClick(form.occurred.now_button, Qt.Key.Key_Space)
    assert form.occurred.time.text()  # Now filled the time in
    assert order[2] is form.child_list
    qtbot.keyClick(form.child_list, Qt.Key.Key_Space)
    assert len(form.chosen_children()) == 1
    assert order[3] is form.add_child_button


def test_a_child_added_on_the_children_page_appears_in_the_open_draft_with_its_typing(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    form = page.editor.form
    # No child yet: the form says so and offers Add child…, never an empty list.
    assert form.no_children.isVisible() and form.no_children.text() == NO_CHILDREN
    assert form.add_child_button.isVisible() and not form.child_list.isVisible()
    qtbot.keyClicks(form.summary, "Held in the hallway to stop a fall.")
    qtbot.keyClicks(form.location, "Hallway")
    children = next(p for p in window.pages if isinstance(p, ChildrenPage))
    window.nav.setCurrentRow(window.pages.index(children))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    cf = children.form
    qtbot.keyClicks(cf.reference, "C09")
    qtbot.keyClicks(cf.initials, "JK")
    qtbot.keyClicks(cf.date_of_birth.line, "12/12/2012")
    qtbot.keyClicks(cf.admission_date.line, "20/11/2026")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(cf.reference, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    incidents_page(window)
    assert page.editor.is_new
    assert [form.child_list.item(r).text() for r in range(form.child_list.count())] == ["JK (C09)"]
    assert form.child_list.isVisible() and not form.no_children.isVisible()
    assert form.summary.toPlainText() == "Held in the hallway to stop a fall."
    assert form.location.text() == "Hallway"


def test_add_child_from_the_form_ticks_the_new_child(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    form = page.editor.form
    qtbot.keyClicks(form.summary, "Kept typing.")
    form.add_child_button.setFocus()
    qtbot.keyClick(form.add_child_button, Qt.Key.Key_Space)
    dialog = page.editor.dialog
    assert isinstance(dialog, AddChildDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    cf = dialog.form
    assert cf.reference.hasFocus()
    qtbot.keyClicks(cf.reference, "C10")
    qtbot.keyClicks(cf.initials, "LM")
    qtbot.keyClicks(cf.date_of_birth.line, "01/02/2013")
    qtbot.keyClicks(cf.admission_date.line, "19/11/2026")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(cf.reference, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    (child,) = home_store.children.list()
    assert form.chosen_children() == (child.id,)
    assert form.summary.toPlainText() == "Kept typing."


def test_a_staff_member_added_elsewhere_is_offered_and_ticks_are_kept(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    people = _staff(home_store)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.OTHER)
    form = page.editor.form
    form.staff_picker.set_checked(people["Ada Lovelace"])
    qtbot.keyClicks(form.summary, "Typed first.")
    (home,) = home_store.homes.list()
    _, changes = home_store.staff.add(home.id, StaffDetails(full_name="Bea New", role=StaffRole.BANK,
                                                             start_date=date(2026, 11, 1)))
    window.data_changed.emit(changes)
    names = [form.staff_picker.list.item(r).text().split(" — ")[0] for r in range(form.staff_picker.list.count())]
    assert names == ["Ada Lovelace", "Bea New", "Grace Hopper"]
    assert form.staff_picker.chosen() == (people["Ada Lovelace"],)
    assert form.summary.toPlainText() == "Typed first."


def test_restraint_used_by_offers_the_staff_ticked(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    people = _staff(home_store)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    form = page.editor.form
    used_by = form.details.widgets["used_by"]
    form.staff_picker.set_checked(people["Grace Hopper"])
    assert [used_by.itemText(i) for i in range(used_by.count())] == ["Grace Hopper"]  # type: ignore[attr-defined]
    assert used_by.text() == ""  # type: ignore[attr-defined]  # offered, never filled in for them
    used_by.setCurrentIndex(0)  # type: ignore[attr-defined]
    assert form.details.collect({}).used_by == "Grace Hopper"  # type: ignore[union-attr]


@pytest.mark.parametrize("answer", [None, "Keep editing"])
def test_revert_asks_and_keep_editing_keeps_the_text(qtbot, home_store: Store, window: MainWindow, answer) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.OTHER)
    editor = page.editor
    qtbot.keyClicks(editor.form.summary, "Do not lose me.")
    seen = answer_next_box(answer)  # None: Escape
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert seen and "Throw away" in seen[0]
    assert editor.form.summary.toPlainText() == "Do not lose me."
    seen = answer_next_box("Discard")
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert seen and editor.form.summary.toPlainText() == ""


def test_a_new_incident_gets_the_height_at_1366_by_768(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    log, form = page.splitter.sizes()
    assert form > 3 * log  # the empty log shrinks to its header and a row; the form takes the rest
    assert log >= page.table.minimumHeight()


def test_an_allegations_staff_choice_lists_someone_added_elsewhere_and_keeps_its_choice(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    people = _staff(home_store)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.ALLEGATION)
    editor = page.editor
    combo = editor.form.details.widgets["staff_id"]
    combo.setCurrentIndex(combo.findData(int(people["Grace Hopper"])))  # type: ignore[attr-defined]
    (home,) = home_store.homes.list()
    _, changes = home_store.staff.add(home.id, StaffDetails(full_name="Bea New", role=StaffRole.BANK,
                                                             start_date=date(2026, 11, 1)))
    window.data_changed.emit(changes)
    names = [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]
    assert "Bea New" in names
    assert combo.currentData() == int(people["Grace Hopper"])  # type: ignore[attr-defined]


def test_escape_in_add_child_asks_before_throwing_the_entry_away(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    page.editor.add_child()
    dialog = page.editor.dialog
    assert isinstance(dialog, AddChildDialog)
    qtbot.keyClicks(dialog.form.reference, "C11")
    seen = answer_next_box("Keep editing")
    dialog.reject()  # what Escape does
    assert seen and dialog.isVisible() and dialog.form.reference.text() == "C11"
    seen = answer_next_box("Discard")
    dialog.reject()
    assert seen and not dialog.isVisible()
    assert home_store.children.list() == []


def test_a_leaver_is_listed_only_on_the_incidents_that_name_them(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.models.incidents import IncidentDetails
    from tests.ui.incident_data import uk
    people = _staff(home_store)
    (home,) = home_store.homes.list()
    saved, _ = home_store.incidents.add(home.id, IncidentDetails(
        IncidentType.OTHER, uk("10/01/2026", "09:00"), (), "Before they left.", staff_ids=(people["Gareth Left"],)))
    page = incidents_page(window)
    page.reload()
    assert page.show_incident(saved.id)
    picker = page.editor.form.staff_picker
    labels = [picker.list.item(r).text() for r in range(picker.list.count())]
    assert [label for label in labels if label.endswith("— has left")] == [
        "Gareth Left — Residential childcare worker — has left"]
    assert picker.chosen() == (people["Gareth Left"],)
    assert not page.editor.has_unsaved_changes()


def test_alt_keys_reach_the_children_and_staff_lists(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _staff(home_store)
    _child(home_store)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    form = page.editor.form
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    # Alt+C is the filter bar's Child and Alt+G the review's Sign off: the lists take R and I. The line
    # for people not on the register has no free letter; it is the next Tab stop after the staff list.
    for key, widget in ((Qt.Key.Key_R, form.child_list), (Qt.Key.Key_I, form.staff_picker.filter)):
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        assert widget.hasFocus(), key
