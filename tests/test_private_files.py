"""Private files: the data folder is 0700 and every file the app writes 0600; an export's temporary
files live in the data folder and a killed run's are removed at the next start.

The tests run as root, so they check modes, not who can read what. Each writer is run under
umask 022 (an ordinary desktop's), so the modes come from the app, not from the test's umask.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from carehome_desk import cli, paths
from carehome_desk.app_log import setup_file_logging
from carehome_desk.export.calendar import write_calendar
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.export.pack_writer import PackWriter
from carehome_desk.export.writer_process import ProcessWriter
from carehome_desk.importing.workforce import write_workforce_template
from carehome_desk.private_files import private_dir, private_temp_dir, remove_leftovers
from carehome_desk.store import Store
from carehome_desk.store.backup import backup_sqlite
from tests.conftest import Clock, oak_lodge

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes (on Windows the helpers do nothing)")

FIXTURE_0001 = Path(__file__).parent / "data" / "schema_0001.sqlite3"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def desktop_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def home_db(data_home: Path) -> Path:
    """The default database in the data folder, with a home in it."""
    with Store.open(paths.default_db_path(), clock=Clock()) as store:
        store.homes.add(oak_lodge())
    return paths.default_db_path()


def test_the_data_folder_database_wal_and_shm_are_private(data_home: Path) -> None:
    assert not data_home.exists()
    with Store.open(paths.default_db_path(), clock=Clock()) as store:
        store.homes.add(oak_lodge())
        db = paths.default_db_path()
        wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
        assert wal.exists() and shm.exists()  # open, with a write in the WAL
        assert (mode(data_home), mode(db), mode(wal), mode(shm)) == (0o700, 0o600, 0o600, 0o600)


def test_a_looser_data_folder_and_database_are_tightened(data_home: Path, home_db: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (data_home / "logs").mkdir()
    (data_home / "backups").mkdir()
    for folder in (data_home, data_home / "logs", data_home / "backups"):
        folder.chmod(0o755)
    home_db.chmod(0o644)  # as an earlier version left them
    assert cli.main(["where"]) == 0  # any command's start tightens the folders
    capsys.readouterr()
    assert [mode(f) for f in (data_home, data_home / "logs", data_home / "backups")] == [0o700] * 3
    Store.open(home_db, create=False).close()  # opening tightens the database
    assert mode(home_db) == 0o600


def test_a_folder_the_user_chose_keeps_its_mode_but_new_folders_are_private(tmp_path: Path) -> None:
    chosen = tmp_path / "shared"
    chosen.mkdir(mode=0o755)
    chosen.chmod(0o755)
    private_dir(chosen, tighten_existing=False)
    assert mode(chosen) == 0o755
    made = private_dir(chosen / "new" / "deeper", tighten_existing=False)
    assert mode(made) == mode(made.parent) == 0o700


def test_a_backup_and_the_pre_migration_copy_are_private(data_home: Path, home_db: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["backup"]) == 0
    capsys.readouterr()
    (copy,) = (data_home / "backups").glob("*.sqlite3")
    (record,) = (data_home / "backups").glob("*.json")
    assert (mode(data_home / "backups"), mode(copy), mode(record)) == (0o700, 0o600, 0o600)
    chosen = backup_sqlite(home_db, data_home / "elsewhere" / "copy.sqlite3")
    assert mode(chosen) == 0o600

    old = data_home / "old.sqlite3"
    shutil.copy(FIXTURE_0001, old)
    old.chmod(0o644)
    with Store.open(old, create=False) as store:
        before = store.open_report.backup
    assert before is not None and ".before-" in before.name
    assert (mode(before), mode(old)) == (0o600, 0o600)


def test_the_log_and_its_rotated_files_are_private(data_home: Path) -> None:
    root = logging.getLogger()
    level = root.level
    path = setup_file_logging()
    try:
        assert path is not None
        handler = next(h for h in root.handlers if getattr(h, "baseFilename", None) == str(path))
        logging.getLogger("carehome_desk.test").warning("a line")
        handler.flush()
        assert (mode(data_home / "logs"), mode(path)) == (0o700, 0o600)
        handler.doRollover()  # type: ignore[attr-defined]
        logging.getLogger("carehome_desk.test").warning("another line")
        assert mode(path) == mode(Path(f"{path}.1")) == 0o600
    finally:
        for h in [h for h in root.handlers if getattr(h, "baseFilename", None) == str(path)]:
            root.removeHandler(h)
            h.close()
        root.setLevel(level)


@pytest.mark.parametrize("writer", ["process", "inline"])
def test_an_exported_pack_is_private_even_over_a_readable_file(home_db: Path, tmp_path: Path, writer: str) -> None:
    out = tmp_path / "packs" / "pack.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"last month's pack")
    out.chmod(0o644)
    with Store.open(home_db, create=False, clock=Clock()) as store:
        export_pack(store, PackOptions(out, writer=writer))
    assert mode(out) == 0o600
    assert mode(out.parent) == 0o755  # the user's own folder is theirs to set


def test_a_calendar_and_a_template_are_private(home_db: Path, tmp_path: Path) -> None:
    with Store.open(home_db, create=False, clock=Clock()) as store:
        calendar = write_calendar(store, tmp_path / "new folder" / "deadlines.ics", store.today()).path
    assert (mode(calendar), mode(calendar.parent)) == (0o600, 0o700)
    template = tmp_path / "workforce.xlsx"
    write_workforce_template(template)
    assert mode(template) == 0o600


def test_commands_write_private_files_and_restore_the_umask(data_home: Path, home_db: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["template", "incidents", "--out", str(tmp_path / "incidents.xlsx")],
                 ["calendar", "--out", str(tmp_path / "cal.ics")],
                 ["export", "--out", str(tmp_path / "pack.xlsx")]):
        assert cli.main(argv) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert [mode(tmp_path / n) for n in ("incidents.xlsx", "cal.ics", "pack.xlsx")] == [0o600] * 3
    assert os.umask(0o022) == 0o022  # main() put the caller's umask back


def test_an_exports_temporary_files_are_in_the_data_folder_not_the_system_temp(
        home_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    monkeypatch.setenv("TMPDIR", str(system_temp))

    writer = ProcessWriter("footer", ["Sheet"])
    try:
        folder = writer._child.folder
        assert folder.parent == paths.temp_dir() == paths.data_dir() / "tmp"
        assert mode(folder) == mode(folder.parent) == 0o700
        deadline = time.monotonic() + 30
        while not list(folder.glob("sheets-*")) and time.monotonic() < deadline:
            time.sleep(0.05)  # the writer process makes its sheets folder once it has started
        assert list(folder.glob("sheets-*")), "the writer's sheets go inside its private folder"
    finally:
        writer.discard()
    inline = PackWriter("footer", ["Sheet"])
    try:
        assert inline._folder.parent == paths.temp_dir() and mode(inline._folder) == 0o700
    finally:
        inline.discard()

    with Store.open(home_db, create=False, clock=Clock()) as store:
        for how in ("process", "inline"):
            export_pack(store, PackOptions(tmp_path / f"{how}.xlsx", writer=how))
    assert list(system_temp.iterdir()) == []
    assert list(paths.temp_dir().iterdir()) == []  # and each export removed its own


KILLED_EXPORT = """
import sys, time
from pathlib import Path
from carehome_desk import paths
paths.init(Path(sys.argv[1]))
from carehome_desk.export.pack_writer import PackWriter
from carehome_desk.export.writer_process import ProcessWriter
writer = ProcessWriter("footer", ["Sheet"])
inline = PackWriter("footer", ["Sheet"])
(writer._child.folder / "half-written-sheet.xml").write_text("Marigold Thistlewood")
print(writer._child.folder, inline._folder, flush=True)
time.sleep(120)
"""


def _start_export(data_home: Path) -> tuple[subprocess.Popen[str], list[Path]]:
    process = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(data_home)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    folders = [Path(p) for p in process.stdout.readline().split()]
    assert len(folders) == 2 and all(f.is_dir() and f.parent == paths.temp_dir() for f in folders)
    return process, folders


def test_a_killed_exports_temporary_folders_are_removed_at_the_next_start_and_a_running_ones_kept(
        data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    killed, leftovers = _start_export(data_home)
    running, in_use = _start_export(data_home)
    try:
        killed.kill()  # as when the PC is switched off or the task is ended mid-export
        killed.wait(10)
        assert all(f.exists() for f in leftovers)
        assert cli.main(["where"]) == 0  # the next start of a command (or of the window, through main)
        capsys.readouterr()
        assert not any(f.exists() for f in leftovers)
        assert all(f.exists() for f in in_use)  # an export still running in another process keeps its files
    finally:
        running.kill()
        running.wait(10)
    remove_leftovers()
    assert list(paths.temp_dir().iterdir()) == []


def test_strays_and_old_style_system_temp_folders_go_once_untouched_for_an_hour(
        data_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    old_style = system_temp / "carehome-desk-pack-abc123"  # where earlier versions wrote
    old_style.mkdir()
    stray = private_dir(paths.temp_dir()) / "something-else"
    stray.write_text("x")
    mine = private_temp_dir("pack")  # this process is running: kept whatever its age
    hour_ago = time.time() - 2 * 3600
    for p in (old_style, stray, mine):
        os.utime(p, (hour_ago, hour_ago))
    fresh = system_temp / "carehome-desk-sheets-new"
    fresh.mkdir()
    assert sorted(p.name for p in remove_leftovers()) == sorted([old_style.name, stray.name])
    assert mine.exists() and fresh.exists()
