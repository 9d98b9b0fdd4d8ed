"""Files the manager names for a command to write (--out, --save-map): never the database or the files
beside it, never a workbook under another extension, never a filled-in template replaced unasked, and a
failed write said in plain words about the file asked for."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carehome_desk import cli
from carehome_desk.export.calendar import write_calendar
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.out_files import OutFileRefused
from carehome_desk.store import Store, StoreError
from carehome_desk.store.backup import backup_sqlite
from tests.conftest import Clock, oak_lodge


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "home.sqlite3"
    with Store.open(path, user="tester", clock=Clock()) as store:
        store.homes.add(oak_lodge())
    return path


def files(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (the data folder aside) with its bytes; not the empty lock file a command
    that writes into the database takes beside it (a real import)."""
    found = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    return {name: data for name, data in found.items() if not (name.endswith(".lock") and data == b"")}


LOG = "Date,Type,Children,What happened\n01/06/2026,Complaint,C01,Pocket money\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("argv", "name", "said"), [
    (["export", "--out"], "home.sqlite3", "is the database itself"),
    (["export", "--out"], "home.sqlite3.keys", "is the database's key file"),
    (["calendar", "--out"], "home.sqlite3", "is the database itself"),
    (["calendar", "--out"], "home.sqlite3-wal", "belongs to the database"),
    (["backup", "--out"], "home.sqlite3-shm", "belongs to the database"),
    (["backup", "--out"], "home.sqlite3.lock", "is the database's lock file"),
    (["backup", "--out"], "home.sqlite3.keys", "is the database's key file"),
    (["import", "incident-log", "log.csv", "--dry-run", "--save-map"], "home.sqlite3", "is the database itself"),
    (["import", "incident-log", "log.csv", "--save-map"], "home.sqlite3-journal", "belongs to the database"),
])
def test_a_command_refuses_to_write_over_the_database_or_its_files(
        capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, argv: list[str], name: str, said: str) -> None:
    (tmp_path / "log.csv").write_text(LOG)
    argv = [str(tmp_path / a) if a == "log.csv" else a for a in argv]
    before = files(tmp_path)
    code, out, err = run(capsys, *argv, str(tmp_path / name), "--db", str(db))
    assert code == 1
    assert f"{tmp_path / name} {said}" in err and "Nothing was written." in err and "Traceback" not in err
    assert files(tmp_path) == before  # the database untouched and no file made beside it
    code, out, err = run(capsys, "homes", "--db", str(db))
    assert code == 0 and "Oak Lodge" in out  # still the manager's records


