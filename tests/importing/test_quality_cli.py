"""carehome-desk template quality / import quality, run as real processes against a real database file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from carehome_desk.store import Store
from tests.importing.conftest import fill
from tests.importing.test_import_cli import new_db, run

ROWS = {
    "Reg 44 visits": [["Margaret Ellis", "05/10/2025", "N", "12/10/2025", "20/10/2025", "Safeguarded.",
                       "Update the risk assessment"]],
    "Inspections": [["09/09/2025", "Full", "Good", "Good", "Good"]],
    "Inspection findings": [["09/09/2025", None, "Requirement", "Supervise staff monthly.", "Reg 33(4)(b)"]],
}


def visits(db: Path) -> list[tuple[str, date]]:
    with Store.open(db, create=False) as store:
        (home,) = store.homes.list()
        return [(v.visitor, v.visited_on) for v in store.quality.visits(home.id)]


def test_template_then_dry_run_then_import_then_import_again(tmp_path: Path) -> None:
    book = tmp_path / "quality.xlsx"
    made = run("template", "quality", "--out", str(book), tmp=tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"Wrote the quality template to {book}" in made.stdout
    fill(book, ROWS)
    db = new_db(tmp_path)

    dry = run("import", "quality", str(book), "--db", str(db), "--dry-run", tmp=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "Would add" in dry.stdout and "Dry run: nothing was written." in dry.stdout
    assert visits(db) == []

    done = run("import", "quality", str(book), "--db", str(db), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("Inspection findings "))
    assert line.split()[-4:] == ["1", "0", "0", "0"]
    assert "Imported." in done.stdout
    assert visits(db) == [("Margaret Ellis", date(2025, 10, 5))]
    with Store.open(db, create=False) as store:
        (home,) = store.homes.list()
        # Dated before the one in Home settings (dates in the past on any clock): history, Home settings kept.
        assert home.last_inspection_date == date(2026, 4, 22)
        assert [i.inspected_on for i in store.quality.inspections(home.id)] == [date(2025, 9, 9)]
        assert {a.title for a in store.quality.actions(home.id)} == {"Update the risk assessment",
                                                                      "Supervise staff monthly."}

    again = run("import", "quality", str(book), "--db", str(db), tmp=tmp_path)
    assert again.returncode == 0
    assert "Nothing new to import" in again.stdout
    assert visits(db) == [("Margaret Ellis", date(2025, 10, 5))]


def test_bad_rows_are_listed_exit_1_and_nothing_is_written(tmp_path: Path) -> None:
    book = tmp_path / "quality.xlsx"
    run("template", "quality", "--out", str(book), tmp=tmp_path)
    fill(book, {**ROWS, "Inspections": [["09/09/2025", "Full", "Requires improvement"]]})
    db = new_db(tmp_path)
    result = run("import", "quality", str(book), "--db", str(db), tmp=tmp_path)
    assert result.returncode == 1
    assert ("Inspections row 2, column 'Overall experiences and progress of children': 'Requires improvement' is "
            "not one of: Outstanding, Good, Requires improvement to be good, Inadequate.") in result.stdout
    assert "import with --skip-bad-rows" in result.stdout
    assert visits(db) == []
