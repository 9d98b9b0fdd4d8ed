"""Every page, tab and dialog can be worked from the keyboard and read by a screen reader.

The window is walked with the demo home, hidden pages and tabs included; every dialog class
under ``carehome_desk/ui`` is built with demo records. What is checked, and how a name is
worked out, is in ``tests/ui/keyboard_audit.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QWidget

import carehome_desk.ui
from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.supervision import SessionKind
from carehome_desk.models.recipients import NotifyContext
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import FIXED_NOW
from tests.ui.conftest import discard_all
from tests.ui.keyboard_audit import (
    _is_control,
    missing_access_keys,
    mnemonic,
    mnemonic_clashes,
    spoken_name,
    unnamed_controls,
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    return build_demo(path, DemoOptions(today=FIXED_NOW.date()))


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, copy)
    store = Store.open(copy, user="tester")
    yield store
    store.close()


@pytest.fixture
def demo_window(qtbot, demo: Store, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(demo, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window, before_close_func=discard_all)
    window.show()
    qtbot.waitExposed(window)
    for page in window.pages:
        page.ensure_loaded()
    return window


def test_mnemonic_reading() -> None:
    assert mnemonic("&Save") == "s"
    assert mnemonic("Re&vert") == "v"
    assert mnemonic("Rock && roll") is None
    assert mnemonic("Plain") is None


def test_no_two_alt_letters_clash_in_the_main_window(demo_window: MainWindow) -> None:
    """Every page and tab, hidden ones too, against the menu bar (&File, &Edit, &View, &Help) and each other."""
    assert mnemonic_clashes(demo_window) == []


#: Labels still without a letter among lettered neighbours (their pages have few letters left): listed so that
#: any other label left out fails, and so that lettering one of these fails until it leaves the list.
NOT_YET_LETTERED = (
    "Role title", "Contract", "Hours per week", "Started at the home", "Started in this role",
    "Probation completed",  # Staff › Details
    "Others (agency, visitors)",  # Incidents
    "Overall experiences and progress of children", "How well children are helped and protected",
    "The effectiveness of leaders and managers",  # Quality › Self-evaluation; the inspection dialog
)


def _not_yet(line: str) -> bool:
    return any(line.startswith(f"label {text!r}") for text in NOT_YET_LETTERED)


def test_every_menu_item_and_lettered_forms_every_label_has_an_alt_letter(demo_window: MainWindow) -> None:
    """File › Set up my own home… had none; nor had the qualification's Enrolled on and Deferred to."""
    missing = missing_access_keys(demo_window)

    assert [line for line in missing if not _not_yet(line)] == []
    assert [text for text in NOT_YET_LETTERED if not any(line.startswith(f"label {text!r}") for line in missing)] \
        == [], "lettered now: take it off the list"


def test_every_control_in_the_main_window_has_a_name(demo_window: MainWindow) -> None:
    assert unnamed_controls(demo_window) == []


# ---- dialogs -----------------------------------------------------------------------------

Factory = Callable[[Store], QDialog]


