"""The defects the crash test found, each fixed and pinned here: what a killed export or backup left
behind goes at the next run, the export's writer process goes with the app, and two backups in
one second both succeed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.export.atomic import replace_atomically
from carehome_desk.export.writer_process import _Child
from carehome_desk.private_files import _host_key, owner_tag, tidy_data_folder
from carehome_desk.store import Store
from carehome_desk.store.backup import backup_sqlite, unused_name
from tests.conftest import oak_lodge
from tests.crash.harness import group_members

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process ids and /proc")


def dead_pid() -> int:
    """The id of a process that has ended."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_a_killed_exports_part_file_goes_at_the_next_save_to_that_file(tmp_path: Path) -> None:
    host = _host_key()
    killed = tmp_path / f".pack.xlsx~{dead_pid()}-{host}-k1ll3d.xlsx.part"
    running = tmp_path / f".pack.xlsx~{os.getpid()}-{host}-runn1n.xlsx.part"  # an export still going
    elsewhere = tmp_path / f".pack.xlsx~{dead_pid()}-0th3rh0s-abc.xlsx.part"  # another PC's, on a share
    other = tmp_path / f".other.xlsx~{dead_pid()}-{host}-abc.xlsx.part"  # another file's: not ours to judge
    for path in (killed, running, elsewhere, other):
        path.write_bytes(b"half a workbook")
    seen: list[str] = []

    def write(part: Path) -> None:
        seen.append(part.name)
        part.write_bytes(b"whole")

    replace_atomically(tmp_path / "pack.xlsx", write)
    assert (tmp_path / "pack.xlsx").read_bytes() == b"whole"
    assert seen[0].startswith(f".pack.xlsx~{owner_tag()}-") and seen[0].endswith(".xlsx.part")
    assert not killed.exists()
    assert running.exists() and elsewhere.exists() and other.exists()


def test_a_killed_backups_partial_goes_at_the_next_start(data_home: Path) -> None:
    backups = data_home / "backups"
    backups.mkdir(parents=True)
    killed = backups / f"carehome-20261206-2300.sqlite3~{dead_pid()}-{_host_key()}.partial"
    journal = killed.with_name(killed.name + "-journal")
    running = backups / f"carehome-20261206-2301.sqlite3~{owner_tag()}.partial"
    for path in (killed, journal, running):
        path.write_bytes(b"half a copy")
    tidy_data_folder()
    assert not killed.exists() and not journal.exists()
    assert running.exists()


def test_a_backup_into_a_folder_removes_a_killed_backups_partial(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    with Store.open(db, user="t") as store:
        store.homes.add(oak_lodge())
    usb = tmp_path / "usb"
    usb.mkdir()
    killed = usb / f"old.sqlite3~{dead_pid()}-{_host_key()}.partial"
    killed.write_bytes(b"half a copy")
    backup_sqlite(db, usb / "new.sqlite3")
    assert sorted(p.name for p in usb.iterdir()) == ["new.sqlite3", "new.sqlite3.json"]  # the copy and its record


def test_two_backups_in_one_second_are_both_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "home.sqlite3"
    with Store.open(db, user="t") as store:
        store.homes.add(oak_lodge())
    monkeypatch.setattr("carehome_desk.store.auto_backup.backup_file_name", lambda path, at: "home-20261206-230000.sqlite3")
    assert cli.main(["backup", "--db", str(db)]) == 0
    assert cli.main(["backup", "--db", str(db)]) == 0  # was: "already exists", exit 1
    names = sorted(p.name for p in (tmp_path / "backups").glob("*.sqlite3"))
    assert names == ["home-20261206-230000-2.sqlite3", "home-20261206-230000.sqlite3"]
    assert unused_name(tmp_path / "absent.sqlite3") == tmp_path / "absent.sqlite3"


# A stand-in app: starts a busy process that watches it as the writer process does, says its id, waits.
APP = (
    "import subprocess, sys, os, time\n"
    "busy = ('import sys, time\\n'\n"
    "        'from carehome_desk.export.writer_child import end_with_parent\\n'\n"
    "        'end_with_parent(int(sys.argv[1]))\\n'\n"
    "        'while True: sum(range(10000))\\n')\n"
    "child = subprocess.Popen([sys.executable, '-c', busy, str(os.getpid())], stdin=subprocess.DEVNULL)\n"
    "print(child.pid, flush=True)\n"
    "time.sleep(60)\n"
)


def test_the_writer_process_ends_when_the_app_is_killed() -> None:
    app = subprocess.Popen([sys.executable, "-c", APP], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert app.stdout is not None
        child = int(app.stdout.readline())
        time.sleep(0.3)
        assert [pid for pid, _ in group_members(app.pid)] == sorted([app.pid, child])  # both running
        os.kill(app.pid, signal.SIGKILL)
        app.wait()
        deadline = time.monotonic() + 3
        while group_members(app.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert group_members(app.pid) == []  # the busy child noticed and ended itself
    finally:
        for pid, _ in group_members(app.pid):
            os.kill(pid, signal.SIGKILL)


def test_the_writer_process_is_told_which_process_is_its_app(data_home: Path) -> None:
    child = _Child()
    try:
        assert child.process.args[-1] == str(os.getpid())  # type: ignore[index]
    finally:
        child.end(kill=True)


def test_the_next_command_removes_what_a_killed_restore_left_beside_a_database_kept_elsewhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Found by make crashtest (seed 20261206): a restore killed after making its incoming copy left
    # home.sqlite3.restoring~PID-HOST.partial beside the database, and 'homes' did not clear it.
    db = tmp_path / "office" / "home.sqlite3"
    with Store.open(db, user="t") as store:
        store.homes.add(oak_lodge())
    killed = db.with_name(f"home.sqlite3.restoring~{dead_pid()}-{_host_key()}.partial")
    in_backups = db.parent / "backups" / f"home-20261206-230000.sqlite3~{dead_pid()}-{_host_key()}.partial"
    running = db.with_name(f"home.sqlite3.restoring~{owner_tag()}.partial")  # a restore still going
    in_backups.parent.mkdir()
    for path in (killed, in_backups, running):
        path.write_bytes(b"half a copy")
    assert cli.main(["homes", "--db", str(db)]) == 0
    assert not killed.exists() and not in_backups.exists() and running.exists()
    assert "Oak Lodge" in capsys.readouterr().out
