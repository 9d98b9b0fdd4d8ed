"""A manager's first tasks done with the keyboard alone: key presses only, results read back.

No mouse, and no widget method called to make something happen: fields are reached with Tab,
Alt+letter or the window's shortcuts, typed into, and saved with Enter or Ctrl+S. The one stand-in
is the system's Save As box, which hands back a file name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from carehome_desk.models.home import HomeDetails
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.settings.welcome_dialog import SETUP, WelcomeDialog
from carehome_desk.ui.widgets.enter_key import install_enter_presses_buttons
from tests.conftest import FIXED_NOW, Clock
from tests.ui.conftest import discard_all
from tests.ui.keyboard_audit import spoken_name

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def enter_presses_buttons() -> Iterator[None]:
    """As the application installs it; removed afterwards so other tests see plain Qt."""
    watcher = install_enter_presses_buttons(QApplication.instance())  # type: ignore[arg-type]
    yield
    shiboken6.delete(watcher)


def focus() -> QWidget:
    """Where a key goes: the focused control, or the active window when it has none focused yet."""
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    assert widget is not None, "no window has the keyboard"
    return widget


def activate(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Show a window and give it the keyboard, as opening it on the desktop does."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focus(), key, modifier)


def tab_to(qtbot, name: str, limit: int = 80) -> QWidget:  # type: ignore[no-untyped-def]
    """Press Tab until the control a screen reader would call ``name`` has the focus."""
    for _ in range(limit):
        if spoken_name(focus()) == name:
            return focus()
        press(qtbot, Qt.Key.Key_Tab)
    seen = []
    for _ in range(40):
        seen.append(f"{type(focus()).__name__} {spoken_name(focus())!r}")
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}; it goes round " + ", ".join(seen))


def type_in(qtbot, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tab to a field, select what is there and type over it."""
    field = tab_to(qtbot, name)
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), text)