def test_another_spelling_of_the_database_is_still_the_database(capsys: pytest.CaptureFixture[str], db: Path,
                                                                tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    os.symlink(db, tmp_path / "link.xlsx")
    before = files(tmp_path)
    for out in (tmp_path / "sub" / ".." / "home.sqlite3", tmp_path / "link.xlsx"):
        code, _, err = run(capsys, "export", "--db", str(db), "--out", str(out))
        assert code == 1 and "is the database itself" in err
    assert files(tmp_path) == before


def test_another_database_or_backup_is_not_written_over(capsys: pytest.CaptureFixture[str], db: Path,
                                                        tmp_path: Path) -> None:
    backup = tmp_path / "copy.xlsx"  # a backup given a misleading name
    backup.write_bytes(db.read_bytes())
    code, _, err = run(capsys, "template", "workforce", "--out", str(backup), "--replace")
    assert code == 1 and f"{backup} is a database (records, or a backup of them)" in err
    assert backup.read_bytes() == db.read_bytes()


@pytest.mark.parametrize(("argv", "name", "ending"), [
    (["export", "--out"], "pack.csv", ".xlsx"), (["export", "--out"], "pack", ".xlsx"),
    (["calendar", "--out"], "deadlines.txt", ".ics"),
    (["import", "incident-log", "log.csv", "--save-map"], "log.csv", ".json"),  # the spreadsheet being read
])
def test_a_wrong_extension_is_a_mistyped_command_and_writes_nothing(
        capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, argv: list[str], name: str, ending: str) -> None:
    (tmp_path / "log.csv").write_text(LOG)
    before = files(tmp_path)
    argv = [str(tmp_path / a) if a == "log.csv" else a for a in argv]
    code, _, err = run(capsys, *argv, str(tmp_path / name), "--db", str(db))
    assert code == 2
    assert f"give a file name ending {ending} (not {name})" in err and "Nothing was written." in err
    assert files(tmp_path) == before


def test_template_refuses_an_existing_workbook_unless_told_to_replace_it(capsys: pytest.CaptureFixture[str],
                                                                         tmp_path: Path) -> None:
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(b"the manager's rows")
    code, out, err = run(capsys, "template", "workforce", "--out", str(filled))
    assert code == 1 and out == ""
    assert f"{filled} already exists; choose another name so nothing is overwritten (or give --replace" in err
    assert filled.read_bytes() == b"the manager's rows"
    code, out, err = run(capsys, "template", "workforce", "--out", str(filled), "--replace")
    assert code == 0, err
    assert "the workbook that was there is replaced" in out
    assert "Staff" in load_workbook(filled, read_only=True).sheetnames


def test_the_window_s_pack_and_backup_refuse_the_database_too(db: Path, tmp_path: Path) -> None:
    """The core checks as well: the window's save dialogs can reach a database given an .xlsx name."""
    renamed = tmp_path / "records.xlsx"
    db.rename(renamed)
    with Store.open(renamed, user="tester", clock=Clock()) as store:
        with pytest.raises(OutFileRefused, match="is the database itself"):
            export_pack(store, PackOptions(out=renamed))
        with pytest.raises(OutFileRefused, match="belongs to the database"):
            write_calendar(store, tmp_path / "records.xlsx-wal", store.today())
        assert b"VCALENDAR" not in (tmp_path / "records.xlsx-wal").read_bytes()  # SQLite's own, open
    with pytest.raises(StoreError, match="is the database's lock file"):
        backup_sqlite(renamed, tmp_path / "records.xlsx.lock")
    assert not (tmp_path / "records.xlsx.lock").exists()


# -- a write that fails --------------------------------------------------------------------------

def assert_plain(err: str, asked: Path) -> None:
    assert str(asked) in err
    assert "~" not in err and ".part" not in err and "Errno" not in err and "Traceback" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc: a folder no one can create files in")
@pytest.mark.parametrize(("argv", "name"), [
    (["template", "workforce", "--out"], "t.xlsx"), (["backup", "--out"], "b.sqlite3"),
    (["export", "--out"], "pack.xlsx"), (["calendar", "--out"], "c.ics"),
    (["import", "incident-log", "log.csv", "--dry-run", "--save-map"], "map.json"),
])
def test_a_folder_that_cannot_be_written_in_is_named_and_nothing_was_changed(
        capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, argv: list[str], name: str) -> None:
    (tmp_path / "log.csv").write_text(LOG)
    argv = [str(tmp_path / a) if a == "log.csv" else a for a in argv]
    asked = Path("/proc") / name
    code, _, err = run(capsys, "--db", str(db), *argv, str(asked))
    assert code == 1
    assert_plain(err, asked)
    assert "carehome-desk cannot write in the folder /proc" in err and "No such file" not in err
    assert "unchanged" in err or "Nothing was" in err


@pytest.mark.parametrize("command", ["export", "calendar", "backup"])
def test_a_file_where_the_folder_should_be_is_said_so(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path,
                                                      command: str) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    asked = tmp_path / "notes.txt" / {"export": "pack.xlsx", "calendar": "c.ics", "backup": "b.sqlite3"}[command]
    code, _, err = run(capsys, command, "--db", str(db), "--out", str(asked))
    assert code == 1
    assert_plain(err, asked)
    assert f"{tmp_path / 'notes.txt'} is a file, not a folder" in err
    assert (tmp_path / "notes.txt").read_text() == "a file, not a folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="folder permissions do not bind root")
def test_a_folder_without_write_permission_is_said_so(capsys: pytest.CaptureFixture[str], db: Path,
                                                      tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(capsys, "template", "quality", "--out", str(locked / "q.xlsx"))
    finally:
        locked.chmod(0o700)
    assert code == 1
    assert_plain(err, locked / "q.xlsx")
    assert f"carehome-desk is not allowed to write in the folder {locked}" in err


# -- a folder that is not there ------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "name"), [
    (["template", "workforce", "--out"], "t.xlsx"), (["backup", "--out"], "b.sqlite3"),
    (["export", "--out"], "pack.xlsx"), (["calendar", "--out"], "c.ics"),
    (["import", "incident-log", "log.csv", "--dry-run", "--save-map"], "map.json"),
])
def test_a_folder_the_manager_names_must_exist_and_is_never_made(
        capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, argv: list[str], name: str) -> None:
    (tmp_path / "log.csv").write_text(LOG)
    argv = [str(tmp_path / a) if a == "log.csv" else a for a in argv]
    asked = tmp_path / "Reports" / "2026" / name  # a mistyped or not yet made folder
    before = files(tmp_path)
    code, out, err = run(capsys, "--db", str(db), *argv, str(asked))
    assert code == 1 and out == ""
    assert err == (f"carehome-desk: {asked} cannot be written: the folder {asked.parent} does not exist: create it "
                   "first, or choose a folder that exists. Nothing was written.\n")
    assert not (tmp_path / "Reports").exists() and files(tmp_path) == before
    assert not (tmp_path / "backups").exists()  # nor a backup put somewhere else instead
    (tmp_path / "Reports" / "2026").mkdir(parents=True)
    code, _, err = run(capsys, "--db", str(db), *argv, str(asked))
    assert asked.is_file() and "cannot be written" not in err  # written once the folder is there
    assert code == (1 if argv[0] == "import" else 0), err  # the log's map still needs a Time column: said, exit 1


def test_a_backup_with_no_out_still_makes_its_own_backups_folder(capsys: pytest.CaptureFixture[str], db: Path,
                                                                 tmp_path: Path) -> None:
    code, out, err = run(capsys, "backup", "--db", str(db))
    assert code == 0, err
    (made,) = (tmp_path / "backups").glob("home-*.sqlite3")  # the app's own default folder, beside the database
    assert f"to {made};" in out


def test_the_windows_pack_calendar_and_backup_still_make_a_missing_folder(db: Path, tmp_path: Path) -> None:
    """The core writers are unchanged: the window's save dialogs offer folders such as backups/ before it exists."""
    with Store.open(db, user="tester", clock=Clock()) as store:
        export_pack(store, PackOptions(out=tmp_path / "new" / "pack.xlsx", writer="inline"))
        write_calendar(store, tmp_path / "new2" / "c.ics", store.today())
    backup_sqlite(db, tmp_path / "new3" / "b.sqlite3")
    assert [(tmp_path / n).is_file() for n in ("new/pack.xlsx", "new2/c.ics", "new3/b.sqlite3")] == [True] * 3
