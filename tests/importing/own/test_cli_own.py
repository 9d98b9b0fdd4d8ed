"""carehome-desk import matrix / staff-list / incident-log, run as real processes against a real database file."""

from __future__ import annotations

import json
from pathlib import Path

from carehome_desk.store import Store
from tests.importing.own import corpus
from tests.importing.test_import_cli import new_db, run, staff_names


def _line(out: str, start: str) -> list[str]:
    return next(line for line in out.splitlines() if line.startswith(start)).split()


def test_help_lists_the_new_kinds(tmp_path: Path) -> None:
    shown = run("import", "--help", tmp=tmp_path)
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    assert "{workforce,incidents,quality,matrix,staff-list,incident-log}" in text
    assert "matrix (a training matrix: staff down the side, courses across the top)" in text
    assert "--map MAP.json" in text and "--save-map OUT.json" in text and "--sheet NAME" in text


def test_a_guessed_mapping_is_blocked_then_saved_edited_and_imported_then_remembered(tmp_path: Path) -> None:
    book = corpus.matrix_file(tmp_path / "files")
    db = new_db(tmp_path)
    saved = tmp_path / "map.json"

    first = run("import", "matrix", str(book), "--db", str(db), "--save-map", str(saved), tmp=tmp_path)
    assert first.returncode == 1, first.stderr
    assert "with the suggested mapping:" in first.stdout
    assert "Not ready to import yet:" in first.stdout
    assert ("Sheet 'Matrix', column 'Fire Safety Awareness' is matched to the course 'Fire safety' by a similar "
            "name: confirm it (\"confirmed\": true)") in first.stdout
    assert f"To import: edit {saved} and run again with --map {saved}." in first.stdout
    assert staff_names(db) == []

    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["layout"] == "matrix"
    assert [s["sheet"] for s in data["sheets"]] == ["Matrix", "Bank staff"]
    for sheet in data["sheets"]:
        for column in sheet["columns"]:
            column["confirmed"] = True
    saved.write_text(json.dumps(data), encoding="utf-8")

    dry = run("import", "matrix", str(book), "--db", str(db), "--map", str(saved), "--dry-run", tmp=tmp_path)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert _line(dry.stdout, "Training ") == ["Training", "40", "0", "0", "0"]
    assert "Dry run: nothing was written." in dry.stdout
    assert staff_names(db) == []

    done = run("import", "matrix", str(book), "--db", str(db), "--map", str(saved), tmp=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _line(done.stdout, "Staff ") == ["Staff", "11", "0", "0", "0"]
    assert "Imported." in done.stdout
    assert len(staff_names(db)) == 11

    again = run("import", "matrix", str(book), "--db", str(db), tmp=tmp_path)  # no --map: remembered
    assert again.returncode == 0, again.stdout + again.stderr
    assert "with the mapping remembered for this layout:" in again.stdout
    assert _line(again.stdout, "Training ") == ["Training", "0", "0", "40", "0"]
    assert "Nothing new to import" in again.stdout
    with Store.open(db, create=False) as store:
        assert any(e.table == "settings" for e in store.audit.entries())


def test_a_bad_map_file_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    book = corpus.staff_file(tmp_path / "files")
    db = new_db(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "layout": "staff-list", "sheets": [{"sheet": "Staff", "header_row": "one"}]}',
                   encoding="utf-8")
    result = run("import", "staff-list", str(book), "--db", str(db), "--map", str(bad), tmp=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == ("carehome-desk: bad.json: 'sheets[0].header_row' must be a row number, 1 or more "
                                     "(1 is the first row).")
    wrong = tmp_path / "matrix.json"
    wrong.write_text('{"version": 1, "layout": "matrix", "sheets": []}', encoding="utf-8")
    result = run("import", "staff-list", str(book), "--db", str(db), "--map", str(wrong), tmp=tmp_path)
    assert result.returncode == 2
    assert "'layout' in matrix.json is 'matrix', but this is 'import staff-list'" in result.stderr
    assert staff_names(db) == []


def test_a_staff_list_with_defaults_in_the_map_and_one_sheet_chosen(tmp_path: Path) -> None:
    book = corpus.staff_file(tmp_path / "files", "ods")
    db = new_db(tmp_path)
    saved = tmp_path / "staff.json"
    blocked = run("import", "staff-list", str(book), "--db", str(db), "--sheet", "Staff", "--save-map", str(saved),
                  tmp=tmp_path)
    assert blocked.returncode == 1
    assert "no column is mapped to Children's barred list" in blocked.stdout
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["defaults"] = {"barred_list_children": "yes"}
    saved.write_text(json.dumps(data), encoding="utf-8")
    done = run("import", "staff-list", str(book), "--db", str(db), "--map", str(saved), tmp=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _line(done.stdout, "DBS ") == ["DBS", "6", "0", "0", "0"]
    assert "Renée Dubois" in staff_names(db)
    missing = run("import", "staff-list", str(book), "--db", str(db), "--sheet", "Rota", tmp=tmp_path)
    assert missing.returncode == 2
    assert "the file has no sheet 'Rota': its sheets are 'Staff'." in missing.stderr


def test_bad_rows_exit_1_and_skipping_them_imports_the_rest(tmp_path: Path) -> None:
    book = corpus.incidents_file(tmp_path / "files", "csv")
    db = new_db(tmp_path)
    from datetime import date

    from carehome_desk.models.children import ChildDetails

    with Store.open(db, create=False) as store:
        home = store.homes.list()[0]
        for ref, initials in (("C-031", "JD"), ("R-1042", "RB"), ("C-033", "MS")):
            store.children.add(home.id, ChildDetails(ref, initials, date(2011, 5, 1), date(2024, 1, 10)))
    failed = run("import", "incident-log", str(book), "--db", str(db), tmp=tmp_path)
    assert failed.returncode == 1
    assert "incident_log row 6, column 'Time': this is blank, but it is needed." in failed.stdout
    assert "import with --skip-bad-rows" in failed.stdout
    skipped = run("import", "incident-log", str(book), "--db", str(db), "--skip-bad-rows", tmp=tmp_path)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert _line(skipped.stdout, "Incidents ") == ["Incidents", "4", "0", "0", "1"]
    with Store.open(db, create=False) as store:
        assert len(store.incidents.list()) == 4


def test_template_imports_refuse_the_map_options(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    book = corpus.staff_file(tmp_path / "files")
    result = run("import", "workforce", str(book), "--db", str(db), "--map", str(tmp_path / "m.json"), tmp=tmp_path)
    assert result.returncode == 2
    assert "--map, --sheet and --save-map are for your own spreadsheets" in result.stderr


def test_sheet_chooses_which_sheets_of_a_matrix_are_imported(tmp_path: Path) -> None:
    book = corpus.matrix_file(tmp_path / "files", "ods")
    db = new_db(tmp_path)
    saved = tmp_path / "bank.json"
    first = run("import", "matrix", str(book), "--db", str(db), "--sheet", "Bank staff", "--save-map", str(saved),
                tmp=tmp_path)
    assert first.returncode == 1
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert [s["sheet"] for s in data["sheets"]] == ["Bank staff"]
    for column in data["sheets"][0]["columns"]:
        column["confirmed"] = True
    saved.write_text(json.dumps(data), encoding="utf-8")
    done = run("import", "matrix", str(book), "--db", str(db), "--map", str(saved), tmp=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert staff_names(db) == ["Isaac Brown", "Jade Thompson", "Kwame Asante"]
    assert "Sheet 'Matrix' is not mapped: not imported." in done.stdout


def test_a_kind_that_disagrees_with_the_headers_is_noticed(tmp_path: Path) -> None:
    book = corpus.incidents_file(tmp_path / "files")
    db = new_db(tmp_path)
    wrong = run("import", "matrix", str(book), "--db", str(db), "--dry-run", tmp=tmp_path)
    assert "look like an incident log" in wrong.stdout and "not a training matrix" in wrong.stdout
    right = run("import", "incident-log", str(book), "--db", str(db), "--dry-run", tmp=tmp_path)
    assert "look like" not in right.stdout
