"""Integrity on open (issue 15 part 2): real files, 4 KB overwritten in the middle, then opened."""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from carehome_desk.models.settings import ProviderSettings
from carehome_desk.paths import data_dir
from carehome_desk.store import SaveError, Store
from carehome_desk.store.backup_search import find_backups, newest_good_backup
from carehome_desk.store.integrity import DamagedDatabaseError, check_file, check_in_background
from carehome_desk.store.protection import KdfParams, protect, unlock
from tests.conftest import Clock
from tests.damaged_files import build_sound, copy_database, damage_first_page, damage_middle, digest, integrity_fails

CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "a long enough password"
NEW_POLICY = ProviderSettings(due_soon_days=21)


def save_policy(store: Store) -> None:
    """One small audited write."""
    store.settings.save(NEW_POLICY)


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo home built for the module; each test works on its own copy."""
    return build_sound(tmp_path_factory.mktemp("sound") / "sound.sqlite3")


@pytest.fixture
def damaged(sound_file: Path, tmp_path: Path) -> Path:
    path = copy_database(sound_file, tmp_path / "damaged.sqlite3")
    damage_middle(path)
    assert integrity_fails(path)
    return path


def test_a_sound_file_passes_and_takes_writes(sound_file: Path, tmp_path: Path, clock: Clock) -> None:
    path = copy_database(sound_file, tmp_path / "sound.sqlite3")
    with Store.open(path, clock=clock) as store:
        assert store.integrity is not None and store.integrity.ok and not store.damaged
        save_policy(store)  # a write goes through
        assert store.settings.get() == NEW_POLICY


def test_a_damaged_file_opens_read_only_and_every_write_is_refused(damaged: Path, clock: Clock) -> None:
    before = digest(damaged)
    with Store.open(damaged, clock=clock) as store:
        assert store.damaged
        report = store.integrity
        assert report is not None and report.problems and report.time_text() == "10:00"
        homes = store.homes.list()  # reading still works where the pages are sound
        assert homes
        with pytest.raises(SaveError) as refused:
            save_policy(store)
        assert str(refused.value) == ("This database failed its integrity check at 10:00: some of it may be "
                                      "damaged, so nothing can be saved until it is restored from a backup.")
    assert digest(damaged) == before


def test_check_later_holds_writes_until_it_has_run(damaged: Path, clock: Clock) -> None:
    with Store.open(damaged, clock=clock, check="later") as store:
        assert store.integrity is None and not store.damaged  # not checked yet
        # The write runs the check itself (nobody else had started it) and is refused by it.
        with pytest.raises(SaveError, match="failed its integrity check"):
            save_policy(store)
        assert store.damaged


def test_a_write_waits_for_a_check_running_on_another_thread(sound_file: Path, tmp_path: Path,
                                                             clock: Clock) -> None:
    path = copy_database(sound_file, tmp_path / "sound.sqlite3")
    with Store.open(path, clock=clock, check="later") as store:
        worker = threading.Thread(target=store.run_integrity_check)
        worker.start()
        save_policy(store)  # waits for the worker's check, which passes
        worker.join()
        assert store.integrity is not None and store.integrity.ok
        assert store.settings.get() == NEW_POLICY


def test_the_check_would_run_after_the_window_shows_only_for_big_or_encrypted_files(sound_file: Path) -> None:
    assert not check_in_background(sound_file)  # 1 MB: a millisecond or two
    assert not check_in_background(None)


def test_a_damaged_encrypted_page_is_caught(sound_file: Path, tmp_path: Path, clock: Clock) -> None:
    path = copy_database(sound_file, tmp_path / "protected.sqlite3")
    protect(path, PASSWORD, kdf=CHEAP)
    key = unlock(path, password=PASSWORD)
    damage_middle(path, key)
    with Store.open(path, clock=clock, password=PASSWORD) as store:
        assert store.damaged
        with pytest.raises(SaveError, match="nothing can be saved"):
            save_policy(store)


def test_an_encrypted_file_whose_first_page_is_damaged_names_the_file_and_the_newest_good_backup(
        sound_file: Path, tmp_path: Path, clock: Clock) -> None:
    path = copy_database(sound_file, tmp_path / "protected.sqlite3")
    protect(path, PASSWORD, kdf=CHEAP)
    backups = data_dir() / "backups"
    with Store.open(path, clock=clock, password=PASSWORD) as store:
        older = store.backup(backups / "protected-20261120-180000.sqlite3")
        store.backup(backups / "protected-20261121-180000.sqlite3")
    damage_middle(backups / "protected-20261121-180000.sqlite3", unlock(path, password=PASSWORD))
    damage_first_page(path)
    with pytest.raises(DamagedDatabaseError) as refused:
        Store.open(path, clock=clock, password=PASSWORD)
    message = str(refused.value)
    assert str(path) in message and "first page is damaged" in message
    assert f"the newest good backup is {older}, taken 20/11/2026 18:00" in message  # the newer one is damaged too


def test_a_clear_file_whose_first_page_is_damaged_is_refused_plainly(sound_file: Path, tmp_path: Path) -> None:
    path = copy_database(sound_file, tmp_path / "home.sqlite3")
    damage_first_page(path)
    before = digest(path)
    with pytest.raises(DamagedDatabaseError, match="cannot be read: its first page is damaged"):
        Store.open(path)
    assert digest(path) == before


def test_backups_are_found_newest_first_and_a_damaged_one_is_passed_over(sound_file: Path, tmp_path: Path) -> None:
    database = tmp_path / "records" / "carehome.sqlite3"
    database.parent.mkdir()
    copy_database(sound_file, database)
    backups = data_dir() / "backups"
    backups.mkdir(parents=True)
    oldest = copy_database(sound_file, backups / "carehome-20261101-090000.sqlite3")
    middle = copy_database(sound_file, database.parent / "carehome-20261110-090000.sqlite3")
    newest = copy_database(sound_file, backups / "carehome-20261120-090000.sqlite3")
    (backups / "carehome-20261121-090000.sqlite3.partial").write_bytes(b"half a copy")
    assert [b.path for b in find_backups(database)] == [newest, middle, oldest]
    damage_middle(newest)
    good = newest_good_backup(database)
    assert good is not None and good.path == middle and good.when_text() == "10/11/2026 09:00"
    assert check_file(middle).ok and not check_file(newest).ok


def test_another_databases_backups_are_never_offered(sound_file: Path, tmp_path: Path) -> None:
    database = tmp_path / "records" / "home.sqlite3"
    database.parent.mkdir()
    copy_database(sound_file, database)
    copy_database(sound_file, database.parent / "carehome-20261110-090000.sqlite3")  # carehome.sqlite3's
    own = copy_database(sound_file, database.parent / "home-20261101-090000.sqlite3")
    assert [b.path for b in find_backups(database)] == [own]


def test_a_backups_time_is_read_as_uk_time_whatever_the_pcs_time_zone(sound_file: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    database = tmp_path / "carehome.sqlite3"
    copy_database(sound_file, database)
    copy_database(sound_file, tmp_path / "carehome-20260715-090000.sqlite3")  # 09:00 BST, named in UK time
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        (found,) = find_backups(database, (tmp_path,))
        assert found.when_text() == "15/07/2026 09:00"
        assert found.taken_at == datetime(2026, 7, 15, 8, 0, tzinfo=timezone.utc)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_no_backup_at_all(tmp_path: Path) -> None:
    assert newest_good_backup(tmp_path / "home.sqlite3") is None


@pytest.mark.parametrize("check", ["now", "later"])
def test_an_older_damaged_file_is_not_upgraded(tmp_path: Path, check: str) -> None:
    import shutil

    path = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parent.parent / "data" / "schema_0005.sqlite3", path)
    damage_middle(path)
    before = digest(path)
    called: list[Path] = []
    with pytest.raises(DamagedDatabaseError, match="failed its integrity check, so it was not brought up to date"):
        Store.open(path, check=check, before_upgrade=called.append)
    assert digest(path) == before and called == []  # the caller's own hook (the writer lock) never ran
    assert not [p for p in tmp_path.iterdir() if ".before-" in p.name]  # and no copy was taken to upgrade