def _dialogs() -> dict[str, Factory]:
    """One way to open each dialog class with the demo's records."""
    from carehome_desk.ui.exports.import_dialog import ImportDialog
    from carehome_desk.ui.exports.own_import_dialog import OwnImportDialog
    from carehome_desk.ui.incidents.add_child_dialog import AddChildDialog
    from carehome_desk.ui.incidents.incident_type_dialog import IncidentTypeDialog
    from carehome_desk.ui.incidents.notification_dialog import NotificationDialog
    from carehome_desk.ui.quality.action_dialog import ActionDialog, MarkDoneDialog
    from carehome_desk.ui.quality.evaluation_compare_dialog import CompareDialog
    from carehome_desk.ui.quality.evidence_link_dialog import EvidenceLinkDialog
    from carehome_desk.ui.quality.inspection_dialog import InspectionDialog
    from carehome_desk.ui.quality.reg44_dialog import Reg44Dialog
    from carehome_desk.ui.settings.new_recovery_key_dialog import NewRecoveryKeyDialog
    from carehome_desk.ui.settings.password_flow import ChangePasswordDialog, NewPasswordDialog
    from carehome_desk.ui.settings.recovery_key_dialog import RecoveryKeyDialog
    from carehome_desk.ui.settings.connect_dialog import ConnectDialog
    from carehome_desk.ui.settings.restore_dialog import RestoreDialog
    from carehome_desk.ui.settings.unlock_dialog import UnlockDialog
    from carehome_desk.ui.settings.welcome_dialog import WelcomeDialog
    from carehome_desk.ui.workforce.course_catalogue_dialog import CourseCatalogueDialog
    from carehome_desk.ui.workforce.dbs_dialogs import CertificateDialog, StatusCheckDialog
    from carehome_desk.ui.workforce.record_training_dialog import RecordTrainingDialog
    from carehome_desk.ui.workforce.supervision_tab import SessionDialog

    def home(s: Store):  # type: ignore[no-untyped-def]
        return s.homes.list()[0]

    def member(s: Store):  # type: ignore[no-untyped-def]
        return s.staff.list(home(s).id)[0]

    def certificate(s: Store):  # type: ignore[no-untyped-def]
        return next(c for m in s.staff.list(home(s).id) for c in s.workforce.certificates_for(m.id))

    return {
        "ImportDialog": lambda s: ImportDialog(s, home(s).id),
        "OwnImportDialog": lambda s: OwnImportDialog(s, home(s).id),
        "AddChildDialog": lambda s: AddChildDialog(s, home(s).id),
        "IncidentTypeDialog": lambda s: IncidentTypeDialog(),
        "NotificationDialog": lambda s: NotificationDialog(s, s.incidents.list(home(s).id)[0], NotifyContext()),
        "ActionDialog": lambda s: ActionDialog(s, s.quality.actions(home(s).id)[0]),
        "MarkDoneDialog": lambda s: MarkDoneDialog(s, s.quality.actions(home(s).id)[0]),
        "CompareDialog": lambda s: CompareDialog(s.quality.evaluations(home(s).id)),
        "EvidenceLinkDialog": lambda s: EvidenceLinkDialog(s, home(s), {}, FIXED_NOW.date(), "1.1 A criterion"),
        "InspectionDialog": lambda s: InspectionDialog(s, home(s).id, "Priya Fairbairn"),
        "Reg44Dialog": lambda s: Reg44Dialog(s, home(s).id, "Priya Fairbairn"),
        "NewRecoveryKeyDialog": lambda s: NewRecoveryKeyDialog(Path(str(s.path))),
        "ChangePasswordDialog": lambda s: ChangePasswordDialog(Path(str(s.path))),
        "NewPasswordDialog": lambda s: NewPasswordDialog(),
        "RecoveryKeyDialog": lambda s: RecoveryKeyDialog("ABCD-EFGH-JKLM-NPQR", "Oak Lodge"),
        "RestoreDialog": lambda s: RestoreDialog(s),
        "ConnectDialog": lambda s: ConnectDialog(lambda _address: "not tried"),
        "UnlockDialog": lambda s: UnlockDialog("Oak Lodge", lambda p: p, lambda k, p: p),
        "WelcomeDialog": lambda s: WelcomeDialog(FIXED_NOW.date()),
        "CourseCatalogueDialog": lambda s: CourseCatalogueDialog(s),
        "CertificateDialog": lambda s: CertificateDialog(s, member(s).id),
        "StatusCheckDialog": lambda s: StatusCheckDialog(s, certificate(s)),
        "RecordTrainingDialog": lambda s: RecordTrainingDialog(s, s.staff.list(home(s).id), s.workforce.courses()),
        "SessionDialog": lambda s: SessionDialog(s, member(s), SessionKind.SUPERVISION),
    }


#: Base classes that are never opened themselves.
ABSTRACT = {"RecordDialog", "CurrentPasswordDialog"}
DIALOGS = _dialogs()


