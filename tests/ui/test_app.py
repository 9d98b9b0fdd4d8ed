"""Start-up: the welcome dialog on first launch, one copy per database, lazy heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from carehome_desk.store import Store, StoreError
from carehome_desk.store.protection import KdfParams
from carehome_desk.ui.app import AppController
from carehome_desk.ui.settings.home_page import HomePage
from carehome_desk.ui.settings.recovery_key_dialog import RecoveryKeyDialog
from carehome_desk.ui.settings.welcome_dialog import WelcomeDialog


CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


def answer_welcome(action) -> None:  # type: ignore[no-untyped-def]
    """Act on the welcome dialog once it is showing (it runs modally)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WelcomeDialog):
            QTimer.singleShot(20, act)
            return
        action(dialog)

    QTimer.singleShot(0, act)


def answer_recovery_key() -> None:
    """Tick and continue on the recovery-key dialog once it shows."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RecoveryKeyDialog):
            QTimer.singleShot(20, act)
            return
        dialog.done_tick.setChecked(True)
        dialog.continue_button.click()

    QTimer.singleShot(0, act)


@pytest.fixture
def controller(qsettings: QSettings):  # type: ignore[no-untyped-def]
    c = AppController(qsettings, kdf=CHEAP)
    yield c
    if c.window is not None:
        c.window.close()
    c.shutdown()


def test_first_launch_demo_choice_opens_the_demo_home(qtbot, controller, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    target = data_home / "carehome.sqlite3"
    answer_welcome(lambda d: d.demo_button.click())
    assert controller.start(target, explicit=False)
    window = controller.window
    qtbot.addWidget(window)
    assert window.is_demo and window.demo_banner.isVisible()
    home_page = next(page for page in window.pages if isinstance(page, HomePage))
    window.nav.setCurrentRow(window.pages.index(home_page))
    assert home_page.heading.text() == "Oak Lodge"
    assert home_page.urn.text().startswith("SC")
    assert (data_home / "demo.sqlite3").exists()
    assert not target.exists()  # the manager's own database is not mixed up with the demo


def test_welcome_is_not_shown_again_once_a_database_exists(qtbot, controller, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    target = data_home / "carehome.sqlite3"
    answer_welcome(lambda d: d.demo_button.click())
    controller.start(target, explicit=False)
    controller.window.close()
    controller.shutdown()
    again = AppController(controller.settings)
    assert again.start(target, explicit=False)  # no dialog: it would block this test
    qtbot.addWidget(again.window)
    assert again.window.is_demo
    again.window.close()
    again.shutdown()


def test_set_up_my_home_creates_the_database_with_it(qtbot, controller, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    target = data_home / "carehome.sqlite3"

    def fill(dialog: WelcomeDialog) -> None:
        dialog.setup_button.click()
        dialog.urn.setText("nonsense")
        dialog.name.setText("Hawthorn House")
        dialog.create_button.click()  # refused: the URN is wrong
        assert dialog.isVisible() and dialog.errors["urn"].isVisible()
        dialog.urn.setText("sc 246810")
        dialog.manager.setText("Joanne Carter")
        dialog.manager_started.line.setText("01/09/2024")
        dialog.registration.line.setText("31/02/2025")
        dialog.create_button.click()  # refused: there is no 31 February
        assert dialog.isVisible() and dialog.errors["registration_date"].isVisible()
        dialog.registration.line.setText("01/01/2025")
        dialog.local_authority.setText("Kettleby City Council")
        dialog.create_button.click()  # refused: no password yet
        assert dialog.isVisible() and dialog.password_fields.error.isVisible()
        dialog.password_fields.password.setText("hawthorn house records")
        dialog.password_fields.confirm.setText("hawthorn house records")
        dialog.create_button.click()

    answer_welcome(fill)
    answer_recovery_key()
    assert controller.start(target, explicit=False)
    qtbot.addWidget(controller.window)
    assert not controller.window.is_demo
    assert controller.store.protected
    (home,) = controller.store.homes.list()
    assert (home.name, home.urn, home.registered_manager) == ("Hawthorn House", "SC246810", "Joanne Carter")
    assert (home.registration_date, home.local_authority) == (date(2025, 1, 1), "Kettleby City Council")
    # The manager named is on the staff register as registered manager, from the date typed.
    (manager,) = controller.store.staff.list(home.id)
    assert (manager.full_name, manager.role.value, manager.start_date) == (
        "Joanne Carter", "registered_manager", date(2024, 9, 1))


def test_quitting_the_welcome_creates_nothing(controller, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    target = data_home / "carehome.sqlite3"
    answer_welcome(lambda d: d.reject())
    assert not controller.start(target, explicit=False)
    assert not target.exists() and not (data_home / "demo.sqlite3").exists()


def test_the_managers_start_date_defaults_to_the_uk_date_whatever_the_computers_time_zone(  # type: ignore[no-untyped-def]
        qtbot, controller, data_home: Path, monkeypatch) -> None:
    """Set-up's 'Started as registered manager on' is today in the UK, as the store counts days, even on a
    computer set to a far time zone (14 hours ahead or 12 behind: one of them is on another date now)."""
    import time
    from datetime import datetime, timezone

    from carehome_desk.models.dates import UK

    uk_today = datetime.now(timezone.utc).astimezone(UK).date()
    zone = next(z for z in ("Etc/GMT-14", "Etc/GMT+12") if datetime.now(ZoneInfo(z)).date() != uk_today)
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    seen: list[date] = []

    def look(dialog: WelcomeDialog) -> None:
        seen.append(dialog.manager_started.value())  # type: ignore[arg-type]
        dialog.reject()

    try:
        assert datetime.now().date() != uk_today  # the computer's own date differs
        answer_welcome(look)
        assert not controller.start(data_home / "carehome.sqlite3", explicit=False)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert seen == [datetime.now(timezone.utc).astimezone(UK).date()]


def test_a_second_copy_on_the_same_database_is_refused(qtbot, controller, db_path: Path, qsettings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    Store.open(db_path).close()
    assert controller.open(db_path)
    qtbot.addWidget(controller.window)
    second = AppController(qsettings)
    with pytest.raises(StoreError, match="already open"):
        second._take_lock(db_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert not second.open(db_path)
    assert shown and "already open" in shown[0]


def test_window_opens_without_loading_matplotlib_or_openpyxl(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtCore import QSettings\n"
        "from carehome_desk.demo import build_demo, DemoOptions\n"
        "from carehome_desk.store import Store\n"
        "from carehome_desk.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "db = build_demo(Path(sys.argv[1]), DemoOptions())\n"
        "w = MainWindow(Store.open(db), QSettings(sys.argv[1] + '.ini', QSettings.Format.IniFormat))\n"
        "w.show(); app.processEvents()\n"
        "print(','.join(n for n in ('matplotlib', 'openpyxl') if n in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "demo.sqlite3")], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_demo_is_never_built_on_the_managers_own_path(qtbot, controller, tmp_path: Path, data_home: Path) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "mine.sqlite3"
    answer_welcome(lambda d: d.demo_button.click())
    assert controller.start(mine, explicit=True)
    qtbot.addWidget(controller.window)
    assert controller.window.is_demo
    assert not mine.exists() and (data_home / "demo.sqlite3").exists()
    assert controller.real_target == mine


def test_reopening_the_same_file_keeps_it_locked(qtbot, controller, db_path: Path, qsettings) -> None:  # type: ignore[no-untyped-def]
    Store.open(db_path).close()
    assert controller.open(db_path)
    assert controller.open(db_path)  # File → Open on the file already open
    qtbot.addWidget(controller.window)
    with pytest.raises(StoreError, match="already open"):
        AppController(qsettings)._take_lock(db_path)


def test_unexpected_error_box_apologises_and_copies_details(qtbot) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.ui.widgets.error_dialog import show_unexpected_error

    box = show_unexpected_error("Traceback: something broke")
    assert "Sorry" in box.text() and "safe" in box.informativeText()
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    assert QApplication.clipboard().text() == "Traceback: something broke"
