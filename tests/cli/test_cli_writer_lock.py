"""The command line and the window's single-writer lock: writing commands refuse while another process
holds it, reading commands run alongside it, and a killed holder leaves no stale lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.importing.workforce import write_workforce_template
from carehome_desk.store import Store
from tests.conftest import oak_lodge
from tests.importing.conftest import fill
from tests.secret_files import write_secret
from tests.writer_lock_holder import kill, lock_held_elsewhere

STAFF = [["E1", "Aisha Brennan", "Residential childcare worker", None, None, "03/03/2025"],
         ["E2", "Sam Kerr", "Deputy", None, None, "08/01/2021"]]


def refusal(db: Path) -> str:
    return (f"carehome-desk: The database {db} is open in carehome-desk on this PC (another window or command). "
            "Close it and try again; nothing was changed.\n")


@pytest.fixture
def db(db_path: Path) -> Path:
    with Store.open(db_path, user="set-up") as store:
        store.homes.add(oak_lodge())
    return db_path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "workforce.xlsx"
    write_workforce_template(path)
    return fill(path, {"Staff": STAFF})


def row_counts(db: Path) -> dict[str, int]:
    """Rows in every table, read without writing (the stock module reads a clear database)."""
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_is_refused_while_another_process_holds_the_lock_and_works_once_it_is_killed(
        capsys: pytest.CaptureFixture[str], db: Path, book: Path) -> None:
    before, raw = row_counts(db), db.read_bytes()
    with lock_held_elsewhere(db) as holder:
        code, out, err = run(capsys, "import", "workforce", str(book), "--db", str(db))
        assert (code, out, err) == (1, "", refusal(db))
        assert row_counts(db) == before and db.read_bytes() == raw  # not even opened
        kill(holder)  # SIGKILL: the holder never lets go itself; the OS lock goes with it
        code, out, err = run(capsys, "import", "workforce", str(book), "--db", str(db))
    assert code == 0, err
    after = row_counts(db)
    assert after["staff"] == before["staff"] + 2
    assert db.with_name(db.name + ".lock").exists()  # the lock file stays: it is the lock, not its sign


@pytest.mark.parametrize("argv", [
    ["home", "add", "--name", "Elm House", "--urn", "SC654321"],
    ["demo"],
    ["protect", "--new-password-file", "{pw}"],
    ["password", "--new-password-file", "{pw}"],
], ids=["home add", "demo", "protect", "password"])
def test_every_writing_command_is_refused_while_the_lock_is_held(capsys: pytest.CaptureFixture[str], db: Path,
                                                                tmp_path: Path, argv: list[str]) -> None:
    pw = tmp_path / "pw.txt"
    write_secret(pw, "a long enough password\n")
    before, raw = row_counts(db), db.read_bytes()
    with lock_held_elsewhere(db):
        code, out, err = run(capsys, *[a.format(pw=pw) for a in argv], "--db", str(db))
    assert (code, err) == (1, refusal(db))
    assert row_counts(db) == before and db.read_bytes() == raw
    assert not db.with_name(db.name + ".keys").exists()  # protect did not start


@pytest.mark.parametrize("argv", [
    ["due", "--today", "22/11/2026"],
    ["steps"],
    ["homes"],
    ["home", "list"],
    ["history"],
    ["export", "--out", "{tmp}/pack.xlsx"],
    ["calendar", "--out", "{tmp}/deadlines.ics"],
    ["backup", "--out", "{tmp}/copy.sqlite3"],
    ["import", "workforce", "{book}", "--dry-run"],
    ["where"],
], ids=lambda argv: " ".join(argv[:2]))
def test_reading_commands_work_alongside_the_lock(capsys: pytest.CaptureFixture[str], db: Path, book: Path,
                                                  tmp_path: Path, argv: list[str]) -> None:
    before = row_counts(db)
    with lock_held_elsewhere(db):
        code, out, err = run(capsys, *[a.format(tmp=tmp_path, book=book) for a in argv], "--db", str(db))
    assert code == 0, err
    assert "open in carehome-desk" not in err
    assert row_counts(db) == before
    if argv[0] == "export":
        assert (tmp_path / "pack.xlsx").stat().st_size > 0


def test_a_new_database_needs_no_lock(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    code, out, err = run(capsys, "home", "add", "--db", str(db), "--name", "Oak Lodge", "--urn", "SC123456")
    assert code == 0, err
    assert not db.with_name(db.name + ".lock").exists()  # built under another name and moved into place


def test_a_reading_command_does_not_upgrade_a_file_an_older_window_holds_and_does_once_it_is_closed(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import shutil

    from carehome_desk.store.engine import HEAD

    db = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "data" / "schema_0005.sqlite3", db)
    raw = db.read_bytes()

    def stored_revision() -> str:
        con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        try:
            return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        finally:
            con.close()

    with lock_held_elsewhere(db):  # an older version's window has the file open
        code, _, err = run(capsys, "due", "--db", str(db))
        assert code == 1 and err == refusal(db)
        assert db.read_bytes() == raw and stored_revision() == "0005"
        assert not list(tmp_path.glob("old.schema-*"))  # not even the copy taken before upgrading
    code, _, err = run(capsys, "due", "--db", str(db))
    assert code in (0, 1) and "open in carehome-desk" not in err, err
    assert stored_revision() == HEAD
