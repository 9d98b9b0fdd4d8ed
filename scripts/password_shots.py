"""Screenshots of the password screens: the set-up step, the recovery-key page and the lock screen.

Called from screenshots.py (``screenshots.py password`` takes just these). The recovery key shown
is a made-up example, and the lock screen is taken on a protected copy of the demo.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from carehome_desk.store import Store
from carehome_desk.store.protection import KdfParams, protect
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.settings.recovery_key_dialog import RecoveryKeyDialog
from carehome_desk.ui.settings.welcome_dialog import WelcomeDialog

EXAMPLE_KEY = "K7QMP-2XWD9-HT4NR-V8B3C-LZ6FJ-Y5E2S-MQ9TA-W3GDK"
PASSWORD = "screenshot password"
CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)  # pictures only: no real records


def shoot(app: QApplication, docs: Path, work: Path, today: date) -> None:
    """Write docs/setup-password.png, docs/recovery-key.png and docs/lock-screen.png."""
    dialog = WelcomeDialog(today)
    dialog.setup_button.click()
    dialog.name.setText("Hawthorn House")
    dialog.urn.setText("SC246810")
    dialog.manager.setText("Joanne Carter")
    dialog.password_fields.password.setText(PASSWORD)
    dialog.password_fields.confirm.setText("screenshot")
    dialog.create_button.click()  # the two differ: shows the message at the fields
    dialog.show()
    app.processEvents()
    dialog.adjustSize()
    app.processEvents()
    dialog.grab().save(str(docs / "setup-password.png"))
    dialog.close()

    key = RecoveryKeyDialog(EXAMPLE_KEY, "Hawthorn House")
    key.show()
    app.processEvents()
    key.grab().save(str(docs / "recovery-key.png"))
    key.done_tick.setChecked(True)
    key.close()

    db = work / "protected.sqlite3"
    protect(db, PASSWORD, kdf=CHEAP)
    with Store.open(db, password=PASSWORD) as store:
        from carehome_desk.models.home import HomeDetails

        store.homes.add(HomeDetails(name="Hawthorn House", urn="SC246810", registered_manager="Joanne Carter"))
    store = Store.open(db, password=PASSWORD)
    window = MainWindow(store, QSettings(str(work / "lock-window.ini"), QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.lock()
    window.window_lock.lock_screen.password.setText("a wrong one")
    window.window_lock.lock_screen.try_unlock()
    window.window_lock.lock_screen.password.clear()
    app.processEvents()
    window.grab().save(str(docs / "lock-screen.png"))
    window.window_lock.unlock()
    window.close()
    store.close()
