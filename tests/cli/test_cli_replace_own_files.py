"""A command replaces only its own kind of file unasked: export an earlier evidence pack (a protected one when
the new pack's password opens it), calendar an earlier carehome-desk calendar, backup nothing at all. Any other
file is kept, the message says what it is and how to replace it anyway (--replace), and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from carehome_desk import cli
from carehome_desk.export.own_files import calendar_problem, pack_problem
from carehome_desk.store import Store
from tests.conftest import Clock, oak_lodge
from tests.secret_files import write_secret


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "home.sqlite3"
    with Store.open(path, user="tester", clock=Clock()) as store:
        store.homes.add(oak_lodge())
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def filled_workbook(path: Path) -> bytes:
    """A manager's own filled-in workbook (the workforce template's sheets, one row of theirs)."""
    book = Workbook()
    book.active.title = "Instructions"
    staff = book.create_sheet("Staff")
    staff.append(["Full name", "Role"])
    staff.append(["Anna Reed", "Registered manager"])
    book.save(path)
    return path.read_bytes()


def test_export_keeps_a_workbook_that_is_not_a_pack_and_says_what_it_is(capsys: pytest.CaptureFixture[str],
                                                                        db: Path, tmp_path: Path) -> None:
    mine = tmp_path / "wf_copy.xlsx"
    before = filled_workbook(mine)
    code, out, err = run(capsys, "export", "--db", str(db), "--out", str(mine))
    assert code == 1 and out == ""
    assert f"{mine} already exists and is a workbook with the sheets Instructions, Staff, not an evidence pack" in err
    assert "give --replace" in err and "Choose another name" in err and "Nothing was written." in err
    assert mine.read_bytes() == before
    code, out, err = run(capsys, "export", "--db", str(db), "--out", str(mine), "--replace")
    assert code == 0, err
    assert load_workbook(mine, read_only=True).sheetnames[0] == "Cover"


def test_export_replaces_an_earlier_pack_whole(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack.xlsx"
    assert run(capsys, "export", "--db", str(db), "--out", str(pack))[0] == 0
    assert pack_problem(pack) is None
    book = load_workbook(pack)
    book["Cover"]["A1"] = "an earlier pack, marked by hand"
    book.save(pack)
    code, out, err = run(capsys, "export", "--db", str(db), "--out", str(pack))
    assert code == 0, err
    assert f"Wrote the evidence pack to {pack}" in out
    assert load_workbook(pack, read_only=True)["Cover"]["A1"].value != "an earlier pack, marked by hand"


@pytest.mark.parametrize(("content", "said"), [
    (b"not a workbook at all", "is not an Excel workbook carehome-desk can read"),
    (None, "is a workbook with the sheets Cover, Manifest, not an evidence pack"),  # the names alone do not make a pack
])
def test_export_refuses_other_files_that_only_look_like_packs(capsys: pytest.CaptureFixture[str], db: Path,
                                                              tmp_path: Path, content: bytes | None, said: str) -> None:
    out_file = tmp_path / "report.xlsx"
    if content is None:
        book = Workbook()
        book.active.title = "Cover"
        book.create_sheet("Manifest")["A1"] = "My own list of what this folder holds"
        book.save(out_file)
    else:
        out_file.write_bytes(content)
    before = out_file.read_bytes()
    code, _, err = run(capsys, "export", "--db", str(db), "--out", str(out_file))
    assert code == 1
    assert f"{out_file} already exists and {said}" in err
    assert out_file.read_bytes() == before


def test_a_protected_pack_is_replaced_only_with_a_password_that_opens_it(capsys: pytest.CaptureFixture[str],
                                                                         db: Path, tmp_path: Path) -> None:
    first = write_secret(tmp_path / "first.txt", "first pack password\n")
    other = write_secret(tmp_path / "other.txt", "another password entirely\n")
    pack = tmp_path / "pack.xlsx"
    assert run(capsys, "export", "--db", str(db), "--out", str(pack), "--pack-password-file", str(first))[0] == 0
    before = pack.read_bytes()
    code, _, err = run(capsys, "export", "--db", str(db), "--out", str(pack))
    assert code == 1 and "is protected with a password, so whether it is an earlier evidence pack cannot be checked" in err
    code, _, err = run(capsys, "export", "--db", str(db), "--out", str(pack), "--pack-password-file", str(other))
    assert code == 1 and "is protected with a password other than the one given for this pack" in err
    assert pack.read_bytes() == before
    code, out, err = run(capsys, "export", "--db", str(db), "--out", str(pack), "--pack-password-file", str(first))
    assert code == 0, err
    assert "protected with the password" in out and pack.read_bytes() != before


def test_calendar_replaces_only_an_earlier_calendar_of_its_own(capsys: pytest.CaptureFixture[str], db: Path,
                                                               tmp_path: Path) -> None:
    notes, theirs, ours = tmp_path / "notes.ics", tmp_path / "outlook.ics", tmp_path / "deadlines.ics"
    notes.write_text("Rota for December\n")
    theirs.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
                      "END:VCALENDAR\r\n")
    for path, said in ((notes, "is not a calendar file"),
                       (theirs, "is a calendar from another program (-//Microsoft Corporation//Outlook 16.0//EN)")):
        before = path.read_bytes()
        code, _, err = run(capsys, "calendar", "--db", str(db), "--out", str(path))
        assert code == 1
        assert f"{path} already exists and {said}; carehome-desk replaces only an earlier calendar it wrote" in err
        assert "give --replace" in err and path.read_bytes() == before
    assert run(capsys, "calendar", "--db", str(db), "--out", str(ours))[0] == 0
    assert calendar_problem(ours) is None
    code, out, err = run(capsys, "calendar", "--db", str(db), "--out", str(ours))
    assert code == 0 and f"to {ours}" in out, err
    code, _, err = run(capsys, "calendar", "--db", str(db), "--out", str(theirs), "--replace")
    assert code == 0, err
    assert calendar_problem(theirs) is None


def test_save_map_replaces_only_an_earlier_map(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("Date,Type,Children,What happened\n01/06/2026,Complaint,C01,Pocket money\n")
    settings = tmp_path / "settings.json"
    settings.write_text('{"theme": "dark"}')
    code, _, err = run(capsys, "import", "incident-log", str(log), "--db", str(db), "--dry-run", "--save-map", str(settings))
    assert code == 1
    assert f"{settings} already exists and is a JSON file but not a column map" in err and "--replace" not in err
    assert settings.read_text() == '{"theme": "dark"}'
    saved = tmp_path / "map.json"
    saved.write_text('{"version": 1, "layout": "incident-log", "sheets": [], "an earlier map": true}')
    code, out, err = run(capsys, "import", "incident-log", str(log), "--db", str(db), "--dry-run", "--save-map",
                         str(saved))
    assert f"The mapping used is in {saved}." in out and "already exists" not in err  # not ready yet (exit 1), saved
    assert "an earlier map" not in saved.read_text() and '"layout"' in saved.read_text()


def test_backup_writes_over_no_existing_file(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("the manager's notes")
    code, out, err = run(capsys, "backup", "--db", str(db), "--out", str(notes))
    assert code == 1 and out == ""
    assert f"{notes} already exists; choose another name so nothing is overwritten. Nothing was written." in err
    assert notes.read_text() == "the manager's notes"
    assert not (tmp_path / "notes.txt.json").exists()
