from pathlib import Path

import pytest

from carehome_desk.store import Store, StoreError
from carehome_desk.store.backup import backup_sqlite
from tests.conftest import oak_lodge


def test_backup_is_a_complete_openable_copy_even_while_open(store: Store, db_path: Path, tmp_path: Path) -> None:
    store.homes.add(oak_lodge())  # still in the -wal file, not yet in the main file
    out = backup_sqlite(db_path, tmp_path / "backups" / "copy.sqlite3")
    assert not Path(f"{out}-wal").exists()
    with Store.open(out, create=False) as copy:
        assert [h.name for h in copy.homes.list()] == ["Oak Lodge"]


def test_backup_never_overwrites(store: Store, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "exists.sqlite3"
    target.write_text("precious")
    with pytest.raises(StoreError, match="already exists"):
        backup_sqlite(db_path, target)
    assert target.read_text() == "precious"


# -- verified backups, records, damaged sources, leftovers (issue 15) ---------------------------

import os  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

from carehome_desk.private_files import owner_tag, tidy_data_folder  # noqa: E402
from carehome_desk.store.backup import DamagedDatabaseError  # noqa: E402
from carehome_desk.store.backup_record import check_database, read_record, record_path  # noqa: E402
from carehome_desk.store.connect import table_counts  # noqa: E402
from carehome_desk.store.engine import HEAD  # noqa: E402
from tests.store.backup_data import corrupt_middle, demo_copy  # noqa: E402


def test_a_backup_is_integrity_checked_and_records_its_facts(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    at = datetime(2026, 12, 6, 23, 10, tzinfo=timezone.utc)
    out = backup_sqlite(db, tmp_path / "b" / "copy.sqlite3", now=at)
    record = read_record(out)
    assert record is not None and record.verified and record.integrity == "ok"
    assert record.taken_at == at and record.source == str(db.resolve()) and not record.encrypted
    assert record.facts.schema_revision == HEAD
    import sqlite3

    con = sqlite3.connect(db)
    try:
        expected = {k: v for k, v in table_counts(con).items() if k != "alembic_version"}
    finally:
        con.close()
    assert record.facts.counts == expected and expected["incidents"] > 10
    assert oct(record_path(out).stat().st_mode & 0o777) == "0o600"
    assert check_database(out, key=None).ok


def test_a_damaged_database_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    assert not check_database(corrupt_middle(db), key=None).ok
    folder = tmp_path / "b"
    with pytest.raises(DamagedDatabaseError, match="not backed up"):
        backup_sqlite(db, folder / "copy.sqlite3")
    assert list(folder.iterdir()) == []  # no copy, no record, no .partial


def test_what_a_killed_backup_left_goes_at_the_next_backup_and_the_next_start(tmp_path: Path, db_path: Path,
                                                                               store: Store, data_home: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    dead = 2 ** 22 + 12345  # above the usual pid range: no such process
    host = owner_tag().split("-", 1)[1]
    left = [folder / f"a.sqlite3~{dead}-{host}.partial", folder / f"a.sqlite3~{dead}-{host}.partial-journal",
            folder / "old.sqlite3.partial"]
    running = folder / f"c.sqlite3~{owner_tag()}.partial"
    foreign = folder / ".deadlines.ics.x1y2.partial"  # not a backup's: left alone
    for path in (*left, running, foreign):
        path.write_bytes(b"half")
    backup_sqlite(db_path, folder / "copy.sqlite3")
    assert not any(p.exists() for p in left)
    assert running.exists() and foreign.exists()  # a backup still running keeps its file

    (data_home / "backups").mkdir(parents=True)
    at_start = data_home / "backups" / f"carehome-x.sqlite3~{dead}-{host}.partial"
    at_start.write_bytes(b"half")
    tidy_data_folder()
    assert not at_start.exists()


def test_a_protected_database_backs_up_encrypted_and_checked(tmp_path: Path) -> None:
    from carehome_desk.store.protection import protect
    from tests.store.backup_data import CHEAP

    db = demo_copy(tmp_path)
    protect(db, "correct horse battery", kdf=CHEAP)
    with Store.open(db, password="correct horse battery") as store:
        out = store.backup(tmp_path / "b" / "copy.sqlite3")
        key = store._key
    record = read_record(out)
    assert record is not None and record.verified and record.encrypted
    assert not out.read_bytes().startswith(b"SQLite format 3")
    assert Path(f"{out}.keys").is_file()
    assert not check_database(out, key=None).ok and check_database(out, key=key).ok
    with Store.open(out, create=False, password="correct horse battery") as copy:
        assert len(copy.homes.list()) == 1


KILLED_BACKUP = """
import sys, time
from pathlib import Path
from carehome_desk.store import backup
real = backup.copy_database
def copy_then_hang(source, destination, *, key):
    real(source, destination, key=key)
    print("copied", flush=True)
    time.sleep(60)  # killed here: the copy is written, not yet checked or renamed
backup.copy_database = copy_then_hang
backup.backup_sqlite(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_backup_killed_midway_leaves_no_backup_and_its_partial_goes_next_time(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = demo_copy(tmp_path)
    out = tmp_path / "b" / "carehome-20261206-231000.sqlite3"
    root = str(Path(__file__).resolve().parents[2])
    child = subprocess.Popen([sys.executable, "-c", KILLED_BACKUP, str(db), str(out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": root})
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "copied"
    finally:
        child.kill()
        child.wait()
    assert not out.exists() and not record_path(out).exists()  # never called good
    assert [p.name for p in out.parent.glob("*.partial")] == [f"{out.name}~{child.pid}-{owner_tag().split('-', 1)[1]}.partial"]
    backup_sqlite(db, out)
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name, f"{out.name}.json"]
