"""`carehome-desk home add` / `home list`: a home set up without the window, checked as the window checks it."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.models.dates import format_uk
from carehome_desk.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys: pytest.CaptureFixture[str], db: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "home", "add", "--db", str(db), *extra)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "userdata")


def test_add_creates_the_database_and_lists_the_home(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "office" / "carehome.sqlite3"
    code, out, err = add(capsys, db, "--name", "Oak Lodge", "--urn", "sc 123456", "--registration-date", "01/01/2025",
                         "--local-authority", "Leeds City Council", "--records-start", "01/04/2025",
                         "--manager", "Priya Fairbairn", "--responsible-individual", "Helen Lowther",
                         "--address", "1 Church Lane", "--secure")
    assert code == 0, err
    assert out.splitlines() == [f"Added Oak Lodge (SC123456) to a new database at {db}.",
                                "Priya Fairbairn is on the staff register as registered manager."]
    assert leftovers(db.parent) == ["carehome.sqlite3"]  # no temporary file, -wal or -shm left behind
    with Store.open(db, create=False) as store:
        (home,) = store.homes.list()
        assert (home.registration_date, home.records_start, home.local_authority, home.secure) == (
            date(2025, 1, 1), date(2025, 4, 1), "Leeds City Council", True)
        assert (home.registered_manager, home.responsible_individual, home.address) == (
            "Priya Fairbairn", "Helen Lowther", "1 Church Lane")
        assert [e.action.value for e in store.audit.entries(table="homes")] == ["insert"]
        assert store.workforce.snapshot(home.id).active_courses()  # the default course catalogue, as the window's
        assert store.open_report.found_revision is not None  # created at the newest schema, not migrated now

    code, out, _ = add(capsys, db, "--name", "Willow House", "--urn", "SC765432")
    assert code == 0 and out.strip() == f"Added Willow House (SC765432) to {db}."
    code, out, _ = run(capsys, "home", "list", "--db", str(db))
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["SC123456", "SC765432"]
    code, out, _ = run(capsys, "homes", "--db", str(db), "--format", "json")
    listed = json.loads(out)
    assert listed[0]["local_authority"] == "Leeds City Council" and listed[0]["secure"] is True
    assert listed[0]["records_start"] == "2025-04-01" and listed[1]["secure"] is False


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_new_database_is_private_to_its_owner(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    old = os.umask(0o022)
    try:
        assert add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456")[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with Store.open(db, create=False) as store:  # the -wal and -shm files SQLite makes follow the file's mode
        store.homes.list()
        for extra in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            if extra.exists():
                assert stat.S_IMODE(extra.stat().st_mode) == 0o600


def test_bad_details_are_listed_by_option_and_nothing_is_written(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    future = format_uk(date.today() + timedelta(days=400))
    code, out, err = add(capsys, db, "--name", " ", "--urn", "SC12", "--registration-date", future)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == "carehome-desk: --name: Enter the home's name."
    assert lines[1].startswith("carehome-desk: --urn: “SC12” is not an Ofsted URN.")
    assert lines[2] == "carehome-desk: --registration-date: The registration date is in the future."
    assert lines[3] == "carehome-desk: nothing was written."
    assert leftovers(tmp_path) == []  # no empty database left behind


def test_a_refused_home_creates_no_folder(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "new" / "dir" / "y.sqlite3"
    code, out, err = add(capsys, db, "--name", "Oak Lodge", "--urn", "bad")
    assert code == 1 and out == "" and "--urn: “bad” is not an Ofsted URN." in err
    assert "nothing was written" in err
    assert leftovers(tmp_path) == []  # not even the empty new/dir


def test_a_manager_name_the_staff_register_refuses_is_refused_before_any_folder_is_made(  # type: ignore[no-untyped-def]
        capsys, tmp_path: Path) -> None:
    db = tmp_path / "new" / "y.sqlite3"
    code, out, err = add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456", "--manager", "A" * 201)
    assert code == 1 and out == ""
    assert "carehome-desk: --manager: The name is longer than 200 characters." in err and "nothing was written" in err
    assert leftovers(tmp_path) == []  # not even the empty folder


def test_a_duplicate_urn_is_refused_and_the_database_is_unchanged(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    assert add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456")[0] == 0
    code, _, err = add(capsys, db, "--name", "Elm House", "--urn", "sc123456")
    assert code == 1
    assert err.splitlines()[0] == "carehome-desk: --urn: Oak Lodge already has the URN SC123456."
    with Store.open(db, create=False) as store:
        assert [h.name for h in store.homes.list()] == ["Oak Lodge"]
        assert len(store.audit.entries(table="homes")) == 1


def test_a_future_registration_date_is_refused(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    tomorrow = format_uk(date.today() + timedelta(days=2))  # two days: safe whatever the UK date is here
    code, _, err = add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456", "--registration-date", tomorrow)
    assert code == 1 and "--registration-date: The registration date is in the future." in err
    assert not db.exists()


def test_unreadable_dates_and_missing_options_are_usage_errors(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    for argv in (["--name", "Oak Lodge", "--urn", "SC123456", "--registration-date", "31/02/2025"],
                 ["--name", "Oak Lodge"]):
        with pytest.raises(SystemExit) as ended:
            add(capsys, db, *argv)
        assert ended.value.code == 2
    err = capsys.readouterr().err
    assert "not a real date" in err and "the following arguments are required: --urn" in err
    assert not db.exists()


def test_a_manager_start_without_a_manager_is_a_usage_error(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    for manager in ([], ["--manager", "  "]):
        with pytest.raises(SystemExit) as ended:
            add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456", *manager, "--manager-start", "01/01/2020")
        assert ended.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("usage: ") and err.splitlines()[-1].endswith(
            "error: --manager-start is the date the manager named by --manager started, so it needs --manager NAME "
            "as well.")
    assert not db.exists()


def test_a_file_that_is_not_a_database_is_left_alone(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "notes.sqlite3"
    db.write_text("keep me")
    code, _, err = add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456")
    assert code == 1 and "Traceback" not in err and "not a carehome-desk database" in err
    assert db.read_text() == "keep me"


def test_the_manager_becomes_a_staff_record_from_manager_start(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    code, _, err = add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456", "--manager", "Sam Patel",
                       "--manager-start", "01/09/2024")
    assert code == 0, err
    with Store.open(db, create=False) as store:
        (home,) = store.homes.list()
        (member,) = store.staff.list(home.id)
        assert (member.full_name, member.role.value, member.start_date) == (
            "Sam Patel", "registered_manager", date(2024, 9, 1))
        assert [e.action.value for e in store.audit.entries(table="staff")] == ["insert"]


def test_manager_start_defaults_to_today_and_no_name_adds_no_one(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    before = date.today()
    assert add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456", "--manager", "Sam Patel")[0] == 0
    code, out, _ = add(capsys, db, "--name", "Elm House", "--urn", "SC765432")
    assert code == 0 and "staff register" not in out
    with Store.open(db, create=False) as store:
        oak, elm = sorted(store.homes.list(), key=lambda h: h.name, reverse=True)
        (member,) = store.staff.list(oak.id)
        assert before - timedelta(days=1) <= member.start_date <= date.today() + timedelta(days=1)  # UK date
        assert store.staff.list(elm.id) == []


def test_a_future_manager_start_is_refused_and_nothing_is_written(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "carehome.sqlite3"
    later = format_uk(date.today() + timedelta(days=2))  # two days: safe whatever the UK date is here
    code, out, err = add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456", "--manager", "Sam Patel",
                         "--manager-start", later)
    assert code == 1 and out == ""
    assert "carehome-desk: --manager-start: The date they started as registered manager is in the future." in err
    assert not db.exists()
    assert add(capsys, db, "--name", "Oak Lodge", "--urn", "SC123456")[0] == 0
    code, _, err = add(capsys, db, "--name", "Elm House", "--urn", "SC765432", "--manager", "Sam Patel",
                       "--manager-start", later)
    assert code == 1 and "--manager-start" in err
    with Store.open(db, create=False) as store:  # an existing database: neither the home nor the manager
        assert [h.name for h in store.homes.list()] == ["Oak Lodge"] and store.staff.list() == []
