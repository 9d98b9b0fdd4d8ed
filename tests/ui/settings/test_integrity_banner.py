"""The read-only banner (issue 15 part 2): a damaged database opens with it, and Save is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from carehome_desk.paths import data_dir
from carehome_desk.store import Store
from carehome_desk.ui.settings.home_page import HomePage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.page import PageId
from tests.conftest import Clock
from tests.damaged_files import build_sound, copy_database, damage_middle, digest
from tests.ui.conftest import discard_all

REFUSAL = ("This database failed its integrity check at 10:00: some of it may be damaged, so nothing can be "
           "saved until it is restored from a backup.")


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sound(tmp_path_factory.mktemp("sound") / "sound.sqlite3")


@pytest.fixture
def damaged(sound_file: Path, tmp_path: Path) -> Path:
    backups = data_dir() / "backups"
    backups.mkdir(parents=True)
    copy_database(sound_file, backups / "carehome-20261121-173000.sqlite3")  # a good backup from the day before
    path = copy_database(sound_file, tmp_path / "carehome.sqlite3")
    damage_middle(path)
    return path


def open_window(qtbot, store: Store, qsettings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window, before_close_func=discard_all)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def damaged_store(damaged: Path, clock: Clock) -> Iterator[Store]:
    store = Store.open(damaged, user="tester", clock=clock, check="later")  # as the window opens a big file
    yield store
    store.close()


def test_the_banner_says_what_happened_and_offers_the_newest_good_backup(
        qtbot, damaged_store: Store, qsettings: QSettings, damaged: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, damaged_store, qsettings)
    banner = window.integrity_banner
    qtbot.waitUntil(banner.isVisible, timeout=10000)  # the check ran on a worker thread after the window showed
    text = banner.message.text()
    assert text.startswith("This database failed its integrity check at 10:00: some of it may be damaged. "
                           "Nothing can be saved until it is restored.")
    assert "The newest good backup was taken on 21/11/2026 17:30." in text
    assert banner.restore_button.isVisible()
    assert banner.restore_button.text() == "Restore the backup of 21/11/2026 17:30…"
    asked: list[Path] = []
    window.restore_from_backup = asked.append  # type: ignore[method-assign]  # part 3 wires the real one
    banner.restore_requested.disconnect()
    banner.restore_requested.connect(window.restore_from_backup)
    qtbot.mouseClick(banner.restore_button, Qt.MouseButton.LeftButton)
    assert asked == [data_dir() / "backups" / "carehome-20261121-173000.sqlite3"]


def test_details_name_the_file_what_was_found_and_the_log(
        qtbot, damaged_store: Store, qsettings: QSettings, damaged: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, damaged_store, qsettings)
    banner = window.integrity_banner
    qtbot.waitUntil(banner.isVisible, timeout=10000)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    qtbot.mouseClick(banner.details_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert str(damaged) in shown[0] and "What the check found:\n• " in shown[0] and "Log files:" in shown[0]


def test_save_is_refused_with_the_sentence_and_the_file_is_unchanged(
        qtbot, damaged_store: Store, qsettings: QSettings, damaged: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = digest(damaged)
    window = open_window(qtbot, damaged_store, qsettings)
    page = window.page(PageId.HOME_SETTINGS)
    assert isinstance(page, HomePage)
    window.nav.setCurrentRow(window.pages.index(page))
    # Whichever table the damaged page holds, the page opens: the retention review either reads or says it
    # could not (which table is hit depends on the file's layout, which each schema change moves).
    assert page.retention.count.text() in ("The retention review could not be read from this database.",
                                           "No record of this home is past its retention period.")
    page.name.setText("Oak Lodge (renamed)")
    page.name.textEdited.emit("Oak Lodge (renamed)")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    window.save_current()
    assert warnings == [REFUSAL]
    assert page.has_unsaved_changes()  # the typing stays on screen
    page.discard()
    assert digest(damaged) == before


def test_a_sound_database_shows_no_banner(qtbot, sound_file: Path, tmp_path: Path, clock: Clock,  # type: ignore[no-untyped-def]
                                          qsettings: QSettings) -> None:
    store = Store.open(copy_database(sound_file, tmp_path / "home.sqlite3"), clock=clock, check="later")
    try:
        window = open_window(qtbot, store, qsettings)
        with qtbot.waitSignal(window.integrity_banner.checked, timeout=10000) as done:
            pass
        assert done.args[0].ok
        assert not window.integrity_banner.isVisible()
    finally:
        store.close()


def test_the_app_opens_a_damaged_file_read_only_with_the_banner(
        qtbot, damaged: Path, qsettings: QSettings) -> None:  # type: ignore[no-untyped-def]
    from carehome_desk.ui.app import AppController

    controller = AppController(qsettings)
    try:
        assert controller.open(damaged)
        window = controller.window
        assert window is not None
        qtbot.addWidget(window, before_close_func=discard_all)
        qtbot.waitUntil(window.integrity_banner.isVisible, timeout=10000)
        assert controller.store is not None and controller.store.damaged
    finally:
        if controller.window is not None:
            controller.window.close()
        controller.shutdown()


def test_a_file_whose_first_page_is_damaged_is_refused_plainly_naming_it_and_the_backup(
        qtbot, sound_file: Path, tmp_path: Path, qsettings: QSettings,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    from carehome_desk.ui.app import AppController
    from tests.damaged_files import damage_first_page

    backups = data_dir() / "backups"
    backups.mkdir(parents=True)
    copy_database(sound_file, backups / "carehome-20261121-173000.sqlite3")
    path = copy_database(sound_file, tmp_path / "carehome.sqlite3")
    damage_first_page(path)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    controller = AppController(qsettings)
    try:
        assert not controller.open(path)
    finally:
        controller.shutdown()
    assert len(shown) == 1 and shown[0][0] == "Could not open the database"
    assert shown[0][1] == (f"{path} cannot be read: its first page is damaged. Nothing was changed; restore it from a "
                           f"backup (the newest good backup is {backups / 'carehome-20261121-173000.sqlite3'}, "
                           "taken 21/11/2026 17:30).")


def test_the_banner_does_not_call_a_file_damaged_when_the_check_could_not_run_or_it_was_in_use() -> None:
    from datetime import datetime, timezone

    from carehome_desk.store.integrity import IntegrityReport, could_not_run
    from carehome_desk.ui.settings.integrity_banner import banner_text

    for report in (could_not_run(OSError(5, "Input/output error")),
                   IntegrityReport(False, datetime.now(timezone.utc), ("database is locked",), busy=True)):
        text = banner_text(report, None)
        assert "damaged" not in text and "restored" not in text
    assert "could not run" in banner_text(could_not_run(OSError(5, "Input/output error")), None)
