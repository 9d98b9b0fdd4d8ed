"""Screenshots of File → Restore from backup…: the dialog on the demo home with a week of backups.

Called from screenshots.py (``screenshots.py restore`` takes just these). Writes
docs/restore-dialog.png (the newest backup chosen, its checks and record counts) and
docs/restore-dialog-password.png (a backup taken under another password asks for it).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.backup_rotation import RetentionPolicy
from carehome_desk.models.dates import UK
from carehome_desk.store import Store
from carehome_desk.store.auto_backup import take_automatic_backup
from carehome_desk.store.protection import KdfParams, protect
from carehome_desk.ui.settings.restore_dialog import RestoreDialog

CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)  # pictures only: no real records


def shoot(app: QApplication, docs: Path, work: Path, today: date) -> None:
    """Write docs/restore-dialog.png and docs/restore-dialog-password.png."""
    folder = work / "restore"
    folder.mkdir()
    db = build_demo(folder / "carehome.sqlite3", DemoOptions(today=today))
    for days in range(6, -1, -1):
        at = datetime.combine(today - timedelta(days=days), time(17, 30), tzinfo=UK)
        take_automatic_backup(db, None, policy=RetentionPolicy(), second_folder=None, now=at)
    now = datetime.combine(today, time(18, 0), tzinfo=UK)
    store = Store.open(db, clock=lambda: now)
    dialog = RestoreDialog(store)
    dialog.show()
    dialog.resize(760, dialog.sizeHint().height())
    app.processEvents()
    dialog.grab().save(str(docs / "restore-dialog.png"))
    dialog.close()

    other = build_demo(work / "restore-other.sqlite3", DemoOptions(today=today, seed=7))
    protect(other, "an older password", kdf=CHEAP)
    with Store.open(other, password="an older password") as protected:
        copy = protected.backup(work / "usb" / "carehome-20261101-173000.sqlite3")
    asking = RestoreDialog(store, preselect=copy)
    asking.show()
    asking.resize(760, asking.sizeHint().height())
    asking.password.setText("not the one")
    asking.password.returnPressed.emit()
    app.processEvents()
    asking.grab().save(str(docs / "restore-dialog-password.png"))
    asking.close()
    store.close()