def modal_dialog(qtbot) -> QDialog:  # type: ignore[no-untyped-def]
    """The dialog that has just opened (and has the keyboard)."""
    from PySide6.QtWidgets import QMessageBox

    def opened() -> bool:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, QMessageBox) and "test_error_log" in shown.detailedText():
            shown.close()  # that test's apology box, reopened by its error hook: not this test's business
            return False
        return isinstance(shown, QDialog)

    qtbot.waitUntil(opened)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QDialog)
    if QApplication.activeWindow() is not dialog:  # a desktop gives a new dialog the keyboard; offscreen may not
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def closed(qtbot, dialog: QDialog, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Wait for a dialog to close; the keyboard goes back to the window, as a desktop's window manager does
    (the offscreen test platform leaves no window active)."""
    qtbot.waitUntil(lambda: not dialog.isVisible())
    if QApplication.activeWindow() is None:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


# ---- 1. Set up a home in the welcome box ------------------------------------------------


def set_up_home(qtbot) -> HomeDetails:  # type: ignore[no-untyped-def]
    box = WelcomeDialog(FIXED_NOW.date(), ask_password=False)  # as the first run opens it
    qtbot.addWidget(box)
    activate(qtbot, box)
    press(qtbot, Qt.Key.Key_S, ALT)  # &Set up my home (a button's Alt+letter clicks it a moment later)
    qtbot.waitUntil(lambda: box.pages.currentIndex() == 1)
    type_in(qtbot, "Home name", "Birch House")
    type_in(qtbot, "Ofsted URN", "SC654321")
    type_in(qtbot, "Registered manager", "Sam Patel")
    type_in(qtbot, "Registration date", "01/09/2021")
    tab_to(qtbot, "Home name")
    press(qtbot, Qt.Key.Key_Return)
    if box.isVisible():  # Enter did nothing: the finding; Alt+C (Create my home) still works
        press(qtbot, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert box.choice == SETUP and box.details is not None
    return box.details


def test_set_up_a_home_in_the_welcome_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    details = set_up_home(qtbot)
    assert (details.name, details.urn, details.registered_manager) == ("Birch House", "SC654321", "Sam Patel")
    assert details.registration_date is not None and details.registration_date.isoformat() == "2021-09-01"


def test_enter_creates_the_home_in_the_welcome_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = WelcomeDialog(FIXED_NOW.date(), ask_password=False)
    qtbot.addWidget(box)
    activate(qtbot, box)
    press(qtbot, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: box.pages.currentIndex() == 1)
    type_in(qtbot, "Home name", "Birch House")
    type_in(qtbot, "Ofsted URN", "SC654321")
    press(qtbot, Qt.Key.Key_Return)  # Enter creates the home (finding 7)
    assert box.choice == SETUP


# ---- 2. A staff member, their DBS certificate and training -----------------------------


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    details = set_up_home(qtbot)
    store = Store.open(tmp_path / "home.sqlite3", user="Sam Patel", clock=Clock())
    store.homes.add(details)  # what the application does with the box's answer
    w = MainWindow(store, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w, before_close_func=discard_all)
    activate(qtbot, w)
    yield w
    store.close()


def test_add_a_staff_member_with_a_dbs_certificate_and_training(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # View → Staff
    press(qtbot, Qt.Key.Key_N, CTRL)  # Edit → New record
    type_in(qtbot, "Full name", "Jordan Reid")
    type_in(qtbot, "Started at the home", "01/09/2025")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: len(store.staff.list()) == 1)
    member = store.staff.list()[0]
    assert member.full_name == "Jordan Reid"

    press(qtbot, Qt.Key.Key_B, ALT)  # the D&BS tab
    tab_to(qtbot, "Add certificate…")
    press(qtbot, Qt.Key.Key_Return)
    dialog = modal_dialog(qtbot)
    assert dialog.windowTitle() == "Add DBS certificate"
    qtbot.keyClicks(focus(), "001234567890")  # the dialog opens in its first field, the number
    type_in(qtbot, "Issue date", "20/08/2025")
    press(qtbot, Qt.Key.Key_Return)
    closed(qtbot, dialog, window)
    assert len(store.workforce.certificates_for(member.id)) == 1
    cert = store.workforce.certificates_for(member.id)[0]
    assert (cert.certificate_number, cert.issue_date.isoformat()) == ("001234567890", "2025-08-20")

    press(qtbot, Qt.Key.Key_T, ALT)  # the &Training tab
    press(qtbot, Qt.Key.Key_R, ALT)  # &Record training…
    dialog = modal_dialog(qtbot)
    assert dialog.windowTitle() == "Record training"
    course = [c for c in store.workforce.courses() if not c.archived][1]  # the list's second course
    tab_to(qtbot, "Course")
    press(qtbot, Qt.Key.Key_Down)  # a closed combo box steps to the next course
    type_in(qtbot, "Completed on", "15/10/2026")
    press(qtbot, Qt.Key.Key_Return)
    closed(qtbot, dialog, window)
    assert len(store.workforce.training_for(member.id)) == 1
    record = store.workforce.training_for(member.id)[0]
    assert (record.course_id, record.completed.isoformat()) == (course.id, "2026-10-15")


# ---- 5. Grade a self-evaluation criterion ------------------------------------------------


def test_grade_a_self_evaluation_criterion(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    home = store.homes.list()[0]
    qtbot.keyClick(window, Qt.Key.Key_7, CTRL)  # View → Quality, on its self-evaluation tab
    press(qtbot, Qt.Key.Key_N, ALT)  # &New evaluation: the criteria list takes the keyboard
    qtbot.waitUntil(lambda: spoken_name(focus()) == "Judgement areas and criteria")
    press(qtbot, Qt.Key.Key_Home)  # the first judgement area
    press(qtbot, Qt.Key.Key_Right)  # opened
    press(qtbot, Qt.Key.Key_Down)  # its first criterion
    press(qtbot, Qt.Key.Key_Return)  # to its grade
    assert spoken_name(focus()) == "Grade"
    press(qtbot, Qt.Key.Key_Down)  # the first grade in the list
    grade_text = focus().currentText()  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: len(store.quality.evaluations(home.id)) == 1)
    graded = {cid: e.grade for cid, e in store.quality.evaluations(home.id)[0].entries.items() if e.grade}
    assert len(graded) == 1
    assert next(iter(graded.values())).label == grade_text


# ---- 6. Export the evidence pack ---------------------------------------------------------


def test_export_the_evidence_pack(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    from carehome_desk.ui.exports.evidence_pack_page import EvidencePackPage

    target = tmp_path / "pack.xlsx"
    # The system's own save dialog is not ours to drive: it answers with the file name typed into it.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page = next(p for p in window.pages if isinstance(p, EvidencePackPage))
    qtbot.keyClick(window, Qt.Key.Key_8, CTRL)  # View → Evidence pack
    with qtbot.waitSignal(page.runner.finished, timeout=60_000):
        press(qtbot, Qt.Key.Key_X, ALT)  # E&xport the evidence pack…
    book = load_workbook(target, read_only=True)
    cover = book[book.sheetnames[0]]
    assert any("Birch House" in str(cell) for row in cover.iter_rows(values_only=True) for cell in row if cell)


# ---- 3. A restraint with its Reg 35(3) steps ---------------------------------------------


def add_child(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Children page, Ctrl+N, the register's first fields, Ctrl+S."""
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)  # View → Children
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_in(qtbot, "Reference", "C01")
    type_in(qtbot, "Initials", "AB")
    type_in(qtbot, "Date of birth", "14/03/2012")
    type_in(qtbot, "Admitted on", "01/09/2026")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: len(window.store.children.list()) == 1)


def when(qtbot, name: str, day: str, clock: str) -> None:  # type: ignore[no-untyped-def]
    """A date-and-time field: its date, then its time."""
    type_in(qtbot, f"{name}: date", day)
    type_in(qtbot, f"{name}: time", clock)


def start_incident(qtbot, window: MainWindow, rows_down: int) -> None:  # type: ignore[no-untyped-def]
    """Incidents page, Ctrl+N, the type chosen with the arrow keys and Enter."""
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)  # View → Incidents
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = modal_dialog(qtbot)
    for _ in range(rows_down):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    closed(qtbot, dialog, window)