def _dialog_classes() -> set[str]:
    for info in pkgutil.walk_packages(carehome_desk.ui.__path__, "carehome_desk.ui."):
        importlib.import_module(info.name)
    found: set[str] = set()
    pending = list(QDialog.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("carehome_desk.ui"):
            found.add(cls.__name__)
    return found - ABSTRACT


def test_every_dialog_class_is_checked() -> None:
    """A new dialog must be added to the list above, so the checks below cover it."""
    assert _dialog_classes() == set(DIALOGS)


@pytest.fixture(params=sorted(DIALOGS))
def dialog(request: pytest.FixtureRequest, qtbot, demo: Store) -> QDialog:  # type: ignore[no-untyped-def]
    box = DIALOGS[request.param](demo)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    return box


def test_dialog_alt_letters_do_not_clash(dialog: QDialog) -> None:
    assert mnemonic_clashes(dialog) == []


def test_no_dialog_label_lacks_the_alt_letter_its_neighbours_have(dialog: QDialog) -> None:
    assert [line for line in missing_access_keys(dialog) if not _not_yet(line)] == []


def test_dialog_controls_have_names(dialog: QDialog) -> None:
    assert unnamed_controls(dialog) == []


def _default_button(dialog: QDialog) -> QPushButton | None:
    return next((b for b in dialog.findChildren(QPushButton) if b.isDefault() and b.isVisible()), None)


def test_enter_in_a_dialog_presses_its_default_button(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    """Enter in the first one-line field (or anywhere, if it has none) presses the default button."""
    default = _default_button(dialog)
    assert default is not None, f"{type(dialog).__name__} has no default button for Enter"
    if not default.isEnabled():
        return  # waiting for a choice (a file to import, a record to link): Enter rightly does nothing yet
    field = next((w for w in dialog.findChildren(QLineEdit) if w.isVisible() and w.isEnabled()
                  and not w.isReadOnly() and w.parentWidget() is not None), None)
    target: QWidget = field or default
    target.setFocus()
    pressed: list[bool] = []
    default.clicked.disconnect()  # what the button does (print, derive a key) is not this test's business
    default.clicked.connect(lambda *_: pressed.append(True))
    qtbot.keyClick(target, Qt.Key.Key_Return)
    assert pressed, f"Enter in {type(target).__name__} did not press {default.text()!r}"


#: Dialogs whose first job is a button (read the key, then Continue): they may open on it.
def _button_first() -> tuple[type, ...]:
    from carehome_desk.ui.settings.recovery_key_dialog import RecoveryKeyDialog

    return (RecoveryKeyDialog,)  # the key is shown to print or copy; the tick box comes after


ALLOWED_BUTTON_FIRST = _button_first()


def test_focus_starts_in_the_first_field(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    """When a dialog opens, the keyboard is in its first field, not on a button or nowhere."""
    QApplication.processEvents()
    focus = QApplication.focusWidget()
    assert focus is not None and dialog.isAncestorOf(focus)
    fields = [w for w in dialog.findChildren(QWidget) if _is_control(w) and not isinstance(w, QPushButton)
              and w.isVisible() and w.isEnabled()]
    if fields and not isinstance(dialog, ALLOWED_BUTTON_FIRST):
        assert not isinstance(focus, QPushButton), f"{type(dialog).__name__} opens on {focus.text()!r}"


# ---- Tab reaches everything --------------------------------------------------------------


def _tab_round(qtbot, window: MainWindow, limit: int) -> set[int]:  # type: ignore[no-untyped-def]
    """Press Tab from the navigation list round the window; the ids of every widget that took the focus."""
    window.nav.setFocus()
    reached: set[int] = set()
    for _ in range(limit):
        focus = QApplication.focusWidget()
        assert focus is not None
        reached.add(id(focus))
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is window.nav:
            return reached
    raise AssertionError(f"Tab never came back round to the navigation list: a trap after {len(reached)} stops")


def _radio_group_reached(widget: QWidget, reached: set[int]) -> bool:
    """Tab stops once in a group of radio buttons, on the chosen one; the arrow keys move within it."""
    from PySide6.QtWidgets import QRadioButton

    parent = widget.parentWidget()
    return isinstance(widget, QRadioButton) and parent is not None and any(
        id(other) in reached for other in parent.findChildren(QRadioButton))


def _shown_controls(page: QWidget) -> list[QWidget]:
    return [w for w in page.findChildren(QWidget) if _is_control(w) and w.isVisible() and w.isEnabled()]


def test_tab_reaches_every_control_on_every_page_and_tab(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """No table or tick list keeps Tab to itself: each control shown can be reached without the mouse."""
    from PySide6.QtWidgets import QTabWidget

    demo_window.activateWindow()
    missed: list[str] = []
    for row, page in enumerate(demo_window.pages):
        demo_window.nav.setCurrentRow(row)
        tab_widgets = [t for t in page.findChildren(QTabWidget)]
        views = [(None, -1)] + [(t, i) for t in tab_widgets for i in range(t.count())]
        for tabs, index in views:
            if tabs is not None:
                tabs.setCurrentIndex(index)
            if hasattr(page, "table") and page.table.model() is not None and page.table.model().rowCount() > 0:
                page.table.selectRow(0)  # a record open below, so its form is reachable too
            QApplication.processEvents()
            controls = _shown_controls(page)
            where = page.title + (f" › {tabs.tabText(index).replace('&', '')}" if tabs is not None else "")
            try:
                reached = _tab_round(qtbot, demo_window, len(controls) + 12)
            except AssertionError as trap:
                missed.append(f"{where}: {trap}")
                continue
            missed += [f"{where}: {type(w).__name__} {spoken_name(w)!r}" for w in controls
                       if id(w) not in reached and not _radio_group_reached(w, reached)]
    assert missed == []


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Space])
def test_add_certificate_is_reached_by_tab_and_pressed_by_enter_or_space(qtbot, demo_window: MainWindow, key) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.ui.widgets.enter_key import install_enter_presses_buttons

    watcher = install_enter_presses_buttons(QApplication.instance())  # type: ignore[arg-type]  # as the app does
    try:
        reached, title = _add_certificate_by_keyboard(qtbot, demo_window, key)
    finally:
        shiboken6.delete(watcher)  # the application's keyboard stays as other tests expect it
    assert reached, "Tab never reached Add certificate…"
    assert title == "Add DBS certificate"


def _add_certificate_by_keyboard(qtbot, demo_window: MainWindow, key: Qt.Key) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    """Tab to the DBS tab's Add certificate… and press ``key`` on it: whether Tab got there, and the
    title of the dialog the key opened ("" when none)."""
    from PySide6.QtWidgets import QTabWidget

    from carehome_desk.ui.workforce.dbs_tab import DbsTab

    demo_window.activateWindow()
    staff = demo_window.staff_page
    demo_window.nav.setCurrentRow(demo_window.pages.index(staff))
    staff.table.setFocus()
    qtbot.keyClick(staff.table, Qt.Key.Key_Down)  # the first person
    tabs = staff.findChild(QTabWidget)
    assert tabs is not None
    dbs = staff.findChild(DbsTab)
    assert dbs is not None
    tabs.setCurrentWidget(dbs)
    for _ in range(40):
        if dbs.add_button.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    if not dbs.add_button.hasFocus():
        return False, ""
    qtbot.keyClick(dbs.add_button, key)
    qtbot.waitUntil(lambda: dbs.dialog is not None and dbs.dialog.isVisible())
    dialog = dbs.dialog
    if dialog is None:
        return True, ""
    title = dialog.windowTitle()
    dialog.reject()
    return True, title


def test_every_page_of_a_paged_dialog_has_a_default_button(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    """A dialog in steps (the welcome's choice, then its set-up form) needs a default on each step."""
    from PySide6.QtWidgets import QStackedWidget

    for stack in dialog.findChildren(QStackedWidget):
        if not stack.isVisibleTo(dialog):
            continue
        for index in range(stack.count()):
            stack.setCurrentIndex(index)
            QApplication.processEvents()
            assert _default_button(dialog) is not None, f"{type(dialog).__name__}: page {index} has no default"


def _tab_sequence(qtbot, top: QWidget, limit: int = 120) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """The controls Tab visits from the current focus, once round."""
    start = QApplication.focusWidget()
    assert start is not None
    seen: list[QWidget] = [start]
    for _ in range(limit):
        qtbot.keyClick(seen[-1], Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is None or focus is start:
            break
        seen.append(focus)
    return seen


def _upward_steps(top: QWidget, sequence: list[QWidget]) -> list[str]:
    """Each Tab that moves the focus up the screen (beyond the row it is on)."""
    steps = []
    for before, after in zip(sequence, sequence[1:]):
        y_before = before.mapTo(top, before.rect().center()).y()
        y_after = after.mapTo(top, after.rect().center()).y()
        if y_after < y_before - max(before.height(), after.height()) // 2:
            steps.append(f"{spoken_name(before)!r} → {spoken_name(after)!r}")
    return steps


def test_tab_goes_down_a_dialog_in_reading_order(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    """Top to bottom, then round to the start once: a form read in the order it is laid out."""
    QApplication.processEvents()
    if QApplication.focusWidget() is None:
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    sequence = _tab_sequence(qtbot, dialog)
    first = sequence[0]
    # Round once: the last step goes back up to the first control (not counted).
    steps = _upward_steps(dialog, sequence + [first])
    assert len(steps) <= 1, f"{type(dialog).__name__}: Tab jumps up {steps}"
