"""Change history says the audit trail was verified, or lists what was found; the seal row reads in plain words."""

from __future__ import annotations

import shutil
from pathlib import Path

from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.history.history_page import HistoryPage
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import FIXED_NOW, Clock
from tests.store.tamper import raw

FIXTURE_0005 = Path(__file__).parents[2] / "data" / "schema_0005.sqlite3"


def history_of(window: MainWindow) -> HistoryPage:
    page = next(p for p in window.pages if isinstance(p, HistoryPage))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def test_the_page_says_the_trail_was_verified(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = history_of(window)
    page.trail.wait()  # the check that showing the page started
    with qtbot.waitSignal(page.trail.done, timeout=10_000) as signal:
        page.reload()
        # Off the GUI thread: reload returns at once, and the result is shown only when it arrives.
        assert page.trail.is_running()
    assert signal.args[0].intact
    count = len(home_store.audit.entries())
    assert page.trail.label.text() == f"Audit trail verified on 22/11/2026 at 10:00 — {count:,} changes, all intact"
    assert page.trail.label.property("role") == "hint"


def test_the_page_lists_what_was_changed_outside_the_app(qtbot, home_store: Store, window: MainWindow,  # type: ignore[no-untyped-def]
                                                         db_path: Path) -> None:
    home = home_store.homes.list()[0]
    home_store.staff.add(home.id, StaffDetails("Sarah Whitfield", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
    raw(db_path, "UPDATE staff SET full_name = 'Someone Else' WHERE id = 1")
    raw(db_path, "UPDATE audit_log SET user_label = 'nobody' WHERE id = 3")
    page = history_of(window)
    with qtbot.waitSignal(page.trail.done, timeout=10_000):
        page.reload()
    text = page.trail.label.text()
    assert text.startswith("Audit trail checked on 22/11/2026 at 10:00: 2 problems found in ")
    assert "• Audit row 3 was changed after it was written" in text
    assert "• Staff record 1 (Someone Else) differs from its audited state" in text and "full_name" in text
    assert page.trail.label.property("role") == "error"


def test_the_seal_row_reads_in_plain_words(qtbot, tmp_path: Path, qsettings) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE_0005, db)
    with Store.open(db, user="tester", clock=Clock()) as store:
        window = MainWindow(store, qsettings)
        qtbot.addWidget(window)
        window.show()
        page = history_of(window)
        with qtbot.waitSignal(page.trail.done, timeout=10_000):
            page.reload()
        seal = next(r for r in range(page.model.rowCount()) if page.model.index(r, 2).data() == "Sealed")
        assert page.model.index(seal, 3).data() == "Audit trail: sealed as the start of the hash chain"
        assert page.model.index(seal, 4).data() == (
            "Audit trail sealed: 21 earlier changes became the start of the hash chain, with 7 records recorded "
            "as they stood (changed by an earlier upgrade, or never in the trail).")
        assert page.trail.label.text().endswith("29 changes, all intact")
        window.close()