def tick_first_child(qtbot) -> None:  # type: ignore[no-untyped-def]
    tab_to(qtbot, "Children involved")
    press(qtbot, Qt.Key.Key_Space)  # ticks the child the list's cursor is on


def test_record_a_restraint_with_its_steps(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    add_child(qtbot, window)
    start_incident(qtbot, window, 0)  # the list starts on restraint (reg 35)
    when(qtbot, "Date and time", "21/11/2026", "18:30")
    tick_first_child(qtbot)
    type_in(qtbot, "Location", "Lounge")
    type_in(qtbot, "Summary", "Held to stop AB running into the road.")
    tab_to(qtbot, "Others (agency, visitors)")  # no one on the staff register yet: the picker is not shown
    press(qtbot, Qt.Key.Key_Tab)
    assert spoken_name(focus()) == "Behaviour that led to it"  # the restraint's own fields come next, not Save
    type_in(qtbot, "Behaviour that led to it", "Ran towards the road")
    type_in(qtbot, "The measure used", "Two-person hold")
    # Every reg 35(3)(a) particular, or "Record made" is refused as not yet complete.
    type_in(qtbot, "How long (minutes)", "3")
    type_in(qtbot, "Tried first to avoid it", "Called to AB; offered to walk together")
    type_in(qtbot, "Used by", "Jordan Reid")
    type_in(qtbot, "Others present", "None")
    type_in(qtbot, "How effective; consequences", "AB was kept out of the road and calmed within minutes")
    type_in(qtbot, "Injuries (anyone)", "None")
    type_in(qtbot, "Medical treatment", "None")
    when(qtbot, "Record made", "21/11/2026", "20:00")
    when(qtbot, "Spoke to the staff member", "22/11/2026", "09:00")
    type_in(qtbot, "Signed by", "Sam Patel")
    tab_to(qtbot, "Spoke to the child: now")  # each Now button is named for its field
    press(qtbot, Qt.Key.Key_Return)  # fills in the date and time now (the test clock: 22/11/2026 10:00)
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: len(store.incidents.list()) == 1)
    incident = store.incidents.list()[0]
    assert incident.child_ids == (store.children.list()[0].id,)
    details = incident.details
    assert (details.measure, details.signed_by) == ("Two-person hold", "Sam Patel")  # type: ignore[union-attr]
    assert [d.strftime("%d/%m %H:%M") for d in (details.record_made_at, details.staff_spoken_at,  # type: ignore[union-attr]
                                                  details.child_spoken_at)] == [  # type: ignore[union-attr]
        "21/11 20:00", "22/11 09:00", "22/11 10:00"]


# ---- 4. A missing episode, its return home interview and a Reg 40 notification ---------


def test_record_a_missing_episode_its_return_interview_and_a_reg40_notification(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    add_child(qtbot, window)
    start_incident(qtbot, window, 1)  # one down the list: missing from care
    when(qtbot, "Date and time", "21/11/2026", "22:10")  # shown as 'Went missing at'
    tick_first_child(qtbot)
    type_in(qtbot, "Summary", "Did not come back from the shop.")
    when(qtbot, "Returned at", "22/11/2026", "01:40")
    when(qtbot, "Police informed at", "21/11/2026", "23:00")
    type_in(qtbot, "Police reference", "MP/123/26")
    when(qtbot, "Offered at", "22/11/2026", "08:30")  # the return home interview
    type_in(qtbot, "Offered by", "Ashby Fields RHI service")
    tab_to(qtbot, "Not decided yet")  # Reg 40: Tab stops on the chosen answer
    press(qtbot, Qt.Key.Key_Right)  # the arrow keys move the choice on, to 'Notifiable'
    assert spoken_name(focus()) == "Notifiable"
    press(qtbot, Qt.Key.Key_Tab)  # the first paragraph
    paragraph = spoken_name(focus())
    press(qtbot, Qt.Key.Key_Space)
    type_in(qtbot, "Reason", "Police involved overnight.")
    press(qtbot, Qt.Key.Key_O, ALT)  # Rec&ord notification… (saves the incident first)
    dialog = modal_dialog(qtbot)
    assert dialog.windowTitle() == "Record notification"
    when(qtbot, "Sent at", "22/11/2026", "09:15")
    press(qtbot, Qt.Key.Key_Return)
    closed(qtbot, dialog, window)

    incident = store.incidents.list()[0]
    details = incident.details
    assert details.returned_at is not None and details.returned_at.strftime("%d/%m %H:%M") == "22/11 01:40"  # type: ignore[union-attr]
    assert details.rhi_offered_by == "Ashby Fields RHI service"  # type: ignore[union-attr]
    assert incident.notifiable is True and [p.label for p in incident.reg40_paragraphs] == [paragraph]
    assert len(incident.notifications) == 1
    assert incident.notifications[0].sent_at.strftime("%d/%m %H:%M") == "22/11 09:15"
