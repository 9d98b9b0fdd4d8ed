"""The log never holds record content: a real import, save, export, backup, migration and error, then grep it."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from carehome_desk import cli, paths
from carehome_desk.app_log import setup_file_logging, traceback_for_log
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.models.children import ChildDetails
from carehome_desk.store import Store
from tests.conftest import Clock

CHILD_REF, CHILD_NAME, CHILD_INITIALS = "ZQ-8472", "Marigold Thistlewood", "MT"
STAFF_NAME, STAFF_SURNAME = "Oberon Quillfeather", "Quillfeather"
NOTE = "said she missed her grandmother's allotment"
SECRETS = (CHILD_REF, CHILD_NAME, "Marigold", "Thistlewood", STAFF_SURNAME, NOTE, "allotment")
FIXTURE_0001 = Path(__file__).parent / "data" / "schema_0001.sqlite3"


@pytest.fixture
def log_file(data_home: Path) -> Iterator[Path]:
    """The window's log file, set up as the window sets it up, and removed from logging afterwards."""
    root = logging.getLogger()
    level, before = root.level, list(root.handlers)
    path = setup_file_logging()
    assert path is not None
    yield path
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def fill(path: Path, rows: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.load_workbook(path)
    for sheet, values in rows.items():
        for row in values:
            wb[sheet].append(row)
    wb.save(path)
    return path


def command(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out + err


def test_a_day_of_real_work_leaves_no_names_references_or_notes_in_the_log(
        log_file: Path, data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An old database is migrated (the log says a copy was taken first)...
    db = paths.default_db_path()
    shutil.copy(FIXTURE_0001, db)
    with Store.open(db, create=False):
        pass
    command(capsys, "home", "add", "--name", "Oak Lodge", "--urn", "SC123456", "--manager", STAFF_NAME)

    # ...staff and children are imported from the templates, as a manager fills them in...
    workforce = tmp_path / "workforce.xlsx"
    command(capsys, "template", "workforce", "--out", str(workforce))
    fill(workforce, {"Staff": [["E901", STAFF_NAME, "Residential childcare worker", None, None, "03/03/2025"]]})
    command(capsys, "import", "workforce", str(workforce), "--home", "SC123456")
    incidents = tmp_path / "incidents.xlsx"
    command(capsys, "template", "incidents", "--out", str(incidents))
    fill(incidents, {
        "Children": [[CHILD_REF, CHILD_INITIALS, "01/05/2011", "10/01/2025", "Northmoor County Council",
                      "Section 31 (care order)", "✓", None, None, CHILD_NAME]],
        "Incidents": [["R1", "12/07/2026", "23:30", "Away", CHILD_REF, "Lounge", f"{CHILD_NAME} {NOTE}.",
                       STAFF_NAME]],
    })
    command(capsys, "import", "incidents", str(incidents), "--home", "SC123456")
    bad = fill(Path(shutil.copy(incidents, tmp_path / "bad.xlsx")), {
        "Incidents": [["R2", "31/02/2026", "10:00", "Away", CHILD_REF, "Garden", f"{CHILD_NAME} again."]]})
    # A bad row: reported on screen with its values (and nothing written).
    assert cli.main(["import", "incidents", str(bad), "--home", "SC123456"]) == 1
    capsys.readouterr()

    # ...a record is saved in the store, as the window saves it...
    with Store.open(db, create=False, clock=Clock()) as store:
        home = store.homes.by_urn("SC123456")
        assert home is not None
        store.children.add(home.id, ChildDetails("ZQ-8473", "MT", date(2012, 2, 2), date(2025, 3, 3),
                                                 full_name=f"{CHILD_NAME} Junior"))
        # ...the pack is written with names, by both writers...
        for how in ("process", "inline"):
            export_pack(store, PackOptions(tmp_path / f"{how}.xlsx", include_names=True, writer=how))
        # ...and something goes wrong with a record's values in the statement, logged as the window logs it.
        with pytest.raises(OperationalError) as caught, store.engine.connect() as conn:
            conn.execute(text("INSERT INTO no_such_register (name, note) VALUES (:name, :note)"),
                         {"name": CHILD_NAME, "note": NOTE})
        assert CHILD_NAME not in str(caught.value)  # the engine hides a statement's values in its errors
        try:
            raise RuntimeError(f"could not save {CHILD_NAME} ({CHILD_REF})") from caught.value
        except RuntimeError as exc:
            logging.getLogger("carehome_desk").error("Unexpected error\n%s", traceback_for_log(exc))
    command(capsys, "export", "--out", str(tmp_path / "cli.xlsx"), "--include-names")
    command(capsys, "calendar", "--out", str(tmp_path / "deadlines.ics"))
    command(capsys, "backup")
    command(capsys, "history")

    with pytest.raises(AssertionError):  # the check below would see the names if they were there
        _assert_clean(tmp_path / "cli.xlsx")
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = "".join(p.read_text(encoding="utf-8") for p in log_file.parent.glob("carehome-desk.log*"))
    assert "Backed up" in logged and "RuntimeError" in logged and "OperationalError" in logged
    _assert_clean(log_file)


def _assert_clean(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".xlsx":  # a pack: look inside the zip
        import zipfile

        with zipfile.ZipFile(path) as z:
            data = b"".join(z.read(n) for n in z.namelist())
    found = [s for s in SECRETS if s.encode() in data]
    assert found == [], f"{path.name} holds {found}"
