"""carehome-desk template / import, run as real processes against a real database file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from carehome_desk.models.dates import format_uk
from carehome_desk.store import Store
from tests.conftest import oak_lodge
from tests.importing.conftest import fill


def run(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREHOME_DESK")}
    env["CAREHOME_DESK_HOME"] = str(tmp / "userdata")
    env["CAREHOME_DESK_USER"] = "import test"
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "carehome_desk", *args], capture_output=True, text=True, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)


def new_db(tmp: Path, *urns: str) -> Path:
    db = tmp / "home.sqlite3"
    with Store.open(db, user="set-up") as store:
        for n, urn in enumerate(urns or ("SC123456",)):
            store.homes.add(oak_lodge(urn=urn, name=f"Home {n + 1}" if urns else "Oak Lodge"))
    return db


def staff_names(db: Path) -> list[str]:
    with Store.open(db, create=False) as store:
        return sorted(m.full_name for m in store.staff.list())


ROWS = {
    "Staff": [["E1", "Aisha Brennan", "Residential childcare worker", None, None, "03/03/2025"],
              ["E2", "Sam Kerr", "Deputy", None, None, "08/01/2021"]],
    "Training": [["E1", None, "First aid", "03/04/2025"], ["E2", None, "First aid", "31/02/2025"]],
}


def test_template_then_dry_run_then_import_then_import_again(tmp_path: Path) -> None:
    book = tmp_path / "workforce.xlsx"
    made = run("template", "workforce", "--out", str(book), tmp=tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"Wrote the workforce template to {book}" in made.stdout
    fill(book, {"Staff": ROWS["Staff"], "Training": ROWS["Training"][:1]})
    db = new_db(tmp_path)

    dry = run("import", "workforce", str(book), "--db", str(db), "--dry-run", tmp=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "workforce.xlsx into Oak Lodge (SC123456):" in dry.stdout
    assert "Would add" in dry.stdout and "Dry run: nothing was written." in dry.stdout
    assert staff_names(db) == []

    done = run("import", "workforce", str(book), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    staff_line = next(line for line in done.stdout.splitlines() if line.startswith("Staff "))
    assert staff_line.split() == ["Staff", "2", "0", "0", "0"]
    assert "Imported." in done.stdout
    assert staff_names(db) == ["Aisha Brennan", "Sam Kerr"]

    again = run("import", "workforce", str(book), "--db", str(db), tmp=tmp_path)
    assert again.returncode == 0
    assert next(line for line in again.stdout.splitlines() if line.startswith("Staff ")).split() == [
        "Staff", "0", "0", "2", "0"]
    assert "Nothing new to import" in again.stdout
    assert staff_names(db) == ["Aisha Brennan", "Sam Kerr"]


def test_bad_rows_are_listed_exit_1_and_nothing_is_written(tmp_path: Path) -> None:
    book = tmp_path / "workforce.xlsx"
    run("template", "workforce", "--out", str(book), tmp=tmp_path)
    fill(book, ROWS)
    db = new_db(tmp_path)
    result = run("import", "workforce", str(book), "--db", str(db), tmp=tmp_path)
    assert result.returncode == 1
    assert "Training row 3, column 'Completed': '31/02/2025' is not a real date: that month has no day 31." \
        in result.stdout
    assert "Nothing was written" in result.stdout and "--skip-bad-rows" in result.stdout
    assert "Traceback" not in result.stderr
    assert staff_names(db) == []

    skipped = run("import", "workforce", str(book), "--db", str(db), "--skip-bad-rows", tmp=tmp_path)
    assert skipped.returncode == 0, skipped.stderr
    assert "The good rows were imported; the rows listed above were left out." in skipped.stdout
    assert staff_names(db) == ["Aisha Brennan", "Sam Kerr"]


def test_several_homes_need_home_and_the_error_lists_them(tmp_path: Path) -> None:
    book = tmp_path / "workforce.xlsx"
    run("template", "workforce", "--out", str(book), tmp=tmp_path)
    fill(book, {"Staff": ROWS["Staff"][:1]})
    db = new_db(tmp_path, "SC111111", "SC222222")
    unsure = run("import", "workforce", str(book), "--db", str(db), tmp=tmp_path)
    assert unsure.returncode == 2
    assert "has 2 homes; say which with --home URN: SC111111 (Home 1), SC222222 (Home 2)." in unsure.stderr
    wrong = run("import", "workforce", str(book), "--db", str(db), "--home", "SC999999", tmp=tmp_path)
    assert wrong.returncode == 1 and "no open home has the URN SC999999" in wrong.stderr
    chosen = run("import", "workforce", str(book), "--db", str(db), "--home", "sc222222", tmp=tmp_path)
    assert chosen.returncode == 0, chosen.stderr
    with Store.open(db, create=False) as store:
        home = store.homes.by_urn("SC222222")
        assert home is not None
        assert [m.full_name for m in store.staff.list(home.id)] == ["Aisha Brennan"]


def test_files_that_cannot_be_read_say_why(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    csv = tmp_path / "staff.csv"
    csv.write_text("Name,Role\n")
    result = run("import", "workforce", str(csv), "--db", str(db), tmp=tmp_path)
    assert result.returncode == 1 and "save it as an Excel workbook (.xlsx)" in result.stderr
    fake = tmp_path / "staff.xlsx"
    fake.write_text("not a zip")
    result = run("import", "workforce", str(fake), "--db", str(db), tmp=tmp_path)
    assert result.returncode == 1 and "staff.xlsx is not an Excel workbook (it is plain text)" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run("import", "workforce", str(fake), "--db", str(tmp_path / "none.sqlite3"), tmp=tmp_path)
    assert missing.returncode == 1 and "There is no database" in missing.stderr
    assert not (tmp_path / "none.sqlite3").exists()


def test_template_refuses_a_bad_target(tmp_path: Path) -> None:
    wrong = run("template", "workforce", "--out", str(tmp_path / "t.csv"), tmp=tmp_path)
    assert wrong.returncode == 2 and "ending .xlsx" in wrong.stderr
    nowhere = run("template", "workforce", "--out", str(tmp_path / "no" / "t.xlsx"), tmp=tmp_path)
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr
    assert not (tmp_path / "no").exists()


def test_help_explains_both_commands(tmp_path: Path) -> None:
    top = run("--help", tmp=tmp_path).stdout
    assert "template" in top and "import" in top
    detail = run("import", "--help", tmp=tmp_path).stdout
    for flag in ("--dry-run", "--skip-bad-rows", "--home", "--db"):
        assert flag in detail
    book = tmp_path / "t.xlsx"
    run("template", "workforce", "--out", str(book), tmp=tmp_path)
    assert openpyxl.load_workbook(book).sheetnames[0] == "Instructions"


INCIDENT_ROWS = {
    "Children": [["C-031", "AB", "01/05/2011", "10/01/2025"]],
    "Incidents": [["M1", "01/11/2026", "14:05", "Missing from care", "C-031", None, "Did not return from school"],
                  ["R1", "29/03/2026", "01:30", "Restraint", "C-031", None, "Held"]],
    "Notifications": [["M1", "Ofsted", None, "40(4)(e)", "01/11/2026 13:00"]],
}


def incident_count(db: Path) -> int:
    with Store.open(db, create=False) as store:
        return len(store.incidents.list())


def test_incidents_template_then_dry_run_then_import_then_import_again(tmp_path: Path) -> None:
    book = tmp_path / "incidents.xlsx"
    made = run("template", "incidents", "--out", str(book), tmp=tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"Wrote the incidents template to {book}" in made.stdout
    assert openpyxl.load_workbook(book).sheetnames[1:] == ["Children", "Incidents", "Restraint", "Missing and away",
                                                           "CP enquiries", "Notifications"]
    fill(book, {"Children": INCIDENT_ROWS["Children"], "Incidents": INCIDENT_ROWS["Incidents"][:1]})
    db = new_db(tmp_path)

    dry = run("import", "incidents", str(book), "--db", str(db), "--dry-run", tmp=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "incidents.xlsx into Oak Lodge (SC123456):" in dry.stdout and "Dry run: nothing was written." in dry.stdout
    assert incident_count(db) == 0

    done = run("import", "incidents", str(book), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert next(line for line in done.stdout.splitlines() if line.startswith("Incidents ")).split() == [
        "Incidents", "1", "0", "0", "0"]
    assert "Imported." in done.stdout and incident_count(db) == 1

    again = run("import", "incidents", str(book), "--db", str(db), tmp=tmp_path)
    assert again.returncode == 0 and "Nothing new to import" in again.stdout
    assert incident_count(db) == 1


def test_incidents_bad_rows_exit_1_and_write_nothing_unless_skipped(tmp_path: Path) -> None:
    book = tmp_path / "incidents.xlsx"
    run("template", "incidents", "--out", str(book), tmp=tmp_path)
    fill(book, INCIDENT_ROWS)
    db = new_db(tmp_path)
    result = run("import", "incidents", str(book), "--db", str(db), tmp=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Incidents row 3, column 'Time': 01:30 on 29/03/2026 did not happen in the UK" in result.stdout
    assert "Notifications row 2, column 'Sent at': The notification is before the incident." in result.stdout
    assert "Nothing was written" in result.stdout and incident_count(db) == 0

    skipped = run("import", "incidents", str(book), "--db", str(db), "--skip-bad-rows", tmp=tmp_path)
    assert skipped.returncode == 0, skipped.stderr
    assert "The good rows were imported; the rows listed above were left out." in skipped.stdout
    assert incident_count(db) == 1


def test_a_planned_starter_imports_from_the_command_line(tmp_path: Path) -> None:
    book = tmp_path / "workforce.xlsx"
    run("template", "workforce", "--out", str(book), tmp=tmp_path)
    starts = date.today() + timedelta(days=60)  # the command reads the computer's clock: two months on
    fill(book, {"Staff": [["N1", "New Starter", "Residential childcare worker", None, "Yes", format_uk(starts)]]})
    db = new_db(tmp_path)
    done = run("import", "workforce", str(book), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "First in a care role" not in done.stdout
    with Store.open(db, create=False) as store:
        (member,) = store.staff.list()
        assert (member.start_date, member.care_started_on, member.dates_to_confirm) == (starts, starts, True)
